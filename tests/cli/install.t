#!/usr/bin/env bash
# make install: a relocatable install that finds its stdlib and policies.
. "$(dirname "$0")/../tap.sh"
cd "$(dirname "$0")/../.."
run make --no-print-directory -s install PREFIX="$TMP/prefix"
is "$RC" 0 "make install PREFIX=... succeeds"
is "$ERR" "" "  with nothing on stderr"
[ -x "$TMP/prefix/bin/gazette" ]; ok $? "the binary is installed"
[ -f "$TMP/prefix/share/gazette/stdlib/init.lua" ]; ok $? "the stdlib is installed"
run env -u GAZETTE_HOME "$TMP/prefix/bin/gazette" -e 'return require("host").home()'
is "$OUT" "$(cd "$TMP/prefix/share/gazette" && pwd -P)" "the installed binary finds its stdlib under PREFIX/share/gazette"
done_testing
