/*
 * hier.c - hierarchical forecasting (vl_hier_* of report.h): builds the grouped hierarchy that
 * the history's key columns define (total; each value of each key; each combination ... down to
 * the bottom level of full key tuples), forecasts every node with the forecasting engine,
 * reconciles with reconcile.c, and backtests the whole procedure at rolling origins so that
 * each node's accuracy before and after reconciliation can be compared.
 *
 * Node order: levels by subset of keys in order of size (total first, bottom last), nodes in a
 * level by their key values (byte order): stable, and what the reports show.
 */
#include "forecast/hier.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/fc.h"

#define SEP '\x1f' /* joins key values into one comparable string */

typedef struct hnode {
    const char *name, *level;
    const char **keys; /* n_by, "" where summed over */
    size_t level_index;
    bool bottom;
    double *hist; /* T */
    char *model;
    double *mean, *lo, *hi;    /* h, nlev*h */
    double *bmean, *blo, *bhi; /* base */
    vl_forecast_metrics base_acc, acc;
} hnode;

struct vl_hier {
    vl_arena *arena;
    size_t n, m, T, h, nlev, n_by;
    double levels[VL_FORECAST_MAX_LEVELS];
    const char *by[VL_HIER_MAX_KEYS];
    vl_period first;
    vl_reconcile method;
    double lambda, incoherence;
    bool has_acc;
    hnode *nodes;
    unsigned char *S; /* n x m */
    size_t n_levels_h;
    const char *level_names[1 << VL_HIER_MAX_KEYS];
};

_Static_assert((int)VL_RECONCILE_MINT == (int)FC_RECON_MINT, "enums agree");
_Static_assert((int)VL_RECONCILE_COUNT == (int)FC_RECON_COUNT, "enums agree");
_Static_assert((int)VL_RECONCILE_TOP_DOWN == (int)FC_RECON_TOP_DOWN, "enums agree");

bool vl_reconcile_parse(const char *text, vl_reconcile *out)
{
    fc_recon_method m;
    if (!fc_recon_method_parse(text, &m))
        return false;
    *out = (vl_reconcile)m;
    return true;
}

const char *vl_reconcile_name(vl_reconcile method)
{
    return fc_recon_method_name((fc_recon_method)method);
}

void vl_hier_options_init(vl_hier_options *opt)
{
    memset(opt, 0, sizeof *opt);
    vl_forecast_options_init(&opt->forecast);
    opt->forecast.origins = 2;
    /* theta: as accurate as auto on the fixture hierarchy and 30 times faster (docs) */
    opt->forecast.model = "theta";
    opt->method = VL_RECONCILE_MINT_TOTAL;
}

void vl_hier_destroy(vl_hier *h)
{
    if (!h)
        return;
    vl_arena_destroy(h->arena);
    vl__free(h->S);
    vl__free(h);
}

/* ---- building the hierarchy --------------------------------------------------------------- */

typedef struct tuple_ref {
    const char *text; /* key values joined by SEP */
    size_t index;
} tuple_ref;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Joins the values of the keys in mask (bit k = by[k]) of a full tuple. */
static char *project(vl_arena *a, const char *const *vals, size_t n_by, unsigned mask)
{
    size_t len = 1;
    for (size_t k = 0; k < n_by; k++)
        if (mask & (1u << k))
            len += strlen(vals[k]) + 1;
    char *s = vl_arena_alloc(a, len);
    if (!s)
        return NULL;
    char *p = s;
    for (size_t k = 0; k < n_by; k++)
        if (mask & (1u << k)) {
            size_t l = strlen(vals[k]);
            memcpy(p, vals[k], l);
            p += l;
            *p++ = SEP;
        }
    *p = '\0';
    return s;
}

static int popcount(unsigned x)
{
    int c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

/* Level masks ordered by size, then by the keys' order (total first, bottom last). */
static size_t level_masks(size_t n_by, unsigned *masks)
{
    size_t n = 0;
    for (int size = 0; size <= (int)n_by; size++)
        for (unsigned mask = 0; mask < (1u << n_by); mask++)
            if (popcount(mask) == size) {
                /* order masks of one size by their lowest keys first: area before industry */
                masks[n++] = mask;
            }
    return n;
}

typedef struct fill_ref {
    size_t cell;      /* bottom * T + t */
    const char *keys; /* every key value of the row */
    const vl_history_row *row;
} fill_ref;

static int cmp_fill(const void *pa, const void *pb)
{
    const fill_ref *a = pa, *b = pb;
    if (a->cell != b->cell)
        return a->cell < b->cell ? -1 : 1;
    return strcmp(a->keys, b->keys);
}

/* Sorting order: as cmp_fill, then by series name (so messages do not depend on qsort). */
static int cmp_fill_series(const void *pa, const void *pb)
{
    int c = cmp_fill(pa, pb);
    return c ? c : strcmp(((const fill_ref *)pa)->row->series, ((const fill_ref *)pb)->row->series);
}

typedef struct bottom_row {
    char *tuple;       /* full key tuple text */
    const char **vals; /* n_by */
} bottom_row;

/* ---- one forecast-and-reconcile pass -------------------------------------------------------- */

typedef struct pass_out {
    double *mean, *lo, *hi;    /* n x h, n x nlev x h (reconciled) */
    double *bmean, *blo, *bhi; /* base */
    char **model;              /* n descriptions (arena) or NULL */
} pass_out;

/*
 * Forecasts every node on its first `len` values and reconciles: the heart of both the final
 * forecast (len = T) and every backtest origin.
 */
static vl_status run_pass(vl_ctx *ctx, vl_hier *H, fc_recon *rec, const vl_hier_options *opt,
                          size_t len, pass_out *po, double *scratch)
{
    size_t n = H->n, h = H->h, nlev = H->nlev;
    vl_forecast_input *in = vl__calloc(n, sizeof *in);
    if (!in)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        in[i].name = H->nodes[i].name;
        in[i].keys = H->nodes[i].keys;
        in[i].n_keys = H->n_by;
        in[i].first = H->first;
        in[i].y = H->nodes[i].hist;
        in[i].n = len;
    }
    vl_forecast_options fo = opt->forecast;
    fo.origins = 0;
    fo.horizon = h;
    vl_forecast *f = NULL;
    vl_status st = vl_forecast_inputs(ctx, in, n, &fo, &f);
    vl__free(in);
    if (st != VL_OK)
        return st;

    /* residuals aligned at the end: the shortest residual run of all nodes */
    size_t Tr = len;
    vl_forecast_series s;
    for (size_t i = 0; i < n; i++) {
        vl_forecast_get(f, i, &s);
        Tr = s.n_history < Tr ? s.n_history : Tr;
    }
    double *resid = scratch;          /* n x Tr */
    double *hist = scratch + n * len; /* n x len */
    for (size_t i = 0; i < n; i++) {
        vl_forecast_get(f, i, &s);
        for (size_t t = 0; t < Tr; t++) {
            double r = s.residuals[s.n_history - Tr + t];
            resid[i * Tr + t] = isfinite(r) ? r : 0;
        }
        memcpy(hist + i * len, H->nodes[i].hist, len * sizeof *hist);
        memcpy(po->bmean + i * h, s.mean, h * sizeof *s.mean);
        if (nlev) {
            memcpy(po->blo + i * nlev * h, s.lo, nlev * h * sizeof *s.lo);
            memcpy(po->bhi + i * nlev * h, s.hi, nlev * h * sizeof *s.hi);
        }
        if (po->model) {
            po->model[i] = vl_arena_strdup(H->arena, s.description ? s.description : s.model);
            if (!po->model[i]) {
                vl_forecast_destroy(f);
                return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            }
        }
    }
    vl_forecast_destroy(f);

    st = fc_recon_fit(ctx, rec, (fc_recon_method)H->method, Tr >= 2 ? resid : NULL, Tr, hist, len);
    if (st != VL_OK)
        return st;
    if (H->method == VL_RECONCILE_MINT || H->method == VL_RECONCILE_MINT_TOTAL)
        H->lambda = fc_recon_lambda(rec);

    double *base = vl__malloc(4 * n * sizeof *base);
    if (!base)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    double *out = base + n, *bsd = base + 2 * n, *rsd = base + 3 * n;
    for (size_t k = 0; k < h; k++) {
        for (size_t i = 0; i < n; i++)
            base[i] = po->bmean[i * h + k];
        fc_recon_apply(rec, base, out);
        for (size_t i = 0; i < n; i++)
            po->mean[i * h + k] = out[i];
        if (!nlev)
            continue;
        /* the base standard deviation implied by the base intervals, averaged over levels */
        for (size_t i = 0; i < n; i++) {
            double sd = 0;
            for (size_t l = 0; l < nlev; l++) {
                double z = fc_qnorm(0.5 + H->levels[l] / 200);
                size_t at = i * nlev * h + l * h + k;
                sd += (po->bhi[at] - po->blo[at]) / (2 * z);
            }
            bsd[i] = fmax(0, sd / (double)nlev);
        }
        fc_recon_sd(rec, bsd, rsd);
        for (size_t i = 0; i < n; i++) {
            /* a series that was never negative (counts) gets no negative bounds */
            bool nonneg = fc_min(H->nodes[i].hist, len) >= 0;
            for (size_t l = 0; l < nlev; l++) {
                double z = fc_qnorm(0.5 + H->levels[l] / 200);
                size_t at = i * nlev * h + l * h + k;
                double lo = out[i] - z * rsd[i], hi = out[i] + z * rsd[i];
                if (nonneg && lo < 0)
                    lo = fmin(0, out[i]);
                po->lo[at] = lo;
                po->hi[at] = hi;
            }
        }
    }
    vl__free(base);
    return VL_OK;
}

static vl_status alloc_pass(vl_hier *H, pass_out *po, bool models)
{
    size_t n = H->n, h = H->h, nl = H->nlev ? H->nlev : 1;
    po->mean = vl_arena_alloc(H->arena, n * h * sizeof(double));
    po->bmean = vl_arena_alloc(H->arena, n * h * sizeof(double));
    po->lo = vl_arena_alloc(H->arena, n * nl * h * sizeof(double));
    po->hi = vl_arena_alloc(H->arena, n * nl * h * sizeof(double));
    po->blo = vl_arena_alloc(H->arena, n * nl * h * sizeof(double));
    po->bhi = vl_arena_alloc(H->arena, n * nl * h * sizeof(double));
    po->model = models ? vl_arena_alloc(H->arena, n * sizeof(char *)) : NULL;
    bool ok =
        po->mean && po->bmean && po->lo && po->hi && po->blo && po->bhi && (!models || po->model);
    return ok ? VL_OK : VL_ERR_NOMEM;
}

/* ---- the driver ---------------------------------------------------------------------------- */

static vl_status build(vl_ctx *ctx, const vl_history *hist, const vl_hier_options *opt, vl_hier *H)
{
    size_t kidx[VL_HIER_MAX_KEYS], where = SIZE_MAX;
    for (size_t k = 0; k < opt->n_by; k++) {
        kidx[k] = SIZE_MAX;
        for (size_t j = 0; j < hist->n_keys; j++)
            if (strcmp(hist->key_names[j], opt->by[k]) == 0)
                kidx[k] = j;
        if (kidx[k] == SIZE_MAX)
            return vl__error(ctx, VL_ERR_INVALID, "the history has no key column '%s'", opt->by[k]);
        for (size_t j = 0; j < k; j++)
            if (strcmp(opt->by[j], opt->by[k]) == 0)
                return vl__error(ctx, VL_ERR_ARG, "key '%s' given twice", opt->by[k]);
        H->by[k] = vl_arena_strdup(H->arena, opt->by[k]);
    }
    if (opt->where_key) {
        for (size_t j = 0; j < hist->n_keys; j++)
            if (strcmp(hist->key_names[j], opt->where_key) == 0)
                where = j;
        if (where == SIZE_MAX)
            return vl__error(ctx, VL_ERR_INVALID, "the history has no key column '%s'",
                             opt->where_key);
    }

    /* the rows that belong: every key filled, the series and filter matching */
    size_t nrows = 0;
    long pmin = 0, pmax = 0;
    int freq = 0;
    bool *use = vl__calloc(hist->n_rows ? hist->n_rows : 1, sizeof *use);
    if (!use)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < hist->n_rows; r++) {
        const vl_history_row *row = &hist->rows[r];
        if (opt->series && strcmp(row->series, opt->series) != 0)
            continue;
        if (where != SIZE_MAX &&
            strcmp(row->keys[where], opt->where_value ? opt->where_value : "") != 0)
            continue;
        bool full = true;
        for (size_t k = 0; k < opt->n_by && full; k++)
            full = row->keys[kidx[k]][0] != '\0';
        if (!full)
            continue;
        if (freq && row->period.freq != freq) {
            vl__free(use);
            return vl__error(ctx, VL_ERR_INVALID,
                             "history line %zu: period of frequency %d among frequency %d",
                             row->line, row->period.freq, freq);
        }
        freq = row->period.freq;
        long p = vl_period_index(row->period);
        pmin = nrows == 0 || p < pmin ? p : pmin;
        pmax = nrows == 0 || p > pmax ? p : pmax;
        use[r] = true;
        nrows++;
    }
    if (nrows == 0) {
        vl__free(use);
        return vl__error(ctx, VL_ERR_INVALID,
                         "no history rows have values for every key of the hierarchy%s%s%s",
                         opt->series ? " in series " : "", opt->series ? opt->series : "",
                         opt->where_key ? " with the filter given" : "");
    }
    H->T = (size_t)(pmax - pmin + 1);
    H->first = vl_period_from_index(freq, pmin);

    /* bottom tuples: sorted, unique */
    size_t nb = opt->n_by;
    char **tuples = vl__malloc(nrows * sizeof *tuples);
    size_t *row_of = vl__malloc(nrows * sizeof *row_of);
    if (!tuples || !row_of) {
        vl__free(use);
        vl__free(tuples);
        vl__free(row_of);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    size_t q = 0;
    vl_status st = VL_OK;
    for (size_t r = 0; r < hist->n_rows && st == VL_OK; r++) {
        if (!use[r])
            continue;
        const char *vals[VL_HIER_MAX_KEYS];
        for (size_t k = 0; k < nb; k++)
            vals[k] = hist->rows[r].keys[kidx[k]];
        tuples[q] = project(H->arena, vals, nb, (1u << nb) - 1);
        if (!tuples[q])
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        row_of[q++] = r;
    }
    char **uniq = NULL;
    size_t m = 0;
    if (st == VL_OK) {
        uniq = vl__malloc(nrows * sizeof *uniq);
        if (!uniq)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK) {
        memcpy(uniq, tuples, nrows * sizeof *uniq);
        qsort(uniq, nrows, sizeof *uniq, cmp_str);
        for (size_t i = 0; i < nrows; i++)
            if (m == 0 || strcmp(uniq[m - 1], uniq[i]) != 0)
                uniq[m++] = uniq[i];
    }

    /* levels and nodes */
    unsigned masks[1 << VL_HIER_MAX_KEYS];
    size_t nmask = level_masks(nb, masks);
    H->n_levels_h = nmask;
    size_t cap = 0;
    char ***level_tuples = NULL; /* per mask: sorted unique projections */
    size_t *level_n = NULL;
    if (st == VL_OK) {
        level_tuples = vl__calloc(nmask, sizeof *level_tuples);
        level_n = vl__calloc(nmask, sizeof *level_n);
        if (!level_tuples || !level_n)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* the key values of each bottom tuple */
    const char ***bvals =
        st == VL_OK ? vl_arena_alloc(H->arena, (m ? m : 1) * sizeof *bvals) : NULL;
    if (st == VL_OK && !bvals)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t j = 0; j < m && st == VL_OK; j++) {
        bvals[j] = vl_arena_alloc(H->arena, nb * sizeof(char *));
        char *copy = vl_arena_strdup(H->arena, uniq[j]);
        if (!bvals[j] || !copy) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        char *p = copy;
        for (size_t k = 0; k < nb; k++) {
            char *e = strchr(p, SEP);
            *e = '\0';
            bvals[j][k] = p;
            p = e + 1;
        }
    }
    for (size_t l = 0; l < nmask && st == VL_OK; l++) {
        char **pr = vl__malloc((m ? m : 1) * sizeof *pr);
        if (!pr) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        size_t c = 0;
        for (size_t j = 0; j < m; j++) {
            pr[j] = project(H->arena, bvals[j], nb, masks[l]);
            if (!pr[j])
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
        if (st != VL_OK) {
            vl__free(pr);
            break;
        }
        qsort(pr, m, sizeof *pr, cmp_str);
        for (size_t j = 0; j < m; j++)
            if (c == 0 || strcmp(pr[c - 1], pr[j]) != 0)
                pr[c++] = pr[j];
        level_tuples[l] = pr;
        level_n[l] = c;
        cap += c;
    }
    if (st == VL_OK) {
        H->n = cap;
        H->m = m;
        H->nodes = vl_arena_alloc(H->arena, cap * sizeof *H->nodes);
        H->S = vl__calloc(cap * m, 1);
        if (!H->nodes || !H->S)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory for %zu x %zu", cap, m);
    }
    size_t i = 0;
    for (size_t l = 0; l < nmask && st == VL_OK; l++) {
        /* level name: "total" or the keys joined by ',' */
        char lname[256] = "";
        for (size_t k = 0; k < nb; k++)
            if (masks[l] & (1u << k)) {
                size_t len = strlen(lname);
                snprintf(lname + len, sizeof lname - len, "%s%s", len ? "," : "", H->by[k]);
            }
        const char *level = vl_arena_strdup(H->arena, masks[l] ? lname : "total");
        H->level_names[l] = level;
        for (size_t c = 0; c < level_n[l] && st == VL_OK; c++, i++) {
            hnode *nd = &H->nodes[i];
            nd->level = level;
            nd->level_index = l;
            nd->bottom = masks[l] == (1u << nb) - 1;
            nd->keys = vl_arena_alloc(H->arena, nb * sizeof(char *));
            nd->hist = vl_arena_alloc(H->arena, H->T * sizeof(double));
            if (!nd->keys || !nd->hist || !level) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            /* the node's key values from its projection */
            char *copy = vl_arena_strdup(H->arena, level_tuples[l][c]);
            char *p = copy;
            vl_buf name = {0};
            for (size_t k = 0; k < nb; k++) {
                nd->keys[k] = "";
                if (!(masks[l] & (1u << k)))
                    continue;
                char *e = strchr(p, SEP);
                *e = '\0';
                nd->keys[k] = p;
                vl_buf_printf(&name, "%s%s=%s", name.len ? "," : "", H->by[k], p);
                p = e + 1;
            }
            nd->name = vl_arena_strdup(H->arena, masks[l] ? (name.data ? name.data : "") : "total");
            vl_buf_free(&name);
            if (!nd->name) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            for (size_t j = 0; j < m; j++) {
                bool in = true;
                for (size_t k = 0; k < nb && in; k++)
                    if (masks[l] & (1u << k))
                        in = strcmp(bvals[j][k], nd->keys[k]) == 0;
                H->S[i * m + j] = in;
            }
        }
    }

    /*
     * Bottom histories on the common time line. Rows finer than the hierarchy (areas, when the
     * hierarchy is by industry only) are summed into their bottom series; two rows with the
     * same key values everywhere and the same period come from two series (two measures under
     * one set of keys) and would be added by mistake: that is an error.
     */
    double *B = st == VL_OK ? vl__calloc(m * H->T, sizeof *B) : NULL;
    unsigned char *seen = st == VL_OK ? vl__calloc(m * H->T, 1) : NULL;
    fill_ref *refs = st == VL_OK ? vl__malloc(nrows * sizeof *refs) : NULL;
    if (st == VL_OK && (!B || !seen || !refs))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t filled = 0;
    for (size_t r = 0; r < nrows && st == VL_OK; r++) {
        const char **hit = bsearch(&tuples[r], uniq, m, sizeof *uniq, cmp_str);
        size_t j = (size_t)(hit - (const char **)uniq);
        const vl_history_row *row = &hist->rows[row_of[r]];
        size_t t = (size_t)(vl_period_index(row->period) - pmin);
        refs[r] =
            (fill_ref){.cell = j * H->T + t,
                       .keys = project(H->arena, row->keys, hist->n_keys, (1u << hist->n_keys) - 1),
                       .row = row};
        if (!refs[r].keys) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        filled += !seen[j * H->T + t];
        seen[j * H->T + t] = 1;
        B[j * H->T + t] += row->value;
    }
    if (st == VL_OK) {
        qsort(refs, nrows, sizeof *refs, cmp_fill_series);
        for (size_t r = 1; r < nrows && st == VL_OK; r++)
            if (cmp_fill(&refs[r - 1], &refs[r]) == 0) {
                char pbuf[16];
                const vl_history_row *a = refs[r - 1].row, *b = refs[r].row;
                st = vl__error(ctx, VL_ERR_INVALID,
                               "history lines %zu, %zu: series '%s' and '%s' both give %s "
                               "for %s: choose one series",
                               a->line, b->line, a->series, b->series,
                               vl_period_format(a->period, pbuf, sizeof pbuf),
                               H->nodes[H->n - m + refs[r].cell / H->T].name);
            }
    }
    vl__free(refs);
    if (st == VL_OK) {
        if (filled < m * H->T)
            vl__log(ctx, VL_LOG_INFO,
                    "hierarchy: %zu of %zu bottom values have no row and count as 0",
                    m * H->T - filled, m * H->T);
        for (size_t n_ = 0; n_ < H->n; n_++) {
            double *y = H->nodes[n_].hist;
            for (size_t t = 0; t < H->T; t++)
                y[t] = 0;
            for (size_t j = 0; j < m; j++)
                if (H->S[n_ * m + j])
                    for (size_t t = 0; t < H->T; t++)
                        y[t] += B[j * H->T + t];
        }
    }
    vl__free(B);
    vl__free(seen);
    for (size_t l = 0; level_tuples && l < nmask; l++)
        vl__free(level_tuples[l]);
    vl__free(level_tuples);
    vl__free(level_n);
    vl__free(uniq);
    vl__free(tuples);
    vl__free(row_of);
    vl__free(use);
    return st;
}

vl_status vl_hier_forecast(vl_ctx *ctx, const vl_history *history, const vl_hier_options *opt,
                           vl_hier **out)
{
    *out = NULL;
    if (!history || !opt)
        return vl__error(ctx, VL_ERR_ARG, "hierarchy: no history or options");
    if (opt->n_by < 1 || opt->n_by > VL_HIER_MAX_KEYS)
        return vl__error(ctx, VL_ERR_ARG, "hierarchy: give 1 to %d key columns (got %zu)",
                         VL_HIER_MAX_KEYS, opt->n_by);
    if ((unsigned)opt->method >= VL_RECONCILE_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "hierarchy: unknown reconciliation method");
    if (opt->forecast.horizon < 1)
        return vl__error(ctx, VL_ERR_ARG, "horizon must be at least 1");
    if ((opt->where_key == NULL) != (opt->where_value == NULL))
        return vl__error(ctx, VL_ERR_ARG, "hierarchy: a filter needs a key and a value");
    fc_gsl_init();
    vl_hier *H = vl__calloc(1, sizeof *H);
    if (!H || !(H->arena = vl_arena_create())) {
        vl__free(H);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    H->n_by = opt->n_by;
    H->h = opt->forecast.horizon;
    H->nlev = opt->forecast.n_levels;
    memcpy(H->levels, opt->forecast.levels, sizeof H->levels);
    H->method = opt->method;
    H->lambda = NAN;
    vl_status st = build(ctx, history, opt, H);
    fc_recon *rec = NULL;
    double *scratch = NULL;
    if (st == VL_OK)
        st = fc_recon_create(ctx, H->n, H->m, H->S, &rec);
    if (st == VL_OK && !(scratch = vl__malloc(2 * H->n * H->T * sizeof *scratch)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");

    /* the backtest first (it overwrites lambda), then the final pass on the whole history */
    size_t K = opt->forecast.origins;
    fc_score *as = NULL;
    size_t used_origins = 0;
    if (st == VL_OK && K > 0) {
        as = vl__calloc(2 * H->n, sizeof *as);
        pass_out bp;
        if (!as || alloc_pass(H, &bp, false) != VL_OK)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        for (size_t o = 0; o < K && st == VL_OK; o++) {
            if (H->T < H->h + (K - 1 - o) + 4)
                continue; /* too short for this origin */
            size_t cut = H->T - H->h - (K - 1 - o);
            st = run_pass(ctx, H, rec, opt, cut, &bp, scratch);
            if (st != VL_OK)
                break;
            used_origins++;
            for (size_t i = 0; i < H->n; i++) {
                const double *y = H->nodes[i].hist;
                size_t nl = H->nlev, h = H->h;
                fc_scale sc = fc_metric_scale(y, cut, H->first.freq);
                fc_score_add(&as[2 * i], sc, y + cut, bp.bmean + i * h, bp.blo + i * nl * h,
                             bp.bhi + i * nl * h, h, H->levels, nl);
                fc_score_add(&as[2 * i + 1], sc, y + cut, bp.mean + i * h, bp.lo + i * nl * h,
                             bp.hi + i * nl * h, h, H->levels, nl);
            }
        }
    }
    pass_out po;
    if (st == VL_OK && alloc_pass(H, &po, true) != VL_OK)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK)
        st = run_pass(ctx, H, rec, opt, H->T, &po, scratch);
    if (st == VL_OK) {
        size_t h = H->h, nl = H->nlev;
        H->has_acc = used_origins > 0;
        for (size_t i = 0; i < H->n; i++) {
            hnode *nd = &H->nodes[i];
            nd->model = po.model[i];
            nd->mean = po.mean + i * h;
            nd->bmean = po.bmean + i * h;
            nd->lo = po.lo + i * (nl ? nl : 1) * h;
            nd->hi = po.hi + i * (nl ? nl : 1) * h;
            nd->blo = po.blo + i * (nl ? nl : 1) * h;
            nd->bhi = po.bhi + i * (nl ? nl : 1) * h;
            if (H->has_acc) {
                fc_score_finish(&as[2 * i], nl, &nd->base_acc);
                fc_score_finish(&as[2 * i + 1], nl, &nd->acc);
            }
        }
        /* coherence, measured rather than assumed */
        double worst = 0;
        for (size_t i = 0; i < H->n && H->method != VL_RECONCILE_NONE; i++)
            for (size_t k = 0; k < h; k++) {
                double s = 0;
                for (size_t j = 0; j < H->m; j++)
                    if (H->S[i * H->m + j])
                        s += H->nodes[H->n - H->m + j].mean[k];
                worst = fmax(worst, fabs(H->nodes[i].mean[k] - s) / fmax(1.0, fabs(s)));
            }
        H->incoherence = worst;
    }
    vl__free(as);
    vl__free(scratch);
    fc_recon_destroy(rec);
    if (st != VL_OK) {
        vl_hier_destroy(H);
        return st;
    }
    *out = H;
    return VL_OK;
}

/* ---- accessors ------------------------------------------------------------------------------ */

size_t vl_hier_count(const vl_hier *h)
{
    return h ? h->n : 0;
}

bool vl_hier_get(const vl_hier *h, size_t i, vl_hier_node *out)
{
    if (!h || i >= h->n)
        return false;
    const hnode *nd = &h->nodes[i];
    *out = (vl_hier_node){.name = nd->name,
                          .level = nd->level,
                          .keys = nd->keys,
                          .bottom = nd->bottom,
                          .first = h->first,
                          .history = nd->hist,
                          .n_history = h->T,
                          .model = nd->model,
                          .mean = nd->mean,
                          .lo = nd->lo,
                          .hi = nd->hi,
                          .base_mean = nd->bmean,
                          .base_lo = nd->blo,
                          .base_hi = nd->bhi,
                          .base_accuracy = h->has_acc ? &nd->base_acc : NULL,
                          .accuracy = h->has_acc ? &nd->acc : NULL};
    return true;
}

size_t vl_hier_horizon(const vl_hier *h)
{
    return h->h;
}

size_t vl_hier_n_levels(const vl_hier *h)
{
    return h->nlev;
}

double vl_hier_level(const vl_hier *h, size_t l)
{
    return l < h->nlev ? h->levels[l] : (double)NAN;
}

size_t vl_hier_n_keys(const vl_hier *h)
{
    return h->n_by;
}

const char *vl_hier_key_name(const vl_hier *h, size_t k)
{
    return k < h->n_by ? h->by[k] : NULL;
}

vl_period vl_hier_period(const vl_hier *h, size_t k)
{
    return vl_period_from_index(h->first.freq, vl_period_index(h->first) + (long)(h->T + k));
}

vl_reconcile vl_hier_method(const vl_hier *h)
{
    return h->method;
}

double vl_hier_lambda(const vl_hier *h)
{
    return h->lambda;
}

double vl_hier_incoherence(const vl_hier *h)
{
    return h->incoherence;
}

size_t vl_hier_level_count(const vl_hier *h)
{
    return h->n_levels_h;
}

const char *vl_hier_level_name(const vl_hier *h, size_t l)
{
    return l < h->n_levels_h ? h->level_names[l] : NULL;
}

static void mean_metrics(const vl_hier *h, size_t l, bool base, vl_forecast_metrics *out)
{
    const vl_forecast_metrics **col = vl__malloc((h->n ? h->n : 1) * sizeof *col);
    size_t k = 0;
    for (size_t i = 0; col && i < h->n; i++)
        if (h->nodes[i].level_index == l)
            col[k++] = base ? &h->nodes[i].base_acc : &h->nodes[i].acc;
    fc_metrics_mean(col, k, h->nlev, out);
    vl__free(col);
}

bool vl_hier_level_accuracy(const vl_hier *h, size_t l, vl_forecast_metrics *base,
                            vl_forecast_metrics *reconciled)
{
    if (!h->has_acc || l >= h->n_levels_h)
        return false;
    if (base)
        mean_metrics(h, l, true, base);
    if (reconciled)
        mean_metrics(h, l, false, reconciled);
    return true;
}
