/*
 * sheet.h - a table written for people (results, shortlists, forecasts) in the form their
 * spreadsheet opens: plain CSV (the import contract: ',' and no BOM), Excel-friendly CSV for
 * Vietnamese Windows (a UTF-8 BOM and ';' between cells), or an .xlsx workbook (a bold, frozen
 * header row with a filter, numbers as numbers, ISO dates as dates shown dd/mm/yyyy). Written
 * through vl_output: the file appears whole or not at all.
 */
#ifndef VIECLAM_SHEET_H
#define VIECLAM_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include <vieclam/common.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vl_sheet_format {
    VL_SHEET_CSV = 0,   /* ',' separated, no BOM: what `vieclam import` reads back */
    VL_SHEET_EXCEL_CSV, /* BOM + ';', decimal comma, formulas as text: a Vietnamese Excel */
    VL_SHEET_XLSX,      /* an Excel workbook of one sheet */
} vl_sheet_format;

typedef struct vl_sheet vl_sheet;

/*
 * Starts a sheet at path (NULL or "-" = standard output, refused for XLSX). flags: the
 * VL_OUTPUT_* flags (VL_OUTPUT_PRIVATE for anything naming people). sheet_name names the
 * workbook's sheet (NULL = "vieclam"); the first row written is the header.
 */
VL_EXPORT vl_status vl_sheet_open(vl_ctx *ctx, const char *path, vl_sheet_format format,
                                  const char *sheet_name, unsigned flags, vl_sheet **out);
/* One row; cells may be NULL (empty). In XLSX a cell in plain number form ("12", "-0.25", not
 * "0110") is a number and a YYYY-MM-DD cell a date; everything else stays text. */
VL_EXPORT vl_status vl_sheet_row(vl_sheet *s, size_t n, const char *const *cells);
/* Finishes the file (it appears whole); an error names the file. NULL is a no-op. */
VL_EXPORT vl_status vl_sheet_close(vl_ctx *ctx, vl_sheet *s);
/* Abandons the file: the target is left as it was. NULL is a no-op. */
VL_EXPORT void vl_sheet_discard(vl_sheet *s);
/*
 * The workbook staff fill in for `vieclam import KIND`: a sheet with the kind's Vietnamese
 * headers, one example row and dropdowns (education, priority group, status, gender, channel,
 * outcome, occupation code) whose labels the import accepts; the lists on a sheet "Danh mục",
 * every ISCO-08 unit group with its Vietnamese title on a sheet "Nghề nghiệp". Written whole.
 */
VL_EXPORT vl_status vl_sheet_template(vl_ctx *ctx, vl_kind kind, const char *path);
/* "csv", "excel" (Excel-friendly CSV) or "xlsx" to a format; false for anything else. */
VL_EXPORT bool vl_sheet_format_parse(const char *name, vl_sheet_format *out);

#ifdef __cplusplus
}
#endif

#endif
