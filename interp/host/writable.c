/* writable.c: where scripts may create or change files (docs/sandbox.md).
 *
 * Reads are confined to stdlib/, policies/ and the --path folders (lua/lhost.c); writes are
 * confined the same way, to what the user named on the command line: the --path and
 * --allow-write folders, and the files a command was given (--db, --store). A path is
 * judged by the real path of its folder, so neither "..", nor a symbolic link, nor a file
 * that is itself a link leads out of an allowed folder. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/gazette.h"

/* The real path of path's folder joined with its last component, in out. A file that exists
 * and is a symbolic link is resolved in full. 0 when the folder does not exist. */
static int real_target(const char *path, char *out) {
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) return realpath(path, out) != NULL;
  char dir[PATH_MAX], real[PATH_MAX];
  if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) return 0;
  char *slash = strrchr(dir, '/');
  const char *base = path;
  if (slash) {
    base = path + (slash - dir) + 1;
    if (slash == dir) slash[1] = 0;
    else *slash = 0;
  } else {
    snprintf(dir, sizeof dir, ".");
  }
  if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) return 0;
  if (!realpath(dir, real)) return 0;
  /* a path too long to hold is not resolved (a cut path would name another file) */
  int n = snprintf(out, PATH_MAX, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
  return n >= 0 && n < PATH_MAX;
}

static int inside(const char *real, const char *dir) {
  char root[PATH_MAX];
  if (!realpath(dir, root)) return 0;
  size_t l = strlen(root);
  if (l == 1 && root[0] == '/') return 1;
  return strncmp(real, root, l) == 0 && real[l] == '/';
}

int gz_may_write(lua_State *L, const char *path, char *err, size_t errlen) {
  const gz_opts *o = gz_getopts(L);
  if (strcmp(path, ":memory:") == 0) return 1; /* no file at all */
  char real[PATH_MAX];
  if (!real_target(path, real)) {
    snprintf(err, errlen, "cannot create or write %s: its folder does not exist", path);
    return 0;
  }
  for (int i = 0; i < o->npaths; i++)
    if (inside(real, o->paths[i])) return 1;
  for (int i = 0; i < o->nwrite_dirs; i++)
    if (inside(real, o->write_dirs[i])) return 1;
  for (int i = 0; i < o->nwrite_files; i++) {
    char given[PATH_MAX];
    if (real_target(o->write_files[i], given) && strcmp(given, real) == 0) return 1;
  }
  char named[600] = "";
  size_t n = 0;
  for (int i = 0; i < o->npaths && n < sizeof named - 1; i++)
    n += (size_t)snprintf(named + n, sizeof named - n, "%s%s (--path)", n ? ", " : "", o->paths[i]);
  for (int i = 0; i < o->nwrite_dirs && n < sizeof named - 1; i++)
    n += (size_t)snprintf(named + n, sizeof named - n, "%s%s (--allow-write)", n ? ", " : "", o->write_dirs[i]);
  for (int i = 0; i < o->nwrite_files && n < sizeof named - 1; i++)
    n += (size_t)snprintf(named + n, sizeof named - n, "%s%s", n ? ", " : "", o->write_files[i]);
  snprintf(err, errlen, "cannot create or write %s: scripts may write only in %s; name its folder with --allow-write DIR",
           path, n ? named : "the folders named with --path or --allow-write (none given)");
  return 0;
}
