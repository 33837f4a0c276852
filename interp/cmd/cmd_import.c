/* cmd_import.c: `gazette import FILE.csv --db F.db --table T`, a CSV (UTF-8 or GBK/GB18030)
 * into a SQLite table with column types inferred or given, every rejected line reported with
 * its number and reason, nothing dropped silently (docs/records.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "cmd/commands.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/file.h"
#include "core/money.h"
#include "host/gazette.h"

const char cmd_import_help[] =
    "load a CSV file (UTF-8 or GBK/GB18030) into a SQLite table, with type checks\n"
    "usage: gazette import FILE.csv --db FILE.db --table T [options]\n"
    "The first line is the header. Each column's type is inferred from all its values (integer,\n"
    "decimal, money, date, boolean, else text) unless --type gives it; empty fields are NULL.\n"
    "A line that does not fit (wrong number of fields, a value that does not convert to its\n"
    "column's type, bytes that are not text in the encoding, a broken quote) is rejected and\n"
    "reported as FILE:LINE: reason on stderr; the other lines are loaded.\n"
    "options:\n"
    "  --db FILE.db            the database (created if missing)\n"
    "  --table T               the table (created; see --append and --replace when it exists)\n"
    "  --encoding E            utf-8, gbk, gb18030 or any iconv name; default: utf-8 when the file\n"
    "                          is valid UTF-8, else gb18030 (which reads GBK and GB2312)\n"
    "  --map 'HEADER=column'   rename a column (repeat, or separate with commas); known Chinese\n"
    "                          headers (统一社会信用代码, 企业名称, 成立日期, ...) map to the contract's\n"
    "                          names unless --keep-headers\n"
    "  --type column=TYPE      text, integer, decimal, money, date or boolean (repeat, or commas)\n"
    "  --delimiter C           field separator: ',' (default), ';', '|' or 'tab'\n"
    "  --append                add rows to an existing table\n"
    "  --replace               drop an existing table first\n"
    "  --keep-headers          keep header names as they are\n"
    "  --rejects FILE.csv      also write the rejected lines there (UTF-8, after the header), to\n"
    "                          fix and import again with --append\n"
    "  --max-bytes N           refuse larger files (default 1073741824)\n"
    "exit status: 0 every line loaded; 1 some lines rejected (the rest loaded) or the database\n"
    "could not be written; 2 bad options, a missing, unreadable, oversized or empty file, or a bad\n"
    "header (nothing loaded).\n"
    "See docs/records.md.\n";

enum { C_TEXT, C_INTEGER, C_DECIMAL, C_MONEY, C_DATE, C_BOOLEAN, C_NTYPES };
static const char *const ctype_names[] = {"text", "integer", "decimal", "money", "date", "boolean"};
static const char *const ctype_sql[] = {"TEXT", "INTEGER", "TEXT", "TEXT", "TEXT", "INTEGER"};

/* Headers of government and bank exports, to the contract's column names (section 5). */
static const char *const known_headers[][2] = {
    {"统一社会信用代码", "uscc"},    {"社会信用代码", "uscc"},       {"信用代码", "uscc"},
    {"企业名称", "name"},            {"单位名称", "name"},           {"名称", "name"},
    {"注册地", "reg_district"},      {"注册区", "reg_district"},     {"注册地区", "reg_district"},
    {"纳税地", "tax_district"},      {"纳税区", "tax_district"},     {"税务登记地", "tax_district"},
    {"成立日期", "established_on"},  {"成立时间", "established_on"}, {"行业代码", "industry_code"},
    {"国民经济行业代码", "industry_code"}, {"从业人员", "employees"}, {"从业人数", "employees"},
    {"职工人数", "employees"},       {"营业收入", "revenue"},        {"资产总额", "total_assets"},
    {"是否正常经营", "operating_normally"}, {"正常经营", "operating_normally"},
    {"朝阳户籍新增就业人数", "chaoyang_hukou_hires"},
};

typedef struct col {
  char *src;  /* header as read */
  char *name; /* column name in the table */
  int type;   /* C_* */
  int given;  /* --type given */
  long nvals, fits[C_NTYPES]; /* non-empty values; how many fit each type */
  long first_misfit[C_NTYPES]; /* line of the first value that does not fit */
} col;

typedef struct rec {
  long line;
  size_t raw_off, raw_len; /* the record's text (UTF-8), for --rejects */
  char **f; /* fields (NULL: rejected) */
  const char *why;
  /* the longest reason: "column NAME: 'VALUE...' is WHY", with NAME up to 128 bytes (the
   * header check), VALUE cut at 60 and WHY at 200 (imp_bind's buffer) */
  char whybuf[512];
} rec;

/* ---- values ---- */

static int imp_isint(const char *s, size_t n) {
  size_t i = (s[0] == '-' || s[0] == '+');
  if (i == n || n - i > 18) return 0;
  if (s[i] == '0' && n - i > 1) return 0; /* "007" is a code, not a number */
  for (; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

static int imp_isdecimal(const char *s, size_t n) {
  size_t i = (s[0] == '-' || s[0] == '+'), digits = 0, dot = 0;
  for (; i < n; i++) {
    if (s[i] >= '0' && s[i] <= '9') digits++;
    else if (s[i] == '.' && !dot) dot = 1;
    else return 0;
  }
  size_t a = (s[0] == '-' || s[0] == '+');
  if (s[a] == '0' && a + 1 < n && s[a + 1] != '.') return 0; /* "007" is a code */
  return digits > 0 && digits <= 30 && s[n - 1] != '.' && s[a] != '.';
}

static int imp_hasunit(const char *s) {
  return strstr(s, "元") || strstr(s, "万") || strstr(s, "亿") || strstr(s, "¥") || strstr(s, "￥") || strchr(s, ',');
}

static int imp_bool(const char *s, size_t n) { /* 1 true, 0 false, -1 neither */
  if (strcmp(s, "是") == 0 || (n == 4 && strncasecmp(s, "true", 4) == 0)) return 1;
  if (strcmp(s, "否") == 0 || (n == 5 && strncasecmp(s, "false", 5) == 0)) return 0;
  return -1;
}

static int imp_fits(int type, const char *s, size_t n) {
  int64_t fen;
  int32_t day;
  const char *err;
  switch (type) {
    case C_TEXT: return 1;
    case C_INTEGER: return imp_isint(s, n);
    case C_DECIMAL: return imp_isdecimal(s, n);
    case C_MONEY: return gz_money_parse(s, n, &fen, &err) == 0;
    case C_DATE: return !imp_isdecimal(s, n) && gz_date_parse(s, n, &day, NULL, 0) == 0;
    case C_BOOLEAN: return imp_bool(s, n) >= 0 || (n == 1 && (s[0] == '0' || s[0] == '1'));
  }
  return 0;
}

/* Binds a value of the column's type; returns NULL or why it does not convert. */
static const char *imp_bind(sqlite3_stmt *st, int k, int type, const char *s, size_t n, char *why, size_t whylen) {
  int64_t fen;
  int32_t day;
  const char *err = NULL;
  char buf[40];
  switch (type) {
    case C_INTEGER:
      if (!imp_isint(s, n)) return "not an integer";
      sqlite3_bind_int64(st, k, strtoll(s, NULL, 10));
      return NULL;
    case C_DECIMAL:
      if (!imp_isdecimal(s, n)) return "not a decimal number";
      sqlite3_bind_text(st, k, s, (int)n, SQLITE_TRANSIENT);
      return NULL;
    case C_MONEY:
      if (gz_money_parse(s, n, &fen, &err) != 0) {
        snprintf(why, whylen, "not money (%s)", err ? err : "?");
        return why;
      }
      sqlite3_bind_text(st, k, buf, (int)gz_money_plain(fen, buf, sizeof buf), SQLITE_TRANSIENT);
      return NULL;
    case C_DATE:
      if (gz_date_parse(s, n, &day, NULL, 0) != 0) return "not a date (2022-07-08, 2022/7/8 or 2022年7月8日)";
      gz_date_format(day, buf);
      sqlite3_bind_text(st, k, buf, 10, SQLITE_TRANSIENT);
      return NULL;
    case C_BOOLEAN: {
      int b = imp_bool(s, n);
      if (b < 0 && n == 1 && (s[0] == '0' || s[0] == '1')) b = s[0] - '0';
      if (b < 0) return "not a boolean (是/否, true/false, 1/0)";
      sqlite3_bind_int(st, k, b);
      return NULL;
    }
    default: sqlite3_bind_text(st, k, s, (int)n, SQLITE_TRANSIENT); return NULL;
  }
}

/* ---- options ---- */

typedef struct kv {
  const char *k, *v;
} kv;

/* Splits "a=b,c=d" into pairs (modifies s); returns the count or -1. */
static int imp_pairs(char *s, kv *out, int max, int *n) {
  for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
    char *eq = strchr(tok, '=');
    if (!eq || eq == tok || !eq[1] || *n == max) return -1;
    *eq = 0;
    out[*n].k = tok;
    out[*n].v = eq + 1;
    (*n)++;
  }
  return *n;
}

static void imp_trim(char *s) {
  size_t n = strlen(s), a = 0;
  while (a < n && (s[a] == ' ' || s[a] == '\t')) a++;
  while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  memmove(s, s + a, n - a);
  s[n - a] = 0;
}

/* ---- the import, step by step ----
 * cmd_import: imp_options, then imp_read (bytes, decoded to UTF-8), imp_parse (the header
 * and every record, each checked), imp_infer (column types), imp_open (the database and the
 * table's state), imp_prepare (BEGIN, DROP, CREATE, the INSERT), imp_insert (every record,
 * rejected lines reported), COMMIT, imp_write_rejects, imp_report; imp_free releases all. */

#define MAX_PAIRS 512
#define MAX_OWNED 64

typedef struct imp_opts {
  const char *file, *dbpath, *table, *encoding, *rejects_path;
  int append, replace, keep;
  char delim;
  size_t max;
  kv maps[MAX_PAIRS], types[MAX_PAIRS];
  int nmaps, ntypes;
  char *owned[MAX_OWNED]; /* copies the pairs point into */
  int nowned;
} imp_opts;

typedef struct importer {
  imp_opts *o;
  char *raw, *text; /* the file as read; as UTF-8 (may be raw itself, then raw is NULL) */
  size_t len;
  const char *enc_used;
  int utf8;
  long *badlines; /* lines with bytes that did not decode */
  size_t nbad;
  gz_csv c;
  col *cols;
  int ncols;
  size_t header_off, header_len;
  rec *recs;
  long nrecs, caprecs, blank, rejected, loaded;
  sqlite3 *db;
  sqlite3_stmt *ins;
  char *qtable; /* the table name quoted as an SQL identifier */
  int exists;
} importer;

static int imp_oom(importer *im) {
  fprintf(stderr, "gazette import: out of memory reading '%s'\n", im->o->file);
  return GZ_EXIT_FAIL;
}

/* ---- options ---- */

/* --map and --type: NAME=VALUE pairs, repeated or separated by commas. */
static int imp_pair_opt(imp_opts *o, int is_map, const char *v) {
  if (o->nowned == MAX_OWNED) return gz_usage_error("import", "too many --map/--type options");
  char *copy = o->owned[o->nowned++] = strdup(v);
  if (!copy || imp_pairs(copy, is_map ? o->maps : o->types, MAX_PAIRS, is_map ? &o->nmaps : &o->ntypes) < 0)
    return gz_usage_error("import", "%s takes NAME=%s pairs, got '%.60s'", is_map ? "--map" : "--type",
                          is_map ? "column" : "TYPE", v);
  return GZ_EXIT_OK;
}

/* The values the options carry: required ones present, delimiter, size and types valid. */
static int imp_check_opts(imp_opts *o, const char *delim_s, const char *max_s) {
  if (!o->file) return gz_usage_error("import", "which file? gazette import FILE.csv --db FILE.db --table T");
  if (!o->dbpath) return gz_usage_error("import", "--db FILE.db is required");
  if (!o->table || !*o->table) return gz_usage_error("import", "--table T is required");
  if (o->append && o->replace) return gz_usage_error("import", "--append or --replace, not both");
  if (delim_s) {
    if (strcmp(delim_s, "tab") == 0 || strcmp(delim_s, "\\t") == 0) o->delim = '\t';
    else if (strlen(delim_s) == 1 && delim_s[0] != '"' && delim_s[0] != '\n' && delim_s[0] != '\r') o->delim = delim_s[0];
    else return gz_usage_error("import", "--delimiter must be one character or 'tab', got '%.20s'", delim_s);
  }
  if (max_s) {
    char *end;
    errno = 0;
    unsigned long long m = strtoull(max_s, &end, 10);
    if (errno || end == max_s || *end || m == 0) return gz_usage_error("import", "--max-bytes must be a positive number");
    o->max = (size_t)m;
  }
  for (int t = 0; t < o->ntypes; t++) {
    int k = -1;
    for (int j = 0; j < C_NTYPES; j++)
      if (strcmp(o->types[t].v, ctype_names[j]) == 0) k = j;
    if (k < 0)
      return gz_usage_error("import", "--type %s=%s: unknown type (text, integer, decimal, money, date, boolean)",
                            o->types[t].k, o->types[t].v);
  }
  return GZ_EXIT_OK;
}

static int imp_options(int argc, char **argv, gz_opts *go, imp_opts *o) {
  const char *delim_s = NULL, *max_s = NULL;
  o->delim = ',';
  o->max = (size_t)1 << 30;
  for (int i = 1; i < argc; i++) {
    if (gz_opt(argc, argv, &i, "--db", &o->dbpath) || gz_opt(argc, argv, &i, "--table", &o->table) ||
        gz_opt(argc, argv, &i, "--encoding", &o->encoding) || gz_opt(argc, argv, &i, "--delimiter", &delim_s) ||
        gz_opt(argc, argv, &i, "--max-bytes", &max_s) || gz_opt(argc, argv, &i, "--rejects", &o->rejects_path))
      continue;
    const char *mv = NULL, *tv = NULL;
    if (gz_opt(argc, argv, &i, "--map", &mv) || gz_opt(argc, argv, &i, "--type", &tv)) {
      int rc = imp_pair_opt(o, mv != NULL, mv ? mv : tv);
      if (rc) return rc;
      continue;
    }
    if (gz_flag(argv, i, "--append")) o->append = 1;
    else if (gz_flag(argv, i, "--replace")) o->replace = 1;
    else if (gz_flag(argv, i, "--keep-headers")) o->keep = 1;
    else {
      int c = gz_common_opt(argc, argv, &i, go);
      if (c < 0) return GZ_EXIT_USAGE;
      if (c) continue;
      if (argv[i][0] == '-' && argv[i][1]) return gz_usage_error("import", "unknown option '%s'", argv[i]);
      if (o->file) return gz_usage_error("import", "one CSV file at a time ('%s' and '%s')", o->file, argv[i]);
      o->file = argv[i];
    }
  }
  return imp_check_opts(o, delim_s, max_s);
}

/* ---- read and decode ---- */

static int imp_read(importer *im) {
  const imp_opts *o = im->o;
  im->enc_used = "UTF-8";
  im->raw = gz_readfile(o->file, &im->len, o->max);
  if (!im->raw) {
    if (errno == EFBIG)
      fprintf(stderr, "gazette import: '%s' is larger than %zu bytes; raise --max-bytes to read it\n", o->file, o->max);
    else
      fprintf(stderr, "gazette import: cannot read '%s': %s\n", o->file, strerror(errno));
    return GZ_EXIT_USAGE;
  }
  if (im->len == 0) {
    fprintf(stderr, "gazette import: '%s' is empty: expected a header line and data lines\n", o->file);
    return GZ_EXIT_USAGE;
  }
  im->utf8 = o->encoding ? (strcasecmp(o->encoding, "utf-8") == 0 || strcasecmp(o->encoding, "utf8") == 0)
                         : gz_utf8_valid(im->raw, im->len);
  if (im->utf8) {
    im->text = im->raw;
    im->raw = NULL;
    return GZ_EXIT_OK;
  }
  im->enc_used = o->encoding ? o->encoding : "GB18030";
  im->text = gz_to_utf8(im->raw, im->len, im->enc_used, &im->len, &im->badlines, &im->nbad);
  if (!im->text) {
    fprintf(stderr, "gazette import: cannot decode '%s' as %s: %s\n", o->file, im->enc_used,
            errno == EINVAL ? "unknown encoding (try utf-8, gbk or gb18030)" : strerror(errno));
    return GZ_EXIT_USAGE;
  }
  return GZ_EXIT_OK;
}

/* ---- the header ---- */

/* Why a column name cannot be used, or NULL. */
static const char *imp_bad_name(const char *name) {
  if (!*name) return "is empty (every column needs a name; --map can give one)";
  if (strlen(name) > 128) return "is longer than 128 bytes";
  if (!gz_utf8_valid(name, strlen(name))) return "is not valid text";
  for (const char *p = name; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) return "holds a control character";
  if (strncasecmp(name, "sqlite_", 7) == 0) return "starts with sqlite_ (reserved)";
  return NULL;
}

/* Column k from header field f: its source name, its name (--map, else a known header). */
static int imp_name_column(importer *im, int k, const char *f, long line) {
  const imp_opts *o = im->o;
  col *c = &im->cols[k];
  c->src = strdup(f);
  if (!c->src) return imp_oom(im);
  imp_trim(c->src);
  const char *name = c->src;
  for (int m = 0; m < o->nmaps; m++)
    if (strcmp(o->maps[m].k, name) == 0) name = o->maps[m].v;
  if (name == c->src && !o->keep)
    for (size_t h = 0; h < sizeof known_headers / sizeof known_headers[0]; h++)
      if (strcmp(known_headers[h][0], name) == 0) name = known_headers[h][1];
  c->name = strdup(name);
  if (!c->name) return imp_oom(im);
  const char *bad = imp_bad_name(c->name);
  if (bad) {
    fprintf(stderr, "gazette import: %s:%ld: header column %d %s\n", o->file, line, k + 1, bad);
    return GZ_EXIT_USAGE;
  }
  for (int j = 0; j < k; j++)
    if (strcasecmp(im->cols[j].name, c->name) == 0) {
      fprintf(stderr, "gazette import: %s:%ld: header columns %d and %d are both '%s'; --map one to another name\n",
              o->file, line, j + 1, k + 1, c->name);
      return GZ_EXIT_USAGE;
    }
  return GZ_EXIT_OK;
}

/* Every --map names a header column; every --type names one and sets its type. */
static int imp_apply_maps_types(importer *im) {
  const imp_opts *o = im->o;
  for (int m = 0; m < o->nmaps; m++) {
    int found = 0;
    for (int k = 0; k < im->ncols; k++) found |= strcmp(im->cols[k].src, o->maps[m].k) == 0;
    if (!found) {
      fprintf(stderr, "gazette import: --map %s=%s: the header has no column '%s'\n", o->maps[m].k, o->maps[m].v,
              o->maps[m].k);
      return GZ_EXIT_USAGE;
    }
  }
  for (int t = 0; t < o->ntypes; t++) {
    int found = 0;
    for (int k = 0; k < im->ncols; k++)
      if (strcmp(im->cols[k].name, o->types[t].k) == 0 || strcmp(im->cols[k].src, o->types[t].k) == 0) {
        found = 1;
        im->cols[k].given = 1;
        for (int j = 0; j < C_NTYPES; j++)
          if (strcmp(o->types[t].v, ctype_names[j]) == 0) im->cols[k].type = j;
      }
    if (!found) {
      fprintf(stderr, "gazette import: --type %s=%s: the header has no column '%s'\n", o->types[t].k, o->types[t].v,
              o->types[t].k);
      return GZ_EXIT_USAGE;
    }
  }
  return GZ_EXIT_OK;
}

/* The current record is the header (first holds its line; encbad: undecodable bytes). */
static int imp_header(importer *im, long first, int encbad) {
  gz_csv *c = &im->c;
  if (c->err || encbad) {
    fprintf(stderr, "gazette import: %s:%ld: the header line is malformed: %s\n", im->o->file, first,
            encbad ? "bytes that are not text in the encoding" : c->err);
    return GZ_EXIT_USAGE;
  }
  im->ncols = c->nf;
  im->cols = calloc((size_t)im->ncols, sizeof *im->cols);
  if (!im->cols) return imp_oom(im);
  for (int k = 0; k < im->ncols; k++) {
    size_t fl;
    int rc = imp_name_column(im, k, gz_csv_field(c, k, &fl), first);
    if (rc) return rc;
  }
  return imp_apply_maps_types(im);
}

/* ---- data lines ---- */

static rec *imp_new_rec(importer *im) {
  if (im->nrecs == im->caprecs) {
    long n = im->caprecs ? im->caprecs * 2 : 1024;
    rec *nr = realloc(im->recs, (size_t)n * sizeof *nr);
    if (!nr) return NULL;
    im->recs = nr;
    im->caprecs = n;
  }
  rec *x = &im->recs[im->nrecs++];
  memset(x, 0, sizeof *x);
  return x;
}

/* Copies the current record's fields into x, or says why the line is rejected. */
static int imp_record(importer *im, rec *x, int encbad) {
  gz_csv *c = &im->c;
  if (encbad) x->why = im->utf8 ? "bytes that are not UTF-8" : "bytes that are not text in the encoding (wrong --encoding?)";
  else if (c->err) {
    snprintf(x->whybuf, sizeof x->whybuf, "%s%s%.0d", c->err, c->err_field ? " in field " : "", c->err_field);
    x->why = x->whybuf;
  } else if (c->nf != im->ncols) {
    snprintf(x->whybuf, sizeof x->whybuf, "%d fields, the header has %d", c->nf, im->ncols);
    x->why = x->whybuf;
  }
  if (x->why) return GZ_EXIT_OK;
  x->f = calloc((size_t)im->ncols, sizeof *x->f);
  if (!x->f) return imp_oom(im);
  for (int k = 0; k < im->ncols; k++) {
    size_t fl;
    const char *f = gz_csv_field(c, k, &fl);
    if (!x->why && !gz_utf8_valid(f, fl)) {
      snprintf(x->whybuf, sizeof x->whybuf, "column %s: bytes that are not UTF-8 (a GBK file? --encoding gbk)",
               im->cols[k].name);
      x->why = x->whybuf;
    }
    if (fl != strlen(f) && !x->why) {
      snprintf(x->whybuf, sizeof x->whybuf, "column %s: a NUL byte in the value", im->cols[k].name);
      x->why = x->whybuf;
    }
    x->f[k] = strdup(f);
    if (!x->f[k]) return imp_oom(im);
  }
  return GZ_EXIT_OK;
}

/* Every record; the first that is not blank is the header. */
static int imp_parse(importer *im) {
  gz_csv *c = &im->c;
  gz_csv_init(c, im->text, im->len, im->o->delim);
  size_t badi = 0;
  int r, rc;
  const char *rec_start = c->p;
  while ((r = gz_csv_next(c)) == 1) {
    size_t raw_off = (size_t)(rec_start - im->text), raw_len = (size_t)(c->p - rec_start);
    rec_start = c->p;
    long first = c->rec_line, last = c->line - 1 >= first ? c->line - 1 : first;
    while (badi < im->nbad && im->badlines[badi] < first) badi++;
    int encbad = badi < im->nbad && im->badlines[badi] <= last;
    size_t l0;
    gz_csv_field(c, 0, &l0);
    int blank = c->nf == 1 && l0 == 0;
    if (!im->ncols) { /* the header */
      if (blank && !c->err && !encbad) {
        im->blank++;
        continue;
      }
      im->header_off = raw_off;
      im->header_len = raw_len;
      if ((rc = imp_header(im, first, encbad))) return rc;
      continue;
    }
    if (blank && !c->err) {
      im->blank++;
      continue;
    }
    rec *x = imp_new_rec(im);
    if (!x) return imp_oom(im);
    x->line = first;
    x->raw_off = raw_off;
    x->raw_len = raw_len;
    if ((rc = imp_record(im, x, encbad))) return rc;
  }
  if (r < 0) return imp_oom(im);
  if (!im->ncols) {
    fprintf(stderr, "gazette import: '%s' has no header line\n", im->o->file);
    return GZ_EXIT_USAGE;
  }
  return GZ_EXIT_OK;
}

/* ---- types ---- */

static const int infer_order[] = {C_BOOLEAN, C_INTEGER, C_DECIMAL, C_DATE, C_MONEY};

/* Each column's type from every value of the well-formed lines, unless --type gave it. */
static void imp_infer(importer *im) {
  col *cols = im->cols;
  for (long i = 0; i < im->nrecs; i++) {
    if (im->recs[i].why) continue;
    for (int k = 0; k < im->ncols; k++) {
      const char *s = im->recs[i].f[k];
      size_t n = strlen(s);
      if (!n) continue;
      cols[k].nvals++;
      for (int t = 1; t < C_NTYPES; t++) {
        if (imp_fits(t, s, n) && (t != C_MONEY || imp_hasunit(s) || cols[k].given)) cols[k].fits[t]++;
        else if (!cols[k].first_misfit[t]) cols[k].first_misfit[t] = im->recs[i].line;
      }
    }
  }
  for (int k = 0; k < im->ncols; k++) {
    if (cols[k].given || !cols[k].nvals) continue;
    for (size_t j = 0; j < sizeof infer_order / sizeof infer_order[0]; j++)
      if (cols[k].fits[infer_order[j]] == cols[k].nvals) {
        cols[k].type = infer_order[j];
        break;
      }
    /* a 0/1 column is boolean only if it has words too; digits alone stay integers */
    if (cols[k].type == C_BOOLEAN && cols[k].fits[C_INTEGER] == cols[k].nvals) cols[k].type = C_INTEGER;
  }
}

/* ---- write ---- */

/* A failed database step: the message, ROLLBACK, exit 1. */
static int imp_dberr(importer *im, char *err) {
  fprintf(stderr, "gazette import: writing table '%s' of '%s': %s\n", im->o->table, im->o->dbpath,
          err ? err : sqlite3_errmsg(im->db));
  sqlite3_free(err);
  sqlite3_exec(im->db, "ROLLBACK", NULL, NULL, NULL);
  return GZ_EXIT_FAIL;
}

/* Opens the database and learns whether the table exists (refused unless --append/--replace). */
static int imp_open(importer *im) {
  const imp_opts *o = im->o;
  if (sqlite3_open_v2(o->dbpath, &im->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    fprintf(stderr, "gazette import: cannot open '%s': %s\n", o->dbpath, im->db ? sqlite3_errmsg(im->db) : "out of memory");
    return GZ_EXIT_FAIL;
  }
  sqlite3_busy_timeout(im->db, 5000);
  im->qtable = sqlite3_mprintf("\"%w\"", o->table);
  if (!im->qtable) return imp_oom(im);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(im->db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1", -1, &st, NULL) !=
      SQLITE_OK) {
    fprintf(stderr, "gazette import: '%s' is not a SQLite database: %s\n", o->dbpath, sqlite3_errmsg(im->db));
    return GZ_EXIT_USAGE;
  }
  sqlite3_bind_text(st, 1, o->table, -1, SQLITE_STATIC);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE) return imp_dberr(im, NULL); /* e.g. locked */
  im->exists = step == SQLITE_ROW;
  if (im->exists && !o->append && !o->replace) {
    fprintf(stderr, "gazette import: table '%s' already exists in '%s'; --append adds to it, --replace replaces it\n",
            o->table, o->dbpath);
    return GZ_EXIT_USAGE;
  }
  return GZ_EXIT_OK;
}

/* Column k's name as an SQL identifier, added to q. */
static void imp_add_ident(gz_buf *q, const char *name) {
  char *id = sqlite3_mprintf("\"%w\"", name);
  if (!id) q->failed = 1;
  else gz_buf_add(q, id, strlen(id));
  sqlite3_free(id);
}

/* CREATE TABLE with the inferred types (an integer column named id is the primary key). */
static void imp_create_sql(importer *im, gz_buf *q) {
  gz_buf_add(q, "CREATE TABLE ", 13);
  gz_buf_add(q, im->qtable, strlen(im->qtable));
  gz_buf_add(q, " (", 2);
  for (int k = 0; k < im->ncols; k++) {
    const col *c = &im->cols[k];
    const char *type = strcmp(c->name, "id") == 0 && c->type == C_INTEGER ? "INTEGER PRIMARY KEY" : ctype_sql[c->type];
    if (k) gz_buf_add(q, ", ", 2);
    imp_add_ident(q, c->name);
    gz_buf_add(q, " ", 1);
    gz_buf_add(q, type, strlen(type));
  }
  gz_buf_add(q, ")", 1);
}

/* INSERT INTO t (columns...) VALUES (?1, ...). */
static void imp_insert_sql(importer *im, gz_buf *q) {
  char num[24];
  gz_buf_add(q, "INSERT INTO ", 12);
  gz_buf_add(q, im->qtable, strlen(im->qtable));
  gz_buf_add(q, " (", 2);
  for (int k = 0; k < im->ncols; k++) {
    if (k) gz_buf_add(q, ", ", 2);
    imp_add_ident(q, im->cols[k].name);
  }
  gz_buf_add(q, ") VALUES (", 10);
  for (int k = 0; k < im->ncols; k++) {
    int n = snprintf(num, sizeof num, "%s?%d", k ? ", " : "", k + 1);
    gz_buf_add(q, num, (size_t)n);
  }
  gz_buf_add(q, ")", 1);
}

/* BEGIN; the table dropped (--replace) and created unless it stays (--append); the INSERT. */
static int imp_prepare(importer *im) {
  char *err = NULL;
  if (sqlite3_exec(im->db, "BEGIN", NULL, NULL, &err) != SQLITE_OK) return imp_dberr(im, err);
  if (im->exists && im->o->replace) {
    char *drop = sqlite3_mprintf("DROP TABLE %s", im->qtable);
    if (!drop) {
      sqlite3_exec(im->db, "ROLLBACK", NULL, NULL, NULL);
      return imp_oom(im);
    }
    int rc = sqlite3_exec(im->db, drop, NULL, NULL, &err);
    sqlite3_free(drop);
    if (rc != SQLITE_OK) return imp_dberr(im, err);
    im->exists = 0;
  }
  gz_buf q = {0};
  if (!im->exists) imp_create_sql(im, &q);
  if (!gz_buf_failed(&q) && q.len) {
    int rc = sqlite3_exec(im->db, q.p, NULL, NULL, &err);
    gz_buf_free(&q);
    if (rc != SQLITE_OK) return imp_dberr(im, err);
  }
  imp_insert_sql(im, &q);
  if (gz_buf_failed(&q)) {
    gz_buf_free(&q);
    sqlite3_exec(im->db, "ROLLBACK", NULL, NULL, NULL);
    return imp_oom(im);
  }
  int rc = sqlite3_prepare_v2(im->db, q.p, -1, &im->ins, NULL);
  gz_buf_free(&q);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "gazette import: table '%s' in '%s' does not take these columns: %s\n", im->o->table,
            im->o->dbpath, sqlite3_errmsg(im->db));
    sqlite3_exec(im->db, "ROLLBACK", NULL, NULL, NULL);
    return GZ_EXIT_USAGE;
  }
  return GZ_EXIT_OK;
}

/* Binds and inserts one well-formed record; a value that does not convert (or a row SQLite
 * refuses) rejects it with the reason. */
static void imp_insert_rec(importer *im, rec *x) {
  for (int k = 0; k < im->ncols && !x->why; k++) {
    const char *s = x->f[k];
    size_t sl = strlen(s);
    if (!sl) {
      sqlite3_bind_null(im->ins, k + 1);
      continue;
    }
    char why[200];
    const char *w = imp_bind(im->ins, k + 1, im->cols[k].type, s, sl, why, sizeof why);
    if (w) {
      snprintf(x->whybuf, sizeof x->whybuf, "column %s: '%.60s%s' is %s", im->cols[k].name, s, sl > 60 ? "..." : "", w);
      x->why = x->whybuf;
    }
  }
  if (!x->why && sqlite3_step(im->ins) != SQLITE_DONE) {
    snprintf(x->whybuf, sizeof x->whybuf, "%s", sqlite3_errmsg(im->db));
    x->why = x->whybuf;
  }
  sqlite3_reset(im->ins);
  sqlite3_clear_bindings(im->ins);
}

/* Every record: inserted, or reported as FILE:LINE: reason. */
static void imp_insert(importer *im) {
  for (long i = 0; i < im->nrecs; i++) {
    rec *x = &im->recs[i];
    if (!x->why) imp_insert_rec(im, x);
    if (x->why) {
      im->rejected++;
      fprintf(stderr, "%s:%ld: %s\n", im->o->file, x->line, x->why);
    } else
      im->loaded++;
  }
}

/* --rejects: the header and every rejected line as read (UTF-8), to fix and import again. */
static void imp_write_rejects(importer *im) {
  const char *path = im->o->rejects_path;
  FILE *rf = fopen(path, "wb");
  int ok = rf != NULL;
  if (ok) {
    const char *h = im->text + im->header_off;
    ok = fwrite(h, 1, im->header_len, rf) == im->header_len;
    if (ok && im->header_len && h[im->header_len - 1] != '\n') ok = fputc('\n', rf) != EOF;
    for (long i = 0; ok && i < im->nrecs; i++) {
      const rec *x = &im->recs[i];
      if (!x->why) continue;
      const char *t = im->text + x->raw_off;
      ok = fwrite(t, 1, x->raw_len, rf) == x->raw_len;
      if (ok && x->raw_len && t[x->raw_len - 1] != '\n') ok = fputc('\n', rf) != EOF;
    }
    ok = fclose(rf) == 0 && ok;
  }
  if (!ok) {
    fprintf(stderr, "gazette import: cannot write the rejected lines to '%s': %s\n", path, strerror(errno));
    im->rejected = im->rejected ? im->rejected : 1;
  }
}

/* The summary line, then each column with its type (and how to type a nearly typed one). */
static void imp_report(const importer *im) {
  const imp_opts *o = im->o;
  long loaded = im->loaded, rejected = im->rejected, blank = im->blank;
  printf("%s: %ld line%s loaded into table %s of %s (%s)", o->file, loaded, loaded == 1 ? "" : "s", o->table,
         o->dbpath, im->enc_used);
  if (rejected)
    printf("; %ld rejected (listed on stderr%s%s)", rejected, o->rejects_path ? " and in " : "",
           o->rejects_path ? o->rejects_path : "");
  if (blank) printf("; %ld blank line%s skipped", blank, blank == 1 ? "" : "s");
  printf("\n");
  for (int k = 0; k < im->ncols; k++) {
    const col *c = &im->cols[k];
    int renamed = strcmp(c->name, c->src) != 0;
    printf("  %s%s%s%s: %s%s", c->name, renamed ? " (" : "", renamed ? c->src : "", renamed ? ")" : "",
           ctype_names[c->type], c->given ? " (given)" : c->nvals ? "" : " (no values)");
    /* a text column that is nearly all numbers or dates: say how to make it typed */
    if (c->type == C_TEXT && !c->given && c->nvals >= 10)
      for (size_t j = 0; j < sizeof infer_order / sizeof infer_order[0]; j++) {
        int t = infer_order[j];
        if (c->fits[t] * 10 >= c->nvals * 9) {
          printf("; %ld of %ld values are %s (first other at line %ld): --type %s=%s rejects the others", c->fits[t],
                 c->nvals, ctype_names[t], c->first_misfit[t], c->name, ctype_names[t]);
          break;
        }
      }
    printf("\n");
  }
}

static void imp_free(importer *im) {
  sqlite3_finalize(im->ins);
  sqlite3_close(im->db);
  sqlite3_free(im->qtable);
  gz_csv_free(&im->c);
  for (long i = 0; i < im->nrecs; i++) {
    if (im->recs[i].f)
      for (int k = 0; k < im->ncols; k++) free(im->recs[i].f[k]);
    free(im->recs[i].f);
  }
  free(im->recs);
  for (int k = 0; im->cols && k < im->ncols; k++) {
    free(im->cols[k].src);
    free(im->cols[k].name);
  }
  free(im->cols);
  free(im->badlines);
  free(im->text);
  free(im->raw);
}

/* Reads, checks and types every line, then loads the good ones in one transaction. */
static int imp_run(importer *im) {
  int rc;
  if ((rc = imp_read(im)) || (rc = imp_parse(im))) return rc;
  imp_infer(im);
  if ((rc = imp_open(im)) || (rc = imp_prepare(im))) return rc;
  imp_insert(im);
  char *err = NULL;
  if (sqlite3_exec(im->db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) return imp_dberr(im, err);
  if (im->o->rejects_path && im->rejected) imp_write_rejects(im);
  imp_report(im);
  return im->rejected ? GZ_EXIT_FAIL : GZ_EXIT_OK;
}

int cmd_import(int argc, char **argv, gz_opts *go) {
  imp_opts *o = calloc(1, sizeof *o); /* the pair tables are too large for the stack */
  if (!o) {
    fprintf(stderr, "gazette import: out of memory\n");
    return GZ_EXIT_FAIL;
  }
  int rc = imp_options(argc, argv, go, o);
  if (rc == GZ_EXIT_OK) {
    importer im = {.o = o};
    gz_csv_init(&im.c, "", 0, o->delim);
    rc = imp_run(&im);
    imp_free(&im);
  }
  for (int i = 0; i < o->nowned; i++) free(o->owned[i]);
  free(o);
  return rc;
}
