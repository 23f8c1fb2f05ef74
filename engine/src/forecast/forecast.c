/*
 * forecast.c - the public forecasting API: groups a history into series (checking periods,
 * duplicates and frequencies, reporting gaps and filling them on request), runs the chosen model
 * on every series in parallel (results written by index, so identical for any thread count),
 * and computes rolling-origin backtests (sMAPE, MASE, RMSSE, coverage, MSIS).
 *
 * Owns vl_forecast and vl_backtest; every array they hold lives in one arena.
 */
#include "forecast/fc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FC_MAX_HORIZON 1000
/*
 * Validation origins by default. Each costs one more fit of every member of every series, and
 * calibrating a 95% band needs at least 19 pooled errors per step (fc_conformal_min): three
 * origins calibrate it from 7 series on, and keep `auto` on 1,000 quarterly series within the
 * planner's time budget (benchmarks/README.md). More origins would make the per-series check
 * steadier but not the pooled calibration, which has errors to spare on any sizeable run.
 */
#define FC_VALIDATION_ORIGINS 3

/* ---- options ----------------------------------------------------------------------------- */

void vl_forecast_options_init(vl_forecast_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->model = "auto";
    opt->levels[0] = 80;
    opt->levels[1] = 95;
    opt->n_levels = 2;
    opt->seed = 20261127UL;
    opt->validation = FC_VALIDATION_ORIGINS;
}

const char *vl_forecast_model_name(size_t i)
{
    for (size_t k = 0; fc_types[k]; k++)
        if (k == i)
            return fc_types[k]->name;
    return NULL;
}

const char *vl_forecast_model_summary(const char *name)
{
    const fc_type *t = fc_type_find(name);
    return t ? t->summary : NULL;
}

char *vl_forecast_model_text(const char *desc, const char *lang, char *buf, size_t size)
{
    static const char *const words[] = {
        FC_W_SEASADJ,   FC_W_NO_SEASONALITY, FC_W_ON_SEASADJ,   FC_W_SNAIVE,
        FC_W_AICC_OVER, FC_W_DRIFT,          FC_W_NONZERO_MEAN, FC_W_ZERO_MEAN,
        FC_W_LEFT_OUT,  FC_W_MEAN_OF,        FC_W_CONSTANT,     FC_W_TOO_SHORT,
        FC_W_FAILED,    FC_W_NOT_FINITE,     FC_W_NON_SEASONAL, FC_W_POOLED_AR};
    if (!buf || size == 0)
        return buf;
    size_t len = 0;
    const char *p = desc ? desc : "";
    while (*p && len + 1 < size) {
        const char *with = NULL;
        size_t skip = 0;
        for (size_t i = 0; i < VL_ARRAY_LEN(words); i++) {
            size_t n = strlen(words[i]);
            if (strncmp(p, words[i], n) == 0 && n > skip) {
                with = vl_gettext_lang(lang, words[i]);
                skip = n;
            }
        }
        if (!with) {
            buf[len++] = *p++;
            continue;
        }
        size_t w = strlen(with);
        if (len + w >= size)
            break; /* never half a word: a translation may be UTF-8 */
        memcpy(buf + len, with, w);
        len += w;
        p += skip;
    }
    buf[len] = '\0';
    return buf;
}

bool vl_forecast_fill_parse(const char *text, vl_forecast_fill *out)
{
    if (!text)
        return false;
    if (strcmp(text, "none") == 0)
        *out = VL_FORECAST_FILL_NONE;
    else if (strcmp(text, "linear") == 0)
        *out = VL_FORECAST_FILL_LINEAR;
    else if (strcmp(text, "zero") == 0)
        *out = VL_FORECAST_FILL_ZERO;
    else
        return false;
    return true;
}

static vl_status check_options(vl_ctx *ctx, const vl_forecast_options *opt, const char *model)
{
    if (!opt)
        return vl__error(ctx, VL_ERR_ARG, "forecast options missing");
    if (opt->horizon < 1 || opt->horizon > FC_MAX_HORIZON)
        return vl__error(ctx, VL_ERR_INVALID, "horizon must be between 1 and %d, got %zu",
                         FC_MAX_HORIZON, opt->horizon);
    if (model && !fc_type_find(model)) {
        vl_buf names = {0};
        for (size_t i = 0; fc_types[i]; i++)
            vl_buf_printf(&names, "%s%s", i ? ", " : "", fc_types[i]->name);
        vl__error(ctx, VL_ERR_INVALID, "unknown model '%s' (%s)", model,
                  names.data ? names.data : "");
        vl_buf_free(&names);
        return VL_ERR_INVALID;
    }
    if (opt->n_levels > VL_FORECAST_MAX_LEVELS)
        return vl__error(ctx, VL_ERR_INVALID, "at most %d interval levels", VL_FORECAST_MAX_LEVELS);
    for (size_t l = 0; l < opt->n_levels; l++)
        if (!(opt->levels[l] > 0 && opt->levels[l] < 100))
            return vl__error(ctx, VL_ERR_INVALID, "interval level %g is not in (0, 100)",
                             opt->levels[l]);
    return VL_OK;
}

/* ---- series preparation ------------------------------------------------------------------ */

typedef struct fc_series {
    const char *name;
    const char **keys;
    vl_period first;
    long last; /* time-line index of the last observed period */
    int m;
    double *y; /* as modelled */
    size_t n;
    char *warning;
    const char *warning_code; /* vl_forecast_series.warning_code */
    unsigned long seed;
} fc_series;

static unsigned long name_hash(const char *s)
{
    unsigned long h = 1469598103934665603UL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

/* Copies one input into the arena, filling or skipping missing values per opt->fill. */
static vl_status prepare(vl_ctx *ctx, vl_arena *a, const vl_forecast_input *in, size_t nkeys,
                         const vl_forecast_options *opt, fc_series *s)
{
    s->name = vl_arena_strdup(a, in->name ? in->name : "");
    s->keys = vl_arena_alloc(a, (nkeys ? nkeys : 1) * sizeof *s->keys);
    s->y = vl_arena_alloc(a, (in->n ? in->n : 1) * sizeof *s->y);
    if (!s->name || !s->keys || !s->y)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory preparing series");
    for (size_t k = 0; k < nkeys; k++) {
        const char *v = in->keys && k < in->n_keys && in->keys[k] ? in->keys[k] : "";
        s->keys[k] = vl_arena_strdup(a, v);
        if (!s->keys[k])
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory preparing series");
    }
    int f = in->first.freq;
    if (f != 1 && f != 4 && f != 12)
        return vl__error(ctx, VL_ERR_INVALID, "series %s: frequency %d is not 1, 4 or 12", s->name,
                         f);
    s->m = f;
    s->seed = name_hash(s->name) ^ opt->seed;
    /* trim leading and trailing missing values */
    size_t b = 0, e = in->n;
    while (b < e && isnan(in->y[b]))
        b++;
    while (e > b && isnan(in->y[e - 1]))
        e--;
    if (b == e)
        return vl__error(ctx, VL_ERR_INVALID, "series %s has no values", s->name);
    s->first = vl_period_from_index(f, vl_period_index(in->first) + (long)b);
    s->last = vl_period_index(in->first) + (long)e - 1;
    size_t missing = 0, first_gap = 0;
    s->n = 0;
    for (size_t t = b; t < e; t++) {
        double v = in->y[t];
        if (isnan(v)) {
            if (missing++ == 0)
                first_gap = t;
            if (opt->fill == VL_FORECAST_FILL_NONE)
                continue;
            if (opt->fill == VL_FORECAST_FILL_ZERO) {
                v = 0;
            } else {
                size_t r = t + 1;
                while (isnan(in->y[r]))
                    r++;
                double left = s->y[s->n - 1];
                v = left + (in->y[r] - left) / (double)(r - t + 1);
            }
        } else if (!isfinite(v)) {
            return vl__error(ctx, VL_ERR_INVALID, "series %s: value %zu is not finite", s->name,
                             t + 1);
        }
        s->y[s->n++] = v;
    }
    s->warning = "";
    s->warning_code = "";
    if (missing) {
        s->warning_code = opt->fill == VL_FORECAST_FILL_NONE   ? "gaps_not_filled"
                          : opt->fill == VL_FORECAST_FILL_ZERO ? "gaps_filled_zero"
                                                               : "gaps_filled_linear";
        char p[16];
        vl_period_format(vl_period_from_index(f, vl_period_index(in->first) + (long)first_gap), p,
                         sizeof p);
        /* the warning is read by people (stderr, the desk): in the context's language */
        const char *what = opt->fill == VL_FORECAST_FILL_NONE
                               ? vl__tr(ctx, "not filled: the values around them are modelled as "
                                             "adjacent (use fill linear or zero)")
                           : opt->fill == VL_FORECAST_FILL_ZERO ? vl__tr(ctx, "filled with zero")
                                                                : vl__tr(ctx, "filled linearly");
        const char *one = vl__tr(ctx, "%zu missing period from %s, %s");
        const char *many = vl__tr(ctx, "%zu missing periods from %s, %s");
        vl_buf b2 = {0};
        vl_buf_printf(&b2, missing > 1 ? many : one, missing, p, what);
        s->warning = vl_arena_strdup(a, b2.data ? b2.data : "");
        vl_buf_free(&b2);
        vl__log(ctx, VL_LOG_WARNING, "series %s: %s", s->name, s->warning ? s->warning : "");
        if (!s->warning)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory preparing series");
    }
    return VL_OK;
}

/* ---- per-thread workspaces --------------------------------------------------------------- */

typedef struct fc_pool {
    fc_work **w;
    unsigned n;
} fc_pool;

static bool pool_init(fc_pool *p, vl_ctx *ctx, size_t nitems)
{
    p->n = vl__threads_for(ctx, nitems, 1);
    if (p->n < 1)
        p->n = 1;
    p->w = vl__calloc(p->n, sizeof *p->w);
    return p->w != NULL;
}

static fc_work *pool_get(fc_pool *p, unsigned worker)
{
    assert(worker < p->n);
    if (!p->w[worker])
        p->w[worker] = fc_work_create();
    return p->w[worker];
}

static void pool_free(fc_pool *p)
{
    for (unsigned i = 0; p->w && i < p->n; i++)
        fc_work_destroy(p->w[i]);
    vl__free(p->w);
}

/* ---- one batch: validation, forecasts and calibrated bands ------------------------------- */

/* One series of a batch: its data (borrowed) and where its results go. */
typedef struct fc_item {
    const double *y;
    size_t n;
    int m;
    unsigned long seed;
    double *mean, *lo, *hi, *fitted; /* h, nlev * h, nlev * h, n */
    char *desc;                      /* FC_DESC bytes */
    const char *model;
    fc_valid v; /* v.z: K * h */
} fc_item;

typedef struct fc_batch {
    const fc_type *t;
    fc_item *items;
    size_t h, nlev, K;
    bool fast;
    const double *levels;
    const fc_pooled *pooled;
    fc_pool pool;
} fc_batch;

static vl_status batch_range(void *arg, unsigned worker, size_t begin, size_t end)
{
    fc_batch *b = arg;
    fc_work *w = pool_get(&b->pool, worker);
    if (!w)
        return VL_ERR_NOMEM;
    for (size_t i = begin; i < end; i++) {
        fc_item *it = &b->items[i];
        fc_spec spec = {b->h, b->levels, b->nlev, it->seed, b->fast, b->pooled, 0};
        fc_out o = {.mean = it->mean, .lo = it->lo, .hi = it->hi, .fitted = it->fitted};
        vl_status st = fc_procedure(w, b->t, it->y, it->n, it->m, &spec, b->K, &o, &it->v);
        if (st != VL_OK)
            return st;
        snprintf(it->desc, FC_DESC, "%s", o.desc);
        it->model = o.model;
    }
    return VL_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/*
 * Conformal calibration (split conformal with absolute scores normalised by each series' residual
 * sd, pooled over the batch): for every step k and level L the band is mean +- q * sd, with q the
 * finite-sample L-quantile of |validation error| / sd at step k over every series and origin.
 * Absolute rather than signed scores: the sign of the errors in the validation window says
 * little about the next window (on the M3 training data's own last quarters, signed quantiles
 * covered 73-75% at 80% against 81-82% for absolute ones). Too few errors for a level
 * (fc_conformal_min) keep the models' own bands at that level and step. qlo/qhi (nlev * h)
 * receive -q/q, NaN where not calibrated; count (h) the errors used. Finally a series that was
 * never negative gets no negative bound (counts, positions).
 */
static vl_status calibrate(fc_item *items, size_t n, size_t h, const double *levels, size_t nlev,
                           size_t K, double *qlo, double *qhi, size_t *count)
{
    for (size_t i = 0; i < nlev * h; i++)
        qlo[i] = qhi[i] = NAN;
    size_t cap = n * K > 0 ? n * K : 1;
    double *v = K && nlev ? vl__malloc(cap * sizeof *v) : NULL;
    if (K && nlev && !v)
        return VL_ERR_NOMEM;
    for (size_t k = 0; k < h; k++) {
        size_t N = 0;
        for (size_t i = 0; v && i < n; i++)
            for (size_t o = 0; o < K; o++) {
                double z = items[i].v.z[o * h + k];
                if (isfinite(z))
                    v[N++] = fabs(z);
            }
        if (count)
            count[k] = N;
        if (N == 0)
            continue;
        qsort(v, N, sizeof *v, cmp_double);
        for (size_t l = 0; l < nlev; l++) {
            if (N < fc_conformal_min(levels[l]))
                continue;
            /* calibration widens a band history shows too narrow; it never makes the band
             * narrower than the normal one of the same sd (the conservative side: a band
             * too narrow calls a shortage that is not there) */
            double q =
                fmax(fc_conformal_quantile(v, N, levels[l] / 100), fc_qnorm(0.5 + levels[l] / 200));
            qlo[l * h + k] = -q;
            qhi[l * h + k] = q;
        }
    }
    vl__free(v);
    for (size_t i = 0; i < n; i++) {
        fc_item *it = &items[i];
        bool nonneg = fc_min(it->y, it->n) >= 0;
        for (size_t l = 0; l < nlev; l++)
            for (size_t k = 0; k < h; k++) {
                size_t at = l * h + k;
                double L = it->mean[k] + qlo[at] * it->v.sd, U = it->mean[k] + qhi[at] * it->v.sd;
                if (it->v.sd > 0 && isfinite(L) && isfinite(U)) {
                    it->lo[at] = L;
                    it->hi[at] = U;
                }
                if (nonneg && it->lo[at] < 0) {
                    it->lo[at] = 0;
                    it->hi[at] = fmax(it->hi[at], 0);
                }
            }
        fc_nest_bands(it->lo, it->hi, levels, nlev, h);
    }
    return VL_OK;
}

/*
 * The pooled autoregression of a batch whose model uses it (pooled.c): fitted on the items as
 * given, once for the final forecasts (cut 0) and once for each validation origin (cut h + o),
 * each only on the values before its cut. *out stays NULL for other models.
 */
static vl_status fit_pooled(const fc_type *t, const fc_item *items, size_t n, size_t h, size_t K,
                            fc_pooled **out)
{
    *out = NULL;
    bool uses = strcmp(t->name, "pooled") == 0;
    for (size_t j = 0; t->members && t->members[j]; j++)
        uses = uses || strcmp(t->members[j], "pooled") == 0;
    if (!uses || K + 1 > FC_POOLED_MAX_CUTS) /* more origins than cuts: left out everywhere */
        return VL_OK;
    size_t cuts[FC_POOLED_MAX_CUTS], nc = 0;
    cuts[nc++] = 0;
    for (size_t o = 0; o < K; o++)
        cuts[nc++] = h + o;
    fc_seq *seq = vl__malloc(n * sizeof *seq);
    if (!seq)
        return VL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        seq[i] = (fc_seq){items[i].y, items[i].n, items[i].m};
    vl_status st = fc_pooled_fit(seq, n, h, cuts, nc, out);
    vl__free(seq);
    return st;
}

/*
 * Runs model t on every item (in parallel, written by index) with K validation origins each,
 * then calibrates the bands over the batch. qlo/qhi/count may be NULL.
 */
static vl_status run_batch(vl_ctx *ctx, const fc_type *t, fc_item *items, size_t n, size_t h,
                           const double *levels, size_t nlev, size_t K, bool fast, double *qlo,
                           double *qhi, size_t *count)
{
    fc_batch b = {
        .t = t, .items = items, .h = h, .nlev = nlev, .K = K, .fast = fast, .levels = levels};
    if (n == 0)
        return VL_OK;
    fc_pooled *pooled = NULL;
    vl_status st = fit_pooled(t, items, n, h, K, &pooled);
    if (st != VL_OK)
        return vl__error(ctx, st, "out of memory");
    b.pooled = pooled;
    if (!pool_init(&b.pool, ctx, n)) {
        fc_pooled_free(pooled);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    st = vl__parallel_for(ctx, n, 1, batch_range, &b, "forecast");
    pool_free(&b.pool);
    fc_pooled_free(pooled);
    if (st != VL_OK)
        return vl__error(ctx, st, "forecasting failed: %s", vl_strerror(st));
    double *lo = qlo, *hi = qhi;
    double *own = NULL;
    if (!lo && nlev) {
        own = vl__malloc(2 * nlev * h * sizeof *own);
        if (!own)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        lo = own;
        hi = own + nlev * h;
    }
    st = calibrate(items, n, h, levels, nlev, K, lo, hi, count);
    vl__free(own);
    return st != VL_OK ? vl__error(ctx, st, "out of memory calibrating the bands") : VL_OK;
}

/* Item buffers for n series of at most max_n values (one block; free with vl__free()). */
static fc_item *items_alloc(size_t n, size_t max_n, size_t h, size_t nlev, size_t K, double **block)
{
    size_t per = h + 2 * nlev * h + max_n + K * h + FC_DESC / sizeof(double) + 1;
    fc_item *items = vl__calloc(n ? n : 1, sizeof *items);
    double *d = vl__calloc((n ? n : 1) * per, sizeof *d);
    if (!items || !d) {
        vl__free(items);
        vl__free(d);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        double *p = d + i * per;
        items[i].mean = p;
        items[i].lo = p + h;
        items[i].hi = p + h + nlev * h;
        items[i].fitted = p + h + 2 * nlev * h;
        items[i].v.z = p + h + 2 * nlev * h + max_n;
        items[i].desc = (char *)(p + h + 2 * nlev * h + max_n + K * h);
    }
    *block = d;
    return items;
}

/*
 * Rolling-origin backtest of the whole procedure (validation and calibration included, each
 * origin seeing only its own past): outer origins at n - h - (origins - 1 - o), series too short
 * for an origin (fewer than 3 training values) skip it. met (n) receives each series' means;
 * desc (n, may be NULL) what ran at the last origin.
 */
static vl_status backtest_batch(vl_ctx *ctx, const fc_type *t, const fc_series *ser, size_t n,
                                size_t h, const double *levels, size_t nlev, size_t K, bool fast,
                                size_t origins, vl_forecast_metrics *met, char (*desc)[FC_DESC])
{
    size_t max_n = 1;
    for (size_t i = 0; i < n; i++)
        max_n = ser[i].n > max_n ? ser[i].n : max_n;
    double *block = NULL;
    fc_item *items = items_alloc(n, max_n, h, nlev, K, &block);
    fc_score *acc = vl__calloc(n ? n : 1, sizeof *acc);
    size_t *which = vl__calloc(n ? n : 1, sizeof *which);
    vl_status st = items && acc && which ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (origins == 0)
        origins = 1;
    for (size_t i = 0; desc && i < n; i++)
        desc[i][0] = '\0';
    for (size_t o = 0; o < origins && st == VL_OK; o++) {
        size_t back = h + (origins - 1 - o), na = 0;
        fc_item *act = items;
        for (size_t i = 0; i < n; i++) {
            if (ser[i].n < back + 3)
                continue;
            fc_item *it = &items[na];
            it->y = ser[i].y;
            it->n = ser[i].n - back;
            it->m = ser[i].m;
            it->seed = ser[i].seed;
            which[na++] = i;
        }
        st = run_batch(ctx, t, act, na, h, levels, nlev, K, fast, NULL, NULL, NULL);
        for (size_t a = 0; a < na && st == VL_OK; a++) {
            const fc_item *it = &items[a];
            size_t i = which[a];
            fc_score_add(&acc[i], fc_metric_scale(it->y, it->n, it->m), it->y + it->n, it->mean,
                         it->lo, it->hi, h, levels, nlev);
            if (desc && o + 1 == origins)
                snprintf(desc[i], FC_DESC, "%s", it->desc);
        }
    }
    for (size_t i = 0; i < n && st == VL_OK; i++)
        fc_score_finish(&acc[i], nlev, &met[i]);
    vl__free(items);
    vl__free(block);
    vl__free(acc);
    vl__free(which);
    return st;
}

/* ---- forecasts --------------------------------------------------------------------------- */

typedef struct fc_result {
    vl_forecast_series pub;
    vl_forecast_metrics met;
    char desc[FC_DESC];
} fc_result;

struct vl_forecast {
    vl_arena *arena;
    size_t n, h, nlev, nkeys, K;
    double levels[VL_FORECAST_MAX_LEVELS];
    const char **key_names;
    fc_series *ser;
    fc_result *res;
    double *cal_lo, *cal_hi; /* nlev * h calibration factors (NaN: the models' own bands) */
    size_t *cal_n;           /* h: validation errors per step */
};

vl_status vl_forecast_inputs(vl_ctx *ctx, const vl_forecast_input *inputs, size_t n,
                             const vl_forecast_options *opt, vl_forecast **out)
{
    *out = NULL;
    const char *model = opt && opt->model ? opt->model : "auto";
    vl_status st = check_options(ctx, opt, model);
    if (st != VL_OK)
        return st;
    fc_gsl_init();
    vl_forecast *f = vl__calloc(1, sizeof *f);
    if (!f || !(f->arena = vl_arena_create())) {
        vl__free(f);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    f->n = n;
    f->h = opt->horizon;
    f->nlev = opt->n_levels;
    memcpy(f->levels, opt->levels, sizeof f->levels);
    size_t nkeys = 0;
    for (size_t i = 0; i < n; i++)
        nkeys = inputs[i].n_keys > nkeys ? inputs[i].n_keys : nkeys;
    f->nkeys = nkeys;
    f->ser = vl_arena_alloc(f->arena, (n ? n : 1) * sizeof *f->ser);
    f->res = vl_arena_alloc(f->arena, (n ? n : 1) * sizeof *f->res);
    if (!f->ser || !f->res) {
        vl_forecast_destroy(f);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        st = prepare(ctx, f->arena, &inputs[i], nkeys, opt, &f->ser[i]);
        if (st != VL_OK) {
            vl_forecast_destroy(f);
            return st;
        }
        fc_series *s = &f->ser[i];
        fc_result *r = &f->res[i];
        size_t hl = f->h * f->nlev;
        double *mean = vl_arena_alloc(f->arena, f->h * sizeof(double));
        double *lo = vl_arena_alloc(f->arena, (hl ? hl : 1) * sizeof(double));
        double *hi = vl_arena_alloc(f->arena, (hl ? hl : 1) * sizeof(double));
        double *fit = vl_arena_alloc(f->arena, s->n * sizeof(double));
        double *res = vl_arena_alloc(f->arena, s->n * sizeof(double));
        if (!mean || !lo || !hi || !fit || !res) {
            vl_forecast_destroy(f);
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
        r->pub = (vl_forecast_series){.name = s->name,
                                      .keys = s->keys,
                                      .freq = s->m,
                                      .first = s->first,
                                      .history = s->y,
                                      .n_history = s->n,
                                      .model = model,
                                      .description = r->desc,
                                      .mean = mean,
                                      .lo = lo,
                                      .hi = hi,
                                      .fitted = fit,
                                      .residuals = res,
                                      .warning = s->warning,
                                      .warning_code = s->warning_code};
    }
    /* the batch writes straight into the results */
    size_t K = opt->validation;
    f->K = K;
    size_t hl = f->h * (f->nlev ? f->nlev : 1);
    f->cal_lo = vl_arena_alloc(f->arena, hl * sizeof *f->cal_lo);
    f->cal_hi = vl_arena_alloc(f->arena, hl * sizeof *f->cal_hi);
    f->cal_n = vl_arena_alloc(f->arena, f->h * sizeof *f->cal_n);
    fc_item *items = vl__calloc(n ? n : 1, sizeof *items);
    double *z = vl__calloc((n ? n : 1) * (K ? K : 1) * f->h, sizeof *z);
    if (!items || !z || !f->cal_lo || !f->cal_hi || !f->cal_n) {
        vl__free(items);
        vl__free(z);
        vl_forecast_destroy(f);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        fc_result *r = &f->res[i];
        items[i] = (fc_item){.y = f->ser[i].y,
                             .n = f->ser[i].n,
                             .m = f->ser[i].m,
                             .seed = f->ser[i].seed,
                             .mean = (double *)r->pub.mean,
                             .lo = (double *)r->pub.lo,
                             .hi = (double *)r->pub.hi,
                             .fitted = (double *)r->pub.fitted,
                             .desc = r->desc,
                             .v = {.z = z + i * (K ? K : 1) * f->h}};
    }
    const fc_type *t = fc_type_find(model);
    st = run_batch(ctx, t, items, n, f->h, f->levels, f->nlev, K, opt->fast, f->cal_lo, f->cal_hi,
                   f->cal_n);
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        fc_result *r = &f->res[i];
        r->pub.model = items[i].model;
        double *res = (double *)r->pub.residuals;
        for (size_t t2 = 0; t2 < f->ser[i].n; t2++)
            res[t2] = f->ser[i].y[t2] - r->pub.fitted[t2];
    }
    vl__free(items);
    vl__free(z);
    if (st == VL_OK && opt->origins) {
        vl_forecast_metrics *met = vl__calloc(n ? n : 1, sizeof *met);
        st = met ? backtest_batch(ctx, t, f->ser, n, f->h, f->levels, f->nlev, K, opt->fast,
                                  opt->origins, met, NULL)
                 : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n && st == VL_OK; i++) {
            f->res[i].met = met[i];
            f->res[i].pub.metrics = &f->res[i].met;
        }
        vl__free(met);
    }
    if (st != VL_OK) {
        vl_forecast_destroy(f);
        return st;
    }
    *out = f;
    return VL_OK;
}

void vl_forecast_destroy(vl_forecast *f)
{
    if (!f)
        return;
    vl_arena_destroy(f->arena);
    vl__free(f);
}

size_t vl_forecast_count(const vl_forecast *f)
{
    return f ? f->n : 0;
}

size_t vl_forecast_horizon(const vl_forecast *f)
{
    return f ? f->h : 0;
}

size_t vl_forecast_n_levels(const vl_forecast *f)
{
    return f ? f->nlev : 0;
}

double vl_forecast_z(double level)
{
    return level > 0 && level < 100 ? fc_qnorm(0.5 + level / 200) : (double)NAN;
}

double vl_forecast_level(const vl_forecast *f, size_t l)
{
    return f && l < f->nlev ? f->levels[l] : (double)NAN;
}

size_t vl_forecast_n_keys(const vl_forecast *f)
{
    return f ? f->nkeys : 0;
}

const char *vl_forecast_key_name(const vl_forecast *f, size_t k)
{
    return f && f->key_names && k < f->nkeys ? f->key_names[k] : NULL;
}

bool vl_forecast_get(const vl_forecast *f, size_t i, vl_forecast_series *out)
{
    if (!f || i >= f->n)
        return false;
    *out = f->res[i].pub;
    return true;
}

size_t vl_forecast_calibration(const vl_forecast *f, size_t l, size_t k, double *q_lo, double *q_hi)
{
    double lo = NAN, hi = NAN;
    size_t cnt = 0;
    if (f && l < f->nlev && k < f->h) {
        lo = f->cal_lo[l * f->h + k];
        hi = f->cal_hi[l * f->h + k];
        cnt = f->cal_n[k];
    }
    if (q_lo)
        *q_lo = lo;
    if (q_hi)
        *q_hi = hi;
    return cnt;
}

void vl_forecast_score(const double *train, size_t n, int freq, const double *actual,
                       const double *mean, const double *lo, const double *hi, size_t h,
                       const double *levels, size_t n_levels, vl_forecast_metrics *out)
{
    fc_score acc = {0};
    if (n_levels > VL_FORECAST_MAX_LEVELS)
        n_levels = VL_FORECAST_MAX_LEVELS;
    fc_score_add(&acc, fc_metric_scale(train, n, freq), actual, mean, lo, hi, h, levels, n_levels);
    fc_score_finish(&acc, n_levels, out);
}

vl_period vl_forecast_period(const vl_forecast *f, size_t i, size_t k)
{
    const fc_series *s = &f->ser[i];
    return vl_period_from_index(s->m, s->last + 1 + (long)k);
}

/* ---- histories --------------------------------------------------------------------------- */

typedef struct hist_groups {
    vl_forecast_input *in;
    size_t n;
    double *values; /* all series' grids */
} hist_groups;

static int cmp_rowref(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

/*
 * Groups rows by series (first-appearance order) into period grids with NaN for gaps. Clears
 * the context's diagnostics first; a history without rows is invalid.
 */
/* A series is its name and its key values (as `import history` identifies it): "vac" of area
 * 288 and "vac" of area 290 are two series, not one with every period twice. */
static unsigned long series_hash(const vl_history *h, const vl_history_row *row)
{
    unsigned long x = name_hash(row->series ? row->series : "");
    for (size_t k = 0; k < h->n_keys; k++)
        x = (x ^ name_hash(row->keys && row->keys[k] ? row->keys[k] : "")) * 1099511628211UL;
    return x;
}

static bool same_series(const vl_history *h, const vl_history_row *a, const vl_history_row *b)
{
    if (strcmp(a->series ? a->series : "", b->series ? b->series : "") != 0)
        return false;
    for (size_t k = 0; k < h->n_keys; k++)
        if (strcmp(a->keys && a->keys[k] ? a->keys[k] : "",
                   b->keys && b->keys[k] ? b->keys[k] : ""))
            return false;
    return true;
}

static vl_status group_history(vl_ctx *ctx, const vl_history *h, hist_groups *g)
{
    memset(g, 0, sizeof *g);
    vl__diag_clear(ctx);
    size_t nr = h->n_rows;
    /* open-addressing map name -> group */
    size_t cap = 16;
    while (cap < 2 * nr + 2)
        cap *= 2;
    size_t *slot = vl__malloc(cap * sizeof *slot);
    size_t *grp = vl__malloc((nr ? nr : 1) * sizeof *grp);
    size_t *first_row = vl__malloc((nr ? nr : 1) * sizeof *first_row);
    size_t(*ref)[3] = vl__malloc((nr ? nr : 1) * sizeof *ref);
    if (!slot || !grp || !first_row || !ref) {
        vl__free(slot), vl__free(grp), vl__free(first_row), vl__free(ref);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory grouping the history");
    }
    for (size_t i = 0; i < cap; i++)
        slot[i] = SIZE_MAX;
    size_t ng = 0;
    vl_status st = VL_OK;
    for (size_t r = 0; r < nr; r++) {
        const vl_history_row *row = &h->rows[r];
        const char *name = row->series ? row->series : "";
        size_t k = series_hash(h, row) & (cap - 1);
        while (slot[k] != SIZE_MAX) {
            if (same_series(h, &h->rows[first_row[slot[k]]], row))
                break;
            k = (k + 1) & (cap - 1);
        }
        if (slot[k] == SIZE_MAX) {
            slot[k] = ng;
            first_row[ng++] = r;
        }
        grp[r] = slot[k];
        if (!isfinite(row->value)) {
            vl__diag(ctx, "line %zu: column value: not a finite number", row->line);
            st = VL_ERR_INVALID;
        }
        if (row->period.freq != h->rows[first_row[grp[r]]].period.freq) {
            vl__diag(ctx,
                     "line %zu: column period: frequency differs from the series' first "
                     "period (series %s)",
                     row->line, name);
            st = VL_ERR_INVALID;
        }
        ref[r][0] = grp[r];
        ref[r][1] = (size_t)vl_period_index(row->period);
        ref[r][2] = r;
    }
    {
        /* duplicates are looked for even after other problems, so all are reported at once */
        qsort(ref, nr, sizeof *ref, cmp_rowref);
        for (size_t r = 1; r < nr; r++)
            if (ref[r][0] == ref[r - 1][0] && ref[r][1] == ref[r - 1][1]) {
                const vl_history_row *row = &h->rows[ref[r][2]];
                char p[16];
                vl_period_format(row->period, p, sizeof p);
                vl__diag(ctx, "line %zu: column period: duplicate period %s in series %s",
                         row->line, p, row->series ? row->series : "");
                st = VL_ERR_INVALID;
            }
    }
    size_t total = 0;
    size_t *lo = NULL, *span = NULL;
    if (st == VL_OK) {
        lo = vl__calloc(ng ? ng : 1, sizeof *lo);
        span = vl__calloc(ng ? ng : 1, sizeof *span);
        g->in = vl__calloc(ng ? ng : 1, sizeof *g->in);
        if (!lo || !span || !g->in)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory grouping the history");
    }
    if (st == VL_OK) {
        /* sorted by (group, period): each group's first and last index */
        for (size_t r = 0; r < nr; r++) {
            size_t gi = ref[r][0];
            if (r == 0 || ref[r - 1][0] != gi)
                lo[gi] = ref[r][1];
            span[gi] = ref[r][1] - lo[gi] + 1;
        }
        for (size_t gi = 0; gi < ng; gi++) {
            if (span[gi] > 100000) {
                st = vl__error(ctx, VL_ERR_INVALID, "series %s spans %zu periods",
                               h->rows[first_row[gi]].series, span[gi]);
                break;
            }
            total += span[gi];
        }
    }
    if (st == VL_OK) {
        g->values = vl__malloc((total ? total : 1) * sizeof *g->values);
        if (!g->values)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory grouping the history");
    }
    if (st == VL_OK) {
        size_t off = 0;
        for (size_t gi = 0; gi < ng; gi++) {
            const vl_history_row *row = &h->rows[first_row[gi]];
            for (size_t t = 0; t < span[gi]; t++)
                g->values[off + t] = NAN;
            g->in[gi] =
                (vl_forecast_input){.name = row->series,
                                    .keys = row->keys,
                                    .n_keys = h->n_keys,
                                    .first = vl_period_from_index(row->period.freq, (long)lo[gi]),
                                    .y = g->values + off,
                                    .n = span[gi]};
            off += span[gi];
        }
        for (size_t r = 0; r < nr; r++) {
            size_t gi = ref[r][0];
            ((double *)g->in[gi].y)[ref[r][1] - lo[gi]] = h->rows[ref[r][2]].value;
        }
        g->n = ng;
    }
    vl__free(slot), vl__free(grp), vl__free(first_row), vl__free(ref), vl__free(lo), vl__free(span);
    if (st != VL_OK) {
        vl__free(g->in), vl__free(g->values);
        memset(g, 0, sizeof *g);
        if (vl_ctx_status(ctx) == VL_OK) {
            if (vl_ctx_diag_count(ctx) == 1)
                vl__error(ctx, st, "the history has %zu problem", vl_ctx_diag_count(ctx));
            else
                vl__error(ctx, st, "the history has %zu problems", vl_ctx_diag_count(ctx));
        }
    } else if (g->n == 0) {
        vl__free(g->in), vl__free(g->values);
        memset(g, 0, sizeof *g);
        st = vl__error(ctx, VL_ERR_INVALID, "the history has no rows");
    }
    return st;
}

static void groups_free(hist_groups *g)
{
    vl__free(g->in);
    vl__free(g->values);
}

static vl_status set_key_names(vl_ctx *ctx, vl_forecast *f, const vl_history *h)
{
    if (!h->n_keys)
        return VL_OK;
    f->key_names = vl_arena_alloc(f->arena, h->n_keys * sizeof *f->key_names);
    if (!f->key_names)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < h->n_keys; k++)
        if (!(f->key_names[k] = vl_arena_strdup(f->arena, h->key_names[k])))
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    return VL_OK;
}

vl_status vl_forecast_history(vl_ctx *ctx, const vl_history *history,
                              const vl_forecast_options *opt, vl_forecast **out)
{
    *out = NULL;
    vl_status st = check_options(ctx, opt, opt && opt->model ? opt->model : "auto");
    if (st != VL_OK)
        return st;
    hist_groups g;
    if ((st = group_history(ctx, history, &g)) != VL_OK)
        return st;
    st = vl_forecast_inputs(ctx, g.in, g.n, opt, out);
    groups_free(&g);
    if (st == VL_OK && (st = set_key_names(ctx, *out, history)) != VL_OK) {
        vl_forecast_destroy(*out);
        *out = NULL;
    }
    return st;
}

/* ---- backtests of several models ------------------------------------------------------- */

struct vl_backtest {
    vl_arena *arena;
    size_t n, nm, nlev;
    double levels[VL_FORECAST_MAX_LEVELS];
    const char **models;
    fc_series *ser;
    vl_forecast_metrics *met; /* (n + 1) * nm, row n = mean over series */
    char (*desc)[FC_DESC];    /* n * nm */
};

vl_status vl_backtest_inputs(vl_ctx *ctx, const vl_forecast_input *inputs, size_t n,
                             const vl_forecast_options *opt, const char *const *models,
                             size_t n_models, vl_backtest **out)
{
    *out = NULL;
    vl_status st = check_options(ctx, opt, NULL);
    if (st != VL_OK)
        return st;
    if (n_models == 0)
        return vl__error(ctx, VL_ERR_INVALID, "no models to backtest");
    for (size_t k = 0; k < n_models; k++)
        if ((st = check_options(ctx, opt, models[k])) != VL_OK)
            return st;
    fc_gsl_init();
    vl_backtest *b = vl__calloc(1, sizeof *b);
    const fc_type **types = vl__calloc(n_models, sizeof *types);
    if (!b || !types || !(b->arena = vl_arena_create())) {
        vl__free(b), vl__free(types);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    b->n = n;
    b->nm = n_models;
    b->nlev = opt->n_levels;
    memcpy(b->levels, opt->levels, sizeof b->levels);
    b->models = vl_arena_alloc(b->arena, n_models * sizeof *b->models);
    b->ser = vl_arena_alloc(b->arena, (n ? n : 1) * sizeof *b->ser);
    b->met = vl_arena_alloc(b->arena, (n + 1) * n_models * sizeof *b->met);
    b->desc = vl_arena_alloc(b->arena, (n ? n : 1) * n_models * sizeof *b->desc);
    if (!b->models || !b->ser || !b->met || !b->desc)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t k = 0; st == VL_OK && k < n_models; k++) {
        types[k] = fc_type_find(models[k]);
        b->models[k] = types[k]->name;
    }
    for (size_t i = 0; st == VL_OK && i < n; i++)
        st = prepare(ctx, b->arena, &inputs[i], 0, opt, &b->ser[i]);
    /* model by model, each backtest a batch over every series (calibration pools series) */
    vl_forecast_metrics *met = st == VL_OK ? vl__calloc(n ? n : 1, sizeof *met) : NULL;
    char(*desc)[FC_DESC] = st == VL_OK ? vl__calloc(n ? n : 1, sizeof *desc) : NULL;
    if (st == VL_OK && (!met || !desc))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < n_models && st == VL_OK; k++) {
        st = backtest_batch(ctx, types[k], b->ser, n, opt->horizon, b->levels, b->nlev,
                            opt->validation, opt->fast, opt->origins, met, desc);
        for (size_t i = 0; i < n && st == VL_OK; i++) {
            b->met[i * n_models + k] = met[i];
            memcpy(b->desc[i * n_models + k], desc[i], FC_DESC);
        }
    }
    vl__free(met);
    vl__free(desc);
    vl__free(types);
    if (st != VL_OK) {
        vl_backtest_destroy(b);
        return st;
    }
    /* overall: the mean over series, each measure where it is defined (metrics.c) */
    const vl_forecast_metrics **col = vl__malloc((n ? n : 1) * sizeof *col);
    if (!col) {
        vl_backtest_destroy(b);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < n_models; k++) {
        for (size_t i = 0; i < n; i++)
            col[i] = &b->met[i * n_models + k];
        fc_metrics_mean(col, n, b->nlev, &b->met[n * n_models + k]);
    }
    vl__free(col);
    *out = b;
    return VL_OK;
}

vl_status vl_backtest_history(vl_ctx *ctx, const vl_history *history,
                              const vl_forecast_options *opt, const char *const *models,
                              size_t n_models, vl_backtest **out)
{
    *out = NULL;
    vl_status st = check_options(ctx, opt, NULL);
    if (st != VL_OK)
        return st;
    hist_groups g;
    if ((st = group_history(ctx, history, &g)) != VL_OK)
        return st;
    st = vl_backtest_inputs(ctx, g.in, g.n, opt, models, n_models, out);
    groups_free(&g);
    return st;
}

void vl_backtest_destroy(vl_backtest *b)
{
    if (!b)
        return;
    vl_arena_destroy(b->arena);
    vl__free(b);
}

size_t vl_backtest_series_count(const vl_backtest *b)
{
    return b ? b->n : 0;
}

size_t vl_backtest_model_count(const vl_backtest *b)
{
    return b ? b->nm : 0;
}

const char *vl_backtest_series_name(const vl_backtest *b, size_t i)
{
    return b && i < b->n ? b->ser[i].name : NULL;
}

const char *vl_backtest_model(const vl_backtest *b, size_t j)
{
    return b && j < b->nm ? b->models[j] : NULL;
}

const vl_forecast_metrics *vl_backtest_metrics(const vl_backtest *b, size_t i, size_t j)
{
    return b && i <= b->n && j < b->nm ? &b->met[i * b->nm + j] : NULL;
}

const char *vl_backtest_description(const vl_backtest *b, size_t i, size_t j)
{
    return b && i < b->n && j < b->nm ? b->desc[i * b->nm + j] : NULL;
}

size_t vl_backtest_n_levels(const vl_backtest *b)
{
    return b ? b->nlev : 0;
}

double vl_backtest_level(const vl_backtest *b, size_t l)
{
    return b && l < b->nlev ? b->levels[l] : (double)NAN;
}
