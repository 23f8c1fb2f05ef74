/*
 * areas.c - the area list the generator places employers and seekers in: the areas table built
 * into the library by the ref room (fixtures/reference/areas.csv), or an areas CSV file in the
 * same format (code,name,parent,lat,lon[,level,valid_from,valid_to,version]).
 *
 * A file is small and trusted reference data, so it is parsed here from memory with a minimal
 * RFC 4180 reader (quotes, "" escapes, CRLF or LF, a leading BOM) rather than the streaming
 * import reader. Both sources go through the same row checks; problems come out as diagnostics
 * "FILE:LINE: column NAME: reason".
 */
#include "gen/internal.h"
#include "ref/areas.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 16

enum { C_CODE, C_NAME, C_PARENT, C_LAT, C_LON, C_LEVEL, C_FROM, C_TO, C_VERSION, C_COUNT };
static const char *const col_names[C_COUNT] = {"code",  "name",       "parent",   "lat",    "lon",
                                               "level", "valid_from", "valid_to", "version"};

typedef struct cursor {
    const char *p, *end;
    size_t line;
} cursor;

/* Reads one record into fields (arena copies); returns the field count, 0 at the end, -1 for a
 * quote left open. */
static long read_record(cursor *c, vl_arena *a, char **fields, size_t max, bool *nomem)
{
    if (c->p >= c->end)
        return 0;
    size_t n = 0;
    vl_buf b = {0};
    for (;;) {
        b.len = 0;
        if (b.data)
            b.data[0] = '\0';
        bool quoted = c->p < c->end && *c->p == '"';
        if (quoted) {
            c->p++;
            for (;;) {
                if (c->p >= c->end) {
                    vl_buf_free(&b);
                    return -1;
                }
                if (*c->p == '"') {
                    if (c->p + 1 < c->end && c->p[1] == '"') {
                        if (!vl_buf_append(&b, "\"", 1))
                            *nomem = true;
                        c->p += 2;
                        continue;
                    }
                    c->p++;
                    break;
                }
                if (*c->p == '\n')
                    c->line++;
                if (!vl_buf_append(&b, c->p, 1))
                    *nomem = true;
                c->p++;
            }
        }
        while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
            if (!vl_buf_append(&b, c->p, 1))
                *nomem = true;
            c->p++;
        }
        if (n < max) {
            fields[n] = vl_arena_strndup(a, b.data ? b.data : "", b.len);
            if (!fields[n])
                *nomem = true;
        }
        n++;
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '\r')
            c->p++;
        if (c->p < c->end && *c->p == '\n')
            c->p++;
        c->line++;
        break;
    }
    vl_buf_free(&b);
    return (long)n;
}

/* Fills ar from the cells of one row (pointers kept: they must outlive ar); false after adding
 * a diagnostic for each problem. */
static bool area_from_cells(vl_ctx *ctx, const char *name, size_t line, const char *const *v,
                            vl_area *ar)
{
    ar->code = v[C_CODE];
    ar->name = v[C_NAME];
    ar->parent = *v[C_PARENT] ? v[C_PARENT] : NULL;
    ar->version = *v[C_VERSION] ? v[C_VERSION] : NULL;
    ar->lat = ar->lon = NAN;
    bool ok = true;
    if (!*ar->code) {
        vl__diag(ctx, "%s:%zu: column code: empty", name, line);
        ok = false;
    }
    if (*v[C_LAT] && !vl_parse_double(v[C_LAT], &ar->lat)) {
        vl__diag(ctx, "%s:%zu: column lat: not a number", name, line);
        ok = false;
    }
    if (*v[C_LON] && !vl_parse_double(v[C_LON], &ar->lon)) {
        vl__diag(ctx, "%s:%zu: column lon: not a number", name, line);
        ok = false;
    }
    long long lv = ar->parent ? 2 : 1;
    if (*v[C_LEVEL] && (!vl_parse_long(v[C_LEVEL], &lv) || lv < 1 || lv > 3)) {
        vl__diag(ctx, "%s:%zu: column level: not 1, 2 or 3", name, line);
        ok = false;
    }
    ar->level = (int)lv;
    if (*v[C_FROM] && !vl__parse_date(v[C_FROM], &ar->valid_from)) {
        vl__diag(ctx, "%s:%zu: column valid_from: not a date YYYY-MM-DD", name, line);
        ok = false;
    }
    if (*v[C_TO] && !vl__parse_date(v[C_TO], &ar->valid_to)) {
        vl__diag(ctx, "%s:%zu: column valid_to: not a date YYYY-MM-DD", name, line);
        ok = false;
    }
    return ok;
}

vl_status gen_builtin_areas(vl_ctx *ctx, vl_arena *a, vl_area **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    vl__ref_areas *ra = NULL;
    vl_status st = vl__ref_areas_build(ctx, &ra);
    if (st != VL_OK)
        return st;
    vl_area *areas = vl_arena_alloc(a, (ra->n_areas + 1) * sizeof *areas);
    if (!areas) {
        vl__ref_areas_free(ra);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* the strings are the library's own constants: they outlive the dataset */
    for (size_t i = 0; i < ra->n_areas; i++) {
        const vl__ref_area *r = &ra->areas[i];
        areas[i] = (vl_area){.code = r->code,
                             .name = r->name,
                             .parent = *r->parent ? r->parent : NULL,
                             .level = r->level,
                             .lat = r->lat,
                             .lon = r->lon,
                             .valid_from = r->valid_from,
                             .valid_to = r->valid_to,
                             .version = r->version};
    }
    *out = areas;
    *n_out = ra->n_areas;
    vl__ref_areas_free(ra);
    return VL_OK;
}

vl_status gen_parse_areas(vl_ctx *ctx, const char *name, const char *text, size_t len, vl_arena *a,
                          vl_area **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t bad;
    if (!vl_text_valid_utf8(text, len, &bad))
        return vl__error(ctx, VL_ERR_INVALID, "%s: not UTF-8 (byte %zu)", name, bad);
    cursor c = {text, text + len, 1};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3;
    char *f[MAX_COLS];
    bool nomem = false;
    long nh = read_record(&c, a, f, MAX_COLS, &nomem);
    if (nomem)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (nh <= 0)
        return vl__error(ctx, VL_ERR_INVALID, "%s:1: empty file or unreadable header", name);
    long idx[C_COUNT];
    for (int k = 0; k < C_COUNT; k++) {
        idx[k] = -1;
        for (long i = 0; i < nh && i < MAX_COLS; i++)
            if (strcmp(f[i], col_names[k]) == 0)
                idx[k] = i;
        if (idx[k] < 0 && k <= C_LON)
            return vl__error(ctx, VL_ERR_INVALID, "%s:1: column %s: missing from the header", name,
                             col_names[k]);
    }
    /* count lines for the array (an upper bound on records) */
    size_t cap = 1;
    for (const char *p = c.p; p < c.end; p++)
        cap += *p == '\n';
    vl_area *areas = vl_arena_alloc(a, cap * sizeof *areas);
    if (!areas)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__diag_clear(ctx);
    size_t n = 0, problems = 0;
    for (;;) {
        size_t line = c.line;
        long nf = read_record(&c, a, f, MAX_COLS, &nomem);
        if (nomem)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        if (nf == 0)
            break;
        if (nf < 0) {
            vl__diag(ctx, "%s:%zu: a quote is never closed", name, line);
            return vl__error(ctx, VL_ERR_INVALID, "%s:%zu: a quote is never closed", name, line);
        }
        if (nf == 1 && f[0][0] == '\0')
            continue; /* blank line */
        if (nf != nh) {
            vl__diag(ctx, "%s:%zu: %ld fields where the header has %ld", name, line, nf, nh);
            problems++;
            continue;
        }
        assert(n < cap);
        const char *v[C_COUNT];
        for (int k = 0; k < C_COUNT; k++)
            v[k] = idx[k] >= 0 ? f[idx[k]] : "";
        bool ok = area_from_cells(ctx, name, line, v, &areas[n]);
        if (ok)
            n++;
        else
            problems++;
    }
    if (problems)
        return vl__error(ctx, VL_ERR_INVALID, "%s: %zu invalid rows", name, problems);
    *out = areas;
    *n_out = n;
    return VL_OK;
}
