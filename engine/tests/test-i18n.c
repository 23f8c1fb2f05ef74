/*
 * test-i18n.c - the language of messages: the process's (vl_language_set) and a context's own
 * (vl_ctx_set_language, for a server answering each user in theirs), messages translated when
 * they are created, English msgids when no catalogue is found. The catalogue is the build's
 * (VIECLAM_LOCALEDIR, set by meson). vl_gettext_lang: one string in a given language.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include <vieclam/report.h>

static void test_process_language(void **state)
{
    (void)state;
    assert_int_equal(vl_language_set("en"), VL_OK);
    assert_string_equal(vl_language(), "en");
    assert_string_equal(vl_gettext("out of memory"), "out of memory");
    assert_int_equal(vl_language_set("vi"), VL_OK);
    assert_string_equal(vl_language(), "vi");
    assert_string_equal(vl_gettext("out of memory"), "hết bộ nhớ");
    assert_string_equal(vl_ngettext("... and %zu more problem\n", "... and %zu more problems\n", 3),
                        "... và %zu lỗi khác\n");
    assert_int_equal(vl_language_set("fr"), VL_ERR_ARG);
    assert_string_equal(vl_language(), "vi"); /* unchanged */
    /* a message is translated when the library creates it, its values filled in after */
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl__error(ctx, VL_ERR_NOTFOUND, "no seeker with id '%s'", "S9");
    assert_string_equal(vl_ctx_errmsg(ctx), "không có người tìm việc mã 'S9'");
    vl__diag(ctx, "%s: column %s: %s", "a.csv:2", "id", "x");
    assert_string_equal(vl_ctx_diag(ctx, 0), "a.csv:2: cột id: x");
    vl_ctx_destroy(ctx);
    assert_int_equal(vl_language_set("en"), VL_OK);
}

static void test_context_language(void **state)
{
    (void)state;
    assert_int_equal(vl_language_set("en"), VL_OK);
    vl_ctx *vi, *en;
    assert_int_equal(vl_ctx_create(&vi), VL_OK);
    assert_int_equal(vl_ctx_create(&en), VL_OK);
    assert_int_equal(vl_ctx_set_language(vi, "vi"), VL_OK);
    assert_int_equal(vl_ctx_set_language(en, "en"), VL_OK);
    assert_int_equal(vl_ctx_set_language(en, "de"), VL_ERR_ARG);
    /* an English process: the Vietnamese context still speaks Vietnamese (the locale exists
     * on every machine scripts/setup.sh prepared) */
    assert_string_equal(vl_ctx_gettext(vi, "out of memory"), "hết bộ nhớ");
    assert_string_equal(vl_ctx_gettext(en, "out of memory"), "out of memory");
    assert_string_equal(vl_ctx_gettext(NULL, "out of memory"), "out of memory");
    vl__error(vi, VL_ERR_NOTFOUND, "no vacancy with id '%s'", "V1");
    assert_string_equal(vl_ctx_errmsg(vi), "không có vị trí tuyển dụng mã 'V1'");
    vl__error(vi, VL_ERR_NOMEM, "%s", "");
    assert_string_equal(vl_ctx_errmsg(vi), "hết bộ nhớ"); /* the status text, translated */
    /* a Vietnamese process: the English context stays English */
    assert_int_equal(vl_language_set("vi"), VL_OK);
    vl__error(en, VL_ERR_NOTFOUND, "no vacancy with id '%s'", "V1");
    assert_string_equal(vl_ctx_errmsg(en), "no vacancy with id 'V1'");
    /* back to the process's */
    assert_int_equal(vl_ctx_set_language(en, NULL), VL_OK);
    assert_string_equal(vl_ctx_gettext(en, "out of memory"), "hết bộ nhớ");
    assert_int_equal(vl_language_set("en"), VL_OK);
    vl_ctx_destroy(vi);
    vl_ctx_destroy(en);
}

/* a front end's string in one user's language, with no context (a server before it has one) */
static void test_gettext_lang(void **state)
{
    (void)state;
    for (int process_vi = 0; process_vi < 2; process_vi++) {
        assert_int_equal(vl_language_set(process_vi ? "vi" : "en"), VL_OK);
        assert_string_equal(vl_gettext_lang("vi", "out of memory"), "hết bộ nhớ");
        assert_string_equal(vl_gettext_lang("en", "out of memory"), "out of memory");
        assert_string_equal(vl_gettext_lang(NULL, "out of memory"),
                            process_vi ? "hết bộ nhớ" : "out of memory");
        assert_string_equal(vl_gettext_lang("fr", "out of memory"), "out of memory");
        assert_string_equal(vl_gettext_lang("vi", ""), ""); /* never the catalogue's header */
        assert_null(vl_gettext_lang("vi", NULL));
        /* a msgid the catalogue lacks comes back as it is */
        assert_string_equal(vl_gettext_lang("vi", "no such msgid in vieclam"),
                            "no such msgid in vieclam");
    }
    assert_int_equal(vl_language_set("en"), VL_OK);
}

/* the rooms' own messages come out in the context's language too: the report refuses a language
 * (before anything is written), the plan without runs is named in Vietnamese */
static void test_room_messages(void **state)
{
    (void)state;
    assert_int_equal(vl_language_set("en"), VL_OK);
    vl_ctx *vi;
    assert_int_equal(vl_ctx_create(&vi), VL_OK);
    assert_int_equal(vl_ctx_set_language(vi, "vi"), VL_OK);
    vl_report_options opt;
    vl_report_options_init(&opt);
    opt.lang = "fr";
    assert_int_equal(vl_report_html(vi, NULL, &opt, "r.html"), VL_ERR_ARG);
    assert_string_equal(vl_ctx_errmsg(vi), "ngôn ngữ báo cáo phải là vi hoặc en, nhận được 'fr'");
    opt.lang = "en"; /* the report's language is its option; its messages follow the context */
    assert_int_equal(vl_report_html(vi, NULL, &opt, "r.html"), VL_ERR_ARG);
    assert_string_equal(vl_ctx_errmsg(vi), "báo cáo: thiếu kế hoạch hoặc đường dẫn tệp kết quả");
    vl_ctx_destroy(vi);
}

/* a model description for a reader: the words translated, the notation kept, never half a word */
static void test_model_text(void **state)
{
    (void)state;
    const char *d = "mean(Theta (seasonally adjusted), ETS(M,N,A) AICc-weighted over 15, "
                    "ARIMA(0,1,1)(0,1,1)[4] with drift); ces left out (validation)";
    char b[256];
    assert_string_equal(vl_forecast_model_text(d, "vi", b, sizeof b),
                        "trung bình(Theta (đã khử mùa vụ), ETS(M,N,A) bình quân trọng số AICc trên "
                        "15, ARIMA(0,1,1)(0,1,1)[4] có trôi); ces bị loại (kiểm định)");
    assert_string_equal(vl_forecast_model_text(d, "en", b, sizeof b), d);
    assert_string_equal(vl_forecast_model_text("seasonal naive", "vi", b, sizeof b),
                        "lặp lại theo mùa");
    assert_string_equal(
        vl_forecast_model_text("ARIMA(1,0,0) with non-zero mean", "vi", b, sizeof b),
        "ARIMA(1,0,0) có trung bình khác 0");
    /* too small for the translation: stops before it, terminated */
    assert_string_equal(vl_forecast_model_text("Theta (seasonally adjusted)", "vi", b, 12),
                        "Theta");
    assert_string_equal(vl_forecast_model_text(NULL, "vi", b, sizeof b), "");
    assert_null(vl_forecast_model_text("x", "vi", NULL, 8));
}

/* countries by name for a reader: the usual destinations named, any other code left to the caller
 */
static void test_country_name(void **state)
{
    (void)state;
    assert_string_equal(vl_country_name("JP", "vi"), "Nhật Bản");
    assert_string_equal(vl_country_name("JP", "en"), "Japan");
    assert_string_equal(vl_country_name("KR", "vi"), "Hàn Quốc");
    assert_string_equal(vl_country_name("AE", "vi"), "Các Tiểu vương quốc Ả Rập Thống nhất");
    assert_string_equal(vl_country_name("VN", "vi"), "Việt Nam");
    assert_null(vl_country_name("BR", "vi")); /* valid, but not in the list: shown as BR */
    assert_null(vl_country_name("jp", "vi"));
    assert_null(vl_country_name(NULL, "vi"));
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_process_language), cmocka_unit_test(test_context_language),
        cmocka_unit_test(test_gettext_lang),     cmocka_unit_test(test_room_messages),
        cmocka_unit_test(test_model_text),       cmocka_unit_test(test_country_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
