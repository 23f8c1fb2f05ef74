/*
 * privacy.c - personal data under Decree 13/2023/ND-CP: THE list of the columns that hold it
 * (vl_personal_columns), erasing a seeker's data from every table with the old values gone from
 * the file (vl_db_erase_seekers), the retention rule of models/privacy.yaml and its scan, and
 * consistent backups and checked restores (the backend does the copying: driver.h `backup`).
 * A column that holds personal data and is not in the list below is a defect: erase would leave
 * it and a pseudonymised export would print it. An employer's address and phone are a business's
 * contact, not a natural person's data, and are deliberately not listed.
 */
#include "model/model.h"
#include "store/driver.h"
#include "store/store.h"

#include <vieclam/auth.h>
#include <stdio.h>
#include <string.h>

/* clang-format off */
static const vl_personal_column columns[] = {
    /* table, column, what, subject, erase, pseudonymised export, kind, CSV column */
    {"seekers", "id", "the seeker's id (links the anonymous counts)", VL_PD_SEEKER, VL_PD_KEEP,
     VL_PD_HASH, VL_KIND_SEEKERS, "id"},
    {"seekers", "name", "full name", VL_PD_SEEKER, VL_PD_NULL, VL_PD_HASH, VL_KIND_SEEKERS, "name"},
    {"seekers", "name_key", "folded name (the desk's name search; the FTS table seeker_names "
     "follows it)", VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS, -1, NULL},
    {"seekers", "birth_year", "birth year", VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS,
     VL_KIND_SEEKERS, "birth_year"},
    {"seekers", "gender", "sex", VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS, VL_KIND_SEEKERS,
     "gender"},
    {"seekers", "phone", "phone number", VL_PD_SEEKER, VL_PD_NULL, VL_PD_HASH, VL_KIND_SEEKERS,
     "phone"},
    {"seekers", "id_card", "ID card number", VL_PD_SEEKER, VL_PD_NULL, VL_PD_HASH,
     VL_KIND_SEEKERS, "id_card"},
    {"seekers", "sig", "hash of the row's text (would confirm a guessed name or birth year)",
     VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS, -1, NULL},
    {"seeker_priority", "grp", "priority group (poor, disability, ethnic minority, ...)",
     VL_PD_SEEKER, VL_PD_DELETE_ROW, VL_PD_AS_IS, VL_KIND_SEEKERS, "priority"},
    {"referrals", "seeker", "the seeker's id", VL_PD_SEEKER, VL_PD_KEEP, VL_PD_HASH,
     VL_KIND_REFERRALS, "seeker"},
    {"referrals", "wage", "the wage of a hire", VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS,
     VL_KIND_REFERRALS, "wage"},
    {"referrals", "sig", "hash of the row's text (would confirm a guessed wage)", VL_PD_SEEKER,
     VL_PD_NULL, VL_PD_AS_IS, -1, NULL},
    {"referrals", "staff", "who referred (staff)", VL_PD_STAFF, VL_PD_KEEP, VL_PD_HASH,
     VL_KIND_REFERRALS, "staff"},
    {"referral_outcomes", "wage", "the wage of a hire (history)", VL_PD_SEEKER, VL_PD_NULL,
     VL_PD_AS_IS, -1, NULL},
    {"referral_outcomes", "staff", "who recorded the outcome (staff)", VL_PD_STAFF, VL_PD_KEEP,
     VL_PD_AS_IS, -1, NULL},
    {"counselling", "seeker", "the seeker's id", VL_PD_SEEKER, VL_PD_KEEP, VL_PD_HASH,
     VL_KIND_COUNSELLING, "seeker"},
    {"counselling", "topic", "what was discussed (free text)", VL_PD_SEEKER, VL_PD_NULL,
     VL_PD_DROP, VL_KIND_COUNSELLING, "topic"},
    {"counselling", "sig", "hash of the row's text", VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS, -1,
     NULL},
    {"counselling", "staff", "the counsellor (staff)", VL_PD_STAFF, VL_PD_KEEP, VL_PD_HASH,
     VL_KIND_COUNSELLING, "staff"},
    {"users", "name", "a desk account (staff)", VL_PD_STAFF, VL_PD_KEEP, VL_PD_AS_IS, -1, NULL},
    {"access_audit", "by_user", "who saw or changed a record (staff); the audit is "
     "append-only and holds ids, never a seeker's data", VL_PD_STAFF, VL_PD_KEEP, VL_PD_AS_IS,
     -1, NULL},
};

/* How the rows of one seeker are found in each table that holds a seeker's data (?1 = id). */
static const struct {
    const char *table, *where;
} seeker_rows[] = {
    {"seekers", "id = ?1"},
    {"seeker_priority", "seeker_id = ?1"},
    {"referrals", "seeker = ?1"},
    {"referral_outcomes", "referral IN (SELECT id FROM referrals WHERE seeker = ?1)"},
    {"counselling", "seeker = ?1"},
};
/* clang-format on */

const vl_personal_column *vl_personal_columns(size_t *n)
{
    if (n)
        *n = VL_ARRAY_LEN(columns);
    return columns;
}

/* The statements that erase one seeker (?1 = id) from table t of seeker_rows: an UPDATE setting
 * the table's VL_PD_NULL columns to NULL, and a DELETE when its rows are the data (each "" when
 * there is none). */
static vl_status erase_sql(vl_ctx *ctx, size_t t, vl_buf *upd, vl_buf *del)
{
    const char *table = seeker_rows[t].table, *where = seeker_rows[t].where;
    upd->len = del->len = 0;
    size_t nulls = 0;
    bool delete_rows = false;
    vl_buf_printf(upd, "UPDATE %s SET ", table);
    for (size_t i = 0; i < VL_ARRAY_LEN(columns); i++) {
        const vl_personal_column *c = &columns[i];
        if (c->subject != VL_PD_SEEKER || strcmp(c->table, table) != 0)
            continue;
        if (c->erase == VL_PD_NULL)
            vl_buf_printf(upd, "%s%s = NULL", nulls++ ? ", " : "", c->column);
        else if (c->erase == VL_PD_DELETE_ROW)
            delete_rows = true;
    }
    vl_buf_printf(upd, " WHERE %s", where);
    if (!nulls)
        upd->len = 0;
    if (delete_rows)
        vl_buf_printf(del, "DELETE FROM %s WHERE %s", table, where);
    /* terminated even when empty */
    vl_buf_append(upd, "", 1);
    vl_buf_append(del, "", 1);
    if (upd->failed || del->failed)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    upd->len--;
    del->len--;
    return VL_OK;
}

/* Runs sql with ?1 = id; the number of rows it changed goes to *changed. */
static vl_status run_for(vl_ctx *ctx, vl_db *db, const char *sql, const char *id, int64_t *changed)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, id, false);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "erasing a seeker");
    if (changed)
        *changed = vl__db_changes(db);
    vl__finalize(s);
    return st;
}

static vl_status erase_one(vl_ctx *ctx, vl_db *db, const char *id, const char *reason,
                           const char *by, const char *today, vl_buf *upd, vl_buf *del)
{
    int64_t found = 0;
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, "SELECT COUNT(*) FROM seekers WHERE id = ?", &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, id, false);
    if (vl__step(s) == VL__ROW)
        found = vl__col_int64(s, 0);
    else
        st = vl__db_sqlerr(ctx, db, "erasing a seeker");
    vl__finalize(s);
    if (st != VL_OK)
        return st;
    if (found == 0)
        return vl__error(ctx, VL_ERR_NOTFOUND, "no seeker with id '%s'", id);
    for (size_t t = 0; t < VL_ARRAY_LEN(seeker_rows) && st == VL_OK; t++) {
        if ((st = erase_sql(ctx, t, upd, del)) != VL_OK)
            break;
        if (del->len)
            st = run_for(ctx, db, del->data, id, NULL);
        if (st == VL_OK && upd->len)
            st = run_for(ctx, db, upd->data, id, NULL);
    }
    if (st != VL_OK)
        return st;
    /* no longer served: out of matching and fairs; the date says when and why it is empty */
    if ((st = vl__db_prepare(ctx, db,
                             "UPDATE seekers SET status = 'withdrawn', erased = ?2 WHERE id = ?1",
                             &s)) != VL_OK)
        return st;
    vl__bind_text(s, 1, id, false);
    vl__bind_text(s, 2, today, false);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "erasing a seeker");
    vl__finalize(s);
    if (st != VL_OK)
        return st;
    char detail[600];
    snprintf(detail, sizeof detail, "reason: %s", reason ? reason : "");
    vl_audit_entry e = {.user = by && *by ? by : "?",
                        .action = "erase",
                        .kind = "seeker",
                        .record = id,
                        .detail = detail};
    return vl_db_audit_append(ctx, db, &e, 1);
}

vl_status vl_db_erase_seekers(vl_ctx *ctx, vl_db *db, const char *const *ids, size_t n,
                              const char *reason, const char *by, vl_erase_report *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!db || (n && !ids))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_erase_seekers: missing argument");
    if (!reason || !*reason)
        return vl__error(ctx, VL_ERR_ARG, "an erasure needs a reason (--reason TEXT)");
    if (n == 0)
        return VL_OK;
    bool sqlite = vl__db_backend(db) == VL__SQLITE;
    vl_status st = VL_OK;
    /* freed cells and pages are overwritten with zeros, not left in the file */
    if (sqlite)
        st = vl__db_exec(ctx, db, "PRAGMA secure_delete = ON");
    char now[21], today[11];
    vl__utc_now(now);
    snprintf(today, sizeof today, "%.10s", now);
    if (st == VL_OK)
        st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    vl_buf upd = {0}, del = {0};
    for (size_t i = 0; i < n && st == VL_OK; i++)
        st = erase_one(ctx, db, ids[i], reason, by, today, &upd, &del);
    vl_buf_free(&upd);
    vl_buf_free(&del);
    /* FTS5 keeps a deleted row's words in older index segments until they are merged: merge
     * them all now, so the freed pages (zeroed) take the old words with them */
    if (st == VL_OK && sqlite)
        st = vl__db_exec(ctx, db, "INSERT INTO seeker_names(seeker_names) VALUES('optimize')");
    if (st != VL_OK) {
        vl__db_rollback(db);
        return st;
    }
    if ((st = vl__db_commit(ctx, db)) != VL_OK)
        return st;
    if (out)
        out->erased = n;
    if (sqlite) {
        /* the WAL still holds the pages as they were before: copy the new ones into the file
         * and truncate the WAL to nothing (possible only when no reader is in the middle of a
         * snapshot) */
        int64_t busy = 1;
        if (vl__db_scalar(ctx, db, "PRAGMA wal_checkpoint(TRUNCATE)", &busy) == VL_OK &&
            busy == 0) {
            if (out)
                out->wal_emptied = true;
        } else {
            vl__log(ctx, VL_LOG_WARNING,
                    "erased, but another program has the database open: old values stay in "
                    "its WAL file until the next checkpoint (stop the desk and run the erase "
                    "again to be sure)");
        }
    } else {
        /* old row versions stay in the tables until VACUUM (not in a transaction) */
        st = vl__db_exec(ctx, db,
                         "VACUUM seekers, seeker_priority, referrals, referral_outcomes, "
                         "counselling");
        if (st == VL_OK && out)
            out->vacuumed = true;
    }
    return st;
}

/* ---- retention --------------------------------------------------------------------------------
 */

typedef struct privacy_file {
    char model[16];
    int version;
    int inactive_years;
} privacy_file;

#define M privacy_file
static const vl__model_key privacy_keys[] = {
    VL__MODEL_STRING("model", M, model, "privacy", "Which model this file is: `privacy`."),
    VL__MODEL_INT("version", M, version, 1, 1, 1, "", "Format version of this file: 1."),
    VL__MODEL_INT("retention.inactive_years", M, inactive_years, 1, 100, 5, "years",
                  "`vieclam erase inactive` erases the personal data of seekers with no "
                  "activity (registration, referral, outcome, follow-up, counselling) for this "
                  "many years."),
};
#undef M

vl_status vl_privacy_model_load(vl_ctx *ctx, const char *path, vl_privacy_model *out)
{
    if (!out)
        return vl__error(ctx, VL_ERR_ARG, "vl_privacy_model_load: no output");
    privacy_file f;
    if (!path) {
        vl__model_defaults(privacy_keys, VL_ARRAY_LEN(privacy_keys), &f);
    } else {
        vl_status st =
            vl__model_load(ctx, path, privacy_keys, VL_ARRAY_LEN(privacy_keys), &f, sizeof f);
        if (st != VL_OK)
            return st;
        if (strcmp(f.model, "privacy") != 0)
            return vl__error(ctx, VL_ERR_INVALID, "%s: key model must be `privacy` (got `%s`)",
                             path, f.model);
    }
    out->inactive_years = f.inactive_years;
    return VL_OK;
}

vl_status vl_db_retention_scan(vl_ctx *ctx, vl_db *db, int years, int32_t as_of, vl_retention_fn fn,
                               void *ud, size_t *n)
{
    if (n)
        *n = 0;
    if (!db || years < 1 || as_of < 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_retention_scan: bad argument");
    if (as_of == 0)
        as_of = vl__today();
    char cutoff[40];
    snprintf(cutoff, sizeof cutoff, "%04d-%02d-%02d", as_of / 10000 - years, as_of / 100 % 100,
             as_of % 100);
    static const char sql[] =
        "SELECT id, last FROM (SELECT s.id AS id, (SELECT MAX(d) FROM ("
        " SELECT s.registered AS d"
        " UNION ALL SELECT r.referred_on FROM referrals r WHERE r.seeker = s.id"
        " UNION ALL SELECT r.outcome_on FROM referrals r WHERE r.seeker = s.id"
        " UNION ALL SELECT f.checked_on FROM followups f JOIN referrals r ON r.id = f.referral"
        "  WHERE r.seeker = s.id"
        " UNION ALL SELECT c.counselled_on FROM counselling c WHERE c.seeker = s.id) t) AS last"
        " FROM seekers s WHERE s.erased IS NULL) x"
        " WHERE last IS NOT NULL AND last < ?1 ORDER BY id";
    vl__stmt *s;
    vl_status st = vl__db_begin_read(ctx, db);
    if (st != VL_OK)
        return st;
    if ((st = vl__db_prepare(ctx, db, sql, &s)) == VL_OK) {
        vl__bind_text(s, 1, cutoff, false);
        int rc;
        size_t k = 0;
        while ((rc = vl__step(s)) == VL__ROW) {
            k++;
            if (fn)
                fn(ud, vl__col_text(s, 0), vl__col_date(s, 1));
        }
        if (rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "finding inactive seekers");
        if (n)
            *n = k;
        vl__finalize(s);
    }
    vl__db_end_read(db);
    return st;
}

/* ---- backup and restore -----------------------------------------------------------------------
 */

vl_status vl_db_backup(vl_ctx *ctx, vl_db *db, const char *path)
{
    if (!db || !path || !*path)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_backup: missing argument");
    return vl__db_backup(ctx, db, path, false);
}

vl_status vl_db_restore(vl_ctx *ctx, vl_db *db, const char *path)
{
    if (!db || !path || !*path)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_restore: missing argument");
    return vl__db_backup(ctx, db, path, true);
}
