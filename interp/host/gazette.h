/* gazette.h: what the host's files share. Each capability lives in its own file;
 * this header only names the entry points between them. */
#ifndef GAZETTE_H
#define GAZETTE_H

#include <stddef.h>
#include <stdint.h>
#include "lua.h"

#define GAZETTE_VERSION "0.1.0"

/* Exit status, the same for every command: 0 done, 1 the command ran and something failed,
 * 2 a usage or input error found before running. */
#define GZ_EXIT_OK 0
#define GZ_EXIT_FAIL 1  /* the command ran and something failed */
#define GZ_EXIT_USAGE 2 /* bad option or input found before running */

/* Options that shape every Lua state the host creates. */
typedef struct gz_opts {
  const char *paths[16]; /* extra require roots from --path */
  int npaths;
  long long max_instructions; /* per evaluation; 0 = unlimited */
  long long max_record_instructions; /* per record of a batch (run, whatif, the REPL); 0 = unlimited */
  double max_seconds;         /* wall clock per evaluation (per record in a batch); 0 = unlimited */
  size_t max_memory;          /* bytes for the whole state; 0 = unlimited */
  const char *write_dirs[16]; /* --allow-write: folders where scripts may create files */
  int nwrite_dirs;
  const char *write_files[4]; /* files the command was given to write (--store, --out, --key-file) */
  int nwrite_files;
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
/* Same as gz_pcall_quiet for one record of a batch: the budget is --max-record-instructions. */
int gz_pcall_record(lua_State *L, int nargs, int nresults);
void gz_budget_reset(lua_State *L);  /* a new evaluation: the budgets start again */
void gz_budget_record(lua_State *L); /* a new record of a batch: the per-record budgets start again */
int gz_budget_blown(lua_State *L); /* a budget error or interrupt is unwinding */
const gz_opts *gz_getopts(lua_State *L);
/* Work done inside a C function that can run long (a pattern-matching step, an element moved,
 * a repetition): counted against the instruction budget, and every few thousand units the
 * budgets, the wall clock and Ctrl-C are checked; gz_work raises the budget's error (located
 * at the Lua line that called the function). gz_work_poll only says whether one is passed
 * (for callbacks that cannot raise, such as SQLite's progress handler); gz_work_raise then
 * raises it. gz_work_left: units left in the budget (-1: no limit). */
void gz_work(lua_State *L, long long units);
int gz_work_poll(lua_State *L, long long units);
void gz_work_raise(lua_State *L);
long long gz_work_left(lua_State *L);
size_t gz_mem_left(lua_State *L); /* bytes left in the memory budget ((size_t)-1: no budget) */
/* SIGINT and its grace timer (every command: Ctrl-C ends it with exit 1). */
void gz_signals_install(void);
int gz_interrupted(void); /* Ctrl-C was pressed and no evaluation has reported it yet */

/* writable.c: where scripts may create or change files. Returns 1 when path (a file to
 * create or open for writing) lies in a folder the user named (--path, --allow-write) or is a
 * file the command was given (--store); otherwise 0 with the reason in err. */
int gz_may_write(lua_State *L, const char *path, char *err, size_t errlen);

/* sandbox.c */
void gz_sandbox_install(lua_State *L, const gz_opts *o);
/* After the stdlib is loaded: globals become strict, and scripts see them read-only. */
void gz_sandbox_lock(lua_State *L);
int gz_loadfile(lua_State *L, const char *path); /* text-only, into the sandbox */

/* readonly.c: read-only views and frozen tables (docs/sandbox.md). */
int gz_ro_is_protected(lua_State *L, int idx);   /* a view or a frozen table */
void gz_ro_push_view(lua_State *L, int idx, const char *name); /* a table's view (else the value) */
void gz_ro_push_real(lua_State *L, int idx); /* the table behind a view (else the value) */
/* The table whose raw contents are what the table at idx shows: the real table of a view,
 * the store of a frozen table, else the table itself (for C that reads tables raw). */
void gz_ro_push_readable(lua_State *L, int idx);
int gz_ro_push_globals(lua_State *L); /* the scripts' view of the globals (0: the real ones, before the lock) */
/* Makes the table at idx read-only in place, with the tables it holds (but the keys of the
 * table at skip, 0 = none); errors name it `name`, and say it is a loaded measure or workflow
 * when `what` is "measure" or "workflow" (NULL: a library's table). */
void gz_ro_freeze(lua_State *L, int idx, const char *name, const char *what, int skip);
/* The lock: adds rawset, setmetatable and getmetatable to the table at overrides (the
 * scripts' own functions, which replace the stdlib's in their view) and makes the view of
 * the globals. */
void gz_ro_lock(lua_State *L, int overrides);

/* patterns.c and counted.c: the library functions that loop in C, with their work counted. */
void gz_patterns_install(lua_State *L, int strlib);
void gz_counted_install(lua_State *L, int strlib, int tablib, int globals);

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
