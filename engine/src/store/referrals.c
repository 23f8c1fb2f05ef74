/*
 * referrals.c - referrals, outcomes and follow-ups in the store: the rules shared with the
 * importer (referrals.h), the writers that append each outcome to the referral's history, the
 * public functions of placement.h (add a referral, record an outcome, record a follow-up, load
 * referrals with their follow-ups and history) and the names of channels and outcomes.
 *
 * Every public writer is one transaction and goes through the same check as an imported row,
 * so the desk can never store what a file could not. Messages name referrals, seekers and
 * vacancies by id only: never a name, a birth year or a wage.
 */
#include "store/referrals.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/strmap.h"
#include "store/values.h"

#define WAGE_MAX 1e10 /* VND per month, as for the other kinds */

enum {
    R_PROBE,
    R_PROBE_REF,
    R_PROBE_AT,
    R_HIRES,
    R_INSERT,
    R_UPDATE,
    R_EVENT,
    R_EVENT_FIRST,
    R_FU_READ,
    R_FU_WRITE,
    R_FU_WRITE_AT,
    R_FU_DROP,
    R_SAME_DAY,
    R_COUNT
};

static const vl__sqltext ref_sql[R_COUNT] = {
    /* one statement for what a row needs to know (an import runs it once per row) */
    [R_PROBE] = {"SELECT CASE WHEN EXISTS (SELECT 1 FROM seekers WHERE id = ?2) THEN 1 ELSE 0 END,"
                 " (SELECT COALESCE(positions, 0) FROM vacancies WHERE id = ?3),"
                 " r.seeker, r.vacancy, r.referred_on, r.channel, r.staff, r.outcome,"
                 " r.outcome_on, r.start_on, r.wage, r.sig, r.id"
                 " FROM (SELECT 1 AS one) AS o LEFT JOIN referrals r ON r.id = ?1"},
    /* the same columns for the referral alone: on a server each look-up by id visits every
     * province's partition, so the seeker's and vacancy's are made only when asked for */
    [R_PROBE_REF] = {"SELECT 0, NULL, r.seeker, r.vacancy, r.referred_on, r.channel, r.staff,"
                     " r.outcome, r.outcome_on, r.start_on, r.wage, r.sig, r.id"
                     " FROM referrals r WHERE r.id = ?1"},
    /* staging: the referral in the province's partition where it is known to be */
    [R_PROBE_AT] = {"SELECT 0, NULL, r.seeker, r.vacancy, r.referred_on, r.channel, r.staff,"
                    " r.outcome, r.outcome_on, r.start_on, r.wage, r.sig, r.id"
                    " FROM referrals r WHERE r.id = ?1", /* SQLite has one partition */
                    "SELECT 0, NULL, r.seeker, r.vacancy, r.referred_on, r.channel, r.staff,"
                    " r.outcome, r.outcome_on, r.start_on, r.wage, r.sig, r.id"
                    " FROM referrals r WHERE r.province = ?2 AND r.id = ?1"},
    [R_HIRES] = {"SELECT COUNT(*) FROM referrals WHERE vacancy = ?1 AND outcome = 'hired'"
                 " AND id <> ?2"},
    /* PostgreSQL: a referral lives in its seeker's province and points to the vacancy's
     * (both follow a move: ON UPDATE CASCADE) */
    [R_INSERT] = {"INSERT INTO referrals(id, seeker, vacancy, referred_on, channel, staff, outcome,"
                  " outcome_on, start_on, wage, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "INSERT INTO referrals(province, vacancy_province, id, seeker, vacancy,"
                  " referred_on, channel, staff, outcome, outcome_on, start_on, wage, sig)"
                  " VALUES ((SELECT province FROM seekers WHERE id = ?2), (SELECT province FROM"
                  " vacancies WHERE id = ?3), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
    [R_UPDATE] = {"UPDATE referrals SET seeker = ?2, vacancy = ?3, referred_on = ?4, channel = ?5,"
                  " staff = ?6, outcome = ?7, outcome_on = ?8, start_on = ?9, wage = ?10,"
                  " sig = ?11 WHERE id = ?1",
                  "UPDATE referrals SET province = (SELECT province FROM seekers WHERE id = ?2),"
                  " vacancy_province = (SELECT province FROM vacancies WHERE id = ?3),"
                  " seeker = ?2, vacancy = ?3, referred_on = ?4, channel = ?5, staff = ?6,"
                  " outcome = ?7, outcome_on = ?8, start_on = ?9, wage = ?10, sig = ?11"
                  " WHERE id = ?1"},
    [R_EVENT] = {"INSERT INTO referral_outcomes(referral, seq, outcome, outcome_on, start_on, wage,"
                 " recorded, source, staff) VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM"
                 " referral_outcomes WHERE referral = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                 "INSERT INTO referral_outcomes(province, referral, seq, outcome, outcome_on,"
                 " start_on, wage, recorded, source, staff) SELECT province, id, (SELECT"
                 " COALESCE(MAX(seq), 0) + 1 FROM referral_outcomes WHERE referral = ?1),"
                 " CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS DOUBLE"
                 " PRECISION), CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS TEXT) FROM"
                 " referrals WHERE id = ?1"},
    /* a new referral's first event is number 1: no search for the last one */
    [R_EVENT_FIRST] = {"INSERT INTO referral_outcomes(referral, seq, outcome, outcome_on, start_on,"
                       " wage, recorded, source, staff) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                       "INSERT INTO referral_outcomes(province, referral, seq, outcome, outcome_on,"
                       " start_on, wage, recorded, source, staff) SELECT province, id, 1,"
                       " CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS DOUBLE"
                       " PRECISION), CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS TEXT) FROM"
                       " referrals WHERE id = ?1"},
    [R_FU_READ] = {"SELECT employed FROM followups WHERE referral = ? AND checked_on = ?"},
    [R_FU_WRITE] = {"INSERT INTO followups(referral, checked_on, employed) VALUES (?, ?, ?)"
                    " ON CONFLICT(referral, checked_on) DO UPDATE SET employed = excluded.employed",
                    "INSERT INTO followups(province, referral, checked_on, employed) SELECT"
                    " province, id, CAST(?2 AS TEXT), CAST(?3 AS INTEGER) FROM referrals"
                    " WHERE id = ?1 ON CONFLICT(referral, checked_on) DO UPDATE SET"
                    " employed = excluded.employed"},
    /* staging: the referral's province known (SQLite: R_FU_WRITE, never used) */
    [R_FU_WRITE_AT] = {"INSERT INTO followups(referral, checked_on, employed) VALUES (?, ?, ?)"
                       " ON CONFLICT(referral, checked_on) DO UPDATE SET employed ="
                       " excluded.employed",
                       "INSERT INTO followups(province, referral, checked_on, employed) VALUES"
                       " (?4, ?1, ?2, ?3) ON CONFLICT(referral, checked_on) DO UPDATE SET"
                       " employed = excluded.employed"},
    /* a hire corrected: the follow-ups before its (new) first day; all of them: ?2 = 9999-12-31 */
    [R_FU_DROP] = {"DELETE FROM followups WHERE referral = ?1 AND checked_on < ?2",
                   "DELETE FROM followups WHERE referral = ?1 AND checked_on < CAST(?2 AS TEXT)"},
    /* another referral of the seeker to the vacancy on the day */
    [R_SAME_DAY] = {"SELECT MIN(id) FROM referrals WHERE seeker = ?1 AND vacancy = ?2"
                    " AND referred_on = ?3 AND id <> ?4"},
};

struct vl__refstore {
    vl_ctx *ctx;
    vl_db *db;
    vl__stmt *q[R_COUNT];
    char now[21];              /* UTC time of this store's writes: one import has one time */
    int32_t latest;            /* vl__latest_allowed_date(), read once per store */
    vl__referral_facts fu_ref; /* the referral a follow-up check read */
    /*
     * An import into PostgreSQL (vl__refstore_stage): new referrals go through COPY into
     * vl_stage_referrals and vl__refstore_flush inserts them, with their first events, in two
     * set operations. Until then the database does not see them, so the look-ups are made
     * in memory, loaded once: every look-up by id on a server visits each province's partition.
     */
    bool staging;         /* the look-ups below are loaded (an import into PostgreSQL) */
    vl__stmt *stage;      /* referrals: COPY into vl_stage_referrals */
    vl__strmap seekers;   /* the ids of the stored seekers (value 1) */
    vl__strmap vacancies; /* the stored vacancies' positions by id */
    vl__strtag refs;      /* the stored referrals' ids with their provinces */
    vl__strmap hires;     /* vacancy id -> referrals hired, stored or staged */
    vl__strmap days;      /* "seeker<US>vacancy<US>yyyy-mm-dd" -> its referral's id in day_ids */
    vl_buf day_ids;       /* those ids, NUL-separated (stored or staged) */
    /* follow-ups: new ones go through COPY into vl_stage_followups */
    vl__stmt *fu_stage;
    vl__strmap fu_stored;   /* "referral<US>yyyy-mm-dd" -> employed, of the stored ones */
    vl__strmap hired_start; /* a current hire's referral id -> its start_on (yyyymmdd) */
};

int32_t vl__latest_allowed_date(void)
{
    int64_t days = vl__date_days(vl__today()) + 1;
    /* back to yyyymmdd through the C library, in UTC */
    time_t t = (time_t)(days * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

vl_status vl__refstore_new(vl_ctx *ctx, vl_db *db, vl__refstore **out)
{
    *out = NULL;
    vl__refstore *rs = vl__calloc(1, sizeof *rs);
    if (!rs)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    rs->ctx = ctx;
    rs->db = db;
    vl__utc_now(rs->now);
    rs->latest = vl__latest_allowed_date();
    vl_status st = VL_OK;
    for (int q = 0; q < R_COUNT && st == VL_OK; q++)
        st = vl__db_prepare(ctx, db, vl__sqltext_for(db, &ref_sql[q]), &rs->q[q]);
    if (st != VL_OK) {
        vl__refstore_free(rs);
        return st;
    }
    *out = rs;
    return VL_OK;
}

void vl__refstore_free(vl__refstore *rs)
{
    if (!rs)
        return;
    for (int q = 0; q < R_COUNT; q++)
        vl__finalize(rs->q[q]);
    vl__finalize(rs->stage);
    vl__finalize(rs->fu_stage);
    vl__strmap *maps[] = {&rs->seekers,   &rs->vacancies,   &rs->hires,
                          &rs->fu_stored, &rs->hired_start, &rs->days};
    for (size_t k = 0; k < VL_ARRAY_LEN(maps); k++)
        vl__strmap_free(maps[k]);
    vl__strtag_free(&rs->refs);
    vl_buf_free(&rs->day_ids);
    vl__free(rs);
}

/* The staged table has the written columns of referrals, in vl__referral_write's order. */
#define STAGE_COLS                                                                                 \
    "id, seeker, vacancy, referred_on, channel, staff, outcome, outcome_on,"                       \
    " start_on, wage, sig"

/* Staging: notes referral id as the seeker's to the vacancy on day d; false when out of memory. */
static bool day_put(vl__refstore *rs, const char *seeker, const char *vacancy, const char *d,
                    const char *id)
{
    char key[2 * VL_ID_MAX + 16];
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s", seeker, vacancy, d);
    int64_t at = (int64_t)rs->day_ids.len;
    return vl_buf_append(&rs->day_ids, id, strlen(id) + 1) && vl__strmap_put(&rs->days, key, at);
}

/* Staging: the stored referrals by seeker, vacancy and day. */
static vl_status load_days(vl__refstore *rs)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(rs->ctx, rs->db,
                                  "SELECT seeker, vacancy, referred_on, id FROM referrals", &s);
    if (st != VL_OK)
        return st;
    int rc;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW)
        if (!day_put(rs, vl__col_text(s, 0), vl__col_text(s, 1), vl__col_text(s, 2),
                     vl__col_text(s, 3)))
            st = vl__error(rs->ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(rs->ctx, rs->db, "reading referrals");
    vl__finalize(s);
    return st;
}

vl_status vl__refstore_stage(vl__refstore *rs, bool referrals)
{
    if (vl__db_backend(rs->db) != VL__POSTGRESQL || rs->staging)
        return VL_OK;
    rs->staging = true;
    /* what each kind's rules read, once (`what`: msgids, translated by vl__db_sqlerr) */
    typedef struct {
        const char *sql, *what;
        vl__strmap *map;
    } lookup;
    const lookup ref[] = {{"SELECT id, 1 FROM seekers", N_("reading seekers"), &rs->seekers},
                          {"SELECT id, COALESCE(positions, 0) FROM vacancies",
                           N_("reading vacancies"), &rs->vacancies},
                          {"SELECT vacancy, COUNT(*) FROM referrals WHERE outcome = 'hired'"
                           " GROUP BY vacancy",
                           N_("reading referrals"), &rs->hires}},
                 fu[] = {{"SELECT referral || chr(31) || checked_on, employed FROM followups",
                          N_("reading follow-ups"), &rs->fu_stored},
                         {"SELECT id, CAST(REPLACE(COALESCE(start_on, '0'), '-', '') AS BIGINT)"
                          " FROM referrals WHERE outcome = 'hired'",
                          N_("reading referrals"), &rs->hired_start}};
    const lookup *l = referrals ? ref : fu;
    size_t n = referrals ? VL_ARRAY_LEN(ref) : VL_ARRAY_LEN(fu);
    vl_status st = vl__load_tags(rs->ctx, rs->db, "SELECT id, province FROM referrals",
                                 "reading referrals", &rs->refs);
    for (size_t i = 0; st == VL_OK && i < n; i++)
        st = vl__load_map(rs->ctx, rs->db, l[i].sql, l[i].what, l[i].map);
    if (st == VL_OK && referrals)
        st = load_days(rs);
    if (st == VL_OK)
        st = referrals ? vl__db_stage(rs->ctx, rs->db, "referrals", STAGE_COLS, &rs->stage)
                       : vl__db_stage(rs->ctx, rs->db, "followups",
                                      "province, referral, checked_on, employed", &rs->fu_stage);
    return st;
}

/* Sends a staging COPY's last rows, closes it and runs the merge sql. */
static vl_status merge_stage(vl__refstore *rs, vl__stmt **copy, const char *sql)
{
    vl_status st = vl__stmt_flush(rs->ctx, *copy);
    vl__finalize(*copy);
    *copy = NULL;
    return st == VL_OK ? vl__db_exec(rs->ctx, rs->db, sql) : st;
}

vl_status vl__refstore_flush(vl__refstore *rs)
{
    vl_status st = VL_OK;
    if (rs->fu_stage)
        st = merge_stage(rs, &rs->fu_stage,
                         "INSERT INTO followups(province, referral, checked_on, employed)"
                         " SELECT province, referral, checked_on, employed FROM"
                         " vl_stage_followups; DROP TABLE vl_stage_followups");
    if (st != VL_OK || !rs->stage)
        return st;
    /* a referral lives in its seeker's province and points to its vacancy's (R_INSERT); a new
     * referral with an outcome has that outcome as its event number 1 (R_EVENT_FIRST) */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO referrals(province, vacancy_province, " STAGE_COLS ")"
             " SELECT k.province, v.province, s.id, s.seeker, s.vacancy, s.referred_on,"
             " s.channel, s.staff, s.outcome, s.outcome_on, s.start_on, s.wage, s.sig"
             " FROM vl_stage_referrals s JOIN seekers k ON k.id = s.seeker"
             " JOIN vacancies v ON v.id = s.vacancy;"
             " INSERT INTO referral_outcomes(province, referral, seq, outcome, outcome_on,"
             " start_on, wage, recorded, source, staff) SELECT k.province, s.id, 1, s.outcome,"
             " s.outcome_on, s.start_on, s.wage, '%s', 'import', NULL FROM vl_stage_referrals s"
             " JOIN seekers k ON k.id = s.seeker WHERE s.outcome IS NOT NULL;"
             " DROP TABLE vl_stage_referrals",
             rs->now);
    return merge_stage(rs, &rs->stage, sql);
}

/* ---- small statement helpers ---------------------------------------------------------------- */

static void bind_wage(vl__stmt *s, int i, bool has, double v)
{
    if (has)
        vl__bind_double(s, i, v);
    else
        vl__bind_null(s, i);
}

/* Steps a statement expected to end; resets it. */
static vl_status done(vl__refstore *rs, int q, const char *what)
{
    vl__stmt *s = rs->q[q];
    int rc = vl__step(s);
    vl_status st = rc == VL__DONE ? VL_OK : vl__db_sqlerr(rs->ctx, rs->db, what);
    vl__reset(s);
    vl__clear_bindings(s);
    return st;
}

/* One integer from a one-row statement with text parameters a (and b); -1 when no row. */
static bool scalar(vl__refstore *rs, int q, const char *a, const char *b, int64_t *out)
{
    vl__stmt *s = rs->q[q];
    vl__reset(s);
    vl__bind_text(s, 1, a, false);
    if (b)
        vl__bind_text(s, 2, b, false);
    int rc = vl__step(s);
    *out = rc == VL__ROW ? vl__col_int64(s, 0) : -1;
    vl__reset(s);
    if (rc != VL__ROW && rc != VL__DONE) {
        vl__db_sqlerr(rs->ctx, rs->db, "reading referrals");
        return false;
    }
    return true;
}

/* ---- rules ---------------------------------------------------------------------------------- */

static void rule_say(const vl_ctx *ctx, vl__problem_fn fn, void *arg, const char *col,
                     const char *fmt, ...) VL_PRINTF(5, 6);

/* Formats a problem (its format translated first, in ctx's language like vl__diag's: the desk
 * answers each request in its user's) and hands it to fn. */
static void rule_say(const vl_ctx *ctx, vl__problem_fn fn, void *arg, const char *col,
                     const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    /* translated before the "C" locale is taken for the numbers: gettext reads the language
     * from the thread's locale, so translating under "C" gave English */
    const char *format = vl__tr(ctx, fmt);
    locale_t old = uselocale(vl__c_locale());
    vsnprintf(msg, sizeof msg, format, ap);
    uselocale(old);
    va_end(ap);
    fn(arg, col, msg);
}

/* A date as the rule's message around it is written (01/03/2026 in Vietnamese, ISO in
 * English): the catalogue's answer tells, so a message left in English (no catalogue found)
 * never carries Vietnamese dates. */
static const char *date_text(const vl_ctx *ctx, int32_t d, char buf[11])
{
    const char *tr = vl__tr(ctx, "(none)");
    if (!d)
        snprintf(buf, 11, "%s", tr);
    else
        vl_format_date_text(buf, 11, d, strcmp(tr, "(none)") != 0 ? "vi" : "en");
    return buf;
}

vl_status vl__referral_probe(vl__refstore *rs, const char *id, const char *seeker,
                             const char *vacancy, vl__referral_facts *out)
{
    memset(out, 0, sizeof *out);
    out->positions = -1;
    /* staging: the seeker and the vacancy from memory; no seeker or vacancy: none asked */
    bool alone = rs->staging || (!seeker && !vacancy);
    /* staging: a referral not stored is new, nothing to read */
    const char *at = rs->staging ? vl__strtag_get(&rs->refs, id ? id : "") : NULL;
    vl__stmt *s = rs->q[!alone ? R_PROBE : rs->staging ? R_PROBE_AT : R_PROBE_REF];
    vl__reset(s);
    vl__bind_text(s, 1, id ? id : "", false);
    if (at)
        vl__bind_text(s, 2, at, false);
    if (!alone) {
        vl__bind_text(s, 2, seeker ? seeker : "", false);
        vl__bind_text(s, 3, vacancy ? vacancy : "", false);
    } else if (rs->staging) {
        int64_t positions;
        out->seeker = seeker && vl__strmap_get(&rs->seekers, seeker, NULL);
        if (vacancy && vl__strmap_get(&rs->vacancies, vacancy, &positions))
            out->positions = positions;
    }
    int rc = rs->staging && !at ? VL__DONE : vl__step(s);
    if (rc == VL__ROW && !alone) {
        out->seeker = vl__col_int(s, 0) != 0;
        out->positions = vl__col_null(s, 1) ? -1 : vl__col_int64(s, 1);
    }
    if (rc == VL__ROW)
        out->found = !vl__col_null(s, 12);
    if (rc == VL__ROW && out->found) {
        vl__referral_stored *o = &out->old;
        vl__referral_row *r = &o->row;
        snprintf(o->id, sizeof o->id, "%s", id);
        snprintf(o->seeker, sizeof o->seeker, "%s", vl__col_text(s, 2));
        snprintf(o->vacancy, sizeof o->vacancy, "%s", vl__col_text(s, 3));
        snprintf(o->staff, sizeof o->staff, "%s", vl__col_text(s, 6));
        snprintf(o->sig, sizeof o->sig, "%s", vl__col_text(s, 11));
        r->id = o->id;
        r->seeker = o->seeker;
        r->vacancy = o->vacancy;
        r->staff = o->staff;
        r->referred_on = vl__col_date(s, 4);
        if (!vl__channel_parse(vl__col_text(s, 5), &r->channel))
            r->channel = 0;
        if (!vl__outcome_parse(vl__col_text(s, 7), &r->outcome))
            r->outcome = 0;
        r->outcome_on = vl__col_date(s, 8);
        r->start_on = vl__col_date(s, 9);
        r->has_wage = !vl__col_null(s, 10);
        r->wage = r->has_wage ? vl__col_double(s, 10) : 0;
    }
    vl__reset(s);
    if (rc != VL__ROW && rc != VL__DONE)
        return vl__db_sqlerr(rs->ctx, rs->db, "reading a referral");
    return VL_OK;
}

/* The id of another referral of r's seeker to r's vacancy on r's day, into id ("" when none);
 * false on a database error. */
static bool same_day(vl__refstore *rs, const vl__referral_row *r, char id[VL_ID_MAX + 1])
{
    char d[11];
    vl__format_date(r->referred_on, d);
    if (rs->stage) {
        char key[2 * VL_ID_MAX + 16];
        int64_t at;
        snprintf(key, sizeof key, "%s\x1f%s\x1f%s", r->seeker, r->vacancy, d);
        if (vl__strmap_get(&rs->days, key, &at) && strcmp(rs->day_ids.data + at, r->id) != 0)
            snprintf(id, VL_ID_MAX + 1, "%s", rs->day_ids.data + at);
        return true;
    }
    vl__stmt *s = rs->q[R_SAME_DAY];
    vl__reset(s);
    vl__bind_text(s, 1, r->seeker, false);
    vl__bind_text(s, 2, r->vacancy, false);
    vl__bind_text(s, 3, d, false);
    vl__bind_text(s, 4, r->id, false);
    int rc = vl__step(s);
    if (rc == VL__ROW && !vl__col_null(s, 0))
        snprintf(id, VL_ID_MAX + 1, "%s", vl__col_text(s, 0));
    vl__reset(s);
    vl__clear_bindings(s);
    if (rc != VL__ROW && rc != VL__DONE) {
        vl__db_sqlerr(rs->ctx, rs->db, "reading referrals");
        return false;
    }
    return true;
}

bool vl__referral_check(vl__refstore *rs, const vl__referral_row *r, const vl__referral_facts *p,
                        const vl__referral_row *old, vl__problem_fn fn, void *arg)
{
    char a[11], b[11];
    int32_t latest = rs->latest;
    int64_t positions = p->positions, hires = 0;
    if (*r->seeker && !p->seeker)
        rule_say(rs->ctx, fn, arg, "seeker", "unknown seeker id '%s'", r->seeker);
    if (*r->vacancy && positions < 0)
        rule_say(rs->ctx, fn, arg, "vacancy", "unknown vacancy id '%s'", r->vacancy);
    if (r->referred_on > latest)
        rule_say(rs->ctx, fn, arg, "referred_on", "'%s' is after today",
                 date_text(rs->ctx, r->referred_on, a));
    /* a second referral of the seeker to the vacancy on the day is a click too many (a
     * double-click at a fair's booth) or a line repeated, never a new referral */
    char same[VL_ID_MAX + 1] = "";
    if (!p->found && *r->seeker && *r->vacancy && r->referred_on && !same_day(rs, r, same))
        return false;
    if (*same)
        rule_say(rs->ctx, fn, arg, "vacancy",
                 "this seeker was referred to this vacancy on the same day already (referral %s)",
                 same);
    if (old) {
        if (strcmp(old->seeker, r->seeker) != 0)
            rule_say(rs->ctx, fn, arg, "seeker",
                     "referral '%s' was made for seeker '%s': a referral's seeker cannot change "
                     "(record a new referral)",
                     r->id, old->seeker);
        if (strcmp(old->vacancy, r->vacancy) != 0)
            rule_say(rs->ctx, fn, arg, "vacancy",
                     "referral '%s' was made to vacancy '%s': a referral's vacancy cannot change "
                     "(record a new referral)",
                     r->id, old->vacancy);
        if (old->referred_on != r->referred_on)
            rule_say(rs->ctx, fn, arg, "referred_on",
                     "referral '%s' was made on %s: a referral's date cannot change", r->id,
                     date_text(rs->ctx, old->referred_on, a));
    }
    const char *oname = vl__outcome_name(r->outcome);
    bool hired = r->outcome == VL_OUTCOME_HIRED;
    if (r->outcome == VL_OUTCOME_PENDING) {
        if (r->outcome_on)
            rule_say(rs->ctx, fn, arg, "outcome_on", "given, but the outcome is empty (pending)");
    } else if (!r->outcome_on) {
        rule_say(rs->ctx, fn, arg, "outcome_on", "empty; an outcome needs the date it happened");
    } else if (r->referred_on && r->outcome_on < r->referred_on) {
        rule_say(rs->ctx, fn, arg, "outcome_on", "'%s' is before referred_on '%s'",
                 date_text(rs->ctx, r->outcome_on, a), date_text(rs->ctx, r->referred_on, b));
    } else if (r->outcome_on > latest) {
        rule_say(rs->ctx, fn, arg, "outcome_on", "'%s' is after today",
                 date_text(rs->ctx, r->outcome_on, a));
    }
    if (hired && !r->start_on)
        rule_say(rs->ctx, fn, arg, "start_on",
                 "empty; a hire needs start_on, the first day at work");
    else if (hired && r->referred_on && r->start_on < r->referred_on)
        rule_say(rs->ctx, fn, arg, "start_on", "'%s' is before referred_on '%s'",
                 date_text(rs->ctx, r->start_on, a), date_text(rs->ctx, r->referred_on, b));
    else if (!hired && r->start_on)
        rule_say(rs->ctx, fn, arg, "start_on",
                 "given, but only a hire has a start_on (the outcome is '%s')",
                 *oname ? oname : "pending");
    if (!hired && r->has_wage)
        rule_say(rs->ctx, fn, arg, "wage",
                 "given, but only a hire has a wage (the outcome is '%s')",
                 *oname ? oname : "pending");
    if (r->has_wage && !(r->wage >= 0 && r->wage <= WAGE_MAX))
        rule_say(rs->ctx, fn, arg, "wage", "outside 0..10000000000 VND per month");
    if (old && old->outcome != VL_OUTCOME_PENDING) {
        const char *was = vl__outcome_name(old->outcome);
        if (r->outcome == VL_OUTCOME_PENDING)
            rule_say(
                rs->ctx, fn, arg, "outcome",
                "empty, but referral '%s' already has outcome '%s' (on %s): an outcome is never "
                "withdrawn; record a correction dated on or after it",
                r->id, was, date_text(rs->ctx, old->outcome_on, a));
        else if (r->outcome_on && r->outcome_on < old->outcome_on)
            rule_say(rs->ctx, fn, arg, "outcome_on",
                     "'%s' is before the outcome already recorded ('%s' on %s): outcomes only move "
                     "forward in time",
                     date_text(rs->ctx, r->outcome_on, a), was,
                     date_text(rs->ctx, old->outcome_on, b));
    }
    if (hired && positions >= 0 && !(old && old->outcome == VL_OUTCOME_HIRED)) {
        if (!rs->stage && !scalar(rs, R_HIRES, r->vacancy, r->id, &hires))
            return false;
        if (rs->stage) {
            /* R_HIRES from memory: the count without this referral's own stored hire */
            const vl__referral_row *o = &p->old.row;
            if (!vl__strmap_get(&rs->hires, r->vacancy, &hires))
                hires = 0;
            if (p->found && o->outcome == VL_OUTCOME_HIRED && strcmp(o->vacancy, r->vacancy) == 0)
                hires--;
        }
        if (hires >= positions)
            rule_say(rs->ctx, fn, arg, "outcome",
                     "vacancy '%s' has no open position left (%lld position%s, %lld hired)",
                     r->vacancy, (long long)positions, positions == 1 ? "" : "s", (long long)hires);
    }
    return true;
}

/* Adds d to the hires counted in memory for vacancy; false when out of memory. */
static bool count_hire(vl__refstore *rs, const char *vacancy, int64_t d)
{
    int64_t n = 0;
    vl__strmap_get(&rs->hires, vacancy, &n);
    return vl__strmap_put(&rs->hires, vacancy, n + d);
}

static bool same_outcome(const vl__referral_row *a, const vl__referral_row *b)
{
    return a->outcome == b->outcome && a->outcome_on == b->outcome_on &&
           a->start_on == b->start_on && a->has_wage == b->has_wage &&
           (!a->has_wage || a->wage == b->wage);
}

/*
 * A hire corrected (r, written over a hire): follow-ups are of the hire as it stands, so those
 * it no longer has go with the change, said as a warning (the history keeps the old hire).
 * Hired no more: all of them; a later first day: those before it.
 */
static vl_status drop_followups(vl__refstore *rs, const vl__referral_row *r)
{
    vl__stmt *s = rs->q[R_FU_DROP];
    vl__bind_text(s, 1, r->id, false);
    vl__bind_date(s, 2, r->outcome == VL_OUTCOME_HIRED ? r->start_on : 99991231);
    vl_status st = done(rs, R_FU_DROP, "writing a follow-up");
    long long n = st == VL_OK ? (long long)vl__db_changes(rs->db) : 0;
    if (n)
        vl__log(rs->ctx, VL_LOG_WARNING,
                "referral '%s': %lld follow-up%s removed with the correction of its hire "
                "(follow-ups are for the hire as it now stands)",
                r->id, n, n == 1 ? "" : "s");
    return st;
}

vl_status vl__referral_write(vl__refstore *rs, const vl__referral_row *r,
                             const vl__referral_row *old, const char *sig, const char *source,
                             const char *staff)
{
    bool staged = rs->stage && !old;
    int q = old ? R_UPDATE : R_INSERT;
    vl__stmt *s = staged ? rs->stage : rs->q[q];
    vl__bind_text(s, 1, r->id, false);
    vl__bind_text(s, 2, r->seeker, false);
    vl__bind_text(s, 3, r->vacancy, false);
    vl__bind_date(s, 4, r->referred_on);
    vl__bind_text(s, 5, vl__channel_name(r->channel), false);
    vl__bind_text(s, 6, r->staff, true);
    vl__bind_text(s, 7, vl__outcome_name(r->outcome), true);
    vl__bind_date(s, 8, r->outcome_on);
    vl__bind_date(s, 9, r->start_on);
    bind_wage(s, 10, r->has_wage, r->wage);
    vl__bind_text(s, 11, sig, false);
    if (rs->stage) {
        /* the hires in memory follow the write */
        bool was = old && old->outcome == VL_OUTCOME_HIRED, is = r->outcome == VL_OUTCOME_HIRED;
        if ((was != is) && !count_hire(rs, was ? old->vacancy : r->vacancy, is ? 1 : -1))
            return vl__error(rs->ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (staged) {
        char d[11];
        vl__format_date(r->referred_on, d);
        if (!day_put(rs, r->seeker, r->vacancy, d, r->id))
            return vl__error(rs->ctx, VL_ERR_NOMEM, "out of memory");
        int rc = vl__step(s);
        vl__reset(s);
        vl__clear_bindings(s);
        return rc == VL__DONE ? VL_OK : vl__db_sqlerr(rs->ctx, rs->db, "writing a referral");
    }
    vl_status st = done(rs, q, "writing a referral");
    if (st == VL_OK && old && old->outcome == VL_OUTCOME_HIRED)
        st = drop_followups(rs, r);
    if (st != VL_OK || r->outcome == VL_OUTCOME_PENDING || (old && same_outcome(r, old)))
        return st;
    int q_event = old ? R_EVENT : R_EVENT_FIRST; /* a new referral's first event is number 1 */
    s = rs->q[q_event];
    vl__bind_text(s, 1, r->id, false);
    vl__bind_text(s, 2, vl__outcome_name(r->outcome), false);
    vl__bind_date(s, 3, r->outcome_on);
    vl__bind_date(s, 4, r->start_on);
    bind_wage(s, 5, r->has_wage, r->wage);
    vl__bind_text(s, 6, rs->now, false);
    vl__bind_text(s, 7, source, false);
    vl__bind_text(s, 8, staff, true);
    return done(rs, q_event, "recording an outcome");
}

bool vl__followup_check(vl__refstore *rs, const vl__followup_row *f, vl__problem_fn fn, void *arg)
{
    char a[11], b[11];
    if (!*f->referral)
        return true;
    int64_t start;
    if (rs->fu_stage && vl__strmap_get(&rs->hired_start, f->referral, &start)) {
        /* a current hire, known from memory: what the rules below read of it */
        memset(&rs->fu_ref, 0, sizeof rs->fu_ref);
        rs->fu_ref.found = true;
        rs->fu_ref.old.row.outcome = VL_OUTCOME_HIRED;
        rs->fu_ref.old.row.start_on = (int32_t)start;
    } else if (vl__referral_probe(rs, f->referral, NULL, NULL, &rs->fu_ref) != VL_OK) {
        return false;
    }
    const vl__referral_row *r = &rs->fu_ref.old.row;
    if (!rs->fu_ref.found) {
        rule_say(rs->ctx, fn, arg, "referral", "unknown referral id '%s'", f->referral);
    } else if (r->outcome != VL_OUTCOME_HIRED) {
        const char *o = vl__outcome_name(r->outcome);
        rule_say(rs->ctx, fn, arg, "referral",
                 "referral '%s' is not a hire (its outcome is '%s'): follow-ups are for hires",
                 f->referral, *o ? o : "pending");
    } else if (f->checked_on && f->checked_on < r->start_on) {
        rule_say(rs->ctx, fn, arg, "checked_on", "'%s' is before the hire's start_on '%s'",
                 date_text(rs->ctx, f->checked_on, a), date_text(rs->ctx, r->start_on, b));
    }
    if (f->checked_on > rs->latest)
        rule_say(rs->ctx, fn, arg, "checked_on", "'%s' is after today",
                 date_text(rs->ctx, f->checked_on, a));
    return true;
}

vl_status vl__followup_stored(vl__refstore *rs, const vl__followup_row *f, int *employed)
{
    char d[11];
    vl__format_date(f->checked_on, d);
    int64_t v;
    if (rs->fu_stage) {
        char key[VL_ID_MAX + 16];
        snprintf(key, sizeof key, "%s\x1f%s", f->referral, d);
        *employed = vl__strmap_get(&rs->fu_stored, key, &v) ? (int)v : -1;
        return VL_OK;
    }
    if (!scalar(rs, R_FU_READ, f->referral, d, &v))
        return vl_ctx_status(rs->ctx) ? vl_ctx_status(rs->ctx) : VL_ERR_DB;
    *employed = (int)v;
    return VL_OK;
}

vl_status vl__followup_write(vl__refstore *rs, const vl__followup_row *f)
{
    const char *at = rs->staging ? vl__strtag_get(&rs->refs, f->referral) : NULL;
    int stored = 0;
    if (at && rs->fu_stage && vl__followup_stored(rs, f, &stored) == VL_OK && stored < 0) {
        /* a new follow-up: staged (COPY into vl_stage_followups) */
        vl__stmt *c = rs->fu_stage;
        vl__bind_text(c, 1, at, false);
        vl__bind_text(c, 2, f->referral, false);
        vl__bind_date(c, 3, f->checked_on);
        vl__bind_int(c, 4, f->employed ? 1 : 0);
        int rc = vl__step(c);
        vl__reset(c);
        vl__clear_bindings(c);
        return rc == VL__DONE ? VL_OK : vl__db_sqlerr(rs->ctx, rs->db, "writing a follow-up");
    }
    int q = at ? R_FU_WRITE_AT : R_FU_WRITE;
    vl__stmt *s = rs->q[q];
    vl__bind_text(s, 1, f->referral, false);
    vl__bind_date(s, 2, f->checked_on);
    vl__bind_int(s, 3, f->employed ? 1 : 0);
    if (q == R_FU_WRITE_AT)
        vl__bind_text(s, 4, at, false);
    return done(rs, q, "writing a follow-up");
}

/* ---- names ---------------------------------------------------------------------------------- */

const char *vl_channel_name(vl_channel channel)
{
    const char *n = vl__channel_name((int)channel);
    return n ? n : "?";
}

const char *vl_outcome_name(vl_outcome outcome)
{
    const char *n = vl__outcome_name((int)outcome);
    return n ? n : "?";
}

const char *vl_outcome_words(const char *lang, const char *name)
{
    /* the outcomes in words, by the engine's names ("pending" for the empty one) */
    static const struct {
        const char *name, *en; /* en: a msgid */
    } words[] = {{"pending", N_("Pending")},
                 {"no_show", N_("Did not attend")},
                 {"interviewed", N_("Interviewed, no decision yet")},
                 {"rejected", N_("Not hired")},
                 {"declined", N_("Declined by the seeker")},
                 {"hired", N_("Hired")}};
    for (size_t i = 0; name && i < VL_ARRAY_LEN(words); i++)
        if (strcmp(words[i].name, name) == 0)
            return vl_gettext_lang(lang, words[i].en);
    return NULL;
}

bool vl_channel_parse(const char *text, vl_channel *out)
{
    int v;
    if (!text || !vl__channel_parse(text, &v))
        return false;
    *out = (vl_channel)v;
    return true;
}

bool vl_outcome_parse(const char *text, vl_outcome *out)
{
    int v;
    if (!text || !vl__outcome_parse(text, &v))
        return false;
    *out = (vl_outcome)v;
    return true;
}

/* ---- the public writers --------------------------------------------------------------------- */

/* Collects the problems of one call: each a diagnostic, all joined into the error message. */
typedef struct collected {
    vl_ctx *ctx;
    vl_buf why;
    size_t n;
} collected;

static void collect(void *arg, const char *column, const char *message)
{
    collected *c = arg;
    if (column)
        vl__diag(c->ctx, "column %s: %s", column, message);
    else
        vl__diag(c->ctx, "%s", message);
    vl_buf_printf(&c->why, "%s%s%s%s", c->n ? "; " : "", column ? column : "", column ? ": " : "",
                  message);
    c->n++;
}

static vl_status collected_error(collected *c, const char *what)
{
    vl_status st =
        vl__error(c->ctx, VL_ERR_INVALID, "%s: %s", what, c->why.data ? c->why.data : "invalid");
    vl_buf_free(&c->why);
    return st;
}

/* An id as the CSV contract takes it; NULL when fine, else why not. */
static const char *id_problem(const char *s)
{
    if (!s || !*s)
        return "empty; a value is required";
    if (strlen(s) > VL_ID_MAX)
        return "longer than 64 bytes";
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || strchr(" ;,\"", *p))
            return "contains a space, comma, ';', quote or control character";
    return NULL;
}

/* Begins a transaction and a rule store; on failure nothing is left open. */
static vl_status open_write(vl_ctx *ctx, vl_db *db, vl__refstore **rs)
{
    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    if ((st = vl__refstore_new(ctx, db, rs)) != VL_OK)
        vl__db_rollback(db);
    return st;
}

/* Commits when st is OK, else rolls back; frees the rule store. */
static vl_status close_write(vl_ctx *ctx, vl_db *db, vl__refstore *rs, vl_status st)
{
    vl__refstore_free(rs);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}

/* The next free "R" + 8 digits id. */
static vl_status next_id(vl_ctx *ctx, vl_db *db, char out[VL_ID_MAX + 1])
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db,
                                  vl__sql(db,
                                          "SELECT id FROM referrals WHERE id GLOB"
                                          " 'R[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"
                                          " ORDER BY id DESC LIMIT 1",
                                          "SELECT id FROM referrals WHERE id ~ '^R[0-9]{8}$'"
                                          " ORDER BY id DESC LIMIT 1"),
                                  &s);
    if (st != VL_OK)
        return st;
    long long last = 0;
    int rc = vl__step(s);
    if (rc == VL__ROW)
        last = strtoll(vl__col_text(s, 0) + 1, NULL, 10);
    else if (rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "numbering a referral");
    vl__finalize(s);
    if (st == VL_OK && last >= 99999999LL)
        st = vl__error(ctx, VL_ERR_INVALID, "referral numbers R00000001..R99999999 are used up");
    if (st == VL_OK)
        snprintf(out, VL_ID_MAX + 1, "R%08lld", last + 1);
    return st;
}

/* Erasure sticks (Decree 13/2023/ND-CP): an erased seeker is no longer served, so nothing new
 * is recorded about them (a referral, an outcome, a wage, a follow-up), as an import refuses
 * their personal data; the problem goes to c, naming the erasure's date. */
static vl_status refuse_erased(vl_ctx *ctx, vl_db *db, const char *seeker, collected *c)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, "SELECT erased FROM seekers WHERE id = ?", &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, seeker, false);
    int rc = vl__step(s);
    if (rc == VL__ROW && vl__col_text(s, 0) && *vl__col_text(s, 0)) {
        char why[300];
        snprintf(why, sizeof why,
                 vl__tr(ctx, "seeker '%s' was erased on %s: nothing more is recorded about them"),
                 seeker, vl__col_text(s, 0));
        collect(c, "seeker", why);
    } else if (rc != VL__ROW && rc != VL__DONE) {
        st = vl__db_sqlerr(ctx, db, "reading a seeker");
    }
    vl__finalize(s);
    return st;
}

vl_status vl_referral_add(vl_ctx *ctx, vl_db *db, const vl_referral_new *in,
                          char id_out[VL_ID_MAX + 1])
{
    if (!db || !in || !id_out)
        return vl__error(ctx, VL_ERR_ARG, "vl_referral_add: missing argument");
    id_out[0] = '\0';
    vl__diag_clear(ctx);
    collected c = {ctx, {0}, 0};
    if (in->id && id_problem(in->id))
        collect(&c, "id", id_problem(in->id));
    if (id_problem(in->seeker))
        collect(&c, "seeker", id_problem(in->seeker));
    if (id_problem(in->vacancy))
        collect(&c, "vacancy", id_problem(in->vacancy));
    if ((int)in->channel < 0 || in->channel >= VL_CHANNEL_COUNT)
        collect(&c, "channel", "not desk, fair, phone or online");
    if (in->staff && (strlen(in->staff) > 500 || strpbrk(in->staff, "\r\n")))
        collect(&c, "staff", "too long or contains a line break");
    int32_t d = in->referred_on ? in->referred_on : vl__today();
    if (!vl__date_valid(d))
        collect(&c, "referred_on", "not a date yyyymmdd");
    if (c.n)
        return collected_error(&c, "referral");
    vl__refstore *rs;
    vl_status st = open_write(ctx, db, &rs);
    if (st != VL_OK)
        return st;
    char id[VL_ID_MAX + 1];
    if (in->id)
        snprintf(id, sizeof id, "%s", in->id);
    else
        st = next_id(ctx, db, id);
    vl__referral_row r = {.id = id,
                          .seeker = in->seeker,
                          .vacancy = in->vacancy,
                          .staff = in->staff ? in->staff : "",
                          .referred_on = d,
                          .channel = (int)in->channel};
    vl__referral_facts p;
    if (st == VL_OK)
        st = vl__referral_probe(rs, id, r.seeker, r.vacancy, &p);
    if (st == VL_OK && p.found)
        collect(&c, "id", "a referral with this id already exists");
    if (st == VL_OK)
        st = refuse_erased(ctx, db, r.seeker, &c);
    if (st == VL_OK && !vl__referral_check(rs, &r, &p, NULL, collect, &c))
        st = vl_ctx_status(ctx) ? vl_ctx_status(ctx) : VL_ERR_DB;
    if (st == VL_OK && c.n)
        st = collected_error(&c, id);
    vl__canon canon = {0};
    char sig[65];
    if (st == VL_OK) {
        if (!vl__canon_referral(&r, &canon))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        else
            vl__canon_sig(&canon, sig);
    }
    if (st == VL_OK) {
        st = vl__referral_write(rs, &r, NULL, sig, "api", in->staff);
        if (!in->id)
            st = vl__db_number_taken(ctx, db, st, id);
    }
    vl__canon_free(&canon);
    vl_buf_free(&c.why);
    st = close_write(ctx, db, rs, st);
    if (st == VL_OK)
        snprintf(id_out, VL_ID_MAX + 1, "%s", id);
    return st;
}

vl_status vl_referral_record_outcome(vl_ctx *ctx, vl_db *db, const char *id,
                                     const vl_outcome_update *u)
{
    if (!db || !id || !u)
        return vl__error(ctx, VL_ERR_ARG, "vl_referral_record_outcome: missing argument");
    vl__diag_clear(ctx);
    collected c = {ctx, {0}, 0};
    if ((int)u->outcome <= VL_OUTCOME_PENDING || u->outcome >= VL_OUTCOME_COUNT)
        collect(&c, "outcome",
                "not no_show, interviewed, rejected, declined or hired (an outcome is never "
                "withdrawn)");
    if (u->staff && (strlen(u->staff) > 500 || strpbrk(u->staff, "\r\n")))
        collect(&c, "staff", "too long or contains a line break");
    if (c.n)
        return collected_error(&c, id);
    vl__refstore *rs;
    vl_status st = open_write(ctx, db, &rs);
    if (st != VL_OK)
        return st;
    vl__referral_facts p, now;
    st = vl__referral_probe(rs, id, NULL, NULL, &p);
    if (st == VL_OK && !p.found)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "no referral '%s'", id);
    if (st == VL_OK)
        st = refuse_erased(ctx, db, p.old.row.seeker, &c);
    /* the seeker and vacancy as they are now (the rules read their existence and positions) */
    if (st == VL_OK)
        st = vl__referral_probe(rs, id, p.old.row.seeker, p.old.row.vacancy, &now);
    const vl__referral_stored *old = &now.old;
    vl__referral_row r = old->row;
    r.outcome = (int)u->outcome;
    r.outcome_on = u->outcome_on ? u->outcome_on : vl__today();
    r.start_on = u->start_on;
    r.has_wage = u->has_wage;
    r.wage = u->has_wage ? u->wage : 0;
    if (st == VL_OK && !vl__referral_check(rs, &r, &now, &old->row, collect, &c))
        st = vl_ctx_status(ctx) ? vl_ctx_status(ctx) : VL_ERR_DB;
    if (st == VL_OK && c.n)
        st = collected_error(&c, id);
    vl__canon canon = {0};
    char sig[65];
    if (st == VL_OK) {
        if (!vl__canon_referral(&r, &canon))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        else
            vl__canon_sig(&canon, sig);
    }
    if (st == VL_OK && strcmp(sig, old->sig) != 0)
        st = vl__referral_write(rs, &r, &old->row, sig, "api", u->staff);
    vl__canon_free(&canon);
    vl_buf_free(&c.why);
    return close_write(ctx, db, rs, st);
}

vl_status vl_followup_record(vl_ctx *ctx, vl_db *db, const char *referral, int32_t checked_on,
                             bool employed)
{
    if (!db || !referral)
        return vl__error(ctx, VL_ERR_ARG, "vl_followup_record: missing argument");
    vl__diag_clear(ctx);
    vl__refstore *rs;
    vl_status st = open_write(ctx, db, &rs);
    if (st != VL_OK)
        return st;
    vl__followup_row f = {referral, checked_on ? checked_on : vl__today(), employed};
    collected c = {ctx, {0}, 0};
    if (!vl__followup_check(rs, &f, collect, &c))
        st = vl_ctx_status(ctx) ? vl_ctx_status(ctx) : VL_ERR_DB;
    bool found = true;
    vl__referral_facts of;
    if (st == VL_OK && (st = vl__referral_probe(rs, referral, NULL, NULL, &of)) == VL_OK &&
        of.found)
        st = refuse_erased(ctx, db, of.old.row.seeker, &c);
    if (st == VL_OK && c.n) {
        /* an unknown referral is NOTFOUND, like the other writers */
        vl__referral_facts tmp;
        if (vl__referral_probe(rs, referral, NULL, NULL, &tmp) == VL_OK)
            found = tmp.found;
        if (!found) {
            vl_buf_free(&c.why);
            st = vl__error(ctx, VL_ERR_NOTFOUND, "no referral '%s'", referral);
        } else {
            st = collected_error(&c, referral);
        }
    }
    if (st == VL_OK)
        st = vl__followup_write(rs, &f);
    vl_buf_free(&c.why);
    return close_write(ctx, db, rs, st);
}

/* ---- loading -------------------------------------------------------------------------------- */

typedef struct ref_owner {
    vl_arena *arena;
    vl_referral *refs;
    vl_followup *fus;
    vl_outcome_event *evs;
} ref_owner;

void vl_referral_set_destroy(vl_referral_set *set)
{
    if (!set)
        return;
    ref_owner *o = set->owner;
    if (o) {
        vl_arena_destroy(o->arena);
        vl__free(o->refs);
        vl__free(o->fus);
        vl__free(o->evs);
        vl__free(o);
    }
    vl__free(set);
}

/* Appends the filter's conditions on referrals alias `r` to sql, with `?` parameters in the
 * order filter_bind binds them. */
static void filter_sql(vl_buf *sql, const vl_referral_filter *f, const vl_db *db)
{
    const char *w = " WHERE ";
    /* under a load scope, the referrals of its seekers and vacancies, unless one is named (a
     * visitor's referrals are read whole) */
    if (vl__db_scope(db) && !(f && (f->seeker || f->vacancy))) {
        vl_buf_puts(sql, w);
        vl__scope_referral_condition(sql, db, "r.");
        w = " AND ";
    }
    if (f && f->seeker) {
        vl_buf_printf(sql, "%sr.seeker = ?", w);
        w = " AND ";
    }
    if (f && f->vacancy) {
        vl_buf_printf(sql, "%sr.vacancy = ?", w);
        w = " AND ";
    }
    if (f && f->from) {
        vl_buf_printf(sql, "%sr.referred_on >= ?", w);
        w = " AND ";
    }
    if (f && f->to) {
        vl_buf_printf(sql, "%sr.referred_on <= ?", w);
        w = " AND ";
    }
    if (f && f->undecided) /* no parameter */
        vl_buf_printf(sql, "%s(r.outcome IS NULL OR r.outcome = 'interviewed')", w);
}

static void filter_bind(vl__stmt *s, const vl_referral_filter *f)
{
    int i = 1;
    if (f && f->seeker)
        vl__bind_text(s, i++, f->seeker, false);
    if (f && f->vacancy)
        vl__bind_text(s, i++, f->vacancy, false);
    if (f && f->from)
        vl__bind_date(s, i++, f->from);
    if (f && f->to)
        vl__bind_date(s, i, f->to);
}

static vl_status prepare_filtered(vl_ctx *ctx, vl_db *db, const char *head, const char *tail,
                                  const vl_referral_filter *f, vl__stmt **s)
{
    vl_buf sql = {0};
    vl_buf_puts(&sql, head);
    filter_sql(&sql, f, db);
    vl_buf_puts(&sql, tail);
    if (!vl_buf_text(&sql)) {
        vl_buf_free(&sql);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl_status st = vl__db_prepare(ctx, db, sql.data, s);
    vl_buf_free(&sql);
    if (st == VL_OK)
        filter_bind(*s, f);
    return st;
}

/* Grows a malloc'd array to hold one more element of size sz. */
static bool grow(void **a, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return true;
    size_t nc = *cap ? 2 * *cap : 256;
    void *p = vl__realloc(*a, nc * sz);
    if (!p)
        return false;
    *a = p;
    *cap = nc;
    return true;
}

static const char *arena_text(vl_arena *a, vl__stmt *s, int i, bool *oom)
{
    size_t len = 0;
    const char *t = vl__col_text_len(s, i, &len);
    if (!t)
        return NULL;
    const char *r = vl_arena_strndup(a, t, len);
    if (!r)
        *oom = true;
    return r;
}

static vl_status load_main(vl_ctx *ctx, vl_db *db, const vl_referral_filter *f, ref_owner *o,
                           size_t *n)
{
    vl__stmt *s;
    vl_status st = prepare_filtered(ctx, db,
                                    "SELECT r.id, r.seeker, r.vacancy, r.referred_on, r.channel,"
                                    " r.staff, r.outcome, r.outcome_on, r.start_on, r.wage"
                                    " FROM referrals r",
                                    " ORDER BY r.id", f, &s);
    if (st != VL_OK)
        return st;
    size_t cap = 0;
    bool oom = false;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        if (!grow((void **)&o->refs, &cap, *n, sizeof *o->refs)) {
            oom = true;
            break;
        }
        vl_referral *r = &o->refs[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = arena_text(o->arena, s, 0, &oom);
        r->seeker = arena_text(o->arena, s, 1, &oom);
        r->vacancy = arena_text(o->arena, s, 2, &oom);
        r->referred_on = vl__col_date(s, 3);
        int v = 0;
        r->channel = vl__channel_parse(vl__col_text(s, 4), &v) ? (vl_channel)v : VL_CHANNEL_DESK;
        r->staff = arena_text(o->arena, s, 5, &oom);
        v = 0;
        r->outcome = vl__outcome_parse(vl__col_text(s, 6), &v) ? (vl_outcome)v : VL_OUTCOME_PENDING;
        r->outcome_on = vl__col_date(s, 7);
        r->start_on = vl__col_date(s, 8);
        r->wage = vl__col_null(s, 9) ? (double)NAN : vl__col_double(s, 9);
    }
    if (!oom && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading referrals");
    vl__finalize(s);
    if (st == VL_OK && oom)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    return st;
}

/* Position of id in refs[from..n) (ids sorted), advancing from; n when absent. */
static size_t seek_ref(const vl_referral *refs, size_t n, size_t *from, const char *id)
{
    while (*from < n && strcmp(refs[*from].id, id) < 0)
        (*from)++;
    return *from < n && strcmp(refs[*from].id, id) == 0 ? *from : n;
}

static vl_status load_followups(vl_ctx *ctx, vl_db *db, const vl_referral_filter *f, ref_owner *o,
                                size_t n)
{
    vl__stmt *s;
    vl_status st = prepare_filtered(ctx, db,
                                    "SELECT u.referral, u.checked_on, u.employed FROM followups u"
                                    " JOIN referrals r ON r.id = u.referral",
                                    " ORDER BY u.referral, u.checked_on", f, &s);
    if (st != VL_OK)
        return st;
    size_t cap = 0, m = 0, at = 0;
    size_t *owner_of = NULL, ocap = 0;
    bool oom = false;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        size_t k = seek_ref(o->refs, n, &at, vl__col_text(s, 0));
        if (k == n)
            continue;
        if (!grow((void **)&o->fus, &cap, m, sizeof *o->fus) ||
            !grow((void **)&owner_of, &ocap, m, sizeof *owner_of)) {
            oom = true;
            break;
        }
        o->fus[m].checked_on = vl__col_date(s, 1);
        o->fus[m].employed = vl__col_int(s, 2) != 0;
        owner_of[m++] = k;
    }
    if (!oom && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading follow-ups");
    vl__finalize(s);
    /* slices, now that the array stopped moving */
    for (size_t i = 0; st == VL_OK && !oom && i < m; i++) {
        vl_referral *r = &o->refs[owner_of[i]];
        if (!r->n_followups)
            r->followups = &o->fus[i];
        r->n_followups++;
    }
    vl__free(owner_of);
    if (st == VL_OK && oom)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    return st;
}

static vl_status load_history(vl_ctx *ctx, vl_db *db, const vl_referral_filter *f, ref_owner *o,
                              size_t n)
{
    vl__stmt *s;
    vl_status st = prepare_filtered(ctx, db,
                                    "SELECT e.referral, e.outcome, e.outcome_on, e.start_on,"
                                    " e.wage, e.recorded, e.source, e.staff FROM"
                                    " referral_outcomes e JOIN referrals r ON r.id = e.referral",
                                    " ORDER BY e.referral, e.seq", f, &s);
    if (st != VL_OK)
        return st;
    size_t cap = 0, m = 0, at = 0;
    size_t *owner_of = NULL, ocap = 0;
    bool oom = false;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        size_t k = seek_ref(o->refs, n, &at, vl__col_text(s, 0));
        if (k == n)
            continue;
        if (!grow((void **)&o->evs, &cap, m, sizeof *o->evs) ||
            !grow((void **)&owner_of, &ocap, m, sizeof *owner_of)) {
            oom = true;
            break;
        }
        vl_outcome_event *e = &o->evs[m];
        int v = 0;
        e->outcome = vl__outcome_parse(vl__col_text(s, 1), &v) ? (vl_outcome)v : VL_OUTCOME_PENDING;
        e->outcome_on = vl__col_date(s, 2);
        e->start_on = vl__col_date(s, 3);
        e->wage = vl__col_null(s, 4) ? (double)NAN : vl__col_double(s, 4);
        e->recorded = arena_text(o->arena, s, 5, &oom);
        e->source = arena_text(o->arena, s, 6, &oom);
        e->staff = arena_text(o->arena, s, 7, &oom);
        owner_of[m++] = k;
    }
    if (!oom && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading outcome history");
    vl__finalize(s);
    for (size_t i = 0; st == VL_OK && !oom && i < m; i++) {
        vl_referral *r = &o->refs[owner_of[i]];
        if (!r->n_history)
            r->history = &o->evs[i];
        r->n_history++;
    }
    vl__free(owner_of);
    if (st == VL_OK && oom)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    return st;
}

vl_status vl_db_load_referrals(vl_ctx *ctx, vl_db *db, const vl_referral_filter *filter,
                               vl_referral_set **out)
{
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_referrals: missing argument");
    *out = NULL;
    vl_referral_set *set = vl__calloc(1, sizeof *set);
    ref_owner *o = vl__calloc(1, sizeof *o);
    if (set)
        set->owner = o;
    if (!set || !o || !(o->arena = vl_arena_create())) {
        if (!set)
            vl__free(o);
        vl_referral_set_destroy(set);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    size_t n = 0;
    /* one read snapshot for the three queries */
    vl_status st = vl__db_begin_read(ctx, db);
    if (st == VL_OK) {
        st = load_main(ctx, db, filter, o, &n);
        if (st == VL_OK)
            st = load_followups(ctx, db, filter, o, n);
        if (st == VL_OK && filter && filter->history)
            st = load_history(ctx, db, filter, o, n);
        vl__db_end_read(db);
    }
    if (st != VL_OK) {
        vl_referral_set_destroy(set);
        return st;
    }
    set->referrals = o->refs;
    set->n = n;
    *out = set;
    return VL_OK;
}
