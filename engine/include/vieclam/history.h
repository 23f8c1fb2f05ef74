/*
 * history.h - history records for forecasting: periods (YYYYQn, YYYY-MM, YYYY) and the
 * `history` CSV (series,period,value plus optional key columns such as area,industry).
 */
#ifndef VIECLAM_HISTORY_H
#define VIECLAM_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include <vieclam/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A period: frequency (1 yearly, 4 quarterly, 12 monthly), year, and quarter/month (1-based; 1
 * for yearly). */
typedef struct vl_period {
    int freq;
    int year;
    int sub;
} vl_period;

/* Parses "2024Q1", "2024-03" or "2024" strictly. */
VL_EXPORT bool vl_period_parse(const char *text, vl_period *out);
/*
 * A period as people write it, for files and options they type: what vl_period_parse reads, and
 * the Vietnamese and spreadsheet forms "Quý 1/2024", "Quý I năm 2024", "Q1/2024", "Q1-2024",
 * "2024-Q1", "Tháng 3/2024", "T3/2024", "03/2024", "3/2024", "2024/03", "01/03/2024" (the first
 * of a month, as a spreadsheet writes a typed "3/2024" back) and "Năm 2024"; case, spaces and
 * the marks of Quý, Tháng, Năm do not matter. Stored and written periods stay canonical.
 */
VL_EXPORT bool vl_period_read(const char *text, vl_period *out);
/* Writes the canonical text of a period ("2024Q1", "2024-03", "2024"); returns buf. */
VL_EXPORT char *vl_period_format(vl_period p, char *buf, size_t size);
/* Index of a period on its frequency's time line (year * freq + sub - 1). */
VL_EXPORT long vl_period_index(vl_period p);
VL_EXPORT vl_period vl_period_from_index(int freq, long index);

typedef struct vl_history_row {
    const char *series;
    vl_period period;
    double value;
    const char *const *keys; /* n_keys values, in key_names order ("" when empty) */
    size_t line;             /* source line (CSV) or 0 */
} vl_history_row;

typedef struct vl_history {
    const vl_history_row *rows;
    size_t n_rows;
    const char *const *key_names; /* e.g. "area", "industry" */
    size_t n_keys;
    void *owner;  /* library-internal */
    bool counted; /* counted from the register (vl_db_derive_history): a period without a row
                     is a 0, never a gap in the records */
} vl_history;

/*
 * Reads a history CSV strictly: an unknown period format, mixed frequencies in one series,
 * duplicate periods in a series, or a non-numeric or non-finite value is VL_ERR_INVALID with a
 * diagnostic "FILE:LINE: column NAME: reason" for each problem.
 */
VL_EXPORT vl_status vl_history_read_csv(vl_ctx *ctx, const char *path, vl_history **out);
VL_EXPORT void vl_history_destroy(vl_history *h); /* NULL is a no-op */

#ifdef __cplusplus
}
#endif

#endif
