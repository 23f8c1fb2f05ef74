/*
 * test-import.c - strict CSV import and lossless export: every bad input of the contract
 * (fixtures/bad/: encodings, headers, duplicates, unknown codes, bad numbers and dates, an open
 * quote, an empty file) with its exact "FILE:LINE: column NAME: reason" and the database left
 * unchanged; --skip-invalid with a rejects file; idempotent re-import; update by id; round
 * trip export; BOM and ';'/tab delimiters; Vietnamese aliases; personal data kept out of
 * diagnostics; a 100 MB file read with bounded memory.
 */
#include "test-store-util.h"

#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "store/strmap.h"
#include "store/values.h"

static vl_ctx *new_ctx(void)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    return ctx;
}

/* ---- the bad inputs of fixtures/bad/ ------------------------------------------------------- */

typedef struct bad_case {
    const char *file;
    vl_kind kind;
    const char *diags[5]; /* substrings expected, each in some diagnostic */
} bad_case;

static const bad_case bad_cases[] = {
    {"windows-1258.csv",
     VL_KIND_EMPLOYERS,
     {"windows-1258.csv:2: column name: invalid UTF-8 byte 0xF4", "Windows-1258"}},
    {"invalid-utf8.csv",
     VL_KIND_EMPLOYERS,
     {"invalid-utf8.csv:2: column name: invalid UTF-8 byte 0xFF"}},
    {"utf-16.csv", VL_KIND_EMPLOYERS, {"utf-16.csv:1: the file is UTF-16", "save it as UTF-8"}},
    {"wrong-header.csv",
     VL_KIND_EMPLOYERS,
     {"wrong-header.csv:1: column tendn: unknown column", "wrong-header.csv:1: header: missing "
                                                          "column: name"}},
    {"missing-column.csv",
     VL_KIND_EMPLOYERS,
     {"missing-column.csv:1: header: missing column: industry"}},
    {"extra-column.csv",
     VL_KIND_EMPLOYERS,
     {"extra-column.csv:1: column fax: unknown column", "--allow-extra-columns"}},
    {"duplicate-ids.csv",
     VL_KIND_EMPLOYERS,
     {"duplicate-ids.csv:4: column id: duplicate id 'E907' (first on line 2)"}},
    {"unknown-codes.csv",
     VL_KIND_VACANCIES,
     {"unknown-codes.csv:2: column occupation: unknown ISCO-08 code '7299'",
      "unknown-codes.csv:3: column employer: unknown employer id 'E999'",
      "unknown-codes.csv:3: column area: unknown area '999': no area has this code or name"}},
    {"negative-numbers.csv",
     VL_KIND_VACANCIES,
     {"negative-numbers.csv:2: column experience_min: '-1' is negative",
      "negative-numbers.csv:2: column wage_min: '-7000000' is negative",
      "negative-numbers.csv:3: column wage_min: 'bảy triệu' is not a number",
      "negative-numbers.csv:3: column positions: 'nhiều' is not a whole number"}},
    {"small-wage.csv",
     VL_KIND_VACANCIES,
     {"small-wage.csv:2: column wage_min: '8.5' is less than 100000 dong a month: write the "
      "whole amount in dong (8500000, not 8.5)",
      "small-wage.csv:3: column wage_max: '99999' is less than 100000"}},
    {"decimal-comma.csv",
     VL_KIND_VACANCIES,
     {"decimal-comma.csv:2: column experience_min: '1,5' has a decimal comma"}},
    {"impossible-date.csv",
     VL_KIND_VACANCIES,
     {"impossible-date.csv:2: column posted: '2025-02-30' is not a real calendar date",
      "impossible-date.csv:3: column closes: '2025-13-01' is not a real calendar date"}},
    {"open-quote.csv",
     VL_KIND_EMPLOYERS,
     {"open-quote.csv:2: a quoted field opened here is never closed"}},
    {"empty.csv", VL_KIND_EMPLOYERS, {"empty.csv: the file is empty"}},
    {"history-bad.csv",
     VL_KIND_HISTORY,
     {"history-bad.csv:3: column period: '2024-Q5' is not a period",
      "history-bad.csv:4: column value: '1,5' has a decimal comma",
      "history-bad.csv:5: column period: duplicate period", "(first on line 2)",
      "history-bad.csv:6: column period: series 'vacancies' {\"area\":\"288\"} already has "
      "quarterly periods"}},
};

static void test_bad_inputs(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "bad.db");
    vts_import_base(ctx, db);
    char before[65], after[65];
    vts_db_hash(db, before);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        char rel[256];
        snprintf(rel, sizeof rel, "fixtures/bad/%s", c->file);
        char path[4096];
        snprintf(path, sizeof path, "%s", vt_source(rel));
        vl_import_stats s;
        vl_status st = vl_db_import(ctx, db, c->kind, path, NULL, &s);
        if (st != VL_ERR_INVALID) {
            vts_dump_diags(ctx);
            fail_msg("%s: expected VL_ERR_INVALID, got %d", c->file, (int)st);
        }
        for (size_t k = 0; k < 5 && c->diags[k]; k++)
            vts_expect_diag(ctx, c->diags[k]);
        assert_int_equal(s.inserted + s.updated + s.unchanged, 0);
        vts_db_hash(db, after);
        if (strcmp(before, after) != 0)
            fail_msg("%s: the database changed after a failed import", c->file);
    }
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* The diagnostics name the physical line even after a quoted field spanning lines. */
static void test_physical_lines(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "lines.db");
    vl_status st = vts_import(ctx, db, VL_KIND_EMPLOYERS, "lines.csv",
                              "id,name,industry,area\n"
                              "\n"
                              "E1,\"Công ty\nhai dòng\",C,10507\n"
                              "E2,Công ty B,Z,10507\n",
                              NULL, NULL);
    assert_int_equal(st, VL_ERR_INVALID);
    vts_expect_diag(ctx, "lines.csv:3: column name: contains a line break");
    vts_expect_diag(ctx, "lines.csv:5: column industry: unknown industry code 'Z'");
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* More bad values, table-driven: (kind, one data row, expected diagnostic). */
typedef struct value_case {
    vl_kind kind;
    const char *row;
    const char *diag;
} value_case;

#define VAC_HEAD                                                                                   \
    "id,employer,title,occupation,skills_required,skills_preferred,education_min,"                 \
    "experience_min,languages,wage_min,wage_max,positions,area,country,age_min,age_max,posted,"    \
    "closes,fair\n"
#define SEEK_HEAD                                                                                  \
    "id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,"      \
    "wage_min,max_commute_km,abroad,priority,registered,status\n"
#define AREA_HEAD "code,name,parent,lat,lon\n"
#define EMP_HEAD  "id,name,industry,area\n"
#define FAIR_HEAD "id,name,date,area,venue,capacity\n"

static const value_case value_cases[] = {
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,,,,2,,,,,,,", "column area: empty; a vacancy in"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,,,,2,10507,XX,,,,,", "'XX' is not an ISO 3166"},
    {VL_KIND_VACANCIES, "V1,E101,T,75a3,,,,,,,,2,10507,,,,,,", "'75a3' is not an ISCO-08 code"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,ja:N6,,,2,10507,,,,,,", "'N6' is not a language"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,ko:7,,,2,10507,,,,,,", "'7' is not a language level"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,en:B1;EN:C1,,,2,10507,,,,,,",
     "language 'en' is listed twice"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,japanese,,,2,10507,,,,,,", "is not code:level"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,Hàn,HAN,,,,,,2,10507,,,,,,", "skill 'HAN' is already"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,,\"8.000.000\",,2,10507,,,,,,",
     "thousands separators are not allowed"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,,1e11,,2,10507,,,,,,", "'1e11' is outside"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,,,,2,10507,,,,2025-03-01,2025-02-01,",
     "column closes: '2025-02-01' is before posted"},
    {VL_KIND_VACANCIES, "V1,E101,,7533,,,,,,,,2,10507,,,,,,", "column title: empty"},
    {VL_KIND_VACANCIES, "V1,E101,\"=HYPERLINK(\"\"http://x\"\")\",7533,,,,,,,,2,10507,,,,,,",
     "column title: starts with '=', as a spreadsheet formula does"},
    {VL_KIND_SEEKERS, "S1,@SUM(1),,,10507,,,,,,,,,,,", "column name: starts with '@'"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,,,,,,,,,2099-01-02,",
     "column registered: '2099-01-02' is after today"},
    {VL_KIND_VACANCIES, "V 1,E101,T,7533,,,,,,,,2,10507,,,,,,", "column id: 'V 1' contains"},
    {VL_KIND_VACANCIES, "V1,E101,T,7533,,,,,,,,2,10507", "the row has 13 fields, the header"},
    {VL_KIND_SEEKERS, "S1,,,x,10507,,,,,,,,,,,", "column gender: not male, female or other"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,,,,,,,JP;*,,,", "'*' (any country) must stand alone"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,,,,,,,VN,,,", "VN is home, not abroad"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,,,,,,,,rich,,",
     "column priority: item 1 is not a priority group"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,,,,,,,,poor;Hộ nghèo,,",
     "column priority: item 2 repeats a group"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,,,,,,,,,,retired", "'retired' is not a status"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,7533;7533,,,,,,,,,", "'7533' is listed twice"},
    {VL_KIND_SEEKERS, "S1,,,,10507,,,,,,,-3,,,,", "column max_commute_km: '-3' is negative"},
    {VL_KIND_AREAS, "31001,Phường A,31,20.8,", "lat and lon go together"},
    {VL_KIND_AREAS, "31002,Phường B,31999,,",
     "unknown area code '31999' in VN-ADMIN-2025 (a parent must be of the same list"},
    {VL_KIND_AREAS, "31003,Phường C,31,95,106", "column lat: '95' is outside -90..90"},
    {VL_KIND_AREAS, "31004,Phường D,31004,,", "an area cannot be its own parent"},
    /* ids name files (shortlists, slips): no folder and no hidden file */
    {VL_KIND_FAIRS, ".F1,Phiên,,10507,,", "column id: '.F1' starts with '.' or contains '/'"},
    {VL_KIND_FAIRS, "F/1,Phiên,,10507,,", "column id: 'F/1' starts with '.' or contains '/'"},
    {VL_KIND_EMPLOYERS, "E\\1,Công ty,C,10507", "column id: 'E\\1' starts with '.' or"},
    {VL_KIND_VACANCIES, "V/1,E101,T,7533,,,,,,,,2,10507,,,,,,", "column id: 'V/1' starts with"},
    {VL_KIND_SEEKERS, "../S1,,,,10507,,,,,,,,,,,", "column id: '../S1' starts with '.'"},
};

static void test_bad_values(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "values.db");
    vts_import_base(ctx, db);
    char before[65], after[65];
    vts_db_hash(db, before);
    for (size_t i = 0; i < sizeof value_cases / sizeof value_cases[0]; i++) {
        const value_case *c = &value_cases[i];
        const char *head = c->kind == VL_KIND_VACANCIES   ? VAC_HEAD
                           : c->kind == VL_KIND_SEEKERS   ? SEEK_HEAD
                           : c->kind == VL_KIND_EMPLOYERS ? EMP_HEAD
                           : c->kind == VL_KIND_FAIRS     ? FAIR_HEAD
                                                          : AREA_HEAD;
        char text[2048];
        snprintf(text, sizeof text, "%s%s\n", head, c->row);
        vl_status st = vts_import(ctx, db, c->kind, "value.csv", text, NULL, NULL);
        if (st != VL_ERR_INVALID)
            fail_msg("case %zu (%s): expected VL_ERR_INVALID, got %d", i, c->row, (int)st);
        vts_expect_diag(ctx, "value.csv:2: ");
        vts_expect_diag(ctx, c->diag);
    }
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* A seeker's name and birth year never appear in a diagnostic, even when they are bad. */
static void test_personal_data_kept_out(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "private.db");
    vl_status st = vts_import(ctx, db, VL_KIND_SEEKERS, "private.csv",
                              SEEK_HEAD "S9,Hoàng Bí Mật,1789,,10507,,,,,,,,,,,\n"
                                        "S10,\"Đỗ\x01Kín\",2001,,10507,,,,,,,,,,,\n"
                                        "S11,Ẩn Danh,2000,giớiX,10507,,,,,,,,,nhómY,,\n",
                              NULL, NULL);
    assert_int_equal(st, VL_ERR_INVALID);
    vts_expect_diag(ctx, "private.csv:2: column birth_year: not a plausible birth year");
    vts_expect_diag(ctx, "private.csv:3: column name: too long or contains a control");
    vts_expect_diag(ctx, "private.csv:4: column gender: not male, female or other");
    vts_expect_diag(ctx, "private.csv:4: column priority: item 1 is not a priority group");
    for (size_t i = 0; i < vl_ctx_diag_count(ctx); i++) {
        assert_null(strstr(vl_ctx_diag(ctx, i), "1789"));
        assert_null(strstr(vl_ctx_diag(ctx, i), "Bí Mật"));
        assert_null(strstr(vl_ctx_diag(ctx, i), "Kín"));
        assert_null(strstr(vl_ctx_diag(ctx, i), "giớiX"));
        assert_null(strstr(vl_ctx_diag(ctx, i), "nhómY"));
    }
    assert_null(strstr(vl_ctx_errmsg(ctx), "1789"));
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- good imports -------------------------------------------------------------------------- */

static const vl_vacancy *find_vacancy(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_vacancies; i++)
        if (strcmp(ds->vacancies[i].id, id) == 0)
            return &ds->vacancies[i];
    fail_msg("no vacancy %s", id);
    return NULL;
}

static const vl_seeker *find_seeker(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_seekers; i++)
        if (strcmp(ds->seekers[i].id, id) == 0)
            return &ds->seekers[i];
    fail_msg("no seeker %s", id);
    return NULL;
}

static void test_good_import_and_load(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "good.db");
    vts_import_base(ctx, db);
    vl_dataset *ds = NULL;
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(ds->n_employers, 4);
    assert_int_equal(ds->n_vacancies, 4);
    assert_int_equal(ds->n_seekers, 4);
    assert_int_equal(ds->n_areas, vts_reference_areas());

    const vl_vacancy *v = find_vacancy(ds, "V201");
    assert_string_equal(v->occupation, "7533");
    assert_int_equal(v->skills_required.n, 2);
    assert_string_equal(v->skills_required.items[1], "Vắt sổ");
    assert_string_equal(v->skills_required_keys.items[1], "vat so");
    assert_int_equal(v->skills_preferred.n, 1);
    assert_string_equal(v->skills_preferred_keys.items[0], "la ui");
    assert_int_equal(v->education_min, VL_EDU_UPPER_SECONDARY);
    assert_true(fabs(v->experience_min - 1.5) < 1e-12);
    assert_true(v->wage_min == 7200000 && v->wage_max == 9350000);
    assert_int_equal(v->positions, 25);
    assert_string_equal(v->country, "VN");
    assert_string_equal(v->area, "10507");
    assert_int_equal(v->posted, 20250110);
    assert_int_equal(v->closes, 20250331);
    assert_string_equal(v->fair, "F2025Q1");
    v = find_vacancy(ds, "V203");
    assert_null(v->area);
    assert_string_equal(v->country, "JP");
    assert_int_equal(v->n_languages, 1);
    assert_string_equal(v->languages[0].code, "ja");
    assert_int_equal(v->languages[0].scheme, VL_LANG_JLPT);
    assert_int_equal(v->languages[0].level, 2); /* N4 */
    assert_int_equal(v->languages[0].cefr, 2);  /* = A2 */
    assert_null(v->fair);
    v = find_vacancy(ds, "V204");
    assert_string_equal(v->country, "VN"); /* "vn" */
    assert_int_equal(v->education_min, VL_EDU_UNIVERSITY);
    assert_int_equal(v->languages[0].scheme, VL_LANG_TOPIK);
    assert_int_equal(v->languages[0].cefr, 3);
    assert_int_equal(v->languages[1].cefr, 4); /* B2 */

    const vl_seeker *s = find_seeker(ds, "S301");
    assert_int_equal(s->education, VL_EDU_UNIVERSITY);
    assert_string_equal(s->gender, "male");
    assert_int_equal(s->occupations.n, 2);
    assert_string_equal(s->occupations.items[0], "7533"); /* most wanted first */
    assert_string_equal(s->skills.items[0], "HAN DIEN");  /* as written */
    assert_string_equal(s->skills_keys.items[0], "han dien");
    assert_int_equal(s->abroad.n, 2);
    assert_string_equal(s->abroad.items[1], "KR");
    assert_int_equal(s->priority, VL_PRIO_POOR | VL_PRIO_RURAL);
    assert_int_equal(s->n_languages, 2);
    assert_int_equal(s->languages[0].cefr, 3); /* N3 = B1 */
    assert_true(s->max_commute_km == 15);
    s = find_seeker(ds, "S302");
    assert_string_equal(s->abroad.items[0], "*");
    assert_int_equal(s->status, VL_SEEKER_ACTIVE); /* empty = active */
    assert_true(isnan(s->max_commute_km));
    assert_int_equal(s->education, VL_EDU_COLLEGE);
    s = find_seeker(ds, "S303");
    assert_int_equal(s->status, VL_SEEKER_PLACED);
    assert_int_equal(s->occupations.n, 0);
    s = find_seeker(ds, "S304");
    assert_int_equal(s->priority, VL_PRIO_DISABILITY);
    assert_true(fabs(s->experience_years - 12.75) < 1e-12);
    vl_dataset_destroy(ds);

    /* the fair was registered; the history and its key columns are stored */
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM fairs WHERE id = 'F2025Q1'"), 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM history"), 6);
    assert_int_equal(
        vts_count(db, "SELECT COUNT(*) FROM history WHERE keys = '{\"area\":\"290\"}'"), 1);
    vl_db_counts c;
    assert_int_equal(vl_db_counts_get(ctx, db, &c), VL_OK);
    assert_int_equal(c.employers, 4);
    assert_int_equal(c.history, 6);
    assert_int_equal(c.active_seekers, 3);
    /* on a day: open vacancies are those posted by it and not closed before it (V201, 25
     * positions, from 10/01/2025 to 31/03/2025) */
    vl_db_counts before, during;
    assert_int_equal(vl_db_counts_on(ctx, db, 20250109, &before), VL_OK);
    assert_int_equal(vl_db_counts_on(ctx, db, 20250115, &during), VL_OK);
    assert_int_equal(during.open_vacancies,
                     vts_count(db, "SELECT COUNT(*) FROM vacancies WHERE (posted IS NULL OR "
                                   "posted <= '2025-01-15') AND (closes IS NULL OR closes >= "
                                   "'2025-01-15')"));
    assert_true(during.open_vacancies > before.open_vacancies &&
                during.positions >= before.positions + 25);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_idempotent_and_update(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "idem.db");
    vts_import_base(ctx, db);
    char h1[65], h2[65];
    vts_db_hash(db, h1);
    vl_import_stats s;
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "again.csv", VTS_SEEKERS, NULL, &s),
                     VL_OK);
    assert_int_equal(s.unchanged, 4);
    assert_int_equal(s.inserted + s.updated, 0);
    assert_int_equal(vts_import(ctx, db, VL_KIND_HISTORY, "again-h.csv", VTS_HISTORY, NULL, &s),
                     VL_OK);
    assert_int_equal(s.unchanged, 6);
    vts_db_hash(db, h2);
    assert_string_equal(h1, h2);

    /* S302 changes its skills and status; S305 is new; the others are the same */
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "update.csv",
                                SEEK_HEAD
                                "S301,Nguyễn Văn An,1998,nam,10507,Đại học,7533;8212,HAN DIEN;"
                                "may cong nghiep,2.5,ja:N3;en:B1,7500000,15,JP;kr,poor;rural,"
                                "2025-01-02,active\n"
                                "S302,Trần Thị Bình,2001,nữ,10606,cao đẳng,9333;5223,Bán hàng,0,,,,"
                                "*,,2025-01-03,placed\n"
                                "S305,Vũ Văn Em,2003,nam,31,THCS,9329,,,,,,,,2025-08-01,active\n",
                                NULL, &s),
                     VL_OK);
    assert_int_equal(s.rows, 3);
    assert_int_equal(s.unchanged, 1);
    assert_int_equal(s.updated, 1);
    assert_int_equal(s.inserted, 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seeker_occupations WHERE seeker_id ="
                                   " 'S302'"),
                     2);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers WHERE id = 'S302' AND status ="
                                   " 'placed'"),
                     1);
    /* a history value changes */
    assert_int_equal(vts_import(ctx, db, VL_KIND_HISTORY, "upd-h.csv",
                                "series,industry,area,period,value\n"
                                "vacancies,C,288,2024Q2,99.5\nvacancies,C,288,2024Q1,120\n",
                                NULL, &s),
                     VL_OK);
    assert_int_equal(s.updated, 1);
    assert_int_equal(s.unchanged, 1); /* same identity whatever the column order */
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_skip_invalid(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "skip.db");
    vts_import_base(ctx, db);
    const char *rejects = vt_tmpfile("rejects.csv");
    vl_import_options o = {.skip_invalid = true, .rejects_path = rejects};
    vl_import_stats s;
    vl_status st = vts_import(ctx, db, VL_KIND_EMPLOYERS, "skip.csv",
                              "id,name,industry,area\n"
                              "E501,Công ty Một,C,10507\n"
                              "E502,Công ty Hai,Q9,10507\n"
                              "E503,Công ty Ba,C,31\n"
                              "E501,\"Công ty, lần hai\",C,10507\n",
                              &o, &s);
    assert_int_equal(st, VL_OK);
    assert_int_equal(s.rows, 4);
    assert_int_equal(s.inserted, 2);
    assert_int_equal(s.rejected, 2);
    vts_expect_diag(ctx, "skip.csv:3: column industry: unknown industry code 'Q9'");
    char *text = vt_read_file(rejects, NULL);
    assert_string_equal(text,
                        "id,name,industry,area,reason\r\n"
                        "E502,Công ty Hai,Q9,10507,column industry: unknown industry code "
                        "'Q9' (a VSIC code such as 'C')\r\n"
                        "E501,\"Công ty, lần hai\",C,10507,column id: duplicate id 'E501' (first "
                        "on line 2)\r\n");
    free(text);
    struct stat sb;
    assert_int_equal(stat(rejects, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM employers WHERE id IN ('E501','E503')"),
                     2);
    /* a file as Vietnamese Excel saves it (a mark, ';', its own headers): the rejects come back
     * the same way, the header as the file spells it, so Excel opens them in columns */
    const char *vi_rejects = vt_tmpfile("rejects-vi.csv");
    vl_import_options ov = {.skip_invalid = true, .rejects_path = vi_rejects};
    st = vts_import(ctx, db, VL_KIND_EMPLOYERS, "skip-vi.csv",
                    "\xEF\xBB\xBFMã doanh nghiệp;TÊN DOANH NGHIỆP;Ngành kinh tế (VSIC);Mã địa bàn\n"
                    "E601;Công ty Sáu;C;10507\n"
                    "E602;Công ty Bảy;Q9;10507\n",
                    &ov, &s);
    assert_int_equal(st, VL_OK);
    assert_int_equal(s.rejected, 1);
    text = vt_read_file(vi_rejects, NULL);
    assert_non_null(strstr(text, "\xEF\xBB\xBFMã doanh nghiệp;TÊN DOANH NGHIỆP;Ngành kinh tế "
                                 "(VSIC);Mã địa bàn;reason\r\n"));
    assert_non_null(strstr(text, "E602;Công ty Bảy;Q9;10507;"));
    free(text);
    /* skip_invalid without a rejects file is a caller error */
    vl_import_options bad = {.skip_invalid = true};
    assert_int_equal(
        vts_import(ctx, db, VL_KIND_EMPLOYERS, "skip2.csv", "id,name,industry,area\n", &bad, NULL),
        VL_ERR_ARG);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_extra_columns_allowed(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "extra.db");
    vl_import_options o = {.allow_extra_columns = true};
    vl_import_stats s;
    assert_int_equal(vl_db_import(ctx, db, VL_KIND_EMPLOYERS,
                                  vt_source("fixtures/bad/extra-column.csv"), &o, &s),
                     VL_OK);
    assert_int_equal(s.inserted, 1);
    assert_int_equal(s.extra_columns, 1);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- export ------------------------------------------------------------------------------- */

static char *export_text(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *name, bool bom)
{
    const char *path = vt_tmpfile(name);
    vl_export_options o = {.bom = bom};
    assert_int_equal(vl_db_export(ctx, db, kind, path, &o), VL_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    return vt_read_file(path, NULL);
}

static void test_round_trip(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *a = vts_open(ctx, "rt-a.db");
    vts_import_base(ctx, a);
    /* a centre's own area under Hai Phong (a code not in the national list), to round-trip a
     * user area beside the bundled ones */
    assert_int_equal(vts_import(ctx, a, VL_KIND_AREAS, "rt-areas.csv",
                                "code,name,parent,lat,lon,valid_from\n"
                                "99001,Khu công nghiệp Thử,31,20.9401,106.3301,2025-07-01\n",
                                NULL, NULL),
                     VL_OK);
    vl_db *b = vts_open(ctx, "rt-b.db");
    static const vl_kind order[] = {VL_KIND_AREAS, VL_KIND_EMPLOYERS, VL_KIND_VACANCIES,
                                    VL_KIND_SEEKERS, VL_KIND_HISTORY};
    for (size_t k = 0; k < 5; k++) {
        char n1[64], n2[64];
        snprintf(n1, sizeof n1, "rt1-%s.csv", vl_kind_name(order[k]));
        snprintf(n2, sizeof n2, "rt2-%s.csv", vl_kind_name(order[k]));
        char *first = export_text(ctx, a, order[k], n1, k == 2);
        vl_import_stats s;
        /* exported into the same database: nothing changes */
        assert_int_equal(vl_db_import(ctx, a, order[k], vt_tmpfile(n1), NULL, &s), VL_OK);
        assert_int_equal(s.inserted + s.updated, 0);
        assert_int_equal(s.unchanged, s.rows);
        /* into a fresh one and out again: the same bytes */
        vl_status st = vl_db_import(ctx, b, order[k], vt_tmpfile(n1), NULL, &s);
        if (st != VL_OK)
            vts_dump_diags(ctx);
        assert_int_equal(st, VL_OK);
        char *second = export_text(ctx, b, order[k], n2, k == 2);
        assert_string_equal(first, second);
        if (k == 2)
            assert_memory_equal(first, "\xEF\xBB\xBF", 3);
        free(first);
        free(second);
    }
    char ha[65], hb[65];
    vts_db_hash(a, ha);
    vts_db_hash(b, hb);
    assert_string_equal(ha, hb);
    vl_db_close(a);
    vl_db_close(b);
    vl_ctx_destroy(ctx);
}

/*
 * An employer's street address and phone (optional columns added after the first contract):
 * imported under their Vietnamese headers, the phone by the seekers' rule (canonical digits, a
 * bad one refused naming the column), exported and re-imported unchanged, and a file without
 * the two columns leaves an employer without them unchanged (its signature is the old one).
 */
static void test_employer_contact(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "contact.db");
    vts_import_base(ctx, db);
    vl_import_stats s;
    /* the base employers again, without the new columns: unchanged */
    assert_int_equal(vts_import(ctx, db, VL_KIND_EMPLOYERS, "old.csv", VTS_EMPLOYERS, NULL, &s),
                     VL_OK);
    assert_int_equal(s.unchanged, 4);
    char before[65], after[65];
    vts_db_hash(db, before);
    vl_status st = vts_import(ctx, db, VL_KIND_EMPLOYERS, "bad-phone.csv",
                              "id,name,industry,area,address,phone\n"
                              "E105,Công ty Thử,C,10507,Số 1 Lạch Tray,12ab\n",
                              NULL, NULL);
    assert_int_equal(st, VL_ERR_INVALID);
    vts_expect_diag(ctx, "bad-phone.csv:2: column phone: not a phone number");
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    /* a number that lost its 0 in Excel is named as such, all or nothing */
    st = vts_import(ctx, db, VL_KIND_EMPLOYERS, "zero.csv",
                    "id,name,industry,area,address,phone\n"
                    "E105,Công ty Thử,C,10507,Số 1 Lạch Tray,225 3838 999\n",
                    NULL, NULL);
    assert_int_equal(st, VL_ERR_INVALID);
    vts_expect_diag(ctx, "zero.csv:2: column phone: the phone number does not start with 0: Excel "
                         "probably dropped the leading zero");
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    /* Vietnamese headers; E101 gains a contact (updated), E105 is new, E102 is the same */
    st = vts_import(ctx, db, VL_KIND_EMPLOYERS, "contact.csv",
                    "Mã doanh nghiệp,Tên doanh nghiệp,Ngành kinh tế (VSIC),Mã địa bàn,Địa chỉ,"
                    "Điện thoại\n"
                    "E101,Công ty TNHH May mặc Hải Dương,C,10507,\"Số 12, đường Thanh Niên\","
                    "0220.3838-123\n"
                    "E102,\"Công ty Điện tử Chí Linh, chi nhánh 2\",C,10546,,\n"
                    "E105,Công ty Thử,C,10507,Số 1 Lạch Tray,+84 225 3838 999\n",
                    NULL, &s);
    if (st != VL_OK)
        vts_dump_diags(ctx);
    assert_int_equal(st, VL_OK);
    assert_int_equal(s.inserted, 1);
    assert_int_equal(s.updated, 1);
    assert_int_equal(s.unchanged, 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM employers WHERE id = 'E101' AND address"
                                   " = 'Số 12, đường Thanh Niên' AND phone = '02203838123'"),
                     1);
    char *text = export_text(ctx, db, VL_KIND_EMPLOYERS, "contact-out.csv", false);
    assert_non_null(strstr(text, "id,name,industry,area,address,phone\r\n"));
    assert_non_null(
        strstr(text, "E101,Công ty TNHH May mặc Hải Dương,C,10507,\"Số 12, đường Thanh Niên\","
                     "02203838123\r\n"));
    assert_non_null(strstr(text, "E105,Công ty Thử,C,10507,Số 1 Lạch Tray,02253838999\r\n"));
    assert_non_null(strstr(text, "E103,Kho vận Nam Sách,H,10606,,\r\n"));
    free(text);
    assert_int_equal(
        vl_db_import(ctx, db, VL_KIND_EMPLOYERS, vt_tmpfile("contact-out.csv"), NULL, &s), VL_OK);
    assert_int_equal(s.unchanged, 5);
    /* into a fresh database and out again: the same bytes */
    vl_db *b = vts_open(ctx, "contact-b.db");
    st = vl_db_import(ctx, b, VL_KIND_EMPLOYERS, vt_tmpfile("contact-out.csv"), NULL, &s);
    if (st != VL_OK)
        vts_dump_diags(ctx);
    assert_int_equal(st, VL_OK);
    assert_int_equal(s.inserted, 5);
    char *again = export_text(ctx, b, VL_KIND_EMPLOYERS, "contact-b.csv", false);
    text = vt_read_file(vt_tmpfile("contact-out.csv"), NULL);
    assert_string_equal(text, again);
    free(text);
    free(again);
    vl_db_close(b);
    /* one record as the desk reads it */
    vl_row *row = NULL;
    assert_int_equal(vl_db_get_row(ctx, db, VL_KIND_EMPLOYERS, "E105", &row), VL_OK);
    assert_string_equal(vl_row_get(row, "address"), "Số 1 Lạch Tray");
    assert_string_equal(vl_row_get(row, "phone"), "02253838999"); /* +84 is Vietnam: 0 */
    vl_row_destroy(row);
    /* a file of the first contract keeps the contacts it does not speak of: E101 is unchanged,
     * and once renamed in such a file it keeps its address and phone */
    assert_int_equal(vts_import(ctx, db, VL_KIND_EMPLOYERS, "old2.csv", VTS_EMPLOYERS, NULL, &s),
                     VL_OK);
    assert_int_equal(s.unchanged, 4);
    assert_int_equal(vts_import(ctx, db, VL_KIND_EMPLOYERS, "renamed.csv",
                                "id,name,industry,area\nE101,Công ty May Hải Dương,C,10507\n", NULL,
                                &s),
                     VL_OK);
    assert_int_equal(s.updated, 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM employers WHERE id = 'E101' AND name ="
                                   " 'Công ty May Hải Dương' AND address = 'Số 12, đường Thanh"
                                   " Niên' AND phone = '02203838123'"),
                     1);
    /* an address typed over two lines of a cell (Alt+Enter) is one line */
    assert_int_equal(vts_import(ctx, db, VL_KIND_EMPLOYERS, "lines.csv",
                                "id,name,industry,area,address\n"
                                "E105,Công ty Thử,C,10507,\"Số 1,\r\n  Lạch Tray\"\n",
                                NULL, &s),
                     VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM employers WHERE id = 'E105' AND"
                                   " address = 'Số 1, Lạch Tray'"),
                     1);
    /* a header with the column, even empty, is the file's word: the address is cleared */
    assert_int_equal(vts_import(ctx, db, VL_KIND_EMPLOYERS, "cleared.csv",
                                "id,name,industry,area,address\n"
                                "E101,Công ty May Hải Dương,C,10507,\n",
                                NULL, &s),
                     VL_OK);
    assert_int_equal(s.updated, 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM employers WHERE id = 'E101' AND"
                                   " COALESCE(address, '') = '' AND phone = '02203838123'"),
                     1);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* The same for a seeker's phone and ID card: a file without the two columns (a list kept from
 * before them, or made by another tool) never erases what the centre recorded. */
static void test_seeker_contact_kept(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "seeker-contact.db");
    vts_import_base(ctx, db);
    vl_import_stats s;
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "with.csv",
                                "id,name,birth_year,gender,area,education,occupations,skills,"
                                "experience_years,languages,wage_min,max_commute_km,abroad,"
                                "priority,registered,status,phone,id_card\n"
                                "S301,Nguyễn Văn An,1998,nam,10507,Đại học,7533;8212,HAN DIEN;"
                                "may cong nghiep,2.5,ja:N3;en:B1,7500000,15,JP;kr,poor;rural,"
                                "2025-01-02,active,0912 345 678,031 098.001-234\n", /* as typed */
                                NULL, &s),
                     VL_OK);
    assert_int_equal(s.updated, 1);
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "without.csv", VTS_SEEKERS, NULL, &s),
                     VL_OK);
    assert_int_equal(s.unchanged, 4); /* S301 too: its contacts are read as stored */
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "phone-only.csv",
                                "id,name,birth_year,gender,area,education,occupations,skills,"
                                "experience_years,languages,wage_min,max_commute_km,abroad,"
                                "priority,registered,status,phone\n"
                                "S301,Nguyễn Văn An,1998,nam,10507,Đại học,7533;8212,HAN DIEN;"
                                "may cong nghiep,2.5,ja:N3;en:B1,7500000,15,JP;kr,poor;rural,"
                                "2025-01-02,active,0987654321\n",
                                NULL, &s),
                     VL_OK);
    assert_int_equal(s.updated, 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers WHERE id = 'S301' AND phone ="
                                   " '0987654321' AND id_card = '031098001234'"),
                     1);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* A BOM, ';' or tab delimiters, CRLF line ends: the same rows. */
static void test_delimiters_and_bom(void **state)
{
    (void)state;
    static const char *const variants[] = {
        "id,name,industry,area\nE1,\"Công ty A, B\",C,10507\nE2,Công ty C,H,10546\n",
        "\xEF\xBB\xBFid,name,industry,area\r\nE1,\"Công ty A, B\",C,10507\r\nE2,Công ty "
        "C,H,10546\r\n",
        "id;name;industry;area\nE1;Công ty A, B;C;10507\nE2;Công ty C;H;10546\n",
        "\xEF\xBB\xBFid\tname\tindustry\tarea\nE1\tCông ty A, B\tC\t10507\nE2\tCông ty "
        "C\tH\t10546\n",
    };
    char first[65] = "";
    for (size_t i = 0; i < 4; i++) {
        vl_ctx *ctx = new_ctx();
        char name[32];
        snprintf(name, sizeof name, "delim%zu.db", i);
        vl_db *db = vts_open(ctx, name);
        vl_import_stats s;
        vl_status st = vts_import(ctx, db, VL_KIND_EMPLOYERS, "delim.csv", variants[i], NULL, &s);
        if (st != VL_OK)
            vts_dump_diags(ctx);
        assert_int_equal(st, VL_OK);
        assert_int_equal(s.inserted, 2);
        char h[65];
        vts_db_hash(db, h);
        if (i == 0)
            snprintf(first, sizeof first, "%s", h);
        else
            assert_string_equal(first, h);
        vl_db_close(db);
        vl_ctx_destroy(ctx);
    }
}

static void test_aliases(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int level;
    } edu[] = {
        {"đại học", VL_EDU_UNIVERSITY},
        {"ĐẠI HỌC", VL_EDU_UNIVERSITY},
        {"Dai hoc", VL_EDU_UNIVERSITY},
        {"cao đẳng", VL_EDU_COLLEGE},
        {"trung cấp", VL_EDU_INTERMEDIATE},
        {"Trung cấp nghề", VL_EDU_INTERMEDIATE},
        {"sơ cấp", VL_EDU_ELEMENTARY},
        {"THPT", VL_EDU_UPPER_SECONDARY},
        {"trung học cơ sở", VL_EDU_LOWER_SECONDARY},
        {"tiểu học", VL_EDU_PRIMARY},
        {"thạc sĩ", VL_EDU_MASTER},
        {"Thạc sỹ", VL_EDU_MASTER},
        {"tiến sĩ", VL_EDU_DOCTORATE},
        {"lower_secondary", VL_EDU_LOWER_SECONDARY},
        {"Upper-Secondary", VL_EDU_UPPER_SECONDARY},
        {"none", VL_EDU_NONE},
        {"không", VL_EDU_NONE},
    };
    for (size_t i = 0; i < sizeof edu / sizeof edu[0]; i++) {
        int e = -7;
        if (!vl__education_parse(edu[i].text, &e) || e != edu[i].level)
            fail_msg("education '%s' -> %d, expected %d", edu[i].text, e, edu[i].level);
    }
    int e;
    assert_false(vl__education_parse("đại", &e));
    assert_false(vl__education_parse("", &e));
    static const struct {
        const char *text;
        bool ok;
        int scheme, level, cefr;
    } langs[] = {
        {"en:A1", true, VL_LANG_CEFR, 1, 1},
        {"en:c2", true, VL_LANG_CEFR, 6, 6},
        {"fr:B2", true, VL_LANG_CEFR, 4, 4},
        {"ja:N5", true, VL_LANG_JLPT, 1, 1},
        {"JA:n1", true, VL_LANG_JLPT, 5, 5},
        {"ko:1", true, VL_LANG_TOPIK, 1, 1},
        {"ko:TOPIK6", true, VL_LANG_TOPIK, 6, 6},
        {"ko:topik 4", true, VL_LANG_TOPIK, 4, 4},
        {"en:N3", false, 0, 0, 0},
        {"ja:3", false, 0, 0, 0},
        {"zz:A1", false, 0, 0, 0},
        {"en:D1", false, 0, 0, 0},
        {"en", false, 0, 0, 0},
        {"eng:B1", false, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        vl_lang l;
        char why[200];
        bool ok = vl__lang_parse(NULL, langs[i].text, &l, why, sizeof why);
        if (ok != langs[i].ok)
            fail_msg("language '%s': %s", langs[i].text, ok ? "accepted" : why);
        if (ok) {
            assert_int_equal(l.scheme, langs[i].scheme);
            assert_int_equal(l.level, langs[i].level);
            assert_int_equal(l.cefr, langs[i].cefr);
            char back[16];
            vl__lang_format(&l, back, sizeof back);
            vl_lang l2;
            assert_true(vl__lang_parse(NULL, back, &l2, why, sizeof why));
            assert_memory_equal(&l, &l2, sizeof l);
        }
    }
    unsigned bit;
    assert_true(vl__priority_parse("dân tộc thiểu số", &bit) && bit == VL_PRIO_ETHNIC_MINORITY);
    assert_true(vl__priority_parse("near_poor", &bit) && bit == VL_PRIO_NEAR_POOR);
    assert_true(vl__country_valid("KR") && !vl__country_valid("XK") && !vl__country_valid("kr"));
}

/* ---- a 100 MB file, streamed ------------------------------------------------------------- */

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/*
 * 100 MB of areas rows, each with a 500 kB `note` column (--allow-extra-columns): cheap to
 * parse, so the test is about memory. Peak RSS may not grow by more than a fraction of the
 * file: one record at a time is held, never the file.
 */
static void test_big_file_bounded_memory(void **state)
{
    (void)state;
    enum { ROWS = 200, NOTE = 500 * 1000 };
    const char *path = vt_tmpfile("big-areas.csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    char *note = malloc(NOTE + 1);
    assert_non_null(note);
    for (size_t i = 0; i < NOTE; i++)
        note[i] = (char)('a' + (i * 7 + i / 13) % 26);
    note[NOTE] = '\0';
    fprintf(f, "code,name,parent,lat,lon,note\n");
    for (int i = 0; i < ROWS; i++)
        fprintf(f, "9%05d,Xã thử %d,31,20.%04d,106.%04d,%s\n", i, i, i, 2 * i, note);
    long size = ftell(f);
    assert_int_equal(fclose(f), 0);
    assert_true(size > 100 * 1000 * 1000);

    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "big.db");
    /* warm up with one row of the same shape: the reader's buffers (and libcsv's, which grow
     * in small steps) reach their size before the measurement starts */
    vl_import_options o = {.allow_extra_columns = true};
    const char *warm = vt_tmpfile("warm.csv");
    f = fopen(warm, "wb");
    assert_non_null(f);
    fprintf(f, "code,name,parent,lat,lon,note\n80001,Xã A,31,,,%s\n", note);
    assert_int_equal(fclose(f), 0);
    free(note);
    assert_int_equal(vl_db_import(ctx, db, VL_KIND_AREAS, warm, &o, NULL), VL_OK);
    long before = max_rss_kb();
    vl_import_stats s;
    vl_status st = vl_db_import(ctx, db, VL_KIND_AREAS, path, &o, &s);
    if (st != VL_OK)
        vts_dump_diags(ctx);
    assert_int_equal(st, VL_OK);
    assert_int_equal(s.inserted, ROWS);
    long growth_kb = max_rss_kb() - before;
    fprintf(stderr, "# 100 MB import: peak RSS grew by %ld kB\n", growth_kb);
    /* a record is at most 1 MiB; a few copies of it, never the 100 MB */
    assert_true(growth_kb < 24 * 1024);
    remove(path);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* An erased seeker's data does not come back: not through a file, nor the desk's form
 * (vl_db_put), on either backend; the same row without personal data is accepted. */
static void test_erased_stays_erased(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "erased.db");
    vts_import_base(ctx, db);
    const char *ids[] = {"S301"};
    assert_int_equal(vl_db_erase_seekers(ctx, db, ids, 1, "asked", "test", NULL), VL_OK);
    char h1[65], h2[65];
    vts_db_hash(db, h1);
    vl_import_stats st;
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "old.csv", VTS_SEEKERS, NULL, &st),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, "old.csv:2: column id: this person's personal data was erased on ");
    assert_false(vts_has_diag(ctx, "Nguyễn"));
    vts_db_hash(db, h2);
    assert_string_equal(h1, h2);
    /* the desk: a new registration cannot take the id, an update cannot bring a name back */
    const char *cols[] = {"id", "name", "area", "education", "registered", "status"};
    const char *vals[] = {"S301", "Nguyễn Văn An", "10507", "Đại học", "2025-01-02", "withdrawn"};
    vl_put_request rq = {
        .kind = VL_KIND_SEEKERS, .columns = cols, .values = vals, .n = 6, .create = true};
    vl_put_result out;
    assert_int_equal(vl_db_put(ctx, db, &rq, &out), VL_ERR_CONFLICT);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "erased on"));
    rq.create = false;
    rq.update = true;
    assert_int_equal(vl_db_put(ctx, db, &rq, &out), VL_ERR_INVALID);
    vts_expect_diag(ctx, "id: this person's personal data was erased on ");
    vts_db_hash(db, h2);
    assert_string_equal(h1, h2);
    /* without the personal columns it is an ordinary update */
    vals[1] = "";
    assert_int_equal(vl_db_put(ctx, db, &rq, &out), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers WHERE id = 'S301' AND name IS"
                                   " NULL AND erased IS NOT NULL AND status = 'withdrawn'"),
                     1);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* A registration without an id takes the day's next number: one more than the largest number
 * of today's ids, whatever their order as text (-10000 sorts before -9999) and whatever other
 * ids of the day there are (letters, more than 18 digits), on either backend. */
static void test_next_id(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "next-id.db");
    vts_import_base(ctx, db);
    char day[11], stem[16], id[64], want[64];
    vl__format_date(vl__today(), day);
    snprintf(stem, sizeof stem, "S%.4s%.2s%.2s-", day, day + 5, day + 8);
    const char *cols[] = {"id", "name", "area", "education", "registered", "status"};
    const char *vals[] = {"", "Nguyễn Văn An", "10507", "Đại học", "2025-01-02", "active"};
    vl_put_request rq = {.kind = VL_KIND_SEEKERS,
                         .columns = cols,
                         .values = vals,
                         .n = 6,
                         .create = true,
                         .id_prefix = "S"};
    vl_put_result out;
    static const struct {
        const char *given; /* the id after the stem, or NULL: numbered */
        const char *next;  /* the number a registration then takes */
    } steps[] = {
        {NULL, "0001"},    {NULL, "0002"},    {"0041", "0042"},
        {"abc", "0043"},   {"00999", "1000"}, {"12345678901234567890", "1001"},
        {"9999", "10000"}, {NULL, "10001"},   {"7x", "10002"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (steps[i].given) {
            snprintf(id, sizeof id, "%s%s", stem, steps[i].given);
            vals[0] = id;
            assert_int_equal(vl_db_put(ctx, db, &rq, &out), VL_OK);
            assert_string_equal(out.id, id);
        }
        vals[0] = "";
        assert_int_equal(vl_db_put(ctx, db, &rq, &out), VL_OK);
        snprintf(want, sizeof want, "%s%s", stem, steps[i].next);
        assert_string_equal(out.id, want);
    }
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* Text the desk writes is stored in NFC, as a file's is read: a name typed decomposed (Unikey's
 * "Unicode tổ hợp") is the same name, unchanged when it comes again composed, found by a query
 * on the composed text; a counselling session's topic too. */
static void test_put_nfc(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "put-nfc.db");
    vts_import_base(ctx, db);
    const char *cols[] = {"id", "name", "area", "education", "registered", "status"};
    /* "Nguyễn Văn An" as e + U+0302 + U+0303 and a + U+0306 */
    const char *vals[] = {"S9001",
                          "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An",
                          "10507",
                          ("Đa\xcc\xa3i ho\xcc\xa3"
                           "c"),
                          "2025-01-02",
                          "active"};
    vl_put_request rq = {
        .kind = VL_KIND_SEEKERS, .columns = cols, .values = vals, .n = 6, .create = true};
    vl_put_result out;
    assert_int_equal(vl_db_put(ctx, db, &rq, &out), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers WHERE id = 'S9001' AND"
                                   " name = 'Nguyễn Văn An' AND education = 'university'"),
                     1);
    vals[1] = "Nguyễn Văn An";
    vals[3] = "Đại học";
    rq.create = false;
    rq.update = true;
    assert_int_equal(vl_db_put(ctx, db, &rq, &out), VL_OK);
    assert_false(out.changed);
    vl_counselling_new c = {.seeker = "S9001", .topic = "Ho\xcc\x82\xcc\x80 so\xcc\x9b"};
    assert_int_equal(vl_counselling_record(ctx, db, &c), VL_OK);
    assert_int_equal(
        vts_count(db,
                  "SELECT COUNT(*) FROM counselling WHERE seeker = 'S9001' AND topic = 'Hồ sơ'"),
        1);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* The ids tagged with a province that an import into a server reads once. */
static void test_strtag(void **state)
{
    (void)state;
    vl__strtag t = {0};
    assert_null(vl__strtag_get(&t, "S1"));
    char id[16];
    for (int i = 0; i < 10000; i++) {
        snprintf(id, sizeof id, "S%d", i);
        assert_true(vl__strtag_put(&t, id, i % 3 == 0 ? "31" : i % 3 == 1 ? "01" : ""));
    }
    assert_int_equal(t.n, 3); /* each province once */
    assert_string_equal(vl__strtag_get(&t, "S0"), "31");
    assert_string_equal(vl__strtag_get(&t, "S9997"), "01");
    assert_string_equal(vl__strtag_get(&t, "S9998"), "");
    assert_null(vl__strtag_get(&t, "S10000"));
    assert_true(vl__strtag_put(&t, "S0", "92")); /* a seeker who moved */
    assert_string_equal(vl__strtag_get(&t, "S0"), "92");
    assert_string_equal(vl__strtag_get(&t, "S3"), "31");
    assert_int_equal(t.n, 4);
    vl__strtag_free(&t);
    assert_null(vl__strtag_get(&t, "S3"));
    vl__strtag_free(&t);
    /* the Nth allocation fails: what was put stays readable, nothing leaks */
    for (long n = 1;; n++) {
        vl__alloc_reset();
        vl__alloc_fail_after(n, false);
        bool ok = true;
        int i = 0;
        for (; i < 300 && ok; i++) {
            snprintf(id, sizeof id, "S%d", i);
            ok = vl__strtag_put(&t, id, i % 2 ? "31" : "01");
        }
        bool failed = vl__alloc_failures() > 0;
        vl__alloc_fail_after(0, false);
        /* every id put before a failed put is there (a failure the map could do without, a
         * growth it postponed, fails nothing) */
        for (int k = 0; k < (ok ? i : i - 1); k++) {
            snprintf(id, sizeof id, "S%d", k);
            assert_string_equal(vl__strtag_get(&t, id), k % 2 ? "31" : "01");
        }
        vl__strtag_free(&t);
        if (!failed) {
            assert_true(ok);
            break;
        }
    }
}

/*
 * A full disk: the import says the disk is full and nothing is written. The database is held to
 * a few pages more than it has (PRAGMA max_page_count), so the inserts fail; a disk that fills
 * at the COMMIT (SQLite then ends the transaction itself, which was said as "out of memory") is
 * the same message by the same branch of vl__db_sqlerr, checked by hand on a 12 MB tmpfs.
 */
static void test_disk_full(void **state)
{
    (void)state;
    if (vts_pg()) /* a PostgreSQL server's disk is its own: its errors are mapped in pg.c */
        return;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "full.db");
    const char *path = vt_tmpfile("many-employers.csv");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("id,name,industry,area\n", f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "E%06d,Công ty TNHH số %d với một cái tên khá dài,C,10507\n", i, i);
    fclose(f);
    int64_t pages = vts_count(db, "PRAGMA page_count");
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA max_page_count = %lld", (long long)pages + 8);
    assert_int_equal(vl__db_exec(ctx, db, pragma), VL_OK);
    vl_import_stats s;
    assert_int_equal(vl_db_import(ctx, db, VL_KIND_EMPLOYERS, path, NULL, &s), VL_ERR_IO);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "the disk holding the database is full"));
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM employers"), 0);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        /* first: ru_maxrss is the process's peak, so later tests must not have raised it */
        cmocka_unit_test(test_big_file_bounded_memory),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_physical_lines),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_personal_data_kept_out),
        cmocka_unit_test(test_good_import_and_load),
        cmocka_unit_test(test_idempotent_and_update),
        cmocka_unit_test(test_skip_invalid),
        cmocka_unit_test(test_extra_columns_allowed),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_delimiters_and_bom),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_erased_stays_erased),
        cmocka_unit_test(test_employer_contact),
        cmocka_unit_test(test_seeker_contact_kept),
        cmocka_unit_test(test_next_id),
        cmocka_unit_test(test_disk_full),
        cmocka_unit_test(test_put_nfc),
        cmocka_unit_test(test_strtag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
