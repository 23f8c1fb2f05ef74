/*
 * check.c - integrity and consistency of a database: SQLite's integrity and foreign-key checks,
 * then the centre's rules as queries. Record rules find one diagnostic "TABLE:ID: reason" each:
 * codes that point nowhere (occupations, industries), open vacancies without positions, active
 * seekers without occupations. Area-validity rules (the district-level units abolished on
 * 2025-07-01, for instance) find whole tables at once, so they are aggregated: one diagnostic
 * "TABLE: N records use area CODE (NAME), valid until DATE: ID, ID, ... - what to do" per
 * table and area, counted as one problem.
 */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

typedef struct rule {
    const char *table;
    const char *sql;    /* returns (id, detail); ?1 = as-of date 'YYYY-MM-DD' */
    const char *reason; /* printf with the detail */
} rule;

#define OPEN_VACANCY "(v.closes IS NULL OR v.closes >= ?1)"

static const rule rules[] = {
    {"vacancies",
     "SELECT id, occupation FROM vacancies v WHERE NOT EXISTS (SELECT 1 FROM occupations o"
     " WHERE o.classification = 'ISCO-08' AND o.code = v.occupation) ORDER BY id",
     "column occupation: unknown ISCO-08 code '%s'"},
    {"seekers",
     "SELECT seeker_id, occupation FROM seeker_occupations s WHERE NOT EXISTS (SELECT 1 FROM"
     " occupations o WHERE o.classification = 'ISCO-08' AND o.code = s.occupation)"
     " ORDER BY seeker_id, rank",
     "column occupations: unknown ISCO-08 code '%s'"},
    {"employers",
     "SELECT id, industry FROM employers e WHERE industry IS NOT NULL AND NOT EXISTS"
     " (SELECT 1 FROM industries i WHERE i.code = e.industry) ORDER BY id",
     "column industry: unknown industry code '%s'"},
    {"vacancies",
     "SELECT id, COALESCE(CAST(positions AS TEXT), 'empty') FROM vacancies v WHERE " OPEN_VACANCY
     " AND (positions IS NULL OR positions <= 0) ORDER BY id",
     "column positions: an open vacancy without positions (%s)"},
    {"vacancies",
     "SELECT id, country FROM vacancies WHERE country = 'VN' AND area IS NULL ORDER BY id",
     "column area: a vacancy in Viet Nam without an area (%s)"},
    {"seekers",
     "SELECT id, status FROM seekers s WHERE status = 'active' AND NOT EXISTS (SELECT 1 FROM"
     " seeker_occupations o WHERE o.seeker_id = s.id) ORDER BY id",
     "column occupations: an %s seeker without occupations"},
    {"areas",
     "SELECT c.code, p.code FROM areas c JOIN areas p ON p.code = c.parent"
     " WHERE c.level <= p.level ORDER BY c.code",
     "column level: not below the level of its parent %s"},
    {"vacancies",
     "SELECT v.id, v.employer FROM vacancies v JOIN employers e ON e.id = v.employer"
     " WHERE " OPEN_VACANCY " AND v.wage_min > v.wage_max ORDER BY v.id",
     "column wage_max: below wage_min (employer %s)"},
};

/* An area-validity rule: rows (area code, area name, date, record id) ordered by area code then
 * id, for the records of one table whose area is not valid on ?1; aggregated per area. */
typedef struct area_rule {
    const char *table;
    const char *sql;
    const char *records;     /* which records: "open", "active", NULL = all */
    const char *when;        /* "valid until", "valid from" */
    const char *verb, *rest; /* what to do: "VERB them" then REST */
} area_rule;

#define AREA_COLS "a.code, a.name, "
#define REMAP     "re-map", " to the current areas (docs/reference-data.md)"

static const area_rule area_rules[] = {
    {"vacancies",
     "SELECT " AREA_COLS "a.valid_to, v.id FROM vacancies v JOIN areas a ON a.code = v.area"
     " WHERE " OPEN_VACANCY " AND a.valid_to IS NOT NULL AND a.valid_to < ?1"
     " ORDER BY a.code, v.id",
     "open", "valid until", REMAP},
    {"vacancies",
     "SELECT " AREA_COLS "a.valid_from, v.id FROM vacancies v JOIN areas a ON a.code = v.area"
     " WHERE " OPEN_VACANCY " AND a.valid_from IS NOT NULL AND a.valid_from > ?1"
     " ORDER BY a.code, v.id",
     "open", "valid from", "check the as-of date or re-map", ""},
    {"seekers",
     "SELECT " AREA_COLS "a.valid_to, s.id FROM seekers s JOIN areas a ON a.code = s.area"
     " WHERE s.status = 'active' AND a.valid_to IS NOT NULL AND a.valid_to < ?1"
     " ORDER BY a.code, s.id",
     "active", "valid until", REMAP},
    {"employers",
     "SELECT " AREA_COLS "a.valid_to, e.id FROM employers e JOIN areas a ON a.code = e.area"
     " WHERE a.valid_to IS NOT NULL AND a.valid_to < ?1 ORDER BY a.code, e.id",
     NULL, "valid until", REMAP},
};

/* The ids quoted in an aggregated diagnostic; the count says how many there are in all. */
#define AREA_IDS_SHOWN 5

/* One diagnostic for the group of n records in one area (ids holds the first few). */
static void area_diag(vl_ctx *ctx, const area_rule *r, const char *code, const char *name,
                      const char *date, size_t n, const vl_buf *ids)
{
    vl__diag(ctx, "%s: %zu %s%s%s %s area %s (%s), %s %s: %s%s - %s %s%s", r->table, n,
             r->records ? r->records : "", r->records ? " " : "", n == 1 ? "record" : "records",
             n == 1 ? "uses" : "use", code, name, r->when, date, ids->data,
             n > AREA_IDS_SHOWN ? ", ..." : "", r->verb, n == 1 ? "it" : "them", r->rest);
}

/* Replaces b's text by t (b stays NUL-terminated); false on out-of-memory. */
static bool buf_set(vl_buf *b, const char *t)
{
    b->len = 0;
    return vl_buf_puts(b, t);
}

/* Runs one area rule; adds the number of diagnostics (areas with records) to *n. The group's
 * code, name and date are copied whole (no length limit), so grouping never depends on
 * truncation. */
static vl_status area_check(vl_ctx *ctx, vl_db *db, const area_rule *r, const char *date, size_t *n)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, r->sql, &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, date, false);
    vl_buf ids = {0}, code = {0}, name = {0}, when = {0};
    size_t count = 0;
    bool mem = true;
    int rc = VL__DONE;
    while (mem && (rc = vl__step(s)) == VL__ROW) {
        const char *c = vl__col_text(s, 0);
        if (count && strcmp(c, code.data) != 0) {
            area_diag(ctx, r, code.data, name.data, when.data, count, &ids);
            (*n)++;
            count = 0;
        }
        if (!count)
            mem = buf_set(&code, c) && buf_set(&name, vl__col_text(s, 1)) &&
                  buf_set(&when, vl__col_text(s, 2)) && buf_set(&ids, "");
        if (mem && count < AREA_IDS_SHOWN)
            mem = vl_buf_printf(&ids, "%s%s", count ? ", " : "", vl__col_text(s, 3));
        count++;
    }
    if (!mem) {
        st = vl__error(ctx, VL_ERR_NOMEM, "checking: out of memory");
    } else if (rc != VL__DONE) {
        st = vl__db_sqlerr(ctx, db, "checking");
    } else if (count) {
        area_diag(ctx, r, code.data, name.data, when.data, count, &ids);
        (*n)++;
    }
    vl_buf_free(&ids);
    vl_buf_free(&code);
    vl_buf_free(&name);
    vl_buf_free(&when);
    vl__finalize(s);
    return st;
}

/* SQLite's own checks of the file; a database server checks its storage itself. */
static vl_status sqlite_check(vl_ctx *ctx, vl_db *db, const char *pragma, size_t *n)
{
    if (vl__db_backend(db) != VL__SQLITE)
        return VL_OK;
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, pragma, &s);
    if (st != VL_OK)
        return st;
    int rc;
    bool fk = strstr(pragma, "foreign_key") != NULL;
    while ((rc = vl__step(s)) == VL__ROW) {
        if (fk) {
            vl__diag(ctx, "%s:%lld: a reference to %s points to no row", vl__col_text(s, 0),
                     (long long)vl__col_int64(s, 1), vl__col_text(s, 2));
            (*n)++;
        } else if (strcmp(vl__col_text(s, 0), "ok") != 0) {
            vl__diag(ctx, "database:integrity: %s", vl__col_text(s, 0));
            (*n)++;
        }
    }
    if (rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, pragma);
    vl__finalize(s);
    return st;
}

vl_status vl_db_check_at(vl_ctx *ctx, vl_db *db, int32_t as_of, size_t *n_problems)
{
    size_t dummy;
    if (!n_problems)
        n_problems = &dummy;
    *n_problems = 0;
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_check: no database");
    vl__diag_clear(ctx);
    char date[11];
    vl__format_date(as_of ? as_of : vl__today(), date);
    size_t n = 0;
    vl_status st = vl__db_begin_read(ctx, db);
    if (st != VL_OK)
        return st;
    if ((st = sqlite_check(ctx, db, "PRAGMA integrity_check", &n)) == VL_OK)
        st = sqlite_check(ctx, db, "PRAGMA foreign_key_check", &n);
    for (size_t i = 0; st == VL_OK && i < VL_ARRAY_LEN(rules); i++) {
        vl__stmt *s;
        if ((st = vl__db_prepare(ctx, db, rules[i].sql, &s)) != VL_OK)
            break;
        if (vl__param_count(s) >= 1)
            vl__bind_text(s, 1, date, false);
        int rc;
        while ((rc = vl__step(s)) == VL__ROW) {
            char reason[300];
            /* the format strings above are constant and take one %s */
            snprintf(reason, sizeof reason, rules[i].reason, vl__col_text(s, 1));
            vl__diag(ctx, "%s:%s: %s", rules[i].table, vl__col_text(s, 0), reason);
            n++;
        }
        if (rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "checking");
        vl__finalize(s);
    }
    for (size_t i = 0; st == VL_OK && i < VL_ARRAY_LEN(area_rules); i++)
        st = area_check(ctx, db, &area_rules[i], date, &n);
    vl__db_end_read(db);
    if (st != VL_OK)
        return st;
    *n_problems = n;
    if (n)
        return vl__error(ctx, VL_ERR_INVALID, "%zu problem%s found (as of %s)", n,
                         n == 1 ? "" : "s", date);
    return VL_OK;
}

vl_status vl_db_check(vl_ctx *ctx, vl_db *db, size_t *n_problems)
{
    return vl_db_check_at(ctx, db, 0, n_problems);
}
