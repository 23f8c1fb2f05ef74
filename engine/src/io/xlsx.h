/*
 * xlsx.h - a small private workbook writer over libxlsxwriter (included by io/xlsx.c only), so
 * the report, fair and export code can write Excel files without seeing libxlsxwriter.
 *
 * Cells are strings or numbers, never formulas (a string that starts with '=' stays text, so a
 * name in a shortlist cannot inject a formula). Numbers are written with a '.' whatever the
 * process locale is. Errors are sticky: the first failure is recorded on the context and
 * returned again by every later call and by vl_xlsx_close, so a writer may check only there.
 * Rows and columns are 0-based, as in libxlsxwriter.
 */
#ifndef VL_IO_XLSX_H
#define VL_IO_XLSX_H

#include "core/core.h"

typedef struct vl_xlsx vl_xlsx;
typedef struct vl_xlsx_sheet vl_xlsx_sheet;
typedef struct vl_xlsx_chart vl_xlsx_chart;

/* A cell format: one of the built-ins below or one made by vl_xlsx_format_add. */
typedef int vl_xlsx_fmt;
enum {
    VL_XLSX_FMT_DEFAULT = 0, /* General */
    VL_XLSX_FMT_BOLD,        /* bold, for header rows */
    VL_XLSX_FMT_INT,         /* "0" */
    VL_XLSX_FMT_DEC1,        /* "0.0" */
    VL_XLSX_FMT_DEC2,        /* "0.00" */
    VL_XLSX_FMT_THOUSANDS,   /* "#,##0" (Excel shows the user's own separators) */
    VL_XLSX_FMT_PERCENT1,    /* "0.0%" of a fraction */
    VL_XLSX_FMT_DATE,        /* "yyyy-mm-dd" */
    VL_XLSX_FMT_BUILTIN_COUNT
};

/*
 * Starts a workbook that will be written to path on vl_xlsx_close, through vl_output (whole or
 * not at all; flags are the VL_OUTPUT_* flags). The document properties carry a fixed creation
 * time (2000-01-01) so the same content gives the same file.
 */
vl_status vl_xlsx_create(vl_ctx *ctx, const char *path, unsigned flags, vl_xlsx **out);
/*
 * The same with options: inline_strings writes strings inline in each cell instead of a shared
 * table (libxlsxwriter's constant-memory mode: rows must then be written in order).
 */
vl_status vl_xlsx_create_opt(vl_ctx *ctx, const char *path, unsigned flags, bool inline_strings,
                             vl_xlsx **out);
/* Writes the file and frees everything; returns the first error (sticky) or the write's. */
vl_status vl_xlsx_close(vl_xlsx *x);
/* Frees without leaving a file behind (after an error elsewhere). NULL is a no-op. */
void vl_xlsx_discard(vl_xlsx *x);
/* The first error recorded so far (VL_OK when none). */
vl_status vl_xlsx_status(const vl_xlsx *x);

/* A custom number format such as "0.000" (bold optional); returns VL_XLSX_FMT_DEFAULT on error. */
vl_xlsx_fmt vl_xlsx_format_add(vl_xlsx *x, const char *num_format, bool bold);

/*
 * Adds a worksheet. The name is made valid for Excel: []:*?/\ become '_', leading or trailing
 * apostrophes are dropped, it is cut to 31 characters (on a UTF-8 boundary) and made unique with
 * " (2)", " (3)", ... Returns NULL on failure (error on the context). The sheet belongs to x.
 */
vl_xlsx_sheet *vl_xlsx_add_sheet(vl_xlsx *x, const char *name);
/* The name the sheet got (after the fixes above). */
const char *vl_xlsx_sheet_name(const vl_xlsx_sheet *s);

vl_status vl_xlsx_write_string(vl_xlsx_sheet *s, size_t row, size_t col, const char *text,
                               vl_xlsx_fmt fmt);
/* A non-finite value writes an empty cell (never NaN or infinity in a workbook). */
vl_status vl_xlsx_write_number(vl_xlsx_sheet *s, size_t row, size_t col, double value,
                               vl_xlsx_fmt fmt);
/* A calendar date (yyyymmdd, as vl__parse_date gives) as an Excel date in fmt (DATE if DEFAULT). */
vl_status vl_xlsx_write_date(vl_xlsx_sheet *s, size_t row, size_t col, int32_t yyyymmdd,
                             vl_xlsx_fmt fmt);
vl_status vl_xlsx_write_blank(vl_xlsx_sheet *s, size_t row, size_t col, vl_xlsx_fmt fmt);
/* A formula ("=B2*2") with the value Excel would show, saved with it (readers use it). */
vl_status vl_xlsx_write_formula(vl_xlsx_sheet *s, size_t row, size_t col, const char *formula,
                                double value, vl_xlsx_fmt fmt);
/* Merges the range and writes text in it (its top-left cell). */
vl_status vl_xlsx_merge(vl_xlsx_sheet *s, size_t first_row, size_t first_col, size_t last_row,
                        size_t last_col, const char *text, vl_xlsx_fmt fmt);
/*
 * A dropdown on the range: the values of `source` (a formula such as "=Lists!$A$2:$A$11"); other
 * values are refused with the message (title and text shown by Excel).
 */
vl_status vl_xlsx_validate_list(vl_xlsx_sheet *s, size_t first_row, size_t first_col,
                                size_t last_row, size_t last_col, const char *source,
                                const char *title, const char *message);

/*
 * A bold header row of n cells at row, frozen above the data (panes frozen at row + 1) and with
 * an autofilter over the header's columns down to last_row (pass row when unknown yet and call
 * vl_xlsx_autofilter later).
 */
vl_status vl_xlsx_write_header(vl_xlsx_sheet *s, size_t row, const char *const *names, size_t n,
                               size_t last_row);
vl_status vl_xlsx_freeze(vl_xlsx_sheet *s, size_t row, size_t col);
vl_status vl_xlsx_autofilter(vl_xlsx_sheet *s, size_t first_row, size_t first_col, size_t last_row,
                             size_t last_col);
/* Width in Excel's character units for columns first..last, with a default format for them. */
vl_status vl_xlsx_column_width(vl_xlsx_sheet *s, size_t first_col, size_t last_col, double width,
                               vl_xlsx_fmt fmt);

/* ---- charts ------------------------------------------------------------------------------- */
typedef enum vl_xlsx_dash { VL_XLSX_SOLID = 0, VL_XLSX_DASHED, VL_XLSX_DOTTED } vl_xlsx_dash;

typedef struct vl_xlsx_line_style {
    uint32_t rgb;      /* 0xRRGGBB; 0 = Excel's automatic colour */
    double width;      /* points; 0 = default */
    vl_xlsx_dash dash; /* solid, dashed, dotted */
} vl_xlsx_line_style;

/* A native line chart (categories on the x axis) in x; the chart belongs to x. NULL on error. */
vl_xlsx_chart *vl_xlsx_chart_line(vl_xlsx *x, const char *title, const char *x_title,
                                  const char *y_title);
/*
 * Adds a series named name whose categories are cells [r1..r2] of column cat_col and whose values
 * are cells [r1..r2] of column val_col of sheet s. style may be NULL (automatic).
 */
vl_status vl_xlsx_chart_add_series(vl_xlsx_chart *c, const char *name, const vl_xlsx_sheet *s,
                                   size_t r1, size_t r2, size_t cat_col, size_t val_col,
                                   const vl_xlsx_line_style *style);
/* Places the chart with its top-left corner at (row, col), width x height pixels. */
vl_status vl_xlsx_insert_chart(vl_xlsx_sheet *s, size_t row, size_t col, vl_xlsx_chart *c,
                               unsigned width_px, unsigned height_px);

#endif
