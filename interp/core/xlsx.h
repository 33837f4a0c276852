/* xlsx.h: Excel workbooks (libxlsxwriter) with the cells an analyst needs (xlsx.c), for
 * `gazette run --out FILE.xlsx` and `gazette whatif --out FILE.xlsx`.
 *
 * Every value arrives as the text Gazette prints ("70000.00", "2025-03-01", "I6513") with a
 * kind that says what to make of it:
 *   text     a string cell, always: "=SUM(A1)" stays that text, never a formula
 *   integer  a number cell ("0"), when it has at most 15 digits; else text
 *   money    a number cell formatted #,##0.00 whose XML value libxlsxwriter writes from the
 *            double nearest the exact decimal (Excel reads that double back, and shows 15
 *            significant digits, so the cell shows the amount to the 分); an amount of more than
 *            15 significant digits (10万亿元 and above with 分) cannot be held by Excel and is
 *            written as text, exact
 *   decimal  a ratio or decimal ("0.45"): a number when it has at most 15 significant digits,
 *            else text
 *   date     an ISO date: a date cell (yyyy-mm-dd) from 1900-01-01, text before
 *   boolean  true/false (or 1/0): a boolean cell
 * Text that is not of its kind ("abc" in a money column) is written as text. Column widths
 * fit the longest value counting CJK characters as two columns; a table's header row is
 * frozen and filtered. Memory stays flat (libxlsxwriter's constant_memory mode: rows are
 * written in order, each sheet to its own temporary file). */
#ifndef GZ_XLSX_H
#define GZ_XLSX_H
#include <stddef.h>

enum { GZ_XK_TEXT, GZ_XK_INTEGER, GZ_XK_MONEY, GZ_XK_DECIMAL, GZ_XK_DATE, GZ_XK_BOOLEAN, GZ_XK_TITLE };

#define GZ_XLSX_MAX_ROWS 1048576 /* rows of an Excel sheet, the header included */
#define GZ_XLSX_MAX_COLS 256

typedef struct gz_xlsx gz_xlsx;
typedef struct gz_xsheet gz_xsheet;

/* The kind named "money", "date", ...; -1 when unknown. */
int gz_xlsx_kind(const char *name);

/* A new workbook written to path on gz_xlsx_close. NULL with err set. */
gz_xlsx *gz_xlsx_open(const char *path, char *err, size_t errlen);
/* Writes the file; frees everything. 0, or -1 with err set. */
int gz_xlsx_close(gz_xlsx *x, char *err, size_t errlen);
/* Frees without writing (the file is not created). */
void gz_xlsx_discard(gz_xlsx *x);

/* A sheet (name at most 31 characters, none of []:*?/\). NULL with err set. */
gz_xsheet *gz_xlsx_sheet(gz_xlsx *x, const char *name, char *err, size_t errlen);
/* Writes one cell at (row, col), 0-based; rows must come in order (a row's cells in any
 * order). n: the length of text (text may hold NUL-free UTF-8). text NULL: an empty cell. */
int gz_xsheet_cell(gz_xsheet *s, int row, int col, int kind, const char *text, size_t n);
/* A table: the header row at row, frozen (when row is 0) and filtered down to last_row. */
int gz_xsheet_table(gz_xsheet *s, int row, int ncols, int last_row);
/* Sets each used column's width from the widest value written to it (CJK: 2 columns). */
void gz_xsheet_fit(gz_xsheet *s);
/* A bar chart of values (rows first..last of val_col) by categories (cat_col), titled, placed
 * at (at_row, at_col) of sheet `into`. */
int gz_xlsx_bar_chart(gz_xlsx *x, gz_xsheet *data, int first, int last, int cat_col, int val_col, const char *title,
                      const char *value_name, gz_xsheet *into, int at_row, int at_col, char *err, size_t errlen);

/* Display width of UTF-8 text: East Asian wide and fullwidth characters count 2. */
size_t gz_display_width(const char *s, size_t n);
/* 1 when text is an exact decimal ([-]digits[.digits]) of at most 15 significant digits. */
int gz_xlsx_fits_double(const char *s, size_t n);

#endif
