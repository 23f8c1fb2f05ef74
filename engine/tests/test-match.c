/*
 * test-match.c - matching: the shipped model file against the key table and the docs, every
 * hard constraint (table-driven), each score component against the model's formulas, the
 * protected attributes (gender, name, priority group) never changing any output, explanations,
 * unknown ids, and - on many randomized instances - the index's top-k equal to an exhaustive
 * scan, by seeker and by vacancy, with identical batches on 1 and 3 threads.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"

/* ---- a small hand-made dataset -------------------------------------------------------------- */

#define AS_OF 20260301

typedef struct tdata {
    vl_arena *a;
    vl_area areas[16];
    vl_vacancy *vac;
    vl_seeker *seek;
    size_t n_vac, n_seek, cap_vac, cap_seek;
    vl_dataset ds;
} tdata;

static const char *tstr(tdata *t, const char *s)
{
    return vl_arena_strdup(t->a, s);
}

/* A list from "a;b;c" (NULL or "" = empty); keys = folded when fold is set. */
static vl_strlist tlist(tdata *t, const char *text, bool fold)
{
    vl_strlist l = {0};
    if (!text || !*text)
        return l;
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ';';
    const char **items = vl_arena_alloc(t->a, n * sizeof *items);
    const char *p = text;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(p, ";");
        char *s = vl_arena_strndup(t->a, p, len);
        if (fold) {
            char *f = vl_text_fold(s);
            s = vl_arena_strdup(t->a, f);
            free(f);
        }
        items[i] = s;
        p += len + (p[len] == ';');
    }
    l.items = items;
    l.n = n;
    return l;
}

static void tinit(tdata *t)
{
    memset(t, 0, sizeof *t);
    t->a = vl_arena_create();
    /* three areas: A and B about 11 km apart, C about 55 km from A */
    static const struct {
        const char *code;
        double lat, lon;
    } areas[] = {
        {"288", 20.9400, 106.3300}, {"290", 20.9400, 106.4350}, {"292", 21.4350, 106.3300}};
    for (size_t i = 0; i < 3; i++)
        t->areas[i] = (vl_area){.code = areas[i].code,
                                .name = areas[i].code,
                                .level = 2,
                                .lat = areas[i].lat,
                                .lon = areas[i].lon};
    t->cap_vac = 256;
    t->cap_seek = 512;
    t->vac = vl_arena_alloc(t->a, t->cap_vac * sizeof *t->vac);
    t->seek = vl_arena_alloc(t->a, t->cap_seek * sizeof *t->seek);
}

static void tfree(tdata *t)
{
    vl_arena_destroy(t->a);
}

static vl_dataset *tds(tdata *t)
{
    t->ds = (vl_dataset){.areas = t->areas,
                         .n_areas = 3,
                         .vacancies = t->vac,
                         .n_vacancies = t->n_vac,
                         .seekers = t->seek,
                         .n_seekers = t->n_seek};
    return &t->ds;
}

static vl_vacancy *tvac(tdata *t, const char *id)
{
    assert_true(t->n_vac < t->cap_vac);
    vl_vacancy *v = &t->vac[t->n_vac++];
    memset(v, 0, sizeof *v);
    v->id = tstr(t, id);
    v->employer = "E1";
    v->title = tstr(t, "Công nhân may");
    strcpy(v->occupation, "7533");
    v->skills_required = tlist(t, "May công nghiệp", false);
    v->skills_required_keys = tlist(t, "May công nghiệp", true);
    v->skills_preferred = tlist(t, "Đọc bản vẽ;Vắt sổ;Là hơi", false);
    v->skills_preferred_keys = tlist(t, "Đọc bản vẽ;Vắt sổ;Là hơi", true);
    v->education_min = VL_EDU_LOWER_SECONDARY;
    v->experience_min = 2;
    v->wage_min = 7000000;
    v->wage_max = 9000000;
    v->positions = 5;
    v->area = "290";
    strcpy(v->country, "VN");
    v->posted = 20260110;
    v->closes = 20260415;
    return v;
}

static vl_seeker *tseek(tdata *t, const char *id)
{
    assert_true(t->n_seek < t->cap_seek);
    vl_seeker *s = &t->seek[t->n_seek++];
    memset(s, 0, sizeof *s);
    s->id = tstr(t, id);
    s->name = tstr(t, "Nguyễn Thị Hoa");
    s->birth_year = 1998;
    s->gender = "F";
    s->area = "288";
    s->education = VL_EDU_UPPER_SECONDARY;
    s->occupations = tlist(t, "7533;7531", false);
    s->skills = tlist(t, "MAY CONG NGHIEP;vắt sổ;Hàn điện", false);
    s->skills_keys = tlist(t, "MAY CONG NGHIEP;vắt sổ;Hàn điện", true);
    s->experience_years = 1.5;
    s->wage_min = 8500000;
    s->max_commute_km = 25;
    s->status = VL_SEEKER_ACTIVE;
    s->registered = 20251201;
    return s;
}

static vl_match_model *default_model(void)
{
    vl_match_model *m;
    assert_int_equal(vl_match_model_create_default(NULL, &m), VL_OK);
    return m;
}

/* ---- the model file -------------------------------------------------------------------------- */

static void test_model_file(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *file, *def;
    vl_status st = vl_match_model_load(ctx, vt_source("models/matching.yaml"), &file);
    if (st != VL_OK)
        fail_msg("models/matching.yaml: %s", vl_ctx_errmsg(ctx));
    assert_int_equal(vl_match_model_create_default(ctx, &def), VL_OK);
    /* the shipped file holds exactly the documented defaults */
    size_t n;
    const vl__model_key *keys = vl__match_model_keys(&n);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *a = (const unsigned char *)&file->p + keys[i].offset;
        const unsigned char *b = (const unsigned char *)&def->p + keys[i].offset;
        size_t size = keys[i].type == VL__MT_DOUBLE   ? sizeof(double)
                      : keys[i].type == VL__MT_BOOL   ? sizeof(bool)
                      : keys[i].type == VL__MT_STRING ? keys[i].size
                                                      : sizeof(int);
        if (memcmp(a, b, size) != 0)
            fail_msg("models/matching.yaml: '%s' differs from the documented default",
                     keys[i].path);
    }
    assert_int_equal(vl_match_model_top(file), (size_t)file->p.top);
    assert_int_equal(vl_match_model_candidates_per_seeker(file),
                     (size_t)file->p.candidates_per_seeker);
    assert_true(vl_match_model_min_score(file) == file->p.min_score);
    /* every key is documented in docs/models.md */
    size_t len;
    char *doc = vt_read_file(vt_source("docs/models.md"), &len);
    for (size_t i = 0; i < n; i++) {
        char want[96];
        snprintf(want, sizeof want, "`%s`", keys[i].path);
        if (!strstr(doc, want))
            fail_msg("docs/models.md does not document %s", keys[i].path);
    }
    free(doc);
    vl_match_model_destroy(file);
    vl_match_model_destroy(def);
    vl_match_model_destroy(NULL);
    vl_ctx_destroy(ctx);
}

static char *replace_once(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    assert_non_null(p);
    size_t a = (size_t)(p - text), lf = strlen(from), lt = strlen(to), n = strlen(text);
    char *out = malloc(n - lf + lt + 1);
    memcpy(out, text, a);
    memcpy(out + a, to, lt);
    memcpy(out + a + lt, p + lf, n - a - lf + 1);
    return out;
}

static void test_broken_models(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to, *expect;
    } cases[] = {
        {"  fit_share: 0.5", "  fit_share: 1.5", ":14: 'score.fit_share': 1.5 is out of range"},
        {"  same_minor: 0.7 ", "  same_minr: 0.7 ", ":3: unknown key 'occupation.same_minr'"},
        {"  combine: geometric", "  combine: harmonic", "'score.combine': 'harmonic' is not"},
        {"  per_seeker: 50", "  per_seeker: 5O", "'candidates.per_seeker': expected a"},
        {"    wage: 0.3\n", "", "missing key 'appeal.weights.wage'"},
        {"  top: 10 ", "  top: 10\n  top: 11 ", "key 'results.top' given twice"},
        {"model: matching", "model: fair", "'model' is 'fair', expected 'matching'"},
        {"  same_major: 0.2 ", "  same_major: 0.9 ", "closeness must not increase"},
    };
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    size_t len;
    char *good = vt_read_file(vt_source("models/matching.yaml"), &len);
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        char *bad = replace_once(good, cases[i].from, cases[i].to);
        const char *path = vt_tmpfile("broken.yaml");
        vt_write_file(path, bad);
        free(bad);
        vl_match_model *m = (vl_match_model *)&m;
        vl_status st = vl_match_model_load(ctx, path, &m);
        assert_int_equal(st, VL_ERR_INVALID);
        assert_null(m);
        if (!strstr(vl_ctx_errmsg(ctx), cases[i].expect))
            fail_msg("case %zu: message '%s' lacks '%s'", i, vl_ctx_errmsg(ctx), cases[i].expect);
        /* the line is where the edit landed */
        char where[64];
        const char *at = strstr(good, cases[i].from);
        size_t line = 1;
        for (const char *q = good; q < at; q++)
            line += *q == '\n';
        snprintf(where, sizeof where, "broken.yaml:%zu:", line);
        if (i < 2 && !strstr(vl_ctx_errmsg(ctx), where))
            fail_msg("case %zu: message '%s' lacks '%s'", i, vl_ctx_errmsg(ctx), where);
        assert_non_null(strstr(vl_ctx_errmsg(ctx), "broken.yaml"));
    }
    /* relations between keys: weights summing to zero */
    char *zero = replace_once(good, "    occupation: 0.4", "    occupation: 0");
    static const char *const rest[][2] = {
        {"    skills: 0.3", "    skills: 0"},
        {"    experience: 0.2", "    experience: 0"},
        {"    education: 0.1", "    education: 0"},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(rest); i++) {
        char *next = replace_once(zero, rest[i][0], rest[i][1]);
        free(zero);
        zero = next;
    }
    vt_write_file(vt_tmpfile("zero.yaml"), zero);
    free(zero);
    vl_match_model *m;
    assert_int_equal(vl_match_model_load(ctx, vt_tmpfile("zero.yaml"), &m), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "the fit weights sum to zero"));
    free(good);
    assert_int_equal(vl_match_model_load(ctx, vt_tmpfile("absent.yaml"), &m), VL_ERR_IO);
    vl_ctx_destroy(ctx);
}

/* ---- hard constraints ------------------------------------------------------------------------ */

typedef void (*mutate_fn)(tdata *t, vl_seeker *s, vl_vacancy *v);

static void m_none(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)s, (void)v;
}
static void m_lack_skill(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)v;
    s->skills = tlist(t, "vắt sổ;Hàn điện", false);
    s->skills_keys = tlist(t, "vắt sổ;Hàn điện", true);
}
static void m_skill_unfolded_keys(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)v;
    s->skills = tlist(t, "MAY  công NGHIỆP", false);
    s->skills_keys = (vl_strlist){0}; /* the index folds the labels itself */
}
static const vl_lang lang_ja_n3 = {"ja", VL_LANG_JLPT, 3, 3},
                     lang_ja_n2 = {"ja", VL_LANG_JLPT, 2, 4};
static const vl_lang lang_ja_b2 = {"ja", VL_LANG_CEFR, 4, 4},
                     lang_ko_b2 = {"ko", VL_LANG_CEFR, 4, 4};
static void m_lang_low(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->languages = &lang_ja_b2;
    v->n_languages = 1;
    s->languages = &lang_ja_n3;
    s->n_languages = 1;
}
static void m_lang_ok(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->languages = &lang_ja_b2;
    v->n_languages = 1;
    s->languages = &lang_ja_n2; /* JLPT N2 = B2 */
    s->n_languages = 1;
}
static void m_lang_other(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->languages = &lang_ja_b2;
    v->n_languages = 1;
    s->languages = &lang_ko_b2;
    s->n_languages = 1;
}
static void m_edu_low(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->education_min = VL_EDU_INTERMEDIATE;
    s->education = VL_EDU_ELEMENTARY;
}
static void m_edu_unknown(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)v;
    s->education = VL_EDU_UNKNOWN;
}
static void m_edu_no_min(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->education_min = VL_EDU_UNKNOWN;
    s->education = VL_EDU_UNKNOWN;
}
static void m_too_young(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->age_min = 18;
    s->birth_year = 2009; /* 17 in 2026 */
}
static void m_too_old(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->age_max = 35;
    s->birth_year = 1990; /* 36 */
}
static void m_age_edge(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->age_min = 18;
    v->age_max = 35;
    s->birth_year = 1991; /* 35 */
}
static void m_age_unknown(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->age_max = 35;
    s->birth_year = 0;
}
static void m_abroad_no(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    v->area = NULL;
    strcpy(v->country, "JP");
    s->abroad = tlist(t, "KR;TW", false);
}
static void m_abroad_listed(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    v->area = NULL;
    strcpy(v->country, "JP");
    s->abroad = tlist(t, "KR;JP", false);
}
static void m_abroad_any(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    v->area = NULL;
    strcpy(v->country, "TW");
    s->abroad = tlist(t, "*", false);
}
static void m_abroad_none(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)s;
    v->area = NULL;
    strcpy(v->country, "KR");
}
static void m_home_no_area(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    v->area = NULL; /* at home (VN) but no area: nobody is within reach */
    s->abroad = tlist(t, "*", false);
}
static void m_home_unknown_area(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)s;
    v->area = "977"; /* not in the areas table */
}
static void m_both_unknown_area(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->area = "977";
    s->area = "977"; /* the same code: 0 km even without a centroid */
}
static void m_far(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->area = "292"; /* ~55 km */
    s->max_commute_km = 50;
}
static void m_far_ok(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->area = "292";
    s->max_commute_km = 60;
}
static void m_commute_default_far(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->area = "292";
    s->max_commute_km = NAN; /* the model's 30 km */
}
static void m_commute_default_near(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)v;
    s->max_commute_km = NAN; /* 11 km < 30 km */
}
static void m_commute_zero_same_area(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t;
    v->area = "288";
    s->max_commute_km = 0;
}
static void m_unknown_area(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)v;
    s->area = "999"; /* no centroid: only the same code would do */
}
static void m_placed(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)v;
    s->status = VL_SEEKER_PLACED;
}
static void m_withdrawn(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)v;
    s->status = VL_SEEKER_WITHDRAWN;
}
static void m_closed(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)s;
    v->closes = 20260228;
}
static void m_closes_today(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)s;
    v->closes = AS_OF;
}
static void m_not_yet(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)s;
    v->posted = 20260302;
}
static void m_no_positions(tdata *t, vl_seeker *s, vl_vacancy *v)
{
    (void)t, (void)s;
    v->positions = 0;
}

static void test_hard_constraints(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        mutate_fn fn;
        bool eligible;
        const char *failed; /* the constraint vl_match_why names */
    } cases[] = {
        {"base pair", m_none, true, NULL},
        {"a required skill missing", m_lack_skill, false, "skills_required"},
        {"skill typed differently, keys folded by the index", m_skill_unfolded_keys, true, NULL},
        {"language below the level", m_lang_low, false, "languages"},
        {"JLPT N2 meets B2", m_lang_ok, true, NULL},
        {"another language", m_lang_other, false, "languages"},
        {"education below the minimum", m_edu_low, false, "education"},
        {"education unknown against a minimum", m_edu_unknown, false, "education"},
        {"no minimum, education unknown", m_edu_no_min, true, NULL},
        {"younger than age_min", m_too_young, false, "age"},
        {"older than age_max", m_too_old, false, "age"},
        {"age at the limits", m_age_edge, true, NULL},
        {"age unknown with limits", m_age_unknown, false, "age"},
        {"abroad, country not accepted", m_abroad_no, false, "abroad"},
        {"abroad, country listed", m_abroad_listed, true, NULL},
        {"abroad, '*'", m_abroad_any, true, NULL},
        {"abroad, seeker accepts none", m_abroad_none, false, "abroad"},
        {"domestic vacancy without an area", m_home_no_area, false, "area_unknown"},
        {"vacancy area without centroid", m_home_unknown_area, false, "area_unknown"},
        {"same unknown area", m_both_unknown_area, true, NULL},
        {"farther than max_commute_km", m_far, false, "distance"},
        {"within a wide max_commute_km", m_far_ok, true, NULL},
        {"empty commute cell, default too short", m_commute_default_far, false, "distance"},
        {"empty commute cell, default enough", m_commute_default_near, true, NULL},
        {"commute 0 within the same area", m_commute_zero_same_area, true, NULL},
        {"seeker area without centroid", m_unknown_area, false, "area_unknown"},
        {"seeker placed", m_placed, false, "active"},
        {"seeker withdrawn", m_withdrawn, false, "active"},
        {"vacancy closed before as-of", m_closed, false, "open"},
        {"vacancy closing on as-of", m_closes_today, true, NULL},
        {"vacancy posted after as-of", m_not_yet, false, "open"},
        {"no positions", m_no_positions, false, "open"},
    };
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *model = default_model();
    model->p.min_score = 0; /* only the constraints decide here */
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        tdata t;
        tinit(&t);
        vl_vacancy *v = tvac(&t, "V1");
        vl_seeker *s = tseek(&t, "S1");
        cases[i].fn(&t, s, v);
        vl_match_index *idx;
        vl_match_options opt = {.as_of = AS_OF};
        assert_int_equal(vl_match_index_create(ctx, tds(&t), model, &opt, &idx), VL_OK);
        for (unsigned flags = 0; flags <= VL_MATCH_EXHAUSTIVE; flags++) {
            vl_match_results *rs, *rv;
            assert_int_equal(vl_match_by_seeker(ctx, idx, "S1", 5, flags, &rs), VL_OK);
            assert_int_equal(vl_match_by_vacancy(ctx, idx, "V1", 5, flags, &rv), VL_OK);
            size_t want = cases[i].eligible ? 1 : 0;
            if (vl_match_results_count(rs) != want || vl_match_results_count(rv) != want)
                fail_msg("%s (flags %u): %zu/%zu results, expected %zu", cases[i].what, flags,
                         vl_match_results_count(rs), vl_match_results_count(rv), want);
            vl_match_results_destroy(rs);
            vl_match_results_destroy(rv);
        }
        /* vl_match_why names the failed constraint, both ways */
        for (int by_vac = 0; by_vac < 2; by_vac++) {
            vl_match_why *w;
            assert_int_equal(vl_match_why_create(ctx, idx, "S1", "V1", by_vac, 5, &w), VL_OK);
            if (w->eligible != cases[i].eligible)
                fail_msg("%s: why says eligible=%d", cases[i].what, w->eligible);
            if (cases[i].failed) {
                if (w->n_failures != 1 || strcmp(w->failures[0].constraint, cases[i].failed) != 0)
                    fail_msg("%s: why names %zu failures, first %s; expected %s", cases[i].what,
                             w->n_failures, w->n_failures ? w->failures[0].constraint : "-",
                             cases[i].failed);
            } else {
                assert_int_equal(w->n_failures, 0);
                assert_int_equal(w->rank, 1);
                assert_true(w->listed);
                assert_true(w->gap == 0); /* the last listed pair is this one */
            }
            char *json = vl_match_why_json(idx, w);
            assert_non_null(json);
            assert_non_null(
                strstr(json, cases[i].eligible ? "\"eligible\": true" : "\"eligible\": false"));
            assert_null(strstr(json, "Nguyễn")); /* never the seeker's name */
            free(json);
            vl_match_why_destroy(w);
        }
        /* the candidates API applies the same constraints */
        vl_match_candidate *c;
        size_t nc;
        assert_int_equal(vl_match_candidates(ctx, idx, 0, 0, &c, &nc), VL_OK);
        assert_int_equal(nc, cases[i].eligible ? 1 : 0);
        vl_match_candidates_free(c);
        vl_match_index_destroy(idx);
        tfree(&t);
    }
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
}

/* ---- components ------------------------------------------------------------------------------ */

static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    double r = acos(-1.0) / 180;
    double a = pow(sin((lat2 - lat1) * r / 2), 2) +
               cos(lat1 * r) * cos(lat2 * r) * pow(sin((lon2 - lon1) * r / 2), 2);
    return 2 * 6371.0088 * asin(sqrt(a));
}

static void test_components(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *model = default_model();
    const vl_match_params *p = &model->p;
    tdata t;
    tinit(&t);
    vl_vacancy *v = tvac(&t, "V1");
    tseek(&t, "S1");
    strcpy(v->occupation, "7531"); /* the seeker's second wish, same minor as the first */
    vl_match_index *idx;
    vl_match_options opt = {.as_of = AS_OF};
    assert_int_equal(vl_match_index_create(ctx, tds(&t), model, &opt, &idx), VL_OK);
    vl_match_results *r;
    assert_int_equal(vl_match_by_seeker(ctx, idx, "S1", 3, 0, &r), VL_OK);
    assert_int_equal(vl_match_results_count(r), 1);
    const vl_match_result *m = vl_match_results_at(r, 0);

    /* expected values from the model's documented formulas */
    double fo = p->occ_unit; /* 7531 is on the list */
    double ao = fmax(p->occ_minor * 1, p->occ_unit * p->preference_decay);
    double fs = 1.0 / 3; /* holds "Vắt sổ" of three preferred */
    double fe = p->experience_floor + (1 - p->experience_floor) * 1.5 / 2;
    double fd = fmax(p->education_floor, 1 - p->education_step * 1); /* one level above */
    double offered = (7e6 + 9e6) / 2;
    double aw = (offered / 8.5e6 - p->wage_zero_ratio) / (1 - p->wage_zero_ratio);
    double km = haversine_km(20.94, 106.33, 20.94, 106.435);
    double ad = 1 - (1 - p->distance_floor) * km / 25;
    double wf = p->fit_w_occupation + p->fit_w_skills + p->fit_w_experience + p->fit_w_education;
    double fit = (p->fit_w_occupation * fo + p->fit_w_skills * fs + p->fit_w_experience * fe +
                  p->fit_w_education * fd) /
                 wf;
    double wa = p->app_w_occupation + p->app_w_wage + p->app_w_distance;
    double appeal = (p->app_w_occupation * ao + p->app_w_wage * aw + p->app_w_distance * ad) / wa;
    double score = pow(fit, p->fit_share) * pow(appeal, 1 - p->fit_share);
    const double eps = 1e-12;
    assert_true(fabs(m->fit_occupation - fo) < eps);
    assert_true(fabs(m->appeal_occupation - ao) < eps);
    assert_true(fabs(m->fit_skills - fs) < eps);
    assert_true(fabs(m->fit_experience - fe) < eps);
    assert_true(fabs(m->fit_education - fd) < eps);
    assert_true(fabs(m->appeal_wage - aw) < eps);
    assert_true(fabs(m->distance_km - km) < 1e-9);
    assert_true(km > 10.5 && km < 11.5);
    assert_true(fabs(m->appeal_distance - ad) < eps);
    assert_true(fabs(m->fit - fit) < eps);
    assert_true(fabs(m->appeal - appeal) < eps);
    assert_true(fabs(m->score - score) < eps);
    assert_true(m->wage_gap == offered - 8.5e6);
    assert_int_equal(m->weaker, fit < appeal ? VL_MATCH_WEAKER_FIT : VL_MATCH_WEAKER_APPEAL);
    assert_false(vl_match_result_skill_matched(m, 0));
    assert_true(vl_match_result_skill_matched(m, 1));
    assert_false(vl_match_result_skill_matched(m, 2));
    assert_false(vl_match_result_skill_matched(m, 64));
    assert_int_equal(m->rank, 1);

    /* the explanation names matched and missing skills, distance, wage gap, weaker side */
    char *json = vl_match_results_json(idx, r, false);
    assert_non_null(json);
    if (getenv("VT_VERBOSE"))
        fprintf(stderr, "%s\n", json);
    assert_non_null(strstr(json, "\"matched\":[\"Vắt sổ\"]"));
    assert_non_null(strstr(json, "\"missing\":[\"Đọc bản vẽ\",\"Là hơi\"]"));
    assert_non_null(strstr(json, "\"gap\":-500000}"));
    assert_non_null(strstr(json, "\"distance_km\":10.9,"));
    assert_non_null(strstr(json, "\"weaker\":\"fit\""));
    assert_null(strstr(json, "Nguyễn")); /* no personal data */
    assert_null(strstr(json, "1998"));
    free(json);
    json = vl_match_result_json(idx, r, 0);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"vacancy\":\"V1\""));
    free(json);
    assert_null(vl_match_result_json(idx, r, 1));
    uint64_t scored, pairs;
    vl_match_results_work(r, &scored, &pairs);
    assert_int_equal(pairs, 1);
    assert_true(scored <= 1);
    vl_match_results_destroy(r);

    /* arithmetic combination and the other formulas of the same pair */
    vl_match_model *arith = default_model();
    arith->p.combine = MATCH_COMBINE_ARITHMETIC;
    arith->p.fit_share = 0.385;
    vl_match_index *idx2;
    assert_int_equal(vl_match_index_create(ctx, tds(&t), arith, &opt, &idx2), VL_OK);
    assert_int_equal(vl_match_by_seeker(ctx, idx2, "S1", 3, 0, &r), VL_OK);
    m = vl_match_results_at(r, 0);
    assert_true(fabs(m->score - (0.385 * fit + 0.615 * appeal)) < eps);
    vl_match_results_destroy(r);
    vl_match_index_destroy(idx2);
    vl_match_model_destroy(arith);

    /* abroad: no distance; unknown wages */
    assert_true(match_wage_score(p, MATCH_NAN, 5e6) == p->wage_unknown);
    assert_true(match_wage_score(p, 5e6, MATCH_NAN) == p->wage_unknown);
    assert_true(match_wage_score(p, 3e6, 5e6) == 0);
    assert_true(match_wage_score(p, 6e6, 5e6) == 1);
    assert_true(match_distance_score(p, 12, 30, true) == p->abroad_distance);
    assert_true(match_education_score(p, VL_EDU_DOCTORATE, VL_EDU_NONE) == p->education_floor);
    assert_true(match_experience_score(p, 0, 3) == p->experience_floor);
    assert_true(match_occ_closeness(p, "7212", "7212") == p->occ_unit);
    assert_true(match_occ_closeness(p, "7212", "7213") == p->occ_minor);
    assert_true(match_occ_closeness(p, "7212", "7221") == p->occ_submajor);
    assert_true(match_occ_closeness(p, "7212", "7111") == p->occ_major);
    assert_true(match_occ_closeness(p, "7212", "8121") == p->occ_other);
    assert_true(match_occ_closeness(p, "72", "7212") == p->occ_submajor);

    vl_match_index_destroy(idx);
    tfree(&t);
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
}

/* ---- errors ---------------------------------------------------------------------------------- */

static void test_unknown_ids(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *model = default_model();
    tdata t;
    tinit(&t);
    tvac(&t, "V1");
    tseek(&t, "S1");
    vl_match_index *idx;
    assert_int_equal(vl_match_index_create(ctx, tds(&t), model, NULL, &idx), VL_OK);
    vl_match_results *r = (vl_match_results *)&r;
    assert_int_equal(vl_match_by_seeker(ctx, idx, "S9", 3, 0, &r), VL_ERR_NOTFOUND);
    assert_null(r);
    assert_string_equal(vl_ctx_errmsg(ctx), "no seeker with id 'S9'");
    assert_int_equal(vl_match_by_vacancy(ctx, idx, "S1", 3, 0, &r), VL_ERR_NOTFOUND);
    assert_int_equal(vl_match_by_seeker(ctx, idx, NULL, 3, 0, &r), VL_ERR_ARG);
    vl_match_candidate *c;
    size_t n;
    assert_int_equal(vl_match_candidates(ctx, idx, 1.5, 0, &c, &n), VL_ERR_ARG);
    assert_true(vl_match_index_find_seeker(idx, "S1", NULL));
    assert_false(vl_match_index_find_vacancy(idx, "V2", NULL));
    vl_match_index_destroy(idx);
    vl_match_index_destroy(NULL);
    vl_match_results_destroy(NULL);

    /* duplicate ids are refused */
    tvac(&t, "V1");
    assert_int_equal(vl_match_index_create(ctx, tds(&t), model, NULL, &idx), VL_ERR_INVALID);
    assert_null(idx);
    assert_int_equal(vl_match_index_create(ctx, NULL, model, NULL, &idx), VL_ERR_ARG);
    static const int32_t bad_dates[] = {20260230, 20261301, 2026031, 20250229};
    for (size_t i = 0; i < VL_ARRAY_LEN(bad_dates); i++) {
        vl_match_options bad = {.as_of = bad_dates[i]};
        assert_int_equal(vl_match_index_create(ctx, tds(&t), model, &bad, &idx), VL_ERR_ARG);
    }
    tfree(&t);

    /* an empty dataset gives empty results */
    tinit(&t);
    assert_int_equal(vl_match_index_create(ctx, tds(&t), model, NULL, &idx), VL_OK);
    assert_int_equal(vl_match_all_seekers(ctx, idx, 10, 0, &r), VL_OK);
    assert_int_equal(vl_match_results_count(r), 0);
    vl_match_results_destroy(r);
    vl_match_index_destroy(idx);
    tfree(&t);
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
}

/* ---- a fair's vacancies only ----------------------------------------------------------------- */

static void test_fair_subset(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *model = default_model();
    tdata t;
    tinit(&t);
    tvac(&t, "V1")->fair = "HD-2026-03";
    tvac(&t, "V2");
    tvac(&t, "V3")->fair = "HD-2026-04";
    tvac(&t, "V4")->fair = "HD-2026-03";
    t.vac[3].positions = 0; /* at the fair but no position */
    tseek(&t, "S1");
    tseek(&t, "S2")->area = "290";
    for (int with_fair = 0; with_fair < 2; with_fair++) {
        vl_match_options opt = {.as_of = AS_OF, .fair = with_fair ? "HD-2026-03" : NULL};
        vl_match_index *idx;
        assert_int_equal(vl_match_index_create(ctx, tds(&t), model, &opt, &idx), VL_OK);
        assert_int_equal(vl_match_index_vacancy_count(idx), with_fair ? 1 : 3);
        assert_true(vl_match_index_has_vacancy(idx, 0));
        assert_int_equal(vl_match_index_has_vacancy(idx, 1), !with_fair);
        assert_int_equal(vl_match_index_has_vacancy(idx, 2), !with_fair);
        assert_false(vl_match_index_has_vacancy(idx, 3));
        vl_match_candidate *c;
        size_t n;
        assert_int_equal(vl_match_candidates(ctx, idx, 0, 0, &c, &n), VL_OK);
        assert_int_equal(n, with_fair ? 2 : 6);
        for (size_t i = 0; i < n; i++) {
            assert_true(!with_fair || c[i].vacancy == 0);
            assert_true(i == 0 || c[i].seeker >= c[i - 1].seeker);
        }
        vl_match_candidates_free(c);
        vl_match_index_destroy(idx);
    }
    tfree(&t);
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
}

/* ---- protected attributes ---------------------------------------------------------------------
 */

static char *all_json(vl_ctx *ctx, const vl_dataset *ds, const vl_match_model *model)
{
    vl_match_index *idx;
    vl_match_options opt = {.as_of = AS_OF};
    assert_int_equal(vl_match_index_create(ctx, ds, model, &opt, &idx), VL_OK);
    vl_match_results *r;
    assert_int_equal(vl_match_all_seekers(ctx, idx, 5, 0, &r), VL_OK);
    char *a = vl_match_results_json(idx, r, true);
    vl_match_results_destroy(r);
    vl_buf b = {0};
    vl_buf_puts(&b, a);
    free(a);
    for (size_t v = 0; v < ds->n_vacancies; v++) {
        assert_int_equal(vl_match_by_vacancy(ctx, idx, ds->vacancies[v].id, 7, 0, &r), VL_OK);
        a = vl_match_results_json(idx, r, false);
        vl_buf_puts(&b, a);
        free(a);
        vl_match_results_destroy(r);
    }
    vl_match_candidate *c;
    size_t n;
    assert_int_equal(vl_match_candidates(ctx, idx, 0.1, 4, &c, &n), VL_OK);
    for (size_t i = 0; i < n; i++)
        vl_buf_printf(&b, "%zu %zu %.17g %.17g %.17g\n", c[i].seeker, c[i].vacancy, c[i].score,
                      c[i].fit, c[i].appeal);
    vl_match_candidates_free(c);
    vl_match_index_destroy(idx);
    return b.data;
}

/* ---- randomized instances -----------------------------------------------------------------------
 */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static size_t rndn(size_t n)
{
    return (size_t)(rnd() % n);
}

static const char *const occ_pool[] = {"7212", "7213", "7221", "7111", "8121", "8152", "8153",
                                       "8211", "8212", "9329", "9333", "7533", "7531", "3115"};
static const char *const skill_pool[] = {
    "Hàn điện",        "HAN DIEN", "Hàn TIG",         "Tiện CNC",   "Phay",
    "May công nghiệp", "Vắt sổ",   "Lái xe nâng",     "Đọc bản vẽ", "Kiểm tra chất lượng",
    "Tiếng Nhật",      "Excel",    "Lắp ráp điện tử", "Hàn thiếc"};
/* three areas with centroids, one code without (977), and no area at all */
static const char *const area_pool[] = {"288", "290", "292", "977", NULL};
static const vl_lang lang_pool[] = {{"ja", VL_LANG_JLPT, 4, 2},
                                    {"ja", VL_LANG_JLPT, 3, 3},
                                    {"ko", VL_LANG_TOPIK, 3, 3},
                                    {"en", VL_LANG_CEFR, 2, 2}};

static const char *random_skills(tdata *t, size_t max)
{
    size_t n = rndn(max + 1);
    char buf[512] = "";
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(buf, ";");
        strcat(buf, skill_pool[rndn(VL_ARRAY_LEN(skill_pool))]);
    }
    return tstr(t, buf);
}

/* A random instance: few distinct values, so many exact ties in score. */
static void random_instance(tdata *t, size_t n_vac, size_t n_seek, bool fold_keys)
{
    tinit(t);
    /* ids are (i * 37) mod n and (i * 61) mod n: a permutation when n is prime to 37, 61 */
    n_vac += n_vac % 37 == 0;
    n_seek += n_seek % 61 == 0;
    for (size_t i = 0; i < n_vac; i++) {
        char id[32];
        snprintf(id, sizeof id, "V%03zu", (i * 37) % n_vac); /* ids not in dataset order */
        vl_vacancy *v = tvac(t, id);
        if (i > 0 && rndn(5) == 0) { /* a duplicate of the previous one but for the id */
            const char *keep = v->id;
            *v = t->vac[t->n_vac - 2];
            v->id = keep;
            continue;
        }
        strcpy(v->occupation, occ_pool[rndn(VL_ARRAY_LEN(occ_pool))]);
        if (rndn(6) == 0)
            v->occupation[rndn(3) + 1] = '\0'; /* a 1-3 digit group code */
        const char *req = random_skills(t, 2), *pref = random_skills(t, 4);
        v->skills_required = tlist(t, req, false);
        v->skills_required_keys = fold_keys ? tlist(t, req, true) : (vl_strlist){0};
        v->skills_preferred = tlist(t, pref, false);
        v->skills_preferred_keys = fold_keys ? tlist(t, pref, true) : (vl_strlist){0};
        v->education_min = (int)rndn(8) - 1;
        v->experience_min = (double)rndn(4) * 0.5;
        v->wage_min = rndn(4) ? 5e6 + 5e5 * (double)rndn(8) : 0;
        v->wage_max = rndn(2) ? v->wage_min + 1e6 * (double)rndn(3) : 0;
        v->positions = (int)rndn(4);
        if (rndn(5) == 0) {
            v->area = NULL;
            strcpy(v->country, rndn(2) ? "JP" : "KR");
            v->languages = &lang_pool[rndn(3)];
            v->n_languages = 1;
            v->age_min = 18;
            v->age_max = 30 + (int)rndn(6);
        } else {
            v->area = area_pool[rndn(12) ? rndn(3) : 3 + rndn(2)];
            if (rndn(8) == 0) {
                v->languages = &lang_pool[3];
                v->n_languages = 1;
            }
        }
        v->closes = rndn(8) ? 20260415 : 20260201;
    }
    for (size_t i = 0; i < n_seek; i++) {
        char id[32];
        snprintf(id, sizeof id, "S%04zu", (i * 61) % n_seek);
        vl_seeker *s = tseek(t, id);
        char occ[64];
        snprintf(occ, sizeof occ, "%s;%s;%s", occ_pool[rndn(VL_ARRAY_LEN(occ_pool))],
                 occ_pool[rndn(VL_ARRAY_LEN(occ_pool))], occ_pool[rndn(VL_ARRAY_LEN(occ_pool))]);
        occ[4 + 5 * rndn(3)] = '\0';
        s->occupations = tlist(t, rndn(10) ? occ : "", false);
        const char *sk = random_skills(t, 6);
        s->skills = tlist(t, sk, false);
        s->skills_keys = fold_keys ? tlist(t, sk, true) : (vl_strlist){0};
        s->education = (int)rndn(9) - 1;
        s->experience_years = (double)rndn(6) * 0.5;
        s->wage_min = rndn(4) ? 5e6 + 5e5 * (double)rndn(8) : 0;
        s->area = area_pool[rndn(12) ? rndn(3) : 3 + rndn(2)];
        s->birth_year = rndn(10) ? 1980 + (int)rndn(25) : 0;
        s->max_commute_km = rndn(3) ? (double)(rndn(5) * 15) : MATCH_NAN;
        if (rndn(3) == 0)
            s->abroad = tlist(t, rndn(2) ? "JP" : (rndn(2) ? "*" : "KR;TW"), false);
        if (rndn(2)) {
            s->languages = &lang_pool[rndn(4)];
            s->n_languages = 1;
        }
        s->status = rndn(8) ? VL_SEEKER_ACTIVE : VL_SEEKER_PLACED;
    }
}

static bool same_results(const vl_match_results *a, const vl_match_results *b)
{
    if (vl_match_results_count(a) != vl_match_results_count(b))
        return false;
    for (size_t i = 0; i < vl_match_results_count(a); i++)
        if (memcmp(vl_match_results_at(a, i), vl_match_results_at(b, i), sizeof(vl_match_result)) !=
            0)
            return false;
    return true;
}

static void test_index_equals_exhaustive(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    rng_state = 0x9e3779b97f4a7c15ull;
    uint64_t scored_index = 0, scored_all = 0;
    for (int inst = 0; inst < 40; inst++) {
        tdata t;
        random_instance(&t, 40 + rndn(60), 60 + rndn(120), inst % 2 == 0);
        vl_match_model *model = default_model();
        model->p.min_score = (double)rndn(4) * 0.1;
        if (inst % 3 == 1)
            model->p.combine = MATCH_COMBINE_ARITHMETIC;
        if (inst % 4 == 2)
            model->p.fit_share = 0.3;
        vl_match_index *idx;
        vl_match_options opt = {.as_of = AS_OF};
        assert_int_equal(vl_match_index_create(ctx, tds(&t), model, &opt, &idx), VL_OK);
        size_t k = 1 + rndn(12);
        for (size_t s = 0; s < t.n_seek; s++) {
            vl_match_results *a, *b;
            assert_int_equal(vl_match_by_seeker(ctx, idx, t.seek[s].id, k, 0, &a), VL_OK);
            assert_int_equal(vl_match_by_seeker(ctx, idx, t.seek[s].id, k, VL_MATCH_EXHAUSTIVE, &b),
                             VL_OK);
            if (!same_results(a, b)) {
                for (size_t i = 0; i < vl_match_results_count(a); i++)
                    fprintf(stderr, "# index %s %.17g\n",
                            t.vac[vl_match_results_at(a, i)->vacancy].id,
                            vl_match_results_at(a, i)->score);
                for (size_t i = 0; i < vl_match_results_count(b); i++)
                    fprintf(stderr, "# exhaustive %s %.17g\n",
                            t.vac[vl_match_results_at(b, i)->vacancy].id,
                            vl_match_results_at(b, i)->score);
                fail_msg("instance %d seeker %s: index and exhaustive differ", inst, t.seek[s].id);
            }
            uint64_t sa, sb;
            vl_match_results_work(a, &sa, NULL);
            vl_match_results_work(b, &sb, NULL);
            scored_index += sa;
            scored_all += sb;
            /* sorted by score, ties by vacancy id */
            for (size_t i = 1; i < vl_match_results_count(a); i++) {
                const vl_match_result *x = vl_match_results_at(a, i - 1);
                const vl_match_result *y = vl_match_results_at(a, i);
                assert_true(x->score > y->score ||
                            (x->score == y->score &&
                             strcmp(t.vac[x->vacancy].id, t.vac[y->vacancy].id) < 0));
            }
            vl_match_results_destroy(a);
            vl_match_results_destroy(b);
        }
        for (size_t v = 0; v < t.n_vac; v++) {
            vl_match_results *a, *b;
            assert_int_equal(vl_match_by_vacancy(ctx, idx, t.vac[v].id, k, 0, &a), VL_OK);
            assert_int_equal(vl_match_by_vacancy(ctx, idx, t.vac[v].id, k, VL_MATCH_EXHAUSTIVE, &b),
                             VL_OK);
            if (!same_results(a, b))
                fail_msg("instance %d vacancy %s: index and exhaustive differ", inst, t.vac[v].id);
            vl_match_results_destroy(a);
            vl_match_results_destroy(b);
        }
        /* the batch: identical on 1 and 3 threads and to the per-seeker queries */
        vl_match_results *one, *three, *ex;
        vl_ctx_set_threads(ctx, 1);
        assert_int_equal(vl_match_all_seekers(ctx, idx, k, 0, &one), VL_OK);
        vl_ctx_set_threads(ctx, 3);
        assert_int_equal(vl_match_all_seekers(ctx, idx, k, 0, &three), VL_OK);
        assert_int_equal(vl_match_all_seekers(ctx, idx, k, VL_MATCH_EXHAUSTIVE, &ex), VL_OK);
        assert_true(same_results(one, three));
        assert_true(same_results(one, ex));
        size_t pos = 0;
        for (size_t s = 0; s < t.n_seek; s++) {
            vl_match_results *a;
            assert_int_equal(vl_match_by_seeker(ctx, idx, t.seek[s].id, k, 0, &a), VL_OK);
            for (size_t i = 0; i < vl_match_results_count(a); i++)
                assert_memory_equal(vl_match_results_at(a, i), vl_match_results_at(one, pos++),
                                    sizeof(vl_match_result));
            vl_match_results_destroy(a);
        }
        assert_int_equal(pos, vl_match_results_count(one));
        /* candidates: every eligible pair above the minimum, best per_seeker of each seeker */
        double min = (double)rndn(5) * 0.1;
        size_t per = 1 + rndn(6);
        vl_match_candidate *c1, *c3;
        size_t n1, n3;
        assert_int_equal(vl_match_candidates(ctx, idx, min, per, &c3, &n3), VL_OK);
        vl_ctx_set_threads(ctx, 1);
        assert_int_equal(vl_match_candidates(ctx, idx, min, per, &c1, &n1), VL_OK);
        assert_int_equal(n1, n3);
        assert_memory_equal(c1, c3, n1 * sizeof *c1);
        size_t ci = 0;
        for (size_t s = 0; s < t.n_seek; s++) {
            size_t got = 0;
            /* brute force: every pair */
            size_t ns = 0;
            for (size_t v = 0; v < t.n_vac; v++) {
                double d;
                if (!match_eligible(idx, s, v, &d))
                    continue;
                vl_match_result r;
                match_score_pair(idx, s, v, d, &r);
                if (r.score >= min)
                    ns++;
            }
            while (ci < n1 && c1[ci].seeker == s) {
                got++;
                ci++;
            }
            assert_int_equal(got, ns < per ? ns : per);
        }
        assert_int_equal(ci, n1);
        vl_match_candidates_free(c1);
        vl_match_candidates_free(c3);
        vl_match_results_destroy(one);
        vl_match_results_destroy(three);
        vl_match_results_destroy(ex);
        vl_ctx_set_threads(ctx, 0);

        /* protected attributes change nothing, byte for byte */
        if (inst < 6) {
            char *before = all_json(ctx, tds(&t), model);
            for (size_t s = 0; s < t.n_seek; s++) {
                t.seek[s].gender = s % 2 ? "M" : "F";
                t.seek[s].name = s % 3 ? "Lò Văn Páo" : "Trần Thị Bích Ngọc";
                t.seek[s].priority ^= VL_PRIO_ETHNIC_MINORITY | VL_PRIO_POOR |
                                      (s % 2 ? VL_PRIO_DISABILITY : VL_PRIO_DEMOBILISED);
            }
            char *after = all_json(ctx, tds(&t), model);
            assert_string_equal(before, after);
            free(before);
            free(after);
        }
        vl_match_index_destroy(idx);
        vl_match_model_destroy(model);
        tfree(&t);
    }
    /* the index must have saved work on these instances */
    assert_true(scored_index < scored_all);
    vl_ctx_destroy(ctx);
}

/* ---- why (not) ---------------------------------------------------------------------------------
 */

/* Every failed constraint at once, with the values a desk clerk reads. */
static void test_why_details(void **state)
{
    (void)state;
    tdata t;
    tinit(&t);
    vl_vacancy *v = tvac(&t, "V1");
    vl_seeker *s = tseek(&t, "S1");
    static const vl_lang n3 = {"ja", VL_LANG_JLPT, 3, 3};
    v->skills_required = tlist(&t, "May công nghiệp;Lái xe nâng", false);
    v->skills_required_keys = tlist(&t, "May công nghiệp;Lái xe nâng", true);
    v->languages = &n3;
    v->n_languages = 1;
    v->education_min = VL_EDU_COLLEGE;
    v->age_min = 30;
    s->max_commute_km = 5; /* 288 -> 290 is about 11 km */
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *model = default_model();
    vl_match_index *idx;
    vl_match_options opt = {.as_of = AS_OF};
    assert_int_equal(vl_match_index_create(ctx, tds(&t), model, &opt, &idx), VL_OK);
    vl_match_why *w;
    assert_int_equal(vl_match_why_create(ctx, idx, "S1", "V1", false, 0, &w), VL_OK);
    assert_false(w->eligible);
    assert_int_equal(w->n_failures, 5);
    const vl_match_failure *f = w->failures;
    assert_string_equal(f[0].constraint, "skills_required");
    assert_int_equal(f[0].n_missing, 1);
    assert_string_equal(f[0].missing[0], "Lái xe nâng"); /* as the vacancy wrote it */
    assert_string_equal(f[1].constraint, "languages");
    assert_int_equal(f[1].n_missing, 1);
    assert_string_equal(f[1].missing[0], "ja:N3");
    assert_string_equal(f[2].constraint, "education");
    assert_int_equal(f[2].required, VL_EDU_COLLEGE);
    assert_int_equal(f[2].has, VL_EDU_UPPER_SECONDARY);
    assert_string_equal(f[3].constraint, "age");
    assert_int_equal(f[3].age, 28);
    assert_int_equal(f[3].min, 30);
    assert_string_equal(f[4].constraint, "distance");
    assert_true(f[4].km > 10 && f[4].km < 12);
    assert_true(f[4].limit == 5);
    assert_int_equal(w->rank, 0);
    assert_int_equal(w->n_parts, 0);
    assert_int_equal(w->top, vl_match_model_top(model)); /* 0 = the model's */
    char *json = vl_match_why_json(idx, w);
    assert_non_null(strstr(json, "\"missing\": [\n        \"Lái xe nâng\""));
    assert_non_null(strstr(json, "\"required\": \"college\""));
    assert_non_null(strstr(json, "\"as_of\": \"2026-03-01\""));
    free(json);
    vl_match_why_destroy(w);
    /* unknown ids are named */
    assert_int_equal(vl_match_why_create(ctx, idx, "S9", "V1", false, 5, &w), VL_ERR_NOTFOUND);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "S9"));
    assert_int_equal(vl_match_why_create(ctx, idx, "S1", "V9", true, 5, &w), VL_ERR_NOTFOUND);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "V9"));
    vl_match_why_destroy(NULL);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
    tfree(&t);
}

/*
 * On random instances full of ties: the rank vl_match_why reports is the pair's position in the
 * full list (every eligible pair listed: min_score 0, top = all), and against a short list it
 * says listed or not, and the gap to the last listed pair, with the component effects exact for
 * a pair that differs from the last in one component only.
 */
static void test_why_rank(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *model = default_model();
    model->p.min_score = 0;
    for (int round = 0; round < 4; round++) {
        tdata t;
        random_instance(&t, 60, 80, true);
        vl_match_index *idx;
        vl_match_options opt = {.as_of = AS_OF};
        assert_int_equal(vl_match_index_create(ctx, tds(&t), model, &opt, &idx), VL_OK);
        size_t checked = 0;
        for (size_t k = 0; k < 200; k++) {
            const vl_seeker *s = &t.seek[rndn(t.n_seek)];
            const vl_vacancy *v = &t.vac[rndn(t.n_vac)];
            bool by_vac = rndn(2);
            vl_match_results *full, *shortl;
            size_t all = by_vac ? t.n_seek : t.n_vac, top = 1 + rndn(4);
            if (by_vac) {
                assert_int_equal(vl_match_by_vacancy(ctx, idx, v->id, all, 0, &full), VL_OK);
                assert_int_equal(vl_match_by_vacancy(ctx, idx, v->id, top, 0, &shortl), VL_OK);
            } else {
                assert_int_equal(vl_match_by_seeker(ctx, idx, s->id, all, 0, &full), VL_OK);
                assert_int_equal(vl_match_by_seeker(ctx, idx, s->id, top, 0, &shortl), VL_OK);
            }
            /* mostly a pair of the list (random pairs are rarely eligible), else any pair */
            if (vl_match_results_count(full) && rndn(4)) {
                const vl_match_result *r =
                    vl_match_results_at(full, rndn(vl_match_results_count(full)));
                s = &t.seek[r->seeker];
                v = &t.vac[r->vacancy];
            }
            vl_match_why *w;
            assert_int_equal(vl_match_why_create(ctx, idx, s->id, v->id, by_vac, top, &w), VL_OK);
            size_t pos = 0;
            for (size_t i = 0; i < vl_match_results_count(full); i++) {
                const vl_match_result *r = vl_match_results_at(full, i);
                if (strcmp(t.seek[r->seeker].id, s->id) == 0 &&
                    strcmp(t.vac[r->vacancy].id, v->id) == 0)
                    pos = i + 1;
            }
            assert_int_equal(w->eligible, pos > 0);
            assert_int_equal(w->n_listed, vl_match_results_count(shortl));
            if (w->eligible) {
                checked++;
                assert_int_equal(w->rank, pos);
                assert_int_equal(w->n_eligible, vl_match_results_count(full));
                const vl_match_result *r = vl_match_results_at(full, pos - 1);
                assert_true(w->result.score == r->score && w->result.fit == r->fit);
                assert_int_equal(w->listed, pos <= top);
                const vl_match_result *last = vl_match_results_at(shortl, w->n_listed - 1);
                assert_true(w->gap == last->score - w->result.score);
                assert_true(w->listed ? w->gap <= 0 : w->gap >= 0);
                assert_int_equal(w->n_parts, 7);
                size_t differ = 0, at = 0;
                for (size_t i = 0; i < 7; i++) {
                    if (w->parts[i].value != w->parts[i].last) {
                        differ++;
                        at = i;
                    } else {
                        assert_true(w->parts[i].effect == 0);
                    }
                    if (i)
                        assert_true(w->parts[i - 1].effect >= w->parts[i].effect);
                }
                if (differ == 1)
                    assert_true(fabs(w->parts[at].effect - w->gap) < 1e-12);
            }
            vl_match_why_destroy(w);
            vl_match_results_destroy(full);
            vl_match_results_destroy(shortl);
        }
        assert_true(checked > 10);
        vl_match_index_destroy(idx);
        tfree(&t);
    }
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_file),
        cmocka_unit_test(test_broken_models),
        cmocka_unit_test(test_hard_constraints),
        cmocka_unit_test(test_components),
        cmocka_unit_test(test_unknown_ids),
        cmocka_unit_test(test_fair_subset),
        cmocka_unit_test(test_index_equals_exhaustive),
        cmocka_unit_test(test_why_details),
        cmocka_unit_test(test_why_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
