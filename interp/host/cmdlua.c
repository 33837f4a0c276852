/* cmdlua.c: commands whose logic is Lua (eval, test, list, lint, match: stdlib/measure/cli.lua).
 * The C side only does what the sandbox cannot: it reads the --input file (or stdin) and
 * lets the Lua side read the measure files and folders named on the command line. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/file.h"
#include "host/gazette.h"
#include "lauxlib.h"

#define INPUT_MAX (64u << 20)

/* A file or folder named on the command line becomes readable: its folder (or itself)
 * joins the --path roots. The user named it, so the sandbox lets the measure code read it. */
static void allow_path(gz_opts *o, const char *arg) {
  struct stat st;
  if (stat(arg, &st) != 0 || o->npaths >= (int)(sizeof o->paths / sizeof o->paths[0])) return;
  if (S_ISDIR(st.st_mode)) {
    o->paths[o->npaths++] = arg;
    return;
  }
  static char dirs[16][PATH_MAX]; /* lives as long as the process, like argv */
  static int ndirs = 0;
  if (ndirs >= 16) return;
  snprintf(dirs[ndirs], PATH_MAX, "%s", arg);
  char *slash = strrchr(dirs[ndirs], '/');
  if (slash) *slash = 0;
  else snprintf(dirs[ndirs], PATH_MAX, ".");
  o->paths[o->npaths++] = dirs[ndirs++];
}

/* The command line and the --input text, for cli_run. */
typedef struct cli_args {
  int argc;
  char **argv;
  const char *input;
  size_t input_len;
} cli_args;

/* main(args) of measure.cli (at 2), with args built here, inside the protected call: building
 * them can raise (the memory budget), and nothing of C's is held when it does. */
static int cli_run(lua_State *L) {
  const cli_args *a = lua_touserdata(L, 1);
  lua_getfield(L, 2, "main");
  lua_createtable(L, a->argc, 2);
  for (int i = 0; i < a->argc; i++) {
    lua_pushstring(L, a->argv[i]);
    lua_rawseti(L, -2, i);
  }
  if (a->input) {
    lua_pushlstring(L, a->input, a->input_len);
    lua_setfield(L, -2, "input_text");
  }
  lua_call(L, 1, 3);
  return 3;
}

int gz_lua_cli(gz_opts *o, int argc, char **argv, int (*after)(lua_State *L, gz_opts *o, int code)) {
  const char *cmd = argv[0];
  cli_args a = {argc, argv, NULL, 0};
  const char *input_name = NULL;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((strcmp(cmd, "eval") == 0 || strcmp(cmd, "match") == 0) && gz_opt(argc, argv, &i, "--input", &v)) {
      input_name = v;
      continue;
    }
    if (argv[i][0] != '-') allow_path(o, argv[i]);
  }
  char *input = NULL;
  if (input_name) {
    input = gz_readfile(input_name, &a.input_len, INPUT_MAX);
    if (!input) {
      fprintf(stderr, "gazette %s: cannot read %s: %s\n", cmd, strcmp(input_name, "-") == 0 ? "standard input" : input_name,
              errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
      return GZ_EXIT_USAGE;
    }
    a.input = input;
  }
  lua_State *L = gz_newstate(o);
  if (!L) {
    free(input);
    return GZ_EXIT_FAIL;
  }
  int code = GZ_EXIT_FAIL;
  lua_getglobal(L, "require");
  lua_pushliteral(L, "measure.cli");
  if (gz_pcall(L, 1, 1) == LUA_OK) {
    lua_pushcfunction(L, cli_run);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, &a);
    lua_insert(L, -2);
    int st = gz_pcall(L, 2, 3);
    free(input); /* the pcall has returned, whatever happened inside */
    input = NULL;
    if (st == LUA_OK) {
      code = (int)luaL_optinteger(L, -3, GZ_EXIT_FAIL);
      if (lua_type(L, -2) == LUA_TSTRING) fprintf(stderr, "gazette %s: %s\n", cmd, lua_tostring(L, -2));
      fflush(stdout);
      if (after) code = after(L, o, code); /* the third result is the command's own */
    }
  }
  free(input);
  fflush(stdout);
  gz_closestate(L);
  return code;
}
