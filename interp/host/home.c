/* home.c: where stdlib/ and policies/ live: $GAZETTE_HOME, else beside the binary (a build
 * tree), else PREFIX/share/gazette next to PREFIX/bin, else the configured GZ_DATADIR. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/gazette.h"

#ifndef GZ_DATADIR
#define GZ_DATADIR "/usr/local/share/gazette"
#endif

static int has_stdlib(const char *dir) {
  char p[PATH_MAX];
  struct stat st;
  if ((size_t)snprintf(p, sizeof p, "%s/stdlib/init.lua", dir) >= sizeof p) return 0; /* no such path */
  return stat(p, &st) == 0;
}

const char *gz_home(void) {
  static char home[PATH_MAX]; /* computed once per process, never changes */
  if (home[0]) return home;
  const char *env = getenv("GAZETTE_HOME");
  if (env && *env && has_stdlib(env)) {
    snprintf(home, sizeof home, "%s", env);
    return home;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    if (has_stdlib(exe)) { /* a build tree: ./gazette beside stdlib/ */
      snprintf(home, sizeof home, "%s", exe);
      return home;
    }
    char shared[PATH_MAX];
    if ((size_t)snprintf(shared, sizeof shared, "%s/../share/gazette", exe) < sizeof shared && has_stdlib(shared) &&
        realpath(shared, home))
      return home; /* installed: PREFIX/bin */
  }
  snprintf(home, sizeof home, "%s", GZ_DATADIR);
  return home;
}
