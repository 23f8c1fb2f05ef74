/*
 * db.c - the database handle over a backend driver (driver.h): choosing the backend from the
 * target, forward migrations with newer schemas refused, nested transactions, error mapping to
 * statuses, the statement functions of store.h and row counts. Knows no backend's library.
 */
#include "store/driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct vl_db {
    const vl__driver *drv;
    vl__conn *conn;
    int depth;   /* open vl__db_begin levels */
    bool stuck;  /* a level's ROLLBACK TO failed: its writes may remain, so the transaction
                    must not commit (vl__db_rollback, vl__db_commit) */
    int flat;    /* > 0: the depth of a vl__db_begin_flat level; it and the levels inside it
                    open no savepoint */
    bool failed; /* a level inside a flat one was rolled back: only the whole transaction
                    can be, so it must not commit */
    int version; /* schema version after opening */
    bool readonly;
    int64_t data_version; /* at the last vl_db_maybe_changed */
    char *path;           /* as opened: a sibling connection opens the same (vl__db_sibling_read) */
    char *scope;          /* vl_db_set_load_scope: "'31','01'", quoted codes; NULL = everything */
    char *scope_text;     /* the same codes sorted, "01,31" (vl__scope_text) */
    bool no_contacts;     /* vl_db_set_load_contacts(db, false) */
    vl__file_id guard;    /* a SQLite file: no output replaces it while it is open */
};

struct vl__stmt {
    vl_db *db;
    vl__bstmt *b;
};

vl__backend vl__db_backend(const vl_db *db)
{
    assert(db);
    return db->drv->backend;
}

const char *vl__sql(const vl_db *db, const char *sqlite, const char *pg)
{
    return db && db->drv->backend == VL__POSTGRESQL && pg ? pg : sqlite;
}

const char *vl__db_scope(const vl_db *db)
{
    return db ? db->scope : NULL;
}

void vl__db_set_scope(vl_db *db, char *scope, char *text)
{
    vl__free(db->scope);
    vl__free(db->scope_text);
    db->scope = scope;
    db->scope_text = text;
}

const char *vl__scope_text(const vl_db *db)
{
    return db && db->scope_text ? db->scope_text : "";
}

void vl_db_set_load_contacts(vl_db *db, bool load)
{
    if (db)
        db->no_contacts = !load;
}

bool vl__db_contacts(const vl_db *db)
{
    return !db || !db->no_contacts;
}

const char *vl__sqltext_for(const vl_db *db, const vl__sqltext *t)
{
    return t->sql ? vl__sql(db, t->sql, t->pg) : NULL;
}

/* ---- errors -------------------------------------------------------------------------------- */

vl__dberr vl__db_errclass(vl_db *db)
{
    return db && db->conn ? db->drv->errcode(db->conn) : VL__DB_OTHER;
}

/* Levels are open but the backend holds no transaction: SQLite rolled it back by itself (out of
 * memory) in an earlier call whose failure its caller did not stop at. Nothing more may run:
 * outside the transaction a write would be committed on its own, and a copy's or a join's
 * levels (vl__db_begin_flat) open no savepoint that would start a new one. */
static bool tx_gone(vl_db *db)
{
    return db->depth > 0 && db->drv->autocommit(db->conn);
}

vl_status vl__db_sqlerr(vl_ctx *ctx, vl_db *db, const char *what)
{
    /* what fails now (a table the transaction made, not found) is only a consequence of the
     * transaction SQLite rolled back (see tx_lost in sqlite.c) */
    vl__dberr code = vl__db_errclass(db);
    /* a full disk ends SQLite's transaction too: said as a full disk, never "out of memory" */
    if (code == VL__DB_FULL)
        return vl__error(ctx, VL_ERR_IO,
                         "the disk holding the database is full: nothing was written (%s); free "
                         "some space and run the command again",
                         vl__tr(ctx, what));
    /* PostgreSQL ends a transaction itself when its COMMIT fails as a serialisation failure (two
     * imports at once): busy, to be run again, never "out of memory" */
    if (db && db->conn && tx_gone(db) && db->drv->backend == VL__SQLITE)
        return vl__error(ctx, VL_ERR_NOMEM,
                         "%s: out of memory (the database ended the transaction): nothing was "
                         "written",
                         vl__tr(ctx, what));
    if (db && db->conn && tx_gone(db) && code != VL__DB_BUSY)
        return vl__error(ctx, VL_ERR_DB,
                         "%s: the database ended the transaction: nothing was written",
                         vl__tr(ctx, what));
    /* what says what was being done ("reading areas"): a msgid (keyword vl__db_sqlerr:3) */
    what = vl__tr(ctx, what);
    /* a driver's own words are msgids (N_); the database's own come back unchanged */
    const char *msg = vl__tr(ctx, db && db->conn ? db->drv->errmsg(db->conn) : "no database");
    if (code == VL__DB_NOMEM)
        return vl__error(ctx, VL_ERR_NOMEM, "%s: out of memory", what);
    if (code == VL__DB_BUSY)
        return vl__error(ctx, VL_ERR_BUSY,
                         "%s: the database is busy (another vieclam is writing): %s", what, msg);
    return vl__error(ctx, VL_ERR_DB, "%s: %s", what, msg);
}

vl_status vl__db_number_taken(vl_ctx *ctx, vl_db *db, vl_status st, const char *id)
{
    if (st != VL_ERR_DB || vl__db_errclass(db) != VL__DB_CONSTRAINT)
        return st;
    return vl__error(ctx, VL_ERR_BUSY,
                     "another server numbered a record '%s' at the same moment; nothing was "
                     "written: please try again",
                     id);
}

/* The first words of a statement, on one line, for an error message. */
static void sql_head(char *out, size_t size, const char *prefix, const char *sql)
{
    snprintf(out, size, "%s%.40s", prefix, sql);
    for (char *p = out; *p; p++)
        if (*p == '\n')
            *p = ' ';
}

/* ---- statements ---------------------------------------------------------------------------- */

vl_status vl__db_exec(vl_ctx *ctx, vl_db *db, const char *sql)
{
    if (tx_gone(db) || db->drv->exec(db->conn, sql) != VL__OK0) {
        char head[64];
        sql_head(head, sizeof head, "", sql);
        return vl__db_sqlerr(ctx, db, head);
    }
    return VL_OK;
}

vl_status vl__db_prepare(vl_ctx *ctx, vl_db *db, const char *sql, vl__stmt **out)
{
    *out = NULL;
    vl__stmt *s = vl__calloc(1, sizeof *s);
    if (!s)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    s->db = db;
    if (tx_gone(db) || db->drv->prepare(db->conn, sql, &s->b) != VL__OK0) {
        vl__free(s);
        char head[64];
        sql_head(head, sizeof head, "preparing ", sql);
        return vl__db_sqlerr(ctx, db, head);
    }
    *out = s;
    return VL_OK;
}

void vl__finalize(vl__stmt *s)
{
    if (!s)
        return;
    s->db->drv->finalize(s->b);
    vl__free(s);
}

void vl__reset(vl__stmt *s)
{
    s->db->drv->reset(s->b);
}

void vl__clear_bindings(vl__stmt *s)
{
    s->db->drv->clear_bindings(s->b);
}

void vl__stmt_stream(vl__stmt *s)
{
    if (s->db->drv->stream)
        s->db->drv->stream(s->b);
}

vl_status vl__stmt_flush(vl_ctx *ctx, vl__stmt *s)
{
    if (s->db->drv->flush && s->db->drv->flush(s->b) != VL__OK0)
        return vl__db_sqlerr(ctx, s->db, "sending rows");
    return VL_OK;
}

int vl__param_count(vl__stmt *s)
{
    return s->db->drv->param_count(s->b);
}

void vl__bind_null(vl__stmt *s, int i)
{
    s->db->drv->bind_null(s->b, i);
}

void vl__bind_date(vl__stmt *s, int i, int32_t d)
{
    char b[11];
    if (!d) {
        vl__bind_null(s, i);
        return;
    }
    vl__format_date(d, b);
    vl__bind_text(s, i, b, false);
}

void vl__bind_int(vl__stmt *s, int i, int v)
{
    s->db->drv->bind_int64(s->b, i, v);
}

void vl__bind_int64(vl__stmt *s, int i, int64_t v)
{
    s->db->drv->bind_int64(s->b, i, v);
}

void vl__bind_double(vl__stmt *s, int i, double v)
{
    s->db->drv->bind_double(s->b, i, v);
}

void vl__bind_text(vl__stmt *s, int i, const char *t, bool empty_is_null)
{
    if (!t || (empty_is_null && !*t))
        s->db->drv->bind_null(s->b, i);
    else
        s->db->drv->bind_text(s->b, i, t, strlen(t));
}

int vl__step(vl__stmt *s)
{
    return tx_gone(s->db) ? VL__ERROR : s->db->drv->step(s->b);
}

vl_db *vl__stmt_db(vl__stmt *s)
{
    return s->db;
}

int vl__col_count(vl__stmt *s)
{
    return s->db->drv->column_count(s->b);
}

bool vl__col_null(vl__stmt *s, int i)
{
    return s->db->drv->column_null(s->b, i);
}

int vl__col_int(vl__stmt *s, int i)
{
    return (int)s->db->drv->column_int64(s->b, i);
}

int64_t vl__col_int64(vl__stmt *s, int i)
{
    return s->db->drv->column_int64(s->b, i);
}

double vl__col_double(vl__stmt *s, int i)
{
    return s->db->drv->column_double(s->b, i);
}

const char *vl__col_text_len(vl__stmt *s, int i, size_t *len)
{
    size_t n = 0;
    const char *t = s->db->drv->column_text(s->b, i, &n);
    if (len)
        *len = t ? n : 0;
    return t;
}

const char *vl__col_text(vl__stmt *s, int i)
{
    const char *t = vl__col_text_len(s, i, NULL);
    return t ? t : "";
}

int32_t vl__col_date(vl__stmt *s, int i)
{
    int32_t d = 0;
    const char *t = vl__col_text_len(s, i, NULL);
    if (t && !vl__parse_date(t, &d))
        d = 0;
    return d;
}

int64_t vl__db_changes(vl_db *db)
{
    return db->drv->changes(db->conn);
}

vl_status vl__db_scalar_arg(vl_ctx *ctx, vl_db *db, const char *sql, const int64_t *arg,
                            const char *what, int64_t *out)
{
    *out = 0;
    vl__stmt *st;
    vl_status s = vl__db_prepare(ctx, db, sql, &st);
    if (s != VL_OK || !st) /* !st: never with VL_OK, but an optimiser cannot tell */
        return s != VL_OK ? s : VL_ERR_INTERNAL;
    if (arg)
        vl__bind_int64(st, 1, *arg);
    int rc = vl__step(st);
    if (rc == VL__ROW)
        *out = vl__col_int64(st, 0);
    else if (rc != VL__DONE)
        s = vl__db_sqlerr(ctx, db, what);
    vl__finalize(st);
    return s;
}

vl_status vl__db_scalar(vl_ctx *ctx, vl_db *db, const char *sql, int64_t *out)
{
    return vl__db_scalar_arg(ctx, db, sql, NULL, "query", out);
}

vl_status vl__db_stage(vl_ctx *ctx, vl_db *db, const char *table, const char *cols, vl__stmt **copy)
{
    vl_buf sql = {0};
    vl_buf_printf(&sql,
                  "DROP TABLE IF EXISTS vl_stage_%s; CREATE TEMP TABLE vl_stage_%s AS SELECT %s"
                  " FROM %s WITH NO DATA",
                  table, table, cols, table);
    vl_status st =
        sql.failed ? vl__error(ctx, VL_ERR_NOMEM, "out of memory") : vl__db_exec(ctx, db, sql.data);
    sql.len = 0;
    if (st == VL_OK && !vl_buf_printf(&sql, "COPY vl_stage_%s(%s) FROM STDIN", table, cols))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK)
        st = vl__db_prepare(ctx, db, sql.data, copy);
    vl_buf_free(&sql);
    return st;
}

void vl__utc_now(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

vl_status vl__db_areas_changed(vl_ctx *ctx, vl_db *db)
{
    if (db->drv->backend != VL__POSTGRESQL)
        return VL_OK;
    return vl__db_exec(ctx, db, "SELECT vl_partition_sync()");
}

/* ---- transactions -------------------------------------------------------------------------- */

static vl_status begin(vl_ctx *ctx, vl_db *db, vl__tx kind)
{
    if (db->depth == 0) {
        /* a transaction the backend still holds although every level was ended: a ROLLBACK
         * that failed (SQLite prepares it, and out of memory fails it) left it open. Ended
         * here, or every later BEGIN on this connection (a server's pooled one) would fail */
        if (!db->drv->autocommit(db->conn))
            db->drv->exec(db->conn, "ROLLBACK");
        db->stuck = false;
        db->failed = false;
        db->flat = 0;
        if (db->drv->begin(db->conn, kind) != VL__OK0)
            return vl__db_sqlerr(ctx, db, kind == VL__TX_READ ? "BEGIN (read)" : "BEGIN");
    } else if (db->flat) {
        /* inside a flat level: no savepoint (vl__db_begin_flat) */
        if (tx_gone(db))
            return vl__db_sqlerr(ctx, db, "beginning");
    } else {
        char sql[48];
        snprintf(sql, sizeof sql, "SAVEPOINT vl_%d", db->depth);
        vl_status st = vl__db_exec(ctx, db, sql);
        if (st != VL_OK)
            return st;
    }
    db->depth++;
    return VL_OK;
}

vl_status vl__db_begin(vl_ctx *ctx, vl_db *db)
{
    return begin(ctx, db, VL__TX_WRITE);
}

/* Ends a level inside a flat one (depth > 1): there is no savepoint to end. */
static void flat_level_end(vl_db *db)
{
    if (db->depth == db->flat)
        db->flat = 0;
    db->depth--;
}

vl_status vl__db_begin_flat(vl_ctx *ctx, vl_db *db)
{
    bool inside = db->depth > 0;
    if (inside && !db->flat)
        db->flat = db->depth + 1; /* this level and the levels inside it */
    vl_status st = begin(ctx, db, VL__TX_WRITE);
    if (st == VL_OK && !inside)
        db->flat = db->depth; /* the transaction itself (begin() cleared it) */
    return st;
}

vl_status vl__db_begin_read(vl_ctx *ctx, vl_db *db)
{
    return begin(ctx, db, VL__TX_READ);
}

void vl__db_end_read(vl_db *db)
{
    if (db->flat && db->depth > 1) { /* a read inside a flat level: nothing to undo */
        flat_level_end(db);
        return;
    }
    vl__db_rollback(db);
}

int vl__db_depth(const vl_db *db)
{
    return db->depth;
}

vl_status vl__db_commit(vl_ctx *ctx, vl_db *db)
{
    assert(db->depth > 0);
    char sql[48];
    if (db->drv->autocommit(db->conn)) {
        /* the backend ended the transaction itself after an error (SQLite does on out of
         * memory, a full disk, I/O errors), savepoints and all: nothing was written; name that
         * error, not the COMMIT or RELEASE that found no transaction (an outer level's commit
         * comes here too) */
        vl__dberr code = vl__db_errclass(db);
        db->depth--;
        if (code == VL__DB_NOMEM)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory: nothing was written");
        return vl__error(ctx, code == VL__DB_FULL ? VL_ERR_IO : VL_ERR_DB,
                         "the database ended the transaction after an error (%s): nothing was "
                         "written",
                         db->drv->errmsg(db->conn));
    }
    if (db->flat && db->depth > 1) { /* no savepoint to release */
        flat_level_end(db);
        return VL_OK;
    }
    if (db->depth == 1 && db->failed) {
        /* a part of the transaction failed inside a flat level, which cannot be undone alone */
        vl__db_rollback(db);
        return vl__error(ctx, VL_ERR_DB,
                         "a part of the transaction failed and could not be undone alone: "
                         "nothing was written");
    }
    if (db->depth == 1 && db->stuck) {
        /* an inner level that failed could not be undone (out of memory while rolling back to
         * its savepoint): committing would keep what it wrote, so nothing is */
        vl__db_rollback(db);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory: nothing was written");
    }
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
    if (db->flat && db->depth > 1) { /* no savepoint to go back to: the whole must go */
        db->failed = true;
        flat_level_end(db);
        return;
    }
    if (db->depth == 1) {
        /* the backend may already have rolled back (SQLite after SQLITE_FULL): that is fine */
        if (!db->drv->autocommit(db->conn))
            db->drv->exec(db->conn, "ROLLBACK");
        db->stuck = false;
    } else {
        char sql[64];
        snprintf(sql, sizeof sql, "ROLLBACK TO vl_%d; RELEASE vl_%d", db->depth - 1, db->depth - 1);
        if (db->drv->exec(db->conn, sql) != VL__OK0 && !db->drv->autocommit(db->conn))
            db->stuck = true;
    }
    db->depth--;
}

vl_status vl_db_begin(vl_ctx *ctx, vl_db *db)
{
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_begin: no database");
    return vl__db_begin(ctx, db);
}

vl_status vl_db_begin_exclusive(vl_ctx *ctx, vl_db *db)
{
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_begin_exclusive: no database");
    return begin(ctx, db, VL__TX_EXCLUSIVE); /* nested: a savepoint, as any write */
}

vl_status vl_db_commit(vl_ctx *ctx, vl_db *db)
{
    if (!db || db->depth == 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_commit: no open transaction");
    return vl__db_commit(ctx, db);
}

void vl_db_rollback(vl_db *db)
{
    if (db && db->depth > 0)
        vl__db_rollback(db);
}

/* ---- opening ------------------------------------------------------------------------------- */

bool vl_db_is_url(const char *target)
{
    return target &&
           (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0);
}

/* The end of a URL's token inside a longer text (a command line, a message). */
static bool url_end(char c)
{
    return !c || c == ' ' || c == '\t' || c == '\n' || c == '\'' || c == '"';
}

size_t vl_db_hide_passwords(const char *text, char *out, size_t size)
{
    size_t n = 0;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        char c_ = (c); /* evaluated once, whether written or only counted */                       \
        if (n + 1 < size)                                                                          \
            out[n] = c_;                                                                           \
        n++;                                                                                       \
    } while (0)
    for (const char *p = text ? text : ""; *p;) {
        if (!vl_db_is_url(p)) {
            PUT(*p++);
            continue;
        }
        const char *host = strstr(p, "://") + 3, *end = host, *at = NULL, *colon = NULL;
        while (!url_end(*end))
            end++;
        /* user:password@ in the authority (up to the path, the parameters or the fragment) */
        for (const char *q = host; q < end && *q != '/' && *q != '?' && *q != '#'; q++)
            if (*q == '@')
                at = q;
        for (const char *q = host; at && q < at && !colon; q++)
            if (*q == ':')
                colon = q;
        while (p < end) {
            if (colon && p == colon) { /* user:***@ */
                PUT(':');
                PUT('*');
                PUT('*');
                PUT('*');
                p = at;
            } else if (p > host && (p[-1] == '?' || p[-1] == '&') &&
                       strncmp(p, "password=", 9) == 0) {
                for (const char *w = "password=***"; *w; w++)
                    PUT(*w);
                for (p += 9; p < end && *p != '&' && *p != '#'; p++)
                    ;
            } else {
                PUT(*p++);
            }
        }
    }
#undef PUT
    if (size)
        out[n < size ? n : size - 1] = '\0';
    return n;
}

static vl_status read_version(vl_ctx *ctx, vl_db *db, int *version)
{
    if (db->drv->get_version(db->conn, version) != VL__OK0)
        return vl__db_sqlerr(ctx, db, "reading the schema version");
    return VL_OK;
}

static vl_status migrate(vl_ctx *ctx, vl_db *db, const char *target)
{
    int version = 0;
    vl_status st;
    if ((st = read_version(ctx, db, &version)) != VL_OK)
        return st == VL_ERR_NOMEM || st == VL_ERR_BUSY
                   ? st /* not a verdict on the file */
                   : vl__error(ctx, VL_ERR_DB, "%s: not a vieclam database (%s)", target,
                               db->drv->errmsg(db->conn));
    if (version > vl__db_schema_target())
        return vl__error(ctx, VL_ERR_DB,
                         "%s: schema version %d is newer than this vieclam supports (%d); "
                         "use a newer vieclam",
                         target, version, vl__db_schema_target());
    if (!db->readonly && (st = db->drv->configure_write(ctx, db->conn, target)) != VL_OK)
        return st;
    if (version < vl__db_schema_target()) {
        if (db->readonly)
            return vl__error(ctx, VL_ERR_DB,
                             "%s: schema version %d is older than %d; open it for writing once "
                             "(e.g. `vieclam init`) to migrate it",
                             target, version, vl__db_schema_target());
        /* SQLite changes a table by building a new one and renaming it (a step may rebuild a
         * table others refer to), which needs foreign keys off meanwhile (they cannot change
         * inside a transaction); foreign_key_check must find nothing before the commit */
        if ((st = vl__db_exec(ctx, db, vl__sql(db, "PRAGMA foreign_keys = OFF", "SELECT 1"))) !=
                VL_OK ||
            (st = vl__db_begin(ctx, db)) != VL_OK)
            return st;
        /* re-read under the write lock: another process may have migrated meanwhile */
        if ((st = read_version(ctx, db, &version)) == VL_OK && version < vl__db_schema_target())
            st = vl__db_migrate_steps(ctx, db, version);
        int64_t broken = 0;
        if (st == VL_OK &&
            (st = vl__db_scalar(
                 ctx, db, vl__sql(db, "SELECT COUNT(*) FROM pragma_foreign_key_check", "SELECT 0"),
                 &broken)) == VL_OK &&
            broken > 0)
            st = vl__error(ctx, VL_ERR_DB,
                           "%s: the schema migration left %lld references pointing nowhere; "
                           "the database is unchanged",
                           target, (long long)broken);
        if (st != VL_OK)
            vl__db_rollback(db);
        else
            st = vl__db_commit(ctx, db);
        vl_status on = vl__db_exec(ctx, db, vl__sql(db, "PRAGMA foreign_keys = ON", "SELECT 1"));
        if (st != VL_OK || (st = on) != VL_OK)
            return st;
        version = vl__db_schema_target();
    }
    db->version = version;
    return VL_OK;
}

vl_status vl__db_set_version(vl_ctx *ctx, vl_db *db, int version)
{
    if (db->drv->set_version(db->conn, version) != VL__OK0)
        return vl__db_sqlerr(ctx, db, "setting the schema version");
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
    vl_db *db = vl__calloc(1, sizeof *db);
    if (!db)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    db->drv = vl_db_is_url(path) ? &vl__pg_driver : &vl__sqlite_driver;
    db->readonly = readonly;
    if (!(db->path = vl__strdup(path))) {
        vl__free(db);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl_status st = db->drv->open(ctx, path, flags, &db->conn);
    char shown[1024]; /* the target in messages */
    vl_db_hide_passwords(path, shown, sizeof shown);
    if (st == VL_OK)
        st = migrate(ctx, db, shown);
    /* runs left 'running' by a killed process are marked at the next start that may write */
    if (st == VL_OK && !readonly)
        st = vl__runs_mark_interrupted(ctx, db);
    if (st != VL_OK) {
        if (db->conn)
            db->drv->close(db->conn, true);
        db->conn = NULL;
        vl_db_close(db);
        return st;
    }
    if (db->drv->backend == VL__SQLITE)
        vl__guard_on(path, &db->guard);
    *out = db;
    return VL_OK;
}

void vl_db_close(vl_db *db)
{
    if (!db)
        return;
    vl__guard_off(&db->guard);
    while (db->conn && db->depth > 0)
        vl__db_rollback(db);
    if (db->conn)
        db->drv->close(db->conn, false);
    vl__free(db->path);
    vl__db_set_scope(db, NULL, NULL);
    vl__free(db);
}

/* ---- one snapshot for two connections ----------------------------------------------------------
 */

/* Opens *sibling read-only on db's database in a read transaction whose first statement, first,
 * takes its snapshot. A sibling that cannot connect (a server that takes no more connections)
 * is VL_ERR_UNSUPPORTED with no message: the caller reads alone. Nothing is left open on
 * failure. */
static vl_status open_sibling(vl_ctx *ctx, vl_ctx *sibling_ctx, vl_db *db, const char *first,
                              vl_db **sibling)
{
    if (vl_db_open(sibling_ctx, db->path, VL_DB_READONLY | VL_DB_POOLED, sibling) != VL_OK)
        return VL_ERR_UNSUPPORTED;
    vl_status st = VL_OK;
    /* the same scope: the sibling reads what db would have read */
    if (db->scope && (!((*sibling)->scope = vl__strdup(db->scope)) ||
                      !((*sibling)->scope_text = vl__strdup(db->scope_text))))
        st = vl__error(sibling_ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK)
        st = vl__db_begin_read(sibling_ctx, *sibling);
    if (st == VL_OK)
        st = vl__db_exec(sibling_ctx, *sibling, first);
    if (st != VL_OK) {
        st = vl__error(ctx, st, "%s", vl_ctx_errmsg(sibling_ctx));
        vl_db_close(*sibling); /* ends its read transaction */
        *sibling = NULL;
    }
    return st;
}

/* PostgreSQL: this connection's read transaction (REPEATABLE READ) exports its snapshot and the
 * sibling's read transaction adopts it before its first query, so both read the same commits
 * while writers go on (pg_export_snapshot, SET TRANSACTION SNAPSHOT). */
static vl_status pg_sibling_read(vl_ctx *ctx, vl_ctx *sibling_ctx, vl_db *db, vl_db **sibling)
{
    vl_status st = vl__db_begin_read(ctx, db);
    if (st != VL_OK)
        return st;
    char set[96] = "";
    vl__stmt *s;
    if ((st = vl__db_prepare(ctx, db, "SELECT pg_export_snapshot()", &s)) == VL_OK) {
        const char *id = vl__step(s) == VL__ROW ? vl__col_text(s, 0) : NULL;
        /* an id is hex digits and dashes ("00000003-0000001B-1"): safe to write inline */
        if (id && *id && strspn(id, "0123456789ABCDEFabcdef-") == strlen(id) && strlen(id) < 64)
            snprintf(set, sizeof set, "SET TRANSACTION SNAPSHOT '%s'", id);
        else
            st = vl__db_sqlerr(ctx, db, "sharing a snapshot");
        vl__finalize(s);
    }
    if (st == VL_OK)
        st = open_sibling(ctx, sibling_ctx, db, set, sibling);
    if (st != VL_OK)
        vl__db_end_read(db);
    return st;
}

vl_status vl__db_sibling_read(vl_ctx *ctx, vl_ctx *sibling_ctx, vl_db *db, vl_db **sibling)
{
    *sibling = NULL;
    if (db->depth > 0)
        return vl__error(ctx, VL_ERR_UNSUPPORTED, "a sibling reader needs no open transaction");
    if (db->drv->backend == VL__POSTGRESQL)
        return pg_sibling_read(ctx, sibling_ctx, db, sibling);
    /* writers wait while the two read transactions start: a third connection holds the write
     * lock (BEGIN IMMEDIATE) until both have read, so no commit can fall between them */
    vl__conn *holder = NULL;
    vl_status st = db->drv->open(ctx, db->path, VL_DB_POOLED, &holder);
    /* a writer at work (an import) keeps the lock: then no sibling (the caller reads alone),
     * after a short wait rather than the usual timeout */
    if (st == VL_OK && (db->drv->exec(holder, "PRAGMA busy_timeout = 200") != VL__OK0 ||
                        db->drv->begin(holder, VL__TX_WRITE) != VL__OK0))
        st = VL_ERR_UNSUPPORTED;
    bool held = st == VL_OK;
    int64_t one;
    /* a read transaction takes its snapshot at its first read */
    if (st == VL_OK && (st = vl__db_begin_read(ctx, db)) == VL_OK &&
        (st = vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM meta", &one)) != VL_OK)
        vl__db_end_read(db);
    if (st == VL_OK &&
        (st = open_sibling(ctx, sibling_ctx, db, "SELECT COUNT(*) FROM meta", sibling)) != VL_OK)
        vl__db_end_read(db);
    if (held)
        db->drv->exec(holder, "ROLLBACK");
    if (holder)
        db->drv->close(holder, false);
    return st;
}

vl_status vl__db_backup(vl_ctx *ctx, vl_db *db, const char *path, bool restore)
{
    /* two calls, not one with a ?: between the texts: xgettext takes the first literal only */
    if (!db->drv->backup && restore)
        return vl__error(ctx, VL_ERR_UNSUPPORTED,
                         "restore works on SQLite databases; on PostgreSQL use pg_restore "
                         "(docs/privacy.md)");
    if (!db->drv->backup)
        return vl__error(ctx, VL_ERR_UNSUPPORTED,
                         "backup works on SQLite databases; on PostgreSQL use pg_dump "
                         "(docs/privacy.md)");
    if (db->readonly && restore)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_restore: the database is open read-only");
    if (db->depth > 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_backup: inside a transaction");
    return db->drv->backup(ctx, db->conn, path, restore, vl__db_schema_target());
}

int vl_db_schema_version(const vl_db *db)
{
    return db ? db->version : 0;
}

/* ---- counts -------------------------------------------------------------------------------- */

vl_status vl_db_counts_get(vl_ctx *ctx, vl_db *db, vl_db_counts *out)
{
    return vl_db_counts_on(ctx, db, 0, out);
}

vl_status vl_db_counts_on(vl_ctx *ctx, vl_db *db, int32_t date, vl_db_counts *out)
{
    /* ?1 = the day counted on (the local date by default: from 00:00 to 07:00 in Vietnam the
     * UTC date is still yesterday's) */
    static const struct {
        size_t offset;
        const char *sql;
        bool scoped; /* seekers or vacancies: the load scope's (ends in its table or a WHERE) */
    } q[] = {
        {offsetof(vl_db_counts, areas), "SELECT COUNT(*) FROM areas"},
        {offsetof(vl_db_counts, occupations), "SELECT COUNT(*) FROM occupations"},
        {offsetof(vl_db_counts, industries), "SELECT COUNT(*) FROM industries"},
        {offsetof(vl_db_counts, employers), "SELECT COUNT(*) FROM employers"},
        {offsetof(vl_db_counts, vacancies), "SELECT COUNT(*) FROM vacancies", true},
        {offsetof(vl_db_counts, seekers), "SELECT COUNT(*) FROM seekers", true},
        {offsetof(vl_db_counts, history), "SELECT COUNT(*) FROM history"},
        {offsetof(vl_db_counts, runs), "SELECT COUNT(*) FROM runs"},
        {offsetof(vl_db_counts, open_vacancies),
         "SELECT COUNT(*) FROM vacancies WHERE (posted IS NULL OR posted <= ?1) AND "
         "(closes IS NULL OR closes >= ?1)",
         true},
        {offsetof(vl_db_counts, active_seekers),
         "SELECT COUNT(*) FROM seekers WHERE status = 'active'", true},
        {offsetof(vl_db_counts, positions),
         "SELECT COALESCE(SUM(positions), 0) FROM vacancies "
         "WHERE (posted IS NULL OR posted <= ?1) AND (closes IS NULL OR closes >= ?1)",
         true},
    };
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_counts_get: no database");
    memset(out, 0, sizeof *out);
    int32_t d = date > 0 ? date : vl__today();
    char today[16];
    snprintf(today, sizeof today, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
             (int)(d % 100));
    vl_status st = vl__db_begin_read(ctx, db);
    bool began = st == VL_OK;
    vl_buf sql = {0};
    for (size_t i = 0; st == VL_OK && i < VL_ARRAY_LEN(q); i++) {
        vl__stmt *s;
        const char *text = q[i].sql;
        if (q[i].scoped && vl__db_scope(db)) {
            sql.len = 0;
            vl_buf_printf(&sql, "%s %s ", text, strstr(text, " WHERE ") ? "AND" : "WHERE");
            vl__scope_condition(&sql, db, "");
            if (!sql.data || sql.failed) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            text = sql.data;
        }
        if ((st = vl__db_prepare(ctx, db, text, &s)) != VL_OK)
            break;
        if (vl__param_count(s) >= 1)
            vl__bind_text(s, 1, today, false);
        int rc = vl__step(s);
        int64_t v = rc == VL__ROW ? vl__col_int64(s, 0) : 0;
        if (rc != VL__ROW && rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "counting rows");
        vl__finalize(s);
        *(size_t *)(void *)((char *)out + q[i].offset) = v > 0 ? (size_t)v : 0;
    }
    vl_buf_free(&sql);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    if (began)
        vl__db_rollback(db);
    return st;
}

/* ---- following changes --------------------------------------------------------------------- */

bool vl_db_maybe_changed(vl_db *db)
{
    if (!db || !db->conn)
        return false;
    int64_t v = 0;
    if (db->drv->data_version(db->conn, &v) != VL__OK0)
        return true; /* cannot tell: say yes, the caller asks the change log */
    bool changed = v != db->data_version;
    db->data_version = v;
    return changed;
}

void vl_db_set_busy_timeout(vl_db *db, int ms)
{
    if (db && db->conn)
        db->drv->set_busy_timeout(db->conn, ms);
}
