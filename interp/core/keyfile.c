/* keyfile.c: the secret key of the case log (keyfile.h).
 *
 * A hash chain anyone can recompute proves nothing: whoever edits the store recomputes it.  The
 * case log is chained with HMAC-SHA-256 under a key that lives outside the store, in a file
 * only its owner can read, so that rewriting the log needs the key as well as the store.  The
 * key is 32 random bytes (getrandom), written once as 64 hex digits. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/keyfile.h"

const char *gz_keyfile_path(const char *given, char *buf, size_t n) {
  const char *env = getenv("GAZETTE_CASE_KEY"), *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
  if (given && *given) snprintf(buf, n, "%s", given);
  else if (env && *env) snprintf(buf, n, "%s", env);
  else if (xdg && *xdg == '/') snprintf(buf, n, "%s/gazette/case.key", xdg);
  else if (home && *home) snprintf(buf, n, "%s/.local/share/gazette/case.key", home);
  else return NULL;
  return buf;
}

static int fail(char *err, size_t n, const char *path, const char *why) {
  snprintf(err, n, "key file %s: %s", path, why);
  return -1;
}

/* mkdir -p of the folder holding path, new folders 0700. */
static int make_parents(const char *path) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir) return 0;
  *slash = 0;
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int gz_key_random(unsigned char key[GZ_KEY_BYTES]) {
  size_t got = 0;
  while (got < GZ_KEY_BYTES) {
    ssize_t r = getrandom(key + got, GZ_KEY_BYTES - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    got += (size_t)r;
  }
  return 0;
}

static int create_key(const char *path, unsigned char key[GZ_KEY_BYTES], char *err, size_t errlen) {
  char why[300];
  if (make_parents(path) != 0) {
    snprintf(why, sizeof why, "cannot create its folder: %s", strerror(errno));
    return fail(err, errlen, path, why);
  }
  if (gz_key_random(key) != 0) return fail(err, errlen, path, "no random bytes for a new key");
  char text[2 * GZ_KEY_BYTES + 2];
  for (int i = 0; i < GZ_KEY_BYTES; i++) snprintf(text + 2 * i, 3, "%02x", key[i]);
  text[2 * GZ_KEY_BYTES] = '\n';
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return errno == EEXIST ? 2 : fail(err, errlen, path, strerror(errno));
  int ok = write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1) && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok) {
    unlink(path);
    return fail(err, errlen, path, "cannot write the new key");
  }
  return 1;
}

int gz_keyfile_load(const char *path, int create, unsigned char key[GZ_KEY_BYTES], char *err, size_t errlen) {
  char why[300];
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno == ENOENT && create) {
    int rc = create_key(path, key, err, errlen);
    if (rc != 2) return rc;                   /* created (1) or failed (-1) */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW); /* made meanwhile by another process */
  }
  if (fd < 0) {
    if (errno == ENOENT) return fail(err, errlen, path, "does not exist");
    if (errno == ELOOP) return fail(err, errlen, path, "is a symbolic link; name the file itself");
    return fail(err, errlen, path, strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return fail(err, errlen, path, "is not a regular file");
  }
  if (st.st_mode & 077) {
    close(fd);
    snprintf(why, sizeof why, "others may read or change it (mode %04o); make it private with chmod 600 %s",
             (unsigned)(st.st_mode & 07777), path);
    return fail(err, errlen, path, why);
  }
  if (st.st_uid != geteuid()) {
    close(fd);
    return fail(err, errlen, path, "belongs to another user");
  }
  char text[2 * GZ_KEY_BYTES + 8];
  ssize_t n = read(fd, text, sizeof text);
  close(fd);
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' ')) n--;
  if (n != 2 * GZ_KEY_BYTES) return fail(err, errlen, path, "does not hold a key (64 hexadecimal digits)");
  for (int i = 0; i < GZ_KEY_BYTES; i++) {
    int hi = hexval(text[2 * i]), lo = hexval(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return fail(err, errlen, path, "does not hold a key (64 hexadecimal digits)");
    key[i] = (unsigned char)(hi << 4 | lo);
  }
  return 0;
}
