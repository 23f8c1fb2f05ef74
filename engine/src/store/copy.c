/*
 * copy.c - moving a centre's records from one database to another, whatever their backends
 * (a SQLite file to a PostgreSQL schema and back): every kind goes out through the exporter and
 * in through the importer, so the copy gets the same checks and canonical form as any import,
 * in one transaction on the target (all or nothing). Then each kind is exported again from the
 * target and compared with the source's export by row count and SHA-256: exports are
 * byte-identical across backends, so equal checksums prove the copy.
 *
 * What no export carries is copied beside them (copy_erasures): which seekers were erased, and
 * the erased members of staff with the keyed hashes of their names and the key, so an erasure
 * sticks on the target as on the source (docs/privacy.md).
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
