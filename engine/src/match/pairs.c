/*
 * pairs.c - any (seeker, vacancy) pair on a given day, for what happened after a match: the
 * score and components of a referral whatever the seeker's status or the vacancy's positions
 * are now, and the rank its vacancy had among what vieclam would have listed that day.
 *
 * Ranking scans, for each query, the vacancies open in the query's month (month buckets built
 * once: a vacancy sits in every month its posted..closes dates touch), checks each exactly on
 * the query's day, and stops as soon as `cap` better vacancies are found. Most vacancies fail
 * the required-skills mask at once, so a query costs about the number of vacancies open that
 * month in mask tests plus one score per eligible vacancy.
 */
#include "match/match.h"

#include <stdlib.h>
#include <string.h>

void vl_match_pair(const vl_match_index *idx, size_t seeker, size_t vacancy, int32_t on,
                   vl_match_result *out, bool *eligible)
{
    double d;
    bool ok = match_eligible_on(idx, seeker, vacancy, on, &d);
    if (!ok)
        match_pair_distance(idx, seeker, vacancy, &d);
    match_score_pair(idx, seeker, vacancy, d, out);
    if (eligible)
        *eligible = ok;
}

/* ---- month buckets -----------------------------------------------------------------------------
 */

typedef struct months {
    int32_t lo, n;   /* first month index (year * 12 + month - 1) and how many */
    uint32_t *off;   /* n + 1 offsets into items */
    uint32_t *items; /* vacancy positions */
} months;

static int32_t month_of(int32_t yyyymmdd)
{
    return yyyymmdd / 10000 * 12 + yyyymmdd / 100 % 100 - 1;
}

/* The months of [lo, hi] a vacancy is open in (false when none). */
static bool vacancy_months(const vl_vacancy *v, int32_t lo, int32_t hi, int32_t *a, int32_t *b)
{
    *a = v->posted ? month_of(v->posted) : lo;
    *b = v->closes ? month_of(v->closes) : hi;
    if (*a < lo)
        *a = lo;
    if (*b > hi)
        *b = hi;
    return *a <= *b;
}

static vl_status months_build(vl_ctx *ctx, const vl_match_index *idx, int32_t lo, int32_t hi,
                              months *m)
{
    memset(m, 0, sizeof *m);
    m->lo = lo;
    m->n = hi - lo + 1;
    m->off = vl__calloc((size_t)m->n + 1, sizeof *m->off);
    if (!m->off)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    const vl_dataset *ds = idx->ds;
    uint64_t total = 0;
    for (size_t v = 0; v < ds->n_vacancies; v++) {
        int32_t a, b;
        if (vacancy_months(&ds->vacancies[v], lo, hi, &a, &b)) {
            for (int32_t k = a; k <= b; k++)
                m->off[k - lo + 1]++;
            total += (uint64_t)(b - a + 1);
        }
    }
    if (total > UINT32_MAX)
        return vl__error(ctx, VL_ERR_NOMEM, "too many open vacancy-months to rank");
    for (int32_t k = 0; k < m->n; k++)
        m->off[k + 1] += m->off[k];
    m->items = vl__malloc((total ? total : 1) * sizeof *m->items);
    uint32_t *fill = vl__malloc((size_t)m->n * sizeof *fill);
    if (!m->items || !fill) {
        vl__free(fill);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    memcpy(fill, m->off, (size_t)m->n * sizeof *fill);
    for (size_t v = 0; v < ds->n_vacancies; v++) {
        int32_t a, b;
        if (vacancy_months(&ds->vacancies[v], lo, hi, &a, &b))
            for (int32_t k = a; k <= b; k++)
                m->items[fill[k - lo]++] = (uint32_t)v;
    }
    vl__free(fill);
    return VL_OK;
}

static void months_free(months *m)
{
    vl__free(m->off);
    vl__free(m->items);
}

/* ---- ranking ------------------------------------------------------------------------------------
 */

typedef struct rank_job {
    const vl_match_index *idx;
    const vl_match_pair_query *q;
    const months *m;
    unsigned cap;
    unsigned *rank;
    bool *listed;
} rank_job;

static unsigned rank_one(const rank_job *j, const vl_match_pair_query *q, bool *listed)
{
    const vl_match_index *idx = j->idx;
    const vl_dataset *ds = idx->ds;
    double min_score = idx->p.min_score;
    vl_match_result own, r;
    bool own_ok;
    vl_match_pair(idx, q->seeker, q->vacancy, q->on, &own, &own_ok);
    uint32_t own_rank = idx->vac_rank[q->vacancy];
    unsigned better = 0;
    int32_t k = month_of(q->on) - j->m->lo;
    if (k >= 0 && k < j->m->n) {
        for (uint32_t i = j->m->off[k]; i < j->m->off[k + 1] && better < j->cap; i++) {
            uint32_t v = j->m->items[i];
            if (v == q->vacancy)
                continue;
            const vl_vacancy *vac = &ds->vacancies[v];
            if ((vac->posted && vac->posted > q->on) || (vac->closes && vac->closes < q->on))
                continue;
            double d;
            if (!match_eligible_on(idx, q->seeker, v, q->on, &d))
                continue;
            match_score_pair(idx, q->seeker, v, d, &r);
            if (r.score >= min_score &&
                (r.score > own.score || (r.score == own.score && idx->vac_rank[v] < own_rank)))
                better++;
        }
    }
    unsigned rank = better >= j->cap ? j->cap + 1 : better + 1;
    *listed = own_ok && own.score >= min_score && rank <= j->cap;
    return rank;
}

static vl_status rank_range(void *arg, unsigned worker, size_t begin, size_t end)
{
    (void)worker;
    const rank_job *j = arg;
    for (size_t i = begin; i < end; i++) {
        bool listed;
        j->rank[i] = rank_one(j, &j->q[i], &listed);
        if (j->listed)
            j->listed[i] = listed;
    }
    return VL_OK;
}

vl_status vl_match_rank_pairs(vl_ctx *ctx, const vl_match_index *idx, const vl_match_pair_query *q,
                              size_t n, unsigned cap, unsigned *rank, bool *listed)
{
    if (!idx || (n && (!q || !rank)) || cap == 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_rank_pairs: missing argument");
    if (n == 0)
        return VL_OK;
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        if (q[i].seeker >= idx->ds->n_seekers || q[i].vacancy >= idx->ds->n_vacancies)
            return vl__error(ctx, VL_ERR_ARG, "vl_match_rank_pairs: query %zu is out of range", i);
        int32_t m = month_of(q[i].on);
        lo = m < lo ? m : lo;
        hi = m > hi ? m : hi;
    }
    months m;
    vl_status st = months_build(ctx, idx, lo, hi, &m);
    if (st == VL_OK) {
        rank_job j = {idx, q, &m, cap, rank, listed};
        st = vl__parallel_for(ctx, n, 256, rank_range, &j, "rank");
    }
    months_free(&m);
    return st;
}
