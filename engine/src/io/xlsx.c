/*
 * xlsx.c - the workbook writer of xlsx.h on top of libxlsxwriter (included here only).
 *
 * libxlsxwriter formats doubles with the C library while it assembles the XML, mostly inside
 * workbook_close (and, with inline strings, whenever a write starts a new row and the last one
 * is flushed), so every call that can format a number runs under the "C" locale
 * (uselocale(vl__c_locale())) and a vi_VN process still writes "2.5", never "2,5".
 * The workbook is written to a temporary file beside the target and renamed over it only when
 * complete, so a failed or discarded workbook never leaves a half-written or clobbered file.
 * libxlsxwriter prints its failures on standard error, which a library must not: where the
 * system has memory files (Linux's memfd_create), it assembles the workbook in one, and the
 * bytes are copied to the temporary file here, where a failure (a full disk) is an error on the
 * context naming the file and nothing is printed.
 * Invariant: x->status is VL_OK until the first failure, which is also on x->ctx.
 */
#include "io/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include <vieclam/output.h>

#define XLSX_NAME_MAX 31 /* Excel's limit on sheet names, in characters */

struct vl_xlsx_sheet {
    vl_xlsx *x;
    lxw_worksheet *ws;
    char name[XLSX_NAME_MAX * 4 + 32]; /* 31 UTF-8 characters and a " (k)" suffix */
};

struct vl_xlsx_chart {
    vl_xlsx *x;
    lxw_chart *chart;
};

struct vl_xlsx {
    vl_ctx *ctx;
    char *path;      /* the target */
    vl_output *out;  /* the target, written whole or not at all */
    const char *tmp; /* out's temporary file */
    int mem;         /* the memory file libxlsxwriter writes, or -1: it writes tmp */
    char mem_path[40];
    lxw_workbook *wb;
    vl_status status;
    lxw_format **formats; /* index = vl_xlsx_fmt */
    size_t n_formats, cap_formats;
    vl_xlsx_sheet **sheets;
    size_t n_sheets, cap_sheets;
    vl_xlsx_chart **charts;
    size_t n_charts, cap_charts;
};

/* Records the first failure; later ones are ignored so the message names the cause. */
VL_PRINTF(3, 4)
static vl_status fail(vl_xlsx *x, vl_status st, const char *fmt, ...)
{
    if (x->status != VL_OK)
        return x->status;
    va_list ap;
    va_start(ap, fmt);
    x->status = vl__verror(x->ctx, st, fmt, ap);
    va_end(ap);
    return x->status;
}

static vl_status lxw_fail(vl_xlsx *x, lxw_error err, const char *what)
{
    vl_status st = err == LXW_ERROR_MEMORY_MALLOC_FAILED ? VL_ERR_NOMEM : VL_ERR_ARG;
    return fail(x, st, "%s: %s: %s", x->path, what, lxw_strerror(err));
}

static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    void *p = vl__realloc(*arr, n * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = n;
    return true;
}

static bool push_format(vl_xlsx *x, lxw_format *f)
{
    if (!f || !grow((void **)&x->formats, &x->cap_formats, x->n_formats + 1, sizeof *x->formats))
        return false;
    x->formats[x->n_formats++] = f;
    return true;
}

static lxw_format *format_of(vl_xlsx *x, vl_xlsx_fmt fmt)
{
    if (fmt <= 0 || (size_t)fmt >= x->n_formats)
        return NULL; /* General */
    return x->formats[fmt];
}

static lxw_format *new_format(vl_xlsx *x, const char *num_format, bool bold)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f)
        return NULL;
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    return f;
}

/* A memory file that libxlsxwriter opens by the name set in path, or -1 where there is none. */
static int open_memory_file(char *path, size_t size)
{
#ifdef MFD_CLOEXEC
    int fd = memfd_create("vieclam-xlsx", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    snprintf(path, size, "/proc/self/fd/%d", fd);
    if (access(path, W_OK) == 0) /* /proc mounted */
        return fd;
    close(fd);
#else
    (void)path;
    (void)size;
#endif
    return -1;
}

/* The workbook assembled in x->mem into the temporary file; errno when it could not be. */
static int copy_memory_file(vl_xlsx *x)
{
    int to = open(x->tmp, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (to < 0)
        return errno;
    char buf[65536];
    int e = 0;
    for (off_t at = 0; !e;) {
        ssize_t n = pread(x->mem, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? errno : 0;
            break;
        }
        at += n;
        for (ssize_t done = 0; !e && done < n;) {
            ssize_t w = write(to, buf + done, (size_t)(n - done));
            if (w < 0 && errno != EINTR)
                e = errno;
            else if (w > 0)
                done += w;
        }
    }
    if (close(to) != 0 && !e)
        e = errno;
    return e;
}

vl_status vl_xlsx_create(vl_ctx *ctx, const char *path, unsigned flags, vl_xlsx **out)
{
    return vl_xlsx_create_opt(ctx, path, flags, false, out);
}

vl_status vl_xlsx_create_opt(vl_ctx *ctx, const char *path, unsigned flags, bool inline_strings,
                             vl_xlsx **out)
{
    assert(out);
    *out = NULL;
    if (!path || !*path)
        return vl__error(ctx, VL_ERR_ARG, "xlsx: no output path");
    vl_xlsx *x = vl__calloc(1, sizeof *x);
    if (!x)
        return vl__error(ctx, VL_ERR_NOMEM, "xlsx: out of memory");
    x->ctx = ctx;
    x->mem = -1;
    vl_status ost = vl_output_open(ctx, path, flags, &x->out);
    if (ost != VL_OK) {
        vl__free(x);
        return ost;
    }
    x->path = vl__strdup(vl_output_name(x->out));
    x->tmp = vl_output_temp_path(x->out);
    if (!x->path || !x->tmp) {
        bool to_stdout = x->path && !x->tmp;
        vl_output_discard(x->out);
        vl__free(x->path);
        vl__free(x);
        return to_stdout ? vl__error(ctx, VL_ERR_ARG, "xlsx: a workbook cannot go to %s", path)
                         : vl__error(ctx, VL_ERR_NOMEM, "xlsx: out of memory");
    }
    x->mem = open_memory_file(x->mem_path, sizeof x->mem_path);
    locale_t old = uselocale(vl__c_locale());
    lxw_workbook_options wo = {.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE};
    x->wb = workbook_new_opt(x->mem >= 0 ? x->mem_path : x->tmp, &wo);
    uselocale(old);
    if (!x->wb) {
        if (x->mem >= 0)
            close(x->mem);
        vl_output_discard(x->out);
        vl__free(x->path);
        vl__free(x);
        return vl__error(ctx, VL_ERR_NOMEM, "%s: could not start a workbook", path);
    }
    /* A fixed creation time: the same content must give the same bytes (deterministic runs). */
    lxw_doc_properties props = {.created = 946684800}; /* 2000-01-01T00:00:00Z */
    workbook_set_properties(x->wb, &props);

    static const struct {
        const char *num;
        bool bold;
    } builtin[VL_XLSX_FMT_BUILTIN_COUNT] = {
        [VL_XLSX_FMT_DEFAULT] = {NULL, false},    [VL_XLSX_FMT_BOLD] = {NULL, true},
        [VL_XLSX_FMT_INT] = {"0", false},         [VL_XLSX_FMT_DEC1] = {"0.0", false},
        [VL_XLSX_FMT_DEC2] = {"0.00", false},     [VL_XLSX_FMT_THOUSANDS] = {"#,##0", false},
        [VL_XLSX_FMT_PERCENT1] = {"0.0%", false}, [VL_XLSX_FMT_DATE] = {"yyyy-mm-dd", false},
    };
    for (size_t i = 0; i < VL_XLSX_FMT_BUILTIN_COUNT; i++) {
        lxw_format *f =
            i == VL_XLSX_FMT_DEFAULT ? NULL : new_format(x, builtin[i].num, builtin[i].bold);
        if ((i != VL_XLSX_FMT_DEFAULT && !f) ||
            !grow((void **)&x->formats, &x->cap_formats, x->n_formats + 1, sizeof *x->formats)) {
            vl_xlsx_discard(x);
            return vl__error(ctx, VL_ERR_NOMEM, "xlsx: out of memory");
        }
        x->formats[x->n_formats++] = f;
    }
    *out = x;
    return VL_OK;
}

vl_status vl_xlsx_status(const vl_xlsx *x)
{
    return x->status;
}

static void free_handles(vl_xlsx *x)
{
    if (x->mem >= 0)
        close(x->mem);
    for (size_t i = 0; i < x->n_sheets; i++)
        vl__free(x->sheets[i]);
    for (size_t i = 0; i < x->n_charts; i++)
        vl__free(x->charts[i]);
    vl__free(x->sheets);
    vl__free(x->charts);
    vl__free(x->formats);
    vl__free(x->path);
    vl__free(x);
}

vl_status vl_xlsx_close(vl_xlsx *x)
{
    if (!x)
        return VL_OK;
    vl_status st = x->status;
    if (st != VL_OK) {
        vl_xlsx_discard(x);
        return st;
    }
    /* An empty workbook is not valid for Excel; give it one sheet. */
    if (x->n_sheets == 0 && !vl_xlsx_add_sheet(x, "Sheet1")) {
        st = x->status;
        vl_xlsx_discard(x);
        return st;
    }
    locale_t old = uselocale(vl__c_locale());
    errno = 0;
    lxw_error err = workbook_close(x->wb);
    int e = errno;
    uselocale(old);
    if (err != LXW_NO_ERROR) {
        if (err == LXW_ERROR_CREATING_XLSX_FILE || err == LXW_ERROR_CREATING_TMPFILE ||
            err == LXW_ERROR_ZIP_FILE_OPERATION || err == LXW_ERROR_ZIP_FILE_ADD ||
            err == LXW_ERROR_ZIP_CLOSE)
            st = vl__error(x->ctx, VL_ERR_IO, "%s: cannot write the workbook: %s%s%s", x->path,
                           lxw_strerror(err), e ? ": " : "", e ? strerror(e) : "");
        else
            st = vl__error(x->ctx,
                           err == LXW_ERROR_MEMORY_MALLOC_FAILED ? VL_ERR_NOMEM : VL_ERR_INTERNAL,
                           "%s: cannot write the workbook: %s", x->path, lxw_strerror(err));
        vl_output_discard(x->out); /* never leave a truncated workbook behind */
    } else if (x->mem >= 0 && (e = copy_memory_file(x)) != 0) {
        st = vl__error(x->ctx, e == ENOMEM ? VL_ERR_NOMEM : VL_ERR_IO,
                       "%s: cannot write the workbook: %s", x->path, strerror(e));
        vl_output_discard(x->out);
    } else {
        st = vl_output_commit(x->ctx, x->out);
    }
    free_handles(x);
    return st;
}

void vl_xlsx_discard(vl_xlsx *x)
{
    if (!x)
        return;
    /* libxlsxwriter frees a workbook only by writing it: write the temporary file, remove it. */
    if (x->wb) {
        locale_t old = uselocale(vl__c_locale());
        if (x->n_sheets == 0)
            workbook_add_worksheet(x->wb, NULL);
        workbook_close(x->wb);
        uselocale(old);
    }
    vl_output_discard(x->out);
    free_handles(x);
}

vl_xlsx_fmt vl_xlsx_format_add(vl_xlsx *x, const char *num_format, bool bold)
{
    if (x->status != VL_OK)
        return VL_XLSX_FMT_DEFAULT;
    if (!push_format(x, new_format(x, num_format, bold))) {
        fail(x, VL_ERR_NOMEM, "xlsx: out of memory");
        return VL_XLSX_FMT_DEFAULT;
    }
    return (vl_xlsx_fmt)(x->n_formats - 1);
}

/* ---- sheets ------------------------------------------------------------------------------- */

static bool name_taken(const vl_xlsx *x, const char *name)
{
    /* Excel compares sheet names without case; "History" is reserved by Excel itself. */
    if (strcasecmp(name, "History") == 0)
        return true;
    for (size_t i = 0; i < x->n_sheets; i++)
        if (strcasecmp(x->sheets[i]->name, name) == 0)
            return true;
    return false;
}

/* Copies at most max_chars UTF-8 characters of src into dst (bytes dst_size). */
static void utf8_cut(char *dst, size_t dst_size, const char *src, size_t max_chars)
{
    size_t n = 0, chars = 0;
    while (src[n] && chars < max_chars) {
        size_t len = 1;
        while (src[n + len] && ((unsigned char)src[n + len] & 0xC0) == 0x80)
            len++;
        if (n + len + 1 > dst_size)
            break;
        n += len;
        chars++;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void clean_sheet_name(const char *in, char *out, size_t size)
{
    char tmp[512];
    size_t n = 0;
    for (const char *p = in ? in : ""; *p && n + 1 < sizeof tmp; p++) {
        char c = *p;
        if (strchr("[]:*?/\\", c) || (unsigned char)c < 0x20)
            c = '_';
        tmp[n++] = c;
    }
    tmp[n] = '\0';
    char *s = tmp;
    while (*s == '\'')
        s++;
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == '\'')
        s[--len] = '\0';
    if (!*s)
        s = "Sheet";
    utf8_cut(out, size, s, XLSX_NAME_MAX);
    /* a name cut at the limit never ends in a space */
    for (len = strlen(out); len > 1 && out[len - 1] == ' ';)
        out[--len] = '\0';
}

vl_xlsx_sheet *vl_xlsx_add_sheet(vl_xlsx *x, const char *name)
{
    if (x->status != VL_OK)
        return NULL;
    vl_xlsx_sheet *s = vl__calloc(1, sizeof *s);
    if (!s || !grow((void **)&x->sheets, &x->cap_sheets, x->n_sheets + 1, sizeof *x->sheets)) {
        vl__free(s);
        fail(x, VL_ERR_NOMEM, "xlsx: out of memory");
        return NULL;
    }
    s->x = x;
    char base[XLSX_NAME_MAX * 4 + 1];
    clean_sheet_name(name, base, sizeof base);
    snprintf(s->name, sizeof s->name, "%s", base);
    for (unsigned k = 2; name_taken(x, s->name); k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%u)", k);
        char cut[XLSX_NAME_MAX * 4 + 1];
        utf8_cut(cut, sizeof cut, base, XLSX_NAME_MAX - strlen(suffix));
        snprintf(s->name, sizeof s->name, "%s%s", cut, suffix);
    }
    s->ws = workbook_add_worksheet(x->wb, s->name);
    if (!s->ws) {
        vl__free(s);
        fail(x, VL_ERR_ARG, "%s: cannot add a sheet named '%s'", x->path, base);
        return NULL;
    }
    x->sheets[x->n_sheets++] = s;
    return s;
}

const char *vl_xlsx_sheet_name(const vl_xlsx_sheet *s)
{
    return s->name;
}

/* libxlsxwriter's row and column types are 32 and 16 bits; refuse what they cannot hold. */
static vl_status check_cell(vl_xlsx_sheet *s, size_t row, size_t col)
{
    if (s->x->status != VL_OK)
        return s->x->status;
    if (row >= LXW_ROW_MAX || col >= LXW_COL_MAX)
        return fail(s->x, VL_ERR_ARG, "%s: sheet '%s': cell (%zu, %zu) is outside Excel's grid",
                    s->x->path, s->name, row, col);
    return VL_OK;
}

vl_status vl_xlsx_write_string(vl_xlsx_sheet *s, size_t row, size_t col, const char *text,
                               vl_xlsx_fmt fmt)
{
    vl_status st = check_cell(s, row, col);
    if (st != VL_OK)
        return st;
    if (!text || !*text)
        return vl_xlsx_write_blank(s, row, col, fmt);
    if (!vl_text_valid_utf8(text, strlen(text), NULL))
        return fail(s->x, VL_ERR_INVALID, "%s: sheet '%s': cell (%zu, %zu): text is not UTF-8",
                    s->x->path, s->name, row, col);
    locale_t old = uselocale(vl__c_locale()); /* a new row flushes the last one (numbers) */
    lxw_error err =
        worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)col, text, format_of(s->x, fmt));
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "write text");
}

vl_status vl_xlsx_write_number(vl_xlsx_sheet *s, size_t row, size_t col, double value,
                               vl_xlsx_fmt fmt)
{
    vl_status st = check_cell(s, row, col);
    if (st != VL_OK)
        return st;
    if (!isfinite(value))
        return vl_xlsx_write_blank(s, row, col, fmt);
    locale_t old = uselocale(vl__c_locale());
    lxw_error err =
        worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)col, value, format_of(s->x, fmt));
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "write number");
}

vl_status vl_xlsx_write_formula(vl_xlsx_sheet *s, size_t row, size_t col, const char *formula,
                                double value, vl_xlsx_fmt fmt)
{
    vl_status st = check_cell(s, row, col);
    if (st != VL_OK)
        return st;
    locale_t old = uselocale(vl__c_locale());
    lxw_error err = worksheet_write_formula_num(s->ws, (lxw_row_t)row, (lxw_col_t)col, formula,
                                                format_of(s->x, fmt), value);
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "write formula");
}

vl_status vl_xlsx_merge(vl_xlsx_sheet *s, size_t first_row, size_t first_col, size_t last_row,
                        size_t last_col, const char *text, vl_xlsx_fmt fmt)
{
    vl_status st = check_cell(s, last_row, last_col);
    if (st != VL_OK)
        return st;
    locale_t old = uselocale(vl__c_locale());
    lxw_error err =
        worksheet_merge_range(s->ws, (lxw_row_t)first_row, (lxw_col_t)first_col,
                              (lxw_row_t)last_row, (lxw_col_t)last_col, text, format_of(s->x, fmt));
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "merge cells");
}

vl_status vl_xlsx_validate_list(vl_xlsx_sheet *s, size_t first_row, size_t first_col,
                                size_t last_row, size_t last_col, const char *source,
                                const char *title, const char *message)
{
    vl_status st = check_cell(s, last_row, last_col);
    if (st != VL_OK)
        return st;
    lxw_data_validation v = {
        .validate = LXW_VALIDATION_TYPE_LIST_FORMULA,
        .value_formula = (char *)source,
        .error_title = (char *)title,
        .error_message = (char *)message,
        .input_title = (char *)title,
    };
    locale_t old = uselocale(vl__c_locale());
    lxw_error err =
        worksheet_data_validation_range(s->ws, (lxw_row_t)first_row, (lxw_col_t)first_col,
                                        (lxw_row_t)last_row, (lxw_col_t)last_col, &v);
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "data validation");
}

vl_status vl_xlsx_write_date(vl_xlsx_sheet *s, size_t row, size_t col, int32_t yyyymmdd,
                             vl_xlsx_fmt fmt)
{
    vl_status st = check_cell(s, row, col);
    if (st != VL_OK)
        return st;
    lxw_datetime dt = {
        .year = yyyymmdd / 10000, .month = yyyymmdd / 100 % 100, .day = yyyymmdd % 100};
    if (dt.year < 1900 || dt.month < 1 || dt.month > 12 || dt.day < 1 || dt.day > 31)
        return fail(s->x, VL_ERR_ARG, "%s: sheet '%s': cell (%zu, %zu): bad date %d", s->x->path,
                    s->name, row, col, (int)yyyymmdd);
    locale_t old = uselocale(vl__c_locale());
    lxw_error err = worksheet_write_datetime(
        s->ws, (lxw_row_t)row, (lxw_col_t)col, &dt,
        format_of(s->x, fmt == VL_XLSX_FMT_DEFAULT ? VL_XLSX_FMT_DATE : fmt));
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "write date");
}

vl_status vl_xlsx_write_blank(vl_xlsx_sheet *s, size_t row, size_t col, vl_xlsx_fmt fmt)
{
    vl_status st = check_cell(s, row, col);
    if (st != VL_OK)
        return st;
    lxw_format *f = format_of(s->x, fmt);
    if (!f)
        return VL_OK; /* a blank cell without a format is no cell at all */
    locale_t old = uselocale(vl__c_locale());
    lxw_error err = worksheet_write_blank(s->ws, (lxw_row_t)row, (lxw_col_t)col, f);
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "write blank");
}

vl_status vl_xlsx_write_header(vl_xlsx_sheet *s, size_t row, const char *const *names, size_t n,
                               size_t last_row)
{
    for (size_t c = 0; c < n; c++) {
        vl_status st = vl_xlsx_write_string(s, row, c, names[c], VL_XLSX_FMT_BOLD);
        if (st != VL_OK)
            return st;
    }
    if (n == 0)
        return s->x->status;
    vl_status st = vl_xlsx_freeze(s, row + 1, 0);
    if (st != VL_OK)
        return st;
    return vl_xlsx_autofilter(s, row, 0, last_row < row ? row : last_row, n - 1);
}

vl_status vl_xlsx_freeze(vl_xlsx_sheet *s, size_t row, size_t col)
{
    vl_status st = check_cell(s, row, col);
    if (st != VL_OK)
        return st;
    locale_t old = uselocale(vl__c_locale());
    worksheet_freeze_panes(s->ws, (lxw_row_t)row, (lxw_col_t)col);
    uselocale(old);
    return VL_OK;
}

vl_status vl_xlsx_autofilter(vl_xlsx_sheet *s, size_t first_row, size_t first_col, size_t last_row,
                             size_t last_col)
{
    vl_status st = check_cell(s, first_row, first_col);
    if (st == VL_OK)
        st = check_cell(s, last_row, last_col);
    if (st != VL_OK)
        return st;
    locale_t old = uselocale(vl__c_locale());
    lxw_error err = worksheet_autofilter(s->ws, (lxw_row_t)first_row, (lxw_col_t)first_col,
                                         (lxw_row_t)last_row, (lxw_col_t)last_col);
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "autofilter");
}

vl_status vl_xlsx_column_width(vl_xlsx_sheet *s, size_t first_col, size_t last_col, double width,
                               vl_xlsx_fmt fmt)
{
    vl_status st = check_cell(s, 0, first_col);
    if (st == VL_OK)
        st = check_cell(s, 0, last_col);
    if (st != VL_OK)
        return st;
    if (!(width >= 0 && width <= 255))
        return fail(s->x, VL_ERR_ARG, "%s: sheet '%s': column width out of range", s->x->path,
                    s->name);
    locale_t old = uselocale(vl__c_locale());
    lxw_error err = worksheet_set_column(s->ws, (lxw_col_t)first_col, (lxw_col_t)last_col, width,
                                         format_of(s->x, fmt));
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "column width");
}

/* ---- charts ------------------------------------------------------------------------------- */

vl_xlsx_chart *vl_xlsx_chart_line(vl_xlsx *x, const char *title, const char *x_title,
                                  const char *y_title)
{
    if (x->status != VL_OK)
        return NULL;
    vl_xlsx_chart *c = vl__calloc(1, sizeof *c);
    if (!c || !grow((void **)&x->charts, &x->cap_charts, x->n_charts + 1, sizeof *x->charts)) {
        vl__free(c);
        fail(x, VL_ERR_NOMEM, "xlsx: out of memory");
        return NULL;
    }
    c->x = x;
    c->chart = workbook_add_chart(x->wb, LXW_CHART_LINE);
    if (!c->chart) {
        vl__free(c);
        fail(x, VL_ERR_NOMEM, "xlsx: out of memory");
        return NULL;
    }
    if (title && *title)
        chart_title_set_name(c->chart, title);
    if (x_title && *x_title)
        chart_axis_set_name(c->chart->x_axis, x_title);
    if (y_title && *y_title)
        chart_axis_set_name(c->chart->y_axis, y_title);
    chart_legend_set_position(c->chart, LXW_CHART_LEGEND_BOTTOM);
    x->charts[x->n_charts++] = c;
    return c;
}

vl_status vl_xlsx_chart_add_series(vl_xlsx_chart *c, const char *name, const vl_xlsx_sheet *s,
                                   size_t r1, size_t r2, size_t cat_col, size_t val_col,
                                   const vl_xlsx_line_style *style)
{
    vl_xlsx *x = c->x;
    if (x->status != VL_OK)
        return x->status;
    if (s->x != x || r1 > r2 || r2 >= LXW_ROW_MAX || cat_col >= LXW_COL_MAX ||
        val_col >= LXW_COL_MAX)
        return fail(x, VL_ERR_ARG, "%s: chart series '%s': bad range", x->path, name ? name : "");
    lxw_chart_series *ser = chart_add_series(c->chart, NULL, NULL);
    if (!ser)
        return fail(x, VL_ERR_NOMEM, "xlsx: out of memory");
    chart_series_set_categories(ser, s->name, (lxw_row_t)r1, (lxw_col_t)cat_col, (lxw_row_t)r2,
                                (lxw_col_t)cat_col);
    chart_series_set_values(ser, s->name, (lxw_row_t)r1, (lxw_col_t)val_col, (lxw_row_t)r2,
                            (lxw_col_t)val_col);
    if (name && *name)
        chart_series_set_name(ser, name);
    chart_series_set_marker_type(ser, LXW_CHART_MARKER_NONE);
    if (style) {
        lxw_chart_line line = {0};
        line.color = style->rgb ? (lxw_color_t)style->rgb : LXW_COLOR_UNSET;
        line.width = (float)(style->width > 0 ? style->width : 2.25);
        line.dash_type = style->dash == VL_XLSX_DASHED   ? LXW_CHART_LINE_DASH_DASH
                         : style->dash == VL_XLSX_DOTTED ? LXW_CHART_LINE_DASH_ROUND_DOT
                                                         : LXW_CHART_LINE_DASH_SOLID;
        chart_series_set_line(ser, &line);
    }
    return VL_OK;
}

vl_status vl_xlsx_insert_chart(vl_xlsx_sheet *s, size_t row, size_t col, vl_xlsx_chart *c,
                               unsigned width_px, unsigned height_px)
{
    vl_status st = check_cell(s, row, col);
    if (st != VL_OK)
        return st;
    /* Excel's default chart is 480 x 288 pixels; the options scale it. */
    lxw_chart_options opt = {0};
    opt.x_scale = width_px ? width_px / 480.0 : 1.0;
    opt.y_scale = height_px ? height_px / 288.0 : 1.0;
    locale_t old = uselocale(vl__c_locale());
    lxw_error err =
        worksheet_insert_chart_opt(s->ws, (lxw_row_t)row, (lxw_col_t)col, c->chart, &opt);
    uselocale(old);
    return err == LXW_NO_ERROR ? VL_OK : lxw_fail(s->x, err, "insert chart");
}
