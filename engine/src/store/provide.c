/*
 * provide.c - what a seeker is given when they ask the centre for their personal data (Decree
 * 13/2023/ND-CP: a data subject may ask the controller to provide their data; the centre answers
 * within 72 hours). One JSON document holds everything the store keeps about the person: the
 * record as its import contract writes it, the counselling notes, every referral with its
 * outcome history and follow-ups, the fair invitations and stored matches naming them, and the
 * access audit's rows about them (when, what; not which member of staff: that is the staff's
 * own data). The provision itself is audited in the same transaction as the reading, so the
 * data is never given without its audit row (and an unknown id writes none). The tables read are
 * those vl_personal_columns lists with a seeker's id (privacy.c); test-referrals
 * (test_seeker_data) fails on such a table that is neither read here nor named as the store's
 * own keys.
 */
#include "io/json.h"
#include "store/store.h"

#include <vieclam/auth.h>
#include <vieclam/store.h>
#include <stdlib.h>
#include <string.h>

/* A column of a section: its key in the document and how it is read. */
typedef struct field {
    const char *key;
    char type; /* 't' text (NULL -> null), 'i' integer, 'r' real, 'b' 0/1 as a boolean */
} field;

/* The value of column i of s as the field says, or NULL when out of memory. */
static vl_json *value(vl__stmt *s, int i, char type)
{
    if (vl__col_null(s, i))
        return vl_json_null();
    switch (type) {
    case 'i':
        return vl_json_integer((long long)vl__col_int64(s, i));
    case 'r':
        return vl_json_number(vl__col_double(s, i));
    case 'b':
        return vl_json_bool(vl__col_int64(s, i) != 0);
    default:
        return vl_json_string(vl__col_text(s, i));
    }
}

/* The current row of s as an object of fields[0..n) (the statement's first n columns). */
static vl_json *row_object(vl__stmt *s, const field *fields, size_t n)
{
    vl_json *o = vl_json_object();
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!vl_json_set(o, fields[i].key, value(s, (int)i, fields[i].type))) {
            vl_json_free(o);
            return NULL;
        }
    }
    return o;
}

/* Runs sql (?1 = key) and appends each row to arr as an object of
 * fields; `what` (a msgid) names the section in an error. */
static vl_status section(vl_ctx *ctx, vl_db *db, const char *sql, const char *key,
                         const field *fields, size_t n, vl_json *arr, const char *what)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, key, false);
    int rc;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        if (!vl_json_append(arr, row_object(s, fields, n)))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, what);
    vl__finalize(s);
    return st;
}

/* The seeker's record: the cells of the import contract (vl_db_get_row), by column name. */
static vl_status record(vl_ctx *ctx, vl_db *db, const char *id, vl_json *doc)
{
    vl_row *row = NULL;
    vl_status st = vl_db_get_row(ctx, db, VL_KIND_SEEKERS, id, &row);
    if (st != VL_OK)
        return st;
    vl_json *o = vl_json_object();
    bool ok = o != NULL;
    for (size_t i = 0; ok && i < vl_row_count(row); i++) {
        const char *v = vl_row_value(row, i);
        ok = vl_json_set(o, vl_row_column(row, i), v && *v ? vl_json_string(v) : vl_json_null());
    }
    vl_row_destroy(row);
    if (!ok) {
        vl_json_free(o);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    return vl_json_set(doc, "record", o) ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
}

static const field referral_fields[] = {
    {"id", 't'},         {"vacancy", 't'},       {"vacancy_title", 't'},
    {"employer", 't'},   {"employer_name", 't'}, {"referred_on", 't'},
    {"channel", 't'},    {"staff", 't'},         {"outcome", 't'},
    {"outcome_on", 't'}, {"start_on", 't'},      {"wage", 'r'},
};
static const field outcome_fields[] = {
    {"seq", 'i'},  {"outcome", 't'},  {"outcome_on", 't'}, {"start_on", 't'},
    {"wage", 'r'}, {"recorded", 't'}, {"source", 't'},     {"staff", 't'},
};
static const field followup_fields[] = {{"checked_on", 't'}, {"employed", 'b'}};

/* Every referral of the seeker, oldest first, each with "outcomes" (every outcome recorded, in
 * order) and "followups". */
static vl_status referrals(vl_ctx *ctx, vl_db *db, const char *id, vl_json *arr)
{
    vl_status st = section(ctx, db,
                           "SELECT r.id, r.vacancy, v.title, v.employer, e.name, r.referred_on,"
                           " r.channel, r.staff, r.outcome, r.outcome_on, r.start_on, r.wage"
                           " FROM referrals r LEFT JOIN vacancies v ON v.id = r.vacancy"
                           " LEFT JOIN employers e ON e.id = v.employer"
                           " WHERE r.seeker = ?1 ORDER BY r.referred_on, r.id",
                           id, referral_fields, VL_ARRAY_LEN(referral_fields), arr,
                           N_("reading the seeker's referrals"));
    for (size_t i = 0; st == VL_OK && i < vl_json_size(arr); i++) {
        vl_json *r = (vl_json *)vl_json_at(arr, i); /* arr is ours: its members too */
        const char *ref = vl_json_str(vl_json_get(r, "id"));
        vl_json *outcomes = vl_json_array(); /* r owns them once set; they stay valid */
        if (!vl_json_set(r, "outcomes", outcomes))
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        vl_json *followups = vl_json_array();
        if (!vl_json_set(r, "followups", followups))
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        st = section(ctx, db,
                     "SELECT seq, outcome, outcome_on, start_on, wage, recorded, source, staff"
                     " FROM referral_outcomes WHERE referral = ?1 ORDER BY seq",
                     ref, outcome_fields, VL_ARRAY_LEN(outcome_fields), outcomes,
                     N_("reading a referral's outcomes"));
        if (st == VL_OK)
            st = section(ctx, db,
                         "SELECT checked_on, employed FROM followups WHERE referral = ?1"
                         " ORDER BY checked_on",
                         ref, followup_fields, VL_ARRAY_LEN(followup_fields), followups,
                         N_("reading a referral's follow-ups"));
    }
    return st;
}

static const field counselling_fields[] = {{"counselled_on", 't'}, {"staff", 't'}, {"topic", 't'}};
static const field invitation_fields[] = {
    {"run", 'i'},     {"fair", 't'},          {"fair_name", 't'},     {"fair_date", 't'},
    {"vacancy", 't'}, {"vacancy_title", 't'}, {"employer_name", 't'}, {"rank_for_seeker", 'i'},
};
static const field match_fields[] = {
    {"run", 'i'},           {"run_started", 't'}, {"vacancy", 't'},
    {"vacancy_title", 't'}, {"rank", 'i'},        {"score", 'r'},
};
static const field access_fields[] = {{"at", 't'}, {"action", 't'}, {"kind", 't'}, {"record", 't'}};

/* The sections read by one statement each: key, statement (?1 = the seeker's id), fields. */
static const struct {
    const char *key, *sql, *what;
    const field *fields;
    size_t n;
} sections[] = {
    {"counselling",
     "SELECT counselled_on, staff, topic FROM counselling WHERE seeker = ?1"
     " ORDER BY counselled_on",
     N_("reading the seeker's counselling"), counselling_fields, VL_ARRAY_LEN(counselling_fields)},
    /* the runs' primary keys lead with the run: one look-up per run, not a scan */
    {"fair_invitations",
     "SELECT i.run_id, i.fair_id, f.name, f.date, i.vacancy_id, v.title, e.name,"
     " i.rank_for_seeker FROM runs r JOIN fair_invitations i ON i.run_id = r.id"
     " LEFT JOIN fairs f ON f.id = i.fair_id LEFT JOIN vacancies v ON v.id = i.vacancy_id"
     " LEFT JOIN employers e ON e.id = v.employer WHERE i.seeker_id = ?1"
     " ORDER BY i.run_id, i.fair_id, i.rank_for_seeker, i.vacancy_id",
     N_("reading the seeker's fair invitations"), invitation_fields,
     VL_ARRAY_LEN(invitation_fields)},
    {"matches",
     "SELECT m.run_id, r.started, m.vacancy_id, v.title, m.rank, m.score FROM runs r"
     " JOIN match_results m ON m.run_id = r.id AND m.seeker_id = ?1"
     " LEFT JOIN vacancies v ON v.id = m.vacancy_id ORDER BY m.run_id, m.rank, m.vacancy_id",
     N_("reading the seeker's stored matches"), match_fields, VL_ARRAY_LEN(match_fields)},
    /* the audit's rows about the person (VL__AUDIT_ABOUT_SEEKER); the other ids and the member
     * of staff are left out */
    {"access",
     "SELECT at, action, kind, record FROM access_audit WHERE " VL__AUDIT_ABOUT_SEEKER(
         "?1") " ORDER BY id",
     N_("reading the access audit"), access_fields, VL_ARRAY_LEN(access_fields)},
};

vl_status vl_db_seeker_data(vl_ctx *ctx, vl_db *db, const char *id, const char *by, char **json)
{
    if (!db || !id || !*id || !by || !json)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_seeker_data: missing argument");
    *json = NULL;
    char now[21];
    vl__utc_now(now);
    vl_json *doc = vl_json_object();
    if (!doc)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    bool ok = vl_json_set_str(doc, "format", "vieclam-seeker-data/1") &&
              vl_json_set_str(doc, "seeker", id) && vl_json_set_str(doc, "provided_at", now) &&
              vl_json_set_str(doc, "provided_by", by);
    /* one transaction: the record (an unknown id ends it), its audit row, everything else
     * from the same snapshot */
    vl_status st = ok ? vl__db_begin(ctx, db) : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st != VL_OK) {
        vl_json_free(doc);
        return st;
    }
    const vl_audit_entry e = {.user = by, .action = "provide", .kind = "seeker", .record = id};
    if ((st = record(ctx, db, id, doc)) == VL_OK)
        st = vl_db_audit_append(ctx, db, &e, 1);
    if (st == VL_OK) {
        vl__stmt *s;
        if ((st = vl__db_prepare(ctx, db, "SELECT erased FROM seekers WHERE id = ?1", &s)) ==
            VL_OK) {
            vl__bind_text(s, 1, id, false);
            int rc = vl__step(s);
            if (rc == VL__ROW)
                ok = vl_json_set(doc, "erased",
                                 vl__col_null(s, 0) ? vl_json_null()
                                                    : vl_json_string(vl__col_text(s, 0)));
            else
                st = vl__db_sqlerr(ctx, db, "reading the seeker's erasure");
            vl__finalize(s);
        }
    }
    if (st == VL_OK && ok) {
        vl_json *r = vl_json_array(); /* the document owns it once set; r stays valid */
        if (!vl_json_set(doc, "referrals", r))
            ok = false;
        else
            st = referrals(ctx, db, id, r);
    }
    for (size_t i = 0; st == VL_OK && ok && i < VL_ARRAY_LEN(sections); i++) {
        vl_json *arr = vl_json_array();
        if (!vl_json_set(doc, sections[i].key, arr))
            ok = false;
        else
            st = section(ctx, db, sections[i].sql, id, sections[i].fields, sections[i].n, arr,
                         sections[i].what);
    }
    if (st == VL_OK && !ok)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && !(*json = vl_json_dump(doc, true)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK)
        st = vl__db_commit(ctx, db);
    else
        vl__db_rollback(db);
    if (st != VL_OK) {
        free(*json);
        *json = NULL;
    }
    vl_json_free(doc);
    return st;
}
