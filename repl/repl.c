/* repl.c: the main loop of `gazette repl`, in the manner of lua.c.
 *
 * Lines are read with GNU readline when stdin is a terminal (prompts, Emacs keys, history
 * kept in ~/.gazette_history or $GAZETTE_HISTORY, completion from complete.c), or plainly
 * from a pipe without prompts, so that sessions are scriptable. Each input goes to the Lua
 * session (stdlib/repl/init.lua: session:handle), which answers "ok", "incomplete" (read
 * another line: the chunk ended at <eof>), "quit" or "error" with a message; this file only
 * prints the message, on stderr, one line.
 *
 * Ctrl-C: while reading, readline's alternate (callback) interface is used so that the
 * SIGINT handler only sets a flag; the read loop then drops the line (and any unfinished
 * multi-line input) and prompts again. While Lua runs, the state's own handler (runtime.c)
 * is in place: it sets a flag the count hook turns into an "interrupted" error, which
 * unwinds to the session's protected call. Nothing jumps out of a signal handler.
 * Ctrl-D on an empty line leaves. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "host/gazette.h"
#include "lauxlib.h"
#include "repl.h"

#define PROMPT "gazette> "
#define PROMPT2 "    ...> "
#define HISTORY_MAX 1000

/* The reading side of the shell: what readline's callbacks need to reach. */
typedef struct repl_io {
  int interactive;
  char histfile[PATH_MAX]; /* "" = no history file */
  struct sigaction eval_sa; /* the state's SIGINT handler, in place while Lua runs */
} repl_io;

/* Set by the SIGINT handler while a line is being read, and by readline's line callback:
 * readline's callback interface has no user data, so they live at file scope. */
static volatile sig_atomic_t read_interrupted;
static char *read_line;
static int read_done;

static void on_read_sigint(int sig) {
  (void)sig;
  read_interrupted = 1;
}

static void on_line(char *line) {
  read_line = line;
  read_done = 1;
  rl_callback_handler_remove();
}

/* Reads one line with readline. Returns 1 with *out (malloc'd), 0 at end of input (Ctrl-D),
 * -1 when Ctrl-C cancelled the line. */
static int read_tty(const char *prompt, char **out) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_read_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: select() must return EINTR */
  sigaction(SIGINT, &sa, &old);
  read_interrupted = 0;
  read_done = 0;
  read_line = NULL;
  rl_callback_handler_install(prompt, on_line);
  int rc = 1;
  while (!read_done) {
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(fileno(rl_instream), &fds);
    int r = select(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL);
    if (read_interrupted) {
      read_interrupted = 0;
      rl_point = rl_end; /* show ^C after what was typed, then a fresh line */
      rl_redisplay();
      fputs("^C", rl_outstream);
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_replace_line("", 0);
      rl_callback_handler_remove();
      fputs("\n", rl_outstream);
      fflush(rl_outstream);
      rc = -1;
      break;
    }
    if (r < 0) {
      if (errno == EINTR) continue;
      rl_callback_handler_remove();
      rc = 0;
      break;
    }
    rl_callback_read_char();
  }
  sigaction(SIGINT, &old, NULL);
  if (rc == 1) {
    *out = read_line;
    if (!read_line) {
      rc = 0;
      fputc('\n', rl_outstream); /* Ctrl-D: leave the terminal on a fresh line */
    }
  }
  return rc;
}

/* Reads one line from a pipe or file, without its newline. 1, or 0 at end of input. */
static int read_plain(char **out) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n < 0) {
    free(line);
    return 0;
  }
  if (n > 0 && line[n - 1] == '\n') line[--n] = 0;
  if (n > 0 && line[n - 1] == '\r') line[--n] = 0;
  *out = line;
  return 1;
}

/* ---- history ---- */

static void history_open(repl_io *io) {
  const char *env = getenv("GAZETTE_HISTORY");
  io->histfile[0] = 0;
  if (env) {
    if (!*env) return; /* GAZETTE_HISTORY= : no history file */
    snprintf(io->histfile, sizeof io->histfile, "%s", env);
  } else {
    const char *home = getenv("HOME");
    if (!home || !*home) return;
    snprintf(io->histfile, sizeof io->histfile, "%s/.gazette_history", home);
  }
  using_history();
  stifle_history(HISTORY_MAX);
  read_history(io->histfile); /* a missing file is not an error */
}

/* Adds an input to the history and appends it to the file at once (a crash loses none).
 * A multi-line input is one entry in memory; in the file each of its lines is one. */
static void history_add(repl_io *io, const char *entry) {
  if (!*entry) return;
  HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
  if (last && strcmp(last->line, entry) == 0) return;
  add_history(entry);
  if (!io->histfile[0]) return;
  FILE *f = fopen(io->histfile, "a");
  if (!f) return;
  fprintf(f, "%s\n", entry);
  fclose(f);
}

static void history_close(repl_io *io) {
  if (io->histfile[0]) history_truncate_file(io->histfile, HISTORY_MAX);
}

/* ---- what the Lua session may ask of the host ---- */

static int host_write(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  fwrite(s, 1, n, stdout);
  fflush(stdout);
  return 0;
}

/* save(path, text) -> true | nil, message: .save writes the session as a script. */
static int host_save(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  size_t n;
  const char *text = luaL_checklstring(L, 2, &n);
  FILE *f = fopen(path, "w");
  if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0) {
    int e = errno;
    luaL_pushfail(L);
    lua_pushstring(L, strerror(e));
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int host_clock(lua_State *L) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  lua_pushnumber(L, (lua_Number)t.tv_sec + t.tv_nsec / 1e9);
  return 1;
}

/* tick(): the instruction budget counts per record in .run/.compare, as in a batch. */
static int host_tick(lua_State *L) {
  gz_budget_record(L); /* a record of .run/.compare: the per-record budgets (runtime.c) */
  return 0;
}

static void push_host(lua_State *L, int interactive) {
  static const luaL_Reg funcs[] = {
      {"write", host_write}, {"save", host_save}, {"clock", host_clock}, {"tick", host_tick}, {NULL, NULL}};
  luaL_newlib(L, funcs);
  lua_pushboolean(L, interactive);
  lua_setfield(L, -2, "interactive");
}

/* ---- one input ---- */

enum { H_OK, H_INCOMPLETE, H_QUIT, H_ERROR };

/* Hands text (starting on input line `line`) to session:handle with the state's SIGINT
 * handler in place. */
static int handle(lua_State *L, int session, repl_io *io, const char *text, long line) {
  struct sigaction old;
  sigaction(SIGINT, &io->eval_sa, &old);
  lua_rawgeti(L, LUA_REGISTRYINDEX, session);
  lua_getfield(L, -1, "handle");
  lua_insert(L, -2);
  lua_pushstring(L, text);
  lua_pushinteger(L, line);
  int st = gz_pcall_quiet(L, 3, 2);
  sigaction(SIGINT, &old, NULL);
  int r = H_OK;
  if (st != LUA_OK) { /* an interrupt, a budget, or a fault of the session itself */
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
    r = H_ERROR;
  } else {
    const char *what = lua_tostring(L, -2);
    if (what && strcmp(what, "incomplete") == 0) r = H_INCOMPLETE;
    else if (what && strcmp(what, "quit") == 0) r = H_QUIT;
    else if (what && strcmp(what, "error") == 0) {
      const char *msg = lua_tostring(L, -1);
      fprintf(stderr, "%s\n", msg ? msg : "error");
      r = H_ERROR;
    }
    lua_pop(L, 2);
  }
  fflush(stdout);
  fflush(stderr);
  return r;
}

/* Appends line to the pending input (joined with newlines). */
static int buf_append(char **buf, size_t *len, const char *line) {
  size_t n = strlen(line);
  char *b = realloc(*buf, *len + n + 2);
  if (!b) return -1;
  if (*len) b[(*len)++] = '\n';
  memcpy(b + *len, line, n + 1);
  *len += n;
  *buf = b;
  return 0;
}

int gz_repl(gz_opts *o, int nstartup, char **startup) {
  repl_io io;
  memset(&io, 0, sizeof io);
  io.interactive = isatty(STDIN_FILENO);
  lua_State *L = gz_newstate(o);
  if (!L) return GZ_EXIT_FAIL;
  sigaction(SIGINT, NULL, &io.eval_sa); /* the handler gz_newstate installed */

  /* session = require("repl").new(host) */
  lua_getglobal(L, "require");
  lua_pushliteral(L, "repl");
  if (gz_pcall(L, 1, 1) != LUA_OK) {
    gz_closestate(L);
    return GZ_EXIT_FAIL;
  }
  lua_getfield(L, -1, "new");
  push_host(L, io.interactive);
  if (gz_pcall(L, 1, 1) != LUA_OK) {
    gz_closestate(L);
    return GZ_EXIT_FAIL;
  }
  int session = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pop(L, 1);

  int status = GZ_EXIT_OK;
  for (int i = 0; i < nstartup; i++)
    if (handle(L, session, &io, startup[i], 1) != H_OK) {
      gz_closestate(L);
      return GZ_EXIT_USAGE;
    }

  if (io.interactive) {
    rl_readline_name = "gazette";
    rl_catch_signals = 0;
    history_open(&io);
    gz_complete_install(L, session);
    printf("gazette %s: .help lists the commands; Lua expressions print their value; Ctrl-D leaves\n",
           GAZETTE_VERSION);
    fflush(stdout);
  }

  char *buf = NULL;
  size_t len = 0;
  long lineno = 0, first = 1; /* input lines read; the line the pending input starts on */
  for (;;) {
    char *line = NULL;
    int r = io.interactive ? read_tty(len ? PROMPT2 : PROMPT, &line) : read_plain(&line);
    if (r < 0) { /* Ctrl-C: forget the pending input */
      len = 0;
      continue;
    }
    if (r == 0) break;
    lineno++;
    /* a piped session names its file's lines; at the keyboard each input is its own chunk */
    if (!len) first = io.interactive ? 1 : lineno;
    if (buf_append(&buf, &len, line) != 0) {
      free(line);
      fprintf(stderr, "gazette repl: out of memory\n");
      status = GZ_EXIT_FAIL;
      break;
    }
    free(line);
    int h = handle(L, session, &io, buf, first);
    if (h == H_INCOMPLETE) continue;
    if (io.interactive) history_add(&io, buf);
    len = 0;
    buf[0] = 0;
    if (h == H_QUIT) break;
    if (h == H_ERROR && !io.interactive) status = GZ_EXIT_FAIL;
  }
  if (len) { /* a piped session ended inside an unfinished chunk */
    fprintf(stderr, "stdin:%ld: unfinished input at the end (a chunk still open: missing 'end' or ')'?)\n", first);
    status = GZ_EXIT_FAIL;
  }
  free(buf);
  if (io.interactive) history_close(&io);
  fflush(stdout);
  luaL_unref(L, LUA_REGISTRYINDEX, session);
  gz_closestate(L);
  return status;
}
