/* main.c: parses the command line and dispatches to the commands (cmd/commands.c lists them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h" /* the command table: the one include from above the host */
#include "host/gazette.h"

static const gz_command *find_command(const char *name) {
  for (const gz_command *c = gz_commands; c->name; c++)
    if (strcmp(c->name, name) == 0) return c;
  return NULL;
}

static void print_summary(const char *help) {
  const char *nl = strchr(help, '\n');
  printf("%.*s\n", nl ? (int)(nl - help) : (int)strlen(help), help);
}

static void usage(void) {
  printf("gazette %s: a policy interpreter for Chinese government gazette measures\n\n", GAZETTE_VERSION);
  printf("usage: gazette [OPTIONS] -e CHUNK [-e CHUNK...]   run Lua chunks, print what the last returns\n"
         "       gazette [OPTIONS] SCRIPT.lua [ARGS...]     run a Lua script\n"
         "       gazette COMMAND [OPTIONS...]               run a command\n\ncommands:\n");
  for (const gz_command *c = gz_commands; c->name; c++) {
    printf("  %-8s ", c->name);
    print_summary(c->help);
  }
  printf("\noptions for every command:\n"
         "  --path DIR               also look for measures and modules in DIR (repeatable)\n"
         "  --max-instructions N     instruction budget per evaluation (default 1000000000, 0 = none);\n"
         "                           work inside string and table functions counts too (docs/sandbox.md)\n"
         "  --max-record-instructions N  budget per record of a batch (run, whatif, the REPL's .run)\n"
         "                           (default 100000000, 0 = none)\n"
         "  --max-seconds S          wall clock per evaluation, per record in a batch (default none)\n"
         "  --max-memory SIZE        memory budget of the interpreter, e.g. 512M (default 256M, 0 = none)\n"
         "  --allow-write DIR        scripts may create and change files in DIR (repeatable; also --path)\n"
         "  --trace                  add the Lua traceback to errors\n"
         "  --calendar FILE          add working-day calendar years from FILE (CSV, as stdlib/data)\n"
         "  --calendar-unknown=weekends  treat years the calendar does not know as Monday-Friday\n"
         "  --allow-ffi[=LIB,...]    enable the ffi module (off by default)\n"
         "\n'gazette help COMMAND' shows a command's usage. Docs: README.md and docs/.\n");
}

int main(int argc, char **argv) {
  gz_opts o;
  memset(&o, 0, sizeof o);
  o.max_instructions = 1000000000LL;
  o.max_record_instructions = 100000000LL;
  o.max_memory = (size_t)256 << 20;
  gz_signals_install(); /* Ctrl-C ends every command with exit 1 (runtime.c) */

  if (argc < 2) {
    usage();
    return GZ_EXIT_USAGE;
  }
  if (gz_flag(argv, 1, "--help") || gz_flag(argv, 1, "-h")) {
    usage();
    return GZ_EXIT_OK;
  }
  if (gz_flag(argv, 1, "--version")) {
    printf("gazette %s (%s)\n", GAZETTE_VERSION, LUA_RELEASE);
    return GZ_EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0) {
    if (argc < 3) {
      usage();
      return GZ_EXIT_OK;
    }
    const gz_command *c = find_command(argv[2]);
    if (!c) {
      fprintf(stderr, "gazette: no command '%s'; 'gazette --help' lists them\n", argv[2]);
      return GZ_EXIT_USAGE;
    }
    printf("%s", c->help);
    return GZ_EXIT_OK;
  }

  /* Global options may come before the command (gazette --calendar F cal ...) or
   * anywhere after it; they are stripped before the command sees its arguments. */
  int first = 1;
  while (first < argc && argv[first][0] == '-' && strcmp(argv[first], "-e") != 0) {
    int j = first, r = gz_common_opt(argc, argv, &j, &o);
    if (r < 0) return GZ_EXIT_USAGE;
    if (r == 0) break;
    first = j + 1;
  }
  const gz_command *c = first < argc ? find_command(argv[first]) : NULL;
  if (c) {
    int n = 1;
    argv[0] = argv[first];
    for (int i = first + 1; i < argc; i++) {
      if (gz_flag(argv, i, "--help") || gz_flag(argv, i, "-h")) {
        printf("%s", c->help);
        return GZ_EXIT_OK;
      }
      int r = gz_common_opt(argc, argv, &i, &o);
      if (r < 0) return GZ_EXIT_USAGE;
      if (r == 0) argv[n++] = argv[i];
    }
    argv[n] = NULL;
    return c->fn(n, argv, &o);
  }

  /* -e CHUNK... or SCRIPT.lua ARGS... with global options before the script. */
  char *chunks[argc];
  int nchunks = 0, i;
  const char *script = NULL;
  for (i = 1; i < argc; i++) {
    int r = gz_common_opt(argc, argv, &i, &o);
    if (r < 0) return GZ_EXIT_USAGE;
    if (r > 0) continue;
    const char *v;
    if (gz_opt(argc, argv, &i, "-e", &v)) {
      chunks[nchunks++] = (char *)v;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "gazette: unknown option '%s'; 'gazette --help' lists the options\n", argv[i]);
      return GZ_EXIT_USAGE;
    }
    script = argv[i];
    break;
  }
  if (script && access(script, F_OK) != 0 && !strstr(script, ".lua")) {
    fprintf(stderr, "gazette: '%s' is neither a command nor a script; 'gazette --help' lists the commands\n",
            script);
    return GZ_EXIT_USAGE;
  }
  if (!nchunks && !script) {
    fprintf(stderr, "gazette: '%s' is neither a command nor a script; 'gazette --help' lists the commands\n",
            argv[1]);
    return GZ_EXIT_USAGE;
  }
  return gz_exec(nchunks, chunks, script, script ? argc - i : 0, script ? argv + i : NULL, &o);
}
