/*
 * security.c - the security room: every request passes security_admit before its handler, so
 * roles, sessions and CSRF are decided here and nowhere else.
 *
 * Sessions live in memory only (a restart ends them): the table keeps the BLAKE2b digest of
 * each session token, never the token, with its user, role, language, CSRF token and times; a
 * session ends after `session_idle` seconds without a request, `session_max` seconds after
 * login, on logout, or when its user is disabled or changes role (checked on every request
 * against the users table). Logins are slowed after the third failure for a user name or an
 * address (0.25 s, doubling, at most 4 s) and locked for 15 minutes after the tenth within 15
 * minutes; Argon2id checks run at most two at a time (each takes 64 MiB). The access audit is
 * written in the request, before the data is answered, and a change lands in the same
 * transaction as its audit row. Writes and audit rows of requests arriving at the same time
 * share one transaction (group commit, desk_write: the first waiting request runs every queued
 * write, each in its own savepoint, commits once and wakes the others), so fifty desks cost one
 * disk flush per group, not two per request, and a failed write undoes only itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

#define LOCK_AFTER     10
#define SLOW_AFTER     3
#define WINDOW_S       (15 * 60)
#define LOCK_S         (15 * 60)
#define MAX_DELAY_MS   4000
#define VERIFY_AT_ONCE 2
#define COOKIE         "vl_session"

typedef struct session {
    unsigned char digest[32];
    char user[65];
    vl_role role;
    char lang[3];
    char csrf[VL_TOKEN_SIZE];
    char account[21]; /* the account's creation time at login: a name erased and given to
                         someone else is another account, whose sessions these are not */
    int64_t epoch;    /* the account's session_epoch at login: disabled (and perhaps enabled
                         again), its role changed or its password reset by an administrator
                         since, wherever, ends the session */
    time_t created, last;
    bool used;
} session;

/* Writes waiting for a group commit, and whether a request is writing them. */
typedef struct write_lane {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct write_wait *head, **tail;
    bool busy;
} write_lane;

typedef struct attempt {
    char key[100]; /* "u:NAME" or "a:ADDRESS" */
    int failures;
    int pending; /* attempts past the gate whose password is still being checked */
    time_t first, locked_until;
} attempt;

struct desk_security {
    pthread_mutex_t lock;
    session *s;
    size_t n, cap;
    attempt *a;
    size_t n_a, cap_a;
    int idle, max;
    bool tls;
    char *origins; /* "http://127.0.0.1:8080,http://localhost:8080": the desk's own origins */
    char dummy_hash[VL_PW_HASH_SIZE]; /* verified for unknown users: the same time */
    pthread_mutex_t verify_lock;
    pthread_cond_t verify_cond;
    pthread_cond_t attempt_cond; /* an attempt at an account ended (attempt_gate's turns) */
    int verifying;
    /* the group commit, in two lanes on a database server: writes that take the servers'
     * turn (and on SQLite every write), and audit-only writes, which need no turn and so do not
     * wait behind a group waiting for it */
    write_lane lane[2];
    bool server_db; /* a database server (PostgreSQL): an audit-only group needs no turn */
};

/* One request's write waiting for the group commit (on the request's stack). */
typedef struct write_wait {
    vl_ctx *ctx; /* the request's: its messages and language */
    desk_write_fn fn;
    void *arg;
    vl_status st;
    bool turn; /* it reads what another server may write (a next number): takes the turn */
    bool done;
    struct write_wait *next;
} write_wait;

desk_security *security_create(const desk_options *o, bool tls, const char *origins)
{
    desk_security *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->verify_lock, NULL);
    pthread_cond_init(&s->verify_cond, NULL);
    pthread_cond_init(&s->attempt_cond, NULL);
    for (size_t i = 0; i < 2; i++) {
        pthread_mutex_init(&s->lane[i].lock, NULL);
        pthread_cond_init(&s->lane[i].cond, NULL);
        s->lane[i].tail = &s->lane[i].head;
    }
    s->idle = o->session_idle > 0 ? o->session_idle : 30 * 60;
    s->max = o->session_max > 0 ? o->session_max : 12 * 3600;
    s->tls = tls;
    s->server_db = vl_db_is_url(o->db_path);
    char random[VL_TOKEN_SIZE];
    if (!(s->origins = strdup(origins)) || vl_token_new(NULL, random) != VL_OK ||
        vl_password_hash(NULL, random, s->dummy_hash) != VL_OK) {
        security_destroy(s);
        return NULL;
    }
    return s;
}

void security_destroy(desk_security *s)
{
    if (!s)
        return;
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->verify_lock);
    pthread_cond_destroy(&s->verify_cond);
    pthread_cond_destroy(&s->attempt_cond);
    for (size_t i = 0; i < 2; i++) {
        pthread_mutex_destroy(&s->lane[i].lock);
        pthread_cond_destroy(&s->lane[i].cond);
    }
    free(s->s);
    free(s->a);
    free(s->origins);
    free(s);
}

/* ---- login attempts -------------------------------------------------------------------------- */

static attempt *attempt_find(desk_security *s, const char *key, bool create, time_t now)
{
    for (size_t i = 0; i < s->n_a; i++) {
        attempt *a = &s->a[i];
        if (now - a->first > WINDOW_S && now >= a->locked_until) {
            *a = s->a[--s->n_a]; /* expired: forget it */
            i--;
            continue;
        }
        if (strcmp(a->key, key) == 0)
            return a;
    }
    if (!create)
        return NULL;
    if (s->n_a == s->cap_a) {
        size_t nc = s->cap_a ? 2 * s->cap_a : 64;
        if (nc > 100000)
            return NULL; /* a flood of names: no memory for more; the address entry still counts */
        attempt *b = realloc(s->a, nc * sizeof *b);
        if (!b)
            return NULL;
        s->a = b;
        s->cap_a = nc;
    }
    attempt *a = &s->a[s->n_a++];
    memset(a, 0, sizeof *a);
    snprintf(a->key, sizeof a->key, "%s", key);
    a->first = now;
    return a;
}

/* Seconds a key stays locked (0 = not locked) and the delay its failures earned (ms). */
static void attempt_state(desk_security *s, const char *key, time_t now, int *locked, int *delay)
{
    attempt *a = attempt_find(s, key, false, now);
    *locked = 0;
    *delay = 0;
    if (!a)
        return;
    if (a->locked_until > now)
        *locked = (int)(a->locked_until - now);
    if (a->failures >= SLOW_AFTER) {
        int d = 250;
        for (int i = SLOW_AFTER; i < a->failures && d < MAX_DELAY_MS; i++)
            d *= 2;
        *delay = d < MAX_DELAY_MS ? d : MAX_DELAY_MS;
    }
}

/* An attempt passes the gate: counted as pending until its outcome. Returns the attempts
 * pending with it (1: it is alone; 0 when the table has no room to count it). */
static int attempt_begin(desk_security *s, const char *key, time_t now)
{
    attempt *a = attempt_find(s, key, true, now);
    return a ? ++a->pending : 0;
}

/* The outcome of an attempt that began: no longer pending; the next one waiting may go. */
static void attempt_end(desk_security *s, const char *key, time_t now)
{
    attempt *a = attempt_find(s, key, false, now);
    if (a && a->pending > 0)
        a->pending--;
    pthread_cond_broadcast(&s->attempt_cond);
}

static void attempt_fail(desk_security *s, const char *key, time_t now)
{
    attempt *a = attempt_find(s, key, true, now);
    if (!a)
        return;
    if (++a->failures >= LOCK_AFTER && a->locked_until <= now) {
        a->locked_until = now + LOCK_S;
        a->failures = 0;
        a->first = now;
    }
}

static void attempt_clear(desk_security *s, const char *key, time_t now)
{
    attempt *a = attempt_find(s, key, false, now);
    if (a && a->locked_until <= now)
        *a = s->a[--s->n_a];
}

/* Argon2id's queue: at most VERIFY_AT_ONCE hashes at a time, whatever makes them */
static void argon_enter(desk_security *s)
{
    pthread_mutex_lock(&s->verify_lock);
    while (s->verifying >= VERIFY_AT_ONCE)
        pthread_cond_wait(&s->verify_cond, &s->verify_lock);
    s->verifying++;
    pthread_mutex_unlock(&s->verify_lock);
}

static void argon_leave(desk_security *s)
{
    pthread_mutex_lock(&s->verify_lock);
    s->verifying--;
    pthread_cond_signal(&s->verify_cond);
    pthread_mutex_unlock(&s->verify_lock);
}

static bool verify(desk_security *s, const char *hash, const char *password)
{
    argon_enter(s);
    bool ok = vl_password_verify(hash, password);
    argon_leave(s);
    return ok;
}

/* ---- sessions -------------------------------------------------------------------------------- */

static session *session_find(desk_security *s, const char *token, time_t now)
{
    if (!token || strlen(token) != VL_TOKEN_SIZE - 1)
        return NULL;
    unsigned char d[32];
    vl_token_digest(token, d);
    for (size_t i = 0; i < s->n; i++) {
        session *x = &s->s[i];
        if (!x->used)
            continue;
        if (now - x->last > s->idle || now - x->created > s->max) {
            memset(x, 0, sizeof *x); /* expired */
            continue;
        }
        if (vl_secure_equal(x->digest, d, sizeof d))
            return x;
    }
    return NULL;
}

static session *session_new(desk_security *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->s[i].used)
            return &s->s[i];
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 64;
        session *b = realloc(s->s, nc * sizeof *b);
        if (!b)
            return NULL;
        s->s = b;
        s->cap = nc;
    }
    session *x = &s->s[s->n++];
    memset(x, 0, sizeof *x);
    return x;
}

void security_end_user(desk *d, const char *user)
{
    desk_security *s = d->sec;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n; i++)
        if (s->s[i].used && strcmp(s->s[i].user, user) == 0)
            memset(&s->s[i], 0, sizeof s->s[i]);
    pthread_mutex_unlock(&s->lock);
}

void security_end_other_sessions(desk *d, const char *user, const char *keep_token)
{
    desk_security *s = d->sec;
    unsigned char keep[32] = {0};
    bool have = keep_token && strlen(keep_token) == VL_TOKEN_SIZE - 1;
    if (have)
        vl_token_digest(keep_token, keep);
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n; i++)
        if (s->s[i].used && strcmp(s->s[i].user, user) == 0 &&
            !(have && vl_secure_equal(s->s[i].digest, keep, sizeof keep)))
            memset(&s->s[i], 0, sizeof s->s[i]);
    pthread_mutex_unlock(&s->lock);
}

static void set_cookie(desk_security *s, desk_resp *rs, const char *token, int max_age)
{
    snprintf(rs->set_cookie, sizeof rs->set_cookie,
             COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s; Max-Age=%d", token,
             s->tls ? "; Secure" : "", max_age);
}

/* The request names no origin, or one of the desk's own (the served or configured ones, never
 * the Host the client sent: a page of another site reached through a name of its own, as by DNS
 * rebinding, sends a Host that matches its Origin). */
static bool same_origin(const desk_security *s, const desk_req *rq)
{
    if (!rq->origin)
        return true; /* not a browser's cross-site request: those always say where from */
    size_t n = strlen(rq->origin);
    for (const char *p = s->origins; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncasecmp(p, rq->origin, n) == 0)
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

json_t *security_session_json(desk_req *rq)
{
    desk_security *s = rq->d->sec;
    time_t expires = 0;
    pthread_mutex_lock(&s->lock);
    session *x = session_find(s, rq->cookie, time(NULL));
    if (x)
        expires = x->created + s->max;
    pthread_mutex_unlock(&s->lock);
    char when[32] = "";
    struct tm tm;
    gmtime_r(&expires, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "csrf", rq->csrf, "user", rq->user, "role",
                     vl_role_name(rq->role), "lang", rq->lang, "expires", when);
}

bool security_may_upload(desk *d, const char *cookie, const char *csrf)
{
    desk_security *s = d->sec;
    if (!cookie || !csrf)
        return false;
    pthread_mutex_lock(&s->lock);
    session *x = session_find(s, cookie, time(NULL));
    bool ok = x && strlen(csrf) == strlen(x->csrf) && vl_secure_equal(csrf, x->csrf, strlen(csrf));
    pthread_mutex_unlock(&s->lock);
    return ok;
}

bool security_admit(desk *d, const desk_route *route, desk_req *rq, desk_resp *rs)
{
    desk_security *s = d->sec;
    bool changing = strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0;
    if (changing && !same_origin(s, rq)) {
        resp_error(rs, 403, "csrf", NULL, tr(rq, "The request came from another site."));
        return false;
    }
    if (route->roles == ROLE_PUBLIC)
        return true;
    time_t now = time(NULL);
    pthread_mutex_lock(&s->lock);
    session *x = session_find(s, rq->cookie, now);
    session copy;
    if (x) {
        x->last = now;
        copy = *x;
    }
    pthread_mutex_unlock(&s->lock);
    if (!x) {
        resp_error(rs, 401, "unauthenticated", NULL,
                   tr(rq, "Not signed in, or the session has expired."));
        return false;
    }
    snprintf(rq->lang, sizeof rq->lang, "%s", copy.lang);
    /* the account may have been disabled or changed since login (also from the CLI) */
    vl_user u;
    vl_status st = vl_db_user_get(rq->ctx, rq->db, copy.user, &u);
    if (st == VL_ERR_BUSY) {
        resp_fail(rq, rs, st);
        return false;
    }
    if (st != VL_OK || u.disabled || u.role != copy.role || strcmp(u.created, copy.account) != 0 ||
        u.session_epoch != copy.epoch) {
        security_end_user(d, copy.user);
        resp_error(rs, 401, "unauthenticated", NULL,
                   tr(rq, "The account was disabled or changed; please sign in again."));
        return false;
    }
    /* the user's language as stored now: PUT /api/me changes it for every open session */
    if (strcmp(u.lang, "vi") == 0 || strcmp(u.lang, "en") == 0)
        snprintf(rq->lang, sizeof rq->lang, "%s", u.lang);
    snprintf(rq->user, sizeof rq->user, "%s", copy.user);
    rq->role = copy.role;
    snprintf(rq->csrf, sizeof rq->csrf, "%s", copy.csrf);
    if (!(route->roles & (1u << copy.role))) {
        resp_error(rs, 403, "forbidden", NULL, tr(rq, "Your role may not do this."));
        return false;
    }
    if (changing && (!rq->csrf_header || strlen(rq->csrf_header) != strlen(copy.csrf) ||
                     !vl_secure_equal(rq->csrf_header, copy.csrf, strlen(copy.csrf)))) {
        resp_error(rs, 403, "csrf", NULL,
                   tr(rq, "Missing or wrong anti-forgery token (X-CSRF-Token)."));
        return false;
    }
    return true;
}

/*
 * Login's gate for an account (name) asked from this client: false with a 429 in rs when either
 * is locked; otherwise waits the slowing their failures have earned. Fills ukey and akey, the
 * keys attempt_outcome counts under.
 */
static bool attempt_gate(desk_req *rq, desk_resp *rs, const char *name, char ukey[100],
                         char akey[100], time_t now)
{
    desk_security *s = rq->d->sec;
    snprintf(ukey, 100, "u:%.64s", name);
    snprintf(akey, 100, "a:%s", rq->client);
    int lu, la, du, da;
    pthread_mutex_lock(&s->lock);
    /* one attempt at an account at a time: forty guesses sent at once all passed a gate that
     * read only the failures counted so far. Each now waits for the one before it, then reads
     * the count it left (locked after ten). Per account only: a hundred staff behind one
     * router sign in at once from one address, and take their turns only at Argon2id. */
    for (;;) {
        attempt_state(s, ukey, now, &lu, &du);
        attempt_state(s, akey, now, &la, &da);
        if (lu || la || attempt_begin(s, ukey, now) <= 1)
            break;
        attempt_end(s, ukey, now);
        pthread_cond_wait(&s->attempt_cond, &s->lock);
        now = time(NULL);
    }
    pthread_mutex_unlock(&s->lock);
    if (lu || la) {
        resp_error(rs, 429, "locked", NULL, tr(rq, "Too many failed logins; locked for a while."));
        rs->retry_after = lu > la ? lu : la;
        return false;
    }
    int delay = du > da ? du : da;
    if (delay)
        usleep((useconds_t)delay * 1000);
    return true;
}

/* A failure counted against the account and the client, or (ok) both forgiven. */
static void attempt_outcome(desk_security *s, const char *ukey, const char *akey, time_t now,
                            bool ok)
{
    pthread_mutex_lock(&s->lock);
    attempt_end(s, ukey, now);
    if (ok) {
        attempt_clear(s, ukey, now);
        attempt_clear(s, akey, now);
    } else {
        attempt_fail(s, ukey, now);
        attempt_fail(s, akey, now);
    }
    pthread_mutex_unlock(&s->lock);
}

bool security_change_password(desk_req *rq, desk_resp *rs, const char *hash, const char *old,
                              const char *nw, char out[VL_PW_HASH_SIZE])
{
    char ukey[100], akey[100];
    time_t now = time(NULL);
    pool_return(rq->d->pool, rq->db);
    rq->db = NULL;
    if (!attempt_gate(rq, rs, rq->user, ukey, akey, now))
        return false;
    bool ok = verify(rq->d->sec, hash, old);
    attempt_outcome(rq->d->sec, ukey, akey, now, ok);
    if (!ok) {
        resp_error(rs, 400, "bad_request", "password", tr(rq, "The old password is wrong."));
        return false;
    }
    return security_hash_password(rq, rs, nw, out);
}

bool security_hash_password(desk_req *rq, desk_resp *rs, const char *password,
                            char out[VL_PW_HASH_SIZE])
{
    pool_return(rq->d->pool, rq->db);
    rq->db = NULL;
    argon_enter(rq->d->sec);
    vl_status st = vl_password_hash(rq->ctx, password, out);
    argon_leave(rq->d->sec);
    if (st == VL_OK)
        st = pool_borrow(rq->d->pool, rq->ctx, &rq->db);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return false;
    }
    return true;
}

void security_login(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"user", "password", NULL};
    if (!body_check(rq, rs, members))
        return;
    json_t *ju = json_object_get(rq->body, "user"), *jp = json_object_get(rq->body, "password");
    if (!json_is_string(ju) || !json_is_string(jp)) {
        resp_error(rs, 400, "bad_request", !json_is_string(ju) ? "user" : "password",
                   tr(rq, "A user name and a password are needed."));
        return;
    }
    const char *name = json_string_value(ju), *password = json_string_value(jp);
    desk_security *s = rq->d->sec;
    char ukey[100], akey[100];
    time_t now = time(NULL);
    /* a throttled login sleeps in the gate without a connection, as a password change does:
     * a burst of wrong passwords must not hold the pool idle */
    pool_return(rq->d->pool, rq->db);
    rq->db = NULL;
    if (!attempt_gate(rq, rs, name, ukey, akey, now))
        return;
    vl_user u;
    vl_status st = VL_ERR_NOTFOUND;
    if (vl_user_name_valid(name)) {
        st = pool_borrow(rq->d->pool, rq->ctx, &rq->db);
        if (st == VL_OK)
            st = vl_db_user_get(rq->ctx, rq->db, name, &u);
    }
    if (st != VL_OK && st != VL_ERR_NOTFOUND) {
        pthread_mutex_lock(&s->lock); /* no outcome: the attempt is no longer pending */
        attempt_end(s, ukey, now);
        pthread_mutex_unlock(&s->lock);
        resp_fail(rq, rs, st);
        return;
    }
    bool known = st == VL_OK;
    /* the connection goes back while this login waits its turn at Argon2id: a hundred staff
     * signing in at once must not hold every connection of the pool idle */
    pool_return(rq->d->pool, rq->db);
    rq->db = NULL;
    bool ok = verify(s, known ? u.pw_hash : s->dummy_hash, password) && known && !u.disabled &&
              u.role < VL_ROLE_COUNT;
    if (!ok) {
        attempt_outcome(s, ukey, akey, now, false);
        resp_error(rs, 401, "unauthenticated", NULL, tr(rq, "Wrong user name or password."));
        return;
    }
    attempt_outcome(s, ukey, akey, now, true);
    char token[VL_TOKEN_SIZE], csrf[VL_TOKEN_SIZE];
    if (vl_token_new(rq->ctx, token) != VL_OK || vl_token_new(rq->ctx, csrf) != VL_OK) {
        resp_fail(rq, rs, VL_ERR_INTERNAL);
        return;
    }
    vl_user_change touch = {.touch_login = true};
    if (pool_borrow(rq->d->pool, rq->ctx, &rq->db) == VL_OK) { /* a busy one loses a date */
        pthread_mutex_lock(&rq->d->write_lock);
        (void)vl_db_user_update(rq->ctx, rq->db, name, &touch);
        pthread_mutex_unlock(&rq->d->write_lock);
    }
    pthread_mutex_lock(&s->lock);
    session *x = session_new(s);
    if (x) {
        vl_token_digest(token, x->digest);
        snprintf(x->user, sizeof x->user, "%s", u.name);
        x->role = u.role;
        snprintf(x->lang, sizeof x->lang, "%s", u.lang);
        snprintf(x->csrf, sizeof x->csrf, "%s", csrf);
        snprintf(x->account, sizeof x->account, "%s", u.created);
        x->epoch = u.session_epoch;
        x->created = x->last = now;
        x->used = true;
    }
    pthread_mutex_unlock(&s->lock);
    if (!x) {
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    snprintf(rq->user, sizeof rq->user, "%s", u.name);
    rq->role = u.role;
    snprintf(rq->lang, sizeof rq->lang, "%s", u.lang);
    snprintf(rq->csrf, sizeof rq->csrf, "%s", csrf);
    set_cookie(s, rs, token, s->max);
    rq->cookie = NULL;
    json_t *body = security_session_json(rq);
    char when[32];
    time_t exp = now + s->max;
    struct tm tm;
    gmtime_r(&exp, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_set_new(body, "expires", json_string(when));
    resp_json(rs, 200, body);
}

void security_logout(desk_req *rq, desk_resp *rs)
{
    desk_security *s = rq->d->sec;
    pthread_mutex_lock(&s->lock);
    session *x = session_find(s, rq->cookie, time(NULL));
    if (x)
        memset(x, 0, sizeof *x);
    pthread_mutex_unlock(&s->lock);
    set_cookie(s, rs, "", 0);
    rs->status = 204;
}

/*
 * Runs n queued writes in one transaction, each in its own savepoint on the writer's connection
 * with its own request's context. When the commit fails, nothing of it landed: every write
 * that had succeeded is told VL_ERR_BUSY. Servers on one database take turns
 * (vl_db_begin_exclusive) when a write of the group reads what another server may write, the
 * next referral number or the day's next seeker id; a group of access-audit rows only (what
 * every read of a record writes: most groups) appends rows nobody reads back and cannot
 * conflict, so on a database server it runs beside the others without waiting its turn, in a
 * lane of its own (queue_write).
 */
static void write_batch(desk_req *rq, write_wait **batch, size_t n)
{
    bool turn = !rq->d->sec->server_db;
    for (size_t i = 0; i < n && !turn; i++)
        turn = batch[i]->turn;
    vl_status st = turn ? vl_db_begin_exclusive(rq->ctx, rq->db) : vl_db_begin(rq->ctx, rq->db);
    for (size_t i = 0; i < n; i++) {
        write_wait *w = batch[i];
        w->st = st;
        if (st != VL_OK)
            continue;
        w->st = vl_db_begin(w->ctx, rq->db);
        if (w->st != VL_OK)
            continue;
        w->st = w->fn(w->ctx, rq->db, w->arg);
        if (w->st == VL_OK)
            w->st = vl_db_commit(w->ctx, rq->db); /* the savepoint */
        else
            vl_db_rollback(rq->db);
    }
    if (st == VL_OK && (st = vl_db_commit(rq->ctx, rq->db)) != VL_OK)
        for (size_t i = 0; i < n; i++)
            if (batch[i]->st == VL_OK)
                batch[i]->st = VL_ERR_BUSY;
}

/*
 * Runs the queued writes (the lane's lock not held) in transactions of at most BATCH. The lane
 * of the servers' turn, and every write on SQLite, holds the server's write lock; audit-only
 * writes on a database server append rows nobody reads back and run beside it. A write that
 * failed as busy is run again, up to TRIES times while RETRY_MS have not passed: on PostgreSQL
 * two servers' transactions that read what the other writes (the next referral number, the
 * day's next seeker id) fail as serialisation failures, and once one statement has failed so,
 * the whole transaction can only roll back; run again, the write sees what the other committed
 * and succeeds. Nothing of a failed attempt landed (its savepoint or its transaction rolled
 * back), so running it again is the retry PostgreSQL asks for. A SQLite writer is busy only
 * after its 2-second busy timeout, past RETRY_MS: it is not run again.
 */
static void write_group(desk_req *rq, write_wait *list, bool audit_lane)
{
    enum { BATCH = 64, TRIES = 5, RETRY_MS = 1000 };
    if (!audit_lane)
        pthread_mutex_lock(&rq->d->write_lock);
    while (list) {
        write_wait *batch[BATCH];
        size_t n = 0;
        for (; list && n < BATCH; list = list->next)
            batch[n++] = list;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int run = 1;; run++) {
            write_batch(rq, batch, n);
            size_t again = 0;
            for (size_t i = 0; i < n; i++)
                if (batch[i]->st == VL_ERR_BUSY)
                    batch[again++] = batch[i];
            n = again;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            long ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
            if (!n || run == TRIES || ms >= RETRY_MS)
                break;
            /* a few milliseconds, more each time and different per server, so that the two
             * transactions that collided do not collide again at once */
            usleep((useconds_t)(1000 * run * (1 + (unsigned)getpid() % 4)));
        }
    }
    if (!audit_lane)
        pthread_mutex_unlock(&rq->d->write_lock);
}

static vl_status queue_write(desk_req *rq, desk_write_fn fn, void *arg, bool turn)
{
    desk_security *s = rq->d->sec;
    write_wait me = {.ctx = rq->ctx, .fn = fn, .arg = arg, .st = VL_ERR_INTERNAL, .turn = turn};
    bool audit_lane = s->server_db && !turn;
    write_lane *q = &s->lane[audit_lane];
    pthread_mutex_lock(&q->lock);
    *q->tail = &me;
    q->tail = &me.next;
    while (!me.done) {
        if (q->busy) {
            pthread_cond_wait(&q->cond, &q->lock);
            continue;
        }
        /* nobody writing: this request writes everything queued so far, its own included */
        write_wait *list = q->head;
        q->head = NULL;
        q->tail = &q->head;
        q->busy = true;
        pthread_mutex_unlock(&q->lock);
        write_group(rq, list, audit_lane);
        pthread_mutex_lock(&q->lock);
        for (write_wait *w = list, *next; w; w = next) {
            next = w->next; /* read before `done`: the waiter's stack frame ends with it */
            w->done = true;
        }
        q->busy = false;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    return me.st;
}

vl_status desk_write(desk_req *rq, desk_write_fn fn, void *arg)
{
    return queue_write(rq, fn, arg, true);
}

static vl_status audit_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    return vl_db_audit_append(ctx, db, arg, 1);
}

char *desk_listed_ids(const char *head, size_t n, const char *(*id)(const void *src, size_t i),
                      const void *src)
{
    size_t cap = (head ? strlen(head) + 2 : 0) + 1, len = 0;
    for (size_t i = 0; i < n; i++)
        cap += strlen(id(src, i)) + 1;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    if (head)
        len = (size_t)snprintf(s, cap, "%s:", head);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%s", i ? "," : head ? " " : "", id(src, i));
    return s;
}

const char *desk_list_first(const void *list, size_t i)
{
    return vl_list_value(list, i, 0);
}

bool desk_audit(desk_req *rq, desk_resp *rs, const char *action, const char *kind,
                const char *record, const char *detail)
{
    vl_audit_entry e = {rq->user, action, kind, record, detail};
    vl_status st = queue_write(rq, audit_fn, &e, false);
    if (st != VL_OK) {
        /* no access without its audit row: busy is "try again"; anything else (a full disk, a
         * broken database) is the server's fault, answered 500 and logged with its reason */
        resp_fail(rq, rs, st == VL_ERR_BUSY ? st : VL_ERR_INTERNAL);
        return false;
    }
    return true;
}
