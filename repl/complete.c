/* complete.c: tab completion for `gazette repl`.
 *
 * - the first word of a line that starts with '.': the dot-commands;
 * - the arguments of a dot-command: what the session says (stdlib/repl/init.lua
 *   session:complete_arg): measure ids after .load, parameter names after .set/.unset,
 *   interpretations and their choices after .interpret, on/off after .timer; plus file
 *   names after .db, .load and .save;
 * - anything else: Lua names, walked in the session's environment without running any
 *   code: `sme.cl` -> `sme.classify`, `m:fe` -> `m:fen` (methods through a metatable's
 *   __index table), globals and keywords.
 *
 * Readline's completion callbacks take no user data, so the state and the session live
 * at file scope while the shell runs. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "lauxlib.h"
#include "repl.h"

#define MAX_CANDS 4096
#define MAX_DEPTH 8 /* __index chains followed */

static lua_State *cL;
static int csession;
static char *cands[MAX_CANDS];
static int ncands, files_too;

static void cands_clear(void) {
  for (int i = 0; i < ncands; i++) free(cands[i]);
  ncands = 0;
  files_too = 0;
}

static void cands_add(const char *s, size_t n) {
  if (ncands >= MAX_CANDS) return;
  for (int i = 0; i < ncands; i++)
    if (strlen(cands[i]) == n && memcmp(cands[i], s, n) == 0) return;
  char *c = malloc(n + 1);
  if (!c) return;
  memcpy(c, s, n);
  c[n] = 0;
  cands[ncands++] = c;
}

static char *generator(const char *text, int state) {
  static int i, fstate;
  if (state == 0) i = fstate = 0;
  if (i < ncands) return strdup(cands[i++]);
  if (!files_too) return NULL;
  char *f = rl_filename_completion_function(text, fstate);
  fstate = 1;
  return f;
}

static int is_ident(const char *s) {
  if (!(isalpha((unsigned char)*s) || *s == '_')) return 0;
  for (s++; *s; s++)
    if (!(isalnum((unsigned char)*s) || *s == '_')) return 0;
  return 1;
}

/* Pushes t[key] for the value at idx: raw lookups through a chain of __index tables (for
 * a non-table, starting at its metatable's __index table). Pushes nil when not found. */
static void lookup(lua_State *L, int idx, const char *key) {
  idx = lua_absindex(L, idx);
  lua_pushvalue(L, idx);
  for (int d = 0; d < MAX_DEPTH; d++) {
    gz_ro_push_real(L, -1); /* a read-only view: the table it shows (docs/sandbox.md) */
    lua_remove(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_pushstring(L, key);
      if (lua_rawget(L, -2) != LUA_TNIL) {
        lua_remove(L, -2);
        return;
      }
      lua_pop(L, 1);
    }
    if (!lua_getmetatable(L, -1)) break;
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_remove(L, -2); /* metatable */
    lua_remove(L, -2); /* previous */
    if (lua_type(L, -1) != LUA_TTABLE) break;
  }
  lua_pop(L, 1);
  lua_pushnil(L);
}

/* Adds every identifier key of the value at idx (and of its __index chain) that starts
 * with partial, as prefix .. key; methods_only keeps functions. */
static void add_keys(lua_State *L, int idx, const char *prefix, size_t plen, const char *partial, int methods_only) {
  size_t n = strlen(partial);
  idx = lua_absindex(L, idx);
  lua_pushvalue(L, idx);
  for (int d = 0; d < MAX_DEPTH; d++) {
    gz_ro_push_real(L, -1);
    lua_remove(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_pushnil(L);
      while (lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
          const char *k = lua_tostring(L, -2);
          if (strncmp(k, partial, n) == 0 && is_ident(k) && strncmp(k, "__", 2) != 0 &&
              (!methods_only || lua_type(L, -1) == LUA_TFUNCTION)) {
            char buf[512];
            int len = snprintf(buf, sizeof buf, "%.*s%s", (int)plen, prefix, k);
            if (len > 0 && (size_t)len < sizeof buf) cands_add(buf, (size_t)len);
          }
        }
        lua_pop(L, 1);
      }
    }
    if (!lua_getmetatable(L, -1)) break;
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_remove(L, -2);
    lua_remove(L, -2);
    if (lua_type(L, -1) != LUA_TTABLE) break;
  }
  lua_pop(L, 1);
}

static const char *const keywords[] = {"and",   "break", "do",    "else",     "elseif", "end",  "false",
                                       "for",   "function", "goto", "if",     "in",     "local", "nil",
                                       "not",   "or",    "repeat", "return",  "then",   "true", "until",
                                       "while", NULL};

/* Lua names: text is the word under the cursor, e.g. "sme.cl" or "m:fe". */
static void complete_lua(lua_State *L, const char *text) {
  const char *sep = NULL;
  for (const char *p = text; *p; p++)
    if (*p == '.' || *p == ':') sep = p;
  int top = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, csession);
  lua_getfield(L, -1, "env"); /* the session's environment: its own names, then _G */
  if (!sep) {
    add_keys(L, -1, "", 0, text, 0);
    for (const char *const *k = keywords; *k; k++)
      if (strncmp(*k, text, strlen(text)) == 0) cands_add(*k, strlen(*k));
  } else {
    /* walk the path before the last separator */
    char part[256];
    const char *p = text;
    int ok = 1;
    while (p < sep) {
      const char *q = p;
      while (q < sep && *q != '.' && *q != ':') q++;
      size_t n = (size_t)(q - p);
      if (n == 0 || n >= sizeof part) {
        ok = 0;
        break;
      }
      memcpy(part, p, n);
      part[n] = 0;
      lookup(L, -1, part);
      lua_remove(L, -2);
      if (lua_isnil(L, -1)) {
        ok = 0;
        break;
      }
      p = q + (q < sep ? 1 : 0);
      if (q == sep) break;
    }
    if (ok) add_keys(L, -1, text, (size_t)(sep - text) + 1, sep + 1, *sep == ':');
  }
  /* the character after a single match: '.' after a table, '(' after a function */
  rl_completion_append_character = ' ';
  if (ncands == 1) {
    const char *c = cands[0];
    const char *last = strrchr(c, '.');
    const char *colon = strrchr(c, ':');
    if (colon > last) last = colon;
    lookup(L, -1, last ? last + 1 : c);
    if (!last) { /* top level: the lookup was relative to the env; redo from it */
      lua_pop(L, 1);
      lua_rawgeti(L, LUA_REGISTRYINDEX, csession);
      lua_getfield(L, -1, "env");
      lookup(L, -1, c);
    }
    if (lua_type(L, -1) == LUA_TTABLE) rl_completion_append_character = '.';
    else if (lua_type(L, -1) == LUA_TFUNCTION) rl_completion_append_character = '(';
  }
  lua_settop(L, top);
}

/* Arguments of a dot-command: the session's candidates, plus file names. */
static void complete_dot_arg(lua_State *L, const char *cmd, size_t cmdlen, int argn, const char *text) {
  int top = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, csession);
  lua_getfield(L, -1, "complete_arg");
  lua_insert(L, -2);
  lua_pushlstring(L, cmd, cmdlen);
  lua_pushinteger(L, argn);
  lua_pushstring(L, text);
  /* the words of the line, for commands whose candidates depend on earlier ones */
  lua_newtable(L);
  int i = 1;
  const char *p = rl_line_buffer;
  while (*p) {
    while (*p && isspace((unsigned char)*p)) p++;
    const char *q = p;
    while (*q && !isspace((unsigned char)*q)) q++;
    if (q > p) {
      lua_pushlstring(L, p, (size_t)(q - p));
      lua_rawseti(L, -2, i++);
    }
    p = q;
  }
  if (gz_pcall_quiet(L, 5, 2) == LUA_OK) {
    if (lua_istable(L, -2)) {
      lua_Integer n = luaL_len(L, -2);
      for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, -2, k);
        size_t l;
        const char *s = lua_tolstring(L, -1, &l);
        if (s) cands_add(s, l);
        lua_pop(L, 1);
      }
    }
    files_too = lua_isstring(L, -1) && strcmp(lua_tostring(L, -1), "files") == 0;
  }
  lua_settop(L, top);
  rl_completion_append_character = ' ';
  if (files_too) rl_filename_completion_desired = 1;
}

static void complete_dot_names(lua_State *L, const char *text) {
  int top = lua_gettop(L);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "repl");
  if (gz_pcall_quiet(L, 1, 1) == LUA_OK) {
    lua_getfield(L, -1, "command_names");
    if (gz_pcall_quiet(L, 0, 1) == LUA_OK && lua_istable(L, -1)) {
      lua_Integer n = luaL_len(L, -1);
      for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, -1, k);
        const char *s = lua_tostring(L, -1);
        if (s && strncmp(s, text, strlen(text)) == 0) cands_add(s, strlen(s));
        lua_pop(L, 1);
      }
    }
  }
  lua_settop(L, top);
  rl_completion_append_character = ' ';
}

static char **complete(const char *text, int start, int end) {
  (void)end;
  rl_attempted_completion_over = 1; /* no fallback to file names unless asked */
  cands_clear();
  const char *line = rl_line_buffer;
  int i = 0;
  while (line[i] == ' ' || line[i] == '\t') i++;
  if (line[i] == '.' && line[i + 1] != '.') {
    int j = i;
    while (line[j] && !isspace((unsigned char)line[j])) j++;
    if (start <= j && start <= i + 1) {
      complete_dot_names(cL, text);
    } else {
      int argn = 0, k = j;
      while (k < start) { /* count the words between the command and the cursor */
        while (k < start && isspace((unsigned char)line[k])) k++;
        if (k >= start) break;
        argn++;
        while (k < start && !isspace((unsigned char)line[k])) k++;
      }
      complete_dot_arg(cL, line + i + 1, (size_t)(j - i - 1), argn + 1, text);
    }
  } else {
    complete_lua(cL, text);
  }
  if (ncands == 0 && !files_too) return NULL;
  return rl_completion_matches(text, generator);
}

/* In Lua, '.' and ':' belong to a word (sme.classify, m:fen) and operators end one; after
 * a dot-command only blanks do (chaoyang.startup-jobs-subsidy, data/pop-1.db). */
static char *word_breaks(void) {
  static char lua_breaks[] = " \t\n\"'`@$><=;|&{(,+-*/%^#~[]";
  static char dot_breaks[] = " \t\n";
  const char *p = rl_line_buffer;
  while (*p == ' ' || *p == '\t') p++;
  return p[0] == '.' && p[1] != '.' ? dot_breaks : lua_breaks;
}

void gz_complete_install(lua_State *L, int session) {
  cL = L;
  csession = session;
  rl_attempted_completion_function = complete;
  rl_completion_word_break_hook = word_breaks;
  rl_completer_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^#~[]";
}
