# tests/tap.sh: a small TAP library for the CLI tests (sourced by tests/cli/*.t).
# GAZETTE names the binary under test (./gazette or ./gazette-asan).
GAZETTE=${GAZETTE:-./gazette}
case "$GAZETTE" in /*) ;; *) GAZETTE="$PWD/${GAZETTE#./}" ;; esac
export GAZETTE
TAP_N=0
TAP_FAILED=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The user's data folder (the case log's key, the calendar years installed with `gazette cal
# import`) is the test's own.
export XDG_DATA_HOME="$TMP/xdg"
unset GAZETTE_CASE_KEY

_tap_result() { # ok? description [diagnostics]
  TAP_N=$((TAP_N + 1))
  if [ "$1" = 0 ]; then echo "ok $TAP_N - $2"; else
    echo "not ok $TAP_N - $2"; TAP_FAILED=$((TAP_FAILED + 1))
    [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
  fi
}
# run CMD...: runs it, capturing OUT, ERR and RC.
run() { OUT=$("$@" 2>"$TMP/err"); RC=$?; ERR=$(cat "$TMP/err"); }
# is GOT EXPECTED DESC
is() { if [ "$1" = "$2" ]; then _tap_result 0 "$3"; else _tap_result 1 "$3" "got:      '$1'
expected: '$2'"; fi; }
# like GOT REGEX DESC (grep -E)
like() { if printf '%s' "$1" | grep -Eq -- "$2"; then _tap_result 0 "$3"; else _tap_result 1 "$3" "got:      '$1'
expected to match: $2"; fi; }
unlike() { if printf '%s' "$1" | grep -Eq -- "$2"; then _tap_result 1 "$3" "got:      '$1'
expected not to match: $2"; else _tap_result 0 "$3"; fi; }
ok() { if [ "$1" = 0 ]; then _tap_result 0 "$2"; else _tap_result 1 "$2"; fi; }
done_testing() { echo "1..$TAP_N"; [ "$TAP_FAILED" = 0 ]; exit $?; }
