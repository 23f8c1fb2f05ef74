/*
 * db.c - the database handle: opening (file created 0600 whatever the umask, WAL, foreign keys,
 * busy timeout, forward migrations, newer schemas refused), nested transactions, SQLite error
 * mapping, small statement helpers and row counts. SQLite is included by the store room only.
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ref/geo.h"

/* How long a writer waits for another process's lock before giving up (milliseconds). */
#define VL_DB_BUSY_TIMEOUT_MS 10000

struct vl_db {
    sqlite3 *conn;
    int depth;   /* open vl__db_begin levels */
    int version; /* schema version after opening */
    bool readonly;
};

sqlite3 *vl__db_sqlite(vl_db *db)
{
    assert(db && db->conn);
    return db->conn;
}

vl_status vl__db_sqlerr(vl_ctx *ctx, vl_db *db, const char *what)
{
    int code = db && db->conn ? sqlite3_errcode(db->conn) : SQLITE_ERROR;
    const char *msg = db && db->conn ? sqlite3_errmsg(db->conn) : "no database";
    if (code == SQLITE_NOMEM)
        return vl__error(ctx, VL_ERR_NOMEM, "%s: out of memory", what);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return vl__error(ctx, VL_ERR_DB,
                         "%s: the database is busy (another vieclam is writing): %s", what, msg);
    return vl__error(ctx, VL_ERR_DB, "%s: %s", what, msg);
}

vl_status vl__db_exec(vl_ctx *ctx, vl_db *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db->conn, sql, NULL, NULL, &err) != SQLITE_OK) {
        vl_status st = sqlite3_errcode(db->conn) == SQLITE_NOMEM ? VL_ERR_NOMEM : VL_ERR_DB;
        char head[48];
        snprintf(head, sizeof head, "%.40s", sql);
        for (char *p = head; *p; p++)
            if (*p == '\n')
                *p = ' ';
        vl__error(ctx, st, "%s...: %s", head, err ? err : sqlite3_errmsg(db->conn));
        sqlite3_free(err);
        return st;
    }
    return VL_OK;
}

vl_status vl__db_prepare(vl_ctx *ctx, vl_db *db, const char *sql, sqlite3_stmt **out)
{
    *out = NULL;
    if (sqlite3_prepare_v2(db->conn, sql, -1, out, NULL) != SQLITE_OK) {
        char head[48];
        snprintf(head, sizeof head, "preparing %.30s", sql);
        for (char *p = head; *p; p++)
            if (*p == '\n')
                *p = ' ';
        return vl__db_sqlerr(ctx, db, head);
    }
    return VL_OK;
}

int vl__bind_text(sqlite3_stmt *st, int i, const char *s, bool empty_is_null)
{
    if (!s || (empty_is_null && !*s))
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

const char *vl__col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int32_t vl__col_date(sqlite3_stmt *st, int i)
{
    int32_t d = 0;
    const char *t = (const char *)sqlite3_column_text(st, i);
    if (t && !vl__parse_date(t, &d))
        d = 0;
    return d;
}

vl_status vl__db_scalar(vl_ctx *ctx, vl_db *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    vl_status s = vl__db_prepare(ctx, db, sql, &st);
    if (s != VL_OK)
        return s;
    *out = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        s = vl__db_sqlerr(ctx, db, "query");
    sqlite3_finalize(st);
    return s;
}

void vl__utc_now(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- transactions -------------------------------------------------------------------------- */

vl_status vl__db_begin(vl_ctx *ctx, vl_db *db)
{
    char sql[48];
    if (db->depth == 0)
        snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT vl_%d", db->depth);
    vl_status st = vl__db_exec(ctx, db, sql);
    if (st == VL_OK)
        db->depth++;
    return st;
}

vl_status vl__db_commit(vl_ctx *ctx, vl_db *db)
{
    assert(db->depth > 0);
    char sql[48];
    if (db->depth == 1)
        snprintf(sql, sizeof sql, "COMMIT");
    else
        snprintf(sql, sizeof sql, "RELEASE vl_%d", db->depth - 1);
    vl_status st = vl__db_exec(ctx, db, sql);
    if (st != VL_OK) {
        vl__db_rollback(db);
        return st;
    }
    db->depth--;
    return VL_OK;
}

void vl__db_rollback(vl_db *db)
{
    assert(db->depth > 0);
    if (db->depth == 1) {
        /* SQLite may already have rolled back (e.g. after SQLITE_FULL); that is fine. */
        if (!sqlite3_get_autocommit(db->conn))
            sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
    } else {
        char sql[64];
        snprintf(sql, sizeof sql, "ROLLBACK TO vl_%d; RELEASE vl_%d", db->depth - 1, db->depth - 1);
        sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
    }
    db->depth--;
}

/* ---- opening ------------------------------------------------------------------------------- */

/*
 * Creates an empty file with mode 0600. open()'s mode is filtered by the umask, so the mode is
 * set again with fchmod: a database holds personal data and must never be group-readable.
 */
static vl_status create_private_file(vl_ctx *ctx, const char *path, bool *created)
{
    *created = false;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return VL_OK;
        return vl__error(ctx, VL_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    }
    *created = true;
    if (fchmod(fd, 0600) != 0) {
        int e = errno;
        close(fd);
        return vl__error(ctx, VL_ERR_IO, "%s: cannot set mode 0600: %s", path, strerror(e));
    }
    close(fd);
    return VL_OK;
}

static vl_status read_version(vl_ctx *ctx, vl_db *db, int *version)
{
    int64_t v = 0;
    vl_status st = vl__db_scalar(ctx, db, "PRAGMA user_version", &v);
    if (st != VL_OK)
        return st;
    *version = (int)v;
    return VL_OK;
}

/*
 * vl_area_key(name, strip_type): the search key of an area name (ref/geo.h), for the migration
 * step that fills areas.name_key and short_key of existing rows. Deterministic, so SQLite may
 * use it anywhere; NULL in, NULL out.
 */
static void sql_area_key(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name) {
        sqlite3_result_null(c);
        return;
    }
    char *key = vl__area_key(name, sqlite3_value_int(argv[1]) != 0);
    if (!key) {
        sqlite3_result_error_nomem(c);
        return;
    }
    sqlite3_result_text(c, key, -1, free);
}

/*
 * Runs the missing migration steps in one transaction. Foreign keys are off meanwhile (a step may
 * rebuild a table that others refer to, SQLite's documented way to change a table), and
 * foreign_key_check must find nothing before the transaction commits; they are on again after.
 */
static vl_status migrate(vl_ctx *ctx, vl_db *db, int *version)
{
    vl_status st = vl__db_exec(ctx, db, "PRAGMA foreign_keys = OFF");
    if (st == VL_OK && (st = vl__db_begin(ctx, db)) == VL_OK) {
        /* re-read under the write lock: another process may have migrated meanwhile */
        if ((st = read_version(ctx, db, version)) == VL_OK && *version < vl__db_schema_target())
            st = vl__db_migrate_steps(ctx, db, *version);
        int64_t broken = 0;
        if (st == VL_OK &&
            (st = vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM pragma_foreign_key_check",
                                &broken)) == VL_OK &&
            broken > 0)
            st = vl__error(ctx, VL_ERR_DB,
                           "schema migration left %lld references pointing nowhere; the "
                           "database is unchanged",
                           (long long)broken);
        if (st != VL_OK)
            vl__db_rollback(db);
        else
            st = vl__db_commit(ctx, db);
    }
    vl_status on = vl__db_exec(ctx, db, "PRAGMA foreign_keys = ON");
    return st != VL_OK ? st : on;
}

static vl_status configure(vl_ctx *ctx, vl_db *db, const char *path)
{
    sqlite3_extended_result_codes(db->conn, 0);
    sqlite3_busy_timeout(db->conn, VL_DB_BUSY_TIMEOUT_MS);
    if (sqlite3_create_function(db->conn, "vl_area_key", 2,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                sql_area_key, NULL, NULL) != SQLITE_OK)
        return vl__db_sqlerr(ctx, db, "registering vl_area_key");
    vl_status st = vl__db_exec(ctx, db, "PRAGMA foreign_keys = ON");
    if (st != VL_OK)
        return st;
    int version = 0;
    if ((st = read_version(ctx, db, &version)) != VL_OK)
        return vl__error(ctx, VL_ERR_DB, "%s: not a vieclam database (%s)", path,
                         sqlite3_errmsg(db->conn));
    if (version > vl__db_schema_target())
        return vl__error(ctx, VL_ERR_DB,
                         "%s: schema version %d is newer than this vieclam supports (%d); "
                         "use a newer vieclam",
                         path, version, vl__db_schema_target());
    if (!db->readonly) {
        /* journal_mode returns the mode; WAL lets readers work while an import runs. */
        sqlite3_stmt *s;
        if ((st = vl__db_prepare(ctx, db, "PRAGMA journal_mode = WAL", &s)) != VL_OK)
            return st;
        int rc = sqlite3_step(s);
        bool wal = rc == SQLITE_ROW && strcmp(vl__col_text(s, 0), "wal") == 0;
        sqlite3_finalize(s);
        if (!wal)
            return vl__error(ctx, VL_ERR_DB, "%s: cannot switch to WAL mode", path);
        if ((st = vl__db_exec(ctx, db, "PRAGMA synchronous = NORMAL")) != VL_OK)
            return st;
    }
    if (version < vl__db_schema_target()) {
        if (db->readonly)
            return vl__error(ctx, VL_ERR_DB,
                             "%s: schema version %d is older than %d; open it for writing once "
                             "(e.g. `vieclam init`) to migrate it",
                             path, version, vl__db_schema_target());
        if ((st = migrate(ctx, db, &version)) != VL_OK)
            return st;
        version = vl__db_schema_target();
    }
    db->version = version;
    return VL_OK;
}

vl_status vl_db_open(vl_ctx *ctx, const char *path, unsigned flags, vl_db **out)
{
    if (!path || !*path || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_open: no path");
    *out = NULL;
    bool readonly = (flags & VL_DB_READONLY) != 0;
    if ((flags & VL_DB_CREATE) && readonly)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_open: CREATE and READONLY together");
    bool created = false;
    if (flags & VL_DB_CREATE) {
        vl_status st = create_private_file(ctx, path, &created);
        if (st != VL_OK)
            return st;
    } else if (access(path, F_OK) != 0) {
        return vl__error(ctx, VL_ERR_NOTFOUND, "%s: no database there (run `vieclam init`)", path);
    }
    vl_db *db = calloc(1, sizeof *db);
    if (!db)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    db->readonly = readonly;
    int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    vl_status st = VL_OK;
    if (sqlite3_open_v2(path, &db->conn, oflags, NULL) != SQLITE_OK) {
        st = vl__error(ctx, VL_ERR_DB, "%s: cannot open: %s", path,
                       db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
    } else {
        st = configure(ctx, db, path);
    }
    if (st != VL_OK) {
        vl_db_close(db);
        if (created)
            unlink(path);
        return st;
    }
    *out = db;
    return VL_OK;
}

void vl_db_close(vl_db *db)
{
    if (!db)
        return;
    while (db->depth > 0)
        vl__db_rollback(db);
    sqlite3_close_v2(db->conn);
    free(db);
}

int vl_db_schema_version(const vl_db *db)
{
    return db ? db->version : 0;
}

/* ---- counts -------------------------------------------------------------------------------- */

vl_status vl_db_counts_get(vl_ctx *ctx, vl_db *db, vl_db_counts *out)
{
    static const struct {
        size_t offset;
        const char *sql;
    } q[] = {
        {offsetof(vl_db_counts, areas), "SELECT COUNT(*) FROM areas"},
        {offsetof(vl_db_counts, occupations), "SELECT COUNT(*) FROM occupations"},
        {offsetof(vl_db_counts, industries), "SELECT COUNT(*) FROM industries"},
        {offsetof(vl_db_counts, employers), "SELECT COUNT(*) FROM employers"},
        {offsetof(vl_db_counts, vacancies), "SELECT COUNT(*) FROM vacancies"},
        {offsetof(vl_db_counts, seekers), "SELECT COUNT(*) FROM seekers"},
        {offsetof(vl_db_counts, history), "SELECT COUNT(*) FROM history"},
        {offsetof(vl_db_counts, runs), "SELECT COUNT(*) FROM runs"},
        {offsetof(vl_db_counts, open_vacancies),
         "SELECT COUNT(*) FROM vacancies WHERE closes IS NULL OR closes >= date('now')"},
        {offsetof(vl_db_counts, active_seekers),
         "SELECT COUNT(*) FROM seekers WHERE status = 'active'"},
        {offsetof(vl_db_counts, positions), "SELECT COALESCE(SUM(positions), 0) FROM vacancies "
                                            "WHERE closes IS NULL OR closes >= date('now')"},
    };
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_counts_get: no database");
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < VL_ARRAY_LEN(q); i++) {
        int64_t v = 0;
        vl_status st = vl__db_scalar(ctx, db, q[i].sql, &v);
        if (st != VL_OK)
            return st;
        *(size_t *)((char *)out + q[i].offset) = v > 0 ? (size_t)v : 0;
    }
    return VL_OK;
}
