/*
 * sheet.c - vl_sheet (sheet.h): one table for people as CSV, Excel-friendly CSV or XLSX, on
 * top of the CSV writer (csv.c) and the workbook writer (xlsx.c). Owns the rule for what an
 * XLSX cell becomes: a number only in plain number form (so an ISCO code "0110" or an id stays
 * text), a date only as YYYY-MM-DD; and what an Excel CSV cell becomes: a number with the
 * decimal comma of the Vietnamese regional settings (where '.' groups thousands, so "7.5" would
 * be read as a date or text), and text Excel would take for a formula behind an apostrophe.
 */
#include <string.h>

#include "core/core.h"
#include "io/csv.h"
#include "io/xlsx.h"
#include <vieclam/sheet.h>

struct vl_sheet {
    vl_sheet_format format;
    vl_csv_writer *csv;
    vl_xlsx *x;
    vl_xlsx_sheet *ws;
    vl_xlsx_fmt dmy;
    size_t row;
    size_t *width; /* characters of the widest cell per column, for the column widths */
    size_t n_width;
};

bool vl_sheet_format_parse(const char *name, vl_sheet_format *out)
{
    static const struct {
        const char *name;
        vl_sheet_format f;
    } names[] = {{"csv", VL_SHEET_CSV}, {"excel", VL_SHEET_EXCEL_CSV}, {"xlsx", VL_SHEET_XLSX}};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].f;
            return true;
        }
    return false;
}

vl_status vl_sheet_open(vl_ctx *ctx, const char *path, vl_sheet_format format,
                        const char *sheet_name, unsigned flags, vl_sheet **out)
{
    if (!out)
        return vl__error(ctx, VL_ERR_ARG, "vl_sheet_open: no result pointer");
    *out = NULL;
    bool to_stdout = !path || strcmp(path, "-") == 0;
    if (format == VL_SHEET_XLSX && to_stdout)
        return vl__error(ctx, VL_ERR_ARG,
                         "an Excel workbook needs a file name, not standard output");
    vl_sheet *s = vl__calloc(1, sizeof *s);
    if (!s)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    s->format = format;
    vl_status st;
    if (format == VL_SHEET_XLSX) {
        st = vl_xlsx_create(ctx, path, flags & ~(VL_CSV_BOM | VL_CSV_SEMICOLON), &s->x);
        if (st == VL_OK) {
            s->dmy = vl_xlsx_format_add(s->x, "dd/mm/yyyy", false);
            s->ws = vl_xlsx_add_sheet(s->x, sheet_name ? sheet_name : "vieclam");
            if (!s->ws)
                st = vl_xlsx_status(s->x) != VL_OK ? vl_xlsx_status(s->x)
                                                   : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
    } else {
        unsigned f = flags | (format == VL_SHEET_EXCEL_CSV ? VL_CSV_BOM | VL_CSV_SEMICOLON : 0);
        st = vl_csv_writer_open(ctx, path, f, &s->csv);
    }
    if (st != VL_OK) {
        vl_sheet_discard(s);
        return st;
    }
    *out = s;
    return VL_OK;
}

/* "12", "-0.25", "3e5" but not "0110", "+1", "1." or "": the number Excel should add up. */
static bool plain_number(const char *c, double *v)
{
    const char *p = c + (c[0] == '-');
    if (!(*p >= '0' && *p <= '9'))
        return false;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
        return false; /* a code with a leading zero */
    if (strlen(c) > 15)
        return false; /* past a double's exact digits: an id, keep its text */
    return vl_parse_double(c, v) && c[strlen(c) - 1] != '.';
}

/* A cell Excel would evaluate: "=1+1", "+1+1", "@SUM(A1)", "-2+3" (a number like "-2" is not
 * one), or a tab or carriage return first (OWASP, CSV injection). */
static bool formula_like(const char *c)
{
    return c[0] && strchr("=+-@\t\r", c[0]) != NULL;
}

/* An Excel CSV row: numbers with a decimal comma, text that starts like a formula behind the
 * apostrophe Excel shows as nothing (the plain CSV, the import contract, keeps its cells). */
static vl_status excel_row(vl_csv_writer *w, size_t n, const char *const *cells)
{
    char **own = vl__calloc(n ? n : 1, sizeof *own);
    const char **row = vl__calloc(n ? n : 1, sizeof *row);
    vl_status st = own && row ? VL_OK : VL_ERR_NOMEM;
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        const char *c = cells[i] ? cells[i] : "";
        double v;
        row[i] = c;
        if (plain_number(c, &v) && strchr(c, '.')) {
            if (!(own[i] = vl__strdup(c)))
                st = VL_ERR_NOMEM;
            else
                *strchr(own[i], '.') = ',';
        } else if (!plain_number(c, &v) && formula_like(c)) {
            size_t len = strlen(c);
            if (!(own[i] = vl__malloc(len + 2)))
                st = VL_ERR_NOMEM;
            else
                own[i][0] = '\'', memcpy(own[i] + 1, c, len + 1);
        }
        if (own[i])
            row[i] = own[i];
    }
    if (st == VL_OK)
        st = vl_csv_write_row(w, n, row);
    for (size_t i = 0; own && i < n; i++)
        vl__free(own[i]);
    vl__free(own);
    vl__free(row);
    return st;
}

vl_status vl_sheet_row(vl_sheet *s, size_t n, const char *const *cells)
{
    if (!s)
        return VL_ERR_ARG;
    if (s->csv && s->format == VL_SHEET_EXCEL_CSV)
        return excel_row(s->csv, n, cells);
    if (s->csv)
        return vl_csv_write_row(s->csv, n, cells);
    if (s->row == 0) {
        s->width = vl__calloc(n ? n : 1, sizeof *s->width);
        if (!s->width)
            return VL_ERR_NOMEM;
        s->n_width = n;
    }
    vl_status st = VL_OK;
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        const char *c = cells[i] ? cells[i] : "";
        double v;
        int32_t d;
        if (s->row == 0)
            st = vl_xlsx_write_string(s->ws, 0, i, c, VL_XLSX_FMT_BOLD);
        else if (vl__parse_date(c, &d))
            st = vl_xlsx_write_date(s->ws, s->row, i, d, s->dmy);
        else if (plain_number(c, &v))
            st = vl_xlsx_write_number(s->ws, s->row, i, v, 0);
        else
            st = vl_xlsx_write_string(s->ws, s->row, i, c, 0);
        size_t w = vl__parse_date(c, &d) ? 10 : vl_text_width(c);
        if (i < s->n_width && w > s->width[i])
            s->width[i] = w;
    }
    s->row++;
    return st;
}

vl_status vl_sheet_close(vl_ctx *ctx, vl_sheet *s)
{
    if (!s)
        return VL_OK;
    vl_status st;
    if (s->csv) {
        st = vl_csv_writer_close(ctx, s->csv);
    } else {
        st = vl_xlsx_status(s->x);
        if (st == VL_OK && s->row && s->n_width) {
            st = vl_xlsx_freeze(s->ws, 1, 0);
            if (st == VL_OK)
                st = vl_xlsx_autofilter(s->ws, 0, 0, s->row - 1, s->n_width - 1);
            for (size_t i = 0; st == VL_OK && i < s->n_width; i++) {
                double w = (double)(s->width[i] + 2);
                st = vl_xlsx_column_width(s->ws, i, i, w < 8 ? 8 : w > 60 ? 60 : w, 0);
            }
        }
        /* after a failure the workbook is discarded by its close, which returns the failure */
        vl_status c = vl_xlsx_close(s->x);
        if (st == VL_OK)
            st = c;
    }
    vl__free(s->width);
    vl__free(s);
    return st;
}

void vl_sheet_discard(vl_sheet *s)
{
    if (!s)
        return;
    vl_csv_writer_discard(s->csv);
    vl_xlsx_discard(s->x);
    vl__free(s->width);
    vl__free(s);
}
