/* cmd_test.c: `gazette test [PATH...] [-v]`: the test cases of measures (M:case, run by
 * stdlib/measure/cli.lua) and Lua test files (*_test.lua, each run here in a fresh state with
 * its output captured); the last line is `N passed, N failed`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "host/gazette.h"
#include "lauxlib.h"

const char cmd_test_help[] =
    "run the test cases of measures and Lua test files; last line `N passed, N failed`\n"
    "usage: gazette test [PATH...] [-v]\n"
    "PATH is a measure script, a *_test.lua file or a folder holding them (searched recursively);\n"
    "default: policies/, stdlib/ and every --path folder. Each case of each measure (M:case) is one\n"
    "test, and so is each *_test.lua file (it fails when it raises an error or prints 'not ok').\n"
    "options:\n"
    "  -v, --verbose   show the explanation of each failed case and the output of every test file\n"
    "exit status: 0 all passed; 1 a test failed or a measure did not load; 2 bad option or PATH.\n";

/* Runs one test file in a fresh state with stdout and stderr captured; returns a malloc'd
 * copy of what it printed and sets *status (0 ok). */
static char *run_captured(const char *file, gz_opts *o, int *status) {
  FILE *tmp = tmpfile();
  if (!tmp) {
    *status = GZ_EXIT_FAIL;
    return NULL;
  }
  fflush(stdout);
  fflush(stderr);
  int so = dup(1), se = dup(2);
  dup2(fileno(tmp), 1);
  dup2(fileno(tmp), 2);
  char *args[2] = {(char *)file, NULL};
  *status = gz_exec(0, NULL, file, 1, args, o);
  fflush(stdout);
  fflush(stderr);
  dup2(so, 1);
  dup2(se, 2);
  close(so);
  close(se);
  long n = ftell(tmp);
  char *out = malloc(n > 0 ? (size_t)n + 1 : 1);
  if (out) {
    rewind(tmp);
    size_t r = n > 0 ? fread(out, 1, (size_t)n, tmp) : 0;
    out[r] = 0;
  }
  fclose(tmp);
  return out;
}

static void print_indented(const char *s) {
  while (s && *s) {
    const char *nl = strchr(s, '\n');
    int len = nl ? (int)(nl - s) : (int)strlen(s);
    printf("#   %.*s\n", len, s);
    s = nl ? nl + 1 : NULL;
  }
}

/* After the measure cases: the Lua side returned {passed=, failed=, files={...}, verbose=}. */
static int run_files(lua_State *L, gz_opts *o, int code) {
  if (!lua_istable(L, -1)) return code;
  lua_getfield(L, -1, "passed");
  long passed = (long)lua_tointeger(L, -1);
  lua_getfield(L, -2, "failed");
  long failed = (long)lua_tointeger(L, -1);
  lua_getfield(L, -3, "verbose");
  int verbose = lua_toboolean(L, -1);
  lua_pop(L, 3);
  lua_getfield(L, -1, "files");
  int nfiles = lua_istable(L, -1) ? (int)luaL_len(L, -1) : 0;
  for (int i = 1; i <= nfiles; i++) {
    lua_rawgeti(L, -1, i);
    const char *file = lua_tostring(L, -1);
    int status;
    char *out = run_captured(file, o, &status);
    int bad = status != 0 || (out && (strncmp(out, "not ok", 6) == 0 || strstr(out, "\nnot ok")));
    long n = passed + failed + 1;
    if (bad) failed++;
    else passed++;
    printf("%s %ld - %s\n", bad ? "not ok" : "ok", n, file);
    if (bad || verbose) print_indented(out);
    free(out);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  printf("%ld passed, %ld failed\n", passed, failed);
  if (code == GZ_EXIT_OK && failed > 0) code = GZ_EXIT_FAIL;
  return code;
}

int cmd_test(int argc, char **argv, gz_opts *o) { return gz_lua_cli(o, argc, argv, run_files); }
