/* cmd_list.c: `gazette list [--json]`: every measure under policies/ (and --path folders)
 * with its document number, issuer and validity period. Logic: stdlib/measure/cli.lua. */
#include "cmd/commands.h"
#include "host/gazette.h"

const char cmd_list_help[] =
    "every measure: id, title, document number, issuer, validity period\n"
    "usage: gazette list [--json]\n"
    "Lists the measures under policies/ and under the folders given with --path.\n"
    "options:\n"
    "  --json   one JSON array of {id, title, number, issuer, valid: {from, to}, entity, path}\n"
    "exit status: 0 listed; 1 a measure script failed to load (it is named on stderr); 2 bad option.\n";

int cmd_list(int argc, char **argv, gz_opts *o) { return gz_lua_cli(o, argc, argv, NULL); }
