/*
 * check.c - integrity and consistency of a database: SQLite's integrity and foreign-key checks,
 * then the centre's rules as queries. Record rules find one diagnostic "TABLE:ID: reason" each:
 * codes that point nowhere (occupations, industries), open vacancies without positions, active
 * seekers without occupations. Area-validity rules (the districts and communes abolished on
 * 2025-07-01, for instance) find whole tables at once, so they are aggregated: one diagnostic
 * "TABLE: N records use area CODE (NAME), valid until DATE: ID, ID, ... - what to do" per
 * table and area, counted as one problem; what to do follows the area's successors (one: `areas
 * migrate` moves them; several: divided, staff decide).
 */
#include "store/areas.h"

#include <stdio.h>
#include <string.h>

typedef struct rule {
    const char *table;
    const char *sql;    /* returns (id, detail); ?1 = as-of date 'YYYY-MM-DD' */
    const char *reason; /* printf with the detail; a msgid */
} rule;

#define OPEN_VACANCY "(v.closes IS NULL OR v.closes >= ?1)"

static const rule rules[] = {
    {"vacancies",
     "SELECT id, occupation FROM vacancies v WHERE NOT EXISTS (SELECT 1 FROM occupations o"
     " WHERE o.classification = 'ISCO-08' AND o.code = v.occupation) ORDER BY id",
     N_("column occupation: unknown ISCO-08 code '%s'")},
    {"seekers",
     "SELECT seeker_id, occupation FROM seeker_occupations s WHERE NOT EXISTS (SELECT 1 FROM"
     " occupations o WHERE o.classification = 'ISCO-08' AND o.code = s.occupation)"
     " ORDER BY seeker_id, rank",
     N_("column occupations: unknown ISCO-08 code '%s'")},
    {"employers",
     "SELECT id, industry FROM employers e WHERE industry IS NOT NULL AND NOT EXISTS"
     " (SELECT 1 FROM industries i WHERE i.code = e.industry) ORDER BY id",
     N_("column industry: unknown industry code '%s'")},
    {"vacancies",
     "SELECT id, COALESCE(CAST(positions AS TEXT), 'empty') FROM vacancies v WHERE " OPEN_VACANCY
     " AND (positions IS NULL OR positions <= 0) ORDER BY id",
     N_("column positions: an open vacancy without positions (%s)")},
    {"vacancies",
     "SELECT id, country FROM vacancies WHERE country = 'VN' AND area_id IS NULL ORDER BY id",
     N_("column area: a vacancy in Viet Nam without an area (%s)")},
    {"seekers",
     "SELECT id, status FROM seekers s WHERE status = 'active' AND NOT EXISTS (SELECT 1 FROM"
     " seeker_occupations o WHERE o.seeker_id = s.id) ORDER BY id",
     N_("column occupations: an %s seeker without occupations")},
    {"areas",
     "SELECT c.code, p.code FROM areas c JOIN areas p ON p.id = c.parent"
     " WHERE c.level <= p.level ORDER BY c.code, c.version",
     N_("column level: not below the level of its parent %s")},
    {"vacancies",
     "SELECT v.id, v.employer FROM vacancies v JOIN employers e ON e.id = v.employer"
     " WHERE " OPEN_VACANCY " AND v.wage_min > v.wage_max ORDER BY v.id",
     N_("column wage_max: below wage_min (employer %s)")},
    /* imported before the day was required: the activity report counts such a fair in no
     * quarter (one only named by vacancies, nothing known about it yet, is not one) */
    {"fairs",
     "SELECT id, COALESCE(name, id) FROM fairs WHERE date IS NULL AND (name IS NOT NULL OR"
     " area_id IS NOT NULL OR venue IS NOT NULL OR capacity IS NOT NULL) ORDER BY id",
     N_("column date: empty; the fair '%s' needs the day it is held")},
};

/* An area-validity rule: rows (area id, code, name, date, record id) ordered by area then
 * record id, for the records of one table whose area is not valid on ?1; aggregated per area. */
typedef struct area_rule {
    const char *table;
    const char *sql;
    const char *one, *many; /* "N record(s) use(s)": msgids, N_() */
    bool ended;             /* the area ended before the date (else it begins after it) */
} area_rule;

#define AREA_COLS "a.id, a.code, a.name, "

static const area_rule area_rules[] = {
    {"vacancies",
     "SELECT " AREA_COLS "a.valid_to, v.id FROM vacancies v JOIN areas a ON a.id = v.area_id"
     " WHERE " OPEN_VACANCY " AND a.valid_to IS NOT NULL AND a.valid_to < ?1"
     " ORDER BY a.code, a.id, v.id",
     N_("open record uses"), N_("open records use"), true},
    {"vacancies",
     "SELECT " AREA_COLS "a.valid_from, v.id FROM vacancies v JOIN areas a ON a.id = v.area_id"
     " WHERE " OPEN_VACANCY " AND a.valid_from IS NOT NULL AND a.valid_from > ?1"
     " ORDER BY a.code, a.id, v.id",
     N_("open record uses"), N_("open records use"), false},
    {"seekers",
     "SELECT " AREA_COLS "a.valid_to, s.id FROM seekers s JOIN areas a ON a.id = s.area_id"
     " WHERE s.status = 'active' AND a.valid_to IS NOT NULL AND a.valid_to < ?1"
     " ORDER BY a.code, a.id, s.id",
     N_("active record uses"), N_("active records use"), true},
    {"employers",
     "SELECT " AREA_COLS "a.valid_to, e.id FROM employers e JOIN areas a ON a.id = e.area_id"
     " WHERE a.valid_to IS NOT NULL AND a.valid_to < ?1 ORDER BY a.code, a.id, e.id",
     N_("record uses"), N_("records use"), true},
};

/* The ids quoted in an aggregated diagnostic; the count says how many there are in all. */
#define AREA_IDS_SHOWN 5

/*
 * What staff do about records on an area that ended: its successors decide (store/areas.c).
 * One successor: `vieclam areas migrate` moves them there; several: the area was divided and
 * staff choose per record; none: re-map by hand.
 */
static vl_status advice(vl_ctx *ctx, vl_db *db, int64_t area, int level, const char *date,
                        bool plural, vl_buf *out)
{
    vl_area_list *l = vl__area_list_new();
    if (!l)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st = vl__area_successors_of(ctx, db, area, level, date, l);
    size_t n = vl_area_list_count(l);
    if (st == VL_OK && n == 1) {
        const vl_area_info *a = vl_area_list_at(l, 0);
        vl_buf_printf(out,
                      plural ? vl__tr(ctx, "`vieclam areas migrate` moves them to %s %s")
                             : vl__tr(ctx, "`vieclam areas migrate` moves it to %s %s"),
                      a->code, a->name);
    } else if (st == VL_OK && n > 1) {
        vl_buf_printf(out,
                      vl__tr(ctx, "divided among %zu current areas: staff choose for each record "
                                  "(`vieclam areas migrate` lists them)"),
                      n);
    } else if (st == VL_OK) {
        vl_buf_puts(out, plural ? vl__tr(ctx, "re-map them to the current areas "
                                              "(docs/reference-data.md)")
                                : vl__tr(ctx, "re-map it to the current areas "
                                              "(docs/reference-data.md)"));
    }
    vl_area_list_destroy(l);
    return st;
}

/* One diagnostic for the group of n records in one area (ids holds the first few); the date as
 * the language the message comes out in writes it (30/06/2025 in Vietnamese), as the rules'. */
static void area_diag(vl_ctx *ctx, const area_rule *r, const char *code, const char *name,
                      const char *iso, size_t n, const vl_buf *ids, const char *what)
{
    char date[16];
    int32_t d;
    snprintf(date, sizeof date, "%s", iso);
    if (vl__parse_date(iso, &d))
        vl_format_date_text(date, sizeof date, d,
                            strcmp(vl__tr(ctx, "(none)"), "(none)") != 0 ? "vi" : "en");
    const char *use = vl__tr(ctx, n == 1 ? r->one : r->many);
    const char *more = n > AREA_IDS_SHOWN ? ", ..." : "";
    if (r->ended)
        vl__diag(ctx, "%s: %zu %s area %s (%s), valid until %s: %s%s - %s", r->table, n, use, code,
                 name, date, ids->data, more, what);
    else
        vl__diag(ctx, "%s: %zu %s area %s (%s), valid from %s: %s%s - %s", r->table, n, use, code,
                 name, date, ids->data, more, what);
}

/* Replaces b's text by t (b stays NUL-terminated); false on out-of-memory. */
static bool buf_set(vl_buf *b, const char *t)
{
    b->len = 0;
    return vl_buf_puts(b, t);
}

/* Closes one group: the advice, then the diagnostic. */
static vl_status area_group(vl_ctx *ctx, vl_db *db, const area_rule *r, int64_t id,
                            const vl_buf *code, const vl_buf *name, const vl_buf *when,
                            const char *date, size_t count, const vl_buf *ids)
{
    vl_buf what = {0};
    vl_status st = VL_OK;
    if (r->ended) {
        int64_t level = 0;
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT level FROM areas WHERE id = %lld", (long long)id);
        if ((st = vl__db_scalar(ctx, db, sql, &level)) == VL_OK)
            st = advice(ctx, db, id, (int)level, date, count > 1, &what);
    } else {
        vl_buf_puts(&what, count > 1 ? vl__tr(ctx, "check the as-of date or re-map them")
                                     : vl__tr(ctx, "check the as-of date or re-map it"));
    }
    if (st == VL_OK && !vl_buf_text(&what))
        st = vl__error(ctx, VL_ERR_NOMEM, "checking: out of memory");
    if (st == VL_OK)
        area_diag(ctx, r, code->data, name->data, when->data, count, ids, what.data);
    vl_buf_free(&what);
    return st;
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
    int64_t group = 0;
    bool mem = true;
    int rc = VL__DONE;
    while (st == VL_OK && mem && (rc = vl__step(s)) == VL__ROW) {
        int64_t id = vl__col_int64(s, 0);
        if (count && id != group) {
            st = area_group(ctx, db, r, group, &code, &name, &when, date, count, &ids);
            (*n)++;
            count = 0;
        }
        if (!count) {
            group = id;
            mem = buf_set(&code, vl__col_text(s, 1)) && buf_set(&name, vl__col_text(s, 2)) &&
                  buf_set(&when, vl__col_text(s, 3)) && buf_set(&ids, "");
        }
        if (mem && count < AREA_IDS_SHOWN)
            mem = vl_buf_printf(&ids, "%s%s", count ? ", " : "", vl__col_text(s, 4));
        count++;
    }
    if (st != VL_OK) {
        /* already reported */
    } else if (!mem) {
        st = vl__error(ctx, VL_ERR_NOMEM, "checking: out of memory");
    } else if (rc != VL__DONE) {
        st = vl__db_sqlerr(ctx, db, "checking");
    } else if (count) {
        st = area_group(ctx, db, r, group, &code, &name, &when, date, count, &ids);
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

/* A copy into this database that never finished (killed): its mark is still there (copy.c). */
static vl_status pending_copy(vl_ctx *ctx, vl_db *db, size_t *n)
{
    vl__stmt *s;
    vl_status st =
        vl__db_prepare(ctx, db, "SELECT value FROM meta WHERE key = 'copy-incomplete'", &s);
    if (st != VL_OK)
        return st;
    int rc = vl__step(s);
    if (rc == VL__ROW) {
        vl__diag(ctx,
                 "database:copy: the copy from %s into this database did not finish: it is "
                 "incomplete; copy again into a new database",
                 vl__col_text(s, 0));
        (*n)++;
    } else if (rc != VL__DONE) {
        st = vl__db_sqlerr(ctx, db, "checking");
    }
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
    if (st == VL_OK)
        st = pending_copy(ctx, db, &n);
    for (size_t i = 0; st == VL_OK && i < VL_ARRAY_LEN(rules); i++) {
        vl__stmt *s;
        if ((st = vl__db_prepare(ctx, db, rules[i].sql, &s)) != VL_OK)
            break;
        if (vl__param_count(s) >= 1)
            vl__bind_text(s, 1, date, false);
        int rc;
        while ((rc = vl__step(s)) == VL__ROW) {
            char reason[600]; /* room for the translation's diacritics */
            /* the format strings above are constant and take one %s */
            snprintf(reason, sizeof reason, vl__tr(ctx, rules[i].reason), vl__col_text(s, 1));
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
