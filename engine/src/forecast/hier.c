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
    double *model_mean;        /* h: before the planner's judgement, NULL when untouched */
    bool fixed;
    vl_forecast_metrics base_acc, acc;
} hnode;

#define H_MAX_CAND 8

struct vl_hier {
    vl_arena *arena;
    size_t n, m, T, h, nlev, n_by;
    double levels[VL_FORECAST_MAX_LEVELS];
    const char *by[VL_HIER_MAX_KEYS];
    vl_period first;
    vl_reconcile method; /* the method used (never AUTO) */
    bool method_chosen;  /* chosen by the evaluation */
    double method_mase[FC_RECON_COUNT];
    double lambda, incoherence;
    bool has_acc;
    size_t origins; /* origins evaluated */
    hnode *nodes;
    unsigned char *S; /* n x m */
    size_t n_levels_h;
    const char *level_names[1 << VL_HIER_MAX_KEYS];
    size_t nc; /* candidate base models */
    const char *cand[H_MAX_CAND];
    double cand_mase[1 << VL_HIER_MAX_KEYS][H_MAX_CAND];
    size_t level_model[1 << VL_HIER_MAX_KEYS];
    double *cal_q;          /* nlev * h calibration factors (NaN: normal bands kept) */
    size_t *cal_n;          /* h: reconciled errors pooled per step */
    vl_hier_judged *judged; /* n_judged: the options' events, then fixes, and what each did */
    size_t n_judged;
};

_Static_assert((int)VL_RECONCILE_MINT == (int)FC_RECON_MINT, "enums agree");
_Static_assert((int)VL_RECONCILE_AUTO == (int)FC_RECON_COUNT, "enums agree");
_Static_assert((int)VL_RECONCILE_TOP_DOWN == (int)FC_RECON_TOP_DOWN, "enums agree");

bool vl_reconcile_parse(const char *text, vl_reconcile *out)
{
    if (text && strcmp(text, "auto") == 0) {
        *out = VL_RECONCILE_AUTO;
        return true;
    }
    fc_recon_method m;
    if (!fc_recon_method_parse(text, &m))
        return false;
    *out = (vl_reconcile)m;
    return true;
}

const char *vl_reconcile_name(vl_reconcile method)
{
    if (method == VL_RECONCILE_AUTO)
        return "auto";
    return fc_recon_method_name((fc_recon_method)method);
}

/*
 * Rolling origins of a hierarchical run. They choose each level's model and the
 * reconciliation, calibrate the bands and measure the accuracy shown. Eight quarterly origins
 * are two years: every quarter of the year is an origin twice, so no choice rests on one
 * season's luck, and with the nodes of a level each choice averages dozens of forecasts.
 * Each origin costs one forecast of every node with every candidate (benchmarks/README.md has
 * the planner's time with them).
 */
#define H_ORIGINS 8

void vl_hier_options_init(vl_hier_options *opt)
{
    memset(opt, 0, sizeof *opt);
    vl_forecast_options_init(&opt->forecast);
    opt->forecast.origins = H_ORIGINS;
    opt->forecast.model = "auto";
    opt->method = VL_RECONCILE_AUTO;
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
        if (opt->series && opt->where_key)
            return vl__error(ctx, VL_ERR_INVALID,
                             "no history rows in series %s with the filter given have values for "
                             "every key of the hierarchy",
                             opt->series);
        if (opt->series)
            return vl__error(ctx, VL_ERR_INVALID,
                             "no history rows in series %s have values for every key of the "
                             "hierarchy",
                             opt->series);
        if (opt->where_key)
            return vl__error(ctx, VL_ERR_INVALID,
                             "no history rows with the filter given have values for every key of "
                             "the hierarchy");
        return vl__error(ctx, VL_ERR_INVALID,
                         "no history rows have values for every key of the hierarchy");
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
        qsort(uniq, nrows, sizeof *uniq, vl__cmp_str);
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
        qsort(pr, m, sizeof *pr, vl__cmp_str);
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
            nd->name =
                name.failed
                    ? NULL /* a name cut short could be another node's */
                    : vl_arena_strdup(H->arena, masks[l] ? (name.data ? name.data : "") : "total");
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
        const char **hit = bsearch(&tuples[r], uniq, m, sizeof *uniq, vl__cmp_str);
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
        /* a quarter missing between a series' first and last rows is more likely a gap in the
         * records than a quarter with nothing: said, though it counts as 0 as well */
        size_t gaps = 0, first_j = 0, first_t = 0;
        for (size_t j = 0; j < m; j++) {
            const unsigned char *sj = seen + j * H->T;
            size_t a = 0, z = H->T;
            while (a < H->T && !sj[a])
                a++;
            while (z > a && !sj[z - 1])
                z--;
            for (size_t t = a; t < z; t++)
                if (!sj[t] && gaps++ == 0) {
                    first_j = j;
                    first_t = t;
                }
        }
        if (gaps > 0 && !hist->counted) {
            char pbuf[16];
            vl__log(ctx, VL_LOG_WARNING,
                    "history: %s has no row for %s though it has rows before and after (%zu "
                    "such periods in all): counted as 0; leave a period out only when nothing "
                    "happened then",
                    H->nodes[H->n - m + first_j].name,
                    vl_period_format(vl_period_from_index(freq, pmin + (long)first_t), pbuf,
                                     sizeof pbuf),
                    gaps);
        }
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

/*
 * A level that repeats another (the same partition of the bottom series: a region inside one
 * state makes "region" the same level as "state,region"; a filter that leaves one value of a
 * key makes that key's level the total) is dropped; the later level (more keys, the bottom
 * last) is kept.
 */
static vl_status merge_levels(vl_ctx *ctx, vl_hier *H)
{
    size_t nl = H->n_levels_h, n = H->n, m = H->m;
    bool drop[1 << VL_HIER_MAX_KEYS] = {false};
    size_t count[1 << VL_HIER_MAX_KEYS] = {0};
    for (size_t i = 0; i < n; i++)
        count[H->nodes[i].level_index]++;
    for (size_t a = 0; a < nl; a++)
        for (size_t b = a + 1; b < nl && !drop[a]; b++) {
            if (drop[b] || count[a] != count[b])
                continue;
            bool same = true;
            for (size_t i = 0; i < n && same; i++) {
                if (H->nodes[i].level_index != a)
                    continue;
                bool found = false;
                for (size_t j = 0; j < n && !found; j++)
                    found =
                        H->nodes[j].level_index == b && memcmp(H->S + i * m, H->S + j * m, m) == 0;
                same = found;
            }
            drop[a] = same;
        }
    size_t newidx[1 << VL_HIER_MAX_KEYS], k = 0;
    for (size_t l = 0; l < nl; l++) {
        newidx[l] = k;
        if (!drop[l])
            H->level_names[k++] = H->level_names[l];
    }
    if (k == nl)
        return VL_OK;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (drop[H->nodes[i].level_index])
            continue;
        H->nodes[w] = H->nodes[i];
        H->nodes[w].level_index = newidx[H->nodes[i].level_index];
        memmove(H->S + w * m, H->S + i * m, m);
        w++;
    }
    vl__log(ctx, VL_LOG_INFO, "hierarchy: %zu repeated level(s) dropped, %zu series left", nl - k,
            w);
    H->n = w;
    H->n_levels_h = k;
    return VL_OK;
}

/* ---- candidate base forecasts at every origin --------------------------------------------- */

/*
 * The base models a level may choose from (model "auto"): the naive pair as the floor that
 * noisy small series often need, the Theta family, CES, ETS, ARIMA, and the equal mean of
 * Theta, CES, ETS and ARIMA (single-series auto without its guard).
 */
static const char *const cand_single[] = {"naive", "snaive", "theta", "dotm",
                                          "ces",   "ets",    "arima"};
static const char *const cand_mean_of[] = {"theta", "ces", "ets", "arima"};
#define CAND_MEAN "mean(theta,ces,ets,arima)"

typedef struct cands {
    size_t nc, np, n, h, T, nlev;
    const char *name[H_MAX_CAND];
    bool is_mean[H_MAX_CAND];
    size_t cut[64];       /* training length of each pass (the last is the final, T) */
    bool ran[H_MAX_CAND]; /* the final pass ran */
    double *mean, *sd;    /* [c][p][i][k] */
    double *resid;        /* [c][p][i][t], cut[p] used of T */
    double *lo, *hi;      /* final pass: [c][i][l * h + k] */
    const char **desc;    /* final pass: [c][i] */
} cands;

#define CI(D, c, p, i) ((((c) * (D)->np) + (p)) * (D)->n + (i))

static size_t cand_index(const cands *D, const char *name)
{
    for (size_t c = 0; c < D->nc; c++)
        if (strcmp(D->name[c], name) == 0)
            return c;
    return D->nc;
}

/* Runs candidate c (a single model) on every node's first cut[p] values. */
static vl_status run_candidate(vl_ctx *ctx, vl_hier *H, cands *D, const vl_forecast_options *fo0,
                               size_t c, size_t p)
{
    size_t n = D->n, h = D->h, len = D->cut[p];
    bool final = p + 1 == D->np;
    vl_forecast_input *in = vl__calloc(n, sizeof *in);
    if (!in)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        in[i] = (vl_forecast_input){.name = H->nodes[i].name,
                                    .keys = H->nodes[i].keys,
                                    .n_keys = H->n_by,
                                    .first = H->first,
                                    .y = H->nodes[i].hist,
                                    .n = len};
    vl_forecast_options fo = *fo0;
    fo.model = D->name[c];
    fo.origins = 0;
    fo.validation = 0; /* the hierarchy validates and calibrates after reconciliation */
    fo.fast = true;    /* every node, every origin: the settings auto's members use */
    fo.horizon = h;
    if (fo.n_levels == 0) { /* a band is still needed for the sd the reconciliation carries */
        fo.levels[0] = 80;
        fo.n_levels = 1;
    }
    vl_forecast *f = NULL;
    vl_status st = vl_forecast_inputs(ctx, in, n, &fo, &f);
    vl__free(in);
    if (st != VL_OK)
        return st;
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        vl_forecast_series s;
        vl_forecast_get(f, i, &s);
        size_t at = CI(D, c, p, i);
        for (size_t k = 0; k < h; k++) {
            double sd = 0;
            for (size_t l = 0; l < fo.n_levels; l++)
                sd +=
                    (s.hi[l * h + k] - s.lo[l * h + k]) / (2 * fc_qnorm(0.5 + fo.levels[l] / 200));
            D->mean[at * h + k] = s.mean[k];
            D->sd[at * h + k] = fmax(0, sd / (double)fo.n_levels);
        }
        for (size_t t = 0; t < len; t++)
            D->resid[at * D->T + t] =
                t < s.n_history && isfinite(s.residuals[t]) ? s.residuals[t] : 0;
        if (final) {
            if (D->nlev) {
                memcpy(D->lo + (c * n + i) * D->nlev * h, s.lo, D->nlev * h * sizeof *s.lo);
                memcpy(D->hi + (c * n + i) * D->nlev * h, s.hi, D->nlev * h * sizeof *s.hi);
            }
            D->desc[c * n + i] = vl_arena_strdup(
                H->arena, s.description && *s.description ? s.description : s.model);
            if (!D->desc[c * n + i])
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
    }
    vl_forecast_destroy(f);
    return st;
}

/* The combination candidate c at pass p: the mean of its members' results (already run). */
static void combine_candidate(cands *D, size_t c, size_t p)
{
    size_t n = D->n, h = D->h, nm = VL_ARRAY_LEN(cand_mean_of);
    bool final = p + 1 == D->np;
    for (size_t i = 0; i < n; i++) {
        size_t at = CI(D, c, p, i);
        for (size_t k = 0; k < h; k++)
            D->mean[at * h + k] = D->sd[at * h + k] = 0;
        for (size_t t = 0; t < D->cut[p]; t++)
            D->resid[at * D->T + t] = 0;
        for (size_t j = 0; j < nm; j++) {
            size_t mc = cand_index(D, cand_mean_of[j]), ma = CI(D, mc, p, i);
            for (size_t k = 0; k < h; k++) {
                D->mean[at * h + k] += D->mean[ma * h + k] / (double)nm;
                D->sd[at * h + k] += D->sd[ma * h + k] / (double)nm;
            }
            for (size_t t = 0; t < D->cut[p]; t++)
                D->resid[at * D->T + t] += D->resid[ma * D->T + t] / (double)nm;
            for (size_t x = 0; final && x < D->nlev * h; x++) {
                if (j == 0)
                    D->lo[(c * n + i) * D->nlev * h + x] = D->hi[(c * n + i) * D->nlev * h + x] = 0;
                D->lo[(c * n + i) * D->nlev * h + x] +=
                    D->lo[(mc * n + i) * D->nlev * h + x] / (double)nm;
                D->hi[(c * n + i) * D->nlev * h + x] +=
                    D->hi[(mc * n + i) * D->nlev * h + x] / (double)nm;
            }
        }
        if (final)
            D->desc[c * n + i] = CAND_MEAN;
    }
}

/* Runs candidate c at pass p, its members first when it is the combination. */
static vl_status ensure_candidate(vl_ctx *ctx, vl_hier *H, cands *D, const vl_forecast_options *fo,
                                  size_t c, size_t p, bool *done)
{
    if (done[c * D->np + p])
        return VL_OK;
    vl_status st = VL_OK;
    if (D->is_mean[c]) {
        for (size_t j = 0; j < VL_ARRAY_LEN(cand_mean_of) && st == VL_OK; j++)
            st = ensure_candidate(ctx, H, D, fo, cand_index(D, cand_mean_of[j]), p, done);
        if (st == VL_OK)
            combine_candidate(D, c, p);
    } else {
        st = run_candidate(ctx, H, D, fo, c, p);
    }
    done[c * D->np + p] = st == VL_OK;
    return st;
}

/* ---- reconciling one pass ------------------------------------------------------------------ */

/* Base means, sds and residuals of pass p with the chosen candidate of every node's level. */
typedef struct pass_base {
    double *mean, *sd; /* n x h */
    double *resid;     /* n x cut */
    double *hist;      /* n x cut */
} pass_base;

static void gather_base(const vl_hier *H, const cands *D, size_t p, const size_t *choice,
                        pass_base *b)
{
    size_t n = D->n, h = D->h, len = D->cut[p];
    for (size_t i = 0; i < n; i++) {
        size_t c = choice[H->nodes[i].level_index], at = CI(D, c, p, i);
        memcpy(b->mean + i * h, D->mean + at * h, h * sizeof *b->mean);
        memcpy(b->sd + i * h, D->sd + at * h, h * sizeof *b->sd);
        memcpy(b->resid + i * len, D->resid + at * D->T, len * sizeof *b->resid);
        memcpy(b->hist + i * len, H->nodes[i].hist, len * sizeof *b->hist);
    }
}

/* Fits method on the pass's residuals and reconciles every step: mean and sd (may be NULL),
 * n x h. */
static vl_status reconcile_pass(vl_ctx *ctx, fc_recon *rec, fc_recon_method method, size_t n,
                                size_t h, size_t len, const pass_base *b, double *mean, double *sd)
{
    vl_status st = fc_recon_fit(ctx, rec, method, len >= 2 ? b->resid : NULL, len, b->hist, len);
    if (st != VL_OK)
        return st;
    double *v = vl__malloc(4 * n * sizeof *v);
    bool *nonneg = vl__malloc(n * sizeof *nonneg);
    if (!v || !nonneg) {
        vl__free(v);
        vl__free(nonneg);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        nonneg[i] = len > 0 && fc_min(b->hist + i * len, len) >= 0;
    for (size_t k = 0; k < h && st == VL_OK; k++) {
        for (size_t i = 0; i < n; i++) {
            v[i] = b->mean[i * h + k];
            v[2 * n + i] = b->sd[i * h + k];
        }
        fc_recon_apply(rec, v, v + n);
        if (method != FC_RECON_NONE)
            st = fc_recon_nonneg(ctx, rec, nonneg, NULL, NULL, 0, v + n);
        if (sd) /* an n x n product per step: skipped while only means are compared */
            fc_recon_sd(rec, v + 2 * n, v + 3 * n);
        for (size_t i = 0; i < n; i++) {
            mean[i * h + k] = v[n + i];
            if (sd)
                sd[i * h + k] = v[3 * n + i];
        }
    }
    vl__free(v);
    vl__free(nonneg);
    return st;
}

/* ---- the planner's judgement ---------------------------------------------------------------- */

/* The node a judgement names, or SIZE_MAX. */
/* Whether bottom series b lies under the keys a judgement names (the keys it leaves empty:
 * any value). */
static bool judgement_covers(const vl_hier *H, const vl_hier_judgement *j, size_t b)
{
    const hnode *nd = &H->nodes[H->n - H->m + b];
    for (size_t k = 0; k < H->n_by; k++)
        if (j->keys[k] && *j->keys[k] && strcmp(nd->keys[k], j->keys[k]) != 0)
            return false;
    return true;
}

/*
 * The node a judgement names: the one with its keys, else the one that stands for the same
 * bottom series where merge_levels dropped a level that repeated another (the total of a
 * hierarchy with one area is that area; a state holding one region is that region); SIZE_MAX
 * when no node does.
 */
static size_t judgement_node(const vl_hier *H, const vl_hier_judgement *j)
{
    for (size_t i = 0; i < H->n; i++) {
        bool same = true;
        for (size_t k = 0; k < H->n_by && same; k++) {
            const char *want = j->keys[k] ? j->keys[k] : "";
            same = strcmp(H->nodes[i].keys[k], want) == 0;
        }
        if (same)
            return i;
    }
    for (size_t i = 0; i < H->n; i++) {
        bool same = true;
        for (size_t b = 0; b < H->m && same; b++)
            same = (H->S[i * H->m + b] != 0) == judgement_covers(H, j, b);
        if (same)
            return i;
    }
    return SIZE_MAX;
}

static bool step_in(const vl_hier *H, size_t k, vl_period from, vl_period to, bool open_end)
{
    long p = vl_period_index(H->first) + (long)(H->T + k);
    if (from.freq && vl_period_index(from) > p)
        return false;
    if (!open_end && to.freq && vl_period_index(to) < p)
        return false;
    return true;
}

/* Whether some step of the horizon lies in the judgement's quarters (open-ended for events). */
static bool any_step_in(const vl_hier *H, const vl_hier_judgement *j, bool open_end)
{
    for (size_t k = 0; k < H->h; k++)
        if (step_in(H, k, j->from, j->to, open_end))
            return true;
    return false;
}

/*
 * What each judgement does to this hierarchy (H->judged: events, then fixes): applied where it
 * names a node and some step of the horizon lies in its quarters. A judgement of a series the
 * history does not hold (an area since merged, a group no row has) is not applied and says
 * so, rather than stopping the whole forecast: the callers name it to the planner.
 */
static vl_status judge_judgements(vl_ctx *ctx, vl_hier *H, const vl_hier_options *opt)
{
    size_t n = opt->n_events + opt->n_fixes;
    H->judged = vl_arena_alloc(H->arena, (n ? n : 1) * sizeof *H->judged);
    if (!H->judged)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        bool event = i < opt->n_events;
        size_t at = event ? i : i - opt->n_events;
        const vl_hier_judgement *j = event ? &opt->events[at] : &opt->fixes[at];
        size_t node = judgement_node(H, j);
        vl_hier_judged *d = &H->judged[i];
        *d = (vl_hier_judged){.id = "", .event = event, .index = at, .node = node};
        if (j->id && !(d->id = vl_arena_strdup(H->arena, j->id)))
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        d->status = node == SIZE_MAX            ? VL_JUDGED_NO_SERIES
                    : !any_step_in(H, j, event) ? VL_JUDGED_OUTSIDE_HORIZON
                                                : VL_JUDGED_APPLIED;
    }
    H->n_judged = n;
    return VL_OK;
}

/*
 * Events first (added to the node, split over its bottom series in proportion to their
 * forecasts, and summed up so that every level still adds up), then fixes step by step
 * (fc_recon_fix); only those judge_judgements found applied. mean: n x h, changed in place.
 */
static vl_status apply_judgement(vl_ctx *ctx, vl_hier *H, const fc_recon *rec,
                                 const vl_hier_options *opt, double *mean)
{
    size_t n = H->n, m = H->m, h = H->h;
    for (size_t e = 0; e < opt->n_events; e++) {
        const vl_hier_judgement *j = &opt->events[e];
        if (H->judged[e].status != VL_JUDGED_APPLIED)
            continue;
        size_t node = H->judged[e].node;
        for (size_t k = 0; k < h; k++) {
            if (!step_in(H, k, j->from, j->to, true))
                continue;
            /* the bottom series under the node and their share */
            double tot = 0;
            size_t cnt = 0;
            for (size_t b = 0; b < m; b++)
                if (H->S[node * m + b]) {
                    tot += fmax(0, mean[(n - m + b) * h + k]);
                    cnt++;
                }
            for (size_t i = 0; i < n; i++) {
                double add = 0;
                for (size_t b = 0; b < m; b++)
                    if (H->S[node * m + b] && H->S[i * m + b]) {
                        double bm = fmax(0, mean[(n - m + b) * h + k]);
                        add += j->value * (tot > 0 ? bm / tot : 1.0 / (double)cnt);
                    }
                mean[i * h + k] += add;
            }
        }
    }
    size_t *nodes = vl__malloc((opt->n_fixes + 1) * sizeof *nodes);
    double *vals = vl__malloc((opt->n_fixes + n) * sizeof *vals), *col = vals + opt->n_fixes;
    bool *nonneg = vl__malloc(n * sizeof *nonneg);
    if (!nodes || !vals || !nonneg) {
        vl__free(nodes);
        vl__free(vals);
        vl__free(nonneg);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        nonneg[i] = fc_min(H->nodes[i].hist, H->T) >= 0;
    vl_status st = VL_OK;
    for (size_t k = 0; k < h && st == VL_OK; k++) {
        size_t q = 0;
        for (size_t f = 0; f < opt->n_fixes; f++) {
            const vl_hier_judgement *j = &opt->fixes[f];
            const vl_hier_judged *d = &H->judged[opt->n_events + f];
            if (d->status != VL_JUDGED_APPLIED || !step_in(H, k, j->from, j->to, false))
                continue;
            size_t node = d->node;
            size_t at = q; /* a second fix of the same node and step: the later one wins */
            for (size_t r = 0; r < q; r++)
                if (nodes[r] == node)
                    at = r;
            nodes[at] = node;
            vals[at] = j->percent ? mean[node * h + k] * (1 + j->value / 100) : j->value;
            H->nodes[node].fixed = true;
            if (at == q)
                q++;
        }
        for (size_t i = 0; i < n; i++)
            col[i] = mean[i * h + k];
        if (q > 0)
            st = fc_recon_fix(ctx, rec, nodes, vals, q, col);
        /* an event taking positions away, or a held total, must not leave a series below 0 */
        if (st == VL_OK && H->method != VL_RECONCILE_NONE)
            st = fc_recon_nonneg(ctx, rec, nonneg, nodes, vals, q, col);
        for (size_t i = 0; i < n && st == VL_OK; i++)
            mean[i * h + k] = col[i];
    }
    vl__free(nodes);
    vl__free(vals);
    vl__free(nonneg);
    return st;
}

/* ---- the driver ------------------------------------------------------------------------------ */

static int cmp_abs(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Whether the first n values of y are all the same. */
static bool constant(const double *y, size_t n)
{
    for (size_t t = 1; t < n; t++)
        if (y[t] != y[0])
            return false;
    return true;
}

/*
 * Conformal factor of level `level` at step k from the reconciled errors z (K x n x h, NaN where
 * absent) of every origin but `skip` (K = none skipped): the finite-sample quantile of |z|.
 * NaN when too few.
 */
static double conformal_q(const double *z, size_t K, size_t n, size_t h, size_t k, size_t skip,
                          double level, double *buf, size_t *count)
{
    size_t N = 0;
    for (size_t o = 0; o < K; o++)
        for (size_t i = 0; o != skip && i < n; i++) {
            double v = z[(o * n + i) * h + k];
            if (isfinite(v))
                buf[N++] = fabs(v);
        }
    if (count)
        *count = N;
    if (N == 0 || N < fc_conformal_min(level))
        return NAN;
    qsort(buf, N, sizeof *buf, cmp_abs);
    return fc_conformal_quantile(buf, N, level / 100);
}

/* mean +- q sd (normal quantile when q is NaN), never below 0 for a series never negative. */
static void band(double mean, double sd, double q, double level, bool nonneg, double *lo,
                 double *hi)
{
    /* calibration widens a band history shows too narrow, never narrows it below normal */
    double zn = fc_qnorm(0.5 + level / 200), f = isfinite(q) ? fmax(q, zn) : zn;
    *lo = mean - f * sd;
    *hi = mean + f * sd;
    if (nonneg && *lo < 0) {
        *lo = 0;
        *hi = fmax(*hi, 0);
    }
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
    if (opt->forecast.origins > 60)
        return vl__error(ctx, VL_ERR_ARG, "hierarchy: at most 60 origins (got %zu)",
                         opt->forecast.origins);
    const char *model = opt->forecast.model ? opt->forecast.model : "auto";
    if (!vl_forecast_model_summary(model))
        return vl__error(ctx, VL_ERR_INVALID, "unknown model '%s'", model);
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
    H->lambda = NAN;
    for (size_t i = 0; i < FC_RECON_COUNT; i++)
        H->method_mase[i] = NAN;
    vl_status st = build(ctx, history, opt, H);
    if (st == VL_OK)
        st = merge_levels(ctx, H);
    size_t n = H->n, h = H->h, T = H->T, nlev = H->nlev;

    /* candidates and passes: the origins that fit (at least 4 training values), then the final */
    cands D = {.n = n, .h = h, .T = T, .nlev = nlev};
    if (strcmp(model, "auto") == 0) {
        for (size_t c = 0; c < VL_ARRAY_LEN(cand_single); c++)
            D.name[D.nc++] = cand_single[c];
        D.is_mean[D.nc] = true;
        D.name[D.nc++] = CAND_MEAN;
    } else {
        D.name[D.nc++] = model;
    }
    size_t K = 0, Kask = opt->forecast.origins;
    for (size_t o = 0; st == VL_OK && o < Kask; o++)
        if (T >= h + (Kask - 1 - o) + 4)
            D.cut[K++] = T - h - (Kask - 1 - o);
    D.cut[K] = T;
    D.np = K + 1;
    H->origins = K;
    H->nc = D.nc;
    memcpy(H->cand, D.name, sizeof H->cand);
    size_t cells = D.nc * D.np * n;
    bool *done = NULL;
    fc_recon *rec = NULL;
    if (st == VL_OK) {
        D.mean = vl__calloc(cells * h, sizeof *D.mean);
        D.sd = vl__calloc(cells * h, sizeof *D.sd);
        D.resid = vl__calloc(cells * T, sizeof *D.resid);
        D.lo = vl__calloc(D.nc * n * (nlev ? nlev : 1) * h, sizeof *D.lo);
        D.hi = vl__calloc(D.nc * n * (nlev ? nlev : 1) * h, sizeof *D.hi);
        D.desc = vl__calloc(D.nc * n, sizeof *D.desc);
        done = vl__calloc(D.nc * D.np, sizeof *done);
        if (!D.mean || !D.sd || !D.resid || !D.lo || !D.hi || !D.desc || !done)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory for %zu series", n);
    }
    if (st == VL_OK)
        st = fc_recon_create(ctx, n, H->m, H->S, &rec);

    /* 1. every candidate at every origin; each level's model by its mean base MASE */
    for (size_t c = 0; c < D.nc && st == VL_OK; c++)
        for (size_t p = 0; p < K && st == VL_OK; p++)
            st = ensure_candidate(ctx, H, &D, &opt->forecast, c, p, done);
    vl_forecast_metrics *met = st == VL_OK ? vl__calloc(2 * n + 1, sizeof *met) : NULL;
    const vl_forecast_metrics **col = st == VL_OK ? vl__calloc(n + 1, sizeof *col) : NULL;
    if (st == VL_OK && (!met || !col))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t c = 0; c < D.nc && st == VL_OK; c++) {
        for (size_t i = 0; i < n; i++) {
            fc_score acc = {0};
            for (size_t p = 0; p < K; p++) {
                const double *y = H->nodes[i].hist;
                fc_score_add(&acc, fc_metric_scale(y, D.cut[p], H->first.freq), y + D.cut[p],
                             D.mean + CI(&D, c, p, i) * h, NULL, NULL, h, NULL, 0);
            }
            fc_score_finish(&acc, 0, &met[i]);
        }
        for (size_t l = 0; l < H->n_levels_h; l++) {
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (H->nodes[i].level_index == l)
                    col[k++] = &met[i];
            vl_forecast_metrics mean;
            fc_metrics_mean(col, k, 0, &mean);
            H->cand_mase[l][c] = K ? mean.mase : (double)NAN;
        }
    }
    /*
     * The default is the combination (the robust choice when the evidence is thin); another
     * candidate replaces it on a level only when its MASE is lower with 95% confidence: a t
     * test of the paired differences over the level's nodes (each node's difference averaged
     * over the origins).
     */
    size_t dflt = D.nc > 1 ? cand_index(&D, CAND_MEAN) : 0;
    double *pm = st == VL_OK ? vl__calloc(D.nc * (K ? K : 1) * n, sizeof *pm) : NULL;
    if (st == VL_OK && !pm)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t c = 0; c < D.nc && st == VL_OK; c++)
        for (size_t p = 0; p < K; p++)
            for (size_t i = 0; i < n; i++) {
                const double *y = H->nodes[i].hist;
                vl_forecast_metrics one;
                vl_forecast_score(y, D.cut[p], H->first.freq, y + D.cut[p],
                                  D.mean + CI(&D, c, p, i) * h, NULL, NULL, h, NULL, 0, &one);
                pm[(c * K + p) * n + i] = one.mase;
            }
    /* levels of one or two nodes have too few nodes for a test: their origins are the units
     * (neighbouring windows overlap, so the test is optimistic there; the evidence is what the
     * history has) */
    bool few[1 << VL_HIER_MAX_KEYS] = {false};
    for (size_t l = 0; l < H->n_levels_h; l++) {
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++)
            cnt += H->nodes[i].level_index == l;
        few[l] = cnt < 3;
    }
    for (size_t l = 0; l < H->n_levels_h && st == VL_OK; l++) {
        size_t best = dflt;
        double best_gain = 0;
        for (size_t c = 0; c < D.nc; c++) {
            if (c == dflt)
                continue;
            double sum = 0, sum2 = 0;
            size_t N = 0;
            for (size_t i = 0; few[l] && i < n; i++)
                for (size_t p = 0; p < K && H->nodes[i].level_index == l; p++) {
                    double a = pm[(c * K + p) * n + i], b = pm[(dflt * K + p) * n + i];
                    if (isfinite(a) && isfinite(b)) {
                        sum += a - b;
                        sum2 += (a - b) * (a - b);
                        N++;
                    }
                }
            for (size_t i = 0; !few[l] && i < n; i++) {
                /* one difference per node, its mean over the origins: neighbouring origins
                 * share most of their forecast window, so nodes are the independent units */
                double d = 0;
                size_t no = 0;
                for (size_t p = 0; p < K && H->nodes[i].level_index == l; p++) {
                    double a = pm[(c * K + p) * n + i], b = pm[(dflt * K + p) * n + i];
                    if (isfinite(a) && isfinite(b)) {
                        d += a - b;
                        no++;
                    }
                }
                if (!no)
                    continue;
                d /= (double)no;
                sum += d;
                sum2 += d * d;
                N++;
            }
            if (N < 2)
                continue;
            double mean = sum / (double)N;
            double var = (sum2 - (double)N * mean * mean) / (double)(N - 1);
            double se = sqrt(fmax(var, 0) / (double)N);
            if (mean < -fc_t_quantile(0.975, N - 1) * se && -mean > best_gain) {
                best_gain = -mean;
                best = c;
            }
        }
        H->level_model[l] = best;
    }
    vl__free(pm);

    /* 2. the reconciliation by its mean MASE over every node at the origins */
    pass_base pb = {0};
    double *rmean = NULL, *rsd = NULL, *z = NULL;
    if (st == VL_OK) {
        pb.mean = vl__calloc(n * h, sizeof *pb.mean);
        pb.sd = vl__calloc(n * h, sizeof *pb.sd);
        pb.resid = vl__calloc(n * T, sizeof *pb.resid);
        pb.hist = vl__calloc(n * T, sizeof *pb.hist);
        rmean = vl__calloc((K + 1) * n * h, sizeof *rmean);
        rsd = vl__calloc((K + 1) * n * h, sizeof *rsd);
        z = vl__calloc((K ? K : 1) * n * h, sizeof *z);
        if (!pb.mean || !pb.sd || !pb.resid || !pb.hist || !rmean || !rsd || !z)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    bool has_total = false;
    /* after a failure above the nodes may not all be there */
    for (size_t i = 0; st == VL_OK && i < n; i++)
        has_total = has_total || (strcmp(H->nodes[i].level, "total") == 0);
    vl_reconcile method = opt->method;
    H->method_chosen = method == VL_RECONCILE_AUTO && K > 0;
    if (st == VL_OK && method == VL_RECONCILE_AUTO) {
        static const fc_recon_method tried[] = {FC_RECON_BOTTOM_UP, FC_RECON_TOP_DOWN,
                                                FC_RECON_OLS,       FC_RECON_WLS,
                                                FC_RECON_MINT,      FC_RECON_MINT_TOTAL};
        /*
         * The default is MinT with the total kept at its own forecast (MinT alone without a
         * total): the theoretically optimal linear reconciliation that leaves the number the
         * leaders read first as the model made it. Another method replaces it only when its
         * MASE is lower with 95% confidence, a t test of the per-node differences (each averaged
         * over the origins) over every node: eight neighbouring origins are few independent
         * windows, and their ranking of close methods is noise (on the hierarchies' training
         * data, the plain minimum picked the worst method of the held-out quarters once).
         */
        vl_reconcile mdef = has_total ? VL_RECONCILE_MINT_TOTAL : VL_RECONCILE_MINT;
        method = mdef;
        double *mm = vl__calloc(VL_ARRAY_LEN(tried) * n, sizeof *mm);
        bool ok_m[VL_ARRAY_LEN(tried)] = {false};
        if (!mm)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        /* origin by origin, every method at each: they share its residuals and covariance */
        enum { NT = VL_ARRAY_LEN(tried) };
        fc_score *acc = st == VL_OK ? vl__calloc(NT * n, sizeof *acc) : NULL;
        vl_status ms[NT];
        for (size_t t = 0; t < NT; t++)
            ms[t] = !has_total && (tried[t] == FC_RECON_TOP_DOWN || tried[t] == FC_RECON_MINT_TOTAL)
                        ? VL_ERR_ARG /* not tried */
                        : VL_OK;
        if (st == VL_OK && !acc)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        for (size_t p = 0; p < K && st == VL_OK; p++) {
            gather_base(H, &D, p, H->level_model, &pb);
            for (size_t t = 0; t < NT && st == VL_OK; t++) {
                if (ms[t] != VL_OK)
                    continue;
                ms[t] = reconcile_pass(ctx, rec, tried[t], n, h, D.cut[p], &pb, rmean, NULL);
                if (ms[t] == VL_ERR_NOMEM)
                    st = ms[t];
                else if (ms[t] != VL_OK) /* a method that cannot be fitted here is not chosen */
                    vl_ctx_clear_error(ctx);
                for (size_t i = 0; i < n && ms[t] == VL_OK; i++) {
                    const double *y = H->nodes[i].hist;
                    fc_score_add(&acc[t * n + i], fc_metric_scale(y, D.cut[p], H->first.freq),
                                 y + D.cut[p], rmean + i * h, NULL, NULL, h, NULL, 0);
                }
            }
        }
        for (size_t t = 0; t < NT && K > 0 && st == VL_OK; t++) {
            if (ms[t] != VL_OK)
                continue;
            for (size_t i = 0; i < n; i++) {
                fc_score_finish(&acc[t * n + i], 0, &met[i]);
                col[i] = &met[i];
                mm[t * n + i] = met[i].mase;
            }
            vl_forecast_metrics mean;
            fc_metrics_mean(col, n, 0, &mean);
            H->method_mase[tried[t]] = mean.mase;
            ok_m[t] = isfinite(mean.mase);
        }
        vl__free(acc);
        size_t td = 0;
        while (td < VL_ARRAY_LEN(tried) && tried[td] != (fc_recon_method)mdef)
            td++;
        double gain = 0;
        for (size_t t = 0; t < VL_ARRAY_LEN(tried) && st == VL_OK && ok_m[td]; t++) {
            if (t == td || !ok_m[t])
                continue;
            double sum = 0, sum2 = 0;
            size_t N = 0;
            for (size_t i = 0; i < n; i++) {
                double d = mm[t * n + i] - mm[td * n + i];
                if (!isfinite(d))
                    continue;
                sum += d;
                sum2 += d * d;
                N++;
            }
            if (N < 2)
                continue;
            double mean = sum / (double)N;
            double se =
                sqrt(fmax((sum2 - (double)N * mean * mean) / (double)(N - 1), 0) / (double)N);
            if (mean < -fc_t_quantile(0.975, N - 1) * se && -mean > gain) {
                gain = -mean;
                method = (vl_reconcile)tried[t];
            }
        }
        if (st == VL_OK && !ok_m[td]) { /* the default could not be fitted: the best that could */
            double best = INFINITY;
            for (size_t t = 0; t < VL_ARRAY_LEN(tried); t++)
                if (ok_m[t] && H->method_mase[tried[t]] < best) {
                    best = H->method_mase[tried[t]];
                    method = (vl_reconcile)tried[t];
                }
        }
        vl__free(mm);
    }
    H->method = method;

    /* 3. the chosen procedure at every origin: accuracy, and the errors that calibrate */
    fc_score *bacc = st == VL_OK ? vl__calloc(n, sizeof *bacc) : NULL;
    fc_score *racc = st == VL_OK ? vl__calloc(n, sizeof *racc) : NULL;
    double *buf = st == VL_OK ? vl__calloc((K ? K : 1) * n + 1, sizeof *buf) : NULL;
    double *lo = st == VL_OK ? vl__calloc((nlev ? nlev : 1) * h * 2, sizeof *lo) : NULL;
    if (st == VL_OK && (!bacc || !racc || !buf || !lo))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    double *hi = lo ? lo + (nlev ? nlev : 1) * h : NULL;
    for (size_t p = 0; p < K && st == VL_OK; p++) {
        gather_base(H, &D, p, H->level_model, &pb);
        st = reconcile_pass(ctx, rec, (fc_recon_method)method, n, h, D.cut[p], &pb,
                            rmean + p * n * h, rsd + p * n * h);
        for (size_t i = 0; i < n && st == VL_OK; i++) {
            const double *y = H->nodes[i].hist;
            bool nonneg = fc_min(y, D.cut[p]) >= 0;
            /* a series constant before the origin (a commune or an industry that had no row
             * yet: zeros) has no error scale to learn: its sd is ~0, and the score of its first
             * values (38 / 1e-8) would set every node's widest band to billions */
            bool flat = constant(y, D.cut[p]);
            for (size_t k = 0; k < h; k++) {
                double sd = rsd[(p * n + i) * h + k];
                z[(p * n + i) * h + k] = sd > 0 && !flat
                                             ? (y[D.cut[p] + k] - rmean[(p * n + i) * h + k]) / sd
                                             : (double)NAN;
                for (size_t l = 0; l < nlev; l++)
                    band(pb.mean[i * h + k], pb.sd[i * h + k], NAN, H->levels[l], nonneg,
                         &lo[l * h + k], &hi[l * h + k]);
            }
            fc_score_add(&bacc[i], fc_metric_scale(y, D.cut[p], H->first.freq), y + D.cut[p],
                         pb.mean + i * h, lo, hi, h, H->levels, nlev);
        }
    }
    /* the reconciled bands at each origin are calibrated on the other origins only */
    double *qloo =
        st == VL_OK ? vl__calloc((K ? K : 1) * (nlev ? nlev : 1) * h, sizeof *qloo) : NULL;
    if (st == VL_OK && !qloo)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t p = 0; p < K && st == VL_OK; p++)
        for (size_t k = 0; k < h; k++)
            for (size_t l = 0; l < nlev; l++)
                qloo[(p * nlev + l) * h + k] =
                    conformal_q(z, K, n, h, k, p, H->levels[l], buf, NULL);
    for (size_t p = 0; p < K && st == VL_OK; p++)
        for (size_t i = 0; i < n; i++) {
            const double *y = H->nodes[i].hist;
            bool nonneg = fc_min(y, D.cut[p]) >= 0;
            for (size_t k = 0; k < h; k++)
                for (size_t l = 0; l < nlev; l++)
                    band(rmean[(p * n + i) * h + k], rsd[(p * n + i) * h + k],
                         qloo[(p * nlev + l) * h + k], H->levels[l], nonneg, &lo[l * h + k],
                         &hi[l * h + k]);
            fc_score_add(&racc[i], fc_metric_scale(y, D.cut[p], H->first.freq), y + D.cut[p],
                         rmean + (p * n + i) * h, lo, hi, h, H->levels, nlev);
        }
    H->cal_q =
        st == VL_OK ? vl_arena_alloc(H->arena, (nlev ? nlev : 1) * h * sizeof *H->cal_q) : NULL;
    H->cal_n = st == VL_OK ? vl_arena_alloc(H->arena, h * sizeof *H->cal_n) : NULL;
    if (st == VL_OK && (!H->cal_q || !H->cal_n))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < h && st == VL_OK; k++)
        for (size_t l = 0; l < nlev; l++)
            H->cal_q[l * h + k] =
                K ? conformal_q(z, K, n, h, k, K, H->levels[l], buf, &H->cal_n[k]) : (double)NAN;

    /* 4. the forecast: the chosen candidates on the whole history, reconciled, judged */
    for (size_t l = 0; l < H->n_levels_h && st == VL_OK; l++)
        st = ensure_candidate(ctx, H, &D, &opt->forecast, H->level_model[l], K, done);
    double *fmean = rmean + K * n * h, *fsd = rsd + K * n * h;
    if (st == VL_OK) {
        gather_base(H, &D, K, H->level_model, &pb);
        st = reconcile_pass(ctx, rec, (fc_recon_method)method, n, h, T, &pb, fmean, fsd);
        if (st != VL_OK && st != VL_ERR_NOMEM && method != VL_RECONCILE_BOTTOM_UP &&
            !H->method_chosen) {
            /* without origins the default may not fit (too few residuals): bottom-up does */
            vl_ctx_clear_error(ctx);
            H->method = method = VL_RECONCILE_BOTTOM_UP;
            st = reconcile_pass(ctx, rec, FC_RECON_BOTTOM_UP, n, h, T, &pb, fmean, fsd);
        }
    }
    if (st == VL_OK && (method == VL_RECONCILE_MINT || method == VL_RECONCILE_MINT_TOTAL))
        H->lambda = fc_recon_lambda(rec);
    double *model_mean = NULL;
    if (st == VL_OK && (opt->n_fixes || opt->n_events)) {
        model_mean = vl_arena_alloc(H->arena, n * h * sizeof *model_mean);
        if (!model_mean)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        else
            memcpy(model_mean, fmean, n * h * sizeof *fmean);
        if (st == VL_OK)
            st = judge_judgements(ctx, H, opt);
        if (st == VL_OK)
            st = apply_judgement(ctx, H, rec, opt, fmean);
    }
    size_t nl1 = nlev ? nlev : 1;
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        hnode *nd = &H->nodes[i];
        size_t c = H->level_model[nd->level_index];
        nd->model = (char *)D.desc[c * n + i];
        nd->mean = vl_arena_alloc(H->arena, h * sizeof(double));
        nd->bmean = vl_arena_alloc(H->arena, h * sizeof(double));
        nd->lo = vl_arena_alloc(H->arena, nl1 * h * sizeof(double));
        nd->hi = vl_arena_alloc(H->arena, nl1 * h * sizeof(double));
        nd->blo = vl_arena_alloc(H->arena, nl1 * h * sizeof(double));
        nd->bhi = vl_arena_alloc(H->arena, nl1 * h * sizeof(double));
        if (!nd->mean || !nd->bmean || !nd->lo || !nd->hi || !nd->blo || !nd->bhi) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        memcpy(nd->mean, fmean + i * h, h * sizeof(double));
        memcpy(nd->bmean, pb.mean + i * h, h * sizeof(double));
        memcpy(nd->blo, D.lo + (c * n + i) * nl1 * h, nlev * h * sizeof(double));
        memcpy(nd->bhi, D.hi + (c * n + i) * nl1 * h, nlev * h * sizeof(double));
        bool nonneg = fc_min(nd->hist, T) >= 0, touched = false;
        for (size_t k = 0; k < h; k++) {
            for (size_t l = 0; l < nlev; l++)
                band(nd->mean[k], fsd[i * h + k], H->cal_q[l * h + k], H->levels[l], nonneg,
                     &nd->lo[l * h + k], &nd->hi[l * h + k]);
            touched = touched || (model_mean && model_mean[i * h + k] != nd->mean[k]);
        }
        fc_nest_bands(nd->lo, nd->hi, H->levels, nlev, h);
        nd->model_mean = touched ? model_mean + i * h : NULL;
        if (K) {
            fc_score_finish(&bacc[i], nlev, &nd->base_acc);
            fc_score_finish(&racc[i], nlev, &nd->acc);
        }
    }
    H->has_acc = st == VL_OK && K > 0;
    if (st == VL_OK) {
        /* coherence, measured rather than assumed */
        double worst = 0;
        for (size_t i = 0; i < n && method != VL_RECONCILE_NONE; i++)
            for (size_t k = 0; k < h; k++) {
                double sum = 0;
                for (size_t j = 0; j < H->m; j++)
                    if (H->S[i * H->m + j])
                        sum += H->nodes[n - H->m + j].mean[k];
                worst = fmax(worst, fabs(H->nodes[i].mean[k] - sum) / fmax(1.0, fabs(sum)));
            }
        H->incoherence = worst;
    }
    vl__free(D.mean);
    vl__free(D.sd);
    vl__free(D.resid);
    vl__free(D.lo);
    vl__free(D.hi);
    vl__free(D.desc);
    vl__free(done);
    vl__free(met);
    vl__free(col);
    vl__free(pb.mean);
    vl__free(pb.sd);
    vl__free(pb.resid);
    vl__free(pb.hist);
    vl__free(rmean);
    vl__free(rsd);
    vl__free(z);
    vl__free(bacc);
    vl__free(racc);
    vl__free(buf);
    vl__free(lo);
    vl__free(qloo);
    fc_recon_destroy(rec);
    if (st != VL_OK) {
        vl_hier_destroy(H);
        return st;
    }
    *out = H;
    return VL_OK;
}

/* ---- accessors ------------------------------------------------------------------------------ */

size_t vl_hier_judged_count(const vl_hier *h)
{
    return h ? h->n_judged : 0;
}

bool vl_hier_judged_get(const vl_hier *h, size_t i, vl_hier_judged *out)
{
    if (!h || i >= h->n_judged)
        return false;
    *out = h->judged[i];
    return true;
}

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
                          .accuracy = h->has_acc ? &nd->acc : NULL,
                          .model_mean = nd->model_mean,
                          .fixed = nd->fixed};
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

size_t vl_hier_origins(const vl_hier *h)
{
    return h->origins;
}

bool vl_hier_method_chosen(const vl_hier *h)
{
    return h->method_chosen;
}

double vl_hier_method_mase(const vl_hier *h, vl_reconcile m)
{
    return (unsigned)m < FC_RECON_COUNT ? h->method_mase[m] : (double)NAN;
}

size_t vl_hier_candidate_count(const vl_hier *h)
{
    return h->nc;
}

const char *vl_hier_candidate(const vl_hier *h, size_t c)
{
    return c < h->nc ? h->cand[c] : NULL;
}

double vl_hier_candidate_mase(const vl_hier *h, size_t l, size_t c)
{
    return l < h->n_levels_h && c < h->nc ? h->cand_mase[l][c] : (double)NAN;
}

const char *vl_hier_level_model(const vl_hier *h, size_t l)
{
    return l < h->n_levels_h ? h->cand[h->level_model[l]] : NULL;
}

size_t vl_hier_calibration(const vl_hier *h, size_t li, size_t k, double *q)
{
    if (q)
        *q = li < h->nlev && k < h->h ? h->cal_q[li * h->h + k] : (double)NAN;
    return k < h->h ? h->cal_n[k] : 0;
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
