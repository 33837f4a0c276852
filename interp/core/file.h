/* file.h: reading a whole file into memory (file.c). */
#ifndef GZ_FILE_H
#define GZ_FILE_H
#include <stddef.h>

/* Reads a whole file (or stdin for "-") into a malloc'd, NUL-terminated buffer of *len
 * bytes; NULL with errno set (EFBIG when it holds more than max bytes). */
char *gz_readfile(const char *path, size_t *len, size_t max);

#endif
