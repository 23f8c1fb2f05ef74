/*
 * test-xlsx.c - the private workbook writer (io/xlsx.h): cells, formats, header rows, panes,
 * autofilters, native line charts, sheet-name repair, sticky errors, determinism, and numbers
 * written with a '.' under a decimal-comma locale. Workbooks are unzipped with python3's zipfile
 * and their XML is inspected.
 */
#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/xlsx.h"

/* The text of one member of a zip file (malloc'd), read by python3's zipfile. */
static char *unzip_member(const char *zip, const char *member)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import sys,zipfile; "
             "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' '%s' '%s'",
             zip, member);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    if (pclose(p) != 0)
        fail_msg("cannot read %s from %s", member, zip);
    return buf;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Writes the reference workbook used by several cases; returns close()'s status. */
static vl_status write_sample(vl_ctx *ctx, const char *path)
{
    vl_xlsx *x;
    vl_status st = vl_xlsx_create(ctx, path, VL_OUTPUT_PRIVATE, &x);
    if (st != VL_OK)
        return st;
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, "Dự báo 1");
    assert_non_null(s);
    static const char *const head[] = {"Quý", "Thực tế", "Dự báo"};
    assert_int_equal(vl_xlsx_write_header(s, 0, head, 3, 4), VL_OK);
    static const struct {
        const char *period;
        double actual, forecast;
    } rows[] = {
        {"2024Q1", 2.385, NAN},
        {"2024Q2", 1234.5, -0.001},
        {"2024Q3", NAN, 1e-7},
        {"2024Q4", INFINITY, 6.02214076e23},
    };
    vl_xlsx_fmt f3 = vl_xlsx_format_add(x, "0.000", false);
    assert_true(f3 >= VL_XLSX_FMT_BUILTIN_COUNT);
    for (size_t i = 0; i < VL_ARRAY_LEN(rows); i++) {
        assert_int_equal(vl_xlsx_write_string(s, i + 1, 0, rows[i].period, 0), VL_OK);
        assert_int_equal(vl_xlsx_write_number(s, i + 1, 1, rows[i].actual, f3), VL_OK);
        assert_int_equal(vl_xlsx_write_number(s, i + 1, 2, rows[i].forecast, VL_XLSX_FMT_DEC2),
                         VL_OK);
    }
    assert_int_equal(vl_xlsx_write_string(s, 6, 0, "=SUM(B2:B3)", VL_XLSX_FMT_DEFAULT), VL_OK);
    assert_int_equal(vl_xlsx_write_date(s, 7, 0, 20241231, VL_XLSX_FMT_DEFAULT), VL_OK);
    assert_int_equal(vl_xlsx_write_string(s, 8, 0, "", VL_XLSX_FMT_DEFAULT), VL_OK);
    assert_int_equal(vl_xlsx_column_width(s, 0, 0, 12.5, VL_XLSX_FMT_DEFAULT), VL_OK);
    assert_int_equal(vl_xlsx_column_width(s, 1, 2, 9.75, VL_XLSX_FMT_DEC1), VL_OK);

    vl_xlsx_chart *c = vl_xlsx_chart_line(x, "Biểu đồ quạt", "Quý", "Số chỗ làm");
    assert_non_null(c);
    vl_xlsx_line_style dashed = {.rgb = 0x1F77B4, .width = 1.5, .dash = VL_XLSX_DASHED};
    assert_int_equal(vl_xlsx_chart_add_series(c, "Thực tế", s, 1, 4, 0, 1, NULL), VL_OK);
    assert_int_equal(vl_xlsx_chart_add_series(c, "Dự báo", s, 1, 4, 0, 2, &dashed), VL_OK);
    assert_int_equal(vl_xlsx_insert_chart(s, 1, 5, c, 600, 320), VL_OK);
    return vl_xlsx_close(x);
}

static void test_cells_and_chart(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const char *path = vt_tmpfile("sample.xlsx");
    assert_int_equal(write_sample(ctx, path), VL_OK);

    char *sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
    /* numbers with a '.', exactly as given; non-finite values left blank */
    assert_non_null(strstr(sheet, "<v>2.385</v>"));
    assert_non_null(strstr(sheet, "<v>1234.5</v>"));
    assert_non_null(strstr(sheet, "<v>-0.001</v>"));
    assert_non_null(strstr(sheet, "<v>1E-07</v>"));
    assert_non_null(strstr(sheet, "<v>6.02214076E+23</v>"));
    assert_null(strstr(sheet, "2,385"));
    assert_non_null(strstr(sheet, "<c r=\"B4\" s=\"3\"/>")); /* NaN: formatted, empty */
    assert_non_null(strstr(sheet, "<c r=\"B5\" s=\"3\"/>")); /* infinity: empty */
    assert_null(strstr(sheet, "<c r=\"A9\""));               /* "" without format: no cell */
    assert_null(strstr(sheet, "<f>"));                       /* no formulas, ever */
    assert_non_null(strstr(sheet, "<pane ySplit=\"1\""));
    assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:C5\"/>"));
    assert_non_null(strstr(sheet, "width=\"13.28515625\"")); /* 12.5 + padding, with a . */
    assert_non_null(strstr(sheet, "<v>45657</v>")); /* 2024-12-31 as an Excel serial date */
    free(sheet);

    char *strings = unzip_member(path, "xl/sharedStrings.xml");
    assert_non_null(strstr(strings, "Thực tế"));
    assert_non_null(strstr(strings, "=SUM(B2:B3)")); /* text, not a formula */
    free(strings);

    char *styles = unzip_member(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "formatCode=\"0.000\""));
    assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
    assert_non_null(strstr(styles, "<b/>"));
    free(styles);

    char *chart = unzip_member(path, "xl/charts/chart1.xml");
    assert_non_null(strstr(chart, "<c:lineChart>"));
    assert_non_null(strstr(chart, "'Dự báo 1'!$A$2:$A$5"));
    assert_non_null(strstr(chart, "'Dự báo 1'!$C$2:$C$5"));
    assert_non_null(strstr(chart, "Biểu đồ quạt"));
    assert_non_null(strstr(chart, "1F77B4"));
    assert_non_null(strstr(chart, "prstDash val=\"dash\""));
    free(chart);

    char *book = unzip_member(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"Dự báo 1\""));
    assert_non_null(strstr(book, "_xlnm._FilterDatabase"));
    free(book);

    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600); /* exports may hold personal data */
    vl_ctx_destroy(ctx);
}

/* The same workbook written under a decimal-comma locale: same bytes as under "C". */
static void test_decimal_comma_locale(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    char *saved = strdup(setlocale(LC_ALL, NULL));
    assert_non_null(saved);

    assert_non_null(setlocale(LC_ALL, "C"));
    const char *a = vt_tmpfile("c.xlsx");
    assert_int_equal(write_sample(ctx, a), VL_OK);

    if (!setlocale(LC_ALL, "vi_VN.UTF-8") && !setlocale(LC_ALL, "vi_VN.utf8"))
        fail_msg("the vi_VN.UTF-8 locale is missing: run scripts/setup.sh");
    char probe[32];
    snprintf(probe, sizeof probe, "%.1f", 2.5);
    assert_string_equal(probe, "2,5"); /* the locale really uses a decimal comma */
    const char *b = vt_tmpfile("vi.xlsx");
    assert_int_equal(write_sample(ctx, b), VL_OK);
    setlocale(LC_ALL, saved);
    free(saved);

    static const char *const members[] = {"xl/worksheets/sheet1.xml", "xl/charts/chart1.xml",
                                          "xl/drawings/drawing1.xml", "xl/styles.xml"};
    for (size_t i = 0; i < VL_ARRAY_LEN(members); i++) {
        char *ma = unzip_member(a, members[i]);
        char *mb = unzip_member(b, members[i]);
        if (strcmp(ma, mb) != 0)
            fail_msg("%s differs under vi_VN", members[i]);
        free(ma);
        free(mb);
    }
    size_t la, lb;
    char *fa = vt_read_file(a, &la);
    char *fb = vt_read_file(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(fa, fb, la); /* deterministic: fixed creation time */
    free(fa);
    free(fb);
    vl_ctx_destroy(ctx);
}

static void test_sheet_names(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"Tổng hợp", "Tổng hợp"},
        {"a/b:c*?[x]\\", "a_b_c___x__"},
        {"'quoted'", "quoted"},
        {"", "Sheet"},
        {NULL, "Sheet (2)"},
        {"tổng hợp", "tổng hợp (2)"}, /* Excel compares names without case */
        {"History", "History (2)"},   /* reserved by Excel */
        {"Công ty TNHH Cơ khí Chính xác Hải Dương", "Công ty TNHH Cơ khí Chính xác H"},
        {"Công ty TNHH Cơ khí Chính xác Hải Phòng", "Công ty TNHH Cơ khí Chính x (2)"},
        {"tab\there", "tab_here"},
        /* cut where a space falls: never a name ending in one */
        {"Đưa người lao động đi làm việc ở nước ngoài", "Đưa người lao động đi làm việc"},
    };
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsx *x;
    const char *path = vt_tmpfile("names.xlsx");
    assert_int_equal(vl_xlsx_create(ctx, path, 0, &x), VL_OK);
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, cases[i].in);
        assert_non_null(s);
        if (strcmp(vl_xlsx_sheet_name(s), cases[i].out) != 0)
            fail_msg("sheet '%s': got '%s', expected '%s'", cases[i].in ? cases[i].in : "(null)",
                     vl_xlsx_sheet_name(s), cases[i].out);
        assert_int_equal(vl_xlsx_write_number(s, 0, 0, (double)i + 0.5, 0), VL_OK);
    }
    assert_int_equal(vl_xlsx_close(x), VL_OK);
    char *book = unzip_member(path, "xl/workbook.xml");
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        char want[256];
        snprintf(want, sizeof want, "name=\"%s\"", cases[i].out);
        assert_non_null(strstr(book, want));
    }
    free(book);
    vl_ctx_destroy(ctx);
}

static void test_empty_workbook(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsx *x;
    const char *path = vt_tmpfile("empty.xlsx");
    assert_int_equal(vl_xlsx_create(ctx, path, 0, &x), VL_OK);
    assert_int_equal(vl_xlsx_close(x), VL_OK);
    char *book = unzip_member(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"Sheet1\""));
    free(book);
    assert_int_equal(vl_xlsx_close(NULL), VL_OK);
    vl_xlsx_discard(NULL);
    vl_ctx_destroy(ctx);
}

/* Every error path: the first error sticks, close returns it, no file is left or clobbered. */
static void test_errors(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsx *x = (vl_xlsx *)1;
    assert_int_equal(vl_xlsx_create(ctx, "/nonexistent-dir/x.xlsx", 0, &x), VL_ERR_IO);
    assert_null(x);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "/nonexistent-dir/x.xlsx"));
    assert_int_equal(vl_xlsx_create(ctx, "", 0, &x), VL_ERR_ARG);
    assert_int_equal(vl_xlsx_create(ctx, NULL, 0, &x), VL_ERR_ARG);

    enum { OUT_OF_GRID, BAD_UTF8, TOO_LONG, BAD_DATE, BAD_WIDTH, BAD_RANGE, FOREIGN_SHEET };
    static const struct {
        int what;
        vl_status want;
        const char *msg;
    } cases[] = {
        {OUT_OF_GRID, VL_ERR_ARG, "outside Excel's grid"},
        {BAD_UTF8, VL_ERR_INVALID, "not UTF-8"},
        {TOO_LONG, VL_ERR_ARG, "write text"},
        {BAD_DATE, VL_ERR_ARG, "bad date"},
        {BAD_WIDTH, VL_ERR_ARG, "column width"},
        {BAD_RANGE, VL_ERR_ARG, "bad range"},
        {FOREIGN_SHEET, VL_ERR_ARG, "bad range"},
    };
    const char *path = vt_tmpfile("err.xlsx");
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        /* an existing file at the target must survive a failed workbook */
        vt_write_file(path, "keep me");
        vl_ctx_clear_error(ctx);
        assert_int_equal(vl_xlsx_create(ctx, path, 0, &x), VL_OK);
        vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, "S");
        assert_non_null(s);
        vl_status st = VL_OK;
        switch (cases[i].what) {
        case OUT_OF_GRID:
            st = vl_xlsx_write_number(s, 2000000, 0, 1.25, 0);
            break;
        case BAD_UTF8:
            st = vl_xlsx_write_string(s, 0, 0, "bad \xC3\x28 text", 0);
            break;
        case TOO_LONG: {
            char *big = malloc(40001);
            memset(big, 'a', 40000);
            big[40000] = '\0';
            st = vl_xlsx_write_string(s, 0, 0, big, 0);
            free(big);
            break;
        }
        case BAD_DATE:
            st = vl_xlsx_write_date(s, 0, 0, 20241331, 0);
            break;
        case BAD_WIDTH:
            st = vl_xlsx_column_width(s, 0, 1, -3.5, 0);
            break;
        case BAD_RANGE: {
            vl_xlsx_chart *c = vl_xlsx_chart_line(x, "t", NULL, NULL);
            assert_non_null(c);
            st = vl_xlsx_chart_add_series(c, "s", s, 5, 2, 0, 1, NULL);
            break;
        }
        case FOREIGN_SHEET: {
            vl_xlsx *y;
            assert_int_equal(vl_xlsx_create(ctx, vt_tmpfile("other.xlsx"), 0, &y), VL_OK);
            vl_xlsx_chart *c = vl_xlsx_chart_line(y, "t", NULL, NULL);
            assert_non_null(c);
            st = vl_xlsx_chart_add_series(c, "s", s, 0, 2, 0, 1, NULL);
            assert_int_equal(vl_xlsx_close(y), cases[i].want);
            vl_ctx_clear_error(ctx);
            st = cases[i].want; /* the error was on y; x stays good */
            assert_int_equal(vl_xlsx_status(x), VL_OK);
            vl_xlsx_discard(x);
            x = NULL;
            break;
        }
        }
        assert_int_equal(st, cases[i].want);
        if (!x)
            continue;
        if (!strstr(vl_ctx_errmsg(ctx), cases[i].msg))
            fail_msg("case %zu: message '%s' lacks '%s'", i, vl_ctx_errmsg(ctx), cases[i].msg);
        /* sticky: later calls fail with the same status and do nothing */
        assert_int_equal(vl_xlsx_write_number(s, 0, 0, 1.5, 0), cases[i].want);
        assert_null(vl_xlsx_add_sheet(x, "T"));
        assert_null(vl_xlsx_chart_line(x, "c", NULL, NULL));
        assert_int_equal(vl_xlsx_format_add(x, "0.0", true), VL_XLSX_FMT_DEFAULT);
        assert_int_equal(vl_xlsx_status(x), cases[i].want);
        assert_int_equal(vl_xlsx_close(x), cases[i].want);
        size_t len;
        char *kept = vt_read_file(path, &len);
        assert_string_equal(kept, "keep me");
        free(kept);
    }
    /* discarding a good workbook leaves the old file and no temporary file */
    vt_write_file(path, "keep me");
    assert_int_equal(vl_xlsx_create(ctx, path, 0, &x), VL_OK);
    assert_non_null(vl_xlsx_add_sheet(x, "S"));
    vl_xlsx_discard(x);
    size_t len;
    char *kept = vt_read_file(path, &len);
    assert_string_equal(kept, "keep me");
    free(kept);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c tmp", vt_tmpdir());
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char out[16] = "";
    assert_non_null(fgets(out, sizeof out, p));
    pclose(p);
    assert_string_equal(out, "0\n");

    /* a target that cannot be replaced (a directory) fails at once with VL_ERR_IO */
    const char *dir = vt_tmpfile("adir.xlsx");
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(vl_xlsx_create(ctx, dir, 0, &x), VL_ERR_IO);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "adir.xlsx"));
    assert_true(file_exists(dir));
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells_and_chart), cmocka_unit_test(test_decimal_comma_locale),
        cmocka_unit_test(test_sheet_names),     cmocka_unit_test(test_empty_workbook),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
