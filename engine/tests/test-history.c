/*
 * test-history.c - the strict history CSV reader (vl_history_read_csv) and the store's history
 * loader: rows sorted by series, keys and period with their key columns; unknown period
 * formats, mixed frequencies, duplicate periods and bad values reported with file and line;
 * the database gives back what the file held.
 */
#include "test-store-util.h"

#include <math.h>
#include <stdlib.h>

static vl_ctx *new_ctx(void)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    return ctx;
}

static vl_history *read_text(vl_ctx *ctx, const char *text, vl_status expect)
{
    const char *path = vt_tmpfile("h.csv");
    vt_write_file(path, text);
    vl_history *h = NULL;
    vl_status st = vl_history_read_csv(ctx, path, &h);
    if (st != expect) {
        vts_dump_diags(ctx);
        fail_msg("expected status %d, got %d", (int)expect, (int)st);
    }
    assert_true((h != NULL) == (st == VL_OK));
    return h;
}

static void test_read_good(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_history *h = read_text(ctx,
                              "area,series,value,period\n"
                              "288,vacancies,98.5,2024Q2\n"
                              "288,vacancies,120,2024q1\n"
                              "290,vacancies,-3.25e1,2024Q1\n"
                              ",total,7,2023\n"
                              ",total,8,2024\n",
                              VL_OK);
    assert_int_equal(h->n_rows, 5);
    assert_int_equal(h->n_keys, 1);
    assert_string_equal(h->key_names[0], "area");
    /* sorted: series, then key values, then period */
    assert_string_equal(h->rows[0].series, "total");
    assert_int_equal(h->rows[0].period.freq, 1);
    assert_int_equal(h->rows[0].period.year, 2023);
    assert_string_equal(h->rows[0].keys[0], "");
    assert_string_equal(h->rows[2].series, "vacancies");
    assert_string_equal(h->rows[2].keys[0], "288");
    assert_int_equal(h->rows[2].period.sub, 1);
    assert_int_equal(h->rows[2].line, 3);
    assert_true(h->rows[2].value == 120);
    assert_int_equal(h->rows[3].period.sub, 2);
    assert_true(h->rows[3].value == 98.5);
    assert_string_equal(h->rows[4].keys[0], "290");
    assert_true(h->rows[4].value == -32.5);
    vl_history_destroy(h);
    vl_history_destroy(NULL);
    vl_ctx_destroy(ctx);
}

typedef struct bad {
    const char *text;
    const char *diags[3];
} bad;

static const bad bad_cases[] = {
    {"series,period,value\ns,2024Q5,1\ns,24Q1,2\ns,2024/13,3\n",
     {"h.csv:2: column period: '2024Q5' is not a period", "h.csv:3: column period: '24Q1'",
      "h.csv:4: column period: '2024/13'"}},
    {"series,period,value\ns,2024Q1,1\ns,2024-04,2\ns,2024Q2,3\n",
     {"h.csv:3: column period: series 's' mixes frequencies (2024-04 here, 2024Q1 on line 2)"}},
    {"series,period,value,area\ns,2024Q1,1,288\ns,2024Q2,2,288\ns,2024q1,3,288\ns,2024Q1,4,290\n",
     {"h.csv:4: column period: series 's' area=288 has period 2024Q1 twice (first on line 2)"}},
    {"series,period,value\ns,2024Q1,abc\ns,2024Q2,\"1,5\"\ns,2024Q3,inf\ns,2024Q4,\n",
     {"h.csv:2: column value: 'abc' is not a number",
      "h.csv:3: column value: '1,5' uses a decimal comma", "h.csv:4: column value: 'inf'"}},
    {"series,value\ns,1\n", {"h.csv:1: header: missing required column(s): period"}},
    {"series,period,value\n,2024Q1,1\ns,2024Q1\n",
     {"h.csv:2: column series: empty", "h.csv:3: row has 2 fields, the header has 3"}},
    {"", {"the file is empty"}},
};

static void test_read_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        vl_ctx *ctx = new_ctx();
        read_text(ctx, bad_cases[i].text, VL_ERR_INVALID);
        for (size_t k = 0; k < 3 && bad_cases[i].diags[k]; k++)
            vts_expect_diag(ctx, bad_cases[i].diags[k]);
        vl_ctx_destroy(ctx);
    }
    vl_ctx *ctx = new_ctx();
    vl_history *h = NULL;
    assert_int_equal(vl_history_read_csv(ctx, vt_tmpfile("none.csv"), &h), VL_ERR_IO);
    assert_null(h);
    assert_int_equal(vl_history_read_csv(ctx, vt_source("fixtures/bad/utf-16.csv"), &h),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, "UTF-16");
    vl_ctx_destroy(ctx);
}

/* The store gives back what the file held: same rows, keys and values. */
static void test_store_round_trip(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "hist.db");
    vts_import_base(ctx, db);
    vl_history *from_file = read_text(ctx, VTS_HISTORY, VL_OK);
    vl_history *from_db = NULL;
    assert_int_equal(vl_db_load_history(ctx, db, &from_db), VL_OK);
    assert_int_equal(from_db->n_rows, from_file->n_rows);
    assert_int_equal(from_db->n_keys, from_file->n_keys);
    for (size_t k = 0; k < from_db->n_keys; k++)
        assert_string_equal(from_db->key_names[k], from_file->key_names[k]);
    for (size_t i = 0; i < from_db->n_rows; i++) {
        const vl_history_row *a = &from_db->rows[i], *b = &from_file->rows[i];
        assert_string_equal(a->series, b->series);
        assert_memory_equal(&a->period, &b->period, sizeof a->period);
        assert_true(a->value == b->value);
        for (size_t k = 0; k < from_db->n_keys; k++)
            assert_string_equal(a->keys[k], b->keys[k]);
    }
    vl_history_destroy(from_file);
    vl_history_destroy(from_db);

    /* a series stored quarterly refuses monthly rows; one file may not repeat a period */
    vl_import_stats s;
    assert_int_equal(vts_import(ctx, db, VL_KIND_HISTORY, "mixed.csv",
                                "series,period,value,area,industry\n"
                                "vacancies,2024-07,5,288,C\n"
                                "newseries,2024-07,5,,\n"
                                "newseries,2024-07,6,,\n",
                                NULL, &s),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, "mixed.csv:2: column period: series 'vacancies' "
                         "{\"area\":\"288\",\"industry\":\"C\"} already has quarterly periods "
                         "such as 2024Q1; this one is 2024-07");
    vts_expect_diag(ctx, "mixed.csv:4: column period: duplicate period");
    assert_int_equal(s.rejected, 2);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/*
 * Periods as people write them (vl_period_read): the Vietnamese and spreadsheet forms give the
 * canonical period, text that could mean something else (a day other than the 1st, a two-digit
 * year, a fifth quarter) does not.
 */
static void test_period_read(void **state)
{
    (void)state;
    static const char *const good[][2] = {
        {"2024Q1", "2024Q1"},
        {"Quý 1/2024", "2024Q1"},
        {"Quý I năm 2024", "2024Q1"},
        {"quý iv/2023", "2023Q4"},
        {"QUÝ 2 - 2024", "2024Q2"},
        {"Q1/2024", "2024Q1"},
        {"q3-2024", "2024Q3"},
        {"Q2 2024", "2024Q2"},
        {"2024-Q1", "2024Q1"},
        {"Tháng 3/2024", "2024-03"},
        {"T12/2024", "2024-12"},
        {"tháng 3 năm 2024", "2024-03"},
        {"03/2024", "2024-03"},
        {"1/2024", "2024-01"},
        {"2024/03", "2024-03"},
        {"01/03/2024", "2024-03"},
        {"Năm 2024", "2024"},
        {" 2024Q2 ", "2024Q2"},
        {"Quy\xcc\x81 2/2024", "2024Q2"},
        {"Qu\xc3\xbd\xc2\xa0"
         "3/2024",
         "2024Q3"},
    };
    static const char *const bad_text[] = {"Q5/2024", "13/2024", "02/03/2024",  "Quý 1/24", "abc",
                                           "1/2/3",   "2024-13", "Q0/2024",     "x2024",    "",
                                           "Quý",     "2024Q1x", "Tháng 0/2024"};
    for (size_t i = 0; i < VL_ARRAY_LEN(good); i++) {
        vl_period p;
        char buf[16];
        if (!vl_period_read(good[i][0], &p))
            fail_msg("'%s' not read", good[i][0]);
        assert_string_equal(vl_period_format(p, buf, sizeof buf), good[i][1]);
    }
    for (size_t i = 0; i < VL_ARRAY_LEN(bad_text); i++) {
        vl_period p;
        if (vl_period_read(bad_text[i], &p))
            fail_msg("'%s' read as a period", bad_text[i]);
    }
    /* the history reader takes them, and gives the canonical period back */
    vl_ctx *ctx = new_ctx();
    vl_history *h = read_text(ctx, "series,period,value\ns,Quý 1/2024,1\ns,Q2/2024,2\n", VL_OK);
    char buf[16];
    assert_int_equal(h->n_rows, 2);
    assert_string_equal(vl_period_format(h->rows[1].period, buf, sizeof buf), "2024Q2");
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_good),
        cmocka_unit_test(test_read_bad),
        cmocka_unit_test(test_period_read),
        cmocka_unit_test(test_store_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
