/*
 * util.c - CLI helpers: exit codes, error printing, context set-up with progress on a terminal,
 * output files, aligned tables (by display width) and CSV rows.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

vl_status cli_audit(vl_ctx *ctx, vl_db *db, const char *action, const char *kind,
                    const char *record, const char *detail)
{
    char by[128];
    vl_os_user(by, sizeof by);
    vl_audit_entry e = {by, action, kind, record, detail};
    return vl_db_audit_append(ctx, db, &e, 1);
}

/* The command line as one string for the audit row (arguments with spaces are quoted). */
char *cli_command_line(const cli_global *g)
{
    size_t len = 1;
    for (int i = 0; i < g->argc; i++)
        len += strlen(g->argv[i]) * 2 + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    char *p = s;
    for (int i = 0; i < g->argc; i++) {
        const char *a = g->argv[i];
        bool q = !*a || strpbrk(a, " \t'\"") != NULL;
        if (i)
            *p++ = ' ';
        if (q)
            *p++ = '\'';
        for (; *a; a++) {
            if (*a == '\'' && q) {
                memcpy(p, "'\\''", 4);
                p += 4;
                continue;
            }
            *p++ = *a;
        }
        if (q)
            *p++ = '\'';
    }
    *p = '\0';
    return s;
}

int cli_exit_code(vl_status st)
{
    switch (st) {
    case VL_OK:
        return EXIT_OK;
    case VL_ERR_INVALID:
    case VL_ERR_NOTFOUND:
        return EXIT_DATA;
    case VL_ERR_ARG:
        return EXIT_USAGE;
    default:
        return EXIT_FAIL;
    }
}

/* The problems, but the one that is also the error's message (said once, by cli_fail). */
static void print_diags_but(vl_ctx *ctx, const char *but)
{
    size_t nd = vl_ctx_diag_count(ctx);
    for (size_t i = 0; i < nd; i++) {
        const char *d = vl_ctx_diag(ctx, i);
        if (d && but && strcmp(d, but) == 0)
            continue;
        if (!d) {
            fprintf(
                stderr,
                vl_ngettext("... and %zu more problem\n", "... and %zu more problems\n", nd - i),
                nd - i);
            break;
        }
        fprintf(stderr, "%s\n", d);
    }
}

void cli_print_diags(vl_ctx *ctx)
{
    print_diags_but(ctx, NULL);
}

vl_status cli_exit_status(int rc, vl_status st)
{
    if (rc == EXIT_OK)
        return VL_OK;
    if (st != VL_OK)
        return st;
    return rc == EXIT_DATA ? VL_ERR_INVALID : rc == EXIT_USAGE ? VL_ERR_ARG : VL_ERR_IO;
}

int cli_fail(vl_ctx *ctx, vl_status st, const char *what)
{
    const char *msg = vl_ctx_errmsg(ctx);
    const char *d0 = vl_ctx_diag_count(ctx) ? vl_ctx_diag(ctx, 0) : NULL;
    if (msg && *msg && d0 && strcmp(d0, msg) == 0) {
        /* the message is the first problem (a model file's FILE:LINE:COL): said once, first */
        fprintf(stderr, "vieclam: %s: %s\n", what, msg);
        print_diags_but(ctx, msg);
        return cli_exit_code(st);
    }
    print_diags_but(ctx, msg);
    fprintf(stderr, "vieclam: %s: %s\n", what, msg && *msg ? msg : _(vl_strerror(st)));
    return cli_exit_code(st);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "vieclam%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, _(fmt), ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return EXIT_USAGE;
}

static void log_stderr(void *ud, vl_log_level level, const char *msg)
{
    (void)ud;
    static const char *const names[] = {N_("debug"), N_("info"), N_("warning"), N_("error")};
    fprintf(stderr, "vieclam: %s: %s\n", _(names[level]), msg);
}

typedef struct progress_state {
    struct timespec last;
    char stage[64];
} progress_state;

static progress_state progress;

static void progress_tty(void *ud, const char *stage, size_t done, size_t total)
{
    (void)ud;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt = (double)(now.tv_sec - progress.last.tv_sec) +
                (double)(now.tv_nsec - progress.last.tv_nsec) * 1e-9;
    bool new_stage = strncmp(progress.stage, stage, sizeof progress.stage - 1) != 0;
    if (!new_stage && dt < 0.2 && done < total)
        return;
    progress.last = now;
    snprintf(progress.stage, sizeof progress.stage, "%s", stage);
    unsigned pct = total ? (unsigned)(100.0 * (double)done / (double)total) : 100;
    fprintf(stderr, "\r%s: %zu/%zu (%u%%)%s", stage, done, total, pct, done >= total ? "\n" : "");
    fflush(stderr);
}

vl_status cli_db_open(vl_ctx *ctx, const char *path, unsigned flags, const char *province,
                      vl_db **db)
{
    vl_status st = vl_db_open(ctx, path, flags, db);
    if (st == VL_OK && province)
        st = vl_db_set_load_scope_list(ctx, *db, province);
    return st;
}

vl_ctx *cli_ctx(const cli_global *g)
{
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK) {
        fprintf(stderr, "vieclam: %s\n", _("out of memory"));
        return NULL;
    }
    vl_ctx_set_threads(ctx, g->threads);
    vl_ctx_set_log(ctx, log_stderr, NULL, VL_LOG_WARNING);
    if (!g->quiet && isatty(STDERR_FILENO))
        vl_ctx_set_progress(ctx, progress_tty, NULL);
    return ctx;
}

bool cli_parse_format(const char *s, cli_format *out)
{
    if (!s)
        return false;
    if (strcmp(s, "table") == 0)
        *out = FMT_TABLE;
    else if (strcmp(s, "csv") == 0)
        *out = FMT_CSV;
    else if (strcmp(s, "json") == 0)
        *out = FMT_JSON;
    else
        return false;
    return true;
}

/* The form of the CSV a command writes next (--excel, --format xlsx): the command's rows are
 * gathered in memory as CSV and written as a vl_sheet when the output is closed. One output of
 * that kind is open at a time (commands write their files one after the other). */
static struct {
    vl_sheet_format format;
    const char *sheet;
    FILE *mem;
    char *buf;
    size_t len;
    char *path;
} sheet_out;

void cli_sheet_format(vl_sheet_format format, const char *sheet_name)
{
    sheet_out.format = format;
    sheet_out.sheet = sheet_name;
}

bool cli_sheet_xlsx(void)
{
    return sheet_out.format == VL_SHEET_XLSX;
}

FILE *cli_open_out(vl_ctx *ctx, const char *path, vl_output **o)
{
    *o = NULL;
    if (sheet_out.format != VL_SHEET_CSV && !sheet_out.mem) {
        if (sheet_out.format == VL_SHEET_XLSX && (!path || strcmp(path, "-") == 0)) {
            fprintf(stderr, "vieclam: %s\n", _("an Excel workbook needs --out FILE.xlsx"));
            return NULL;
        }
        sheet_out.path = path ? strdup(path) : NULL;
        sheet_out.mem = open_memstream(&sheet_out.buf, &sheet_out.len);
        if (!sheet_out.mem || (path && !sheet_out.path)) {
            if (sheet_out.mem)
                fclose(sheet_out.mem);
            free(sheet_out.buf);
            free(sheet_out.path);
            sheet_out.mem = NULL, sheet_out.buf = NULL, sheet_out.path = NULL;
            fprintf(stderr, "vieclam: %s\n", _("out of memory"));
            return NULL;
        }
        return sheet_out.mem;
    }
    /* results, candidates, forecasts and reports may all name or describe people: 0600 */
    return vl_output_open(ctx, path, VL_OUTPUT_PRIVATE, o) == VL_OK ? vl_output_stream(*o) : NULL;
}

/* Splits the next record of our own CSV (cli_csv_row: quotes doubled, CRLF) in place. */
static size_t csv_split(char **p, char **cells, size_t max)
{
    size_t n = 0;
    char *s = *p, *w = s;
    for (;;) {
        char *start = w;
        if (*s == '"') {
            s++;
            while (*s && !(*s == '"' && s[1] != '"'))
                *w++ = (*s == '"') ? (s += 2, '"') : *s++;
            if (*s == '"')
                s++;
        } else {
            while (*s && *s != ',' && *s != '\r' && *s != '\n')
                *w++ = *s++;
        }
        char end = *s;
        *w++ = '\0';
        if (n < max)
            cells[n++] = start;
        if (end == ',') {
            s++;
            continue;
        }
        if (end == '\r')
            s++;
        if (*s == '\n')
            s++;
        break;
    }
    *p = s;
    return n;
}

vl_status cli_close_out(vl_ctx *ctx, vl_output *o, vl_status st)
{
    if (!o && sheet_out.mem) {
        bool failed = fclose(sheet_out.mem) != 0;
        sheet_out.mem = NULL;
        vl_sheet *sh = NULL;
        if (st == VL_OK && failed)
            st = VL_ERR_NOMEM;
        if (st == VL_OK)
            st = vl_sheet_open(ctx, sheet_out.path, sheet_out.format, sheet_out.sheet,
                               VL_OUTPUT_PRIVATE, &sh);
        char *p = sheet_out.buf;
        const char *cells[256];
        while (st == VL_OK && p && *p) {
            size_t n = csv_split(&p, (char **)cells, 256);
            st = vl_sheet_row(sh, n, cells);
        }
        if (st == VL_OK)
            st = vl_sheet_close(ctx, sh);
        else
            vl_sheet_discard(sh);
        free(sheet_out.buf);
        free(sheet_out.path);
        sheet_out.buf = NULL, sheet_out.path = NULL, sheet_out.len = 0;
        return st;
    }
    if (st != VL_OK) {
        vl_output_discard(o);
        return st;
    }
    return vl_output_commit(ctx, o);
}

/* ---- tables -------------------------------------------------------------------------------- */

struct cli_table {
    size_t ncols, nrows, cap;
    char **cells; /* (nrows + 1) * ncols, row 0 = headers */
    size_t *width;
    bool *numeric;
    bool *shrink; /* may be cut (with "…") to fit the terminal's width */
};

size_t cli_term_width(FILE *f)
{
    const char *c = getenv("COLUMNS");
    if (c && *c) {
        char *end;
        long n = strtol(c, &end, 10);
        if (!*end && n > 0 && n < 10000)
            return (size_t)n;
    }
    struct winsize ws;
    if (f && isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

void cli_table_shrink(cli_table *t, size_t col)
{
    if (t && col < t->ncols)
        t->shrink[col] = true;
}

cli_table *cli_table_new(size_t ncols, const char *const *headers)
{
    cli_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->width = calloc(ncols, sizeof *t->width);
    t->numeric = calloc(ncols, sizeof *t->numeric);
    t->shrink = calloc(ncols, sizeof *t->shrink);
    if (!t->width || !t->numeric || !t->shrink) {
        cli_table_free(t);
        return NULL;
    }
    t->nrows = 0;
    cli_table_row(t, headers);
    return t;
}

void cli_table_numeric(cli_table *t, size_t col, bool numeric)
{
    if (t && col < t->ncols)
        t->numeric[col] = numeric;
}

void cli_table_row(cli_table *t, const char *const *cells)
{
    if (!t)
        return;
    if ((t->nrows + 1) * t->ncols > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64 * t->ncols;
        char **c = realloc(t->cells, cap * sizeof *c);
        if (!c)
            return;
        t->cells = c;
        t->cap = cap;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        const char *s = cells[i] ? cells[i] : "";
        t->cells[t->nrows * t->ncols + i] = strdup(s);
        size_t w = vl_text_width(s);
        if (w > t->width[i])
            t->width[i] = w;
    }
    t->nrows++;
}

/*
 * Narrows the shrinkable columns, the widest first, until the table fits `limit` columns (0 =
 * no limit) or every shrinkable column is down to its header, then to CLI_TABLE_MIN_WIDTH.
 */
#define CLI_TABLE_MIN_WIDTH 6
static void fit(cli_table *t, size_t limit)
{
    size_t total = 2 * (t->ncols - 1);
    for (size_t i = 0; i < t->ncols; i++)
        total += t->width[i];
    /* first down to the headers' widths; when that is not enough, headers are cut too */
    for (int pass = 0; pass < 2; pass++)
        while (limit && total > limit) {
            size_t best = t->ncols;
            for (size_t i = 0; i < t->ncols; i++) {
                size_t floor = pass == 0 ? vl_text_width(t->cells[i]) : 0;
                if (floor < CLI_TABLE_MIN_WIDTH)
                    floor = CLI_TABLE_MIN_WIDTH;
                if (t->shrink[i] && t->width[i] > floor &&
                    (best == t->ncols || t->width[i] > t->width[best]))
                    best = i;
            }
            if (best == t->ncols)
                break;
            t->width[best]--;
            total--;
        }
}

void cli_table_print(cli_table *t, FILE *f)
{
    if (!t)
        return;
    fit(t, cli_term_width(f));
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t i = 0; i < t->ncols; i++) {
            const char *s = t->cells[r * t->ncols + i];
            char cut[1024];
            if (vl_text_width(s) > t->width[i]) { /* cut to width - 1, then the ellipsis */
                vl_text_truncate(s, t->width[i] - 1, cut, sizeof cut - 4);
                strcat(cut, "…");
                s = cut;
            }
            size_t pad = t->width[i] - vl_text_width(s);
            bool last = i + 1 == t->ncols;
            if (t->numeric[i] && r > 0)
                fprintf(f, "%*s%s", (int)pad, "", s);
            else
                fprintf(f, "%s%*s", s, last ? 0 : (int)pad, "");
            if (!last)
                fputs("  ", f);
        }
        fputc('\n', f);
        if (r == 0) {
            for (size_t i = 0; i < t->ncols; i++) {
                for (size_t k = 0; k < t->width[i]; k++)
                    fputc('-', f);
                if (i + 1 < t->ncols)
                    fputs("  ", f);
            }
            fputc('\n', f);
        }
    }
}

void cli_table_free(cli_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->width);
    free(t->numeric);
    free(t->shrink);
    free(t);
}

void cli_csv_row(FILE *f, size_t n, const char *const *cells)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        bool quote =
            strpbrk(s, ",\"\r\n") != NULL || (s[0] == ' ') || (s[0] && s[strlen(s) - 1] == ' ');
        if (i)
            fputc(',', f);
        if (!quote) {
            fputs(s, f);
            continue;
        }
        fputc('"', f);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', f);
            fputc(*p, f);
        }
        fputc('"', f);
    }
    fputs("\r\n", f);
}

/* Writes s as a JSON string literal (NULL as ""). */
char *cli_num(char *buf, size_t size, double v, int decimals)
{
    return vl_format_number(buf, size, v, decimals, NULL);
}

void cli_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

const char *cli_model_path(const char *file, char *buf, size_t size)
{
    const char *dir = getenv("VIECLAM_MODELS");
    if (dir && *dir)
        snprintf(buf, size, "%s/%s", dir, file);
    else
        snprintf(buf, size, "%s/models/%s", vl_datadir(), file);
    return buf;
}

int cli_sheet_options(const char *cmd, const char **format, bool excel, const char *out,
                      const char *sheet_name)
{
    if (*format && strcmp(*format, "xlsx") == 0) {
        if (excel)
            return cli_usage_error(cmd, "--excel and --format xlsx: choose one");
        if (!out || strcmp(out, "-") == 0)
            return cli_usage_error(cmd, "an Excel workbook needs --out FILE.xlsx");
        cli_sheet_format(VL_SHEET_XLSX, sheet_name);
        *format = "csv";
    } else if (excel) {
        if (!*format || strcmp(*format, "csv") != 0)
            return cli_usage_error(cmd, "--excel writes CSV: it goes with --format csv");
        cli_sheet_format(VL_SHEET_EXCEL_CSV, sheet_name);
    }
    return EXIT_OK;
}
