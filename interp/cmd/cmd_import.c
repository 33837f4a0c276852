/* cmd_import.c: `gazette import FILE.csv --db F.db --table T`, a CSV (UTF-8 or GBK/GB18030)
 * into a SQLite table with column types inferred or given, every rejected line reported with
 * its number and reason, nothing dropped silently (contract section 1; docs/records.md). */
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

static void imp_pushident(char *out, size_t cap, const char *s) {
  size_t j = 0;
  out[j++] = '"';
  for (; *s && j + 3 < cap; s++) {
    if (*s == '"') out[j++] = '"';
    out[j++] = *s;
  }
  out[j++] = '"';
  out[j] = 0;
}

#define MAX_PAIRS 512

int cmd_import(int argc, char **argv, gz_opts *o) {
  const char *file = NULL, *dbpath = NULL, *table = NULL, *encoding = NULL, *delim_s = NULL, *max_s = NULL, *v;
  const char *rejects_path = NULL;
  int append = 0, replace = 0, keep = 0, nmaps = 0, ntypes = 0;
  static kv maps[MAX_PAIRS], types[MAX_PAIRS];
  char *owned[64];
  int nowned = 0;
  int rc = GZ_EXIT_USAGE;
  char delim = ',';
  size_t max = (size_t)1 << 30;
  for (int i = 1; i < argc; i++) {
    if (gz_opt(argc, argv, &i, "--db", &dbpath) || gz_opt(argc, argv, &i, "--table", &table) ||
        gz_opt(argc, argv, &i, "--encoding", &encoding) || gz_opt(argc, argv, &i, "--delimiter", &delim_s) ||
        gz_opt(argc, argv, &i, "--max-bytes", &max_s) || gz_opt(argc, argv, &i, "--rejects", &rejects_path))
      continue;
    const char *mv = NULL, *tv = NULL;
    if (gz_opt(argc, argv, &i, "--map", &mv) || gz_opt(argc, argv, &i, "--type", &tv)) {
      int is_map = mv != NULL;
      v = mv ? mv : tv;
      if (nowned == 64) return gz_usage_error("import", "too many --map/--type options");
      char *copy = owned[nowned++] = strdup(v);
      if (!copy || imp_pairs(copy, is_map ? maps : types, MAX_PAIRS, is_map ? &nmaps : &ntypes) < 0) {
        rc = gz_usage_error("import", "%s takes NAME=%s pairs, got '%.60s'", is_map ? "--map" : "--type",
                            is_map ? "column" : "TYPE", v);
        goto out;
      }
      continue;
    }
    if (gz_flag(argv, i, "--append")) append = 1;
    else if (gz_flag(argv, i, "--replace")) replace = 1;
    else if (gz_flag(argv, i, "--keep-headers")) keep = 1;
    else {
      int c = gz_common_opt(argc, argv, &i, o);
      if (c < 0) goto out;
      if (c) continue;
      if (argv[i][0] == '-' && argv[i][1]) {
        rc = gz_usage_error("import", "unknown option '%s'", argv[i]);
        goto out;
      }
      if (file) {
        rc = gz_usage_error("import", "one CSV file at a time ('%s' and '%s')", file, argv[i]);
        goto out;
      }
      file = argv[i];
    }
  }
  if (!file) { rc = gz_usage_error("import", "which file? gazette import FILE.csv --db FILE.db --table T"); goto out; }
  if (!dbpath) { rc = gz_usage_error("import", "--db FILE.db is required"); goto out; }
  if (!table || !*table) { rc = gz_usage_error("import", "--table T is required"); goto out; }
  if (append && replace) { rc = gz_usage_error("import", "--append or --replace, not both"); goto out; }
  if (delim_s) {
    if (strcmp(delim_s, "tab") == 0 || strcmp(delim_s, "\\t") == 0) delim = '\t';
    else if (strlen(delim_s) == 1 && delim_s[0] != '"' && delim_s[0] != '\n' && delim_s[0] != '\r') delim = delim_s[0];
    else { rc = gz_usage_error("import", "--delimiter must be one character or 'tab', got '%.20s'", delim_s); goto out; }
  }
  if (max_s) {
    char *end;
    errno = 0;
    unsigned long long m = strtoull(max_s, &end, 10);
    if (errno || end == max_s || *end || m == 0) { rc = gz_usage_error("import", "--max-bytes must be a positive number"); goto out; }
    max = (size_t)m;
  }
  for (int t = 0; t < ntypes; t++) {
    int k = -1;
    for (int j = 0; j < C_NTYPES; j++)
      if (strcmp(types[t].v, ctype_names[j]) == 0) k = j;
    if (k < 0) {
      rc = gz_usage_error("import", "--type %s=%s: unknown type (text, integer, decimal, money, date, boolean)", types[t].k, types[t].v);
      goto out;
    }
  }
  rc = GZ_EXIT_OK;
out:
  if (rc != GZ_EXIT_OK) {
    for (int i = 0; i < nowned; i++) free(owned[i]);
    return rc;
  }

  /* ---- read and decode ---- */
  size_t len = 0;
  char *raw = gz_readfile(file, &len, max), *text = NULL;
  long *badlines = NULL;
  size_t nbad = 0;
  col *cols = NULL;
  rec *recs = NULL;
  long nrecs = 0, caprecs = 0, blank = 0, rejected = 0, loaded = 0;
  int ncols = 0;
  gz_csv c;
  gz_csv_init(&c, "", 0, delim);
  sqlite3 *db = NULL;
  sqlite3_stmt *ins = NULL;
  const char *enc_used = "UTF-8";
  if (!raw) {
    if (errno == EFBIG)
      fprintf(stderr, "gazette import: '%s' is larger than %zu bytes; raise --max-bytes to read it\n", file, max);
    else
      fprintf(stderr, "gazette import: cannot read '%s': %s\n", file, strerror(errno));
    rc = GZ_EXIT_USAGE;
    goto done;
  }
  if (len == 0) {
    fprintf(stderr, "gazette import: '%s' is empty: expected a header line and data lines\n", file);
    rc = GZ_EXIT_USAGE;
    goto done;
  }
  int utf8 = encoding ? (strcasecmp(encoding, "utf-8") == 0 || strcasecmp(encoding, "utf8") == 0) : gz_utf8_valid(raw, len);
  if (utf8) {
    text = raw;
    raw = NULL;
  } else {
    enc_used = encoding ? encoding : "GB18030";
    text = gz_to_utf8(raw, len, enc_used, &len, &badlines, &nbad);
    if (!text) {
      fprintf(stderr, "gazette import: cannot decode '%s' as %s: %s\n", file, enc_used,
              errno == EINVAL ? "unknown encoding (try utf-8, gbk or gb18030)" : strerror(errno));
      rc = GZ_EXIT_USAGE;
      goto done;
    }
  }

  /* ---- parse every record; the first is the header ---- */
  gz_csv_init(&c, text, len, delim);
  size_t badi = 0, header_off = 0, header_len = 0;
  int r;
  const char *rec_start = c.p;
  while ((r = gz_csv_next(&c)) == 1) {
    size_t raw_off = (size_t)(rec_start - text), raw_len = (size_t)(c.p - rec_start);
    rec_start = c.p;
    long first = c.rec_line, last = c.line - 1 >= first ? c.line - 1 : first;
    int encbad = 0;
    while (badi < nbad && badlines[badi] < first) badi++;
    if (badi < nbad && badlines[badi] <= last) encbad = 1;
    if (!ncols) { /* the header */
      if (c.err || encbad) {
        fprintf(stderr, "gazette import: %s:%ld: the header line is malformed: %s\n", file, first,
                encbad ? "bytes that are not text in the encoding" : c.err);
        rc = GZ_EXIT_USAGE;
        goto done;
      }
      size_t l0;
      gz_csv_field(&c, 0, &l0);
      if (c.nf == 1 && l0 == 0) { blank++; continue; }
      ncols = c.nf;
      header_off = raw_off;
      header_len = raw_len;
      cols = calloc((size_t)ncols, sizeof *cols);
      if (!cols) goto oom;
      for (int k = 0; k < ncols; k++) {
        size_t fl;
        const char *f = gz_csv_field(&c, k, &fl);
        cols[k].src = strdup(f);
        if (!cols[k].src) goto oom;
        imp_trim(cols[k].src);
        const char *name = cols[k].src;
        for (int m = 0; m < nmaps; m++)
          if (strcmp(maps[m].k, name) == 0) name = maps[m].v;
        if (name == cols[k].src && !keep)
          for (size_t h = 0; h < sizeof known_headers / sizeof known_headers[0]; h++)
            if (strcmp(known_headers[h][0], name) == 0) name = known_headers[h][1];
        cols[k].name = strdup(name);
        if (!cols[k].name) goto oom;
        const char *bad = NULL;
        if (!*cols[k].name) bad = "is empty (every column needs a name; --map can give one)";
        else if (strlen(cols[k].name) > 128) bad = "is longer than 128 bytes";
        else if (!gz_utf8_valid(cols[k].name, strlen(cols[k].name))) bad = "is not valid text";
        else
          for (const char *p = cols[k].name; *p && !bad; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) bad = "holds a control character";
        if (!bad && strncasecmp(cols[k].name, "sqlite_", 7) == 0) bad = "starts with sqlite_ (reserved)";
        if (bad) {
          fprintf(stderr, "gazette import: %s:%ld: header column %d %s\n", file, first, k + 1, bad);
          rc = GZ_EXIT_USAGE;
          goto done;
        }
        for (int j = 0; j < k; j++)
          if (strcasecmp(cols[j].name, cols[k].name) == 0) {
            fprintf(stderr, "gazette import: %s:%ld: header columns %d and %d are both '%s'; --map one to another name\n",
                    file, first, j + 1, k + 1, cols[k].name);
            rc = GZ_EXIT_USAGE;
            goto done;
          }
      }
      for (int m = 0; m < nmaps; m++) {
        int found = 0;
        for (int k = 0; k < ncols; k++) found |= strcmp(cols[k].src, maps[m].k) == 0;
        if (!found) {
          fprintf(stderr, "gazette import: --map %s=%s: the header has no column '%s'\n", maps[m].k, maps[m].v, maps[m].k);
          rc = GZ_EXIT_USAGE;
          goto done;
        }
      }
      for (int t = 0; t < ntypes; t++) {
        int found = 0;
        for (int k = 0; k < ncols; k++)
          if (strcmp(cols[k].name, types[t].k) == 0 || strcmp(cols[k].src, types[t].k) == 0) {
            found = 1;
            cols[k].given = 1;
            for (int j = 0; j < C_NTYPES; j++)
              if (strcmp(types[t].v, ctype_names[j]) == 0) cols[k].type = j;
          }
        if (!found) {
          fprintf(stderr, "gazette import: --type %s=%s: the header has no column '%s'\n", types[t].k, types[t].v, types[t].k);
          rc = GZ_EXIT_USAGE;
          goto done;
        }
      }
      continue;
    }
    /* a data line */
    size_t l0;
    gz_csv_field(&c, 0, &l0);
    if (c.nf == 1 && l0 == 0 && !c.err) { blank++; continue; }
    if (nrecs == caprecs) {
      long n = caprecs ? caprecs * 2 : 1024;
      rec *nr = realloc(recs, (size_t)n * sizeof *nr);
      if (!nr) goto oom;
      recs = nr;
      caprecs = n;
    }
    rec *x = &recs[nrecs++];
    memset(x, 0, sizeof *x);
    x->line = first;
    x->raw_off = raw_off;
    x->raw_len = raw_len;
    if (encbad) x->why = utf8 ? "bytes that are not UTF-8" : "bytes that are not text in the encoding (wrong --encoding?)";
    else if (c.err) {
      snprintf(x->whybuf, sizeof x->whybuf, "%s%s%.0d", c.err, c.err_field ? " in field " : "", c.err_field);
      x->why = x->whybuf;
    } else if (c.nf != ncols) {
      snprintf(x->whybuf, sizeof x->whybuf, "%d fields, the header has %d", c.nf, ncols);
      x->why = x->whybuf;
    }
    if (!x->why) {
      x->f = calloc((size_t)ncols, sizeof *x->f);
      if (!x->f) goto oom;
      for (int k = 0; k < ncols; k++) {
        size_t fl;
        const char *f = gz_csv_field(&c, k, &fl);
        if (!x->why && !gz_utf8_valid(f, fl)) {
          snprintf(x->whybuf, sizeof x->whybuf, "column %s: bytes that are not UTF-8 (a GBK file? --encoding gbk)", cols[k].name);
          x->why = x->whybuf;
        }
        if (fl != strlen(f) && !x->why) {
          snprintf(x->whybuf, sizeof x->whybuf, "column %s: a NUL byte in the value", cols[k].name);
          x->why = x->whybuf;
        }
        x->f[k] = strdup(f);
        if (!x->f[k]) goto oom;
      }
    }
  }
  if (r < 0) goto oom;
  if (!ncols) {
    fprintf(stderr, "gazette import: '%s' has no header line\n", file);
    rc = GZ_EXIT_USAGE;
    goto done;
  }

  /* ---- infer types from every value of the well-formed lines ---- */
  for (long i = 0; i < nrecs; i++) {
    if (recs[i].why) continue;
    for (int k = 0; k < ncols; k++) {
      const char *s = recs[i].f[k];
      size_t n = strlen(s);
      if (!n) continue;
      cols[k].nvals++;
      for (int t = 1; t < C_NTYPES; t++) {
        if (imp_fits(t, s, n) && (t != C_MONEY || imp_hasunit(s) || cols[k].given)) cols[k].fits[t]++;
        else if (!cols[k].first_misfit[t]) cols[k].first_misfit[t] = recs[i].line;
      }
    }
  }
  static const int order[] = {C_BOOLEAN, C_INTEGER, C_DECIMAL, C_DATE, C_MONEY};
  for (int k = 0; k < ncols; k++) {
    if (cols[k].given || !cols[k].nvals) continue;
    for (size_t j = 0; j < sizeof order / sizeof order[0]; j++)
      if (cols[k].fits[order[j]] == cols[k].nvals) {
        cols[k].type = order[j];
        break;
      }
    /* a 0/1 column is boolean only if it has words too; digits alone stay integers */
    if (cols[k].type == C_BOOLEAN && cols[k].fits[C_INTEGER] == cols[k].nvals) cols[k].type = C_INTEGER;
  }

  /* ---- write ---- */
  if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    fprintf(stderr, "gazette import: cannot open '%s': %s\n", dbpath, db ? sqlite3_errmsg(db) : "out of memory");
    rc = GZ_EXIT_FAIL;
    goto done;
  }
  sqlite3_busy_timeout(db, 5000);
  char qt[600], sql[1200];
  imp_pushident(qt, sizeof qt, table);
  int exists = 0;
  {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1", -1, &st, NULL) != SQLITE_OK) {
      fprintf(stderr, "gazette import: '%s' is not a SQLite database: %s\n", dbpath, sqlite3_errmsg(db));
      rc = GZ_EXIT_USAGE;
      goto done;
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    exists = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  if (exists && !append && !replace) {
    fprintf(stderr, "gazette import: table '%s' already exists in '%s'; --append adds to it, --replace replaces it\n", table, dbpath);
    rc = GZ_EXIT_USAGE;
    goto done;
  }
  char *err = NULL;
  if (sqlite3_exec(db, "BEGIN", NULL, NULL, &err) != SQLITE_OK) goto dberr;
  if (exists && replace) {
    snprintf(sql, sizeof sql, "DROP TABLE %s", qt);
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) goto dberr;
    exists = 0;
  }
  /* CREATE TABLE and INSERT, built in a growing buffer */
  size_t cap = 256 + (size_t)ncols * 300, n = 0;
  char *q = malloc(cap), ident[300];
  if (!q) goto oom;
  if (!exists) {
    n += (size_t)snprintf(q + n, cap - n, "CREATE TABLE %s (", qt);
    for (int k = 0; k < ncols; k++) {
      imp_pushident(ident, sizeof ident, cols[k].name);
      n += (size_t)snprintf(q + n, cap - n, "%s%s %s", k ? ", " : "", ident,
                            strcmp(cols[k].name, "id") == 0 && cols[k].type == C_INTEGER ? "INTEGER PRIMARY KEY" : ctype_sql[cols[k].type]);
    }
    n += (size_t)snprintf(q + n, cap - n, ")");
    if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK) {
      free(q);
      goto dberr;
    }
  }
  n = (size_t)snprintf(q, cap, "INSERT INTO %s (", qt);
  for (int k = 0; k < ncols; k++) {
    imp_pushident(ident, sizeof ident, cols[k].name);
    n += (size_t)snprintf(q + n, cap - n, "%s%s", k ? ", " : "", ident);
  }
  n += (size_t)snprintf(q + n, cap - n, ") VALUES (");
  for (int k = 0; k < ncols; k++) n += (size_t)snprintf(q + n, cap - n, "%s?%d", k ? ", " : "", k + 1);
  snprintf(q + n, cap - n, ")");
  if (sqlite3_prepare_v2(db, q, -1, &ins, NULL) != SQLITE_OK) {
    free(q);
    fprintf(stderr, "gazette import: table '%s' in '%s' does not take these columns: %s\n", table, dbpath, sqlite3_errmsg(db));
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    rc = GZ_EXIT_USAGE;
    goto done;
  }
  free(q);
  for (long i = 0; i < nrecs; i++) {
    rec *x = &recs[i];
    if (!x->why) {
      for (int k = 0; k < ncols && !x->why; k++) {
        const char *s = x->f[k];
        size_t sl = strlen(s);
        if (!sl) {
          sqlite3_bind_null(ins, k + 1);
          continue;
        }
        char why[200];
        const char *w = imp_bind(ins, k + 1, cols[k].type, s, sl, why, sizeof why);
        if (w) {
          snprintf(x->whybuf, sizeof x->whybuf, "column %s: '%.60s%s' is %s", cols[k].name, s, sl > 60 ? "..." : "", w);
          x->why = x->whybuf;
        }
      }
      if (!x->why) {
        int src = sqlite3_step(ins);
        if (src != SQLITE_DONE) {
          snprintf(x->whybuf, sizeof x->whybuf, "%s", sqlite3_errmsg(db));
          x->why = x->whybuf;
        }
      }
      sqlite3_reset(ins);
      sqlite3_clear_bindings(ins);
    }
    if (x->why) {
      rejected++;
      fprintf(stderr, "%s:%ld: %s\n", file, x->line, x->why);
    } else
      loaded++;
  }
  if (sqlite3_exec(db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) goto dberr;
  if (rejects_path && rejected) {
    FILE *rf = fopen(rejects_path, "wb");
    int ok = rf != NULL;
    if (ok) {
      const char *h = text + header_off;
      ok = fwrite(h, 1, header_len, rf) == header_len;
      if (ok && header_len && h[header_len - 1] != '\n') ok = fputc('\n', rf) != EOF;
      for (long i = 0; ok && i < nrecs; i++) {
        if (!recs[i].why) continue;
        const char *t = text + recs[i].raw_off;
        ok = fwrite(t, 1, recs[i].raw_len, rf) == recs[i].raw_len;
        if (ok && recs[i].raw_len && t[recs[i].raw_len - 1] != '\n') ok = fputc('\n', rf) != EOF;
      }
      ok = fclose(rf) == 0 && ok;
    }
    if (!ok) {
      fprintf(stderr, "gazette import: cannot write the rejected lines to '%s': %s\n", rejects_path, strerror(errno));
      rejected = rejected ? rejected : 1;
    }
  }

  printf("%s: %ld line%s loaded into table %s of %s (%s)", file, loaded, loaded == 1 ? "" : "s", table, dbpath, enc_used);
  if (rejected) printf("; %ld rejected (listed on stderr%s%s)", rejected, rejects_path ? " and in " : "", rejects_path ? rejects_path : "");
  if (blank) printf("; %ld blank line%s skipped", blank, blank == 1 ? "" : "s");
  printf("\n");
  for (int k = 0; k < ncols; k++) {
    printf("  %s%s%s%s: %s%s", cols[k].name, strcmp(cols[k].name, cols[k].src) ? " (" : "",
           strcmp(cols[k].name, cols[k].src) ? cols[k].src : "", strcmp(cols[k].name, cols[k].src) ? ")" : "",
           ctype_names[cols[k].type], cols[k].given ? " (given)" : cols[k].nvals ? "" : " (no values)");
    /* a text column that is nearly all numbers or dates: say how to make it typed */
    if (cols[k].type == C_TEXT && !cols[k].given && cols[k].nvals >= 10)
      for (size_t j = 0; j < sizeof order / sizeof order[0]; j++) {
        int t = order[j];
        if (cols[k].fits[t] * 10 >= cols[k].nvals * 9) {
          printf("; %ld of %ld values are %s (first other at line %ld): --type %s=%s rejects the others", cols[k].fits[t],
                 cols[k].nvals, ctype_names[t], cols[k].first_misfit[t], cols[k].name, ctype_names[t]);
          break;
        }
      }
    printf("\n");
  }
  rc = rejected ? GZ_EXIT_FAIL : GZ_EXIT_OK;
  goto done;

dberr:
  fprintf(stderr, "gazette import: writing table '%s' of '%s': %s\n", table, dbpath, err ? err : sqlite3_errmsg(db));
  sqlite3_free(err);
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  rc = GZ_EXIT_FAIL;
  goto done;
oom:
  fprintf(stderr, "gazette import: out of memory reading '%s'\n", file);
  rc = GZ_EXIT_FAIL;
done:
  if (ins) sqlite3_finalize(ins);
  if (db) sqlite3_close(db);
  gz_csv_free(&c);
  for (long i = 0; i < nrecs; i++) {
    if (recs[i].f)
      for (int k = 0; k < ncols; k++) free(recs[i].f[k]);
    free(recs[i].f);
  }
  free(recs);
  for (int k = 0; cols && k < ncols; k++) {
    free(cols[k].src);
    free(cols[k].name);
  }
  free(cols);
  free(badlines);
  free(text);
  free(raw);
  for (int i = 0; i < nowned; i++) free(owned[i]);
  return rc;
}
