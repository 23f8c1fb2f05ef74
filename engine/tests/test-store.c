/*
 * test-store.c - the database itself: SHA-256 against the FIPS 180-2 examples, file mode 0600
 * whatever the umask, WAL / foreign keys / busy timeout, migrations from version 0 and refusal
 * of a newer schema, the bundled reference data (ISCO-08 structure, VSCO 2020, VSIC 2018,
 * Hải Dương districts valid until 2025-06-30), the runs audit trail with input hashes, nested
 * transactions, consistency checks on an as-of date and loading an empty database.
 */
#include "test-store-util.h"

#include <math.h>
#include <sqlite3.h> /* to make files the SQLite backend must refuse or migrate */
#include <stdlib.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static vl_ctx *new_ctx(void)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    return ctx;
}

static void test_sha256_vectors(void **state)
{
    (void)state;
    /* FIPS 180-2, appendix B (one block, two blocks, a million 'a'), and the empty message */
    static const struct {
        const char *text;
        size_t repeat;
        const char *hex;
    } v[] = {
        {"abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
        {"", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = strlen(v[i].text);
        char *buf = malloc(n * v[i].repeat + 1);
        assert_non_null(buf);
        for (size_t r = 0; r < v[i].repeat; r++)
            memcpy(buf + r * n, v[i].text, n);
        size_t total = n * v[i].repeat;
        char hex[65];
        vl__sha256_text(buf, total, hex);
        assert_string_equal(hex, v[i].hex);
        /* the same in uneven pieces (crossing block boundaries) */
        vl_sha256 s;
        vl__sha256_init(&s);
        for (size_t off = 0, step = 1; off < total; off += step, step = step * 3 % 97 + 1)
            vl__sha256_update(&s, buf + off, off + step > total ? total - off : step);
        uint8_t d[32];
        vl__sha256_final(&s, d);
        vl__sha256_hex(d, hex);
        assert_string_equal(hex, v[i].hex);
        /* and of a file */
        const char *path = vt_tmpfile("sha.bin");
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(buf, 1, total, f), total);
        fclose(f);
        assert_int_equal(vl__sha256_file(NULL, path, hex), VL_OK);
        assert_string_equal(hex, v[i].hex);
        free(buf);
    }
    char hex[65];
    assert_int_equal(vl__sha256_file(NULL, vt_tmpfile("no-such-file"), hex), VL_ERR_IO);
}

static void test_file_mode_and_pragmas(void **state)
{
    (void)state;
    static const mode_t masks[] = {0, 022, 077, 0277};
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        vl_ctx *ctx = new_ctx();
        char name[32];
        snprintf(name, sizeof name, "mode%zu.db", i);
        const char *path = vt_tmpfile(name);
        mode_t old = umask(masks[i]);
        vl_db *db = NULL;
        vl_status st = vl_db_open(ctx, path, VL_DB_CREATE, &db);
        umask(old);
        assert_int_equal(st, VL_OK);
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        if ((sb.st_mode & 0777) != 0600)
            fail_msg("umask %03o: mode %03o", (unsigned)masks[i], (unsigned)(sb.st_mode & 0777));
        char sql_result[16];
        vl__stmt *s;
        assert_int_equal(vl__db_prepare(ctx, db, "PRAGMA journal_mode", &s), VL_OK);
        assert_int_equal(vl__step(s), VL__ROW);
        snprintf(sql_result, sizeof sql_result, "%s", vl__col_text(s, 0));
        vl__finalize(s);
        assert_string_equal(sql_result, "wal");
        assert_int_equal(vts_count(db, "PRAGMA foreign_keys"), 1);
        assert_true(vts_count(db, "PRAGMA busy_timeout") >= 1000);
        /* the page cache: the bulk size in a write transaction (imports), SQLite's default
         * in a reading one (loads read each page once) */
        assert_int_equal(vl__db_begin(ctx, db), VL_OK);
        assert_int_equal(vts_count(db, "PRAGMA cache_size"), -262144);
        assert_int_equal(vl__db_commit(ctx, db), VL_OK);
        assert_int_equal(vl__db_begin_read(ctx, db), VL_OK);
        assert_int_equal(vts_count(db, "PRAGMA cache_size"), -2000);
        vl__db_end_read(db);
        if (i == 0) { /* a server's pooled connection keeps SQLite's small cache */
            vl_db *pooled = NULL;
            assert_int_equal(vl_db_open(ctx, path, VL_DB_POOLED, &pooled), VL_OK);
            assert_int_equal(vl__db_begin(ctx, pooled), VL_OK);
            assert_int_equal(vts_count(pooled, "PRAGMA cache_size"), -2000);
            assert_int_equal(vl__db_commit(ctx, pooled), VL_OK);
            vl_db_close(pooled);
        }
        assert_int_equal(vl_db_schema_version(db), vl__db_schema_target());
        /* the write-ahead log and its index hold the same data: same mode */
        old = umask(masks[i]);
        assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('k', 'v')"), VL_OK);
        umask(old);
        static const char *const sidecars[] = {"-wal", "-shm"};
        for (size_t k = 0; k < 2; k++) {
            char side[700];
            snprintf(side, sizeof side, "%s%s", path, sidecars[k]);
            assert_int_equal(stat(side, &sb), 0);
            if ((sb.st_mode & 0777) != 0600)
                fail_msg("umask %03o: %s mode %03o", (unsigned)masks[i], sidecars[k],
                         (unsigned)(sb.st_mode & 0777));
        }
        vl_db_close(db);
        vl_ctx_destroy(ctx);
    }
    vl_db_close(NULL);
}

static void test_open_errors(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(ctx, vt_tmpfile("absent.db"), 0, &db), VL_ERR_NOTFOUND);
    assert_null(db);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "vieclam init"));
    assert_int_equal(vl_db_open(ctx, vt_tmpfile("x.db"), VL_DB_CREATE | VL_DB_READONLY, &db),
                     VL_ERR_ARG);
    /* a text file is not a database */
    const char *txt = vt_tmpfile("notes.db");
    vt_write_file(txt, "id,name\nthis is a CSV file, not a database, and long enough to fill "
                       "the SQLite header of one hundred bytes........................\n");
    assert_int_equal(vl_db_open(ctx, txt, 0, &db), VL_ERR_DB);
    vl_ctx_destroy(ctx);
}

static void test_migrations(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    /* version 0: an empty SQLite database made by someone else */
    const char *path = vt_tmpfile("v0.db");
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(raw, "CREATE TABLE notes(x); PRAGMA user_version = 0", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(raw);
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(ctx, path, 0, &db), VL_OK);
    assert_int_equal(vl_db_schema_version(db), vl__db_schema_target());
    assert_int_equal(vts_count(db, "PRAGMA user_version"), vl__db_schema_target());
    static const char *const tables[] = {
        "areas",
        "occupations",
        "industries",
        "employers",
        "vacancies",
        "vacancy_skills",
        "vacancy_languages",
        "seekers",
        "seeker_skills",
        "seeker_occupations",
        "seeker_languages",
        "seeker_priority",
        "seeker_abroad",
        "fairs",
        "history",
        "runs",
        "match_results",
        "fair_invitations",
        "forecasts",
        "forecast_accuracy",
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM sqlite_master WHERE name = '%s'",
                 tables[i]);
        if (vts_count(db, sql) != 1)
            fail_msg("table %s is missing", tables[i]);
    }
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM notes"), 0); /* left alone */
    vl_db_close(db);
    /* opening again runs nothing */
    assert_int_equal(vl_db_open(ctx, path, VL_DB_READONLY, &db), VL_OK);
    vl_db_close(db);

    /* a newer schema is refused, read-write or read-only */
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", vl__db_schema_target() + 1);
    assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    assert_int_equal(vl_db_open(ctx, path, 0, &db), VL_ERR_DB);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "newer"));
    assert_int_equal(vl_db_open(ctx, path, VL_DB_READONLY, &db), VL_ERR_DB);
    assert_null(db);

    /* an old schema cannot be migrated read-only */
    const char *old = vt_tmpfile("v0-ro.db");
    assert_int_equal(sqlite3_open(old, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    assert_int_equal(vl_db_open(ctx, old, VL_DB_READONLY, &db), VL_ERR_DB);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "migrate"));
    vl_ctx_destroy(ctx);
}

/* Data rows of a fixture CSV (lines minus the header). */
static int64_t fixture_rows(const char *rel)
{
    char *text = vt_read_file(vt_source(rel), NULL);
    int64_t lines = 0;
    bool quoted = false;
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '\n' && !quoted)
            lines++;
    }
    free(text);
    return lines - 1;
}

static void test_reference_data(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "ref.db");
    /* ISCO-08: 10 major, 43 sub-major, 130 minor and 436 unit groups */
    static const int64_t isco[] = {10, 43, 130, 436};
    for (int l = 1; l <= 4; l++) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM occupations WHERE classification = 'ISCO-08' AND level = %d",
                 l);
        assert_int_equal(vts_count(db, sql), isco[l - 1]);
    }
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM occupations o WHERE classification ="
                                   " 'ISCO-08' AND level > 1 AND NOT EXISTS (SELECT 1 FROM"
                                   " occupations p WHERE p.classification = 'ISCO-08' AND"
                                   " p.code = o.parent AND p.level = o.level - 1)"),
                     0);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM occupations WHERE classification ="
                                   " 'VSCO-2020'"),
                     fixture_rows("fixtures/reference/vsco2020_level1_2.csv"));
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM occupations WHERE classification ="
                                   " 'VSCO-2020' AND title_vi = 'Lực lượng vũ trang'"),
                     1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM industries WHERE version = 'VSIC-2018'"),
                     fixture_rows("fixtures/reference/vsic2018_sections.csv"));
    /* areas: every 2025 province and commune with its published centre, and the pre-reform
     * provinces, districts and communes (counted from the fixture files themselves) */
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas"), vts_reference_areas());
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas WHERE version = 'VN-ADMIN-2025'"
                                   " AND level = 1 AND valid_from = '2025-07-01' AND valid_to IS"
                                   " NULL AND centre = 'published'"),
                     fixture_rows("fixtures/reference/provinces_2025.csv"));
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas a JOIN areas p ON p.id = a.parent"
                                   " WHERE a.version = 'VN-ADMIN-2025' AND a.level = 3"
                                   " AND p.level = 1 AND a.centre = 'published'"),
                     fixture_rows("fixtures/reference/communes_2025.csv"));
    /* the twelve district-level units of former Hải Dương (codes 288-300), until 2025-06-30,
     * with derived centres; and Hải Phòng's 114 communes since 2025-07-01 */
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas a JOIN areas p ON p.id = a.parent"
                                   " WHERE p.code = '30' AND a.level = 2 AND a.valid_to ="
                                   " '2025-06-30' AND a.centre = 'derived' AND"
                                   " CAST(a.code AS INTEGER) BETWEEN 288 AND 300"),
                     12);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas a JOIN areas p ON p.id = a.parent"
                                   " WHERE p.code = '31' AND p.version = 'VN-ADMIN-2025'"),
                     114);
    /* a reused code: 10507 is two areas, told apart by their dates */
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas WHERE code = '10507' AND name ="
                                   " 'Phường Cẩm Thượng' AND valid_to = '2025-06-30'"),
                     1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas WHERE code = '10507' AND name ="
                                   " 'Phường Thành Đông' AND valid_from = '2025-07-01'"),
                     1);
    /* loading again changes nothing */
    char h1[65], h2[65];
    vts_db_hash(db, h1);
    assert_int_equal(vl_db_init_reference(ctx, db), VL_OK);
    vts_db_hash(db, h2);
    assert_string_equal(h1, h2);
    /* a new bundle (its fingerprint differs) brings reference rows up to date, but an area the
     * centre imported (here Hải Phòng renamed) is its own and stays */
    vl_import_stats st;
    assert_int_equal(vts_import(ctx, db, VL_KIND_AREAS, "own-31.csv",
                                "code,name,parent,lat,lon,level,valid_from,area_km2,centre\n"
                                "31,TP Hải Phòng,,20.8759,106.47,1,2025-07-01,,published\n",
                                NULL, &st),
                     VL_OK);
    assert_int_equal(st.updated, 1);
    assert_int_equal(
        vl__db_exec(ctx, db,
                    "UPDATE areas SET name = 'Phường X', sig = 'older' WHERE code = '10507' AND"
                    " version = 'VN-ADMIN-2025';"
                    "UPDATE meta SET value = 'an older bundle' WHERE key ="
                    " 'areas-reference'"),
        VL_OK);
    assert_int_equal(vl_db_init_reference(ctx, db), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas WHERE code = '31' AND name ="
                                   " 'TP Hải Phòng' AND source = 'import'"),
                     1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas WHERE code = '10507' AND name ="
                                   " 'Phường Thành Đông'"),
                     1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM areas"), vts_reference_areas());
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_runs(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "runs.db");
    const char *cfg = vt_tmpfile("model.yaml");
    vt_write_file(cfg, "abc");
    const char *in1 = vt_tmpfile("in1.csv");
    vt_write_file(in1, "");
    const char *inputs[] = {in1, cfg};
    int64_t run = 0;
    assert_int_equal(
        vl_db_run_begin(ctx, db, "vieclam import seekers in1.csv", cfg, inputs, 2, &run), VL_OK);
    assert_true(run > 0);
    vl__stmt *s;
    assert_int_equal(vl__db_prepare(ctx, db,
                                    "SELECT os_user, command, config_sha256, inputs, status,"
                                    " started, finished FROM runs WHERE id = ?",
                                    &s),
                     VL_OK);
    vl__bind_int64(s, 1, run);
    assert_int_equal(vl__step(s), VL__ROW);
    assert_true(strlen(vl__col_text(s, 0)) > 0);
    assert_string_equal(vl__col_text(s, 1), "vieclam import seekers in1.csv");
    assert_string_equal(vl__col_text(s, 2),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *in = vl__col_text(s, 3);
    assert_non_null(strstr(in, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_non_null(strstr(in, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assert_non_null(strstr(in, "in1.csv"));
    assert_string_equal(vl__col_text(s, 4), "running");
    assert_int_equal(strlen(vl__col_text(s, 5)), 20); /* 2026-11-27T01:02:03Z */
    assert_true(vl__col_null(s, 6));
    vl__finalize(s);
    char ended[21] = "x";
    assert_int_equal(vl_db_run_finished(ctx, db, run, ended), VL_OK);
    assert_string_equal(ended, ""); /* still running */
    assert_int_equal(vl_db_run_end(ctx, db, run, VL_ERR_INVALID, "{\"rows\":3}"), VL_OK);
    assert_int_equal(vl_db_run_finished(ctx, db, run, ended), VL_OK);
    assert_int_equal(strlen(ended), 20);
    assert_int_equal(vl_db_run_finished(ctx, db, run + 100, ended), VL_ERR_NOTFOUND);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM runs WHERE status = 'invalid data' AND"
                                   " summary = '{\"rows\":3}' AND finished IS NOT NULL"),
                     1);
    assert_int_equal(vl_db_run_end(ctx, db, run + 100, VL_OK, NULL), VL_ERR_NOTFOUND);
    /* an input that cannot be read is recorded without a hash: the command fails on it, and
     * a failed run belongs in the audit too */
    const char *missing[] = {vt_tmpfile("gone.csv")};
    assert_int_equal(vl_db_run_begin(ctx, db, "x", NULL, missing, 1, &run), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM runs WHERE inputs LIKE '%gone.csv%' AND "
                                   "inputs LIKE '%\"sha256\":null%' AND pid IS NOT NULL"),
                     1);
    /* a database URL on the command line is stored without its password */
    assert_int_equal(vl_db_run_begin(ctx, db,
                                     "vieclam --db postgresql://u:s3cret@db/v copy --to "
                                     "'postgres://h/v?sslmode=require&password=s3cret' x",
                                     NULL, NULL, 0, &run),
                     VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM runs WHERE command = 'vieclam --db "
                                   "postgresql://u:***@db/v copy --to "
                                   "''postgres://h/v?sslmode=require&password=***'' x'"),
                     1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM runs WHERE command LIKE '%s3cret%'"), 0);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* What is stored or shown of a database target: every URL's password as ***, nothing else
 * changed; measured as snprintf. */
static void test_hide_passwords(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"centre.db", "centre.db"},
        {"/srv/a:b@c.db", "/srv/a:b@c.db"}, /* a file's name is not a URL */
        {"postgresql://vieclam@db/vieclam", "postgresql://vieclam@db/vieclam"},
        {"postgresql://u:pw@db:5432/v", "postgresql://u:***@db:5432/v"},
        {"postgres://u:@db/v", "postgres://u:***@db/v"},
        {"postgresql://u:p@ss@db/v", "postgresql://u:***@db/v"}, /* the last @ ends the user */
        {"postgresql:///v?host=/run/pg&password=x&port=5433",
         "postgresql:///v?host=/run/pg&password=***&port=5433"},
        {"postgresql://db/v?password=x#f", "postgresql://db/v?password=***#f"},
        {"postgresql://db/v?xpassword=x", "postgresql://db/v?xpassword=x"},
        {"postgresql://db/v?a=1@b:2", "postgresql://db/v?a=1@b:2"}, /* '@' past the host */
        {"--to postgresql://a:b@h/v 'postgres://c:d@h/w' x:y@z",
         "--to postgresql://a:***@h/v 'postgres://c:***@h/w' x:y@z"},
        {"", ""},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        char out[128];
        size_t n = vl_db_hide_passwords(cases[i].in, out, sizeof out);
        assert_string_equal(out, cases[i].out);
        assert_int_equal(n, strlen(cases[i].out));
        assert_int_equal(vl_db_hide_passwords(cases[i].in, NULL, 0), n);
    }
    /* too small a buffer: cut, terminated, the whole length returned */
    char small[12];
    assert_int_equal(vl_db_hide_passwords("postgresql://u:pw@db/v", small, sizeof small), 23);
    assert_string_equal(small, "postgresql:");
    assert_int_equal(vl_db_hide_passwords(NULL, small, sizeof small), 0);
    assert_string_equal(small, "");
}

static void test_transactions(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "tx.db");
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('a', '1')"), VL_OK);
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('b', '2')"), VL_OK);
    vl__db_rollback(db); /* the inner level only */
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('c', '3')"), VL_OK);
    assert_int_equal(vl__db_commit(ctx, db), VL_OK);
    assert_int_equal(vl__db_commit(ctx, db), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM meta WHERE key IN ('a', 'b', 'c')"), 2);
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db, "DELETE FROM meta"), VL_OK);
    vl__db_rollback(db);
    assert_true(vts_count(db, "SELECT COUNT(*) FROM meta") >= 2);
    /* the backend ends the transaction itself (SQLite does on out of memory or a full disk):
     * an inner level's commit names that, not the savepoint it no longer finds, and so does
     * the outer one's; nothing was written */
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('d', '4')"), VL_OK);
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db, "ROLLBACK"), VL_OK);
    assert_int_not_equal(vl__db_commit(ctx, db), VL_OK);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "ended the transaction"));
    assert_int_not_equal(vl__db_commit(ctx, db), VL_OK);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "nothing was written"));
    assert_int_equal(vl__db_depth(db), 0);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM meta WHERE key = 'd'"), 0);
    /* a flat level (a copy's): the levels inside it open no savepoint, a read inside it ends
     * as it began, and a level inside it rolled back leaves only the whole to roll back */
    assert_int_equal(vl__db_begin(ctx, db), VL_OK); /* the caller's transaction */
    assert_int_equal(vl__db_begin_flat(ctx, db), VL_OK);
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_depth(db), 3);
    if (!vts_pg()) /* (an error would end PostgreSQL's transaction) */
        assert_int_equal(vl__db_exec(NULL, db, "RELEASE vl_1"), VL_ERR_DB);
    assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('f', '6')"), VL_OK);
    assert_int_equal(vl__db_commit(ctx, db), VL_OK);
    assert_int_equal(vl__db_begin_read(ctx, db), VL_OK);
    vl__db_end_read(db);
    assert_int_equal(vl__db_commit(ctx, db), VL_OK);
    assert_int_equal(vl__db_begin(ctx, db), VL_OK); /* a savepoint again, after the flat level */
    assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('g', '7')"), VL_OK);
    vl__db_rollback(db);
    assert_int_equal(vl__db_commit(ctx, db), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM meta WHERE key IN ('f', 'g')"), 1);
    for (int outer = 0; outer < 2; outer++) {
        if (outer)
            assert_int_equal(vl__db_begin(ctx, db), VL_OK);
        assert_int_equal(vl__db_begin_flat(ctx, db), VL_OK);
        assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO meta VALUES ('h', '8')"), VL_OK);
        assert_int_equal(vl__db_begin(ctx, db), VL_OK);
        vl__db_rollback(db); /* no savepoint to go back to */
        vl_status st = vl__db_commit(ctx, db);
        if (outer) {
            assert_int_equal(st, VL_OK);
            st = vl__db_commit(ctx, db);
        }
        assert_int_equal(st, VL_ERR_DB);
        assert_non_null(strstr(vl_ctx_errmsg(ctx), "nothing was written"));
        assert_int_equal(vl__db_depth(db), 0);
        assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM meta WHERE key = 'h'"), 0);
    }
    /* a foreign key violation is an error, mapped to VL_ERR_DB with the backend's words */
    assert_int_equal(vl__db_exec(ctx, db,
                                 "INSERT INTO employers(id, name, area_id) VALUES"
                                 " ('E1', 'x', -1)"),
                     VL_ERR_DB);
    assert_int_equal(vl__db_errclass(db), VL__DB_CONSTRAINT);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), vts_pg() ? "foreign key" : "FOREIGN KEY"));
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* A password's hash made before the connection is taken (the server's way) is kept as given; a
 * password and a hash at once, or anything but such a hash, is refused and changes nothing. */
static void test_user_password_hash(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "users.db");
    assert_int_equal(vl_db_user_add(ctx, db, "mai", VL_ROLE_STAFF, "mai-initial-1", "vi", ""),
                     VL_OK);
    char hash[VL_PW_HASH_SIZE];
    assert_int_equal(vl_password_hash(ctx, "mai-second-22", hash), VL_OK);
    vl_user_change both = {.password = "mai-second-22", .pw_hash = hash};
    vl_user_change bad = {.pw_hash = "mai-second-22"};
    assert_int_equal(vl_db_user_update(ctx, db, "mai", &both), VL_ERR_ARG);
    assert_int_equal(vl_db_user_update(ctx, db, "mai", &bad), VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "not a hash"));
    vl_user u;
    assert_int_equal(vl_db_user_get(ctx, db, "mai", &u), VL_OK);
    assert_true(vl_password_verify(u.pw_hash, "mai-initial-1"));
    vl_user_change good = {.pw_hash = hash};
    assert_int_equal(vl_db_user_update(ctx, db, "mai", &good), VL_OK);
    assert_int_equal(vl_db_user_get(ctx, db, "mai", &u), VL_OK);
    assert_string_equal(u.pw_hash, hash);
    assert_true(vl_password_verify(u.pw_hash, "mai-second-22"));
    assert_false(vl_password_verify(u.pw_hash, "mai-initial-1"));
    /* a new user from such a hash, kept as given; the same checks as a password's user */
    assert_int_equal(
        vl_db_user_add_hash(ctx, db, "lan", VL_ROLE_PLANNER, "mai-second-22", "vi", NULL),
        VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "not a hash"));
    assert_int_equal(vl_db_user_add_hash(ctx, db, "lan kim", VL_ROLE_PLANNER, hash, "vi", NULL),
                     VL_ERR_ARG);
    assert_int_equal(vl_db_user_add_hash(ctx, db, "lan", VL_ROLE_PLANNER, hash, "en", NULL), VL_OK);
    assert_int_equal(vl_db_user_add_hash(ctx, db, "lan", VL_ROLE_STAFF, hash, "en", NULL),
                     VL_ERR_CONFLICT);
    assert_int_equal(vl_db_user_get(ctx, db, "lan", &u), VL_OK);
    assert_string_equal(u.pw_hash, hash);
    assert_true(u.role == VL_ROLE_PLANNER);
    assert_string_equal(u.lang, "en");
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* Moves a record to the area of a list and code (SQL: the importer would map it). */
#define ON_AREA(table, id, version, code)                                                          \
    "UPDATE " table " SET area_id = (SELECT id FROM areas WHERE version = '" version               \
    "' AND code = '" code "') WHERE id = '" id "';"

static void test_check(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "check.db");
    vts_import_base(ctx, db);
    size_t n = 99;
    /* the base records are on 2025 communes: consistent after the reform */
    assert_int_equal(vl_db_check_at(ctx, db, 20250801, &n), VL_OK);
    assert_int_equal(n, 0);
    /* before 2025-07-01 those communes did not exist yet: the vacancies open then (V201 closes
     * on 2025-03-31, V204 later) are reported */
    assert_int_equal(vl_db_check_at(ctx, db, 20250301, &n), VL_ERR_INVALID);
    assert_int_equal(n, 3);
    assert_string_equal(vl_ctx_diag(ctx, 0),
                        "vacancies: 1 open record uses area 10507 (Phường Thành Đông), valid from "
                        "2025-07-01: V201 - check the as-of date or re-map it");
    assert_string_equal(vl_ctx_diag(ctx, 1),
                        "vacancies: 1 open record uses area 10546 (Phường Chí Linh), valid from "
                        "2025-07-01: V202 - check the as-of date or re-map it");
    assert_string_equal(vl_ctx_diag(ctx, 2),
                        "vacancies: 1 open record uses area 31 (Thành phố Hải Phòng), valid from "
                        "2025-07-01: V204 - check the as-of date or re-map it");
    /* records kept on pre-reform areas (an old database, or --legacy-areas keep): one problem
     * per table and area with the count, the first ids and what staff do, which follows the
     * area's successors. S301 on Phường Bình Hàn (now part of Phường Thành Đông), seven more
     * active seekers (S3xx in SQL, with an occupation so no other rule fires) on the district
     * 288, divided among nine communes; employers on the old Phường Cẩm Thượng (code 10507,
     * reused by Phường Thành Đông), the divided Phường Trần Phú and the old province 30. */
    assert_int_equal(
        vl__db_exec(
            ctx, db,
            "INSERT INTO seekers(id, status) VALUES ('S316', 'active'),"
            " ('S311', 'active'), ('S315', 'active'), ('S312', 'active'),"
            " ('S314', 'active'), ('S313', 'active'), ('S317', 'placed');"
            "UPDATE seekers SET area_id = (SELECT id FROM areas WHERE version ="
            " 'VN-ADMIN-2008' AND code = '288') WHERE id BETWEEN 'S311' AND 'S317';" ON_AREA(
                "seekers", "S301", "VN-ADMIN-2008", "10510")
                ON_AREA("vacancies", "V202", "VN-ADMIN-2008", "290")
                    ON_AREA("employers", "E101", "VN-ADMIN-2008", "10507")
                        ON_AREA("employers", "E102", "VN-ADMIN-2008", "10528")
                            ON_AREA("employers", "E103", "VN-ADMIN-2008", "30")),
        VL_OK);
    /* PostgreSQL keys a seeker's lists by the seeker's province partition too */
    assert_int_equal(vl__db_exec(ctx, db,
                                 vl__sql(db,
                                         "INSERT INTO seeker_occupations(seeker_id, rank,"
                                         " occupation) SELECT id, 1, '7533' FROM seekers"
                                         " WHERE id BETWEEN 'S311' AND 'S317'",
                                         "INSERT INTO seeker_occupations(province, seeker_id,"
                                         " rank, occupation) SELECT province, id, 1, '7533'"
                                         " FROM seekers WHERE id BETWEEN 'S311' AND 'S317'")),
                     VL_OK);
    assert_int_equal(vl_db_check_at(ctx, db, 20250801, &n), VL_ERR_INVALID);
    static const char *const expected[] = {
        "vacancies: 1 open record uses area 290 (Thành phố Chí Linh), valid until 2025-06-30: "
        "V202 - divided among 7 current areas: staff choose for each record (`vieclam areas "
        "migrate` lists them)",
        "seekers: 1 active record uses area 10510 (Phường Bình Hàn), valid until 2025-06-30: "
        "S301 - `vieclam areas migrate` moves it to 10507 Phường Thành Đông",
        "seekers: 6 active records use area 288 (Thành phố Hải Dương), valid until 2025-06-30: "
        "S311, S312, S313, S314, S315, ... - divided among 9 current areas: staff choose for each "
        "record (`vieclam areas migrate` lists them)",
        "employers: 1 record uses area 10507 (Phường Cẩm Thượng), valid until 2025-06-30: "
        "E101 - `vieclam areas migrate` moves it to 10507 Phường Thành Đông",
        "employers: 1 record uses area 10528 (Phường Trần Phú), valid until 2025-06-30: "
        "E102 - divided among 2 current areas: staff choose for each record (`vieclam areas "
        "migrate` lists them)",
        "employers: 1 record uses area 30 (Tỉnh Hải Dương), valid until 2025-06-30: E103 - "
        "`vieclam areas migrate` moves it to 31 Thành phố Hải Phòng",
    };
    assert_int_equal(n, sizeof expected / sizeof expected[0]);
    assert_int_equal(vl_ctx_diag_count(ctx), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(vl_ctx_diag(ctx, i), expected[i]);
    /* five records: all ids, no "..." */
    assert_int_equal(vl__db_exec(ctx, db, "UPDATE seekers SET status = 'placed' WHERE id = 'S316'"),
                     VL_OK);
    assert_int_equal(vl_db_check_at(ctx, db, 20250801, &n), VL_ERR_INVALID);
    assert_int_equal(n, 6);
    assert_string_equal(vl_ctx_diag(ctx, 2),
                        "seekers: 5 active records use area 288 (Thành phố Hải Dương), valid "
                        "until 2025-06-30: S311, S312, S313, S314, S315 - divided among 9 current "
                        "areas: staff choose for each record (`vieclam areas migrate` lists them)");
    /* an area of the centre's own without successors */
    assert_int_equal(vl__db_exec(ctx, db,
                                 "INSERT INTO areas(code, name, name_key, short_key, level,"
                                 " valid_to, version) VALUES ('X1', 'Khu cũ', 'khu cu', 'khu cu',"
                                 " 1, '2025-06-30', 'VN-ADMIN-2008');" ON_AREA(
                                     "employers", "E104", "VN-ADMIN-2008", "X1")),
                     VL_OK);
    assert_int_equal(vl_db_check_at(ctx, db, 20250801, &n), VL_ERR_INVALID);
    assert_string_equal(vl_ctx_diag(ctx, n - 1),
                        "employers: 1 record uses area X1 (Khu cũ), valid until 2025-06-30: E104 "
                        "- re-map it to the current areas (docs/reference-data.md)");
    /* back to the imported data: consistent after the reform */
    assert_int_equal(
        vl__db_exec(ctx, db,
                    "DELETE FROM seekers WHERE id BETWEEN 'S311' AND 'S317';" ON_AREA(
                        "seekers", "S301", "VN-ADMIN-2025", "10507")
                        ON_AREA("vacancies", "V202", "VN-ADMIN-2025", "10546")
                            ON_AREA("employers", "E101", "VN-ADMIN-2025", "10507")
                                ON_AREA("employers", "E102", "VN-ADMIN-2025", "10546")
                                    ON_AREA("employers", "E103", "VN-ADMIN-2025", "10606")
                                        ON_AREA("employers", "E104", "VN-ADMIN-2025", "31")),
        VL_OK);
    assert_int_equal(vl_db_check_at(ctx, db, 20250801, &n), VL_OK);
    assert_int_equal(n, 0);
    /* positions, occupations, dangling codes */
    assert_int_equal(vl__db_exec(ctx, db,
                                 "UPDATE vacancies SET positions = 0 WHERE id = 'V204';"
                                 "DELETE FROM seeker_occupations WHERE seeker_id = 'S304';"
                                 "UPDATE employers SET industry = 'Z' WHERE id = 'E104';"
                                 "UPDATE vacancies SET occupation = '9999' WHERE id = 'V203';"
                                 /* a fair described without its day (imported before the day
                                  * was required); F2025Q1 only named by V201 was no problem */
                                 "UPDATE fairs SET name = 'Phiên quý I' WHERE id = 'F2025Q1'"),
                     VL_OK);
    assert_int_equal(vl_db_check_at(ctx, db, 20250801, &n), VL_ERR_INVALID);
    vts_expect_diag(ctx, "vacancies:V203: column occupation: unknown ISCO-08 code '9999'");
    vts_expect_diag(ctx, "employers:E104: column industry: unknown industry code 'Z'");
    vts_expect_diag(ctx, "vacancies:V204: column positions: an open vacancy without positions");
    vts_expect_diag(ctx, "seekers:S304: column occupations: an active seeker without");
    vts_expect_diag(ctx, "fairs:F2025Q1: column date: empty; the fair 'Phiên quý I' needs the day");
    assert_int_equal(n, 5);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_load_empty_and_counts(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "empty.db");
    vl_dataset *ds = NULL;
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(ds->n_vacancies + ds->n_seekers + ds->n_employers, 0);
    assert_int_equal(ds->n_areas, vts_reference_areas());
    /* by code, then date: a code reused by the reform comes out twice, the older area first */
    for (size_t i = 1; i < ds->n_areas; i++) {
        int c = strcmp(ds->areas[i - 1].code, ds->areas[i].code);
        assert_true(c < 0 || (c == 0 && ds->areas[i - 1].valid_to &&
                              ds->areas[i - 1].valid_to < ds->areas[i].valid_from));
    }
    vl_dataset_destroy(ds);
    vl_dataset_destroy(NULL);
    vl_history *h = NULL;
    assert_int_equal(vl_db_load_history(ctx, db, &h), VL_OK);
    assert_int_equal(h->n_rows, 0);
    vl_history_destroy(h);
    vl_db_counts c;
    assert_int_equal(vl_db_counts_get(ctx, db, &c), VL_OK);
    assert_int_equal(c.areas, vts_reference_areas());
    assert_int_equal(c.seekers + c.vacancies + c.history, 0);
    assert_int_equal(vl_db_counts_get(ctx, NULL, &c), VL_ERR_ARG);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* The generator's data set in memory equals what its CSV files give after import and load. */
static int cmp_vacancy(const void *a, const void *b)
{
    return strcmp(((const vl_vacancy *)a)->id, ((const vl_vacancy *)b)->id);
}

static int cmp_seeker(const void *a, const void *b)
{
    return strcmp(((const vl_seeker *)a)->id, ((const vl_seeker *)b)->id);
}

/* Items equal as written, except that the contract drops spaces around list items and reads
 * text as NFC (the generator's in-memory labels keep the stray spaces and decomposed accents
 * it types on purpose). */
static void expect_list(const vl_strlist *a, const vl_strlist *b, const char *what, const char *id)
{
    if (a->n != b->n)
        fail_msg("%s %s: %zu items, expected %zu", id, what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const char *w = b->items[i];
        size_t n = strlen(w);
        while (n && (*w == ' ' || *w == '\t'))
            w++, n--;
        while (n && (w[n - 1] == ' ' || w[n - 1] == '\t'))
            n--;
        char *t = strndup(w, n);
        char *nfc = t ? vl_text_nfc(t) : NULL;
        assert_non_null(nfc);
        if (strcmp(a->items[i], nfc) != 0)
            fail_msg("%s %s[%zu]: '%s', expected '%s'", id, what, i, a->items[i], b->items[i]);
        free(nfc);
        free(t);
    }
}

static bool same_num(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void test_generated_round_trip(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_gen_options o;
    vl_gen_options_default(&o);
    o.seed = 4242;
    o.n_seekers = 500;
    o.n_employers = 40;
    o.n_vacancies = 120;
    o.quarters = 8;
    char dir[600];
    snprintf(dir, sizeof dir, "%s", vt_tmpfile("gen"));
    assert_int_equal(vl_gen_write_csv(ctx, &o, dir), VL_OK);
    vl_dataset *want = NULL;
    assert_int_equal(vl_gen_dataset(ctx, &o, &want), VL_OK);
    vl_db *db = vts_open(ctx, "gen.db");
    static const struct {
        vl_kind kind;
        const char *file;
    } files[] = {{VL_KIND_EMPLOYERS, "employers.csv"},
                 {VL_KIND_VACANCIES, "vacancies.csv"},
                 {VL_KIND_SEEKERS, "seekers.csv"},
                 {VL_KIND_HISTORY, "history.csv"}};
    for (size_t i = 0; i < 4; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].file);
        vl_status st = vl_db_import(ctx, db, files[i].kind, path, NULL, NULL);
        if (st != VL_OK)
            vts_dump_diags(ctx);
        assert_int_equal(st, VL_OK);
    }
    vl_dataset *got = NULL;
    assert_int_equal(vl_db_load_dataset(ctx, db, &got), VL_OK);
    assert_int_equal(got->n_employers, want->n_employers);
    assert_int_equal(got->n_vacancies, want->n_vacancies);
    assert_int_equal(got->n_seekers, want->n_seekers);
    /* the loader orders by id; sort a copy of the generator's arrays the same way */
    vl_vacancy *wv = malloc(want->n_vacancies * sizeof *wv);
    vl_seeker *ws = malloc(want->n_seekers * sizeof *ws);
    assert_true(wv && ws);
    memcpy(wv, want->vacancies, want->n_vacancies * sizeof *wv);
    memcpy(ws, want->seekers, want->n_seekers * sizeof *ws);
    qsort(wv, want->n_vacancies, sizeof *wv, cmp_vacancy);
    qsort(ws, want->n_seekers, sizeof *ws, cmp_seeker);
    for (size_t i = 0; i < got->n_vacancies; i++) {
        const vl_vacancy *a = &got->vacancies[i], *b = &wv[i];
        assert_string_equal(a->id, b->id);
        assert_string_equal(a->employer, b->employer);
        assert_string_equal(a->title, b->title);
        assert_string_equal(a->occupation, b->occupation);
        expect_list(&a->skills_required, &b->skills_required, "skills_required", a->id);
        expect_list(&a->skills_required_keys, &b->skills_required_keys, "required keys", a->id);
        expect_list(&a->skills_preferred, &b->skills_preferred, "skills_preferred", a->id);
        assert_int_equal(a->education_min, b->education_min);
        assert_true(same_num(a->experience_min, b->experience_min));
        assert_int_equal(a->n_languages, b->n_languages);
        if (a->n_languages)
            assert_memory_equal(a->languages, b->languages, a->n_languages * sizeof(vl_lang));
        assert_true(same_num(a->wage_min, b->wage_min) && same_num(a->wage_max, b->wage_max));
        assert_int_equal(a->positions, b->positions);
        assert_true((a->area == NULL) == (b->area == NULL));
        if (a->area)
            assert_string_equal(a->area, b->area);
        assert_string_equal(a->country, b->country);
        assert_int_equal(a->age_min, b->age_min);
        assert_int_equal(a->age_max, b->age_max);
        assert_int_equal(a->posted, b->posted);
        assert_int_equal(a->closes, b->closes);
        assert_true((a->fair == NULL) == (b->fair == NULL));
    }
    for (size_t i = 0; i < got->n_seekers; i++) {
        const vl_seeker *a = &got->seekers[i], *b = &ws[i];
        assert_string_equal(a->id, b->id);
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->birth_year, b->birth_year);
        assert_string_equal(a->area, b->area);
        assert_int_equal(a->education, b->education);
        expect_list(&a->occupations, &b->occupations, "occupations", a->id);
        expect_list(&a->skills, &b->skills, "skills", a->id);
        expect_list(&a->skills_keys, &b->skills_keys, "skill keys", a->id);
        expect_list(&a->abroad, &b->abroad, "abroad", a->id);
        assert_true(same_num(a->experience_years, b->experience_years));
        assert_true(same_num(a->wage_min, b->wage_min));
        assert_true(same_num(a->max_commute_km, b->max_commute_km));
        assert_int_equal(a->n_languages, b->n_languages);
        if (a->n_languages)
            assert_memory_equal(a->languages, b->languages, a->n_languages * sizeof(vl_lang));
        assert_int_equal(a->priority, b->priority);
        assert_int_equal(a->registered, b->registered);
        assert_int_equal(a->status, b->status);
    }
    free(wv);
    free(ws);
    vl_dataset_destroy(got);
    vl_dataset_destroy(want);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- PostgreSQL only ------------------------------------------------------------------------ */

/* A URL for a schema of the test cluster (vts_target) and one whose password is made up. */
static void test_pg_open_errors(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = NULL;
    const char *absent = vts_target("absent");
    assert_int_equal(vl_db_open(ctx, absent, 0, &db), VL_ERR_NOTFOUND);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "vieclam init"));
    /* opening read-only never creates the schema either */
    assert_int_equal(vl_db_open(ctx, absent, VL_DB_READONLY, &db), VL_ERR_NOTFOUND);
    /* a server that is not there: the URL in the message, its password not */
    assert_int_equal(
        vl_db_open(ctx, "postgresql://u:secret@/x?host=/nonexistent-dir&connect_timeout=2", 0, &db),
        VL_ERR_DB);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "cannot connect"));
    assert_null(strstr(vl_ctx_errmsg(ctx), "secret"));
    assert_null(db);
    /* a schema written by a newer vieclam is refused */
    const char *newer = vts_target("newer");
    assert_int_equal(vl_db_open(ctx, newer, VL_DB_CREATE, &db), VL_OK);
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE vl_schema SET version = %d", vl__db_schema_target() + 1);
    assert_int_equal(vl__db_exec(ctx, db, sql), VL_OK);
    vl_db_close(db);
    assert_int_equal(vl_db_open(ctx, newer, 0, &db), VL_ERR_DB);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "newer"));
    vl_ctx_destroy(ctx);
}

/* Seekers and vacancies live in their province's partition, and move with their area. */
static void test_pg_partitions(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "parts");
    vts_import_base(ctx, db);
    /* the base seekers are on 2025 communes of Hai Phong (31) or on the province itself */
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers_p31"), 4);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers_default"), 0);
    /* the vacancy abroad has no province: the default partition, read by every province */
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM vacancies_default WHERE country = 'JP'"),
                     1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seeker_skills WHERE province = '31'"), 4);
    /* S301 moves to Phường Hồng Hà, Ha Noi (01): the row and its lists follow */
    const char *moved = "id,name,birth_year,gender,area,education,occupations,skills,"
                        "experience_years,languages,wage_min,max_commute_km,abroad,priority,"
                        "registered,status\n"
                        "S301,Nguyễn Văn An,1998,nam,00097,Đại học,7533;8212,HAN DIEN;may cong "
                        "nghiep,2.5,ja:N3;en:B1,7500000,15,JP;kr,poor;rural,2025-01-02,active\n";
    vl_import_stats s;
    assert_int_equal(vts_import(ctx, db, VL_KIND_SEEKERS, "moved.csv", moved, NULL, &s), VL_OK);
    assert_int_equal(s.updated, 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers_p01 WHERE id = 'S301'"), 1);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seekers_p31 WHERE id = 'S301'"), 0);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM seeker_skills WHERE seeker_id = 'S301' AND"
                                   " province = '01'"),
                     2);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/*
 * Every text column sorts in byte order (COLLATE "C"), as SQLite's do, whatever the server's
 * locale (under "vi_VN" or "en_US" a name "le an" would sort after "lea"). The test cluster's
 * locale is C.UTF-8, which hides a column without it, so the catalogue is read.
 */
static void test_pg_byte_order(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "bytes");
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM information_schema.columns WHERE"
                                   " table_schema = current_schema() AND data_type = 'text' AND"
                                   " collation_name IS DISTINCT FROM 'C'"),
                     0);
    assert_true(vts_count(db, "SELECT COUNT(*) FROM information_schema.columns WHERE"
                              " table_schema = current_schema() AND data_type = 'text'") > 100);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* Two writers that conflict: the loser gets the retryable VL_ERR_BUSY, never a wrong row. */
static void test_pg_conflict_is_busy(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(), *ctx2 = new_ctx();
    const char *url = vts_target("conflict");
    vl_db *a = NULL, *b = NULL;
    assert_int_equal(vl_db_open(ctx, url, VL_DB_CREATE, &a), VL_OK);
    assert_int_equal(vl_db_open(ctx2, url, 0, &b), VL_OK);
    assert_int_equal(vl__db_exec(ctx, a, "INSERT INTO meta VALUES ('n', '0')"), VL_OK);
    /* both read the row, then both write it: a serialisation failure for the second */
    assert_int_equal(vl__db_begin(ctx, a), VL_OK);
    assert_int_equal(vl__db_begin(ctx2, b), VL_OK);
    assert_int_equal(vts_count(a, "SELECT COUNT(*) FROM meta WHERE key = 'n'"), 1);
    assert_int_equal(vts_count(b, "SELECT COUNT(*) FROM meta WHERE key = 'n'"), 1);
    assert_int_equal(vl__db_exec(ctx, a, "UPDATE meta SET value = '1' WHERE key = 'n'"), VL_OK);
    assert_int_equal(vl__db_commit(ctx, a), VL_OK);
    vl_status st = vl__db_exec(ctx2, b, "UPDATE meta SET value = '2' WHERE key = 'n'");
    vl__dberr cls = vl__db_errclass(b);
    if (st == VL_OK) {
        st = vl__db_commit(ctx2, b);
        cls = vl__db_errclass(b);
    } else {
        vl__db_rollback(b);
    }
    assert_int_equal(st, VL_ERR_BUSY);
    assert_int_equal(cls, VL__DB_BUSY);
    assert_int_equal(vl__db_depth(b), 0);
    assert_int_equal(vts_count(b, "SELECT COUNT(*) FROM meta WHERE key = 'n' AND value = '1'"), 1);
    vl_db_close(a);
    vl_db_close(b);
    vl_ctx_destroy(ctx);
    vl_ctx_destroy(ctx2);
}

/*
 * Exclusive writers take turns: the second waits for the first (here: fails as busy after its
 * busy timeout while the first holds its turn), then reads what the first committed and writes
 * without a serialisation failure; a plain writer is not held up; the turn ends with the
 * transaction, committed or rolled back.
 */
static void test_pg_exclusive_writers(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(), *ctx2 = new_ctx();
    const char *url = vts_target("exclusive");
    vl_db *a = NULL, *b = NULL;
    assert_int_equal(vl_db_open(ctx, url, VL_DB_CREATE, &a), VL_OK);
    assert_int_equal(vl_db_open(ctx2, url, 0, &b), VL_OK);
    vl_db_set_busy_timeout(b, 200);
    assert_int_equal(vl__db_exec(ctx, a, "INSERT INTO meta VALUES ('n', '0')"), VL_OK);
    assert_int_equal(vl_db_begin_exclusive(ctx, a), VL_OK);
    assert_int_equal(vts_count(a, "SELECT COUNT(*) FROM meta WHERE key = 'n'"), 1);
    /* a's turn: b's exclusive begin waits 200 ms and says busy, leaving no transaction open */
    assert_int_equal(vl_db_begin_exclusive(ctx2, b), VL_ERR_BUSY);
    assert_int_equal(vl__db_depth(b), 0);
    /* a plain writer is not held up by the turn */
    assert_int_equal(vl__db_begin(ctx2, b), VL_OK);
    assert_int_equal(vl__db_exec(ctx2, b, "INSERT INTO meta VALUES ('other', '1')"), VL_OK);
    assert_int_equal(vl__db_commit(ctx2, b), VL_OK);
    assert_int_equal(vl__db_exec(ctx, a, "UPDATE meta SET value = '1' WHERE key = 'n'"), VL_OK);
    assert_int_equal(vl_db_commit(ctx, a), VL_OK);
    /* the turn ended with a's commit: b reads a's write and writes after it */
    assert_int_equal(vl_db_begin_exclusive(ctx2, b), VL_OK);
    assert_int_equal(vts_count(b, "SELECT COUNT(*) FROM meta WHERE key = 'n' AND value = '1'"), 1);
    assert_int_equal(vl__db_exec(ctx2, b, "UPDATE meta SET value = '2' WHERE key = 'n'"), VL_OK);
    vl_db_rollback(b);
    /* ... and with b's rollback: a's next turn comes at once */
    assert_int_equal(vl_db_begin_exclusive(ctx, a), VL_OK);
    assert_int_equal(vl__db_exec(ctx, a, "UPDATE meta SET value = '3' WHERE key = 'n'"), VL_OK);
    assert_int_equal(vl_db_commit(ctx, a), VL_OK);
    assert_int_equal(vts_count(b, "SELECT COUNT(*) FROM meta WHERE key = 'n' AND value = '3'"), 1);
    vl_db_close(a);
    vl_db_close(b);
    vl_ctx_destroy(ctx);
    vl_ctx_destroy(ctx2);
}

/* A process killed in the middle of a write transaction leaves nothing behind. */
static void test_pg_killed_writer(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    const char *url = vts_target("killed");
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(ctx, url, VL_DB_CREATE, &db), VL_OK);
    assert_int_equal(vl_db_init_reference(ctx, db), VL_OK);
    vl_db_close(db);
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        vl_ctx *c = new_ctx();
        vl_db *d = NULL;
        if (vl_db_open(c, url, 0, &d) != VL_OK || vl__db_begin(c, d) != VL_OK)
            _exit(2);
        for (int i = 0; i < 500; i++) {
            char sql[160];
            snprintf(sql, sizeof sql,
                     "INSERT INTO employers(id, name, area_id) SELECT 'K%04d', 'x', id FROM areas"
                     " WHERE version = 'VN-ADMIN-2025' AND code = '31'",
                     i);
            if (vl__db_exec(c, d, sql) != VL_OK)
                _exit(3);
        }
        if (write(ready[1], "x", 1) != 1)
            _exit(4);
        pause(); /* killed here, the transaction open */
        _exit(5);
    }
    close(ready[1]);
    char x;
    assert_int_equal(read(ready[0], &x, 1), 1);
    close(ready[0]);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(vl_db_open(ctx, url, 0, &db), VL_OK);
    /* the server rolls back the dead connection's transaction (at once or when it notices) */
    int64_t n = -1;
    for (int tries = 0; tries < 100 && n != 0; tries++) {
        n = vts_count(db, "SELECT COUNT(*) FROM employers WHERE id LIKE 'K%'");
        if (n)
            usleep(50000);
    }
    assert_int_equal(n, 0);
    /* and the table is writable again: no lock was left behind */
    assert_int_equal(vl__db_begin(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db, "INSERT INTO employers(id, name) VALUES ('K0000', 'y')"),
                     VL_OK);
    assert_int_equal(vl__db_commit(ctx, db), VL_OK);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/*
 * Every column of every table is classified: personal data (vl_personal_columns, which erase and
 * pseudonymise follow) or not (the list below, each with why). A column in neither fails here,
 * so whoever adds a column decides which it is before it lands (docs/privacy.md).
 */
static const struct {
    const char *table, *columns, *why;
} not_personal[] = {
    {"meta", "key value", "the database's own settings"},
    {"vl_schema", "version", "the schema version (PostgreSQL)"},
    {"occupations", "classification code level parent title_en title_vi", "reference data"},
    {"industries", "version code level parent title_vi title_en", "reference data"},
    {"areas",
     "id code name name_key short_key parent level lat lon centre area_km2 valid_from valid_to "
     "version source sig",
     "reference data (communes)"},
    {"area_successors", "old new km2", "reference data"},
    {"employers", "id name industry area_id sig province address phone",
     "a business's public record (a household business may carry its owner's name)"},
    {"fairs", "id name date area_id venue capacity sig province", "public events"},
    {"vacancies",
     "id employer title occupation education_min experience_min wage_min wage_max positions "
     "area_id country age_min age_max posted closes fair sig province",
     "an employer's public offer"},
    {"vacancy_skills", "vacancy_id required pos label key province", "an employer's offer"},
    {"vacancy_languages", "vacancy_id pos code scheme level cefr province", "an employer's offer"},
    {"seekers",
     "area_id education experience_years wage_min max_commute_km registered status erased "
     "province",
     "kept after an erasure for the anonymous counts"},
    {"seeker_occupations", "rank occupation province", "kept for the counts"},
    {"seeker_skills", "pos label key province", "kept for the counts"},
    {"seeker_languages", "pos code scheme level cefr province", "kept for the counts"},
    {"seeker_abroad", "pos country province", "kept for the counts"},
    {"seeker_priority", "pos province", "the position of a deleted row"},
    {"seeker_keys", "n", "a number for the name index"},
    {"history", "series keys period freq pidx value", "aggregate counts"},
    {"history_key_names", "name pos", "names of key columns"},
    {"forecast_history", "run_id series keys period pidx value", "aggregate counts"},
    {"forecasts", "run_id series level keys period model mean lo80 hi80 lo95 hi95 model_mean",
     "aggregate forecasts"},
    {"forecast_accuracy", "run_id series keys model metric horizon value", "aggregate"},
    {"forecast_intervals", "run_id series keys period level lo hi", "aggregate"},
    {"forecast_judgements", "run_id kind judgement_id series", "links"},
    {"forecast_adjustments",
     "id series keys period_from period_to percent value created_at withdrawn_at province",
     "a planner's figures; who and why are listed as personal"},
    {"forecast_scenarios", "id series keys period_from positions created_at withdrawn_at province",
     "a planner's figures"},
    {"runs",
     "id started finished config_path config_sha256 status summary pid pid_start province scope",
     "what ran; who and the command line are listed as personal"},
    {"match_results", "run_id vacancy_id rank score fit appeal explanation",
     "scores (the explanation names components, not the person)"},
    {"fair_invitations",
     "run_id fair_id vacancy_id score fit appeal rank_for_seeker rank_for_vacancy method",
     "scores"},
    {"referrals",
     "id vacancy referred_on channel outcome outcome_on start_on province vacancy_province",
     "kept after an erasure (a hire still counts)"},
    {"referral_outcomes", "referral seq outcome outcome_on start_on recorded source province",
     "the outcome's history"},
    {"followups", "referral checked_on employed province", "kept for the counts"},
    {"counselling", "counselled_on province", "kept for the counts"},
    {"targets", "province year measure value set_at", "each province's yearly targets"},
    {"access_audit", "id at action kind", "what was done when; who is listed as personal"},
    {"changes", "seq kind tx", "the change log's order"},
    {"staff_erasures", "n erased role", "an erased account's number, date and role: no name"},
};

static bool classified(const char *table, const char *column)
{
    size_t n;
    const vl_personal_column *pc = vl_personal_columns(&n);
    for (size_t k = 0; k < n; k++)
        if (strcmp(pc[k].table, table) == 0 && strcmp(pc[k].column, column) == 0)
            return true;
    for (size_t k = 0; k < sizeof not_personal / sizeof not_personal[0]; k++) {
        if (strcmp(not_personal[k].table, table) != 0)
            continue;
        size_t len = strlen(column);
        for (const char *p = not_personal[k].columns; (p = strstr(p, column)); p += len)
            if ((p == not_personal[k].columns || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
                return true;
    }
    return false;
}

static void test_personal_columns_cover_schema(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "classified.db");
    /* the tables of the schema (PostgreSQL: not the partitions, which repeat their parent;
     * SQLite: not FTS5's own shadow tables, which hold the index of seeker_names) */
    const char *sql =
        vts_pg() ? "SELECT c.relname, a.attname FROM pg_class c"
                   " JOIN pg_namespace n ON n.oid = c.relnamespace"
                   " JOIN pg_attribute a ON a.attrelid = c.oid"
                   " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                   " AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped"
                   " ORDER BY 1, 2"
                 : "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p"
                   " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
                   " AND m.name NOT LIKE 'seeker_names_%' ORDER BY 1, 2";
    vl__stmt *s;
    assert_int_equal(vl__db_prepare(ctx, db, sql, &s), VL_OK);
    size_t columns = 0, missing = 0;
    while (vl__step(s) == VL__ROW) {
        columns++;
        if (!classified(vl__col_text(s, 0), vl__col_text(s, 1))) {
            fprintf(stderr,
                    "# %s.%s is in neither vl_personal_columns (store/privacy.c) nor "
                    "not_personal (this file): classify it\n",
                    vl__col_text(s, 0), vl__col_text(s, 1));
            missing++;
        }
    }
    vl__finalize(s);
    assert_true(columns > 200);
    assert_int_equal(missing, 0);
    /* and the list names only columns that exist (a renamed column leaves no stale row) */
    size_t n;
    const vl_personal_column *pc = vl_personal_columns(&n);
    for (size_t k = 0; k < n; k++) {
        if (strcmp(pc[k].table, "seeker_keys") == 0 || strcmp(pc[k].table, "seeker_names") == 0)
            if (vts_pg())
                continue; /* SQLite's name index */
        char q[200];
        snprintf(q, sizeof q, "SELECT COUNT(%s) FROM %s", pc[k].column, pc[k].table);
        if (vl__db_prepare(ctx, db, q, &s) != VL_OK)
            fail_msg("vl_personal_columns names %s.%s, which is not in the schema", pc[k].table,
                     pc[k].column);
        vl__finalize(s);
    }
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- the load scope: one province's records, the same on both backends -------------------- */

static bool has_seeker(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_seekers; i++)
        if (strcmp(ds->seekers[i].id, id) == 0)
            return true;
    return false;
}

/* The seekers vl_db_list finds for text q (NULL: every seeker), with status, in db's scope or
 * everywhere, as "total:first id" ("0:" when none). */
static const char *seekers_listed(vl_ctx *ctx, vl_db *db, const char *q, const char *status,
                                  bool everywhere)
{
    static char out[64];
    vl_list_query lq = {
        .q = q, .status = status, .open = -1, .page = 1, .size = 20, .everywhere = everywhere};
    vl_list *l = NULL;
    assert_int_equal(vl_db_list(ctx, db, VL_KIND_SEEKERS, &lq, &l), VL_OK);
    assert_true(vl_list_rows(l) == vl_list_total(l) || vl_list_rows(l) == 20);
    snprintf(out, sizeof out, "%zu:%s", vl_list_total(l),
             vl_list_rows(l) ? vl_list_value(l, 0, 0) : "");
    vl_list_destroy(l);
    return out;
}

/* Row i's value of the list's column `name`. */
static const char *list_cell(const vl_list *l, size_t i, const char *name)
{
    for (size_t j = 0; j < vl_list_columns(l); j++)
        if (strcmp(vl_list_column(l, j), name) == 0)
            return vl_list_value(l, i, j);
    fail_msg("no column %s", name);
    return NULL;
}

static bool has_vacancy(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_vacancies; i++)
        if (strcmp(ds->vacancies[i].id, id) == 0)
            return true;
    return false;
}

/* A new database at the backend's target `name` (written to target) with the reference data and
 * the base records. */
static vl_db *open_base(const char *name, vl_ctx **ctx, char *target, size_t size)
{
    assert_int_equal(vl_ctx_create(ctx), VL_OK);
    snprintf(target, size, "%s", vts_target(name));
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(*ctx, target, VL_DB_CREATE, &db), VL_OK);
    assert_int_equal(vl_db_init_reference(*ctx, db), VL_OK);
    vts_import_base(*ctx, db);
    return db;
}

static const vl_seeker *find_seeker(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_seekers; i++)
        if (strcmp(ds->seekers[i].id, id) == 0)
            return &ds->seekers[i];
    return NULL;
}

/* vl_db_set_load_contacts(db, false): the seekers come without names, phones and ID cards,
 * whole and by id, and with everything else as before. */
static void test_load_contacts(void **state)
{
    (void)state;
    vl_ctx *ctx;
    char target[1100];
    vl_db *db = open_base("contacts.db", &ctx, target, sizeof target);
    vl_import_stats is;
    vts_import_ok(
        ctx, db, VL_KIND_SEEKERS, "contacts-seekers.csv",
        "id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,"
        "wage_min,max_commute_km,abroad,priority,registered,status,phone,id_card\n"
        "S309,Hoàng Văn Phúc,1996,nam,10507,THPT,5223,,1,,,,,,2025-03-01,active,0912345678,"
        "031096001234\n",
        &is);
    vl_dataset *full, *bare, *few;
    assert_int_equal(vl_db_load_dataset(ctx, db, &full), VL_OK);
    const vl_seeker *a = find_seeker(full, "S309");
    assert_non_null(a);
    assert_string_equal(a->name, "Hoàng Văn Phúc");
    assert_string_equal(a->phone, "0912345678");
    assert_string_equal(a->id_card, "031096001234");
    vl_db_set_load_contacts(db, false);
    assert_int_equal(vl_db_load_dataset(ctx, db, &bare), VL_OK);
    const char *ids[] = {"S309"};
    assert_int_equal(vl_db_load_records(ctx, db, ids, 1, NULL, 0, &few), VL_OK);
    assert_int_equal(bare->n_seekers, full->n_seekers);
    for (size_t i = 0; i < bare->n_seekers; i++) {
        const vl_seeker *b = &bare->seekers[i], *f = find_seeker(full, b->id);
        assert_non_null(f);
        assert_string_equal(b->name, "");
        assert_null(b->phone);
        assert_null(b->id_card);
        assert_int_equal(b->birth_year, f->birth_year);
        assert_true((b->gender == NULL) == (f->gender == NULL));
        assert_int_equal(b->status, f->status);
    }
    assert_int_equal(few->n_seekers, 1);
    assert_string_equal(few->seekers[0].name, "");
    assert_null(few->seekers[0].phone);
    vl_db_set_load_contacts(db, true);
    vl_dataset_destroy(few);
    assert_int_equal(vl_db_load_records(ctx, db, ids, 1, NULL, 0, &few), VL_OK);
    assert_string_equal(few->seekers[0].name, "Hoàng Văn Phúc");
    vl_dataset_destroy(few);
    vl_dataset_destroy(bare);
    vl_dataset_destroy(full);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_load_scope(void **state)
{
    (void)state;
    vl_ctx *ctx;
    char target[1100]; /* opened again read-only below */
    vl_db *db = open_base("scope.db", &ctx, target, sizeof target);
    /* a second province (Ha Noi, 01) with a commune; a seeker and a vacancy there, a seeker
     * without a commune */
    vl_import_stats is;
    vts_import_ok(ctx, db, VL_KIND_AREAS, "scope-areas.csv",
                  "code,name,parent,lat,lon,level,valid_from,area_km2,centre\n"
                  "01,Thành phố Hà Nội,,21.0285,105.8542,1,2025-07-01,,\n"
                  "00004,Phường Ba Đình,01,21.034,105.814,2,2025-07-01,,\n",
                  &is);
    vts_import_ok(
        ctx, db, VL_KIND_SEEKERS, "scope-seekers.csv",
        "id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,"
        "wage_min,max_commute_km,abroad,priority,registered,status\n"
        "S305,Đỗ Văn Em,1995,nam,00004,THPT,5223,,1,,,,,,2025-03-01,active\n"
        "S306,Vũ Thị Gấm,1999,nữ,,THPT,5223,,0,,,,,,2025-03-02,active\n",
        &is);
    vts_import_ok(
        ctx, db, VL_KIND_VACANCIES, "scope-vacancies.csv",
        "id,employer,title,occupation,skills_required,skills_preferred,education_min,"
        "experience_min,languages,wage_min,wage_max,positions,area,country,age_min,age_max,"
        "posted,closes,fair\n"
        "V205,E101,Nhân viên bán hàng,5223,,,THPT,,,,,3,00004,,,,2025-03-01,,\n",
        &is);
    vl_dataset *all, *ds;
    assert_int_equal(vl_db_load_dataset(ctx, db, &all), VL_OK);
    assert_int_equal(all->n_seekers, 6);
    assert_int_equal(all->n_vacancies, 5);

    /* Hai Phong: its four seekers and four vacancies (V203 is abroad: every scope's), the
     * seeker without a commune; areas and employers whole */
    const char *hp[] = {"31"}, *hn[] = {"01"}, *both[] = {"01", "31"};
    assert_int_equal(vl_db_set_load_scope(ctx, db, hp, 1), VL_OK);
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 5);
    assert_false(has_seeker(ds, "S305"));
    assert_true(has_seeker(ds, "S306"));
    assert_int_equal(ds->n_vacancies, 4);
    assert_false(has_vacancy(ds, "V205"));
    assert_true(has_vacancy(ds, "V203"));
    assert_int_equal(ds->n_areas, all->n_areas);
    assert_int_equal(ds->n_employers, all->n_employers);
    vl_dataset_destroy(ds);
    /* the same through a read-only connection (a planner's, or a replica's) */
    vl_db *ro = NULL;
    assert_int_equal(vl_db_open(ctx, target, VL_DB_READONLY, &ro), VL_OK);
    assert_int_equal(vl_db_set_load_scope(ctx, ro, hp, 1), VL_OK);
    assert_int_equal(vl_db_load_dataset(ctx, ro, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 5);
    assert_int_equal(ds->n_vacancies, 4);
    vl_dataset_destroy(ds);
    vl_db_close(ro);
    /* records asked for one by one: those outside the scope are absent */
    const char *sids[] = {"S301", "S305", "S306"}, *vids[] = {"V201", "V203", "V205"};
    assert_int_equal(vl_db_load_records(ctx, db, sids, 3, vids, 3, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 2);
    assert_false(has_seeker(ds, "S305"));
    assert_int_equal(ds->n_vacancies, 2);
    assert_false(has_vacancy(ds, "V205"));
    vl_dataset_destroy(ds);
    /* the desk's search lists the scope's seekers (Ha Noi's S305 not), every province's when
     * asked: by id, by name words (FTS5 on SQLite, the index of prefixes on PostgreSQL), with
     * a filter, and the whole list */
    assert_string_equal(seekers_listed(ctx, db, "S305", NULL, false), "0:");
    assert_string_equal(seekers_listed(ctx, db, "S305", NULL, true), "1:S305");
    assert_string_equal(seekers_listed(ctx, db, "do van em", NULL, false), "0:");
    assert_string_equal(seekers_listed(ctx, db, "em do", NULL, true), "1:S305");
    {
        vl_list_query lq = {.q = "em do", .open = -1, .page = 1, .size = 20, .everywhere = true};
        vl_list *l = NULL;
        assert_int_equal(vl_db_list(ctx, db, VL_KIND_SEEKERS, &lq, &l), VL_OK);
        assert_string_equal(list_cell(l, 0, "area_parent"), "01");
        assert_string_equal(list_cell(l, 0, "area_parent_name"), "Thành phố Hà Nội");
        vl_list_destroy(l);
    }
    assert_string_equal(seekers_listed(ctx, db, "đỗ", "active", false), "0:");
    assert_string_equal(seekers_listed(ctx, db, "đỗ", "active", true), "1:S305");
    assert_string_equal(seekers_listed(ctx, db, "vu thi gam", NULL, false), "1:S306");
    assert_string_equal(seekers_listed(ctx, db, NULL, NULL, false), "5:S303");
    assert_string_equal(seekers_listed(ctx, db, NULL, NULL, true), "6:S305");
    /* vacancies alike (V203 abroad is every province's), but an employer's wherever they are */
    vl_list_query vq = {.open = -1, .page = 1, .size = 20, .sort = "id"};
    vl_list *vl = NULL;
    assert_int_equal(vl_db_list(ctx, db, VL_KIND_VACANCIES, &vq, &vl), VL_OK);
    assert_int_equal(vl_list_total(vl), 4);
    for (size_t i = 0; i < vl_list_rows(vl); i++)
        assert_string_not_equal(vl_list_value(vl, i, 0), "V205");
    vl_list_destroy(vl);
    vq.everywhere = true;
    assert_int_equal(vl_db_list(ctx, db, VL_KIND_VACANCIES, &vq, &vl), VL_OK);
    assert_int_equal(vl_list_total(vl), 5);
    vl_list_destroy(vl);
    vq = (vl_list_query){.q = "ban hang", .open = -1, .page = 1, .size = 20};
    assert_int_equal(vl_db_list(ctx, db, VL_KIND_VACANCIES, &vq, &vl), VL_OK);
    assert_int_equal(vl_list_total(vl), 0); /* only V205 sells */
    vl_list_destroy(vl);
    vq.everywhere = true;
    assert_int_equal(vl_db_list(ctx, db, VL_KIND_VACANCIES, &vq, &vl), VL_OK);
    assert_int_equal(vl_list_total(vl), 1);
    /* with its commune's province: communes' names repeat across provinces */
    assert_string_equal(list_cell(vl, 0, "area_name"), "Phường Ba Đình");
    assert_string_equal(list_cell(vl, 0, "area_parent_name"), "Thành phố Hà Nội");
    vl_list_destroy(vl);
    vq.everywhere = false;
    vq.q = NULL;
    vq.employer = "E101";
    assert_int_equal(vl_db_list(ctx, db, VL_KIND_VACANCIES, &vq, &vl), VL_OK);
    bool v205 = false;
    for (size_t i = 0; i < vl_list_rows(vl); i++)
        v205 |= strcmp(vl_list_value(vl, i, 0), "V205") == 0;
    assert_true(v205);
    vl_list_destroy(vl);
    /* and counts them: the scope's seekers and vacancies, everything else whole */
    vl_db_counts whole, mine;
    assert_int_equal(vl_db_set_load_scope(ctx, db, NULL, 0), VL_OK);
    assert_int_equal(vl_db_counts_get(ctx, db, &whole), VL_OK);
    assert_int_equal(vl_db_set_load_scope(ctx, db, hp, 1), VL_OK);
    assert_int_equal(vl_db_counts_get(ctx, db, &mine), VL_OK);
    assert_int_equal(whole.seekers, 6);
    assert_int_equal(mine.seekers, 5);
    assert_int_equal(whole.vacancies, 5);
    assert_int_equal(mine.vacancies, 4);
    assert_int_equal(whole.active_seekers - mine.active_seekers, 1); /* S305 */
    assert_int_equal(whole.positions - mine.positions, 3);           /* V205's */
    assert_int_equal(whole.open_vacancies - mine.open_vacancies, 1); /* V205 */
    assert_int_equal(mine.employers, whole.employers);
    assert_int_equal(mine.areas, whole.areas);

    /* Ha Noi: S305, S306; V203, V205 */
    assert_int_equal(vl_db_set_load_scope(ctx, db, hn, 1), VL_OK);
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 2);
    assert_true(has_seeker(ds, "S305") && has_seeker(ds, "S306"));
    assert_int_equal(ds->n_vacancies, 2);
    assert_true(has_vacancy(ds, "V203") && has_vacancy(ds, "V205"));
    vl_dataset_destroy(ds);
    /* a seeker who moves to Ha Noi leaves Hai Phong's records and joins Ha Noi's */
    vts_import_ok(
        ctx, db, VL_KIND_SEEKERS, "scope-move.csv",
        "id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,"
        "wage_min,max_commute_km,abroad,priority,registered,status\n"
        "S301,Nguyễn Văn An,1998,nam,00004,Đại học,7533,,2.5,,,,,,2025-01-02,active\n",
        &is);
    assert_int_equal(vl_db_load_records(ctx, db, sids, 1, NULL, 0, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 1);
    vl_dataset_destroy(ds);
    assert_int_equal(vl_db_set_load_scope(ctx, db, hp, 1), VL_OK);
    assert_int_equal(vl_db_load_records(ctx, db, sids, 1, NULL, 0, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 0);
    vl_dataset_destroy(ds);

    /* both provinces: everything; a code that is no province changes nothing */
    assert_int_equal(vl_db_set_load_scope(ctx, db, both, 2), VL_OK);
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 6);
    assert_int_equal(ds->n_vacancies, 5);
    vl_dataset_destroy(ds);
    assert_string_equal(seekers_listed(ctx, db, "S305", NULL, false), "1:S305");
    const char *bad[] = {"10507"}, *odd[] = {"31' OR '1'='1"};
    assert_int_equal(vl_db_set_load_scope(ctx, db, bad, 1), VL_ERR_NOTFOUND);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "10507"));
    assert_int_equal(vl_db_set_load_scope(ctx, db, odd, 1), VL_ERR_NOTFOUND);
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 6);
    vl_dataset_destroy(ds);
    /* lifted */
    assert_int_equal(vl_db_set_load_scope(ctx, db, NULL, 0), VL_OK);
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(ds->n_seekers, 6);
    vl_dataset_destroy(ds);
    vl_dataset_destroy(all);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    /* SQLite: everything; PostgreSQL (VL_TEST_DB=postgresql): what does not look at a file,
     * and what only a server has */
    const struct CMUnitTest sqlite_tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_file_mode_and_pragmas),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_hide_passwords),
        cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_reference_data),
        cmocka_unit_test(test_runs),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_user_password_hash),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_load_empty_and_counts),
        cmocka_unit_test(test_generated_round_trip),
        cmocka_unit_test(test_load_scope),
        cmocka_unit_test(test_load_contacts),
        cmocka_unit_test(test_personal_columns_cover_schema),
    };
    const struct CMUnitTest pg_tests[] = {
        cmocka_unit_test(test_pg_open_errors),
        cmocka_unit_test(test_reference_data),
        cmocka_unit_test(test_runs),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_user_password_hash),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_load_empty_and_counts),
        cmocka_unit_test(test_generated_round_trip),
        cmocka_unit_test(test_pg_partitions),
        cmocka_unit_test(test_pg_byte_order),
        cmocka_unit_test(test_pg_conflict_is_busy),
        cmocka_unit_test(test_pg_exclusive_writers),
        cmocka_unit_test(test_pg_killed_writer),
        cmocka_unit_test(test_load_scope),
        cmocka_unit_test(test_load_contacts),
        cmocka_unit_test(test_personal_columns_cover_schema),
    };
    if (vts_pg())
        return cmocka_run_group_tests_name("store (PostgreSQL)", pg_tests, NULL, NULL);
    return cmocka_run_group_tests_name("store (SQLite)", sqlite_tests, NULL, NULL);
}
