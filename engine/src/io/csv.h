/*
 * csv.h - private streaming CSV reader and writer (RFC 4180) over libcsv, with the contract's
 * checks: UTF-8 only (UTF-16 and Windows-1258 named as such), a leading BOM skipped, the
 * delimiter (',' ';' or tab) detected from the header line, fields normalised to NFC, physical
 * line numbers for every record, and bounded memory (one record at a time).
 */
#ifndef VL_IO_CSV_H
#define VL_IO_CSV_H

#include <stdio.h>

#include "core/core.h"

typedef struct vl_csv_reader vl_csv_reader;

typedef struct vl_csv_record {
    size_t n;            /* number of fields */
    const char **fields; /* NUL-terminated, NFC; valid until the next vl_csv_next */
    size_t line;         /* physical line (1-based) where the record starts */
    const char *raw;     /* the record's text as read (for a rejects file) */
    /*
     * When the record itself is unreadable (invalid UTF-8, a field too long), `problem` holds
     * "column NAME: reason" and the fields must not be used; a diagnostic has been added.
     */
    const char *problem;
} vl_csv_record;

/*
 * Opens path and reads its header row. Fails with VL_ERR_IO (cannot open), or VL_ERR_INVALID for
 * an empty file, a UTF-16 file, or an unreadable header (the message names file and line).
 */
vl_status vl_csv_open(vl_ctx *ctx, const char *path, vl_csv_reader **out);
void vl_csv_close(vl_csv_reader *r); /* NULL is a no-op */

size_t vl_csv_ncols(const vl_csv_reader *r);
const char *vl_csv_colname(const vl_csv_reader *r, size_t i); /* folded to lower case */
/* Index of the column named `name`, or -1. */
long vl_csv_find(const vl_csv_reader *r, const char *name);
char vl_csv_delimiter(const vl_csv_reader *r);
/* Whether the file starts with a UTF-8 byte order mark. */
bool vl_csv_bom(const vl_csv_reader *r);
/* A header name as the file writes it (not folded). */
const char *vl_csv_colname_shown(const vl_csv_reader *r, size_t i);
const char *vl_csv_path(const vl_csv_reader *r);
/* Bytes read so far (for progress). */
size_t vl_csv_offset(const vl_csv_reader *r);
size_t vl_csv_size(const vl_csv_reader *r);

/*
 * Reads the next record into *rec. Returns VL_OK with *rec == NULL at the end. A record-level
 * problem is returned as VL_OK with rec->problem set (reading can go on). A file-level problem
 * (a quote never closed, a read error) returns VL_ERR_INVALID/VL_ERR_IO with the message on ctx
 * (also added as a diagnostic); reading cannot go on.
 */
vl_status vl_csv_next(vl_csv_reader *r, const vl_csv_record **rec);

/* ---- writing ------------------------------------------------------------------------------ */
typedef struct vl_csv_writer vl_csv_writer;

/* A flag of vl_csv_writer_open beside the VL_OUTPUT_* flags: a UTF-8 byte order mark first. */
#define VL_CSV_BOM (1u << 8)
/* ... and ';' between cells, the list separator of a Vietnamese Windows (Excel opens such a
 * file in columns; a comma file lands in one column). */
#define VL_CSV_SEMICOLON (1u << 9)

/*
 * Starts a CSV file through vl_output (it appears whole on vl_csv_writer_close, or not at all);
 * path NULL or "-" = stdout. flags: VL_OUTPUT_PRIVATE, VL_OUTPUT_IN_FOLDER, VL_CSV_BOM (Excel).
 */
vl_status vl_csv_writer_open(vl_ctx *ctx, const char *path, unsigned flags, vl_csv_writer **out);
/* Wraps an open stream (not closed by vl_csv_writer_close). */
vl_csv_writer *vl_csv_writer_stream(FILE *f);
/* Writes one row; cells may be NULL (empty). Quotes when needed. */
vl_status vl_csv_write_row(vl_csv_writer *w, size_t n, const char *const *cells);
/*
 * Finishes the file (commits the output): VL_ERR_IO naming the file if any write failed, and
 * then the target is left as it was. NULL is a no-op returning VL_OK.
 */
vl_status vl_csv_writer_close(vl_ctx *ctx, vl_csv_writer *w);
/* Abandons the file: the target is left as it was. NULL is a no-op. */
void vl_csv_writer_discard(vl_csv_writer *w);

/* Splits a list cell on ';' into trimmed, non-empty items (in place; returns the count). */
size_t vl_csv_split_list(char *cell, char **items, size_t max);

#endif
