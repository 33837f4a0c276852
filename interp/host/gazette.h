/* gazette.h: what the host's files share. Each capability lives in its own file;
 * this header only names the entry points between them. */
#ifndef GAZETTE_H
#define GAZETTE_H

#include <stddef.h>
#include <stdint.h>
#include "lua.h"

#define GAZETTE_VERSION "0.1.0"

/* Exit status (contract section 1). */
#define GZ_EXIT_OK 0
#define GZ_EXIT_FAIL 1  /* the command ran and something failed */
#define GZ_EXIT_USAGE 2 /* bad option or input found before running */

/* Options that shape every Lua state the host creates. */
typedef struct gz_opts {
  const char *paths[16]; /* extra require roots from --path */
  int npaths;
  long long max_instructions; /* per evaluation; 0 = unlimited */
  size_t max_memory;          /* bytes for the whole state; 0 = unlimited */
  int trace;                  /* --trace: print Lua tracebacks */
  int allow_ffi;              /* --allow-ffi given */
  const char *ffi_allow;      /* --allow-ffi=LIB,... (NULL = any) */
  const char *calendar_file;  /* --calendar FILE */
  const char *calendar_unknown; /* --calendar-unknown=weekends */
} gz_opts;

/* state.c: one place creates a Lua state (libraries, C modules, sandbox, stdlib). */
lua_State *gz_newstate(const gz_opts *o);
void gz_closestate(lua_State *L);

/* home.c */
const char *gz_home(void); /* the folder holding stdlib/ and policies/ */

/* runtime.c: the options and budgets every state carries. */
lua_State *gz_runtime_new(const gz_opts *o); /* a bare state with the budgets (state.c adds the rest) */
void gz_runtime_close(lua_State *L);
/* Runs the function on top of the stack (with nargs below it) in protected mode with the
 * budgets reset and a traceback handler; on error prints one line (plus traceback with
 * --trace) to stderr and returns nonzero. Results stay on the stack like lua_pcall. */
int gz_pcall(lua_State *L, int nargs, int nresults);
/* Same, but leaves the formatted error message on the stack instead of printing it. */
int gz_pcall_quiet(lua_State *L, int nargs, int nresults);
void gz_budget_reset(lua_State *L);
int gz_budget_blown(lua_State *L); /* a budget error or interrupt is unwinding */
const gz_opts *gz_getopts(lua_State *L);

/* sandbox.c */
void gz_sandbox_install(lua_State *L, const gz_opts *o);
void gz_sandbox_lock(lua_State *L); /* after the stdlib is loaded: globals become strict */
int gz_loadfile(lua_State *L, const char *path); /* text-only, into the sandbox */

/* exec.c: `gazette -e CHUNK...` and `gazette SCRIPT.lua ARGS...`. */
int gz_exec(int nchunks, char **chunks, const char *script, int argc, char **argv, gz_opts *o);

/* Subcommands: each in its own interp/cmd/cmd_NAME.c, listed in cmd/commands.c; main.c
 * dispatches by name. */

/* cmdlua.c: runs a command whose logic is stdlib/measure/cli.lua (eval, test, list, lint):
 * main(args) returns exit code, message for stderr, and a value `after` may use. */
int gz_lua_cli(gz_opts *o, int argc, char **argv, int (*after)(lua_State *L, gz_opts *o, int code));

/* cli.c: option parsing shared by every command. */
/* If argv[*i] is NAME (then the value is the next argument) or NAME=VALUE, stores the
 * value, advances *i past it and returns 1. A missing value is a usage error (exit 2). */
int gz_opt(int argc, char **argv, int *i, const char *name, const char **val);
int gz_flag(char **argv, int i, const char *name); /* argv[i] is exactly NAME */
/* Prints "gazette CMD: message" and "Try 'gazette help CMD'." to stderr; returns 2. */
int gz_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Global options (--path, --max-instructions, --max-memory, --trace, --allow-ffi,
 * --calendar, --calendar-unknown): if argv[*i] is one, applies it and returns 1;
 * returns -1 after printing a usage error for a bad value. */
int gz_common_opt(int argc, char **argv, int *i, gz_opts *o);

#endif
