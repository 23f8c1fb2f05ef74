/*
 * history.h (private) - builds vl_history objects (history.h public) in one arena, for the
 * history CSV reader (io/history.c) and the store's loader (store/load.c), and checks a set of
 * rows for the forecasting contract: one frequency per series, no period twice.
 */
#ifndef VL_IO_HISTORY_H
#define VL_IO_HISTORY_H

#include "core/core.h"

typedef struct vl_history_builder vl_history_builder;

/* Key column names are copied. NULL on out-of-memory. */
vl_history_builder *vl__hb_create(const char *const *key_names, size_t n_keys);
/* Adds a row (strings copied; keys has n_keys entries, NULL read as ""). false on OOM. */
bool vl__hb_add(vl_history_builder *b, const char *series, vl_period period, double value,
                const char *const *keys, size_t line);
/*
 * Sorts rows by series, keys and period and checks them: a series (name plus key values) with
 * two frequencies, or a period twice, adds a diagnostic "PATH:LINE: column period: reason"
 * (path may be NULL for rows from the database) and counts as a problem.
 */
size_t vl__hb_check(vl_ctx *ctx, vl_history_builder *b, const char *path);
/* Hands over the rows (sorted) as a vl_history; the builder is consumed. NULL on OOM. */
vl_history *vl__hb_finish(vl_history_builder *b);
void vl__hb_destroy(vl_history_builder *b); /* NULL is a no-op */

#endif
