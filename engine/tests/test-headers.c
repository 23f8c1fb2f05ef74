/*
 * test-headers.c - the table of Vietnamese column headers (store/headers.c): every column of
 * every kind has a template header, every header (and alias, and the contract's name written
 * differently) leads back to its own column and never to another of the same kind, headers are
 * compared folded, and docs/data-formats.md prints exactly this table.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static long col_index(vl_kind kind, const char *column)
{
    size_t n;
    const char *const *cols = vl_kind_columns(kind, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(cols[i], column) == 0)
            return (long)i;
    return -1;
}

static void test_every_column_has_a_header(void **state)
{
    (void)state;
    for (int k = 0; k < VL_KIND_COUNT; k++) {
        size_t n;
        const char *const *cols = vl_kind_columns((vl_kind)k, &n);
        assert_non_null(cols);
        for (size_t i = 0; i < n; i++) {
            const char *h = vl_kind_header_vi((vl_kind)k, cols[i]);
            if (!h)
                fail_msg("%s.%s has no Vietnamese header", vl_kind_name((vl_kind)k), cols[i]);
            assert_int_equal(vl__header_column((vl_kind)k, h), (long)i);
            /* the contract's name, however it is written */
            char upper[64];
            snprintf(upper, sizeof upper, "%s", cols[i]);
            for (char *p = upper; *p; p++)
                *p = *p == '_' ? ' ' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            assert_int_equal(vl__header_column((vl_kind)k, upper), (long)i);
        }
    }
    assert_null(vl_kind_header_vi(VL_KIND_SEEKERS, "nonsense"));
    assert_null(vl_kind_columns(VL_KIND_COUNT, NULL));
}

static void test_aliases_lead_home(void **state)
{
    (void)state;
    size_t rows = vl__header_rows(0, &(unsigned){0}, &(const char *){0}, &(const char *){0},
                                  &(const char *){0});
    for (size_t i = 0; i < rows; i++) {
        unsigned kinds;
        const char *column, *label, *aliases;
        vl__header_rows(i, &kinds, &column, &label, &aliases);
        for (int k = 0; k < VL_KIND_COUNT; k++) {
            if (!(kinds & (1u << k)))
                continue;
            long want = col_index((vl_kind)k, column);
            if (want < 0)
                fail_msg("headers.c names %s.%s, not a column", vl_kind_name((vl_kind)k), column);
            for (const char *p = aliases; *p;) {
                size_t len = strcspn(p, "|");
                char alias[128];
                snprintf(alias, sizeof alias, "%.*s", (int)len, p);
                long got = vl__header_column((vl_kind)k, alias);
                if (got != want)
                    fail_msg("%s: header '%s' leads to column %ld, not %s",
                             vl_kind_name((vl_kind)k), alias, got, column);
                p += len + (p[len] == '|');
            }
        }
    }
    /* folded: case, diacritics, '_' and spaces */
    long name = col_index(VL_KIND_SEEKERS, "name");
    assert_int_equal(vl__header_column(VL_KIND_SEEKERS, "ho va ten"), name);
    assert_int_equal(vl__header_column(VL_KIND_SEEKERS, "HỌ_VÀ_TÊN"), name);
    assert_int_equal(vl__header_column(VL_KIND_SEEKERS, "  Họ   và tên "), name);
    assert_int_equal(vl__header_column(VL_KIND_EMPLOYERS, "Mã doanh nghiệp"),
                     col_index(VL_KIND_EMPLOYERS, "id"));
    assert_int_equal(vl__header_column(VL_KIND_VACANCIES, "Mã doanh nghiệp"),
                     col_index(VL_KIND_VACANCIES, "employer"));
    assert_int_equal(vl__header_column(VL_KIND_SEEKERS, "tendn"), -1);
    assert_int_equal(vl__header_column(VL_KIND_SEEKERS, ""), -1);
}

/* The documentation's table is this one, row for row. */
static void test_documented(void **state)
{
    (void)state;
    static const char *const names[] = {"areas",     "employers",   "vacancies",
                                        "seekers",   "history",     "referrals",
                                        "followups", "counselling", "fairs"};
    char *doc = vt_read_file(vt_source("docs/data-formats.md"), NULL);
    size_t rows = vl__header_rows(0, &(unsigned){0}, &(const char *){0}, &(const char *){0},
                                  &(const char *){0});
    for (size_t i = 0; i < rows; i++) {
        unsigned kinds;
        const char *column, *label, *aliases;
        vl__header_rows(i, &kinds, &column, &label, &aliases);
        char line[1024];
        size_t n = snprintf(line, sizeof line, "| ");
        for (int k = 0, first = 1; k < VL_KIND_COUNT; k++)
            if (kinds & (1u << k)) {
                n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", first ? "" : ", ",
                                      names[k]);
                first = 0;
            }
        n += (size_t)snprintf(line + n, sizeof line - n, " | `%s` | `%s` | ", column, label);
        for (const char *p = aliases, *sep = ""; *p; sep = ", ") {
            size_t len = strcspn(p, "|");
            n += (size_t)snprintf(line + n, sizeof line - n, "%s`%.*s`", sep, (int)len, p);
            p += len + (p[len] == '|');
        }
        snprintf(line + n, sizeof line - n, " |\n");
        if (!strstr(doc, line))
            fail_msg("docs/data-formats.md lacks the row: %s", line);
    }
    free(doc);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_column_has_a_header),
        cmocka_unit_test(test_aliases_lead_home),
        cmocka_unit_test(test_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
