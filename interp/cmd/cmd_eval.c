/* cmd_eval.c: `gazette eval MEASURE --input FILE.json|- ...`: one record through one measure
 * (docs/measures.md). The logic is in stdlib/measure/cli.lua. */
#include "cmd/commands.h"
#include "host/gazette.h"

const char cmd_eval_help[] =
    "evaluate one record: status, amount, outputs and the reasons, each with its clause\n"
    "usage: gazette eval MEASURE --input FILE.json|- [--as-of DATE] [--set NAME=VALUE]...\n"
    "                    [--interpret NAME=CHOICE]... [--json] [--explain]\n"
    "MEASURE is a measure id (chaoyang.startup-jobs-subsidy) or the path of its script.\n"
    "options:\n"
    "  --input FILE.json|-      the record: a JSON object of the measure's inputs (- reads stdin)\n"
    "  --as-of DATE             the evaluation date (application or event date), ISO or Chinese;\n"
    "                           default: today in China Standard Time (UTC+8)\n"
    "  --set NAME=VALUE         override a parameter for this run (what-if), e.g. --set cap=3000万\n"
    "  --interpret NAME=CHOICE  choose a reading of ambiguous text the measure declares\n"
    "  --json                   print the result as one JSON object (status, amount, outputs, reasons)\n"
    "  --explain                add the values each rule used and the arithmetic of the amount\n"
    "exit status: 0 evaluated (whatever the status); 1 a rule or the amount raised an error;\n"
    "2 bad option, unreadable or malformed input, an input of the wrong type, unknown measure,\n"
    "unknown parameter or interpretation.\n"
    "See docs/measures.md.\n";

int cmd_eval(int argc, char **argv, gz_opts *o) { return gz_lua_cli(o, argc, argv, NULL); }
