/*
 * table.c - the CSV-or-workbook reader (see table.h): a thin dispatch, so the importer reads
 * either the same way and only the place names in its messages differ.
 */
#include "io/table.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/xlsx-read.h"

struct vl_table {
    vl_csv_reader *csv;
    vl_xlsxr *xlsx;
};

vl_status vl_table_open(vl_ctx *ctx, const char *path, const char *sheet, vl_table **out)
{
    *out = NULL;
    vl_table *t = vl__calloc(1, sizeof *t);
    if (!t)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st;
    if (vl_xlsxr_sniff(path))
        st = vl_xlsxr_open(ctx, path, sheet, &t->xlsx);
    else if (sheet)
        st = vl__error(ctx, VL_ERR_ARG, "%s: --sheet applies to an .xlsx workbook, not a CSV file",
                       path);
    else
        st = vl_csv_open(ctx, path, &t->csv);
    if (st != VL_OK) {
        vl__free(t);
        return st;
    }
    *out = t;
    return VL_OK;
}

void vl_table_close(vl_table *t)
{
    if (!t)
        return;
    vl_csv_close(t->csv);
    vl_xlsxr_close(t->xlsx);
    vl__free(t);
}

bool vl_table_is_xlsx(const vl_table *t)
{
    return t->xlsx != NULL;
}

void vl_table_decimal_comma(vl_table *t, bool on)
{
    if (t->xlsx)
        vl_xlsxr_decimal_comma(t->xlsx, on);
}

size_t vl_table_ncols(const vl_table *t)
{
    return t->xlsx ? vl_xlsxr_ncols(t->xlsx) : vl_csv_ncols(t->csv);
}

const char *vl_table_colname_shown(const vl_table *t, size_t i)
{
    return t->xlsx ? vl_xlsxr_colname_shown(t->xlsx, i) : vl_csv_colname_shown(t->csv, i);
}

void vl_table_csv_style(const vl_table *t, bool *bom, bool *semicolon)
{
    *bom = t->csv && vl_csv_bom(t->csv);
    *semicolon = t->csv && vl_csv_delimiter(t->csv) == ';';
}

const char *vl_table_colname(const vl_table *t, size_t i)
{
    return t->xlsx ? vl_xlsxr_colname(t->xlsx, i) : vl_csv_colname(t->csv, i);
}

vl_status vl_table_next(vl_table *t, const vl_csv_record **rec)
{
    return t->xlsx ? vl_xlsxr_next(t->xlsx, rec) : vl_csv_next(t->csv, rec);
}

void vl_table_where(const vl_table *t, const char *path, size_t line, long col, char *buf,
                    size_t size)
{
    if (t && t->xlsx) {
        char ref[96];
        vl_xlsxr_cellref(t->xlsx, col, line, ref, sizeof ref);
        snprintf(buf, size, "%s:%s", path, ref);
    } else {
        snprintf(buf, size, "%s:%zu", path, line);
    }
}

size_t vl_table_header_line(const vl_table *t)
{
    return t->xlsx ? vl_xlsxr_header_row(t->xlsx) : 1;
}

size_t vl_table_offset(const vl_table *t)
{
    return t->xlsx ? vl_xlsxr_offset(t->xlsx) : vl_csv_offset(t->csv);
}

size_t vl_table_size(const vl_table *t)
{
    return t->xlsx ? vl_xlsxr_size(t->xlsx) : vl_csv_size(t->csv);
}
