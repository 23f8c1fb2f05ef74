/*
 * api-records.c - seekers, employers and vacancies for staff: lists searched, sorted and paged
 * in the database, one record read as the import contract's fields, and records created or
 * replaced through exactly the importer's rules (vl_db_put). Every view or change of a seeker
 * is audited before it is answered; a change is handed to the match indexes at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static const char *kind_label(vl_kind kind)
{
    return kind == VL_KIND_SEEKERS ? "seeker" : kind == VL_KIND_VACANCIES ? "vacancy" : "employer";
}

/* Column `col` of a code's look-up row (vl_db_lookup), or null. */
static json_t *lookup_value(desk_req *rq, vl_lookup what, const char *code, size_t col)
{
    if (!code || !*code)
        return json_null();
    vl_list *l = NULL;
    if (vl_db_lookup(rq->ctx, rq->db, what, NULL, code, 0, 1, &l) != VL_OK) {
        vl_ctx_clear_error(rq->ctx);
        return json_null();
    }
    const char *v = vl_list_value(l, 0, col);
    json_t *s = v && *v ? json_string(v) : json_null();
    vl_list_destroy(l);
    return s;
}

json_t *desk_label(desk_req *rq, vl_lookup what, const char *code)
{
    return lookup_value(rq, what, code, 1);
}

void desk_area_names(desk_req *rq, json_t *o, const char *code)
{
    vl_list *l = NULL;
    if (code && *code &&
        vl_db_lookup(rq->ctx, rq->db, VL_LOOKUP_AREAS, NULL, code, 0, 1, &l) != VL_OK) {
        vl_ctx_clear_error(rq->ctx);
        vl_list_destroy(l);
        l = NULL;
    }
    const char *name = l ? vl_list_value(l, 0, 1) : NULL,
               *parent = l ? vl_list_value(l, 0, 4) : NULL;
    json_object_set_new(o, "area_name", name && *name ? json_string(name) : json_null());
    json_object_set_new(o, "area_parent_name",
                        parent && *parent ? json_string(parent) : json_null());
    vl_list_destroy(l);
}

const char *desk_industry_title(const desk_req *rq, const vl_list *industries, size_t i)
{
    const char *vi = vl_list_value(industries, i, 1), *en = vl_list_value(industries, i, 2);
    if (vi && !*vi)
        vi = NULL;
    if (en && !*en)
        en = NULL;
    return strcmp(rq->lang, "en") == 0 && en ? en : vi ? vi : en;
}

/* An industry section's title in the user's language, or null (a code of no loaded section). */
static json_t *industry_title(desk_req *rq, const char *code)
{
    vl_list *ind = NULL;
    json_t *o = NULL;
    if (code && *code && vl_db_industries(rq->ctx, rq->db, &ind) == VL_OK)
        for (size_t i = 0; !o && i < vl_list_rows(ind); i++)
            if (strcmp(vl_list_value(ind, i, 0), code) == 0) {
                const char *t = desk_industry_title(rq, ind, i);
                o = t ? json_string(t) : NULL;
            }
    vl_ctx_clear_error(rq->ctx);
    vl_list_destroy(ind);
    return o ? o : json_null();
}

/* How many of an employer's vacancies there are (open < 0) or are open today (open = 1), in
 * every province; -1 when the count failed. */
static long long employer_vacancies(desk_req *rq, const char *id, int open)
{
    vl_list_query q = {.employer = id, .open = open, .page = 1, .size = 1, .everywhere = true};
    vl_list *l = NULL;
    if (open > 0)
        q.as_of = date_today();
    if (vl_db_list(rq->ctx, rq->db, VL_KIND_VACANCIES, &q, &l) != VL_OK) {
        vl_ctx_clear_error(rq->ctx);
        return -1;
    }
    long long n = (long long)vl_list_total(l);
    vl_list_destroy(l);
    return n;
}

/* An occupation's title in the user's language (Vietnamese by default), or null. */
static json_t *title_json(const desk_req *rq, const char *code)
{
    const char *t = code ? vl_occupation_title(code, rq->lang) : NULL;
    return t ? json_string(t) : json_null();
}

static json_t *employer_name(desk_req *rq, const char *id)
{
    vl_row *row = NULL;
    if (!id || !*id || vl_db_get_row(rq->ctx, rq->db, VL_KIND_EMPLOYERS, id, &row) != VL_OK) {
        vl_ctx_clear_error(rq->ctx);
        return json_null();
    }
    json_t *s = json_string(vl_row_get(row, "name"));
    vl_row_destroy(row);
    return s;
}

static void list(desk_req *rq, desk_resp *rs, vl_kind kind)
{
    static const char *const p_seekers[] = {"q",    "status", "area",       "page",
                                            "size", "sort",   "everywhere", NULL};
    static const char *const p_employers[] = {"q", "area", "page", "size", "sort", NULL};
    static const char *const p_vacancies[] = {"q",    "employer", "open", "fair",       "as_of",
                                              "page", "size",     "sort", "everywhere", NULL};
    const char *const *allowed = kind == VL_KIND_SEEKERS     ? p_seekers
                                 : kind == VL_KIND_EMPLOYERS ? p_employers
                                                             : p_vacancies;
    vl_list_query q = {.open = -1};
    if (!query_check(rq, rs, allowed) || !query_text(rq, rs, "q", &q.q) ||
        !query_size(rq, rs, "page", 1, VL_LIST_PAGE_MAX, 1, &q.page) ||
        !query_size(rq, rs, "size", 1, VL_LIST_SIZE_MAX, 20, &q.size) ||
        !query_text(rq, rs, "area", &q.area) || !query_text(rq, rs, "employer", &q.employer) ||
        !query_text(rq, rs, "fair", &q.fair) || !query_text(rq, rs, "sort", &q.sort) ||
        !query_date(rq, rs, "as_of", &q.as_of))
        return;
    if (!q.as_of) /* `open` on the served date (serve --as-of) */
        q.as_of = date_today();
    const char *status = query_get(rq, "status");
    if (status && strcmp(status, "active") && strcmp(status, "placed") &&
        strcmp(status, "withdrawn")) {
        resp_error(rs, 400, "bad_request", "status",
                   tr(rq, "status: active, placed or withdrawn."));
        return;
    }
    q.status = status;
    /* a province's server lists its provinces' seekers and vacancies unless asked for every
     * province's */
    int everywhere = 0;
    if (!query_bool(rq, rs, "open", &q.open) || !query_bool(rq, rs, "everywhere", &everywhere))
        return;
    q.everywhere = everywhere;
    vl_list *l = NULL;
    vl_status st = vl_db_list(rq->ctx, rq->db, kind, &q, &l);
    if (st == VL_ERR_ARG) {
        resp_error(rs, 400, "bad_request", "sort",
                   tr(rq, "sort: the list cannot be sorted by this field."));
        return;
    }
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *page = list_json(l, q.page, q.size);
    if (kind == VL_KIND_SEEKERS || kind == VL_KIND_VACANCIES) {
        /* titles beside codes: the desk never shows a bare code */
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(page, "items"), i, item)
        {
            if (kind == VL_KIND_VACANCIES) {
                const char *c = json_string_value(json_object_get(item, "occupation"));
                json_object_set_new(item, "occupation_title", title_json(rq, c));
                continue;
            }
            json_t *titles = json_array(), *c;
            size_t k;
            json_array_foreach(json_object_get(item, "occupations"), k, c)
            {
                json_array_append_new(titles, title_json(rq, json_string_value(c)));
            }
            json_object_set_new(item, "occupation_titles", titles);
        }
    }
    if (kind == VL_KIND_SEEKERS && vl_list_rows(l) > 0) {
        /* who saw which people: the ids listed (a search that showed nobody showed no one's
         * data, and its words are not kept: a row would say nothing) */
        char *ids = desk_listed_ids(NULL, vl_list_rows(l), desk_list_first, l);
        bool ok = ids && desk_audit(rq, rs, "search", "seeker", "*", ids);
        free(ids);
        if (!ok) {
            if (!rs->status)
                resp_fail(rq, rs, VL_ERR_NOMEM);
            json_decref(page);
            vl_list_destroy(l);
            return;
        }
    }
    resp_json(rs, 200, page);
    vl_list_destroy(l);
}

static void get(desk_req *rq, desk_resp *rs, vl_kind kind)
{
    const char *id;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id))
        return;
    vl_row *row = NULL;
    vl_status st = vl_db_get_row(rq->ctx, rq->db, kind, id, &row);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = row_json(row, kind);
    const char *area = vl_row_get(row, "area");
    desk_area_names(rq, o, area);
    if (kind == VL_KIND_SEEKERS) {
        json_t *titles = json_array(), *occ = json_object_get(o, "occupations");
        size_t i;
        json_t *c;
        json_array_foreach(occ, i, c)
        {
            json_array_append_new(titles, title_json(rq, json_string_value(c)));
        }
        json_object_set_new(o, "occupation_titles", titles);
        /* an erased person's page offers nothing the rules refuse (docs/privacy.md) */
        char erased[11];
        if ((st = vl_db_seeker_erased(rq->ctx, rq->db, id, erased)) != VL_OK) {
            json_decref(o);
            vl_row_destroy(row);
            resp_fail(rq, rs, st);
            return;
        }
        json_object_set_new(o, "erased", erased[0] ? json_string(erased) : json_null());
    } else if (kind == VL_KIND_VACANCIES) {
        json_object_set_new(o, "employer_name", employer_name(rq, vl_row_get(row, "employer")));
        json_object_set_new(o, "occupation_title", title_json(rq, vl_row_get(row, "occupation")));
    } else if (kind == VL_KIND_EMPLOYERS) {
        json_object_set_new(o, "industry_title", industry_title(rq, vl_row_get(row, "industry")));
        long long all = employer_vacancies(rq, id, -1), open = employer_vacancies(rq, id, 1);
        json_object_set_new(o, "vacancies", all >= 0 ? json_integer(all) : json_null());
        json_object_set_new(o, "open_vacancies", open >= 0 ? json_integer(open) : json_null());
    }
    vl_row_destroy(row);
    if (kind == VL_KIND_SEEKERS && !desk_audit(rq, rs, "view", "seeker", id, NULL)) {
        json_decref(o);
        return;
    }
    resp_json(rs, 200, o);
}

static void put(desk_req *rq, desk_resp *rs, vl_kind kind, bool create)
{
    const char *id = NULL;
    if (!query_check(rq, rs, NULL) || (!create && !param_id(rq, rs, 0, &id)))
        return;
    vl_put_result r;
    if (!put_record(rq, rs, kind, id, create, &r))
        return;
    /* the write and a seeker's audit row are committed together: let the indexes follow */
    if (kind != VL_KIND_EMPLOYERS)
        (void)matcher_sync(rq->d->matcher, rq->ctx);
    if (create) {
        const char *base = kind == VL_KIND_SEEKERS     ? "seekers"
                           : kind == VL_KIND_VACANCIES ? "vacancies"
                                                       : "employers";
        snprintf(rs->location, sizeof rs->location, "/api/%s/%s", base, r.id);
    }
    resp_json(rs, create ? 201 : 200,
              json_pack("{s:s, s:s, s:b}", "id", r.id, "version", r.version, "changed", r.changed));
    (void)kind_label;
}

void api_seekers_list(desk_req *rq, desk_resp *rs)
{
    list(rq, rs, VL_KIND_SEEKERS);
}

void api_seeker_get(desk_req *rq, desk_resp *rs)
{
    get(rq, rs, VL_KIND_SEEKERS);
}

void api_seeker_create(desk_req *rq, desk_resp *rs)
{
    put(rq, rs, VL_KIND_SEEKERS, true);
}

void api_seeker_update(desk_req *rq, desk_resp *rs)
{
    put(rq, rs, VL_KIND_SEEKERS, false);
}

/* ---- a seeker's counselling sessions ---------------------------------------------------- */

/* {"items": [{"counselled_on", "staff", "topic"}], ...} newest first; false with rs set. */
static json_t *counselling_json(desk_req *rq, desk_resp *rs, const char *id)
{
    vl_list *l = NULL;
    vl_status st = vl_db_counselling_list(rq->ctx, rq->db, id, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return NULL;
    }
    json_t *o = list_json(l, 1, vl_list_rows(l) ? vl_list_rows(l) : 1);
    vl_list_destroy(l);
    return o;
}

void api_seeker_counselling(desk_req *rq, desk_resp *rs)
{
    const char *id;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id))
        return;
    vl_row *row = NULL; /* a seeker nobody has is 404, not an empty list */
    vl_status st = vl_db_get_row(rq->ctx, rq->db, VL_KIND_SEEKERS, id, &row);
    vl_row_destroy(row);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = counselling_json(rq, rs, id);
    if (!o)
        return;
    if (!desk_audit(rq, rs, "counselling", "seeker", id, NULL)) {
        json_decref(o);
        return;
    }
    resp_json(rs, 200, o);
}

typedef struct data_job {
    desk_req *rq;
    const char *id;
    char *text; /* the document */
} data_job;

static vl_status data_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    data_job *j = arg;
    free(j->text); /* a group run again runs this again */
    j->text = NULL;
    return vl_db_seeker_data(ctx, db, j->id, j->rq->user, &j->text);
}

/* Everything the store holds about the seeker, for the person who asked for it (Decree 13):
 * the library's document as it is. It reads and appends its audit row (action provide) in one
 * transaction, run as the desk's writes are (desk_write), so the document is answered only when
 * its row is committed. */
void api_seeker_data(desk_req *rq, desk_resp *rs)
{
    const char *id;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id))
        return;
    data_job job = {rq, id, NULL};
    vl_status st = desk_write(rq, data_fn, &job);
    if (st != VL_OK) {
        free(job.text);
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = job.text ? json_loads(job.text, 0, NULL) : NULL;
    free(job.text);
    if (!o) {
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    /* the names a person reads beside the record's codes: the commune and province, the
     * occupations' titles (in Vietnamese: the page is a letter of the centre, as the slip) */
    json_t *rec = json_object_get(o, "record"), *names = json_object(), *titles = json_array();
    desk_area_names(rq, names, json_string_value(json_object_get(rec, "area")));
    json_t *codes = list_cells(json_string_value(json_object_get(rec, "occupations"))), *c;
    size_t i;
    json_array_foreach(codes, i, c)
    {
        const char *title = vl_occupation_title(json_string_value(c), "vi");
        json_array_append_new(titles, title ? json_string(title) : json_null());
    }
    json_decref(codes);
    json_object_set_new(names, "occupation_titles", titles);
    json_object_set_new(o, "names", names);
    /* and the audit's rows in words (audit.c), Vietnamese too */
    json_t *a;
    json_array_foreach(json_object_get(o, "access"), i, a)
    {
        desk_audit_words(NULL, a);
    }
    resp_json(rs, 200, o);
}

typedef struct counsel_job {
    desk_req *rq;
    const vl_counselling_new *c;
} counsel_job;

static vl_status counsel_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    counsel_job *j = arg;
    vl_status st = vl_counselling_record(ctx, db, j->c);
    if (st != VL_OK)
        return st;
    char day[11];
    date_format(j->c->on, day);
    vl_audit_entry e = {j->rq->user, "counsel", "seeker", j->c->seeker, day};
    return vl_db_audit_append(ctx, db, &e, 1);
}

void api_seeker_counsel(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"counselled_on", "topic", NULL};
    const char *id;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id) || !body_check(rq, rs, members))
        return;
    int32_t on = date_today();
    json_t *d = json_object_get(rq->body, "counselled_on");
    if (d && !json_is_null(d) && (!json_is_string(d) || !date_parse(json_string_value(d), &on))) {
        resp_error(rs, 400, "bad_request", "counselled_on",
                   tr(rq, "A real date YYYY-MM-DD is needed."));
        return;
    }
    json_t *t = json_object_get(rq->body, "topic");
    if (t && !json_is_null(t) && !json_is_string(t)) {
        resp_error(rs, 400, "bad_request", "topic", tr(rq, "The topic must be text."));
        return;
    }
    /* the server's today (serve --as-of) is the desk's: a session "today" is never after it */
    if (on > date_today()) {
        resp_json(rs, 400,
                  json_pack("{s:s, s:s, s:{s:s}}", "error", "invalid", "message",
                            tr(rq, "Some fields are not valid; nothing was saved."), "fields",
                            "counselled_on", tr(rq, "The session cannot be after today.")));
        return;
    }
    vl_counselling_new c = {id, on, rq->user, json_is_string(t) ? json_string_value(t) : NULL};
    counsel_job job = {rq, &c};
    vl_status st = desk_write(rq, counsel_fn, &job);
    if (st == VL_ERR_INVALID && vl_ctx_diag_count(rq->ctx)) {
        resp_invalid_fields(rq, rs);
        return;
    }
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = counselling_json(rq, rs, id);
    if (!o)
        return;
    snprintf(rs->location, sizeof rs->location, "/api/seekers/%s/counselling", id);
    resp_json(rs, 201, o);
}

void api_employers_list(desk_req *rq, desk_resp *rs)
{
    list(rq, rs, VL_KIND_EMPLOYERS);
}

void api_employer_get(desk_req *rq, desk_resp *rs)
{
    get(rq, rs, VL_KIND_EMPLOYERS);
}

void api_employer_create(desk_req *rq, desk_resp *rs)
{
    put(rq, rs, VL_KIND_EMPLOYERS, true);
}

void api_employer_update(desk_req *rq, desk_resp *rs)
{
    put(rq, rs, VL_KIND_EMPLOYERS, false);
}

void api_vacancies_list(desk_req *rq, desk_resp *rs)
{
    list(rq, rs, VL_KIND_VACANCIES);
}

void api_vacancy_get(desk_req *rq, desk_resp *rs)
{
    get(rq, rs, VL_KIND_VACANCIES);
}

void api_vacancy_create(desk_req *rq, desk_resp *rs)
{
    put(rq, rs, VL_KIND_VACANCIES, true);
}

void api_vacancy_update(desk_req *rq, desk_resp *rs)
{
    put(rq, rs, VL_KIND_VACANCIES, false);
}
