/*
 * server.h - private header of the desk server (`vieclam serve`), the second front end beside
 * cli/: like the CLI it uses only the public API of libvieclam. libmicrohttpd (HTTP, TLS through
 * GnuTLS) and jansson (the JSON API) are included by this room only.
 *
 * The pieces: http.c (the daemon, requests in, responses out, static files of web/, clean
 * stop), routes.c (the route table: method, path pattern, role, handler), security.c (the one
 * room every request passes: sessions, CSRF, roles, login slowing and lockout, the access
 * audit), escape.c (the one place values are escaped for HTML), matcher.c (the match indexes in
 * memory, following every change), pool.c (database connections), json.c (records <-> JSON),
 * jobs.c (fair plans and forecasts in the background) and one api-*.c per group of routes.
 */
#ifndef VL_SERVER_H
#define VL_SERVER_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <vieclam/vieclam.h>

/* ---- options and the server ------------------------------------------------------------------ */

typedef struct desk_options {
    const char *db_path;
    const char *listen;   /* "127.0.0.1:8080" (port 0 = any free port) */
    const char *tls_cert; /* PEM files; both or neither */
    const char *tls_key;
    const char *web_dir;       /* the pages (web/) */
    const char *model_path;    /* matching model; NULL = the documented defaults */
    const char *fair_model;    /* fair model; NULL = the documented defaults */
    const char *privacy_model; /* the retention rule (models/privacy.yaml); NULL = defaults */
    const char *state_dir;     /* fair plan outputs and reports (0700); default DB + ".desk" */
    const char *centre;        /* the centre's name for slips; NULL = keep the stored one */
    const char *provinces;     /* "31" or "31,01": the match index holds these provinces' records
                                  (vl_db_set_load_scope); NULL = every record */
    const char *public_origin; /* "https://desk.example:8443[,...]": where the desks open the
                                  pages, the only Origin a change may come from; NULL = the
                                  listening address (and localhost:PORT on loopback) */
    unsigned db_connections;   /* database connections at most; 0 = DESK_DB_CONNECTIONS_* */
    int session_idle;          /* seconds without a request before a session ends */
    int session_max;           /* seconds a session lives at most */
    int32_t as_of;             /* the server's today (yyyymmdd) for dated demo data; 0 = today */
    unsigned threads;          /* engine threads for batch work (fair plans, forecasts) */
    bool quiet;
} desk_options;

/* Runs the server until SIGINT or SIGTERM; returns a process exit code. */
int desk_serve(const desk_options *o);

typedef struct desk desk;

/* ---- requests and responses ------------------------------------------------------------------ */

#define DESK_BODY_MAX 65536
/* a spreadsheet sent to POST /api/imports/{kind}: read only for a signed-in session whose
 * anti-forgery token came with it (anyone else's body stops at DESK_BODY_MAX) */
#define DESK_UPLOAD_MAX (16u << 20)
#define DESK_PARAMS     4

typedef struct desk_session desk_session;

typedef struct desk_req {
    desk *d;
    const char *method;
    const char *path;
    char params[DESK_PARAMS][128]; /* the {} segments of the route's pattern */
    const char *qnames[32];        /* query parameters (decoded; valid during the request) */
    const char *qvalues[32];
    size_t n_query;
    bool query_overflow;     /* more than 32 parameters: refused */
    const char *cookie;      /* the session cookie's value, or NULL */
    const char *csrf_header; /* X-CSRF-Token */
    const char *origin;      /* Origin, when the browser sent one */
    json_t *body;            /* the JSON body of POST/PUT, NULL otherwise */
    const char *upload;      /* the raw body of an upload route (api_import_start) */
    size_t upload_len;
    void *conn;      /* struct MHD_Connection */
    char client[64]; /* the peer's address (for login throttling; never logged) */
    /* the signed-in user (security.c fills these before any handler runs) */
    char user[65];
    vl_role role;
    char lang[3];
    char csrf[VL_TOKEN_SIZE];
    /* a database connection and a context, borrowed for the request */
    vl_ctx *ctx;
    vl_db *db;
} desk_req;

typedef struct desk_resp {
    int status;
    json_t *json;             /* the body as JSON (owned), or */
    char *body;               /* a body (malloc'd) of */
    size_t len;               /* len bytes of */
    const char *content_type; /* this type */
    char *file;               /* a file to send (malloc'd path) */
    bool file_temporary;      /* removed once opened for sending (an export written for one) */
    char set_cookie[256];
    char location[160];
    char disposition[160];
    int retry_after; /* seconds; 0 = none */
    char allow[64];
    const char *csp; /* a static Content-Security-Policy for this answer; NULL = the desk's */
    char why[256];   /* an internal error's message, for the server's log (never the answer) */
} desk_resp;

/* The policy of a document the server writes with its own inline <style> and no script (the
 * leaders' report, the invitations): styles inline, images inline, nothing else. */
#define DESK_CSP_DOCUMENT                                                                          \
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "                        \
    "frame-ancestors 'none'; form-action 'none'"

typedef void (*desk_handler)(desk_req *rq, desk_resp *rs);

/* The display name of an area or occupation code (JSON string), or JSON null (api-records.c). */
json_t *desk_label(desk_req *rq, vl_lookup what, const char *code);
/* Sets o's "area_name" and "area_parent_name" (a commune's province since the 2025 reform; the
 * referral slip writes "street, commune, province") from one look-up of the area; null when not
 * known. */
void desk_area_names(desk_req *rq, json_t *o, const char *code);
/* Row i of vl_db_industries' list: its title in the user's language (Vietnamese when the
 * English one is missing), or NULL. */
const char *desk_industry_title(const desk_req *rq, const vl_list *industries, size_t i);

/* ---- routes (routes.c) --------------------------------------------------------------------- */

enum {
    ROLE_PUBLIC = 0, /* no session needed (login, meta) */
    ROLE_STAFF = 1u << VL_ROLE_STAFF,
    ROLE_PLANNER = 1u << VL_ROLE_PLANNER,
    ROLE_ADMIN = 1u << VL_ROLE_ADMIN,
    ROLE_ANY = ROLE_STAFF | ROLE_PLANNER | ROLE_ADMIN
};

typedef struct desk_route {
    const char *method;
    const char *pattern; /* segments; "{}" matches one non-empty segment */
    unsigned roles;
    desk_handler fn;
} desk_route;

/*
 * Finds the route for method and path; fills rq->params. NULL with *status 404 (no such
 * path) or 405 (the path exists; allow lists its methods).
 */
const desk_route *routes_find(const char *method, const char *path, desk_req *rq, int *status,
                              char *allow, size_t allow_size);

/* ---- the security room (security.c) ---------------------------------------------------------- */

typedef struct desk_security desk_security;
/* origins: the comma-separated origins a state-changing request may come from */
desk_security *security_create(const desk_options *o, bool tls, const char *origins);
void security_destroy(desk_security *s);
/*
 * Checks a request against its route before the handler runs: the session (401), the role
 * (403), the CSRF token and origin of state-changing requests (403 csrf). Fills rq's user.
 * Returns true when the handler may run; otherwise rs holds the error.
 */
bool security_admit(desk *d, const desk_route *route, desk_req *rq, desk_resp *rs);
/* Login: checks the password with slowing and lockout, opens a session, sets the cookie. */
void security_login(desk_req *rq, desk_resp *rs);
void security_logout(desk_req *rq, desk_resp *rs);
/*
 * Checks the signed-in user's password (changing it needs the old one) under login's rules: the
 * same slowing and lockout, a failure counted against the account and the client, Argon2id's
 * queue; then hashes the new one into out. The request's connection goes back to the pool
 * meanwhile (the slowing and Argon2id must not hold it idle) and is borrowed again before a true
 * return. False with rs holding the error (400 on field "password", 429 locked, 503 busy).
 */
bool security_change_password(desk_req *rq, desk_resp *rs, const char *hash, const char *old,
                              const char *nw, char out[VL_PW_HASH_SIZE]);
/* Hashes a password (Argon2id, in its queue) with the request's connection given back meanwhile
 * and borrowed again before a true return. False with rs holding the error (503 busy). */
bool security_hash_password(desk_req *rq, desk_resp *rs, const char *password,
                            char out[VL_PW_HASH_SIZE]);
/* Ends every session of a user (disabled, role or password changed by an administrator). */
void security_end_user(desk *d, const char *user);
/* Ends every session of user but the one of keep_token (a password changed by its owner). */
void security_end_other_sessions(desk *d, const char *user, const char *keep_token);
/* The session's answer for GET /api/session and login. */
json_t *security_session_json(desk_req *rq);
/* Whether a request may send a body up to DESK_UPLOAD_MAX: its cookie names a live session and
 * its X-CSRF-Token is that session's (checked again, with the role, by security_admit). */
bool security_may_upload(desk *d, const char *cookie, const char *csrf);
/*
 * Runs fn(ctx, db, arg) with the request's context on the writer's connection, in a savepoint
 * of a transaction shared with the other requests writing at the same time (one commit, one
 * disk flush per group); returns fn's status, or the commit's. fn writes the change and its
 * access-audit row (vl_db_audit_append) so both land or neither does. fn must not block.
 */
typedef vl_status (*desk_write_fn)(vl_ctx *ctx, vl_db *db, void *arg);
vl_status desk_write(desk_req *rq, desk_write_fn fn, void *arg);
/*
 * Appends access-audit rows for the signed-in user (in one transaction). false when they could
 * not be written: the handler must not show the data (it answers 503 with rs filled).
 */
bool desk_audit(desk_req *rq, desk_resp *rs, const char *action, const char *kind,
                const char *record, const char *detail);
/*
 * Who a list showed, as its audit row's detail: the n ids id(src, i), comma-separated, after
 * "HEAD: " when head is given ("V000005: S0000001,S0000002"), so that a person's own data finds
 * the lists that named them (provide.c). Allocated (free it); NULL when memory ran out.
 */
char *desk_listed_ids(const char *head, size_t n, const char *(*id)(const void *src, size_t i),
                      const void *src);
/* id for desk_listed_ids: column 0 of row i of a vl_list */
const char *desk_list_first(const void *list, size_t i);

/* ---- HTML (escape.c): the one place values reaching HTML are escaped ------------------------- */

/* Appends s to a growing buffer with &, <, >, " and ' escaped. */
void html_escape_append(char **buf, size_t *len, size_t *cap, const char *s);
/* Appends text as is (markup the server wrote itself). */
void html_append(char **buf, size_t *len, size_t *cap, const char *s);

/* ---- responses (json.c) ---------------------------------------------------------------------- */

void resp_json(desk_resp *rs, int status, json_t *body);
/* j as text (malloc'd; free()), or NULL when memory ran out anywhere in it: json_dumps, whose
 * object keys may come out cut short instead. */
char *json_text(const json_t *j, size_t flags);
/* {"error": code, "message": message[, "field": field]} in the user's language. */
void resp_error(desk_resp *rs, int status, const char *code, const char *field, const char *msg);
/* A new empty file of the server's state folder (0600) for an answer written whole before it is
 * sent: PREFIX-XXXXXX; false with a 500 in rs. */
bool desk_temp_file(desk_req *rq, desk_resp *rs, const char *prefix, char *path, size_t size);
/* Answers the workbook at path (a desk_temp_file) as the download NAME-DATE.xlsx, removed once
 * sent. */
void resp_temp_xlsx(desk_req *rq, desk_resp *rs, const char *path, const char *name);
/* Maps a library failure to its status and error (the context's message names ids only). */
void resp_fail(desk_req *rq, desk_resp *rs, vl_status st);
/* An English msgid of the one catalogue (po/), in the user's language: Vietnamese unless the
 * user chose English. Usable before the request has a context (vl_gettext_lang). */
const char *tr(const desk_req *rq, const char *msgid);
/* The request's language for the library's words: "en", else "vi" (as tr). */
const char *desk_lang(const desk_req *rq);
/* Marks a msgid for the catalogue where it is stored, to be translated by tr() when shown. */
#define N_(s) s

/* Query parameters: each checked against its bounds; false with a 400 in rs. */
bool query_check(desk_req *rq, desk_resp *rs, const char *const *allowed);
const char *query_get(desk_req *rq, const char *name);
bool query_size(desk_req *rq, desk_resp *rs, const char *name, size_t lo, size_t hi, size_t dflt,
                size_t *out);
bool query_date(desk_req *rq, desk_resp *rs, const char *name, int32_t *out);
bool query_text(desk_req *rq, desk_resp *rs, const char *name, const char **out);
/* "true" or "false" into *out (1 or 0); absent: *out as it was. */
bool query_bool(desk_req *rq, desk_resp *rs, const char *name, int *out);
/* A path parameter as an id of the import contract; false with a 400. */
bool param_id(desk_req *rq, desk_resp *rs, size_t i, const char **out);
/* A path parameter naming a kind of records ("seekers", or with ext "seekers.xlsx") that
 * allowed(role, kind) lets this user have: false with a 404 (no such kind) or 403. */
bool param_kind(desk_req *rq, desk_resp *rs, size_t i, const char *ext,
                bool (*allowed)(vl_role, vl_kind), vl_kind *out);
/* Body members: the body must be an object holding only allowed members. */
bool body_check(desk_req *rq, desk_resp *rs, const char *const *allowed);

/* A list (vl_list) as {"items", "page", "size", "total", "sort"}. */
json_t *list_json(const vl_list *l, size_t page, size_t size);
/* A list cell of the import contract ("7533;8212") as a JSON array of its items (NULL: []). */
json_t *list_cells(const char *v);
/*
 * A record of the import contract (vl_row) as JSON typed by column (lists as arrays, numbers
 * as numbers, empty cells as null) with its version.
 */
json_t *row_json(const vl_row *row, vl_kind kind);
/*
 * Writes a record from a JSON body through vl_db_put (exactly the importer's rules). On invalid
 * values answers 400 {"error": "invalid", "fields": {...}}; on success fills out.
 */
bool put_record(desk_req *rq, desk_resp *rs, vl_kind kind, const char *path_id, bool create,
                vl_put_result *out);
/* 400 {"error": "invalid", "fields": {...}} from the context's "FIELD: reason" diagnostics. */
void resp_invalid_fields(desk_req *rq, desk_resp *rs);

/* Dates: yyyymmdd <-> "YYYY-MM-DD". */
bool date_parse(const char *text, int32_t *out);
void date_format(int32_t d, char out[11]);
int32_t date_today(void);
/* Makes date_today answer d (serve --as-of); 0 = the real date. */
void date_fix_today(int32_t d);

/* ---- the running server ------------------------------------------------------------------- */

typedef struct desk_matcher desk_matcher;
typedef struct desk_pool desk_pool;
typedef struct desk_jobs desk_jobs;

struct desk {
    desk_options o;
    bool tls;
    desk_pool *pool;
    desk_security *sec;
    desk_matcher *matcher;
    desk_jobs *jobs;
    char state_dir[4096];
    char centre[256];
    vl_privacy_model privacy; /* the retention rule, read once at start (o.privacy_model) */
    pthread_mutex_t centre_lock;
    /* one writer at a time inside the server: SQLite has one write lock, and its busy handler
     * waits by sleeping, so threads of one process queue here instead (fair, no sleeps); the
     * busy timeout is left for other programs' writes */
    pthread_mutex_t write_lock;
};

/* ---- database connections (pool.c) ------------------------------------------------------------
 */

/* provinces ("31,01", or NULL): every connection lent is scoped to them (desk_set_scope) */
desk_pool *pool_create(const char *db_path, size_t max, const char *provinces);
void pool_destroy(desk_pool *p);
/* Borrows a connection and a fresh context; VL_ERR_BUSY when every connection is in use. */
vl_status pool_get(desk_pool *p, vl_ctx **ctx, vl_db **db);
void pool_put(desk_pool *p, vl_ctx *ctx, vl_db *db);
/* The connection alone, for a request that gives it back while it waits (NULL: nothing lent). */
vl_status pool_borrow(desk_pool *p, vl_ctx *ctx, vl_db **db);
void pool_return(desk_pool *p, vl_db *db);

/* ---- the match indexes (matcher.c) ------------------------------------------------------------
 */

desk_matcher *matcher_create(vl_ctx *ctx, const desk_options *o, vl_status *st);
void matcher_destroy(desk_matcher *m);
/*
 * A read view of the index for a date (built on first use, kept for the next), brought up to
 * date with every change committed before the call. Release it with matcher_release.
 */
const vl_match_index *matcher_acquire(desk_matcher *m, vl_ctx *ctx, int32_t as_of, vl_status *st);
void matcher_release(desk_matcher *m);
/*
 * A province's server holds its provinces' seekers and vacancies; a seeker or vacancy of another
 * province (found by the search of every province) is a visitor. matcher_acquire_visit is
 * matcher_acquire for a query about `seeker` and/or `vacancy` (NULL: none): a visitor is read
 * through db (its scope lifted for the read), put into the index for this query alone and taken
 * out again by matcher_release_visit, so a seeker registered in Ha Noi who comes to Hai Phong's
 * centre is matched against Hai Phong's vacancies. The index is then held under the write lock.
 */
typedef struct desk_visit {
    vl_dataset *records;  /* the visitors read (NULL: none) */
    bool seeker, vacancy; /* put into the index by this visit, to be taken out */
    int32_t as_of;
} desk_visit;
const vl_match_index *matcher_acquire_visit(desk_matcher *m, vl_ctx *ctx, vl_db *db, int32_t as_of,
                                            const char *seeker, const char *vacancy,
                                            desk_visit *visit, vl_status *st);
void matcher_release_visit(desk_matcher *m, vl_ctx *ctx, desk_visit *visit);
/* Picks up changes now (after a write through the API) and at most every 250 ms otherwise. */
vl_status matcher_sync(desk_matcher *m, vl_ctx *ctx);
size_t matcher_model_top(const desk_matcher *m);

/* ---- background jobs (jobs.c) -----------------------------------------------------------------
 */

desk_jobs *jobs_create(desk *d);
void jobs_destroy(desk_jobs *j); /* waits for the running job */
bool jobs_busy(desk_jobs *j);    /* a job is running now */
/* An erasure's part: removes the rejects workbooks of finished imports of kinds whose rows
 * name seekers (a rejected row may be an erased seeker's); the number removed. */
size_t jobs_forget_rejects(desk_jobs *j);
/* An erasure's part: removes these seekers' slips from every fair plan of the state folder
 * (api-fairs.c); the number removed, or -1 when one could not be removed (logged). */
long fair_plans_forget_seekers(desk_req *rq, const char *const *ids, size_t n);

/* ---- the route groups --------------------------------------------------------------------------
 */

extern const desk_route routes_table[];
extern const size_t routes_count;

void api_session(desk_req *rq, desk_resp *rs);
void api_me(desk_req *rq, desk_resp *rs);
void api_meta(desk_req *rq, desk_resp *rs);
void api_summary(desk_req *rq, desk_resp *rs);
void api_occupations(desk_req *rq, desk_resp *rs);
void api_occupation(desk_req *rq, desk_resp *rs);
void api_areas(desk_req *rq, desk_resp *rs);
void api_area(desk_req *rq, desk_resp *rs);

void api_seekers_list(desk_req *rq, desk_resp *rs);
void api_seeker_get(desk_req *rq, desk_resp *rs);
void api_seeker_create(desk_req *rq, desk_resp *rs);
void api_seeker_update(desk_req *rq, desk_resp *rs);
void api_employers_list(desk_req *rq, desk_resp *rs);
void api_employer_get(desk_req *rq, desk_resp *rs);
void api_employer_create(desk_req *rq, desk_resp *rs);
void api_employer_update(desk_req *rq, desk_resp *rs);
void api_vacancies_list(desk_req *rq, desk_resp *rs);
void api_vacancy_get(desk_req *rq, desk_resp *rs);
void api_vacancy_create(desk_req *rq, desk_resp *rs);
void api_vacancy_update(desk_req *rq, desk_resp *rs);

void api_seeker_matches(desk_req *rq, desk_resp *rs);
void api_vacancy_shortlist(desk_req *rq, desk_resp *rs);
void api_seeker_why_not(desk_req *rq, desk_resp *rs);
void api_seeker_counselling(desk_req *rq, desk_resp *rs);
void api_seeker_counsel(desk_req *rq, desk_resp *rs);
void api_seeker_data(desk_req *rq, desk_resp *rs);
void api_vacancy_why_not(desk_req *rq, desk_resp *rs);

void api_referrals_list(desk_req *rq, desk_resp *rs);
void api_referral_create(desk_req *rq, desk_resp *rs);
void api_referral_get(desk_req *rq, desk_resp *rs);
void api_referral_outcome(desk_req *rq, desk_resp *rs);
void api_followups_get(desk_req *rq, desk_resp *rs);
void api_followup_record(desk_req *rq, desk_resp *rs);

void api_users_list(desk_req *rq, desk_resp *rs);
void api_user_create(desk_req *rq, desk_resp *rs);
void api_user_update(desk_req *rq, desk_resp *rs);
void api_audit_list(desk_req *rq, desk_resp *rs);
void api_audit_xlsx(desk_req *rq, desk_resp *rs);
/* The access audit's words (the library's vl_audit_*_words, one definition for the admin page,
 * its workbook, a person's data letter and `vieclam audit`): [{"code", "label"}] of the
 * actions, for a filter; and an audit row (an object with "action", "kind" and maybe "detail")
 * given "action_label", "kind_label" and, when it has a detail, "detail_text". rq NULL: in
 * Vietnamese, whoever asks (a letter). */
json_t *desk_audit_actions(const desk_req *rq);
void desk_audit_words(const desk_req *rq, json_t *row);
/* Personal data (Decree 13/2023/ND-CP): the seekers the retention rule would erase, and
 * erasing seekers on request or by that rule. */
void api_retention(desk_req *rq, desk_resp *rs);
void api_erasure(desk_req *rq, desk_resp *rs);

void api_fairs_list(desk_req *rq, desk_resp *rs);
void api_fair_create(desk_req *rq, desk_resp *rs);
void api_fair_plan_start(desk_req *rq, desk_resp *rs);
void api_fair_plans_list(desk_req *rq, desk_resp *rs);
void api_fair_plan_get(desk_req *rq, desk_resp *rs);
void api_fair_plan_shortlist(desk_req *rq, desk_resp *rs);
void api_fair_plan_invitations(desk_req *rq, desk_resp *rs);
void api_fair_plan_invited(desk_req *rq, desk_resp *rs);
void api_forecast_start(desk_req *rq, desk_resp *rs);
void api_forecast_runs(desk_req *rq, desk_resp *rs);
void api_report(desk_req *rq, desk_resp *rs);
void api_job_get(desk_req *rq, desk_resp *rs);
/* The centre's activity report of a period, as a job (jobs.c), and its page or workbook
 * (api-fairs.c, beside the forecast's report). */
void api_activity_start(desk_req *rq, desk_resp *rs);
void api_activity_report(desk_req *rq, desk_resp *rs);
/* The year's targets beside the activity report's figures (`vieclam target`). */
void api_targets_get(desk_req *rq, desk_resp *rs);
void api_targets_put(desk_req *rq, desk_resp *rs);
/* The planner's judgement (api-planner.c): the stored history's keys and next quarters, the
 * adjustments and scenarios, adding and withdrawing one. */
void api_history_keys(desk_req *rq, desk_resp *rs);
void api_judgements_list(desk_req *rq, desk_resp *rs);
void api_judgement_add(desk_req *rq, desk_resp *rs);
void api_judgement_withdraw(desk_req *rq, desk_resp *rs);
/* A spreadsheet or CSV file of a kind the role brings in (jobs.c), and the workbook to fill in
 * (api-meta.c). */
void api_import_start(desk_req *rq, desk_resp *rs);
/* The rows an import with skip=true left out, as a workbook to correct and send again. */
void api_job_rejects(desk_req *rq, desk_resp *rs);
void api_template(desk_req *rq, desk_resp *rs);
/* The records of a kind as a workbook in the import format (what the role may take away). */
void api_export(desk_req *rq, desk_resp *rs);
/* The kinds a role imports at the desk: staff the centre's records, planners the history,
 * admins the areas. */
bool desk_import_allowed(vl_role role, vl_kind kind);
/* The kinds a role exports at the desk: those it imports that hold no personal data (seekers,
 * referrals, follow-ups and counselling leave only through `vieclam export`, pseudonymised when
 * they leave the centre). */
bool desk_export_allowed(vl_role role, vl_kind kind);
/* The provinces this server serves (serve --province; [] for every province): their codes, or
 * with named {code, name} (the area's name today, the code itself when no area has it). */
json_t *desk_provinces_json(desk_req *rq, bool named);

#endif
