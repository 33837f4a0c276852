/* batch_xlsx.h: the workbook of `gazette run --out FILE.xlsx` (batch_xlsx.c). */
#ifndef GZ_BATCH_XLSX_H
#define GZ_BATCH_XLSX_H
#include "batch/batch.h"

/* Writes xlsx_path from the finished results table in results_db and the run's totals.
 * 0, or -1 with err set (nothing written then). */
int gz_xlsx_write_run(gz_run *r, const char *results_db, const char *xlsx_path, const gz_stats *totals, char *err,
                      size_t errlen);

#endif
