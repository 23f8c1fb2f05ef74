/*
 * import.h - the row importer behind vl_db_import, also fed by vl_db_init_reference so the
 * bundled areas go through exactly the checks and canonical form of an imported file. The
 * caller owns the transaction.
 */
#ifndef VL_STORE_IMPORT_H
#define VL_STORE_IMPORT_H

#include "store/store.h"

#include "io/table.h"

typedef struct vl__importer vl__importer;

/* source names the input in diagnostics ("FILE" of "FILE:LINE: ..."). */
vl_status vl__importer_new(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *source,
                           const vl_import_options *opt, vl__importer **out);
void vl__importer_free(vl__importer *im); /* NULL is a no-op */
/*
 * Where the file's cells are, for messages ("FILE:SHEET!B7" in a workbook; without a table
 * "FILE:LINE"), and the line of its header row. Call before vl__importer_header.
 */
void vl__importer_set_table(vl__importer *im, const vl_table *table, size_t header_line);
/*
 * Maps the header (names lower-cased): the contract's names or their Vietnamese headers
 * (headers.c). VL_ERR_INVALID with diagnostics if wrong.
 */
vl_status vl__importer_header(vl__importer *im, const char *const *names, size_t n);
/*
 * Checks and writes one row. *problems receives the number of problems found (each already a
 * diagnostic); a non-OK status is a database failure that ends the import.
 */
vl_status vl__importer_row(vl__importer *im, const char *const *cells, size_t n, size_t line,
                           const char *record_problem, size_t *problems);
/* The current row's problems joined by "; " (for the rejects file). */
const char *vl__importer_reason(const vl__importer *im);
vl_import_stats vl__importer_stats(const vl__importer *im);

#endif
