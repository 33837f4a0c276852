/* xlsx.c: Excel workbooks through libxlsxwriter, cells typed from Gazette's exact text
 * (xlsx.h says which kind becomes which cell and why). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/xlsx.h"

#define MAX_SHEETS 64
#define MAX_TEXT 32767 /* characters in an Excel cell */

struct gz_xsheet {
  gz_xlsx *x;
  lxw_worksheet *ws;
  char name[128];
  double width[GZ_XLSX_MAX_COLS];
};

struct gz_xlsx {
  lxw_workbook *wb;
  lxw_format *money, *integer, *date, *right, *title, *wrap;
  gz_xsheet *sheets[MAX_SHEETS];
  int nsheets;
  char path[4096];
};

static int failf(char *err, size_t n, const char *what, lxw_error e) {
  if (err && n) snprintf(err, n, "%s: %s", what, lxw_strerror(e));
  return -1;
}

int gz_xlsx_kind(const char *name) {
  static const char *const names[] = {"text", "integer", "money", "decimal", "date", "boolean", "title", NULL};
  for (int i = 0; names[i]; i++)
    if (strcmp(name, names[i]) == 0) return i;
  if (strcmp(name, "ratio") == 0) return GZ_XK_DECIMAL;
  if (strcmp(name, "enum") == 0 || strcmp(name, "district") == 0) return GZ_XK_TEXT;
  return -1;
}

gz_xlsx *gz_xlsx_open(const char *path, char *err, size_t errlen) {
  gz_xlsx *x = calloc(1, sizeof *x);
  if (!x) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  snprintf(x->path, sizeof x->path, "%s", path);
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
  x->wb = workbook_new_opt(path, &opt);
  if (!x->wb) {
    snprintf(err, errlen, "cannot create the workbook %s", path);
    free(x);
    return NULL;
  }
  x->money = workbook_add_format(x->wb);
  format_set_num_format(x->money, "#,##0.00");
  x->integer = workbook_add_format(x->wb);
  format_set_num_format(x->integer, "0");
  x->date = workbook_add_format(x->wb);
  format_set_num_format(x->date, "yyyy-mm-dd");
  x->right = workbook_add_format(x->wb); /* exact amounts kept as text still read as numbers do */
  format_set_align(x->right, LXW_ALIGN_RIGHT);
  x->title = workbook_add_format(x->wb);
  format_set_bold(x->title);
  x->wrap = workbook_add_format(x->wb);
  format_set_text_wrap(x->wrap);
  return x;
}

void gz_xlsx_discard(gz_xlsx *x) {
  if (!x) return;
  /* libxlsxwriter has no "free without writing": write to /dev/null's sibling? No: close into
   * the path and remove it, so that nothing half-made stays. */
  lxw_error e = workbook_close(x->wb);
  (void)e;
  remove(x->path);
  for (int i = 0; i < x->nsheets; i++) free(x->sheets[i]);
  free(x);
}

int gz_xlsx_close(gz_xlsx *x, char *err, size_t errlen) {
  lxw_error e = workbook_close(x->wb);
  for (int i = 0; i < x->nsheets; i++) free(x->sheets[i]);
  free(x);
  if (e != LXW_NO_ERROR) return failf(err, errlen, "writing the workbook", e);
  return 0;
}

gz_xsheet *gz_xlsx_sheet(gz_xlsx *x, const char *name, char *err, size_t errlen) {
  if (x->nsheets == MAX_SHEETS) {
    snprintf(err, errlen, "more than %d sheets", MAX_SHEETS);
    return NULL;
  }
  lxw_error e = workbook_validate_sheet_name(x->wb, name);
  if (e != LXW_NO_ERROR) {
    failf(err, errlen, name, e);
    return NULL;
  }
  gz_xsheet *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->ws = workbook_add_worksheet(x->wb, name);
  if (!s->ws) {
    free(s);
    snprintf(err, errlen, "cannot add the sheet %s", name);
    return NULL;
  }
  s->x = x;
  snprintf(s->name, sizeof s->name, "%s", name);
  x->sheets[x->nsheets++] = s;
  return s;
}

/* ---- widths ---- */

static uint32_t utf8_next(const unsigned char **p, const unsigned char *end) {
  const unsigned char *s = *p;
  uint32_t c = *s++;
  int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (more) c &= (uint32_t)(0x3F >> more);
  while (more-- && s < end && (*s & 0xC0) == 0x80) c = c << 6 | (*s++ & 0x3F);
  *p = s;
  return c;
}

static int wide(uint32_t c) { /* East Asian Wide (W) and Fullwidth (F), the common blocks */
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t gz_display_width(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  size_t w = 0;
  while (p < end) w += wide(utf8_next(&p, end)) ? 2 : 1;
  return w;
}

static void grow(gz_xsheet *s, int col, double w) {
  if (col >= 0 && col < GZ_XLSX_MAX_COLS && w > s->width[col]) s->width[col] = w;
}

void gz_xsheet_fit(gz_xsheet *s) {
  for (int c = 0; c < GZ_XLSX_MAX_COLS; c++)
    if (s->width[c] > 0) {
      double w = s->width[c] + 2;
      worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w < 8 ? 8 : w > 100 ? 100 : w, NULL);
    }
}

/* ---- values ---- */

/* [-]digits[.digits]: *sig the significant digits, *dec the digits after the point. */
static int decimal_text(const char *s, size_t n, int *sig, int *dec) {
  size_t i = 0;
  int digits = 0, lead = 1, d = 0, point = 0, intdigits = 0;
  *sig = *dec = 0;
  if (i < n && s[i] == '-') i++;
  if (i == n) return 0;
  for (; i < n; i++) {
    if (s[i] == '.') {
      if (point || !intdigits) return 0;
      point = 1;
      continue;
    }
    if (s[i] < '0' || s[i] > '9') return 0;
    if (point) d++;
    else intdigits++;
    if (s[i] != '0') lead = 0;
    if (!lead) digits++;
  }
  if (point && !d) return 0;
  /* trailing zeros after the point are not significant */
  if (point)
    for (size_t j = n; j > 0 && s[j - 1] == '0' && d > 0; j--) digits = digits > 0 ? digits - 1 : 0;
  *sig = digits;
  *dec = d;
  return 1;
}

int gz_xlsx_fits_double(const char *s, size_t n) {
  int sig, dec;
  return decimal_text(s, n, &sig, &dec) && sig <= 15;
}

/* "1234567.5" -> width of "1,234,567.50" */
static double money_width(const char *s, size_t n) {
  size_t intd = 0, i = s[0] == '-';
  while (i + intd < n && s[i + intd] != '.') intd++;
  return (double)(i + intd + (intd ? (intd - 1) / 3 : 0) + 3);
}

static int put_string(gz_xsheet *s, int row, int col, const char *text, size_t n, lxw_format *f) {
  char stackbuf[512], *buf = n < sizeof stackbuf ? stackbuf : malloc(n + 4);
  if (!buf) return -1;
  /* at most 32767 characters, cut on a character boundary with an ellipsis */
  size_t chars = 0, i = 0;
  const unsigned char *p = (const unsigned char *)text, *end = p + n;
  while (p < end && chars < MAX_TEXT - 1) {
    utf8_next(&p, end);
    chars++;
  }
  i = (size_t)(p - (const unsigned char *)text);
  memcpy(buf, text, i);
  if (i < n) memcpy(buf + i, "\xE2\x80\xA6", 3), i += 3;
  buf[i] = 0;
  for (size_t k = 0; k < i; k++)
    if (!buf[k]) buf[k] = ' '; /* a NUL inside would end the string early */
  lxw_error e = worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)col, buf, f);
  double w = (double)gz_display_width(buf, i);
  if (buf != stackbuf) free(buf);
  grow(s, col, w);
  return e == LXW_NO_ERROR ? 0 : -1;
}

int gz_xsheet_cell(gz_xsheet *s, int row, int col, int kind, const char *text, size_t n) {
  if (row < 0 || row >= GZ_XLSX_MAX_ROWS || col < 0 || col >= GZ_XLSX_MAX_COLS) return -1;
  if (!text) return 0; /* NULL: an empty cell */
  gz_xlsx *x = s->x;
  lxw_row_t r = (lxw_row_t)row;
  lxw_col_t c = (lxw_col_t)col;
  char num[64];
  int sig, dec;
  switch (kind) {
    case GZ_XK_INTEGER:
      if (decimal_text(text, n, &sig, &dec) && !dec && n < 17 && sig <= 15) {
        memcpy(num, text, n);
        num[n] = 0;
        grow(s, col, (double)n);
        return worksheet_write_number(s->ws, r, c, (double)strtoll(num, NULL, 10), x->integer) == LXW_NO_ERROR ? 0 : -1;
      }
      break;
    case GZ_XK_MONEY:
      if (decimal_text(text, n, &sig, &dec) && dec <= 2) {
        if (sig > 15) return put_string(s, row, col, text, n, x->right); /* beyond a double: exact text */
        memcpy(num, text, n);
        num[n] = 0;
        errno = 0;
        /* strtod rounds to the nearest double: libxlsxwriter's %.16G text of it reads back as
         * the same double, which Excel shows to 15 significant digits: the amount itself */
        double v = strtod(num, NULL);
        grow(s, col, money_width(text, n));
        return worksheet_write_number(s->ws, r, c, v, x->money) == LXW_NO_ERROR ? 0 : -1;
      }
      break;
    case GZ_XK_DECIMAL:
      if (decimal_text(text, n, &sig, &dec) && sig <= 15 && n < sizeof num) {
        memcpy(num, text, n);
        num[n] = 0;
        grow(s, col, (double)n);
        return worksheet_write_number(s->ws, r, c, strtod(num, NULL), NULL) == LXW_NO_ERROR ? 0 : -1;
      }
      if (decimal_text(text, n, &sig, &dec)) return put_string(s, row, col, text, n, x->right);
      break;
    case GZ_XK_DATE:
      if (n == 10 && text[4] == '-' && text[7] == '-') {
        int y = 0, m = 0, d = 0, k = 0;
        if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &k) == 3 && k == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
            (y > 1900 || (y == 1900 && m >= 3)) && y <= 9999) {
          static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
          int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
          if (d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap)) {
            lxw_datetime dt = {y, m, d, 0, 0, 0};
            grow(s, col, 10);
            return worksheet_write_datetime(s->ws, r, c, &dt, x->date) == LXW_NO_ERROR ? 0 : -1;
          }
        }
      }
      break;
    case GZ_XK_BOOLEAN:
      if ((n == 4 && !memcmp(text, "true", 4)) || (n == 1 && text[0] == '1'))
        return grow(s, col, 5), worksheet_write_boolean(s->ws, r, c, 1, NULL) == LXW_NO_ERROR ? 0 : -1;
      if ((n == 5 && !memcmp(text, "false", 5)) || (n == 1 && text[0] == '0'))
        return grow(s, col, 5), worksheet_write_boolean(s->ws, r, c, 0, NULL) == LXW_NO_ERROR ? 0 : -1;
      break;
    case GZ_XK_TITLE:
      return put_string(s, row, col, text, n, x->title);
    default:
      break;
  }
  return put_string(s, row, col, text, n, NULL);
}

int gz_xsheet_table(gz_xsheet *s, int row, int ncols, int last_row) {
  if (ncols < 1) return 0;
  if (row == 0) worksheet_freeze_panes(s->ws, 1, 0);
  if (last_row < row) last_row = row;
  return worksheet_autofilter(s->ws, (lxw_row_t)row, 0, (lxw_row_t)last_row, (lxw_col_t)(ncols - 1)) == LXW_NO_ERROR
             ? 0
             : -1;
}

int gz_xlsx_bar_chart(gz_xlsx *x, gz_xsheet *data, int first, int last, int cat_col, int val_col, const char *title,
                      const char *value_name, gz_xsheet *into, int at_row, int at_col, char *err, size_t errlen) {
  lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
  if (!chart) {
    snprintf(err, errlen, "cannot add a chart");
    return -1;
  }
  lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
  chart_series_set_categories(series, data->name, (lxw_row_t)first, (lxw_col_t)cat_col, (lxw_row_t)last,
                              (lxw_col_t)cat_col);
  chart_series_set_values(series, data->name, (lxw_row_t)first, (lxw_col_t)val_col, (lxw_row_t)last, (lxw_col_t)val_col);
  chart_series_set_name(series, value_name);
  chart_title_set_name(chart, title);
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  lxw_chart_options opt = {0};
  opt.x_scale = 1.6;
  opt.y_scale = last - first + 1 > 10 ? (double)(last - first + 1) / 10.0 : 1.0;
  lxw_error e = worksheet_insert_chart_opt(into->ws, (lxw_row_t)at_row, (lxw_col_t)at_col, chart, &opt);
  return e == LXW_NO_ERROR ? 0 : failf(err, errlen, "inserting the chart", e);
}
