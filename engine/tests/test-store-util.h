/*
 * test-store-util.h - helpers shared by the store's test programs (test-store.c,
 * test-import.c, test-history.c): a fresh database with reference data, a small good data set
 * in the contract format, writing and importing text, a hash of every data table (to prove a
 * failed import left the database unchanged) and diagnostics look-ups. Header-only (static
 * inline) because each test program is built from one .c file plus testutil.c.
 */
#ifndef VL_TEST_STORE_UTIL_H
#define VL_TEST_STORE_UTIL_H

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/sha256.h"
#include "store/store.h"

/* A small, valid data set (employer E101 is the one fixtures/bad/ refers to). Areas are 2025
 * communes of Hải Phòng: 10507 Phường Thành Đông (a code reused by the reform: until 2025-06-30 it
 * was Phường Cẩm Thượng), 10546 Phường Chí Linh, 10606 Xã Nam Sách, and the province 31. */
static const char VTS_EMPLOYERS[] = "id,name,industry,area\n"
                                    "E101,Công ty TNHH May mặc Hải Dương,C,10507\n"
                                    "E102,\"Công ty Điện tử Chí Linh, chi nhánh 2\",C,10546\n"
                                    "E103,Kho vận Nam Sách,H,10606\n"
                                    "E104,Công ty Cơ khí Hải Phòng,C,31\n";

static const char VTS_VACANCIES[] =
    "id,employer,title,occupation,skills_required,skills_preferred,education_min,"
    "experience_min,languages,wage_min,wage_max,positions,area,country,age_min,age_max,posted,"
    "closes,fair\n"
    "V201,E101,Thợ may công nghiệp,7533,May công nghiệp;Vắt sổ,Là ủi,THPT,1.5,,7200000,"
    "9350000,25,10507,,18,45,2025-01-10,2025-03-31,F2025Q1\n"
    "V202,E102,Công nhân lắp ráp điện tử,8212,Hàn điện,Đọc bản vẽ,trung cấp,0.25,en:A2,"
    "8100000,,15,10546,VN,,,2025-02-01,,\n"
    "V203,E103,Thực tập sinh kỹ năng (Nhật Bản),9333,Lái xe nâng,,THPT,,ja:N4,,,12,,JP,18,30,"
    "2025-01-05,,\n"
    "V204,E104,Kỹ sư cơ khí,2144,AutoCAD;Thiết kế khuôn,,đại học,3,ko:TOPIK3;en:B2,15000000,"
    "22000000,2,31,vn,23,40,2025-07-15,2025-12-31,\n";

static const char VTS_SEEKERS[] =
    "id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,"
    "wage_min,max_commute_km,abroad,priority,registered,status\n"
    "S301,Nguyễn Văn An,1998,nam,10507,Đại học,7533;8212,HAN DIEN;may cong nghiep,2.5,"
    "ja:N3;en:B1,7500000,15,JP;kr,poor;rural,2025-01-02,active\n"
    "S302,Trần Thị Bình,2001,nữ,10606,cao đẳng,9333,,0,,,,*,,2025-01-03,\n"
    "S303,Lê Văn Cường,1990,male,10546,thpt,,,10,ko:3,,,,,2024-12-01,placed\n"
    "S304,Phạm Thị Dung,1985,female,31,trung cấp,7533,Vắt sổ;Là ủi,12.75,,6800000,8.5,,"
    "disability,2025-07-20,active\n";

static const char VTS_HISTORY[] = "series,period,value,area,industry\n"
                                  "vacancies,2024Q1,120,288,C\n"
                                  "vacancies,2024Q2,98.5,288,C\n"
                                  "vacancies,2024Q3,101.25,288,C\n"
                                  "vacancies,2024Q1,40,290,\n"
                                  "placements,2024-01,12,288,C\n"
                                  "placements,2024-02,17,288,C\n";

static inline void vts_dump_diags(vl_ctx *ctx)
{
    fprintf(stderr, "# status %d: %s\n", (int)vl_ctx_status(ctx), vl_ctx_errmsg(ctx));
    for (size_t i = 0; i < vl_ctx_diag_count(ctx) && vl_ctx_diag(ctx, i); i++)
        fprintf(stderr, "# diag: %s\n", vl_ctx_diag(ctx, i));
}

static inline bool vts_has_diag(vl_ctx *ctx, const char *needle)
{
    for (size_t i = 0; i < vl_ctx_diag_count(ctx) && vl_ctx_diag(ctx, i); i++)
        if (strstr(vl_ctx_diag(ctx, i), needle))
            return true;
    return false;
}

/* Fails the test (showing the diagnostics) unless one diagnostic contains needle. */
#define vts_expect_diag(ctx, needle)                                                               \
    do {                                                                                           \
        if (!vts_has_diag((ctx), (needle))) {                                                      \
            vts_dump_diags(ctx);                                                                   \
            fail_msg("no diagnostic contains \"%s\"", (needle));                                   \
        }                                                                                          \
    } while (0)

/*
 * Whether this run tests the PostgreSQL backend: VL_TEST_DB=postgresql (the "-pg" variants of
 * the store's tests, run under scripts/with-pg.sh, which sets VL_TEST_PG_URL).
 */
static inline bool vts_pg(void)
{
    const char *b = getenv("VL_TEST_DB");
    return b && strcmp(b, "postgresql") == 0;
}

/*
 * Where a fresh database named name lives: a file in the temp dir (removed first), or with
 * vts_pg() a new schema of the test cluster's database, named from name, the process and the
 * time so that no two runs share one. Fails the test when PostgreSQL is wanted but not there.
 */
static inline const char *vts_target(const char *name)
{
    if (!vts_pg()) {
        const char *path = vt_tmpfile(name);
        char wal[600];
        remove(path);
        snprintf(wal, sizeof wal, "%s-wal", path);
        remove(wal);
        snprintf(wal, sizeof wal, "%s-shm", path);
        remove(wal);
        return path;
    }
    const char *url = getenv("VL_TEST_PG_URL");
    if (!url || !*url)
        fail_msg("VL_TEST_DB=postgresql but no VL_TEST_PG_URL: run under scripts/with-pg.sh");
    static char buf[8][1024];
    static unsigned next, serial;
    char *out = buf[next++ % 8];
    char schema[80];
    size_t k = (size_t)snprintf(schema, sizeof schema, "t%ld_%ld_%u_", (long)getpid(),
                                (long)time(NULL), serial++);
    for (const char *p = name; *p && k + 1 < sizeof schema; p++)
        schema[k++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_';
    schema[k] = '\0';
    snprintf(out, sizeof buf[0], "%s%soptions=-csearch_path%%3D%s", url,
             strchr(url, '?') ? "&" : "?", schema);
    return out;
}

/* A new database at path (a vts_target), with reference data. */
static inline vl_db *vts_open_at(vl_ctx *ctx, const char *path)
{
    vl_db *db = NULL;
    vl_status st = vl_db_open(ctx, path, VL_DB_CREATE, &db);
    if (st != VL_OK)
        vts_dump_diags(ctx);
    assert_int_equal(st, VL_OK);
    if ((st = vl_db_init_reference(ctx, db)) != VL_OK)
        vts_dump_diags(ctx);
    assert_int_equal(st, VL_OK);
    return db;
}

/* A fresh database (vts_target), with reference data. */
static inline vl_db *vts_open(vl_ctx *ctx, const char *name)
{
    return vts_open_at(ctx, vts_target(name));
}

static inline int vts_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The number of areas `vieclam init` must load, counted from the fixture files themselves
 * (fixtures/reference/...2025.csv): the 2025 provinces and communes, one row each, plus every
 * distinct pre-reform province, district and commune code of the crosswalk (a divided commune
 * has one crosswalk row per new commune; five island districts have no communes).
 */
static inline int64_t vts_reference_areas(void)
{
    int64_t n = 0;
    static const char *const lists[] = {"fixtures/reference/provinces_2025.csv",
                                        "fixtures/reference/communes_2025.csv"};
    for (size_t k = 0; k < 2; k++) {
        char *text = vt_read_file(vt_source(lists[k]), NULL);
        for (const char *p = text; *p; p++)
            n += *p == '\n';
        n--; /* the header */
        free(text);
    }
    char *text = vt_read_file(vt_source("fixtures/reference/crosswalk_2024_2025.csv"), NULL);
    size_t cap = 40000, m = 0;
    char **codes = malloc(cap * sizeof *codes);
    assert_non_null(codes);
    char *save = NULL;
    bool header = true;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (header) {
            header = false;
            continue;
        }
        /* old_province_code,old_province,old_district_code,old_district,old_commune_code,... */
        char *f[6];
        char *p = line;
        for (int i = 0; i < 6; i++) {
            f[i] = p;
            p = strchr(p, ',');
            assert_non_null(p);
            *p++ = '\0';
        }
        static const char tag[3] = {'P', 'D', 'C'};
        for (int i = 0; i < 3; i++) {
            if (!*f[2 * i])
                continue;
            assert_true(m < cap);
            codes[m] = malloc(strlen(f[2 * i]) + 2);
            assert_non_null(codes[m]);
            codes[m][0] = tag[i];
            strcpy(codes[m] + 1, f[2 * i]);
            m++;
        }
    }
    qsort(codes, m, sizeof *codes, vts_cmp_str);
    for (size_t i = 0; i < m; i++)
        n += i == 0 || strcmp(codes[i], codes[i - 1]) != 0;
    for (size_t i = 0; i < m; i++)
        free(codes[i]);
    free(codes);
    free(text);
    return n;
}

/* Writes text to the temp dir as name and imports it. */
static inline vl_status vts_import(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *name,
                                   const char *text, const vl_import_options *opt,
                                   vl_import_stats *stats)
{
    const char *path = vt_tmpfile(name);
    vt_write_file(path, text);
    return vl_db_import(ctx, db, kind, path, opt, stats);
}

/* vts_import that must succeed: fails the test, with the diagnostics, otherwise. */
static inline void vts_import_ok(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *name,
                                 const char *text, vl_import_stats *stats)
{
    vl_status st = vts_import(ctx, db, kind, name, text, NULL, stats);
    if (st != VL_OK)
        vts_dump_diags(ctx);
    assert_int_equal(st, VL_OK);
}

/* Imports the good set (employers, vacancies, seekers, history); fails the test on error. */
static inline void vts_import_base(vl_ctx *ctx, vl_db *db)
{
    static const struct {
        vl_kind kind;
        const char *name, *text;
        size_t rows;
    } base[] = {
        {VL_KIND_EMPLOYERS, "base-employers.csv", VTS_EMPLOYERS, 4},
        {VL_KIND_VACANCIES, "base-vacancies.csv", VTS_VACANCIES, 4},
        {VL_KIND_SEEKERS, "base-seekers.csv", VTS_SEEKERS, 4},
        {VL_KIND_HISTORY, "base-history.csv", VTS_HISTORY, 6},
    };
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++) {
        vl_import_stats s;
        vl_status st = vts_import(ctx, db, base[i].kind, base[i].name, base[i].text, NULL, &s);
        if (st != VL_OK)
            vts_dump_diags(ctx);
        assert_int_equal(st, VL_OK);
        assert_int_equal(s.rows, base[i].rows);
    }
}

/* SHA-256 of the content of every table except the audit trail (runs). */
static inline void vts_db_hash(vl_db *db, char hex[65])
{
    vl__stmt *tables;
    assert_int_equal(
        vl__db_prepare(NULL, db,
                       vl__sql(db,
                               "SELECT name FROM sqlite_master WHERE type = 'table'"
                               " AND name NOT LIKE 'sqlite_%' AND name <> 'runs'"
                               /* a virtual table's content: its shadow tables */
                               " AND sql NOT LIKE 'CREATE VIRTUAL%'"
                               " ORDER BY name",
                               "SELECT c.relname FROM pg_class c JOIN pg_namespace"
                               " n ON n.oid = c.relnamespace WHERE n.nspname ="
                               " current_schema() AND c.relkind IN ('r', 'p') AND"
                               " NOT c.relispartition AND c.relname NOT IN"
                               /* the change log names the transactions that wrote it */
                               " ('runs', 'vl_schema', 'changes') ORDER BY c.relname"
                               " COLLATE \"C\""),
                       &tables),
        VL_OK);
    vl_sha256 h;
    vl__sha256_init(&h);
    while (vl__step(tables) == VL__ROW) {
        char sql[256];
        const char *name = vl__col_text(tables, 0);
        snprintf(sql, sizeof sql,
                 vts_pg() ? "SELECT * FROM \"%s\" t ORDER BY CAST(t AS TEXT) COLLATE \"C\""
                          : "SELECT * FROM \"%s\" ORDER BY 1, 2",
                 name);
        vl__sha256_update(&h, name, strlen(name));
        vl__stmt *s;
        assert_int_equal(vl__db_prepare(NULL, db, sql, &s), VL_OK);
        while (vl__step(s) == VL__ROW)
            for (int c = 0; c < vl__col_count(s); c++) {
                const char *t = vl__col_text_len(s, c, NULL);
                vl__sha256_update(&h, t ? t : "\x01NULL", t ? strlen(t) : 5);
                vl__sha256_update(&h, "\x1f", 1);
            }
        vl__finalize(s);
    }
    vl__finalize(tables);
    uint8_t d[32];
    vl__sha256_final(&h, d);
    vl__sha256_hex(d, hex);
}

static inline int64_t vts_count(vl_db *db, const char *sql)
{
    int64_t v = -1;
    assert_int_equal(vl__db_scalar(NULL, db, sql, &v), VL_OK);
    return v;
}

#endif
