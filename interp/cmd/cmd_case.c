/* cmd_case.c: `gazette case open|fire|show|list|verify|diagram`, approval cases in a store
 * (docs/workflows.md). This file parses the command line and reads
 * --data; the work is done in Lua by cases.command (stdlib/cases.lua) in a sandboxed state,
 * which returns the exit status and the text for stdout and stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "core/file.h"
#include "core/json.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/ljson.h"

#define DATA_MAX (1u << 20) /* --data larger than 1 MiB is refused */

const char cmd_case_help[] =
    "approval cases: open, fire events, show, list, verify the tamper-evident log, keep its head\n"
    "usage: gazette case open WORKFLOW --id ID --on DATE [--data FILE.json|JSON] [--actor A] [--note TEXT]\n"
    "       gazette case fire ID EVENT --on DATE [--actor A] [--note TEXT] [--data FILE.json|JSON]\n"
    "       gazette case show ID [--as-of DATE] [--json]\n"
    "       gazette case list [--state S] [--overdue] [--as-of DATE] [--workflow W] [--json]\n"
    "       gazette case verify [--head ENTRY:HASH] [--json]\n"
    "       gazette case head [--json]\n"
    "       gazette case migrate --store OLD.db --out NEW.db\n"
    "       gazette case diagram WORKFLOW [--format dot|text]\n"
    "WORKFLOW is a workflow id (policies/**/*.workflow.lua), e.g. beijing.construction-permit.\n"
    "options:\n"
    "  --store FILE     the case store (SQLite; default gazette-cases.db in the current folder;\n"
    "                   a new store is created when the name ends in .db)\n"
    "  --key-file FILE  the secret key of the store's HMAC chain (default: $GAZETTE_CASE_KEY, else\n"
    "                   $XDG_DATA_HOME/gazette/case.key or ~/.local/share/gazette/case.key); made with\n"
    "                   mode 0600 with a new store; a key file others may read is refused\n"
    "  --head H         verify: the head printed by 'gazette case head' earlier and kept elsewhere:\n"
    "                   the log must still reach it unchanged (a cut-off tail is found)\n"
    "  --out FILE       migrate: the new keyed store for a store of an earlier Gazette (format 1)\n"
    "  --json           print JSON instead of text (show: {\"id\",\"workflow\",\"state\",\"history\",\"deadlines\"})\n"
    "  --on DATE        the date of the event (2024-03-04, 2024年3月4日); not before the case's last event\n"
    "  --data X         a JSON object: a file, - for stdin, or the JSON itself ('{\"months\": 3}')\n"
    "  --as-of DATE     show and list the cases as of DATE (default today): time-driven transitions,\n"
    "                   such as a permit that lapses, and overdue deadlines are computed for that date\n"
    "  --overdue        list only the cases with a deadline passed and not met\n"
    "  --format F       diagram: Graphviz dot source (default) or text, with the deadlines\n"
    "verify and head read the store without writing it: the HMAC chain, the case rows, the append-only\n"
    "triggers (a missing one is reported, never recreated), and every case replayed through its\n"
    "workflow (states, dates in order, guards). head prints ENTRY:HASH of a log that verifies.\n"
    "exit status: 0 done; 1 an event refused (the reason and clause on stderr, nothing recorded), a\n"
    "conflict with another writer, or verify found the log altered (the first broken entry on stderr);\n"
    "2 bad arguments, an unknown workflow, case or event, a malformed date or --data, a date the\n"
    "working-day calendar does not know, or a file that is not a case store.\n"
    "See docs/workflows.md.\n";

/* Pushes the decoded --data value (a file, stdin or inline JSON); returns 0 after printing a
 * usage error. */
static int push_data(lua_State *L, const char *sub, const char *arg) {
  const char *p = arg;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  char *buf = NULL;
  const char *text = arg;
  size_t len = strlen(arg);
  int inline_json = *p == '{' || *p == '[';
  if (!inline_json) {
    buf = gz_readfile(arg, &len, DATA_MAX);
    if (!buf) {
      if (errno == EFBIG) gz_usage_error("case", "%s: --data %s is larger than 1 MiB", sub, arg);
      else gz_usage_error("case", "%s: cannot read --data %s: %s", sub, arg, strerror(errno));
      return 0;
    }
    text = buf;
  } else if (len > DATA_MAX) {
    gz_usage_error("case", "%s: --data is larger than 1 MiB", sub);
    return 0;
  }
  char err[400];
  int ok = gz_json_decode(L, text, len, err, sizeof err);
  if (!ok) {
    free(buf);
    if (inline_json) gz_usage_error("case", "%s: --data is not valid JSON: %s", sub, err);
    else gz_usage_error("case", "%s: --data %s is not valid JSON: %s", sub, arg, err);
    return 0;
  }
  /* guards compare --data numbers as exact decimals: refuse one a double cannot carry */
  ok = gz_json_exact_numbers(text, len, err, sizeof err);
  free(buf);
  if (!ok) {
    lua_pop(L, 1);
    if (inline_json) gz_usage_error("case", "%s: --data: %s", sub, err);
    else gz_usage_error("case", "%s: --data %s: %s", sub, arg, err);
    return 0;
  }
  if (!lua_istable(L, -1) || luaL_getmetafield(L, -1, "__jsonarray") != LUA_TNIL) {
    gz_usage_error("case", "%s: --data must be a JSON object {\"name\": value, ...}%s%s", sub, inline_json ? "" : " in ",
                   inline_json ? "" : arg);
    return 0;
  }
  return 1;
}

static void set_string(lua_State *L, const char *key, const char *v) {
  if (!v) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, key);
}

int cmd_case(int argc, char **argv, gz_opts *o) {
  static const char *const subs[] = {"open", "fire", "show", "list", "verify", "diagram", "head", "migrate"};
  static const int npos[] = {1, 2, 1, 0, 0, 1, 0, 0}; /* positional arguments after the subcommand */
  enum { NSUBS = 8 };
  if (argc < 2) return gz_usage_error("case", "which subcommand? open, fire, show, list, verify, head, migrate or diagram");
  const char *sub = argv[1];
  int k = 0;
  while (k < NSUBS && strcmp(subs[k], sub) != 0) k++;
  if (k == NSUBS)
    return gz_usage_error("case", "unknown subcommand '%s' (open, fire, show, list, verify, head, migrate, diagram)", sub);

  const char *store = "gazette-cases.db", *id = NULL, *on = NULL, *data = NULL, *actor = NULL, *note = NULL,
             *as_of = NULL, *state = NULL, *wf = NULL, *format = NULL, *key_file = NULL, *head = NULL, *out = NULL;
  const char *pos[2] = {NULL, NULL};
  int json = 0, overdue = 0, np = 0;
  for (int i = 2; i < argc; i++) {
    const char *v;
    if (gz_opt(argc, argv, &i, "--store", &v)) store = v;
    else if (gz_flag(argv, i, "--json")) json = 1;
    else if (k == 0 && gz_opt(argc, argv, &i, "--id", &v)) id = v;
    else if (k <= 1 && gz_opt(argc, argv, &i, "--on", &v)) on = v;
    else if (k <= 1 && gz_opt(argc, argv, &i, "--data", &v)) data = v;
    else if (k <= 1 && gz_opt(argc, argv, &i, "--actor", &v)) actor = v;
    else if (k <= 1 && gz_opt(argc, argv, &i, "--note", &v)) note = v;
    else if ((k == 2 || k == 3) && gz_opt(argc, argv, &i, "--as-of", &v)) as_of = v;
    else if (k == 3 && gz_opt(argc, argv, &i, "--state", &v)) state = v;
    else if (k == 3 && gz_opt(argc, argv, &i, "--workflow", &v)) wf = v;
    else if (k == 3 && gz_flag(argv, i, "--overdue")) overdue = 1;
    else if (k == 5 && gz_opt(argc, argv, &i, "--format", &v)) format = v;
    else if (k != 5 && gz_opt(argc, argv, &i, "--key-file", &v)) key_file = v;
    else if (k == 4 && gz_opt(argc, argv, &i, "--head", &v)) head = v;
    else if (k == 7 && gz_opt(argc, argv, &i, "--out", &v)) out = v;
    else if (argv[i][0] == '-' && argv[i][1]) return gz_usage_error("case", "%s: unknown option '%s'", sub, argv[i]);
    else if (np < npos[k]) pos[np++] = argv[i];
    else return gz_usage_error("case", "%s: unexpected argument '%s'", sub, argv[i]);
  }
  if (np < npos[k]) {
    static const char *const need[] = {"the workflow id (gazette case open WORKFLOW --id ID --on DATE)",
                                       "the case id and the event (gazette case fire ID EVENT --on DATE)",
                                       "the case id (gazette case show ID)", "", "",
                                       "the workflow id (gazette case diagram WORKFLOW)", "", ""};
    return gz_usage_error("case", "%s: missing %s", sub, need[k]);
  }
  if (k == 0 && !id) return gz_usage_error("case", "open: --id ID is required");
  if (k <= 1 && !on) return gz_usage_error("case", "%s: --on DATE is required", sub);
  if (!*store) return gz_usage_error("case", "%s: --store needs a file name", sub);
  if (k == 7 && !out) return gz_usage_error("case", "migrate: --out NEW.db is required (the old store is not changed)");
  o->write_files[o->nwrite_files++] = store; /* the stores the user named (writable.c) */
  if (out) o->write_files[o->nwrite_files++] = out;
  if (key_file) o->write_files[o->nwrite_files++] = key_file;

  lua_State *L = gz_newstate(o);
  if (!L) return GZ_EXIT_FAIL;
  int rc = GZ_EXIT_FAIL;
  lua_getglobal(L, "cases");
  lua_getfield(L, -1, "command");
  lua_remove(L, -2);
  lua_pushstring(L, sub);
  lua_newtable(L);
  set_string(L, "store", store);
  if (json) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "json");
  }
  if (overdue) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "overdue");
  }
  if (k == 0 || k == 5) set_string(L, "workflow", pos[0]);
  set_string(L, "format", format);
  if (k == 1 || k == 2) set_string(L, "id", pos[0]);
  if (k == 1) set_string(L, "event", pos[1]);
  set_string(L, "id", id);
  set_string(L, "on", on);
  set_string(L, "actor", actor);
  set_string(L, "note", note);
  set_string(L, "as_of", as_of);
  set_string(L, "state", state);
  set_string(L, "key_file", key_file);
  set_string(L, "head", head);
  set_string(L, "out", out);
  if (k == 3) set_string(L, "workflow", wf);
  if (data) {
    if (!push_data(L, sub, data)) {
      gz_closestate(L);
      return GZ_EXIT_USAGE;
    }
    lua_setfield(L, -2, "data");
  }
  if (gz_pcall(L, 2, 1) == LUA_OK && lua_istable(L, -1)) {
    lua_getfield(L, -1, "out");
    lua_getfield(L, -2, "err");
    lua_getfield(L, -3, "code");
    size_t n;
    const char *s = lua_tolstring(L, -3, &n);
    if (s) fwrite(s, 1, n, stdout);
    s = lua_tolstring(L, -2, &n);
    if (s) fwrite(s, 1, n, stderr);
    rc = (int)lua_tointeger(L, -1);
  }
  fflush(stdout);
  gz_closestate(L);
  return rc;
}
