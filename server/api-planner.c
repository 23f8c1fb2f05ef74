/*
 * api-planner.c - the planner's judgement at the desk, as `vieclam adjust` and `vieclam
 * scenario` record it: an adjustment holds one series of the forecast at a value (or changes
 * the model's figure by a percentage) in some quarters, a scenario adds positions in every
 * quarter from one on (a new industrial park). The next forecast, from the desk or the command
 * line, applies the active ones where they fit; the report shows them with their reasons.
 * Nothing is deleted: withdrawing keeps the row. The form's choices come from the stored
 * history (its keys, their values, its last quarter).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define NEXT_QUARTERS 12 /* the quarters a judgement may start in, after the history's last */

/* A key's value for people: an area's or an occupation group's name, an industry's title. */
static json_t *key_label(desk_req *rq, const char *key, const char *code, const vl_list *ind)
{
    if (strcmp(key, "area") == 0)
        return desk_label(rq, VL_LOOKUP_AREAS, code);
    if (strcmp(key, "occupation") == 0)
        return desk_label(rq, VL_LOOKUP_OCCUPATIONS, code);
    if (strcmp(key, "industry") == 0)
        for (size_t i = 0; ind && i < vl_list_rows(ind); i++)
            if (strcmp(vl_list_value(ind, i, 0), code) == 0) {
                const char *vi = vl_list_value(ind, i, 1), *en = vl_list_value(ind, i, 2);
                const char *s = strcmp(rq->lang, "en") == 0 && en ? en : vi ? vi : en;
                return s ? json_string(s) : json_null();
            }
    return json_null();
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An object's member names in strcmp's order, NULL-terminated (borrowed from o: free only the
 * array); NULL when out of memory. */
static const char **sorted_members(json_t *o)
{
    size_t n = json_object_size(o), i = 0;
    const char **v = malloc((n + 1) * sizeof *v);
    const char *k;
    json_t *x;
    if (!v)
        return NULL;
    json_object_foreach(o, k, x)
    {
        v[i++] = k;
    }
    qsort(v, i, sizeof *v, cmp_text);
    v[i] = NULL;
    return v;
}

void api_history_keys(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    /* the history's key sets, not its rows: the database groups them */
    vl_list *sets = NULL;
    vl_status st = vl_db_history_keys(rq->ctx, rq->db, &sets);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    vl_list *ind = NULL;
    if (vl_db_industries(rq->ctx, rq->db, &ind) != VL_OK)
        vl_ctx_clear_error(rq->ctx);
    /* each key's distinct values: {"area": {"288": true, ...}, ...} (jansson's objects keep
     * one of each), and the last quarter */
    json_t *seen = json_object();
    long last = -1;
    for (size_t i = 0; i < vl_list_rows(sets); i++) {
        json_error_t e;
        json_t *ks = json_loads(vl_list_value(sets, i, 0), 0, &e);
        const char *k;
        json_t *v;
        json_object_foreach(ks, k, v)
        {
            if (!json_is_string(v) || !*json_string_value(v))
                continue;
            json_t *vals = json_object_get(seen, k);
            if (!vals)
                json_object_set_new(seen, k, vals = json_object());
            json_object_set_new(vals, json_string_value(v), json_true());
        }
        json_decref(ks);
        if (atol(vl_list_value(sets, i, 1)) == 4 && atol(vl_list_value(sets, i, 2)) > last)
            last = atol(vl_list_value(sets, i, 2));
    }
    vl_list_destroy(sets);
    /* keys by name, each one's values by code (strcmp's order) */
    json_t *keys = json_array();
    const char **names = sorted_members(seen);
    bool oom = !names;
    for (size_t i = 0; names && names[i]; i++) {
        json_t *vals = json_object_get(seen, names[i]), *list = json_array();
        const char **codes = sorted_members(vals);
        oom |= !codes;
        for (size_t c = 0; codes && codes[c]; c++)
            json_array_append_new(list, json_pack("{s:s, s:o}", "code", codes[c], "label",
                                                  key_label(rq, names[i], codes[c], ind)));
        free(codes);
        json_array_append_new(keys, json_pack("{s:s, s:o}", "name", names[i], "values", list));
    }
    free(names);
    json_decref(seen);
    vl_list_destroy(ind);
    if (oom) {
        json_decref(keys);
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    /* the next quarters a judgement may start in */
    json_t *next = json_array();
    char buf[16];
    for (int i = 1; last >= 0 && i <= NEXT_QUARTERS; i++)
        json_array_append_new(next, json_string(vl_period_format(vl_period_from_index(4, last + i),
                                                                 buf, sizeof buf)));
    json_t *o = json_pack(
        "{s:o, s:o, s:o}", "keys", keys, "last",
        last >= 0 ? json_string(vl_period_format(vl_period_from_index(4, last), buf, sizeof buf))
                  : json_null(),
        "quarters", next);
    resp_json(rs, 200, o);
}

/* A judgement as JSON: its series' keys with their labels, its quarters, what it does. */
static json_t *judgement_json(desk_req *rq, const vl_judgement *j, const vl_list *ind)
{
    char from[16], to[16];
    json_error_t e;
    json_t *keys = json_loads(j->keys ? j->keys : "{}", 0, &e);
    json_t *labels = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(keys, k, v)
    {
        if (json_is_string(v))
            json_object_set_new(labels, k, key_label(rq, k, json_string_value(v), ind));
    }
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:f, s:s, s:s, s:s?, s:s?, s:s?}", "id",
                  (json_int_t)j->id, "kind",
                  j->scenario  ? "scenario"
                  : j->percent ? "percent"
                               : "hold",
                  "name", j->name ? j->name : "", "series", j->series ? j->series : "", "keys",
                  keys ? keys : json_object(), "labels", labels, "from",
                  vl_period_format(j->from, from, sizeof from), "to",
                  j->scenario ? json_null() : json_string(vl_period_format(j->to, to, sizeof to)),
                  "value", j->value, "reason", j->reason ? j->reason : "", "created_by",
                  j->created_by ? j->created_by : "", "created_at", j->created_at, "withdrawn_by",
                  j->withdrawn_by, "withdrawn_at", j->withdrawn_at);
    return o;
}

static json_t *judgements_list(desk_req *rq, desk_resp *rs, bool active_only)
{
    vl_judgements *js = NULL;
    vl_status st = vl_db_load_judgements(rq->ctx, rq->db, active_only, &js);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return NULL;
    }
    vl_list *ind = NULL;
    if (vl_db_industries(rq->ctx, rq->db, &ind) != VL_OK)
        vl_ctx_clear_error(rq->ctx);
    json_t *items = json_array();
    for (size_t i = 0; i < vl_judgements_count(js); i++)
        json_array_append_new(items, judgement_json(rq, vl_judgements_get(js, i), ind));
    vl_list_destroy(ind);
    vl_judgements_destroy(js);
    return items;
}

void api_judgements_list(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"all", NULL};
    int all = 0;
    if (!query_check(rq, rs, allowed) || !query_bool(rq, rs, "all", &all))
        return;
    json_t *items = judgements_list(rq, rs, !all);
    if (!items)
        return;
    /* whose they are: a province's server's are its province's ([] for the whole database's);
     * a server of several provinces applies each one's, which each records on its own */
    json_t *whose = desk_provinces_json(rq, true);
    resp_json(rs, 200,
              json_pack("{s:o, s:o, s:b}", "items", items, "provinces", whose, "editable",
                        json_array_size(whose) <= 1));
}

/* A key name or value as the forecasts keep them: letters, digits, '_', '-', '.'. */
static bool plain(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (!n || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

typedef struct judge_job {
    desk_req *rq;
    vl_judgement j;
    int64_t id;
    bool withdraw;
} judge_job;

static vl_status judge_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    judge_job *w = arg;
    vl_status st = w->withdraw
                       ? vl_db_judgement_withdraw(ctx, db, w->j.scenario, w->id, w->rq->user)
                       : vl_db_judgement_add(ctx, db, &w->j, &w->id);
    if (st != VL_OK)
        return st;
    char rec[32];
    snprintf(rec, sizeof rec, "%lld", (long long)w->id);
    vl_audit_entry e = {w->rq->user,
                        w->withdraw     ? "withdraw"
                        : w->j.scenario ? "scenario"
                                        : "adjust",
                        w->j.scenario ? "scenario" : "adjustment", rec, NULL};
    return vl_db_audit_append(ctx, db, &e, 1);
}

/* The judgement of id among all, as JSON, for the answer; NULL with rs filled. */
static json_t *judgement_by_id(desk_req *rq, desk_resp *rs, bool scenario, int64_t id)
{
    json_t *items = judgements_list(rq, rs, false);
    if (!items)
        return NULL;
    json_t *found = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        bool sc = strcmp(json_string_value(json_object_get(x, "kind")), "scenario") == 0;
        if (sc == scenario && json_integer_value(json_object_get(x, "id")) == id)
            found = json_incref(x);
    }
    json_decref(items);
    if (!found)
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such adjustment or scenario."));
    return found;
}

static bool bad_field(desk_req *rq, desk_resp *rs, const char *field, const char *msgid)
{
    json_t *fields = json_object();
    json_object_set_new(fields, field, json_string(tr(rq, msgid)));
    resp_json(rs, 400,
              json_pack("{s:s, s:s, s:o}", "error", "invalid", "message",
                        tr(rq, "Some fields are not valid; nothing was saved."), "fields", fields));
    return false;
}

void api_judgement_add(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"kind",  "keys", "series", "from", "to",
                                          "value", "name", "reason", NULL};
    if (!query_check(rq, rs, NULL) || !body_check(rq, rs, members))
        return;
    judge_job w = {.rq = rq};
    const char *kind = json_string_value(json_object_get(rq->body, "kind"));
    if (!kind || (strcmp(kind, "hold") && strcmp(kind, "percent") && strcmp(kind, "scenario"))) {
        resp_error(rs, 400, "bad_request", "kind", tr(rq, "kind: hold, percent or scenario."));
        return;
    }
    w.j.scenario = strcmp(kind, "scenario") == 0;
    w.j.percent = strcmp(kind, "percent") == 0;
    /* the history series it belongs to ("demand", "supply"; "" = any) */
    json_t *series = json_object_get(rq->body, "series");
    w.j.series = json_is_string(series) ? json_string_value(series) : "";
    if ((series && !json_is_string(series)) || (*w.j.series && !plain(w.j.series, 31))) {
        resp_error(rs, 400, "bad_request", "series", tr(rq, "series: a series of the history."));
        return;
    }
    w.j.created_by = rq->user;
    /* the series: {"area": "288", "industry": "C"}; {} is the province's total */
    json_t *keys = json_object_get(rq->body, "keys");
    if (!keys)
        keys = json_object();
    else
        json_incref(keys);
    bool ok = json_is_object(keys) && json_object_size(keys) <= 3;
    const char *k;
    json_t *v;
    json_object_foreach(keys, k, v)
    {
        ok = ok && plain(k, 31) && strcmp(k, "measure") != 0 && plain(json_string_value(v), 31);
    }
    char *keys_text = ok ? json_text(keys, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(keys);
    if (!keys_text) {
        resp_error(rs, 400, "bad_request", "keys",
                   tr(rq, "keys: at most three key values of the history, such as "
                          "{\"area\": \"288\", \"industry\": \"C\"}."));
        return;
    }
    w.j.keys = keys_text;
    const char *from = json_string_value(json_object_get(rq->body, "from"));
    const char *to = json_string_value(json_object_get(rq->body, "to"));
    json_t *value = json_object_get(rq->body, "value");
    const char *name = json_string_value(json_object_get(rq->body, "name"));
    const char *reason = json_string_value(json_object_get(rq->body, "reason"));
    if (!from || !vl_period_parse(from, &w.j.from) || w.j.from.freq != 4)
        ok = bad_field(rq, rs, "from", N_("A quarter such as 2026Q3."));
    else if (!w.j.scenario && (!to || !vl_period_parse(to, &w.j.to) || w.j.to.freq != 4 ||
                               vl_period_index(w.j.to) < vl_period_index(w.j.from)))
        ok = bad_field(rq, rs, "to", N_("A quarter such as 2026Q4, not before the first."));
    else if (!json_is_number(value) ||
             (w.j.scenario ? json_number_value(value) < 1 || json_number_value(value) > 1e6 ||
                                 !json_is_integer(value)
              : w.j.percent ? json_number_value(value) < -100 || json_number_value(value) > 1000
                            : json_number_value(value) < 0 || json_number_value(value) > 1e9))
        ok = bad_field(rq, rs, "value",
                       w.j.scenario  ? N_("The positions added each quarter: 1 or more.")
                       : w.j.percent ? N_("A percentage from -100 to 1000.")
                                     : N_("A number from 0."));
    else if (w.j.scenario && (!name || !*name || strlen(name) > 200))
        ok = bad_field(rq, rs, "name", N_("Name the event (at most 200 characters)."));
    else if (!reason || !*reason || strlen(reason) > 500)
        ok = bad_field(rq, rs, "reason", N_("Give the reason (at most 500 characters)."));
    if (!ok) {
        free(keys_text);
        return;
    }
    if (w.j.scenario)
        w.j.to = w.j.from;
    w.j.value = json_number_value(value);
    w.j.name = w.j.scenario ? name : "";
    w.j.reason = reason;
    vl_status st = desk_write(rq, judge_fn, &w);
    free(keys_text);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = judgement_by_id(rq, rs, w.j.scenario, w.id);
    if (!o)
        return;
    snprintf(rs->location, sizeof rs->location, "/api/judgements/%s/%lld",
             w.j.scenario ? "scenario" : "adjustment", (long long)w.id);
    resp_json(rs, 201, o);
}

void api_judgement_withdraw(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL) || !body_check(rq, rs, (const char *const[]){NULL}))
        return;
    const char *kind = rq->params[0];
    char *end;
    errno = 0;
    long long id = strtoll(rq->params[1], &end, 10);
    if ((strcmp(kind, "adjustment") && strcmp(kind, "scenario")) || *end || errno || id < 1) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such adjustment or scenario."));
        return;
    }
    judge_job w = {.rq = rq, .id = id, .withdraw = true};
    w.j.scenario = strcmp(kind, "scenario") == 0;
    vl_status st = desk_write(rq, judge_fn, &w);
    if (st != VL_OK) {
        resp_fail(rq, rs, st); /* no such id, or withdrawn already: 404 */
        return;
    }
    json_t *o = judgement_by_id(rq, rs, w.j.scenario, id);
    if (o)
        resp_json(rs, 200, o);
}
