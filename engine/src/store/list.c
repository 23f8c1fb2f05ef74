/*
 * list.c - the desk's lists: seekers, employers and vacancies searched, filtered, sorted and
 * paged in the database, so a page never loads a whole table. Every value a caller gives is a
 * bound parameter (search text is data, never SQL); SQL is assembled only from the fixed
 * fragments below. Seekers are found by id, by phone or ID-card digits (prefix) or by the words
 * of their folded name (each word a prefix, any order) through the FTS5 index seeker_names
 * (PostgreSQL: a prefix query on the index of name_key's words, schema step 18; a word with
 * letters beyond a-z, a regular expression served by a trigram index);
 * employers and vacancies by id or folded name/title words. Ties of every sort go by id.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/json.h"
#include "store/areas.h"
#include "store/values.h"

struct vl_list {
    size_t total, rows, cols;
    const char *const *names;
    const vl_col_type *types;
    char **values; /* rows * cols, NULL = missing */
    char sort[24];
};

typedef struct sort_field {
    const char *name, *sql;
} sort_field;

typedef struct list_spec {
    const char *select; /* the columns, FROM and joins */
    const char *count;  /* FROM and joins for the count */
    const char *const *names;
    const vl_col_type *types;
    size_t cols;
    const sort_field *sorts;
    size_t n_sorts;
    const char *default_sort;
    const char *select_pg; /* PostgreSQL's spelling of select where it differs (NULL: same) */
} list_spec;

/* ---- the kinds ------------------------------------------------------------------------------- */

/* area_parent, area_parent_name: the commune's province since the 2025 reform (a search of
 * every province lists namesakes of communes) */
static const char *const seeker_names[] = {
    "id",        "name",        "birth_year",       "gender", "phone",      "area",
    "area_name", "area_parent", "area_parent_name", "status", "registered", "occupations"};
static const vl_col_type seeker_types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_INT,  VL_COL_TEXT,
                                           VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT,
                                           VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_LIST};
static const sort_field seeker_sorts[] = {
    {"name", "s.name_key"}, {"id", "s.id"}, {"registered", "s.registered"}};

static const char *const employer_names[] = {
    "id", "name", "industry", "area", "area_name", "area_parent", "area_parent_name", "vacancies"};
static const vl_col_type employer_types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT,
                                             VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_INT};
static const sort_field employer_sorts[] = {{"name", "e.name"}, {"id", "e.id"}};

static const char *const vacancy_names[] = {
    "id",        "title",       "employer",         "employer_name", "occupation", "area",
    "area_name", "area_parent", "area_parent_name", "country",       "positions",  "wage_min",
    "wage_max",  "posted",      "closes",           "fair",          "open"};
static const vl_col_type vacancy_types[] = {
    VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT,
    VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_INT,  VL_COL_REAL,
    VL_COL_REAL, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_BOOL};
static const sort_field vacancy_sorts[] = {
    {"posted", "v.posted"}, {"closes", "v.closes"}, {"title", "v.title"}, {"id", "v.id"}};

/* ?1 is the as-of date in every vacancy query (for `open`). */
#define VAC_OPEN                                                                                   \
    "(COALESCE(v.positions, 0) > 0 AND (v.posted IS NULL OR v.posted <= ?1) AND"                   \
    " (v.closes IS NULL OR v.closes >= ?1))"

/* The code and name of the area's parent (a commune's province since the 2025 reform), scalar
 * subqueries rather than a join: PostgreSQL evaluates them after the sort and limit, for the
 * page's rows only (as a join they were read for every match: a third more on the match p99 of
 * the desk on the whole country's data) */
#define AREA_PARENT                                                                                \
    " (SELECT ap.code FROM areas ap WHERE ap.id = a.parent), (SELECT ap.name FROM areas ap WHERE"  \
    " ap.id = a.parent),"

static const list_spec specs[] = {
    [VL_KIND_SEEKERS] = {"SELECT s.id, s.name, s.birth_year, s.gender, s.phone, a.code,"
                         " a.name," AREA_PARENT " s.status, s.registered, (SELECT"
                         " group_concat(occupation, ';') FROM (SELECT occupation FROM"
                         " seeker_occupations o WHERE o.seeker_id = s.id ORDER BY rank)) FROM"
                         " seekers s LEFT JOIN areas a ON a.id = s.area_id",
                         "SELECT COUNT(*) FROM seekers s", seeker_names, seeker_types,
                         VL_ARRAY_LEN(seeker_names), seeker_sorts, VL_ARRAY_LEN(seeker_sorts),
                         "name",
                         "SELECT s.id, s.name, s.birth_year, s.gender, s.phone, a.code,"
                         " a.name," AREA_PARENT " s.status, s.registered, (SELECT"
                         " string_agg(occupation, ';' ORDER BY rank) FROM seeker_occupations o"
                         " WHERE o.seeker_id = s.id) FROM seekers s LEFT JOIN areas a ON a.id ="
                         " s.area_id"},
    [VL_KIND_EMPLOYERS] = {"SELECT e.id, e.name, e.industry, a.code, a.name," AREA_PARENT
                           " (SELECT COUNT(*) FROM vacancies v WHERE v.employer = e.id) FROM"
                           " employers e LEFT JOIN areas a ON a.id = e.area_id",
                           "SELECT COUNT(*) FROM employers e", employer_names, employer_types,
                           VL_ARRAY_LEN(employer_names), employer_sorts,
                           VL_ARRAY_LEN(employer_sorts), "name"},
    [VL_KIND_VACANCIES] = {"SELECT v.id, v.title, v.employer, e.name, v.occupation, a.code,"
                           " a.name," AREA_PARENT " v.country, v.positions, v.wage_min,"
                           " v.wage_max, v.posted, v.closes, v.fair, " VAC_OPEN " FROM vacancies"
                           " v JOIN employers e ON e.id = v.employer LEFT JOIN areas a ON a.id ="
                           " v.area_id",
                           "SELECT COUNT(*) FROM vacancies v", vacancy_names, vacancy_types,
                           VL_ARRAY_LEN(vacancy_names), vacancy_sorts, VL_ARRAY_LEN(vacancy_sorts),
                           "-posted"},
};

/* ---- building the query ---------------------------------------------------------------------- */

#define MAX_PARAMS 24

typedef struct qb {
    vl_buf where;
    const char *params[MAX_PARAMS]; /* ?2.. (?1 is the as-of date) */
    size_t n;
    char *owned[MAX_PARAMS];
    size_t n_owned;
    bool pg; /* PostgreSQL: the name search without FTS5 */
    /* SQLite's name search: the FTS5 query's parameter (0: none). The WHERE then holds the
     * filters and the search's other alternatives (id, phone, ID card); fts_statements adds
     * the name matches. */
    int fts;
} qb;

/* Adds a parameter and returns its number. */
static int param(qb *b, const char *value)
{
    assert(b->n < MAX_PARAMS);
    b->params[b->n++] = value;
    return (int)b->n + 1;
}

static const char *own(qb *b, char *s)
{
    if (s && b->n_owned < MAX_PARAMS)
        b->owned[b->n_owned++] = s;
    return s;
}

static void where_and(qb *b, const char *fmt, ...) VL_PRINTF(2, 3);
static void where_and(qb *b, const char *fmt, ...)
{
    vl_buf_puts(&b->where, b->where.len ? " AND " : " WHERE ");
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    vl_buf_puts(&b->where, text);
}

/* The folded words of q (letters and digits; everything else separates words), at most 8. */
static size_t words(const char *q, char *folded_out, size_t size, char **w, size_t max)
{
    char *f = vl_text_fold(q);
    if (!f)
        return 0;
    snprintf(folded_out, size, "%s", f);
    vl__free(f);
    size_t n = 0;
    char *p = folded_out;
    while (*p && n < max) {
        while (*p && (unsigned char)*p < 0x80 &&
               !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            p++;
        if (!*p)
            break;
        w[n++] = p;
        while (*p &&
               ((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            p++;
        if (*p)
            *p++ = '\0';
    }
    return n;
}

/* "0912" -> lower bound "0912", upper bound "0912:" (':' follows every digit). */
static void prefix_range(qb *b, const char *digits, int *lo, int *hi)
{
    char *upper = vl__malloc(strlen(digits) + 2);
    if (upper)
        sprintf(upper, "%s:", digits);
    *lo = param(b, digits);
    *hi = param(b, own(b, upper) ? upper : digits);
}

/* Text with a LIKE wildcard escaped ('\' is the escape character). */
static char *like_contains(const char *word)
{
    char *out = vl__malloc(2 * strlen(word) + 3);
    if (!out)
        return NULL;
    char *o = out;
    *o++ = '%';
    for (const char *p = word; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            *o++ = '\\';
        *o++ = *p;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/*
 * The digits of a phone or ID-card number being typed ("0912 345", "+84 912"): separators
 * dropped and +84 written as 0, like the stored phone; NULL when q is not such a number.
 */
static char *search_digits(const char *q)
{
    char *out = vl__malloc(strlen(q) + 2);
    if (!out)
        return NULL;
    size_t n = 0;
    for (const char *p = q; *p; p++) {
        if (*p >= '0' && *p <= '9')
            out[n++] = *p;
        else if (*p == '+' && n == 0 && p == q)
            out[n++] = '+';
        else if (*p != ' ' && *p != '.' && *p != '-' && *p != '(' && *p != ')') {
            vl__free(out);
            return NULL;
        }
    }
    out[n] = '\0';
    if (strncmp(out, "+84", 3) == 0) {
        out[0] = '0';
        memmove(out + 1, out + 3, n - 2);
    }
    if (out[0] == '+') {
        vl__free(out);
        return NULL;
    }
    return out;
}

static vl_status search(vl_ctx *ctx, qb *b, vl_kind kind, const char *q)
{
    char folded[256];
    char *w[8];
    size_t nw = words(q, folded, sizeof folded, w, 8);
    const char *key = kind == VL_KIND_SEEKERS     ? "s.id"
                      : kind == VL_KIND_EMPLOYERS ? "e.id"
                                                  : "v.id";
    int pid = param(b, q);
    vl_buf_puts(&b->where, b->where.len ? " AND (" : " WHERE (");
    vl_buf_printf(&b->where, "%s = ?%d", key, pid);
    if (kind == VL_KIND_SEEKERS) {
        char *digits = search_digits(q);
        if (digits && strlen(digits) >= 4) {
            own(b, digits);
            int lo, hi;
            prefix_range(b, digits, &lo, &hi);
            vl_buf_printf(&b->where,
                          " OR (s.phone >= ?%d AND s.phone < ?%d)"
                          " OR (s.id_card >= ?%d AND s.id_card < ?%d)",
                          lo, hi, lo, hi);
        } else {
            vl__free(digits);
        }
        bool ascii = true; /* every word of a-z and 0-9 only: the index of words answers */
        for (size_t i = 0; i < nw && ascii; i++)
            ascii = strspn(w[i], "0123456789abcdefghijklmnopqrstuvwxyz") == strlen(w[i]);
        if (nw && b->pg && ascii) {
            /* PostgreSQL: every word starts a word of name_key, that is, is one of the
             * prefixes the index holds (schema step 20): whole keys ('nguyen' & 'thu', read as
             * written: no parser); the words hold only a-z and 0-9, so they cannot end the
             * quotes */
            vl_buf m = {0};
            for (size_t i = 0; i < nw; i++)
                vl_buf_printf(&m, "%s'%s'", i ? " & " : "", w[i]);
            if (!vl_buf_text(&m))
                return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            vl_buf_printf(&b->where,
                          " OR " VL__PG_NAME_PREFIXES("s.name_key") " @@ CAST(?%d AS tsquery)",
                          param(b, own(b, m.data)));
        } else if (nw && b->pg) {
            /* PostgreSQL, a word with other letters: every word starts a word of name_key (a
             * regular expression the trigram index of schema step 8 serves); words hold only
             * letters and digits */
            vl_buf_puts(&b->where, " OR (");
            for (size_t i = 0; i < nw; i++) {
                vl_buf m = {0};
                vl_buf_printf(&m, "(^|[^0-9a-z])%s", w[i]);
                if (!vl_buf_text(&m))
                    return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                vl_buf_printf(&b->where, "%ss.name_key ~ ?%d", i ? " AND " : "",
                              param(b, own(b, m.data)));
            }
            vl_buf_puts(&b->where, ")");
        } else if (nw) {
            /* FTS5 query: every word a quoted prefix ("nguyen"* "van"*); words hold only
             * letters and digits, so quoting cannot be escaped */
            vl_buf m = {0};
            for (size_t i = 0; i < nw; i++)
                vl_buf_printf(&m, "%s\"%s\"*", i ? " " : "", w[i]);
            if (!vl_buf_text(&m))
                return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            b->fts = param(b, own(b, m.data));
        }
    } else if (nw) {
        vl_buf_puts(&b->where, " OR (");
        for (size_t i = 0; i < nw; i++) {
            char *pat = like_contains(w[i]);
            if (!pat)
                return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            int pp = param(b, own(b, pat));
            vl_buf_printf(&b->where, "%svl_fold(%s) LIKE ?%d ESCAPE '\\'", i ? " AND " : "",
                          kind == VL_KIND_EMPLOYERS ? "e.name" : "v.title", pp);
        }
        vl_buf_puts(&b->where, ")");
    }
    vl_buf_puts(&b->where, ")");
    return VL_OK;
}

static vl_status bind_all(vl_ctx *ctx, vl_db *db, vl__stmt *s, const qb *b, const char *as_of)
{
    (void)ctx;
    (void)db;
    if (vl__param_count(s) >= 1)
        vl__bind_text(s, 1, as_of, false);
    for (size_t i = 0; i < b->n; i++)
        vl__bind_text(s, (int)i + 2, b->params[i], false);
    return VL_OK;
}

/* Sets l->total from the count statement sql. */
static vl_status count_matches(vl_ctx *ctx, vl_db *db, const char *sql, const qb *b,
                               const char *as_of, vl_list *l)
{
    vl__stmt *s = NULL;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st == VL_OK && (st = bind_all(ctx, db, s, b, as_of)) == VL_OK) {
        if (vl__step(s) == VL__ROW)
            l->total = (size_t)vl__col_int64(s, 0);
        else
            st = vl__db_sqlerr(ctx, db, "counting");
    }
    vl__finalize(s);
    return st;
}

/*
 * The count and the page of a seekers' search by name on SQLite, written so that FTS5 does the
 * work: a common name ("nguyen minh") matches thousands of seekers, and the general statement
 * looked each of them up in seekers to count and to sort (31 ms for one search, against 11 ms
 * this way, on the desk benchmark's 100,000 seekers). A match is a name match (FTS5) or one of
 * the other alternatives (id, phone, ID card), each with the filters:
 *  - count: the name matches (counted inside FTS5 when there is no filter) plus the other
 *    matches that are not name matches;
 *  - page: the first offset + size of the name matches in the page's order, and the same of the
 *    others, then the page from the union of the two. The first n of a union in a total order
 *    (every order ends with the id) lie among the first n of its parts, so the page is the
 *    general statement's.
 * The FTS5 table holds the same name_key as seekers (its triggers), so without a filter and in
 * the order of names the name matches are sorted without a look-up in seekers.
 */
static void fts_statements(const qb *b, const list_spec *sp, const sort_field *sf, bool desc,
                           size_t filters, const vl_list_query *q, vl_buf *count, vl_buf *sql)
{
    /* " AND f1 AND f2" from " WHERE f1 AND f2" */
    const size_t skip = sizeof " WHERE " - 1;
    const char *f = filters ? b->where.data + skip : "";
    const char *and = filters ? " AND " : "";
    int flen = (int)(filters ? filters - skip : 0);
    bool own_order = !filters && strcmp(sf->sql, "s.name_key") == 0;
    const char *names = own_order ? "seeker_names f JOIN seeker_keys k ON k.n = f.rowid"
                                  : "seeker_names f JOIN seeker_keys k ON k.n = f.rowid JOIN"
                                    " seekers s ON s.id = k.id";
    const char *dir = desc ? "DESC" : "ASC";
    /* b->where: the filters and the other alternatives */
    vl_buf_printf(count,
                  "SELECT (SELECT COUNT(*) FROM %s WHERE seeker_names MATCH ?%d%s%.*s) +"
                  " (SELECT COUNT(*) FROM seekers s%s AND NOT EXISTS (SELECT 1"
                  " FROM seeker_keys k JOIN seeker_names f ON f.rowid = k.n WHERE k.id = s.id"
                  " AND seeker_names MATCH ?%d))",
                  filters ? names : "seeker_names", b->fts, and, flen, f, b->where.data, b->fts);
    size_t n = q->page * q->size;
    vl_buf_printf(sql,
                  "%s WHERE s.id IN (SELECT id FROM (SELECT k.id AS id FROM %s WHERE"
                  " seeker_names MATCH ?%d%s%.*s ORDER BY %s IS NULL, %s %s, k.id LIMIT %zu)"
                  " UNION SELECT id FROM (SELECT s.id AS id FROM seekers s%s"
                  " ORDER BY %s IS NULL, %s %s, s.id LIMIT %zu))"
                  " ORDER BY %s IS NULL, %s %s, s.id LIMIT %zu OFFSET %zu",
                  sp->select, names, b->fts, and, flen, f, own_order ? "f.name_key" : sf->sql,
                  own_order ? "f.name_key" : sf->sql, dir, n, b->where.data, sf->sql, sf->sql, dir,
                  n, sf->sql, sf->sql, dir, q->size, (q->page - 1) * q->size);
}

vl_status vl_db_list(vl_ctx *ctx, vl_db *db, vl_kind kind, const vl_list_query *q, vl_list **out)
{
    if (!db || !q || !out ||
        (kind != VL_KIND_SEEKERS && kind != VL_KIND_EMPLOYERS && kind != VL_KIND_VACANCIES))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_list: missing argument");
    *out = NULL;
    if (q->page < 1 || q->page > VL_LIST_PAGE_MAX)
        return vl__error(ctx, VL_ERR_ARG, "page must be 1..%d", VL_LIST_PAGE_MAX);
    if (q->size < 1 || q->size > VL_LIST_SIZE_MAX)
        return vl__error(ctx, VL_ERR_ARG, "size must be 1..%d", VL_LIST_SIZE_MAX);
    const list_spec *sp = &specs[kind];
    const char *sort = q->sort && *q->sort ? q->sort : sp->default_sort;
    bool desc = sort[0] == '-';
    const sort_field *sf = NULL;
    for (size_t i = 0; i < sp->n_sorts; i++)
        if (strcmp(sp->sorts[i].name, sort + desc) == 0)
            sf = &sp->sorts[i];
    if (!sf)
        return vl__error(ctx, VL_ERR_ARG, "cannot sort %s by '%s'", vl_kind_name(kind), sort);
    char as_of[11];
    vl__format_date(q->as_of ? q->as_of : vl__today(), as_of);

    qb b;
    memset(&b, 0, sizeof b);
    b.pg = vl__db_backend(db) == VL__POSTGRESQL;
    vl_status st = VL_OK;
    if (kind == VL_KIND_SEEKERS) {
        /* a province's server searches its provinces' seekers (on PostgreSQL only their
         * partitions are read: a common name over a whole country's seekers took a second) */
        if (vl__db_scope(db) && !q->everywhere) {
            vl_buf_puts(&b.where, " WHERE ");
            vl__scope_condition(&b.where, db, "s.");
        }
        if (q->status && *q->status)
            where_and(&b, "s.status = ?%d", param(&b, q->status));
        if (q->area && *q->area)
            where_and(&b, "s.area_id IN (SELECT id FROM areas WHERE code = ?%d)",
                      param(&b, q->area));
    } else if (kind == VL_KIND_EMPLOYERS) {
        if (q->area && *q->area)
            where_and(&b, "e.area_id IN (SELECT id FROM areas WHERE code = ?%d)",
                      param(&b, q->area));
    } else {
        /* a province's server lists its provinces' vacancies and those open to every province,
         * as its match index holds them; an employer's or a fair's are theirs wherever they are */
        if (vl__db_scope(db) && !q->everywhere && !(q->employer && *q->employer) &&
            !(q->fair && *q->fair)) {
            vl_buf_puts(&b.where, " WHERE ");
            vl__scope_condition(&b.where, db, "v.");
        }
        if (q->employer && *q->employer)
            where_and(&b, "v.employer = ?%d", param(&b, q->employer));
        if (q->fair && *q->fair)
            where_and(&b, "v.fair = ?%d", param(&b, q->fair));
        if (q->open == 1)
            where_and(&b, "%s", VAC_OPEN);
        else if (q->open == 0)
            where_and(&b, "NOT %s", VAC_OPEN);
    }
    size_t filters = b.where.len; /* the filters come first, then the search */
    if (q->q && *q->q)
        st = search(ctx, &b, kind, q->q);
    vl_list *l = vl__calloc(1, sizeof *l);
    vl_buf sql = {0}, count = {0};
    vl__stmt *s = NULL;
    /* a WHERE cut short by a failed append would select more than asked */
    if (st == VL_OK && (!l || b.where.failed))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        l->names = sp->names;
        l->types = sp->types;
        l->cols = sp->cols;
        snprintf(l->sort, sizeof l->sort, "%s", sort);
        const char *key = kind == VL_KIND_SEEKERS     ? "s.id"
                          : kind == VL_KIND_EMPLOYERS ? "e.id"
                                                      : "v.id";
        if (b.fts)
            fts_statements(&b, sp, sf, desc, filters, q, &count, &sql);
        else {
            const char *select =
                sp->select_pg ? vl__sql(db, sp->select, sp->select_pg) : sp->select;
            vl_buf_printf(&count, "%s%s", sp->count, b.where.data ? b.where.data : "");
            /* PostgreSQL: the page's rows carry the count of every match (a window over the
             * rows the search found once, instead of finding them again to count) */
            vl_buf_printf(&sql, "%s%s%s ORDER BY %s IS NULL, %s %s, %s LIMIT %zu OFFSET %zu",
                          b.pg ? "SELECT COUNT(*) OVER ()," : "",
                          b.pg ? select + strlen("SELECT") : select,
                          b.where.data ? b.where.data : "", sf->sql, sf->sql, desc ? "DESC" : "ASC",
                          key, q->size, (q->page - 1) * q->size);
        }
        if (!vl_buf_text(&sql) || !vl_buf_text(&count))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* one snapshot for the count and the page; the page first when it carries the count */
    bool in_tx = false, counted = b.pg && !b.fts;
    if (st == VL_OK && (st = vl__db_begin_read(ctx, db)) == VL_OK)
        in_tx = true;
    if (st == VL_OK && !counted)
        st = count_matches(ctx, db, count.data, &b, as_of, l);
    if (st == VL_OK && (st = vl__db_prepare(ctx, db, sql.data, &s)) == VL_OK &&
        (st = bind_all(ctx, db, s, &b, as_of)) == VL_OK) {
        l->values = vl__calloc(q->size * l->cols + 1, sizeof *l->values);
        if (!l->values)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        int rc;
        while (st == VL_OK && (rc = vl__step(s)) == VL__ROW && l->rows < q->size) {
            if (counted && !l->rows)
                l->total = (size_t)vl__col_int64(s, 0);
            for (size_t j = 0; j < l->cols; j++) {
                const char *t = vl__col_text_len(s, (int)j + counted, NULL);
                if (t && !(l->values[l->rows * l->cols + j] = vl__strdup(t)))
                    st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            }
            l->rows++;
        }
        if (st == VL_OK && rc != VL__DONE && rc != VL__ROW)
            st = vl__db_sqlerr(ctx, db, "listing");
    }
    vl__finalize(s);
    /* a page past the last has no row to carry the count */
    if (st == VL_OK && counted && !l->rows && q->page > 1)
        st = count_matches(ctx, db, count.data, &b, as_of, l);
    if (in_tx)
        vl__db_end_read(db);
    vl_buf_free(&sql);
    vl_buf_free(&count);
    vl_buf_free(&b.where);
    for (size_t i = 0; i < b.n_owned; i++)
        vl__free(b.owned[i]);
    if (st != VL_OK) {
        vl_list_destroy(l);
        return st;
    }
    *out = l;
    return VL_OK;
}

/* ---- reference lists --------------------------------------------------------------------------
 */

static const char *const occ_names[] = {"code", "title", "title_en", "level"};
static const vl_col_type occ_types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_INT};
static const char *const area_names[] = {"code",   "name",        "level",
                                         "parent", "parent_name", "valid_to"};
static const vl_col_type area_types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_INT,
                                         VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT};

vl_status vl_db_lookup(vl_ctx *ctx, vl_db *db, vl_lookup what, const char *q, const char *code,
                       int32_t as_of, size_t size, vl_list **out)
{
    if (!db || !out || (what != VL_LOOKUP_OCCUPATIONS && what != VL_LOOKUP_AREAS))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_lookup: missing argument");
    *out = NULL;
    if (size < 1 || size > VL_LIST_SIZE_MAX)
        return vl__error(ctx, VL_ERR_ARG, "size must be 1..%d", VL_LIST_SIZE_MAX);
    bool occ = what == VL_LOOKUP_OCCUPATIONS;
    char date[11];
    vl__format_date(as_of ? as_of : vl__today(), date);
    qb b;
    memset(&b, 0, sizeof b);
    b.pg = vl__db_backend(db) == VL__POSTGRESQL;
    if (occ)
        where_and(&b, "o.classification = 'ISCO-08'");
    const char *key = occ ? "o.code" : "a.code";
    vl_status st = VL_OK;
    if (code) {
        where_and(&b, "%s = ?%d", key, param(&b, code));
    } else {
        if (!occ)
            where_and(&b, "(a.valid_from IS NULL OR a.valid_from <= ?1) AND"
                          " (a.valid_to IS NULL OR a.valid_to >= ?1)");
        if (q && *q) {
            char folded[256];
            char *w[8];
            size_t nw = words(q, folded, sizeof folded, w, 8);
            int lo, hi;
            prefix_range(&b, q, &lo, &hi);
            vl_buf_puts(&b.where, b.where.len ? " AND (" : " WHERE (");
            vl_buf_printf(&b.where, "(%s >= ?%d AND %s < ?%d)", key, lo, key, hi);
            if (nw) {
                vl_buf_puts(&b.where, " OR (");
                for (size_t i = 0; i < nw; i++) {
                    char *pat = like_contains(w[i]);
                    if (!pat) {
                        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                        break;
                    }
                    int pp = param(&b, own(&b, pat));
                    if (occ)
                        vl_buf_printf(&b.where,
                                      "%s(vl_fold(COALESCE(o.title_vi, '')) LIKE ?%d ESCAPE '\\'"
                                      " OR vl_fold(COALESCE(o.title_en, '')) LIKE ?%d ESCAPE '\\')",
                                      i ? " AND " : "", pp, pp);
                    else
                        vl_buf_printf(&b.where, "%sa.name_key LIKE ?%d ESCAPE '\\'",
                                      i ? " AND " : "", pp);
                }
                vl_buf_puts(&b.where, ")");
            }
            vl_buf_puts(&b.where, ")");
        }
    }
    vl_buf sql = {0};
    if (occ)
        vl_buf_printf(&sql,
                      "SELECT o.code, COALESCE(o.title_vi, o.title_en), o.title_en, o.level"
                      " FROM occupations o%s ORDER BY o.level DESC, o.code LIMIT %zu",
                      b.where.data ? b.where.data : "", size);
    else
        vl_buf_printf(
            &sql,
            "SELECT a.code, a.name, a.level, p.code, p.name, a.valid_to FROM areas a"
            " LEFT JOIN areas p ON p.id = a.parent%s ORDER BY CASE WHEN (a.valid_from IS NULL"
            " OR a.valid_from <= ?1) AND (a.valid_to IS NULL OR a.valid_to >= ?1) THEN 0 ELSE 1"
            " END, a.level, a.code, COALESCE(a.valid_to, '9999-12-31') DESC LIMIT %zu",
            b.where.data ? b.where.data : "", size);
    vl_list *l = occ ? vl__list_new(occ_names, occ_types, 4, size)
                     : vl__list_new(area_names, area_types, 6, size);
    vl__stmt *s = NULL;
    if (st == VL_OK && (!l || !vl_buf_text(&sql) || b.where.failed))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && (st = vl__db_prepare(ctx, db, sql.data, &s)) == VL_OK &&
        (st = bind_all(ctx, db, s, &b, date)) == VL_OK) {
        int rc;
        while ((rc = vl__step(s)) == VL__ROW && l->rows < size)
            if (!vl__list_add_row(l, s)) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
        if (st == VL_OK && rc != VL__ROW && rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "looking up");
        l->total = l->rows;
    }
    vl__finalize(s);
    vl_buf_free(&sql);
    vl_buf_free(&b.where);
    for (size_t i = 0; i < b.n_owned; i++)
        vl__free(b.owned[i]);
    if (st == VL_OK && code && l->rows == 0)
        st = occ ? vl__error(ctx, VL_ERR_NOTFOUND, "no occupation with code '%s'", code)
                 : vl__error(ctx, VL_ERR_NOTFOUND, "no area with code '%s'", code);
    if (st != VL_OK) {
        vl_list_destroy(l);
        return st;
    }
    *out = l;
    return VL_OK;
}

/* ---- fairs and runs ----------------------------------------------------------------------------
 */

/* Runs one query into a list (every row, at most cap). */
/* A list from one query; param (NULL for none) is bound to its one `?`. */
__attribute__((nonnull(3))) static vl_status query_list(vl_ctx *ctx, vl_db *db, const char *sql,
                                                        const char *param, const char *const *names,
                                                        const vl_col_type *types, size_t cols,
                                                        size_t cap, vl_list **out)
{
    *out = NULL;
    vl_list *l = vl__list_new(names, types, cols, cap);
    if (!l)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st == VL_OK) {
        if (param)
            vl__bind_text(s, 1, param, false);
        int rc;
        while ((rc = vl__step(s)) == VL__ROW && l->rows < cap)
            if (!vl__list_add_row(l, s)) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
        if (st == VL_OK && rc != VL__ROW && rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "listing");
        vl__finalize(s);
    }
    if (st != VL_OK) {
        vl_list_destroy(l);
        return st;
    }
    l->total = l->rows;
    *out = l;
    return VL_OK;
}

vl_status vl_db_fairs_list(vl_ctx *ctx, vl_db *db, vl_list **out)
{
    static const char *const names[] = {"id",        "name",  "date",      "area",
                                        "area_name", "venue", "vacancies", "positions"};
    static const vl_col_type types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT,
                                        VL_COL_TEXT, VL_COL_TEXT, VL_COL_INT,  VL_COL_INT};
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_fairs_list: missing argument");
    /* a province's server: the fairs held in its provinces, and those of no place yet */
    vl_buf sql = {0};
    vl_buf_puts(&sql, "SELECT f.id, f.name, f.date, a.code, a.name,"
                      " f.venue, (SELECT COUNT(*) FROM vacancies v WHERE v.fair = f.id),"
                      " (SELECT COALESCE(SUM(positions), 0) FROM vacancies v WHERE v.fair = f.id)"
                      " FROM fairs f LEFT JOIN areas a ON a.id = f.area_id");
    if (vl__db_scope(db)) {
        vl_buf_puts(&sql, " WHERE ");
        vl__scope_area_condition(&sql, db, "f.", true);
    }
    vl_buf_puts(&sql, " ORDER BY f.date, f.id");
    vl_status st = vl_buf_text(&sql)
                       ? query_list(ctx, db, sql.data, NULL, names, types, 8, 10000, out)
                       : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_buf_free(&sql);
    return st;
}

/* a column of the newest referral of an invited seeker to the vacancy (ties by id) */
#define NEWEST(col)                                                                                \
    "(SELECT r." col " FROM referrals r WHERE r.seeker = i.seeker_id AND r.vacancy ="              \
    " i.vacancy_id ORDER BY r.referred_on DESC, r.id DESC LIMIT 1)"

vl_status vl_db_fair_invited(vl_ctx *ctx, vl_db *db, int64_t run, const char *vacancy,
                             vl_list **out)
{
    static const char *const names[] = {"seeker",   "name",    "rank",   "score",
                                        "referral", "channel", "outcome"};
    static const vl_col_type types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_INT, VL_COL_REAL,
                                        VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT};
    if (!db || !vacancy || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_fair_invited: missing argument");
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT i.seeker_id, s.name, i.rank_for_vacancy, i.score, %s, %s, %s FROM"
             " fair_invitations i LEFT JOIN seekers s ON s.id = i.seeker_id WHERE i.run_id ="
             " %lld AND i.vacancy_id = ?1 ORDER BY i.rank_for_vacancy, i.seeker_id",
             NEWEST("id"), NEWEST("channel"), NEWEST("outcome"), (long long)run);
#undef NEWEST
    return query_list(ctx, db, sql, vacancy, names, types, 7, 10000, out);
}

vl_status vl_db_industries(vl_ctx *ctx, vl_db *db, vl_list **out)
{
    static const char *const names[] = {"code", "title_vi", "title_en"};
    static const vl_col_type types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT};
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_industries: missing argument");
    return query_list(ctx, db,
                      "SELECT code, title_vi, title_en FROM industries WHERE level = 1 AND"
                      " version = (SELECT MAX(version) FROM industries) ORDER BY code",
                      NULL, names, types, 3, 1000, out);
}

vl_status vl_db_history_keys(vl_ctx *ctx, vl_db *db, vl_list **out)
{
    static const char *const names[] = {"keys", "freq", "last"};
    static const vl_col_type types[] = {VL_COL_TEXT, VL_COL_INT, VL_COL_INT};
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_history_keys: missing argument");
    vl_status st = query_list(ctx, db,
                              "SELECT keys, freq, MAX(pidx) FROM history GROUP BY keys, freq"
                              " ORDER BY keys, freq",
                              NULL, names, types, 3, VL_HISTORY_KEYS_MAX, out);
    if (st != VL_OK || !vl__db_scope(db))
        return st;
    /* a province's: the key sets whose area lies in the scope's provinces, read at their last
     * period (vl_db_load_history's rows) */
    vl_list *l = *out;
    vl__area_scope *sc = vl__area_scope_new(ctx, db, &st);
    size_t kept = 0;
    for (size_t r = 0; st == VL_OK && r < l->rows; r++) {
        char **row = l->values + r * l->cols;
        vl_json *keys = NULL;
        const char *area = NULL;
        vl_status js = vl_json_parse(ctx, row[0] ? row[0] : "", &keys);
        if (js == VL_OK)
            area = vl_json_str(vl_json_get(keys, "area"));
        else if (js == VL_ERR_NOMEM) /* not a key set of no area: one not read */
            st = js;
        else
            vl_ctx_clear_error(ctx);
        long freq = row[1] ? atol(row[1]) : 0, last = row[2] ? atol(row[2]) : 0;
        double share = 0;
        if (st == VL_OK && area && *area && (freq == 1 || freq == 4 || freq == 12)) {
            vl_status one =
                vl__area_scope_share(sc, area, vl_period_from_index((int)freq, last), &share);
            if (one != VL_OK && one != VL_ERR_INVALID)
                st = one;
        }
        vl_json_free(keys);
        /* each string in one place only, so that a failure can still destroy the list */
        if (share > 0 && kept < r) {
            memcpy(l->values + kept * l->cols, row, l->cols * sizeof *row);
            memset(row, 0, l->cols * sizeof *row);
        } else if (!(share > 0)) {
            for (size_t c = 0; c < l->cols; c++) {
                vl__free(row[c]);
                row[c] = NULL;
            }
        }
        kept += share > 0;
    }
    vl__area_scope_free(sc);
    vl__diag_clear(ctx);
    if (st != VL_OK) {
        vl_list_destroy(l);
        *out = NULL;
        return st;
    }
    l->rows = kept;
    l->total = kept;
    return VL_OK;
}

vl_status vl_db_forecast_runs(vl_ctx *ctx, vl_db *db, size_t page, size_t size, vl_list **out)
{
    static const char *const names[] = {"run", "started", "finished", "command", "status", "kind"};
    static const vl_col_type types[] = {VL_COL_INT,  VL_COL_TEXT, VL_COL_TEXT,
                                        VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT};
    if (!db || !out || page < 1 || page > VL_LIST_PAGE_MAX || size < 1 || size > VL_LIST_SIZE_MAX)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_forecast_runs: bad argument");
    /* the runs of the connection's own scope (schema step 22; the text is letters, digits and
     * commas) */
    const char *scope = vl__scope_text(db);
    vl_buf sql = {0}, count = {0};
    vl_buf_printf(&sql,
                  "SELECT r.id, r.started, r.finished, r.command, r.status,"
                  " CASE WHEN EXISTS (SELECT 1 FROM forecasts f WHERE f.run_id = r.id AND"
                  " f.series = 'supply') THEN 'balance' ELSE 'forecast' END FROM runs r"
                  " WHERE r.scope = '%s' AND EXISTS (SELECT 1 FROM forecasts f"
                  " WHERE f.run_id = r.id) ORDER BY r.id DESC LIMIT %zu OFFSET %zu",
                  scope, size, (page - 1) * size);
    vl_buf_printf(&count,
                  "SELECT COUNT(*) FROM runs r WHERE r.scope = '%s' AND EXISTS (SELECT 1"
                  " FROM forecasts f WHERE f.run_id = r.id)",
                  scope);
    *out = NULL;
    vl_status st = sql.failed || count.failed
                       ? vl__error(ctx, VL_ERR_NOMEM, "out of memory")
                       : query_list(ctx, db, sql.data, NULL, names, types, 6, size, out);
    int64_t total = 0;
    if (st == VL_OK && (st = vl__db_scalar(ctx, db, count.data, &total)) == VL_OK)
        vl__list_set_total(*out, (size_t)total, "-run");
    vl_buf_free(&sql);
    vl_buf_free(&count);
    if (st != VL_OK && *out) {
        vl_list_destroy(*out);
        *out = NULL;
    }
    return st;
}

/* A list built by another query of the store (the access audit). */
vl_list *vl__list_new(const char *const *names, const vl_col_type *types, size_t cols,
                      size_t capacity)
{
    vl_list *l = vl__calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->names = names;
    l->types = types;
    l->cols = cols;
    l->values = vl__calloc(capacity * cols + 1, sizeof *l->values);
    if (!l->values) {
        vl__free(l);
        return NULL;
    }
    return l;
}

bool vl__list_add_row(vl_list *l, vl__stmt *s)
{
    for (size_t j = 0; j < l->cols; j++) {
        const char *t = vl__col_text_len(s, (int)j, NULL);
        if (t && !(l->values[l->rows * l->cols + j] = vl__strdup(t)))
            return false;
    }
    l->rows++;
    return true;
}

void vl__list_set_total(vl_list *l, size_t total, const char *sort)
{
    l->total = total;
    snprintf(l->sort, sizeof l->sort, "%s", sort);
}

size_t vl_list_total(const vl_list *l)
{
    return l ? l->total : 0;
}

size_t vl_list_rows(const vl_list *l)
{
    return l ? l->rows : 0;
}

size_t vl_list_columns(const vl_list *l)
{
    return l ? l->cols : 0;
}

const char *vl_list_column(const vl_list *l, size_t j)
{
    return l && j < l->cols ? l->names[j] : NULL;
}

vl_col_type vl_list_type(const vl_list *l, size_t j)
{
    return l && j < l->cols ? l->types[j] : VL_COL_TEXT;
}

const char *vl_list_value(const vl_list *l, size_t i, size_t j)
{
    return l && i < l->rows && j < l->cols ? l->values[i * l->cols + j] : NULL;
}

const char *vl_list_sort(const vl_list *l)
{
    return l ? l->sort : "";
}

void vl_list_destroy(vl_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; l->values && i < l->rows * l->cols; i++)
        vl__free(l->values[i]);
    vl__free(l->values);
    vl__free(l);
}

vl_status vl_db_counselling_list(vl_ctx *ctx, vl_db *db, const char *seeker, vl_list **out)
{
    static const char *const names[] = {"counselled_on", "staff", "topic"};
    static const vl_col_type types[] = {VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT};
    if (!db || !seeker || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_counselling_list: missing argument");
    return query_list(ctx, db,
                      "SELECT counselled_on, staff, topic FROM counselling WHERE seeker = ?"
                      " ORDER BY counselled_on DESC",
                      seeker, names, types, 3, 1000, out);
}
