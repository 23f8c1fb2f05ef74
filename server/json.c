/*
 * json.c - the JSON side of the API: error answers in the user's language, query parameters
 * checked against their bounds before anything reaches the engine, request bodies checked for
 * unknown members, and records of the import contract turned into typed JSON and back (a
 * record is written through vl_db_put, so a form obeys exactly the importer's rules).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

const char *desk_lang(const desk_req *rq)
{
    return rq && strcmp(rq->lang, "en") == 0 ? "en" : "vi";
}

const char *tr(const desk_req *rq, const char *msgid)
{
    return vl_gettext_lang(desk_lang(rq), msgid);
}

/* A growing text whose failed append fails the whole dump: jansson does not check the writing of
 * an object's key, so json_dumps could answer a key cut short when memory ran out inside it. */
typedef struct dump_text {
    char *data;
    size_t len, cap;
    bool failed;
} dump_text;

static int dump_append(const char *text, size_t size, void *data)
{
    dump_text *d = data;
    if (!d->failed && d->len + size + 1 > d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 4096;
        while (cap < d->len + size + 1)
            cap *= 2;
        char *p = realloc(d->data, cap);
        if (p) {
            d->data = p;
            d->cap = cap;
        } else {
            d->failed = true;
        }
    }
    if (d->failed)
        return -1;
    memcpy(d->data + d->len, text, size);
    d->len += size;
    d->data[d->len] = '\0';
    return 0;
}

char *json_text(const json_t *j, size_t flags)
{
    dump_text d = {0};
    if (json_dump_callback(j, dump_append, &d, flags) != 0 || d.failed || !d.data) {
        free(d.data);
        return NULL;
    }
    return d.data;
}

void resp_json(desk_resp *rs, int status, json_t *body)
{
    if (rs->json)
        json_decref(rs->json);
    rs->status = status;
    rs->json = body ? body : json_object();
}

bool desk_temp_file(desk_req *rq, desk_resp *rs, const char *prefix, char *path, size_t size)
{
    snprintf(path, size, "%s/%s-XXXXXX", rq->d->state_dir, prefix);
    int fd = mkstemp(path); /* a name of its own; the writer writes beside it, then renames */
    if (fd < 0) {
        resp_error(rs, 500, "internal", NULL, tr(rq, "Internal server error."));
        return false;
    }
    close(fd);
    return true;
}

void resp_temp_xlsx(desk_req *rq, desk_resp *rs, const char *path, const char *name)
{
    char day[11];
    date_format(date_today(), day);
    rs->status = 200;
    rs->file = strdup(path);
    rs->file_temporary = true;
    if (!rs->file) {
        unlink(path);
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"%s-%s.xlsx\"", name,
             day);
}

void resp_error(desk_resp *rs, int status, const char *code, const char *field, const char *msg)
{
    json_t *e = json_pack("{s:s, s:s}", "error", code, "message", msg ? msg : code);
    if (field && e)
        json_object_set_new(e, "field", json_string(field));
    resp_json(rs, status, e);
}

void resp_fail(desk_req *rq, desk_resp *rs, vl_status st)
{
    const char *msg = vl_ctx_errmsg(rq->ctx);
    switch (st) {
    case VL_ERR_NOTFOUND:
        resp_error(rs, 404, "not_found", NULL, msg);
        break;
    case VL_ERR_CONFLICT:
        resp_error(rs, 409, "conflict", NULL, msg);
        break;
    case VL_ERR_BUSY:
        resp_error(rs, 503, "busy", NULL,
                   tr(rq, "The database is busy; nothing was written. Please try again."));
        rs->retry_after = 1;
        break;
    case VL_ERR_ARG:
    case VL_ERR_INVALID:
        resp_error(rs, 400, "bad_request", NULL, msg);
        break;
    default:
        /* the context's message may name a file or an SQL statement: not for the browser, but
         * for the operator reading the server's log */
        resp_error(rs, 500, "internal", NULL, tr(rq, "Internal server error."));
        snprintf(rs->why, sizeof rs->why, "%s", msg && *msg ? msg : vl_strerror(st));
        break;
    }
}

/* ---- dates --------------------------------------------------------------------------------- */

bool date_parse(const char *s, int32_t *out)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap))
        return false;
    *out = y * 10000 + m * 100 + d;
    return true;
}

void date_format(int32_t d, char out[11])
{
    unsigned u = d > 0 && d <= 99991231 ? (unsigned)d : 0;
    snprintf(out, 11, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
}

static int32_t fixed_today; /* serve --as-of: the server's today, for dated demo data */

void date_fix_today(int32_t d)
{
    fixed_today = d;
}

int32_t date_today(void)
{
    if (fixed_today)
        return fixed_today;
    return vl_today();
}

/* ---- query parameters ------------------------------------------------------------------------ */

const char *query_get(desk_req *rq, const char *name)
{
    for (size_t i = 0; i < rq->n_query; i++)
        if (strcmp(rq->qnames[i], name) == 0)
            return rq->qvalues[i];
    return NULL;
}

bool query_check(desk_req *rq, desk_resp *rs, const char *const *allowed)
{
    if (rq->query_overflow) {
        resp_error(rs, 400, "bad_request", NULL, tr(rq, "Too many query parameters."));
        return false;
    }
    for (size_t i = 0; i < rq->n_query; i++) {
        bool ok = false;
        for (size_t k = 0; allowed && allowed[k] && !ok; k++)
            ok = strcmp(allowed[k], rq->qnames[i]) == 0;
        for (size_t j = 0; j < i && ok; j++)
            if (strcmp(rq->qnames[j], rq->qnames[i]) == 0)
                ok = false;
        if (!ok) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     tr(rq, "%.60s: not a parameter of this path (or given twice)."),
                     rq->qnames[i]);
            resp_error(rs, 400, "bad_request", rq->qnames[i], msg);
            return false;
        }
    }
    return true;
}

bool query_size(desk_req *rq, desk_resp *rs, const char *name, size_t lo, size_t hi, size_t dflt,
                size_t *out)
{
    const char *v = query_get(rq, name);
    if (!v) {
        *out = dflt;
        return true;
    }
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *end || errno || v[0] == '-' || v[0] == '+' || v[0] == ' ' || n < lo || n > hi) {
        char msg[160];
        snprintf(msg, sizeof msg, tr(rq, "%s: a whole number from %zu to %zu is expected."), name,
                 lo, hi);
        resp_error(rs, 400, "bad_request", name, msg);
        return false;
    }
    *out = (size_t)n;
    return true;
}

bool query_date(desk_req *rq, desk_resp *rs, const char *name, int32_t *out)
{
    const char *v = query_get(rq, name);
    if (!v) {
        *out = 0;
        return true;
    }
    if (!date_parse(v, out)) {
        char msg[160];
        snprintf(msg, sizeof msg, tr(rq, "%s: a real date YYYY-MM-DD is expected."), name);
        resp_error(rs, 400, "bad_request", name, msg);
        return false;
    }
    return true;
}

bool query_bool(desk_req *rq, desk_resp *rs, const char *name, int *out)
{
    const char *v = query_get(rq, name);
    if (!v)
        return true;
    if (strcmp(v, "true") && strcmp(v, "false")) {
        char msg[160];
        snprintf(msg, sizeof msg, tr(rq, "%s: true or false."), name);
        resp_error(rs, 400, "bad_request", name, msg);
        return false;
    }
    *out = strcmp(v, "true") == 0;
    return true;
}

bool query_text(desk_req *rq, desk_resp *rs, const char *name, const char **out)
{
    const char *v = query_get(rq, name);
    *out = v;
    if (v && (strlen(v) > 200 || !vl_text_valid_utf8(v, strlen(v), NULL))) {
        char msg[160];
        snprintf(msg, sizeof msg, tr(rq, "%s: at most 200 bytes of UTF-8 text."), name);
        resp_error(rs, 400, "bad_request", name, msg);
        return false;
    }
    return true;
}

bool param_id(desk_req *rq, desk_resp *rs, size_t i, const char **out)
{
    const char *s = rq->params[i];
    size_t n = strlen(s);
    bool ok = n > 0 && n <= 64 && vl_text_valid_utf8(s, n, NULL);
    for (size_t k = 0; ok && k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        ok = c > 0x20 && c != 0x7f && c != ',' && c != ';' && c != '"' && c != '\'';
    }
    if (!ok) {
        resp_error(rs, 400, "bad_request", "id",
                   tr(rq, "Not a valid id (no spaces, commas, semicolons or quotes; at most 64 "
                          "bytes)."));
        return false;
    }
    *out = s;
    return true;
}

bool param_kind(desk_req *rq, desk_resp *rs, size_t i, const char *ext,
                bool (*allowed)(vl_role, vl_kind), vl_kind *out)
{
    char *s = rq->params[i];
    size_t n = strlen(s), e = ext ? strlen(ext) : 0;
    bool ok = n > e && (!ext || strcmp(s + n - e, ext) == 0);
    if (ok && ext)
        s[n - e] = '\0';
    if (!ok || !vl_kind_parse(s, out)) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such kind of records."));
        return false;
    }
    if (!allowed(rq->role, *out)) {
        resp_error(rs, 403, "forbidden", NULL, tr(rq, "Your role may not do this."));
        return false;
    }
    return true;
}

bool body_check(desk_req *rq, desk_resp *rs, const char *const *allowed)
{
    if (!json_is_object(rq->body)) {
        resp_error(rs, 400, "bad_request", NULL, tr(rq, "The body must be a JSON object."));
        return false;
    }
    const char *key;
    json_t *v;
    json_object_foreach(rq->body, key, v)
    {
        bool ok = false;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = strcmp(allowed[k], key) == 0;
        if (!ok) {
            char msg[200];
            snprintf(msg, sizeof msg, tr(rq, "%.60s: not a member of this request."), key);
            resp_error(rs, 400, "bad_request", key, msg);
            return false;
        }
    }
    return true;
}

/* ---- lists --------------------------------------------------------------------------------- */

json_t *list_cells(const char *v)
{
    json_t *a = json_array();
    for (const char *p = v ? v : ""; *p;) {
        size_t n = strcspn(p, ";");
        if (n)
            json_array_append_new(a, json_stringn(p, n));
        p += n;
        if (*p)
            p++;
    }
    return a;
}

static json_t *typed(const char *v, vl_col_type t)
{
    if (!v)
        return json_null();
    switch (t) {
    case VL_COL_INT: {
        long long n;
        return vl_parse_long(v, &n) ? json_integer(n) : json_string(v);
    }
    case VL_COL_REAL: {
        double d;
        return vl_parse_double(v, &d) ? json_real(d) : json_string(v);
    }
    case VL_COL_BOOL:
        return json_boolean(strcmp(v, "0") != 0 && *v);
    case VL_COL_LIST:
        return list_cells(v);
    default:
        return json_string(v);
    }
}

json_t *list_json(const vl_list *l, size_t page, size_t size)
{
    json_t *items = json_array();
    for (size_t i = 0; i < vl_list_rows(l); i++) {
        json_t *o = json_object();
        for (size_t j = 0; j < vl_list_columns(l); j++)
            json_object_set_new(o, vl_list_column(l, j),
                                typed(vl_list_value(l, i, j), vl_list_type(l, j)));
        json_array_append_new(items, o);
    }
    return json_pack("{s:o, s:I, s:I, s:I, s:s}", "items", items, "page", (json_int_t)page, "size",
                     (json_int_t)size, "total", (json_int_t)vl_list_total(l), "sort",
                     vl_list_sort(l));
}

/* ---- records ------------------------------------------------------------------------------- */

static const char *const list_columns[] = {"occupations",      "skills",   "languages",
                                           "abroad",           "priority", "skills_required",
                                           "skills_preferred", NULL};
static const char *const int_columns[] = {"birth_year", "positions", "age_min",
                                          "age_max",    "capacity",  NULL};
static const char *const real_columns[] = {"experience_years", "wage_min",       "wage_max",
                                           "max_commute_km",   "experience_min", NULL};

static bool in_set(const char *const *set, const char *name)
{
    for (size_t i = 0; set[i]; i++)
        if (strcmp(set[i], name) == 0)
            return true;
    return false;
}

static vl_col_type column_type(const char *name)
{
    if (in_set(list_columns, name))
        return VL_COL_LIST;
    if (in_set(int_columns, name))
        return VL_COL_INT;
    if (in_set(real_columns, name))
        return VL_COL_REAL;
    return VL_COL_TEXT;
}

json_t *row_json(const vl_row *row, vl_kind kind)
{
    (void)kind;
    json_t *o = json_object();
    for (size_t i = 0; i < vl_row_count(row); i++) {
        const char *v = vl_row_value(row, i);
        vl_col_type t = column_type(vl_row_column(row, i));
        json_object_set_new(o, vl_row_column(row, i),
                            t == VL_COL_LIST ? typed(v, t) : typed(*v ? v : NULL, t));
    }
    json_object_set_new(o, "version", json_string(vl_row_version(row)));
    return o;
}

/* Members a client may send back from an answer; they are not written. */
static const char *const answer_only[] = {"version",
                                          "area_name",
                                          "occupation_titles",
                                          "employer_name",
                                          "occupation_title",
                                          "industry_title",
                                          "open",
                                          "vacancies",
                                          "open_vacancies",
                                          "area_parent_name",
                                          NULL};

/* The cell text of one JSON value; NULL (with *why) when it cannot be one. */
static char *cell_text(const json_t *v, bool list, const char **why)
{
    char buf[64];
    if (json_is_null(v))
        return strdup("");
    if (list) {
        if (!json_is_array(v)) {
            *why = "a list (JSON array) is expected";
            return NULL;
        }
        size_t n = json_array_size(v), len = 0;
        char *out = calloc(1, 1);
        for (size_t i = 0; out && i < n; i++) {
            const json_t *it = json_array_get(v, i);
            if (!json_is_string(it)) {
                *why = "every item of the list must be text";
                free(out);
                return NULL;
            }
            const char *s = json_string_value(it);
            if (strchr(s, ';')) {
                *why = "an item may not contain ';'";
                free(out);
                return NULL;
            }
            size_t sl = strlen(s);
            char *grown = realloc(out, len + sl + 2);
            if (!grown) {
                free(out);
                return NULL;
            }
            out = grown;
            if (i)
                out[len++] = ';';
            memcpy(out + len, s, sl + 1);
            len += sl;
        }
        return out;
    }
    if (json_is_string(v))
        return strdup(json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return strdup(buf);
    }
    if (json_is_real(v)) {
        double d = json_real_value(v), back = 0;
        for (int prec = 15; prec <= 17; prec++) {
            vl_format_double(buf, sizeof buf, d, prec);
            if (vl_parse_double(buf, &back) && back == d)
                break;
        }
        return strdup(buf);
    }
    *why = "text or a number is expected";
    return NULL;
}

/* A record and, for a seeker, its audit row, in one savepoint of the group commit. */
typedef struct put_job {
    desk_req *rq;
    const vl_put_request *prq;
    vl_put_result *out;
} put_job;

void resp_invalid_fields(desk_req *rq, desk_resp *rs)
{
    json_t *f = json_object();
    for (size_t i = 0; i < vl_ctx_diag_count(rq->ctx); i++) {
        /* "FIELD: reason" (a single record's diagnostics: no file, no line) */
        const char *d = vl_ctx_diag(rq->ctx, i);
        if (!d) /* past those the context kept */
            break;
        const char *colon = strstr(d, ": ");
        if (!colon || colon == d || (size_t)(colon - d) >= 64)
            continue;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(colon - d), d);
        if (!json_object_get(f, name)) /* the first problem of a field */
            json_object_set_new(f, name, json_string(colon + 2));
    }
    resp_json(rs, 400,
              json_pack("{s:s, s:s, s:o}", "error", "invalid", "message",
                        tr(rq, "Some fields are not valid; nothing was saved."), "fields", f));
}

static vl_status put_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    put_job *j = arg;
    vl_status st = vl_db_put(ctx, db, j->prq, j->out);
    if (st != VL_OK || j->prq->kind != VL_KIND_SEEKERS)
        return st;
    vl_audit_entry e = {j->rq->user, j->prq->create ? "create" : "update", "seeker", j->out->id,
                        NULL};
    return vl_db_audit_append(ctx, db, &e, 1);
}

bool put_record(desk_req *rq, desk_resp *rs, vl_kind kind, const char *path_id, bool create,
                vl_put_result *out)
{
    if (!json_is_object(rq->body)) {
        resp_error(rs, 400, "bad_request", NULL, tr(rq, "The body must be a JSON object."));
        return false;
    }
    const char *cols[40], *vals[40];
    char *owned[40];
    size_t n = 0;
    json_t *fields = json_object();
    const char *key;
    json_t *v;
    size_t ncols = 0;
    /* the contract's columns, from a row of the kind */
    static const char *const seekers[] = {
        "id",          "name",     "birth_year",       "gender",    "area",     "education",
        "occupations", "skills",   "experience_years", "languages", "wage_min", "max_commute_km",
        "abroad",      "priority", "registered",       "status",    "phone",    "id_card",
        NULL};
    static const char *const vacancies[] = {"id",
                                            "employer",
                                            "title",
                                            "occupation",
                                            "skills_required",
                                            "skills_preferred",
                                            "education_min",
                                            "experience_min",
                                            "languages",
                                            "wage_min",
                                            "wage_max",
                                            "positions",
                                            "area",
                                            "country",
                                            "age_min",
                                            "age_max",
                                            "posted",
                                            "closes",
                                            "fair",
                                            NULL};
    static const char *const employers[] = {"id",      "name",  "industry", "area",
                                            "address", "phone", NULL};
    static const char *const fairs[] = {"id", "name", "date", "area", "venue", "capacity", NULL};
    const char *const *contract = kind == VL_KIND_SEEKERS     ? seekers
                                  : kind == VL_KIND_VACANCIES ? vacancies
                                  : kind == VL_KIND_FAIRS     ? fairs
                                                              : employers;
    while (contract[ncols])
        ncols++;
    bool ok = true;
    json_object_foreach(rq->body, key, v)
    {
        if (in_set(answer_only, key))
            continue;
        if (!in_set(contract, key)) {
            char msg[200];
            snprintf(msg, sizeof msg, tr(rq, "%.60s: not a field of the record."), key);
            resp_error(rs, 400, "bad_request", key, msg);
            ok = false;
            break;
        }
        const char *why = NULL;
        char *text = cell_text(v, column_type(key) == VL_COL_LIST, &why);
        if (!text) {
            json_object_set_new(fields, key, json_string(why ? why : "out of memory"));
            continue;
        }
        if (strcmp(key, "id") == 0 && path_id && strcmp(text, path_id) != 0) {
            json_object_set_new(fields, key,
                                json_string(tr(rq, "differs from the id in the path")));
            free(text);
            continue;
        }
        cols[n] = key;
        vals[n] = owned[n] = text;
        n++;
    }
    if (ok && path_id && !json_object_get(rq->body, "id")) {
        cols[n] = "id";
        vals[n] = owned[n] = strdup(path_id);
        n++;
    }
    if (ok && json_object_size(fields)) {
        json_t *e =
            json_pack("{s:s, s:s, s:o}", "error", "invalid", "message",
                      tr(rq, "Some fields are not valid; nothing was saved."), "fields", fields);
        fields = NULL;
        resp_json(rs, 400, e);
        ok = false;
    }
    vl_status st = VL_OK;
    if (ok) {
        json_t *ver = json_object_get(rq->body, "version");
        vl_put_request prq = {
            .kind = kind,
            .columns = cols,
            .values = vals,
            .n = n,
            .create = create,
            .update = !create,
            .id_prefix = kind == VL_KIND_SEEKERS     ? "S"
                         : kind == VL_KIND_VACANCIES ? "V"
                         : kind == VL_KIND_FAIRS     ? "F"
                                                     : "E",
            .version = json_is_string(ver) ? json_string_value(ver) : NULL,
        };
        put_job job = {rq, &prq, out};
        st = desk_write(rq, put_fn, &job);
        if (st == VL_ERR_INVALID && vl_ctx_diag_count(rq->ctx)) {
            resp_invalid_fields(rq, rs);
            ok = false;
        } else if (st != VL_OK) {
            resp_fail(rq, rs, st);
            ok = false;
        }
    }
    json_decref(fields);
    for (size_t i = 0; i < n; i++)
        free(owned[i]);
    (void)ncols;
    return ok;
}
