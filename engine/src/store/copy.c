/*
 * copy.c - moving a centre's records from one database to another, whatever their backends
 * (a SQLite file to a PostgreSQL schema and back): every kind goes out through the exporter and
 * in through the importer, so the copy gets the same checks and canonical form as any import,
 * in one transaction on the target (all or nothing). Then each kind is exported again from the
 * target and compared with the source's export by row count and SHA-256: exports are
 * byte-identical across backends, so equal checksums prove the copy.
 *
 * What no export carries is copied beside them: which seekers were erased, and the erased
 * members of staff with the keyed hashes of their names and the key, so an erasure sticks on the
 * target as on the source (copy_erasures, docs/privacy.md); and every outcome ever recorded of a
 * referral, with when, how and by whom, where the export holds the current one
 * (copy_outcomes).
 *
 * And what the planners keep, which no export carries either: the year's targets and their
 * judgements of the forecasts (copy_plain).
 *
 * Not copied: the audit trail of runs and the results stored under them (match results, fair
 * invitations, forecasts), which belong to the database where they were made.
 */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/sha256.h"

/* The kinds in the order their references need (areas before employers ...). */
static const vl_kind order[] = {VL_KIND_AREAS,     VL_KIND_EMPLOYERS, VL_KIND_FAIRS,
                                VL_KIND_VACANCIES, VL_KIND_SEEKERS,   VL_KIND_HISTORY,
                                VL_KIND_REFERRALS, VL_KIND_FOLLOWUPS, VL_KIND_COUNSELLING};

/* A new empty file (mode 0600: it holds personal data) in the temporary directory. */
static vl_status temp_file(vl_ctx *ctx, char *path, size_t size)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/vieclam-copy.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return vl__error(ctx, VL_ERR_IO, "%s: cannot create a temporary file: %s", path,
                         strerror(errno));
    close(fd);
    return VL_OK;
}

/* Data rows of an export (lines after the header; no field holds a raw line break unquoted,
 * and the importer counts records the same way, so the import's count is used). */
static vl_status copy_kind(vl_ctx *ctx, vl_db *from, vl_db *to, vl_kind kind, const char *a,
                           const char *b, vl_copy_table *t)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    vl_status st = vl_db_export(ctx, from, kind, a, NULL);
    if (st != VL_OK)
        return st;
    vl_import_stats stats;
    if ((st = vl_db_import(ctx, to, kind, a, NULL, &stats)) != VL_OK)
        return st;
    t->rows = stats.rows;
    if ((st = vl_db_export(ctx, to, kind, b, NULL)) != VL_OK)
        return st;
    if ((st = vl__sha256_file(ctx, a, t->sha256_from)) != VL_OK ||
        (st = vl__sha256_file(ctx, b, t->sha256_to)) != VL_OK)
        return st;
    t->same = strcmp(t->sha256_from, t->sha256_to) == 0;
    return VL_OK;
}

/* The first column of sql's single row on db as text into out ("" when no row). */
static vl_status text_of(vl_ctx *ctx, vl_db *db, const char *sql, char *out, size_t size)
{
    *out = '\0';
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    int rc = vl__step(s);
    if (rc == VL__ROW)
        snprintf(out, size, "%s", vl__col_text(s, 0));
    else if (rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "copying the erasures");
    vl__finalize(s);
    return st;
}

/*
 * Erasures, in the target's transaction after the kinds: each erased seeker's date (the import
 * of its row made it withdrawn; seekers.erased makes the erasure stick: no file brings the
 * person's data back), then staff_erasures with their numbers (user#N in the copied rows stays
 * the same person's) and name hashes, and the key the hashes are under (meta). A target that
 * records other staff erasures or another key is refused: its user#N would mean other people.
 */
static vl_status copy_erasures(vl_ctx *ctx, vl_db *from, vl_db *to, vl_copy_report *out)
{
    vl__stmt *s, *w;
    vl_status st = vl__db_prepare(ctx, from,
                                  "SELECT id, erased FROM seekers WHERE erased IS NOT NULL"
                                  " ORDER BY id",
                                  &s);
    if (st != VL_OK)
        return st;
    if ((st = vl__db_prepare(ctx, to,
                             "UPDATE seekers SET erased = ?2, status = 'withdrawn' WHERE id = ?1",
                             &w)) != VL_OK) {
        vl__finalize(s);
        return st;
    }
    int rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        vl__reset(w);
        vl__bind_text(w, 1, vl__col_text(s, 0), false);
        vl__bind_text(w, 2, vl__col_text(s, 1), false);
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, "copying the erased seekers");
        else if (vl__db_changes(to) != 1)
            st = vl__error(ctx, VL_ERR_INVALID, "copying seeker %s: not in the target",
                           vl__col_text(s, 0));
        out->erased_seekers++;
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, from, "reading the erased seekers");
    vl__finalize(s);
    vl__finalize(w);
    static const char key_sql[] = "SELECT value FROM meta WHERE key = 'staff-name-key'";
    char key[80] = "", theirs[80] = "";
    int64_t here = 0;
    if (st == VL_OK)
        st = text_of(ctx, from, key_sql, key, sizeof key);
    if (st == VL_OK)
        st = text_of(ctx, to, key_sql, theirs, sizeof theirs);
    if (st == VL_OK)
        st = vl__db_scalar(ctx, to, "SELECT COUNT(*) FROM staff_erasures", &here);
    if (st != VL_OK)
        return st;
    if (here > 0 || (*theirs && strcmp(key, theirs) != 0))
        return vl__error(ctx, VL_ERR_INVALID,
                         "the target already records erased members of staff: copy into a new "
                         "database; nothing was copied");
    if (*key && !*theirs &&
        (st = vl__db_prepare(ctx, to, "INSERT INTO meta(key, value) VALUES ('staff-name-key', ?1)",
                             &w)) == VL_OK) {
        vl__bind_text(w, 1, key, false);
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, "copying the staff name key");
        vl__finalize(w);
    }
    if (st != VL_OK ||
        (st = vl__db_prepare(ctx, from,
                             "SELECT n, erased, role, name_mac FROM staff_erasures ORDER BY n",
                             &s)) != VL_OK)
        return st;
    /* the numbers as they are: PostgreSQL's identity column takes them only when told to */
    if ((st = vl__db_prepare(ctx, to,
                             vl__sql(to,
                                     "INSERT INTO staff_erasures(n, erased, role, name_mac)"
                                     " VALUES (?1, ?2, ?3, ?4)",
                                     "INSERT INTO staff_erasures(n, erased, role, name_mac)"
                                     " OVERRIDING SYSTEM VALUE VALUES (CAST(?1 AS BIGINT), ?2,"
                                     " ?3, ?4)"),
                             &w)) != VL_OK) {
        vl__finalize(s);
        return st;
    }
    rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        vl__reset(w);
        vl__bind_int64(w, 1, vl__col_int64(s, 0));
        vl__bind_text(w, 2, vl__col_text(s, 1), false);
        vl__bind_text(w, 3, vl__col_text(s, 2), false);
        vl__bind_text(w, 4, vl__col_text_len(s, 3, NULL), true);
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, "copying the staff erasures");
        out->staff_erasures++;
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, from, "reading the staff erasures");
    vl__finalize(s);
    vl__finalize(w);
    /* the next erasure on the target gets the next number */
    if (st == VL_OK && out->staff_erasures && vl__db_backend(to) == VL__POSTGRESQL)
        st = vl__db_exec(ctx, to,
                         "SELECT setval(pg_get_serial_sequence('staff_erasures', 'n'),"
                         " (SELECT MAX(n) FROM staff_erasures))");
    return st;
}

/* The outcome history in one order, as text, hashed: the same on both backends. */
static const char outcomes_sql[] =
    "SELECT referral, seq, outcome, outcome_on, start_on, wage, recorded, source, staff"
    " FROM referral_outcomes ORDER BY referral, seq";
static const char outcomes_types[] = "titttdttt";

/* Adds the row s stands on to h, as text: the same on both backends. types names each column
 * in turn: 't' text, 'i' integer, 'd' double. */
static void row_hash(vl_sha256 *h, vl__stmt *s, const char *types)
{
    for (int i = 0; types[i]; i++) {
        char num[40];
        const char *t = vl__col_null(s, i) ? "\x01" : NULL; /* NULL unlike any text */
        if (!t && types[i] == 'i')
            snprintf(num, sizeof num, "%lld", (long long)vl__col_int64(s, i)), t = num;
        else if (!t && types[i] == 'd')
            snprintf(num, sizeof num, "%.17g", vl__col_double(s, i)), t = num;
        else if (!t)
            t = vl__col_text(s, i);
        vl__sha256_update(h, t, strlen(t) + 1); /* with its terminator: fields apart */
    }
}

static void digest_hex(vl_sha256 *h, char hex[65])
{
    uint8_t d[32];
    vl__sha256_final(h, d);
    vl__sha256_hex(d, hex);
}

/* The digest of the rows sql reads on db (columns as types says), and their number; what says
 * what a failed read was reading. */
static vl_status rows_digest(vl_ctx *ctx, vl_db *db, const char *sql, const char *types,
                             const char *what, char hex[65], size_t *rows)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    vl_sha256 h;
    vl__sha256_init(&h);
    *rows = 0;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        row_hash(&h, s, types);
        (*rows)++;
    }
    if (rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, what);
    vl__finalize(s);
    digest_hex(&h, hex);
    return st;
}

/*
 * The referrals' outcome history, in the target's transaction after the kinds. The import of
 * the referrals recorded each one's current outcome as new (now, by the import); the source's
 * history replaces it, every event as recorded there. The target's referrals are the source's
 * (their exports agree), so its whole history is theirs. Verified by the digest of both sides:
 * the source's made from the rows as they are copied, the target's read back.
 */
static vl_status copy_outcomes(vl_ctx *ctx, vl_db *from, vl_db *to, vl_copy_report *out)
{
    vl_status st = vl__db_exec(ctx, to, "DELETE FROM referral_outcomes");
    vl__stmt *s = NULL, *w = NULL;
    if (st == VL_OK)
        st = vl__db_prepare(ctx, from, outcomes_sql, &s);
    if (st == VL_OK)
        st = vl__db_prepare(
            ctx, to,
            vl__sql(to,
                    "INSERT INTO referral_outcomes(referral, seq, outcome, outcome_on, start_on,"
                    " wage, recorded, source, staff) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    "INSERT INTO referral_outcomes(province, referral, seq, outcome, outcome_on,"
                    " start_on, wage, recorded, source, staff) SELECT province, id, CAST(?2 AS"
                    " INTEGER), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT), CAST(?6 AS"
                    " DOUBLE PRECISION), CAST(?7 AS TEXT), CAST(?8 AS TEXT), CAST(?9 AS TEXT)"
                    " FROM referrals WHERE id = ?1"),
            &w);
    int rc = VL__DONE;
    vl_sha256 h; /* the source's digest, of the rows as they are copied */
    vl__sha256_init(&h);
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        row_hash(&h, s, outcomes_types);
        out->outcome_events++;
        vl__reset(w);
        vl__bind_text(w, 1, vl__col_text(s, 0), false);
        vl__bind_int64(w, 2, vl__col_int64(s, 1));
        for (int i = 2; i < 9; i++) {
            if (vl__col_null(s, i))
                vl__bind_null(w, i + 1);
            else if (i == 5)
                vl__bind_double(w, i + 1, vl__col_double(s, i));
            else
                vl__bind_text(w, i + 1, vl__col_text(s, i), false);
        }
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, "copying the referrals' outcomes");
        else if (vl__db_changes(to) != 1)
            st = vl__error(ctx, VL_ERR_INVALID,
                           "copying the outcomes of referral %s: not in the target",
                           vl__col_text(s, 0));
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, from, "reading the referrals' outcomes");
    vl__finalize(s);
    vl__finalize(w);
    digest_hex(&h, out->outcomes_sha256);
    char theirs[65];
    size_t n = 0;
    if (st == VL_OK)
        st = rows_digest(ctx, to, outcomes_sql, outcomes_types, "reading the referrals' outcomes",
                         theirs, &n);
    if (st == VL_OK && (n != out->outcome_events || strcmp(theirs, out->outcomes_sha256) != 0))
        st = vl__error(ctx, VL_ERR_INVALID,
                       "copying the referrals' outcomes: the target's history differs from the "
                       "source's; nothing was copied");
    return st;
}

/*
 * What the planners and the year's report keep beside the records, copied as it is: each
 * province's targets of the year, and the planners' judgements (adjustments, scenarios) with
 * their numbers, authors and withdrawals. Nothing exports them; a centre moved to another
 * database without them would lose its year's targets and every judgement its forecasts apply.
 */
static const struct plain_table {
    const char *name, *what; /* the table; what copying it is called in messages (a msgid) */
    const char *cols, *order;
    const char *types;    /* per column, as row_hash */
    const char *identity; /* PostgreSQL: the identity column to take as it is, or NULL */
} plain_tables[] = {
    {"targets", N_("copying the targets"), "province, year, measure, value, set_at",
     "province, year, measure", "titdt", NULL},
    {"forecast_adjustments", N_("copying the planners' adjustments"),
     "id, province, series, keys, period_from, period_to, percent, value, reason, created_by,"
     " created_at, withdrawn_by, withdrawn_at",
     "id", "itttttidttttt", "id"},
    {"forecast_scenarios", N_("copying the planners' scenarios"),
     "id, province, name, series, keys, period_from, positions, reason, created_by, created_at,"
     " withdrawn_by, withdrawn_at",
     "id", "itttttdttttt", "id"},
};

_Static_assert(VL_ARRAY_LEN(plain_tables) == sizeof((vl_copy_report *)0)->planning / sizeof(size_t),
               "a count in vl_copy_report for each table");

/* Copies one of plain_tables into an empty table of the target, and compares the digests of
 * both sides; *rows receives the rows copied. */
static vl_status copy_plain(vl_ctx *ctx, vl_db *from, vl_db *to, const struct plain_table *t,
                            size_t *rows)
{
    vl_buf sel = {0}, ins = {0};
    bool pg = vl__db_backend(to) == VL__POSTGRESQL;
    vl_buf_printf(&sel, "SELECT %s FROM %s ORDER BY %s", t->cols, t->name, t->order);
    vl_buf_printf(&ins, "INSERT INTO %s(%s)%s VALUES (", t->name, t->cols,
                  pg && t->identity ? " OVERRIDING SYSTEM VALUE" : "");
    for (int i = 0; t->types[i]; i++) {
        const char *type = t->types[i] == 'i'   ? "BIGINT"
                           : t->types[i] == 'd' ? "DOUBLE PRECISION"
                                                : NULL;
        if (pg && type)
            vl_buf_printf(&ins, "%sCAST(?%d AS %s)", i ? ", " : "", i + 1, type);
        else
            vl_buf_printf(&ins, "%s?%d", i ? ", " : "", i + 1);
    }
    vl_buf_puts(&ins, ")");
    vl_status st = vl_buf_text(&sel) && vl_buf_text(&ins)
                       ? VL_OK
                       : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    int64_t there = 0;
    char count[96]; /* the table's name is one of plain_tables' */
    snprintf(count, sizeof count, "SELECT COUNT(*) FROM %s", t->name);
    if (st == VL_OK)
        st = vl__db_scalar(ctx, to, count, &there);
    if (st == VL_OK && there > 0)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%s: the target database already holds some; copy into a new database "
                       "(nothing was copied)",
                       vl__tr(ctx, t->what));
    vl__stmt *s = NULL, *w = NULL;
    if (st == VL_OK)
        st = vl__db_prepare(ctx, from, sel.data, &s);
    if (st == VL_OK)
        st = vl__db_prepare(ctx, to, ins.data, &w);
    vl_sha256 h; /* the source's digest, of the rows as they are copied */
    vl__sha256_init(&h);
    *rows = 0;
    int rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        row_hash(&h, s, t->types);
        (*rows)++;
        vl__reset(w);
        for (int i = 0; t->types[i]; i++) {
            if (vl__col_null(s, i))
                vl__bind_null(w, i + 1);
            else if (t->types[i] == 'i')
                vl__bind_int64(w, i + 1, vl__col_int64(s, i));
            else if (t->types[i] == 'd')
                vl__bind_double(w, i + 1, vl__col_double(s, i));
            else
                vl__bind_text(w, i + 1, vl__col_text(s, i), false);
        }
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, t->what);
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, from, t->what);
    vl__finalize(s);
    vl__finalize(w);
    char ours[65], theirs[65];
    digest_hex(&h, ours);
    size_t n = 0;
    if (st == VL_OK)
        st = rows_digest(ctx, to, sel.data, t->types, t->what, theirs, &n);
    if (st == VL_OK && (n != *rows || strcmp(ours, theirs) != 0))
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%s: the target's rows differ from the source's (nothing was copied)",
                       vl__tr(ctx, t->what));
    /* the next judgement recorded on the target gets the next number */
    if (st == VL_OK && pg && t->identity && *rows) {
        vl_buf sv = {0};
        vl_buf_printf(&sv,
                      "SELECT setval(pg_get_serial_sequence('%s', '%s'), (SELECT MAX(%s) FROM %s))",
                      t->name, t->identity, t->identity, t->name);
        st = vl_buf_text(&sv) ? vl__db_exec(ctx, to, sv.data)
                              : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        vl_buf_free(&sv);
    }
    vl_buf_free(&sel);
    vl_buf_free(&ins);
    return st;
}

vl_status vl_db_copy(vl_ctx *ctx, vl_db *from, vl_db *to, vl_copy_report *out)
{
    if (!from || !to || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_copy: missing argument");
    memset(out, 0, sizeof *out);
    char a[512], b[512];
    vl_status st = temp_file(ctx, a, sizeof a);
    if (st != VL_OK)
        return st;
    if ((st = temp_file(ctx, b, sizeof b)) != VL_OK) {
        unlink(a);
        return st;
    }
    /* one snapshot of the source, one transaction on the target */
    if ((st = vl__db_begin_read(ctx, from)) == VL_OK) {
        if ((st = vl__db_begin(ctx, to)) == VL_OK) {
            for (size_t i = 0; i < VL_ARRAY_LEN(order) && st == VL_OK; i++) {
                st = copy_kind(ctx, from, to, order[i], a, b, &out->tables[out->n]);
                if (st == VL_OK && !out->tables[out->n++].same)
                    st = vl__error(ctx, VL_ERR_INVALID,
                                   "copying %s: the target's export differs from the source's"
                                   " (the target held other records?); nothing was copied",
                                   vl_kind_name(order[i]));
            }
            if (st == VL_OK)
                st = copy_erasures(ctx, from, to, out);
            if (st == VL_OK)
                st = copy_outcomes(ctx, from, to, out);
            for (size_t i = 0; i < VL_ARRAY_LEN(plain_tables) && st == VL_OK; i++)
                st = copy_plain(ctx, from, to, &plain_tables[i], &out->planning[i]);
            if (st == VL_OK)
                st = vl__db_commit(ctx, to);
            else
                vl__db_rollback(to);
        }
        vl__db_end_read(from);
    }
    unlink(a);
    unlink(b);
    return st;
}
