/*
 * activity.c - the figures of the centre's periodic report (activity.h), for the period and the
 * same dates a year before, from the data set, the referrals and the store's extras.
 *
 * Definitions (docs/placements.md says the same for readers):
 *   registered   seekers whose `registered` date falls in the period;
 *   counselled   seekers with a counselling session in the period;
 *   referred     seekers with a referral made in the period; referrals: how many were made;
 *   placed       seekers with a hire (current outcome) decided in the period, and abroad: the
 *                vacancy is in another country; filled: the hires themselves, by the vacancy's
 *                area; vacancies, positions: vacancies posted in the period and their positions;
 *   placement rate   of the seekers referred in the period, the share placed by one of those
 *                referrals (as known when the report is made);
 *   days to placement   median days from registration to the hire, placements of the period;
 *   retention 3 (6) months   hires whose start date plus 91 (182) days falls in the period: the
 *                share still in the job at that mark among those whose status is known (the
 *                first follow-up on or after the mark, or an earlier one saying the job ended).
 * Breakdowns use the seeker's sex, age on the period's last day, priority groups (a seeker in
 * two groups counts in both), education and area; vacancy figures the vacancy's area.
 *
 * Fairness (by sex and priority group): seekers available in the period (registered by its end,
 * not withdrawn, not placed before it) and how many were referred, and the hire rate of the
 * referrals decided; each for every referral and for those vieclam would have recommended that
 * day (eligible, at least results.min_score, in the seeker's top results.top).
 */
#include "report/activity-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------------------- */

static const char *const measure_names[VL_ACT_N_MEASURES] = {
    "registered",    "counselled", "referred",  "referrals", "placed",
    "placed_abroad", "vacancies",  "positions", "filled",    "fairs"};

const char *vl_act_measure_name(vl_act_measure m)
{
    return (int)m >= 0 && m < VL_ACT_N_MEASURES ? measure_names[m] : "?";
}

bool vl_act_measure_parse(const char *name, vl_act_measure *out)
{
    for (int m = 0; name && m < VL_ACT_N_MEASURES; m++)
        if (strcmp(name, measure_names[m]) == 0) {
            *out = (vl_act_measure)m;
            return true;
        }
    return false;
}

bool act_by_seeker(vl_act_measure m)
{
    return m <= VL_ACT_PLACED_ABROAD;
}

/* ---- dates and periods ----------------------------------------------------------------------- */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

bool vl_act_period_parse(const char *t, int32_t *from, int32_t *to)
{
    if (!t || strlen(t) < 4 || strspn(t, "0123456789") < 4)
        return false;
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    const char *r = t + 4;
    int m0, m1;
    if (y < 1900)
        return false;
    if (!*r) {
        m0 = 1, m1 = 12;
    } else if ((r[0] == 'H' || r[0] == 'h') && (r[1] == '1' || r[1] == '2') && !r[2]) {
        m0 = r[1] == '1' ? 1 : 7, m1 = m0 + 5;
    } else if ((r[0] == 'Q' || r[0] == 'q') && r[1] >= '1' && r[1] <= '4' && !r[2]) {
        m0 = (r[1] - '1') * 3 + 1, m1 = m0 + 2;
    } else if (r[0] == '-' && r[1] >= '0' && r[1] <= '1' && r[2] >= '0' && r[2] <= '9' && !r[3]) {
        m0 = m1 = (r[1] - '0') * 10 + (r[2] - '0');
        if (m0 < 1 || m0 > 12)
            return false;
    } else {
        return false;
    }
    *from = y * 10000 + m0 * 100 + 1;
    *to = y * 10000 + m1 * 100 + days_in_month(y, m1);
    return true;
}

/* The same day a year before (29 February becomes the 28th). */
static int32_t year_before(int32_t d)
{
    int y = d / 10000 - 1, m = d / 100 % 100, day = d % 100;
    if (day > days_in_month(y, m))
        day = days_in_month(y, m);
    return y * 10000 + m * 100 + day;
}

static void period_label(const vl_activity *a, int32_t from, int32_t to, char *buf, size_t size)
{
    static const char *const months_en[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
    int y = from / 10000, m0 = from / 100 % 100, m1 = to / 100 % 100;
    bool whole =
        from % 100 == 1 && to / 10000 == y && to % 100 == days_in_month(to / 10000, m1) && m1 >= m0;
    bool en = a->en;
    if (whole && m0 == 1 && m1 == 12)
        snprintf(buf, size, en ? "%d" : "Năm %d", y);
    else if (whole && m1 == m0 + 5 && (m0 == 1 || m0 == 7))
        snprintf(buf, size, en ? "%s half of %d" : "6 tháng %s năm %d",
                 en ? (m0 == 1 ? "First" : "Second") : (m0 == 1 ? "đầu" : "cuối"), y);
    else if (whole && m1 == m0 + 2 && m0 % 3 == 1)
        snprintf(buf, size, en ? "Q%d %d" : "Quý %d/%d", (m0 - 1) / 3 + 1, y);
    else if (whole && m1 == m0 && en)
        snprintf(buf, size, "%s %d", months_en[m0 - 1], y);
    else if (whole && m1 == m0)
        snprintf(buf, size, "Tháng %d/%d", m0, y);
    else
        snprintf(buf, size, "%02d/%02d/%d – %02d/%02d/%d", from % 100, m0, y, to % 100, m1,
                 to / 10000);
}

/* ---- groups -------------------------------------------------------------------------------- */

static const char *const sex_keys[ACT_N_SEX] = {"female", "male", "other"};
static const char *const age_keys[ACT_N_AGE] = {"15-24", "25-34", "35-44",
                                                "45-54", "55+",   "unknown"};
static const char *const prio_keys[ACT_N_PRIO] = {
    "poor", "near_poor", "disability", "ethnic_minority", "rural", "demobilised", "other", "none"};
static const char *const edu_keys[ACT_N_EDU] = {
    "none",    "primary",    "lower_secondary", "upper_secondary", "elementary", "intermediate",
    "college", "university", "master",          "doctorate",       "unknown"};

static const char *const sex_vi[ACT_N_SEX] = {"Nữ", "Nam", "Khác / không ghi"};
static const char *const sex_en[ACT_N_SEX] = {"Women", "Men", "Other / not given"};
static const char *const age_vi[ACT_N_AGE] = {"15–24 tuổi", "25–34 tuổi", "35–44 tuổi",
                                              "45–54 tuổi", "Từ 55 tuổi", "Không rõ"};
static const char *const age_en[ACT_N_AGE] = {"15–24", "25–34",       "35–44",
                                              "45–54", "55 and over", "Not known"};
static const char *const prio_vi[ACT_N_PRIO] = {
    "Hộ nghèo",           "Hộ cận nghèo",    "Người khuyết tật", "Dân tộc thiểu số",
    "Lao động nông thôn", "Bộ đội xuất ngũ", "Đối tượng khác",   "Không thuộc nhóm ưu tiên"};
static const char *const prio_en[ACT_N_PRIO] = {
    "Poor households",   "Near-poor households", "People with disabilities",
    "Ethnic minorities", "Rural workers",        "Demobilised soldiers",
    "Other groups",      "No priority group"};
static const char *const edu_vi[ACT_N_EDU] = {
    "Chưa qua đào tạo", "Tiểu học",  "Trung học cơ sở", "Trung học phổ thông",
    "Sơ cấp",           "Trung cấp", "Cao đẳng",        "Đại học",
    "Thạc sĩ",          "Tiến sĩ",   "Không ghi"};
static const char *const edu_en[ACT_N_EDU] = {
    "None",         "Primary", "Lower secondary", "Upper secondary", "Elementary vocational",
    "Intermediate", "College", "University",      "Master's",        "Doctorate",
    "Not given"};

typedef struct idsort {
    const char *id;
    uint32_t pos;
} idsort;

static int cmp_idsort(const void *a, const void *b)
{
    return strcmp(((const idsort *)a)->id, ((const idsort *)b)->id);
}

/* Sorted (id, position) pairs: a binary search finds a record by id. */
static idsort *sort_ids(const void *base, size_t n, size_t stride)
{
    idsort *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *id;
        memcpy(&id, (const char *)base + i * stride, sizeof id); /* the record's first member */
        s[i] = (idsort){id ? id : "", (uint32_t)i};
    }
    qsort(s, n, sizeof *s, cmp_idsort);
    return s;
}

static long find_id(const idsort *s, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s[mid].id, id);
        if (c == 0)
            return s[mid].pos;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

typedef struct calc {
    vl_activity *a;
    const vl_dataset *ds;
    const vl_referral_set *refs;
    vl_match_model *def;         /* the default model, when the options give none */
    const vl_match_model *model; /* the model in use: the options' or def */
    vl_match_index *idx;         /* the matching index of the data set: ids to positions, ranks */
    idsort *areas;
    long *seeker_area, *vacancy_area; /* group index of each record's area */
    uint8_t *sex;                     /* each seeker's sex (sex_of), read once */
    long *ref_seeker, *ref_vacancy;   /* dataset positions of each referral's ids (-1: gone) */
} calc;

static int sex_of(const vl_seeker *s)
{
    if (s->gender && strcmp(s->gender, "female") == 0)
        return 0;
    if (s->gender && strcmp(s->gender, "male") == 0)
        return 1;
    return 2;
}

static int age_of(const vl_seeker *s, int32_t on)
{
    if (s->birth_year <= 0)
        return ACT_AGE_UNKNOWN;
    int age = on / 10000 - s->birth_year;
    return age < 25   ? ACT_AGE_15_24
           : age < 35 ? ACT_AGE_25_34
           : age < 45 ? ACT_AGE_35_44
           : age < 55 ? ACT_AGE_45_54
                      : ACT_AGE_55;
}

/* The groups a seeker belongs to in period p; returns how many (at most 16). */
static size_t seeker_groups(const calc *c, size_t s, int p, size_t *g)
{
    const vl_activity *a = c->a;
    const vl_seeker *sk = &c->ds->seekers[s];
    size_t n = 0;
    g[n++] = a->first[ACT_DIM_TOTAL];
    g[n++] = a->first[ACT_DIM_SEX] + (size_t)c->sex[s];
    g[n++] = a->first[ACT_DIM_AGE] + (size_t)age_of(sk, a->to[p]);
    bool any = false;
    for (int k = 0; k < 7; k++)
        if (sk->priority & (1u << k)) {
            g[n++] = a->first[ACT_DIM_PRIORITY] + (size_t)k;
            any = true;
        }
    if (!any)
        g[n++] = a->first[ACT_DIM_PRIORITY] + 7;
    int e = sk->education >= 0 && sk->education < VL_EDU_COUNT ? sk->education : ACT_N_EDU - 1;
    g[n++] = a->first[ACT_DIM_EDUCATION] + (size_t)e;
    g[n++] = (size_t)c->seeker_area[s];
    return n;
}

static bool in(int32_t d, const vl_activity *a, int p)
{
    return d && d >= a->from[p] && d <= a->to[p];
}

/* Adds v to measure m of every group of seeker s in period p. */
static void add_seeker(calc *c, size_t s, int p, vl_act_measure m, double v)
{
    size_t g[16];
    size_t n = seeker_groups(c, s, p, g);
    for (size_t i = 0; i < n; i++)
        c->a->rows[g[i]].count[m][p] += v;
}

static bool abroad_vacancy(const vl_vacancy *v)
{
    return v->country[0] && strcmp(v->country, "VN") != 0;
}

/* Record i's area as the sorted list of codes holds it: seekers first, then vacancies; ""
 * when not given, "~abroad" for every vacancy in another country (sorts last). */
static const char *record_area(const vl_dataset *ds, size_t i)
{
    if (i < ds->n_seekers)
        return ds->seekers[i].area ? ds->seekers[i].area : "";
    const vl_vacancy *v = &ds->vacancies[i - ds->n_seekers];
    return abroad_vacancy(v) ? "~abroad" : v->area ? v->area : "";
}

/*
 * The area with this code on a date, as vl_area_get reads one: codes were reused by the 2025
 * reform (10507 was Phường Cẩm Thượng and is Phường Thành Đông), so the one valid on the date;
 * when none is, the one valid last. NULL when the data set has no area with the code.
 */
static const vl_area *area_on(const calc *c, const char *code, int32_t date)
{
    const vl_dataset *ds = c->ds;
    size_t i = 0, n = c->areas ? ds->n_areas : 0;
    for (size_t hi = n; i < hi;) { /* the first entry with the code */
        size_t mid = i + (hi - i) / 2;
        if (strcmp(c->areas[mid].id, code) < 0)
            i = mid + 1;
        else
            hi = mid;
    }
    const vl_area *best = NULL;
    for (; i < n && strcmp(c->areas[i].id, code) == 0; i++) {
        const vl_area *ar = &ds->areas[c->areas[i].pos];
        bool valid =
            (!ar->valid_from || ar->valid_from <= date) && (!ar->valid_to || ar->valid_to >= date);
        if (valid)
            return ar;
        if (!best || (best->valid_to && (!ar->valid_to || ar->valid_to > best->valid_to)))
            best = ar;
    }
    return best;
}

static vl_status make_groups(vl_ctx *ctx, calc *c)
{
    vl_activity *a = c->a;
    const vl_dataset *ds = c->ds;
    bool en = a->en;
    /* the areas that appear: sorted codes of seekers' and vacancies' areas */
    size_t cap = ds->n_seekers + ds->n_vacancies + 2;
    const char **codes = malloc(cap * sizeof *codes);
    if (!codes)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t nc = 0;
    for (size_t i = 0; i < ds->n_seekers + ds->n_vacancies; i++)
        codes[nc++] = record_area(ds, i);
    qsort(codes, nc, sizeof *codes, vl__cmp_str);
    size_t distinct = 0;
    for (size_t i = 0; i < nc; i++)
        if (i == 0 || strcmp(codes[i], codes[i - 1]) != 0)
            codes[distinct++] = codes[i];
    size_t n = 1 + ACT_N_SEX + ACT_N_AGE + ACT_N_PRIO + ACT_N_EDU + distinct;
    a->groups = vl_arena_alloc(a->arena, n * sizeof *a->groups);
    a->rows = vl_arena_alloc(a->arena, n * sizeof *a->rows);
    if (!a->groups || !a->rows) {
        free(codes);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    size_t g = 0;
    a->first[ACT_DIM_TOTAL] = g;
    a->groups[g++] = (act_group){ACT_DIM_TOTAL, "all", act_word_get(a, AW_TOTAL)};
    a->first[ACT_DIM_SEX] = g;
    for (int k = 0; k < ACT_N_SEX; k++)
        a->groups[g++] = (act_group){ACT_DIM_SEX, sex_keys[k], en ? sex_en[k] : sex_vi[k]};
    a->first[ACT_DIM_AGE] = g;
    for (int k = 0; k < ACT_N_AGE; k++)
        a->groups[g++] = (act_group){ACT_DIM_AGE, age_keys[k], en ? age_en[k] : age_vi[k]};
    a->first[ACT_DIM_PRIORITY] = g;
    for (int k = 0; k < ACT_N_PRIO; k++)
        a->groups[g++] = (act_group){ACT_DIM_PRIORITY, prio_keys[k], en ? prio_en[k] : prio_vi[k]};
    a->first[ACT_DIM_EDUCATION] = g;
    for (int k = 0; k < ACT_N_EDU; k++)
        a->groups[g++] = (act_group){ACT_DIM_EDUCATION, edu_keys[k], en ? edu_en[k] : edu_vi[k]};
    a->first[ACT_DIM_AREA] = g;
    c->areas = sort_ids(ds->areas, ds->n_areas, sizeof *ds->areas);
    for (size_t i = 0; i < distinct; i++) {
        const char *code = codes[i], *label;
        if (!*code) {
            code = "unknown";
            label = en ? "Not given" : "Không ghi";
        } else if (strcmp(code, "~abroad") == 0) {
            code = "abroad";
            label = en ? "Abroad" : "Nước ngoài";
        } else {
            /* read on the report's day, as the records' codes are (a code the 2025 list
             * reused means the current area), whatever the period */
            const vl_area *ar = area_on(c, code, a->created);
            label = ar && ar->name ? ar->name : code;
        }
        a->groups[g++] = (act_group){ACT_DIM_AREA, vl_arena_strdup(a->arena, code),
                                     vl_arena_strdup(a->arena, label)};
    }
    a->first[ACT_N_DIMS] = g;
    a->n_groups = g;
    /* each record's area group */
    c->seeker_area = malloc((ds->n_seekers + 1) * sizeof *c->seeker_area);
    c->sex = malloc(ds->n_seekers + 1);
    for (size_t i = 0; c->sex && i < ds->n_seekers; i++)
        c->sex[i] = (uint8_t)sex_of(&ds->seekers[i]);
    c->vacancy_area = malloc((ds->n_vacancies + 1) * sizeof *c->vacancy_area);
    vl_status st = c->seeker_area && c->vacancy_area && c->areas && c->sex
                       ? VL_OK
                       : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == VL_OK && i < ds->n_seekers + ds->n_vacancies; i++) {
        const char *code = record_area(ds, i);
        const char **at = bsearch(&code, codes, distinct, sizeof *codes, vl__cmp_str);
        long found = at ? (long)(a->first[ACT_DIM_AREA] + (size_t)(at - codes)) : -1;
        if (i < ds->n_seekers)
            c->seeker_area[i] = found;
        else
            c->vacancy_area[i - ds->n_seekers] = found;
    }
    free(codes);
    return st;
}

/* ---- medians ----------------------------------------------------------------------------------
 */

typedef struct dlist {
    double *v;
    size_t n, cap;
} dlist;

static bool dlist_add(dlist *l, double v)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        double *p = realloc(l->v, cap * sizeof *p);
        if (!p)
            return false;
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n++] = v;
    return true;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static act_median median_of(dlist *l)
{
    act_median m = {(double)NAN, l->n};
    if (l->n == 0)
        return m;
    qsort(l->v, l->n, sizeof *l->v, cmp_double);
    m.value = l->n % 2 ? l->v[l->n / 2] : (l->v[l->n / 2 - 1] + l->v[l->n / 2]) / 2;
    return m;
}

/* ---- retention --------------------------------------------------------------------------------
 */

/*
 * Whether a hire was still in the job at `mark`, as known on `known` (follow-ups made later are
 * not yet there): 1 yes, 0 no, -1 not known. The first follow-up on or after the mark answers;
 * a follow-up before the mark saying the job ended answers no.
 */
static int kept_at(const vl_referral *r, int32_t mark, int32_t known)
{
    for (size_t i = 0; i < r->n_followups; i++) {
        const vl_followup *f = &r->followups[i];
        if (f->checked_on > known)
            break;
        if (f->checked_on < mark && !f->employed)
            return 0;
        if (f->checked_on >= mark)
            return f->employed ? 1 : 0;
    }
    return -1;
}

static int32_t add_days(int32_t d, int days)
{
    int64_t t = vl__date_days(d) + days;
    /* civil from days (Hinnant), as the core's vl__date_days inverts */
    int64_t z = t + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, day = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return (int32_t)(y * 10000 + m * 100 + day);
}

/* ---- the figures ------------------------------------------------------------------------------
 */

enum { F_COUNSELLED = 1, F_REFERRED = 2, F_PLACED = 4, F_ABROAD = 8, F_COHORT_PLACED = 16 };

static act_country *country_of(vl_activity *a, const char *code)
{
    for (size_t i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries[i].code, code) == 0)
            return &a->countries[i];
    return NULL;
}

static vl_status count_everything(vl_ctx *ctx, calc *c, const vl_activity_data *data)
{
    vl_activity *a = c->a;
    const vl_dataset *ds = c->ds;
    const vl_referral_set *refs = c->refs;
    size_t ns = ds->n_seekers;
    uint8_t *flags = calloc(2 * (ns ? ns : 1), 1);
    dlist *days = calloc(2 * a->n_groups, sizeof *days);
    a->countries = vl_arena_alloc(a->arena, 250 * sizeof *a->countries);
    if (!flags || !days || !a->countries) {
        free(flags);
        free(days);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    bool oom = false;
    /* what was known of each period: on the report's day, and on the same day a year before
     * (last year's figures as they stood then, not with the outcomes and follow-ups since) */
    int32_t known[2] = {a->created, year_before(a->created)};
    for (int p = 0; p < 2; p++) {
        /* registrations */
        for (size_t s = 0; s < ns; s++)
            if (in(ds->seekers[s].registered, a, p))
                add_seeker(c, s, p, VL_ACT_REGISTERED, 1);
        /* counselling */
        for (size_t i = 0; data && i < data->n_counselling; i++) {
            const vl_counselled *co = &data->counselling[i];
            size_t s;
            if (in(co->on, a, p) && vl_match_index_find_seeker(c->idx, co->seeker, &s))
                flags[2 * s + (size_t)p] |= F_COUNSELLED;
        }
        /* vacancies received */
        for (size_t v = 0; v < ds->n_vacancies; v++) {
            const vl_vacancy *vac = &ds->vacancies[v];
            if (!in(vac->posted, a, p))
                continue;
            size_t gs[2] = {a->first[ACT_DIM_TOTAL], (size_t)c->vacancy_area[v]};
            double pos = vac->positions_offered ? vac->positions_offered : vac->positions;
            for (int k = 0; k < 2; k++) {
                a->rows[gs[k]].count[VL_ACT_VACANCIES][p] += 1;
                a->rows[gs[k]].count[VL_ACT_POSITIONS][p] += pos;
            }
        }
        /* fairs held */
        for (size_t i = 0; data && i < data->n_fairs; i++)
            if (in(data->fairs[i].date, a, p))
                a->rows[a->first[ACT_DIM_TOTAL]].count[VL_ACT_FAIRS][p] += 1;
    }
    /* referrals: made, decided as hires, retention. A referral whose seeker or vacancy is not
     * in the data set (a province's report: the other side lies in another province; or the
     * record is gone) counts on the side that is: the seeker's measures (referred, placed,
     * retention) with the seeker, the position filled with the vacancy. */
    for (size_t i = 0; i < refs->n; i++) {
        const vl_referral *r = &refs->referrals[i];
        long s = c->ref_seeker[i], v = c->ref_vacancy[i];
        bool hired = r->outcome == VL_OUTCOME_HIRED;
        if (s < 0) {
            for (int p = 0; v >= 0 && hired && p < 2; p++)
                if (in(r->outcome_on, a, p)) {
                    size_t gs[2] = {a->first[ACT_DIM_TOTAL], (size_t)c->vacancy_area[v]};
                    for (int k = 0; k < 2; k++)
                        a->rows[gs[k]].count[VL_ACT_FILLED][p] += 1;
                }
            continue;
        }
        const vl_seeker *sk = &ds->seekers[s];
        /* NULL: a vacancy of another province (one abroad is every province's, so loaded) */
        const vl_vacancy *vac = v >= 0 ? &ds->vacancies[v] : NULL;
        for (int p = 0; p < 2; p++) {
            uint8_t *f = &flags[2 * (size_t)s + (size_t)p];
            if (in(r->referred_on, a, p)) {
                *f |= F_REFERRED;
                add_seeker(c, (size_t)s, p, VL_ACT_REFERRALS, 1);
                if (hired && r->outcome_on && r->outcome_on <= known[p])
                    *f |= F_COHORT_PLACED;
            }
            if (hired && in(r->outcome_on, a, p)) {
                *f |= F_PLACED;
                for (int k = 0; vac && k < 2; k++) {
                    size_t gs[2] = {a->first[ACT_DIM_TOTAL], (size_t)c->vacancy_area[v]};
                    a->rows[gs[k]].count[VL_ACT_FILLED][p] += 1;
                }
                if (vac && abroad_vacancy(vac)) {
                    *f |= F_ABROAD;
                    act_country *co = country_of(a, vac->country);
                    if (!co && a->n_countries < 250) {
                        co = &a->countries[a->n_countries++];
                        memcpy(co->code, vac->country, 3);
                    }
                    if (co) {
                        co->placed[p] += 1;
                        co->women[p] += c->sex[s] == 0;
                    }
                }
                if (sk->registered && sk->registered <= r->outcome_on) {
                    size_t g[16];
                    size_t n = seeker_groups(c, (size_t)s, p, g);
                    double d =
                        (double)(vl__date_days(r->outcome_on) - vl__date_days(sk->registered));
                    for (size_t k = 0; k < n; k++)
                        oom |= !dlist_add(&days[2 * g[k] + (size_t)p], d);
                }
            }
            if (hired && r->start_on) {
                int marks[2] = {91, 182};
                for (int m = 0; m < 2; m++) {
                    if (!in(add_days(r->start_on, marks[m]), a, p))
                        continue;
                    int kept = kept_at(r, add_days(r->start_on, marks[m]), known[p]);
                    if (kept < 0)
                        continue;
                    size_t g[16];
                    size_t n = seeker_groups(c, (size_t)s, p, g);
                    for (size_t k = 0; k < n; k++) {
                        act_ratio *q = m ? &a->rows[g[k]].kept6[p] : &a->rows[g[k]].kept3[p];
                        q->num += kept;
                        q->den += 1;
                    }
                }
            }
        }
    }
    /* the people counted once each */
    for (size_t s = 0; s < ns; s++)
        for (int p = 0; p < 2; p++) {
            uint8_t f = flags[2 * s + (size_t)p];
            if (!f)
                continue;
            size_t g[16];
            size_t n = seeker_groups(c, s, p, g);
            for (size_t k = 0; k < n; k++) {
                act_row *row = &a->rows[g[k]];
                row->count[VL_ACT_COUNSELLED][p] += (f & F_COUNSELLED) != 0;
                row->count[VL_ACT_REFERRED][p] += (f & F_REFERRED) != 0;
                row->count[VL_ACT_PLACED][p] += (f & F_PLACED) != 0;
                row->count[VL_ACT_PLACED_ABROAD][p] += (f & F_ABROAD) != 0;
                if (f & F_REFERRED) {
                    row->placement[p].den += 1;
                    row->placement[p].num += (f & F_COHORT_PLACED) != 0;
                }
            }
        }
    for (size_t g = 0; g < a->n_groups; g++)
        for (int p = 0; p < 2; p++)
            a->rows[g].days[p] = median_of(&days[2 * g + (size_t)p]);
    for (size_t g = 0; g < 2 * a->n_groups; g++)
        free(days[g].v);
    free(days);
    free(flags);
    return oom ? vl__error(ctx, VL_ERR_NOMEM, "out of memory") : VL_OK;
}

/* Fairs held in the report's period, with what happened at each. */
static vl_status fair_details(vl_ctx *ctx, calc *c, const vl_activity_data *data)
{
    vl_activity *a = c->a;
    size_t n = 0;
    for (size_t i = 0; data && i < data->n_fairs; i++)
        n += in(data->fairs[i].date, a, ACT_NOW);
    a->fairs = vl_arena_alloc(a->arena, (n ? n : 1) * sizeof *a->fairs);
    if (!a->fairs)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    idsort *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; data && i < data->n_fairs; i++) {
        const vl_fair_held *f = &data->fairs[i];
        if (!in(f->date, a, ACT_NOW))
            continue;
        ids[a->n_fairs] = (idsort){f->id, (uint32_t)a->n_fairs};
        a->fairs[a->n_fairs++] =
            (act_fair){f->id, f->name, f->date, 0, 0, (double)f->invitations, 0, 0};
    }
    qsort(ids, a->n_fairs, sizeof *ids, cmp_idsort);
    const vl_dataset *ds = c->ds;
    for (size_t v = 0; v < ds->n_vacancies; v++) {
        const vl_vacancy *vac = &ds->vacancies[v];
        long k = vac->fair ? find_id(ids, a->n_fairs, vac->fair) : -1;
        if (k >= 0) {
            a->fairs[k].vacancies += 1;
            a->fairs[k].positions +=
                vac->positions_offered ? vac->positions_offered : vac->positions;
        }
    }
    for (size_t i = 0; i < c->refs->n; i++) {
        const vl_referral *r = &c->refs->referrals[i];
        long v = c->ref_vacancy[i];
        if (v < 0 || r->channel != VL_CHANNEL_FAIR || !ds->vacancies[v].fair)
            continue;
        long k = find_id(ids, a->n_fairs, ds->vacancies[v].fair);
        if (k >= 0) {
            a->fairs[k].referrals += 1;
            a->fairs[k].hires += r->outcome == VL_OUTCOME_HIRED;
        }
    }
    free(ids);
    return VL_OK;
}

/* ---- fairness ----------------------------------------------------------------------------------
 */

static bool decided(const vl_referral *r)
{
    return r->outcome == VL_OUTCOME_HIRED || r->outcome == VL_OUTCOME_NO_SHOW ||
           r->outcome == VL_OUTCOME_REJECTED || r->outcome == VL_OUTCOME_DECLINED;
}

/* Fairness groups: the three of sex, then the eight of priority. */
#define FAIR_GROUPS (ACT_N_SEX + ACT_N_PRIO)

static void fair_memberships(const vl_seeker *s, int sex, bool *m)
{
    memset(m, 0, FAIR_GROUPS * sizeof *m);
    m[sex] = true;
    bool any = false;
    for (int k = 0; k < 7; k++)
        if (s->priority & (1u << k))
            m[ACT_N_SEX + k] = any = true;
    if (!any)
        m[ACT_N_SEX + 7] = true;
}

static vl_status fairness(vl_ctx *ctx, calc *c)
{
    vl_activity *a = c->a;
    const vl_dataset *ds = c->ds;
    const vl_referral_set *refs = c->refs;
    size_t ns = ds->n_seekers;
    vl_status st = VL_OK;
    /* the referrals of the period, ranked on their day */
    size_t nq = 0;
    for (size_t i = 0; i < refs->n; i++)
        nq += in(refs->referrals[i].referred_on, a, ACT_NOW) && c->ref_seeker[i] >= 0 &&
              c->ref_vacancy[i] >= 0;
    vl_match_pair_query *q = malloc((nq ? nq : 1) * sizeof *q);
    size_t *which = malloc((nq ? nq : 1) * sizeof *which);
    unsigned *rank = malloc((nq ? nq : 1) * sizeof *rank);
    bool *listed = malloc(nq ? nq : 1);
    uint8_t *person = calloc(ns ? ns : 1, 1); /* 1 referred, 2 referred to a recommended one */
    uint8_t *placed_before = calloc(ns ? ns : 1, 1);
    if (st == VL_OK && (!q || !which || !rank || !listed || !person || !placed_before))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        size_t k = 0;
        for (size_t i = 0; i < refs->n; i++) {
            const vl_referral *r = &refs->referrals[i];
            if (r->outcome == VL_OUTCOME_HIRED && r->outcome_on &&
                r->outcome_on < a->from[ACT_NOW] && c->ref_seeker[i] >= 0)
                placed_before[c->ref_seeker[i]] = 1;
            if (!in(r->referred_on, a, ACT_NOW) || c->ref_seeker[i] < 0 || c->ref_vacancy[i] < 0)
                continue;
            q[k] = (vl_match_pair_query){(size_t)c->ref_seeker[i], (size_t)c->ref_vacancy[i],
                                         r->referred_on};
            which[k++] = i;
        }
        st = vl_match_rank_pairs(ctx, c->idx, q, nq, (unsigned)vl_match_model_top(c->model), rank,
                                 listed);
    }
    act_fair_row *rows = st == VL_OK ? vl_arena_alloc(a->arena, FAIR_GROUPS * sizeof *rows) : NULL;
    if (st == VL_OK && !rows)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        a->fairness = rows;
        a->n_fairness = FAIR_GROUPS;
        a->n_ranked = nq;
        for (int g = 0; g < FAIR_GROUPS; g++) {
            size_t gi = g < ACT_N_SEX ? a->first[ACT_DIM_SEX] + (size_t)g
                                      : a->first[ACT_DIM_PRIORITY] + (size_t)(g - ACT_N_SEX);
            rows[g].key = a->groups[gi].key;
            rows[g].label = a->groups[gi].label;
            rows[g].dim = g < ACT_N_SEX ? ACT_DIM_SEX : ACT_DIM_PRIORITY;
        }
        bool m[FAIR_GROUPS];
        for (size_t k = 0; k < nq; k++) {
            const vl_referral *r = &refs->referrals[which[k]];
            size_t s = q[k].seeker;
            person[s] |= 1 | (listed[k] ? 2 : 0);
            a->n_recommended += listed[k];
            if (!decided(r))
                continue;
            fair_memberships(&ds->seekers[s], c->sex[s], m);
            bool h = r->outcome == VL_OUTCOME_HIRED;
            for (int g = 0; g < FAIR_GROUPS; g++) {
                double *dec = m[g] ? &rows[g].decided : &rows[g].rest_decided;
                double *hir = m[g] ? &rows[g].hired : &rows[g].rest_hired;
                *dec += 1;
                *hir += h;
                if (m[g] && listed[k]) {
                    rows[g].decided_rec += 1;
                    rows[g].hired_rec += h;
                }
            }
        }
        for (size_t s = 0; s < ns; s++) {
            const vl_seeker *sk = &ds->seekers[s];
            bool available = sk->registered && sk->registered <= a->to[ACT_NOW] &&
                             sk->status != VL_SEEKER_WITHDRAWN && !placed_before[s];
            if (!available && !person[s])
                continue; /* a referral counts even for someone the register lost track of */
            fair_memberships(sk, c->sex[s], m);
            for (int g = 0; g < FAIR_GROUPS; g++) {
                if (m[g]) {
                    rows[g].available += 1;
                    rows[g].referred += (person[s] & 1) != 0;
                    rows[g].referred_rec += (person[s] & 2) != 0;
                } else {
                    rows[g].rest_available += 1;
                    rows[g].rest_referred += (person[s] & 1) != 0;
                }
            }
        }
    }
    free(q);
    free(which);
    free(rank);
    free(listed);
    free(person);
    free(placed_before);
    return st;
}

/* ---- vl_activity ---------------------------------------------------------------------------- */

/* a->scope: the names of the provinces of the list ("31,01"), each as its area of today says
 * (the code itself when the data set has none), joined by ", "; "" without a list */
static void scope_names(vl_activity *a, const vl_dataset *ds, const char *provinces)
{
    size_t len = 0;
    a->scope[0] = '\0';
    for (const char *p = provinces; p && *p && len + 1 < sizeof a->scope;) {
        size_t n = strcspn(p, ",");
        const char *name = NULL;
        for (size_t i = 0; i < ds->n_areas; i++) {
            const vl_area *ar = &ds->areas[i];
            if (!ar->parent && strlen(ar->code) == n && strncmp(ar->code, p, n) == 0 && ar->name &&
                (!name || !ar->valid_to))
                name = ar->name;
        }
        char code[17];
        snprintf(code, sizeof code, "%.*s", (int)(n < 16 ? n : 16), p);
        int w = snprintf(a->scope + len, sizeof a->scope - len, "%s%s", len ? ", " : "",
                         name ? name : code);
        len += w > 0 ? (size_t)w : 0;
        if (len >= sizeof a->scope)
            len = sizeof a->scope - 1;
        p += n + (p[n] == ',');
    }
}

void vl_activity_destroy(vl_activity *a)
{
    if (!a)
        return;
    vl_arena_destroy(a->arena);
    free(a);
}

/* Each referral's seeker and vacancy as dataset positions (-1: gone), for refs[begin..end). */
static vl_status find_records(void *arg, unsigned worker, size_t begin, size_t end)
{
    (void)worker;
    calc *c = arg;
    for (size_t i = begin; i < end; i++) {
        const vl_referral *r = &c->refs->referrals[i];
        size_t sp, vp;
        c->ref_seeker[i] = vl_match_index_find_seeker(c->idx, r->seeker, &sp) ? (long)sp : -1;
        c->ref_vacancy[i] = vl_match_index_find_vacancy(c->idx, r->vacancy, &vp) ? (long)vp : -1;
    }
    return VL_OK;
}

static void calc_free(calc *c)
{
    vl_match_index_destroy(c->idx);
    vl_match_model_destroy(c->def);
    free(c->areas);
    free(c->seeker_area);
    free(c->sex);
    free(c->vacancy_area);
    free(c->ref_seeker);
    free(c->ref_vacancy);
}

vl_status vl_activity_create(vl_ctx *ctx, const vl_dataset *ds, const vl_referral_set *refs,
                             const vl_activity_data *data, const vl_activity_options *opt,
                             vl_activity **out)
{
    if (!ds || !refs || !opt || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_activity_create: missing argument");
    *out = NULL;
    if (!vl__date_valid(opt->from) || !vl__date_valid(opt->to) || opt->to < opt->from)
        return vl__error(ctx, VL_ERR_ARG, "the report's period must be two dates, from <= to");
    if (opt->as_of && !vl__date_valid(opt->as_of))
        return vl__error(ctx, VL_ERR_ARG, "the report's day (as_of) must be a date");
    int32_t as_of = opt->as_of ? opt->as_of : vl__today();
    if (opt->from > as_of) { /* nothing of it has happened yet: a report of zeros */
        char from[11], day[11];
        vl__format_date(opt->from, from);
        vl__format_date(as_of, day);
        return vl__error(ctx, VL_ERR_ARG,
                         "the period starts on %s, after the report's day %s: nothing of it can "
                         "be counted yet",
                         from, day);
    }
    vl_activity *a = calloc(1, sizeof *a);
    if (!a || !(a->arena = vl_arena_create())) {
        free(a);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    a->opt = *opt;
    a->opt.title = NULL;
    a->en = opt->lang && strcmp(opt->lang, "en") == 0;
    /* a period still running is reported up to the report's day, beside the same days of the
     * year before: the year so far against the whole of last year would halve every figure */
    bool to_date = as_of < opt->to; /* the period has begun (above) */
    a->created = as_of;
    a->from[ACT_NOW] = opt->from;
    a->to[ACT_NOW] = to_date ? as_of : opt->to;
    a->from[ACT_PREV] = year_before(opt->from);
    a->to[ACT_PREV] = year_before(a->to[ACT_NOW]);
    for (int p = 0; p < 2; p++) {
        int32_t end = p == ACT_NOW ? opt->to : year_before(opt->to);
        period_label(a, a->from[p], end, a->period_label[p], sizeof a->period_label[p]);
        if (to_date) {
            char day[32];
            size_t len = strlen(a->period_label[p]);
            vl_format_date_text(day, sizeof day, a->to[p], a->en ? "en" : "vi");
            snprintf(a->period_label[p] + len, sizeof a->period_label[p] - len,
                     a->en ? " (to %s)" : " (đến ngày %s)", day);
        }
    }
    if (opt->title)
        snprintf(a->title, sizeof a->title, "%s", opt->title);
    else
        snprintf(a->title, sizeof a->title, "%s – %s", act_word_get(a, AW_TITLE),
                 a->period_label[ACT_NOW]);
    scope_names(a, ds, opt->provinces);
    /* targets belong to a whole calendar year */
    int y = opt->from / 10000;
    if (data && data->target_year == y && opt->from == y * 10000 + 101 &&
        opt->to == y * 10000 + 1231) {
        a->target_year = y;
        memcpy(a->has_target, data->has_target, sizeof a->has_target);
        memcpy(a->target, data->target, sizeof a->target);
    }
    calc c = {.a = a, .ds = ds, .refs = refs};
    /* the matching index serves the ranks (fairness) and finds records by id */
    vl_status st = VL_OK;
    if (!opt->model)
        st = vl_match_model_create_default(ctx, &c.def);
    vl_match_options mo = {.as_of = a->to[ACT_NOW]};
    c.model = opt->model ? opt->model : c.def;
    if (st == VL_OK)
        st = vl_match_index_create(ctx, ds, c.model, &mo, &c.idx);
    c.ref_seeker = malloc((refs->n ? refs->n : 1) * sizeof *c.ref_seeker);
    c.ref_vacancy = malloc((refs->n ? refs->n : 1) * sizeof *c.ref_vacancy);
    if (st == VL_OK && (!c.ref_seeker || !c.ref_vacancy))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK)
        st = vl__parallel_for(ctx, refs->n, 4096, find_records, &c, NULL);
    if (st == VL_OK)
        st = make_groups(ctx, &c);
    if (st == VL_OK)
        st = count_everything(ctx, &c, data);
    if (st == VL_OK)
        st = fair_details(ctx, &c, data);
    if (st == VL_OK)
        st = fairness(ctx, &c);
    if (st == VL_OK)
        act_suppress(a);
    calc_free(&c);
    if (st != VL_OK) {
        vl_activity_destroy(a);
        return st;
    }
    *out = a;
    return VL_OK;
}
