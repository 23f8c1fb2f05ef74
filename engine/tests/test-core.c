/*
 * test-core.c - the context, status codes, diagnostics, number and date text, arena and
 * parallel-for (results identical for every thread count).
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static void test_status_strings(void **state)
{
    (void)state;
    for (int s = 0; s < VL_STATUS_COUNT; s++)
        assert_true(strlen(vl_strerror((vl_status)s)) > 0);
    assert_string_equal(vl_strerror((vl_status)999), "unknown status");
}

static void test_error_and_diags(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    assert_string_equal(vl_ctx_errmsg(ctx), "");
    assert_int_equal(vl__error(ctx, VL_ERR_INVALID, "f.csv:%d: bad %s", 7, "thing"),
                     VL_ERR_INVALID);
    assert_string_equal(vl_ctx_errmsg(ctx), "f.csv:7: bad thing");
    assert_int_equal(vl_ctx_status(ctx), VL_ERR_INVALID);
    vl_ctx_set_diag_limit(ctx, 2);
    vl__diag(ctx, "one %g", 1.5);
    vl__diag(ctx, "two");
    vl__diag(ctx, "three");
    assert_int_equal(vl_ctx_diag_count(ctx), 3);
    assert_string_equal(vl_ctx_diag(ctx, 0), "one 1.5"); /* '.' under vi_VN too */
    assert_null(vl_ctx_diag(ctx, 2));
    vl_ctx_clear_error(ctx);
    assert_int_equal(vl_ctx_status(ctx), VL_OK);
    vl_ctx_destroy(ctx);
    vl_ctx_destroy(NULL);
}

static void test_parse_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        double value;
    } cases[] = {
        {"1.5", true, 1.5},  {"-2.385", true, -2.385}, {"+7", true, 7},    {"1e3", true, 1000},
        {".25", true, 0.25}, {"3.", true, 3},          {"1,5", false, 0},  {"", false, 0},
        {" 1", false, 0},    {"1 ", false, 0},         {"0x10", false, 0}, {"nan", false, 0},
        {"inf", false, 0},   {"1e999", false, 0},      {"-", false, 0},    {"1.2.3", false, 0},
        {"12abc", false, 0}, {"1e", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -1;
        bool ok = vl_parse_double(cases[i].text, &v);
        if (ok != cases[i].ok)
            fail_msg("parse '%s': expected %d", cases[i].text, cases[i].ok);
        if (ok)
            assert_true(fabs(v - cases[i].value) < 1e-12);
    }
    long long l;
    assert_true(vl_parse_long("-42", &l) && l == -42);
    assert_false(vl_parse_long("4.2", &l));
    assert_false(vl_parse_long("99999999999999999999", &l));
    char buf[64];
    assert_string_equal(vl_format_double(buf, sizeof buf, 2.385, 6), "2.385");
    assert_string_equal(vl_format_fixed(buf, sizeof buf, 1234.5678, 2), "1234.57");
    assert_string_equal(vl_format_fixed(buf, sizeof buf, -0.0001, 2), "0.00");
}

static void test_dates(void **state)
{
    (void)state;
    int32_t d;
    assert_true(vl__parse_date("2024-02-29", &d) && d == 20240229);
    assert_false(vl__parse_date("2023-02-29", &d));
    assert_false(vl__parse_date("2025-13-01", &d));
    assert_false(vl__parse_date("2025-04-31", &d));
    assert_false(vl__parse_date("25-04-01", &d));
    assert_false(vl__parse_date("2025/04/01", &d));
    char out[11];
    vl__format_date(20250701, out);
    assert_string_equal(out, "2025-07-01");
    assert_int_equal(vl__date_days(19700101), 0);
    assert_int_equal(vl__date_days(20250701) - vl__date_days(20250630), 1);
    assert_int_equal(vl__date_days(20000301) - vl__date_days(20000228), 2);
}

static void test_arena(void **state)
{
    (void)state;
    vl_arena *a = vl_arena_create();
    assert_non_null(a);
    char *first = vl_arena_strdup(a, "Hải Dương");
    for (int i = 0; i < 100000; i++) {
        char *s = vl_arena_strdup(a, "Thợ hàn");
        assert_non_null(s);
        assert_int_equal(((uintptr_t)s) % 16, 0);
    }
    void *big = vl_arena_alloc(a, 3u << 20);
    assert_non_null(big);
    assert_string_equal(first, "Hải Dương");
    assert_null(vl_arena_strdup(a, NULL));
    vl_arena_destroy(a);
    vl_arena_destroy(NULL);
}

typedef struct sq_arg {
    double *out;
} sq_arg;

static vl_status square_range(void *arg, unsigned worker, size_t begin, size_t end)
{
    (void)worker;
    sq_arg *a = arg;
    for (size_t i = begin; i < end; i++)
        a->out[i] = sqrt((double)i) * 2.385;
    return VL_OK;
}

static void test_parallel_for(void **state)
{
    (void)state;
    enum { N = 100003 };
    static double one[N], many[N];
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_ctx_set_threads(ctx, 1);
    sq_arg a1 = {one};
    assert_int_equal(vl__parallel_for(ctx, N, 1000, square_range, &a1, NULL), VL_OK);
    vl_ctx_set_threads(ctx, 7);
    sq_arg a7 = {many};
    assert_int_equal(vl__parallel_for(ctx, N, 997, square_range, &a7, NULL), VL_OK);
    assert_memory_equal(one, many, sizeof one);
    vl_ctx_destroy(ctx);
}

/* The fault-injection countdown: the nth allocation fails, once or from then on. */
static void test_alloc_hooks(void **state)
{
    (void)state;
    vl__alloc_reset();
    void *a = vl__malloc(10), *b = vl__calloc(3, 7);
    char *c = vl__strdup("Thợ hàn"), *d = vl__strndup("abcdef", 3);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(c, "Thợ hàn");
    assert_string_equal(d, "abc");
    assert_int_equal(vl__alloc_calls(), 4);
    assert_int_equal(vl__alloc_failures(), 0);
    /* once: the third allocation fails, the fourth succeeds */
    vl__alloc_fail_after(3, false);
    void *p1 = vl__malloc(1), *p2 = vl__realloc(NULL, 1), *p3 = vl__malloc(1), *p4 = vl__malloc(1);
    assert_non_null(p1);
    assert_non_null(p2);
    assert_null(p3);
    assert_non_null(p4);
    assert_int_equal(vl__alloc_failures(), 1);
    /* persistent: the second and every one after fail; a failed realloc keeps the block */
    vl__alloc_fail_after(2, true);
    void *q1 = vl__malloc(1);
    assert_non_null(q1);
    assert_null(vl__realloc(q1, 64));
    assert_null(vl__strdup("x"));
    assert_false(vl__alloc_fail_point() == false);
    assert_int_equal(vl__alloc_failures(), 4);
    /* disarmed: all succeed again; the arena and buffer go through the hooks too */
    vl__alloc_fail_after(0, false);
    vl_arena *ar = vl_arena_create();
    assert_non_null(ar);
    vl__alloc_fail_after(1, false);
    assert_null(vl_arena_alloc(ar, 32));
    vl_buf buf = {0};
    vl__alloc_fail_after(1, false);
    assert_false(vl_buf_puts(&buf, "x"));
    assert_true(buf.failed);
    assert_false(vl_buf_puts(&buf, "x")); /* sticky: a text with a hole is never used */
    vl_buf_free(&buf);
    assert_true(vl_buf_puts(&buf, "x"));
    vl_buf_free(&buf);
    vl_arena_destroy(ar);
    vl__alloc_reset();
    assert_int_equal(vl__alloc_calls(), 0);
    vl__free(a);
    vl__free(b);
    free(c); /* memory from the hooks may be released with free() */
    vl__free(d);
    vl__free(p1);
    vl__free(p2);
    vl__free(p4);
    vl__free(q1);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_strings), cmocka_unit_test(test_error_and_diags),
        cmocka_unit_test(test_parse_numbers),  cmocka_unit_test(test_dates),
        cmocka_unit_test(test_arena),          cmocka_unit_test(test_parallel_for),
        cmocka_unit_test(test_alloc_hooks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
