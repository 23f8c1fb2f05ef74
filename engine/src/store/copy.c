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
 * A province's file can also join a database that holds other provinces' records
 * (vl_db_copy_join): each kind is then proved by the target's export before and after the import
 * (join_kind), so that none of the target's records changes.
 *
 * Not copied: the audit trail of runs and the results stored under them (match results, fair
 * invitations, forecasts), which belong to the database where they were made.
 */
#include "store/store.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/csv.h"
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
                           const char *b, bool province, vl_copy_table *t)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    vl_status st = province ? vl__db_export_province(ctx, from, kind, a)
                            : vl_db_export(ctx, from, kind, a, NULL);
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

/*
 * The columns of a kind's file that hold the centre's own ids, which an id prefix renames
 * (areas are the country's codes; history rows have no ids).
 */
static const char *const *id_columns(vl_kind kind)
{
    static const char *const id[] = {"id", NULL}, *const seeker[] = {"seeker", NULL};
    static const char *const vacancy[] = {"id", "employer", "fair", NULL};
    static const char *const referral[] = {"id", "seeker", "vacancy", NULL};
    static const char *const followup[] = {"referral", NULL};
    switch (kind) {
    case VL_KIND_EMPLOYERS:
    case VL_KIND_FAIRS:
    case VL_KIND_SEEKERS:
        return id;
    case VL_KIND_VACANCIES:
        return vacancy;
    case VL_KIND_REFERRALS:
        return referral;
    case VL_KIND_FOLLOWUPS:
        return followup;
    case VL_KIND_COUNSELLING:
        return seeker;
    default:
        return NULL;
    }
}

/* id as copied into the target: with prefix (NULL: none) before it, in b; NULL when out of
 * memory. */
static const char *prefixed(vl_buf *b, const char *prefix, const char *id)
{
    b->len = 0;
    return vl_buf_printf(b, "%s%s", prefix ? prefix : "", id) ? b->data : NULL;
}

/* Rewrites the export path of kind with prefix before each non-empty id (id_columns); the file
 * is replaced whole (vl_output), 0600. */
static vl_status prefix_ids(vl_ctx *ctx, const char *path, vl_kind kind, const char *prefix)
{
    const char *const *cols = id_columns(kind);
    if (!prefix || !cols)
        return VL_OK;
    vl_csv_reader *r = NULL;
    vl_csv_writer *w = NULL;
    /* the writer first: an output never replaces a file being read (vl__guard_on), and this
     * one, the copy's own temporary file, is replaced by design */
    vl_status st = vl_csv_writer_open(ctx, path, VL_OUTPUT_PRIVATE, &w);
    if (st == VL_OK)
        st = vl_csv_open(ctx, path, &r);
    size_t n = r ? vl_csv_ncols(r) : 0;
    bool *renamed = st == VL_OK ? vl__calloc(n ? n : 1, sizeof *renamed) : NULL;
    const char **cells = st == VL_OK ? vl__calloc(n ? n : 1, sizeof *cells) : NULL;
    /* one buffer per column, reused row after row */
    vl_buf *bufs = st == VL_OK ? vl__calloc(n ? n : 1, sizeof *bufs) : NULL;
    if (st == VL_OK && (!renamed || !cells || !bufs))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        cells[i] = vl_csv_colname(r, i);
        for (size_t c = 0; cols[c]; c++)
            renamed[i] = renamed[i] || strcmp(cells[i], cols[c]) == 0;
    }
    if (st == VL_OK)
        st = vl_csv_write_row(w, n, cells);
    const vl_csv_record *rec;
    while (st == VL_OK && (st = vl_csv_next(r, &rec)) == VL_OK && rec) {
        if (rec->problem || rec->n != n) {
            st = vl__error(ctx, VL_ERR_INVALID, "%s:%zu: %s", path, rec->line,
                           rec->problem ? rec->problem : vl__tr(ctx, "not the header's columns"));
            break;
        }
        for (size_t i = 0; i < n && st == VL_OK; i++) {
            cells[i] = renamed[i] && *rec->fields[i] ? prefixed(&bufs[i], prefix, rec->fields[i])
                                                     : rec->fields[i];
            if (!cells[i])
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
        if (st == VL_OK)
            st = vl_csv_write_row(w, n, cells);
    }
    vl_csv_close(r);
    for (size_t i = 0; bufs && i < n; i++)
        vl_buf_free(&bufs[i]);
    vl__free(renamed);
    vl__free(cells);
    vl__free(bufs);
    if (st == VL_OK)
        return vl_csv_writer_close(ctx, w);
    if (w)
        vl_csv_writer_discard(w);
    return st;
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
 * Joining a shared database (join), a file with erased members of staff is refused for the same
 * reason, and one without takes nothing of the staff's.
 */
static vl_status copy_erasures(vl_ctx *ctx, vl_db *from, vl_db *to, bool join, bool part,
                               const char *prefix, vl_copy_report *out)
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
    vl_buf id = {0}; /* the seeker's id as copied (with the prefix) */
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        if (!prefixed(&id, prefix, vl__col_text(s, 0))) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        vl__reset(w);
        vl__bind_text(w, 1, id.data, false);
        vl__bind_text(w, 2, vl__col_text(s, 1), false);
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, "copying the erased seekers");
        else if (vl__db_changes(to) != 1 && part)
            continue; /* another province's seeker */
        else if (vl__db_changes(to) != 1)
            st = vl__error(ctx, VL_ERR_INVALID, "copying seeker %s: not in the target", id.data);
        out->erased_seekers++;
    }
    vl_buf_free(&id);
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, from, "reading the erased seekers");
    vl__finalize(s);
    vl__finalize(w);
    if (st == VL_OK && join) {
        /* user#N in the file's rows would name another person of the shared database */
        int64_t staff = 0;
        st = vl__db_scalar(ctx, from, "SELECT COUNT(*) FROM staff_erasures", &staff);
        if (st == VL_OK && staff > 0)
            st = vl__error(ctx, VL_ERR_INVALID,
                           "the file records erased members of staff, whose numbers (user#N) "
                           "would mean other people in a shared database: copy it into a new "
                           "database; nothing was copied");
        return st;
    }
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
#define OUTCOMES_COLS "referral, seq, outcome, outcome_on, start_on, wage, recorded, source, staff"
static const char outcomes_cols[] = OUTCOMES_COLS;
static const char outcomes_sql[] =
    "SELECT " OUTCOMES_COLS " FROM referral_outcomes ORDER BY referral, seq";
static const char outcomes_types[] = "titttdttt";

/* Adds the row s stands on to h, as text: the same on both backends. types names each column
 * in turn: 't' text, 'i' integer, 'd' double; columns before first are left out, and column prov
 * (-1: none) reads as code when it reads was (a province's rows becoming the whole file's, or
 * the reverse). */
static void row_hash_as(vl_sha256 *h, vl__stmt *s, const char *types, int first, int prov,
                        const char *was, const char *code)
{
    for (int i = first; types[i]; i++) {
        char num[40];
        const char *t = vl__col_null(s, i) ? "\x01" : NULL; /* NULL unlike any text */
        if (!t && types[i] == 'i')
            snprintf(num, sizeof num, "%lld", (long long)vl__col_int64(s, i)), t = num;
        else if (!t && types[i] == 'd')
            snprintf(num, sizeof num, "%.17g", vl__col_double(s, i)), t = num;
        else if (!t)
            t = vl__col_text(s, i);
        if (i == prov && strcmp(t, was) == 0)
            t = code;
        vl__sha256_update(h, t, strlen(t) + 1); /* with its terminator: fields apart */
    }
}

static void row_hash(vl_sha256 *h, vl__stmt *s, const char *types)
{
    row_hash_as(h, s, types, 0, -1, NULL, NULL);
}

static void digest_hex(vl_sha256 *h, char hex[65])
{
    uint8_t d[32];
    vl__sha256_final(h, d);
    vl__sha256_hex(d, hex);
}

/* The digest of the rows sql reads on db (columns as types says; ?1 bound to arg unless NULL),
 * and their number; what says what a failed read was reading. */
static vl_status rows_digest(vl_ctx *ctx, vl_db *db, const char *sql, const char *arg,
                             const char *types, const char *what, char hex[65], size_t *rows)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    if (arg)
        vl__bind_text(s, 1, arg, false);
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

/* The outcome history of the file's referrals on a shared target (their ids in the temporary
 * table vl_copy_referrals), in the order of outcomes_sql. */
static const char joined_outcomes_sql[] =
    "SELECT " OUTCOMES_COLS " FROM referral_outcomes JOIN vl_copy_referrals c ON c.id = referral"
    " ORDER BY referral, seq";

/* Joining: the file's referral ids into vl_copy_referrals, and the outcomes their import
 * recorded on the target deleted (the file's history replaces them); the target's other
 * referrals keep theirs. */
static vl_status join_referrals(vl_ctx *ctx, vl_db *from, vl_db *to, const char *prefix)
{
    vl_status st = vl__db_exec(ctx, to,
                               vl__sql(to,
                                       "DROP TABLE IF EXISTS vl_copy_referrals; CREATE TEMP TABLE"
                                       " vl_copy_referrals(id TEXT PRIMARY KEY)",
                                       "DROP TABLE IF EXISTS vl_copy_referrals; CREATE TEMP TABLE"
                                       " vl_copy_referrals(id TEXT COLLATE \"C\" PRIMARY KEY)"));
    vl__stmt *s = NULL, *w = NULL;
    if (st == VL_OK)
        st = vl__db_prepare(ctx, from, "SELECT id FROM referrals ORDER BY id", &s);
    if (st == VL_OK)
        st = vl__db_prepare(ctx, to, "INSERT INTO vl_copy_referrals(id) VALUES (?1)", &w);
    int rc = VL__DONE;
    vl_buf id = {0};
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        if (!prefixed(&id, prefix, vl__col_text(s, 0))) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        vl__reset(w);
        vl__bind_text(w, 1, id.data, false);
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, "copying the referrals' outcomes");
    }
    vl_buf_free(&id);
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, from, "reading the referrals");
    vl__finalize(s);
    vl__finalize(w);
    if (st == VL_OK)
        st = vl__db_exec(ctx, to,
                         "DELETE FROM referral_outcomes WHERE referral IN"
                         " (SELECT id FROM vl_copy_referrals)");
    return st;
}

/*
 * The referrals' outcome history, in the target's transaction after the kinds. The import of
 * the referrals recorded each one's current outcome as new (now, by the import); the source's
 * history replaces it, every event as recorded there. The target's referrals are the source's
 * (their exports agree), so its whole history is theirs; joining a shared database (join), only
 * the history of the file's referrals is replaced and read back. Verified by the digest of both
 * sides: the source's made from the rows as they are copied, the target's read back.
 */
static vl_status copy_outcomes(vl_ctx *ctx, vl_db *from, vl_db *to, bool join, bool part,
                               const char *prefix, vl_copy_report *out)
{
    vl_status st = join ? join_referrals(ctx, from, to, prefix)
                        : vl__db_exec(ctx, to, "DELETE FROM referral_outcomes");
    vl__stmt *s = NULL, *w = NULL;
    /* a province taken out: the history of its referrals (those its copy holds) */
    vl_buf sel = {0};
    if (part) {
        const char *by = strstr(outcomes_sql, " ORDER BY");
        vl_buf_append(&sel, outcomes_sql, (size_t)(by - outcomes_sql));
        vl_buf_puts(&sel, " WHERE referral IN (SELECT id FROM referrals WHERE ");
        vl__scope_referral_condition(&sel, from, "");
        vl_buf_printf(&sel, ")%s", by);
        if (st == VL_OK && !vl_buf_text(&sel))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK)
        st = vl__db_prepare(ctx, from, part ? sel.data : outcomes_sql, &s);
    vl_buf_free(&sel);
    /* on PostgreSQL through COPY into a staging table and one INSERT that finds each event's
     * partition (a look-up of a referral by id row by row visits every province's) */
    bool staged = vl__db_backend(to) == VL__POSTGRESQL;
    if (st == VL_OK)
        st = staged ? vl__db_stage(ctx, to, "referral_outcomes", outcomes_cols, &w)
                    : vl__db_prepare(ctx, to,
                                     "INSERT INTO referral_outcomes(referral, seq, outcome,"
                                     " outcome_on, start_on, wage, recorded, source, staff)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                     &w);
    int rc = VL__DONE;
    vl_sha256 h; /* the source's digest, of the rows as they are copied */
    vl__sha256_init(&h);
    vl_buf id = {0}; /* the referral's id as copied (with the prefix: its first column) */
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        if (!prefixed(&id, prefix, vl__col_text(s, 0))) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        if (prefix)
            vl__sha256_update(&h, prefix, strlen(prefix));
        row_hash(&h, s, outcomes_types);
        out->outcome_events++;
        vl__reset(w);
        vl__bind_text(w, 1, id.data, false);
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
        else if (!staged && vl__db_changes(to) != 1)
            st = vl__error(ctx, VL_ERR_INVALID,
                           "copying the outcomes of referral %s: not in the target", id.data);
    }
    vl_buf_free(&id);
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, from, "reading the referrals' outcomes");
    vl__finalize(s);
    /* an event whose referral is not in the target is left out here, and the digests below
     * differ */
    if (st == VL_OK && staged && (st = vl__stmt_flush(ctx, w)) == VL_OK)
        st = vl__db_exec(ctx, to,
                         "INSERT INTO referral_outcomes(province, " OUTCOMES_COLS ")"
                         " SELECT r.province, s.referral, s.seq, s.outcome, s.outcome_on,"
                         " s.start_on, s.wage, s.recorded, s.source, s.staff"
                         " FROM vl_stage_referral_outcomes s JOIN referrals r"
                         " ON r.id = s.referral; DROP TABLE vl_stage_referral_outcomes");
    vl__finalize(w);
    digest_hex(&h, out->outcomes_sha256);
    char theirs[65];
    size_t n = 0;
    if (st == VL_OK)
        st = rows_digest(ctx, to, join ? joined_outcomes_sql : outcomes_sql, NULL, outcomes_types,
                         "reading the referrals' outcomes", theirs, &n);
    if (st == VL_OK && join)
        st = vl__db_exec(ctx, to, "DROP TABLE vl_copy_referrals");
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
    const char *identity; /* the first column when the table numbers its rows (PostgreSQL's
                           * identity: taken as it is by a copy, new numbers when joining) */
    int province;         /* the province column's index */
} plain_tables[] = {
    {"targets", N_("copying the targets"), "province, year, measure, value, set_at",
     "province, year, measure", "titdt", NULL, 0},
    {"forecast_adjustments", N_("copying the planners' adjustments"),
     "id, province, series, keys, period_from, period_to, percent, value, reason, created_by,"
     " created_at, withdrawn_by, withdrawn_at",
     "id", "itttttidttttt", "id", 1},
    {"forecast_scenarios", N_("copying the planners' scenarios"),
     "id, province, name, series, keys, period_from, positions, reason, created_by, created_at,"
     " withdrawn_by, withdrawn_at",
     "id", "itttttdttttt", "id", 1},
};

_Static_assert(VL_ARRAY_LEN(plain_tables) == sizeof((vl_copy_report *)0)->planning / sizeof(size_t),
               "a count in vl_copy_report for each table");

/*
 * Copies one of plain_tables into the target and compares the digests of both sides; *rows
 * receives the rows copied. A copy takes every row as it is into an empty table. Joining a
 * shared database (join: the province whose centre the file is), the file's rows of the whole
 * database ('') become the province's, a row of another province is refused, the target must
 * hold none of the province's yet, and numbered rows get the target's next numbers (in the
 * file's order); the digests leave the numbers out. Taking a province out of a shared database
 * (part: its code), its rows alone become the new file's (''), numbers as they are.
 */
static vl_status copy_plain(vl_ctx *ctx, vl_db *from, vl_db *to, const struct plain_table *t,
                            const char *join, const char *part, size_t *rows)
{
    vl_buf sel = {0}, ins = {0}, back = {0};
    bool pg = vl__db_backend(to) == VL__POSTGRESQL;
    /* joining, the numbers are left to the target: the columns after the identity */
    int first = join && t->identity ? 1 : 0;
    const char *cols = t->cols;
    if (first)
        cols += strlen(t->identity) + 2; /* "id, " */
    vl_buf_printf(&sel, "SELECT %s FROM %s%s ORDER BY %s", t->cols, t->name,
                  part ? " WHERE province = ?1" : "", t->order);
    vl_buf_printf(&back, "SELECT %s FROM %s%s ORDER BY %s", cols, t->name,
                  join ? " WHERE province = ?1" : "", t->order);
    vl_buf_printf(&ins, "INSERT INTO %s(%s)%s VALUES (", t->name, cols,
                  pg && t->identity && !join ? " OVERRIDING SYSTEM VALUE" : "");
    for (int i = first; t->types[i]; i++) {
        const char *type = t->types[i] == 'i'   ? "BIGINT"
                           : t->types[i] == 'd' ? "DOUBLE PRECISION"
                                                : NULL;
        if (pg && type)
            vl_buf_printf(&ins, "%sCAST(?%d AS %s)", i > first ? ", " : "", i + 1 - first, type);
        else
            vl_buf_printf(&ins, "%s?%d", i > first ? ", " : "", i + 1 - first);
    }
    vl_buf_puts(&ins, ")");
    vl_status st = vl_buf_text(&sel) && vl_buf_text(&ins) && vl_buf_text(&back)
                       ? VL_OK
                       : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    int64_t there = 0;
    char count[128]; /* the table's name is one of plain_tables' */
    snprintf(count, sizeof count, "SELECT COUNT(*) FROM %s%s", t->name,
             join ? " WHERE province = ?1" : "");
    vl__stmt *s = NULL, *w = NULL;
    if (st == VL_OK && (st = vl__db_prepare(ctx, to, count, &s)) == VL_OK) {
        if (join)
            vl__bind_text(s, 1, join, false);
        if (vl__step(s) == VL__ROW)
            there = vl__col_int64(s, 0);
        else
            st = vl__db_sqlerr(ctx, to, t->what);
        vl__finalize(s);
        s = NULL;
    }
    if (st == VL_OK && there > 0)
        st = join ? vl__error(ctx, VL_ERR_INVALID,
                              "%s: the target database already holds some of province %s "
                              "(nothing was copied)",
                              vl__tr(ctx, t->what), join)
                  : vl__error(ctx, VL_ERR_INVALID,
                              "%s: the target database already holds some; copy into a new "
                              "database (nothing was copied)",
                              vl__tr(ctx, t->what));
    if (st == VL_OK && (st = vl__db_prepare(ctx, from, sel.data, &s)) == VL_OK && part)
        vl__bind_text(s, 1, part, false);
    if (st == VL_OK)
        st = vl__db_prepare(ctx, to, ins.data, &w);
    vl_sha256 h; /* the source's digest, of the rows as they are copied */
    vl__sha256_init(&h);
    *rows = 0;
    int rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        const char *prov = vl__col_text(s, t->province);
        if (join && *prov && strcmp(prov, join) != 0) {
            st = vl__error(ctx, VL_ERR_INVALID,
                           "%s: the file holds some of province %s, not only of %s (nothing was "
                           "copied)",
                           vl__tr(ctx, t->what), prov, join);
            break;
        }
        if (join)
            row_hash_as(&h, s, t->types, first, t->province, "", join);
        else
            row_hash_as(&h, s, t->types, first, part ? t->province : -1, part, "");
        (*rows)++;
        vl__reset(w);
        for (int i = first; t->types[i]; i++) {
            int p = i + 1 - first;
            if (vl__col_null(s, i))
                vl__bind_null(w, p);
            else if (t->types[i] == 'i')
                vl__bind_int64(w, p, vl__col_int64(s, i));
            else if (t->types[i] == 'd')
                vl__bind_double(w, p, vl__col_double(s, i));
            else if (join && i == t->province && !*vl__col_text(s, i))
                vl__bind_text(w, p, join, false);
            else if (part && i == t->province)
                vl__bind_text(w, p, "", false); /* the province's rows are the file's */
            else
                vl__bind_text(w, p, vl__col_text(s, i), false);
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
        st = rows_digest(ctx, to, back.data, join, t->types + first, t->what, theirs, &n);
    if (st == VL_OK && (n != *rows || strcmp(ours, theirs) != 0))
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%s: the target's rows differ from the source's (nothing was copied)",
                       vl__tr(ctx, t->what));
    /* the next judgement recorded on the target gets the next number */
    if (st == VL_OK && pg && t->identity && !join && *rows) {
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
    vl_buf_free(&back);
    return st;
}

/* ---- joining a database that holds other provinces' records (vl_db_copy_join) ----------- */

/* The SHA-256 of each data record of a CSV export, sorted (for membership) and, when kept, in
 * the file's order. */
typedef struct records {
    uint8_t (*order)[32], (*sorted)[32]; /* order: NULL unless kept */
    size_t n;
    uint8_t head[32]; /* the header's hash, and its columns as shown (cut at 255 bytes) */
    char shown[256];
} records;

static void records_free(records *r)
{
    vl__free(r->order);
    vl__free(r->sorted);
    memset(r, 0, sizeof *r);
}

static int cmp_hash(const void *a, const void *b)
{
    return memcmp(a, b, 32);
}

/* A record's fields, each with its terminator (fields apart; no field holds a NUL). */
static void record_hash(const vl_csv_record *rec, uint8_t out[32])
{
    vl_sha256 h;
    vl__sha256_init(&h);
    for (size_t i = 0; i < rec->n; i++)
        vl__sha256_update(&h, rec->fields[i], strlen(rec->fields[i]) + 1);
    vl__sha256_final(&h, out);
}

/* path's records into r: sorted, and in order too when keep_order (32 bytes a row, 64 with the
 * order: the target's export before a join is kept sorted only, as large as the target). */
static vl_status read_records(vl_ctx *ctx, const char *path, bool keep_order, records *r)
{
    memset(r, 0, sizeof *r);
    vl_csv_reader *csv;
    vl_status st = vl_csv_open(ctx, path, &csv);
    if (st != VL_OK)
        return st;
    vl_sha256 h;
    vl__sha256_init(&h);
    for (size_t i = 0, at = 0; i < vl_csv_ncols(csv); i++) {
        const char *name = vl_csv_colname(csv, i);
        vl__sha256_update(&h, name, strlen(name) + 1);
        if (at < sizeof r->shown)
            at +=
                (size_t)snprintf(r->shown + at, sizeof r->shown - at, "%s%s", i ? ", " : "", name);
    }
    vl__sha256_final(&h, r->head);
    size_t cap = 0;
    const vl_csv_record *rec;
    while ((st = vl_csv_next(csv, &rec)) == VL_OK && rec) {
        if (rec->problem) {
            st = vl__error(ctx, VL_ERR_INVALID, "%s:%zu: %s", path, rec->line, rec->problem);
            break;
        }
        if (r->n == cap) {
            size_t want = cap ? 2 * cap : 1024;
            void *p = want < SIZE_MAX / 32 ? vl__realloc(r->order, want * 32) : NULL;
            if (!p) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            r->order = p;
            cap = want;
        }
        record_hash(rec, r->order[r->n++]);
    }
    vl_csv_close(csv);
    if (st == VL_OK && keep_order && !(r->sorted = vl__malloc(r->n * 32 + 1)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st != VL_OK) {
        records_free(r);
        return st;
    }
    if (keep_order) {
        if (r->n)
            memcpy(r->sorted, r->order, r->n * 32);
    } else { /* the hashes sorted where they were read, the growth's spare room given back */
        void *p = r->n ? vl__realloc(r->order, r->n * 32) : NULL;
        r->sorted = p ? p : r->order;
        r->order = NULL;
    }
    if (r->n)
        qsort(r->sorted, r->n, 32, cmp_hash);
    return VL_OK;
}

/* The position of h among r's sorted hashes, or -1. */
static ptrdiff_t find_record(const records *r, const uint8_t h[32])
{
    const uint8_t(*at)[32] = r->n ? bsearch(h, r->sorted, r->n, 32, cmp_hash) : NULL;
    return at ? at - r->sorted : -1;
}

static bool has_record(const records *r, const uint8_t h[32])
{
    return find_record(r, h) >= 0;
}

/* The first field of path's first record whose hash is h, or (h NULL) that r holds with its bit
 * in seen clear: a row of the target before that its export after lacks. For a message ("?"
 * when none). */
static void record_named(vl_ctx *ctx, const char *path, const uint8_t *h, const records *r,
                         const uint8_t *seen, char *out, size_t size)
{
    snprintf(out, size, "?");
    vl_csv_reader *csv;
    if (vl_csv_open(ctx, path, &csv) != VL_OK)
        return;
    const vl_csv_record *rec;
    while (vl_csv_next(csv, &rec) == VL_OK && rec) {
        uint8_t d[32];
        if (rec->problem || rec->n == 0)
            continue;
        record_hash(rec, d);
        ptrdiff_t i = h ? -1 : find_record(r, d);
        if (h ? memcmp(d, h, 32) == 0 : i >= 0 && !(seen[i / 8] & (1u << (i % 8)))) {
            snprintf(out, size, "%s", rec->fields[0]);
            break;
        }
    }
    vl_csv_close(csv);
}

/*
 * The target's export after the import (path), read row by row and never held: each row must be
 * one of the target's before or one of the file's (src). Sets the bit in seen of every row of
 * before found; hashes the file's rows in the order found into ht and counts them; names the
 * first row that is neither (neither, "" when none).
 */
static vl_status stream_after(vl_ctx *ctx, const char *path, const records *before,
                              const records *src, uint8_t *seen, vl_sha256 *ht, size_t *found,
                              char *neither, size_t size)
{
    vl_csv_reader *csv;
    vl_status st = vl_csv_open(ctx, path, &csv);
    if (st != VL_OK)
        return st;
    const vl_csv_record *rec;
    while ((st = vl_csv_next(csv, &rec)) == VL_OK && rec) {
        if (rec->problem) {
            st = vl__error(ctx, VL_ERR_INVALID, "%s:%zu: %s", path, rec->line, rec->problem);
            break;
        }
        uint8_t d[32];
        record_hash(rec, d);
        ptrdiff_t i = find_record(before, d);
        if (i >= 0)
            seen[i / 8] |= (uint8_t)(1u << (i % 8));
        if (has_record(src, d)) {
            vl__sha256_update(ht, d, 32);
            (*found)++;
        } else if (i < 0 && !*neither) {
            snprintf(neither, size, "%s", rec->n && *rec->fields[0] ? rec->fields[0] : "?");
        }
    }
    vl_csv_close(csv);
    return st;
}

/*
 * One kind into a target that may hold other records: the target's export before (t0), the
 * source's (a), the import, the target's export after (b). Proved when the target's rows after
 * are exactly its rows before and the source's: none of its records changed or lost, every
 * source row there as it is. A source row the target already held, the same, is refused unless
 * shared (areas; employers: one firm may hire in several provinces; history rows, which have no
 * identity): the ids are one namespace and a record of two centres would mix their histories.
 * The proof compares a digest of the source's rows in order on each side; t's checksums are
 * both the SHA-256 of the file's export as it went in (renamed by the prefix), a file its
 * centre can make and check (`vieclam export KIND | sha256sum`), once the proof held. The memory is
 * 32 bytes and a bit per row of the target and 64 bytes per row of the file: the export after is
 * streamed.
 */
static vl_status join_kind(vl_ctx *ctx, vl_db *from, vl_db *to, vl_kind kind, const char *a,
                           const char *b, const char *t0, const char *prefix, vl_copy_table *t)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    /* (an employer whose id the file's prefix renames is the centre's own, not shared) */
    bool shared =
        kind == VL_KIND_AREAS || (kind == VL_KIND_EMPLOYERS && !prefix) || kind == VL_KIND_HISTORY;
    records before = {0}, src = {0};
    uint8_t *seen = NULL; /* a bit per row of before: found after the import */
    vl_import_stats stats;
    vl_status st = vl_db_export(ctx, to, kind, t0, NULL);
    if (st == VL_OK)
        st = vl_db_export(ctx, from, kind, a, NULL);
    if (st == VL_OK)
        st = prefix_ids(ctx, a, kind, prefix);
    if (st == VL_OK)
        st = read_records(ctx, t0, false, &before);
    if (st == VL_OK)
        st = read_records(ctx, a, true, &src);
    /* a history's rows are compared in the target's columns: a file with other key columns
     * would give every row of the target a new one */
    if (st == VL_OK && kind == VL_KIND_HISTORY && before.n && src.n &&
        memcmp(before.head, src.head, 32) != 0)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "copying history: the file's columns (%s) are not the target's (%s): "
                       "give the file's history the target's key columns first (nothing was "
                       "copied)",
                       src.shown, before.shown);
    char name[128];
    for (size_t i = 0; st == VL_OK && !shared && i < src.n; i++)
        if (has_record(&before, src.order[i])) {
            record_named(ctx, a, src.order[i], NULL, NULL, name, sizeof name);
            st = vl__error(ctx, VL_ERR_INVALID,
                           "copying %s: the target already holds '%s'; ids are one namespace "
                           "across the provinces: give the file's ids a prefix of their own "
                           "(`vieclam copy --id-prefix`; nothing was copied)",
                           vl_kind_name(kind), name);
        }
    if (st == VL_OK)
        st = vl_db_import(ctx, to, kind, a, NULL, &stats);
    if (st == VL_OK)
        st = vl_db_export(ctx, to, kind, b, NULL);
    if (st == VL_OK && !(seen = vl__calloc(before.n / 8 + 1, 1)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    /* every row after is one of the target's or one of the source's; the source's rows in
     * order, as read from each side */
    vl_sha256 hs, ht;
    vl__sha256_init(&hs);
    vl__sha256_init(&ht);
    size_t found = 0;
    char neither[128] = "";
    if (st == VL_OK)
        st = stream_after(ctx, b, &before, &src, seen, &ht, &found, neither, sizeof neither);
    /* the target's rows before, each still there as it was */
    size_t kept = 0;
    for (size_t i = 0; st == VL_OK && i < before.n; i++)
        kept += (seen[i / 8] >> (i % 8)) & 1u;
    if (st == VL_OK && kept < before.n) {
        record_named(ctx, t0, NULL, &before, seen, name, sizeof name);
        st = kind == VL_KIND_HISTORY
                 ? vl__error(ctx, VL_ERR_INVALID,
                             "copying history: the file's rows would change the target's "
                             "series '%s' (a period of the same series and keys with "
                             "another value): give the file's series names of their own "
                             "first (nothing was copied)",
                             name)
                 : vl__error(ctx, VL_ERR_INVALID,
                             "copying %s: the file's row with id '%s' would change the "
                             "target's record of that id; ids are one namespace across the "
                             "provinces: give the file's ids a prefix of their own "
                             "(`vieclam copy --id-prefix`; nothing was copied)",
                             vl_kind_name(kind), name);
    }
    if (st == VL_OK && *neither)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "copying %s: the target's '%s' is neither its own row nor the "
                       "file's (nothing was copied)",
                       vl_kind_name(kind), neither);
    if (st == VL_OK) {
        char ds[65], dt[65];
        for (size_t i = 0; i < src.n; i++)
            vl__sha256_update(&hs, src.order[i], 32);
        digest_hex(&hs, ds);
        digest_hex(&ht, dt);
        t->rows = stats.rows;
        t->same = found == src.n && strcmp(ds, dt) == 0;
        st = vl__sha256_file(ctx, a, t->sha256_from);
        memcpy(t->sha256_to, t->same ? t->sha256_from : dt, sizeof t->sha256_to);
    }
    vl__free(seen);
    records_free(&before);
    records_free(&src);
    return st;
}

/* The meta row that marks a database as the target of a copy that has not finished: written
 * before the copy (vl_db_copy_pending), deleted in the copy's own transaction, so a killed copy
 * leaves it and `check` says so (check.c). */
#define PENDING_KEY "copy-incomplete"

vl_status vl_db_copy_pending(vl_ctx *ctx, vl_db *to, const char *from)
{
    if (!to)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_copy_pending: missing argument");
    vl_status st = vl__db_begin(ctx, to);
    if (st != VL_OK)
        return st;
    st = vl__db_exec(ctx, to, "DELETE FROM meta WHERE key = '" PENDING_KEY "'");
    vl__stmt *w;
    if (st == VL_OK && from &&
        (st = vl__db_prepare(ctx, to, "INSERT INTO meta(key, value) VALUES ('" PENDING_KEY "', ?1)",
                             &w)) == VL_OK) {
        vl__bind_text(w, 1, from, false);
        if (vl__step(w) != VL__DONE)
            st = vl__db_sqlerr(ctx, to, "marking the copy under way");
        vl__finalize(w);
    }
    if (st == VL_OK)
        return vl__db_commit(ctx, to);
    vl__db_rollback(to);
    return st;
}

/* The copy (join and part NULL), the join of province join's file, or province part taken
 * out. */
static vl_status copy_db(vl_ctx *ctx, vl_db *from, vl_db *to, const char *join, const char *part,
                         const char *prefix, vl_copy_report *out)
{
    if (!from || !to || !out || (join && !*join) || (part && (!*part || strchr(part, ','))))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_copy: missing argument");
    if (prefix && !*prefix)
        prefix = NULL;
    memset(out, 0, sizeof *out);
    char a[512], b[512], c[512] = "";
    vl_status st = temp_file(ctx, a, sizeof a);
    if (st != VL_OK)
        return st;
    if ((st = temp_file(ctx, b, sizeof b)) != VL_OK) {
        unlink(a);
        return st;
    }
    if (join && (st = temp_file(ctx, c, sizeof c)) != VL_OK) {
        unlink(a);
        unlink(b);
        return st;
    }
    /* whole databases, or the source's province: the exports' load scopes */
    if ((st = vl_db_set_load_scope_list(ctx, from, part)) == VL_OK)
        st = vl_db_set_load_scope_list(ctx, to, NULL);
    /* one snapshot of the source, one transaction on the target */
    if (st == VL_OK && (st = vl__db_begin_read(ctx, from)) == VL_OK) {
        if ((st = vl__db_begin_flat(ctx, to)) == VL_OK) {
            for (size_t i = 0; i < VL_ARRAY_LEN(order) && st == VL_OK; i++) {
                vl_copy_table *t = &out->tables[out->n];
                st = join ? join_kind(ctx, from, to, order[i], a, b, c, prefix, t)
                          : copy_kind(ctx, from, to, order[i], a, b, part != NULL, t);
                if (st == VL_OK && !out->tables[out->n++].same)
                    st = vl__error(ctx, VL_ERR_INVALID,
                                   "copying %s: the target's export differs from the source's"
                                   " (the target held other records?); nothing was copied",
                                   vl_kind_name(order[i]));
            }
            /* the province the file's planning records join: one of the target's, its
             * areas now in (the scope's check) */
            if (st == VL_OK && join && (st = vl_db_set_load_scope_list(ctx, to, join)) == VL_OK)
                st = vl_db_set_load_scope_list(ctx, to, NULL);
            if (st == VL_OK)
                st = copy_erasures(ctx, from, to, join != NULL, part != NULL, prefix, out);
            if (st == VL_OK)
                st = copy_outcomes(ctx, from, to, join != NULL, part != NULL, prefix, out);
            for (size_t i = 0; i < VL_ARRAY_LEN(plain_tables) && st == VL_OK; i++)
                st = copy_plain(ctx, from, to, &plain_tables[i], join, part, &out->planning[i]);
            /* the records are in: the mark of a copy under way goes with the same commit */
            if (st == VL_OK && !join)
                st = vl__db_exec(ctx, to, "DELETE FROM meta WHERE key = '" PENDING_KEY "'");
            if (st == VL_OK)
                st = vl__db_commit(ctx, to);
            else
                vl__db_rollback(to);
        }
        vl__db_end_read(from);
    }
    unlink(a);
    unlink(b);
    if (*c)
        unlink(c);
    if (part) {
        vl_status lift = vl_db_set_load_scope_list(ctx, from, NULL);
        if (st == VL_OK)
            st = lift;
    }
    return st;
}

vl_status vl_db_copy(vl_ctx *ctx, vl_db *from, vl_db *to, vl_copy_report *out)
{
    return copy_db(ctx, from, to, NULL, NULL, NULL, out);
}

/* An id prefix: 1 to 16 letters, digits, '-', '_' or '.' (an id's characters, none that a
 * file's cell would need quoted). */
static bool prefix_ok(const char *p)
{
    size_t n = strlen(p);
    return n >= 1 && n <= VL_COPY_PREFIX_MAX &&
           strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == n;
}

vl_status vl_db_copy_join(vl_ctx *ctx, vl_db *from, vl_db *to, const char *province,
                          const char *id_prefix, vl_copy_report *out)
{
    if (!province)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_copy_join: missing argument");
    if (id_prefix && !prefix_ok(id_prefix))
        return vl__error(ctx, VL_ERR_INVALID,
                         "the id prefix '%s' is not 1 to %d letters, digits, '-', '_' or '.'",
                         id_prefix, VL_COPY_PREFIX_MAX);
    return copy_db(ctx, from, to, province, NULL, id_prefix, out);
}

vl_status vl_db_copy_province(vl_ctx *ctx, vl_db *from, vl_db *to, const char *province,
                              vl_copy_report *out)
{
    if (!province)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_copy_province: missing argument");
    return copy_db(ctx, from, to, NULL, province, NULL, out);
}
