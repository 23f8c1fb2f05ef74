/*
 * history.c - history records for forecasting: the strict `history` CSV reader and the builder
 * that both it and the store's loader use. Rows end up sorted by series, key values and period,
 * in one arena that vl_history_destroy frees.
 *
 * The reader checks the contract: `series`, `period` and `value` columns; a period in YYYYQn,
 * YYYY-MM or YYYY; a finite value with a decimal point (never a comma); one frequency per
 * series and each period once. Every other column is a key (area, industry, occupation...).
 */
#include "io/history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

struct vl_history_builder {
    vl_arena *arena;
    char **key_names;
    size_t n_keys;
    vl_history_row *rows;
    size_t n, cap;
};

vl_history_builder *vl__hb_create(const char *const *key_names, size_t n_keys)
{
    vl_history_builder *b = vl__calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->arena = vl_arena_create();
    b->key_names = b->arena ? vl_arena_alloc(b->arena, (n_keys + 1) * sizeof(char *)) : NULL;
    if (!b->key_names) {
        vl__hb_destroy(b);
        return NULL;
    }
    b->n_keys = n_keys;
    for (size_t i = 0; i < n_keys; i++)
        if (!(b->key_names[i] = vl_arena_strdup(b->arena, key_names[i]))) {
            vl__hb_destroy(b);
            return NULL;
        }
    return b;
}

void vl__hb_destroy(vl_history_builder *b)
{
    if (!b)
        return;
    vl_arena_destroy(b->arena);
    vl__free(b->rows);
    vl__free(b);
}

bool vl__hb_add(vl_history_builder *b, const char *series, vl_period period, double value,
                const char *const *keys, size_t line)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        vl_history_row *r = vl__realloc(b->rows, cap * sizeof *r);
        if (!r)
            return false;
        b->rows = r;
        b->cap = cap;
    }
    vl_history_row *r = &b->rows[b->n];
    const char **k = vl_arena_alloc(b->arena, (b->n_keys + 1) * sizeof *k);
    r->series = vl_arena_strdup(b->arena, series);
    if (!k || !r->series)
        return false;
    /* consecutive rows usually share key values: reuse the previous copy */
    const vl_history_row *prev = b->n ? &b->rows[b->n - 1] : NULL;
    if (prev && strcmp(prev->series, series) == 0)
        r->series = prev->series;
    for (size_t i = 0; i < b->n_keys; i++) {
        const char *v = keys && keys[i] ? keys[i] : "";
        if (prev && strcmp(prev->keys[i], v) == 0)
            k[i] = prev->keys[i];
        else if (!(k[i] = vl_arena_strdup(b->arena, v)))
            return false;
    }
    r->keys = k;
    r->period = period;
    r->value = value;
    r->line = line;
    b->n++;
    return true;
}

static int cmp_identity(const vl_history_row *a, const vl_history_row *b, size_t n_keys)
{
    int c = strcmp(a->series, b->series);
    for (size_t i = 0; !c && i < n_keys; i++)
        c = strcmp(a->keys[i], b->keys[i]);
    return c;
}

/* qsort_r (glibc) carries the key count, so sorting is safe on any thread. */
static int cmp_rows(const void *pa, const void *pb, void *arg)
{
    const vl_history_row *a = pa, *b = pb;
    int c = cmp_identity(a, b, *(const size_t *)arg);
    if (c)
        return c;
    if (a->period.freq != b->period.freq)
        return a->period.freq < b->period.freq ? -1 : 1;
    long ia = vl_period_index(a->period), ib = vl_period_index(b->period);
    if (ia != ib)
        return ia < ib ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line; /* stable: file order */
}

typedef struct problem {
    size_t line;
    char *text;
} problem;

static int cmp_problem(const void *pa, const void *pb)
{
    const problem *a = pa, *b = pb;
    return a->line < b->line ? -1 : a->line > b->line;
}

static void series_name(const vl_history_builder *b, const vl_history_row *r, char *out,
                        size_t size)
{
    size_t n = (size_t)snprintf(out, size, "'%s'", r->series);
    for (size_t i = 0; i < b->n_keys && n < size; i++)
        if (r->keys[i][0])
            n += (size_t)snprintf(out + n, size - n, " %s=%s", b->key_names[i], r->keys[i]);
}

size_t vl__hb_check(vl_ctx *ctx, vl_history_builder *b, const char *path)
{
    if (b->n > 1)
        qsort_r(b->rows, b->n, sizeof *b->rows, cmp_rows, &b->n_keys);
    problem *probs = NULL;
    size_t np = 0, cap = 0;
    size_t start = 0;
    for (size_t i = 1; i <= b->n; i++) {
        if (i < b->n && cmp_identity(&b->rows[i], &b->rows[start], b->n_keys) == 0)
            continue;
        /* rows [start, i) are one series, sorted by frequency, period, then line */
        const vl_history_row *f0 = &b->rows[start], *odd = NULL;
        for (size_t k = start + 1; k < i; k++)
            if (b->rows[k].line < f0->line)
                f0 = &b->rows[k];
        for (size_t k = start; k < i; k++) {
            const vl_history_row *r = &b->rows[k];
            if (r->period.freq != f0->period.freq && (!odd || r->line < odd->line))
                odd = r;
        }
        for (size_t k = start; k < i; k++) {
            const vl_history_row *r = &b->rows[k], *p = k > start ? &b->rows[k - 1] : NULL;
            char name[256], per[16], p0[16], msg[768];
            series_name(b, r, name, sizeof name);
            vl_period_format(r->period, per, sizeof per);
            if (r == odd) {
                vl_period_format(f0->period, p0, sizeof p0);
                snprintf(msg, sizeof msg,
                         vl__tr(ctx, "column period: series %s mixes frequencies (%s here, %s "
                                     "on line %zu)"),
                         name, per, p0, f0->line);
            } else if (p && r->period.freq == p->period.freq &&
                       vl_period_index(r->period) == vl_period_index(p->period)) {
                snprintf(msg, sizeof msg,
                         vl__tr(ctx, "column period: series %s has period %s twice (first on "
                                     "line %zu)"),
                         name, per, p->line);
            } else {
                continue;
            }
            if (np == cap) {
                size_t nc = cap ? 2 * cap : 16;
                problem *q = vl__realloc(probs, nc * sizeof *q);
                if (!q)
                    break;
                probs = q;
                cap = nc;
            }
            probs[np].line = r->line;
            probs[np].text = vl__strdup(msg);
            np++;
        }
        start = i;
    }
    if (np > 1)
        qsort(probs, np, sizeof *probs, cmp_problem);
    for (size_t i = 0; i < np; i++) {
        if (path)
            vl__diag(ctx, "%s:%zu: %s", path, probs[i].line, probs[i].text ? probs[i].text : "");
        else
            vl__diag(ctx, "history: %s", probs[i].text ? probs[i].text : "");
        vl__free(probs[i].text);
    }
    vl__free(probs);
    return np;
}

vl_history *vl__hb_finish(vl_history_builder *b)
{
    vl_history *h = vl_arena_alloc(b->arena, sizeof *h);
    vl_history_row *rows = vl_arena_alloc(b->arena, (b->n ? b->n : 1) * sizeof *rows);
    if (!h || !rows) {
        vl__hb_destroy(b);
        return NULL;
    }
    if (b->n)
        memcpy(rows, b->rows, b->n * sizeof *rows);
    h->rows = rows;
    h->n_rows = b->n;
    h->key_names = (const char *const *)b->key_names;
    h->n_keys = b->n_keys;
    h->owner = b->arena;
    vl__free(b->rows);
    vl__free(b);
    return h;
}

void vl_history_destroy(vl_history *h)
{
    if (h)
        vl_arena_destroy(h->owner); /* h itself lives in the arena */
}

/* ---- the CSV reader ------------------------------------------------------------------------ */

vl_status vl_history_read_csv(vl_ctx *ctx, const char *path, vl_history **out)
{
    if (!path || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_history_read_csv: missing argument");
    *out = NULL;
    vl__diag_clear(ctx);
    vl_csv_reader *r;
    vl_status st = vl_csv_open(ctx, path, &r);
    if (st != VL_OK) {
        if (vl_ctx_diag_count(ctx) == 0)
            vl__diag(ctx, "%s", vl_ctx_errmsg(ctx));
        return st;
    }
    long c_series = vl_csv_find(r, "series"), c_period = vl_csv_find(r, "period"),
         c_value = vl_csv_find(r, "value");
    size_t ncols = vl_csv_ncols(r);
    if (c_series < 0 || c_period < 0 || c_value < 0) {
        char missing[64] = "";
        if (c_series < 0)
            strcat(missing, " series");
        if (c_period < 0)
            strcat(missing, " period");
        if (c_value < 0)
            strcat(missing, " value");
        vl__diag(ctx, "%s:1: header: missing required column(s):%s", path, missing);
        vl_csv_close(r);
        return vl__error(ctx, VL_ERR_INVALID, "%s:1: header: missing required column(s):%s", path,
                         missing);
    }
    const char **names = vl__calloc(ncols + 1, sizeof *names);
    size_t *key_col = vl__calloc(ncols + 1, sizeof *key_col);
    const char **keys = vl__calloc(ncols + 1, sizeof *keys);
    size_t n_keys = 0;
    if (!names || !key_col || !keys) {
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ncols; i++) {
        if ((long)i == c_series || (long)i == c_period || (long)i == c_value)
            continue;
        const char *nm = vl_csv_colname(r, i);
        if (!nm[0]) {
            vl__diag(ctx, "%s:1: header: column %zu has no name", path, i + 1);
            continue;
        }
        key_col[n_keys] = i;
        names[n_keys++] = nm;
    }
    vl_history_builder *b = vl__hb_create(names, n_keys);
    if (!b) {
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        goto done;
    }
    size_t problems = vl_ctx_diag_count(ctx);
    const vl_csv_record *rec;
    while ((st = vl_csv_next(r, &rec)) == VL_OK && rec) {
        if (rec->problem) {
            problems++;
            continue;
        }
        if (rec->n != ncols) {
            vl__diag(ctx, "%s:%zu: row has %zu fields, the header has %zu", path, rec->line, rec->n,
                     ncols);
            problems++;
            continue;
        }
        const char *series = rec->fields[c_series], *ptext = rec->fields[c_period],
                   *vtext = rec->fields[c_value];
        bool ok = true;
        vl_period p;
        double v = 0;
        if (!series[0]) {
            vl__diag(ctx, "%s:%zu: column series: empty", path, rec->line);
            ok = false;
        }
        if (!vl_period_read(ptext, &p)) {
            vl__diag(ctx,
                     "%s:%zu: column period: '%s' is not a period (YYYYQn, YYYY-MM or YYYY; "
                     "also Quý 1/2024, Q1/2024, 03/2024)",
                     path, rec->line, ptext);
            ok = false;
        }
        if (!vl_parse_double(vtext, &v)) {
            if (strchr(vtext, ',') && !strchr(vtext, '.'))
                vl__diag(ctx,
                         "%s:%zu: column value: '%s' uses a decimal comma; write a decimal point",
                         path, rec->line, vtext);
            else
                vl__diag(ctx, "%s:%zu: column value: '%s' is not a number", path, rec->line, vtext);
            ok = false;
        }
        if (!ok) {
            problems++;
            continue;
        }
        for (size_t k = 0; k < n_keys; k++)
            keys[k] = rec->fields[key_col[k]];
        if (!vl__hb_add(b, series, p, v, keys, rec->line)) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (st == VL_OK)
        problems += vl__hb_check(ctx, b, path);
    if (st == VL_OK && problems) {
        st = vl__error(ctx, VL_ERR_INVALID, "%s: %zu problem%s", path, problems,
                       problems == 1 ? "" : "s");
    }
    if (st == VL_OK) {
        *out = vl__hb_finish(b);
        if (!*out)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    } else {
        vl__hb_destroy(b);
    }
done:
    vl_csv_close(r);
    vl__free(names);
    vl__free(key_col);
    vl__free(keys);
    return st;
}
