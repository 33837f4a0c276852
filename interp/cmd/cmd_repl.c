/* cmd_repl.c: `gazette repl [--db FILE] [MEASURE...]`, the interactive shell (repl/). The
 * options become the session's first commands (.db FILE, .load MEASURE), so that .save
 * writes a script that replays the whole session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "host/gazette.h"
#include "repl.h"

const char cmd_repl_help[] =
    "the interactive shell: load measures, look at records, change parameters, compare\n"
    "usage: gazette repl [--db FILE.db [--key COLUMN] [--child LIST=TABLE.COLUMN...]] [--as-of DATE]\n"
    "                    [MEASURE...]\n"
    "  MEASURE        a measure id (chaoyang.startup-jobs-subsidy) or the path of its script; the\n"
    "                 last one given is the current measure\n"
    "  --db FILE.db   open a population (SQLite, as written by gazette gen or gazette import)\n"
    "  --key COLUMN   the column that identifies its records and that child rows reference, when it\n"
    "                 is not the INTEGER PRIMARY KEY id (a column id that is not is refused)\n"
    "  --child LIST=TABLE.COLUMN  child records of a list input, as gazette run reads them (default:\n"
    "                 table LIST, column parent_id)\n"
    "  --as-of DATE   evaluate as of DATE (default today in China Standard Time, UTC+8)\n"
    "Inside: Lua expressions print their value; .help lists the dot-commands (.load, .db, .asof,\n"
    ".set, .unset, .interpret, .eval, .explain, .run, .compare, .cal, .save, .timer, .quit).\n"
    "With stdin a terminal: line editing (Emacs keys), tab completion, history in ~/.gazette_history\n"
    "(or $GAZETTE_HISTORY; empty for none), Ctrl-C cancels the input or a running evaluation,\n"
    "Ctrl-D leaves. With stdin a pipe or file: the lines run in order, without prompts.\n"
    "exit status: 0; 1 a piped session in which a command failed; 2 a bad option, or a MEASURE or\n"
    "--db that cannot be loaded.\n"
    "See docs/repl.md.\n";

int cmd_repl(int argc, char **argv, gz_opts *o) {
  char **startup = calloc((size_t)argc * 2 + 1, sizeof *startup);
  if (!startup) return GZ_EXIT_FAIL;
  int n = 0, rc;
  const char *db = NULL, *as_of = NULL, *key = NULL;
  size_t childlen = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if (gz_opt(argc, argv, &i, "--db", &v)) db = v;
    else if (gz_opt(argc, argv, &i, "--as-of", &v)) as_of = v;
    else if (gz_opt(argc, argv, &i, "--key", &v)) key = v;
    else if (gz_opt(argc, argv, &i, "--child", &v)) childlen += strlen(v) + 10;
    else if (argv[i][0] == '-' && argv[i][1]) {
      free(startup);
      return gz_usage_error("repl", "unknown option '%s'", argv[i]);
    }
  }
  /* .db and .asof first, then the measures in the order given */
  size_t cap = 0;
  for (int i = 1; i < argc; i++) cap += strlen(argv[i]) + 16;
  char *text = malloc(cap + childlen + 64), *p = text;
  if (!text) {
    free(startup);
    return GZ_EXIT_FAIL;
  }
  if ((key || childlen) && !db) {
    free(text);
    free(startup);
    return gz_usage_error("repl", "--key and --child name columns of the --db population: give --db FILE.db too");
  }
  if (db) {
    startup[n++] = p;
    p += sprintf(p, ".db %s", db);
    if (key) p += sprintf(p, " --key %s", key);
    for (int i = 1; i < argc; i++) {
      const char *v;
      if (gz_opt(argc, argv, &i, "--child", &v)) p += sprintf(p, " --child %s", v);
    }
    p++;
  }
  if (as_of) {
    startup[n++] = p;
    p += sprintf(p, ".asof %s", as_of) + 1;
  }
  for (int i = 1; i < argc; i++) {
    const char *v;
    if (gz_opt(argc, argv, &i, "--db", &v) || gz_opt(argc, argv, &i, "--as-of", &v) ||
        gz_opt(argc, argv, &i, "--key", &v) || gz_opt(argc, argv, &i, "--child", &v))
      continue;
    startup[n++] = p;
    p += sprintf(p, ".load %s", argv[i]) + 1;
  }
  rc = gz_repl(o, n, startup);
  free(text);
  free(startup);
  return rc;
}
