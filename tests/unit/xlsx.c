/* Unit tests for the Excel writer (core/xlsx.c): each kind of cell, read back from the file by
 * the test suite's reader (tests/cli/data/xlsx_read.py: zipfile and xml.etree). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xlsx.h"
#include "tap.h"

static char out[65536];

/* Output of `xlsx_read.py FILE ARGS` (run from the repository root, as prove runs the suite). */
static const char *reader(const char *file, const char *args) {
  char cmd[4400];
  snprintf(cmd, sizeof cmd, "python3 tests/cli/data/xlsx_read.py '%s' %s 2>&1", file, args);
  FILE *p = popen(cmd, "r");
  size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
  out[n] = 0;
  if (p) pclose(p);
  while (n && out[n - 1] == '\n') out[--n] = 0;
  return out;
}

static void cell(gz_xsheet *s, int row, int col, int kind, const char *text) {
  gz_xsheet_cell(s, row, col, kind, text, text ? strlen(text) : 0);
}

int main(void) {
  is_int(gz_display_width("北京ab", strlen("北京ab")), 6, "display width: a CJK character counts 2");
  is_int(gz_display_width("（朝阳）", strlen("（朝阳）")), 8, "  fullwidth parentheses too");
  is_int(gz_display_width("abc", 3), 3, "  ASCII 1");
  ok(gz_xlsx_fits_double("99999999999.99", 14), "13 significant digits fit a double");
  ok(gz_xlsx_fits_double("9999999999999.99", 16), "15 fit");
  ok(!gz_xlsx_fits_double("12345678901234567.89", 20), "19 do not");
  ok(gz_xlsx_fits_double("70000.00", 8), "trailing zeros after the point do not count");
  ok(!gz_xlsx_fits_double("1.2.3", 5) && !gz_xlsx_fits_double("", 0) && !gz_xlsx_fits_double(".5", 2),
     "malformed decimals are not numbers");
  is_int(gz_xlsx_kind("money"), GZ_XK_MONEY, "kind names");
  is_int(gz_xlsx_kind("ratio"), GZ_XK_DECIMAL, "  a ratio is a decimal");
  is_int(gz_xlsx_kind("nope"), -1, "  an unknown kind is -1");

  char path[] = "/tmp/gz-xlsx-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  char file[64];
  snprintf(file, sizeof file, "%s.xlsx", path);
  unlink(path);
  char err[300] = "";
  gz_xlsx *x = gz_xlsx_open(file, err, sizeof err);
  ok(x != NULL, "a workbook opens (%s)", err);
  if (!x) return done_testing();
  gz_xsheet *s = gz_xlsx_sheet(x, "results", err, sizeof err);
  static const char *const head[] = {"name", "amount", "count", "on", "ok", "rate"};
  for (int c = 0; c < 6; c++) cell(s, 0, c, GZ_XK_TITLE, head[c]);
  static const char *const rows[][6] = {
      {"=SUM(A1)", "0.07", "42", "2025-03-01", "true", "0.45"},
      {"北京某某科技有限公司", "99999999999.99", "1234567890123456789", "1899-12-31", "false", "0.3333333333333333"},
      {"+cmd|' /C calc'!A0", "12345678901234567.89", "-7", "2024-02-29", "maybe", "1.5"},
      {"@SUM(1)", "abc", "x", "2025-02-30", "1", "-0.01"},
      {"-1+1", "-1234.5", NULL, NULL, NULL, NULL},
      {"普通", "9999999999999.99", "0", "1900-03-01", "0", "100"},
  };
  static const int kinds[6] = {GZ_XK_TEXT, GZ_XK_MONEY, GZ_XK_INTEGER, GZ_XK_DATE, GZ_XK_BOOLEAN, GZ_XK_DECIMAL};
  for (int r = 0; r < 6; r++)
    for (int c = 0; c < 6; c++) cell(s, r + 1, c, kinds[c], rows[r][c]);
  gz_xsheet_table(s, 0, 6, 6);
  gz_xsheet_fit(s);
  gz_xsheet *sum = gz_xlsx_sheet(x, "by group", err, sizeof err);
  cell(sum, 0, 0, GZ_XK_TITLE, "district");
  cell(sum, 0, 1, GZ_XK_TITLE, "cost change");
  cell(sum, 1, 0, GZ_XK_TEXT, "朝阳区");
  cell(sum, 1, 1, GZ_XK_MONEY, "120000.00");
  cell(sum, 2, 0, GZ_XK_TEXT, "海淀区");
  cell(sum, 2, 1, GZ_XK_MONEY, "-30000.50");
  ok(gz_xlsx_bar_chart(x, sum, 1, 2, 0, 1, "cost change by district", "cost change", sum, 1, 3, err, sizeof err) == 0,
     "a bar chart is added (%s)", err);
  ok(gz_xlsx_sheet(x, "bad/name", err, sizeof err) == NULL, "a sheet name with / is refused: %s", err);
  ok(gz_xlsx_close(x, err, sizeof err) == 0, "the workbook is written (%s)", err);

  is_str(reader(file, "sheets"), "results\nby group", "two sheets, in order");
  reader(file, "cells results");
  char *lines[8] = {0};
  int nl = 0;
  for (char *p = strtok(out, "\n"); p && nl < 8; p = strtok(NULL, "\n")) lines[nl++] = p;
  is_int(nl, 7, "a header and six rows");
  is_str(lines[0], "s:name\ts:amount\ts:count\ts:on\ts:ok\ts:rate", "the header is text");
  is_str(lines[1], "s:=SUM(A1)\tm:0.07000000000000001\tn:42\td:2025-03-01\tb:true\tn:0.45",
         "=SUM(A1) stays text; 0.07 a money number (the double nearest 0.07); 42; a date; a boolean; 0.45");
  is_str(lines[2], "s:北京某某科技有限公司\tm:99999999999.99001\ts:1234567890123456789\ts:1899-12-31\tb:false\ts:0.3333333333333333",
         "CJK text; 19 digits and a date before 1900 stay exact text; 16 significant digits of a ratio too");
  is_str(lines[3], "s:+cmd|' /C calc'!A0\ts:12345678901234567.89\tn:-7\td:2024-02-29\ts:maybe\tn:1.5",
         "a DDE-like text stays text; an amount past 15 digits is exact text; 2024-02-29 is a date");
  is_str(lines[4], "s:@SUM(1)\ts:abc\ts:x\ts:2025-02-30\tb:true\tn:-0.01",
         "what is not of its kind is written as text, never lost");
  is_str(lines[5], "s:-1+1\tm:-1234.5", "NULLs are empty cells");
  is_str(lines[6], "s:普通\tm:9999999999999.99\tn:0\td:1900-03-01\tb:false\tn:100", "15 significant digits stay a number");
  /* Excel reads 0.07000000000000001 back as the double nearest 0.07, and shows 0.07 */
  ok(strtod("0.07000000000000001", NULL) == strtod("0.07", NULL), "the text libxlsxwriter writes for 0.07 reads as 0.07");
  ok(strtod("99999999999.99001", NULL) == strtod("99999999999.99", NULL),
     "and its text for 99999999999.99 reads back as the double nearest 99999999999.99 (shown 99,999,999,999.99)");
  /* For every amount of at most 15 significant digits this holds: the %.16G text of the double
   * nearest the amount is within half a unit of that double's last place, so it reads back as
   * that double. A sample of 200,000 amounts around the hard cases (leading 9s, many digits): */
  int all = 1;
  char a[40], b[40];
  for (long long k = 0; k < 200000 && all; k++) {
    long long fen = (k % 2 ? 999999999999999LL : 100000000000000LL) - k * 7919;
    snprintf(a, sizeof a, "%lld.%02lld", fen / 100, fen % 100);
    double v = strtod(a, NULL);
    snprintf(b, sizeof b, "%.16G", v);
    if (strtod(b, NULL) != v) all = 0;
    snprintf(b, sizeof b, "%.2f", v); /* what #,##0.00 shows, without the separators */
    if (strcmp(b, a) != 0) all = 0;
  }
  ok(all, "200,000 amounts of 15 significant digits: the written text reads back as the amount's double, shown to the 分");
  reader(file, "info results");
  ok(strstr(out, "frozen A2") != NULL, "the header row is frozen");
  ok(strstr(out, "filter A1:F7") != NULL, "a filter over the table");
  ok(strstr(out, "1=22") != NULL, "column A fits 北京某某科技有限公司 (10 CJK characters = 20, + 2)");
  reader(file, "info \"by group\"");
  ok(strstr(out, "charts barChart(bar) 'by group'!$A$2:$A$3 'by group'!$B$2:$B$3") != NULL,
     "a native bar chart of the change by group");
  unlink(file);
  return done_testing();
}
