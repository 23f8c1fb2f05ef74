/*
 * sqlite.c - the SQLite backend of the store's driver interface (driver.h), the embedded
 * default: one file created 0600 whatever the umask, WAL, foreign keys, a busy timeout, the
 * schema version in PRAGMA user_version. The only file of the project that includes sqlite3.h.
 */
#include "store/driver.h"
#include "ref/geo.h"

#include <vieclam/output.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long a writer waits for another process's lock before giving up (milliseconds). */
#define VL_DB_BUSY_TIMEOUT_MS 10000

struct vl__conn {
    sqlite3 *db;
    char *path;   /* the file, to remove it when opening failed after creating it */
    bool created; /* this open created the file */
    bool bulk;    /* may take the bulk page cache in a write transaction (not pooled) */
    bool big;     /* the bulk page cache is set now */
};

/* A text that could not be bound (its copy ran out of memory) must not run as NULL: the next step
 * of that statement fails as out of memory instead (the NOT NULL constraint it would otherwise
 * break, or worse a NULL stored, named the wrong cause). Found by allocation-failure injection. */
static _Thread_local sqlite3_stmt *bind_failed;
static _Thread_local bool nomem_pending;
/* Likewise a column's text SQLite could not make (a number read as text is converted, which needs
 * memory): the column reads as "" and the statement's next step, even after a reset, fails as out
 * of memory, so that a loop never takes the empty text for the value. Found by allocation-failure
 * injection (test-oom's seeker data). */
static _Thread_local sqlite3_stmt *column_failed;

/* A statement is SQLite's own: vl__bstmt is sqlite3_stmt under another name. */
static sqlite3_stmt *S(vl__bstmt *s)
{
    return (sqlite3_stmt *)s;
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

static void sq_close(vl__conn *c, bool failed_open)
{
    if (!c)
        return;
    sqlite3_close_v2(c->db);
    if (failed_open && c->created)
        unlink(c->path);
    vl__free(c->path);
    vl__free(c);
}

/*
 * vl_area_key(name, strip_type): the search key of an area name (ref/geo.h), for the schema step
 * that fills areas.name_key and short_key of the rows an older database holds. Deterministic;
 * NULL in, NULL out.
 */
static void sql_area_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name) {
        sqlite3_result_null(cx);
        return;
    }
    char *key = vl__area_key(name, sqlite3_value_int(argv[1]) != 0);
    if (!key) {
        sqlite3_result_error_nomem(cx);
        return;
    }
    sqlite3_result_text(cx, key, -1, vl__free);
}

/*
 * vl_fold(text): the folded key of vieclam's text room (NFC, case, diacritics, d-stroke), so SQL
 * (the desk's name search, migrations) computes exactly the key the engines compare. NULL and
 * text that is not UTF-8 give NULL: no key rather than a wrong one.
 */
static void sql_fold(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    char *k = t ? vl_text_fold((const char *)t) : NULL;
    if (!k) {
        sqlite3_result_null(c);
        return;
    }
    sqlite3_result_text(c, k, -1, free);
}

/*
 * SQLite counts every allocation under one process-wide mutex (SQLITE_CONFIG_MEMSTATUS, for
 * sqlite3_memory_used(), which vieclam never asks). A desk server's requests allocate on every
 * page read (a write by one connection empties the page cache of the others), and that mutex
 * was where they queued: at 50 sessions the search's p99 went from 28 to 16 ms and the match's
 * from 14 to 7 ms without it (benchmarks/run-desk.sh). Turned off once, before SQLite starts
 * (a configuration after that is refused by SQLite and changes nothing).
 */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

static void sq_configure_process(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * A WAL database is read through its -shm file, which SQLite creates beside it: on a read-only
 * file system (a mounted copy, an archive) it cannot, and every read fails. With no -wal
 * left to apply (a clean close checkpoints it), the file alone is the whole database and
 * nobody can be writing it: read as immutable. Otherwise the reader is told why it cannot.
 */
static vl_status open_readable(vl_ctx *ctx, vl__conn *c, int oflags)
{
    int rc = sqlite3_exec(c->db, "SELECT COUNT(*) FROM sqlite_master", NULL, NULL, NULL);
    if (rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY)
        return VL_OK; /* read, or a verdict on the file that the schema check gives */
    size_t n = strlen(c->path);
    char *wal = vl__malloc(n + 5), *uri = vl__malloc(3 * n + 32);
    if (!wal || !uri) {
        vl__free(wal);
        vl__free(uri);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    snprintf(wal, n + 5, "%s-wal", c->path);
    struct stat sb;
    bool pending = stat(wal, &sb) == 0 && sb.st_size > 0;
    vl__free(wal);
    if (pending) {
        vl__free(uri);
        return vl__error(ctx, VL_ERR_DB,
                         "%s: cannot be read: its -wal file holds changes SQLite cannot apply "
                         "without writing beside it (%s)",
                         c->path, sqlite3_errmsg(c->db));
    }
    /* a URI names the file: '%', '?' and '#' of the path escaped */
    char *u = uri + sprintf(uri, "file:");
    for (const char *p = c->path; *p; p++)
        u += *p == '%' || *p == '?' || *p == '#' ? sprintf(u, "%%%02X", (unsigned char)*p)
                                                 : sprintf(u, "%c", *p);
    sprintf(u, "?immutable=1");
    sqlite3_close_v2(c->db);
    c->db = NULL;
    rc = sqlite3_open_v2(uri, &c->db, oflags | SQLITE_OPEN_URI, NULL);
    vl__free(uri);
    if (rc != SQLITE_OK)
        return vl__error(
            ctx, !c->db || sqlite3_errcode(c->db) == SQLITE_NOMEM ? VL_ERR_NOMEM : VL_ERR_DB,
            "%s: cannot open: %s", c->path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
    return VL_OK;
}

static vl_status sq_open(vl_ctx *ctx, const char *path, unsigned flags, vl__conn **out)
{
    *out = NULL;
    pthread_once(&sq_once, sq_configure_process);
    vl__conn *c = vl__calloc(1, sizeof *c);
    if (!c || !(c->path = vl__strdup(path))) {
        vl__free(c);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl_status st = VL_OK;
    c->bulk = !(flags & (VL_DB_POOLED | VL_DB_READONLY));
    if (flags & VL_DB_CREATE)
        st = create_private_file(ctx, path, &c->created);
    else if (access(path, F_OK) != 0)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "%s: no database there (run `vieclam init`)", path);
    /* a connection is used by one thread at a time (a vl_db is not shared; the server's pool
     * lends each to one request): SQLite's per-connection mutex, taken on every call, is not
     * needed (a tenth of a year's report went into locking and unlocking it) */
    int oflags = ((flags & VL_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                 SQLITE_OPEN_NOMUTEX;
    if (st == VL_OK && sqlite3_open_v2(path, &c->db, oflags, NULL) != SQLITE_OK)
        st = vl__error(
            ctx, !c->db || sqlite3_errcode(c->db) == SQLITE_NOMEM ? VL_ERR_NOMEM : VL_ERR_DB,
            "%s: cannot open: %s", path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
    /* SQLite falls back to reading a file it may not write (its permissions, a read-only file
     * system): a command that writes says so here, not later as a file that is not ours */
    if (st == VL_OK && !(flags & VL_DB_READONLY) && sqlite3_db_readonly(c->db, "main") == 1)
        st = vl__error(ctx, VL_ERR_DB,
                       "%s: cannot be written (the file or its file system is read-only)", path);
    if (st == VL_OK && (flags & VL_DB_READONLY))
        st = open_readable(ctx, c, oflags);
    if (st == VL_OK) {
        sqlite3_extended_result_codes(c->db, 0);
        sqlite3_busy_timeout(c->db, VL_DB_BUSY_TIMEOUT_MS);
        if (sqlite3_create_function(c->db, "vl_fold", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                    sql_fold, NULL, NULL) != SQLITE_OK ||
            sqlite3_create_function(c->db, "vl_area_key", 2,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                    sql_area_key, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(c->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
            st = vl__error(ctx, sqlite3_errcode(c->db) == SQLITE_NOMEM ? VL_ERR_NOMEM : VL_ERR_DB,
                           "%s: %s", path, sqlite3_errmsg(c->db));
    }
    if (st != VL_OK) {
        sq_close(c, true);
        return st;
    }
    *out = c;
    return VL_OK;
}

/*
 * Page cache, KiB. A write transaction of a connection that is not pooled (an import, a copy)
 * gets the bulk size: an import of a million rows touches its indexes at random, and with
 * SQLite's default 2,000 KiB it rereads pages from the file all the time (most of its time in
 * pread). Reading transactions go back to the default: a load reads each page once, and
 * growing a cache for it only costs an allocation and a page fault per page (a year's activity
 * report spent a third of its loading there). A server's pooled connections (VL_DB_POOLED)
 * keep the default throughout. The cache grows only as pages are used, so a small database
 * costs no more.
 */
#define VL_DB_CACHE_BULK    "PRAGMA cache_size = -262144"
#define VL_DB_CACHE_DEFAULT "PRAGMA cache_size = -2000"

/* WAL lets readers work while an import runs; set once the file is known to be ours. */
static vl_status sq_configure_write(vl_ctx *ctx, vl__conn *c, const char *path)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(c->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK)
        return vl__error(ctx, VL_ERR_DB, "%s: %s", path, sqlite3_errmsg(c->db));
    int rc = sqlite3_step(s);
    const unsigned char *mode = rc == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
    bool wal = mode && strcmp((const char *)mode, "wal") == 0;
    sqlite3_finalize(s);
    if (!wal)
        return vl__error(ctx, VL_ERR_DB, "%s: cannot switch to WAL mode", path);
    /* FULL, not NORMAL: in WAL mode NORMAL never corrupts the file, but a power loss may undo the
     * last transactions committed before the next checkpoint. A desk that says "saved", a
     * referral recorded or an erasure confirmed must stay done, and our commits are few (an
     * import is one transaction), so one more fsync per commit is cheap (docs/architecture.md). */
    if (sqlite3_exec(c->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
        return vl__error(ctx, VL_ERR_DB, "%s: %s", path, sqlite3_errmsg(c->db));
    /* the importer's table of ids seen in the file lives in memory, not in a temporary file */
    if (sqlite3_exec(c->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL) != SQLITE_OK)
        return vl__error(ctx, VL_ERR_DB, "%s: %s", path, sqlite3_errmsg(c->db));
    /* Personal data: a deleted or rewritten row is overwritten with zeros, never left in free
     * space of the file where an erased name or an old phone number could be read back. */
    if (sqlite3_exec(c->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL) != SQLITE_OK)
        return vl__error(ctx, VL_ERR_DB, "%s: %s", path, sqlite3_errmsg(c->db));
    return VL_OK;
}

/* ---- statements ---------------------------------------------------------------------------- */

/*
 * SQLite may roll a transaction back by itself when it runs out of memory and still answer OK:
 * a schema read that failed for memory is retried, and the retry succeeds. The caller's next
 * statement would then run outside its transaction, against a database without the
 * transaction's earlier writes (a copy's referrals found no seekers). A call made inside a
 * transaction that leaves none, unless it ends it (COMMIT, END, ROLLBACK, RELEASE), is
 * therefore out of memory (sqlite3_get_autocommit, as SQLite's documentation advises).
 */
static bool tx_lost(sqlite3 *db, bool was_in, const char *sql)
{
    if (!was_in || !sqlite3_get_autocommit(db))
        return false;
    while (sql && (*sql == ' ' || *sql == '\n' || *sql == '\t'))
        sql++;
    static const char *const ends[] = {"COMMIT", "END", "ROLLBACK", "RELEASE"};
    for (size_t i = 0; sql && i < sizeof ends / sizeof ends[0]; i++)
        if (strncasecmp(sql, ends[i], strlen(ends[i])) == 0)
            return false;
    nomem_pending = true;
    return true;
}

static int sq_exec(vl__conn *c, const char *sql)
{
    nomem_pending = false;
    bool in_tx = !sqlite3_get_autocommit(c->db);
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK && !tx_lost(c->db, in_tx, sql) ? VL__OK0 : VL__FAIL;
}

static int sq_prepare(vl__conn *c, const char *sql, vl__bstmt **out)
{
    sqlite3_stmt *s = NULL;
    nomem_pending = false;
    bool in_tx = !sqlite3_get_autocommit(c->db);
    if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK || tx_lost(c->db, in_tx, sql)) {
        sqlite3_finalize(s);
        *out = NULL;
        return VL__FAIL;
    }
    *out = (vl__bstmt *)s;
    return VL__OK0;
}

static void sq_finalize(vl__bstmt *s)
{
    if (bind_failed == S(s))
        bind_failed = NULL;
    if (column_failed == S(s))
        column_failed = NULL;
    sqlite3_finalize(S(s));
}

static void sq_reset(vl__bstmt *s)
{
    if (bind_failed == S(s))
        bind_failed = NULL;
    sqlite3_reset(S(s));
}

static void sq_clear_bindings(vl__bstmt *s)
{
    if (bind_failed == S(s))
        bind_failed = NULL;
    sqlite3_clear_bindings(S(s));
}

static int sq_param_count(vl__bstmt *s)
{
    return sqlite3_bind_parameter_count(S(s));
}

static void sq_bind_null(vl__bstmt *s, int i)
{
    sqlite3_bind_null(S(s), i);
}

static void sq_bind_int64(vl__bstmt *s, int i, int64_t v)
{
    sqlite3_bind_int64(S(s), i, v);
}

static void sq_bind_double(vl__bstmt *s, int i, double v)
{
    sqlite3_bind_double(S(s), i, v);
}

static void sq_bind_text(vl__bstmt *s, int i, const char *t, size_t n)
{
    if (sqlite3_bind_text(S(s), i, t, (int)n, SQLITE_TRANSIENT) != SQLITE_OK)
        bind_failed = S(s);
}

static int sq_step(vl__bstmt *s)
{
    nomem_pending = false;
    if (bind_failed == S(s) || column_failed == S(s)) {
        bind_failed = column_failed = NULL;
        nomem_pending = true;
        return VL__ERROR;
    }
    sqlite3 *db = sqlite3_db_handle(S(s));
    bool in_tx = !sqlite3_get_autocommit(db);
    int rc = sqlite3_step(S(s));
    if ((rc == SQLITE_ROW || rc == SQLITE_DONE) && tx_lost(db, in_tx, sqlite3_sql(S(s))))
        return VL__ERROR;
    return rc == SQLITE_ROW ? VL__ROW : rc == SQLITE_DONE ? VL__DONE : VL__ERROR;
}

static int sq_column_count(vl__bstmt *s)
{
    return sqlite3_column_count(S(s));
}

static bool sq_column_null(vl__bstmt *s, int i)
{
    return sqlite3_column_type(S(s), i) == SQLITE_NULL;
}

static int64_t sq_column_int64(vl__bstmt *s, int i)
{
    return sqlite3_column_int64(S(s), i);
}

static double sq_column_double(vl__bstmt *s, int i)
{
    return sqlite3_column_double(S(s), i);
}

static const char *sq_column_text(vl__bstmt *s, int i, size_t *len)
{
    const unsigned char *t = sqlite3_column_text(S(s), i);
    if (!t && sqlite3_column_type(S(s), i) != SQLITE_NULL)
        column_failed = S(s);
    *len = t ? (size_t)sqlite3_column_bytes(S(s), i) : 0;
    return (const char *)t;
}

static int64_t sq_changes(vl__conn *c)
{
    return sqlite3_changes(c->db);
}

static vl__dberr sq_errcode(vl__conn *c)
{
    if (nomem_pending)
        return VL__DB_NOMEM;
    switch (sqlite3_errcode(c->db)) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return VL__DB_OK;
    case SQLITE_NOMEM:
        return VL__DB_NOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return VL__DB_BUSY;
    case SQLITE_CONSTRAINT:
        return VL__DB_CONSTRAINT;
    case SQLITE_FULL:
        return VL__DB_FULL;
    default:
        return VL__DB_OTHER;
    }
}

static const char *sq_errmsg(vl__conn *c)
{
    if (nomem_pending)
        return "out of memory";
    return sqlite3_errmsg(c->db);
}

static int sq_begin(vl__conn *c, vl__tx kind)
{
    /* a writer takes the lock at once, so a busy database fails here after the busy timeout
     * instead of half-way through */
    bool big = c->bulk && kind != VL__TX_READ;
    if (big != c->big) { /* the page cache for this kind of work (VL_DB_CACHE_BULK) */
        if (sq_exec(c, big ? VL_DB_CACHE_BULK : VL_DB_CACHE_DEFAULT) != VL__OK0)
            return VL__FAIL;
        c->big = big;
    }
    return sq_exec(c, kind == VL__TX_READ ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
}

static bool sq_autocommit(vl__conn *c)
{
    return sqlite3_get_autocommit(c->db) != 0;
}

static int sq_get_version(vl__conn *c, int *version)
{
    sqlite3_stmt *s;
    *version = 0;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
        return VL__FAIL;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? VL__OK0 : VL__FAIL;
}

static int sq_set_version(vl__conn *c, int version)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    return sq_exec(c, sql);
}

static void sq_set_busy_timeout(vl__conn *c, int ms)
{
    sqlite3_busy_timeout(c->db, ms > 0 ? ms : 0);
}

static int sq_data_version(vl__conn *c, int64_t *out)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(c->db, "PRAGMA data_version", -1, &s, NULL) != SQLITE_OK)
        return VL__FAIL;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? VL__OK0 : VL__FAIL;
}

/* ---- backup and restore --------------------------------------------------------------------- */

/* The first row of a one-column query as text into buf ("" when none). */
static bool first_text(sqlite3 *db, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *s;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return false;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* Whether the file at path is a whole vieclam database of a version this library reads. */
static vl_status check_backup(vl_ctx *ctx, sqlite3 *src, const char *path, int version)
{
    char v[64];
    /* SQLite's own "file is not a database" is English: said here, through the catalogue */
    if (!first_text(src, "PRAGMA quick_check", v, sizeof v))
        return sqlite3_errcode(src) == SQLITE_NOTADB
                   ? vl__error(ctx, VL_ERR_INVALID,
                               "%s: not a database file (a backup is a file written by 'vieclam "
                               "backup')",
                               path)
                   : vl__error(ctx, VL_ERR_INVALID, "%s: not a database: %s", path,
                               sqlite3_errmsg(src));
    if (!first_text(src, "PRAGMA integrity_check", v, sizeof v) || strcmp(v, "ok") != 0)
        return vl__error(ctx, VL_ERR_INVALID, "%s: damaged (integrity_check: %s)", path,
                         *v ? v : sqlite3_errmsg(src));
    if (!first_text(src,
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", v,
                    sizeof v) ||
        strcmp(v, "1") != 0)
        return vl__error(ctx, VL_ERR_INVALID, "%s: not a vieclam database", path);
    first_text(src, "PRAGMA user_version", v, sizeof v);
    int have = atoi(v);
    if (have < 1 || have > version)
        return vl__error(ctx, VL_ERR_INVALID,
                         "%s: schema version %d, this vieclam reads 1 to %d (a newer vieclam "
                         "wrote it)",
                         path, have, version);
    return VL_OK;
}

static vl_status copy_pages(vl_ctx *ctx, sqlite3 *to, sqlite3 *from, const char *what)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        return vl__error(ctx, VL_ERR_DB, "%s: %s", what, sqlite3_errmsg(to));
    /* every page in one step: one snapshot of the source, and one transaction of the target */
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        int code = sqlite3_errcode(to);
        return vl__error(ctx,
                         code == SQLITE_BUSY || code == SQLITE_LOCKED ? VL_ERR_BUSY : VL_ERR_DB,
                         "%s: %s", what, rc == SQLITE_FULL ? strerror(ENOSPC) : sqlite3_errstr(rc));
    }
    return VL_OK;
}

static vl_status sq_backup(vl_ctx *ctx, vl__conn *c, const char *path, bool restore, int version)
{
    if (restore) {
        if (access(path, R_OK) != 0)
            return vl__error(ctx, VL_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        sqlite3 *src = NULL;
        vl_status st = VL_OK;
        if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
            st = vl__error(ctx, VL_ERR_INVALID, "%s: cannot open: %s", path,
                           src ? sqlite3_errmsg(src) : "out of memory");
        if (st == VL_OK)
            st = check_backup(ctx, src, path, version);
        if (st == VL_OK)
            st = copy_pages(ctx, c->db, src, c->path);
        sqlite3_close_v2(src);
        /* the restored pages went through the WAL: into the file with them */
        if (st == VL_OK)
            sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        return st;
    }
    /* the copy replaces a file, never the database itself, a device or a folder; through a
     * link, the file it points to (the link stays): it is an output like every other, staged
     * under the one name for temporaries, so a killed backup's leftover goes at the next run */
    struct stat sb;
    if (vl__guarded(path))
        return vl__guarded_error(ctx, path);
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
        return vl__error(ctx, VL_ERR_ARG, "%s: not a file: a backup is written to a file", path);
    vl_output *o;
    vl_status st = vl_output_open(ctx, path, VL_OUTPUT_PRIVATE, &o);
    if (st != VL_OK)
        return st;
    const char *shown = vl_output_name(o);
    const char *tmp = vl_output_temp_path(o);
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        st = vl__error(ctx, VL_ERR_IO, "%s: cannot open: %s", shown,
                       dst ? sqlite3_errmsg(dst) : "out of memory");
    if (st == VL_OK)
        st = copy_pages(ctx, dst, c->db, shown);
    /* a copy taken from a WAL database is a WAL database: leave it one file, no -wal beside */
    if (st == VL_OK &&
        sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        st = vl__error(ctx, VL_ERR_IO, "%s: %s", shown, sqlite3_errmsg(dst));
    if (dst && sqlite3_close(dst) != SQLITE_OK && st == VL_OK)
        st = vl__error(ctx, VL_ERR_IO, "%s: cannot close the copy", shown);
    if (st != VL_OK) {
        /* what SQLite left beside the copy when it failed half-way (a full disk) */
        char side[PATH_MAX + 16];
        for (int k = 0; k < 2; k++) {
            snprintf(side, sizeof side, "%s-%s", tmp, k ? "wal" : "journal");
            unlink(side);
        }
        vl_output_discard(o);
        return st;
    }
    /* fsync, rename over the target, fsync of its folder */
    return vl_output_commit(ctx, o);
}

const vl__driver vl__sqlite_driver = {
    .name = "sqlite",
    .backend = VL__SQLITE,
    .open = sq_open,
    .configure_write = sq_configure_write,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .clear_bindings = sq_clear_bindings,
    .param_count = sq_param_count,
    .bind_null = sq_bind_null,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .step = sq_step,
    .column_count = sq_column_count,
    .column_null = sq_column_null,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .column_text = sq_column_text,
    .changes = sq_changes,
    .errcode = sq_errcode,
    .errmsg = sq_errmsg,
    .begin = sq_begin,
    .autocommit = sq_autocommit,
    .get_version = sq_get_version,
    .set_version = sq_set_version,
    .set_busy_timeout = sq_set_busy_timeout,
    .data_version = sq_data_version,
    .backup = sq_backup,
};

/* ---- allocation routing for tests ----------------------------------------------------------
 * SQLITE_CONFIG_MALLOC is process-wide and accepted only before SQLite initialises, so a library
 * cannot set it safely on its own: the host program (or another library in it) may have used
 * SQLite already, or may want its own allocator. The library therefore never calls
 * vl__store_route_alloc; test programs call it first thing, so that an injected failure can land
 * inside SQLite and the test proves that the store maps SQLITE_NOMEM to a clean status. */

static void *mem_malloc(int n)
{
    return vl__malloc(n > 0 ? (size_t)n : 1);
}

static void mem_free(void *p)
{
    vl__free(p);
}

static void *mem_realloc(void *p, int n)
{
    return vl__realloc(p, n > 0 ? (size_t)n : 1);
}

static int mem_size(void *p)
{
    return p ? (int)malloc_usable_size(p) : 0;
}

static int mem_roundup(int n)
{
    return (n + 7) & ~7;
}

static int mem_init(void *unused)
{
    (void)unused;
    return SQLITE_OK;
}

static void mem_shutdown(void *unused)
{
    (void)unused;
}

bool vl__store_route_alloc(void)
{
    static const sqlite3_mem_methods methods = {mem_malloc,  mem_free, mem_realloc,  mem_size,
                                                mem_roundup, mem_init, mem_shutdown, NULL};
    if (sqlite3_shutdown() != SQLITE_OK)
        return false;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) == SQLITE_OK &&
           sqlite3_initialize() == SQLITE_OK;
}
