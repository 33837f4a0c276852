/* cmd_whatif.c: `gazette whatif MEASURE... --db FILE.db --set NAME=VALUE... [--by FIELD]`,
 * baseline against reform over a population. The options are checked here; the loop and
 * the report are stdlib/whatif.lua, shared with the REPL's .compare. Several measures are
 * weighed together record by record (就高不重复 between those of one exclusivity group). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "batch/batch.h"
#include "cmd/commands.h"
#include "host/gazette.h"
#include "lua/lxlsx.h"
#include "lauxlib.h"

const char cmd_whatif_help[] =
    "baseline against reform over a population: who gains, who loses, what it costs\n"
    "usage: gazette whatif MEASURE... --db FILE.db --set NAME=VALUE [--set NAME=VALUE...]\n"
    "                      [--interpret NAME=CHOICE...] [--by FIELD] [--table T] [--key COLUMN]\n"
    "                      [--child LIST=TABLE.COLUMN...] [--where SQL]\n"
    "                      [--as-of DATE] [--json] [--out FILE.xlsx]\n"
    "  MEASURE               a measure id (chaoyang.startup-jobs-subsidy) or the path of its script;\n"
    "                        several are weighed together on each record, and those of one exclusivity\n"
    "                        group (就高不重复) exclude one another as in gazette run\n"
    "  --db FILE.db          the population (SQLite, as written by gazette gen or gazette import)\n"
    "  --set NAME=VALUE      the reform: a parameter's new value (money as 30万, ratios as 45%);\n"
    "                        with several measures, MEASURE_ID:NAME=VALUE for one of them\n"
    "  --interpret NAME=CHOICE  the reform reads an ambiguous clause another way\n"
    "  --by FIELD            break the change down by a column of the records (e.g. reg_district: a\n"
    "                        district column by its canonical name, 朝阳 with 朝阳区) or by an output\n"
    "                        of the measure (e.g. size_class, tier: the baseline result's value)\n"
    "  --table T             the table of records (default: the measure's entity, e.g. enterprises)\n"
    "  --key COLUMN          the column that identifies records and that child rows reference, when\n"
    "                        it is not the INTEGER PRIMARY KEY id (a column id that is not is refused)\n"
    "  --child LIST=TABLE.COLUMN  child records of a list input, as gazette run reads them (default:\n"
    "                        table LIST, column parent_id; without it the list is missing, with a note)\n"
    "  --where SQL           only the records matching this SQL condition (one expression)\n"
    "  --as-of DATE          evaluate as of DATE (default today in China Standard Time, UTC+8)\n"
    "  --json                one JSON object instead of the report (with the reform: set, interpret)\n"
    "  --out FILE.xlsx       also an Excel workbook: comparison, a sheet per --by with a bar chart of\n"
    "                        the cost change, changed records, summary; replaces only a previous\n"
    "                        workbook of gazette whatif (FILE.xlsx.gzmeta)\n"
    "  --no-compile          evaluate record by record with the reference evaluator (the same\n"
    "                        report; by default a compiled measure runs in memory on every core)\n"
    "The baseline is the measure as published; every record is evaluated under both. The report\n"
    "counts records by status before and after, the records that gain and lose (and by how much),\n"
    "those that become eligible or ineligible, and the change in total cost.\n"
    "exit status: 0; 1 records whose evaluation raised an error (counted as status 'error'); 2 a bad\n"
    "option, an unknown measure or parameter, an unreadable population, a bad key or --where, an\n"
    "--out that may not be replaced.\n"
    "See docs/repl.md.\n";

/* tick(): the budgets count per record, as in a batch (--max-record-instructions). */
static int whatif_tick(lua_State *L) {
  gz_budget_record(L);
  return 0;
}

/* note(text): a note on stderr (a list input without a child table, as gazette run says it). */
static int whatif_note(lua_State *L) {
  fprintf(stderr, "gazette whatif: note: %s\n", luaL_checkstring(L, 1));
  return 0;
}

/* Pushes {{name, value}, ...} from NAME=VALUE arguments collected in vals. */
static int push_pairs(lua_State *L, const char *opt, const char **vals, int n) {
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    const char *eq = strchr(vals[i], '=');
    if (!eq || eq == vals[i]) return gz_usage_error("whatif", "%s expects NAME=VALUE, got '%s'", opt, vals[i]);
    lua_createtable(L, 2, 0);
    lua_pushlstring(L, vals[i], (size_t)(eq - vals[i]));
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, eq + 1);
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, -2, i + 1);
  }
  return 0;
}

int cmd_whatif(int argc, char **argv, gz_opts *o) {
  const char *db = NULL, *by = NULL, *table = NULL, *where = NULL, *as_of = NULL, *key = NULL, *out = NULL;
  const char *sets[argc], *interps[argc], *measures[argc], *childs[argc];
  int nset = 0, ninterp = 0, nmeasures = 0, nchild = 0, json = 0, no_compile = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if (gz_opt(argc, argv, &i, "--db", &v)) db = v;
    else if (gz_opt(argc, argv, &i, "--set", &v)) sets[nset++] = v;
    else if (gz_opt(argc, argv, &i, "--interpret", &v)) interps[ninterp++] = v;
    else if (gz_opt(argc, argv, &i, "--by", &v)) by = v;
    else if (gz_opt(argc, argv, &i, "--table", &v)) table = v;
    else if (gz_opt(argc, argv, &i, "--key", &v)) key = v;
    else if (gz_opt(argc, argv, &i, "--child", &v)) childs[nchild++] = v;
    else if (gz_opt(argc, argv, &i, "--where", &v)) where = v;
    else if (gz_opt(argc, argv, &i, "--as-of", &v)) as_of = v;
    else if (gz_opt(argc, argv, &i, "--out", &v)) out = v;
    else if (gz_flag(argv, i, "--json")) json = 1;
    else if (gz_flag(argv, i, "--no-compile")) no_compile = 1;
    else if (argv[i][0] == '-' && argv[i][1]) return gz_usage_error("whatif", "unknown option '%s'", argv[i]);
    else measures[nmeasures++] = argv[i];
  }
  if (!nmeasures) return gz_usage_error("whatif", "which measure? give its id or the path of its script");
  if (!db) return gz_usage_error("whatif", "which population? give --db FILE.db");
  if (!nset && !ninterp)
    return gz_usage_error("whatif", "what is the reform? give --set NAME=VALUE (a parameter's new value)");
  for (int i = 0; i < nset; i++)
    if (!strchr(sets[i], '=') || sets[i][0] == '=')
      return gz_usage_error("whatif", "--set expects NAME=VALUE, got '%s'", sets[i]);
  for (int i = 0; i < ninterp; i++)
    if (!strchr(interps[i], '=') || interps[i][0] == '=')
      return gz_usage_error("whatif", "--interpret expects NAME=CHOICE, got '%s'", interps[i]);
  /* --out FILE.xlsx: written to FILE.xlsx.tmp-PID, renamed when complete, with FILE.xlsx.gzmeta
   * marking it an output of gazette whatif (the only file a later --out may replace). */
  char tmp[4200] = "";
  if (out) {
    size_t l = strlen(out);
    if (l < 6 || strcasecmp(out + l - 5, ".xlsx") != 0 || l > 4000)
      return gz_usage_error("whatif", "--out %s: whatif writes an Excel workbook, FILE.xlsx", out);
    int grc = gz_out_check("whatif", out, db, GZ_FMT_XLSX);
    if (grc) return grc;
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld.xlsx", out, (long)getpid());
  }

  lua_State *L = gz_newstate(o);
  if (!L) return GZ_EXIT_FAIL;
  int rc = GZ_EXIT_FAIL;
  lua_getglobal(L, "require");
  lua_pushliteral(L, "whatif");
  if (gz_pcall(L, 1, 1) == LUA_OK) {
    lua_getfield(L, -1, "main");
    lua_newtable(L);
    lua_pushstring(L, measures[0]);
    lua_setfield(L, -2, "measure");
    lua_createtable(L, nmeasures, 0);
    for (int i = 0; i < nmeasures; i++) {
      lua_pushstring(L, measures[i]);
      lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "measures");
    lua_pushstring(L, db);
    lua_setfield(L, -2, "db");
    push_pairs(L, "--set", sets, nset);
    lua_setfield(L, -2, "set");
    push_pairs(L, "--interpret", interps, ninterp);
    lua_setfield(L, -2, "interpret");
    if (by) lua_pushstring(L, by), lua_setfield(L, -2, "by");
    if (table) lua_pushstring(L, table), lua_setfield(L, -2, "table");
    if (key) lua_pushstring(L, key), lua_setfield(L, -2, "key");
    lua_createtable(L, nchild, 0);
    for (int i = 0; i < nchild; i++) {
      lua_pushstring(L, childs[i]);
      lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "child");
    lua_pushcfunction(L, whatif_note);
    lua_setfield(L, -2, "note");
    if (where) lua_pushstring(L, where), lua_setfield(L, -2, "where");
    if (as_of) lua_pushstring(L, as_of), lua_setfield(L, -2, "as_of");
    lua_pushboolean(L, json);
    lua_setfield(L, -2, "json");
    lua_pushboolean(L, no_compile);
    lua_setfield(L, -2, "no_compile");
    lua_pushcfunction(L, whatif_tick);
    lua_setfield(L, -2, "tick");
    char err[600];
    if (out && gz_xlsx_push(L, tmp, err, sizeof err) != 0) {
      fprintf(stderr, "gazette whatif: --out %s: %s\n", out, err);
      gz_closestate(L);
      return GZ_EXIT_FAIL;
    }
    if (out) lua_setfield(L, -2, "workbook");
    if (gz_pcall(L, 1, 2) == LUA_OK) {
      rc = (int)lua_tointeger(L, -2);
      if (lua_isstring(L, -1)) fprintf(stderr, "gazette whatif: %s\n", lua_tostring(L, -1));
    }
  }
  fflush(stdout);
  gz_closestate(L); /* a workbook never closed is discarded here: its temporary file goes */
  if (out && access(tmp, F_OK) == 0) {
    if (rc == GZ_EXIT_USAGE) unlink(tmp);
    else if (gz_out_mark("whatif", out) != 0 || rename(tmp, out) != 0) {
      fprintf(stderr, "gazette whatif: cannot write %s: %s\n", out, strerror(errno));
      unlink(tmp);
      return GZ_EXIT_FAIL;
    }
  }
  return rc;
}
