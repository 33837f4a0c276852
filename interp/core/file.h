/* file.h: reading a whole file into memory (file.c). */
#ifndef GZ_FILE_H
#define GZ_FILE_H
#include <stddef.h>

/* Reads a whole file (or stdin for "-") into a malloc'd, NUL-terminated buffer of *len
 * bytes; NULL with errno set when it cannot: ENOENT and the like from fopen, the read
 * error itself (EIO, EISDIR for a folder) rather than a short buffer, ENOMEM, or EFBIG when
 * the file holds more than max bytes. */
char *gz_readfile(const char *path, size_t *len, size_t max);

#endif
