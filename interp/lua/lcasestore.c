/* lcasestore.c: the case store (module `casestore`), a SQLite file holding approval cases
 * and their append-only event log (docs/workflows.md).
 *
 * Two tables: `cases` (one row per case: workflow, current state, number of its last
 * event and that event's hash) and `events` (one row per event, never updated or deleted:
 * triggers refuse both). Each event row carries the hash of the row before it in the whole
 * log (a chain) and its own HMAC-SHA-256, under a key kept outside the store
 * (core/keyfile.c), over a canonical serialisation of every field, the previous hash
 * included: whoever edits, inserts or deletes rows behind the store's back cannot make the
 * chain verify again without the key.  What the chain alone cannot show, the tail cut off
 * (with the case rows set back), a head kept elsewhere shows (`verify` with a head).
 * Stores of format 1 (an unkeyed SHA-256 chain, which proves nothing against whoever can
 * edit the file) are opened only to be verified and migrated.  Writes are transactions begun
 * with BEGIN IMMEDIATE; an append names the
 * number of the case's last event its caller read (a compare-and-set), so that of two
 * processes firing on one case from the same prior state only one can succeed.
 *
 * The workflow logic (states, guards, deadlines) is Lua (stdlib/workflow.lua,
 * stdlib/cases.lua); this file only stores, chains and checks rows.
 *
 * Nothing raw is held across a Lua call that can raise (lua/owned.h): a statement read while
 * Lua tables are built lives in a to-be-closed box, and so does an open transaction (rolled
 * back when its box closes uncommitted), so that an error in the middle (the memory budget
 * while a result grows, a bad row) leaves no statement unfinalized and no store locked.  The
 * connection closes with sqlite3_close_v2, which waits for any statement still open. */
#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/keyfile.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/owned.h"

#define STORE_MT "gazette.casestore"
#define STORE_FORMAT "gazette-cases"
#define STORE_VERSION "2" /* 1: unkeyed SHA-256 chain (verify and migrate only); 2: HMAC-SHA-256 */
#define HASH_HEX 64
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct store {
  sqlite3 *db;
  int version;                      /* of the file: 1 or 2 */
  int readonly;                     /* opened to be read (verify, head, migrate's source) */
  unsigned char key[GZ_KEY_BYTES];  /* version 2: the HMAC key */
  char key_path[4096];
  char key_id[20];                  /* of the key read */
  char stored_key_id[20];           /* of the key the store was written with (meta) */
} store;

static const char *const schema =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS cases (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  workflow TEXT NOT NULL,\n"
    "  opened_on TEXT NOT NULL,\n"
    "  state TEXT NOT NULL,\n"
    "  last_n INTEGER NOT NULL,\n"
    "  last_on TEXT NOT NULL,\n"
    "  last_hash TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS events (\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  case_id TEXT NOT NULL,\n"
    "  n INTEGER NOT NULL,\n"
    "  workflow TEXT NOT NULL,\n"
    "  event TEXT NOT NULL,\n"
    "  on_date TEXT NOT NULL,\n"
    "  actor TEXT,\n"
    "  note TEXT,\n"
    "  data TEXT,\n"
    "  from_state TEXT,\n"
    "  to_state TEXT NOT NULL,\n"
    "  remarks TEXT,\n"
    "  recorded_at TEXT NOT NULL,\n"
    "  prev_hash TEXT NOT NULL,\n"
    "  hash TEXT NOT NULL,\n"
    "  UNIQUE (case_id, n));\n"
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events\n"
    "  BEGIN SELECT RAISE(ABORT, 'the case event log is append-only: events cannot be changed'); END;\n"
    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events\n"
    "  BEGIN SELECT RAISE(ABORT, 'the case event log is append-only: events cannot be deleted'); END;\n";

/* The fields of an event row, in the order they are serialised for the hash. */
enum { F_SEQ, F_CASE, F_N, F_WORKFLOW, F_EVENT, F_ON, F_ACTOR, F_NOTE, F_DATA, F_FROM, F_TO, F_REMARKS,
       F_RECORDED, F_PREV, NFIELDS };
static const char *const field_names[NFIELDS] = {"seq",  "case",  "n",    "workflow", "event",   "on",       "actor",
                                                 "note", "data",  "from", "to",       "remarks", "recorded_at", "prev_hash"};
/* The Lua table keys of a row (events()/append()). */
static const char *const field_keys[NFIELDS] = {"seq",  "case",  "n",    "workflow", "event",   "on",       "actor",
                                                "note", "data",  "from", "to",       "remarks", "recorded_at", "prev_hash"};

typedef struct row {
  const char *v[NFIELDS]; /* NULL = SQL NULL */
  size_t len[NFIELDS];
  char num[3][24]; /* storage for seq and n */
} row;

/* ---- hashing ---- */

/* The canonical serialisation of a row: a magic line then, per field, "name=" and either "-"
 * (NULL) or "LEN:" and the bytes, then "\n".  The length prefix makes it unambiguous whatever the
 * fields contain.  Returns a malloc'd buffer and its length in *len. */
static unsigned char *row_bytes(const row *r, const char *magic, size_t *len) {
  size_t n = strlen(magic);
  for (int i = 0; i < NFIELDS; i++) n += 40 + (r->v[i] ? r->len[i] : 0);
  unsigned char *b = malloc(n), *p = b;
  if (!b) return NULL;
  memcpy(p, magic, strlen(magic));
  p += strlen(magic);
  for (int i = 0; i < NFIELDS; i++) {
    int hl = r->v[i] ? snprintf((char *)p, 40, "%s=%zu:", field_names[i], r->len[i])
                     : snprintf((char *)p, 40, "%s=-", field_names[i]);
    p += hl;
    if (r->v[i]) memcpy(p, r->v[i], r->len[i]), p += r->len[i];
    *p++ = '\n';
  }
  *len = (size_t)(p - b);
  return b;
}

static void to_hex(const unsigned char *md, size_t n, char *out) {
  for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Format 1: SHA-256 of the serialisation (anyone can recompute it). */
static int row_sha256(const row *r, char out[HASH_HEX + 1]) {
  size_t len;
  unsigned char *b = row_bytes(r, "gazette-case-event-v1\n", &len), md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  int ok = b && EVP_Digest(b, len, md, &mdlen, EVP_sha256(), NULL) && mdlen == 32;
  free(b);
  if (!ok) return -1;
  to_hex(md, 32, out);
  return 0;
}

/* HMAC-SHA-256 of data under key, in hex. */
static int hmac_hex(const unsigned char *key, const unsigned char *data, size_t len, char out[HASH_HEX + 1]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  size_t mdlen = 0;
  if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, GZ_KEY_BYTES, data, len, md, sizeof md, &mdlen) ||
      mdlen != 32)
    return -1;
  to_hex(md, 32, out);
  return 0;
}

/* The hash of a row in the store's format: HMAC-SHA-256 under its key (2), SHA-256 (1). */
static int row_hash(const store *s, const row *r, char out[HASH_HEX + 1]) {
  if (s->version == 1) return row_sha256(r, out);
  size_t len;
  unsigned char *b = row_bytes(r, "gazette-case-event-v2\n", &len);
  int rc = b ? hmac_hex(s->key, b, len, out) : -1;
  free(b);
  return rc;
}

/* The key's id: the first 16 hex digits of HMAC(key, "gazette-case-key-id"), which names the
 * key in the store (meta key_id) and in messages without revealing it. */
static void key_id(const unsigned char *key, char out[20]) {
  char h[HASH_HEX + 1];
  static const char label[] = "gazette-case-key-id";
  if (hmac_hex(key, (const unsigned char *)label, sizeof label - 1, h) != 0) snprintf(h, sizeof h, "?");
  snprintf(out, 20, "%.16s", h);
}

static void row_setnum(row *r, int f, int slot, long long v) {
  snprintf(r->num[slot], sizeof r->num[slot], "%lld", v);
  r->v[f] = r->num[slot];
  r->len[f] = strlen(r->num[slot]);
}

/* Reads the columns of a SELECT of every event field (in field order, then hash). */
static void row_from_stmt(row *r, sqlite3_stmt *st) {
  for (int i = 0; i < NFIELDS; i++) {
    if (sqlite3_column_type(st, i) == SQLITE_NULL) {
      r->v[i] = NULL;
      r->len[i] = 0;
    } else {
      r->v[i] = (const char *)sqlite3_column_text(st, i);
      r->len[i] = (size_t)sqlite3_column_bytes(st, i);
    }
  }
}

#define EVENT_COLUMNS \
  "seq, case_id, n, workflow, event, on_date, actor, note, data, from_state, to_state, remarks, recorded_at, prev_hash, hash"

/* ---- helpers ---- */

static store *store_check(lua_State *L) {
  store *s = luaL_checkudata(L, 1, STORE_MT);
  if (!s->db) luaL_error(L, "the case store is closed");
  return s;
}

static int store_sqlerr(lua_State *L, store *s, const char *what) {
  return luaL_error(L, "case store: %s: %s", what, sqlite3_errmsg(s->db));
}

/* Prepares sql into a to-be-closed box pushed on the stack (lua/owned.h); raises on failure. */
static sqlite3_stmt *prepare(lua_State *L, store *s, const char *sql) {
  sqlite3_stmt *st = gz_stmt_prepare(L, s->db, sql, NULL);
  if (!st) store_sqlerr(L, s, "prepare");
  return st;
}

static void exec_or_error(lua_State *L, store *s, const char *sql, const char *what) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    lua_pushfstring(L, "case store: %s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    lua_error(L);
  }
}

static void rollback(store *s) { sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL); }

/* An open transaction, owned by a to-be-closed box: rolled back when the box closes (the call
 * returns or raises) unless it was committed. The store is an argument of the call, so it
 * outlives the box. */
#define TXN_MT "gazette.casestore.txn"
typedef struct txn {
  store *s;
} txn;

static int txn_release(lua_State *L) {
  txn *t = luaL_checkudata(L, 1, TXN_MT);
  if (t->s && t->s->db && !sqlite3_get_autocommit(t->s->db)) rollback(t->s);
  t->s = NULL;
  return 0;
}

/* Pushes the box and begins (sql: "BEGIN" or "BEGIN IMMEDIATE"); raises when it cannot. */
static void txn_begin(lua_State *L, store *s, const char *sql) {
  txn *t = gz_box(L, sizeof *t, TXN_MT, txn_release);
  exec_or_error(L, s, sql, "begin");
  t->s = s;
}

static void push_column(lua_State *L, sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: lua_pushnil(L); break;
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(st, i)); break;
    default: lua_pushlstring(L, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
  }
}

/* Pushes the case row of the statement's current result as a table. */
static void push_case(lua_State *L, sqlite3_stmt *st) {
  static const char *const keys[] = {"id", "workflow", "opened_on", "state", "n", "last_on", "hash"};
  lua_createtable(L, 0, 7);
  for (int i = 0; i < 7; i++) {
    push_column(L, st, i);
    lua_setfield(L, -2, keys[i]);
  }
}
#define CASE_COLUMNS "id, workflow, opened_on, state, last_n, last_on, last_hash"

static int has_table(store *s, const char *name) {
  sqlite3_stmt *st;
  int found = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

static int count_tables(store *s) {
  sqlite3_stmt *st;
  int n = -1;
  if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* ---- open / close ---- */

/* The text of meta key in *out ("" when absent). */
static void meta_get(store *s, const char *key, char *out, size_t n) {
  sqlite3_stmt *st = NULL;
  out[0] = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
      snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
}

/* The number of the append-only triggers present (2 when intact). */
static int count_triggers(store *s) {
  sqlite3_stmt *st;
  int n = 0;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('events_no_update', "
                         "'events_no_delete')",
                         -1, &st, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

static int open_error(lua_State *L, store *s, const char *msg) {
  if (s->db) sqlite3_close_v2(s->db);
  s->db = NULL;
  return luaL_error(L, "%s", msg);
}

/* casestore.open(path [, {key_file =, readonly =, legacy =}]) -> store.
 * A new file is created only when its name ends in .db, .sqlite or .sqlite3 (never when
 * readonly); an existing SQLite file must be a case store or empty.  The HMAC key is read from
 * key_file (core/keyfile.c: else $GAZETTE_CASE_KEY, else the user's data folder), and created
 * there on first use, for a new store only.  readonly: nothing is created or written (verify,
 * head); a store whose key does not match is opened and reported by verify.  legacy: a store
 * of format 1 may be opened (read-only), to be verified and migrated; otherwise it is refused
 * saying how to migrate it.  A store whose append-only triggers are missing is not written to.
 * ":memory:" is a store that lives as long as the state (tests, what-if sessions). */
static int cs_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  luaL_argcheck(L, *path, 1, "the store path is empty");
  const char *key_file = NULL;
  int readonly = 0, legacy = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "key_file");
    key_file = lua_tostring(L, -1);
    lua_getfield(L, 2, "readonly");
    readonly = lua_toboolean(L, -1);
    lua_getfield(L, 2, "legacy");
    legacy = lua_toboolean(L, -1);
    lua_pop(L, 2); /* key_file stays on the stack while it is used */
  }
  int memory = strcmp(path, ":memory:") == 0;
  int creatable = !readonly && (memory || ends_with(path, ".db") || ends_with(path, ".sqlite") || ends_with(path, ".sqlite3"));
  int exists = access(path, F_OK) == 0;
  if (!exists && !creatable)
    return luaL_error(L, readonly ? "case store %s does not exist" : "case store %s does not exist (a new store needs a name ending in .db)", path);
  char why[1200];
  if (!readonly && !gz_may_write(L, path, why, sizeof why)) return luaL_error(L, "%s", why); /* docs/sandbox.md */
  store *s = lua_newuserdatauv(L, sizeof *s, 0);
  memset(s, 0, sizeof *s);
  luaL_setmetatable(L, STORE_MT);
  s->readonly = readonly;
  int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (creatable ? SQLITE_OPEN_CREATE : 0);
  char msg[1500 + 4096]; /* a message may hold a key file path (4096) besides the rest */
  if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
    snprintf(msg, sizeof msg, "cannot open case store %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
    return open_error(L, s, msg);
  }
  sqlite3_busy_timeout(s->db, 10000);
  sqlite3_extended_result_codes(s->db, 1);
  int ntables = count_tables(s);
  if (ntables < 0) {
    snprintf(msg, sizeof msg, "%s is not a Gazette case store (not a SQLite database: %s)", path, sqlite3_errmsg(s->db));
    return open_error(L, s, msg);
  }
  char version[32] = "";
  if (ntables > 0) { /* an existing database: it must be a case store already */
    char format[64] = "";
    if (has_table(s, "meta")) meta_get(s, "format", format, sizeof format);
    if (strcmp(format, STORE_FORMAT) != 0) {
      snprintf(msg, sizeof msg, "%s is not a Gazette case store (a SQLite database with other tables)", path);
      return open_error(L, s, msg);
    }
    meta_get(s, "version", version, sizeof version);
    meta_get(s, "key_id", s->stored_key_id, sizeof s->stored_key_id);
    if (strcmp(version, "1") == 0) {
      if (!legacy) {
        snprintf(msg, sizeof msg,
                 "case store %s has the format of an earlier Gazette (1: a SHA-256 chain without a key, which "
                 "whoever edits the file can recompute); nothing is read from or written to it as it is: "
                 "convert it with 'gazette case migrate --store %s --out NEW.db' (which verifies it first), then "
                 "use NEW.db",
                 path, path);
        return open_error(L, s, msg);
      }
      s->version = 1;
      s->readonly = 1;
    } else if (strcmp(version, STORE_VERSION) == 0) {
      s->version = 2;
    } else {
      snprintf(msg, sizeof msg, "case store %s has format version '%s', which this Gazette does not know", path, version);
      return open_error(L, s, msg);
    }
  } else if (readonly) {
    snprintf(msg, sizeof msg, "case store %s is empty (no case was ever opened in it)", path);
    return open_error(L, s, msg);
  } else {
    s->version = 2;
  }
  if (s->version == 2 && memory) { /* lives as long as the state: a key of its own */
    if (gz_key_random(s->key) != 0) return open_error(L, s, "case store :memory:: no random bytes for its key");
    key_id(s->key, s->key_id);
    snprintf(s->stored_key_id, sizeof s->stored_key_id, "%s", s->key_id);
  } else if (s->version == 2) { /* the key: created with a new store only */
    char kp[4096], kerr[1200];
    if (!gz_keyfile_path(key_file, kp, sizeof kp)) {
      snprintf(msg, sizeof msg, "case store %s: no key file: give --key-file FILE or set GAZETTE_CASE_KEY (HOME is not set)", path);
      return open_error(L, s, msg);
    }
    snprintf(s->key_path, sizeof s->key_path, "%s", kp);
    /* a key file a script names is a file it creates: confined like the store (docs/sandbox.md) */
    if (key_file && *key_file && ntables == 0 && access(kp, F_OK) != 0 && !gz_may_write(L, kp, kerr, sizeof kerr))
      return open_error(L, s, kerr);
    if (gz_keyfile_load(kp, ntables == 0, s->key, kerr, sizeof kerr) < 0) {
      if (ntables > 0 && access(kp, F_OK) != 0)
        snprintf(msg, sizeof msg,
                 "case store %s: %s; the store was written with the key whose id is %s: give its file with "
                 "--key-file FILE (or GAZETTE_CASE_KEY)",
                 path, kerr, s->stored_key_id[0] ? s->stored_key_id : "?");
      else snprintf(msg, sizeof msg, "case store %s: %s", path, kerr);
      return open_error(L, s, msg);
    }
    key_id(s->key, s->key_id);
    if (ntables > 0 && !s->readonly && strcmp(s->key_id, s->stored_key_id) != 0) {
      snprintf(msg, sizeof msg,
               "case store %s was written with another key (id %s) than the one in %s (id %s); nothing is written "
               "with it: give the store's key with --key-file FILE, and run 'gazette case verify'",
               path, s->stored_key_id[0] ? s->stored_key_id : "none", kp, s->key_id);
      return open_error(L, s, msg);
    }
  }
  if (s->readonly) return 1;
  if (ntables > 0 && count_triggers(s) != 2) {
    snprintf(msg, sizeof msg,
             "case store %s: its append-only triggers (events_no_update, events_no_delete) are missing, removed "
             "behind Gazette's back; nothing is written to it: run 'gazette case verify --store %s' and restore the "
             "store from a copy",
             path, path);
    return open_error(L, s, msg);
  }
  if (!memory) exec_or_error(L, s, "PRAGMA journal_mode=WAL", "set the journal mode");
  exec_or_error(L, s, "BEGIN IMMEDIATE", "begin");
  char *emsg = NULL, *ins = sqlite3_mprintf(
      "INSERT OR IGNORE INTO meta VALUES ('format', '" STORE_FORMAT "');"
      "INSERT OR IGNORE INTO meta VALUES ('version', '" STORE_VERSION "');"
      "INSERT OR IGNORE INTO meta VALUES ('key_id', %Q);",
      s->key_id);
  int erc = !ins ? SQLITE_NOMEM : sqlite3_exec(s->db, schema, NULL, NULL, &emsg);
  if (erc == SQLITE_OK) erc = sqlite3_exec(s->db, ins, NULL, NULL, &emsg);
  sqlite3_free(ins);
  if (erc != SQLITE_OK) {
    snprintf(msg, sizeof msg, "case store %s: cannot create the tables: %s", path, emsg ? emsg : sqlite3_errstr(erc));
    sqlite3_free(emsg);
    rollback(s);
    return open_error(L, s, msg);
  }
  exec_or_error(L, s, "COMMIT", "commit");
  if (!s->stored_key_id[0]) snprintf(s->stored_key_id, sizeof s->stored_key_id, "%s", s->key_id);
  return 1;
}

static int cs_close(lua_State *L) {
  store *s = luaL_checkudata(L, 1, STORE_MT);
  if (s->db) sqlite3_close_v2(s->db); /* a statement still boxed keeps it until finalized */
  s->db = NULL;
  return 0;
}

/* ---- reading ---- */

/* store:get(id) -> case row {id, workflow, opened_on, state, n, last_on, hash} | nil */
static int cs_get(lua_State *L) {
  store *s = store_check(L);
  const char *id = luaL_checkstring(L, 2);
  sqlite3_stmt *st = prepare(L, s, "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?");
  sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_sqlerr(L, s, "read a case");
  if (rc == SQLITE_ROW) push_case(L, st);
  else lua_pushnil(L);
  return 1; /* the statement's box closes as the call returns */
}

/* store:cases([state]) -> array of case rows ordered by id */
static int cs_cases(lua_State *L) {
  store *s = store_check(L);
  const char *state = luaL_optstring(L, 2, NULL);
  sqlite3_stmt *st = prepare(L, s, state ? "SELECT " CASE_COLUMNS " FROM cases WHERE state = ? ORDER BY id"
                                         : "SELECT " CASE_COLUMNS " FROM cases ORDER BY id");
  if (state) sqlite3_bind_text(st, 1, state, -1, SQLITE_TRANSIENT);
  lua_newtable(L);
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    push_case(L, st); /* may raise (the memory budget): the box finalizes the statement */
    lua_rawseti(L, -2, ++n);
  }
  if (rc != SQLITE_DONE) return store_sqlerr(L, s, "list the cases");
  return 1;
}

static void push_event(lua_State *L, sqlite3_stmt *st) {
  lua_createtable(L, 0, NFIELDS + 1);
  for (int i = 0; i <= NFIELDS; i++) {
    push_column(L, st, i);
    lua_setfield(L, -2, i < NFIELDS ? field_keys[i] : "hash");
  }
}

/* store:events(id) -> the case's events in order, each {seq, case, n, workflow, event, on,
 * actor, note, data, from, to, remarks, recorded_at, prev_hash, hash} */
static int cs_events(lua_State *L) {
  store *s = store_check(L);
  const char *id = luaL_checkstring(L, 2);
  sqlite3_stmt *st = prepare(L, s, "SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ? ORDER BY n");
  sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
  lua_newtable(L);
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    push_event(L, st); /* may raise (the memory budget): the box finalizes the statement */
    lua_rawseti(L, -2, ++n);
  }
  if (rc != SQLITE_DONE) return store_sqlerr(L, s, "read the events");
  return 1;
}

/* ---- writing ---- */

/* Fills a row from the Lua table at idx (the fields the caller gives), read raw from the table
 * that holds them (a read-only view's real table, docs/sandbox.md): no metamethod runs, so no
 * script code runs inside a transaction, and each string stays valid while that table, left
 * pushed on the stack, holds it. */
static void row_from_table(lua_State *L, int idx, row *r) {
  static const int given[] = {F_WORKFLOW, F_EVENT, F_ON, F_ACTOR, F_NOTE, F_DATA, F_FROM, F_TO, F_REMARKS};
  memset(r, 0, sizeof *r);
  gz_ro_push_readable(L, idx);
  int t = lua_gettop(L);
  for (size_t k = 0; k < sizeof given / sizeof given[0]; k++) {
    int f = given[k];
    lua_pushstring(L, field_keys[f]);
    if (lua_rawget(L, t) != LUA_TNIL) {
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "case store: event field '%s' must be a string, got %s", field_keys[f], luaL_typename(L, -1));
      r->v[f] = lua_tolstring(L, -1, &r->len[f]); /* stays valid: the table at t keeps it */
    }
    lua_pop(L, 1);
  }
  static const int required[] = {F_WORKFLOW, F_EVENT, F_ON, F_TO};
  for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
    if (!r->v[required[k]]) luaL_error(L, "case store: event field '%s' is required", field_keys[required[k]]);
}

static void utc_now(char buf[32]) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  size_t k = strftime(buf, 24, "%Y-%m-%dT%H:%M:%S", &tm); /* 19 bytes until the year 9999 */
  snprintf(buf + k, 32 - k, ".%03uZ", (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}

/* The seq and hash of the last row of the whole log (0 and GENESIS when empty). */
static int log_head(store *s, long long *seq, char hash[HASH_HEX + 1]) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
    return -1;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *seq = sqlite3_column_int64(st, 0);
    snprintf(hash, HASH_HEX + 1, "%s", (const char *)sqlite3_column_text(st, 1));
  } else {
    *seq = 0;
    memcpy(hash, GENESIS, HASH_HEX + 1);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Inserts one event row (the transaction is open); fills seq, n, recorded_at (now, unless
 * recorded_at is given: a migrated row keeps its own), prev_hash and hash. Returns 0, or -1
 * with the SQLite error. */
static int insert_event(store *s, row *r, const char *case_id, long long n, const char *recorded_at,
                        char hash[HASH_HEX + 1]) {
  long long seq;
  char prev[HASH_HEX + 1], now[32];
  if (log_head(s, &seq, prev)) return -1;
  row_setnum(r, F_SEQ, 0, seq + 1);
  r->v[F_CASE] = case_id;
  r->len[F_CASE] = strlen(case_id);
  row_setnum(r, F_N, 1, n);
  if (recorded_at) snprintf(now, sizeof now, "%s", recorded_at);
  else utc_now(now);
  r->v[F_RECORDED] = now;
  r->len[F_RECORDED] = strlen(now);
  r->v[F_PREV] = prev;
  r->len[F_PREV] = HASH_HEX;
  if (row_hash(s, r, hash)) return -1;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "INSERT INTO events (" EVENT_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st,
                         NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, seq + 1);
  for (int i = 1; i < NFIELDS; i++) {
    if (i == F_N) sqlite3_bind_int64(st, i + 1, n);
    else if (r->v[i]) sqlite3_bind_text(st, i + 1, r->v[i], (int)r->len[i], SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i + 1);
  }
  sqlite3_bind_text(st, NFIELDS + 1, hash, HASH_HEX, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* Test hook: GAZETTE_CASE_TEST_DELAY_MS holds a write this long before its transaction, so
 * that the CLI tests can make two processes read the same prior state deterministically. */
static void test_delay(void) {
  const char *d = getenv("GAZETTE_CASE_TEST_DELAY_MS");
  if (d && *d) {
    long ms = strtol(d, NULL, 10);
    if (ms > 0 && ms <= 10000) usleep((useconds_t)ms * 1000);
  }
}

/* store:create(id, event_row) -> true | nil, "exists", message
 * Opens a case: its first event (n = 0, normally "open"). */
static void check_writable(lua_State *L, store *s) {
  if (s->readonly) luaL_error(L, "case store: opened read-only (to verify it): nothing can be recorded");
}

static int cs_create(lua_State *L) {
  store *s = store_check(L);
  check_writable(L, s);
  const char *id = luaL_checkstring(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  row r;
  row_from_table(L, 3, &r); /* 4: the table holding its strings */
  test_delay();
  txn_begin(L, s, "BEGIN IMMEDIATE"); /* 5: rolled back unless committed */
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM cases WHERE id = ?", -1, &st, NULL) != SQLITE_OK) goto fail;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_ROW) {
    rollback(s);
    luaL_pushfail(L);
    lua_pushliteral(L, "exists");
    lua_pushfstring(L, "case %s already exists in this store", id);
    return 3;
  }
  if (rc != SQLITE_DONE) goto fail;
  char hash[HASH_HEX + 1];
  if (insert_event(s, &r, id, 0, NULL, hash)) goto fail;
  if (sqlite3_prepare_v2(s->db, "INSERT INTO cases (" CASE_COLUMNS ") VALUES (?,?,?,?,0,?,?)", -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, r.v[F_WORKFLOW], (int)r.len[F_WORKFLOW], SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, r.v[F_ON], (int)r.len[F_ON], SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, r.v[F_TO], (int)r.len[F_TO], SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5, r.v[F_ON], (int)r.len[F_ON], SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 6, hash, HASH_HEX, SQLITE_TRANSIENT);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) goto fail;
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto fail;
  lua_pushboolean(L, 1);
  return 1;
fail: /* the message first: the box rolls back as the error unwinds */
  return luaL_error(L, "case store: cannot open case %s: %s", id, sqlite3_errmsg(s->db));
}

/* store:append(id, expected_n, rows) -> n of the last row | nil, "conflict", message
 * Appends the rows (each {workflow, event, on, actor, note, data, from, to, remarks}) to the
 * case in one transaction, provided the case's last event is still number expected_n: the
 * compare-and-set that makes a concurrent writer lose instead of both succeeding. The case
 * takes the last row's `to` as its state. */
static int cs_append(lua_State *L) {
  store *s = store_check(L);
  check_writable(L, s);
  const char *id = luaL_checkstring(L, 2);
  lua_Integer expected = luaL_checkinteger(L, 3);
  luaL_checktype(L, 4, LUA_TTABLE);
  lua_settop(L, 4);
  lua_Integer nrows = luaL_len(L, 4);
  luaL_argcheck(L, nrows >= 1 && nrows <= 1000, 4, "between 1 and 1000 rows expected");
  for (lua_Integer i = 1; i <= nrows; i++) { /* check every row before writing any */
    lua_rawgeti(L, 4, i);
    luaL_argcheck(L, lua_istable(L, -1), 4, "rows must be tables");
    row r;
    row_from_table(L, lua_gettop(L), &r);
    lua_settop(L, 4);
  }
  test_delay();
  txn_begin(L, s, "BEGIN IMMEDIATE"); /* 5: rolled back unless committed */
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT last_n, state FROM cases WHERE id = ?", -1, &st, NULL) != SQLITE_OK) goto fail;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  long long last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  char state[128];
  snprintf(state, sizeof state, "%s", rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 1) : "");
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) goto fail;
  if (rc == SQLITE_DONE || last != expected) {
    rollback(s);
    luaL_pushfail(L);
    lua_pushliteral(L, "conflict");
    if (rc == SQLITE_DONE) lua_pushfstring(L, "case %s is not in this store", id);
    else
      lua_pushfstring(L,
                      "conflict: case %s changed while this event was being checked: another writer recorded "
                      "an event first (the case now has %I entries and is %s; this event was checked against %I); "
                      "nothing was recorded: look at it with 'gazette case show %s' and fire again if the event "
                      "still applies",
                      id, (lua_Integer)last + 1, state, expected + 1, id);
    return 3;
  }
  char hash[HASH_HEX + 1];
  long long n = last;
  for (lua_Integer i = 1; i <= nrows; i++) {
    lua_settop(L, 5); /* the last row's table stays (6, 7) until the case row is written */
    lua_rawgeti(L, 4, i);
    row r;
    row_from_table(L, 6, &r);
    if (insert_event(s, &r, id, ++n, NULL, hash)) goto fail;
  }
  row last_row;
  row_from_table(L, 6, &last_row); /* its to and on, held by the table at 8 */
  if (sqlite3_prepare_v2(s->db, "UPDATE cases SET state = ?, last_n = ?, last_on = ?, last_hash = ? WHERE id = ?", -1,
                         &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text(st, 1, last_row.v[F_TO], (int)last_row.len[F_TO], SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, n);
  sqlite3_bind_text(st, 3, last_row.v[F_ON], (int)last_row.len[F_ON], SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, hash, HASH_HEX, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) goto fail;
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto fail;
  lua_pushinteger(L, n);
  return 1;
fail: /* the message first: the box rolls back as the error unwinds */
  return luaL_error(L, "case store: cannot record the event of case %s: %s", id, sqlite3_errmsg(s->db));
}

/* ---- verification ---- */

/* What verify walks and what it found.  The failure, when there is one, is a table
 * {seq=, case=, n=, event=, on=, reason=} in stack slot `failure`, made while the row it names
 * is still read (its strings are the statement's). */
typedef struct verify_state {
  store *s;
  int seen;     /* stack: case id -> {n, hash, to, seq} of its last event in the log */
  int failure;  /* stack: nil, or the failure table */
  long long head_seq, entries, ncases;
  char head_hash[HASH_HEX + 1], found_hash[HASH_HEX + 1], prev[HASH_HEX + 1];
  int key_differs;
  char reason[700 + 4096]; /* a reason may hold the key file path (4096) */
} verify_state;

/* Records the failure (v->reason unless reason is given) and returns 1. */
static int verify_fail(lua_State *L, verify_state *v, long long seq, const char *case_id, long long n,
                       const char *event, const char *on, const char *reason) {
  lua_createtable(L, 0, 6);
  lua_pushinteger(L, seq);
  lua_setfield(L, -2, "seq");
  if (case_id) {
    lua_pushstring(L, case_id);
    lua_setfield(L, -2, "case");
  }
  if (n >= 0) {
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
  }
  if (event) {
    lua_pushstring(L, event);
    lua_setfield(L, -2, "event");
  }
  if (on) {
    lua_pushstring(L, on);
    lua_setfield(L, -2, "on");
  }
  lua_pushstring(L, reason ? reason : v->reason);
  lua_setfield(L, -2, "reason");
  lua_copy(L, -1, v->failure);
  lua_pop(L, 1);
  return 1;
}

/* Parses a head "SEQ:HASH" (as store:verify returns it and `gazette case head` prints it). */
static int parse_head(const char *h, long long *seq, char hash[HASH_HEX + 1]) {
  char *end;
  long long n = strtoll(h, &end, 10);
  if (end == h || *end != ':' || n < 0 || strlen(end + 1) != HASH_HEX) return -1;
  for (const char *p = end + 1; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return -1;
  *seq = n;
  memcpy(hash, end + 1, HASH_HEX + 1);
  return 0;
}

/* Why an entry's stored hash is not the one its contents give, in v->reason. */
static void verify_hash_reason(verify_state *v) {
  store *s = v->s;
  if (v->key_differs)
    snprintf(v->reason, sizeof v->reason,
             "it does not verify with the key in %s (id %s; the store names key id %s): the log was rewritten "
             "with another key, or this is not the store's key file",
             s->key_path, s->key_id, s->stored_key_id[0] ? s->stored_key_id : "none");
  else if (s->version == 2)
    snprintf(v->reason, sizeof v->reason,
             "its contents do not match its HMAC (the entry was altered, or written without the store's key)");
  else snprintf(v->reason, sizeof v->reason, "its contents do not match its hash (the entry was altered)");
}

/* One event row, in log order: its seq, the chain, its hash, its number within its case; then
 * it becomes its case's last event seen.  1 when it fails. */
static int verify_entry(lua_State *L, verify_state *v, sqlite3_stmt *st) {
  long long seq = sqlite3_column_int64(st, F_SEQ);
  long long n = sqlite3_column_type(st, F_N) == SQLITE_INTEGER ? sqlite3_column_int64(st, F_N) : -1;
  row r;
  row_from_stmt(&r, st);
  const char *case_id = r.v[F_CASE], *event = r.v[F_EVENT], *on = r.v[F_ON];
  const char *stored = (const char *)sqlite3_column_text(st, NFIELDS);
  long long expect_seq = v->entries + 1;
  if (seq != expect_seq) {
    snprintf(v->reason, sizeof v->reason, "entry %lld is missing: the log goes from entry %lld to entry %lld (deleted?)",
             expect_seq, expect_seq - 1, seq);
    return verify_fail(L, v, expect_seq, case_id, -1, NULL, NULL, NULL);
  }
  if (!r.v[F_PREV] || strcmp(r.v[F_PREV], v->prev) != 0) {
    snprintf(v->reason, sizeof v->reason,
             "its previous hash does not match entry %lld (an entry before it was altered, deleted or inserted)", seq - 1);
    return verify_fail(L, v, seq, case_id, n, event, on, NULL);
  }
  char h[HASH_HEX + 1];
  if (row_hash(v->s, &r, h)) return verify_fail(L, v, seq, case_id, n, event, on, "cannot compute its hash");
  if (!stored || strcmp(h, stored) != 0) {
    verify_hash_reason(v);
    return verify_fail(L, v, seq, case_id, n, event, on, NULL);
  }
  if (seq == v->head_seq) memcpy(v->found_hash, stored, sizeof v->found_hash);
  long long want_n = 0; /* per-case numbering */
  if (case_id) {
    if (lua_getfield(L, v->seen, case_id) == LUA_TTABLE) {
      lua_getfield(L, -1, "n");
      want_n = lua_tointeger(L, -1) + 1;
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  if (n != want_n) {
    snprintf(v->reason, sizeof v->reason,
             "it is event %lld of its case but event %lld was expected (an event of the case is missing)", n, want_n);
    return verify_fail(L, v, seq, case_id, n, event, on, NULL);
  }
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, n);
  lua_setfield(L, -2, "n");
  lua_pushstring(L, stored);
  lua_setfield(L, -2, "hash");
  lua_pushstring(L, r.v[F_TO] ? r.v[F_TO] : "");
  lua_setfield(L, -2, "to");
  lua_pushinteger(L, seq);
  lua_setfield(L, -2, "seq");
  lua_setfield(L, v->seen, case_id ? case_id : "");
  memcpy(v->prev, stored, sizeof v->prev);
  v->entries++;
  return 0;
}

/* The whole log in order (verify_entry). 1 when it fails. */
static int verify_log(lua_State *L, verify_state *v) {
  int top = lua_gettop(L);
  sqlite3_stmt *st = prepare(L, v->s, "SELECT " EVENT_COLUMNS " FROM events ORDER BY seq");
  int rc, bad = 0;
  while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) bad = verify_entry(L, v, st);
  if (!bad && rc != SQLITE_DONE) store_sqlerr(L, v->s, "read the log");
  gz_box_settop(L, top); /* the statement's box closes */
  return bad;
}

/* Each case row against its last event in the log (then forgotten from seen). 1 when it fails. */
static int verify_cases(lua_State *L, verify_state *v) {
  int top = lua_gettop(L);
  sqlite3_stmt *st = prepare(L, v->s, "SELECT id, state, last_n, last_hash FROM cases ORDER BY id");
  int rc, bad = 0;
  while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0);
    const char *state = (const char *)sqlite3_column_text(st, 1);
    long long last_n = sqlite3_column_int64(st, 2);
    const char *last_hash = (const char *)sqlite3_column_text(st, 3);
    v->ncases++;
    if (lua_getfield(L, v->seen, id ? id : "") != LUA_TTABLE) {
      snprintf(v->reason, sizeof v->reason, "case %s has no events in the log (its events were deleted)", id);
      bad = verify_fail(L, v, 0, id, -1, NULL, NULL, NULL);
      break;
    }
    lua_getfield(L, -1, "n");
    long long n = lua_tointeger(L, -1);
    lua_getfield(L, -2, "hash");
    const char *h = lua_tostring(L, -1);
    lua_getfield(L, -3, "to");
    const char *to = lua_tostring(L, -1);
    lua_getfield(L, -4, "seq");
    long long seq = lua_tointeger(L, -1);
    int bad_n = n != last_n, bad_hash = !last_hash || strcmp(h, last_hash) != 0, bad_state = !state || strcmp(to, state) != 0;
    if (bad_n || bad_hash || bad_state) {
      if (bad_n && n < last_n)
        snprintf(v->reason, sizeof v->reason,
                 "case %s records %lld events but the log holds %lld (its last events were deleted)", id, last_n + 1, n + 1);
      else
        snprintf(v->reason, sizeof v->reason, "the case row of %s does not match its last event in the log (%s altered)",
                 id, bad_n ? "its event count" : bad_hash ? "its hash" : "its state");
      bad = verify_fail(L, v, seq, id, n, NULL, NULL, NULL);
      break;
    }
    lua_pop(L, 5);
    lua_pushnil(L);
    lua_setfield(L, v->seen, id);
  }
  if (!bad && rc != SQLITE_DONE) store_sqlerr(L, v->s, "read the cases");
  gz_box_settop(L, top); /* the statement's box closes */
  return bad;
}

/* After the rows: events of a case without a case row, the key, the append-only triggers, the
 * head kept elsewhere. 1 when one fails. */
static int verify_rest(lua_State *L, verify_state *v) {
  store *s = v->s;
  lua_pushnil(L);
  if (lua_next(L, v->seen)) { /* events of a case the cases table does not have */
    const char *id = lua_tostring(L, -2);
    lua_getfield(L, -1, "seq");
    snprintf(v->reason, sizeof v->reason, "case %s has events in the log but no case row (the case row was deleted)", id);
    verify_fail(L, v, lua_tointeger(L, -1), id, -1, NULL, NULL, NULL);
    lua_pop(L, 3);
    return 1;
  }
  if (v->key_differs) { /* an empty log, or one whose rows happen to verify: the key is still not the store's */
    snprintf(v->reason, sizeof v->reason, "the store names key id %s, the key in %s is %s",
             s->stored_key_id[0] ? s->stored_key_id : "none", s->key_path, s->key_id);
    return verify_fail(L, v, v->entries ? 1 : 0, NULL, -1, NULL, NULL, NULL);
  }
  if (count_triggers(s) != 2) /* reported, never recreated */
    return verify_fail(L, v, 0, NULL, -1, NULL, NULL,
                       "its append-only triggers (events_no_update, events_no_delete) are missing: they were "
                       "removed behind Gazette's back, so rows may have been changed or deleted");
  if (v->head_seq > v->entries) {
    snprintf(v->reason, sizeof v->reason,
             "the log ends at entry %lld but the head kept elsewhere is entry %lld: entries %lld to %lld were "
             "removed (the end of the log was cut off)",
             v->entries, v->head_seq, v->entries + 1, v->head_seq);
    return verify_fail(L, v, v->entries + 1, NULL, -1, NULL, NULL, NULL);
  }
  if (v->head_seq >= 0 && strcmp(v->head_seq == 0 ? GENESIS : v->found_hash, v->head_hash) != 0) {
    snprintf(v->reason, sizeof v->reason,
             "it does not match the head kept elsewhere (%lld:%.12s…): the log was rewritten up to it", v->head_seq,
             v->head_hash);
    return verify_fail(L, v, v->head_seq, NULL, -1, NULL, NULL, NULL);
  }
  return 0;
}

/* store:verify([head]) -> true, {entries=, cases=, head=, head_entry=, triggers=, version=}
 *                       | false, {seq, case, n, event, on, reason}
 * Walks the whole log in order: every seq present, each prev_hash the hash of the row
 * before, each hash that of its row's contents under the store's key, each case's events
 * numbered 0, 1, ...; then each case row against its last event; then the append-only
 * triggers (reported when missing, never recreated); then, given a head "SEQ:HASH" kept
 * elsewhere, that the log still reaches it unchanged (a tail cut off is found there). The
 * whole check runs in one read transaction, so that it sees one consistent log, and writes
 * nothing. */
static int cs_verify(lua_State *L) {
  store *s = store_check(L);
  const char *given = luaL_optstring(L, 2, NULL);
  verify_state *v = lua_newuserdatauv(L, sizeof *v, 0); /* 3: freed with the call's stack */
  memset(v, 0, sizeof *v);
  v->s = s;
  v->head_seq = -1;
  memcpy(v->prev, GENESIS, sizeof v->prev);
  if (given && parse_head(given, &v->head_seq, v->head_hash) != 0)
    return luaL_error(L, "a head is ENTRY:HASH (as 'gazette case head' prints it), got '%s'", given);
  v->key_differs = s->version == 2 && strcmp(s->key_id, s->stored_key_id) != 0;
  lua_pushnil(L); /* 4: the failure */
  v->failure = lua_gettop(L);
  lua_newtable(L); /* 5: seen */
  v->seen = lua_gettop(L);
  txn_begin(L, s, "BEGIN"); /* 6: read-only, rolled back as the call returns */
  if (verify_log(L, v) || verify_cases(L, v) || verify_rest(L, v)) {
    lua_pushboolean(L, 0);
    lua_pushvalue(L, v->failure);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_createtable(L, 0, 6);
  lua_pushinteger(L, v->entries);
  lua_setfield(L, -2, "entries");
  lua_pushinteger(L, v->ncases);
  lua_setfield(L, -2, "cases");
  lua_pushstring(L, v->prev);
  lua_setfield(L, -2, "head");
  lua_pushinteger(L, v->entries);
  lua_setfield(L, -2, "head_entry");
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "triggers");
  lua_pushinteger(L, s->version);
  lua_setfield(L, -2, "version");
  return 2;
}

/* casestore.hash(fields) -> the hex SHA-256 of an event row given as a table, as format 1
 * chained them (for migration and for tests that forge what that format could not resist;
 * docs/workflows.md). A store of format 2 uses HMAC-SHA-256 under its key instead. */
/* The hash of the row given as a table at idx: under the store's key when s is given. */
static int push_row_hash(lua_State *L, int idx, const store *s) {
  luaL_checktype(L, idx, LUA_TTABLE);
  luaL_checkstack(L, NFIELDS + 4, "too many fields");
  row r;
  memset(&r, 0, sizeof r);
  for (int i = 0; i < NFIELDS; i++) { /* the strings stay on the stack while hashing */
    if (lua_getfield(L, idx, field_keys[i]) == LUA_TNIL) {
      lua_pop(L, 1);
      continue;
    }
    r.v[i] = luaL_tolstring(L, -1, &r.len[i]);
    lua_remove(L, -2);
  }
  char h[HASH_HEX + 1];
  if (s ? row_hash(s, &r, h) : row_sha256(&r, h)) return luaL_error(L, "cannot compute the hash");
  lua_pushstring(L, h);
  return 1;
}

static int cs_hash(lua_State *L) { return push_row_hash(L, 1, NULL); }

/* store:hash(fields) -> the hash this store gives a row (HMAC-SHA-256 under its key). */
static int cs_store_hash(lua_State *L) { return push_row_hash(L, 2, store_check(L)); }

/* store:migrate_to(new) -> entries copied. Copies every event of this store (format 1, already
 * verified by the caller) into the empty store `new` in order, each keeping its seq, case, n,
 * fields and recorded_at, chained again under new's key; then the case rows, with the new
 * hash of their last event. One transaction: the new store has all of it or nothing. */
static int cs_migrate_to(lua_State *L) {
  store *s = store_check(L);
  store *t = luaL_checkudata(L, 2, STORE_MT);
  if (!t->db || t->readonly) return luaL_error(L, "case store: migrate: the target store is not open for writing");
  lua_settop(L, 2);
  txn_begin(L, t, "BEGIN IMMEDIATE"); /* 3: rolled back unless committed */
  long long copied = 0, seq;
  char hash[HASH_HEX + 1];
  if (log_head(t, &seq, hash) || seq != 0) return luaL_error(L, "case store: migrate: the target store is not empty");
  sqlite3_stmt *st = gz_stmt_prepare(L, s->db, "SELECT " EVENT_COLUMNS " FROM events ORDER BY seq", NULL); /* 4 */
  if (!st) goto fail_src;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    row r;
    row_from_stmt(&r, st);
    char case_id[512], recorded[64];
    snprintf(case_id, sizeof case_id, "%s", r.v[F_CASE] ? r.v[F_CASE] : "");
    snprintf(recorded, sizeof recorded, "%s", r.v[F_RECORDED] ? r.v[F_RECORDED] : "");
    if (insert_event(t, &r, case_id, sqlite3_column_int64(st, F_N), recorded, hash)) goto fail_dst;
    copied++;
  }
  if (rc != SQLITE_DONE) goto fail_src;
  sqlite3_stmt *cs = gz_stmt_prepare(L, s->db, "SELECT id, workflow, opened_on, state, last_n, last_on FROM cases ORDER BY id",
                                     NULL); /* 5 */
  if (!cs) goto fail_src;
  sqlite3_stmt *ins = gz_stmt_prepare(L, t->db,
                                      "INSERT INTO cases (" CASE_COLUMNS ") SELECT ?1, ?2, ?3, ?4, ?5, ?6, hash FROM events "
                                      "WHERE case_id = ?1 AND n = ?5",
                                      NULL); /* 6 */
  if (!ins) goto fail_dst;
  while ((rc = sqlite3_step(cs)) == SQLITE_ROW) {
    for (int i = 0; i < 6; i++) sqlite3_bind_value(ins, i + 1, sqlite3_column_value(cs, i));
    if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_changes(t->db) != 1) goto fail_dst;
    sqlite3_reset(ins);
  }
  if (rc != SQLITE_DONE) goto fail_src;
  gz_box_settop(L, 3); /* the statements' boxes close */
  if (sqlite3_exec(t->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto fail_dst;
  lua_pushinteger(L, copied);
  return 1;
fail_src: /* the message first: the boxes finalize and roll back as the error unwinds */
  return luaL_error(L, "case store: migrate: reading the old store: %s", sqlite3_errmsg(s->db));
fail_dst:
  return luaL_error(L, "case store: migrate: writing the new store: %s", sqlite3_errmsg(t->db));
}

/* store:info() -> {version =, key_file =, key_id =, stored_key_id =, readonly =} */
static int cs_info(lua_State *L) {
  store *s = store_check(L);
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, s->version);
  lua_setfield(L, -2, "version");
  if (s->key_path[0]) {
    lua_pushstring(L, s->key_path);
    lua_setfield(L, -2, "key_file");
  }
  lua_pushstring(L, s->key_id);
  lua_setfield(L, -2, "key_id");
  lua_pushstring(L, s->stored_key_id);
  lua_setfield(L, -2, "stored_key_id");
  lua_pushboolean(L, s->readonly);
  lua_setfield(L, -2, "readonly");
  return 1;
}

static int cs_tostring(lua_State *L) {
  store *s = luaL_checkudata(L, 1, STORE_MT);
  const char *f = s->db ? sqlite3_db_filename(s->db, "main") : NULL;
  lua_pushfstring(L, "case store %s%s", f ? f : "", s->db ? "" : " (closed)");
  return 1;
}

static const luaL_Reg store_methods[] = {{"get", cs_get},       {"cases", cs_cases},   {"events", cs_events},
                                        {"create", cs_create}, {"append", cs_append}, {"verify", cs_verify},
                                        {"migrate_to", cs_migrate_to}, {"info", cs_info}, {"hash", cs_store_hash},
                                        {"close", cs_close},   {NULL, NULL}};

static const luaL_Reg casestore_funcs[] = {{"open", cs_open}, {"hash", cs_hash}, {NULL, NULL}};

int luaopen_casestore(lua_State *L) {
  if (luaL_newmetatable(L, STORE_MT)) {
    luaL_newlib(L, store_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, cs_close);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, cs_close);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, cs_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  luaL_newlib(L, casestore_funcs);
  lua_pushstring(L, GENESIS);
  lua_setfield(L, -2, "GENESIS");
  return 1;
}
