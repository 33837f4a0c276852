/* cli.c: option parsing shared by every command, so that each command's file only says
 * which options it takes. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/gazette.h"

int gz_flag(char **argv, int i, const char *name) { return strcmp(argv[i], name) == 0; }

int gz_opt(int argc, char **argv, int *i, const char *name, const char **val) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0) return 0;
  if (a[n] == '=') {
    *val = a + n + 1;
    return 1;
  }
  if (a[n] != 0) return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "gazette: option %s needs a value\n", name);
    exit(GZ_EXIT_USAGE);
  }
  *val = argv[++*i];
  return 1;
}

int gz_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "gazette %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\nTry 'gazette help %s'.\n", cmd);
  va_end(ap);
  return GZ_EXIT_USAGE;
}

/* "512M", "1G", "65536" (bytes) -> bytes; 0 on error. */
static size_t parse_size(const char *s) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *s == '-') return 0;
  switch (*end) {
    case 0: break;
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: return 0;
  }
  if (*end == 'i') end++;
  if (*end == 'B' || *end == 'b') end++;
  return *end ? 0 : (size_t)v;
}

int gz_common_opt(int argc, char **argv, int *i, gz_opts *o) {
  const char *v;
  if (gz_opt(argc, argv, i, "--path", &v)) {
    if (o->npaths >= (int)(sizeof o->paths / sizeof o->paths[0])) {
      fprintf(stderr, "gazette: too many --path folders (at most 16)\n");
      return -1;
    }
    o->paths[o->npaths++] = v;
    return 1;
  }
  if (gz_opt(argc, argv, i, "--max-instructions", &v)) {
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || n < 0) {
      fprintf(stderr, "gazette: --max-instructions expects a count (0 = unlimited), got '%s'\n", v);
      return -1;
    }
    o->max_instructions = n;
    return 1;
  }
  if (gz_opt(argc, argv, i, "--max-record-instructions", &v)) {
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || end == v || n < 0) {
      fprintf(stderr, "gazette: --max-record-instructions expects a count (0 = unlimited), got '%s'\n", v);
      return -1;
    }
    o->max_record_instructions = n;
    return 1;
  }
  if (gz_opt(argc, argv, i, "--max-seconds", &v)) {
    char *end;
    errno = 0;
    double s = strtod(v, &end);
    if (errno || *end || end == v || !(s >= 0) || s > 1e9) {
      fprintf(stderr, "gazette: --max-seconds expects a number of seconds such as 2 or 0.5 (0 = unlimited), got '%s'\n", v);
      return -1;
    }
    o->max_seconds = s;
    return 1;
  }
  if (gz_opt(argc, argv, i, "--allow-write", &v)) {
    if (o->nwrite_dirs >= (int)(sizeof o->write_dirs / sizeof o->write_dirs[0])) {
      fprintf(stderr, "gazette: too many --allow-write folders (at most 16)\n");
      return -1;
    }
    struct stat st;
    if (stat(v, &st) != 0 || !S_ISDIR(st.st_mode)) {
      fprintf(stderr, "gazette: --allow-write %s: not a folder\n", v);
      return -1;
    }
    o->write_dirs[o->nwrite_dirs++] = v;
    return 1;
  }
  if (gz_opt(argc, argv, i, "--max-memory", &v)) {
    size_t n = strcmp(v, "0") == 0 ? 0 : parse_size(v);
    if (n == 0 && strcmp(v, "0") != 0) {
      fprintf(stderr, "gazette: --max-memory expects a size such as 512M or 2G (0 = unlimited), got '%s'\n", v);
      return -1;
    }
    o->max_memory = n;
    return 1;
  }
  if (gz_flag(argv, *i, "--trace")) {
    o->trace = 1;
    return 1;
  }
  if (gz_flag(argv, *i, "--allow-ffi")) {
    o->allow_ffi = 1;
    return 1;
  }
  if (strncmp(argv[*i], "--allow-ffi=", 12) == 0) {
    o->allow_ffi = 1;
    o->ffi_allow = argv[*i] + 12;
    return 1;
  }
  if (gz_opt(argc, argv, i, "--calendar", &v)) {
    o->calendar_file = v;
    return 1;
  }
  if (gz_opt(argc, argv, i, "--calendar-unknown", &v)) {
    if (strcmp(v, "weekends") != 0 && strcmp(v, "error") != 0) {
      fprintf(stderr, "gazette: --calendar-unknown expects 'weekends' or 'error', got '%s'\n", v);
      return -1;
    }
    o->calendar_unknown = v;
    return 1;
  }
  return 0;
}
