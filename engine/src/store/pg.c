/*
 * pg.c - the PostgreSQL backend of the store's driver interface (driver.h), through libpq: the
 * only file of the project that includes libpq-fe.h. A connection URL (postgresql://...)
 * selects it.
 *
 * How the store's SQLite-shaped calls map onto a server:
 *  - `?` and `?N` parameters are rewritten to `$N` once, when a statement is first prepared on
 *    the connection; prepared statements are cached per connection by their text, so preparing
 *    the same SQL again costs no round trip, and parameters travel as text (what the server
 *    parses exactly: integers, and doubles written with 17 significant digits);
 *  - a statement returns its rows whole, except one marked for streaming (vl__stmt_stream),
 *    which inside a transaction reads through a cursor in batches so that a country-sized table
 *    never sits in memory at once;
 *  - write transactions are SERIALIZABLE and read transactions REPEATABLE READ READ ONLY; a
 *    serialisation failure, a deadlock or a lock timeout is VL__DB_BUSY, which the store turns
 *    into the retryable VL_ERR_BUSY;
 *  - an error message is the server's primary message only: its DETAIL may quote a row, which
 *    can hold personal data, and never reaches a message or a log;
 *  - the schema version lives in the table vl_schema (PRAGMA user_version for SQLite);
 *  - a statement "COPY table(col, ...) FROM STDIN" takes one row per step (its parameters are
 *    the columns) into a buffer sent with COPY when it grows large and by vl__stmt_flush: the
 *    bulk path of imports; finalizing without a flush discards what was not sent.
 */
#include "store/driver.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows fetched per round trip from a streaming cursor. */
#define PG_FETCH_ROWS 5000
/* Bytes of COPY rows buffered before they are sent. */
#define PG_COPY_BUFFER (8u << 20)

/* A statement prepared on the connection, shared by every vl__bstmt with the same SQL. */
typedef struct pg_prep {
    struct pg_prep *next;
    char *sql;  /* as the store wrote it (the cache key) */
    char *text; /* with $N parameters */
    char name[24];
    int nparams, nfields;
    bool copy; /* COPY ... FROM STDIN: nparams columns a row, nothing prepared on the server */
} pg_prep;

struct vl__conn {
    PGconn *pg;
    pg_prep *preps;
    unsigned next_name; /* statement and cursor names: s1, s2, ... c1, c2, ... */
    char sqlstate[6];
    char *errmsg;     /* malloc'd primary message of the last error, or NULL */
    int64_t changes;  /* rows changed by the last INSERT/UPDATE/DELETE */
    char tx_state[6]; /* the first error of the current transaction (its SQLSTATE) */
    bool listening;   /* LISTEN vieclam_changes was sent (data_version) */
    bool exclusive;   /* the writers' advisory lock is held (VL__TX_EXCLUSIVE) */
    int64_t notified; /* notifications received on vieclam_changes */
};

struct vl__bstmt {
    vl__conn *c;
    pg_prep *p;
    char **values; /* nparams text values (NULL = SQL NULL), malloc'd */
    bool stream;
    bool oom;    /* a binding could not be copied: the next step fails */
    vl_buf rows; /* COPY statements: rows not sent yet */
    PGresult *res;
    int row, nrows; /* current row in res (-1 before the first) */
    bool executed, cursor_open, cursor_done;
    char cursor[24];
};

/* ---- errors -------------------------------------------------------------------------------- */

static void set_error(vl__conn *c, const char *sqlstate, const char *msg)
{
    snprintf(c->sqlstate, sizeof c->sqlstate, "%s", sqlstate ? sqlstate : "XX000");
    if (!c->tx_state[0])
        memcpy(c->tx_state, c->sqlstate, sizeof c->tx_state);
    vl__free(c->errmsg);
    c->errmsg = vl__strdup(msg && *msg ? msg : N_("unknown error"));
    if (c->errmsg) {
        size_t n = strlen(c->errmsg);
        while (n && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
            c->errmsg[--n] = '\0';
    }
}

/* Records the error of a failed result (or of the connection when res is NULL). */
static void error_from(vl__conn *c, const PGresult *res)
{
    if (res && PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY))
        set_error(c, PQresultErrorField(res, PG_DIAG_SQLSTATE),
                  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
    else if (PQstatus(c->pg) != CONNECTION_OK)
        set_error(c, "08006", PQerrorMessage(c->pg));
    else
        set_error(c, res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL,
                  res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
}

static void clear_error(vl__conn *c)
{
    c->sqlstate[0] = '\0';
    vl__free(c->errmsg);
    c->errmsg = NULL;
}

/* A result is good when it is one of the statuses expected of it. */
static bool result_ok(vl__conn *c, PGresult *res)
{
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
        clear_error(c);
        return true;
    }
    error_from(c, res);
    return false;
}

/* ---- SQL text ------------------------------------------------------------------------------ */

/*
 * The store's SQL with `?` / `?N` parameters as `$N` (outside quotes and comments); *nparams
 * gets the highest parameter number. NULL when out of memory.
 */
static char *rewrite_params(const char *sql, int *nparams)
{
    size_t n = strlen(sql);
    char *out = vl__malloc(n * 4 + 16);
    if (!out)
        return NULL;
    char *o = out;
    int next = 1, max = 0;
    for (const char *s = sql; *s;) {
        if (*s == '\'' || *s == '"') {
            char q = *s;
            *o++ = *s++;
            while (*s && *s != q)
                *o++ = *s++;
            if (*s)
                *o++ = *s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                *o++ = *s++;
        } else if (*s == '?') {
            s++;
            int num;
            if (*s >= '0' && *s <= '9') {
                num = 0;
                while (*s >= '0' && *s <= '9')
                    num = num * 10 + (*s++ - '0');
            } else {
                num = next;
            }
            next = num + 1;
            if (num > max)
                max = num;
            o += sprintf(o, "$%d", num);
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    *nparams = max;
    return out;
}

/* ---- opening ------------------------------------------------------------------------------- */

static void pg_close(vl__conn *c, bool failed_open)
{
    (void)failed_open; /* a server database is never created by opening it */
    if (!c)
        return;
    for (pg_prep *p = c->preps, *next; p; p = next) {
        next = p->next;
        vl__free(p->sql);
        vl__free(p->text);
        vl__free(p);
    }
    PQfinish(c->pg);
    vl__free(c->errmsg);
    vl__free(c);
}

/* The advisory lock that exclusive writers take turns on: one per database (its OID), under a
 * first key of our own ("vl"), so that two databases on one server do not share turns. */
#define PG_WRITERS_KEY                                                                             \
    "(30316, (SELECT oid::int4 FROM pg_database WHERE datname = current_database()))"
#define PG_WRITERS_LOCK "SELECT pg_advisory_lock" PG_WRITERS_KEY

static int pg_exec(vl__conn *c, const char *sql)
{
    PGresult *r = PQexec(c->pg, sql);
    bool ok = result_ok(c, r);
    /* COMMIT of a transaction in which a statement failed answers "ROLLBACK", not an error:
     * whoever went on after that failure must not be told its writes are stored */
    if (ok && strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        char first[6];
        memcpy(first, c->tx_state[0] ? c->tx_state : "40001", sizeof first);
        set_error(c, first, N_("the transaction was rolled back: a statement in it had failed"));
        ok = false;
    }
    if (ok && PQresultStatus(r) == PGRES_COMMAND_OK) {
        const char *t = PQcmdTuples(r);
        c->changes = t && *t ? strtoll(t, NULL, 10) : 0;
    }
    PQclear(r);
    /* a COMMIT or ROLLBACK (or a failed BEGIN) ended an exclusive writer's transaction: its turn
     * ends too. The unlock leaves this statement's error state alone (a failed COMMIT is still
     * to be read); a lost connection releases the lock by itself. */
    if (c->exclusive && PQtransactionStatus(c->pg) == PQTRANS_IDLE) {
        c->exclusive = false;
        PQclear(PQexec(c->pg, "SELECT pg_advisory_unlock" PG_WRITERS_KEY));
    }
    return ok ? VL__OK0 : VL__FAIL;
}

/* Whether the vieclam schema is there (vl_schema exists). */
static int has_schema(vl__conn *c, bool *yes)
{
    PGresult *r = PQexec(c->pg, "SELECT to_regclass('vl_schema') IS NOT NULL");
    bool ok = result_ok(c, r) && PQntuples(r) == 1;
    *yes = ok && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return ok ? VL__OK0 : VL__FAIL;
}

/*
 * With VL_DB_CREATE and a search_path whose first schema does not exist yet (a URL with
 * options=-csearch_path=NAME: several provinces or test runs in one database), creates it.
 */
static int create_schema(vl__conn *c)
{
    PGresult *r = PQexec(c->pg, "SELECT current_schema() IS NULL,"
                                " trim(both ' \"' from split_part(current_setting('search_path'),"
                                " ',', 1))");
    bool ok = result_ok(c, r) && PQntuples(r) == 1;
    char *name = ok && PQgetvalue(r, 0, 0)[0] == 't' ? vl__strdup(PQgetvalue(r, 0, 1)) : NULL;
    PQclear(r);
    if (!ok || !name)
        return ok ? VL__OK0 : VL__FAIL;
    const char *v[1] = {name};
    r = PQexecParams(c->pg, "SELECT format('CREATE SCHEMA IF NOT EXISTS %I', $1::text)", 1, NULL, v,
                     NULL, NULL, 0);
    ok = result_ok(c, r) && PQntuples(r) == 1;
    char *sql = ok ? vl__strdup(PQgetvalue(r, 0, 0)) : NULL;
    PQclear(r);
    vl__free(name);
    ok = ok && sql && pg_exec(c, sql) == VL__OK0;
    vl__free(sql);
    return ok ? VL__OK0 : VL__FAIL;
}

static vl_status pg_open(vl_ctx *ctx, const char *target, unsigned flags, vl__conn **out)
{
    *out = NULL;
    char shown[512];
    vl_db_hide_passwords(target, shown, sizeof shown); /* for messages */
    vl__conn *c = vl__calloc(1, sizeof *c);
    if (!c)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    c->pg = PQconnectdb(target);
    if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
        char why[512];
        snprintf(why, sizeof why, "%s", c->pg ? PQerrorMessage(c->pg) : "out of memory");
        for (char *p = why; *p; p++)
            if (*p == '\n')
                *p = ' ';
        pg_close(c, true);
        return vl__error(ctx, VL_ERR_DB, "%s: cannot connect: %s", shown, why);
    }
    /* text the same everywhere: UTC, ISO dates, doubles written in their shortest exact form,
     * notices not printed by libpq; no JIT compilation: our statements are short look-ups or
     * one scan, and compiling the plan of a scan above jit_above_cost took 3.3 of the 5.1 s of
     * loading 60,000 seekers (benchmarks/run-national.sh), never paid back; cursors planned
     * for reading to the end, as the loader does (planned for their first 10%, one province's
     * lists were read by walking a whole table's index: 0.41 s against 0.07 s) */
    PQsetNoticeProcessor(c->pg, NULL, NULL);
#define SESSION_SETUP                                                                              \
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD';"                                            \
    " SET extra_float_digits = 1; SET client_min_messages = warning;"                              \
    " SET application_name = 'vieclam'; SET jit = off; SET cursor_tuple_fraction = 1"
    const char *setup =
        (flags & VL_DB_READONLY) ? SESSION_SETUP "; SET default_transaction_read_only = on"
        : (flags & VL_DB_POOLED) ? SESSION_SETUP "; SET plan_cache_mode = force_generic_plan"
                                 : SESSION_SETUP;
#undef SESSION_SETUP
    vl_status st = VL_OK;
    bool schema = false;
    if (pg_exec(c, setup) != VL__OK0 || ((flags & VL_DB_CREATE) && create_schema(c) != VL__OK0) ||
        has_schema(c, &schema) != VL__OK0)
        st = vl__error(ctx, VL_ERR_DB, "%s: %s", shown, c->errmsg ? c->errmsg : "");
    else if (!schema && !(flags & VL_DB_CREATE))
        st = vl__error(ctx, VL_ERR_NOTFOUND, "%s: no vieclam database there (run `vieclam init`)",
                       shown);
    if (st != VL_OK) {
        pg_close(c, true);
        return st;
    }
    *out = c;
    return VL_OK;
}

static vl_status pg_configure_write(vl_ctx *ctx, vl__conn *c, const char *target)
{
    (void)ctx;
    (void)c;
    (void)target;
    return VL_OK;
}

/* ---- statements ---------------------------------------------------------------------------- */

/* The prepared statement for sql on this connection: from the cache, or prepared now. */
static pg_prep *prep_get(vl__conn *c, const char *sql)
{
    for (pg_prep *p = c->preps; p; p = p->next)
        if (strcmp(p->sql, sql) == 0)
            return p;
    pg_prep *p = vl__calloc(1, sizeof *p);
    if (!p || !(p->sql = vl__strdup(sql)) || !(p->text = rewrite_params(sql, &p->nparams))) {
        if (p)
            vl__free(p->sql);
        vl__free(p);
        set_error(c, "53200", N_("out of memory"));
        return NULL;
    }
    snprintf(p->name, sizeof p->name, "vl_s%u", ++c->next_name);
    if (strncmp(sql, "COPY ", 5) == 0) {
        /* the columns between the first parentheses are the parameters of a row */
        const char *open = strchr(sql, '('), *close = open ? strchr(open, ')') : NULL;
        p->copy = true;
        p->nparams = open && close ? 1 : 0;
        for (const char *q = open; q && q < close; q++)
            p->nparams += *q == ',';
        p->next = c->preps;
        c->preps = p;
        return p;
    }
    /* a parameter the text never names (the desk's lists bind ?1 whether they use it or not)
     * is declared text: the server cannot infer a type for it and would refuse the statement */
    Oid types[64] = {0};
    int ntypes = p->nparams <= 64 ? p->nparams : 0;
    for (int i = 0; i < ntypes; i++) {
        char name[16];
        int len = snprintf(name, sizeof name, "$%d", i + 1);
        bool used = false;
        for (const char *q = strstr(p->text, name); q && !used; q = strstr(q + 1, name))
            used = !(q[len] >= '0' && q[len] <= '9');
        types[i] = used ? 0 : 25; /* 25: text */
    }
    PGresult *r = PQprepare(c->pg, p->name, p->text, ntypes, types);
    bool ok = result_ok(c, r);
    PQclear(r);
    if (ok) {
        r = PQdescribePrepared(c->pg, p->name);
        ok = result_ok(c, r);
        if (ok) {
            p->nparams = PQnparams(r);
            p->nfields = PQnfields(r);
        }
        PQclear(r);
    }
    if (!ok) {
        vl__free(p->sql);
        vl__free(p->text);
        vl__free(p);
        return NULL;
    }
    p->next = c->preps;
    c->preps = p;
    return p;
}

static int pg_prepare(vl__conn *c, const char *sql, vl__bstmt **out)
{
    *out = NULL;
    pg_prep *p = prep_get(c, sql);
    if (!p)
        return VL__FAIL;
    vl__bstmt *s = vl__calloc(1, sizeof *s);
    if (!s || (p->nparams && !(s->values = vl__calloc((size_t)p->nparams, sizeof *s->values)))) {
        vl__free(s);
        set_error(c, "53200", N_("out of memory"));
        return VL__FAIL;
    }
    s->c = c;
    s->p = p;
    s->row = -1;
    *out = s;
    return VL__OK0;
}

static void close_cursor(vl__bstmt *s)
{
    if (!s->cursor_open)
        return;
    char sql[48];
    snprintf(sql, sizeof sql, "CLOSE %s", s->cursor);
    /* inside a failed transaction the cursor is gone already; nothing to report */
    PQclear(PQexec(s->c->pg, sql));
    s->cursor_open = false;
}

static void pg_reset(vl__bstmt *s)
{
    close_cursor(s);
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->nrows = 0;
    s->executed = false;
    s->cursor_done = false;
}

static void pg_clear_bindings(vl__bstmt *s)
{
    s->oom = false;
    for (int i = 0; i < s->p->nparams; i++) {
        vl__free(s->values[i]);
        s->values[i] = NULL;
    }
}

static void pg_finalize(vl__bstmt *s)
{
    if (!s)
        return;
    vl_buf_free(&s->rows);
    pg_reset(s);
    pg_clear_bindings(s);
    vl__free(s->values);
    vl__free(s);
}

static void pg_stream(vl__bstmt *s)
{
    s->stream = true;
}

static int pg_param_count(vl__bstmt *s)
{
    return s->p->nparams;
}

static void put_value(vl__bstmt *s, int i, char *v)
{
    if (i < 1 || i > s->p->nparams) {
        vl__free(v);
        return;
    }
    vl__free(s->values[i - 1]);
    s->values[i - 1] = v;
}

/* Stores a copy made by the caller; v NULL stands for SQL NULL unless the copy failed. */
static void put_copy(vl__bstmt *s, int i, char *v)
{
    if (!v)
        s->oom = true;
    put_value(s, i, v);
}

static void pg_bind_null(vl__bstmt *s, int i)
{
    put_value(s, i, NULL);
}

static void pg_bind_int64(vl__bstmt *s, int i, int64_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)v);
    put_copy(s, i, vl__strdup(b));
}

static void pg_bind_double(vl__bstmt *s, int i, double v)
{
    /* 17 significant digits read back to the same double; "NaN" and "Infinity" are what the
     * server reads for the non-finite ones */
    char b[40];
    if (v != v)
        snprintf(b, sizeof b, "NaN");
    else if (v > 1e308 * 10)
        snprintf(b, sizeof b, "Infinity");
    else if (v < -1e308 * 10)
        snprintf(b, sizeof b, "-Infinity");
    else {
        locale_t old = uselocale(vl__c_locale());
        snprintf(b, sizeof b, "%.17g", v);
        uselocale(old);
    }
    put_copy(s, i, vl__strdup(b));
}

static void pg_bind_text(vl__bstmt *s, int i, const char *t, size_t n)
{
    char *v = vl__malloc(n + 1);
    if (v) {
        memcpy(v, t, n);
        v[n] = '\0';
    }
    put_copy(s, i, v);
}

/* Fetches the next batch of a streaming cursor into s->res. */
static int fetch(vl__bstmt *s)
{
    char sql[64];
    snprintf(sql, sizeof sql, "FETCH %d FROM %s", PG_FETCH_ROWS, s->cursor);
    PQclear(s->res);
    s->res = PQexec(s->c->pg, sql);
    if (!result_ok(s->c, s->res))
        return VL__ERROR;
    s->nrows = PQntuples(s->res);
    s->row = -1;
    if (s->nrows < PG_FETCH_ROWS)
        s->cursor_done = true;
    return VL__DONE;
}

static int execute(vl__bstmt *s)
{
    vl__conn *c = s->c;
    s->executed = true;
    const char *const *values = (const char *const *)s->values;
    if (s->stream && s->p->nfields > 0 && PQtransactionStatus(c->pg) == PQTRANS_INTRANS) {
        snprintf(s->cursor, sizeof s->cursor, "vl_c%u", ++c->next_name);
        size_t n = strlen(s->p->text) + 64;
        char *sql = vl__malloc(n);
        if (!sql) {
            set_error(c, "53200", N_("out of memory"));
            return VL__ERROR;
        }
        snprintf(sql, n, "DECLARE %s NO SCROLL CURSOR FOR %s", s->cursor, s->p->text);
        PGresult *r = PQexecParams(c->pg, sql, s->p->nparams, NULL, values, NULL, NULL, 0);
        vl__free(sql);
        bool ok = result_ok(c, r);
        PQclear(r);
        if (!ok)
            return VL__ERROR;
        s->cursor_open = true;
        return fetch(s);
    }
    s->res = PQexecPrepared(c->pg, s->p->name, s->p->nparams, values, NULL, NULL, 0);
    if (!result_ok(c, s->res))
        return VL__ERROR;
    if (PQresultStatus(s->res) == PGRES_COMMAND_OK) {
        const char *t = PQcmdTuples(s->res);
        c->changes = t && *t ? strtoll(t, NULL, 10) : 0;
    } else if (s->p->nfields > 0) {
        /* INSERT ... RETURNING changes rows too */
        const char *t = PQcmdTuples(s->res);
        if (t && *t && strncmp(PQcmdStatus(s->res), "SELECT", 6) != 0)
            c->changes = strtoll(t, NULL, 10);
    }
    s->nrows = PQntuples(s->res);
    s->row = -1;
    s->cursor_done = true;
    return VL__DONE;
}

/* Sends the buffered rows of a COPY statement. */
static int pg_flush(vl__bstmt *s)
{
    if (!s->p->copy || !s->rows.len)
        return VL__OK0;
    vl__conn *c = s->c;
    PGresult *r = PQexec(c->pg, s->p->sql);
    bool ok = r && PQresultStatus(r) == PGRES_COPY_IN;
    if (!ok)
        error_from(c, r);
    PQclear(r);
    if (ok && PQputCopyData(c->pg, s->rows.data, (int)s->rows.len) != 1)
        ok = false;
    if (PQputCopyEnd(c->pg, ok ? NULL : "vieclam: the rows could not be sent") != 1)
        ok = false;
    while ((r = PQgetResult(c->pg))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && ok) {
            error_from(c, r);
            ok = false;
        }
        PQclear(r);
    }
    if (!ok && !c->errmsg)
        set_error(c, "08006", PQerrorMessage(c->pg));
    s->rows.len = 0;
    return ok ? VL__OK0 : VL__FAIL;
}

/* Appends the bound values as one row of COPY's text format. */
static int copy_row(vl__bstmt *s)
{
    vl_buf *b = &s->rows;
    bool ok = true;
    for (int i = 0; i < s->p->nparams && ok; i++) {
        if (i)
            ok = vl_buf_append(b, "\t", 1);
        const char *v = s->values[i];
        if (!v) {
            ok = ok && vl_buf_append(b, "\\N", 2);
            continue;
        }
        for (const char *q = v; *q && ok;) {
            size_t plain = strcspn(q, "\\\t\n\r");
            ok = !plain || vl_buf_append(b, q, plain);
            q += plain;
            if (*q && ok) {
                char esc[2] = {'\\', *q == '\t' ? 't' : *q == '\n' ? 'n' : *q == '\r' ? 'r' : '\\'};
                ok = vl_buf_append(b, esc, 2);
                q++;
            }
        }
    }
    if (!ok || !vl_buf_append(b, "\n", 1)) {
        set_error(s->c, "53200", N_("out of memory"));
        return VL__ERROR;
    }
    if (b->len >= PG_COPY_BUFFER && pg_flush(s) != VL__OK0)
        return VL__ERROR;
    return VL__DONE;
}

static int pg_step(vl__bstmt *s)
{
    if (s->oom) {
        set_error(s->c, "53200", N_("out of memory"));
        return VL__ERROR;
    }
    if (s->p->copy)
        return copy_row(s);
    if (!s->executed && execute(s) == VL__ERROR)
        return VL__ERROR;
    if (s->row + 1 < s->nrows) {
        s->row++;
        return VL__ROW;
    }
    while (s->cursor_open && !s->cursor_done) {
        if (fetch(s) == VL__ERROR)
            return VL__ERROR;
        if (s->nrows > 0) {
            s->row = 0;
            return VL__ROW;
        }
    }
    close_cursor(s);
    s->row = s->nrows;
    return VL__DONE;
}

static int pg_column_count(vl__bstmt *s)
{
    return s->p->nfields;
}

static bool has_value(vl__bstmt *s, int i)
{
    return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < PQnfields(s->res) &&
           !PQgetisnull(s->res, s->row, i);
}

static bool pg_column_null(vl__bstmt *s, int i)
{
    return !has_value(s, i);
}

static int64_t pg_column_int64(vl__bstmt *s, int i)
{
    if (!has_value(s, i))
        return 0;
    const char *t = PQgetvalue(s->res, s->row, i);
    if (t[0] == 't' && !t[1])
        return 1; /* a boolean */
    if (t[0] == 'f' && !t[1])
        return 0;
    if (strpbrk(t, ".eE")) {
        double d = 0;
        vl_parse_double(t, &d);
        return (int64_t)d; /* as SQLite converts a real read as an integer */
    }
    return strtoll(t, NULL, 10);
}

static double pg_column_double(vl__bstmt *s, int i)
{
    if (!has_value(s, i))
        return 0;
    const char *t = PQgetvalue(s->res, s->row, i);
    double d = 0;
    locale_t old = uselocale(vl__c_locale());
    d = strtod(t, NULL); /* reads NaN and Infinity too */
    uselocale(old);
    return d;
}

static const char *pg_column_text(vl__bstmt *s, int i, size_t *len)
{
    if (!has_value(s, i)) {
        *len = 0;
        return NULL;
    }
    *len = (size_t)PQgetlength(s->res, s->row, i);
    return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_changes(vl__conn *c)
{
    return c->changes;
}

static vl__dberr pg_errcode(vl__conn *c)
{
    const char *s = c->sqlstate;
    if (!s[0])
        return VL__DB_OK;
    if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strcmp(s, "55P03") == 0)
        return VL__DB_BUSY;
    if (strcmp(s, "53200") == 0)
        return VL__DB_NOMEM;
    if (strcmp(s, "53100") == 0) /* disk_full */
        return VL__DB_FULL;
    if (strncmp(s, "23", 2) == 0)
        return VL__DB_CONSTRAINT;
    return VL__DB_OTHER;
}

static const char *pg_errmsg(vl__conn *c)
{
    return c->errmsg ? c->errmsg : "";
}

static int pg_begin(vl__conn *c, vl__tx kind)
{
    c->tx_state[0] = '\0';
    if (kind == VL__TX_EXCLUSIVE) {
        /* the lock before the transaction: its snapshot then holds the last writer's work */
        if (pg_exec(c, PG_WRITERS_LOCK) != VL__OK0)
            return VL__FAIL;
        c->exclusive = true;
    }
    return pg_exec(c, kind == VL__TX_READ ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                          : "BEGIN ISOLATION LEVEL SERIALIZABLE");
}

static bool pg_autocommit(vl__conn *c)
{
    return PQtransactionStatus(c->pg) == PQTRANS_IDLE;
}

static int pg_get_version(vl__conn *c, int *version)
{
    *version = 0;
    bool schema = false;
    if (has_schema(c, &schema) != VL__OK0)
        return VL__FAIL;
    if (!schema)
        return VL__OK0;
    PGresult *r = PQexec(c->pg, "SELECT MAX(version) FROM vl_schema");
    bool ok = result_ok(c, r);
    if (ok && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        *version = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return ok ? VL__OK0 : VL__FAIL;
}

static int pg_set_version(vl__conn *c, int version)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS vl_schema(version INTEGER NOT NULL);"
             " DELETE FROM vl_schema; INSERT INTO vl_schema VALUES (%d)",
             version);
    return pg_exec(c, sql);
}

/* How long a statement waits for a lock another connection holds before 55P03 (VL__DB_BUSY). */
static void pg_set_busy_timeout(vl__conn *c, int ms)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms > 0 ? ms : 0);
    (void)pg_exec(c, sql);
}

/*
 * The number of commits that wrote seekers, vacancies, employers or referrals since this
 * connection began listening: the change log's trigger sends NOTIFY vieclam_changes, and a
 * notification arrives only once its transaction committed. The first call sends LISTEN (so
 * a caller that takes its token after that first call misses nothing); later calls only read
 * what the socket holds; when it holds nothing, one empty query is a round trip after which
 * the server has sent every notification of a commit that finished before (a commit signals
 * the listening server process before it returns, and that process sends what it was told
 * before it answers): a server's write is in its very next match. On a connection that is
 * inside a transaction nothing arrives until it ends: a watcher uses its own connection.
 */
static int pg_data_version(vl__conn *c, int64_t *out)
{
    if (!c->listening) {
        if (pg_exec(c, "LISTEN vieclam_changes") != VL__OK0)
            return VL__FAIL;
        c->listening = true;
    }
    if (!PQconsumeInput(c->pg)) {
        set_error(c, "08006", PQerrorMessage(c->pg));
        return VL__FAIL;
    }
    int64_t before = c->notified;
    for (int pass = 0; pass < 2; pass++) {
        PGnotify *n;
        while ((n = PQnotifies(c->pg)) != NULL) {
            c->notified++;
            PQfreemem(n);
        }
        if (c->notified != before || pass == 1)
            break;
        if (pg_exec(c, "") != VL__OK0)
            return VL__FAIL;
    }
    *out = c->notified;
    return VL__OK0;
}

const vl__driver vl__pg_driver = {
    .name = "postgresql",
    .backend = VL__POSTGRESQL,
    .open = pg_open,
    .configure_write = pg_configure_write,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .clear_bindings = pg_clear_bindings,
    .stream = pg_stream,
    .flush = pg_flush,
    .param_count = pg_param_count,
    .bind_null = pg_bind_null,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_null = pg_column_null,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .changes = pg_changes,
    .errcode = pg_errcode,
    .errmsg = pg_errmsg,
    .begin = pg_begin,
    .autocommit = pg_autocommit,
    .get_version = pg_get_version,
    .set_version = pg_set_version,
    .set_busy_timeout = pg_set_busy_timeout,
    .data_version = pg_data_version,
};
