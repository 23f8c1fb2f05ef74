/*
 * table.h - one reader for the tables people give vieclam: a CSV file or a sheet of an .xlsx
 * workbook (chosen by the file's first bytes), with the same records (csv.h's vl_csv_record),
 * and where a cell is for messages: "FILE:LINE" for CSV, "FILE:SHEET!B7" for a workbook.
 */
#ifndef VL_IO_TABLE_H
#define VL_IO_TABLE_H

#include "io/csv.h"

typedef struct vl_table vl_table;

/*
 * Opens path: an .xlsx workbook (its sheet named `sheet`, NULL = the first) or a CSV file (when
 * `sheet` is given for a CSV file: VL_ERR_ARG). Errors as vl_csv_open / vl_xlsx_open.
 */
vl_status vl_table_open(vl_ctx *ctx, const char *path, const char *sheet, vl_table **out);
void vl_table_close(vl_table *t); /* NULL is a no-op */
bool vl_table_is_xlsx(const vl_table *t);
/* Fractions of a workbook's number cells with a decimal comma (an import with --numbers vi). */
void vl_table_decimal_comma(vl_table *t, bool on);
size_t vl_table_ncols(const vl_table *t);
const char *vl_table_colname(const vl_table *t, size_t i); /* lower-cased */
/* The same as the file writes it, for messages and a rejects file. */
const char *vl_table_colname_shown(const vl_table *t, size_t i);
/* A CSV file's own style, for a file written back for the same person (the rejects): a byte
 * order mark, and ';' as its separator. Both false for a workbook. */
void vl_table_csv_style(const vl_table *t, bool *bom, bool *semicolon);
vl_status vl_table_next(vl_table *t, const vl_csv_record **rec);
/* Where field `col` (-1: the record) of the record at `line` is: "FILE:LINE", "FILE:SHEET!B7". */
void vl_table_where(const vl_table *t, const char *path, size_t line, long col, char *buf,
                    size_t size);
/* The line (sheet row) of the header: 1 for CSV, the first non-empty row of a sheet. */
size_t vl_table_header_line(const vl_table *t);
size_t vl_table_offset(const vl_table *t);
size_t vl_table_size(const vl_table *t);

#endif
