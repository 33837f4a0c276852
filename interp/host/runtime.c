/* runtime.c: what every Gazette Lua state carries while it runs: its options, the budgets
 * (instructions, memory, wall clock), Ctrl-C, and the protected call that resets the budgets
 * and turns errors into one line. The state is put together (libraries, modules, sandbox,
 * stdlib) in state.c; the sandbox reads the budgets from here.
 *
 * The instruction budget counts three things (docs/sandbox.md): Lua instructions (the count
 * hook, every HOOK_EVERY), work inside C functions that can run long (gz_work: a step of the
 * pattern matcher, an element moved or compared by the table functions, a repetition of
 * string.rep, a SQLite step), and memory allocated (one instruction per ALLOC_UNIT bytes), so
 * that no loop in C escapes it. Every check also looks at Ctrl-C and the wall clock. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "host/gazette.h"
#include "lauxlib.h"

#define HOOK_EVERY 1000   /* instructions between budget checks */
#define WORK_EVERY 4096   /* units of C work between budget checks */
#define ALLOC_UNIT 16     /* bytes allocated that count as one instruction */
#define SIGINT_GRACE_US 500000 /* an evaluation that does not notice Ctrl-C by then is ended */

typedef struct gz_ctx {
  gz_opts opts;
  size_t mem_used, mem_limit;
  int mem_refused;       /* the allocator refused a block because of the budget */
  size_t mem_refused_sz; /* size of the block it refused */
  long long ticks;       /* instructions run in this evaluation, in HOOK_EVERY steps */
  long long work;        /* units of work counted inside C functions */
  long long next_check;  /* work at which gz_work looks at the budgets again */
  size_t allocated;      /* bytes allocated in this evaluation (growth only) */
  long long limit;       /* instruction budget of this evaluation; 0 = none */
  int per_record;        /* the limit is --max-record-instructions (a record of a batch) */
  double deadline;       /* monotonic seconds at which the evaluation ends; 0 = none */
  int blown;             /* a budget or interrupt error is unwinding: pcall must not stop it */
} gz_ctx;

/* The globals: a signal handler cannot reach the registry (same as lua.c). */
static volatile sig_atomic_t interrupted = 0;
static volatile sig_atomic_t evaluating = 0; /* depth of gz_pcall calls under way */

static void *gz_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  gz_ctx *c = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    c->mem_used -= old;
    return NULL;
  }
  /* Hard limit a quarter above the budget: the count hook reports the soft limit with a
   * file and line; the hard one stops a single huge block before it reaches malloc. */
  if (c->mem_limit && nsize > old &&
      c->mem_used - old + nsize > c->mem_limit + c->mem_limit / 4) {
    c->mem_refused = 1;
    c->mem_refused_sz = nsize;
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (p) {
    c->mem_used = c->mem_used - old + nsize;
    if (nsize > old) c->allocated += nsize - old;
  }
  return p;
}

static gz_ctx *getctx(lua_State *L) {
  void *ud;
  lua_getallocf(L, &ud);
  return ud;
}

const gz_opts *gz_getopts(lua_State *L) { return &getctx(L)->opts; }

static void fmt_bytes(char *buf, size_t n, size_t v) {
  if (v >= ((size_t)1 << 30)) snprintf(buf, n, "%.1f GiB", v / 1073741824.0);
  else if (v >= ((size_t)1 << 20)) snprintf(buf, n, "%zu MiB", v >> 20);
  else if (v >= 1024) snprintf(buf, n, "%zu KiB", v >> 10); /* a small block or budget: not "0 MiB" */
  else snprintf(buf, n, "%zu bytes", v);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- Ctrl-C ---- */

static void stop_grace_timer(void) {
  struct itimerval off;
  memset(&off, 0, sizeof off);
  setitimer(ITIMER_REAL, &off, NULL);
}

static void say_interrupted_and_exit(void) {
  static const char msg[] = "gazette: interrupted\n";
  ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)w;
  _exit(GZ_EXIT_FAIL);
}

/* While Lua runs, Ctrl-C sets a flag that the count hook and gz_work turn into an
 * "interrupted" error; if nothing notices it within SIGINT_GRACE_US (a long call into C that
 * does not count its work), the process ends. With no evaluation under way it ends at once. */
static void on_sigint(int sig) {
  (void)sig;
  if (!evaluating) say_interrupted_and_exit();
  interrupted = 1;
  struct itimerval t;
  memset(&t, 0, sizeof t);
  t.it_value.tv_usec = SIGINT_GRACE_US;
  setitimer(ITIMER_REAL, &t, NULL);
}

static void on_grace_timer(int sig) {
  (void)sig;
  say_interrupted_and_exit();
}

void gz_signals_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_sigint;
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = on_grace_timer;
  sigaction(SIGALRM, &sa, NULL);
}

int gz_interrupted(void) { return interrupted; }

/* ---- the budgets ---- */

enum { OVER_NONE, OVER_INTERRUPT, OVER_TIME, OVER_INSTRUCTIONS };

/* Which budget the evaluation has passed, if any (consumes an interrupt). */
static int over_budget(gz_ctx *c) {
  if (interrupted) {
    interrupted = 0;
    stop_grace_timer();
    return OVER_INTERRUPT;
  }
  if (c->deadline > 0 && now() > c->deadline) return OVER_TIME;
  if (c->limit &&
      c->ticks * HOOK_EVERY + c->work + (long long)(c->allocated / ALLOC_UNIT) > c->limit)
    return OVER_INSTRUCTIONS;
  return OVER_NONE;
}

static void over_message(gz_ctx *c, int what, char *msg, size_t n) {
  const char *scope = c->per_record ? " per record" : "";
  if (what == OVER_INTERRUPT) snprintf(msg, n, "interrupted");
  else if (what == OVER_TIME)
    snprintf(msg, n, "time budget exceeded (%g s%s; raise it with --max-seconds)", c->opts.max_seconds, scope);
  else
    snprintf(msg, n, "instruction budget exceeded (%lld instructions%s; raise it with %s)", c->limit, scope,
             c->per_record ? "--max-record-instructions" : "--max-instructions");
}

/* Raises msg at the innermost Lua function, marking the budget blown so that no pcall,
 * xpcall, coroutine or message handler of the script can stop it. */
static void raise_at(lua_State *L, lua_Debug *ar, const char *msg) {
  getctx(L)->blown = 1;
  lua_Debug d;
  if (!ar && lua_getstack(L, 0, &d)) ar = &d;
  int level = 1;
  /* from a C function (gz_work), the Lua function that called it */
  while (ar && lua_getinfo(L, "Sl", ar) && ar->currentline <= 0 && lua_getstack(L, level++, &d)) ar = &d;
  if (ar && ar->currentline > 0) lua_pushfstring(L, "%s:%d: %s", ar->short_src, ar->currentline, msg);
  else lua_pushstring(L, msg);
  lua_error(L);
}

static void budget_hook(lua_State *L, lua_Debug *ar) {
  gz_ctx *c = getctx(L);
  char msg[200];
  c->ticks++;
  int what = over_budget(c);
  if (what != OVER_NONE) {
    over_message(c, what, msg, sizeof msg);
    raise_at(L, ar, msg);
  }
  if (c->mem_limit && c->mem_used > c->mem_limit) {
    /* Over the soft limit: collect. Live data still above three quarters of the budget is
     * the script's own; going on would only collect again and again (each time through the
     * whole heap) for the last quarter. */
    lua_gc(L, LUA_GCCOLLECT);
    if (c->mem_used > c->mem_limit - c->mem_limit / 4) {
      char b[32];
      fmt_bytes(b, sizeof b, c->mem_limit);
      snprintf(msg, sizeof msg, "memory budget exceeded (%s; raise it with --max-memory)", b);
      raise_at(L, ar, msg);
    }
  }
}

void gz_work(lua_State *L, long long units) {
  gz_ctx *c = getctx(L);
  c->work += units;
  if (c->work < c->next_check && !interrupted) return;
  c->next_check = c->work + WORK_EVERY;
  int what = over_budget(c);
  if (what != OVER_NONE) {
    char msg[200];
    over_message(c, what, msg, sizeof msg);
    raise_at(L, NULL, msg);
  }
}

int gz_work_poll(lua_State *L, long long units) {
  gz_ctx *c = getctx(L);
  c->work += units;
  if (c->work < c->next_check && !interrupted) return 0;
  c->next_check = c->work + WORK_EVERY;
  int what = over_budget(c);
  if (what == OVER_INTERRUPT) interrupted = 1; /* gz_work_raise reports it */
  return what != OVER_NONE;
}

void gz_work_raise(lua_State *L) {
  gz_ctx *c = getctx(L);
  int what = over_budget(c);
  char msg[200];
  over_message(c, what == OVER_NONE ? OVER_INSTRUCTIONS : what, msg, sizeof msg);
  raise_at(L, NULL, msg);
}

long long gz_work_left(lua_State *L) {
  gz_ctx *c = getctx(L);
  if (!c->limit) return -1;
  long long used = c->ticks * HOOK_EVERY + c->work + (long long)(c->allocated / ALLOC_UNIT);
  return used >= c->limit ? 0 : c->limit - used;
}

size_t gz_mem_left(lua_State *L) {
  gz_ctx *c = getctx(L);
  if (!c->mem_limit) return (size_t)-1;
  return c->mem_used >= c->mem_limit ? 0 : c->mem_limit - c->mem_used;
}

static void budget_start(gz_ctx *c, int per_record) {
  c->ticks = 0;
  c->work = 0;
  c->next_check = WORK_EVERY;
  c->allocated = 0;
  c->mem_refused = 0;
  c->blown = 0;
  c->per_record = per_record;
  c->limit = per_record ? c->opts.max_record_instructions : c->opts.max_instructions;
  c->deadline = c->opts.max_seconds > 0 ? now() + c->opts.max_seconds : 0;
}

void gz_budget_reset(lua_State *L) { budget_start(getctx(L), 0); }
void gz_budget_record(lua_State *L) { budget_start(getctx(L), 1); }

int gz_budget_blown(lua_State *L) { return getctx(L)->blown || getctx(L)->mem_refused; }

/* ---- protected calls and error reporting ---- */

static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    /* an error object's __tostring is the script's code: not once a budget is blown */
    if (!gz_budget_blown(L) && luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  if (gz_getopts(L)->trace) luaL_traceback(L, L, msg, 1);
  else lua_pushstring(L, msg);
  return 1;
}

static int do_pcall(lua_State *L, int nargs, int nresults, int print, int per_record) {
  int base = lua_gettop(L) - nargs;
  gz_ctx *c = getctx(L);
  budget_start(c, per_record);
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  evaluating++;
  int st = lua_pcall(L, nargs, nresults, base);
  evaluating--;
  if (interrupted && !evaluating) { /* Ctrl-C as the evaluation ended: nothing left to stop */
    interrupted = 0;
    stop_grace_timer();
  }
  lua_remove(L, base);
  if (st != LUA_OK) {
    if (c->mem_refused) { /* an allocation refused anywhere: say so, whatever the status */
      char b[32], r[32];
      fmt_bytes(b, sizeof b, c->mem_limit);
      fmt_bytes(r, sizeof r, c->mem_refused_sz);
      lua_pop(L, 1);
      lua_pushfstring(L, "memory budget exceeded: a block of %s was refused (budget %s; raise it with --max-memory)",
                      r, b);
    }
    /* After a memory error, or with the heap past half its budget, collect in full so that the
     * next chunk (or record) starts healthy. Not after every error: a full collection walks the
     * whole heap, stdlib and measures included (about 0.3 ms), and a batch whose records all
     * fail (a column of the wrong kind) took 46 s for 100,000 records instead of about one. */
    if (st == LUA_ERRMEM || c->mem_refused || c->blown || (c->mem_limit && c->mem_used > c->mem_limit / 2))
      lua_gc(L, LUA_GCCOLLECT);
    if (print) {
      fprintf(stderr, "gazette: %s\n", lua_tostring(L, -1));
      lua_pop(L, 1);
    }
  }
  return st;
}

int gz_pcall(lua_State *L, int nargs, int nresults) { return do_pcall(L, nargs, nresults, 1, 0); }
int gz_pcall_quiet(lua_State *L, int nargs, int nresults) { return do_pcall(L, nargs, nresults, 0, 0); }
int gz_pcall_record(lua_State *L, int nargs, int nresults) { return do_pcall(L, nargs, nresults, 0, 1); }

/* ---- a bare state ---- */

lua_State *gz_runtime_new(const gz_opts *o) {
  gz_ctx *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->opts = *o;
  c->mem_limit = o->max_memory;
  lua_State *L = lua_newstate(gz_alloc, c);
  if (!L) {
    free(c);
    return NULL;
  }
  budget_start(c, 0);
  lua_setwarnf(L, NULL, NULL);
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
  gz_signals_install();
  return L;
}

void gz_runtime_close(lua_State *L) {
  if (!L) return;
  gz_ctx *c = getctx(L);
  lua_close(L);
  free(c);
}
