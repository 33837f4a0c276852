/* runtime.c: what every Gazette Lua state carries while it runs: its options, the memory
 * and instruction budgets, Ctrl-C, and the protected call that resets the budgets and turns
 * errors into one line. The state is put together (libraries, modules, sandbox, stdlib) in
 * state.c; the sandbox reads the budgets from here. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "host/gazette.h"
#include "lauxlib.h"

#define HOOK_EVERY 1000 /* instructions between budget checks */

typedef struct gz_ctx {
  gz_opts opts;
  size_t mem_used, mem_limit;
  int mem_refused;       /* the allocator refused a block because of the budget */
  size_t mem_refused_sz; /* size of the block it refused */
  long long ticks;       /* instructions run in this evaluation, in HOOK_EVERY steps */
  int blown;             /* a budget or interrupt error is unwinding: pcall must not stop it */
} gz_ctx;

/* The one global: a signal handler cannot reach the registry (same as lua.c). */
static volatile sig_atomic_t interrupted = 0;

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
  if (p) c->mem_used = c->mem_used - old + nsize;
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
  else snprintf(buf, n, "%zu MiB", v >> 20);
}

/* Raised from the count hook: the location is the Lua function that was running. */
static void hook_error(lua_State *L, lua_Debug *ar, const char *msg) {
  getctx(L)->blown = 1;
  if (ar && lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
    lua_pushfstring(L, "%s:%d: %s", ar->short_src, ar->currentline, msg);
  else
    lua_pushstring(L, msg);
  lua_error(L);
}

static void budget_hook(lua_State *L, lua_Debug *ar) {
  gz_ctx *c = getctx(L);
  char msg[160];
  if (interrupted) {
    interrupted = 0;
    hook_error(L, ar, "interrupted");
  }
  c->ticks++;
  if (c->opts.max_instructions && c->ticks * HOOK_EVERY > c->opts.max_instructions) {
    snprintf(msg, sizeof msg, "instruction budget exceeded (%lld instructions; raise it with --max-instructions)",
             c->opts.max_instructions);
    hook_error(L, ar, msg);
  }
  if (c->mem_limit && c->mem_used > c->mem_limit) {
    char b[32];
    fmt_bytes(b, sizeof b, c->mem_limit);
    lua_gc(L, LUA_GCCOLLECT);
    if (c->mem_used > c->mem_limit) {
      snprintf(msg, sizeof msg, "memory budget exceeded (%s; raise it with --max-memory)", b);
      hook_error(L, ar, msg);
    }
  }
}

void gz_budget_reset(lua_State *L) {
  gz_ctx *c = getctx(L);
  c->ticks = 0;
  c->mem_refused = 0;
  c->blown = 0;
}

int gz_budget_blown(lua_State *L) { return getctx(L)->blown || getctx(L)->mem_refused; }

static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
}

/* ---- protected calls and error reporting ---- */

static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) msg = lua_tostring(L, -1);
    else msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  if (gz_getopts(L)->trace) luaL_traceback(L, L, msg, 1);
  else lua_pushstring(L, msg);
  return 1;
}

static int do_pcall(lua_State *L, int nargs, int nresults, int print) {
  int base = lua_gettop(L) - nargs;
  gz_budget_reset(L);
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  int st = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  if (st != LUA_OK) {
    gz_ctx *c = getctx(L);
    if (st == LUA_ERRMEM && c->mem_refused) {
      char b[32], r[32];
      fmt_bytes(b, sizeof b, c->mem_limit);
      fmt_bytes(r, sizeof r, c->mem_refused_sz);
      lua_pop(L, 1);
      lua_pushfstring(L, "memory budget exceeded: a block of %s was refused (budget %s; raise it with --max-memory)",
                      r, b);
    }
    lua_gc(L, LUA_GCCOLLECT); /* leave the host healthy for the next chunk */
    if (print) {
      fprintf(stderr, "gazette: %s\n", lua_tostring(L, -1));
      lua_pop(L, 1);
    }
  }
  return st;
}

int gz_pcall(lua_State *L, int nargs, int nresults) { return do_pcall(L, nargs, nresults, 1); }
int gz_pcall_quiet(lua_State *L, int nargs, int nresults) { return do_pcall(L, nargs, nresults, 0); }

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
  lua_setwarnf(L, NULL, NULL);
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
  signal(SIGINT, on_sigint);
  return L;
}

void gz_runtime_close(lua_State *L) {
  if (!L) return;
  gz_ctx *c = getctx(L);
  lua_close(L);
  free(c);
}
