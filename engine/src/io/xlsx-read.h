/*
 * xlsx-read.h - private reader of .xlsx workbooks (Office Open XML spreadsheets) over libzip and
 * expat, giving one sheet as records like the CSV reader's: the first row is the header, every
 * later non-empty row a record. Cells come as text: shared and inline strings (NFC), numbers in
 * their shortest form ("7500000", "1.5"), dates stored as serial numbers as YYYY-MM-DD (the
 * cell's number format says it is a date), formulas as their cached values, booleans as
 * TRUE/FALSE; a cell inside a merged range takes the value of the range's top-left cell.
 *
 * Hostile input is expected: sizes are bounded (entries, strings, rows, columns), XML entity
 * declarations are refused, and every problem is a status with a message naming the file (and
 * sheet and cell), never a crash. vl_xlsxr_open_buffer reads from memory (for fuzzing).
 */
#ifndef VL_IO_XLSX_READ_H
#define VL_IO_XLSX_READ_H

#include "core/core.h"
#include "io/csv.h"

typedef struct vl_xlsxr vl_xlsxr;

/*
 * Opens the workbook at path and reads the header row of the sheet named `sheet` (compared
 * without case; NULL = the first sheet). VL_ERR_IO when the file cannot be read, VL_ERR_INVALID
 * when it is not a workbook, the sheet does not exist (the message lists the sheets), or the
 * sheet has no header row.
 */
vl_status vl_xlsxr_open(vl_ctx *ctx, const char *path, const char *sheet, vl_xlsxr **out);
/* Numbers with a fraction written with a decimal comma ("1,5"), for an import with --numbers vi. */
void vl_xlsxr_decimal_comma(vl_xlsxr *r, bool on);
/* The same from bytes in memory (not copied: they must outlive the reader); name for messages. */
vl_status vl_xlsxr_open_buffer(vl_ctx *ctx, const void *data, size_t size, const char *name,
                               const char *sheet, vl_xlsxr **out);
void vl_xlsxr_close(vl_xlsxr *r); /* NULL is a no-op */

size_t vl_xlsxr_ncols(const vl_xlsxr *r);
/* A header cell's text, lower-cased like the CSV reader's column names. */
const char *vl_xlsxr_colname(const vl_xlsxr *r, size_t i);
const char *vl_xlsxr_colname_shown(const vl_xlsxr *r, size_t i); /* as the sheet writes it */
/* The row number of the header row. */
size_t vl_xlsxr_header_row(const vl_xlsxr *r);
/* The sheet's name as written in the workbook. */
const char *vl_xlsxr_sheet(const vl_xlsxr *r);
/*
 * The next record (VL_OK and *rec NULL at the end). rec->line is the sheet's row number;
 * rec->fields[i] is the cell under header column i; rec->problem names an unreadable cell (an
 * error value such as #N/A, a formula without a saved value) as "column NAME: reason", the
 * record's other fields being unusable. A damaged sheet ends the read with VL_ERR_INVALID.
 */
vl_status vl_xlsxr_next(vl_xlsxr *r, const vl_csv_record **rec);
/* "SHEET!B7": the cell of field i (i < 0: the row's first column) in the given row. */
void vl_xlsxr_cellref(const vl_xlsxr *r, long field, size_t row, char *buf, size_t size);
/* Progress: bytes of the sheet's XML read so far, and its size. */
size_t vl_xlsxr_offset(const vl_xlsxr *r);
size_t vl_xlsxr_size(const vl_xlsxr *r);

/* Whether the file starts like a zip archive (an .xlsx), so the importer picks the reader. */
bool vl_xlsxr_sniff(const char *path);

#endif
