/* commands.h: the subcommands of `gazette` (commands.c lists them; main.c dispatches). Each
 * lives in its own cmd_NAME.c defining
 *   int cmd_NAME(int argc, char **argv, gz_opts *o);   argv[0] is "NAME"
 *   const char cmd_NAME_help[];   first line: one-line summary; then the usage */
#ifndef GZ_COMMANDS_H
#define GZ_COMMANDS_H
#include "host/gazette.h"

typedef struct gz_command {
  const char *name;
  int (*fn)(int argc, char **argv, gz_opts *o);
  const char *help;
} gz_command;

/* In the order `gazette --help` lists them; ends with {NULL, NULL, NULL}. */
extern const gz_command gz_commands[];

#define GZ_COMMAND(name)                             \
  int cmd_##name(int argc, char **argv, gz_opts *o); \
  extern const char cmd_##name##_help[]

GZ_COMMAND(cal);
GZ_COMMAND(case);
GZ_COMMAND(eval);
GZ_COMMAND(gen);
GZ_COMMAND(import);
GZ_COMMAND(lint);
GZ_COMMAND(list);
GZ_COMMAND(match);
GZ_COMMAND(merge);
GZ_COMMAND(repl);
GZ_COMMAND(run);
GZ_COMMAND(test);
GZ_COMMAND(whatif);

#undef GZ_COMMAND

#endif
