/*
 * fit.c - vl_learn: the components of every decided referral before the cut-off, standardised;
 * the penalty chosen by K-fold cross-validation on those referrals alone (folds by seeker, so a
 * person's referrals are never on both sides; the penalties tried from strong to weak, each fit
 * starting from the previous one); the final fit with that penalty; the learned matching model
 * and its YAML file with the evidence in comments.
 *
 * The evaluation period is never looked at here: vl_learn_evaluate calls this with `until` set
 * to its first day. Nothing but the components enters: no sex, age, name or priority group.
 */
#include "learn/learn-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LRN_DEFAULT_FOLDS 5
#define LRN_DEFAULT_SEED  20250301
#define LRN_MIN_ROWS      20

struct vl_learn_result {
    vl_learn_fit fit;
    vl_match_model *base; /* a copy: the learned model keeps its other keys */
};

/* ---- AUC ----------------------------------------------------------------------------------- */

typedef struct scored {
    double s;
    size_t i;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

double vl_learn_auc(const double *score, const bool *hired, const double *w, size_t n)
{
    scored *o = vl__malloc((n ? n : 1) * sizeof *o);
    if (!o)
        return LRN_NAN;
    for (size_t i = 0; i < n; i++)
        o[i] = (scored){score[i], i};
    qsort(o, n, sizeof *o, cmp_scored);
    double w0 = 0, w1 = 0, num = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        double g0 = 0, g1 = 0;
        while (b < n && o[b].s == o[a].s) {
            double wi = w ? w[o[b].i] : 1;
            if (hired[o[b].i])
                g1 += wi;
            else
                g0 += wi;
            b++;
        }
        num += g1 * (w0 + 0.5 * g0);
        w0 += g0;
        w1 += g1;
        a = b;
    }
    vl__free(o);
    return w0 > 0 && w1 > 0 ? num / (w0 * w1) : LRN_NAN;
}

/* ---- folds --------------------------------------------------------------------------------- */

/* A seeker's fold from its id and the seed (FNV-1a, then splitmix64's finaliser). */
static uint8_t fold_of(const char *id, uint64_t seed, unsigned k)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    h ^= seed + 0x9E3779B97F4A7C15ULL;
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    h ^= h >> 31;
    return (uint8_t)(h % k);
}

/* ---- cross-validation ------------------------------------------------------------------------ */

typedef struct cv_job {
    vl_ctx *ctx;
    const lrn_design *all;
    const uint8_t *fold;
    unsigned k;
    const double *lambda;
    double *dev;   /* k * VL_LEARN_N_LAMBDAS held-out mean deviances */
    vl_status *st; /* per fold */
    char (*why)[200];
} cv_job;

static vl_status cv_fold(void *arg, unsigned worker, size_t begin, size_t end)
{
    (void)worker;
    cv_job *j = arg;
    for (size_t f = begin; f < end; f++) {
        uint8_t *keep = vl__malloc(j->all->n ? j->all->n : 1);
        lrn_ws *w = lrn_ws_new();
        if (!keep || !w) {
            vl__free(keep);
            lrn_ws_free(w);
            j->st[f] = VL_ERR_NOMEM;
            continue;
        }
        for (size_t i = 0; i < j->all->n; i++)
            keep[i] = j->fold[i] != f;
        lrn_design d = *j->all;
        d.keep = keep;
        double b[LRN_P] = {0};
        /* a private context: the shared one is not written from two threads */
        vl_ctx *fctx = NULL;
        j->st[f] = vl_ctx_create(&fctx);
        for (size_t l = 0; l < VL_LEARN_N_LAMBDAS && j->st[f] == VL_OK; l++) {
            j->st[f] = lrn_fit(fctx, w, &d, j->lambda[l], b);
            j->dev[f * VL_LEARN_N_LAMBDAS + l] = lrn_deviance(&d, b, 0);
        }
        if (j->st[f] != VL_OK)
            snprintf(j->why[f], sizeof j->why[f], "%s", fctx ? vl_ctx_errmsg(fctx) : "");
        vl_ctx_destroy(fctx);
        vl__free(keep);
        lrn_ws_free(w);
    }
    return VL_OK;
}

/* ---- vl_learn ----------------------------------------------------------------------------------
 */

void vl_learn_result_destroy(vl_learn_result *r)
{
    if (!r)
        return;
    vl_match_model_destroy(r->base);
    vl__free(r);
}

const vl_learn_fit *vl_learn_result_fit(const vl_learn_result *r)
{
    return r ? &r->fit : NULL;
}

vl_status vl_learn(vl_ctx *ctx, const vl_dataset *ds, const vl_referral_set *refs,
                   const vl_match_model *base, const vl_learn_options *opt, vl_learn_result **out)
{
    if (!ds || !refs || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_learn: missing argument");
    *out = NULL;
    vl_learn_options o = {0};
    if (opt)
        o = *opt;
    unsigned k = o.folds ? o.folds : LRN_DEFAULT_FOLDS;
    uint64_t seed = o.seed ? o.seed : LRN_DEFAULT_SEED;
    if (k < 2 || k > 20)
        return vl__error(ctx, VL_ERR_ARG, "learning: folds must be 2..20, not %u", k);
    vl_learn_result *res = vl__calloc(1, sizeof *res);
    if (!res)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st = base ? vl_match_model_copy(ctx, base, &res->base)
                        : vl_match_model_create_default(ctx, &res->base);
    vl_match_index *idx = NULL;
    vl_match_options mo = {.as_of = o.until ? o.until : vl__today()};
    if (st == VL_OK)
        st = vl_match_index_create(ctx, ds, res->base, &mo, &idx);
    lrn_rows rows = {0};
    vl_learn_fit *f = &res->fit;
    f->folds = k;
    f->until = o.until;
    lrn_select sel = {.before = o.until};
    if (st == VL_OK)
        st = lrn_rows_build(ctx, idx, refs, &sel, &rows, &f->n_pending, &f->n_missing);
    f->n = rows.n;
    for (size_t i = 0; i < rows.n; i++)
        f->n_hires += rows.y[i];
    if (st == VL_OK && (rows.n < LRN_MIN_ROWS || f->n_hires == 0 || f->n_hires == rows.n))
        st = vl__error(ctx, VL_ERR_INVALID,
                       "learning needs at least %d decided referrals with both hires and "
                       "non-hires; there are %zu with %zu hires",
                       LRN_MIN_ROWS, rows.n, f->n_hires);
    /* standardise; a constant component stays out */
    double *z = NULL;
    uint8_t *fold = NULL;
    lrn_design d = {0};
    if (st == VL_OK) {
        z = vl__malloc(rows.n * LRN_P * sizeof *z);
        fold = vl__malloc(rows.n);
        if (!z || !fold)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK) {
        for (int c = 0; c < LRN_K; c++) {
            double s = 0, s2 = 0;
            for (size_t i = 0; i < rows.n; i++)
                s += rows.c[i * LRN_K + (size_t)c];
            double mu = s / (double)rows.n;
            for (size_t i = 0; i < rows.n; i++) {
                double e = rows.c[i * LRN_K + (size_t)c] - mu;
                s2 += e * e;
            }
            f->mean[c] = mu;
            f->sd[c] = sqrt(s2 / (double)rows.n);
            d.fixed0[c + 1] = !(f->sd[c] > 1e-12);
        }
        for (size_t i = 0; i < rows.n; i++) {
            z[i * LRN_P] = 1;
            for (int c = 0; c < LRN_K; c++)
                z[i * LRN_P + (size_t)c + 1] =
                    d.fixed0[c + 1] ? 0 : (rows.c[i * LRN_K + (size_t)c] - f->mean[c]) / f->sd[c];
            fold[i] = fold_of(ds->seekers[rows.seeker[i]].id, seed, k);
        }
        d.n = rows.n;
        d.z = z;
        d.y = rows.y;
        for (size_t l = 0; l < VL_LEARN_N_LAMBDAS; l++) /* 1 down to 1e-6, half a decade apart */
            f->lambda[l] = pow(10.0, -0.5 * (double)l);
    }
    /* cross-validation, folds in parallel (each fold's path is independent) */
    double *dev = NULL;
    vl_status fst[20];
    char why[20][200];
    if (st == VL_OK && !(dev = vl__calloc((size_t)k * VL_LEARN_N_LAMBDAS, sizeof *dev)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        cv_job job = {ctx, &d, fold, k, f->lambda, dev, fst, why};
        st = vl__parallel_for(ctx, k, 1, cv_fold, &job, "fit");
        for (unsigned i = 0; st == VL_OK && i < k; i++)
            if (fst[i] != VL_OK)
                st = vl__error(ctx, fst[i], "cross-validation fold %u: %s", i + 1, why[i]);
    }
    if (st == VL_OK) {
        f->chosen = 0;
        for (size_t l = 0; l < VL_LEARN_N_LAMBDAS; l++) {
            double s = 0, s2 = 0;
            for (unsigned i = 0; i < k; i++)
                s += dev[i * VL_LEARN_N_LAMBDAS + l];
            double mu = s / k;
            for (unsigned i = 0; i < k; i++) {
                double e = dev[i * VL_LEARN_N_LAMBDAS + l] - mu;
                s2 += e * e;
            }
            f->cv_deviance[l] = mu;
            f->cv_se[l] = sqrt(s2 / (k - 1) / k);
            if (mu < f->cv_deviance[f->chosen])
                f->chosen = l;
        }
        /* the final fit: the same path on every training referral, up to the chosen penalty */
        lrn_ws *w = lrn_ws_new();
        double b[LRN_P] = {0};
        if (!w)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        for (size_t l = 0; st == VL_OK && l <= f->chosen; l++)
            st = lrn_fit(ctx, w, &d, f->lambda[l], b);
        lrn_ws_free(w);
        if (st == VL_OK) {
            f->intercept = b[0];
            for (int c = 0; c < LRN_K; c++) {
                f->coef[c] = d.fixed0[c + 1] ? 0 : b[c + 1] / f->sd[c];
                f->intercept -= f->coef[c] * f->mean[c];
            }
            double pbar = (double)f->n_hires / (double)f->n;
            f->null_deviance = -2 * (pbar * log(pbar) + (1 - pbar) * log(1 - pbar));
            f->auc_in_sample = lrn_auc_kept(&d, b);
        }
    }
    vl__free(dev);
    vl__free(z);
    vl__free(fold);
    lrn_rows_free(&rows);
    vl_match_index_destroy(idx);
    if (st != VL_OK) {
        vl_learn_result_destroy(res);
        return st;
    }
    *out = res;
    return VL_OK;
}

/* ---- the learned model -------------------------------------------------------------------------
 */

vl_status vl_learn_result_model(vl_ctx *ctx, const vl_learn_result *r, vl_match_model **out)
{
    if (!r || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_learn_result_model: missing argument");
    const vl_learn_fit *f = &r->fit;
    double total = 0, fit_side = 0, app_side = 0;
    for (int c = 0; c < LRN_K; c++) {
        total += f->coef[c];
        if (c <= VL_MATCH_FIT_EDUCATION)
            fit_side += f->coef[c];
        else
            app_side += f->coef[c];
    }
    if (!(total > 0))
        return vl__error(ctx, VL_ERR_NUMERIC,
                         "learning: no component raises the chance of a hire; no model to write");
    /*
     * score = fit_share * fit + (1 - fit_share) * appeal with each side a weighted mean: with
     * weights coef / total and fit_share = fit_side / total the score is sum(coef * c) / total,
     * the linear predictor rescaled. A side whose coefficients are all 0 gets equal weights,
     * which do nothing when its share is 0.
     */
    vl_match_weights w = {{0}, fit_side / total, true};
    for (int c = 0; c < LRN_K; c++) {
        bool fit = c <= VL_MATCH_FIT_EDUCATION;
        w.w[c] = (fit ? fit_side : app_side) > 0 ? f->coef[c] / total : 1;
    }
    vl_status st = vl_match_model_copy(ctx, r->base, out);
    if (st == VL_OK && (st = vl_match_model_set_weights(ctx, *out, &w)) != VL_OK) {
        vl_match_model_destroy(*out);
        *out = NULL;
    }
    return st;
}

char *vl_learn_result_yaml(const vl_learn_result *r)
{
    if (!r)
        return NULL;
    vl_match_model *m = NULL;
    if (vl_learn_result_model(NULL, r, &m) != VL_OK)
        return NULL;
    const vl_learn_fit *f = &r->fit;
    vl_buf c = {0};
    char a[32], b[32], s[32], t[32];
    char until[11] = "";
    if (f->until)
        vl__format_date(f->until, until);
    vl_buf_printf(&c,
                  "A matching model learned by `vieclam learn` from the centre's referrals:\n"
                  "the weights below are the coefficients of a\n"
                  "ridge-penalised logistic model of P(hire) on the score's components, kept\n"
                  "non-negative, so the score ranks pairs as that model's probability does.\n"
                  "Adopt it by passing it with --model; compare it first with\n"
                  "`vieclam learn --evaluate --from DATE` (docs/placements.md).\n"
                  "\n"
                  "Evidence (in-sample figures are marked so):\n"
                  "  referrals fitted on: %zu decided (%zu hires)%s%s\n"
                  "  left out: %zu pending, interviewed or decided later; %zu whose seeker or\n"
                  "    vacancy is no longer in the database\n",
                  f->n, f->n_hires, f->until ? ", made and decided before " : "", until,
                  f->n_pending, f->n_missing);
    vl_buf_printf(&c, "  penalty chosen by %u-fold cross-validation (folds by seeker): lambda %s\n",
                  f->folds, vl_format_double(a, sizeof a, f->lambda[f->chosen], 3));
    vl_buf_puts(&c, "  lambda     held-out deviance (se)\n");
    for (size_t l = 0; l < VL_LEARN_N_LAMBDAS; l++)
        vl_buf_printf(&c, "  %-10s %s (%s)%s\n", vl_format_double(a, sizeof a, f->lambda[l], 3),
                      vl_format_fixed(b, sizeof b, f->cv_deviance[l], 5),
                      vl_format_fixed(s, sizeof s, f->cv_se[l], 5),
                      l == f->chosen ? "  <- chosen" : "");
    vl_buf_printf(&c, "  deviance of the share of hires alone: %s\n",
                  vl_format_fixed(a, sizeof a, f->null_deviance, 5));
    vl_buf_printf(&c, "  AUC on the referrals fitted (in-sample): %s\n",
                  vl_format_fixed(a, sizeof a, f->auc_in_sample, 4));
    vl_buf_printf(&c, "  logit P(hire) = %s\n", vl_format_fixed(a, sizeof a, f->intercept, 4));
    for (int k = 0; k < LRN_K; k++)
        vl_buf_printf(&c, "      + %s * %-17s (mean %s, sd %s)\n",
                      vl_format_fixed(a, sizeof a, f->coef[k], 4), vl_match_component_name(k),
                      vl_format_fixed(s, sizeof s, f->mean[k], 3),
                      vl_format_fixed(t, sizeof t, f->sd[k], 3));
    vl_buf_puts(&c, "Only these components enter: never name, sex, ethnicity, age or priority\n"
                    "group. Every other key is the base model's.");
    char *text = vl_buf_text(&c) ? vl_match_model_yaml(m, c.data) : NULL;
    vl_buf_free(&c);
    vl_match_model_destroy(m);
    return text;
}
