/*
 * evaluate.c - vl_learn_evaluate: models compared on the referrals made on or after a day, which
 * the fit never saw. For each model: the AUC of its score (hire against no hire), the share of
 * hires whose vacancy it ranked in the seeker's top k among the vacancies open and eligible that
 * day, and the calibration of its score mapped to a probability by Platt scaling fitted on the
 * referrals before the day: expected calibration error over ten bins of equal count, hires
 * observed over expected, and the Brier score.
 *
 * Intervals: a seeker's referrals are not independent, so the bootstrap resamples seekers
 * (Poisson(1) weights per seeker, each replicate drawn from its own GSL generator seeded by the
 * seed and the replicate's number, so the figures are the same for any thread count); 95%
 * intervals are the 2.5 and 97.5 percentiles of the replicates.
 */
#include "learn/learn-int.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_DEFAULT_BOOT 400
#define EVAL_DEFAULT_TOP  10
#define EVAL_DEFAULT_SEED 20250301
#define EVAL_BINS         10

typedef struct owner {
    vl_learn_eval *models;
    char **names;
    size_t n;
    vl_learn_result *learned;
} owner;

struct eval_private {
    vl_learn_evaluation pub;
    owner o;
};

void vl_learn_evaluation_destroy(vl_learn_evaluation *e)
{
    if (!e)
        return;
    struct eval_private *p = (struct eval_private *)e;
    for (size_t i = 0; i < p->o.n; i++)
        vl__free(p->o.names[i]);
    vl__free(p->o.names);
    vl__free(p->o.models);
    vl_learn_result_destroy(p->o.learned);
    vl__free(p);
}

/* One model's scores on the evaluation rows, what the bootstrap needs to recompute figures. */
typedef struct model_eval {
    double *score; /* evaluation rows */
    double *prob;  /* Platt probability */
    uint8_t *top;  /* 1 when a hire's vacancy ranked in the top k (hires only) */
    size_t *order; /* rows by score, for the AUC */
    uint8_t *bin;  /* calibration bin of each row */
} model_eval;

static void model_eval_free(model_eval *m)
{
    vl__free(m->score);
    vl__free(m->prob);
    vl__free(m->top);
    vl__free(m->order);
    vl__free(m->bin);
}

/* The figures of one model under row weights w (NULL = 1): auc, top, ece, oe, brier. */
static void figures(const model_eval *m, const lrn_rows *ev, const double *w, double out[5])
{
    size_t n = ev->n;
    /* AUC by the sorted order, ties sharing one half */
    double w0 = 0, w1 = 0, num = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        double g0 = 0, g1 = 0;
        while (b < n && m->score[m->order[b]] == m->score[m->order[a]]) {
            size_t i = m->order[b++];
            double wi = w ? w[i] : 1;
            if (ev->y[i])
                g1 += wi;
            else
                g0 += wi;
        }
        num += g1 * (w0 + 0.5 * g0);
        w0 += g0;
        w1 += g1;
        a = b;
    }
    out[0] = w0 > 0 && w1 > 0 ? num / (w0 * w1) : LRN_NAN;
    double top = 0, hires = 0, obs[EVAL_BINS] = {0}, exp_[EVAL_BINS] = {0}, cnt[EVAL_BINS] = {0};
    double brier = 0, all = 0, pexp = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1;
        if (ev->y[i]) {
            hires += wi;
            top += wi * m->top[i];
        }
        obs[m->bin[i]] += wi * ev->y[i];
        exp_[m->bin[i]] += wi * m->prob[i];
        cnt[m->bin[i]] += wi;
        double e = m->prob[i] - ev->y[i];
        brier += wi * e * e;
        all += wi;
        pexp += wi * m->prob[i];
    }
    out[1] = hires > 0 ? top / hires : LRN_NAN;
    double ece = 0;
    for (int b = 0; b < EVAL_BINS; b++)
        ece += fabs(obs[b] - exp_[b]); /* = cnt * |observed rate - expected rate| */
    out[2] = all > 0 ? ece / all : LRN_NAN;
    out[3] = pexp > 0 ? hires / pexp : LRN_NAN;
    out[4] = all > 0 ? brier / all : LRN_NAN;
}

/* The key is qsort_r's context: a library sorts safely on any thread. */
static int cmp_by_key(const void *a, const void *b, void *ctx)
{
    const double *sort_key = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (sort_key[x] != sort_key[y])
        return sort_key[x] < sort_key[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Scores, Platt probabilities, ranks and bins of one model. */
static vl_status prepare_model(vl_ctx *ctx, const vl_dataset *ds, const vl_match_model *model,
                               const lrn_rows *tr, const lrn_rows *ev, unsigned top_k,
                               int32_t as_of, model_eval *m)
{
    memset(m, 0, sizeof *m);
    size_t n = ev->n;
    vl_match_index *idx = NULL;
    vl_match_options mo = {.as_of = as_of};
    vl_status st = vl_match_index_create(ctx, ds, model, &mo, &idx);
    double *trs = vl__malloc((tr->n ? tr->n : 1) * sizeof *trs);
    m->score = vl__malloc((n ? n : 1) * sizeof *m->score);
    m->prob = vl__malloc((n ? n : 1) * sizeof *m->prob);
    m->top = vl__calloc(n ? n : 1, 1);
    m->order = vl__malloc((n ? n : 1) * sizeof *m->order);
    m->bin = vl__malloc(n ? n : 1);
    if (st == VL_OK && (!trs || !m->score || !m->prob || !m->top || !m->order || !m->bin))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_match_result r;
    for (size_t i = 0; st == VL_OK && i < tr->n; i++) {
        vl_match_pair(idx, tr->seeker[i], tr->vacancy[i], tr->on[i], &r, NULL);
        trs[i] = r.score;
    }
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        vl_match_pair(idx, ev->seeker[i], ev->vacancy[i], ev->on[i], &r, NULL);
        m->score[i] = r.score;
    }
    double a = 0, b = 0;
    if (st == VL_OK)
        st = lrn_platt(ctx, trs, tr->y, tr->n, &a, &b);
    for (size_t i = 0; st == VL_OK && i < n; i++)
        m->prob[i] = 1 / (1 + exp(-(a + b * m->score[i])));
    /* ranks of the hires' vacancies */
    size_t nh = 0;
    for (size_t i = 0; i < n; i++)
        nh += ev->y[i];
    vl_match_pair_query *q = vl__malloc((nh ? nh : 1) * sizeof *q);
    unsigned *rank = vl__malloc((nh ? nh : 1) * sizeof *rank);
    if (st == VL_OK && (!q || !rank))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (ev->y[i])
                q[k++] = (vl_match_pair_query){ev->seeker[i], ev->vacancy[i], ev->on[i]};
        st = vl_match_rank_pairs(ctx, idx, q, nh, top_k, rank, NULL);
        k = 0;
        for (size_t i = 0; st == VL_OK && i < n; i++)
            if (ev->y[i])
                m->top[i] = rank[k++] <= top_k;
    }
    vl__free(q);
    vl__free(rank);
    /* the AUC's order and calibration bins of equal count by probability */
    if (st == VL_OK) {
        for (size_t i = 0; i < n; i++)
            m->order[i] = i;
        qsort_r(m->order, n, sizeof *m->order, cmp_by_key, m->score);
        size_t *po = vl__malloc((n ? n : 1) * sizeof *po);
        if (!po) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        } else {
            for (size_t i = 0; i < n; i++)
                po[i] = i;
            qsort_r(po, n, sizeof *po, cmp_by_key, m->prob);
            for (size_t r2 = 0; r2 < n; r2++)
                m->bin[po[r2]] = (uint8_t)(r2 * EVAL_BINS / n);
            vl__free(po);
        }
    }
    vl__free(trs);
    vl_match_index_destroy(idx);
    if (st != VL_OK)
        model_eval_free(m);
    return st;
}

/* ---- the bootstrap ------------------------------------------------------------------------------
 */

typedef struct boot_job {
    const lrn_rows *ev;
    const model_eval *models;
    size_t n_models;
    const uint32_t *cluster; /* row -> cluster (seeker) number */
    size_t n_clusters;
    uint64_t seed;
    double *rep; /* replicate * n_models * 5 */
} boot_job;

static vl_status boot_range(void *arg, unsigned worker, size_t begin, size_t end)
{
    (void)worker;
    boot_job *j = arg;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double *cw = vl__malloc((j->n_clusters ? j->n_clusters : 1) * sizeof *cw);
    double *w = vl__malloc((j->ev->n ? j->ev->n : 1) * sizeof *w);
    if (!g || !cw || !w) {
        gsl_rng_free(g);
        vl__free(cw);
        vl__free(w);
        return VL_ERR_NOMEM;
    }
    for (size_t r = begin; r < end; r++) {
        gsl_rng_set(g, (unsigned long)(j->seed * 1000003u + r));
        for (size_t c = 0; c < j->n_clusters; c++)
            cw[c] = gsl_ran_poisson(g, 1.0);
        for (size_t i = 0; i < j->ev->n; i++)
            w[i] = cw[j->cluster[i]];
        for (size_t m = 0; m < j->n_models; m++)
            figures(&j->models[m], j->ev, w, &j->rep[(r * j->n_models + m) * 5]);
    }
    gsl_rng_free(g);
    vl__free(cw);
    vl__free(w);
    return VL_OK;
}

static vl_learn_figure interval(const double *rep, size_t reps, size_t stride, double value)
{
    double *v = vl__malloc((reps ? reps : 1) * sizeof *v);
    vl_learn_figure f = {value, LRN_NAN, LRN_NAN};
    if (!v)
        return f;
    size_t k = 0;
    for (size_t r = 0; r < reps; r++)
        if (!isnan(rep[r * stride]))
            v[k++] = rep[r * stride];
    if (k > 1) {
        gsl_sort(v, 1, k);
        f.lo = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.025);
        f.hi = gsl_stats_quantile_from_sorted_data(v, 1, k, 0.975);
    }
    vl__free(v);
    return f;
}

/* ---- vl_learn_evaluate
 * ---------------------------------------------------------------------------- */

vl_status vl_learn_evaluate(vl_ctx *ctx, const vl_dataset *ds, const vl_referral_set *refs,
                            const vl_match_model *base, const vl_match_model *const *models,
                            const char *const *names, size_t n_models,
                            const vl_learn_eval_options *opt, vl_learn_evaluation **out)
{
    if (!ds || !refs || !opt || !out || (n_models && (!models || !names)))
        return vl__error(ctx, VL_ERR_ARG, "vl_learn_evaluate: missing argument");
    if (!opt->from)
        return vl__error(ctx, VL_ERR_ARG, "the evaluation needs its first day (--from)");
    *out = NULL;
    lrn_gsl_init();
    unsigned reps = opt->bootstrap ? opt->bootstrap : EVAL_DEFAULT_BOOT;
    unsigned top_k = opt->top_k ? opt->top_k : EVAL_DEFAULT_TOP;
    uint64_t seed = opt->seed ? opt->seed : EVAL_DEFAULT_SEED;
    struct eval_private *p = vl__calloc(1, sizeof *p);
    if (!p)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t nm = n_models + 1;
    p->o.models = vl__calloc(nm, sizeof *p->o.models);
    p->o.names = vl__calloc(nm, sizeof *p->o.names);
    vl_status st =
        p->o.models && p->o.names ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    /* the fit on the referrals before `from` only */
    vl_learn_options lo = {.until = opt->from, .folds = opt->folds, .seed = seed};
    if (st == VL_OK)
        st = vl_learn(ctx, ds, refs, base, &lo, &p->o.learned);
    vl_match_model *learned = NULL;
    if (st == VL_OK)
        st = vl_learn_result_model(ctx, p->o.learned, &learned);
    /* the two sets of rows, with the base model's components (only their ids matter here) */
    vl_match_model *def = NULL;
    vl_match_index *idx = NULL;
    lrn_rows tr = {0}, ev = {0};
    size_t pend, miss;
    if (st == VL_OK && !base)
        st = vl_match_model_create_default(ctx, &def);
    vl_match_options mo = {.as_of = opt->from};
    if (st == VL_OK)
        st = vl_match_index_create(ctx, ds, base ? base : def, &mo, &idx);
    lrn_select str = {.before = opt->from}, sev = {.from = opt->from};
    if (st == VL_OK)
        st = lrn_rows_build(ctx, idx, refs, &str, &tr, &pend, &miss);
    if (st == VL_OK)
        st = lrn_rows_build(ctx, idx, refs, &sev, &ev, &pend, &miss);
    size_t hires = 0;
    for (size_t i = 0; i < ev.n; i++)
        hires += ev.y[i];
    if (st == VL_OK && (ev.n < 20 || hires == 0 || hires == ev.n))
        st = vl__error(ctx, VL_ERR_INVALID,
                       "the evaluation needs at least 20 decided referrals on or after the day, "
                       "with both hires and non-hires; there are %zu with %zu hires",
                       ev.n, hires);
    model_eval *me = vl__calloc(nm, sizeof *me);
    if (st == VL_OK && !me)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t m = 0; st == VL_OK && m < nm; m++) {
        const vl_match_model *mm = m == 0 ? learned : models[m - 1];
        p->o.names[m] = vl__strdup(m == 0 ? "learned" : names[m - 1]);
        if (!p->o.names[m])
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        else
            st = prepare_model(ctx, ds, mm, &tr, &ev, top_k, opt->from, &me[m]);
        p->o.n = m + 1;
    }
    /* clusters: seekers numbered in order of first appearance */
    uint32_t *cluster = NULL, *map = NULL;
    size_t n_clusters = 0;
    double *rep = NULL;
    if (st == VL_OK) {
        cluster = vl__malloc((ev.n ? ev.n : 1) * sizeof *cluster);
        map = vl__malloc((ds->n_seekers ? ds->n_seekers : 1) * sizeof *map);
        rep = vl__malloc((size_t)reps * nm * 5 * sizeof *rep);
        if (!cluster || !map || !rep)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK) {
        for (size_t s = 0; s < ds->n_seekers; s++)
            map[s] = UINT32_MAX;
        for (size_t i = 0; i < ev.n; i++) {
            if (map[ev.seeker[i]] == UINT32_MAX)
                map[ev.seeker[i]] = (uint32_t)n_clusters++;
            cluster[i] = map[ev.seeker[i]];
        }
        boot_job j = {&ev, me, nm, cluster, n_clusters, seed, rep};
        st = vl__parallel_for(ctx, reps, 8, boot_range, &j, "bootstrap");
    }
    for (size_t m = 0; st == VL_OK && m < nm; m++) {
        double v[5];
        figures(&me[m], &ev, NULL, v);
        vl_learn_eval *e = &p->o.models[m];
        e->name = p->o.names[m];
        const double *base_rep = rep + m * 5;
        e->auc = interval(base_rep + 0, reps, nm * 5, v[0]);
        e->top = interval(base_rep + 1, reps, nm * 5, v[1]);
        e->ece = interval(base_rep + 2, reps, nm * 5, v[2]);
        e->oe = interval(base_rep + 3, reps, nm * 5, v[3]);
        e->brier = interval(base_rep + 4, reps, nm * 5, v[4]);
    }
    p->pub.n = ev.n;
    p->pub.n_hires = hires;
    p->pub.n_train = tr.n;
    p->pub.models = p->o.models;
    p->pub.n_models = p->o.n;
    p->pub.learned = p->o.learned;
    for (size_t m = 0; me && m < nm; m++)
        model_eval_free(&me[m]);
    vl__free(me);
    vl__free(cluster);
    vl__free(map);
    vl__free(rep);
    lrn_rows_free(&tr);
    lrn_rows_free(&ev);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(def);
    vl_match_model_destroy(learned);
    if (st != VL_OK) {
        vl_learn_evaluation_destroy(&p->pub);
        return st;
    }
    *out = &p->pub;
    return VL_OK;
}
