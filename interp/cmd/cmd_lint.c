/* cmd_lint.c: `gazette lint [PATH...]`: static checks of measures and workflows. Logic:
 * stdlib/measure/lint.lua. */
#include "cmd/commands.h"
#include "host/gazette.h"

const char cmd_lint_help[] =
    "static checks of measures (uncited rules, parameters without a reference, tiers, inputs)\n"
    "usage: gazette lint [PATH...]\n"
    "PATH is a measure or workflow script or a folder of them; default: policies/ and every --path\n"
    "folder.\n"
    "Findings, one a line as FILE:LINE: message: a script that does not load (a rule without a\n"
    "clause, overlapping or gapped tiers, a malformed declaration); parameter values without a\n"
    "clause; reads of undeclared inputs (r.NAME); inputs declared but never read; outputs never\n"
    "set; parameters and interpretations never used; inputs neither canonical (docs/fields.md),\n"
    "derived nor declared specific; measures without test cases; duplicate ids;\n"
    "rows of a reference table (reftable.load) that no row of the table they belong to reaches.\n"
    "Workflows (*.workflow.lua) too: one that does not load, an id declared twice, a source that\n"
    "is not lines of a gazette text under policies/gazettes/, a state, event or deadline citing\n"
    "lines outside it.\n"
    "exit status: 0 no findings; 1 findings; 2 a PATH that does not exist.\n";

int cmd_lint(int argc, char **argv, gz_opts *o) { return gz_lua_cli(o, argc, argv, NULL); }
