/*
 * test-ref.c - the bundled occupation classification (ref.h): every ISCO-08 code at its level
 * with an English and a Vietnamese title, VSCO 2020 titles where the codes mean the same group
 * (checked against the VSCO file itself), and the search by code prefix and folded words.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_counts_and_levels(void **state)
{
    (void)state;
    size_t per_level[5] = {0}, official = 0;
    assert_int_equal(vl_occupation_count(), 619);
    const vl_occupation *prev = NULL;
    for (size_t i = 0; i < vl_occupation_count(); i++) {
        const vl_occupation *o = vl_occupation_at(i);
        assert_non_null(o);
        assert_int_equal((int)strlen(o->code), o->level);
        per_level[o->level]++;
        official += o->vi_official;
        if (prev)
            assert_true(strcmp(prev->code, o->code) < 0);
        if (o->level > 1) {
            assert_non_null(o->parent);
            const vl_occupation *p = vl_occupation_get(o->parent);
            assert_non_null(p);
            assert_int_equal(p->level, o->level - 1);
            assert_memory_equal(p->code, o->code, (size_t)p->level);
        } else {
            assert_null(o->parent);
        }
        /* a Vietnamese title of its own: not the English one left in place */
        assert_true(o->title_vi[0] != '\0');
        if (strcmp(o->title_vi, o->title_en) == 0)
            fail_msg("%s has no Vietnamese title", o->code);
        char *nfc = vl_text_nfc(o->title_vi);
        assert_non_null(nfc);
        assert_string_equal(nfc, o->title_vi);
        free(nfc);
        prev = o;
    }
    assert_null(vl_occupation_at(619));
    assert_int_equal(per_level[1], 10);
    assert_int_equal(per_level[2], 43);
    assert_int_equal(per_level[3], 130);
    assert_int_equal(per_level[4], 436);
    /* 10 major groups and the 36 sub-major groups whose VSCO code means the ISCO group */
    assert_int_equal(official, 46);
}

/* Official titles equal the VSCO 2020 file's, read here independently of the compiled table. */
static void test_vsco_titles(void **state)
{
    (void)state;
    char *text = vt_read_file(vt_source("fixtures/reference/vsco2020_level1_2.csv"), NULL);
    size_t checked = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char code[8], title[512];
        const char *c = strchr(line, ',');
        if (!c || strncmp(line, "code,", 5) == 0)
            continue;
        snprintf(code, sizeof code, "%.*s", (int)(c - line), line);
        const char *t = strchr(c + 1, ',') + 1; /* skip the level */
        size_t len = strlen(t);
        if (t[0] == '"') /* quoted: no doubled quotes in this file */
            snprintf(title, sizeof title, "%.*s", (int)(len - 2), t + 1);
        else
            snprintf(title, sizeof title, "%s", t);
        const vl_occupation *o = vl_occupation_get(code);
        if (!o || !o->vi_official)
            continue; /* VSCO-only groups (36) and groups divided differently (01-03, 11-17) */
        assert_string_equal(o->title_vi, title);
        checked++;
    }
    free(text);
    assert_int_equal(checked, 46);
    /* ISCO 11 is not VSCO 11 (the National Assembly's leaders): vieclam's own rendering */
    const vl_occupation *o = vl_occupation_get("11");
    assert_false(o->vi_official);
    assert_non_null(strstr(o->title_vi, "nhà lập pháp"));
}

static void test_get_and_title(void **state)
{
    (void)state;
    assert_string_equal(vl_occupation_title("7212", "en"), "Welders and flamecutters");
    assert_string_equal(vl_occupation_title("7212", "vi"), "Thợ hàn và thợ cắt kim loại");
    assert_string_equal(vl_occupation_title("0110", "vi"), "Sĩ quan lực lượng vũ trang");
    assert_null(vl_occupation_get("110")); /* the leading zero matters */
    assert_null(vl_occupation_get("7299"));
    assert_null(vl_occupation_get(""));
    assert_null(vl_occupation_title("7299", "vi"));
    /* NULL language: the language of messages (tests run with VIECLAM_LANG=en) */
    assert_string_equal(vl_occupation_title("7212", NULL),
                        vl_occupation_title("7212", vl_language()));
}

static size_t search(const char *q, const vl_occupation **out, size_t max, size_t *total)
{
    size_t n = 0;
    vl_ctx *ctx = NULL;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    assert_int_equal(vl_occupation_search(ctx, q, max, out, &n, total), VL_OK);
    vl_ctx_destroy(ctx);
    return n;
}

static void test_search(void **state)
{
    (void)state;
    const vl_occupation *out[20];
    size_t total;
    /* folded Vietnamese, as a desk clerk types it */
    assert_true(search("tho han", out, 20, &total) > 0);
    assert_string_equal(out[0]->code, "7212");
    assert_true(search("Thợ HÀN", out, 20, &total) > 0);
    assert_string_equal(out[0]->code, "7212");
    /* English words, any order, word starts */
    assert_true(search("weld", out, 20, &total) > 0);
    assert_string_equal(out[0]->code, "7212");
    assert_true(search("drivers truck", out, 20, &total) > 0);
    assert_string_equal(out[0]->code, "8332");
    assert_true(search("thợ may", out, 20, &total) > 0);
    bool sewing = false;
    for (size_t i = 0; i < total && i < 20; i++)
        sewing |= strcmp(out[i]->code, "7533") == 0;
    assert_true(sewing);
    /* a whole phrase first, then unit groups before the groups above them */
    assert_true(search("lai xe", out, 20, &total) >= 3);
    for (size_t i = 0; i + 1 < 3; i++)
        assert_true(out[i]->level >= out[i + 1]->level || out[i]->level == 4);
    /* codes by prefix */
    size_t n = search("721", out, 20, &total);
    assert_int_equal(total, 6); /* 721 and its five unit groups */
    assert_int_equal(n, 6);
    assert_string_equal(out[0]->code, "721"); /* the exact code first */
    assert_int_equal(search("0110", out, 20, &total), 1);
    /* max bounds what is written, total still counts */
    assert_int_equal(search("thợ", out, 3, &total), 3);
    assert_true(total > 50);
    assert_int_equal(search("xyzzy", out, 20, &total), 0);
    assert_int_equal(total, 0);
    /* no words */
    vl_ctx *ctx = NULL;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    size_t m = 9;
    assert_int_equal(vl_occupation_search(ctx, " ,; ", 20, out, &m, NULL), VL_ERR_ARG);
    assert_int_equal(m, 0);
    assert_int_equal(vl_occupation_search(ctx, "bad \xff", 20, out, &m, NULL), VL_ERR_ARG);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_and_levels),
        cmocka_unit_test(test_vsco_titles),
        cmocka_unit_test(test_get_and_title),
        cmocka_unit_test(test_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
