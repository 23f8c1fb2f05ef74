/*
 * test-csv.c - the streaming CSV reader and writer (io/csv.h): delimiters sniffed from the
 * header, a BOM skipped, RFC 4180 quoting with physical line numbers across multi-line fields,
 * NFC normalisation, encoding problems named (UTF-16, Windows-1258), an unclosed quote, and
 * fields far larger than libcsv's growth block, and writer -> reader round trips of awkward
 * cells.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

static vl_csv_reader *open_text(vl_ctx *ctx, const char *text, vl_status expect)
{
    const char *path = vt_tmpfile("t.csv");
    vt_write_file(path, text);
    vl_csv_reader *r = NULL;
    assert_int_equal(vl_csv_open(ctx, path, &r), expect);
    return r;
}

static void test_delimiters(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        char delim;
    } cases[] = {
        {"a,b,c\n1,2,3\n", ','},
        {"a;b;c\n1;2;3\n", ';'},
        {"a\tb\tc\n1\t2\t3\n", '\t'},
        {"\xEF\xBB\xBF"
         "a;b;c\r\n1;2;3\r\n",
         ';'},
        {"\"a,x\";b;c\n1;2;3\n", ';'}, /* a comma inside quotes does not count */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vl_ctx *ctx;
        assert_int_equal(vl_ctx_create(&ctx), VL_OK);
        vl_csv_reader *r = open_text(ctx, cases[i].text, VL_OK);
        assert_int_equal(vl_csv_delimiter(r), cases[i].delim);
        assert_int_equal(vl_csv_ncols(r), 3);
        assert_int_equal(vl_csv_find(r, "b"), 1);
        assert_int_equal(vl_csv_find(r, "z"), -1);
        const vl_csv_record *rec;
        assert_int_equal(vl_csv_next(r, &rec), VL_OK);
        assert_non_null(rec);
        assert_int_equal(rec->n, 3);
        assert_string_equal(rec->fields[2], "3");
        assert_int_equal(rec->line, 2);
        assert_int_equal(vl_csv_next(r, &rec), VL_OK);
        assert_null(rec);
        vl_csv_close(r);
        vl_ctx_destroy(ctx);
    }
}

static void test_quoting_and_lines(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    /* header on line 1, a blank line, a record over lines 3-5, then line 6 */
    vl_csv_reader *r = open_text(ctx,
                                 "ID,Name\n"
                                 "\n"
                                 "1,\"Công ty \"\"Hoa Sen\"\"\n"
                                 "tầng 2\n"
                                 "Hải Dương\"\n"
                                 "2,  Thợ hàn  \n",
                                 VL_OK);
    assert_string_equal(vl_csv_colname(r, 0), "id"); /* header folded to lower case */
    const vl_csv_record *rec;
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_int_equal(rec->line, 3);
    assert_string_equal(rec->fields[1], "Công ty \"Hoa Sen\"\ntầng 2\nHải Dương");
    assert_null(rec->problem);
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_int_equal(rec->line, 6);
    assert_string_equal(rec->fields[1], "Thợ hàn"); /* unquoted spaces trimmed */
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_null(rec);
    vl_csv_close(r);
    vl_ctx_destroy(ctx);
}

/* What Vietnamese Excel saves after columns or rows were cleared: separators with nothing
 * between them. Trailing empty header names are no columns, empty cells past the header are
 * dropped, a row of separators only is skipped like a blank line; a value past the header is
 * kept (the importer names it). */
static void test_excel_separators(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_csv_reader *r = open_text(ctx,
                                 "id;name;;\n"
                                 "E1;Công ty A;;\n"
                                 ";;;\n"
                                 " ; ;\n"
                                 "E2;Công ty B;;x\n"
                                 ";;;\n",
                                 VL_OK);
    assert_int_equal(vl_csv_ncols(r), 2);
    const vl_csv_record *rec;
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_int_equal(rec->n, 2);
    assert_string_equal(rec->fields[1], "Công ty A");
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_int_equal(rec->line, 5);
    assert_int_equal(rec->n, 4); /* the x past the header stays, for the importer to refuse */
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_null(rec);
    vl_csv_close(r);
    vl_ctx_destroy(ctx);
}

static void test_nfc(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    /* "Hà" typed with a combining grave accent (a + U+0300) becomes the composed à */
    vl_csv_reader *r = open_text(ctx, "name\nHa\xCC\x80 Nội\n", VL_OK);
    const vl_csv_record *rec;
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_string_equal(rec->fields[0], "H\xC3\xA0 Nội");
    vl_csv_close(r);
    vl_ctx_destroy(ctx);
}

static void test_encoding_problems(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    /* Windows-1258 bytes: a per-record problem naming the code page, reading goes on */
    vl_csv_reader *r = open_text(ctx, "id,name\n1,C\xf4ng ty\n2,ok\n", VL_OK);
    const vl_csv_record *rec;
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_non_null(rec->problem);
    assert_non_null(strstr(rec->problem, "column name: invalid UTF-8 byte 0xF4"));
    assert_non_null(strstr(rec->problem, "Windows-1258"));
    assert_int_equal(vl_ctx_diag_count(ctx), 1);
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_null(rec->problem);
    assert_string_equal(rec->fields[1], "ok");
    vl_csv_close(r);
    /* every field of a Windows-1258 row is bad: the first is named, none is normalised (that
     * failed, and read as out of memory) */
    r = open_text(ctx, "id,name,address\n1,C\xf4ng ty,H\xe0 N\xf4i\n2,ok,ok\n", VL_OK);
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_non_null(rec->problem);
    assert_non_null(strstr(rec->problem, "column name: invalid UTF-8 byte 0xF4"));
    assert_int_equal(vl_csv_next(r, &rec), VL_OK);
    assert_null(rec->problem);
    vl_csv_close(r);
    /* a Windows-1258 header: the header's problem, no column "(extra)" */
    assert_null(open_text(ctx, "M\xe3,T\xean\n1,x\n", VL_ERR_INVALID));
    assert_non_null(strstr(vl_ctx_errmsg(ctx), ":1: header: invalid UTF-8 byte 0xE3"));
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "Windows-1258"));
    assert_null(strstr(vl_ctx_errmsg(ctx), "(extra)"));
    /* UTF-16 with a byte order mark, and without one (NUL bytes) */
    assert_null(open_text(ctx, "\xFF\xFEi\0d\0\n\0", VL_ERR_INVALID));
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "UTF-16"));
    /* UTF-32's mark begins as UTF-16's: named as what it is */
    const char *p32 = vt_tmpfile("utf32.csv");
    FILE *f32 = fopen(p32, "wb");
    assert_non_null(f32);
    fwrite("\xFF\xFE\0\0i\0\0\0d\0\0\0\n\0\0\0", 1, 16, f32);
    fclose(f32);
    assert_int_equal(vl_csv_open(ctx, p32, &r), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "the file is UTF-32 (little-endian"));
    const char *path = vt_tmpfile("nul.csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite("i\0d\0\n\0", 1, 6, f);
    fclose(f);
    assert_int_equal(vl_csv_open(ctx, path, &r), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "UTF-16"));
    /* an empty file; a quote that never closes */
    assert_null(open_text(ctx, "", VL_ERR_INVALID));
    assert_null(open_text(ctx, "\n\n", VL_ERR_INVALID));
    r = open_text(ctx, "id,name\n1,\"open\n2,x\n", VL_OK);
    assert_int_equal(vl_csv_next(r, &rec), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), ":2: a quoted field opened here is never closed"));
    vl_csv_close(r);
    vl_ctx_destroy(ctx);
}

/*
 * A record that fails part-way after one with NFC copies: the copies are freed once, and a
 * failing record with more fields than the last finished one is not read past its array. The
 * first case is the reproducer of a double free (the importer's employers file); run under
 * ASan to see a regression.
 */
static void test_failure_after_nfc_record(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "id,name,industry,area\nE1,Công ty,C,288\nE2,X,\"open\n",
        "id,name\nE1,Công ty\nE2,a,b,c,d,e,f,g,h,\"open\n",
        "id,name\nE1,Thợ hàn\n\"E2\nx\0y\",z\n",
        "id,name\nE1,Thợ hàn\nE2,Điện\nE3,a,b,c,\"x\n",
    };
    static const size_t lens[] = {0, 0, 33, 0};
    for (size_t i = 0; i < VL_ARRAY_LEN(texts); i++) {
        vl_ctx *ctx;
        assert_int_equal(vl_ctx_create(&ctx), VL_OK);
        const char *path = vt_tmpfile("fail.csv");
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        size_t len = lens[i] ? lens[i] : strlen(texts[i]);
        assert_int_equal(fwrite(texts[i], 1, len, f), len);
        fclose(f);
        vl_csv_reader *r = NULL;
        assert_int_equal(vl_csv_open(ctx, path, &r), VL_OK);
        const vl_csv_record *rec;
        vl_status st;
        size_t good = 0;
        while ((st = vl_csv_next(r, &rec)) == VL_OK && rec)
            good++;
        assert_int_equal(st, VL_ERR_INVALID);
        assert_true(good >= 1);
        /* a failed reader stays failed */
        assert_int_equal(vl_csv_next(r, &rec), VL_ERR_INVALID);
        assert_null(rec);
        vl_csv_close(r);
        vl_ctx_destroy(ctx);
    }
}

/*
 * Every allocation of opening and reading a file made to fail in turn (the reader's own, libcsv's,
 * getline's and utf8proc's): each run ends in VL_OK or VL_ERR_NOMEM with a message, never a
 * crash or a leak (ASan), until a run meets no failure and reads every record.
 */
static void test_alloc_failures(void **state)
{
    (void)state;
    const char *path = vt_tmpfile("oom.csv");
    vt_write_file(path, "id,name\nE1,Công ty Thợ hàn\n\"E2\",\"Điện\nlạnh\"\nE3,x\n");
    for (long n = 1;; n++) {
        vl_ctx *ctx;
        assert_int_equal(vl_ctx_create(&ctx), VL_OK);
        vl__alloc_reset();
        vl__alloc_fail_after(n, false);
        vl_csv_reader *r = NULL;
        vl_status st = vl_csv_open(ctx, path, &r);
        size_t records = 0;
        const vl_csv_record *rec;
        while (st == VL_OK && (st = vl_csv_next(r, &rec)) == VL_OK && rec) {
            assert_null(rec->problem);
            records++;
        }
        vl_csv_close(r);
        bool failed = vl__alloc_failures() > 0;
        vl__alloc_reset();
        /* a failure may be survived (libcsv retries a smaller block): then the result is whole */
        if (st == VL_OK) {
            assert_int_equal(records, 3);
        } else {
            if (st != VL_ERR_NOMEM)
                fail_msg("allocation %ld failed: status %d", n, (int)st);
            assert_non_null(strstr(vl_ctx_errmsg(ctx), "out of memory"));
        }
        vl_ctx_destroy(ctx);
        if (!failed)
            break;
        assert_true(n < 10000);
    }
}

/* Fields much larger than libcsv's growth block (64 KiB, set by the reader) come back byte for
 * byte, quoted or not, across lines, with doubled quotes; the next record is intact. */
static void test_big_fields(void **state)
{
    (void)state;
    static const size_t sizes[] = {65535, 65536, 65537, 200003, 700001};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t n = sizes[c];
        char *field = malloc(n + 1);
        char *text = malloc(2 * n + 64);
        assert_non_null(field);
        assert_non_null(text);
        uint32_t x = 2463534242u + (uint32_t)c;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift: no run of one byte */
            static const char alphabet[] = "abcXYZ019 ;.\"\n-_";
            field[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        field[n] = '\0';
        size_t len = (size_t)snprintf(text, 64, "a,b\n1,\"");
        for (size_t i = 0; i < n; i++) {
            if (field[i] == '"')
                text[len++] = '"';
            text[len++] = field[i];
        }
        snprintf(text + len, 64, "\"\n2,3\n");
        vl_ctx *ctx;
        assert_int_equal(vl_ctx_create(&ctx), VL_OK);
        vl_csv_reader *r = open_text(ctx, text, VL_OK);
        const vl_csv_record *rec;
        assert_int_equal(vl_csv_next(r, &rec), VL_OK);
        assert_non_null(rec);
        assert_null(rec->problem);
        assert_int_equal(rec->n, 2);
        assert_string_equal(rec->fields[0], "1");
        assert_int_equal(strlen(rec->fields[1]), n);
        assert_memory_equal(rec->fields[1], field, n);
        assert_int_equal(vl_csv_next(r, &rec), VL_OK);
        assert_non_null(rec);
        assert_string_equal(rec->fields[1], "3");
        assert_int_equal(vl_csv_next(r, &rec), VL_OK);
        assert_null(rec);
        vl_csv_close(r);
        vl_ctx_destroy(ctx);
        free(text);
        free(field);
    }
}

static void test_writer_round_trip(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    static const char *const rows[][4] = {
        {"id", "text", "list", "empty"},
        {"1", "a, b", "x;y", ""},
        {"2", "say \"hi\"", " lead", "trail "},
        {"3", "two\nlines", "tab\there", "Đường 5"},
    };
    const char *path = vt_tmpfile("w.csv");
    vl_csv_writer *w;
    assert_int_equal(vl_csv_writer_open(ctx, path, VL_CSV_BOM, &w), VL_OK);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(vl_csv_write_row(w, 4, rows[i]), VL_OK);
    assert_int_equal(vl_csv_writer_close(ctx, w), VL_OK);
    vl_csv_reader *r;
    assert_int_equal(vl_csv_open(ctx, path, &r), VL_OK);
    assert_int_equal(vl_csv_delimiter(r), ',');
    for (size_t i = 1; i < 4; i++) {
        const vl_csv_record *rec;
        assert_int_equal(vl_csv_next(r, &rec), VL_OK);
        assert_non_null(rec);
        assert_int_equal(rec->n, 4);
        for (size_t k = 0; k < 4; k++)
            assert_string_equal(rec->fields[k], rows[i][k]);
    }
    vl_csv_close(r);
    assert_int_equal(vl_csv_writer_close(ctx, NULL), VL_OK);
    vl_ctx_destroy(ctx);
}

static void test_split_list(void **state)
{
    (void)state;
    char cell[] = " Hàn điện ; ;đọc bản vẽ;  ";
    char *items[4];
    assert_int_equal(vl_csv_split_list(cell, items, 4), 2);
    assert_string_equal(items[0], "Hàn điện");
    assert_string_equal(items[1], "đọc bản vẽ");
    char many[] = "a;b;c;d;e";
    assert_int_equal(vl_csv_split_list(many, items, 4), 4);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_quoting_and_lines),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_encoding_problems),
        cmocka_unit_test(test_excel_separators),
        cmocka_unit_test(test_big_fields),
        cmocka_unit_test(test_writer_round_trip),
        cmocka_unit_test(test_split_list),
        cmocka_unit_test(test_failure_after_nfc_record),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
