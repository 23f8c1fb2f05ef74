/*
 * import.c - strict CSV import of areas, employers, vacancies, seekers, history, referrals and
 * follow-ups (whose rules beyond one cell live in referrals.c, shared with the desk's API).
 *
 * One import is one transaction. Every value is checked; each problem becomes a diagnostic
 * "FILE:LINE: column NAME: reason" (LINE is the physical line where the record starts). Rows
 * are written as they are read, so later rows may refer to earlier ones; if any row is bad the
 * transaction is rolled back and the database is unchanged, unless skip_invalid is set, when
 * bad rows are never written and go to the rejects file with a `reason` column instead.
 * An existing id is updated only when its canonical text (rows.h) changed, which makes a
 * second import of the same file a no-op. Ids seen in the file are kept in a temporary table,
 * not in memory, so a file of any size is read with bounded memory.
 *
 * Personal data: diagnostics name rows by line and id only; a seeker's name and birth year are
 * never quoted.
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <strings.h>

#include <vieclam/output.h>
#include <vieclam/sheet.h>

#include "io/csv.h"
#include "ref/geo.h"
#include "store/areas.h"
#include "io/table.h"
#include "store/import.h"
#include "store/referrals.h"
#include "store/rows.h"
#include "store/strmap.h"
#include "store/values.h"

/* The last column of a rejects file; an import reads it back as a note (vl__importer_header). */
#define REJECTS_REASON "reason"

/* Sanity limits on values; a value outside is a typing error, not data. */
#define WAGE_MAX             1e10 /* VND per month */
#define WAGE_LOW             1e5  /* VND per month: below, a wage written in millions */
#define EXPERIENCE_MAX       60.0 /* years */
#define POSITIONS_MAX        100000
#define AGE_MIN              15 /* the legal working age in Viet Nam */
#define AGE_MAX              75
#define COMMUTE_MAX          1000.0 /* km */
#define TEXT_MAX             500    /* bytes of a name or title */
#define ID_MAX               64
#define HISTORY_KEYS         16
#define DEFAULT_AREA_VERSION VL_AREAS_2025

enum {
    Q_SEEN_INSERT,
    Q_SEEN_LINE,
    Q_AREA,
    Q_OCCUPATION,
    Q_EMPLOYER,
    Q_INDUSTRY,
    Q_SEEKER,
    Q_SIG,
    Q_INSERT,
    Q_UPDATE,
    Q_CHILD_DELETE1,
    Q_CHILD_DELETE2,
    Q_CHILD_DELETE3,
    Q_CHILD_DELETE4,
    Q_CHILD_DELETE5,
    Q_CHILD1,
    Q_CHILD2,
    Q_CHILD3,
    Q_CHILD4,
    Q_CHILD5,
    Q_FAIR,
    Q_FREQ,
    Q_KEYNAME,
    Q_COUNT
};

struct vl__importer {
    vl_ctx *ctx;
    vl_db *db;
    vl_kind kind;
    const char *path;
    vl_import_options opt;
    vl_import_stats stats;
    /* header */
    const char *const *spec;
    size_t nspec, ncols;
    long map[32];          /* contract column -> file column, or -1 */
    vl__stmt *late;        /* stored_late's look-up, prepared at its first use */
    const char *shown[32]; /* the header as the file writes it, when it is a Vietnamese one */
    const vl_table *table; /* where cells are, for messages (NULL: "FILE:LINE") */
    size_t n_keys;
    long key_col[HISTORY_KEYS];
    char *key_names[HISTORY_KEYS];
    /* the current row */
    const char *const *cells;
    size_t ncells, line;
    size_t row_problems;
    uint32_t said; /* the contract columns (1 << i) the row's problems named */
    vl_buf reason;
    void **tofree;
    size_t ntofree, captofree;
    vl__canon canon;
    vl__stmt *q[Q_COUNT];
    vl_area_resolver *resolver;   /* what an `area` cell of a record means */
    vl__refstore *refs;           /* referrals and follow-ups: their rules and writers */
    int32_t latest;               /* dates after this are after today (vl__latest_allowed_date) */
    vl__referral_facts ref_probe; /* the stored referral of the current row, its seeker... */
    bool fatal;
    /*
     * The bulk path (PostgreSQL, employers, vacancies, seekers, history): codes are looked up
     * in maps loaded once, ids seen in the file are kept in a map, and valid rows stream
     * through COPY into staging tables; merge_bulk writes them in set operations at the end,
     * in the same transaction, and counts inserted, updated and unchanged rows there.
     */
    bool bulk;
    bool server; /* PostgreSQL: the ids seen are kept in `seen`, not in a temporary table */
    vl__strmap seen, areas, occupations, industries, employers, fairs, freqs;
    vl_buf freq_periods;
    /* seekers, referrals, counselling: the erased seekers (id -> YYYYMMDD of the erasure), on
     * both paths: their personal data never comes back through a file or a form */
    vl__strmap erased; /* history: NUL-separated first periods, freqs' values point in */
    /* referrals, counselling: erased members of staff (staff_erasures.name_mac -> N) under the
     * database's key, and the folded names of current accounts (a name an account holds now is
     * that person's, never mapped) */
    vl__strmap staff_macs, accounts;
    /* counselling into a server: the stored seekers with their provinces, read once (a
     * look-up by id visits every province's partition) */
    vl__strtag seekers_at;
    unsigned char staff_key[32];
    char staff_ref[32]; /* "user#N" of the current row's staff cell */
};

/* ---- problems ------------------------------------------------------------------------------ */

static void problem(vl__importer *im, const char *col, const char *fmt, ...) VL_PRINTF(3, 4);

/*
 * The readers lower-case a header's ASCII letters to match the contract's names: when that is
 * the template's Vietnamese header, show the template's spelling ("(VNĐ/tháng)", not
 * "(vnĐ/tháng)"), else the file's.
 */
static const char *header_as_written(vl_kind kind, const char *col, const char *lowered)
{
    const char *vi = vl_kind_header_vi(kind, col);
    if (!vi || strlen(vi) != strlen(lowered))
        return lowered;
    for (size_t k = 0; vi[k]; k++) {
        char c = vi[k] >= 'A' && vi[k] <= 'Z' ? (char)(vi[k] - 'A' + 'a') : vi[k];
        if (c != lowered[k])
            return lowered;
    }
    return vi;
}

/* Another column a rule names, as the problem names its own: "age_min", or "Tuổi từ (age_min)"
 * when the file uses the Vietnamese header. */
static const char *other_col(const vl__importer *im, const char *col, char *buf, size_t size)
{
    snprintf(buf, size, "%s", col);
    for (size_t i = 0; im->path && i < im->nspec; i++)
        if (strcmp(im->spec[i], col) == 0 && im->shown[i])
            snprintf(buf, size, "%s (%s)", header_as_written(im->kind, col, im->shown[i]), col);
    return buf;
}

/*
 * Where a problem is: "FILE:LINE", or "FILE:SHEET!B7" in a workbook (the cell of the column),
 * and the column as the file names it: "birth_year", or "năm sinh (birth_year)" when the file
 * uses a Vietnamese header.
 */
static void locate(const vl__importer *im, const char *col, char *where, size_t wsize, char *shown,
                   size_t ssize)
{
    long filecol = -1;
    snprintf(shown, ssize, "%s", col ? col : "");
    for (size_t i = 0; col && i < im->nspec && filecol < 0; i++)
        if (strcmp(im->spec[i], col) == 0) {
            filecol = im->map[i];
            if (im->shown[i])
                snprintf(shown, ssize, "%s (%s)", header_as_written(im->kind, col, im->shown[i]),
                         col);
        }
    for (size_t k = 0; col && k < im->n_keys && filecol < 0; k++)
        if (strcmp(im->key_names[k], col) == 0)
            filecol = im->key_col[k];
    vl_table_where(im->table, im->path, im->line, filecol, where, wsize);
}

/* The bit of contract column col in said (0 for another name, or none). */
static uint32_t col_bit(const vl__importer *im, const char *col)
{
    for (size_t i = 0; col && i < im->nspec && i < 32; i++)
        if (strcmp(im->spec[i], col) == 0)
            return (uint32_t)1 << i;
    return 0;
}

static void problem(vl__importer *im, const char *col, const char *fmt, ...)
{
    /* a check that failed for want of memory (folding a value to look it up, say) says nothing
     * about the row: the import fails as out of memory instead of blaming the data */
    if (vl__alloc_oom_take()) {
        if (!im->fatal)
            vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
        im->fatal = true;
        return;
    }
    char msg[600], where[512], shown[256];
    va_list ap;
    va_start(ap, fmt);
    fmt = vl__tr(im->ctx, fmt);
    locale_t old = uselocale(vl__c_locale());
    vsnprintf(msg, sizeof msg, fmt, ap);
    uselocale(old);
    va_end(ap);
    im->said |= col_bit(im, col);
    snprintf(shown, sizeof shown, "%s", col ? col : "");
    if (im->path)
        locate(im, col, where, sizeof where, shown, sizeof shown);
    if (!im->path) /* one record from a form: "FIELD: reason", the field its whole address */
        vl__diag(im->ctx, "%s: %s", col ? col : "id", msg);
    else if (col)
        vl__diag(im->ctx, "%s: column %s: %s", where, shown, msg);
    else
        vl__diag(im->ctx, "%s: %s", where, msg);
    if (im->reason.len)
        vl_buf_puts(&im->reason, "; ");
    if (col)
        vl_buf_printf(&im->reason, vl__tr(im->ctx, "column %s: "), shown);
    vl_buf_puts(&im->reason, msg);
    im->row_problems++;
}

static vl_status fatal_db(vl__importer *im, const char *what)
{
    im->fatal = true;
    return vl__db_sqlerr(im->ctx, im->db, what);
}

/* Keeps a malloc'd pointer until the end of the row. */
static void *keep(vl__importer *im, void *p)
{
    if (!p)
        return NULL;
    if (im->ntofree == im->captofree) {
        size_t cap = im->captofree ? 2 * im->captofree : 64;
        void **t = vl__realloc(im->tofree, cap * sizeof *t);
        if (!t) {
            vl__free(p);
            return NULL;
        }
        im->tofree = t;
        im->captofree = cap;
    }
    im->tofree[im->ntofree++] = p;
    return p;
}

static void row_reset(vl__importer *im)
{
    vl__alloc_oom_take(); /* a failure survived before this row is not this row's */
    for (size_t i = 0; i < im->ntofree; i++)
        vl__free(im->tofree[i]);
    im->ntofree = 0;
    im->row_problems = 0;
    im->said = 0;
    im->reason.len = 0;
    if (im->reason.data)
        im->reason.data[0] = '\0';
}

/* ---- cells --------------------------------------------------------------------------------- */

/* The text of contract column i ("" when the file has no such column). */
static const char *cell(const vl__importer *im, size_t i)
{
    long c = im->map[i];
    if (c < 0 || (size_t)c >= im->ncells || !im->cells[c])
        return "";
    return im->cells[c];
}

static const char *colname(const vl__importer *im, size_t i)
{
    return im->spec[i];
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 && *s != '\t')
            return true;
    return false;
}

/* A code or id: non-empty (when required), no spaces, ';' or control characters. */
static const char *get_id(vl__importer *im, size_t i, bool required)
{
    const char *s = cell(im, i);
    if (!*s) {
        if (required)
            problem(im, colname(im, i), "empty; a value is required");
        return s;
    }
    if (strlen(s) > ID_MAX) {
        problem(im, colname(im, i), "longer than %d bytes", ID_MAX);
        return "";
    }
    if (strpbrk(s, " \t;,\"") || has_control(s)) {
        problem(im, colname(im, i),
                "'%s' contains a space, comma, ';', quote or control "
                "character, which a code may not",
                s);
        return "";
    }
    uint32_t cp = vl_text_invisible(s, VL_TEXT_ID);
    if (cp) {
        char what[80];
        /* the value is not echoed: it would look exactly like a valid one */
        problem(im, colname(im, i), "contains %s, an invisible character a code may not",
                vl_text_describe(cp, what, sizeof what));
        return "";
    }
    return s;
}

/*
 * The id of a record whose files are named by it (an employer's shortlist, a seeker's slip; a
 * fair's and a vacancy's as well, kept to the same rule): get_id, and no '/' or '\\' (a
 * folder on some system) and no leading '.' (a hidden file, "." and "..").
 */
static const char *get_file_id(vl__importer *im, size_t i)
{
    const char *s = get_id(im, i, true);
    if (*s == '.' || strpbrk(s, "/\\")) {
        problem(im, colname(im, i),
                "'%s' starts with '.' or contains '/' or '\\', which an id may not (it names "
                "files)",
                s);
        return "";
    }
    return s;
}

/*
 * Text that a spreadsheet would run as a formula once the record is exported and opened
 * ("=HYPERLINK(...)", "@SUM(...)"): no name, title or address starts so, and a file or a form
 * that does is refused rather than stored for the next person who opens an export in Excel.
 */
static bool formula_like(const char *s)
{
    return s[0] == '=' || s[0] == '@';
}

static const char *check_text(vl__importer *im, size_t i, const char *s, bool required)
{
    if (formula_like(s))
        problem(im, colname(im, i),
                "starts with '%c', as a spreadsheet formula does: a spreadsheet would run it",
                s[0]);
    else if (!*s && required)
        problem(im, colname(im, i), "empty; a value is required");
    else if (strlen(s) > TEXT_MAX)
        problem(im, colname(im, i), "longer than %d bytes", TEXT_MAX);
    else if (has_control(s))
        problem(im, colname(im, i), "contains a line break or control character");
    else if (vl_text_invisible(s, VL_TEXT_NAME)) {
        char what[80];
        problem(im, colname(im, i), "contains %s, which reorders how the text shows",
                vl_text_describe(vl_text_invisible(s, VL_TEXT_NAME), what, sizeof what));
    }
    return s;
}

static const char *get_text(vl__importer *im, size_t i, bool required)
{
    return check_text(im, i, cell(im, i), required);
}

/* A street address typed over lines in a cell (Alt+Enter in Excel) is one line, its lines
 * joined by ", "; then checked as any text. */
static const char *get_address(vl__importer *im, size_t i)
{
    const char *s = cell(im, i);
    if (!strpbrk(s, "\r\n"))
        return check_text(im, i, s, false);
    char *out = keep(im, vl__malloc(2 * strlen(s) + 1));
    if (!out) {
        problem(im, NULL, "out of memory");
        return "";
    }
    size_t n = 0;
    for (const char *p = s; *p;) {
        size_t len = strcspn(p, "\r\n");
        while (len && (p[len - 1] == ' ' || p[len - 1] == ',')) /* "Số 5," then a line */
            len--;
        size_t lead = strspn(p, " ");
        if (len > lead) {
            if (n) {
                out[n++] = ',';
                out[n++] = ' ';
            }
            memcpy(out + n, p + lead, len - lead);
            n += len - lead;
        }
        p += strcspn(p, "\r\n");
        p += strspn(p, "\r\n");
    }
    out[n] = '\0';
    return check_text(im, i, out, false);
}

/*
 * A number written the Vietnamese way (--numbers vi) in the contract's form: thousands grouped
 * with '.' in threes ("7.500.000") or not at all, a decimal comma ("1,5"). False when the text
 * is not such a number ("1.5": a '.' that does not group thousands is not a decimal point).
 */
static bool vi_number(const char *s, char *out, size_t size)
{
    size_t o = 0, i = 0, n = strlen(s);
    if (n + 1 > size)
        return false;
    if (s[i] == '-' || s[i] == '+')
        out[o++] = s[i++];
    size_t start = i, group = 0;
    bool grouped = false;
    for (; i < n && s[i] != ','; i++) {
        if (s[i] == '.') {
            if (group == 0 || (grouped && group != 3) || (!grouped && group > 3))
                return false;
            grouped = true;
            group = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        out[o++] = s[i];
        group++;
    }
    if (i == start || group == 0 || (grouped && group != 3))
        return false;
    if (i < n) { /* the decimal comma */
        out[o++] = '.';
        size_t digits = 0;
        for (i++; i < n; i++, digits++) {
            if (s[i] < '0' || s[i] > '9')
                return false;
            out[o++] = s[i];
        }
        if (!digits)
            return false;
    }
    out[o] = '\0';
    return true;
}

/*
 * The cell as the contract's number text: as written, or with --numbers vi converted from the
 * Vietnamese form (into buf). NULL (with a problem) when --numbers vi cannot read it.
 */
static const char *number_cell(vl__importer *im, size_t i, const char *s, char *buf, size_t size)
{
    if (!im->opt.numbers_vi)
        return s;
    if (vi_number(s, buf, size))
        return buf;
    problem(im, colname(im, i),
            "'%s' is not a number written the Vietnamese way: group thousands with '.' in "
            "threes and write decimals after a comma, e.g. 7.500.000 or 1,5",
            s);
    return NULL;
}

/* Explains why text is not a number: a decimal comma or grouped thousands get their own reason. */
static void not_a_number(vl__importer *im, size_t i, const char *s, const char *what)
{
    char vi[64];
    bool vi_ok = vi_number(s, vi, sizeof vi);
    if (vi_ok && strchr(s, ','))
        problem(im, colname(im, i),
                "'%s' has a decimal comma (or a thousands separator): write numbers with a "
                "decimal point and no separators, e.g. 1.5 or 8000000, or import with "
                "--numbers vi to read 1,5 and 7.500.000 the Vietnamese way",
                s);
    else if (vi_ok)
        problem(im, colname(im, i),
                "'%s' is not %s: thousands separators are not allowed (write 7500000), or "
                "import with --numbers vi to read 7.500.000 the Vietnamese way",
                s, vl__tr(im->ctx, what));
    else if (strchr(s, ',') && strspn(s, "+-0123456789,.") == strlen(s))
        problem(im, colname(im, i),
                "'%s' has a decimal comma (or a thousands separator): write numbers with a "
                "decimal point and no separators, e.g. 1.5 or 8000000",
                s);
    else
        problem(im, colname(im, i), "'%s' is not %s", s, vl__tr(im->ctx, what));
}

static void out_of_range(vl__importer *im, size_t i, const char *s, double v, double lo, double hi)
{
    char a[32], b[32];
    if (v < 0 && lo >= 0)
        problem(im, colname(im, i), "'%s' is negative", s);
    else
        problem(im, colname(im, i), "'%s' is outside %s..%s", s, vl__fmt_num(lo, a),
                vl__fmt_num(hi, b));
}

static bool get_num(vl__importer *im, size_t i, double lo, double hi, double *out)
{
    const char *s = cell(im, i);
    char buf[64];
    *out = 0;
    if (!*s)
        return false;
    const char *t = number_cell(im, i, s, buf, sizeof buf);
    if (!t)
        return false;
    double v;
    if (!vl_parse_double(t, &v)) {
        not_a_number(im, i, s, N_("a number"));
        return false;
    }
    if (v < lo || v > hi) {
        out_of_range(im, i, s, v, lo, hi);
        return false;
    }
    *out = v;
    return true;
}

/* A monthly wage in dong: 0 (none said) or at least WAGE_LOW; "8,5" or "8.5" is 8.5 million
 * written short, which stored as it is would be a wage of 9 dong. */
static bool get_wage(vl__importer *im, size_t i, double *out)
{
    if (!get_num(im, i, 0, WAGE_MAX, out))
        return false;
    if (*out > 0 && *out < WAGE_LOW) {
        problem(im, colname(im, i),
                "'%s' is less than 100000 dong a month: write the whole amount in dong (8500000, "
                "not 8.5)",
                cell(im, i));
        *out = 0;
        return false;
    }
    return true;
}

static bool get_int(vl__importer *im, size_t i, long long lo, long long hi, long long *out)
{
    const char *s = cell(im, i);
    char buf[64];
    *out = 0;
    if (!*s)
        return false;
    const char *t = number_cell(im, i, s, buf, sizeof buf);
    if (!t)
        return false;
    long long v;
    if (!vl_parse_long(t, &v)) {
        double d;
        if (vl_parse_double(t, &d))
            problem(im, colname(im, i), "'%s' is not a whole number", s);
        else
            not_a_number(im, i, s, N_("a whole number"));
        return false;
    }
    if (v < lo || v > hi) {
        out_of_range(im, i, s, (double)v, (double)lo, (double)hi);
        return false;
    }
    *out = v;
    return true;
}

/*
 * Day/month/year with '/', '-' or '.' and a four-digit year ("30/03/2025", "3-1-2025"), as
 * --dates dmy reads it; *shape says whether the text has that shape at all.
 */
static bool dmy_date(const char *s, int32_t *out, bool *shape)
{
    int d, m, y, used = 0;
    char s1, s2;
    *shape = sscanf(s, "%2d%c%2d%c%4d%n", &d, &s1, &m, &s2, &y, &used) == 5 &&
             (size_t)used == strlen(s) && s1 == s2 && strchr("/-.", s1) &&
             strspn(s, "0123456789/-.") == strlen(s);
    if (!*shape || y < 1000)
        return false;
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return vl__parse_date(iso, out);
}

static int32_t get_date(vl__importer *im, size_t i)
{
    const char *s = cell(im, i);
    int32_t d = 0;
    if (!*s || vl__parse_date(s, &d))
        return d;
    size_t n = strlen(s);
    bool shape = n == 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789-") == n;
    bool dmy_shape;
    bool dmy = dmy_date(s, &d, &dmy_shape);
    if (im->opt.dates_dmy && dmy)
        return d;
    if (shape)
        problem(im, colname(im, i), "'%s' is not a real calendar date", s);
    else if (im->opt.dates_dmy && dmy_shape)
        problem(im, colname(im, i), "'%s' is not a real calendar date (read as day/month/year)", s);
    else if (im->opt.dates_dmy)
        problem(im, colname(im, i),
                "'%s' is not a date: write YYYY-MM-DD or day/month/year with a four-digit year "
                "(30/03/2025)",
                s);
    else if (dmy_shape)
        problem(im, colname(im, i),
                "'%s' is not an ISO 8601 date (write YYYY-MM-DD), or import with --dates dmy to "
                "read it as day/month/year",
                s);
    else
        problem(im, colname(im, i), "'%s' is not an ISO 8601 date (write YYYY-MM-DD)", s);
    return 0;
}

/* Runs an existence query with one text parameter (a map look-up on the bulk path). */
static bool exists(vl__importer *im, int q, const char *code, int *col0)
{
    if (im->bulk) {
        const vl__strmap *m = q == Q_OCCUPATION ? &im->occupations
                              : q == Q_EMPLOYER ? &im->employers
                                                : &im->industries;
        int64_t v = 0;
        bool found = vl__strmap_get(m, code, &v);
        if (found && col0)
            *col0 = (int)v;
        return found;
    }
    vl__stmt *s = im->q[q];
    vl__reset(s);
    vl__bind_text(s, 1, code, false);
    int rc = vl__step(s);
    if (rc == VL__ROW && col0)
        *col0 = vl__col_int(s, 0);
    if (rc != VL__ROW && rc != VL__DONE)
        fatal_db(im, "looking up a code");
    vl__reset(s);
    return rc == VL__ROW;
}

/*
 * A code that Excel may have stored as a number and so lost its leading zero ("110" for ISCO
 * 0110, "1" for area 01): the same code with one or two zeros in front, when that exists.
 */
static bool zero_lost(vl__importer *im, int q, const char *code, size_t width, char *fixed,
                      size_t size)
{
    size_t n = strlen(code);
    if (n == 0 || n >= width || strspn(code, "0123456789") != n)
        return false;
    for (size_t zeros = 1; n + zeros <= width && zeros <= 2; zeros++) {
        snprintf(fixed, size, "%.*s%s", (int)zeros, "00", code);
        if (exists(im, q, fixed, NULL))
            return true;
    }
    return false;
}

/*
 * An `area` cell of a record: a current code or name, or a pre-reform one read through the
 * resolver (store/areas.c). A mapped or kept area is a warning naming the area recorded; a
 * divided, ambiguous or unknown one is a problem. Returns the code to record ("" when none or
 * bad) and its row id in *id.
 */
static const char *get_area(vl__importer *im, size_t i, int64_t *id)
{
    *id = 0;
    const char *text = cell(im, i);
    if (!*text)
        return "";
    if (strlen(text) > TEXT_MAX || has_control(text)) {
        problem(im, colname(im, i), "too long or contains a control character");
        return "";
    }
    /* a current code read before: most cells of a file repeat a few codes */
    if (vl__strmap_get(&im->areas, text, id))
        return text;
    vl_area_resolution res;
    if (vl_area_resolve(im->resolver, text, &res) != VL_OK) {
        im->fatal = true;
        return "";
    }
    switch (res.outcome) {
    case VL_AREA_FOUND:
        break;
    case VL_AREA_MAPPED:
    case VL_AREA_NEAREST:
    case VL_AREA_KEPT:
        vl__log(im->ctx, VL_LOG_WARNING, "%s:%zu: column %s: %s", im->path, im->line,
                colname(im, i), res.message);
        break;
    case VL_AREA_UNKNOWN: {
        /* "1" for 01: a code Excel stored as a number */
        size_t n = strlen(text);
        if (n < 5 && strspn(text, "0123456789") == n) {
            char fixed[8];
            for (size_t zeros = 1; zeros <= 2 && n + zeros <= 5; zeros++) {
                snprintf(fixed, sizeof fixed, "%.*s%s", (int)zeros, "00", text);
                vl_area_resolution z;
                if (vl_area_resolve(im->resolver, fixed, &z) != VL_OK) {
                    im->fatal = true;
                    return "";
                }
                if (z.outcome != VL_AREA_UNKNOWN) {
                    problem(im, colname(im, i),
                            "unknown area code '%s': area '%s' exists, so Excel probably dropped "
                            "the leading zero (format the column as Text and type %s)",
                            text, fixed, fixed);
                    return "";
                }
            }
        }
        if (vl_area_resolve(im->resolver, text, &res) != VL_OK) {
            im->fatal = true;
            return "";
        }
        problem(im, colname(im, i), "%s", res.message);
        return "";
    }
    default:
        problem(im, colname(im, i), "%s", res.message);
        return "";
    }
    *id = vl__area_resolution_id(&res);
    if (res.outcome == VL_AREA_FOUND && strcmp(res.area->code, text) == 0) {
        if (!vl__strmap_put(&im->areas, text, *id)) {
            problem(im, colname(im, i), "out of memory");
            return "";
        }
        return text;
    }
    const char *code = keep(im, vl__strdup(res.area->code));
    if (!code) {
        problem(im, colname(im, i), "out of memory");
        return "";
    }
    return code;
}

static bool occupation_ok(vl__importer *im, size_t i, const char *code)
{
    size_t n = strlen(code);
    if (n < 1 || n > 4 || strspn(code, "0123456789") != n) {
        problem(im, colname(im, i), "'%s' is not an ISCO-08 code (1 to 4 digits)", code);
        return false;
    }
    if (!exists(im, Q_OCCUPATION, code, NULL)) {
        char fixed[16];
        if (zero_lost(im, Q_OCCUPATION, code, 4, fixed, sizeof fixed))
            problem(im, colname(im, i),
                    "unknown ISCO-08 code '%s': Excel probably dropped the leading zero of %s "
                    "(%s); format the column as Text and type %s",
                    code, fixed, vl_occupation_title(fixed, NULL), fixed);
        else
            problem(im, colname(im, i), "unknown ISCO-08 code '%s'", code);
        return false;
    }
    return true;
}

/* Splits a list cell into im-owned items; false (with a problem) on too many items. */
static bool split(vl__importer *im, size_t i, char **items, size_t *n)
{
    *n = 0;
    const char *s = cell(im, i);
    if (!*s)
        return true;
    char *copy = keep(im, vl__strdup(s));
    if (!copy) {
        problem(im, colname(im, i), "out of memory");
        return false;
    }
    char *tmp[VL_LIST_MAX + 1];
    size_t k = vl_csv_split_list(copy, tmp, VL_LIST_MAX + 1);
    if (k > VL_LIST_MAX) {
        problem(im, colname(im, i), "more than %d items", VL_LIST_MAX);
        return false;
    }
    memcpy(items, tmp, k * sizeof *items);
    *n = k;
    return true;
}

/* Skills: labels as written plus folded keys; a skill twice (after folding) is a problem. */
static void get_skills(vl__importer *im, size_t i, vl__list *out)
{
    char *items[VL_LIST_MAX];
    size_t n;
    out->n = 0;
    if (!split(im, i, items, &n))
        return;
    for (size_t k = 0; k < n; k++) {
        if (strlen(items[k]) > TEXT_MAX || has_control(items[k])) {
            problem(im, colname(im, i), "skill %zu is too long or has control characters", k + 1);
            continue;
        }
        char *key = keep(im, vl_text_fold(items[k]));
        if (!key || !*key) {
            problem(im, colname(im, i), "skill '%s' has no letters or digits", items[k]);
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < out->n && !dup; j++)
            dup = strcmp(out->keys[j], key) == 0;
        if (dup) {
            problem(im, colname(im, i), "skill '%s' is listed twice (the same as '%s')", items[k],
                    key);
            continue;
        }
        out->items[out->n] = items[k];
        out->keys[out->n++] = key;
    }
}

static size_t get_langs(vl__importer *im, size_t i, vl_lang *langs)
{
    char *items[VL_LIST_MAX];
    size_t n, got = 0;
    if (!split(im, i, items, &n))
        return 0;
    for (size_t k = 0; k < n; k++) {
        char why[512];
        vl_lang l;
        if (!vl__lang_parse(im->ctx, items[k], &l, why, sizeof why)) {
            problem(im, colname(im, i), "%s", why);
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < got && !dup; j++)
            dup = strcmp(langs[j].code, l.code) == 0;
        if (dup) {
            problem(im, colname(im, i), "language '%s' is listed twice", l.code);
            continue;
        }
        langs[got++] = l;
    }
    return got;
}

static int get_education(vl__importer *im, size_t i)
{
    const char *s = cell(im, i);
    int e = VL_EDU_UNKNOWN;
    if (*s && !vl__education_parse(s, &e)) {
        problem(im, colname(im, i),
                "'%s' is not an education level (none, primary, lower_secondary, "
                "upper_secondary, elementary, intermediate, college, university, master, "
                "doctorate, or a Vietnamese name such as 'đại học', 'cao đẳng', 'trung cấp')",
                s);
        return VL_EDU_UNKNOWN;
    }
    return e;
}

/* "JP" from "jp"; false when not an assigned ISO 3166 alpha-2 code. */
static bool country_code(const char *s, char out[3])
{
    if (strlen(s) != 2)
        return false;
    for (int k = 0; k < 2; k++)
        out[k] = (char)(s[k] >= 'a' && s[k] <= 'z' ? s[k] - 'a' + 'A' : s[k]);
    out[2] = '\0';
    return vl__country_valid(out);
}

/* ---- duplicates within the file ------------------------------------------------------------ */

/* Records key as seen on this line; false (with a problem) if an earlier line had it. */
static bool first_time(vl__importer *im, size_t i, const char *key, const char *shown)
{
    if (im->server) {
        int64_t first = 0;
        if (!vl__strmap_get(&im->seen, key, &first)) {
            if (!vl__strmap_put(&im->seen, key, (int64_t)im->line))
                problem(im, NULL, "out of memory");
            return true;
        }
        problem(im, colname(im, i), "duplicate %s '%s' (first on line %lld)", colname(im, i), shown,
                (long long)first);
        return false;
    }
    vl__stmt *s = im->q[Q_SEEN_INSERT];
    vl__reset(s);
    vl__bind_text(s, 1, key, false);
    vl__bind_int64(s, 2, (int64_t)im->line);
    if (vl__step(s) != VL__DONE) {
        fatal_db(im, "checking duplicates");
        return false;
    }
    vl__reset(s);
    if (vl__db_changes(im->db) > 0)
        return true;
    s = im->q[Q_SEEN_LINE];
    vl__reset(s);
    vl__bind_text(s, 1, key, false);
    long long first = vl__step(s) == VL__ROW ? vl__col_int64(s, 0) : 0;
    vl__reset(s);
    problem(im, colname(im, i), "duplicate %s '%s' (first on line %lld)", colname(im, i), shown,
            first);
    return false;
}

/* ---- writing ------------------------------------------------------------------------------- */

typedef enum { ROW_NEW, ROW_SAME, ROW_CHANGED } row_state;

/* Compares the canonical text's SHA-256 with the stored one (the row named by id, and id2 when
 * the key has two parts: an area's list and code). */
static row_state classify(vl__importer *im, const char *id, const char *id2, char sig[65])
{
    vl__canon_sig(&im->canon, sig);
    vl__stmt *s = im->q[Q_SIG];
    vl__reset(s);
    vl__bind_text(s, 1, id, false);
    if (id2)
        vl__bind_text(s, 2, id2, false);
    int rc = vl__step(s);
    row_state r = ROW_NEW;
    if (rc == VL__ROW)
        r = strcmp(vl__col_text(s, 0), sig) == 0 ? ROW_SAME : ROW_CHANGED;
    else if (rc != VL__DONE)
        fatal_db(im, "reading a stored row");
    vl__reset(s);
    return r;
}

static bool step_done(vl__importer *im, int q, const char *what)
{
    vl__stmt *s = im->q[q];
    int rc = vl__step(s);
    /* an update of a record that exists and changed writes one row; none written means the
     * database's rules hid the row from this role (PostgreSQL row-level security: another
     * province's record), and saying "updated" would be false */
    bool none = rc == VL__DONE && q == Q_UPDATE && vl__db_changes(im->db) == 0;
    vl__reset(s);
    vl__clear_bindings(s);
    if (rc != VL__DONE) {
        fatal_db(im, what);
        return false;
    }
    if (none) {
        problem(im, NULL,
                "the record belongs to another province: your database role may change only "
                "its own provinces' records");
        return false;
    }
    return true;
}

static void bind_num(vl__stmt *s, int i, bool has, double v)
{
    if (has)
        vl__bind_double(s, i, v);
    else
        vl__bind_null(s, i);
}

static void bind_int(vl__stmt *s, int i, bool has, long long v)
{
    if (has)
        vl__bind_int64(s, i, v);
    else
        vl__bind_null(s, i);
}

/* Deletes the children of id from child tables 1..n (before rewriting them). */
static bool delete_children(vl__importer *im, const char *id, int n)
{
    for (int k = 0; k < n; k++) {
        vl__bind_text(im->q[Q_CHILD_DELETE1 + k], 1, id, false);
        if (!step_done(im, Q_CHILD_DELETE1 + k, "replacing a row's lists"))
            return false;
    }
    return true;
}

/*
 * Writes a list to a child table: (id, [flag,] pos, item[, key]); flag < 0 = no flag column,
 * the key is written when the statement has a parameter for it.
 */
static bool write_strings(vl__importer *im, int q, const char *id, const vl__list *l, int flag)
{
    for (size_t k = 0; k < l->n; k++) {
        vl__stmt *s = im->q[q];
        int p = 1;
        vl__bind_text(s, p++, id, false);
        if (flag >= 0)
            vl__bind_int(s, p++, flag);
        vl__bind_int64(s, p++, (int64_t)k + 1);
        vl__bind_text(s, p++, l->items[k], false);
        if (vl__param_count(s) >= p)
            vl__bind_text(s, p, l->keys[k], false);
        if (!step_done(im, q, "writing a list"))
            return false;
    }
    return true;
}

static bool write_langs(vl__importer *im, int q, const char *id, const vl_lang *l, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        vl__stmt *s = im->q[q];
        char level[8];
        vl__lang_level_text(&l[k], level);
        vl__bind_text(s, 1, id, false);
        vl__bind_int64(s, 2, (int64_t)k + 1);
        vl__bind_text(s, 3, l[k].code, false);
        vl__bind_text(s, 4, vl__lang_scheme_name(l[k].scheme), false);
        vl__bind_text(s, 5, level, false);
        vl__bind_int(s, 6, l[k].cefr);
        if (!step_done(im, q, "writing languages"))
            return false;
    }
    return true;
}

static void count(vl__importer *im, row_state r)
{
    if (im->bulk)
        return; /* counted when the staged rows are merged */
    if (r == ROW_NEW)
        im->stats.inserted++;
    else if (r == ROW_CHANGED)
        im->stats.updated++;
    else
        im->stats.unchanged++;
}

/* After a valid row was canonicalised (canon_ok: the vl__canon_* result, false only when out of
 * memory): true when it must be written, with its signature in sig and in *st whether it is new
 * or changed; false when out of memory or unchanged (counted) or the import failed. */
static bool to_write(vl__importer *im, bool canon_ok, const char *id, const char *id2, char sig[65],
                     row_state *st)
{
    if (!canon_ok) {
        problem(im, NULL, "out of memory");
        return false;
    }
    if (im->bulk) {
        /* staged as it is; the merge tells new, changed and unchanged rows apart */
        vl__canon_sig(&im->canon, sig);
        *st = ROW_NEW;
        return true;
    }
    *st = classify(im, id, id2, sig);
    if (*st == ROW_SAME || im->fatal) {
        count(im, *st);
        return false;
    }
    return true;
}

/* ---- areas --------------------------------------------------------------------------------- */

enum { A_CODE, A_NAME, A_PARENT, A_LAT, A_LON, A_LEVEL, A_FROM, A_TO, A_VERSION, A_KM2, A_CENTRE };

/* The parent of an area row: the row of the same list with that code; its id and level. */
static bool parent_area(vl__importer *im, const char *version, const char *code, int64_t *id,
                        int *level)
{
    vl__stmt *s = im->q[Q_AREA];
    vl__reset(s);
    vl__bind_text(s, 1, version, false);
    vl__bind_text(s, 2, code, false);
    int rc = vl__step(s);
    if (rc == VL__ROW) {
        *id = vl__col_int64(s, 0);
        *level = vl__col_int(s, 1);
    } else if (rc != VL__DONE) {
        fatal_db(im, "looking up a parent area");
    }
    vl__reset(s);
    return rc == VL__ROW;
}

/*
 * An area row. An area is identified by its list (`version`) and code, since codes were reused
 * across the 2025 reform; its parent is a code of the same list. A row imported here is the
 * centre's own (source 'import'): `vieclam init` never overwrites it.
 */
static void row_area(vl__importer *im)
{
    vl__area_row r = {0};
    r.code = get_id(im, A_CODE, true);
    r.version = get_id(im, A_VERSION, false);
    if (!*r.version)
        r.version = DEFAULT_AREA_VERSION;
    if (*r.code) {
        vl_buf key = {0};
        char shown[160];
        snprintf(shown, sizeof shown, "%s (%s)", r.code, r.version);
        if (vl_buf_printf(&key, "%s\x1f%s", r.version, r.code))
            first_time(im, A_CODE, key.data, shown);
        vl_buf_free(&key);
    }
    r.name = get_text(im, A_NAME, true);
    r.parent = get_id(im, A_PARENT, false);
    int parent_level = 0;
    int64_t parent_id = 0;
    if (*r.parent) {
        if (strcmp(r.parent, r.code) == 0)
            problem(im, "parent", "an area cannot be its own parent");
        else if (!parent_area(im, r.version, r.parent, &parent_id, &parent_level))
            problem(im, "parent",
                    "unknown area code '%s' in %s (a parent must be of the same list and come "
                    "before its children)",
                    r.parent, r.version);
    }
    double lat = 0, lon = 0;
    bool has_lat = get_num(im, A_LAT, -90, 90, &lat);
    bool has_lon = get_num(im, A_LON, -180, 180, &lon);
    if (!*cell(im, A_LAT) != !*cell(im, A_LON))
        problem(im, *cell(im, A_LAT) ? "lon" : "lat",
                "lat and lon go together: give both or neither");
    r.has_latlon = has_lat && has_lon;
    r.lat = lat;
    r.lon = lon;
    r.centre = cell(im, A_CENTRE);
    if (*r.centre && !r.has_latlon) {
        problem(im, "centre", "'%s' without lat and lon", r.centre);
    } else if (*r.centre && strcmp(r.centre, "published") != 0 &&
               strcmp(r.centre, "derived") != 0 && strcmp(r.centre, "given") != 0) {
        problem(im, "centre", "'%s' is not published, derived or given", r.centre);
    } else if (!*r.centre) {
        r.centre = "given";
    }
    r.has_area = get_num(im, A_KM2, 0, 1e6, &r.area_km2);
    long long level = 0;
    if (get_int(im, A_LEVEL, 1, 3, &level)) {
        if (parent_level && level <= parent_level)
            problem(im, "level", "level %lld is not below its parent's level %d", level,
                    parent_level);
    } else if (!*cell(im, A_LEVEL)) {
        /* without a level: a top area is a province, an area under one a commune (districts
         * were abolished on 2025-07-01; a district must say level 2) */
        level = !*r.parent ? 1 : 3;
        if (parent_level >= 3)
            problem(im, "parent", "'%s' is a commune; nothing lies below a commune", r.parent);
    }
    r.level = (int)level;
    r.valid_from = get_date(im, A_FROM);
    r.valid_to = get_date(im, A_TO);
    char other[160];
    if (r.valid_from && r.valid_to && r.valid_to < r.valid_from)
        problem(im, "valid_to", "'%s' is before %s", cell(im, A_TO),
                other_col(im, "valid_from", other, sizeof other));
    if (im->row_problems || im->fatal)
        return;
    char sig[65];
    row_state st;
    if (!to_write(im, vl__canon_area(&r, &im->canon), r.version, r.code, sig, &st))
        return;
    char *key = keep(im, vl__area_key(r.name, false));
    char *short_key = keep(im, vl__area_key(r.name, true));
    if (!key || !short_key) {
        problem(im, NULL, "out of memory");
        return;
    }
    int q = st == ROW_NEW ? Q_INSERT : Q_UPDATE;
    vl__stmt *s = im->q[q];
    vl__bind_text(s, 1, r.version, false);
    vl__bind_text(s, 2, r.code, false);
    vl__bind_text(s, 3, r.name, false);
    vl__bind_text(s, 4, key, false);
    vl__bind_text(s, 5, short_key, false);
    bind_int(s, 6, parent_id != 0, parent_id);
    vl__bind_int(s, 7, r.level);
    bind_num(s, 8, r.has_latlon, r.lat);
    bind_num(s, 9, r.has_latlon, r.lon);
    vl__bind_text(s, 10, r.has_latlon ? r.centre : NULL, true);
    bind_num(s, 11, r.has_area, r.area_km2);
    vl__bind_date(s, 12, r.valid_from);
    vl__bind_date(s, 13, r.valid_to);
    vl__bind_text(s, 14, sig, false);
    if (step_done(im, q, "writing an area"))
        count(im, st);
}

/* ---- employers ----------------------------------------------------------------------------- */

enum { E_ID, E_NAME, E_INDUSTRY, E_AREA, E_ADDRESS, E_PHONE };

/*
 * A phone cell, canonical ("" when empty): THE phone rule of seekers and employers alike. The
 * reason never quotes the value (a seeker's phone is personal data).
 */
static const char *get_phone(vl__importer *im, size_t col)
{
    char *phone = keep(im, vl__phone_canonical(cell(im, col)));
    if (!phone && vl__phone_lost_zero(cell(im, col)))
        problem(im, colname(im, col),
                "the phone number does not start with 0: Excel probably dropped the leading "
                "zero (format the column as Text and type the number with its 0, or write it "
                "with +84)");
    else if (!phone)
        problem(im, colname(im, col),
                "not a phone number (9 to 15 digits starting with 0, or + and the country "
                "code; spaces, dots and dashes are ignored)");
    return phone ? phone : "";
}

/*
 * The two columns that came after the first contract (an employer's address and phone, a
 * seeker's phone and ID card: cols[0] and cols[1]) that the file's header does not have are
 * read as the stored record's values (none for a new id), into *a and *b: a file of the first
 * contract, or any file without them, changes neither them nor, when nothing else changed, the
 * record. A column the header has, even empty, is the file's word.
 */
static void stored_late(vl__importer *im, const char *id, const size_t cols[2], const char **a,
                        const char **b)
{
    if ((im->map[cols[0]] >= 0 && im->map[cols[1]] >= 0) || !*id || im->fatal)
        return;
    if (!im->late && vl__db_prepare(im->ctx, im->db,
                                    im->kind == VL_KIND_SEEKERS
                                        ? "SELECT phone, id_card FROM seekers WHERE id = ?"
                                        : "SELECT address, phone FROM employers WHERE id = ?",
                                    &im->late) != VL_OK) {
        im->fatal = true;
        return;
    }
    vl__reset(im->late);
    vl__bind_text(im->late, 1, id, false);
    int rc = vl__step(im->late);
    const char **out[2] = {a, b};
    for (int k = 0; rc == VL__ROW && k < 2; k++) {
        if (im->map[cols[k]] >= 0)
            continue;
        char *v = keep(im, vl__strdup(vl__col_text(im->late, k)));
        if (!v) {
            problem(im, NULL, "out of memory");
            break;
        }
        *out[k] = v;
    }
    if (rc != VL__ROW && rc != VL__DONE)
        fatal_db(im, "reading a record's stored contacts");
    vl__reset(im->late);
}

static void row_employer(vl__importer *im)
{
    vl__employer_row r = {0};
    r.id = get_file_id(im, E_ID);
    if (*r.id)
        first_time(im, E_ID, r.id, r.id);
    r.name = get_text(im, E_NAME, true);
    r.industry = get_id(im, E_INDUSTRY, false);
    if (*r.industry && !exists(im, Q_INDUSTRY, r.industry, NULL))
        problem(im, "industry", "unknown industry code '%s' (a VSIC code such as 'C')", r.industry);
    int64_t area_id;
    r.area = get_area(im, E_AREA, &area_id);
    r.address = get_address(im, E_ADDRESS);
    r.phone = get_phone(im, E_PHONE);
    if (im->row_problems || im->fatal)
        return;
    stored_late(im, r.id, (const size_t[2]){E_ADDRESS, E_PHONE}, &r.address, &r.phone);
    if (im->row_problems || im->fatal)
        return;
    char sig[65];
    row_state st;
    if (!to_write(im, vl__canon_employer(&r, &im->canon), r.id, NULL, sig, &st))
        return;
    int q = st == ROW_NEW ? Q_INSERT : Q_UPDATE;
    vl__stmt *s = im->q[q];
    vl__bind_text(s, 1, r.id, false);
    vl__bind_text(s, 2, r.name, false);
    vl__bind_text(s, 3, r.industry, true);
    bind_int(s, 4, area_id != 0, area_id);
    vl__bind_text(s, 5, sig, false);
    vl__bind_text(s, 6, r.address, true);
    vl__bind_text(s, 7, r.phone, true);
    if (step_done(im, q, "writing an employer"))
        count(im, st);
}

/* ---- vacancies ----------------------------------------------------------------------------- */

enum {
    V_ID,
    V_EMPLOYER,
    V_TITLE,
    V_OCCUPATION,
    V_REQ,
    V_PREF,
    V_EDU,
    V_EXP,
    V_LANGS,
    V_WMIN,
    V_WMAX,
    V_POSITIONS,
    V_AREA,
    V_COUNTRY,
    V_AGEMIN,
    V_AGEMAX,
    V_POSTED,
    V_CLOSES,
    V_FAIR
};

static void row_vacancy(vl__importer *im)
{
    vl__vacancy_row r;
    memset(&r, 0, sizeof r);
    r.id = get_file_id(im, V_ID);
    if (*r.id)
        first_time(im, V_ID, r.id, r.id);
    r.employer = get_id(im, V_EMPLOYER, true);
    if (*r.employer && !exists(im, Q_EMPLOYER, r.employer, NULL))
        problem(im, "employer", "unknown employer id '%s'", r.employer);
    r.title = get_text(im, V_TITLE, true);
    r.occupation = get_id(im, V_OCCUPATION, true);
    if (*r.occupation)
        occupation_ok(im, V_OCCUPATION, r.occupation);
    get_skills(im, V_REQ, &r.req);
    get_skills(im, V_PREF, &r.pref);
    for (size_t a = 0; a < r.req.n; a++)
        for (size_t b = 0; b < r.pref.n; b++)
            if (strcmp(r.req.keys[a], r.pref.keys[b]) == 0)
                problem(im, "skills_preferred", "skill '%s' is already required", r.pref.items[b]);
    r.education_min = get_education(im, V_EDU);
    r.has_experience = get_num(im, V_EXP, 0, EXPERIENCE_MAX, &r.experience_min);
    r.n_langs = get_langs(im, V_LANGS, r.langs);
    r.has_wage_min = get_wage(im, V_WMIN, &r.wage_min);
    r.has_wage_max = get_wage(im, V_WMAX, &r.wage_max);
    char other[160];
    if (r.has_wage_min && r.has_wage_max && r.wage_max < r.wage_min)
        problem(im, "wage_max", "'%s' is below %s '%s'", cell(im, V_WMAX),
                other_col(im, "wage_min", other, sizeof other), cell(im, V_WMIN));
    r.has_positions = get_int(im, V_POSITIONS, 0, POSITIONS_MAX, &r.positions);
    const char *country = cell(im, V_COUNTRY);
    if (!*country)
        country = "VN";
    if (!country_code(country, r.country)) {
        problem(im, "country", "'%s' is not an ISO 3166 alpha-2 country code", country);
        snprintf(r.country, sizeof r.country, "VN");
    }
    int64_t area_id = 0;
    if (strcmp(r.country, "VN") == 0) {
        r.area = get_area(im, V_AREA, &area_id);
        if (!*cell(im, V_AREA))
            problem(im, "area", "empty; a vacancy in Viet Nam needs an area code");
    } else {
        r.area = "";
        if (*cell(im, V_AREA))
            problem(im, "area", "a vacancy abroad (%s) has no area: leave it empty", r.country);
    }
    r.has_age_min = get_int(im, V_AGEMIN, AGE_MIN, AGE_MAX, &r.age_min);
    r.has_age_max = get_int(im, V_AGEMAX, AGE_MIN, AGE_MAX, &r.age_max);
    if (r.has_age_min && r.has_age_max && r.age_max < r.age_min)
        problem(im, "age_max", "'%s' is below %s '%s'", cell(im, V_AGEMAX),
                other_col(im, "age_min", other, sizeof other), cell(im, V_AGEMIN));
    r.posted = get_date(im, V_POSTED);
    r.closes = get_date(im, V_CLOSES);
    if (r.posted && r.closes && r.closes < r.posted)
        problem(im, "closes", "'%s' is before %s '%s'", cell(im, V_CLOSES),
                other_col(im, "posted", other, sizeof other), cell(im, V_POSTED));
    r.fair = get_id(im, V_FAIR, false);
    if (im->row_problems || im->fatal)
        return;
    char sig[65];
    row_state st;
    if (!to_write(im, vl__canon_vacancy(&r, &im->canon), r.id, NULL, sig, &st))
        return;
    if (*r.fair && !(im->bulk && vl__strmap_get(&im->fairs, r.fair, NULL))) {
        vl__bind_text(im->q[Q_FAIR], 1, r.fair, false);
        if (!step_done(im, Q_FAIR, "registering a fair"))
            return;
        if (im->bulk && !vl__strmap_put(&im->fairs, r.fair, 1)) {
            problem(im, NULL, "out of memory");
            return;
        }
    }
    int q = st == ROW_NEW ? Q_INSERT : Q_UPDATE;
    vl__stmt *s = im->q[q];
    const char *edu = vl__education_name(r.education_min);
    vl__bind_text(s, 1, r.id, false);
    vl__bind_text(s, 2, r.employer, false);
    vl__bind_text(s, 3, r.title, false);
    vl__bind_text(s, 4, r.occupation, false);
    vl__bind_text(s, 5, edu, true);
    bind_num(s, 6, r.has_experience, r.experience_min);
    bind_num(s, 7, r.has_wage_min, r.wage_min);
    bind_num(s, 8, r.has_wage_max, r.wage_max);
    bind_int(s, 9, r.has_positions, r.positions);
    bind_int(s, 10, area_id != 0, area_id);
    vl__bind_text(s, 11, r.country, false);
    bind_int(s, 12, r.has_age_min, r.age_min);
    bind_int(s, 13, r.has_age_max, r.age_max);
    vl__bind_date(s, 14, r.posted);
    vl__bind_date(s, 15, r.closes);
    vl__bind_text(s, 16, r.fair, true);
    vl__bind_text(s, 17, sig, false);
    if (!step_done(im, q, "writing a vacancy"))
        return;
    if (st == ROW_CHANGED && !delete_children(im, r.id, 2))
        return;
    if (write_strings(im, Q_CHILD1, r.id, &r.req, 1) &&
        write_strings(im, Q_CHILD1, r.id, &r.pref, 0) &&
        write_langs(im, Q_CHILD2, r.id, r.langs, r.n_langs))
        count(im, st);
}

/* ---- seekers ------------------------------------------------------------------------------- */

enum {
    S_ID,
    S_NAME,
    S_BIRTH,
    S_GENDER,
    S_AREA,
    S_EDU,
    S_OCC,
    S_SKILLS,
    S_EXP,
    S_LANGS,
    S_WMIN,
    S_COMMUTE,
    S_ABROAD,
    S_PRIORITY,
    S_REGISTERED,
    S_STATUS,
    S_PHONE,
    S_ID_CARD
};

/*
 * Erasure sticks (Decree 13/2023/ND-CP): a row of an erased seeker (its id in the seekers kind,
 * its `seeker` in referrals and counselling) that carries any of the personal columns an
 * erasure empties (vl_personal_columns) is refused, whether it comes from an old file or the
 * desk's form. The same row without them (an export made after the erasure) is accepted, so
 * exports and `copy` still round-trip. Seekers also stay withdrawn. The reason names the date,
 * never the data.
 */
static void erased_row(vl__importer *im, size_t id_col, bool withdrawn)
{
    int64_t on;
    const char *id = cell(im, id_col);
    if (!*id || !vl__strmap_get(&im->erased, id, &on))
        return;
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-%02d", (int)(on / 10000), (int)(on / 100 % 100),
             (int)(on % 100));
    size_t n;
    const vl_personal_column *pc = vl_personal_columns(&n);
    for (size_t k = 0; k < n; k++) {
        if (pc[k].subject != VL_PD_SEEKER || pc[k].kind != (int)im->kind || !pc[k].csv ||
            pc[k].erase == VL_PD_KEEP)
            continue;
        size_t i = 0;
        while (i < im->nspec && strcmp(im->spec[i], pc[k].csv) != 0)
            i++;
        if (i == im->nspec || !*cell(im, i))
            continue;
        if (im->kind == VL_KIND_SEEKERS)
            problem(im, colname(im, id_col),
                    "this person's personal data was erased on %s (at their request or by the "
                    "retention rule) and is not imported again; registering again needs a new "
                    "registration with a new id",
                    date);
        else
            problem(im, pc[k].csv,
                    "seeker '%s' was erased on %s: their personal data is not imported again "
                    "(leave this column empty)",
                    id, date);
        return;
    }
    if (!withdrawn)
        problem(im, "status",
                "this person's personal data was erased on %s: the record stays withdrawn "
                "(registering again needs a new registration with a new id)",
                date);
}

static void row_seeker(vl__importer *im)
{
    vl__seeker_row r;
    memset(&r, 0, sizeof r);
    r.id = get_file_id(im, S_ID);
    if (*r.id)
        first_time(im, S_ID, r.id, r.id);
    /* personal data: checked, never quoted in a reason */
    r.name = cell(im, S_NAME);
    if (strlen(r.name) > TEXT_MAX || has_control(r.name))
        problem(im, "name", "too long or contains a control character");
    else if (formula_like(r.name))
        problem(im, "name",
                "starts with '%c', as a spreadsheet formula does: a spreadsheet "
                "would run it",
                r.name[0]);
    else if (vl_text_invisible(r.name, VL_TEXT_NAME))
        problem(im, "name", "contains a bidi control, which reorders how the name shows");
    const char *by = cell(im, S_BIRTH);
    if (*by) {
        int this_year = vl__today() / 10000;
        long long y;
        if (!vl_parse_long(by, &y) || y < this_year - 100 || y > this_year - AGE_MIN + 1)
            problem(im, "birth_year",
                    "not a plausible birth year (a whole number from %d to "
                    "%d)",
                    this_year - 100, this_year - AGE_MIN + 1);
        else {
            r.has_birth_year = true;
            r.birth_year = y;
        }
    }
    r.gender = "";
    const char *g = cell(im, S_GENDER);
    if (*g && !vl__gender_parse(g, &r.gender))
        problem(im, "gender", "not male, female or other (nam, nữ, khác)"); /* not quoted */
    int64_t area_id;
    r.area = get_area(im, S_AREA, &area_id);
    r.education = get_education(im, S_EDU);
    char *occ[VL_LIST_MAX];
    size_t nocc;
    if (split(im, S_OCC, occ, &nocc))
        for (size_t k = 0; k < nocc; k++) {
            if (!occupation_ok(im, S_OCC, occ[k]))
                continue;
            bool dup = false;
            for (size_t j = 0; j < r.occupations.n && !dup; j++)
                dup = strcmp(r.occupations.items[j], occ[k]) == 0;
            if (dup)
                problem(im, "occupations", "'%s' is listed twice", occ[k]);
            else
                r.occupations.items[r.occupations.n++] = occ[k];
        }
    get_skills(im, S_SKILLS, &r.skills);
    r.has_experience = get_num(im, S_EXP, 0, EXPERIENCE_MAX, &r.experience_years);
    r.n_langs = get_langs(im, S_LANGS, r.langs);
    r.has_wage_min = get_wage(im, S_WMIN, &r.wage_min);
    r.has_commute = get_num(im, S_COMMUTE, 0, COMMUTE_MAX, &r.max_commute_km);
    char *ab[VL_LIST_MAX];
    size_t nab;
    if (split(im, S_ABROAD, ab, &nab))
        for (size_t k = 0; k < nab; k++) {
            char cc[3];
            if (strcmp(ab[k], "*") == 0) {
                if (nab > 1)
                    problem(im, "abroad", "'*' (any country) must stand alone");
                else
                    r.abroad.items[r.abroad.n++] = "*";
                continue;
            }
            if (!country_code(ab[k], cc)) {
                problem(im, "abroad", "'%s' is not an ISO 3166 alpha-2 country code", ab[k]);
                continue;
            }
            if (strcmp(cc, "VN") == 0) {
                problem(im, "abroad", "VN is home, not abroad");
                continue;
            }
            char *c = keep(im, vl__strdup(cc));
            bool dup = false;
            for (size_t j = 0; j < r.abroad.n && !dup; j++)
                dup = strcmp(r.abroad.items[j], cc) == 0;
            if (dup)
                problem(im, "abroad", "'%s' is listed twice", cc);
            else if (!c)
                problem(im, "abroad", "out of memory"); /* fails the import, never drops it */
            else
                r.abroad.items[r.abroad.n++] = c;
        }
    char *pr[VL_LIST_MAX];
    size_t npr;
    unsigned seen = 0;
    if (split(im, S_PRIORITY, pr, &npr))
        for (size_t k = 0; k < npr; k++) {
            unsigned bit;
            /* priority groups are sensitive: name the item by position, never quote it */
            if (!vl__priority_parse(pr[k], &bit))
                problem(im, "priority",
                        "item %zu is not a priority group (poor, near_poor, disability, "
                        "ethnic_minority, rural, demobilised, other)",
                        k + 1);
            else if (seen & bit)
                problem(im, "priority", "item %zu repeats a group", k + 1);
            else if (r.n_priority < VL_ARRAY_LEN(r.priority_order)) {
                seen |= bit;
                r.priority_order[r.n_priority++] = bit;
            }
        }
    /* personal data: the reasons never quote the value */
    r.phone = get_phone(im, S_PHONE);
    const char *card = keep(im, vl__id_card_canonical(cell(im, S_ID_CARD)));
    if (!card) {
        problem(im, NULL, "out of memory");
        card = "";
    }
    if (*card && vl__id_card_lost_zero(card))
        problem(im, "id_card",
                "%zu digits: Excel probably dropped the leading zero of the ID card number "
                "(format the column as Text and type all 9 or 12 digits)",
                strlen(card));
    else if (*card && !vl__id_card_valid(card))
        problem(im, "id_card", "not an ID card number (9 or 12 digits)");
    r.id_card = card;
    r.registered = get_date(im, S_REGISTERED);
    if (r.registered > im->latest) /* a typo of the year, or a day-month swap */
        problem(im, "registered", "'%s' is after today", cell(im, S_REGISTERED));
    r.status = VL_SEEKER_ACTIVE;
    const char *stt = cell(im, S_STATUS);
    if (*stt && !vl__status_parse(stt, &r.status))
        problem(im, "status", "'%s' is not a status (active, placed, withdrawn)", stt);
    else if (*r.id && !im->row_problems)
        erased_row(im, S_ID, r.status == VL_SEEKER_WITHDRAWN);
    if (im->row_problems || im->fatal)
        return;
    stored_late(im, r.id, (const size_t[2]){S_PHONE, S_ID_CARD}, &r.phone, &r.id_card);
    if (im->row_problems || im->fatal)
        return;
    char sig[65];
    row_state st;
    if (!to_write(im, vl__canon_seeker(&r, &im->canon), r.id, NULL, sig, &st))
        return;
    int q = st == ROW_NEW ? Q_INSERT : Q_UPDATE;
    vl__stmt *s = im->q[q];
    vl__bind_text(s, 1, r.id, false);
    vl__bind_text(s, 2, r.name, true);
    bind_int(s, 3, r.has_birth_year, r.birth_year);
    vl__bind_text(s, 4, r.gender, true);
    bind_int(s, 5, area_id != 0, area_id);
    vl__bind_text(s, 6, vl__education_name(r.education), true);
    bind_num(s, 7, r.has_experience, r.experience_years);
    bind_num(s, 8, r.has_wage_min, r.wage_min);
    bind_num(s, 9, r.has_commute, r.max_commute_km);
    vl__bind_date(s, 10, r.registered);
    vl__bind_text(s, 11, vl__status_name(r.status), false);
    vl__bind_text(s, 12, sig, false);
    vl__bind_text(s, 13, r.phone, true);
    vl__bind_text(s, 14, r.id_card, true);
    /* the folded name the desk searches by (personal data like the name itself); a name that
     * cannot be folded for want of memory must not be stored without its key */
    char *name_key = *r.name ? keep(im, vl_text_fold(r.name)) : NULL;
    if (*r.name && !name_key) {
        vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
        im->fatal = true;
        return;
    }
    vl__bind_text(s, 15, name_key, true);
    if (!step_done(im, q, "writing a seeker"))
        return;
    if (st == ROW_CHANGED && !delete_children(im, r.id, 5))
        return;
    vl__list prio = {0};
    for (size_t k = 0; k < r.n_priority; k++)
        prio.items[prio.n++] = vl__priority_name(r.priority_order[k]);
    if (write_strings(im, Q_CHILD1, r.id, &r.occupations, -1) &&
        write_strings(im, Q_CHILD2, r.id, &r.skills, -1) &&
        write_langs(im, Q_CHILD3, r.id, r.langs, r.n_langs) &&
        write_strings(im, Q_CHILD4, r.id, &r.abroad, -1) &&
        write_strings(im, Q_CHILD5, r.id, &prio, -1))
        count(im, st);
}

/* ---- history ------------------------------------------------------------------------------- */

enum { H_SERIES, H_PERIOD, H_VALUE };

static void json_string(vl_buf *b, const char *s)
{
    vl_buf_puts(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            vl_buf_append(b, e, 2);
        } else if (c < 0x20) {
            vl_buf_printf(b, "\\u%04x", c);
        } else {
            vl_buf_append(b, s, 1);
        }
    }
    vl_buf_puts(b, "\"");
}

/*
 * The bulk path's frequency rule: the series' frequency and first period come from a map
 * loaded from the stored history and kept up to date with the file's rows (the same answer as
 * the Q_FREQ query, which sees stored and earlier rows).
 */
static void bulk_freq(vl__importer *im, const char *series, const char *keys, vl_period p,
                      const char *ptxt)
{
    vl_buf k = {0};
    if (!vl_buf_printf(&k, "%s\x1f%s", series, keys)) {
        problem(im, NULL, "out of memory");
        return;
    }
    int64_t v = 0;
    if (!vl__strmap_get(&im->freqs, k.data, &v)) {
        /* value: freq * 2^40 + offset of the period text in freq_periods */
        size_t off = im->freq_periods.len;
        if (!vl_buf_append(&im->freq_periods, ptxt, strlen(ptxt) + 1) ||
            !vl__strmap_put(&im->freqs, k.data, ((int64_t)p.freq << 40) | (int64_t)off))
            problem(im, NULL, "out of memory");
    } else if ((int)(v >> 40) == p.freq) {
        /* "such as" names the first period in order, as the query's LIMIT 1 does */
        const char *first = im->freq_periods.data + (v & (((int64_t)1 << 40) - 1));
        size_t off = im->freq_periods.len;
        if (strcmp(ptxt, first) < 0 &&
            (!vl_buf_append(&im->freq_periods, ptxt, strlen(ptxt) + 1) ||
             !vl__strmap_put(&im->freqs, k.data, ((int64_t)p.freq << 40) | (int64_t)off)))
            problem(im, NULL, "out of memory");
    } else {
        int f = (int)(v >> 40);
        problem(im, "period", "series '%s' %s already has %s periods such as %s; this one is %s",
                series, keys,
                f == 4    ? "quarterly"
                : f == 12 ? "monthly"
                          : "yearly",
                im->freq_periods.data + (v & (((int64_t)1 << 40) - 1)), ptxt);
    }
    vl_buf_free(&k);
}

static void row_history(vl__importer *im)
{
    const char *series = get_text(im, H_SERIES, true);
    const char *ptext = cell(im, H_PERIOD);
    vl_period p = {0};
    if (!*ptext)
        problem(im, "period", "empty; a value is required");
    else if (!vl_period_read(ptext, &p))
        problem(im, "period",
                "'%s' is not a period (YYYYQn, YYYY-MM or YYYY; also Quý 1/2024, Q1/2024, "
                "03/2024)",
                ptext);
    const char *vtext = cell(im, H_VALUE);
    double v = 0;
    char vbuf[64];
    /* with --numbers vi, "1.234" is a thousand two hundred and thirty-four, as in every kind */
    const char *num = *vtext ? number_cell(im, H_VALUE, vtext, vbuf, sizeof vbuf) : vtext;
    if (!*vtext)
        problem(im, "value", "empty; a value is required");
    else if (num && !vl_parse_double(num, &v))
        not_a_number(im, H_VALUE, vtext, "a number");
    /* the identity: key names sorted, empty values left out */
    const char *order[HISTORY_KEYS];
    for (size_t k = 0; k < im->n_keys; k++)
        order[k] = im->key_names[k];
    qsort(order, im->n_keys, sizeof *order, vl__cmp_str);
    vl_buf keys = {0};
    vl_buf_puts(&keys, "{");
    bool firstk = true;
    for (size_t k = 0; k < im->n_keys; k++) {
        size_t col = 0;
        while (col < im->n_keys && im->key_names[col] != order[k])
            col++;
        long fc = im->key_col[col];
        const char *val = (size_t)fc < im->ncells ? im->cells[fc] : "";
        if (has_control(val))
            problem(im, order[k], "contains a control character");
        if (!*val)
            continue;
        if (!firstk)
            vl_buf_puts(&keys, ",");
        firstk = false;
        json_string(&keys, order[k]);
        vl_buf_puts(&keys, ":");
        json_string(&keys, val);
    }
    vl_buf_puts(&keys, "}");
    if (!vl_buf_text(&keys)) {
        vl_buf_free(&keys);
        problem(im, NULL, "out of memory");
        return;
    }
    char ptxt[16] = "";
    if (p.freq) {
        vl_period_format(p, ptxt, sizeof ptxt);
        vl_buf ident = {0};
        vl_buf_printf(&ident, "%s\x1f%s\x1f%s", series, keys.data, ptxt);
        char shown[400];
        snprintf(shown, sizeof shown, "%s %s %s", series, keys.data, ptxt);
        if (vl_buf_text(&ident)) /* a repeated period is reported by first_time itself */
            first_time(im, H_PERIOD, ident.data, shown);
        else /* a key cut short would make rows that differ look repeated */
            problem(im, NULL, "out of memory");
        vl_buf_free(&ident);
        /* one frequency per series, counting rows already stored (and earlier rows) */
        if (im->bulk)
            bulk_freq(im, series, keys.data, p, ptxt);
        vl__stmt *s = im->bulk ? NULL : im->q[Q_FREQ];
        if (s) {
            vl__reset(s);
            vl__bind_text(s, 1, series, false);
            vl__bind_text(s, 2, keys.data, false);
            vl__bind_int(s, 3, p.freq);
            if (vl__step(s) == VL__ROW)
                problem(im, "period",
                        "series '%s' %s already has %s periods such as %s; this "
                        "one is %s",
                        series, keys.data,
                        vl__col_int(s, 0) == 4    ? "quarterly"
                        : vl__col_int(s, 0) == 12 ? "monthly"
                                                  : "yearly",
                        vl__col_text(s, 1), ptxt);
            vl__reset(s);
        }
    }
    if (im->row_problems || im->fatal) {
        vl_buf_free(&keys);
        return;
    }
    row_state st = ROW_NEW; /* the bulk path stages every row; the merge compares values */
    if (!im->bulk) {
        vl__stmt *s = im->q[Q_SIG];
        vl__reset(s);
        vl__bind_text(s, 1, series, false);
        vl__bind_text(s, 2, keys.data, false);
        vl__bind_text(s, 3, ptxt, false);
        int rc = vl__step(s);
        if (rc == VL__ROW)
            st = vl__col_double(s, 0) == v ? ROW_SAME : ROW_CHANGED;
        else if (rc != VL__DONE)
            fatal_db(im, "reading history");
        vl__reset(s);
    }
    if (st != ROW_SAME && !im->fatal) {
        int q = st == ROW_NEW ? Q_INSERT : Q_UPDATE;
        vl__stmt *w = im->q[q];
        vl__bind_text(w, 1, series, false);
        vl__bind_text(w, 2, keys.data, false);
        vl__bind_text(w, 3, ptxt, false);
        vl__bind_int(w, 4, p.freq);
        vl__bind_int64(w, 5, vl_period_index(p));
        vl__bind_double(w, 6, v);
        if (!step_done(im, q, "writing history")) {
            vl_buf_free(&keys);
            return;
        }
    }
    if (!im->fatal)
        count(im, st);
    vl_buf_free(&keys);
}

/* ---- referrals and follow-ups -------------------------------------------------------------- */

/* The shared rules (referrals.c) report through this. A cell the readers refused (a date that
 * is no date) has no value for the rules to judge: what they would say of it ("empty", for a
 * date that did not parse) is not said, the reader's problem is the row's. */
static void rule_problem(void *arg, const char *column, const char *message)
{
    vl__importer *im = arg;
    uint32_t said = im->said;
    if (said & col_bit(im, column))
        return;
    problem(im, column, "%s", message);
    im->said = said; /* the rules do not silence one another */
}

/* A required cell that is empty (get_date and get_id say nothing about an empty optional one). */
static void required(vl__importer *im, size_t i)
{
    if (!*cell(im, i))
        problem(im, colname(im, i), "empty; a value is required");
}

/*
 * A staff cell (referrals, counselling) that names an erased member of staff (vl_db_erase_user)
 * is written as that erasure's "user#N", never as the name: the name is gone from the database,
 * so it is recognised by the keyed hash of its folded form (staff_erasures.name_mac). A name
 * that a current account holds (reused after the erasure) is that account's and stays. *mapped
 * says whether the cell was replaced (the row is counted in stats.staff_anonymised).
 */
static const char *staff_cell(vl__importer *im, size_t col, bool *mapped)
{
    *mapped = false;
    const char *v = get_text(im, col, false);
    if (!*v || im->staff_macs.n == 0)
        return v;
    char *k = vl_text_fold(v), mac[65];
    int64_t n;
    bool folded = k != NULL, current = folded && vl__strmap_get(&im->accounts, k, &n);
    free(k);
    if (!folded && vl__alloc_oom_take()) {
        if (!im->fatal)
            vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
        im->fatal = true;
    }
    if (!folded || current)
        return v; /* not UTF-8 (get_text said so), or a current account's name */
    if (!vl__staff_name_mac(im->staff_key, v, mac)) {
        problem(im, colname(im, col), "out of memory");
        return v;
    }
    if (!vl__strmap_get(&im->staff_macs, mac, &n))
        return v;
    snprintf(im->staff_ref, sizeof im->staff_ref, "user#%lld", (long long)n);
    *mapped = true;
    return im->staff_ref;
}

enum {
    RF_ID,
    RF_SEEKER,
    RF_VACANCY,
    RF_REFERRED,
    RF_CHANNEL,
    RF_STAFF,
    RF_OUTCOME,
    RF_OUTCOME_ON,
    RF_START,
    RF_WAGE
};

static void row_referral(vl__importer *im)
{
    vl__referral_row r = {0};
    r.id = get_id(im, RF_ID, true);
    bool dup = *r.id && !first_time(im, RF_ID, r.id, r.id);
    r.seeker = get_id(im, RF_SEEKER, true);
    r.vacancy = get_id(im, RF_VACANCY, true);
    required(im, RF_REFERRED);
    r.referred_on = get_date(im, RF_REFERRED);
    const char *ch = cell(im, RF_CHANNEL);
    if (!*ch)
        problem(im, "channel", "empty; a value is required (desk, fair, phone or online)");
    else if (!vl__channel_parse(ch, &r.channel))
        problem(im, "channel", "'%s' is not a channel (desk, fair, phone or online)", ch);
    bool anonymised;
    r.staff = staff_cell(im, RF_STAFF, &anonymised);
    const char *oc = cell(im, RF_OUTCOME);
    if (!vl__outcome_parse(oc, &r.outcome))
        problem(im, "outcome",
                "'%s' is not an outcome (empty while pending, no_show, interviewed, rejected, "
                "declined or hired)",
                oc);
    r.outcome_on = get_date(im, RF_OUTCOME_ON);
    r.start_on = get_date(im, RF_START);
    r.has_wage = get_wage(im, RF_WAGE, &r.wage);
    erased_row(im, RF_SEEKER, true);
    if (im->fatal)
        return;
    /* the stored row, unless this line repeats an id of the file (already reported) */
    if (vl__referral_probe(im->refs, dup ? "" : r.id, r.seeker, r.vacancy, &im->ref_probe) !=
        VL_OK) {
        im->fatal = true;
        return;
    }
    const vl__referral_stored *stored = &im->ref_probe.old;
    const vl__referral_row *old = im->ref_probe.found ? &stored->row : NULL;
    if (!vl__referral_check(im->refs, &r, &im->ref_probe, im->row_problems ? NULL : old,
                            rule_problem, im)) {
        im->fatal = true;
        return;
    }
    if (im->row_problems)
        return;
    char sig[65];
    if (!vl__canon_referral(&r, &im->canon)) {
        problem(im, NULL, "out of memory");
        return;
    }
    vl__canon_sig(&im->canon, sig);
    row_state st = !old ? ROW_NEW : strcmp(sig, stored->sig) == 0 ? ROW_SAME : ROW_CHANGED;
    if (st != ROW_SAME && vl__referral_write(im->refs, &r, old, sig, "import", NULL) != VL_OK) {
        im->fatal = true;
        return;
    }
    count(im, st);
    im->stats.staff_anonymised += anonymised;
}

enum { FU_REFERRAL, FU_CHECKED, FU_EMPLOYED };

static void row_followup(vl__importer *im)
{
    vl__followup_row f = {0};
    f.referral = get_id(im, FU_REFERRAL, true);
    required(im, FU_CHECKED);
    f.checked_on = get_date(im, FU_CHECKED);
    const char *e = cell(im, FU_EMPLOYED);
    if (!*e)
        problem(im, "employed", "empty; a value is required (yes or no)");
    else if (!vl__yesno_parse(e, &f.employed))
        problem(im, "employed", "'%s' is not yes or no (có/không, 1/0)", e);
    if (*f.referral && f.checked_on) {
        char key[VL_ID_MAX + 16], shown[VL_ID_MAX + 16], d[11];
        vl__format_date(f.checked_on, d);
        snprintf(key, sizeof key, "%s\x1f%s", f.referral, d);
        snprintf(shown, sizeof shown, "%s %s", f.referral, d);
        first_time(im, FU_CHECKED, key, shown);
    }
    if (im->fatal)
        return;
    if (!vl__followup_check(im->refs, &f, rule_problem, im)) {
        im->fatal = true;
        return;
    }
    if (im->row_problems)
        return;
    int stored = -1;
    if (vl__followup_stored(im->refs, &f, &stored) != VL_OK) {
        im->fatal = true;
        return;
    }
    row_state st = stored < 0 ? ROW_NEW : stored == (int)f.employed ? ROW_SAME : ROW_CHANGED;
    if (st != ROW_SAME && vl__followup_write(im->refs, &f) != VL_OK) {
        im->fatal = true;
        return;
    }
    count(im, st);
}

/* ---- counselling ----------------------------------------------------------------------------- */

enum { CO_SEEKER, CO_ON, CO_STAFF, CO_TOPIC };

static void row_counselling(vl__importer *im)
{
    vl__counselling_row r = {0};
    r.seeker = get_id(im, CO_SEEKER, true);
    const char *province = im->server ? vl__strtag_get(&im->seekers_at, r.seeker) : NULL;
    if (*r.seeker && (im->server ? !province : !exists(im, Q_SEEKER, r.seeker, NULL)))
        problem(im, "seeker", "unknown seeker id '%s'", r.seeker);
    required(im, CO_ON);
    r.counselled_on = get_date(im, CO_ON);
    if (r.counselled_on > im->latest) {
        char d[11];
        vl__format_date(r.counselled_on, d);
        problem(im, "counselled_on", "'%s' is after today", d);
    }
    bool anonymised;
    r.staff = staff_cell(im, CO_STAFF, &anonymised);
    r.topic = get_text(im, CO_TOPIC, false);
    erased_row(im, CO_SEEKER, true);
    char d[11] = "";
    if (*r.seeker && r.counselled_on) {
        char key[VL_ID_MAX + 16], shown[VL_ID_MAX + 16];
        vl__format_date(r.counselled_on, d);
        snprintf(key, sizeof key, "%s\x1f%s", r.seeker, d);
        snprintf(shown, sizeof shown, "%s %s", r.seeker, d);
        first_time(im, CO_ON, key, shown);
    }
    if (im->row_problems || im->fatal)
        return;
    char sig[65];
    if (!vl__canon_counselling(&r, &im->canon)) {
        problem(im, NULL, "out of memory");
        return;
    }
    vl__canon_sig(&im->canon, sig);
    /* the key is (seeker, day): one session a day per seeker. On the bulk path every row is
     * staged (Q_INSERT is the COPY, in the same columns) and the merge tells them apart */
    row_state st = ROW_NEW;
    if (!im->bulk) {
        vl__stmt *s = im->q[Q_SIG];
        vl__reset(s);
        vl__bind_text(s, 1, r.seeker, false);
        vl__bind_text(s, 2, d, false);
        int rc = vl__step(s);
        st = rc == VL__ROW ? (strcmp(vl__col_text(s, 0), sig) == 0 ? ROW_SAME : ROW_CHANGED)
                           : ROW_NEW;
        vl__reset(s);
        if (rc != VL__ROW && rc != VL__DONE) {
            fatal_db(im, "reading counselling");
            return;
        }
    }
    if (st != ROW_SAME) {
        vl__stmt *s;
        int q = st == ROW_NEW ? Q_INSERT : Q_UPDATE;
        s = im->q[q];
        vl__bind_text(s, 1, r.seeker, false);
        vl__bind_text(s, 2, d, false);
        vl__bind_text(s, 3, r.staff, true);
        vl__bind_text(s, 4, r.topic, true);
        vl__bind_text(s, 5, sig, false);
        if (q == Q_INSERT && province)
            vl__bind_text(s, 6, province, false); /* PostgreSQL's statement */
        if (!step_done(im, q, "writing counselling"))
            return;
    }
    count(im, st);
    im->stats.staff_anonymised += anonymised;
}

/* ---- job fairs --------------------------------------------------------------------------------
 */

enum { J_ID, J_NAME, J_DATE, J_AREA, J_VENUE, J_CAPACITY };

static void row_fair(vl__importer *im)
{
    vl__fair_row r = {0};
    r.id = get_file_id(im, J_ID);
    if (*r.id)
        first_time(im, J_ID, r.id, r.id);
    r.name = get_text(im, J_NAME, false);
    /* a fair is held on a day (the activity report counts it in its quarter, the slips print
     * it); only a file's row with the id alone, a fair so far only named by vacancies (its
     * export), has none */
    bool bare = im->path != NULL;
    for (size_t i = J_NAME; bare && i <= J_CAPACITY; i++)
        bare = !*cell(im, i);
    if (!bare)
        required(im, J_DATE);
    r.date = get_date(im, J_DATE);
    int64_t area_id;
    r.area = get_area(im, J_AREA, &area_id);
    r.venue = get_text(im, J_VENUE, false);
    r.has_capacity = get_int(im, J_CAPACITY, 0, POSITIONS_MAX, &r.capacity);
    if (im->row_problems || im->fatal)
        return;
    char sig[65];
    if (!vl__canon_fair(&r, &im->canon)) {
        problem(im, NULL, "out of memory");
        return;
    }
    vl__canon_sig(&im->canon, sig);
    /* a fair only named by a vacancy (no sig, nothing else known) equals a row with the id alone,
     * so exporting it and importing the file back changes nothing */
    vl__stmt *s = im->q[Q_SIG];
    vl__reset(s);
    vl__bind_text(s, 1, r.id, false);
    int rc = vl__step(s);
    row_state st = ROW_NEW;
    if (rc == VL__ROW)
        st = vl__col_null(s, 0) ? (bare && vl__col_int(s, 1) ? ROW_SAME : ROW_CHANGED)
             : strcmp(vl__col_text(s, 0), sig) == 0 ? ROW_SAME
                                                    : ROW_CHANGED;
    vl__reset(s);
    if (rc != VL__ROW && rc != VL__DONE) {
        fatal_db(im, "reading a fair");
        return;
    }
    if (bare && st == ROW_CHANGED) { /* the id alone would wipe a described fair's day */
        required(im, J_DATE);
        return;
    }
    if (st == ROW_SAME) {
        count(im, st);
        return;
    }
    int q = st == ROW_NEW ? Q_INSERT : Q_UPDATE;
    s = im->q[q];
    vl__bind_text(s, 1, r.id, false);
    vl__bind_text(s, 2, r.name, true);
    vl__bind_date(s, 3, r.date);
    bind_int(s, 4, area_id != 0, area_id);
    vl__bind_text(s, 5, r.venue, true);
    bind_int(s, 6, r.has_capacity, r.capacity);
    vl__bind_text(s, 7, sig, false);
    if (step_done(im, q, "writing a fair"))
        count(im, st);
}

/* ---- statements per kind ------------------------------------------------------------------- */

static const vl__sqltext sql_common[Q_COUNT] = {
    /* SQLite only: a server keeps the ids seen in memory (first_time) */
    [Q_SEEN_INSERT] = {"INSERT INTO temp.vl_seen(k, line) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       NULL},
    [Q_SEEN_LINE] = {"SELECT line FROM temp.vl_seen WHERE k = ?", NULL},
    [Q_AREA] = {"SELECT id, level FROM areas WHERE version = ? AND code = ?"},
    [Q_OCCUPATION] = {"SELECT 1 FROM occupations WHERE classification = 'ISCO-08' AND code = ?"},
    [Q_EMPLOYER] = {"SELECT 1 FROM employers WHERE id = ?"},
    [Q_INDUSTRY] = {"SELECT 1 FROM industries WHERE code = ?"},
    [Q_SEEKER] = {"SELECT 1 FROM seekers WHERE id = ?"},
};

static const vl__sqltext sql_areas[Q_COUNT] = {
    [Q_SIG] = {"SELECT sig FROM areas WHERE version = ? AND code = ?"},
    [Q_INSERT] = {"INSERT INTO areas(version, code, name, name_key, short_key, parent, level, lat,"
                  " lon, centre, area_km2, valid_from, valid_to, sig, source)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import')"},
    [Q_UPDATE] = {"UPDATE areas SET name = ?3, name_key = ?4, short_key = ?5, parent = ?6,"
                  " level = ?7, lat = ?8, lon = ?9, centre = ?10, area_km2 = ?11,"
                  " valid_from = ?12, valid_to = ?13, sig = ?14, source = 'import'"
                  " WHERE version = ?1 AND code = ?2"},
};

static const vl__sqltext sql_employers[Q_COUNT] = {
    [Q_SIG] = {"SELECT sig FROM employers WHERE id = ?"},
    [Q_INSERT] = {"INSERT INTO employers(id, name, industry, area_id, sig, address, phone)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)"},
    [Q_UPDATE] = {"UPDATE employers SET name = ?2, industry = ?3, area_id = ?4, sig = ?5,"
                  " address = ?6, phone = ?7"
                  " WHERE id = ?1"},
};

static const vl__sqltext sql_vacancies[Q_COUNT] = {
    [Q_SIG] = {"SELECT sig FROM vacancies WHERE id = ?"},
    [Q_INSERT] = {"INSERT INTO vacancies(id, employer, title, occupation, education_min,"
                  " experience_min, wage_min, wage_max, positions, area_id, country, age_min,"
                  " age_max, posted, closes, fair, sig)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  /* the partition: the province of the area ('' abroad) */
                  "INSERT INTO vacancies(province, id, employer, title, occupation, education_min,"
                  " experience_min, wage_min, wage_max, positions, area_id, country, age_min,"
                  " age_max, posted, closes, fair, sig)"
                  " VALUES (vl_area_province(CAST(?10 AS BIGINT)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                  "?9, ?10, ?11, ?12,"
                  " ?13, ?14, ?15, ?16, ?17)"},
    [Q_UPDATE] = {"UPDATE vacancies SET employer = ?2, title = ?3, occupation = ?4,"
                  " education_min = ?5, experience_min = ?6, wage_min = ?7, wage_max = ?8,"
                  " positions = ?9, area_id = ?10, country = ?11, age_min = ?12, age_max = ?13,"
                  " posted = ?14, closes = ?15, fair = ?16, sig = ?17 WHERE id = ?1",
                  /* a new area may move the row to another province (its lists follow) */
                  "UPDATE vacancies SET province = vl_area_province(CAST(?10 AS BIGINT)), employer "
                  "= ?2, title = ?3,"
                  " occupation = ?4, education_min = ?5, experience_min = ?6, wage_min = ?7,"
                  " wage_max = ?8, positions = ?9, area_id = ?10, country = ?11, age_min = ?12,"
                  " age_max = ?13, posted = ?14, closes = ?15, fair = ?16, sig = ?17"
                  " WHERE id = ?1"},
    [Q_CHILD_DELETE1] = {"DELETE FROM vacancy_skills WHERE vacancy_id = ?"},
    [Q_CHILD_DELETE2] = {"DELETE FROM vacancy_languages WHERE vacancy_id = ?"},
    [Q_CHILD1] = {"INSERT INTO vacancy_skills(vacancy_id, required, pos, label, key)"
                  " VALUES (?, ?, ?, ?, ?)",
                  "INSERT INTO vacancy_skills(province, vacancy_id, required, pos, label, key)"
                  " SELECT province, id, CAST(?2 AS INTEGER), CAST(?3 AS INTEGER), CAST(?4 AS"
                  " TEXT), CAST(?5 AS TEXT) FROM vacancies WHERE id = ?1"},
    [Q_CHILD2] = {"INSERT INTO vacancy_languages(vacancy_id, pos, code, scheme, level, cefr)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
                  "INSERT INTO vacancy_languages(province, vacancy_id, pos, code, scheme, level,"
                  " cefr) SELECT province, id, CAST(?2 AS INTEGER), CAST(?3 AS TEXT), CAST(?4 AS"
                  " TEXT), CAST(?5 AS TEXT), CAST(?6 AS INTEGER) FROM vacancies WHERE id = ?1"},
    [Q_FAIR] = {"INSERT INTO fairs(id) VALUES (?) ON CONFLICT DO NOTHING"},
};

static const vl__sqltext sql_seekers[Q_COUNT] = {
    [Q_SIG] = {"SELECT sig FROM seekers WHERE id = ?"},
    [Q_INSERT] = {"INSERT INTO seekers(id, name, birth_year, gender, area_id, education,"
                  " experience_years, wage_min, max_commute_km, registered, status, sig,"
                  " phone, id_card, name_key)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                  "INSERT INTO seekers(province, id, name, birth_year, gender, area_id, education,"
                  " experience_years, wage_min, max_commute_km, registered, status, sig,"
                  " phone, id_card, name_key)"
                  " VALUES (vl_area_province(CAST(?5 AS BIGINT)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                  "?9, ?10, ?11, ?12,"
                  " ?13, ?14, ?15)"},
    [Q_UPDATE] =
        {"UPDATE seekers SET name = ?2, birth_year = ?3, gender = ?4, area_id = ?5,"
         " education = ?6, experience_years = ?7, wage_min = ?8, max_commute_km = ?9,"
         " registered = ?10, status = ?11, sig = ?12, phone = ?13, id_card = ?14,"
         " name_key = ?15 WHERE id = ?1",
         "UPDATE seekers SET province = vl_area_province(CAST(?5 AS BIGINT)), name = ?2, "
         "birth_year = ?3,"
         " gender = ?4, area_id = ?5, education = ?6, experience_years = ?7, wage_min = ?8,"
         " max_commute_km = ?9, registered = ?10, status = ?11, sig = ?12,"
         " phone = ?13, id_card = ?14, name_key = ?15 WHERE id = ?1"},
    [Q_CHILD_DELETE1] = {"DELETE FROM seeker_occupations WHERE seeker_id = ?"},
    [Q_CHILD_DELETE2] = {"DELETE FROM seeker_skills WHERE seeker_id = ?"},
    [Q_CHILD_DELETE3] = {"DELETE FROM seeker_languages WHERE seeker_id = ?"},
    [Q_CHILD_DELETE4] = {"DELETE FROM seeker_abroad WHERE seeker_id = ?"},
    [Q_CHILD_DELETE5] = {"DELETE FROM seeker_priority WHERE seeker_id = ?"},
    [Q_CHILD1] = {"INSERT INTO seeker_occupations(seeker_id, rank, occupation) VALUES (?, ?, ?)",
                  "INSERT INTO seeker_occupations(province, seeker_id, rank, occupation)"
                  " SELECT province, id, CAST(?2 AS INTEGER), CAST(?3 AS TEXT) FROM seekers"
                  " WHERE id = ?1"},
    [Q_CHILD2] = {"INSERT INTO seeker_skills(seeker_id, pos, label, key) VALUES (?, ?, ?, ?)",
                  "INSERT INTO seeker_skills(province, seeker_id, pos, label, key)"
                  " SELECT province, id, CAST(?2 AS INTEGER), CAST(?3 AS TEXT), CAST(?4 AS TEXT)"
                  " FROM seekers WHERE id = ?1"},
    [Q_CHILD3] = {"INSERT INTO seeker_languages(seeker_id, pos, code, scheme, level, cefr)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
                  "INSERT INTO seeker_languages(province, seeker_id, pos, code, scheme, level,"
                  " cefr) SELECT province, id, CAST(?2 AS INTEGER), CAST(?3 AS TEXT), CAST(?4 AS"
                  " TEXT), CAST(?5 AS TEXT), CAST(?6 AS INTEGER) FROM seekers WHERE id = ?1"},
    [Q_CHILD4] = {"INSERT INTO seeker_abroad(seeker_id, pos, country) VALUES (?, ?, ?)",
                  "INSERT INTO seeker_abroad(province, seeker_id, pos, country)"
                  " SELECT province, id, CAST(?2 AS INTEGER), CAST(?3 AS TEXT) FROM seekers"
                  " WHERE id = ?1"},
    [Q_CHILD5] = {"INSERT INTO seeker_priority(seeker_id, pos, grp) VALUES (?, ?, ?)",
                  "INSERT INTO seeker_priority(province, seeker_id, pos, grp)"
                  " SELECT province, id, CAST(?2 AS INTEGER), CAST(?3 AS TEXT) FROM seekers"
                  " WHERE id = ?1"},
};

static const vl__sqltext sql_history[Q_COUNT] = {
    [Q_SIG] = {"SELECT value FROM history WHERE series = ? AND keys = ? AND period = ?"},
    [Q_INSERT] = {"INSERT INTO history(series, keys, period, freq, pidx, value)"
                  " VALUES (?, ?, ?, ?, ?, ?)"},
    [Q_UPDATE] = {"UPDATE history SET value = ?6 WHERE series = ?1 AND keys = ?2 AND"
                  " period = ?3",
                  /* every parameter typed: freq and pidx of a stored period are the same */
                  "UPDATE history SET value = ?6, freq = CAST(?4 AS INTEGER),"
                  " pidx = CAST(?5 AS INTEGER) WHERE series = ?1 AND keys = ?2 AND period = ?3"},
    [Q_FREQ] = {"SELECT freq, period FROM history WHERE series = ? AND keys = ? AND freq <> ?"
                " LIMIT 1"},
    [Q_KEYNAME] = {"INSERT INTO history_key_names(name, pos) VALUES (?,"
                   " (SELECT COALESCE(MAX(pos), 0) + 1 FROM history_key_names))"
                   " ON CONFLICT DO NOTHING"},
};

static const vl__sqltext sql_counselling[Q_COUNT] = {
    [Q_SIG] = {"SELECT sig FROM counselling WHERE seeker = ? AND counselled_on = ?"},
    [Q_INSERT] = {"INSERT INTO counselling(seeker, counselled_on, staff, topic, sig)"
                  " VALUES (?, ?, ?, ?, ?)",
                  /* ?6: the seeker's province (seekers_at) */
                  "INSERT INTO counselling(province, seeker, counselled_on, staff, topic, sig)"
                  " VALUES (?6, ?1, ?2, ?3, ?4, ?5)"},
    [Q_UPDATE] = {"UPDATE counselling SET staff = ?3, topic = ?4, sig = ?5"
                  " WHERE seeker = ?1 AND counselled_on = ?2"},
};

/* A fair first named by a vacancy has no sig: its first row of this kind updates it. */
static const vl__sqltext sql_fairs[Q_COUNT] = {
    [Q_SIG] =
        {"SELECT sig, CASE WHEN name IS NULL AND date IS NULL AND area_id IS NULL AND venue IS"
         " NULL AND capacity IS NULL THEN 1 ELSE 0 END FROM fairs WHERE id = ?"},
    [Q_INSERT] = {"INSERT INTO fairs(id, name, date, area_id, venue, capacity, sig)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)"},
    [Q_UPDATE] = {"UPDATE fairs SET name = ?2, date = ?3, area_id = ?4, venue = ?5, capacity = ?6,"
                  " sig = ?7 WHERE id = ?1"},
};

/* Referrals and follow-ups use the shared statements of referrals.c only. */
static const vl__sqltext sql_none[Q_COUNT] = {{0}};

static const vl__sqltext *kind_sql(vl_kind kind)
{
    switch (kind) {
    case VL_KIND_REFERRALS:
    case VL_KIND_FOLLOWUPS:
        return sql_none;
    case VL_KIND_COUNSELLING:
        return sql_counselling;
    case VL_KIND_FAIRS:
        return sql_fairs;
    case VL_KIND_AREAS:
        return sql_areas;
    case VL_KIND_EMPLOYERS:
        return sql_employers;
    case VL_KIND_VACANCIES:
        return sql_vacancies;
    case VL_KIND_SEEKERS:
        return sql_seekers;
    default:
        return sql_history;
    }
}

/* Columns a file must have (the contract's; the areas extension columns are optional). */
static bool column_required(vl_kind kind, size_t i)
{
    if (kind == VL_KIND_SEEKERS)
        return i < S_PHONE; /* phone and id_card came later: optional */
    if (kind == VL_KIND_EMPLOYERS)
        return i < E_ADDRESS; /* so did an employer's address and phone */
    return kind != VL_KIND_AREAS || i <= A_LON;
}

/* ---- the importer -------------------------------------------------------------------------- */

/* ---- the bulk path (PostgreSQL) ----------------------------------------------------------- */

/*
 * A staged table: its name, the columns staged (the SQLite INSERT's, in its order), the
 * statement slot that writes it, and for a list table the column naming its parent. Rows go
 * through COPY into vl_stage_TABLE (same columns, no constraints) and are merged by merge_bulk.
 */
typedef struct bulk_table {
    const char *table, *cols;
    int q;
    const char *parent_col; /* NULL for the parent table */
} bulk_table;

#define V_COLS                                                                                     \
    "id, employer, title, occupation, education_min, experience_min, wage_min, wage_max,"          \
    " positions, area_id, country, age_min, age_max, posted, closes, fair, sig"
#define S_COLS                                                                                     \
    "id, name, birth_year, gender, area_id, education, experience_years, wage_min, "               \
    "max_commute_km,"                                                                              \
    " registered, status, sig, phone, id_card, name_key"

static const bulk_table bulk_employers[] = {
    {"employers", "id, name, industry, area_id, sig, address, phone", Q_INSERT, NULL},
    {NULL, NULL, 0, NULL},
};
static const bulk_table bulk_vacancies[] = {
    {"vacancies", V_COLS, Q_INSERT, NULL},
    {"vacancy_skills", "vacancy_id, required, pos, label, key", Q_CHILD1, "vacancy_id"},
    {"vacancy_languages", "vacancy_id, pos, code, scheme, level, cefr", Q_CHILD2, "vacancy_id"},
    {NULL, NULL, 0, NULL},
};
static const bulk_table bulk_seekers[] = {
    {"seekers", S_COLS, Q_INSERT, NULL},
    {"seeker_occupations", "seeker_id, rank, occupation", Q_CHILD1, "seeker_id"},
    {"seeker_skills", "seeker_id, pos, label, key", Q_CHILD2, "seeker_id"},
    {"seeker_languages", "seeker_id, pos, code, scheme, level, cefr", Q_CHILD3, "seeker_id"},
    {"seeker_abroad", "seeker_id, pos, country", Q_CHILD4, "seeker_id"},
    {"seeker_priority", "seeker_id, pos, grp", Q_CHILD5, "seeker_id"},
    {NULL, NULL, 0, NULL},
};
static const bulk_table bulk_history[] = {
    {"history", "series, keys, period, freq, pidx, value", Q_INSERT, NULL},
    {NULL, NULL, 0, NULL},
};
/* the columns of the server's INSERT, ?1..?6 (sql_counselling) */
static const bulk_table bulk_counselling[] = {
    {"counselling", "seeker, counselled_on, staff, topic, sig, province", Q_INSERT, NULL},
    {NULL, NULL, 0, NULL},
};

static const bulk_table *bulk_tables(vl_kind kind)
{
    switch (kind) {
    case VL_KIND_EMPLOYERS:
        return bulk_employers;
    case VL_KIND_VACANCIES:
        return bulk_vacancies;
    case VL_KIND_SEEKERS:
        return bulk_seekers;
    case VL_KIND_HISTORY:
        return bulk_history;
    case VL_KIND_COUNSELLING:
        return bulk_counselling;
    default:
        return NULL;
    }
}

/* Fills a map from a query returning (text key, integer value). */
static vl_status load_map(vl__importer *im, const char *sql, vl__strmap *m)
{
    return vl__load_map(im->ctx, im->db, sql, "reading codes", m);
}

/* The stored frequencies of history series, with their first periods (bulk_freq's map). */
static vl_status load_freqs(vl__importer *im)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(im->ctx, im->db,
                                  "SELECT series, keys, freq, MIN(period) FROM history"
                                  " GROUP BY series, keys, freq",
                                  &s);
    if (st != VL_OK)
        return st;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl_buf k = {0};
        size_t off = im->freq_periods.len;
        const char *per = vl__col_text(s, 3);
        bool ok =
            vl_buf_printf(&k, "%s\x1f%s", vl__col_text(s, 0), vl__col_text(s, 1)) &&
            vl_buf_append(&im->freq_periods, per, strlen(per) + 1) &&
            vl__strmap_put(&im->freqs, k.data, ((int64_t)vl__col_int(s, 2) << 40) | (int64_t)off);
        vl_buf_free(&k);
        if (!ok) {
            st = vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(im->ctx, im->db, "reading history");
    vl__finalize(s);
    return st;
}

/* Sets up the bulk path: the maps, the staging tables and their COPY statements. */
static vl_status bulk_begin(vl__importer *im)
{
    bool codes = im->kind != VL_KIND_COUNSELLING; /* the records' occupations and industries */
    vl_status st =
        codes ? load_map(im, "SELECT code, 1 FROM occupations WHERE classification = 'ISCO-08'",
                         &im->occupations)
              : VL_OK;
    if (st == VL_OK && codes)
        st = load_map(im, "SELECT code, 1 FROM industries", &im->industries);
    if (st == VL_OK && im->kind == VL_KIND_VACANCIES)
        st = load_map(im, "SELECT id, 1 FROM employers", &im->employers);
    if (st == VL_OK && im->kind == VL_KIND_HISTORY)
        st = load_freqs(im);
    for (const bulk_table *t = bulk_tables(im->kind); st == VL_OK && t->table; t++) {
        vl__finalize(im->q[t->q]);
        im->q[t->q] = NULL;
        st = vl__db_stage(im->ctx, im->db, t->table, t->cols, &im->q[t->q]);
    }
    return st;
}

/* Runs one statement of the merge. */
static vl_status merge_exec(vl__importer *im, const char *sql)
{
    return vl__db_exec(im->ctx, im->db, sql);
}

/*
 * Writes the staged rows: the state of each staged row (0 new, 1 unchanged, 2 changed) is
 * computed once; the lists of changed rows are deleted, changed rows updated (a new area may
 * move a row to another province's partition), new rows inserted with their province, and the
 * lists of new and changed rows inserted under their parent's province. Counts the states.
 */
static vl_status merge_bulk(vl__importer *im)
{
    const bulk_table *tables = bulk_tables(im->kind);
    vl_status st = VL_OK;
    for (const bulk_table *t = tables; st == VL_OK && t->table; t++)
        st = vl__stmt_flush(im->ctx, im->q[t->q]);
    if (st != VL_OK)
        return st;
    const bulk_table *p = &tables[0];
    bool history = im->kind == VL_KIND_HISTORY, counselling = im->kind == VL_KIND_COUNSELLING;
    bool province = im->kind == VL_KIND_SEEKERS || im->kind == VL_KIND_VACANCIES;
    /* a session is one seeker's on one day, staged with the seeker's province */
#define CO_KEY "s.seeker AND t.counselled_on = s.counselled_on"
    vl_buf sql = {0};
    /* the state of each staged row */
    if (counselling)
        vl_buf_puts(&sql, "DROP TABLE IF EXISTS vl_stage_state; CREATE TEMP TABLE vl_stage_state"
                          " AS SELECT s.seeker AS id, s.counselled_on, CASE WHEN t.seeker IS NULL"
                          " THEN 0 WHEN t.sig = s.sig THEN 1 ELSE 2 END AS state FROM"
                          " vl_stage_counselling s LEFT JOIN counselling t ON t.seeker = " CO_KEY);
    else if (history)
        vl_buf_puts(&sql, "DROP TABLE IF EXISTS vl_stage_state; CREATE TEMP TABLE vl_stage_state"
                          " AS SELECT s.series, s.keys, s.period, CASE WHEN t.series IS NULL"
                          " THEN 0 WHEN t.value = s.value THEN 1 ELSE 2 END AS state FROM"
                          " vl_stage_history s LEFT JOIN history t ON t.series = s.series AND"
                          " t.keys = s.keys AND t.period = s.period");
    else
        vl_buf_printf(&sql,
                      "DROP TABLE IF EXISTS vl_stage_state; CREATE TEMP TABLE vl_stage_state AS"
                      " SELECT s.id, CASE WHEN t.id IS NULL THEN 0 WHEN t.sig IS NOT DISTINCT"
                      " FROM s.sig THEN 1 ELSE 2 END AS state FROM vl_stage_%s s LEFT JOIN %s t"
                      " ON t.id = s.id; CREATE INDEX ON vl_stage_state(id); ANALYZE"
                      " vl_stage_state",
                      p->table, p->table);
    if (!vl_buf_text(&sql))
        return vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
    st = merge_exec(im, sql.data);
    /* the counts */
    vl__stmt *c = NULL;
    if (st == VL_OK)
        st = vl__db_prepare(im->ctx, im->db,
                            "SELECT COUNT(*) FILTER (WHERE state = 0), COUNT(*) FILTER (WHERE"
                            " state = 1), COUNT(*) FILTER (WHERE state = 2) FROM vl_stage_state",
                            &c);
    if (st == VL_OK) {
        if (vl__step(c) == VL__ROW) {
            im->stats.inserted = (size_t)vl__col_int64(c, 0);
            im->stats.unchanged = (size_t)vl__col_int64(c, 1);
            im->stats.updated = (size_t)vl__col_int64(c, 2);
        } else {
            st = vl__db_sqlerr(im->ctx, im->db, "counting the staged rows");
        }
    }
    vl__finalize(c);
    if (st == VL_OK && province)
        st = merge_exec(im, "DROP TABLE IF EXISTS vl_stage_province; CREATE TEMP TABLE"
                            " vl_stage_province AS SELECT id, vl_area_province(id) AS province"
                            " FROM areas");
    /* the lists of changed rows go, then changed rows are updated */
    for (const bulk_table *t = tables + 1; st == VL_OK && t->table; t++) {
        sql.len = 0;
        vl_buf_printf(&sql,
                      "DELETE FROM %s c USING vl_stage_state x WHERE x.state = 2 AND c.%s = x.id",
                      t->table, t->parent_col);
        st = vl_buf_text(&sql) ? merge_exec(im, sql.data)
                               : vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK) {
        sql.len = 0;
        if (counselling) {
            vl_buf_puts(&sql, "UPDATE counselling t SET staff = s.staff, topic = s.topic, sig ="
                              " s.sig FROM vl_stage_counselling s JOIN vl_stage_state x ON x.id ="
                              " s.seeker AND x.counselled_on = s.counselled_on AND x.state = 2"
                              " WHERE t.seeker = " CO_KEY);
        } else if (history) {
            vl_buf_puts(&sql, "UPDATE history t SET value = s.value, freq = s.freq, pidx = s.pidx"
                              " FROM vl_stage_history s JOIN vl_stage_state x ON x.series ="
                              " s.series AND x.keys = s.keys AND x.period = s.period AND x.state"
                              " = 2 WHERE t.series = s.series AND t.keys = s.keys AND t.period ="
                              " s.period");
        } else {
            vl_buf_printf(&sql, "UPDATE %s t SET ", p->table);
            if (province)
                vl_buf_puts(&sql, "province = COALESCE(ap.province, ''), ");
            /* every staged column but id: "name = s.name, ..." */
            const char *col = strchr(p->cols, ',') + 2;
            for (bool first = true; col && *col; first = false) {
                const char *end = strchr(col, ',');
                int n = end ? (int)(end - col) : (int)strlen(col);
                vl_buf_printf(&sql, "%s%.*s = s.%.*s", first ? "" : ", ", n, col, n, col);
                col = end ? end + 2 : NULL;
            }
            vl_buf_printf(&sql,
                          " FROM vl_stage_%s s JOIN vl_stage_state x ON x.id = s.id AND"
                          " x.state = 2%s WHERE t.id = s.id",
                          p->table,
                          province ? " LEFT JOIN vl_stage_province ap ON ap.id = s.area_id" : "");
        }
        st = vl_buf_text(&sql) ? merge_exec(im, sql.data)
                               : vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
        /* every changed row updated, or the database's rules hid some from this role (row-level
         * security: another province's records), and "updated" would be false */
        int64_t done = st == VL_OK ? vl__db_changes(im->db) : 0;
        if (st == VL_OK && !history && done < (int64_t)im->stats.updated)
            st = vl__error(im->ctx, VL_ERR_INVALID,
                           "%zu of the file's records belong to another province: your "
                           "database role may change only its own provinces' records; nothing "
                           "was imported",
                           im->stats.updated - (size_t)done);
    }
    /* new rows, then the lists of new and changed rows */
    if (st == VL_OK) {
        sql.len = 0;
        if (counselling)
            vl_buf_puts(&sql, "INSERT INTO counselling(seeker, counselled_on, staff, topic, sig,"
                              " province) SELECT s.seeker, s.counselled_on, s.staff, s.topic,"
                              " s.sig, s.province FROM vl_stage_counselling s JOIN vl_stage_state"
                              " x ON x.id = s.seeker AND x.counselled_on = s.counselled_on AND"
                              " x.state = 0 ORDER BY s.province, s.seeker, s.counselled_on");
        else if (history)
            vl_buf_puts(&sql, "INSERT INTO history(series, keys, period, freq, pidx, value)"
                              " SELECT s.series, s.keys, s.period, s.freq, s.pidx, s.value FROM"
                              " vl_stage_history s JOIN vl_stage_state x ON x.series = s.series"
                              " AND x.keys = s.keys AND x.period = s.period AND x.state = 0");
        else
            vl_buf_printf(&sql,
                          "INSERT INTO %s(%s%s) SELECT %ss.%s FROM vl_stage_%s s JOIN"
                          " vl_stage_state x ON x.id = s.id AND x.state = 0%s",
                          p->table, province ? "province, " : "", p->cols,
                          province ? "COALESCE(ap.province, ''), " : "", "*", p->table,
                          province ? " LEFT JOIN vl_stage_province ap ON ap.id = s.area_id" : "");
        st = vl_buf_text(&sql) ? merge_exec(im, sql.data)
                               : vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* the lists in province order: one province's server reads its rows of these tables
     * (vl_db_set_load_scope), which then lie together instead of on every page */
    for (const bulk_table *t = tables + 1; st == VL_OK && t->table; t++) {
        sql.len = 0;
        vl_buf_printf(&sql,
                      "INSERT INTO %s(province, %s) SELECT t.province, c.* FROM vl_stage_%s c"
                      " JOIN vl_stage_state x ON x.id = c.%s AND x.state <> 1 JOIN %s t ON t.id ="
                      " c.%s ORDER BY t.province, c.%s",
                      t->table, t->cols, t->table, t->parent_col, p->table, t->parent_col,
                      t->parent_col);
        st = vl_buf_text(&sql) ? merge_exec(im, sql.data)
                               : vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* the staging tables go with the import */
    if (st == VL_OK) {
        sql.len = 0;
        vl_buf_puts(&sql, "DROP TABLE IF EXISTS vl_stage_state, vl_stage_province");
        for (const bulk_table *t = tables; t->table; t++)
            vl_buf_printf(&sql, ", vl_stage_%s", t->table);
        /* statistics of the tables just filled: without them the next load's queries over
         * every partition are planned as if the tables were empty until autovacuum comes by;
         * a role that does not own them gets a warning, not an error */
        for (const bulk_table *t = tables; t->table; t++)
            vl_buf_printf(&sql, "; ANALYZE %s", t->table);
        st = vl_buf_text(&sql) ? merge_exec(im, sql.data)
                               : vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
    }
#undef CO_KEY
    vl_buf_free(&sql);
    return st;
}

void vl__importer_free(vl__importer *im)
{
    if (!im)
        return;
    row_reset(im);
    for (int q = 0; q < Q_COUNT; q++)
        vl__finalize(im->q[q]);
    vl__finalize(im->late);
    vl_area_resolver_destroy(im->resolver);
    vl__refstore_free(im->refs);
    vl__strtag_free(&im->seekers_at);
    vl__strmap *maps[] = {&im->seen,  &im->areas, &im->occupations, &im->industries, &im->employers,
                          &im->fairs, &im->freqs, &im->erased,      &im->staff_macs, &im->accounts};
    for (size_t k = 0; k < VL_ARRAY_LEN(maps); k++)
        vl__strmap_free(maps[k]);
    vl_buf_free(&im->freq_periods);
    for (size_t k = 0; k < im->n_keys; k++)
        vl__free(im->key_names[k]);
    vl__free(im->tofree);
    vl_buf_free(&im->reason);
    vl__canon_free(&im->canon);
    vl__free(im);
}

vl_status vl__importer_new(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *source,
                           const vl_import_options *opt, vl__importer **out)
{
    *out = NULL;
    vl__importer *im = vl__calloc(1, sizeof *im);
    if (!im)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    im->ctx = ctx;
    im->db = db;
    im->kind = kind;
    im->latest = vl__latest_allowed_date();
    im->path = source;
    if (opt)
        im->opt = *opt;
    im->spec = vl__kind_columns(kind, &im->nspec);
    /* a server keeps the ids seen in memory (first_time): a temporary table there cost each
     * record saved at the desk a catalogue write (1.3 ms under load), and a bulk import's ids
     * fit in memory as its look-ups do */
    im->server = vl__db_backend(db) == VL__POSTGRESQL;
    vl_status st = im->server ? VL_OK
                              : vl__db_exec(ctx, db,
                                            "CREATE TEMP TABLE IF NOT EXISTS vl_seen(k TEXT PRIMARY"
                                            " KEY, line INTEGER) WITHOUT ROWID;"
                                            " DELETE FROM temp.vl_seen;");
    const vl__sqltext *ks = kind_sql(kind);
    for (int q = 0; q < Q_COUNT && st == VL_OK; q++) {
        const char *sql = vl__sqltext_for(db, sql_common[q].sql ? &sql_common[q] : &ks[q]);
        if (sql && !(im->server && (q == Q_SEEN_INSERT || q == Q_SEEN_LINE)))
            st = vl__db_prepare(ctx, db, sql, &im->q[q]);
    }
    if (st == VL_OK && (kind == VL_KIND_EMPLOYERS || kind == VL_KIND_VACANCIES ||
                        kind == VL_KIND_SEEKERS || kind == VL_KIND_FAIRS))
        st = vl_area_resolver_create(ctx, db, im->opt.legacy_areas, &im->resolver);
    if (st == VL_OK && (kind == VL_KIND_REFERRALS || kind == VL_KIND_FOLLOWUPS))
        st = vl__refstore_new(ctx, db, &im->refs);
    /* a file's look-ups on a server are made in memory, its new referrals reach it through
     * COPY (a row at a time cost 1 ms); only files bring referrals, follow-ups, counselling */
    if (st == VL_OK && im->refs)
        st = vl__refstore_stage(im->refs, kind == VL_KIND_REFERRALS);
    /* the erased seekers' ids, for a file; one record from the desk (no options: vl_db_put)
     * reads its own id's erasure instead of every erased id there is */
    if (st == VL_OK && opt &&
        (kind == VL_KIND_SEEKERS || kind == VL_KIND_REFERRALS || kind == VL_KIND_COUNSELLING))
        st = load_map(im,
                      "SELECT id, CAST(REPLACE(erased, '-', '') AS BIGINT) FROM seekers"
                      " WHERE erased IS NOT NULL",
                      &im->erased);
    if (st == VL_OK && (kind == VL_KIND_REFERRALS || kind == VL_KIND_COUNSELLING)) {
        bool have = false;
        st = vl__staff_key(ctx, db, false, im->staff_key, &have);
        if (st == VL_OK && have)
            st = load_map(im, "SELECT name_mac, n FROM staff_erasures WHERE name_mac IS NOT NULL",
                          &im->staff_macs);
        if (st == VL_OK && have)
            st = load_map(im, "SELECT vl_fold(name), 0 FROM users", &im->accounts);
    }
    /* a server: look-ups in memory and rows through COPY (an import of a file, not the rows
     * the reference data feeds one at a time) */
    im->bulk = im->server && bulk_tables(kind) && opt;
    /* a file's sessions: every seeker's province, read once; one session from the desk
     * (vl_counselling_record) reads its own seeker's */
    if (st == VL_OK && kind == VL_KIND_COUNSELLING && im->server && opt)
        st = vl__load_tags(ctx, db, "SELECT id, province FROM seekers", "reading seekers",
                           &im->seekers_at);
    if (st == VL_OK && im->bulk)
        st = bulk_begin(im);
    if (st != VL_OK) {
        vl__importer_free(im);
        return st;
    }
    *out = im;
    return VL_OK;
}

static bool valid_key_name(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z') || strlen(s) > 32)
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

/* A header problem at column c (-1: the header as a whole), "WHERE: column NAME: reason". */
static void header_diag(vl__importer *im, long c, const char *name, const char *fmt, ...)
    VL_PRINTF(4, 5);

static void header_diag(vl__importer *im, long c, const char *name, const char *fmt, ...)
{
    char msg[600], where[512];
    va_list ap;
    va_start(ap, fmt);
    fmt = vl__tr(im->ctx, fmt);
    locale_t old = uselocale(vl__c_locale());
    vsnprintf(msg, sizeof msg, fmt, ap);
    uselocale(old);
    va_end(ap);
    vl_table_where(im->table, im->path, im->line, c, where, sizeof where);
    /* the name as the file writes it ("Danh sách", not the folded "danh sách") */
    if (name && im->table && c >= 0 && vl_table_colname_shown(im->table, (size_t)c))
        name = vl_table_colname_shown(im->table, (size_t)c);
    if (name)
        vl__diag(im->ctx, "%s: column %s: %s", where, name[0] ? name : vl__tr(im->ctx, "(empty)"),
                 msg);
    else
        vl__diag(im->ctx, "%s: header: %s", where, msg);
}

void vl__importer_set_table(vl__importer *im, const vl_table *table, size_t header_line)
{
    im->table = table;
    im->line = header_line;
}

vl_status vl__importer_header(vl__importer *im, const char *const *names, size_t n)
{
    im->ncols = n;
    if (!im->line)
        im->line = 1;
    size_t bad = 0;
    for (size_t i = 0; i < VL_ARRAY_LEN(im->map); i++) {
        im->map[i] = -1;
        im->shown[i] = NULL;
    }
    for (size_t c = 0; c < n; c++) {
        for (size_t d = 0; d < c; d++)
            if (strcmp(names[c], names[d]) == 0) {
                header_diag(im, (long)c, names[c], "appears twice in the header");
                bad++;
            }
        size_t i = 0;
        while (i < im->nspec && strcmp(im->spec[i], names[c]) != 0)
            i++;
        if (i == im->nspec) { /* a Vietnamese header, or the name written differently */
            long a = vl__header_column(im->kind, names[c]);
            if (a >= 0) {
                i = (size_t)a;
                if (im->map[i] < 0)
                    im->shown[i] = im->table && vl_table_colname_shown(im->table, c)
                                       ? vl_table_colname_shown(im->table, c)
                                       : names[c];
            }
        }
        if (i < im->nspec) {
            if (im->map[i] < 0)
                im->map[i] = (long)c;
            else if (strcmp(names[im->map[i]], names[c]) != 0) {
                header_diag(im, (long)c, names[c],
                            "names the column %s a second time (first as %s)", im->spec[i],
                            names[im->map[i]]);
                bad++;
            }
            continue;
        }
        /* the last column of a rejects file (--skip-invalid): the importer's own note on why the
         * row was refused, read back with the row once it is fixed and never stored */
        if (c + 1 == n && c > 0 && strcmp(names[c], REJECTS_REASON) == 0)
            continue;
        if (im->kind == VL_KIND_HISTORY) {
            if (!valid_key_name(names[c])) {
                header_diag(im, (long)c, names[c],
                            "a key column name must be lower-case letters, digits and '_' (such "
                            "as area, industry)");
                bad++;
            } else if (im->n_keys == HISTORY_KEYS) {
                header_diag(im, (long)c, names[c], "more than %d key columns", HISTORY_KEYS);
                bad++;
            } else {
                im->key_col[im->n_keys] = (long)c;
                im->key_names[im->n_keys++] = vl__strdup(names[c]);
            }
            continue;
        }
        if (im->opt.allow_extra_columns) {
            char where[512];
            vl_table_where(im->table, im->path, im->line, (long)c, where, sizeof where);
            vl__log(im->ctx, VL_LOG_WARNING,
                    "%s: column %s: not part of the %s format; ignored (--allow-extra-columns)",
                    where, names[c][0] ? names[c] : vl__tr(im->ctx, "(empty)"),
                    vl_kind_name(im->kind));
            im->stats.extra_columns++;
        } else {
            header_diag(im, (long)c, names[c],
                        "unknown column: not part of the %s format (allow it with "
                        "--allow-extra-columns)",
                        vl_kind_name(im->kind));
            bad++;
        }
    }
    /* a file with Vietnamese headers is told the missing ones in its words: "Ngoại ngữ
     * (languages)" */
    bool vi_file = false;
    for (size_t i = 0; i < im->nspec; i++)
        vi_file = vi_file || im->shown[i];
    vl_buf missing = {0};
    for (size_t i = 0; i < im->nspec; i++) {
        if (im->map[i] >= 0 || !column_required(im->kind, i))
            continue;
        const char *vi = vi_file ? vl_kind_header_vi(im->kind, im->spec[i]) : NULL;
        if (vi)
            vl_buf_printf(&missing, "%s%s (%s)", missing.len ? ", " : "", vi, im->spec[i]);
        else
            vl_buf_printf(&missing, "%s%s", missing.len ? ", " : "", im->spec[i]);
    }
    if (missing.len) {
        const char *fmt =
            strchr(missing.data, ',') ? N_("missing columns: %s") : N_("missing column: %s");
        header_diag(im, -1, NULL, fmt, missing.data);
        bad++;
    }
    vl_buf_free(&missing);
    if (bad) {
        vl_buf want = {0};
        for (size_t i = 0; i < im->nspec; i++)
            vl_buf_printf(&want, "%s%s", i ? "," : "", im->spec[i]);
        vl_status st =
            vl__error(im->ctx, VL_ERR_INVALID, "%s: the header does not match the %s format (%s%s)",
                      im->path, vl_kind_name(im->kind), want.data ? want.data : "",
                      im->kind == VL_KIND_HISTORY ? ", then key columns" : "");
        vl_buf_free(&want);
        return st;
    }
    for (size_t k = 0; k < im->n_keys; k++) {
        if (!im->key_names[k])
            return vl__error(im->ctx, VL_ERR_NOMEM, "out of memory");
        vl__bind_text(im->q[Q_KEYNAME], 1, im->key_names[k], false);
        if (!step_done(im, Q_KEYNAME, "recording key columns")) /* its status: memory too */
            return vl_ctx_status(im->ctx) ? vl_ctx_status(im->ctx) : VL_ERR_DB;
    }
    return VL_OK;
}

vl_status vl__importer_row(vl__importer *im, const char *const *cells, size_t n, size_t line,
                           const char *record_problem, size_t *problems)
{
    row_reset(im);
    im->cells = cells;
    im->ncells = n;
    im->line = line;
    im->stats.rows++;
    if (record_problem) {
        /* the reader already added the diagnostic */
        vl_buf_puts(&im->reason, record_problem);
        im->row_problems++;
    } else if (n != im->ncols) {
        problem(im, NULL, "the row has %zu field%s, the header has %zu", n, n == 1 ? "" : "s",
                im->ncols);
    } else {
        switch (im->kind) {
        case VL_KIND_AREAS:
            row_area(im);
            break;
        case VL_KIND_EMPLOYERS:
            row_employer(im);
            break;
        case VL_KIND_VACANCIES:
            row_vacancy(im);
            break;
        case VL_KIND_SEEKERS:
            row_seeker(im);
            break;
        case VL_KIND_REFERRALS:
            row_referral(im);
            break;
        case VL_KIND_FOLLOWUPS:
            row_followup(im);
            break;
        case VL_KIND_COUNSELLING:
            row_counselling(im);
            break;
        case VL_KIND_FAIRS:
            row_fair(im);
            break;
        default:
            row_history(im);
            break;
        }
    }
    *problems = im->row_problems;
    if (im->row_problems)
        im->stats.rejected++;
    return im->fatal ? (vl_ctx_status(im->ctx) ? vl_ctx_status(im->ctx) : VL_ERR_DB) : VL_OK;
}

const char *vl__importer_reason(const vl__importer *im)
{
    return im->reason.data ? im->reason.data : "";
}

vl_import_stats vl__importer_stats(const vl__importer *im)
{
    return im->stats;
}

/* ---- vl_db_import ---------------------------------------------------------------------- */

static vl_status write_reject(vl_sheet *w, const vl_csv_record *rec, size_t ncols,
                              const char *reason, const char **buf)
{
    for (size_t i = 0; i < ncols; i++)
        buf[i] = i < rec->n ? rec->fields[i] : "";
    buf[ncols] = reason;
    return vl_sheet_row(w, ncols + 1, buf);
}

/* The rejects file is a workbook when its name says so (the user fixes it in Excel and imports
 * it again), else CSV in the import format. */
static vl_sheet_format rejects_format(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0 ? VL_SHEET_XLSX : VL_SHEET_CSV;
}

/*
 * Indexes an import does not read, built once at its end instead of row by row (SQLite). A
 * million referrals into a table of a few thousand spent a sixth of their time inserting into
 * the indexes by seeker, by date and of hires, at random places; building each afterwards is
 * a sort. Only when the file holds at least as many rows as the table (rows estimated at one
 * per 100 bytes of file, which undercounts every CSV we write): adding a few rows to a big
 * table must not rebuild its indexes. The DROP and the CREATE belong to the import's
 * transaction, so an import that fails, or a process killed half-way, leaves the indexes as
 * they were. The SQL comes from the schema itself (sqlite_master), so nothing here restates an
 * index. The referral import's own look-ups use the primary key and the index by vacancy
 * (positions left), which stay.
 */
typedef struct deferred_indexes {
    vl_buf sql; /* CREATE INDEX statements, ';'-separated, to run before commit */
} deferred_indexes;

static vl_status defer_indexes(vl_ctx *ctx, vl_db *db, vl_kind kind, size_t file_bytes,
                               deferred_indexes *d)
{
    static const char *const referral_indexes =
        "'referrals_seeker', 'referrals_date', 'referrals_hired'";
    if (vl__db_backend(db) != VL__SQLITE || kind != VL_KIND_REFERRALS)
        return VL_OK;
    int64_t rows = 0;
    vl_status st = vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM referrals", &rows);
    if (st != VL_OK || rows < 0 || (size_t)rows > file_bytes / 100)
        return st;
    vl_buf q = {0};
    vl__stmt *s = NULL;
    st = vl_buf_printf(&q,
                       "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND"
                       " tbl_name = 'referrals' AND name IN (%s) ORDER BY name",
                       referral_indexes)
             ? vl__db_prepare(ctx, db, q.data, &s)
             : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_buf_free(&q);
    vl_buf drops = {0};
    int rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        bool ok = vl_buf_printf(&drops, "DROP INDEX \"%s\";", vl__col_text(s, 0)) &&
                  vl_buf_printf(&d->sql, "%s;", vl__col_text(s, 1));
        if (!ok)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "reading the schema");
    vl__finalize(s);
    if (st == VL_OK && drops.data)
        st = vl__db_exec(ctx, db, drops.data);
    vl_buf_free(&drops);
    return st;
}

/* Builds the indexes defer_indexes dropped (in the import's transaction). */
static vl_status build_deferred(vl_ctx *ctx, vl_db *db, deferred_indexes *d)
{
    vl_status st = d->sql.failed ? vl__error(ctx, VL_ERR_NOMEM, "out of memory")
                   : d->sql.data ? vl__db_exec(ctx, db, d->sql.data)
                                 : VL_OK;
    vl_buf_free(&d->sql);
    return st;
}

vl_status vl_db_import(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path,
                       const vl_import_options *opt, vl_import_stats *stats)
{
    vl_import_stats dummy;
    if (!stats)
        stats = &dummy;
    memset(stats, 0, sizeof *stats);
    if (!db || !path || (int)kind < 0 || kind >= VL_KIND_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_import: missing argument");
    vl_import_options o = {0};
    if (opt)
        o = *opt;
    if (o.skip_invalid && (!o.rejects_path || !*o.rejects_path))
        return vl__error(ctx, VL_ERR_ARG, "skipping invalid rows needs a rejects file");
    vl__diag_clear(ctx);

    vl_table *r = NULL;
    vl_status st = vl_table_open(ctx, path, o.sheet, &r);
    if (st != VL_OK) {
        if (vl_ctx_diag_count(ctx) == 0)
            vl__diag(ctx, "%s", vl_ctx_errmsg(ctx));
        return st;
    }
    size_t ncols = vl_table_ncols(r);
    const char **names = vl__calloc(ncols + 2, sizeof *names);
    vl_sheet *rw = NULL;
    vl__importer *im = NULL;
    deferred_indexes deferred = {0};
    bool began = false;
    if (!names) {
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ncols; i++)
        names[i] = vl_table_colname(r, i);
    if ((st = vl__db_begin(ctx, db)) != VL_OK)
        goto done;
    began = true;
    if ((st = vl__importer_new(ctx, db, kind, path, &o, &im)) != VL_OK)
        goto done;
    vl_table_decimal_comma(r, o.numbers_vi);
    vl__importer_set_table(im, r, vl_table_header_line(r));
    if ((st = vl__importer_header(im, names, ncols)) != VL_OK)
        goto done;
    if ((st = defer_indexes(ctx, db, kind, vl_table_size(r), &deferred)) != VL_OK)
        goto done;
    if (o.skip_invalid) {
        /* bad seeker rows carry personal data: 0600; the file appears only if the import does */
        /* in the input's own style (Vietnamese Excel's ';' and mark open it in columns), its
         * header as it writes it */
        bool bom, semicolon;
        vl_table_csv_style(r, &bom, &semicolon);
        if ((st = vl_sheet_open(ctx, o.rejects_path, rejects_format(o.rejects_path), NULL,
                                VL_OUTPUT_PRIVATE | (bom ? VL_CSV_BOM : 0) |
                                    (semicolon ? VL_CSV_SEMICOLON : 0),
                                &rw)) != VL_OK)
            goto done;
        /* names has served the header (the importer keeps what it needs): from here it is the
         * rows' buffer (write_reject) */
        for (size_t i = 0; i < ncols; i++)
            if (vl_table_colname_shown(r, i))
                names[i] = vl_table_colname_shown(r, i);
        names[ncols] = REJECTS_REASON;
        if (vl_sheet_row(rw, ncols + 1, names) != VL_OK) {
            st = vl__error(ctx, VL_ERR_IO, "%s: write failed", o.rejects_path);
            goto done;
        }
    }
    const vl_csv_record *rec;
    size_t bad_rows = 0;
    while ((st = vl_table_next(r, &rec)) == VL_OK && rec) {
        size_t problems = 0;
        if ((st = vl__importer_row(im, rec->fields, rec->n, rec->line, rec->problem, &problems)) !=
            VL_OK)
            break;
        if (problems) {
            bad_rows++;
            if (rw && write_reject(rw, rec, ncols, vl__importer_reason(im), names) != VL_OK) {
                st = vl__error(ctx, VL_ERR_IO, "%s: write failed", o.rejects_path);
                break;
            }
        }
        if (im->stats.rows % 4096 == 0)
            vl__progress(ctx, "import", vl_table_offset(r), vl_table_size(r));
    }
    *stats = im->stats;
    if (st == VL_OK && bad_rows && !o.skip_invalid)
        st = vl__error(ctx, VL_ERR_INVALID, "%s: %zu invalid row%s; nothing was imported", path,
                       bad_rows, bad_rows == 1 ? "" : "s");
    if (st == VL_OK && rw) {
        st = vl_sheet_close(ctx, rw);
        rw = NULL;
    }
    if (st == VL_OK && im->refs)
        st = vl__refstore_flush(im->refs);
    if (st == VL_OK && im->bulk) {
        st = merge_bulk(im);
        *stats = im->stats;
    }
    if (st == VL_OK) {
        vl__progress(ctx, "import", vl_table_size(r), vl_table_size(r));
        vl__importer_free(im);
        im = NULL;
        if (kind == VL_KIND_AREAS)
            st = vl__db_areas_changed(ctx, db);
        if (st == VL_OK)
            st = build_deferred(ctx, db, &deferred);
        /* checked: a failure here (out of memory) may have rolled the whole transaction back,
         * which only its status tells */
        if (st == VL_OK && vl__db_backend(db) == VL__SQLITE)
            st = vl__db_exec(ctx, db, "DROP TABLE IF EXISTS temp.vl_seen");
        if (st == VL_OK) {
            st = vl__db_commit(ctx, db);
            began = false;
        }
    }
done:
    if (st != VL_OK) {
        /* nothing was written: say so in the counts too */
        stats->inserted = stats->updated = stats->unchanged = 0;
    }
    vl__importer_free(im);
    if (began) {
        vl__db_rollback(db);
        if (vl__db_backend(db) == VL__SQLITE)
            vl__db_exec(NULL, db, "DROP TABLE IF EXISTS temp.vl_seen");
    }
    vl_buf_free(&deferred.sql);
    vl_sheet_discard(rw);
    vl__free(names);
    vl_table_close(r);
    return st;
}

/* ---- one record: vl_db_put ---------------------------------------------------------------- */

/*
 * The next free PREFIX + yyyymmdd + "-" + NNNN of today (inside the write transaction): one
 * more than the largest number after the stem among today's ids (ids of other shapes, and
 * numbers of more than 18 digits, are not numbers here). The database finds the largest, so
 * that a registration does not read every id the day has had.
 */
static vl_status next_id(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *prefix, char out[65])
{
    char day[11], stem[48];
    vl__format_date(vl__today(), day);
    snprintf(stem, sizeof stem, "%.30s%.4s%.2s%.2s-", prefix, day, day + 5, day + 8);
    const char *table = vl_kind_name(kind);
    char sql[320];
    snprintf(sql, sizeof sql,
             vl__sql(db,
                     "SELECT MAX(CAST(substr(id, ?3) AS INTEGER)) FROM %s WHERE id >= ?1 AND"
                     " id < ?2 AND length(id) BETWEEN ?3 AND ?3 + 17 AND"
                     " substr(id, ?3) NOT GLOB '*[^0-9]*'",
                     "SELECT MAX(CAST(substr(id, CAST(?3 AS INTEGER)) AS BIGINT)) FROM %s WHERE"
                     " id >= ?1 AND id < ?2 AND substr(id, CAST(?3 AS INTEGER)) ~ '^[0-9]{1,18}$'"),
             table);
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    char hi[52];
    snprintf(hi, sizeof hi, "%.*s.", (int)strlen(stem) - 1, stem); /* '.' follows '-' */
    vl__bind_text(s, 1, stem, false);
    vl__bind_text(s, 2, hi, false);
    vl__bind_int64(s, 3, (int64_t)strlen(stem) + 1);
    int64_t next = 1;
    int rc = vl__step(s);
    if (rc == VL__ROW && !vl__col_null(s, 0))
        next = vl__col_int64(s, 0) + 1;
    vl__finalize(s);
    if (rc != VL__ROW)
        return vl__db_sqlerr(ctx, db, "choosing a new id");
    snprintf(out, 65, "%.44s%04lld", stem, (long long)next); /* stem: 39 bytes at most */
    return VL_OK;
}

static void nfc_free(char **nfc, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        vl__free(nfc[i]);
        nfc[i] = NULL;
    }
}

/*
 * A record's text in NFC, as the files' readers give it (csv.c, xlsx-read.c): Vietnamese typed
 * decomposed ("Unicode tổ hợp" in Unikey: e, then the marks) is stored composed, so it compares,
 * searches and exports as the same text however it was typed. cells[i] points at nfc[i] where
 * that differs; text that is not UTF-8 stays as it is, for the checks to name.
 */
static vl_status put_nfc(vl_ctx *ctx, const char **cells, size_t n, char **nfc)
{
    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i];
        bool ascii = true;
        for (size_t k = 0; c[k] && ascii; k++)
            ascii = (unsigned char)c[k] < 0x80;
        if (ascii || !vl_text_valid_utf8(c, strlen(c), NULL))
            continue;
        if (!(nfc[i] = vl_text_nfc(c))) {
            nfc_free(nfc, n);
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
        cells[i] = nfc[i];
    }
    return VL_OK;
}

vl_status vl_db_put(vl_ctx *ctx, vl_db *db, const vl_put_request *rq, vl_put_result *out)
{
    if (!db || !rq || !out ||
        (rq->kind != VL_KIND_SEEKERS && rq->kind != VL_KIND_VACANCIES &&
         rq->kind != VL_KIND_EMPLOYERS && rq->kind != VL_KIND_FAIRS) ||
        (rq->n && (!rq->columns || !rq->values)))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_put: missing argument");
    memset(out, 0, sizeof *out);
    vl__diag_clear(ctx);
    size_t ncols;
    const char *const *cols = vl__kind_columns(rq->kind, &ncols);
    const char *cells[32] = {0};
    for (size_t i = 0; i < ncols; i++)
        cells[i] = "";
    for (size_t k = 0; k < rq->n; k++) {
        size_t i = 0;
        while (i < ncols && strcmp(cols[i], rq->columns[k]) != 0)
            i++;
        if (i == ncols)
            return vl__error(ctx, VL_ERR_ARG, "%s have no column '%s'", vl_kind_name(rq->kind),
                             rq->columns[k]);
        cells[i] = rq->values[k] ? rq->values[k] : "";
    }
    char *nfc[32] = {0};
    vl_status st = put_nfc(ctx, cells, ncols, nfc);
    const char *table = vl_kind_name(rq->kind);
    if (st == VL_OK)
        st = vl__db_begin(ctx, db);
    if (st != VL_OK) {
        nfc_free(nfc, ncols);
        return st;
    }
    bool numbered = !*cells[0] && rq->create && rq->id_prefix;
    if (numbered)
        st = next_id(ctx, db, rq->kind, rq->id_prefix, out->id);
    else
        snprintf(out->id, sizeof out->id, "%s", cells[0]);
    cells[0] = out->id;
    /* existence and version before the checks, so a stale form is a conflict, not a rewrite */
    char stored[65] = "", erased[16] = "";
    bool exists = false;
    if (st == VL_OK && *out->id) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT sig, %s FROM %s WHERE id = ?",
                 rq->kind == VL_KIND_SEEKERS ? "erased" : "NULL", table);
        vl__stmt *s;
        if ((st = vl__db_prepare(ctx, db, sql, &s)) == VL_OK) {
            vl__bind_text(s, 1, out->id, false);
            int rc = vl__step(s);
            if (rc == VL__ROW) {
                exists = true;
                snprintf(stored, sizeof stored, "%s", vl__col_text(s, 0));
                snprintf(erased, sizeof erased, "%s", vl__col_text(s, 1));
            } else if (rc != VL__DONE) {
                st = vl__db_sqlerr(ctx, db, "reading a record");
            }
            vl__finalize(s);
        }
    }
    /* an erased person's id is never given again (Decree 13/2023/ND-CP: the erasure sticks) */
    if (st == VL_OK && rq->create && exists && *erased)
        st = vl__error(ctx, VL_ERR_CONFLICT,
                       "id '%s': this person's personal data was erased on %s; registering "
                       "again needs a new registration with a new id",
                       out->id, erased);
    else if (st == VL_OK && rq->create && exists)
        st = vl__error(ctx, VL_ERR_CONFLICT, "%s: id '%s' exists already", table, out->id);
    if (st == VL_OK && rq->update && !exists)
        st = vl__no_record(ctx, rq->kind, out->id);
    if (st == VL_OK && rq->update && rq->version && *rq->version && strcmp(rq->version, stored))
        st = vl__error(ctx, VL_ERR_CONFLICT,
                       "%s '%s' was changed by someone else since it was read", table, out->id);
    vl__importer *im = NULL;
    if (st == VL_OK)
        st = vl__importer_new(ctx, db, rq->kind, NULL, NULL, &im);
    /* the one erasure the record's checks need (erased_row), as a file's import has them all
     * (the store wrote the date: it parses) */
    if (st == VL_OK && *erased) {
        int32_t on = 0;
        (void)vl__parse_date(erased, &on);
        if (!vl__strmap_put(&im->erased, out->id, on))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK)
        st = vl__importer_header(im, cols, ncols);
    size_t problems = 0;
    if (st == VL_OK) {
        st = vl__importer_row(im, cells, ncols, 1, NULL, &problems);
        if (numbered)
            st = vl__db_number_taken(ctx, db, st, out->id);
    }
    if (st == VL_OK && problems)
        st = vl__error(ctx, VL_ERR_INVALID, "%zu problem%s in the %s record; nothing was saved",
                       problems, problems == 1 ? "" : "s", table);
    if (st == VL_OK) {
        vl_import_stats stats = vl__importer_stats(im);
        out->changed = stats.inserted + stats.updated > 0;
        vl__importer_free(im);
        im = NULL;
        snprintf(out->version, sizeof out->version, "%s", stored);
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT sig FROM %s WHERE id = ?", table);
        vl__stmt *s;
        if ((st = vl__db_prepare(ctx, db, sql, &s)) == VL_OK) {
            vl__bind_text(s, 1, out->id, false);
            int rc = vl__step(s);
            if (rc == VL__ROW)
                snprintf(out->version, sizeof out->version, "%s", vl__col_text(s, 0));
            else if (rc != VL__DONE) /* a serialisation failure here is VL_ERR_BUSY */
                st = vl__db_sqlerr(ctx, db, "reading the stored version");
            vl__finalize(s);
        }
        /* checked: out of memory here may have rolled the transaction back */
        if (st == VL_OK && vl__db_backend(db) == VL__SQLITE)
            st = vl__db_exec(ctx, db, "DROP TABLE IF EXISTS temp.vl_seen");
    }
    vl__importer_free(im);
    nfc_free(nfc, ncols);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}

/* ---- one counselling session from the desk ---------------------------------------------- */

vl_status vl_counselling_record(vl_ctx *ctx, vl_db *db, const vl_counselling_new *c)
{
    if (!db || !c || !c->seeker)
        return vl__error(ctx, VL_ERR_ARG, "vl_counselling_record: missing argument");
    vl__diag_clear(ctx);
    char day[11];
    vl__format_date(c->on ? c->on : vl__today(), day);
    const char *cells[] = {c->seeker, day, c->staff ? c->staff : "", c->topic ? c->topic : ""};
    size_t ncols;
    const char *const *cols = vl__kind_columns(VL_KIND_COUNSELLING, &ncols);
    char *nfc[4] = {0};
    vl_status st = put_nfc(ctx, cells, 4, nfc);
    if (st == VL_OK)
        st = vl__db_begin(ctx, db);
    if (st != VL_OK) {
        nfc_free(nfc, 4);
        return st;
    }
    /* the seeker: unknown is NOTFOUND (as for the other records); their province (where the
     * session is stored on a server) and erasure (an erased person gets no new sessions) */
    bool server = vl__db_backend(db) == VL__POSTGRESQL;
    char province[16] = "", erased[16] = "";
    bool found = false;
    vl__stmt *s;
    st = vl__db_prepare(ctx, db,
                        server ? "SELECT province, erased FROM seekers WHERE id = ?"
                               : "SELECT '', erased FROM seekers WHERE id = ?",
                        &s);
    if (st == VL_OK) {
        vl__bind_text(s, 1, c->seeker, false);
        int rc = vl__step(s);
        if (rc == VL__ROW) {
            found = true;
            snprintf(province, sizeof province, "%s", vl__col_text(s, 0));
            snprintf(erased, sizeof erased, "%s", vl__col_text(s, 1));
        } else if (rc != VL__DONE) {
            st = vl__db_sqlerr(ctx, db, "reading a seeker");
        }
        vl__finalize(s);
    }
    if (st == VL_OK && !found)
        st = vl__no_record(ctx, VL_KIND_SEEKERS, c->seeker);
    vl__importer *im = NULL;
    if (st == VL_OK)
        st = vl__importer_new(ctx, db, VL_KIND_COUNSELLING, NULL, NULL, &im);
    if (st == VL_OK && server && !vl__strtag_put(&im->seekers_at, c->seeker, province))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && *erased) {
        int32_t on = 0;
        (void)vl__parse_date(erased, &on);
        if (!vl__strmap_put(&im->erased, c->seeker, on))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK)
        st = vl__importer_header(im, cols, ncols);
    size_t problems = 0;
    if (st == VL_OK)
        st = vl__importer_row(im, cells, ncols, 1, NULL, &problems);
    if (st == VL_OK && problems)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%zu problem%s in the counselling session; nothing was"
                       " saved",
                       problems, problems == 1 ? "" : "s");
    vl__importer_free(im);
    nfc_free(nfc, 4);
    if (st == VL_OK && !server) /* checked, as above */
        st = vl__db_exec(ctx, db, "DROP TABLE IF EXISTS temp.vl_seen");
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}
