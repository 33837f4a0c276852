/* cmd_gen.c: `gazette gen`, a synthetic Beijing population in SQLite
 * (docs/records.md). Deterministic for a seed: the same arguments give the same file, byte
 * for byte. Fast: one transaction, prepared statements, no journal, integers only (no libm,
 * so no platform-dependent rounding). */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "core/date.h"
#include "host/gazette.h"
#include "lauxlib.h"

const char cmd_gen_help[] =
    "a synthetic population of Beijing enterprises (and kindergartens) in a SQLite file\n"
    "usage: gazette gen --enterprises N [--seed S] [--kindergartens K] [--as-of DATE] --out FILE.db\n"
    "       gazette gen --for MEASURE... [--enterprises N] [--seed S] [--as-of DATE] --out FILE.db\n"
    "Writes table enterprises (id, uscc, name, reg_district, tax_district, established_on,\n"
    "industry_code, employees, revenue, total_assets, operating_normally, chaoyang_hukou_hires),\n"
    "hires (new hires of some enterprises, parent_id = enterprises.id), kindergartens and\n"
    "children (parent_id = kindergartens.id: gazette run reads child rows by parent_id without\n"
    "options). All 16 districts and 经开区, GB/T 4754-2017\n"
    "industries, sizes from micro to large, valid 统一社会信用代码, established 1990-2026, with\n"
    "some NULLs, enterprises not operating normally and codes failing the check digit on purpose.\n"
    "With --for: a population shaped for those measures instead: a table per entity (enterprises,\n"
    "kindergartens, ...: the table gazette run reads by default) with a column per declared input\n"
    "and a child table per list input (parent_id, indexed), built from the measures' test cases,\n"
    "parameters and the boundaries of their rules, with NULLs, valid USCCs and industry codes, so\n"
    "that gazette run gives every status the measures can produce.\n"
    "options:\n"
    "  --for MEASURE...    measure ids or script paths (until the next option)\n"
    "  --as-of DATE        no date after DATE (default: today, China Standard Time); with --for, the\n"
    "                      date the population is shaped for (run it with the same --as-of)\n"
    "  --enterprises N     number of enterprises (0 to 100000000); with --for, records per table\n"
    "                      (default 1000)\n"
    "  --seed S            random seed (default 1); the same seed gives the same file\n"
    "  --kindergartens K   number of kindergartens (default N/1000, at least 1 when N > 0)\n"
    "  --out FILE.db       the file to write: a new file, or a population an earlier gazette gen\n"
    "                      wrote (replaced); any other existing file is refused (exit 2)\n"
    "  --quiet             no summary line\n"
    "exit status: 0 written; 1 the file could not be written; 2 bad options, or an --out that is\n"
    "not a population of gazette gen.\n"
    "See docs/records.md.\n";

/* ---- deterministic randomness: splitmix64 ---- */

typedef struct rng {
  uint64_t s;
} rng;

static uint64_t gen_next(rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static int64_t gen_below(rng *r, int64_t n) { return n <= 1 ? 0 : (int64_t)(gen_next(r) % (uint64_t)n); }
static int64_t gen_range(rng *r, int64_t lo, int64_t hi) { return lo + gen_below(r, hi - lo + 1); } /* [lo, hi] */
static int gen_pct(rng *r, int per_mille) { return gen_below(r, 1000) < per_mille; }               /* p in 1/1000 */

/* ---- Beijing: the 16 districts (GB/T 2260) and the 经开区 (registration code 110302) ---- */

static const struct {
  const char *name, *code;
  int weight; /* share of registered enterprises, roughly by district, in 1/1000 */
} districts[] = {
    {"东城区", "110101", 40}, {"西城区", "110102", 50},  {"朝阳区", "110105", 180}, {"丰台区", "110106", 70},
    {"石景山区", "110107", 25}, {"海淀区", "110108", 160}, {"门头沟区", "110109", 12}, {"房山区", "110111", 40},
    {"通州区", "110112", 70}, {"顺义区", "110113", 55},  {"昌平区", "110114", 70},  {"大兴区", "110115", 60},
    {"怀柔区", "110116", 30}, {"平谷区", "110117", 22},  {"密云区", "110118", 25},  {"延庆区", "110119", 13},
    {"经开区", "110302", 48},
};
#define NDISTRICTS (int)(sizeof districts / sizeof districts[0])

/* ---- industries: GB/T 4754-2017 classes (all in stdlib/data/gbt4754-2017.csv), with a
 * weight in 1/1000 and the word that goes into a company name ---- */

static const struct {
  const char *code;
  int weight;
  const char *word;
} industries[] = {
    {"A0141", 4, "农业"},     {"A0151", 3, "果业"},     {"A0313", 2, "养殖"},     {"A0511", 2, "种业"},
    {"B0610", 1, "矿业"},     {"B1011", 1, "矿业"},     {"C1411", 6, "食品"},     {"C1512", 3, "酒业"},
    {"C2720", 6, "制药"},     {"C2929", 6, "塑料制品"}, {"C3311", 6, "钢结构"},   {"C3581", 8, "医疗器械"},
    {"C3612", 4, "汽车"},     {"C3670", 8, "汽车零部件"}, {"C3831", 4, "电缆"},   {"C3911", 6, "计算机"},
    {"C3921", 6, "通信设备"}, {"C3973", 6, "集成电路"}, {"C3974", 3, "显示技术"}, {"C4011", 6, "自动化"},
    {"D4416", 3, "新能源"},   {"D4420", 2, "电力"},     {"D4430", 2, "热力"},     {"E4710", 12, "建设"},
    {"E4813", 8, "市政工程"}, {"E4910", 8, "机电安装"}, {"E5012", 14, "装饰"},   {"F5111", 8, "粮油"},
    {"F5165", 20, "建材"},    {"F5181", 60, "贸易"},    {"F5199", 40, "商贸"},    {"F5211", 10, "百货"},
    {"F5212", 16, "超市"},    {"F5261", 8, "汽车销售"}, {"F5292", 30, "电子商务"}, {"G5310", 1, "铁路"},
    {"G5413", 4, "出租汽车"}, {"G5431", 14, "物流"},    {"G5437", 8, "配送"},     {"G5611", 1, "航空"},
    {"G5821", 10, "货运代理"}, {"G5910", 3, "装卸"},    {"G5920", 6, "仓储"},     {"G5930", 3, "冷链"},
    {"G6020", 6, "快递"},     {"H6110", 6, "酒店"},     {"H6121", 6, "酒店管理"}, {"H6130", 4, "民宿"},
    {"H6210", 24, "餐饮"},    {"H6220", 14, "快餐"},    {"H6232", 6, "咖啡"},     {"H6291", 8, "小吃"},
    {"I6312", 2, "通信"},     {"I6410", 4, "网络"},     {"I6429", 10, "信息"},    {"I6432", 8, "网络科技"},
    {"I6450", 6, "数据"},     {"I6511", 10, "软件"},    {"I6513", 60, "软件"},    {"I6520", 6, "芯片设计"},
    {"I6531", 30, "信息技术"}, {"I6532", 8, "物联网"},  {"I6540", 10, "运维"},    {"I6560", 24, "信息咨询"},
    {"I6572", 8, "动漫"},     {"J6621", 1, "银行"},     {"K7010", 8, "房地产开发"}, {"K7020", 12, "物业管理"},
    {"K7030", 8, "房地产经纪"}, {"K7040", 4, "置业"},   {"L7111", 4, "汽车租赁"}, {"L7211", 6, "企业管理"},
    {"L7212", 30, "投资管理"}, {"L7231", 6, "法律咨询"}, {"L7241", 8, "财税咨询"}, {"L7243", 20, "咨询"},
    {"L7251", 8, "广告"},     {"L7259", 12, "文化传媒"}, {"L7262", 6, "人力资源"}, {"L7263", 4, "劳务"},
    {"L7291", 6, "旅行社"},   {"L7299", 20, "商务服务"}, {"M7310", 4, "研究院"},  {"M7320", 10, "技术研究"},
    {"M7340", 4, "医学研究"}, {"M7484", 8, "工程设计"}, {"M7491", 4, "工业设计"}, {"M7492", 6, "设计"},
    {"M7512", 8, "生物科技"}, {"M7513", 4, "新材料"},   {"M7515", 4, "能源科技"}, {"M7519", 40, "科技"},
    {"M7520", 6, "知识产权"}, {"M7530", 4, "科技服务"}, {"M7540", 2, "孵化器"},   {"N7820", 4, "环境"},
    {"O8010", 8, "家政"},     {"O8040", 10, "美容美发"}, {"O8111", 8, "汽车维修"}, {"P8391", 8, "职业培训"},
    {"P8393", 8, "艺术培训"}, {"Q8415", 3, "医院"},     {"Q8425", 6, "门诊部"},   {"Q8514", 3, "养老"},
    {"R8626", 3, "数字出版"}, {"R8730", 8, "影视"},     {"R8810", 4, "文化艺术"}, {"R9013", 2, "网吧"},
};
#define NINDUSTRIES (int)(sizeof industries / sizeof industries[0])

static const char *const name_words[] = {"华",   "京",   "中",   "金",   "宏",   "鑫",   "瑞",   "博",   "创",   "新",
                                         "泰",   "恒",   "达",   "盛",   "安",   "祥",   "和",   "嘉",   "信",   "诚",
                                         "远",   "航",   "兴",   "隆",   "丰",   "源",   "天",   "宇",   "星",   "辰",
                                         "智",   "慧",   "云",   "海",   "联",   "通",   "明",   "德",   "正",   "清"};
#define NWORDS (int)(sizeof name_words / sizeof name_words[0])

static int gen_pick_weighted_district(rng *r) {
  int64_t x = gen_below(r, 1000);
  for (int i = 0; i < NDISTRICTS; i++) {
    if (x < districts[i].weight) return i;
    x -= districts[i].weight;
  }
  return 2; /* 朝阳区: weights sum to 970, the rest falls here */
}

static int gen_industry_total(void) {
  int t = 0;
  for (int i = 0; i < NINDUSTRIES; i++) t += industries[i].weight;
  return t;
}

static int gen_pick_industry(rng *r, int total) {
  int64_t x = gen_below(r, total);
  for (int i = 0; i < NINDUSTRIES; i++) {
    if (x < industries[i].weight) return i;
    x -= industries[i].weight;
  }
  return 0;
}

/* ---- 统一社会信用代码 (GB 32100-2015; stdlib/uscc.lua checks the same way) ---- */

static const char USCC_CHARS[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int gen_uscc_value(char c) {
  const char *p = strchr(USCC_CHARS, c);
  return p && c ? (int)(p - USCC_CHARS) : -1;
}

/* Fills out[18] from authority+category (2 chars), division (6 digits) and a unique number;
 * bad != 0 gives a wrong check character. */
static void gen_uscc(char out[19], const char *ak, const char *division, uint64_t unique, int modern, int bad, rng *r) {
  static const int w18[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  static const int w17[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  memcpy(out, ak, 2);
  memcpy(out + 2, division, 6);
  if (modern) { /* since 2015: "MA" + 6 characters of the code set, a bijection of the number */
    uint64_t v = (unique * 387420489ull + 12345) % 887503681ull; /* 31^6; 3^18 is coprime with it */
    out[8] = 'M';
    out[9] = 'A';
    for (int i = 15; i >= 10; i--) {
      out[i] = USCC_CHARS[v % 31];
      v /= 31;
    }
  } else { /* an older 8-digit organisation code body */
    uint64_t v = (unique * 7919ull + 1000003) % 100000000ull;
    for (int i = 15; i >= 8; i--) {
      out[i] = (char)('0' + v % 10);
      v /= 10;
    }
  }
  int sum = 0;
  for (int i = 0; i < 8; i++) {
    char c = out[8 + i];
    sum += (c <= '9' ? c - '0' : c - 'A' + 10) * w17[i];
  }
  int oc = 11 - sum % 11;
  out[16] = oc == 10 ? 'X' : oc == 11 ? '0' : (char)('0' + oc);
  sum = 0;
  for (int i = 0; i < 17; i++) sum += gen_uscc_value(out[i]) * w18[i];
  int cc = (31 - sum % 31) % 31;
  if (bad) cc = (int)((cc + 1 + gen_below(r, 30)) % 31);
  out[17] = USCC_CHARS[cc];
  out[18] = 0;
}

/* ---- SQLite helpers ---- */

/* What marks a file as a population of gazette gen (SQLite's application_id, "GZPO"): --out
 * may replace such a file, nothing else (a population of the user's, the results of a run, a
 * case store), as run --out replaces only its own outputs (docs/batch.md). */
#define GEN_APP_ID 0x475A504F
#define GEN_MARK "PRAGMA application_id = 0x475A504F;" /* GEN_APP_ID */

/* 0 when out may be written: absent, or a population an earlier gen wrote; else exit 2 after
 * saying why, naming the file. */
static int gen_out_check(const char *out) {
  struct stat so;
  if (stat(out, &so) != 0) {
    if (errno == ENOENT) return 0;
    return gz_usage_error("gen", "cannot use --out %s: %s", out, strerror(errno));
  }
  if (!S_ISREG(so.st_mode)) return gz_usage_error("gen", "--out %s exists and is not a regular file", out);
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  char why[600] = "not a SQLite database";
  int ours = 0;
  if (sqlite3_open_v2(out, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    ours = sqlite3_column_int(st, 0) == GEN_APP_ID;
    sqlite3_finalize(st);
    st = NULL;
    size_t j = (size_t)snprintf(why, sizeof why, "it holds tables: ");
    int n = 0;
    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY name", -1, &st, NULL) == SQLITE_OK)
      while (sqlite3_step(st) == SQLITE_ROW && j + 8 < sizeof why)
        j += (size_t)snprintf(why + j, sizeof why - j, "%s%s", n++ ? ", " : "", (const char *)sqlite3_column_text(st, 0));
    if (!n) snprintf(why, sizeof why, "a database without tables");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (ours) return 0;
  fprintf(stderr,
          "gazette gen: --out %s exists and is not a population written by gazette gen (%s); it is not replaced: "
          "choose another file, or remove it first\n",
          out, why);
  return GZ_EXIT_USAGE;
}

static int gen_fail(sqlite3 *db, const char *what) {
  fprintf(stderr, "gazette gen: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
  return GZ_EXIT_FAIL;
}

static void gen_bind_date(sqlite3_stmt *st, int col, int32_t day) {
  char buf[11];
  gz_date_format(day, buf);
  sqlite3_bind_text(st, col, buf, 10, SQLITE_TRANSIENT);
}

static int gen_step(sqlite3 *db, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc == SQLITE_DONE ? 0 : gen_fail(db, "insert");
}

static const char SCHEMA[] =
    "CREATE TABLE enterprises (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  uscc TEXT,                  -- 统一社会信用代码 (GB 32100-2015)\n"
    "  name TEXT,\n"
    "  reg_district TEXT,          -- 注册地: 朝阳区, ..., 经开区\n"
    "  tax_district TEXT,          -- 纳税地\n"
    "  established_on TEXT,        -- ISO date\n"
    "  industry_code TEXT,         -- GB/T 4754-2017, section letter + class: I6513\n"
    "  employees INTEGER,          -- 从业人员\n"
    "  revenue,                    -- 营业收入 last year, yuan: INTEGER, or decimal TEXT with fen\n"
    "  total_assets,               -- 资产总额, yuan: INTEGER, or decimal TEXT with fen\n"
    "  operating_normally INTEGER, -- 1, or 0 for an enterprise in the 经营异常名录\n"
    "  chaoyang_hukou_hires INTEGER -- hires with 朝阳区 户籍 last year\n"
    ");\n"
    "CREATE TABLE hires (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  parent_id INTEGER NOT NULL REFERENCES enterprises(id), -- the enterprise that hired\n"
    "  birth_date TEXT, graduation_year INTEGER, left_school_on TEXT, employed_since_leaving INTEGER,\n"
    "  registered_unemployed INTEGER, hired_on TEXT, contract_signed INTEGER, insured_months INTEGER\n"
    ");\n"
    "CREATE TABLE kindergartens (\n"
    "  id INTEGER PRIMARY KEY, uscc TEXT, name TEXT, district TEXT, inclusive INTEGER -- 普惠性 1/0\n"
    ");\n"
    "CREATE TABLE children (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  parent_id INTEGER NOT NULL REFERENCES kindergartens(id), -- the child's kindergarten\n"
    "  admitted_on TEXT, left_on TEXT, graduating INTEGER, autumn_intake INTEGER, aged_3_at_intake INTEGER\n"
    ");\n";

static const char INDEXES[] = "CREATE INDEX hires_parent ON hires(parent_id);\n"
                              "CREATE INDEX children_parent ON children(parent_id);\n";

/* Binds a yuan amount: usually INTEGER, sometimes decimal TEXT with fen (as exports hold). */
static void gen_bind_yuan(sqlite3_stmt *st, int col, int64_t yuan, rng *r) {
  if (gen_pct(r, 50)) {
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%lld.%02lld", (long long)yuan, (long long)gen_below(r, 100));
    sqlite3_bind_text(st, col, buf, n, SQLITE_TRANSIENT);
  } else
    sqlite3_bind_int64(st, col, yuan);
}

typedef struct counts {
  long long enterprises, hires, kindergartens, children, bad_uscc, abnormal;
} counts;

/* [lo, hi] clipped to end at last (the --as-of date): a window entirely after it moves back
 * so that it ends on last, keeping its length. */
static void gen_window(int32_t last, int32_t *lo, int32_t *hi) {
  if (*hi <= last) return;
  if (*lo > last) {
    *lo = last - (*hi - *lo);
    *hi = last;
  } else
    *hi = last;
}

static int gen_enterprises(sqlite3 *db, rng *r, long long n, counts *k, int32_t as_of) {
  sqlite3_stmt *st, *hs;
  if (sqlite3_prepare_v2(db, "INSERT INTO enterprises VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)", -1, &st, NULL))
    return gen_fail(db, "prepare");
  if (sqlite3_prepare_v2(db, "INSERT INTO hires VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", -1, &hs, NULL)) {
    sqlite3_finalize(st);
    return gen_fail(db, "prepare");
  }
  int total = gen_industry_total(), rc = 0;
  int32_t d1990 = gz_date_from_ymd(1990, 1, 1), d2026 = gz_date_from_ymd(2026, 12, 31);
  gen_window(as_of, &d1990, &d2026); /* established no later than --as-of (today by default) */
  int32_t hired_lo = gz_date_from_ymd(2024, 1, 1), hired_hi = gz_date_from_ymd(2025, 12, 31);
  int32_t left_lo = gz_date_from_ymd(2023, 6, 20), left_hi = gz_date_from_ymd(2025, 7, 15);
  gen_window(as_of, &hired_lo, &hired_hi);
  gen_window(as_of, &left_lo, &left_hi);
  for (long long id = 1; id <= n && !rc; id++) {
    int di = gen_pick_weighted_district(r), ii = gen_pick_industry(r, total);
    /* established: more recent years more likely (the square of a uniform variable) */
    int64_t span = d2026 - d1990, u = gen_below(r, 1 << 15);
    int32_t est = (int32_t)(d2026 - span * u * u / ((int64_t)1 << 30));
    int ey, em, ed;
    gz_date_to_ymd(est, &ey, &em, &ed);
    char code[19];
    int bad = gen_pct(r, 5); /* 0.5% fail the check digit, as real registries hold */
    gen_uscc(code, gen_pct(r, 20) ? "93" : "91", districts[di].code, (uint64_t)id, ey >= 2015, bad, r);
    sqlite3_bind_int64(st, 1, id);
    if (!gen_pct(r, 3)) {
      sqlite3_bind_text(st, 2, code, 18, SQLITE_TRANSIENT);
      k->bad_uscc += bad;
    }
    char name[160];
    snprintf(name, sizeof name, "北京%s%s%s%s", name_words[gen_below(r, NWORDS)], name_words[gen_below(r, NWORDS)],
             industries[ii].word, code[1] == '3' ? "专业合作社" : gen_pct(r, 150) ? "股份有限公司" : "有限公司");
    sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
    /* registered district: a short form ("朝阳") in a few records, as hand-typed data has */
    if (gen_pct(r, 5)) {
      char shortname[32];
      snprintf(shortname, sizeof shortname, "%s", districts[di].name);
      size_t L = strlen(shortname);
      if (di != NDISTRICTS - 1 && L > 3) shortname[L - 3] = 0; /* drop the trailing 区 */
      sqlite3_bind_text(st, 4, shortname, -1, SQLITE_TRANSIENT);
    } else
      sqlite3_bind_text(st, 4, districts[di].name, -1, SQLITE_STATIC);
    int ti = gen_pct(r, 920) ? di : gen_pick_weighted_district(r);
    if (!gen_pct(r, 10)) sqlite3_bind_text(st, 5, districts[ti].name, -1, SQLITE_STATIC);
    if (!gen_pct(r, 5)) gen_bind_date(st, 6, est);
    if (!gen_pct(r, 10)) sqlite3_bind_text(st, 7, industries[ii].code, -1, SQLITE_STATIC);
    /* size: employees by class, revenue per person by tier, assets from revenue */
    int64_t s = gen_below(r, 1000), emp;
    if (s < 700) emp = gen_range(r, 0, 9);
    else if (s < 900) emp = gen_range(r, 10, 99);
    else if (s < 975) emp = gen_range(r, 100, 299);
    else emp = gen_pct(r, 700) ? gen_range(r, 300, 1999) : gen_range(r, 2000, 20000);
    int64_t t = gen_below(r, 100), per = t < 50 ? gen_range(r, 50000, 200000) : t < 85 ? gen_range(r, 200000, 800000)
                                                                               : gen_range(r, 800000, 5000000);
    int64_t revenue = (emp ? emp : 1) * per / (gen_pct(r, 100) ? 10 : 1);
    int64_t assets = revenue * gen_range(r, 20, 400) / 100;
    if (!gen_pct(r, 10)) sqlite3_bind_int64(st, 8, emp);
    if (!gen_pct(r, 20)) gen_bind_yuan(st, 9, revenue, r);
    if (!gen_pct(r, 30)) gen_bind_yuan(st, 10, assets, r);
    int abnormal = gen_pct(r, 50);
    k->abnormal += abnormal;
    if (!gen_pct(r, 10)) sqlite3_bind_int(st, 11, !abnormal);
    int64_t h = gen_below(r, 100);
    int64_t hires = di == 2 ? (h < 50 ? gen_range(r, 0, 2) : h < 85 ? gen_range(r, 3, 10) : gen_range(r, 11, 40))
                            : (h < 90 ? 0 : gen_range(r, 1, 3));
    if (!gen_pct(r, 20)) sqlite3_bind_int64(st, 12, hires);
    if ((rc = gen_step(db, st))) break;
    k->enterprises++;
    /* new hires (京人社毕发〔2024〕16号 inputs) for 3% of enterprises */
    if (gen_pct(r, 30)) {
      int64_t nh = gen_range(r, 1, 5);
      for (int64_t j = 0; j < nh && !rc; j++) {
        int32_t hired = (int32_t)gen_range(r, hired_lo, hired_hi);
        int32_t birth = (int32_t)gen_range(r, gz_date_from_ymd(1995, 1, 1), gz_date_from_ymd(2007, 12, 31));
        sqlite3_bind_int64(hs, 1, ++k->hires);
        sqlite3_bind_int64(hs, 2, id);
        gen_bind_date(hs, 3, birth);
        if (!gen_pct(r, 300)) sqlite3_bind_int64(hs, 4, gen_range(r, 2023, 2025));
        if (!gen_pct(r, 400)) {
          gen_bind_date(hs, 5, (int32_t)gen_range(r, left_lo, left_hi));
          sqlite3_bind_int(hs, 6, gen_pct(r, 300));
        }
        sqlite3_bind_int(hs, 7, gen_pct(r, 150));
        gen_bind_date(hs, 8, hired);
        sqlite3_bind_int(hs, 9, gen_pct(r, 950));
        sqlite3_bind_int64(hs, 10, gen_range(r, 0, 12));
        rc = gen_step(db, hs);
      }
    }
  }
  sqlite3_finalize(st);
  sqlite3_finalize(hs);
  return rc;
}

static int gen_kindergartens(sqlite3 *db, rng *r, long long n, counts *k, int32_t as_of) {
  sqlite3_stmt *st, *cs;
  if (sqlite3_prepare_v2(db, "INSERT INTO kindergartens VALUES (?1,?2,?3,?4,?5)", -1, &st, NULL)) return gen_fail(db, "prepare");
  if (sqlite3_prepare_v2(db, "INSERT INTO children VALUES (?1,?2,?3,?4,?5,?6,?7)", -1, &cs, NULL)) {
    sqlite3_finalize(st);
    return gen_fail(db, "prepare");
  }
  int rc = 0, ay, am, ad;
  gz_date_to_ymd(as_of, &ay, &am, &ad);
  int shift = ay < 2026 ? ay - 2026 : 0; /* admissions 2021-2025, earlier for an earlier --as-of */
  for (long long id = 1; id <= n && !rc; id++) {
    int di = gen_pick_weighted_district(r);
    char code[19], name[160];
    /* 民办非企业单位 registered with 民政: authority 5, category 2 */
    gen_uscc(code, "52", districts[di].code, (uint64_t)id + 900000000ull, 1, 0, r);
    snprintf(name, sizeof name, "北京市%s%s%s幼儿园", districts[di].name, name_words[gen_below(r, NWORDS)],
             name_words[gen_below(r, NWORDS)]);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, code, 18, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, districts[di].name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, gen_pct(r, 800));
    if ((rc = gen_step(db, st))) break;
    k->kindergartens++;
    int64_t nc = gen_range(r, 30, 200);
    for (int64_t j = 0; j < nc && !rc; j++) {
      /* most children start in September */
      int y = (int)gen_range(r, 2021 + shift, 2025 + shift), autumn = gen_pct(r, 750);
      int32_t adm = autumn ? gz_date_from_ymd(y, gen_pct(r, 200) ? 8 : 9, (int)gen_range(r, 1, 28))
                           : gz_date_from_ymd(y, (int)gen_range(r, 1, 12), (int)gen_range(r, 1, 28));
      if (adm > as_of) adm = as_of;
      sqlite3_bind_int64(cs, 1, ++k->children);
      sqlite3_bind_int64(cs, 2, id);
      gen_bind_date(cs, 3, adm);
      int graduating = 0;
      if (y <= 2022 + shift || gen_pct(r, 150)) { /* has left: graduates in July three years on, or earlier */
        graduating = y <= 2022 + shift && gen_pct(r, 800);
        int32_t left = graduating ? gz_date_from_ymd(y + 3, 7, (int)gen_range(r, 1, 15))
                                  : adm + (int32_t)gen_range(r, 30, 900);
        if (left <= as_of) gen_bind_date(cs, 4, left); /* a leaving date after --as-of: still there */
        else graduating = 0;
      }
      sqlite3_bind_int(cs, 5, graduating);
      sqlite3_bind_int(cs, 6, autumn);
      sqlite3_bind_int(cs, 7, gen_pct(r, 900));
      rc = gen_step(db, cs);
    }
  }
  sqlite3_finalize(st);
  sqlite3_finalize(cs);
  return rc;
}

static int gen_count(const char *s, long long max, long long *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < 0 || v > max) return -1;
  *out = v;
  return 0;
}

/* ---- --for: a population shaped for measures (stdlib/gen.lua builds the rows) ---- */

typedef struct gen_tables {
  sqlite3 *db;
  sqlite3_stmt *ins[64];
  int ncols[64];
  int n;
  long long rows[64];
} gen_tables;

/* emit(table_index, row): one INSERT; values are integers, text or nil (NULL). */
static int gen_emit(lua_State *L) {
  gen_tables *g = lua_touserdata(L, lua_upvalueindex(1));
  lua_Integer t = luaL_checkinteger(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_argcheck(L, t >= 1 && t <= g->n, 1, "no such table");
  sqlite3_stmt *st = g->ins[t - 1];
  for (int c = 1; c <= g->ncols[t - 1]; c++) {
    int ty = lua_rawgeti(L, 2, c);
    if (ty == LUA_TNIL) sqlite3_bind_null(st, c);
    else if (lua_isinteger(L, -1)) sqlite3_bind_int64(st, c, lua_tointeger(L, -1));
    else if (ty == LUA_TSTRING) {
      size_t len;
      const char *v = lua_tolstring(L, -1, &len);
      sqlite3_bind_text(st, c, v, (int)len, SQLITE_TRANSIENT);
    } else
      return luaL_error(L, "gen: column %d of table %d: %s is not an integer or text", c, (int)t, luaL_typename(L, -1));
    lua_pop(L, 1);
  }
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE) return luaL_error(L, "gen: insert: %s", sqlite3_errmsg(g->db));
  g->rows[t - 1]++;
  return 0;
}

static void gen_ident(char *buf, size_t n, const char *name) { /* "name" with "" doubled */
  size_t j = 0;
  buf[j++] = '"';
  for (; *name && j + 3 < n; name++) {
    if (*name == '"') buf[j++] = '"';
    buf[j++] = *name;
  }
  buf[j++] = '"';
  buf[j] = 0;
}

/* Creates the plan's tables (on top of the stack) and prepares their INSERTs. */
static int gen_for_schema(lua_State *L, gen_tables *g) {
  lua_getfield(L, -1, "tables");
  int nt = (int)luaL_len(L, -1);
  if (nt > 64) return fprintf(stderr, "gazette gen: more than 64 tables\n"), GZ_EXIT_USAGE;
  for (int t = 1; t <= nt; t++) {
    lua_rawgeti(L, -1, t);
    lua_getfield(L, -1, "name");
    char tname[600], id[600], sql[65536];
    gen_ident(tname, sizeof tname, lua_tostring(L, -1));
    lua_pop(L, 1);
    lua_getfield(L, -1, "columns");
    int nc = (int)luaL_len(L, -1);
    size_t len = (size_t)snprintf(sql, sizeof sql, "CREATE TABLE %s (", tname);
    for (int c = 1; c <= nc && len < sizeof sql - 1200; c++) {
      lua_rawgeti(L, -1, c);
      lua_getfield(L, -1, "name");
      gen_ident(id, sizeof id, lua_tostring(L, -1));
      lua_getfield(L, -2, "sqltype");
      len += (size_t)snprintf(sql + len, sizeof sql - len, "%s%s %s", c > 1 ? ", " : "", id, lua_tostring(L, -1));
      lua_pop(L, 3);
    }
    snprintf(sql + len, sizeof sql - len, ")");
    lua_pop(L, 1);
    char *err = NULL;
    if (sqlite3_exec(g->db, sql, NULL, NULL, &err) != SQLITE_OK) {
      fprintf(stderr, "gazette gen: %s: %s\n", sql, err ? err : "");
      sqlite3_free(err);
      return GZ_EXIT_FAIL;
    }
    lua_getfield(L, -1, "index_on");
    if (lua_isstring(L, -1)) { /* children: an index on the column holding the parent's key */
      char ix[2200], col[600], iname[700];
      gen_ident(col, sizeof col, lua_tostring(L, -1));
      lua_getfield(L, -2, "name");
      snprintf(iname, sizeof iname, "%s_parent", lua_tostring(L, -1));
      lua_pop(L, 1);
      gen_ident(id, sizeof id, iname);
      snprintf(ix, sizeof ix, "CREATE INDEX %s ON %s(%s)", id, tname, col);
      if (sqlite3_exec(g->db, ix, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "gazette gen: %s: %s\n", ix, err ? err : "");
        sqlite3_free(err);
        return GZ_EXIT_FAIL;
      }
    }
    lua_pop(L, 2);
    len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (", tname);
    for (int c = 1; c <= nc && len < sizeof sql - 8; c++) len += (size_t)snprintf(sql + len, sizeof sql - len, "%s?", c > 1 ? "," : "");
    snprintf(sql + len, sizeof sql - len, ")");
    if (sqlite3_prepare_v2(g->db, sql, -1, &g->ins[t - 1], NULL) != SQLITE_OK) return gen_fail(g->db, "prepare");
    g->ncols[t - 1] = nc;
    g->n = t;
  }
  lua_pop(L, 1);
  return 0;
}

static int gen_for(gz_opts *o, const char **measures, int nmeasures, long long n, long long seed, int32_t as_of,
                   const char *out, const char *tmp, int quiet) {
  lua_State *L = gz_newstate(o);
  if (!L) return GZ_EXIT_FAIL;
  gen_tables g;
  memset(&g, 0, sizeof g);
  int rc = 0;
  char iso[11];
  gz_date_format(as_of, iso);
  /* the plan: every error in the measures before the file is created */
  lua_getglobal(L, "require");
  lua_pushliteral(L, "gen");
  if (gz_pcall(L, 1, 1) != LUA_OK) rc = GZ_EXIT_FAIL;
  if (!rc) {
    lua_getfield(L, -1, "plan");
    lua_createtable(L, 0, 4);
    lua_createtable(L, nmeasures, 0);
    for (int i = 0; i < nmeasures; i++) {
      lua_pushstring(L, measures[i]);
      lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "measures");
    lua_getglobal(L, "date");
    lua_pushstring(L, iso);
    if (gz_pcall(L, 1, 1) != LUA_OK) rc = GZ_EXIT_FAIL;
    else {
      lua_setfield(L, -2, "as_of");
      lua_pushinteger(L, (lua_Integer)n);
      lua_setfield(L, -2, "n");
      lua_pushinteger(L, (lua_Integer)seed);
      lua_setfield(L, -2, "seed");
      if (gz_pcall_quiet(L, 1, 1) != LUA_OK) {
        fprintf(stderr, "gazette gen: %s\n", lua_tostring(L, -1));
        rc = GZ_EXIT_USAGE;
      }
    }
  }
  if (rc) {
    gz_closestate(L);
    return rc;
  }
  /* stack: gen, plan */
  unlink(tmp);
  if (sqlite3_open_v2(tmp, &g.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    fprintf(stderr, "gazette gen: cannot write '%s': %s\n", out, g.db ? sqlite3_errmsg(g.db) : "out of memory");
    rc = GZ_EXIT_FAIL;
  }
  char *err = NULL;
  if (!rc && sqlite3_exec(g.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; " GEN_MARK " BEGIN;", NULL, NULL, &err) !=
                 SQLITE_OK) {
    fprintf(stderr, "gazette gen: %s\n", err ? err : sqlite3_errmsg(g.db));
    rc = GZ_EXIT_FAIL;
  }
  if (!rc) rc = gen_for_schema(L, &g);
  if (!rc) {
    lua_getfield(L, -2, "rows");
    lua_pushvalue(L, -2);
    lua_pushlightuserdata(L, &g);
    lua_pushcclosure(L, gen_emit, 1);
    if (gz_pcall(L, 2, 0) != LUA_OK) rc = GZ_EXIT_FAIL;
  }
  if (!rc && sqlite3_exec(g.db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "gazette gen: writing '%s': %s\n", out, err ? err : sqlite3_errmsg(g.db));
    rc = GZ_EXIT_FAIL;
  }
  sqlite3_free(err);
  for (int t = 0; t < 64; t++)
    if (g.ins[t]) sqlite3_finalize(g.ins[t]);
  if (g.db && sqlite3_close(g.db) != SQLITE_OK && !rc) rc = gen_fail(g.db, "close");
  if (!rc && rename(tmp, out) != 0) {
    fprintf(stderr, "gazette gen: cannot write '%s': %s\n", out, strerror(errno));
    rc = GZ_EXIT_FAIL;
  }
  if (rc) unlink(tmp);
  else if (!quiet) {
    printf("%s: as of %s, seed %lld:", out, iso, seed);
    lua_getfield(L, -1, "tables");
    for (int t = 1; t <= g.n; t++) {
      lua_rawgeti(L, -1, t);
      lua_getfield(L, -1, "name");
      printf("%s %lld %s", t > 1 ? "," : "", g.rows[t - 1], lua_tostring(L, -1));
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
    lua_getfield(L, -2, "summary");
    lua_pushvalue(L, -2);
    if (gz_pcall(L, 1, 1) == LUA_OK) printf("\n  %s", lua_tostring(L, -1));
    printf("\n");
  }
  gz_closestate(L);
  return rc;
}

int cmd_gen(int argc, char **argv, gz_opts *o) {
  const char *out = NULL, *nstr = NULL, *seedstr = NULL, *kstr = NULL, *asofstr = NULL;
  const char *measures[64];
  int quiet = 0, nmeasures = 0, has_for = 0;
  for (int i = 1; i < argc; i++) {
    if (gz_opt(argc, argv, &i, "--enterprises", &nstr) || gz_opt(argc, argv, &i, "--seed", &seedstr) ||
        gz_opt(argc, argv, &i, "--out", &out) || gz_opt(argc, argv, &i, "--kindergartens", &kstr) ||
        gz_opt(argc, argv, &i, "--as-of", &asofstr))
      continue;
    if (gz_flag(argv, i, "--quiet")) {
      quiet = 1;
      continue;
    }
    if (gz_flag(argv, i, "--for")) { /* the measures: every argument up to the next option */
      has_for = 1;
      while (i + 1 < argc && argv[i + 1][0] != '-') {
        if (nmeasures == 64) return gz_usage_error("gen", "--for: at most 64 measures");
        measures[nmeasures++] = argv[++i];
      }
      continue;
    }
    int c = gz_common_opt(argc, argv, &i, o);
    if (c < 0) return GZ_EXIT_USAGE;
    if (c) continue;
    return gz_usage_error("gen", "unknown %s '%s'", argv[i][0] == '-' ? "option" : "argument", argv[i]);
  }
  long long n = 1000, kg, seed = 1;
  if (has_for && !nmeasures) return gz_usage_error("gen", "--for: which measures? give their ids or script paths");
  if (has_for && kstr) return gz_usage_error("gen", "--kindergartens does not go with --for (the measures say which tables)");
  if (!nstr && !has_for) return gz_usage_error("gen", "how many? --enterprises N is required");
  if (nstr && gen_count(nstr, 100000000, &n))
    return gz_usage_error("gen", "--enterprises must be a whole number from 0 to 100000000, got '%.40s'", nstr);
  if (seedstr) {
    char *end;
    errno = 0;
    seed = strtoll(seedstr, &end, 10);
    if (errno || end == seedstr || *end) return gz_usage_error("gen", "--seed must be a whole number, got '%.40s'", seedstr);
  }
  int32_t as_of = gz_date_today(); /* in Beijing, as every command */
  if (asofstr) {
    char derr[200];
    if (gz_date_parse(asofstr, strlen(asofstr), &as_of, derr, sizeof derr) != 0)
      return gz_usage_error("gen", "--as-of: %s", derr);
    int y, m, d;
    gz_date_to_ymd(as_of, &y, &m, &d);
    if (y < 1991) return gz_usage_error("gen", "--as-of %.40s: the population starts in 1990; give a date from 1991", asofstr);
  }
  kg = n == 0 ? 0 : n / 1000 > 0 ? n / 1000 : 1;
  if (kstr && gen_count(kstr, 1000000, &kg))
    return gz_usage_error("gen", "--kindergartens must be a whole number from 0 to 1000000, got '%.40s'", kstr);
  if (!out) return gz_usage_error("gen", "where to? --out FILE.db is required");

  int oc = gen_out_check(out);
  if (oc) return oc;
  /* Written to FILE.db.tmp-PID, then renamed: a reader never sees half a population. */
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid()) >= (int)sizeof tmp)
    return gz_usage_error("gen", "--out path too long");
  if (has_for) return gen_for(o, measures, nmeasures, n, seed, as_of, out, tmp, quiet);
  unlink(tmp);
  sqlite3 *db;
  if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    fprintf(stderr, "gazette gen: cannot write '%s': %s\n", out, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    unlink(tmp);
    return GZ_EXIT_FAIL;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rng r = {(uint64_t)seed * 0x2545F4914F6CDD1Dull + 0x1234567ull};
  rng rk = {(uint64_t)seed * 0x9E3779B97F4A7C15ull + 0x7654321ull}; /* kindergartens: their own stream */
  counts k = {0};
  int rc = 0;
  char *err = NULL;
  if (sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096; " GEN_MARK " BEGIN;", NULL,
                   NULL, &err) ||
      sqlite3_exec(db, SCHEMA, NULL, NULL, &err)) {
    fprintf(stderr, "gazette gen: %s\n", err ? err : "schema");
    rc = GZ_EXIT_FAIL;
  }
  if (!rc) rc = gen_enterprises(db, &r, n, &k, as_of);
  if (!rc) rc = gen_kindergartens(db, &rk, kg, &k, as_of);
  if (!rc && (sqlite3_exec(db, INDEXES, NULL, NULL, &err) || sqlite3_exec(db, "COMMIT", NULL, NULL, &err))) {
    fprintf(stderr, "gazette gen: writing '%s': %s\n", out, err ? err : sqlite3_errmsg(db));
    rc = GZ_EXIT_FAIL;
  }
  sqlite3_free(err);
  if (sqlite3_close(db) != SQLITE_OK && !rc) rc = gen_fail(db, "close");
  if (!rc && rename(tmp, out) != 0) {
    fprintf(stderr, "gazette gen: cannot write '%s': %s\n", out, strerror(errno));
    rc = GZ_EXIT_FAIL;
  }
  if (rc) {
    unlink(tmp);
    return rc;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (!quiet)
    printf("%s: %lld enterprises (%lld not operating normally, %lld codes failing the check digit), %lld hires, "
           "%lld kindergartens, %lld children; seed %lld, %.2f s\n",
           out, k.enterprises, k.abnormal, k.bad_uscc, k.hires, k.kindergartens, k.children, seed,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  return GZ_EXIT_OK;
}
