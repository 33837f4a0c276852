/* lhost.c: the host's read-only view of the project for the stdlib (`require "host"`):
 * where the project lives, the folders a measure may come from, listing them and reading
 * data files inside them, and today's date in Beijing. Nothing outside those folders can be read. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/date.h"
#include "core/file.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/ldate.h"
#include "lua/owned.h"

#define HOST_MAX_FILE (256u << 20)

/* The roots: home/stdlib, home/policies, then the --path folders. */
static int host_roots(lua_State *L) {
  const gz_opts *o = gz_getopts(L);
  lua_newtable(L);
  lua_pushfstring(L, "%s/stdlib", gz_home());
  lua_rawseti(L, -2, 1);
  lua_pushfstring(L, "%s/policies", gz_home());
  lua_rawseti(L, -2, 2);
  for (int i = 0; i < o->npaths; i++) {
    lua_pushstring(L, o->paths[i]);
    lua_rawseti(L, -2, i + 3);
  }
  return 1;
}

/* A path is readable when its real path lies inside a root's real path. */
static int inside_roots(lua_State *L, const char *path) {
  char real[PATH_MAX], root[PATH_MAX];
  if (!realpath(path, real)) return 0;
  host_roots(L);
  int n = (int)luaL_len(L, -1), ok = 0;
  for (int i = 1; i <= n && !ok; i++) {
    lua_rawgeti(L, -1, i);
    if (realpath(lua_tostring(L, -1), root)) {
      size_t l = strlen(root);
      ok = strncmp(real, root, l) == 0 && (real[l] == '/' || real[l] == 0);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return ok;
}

/* ---- owned resources ----
 * The DIR* of listdir and the buffer of readfile live in userdata whose __close (at the end
 * of the call) and __gc (when an error unwinds past them, e.g. the memory budget while the
 * listing grows) release them, as liolib does for FILE*: nothing raw is held across a call
 * that can raise (lua/owned.h). */
#define HOST_DIR "gazette.host.dir"
#define HOST_BUF "gazette.host.buffer"

typedef struct hdir {
  DIR *d;
} hdir;
typedef struct hbuf {
  char *p;
} hbuf;

static int hdir_close(lua_State *L) {
  hdir *h = luaL_checkudata(L, 1, HOST_DIR);
  if (h->d) closedir(h->d);
  h->d = NULL;
  return 0;
}

static int hbuf_close(lua_State *L) {
  hbuf *h = luaL_checkudata(L, 1, HOST_BUF);
  free(h->p);
  h->p = NULL;
  return 0;
}

static int host_home(lua_State *L) {
  lua_pushstring(L, gz_home());
  return 1;
}

/* listdir(dir) -> sorted array of {name=, dir=bool}; nil, message on error. */
static int host_listdir(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
  if (!inside_roots(L, dir)) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: not inside stdlib/, policies/ or a --path folder", dir);
    return 2;
  }
  hdir *h = gz_box(L, sizeof *h, HOST_DIR, hdir_close);
  int box = lua_gettop(L);
  h->d = opendir(dir);
  if (!h->d) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", dir, strerror(errno));
    return 2;
  }
  lua_newtable(L);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(h->d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[PATH_MAX];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    if (stat(p, &st) != 0) continue;
    lua_createtable(L, 0, 2);
    lua_pushstring(L, e->d_name);
    lua_setfield(L, -2, "name");
    lua_pushboolean(L, S_ISDIR(st.st_mode));
    lua_setfield(L, -2, "dir");
    lua_rawseti(L, -2, ++n);
  }
  gz_box_close(L, box); /* closedir now, not at the next collection */
  return 1;
}

static int host_readfile(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  if (!inside_roots(L, path)) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: not inside stdlib/, policies/ or a --path folder", path);
    return 2;
  }
  hbuf *h = gz_box(L, sizeof *h, HOST_BUF, hbuf_close);
  int box = lua_gettop(L);
  size_t len;
  h->p = gz_readfile(path, &len, HOST_MAX_FILE);
  if (!h->p) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  lua_pushlstring(L, h->p, len); /* may raise (memory budget): the box frees the buffer */
  gz_box_close(L, box);
  return 1;
}

/* today() -> the date in China Standard Time (UTC+8), the default as-of date of every command. */
static int host_today(lua_State *L) {
  gz_date_push(L, gz_date_today());
  return 1;
}

static const luaL_Reg host_funcs[] = {{"home", host_home},
                                      {"today", host_today},
                                      {"roots", host_roots},
                                      {"listdir", host_listdir},
                                      {"readfile", host_readfile},
                                      {NULL, NULL}};

int luaopen_host(lua_State *L) {
  luaL_newlib(L, host_funcs);
  return 1;
}
