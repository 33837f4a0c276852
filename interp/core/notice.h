/* notice.h: the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) read
 * from its published text into calendar rows (notice.c), for `gazette cal import`.
 *
 * The text is the notice as published: full-width punctuation and digits, sections such as
 * "二、春节：1月27日至2月2日放假调休，共7天。1月22日（星期日）、2月4日（星期六）上班。",
 * weekday labels （星期日）/（周日）/（农历腊月二十八、周日）, spans "2月15日至23日", "与周末连休",
 * "补休", and sentences that arrange nothing (鼓励…除夕休息, 节假日期间…). Every stated weekday
 * is checked against its date; any sentence of a section that is not understood is an error
 * naming the line, never skipped. */
#ifndef GZ_NOTICE_H
#define GZ_NOTICE_H
#include <stddef.h>
#include <stdint.h>

#define GZ_NOTICE_MAX_BYTES (1u << 20) /* a notice is a few KiB; anything larger is not one */

typedef struct {
  int32_t day;       /* day number (core/date.h) */
  int work;          /* 1 a working day (上班), 0 a day off */
  char festival[96]; /* 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆节, or the section's own name */
  int line;          /* the notice line that arranges it */
} gz_notice_row;

typedef struct {
  int year;          /* the year the notice arranges */
  char title[256];   /* its title line */
  gz_notice_row *rows; /* sorted by day */
  int nrows;
} gz_notice;

/* The lunar festivals of a year (stdlib/data/cn-lunar-festivals.csv): needed only to tell which
 * day of a section naming two festivals (中秋节、国庆节) belongs to the first. */
typedef struct {
  int year;
  int32_t spring, dragon_boat, mid_autumn;
} gz_lunar_year;

/* Parses text (UTF-8) into out. path names the file in messages ("PATH:LINE: ..."). Returns 0,
 * or -1 with err set; out is then empty. */
int gz_notice_parse(const char *text, size_t len, const char *path, const gz_lunar_year *lunar, int nlunar,
                    gz_notice *out, char *err, size_t errlen);
void gz_notice_free(gz_notice *n);

#endif
