/*
 * referrals.c - generated referrals, their outcomes and follow-ups (gen.h documents the process
 * and the hidden hiring model). Referrals are made in date order from one PRNG stream, because
 * each depends on what came before: a hire fills a position and places a seeker, who is not
 * referred again. Record i is therefore not independent of the others, unlike seekers and
 * vacancies; the same options still give the same referrals, byte for byte.
 *
 * Determinism: the draws use IEEE arithmetic only (the logistic function has its own exp). The
 * components come from the match room, whose great-circle distances use the C library's sin and
 * asin: a platform whose libm rounds differently could in principle flip one draw (a chance of
 * the order of 1e-16 per referral).
 */
#include "gen/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the hidden hiring model ----------------------------------------------------------------- */

/*
 * Logit of a hire, by component (fit: occupation, skills, experience, education; appeal:
 * occupation, wage, distance). Chosen by hand to be plausible and well apart, so that a fit can
 * be checked to recover their order: the wage offered matters most, then the occupation and the
 * skills, the distance, the place of the occupation in the seeker's list, experience; education
 * (which barely varies among referrals) not at all. The intercept gives about one hire in six.
 */
static const double hire_intercept = -8.0;
static const double hire_coef[VL_MATCH_N_COMPONENTS] = {2.2, 1.6, 0.5, 0.0, 0.7, 3.0, 1.1};

void vl_gen_hiring_model(double *intercept, double coef[7])
{
    if (intercept)
        *intercept = hire_intercept;
    if (coef)
        memcpy(coef, hire_coef, sizeof hire_coef);
}

/* exp(x) with + - * / only: x = k ln2 + r, |r| <= ln2 / 2, a Taylor series for e^r. */
static double gen_exp(double x)
{
    if (x > 700)
        x = 700;
    if (x < -700)
        x = -700;
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    double kf = x * 1.44269504088896338700 + (x >= 0 ? 0.5 : -0.5);
    long k = (long)kf;
    double r = (x - (double)k * ln2_hi) - (double)k * ln2_lo;
    double term = 1, sum = 1;
    for (int i = 1; i <= 16; i++) {
        term = term * r / i;
        sum += term;
    }
    for (; k > 0; k--)
        sum *= 2;
    for (; k < 0; k++)
        sum *= 0.5;
    return sum;
}

double vl_gen_hire_probability(const double c[7])
{
    double z = hire_intercept;
    for (int k = 0; k < VL_MATCH_N_COMPONENTS; k++)
        z += hire_coef[k] * c[k];
    return 1 / (1 + gen_exp(-z));
}

/* ---- making referrals ------------------------------------------------------------------------ */

/* Shares of the outcomes that are not hires: no_show, interviewed, rejected, declined. */
static const int other_w[] = {15, 15, 45, 25};
static const vl_outcome other_outcome[] = {VL_OUTCOME_NO_SHOW, VL_OUTCOME_INTERVIEWED,
                                           VL_OUTCOME_REJECTED, VL_OUTCOME_DECLINED};
/* Channels at the desk: desk, phone, online (fair vacancies are referred at their fair half the
 * time). */
static const int channel_w[] = {55, 20, 25};
static const vl_channel channel_of[] = {VL_CHANNEL_DESK, VL_CHANNEL_PHONE, VL_CHANNEL_ONLINE};
/* Staff codes of the centre's counsellors (cán bộ). */
static const char *const staff[] = {"cb01", "cb02", "cb03", "cb04", "cb05", "cb06",
                                    "cb07", "cb08", "cb09", "cb10", "cb11", "cb12"};
#define N_STAFF         VL_ARRAY_LEN(staff)
#define TRIES           16  /* draws for a vacancy or a seeker before giving up on one */
#define OWN_GROUP_SHARE 0.6 /* referrals to seekers who want the vacancy's occupation group */

/* A seeker's wish for an occupation group: the minor group (3 digits) as an integer. */
typedef struct wish {
    uint32_t group;
    int32_t registered;
    uint32_t seeker;
} wish;

static int cmp_wish(const void *a, const void *b)
{
    const wish *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->registered != y->registered)
        return x->registered < y->registered ? -1 : 1;
    return x->seeker < y->seeker ? -1 : x->seeker > y->seeker;
}

static uint32_t group_of(const char *code)
{
    uint32_t g = 0;
    for (int i = 0; i < 3; i++)
        g = g * 10 + (uint32_t)(code[i] >= '0' && code[i] <= '9' ? code[i] - '0' : 0);
    return g;
}

typedef struct maker {
    vl_ctx *ctx;
    const vl_gen_options *o;
    const vl_dataset *ds;
    const vl_match_index *idx;
    uint32_t *by_reg; /* active seekers by registration date, then position */
    size_t n_by_reg;
    wish *wishes; /* (group, registered, seeker) of active seekers' wishes, sorted */
    size_t n_wishes;
    uint32_t *by_posted; /* vacancies by posted date */
    uint32_t *open;      /* vacancies posted by now, not yet found closed or full */
    size_t n_open, next_posted;
    int *filled;
    bool *placed;
} maker;

static int cmp_reg(const void *a, const void *b, void *arg)
{
    const vl_dataset *ds = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int32_t rx = ds->seekers[x].registered, ry = ds->seekers[y].registered;
    return rx != ry ? (rx < ry ? -1 : 1) : (x < y ? -1 : x > y);
}

static int cmp_posted(const void *a, const void *b, void *arg)
{
    const vl_dataset *ds = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int32_t px = ds->vacancies[x].posted, py = ds->vacancies[y].posted;
    return px != py ? (px < py ? -1 : 1) : (x < y ? -1 : x > y);
}

static vl_status maker_init(maker *m)
{
    const vl_dataset *ds = m->ds;
    m->by_reg = vl__malloc((ds->n_seekers + 1) * sizeof *m->by_reg);
    m->by_posted = vl__malloc((ds->n_vacancies + 1) * sizeof *m->by_posted);
    m->open = vl__malloc((ds->n_vacancies + 1) * sizeof *m->open);
    m->filled = vl__calloc(ds->n_vacancies + 1, sizeof *m->filled);
    m->placed = vl__calloc(ds->n_seekers + 1, sizeof *m->placed);
    size_t n_w = 0;
    for (size_t i = 0; i < ds->n_seekers; i++)
        n_w += ds->seekers[i].occupations.n;
    m->wishes = vl__malloc((n_w + 1) * sizeof *m->wishes);
    if (!m->by_reg || !m->by_posted || !m->open || !m->filled || !m->placed || !m->wishes)
        return vl__error(m->ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ds->n_seekers; i++) {
        const vl_seeker *s = &ds->seekers[i];
        if (s->status != VL_SEEKER_ACTIVE)
            continue;
        m->by_reg[m->n_by_reg++] = (uint32_t)i;
        for (size_t k = 0; k < s->occupations.n; k++)
            m->wishes[m->n_wishes++] =
                (wish){group_of(s->occupations.items[k]), s->registered, (uint32_t)i};
    }
    qsort_r(m->by_reg, m->n_by_reg, sizeof *m->by_reg, cmp_reg, (void *)ds);
    qsort(m->wishes, m->n_wishes, sizeof *m->wishes, cmp_wish);
    for (size_t v = 0; v < ds->n_vacancies; v++)
        m->by_posted[v] = (uint32_t)v;
    qsort_r(m->by_posted, ds->n_vacancies, sizeof *m->by_posted, cmp_posted, (void *)ds);
    return VL_OK;
}

static void maker_free(maker *m)
{
    vl__free(m->by_reg);
    vl__free(m->wishes);
    vl__free(m->by_posted);
    vl__free(m->open);
    vl__free(m->filled);
    vl__free(m->placed);
}

/* A vacancy open on day d with a position left, uniformly among those; SIZE_MAX when none. */
static size_t pick_vacancy(maker *m, gen_rng *r, int32_t d)
{
    const vl_dataset *ds = m->ds;
    while (m->next_posted < ds->n_vacancies &&
           ds->vacancies[m->by_posted[m->next_posted]].posted <= d)
        m->open[m->n_open++] = m->by_posted[m->next_posted++];
    while (m->n_open > 0) {
        size_t k = (size_t)gen_rng_below(r, m->n_open);
        uint32_t v = m->open[k];
        const vl_vacancy *vac = &ds->vacancies[v];
        if ((vac->closes && vac->closes < d) || m->filled[v] >= vac->positions) {
            m->open[k] = m->open[--m->n_open]; /* closed for good: dates only move forward */
            continue;
        }
        return v;
    }
    return SIZE_MAX;
}

/* How many of the sorted keys come before (group, registered <= d): an upper bound search. */
static size_t wishes_upto(const maker *m, size_t lo, size_t hi, int32_t d)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->wishes[mid].registered <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* An active seeker registered by day d and not placed: from the vacancy's occupation group
 * (OWN_GROUP_SHARE of the time, when the group has one) or anyone; SIZE_MAX when none. */
static size_t pick_seeker(maker *m, gen_rng *r, int32_t d, const vl_vacancy *v)
{
    const vl_dataset *ds = m->ds;
    if (gen_rng_chance(r, OWN_GROUP_SHARE)) {
        uint32_t g = group_of(v->occupation);
        size_t lo = 0, hi = m->n_wishes;
        while (lo < hi) { /* first wish of group g */
            size_t mid = lo + (hi - lo) / 2;
            if (m->wishes[mid].group < g)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t end = lo;
        while (end < m->n_wishes && m->wishes[end].group == g)
            end++;
        size_t upto = wishes_upto(m, lo, end, d);
        for (int t = 0; upto > lo && t < TRIES; t++) {
            uint32_t s = m->wishes[lo + gen_rng_below(r, upto - lo)].seeker;
            if (!m->placed[s])
                return s;
        }
    }
    size_t lo = 0, hi = m->n_by_reg;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->seekers[m->by_reg[mid]].registered <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int t = 0; lo > 0 && t < TRIES; t++) {
        uint32_t s = m->by_reg[gen_rng_below(r, lo)];
        if (!m->placed[s])
            return s;
    }
    return SIZE_MAX;
}

/* The wage of a hire: the middle of the vacancy's range (or its one end); NaN when none. */
static double hire_wage(const vl_vacancy *v)
{
    if (v->wage_min > 0 && v->wage_max > 0)
        return (double)((long long)((v->wage_min + v->wage_max) / 2 / 100000 + 0.5) * 100000);
    return v->wage_max > 0 ? v->wage_max : v->wage_min > 0 ? v->wage_min : (double)NAN;
}

typedef struct ref_owner {
    vl_arena *arena;
    vl_referral *refs;
    vl_followup *fus;
} ref_owner;

void gen_referrals_free(vl_referral_set *set)
{
    if (!set)
        return;
    ref_owner *o = set->owner;
    if (o) {
        vl_arena_destroy(o->arena);
        vl__free(o->refs);
        vl__free(o->fus);
        vl__free(o);
    }
    vl__free(set);
}

vl_status gen_referrals(vl_ctx *ctx, const vl_gen_options *o, const vl_dataset *ds,
                        vl_referral_set **out)
{
    *out = NULL;
    vl_referral_set *set = vl__calloc(1, sizeof *set);
    ref_owner *own = vl__calloc(1, sizeof *own);
    if (set)
        set->owner = own;
    size_t n = o->n_referrals;
    if (!set || !own || !(own->arena = vl_arena_create()) ||
        !(own->refs = vl__calloc(n ? n : 1, sizeof *own->refs)) ||
        !(own->fus = vl__calloc(2 * (n ? n : 1), sizeof *own->fus))) {
        if (!set)
            vl__free(own);
        gen_referrals_free(set);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl_match_model *model = NULL;
    vl_match_index *idx = NULL;
    maker m = {.ctx = ctx, .o = o, .ds = ds};
    vl_match_options mo = {.as_of = o->as_of};
    vl_status st = vl_match_model_create_default(ctx, &model);
    if (st == VL_OK)
        st = vl_match_index_create(ctx, ds, model, &mo, &idx);
    if (st == VL_OK)
        st = maker_init(&m);
    m.idx = idx;
    /* over the span after a warm-up (vacancies posted before the first referral), or over the
     * last 180 days of a snapshot */
    int span = o->span_days > 0 ? o->span_days : 180;
    int warm = span / 4 < 60 ? span / 4 : 60;
    span -= warm;
    int32_t first = gen_date_add(o->as_of, -span);
    gen_rng r;
    gen_rng_seed(&r, o->seed, GEN_STREAM_REFERRAL, 0);
    size_t made = 0, n_fu = 0, day_first = 0; /* the first referral made on day d */
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        if ((i & 65535) == 0)
            vl__progress(ctx, "referrals", i, n);
        int32_t d = gen_date_add(first, (int)((uint64_t)i * (uint64_t)span / n));
        size_t v = pick_vacancy(&m, &r, d);
        size_t s = v == SIZE_MAX ? SIZE_MAX : pick_seeker(&m, &r, d, &ds->vacancies[v]);
        if (s == SIZE_MAX)
            continue; /* nobody to refer that day (tiny data sets) */
        const vl_vacancy *vac = &ds->vacancies[v];
        vl_match_result res;
        vl_match_pair(idx, s, v, d, &res, NULL);
        double c[VL_MATCH_N_COMPONENTS];
        for (int k = 0; k < VL_MATCH_N_COMPONENTS; k++)
            c[k] = vl_match_result_component(&res, k);
        bool hired = gen_rng_unit(&r) < vl_gen_hire_probability(c);
        vl_referral *ref = &own->refs[made];
        char id[16];
        snprintf(id, sizeof id, "R%08zu", made + 1);
        ref->id = vl_arena_strdup(own->arena, id);
        ref->seeker = ds->seekers[s].id;
        ref->vacancy = vac->id;
        ref->referred_on = d;
        ref->channel = vac->fair && gen_rng_chance(&r, 0.5)
                           ? VL_CHANNEL_FAIR
                           : channel_of[gen_rng_pick_int(&r, channel_w, 3)];
        ref->staff = staff[gen_rng_below(&r, N_STAFF)];
        ref->wage = (double)NAN;
        vl_outcome outcome =
            hired ? VL_OUTCOME_HIRED : other_outcome[gen_rng_pick_int(&r, other_w, 4)];
        int32_t outcome_on = gen_date_add(d, gen_rng_range(&r, 2, 20));
        int32_t start_on = gen_date_add(outcome_on, gen_rng_range(&r, 3, 30));
        double keep3 = gen_rng_unit(&r), keep6 = gen_rng_unit(&r);
        if (!ref->id) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        /* the same seeker to the same vacancy twice on a day is one referral (the import
         * refuses the second): dropped, after its draws, so the others stay as they were */
        if (day_first < made && own->refs[day_first].referred_on != d)
            day_first = made;
        bool again = false;
        for (size_t k = day_first; k < made && !again; k++)
            again = own->refs[k].seeker == ref->seeker && own->refs[k].vacancy == ref->vacancy;
        if (again)
            continue;
        made++;
        if (outcome_on >= o->as_of)
            continue; /* not known yet: pending */
        ref->outcome = outcome;
        ref->outcome_on = outcome_on;
        if (!hired)
            continue;
        ref->start_on = start_on;
        ref->wage = hire_wage(vac);
        m.filled[v]++;
        m.placed[s] = true;
        /* follow-ups at about 3 and 6 months */
        int32_t f3 = gen_date_add(start_on, 91), f6 = gen_date_add(start_on, 182);
        if (f3 >= o->as_of)
            continue;
        bool still = keep3 < 0.75 + 0.2 * res.appeal_wage;
        ref->followups = &own->fus[n_fu];
        own->fus[n_fu++] = (vl_followup){f3, still};
        ref->n_followups = 1;
        if (still && f6 < o->as_of) {
            own->fus[n_fu++] = (vl_followup){f6, keep6 < 0.9};
            ref->n_followups = 2;
        }
    }
    maker_free(&m);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(model);
    if (st != VL_OK) {
        gen_referrals_free(set);
        return st;
    }
    vl__progress(ctx, "referrals", n, n);
    set->referrals = own->refs;
    set->n = made;
    *out = set;
    return VL_OK;
}
