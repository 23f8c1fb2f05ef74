/*
 * load.c - fills the engines' plain structs (data.h, history.h) from the tables, everything in
 * one arena. Built for 100,000 seekers and 20,000 vacancies: parents are read in id order and
 * each child table is read once in the order of its primary key (parent id first), so children
 * are attached by a merge join instead of one query per parent, and every list is a slice of
 * one array sized by a COUNT(*) beforehand. What current hires imply is applied here (referrals.h):
 * a vacancy's `positions` are those still open, a seeker placed by a hire has status placed; as
 * of a past date (vl_db_load_dataset_at), what the hires dated on or before it implied.
 */
#include "store/store.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/history.h"
#include "store/areas.h"
#include "store/referrals.h"
#include "store/values.h"

typedef struct loader {
    vl_ctx *ctx;
    vl_db *db;
    vl_arena *arena;
    bool oom;       /* an arena allocation failed (checked once at the end) */
    bool filter;    /* only some records: the ids in vl_load_ids, or with scoped those of the
                       db's load scope */
    bool scoped;    /* vl_db_load_dataset under a load scope */
    const char *at; /* vl_db_load_dataset_at: the date 'YYYY-MM-DD', the statements' ?1 */
} loader;

/* vl_db_load_records: a few records, each asked for on its own (a filter that is no scope) */
static bool few(const loader *L)
{
    return L->filter && !L->scoped;
}

/*
 * With a filter, every statement of the loader reads only the chosen records: after the table
 * its top-level FROM names comes a WHERE on the parent id (seekers and their child tables by
 * the seeker's id, vacancies and theirs by the vacancy's, employers by id; areas not at all).
 * The same statements serve both loads, so a record loads the same way alone or with all
 * the others (hires applied the same way, say). A scoped load (vl_db_set_load_scope) puts the
 * scope's condition there instead, and reads employers and areas whole.
 */
static char *filtered(const loader *L, const char *sql, bool *ruled)
{
    *ruled = false;
    static const struct {
        const char *table, *col, *set;
    } rules[] = {{"seekers", "id", "s"},   {"seeker_", "seeker_id", "s"},
                 {"vacancies", "id", "v"}, {"vacancy_", "vacancy_id", "v"},
                 {"employers", "id", "e"}, {"areas", NULL, NULL}};
    /* the FROM of the statement itself, not one of a sub-query in its select list */
    const char *from = NULL;
    int depth = 0;
    for (const char *p = sql; *p && !from; p++) {
        depth += (*p == '(') - (*p == ')');
        if (depth == 0 && strncmp(p, " FROM ", 6) == 0)
            from = p;
    }
    if (!from)
        return NULL;
    const char *table = from + 6;
    size_t len = strcspn(table, " ");
    /* an alias after the table ("FROM vacancies v") qualifies the id */
    const char *after = table + len, *alias = NULL;
    size_t alias_len = 0;
    if (*after == ' ' && strncmp(after, " ORDER", 6) != 0 && strncmp(after, " WHERE", 6) != 0 &&
        strncmp(after, " GROUP", 6) != 0 && strncmp(after, " LIMIT", 6) != 0) {
        alias = after + 1;
        alias_len = strcspn(alias, " ");
        after = alias + alias_len;
    }
    for (size_t i = 0; i < VL_ARRAY_LEN(rules); i++) {
        size_t rl = strlen(rules[i].table);
        bool prefix = rules[i].table[rl - 1] == '_';
        if (prefix ? strncmp(table, rules[i].table, rl) != 0
                   : (len != rl || strncmp(table, rules[i].table, rl) != 0))
            continue;
        /* the WHERE goes after the joins (areas: "FROM seekers s LEFT JOIN areas a ON ..."),
         * before the statement's own WHERE (then joined by AND), ORDER, GROUP or LIMIT */
        const char *at = after;
        bool and_where = false;
        for (int d = 0; *at; at++) {
            d += (*at == '(') - (*at == ')');
            if (d == 0 && (strncmp(at, " ORDER ", 7) == 0 || strncmp(at, " GROUP ", 7) == 0 ||
                           strncmp(at, " LIMIT ", 7) == 0))
                break;
            if (d == 0 && strncmp(at, " WHERE ", 7) == 0) {
                and_where = true;
                break;
            }
        }
        *ruled = true; /* from here NULL is out of memory */
        vl_buf b = {0};
        char qual[16] = "";
        if (alias && alias_len < sizeof qual - 1)
            snprintf(qual, sizeof qual, "%.*s.", (int)alias_len, alias);
        if (L->scoped && (!rules[i].set || strcmp(rules[i].set, "e") == 0))
            return vl__strdup(sql); /* areas and employers whole */
        vl_buf_append(&b, sql, (size_t)(at - sql));
        if (L->scoped &&
            (strcmp(rules[i].col, "id") == 0 || vl__db_backend(L->db) == VL__POSTGRESQL)) {
            /* seekers and vacancies, and on PostgreSQL their lists: a list row carries its
             * parent's province */
            vl_buf_puts(&b, " WHERE ");
            vl__scope_condition(&b, L->db, qual);
        } else if (L->scoped) {
            vl_buf_printf(&b, " WHERE %s%s IN (SELECT id FROM %s WHERE ", qual, rules[i].col,
                          strcmp(rules[i].set, "s") == 0 ? "seekers" : "vacancies");
            vl__scope_condition(&b, L->db, "");
            vl_buf_puts(&b, ")");
        } else if (rules[i].col) {
            vl_buf_printf(&b, " WHERE %s%s IN (SELECT id FROM vl_load_ids WHERE set_ = '%s')", qual,
                          rules[i].col, rules[i].set);
        } else {
            vl_buf_puts(&b, " WHERE 1 = 0");
        }
        if (and_where) {
            vl_buf_puts(&b, " AND");
            at += 6; /* past " WHERE" */
        }
        vl_buf_puts(&b, at);
        if (!vl_buf_text(&b))
            vl_buf_free(&b);
        return b.data;
    }
    return NULL;
}

/* The statement filtered, or VL_ERR_NOMEM, or VL_ERR_INTERNAL for one no rule knows. */
static vl_status filter_statement(const loader *L, const char *sql, char **out)
{
    bool ruled;
    *out = filtered(L, sql, &ruled);
    if (*out)
        return VL_OK;
    return ruled ? vl__error(L->ctx, VL_ERR_NOMEM, "out of memory")
                 : vl__error(L->ctx, VL_ERR_INTERNAL, "loader: no filter for a statement");
}

static vl_status scalar(loader *L, const char *sql, int64_t *out)
{
    if (!L->filter)
        return vl__db_scalar(L->ctx, L->db, sql, out);
    char *f;
    vl_status st = filter_statement(L, sql, &f);
    if (st != VL_OK)
        return st;
    st = vl__db_scalar(L->ctx, L->db, f, out);
    vl__free(f);
    return st;
}

static void *alloc_array(loader *L, size_t n, size_t size)
{
    return vl_arena_alloc(L->arena, (n ? n : 1) * size);
}

/* Arena copy of a column; NULL for SQL NULL when null_ok, "" otherwise. */
static const char *col_str(loader *L, vl__stmt *s, int i, bool null_ok)
{
    size_t len;
    const char *t = vl__col_text_len(s, i, &len);
    if (!t)
        return null_ok ? NULL : "";
    const char *r = vl_arena_strndup(L->arena, t, len);
    if (!r)
        L->oom = true;
    return r ? r : "";
}

/*
 * Prepares a query that reads a whole table: streamed by a server backend. A few records (a
 * running server following changes: at most its rebuild threshold) are read whole instead: a
 * streaming cursor's statement is planned at every execution, over every province partition
 * (9 ms for the seekers' statement on PostgreSQL, twice per change followed, more than the
 * record's whole write), where a prepared statement is planned once per connection.
 */
static vl_status prepare_scan(loader *L, const char *sql, vl__stmt **s)
{
    char *f = NULL;
    vl_status st = L->filter ? filter_statement(L, sql, &f) : VL_OK;
    if (st != VL_OK)
        return st;
    st = vl__db_prepare(L->ctx, L->db, f ? f : sql, s);
    vl__free(f);
    if (st == VL_OK && !few(L))
        vl__stmt_stream(*s);
    return st;
}

static double col_double(vl__stmt *s, int i, double if_null)
{
    return vl__col_null(s, i) ? if_null : vl__col_double(s, i);
}

static vl_status count_rows(loader *L, const char *table, size_t *n)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    int64_t v = 0;
    vl_status st = scalar(L, sql, &v);
    *n = v > 0 ? (size_t)v : 0;
    return st;
}

/*
 * Merge-join cursor over parent ids sorted by SQLite's BINARY collation (memcmp order, which
 * strcmp matches for UTF-8 text): finds the parent of a child row whose ids come in the same
 * order. Returns the parent index or -1 (a child without a parent, which foreign keys
 * prevent; skipped).
 */
typedef struct cursor {
    const char *const *ids;
    size_t stride; /* bytes between consecutive id pointers */
    size_t n, at;
} cursor;

static const char *cursor_id(const cursor *c, size_t i)
{
    return *(const char *const *)(const void *)((const char *)c->ids + i * c->stride);
}

static long cursor_find(cursor *c, const char *id)
{
    while (c->at < c->n && strcmp(cursor_id(c, c->at), id) < 0)
        c->at++;
    if (c->at < c->n && strcmp(cursor_id(c, c->at), id) == 0)
        return (long)c->at;
    return -1;
}

/* ---- areas and employers ------------------------------------------------------------------ */

static vl_status load_areas(loader *L, vl_dataset *ds)
{
    size_t n;
    vl_status st = count_rows(L, "areas", &n);
    if (st != VL_OK)
        return st;
    vl_area *a = alloc_array(L, n, sizeof *a);
    vl__stmt *s;
    if (!a)
        return vl__error(L->ctx, VL_ERR_NOMEM, "out of memory");
    /* by code, then date (the pre-reform area of a reused code first); NULLs sort apart on
     * the two backends, so they are spelled out */
    if ((st = prepare_scan(L,
                           "SELECT a.code, a.name, p.code, a.level, a.lat, a.lon, a.valid_from,"
                           " a.valid_to, a.version FROM areas a LEFT JOIN areas p"
                           " ON p.id = a.parent ORDER BY a.code, COALESCE(a.valid_from, ''), a.id",
                           &s)) != VL_OK)
        return st;
    size_t i = 0;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW && i < n) {
        vl_area *r = &a[i++];
        r->code = col_str(L, s, 0, false);
        r->name = col_str(L, s, 1, false);
        r->parent = col_str(L, s, 2, true);
        r->level = vl__col_int(s, 3);
        r->lat = col_double(s, 4, NAN);
        r->lon = col_double(s, 5, NAN);
        r->valid_from = vl__col_date(s, 6);
        r->valid_to = vl__col_date(s, 7);
        r->version = col_str(L, s, 8, false);
    }
    if (rc != VL__ROW && rc != VL__DONE)
        st = vl__db_sqlerr(L->ctx, L->db, "loading areas");
    vl__finalize(s);
    ds->areas = a;
    ds->n_areas = i;
    return st;
}

static vl_status load_employers(loader *L, vl_dataset *ds)
{
    size_t n;
    vl_status st = count_rows(L, "employers", &n);
    if (st != VL_OK)
        return st;
    vl_employer *e = alloc_array(L, n, sizeof *e);
    vl__stmt *s;
    if (!e)
        return vl__error(L->ctx, VL_ERR_NOMEM, "out of memory");
    if ((st = prepare_scan(L,
                           "SELECT e.id, e.name, e.industry, a.code FROM employers e"
                           " LEFT JOIN areas a ON a.id = e.area_id ORDER BY e.id",
                           &s)) != VL_OK)
        return st;
    size_t i = 0;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW && i < n) {
        vl_employer *r = &e[i++];
        r->id = col_str(L, s, 0, false);
        r->name = col_str(L, s, 1, false);
        r->industry = col_str(L, s, 2, true);
        r->area = col_str(L, s, 3, true);
    }
    if (rc != VL__ROW && rc != VL__DONE)
        st = vl__db_sqlerr(L->ctx, L->db, "loading employers");
    vl__finalize(s);
    ds->employers = e;
    ds->n_employers = i;
    return st;
}

/* ---- child lists --------------------------------------------------------------------------- */

/*
 * Reads a child table of strings (one or two text columns after the parent id, in primary key
 * order) and hands each parent its slice. `slot` returns the parent's list(s) to fill; lists
 * point into one array of all rows.
 */
typedef void (*slot_fn)(void *parents, size_t index, vl_strlist **a, vl_strlist **b,
                        const char *group);

static vl_status load_strings(loader *L, const char *count_sql, const char *sql, cursor *c,
                              void *parents, slot_fn slot, bool two, const char *what)
{
    int64_t total = 0;
    vl_status st = scalar(L, count_sql, &total);
    if (st != VL_OK)
        return st;
    size_t n = (size_t)(total > 0 ? total : 0);
    const char **items = alloc_array(L, n, sizeof *items);
    const char **items2 = two ? alloc_array(L, n, sizeof *items2) : NULL;
    if (!items || (two && !items2))
        return vl__error(L->ctx, VL_ERR_NOMEM, "out of memory");
    vl__stmt *s;
    if ((st = prepare_scan(L, sql, &s)) != VL_OK)
        return st;
    c->at = 0;
    size_t k = 0;
    int rc;
    vl_strlist *cur = NULL, *cur2 = NULL;
    long cur_parent = -1;
    char cur_group[8] = "";
    while ((rc = vl__step(s)) == VL__ROW && k < n) {
        long p = cursor_find(c, vl__col_text(s, 0));
        if (p < 0)
            continue;
        const char *group = vl__col_text(s, 1); /* e.g. required flag; "" when none */
        if (p != cur_parent || strncmp(cur_group, group, sizeof cur_group - 1) != 0) {
            cur_parent = p;
            snprintf(cur_group, sizeof cur_group, "%s", group);
            slot(parents, (size_t)p, &cur, &cur2, group);
            cur->items = &items[k];
            cur->n = 0;
            if (two) {
                cur2->items = &items2[k];
                cur2->n = 0;
            }
        }
        items[k] = col_str(L, s, 2, false);
        if (two)
            items2[k] = col_str(L, s, 3, false);
        cur->n++;
        if (two)
            cur2->n++;
        k++;
    }
    if (rc != VL__ROW && rc != VL__DONE)
        st = vl__db_sqlerr(L->ctx, L->db, what);
    vl__finalize(s);
    return st;
}

typedef void (*lang_slot_fn)(void *parents, size_t index, const vl_lang *langs, size_t n);

static vl_status load_langs(loader *L, const char *table, const char *parent_col, cursor *c,
                            void *parents, lang_slot_fn slot)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    int64_t total = 0;
    vl_status st = scalar(L, sql, &total);
    if (st != VL_OK)
        return st;
    size_t n = (size_t)(total > 0 ? total : 0);
    vl_lang *langs = alloc_array(L, n, sizeof *langs);
    if (!langs)
        return vl__error(L->ctx, VL_ERR_NOMEM, "out of memory");
    snprintf(sql, sizeof sql, "SELECT %s, code, scheme, level FROM %s ORDER BY %s, pos", parent_col,
             table, parent_col);
    vl__stmt *s;
    if ((st = prepare_scan(L, sql, &s)) != VL_OK)
        return st;
    c->at = 0;
    size_t k = 0, start = 0;
    long cur = -1;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW && k < n) {
        long p = cursor_find(c, vl__col_text(s, 0));
        if (p < 0)
            continue;
        vl_lang l;
        if (!vl__lang_from_parts(vl__col_text(s, 1), vl__col_text(s, 2), vl__col_text(s, 3), &l)) {
            st = vl__error(L->ctx, VL_ERR_DB, "%s: a stored language level is not valid (%s)",
                           table, vl__col_text(s, 0));
            break;
        }
        if (p != cur) {
            if (cur >= 0)
                slot(parents, (size_t)cur, &langs[start], k - start);
            cur = p;
            start = k;
        }
        langs[k++] = l;
    }
    if (st == VL_OK && cur >= 0)
        slot(parents, (size_t)cur, &langs[start], k - start);
    if (st == VL_OK && rc != VL__ROW && rc != VL__DONE)
        st = vl__db_sqlerr(L->ctx, L->db, table);
    vl__finalize(s);
    return st;
}

/* ---- vacancies ----------------------------------------------------------------------------- */

static void vacancy_skill_slot(void *parents, size_t i, vl_strlist **a, vl_strlist **b,
                               const char *group)
{
    vl_vacancy *v = &((vl_vacancy *)parents)[i];
    bool required = group[0] == '1';
    *a = required ? &v->skills_required : &v->skills_preferred;
    *b = required ? &v->skills_required_keys : &v->skills_preferred_keys;
}

static void vacancy_lang_slot(void *parents, size_t i, const vl_lang *langs, size_t n)
{
    vl_vacancy *v = &((vl_vacancy *)parents)[i];
    v->languages = langs;
    v->n_languages = n;
}

static void copy_code(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/*
 * The vacancies with their positions left: a current hire fills one (store/referrals.h).
 * PostgreSQL spells the two-argument MAX as GREATEST, and for the whole set reads every
 * vacancy's hires grouped once.
 */
#define VACANCY_COLS(left)                                                                         \
    "SELECT v.id, v.employer, v.title, v.occupation,"                                              \
    " v.education_min, v.experience_min, v.wage_min, v.wage_max, " left ","                        \
    " a.code, v.country, v.age_min, v.age_max,"                                                    \
    " v.posted, v.closes, v.fair, COALESCE(v.positions, 0)"                                        \
    " FROM vacancies v LEFT JOIN areas a ON a.id = v.area_id"
/* clang-format off */
static const char VACANCIES_SQLITE[] =
    VACANCY_COLS("MAX(COALESCE(v.positions, 0) - " VL__SQL_HIRES_OF("v.id") ", 0)")
    " ORDER BY v.id";
static const char VACANCIES_PG_FEW[] =
    VACANCY_COLS("GREATEST(COALESCE(v.positions, 0) - " VL__SQL_HIRES_OF("v.id") ", 0)")
    " ORDER BY v.id";
static const char VACANCIES_PG_ALL[] =
    VACANCY_COLS("GREATEST(COALESCE(v.positions, 0) - COALESCE(h.n, 0), 0)")
    " LEFT JOIN " VL__SQL_HIRES_BY_VACANCY("h") " ON h.vacancy = v.id ORDER BY v.id";
/* as of ?1, on both backends the hires grouped once */
static const char VACANCIES_AT_SQLITE[] =
    VACANCY_COLS("MAX(COALESCE(v.positions, 0) - COALESCE(h.n, 0), 0)")
    " LEFT JOIN " VL__SQL_HIRES_BY_VACANCY_AT("h") " ON h.vacancy = v.id ORDER BY v.id";
static const char VACANCIES_AT_PG[] =
    VACANCY_COLS("GREATEST(COALESCE(v.positions, 0) - COALESCE(h.n, 0), 0)")
    " LEFT JOIN " VL__SQL_HIRES_BY_VACANCY_AT("h") " ON h.vacancy = v.id ORDER BY v.id";
/* clang-format on */
#undef VACANCY_COLS

static vl_status load_vacancies(loader *L, vl_dataset *ds)
{
    size_t n;
    vl_status st = count_rows(L, "vacancies", &n);
    if (st != VL_OK)
        return st;
    vl_vacancy *v = alloc_array(L, n, sizeof *v);
    vl__stmt *s;
    if (!v)
        return vl__error(L->ctx, VL_ERR_NOMEM, "out of memory");
    if ((st = prepare_scan(
             L,
             L->at ? vl__sql(L->db, VACANCIES_AT_SQLITE, VACANCIES_AT_PG)
                   : vl__sql(L->db, VACANCIES_SQLITE, few(L) ? VACANCIES_PG_FEW : VACANCIES_PG_ALL),
             &s)) != VL_OK)
        return st;
    if (L->at)
        vl__bind_text(s, 1, L->at, false);
    size_t i = 0;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW && i < n) {
        vl_vacancy *r = &v[i++];
        r->id = col_str(L, s, 0, false);
        r->employer = col_str(L, s, 1, false);
        r->title = col_str(L, s, 2, false);
        copy_code(r->occupation, sizeof r->occupation, vl__col_text(s, 3));
        int edu = VL_EDU_UNKNOWN;
        if (!vl__col_null(s, 4) && !vl__education_parse(vl__col_text(s, 4), &edu))
            edu = VL_EDU_UNKNOWN;
        r->education_min = edu;
        r->experience_min = col_double(s, 5, 0);
        r->wage_min = col_double(s, 6, 0);
        r->wage_max = col_double(s, 7, 0);
        r->positions = vl__col_int(s, 8);
        r->area = col_str(L, s, 9, true);
        copy_code(r->country, sizeof r->country, vl__col_text(s, 10));
        r->age_min = vl__col_int(s, 11);
        r->age_max = vl__col_int(s, 12);
        r->posted = vl__col_date(s, 13);
        r->closes = vl__col_date(s, 14);
        r->fair = col_str(L, s, 15, true);
        r->positions_offered = vl__col_int(s, 16);
    }
    if (rc != VL__ROW && rc != VL__DONE)
        st = vl__db_sqlerr(L->ctx, L->db, "loading vacancies");
    vl__finalize(s);
    if (st != VL_OK)
        return st;
    ds->vacancies = v;
    ds->n_vacancies = i;
    cursor c = {(const char *const *)&v[0].id, sizeof *v, i, 0};
    st = load_strings(L, "SELECT COUNT(*) FROM vacancy_skills",
                      "SELECT vacancy_id, required, label, key FROM vacancy_skills"
                      " ORDER BY vacancy_id, required, pos",
                      &c, v, vacancy_skill_slot, true, "loading vacancy skills");
    if (st == VL_OK)
        st = load_langs(L, "vacancy_languages", "vacancy_id", &c, v, vacancy_lang_slot);
    return st;
}

/* ---- seekers ------------------------------------------------------------------------------- */

static void seeker_occ_slot(void *parents, size_t i, vl_strlist **a, vl_strlist **b,
                            const char *group)
{
    (void)b;
    (void)group;
    *a = &((vl_seeker *)parents)[i].occupations;
}

static void seeker_skill_slot(void *parents, size_t i, vl_strlist **a, vl_strlist **b,
                              const char *group)
{
    (void)group;
    *a = &((vl_seeker *)parents)[i].skills;
    *b = &((vl_seeker *)parents)[i].skills_keys;
}

static void seeker_abroad_slot(void *parents, size_t i, vl_strlist **a, vl_strlist **b,
                               const char *group)
{
    (void)b;
    (void)group;
    *a = &((vl_seeker *)parents)[i].abroad;
}

static void seeker_lang_slot(void *parents, size_t i, const vl_lang *langs, size_t n)
{
    vl_seeker *p = &((vl_seeker *)parents)[i];
    p->languages = langs;
    p->n_languages = n;
}

static vl_status load_priority(loader *L, cursor *c, vl_seeker *sk)
{
    vl__stmt *s;
    vl_status st = prepare_scan(L,
                                "SELECT seeker_id, grp FROM seeker_priority"
                                " ORDER BY seeker_id, pos",
                                &s);
    if (st != VL_OK)
        return st;
    c->at = 0;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        long p = cursor_find(c, vl__col_text(s, 0));
        unsigned bit;
        if (p >= 0 && vl__priority_parse(vl__col_text(s, 1), &bit))
            sk[p].priority |= bit;
    }
    if (rc != VL__DONE)
        st = vl__db_sqlerr(L->ctx, L->db, "loading priority groups");
    vl__finalize(s);
    return st;
}

/*
 * The seekers, placed when a current hire placed them (store/referrals.h): asked per seeker,
 * or on PostgreSQL for the whole set with every seeker's latest hire read grouped once.
 */
#define SEEKER_COLS(status, name, contacts) SEEKER_COLS_AT("", status, name, contacts)
#define SEEKER_COLS_AT(first, status, name, contacts)                                              \
    "SELECT s.id, " name ", s.birth_year, s.gender, a.code, s.education,"                          \
    " s.experience_years, s.wage_min, s.max_commute_km, s.registered,"                             \
    " CASE " first "WHEN s.status = 'active' AND " status " THEN 'placed' ELSE s.status END,"      \
    " " contacts " FROM seekers s LEFT JOIN areas a ON a.id = s.area_id"
#define PG_PLACED "h.seeker IS NOT NULL AND (s.registered IS NULL OR h.last >= s.registered)"
#define PG_HIRES  " LEFT JOIN " VL__SQL_LAST_HIRE_BY_SEEKER("h") " ON h.seeker = s.id ORDER BY s.id"
/* as of ?1, on both backends; a seeker registered after it was not (yet, or again) looking for
 * work then, as a vacancy posted after it was not yet open: withdrawn, not matched */
#define AT_FIRST "WHEN s.registered > ?1 THEN 'withdrawn' "
#define AT_HIRES                                                                                   \
    " LEFT JOIN " VL__SQL_LAST_HIRE_BY_SEEKER_AT("h") " ON h.seeker = s.id ORDER BY s.id"
/* [without contacts]: the names, phones and ID cards left in the database
 * (vl_db_set_load_contacts) */
static const char *const SEEKERS_FEW[2] = {
    SEEKER_COLS(VL__SQL_PLACED_BY_HIRE("s"), "s.name", "s.phone, s.id_card") " ORDER BY s.id",
    SEEKER_COLS(VL__SQL_PLACED_BY_HIRE("s"), "''", "NULL, NULL") " ORDER BY s.id"};
static const char *const SEEKERS_PG_ALL[2] = {SEEKER_COLS(PG_PLACED, "s.name", "s.phone, s.id_card")
                                                  PG_HIRES,
                                              SEEKER_COLS(PG_PLACED, "''", "NULL, NULL") PG_HIRES};
static const char *const SEEKERS_AT[2] = {
    SEEKER_COLS_AT(AT_FIRST, PG_PLACED, "s.name", "s.phone, s.id_card") AT_HIRES,
    SEEKER_COLS_AT(AT_FIRST, PG_PLACED, "''", "NULL, NULL") AT_HIRES};
#undef SEEKER_COLS
#undef SEEKER_COLS_AT
#undef AT_FIRST
#undef AT_HIRES
#undef PG_PLACED
#undef PG_HIRES

static vl_status load_seekers(loader *L, vl_dataset *ds)
{
    size_t n;
    vl_status st = count_rows(L, "seekers", &n);
    if (st != VL_OK)
        return st;
    vl_seeker *sk = alloc_array(L, n, sizeof *sk);
    vl__stmt *s;
    if (!sk)
        return vl__error(L->ctx, VL_ERR_NOMEM, "out of memory");
    int bare = !vl__db_contacts(L->db);
    if ((st = prepare_scan(L,
                           L->at ? SEEKERS_AT[bare]
                                 : vl__sql(L->db, SEEKERS_FEW[bare],
                                           few(L) ? SEEKERS_FEW[bare] : SEEKERS_PG_ALL[bare]),
                           &s)) != VL_OK)
        return st;
    if (L->at)
        vl__bind_text(s, 1, L->at, false);
    size_t i = 0;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW && i < n) {
        vl_seeker *r = &sk[i++];
        r->id = col_str(L, s, 0, false);
        r->name = col_str(L, s, 1, false);
        r->birth_year = vl__col_int(s, 2);
        r->gender = col_str(L, s, 3, true);
        r->area = col_str(L, s, 4, true);
        int edu = VL_EDU_UNKNOWN;
        if (!vl__col_null(s, 5) && !vl__education_parse(vl__col_text(s, 5), &edu))
            edu = VL_EDU_UNKNOWN;
        r->education = edu;
        r->experience_years = col_double(s, 6, 0);
        r->wage_min = col_double(s, 7, 0);
        r->max_commute_km = col_double(s, 8, NAN);
        r->registered = vl__col_date(s, 9);
        int status = VL_SEEKER_ACTIVE;
        if (!vl__status_parse(vl__col_text(s, 10), &status))
            status = VL_SEEKER_ACTIVE;
        r->status = status;
        r->phone = col_str(L, s, 11, true);
        r->id_card = col_str(L, s, 12, true);
    }
    if (rc != VL__ROW && rc != VL__DONE)
        st = vl__db_sqlerr(L->ctx, L->db, "loading seekers");
    vl__finalize(s);
    if (st != VL_OK)
        return st;
    ds->seekers = sk;
    ds->n_seekers = i;
    cursor c = {(const char *const *)&sk[0].id, sizeof *sk, i, 0};
    st = load_strings(L, "SELECT COUNT(*) FROM seeker_occupations",
                      "SELECT seeker_id, '', occupation FROM seeker_occupations"
                      " ORDER BY seeker_id, rank",
                      &c, sk, seeker_occ_slot, false, "loading seeker occupations");
    if (st == VL_OK)
        st = load_strings(L, "SELECT COUNT(*) FROM seeker_skills",
                          "SELECT seeker_id, '', label, key FROM seeker_skills"
                          " ORDER BY seeker_id, pos",
                          &c, sk, seeker_skill_slot, true, "loading seeker skills");
    if (st == VL_OK)
        st = load_strings(L, "SELECT COUNT(*) FROM seeker_abroad",
                          "SELECT seeker_id, '', country FROM seeker_abroad"
                          " ORDER BY seeker_id, pos",
                          &c, sk, seeker_abroad_slot, false, "loading seeker countries");
    if (st == VL_OK)
        st = load_langs(L, "seeker_languages", "seeker_id", &c, sk, seeker_lang_slot);
    if (st == VL_OK)
        st = load_priority(L, &c, sk);
    return st;
}

/* ---- the load scope ------------------------------------------------------------------------- */

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

vl_status vl_db_set_load_scope(vl_ctx *ctx, vl_db *db, const char *const *provinces, size_t n)
{
    if (!db || (n && !provinces))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_set_load_scope: missing argument");
    if (n == 0) {
        vl__db_set_scope(db, NULL, NULL);
        return VL_OK;
    }
    vl_buf b = {0}, text = {0};
    vl__stmt *s = NULL;
    vl_status st =
        vl__db_prepare(ctx, db, "SELECT COUNT(*) FROM areas WHERE parent IS NULL AND code = ?", &s);
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        const char *code = provinces[i] ? provinces[i] : "";
        /* a code is letters and digits (it goes into the SQL text, quoted) */
        bool plain = *code && strlen(code) <= 16;
        for (const char *p = code; *p && plain; p++)
            plain =
                (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
        vl__reset(s);
        vl__bind_text(s, 1, code, false);
        if (plain && vl__step(s) != VL__ROW)
            st = vl__db_sqlerr(ctx, db, "checking a province");
        else if (!plain || vl__col_int64(s, 0) == 0)
            st = vl__error(ctx, VL_ERR_NOTFOUND, _("no province with code '%s'"), code);
        else if (!vl_buf_printf(&b, "%s'%s'", i ? "," : "", code))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl__finalize(s);
    /* whose a run is: the codes sorted, each once (vl__scope_text) */
    const char **sorted = st == VL_OK ? vl__malloc(n * sizeof *sorted) : NULL;
    if (st == VL_OK && !sorted)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        memcpy(sorted, provinces, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_code);
        for (size_t i = 0; i < n; i++)
            if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0)
                vl_buf_printf(&text, "%s%s", text.len ? "," : "", sorted[i]);
        if (b.failed || text.failed)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl__free(sorted);
    if (st != VL_OK) {
        vl_buf_free(&b);
        vl_buf_free(&text);
        return st;
    }
    vl__db_set_scope(db, b.data, text.data);
    return VL_OK;
}

const char *vl_db_load_scope(const vl_db *db)
{
    return vl__scope_text(db);
}

vl_status vl_db_set_load_scope_list(vl_ctx *ctx, vl_db *db, const char *codes)
{
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_set_load_scope_list: missing argument");
    if (!codes || !*codes)
        return vl_db_set_load_scope(ctx, db, NULL, 0);
    size_t len = strlen(codes);
    if (codes[0] == ',' || codes[len - 1] == ',' || strstr(codes, ",,"))
        return vl__error(ctx, VL_ERR_ARG,
                         _("'%s' is not a list of provinces' codes such as 31 or 31,01"), codes);
    size_t cap = 1;
    for (const char *p = codes; *p; p++)
        cap += *p == ',';
    char *copy = vl__strdup(codes);
    const char **list = vl__calloc(cap, sizeof *list);
    vl_status st = VL_OK;
    if (!copy || !list)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (char *save = NULL, *t = st == VL_OK ? strtok_r(copy, ",", &save) : NULL; t;
         t = strtok_r(NULL, ",", &save))
        list[n++] = t;
    if (st == VL_OK)
        st = vl_db_set_load_scope(ctx, db, list, n);
    vl__free(list);
    vl__free(copy);
    return st;
}

/* The scope's codes one by one: the next code of vl__db_scope(db) ("'31','01'") after *at
 * into code (at most size bytes); false after the last. *at starts at 0. */
bool vl__scope_next(const vl_db *db, size_t *at, char *code, size_t size)
{
    const char *s = vl__db_scope(db);
    if (!s)
        return false;
    const char *q = strchr(s + *at, '\'');
    const char *e = q ? strchr(q + 1, '\'') : NULL;
    if (!e)
        return false;
    snprintf(code, size, "%.*s", (int)(e - q - 1), q + 1);
    *at = (size_t)(e + 1 - s);
    return true;
}

/* vl__scope_one (store.h) */
bool vl__scope_one(const vl_db *db, char first[17], char second[17])
{
    size_t at = 0;
    *first = *second = '\0';
    return !(vl__scope_next(db, &at, first, 17) && vl__scope_next(db, &at, second, 17));
}

/* vl__scope_area_condition (store.h): the same text on both backends. The provinces' areas
 * as they are and as they were, and those of a province merged into one of them (2025: Hải
 * Dương, 30, into Hải Phòng, 31), found by the reform's crosswalk: an old province whose
 * successors lie in one of them (itself, or a commune of it) */
void vl__scope_area_condition(vl_buf *b, const vl_db *db, const char *qual, bool none)
{
    const char *codes = vl__db_scope(db);
    if (none)
        vl_buf_printf(b, "(%sarea_id IS NULL OR ", qual);
    vl_buf_printf(b,
                  "%sarea_id IN (WITH RECURSIVE inp(id) AS"
                  " (SELECT id FROM areas WHERE parent IS NULL AND (code IN (%s) OR id IN"
                  " (SELECT x.old FROM area_successors x JOIN areas n ON n.id = x.new"
                  " LEFT JOIN areas p ON p.id = n.parent WHERE (n.parent IS NULL AND n.code IN"
                  " (%s)) OR (p.parent IS NULL AND p.code IN (%s))))"
                  " UNION SELECT a.id FROM areas a JOIN inp ON a.parent = inp.id)"
                  " SELECT id FROM inp)",
                  qual, codes, codes, codes);
    if (none)
        vl_buf_puts(b, ")");
}

/* vl__scope_referral_condition (store.h): its seeker is the scope's (one without an area too,
 * as a seeker without a commune is every province's), or its vacancy lies in the scope's
 * provinces (a vacancy abroad is open to every province, but a referral to it is made by the
 * seeker's centre, and counts there only) */
void vl__scope_referral_condition(vl_buf *b, const vl_db *db, const char *qual)
{
    if (vl__db_backend(db) == VL__POSTGRESQL) {
        /* the same on the referral's own columns: its seeker's province and its vacancy's,
         * kept by ON UPDATE CASCADE when either moves */
        vl_buf_printf(b, "(%sprovince IN ('', %s) OR %svacancy_province IN (%s))", qual,
                      vl__db_scope(db), qual, vl__db_scope(db));
        return;
    }
    vl_buf_printf(b, "(%sseeker IN (SELECT id FROM seekers WHERE ", qual);
    vl__scope_condition(b, db, "");
    vl_buf_printf(b, ") OR %svacancy IN (SELECT id FROM vacancies WHERE ", qual);
    vl__scope_area_condition(b, db, "", false);
    vl_buf_puts(b, "))");
}

/* vl__scope_condition (store.h): PostgreSQL asks the province column its tables are partitioned
 * by (the same thing, kept by every write; a child row carries its parent's), so that only the
 * scope's partitions are read. */
void vl__scope_condition(vl_buf *b, const vl_db *db, const char *qual)
{
    const char *codes = vl__db_scope(db);
    if (vl__db_backend(db) == VL__POSTGRESQL)
        vl_buf_printf(b, "%sprovince IN ('', %s)", qual, codes);
    else
        vl__scope_area_condition(b, db, qual, true);
}

/* Takes the records outside db's scope out of vl_load_ids (vl_db_load_records: a record
 * that moved to another province is then absent, as a removed one). */
static vl_status drop_out_of_scope(vl_ctx *ctx, vl_db *db)
{
    vl_buf b = {0};
    for (int k = 0; k < 2; k++) {
        vl_buf_printf(&b,
                      "DELETE FROM vl_load_ids WHERE set_ = '%s' AND NOT EXISTS"
                      " (SELECT 1 FROM %s x WHERE x.id = vl_load_ids.id AND ",
                      k ? "v" : "s", k ? "vacancies" : "seekers");
        vl__scope_condition(&b, db, "");
        vl_buf_puts(&b, ");");
    }
    vl_status st =
        b.failed ? vl__error(ctx, VL_ERR_NOMEM, "out of memory") : vl__db_exec(ctx, db, b.data);
    vl_buf_free(&b);
    return st;
}

/* vl_db_load_dataset, as of the date `at` ('YYYY-MM-DD') or as things are (NULL) */
static vl_status load_dataset(vl_ctx *ctx, vl_db *db, const char *at, vl_dataset **out)
{
    *out = NULL;
    vl_dataset *ds = vl__calloc(1, sizeof *ds);
    loader L = {ctx, db, vl_arena_create(), .at = at};
    if (!ds || !L.arena) {
        vl__free(ds);
        vl_arena_destroy(L.arena);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    ds->owner = L.arena;
    /* one read transaction: the four tables come from the same snapshot */
    L.filter = L.scoped = vl__db_scope(db) != NULL;
    vl_status st = vl__db_begin_read(ctx, db);
    if (st == VL_OK) {
        st = load_areas(&L, ds);
        if (st == VL_OK)
            st = load_employers(&L, ds);
        if (st == VL_OK)
            st = load_vacancies(&L, ds);
        if (st == VL_OK)
            st = load_seekers(&L, ds);
        vl__db_end_read(db);
    }
    if (st == VL_OK && L.oom)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory loading the dataset");
    if (st != VL_OK) {
        vl_dataset_destroy(ds);
        return st;
    }
    vl__log(ctx, VL_LOG_DEBUG, "loaded %zu areas, %zu employers, %zu vacancies, %zu seekers",
            ds->n_areas, ds->n_employers, ds->n_vacancies, ds->n_seekers);
    *out = ds;
    return VL_OK;
}

vl_status vl_db_load_dataset(vl_ctx *ctx, vl_db *db, vl_dataset **out)
{
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_dataset: missing argument");
    return load_dataset(ctx, db, NULL, out);
}

vl_status vl_db_load_dataset_at(vl_ctx *ctx, vl_db *db, int32_t as_of, vl_dataset **out)
{
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_dataset_at: missing argument");
    *out = NULL;
    if (as_of == 0)
        return load_dataset(ctx, db, NULL, out);
    if (!vl__date_valid(as_of))
        return vl__error(ctx, VL_ERR_ARG, "the as-of date %d is not a calendar date (yyyymmdd)",
                         (int)as_of);
    char at[11];
    vl__format_date(as_of, at);
    return load_dataset(ctx, db, at, out);
}

/* ---- the data set and the referrals together ----------------------------------------------------
 */

typedef struct refs_job {
    vl_ctx *ctx;
    vl_db *db;
    const vl_referral_filter *filter;
    vl_referral_set *refs;
    vl_status st;
} refs_job;

static void *load_refs_thread(void *arg)
{
    refs_job *j = arg;
    j->st = vl_db_load_referrals(j->ctx, j->db, j->filter, &j->refs);
    return NULL;
}

vl_status vl_db_load_dataset_referrals(vl_ctx *ctx, vl_db *db, const vl_referral_filter *filter,
                                       vl_dataset **ds, vl_referral_set **refs)
{
    if (!db || !ds || !refs)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_dataset_referrals: missing argument");
    *ds = NULL;
    *refs = NULL;
    bool two = vl_ctx_threads(ctx) >= 2 && vl__db_depth(db) == 0;
    refs_job j = {.filter = filter, .st = VL_OK};
    vl_status st = VL_OK;
    if (two) {
        const char *lang = vl__ctx_lang(ctx);
        st = vl_ctx_create(&j.ctx) == VL_OK ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        if (st == VL_OK && lang)
            st = vl_ctx_set_language(j.ctx, lang);
        if (st == VL_OK)
            st = vl__db_sibling_read(ctx, j.ctx, db, &j.db);
        if (st == VL_ERR_UNSUPPORTED) /* a writer at work: read alone */
            st = VL_OK;
        two = st == VL_OK && j.db;
    }
    if (st == VL_OK && !two) {
        /* one after the other, in one read transaction (one snapshot) */
        if ((st = vl__db_begin_read(ctx, db)) == VL_OK) {
            st = vl_db_load_dataset(ctx, db, ds);
            if (st == VL_OK)
                st = vl_db_load_referrals(ctx, db, filter, refs);
            vl__db_end_read(db);
        }
    } else if (st == VL_OK) {
        /* the referrals through a second connection in a second thread, from the same snapshot
         * (vl__db_sibling_read), while this thread reads the data set */
        pthread_t t;
        bool started = pthread_create(&t, NULL, load_refs_thread, &j) == 0;
        st = vl_db_load_dataset(ctx, db, ds);
        if (started)
            pthread_join(t, NULL);
        else if (st == VL_OK) /* no thread: read them here, after the data set */
            load_refs_thread(&j);
        if (st == VL_OK && j.st != VL_OK)
            st = vl__error(ctx, j.st, "%s", vl_ctx_errmsg(j.ctx));
        *refs = j.refs;
        j.refs = NULL;
        vl_db_close(j.db);
        vl__db_end_read(db);
    }
    vl_ctx_destroy(j.ctx);
    if (st != VL_OK) {
        vl_dataset_destroy(*ds);
        vl_referral_set_destroy(*refs);
        *ds = NULL;
        *refs = NULL;
    }
    return st;
}

vl_status vl_db_load_records(vl_ctx *ctx, vl_db *db, const char *const *seeker_ids,
                             size_t n_seekers, const char *const *vacancy_ids, size_t n_vacancies,
                             vl_dataset **out)
{
    if (!db || !out || (n_seekers && !seeker_ids) || (n_vacancies && !vacancy_ids))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_records: missing argument");
    *out = NULL;
    vl_dataset *ds = vl__calloc(1, sizeof *ds);
    loader L = {ctx, db, vl_arena_create(), false, true, false};
    if (!ds || !L.arena) {
        vl__free(ds);
        vl_arena_destroy(L.arena);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    ds->owner = L.arena;
    /* the chosen ids in a temporary table the loader's statements read; one snapshot */
    vl_status st =
        vl__db_exec(ctx, db,
                    vl__sql(db,
                            "CREATE TEMP TABLE IF NOT EXISTS vl_load_ids(set_ TEXT,"
                            " id TEXT, PRIMARY KEY(set_, id)) WITHOUT ROWID;"
                            " DELETE FROM vl_load_ids;",
                            "CREATE TEMP TABLE IF NOT EXISTS vl_load_ids(set_ TEXT,"
                            " id TEXT, PRIMARY KEY(set_, id)); DELETE FROM vl_load_ids;"));
    bool open = false;
    if (st == VL_OK && (st = vl__db_begin_read(ctx, db)) == VL_OK)
        open = true;
    vl__stmt *ins = NULL;
    if (st == VL_OK)
        st = vl__db_prepare(ctx, db, "INSERT INTO vl_load_ids VALUES (?, ?) ON CONFLICT DO NOTHING",
                            &ins);
    for (size_t k = 0; st == VL_OK && k < n_seekers + n_vacancies; k++) {
        bool seeker = k < n_seekers;
        vl__reset(ins);
        vl__bind_text(ins, 1, seeker ? "s" : "v", false);
        vl__bind_text(ins, 2, seeker ? seeker_ids[k] : vacancy_ids[k - n_seekers], false);
        if (vl__step(ins) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "choosing records to load");
    }
    vl__finalize(ins);
    if (st == VL_OK && vl__db_scope(db))
        st = drop_out_of_scope(ctx, db);
    if (st == VL_OK) {
        /* prepared, not executed as text: a server following changes runs it at every change,
         * and PostgreSQL planned the text each time over every partition (12 ms) */
        vl__stmt *emp = NULL;
        st = vl__db_prepare(ctx, db,
                            "INSERT INTO vl_load_ids SELECT 'e', employer FROM vacancies"
                            " WHERE id IN (SELECT id FROM vl_load_ids WHERE set_ = 'v')"
                            " ON CONFLICT DO NOTHING",
                            &emp);
        if (st == VL_OK && vl__step(emp) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "choosing records to load");
        vl__finalize(emp);
    }
    if (st == VL_OK)
        st = load_employers(&L, ds);
    if (st == VL_OK)
        st = load_vacancies(&L, ds);
    if (st == VL_OK)
        st = load_seekers(&L, ds);
    if (open) {
        vl__db_exec(NULL, db, "DELETE FROM vl_load_ids");
        vl__db_end_read(db);
    }
    if (st == VL_OK && L.oom)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory loading records");
    if (st != VL_OK) {
        vl_dataset_destroy(ds);
        return st;
    }
    *out = ds;
    return VL_OK;
}

/* ---- history ------------------------------------------------------------------------------- */

vl_status vl__history_rows(vl_ctx *ctx, vl_db *db, const char *const *names, size_t n,
                           vl__stmt **out)
{
    /* a key's value: SQLite's json_extract with the path $."name", PostgreSQL's ->> with the
     * name */
    bool pg = vl__db_backend(db) == VL__POSTGRESQL;
    vl_buf sql = {0};
    vl_buf_puts(&sql, "SELECT series, period, value");
    for (size_t k = 0; k < n; k++)
        vl_buf_printf(&sql, pg ? ", CAST(keys AS jsonb) ->> ?%zu" : ", json_extract(keys, ?%zu)",
                      k + 1);
    vl_buf_puts(&sql, " FROM history ORDER BY series, keys, freq, pidx");
    if (!vl_buf_text(&sql))
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st = vl__db_prepare(ctx, db, sql.data, out);
    vl_buf_free(&sql);
    if (st != VL_OK)
        return st;
    vl__stmt_stream(*out);
    for (size_t k = 0; k < n; k++) {
        char path[160];
        snprintf(path, sizeof path, pg ? "%s" : "$.\"%s\"", names[k] ? names[k] : "");
        vl__bind_text(*out, (int)k + 1, path, false);
    }
    return VL_OK;
}

vl_status vl_db_load_history(vl_ctx *ctx, vl_db *db, vl_history **out)
{
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_history: missing argument");
    *out = NULL;
    /* key names in first-seen order, one column each */
    vl__stmt *s;
    vl_status st = vl__db_begin_read(ctx, db);
    if (st != VL_OK)
        return st;
    if ((st = vl__db_prepare(ctx, db, "SELECT name FROM history_key_names ORDER BY pos", &s)) !=
        VL_OK) {
        vl__db_end_read(db);
        return st;
    }
    char *names[64];
    size_t n_keys = 0;
    bool oom = false;
    int krc = VL__ROW;
    while (!oom && n_keys < VL_ARRAY_LEN(names) && (krc = vl__step(s)) == VL__ROW)
        oom = !(names[n_keys++] = vl__strdup(vl__col_text(s, 0)));
    /* a name lost (a failed allocation, a failed step) would merge the rows it tells apart */
    if (!oom && krc != VL__ROW && krc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading the history's key names");
    vl__finalize(s);
    vl_history_builder *b = NULL;
    if (st == VL_OK && !oom && !(b = vl__hb_create((const char *const *)names, n_keys)))
        oom = true;
    if (oom)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st != VL_OK)
        goto done;
    if ((st = vl__history_rows(ctx, db, (const char *const *)names, n_keys, &s)) != VL_OK)
        goto done;
    const char *keys[64];
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl_period p;
        if (!vl_period_parse(vl__col_text(s, 1), &p)) {
            st = vl__error(ctx, VL_ERR_DB, "history: stored period '%s' is not valid",
                           vl__col_text(s, 1));
            break;
        }
        for (size_t k = 0; k < n_keys; k++)
            keys[k] = vl__col_text(s, 3 + (int)k);
        if (!vl__hb_add(b, vl__col_text(s, 0), p, vl__col_double(s, 2), keys, 0)) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading history");
    vl__finalize(s);
    if (st == VL_OK) {
        vl__diag_clear(ctx);
        if (vl__hb_check(ctx, b, NULL) > 0)
            st = vl__error(ctx, VL_ERR_INVALID, "the stored history is not consistent");
    }
    if (st == VL_OK) {
        *out = vl__hb_finish(b);
        b = NULL;
        if (!*out)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* a province's server forecasts its provinces: their areas' rows */
    if (st == VL_OK && vl__db_scope(db)) {
        vl_history *all = *out;
        *out = NULL;
        st = vl__history_scope(ctx, db, all, out);
        vl_history_destroy(all);
    }
done:
    vl__db_end_read(db);
    vl__hb_destroy(b);
    for (size_t k = 0; k < n_keys; k++)
        vl__free(names[k]);
    return st;
}
