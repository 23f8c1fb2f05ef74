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
 *
 * A pair that scores so low that no occupation can be ruled out (often: a referral the seeker
 * took outside their wishes) is ranked from a second order of the month: by place (the
 * vacancy's area, every vacancy abroad in one group), then code. A place farther than the
 * seeker's commute holds nothing eligible, and at a place's distance the distance component is
 * known, so the bound by shared digits is taken again with it: a place whose bound is below the
 * pair's score is skipped, and within the others only the codes that could score enough are
 * read. Distances between the places of the queries' seekers and of the vacancies come from a
 * table computed once (the same great-circle function, so every test is the one the pair's
 * eligibility makes).
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

/* A vacancy in a month's list: what a scan tests before the pair's own checks, contiguous in
 * memory (the open days and the required skills' mask), and its dataset position. */
typedef struct month_item {
    uint64_t req_mask;
    int32_t from, to; /* open from..to (posted, closes; unbounded when not given) */
    uint32_t v;
} month_item;

/* A run of a month's vacancies at one place (litems[begin..end)). */
typedef struct place_run {
    int32_t loc; /* area slot, -1 unknown, PLACE_ABROAD for every vacancy abroad */
    int32_t col; /* column of the distance table (-1: computed when asked) */
    uint32_t begin, end;
} place_run;

#define PLACE_ABROAD INT32_MIN

typedef struct months {
    int32_t lo, n;      /* first month index (year * 12 + month - 1) and how many */
    uint32_t *off;      /* n + 1 offsets into items (and litems) */
    month_item *items;  /* the vacancies open, each month's by occupation code, then position */
    month_item *litems; /* the same, each month's by place, then code, then position */
    uint32_t *roff;     /* n + 1 offsets into runs */
    place_run *runs;    /* each month's places, in litems order */
    /* distances: rows the places of the queries' seekers, columns those of the runs */
    int32_t *row_of, *col_of; /* by area slot: row / column, -1 none */
    size_t n_rows, n_cols;
    double *dist; /* n_rows x n_cols, or NULL: computed when asked */
} months;

static int cmp_by_code(const void *a, const void *b, void *arg)
{
    const vl_vacancy *v = arg;
    uint32_t x = ((const month_item *)a)->v, y = ((const month_item *)b)->v;
    int c = strcmp(v[x].occupation, v[y].occupation);
    return c ? c : (x > y) - (x < y);
}

static int32_t place_of(const vl_match_index *idx, uint32_t v)
{
    return idx->vac[v].abroad ? PLACE_ABROAD : idx->vac[v].loc;
}

static int cmp_by_place(const void *a, const void *b, void *arg)
{
    const vl_match_index *idx = arg;
    uint32_t x = ((const month_item *)a)->v, y = ((const month_item *)b)->v;
    int32_t px = place_of(idx, x), py = place_of(idx, y);
    if (px != py)
        return px < py ? -1 : 1;
    return cmp_by_code(a, b, (void *)idx->ds->vacancies);
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

/* The place order, its runs and the distance table (after months_build's first order). */
static vl_status places_build(vl_ctx *ctx, const vl_match_index *idx, const vl_match_pair_query *q,
                              size_t nq, months *m)
{
    size_t total = m->off[m->n];
    m->litems = vl__malloc((total ? total : 1) * sizeof *m->litems);
    m->roff = vl__calloc((size_t)m->n + 1, sizeof *m->roff);
    size_t na = idx->n_areas;
    m->row_of = vl__malloc((na ? na : 1) * sizeof *m->row_of);
    m->col_of = vl__malloc((na ? na : 1) * sizeof *m->col_of);
    if (!m->litems || !m->roff || !m->row_of || !m->col_of)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    memcpy(m->litems, m->items, total * sizeof *m->litems);
    size_t n_runs = 0;
    for (int32_t k = 0; k < m->n; k++) {
        uint32_t a = m->off[k], b = m->off[k + 1];
        qsort_r(m->litems + a, b - a, sizeof *m->litems, cmp_by_place, (void *)idx);
        for (uint32_t i = a; i < b; i++)
            n_runs += i == a || place_of(idx, m->litems[i].v) != place_of(idx, m->litems[i - 1].v);
        m->roff[k + 1] = (uint32_t)n_runs;
    }
    m->runs = vl__malloc((n_runs ? n_runs : 1) * sizeof *m->runs);
    int32_t *row_slot = vl__malloc((nq ? nq : 1) * sizeof *row_slot);
    int32_t *col_slot = vl__malloc((n_runs ? n_runs : 1) * sizeof *col_slot);
    if (!m->runs || !row_slot || !col_slot) {
        vl__free(row_slot);
        vl__free(col_slot);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < na; i++)
        m->row_of[i] = m->col_of[i] = -1;
    size_t r = 0;
    for (int32_t k = 0; k < m->n; k++) {
        uint32_t a = m->off[k], b = m->off[k + 1];
        for (uint32_t i = a; i < b; i++) {
            int32_t loc = place_of(idx, m->litems[i].v);
            if (i > a && loc == place_of(idx, m->litems[i - 1].v)) {
                m->runs[r - 1].end = i + 1;
                continue;
            }
            if (loc >= 0 && m->col_of[loc] < 0) {
                col_slot[m->n_cols] = loc;
                m->col_of[loc] = (int32_t)m->n_cols++;
            }
            m->runs[r++] = (place_run){loc, loc >= 0 ? m->col_of[loc] : -1, i, i + 1};
        }
    }
    for (size_t i = 0; i < nq; i++) {
        int32_t loc = idx->seek[q[i].seeker].loc;
        if (loc >= 0 && m->row_of[loc] < 0) {
            row_slot[m->n_rows] = loc;
            m->row_of[loc] = (int32_t)m->n_rows++;
        }
    }
    /* the table when it is small enough (the places of a province: a few hundred each way);
     * otherwise each distance is computed when a query asks */
    vl_status st = VL_OK;
    size_t cells = m->n_rows * m->n_cols;
    if (cells <= (size_t)1 << 22) {
        m->dist = vl__malloc((cells > 0 ? cells : 1) * sizeof *m->dist);
        if (!m->dist)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        for (size_t a = 0; m->dist && a < m->n_rows; a++)
            for (size_t b = 0; b < m->n_cols; b++)
                m->dist[a * m->n_cols + b] = match_distance(idx, row_slot[a], col_slot[b]);
    }
    vl__free(row_slot);
    vl__free(col_slot);
    return st;
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
            for (int32_t k = a; k <= b; k++) {
                const vl_vacancy *vac = &ds->vacancies[v];
                m->items[fill[k - lo]++] =
                    (month_item){idx->vac[v].req_mask, vac->posted ? vac->posted : INT32_MIN,
                                 vac->closes ? vac->closes : INT32_MAX, (uint32_t)v};
            }
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
    vl__free(m->litems);
    vl__free(m->roff);
    vl__free(m->runs);
    vl__free(m->row_of);
    vl__free(m->col_of);
    vl__free(m->dist);
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
    /* the parts of the bounds: the best closeness up to each level, the fit with it, the best
     * wage component (the place path puts in the distance component at the place) */
    double best[5], fit[5], wage;
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
    j->wage = at_least_1(p->wage_unknown);
    for (int l = 0; l < 5; l++) {
        best = level[l] > best ? level[l] : best;
        j->prune = j->prune && level[l] >= 0;
        j->best[l] = best;
        j->fit[l] = match_fit(p, best, at_least_1(p->skills_none_preferred), 1,
                              at_least_1(p->education_no_minimum));
        j->bound[l] = match_combine(p, j->fit[l],
                                    match_appeal(p, best, j->wage, at_least_1(p->abroad_distance)));
    }
}

/* Positions [*a, *b) of the month's items whose code starts with the first n characters of
 * prefix (the items are sorted by code). */
static void code_range(const vl_vacancy *vac, const month_item *items, uint32_t lo, uint32_t hi,
                       const char *prefix, size_t n, uint32_t *a, uint32_t *b)
{
    uint32_t l = lo, h = hi;
    while (l < h) { /* first code >= prefix */
        uint32_t mid = l + (h - l) / 2;
        if (strncmp(vac[items[mid].v].occupation, prefix, n) < 0)
            l = mid + 1;
        else
            h = mid;
    }
    *a = l;
    h = hi;
    while (l < h) { /* first code > prefix */
        uint32_t mid = l + (h - l) / 2;
        if (strncmp(vac[items[mid].v].occupation, prefix, n) <= 0)
            l = mid + 1;
        else
            h = mid;
    }
    *b = l;
}

/* What a pair must beat, and how many vacancies have beaten it so far. */
typedef struct rank_state {
    const vl_match_pair_query *q;
    double score;
    uint32_t own_rank;
    unsigned better;
} rank_state;

/* Counts the vacancies of items[a..b) that rank above the pair, up to the cap. */
static void rank_scan(const rank_job *j, rank_state *rs, const month_item *items, uint32_t a,
                      uint32_t b)
{
    const vl_match_index *idx = j->idx;
    const vl_match_pair_query *q = rs->q;
    double min_score = idx->p.min_score;
    uint64_t held = ~idx->seek[q->seeker].mask; /* a required skill the seeker lacks */
    vl_match_result r;
    for (uint32_t i = a; i < b && rs->better < j->cap; i++) {
        const month_item *it = &items[i];
        /* what the pair's eligibility tests first, without leaving the list */
        if (q->on < it->from || q->on > it->to || (it->req_mask & held) || it->v == q->vacancy)
            continue;
        uint32_t v = it->v;
        double d;
        if (!match_eligible_on(idx, q->seeker, v, q->on, &d))
            continue;
        match_score_pair(idx, q->seeker, v, d, &r);
        if (r.score >= min_score &&
            (r.score > rs->score || (r.score == rs->score && idx->vac_rank[v] < rs->own_rank)))
            rs->better++;
    }
}

/* Scans items[a..b) (sorted by code) where a code shares at least `need` digits with one of
 * the seeker's wishes; need 0: all of it. */
static void rank_scan_wishes(const rank_job *j, rank_state *rs, const month_item *items, uint32_t a,
                             uint32_t b, size_t need)
{
    const vl_dataset *ds = j->idx->ds;
    if (need == 0) {
        rank_scan(j, rs, items, a, b);
        return;
    }
    const vl_strlist *wish = &ds->seekers[rs->q->seeker].occupations;
    for (size_t w = 0; w < wish->n && rs->better < j->cap; w++) {
        const char *pre = wish->items[w];
        bool seen = strlen(pre) < need; /* too short to share `need` digits */
        for (size_t e = 0; e < w && !seen; e++)
            seen = strlen(wish->items[e]) >= need && strncmp(wish->items[e], pre, need) == 0;
        if (seen)
            continue; /* that range was scanned (or there is none) */
        uint32_t ra, rb;
        code_range(ds->vacancies, items, a, b, pre, need, &ra, &rb);
        rank_scan(j, rs, items, ra, rb);
    }
}

/* The fewest shared digits a vacancy needs to reach score, by the bounds (5: none can). */
static size_t needed(const double *bound, double score)
{
    size_t need = 0;
    while (need < 5 && bound[need] + MATCH_BOUND_SLACK < score)
        need++;
    return need;
}

/* The place path: the month's places within the seeker's commute (and abroad), each with the
 * bound its distance allows. */
static void rank_places(const rank_job *j, rank_state *rs, int32_t k)
{
    const vl_match_index *idx = j->idx;
    const vl_match_params *p = &idx->p;
    const months *m = j->m;
    const match_seek *ms = &idx->seek[rs->q->seeker];
    int32_t row = ms->loc >= 0 ? m->row_of[ms->loc] : -1;
    for (uint32_t g = m->roff[k]; g < m->roff[k + 1] && rs->better < j->cap; g++) {
        const place_run *run = &m->runs[g];
        size_t need = 0;
        if (run->loc != PLACE_ABROAD) {
            double d = m->dist && row >= 0 && run->col >= 0
                           ? m->dist[(size_t)row * m->n_cols + (size_t)run->col]
                           : match_distance(idx, ms->loc, run->loc);
            if (!(d <= ms->commute))
                continue; /* as the pair's eligibility tests it: nothing here is eligible */
            /* the fewest shared digits at this distance: the bounds grow with the level, so
             * the first one that reaches the score is enough (most places: the first) */
            double ds = match_distance_score(p, d, ms->commute, false);
            while (need < 5 &&
                   match_combine(p, j->fit[need], match_appeal(p, j->best[need], j->wage, ds)) +
                           MATCH_BOUND_SLACK <
                       rs->score)
                need++;
            if (need == 5)
                continue;
        }
        rank_scan_wishes(j, rs, m->litems, run->begin, run->end, need);
    }
}

static unsigned rank_one(const rank_job *j, const vl_match_pair_query *q, bool *listed)
{
    const vl_match_index *idx = j->idx;
    vl_match_result own;
    bool own_ok;
    vl_match_pair(idx, q->seeker, q->vacancy, q->on, &own, &own_ok);
    rank_state rs = {q, own.score, idx->vac_rank[q->vacancy], 0};
    int32_t k = month_of(q->on) - j->m->lo;
    if (k >= 0 && k < j->m->n) {
        /* the fewest shared digits a vacancy needs to reach the pair's score */
        size_t need = j->prune ? needed(j->bound, own.score) : 0;
        if (need == 0 && j->prune)
            rank_places(j, &rs, k);
        else if (need < 5)
            rank_scan_wishes(j, &rs, j->m->items, j->m->off[k], j->m->off[k + 1], need);
    }
    unsigned rank = rs.better >= j->cap ? j->cap + 1 : rs.better + 1;
    *listed = own_ok && own.score >= idx->p.min_score && rank <= j->cap;
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
    rank_job j = {.idx = idx, .q = q, .m = &m, .cap = cap, .rank = rank, .listed = listed};
    rank_bounds(&j);
    if (st == VL_OK && j.prune)
        st = places_build(ctx, idx, q, n, &m);
    if (st == VL_OK)
        st = vl__parallel_for(ctx, n, 256, rank_range, &j, "rank");
    months_free(&m);
    return st;
}
