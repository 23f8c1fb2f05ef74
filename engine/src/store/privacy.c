/*
 * privacy.c - personal data under Decree 13/2023/ND-CP: THE list of the columns that hold it
 * (vl_personal_columns), erasing a seeker's data from every table with the old values gone from
 * the file (vl_db_erase_seekers), the retention rule of models/privacy.yaml and its scan, and
 * a departed member of staff's erasure (vl_db_erase_user: the account goes, "user#N" stays where
 * the name stood, a keyed hash of the name lets an import recognise it), consistent backups and
 * checked restores (the backend does the copying: driver.h `backup`). A column that holds personal
 * data and is not in the list below is a defect: erase would leave it and a pseudonymised export
 * would print it. An employer's address and phone are a business's contact, not a natural person's
 * data, and are deliberately not listed.
 */
#include "model/model.h"
#include "store/driver.h"
#include "store/referrals.h"
#include "store/rows.h"
#include "store/sha256.h"
#include "store/store.h"

#include <vieclam/auth.h>
#include <vieclam/text.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

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
    {"referrals", "staff", "who referred (staff)", VL_PD_STAFF, VL_PD_REFERENCE, VL_PD_HASH,
     VL_KIND_REFERRALS, "staff"},
    {"referral_outcomes", "wage", "the wage of a hire (history)", VL_PD_SEEKER, VL_PD_NULL,
     VL_PD_AS_IS, -1, NULL},
    {"referral_outcomes", "staff", "who recorded the outcome (staff)", VL_PD_STAFF,
     VL_PD_REFERENCE, VL_PD_AS_IS, -1, NULL},
    {"counselling", "seeker", "the seeker's id", VL_PD_SEEKER, VL_PD_KEEP, VL_PD_HASH,
     VL_KIND_COUNSELLING, "seeker"},
    {"counselling", "topic", "what was discussed (free text)", VL_PD_SEEKER, VL_PD_NULL,
     VL_PD_DROP, VL_KIND_COUNSELLING, "topic"},
    {"counselling", "sig", "hash of the row's text", VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS, -1,
     NULL},
    {"counselling", "staff", "the counsellor (staff)", VL_PD_STAFF, VL_PD_REFERENCE, VL_PD_HASH,
     VL_KIND_COUNSELLING, "staff"},
    /* the seeker's id where other tables link to the person: kept by an erasure (the anonymous
     * rows stay linked), never exported by these tables */
    {"seeker_occupations", "seeker_id", "the seeker's id", VL_PD_SEEKER, VL_PD_KEEP, VL_PD_AS_IS,
     -1, NULL},
    {"seeker_skills", "seeker_id", "the seeker's id", VL_PD_SEEKER, VL_PD_KEEP, VL_PD_AS_IS, -1,
     NULL},
    {"seeker_languages", "seeker_id", "the seeker's id", VL_PD_SEEKER, VL_PD_KEEP, VL_PD_AS_IS,
     -1, NULL},
    {"seeker_abroad", "seeker_id", "the seeker's id", VL_PD_SEEKER, VL_PD_KEEP, VL_PD_AS_IS, -1,
     NULL},
    {"seeker_priority", "seeker_id", "the seeker's id (its rows are deleted)", VL_PD_SEEKER,
     VL_PD_KEEP, VL_PD_AS_IS, -1, NULL},
    {"seeker_keys", "id", "the seeker's id (the name index's key)", VL_PD_SEEKER, VL_PD_KEEP,
     VL_PD_AS_IS, -1, NULL},
    {"seeker_names", "name_key", "the name search index (FTS5): follows seekers.name_key",
     VL_PD_SEEKER, VL_PD_NULL, VL_PD_AS_IS, -1, NULL},
    {"match_results", "seeker_id", "the seeker's id in a stored match", VL_PD_SEEKER, VL_PD_KEEP,
     VL_PD_AS_IS, -1, NULL},
    {"fair_invitations", "seeker_id", "the seeker's id in a fair plan", VL_PD_SEEKER, VL_PD_KEEP,
     VL_PD_AS_IS, -1, NULL},
    {"changes", "id", "a changed record's id (a seeker's id for kind seeker)", VL_PD_SEEKER,
     VL_PD_KEEP, VL_PD_AS_IS, -1, NULL},
    /* staff: a departed member's erasure (vl_db_erase_user) deletes the account and puts the
     * anonymous reference user#N wherever the name was */
    {"users", "name", "a desk account's name (staff)", VL_PD_STAFF, VL_PD_DELETE_ROW, VL_PD_AS_IS,
     -1, NULL},
    {"users", "role", "the account's role", VL_PD_STAFF, VL_PD_DELETE_ROW, VL_PD_AS_IS, -1, NULL},
    {"users", "pw_hash", "the password's Argon2id hash", VL_PD_STAFF, VL_PD_DELETE_ROW,
     VL_PD_AS_IS, -1, NULL},
    {"users", "disabled", "whether the account is disabled", VL_PD_STAFF, VL_PD_DELETE_ROW,
     VL_PD_AS_IS, -1, NULL},
    {"users", "lang", "the account's language", VL_PD_STAFF, VL_PD_DELETE_ROW, VL_PD_AS_IS, -1,
     NULL},
    {"users", "created", "when the account was made", VL_PD_STAFF, VL_PD_DELETE_ROW,
     VL_PD_AS_IS, -1, NULL},
    {"users", "last_login", "when the person last logged in", VL_PD_STAFF, VL_PD_DELETE_ROW,
     VL_PD_AS_IS, -1, NULL},
    {"users", "province", "the province whose desk the account is", VL_PD_STAFF,
     VL_PD_DELETE_ROW, VL_PD_AS_IS, -1, NULL},
    {"users", "session_epoch", "how many times the account was disabled or changed role",
     VL_PD_STAFF, VL_PD_DELETE_ROW, VL_PD_AS_IS, -1, NULL},
    {"access_audit", "by_user", "who saw or changed a record (staff); the audit is "
     "append-only and holds ids, never a seeker's data", VL_PD_STAFF, VL_PD_REFERENCE,
     VL_PD_AS_IS, -1, NULL},
    {"access_audit", "record", "the record's id: a seeker's id (kept), or for kind user an "
     "account's name (staff)", VL_PD_STAFF, VL_PD_REFERENCE, VL_PD_AS_IS, -1, NULL},
    {"access_audit", "detail", "ids listed, an erasure's reason (free text)", VL_PD_TEXT,
     VL_PD_KEEP, VL_PD_AS_IS, -1, NULL},
    {"runs", "os_user", "the operating-system user who ran a command (staff)", VL_PD_STAFF,
     VL_PD_REFERENCE, VL_PD_AS_IS, -1, NULL},
    {"runs", "command", "the command line (ids, file names, an erasure's reason)", VL_PD_TEXT,
     VL_PD_KEEP, VL_PD_AS_IS, -1, NULL},
    {"runs", "inputs", "the input files' paths (a home folder names its owner)", VL_PD_TEXT,
     VL_PD_KEEP, VL_PD_AS_IS, -1, NULL},
    {"forecast_adjustments", "created_by", "the planner who adjusted a forecast (staff)",
     VL_PD_STAFF, VL_PD_REFERENCE, VL_PD_AS_IS, -1, NULL},
    {"forecast_adjustments", "withdrawn_by", "the planner who withdrew it (staff)", VL_PD_STAFF,
     VL_PD_REFERENCE, VL_PD_AS_IS, -1, NULL},
    {"forecast_adjustments", "reason", "why (free text)", VL_PD_TEXT, VL_PD_KEEP, VL_PD_AS_IS, -1,
     NULL},
    {"forecast_scenarios", "created_by", "the planner who added a scenario (staff)", VL_PD_STAFF,
     VL_PD_REFERENCE, VL_PD_AS_IS, -1, NULL},
    {"forecast_scenarios", "withdrawn_by", "the planner who withdrew it (staff)", VL_PD_STAFF,
     VL_PD_REFERENCE, VL_PD_AS_IS, -1, NULL},
    {"forecast_scenarios", "name", "the scenario's name (free text)", VL_PD_TEXT, VL_PD_KEEP,
     VL_PD_AS_IS, -1, NULL},
    {"forecast_scenarios", "reason", "why (free text)", VL_PD_TEXT, VL_PD_KEEP, VL_PD_AS_IS, -1,
     NULL},
    {"staff_erasures", "name_mac", "keyed hash of an erased member of staff's folded name "
     "(recognises it in old files; whoever can read the database's key can test a guessed "
     "name)", VL_PD_STAFF, VL_PD_KEEP, VL_PD_AS_IS, -1, NULL},
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

/* After an erasure changed rows: the sig of each referral and counselling row whose `column`
 * ("staff" or "seeker") is `value` is recomputed from the row as it is now stored (user#N for
 * the name; no wage, no notes), so an export taken after the erasure imports again as unchanged
 * (the sig is what an import compares) and no sig of the old values is left. */
static vl_status resign_rows(vl_ctx *ctx, vl_db *db, const char *column, const char *value)
{
    const char *ref = value;
    char sel[160];
    vl_buf keys = {0}; /* referral ids, then counselling's seeker and day, NUL-separated */
    size_t n_ref = 0, n_co = 0;
    vl__stmt *s;
    snprintf(sel, sizeof sel, "SELECT id FROM referrals WHERE %s = ?1", column);
    vl_status st = vl__db_prepare(ctx, db, sel, &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, ref, false);
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        const char *id = vl__col_text(s, 0);
        vl_buf_append(&keys, id, strlen(id) + 1);
        n_ref++;
    }
    if (rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "erasing personal data");
    vl__finalize(s);
    vl__canon canon = {0};
    char sig[65];
    vl__refstore *rs = NULL;
    vl__referral_facts *p = NULL;
    if (st == VL_OK && n_ref)
        st = vl__refstore_new(ctx, db, &rs);
    if (st == VL_OK && n_ref && !(p = vl__calloc(1, sizeof *p)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__stmt *u = NULL;
    if (st == VL_OK && n_ref)
        st = vl__db_prepare(ctx, db, "UPDATE referrals SET sig = ?2 WHERE id = ?1", &u);
    const char *k = keys.data;
    for (size_t i = 0; i < n_ref && st == VL_OK; i++, k += strlen(k) + 1) {
        if ((st = vl__referral_probe(rs, k, NULL, NULL, p)) != VL_OK)
            break;
        if (!p->found)
            continue;
        if (!vl__canon_referral(&p->old.row, &canon)) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        vl__canon_sig(&canon, sig);
        vl__reset(u);
        vl__bind_text(u, 1, k, false);
        vl__bind_text(u, 2, sig, false);
        if (vl__step(u) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "erasing personal data");
    }
    vl__finalize(u);
    vl__free(p);
    vl__refstore_free(rs);
    keys.len = 0;
    snprintf(sel, sizeof sel,
             "SELECT seeker, counselled_on, staff, topic FROM counselling WHERE %s = ?1", column);
    if (st == VL_OK && (st = vl__db_prepare(ctx, db, sel, &s)) == VL_OK) {
        vl__bind_text(s, 1, ref, false);
        while ((rc = vl__step(s)) == VL__ROW) {
            vl__counselling_row r = {vl__col_text(s, 0), vl__col_text(s, 2), vl__col_text(s, 3),
                                     vl__col_date(s, 1)};
            if (!vl__canon_counselling(&r, &canon)) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            vl__canon_sig(&canon, sig);
            const char *day = vl__col_text(s, 1);
            vl_buf_append(&keys, r.seeker, strlen(r.seeker) + 1);
            vl_buf_append(&keys, day, strlen(day) + 1);
            vl_buf_append(&keys, sig, sizeof sig);
            n_co++;
        }
        if (st == VL_OK && rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "erasing personal data");
        vl__finalize(s);
    }
    if (st == VL_OK && keys.failed)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && n_co &&
        (st = vl__db_prepare(ctx, db,
                             "UPDATE counselling SET sig = ?3 WHERE seeker = ?1"
                             " AND counselled_on = ?2",
                             &u)) == VL_OK) {
        k = keys.data;
        for (size_t i = 0; i < n_co && st == VL_OK; i++) {
            const char *day = k + strlen(k) + 1, *g = day + strlen(day) + 1;
            vl__reset(u);
            vl__bind_text(u, 1, k, false);
            vl__bind_text(u, 2, day, false);
            vl__bind_text(u, 3, g, false);
            if (vl__step(u) != VL__DONE)
                st = vl__db_sqlerr(ctx, db, "erasing personal data");
            k = g + strlen(g) + 1;
        }
        vl__finalize(u);
    }
    vl__canon_free(&canon);
    vl_buf_free(&keys);
    return st;
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
                           const char *by, const char *today, vl_buf *upd, vl_buf *del,
                           bool *erased)
{
    *erased = false;
    char before[16] = "";
    vl__stmt *s;
    vl_status st =
        vl__db_prepare(ctx, db, "SELECT COALESCE(erased, '') FROM seekers WHERE id = ?", &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, id, false);
    int rc = vl__step(s);
    if (rc == VL__ROW)
        snprintf(before, sizeof before, "%s", vl__col_text(s, 0));
    else if (rc == VL__DONE)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "no seeker with id '%s'", id);
    else
        st = vl__db_sqlerr(ctx, db, "erasing a seeker");
    vl__finalize(s);
    if (st != VL_OK)
        return st;
    /* erased before, or listed twice: nothing left to erase, and counting it again would say
     * more people were erased than were */
    if (*before) {
        vl__log(ctx, VL_LOG_WARNING, "seeker '%s' was erased already (%s): not erased again", id,
                before);
        return VL_OK;
    }
    /* no longer served: out of matching and fairs; the date says when and why it is empty.
     * First, because the database may refuse it: a PostgreSQL role with row-level security
     * reads every province's seekers but changes only its own provinces' rows, and a refused
     * row is simply not changed (every later statement would change nothing either) */
    if ((st = vl__db_prepare(ctx, db,
                             "UPDATE seekers SET status = 'withdrawn', erased = ?2 WHERE id = ?1",
                             &s)) != VL_OK)
        return st;
    vl__bind_text(s, 1, id, false);
    vl__bind_text(s, 2, today, false);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "erasing a seeker");
    else if (vl__db_changes(db) != 1)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "seeker '%s' belongs to another province: your database role may erase "
                       "only its own provinces' seekers; nobody was erased",
                       id);
    vl__finalize(s);
    if (st != VL_OK)
        return st;
    for (size_t t = 0; t < VL_ARRAY_LEN(seeker_rows) && st == VL_OK; t++) {
        if ((st = erase_sql(ctx, t, upd, del)) != VL_OK)
            break;
        if (del->len)
            st = run_for(ctx, db, del->data, id, NULL);
        if (st == VL_OK && upd->len)
            st = run_for(ctx, db, upd->data, id, NULL);
    }
    if (st == VL_OK)
        st = resign_rows(ctx, db, "seeker", id);
    if (st != VL_OK)
        return st;
    *erased = true;
    char detail[600];
    snprintf(detail, sizeof detail, "reason: %s", reason ? reason : "");
    vl_audit_entry e = {.user = by && *by ? by : "?",
                        .action = "erase",
                        .kind = "seeker",
                        .record = id,
                        .detail = detail};
    return vl_db_audit_append(ctx, db, &e, 1);
}

/* After an erasure committed: the old values out of the files. SQLite: the WAL still holds the
 * pages as they were before; copy the new ones into the file and truncate the WAL to nothing
 * (possible only when no reader is in the middle of a snapshot). PostgreSQL: old row versions
 * stay in the tables until VACUUM (not in a transaction) of the tables touched, and the
 * planner's statistics (pg_statistic: common values, histograms) hold them until ANALYZE: both. */
static vl_status scrub(vl_ctx *ctx, vl_db *db, vl_erase_report *out, const char *tables)
{
    if (vl__db_backend(db) == VL__SQLITE) {
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
        return VL_OK;
    }
    /* VACUUM by a role that owns neither the tables nor the database skips them with only a
     * warning: a province's role (scripts/pg-roles.sh) owns nothing, and saying "vacuumed"
     * would be false. Each partition is vacuumed on its own and checked as such. */
    vl_buf sql = {0};
    vl_buf_printf(&sql,
                  "SELECT COUNT(*) FROM unnest(string_to_array('%s', ', ')) AS t(name),"
                  " pg_partition_tree(t.name::regclass) p JOIN pg_class c ON c.oid = p.relid"
                  " WHERE NOT pg_has_role(c.relowner, 'USAGE') AND NOT pg_has_role((SELECT"
                  " datdba FROM pg_database WHERE datname = current_database()), 'USAGE')",
                  tables);
    int64_t foreign = 1;
    vl_status st = vl_buf_text(&sql) ? vl__db_scalar(ctx, db, sql.data, &foreign)
                                     : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && foreign == 0) {
        sql.len = 0;
        vl_buf_printf(&sql, "VACUUM (ANALYZE) %s", tables);
        st = vl_buf_text(&sql) ? vl__db_exec(ctx, db, sql.data)
                               : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        if (st == VL_OK && out)
            out->vacuumed = true;
    } else if (st == VL_OK) {
        if (out)
            out->owner_must_vacuum = true;
        vl__log(ctx, VL_LOG_WARNING,
                "erased, but this database role does not own the tables: the old values stay "
                "in PostgreSQL's table files and statistics until the database owner runs "
                "VACUUM (ANALYZE) %s",
                tables);
    }
    vl_buf_free(&sql);
    return st;
}

/* Whether text is missing or only spaces. */
static bool blank(const char *text)
{
    if (!text)
        return true;
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    return *text == '\0';
}

vl_status vl_db_seeker_erased(vl_ctx *ctx, vl_db *db, const char *id, char out[11])
{
    if (!db || !id || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_seeker_erased: missing argument");
    out[0] = '\0';
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, "SELECT erased FROM seekers WHERE id = ?1", &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, id, false);
    int rc = vl__step(s);
    if (rc == VL__ROW && vl__col_text(s, 0))
        snprintf(out, 11, "%s", vl__col_text(s, 0));
    else if (rc == VL__DONE)
        st = vl__no_record(ctx, VL_KIND_SEEKERS, id);
    else if (rc != VL__ROW)
        st = vl__db_sqlerr(ctx, db, "reading a seeker");
    vl__finalize(s);
    return st;
}

vl_status vl_db_erase_seekers(vl_ctx *ctx, vl_db *db, const char *const *ids, size_t n,
                              const char *reason, const char *by, vl_erase_report *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!db || (n && !ids))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_erase_seekers: missing argument");
    if (blank(reason))
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
    size_t erased = 0, already = 0;
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        bool done = false;
        st = erase_one(ctx, db, ids[i], reason, by, today, &upd, &del, &done);
        erased += done;
        already += st == VL_OK && !done;
    }
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
    if (out) {
        out->erased = erased;
        out->already = already;
    }
    if (erased == 0)
        return VL_OK; /* nothing changed, nothing to scrub */
    return scrub(ctx, db, out,
                 "seekers, seeker_priority, referrals, referral_outcomes, counselling");
}

/* ---- staff ------------------------------------------------------------------------------------
 */

/* The key lives in the database, beside the hashes, because every import and every backend
 * must recognise an erased name without being handed a file (the pseudonym key of exports is
 * the analysts' and is never used here, so an export's staff pseudonym never equals a
 * name_mac). It keeps the name from whoever sees staff_erasures alone; whoever can read the
 * whole database can test a guessed name, as with any keyed hash whose key is at hand. */
#define STAFF_KEY "staff-name-key"

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

vl_status vl__staff_key(vl_ctx *ctx, vl_db *db, bool make, unsigned char key[32], bool *have)
{
    *have = false;
    vl__stmt *s;
    vl_status st =
        vl__db_prepare(ctx, db, "SELECT value FROM meta WHERE key = '" STAFF_KEY "'", &s);
    if (st != VL_OK)
        return st;
    int rc = vl__step(s);
    if (rc == VL__ROW) {
        const char *v = vl__col_text(s, 0);
        *have = strlen(v) == 64;
        for (size_t i = 0; i < 32 && *have; i++) {
            int hi = hex_digit(v[2 * i]), lo = hex_digit(v[2 * i + 1]);
            *have = hi >= 0 && lo >= 0;
            key[i] = (unsigned char)(hi << 4 | lo);
        }
        if (!*have)
            st = vl__error(ctx, VL_ERR_DB, "meta '%s' is not 64 hex digits", STAFF_KEY);
    } else if (rc != VL__DONE) {
        st = vl__db_sqlerr(ctx, db, "reading the staff name key");
    }
    vl__finalize(s);
    if (st != VL_OK || *have || !make)
        return st;
    if (getrandom(key, 32, 0) != 32)
        return vl__error(ctx, VL_ERR_IO, "no random bytes for the staff name key: %s",
                         strerror(errno));
    char hex[65];
    for (size_t i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", key[i]);
    if ((st = vl__db_prepare(ctx, db, "INSERT INTO meta(key, value) VALUES ('" STAFF_KEY "', ?1)",
                             &s)) != VL_OK)
        return st;
    vl__bind_text(s, 1, hex, false);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "storing the staff name key");
    vl__finalize(s);
    *have = st == VL_OK;
    return st;
}

bool vl__staff_name_mac(const unsigned char key[32], const char *name, char hex[65])
{
    char *k = vl_text_fold(name);
    if (!k)
        return false;
    uint8_t mac[32];
    /* a domain of its own: no other keyed hash of the same text under the same key matches */
    size_t n = strlen(k);
    char *m = vl__malloc(n + 12);
    if (!m) {
        free(k);
        return false;
    }
    memcpy(m, "staff-name:", 11);
    memcpy(m + 11, k, n + 1);
    vl__hmac_sha256(key, 32, m, n + 11, mac);
    vl__free(m);
    free(k);
    for (size_t i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", mac[i]);
    return true;
}

/* The rows of a staff column that name an account, beyond `column = name` (?1). */
static const char *staff_where(const vl_personal_column *c)
{
    if (strcmp(c->table, "access_audit") == 0 && strcmp(c->column, "record") == 0)
        return " AND kind = 'user'"; /* elsewhere the record is a seeker's or vacancy's id */
    return "";
}

vl_status vl_db_erase_user(vl_ctx *ctx, vl_db *db, const char *name, const char *reason,
                           const char *by, char *ref_out, vl_erase_report *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (ref_out)
        *ref_out = '\0';
    if (!db || !name)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_erase_user: missing argument");
    if (blank(reason))
        return vl__error(ctx, VL_ERR_ARG, "an erasure needs a reason (--reason TEXT)");
    bool sqlite = vl__db_backend(db) == VL__SQLITE;
    vl_status st = sqlite ? vl__db_exec(ctx, db, "PRAGMA secure_delete = ON") : VL_OK;
    if (st == VL_OK)
        st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    char role[16] = "", now[21], ref[32] = "";
    vl__utc_now(now);
    int64_t admins = 0;
    vl__stmt *s;
    if ((st = vl__db_prepare(ctx, db,
                             "SELECT role, (SELECT COUNT(*) FROM users o WHERE o.role = 'admin'"
                             " AND o.disabled = 0 AND o.name <> ?1) FROM users WHERE name = ?1",
                             &s)) == VL_OK) {
        vl__bind_text(s, 1, name, false);
        int rc = vl__step(s);
        if (rc == VL__ROW) {
            snprintf(role, sizeof role, "%s", vl__col_text(s, 0));
            admins = vl__col_int64(s, 1);
        } else if (rc == VL__DONE) {
            st = vl__error(ctx, VL_ERR_NOTFOUND, "no user named '%s'", name);
        } else {
            st = vl__db_sqlerr(ctx, db, "erasing a user");
        }
        vl__finalize(s);
    }
    if (st == VL_OK && strcmp(role, "admin") == 0 && admins == 0)
        st = vl__error(ctx, VL_ERR_CONFLICT,
                       "'%s' is the last active admin: add another admin before erasing it", name);
    /* the name's keyed hash, so that an import of an old file recognises it (never the name) */
    unsigned char key[32];
    char mac[65] = "";
    bool have_key = false;
    if (st == VL_OK && (st = vl__staff_key(ctx, db, true, key, &have_key)) == VL_OK &&
        !vl__staff_name_mac(key, name, mac))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    /* the erasure's number is the reference: one per erased account, never reused */
    if (st == VL_OK && (st = vl__db_prepare(
                            ctx, db,
                            "INSERT INTO staff_erasures(erased, role, name_mac) VALUES (?1, ?2, ?3)"
                            " RETURNING n",
                            &s)) == VL_OK) {
        vl__bind_text(s, 1, now, false);
        vl__bind_text(s, 2, role, false);
        vl__bind_text(s, 3, mac, false);
        if (vl__step(s) == VL__ROW)
            snprintf(ref, sizeof ref, "user#%lld", (long long)vl__col_int64(s, 0));
        else
            st = vl__db_sqlerr(ctx, db, "erasing a user");
        vl__finalize(s);
    }
    /* the account itself first: every users column is the person's (VL_PD_DELETE_ROW), and the
     * access audit lets a name be replaced only once it is no longer an account's */
    if (st == VL_OK &&
        (st = vl__db_prepare(ctx, db, "DELETE FROM users WHERE name = ?1", &s)) == VL_OK) {
        vl__bind_text(s, 1, name, false);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "erasing a user");
        vl__finalize(s);
    }
    size_t n;
    const vl_personal_column *pc = vl_personal_columns(&n);
    vl_buf sql = {0};
    for (size_t k = 0; k < n && st == VL_OK; k++) {
        if (pc[k].subject != VL_PD_STAFF || pc[k].erase != VL_PD_REFERENCE)
            continue;
        sql.len = 0;
        /* a column filled from files (referrals, counselling) may hold the name in other letter
         * case or without its diacritics: the folded name matches there, as the importer
         * matches later files (unless the text is exactly a current account's name) */
        bool ok =
            pc[k].kind >= 0
                ? vl_buf_printf(&sql,
                                "UPDATE %s SET %s = ?2 WHERE %s = ?1 OR (vl_fold(%s) ="
                                " vl_fold(?1) AND %s NOT IN (SELECT name FROM users))",
                                pc[k].table, pc[k].column, pc[k].column, pc[k].column, pc[k].column)
                : vl_buf_printf(&sql, "UPDATE %s SET %s = ?2 WHERE %s = ?1%s", pc[k].table,
                                pc[k].column, pc[k].column, staff_where(&pc[k]));
        if (!ok) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        if ((st = vl__db_prepare(ctx, db, sql.data, &s)) != VL_OK)
            break;
        vl__bind_text(s, 1, name, false);
        vl__bind_text(s, 2, ref, false);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "erasing a user");
        vl__finalize(s);
    }
    vl_buf_free(&sql);
    /* the command lines that name the account: the desk's jobs write "(by NAME)", a planner's
     * commands "--by NAME" (runs.command is free text, kept: only the name goes) */
    if (st == VL_OK &&
        (st = vl__db_prepare(ctx, db,
                             "UPDATE runs SET command = SUBSTR(x, 1, LENGTH(x) - 1) FROM (SELECT"
                             " id AS rid, REPLACE(REPLACE(command || ' ', ' (by ' || ?1 || ') ',"
                             " ' (by ' || ?2 || ') '), ' --by ' || ?1 || ' ', ' --by ' || ?2 ||"
                             " ' ') AS x FROM runs WHERE command LIKE '%by %') AS n"
                             " WHERE runs.id = n.rid AND x <> command || ' '",
                             &s)) == VL_OK) {
        vl__bind_text(s, 1, name, false);
        vl__bind_text(s, 2, ref, false);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "erasing a user");
        vl__finalize(s);
    }
    if (st == VL_OK)
        st = resign_rows(ctx, db, "staff", ref);
    if (st == VL_OK) {
        char detail[600];
        snprintf(detail, sizeof detail, "reason: %s", reason);
        vl_audit_entry e = {.user = by && *by ? by : "?",
                            .action = "erase",
                            .kind = "user",
                            .record = ref,
                            .detail = detail};
        st = vl_db_audit_append(ctx, db, &e, 1);
    }
    if (st != VL_OK) {
        vl__db_rollback(db);
        return st;
    }
    if ((st = vl__db_commit(ctx, db)) != VL_OK)
        return st;
    if (ref_out)
        memcpy(ref_out, ref, sizeof ref);
    if (out)
        out->erased = 1;
    return scrub(ctx, db, out,
                 "users, access_audit, referrals, referral_outcomes, counselling, runs, "
                 "forecast_adjustments, forecast_scenarios");
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
    /* under a load scope, the seekers whose area lies in its provinces: those a province's
     * server may erase (a seeker without an area is no province's to erase) */
    vl_buf sql = {0};
    vl_buf_puts(&sql,
                "SELECT id, last FROM (SELECT s.id AS id, (SELECT MAX(d) FROM ("
                " SELECT s.registered AS d"
                " UNION ALL SELECT r.referred_on FROM referrals r WHERE r.seeker = s.id"
                " UNION ALL SELECT r.outcome_on FROM referrals r WHERE r.seeker = s.id"
                " UNION ALL SELECT f.checked_on FROM followups f JOIN referrals r ON r.id ="
                " f.referral WHERE r.seeker = s.id"
                " UNION ALL SELECT c.counselled_on FROM counselling c WHERE c.seeker = s.id) t)"
                " AS last FROM seekers s WHERE s.erased IS NULL");
    if (vl__db_scope(db)) {
        vl_buf_puts(&sql, " AND ");
        vl__scope_area_condition(&sql, db, "s.", false);
    }
    vl_buf_puts(&sql, ") x WHERE last IS NOT NULL AND last < ?1 ORDER BY id");
    if (!vl_buf_text(&sql)) {
        vl_buf_free(&sql);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl__stmt *s;
    vl_status st = vl__db_begin_read(ctx, db);
    if (st != VL_OK) {
        vl_buf_free(&sql);
        return st;
    }
    if ((st = vl__db_prepare(ctx, db, sql.data, &s)) == VL_OK) {
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
    vl_buf_free(&sql);
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
    /* the erasures made since the backup: an erasure sticks (Decree 13/2023/ND-CP), so a backup
     * made before it must not bring the person back; they are erased again once restored */
    vl_buf gone = {0}; /* id, date, NUL-separated */
    size_t n = 0;
    vl__stmt *s;
    vl_status st =
        vl__db_prepare(ctx, db, "SELECT id, erased FROM seekers WHERE erased IS NOT NULL", &s);
    if (st != VL_OK)
        return st;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        const char *id = vl__col_text(s, 0), *on = vl__col_text(s, 1);
        vl_buf_append(&gone, id, strlen(id) + 1);
        vl_buf_append(&gone, on, strlen(on) + 1);
        n++;
    }
    if (rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "reading the erased seekers");
    vl__finalize(s);
    if (st == VL_OK && gone.failed)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK)
        st = vl__db_backup(ctx, db, path, true);
    const char *k = gone.data;
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        const char *on = k + strlen(k) + 1;
        char back[16] = "";
        bool here = false;
        if ((st = vl__db_prepare(ctx, db, "SELECT COALESCE(erased, '') FROM seekers WHERE id = ?",
                                 &s)) != VL_OK)
            break;
        vl__bind_text(s, 1, k, false);
        rc = vl__step(s);
        if (rc == VL__ROW) {
            here = true;
            snprintf(back, sizeof back, "%s", vl__col_text(s, 0));
        } else if (rc != VL__DONE) {
            st = vl__db_sqlerr(ctx, db, "reading the erased seekers");
        }
        vl__finalize(s);
        if (st == VL_OK && here && !*back) {
            char reason[96];
            snprintf(reason, sizeof reason, "erased on %s, after the backup: again after restore",
                     on);
            const char *one[] = {k};
            vl__log(ctx, VL_LOG_WARNING,
                    "seeker '%s' was erased on %s, after the backup was made: erased again in "
                    "the restored database",
                    k, on);
            st = vl_db_erase_seekers(ctx, db, one, 1, reason, "restore", NULL);
        }
        k = on + strlen(on) + 1;
    }
    vl_buf_free(&gone);
    return st;
}
