/* cmd_match.c: `gazette match --input FILE.json|- ...`: every measure in force for one record,
 * with 就高不重复 between measures (docs/matching.md). The logic is in
 * stdlib/match.lua. */
#include "cmd/commands.h"
#include "host/gazette.h"

const char cmd_match_help[] =
    "which measures does one record qualify for: amounts, clauses, and the facts still needed\n"
    "usage: gazette match --input FILE.json|- [--as-of DATE] [--json] [--all] [--entity E]\n"
    "The record is a JSON object of canonical fields (docs/fields.md), e.g. {\"entity\": \"enterprise\",\n"
    "\"reg_district\": \"朝阳区\", ...}; an input particular to one measure is given by its plain name,\n"
    "or as \"MEASURE_ID:NAME\" when that name means another fact elsewhere.\n"
    "options:\n"
    "  --input FILE.json|-  the record (- reads stdin)\n"
    "  --as-of DATE         the evaluation date, ISO or Chinese; default: today in China Standard Time\n"
    "  --json               one JSON object: {\"as_of\", \"results\": [{\"measure\", \"status\", \"amount\",\n"
    "                       \"missing\", \"excluded_by\"}], \"total\", \"needed\"}\n"
    "  --all                also list the measures not in force on DATE\n"
    "  --entity E           the record's entity (enterprise, person, fund_manager, ...) when it does\n"
    "                       not say \"entity\"; without either it is inferred from the fields\n"
    "Every measure for the entity (and the entities it is a kind of) is evaluated once; measures of\n"
    "one exclusivity group (就高不重复) do not stack: the higher pays, the other shows excluded_by.\n"
    "exit status: 0 matched; 1 a measure raised an error (the others are reported); 2 bad option,\n"
    "unreadable or malformed input, an unknown or undecidable entity, a value that does not convert.\n"
    "See docs/matching.md.\n";

int cmd_match(int argc, char **argv, gz_opts *o) { return gz_lua_cli(o, argc, argv, NULL); }
