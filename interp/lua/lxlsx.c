/* lxlsx.c: an Excel workbook seen from Lua (core/xlsx.c), for stdlib/workbook.lua.
 *
 * Not a module a script can require: only the host makes a workbook (gz_xlsx_push, for the
 * --out FILE.xlsx it has checked), and hands it to the stdlib, so that no script can write a
 * file through it. Rows and columns are 1-based here, as in Lua.
 *
 *   local sh = wb:sheet("results")
 *   sh:row(1, {"text", "money", ...}, {"朝阳区", "70000.00", ...})   -- nil/false: an empty cell
 *   sh:table(1, ncols, last_row)    -- header at row 1: frozen, filtered to last_row
 *   sh:fit()                        -- column widths from the values (CJK characters: 2)
 *   wb:bar_chart{data = sh, first = 2, last = 18, category = 1, value = 7, title = "...",
 *                name = "...", into = sh2, row = 1, col = 9}
 *   wb:close()                      -- writes the file; an error raises */
#include <string.h>

#include "core/xlsx.h"
#include "lauxlib.h"
#include "lua/lxlsx.h"

#define WB_MT "gazette.xlsx"
#define SHEET_MT "gazette.xlsx.sheet"

typedef struct {
  gz_xlsx *x; /* NULL once closed */
} wb_ud;

typedef struct {
  gz_xsheet *s;
  int wb_ref; /* keeps the workbook alive */
} sheet_ud;

static gz_xlsx *check_wb(lua_State *L, int i) {
  wb_ud *w = luaL_checkudata(L, i, WB_MT);
  if (!w->x) luaL_error(L, "the workbook is already closed");
  return w->x;
}

static gz_xsheet *check_sheet(lua_State *L, int i) {
  sheet_ud *s = luaL_checkudata(L, i, SHEET_MT);
  lua_getiuservalue(L, i, 1);
  wb_ud *w = luaL_checkudata(L, -1, WB_MT);
  if (!w->x) luaL_error(L, "the workbook is already closed");
  lua_pop(L, 1);
  return s->s;
}

static int wb_sheet(lua_State *L) {
  gz_xlsx *x = check_wb(L, 1);
  const char *name = luaL_checkstring(L, 2);
  char err[300];
  gz_xsheet *s = gz_xlsx_sheet(x, name, err, sizeof err);
  if (!s) return luaL_error(L, "sheet '%s': %s", name, err);
  sheet_ud *u = lua_newuserdatauv(L, sizeof *u, 1);
  u->s = s;
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  luaL_setmetatable(L, SHEET_MT);
  return 1;
}

static int kind_of(lua_State *L, int t, int i) {
  int k = GZ_XK_TEXT;
  if (lua_rawgeti(L, t, i) == LUA_TSTRING) {
    k = gz_xlsx_kind(lua_tostring(L, -1));
    if (k < 0) return luaL_error(L, "unknown cell kind '%s'", lua_tostring(L, -1));
  }
  lua_pop(L, 1);
  return k;
}

/* sh:row(row, kinds, values [, ncols]) */
static int sheet_row(lua_State *L) {
  gz_xsheet *s = check_sheet(L, 1);
  lua_Integer row = luaL_checkinteger(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  luaL_checktype(L, 4, LUA_TTABLE);
  lua_Integer n = luaL_optinteger(L, 5, (lua_Integer)lua_rawlen(L, 3));
  luaL_argcheck(L, row >= 1 && row <= GZ_XLSX_MAX_ROWS, 2, "row out of range (1 to 1048576)");
  luaL_argcheck(L, n >= 0 && n <= GZ_XLSX_MAX_COLS, 5, "too many columns");
  for (lua_Integer c = 1; c <= n; c++) {
    int k = kind_of(L, 3, (int)c);
    int t = lua_rawgeti(L, 4, c);
    if (t == LUA_TSTRING || t == LUA_TNUMBER) {
      size_t len;
      const char *v = lua_tolstring(L, -1, &len);
      if (gz_xsheet_cell(s, (int)row - 1, (int)c - 1, k, v, len) != 0)
        return luaL_error(L, "cannot write row %d column %d", (int)row, (int)c);
    } else if (t == LUA_TBOOLEAN && lua_toboolean(L, -1)) {
      if (gz_xsheet_cell(s, (int)row - 1, (int)c - 1, GZ_XK_BOOLEAN, "true", 4) != 0)
        return luaL_error(L, "cannot write row %d column %d", (int)row, (int)c);
    } else if (t != LUA_TNIL && t != LUA_TBOOLEAN) {
      return luaL_error(L, "row %d column %d: a cell holds text or a number, not a %s", (int)row, (int)c,
                        luaL_typename(L, -1));
    }
    lua_pop(L, 1);
  }
  return 0;
}

static int sheet_table(lua_State *L) {
  gz_xsheet *s = check_sheet(L, 1);
  lua_Integer row = luaL_checkinteger(L, 2), ncols = luaL_checkinteger(L, 3), last = luaL_checkinteger(L, 4);
  luaL_argcheck(L, row >= 1 && row <= GZ_XLSX_MAX_ROWS, 2, "row out of range");
  luaL_argcheck(L, ncols >= 1 && ncols <= GZ_XLSX_MAX_COLS, 3, "columns out of range");
  luaL_argcheck(L, last >= row && last <= GZ_XLSX_MAX_ROWS, 4, "row out of range");
  if (gz_xsheet_table(s, (int)row - 1, (int)ncols, (int)last - 1) != 0) return luaL_error(L, "cannot add the filter");
  return 0;
}

static int sheet_fit(lua_State *L) {
  gz_xsheet_fit(check_sheet(L, 1));
  return 0;
}

static int field_int(lua_State *L, const char *k) {
  lua_getfield(L, 2, k);
  int isnum;
  lua_Integer v = lua_tointegerx(L, -1, &isnum);
  if (!isnum) return luaL_error(L, "bar_chart: '%s' must be an integer", k);
  lua_pop(L, 1);
  return (int)v;
}

static int wb_bar_chart(lua_State *L) {
  gz_xlsx *x = check_wb(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_getfield(L, 2, "data");
  gz_xsheet *data = check_sheet(L, lua_gettop(L));
  lua_getfield(L, 2, "into");
  gz_xsheet *into = check_sheet(L, lua_gettop(L));
  lua_getfield(L, 2, "title");
  lua_getfield(L, 2, "name");
  const char *title = luaL_optstring(L, -2, ""), *name = luaL_optstring(L, -1, "");
  int first = field_int(L, "first"), last = field_int(L, "last"), cat = field_int(L, "category"),
      val = field_int(L, "value"), row = field_int(L, "row"), col = field_int(L, "col");
  if (first < 1 || last < first || cat < 1 || val < 1 || row < 1 || col < 1) return luaL_error(L, "bar_chart: bad range");
  char err[300];
  if (gz_xlsx_bar_chart(x, data, first - 1, last - 1, cat - 1, val - 1, title, name, into, row - 1, col - 1, err,
                        sizeof err) != 0)
    return luaL_error(L, "bar_chart: %s", err);
  return 0;
}

static int wb_close(lua_State *L) {
  wb_ud *w = luaL_checkudata(L, 1, WB_MT);
  if (!w->x) return luaL_error(L, "the workbook is already closed");
  char err[300];
  gz_xlsx *x = w->x;
  w->x = NULL;
  if (gz_xlsx_close(x, err, sizeof err) != 0) return luaL_error(L, "%s", err);
  return 0;
}

/* Collected without close (an error on the way): nothing is written. */
static int wb_gc(lua_State *L) {
  wb_ud *w = luaL_checkudata(L, 1, WB_MT);
  if (w->x) gz_xlsx_discard(w->x);
  w->x = NULL;
  return 0;
}

static const luaL_Reg sheet_methods[] = {{"row", sheet_row}, {"table", sheet_table}, {"fit", sheet_fit}, {NULL, NULL}};
static const luaL_Reg wb_methods[] = {{"sheet", wb_sheet}, {"bar_chart", wb_bar_chart}, {"close", wb_close}, {NULL, NULL}};
static const luaL_Reg wb_meta[] = {{"__gc", wb_gc}, {"__close", wb_gc}, {NULL, NULL}};

static void metatables(lua_State *L) {
  if (luaL_newmetatable(L, WB_MT)) {
    luaL_setfuncs(L, wb_meta, 0);
    luaL_newlib(L, wb_methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, SHEET_MT)) {
    luaL_newlib(L, sheet_methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
}

int gz_xlsx_push(lua_State *L, const char *path, char *err, size_t errlen) {
  metatables(L);
  gz_xlsx *x = gz_xlsx_open(path, err, errlen);
  if (!x) return -1;
  wb_ud *w = lua_newuserdatauv(L, sizeof *w, 0);
  w->x = x;
  luaL_setmetatable(L, WB_MT);
  return 0;
}
