/*
 * test-xlsx-read.c - reading .xlsx workbooks written by libxlsxwriter (through io/xlsx.h):
 * shared and inline strings (Vietnamese, normalised to NFC), numbers in their shortest form,
 * dates stored as serial numbers, formulas' cached values, merged cells, empty trailing rows,
 * a sheet by name, and damaged input refused with a message instead of a crash. Files made by
 * a second writer (openpyxl) and the import end to end: cli/tests/test-xlsx-import.sh.
 */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "io/table.h"
#include "io/xlsx-read.h"
#include "io/xlsx.h"

/* A workbook like the centre's: a title-less sheet of seekers, a second sheet of notes. */
static const char *make_book(unsigned flags)
{
    const char *path = vt_tmpfile(flags ? "inline.xlsx" : "shared.xlsx");
    vl_xlsx *x;
    assert_int_equal(vl_xlsx_create_opt(NULL, path, 0, flags != 0, &x), VL_OK);
    vl_xlsx_fmt dmy = vl_xlsx_format_add(x, "dd/mm/yyyy", false);
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, "Người tìm việc");
    static const char *const head[] = {"Mã",           "Họ và tên",  "Năm sinh", "Lương mong muốn",
                                       "Ngày đăng ký", "Kinh nghiệm"};
    assert_int_equal(vl_xlsx_write_header(s, 0, head, 6, 0), VL_OK);
    /* row 2: NFD text in, a date with the Vietnamese display format, a fraction */
    assert_int_equal(vl_xlsx_write_string(s, 1, 0, "S1", 0), VL_OK);
    assert_int_equal(vl_xlsx_write_string(s, 1, 1, "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", 0),
                     VL_OK);
    assert_int_equal(vl_xlsx_write_number(s, 1, 2, 1998, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_number(s, 1, 3, 7500000, VL_XLSX_FMT_THOUSANDS), VL_OK);
    assert_int_equal(vl_xlsx_write_date(s, 1, 4, 20250302, dmy), VL_OK);
    assert_int_equal(vl_xlsx_write_number(s, 1, 5, 2.5, 0), VL_OK);
    /* rows 3-4: the name merged over both rows (a family registered together), a formula */
    assert_int_equal(vl_xlsx_write_string(s, 2, 0, "S2", 0), VL_OK);
    if (!flags)
        assert_int_equal(vl_xlsx_merge(s, 2, 1, 3, 1, "Trần Thị Bình", 0), VL_OK);
    else
        assert_int_equal(vl_xlsx_write_string(s, 2, 1, "Trần Thị Bình", 0), VL_OK);
    assert_int_equal(vl_xlsx_write_formula(s, 2, 3, "=D2+500000", 8000000, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_date(s, 2, 4, 19000301, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_string(s, 3, 0, "S3", 0), VL_OK);
    assert_int_equal(vl_xlsx_write_number(s, 3, 5, 0.1, 0), VL_OK);
    /* rows 6-9: formatted but empty (Excel writes such rows after a deleted block) */
    for (size_t r = 5; r < 9; r++)
        assert_int_equal(vl_xlsx_write_blank(s, r, 2, VL_XLSX_FMT_BOLD), VL_OK);
    vl_xlsx_sheet *n = vl_xlsx_add_sheet(x, "Ghi chú");
    static const char *const nh[] = {"id", "note"};
    assert_int_equal(vl_xlsx_write_header(n, 2, nh, 2, 2), VL_OK); /* the header on row 3 */
    assert_int_equal(vl_xlsx_write_string(n, 3, 0, "S1", 0), VL_OK);
    assert_int_equal(vl_xlsx_write_string(n, 3, 1, "gọi lại", 0), VL_OK);
    assert_int_equal(vl_xlsx_close(x), VL_OK);
    return path;
}

static void expect_row(vl_xlsxr *r, size_t line, const char *const *want, size_t n)
{
    const vl_csv_record *rec;
    assert_int_equal(vl_xlsxr_next(r, &rec), VL_OK);
    assert_non_null(rec);
    if (rec->problem)
        fail_msg("row %zu: %s", line, rec->problem);
    assert_int_equal(rec->line, line);
    assert_int_equal(rec->n, n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rec->fields[i], want[i]) != 0)
            fail_msg("row %zu field %zu: '%s', want '%s'", line, i, rec->fields[i], want[i]);
}

static void read_book(const char *path, bool merged)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsxr *r;
    vl_status st = vl_xlsxr_open(ctx, path, NULL, &r);
    if (st != VL_OK)
        fail_msg("%s: %s", path, vl_ctx_errmsg(ctx));
    assert_string_equal(vl_xlsxr_sheet(r), "Người tìm việc");
    assert_int_equal(vl_xlsxr_ncols(r), 6);
    assert_string_equal(vl_xlsxr_colname(r, 0), "mã");
    assert_string_equal(vl_xlsxr_colname(r, 1), "họ và tên");
    static const char *const r2[] = {"S1", "Nguyễn Văn An", "1998", "7500000", "2025-03-02", "2.5"};
    expect_row(r, 2, r2, 6);
    static const char *const r3[] = {"S2", "Trần Thị Bình", "", "8000000", "1900-03-01", ""};
    expect_row(r, 3, r3, 6);
    static const char *const r4m[] = {"S3", "Trần Thị Bình", "", "", "", "0.1"};
    static const char *const r4[] = {"S3", "", "", "", "", "0.1"};
    expect_row(r, 4, merged ? r4m : r4, 6);
    char ref[64];
    vl_xlsxr_cellref(r, 4, 4, ref, sizeof ref);
    assert_string_equal(ref, "Người tìm việc!E4");
    const vl_csv_record *rec;
    assert_int_equal(vl_xlsxr_next(r, &rec), VL_OK);
    assert_null(rec); /* the formatted empty rows are not records */
    vl_xlsxr_close(r);
    vl_ctx_destroy(ctx);
}

/* Written under a locale with a decimal comma: the workbook still holds "2.5" (libxlsxwriter
 * formats numbers with the C library, at close and, with inline strings, at each new row). */
static const char *make_book_vi(unsigned flags)
{
    char was[64];
    snprintf(was, sizeof was, "%s", setlocale(LC_NUMERIC, NULL));
    if (!setlocale(LC_NUMERIC, "vi_VN.UTF-8"))
        fail_msg("the vi_VN.UTF-8 locale is missing (scripts/setup.sh creates it)");
    const char *path = make_book(flags);
    setlocale(LC_NUMERIC, was);
    return path;
}

static void test_shared_strings(void **state)
{
    (void)state;
    read_book(make_book_vi(0), true);
}

static void test_inline_strings(void **state)
{
    (void)state;
    read_book(make_book_vi(1), false);
}

static void test_sheet_by_name(void **state)
{
    (void)state;
    const char *path = make_book(0);
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsxr *r;
    assert_int_equal(vl_xlsxr_open(ctx, path, "GHI CHU", &r), VL_OK); /* folded */
    assert_string_equal(vl_xlsxr_sheet(r), "Ghi chú");
    assert_int_equal(vl_xlsxr_header_row(r), 3);
    static const char *const row[] = {"S1", "gọi lại"};
    expect_row(r, 4, row, 2);
    vl_xlsxr_close(r);
    assert_int_equal(vl_xlsxr_open(ctx, path, "Danh sách", &r), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "no sheet named 'Danh sách'"));
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "'Người tìm việc', 'Ghi chú'"));
    /* the table reader picks the workbook by its bytes, and names cells by sheet */
    vl_table *t;
    assert_int_equal(vl_table_open(ctx, path, NULL, &t), VL_OK);
    assert_true(vl_table_is_xlsx(t));
    char where[128];
    vl_table_where(t, "a.xlsx", 7, 1, where, sizeof where);
    assert_string_equal(where, "a.xlsx:Người tìm việc!B7");
    vl_table_close(t);
    vt_write_file(vt_tmpfile("plain.csv"), "id,name\nE1,x\n");
    assert_int_equal(vl_table_open(ctx, vt_tmpfile("plain.csv"), "Sheet1", &t), VL_ERR_ARG);
    vl_ctx_destroy(ctx);
}

/* A number written by Vietnamese Excel keeps its text form: the shortest exact one. */
static void test_numbers_and_dates(void **state)
{
    (void)state;
    const char *path = vt_tmpfile("nums.xlsx");
    vl_xlsx *x;
    assert_int_equal(vl_xlsx_create(NULL, path, 0, &x), VL_OK);
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, "S");
    static const char *const head[] = {"a", "b", "c", "d", "e"};
    assert_int_equal(vl_xlsx_write_header(s, 0, head, 5, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_number(s, 1, 0, 1e10, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_number(s, 1, 1, -3.25, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_number(s, 1, 2, 1.0 / 3, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_date(s, 1, 3, 20240229, 0), VL_OK);
    assert_int_equal(vl_xlsx_write_date(s, 1, 4, 19000228, 0), VL_OK);
    assert_int_equal(vl_xlsx_close(x), VL_OK);
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsxr *r;
    assert_int_equal(vl_xlsxr_open(ctx, path, NULL, &r), VL_OK);
    static const char *const want[] = {"10000000000", "-3.25", "0.3333333333333333", "2024-02-29",
                                       "1900-02-28"};
    expect_row(r, 2, want, 5);
    vl_xlsxr_close(r);
    /* with a decimal comma (an import with --numbers vi) */
    assert_int_equal(vl_xlsxr_open(ctx, path, NULL, &r), VL_OK);
    vl_xlsxr_decimal_comma(r, true);
    static const char *const vi[] = {"10000000000", "-3,25", "0,3333333333333333", "2024-02-29",
                                     "1900-02-28"};
    expect_row(r, 2, vi, 5);
    vl_xlsxr_close(r);
    vl_ctx_destroy(ctx);
}

/* Bytes that are not a workbook, or half of one: an error with the file's name, never a crash. */
static void test_damaged(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsxr *r = NULL;
    static const char junk[] = "PK\003\004 this is not really a zip archive";
    assert_int_equal(vl_xlsxr_open_buffer(ctx, junk, sizeof junk - 1, "junk.xlsx", NULL, &r),
                     VL_ERR_INVALID);
    assert_null(r);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "junk.xlsx: not an Excel workbook"));
    size_t len;
    char *whole = vt_read_file(make_book(0), &len);
    /* every prefix of the file: a clean error each time (the last one reads) */
    size_t ok = 0;
    for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
        vl_status st = vl_xlsxr_open_buffer(ctx, whole, cut, "cut.xlsx", NULL, &r);
        if (st == VL_OK) {
            const vl_csv_record *rec;
            while (vl_xlsxr_next(r, &rec) == VL_OK && rec)
                ;
            vl_xlsxr_close(r);
            ok++;
        } else {
            assert_int_equal(st, VL_ERR_INVALID);
            assert_non_null(strstr(vl_ctx_errmsg(ctx), "cut.xlsx"));
        }
    }
    assert_int_equal(ok, 0); /* a zip's directory is at its end: no prefix opens */
    assert_int_equal(vl_xlsxr_open_buffer(ctx, whole, len, "whole.xlsx", NULL, &r), VL_OK);
    vl_xlsxr_close(r);
    /* flipped bytes in the middle (compressed XML): errors or odd cells, never a crash */
    for (size_t k = 0; k < 64; k++) {
        char *bad = malloc(len);
        memcpy(bad, whole, len);
        bad[(len / 3 + k * 131) % len] ^= (char)(0x5a + k);
        if (vl_xlsxr_open_buffer(ctx, bad, len, "flip.xlsx", NULL, &r) == VL_OK) {
            const vl_csv_record *rec;
            while (vl_xlsxr_next(r, &rec) == VL_OK && rec)
                ;
            vl_xlsxr_close(r);
        }
        free(bad);
    }
    free(whole);
    vl_xlsxr_close(NULL);
    vl_ctx_destroy(ctx);
}

/*
 * Many merged ranges: a column of 3,000 two-row ranges (each row gets its range's value, in
 * time linear in the rows: a scan of every range to the left took minutes on 200,000), a range
 * 300 columns wide beside 100 ranges on its left (the old scan gave up past 256 columns), and
 * a header whose last name is 2,000 columns to the right: refused at once, naming the cell.
 */
static void test_many_merges_and_wide_header(void **state)
{
    (void)state;
    const char *path = vt_tmpfile("merges.xlsx");
    vl_xlsx *x;
    assert_int_equal(vl_xlsx_create_opt(NULL, path, 0, false, &x), VL_OK);
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, "S");
    char head[400][8];
    const char *names[400];
    for (size_t c = 0; c < 400; c++) {
        snprintf(head[c], sizeof head[c], "c%zu", c);
        names[c] = head[c];
    }
    assert_int_equal(vl_xlsx_write_header(s, 0, names, 400, 0), VL_OK);
    char v[32];
    /* the writer streams its rows: row 2 first */
    for (unsigned c = 1; c <= 100; c++) /* single cells merged over two rows, row 2-3 */
        assert_int_equal(vl_xlsx_merge(s, 1, c, 2, c, "x", 0), VL_OK);
    assert_int_equal(vl_xlsx_merge(s, 1, 101, 1, 399, "wide", 0), VL_OK);
    for (unsigned k = 0; k < 3000; k++) {
        snprintf(v, sizeof v, "g%u", k);
        assert_int_equal(vl_xlsx_merge(s, 1 + 2 * k, 0, 2 + 2 * k, 0, v, 0), VL_OK);
        /* the range's second row holds a value of its own: a row of merged cells alone is no
         * record */
        assert_int_equal(vl_xlsx_write_number(s, 2 + 2 * k, 399, k, 0), VL_OK);
    }
    assert_int_equal(vl_xlsx_close(x), VL_OK);
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_xlsxr *r;
    assert_int_equal(vl_xlsxr_open(ctx, path, NULL, &r), VL_OK);
    const vl_csv_record *rec;
    size_t rows = 0;
    while (vl_xlsxr_next(r, &rec) == VL_OK && rec) {
        snprintf(v, sizeof v, "g%zu", rows / 2);
        if (strcmp(rec->fields[0], v) != 0)
            fail_msg("line %zu: '%s', want '%s'", rec->line, rec->fields[0], v);
        if (rows == 0 &&
            (strcmp(rec->fields[50], "x") != 0 || strcmp(rec->fields[399], "wide") != 0))
            fail_msg("row 2: '%s' '%s' (%zu fields)", rec->fields[50], rec->fields[399], rec->n);
        rows++;
    }
    assert_int_equal(rows, 6000);
    vl_xlsxr_close(r);

    path = vt_tmpfile("wide-header.xlsx");
    assert_int_equal(vl_xlsx_create_opt(NULL, path, 0, false, &x), VL_OK);
    s = vl_xlsx_add_sheet(x, "S");
    assert_int_equal(vl_xlsx_write_string(s, 0, 0, "id", 0), VL_OK);
    assert_int_equal(vl_xlsx_write_string(s, 0, 2000, "zz", 0), VL_OK);
    assert_int_equal(vl_xlsx_close(x), VL_OK);
    assert_int_equal(vl_xlsxr_open(ctx, path, NULL, &r), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "S!BXY1: the header runs over more than 1000"));
    vl_ctx_destroy(ctx);
}

/*
 * Every allocation of opening and reading a workbook, made to fail in turn: a clean NOMEM (or
 * a message) each time, never a crash or a leak (the ASan run checks leaks).
 */
static void test_out_of_memory(void **state)
{
    (void)state;
    const char *path = make_book(0);
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    unsigned long failed_runs = 0;
    for (long n = 1; n < 100000; n++) {
        vl__alloc_reset();
        vl__alloc_fail_after(n, false);
        vl_xlsxr *r = NULL;
        vl_status st = vl_xlsxr_open(ctx, path, NULL, &r);
        size_t rows = 0;
        if (st == VL_OK) {
            const vl_csv_record *rec;
            while ((st = vl_xlsxr_next(r, &rec)) == VL_OK && rec)
                rows++;
            vl_xlsxr_close(r);
        }
        bool injected = vl__alloc_failures() > 0;
        vl__alloc_fail_after(0, false);
        if (!injected) {
            assert_int_equal(st, VL_OK);
            assert_int_equal(rows, 3);
            break;
        }
        failed_runs++;
        if (st != VL_OK && st != VL_ERR_NOMEM && st != VL_ERR_INVALID)
            fail_msg("allocation %ld failing: status %d: %s", n, st, vl_ctx_errmsg(ctx));
    }
    assert_true(failed_runs > 50);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_strings),
        cmocka_unit_test(test_inline_strings),
        cmocka_unit_test(test_sheet_by_name),
        cmocka_unit_test(test_numbers_and_dates),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_many_merges_and_wide_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
