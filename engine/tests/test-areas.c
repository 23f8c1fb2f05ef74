/*
 * test-areas.c - areas read with a date (vieclam/areas.h) against independent oracles read from
 * the fixture files themselves: every pre-reform code of Hải Dương (30) and Hải Phòng (31) maps
 * to its one new commune or is reported divided among exactly the crosswalk's communes (and
 * --legacy-areas nearest takes the nearest of them); reused codes read by date; names with and
 * without diacritics, ambiguous names, a province qualifier; the search order; `areas migrate`
 * all or nothing (an injected failure leaves the database's content and file unchanged); and
 * matching distances equal to the great-circle distances of the published commune centres.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-store-util.h"

/* ---- the fixtures, read here without the library --------------------------------------------- */

/* Cells of a plain CSV line (the area fixtures have no quoted cells); returns the count. */
static size_t split_line(char *line, char **cells, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        cells[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

typedef struct commune {
    char code[8], province[4];
    char name[96];
    double lat, lon;
} commune;

typedef struct xrow {
    char province[4], district[8], commune[8], next[8]; /* old codes, new commune */
} xrow;

static commune *communes;
static size_t n_communes;
static xrow *cross;
static size_t n_cross;

static void read_fixtures(void)
{
    if (communes)
        return;
    char *text = vt_read_file(vt_source("fixtures/reference/communes_2025.csv"), NULL);
    communes = calloc(4000, sizeof *communes);
    assert_non_null(communes);
    char *save = NULL;
    bool head = true;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (head) {
            head = false;
            continue;
        }
        char *c[8] = {0}; /* province_code,province,commune_code,commune,type,lat,lon,area_km2 */
        assert_true(split_line(l, c, 8) >= 7);
        commune *x = &communes[n_communes++];
        snprintf(x->code, sizeof x->code, "%s", c[2]);
        snprintf(x->province, sizeof x->province, "%s", c[0]);
        snprintf(x->name, sizeof x->name, "%s", c[3]);
        /* the library's locale-independent reader: the suite also runs under vi_VN */
        assert_true(vl_parse_double(c[5], &x->lat) && vl_parse_double(c[6], &x->lon));
    }
    free(text);
    text = vt_read_file(vt_source("fixtures/reference/crosswalk_2024_2025.csv"), NULL);
    cross = calloc(11000, sizeof *cross);
    assert_non_null(cross);
    head = true;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (head) {
            head = false;
            continue;
        }
        char *c[10] = {0};
        assert_int_equal(split_line(l, c, 10), 10);
        xrow *x = &cross[n_cross++];
        snprintf(x->province, sizeof x->province, "%s", c[0]);
        snprintf(x->district, sizeof x->district, "%s", c[2]);
        snprintf(x->commune, sizeof x->commune, "%s", c[4]);
        snprintf(x->next, sizeof x->next, "%s", c[8]);
    }
    free(text);
}

static const commune *commune_of(const char *code)
{
    for (size_t i = 0; i < n_communes; i++)
        if (strcmp(communes[i].code, code) == 0)
            return &communes[i];
    return NULL;
}

/* A 2025 commune that must exist (the test fails otherwise; never NULL). */
static const commune *need_commune(const char *code)
{
    static const commune none = {"", "", "", NAN, NAN};
    const commune *c = commune_of(code);
    if (!c)
        fail_msg("no 2025 commune %s in the fixture", code);
    return c ? c : &none;
}

/* The distinct new communes of the crosswalk rows an old code covers (level 2: a district, 3: a
 * commune); returns how many, codes in out. */
static size_t successors_in_fixture(const char *code, int level, char out[][8], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < n_cross; i++) {
        const char *c = level == 2 ? cross[i].district : cross[i].commune;
        if (strcmp(c, code) != 0)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(out[k], cross[i].next) == 0;
        if (!seen) {
            assert_true(n < max);
            snprintf(out[n++], 8, "%s", cross[i].next);
        }
    }
    return n;
}

/* The haversine distance of two points in degrees, with the IUGG mean radius. */
static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = acos(-1.0) / 180, R = 6371.0088;
    double a = sin((lat2 - lat1) * r / 2), b = sin((lon2 - lon1) * r / 2);
    return 2 * R * asin(sqrt(a * a + cos(lat1 * r) * cos(lat2 * r) * b * b));
}

static vl_ctx *new_ctx(void)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    return ctx;
}

/* ---- every pre-reform code of provinces 30 and 31 ------------------------------------------- */

static void check_old_code(vl_area_resolver *r, vl_area_resolver *near, const char *code, int level)
{
    vl_area_resolution res;
    assert_int_equal(vl_area_resolve(r, code, &res), VL_OK);
    const commune *reused = commune_of(code);
    if (reused) {
        /* a code the 2025 list reused means the current commune */
        if (res.outcome != VL_AREA_FOUND || strcmp(res.area->code, code) != 0 ||
            strcmp(res.area->valid_from ? "new" : "old", "new") != 0)
            fail_msg("%s: reused code not read as the current commune (%s)", code, res.message);
        return;
    }
    char next[64][8];
    size_t n = successors_in_fixture(code, level, next, 64);
    assert_true(n >= 1);
    if (n == 1) {
        if (res.outcome != VL_AREA_MAPPED || strcmp(res.area->code, next[0]) != 0)
            fail_msg("%s: expected mapped to %s, got %d (%s)", code, next[0], res.outcome,
                     res.message);
        assert_non_null(res.from);
        assert_string_equal(res.from->code, code);
        assert_non_null(strstr(res.message, " is now "));
        return;
    }
    /* divided: an error naming the crosswalk's communes, exactly those */
    if (res.outcome != VL_AREA_DIVIDED)
        fail_msg("%s: expected divided among %zu, got %d (%s)", code, n, res.outcome, res.message);
    assert_int_equal(vl_area_list_count(res.candidates), n);
    double shares = 0;
    for (size_t i = 0; i < n; i++) {
        const vl_area_info *a = vl_area_list_at(res.candidates, i);
        bool in = false;
        for (size_t k = 0; k < n && !in; k++)
            in = strcmp(next[k], a->code) == 0;
        if (!in)
            fail_msg("%s: candidate %s is not in the crosswalk", code, a->code);
        shares += vl_area_list_share(res.candidates, i);
    }
    assert_true(fabs(shares - 1) < 1e-9);
    assert_non_null(strstr(res.message, "was divided among"));
    assert_non_null(strstr(res.message, "--legacy-areas nearest"));
    /* nearest: the candidate closest to the old area's centre, by the haversine formula on the
     * published centres */
    double old_lat = res.from->lat, old_lon = res.from->lon;
    assert_int_equal(vl_area_resolve(near, code, &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_NEAREST);
    double best = INFINITY;
    const char *best_code = NULL;
    for (size_t k = 0; k < n; k++) {
        const commune *c = need_commune(next[k]);
        double d = haversine_km(old_lat, old_lon, c->lat, c->lon);
        if (d < best || (d == best && strcmp(c->code, best_code) < 0)) {
            best = d;
            best_code = c->code;
        }
    }
    if (strcmp(res.area->code, best_code) != 0)
        fail_msg("%s: nearest is %s, got %s", code, best_code, res.area->code);
}

static void test_pre_reform_codes(void **state)
{
    (void)state;
    read_fixtures();
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "old-codes.db");
    vl_area_resolver *r, *near;
    assert_int_equal(vl_area_resolver_create(ctx, db, VL_LEGACY_MAP, &r), VL_OK);
    assert_int_equal(vl_area_resolver_create(ctx, db, VL_LEGACY_NEAREST, &near), VL_OK);
    size_t communes_checked = 0, districts_checked = 0;
    for (size_t i = 0; i < n_cross; i++) {
        const xrow *x = &cross[i];
        if (strcmp(x->province, "30") != 0 && strcmp(x->province, "31") != 0)
            continue;
        /* each code once: the first row that names it */
        bool first_d = true, first_c = *x->commune != '\0';
        for (size_t j = 0; j < i; j++) {
            first_d = first_d && strcmp(cross[j].district, x->district) != 0;
            first_c = first_c && strcmp(cross[j].commune, x->commune) != 0;
        }
        if (first_d) {
            check_old_code(r, near, x->district, 2);
            districts_checked++;
        }
        if (first_c) {
            check_old_code(r, near, x->commune, 3);
            communes_checked++;
        }
    }
    /* 12 districts and 207 communes of Hải Dương, 15 districts and 167 communes of Hải Phòng
     * (one of its districts, Bạch Long Vĩ, had no communes) */
    assert_int_equal(districts_checked, 27);
    assert_int_equal(communes_checked, 207 + 167);
    /* the old provinces: 30 became part of 31; 31 is a reused code */
    vl_area_resolution res;
    assert_int_equal(vl_area_resolve(r, "30", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_MAPPED);
    assert_string_equal(res.area->code, "31");
    assert_int_equal(res.area->valid_from, 20250701);
    assert_int_equal(vl_area_resolve(r, "31", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_FOUND);
    assert_int_equal(res.area->level, 1);
    assert_int_equal(res.area->valid_from, 20250701);
    /* a derived centre: an undivided old commune sits at its new commune's published centre */
    assert_int_equal(vl_area_resolve(r, "10510", &res), VL_OK); /* Phường Bình Hàn */
    assert_string_equal(res.from->centre, "derived");
    const commune *c = need_commune("10507");
    assert_true(fabs(res.from->lat - c->lat) < 1e-9 && fabs(res.from->lon - c->lon) < 1e-9);
    vl_area_resolver_destroy(r);
    vl_area_resolver_destroy(near);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- reused codes ------------------------------------------------------------------------------
 */

static void test_reused_codes(void **state)
{
    (void)state;
    read_fixtures();
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "reused.db");
    vl_area_list *l;
    assert_int_equal(vl_area_get(ctx, db, "10507", 20250630, &l), VL_OK);
    assert_string_equal(vl_area_list_at(l, 0)->name, "Phường Cẩm Thượng");
    assert_string_equal(vl_area_list_at(l, 0)->province_name, "Tỉnh Hải Dương");
    vl_area_list_destroy(l);
    assert_int_equal(vl_area_get(ctx, db, "10507", 20250701, &l), VL_OK);
    assert_string_equal(vl_area_list_at(l, 0)->name, "Phường Thành Đông");
    assert_string_equal(vl_area_list_at(l, 0)->province_name, "Thành phố Hải Phòng");
    assert_string_equal(vl_area_list_at(l, 0)->centre, "published");
    vl_area_list_destroy(l);
    /* a code only the old list has is read there whatever the date; none is NOTFOUND */
    assert_int_equal(vl_area_get(ctx, db, "288", 20260101, &l), VL_OK);
    assert_string_equal(vl_area_list_at(l, 0)->name, "Thành phố Hải Dương");
    vl_area_list_destroy(l);
    assert_int_equal(vl_area_get(ctx, db, "99999", 0, &l), VL_ERR_NOTFOUND);
    /* on input every reused commune code means the current commune; kept, the old one */
    vl_area_resolver *r, *keep;
    assert_int_equal(vl_area_resolver_create(ctx, db, VL_LEGACY_MAP, &r), VL_OK);
    assert_int_equal(vl_area_resolver_create(ctx, db, VL_LEGACY_KEEP, &keep), VL_OK);
    size_t reused = 0;
    for (size_t i = 0; i < n_cross; i++) {
        if (strcmp(cross[i].commune, cross[i].next) != 0 || !commune_of(cross[i].commune))
            continue;
        bool first = true; /* a divided commune has several rows: count its code once */
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(cross[j].commune, cross[i].commune) != 0 ||
                    strcmp(cross[j].commune, cross[j].next) != 0;
        if (!first)
            continue;
        vl_area_resolution res;
        assert_int_equal(vl_area_resolve(r, cross[i].commune, &res), VL_OK);
        if (res.outcome != VL_AREA_FOUND || res.area->valid_from != 20250701)
            fail_msg("%s: not the current commune", cross[i].commune);
        reused++;
    }
    /* every 2025 commune but five kept the code of one of the communes merged into it */
    assert_int_equal(reused, 3316);
    vl_area_resolution res;
    assert_int_equal(vl_area_resolve(keep, "10507", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_KEPT);
    assert_string_equal(res.area->name, "Phường Cẩm Thượng");
    assert_int_equal(vl_area_resolve(keep, "10546", &res), VL_OK); /* reused as well */
    assert_int_equal(res.outcome, VL_AREA_KEPT);
    assert_int_equal(res.area->valid_to, 20250630);
    vl_area_resolver_destroy(r);
    vl_area_resolver_destroy(keep);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- names -------------------------------------------------------------------------------------
 */

/* How many 2025 communes are named "<type> <name>", any type word, the name compared folded
 * (vl_text_fold: "Tân Ân" is "Tân An" without diacritics). */
static size_t namesakes(const char *name)
{
    static const char *const types[] = {"Phường ", "Xã ", "Đặc khu "};
    char *want = vl_text_fold(name);
    size_t n = 0;
    for (size_t i = 0; i < n_communes; i++)
        for (size_t t = 0; t < 3; t++)
            if (strncmp(communes[i].name, types[t], strlen(types[t])) == 0) {
                char *f = vl_text_fold(communes[i].name + strlen(types[t]));
                n += strcmp(f, want) == 0;
                free(f);
            }
    free(want);
    return n;
}

static void test_names(void **state)
{
    (void)state;
    read_fixtures();
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "names.db");
    vl_area_resolver *r;
    assert_int_equal(vl_area_resolver_create(ctx, db, VL_LEGACY_MAP, &r), VL_OK);
    vl_area_resolution res;
    /* with and without diacritics, any case, extra spaces, with or without the type word */
    static const char *const hong_ha[] = {"hong ha", "Hồng Hà", "  HỒNG   HÀ ", "phuong hong ha",
                                          "Phường Hồng Hà"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(vl_area_resolve(r, hong_ha[i], &res), VL_OK);
        if (res.outcome != VL_AREA_FOUND)
            fail_msg("'%s': %s", hong_ha[i], res.message);
        assert_string_equal(res.area->code, "00097");
        assert_string_equal(res.message, "");
    }
    /* an ambiguous name lists every candidate; the province chooses */
    assert_int_equal(vl_area_resolve(r, "Tân An", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_AMBIGUOUS);
    assert_int_equal(vl_area_list_count(res.candidates), namesakes("Tân An"));
    assert_true(vl_area_list_count(res.candidates) >= 5);
    assert_non_null(strstr(res.message, "names 11 areas"));
    assert_int_equal(vl_area_resolve(r, "tan an, hai phong", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_FOUND);
    assert_string_equal(res.area->code, "11167");
    assert_int_equal(vl_area_resolve(r, "Tân An, 31", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_FOUND);
    assert_string_equal(res.area->code, "11167");
    /* the whole name typed: only wards named so */
    assert_int_equal(vl_area_resolve(r, "Phường Tân An", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_AMBIGUOUS);
    for (size_t i = 0; i < vl_area_list_count(res.candidates); i++)
        assert_string_equal(vl_area_list_at(res.candidates, i)->name, "Phường Tân An");
    /* a name only the pre-reform list has maps like its code */
    assert_int_equal(vl_area_resolve(r, "Phường Bình Hàn", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_MAPPED);
    assert_string_equal(res.area->code, "10507");
    /* nothing like it: unknown, with names close to it when there are */
    assert_int_equal(vl_area_resolve(r, "xyzzy", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_UNKNOWN);
    assert_non_null(strstr(res.message, "unknown area 'xyzzy'"));
    assert_int_equal(vl_area_resolve(r, "", &res), VL_OK);
    assert_int_equal(res.outcome, VL_AREA_UNKNOWN);
    /* search: the code, then exact names, prefixes, words; current areas first */
    vl_area_list *l;
    assert_int_equal(vl_area_search(ctx, db, "hong ha", NULL, &l), VL_OK);
    assert_string_equal(vl_area_list_at(l, 0)->code, "00097");
    for (size_t i = 0; i < vl_area_list_count(l); i++)
        assert_int_equal(vl_area_list_at(l, i)->valid_to, 0); /* current only */
    vl_area_list_destroy(l);
    vl_area_search_options all = {.abolished = true, .limit = 200};
    assert_int_equal(vl_area_search(ctx, db, "Hồng Hà", &all, &l), VL_OK);
    bool old_seen = false;
    for (size_t i = 0; i < vl_area_list_count(l); i++) {
        const vl_area_info *a = vl_area_list_at(l, i);
        if (a->valid_to)
            old_seen = true;
        else if (old_seen) /* within one rank current ones come first */
            assert_true(strcmp(a->name, "Phường Hồng Hà") != 0);
    }
    assert_true(old_seen);
    vl_area_list_destroy(l);
    vl_area_search_options hp = {.province = "31", .level = 3};
    assert_int_equal(vl_area_search(ctx, db, "an", &hp, &l), VL_OK);
    assert_true(vl_area_list_count(l) > 0);
    for (size_t i = 0; i < vl_area_list_count(l); i++)
        assert_string_equal(vl_area_list_at(l, i)->province_code, "31");
    vl_area_list_destroy(l);
    assert_int_equal(vl_area_search(ctx, db, "10507", NULL, &l), VL_OK);
    assert_string_equal(vl_area_list_at(l, 0)->name, "Phường Thành Đông");
    vl_area_list_destroy(l);
    vl_area_resolver_destroy(r);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- migration, all or nothing ------------------------------------------------------------------
 */

/* SHA-256 of the database file, read with the database closed (WAL checkpointed). */
static void file_hash(const char *path, char hex[65])
{
    vl_ctx *ctx = new_ctx();
    assert_int_equal(vl__sha256_file(ctx, path, hex), VL_OK);
    vl_ctx_destroy(ctx);
}

static void test_migrate(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    const char *target = vts_target("migrate.db");
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(ctx, target, VL_DB_CREATE, &db), VL_OK);
    assert_int_equal(vl_db_init_reference(ctx, db), VL_OK);
    /* records kept on pre-reform areas: a commune that went whole into 10507, a divided one,
     * a district, the old province; a closed vacancy and a placed seeker stay as registered */
    vl_import_options keep = {.legacy_areas = VL_LEGACY_KEEP};
    assert_int_equal(vts_import(ctx, db, VL_KIND_EMPLOYERS, "m-emp.csv",
                                "id,name,industry,area\nE1,A,C,10510\nE2,B,C,10528\nE3,C,C,30\n"
                                "E4,D,C,288\n",
                                &keep, NULL),
                     VL_OK);
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "m-seek.csv",
                                "id,name,birth_year,gender,area,education,occupations,skills,"
                                "experience_years,languages,wage_min,max_commute_km,abroad,"
                                "priority,registered,status\n"
                                "S1,An,1990,,10510,,7533,,,,,,,,2025-01-02,active\n"
                                "S2,Bình,1991,,10510,,7533,,,,,,,,2025-01-02,placed\n"
                                "S3,Cúc,1992,,10528,,7533,,,,,,,,2025-01-02,active\n"
                                "S4,Dũng,1993,,10510,,7533,,,,,,,,2025-01-02,active\n",
                                &keep, NULL),
                     VL_OK);
    assert_int_equal(vts_import(ctx, db, VL_KIND_VACANCIES, "m-vac.csv",
                                "id,employer,title,occupation,skills_required,skills_preferred,"
                                "education_min,experience_min,languages,wage_min,wage_max,"
                                "positions,area,country,age_min,age_max,posted,closes,fair\n"
                                "V1,E1,T,7533,,,,,,,,1,10510,,,,2025-01-05,,\n"
                                "V2,E1,T,7533,,,,,,,,1,10510,,,,2025-01-05,2025-03-01,\n",
                                &keep, NULL),
                     VL_OK);
    vl_areas_migrate_options o = {.as_of = 20260101};
    /* an injected failure on the last record to move: nothing may change */
    assert_int_equal(
        vl__db_exec(ctx, db,
                    vl__sql(db,
                            "CREATE TRIGGER fail_s4 BEFORE UPDATE OF area_id ON seekers"
                            " WHEN NEW.id = 'S4' BEGIN SELECT RAISE(ABORT, 'injected'); END",
                            "CREATE FUNCTION fail_s4() RETURNS trigger LANGUAGE plpgsql AS $$"
                            " BEGIN IF NEW.id = 'S4' THEN RAISE EXCEPTION 'injected'; END IF;"
                            " RETURN NEW; END $$;"
                            "CREATE TRIGGER fail_s4 BEFORE UPDATE OF area_id ON seekers"
                            " FOR EACH ROW EXECUTE FUNCTION fail_s4()")),
        VL_OK);
    /* the content of every table, and for a SQLite file the file itself (read closed, the WAL
     * checkpointed) */
    bool file = !vts_pg();
    char before[65], after[65], file_before[65] = "", file_after[65] = "";
    vts_db_hash(db, before);
    vl_db_close(db);
    if (file)
        file_hash(target, file_before);
    assert_int_equal(vl_db_open(ctx, target, 0, &db), VL_OK);
    vl_areas_migration *m = NULL;
    assert_int_equal(vl_db_areas_migrate(ctx, db, &o, &m), VL_ERR_DB);
    assert_null(m);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "injected"));
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    vl_db_close(db);
    if (file)
        file_hash(target, file_after);
    assert_string_equal(file_before, file_after);
    /* a dry run says what would happen and changes nothing either */
    assert_int_equal(vl_db_open(ctx, target, 0, &db), VL_OK);
    assert_int_equal(
        vl__db_exec(ctx, db,
                    vl__sql(db, "DROP TRIGGER fail_s4", "DROP TRIGGER fail_s4 ON seekers")),
        VL_OK);
    vts_db_hash(db, before);
    o.dry_run = true;
    assert_int_equal(vl_db_areas_migrate(ctx, db, &o, &m), VL_OK);
    assert_int_equal(vl_areas_migration_moved(m), 5); /* E1, E3, V1, S1, S4 */
    assert_int_equal(vl_areas_migration_left(m), 3);  /* E2, E4, S3 */
    vl_areas_migration_destroy(m);
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    /* the real thing */
    o.dry_run = false;
    assert_int_equal(vl_db_areas_migrate(ctx, db, &o, &m), VL_OK);
    static const struct {
        const char *table, *id, *from, *to;
    } expect[] = {
        {"employers", "E1", "10510", "10507"}, {"employers", "E2", "10528", NULL},
        {"employers", "E3", "30", "31"},       {"employers", "E4", "288", NULL},
        {"seekers", "S1", "10510", "10507"},   {"seekers", "S3", "10528", NULL},
        {"seekers", "S4", "10510", "10507"},   {"vacancies", "V1", "10510", "10507"},
    };
    assert_int_equal(vl_areas_migration_count(m), 8);
    for (size_t i = 0; i < 8; i++) {
        const vl_area_case *c = vl_areas_migration_at(m, i);
        assert_string_equal(c->table, expect[i].table);
        assert_string_equal(c->id, expect[i].id);
        assert_string_equal(c->from->code, expect[i].from);
        if (expect[i].to) {
            assert_non_null(c->to);
            assert_string_equal(c->to->code, expect[i].to);
            assert_int_equal(c->to->valid_from, 20250701);
        } else {
            assert_null(c->to);
            assert_true(vl_area_list_count(c->successors) > 1);
        }
    }
    vl_areas_migration_destroy(m);
    /* what remains: the divided ones only, and the history of closed or inactive records */
    size_t n;
    assert_int_equal(vl_db_check_at(ctx, db, 20260101, &n), VL_ERR_INVALID);
    for (size_t i = 0; i < n; i++)
        if (!strstr(vl_ctx_diag(ctx, i), "divided among"))
            fail_msg("left: %s", vl_ctx_diag(ctx, i));
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers s JOIN areas a ON a.id ="
                                   " s.area_id WHERE s.id = 'S2' AND a.code = '10510'"),
                     1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM vacancies v JOIN areas a ON a.id ="
                                   " v.area_id WHERE v.id = 'V2' AND a.code = '10510'"),
                     1);
    /* again: nothing moves; nearest settles the divided ones */
    assert_int_equal(vl_db_areas_migrate(ctx, db, &o, &m), VL_OK);
    assert_int_equal(vl_areas_migration_moved(m), 0);
    vl_areas_migration_destroy(m);
    o.legacy = VL_LEGACY_NEAREST;
    assert_int_equal(vl_db_areas_migrate(ctx, db, &o, &m), VL_OK);
    assert_int_equal(vl_areas_migration_moved(m), 3);
    assert_int_equal(vl_areas_migration_left(m), 0);
    vl_areas_migration_destroy(m);
    assert_int_equal(vl_db_check_at(ctx, db, 20260101, &n), VL_OK);
    /* keep is not a way to migrate */
    o.legacy = VL_LEGACY_KEEP;
    assert_int_equal(vl_db_areas_migrate(ctx, db, &o, &m), VL_ERR_ARG);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- distances ----------------------------------------------------------------------------------
 */

static void test_distances(void **state)
{
    (void)state;
    read_fixtures();
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "dist.db");
    /* the sample: every record on a 2025 commune of Hải Phòng */
    static const struct {
        vl_kind kind;
        const char *file;
    } sample[] = {{VL_KIND_EMPLOYERS, "employers.csv"},
                  {VL_KIND_VACANCIES, "vacancies.csv"},
                  {VL_KIND_SEEKERS, "seekers.csv"}};
    for (size_t k = 0; k < 3; k++) {
        char rel[128];
        snprintf(rel, sizeof rel, "fixtures/sample/%s", sample[k].file);
        assert_int_equal(vl_db_import(ctx, db, sample[k].kind, vt_source(rel), NULL, NULL), VL_OK);
    }
    vl_dataset *ds;
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    vl_match_model *model;
    assert_int_equal(vl_match_model_create_default(ctx, &model), VL_OK);
    vl_match_options mo = {.as_of = 20260301};
    vl_match_index *idx;
    assert_int_equal(vl_match_index_create(ctx, ds, model, &mo, &idx), VL_OK);
    vl_match_results *res;
    assert_int_equal(vl_match_all_seekers(ctx, idx, 10, 0, &res), VL_OK);
    size_t same = 0, checked = 0;
    for (size_t i = 0; i < vl_match_results_count(res); i++) {
        const vl_match_result *m = vl_match_results_at(res, i);
        const vl_seeker *s = &ds->seekers[m->seeker];
        const vl_vacancy *v = &ds->vacancies[m->vacancy];
        if (!v->area)
            continue; /* abroad */
        const commune *a = need_commune(s->area), *b = need_commune(v->area);
        double d = haversine_km(a->lat, a->lon, b->lat, b->lon);
        if (strcmp(s->area, v->area) == 0) {
            assert_true(m->distance_km == 0);
            same++;
        } else if (fabs(m->distance_km - d) > 1e-9 * (1 + d)) {
            fail_msg("%s-%s: %.9f km, great circle %.9f", s->id, v->id, m->distance_km, d);
        }
        /* the seeker's commute limit holds for every pair listed */
        double limit = isnan(s->max_commute_km) ? 1e300 : s->max_commute_km;
        assert_true(m->distance_km <= limit);
        checked++;
    }
    assert_true(checked > 1000 && same > 10);
    vl_match_results_destroy(res);
    vl_match_index_destroy(idx);
    vl_dataset_destroy(ds);
    vl_match_model_destroy(model);

    /* a code read on the matching date: 31 was the old Hải Phòng (a derived centre) until
     * 2025-06-30 and is the merged city (its published centre) since */
    vl_area areas[] = {
        {.code = "31", .level = 1, .lat = 20.7989, .lon = 106.6754, .valid_to = 20250630},
        {.code = "31", .level = 1, .lat = 20.8759, .lon = 106.47, .valid_from = 20250701},
        {.code = "10507", .level = 3, .lat = 20.9594, .lon = 106.325, .valid_from = 20250701},
    };
    vl_employer emp = {.id = "E1", .name = "E", .area = "10507"};
    vl_vacancy vac = {.id = "V1",
                      .employer = "E1",
                      .title = "T",
                      .occupation = "7533",
                      .positions = 1,
                      .area = "31",
                      .country = "VN",
                      .posted = 20240101,
                      .education_min = VL_EDU_UNKNOWN};
    const char *occ[] = {"7533"};
    vl_seeker sk = {.id = "S1",
                    .area = "10507",
                    .occupations = {occ, 1},
                    .max_commute_km = 500,
                    .status = VL_SEEKER_ACTIVE,
                    .education = VL_EDU_UNIVERSITY};
    vl_dataset one = {areas, 3, &emp, 1, &vac, 1, &sk, 1, NULL};
    assert_int_equal(vl_match_model_create_default(ctx, &model), VL_OK);
    static const struct {
        int32_t as_of;
        int area; /* which 31 */
    } when[] = {{20250301, 0}, {20260301, 1}};
    for (size_t w = 0; w < 2; w++) {
        mo.as_of = when[w].as_of;
        assert_int_equal(vl_match_index_create(ctx, &one, model, &mo, &idx), VL_OK);
        assert_int_equal(vl_match_by_seeker(ctx, idx, "S1", 1, 0, &res), VL_OK);
        assert_int_equal(vl_match_results_count(res), 1);
        const vl_area *p = &areas[when[w].area];
        double d = haversine_km(20.9594, 106.325, p->lat, p->lon);
        assert_true(fabs(vl_match_results_at(res, 0)->distance_km - d) < 1e-9 * d);
        vl_match_results_destroy(res);
        vl_match_index_destroy(idx);
    }
    vl_match_model_destroy(model);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pre_reform_codes),
        cmocka_unit_test(test_reused_codes),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_migrate),
        cmocka_unit_test(test_distances),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(communes);
    free(cross);
    return rc;
}
