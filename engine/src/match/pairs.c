/*
 * pairs.c - any (seeker, vacancy) pair on a given day, for what happened after a match: the
 * score and components of a referral whatever the seeker's status or the vacancy's positions
 * are now, and the rank its vacancy had among what vieclam would have listed that day.
 *
 * Ranking scans, for each query, the vacancies open in the query's month (month buckets built
 * once: a vacancy sits in every month its posted..closes dates touch, sorted by occupation
 * code), checks each exactly on the query's day, and stops as soon as `cap` better vacancies
 * are found. Only the vacancies that could score at least the pair are scanned: every component
 * is monotone (score.c), so a vacancy whose occupation shares fewer than L leading digits with
 * every wish of the seeker scores at most the score with the closeness of those levels and
 * every other component at its best; when that bound is below the pair's score, only the codes
 * that share L digits with a wish are scanned (binary searches in the sorted month). A referral
 * to a vacancy in the seeker's own occupation thus looks at a few hundred vacancies instead of
 * every vacancy open that month.
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
    uint32_t *items; /* vacancy positions, each month's by occupation code, then position */
} months;

static int cmp_by_code(const void *a, const void *b, void *arg)
{
    const vl_vacancy *v = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp(v[x].occupation, v[y].occupation);
    return c ? c : (x > y) - (x < y);
}

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
    for (int32_t k = 0; k < m->n; k++)
        qsort_r(m->items + m->off[k], m->off[k + 1] - m->off[k], sizeof *m->items, cmp_by_code,
                (void *)ds->vacancies);
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
    /* bound[L]: the most a vacancy can score whose code shares at most L leading digits with
     * every wish (L = 0..4); prune: false when the model's numbers do not allow the bound */
    double bound[5];
    bool prune;
} rank_job;

static double at_least_1(double x)
{
    return x > 1 ? x : 1;
}

/* The bounds by shared digits: the best closeness up to each level, every other component at
 * its best (skills, experience, education, wage and distance scores are at most 1 or the
 * model's value for "not given"). */
static void rank_bounds(rank_job *j)
{
    const vl_match_params *p = &j->idx->p;
    const double level[5] = {p->occ_other, p->occ_major, p->occ_submajor, p->occ_minor,
                             p->occ_unit};
    j->prune = p->preference_decay >= 0 && p->preference_decay <= 1;
    double best = level[0];
    for (int l = 0; l < 5; l++) {
        best = level[l] > best ? level[l] : best;
        j->prune = j->prune && level[l] >= 0;
        j->bound[l] = match_combine(
            p,
            match_fit(p, best, at_least_1(p->skills_none_preferred), 1,
                      at_least_1(p->education_no_minimum)),
            match_appeal(p, best, at_least_1(p->wage_unknown), at_least_1(p->abroad_distance)));
    }
}

/* Positions [*a, *b) of the month's items whose code starts with the first n characters of
 * prefix (the items are sorted by code). */
static void code_range(const vl_vacancy *vac, const uint32_t *items, uint32_t lo, uint32_t hi,
                       const char *prefix, size_t n, uint32_t *a, uint32_t *b)
{
    uint32_t l = lo, h = hi;
    while (l < h) { /* first code >= prefix */
        uint32_t mid = l + (h - l) / 2;
        if (strncmp(vac[items[mid]].occupation, prefix, n) < 0)
            l = mid + 1;
        else
            h = mid;
    }
    *a = l;
    h = hi;
    while (l < h) { /* first code > prefix */
        uint32_t mid = l + (h - l) / 2;
        if (strncmp(vac[items[mid]].occupation, prefix, n) <= 0)
            l = mid + 1;
        else
            h = mid;
    }
    *b = l;
}

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
    if (k < 0 || k >= j->m->n)
        goto done;
    /* the fewest shared digits a vacancy needs to reach the pair's score (5: none can) */
    size_t need = 0;
    while (j->prune && need < 5 && j->bound[need] + MATCH_BOUND_SLACK < own.score)
        need++;
    const vl_strlist *wish = &ds->seekers[q->seeker].occupations;
    size_t n_ranges = need == 0 ? 1 : wish->n;
    for (size_t w = 0; w < n_ranges && need < 5 && better < j->cap; w++) {
        uint32_t a = j->m->off[k], b = j->m->off[k + 1];
        if (need > 0) {
            const char *pre = wish->items[w];
            bool seen = strlen(pre) < need; /* too short to share `need` digits */
            for (size_t e = 0; e < w && !seen; e++)
                seen = strlen(wish->items[e]) >= need && strncmp(wish->items[e], pre, need) == 0;
            if (seen)
                continue; /* that range was scanned (or there is none) */
            code_range(ds->vacancies, j->m->items, a, b, pre, need, &a, &b);
        }
        for (uint32_t i = a; i < b && better < j->cap; i++) {
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
done:;
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
        rank_job j = {idx, q, &m, cap, rank, listed, {0}, false};
        rank_bounds(&j);
        st = vl__parallel_for(ctx, n, 256, rank_range, &j, "rank");
    }
    months_free(&m);
    return st;
}
