/*
 * export.c - writes a table back in its import format, losslessly: each stored row is turned
 * into the typed row of rows.h and then into the same canonical cells the importer hashed, so
 * export -> import reports every row unchanged and export -> import -> export is identical.
 * Areas are written parents first (by level, then code and version) so the file re-imports in
 * one pass. Follow-ups are written by referral and date. A file written to a path is created
 * with mode 0600: seeker rows hold personal data. The same cells may go to an .xlsx workbook
 * for people (vl_export_options.xlsx: the templates' Vietnamese headers, numbers as numbers,
 * dates as dates), which the importer reads back to the same rows.
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vieclam/output.h>
#include <vieclam/sheet.h>

#include "io/csv.h"
#include "store/areas.h"
#include "store/rows.h"
#include "store/sha256.h"
#include "store/values.h"

struct vl_row {
    const char *const *columns;
    size_t n;
    vl_buf cells;
    size_t off[32];
    char version[65];
    bool found;
};

typedef struct exporter {
    vl_ctx *ctx;
    vl_db *db;
    vl_csv_writer *w;
    vl_sheet *sheet;  /* a workbook instead of w (vl_export_options.xlsx) */
    const char *path; /* the file, as a failed write names it */
    vl_row *row;      /* vl_db_get_row: the one row goes here instead of w */
    vl__canon canon;
    const char *cells[32];
    /* strings of the current row (children), freed per row */
    vl_buf strings;
    size_t offs[2 * VL_LIST_MAX + 8];
    size_t nstr;
    vl_kind kind;
    /* pseudonymised export: what to do with each CSV column (vl_pd_pseudo), under which key */
    const unsigned char *key;
    size_t key_len;
    unsigned char act[32];
    char pseudo[32][24];
    char words[512]; /* a workbook's list of priority groups in words */
    /* the province's records (vl__db_export_province): the history rows of its areas */
    vl__area_scope *province;
    /* an export of a file (row NULL): the lists read by one query each, merged (child), of the
     * records parents selects (a query of their ids; NULL: every record) */
    const char *parents;
} exporter;

/* Fills x->act for the columns of kind from THE list of personal columns (privacy.c). */
static void pseudo_plan(exporter *x, vl_kind kind, const char *const *cols, size_t ncols)
{
    size_t n;
    const vl_personal_column *pc = vl_personal_columns(&n);
    for (size_t i = 0; i < ncols && i < VL_ARRAY_LEN(x->act); i++)
        for (size_t k = 0; k < n; k++)
            if (pc[k].kind == (int)kind && pc[k].csv && strcmp(pc[k].csv, cols[i]) == 0)
                x->act[i] = (unsigned char)pc[k].pseudo;
}

/* The pseudonym of a value: "P" + 20 hex digits of HMAC-SHA-256(key, domain ":" value). A
 * seeker's id hashes alike in every kind (domain "seeker"), so analysts can join the files. */
static bool pseudonym(const exporter *x, const char *col, const char *value, char out[24])
{
    const char *domain = strcmp(col, "id") == 0 ? "seeker" : col;
    vl_buf m = {0};
    vl_buf_printf(&m, "%s:%s", domain, value);
    if (!vl_buf_text(&m)) { /* the hash of a message cut short would be another value's */
        vl_buf_free(&m);
        return false;
    }
    uint8_t mac[32];
    vl__hmac_sha256(x->key, x->key_len, m.data, m.len, mac);
    vl_buf_free(&m);
    out[0] = 'P';
    for (size_t i = 0; i < 10; i++)
        snprintf(out + 1 + 2 * i, 3, "%02x", mac[i]);
    return true;
}

/* Writes one row of cells to the file, CSV or workbook. */
static vl_status emit(exporter *x, size_t n, const char *const *cells)
{
    vl_status st = x->sheet ? vl_sheet_row(x->sheet, n, cells) : vl_csv_write_row(x->w, n, cells);
    if (st == VL_ERR_NOMEM)
        return vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
    if (st != VL_OK)
        return vl__error(x->ctx, VL_ERR_IO, "%s: write failed: %s",
                         x->path && strcmp(x->path, "-") != 0 ? x->path : "standard output",
                         strerror(errno));
    return VL_OK;
}

/* A workbook is for people: the closed lists' values in words (vl_value_words, the desk's),
 * which the import reads back as the codes; the CSV keeps the codes. */
static void value_words(exporter *x)
{
    static const struct {
        vl_kind kind;
        const char *column, *list;
    } coded[] = {{VL_KIND_SEEKERS, "gender", "gender"},
                 {VL_KIND_SEEKERS, "education", "education"},
                 {VL_KIND_SEEKERS, "priority", "priority"},
                 {VL_KIND_SEEKERS, "status", "status"},
                 {VL_KIND_VACANCIES, "education_min", "education"}};
    const char *lang = vl__ctx_lang(x->ctx);
    size_t nc;
    const char *const *cols = vl__kind_columns(x->kind, &nc);
    for (size_t i = 0; i < x->canon.n && i < nc; i++)
        for (size_t k = 0; k < VL_ARRAY_LEN(coded); k++) {
            if (coded[k].kind != x->kind || strcmp(cols[i], coded[k].column) != 0 || !*x->cells[i])
                continue;
            if (strcmp(coded[k].list, "priority") != 0) {
                const char *w = vl_value_words(lang, coded[k].list, x->cells[i]);
                x->cells[i] = w ? w : x->cells[i];
                continue;
            }
            /* "poor;rural": each group in words, ';' between them as in the contract */
            size_t len = 0;
            bool fits = true;
            for (const char *p = x->cells[i]; *p && fits;) {
                size_t n = strcspn(p, ";");
                char code[64];
                snprintf(code, sizeof code, "%.*s", (int)n, p);
                const char *w = vl_value_words(lang, "priority", code);
                int m = snprintf(x->words + len, sizeof x->words - len, "%s%s", len ? ";" : "",
                                 w ? w : code);
                fits = m >= 0 && (size_t)m < sizeof x->words - len;
                len += fits ? (size_t)m : 0;
                p += n + (p[n] == ';');
            }
            if (fits)
                x->cells[i] = x->words;
        }
}

/* Writes the canonical row; canon_ok is the result of the vl__canon_* call that filled it (false
 * only when it ran out of memory). */
static vl_status write_canon(exporter *x, bool canon_ok)
{
    if (!canon_ok)
        return vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
    if (x->row) {
        vl_row *r = x->row;
        r->cells.len = 0;
        for (size_t i = 0; i < x->canon.n && i < VL_ARRAY_LEN(r->off); i++) {
            const char *c = vl__canon_cell(&x->canon, i);
            r->off[i] = r->cells.len;
            if (!vl_buf_append(&r->cells, c, strlen(c) + 1))
                return vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
        }
        vl__canon_sig(&x->canon, r->version);
        r->found = true;
        return VL_OK;
    }
    for (size_t i = 0; i < x->canon.n; i++) {
        x->cells[i] = vl__canon_cell(&x->canon, i);
        if (!x->key || i >= VL_ARRAY_LEN(x->act) || !*x->cells[i])
            continue;
        if (x->act[i] == VL_PD_DROP) {
            x->cells[i] = "";
        } else if (x->act[i] == VL_PD_HASH) {
            size_t nc;
            const char *const *cols = vl__kind_columns(x->kind, &nc);
            if (!pseudonym(x, i < nc ? cols[i] : "", x->cells[i], x->pseudo[i]))
                return vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
            x->cells[i] = x->pseudo[i];
        }
    }
    if (x->sheet)
        value_words(x);
    return emit(x, x->canon.n, x->cells);
}

static bool col_num(vl__stmt *s, int i, double *v)
{
    if (vl__col_null(s, i))
        return false;
    *v = vl__col_double(s, i);
    return true;
}

static bool col_int(vl__stmt *s, int i, long long *v)
{
    if (vl__col_null(s, i))
        return false;
    *v = vl__col_int64(s, i);
    return true;
}

static int col_education(vl__stmt *s, int i)
{
    int e = VL_EDU_UNKNOWN;
    if (vl__col_null(s, i) || !vl__education_parse(vl__col_text(s, i), &e))
        return VL_EDU_UNKNOWN;
    return e;
}

/* ---- child lists --------------------------------------------------------------------------- */

/*
 * Reads a list of one text column for parent id into l (strings copied to x->strings; the
 * pointers are fixed up by fix_lists once the buffer stops growing).
 */
typedef struct pending {
    vl__list *list;
    size_t first; /* index into x->offs */
} pending;

/*
 * A record's list (a seeker's occupations, a vacancy's skills ...) read for each record in turn:
 * by a query of the record's id (one record, or some of them), or for an export of every record
 * by one query of the whole list table in the records' order, whose rows are taken while they
 * belong to the current record (ids sort in byte order on both backends: SQLite's BINARY,
 * PostgreSQL's COLLATE "C"). On PostgreSQL a query per record made an export of 100,000 seekers
 * 500,000 round trips (38 s).
 */
typedef struct child {
    vl__stmt *s;
    bool merged;  /* the whole table, the record's id in column 0 */
    bool started; /* merged: stepped once */
    int rc;       /* the last step: the row the cursor stands on (VL__ROW), or where it ended */
} child;

/* one: "SELECT cols FROM t WHERE key = ? [AND ...] ORDER BY pos"; all: the same with the key
 * first, "SELECT key, cols FROM t[ WHERE ...]%s ORDER BY key, pos", where %s takes the
 * condition on the key that keeps the lists of x->parents (after " AND" when where says all
 * has a WHERE already). */
static vl_status child_open(exporter *x, child *c, const char *one, const char *all,
                            const char *key, bool where)
{
    c->merged = !x->row;
    c->started = false;
    vl_buf filter = {0}, sql = {0};
    if (c->merged && x->parents)
        vl_buf_printf(&filter, " %s %s IN (%s)", where ? "AND" : "WHERE", key, x->parents);
    vl_buf_printf(&sql, all, filter.data ? filter.data : "");
    vl_status st = !c->merged ? vl__db_prepare(x->ctx, x->db, one, &c->s)
                   : (x->parents && !vl_buf_text(&filter)) || !vl_buf_text(&sql)
                       ? vl__error(x->ctx, VL_ERR_NOMEM, "out of memory")
                       : vl__db_prepare(x->ctx, x->db, sql.data, &c->s);
    if (st == VL_OK && c->merged)
        vl__stmt_stream(c->s);
    vl_buf_free(&filter);
    vl_buf_free(&sql);
    return st;
}

/* Stands c on the first row of id's list; true while there is one. */
static bool child_seek(child *c, const char *id)
{
    if (!c->merged) {
        vl__reset(c->s);
        vl__bind_text(c->s, 1, id, false);
        return (c->rc = vl__step(c->s)) == VL__ROW;
    }
    if (!c->started) {
        c->started = true;
        c->rc = vl__step(c->s);
    }
    /* rows of records this export leaves out (none in a whole export but orphans) */
    while (c->rc == VL__ROW && strcmp(vl__col_text(c->s, 0), id) < 0)
        c->rc = vl__step(c->s);
    return c->rc == VL__ROW && strcmp(vl__col_text(c->s, 0), id) == 0;
}

/* The next row of id's list; true while there is one. */
static bool child_next(child *c, const char *id)
{
    c->rc = vl__step(c->s);
    return c->rc == VL__ROW && (!c->merged || strcmp(vl__col_text(c->s, 0), id) == 0);
}

/* Column i of the row c stands on. */
static const char *child_text(const child *c, int i)
{
    return vl__col_text(c->s, i + c->merged);
}

/* A query failed (VL_OK when it went to its end or stopped on another record's row); a query
 * per record is reset. */
static vl_status child_done(exporter *x, child *c, const char *what)
{
    int rc = c->rc;
    if (!c->merged)
        vl__reset(c->s);
    return rc == VL__DONE || rc == VL__ROW ? VL_OK : vl__db_sqlerr(x->ctx, x->db, what);
}

static vl_status read_list(exporter *x, child *c, const char *id, vl__list *l, pending *p)
{
    l->n = 0;
    p->list = l;
    p->first = x->nstr;
    for (bool row = child_seek(c, id); row; row = child_next(c, id)) {
        if (l->n >= VL_LIST_MAX || x->nstr >= VL_ARRAY_LEN(x->offs))
            return vl__error(x->ctx, VL_ERR_DB, "%s: a list has more than %d items", id,
                             VL_LIST_MAX);
        const char *item = child_text(c, 0);
        x->offs[x->nstr++] = x->strings.len;
        if (!vl_buf_append(&x->strings, item, strlen(item) + 1))
            return vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
        l->n++;
    }
    return child_done(x, c, "exporting a list");
}

static void fix_lists(exporter *x, pending *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < p[k].list->n; i++)
            p[k].list->items[i] = x->strings.data + x->offs[p[k].first + i];
}

static vl_status read_langs(exporter *x, child *c, const char *id, vl_lang *langs, size_t *n)
{
    *n = 0;
    for (bool row = child_seek(c, id); row; row = child_next(c, id)) {
        if (*n == VL_LIST_MAX)
            continue; /* the first VL_LIST_MAX, as the importer keeps */
        if (!vl__lang_from_parts(child_text(c, 0), child_text(c, 1), child_text(c, 2),
                                 &langs[(*n)++]))
            return vl__error(x->ctx, VL_ERR_DB, "%s: a stored language level is not valid", id);
    }
    return child_done(x, c, "exporting languages");
}

/* ---- kinds --------------------------------------------------------------------------------- */

static vl_status export_areas(exporter *x, vl__stmt *s)
{
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl__area_row r = {0};
        r.code = vl__col_text(s, 0);
        r.name = vl__col_text(s, 1);
        r.parent = vl__col_text(s, 2);
        double lat = 0, lon = 0;
        r.has_latlon = col_num(s, 3, &lat) && col_num(s, 4, &lon);
        r.lat = lat;
        r.lon = lon;
        r.level = vl__col_int(s, 5);
        r.valid_from = vl__col_date(s, 6);
        r.valid_to = vl__col_date(s, 7);
        r.version = vl__col_text(s, 8);
        double km2 = 0;
        r.has_area = col_num(s, 9, &km2);
        r.area_km2 = km2;
        r.centre = vl__col_text(s, 10);
        vl_status st = write_canon(x, vl__canon_area(&r, &x->canon));
        if (st != VL_OK)
            return st;
    }
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(x->ctx, x->db, "exporting areas");
}

static vl_status export_employers(exporter *x, vl__stmt *s)
{
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl__employer_row r = {vl__col_text(s, 0), vl__col_text(s, 1), vl__col_text(s, 2),
                              vl__col_text(s, 3), vl__col_text(s, 4), vl__col_text(s, 5)};
        vl_status st = write_canon(x, vl__canon_employer(&r, &x->canon));
        if (st != VL_OK)
            return st;
    }
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(x->ctx, x->db, "exporting employers");
}

static vl_status export_vacancies(exporter *x, vl__stmt *s)
{
    child req = {0}, pref = {0}, lang = {0};
    vl_status st = child_open(x, &req,
                              "SELECT label FROM vacancy_skills WHERE vacancy_id = ?"
                              " AND required = 1 ORDER BY pos",
                              "SELECT vacancy_id, label FROM vacancy_skills WHERE required = 1%s"
                              " ORDER BY vacancy_id, pos",
                              "vacancy_id", true);
    if (st == VL_OK)
        st = child_open(x, &pref,
                        "SELECT label FROM vacancy_skills WHERE vacancy_id = ?"
                        " AND required = 0 ORDER BY pos",
                        "SELECT vacancy_id, label FROM vacancy_skills WHERE required = 0%s"
                        " ORDER BY vacancy_id, pos",
                        "vacancy_id", true);
    if (st == VL_OK)
        st = child_open(x, &lang,
                        "SELECT code, scheme, level FROM vacancy_languages"
                        " WHERE vacancy_id = ? ORDER BY pos",
                        "SELECT vacancy_id, code, scheme, level FROM vacancy_languages%s"
                        " ORDER BY vacancy_id, pos",
                        "vacancy_id", false);
    vl__vacancy_row *r = vl__calloc(1, sizeof *r);
    if (st == VL_OK && !r)
        st = vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
    int rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        memset(r, 0, sizeof *r);
        x->strings.len = 0;
        x->nstr = 0;
        r->id = vl__col_text(s, 0);
        r->employer = vl__col_text(s, 1);
        r->title = vl__col_text(s, 2);
        r->occupation = vl__col_text(s, 3);
        r->education_min = col_education(s, 4);
        r->has_experience = col_num(s, 5, &r->experience_min);
        r->has_wage_min = col_num(s, 6, &r->wage_min);
        r->has_wage_max = col_num(s, 7, &r->wage_max);
        r->has_positions = col_int(s, 8, &r->positions);
        r->area = vl__col_text(s, 9);
        snprintf(r->country, sizeof r->country, "%s", vl__col_text(s, 10));
        r->has_age_min = col_int(s, 11, &r->age_min);
        r->has_age_max = col_int(s, 12, &r->age_max);
        r->posted = vl__col_date(s, 13);
        r->closes = vl__col_date(s, 14);
        r->fair = vl__col_text(s, 15);
        pending p[2];
        if ((st = read_list(x, &req, r->id, &r->req, &p[0])) != VL_OK ||
            (st = read_list(x, &pref, r->id, &r->pref, &p[1])) != VL_OK ||
            (st = read_langs(x, &lang, r->id, r->langs, &r->n_langs)) != VL_OK)
            break;
        fix_lists(x, p, 2);
        st = write_canon(x, vl__canon_vacancy(r, &x->canon));
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(x->ctx, x->db, "exporting vacancies");
    vl__free(r);
    vl__finalize(req.s);
    vl__finalize(pref.s);
    vl__finalize(lang.s);
    return st;
}

static vl_status export_seekers(exporter *x, vl__stmt *s)
{
    static const char *const child_sql[][2] = {
        {"SELECT occupation FROM seeker_occupations WHERE seeker_id = ? ORDER BY rank",
         "SELECT seeker_id, occupation FROM seeker_occupations%s ORDER BY seeker_id, rank"},
        {"SELECT label FROM seeker_skills WHERE seeker_id = ? ORDER BY pos",
         "SELECT seeker_id, label FROM seeker_skills%s ORDER BY seeker_id, pos"},
        {"SELECT country FROM seeker_abroad WHERE seeker_id = ? ORDER BY pos",
         "SELECT seeker_id, country FROM seeker_abroad%s ORDER BY seeker_id, pos"},
        {"SELECT grp FROM seeker_priority WHERE seeker_id = ? ORDER BY pos",
         "SELECT seeker_id, grp FROM seeker_priority%s ORDER BY seeker_id, pos"},
        {"SELECT code, scheme, level FROM seeker_languages WHERE seeker_id = ? ORDER BY pos",
         "SELECT seeker_id, code, scheme, level FROM seeker_languages%s ORDER BY seeker_id, pos"},
    };
    child c[5] = {{0}};
    vl_status st = VL_OK;
    for (size_t i = 0; i < 5 && st == VL_OK; i++)
        st = child_open(x, &c[i], child_sql[i][0], child_sql[i][1], "seeker_id", false);
    vl__seeker_row *r = vl__calloc(1, sizeof *r);
    if (st == VL_OK && !r)
        st = vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
    int rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        memset(r, 0, sizeof *r);
        x->strings.len = 0;
        x->nstr = 0;
        r->id = vl__col_text(s, 0);
        r->name = vl__col_text(s, 1);
        r->has_birth_year = col_int(s, 2, &r->birth_year);
        r->gender = vl__col_text(s, 3);
        r->area = vl__col_text(s, 4);
        r->education = col_education(s, 5);
        r->has_experience = col_num(s, 6, &r->experience_years);
        r->has_wage_min = col_num(s, 7, &r->wage_min);
        r->has_commute = col_num(s, 8, &r->max_commute_km);
        r->registered = vl__col_date(s, 9);
        if (!vl__status_parse(vl__col_text(s, 10), &r->status))
            r->status = VL_SEEKER_ACTIVE;
        r->phone = vl__col_text(s, 11);
        r->id_card = vl__col_text(s, 12);
        vl__list prio = {0};
        pending p[4];
        if ((st = read_list(x, &c[0], r->id, &r->occupations, &p[0])) != VL_OK ||
            (st = read_list(x, &c[1], r->id, &r->skills, &p[1])) != VL_OK ||
            (st = read_list(x, &c[2], r->id, &r->abroad, &p[2])) != VL_OK ||
            (st = read_list(x, &c[3], r->id, &prio, &p[3])) != VL_OK ||
            (st = read_langs(x, &c[4], r->id, r->langs, &r->n_langs)) != VL_OK)
            break;
        fix_lists(x, p, 4);
        for (size_t k = 0; k < prio.n && r->n_priority < VL_ARRAY_LEN(r->priority_order); k++) {
            unsigned bit;
            if (vl__priority_parse(prio.items[k], &bit))
                r->priority_order[r->n_priority++] = bit;
        }
        st = write_canon(x, vl__canon_seeker(r, &x->canon));
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(x->ctx, x->db, "exporting seekers");
    vl__free(r);
    for (size_t i = 0; i < 5; i++)
        vl__finalize(c[i].s);
    return st;
}

static vl_status export_history(exporter *x)
{
    vl__stmt *s;
    vl_status st =
        vl__db_prepare(x->ctx, x->db, "SELECT name FROM history_key_names ORDER BY pos", &s);
    if (st != VL_OK)
        return st;
    /* the key columns' names: a failed read or copy is an error, never a header short of a
     * column (the export would say OK with the rows' keys under the wrong names) */
    char *names[64];
    size_t n_keys = 0;
    int rc;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        if (n_keys == VL_ARRAY_LEN(names))
            st = vl__error(x->ctx, VL_ERR_DB, "the history has more than %zu key columns",
                           VL_ARRAY_LEN(names));
        else if (!(names[n_keys++] = vl__strdup(vl__col_text(s, 0))))
            st = vl__error(x->ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(x->ctx, x->db, "exporting history");
    vl__finalize(s);
    if (st != VL_OK) {
        for (size_t k = 0; k < n_keys; k++)
            vl__free(names[k]);
        return st;
    }
    size_t area_key = 0; /* the key "area", n_keys when none */
    while (area_key < n_keys && strcmp(names[area_key], "area") != 0)
        area_key++;
    const char *cells[3 + 64];
    cells[0] = "series";
    cells[1] = "period";
    cells[2] = "value";
    for (size_t k = 0; k < n_keys; k++)
        cells[3 + k] = names[k];
    st = emit(x, 3 + n_keys, cells);
    if (st == VL_OK &&
        (st = vl__history_rows(x->ctx, x->db, (const char *const *)names, n_keys, &s)) == VL_OK) {
        size_t bad = 0;
        while ((rc = vl__step(s)) == VL__ROW) {
            char num[32];
            if (x->province) {
                /* the province's rows: those its forecast reads (vl__history_scope), whole */
                vl_period p;
                double share = 0;
                const char *area = area_key < n_keys ? vl__col_text(s, 3 + (int)area_key) : "";
                if (!*area || !vl_period_parse(vl__col_text(s, 1), &p))
                    continue;
                vl_status one = vl__area_scope_share(x->province, area, p, &share);
                if (one != VL_OK && one != VL_ERR_INVALID) {
                    st = one;
                    break;
                }
                bad += one == VL_ERR_INVALID;
                if (one != VL_OK || share <= 0)
                    continue;
            }
            cells[0] = vl__col_text(s, 0);
            cells[1] = vl__col_text(s, 1);
            cells[2] = vl__fmt_num(vl__col_double(s, 2), num);
            for (size_t k = 0; k < n_keys; k++)
                cells[3 + k] = vl__col_text(s, 3 + (int)k);
            if ((st = emit(x, 3 + n_keys, cells)) != VL_OK)
                break;
        }
        if (st == VL_OK && rc != VL__DONE)
            st = vl__db_sqlerr(x->ctx, x->db, "exporting history");
        if (st == VL_OK && bad)
            st = vl__error(x->ctx, VL_ERR_INVALID,
                           "%zu history rows name areas that lie in no current province", bad);
        vl__finalize(s);
    }
    for (size_t k = 0; k < n_keys; k++)
        vl__free(names[k]);
    return st;
}

static vl_status export_referrals(exporter *x, vl__stmt *s)
{
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl__referral_row r = {0};
        r.id = vl__col_text(s, 0);
        r.seeker = vl__col_text(s, 1);
        r.vacancy = vl__col_text(s, 2);
        r.referred_on = vl__col_date(s, 3);
        if (!vl__channel_parse(vl__col_text(s, 4), &r.channel) ||
            !vl__outcome_parse(vl__col_text(s, 6), &r.outcome))
            return vl__error(x->ctx, VL_ERR_DB, "%s: a stored channel or outcome is not valid",
                             r.id);
        r.staff = vl__col_text(s, 5);
        r.outcome_on = vl__col_date(s, 7);
        r.start_on = vl__col_date(s, 8);
        r.has_wage = col_num(s, 9, &r.wage);
        vl_status st = write_canon(x, vl__canon_referral(&r, &x->canon));
        if (st != VL_OK)
            return st;
    }
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(x->ctx, x->db, "exporting referrals");
}

static vl_status export_followups(exporter *x, vl__stmt *s)
{
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl__followup_row f = {vl__col_text(s, 0), vl__col_date(s, 1), vl__col_int(s, 2) != 0};
        vl_status st = write_canon(x, vl__canon_followup(&f, &x->canon));
        if (st != VL_OK)
            return st;
    }
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(x->ctx, x->db, "exporting follow-ups");
}

static vl_status export_counselling(exporter *x, vl__stmt *s)
{
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl__counselling_row r = {vl__col_text(s, 0), vl__col_text(s, 2), vl__col_text(s, 3),
                                 vl__col_date(s, 1)};
        vl_status st = write_canon(x, vl__canon_counselling(&r, &x->canon));
        if (st != VL_OK)
            return st;
    }
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(x->ctx, x->db, "exporting counselling");
}

static vl_status export_fairs(exporter *x, vl__stmt *s)
{
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl__fair_row r = {vl__col_text(s, 0),
                          vl__col_text(s, 1),
                          vl__col_text(s, 3),
                          vl__col_text(s, 4),
                          vl__col_date(s, 2),
                          false,
                          0};
        r.has_capacity = col_int(s, 5, &r.capacity);
        vl_status st = write_canon(x, vl__canon_fair(&r, &x->canon));
        if (st != VL_OK)
            return st;
    }
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(x->ctx, x->db, "exporting fairs");
}

/* ---- vl_db_export -------------------------------------------------------------------------- */

static const char *const main_sql[VL_KIND_COUNT] = {
    [VL_KIND_AREAS] = "SELECT a.code, a.name, p.code, a.lat, a.lon, a.level, a.valid_from,"
                      " a.valid_to, a.version, a.area_km2, a.centre FROM areas a"
                      " LEFT JOIN areas p ON p.id = a.parent ORDER BY a.level, a.code, a.version",
    [VL_KIND_EMPLOYERS] = "SELECT e.id, e.name, e.industry, a.code, e.address, e.phone"
                          " FROM employers e"
                          " LEFT JOIN areas a ON a.id = e.area_id ORDER BY e.id",
    [VL_KIND_VACANCIES] = "SELECT v.id, v.employer, v.title, v.occupation, v.education_min,"
                          " v.experience_min, v.wage_min, v.wage_max, v.positions, a.code,"
                          " v.country, v.age_min, v.age_max, v.posted, v.closes, v.fair"
                          " FROM vacancies v LEFT JOIN areas a ON a.id = v.area_id ORDER BY v.id",
    [VL_KIND_SEEKERS] =
        "SELECT s.id, s.name, s.birth_year, s.gender, a.code, s.education,"
        " s.experience_years, s.wage_min, s.max_commute_km, s.registered,"
        " s.status, s.phone, s.id_card FROM seekers s LEFT JOIN areas a ON a.id = s.area_id"
        " ORDER BY s.id",
    [VL_KIND_REFERRALS] = "SELECT id, seeker, vacancy, referred_on, channel, staff, outcome,"
                          " outcome_on, start_on, wage FROM referrals ORDER BY id",
    [VL_KIND_FOLLOWUPS] = "SELECT referral, checked_on, employed FROM followups"
                          " ORDER BY referral, checked_on",
    [VL_KIND_COUNSELLING] = "SELECT seeker, counselled_on, staff, topic FROM counselling"
                            " ORDER BY seeker, counselled_on",
    [VL_KIND_FAIRS] = "SELECT f.id, f.name, f.date, a.code, f.venue, f.capacity FROM fairs f"
                      " LEFT JOIN areas a ON a.id = f.area_id ORDER BY f.id",
};

/*
 * The records of db's load scope's provinces, with every record they refer to (what a copy of
 * the province needs to hold them): the referrals of its seekers or to its vacancies
 * (vl__scope_referral_condition), its seekers (those with no area too) and vacancies (those
 * with no area of an employer of its areas) and the other end of each of those referrals, the
 * employers of its areas and of those vacancies, the fairs of its areas (or with no place yet) and
 * of those vacancies, the follow-ups of those referrals and the counselling of those seekers. A
 * condition on kind's main_sql (its aliases), appended to b.
 */
static void referrals_of(vl_buf *b, const vl_db *db)
{
    vl_buf_puts(b, "SELECT id FROM referrals WHERE ");
    vl__scope_referral_condition(b, db, "");
}

static void people_of(vl_buf *b, const vl_db *db, bool seekers, const char *qual)
{
    vl_buf_puts(b, "(");
    if (seekers) {
        vl__scope_condition(b, db, qual);
    } else {
        /* a vacancy with no area (abroad) is its employer's province's (every province's when
         * the employer has none either) */
        vl__scope_area_condition(b, db, qual, false);
        vl_buf_printf(b,
                      " OR (%sarea_id IS NULL AND %semployer IN (SELECT e.id FROM employers e"
                      " WHERE ",
                      qual, qual);
        vl__scope_area_condition(b, db, "e.", true);
        vl_buf_puts(b, "))");
    }
    vl_buf_printf(b, " OR %sid IN (SELECT %s FROM referrals WHERE ", qual,
                  seekers ? "seeker" : "vacancy");
    vl__scope_referral_condition(b, db, "");
    vl_buf_puts(b, "))");
}

static void province_condition(vl_buf *b, const vl_db *db, vl_kind kind)
{
    switch (kind) {
    case VL_KIND_SEEKERS:
        people_of(b, db, true, "s.");
        break;
    case VL_KIND_VACANCIES:
        people_of(b, db, false, "v.");
        break;
    case VL_KIND_EMPLOYERS:
    case VL_KIND_FAIRS: {
        bool e = kind == VL_KIND_EMPLOYERS;
        vl_buf_puts(b, "(");
        vl__scope_area_condition(b, db, e ? "e." : "f.", !e);
        vl_buf_printf(b, " OR %s IN (SELECT v.%s FROM vacancies v WHERE ", e ? "e.id" : "f.id",
                      e ? "employer" : "fair");
        people_of(b, db, false, "v.");
        vl_buf_puts(b, "))");
        break;
    }
    case VL_KIND_REFERRALS:
        vl__scope_referral_condition(b, db, "");
        break;
    case VL_KIND_FOLLOWUPS:
        vl_buf_puts(b, "referral IN (");
        referrals_of(b, db);
        vl_buf_puts(b, ")");
        break;
    case VL_KIND_COUNSELLING:
        vl_buf_puts(b, "seeker IN (SELECT s.id FROM seekers s WHERE ");
        people_of(b, db, true, "s.");
        vl_buf_puts(b, ")");
        break;
    default: /* areas: every one (reference data) */
        vl_buf_puts(b, "1 = 1");
        break;
    }
}

static vl_status export_file(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path,
                             const vl_export_options *opt, bool province);
static vl_status export_kind(exporter *x, vl_kind kind, vl__stmt *s);

vl_status vl_db_export(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path,
                       const vl_export_options *opt)
{
    return export_file(ctx, db, kind, path, opt, false);
}

/* vl__db_export_province (store.h) */
vl_status vl__db_export_province(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path)
{
    if (!vl__db_scope(db))
        return vl__error(ctx, VL_ERR_ARG, "vl__db_export_province: no load scope");
    return export_file(ctx, db, kind, path, NULL, true);
}

static vl_status export_file(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path,
                             const vl_export_options *opt, bool province)
{
    if (!db || (int)kind < 0 || kind >= VL_KIND_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_export: missing argument");
    /* a dump of personal data: 0600, and whole or not at all */
    vl_csv_writer *w = NULL;
    vl_sheet *sheet = NULL;
    bool xlsx = opt && opt->xlsx;
    vl_status st =
        xlsx
            ? vl_sheet_open(ctx, path, VL_SHEET_XLSX, vl_kind_name(kind), VL_OUTPUT_PRIVATE, &sheet)
            : vl_csv_writer_open(ctx, path, VL_OUTPUT_PRIVATE | (opt && opt->bom ? VL_CSV_BOM : 0),
                                 &w);
    if (st != VL_OK)
        return st;
    exporter x = {.ctx = ctx, .db = db, .w = w, .sheet = sheet, .kind = kind, .path = path};
    if (opt && opt->pseudonym_key) {
        if (opt->pseudonym_key_len < 16) {
            vl_csv_writer_discard(w);
            vl_sheet_discard(sheet);
            return vl__error(ctx, VL_ERR_ARG, "a pseudonym key needs at least 16 bytes");
        }
        x.key = opt->pseudonym_key;
        x.key_len = opt->pseudonym_key_len;
        size_t nc;
        const char *const *cols = vl__kind_columns(kind, &nc);
        pseudo_plan(&x, kind, cols, nc);
    }
    /* one read snapshot for the whole file */
    if (st == VL_OK)
        st = vl__db_begin_read(ctx, db);
    if (st == VL_OK) {
        if (kind == VL_KIND_HISTORY) {
            if (province)
                x.province = vl__area_scope_new(ctx, db, &st);
            if (st == VL_OK)
                st = export_history(&x);
            vl__area_scope_free(x.province);
        } else {
            size_t ncols;
            const char *const *cols = vl__kind_columns(kind, &ncols);
            vl__stmt *s = NULL;
            /* a workbook is for people: the templates' Vietnamese headers, which the importer
             * reads as well as the contract's names */
            const char *head[32];
            for (size_t i = 0; i < ncols && i < VL_ARRAY_LEN(head); i++) {
                const char *vi = xlsx ? vl_kind_header_vi(kind, cols[i]) : NULL;
                head[i] = vi ? vi : cols[i];
            }
            st = emit(&x, ncols, head);
            /* under a load scope (a province's server) the vacancies and fairs its desk lists:
             * its provinces' and those open to every province or with no place yet */
            vl_buf sql = {0}, cond = {0}, parents = {0};
            bool scoped = province || (vl__db_scope(db) &&
                                       (kind == VL_KIND_VACANCIES || kind == VL_KIND_FAIRS));
            if (scoped) {
                if (province)
                    province_condition(&cond, db, kind);
                else if (kind == VL_KIND_VACANCIES)
                    vl__scope_condition(&cond, db, "v.");
                else
                    vl__scope_area_condition(&cond, db, "f.", true);
                const char *order = strstr(main_sql[kind], " ORDER BY");
                vl_buf_append(&sql, main_sql[kind], (size_t)(order - main_sql[kind]));
                vl_buf_printf(&sql, " WHERE %s%s", cond.data ? cond.data : "", order);
                /* the ids of the records kept, for their lists (seekers s, vacancies v) */
                if (kind == VL_KIND_SEEKERS || kind == VL_KIND_VACANCIES)
                    vl_buf_printf(&parents, "SELECT %c.id FROM %s %c WHERE %s",
                                  kind == VL_KIND_SEEKERS ? 's' : 'v',
                                  kind == VL_KIND_SEEKERS ? "seekers" : "vacancies",
                                  kind == VL_KIND_SEEKERS ? 's' : 'v', cond.data ? cond.data : "");
                if (st == VL_OK && (!vl_buf_text(&cond) || !vl_buf_text(&sql) ||
                                    ((kind == VL_KIND_SEEKERS || kind == VL_KIND_VACANCIES) &&
                                     !vl_buf_text(&parents))))
                    st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                x.parents = parents.data;
            }
            if (st == VL_OK &&
                (st = vl__db_prepare(ctx, db, scoped ? sql.data : main_sql[kind], &s)) == VL_OK) {
                vl__stmt_stream(s);
                st = export_kind(&x, kind, s);
            }
            vl__finalize(s);
            vl_buf_free(&sql);
            vl_buf_free(&cond);
            vl_buf_free(&parents);
        }
        vl__db_end_read(db);
    }
    vl_status cst = VL_OK;
    if (st == VL_OK)
        cst = xlsx ? vl_sheet_close(ctx, sheet) : vl_csv_writer_close(ctx, x.w);
    else if (xlsx)
        vl_sheet_discard(sheet);
    else
        vl_csv_writer_discard(x.w);
    vl__canon_free(&x.canon);
    vl_buf_free(&x.strings);
    return st != VL_OK ? st : cst;
}

/* ---- one record ------------------------------------------------------------------------------ */

static vl_status export_kind(exporter *x, vl_kind kind, vl__stmt *s)
{
    switch (kind) {
    case VL_KIND_AREAS:
        return export_areas(x, s);
    case VL_KIND_EMPLOYERS:
        return export_employers(x, s);
    case VL_KIND_VACANCIES:
        return export_vacancies(x, s);
    case VL_KIND_REFERRALS:
        return export_referrals(x, s);
    case VL_KIND_FOLLOWUPS:
        return export_followups(x, s);
    case VL_KIND_COUNSELLING:
        return export_counselling(x, s);
    case VL_KIND_FAIRS:
        return export_fairs(x, s);
    default:
        return export_seekers(x, s);
    }
}

vl_status vl_db_get_row(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *id, vl_row **out)
{
    if (!db || !id || !out ||
        (kind != VL_KIND_AREAS && kind != VL_KIND_EMPLOYERS && kind != VL_KIND_VACANCIES &&
         kind != VL_KIND_SEEKERS && kind != VL_KIND_REFERRALS && kind != VL_KIND_FAIRS))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_get_row: missing argument");
    *out = NULL;
    vl_row *row = vl__calloc(1, sizeof *row);
    if (!row)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    row->columns = vl__kind_columns(kind, &row->n);
    /* the export statement of the kind, for one key instead of every row */
    const char *sql = main_sql[kind];
    const char *order = strstr(sql, " ORDER BY");
    vl_buf one = {0};
    vl_buf_append(&one, sql, (size_t)(order - sql));
    /* the key qualified by the table's alias (the statements join areas, which has an id); an
     * area code reused by the 2025 list means the current area */
    static const char *const where[VL_KIND_COUNT] = {
        [VL_KIND_AREAS] = " WHERE a.code = ?1 ORDER BY CASE WHEN a.valid_to IS NULL THEN 0 ELSE 1"
                          " END, a.valid_to DESC LIMIT 1",
        [VL_KIND_EMPLOYERS] = " WHERE e.id = ?1",
        [VL_KIND_VACANCIES] = " WHERE v.id = ?1",
        [VL_KIND_SEEKERS] = " WHERE s.id = ?1",
        [VL_KIND_REFERRALS] = " WHERE id = ?1",
        [VL_KIND_FAIRS] = " WHERE f.id = ?1",
    };
    vl_buf_puts(&one, where[kind]);
    exporter x = {.ctx = ctx, .db = db, .row = row};
    vl__stmt *s = NULL;
    vl_status st = vl_buf_text(&one) ? vl__db_prepare(ctx, db, one.data, &s)
                                     : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    /* one read snapshot for the row and its lists */
    if (st == VL_OK && (st = vl__db_begin_read(ctx, db)) == VL_OK) {
        vl__bind_text(s, 1, id, false);
        st = export_kind(&x, kind, s);
        vl__reset(s);
        vl__db_end_read(db);
    }
    vl__finalize(s);
    vl_buf_free(&one);
    vl__canon_free(&x.canon);
    vl_buf_free(&x.strings);
    if (st == VL_OK && !row->found)
        st = vl__no_record(ctx, kind, id);
    if (st != VL_OK) {
        vl_row_destroy(row);
        return st;
    }
    *out = row;
    return VL_OK;
}

size_t vl_row_count(const vl_row *row)
{
    return row ? row->n : 0;
}

const char *vl_row_column(const vl_row *row, size_t i)
{
    return row && i < row->n ? row->columns[i] : NULL;
}

const char *vl_row_value(const vl_row *row, size_t i)
{
    return row && i < row->n ? row->cells.data + row->off[i] : NULL;
}

const char *vl_row_get(const vl_row *row, const char *column)
{
    for (size_t i = 0; row && column && i < row->n; i++)
        if (strcmp(row->columns[i], column) == 0)
            return vl_row_value(row, i);
    return NULL;
}

const char *vl_row_version(const vl_row *row)
{
    return row ? row->version : "";
}

void vl_row_destroy(vl_row *row)
{
    if (!row)
        return;
    vl_buf_free(&row->cells);
    vl__free(row);
}
