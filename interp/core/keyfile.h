/* keyfile.h: a secret key kept in a file of its own, outside the data it protects (keyfile.c):
 * the key of the case store's HMAC chain (lua/lcasestore.c). */
#ifndef GZ_KEYFILE_H
#define GZ_KEYFILE_H
#include <stddef.h>

#define GZ_KEY_BYTES 32

/* The key file to use: `given` (--key-file), else $GAZETTE_CASE_KEY, else
 * $XDG_DATA_HOME/gazette/case.key, else $HOME/.local/share/gazette/case.key.  Returns buf, or
 * NULL when no path can be made (no HOME). */
const char *gz_keyfile_path(const char *given, char *buf, size_t n);

/* Reads the key at path (64 hex digits).  When the file does not exist and create is set, makes
 * a new random key there (its folder 0700, the file 0600); otherwise that is an error.  A key
 * file that others may read or write (any group or other permission bit), that is not a regular
 * file, or that belongs to another user is refused.  Returns 1 when it was created, 0 when it
 * was read, -1 with the reason in err. */
int gz_keyfile_load(const char *path, int create, unsigned char key[GZ_KEY_BYTES], char *err, size_t errlen);

/* A random key of its own for a store that lives in memory. Returns 0, or -1. */
int gz_key_random(unsigned char key[GZ_KEY_BYTES]);

#endif
