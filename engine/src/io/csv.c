/*
 * csv.c - streaming CSV reader and writer over libcsv (included here only).
 *
 * The reader feeds libcsv one physical line at a time, so every record knows the line it
 * started on and memory holds one record (at most VL_CSV_RECORD_MAX bytes) whatever the file
 * size. Encoding problems are diagnosed by name: a UTF-16 byte order mark or NUL bytes mean
 * UTF-16; invalid UTF-8 with Latin-range bytes most likely means Windows-1258 (Vietnamese ANSI).
 */
#include "io/csv.h"

#include <vieclam/output.h>

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VL_CSV_RECORD_MAX (1u << 20)
/* More fields than any import contract has columns by far; past it a file is not one of ours
 * (and the importer's per-column work must stay bounded: 100,000 columns took 40 s). */
#define VL_CSV_FIELDS_MAX 1000u

struct vl_csv_reader {
    vl_ctx *ctx;
    char *path;
    vl__file_id guard; /* no output replaces the file while it is read */
    FILE *f;
    struct csv_parser p;
    char delim;
    size_t size, offset;
    size_t line;        /* physical lines read */
    size_t record_line; /* line where the pending record started */
    char *linebuf;
    size_t linecap;
    /* header */
    size_t ncols;
    char **cols;  /* the header's names, lower-cased for matching */
    char **shown; /* the same as the file writes them, for messages and a rejects file */
    bool bom;     /* the file starts with a UTF-8 byte order mark */
    /* the record being assembled */
    vl_buf text;  /* field bytes, each NUL-terminated */
    size_t *offs; /* field start offsets into text */
    size_t nfields, capfields;
    const char **fields;
    char **nfc;   /* NFC copies of the current record's fields (or NULL), freed per record */
    size_t n_nfc; /* valid entries of nfc: set only by finish_record, cleared by free_nfc */
    vl_buf raw;
    bool complete;
    bool eof, failed;
    bool oom;      /* an allocation failed while assembling or finishing a record: fatal */
    bool too_many; /* a record has more than VL_CSV_FIELDS_MAX fields: fatal */
    char problem[512];
    vl_csv_record rec;
};

static void on_field(void *s, size_t len, void *data)
{
    vl_csv_reader *r = data;
    if (r->nfields >= VL_CSV_FIELDS_MAX) {
        r->too_many = true;
        return;
    }
    if (r->nfields == r->capfields) {
        size_t cap = r->capfields ? 2 * r->capfields : 32;
        size_t *o = vl__realloc(r->offs, cap * sizeof *o);
        if (!o) {
            r->oom = true;
            return;
        }
        r->offs = o;
        r->capfields = cap;
    }
    r->offs[r->nfields++] = r->text.len;
    if (!vl_buf_append(&r->text, s ? s : "", s ? len : 0) || !vl_buf_append(&r->text, "", 1))
        r->oom = true;
}

static void on_record(int c, void *data)
{
    (void)c;
    vl_csv_reader *r = data;
    r->complete = true;
}

static int is_space(unsigned char c)
{
    return c == ' ';
}

static int is_term(unsigned char c)
{
    return c == '\n' || c == '\r';
}

static bool parser_init(vl_csv_reader *r)
{
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return false;
    csv_set_realloc_func(&r->p, vl__realloc);
    csv_set_free_func(&r->p, vl__free);
    csv_set_delim(&r->p, (unsigned char)r->delim);
    csv_set_space_func(&r->p, is_space);
    csv_set_term_func(&r->p, is_term);
    /* libcsv grows its field buffer by a fixed block (128 bytes by default), so a field of n bytes
     * costs n / 128 reallocations and copies: quadratic. 64 KiB blocks keep a field of the largest
     * record (VL_CSV_RECORD_MAX) at 16 growths for 64 KiB held per reader. */
    csv_set_blk_size(&r->p, 64 * 1024);
    return true;
}

static char sniff_delimiter(const char *line, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool q = false;
    for (size_t i = 0; i < len; i++) {
        char c = line[i];
        if (c == '"')
            q = !q;
        else if (!q && c == ',')
            comma++;
        else if (!q && c == ';')
            semi++;
        else if (!q && c == '\t')
            tab++;
    }
    if (tab > comma && tab >= semi)
        return '\t';
    if (semi > comma)
        return ';';
    return ',';
}

/* Names the encoding problem of an invalid UTF-8 byte sequence. */
static const char *encoding_hint(const unsigned char *s, size_t len)
{
    bool high = false;
    for (size_t i = 0; i < len; i++)
        if (s[i] >= 0x80)
            high = true;
    return high ? N_("the file is not UTF-8; it looks like Windows-1258 (Vietnamese ANSI) or "
                     "another 8-bit code page: save it as UTF-8")
                : N_("the file is not UTF-8");
}

/*
 * Frees the NFC copies of the last finished record. n_nfc, not nfields, bounds the loop: a
 * record that fails part-way has counted fields that were never normalised (and nfields may
 * then exceed the nfc array), and each slot is freed exactly once because n_nfc drops to 0.
 */
static void free_nfc(vl_csv_reader *r)
{
    for (size_t i = 0; i < r->n_nfc; i++) {
        vl__free(r->nfc[i]);
        r->nfc[i] = NULL;
    }
    r->n_nfc = 0;
}

static void reset_record(vl_csv_reader *r)
{
    free_nfc(r);
    r->text.len = 0;
    r->nfields = 0;
    r->raw.len = 0;
    if (r->raw.data)
        r->raw.data[0] = '\0';
    r->complete = false;
    r->problem[0] = '\0';
}

/*
 * Reads one physical line into r->linebuf; returns its length, -1 at EOF, -2 out of memory
 * (getline allocates with malloc, so the fail point stands in for it in tests).
 */
static ssize_t read_line(vl_csv_reader *r)
{
    if (vl__alloc_fail_point())
        return -2;
    errno = 0;
    ssize_t n = getline(&r->linebuf, &r->linecap, r->f);
    if (n < 0)
        return errno == ENOMEM ? -2 : -1;
    r->line++;
    r->offset += (size_t)n;
    return n;
}

/* Whether a cell holds nothing but spaces and tabs. */
static bool blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

static const char *colname(const vl_csv_reader *r, size_t i)
{
    return i < r->ncols ? r->cols[i] : vl__tr(r->ctx, "(extra)");
}

/*
 * Assembles the next complete record. Returns 1 when one is ready, 0 at EOF, -1 on a fatal
 * problem (message already on ctx).
 */
static int assemble(vl_csv_reader *r)
{
    reset_record(r);
    r->record_line = 0;
    for (;;) {
        ssize_t n = read_line(r);
        if (n == -2) {
            vl__error(r->ctx, VL_ERR_NOMEM, "%s: out of memory reading line %zu", r->path,
                      r->line + 1);
            return -1;
        }
        if (n < 0) {
            if (ferror(r->f)) {
                vl__error(r->ctx, VL_ERR_IO, "%s: read error: %s", r->path, strerror(errno));
                return -1;
            }
            r->eof = true;
            int fini = csv_fini(&r->p, on_field, on_record, r);
            if (r->oom) {
                vl__error(r->ctx, VL_ERR_NOMEM, "%s: out of memory", r->path);
                return -1;
            }
            if (fini != 0) {
                size_t l = r->record_line ? r->record_line : r->line;
                vl__diag(r->ctx, "%s:%zu: a quoted field opened here is never closed", r->path, l);
                vl__error(r->ctx, VL_ERR_INVALID,
                          "%s:%zu: a quoted field opened here is never closed", r->path, l);
                return -1;
            }
            return r->complete || r->nfields ? (r->complete = true, 1) : 0;
        }
        const char *line = r->linebuf;
        bool at_start = r->record_line == 0;
        if (at_start) {
            /* blank lines between records are skipped */
            size_t k = 0;
            while (k < (size_t)n && (line[k] == '\r' || line[k] == '\n'))
                k++;
            if (k == (size_t)n)
                continue;
            r->record_line = r->line;
        }
        const char *nul = memchr(line, '\0', (size_t)n);
        if (nul) {
            /* UTF-16 puts a NUL beside every ASCII character; one NUL in UTF-8 text is damage */
            size_t nuls = 0;
            for (ssize_t k = 0; k < n; k++)
                nuls += line[k] == '\0';
            bool utf16 = nuls * 4 >= (size_t)n;
            char why[512]; /* room for the translation's diacritics */
            if (utf16)
                snprintf(why, sizeof why, "%s",
                         vl__tr(r->ctx, "NUL bytes in the text: the file looks like UTF-16; "
                                        "save it as UTF-8"));
            else
                snprintf(why, sizeof why,
                         vl__tr(r->ctx, "a NUL byte (0x00) at byte %zu of the line: the file is "
                                        "damaged or is not a text file"),
                         (size_t)(nul - line) + 1);
            vl__diag(r->ctx, "%s:%zu: %s", r->path, r->line, why);
            vl__error(r->ctx, VL_ERR_INVALID, "%s:%zu: %s", r->path, r->line, why);
            return -1;
        }
        if (r->raw.len + (size_t)n > VL_CSV_RECORD_MAX) {
            /* only a record with a quote in it can run on because a quote was left open */
            bool quoted = memchr(r->raw.data ? r->raw.data : "", '"', r->raw.len) ||
                          memchr(line, '"', (size_t)n);
            char why[512];
            snprintf(why, sizeof why, vl__tr(r->ctx, "a record runs past %u bytes: %s"),
                     VL_CSV_RECORD_MAX,
                     quoted ? vl__tr(r->ctx, "a quote is probably never closed")
                            : vl__tr(r->ctx, "a line or field is far too long for this file"));
            vl__diag(r->ctx, "%s:%zu: %s", r->path, r->record_line, why);
            vl__error(r->ctx, VL_ERR_INVALID, "%s:%zu: %s", r->path, r->record_line, why);
            return -1;
        }
        if (!vl_buf_append(&r->raw, line, (size_t)n))
            r->oom = true;
        size_t used = csv_parse(&r->p, line, (size_t)n, on_field, on_record, r);
        if (r->oom || (used != (size_t)n && csv_error(&r->p) == CSV_ENOMEM)) {
            vl__error(r->ctx, VL_ERR_NOMEM, "%s: out of memory reading line %zu", r->path, r->line);
            return -1;
        }
        if (r->too_many) {
            vl__diag(r->ctx, "%s:%zu: more than %u columns: not a file vieclam reads", r->path,
                     r->record_line, VL_CSV_FIELDS_MAX);
            vl__error(r->ctx, VL_ERR_INVALID,
                      "%s:%zu: more than %u columns: not a file vieclam reads", r->path,
                      r->record_line, VL_CSV_FIELDS_MAX);
            return -1;
        }
        if (used != (size_t)n) {
            /* malformed quoting: this record is bad; start the next one afresh */
            snprintf(r->problem, sizeof r->problem, "%s",
                     vl__tr(r->ctx, "malformed quoting (a quote inside an unquoted field, or "
                                    "text after a closing quote)"));
            csv_free(&r->p);
            if (!parser_init(r)) {
                vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
                return -1;
            }
            r->complete = true;
            return 1;
        }
        if (r->complete)
            return 1;
    }
}

/* Validates and NFC-normalises the fields of a complete record; sets r->problem on failure. */
static void finish_record(vl_csv_reader *r)
{
    free_nfc(r);
    if (r->nfields > r->capfields)
        return;
    size_t n = r->nfields ? r->nfields : 1;
    const char **fields = vl__realloc(r->fields, n * sizeof *fields);
    if (fields)
        r->fields = fields;
    char **nfc = fields ? vl__realloc(r->nfc, n * sizeof *nfc) : NULL;
    if (nfc)
        r->nfc = nfc;
    if (!fields || !nfc) {
        r->oom = true;
        r->nfields = 0; /* fields is too short for the record: present it empty */
        return;
    }
    for (size_t i = 0; i < r->nfields; i++)
        r->nfc[i] = NULL;
    r->n_nfc = r->nfields;
    for (size_t i = 0; i < r->nfields; i++) {
        char *s = r->text.data + r->offs[i];
        r->fields[i] = s;
        size_t len = strlen(s), bad = 0;
        bool ascii = true;
        for (size_t k = 0; k < len; k++)
            if ((unsigned char)s[k] >= 0x80) {
                ascii = false;
                break;
            }
        if (ascii)
            continue;
        /* every field is checked: the record's problem names the first bad one, and a later
         * one must not reach normalisation, which fails on it (read as out of memory) */
        if (!vl_text_valid_utf8(s, len, &bad)) {
            /* in the header no column has a name yet: the line is the header's */
            if (!r->problem[0] && !r->cols)
                snprintf(r->problem, sizeof r->problem,
                         vl__tr(r->ctx, "invalid UTF-8 byte 0x%02X: %s"), (unsigned char)s[bad],
                         vl__tr(r->ctx, encoding_hint((const unsigned char *)s, len)));
            else if (!r->problem[0])
                snprintf(r->problem, sizeof r->problem,
                         vl__tr(r->ctx, "column %s: invalid UTF-8 byte 0x%02X: %s"), colname(r, i),
                         (unsigned char)s[bad],
                         vl__tr(r->ctx, encoding_hint((const unsigned char *)s, len)));
            continue;
        }
        r->nfc[i] = vl_text_nfc(s);
        if (r->nfc[i])
            r->fields[i] = r->nfc[i];
        else
            r->oom = true;
    }
}

vl_status vl_csv_open(vl_ctx *ctx, const char *path, vl_csv_reader **out)
{
    assert(path && out);
    *out = NULL;
    vl_csv_reader *r = vl__calloc(1, sizeof *r);
    if (!r)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    r->ctx = ctx;
    r->path = vl__strdup(path);
    if (!r->path) {
        vl__free(r);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl__guard_on(path, &r->guard);
    r->f = fopen(path, "rb");
    if (!r->f) {
        vl_status st = vl__error(ctx, VL_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        vl_csv_close(r);
        return st;
    }
    struct stat sb;
    bool stated = fstat(fileno(r->f), &sb) == 0;
    if (stated)
        r->size = (size_t)sb.st_size;
    if (stated && S_ISDIR(sb.st_mode)) {
        vl_status st = vl__error(ctx, VL_ERR_IO, "%s: a folder, not a file", path);
        vl_csv_close(r);
        return st;
    }
    unsigned char head[4] = {0};
    size_t got = fread(head, 1, sizeof head, r->f);
    vl_status st = VL_OK;
    /* the OLE2 signature: Excel 97-2003's .xls, or an .xlsx saved with a password (encrypted);
     * its NUL bytes would otherwise read as UTF-16 */
    if (got == 4 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0) {
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%s: an Excel 97-2003 workbook (.xls) or a workbook protected by a "
                       "password: open it in Excel and save it as an Excel workbook (.xlsx) "
                       "without a password, or as CSV UTF-8",
                       path);
        goto fail;
    }
    if (got >= 4 && ((head[0] == 0xFF && head[1] == 0xFE && !head[2] && !head[3]) ||
                     (!head[0] && !head[1] && head[2] == 0xFE && head[3] == 0xFF))) {
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%s:1: the file is UTF-32 (%s byte order mark); save it as UTF-8", path,
                       head[0] == 0xFF ? "little-endian" : "big-endian");
        goto fail;
    }
    if (got >= 2 &&
        ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) {
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%s:1: the file is UTF-16 (%s byte order mark); save it as UTF-8", path,
                       head[0] == 0xFF ? "little-endian" : "big-endian");
        goto fail;
    }
    size_t skip = (got >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) ? 3 : 0;
    if (fseek(r->f, (long)skip, SEEK_SET) != 0) {
        st = vl__error(ctx, VL_ERR_IO, "%s: cannot seek: %s", path, strerror(errno));
        goto fail;
    }
    r->offset = skip;
    r->bom = skip == 3;
    /* sniff the delimiter from the first non-blank line, then rewind to parse it properly */
    long start = ftell(r->f);
    ssize_t n;
    do {
        n = getline(&r->linebuf, &r->linecap, r->f);
    } while (n > 0 && strspn(r->linebuf, "\r\n") == (size_t)n);
    if (n <= 0) {
        st = vl__error(ctx, VL_ERR_INVALID, "%s: the file is empty (no header row)", path);
        goto fail;
    }
    /* a CR with no LF after it inside the first line: the whole file is one "line" of classic
     * Mac line ends, which would otherwise read as a header of thousands of columns */
    const char *cr = memchr(r->linebuf, '\r', (size_t)n);
    if (cr && cr + 1 < r->linebuf + n && cr[1] != '\n') {
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%s:1: the lines end with a carriage return only (old Mac format); save "
                       "the file with Windows (CR LF) or Unix (LF) line ends",
                       path);
        goto fail;
    }
    r->delim = sniff_delimiter(r->linebuf, (size_t)n);
    fseek(r->f, start, SEEK_SET);
    if (!parser_init(r)) {
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        goto fail;
    }
    int a = assemble(r);
    if (a < 0) {
        st = vl_ctx_status(ctx) != VL_OK ? vl_ctx_status(ctx) : VL_ERR_INVALID;
        goto fail;
    }
    if (a == 0) {
        st = vl__error(ctx, VL_ERR_INVALID, "%s: the file is empty (no header row)", path);
        goto fail;
    }
    finish_record(r);
    if (r->oom) {
        st = vl__error(ctx, VL_ERR_NOMEM, "%s: out of memory", path);
        goto fail;
    }
    if (r->problem[0]) {
        st = vl__error(ctx, VL_ERR_INVALID, "%s:%zu: header: %s", path, r->record_line, r->problem);
        goto fail;
    }
    /* Excel saves the separators of columns it once had ("id;name;;"): trailing empty names
     * are no columns, and the rows' empty cells under them are dropped (vl_csv_next) */
    while (r->nfields > 1 && blank(r->fields[r->nfields - 1]))
        r->nfields--;
    r->cols = vl__calloc(r->nfields ? r->nfields : 1, sizeof *r->cols);
    r->shown = vl__calloc(r->nfields ? r->nfields : 1, sizeof *r->shown);
    if (!r->cols || !r->shown) {
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        goto fail;
    }
    r->ncols = r->nfields; /* only now: vl_csv_close frees ncols names */
    for (size_t i = 0; i < r->ncols; i++) {
        char *c = vl__strdup(r->fields[i]);
        r->shown[i] = vl__strdup(r->fields[i]);
        if (!c || !r->shown[i]) {
            vl__free(c);
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            goto fail;
        }
        for (char *p = c; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        r->cols[i] = c;
    }
    *out = r;
    return VL_OK;
fail:
    vl_csv_close(r);
    return st;
}

void vl_csv_close(vl_csv_reader *r)
{
    if (!r)
        return;
    free_nfc(r);
    r->nfields = 0;
    if (r->f)
        fclose(r->f);
    csv_free(&r->p);
    for (size_t i = 0; i < r->ncols; i++) {
        vl__free(r->cols[i]);
        if (r->shown)
            vl__free(r->shown[i]);
    }
    vl__free(r->cols);
    vl__free(r->shown);
    vl__guard_off(&r->guard);
    vl__free(r->path);
    vl__free(r->linebuf);
    vl_buf_free(&r->text);
    vl_buf_free(&r->raw);
    vl__free(r->offs);
    vl__free(r->fields);
    vl__free(r->nfc);
    vl__free(r);
}

size_t vl_csv_ncols(const vl_csv_reader *r)
{
    return r->ncols;
}

const char *vl_csv_colname(const vl_csv_reader *r, size_t i)
{
    return i < r->ncols ? r->cols[i] : NULL;
}

long vl_csv_find(const vl_csv_reader *r, const char *name)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (strcmp(r->cols[i], name) == 0)
            return (long)i;
    return -1;
}

char vl_csv_delimiter(const vl_csv_reader *r)
{
    return r->delim;
}

bool vl_csv_bom(const vl_csv_reader *r)
{
    return r->bom;
}

const char *vl_csv_colname_shown(const vl_csv_reader *r, size_t i)
{
    return i < r->ncols ? r->shown[i] : NULL;
}

const char *vl_csv_path(const vl_csv_reader *r)
{
    return r->path;
}

size_t vl_csv_offset(const vl_csv_reader *r)
{
    return r->offset;
}

size_t vl_csv_size(const vl_csv_reader *r)
{
    return r->size;
}

vl_status vl_csv_next(vl_csv_reader *r, const vl_csv_record **rec)
{
    assert(r && rec);
    *rec = NULL;
    for (;;) {
        if (r->failed || (r->eof && !r->complete))
            return r->failed ? vl_ctx_status(r->ctx) : VL_OK;
        if (r->eof) {
            r->complete = false;
            return VL_OK;
        }
        int a = assemble(r);
        if (a < 0) {
            r->failed = true;
            return vl_ctx_status(r->ctx) != VL_OK ? vl_ctx_status(r->ctx) : VL_ERR_INVALID;
        }
        if (a == 0)
            return VL_OK;
        finish_record(r);
        if (r->oom) {
            r->failed = true;
            return vl__error(r->ctx, VL_ERR_NOMEM, "%s: out of memory", r->path);
        }
        /* cells past the header's columns that are empty were never data (trailing
         * separators); a row of separators only is a blank line, skipped like one */
        size_t used = r->nfields;
        while (used > r->ncols && blank(r->fields[used - 1]))
            used--;
        bool filled = false;
        for (size_t i = 0; i < used && !filled; i++)
            filled = !blank(r->fields[i]);
        if (r->problem[0] || filled) {
            r->nfields = used;
            break;
        }
    }
    r->rec.n = r->nfields;
    r->rec.fields = r->fields;
    r->rec.line = r->record_line;
    r->rec.raw = r->raw.data ? r->raw.data : "";
    r->rec.problem = r->problem[0] ? r->problem : NULL;
    if (r->rec.problem)
        vl__diag(r->ctx, "%s:%zu: %s", r->path, r->rec.line, r->rec.problem);
    *rec = &r->rec;
    if (r->eof)
        r->complete = false;
    return VL_OK;
}

/* ---- writer -------------------------------------------------------------------------------- */

struct vl_csv_writer {
    FILE *f;
    vl_output *out; /* NULL for a wrapped stream */
    bool error;
    char sep; /* ',' or, for Vietnamese Excel (VL_CSV_SEMICOLON), ';' */
};

vl_status vl_csv_writer_open(vl_ctx *ctx, const char *path, unsigned flags, vl_csv_writer **out)
{
    *out = NULL;
    vl_csv_writer *w = vl__calloc(1, sizeof *w);
    if (!w)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    w->sep = (flags & VL_CSV_SEMICOLON) ? ';' : ',';
    vl_status st = vl_output_open(ctx, path, flags & ~(VL_CSV_BOM | VL_CSV_SEMICOLON), &w->out);
    if (st != VL_OK) {
        vl__free(w);
        return st;
    }
    w->f = vl_output_stream(w->out);
    if ((flags & VL_CSV_BOM) && fwrite("\xEF\xBB\xBF", 1, 3, w->f) != 3)
        w->error = true;
    *out = w;
    return VL_OK;
}

vl_csv_writer *vl_csv_writer_stream(FILE *f)
{
    vl_csv_writer *w = vl__calloc(1, sizeof *w);
    if (w)
        w->f = f;
    return w;
}

vl_status vl_csv_write_row(vl_csv_writer *w, size_t n, const char *const *cells)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        size_t len = strlen(s);
        if (i && fputc(w->sep ? w->sep : ',', w->f) == EOF)
            w->error = true;
        bool quote = len && (strpbrk(s, ",;\t\"\r\n") || s[0] == ' ' || s[len - 1] == ' ');
        if (quote) {
            if (csv_fwrite(w->f, s, len) != 0)
                w->error = true;
        } else if (len && fwrite(s, 1, len, w->f) != len) {
            w->error = true;
        }
    }
    if (fputs("\r\n", w->f) == EOF)
        w->error = true;
    return w->error ? VL_ERR_IO : VL_OK;
}

vl_status vl_csv_writer_close(vl_ctx *ctx, vl_csv_writer *w)
{
    if (!w)
        return VL_OK;
    vl_status st;
    if (w->out) {
        /* the output's own check catches the stream's errors and names the file */
        st = vl_output_commit(ctx, w->out);
    } else {
        errno = 0;
        bool err = w->error || fflush(w->f) != 0 || ferror(w->f);
        int e = errno;
        st = err ? vl__error(ctx, VL_ERR_IO, "write failed: %s",
                             e ? strerror(e) : "the output did not arrive whole")
                 : VL_OK;
    }
    vl__free(w);
    return st;
}

void vl_csv_writer_discard(vl_csv_writer *w)
{
    if (!w)
        return;
    vl_output_discard(w->out);
    vl__free(w);
}

size_t vl_csv_split_list(char *cell, char **items, size_t max)
{
    size_t n = 0;
    char *p = cell;
    while (p && *p) {
        char *semi = strchr(p, ';');
        if (semi)
            *semi = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        char *e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (*p && n < max)
            items[n++] = p;
        p = semi ? semi + 1 : NULL;
    }
    return n;
}
