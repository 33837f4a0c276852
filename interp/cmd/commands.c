/* commands.c: the subcommands, listed once (commands.h declares them). */
#include <stddef.h>

#include "cmd/commands.h"

const gz_command gz_commands[] = {{"cal", cmd_cal, cmd_cal_help},
                                  {"case", cmd_case, cmd_case_help},
                                  {"eval", cmd_eval, cmd_eval_help},
                                  {"gen", cmd_gen, cmd_gen_help},
                                  {"import", cmd_import, cmd_import_help},
                                  {"lint", cmd_lint, cmd_lint_help},
                                  {"list", cmd_list, cmd_list_help},
                                  {"match", cmd_match, cmd_match_help},
                                  {"merge", cmd_merge, cmd_merge_help},
                                  {"repl", cmd_repl, cmd_repl_help},
                                  {"run", cmd_run, cmd_run_help},
                                  {"test", cmd_test, cmd_test_help},
                                  {"whatif", cmd_whatif, cmd_whatif_help},
                                  {NULL, NULL, NULL}};
