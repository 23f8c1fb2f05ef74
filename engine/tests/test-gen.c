/*
 * test-gen.c - the synthetic data generator: determinism (same seed, same bytes; the committed
 * fixtures/sample regenerates exactly), sizes, every row valid against the reference data and the
 * import contract (and imported by the store without a problem), distribution sanity (abroad,
 * priority, fairs, Q1 peak, shortages), the typist's spellings, the PRNG and the areas reader.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/internal.h"
#include "store/sha256.h"
#include "io/csv.h"

static const char *const csv_files[] = {"employers.csv", "vacancies.csv", "seekers.csv",
                                        "history.csv", "labour-balance-history.csv"};

static vl_ctx *new_ctx(void)
{
    vl_ctx *ctx = NULL;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    return ctx;
}

static void small_options(vl_gen_options *o, uint64_t seed)
{
    vl_gen_options_default(o);
    o->seed = seed;
    o->n_seekers = 1537;
    o->n_employers = 61;
    o->n_vacancies = 389;
    o->quarters = 23;
}

static const char *path_in(const char *dir, const char *name)
{
    static char bufs[4][1024];
    static unsigned slot;
    char *b = bufs[slot++ % 4];
    snprintf(b, 1024, "%s/%s", dir, name);
    return b;
}

/* ---- a tiny set of strings (reference codes) ------------------------------------------------ */
typedef struct strset {
    char **items;
    size_t n, cap;
} strset;

static bool set_has(const strset *s, const char *v);

/* Adds v unless it is there already. */
static void set_add(strset *s, const char *v)
{
    if (set_has(s, v))
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->items = realloc(s->items, s->cap * sizeof *s->items);
        assert_non_null(s->items);
    }
    s->items[s->n++] = strdup(v);
}

static bool set_has(const strset *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i], v) == 0)
            return true;
    return false;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof *s);
}

/* Column `col` of a reference CSV (optionally only rows whose column `fcol` equals `fval`). */
static void read_column(const char *path, const char *col, const char *fcol, const char *fval,
                        strset *out)
{
    vl_ctx *ctx = new_ctx();
    vl_csv_reader *r;
    assert_int_equal(vl_csv_open(ctx, path, &r), VL_OK);
    long c = vl_csv_find(r, col), fc = fcol ? vl_csv_find(r, fcol) : -1;
    assert_true(c >= 0);
    const vl_csv_record *rec;
    while (vl_csv_next(r, &rec) == VL_OK && rec) {
        assert_null(rec->problem);
        if (fc >= 0 && strcmp(rec->fields[fc], fval) != 0)
            continue;
        set_add(out, rec->fields[c]);
    }
    vl_csv_close(r);
    vl_ctx_destroy(ctx);
}

/* The areas the sample's history is keyed by: the pre-reform districts that became Hải Phòng
 * (31), counted in the fixture's crosswalk. */
static size_t history_districts(void)
{
    strset d = {0};
    read_column(vt_source("fixtures/reference/crosswalk_2024_2025.csv"), "old_district_code",
                "new_province_code", "31", &d);
    size_t n = d.n;
    set_free(&d);
    return n;
}

/* ---- PRNG and dates ------------------------------------------------------------------------- */

static void test_rng(void **state)
{
    (void)state;
    gen_rng a, b, c;
    gen_rng_seed(&a, 2385, GEN_STREAM_SEEKER, 17);
    gen_rng_seed(&b, 2385, GEN_STREAM_SEEKER, 17);
    gen_rng_seed(&c, 2385, GEN_STREAM_SEEKER, 18);
    int same_c = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = gen_rng_next(&a);
        assert_true(x == gen_rng_next(&b));
        same_c += x == gen_rng_next(&c);
    }
    assert_int_equal(same_c, 0);
    /* uniform draws stay in range and fill it evenly */
    int hist[7] = {0};
    double sum = 0, sumsq = 0;
    for (int i = 0; i < 70000; i++) {
        int v = gen_rng_range(&a, -3, 3);
        assert_true(v >= -3 && v <= 3);
        hist[v + 3]++;
        double u = gen_rng_unit(&a);
        assert_true(u >= 0 && u < 1);
        double z = gen_rng_normal(&a);
        assert_true(z >= -6 && z <= 6);
        sum += z;
        sumsq += z * z;
    }
    for (int k = 0; k < 7; k++)
        assert_true(hist[k] > 9000 && hist[k] < 11000);
    assert_true(fabs(sum / 70000) < 0.03);
    assert_true(fabs(sumsq / 70000 - 1) < 0.05);
    double cum[3] = {1, 1, 4}; /* weights 1, 0, 3 */
    int got[3] = {0};
    for (int i = 0; i < 40000; i++)
        got[gen_rng_pick(&a, cum, 3)]++;
    assert_int_equal(got[1], 0);
    assert_true(got[2] > 2.7 * got[0] && got[2] < 3.3 * got[0]);
}

static void test_dates(void **state)
{
    (void)state;
    /* gen_date_add is the inverse of vl__date_days, across month ends and leap days */
    int32_t d = 19991225;
    for (int i = 0; i < 12000; i += 7) {
        int32_t e = gen_date_add(d, i);
        assert_int_equal(vl__date_days(e) - vl__date_days(d), i);
        char buf[11];
        int32_t back;
        vl__format_date(e, buf);
        assert_true(vl__parse_date(buf, &back));
        assert_int_equal(back, e);
        assert_int_equal(gen_date_add(e, -i), d);
    }
    assert_int_equal(gen_date_add(20240228, 1), 20240229);
    assert_int_equal(gen_date_add(20230228, 1), 20230301);
}

/* ---- catalogue and typist ------------------------------------------------------------------- */

static void test_catalog_codes(void **state)
{
    (void)state;
    strset units = {0}, sections = {0};
    read_column(vt_source("fixtures/reference/isco08_structure.csv"), "code", "level", "4", &units);
    read_column(vt_source("fixtures/reference/vsic2018_sections.csv"), "code", NULL, NULL,
                &sections);
    assert_int_equal(sections.n, gen_n_vsic_sections);
    for (size_t i = 0; i < gen_n_vsic_sections; i++)
        assert_true(set_has(&sections, gen_vsic_sections[i]));
    for (size_t i = 0; i < gen_n_occs; i++) {
        if (!set_has(&units, gen_occs[i].code))
            fail_msg("occupation %s is not an ISCO-08 unit group", gen_occs[i].code);
        assert_true(gen_occs[i].wage_lo < gen_occs[i].wage_hi);
        assert_true(gen_occs[i].pos_max >= 1 && gen_occs[i].pos_max <= 20);
        assert_true(gen_occs[i].skills[0] != NULL);
        for (size_t j = i + 1; j < gen_n_occs; j++)
            assert_string_not_equal(gen_occs[i].code, gen_occs[j].code);
    }
    int wsum = 0;
    for (size_t p = 0; p < gen_n_profiles; p++) {
        assert_true(set_has(&sections, gen_profiles[p].section));
        wsum += gen_profiles[p].weight;
        for (size_t k = 0; k < GEN_MAX_PROFILE_OCC && gen_profiles[p].occ[k]; k++)
            assert_true(gen_occ_find(gen_profiles[p].occ[k]) >= 0);
    }
    assert_int_equal(wsum, 100);
    for (size_t p = 0; p < gen_n_programmes; p++)
        for (size_t k = 0; k < GEN_MAX_PROG_OCC && gen_programmes[p].occ[k]; k++)
            assert_true(gen_occ_find(gen_programmes[p].occ[k]) >= 0);
    set_free(&units);
    set_free(&sections);
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* True when s has a letter with a diacritic that decomposes (đ/Đ do not). */
static bool has_marks(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80)
            continue;
        if (p[0] == 0xC4 && (p[1] == 0x90 || p[1] == 0x91)) {
            p++;
            continue;
        }
        return true;
    }
    return false;
}

static void check_label(const gen_typist *t, vl_arena *a, const char *label)
{
    char *nfc = vl_text_nfc(label);
    assert_non_null(nfc);
    if (strcmp(nfc, label) != 0)
        fail_msg("catalogue label '%s' is not NFC", label);
    free(nfc);
    char *key = vl_text_fold(label);
    assert_non_null(key);
    for (int k = 0; k < GEN_TYPE_COUNT; k++) {
        char *typed = gen_typist_type(t, a, label, (gen_typing)k);
        assert_non_null(typed);
        char *fk = vl_text_fold(typed);
        if (strcmp(fk, key) != 0)
            fail_msg("'%s' typed as '%s' folds to '%s', not '%s'", label, typed, fk, key);
        free(fk);
        char *back = vl_text_nfc(typed);
        switch ((gen_typing)k) {
        case GEN_TYPE_ASIS:
            assert_string_equal(typed, label);
            break;
        case GEN_TYPE_NFD: /* same text once composed; different bytes when marked */
            assert_string_equal(back, label);
            if (has_marks(label))
                assert_string_not_equal(typed, label);
            break;
        case GEN_TYPE_PLAIN:
            assert_true(is_ascii(typed));
            for (const char *p = typed; *p; p++)
                assert_false(*p >= 'A' && *p <= 'Z');
            break;
        case GEN_TYPE_UPPER:
            for (const char *p = typed; *p; p++)
                assert_false(*p >= 'a' && *p <= 'z');
            break;
        case GEN_TYPE_LOWER:
            for (const char *p = typed; *p; p++)
                assert_false(*p >= 'A' && *p <= 'Z');
            break;
        case GEN_TYPE_SPACES:
            assert_true(typed[0] == ' ' && typed[strlen(typed) - 1] == ' ');
            break;
        default:
            fail();
        }
        free(back);
    }
    free(key);
}

static void test_typist(void **state)
{
    (void)state;
    gen_typist *t = gen_typist_create();
    assert_non_null(t);
    vl_arena *a = vl_arena_create();
    /* the brief's own example, byte for byte */
    assert_string_equal(gen_typist_type(t, a, "Hàn điện", GEN_TYPE_UPPER), "HÀN ĐIỆN");
    assert_string_equal(gen_typist_type(t, a, "Hàn điện", GEN_TYPE_PLAIN), "han dien");
    assert_string_equal(gen_typist_type(t, a, "Hàn điện", GEN_TYPE_SPACES), " Hàn  điện ");
    assert_string_equal(gen_typist_type(t, a, "Đọc bản vẽ", GEN_TYPE_LOWER), "đọc bản vẽ");
    assert_string_equal(
        gen_typist_type(t, a, "Hàn điện", GEN_TYPE_NFD),
        "Ha\xcc\x80n \xc4\x91ie\xcc\xa3\xcc\x82n"); /* dot below before circumflex */
    for (size_t i = 0; i < gen_n_occs; i++) {
        check_label(t, a, gen_occs[i].title);
        for (size_t j = 0; j < GEN_MAX_SKILLS && gen_occs[i].skills[j]; j++)
            check_label(t, a, gen_occs[i].skills[j]);
    }
    for (size_t i = 0; i < gen_n_generic_skills; i++)
        check_label(t, a, gen_generic_skills[i]);
    /* the typing shares: about half as written, every way present */
    gen_rng r;
    gen_rng_seed(&r, 77, GEN_STREAM_SETUP, 3);
    int n[GEN_TYPE_COUNT] = {0};
    for (int i = 0; i < 20000; i++)
        n[gen_typing_draw(&r)]++;
    assert_true(n[GEN_TYPE_ASIS] > 9000 && n[GEN_TYPE_ASIS] < 11000);
    for (int k = 0; k < GEN_TYPE_COUNT; k++)
        assert_true(n[k] > 1000);
    vl_arena_destroy(a);
    gen_typist_destroy(t);
}

/* ---- options and areas ---------------------------------------------------------------------- */

static void test_bad_options(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_dataset *ds = (vl_dataset *)&ds; /* must be reset to NULL on failure */
    static const struct {
        int32_t as_of;
        int quarters;
        size_t employers, vacancies;
        double abroad, fair, closed;
    } cases[] = {
        {20260230, 40, 5, 5, 0.1, 0.2, 0.1},  /* not a date */
        {20261301, 40, 5, 5, 0.1, 0.2, 0.1},  /* month 13 */
        {20260301, 0, 5, 5, 0.1, 0.2, 0.1},   /* no quarters */
        {20260301, 401, 5, 5, 0.1, 0.2, 0.1}, /* too many */
        {20260301, 40, 0, 5, 0.1, 0.2, 0.1},  /* vacancies without employers */
        {20260301, 40, 5, 5, 1.5, 0.2, 0.1},  /* share above 1 */
        {20260301, 40, 5, 5, -0.2, 0.2, 0.1}, /* negative share */
        {20260301, 40, 5, 5, NAN, 0.2, 0.1},  /* NaN share */
        {20260301, 40, 5, 5, 0.1, 0.95, 0.1}, /* fair vacancies would have to be closed */
        {20260301, 40, 5, 5, 0.1, 0.0, 1.0},  /* everything closed */
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        vl_gen_options o;
        vl_gen_options_default(&o);
        o.as_of = cases[i].as_of;
        o.quarters = cases[i].quarters;
        o.n_employers = cases[i].employers;
        o.n_vacancies = cases[i].vacancies;
        o.abroad_share = cases[i].abroad;
        o.fair_share = cases[i].fair;
        o.closed_share = cases[i].closed;
        if (vl_gen_dataset(ctx, &o, &ds) != VL_ERR_ARG)
            fail_msg("case %zu accepted", i);
        assert_null(ds);
        assert_true(strlen(vl_ctx_errmsg(ctx)) > 0);
        assert_int_equal(vl_gen_write_csv(ctx, &o, vt_tmpfile("bad-options")), VL_ERR_ARG);
    }
    assert_int_equal(vl_gen_dataset(ctx, NULL, &ds), VL_ERR_ARG);
    vl_gen_options o;
    vl_gen_options_default(&o);
    assert_int_equal(vl_gen_write_csv(ctx, &o, ""), VL_ERR_ARG);
    /* an output directory that cannot be created */
    assert_int_equal(vl_gen_write_csv(ctx, &o, "/proc/vieclam-no/such"), VL_ERR_IO);
    /* zero records are fine: headers and history only */
    o.n_seekers = o.n_vacancies = o.n_employers = 0;
    assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_OK);
    assert_int_equal(ds->n_seekers + ds->n_vacancies + ds->n_employers, 0);
    assert_true(ds->n_areas > 0);
    vl_dataset_destroy(ds);
    vl_dataset_destroy(NULL);
    vl_ctx_destroy(ctx);
}

static void test_areas_file(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    const char *good = vt_tmpfile("areas-good.csv");
    /* BOM, CRLF, a quoted name with a comma and a doubled quote, optional columns missing */
    vt_write_file(good, "\xEF\xBB\xBF"
                        "code,name,parent,lat,lon\r\n"
                        "P9,\"Tỉnh \"\"Thử\"\", mới\",,21.5,105.25\r\n"
                        "P9-1,Xã Một,P9,21.51,105.26\r\n"
                        "P9-2,Xã Hai,P9,,\r\n"
                        "\r\n"
                        "Q1,Khác,,1,2\r\n");
    vl_gen_options o;
    small_options(&o, 4242);
    o.areas_path = good;
    o.home_parent = "P9";
    vl_dataset *ds;
    assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_OK);
    assert_int_equal(ds->n_areas, 4);
    assert_string_equal(ds->areas[0].name, "Tỉnh \"Thử\", mới");
    assert_int_equal(ds->areas[0].level, 1);
    assert_int_equal(ds->areas[1].level, 2);
    assert_true(isnan(ds->areas[2].lat));
    assert_true(fabs(ds->areas[1].lon - 105.26) < 1e-12);
    for (size_t i = 0; i < ds->n_seekers; i++)
        assert_true(strcmp(ds->seekers[i].area, "P9-1") == 0 ||
                    strcmp(ds->seekers[i].area, "P9-2") == 0);
    for (size_t i = 0; i < ds->n_employers; i++)
        assert_true(strcmp(ds->employers[i].area, "P9-1") == 0 ||
                    strcmp(ds->employers[i].area, "P9-2") == 0);
    vl_dataset_destroy(ds);

    /* problems: each named with file, line and column */
    static const struct {
        const char *text;
        vl_status st;
        const char *diag; /* expected first diagnostic (suffix after the path), or NULL */
    } cases[] = {
        {"code,name,parent,lat\n1,A,,1\n", VL_ERR_INVALID, NULL},
        {"code,name,parent,lat,lon\nX,A,30,1,2,3\n", VL_ERR_INVALID, ":2: 6 fields where"},
        {"code,name,parent,lat,lon\nX,A,30,1,5\nY,B,30,21;5,2\n", VL_ERR_INVALID,
         ":3: column lat: not a number"},
        {"code,name,parent,lat,lon,level\nX,A,30,1,2,7\n", VL_ERR_INVALID,
         ":2: column level: not 1, 2 or 3"},
        {"code,name,parent,lat,lon,valid_to\nX,A,30,1,2,2025-02-30\n", VL_ERR_INVALID,
         ":2: column valid_to: not a date"},
        {"code,name,parent,lat,lon\n,A,30,1,2\n", VL_ERR_INVALID, ":2: column code: empty"},
        {"code,name,parent,lat,lon\nX,\"A,30,1,2\n", VL_ERR_INVALID, ":2: a quote is never"},
        {"", VL_ERR_INVALID, NULL},
        {"code,name,parent,lat,lon\nX,Vi\xea\xf2t,30,1,2\n", VL_ERR_INVALID, NULL},
        {"code,name,parent,lat,lon\nX,A,99,1,2\n", VL_ERR_ARG, NULL}, /* no home area */
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        const char *p = vt_tmpfile("areas-bad.csv");
        vt_write_file(p, cases[i].text);
        o.areas_path = p;
        o.home_parent = NULL;
        ds = (vl_dataset *)&ds;
        vl_status st = vl_gen_dataset(ctx, &o, &ds);
        if (st != cases[i].st)
            fail_msg("case %zu: status %d, expected %d", i, st, cases[i].st);
        assert_null(ds);
        if (cases[i].diag) {
            assert_true(vl_ctx_diag_count(ctx) >= 1);
            const char *d = vl_ctx_diag(ctx, 0);
            if (strncmp(d, p, strlen(p)) != 0 || !strstr(d, cases[i].diag))
                fail_msg("case %zu: diagnostic '%s'", i, d);
        }
    }
    o.areas_path = vt_tmpfile("no-such-areas.csv");
    assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_ERR_IO);
    vl_ctx_destroy(ctx);
}

/* ---- determinism ---------------------------------------------------------------------------- */

static bool same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = vt_read_file(a, &la), *y = vt_read_file(b, &lb);
    bool same = la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

static void test_determinism(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_gen_options o;
    small_options(&o, 918273);
    const char *d1 = vt_tmpfile("det-1"), *d2 = vt_tmpfile("det-2"), *d3 = vt_tmpfile("det-3");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d1), VL_OK);
    vl_ctx_set_threads(ctx, 3); /* the thread count never matters */
    assert_int_equal(vl_gen_write_csv(ctx, &o, d2), VL_OK);
    o.seed++;
    assert_int_equal(vl_gen_write_csv(ctx, &o, d3), VL_OK);
    for (size_t f = 0; f < VL_ARRAY_LEN(csv_files); f++) {
        assert_true(same_file(path_in(d1, csv_files[f]), path_in(d2, csv_files[f])));
        if (same_file(path_in(d1, csv_files[f]), path_in(d3, csv_files[f])))
            fail_msg("%s does not change with the seed", csv_files[f]);
    }
    /* seekers depend on their index only: a larger set starts with the smaller one */
    vl_dataset *a, *b;
    small_options(&o, 5);
    assert_int_equal(vl_gen_dataset(ctx, &o, &a), VL_OK);
    o.n_seekers *= 2;
    assert_int_equal(vl_gen_dataset(ctx, &o, &b), VL_OK);
    for (size_t i = 0; i < a->n_seekers; i++) {
        assert_string_equal(a->seekers[i].name, b->seekers[i].name);
        assert_int_equal(a->seekers[i].registered, b->seekers[i].registered);
    }
    vl_dataset_destroy(a);
    vl_dataset_destroy(b);
    vl_ctx_destroy(ctx);
}

/* The committed sample is exactly what its documented command writes (fixtures/sample/README.md)
 * - which also proves the output is the same on the machine that made it and on this one. */
static void test_sample_regenerates(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_gen_options o;
    vl_gen_options_default(&o);
    /* the README says the documented command uses the defaults: hold both to it */
    assert_int_equal(o.seed, 20250301);
    assert_int_equal(o.n_seekers, 2000);
    assert_int_equal(o.n_employers, 150);
    assert_int_equal(o.n_vacancies, 400);
    assert_int_equal(o.quarters, 40);
    assert_int_equal(o.as_of, 20260301);
    assert_null(o.home_parent); /* Hải Phòng, 31 */
    const char *d = vt_tmpfile("sample");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d), VL_OK);
    for (size_t f = 0; f < VL_ARRAY_LEN(csv_files); f++) {
        char rel[256];
        snprintf(rel, sizeof rel, "fixtures/sample/%s", csv_files[f]);
        if (!same_file(path_in(d, csv_files[f]), vt_source(rel)))
            fail_msg("%s differs from a fresh run of the documented command", rel);
    }
    /* the desk's record of referrals, follow-ups and counselling, and the fairs the vacancies
     * name (`generate --referrals 400`): the same five files and these four */
    static const char *const referral_files[] = {"referrals.csv", "followups.csv",
                                                 "counselling.csv", "fairs.csv"};
    o.n_referrals = 400;
    d = vt_tmpfile("sample-referrals");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d), VL_OK);
    for (size_t f = 0; f < VL_ARRAY_LEN(csv_files) + VL_ARRAY_LEN(referral_files); f++) {
        const char *name = f < VL_ARRAY_LEN(csv_files)
                               ? csv_files[f]
                               : referral_files[f - VL_ARRAY_LEN(csv_files)];
        char rel[256];
        snprintf(rel, sizeof rel, "fixtures/sample/%s", name);
        if (!same_file(path_in(d, name), vt_source(rel)))
            fail_msg("%s differs from a fresh run of the documented command with --referrals", rel);
    }
    o.n_referrals = 0;
    /* the pre-reform sample (`generate --pre-reform`: the districts of Hải Dương on 2025-03-01)
     * is, byte for byte, the sample committed before the move to the 2025 communes: SHA-256 of
     * each file as last committed then (main 3346354: seekers with the contact stream) */
    static const char *const before[] = {
        "6e3a35ea87533f7ef66df953623ea7d2275b058d14b99f1023ee4db1d9946307",
        "1d76d68ed0e99609f5b89b195218e9b504d0c2e3e7abb00f9ccc553487a7953c",
        "fd499c8cef9568507705fd05f3bbbdbcd7fbbbd5dcb57e8901b8db8a05f11371",
        "e5061b6ba24b5971adfb1fca635c61648045c43513f9ec95c30e17cfa4f17bb2",
        "45e1a2ea068f2bd96701f1f17b6eaff4a762dec2509f92299f94c2f8e0872faa"};
    o.home_parent = "30";
    o.as_of = 20250301;
    d = vt_tmpfile("sample-pre-reform");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d), VL_OK);
    for (size_t f = 0; f < VL_ARRAY_LEN(csv_files); f++) {
        char hex[65];
        assert_int_equal(vl__sha256_file(ctx, path_in(d, csv_files[f]), hex), VL_OK);
        if (strcmp(hex, before[f]) != 0)
            fail_msg("pre-reform %s differs from the sample committed before 2025 communes",
                     csv_files[f]);
    }
    vl_ctx_destroy(ctx);
}

/* ---- validity of every row ------------------------------------------------------------------ */

static size_t count_lines(const char *path)
{
    size_t len, n = 0;
    char *t = vt_read_file(path, &len);
    for (size_t i = 0; i < len; i++)
        n += t[i] == '\n';
    free(t);
    return n;
}

static void check_lang(const vl_lang *l)
{
    assert_true(l->level >= 1 && l->level <= 6);
    assert_int_equal(l->cefr, l->level);
    if (l->scheme == VL_LANG_JLPT)
        assert_string_equal(l->code, "ja");
    if (l->scheme == VL_LANG_TOPIK)
        assert_string_equal(l->code, "ko");
}

static void check_keys(const vl_strlist *labels, const vl_strlist *keys)
{
    assert_int_equal(labels->n, keys->n);
    for (size_t k = 0; k < labels->n; k++) {
        char *f = vl_text_fold(labels->items[k]);
        assert_string_equal(f, keys->items[k]);
        free(f);
        for (size_t j = 0; j < k; j++) /* no skill twice in one list */
            assert_string_not_equal(keys->items[j], keys->items[k]);
    }
}

static void test_rows_valid(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    strset isco = {0}, home = {0}, sections = {0};
    read_column(vt_source("fixtures/reference/isco08_structure.csv"), "code", NULL, NULL, &isco);
    /* the home areas: the 2025 communes of Hải Phòng, from the fixture itself */
    read_column(vt_source("fixtures/reference/communes_2025.csv"), "commune_code", "province_code",
                "31", &home);
    read_column(vt_source("fixtures/reference/vsic2018_sections.csv"), "code", NULL, NULL,
                &sections);
    assert_int_equal(home.n, 114);
    vl_gen_options o;
    small_options(&o, 31337);
    vl_dataset *ds;
    assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_OK);
    assert_int_equal(ds->n_employers, o.n_employers);
    assert_int_equal(ds->n_vacancies, o.n_vacancies);
    assert_int_equal(ds->n_seekers, o.n_seekers);
    assert_int_equal(ds->n_areas, 1 + home.n); /* the province and its communes */
    strset emp = {0};
    for (size_t i = 0; i < ds->n_employers; i++) {
        const vl_employer *e = &ds->employers[i];
        assert_false(set_has(&emp, e->id));
        set_add(&emp, e->id);
        assert_true(set_has(&sections, e->industry));
        assert_true(set_has(&home, e->area));
        assert_true(strlen(e->name) > 10);
    }
    for (size_t i = 0; i < ds->n_vacancies; i++) {
        const vl_vacancy *v = &ds->vacancies[i];
        assert_true(set_has(&emp, v->employer));
        assert_true(set_has(&isco, v->occupation));
        assert_int_equal(strlen(v->occupation), 4);
        if (strcmp(v->country, "VN") == 0)
            assert_true(v->area && set_has(&home, v->area));
        else
            assert_null(v->area);
        assert_true(v->positions >= 1 && v->positions <= 20);
        assert_true(v->skills_required.n >= 1);
        check_keys(&v->skills_required, &v->skills_required_keys);
        check_keys(&v->skills_preferred, &v->skills_preferred_keys);
        for (size_t a = 0; a < v->skills_preferred_keys.n; a++) /* never both */
            for (size_t b = 0; b < v->skills_required_keys.n; b++)
                assert_string_not_equal(v->skills_preferred_keys.items[a],
                                        v->skills_required_keys.items[b]);
        assert_true(v->education_min >= VL_EDU_UNKNOWN && v->education_min < VL_EDU_COUNT);
        assert_true(v->experience_min >= 0 && v->experience_min <= 5);
        assert_true(v->wage_max == 0 || v->wage_max > v->wage_min);
        assert_true(v->wage_min == 0 || (v->wage_min >= 4e6 && v->wage_min <= 50e6));
        assert_true(fmod(v->wage_min, 100000) == 0);
        assert_true(v->age_min == 0 || (v->age_min >= 18 && v->age_max > v->age_min));
        assert_true(v->posted > 0 && (v->closes == 0 || v->closes > v->posted));
        assert_true(v->posted <= o.as_of);
        if (v->fair)
            assert_true(v->closes == 0 || v->closes >= o.as_of);
        for (size_t k = 0; k < v->n_languages; k++)
            check_lang(&v->languages[k]);
    }
    for (size_t i = 0; i < ds->n_seekers; i++) {
        const vl_seeker *s = &ds->seekers[i];
        assert_true(set_has(&home, s->area));
        assert_true(s->occupations.n >= 1 && s->occupations.n <= 3);
        for (size_t k = 0; k < s->occupations.n; k++) {
            assert_true(set_has(&isco, s->occupations.items[k]));
            assert_true(strlen(s->occupations.items[k]) >= 3);
        }
        check_keys(&s->skills, &s->skills_keys);
        assert_true(s->skills.n >= 1);
        int age = o.as_of / 10000 - s->birth_year;
        assert_true(age >= 17 && age <= 60);
        assert_true(s->experience_years >= 0 && s->experience_years <= age - 17);
        assert_true(strcmp(s->gender, "female") == 0 || strcmp(s->gender, "male") == 0);
        assert_true(s->education >= VL_EDU_PRIMARY && s->education < VL_EDU_COUNT);
        assert_true(s->priority < (VL_PRIO_OTHER << 1));
        assert_true(s->status >= VL_SEEKER_ACTIVE && s->status <= VL_SEEKER_WITHDRAWN);
        assert_true(s->registered <= o.as_of && s->registered > o.as_of - 20000);
        assert_true(isnan(s->max_commute_km) || s->max_commute_km > 0);
        for (size_t k = 0; k < s->n_languages; k++)
            check_lang(&s->languages[k]);
        for (size_t k = 0; k < s->abroad.n; k++)
            assert_true(strcmp(s->abroad.items[k], "*") == 0 || strlen(s->abroad.items[k]) == 2);
    }
    /* the CSV files have one line per record plus the header, and the contract's headers */
    const char *d = vt_tmpfile("valid");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d), VL_OK);
    assert_int_equal(count_lines(path_in(d, "employers.csv")), o.n_employers + 1);
    assert_int_equal(count_lines(path_in(d, "vacancies.csv")), o.n_vacancies + 1);
    assert_int_equal(count_lines(path_in(d, "seekers.csv")), o.n_seekers + 1);
    assert_int_equal(count_lines(path_in(d, "history.csv")),
                     history_districts() * 21 * (size_t)o.quarters + 1);
    assert_int_equal(count_lines(path_in(d, "labour-balance-history.csv")),
                     9 * 2 * (size_t)o.quarters + 1);
    char *t = vt_read_file(path_in(d, "vacancies.csv"), NULL);
    assert_true(strncmp(t,
                        "id,employer,title,occupation,skills_required,skills_preferred,"
                        "education_min,experience_min,languages,wage_min,wage_max,positions,"
                        "area,country,age_min,age_max,posted,closes,fair\r\n",
                        strlen("id,employer,title,occupation,skills_required,skills_preferred,"
                               "education_min,experience_min,languages,wage_min,wage_max,"
                               "positions,area,country,age_min,age_max,posted,closes,fair\r\n")) ==
                0);
    free(t);
    t = vt_read_file(path_in(d, "seekers.csv"), NULL);
    const char *sh = "id,name,birth_year,gender,area,education,occupations,skills,"
                     "experience_years,languages,wage_min,max_commute_km,abroad,priority,"
                     "registered,status,phone,id_card\r\n";
    assert_true(strncmp(t, sh, strlen(sh)) == 0);
    free(t);
    /* the CSV says what the in-memory set says (same records, same order) */
    vl_csv_reader *r;
    assert_int_equal(vl_csv_open(ctx, path_in(d, "vacancies.csv"), &r), VL_OK);
    const vl_csv_record *rec;
    size_t i = 0;
    while (vl_csv_next(r, &rec) == VL_OK && rec) {
        const vl_vacancy *v = &ds->vacancies[i++];
        assert_null(rec->problem);
        assert_string_equal(rec->fields[0], v->id);
        assert_string_equal(rec->fields[3], v->occupation);
        assert_string_equal(rec->fields[12], v->area ? v->area : "");
        long long pos;
        assert_true(vl_parse_long(rec->fields[11], &pos) && pos == v->positions);
    }
    assert_int_equal(i, ds->n_vacancies);
    vl_csv_close(r);
    vl_dataset_destroy(ds);
    set_free(&emp);
    set_free(&isco);
    set_free(&home);
    set_free(&sections);
    vl_ctx_destroy(ctx);
}

/* Very few employers: perhaps no labour-export firm (overseas vacancies then go to any
 * employer) or only one (home vacancies then go to it). Every size still gives valid rows. */
static void test_tiny(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    for (size_t ne = 1; ne <= 6; ne++) {
        for (uint64_t seed = 1; seed <= 4; seed++) {
            vl_gen_options o;
            small_options(&o, seed * 7919);
            o.n_employers = ne;
            o.n_vacancies = 37;
            o.n_seekers = 3;
            vl_dataset *ds;
            assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_OK);
            for (size_t i = 0; i < ds->n_vacancies; i++) {
                const vl_vacancy *v = &ds->vacancies[i];
                bool found = false;
                for (size_t e = 0; e < ds->n_employers; e++)
                    found |= strcmp(ds->employers[e].id, v->employer) == 0;
                assert_true(found);
                assert_true((strcmp(v->country, "VN") == 0) == (v->area != NULL));
                assert_true(gen_occ_find(v->occupation) >= 0);
            }
            vl_dataset_destroy(ds);
        }
    }
    vl_ctx_destroy(ctx);
}

/* Fairs over a span of records are named as the others: "<the province's initials>-YYYY-MM". */
static void test_span_fairs(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_gen_options o;
    small_options(&o, 41);
    vl_dataset *ds;
    assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_OK);
    char prefix[16] = "";
    for (size_t i = 0; i < ds->n_vacancies && !*prefix; i++)
        if (ds->vacancies[i].fair)
            snprintf(prefix, sizeof prefix, "%.*s", (int)(strlen(ds->vacancies[i].fair) - 7),
                     ds->vacancies[i].fair);
    vl_dataset_destroy(ds);
    assert_true(strlen(prefix) >= 2);
    o.span_days = 730;
    assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_OK);
    size_t fairs = 0;
    for (size_t i = 0; i < ds->n_vacancies; i++) {
        const char *f = ds->vacancies[i].fair;
        if (!f)
            continue;
        fairs++;
        assert_int_equal(strlen(f), strlen(prefix) + 7);
        assert_true(strncmp(f, prefix, strlen(prefix)) == 0);
    }
    assert_true(fairs > 0);
    vl_dataset_destroy(ds);
    vl_ctx_destroy(ctx);
}

/* ---- distributions -------------------------------------------------------------------------- */

static void test_distributions(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_gen_options o;
    vl_gen_options_default(&o);
    o.seed = 777;
    o.n_seekers = 8000;
    o.n_employers = 300;
    o.n_vacancies = 4000;
    vl_dataset *ds;
    assert_int_equal(vl_gen_dataset(ctx, &o, &ds), VL_OK);
    size_t abroad = 0, fair = 0, closed = 0, country[3] = {0}, typed_other = 0, labels = 0;
    for (size_t i = 0; i < ds->n_vacancies; i++) {
        const vl_vacancy *v = &ds->vacancies[i];
        fair += v->fair != NULL;
        closed += v->closes != 0 && v->closes < o.as_of;
        for (size_t k = 0; k < v->skills_required.n; k++, labels++) {
            char *nfc = vl_text_nfc(v->skills_required.items[k]);
            typed_other += strcmp(nfc, v->skills_required.items[k]) != 0 ||
                           is_ascii(v->skills_required.items[k]);
            free(nfc);
        }
        if (strcmp(v->country, "VN") == 0)
            continue;
        abroad++;
        /* the programmes' requirements */
        if (strcmp(v->country, "JP") == 0) {
            country[0]++;
            assert_int_equal(v->n_languages, 1);
            assert_int_equal(v->languages[0].scheme, VL_LANG_JLPT);
            assert_true(v->languages[0].level <= 2); /* N5 or N4 */
            assert_true(v->age_min == 18 && v->age_max == 35);
        } else if (strcmp(v->country, "KR") == 0) {
            country[1]++;
            assert_int_equal(v->languages[0].scheme, VL_LANG_TOPIK);
            assert_true(v->languages[0].level >= 2);
            assert_true(v->age_min == 18 && v->age_max == 39);
        } else {
            assert_string_equal(v->country, "TW");
            country[2]++;
            assert_int_equal(v->n_languages, 0);
            assert_true(v->age_min == 20 && v->age_max == 40);
        }
        assert_true(v->wage_min >= 20e6);
    }
    double n = (double)ds->n_vacancies;
    assert_true(fabs((double)abroad / n - o.abroad_share) < 0.02);
    assert_true(fabs((double)fair / n - o.fair_share) < 0.03);
    assert_true(fabs((double)closed / n - o.closed_share) < 0.03);
    assert_true(country[0] > country[1] && country[0] > country[2] && country[2] > 0);
    /* a good share of labels is typed some other way than the catalogue's */
    assert_true((double)typed_other / (double)labels > 0.2);

    size_t s_abroad = 0, prio = 0, rural = 0, poor = 0, active = 0, female = 0;
    for (size_t i = 0; i < ds->n_seekers; i++) {
        const vl_seeker *s = &ds->seekers[i];
        s_abroad += s->abroad.n > 0;
        prio += s->priority != 0;
        rural += (s->priority & VL_PRIO_RURAL) != 0;
        poor += (s->priority & VL_PRIO_POOR) != 0;
        active += s->status == VL_SEEKER_ACTIVE;
        female += strcmp(s->gender, "female") == 0;
    }
    double m = (double)ds->n_seekers;
    assert_true(fabs((double)s_abroad / m - o.seeker_abroad_share) < 0.02);
    assert_true((double)prio / m > 0.25 && (double)prio / m < 0.45);
    assert_true(fabs((double)rural / m - 0.20) < 0.02);
    assert_true(fabs((double)poor / m - 0.05) < 0.015);
    assert_true(fabs((double)active / m - 0.85) < 0.02);
    assert_true((double)female / m > 0.4 && (double)female / m < 0.7);

    /* most seekers share a skill with some vacancy of their first occupation */
    size_t overlap = 0, checked = 1000;
    for (size_t i = 0; i < checked; i++) {
        const vl_seeker *s = &ds->seekers[i];
        bool hit = false;
        for (size_t j = 0; j < ds->n_vacancies && !hit; j++) {
            const vl_vacancy *v = &ds->vacancies[j];
            if (strncmp(v->occupation, s->occupations.items[0], strlen(s->occupations.items[0])))
                continue;
            for (size_t a = 0; a < s->skills_keys.n && !hit; a++)
                for (size_t b = 0; b < v->skills_required_keys.n && !hit; b++)
                    hit = strcmp(s->skills_keys.items[a], v->skills_required_keys.items[b]) == 0;
        }
        overlap += hit;
    }
    assert_true((double)overlap / (double)checked > 0.7);
    vl_dataset_destroy(ds);

    /* history: a Q1 peak overall; labour balance: shortages in groups 7 and 8, surplus in 4 */
    o.n_seekers = o.n_vacancies = 0;
    const char *d = vt_tmpfile("dist");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d), VL_OK);
    vl_history *h;
    assert_int_equal(vl_history_read_csv(ctx, path_in(d, "history.csv"), &h), VL_OK);
    /* keyed by the pre-reform districts whose territory is now Hải Phòng (the fixture's
     * crosswalk says which: those of the former Hải Dương and Hải Phòng) */
    strset districts = {0};
    read_column(vt_source("fixtures/reference/crosswalk_2024_2025.csv"), "old_district_code",
                "new_province_code", "31", &districts);
    assert_int_equal(districts.n, 27);
    assert_int_equal(h->n_rows, districts.n * 21 * 40);
    for (size_t i = 0; i < h->n_rows; i++)
        assert_true(set_has(&districts, h->rows[i].keys[0]));
    set_free(&districts);
    double byq[4] = {0};
    size_t zeros = 0;
    for (size_t i = 0; i < h->n_rows; i++) {
        byq[h->rows[i].period.sub - 1] += h->rows[i].value;
        zeros += h->rows[i].value == 0;
        assert_true(h->rows[i].value >= 0);
    }
    assert_true(byq[0] > 1.15 * byq[1] && byq[0] > byq[2] && byq[0] > byq[3]);
    assert_true(zeros > h->n_rows / 20); /* small, intermittent series exist */
    /* the last period is the quarter before as_of (2026-03-01: 2025Q4), the first 40 quarters
     * earlier (2016Q1) */
    assert_int_equal(o.as_of, 20260301);
    assert_int_equal(h->rows[h->n_rows - 1].period.year, 2025);
    assert_int_equal(h->rows[h->n_rows - 1].period.sub, 4);
    assert_int_equal(h->rows[0].period.year, 2016);
    assert_int_equal(h->rows[0].period.sub, 1);
    vl_history_destroy(h);
    assert_int_equal(vl_history_read_csv(ctx, path_in(d, "labour-balance-history.csv"), &h), VL_OK);
    double dem[10] = {0}, sup[10] = {0};
    for (size_t i = 0; i < h->n_rows; i++) {
        const char *id = h->rows[i].series;
        int g = id[strlen(id) - 1] - '0';
        assert_true(g >= 1 && g <= 9);
        (strncmp(id, "demand", 6) == 0 ? dem : sup)[g] += h->rows[i].value;
    }
    assert_true(dem[7] > 1.2 * sup[7] && dem[8] > 1.2 * sup[8]);
    assert_true(sup[4] > 1.5 * dem[4]);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

/* ---- the store imports what the generator writes -------------------------------------------- */

static void test_import(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_gen_options o;
    small_options(&o, 271828);
    const char *d = vt_tmpfile("import");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d), VL_OK);
    vl_db *db;
    assert_int_equal(vl_db_open(ctx, vt_tmpfile("gen.db"), VL_DB_CREATE, &db), VL_OK);
    assert_int_equal(vl_db_init_reference(ctx, db), VL_OK);
    static const vl_kind kinds[] = {VL_KIND_EMPLOYERS, VL_KIND_VACANCIES, VL_KIND_SEEKERS,
                                    VL_KIND_HISTORY, VL_KIND_HISTORY};
    size_t expect[] = {o.n_employers, o.n_vacancies, o.n_seekers,
                       history_districts() * 21 * (size_t)o.quarters, 18 * (size_t)o.quarters};
    for (int pass = 0; pass < 2; pass++) {
        for (size_t f = 0; f < VL_ARRAY_LEN(kinds); f++) {
            vl_import_options io = {0};
            vl_import_stats stats = {0};
            vl_status st = vl_db_import(ctx, db, kinds[f], path_in(d, csv_files[f]), &io, &stats);
            if (st != VL_OK)
                fail_msg("import %s: %s (%s)", csv_files[f], vl_ctx_errmsg(ctx),
                         vl_ctx_diag_count(ctx) ? vl_ctx_diag(ctx, 0) : "");
            assert_int_equal(stats.rows, expect[f]);
            assert_int_equal(stats.rejected, 0);
            /* a second import of the same file changes nothing */
            assert_int_equal(pass ? stats.unchanged : stats.inserted, expect[f]);
        }
    }
    /* what comes back from the store is what was generated (skill keys survive NFC + folding) */
    vl_dataset *back, *gen;
    assert_int_equal(vl_db_load_dataset(ctx, db, &back), VL_OK);
    assert_int_equal(vl_gen_dataset(ctx, &o, &gen), VL_OK);
    assert_int_equal(back->n_vacancies, gen->n_vacancies);
    assert_int_equal(back->n_seekers, gen->n_seekers);
    assert_int_equal(back->n_employers, gen->n_employers);
    for (size_t i = 0; i < gen->n_vacancies; i++) {
        const vl_vacancy *a = &gen->vacancies[i];
        size_t j = 0;
        while (j < back->n_vacancies && strcmp(back->vacancies[j].id, a->id) != 0)
            j++;
        assert_true(j < back->n_vacancies);
        const vl_vacancy *b = &back->vacancies[j];
        assert_string_equal(a->occupation, b->occupation);
        assert_int_equal(a->skills_required_keys.n, b->skills_required_keys.n);
        for (size_t k = 0; k < a->skills_required_keys.n; k++)
            assert_string_equal(a->skills_required_keys.items[k], b->skills_required_keys.items[k]);
        assert_int_equal(a->positions, b->positions);
        assert_int_equal(a->closes, b->closes);
        assert_true(a->wage_min == b->wage_min);
        assert_int_equal(a->n_languages, b->n_languages);
    }
    vl_dataset_destroy(back);
    vl_dataset_destroy(gen);
    /* consistent on the generator's date (the default, 2026-03-01): no dangling code, no
     * vacancy without positions, no seeker without an occupation, every area valid */
    size_t problems = 99;
    assert_int_equal(o.as_of, 20260301);
    if (vl_db_check_at(ctx, db, o.as_of, &problems) != VL_OK)
        fail_msg("check as of the generator's date: %s (%s)", vl_ctx_errmsg(ctx),
                 vl_ctx_diag_count(ctx) ? vl_ctx_diag(ctx, 0) : "");
    assert_int_equal(problems, 0);
    /* the day before the reform its communes did not exist: vacancies open then are reported,
     * one problem per commune at most, and nothing else */
    assert_int_equal(vl_db_check_at(ctx, db, 20250630, &problems), VL_ERR_INVALID);
    assert_true(problems >= 1 && problems <= 114);
    for (size_t k = 0; k < vl_ctx_diag_count(ctx) && vl_ctx_diag(ctx, k); k++)
        if (!strstr(vl_ctx_diag(ctx, k), "), valid from 2025-07-01: "))
            fail_msg("check: %s", vl_ctx_diag(ctx, k));
    vl_db_close(db);

    /* the pre-reform sample kept as written (--legacy-areas keep): consistent on its date; a
     * month after the reform its districts are abolished, one problem per table and district
     * at most, each divided among the new communes, and nothing else */
    o.home_parent = "30";
    o.as_of = 20250301;
    d = vt_tmpfile("import-pre-reform");
    assert_int_equal(vl_gen_write_csv(ctx, &o, d), VL_OK);
    assert_int_equal(vl_db_open(ctx, vt_tmpfile("gen-pre.db"), VL_DB_CREATE, &db), VL_OK);
    assert_int_equal(vl_db_init_reference(ctx, db), VL_OK);
    vl_import_options keep = {.legacy_areas = VL_LEGACY_KEEP};
    for (size_t f = 0; f < 3; f++)
        if (vl_db_import(ctx, db, kinds[f], path_in(d, csv_files[f]), &keep, NULL) != VL_OK)
            fail_msg("import %s: %s", csv_files[f], vl_ctx_errmsg(ctx));
    assert_int_equal(vl_db_check_at(ctx, db, o.as_of, &problems), VL_OK);
    assert_int_equal(vl_db_check_at(ctx, db, 20250801, &problems), VL_ERR_INVALID);
    assert_int_equal(vl_ctx_diag_count(ctx), problems);
    assert_true(problems >= 12 && problems <= 3 * 12);
    for (size_t k = 0; k < vl_ctx_diag_count(ctx) && vl_ctx_diag(ctx, k); k++)
        if (!strstr(vl_ctx_diag(ctx, k), "), valid until 2025-06-30: ") ||
            !strstr(vl_ctx_diag(ctx, k), " - divided among "))
            fail_msg("check: %s", vl_ctx_diag(ctx, k));
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    /* clang-format off */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_catalog_codes),
        cmocka_unit_test(test_typist),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_areas_file),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_sample_regenerates),
        cmocka_unit_test(test_rows_valid),
        cmocka_unit_test(test_tiny),
        cmocka_unit_test(test_span_fairs),
        cmocka_unit_test(test_distributions),
        cmocka_unit_test(test_import),
    };
    /* clang-format on */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
