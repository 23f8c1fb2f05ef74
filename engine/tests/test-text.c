/*
 * test-text.c - UTF-8 validation, NFC, folding (Vietnamese: diacritics, đ->d, case, spaces),
 * display width and truncation, table-driven.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_fold_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"Thợ hàn", "tho han"},
        {"THO  HAN", "tho han"},
        {"Hàn điện", "han dien"},
        {"HÀN ĐIỆN", "han dien"},
        {"  May   công nghiệp ", "may cong nghiep"},
        {"Tho\xcc\x9b\xcc\xa3 ha\xcc\x80n", "tho han"}, /* decomposed input (NFD) */
        {"Đồng Nai", "dong nai"},
        {"Lái xe nâng", "lai xe nang"},
        {"tiếng Nhật N3", "tieng nhat n3"},
        {"", ""},
        {"\xe3\x80\x80Ａ", "a"}, /* ideographic space and a full-width letter */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = vl_text_fold(cases[i].in);
        assert_non_null(f);
        if (strcmp(f, cases[i].out) != 0)
            fail_msg("fold(\"%s\") = \"%s\", want \"%s\"", cases[i].in, f, cases[i].out);
        free(f);
    }
    assert_null(vl_text_fold("bad \xff byte"));
}

static void test_nfc(void **state)
{
    (void)state;
    char *n = vl_text_nfc("Ha\xcc\x89i Du\xcc\x9bo\xcc\x9bng"); /* NFD "Hải Dương" */
    assert_non_null(n);
    assert_string_equal(n, "Hải Dương");
    free(n);
}

static void test_valid_utf8(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(vl_text_valid_utf8("Việc làm", strlen("Việc làm"), &bad));
    const char cp1258[] = "Vi\xea\xf2"
                          "c"; /* Windows-1258 bytes */
    assert_false(vl_text_valid_utf8(cp1258, strlen(cp1258), &bad));
    assert_int_equal(bad, 2);
    assert_false(vl_text_valid_utf8("\xc0\x80", 2, NULL)); /* overlong NUL */
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(vl_text_width("Thợ hàn"), 7);
    assert_int_equal(vl_text_width("Tho\xcc\x9b\xcc\xa3 ha\xcc\x80n"), 7);
    assert_int_equal(vl_text_width("日本"), 4);
    char buf[32];
    assert_int_equal(vl_text_truncate("Hải Dương", 4, buf, sizeof buf), 4);
    assert_string_equal(buf, "Hải ");
    assert_int_equal(vl_text_truncate("日本語", 3, buf, sizeof buf), 2);
    assert_string_equal(buf, "日");
}

/* The one rule for invisible characters: ids refuse every character that cannot be seen or
 * reorders text; names refuse the bidi controls only; Vietnamese letters pass both. */
static void test_invisible(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        uint32_t id, name;
    } cases[] = {
        {"E00001", 0, 0},
        {"Nguyễn Thị Đào", 0, 0},
        {"E00001\u200B", 0x200B, 0},
        {"\uFEFFE1", 0xFEFF, 0},
        {"Abc\u202Edef", 0x202E, 0x202E},
        {"x\u2066y\u2069", 0x2066, 0x2066},
        {"a\u200Fb", 0x200F, 0x200F},
        {"E\u00A05", 0xA0, 0},
        {"so\u00ADft", 0xAD, 0},
        {"a\u200Db", 0x200D, 0},
        {"\xC2\x85x", 0x85, 0},
        {"x\uE000", 0xE000, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(vl_text_invisible(cases[i].s, VL_TEXT_ID), cases[i].id);
        assert_int_equal(vl_text_invisible(cases[i].s, VL_TEXT_NAME), cases[i].name);
    }
    char buf[80];
    assert_string_equal(vl_text_describe(0x200B, buf, sizeof buf), "U+200B (zero width space)");
    assert_string_equal(vl_text_describe(0x2067, buf, sizeof buf), "U+2067 (a bidi control)");
    assert_int_equal(vl_text_invisible(NULL, VL_TEXT_ID), 0);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invisible), cmocka_unit_test(test_fold_table),
        cmocka_unit_test(test_nfc),       cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
