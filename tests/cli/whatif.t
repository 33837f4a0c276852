#!/usr/bin/env bash
# gazette whatif: baseline against reform over a population, from the command line. Usage
# errors here; the comparison on a population in whatif_population.t.
. "$(dirname "$0")/../tap.sh"

run $GAZETTE whatif
is "$RC" 2 "no measure: exit 2"
like "$ERR" "^gazette whatif: which measure\?" "  asking which measure"
run $GAZETTE whatif demo.m
is "$RC" 2 "no --db: exit 2"
like "$ERR" "which population\? give --db FILE.db" "  asking for --db"
run $GAZETTE whatif demo.m --db x.db
is "$RC" 2 "no --set: exit 2"
like "$ERR" "what is the reform\? give --set NAME=VALUE" "  asking for the reform"
run $GAZETTE whatif demo.m --db x.db --set cap
is "$RC" 2 "--set without = : exit 2"
like "$ERR" "--set expects NAME=VALUE, got 'cap'" "  quoting it"
run $GAZETTE whatif demo.m --db x.db --set =5
like "$ERR" "--set expects NAME=VALUE, got '=5'" "--set without a name"
run $GAZETTE whatif demo.m --db x.db --interpret floor
like "$ERR" "--interpret expects NAME=CHOICE, got 'floor'" "--interpret without ="
run $GAZETTE whatif demo.m other.m --db x.db --set a=1
is "$RC" 2 "two measures: exit 2"
like "$ERR" "one measure at a time" "  saying so"
run $GAZETTE whatif demo.m --db x.db --set a=1 --sideways
is "$RC" 2 "an unknown option: exit 2"
like "$ERR" "unknown option '--sideways'" "  naming it"
run $GAZETTE whatif demo.m --db
is "$RC" 2 "--db without a value: exit 2"
run $GAZETTE whatif no.such-measure --db "$TMP/x.db" --set a=1
is "$RC" 2 "an unknown measure: exit 2"
like "$ERR" "^gazette whatif: .*no.such-measure" "  naming it"
is "$OUT" "" "  printing nothing on stdout"

done_testing
