/* Unit tests for cli.c: option parsing shared by every command. */
#include <stdlib.h>

#include "host/gazette.h"
#include "tap.h"

int main(void) {
  gz_opts o;
  memset(&o, 0, sizeof o);
  char *argv[] = {"run", "--max-memory", "512M", "--max-instructions=1000", "--path", "a", "--trace",
                  "--allow-ffi=libm.so.6", "--db", "x.db", "--calendar-unknown=weekends", NULL};
  int argc = 11, i;
  i = 1;
  is_int(gz_common_opt(argc, argv, &i, &o), 1, "--max-memory is a common option");
  is_int(o.max_memory, 512u << 20, "512M is 512 MiB");
  is_int(i, 2, "the value was consumed");
  i = 3;
  gz_common_opt(argc, argv, &i, &o);
  is_int(o.max_instructions, 1000, "--max-instructions=N form");
  i = 4;
  gz_common_opt(argc, argv, &i, &o);
  is_str(o.paths[0], "a", "--path DIR");
  i = 6;
  gz_common_opt(argc, argv, &i, &o);
  is_int(o.trace, 1, "--trace");
  i = 7;
  gz_common_opt(argc, argv, &i, &o);
  is_str(o.ffi_allow, "libm.so.6", "--allow-ffi=LIBS");
  i = 8;
  is_int(gz_common_opt(argc, argv, &i, &o), 0, "--db is not a common option");
  const char *v = NULL;
  is_int(gz_opt(argc, argv, &i, "--db", &v), 1, "gz_opt finds --db");
  is_str(v, "x.db", "with its value");
  i = 10;
  gz_common_opt(argc, argv, &i, &o);
  is_str(o.calendar_unknown, "weekends", "--calendar-unknown=weekends");
  char *bad[] = {"x", "--max-memory", "lots", NULL};
  i = 1;
  is_int(gz_common_opt(3, bad, &i, &o), -1, "a bad size is refused");
  return done_testing();
}
