/*
 * xlsx-read.c - the .xlsx reader (see xlsx-read.h): libzip opens the archive, expat parses the
 * parts. The workbook names the sheets (first or --sheet NAME) and their parts (through the
 * relationships), styles say which cell formats are dates, sharedStrings holds the strings. The
 * sheet is read twice, streaming: once for its merged ranges (which come after the cells in
 * the XML), then row by row, the parser suspended after each row so memory holds one row.
 *
 * Bounds (each a named constant below) keep a hostile file from taking the machine: bytes of
 * each part, of one cell and of all merged values, counts of strings, columns, rows, merges.
 * Entity declarations stop the parser (no "billion laughs"); expat never loads external ones.
 */
#include "io/xlsx-read.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define XR_MAX_META    ((zip_uint64_t)64 << 20)  /* workbook, relationships, styles */
#define XR_MAX_SST     ((zip_uint64_t)512 << 20) /* the shared strings part */
#define XR_MAX_SHEET   ((zip_uint64_t)4 << 30)   /* one sheet's XML */
#define XR_MAX_CELL    ((size_t)1 << 20)         /* one cell's text: the CSV record's limit */
#define XR_MAX_STRINGS ((size_t)8 << 20)         /* shared strings */
#define XR_MAX_COLS    16384u                    /* Excel's XFD */
#define XR_MAX_ROWS    1048576u                  /* Excel's last row */
#define XR_MAX_MERGES  ((size_t)1 << 20)         /* merged ranges */
#define XR_MAX_MERGED  ((size_t)64 << 20)        /* bytes of the merged ranges' values */
#define XR_MAX_SHEETS  4096u
#define XR_MAX_HEADER  1000u /* a header's columns: the CSV reader's limit */
#define XR_CHUNK       65536 /* bytes fed to expat at a time */

static const char NS_REL[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

typedef struct xr_cell {
    unsigned col; /* 0-based */
    char *text;
} xr_cell;

typedef struct xr_merge {
    unsigned r0, c0, r1, c1; /* 1-based rows, 0-based columns, inclusive */
    char *value;             /* the top-left cell's text, once read */
} xr_merge;

typedef struct xr_sheet_ref {
    char *name, *rid;
    bool hidden; /* state="hidden" or "veryHidden": a sheet the user does not see */
} xr_sheet_ref;

struct vl_xlsxr {
    vl_ctx *ctx;
    char *path;
    vl__file_id guard; /* no output replaces the file while it is read */
    zip_t *za;
    /* the workbook */
    char *wb_dir; /* "xl/" */
    xr_sheet_ref *sheets;
    size_t n_sheets;
    char *sheet, *sheet_part;
    bool date1904;
    char **sst;
    size_t n_sst;
    bool *xf_date;
    size_t n_xf;
    xr_merge *merges; /* sorted by (r0, c0) */
    size_t n_merges, merged_bytes;
    /* the ranges covering the row last looked up, by first column (they never overlap, so
     * their columns are disjoint): one row's look-ups are a binary search */
    xr_merge **active;
    size_t n_active, next_merge;
    unsigned active_row; /* 0: none yet */
    /* the header */
    char **cols;       /* the header's names, lower-cased for matching */
    char **shown;      /* the same as the sheet writes them */
    unsigned *col_pos; /* sheet column of header field i */
    size_t ncols;
    unsigned first_col, last_col, header_row;
    bool decimal_comma;
    /* streaming the sheet */
    zip_file_t *zf;
    XML_Parser xp;
    char chunk[XR_CHUNK];
    size_t offset, size;
    bool eof, suspended, row_ready;
    int depth_sheetdata;
    /* the cell and row being parsed */
    unsigned row, next_row, col, next_col;
    char type[12];
    long style;
    bool has_f, has_v, in_v, in_is, in_t, in_rph;
    vl_buf text;
    xr_cell *cells;
    size_t n_cells, cap_cells;
    char problem[600];
    bool text_too_long;
    vl_status fail; /* a damaged sheet: set by handlers, ends the parse */
    /* the record handed out */
    char **fields;
    vl_csv_record rec;
};

/* ---- small helpers ----------------------------------------------------------------------------
 */

/* The local part of an expat namespace-qualified name ("uri|local"). */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

static bool ns_is(const char *name, const char *ns, const char *loc)
{
    size_t n = strlen(ns);
    return strncmp(name, ns, n) == 0 && name[n] == '|' && strcmp(name + n + 1, loc) == 0;
}

static const char *attr(const char **atts, const char *loc)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), loc) == 0 && !strchr(atts[i], '|'))
            return atts[i + 1];
    return NULL;
}

static const char *attr_ns(const char **atts, const char *ns, const char *loc)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (ns_is(atts[i], ns, loc))
            return atts[i + 1];
    return NULL;
}

/* "B7" -> column 1, row 7 (either may be absent: returns false when malformed). */
static bool parse_ref(const char *s, unsigned *col, bool *has_col, unsigned *row, bool *has_row)
{
    unsigned c = 0, r = 0;
    size_t i = 0;
    for (; s[i] >= 'A' && s[i] <= 'Z'; i++) {
        c = c * 26 + (unsigned)(s[i] - 'A' + 1);
        if (c > XR_MAX_COLS)
            return false;
    }
    *has_col = i > 0;
    *col = c ? c - 1 : 0;
    size_t j = i;
    for (; s[j] >= '0' && s[j] <= '9'; j++) {
        r = r * 10 + (unsigned)(s[j] - '0');
        if (r > XR_MAX_ROWS)
            return false;
    }
    *has_row = j > i;
    *row = r;
    return s[j] == '\0' && (!*has_row || r >= 1);
}

static void col_letters(unsigned col, char out[8])
{
    char tmp[8];
    size_t n = 0;
    for (unsigned c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* ---- reading a part with expat ------------------------------------------------------------------
 */

typedef struct part_ctx {
    vl_xlsxr *r;
    XML_Parser xp;
    const char *part;
    bool refused; /* an entity declaration */
    bool stopped; /* a bound hit by a handler: message on ctx */
    void *user;
} part_ctx;

static void XMLCALL refuse_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value,
                                  int len, const XML_Char *base, const XML_Char *sys,
                                  const XML_Char *pub, const XML_Char *notation)
{
    (void)name, (void)pe, (void)value, (void)len, (void)base, (void)sys, (void)pub;
    (void)notation;
    part_ctx *pc = ud;
    pc->refused = true;
    XML_StopParser(pc->xp, XML_FALSE);
}

/* expat allocates through the library's hooks (tests make any allocation fail) */
static const XML_Memory_Handling_Suite xml_memory = {vl__malloc, vl__realloc, vl__free};

static XML_Parser new_parser(void)
{
    return XML_ParserCreate_MM(NULL, &xml_memory, "|");
}

static zip_int64_t locate(vl_xlsxr *r, const char *name)
{
    return zip_name_locate(r->za, name, ZIP_FL_NOCASE);
}

/*
 * Parses a whole part with the given handlers (user data: a part_ctx whose `user` the handlers
 * read). A missing optional part is VL_OK with *found false.
 */
static vl_status parse_part(vl_xlsxr *r, const char *name, zip_uint64_t max,
                            XML_StartElementHandler start, XML_EndElementHandler end,
                            XML_CharacterDataHandler text, void *user, bool *found)
{
    zip_int64_t idx = locate(r, name);
    if (found)
        *found = idx >= 0;
    if (idx < 0)
        return found ? VL_OK
                     : vl__error(r->ctx, VL_ERR_INVALID,
                                 "%s: not an Excel workbook (.xlsx): it has no %s", r->path, name);
    zip_stat_t sb;
    if (zip_stat_index(r->za, (zip_uint64_t)idx, 0, &sb) != 0 || !(sb.valid & ZIP_STAT_SIZE))
        return vl__error(r->ctx, VL_ERR_INVALID, "%s: %s cannot be read: the file is damaged",
                         r->path, name);
    if (sb.size > max)
        return vl__error(r->ctx, VL_ERR_INVALID, "%s: %s is larger than %llu MiB", r->path, name,
                         (unsigned long long)(max >> 20));
    /* libzip allocates without hooks: a fail point stands for it */
    zip_file_t *zf = vl__alloc_fail_point() ? NULL : zip_fopen_index(r->za, (zip_uint64_t)idx, 0);
    XML_Parser xp = new_parser();
    if (!zf || !xp) {
        if (zf)
            zip_fclose(zf);
        if (xp)
            XML_ParserFree(xp);
        return zf ? vl__error(r->ctx, VL_ERR_NOMEM, "out of memory")
                  : vl__error(r->ctx, VL_ERR_INVALID, "%s: %s cannot be read: the file is damaged",
                              r->path, name);
    }
    part_ctx pc = {.r = r, .xp = xp, .part = name, .user = user};
    XML_SetUserData(xp, &pc);
    XML_SetElementHandler(xp, start, end);
    if (text)
        XML_SetCharacterDataHandler(xp, text);
    XML_SetEntityDeclHandler(xp, refuse_entity);
    vl_status st = VL_OK;
    zip_uint64_t total = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, r->chunk, sizeof r->chunk);
        if (n < 0) {
            st = vl__error(r->ctx, VL_ERR_INVALID, "%s: %s cannot be read: the file is damaged",
                           r->path, name);
            break;
        }
        total += (zip_uint64_t)n;
        if (total > max) { /* the stored size lied */
            st = vl__error(r->ctx, VL_ERR_INVALID, "%s: %s is larger than %llu MiB", r->path, name,
                           (unsigned long long)(max >> 20));
            break;
        }
        if (XML_Parse(xp, r->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (pc.stopped)
                st = vl_ctx_status(r->ctx) != VL_OK ? vl_ctx_status(r->ctx) : VL_ERR_INVALID;
            else if (pc.refused)
                st = vl__error(r->ctx, VL_ERR_INVALID,
                               "%s: %s declares XML entities, which a workbook never does: "
                               "refused",
                               r->path, name);
            else
                st = vl__error(r->ctx, VL_ERR_INVALID, "%s: %s: line %lu: %s: the file is damaged",
                               r->path, name, (unsigned long)XML_GetCurrentLineNumber(xp),
                               XML_ErrorString(XML_GetErrorCode(xp)));
            break;
        }
        if (n == 0)
            break;
    }
    XML_ParserFree(xp);
    zip_fclose(zf);
    return st;
}

/* A handler hit a bound: record the message and stop the parser. */
static void stop(part_ctx *pc, vl_status st, const char *what)
{
    if (!pc->stopped)
        vl__error(pc->r->ctx, st, "%s: %s: %s", pc->r->path, pc->part, vl__tr(pc->r->ctx, what));
    pc->stopped = true;
    XML_StopParser(pc->xp, XML_FALSE);
}

/* ---- _rels/.rels and the workbook's relationships
 * ------------------------------------------------ */

typedef struct rels_ctx {
    const char *want_id;   /* a relationship by id, or ... */
    const char *want_type; /* ... the first whose Type ends with this */
    char *target;
} rels_ctx;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_ctx *pc = ud;
    rels_ctx *rc = pc->user;
    if (strcmp(local(name), "Relationship") != 0 || rc->target)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (!target)
        return;
    bool hit = rc->want_id
                   ? id && strcmp(id, rc->want_id) == 0
                   : type && strlen(type) >= strlen(rc->want_type) &&
                         strcmp(type + strlen(type) - strlen(rc->want_type), rc->want_type) == 0;
    if (hit && !(rc->target = vl__strdup(target)))
        stop(pc, VL_ERR_NOMEM, "out of memory");
}

/* A relationship's target as a part name: "/xl/a.xml" -> "xl/a.xml", "a.xml" -> dir + "a.xml". */
static char *part_name(const char *dir, const char *target)
{
    vl_buf b = {0};
    if (target[0] == '/')
        vl_buf_puts(&b, target + 1);
    else {
        vl_buf_puts(&b, dir);
        vl_buf_puts(&b, target);
    }
    return b.data;
}

/* ---- the workbook: sheets and the date system
 * ---------------------------------------------------- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_ctx *pc = ud;
    vl_xlsxr *r = pc->r;
    const char *l = local(name);
    if (strcmp(l, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(l, "sheet") == 0) {
        const char *n = attr(atts, "name"), *id = attr_ns(atts, NS_REL, "id"),
                   *state = attr(atts, "state");
        if (!n || !id)
            return;
        if (r->n_sheets >= XR_MAX_SHEETS)
            return stop(pc, VL_ERR_INVALID, "too many sheets");
        xr_sheet_ref *s = vl__realloc(r->sheets, (r->n_sheets + 1) * sizeof *s);
        if (!s)
            return stop(pc, VL_ERR_NOMEM, "out of memory");
        r->sheets = s;
        s[r->n_sheets] =
            (xr_sheet_ref){vl__strdup(n), vl__strdup(id), state && strcmp(state, "visible") != 0};
        if (!s[r->n_sheets].name || !s[r->n_sheets].rid) {
            vl__free(s[r->n_sheets].name);
            vl__free(s[r->n_sheets].rid);
            return stop(pc, VL_ERR_NOMEM, "out of memory");
        }
        r->n_sheets++;
    }
}

/* ---- styles: which cell formats are dates
 * -------------------------------------------------------- */

typedef struct styles_ctx {
    bool in_xfs;
    long *custom_ids; /* custom number formats that are dates */
    size_t n_custom, cap_custom;
} styles_ctx;

/* Excel's built-in date formats (ECMA-376 18.8.30, and the CJK locales' 27-36, 50-58). */
static bool builtin_date(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/*
 * A custom format is a date when, outside quoted text, [..] sections and escaped characters, it
 * has a day or year, or a month without hours and seconds (mm alone after h means minutes).
 */
static bool format_is_date(const char *f)
{
    bool d = false, y = false, m = false, h = false, s = false;
    for (const char *p = f; *p; p++) {
        if (*p == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
        } else if (*p == '[') {
            while (p[1] && p[1] != ']')
                p++;
            if (p[1])
                p++;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (p[1])
                p++;
        } else if (*p == ';') {
            break; /* the first section decides */
        } else {
            char c = (char)(*p | 0x20);
            d |= c == 'd';
            y |= c == 'y';
            m |= c == 'm';
            h |= c == 'h';
            s |= c == 's';
        }
    }
    return d || y || (m && !h && !s);
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_ctx *pc = ud;
    styles_ctx *sc = pc->user;
    vl_xlsxr *r = pc->r;
    const char *l = local(name);
    if (strcmp(l, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code || !format_is_date(code))
            return;
        if (sc->n_custom == sc->cap_custom) {
            size_t cap = sc->cap_custom ? 2 * sc->cap_custom : 16;
            if (cap > 65536)
                return stop(pc, VL_ERR_INVALID, "too many number formats");
            long *c = vl__realloc(sc->custom_ids, cap * sizeof *c);
            if (!c)
                return stop(pc, VL_ERR_NOMEM, "out of memory");
            sc->custom_ids = c;
            sc->cap_custom = cap;
        }
        sc->custom_ids[sc->n_custom++] = strtol(id, NULL, 10);
    } else if (strcmp(l, "cellXfs") == 0) {
        sc->in_xfs = true;
    } else if (strcmp(l, "xf") == 0 && sc->in_xfs) {
        if (r->n_xf >= 65536)
            return stop(pc, VL_ERR_INVALID, "too many cell formats");
        bool *x = vl__realloc(r->xf_date, (r->n_xf + 1) * sizeof *x);
        if (!x)
            return stop(pc, VL_ERR_NOMEM, "out of memory");
        r->xf_date = x;
        const char *id = attr(atts, "numFmtId");
        long fid = id ? strtol(id, NULL, 10) : 0;
        bool date = builtin_date(fid);
        for (size_t i = 0; i < sc->n_custom && !date; i++)
            date = sc->custom_ids[i] == fid;
        r->xf_date[r->n_xf++] = date;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    part_ctx *pc = ud;
    styles_ctx *sc = pc->user;
    if (strcmp(local(name), "cellXfs") == 0)
        sc->in_xfs = false;
}

/* ---- shared strings
 * ------------------------------------------------------------------------------ */

typedef struct sst_ctx {
    bool in_si, in_t, in_rph;
    vl_buf text;
    size_t cap;
} sst_ctx;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    part_ctx *pc = ud;
    sst_ctx *sc = pc->user;
    const char *l = local(name);
    if (strcmp(l, "si") == 0) {
        sc->in_si = true;
        sc->text.len = 0;
    } else if (strcmp(l, "rPh") == 0) {
        sc->in_rph = true; /* phonetic guides: not the cell's text */
    } else if (strcmp(l, "t") == 0 && sc->in_si && !sc->in_rph) {
        sc->in_t = true;
    }
}

/* OOXML escapes characters XML cannot hold as _xHHHH_ ("_x000D_" for a carriage return). */
static void unescape_ooxml(char *s)
{
    char *o = s;
    for (const char *p = s; *p;) {
        unsigned v;
        int used = 0;
        if (p[0] == '_' && p[1] == 'x' && sscanf(p, "_x%4x_%n", &v, &used) == 1 && used == 7) {
            if (v < 0x80) {
                *o++ = (char)v;
                p += 7;
                continue;
            }
        }
        *o++ = *p++;
    }
    *o = '\0';
}

/* The text of a finished string: unescaped and NFC (false when it is not UTF-8: never from expat).
 */
static char *finish_text(const vl_buf *b)
{
    char *raw = vl__strndup(b->data ? b->data : "", b->len);
    if (!raw)
        return NULL;
    unescape_ooxml(raw);
    char *nfc = vl_text_nfc(raw);
    vl__free(raw);
    return nfc;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    part_ctx *pc = ud;
    sst_ctx *sc = pc->user;
    vl_xlsxr *r = pc->r;
    const char *l = local(name);
    if (strcmp(l, "t") == 0) {
        sc->in_t = false;
    } else if (strcmp(l, "rPh") == 0) {
        sc->in_rph = false;
    } else if (strcmp(l, "si") == 0) {
        sc->in_si = false;
        if (r->n_sst >= XR_MAX_STRINGS)
            return stop(pc, VL_ERR_INVALID, "too many shared strings");
        if (r->n_sst == sc->cap) {
            size_t cap = sc->cap ? 2 * sc->cap : 1024;
            char **s = vl__realloc(r->sst, cap * sizeof *s);
            if (!s)
                return stop(pc, VL_ERR_NOMEM, "out of memory");
            r->sst = s;
            sc->cap = cap;
        }
        char *t = finish_text(&sc->text);
        if (!t)
            return stop(pc, VL_ERR_NOMEM, "out of memory");
        r->sst[r->n_sst++] = t;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    part_ctx *pc = ud;
    sst_ctx *sc = pc->user;
    if (!sc->in_t)
        return;
    if (sc->text.len + (size_t)len > XR_MAX_CELL)
        return stop(pc, VL_ERR_INVALID, "a shared string is longer than 1 MiB");
    if (!vl_buf_append(&sc->text, s, (size_t)len))
        stop(pc, VL_ERR_NOMEM, "out of memory");
}

/* ---- merged ranges (first pass over the sheet) --------------------------------------------------
 */

static void XMLCALL merge_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_ctx *pc = ud;
    vl_xlsxr *r = pc->r;
    size_t *cap = pc->user;
    if (strcmp(local(name), "mergeCell") != 0)
        return;
    const char *ref = attr(atts, "ref");
    const char *colon = ref ? strchr(ref, ':') : NULL;
    if (!colon || colon - ref > 12)
        return;
    char a[16];
    snprintf(a, sizeof a, "%.*s", (int)(colon - ref), ref);
    xr_merge m = {0};
    bool hc0, hr0, hc1, hr1;
    if (!parse_ref(a, &m.c0, &hc0, &m.r0, &hr0) ||
        !parse_ref(colon + 1, &m.c1, &hc1, &m.r1, &hr1) || !hc0 || !hr0 || !hc1 || !hr1 ||
        m.r1 < m.r0 || m.c1 < m.c0)
        return; /* a range Excel would not write: ignored rather than guessed */
    if (r->n_merges >= XR_MAX_MERGES)
        return stop(pc, VL_ERR_INVALID, "too many merged cells");
    if (r->n_merges == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        xr_merge *p = vl__realloc(r->merges, c * sizeof *p);
        if (!p)
            return stop(pc, VL_ERR_NOMEM, "out of memory");
        r->merges = p;
        *cap = c;
    }
    r->merges[r->n_merges++] = m;
}

static int cmp_merge(const void *a, const void *b)
{
    const xr_merge *x = a, *y = b;
    if (x->r0 != y->r0)
        return x->r0 < y->r0 ? -1 : 1;
    if (x->c0 != y->c0)
        return x->c0 < y->c0 ? -1 : 1;
    return 0;
}

static int cmp_active(const void *a, const void *b)
{
    const xr_merge *x = *(xr_merge *const *)a, *y = *(xr_merge *const *)b;
    return x->c0 < y->c0 ? -1 : x->c0 > y->c0;
}

/*
 * The merged range covering (row, col), or NULL. Rows come in order: the ranges covering the
 * current row are kept by first column (those ending above it leave, those starting on it join),
 * so a cell costs a binary search however many ranges the sheet has (a scan of every range to
 * the left took minutes on a column of 200,000 merged cells). A row before the last one starts
 * again from the first range.
 */
static xr_merge *merge_at(vl_xlsxr *r, unsigned row, unsigned col)
{
    if (row != r->active_row) {
        if (row < r->active_row) {
            r->n_active = 0;
            r->next_merge = 0;
        }
        size_t k = 0;
        for (size_t i = 0; i < r->n_active; i++)
            if (r->active[i]->r1 >= row)
                r->active[k++] = r->active[i];
        r->n_active = k;
        bool joined = false;
        for (; r->next_merge < r->n_merges && r->merges[r->next_merge].r0 <= row; r->next_merge++)
            if (r->merges[r->next_merge].r1 >= row) {
                r->active[r->n_active++] = &r->merges[r->next_merge];
                joined = true;
            }
        if (joined)
            qsort(r->active, r->n_active, sizeof *r->active, cmp_active);
        r->active_row = row;
    }
    size_t lo = 0, hi = r->n_active;
    while (lo < hi) { /* first range with c0 > col */
        size_t mid = lo + (hi - lo) / 2;
        if (r->active[mid]->c0 <= col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && r->active[lo - 1]->c1 >= col ? r->active[lo - 1] : NULL;
}

/* ---- the sheet's rows (second pass, streaming) --------------------------------------------------
 */

static void cell_problem(vl_xlsxr *r, const char *fmt, ...) VL_PRINTF(2, 3);

static void cell_problem(vl_xlsxr *r, const char *fmt, ...)
{
    if (r->problem[0])
        return; /* the first problem of a row */
    char ref[8];
    col_letters(r->col, ref);
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, vl__tr(r->ctx, fmt), ap);
    va_end(ap);
    snprintf(r->problem, sizeof r->problem, "%s%u: %s", ref, r->row, msg);
}

static void sheet_fail(vl_xlsxr *r, vl_status st, const char *what)
{
    if (r->fail == VL_OK)
        vl__error(r->ctx, st, "%s: %s: %s", r->path, r->sheet, vl__tr(r->ctx, what));
    r->fail = st;
    XML_StopParser(r->xp, XML_FALSE);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), and back (H. Hinnant's algorithms). */
static void civil_from_days(long long z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long yy = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

/*
 * A date serial number as YYYY-MM-DD. 1900 system: 1 = 1900-01-01, and 60 is Excel's 29
 * February 1900, a day that never was (refused); 1904 system: 0 = 1904-01-01. The time of day
 * (the fraction) is dropped.
 */
static bool serial_date(double v, bool date1904, char out[16])
{
    if (!(v >= 0 && v < 2958466)) /* 9999-12-31 */
        return false;
    long long days = (long long)floor(v);
    long long from1970;
    if (date1904)
        from1970 = days - 24107; /* 1904-01-01 is day -24107 */
    else if (days == 60 || days == 0)
        return false;
    else
        from1970 = days - (days > 60 ? 25569 : 25568); /* 1899-12-30 / -31 */
    int y;
    unsigned m, d;
    civil_from_days(from1970, &y, &m, &d);
    snprintf(out, 16, "%04d-%02u-%02u", y % 10000, m % 100, d % 100); /* y < 10000: checked */
    return true;
}

/* A number's shortest text that reads back to the same double ("7500000", "1.5"). */
static void number_text(double v, char *out, size_t size)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        vl_format_fixed(out, size, v, 0);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        vl_format_double(out, size, v, prec);
        double back;
        if (vl_parse_double(out, &back) && back == v)
            return;
    }
}

/* The cell's text by its type (docs: ECMA-376 18.3.1.4 and 18.18.11). */
static char *cell_text(vl_xlsxr *r)
{
    const char *t = r->type;
    const char *v = r->text.data ? r->text.data : "";
    if (strcmp(t, "inlineStr") == 0)
        return finish_text(&r->text);
    if (!r->has_v || !*v) { /* no value, or an empty one (openpyxl writes <v></v>) */
        if (r->has_f)
            cell_problem(r, "a formula without a saved value: open the file in Excel and save "
                            "it again");
        return vl__strdup("");
    }
    if (strcmp(t, "s") == 0) {
        char *end;
        errno = 0;
        unsigned long i = strtoul(v, &end, 10);
        if (!*v || *end || errno || i >= r->n_sst) {
            cell_problem(r, "refers to shared string %s, which the workbook does not have", v);
            return vl__strdup("");
        }
        return vl__strdup(r->sst[i]);
    }
    if (strcmp(t, "str") == 0)
        return finish_text(&r->text);
    if (strcmp(t, "b") == 0)
        return vl__strdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
    if (strcmp(t, "e") == 0) {
        cell_problem(r, "holds the error value %s", v);
        return vl__strdup("");
    }
    if (strcmp(t, "d") == 0) /* an ISO 8601 date cell (rare): its date part */
        return vl__strndup(v, strspn(v, "0123456789-") > 10 ? 10 : strspn(v, "0123456789-"));
    double d;
    if (!vl_parse_double(v, &d)) {
        cell_problem(r, "holds '%s', which is not a number", v);
        return vl__strdup("");
    }
    char buf[40];
    if (r->style >= 0 && (size_t)r->style < r->n_xf && r->xf_date[r->style]) {
        if (!serial_date(d, r->date1904, buf)) {
            cell_problem(r, "holds a date (serial %s) that is not a real calendar date", v);
            return vl__strdup("");
        }
    } else {
        number_text(d, buf, sizeof buf);
        char *dot = r->decimal_comma ? strchr(buf, '.') : NULL;
        if (dot)
            *dot = ',';
    }
    return vl__strdup(buf);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    vl_xlsxr *r = ud;
    const char *l = local(name);
    if (strcmp(l, "sheetData") == 0) {
        r->depth_sheetdata = 1;
    } else if (!r->depth_sheetdata) {
        return;
    } else if (strcmp(l, "row") == 0) {
        const char *ra = attr(atts, "r");
        unsigned row = r->next_row;
        if (ra) {
            char *end;
            unsigned long n = strtoul(ra, &end, 10);
            if (*end || n < 1 || n > XR_MAX_ROWS || n < r->next_row)
                return sheet_fail(r, VL_ERR_INVALID,
                                  "a row number out of order: the file is damaged");
            row = (unsigned)n;
        }
        if (row > XR_MAX_ROWS)
            return sheet_fail(r, VL_ERR_INVALID, "more rows than Excel allows");
        r->row = row;
        r->next_row = row + 1;
        r->next_col = 0;
        r->n_cells = 0;
        r->problem[0] = '\0';
    } else if (strcmp(l, "c") == 0) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        unsigned col = r->next_col, row;
        bool has_col = false, has_row = false;
        if (ref && (!parse_ref(ref, &col, &has_col, &row, &has_row) || !has_col ||
                    (has_row && row != r->row) || col < r->next_col))
            return sheet_fail(r, VL_ERR_INVALID,
                              "a cell reference out of place: the file is damaged");
        if (col >= XR_MAX_COLS)
            return sheet_fail(r, VL_ERR_INVALID, "more columns than Excel allows");
        r->col = col;
        r->next_col = col + 1;
        snprintf(r->type, sizeof r->type, "%s", t ? t : "n");
        r->style = s ? strtol(s, NULL, 10) : 0;
        r->has_f = r->has_v = r->in_v = r->in_is = r->in_t = r->in_rph = false;
        r->text.len = 0;
        r->text_too_long = false;
    } else if (strcmp(l, "v") == 0) {
        r->in_v = r->has_v = true;
    } else if (strcmp(l, "f") == 0) {
        r->has_f = true;
    } else if (strcmp(l, "is") == 0) {
        r->in_is = true;
    } else if (strcmp(l, "rPh") == 0) {
        r->in_rph = true;
    } else if (strcmp(l, "t") == 0 && r->in_is && !r->in_rph) {
        r->in_t = true;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    vl_xlsxr *r = ud;
    if (!r->in_v && !r->in_t)
        return;
    if (r->text.len + (size_t)len > XR_MAX_CELL) {
        r->text_too_long = true;
        return;
    }
    if (!vl_buf_append(&r->text, s, (size_t)len))
        sheet_fail(r, VL_ERR_NOMEM, "out of memory");
}

static void end_cell(vl_xlsxr *r)
{
    if (r->text_too_long) {
        cell_problem(r, "is longer than 1 MiB");
        return;
    }
    if (!vl_buf_append(&r->text, "", 1)) {
        sheet_fail(r, VL_ERR_NOMEM, "out of memory");
        return;
    }
    r->text.len--; /* NUL-terminated, length without it */
    char *text = cell_text(r);
    if (!text) {
        sheet_fail(r, VL_ERR_NOMEM, "out of memory");
        return;
    }
    /* the top-left cell of a merged range gives the range its value */
    xr_merge *m = r->n_merges ? merge_at(r, r->row, r->col) : NULL;
    if (m && m->r0 == r->row && m->c0 == r->col && !m->value && *text) {
        r->merged_bytes += strlen(text) + 1;
        if (r->merged_bytes > XR_MAX_MERGED) {
            vl__free(text);
            sheet_fail(r, VL_ERR_INVALID, "merged cells hold more than 64 MiB of text");
            return;
        }
        if (!(m->value = vl__strdup(text))) {
            vl__free(text);
            sheet_fail(r, VL_ERR_NOMEM, "out of memory");
            return;
        }
    }
    if (!*text) {
        vl__free(text);
        return;
    }
    if (r->n_cells == r->cap_cells) {
        size_t cap = r->cap_cells ? 2 * r->cap_cells : 32;
        xr_cell *c = vl__realloc(r->cells, cap * sizeof *c);
        if (!c) {
            vl__free(text);
            sheet_fail(r, VL_ERR_NOMEM, "out of memory");
            return;
        }
        r->cells = c;
        r->cap_cells = cap;
    }
    r->cells[r->n_cells++] = (xr_cell){r->col, text};
}

static void free_cells(vl_xlsxr *r)
{
    for (size_t i = 0; i < r->n_cells; i++)
        vl__free(r->cells[i].text);
    r->n_cells = 0;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    vl_xlsxr *r = ud;
    const char *l = local(name);
    if (!r->depth_sheetdata)
        return;
    if (strcmp(l, "sheetData") == 0) {
        r->depth_sheetdata = 0;
    } else if (strcmp(l, "c") == 0) {
        end_cell(r);
    } else if (strcmp(l, "v") == 0) {
        r->in_v = false;
    } else if (strcmp(l, "is") == 0) {
        r->in_is = false;
    } else if (strcmp(l, "rPh") == 0) {
        r->in_rph = false;
    } else if (strcmp(l, "t") == 0) {
        r->in_t = false;
    } else if (strcmp(l, "row") == 0) {
        if (r->n_cells || r->problem[0]) { /* an empty row (Excel's trailing ones) is skipped */
            r->row_ready = true;
            XML_StopParser(r->xp, XML_TRUE);
        }
    }
}

static void XMLCALL sheet_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value,
                                 int len, const XML_Char *base, const XML_Char *sys,
                                 const XML_Char *pub, const XML_Char *notation)
{
    (void)name, (void)pe, (void)value, (void)len, (void)base, (void)sys, (void)pub;
    (void)notation;
    sheet_fail(ud, VL_ERR_INVALID,
               "the sheet declares XML entities, which a workbook never does: refused");
}

/*
 * Parses until the next non-empty row is complete. 1: a row is in r->cells; 0: the end; -1: a
 * damaged sheet or a bound (message on ctx).
 */
static int pump(vl_xlsxr *r)
{
    r->row_ready = false;
    while (!r->row_ready) {
        enum XML_Status st;
        if (r->suspended) {
            r->suspended = false;
            st = XML_ResumeParser(r->xp);
        } else if (r->eof) {
            return 0;
        } else {
            zip_int64_t n = zip_fread(r->zf, r->chunk, sizeof r->chunk);
            if (n < 0) {
                vl__error(r->ctx, VL_ERR_INVALID,
                          "%s: %s: the sheet cannot be read: the file is damaged", r->path,
                          r->sheet);
                return -1;
            }
            r->offset += (size_t)n;
            if ((zip_uint64_t)r->offset > XR_MAX_SHEET) {
                vl__error(r->ctx, VL_ERR_INVALID, "%s: %s: the sheet is larger than 4 GiB", r->path,
                          r->sheet);
                return -1;
            }
            r->eof = n == 0;
            st = XML_Parse(r->xp, r->chunk, (int)n, r->eof);
        }
        if (st == XML_STATUS_ERROR) {
            if (r->fail == VL_OK)
                vl__error(r->ctx, VL_ERR_INVALID,
                          "%s: %s: line %lu of the sheet's XML: %s: the file is damaged", r->path,
                          r->sheet, (unsigned long)XML_GetCurrentLineNumber(r->xp),
                          XML_ErrorString(XML_GetErrorCode(r->xp)));
            return -1;
        }
        if (st == XML_STATUS_SUSPENDED)
            r->suspended = true;
    }
    return 1;
}

/* ---- opening
 * --------------------------------------------------------------------------------------- */

void vl_xlsxr_close(vl_xlsxr *r)
{
    if (!r)
        return;
    vl__guard_off(&r->guard);
    if (r->xp)
        XML_ParserFree(r->xp);
    if (r->zf)
        zip_fclose(r->zf);
    if (r->za)
        zip_discard(r->za);
    for (size_t i = 0; i < r->n_sheets; i++) {
        vl__free(r->sheets[i].name);
        vl__free(r->sheets[i].rid);
    }
    vl__free(r->sheets);
    for (size_t i = 0; i < r->n_sst; i++)
        vl__free(r->sst[i]);
    vl__free(r->sst);
    for (size_t i = 0; i < r->n_merges; i++)
        vl__free(r->merges[i].value);
    vl__free(r->merges);
    vl__free(r->active);
    for (size_t i = 0; i < r->ncols; i++) {
        vl__free(r->cols[i]);
        if (r->shown)
            vl__free(r->shown[i]);
        if (r->fields)
            vl__free(r->fields[i]);
    }
    vl__free(r->fields);
    vl__free(r->cols);
    vl__free(r->shown);
    vl__free(r->col_pos);
    vl__free(r->xf_date);
    free_cells(r);
    vl__free(r->cells);
    vl_buf_free(&r->text);
    vl__free(r->wb_dir);
    vl__free(r->sheet);
    vl__free(r->sheet_part);
    vl__free(r->path);
    vl__free(r);
}

static vl_status open_sheet_stream(vl_xlsxr *r)
{
    zip_int64_t idx = locate(r, r->sheet_part);
    zip_stat_t sb;
    if (idx < 0 || zip_stat_index(r->za, (zip_uint64_t)idx, 0, &sb) != 0 ||
        vl__alloc_fail_point() || !(r->zf = zip_fopen_index(r->za, (zip_uint64_t)idx, 0)))
        return vl__error(r->ctx, VL_ERR_INVALID, "%s: sheet %s cannot be read: the file is damaged",
                         r->path, r->sheet);
    r->size = (sb.valid & ZIP_STAT_SIZE) ? (size_t)sb.size : 0;
    if (!(r->xp = new_parser()))
        return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    XML_SetUserData(r->xp, r);
    XML_SetElementHandler(r->xp, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(r->xp, sheet_text);
    XML_SetEntityDeclHandler(r->xp, sheet_entity);
    r->next_row = 1;
    return VL_OK;
}

/* The header: the first non-empty row; its columns run from its first to its last cell. */
static vl_status read_header(vl_xlsxr *r)
{
    int got = pump(r);
    if (got < 0)
        return r->fail != VL_OK ? r->fail : VL_ERR_INVALID;
    if (got == 0 || r->n_cells == 0)
        return vl__error(r->ctx, VL_ERR_INVALID, "%s: sheet %s is empty (no header row)", r->path,
                         r->sheet);
    if (r->problem[0])
        return vl__error(r->ctx, VL_ERR_INVALID, "%s: %s!%s", r->path, r->sheet, r->problem);
    r->header_row = r->row;
    r->first_col = r->cells[0].col;
    r->last_col = r->cells[r->n_cells - 1].col;
    size_t ncols = r->last_col - r->first_col + 1;
    if (ncols > XR_MAX_HEADER) { /* a name far to the right: thousands of empty columns */
        r->col = r->last_col;
        char at[16];
        col_letters(r->last_col, at);
        return vl__error(r->ctx, VL_ERR_INVALID,
                         "%s: %s!%s%u: the header runs over more than %u columns: not a sheet "
                         "vieclam reads (clear the cells right of the last column you use)",
                         r->path, r->sheet, at, r->row, XR_MAX_HEADER);
    }
    r->cols = vl__calloc(ncols, sizeof *r->cols);
    r->shown = vl__calloc(ncols, sizeof *r->shown);
    r->col_pos = vl__calloc(ncols, sizeof *r->col_pos);
    r->fields = vl__calloc(ncols, sizeof *r->fields);
    if (!r->cols || !r->shown || !r->col_pos || !r->fields)
        return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    r->ncols = ncols; /* only now: vl_xlsxr_close frees ncols entries of each */
    size_t k = 0;
    for (size_t i = 0; i < r->ncols; i++) {
        unsigned col = r->first_col + (unsigned)i;
        const char *text = "";
        if (k < r->n_cells && r->cells[k].col == col)
            text = r->cells[k++].text;
        if (!(r->cols[i] = vl__strdup(text)) || !(r->shown[i] = vl__strdup(text)))
            return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
        for (char *p = r->cols[i]; *p; p++) /* lower case, as the CSV reader's names */
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        r->col_pos[i] = col;
    }
    free_cells(r);
    return VL_OK;
}

static vl_status open_zip(vl_xlsxr *r, zip_source_t *src, const char *sheet)
{
    zip_error_t ze;
    zip_error_init(&ze);
    r->za = vl__alloc_fail_point() ? NULL : zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!r->za && zip_error_code_zip(&ze) == ZIP_ER_OK)
        zip_error_set(&ze, ZIP_ER_MEMORY, 0);
    if (!r->za) {
        int code = zip_error_code_zip(&ze);
        zip_error_fini(&ze);
        zip_source_free(src);
        if (code == ZIP_ER_MEMORY)
            return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
        return vl__error(r->ctx, VL_ERR_INVALID,
                         "%s: not an Excel workbook (.xlsx): the file is not a zip archive or is "
                         "damaged (save it again from Excel as \"Excel Workbook\")",
                         r->path);
    }
    zip_error_fini(&ze);
    /* the workbook part, from the package relationships (xl/workbook.xml by convention) */
    rels_ctx pr = {.want_type = "/officeDocument"};
    bool found;
    vl_status st = parse_part(r, "_rels/.rels", XR_MAX_META, rels_start, NULL, NULL, &pr, &found);
    char *wb = pr.target ? part_name("", pr.target) : vl__strdup("xl/workbook.xml");
    vl__free(pr.target);
    if (st != VL_OK || !wb) {
        vl__free(wb);
        return st != VL_OK ? st : vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    }
    const char *slash = strrchr(wb, '/');
    r->wb_dir = vl__strndup(wb, slash ? (size_t)(slash - wb + 1) : 0);
    st = r->wb_dir ? parse_part(r, wb, XR_MAX_META, wb_start, NULL, NULL, NULL, NULL)
                   : vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    /* its relationships: "xl/_rels/workbook.xml.rels" */
    vl_buf relp = {0};
    if (st == VL_OK && !(vl_buf_puts(&relp, r->wb_dir) && vl_buf_puts(&relp, "_rels/") &&
                         vl_buf_puts(&relp, slash ? slash + 1 : wb) && vl_buf_puts(&relp, ".rels")))
        st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    vl__free(wb);
    if (st == VL_OK && r->n_sheets == 0)
        st = vl__error(r->ctx, VL_ERR_INVALID, "%s: the workbook has no sheets", r->path);
    /* without a name, the first sheet the user sees (a hidden one, such as a lookup list
     * before the data, is never what they meant) */
    size_t pick = 0;
    while (st == VL_OK && !sheet && pick + 1 < r->n_sheets && r->sheets[pick].hidden)
        pick++;
    if (st == VL_OK && !sheet && r->sheets[pick].hidden)
        pick = 0;
    if (st == VL_OK && sheet) {
        char *want = vl_text_fold(sheet);
        for (pick = 0; want && pick < r->n_sheets; pick++) {
            char *have = vl_text_fold(r->sheets[pick].name);
            bool same = have && strcmp(have, want) == 0;
            vl__free(have);
            if (same)
                break;
        }
        vl__free(want);
        if (pick == r->n_sheets) {
            vl_buf names = {0};
            for (size_t i = 0; i < r->n_sheets; i++)
                vl_buf_printf(&names, "%s'%s'", i ? ", " : "", r->sheets[i].name);
            st = vl__error(r->ctx, VL_ERR_INVALID, "%s: no sheet named '%s'; the workbook has %s",
                           r->path, sheet, names.data ? names.data : "");
            vl_buf_free(&names);
        }
    }
    if (st == VL_OK) {
        rels_ctx wr = {.want_id = r->sheets[pick].rid};
        st = parse_part(r, relp.data, XR_MAX_META, rels_start, NULL, NULL, &wr, NULL);
        if (st == VL_OK && !wr.target)
            st = vl__error(r->ctx, VL_ERR_INVALID, "%s: sheet %s has no part: the file is damaged",
                           r->path, r->sheets[pick].name);
        if (st == VL_OK && (!(r->sheet = vl__strdup(r->sheets[pick].name)) ||
                            !(r->sheet_part = part_name(r->wb_dir, wr.target))))
            st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
        vl__free(wr.target);
    }
    vl_buf_free(&relp);
    if (st != VL_OK)
        return st;
    /* styles (optional: without them no cell is a date) and shared strings (optional) */
    vl_buf part = {0};
    styles_ctx sc = {0};
    if (!vl_buf_printf(&part, "%sstyles.xml", r->wb_dir))
        return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    st = parse_part(r, part.data, XR_MAX_META, styles_start, styles_end, NULL, &sc, &found);
    vl__free(sc.custom_ids);
    part.len = 0;
    sst_ctx ss = {0};
    if (st == VL_OK && !vl_buf_printf(&part, "%ssharedStrings.xml", r->wb_dir))
        st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK)
        st = parse_part(r, part.data, XR_MAX_SST, sst_start, sst_end, sst_text, &ss, &found);
    vl_buf_free(&ss.text);
    vl_buf_free(&part);
    if (st != VL_OK)
        return st;
    /* the merged ranges, then the header row */
    size_t cap = 0;
    st = parse_part(r, r->sheet_part, XR_MAX_SHEET, merge_start, NULL, NULL, &cap, NULL);
    if (st != VL_OK)
        return st;
    if (r->n_merges) {
        qsort(r->merges, r->n_merges, sizeof *r->merges, cmp_merge);
        if (!(r->active = vl__malloc(r->n_merges * sizeof *r->active)))
            return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    }
    if ((st = open_sheet_stream(r)) != VL_OK)
        return st;
    return read_header(r);
}

static vl_status open_common(vl_ctx *ctx, const char *name, vl_xlsxr **out, vl_xlsxr **r)
{
    *out = NULL;
    *r = vl__calloc(1, sizeof **r);
    if (!*r || !((*r)->path = vl__strdup(name))) {
        vl__free(*r);
        *r = NULL;
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    (*r)->ctx = ctx;
    return VL_OK;
}

vl_status vl_xlsxr_open(vl_ctx *ctx, const char *path, const char *sheet, vl_xlsxr **out)
{
    vl_xlsxr *r;
    vl_status st = open_common(ctx, path, out, &r);
    if (st != VL_OK)
        return st;
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        st = vl__error(ctx, VL_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        vl_xlsxr_close(r);
        return st;
    }
    fclose(probe);
    vl__guard_on(path, &r->guard);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = vl__alloc_fail_point() ? NULL : zip_source_file_create(path, 0, -1, &ze);
    bool nomem =
        !src && (zip_error_code_zip(&ze) == ZIP_ER_OK || zip_error_code_zip(&ze) == ZIP_ER_MEMORY);
    zip_error_fini(&ze);
    st = src     ? open_zip(r, src, sheet)
         : nomem ? vl__error(ctx, VL_ERR_NOMEM, "out of memory")
                 : vl__error(ctx, VL_ERR_IO, "%s: cannot open", path);
    if (st != VL_OK) {
        vl_xlsxr_close(r);
        return st;
    }
    *out = r;
    return VL_OK;
}

vl_status vl_xlsxr_open_buffer(vl_ctx *ctx, const void *data, size_t size, const char *name,
                               const char *sheet, vl_xlsxr **out)
{
    vl_xlsxr *r;
    vl_status st = open_common(ctx, name ? name : "(buffer)", out, &r);
    if (st != VL_OK)
        return st;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src =
        vl__alloc_fail_point() ? NULL : zip_source_buffer_create(data, size, 0, &ze);
    zip_error_fini(&ze);
    st = src ? open_zip(r, src, sheet) : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st != VL_OK) {
        vl_xlsxr_close(r);
        return st;
    }
    *out = r;
    return VL_OK;
}

/* ---- records
 * ------------------------------------------------------------------------------------- */

size_t vl_xlsxr_ncols(const vl_xlsxr *r)
{
    return r->ncols;
}

const char *vl_xlsxr_colname(const vl_xlsxr *r, size_t i)
{
    return i < r->ncols ? r->cols[i] : NULL;
}

const char *vl_xlsxr_colname_shown(const vl_xlsxr *r, size_t i)
{
    return i < r->ncols ? r->shown[i] : NULL;
}

void vl_xlsxr_decimal_comma(vl_xlsxr *r, bool on)
{
    r->decimal_comma = on;
}

size_t vl_xlsxr_header_row(const vl_xlsxr *r)
{
    return r->header_row;
}

const char *vl_xlsxr_sheet(const vl_xlsxr *r)
{
    return r->sheet;
}

size_t vl_xlsxr_offset(const vl_xlsxr *r)
{
    return r->offset;
}

size_t vl_xlsxr_size(const vl_xlsxr *r)
{
    return r->size;
}

void vl_xlsxr_cellref(const vl_xlsxr *r, long field, size_t row, char *buf, size_t size)
{
    char col[8];
    col_letters(field >= 0 && (size_t)field < r->ncols ? r->col_pos[field] : r->first_col, col);
    snprintf(buf, size, "%s!%s%zu", r->sheet, col, row);
}

vl_status vl_xlsxr_next(vl_xlsxr *r, const vl_csv_record **rec)
{
    *rec = NULL;
    for (size_t i = 0; i < r->ncols; i++) {
        vl__free(r->fields[i]);
        r->fields[i] = NULL;
    }
    free_cells(r);
    int got = pump(r);
    if (got < 0) {
        vl_status st = r->fail != VL_OK ? r->fail : vl_ctx_status(r->ctx);
        if (st == VL_OK)
            st = VL_ERR_INVALID;
        vl__diag(r->ctx, "%s", vl_ctx_errmsg(r->ctx));
        return st;
    }
    if (got == 0)
        return VL_OK;
    /* cells outside the header's columns hold data nobody named */
    for (size_t k = 0; k < r->n_cells; k++)
        if (r->cells[k].col < r->first_col || r->cells[k].col > r->last_col) {
            r->col = r->cells[k].col;
            cell_problem(r, "a value outside the header's columns (give the column a header, "
                            "or clear the cell)");
        }
    size_t k = 0;
    for (size_t i = 0; i < r->ncols; i++) {
        unsigned col = r->col_pos[i];
        while (k < r->n_cells && r->cells[k].col < col)
            k++;
        const char *text = NULL;
        if (k < r->n_cells && r->cells[k].col == col)
            text = r->cells[k].text;
        if (!text && r->n_merges) { /* inside a merged range: its top-left cell's value */
            xr_merge *m = merge_at(r, r->row, col);
            if (m && m->value)
                text = m->value;
        }
        if (!(r->fields[i] = vl__strdup(text ? text : "")))
            return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    }
    r->rec.n = r->ncols;
    r->rec.fields = (const char **)r->fields;
    r->rec.line = r->row;
    r->rec.raw = NULL;
    r->rec.problem = r->problem[0] ? r->problem : NULL;
    if (r->rec.problem)
        vl__diag(r->ctx, "%s:%s!%s", r->path, r->sheet, r->problem);
    *rec = &r->rec;
    return VL_OK;
}

bool vl_xlsxr_sniff(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char m[4] = {0};
    size_t n = fread(m, 1, 4, f);
    fclose(f);
    return n == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
}
