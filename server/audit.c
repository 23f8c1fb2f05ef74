/*
 * audit.c - the access audit for administrators: the list the admin page pages through and the
 * same rows as an Excel workbook for an inspection (Decree 13/2023/ND-CP: who saw or changed
 * whose data, when), in the library's words (vl_audit_action_words and its kin, audit-words.c:
 * the one definition the desk, its workbook, a person's data letter and `vieclam audit` show).
 */
#include <stdio.h>
#include <unistd.h>

#include "server.h"

json_t *desk_audit_actions(const desk_req *rq)
{
    json_t *a = json_array();
    const char *code;
    for (size_t i = 0; (code = vl_audit_action_code(i)); i++)
        json_array_append_new(a, json_pack("{s:s, s:s}", "code", code, "label",
                                           vl_audit_action_words(desk_lang(rq), code)));
    return a;
}

void desk_audit_words(const desk_req *rq, json_t *row)
{
    const char *action = json_string_value(json_object_get(row, "action")),
               *kind = json_string_value(json_object_get(row, "kind")),
               *detail = json_string_value(json_object_get(row, "detail"));
    const char *a = vl_audit_action_words(desk_lang(rq), action),
               *k = vl_audit_kind_words(desk_lang(rq), kind);
    /* a code without words (written by a newer version) shows as it is */
    json_object_set_new(row, "action_label", json_string(a ? a : action ? action : ""));
    json_object_set_new(row, "kind_label", json_string(k ? k : kind ? kind : ""));
    if (detail && *detail && action) {
        char buf[VL_AUDIT_WORDS_MAX];
        json_object_set_new(
            row, "detail_text",
            json_string(vl_audit_detail_words(desk_lang(rq), action, detail, buf, sizeof buf)));
    }
}

/* The filters of both answers: user, record, action, kind, from, to. */
static bool audit_query(desk_req *rq, desk_resp *rs, const char *const *allowed, vl_audit_query *q)
{
    return query_check(rq, rs, allowed) && query_text(rq, rs, "user", &q->user) &&
           query_text(rq, rs, "record", &q->record) && query_text(rq, rs, "action", &q->action) &&
           query_text(rq, rs, "kind", &q->kind) && query_date(rq, rs, "from", &q->from) &&
           query_date(rq, rs, "to", &q->to);
}

void api_audit_list(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"user", "record", "action", "kind", "from",
                                          "to",   "page",   "size",   NULL};
    vl_audit_query q = {0};
    if (!audit_query(rq, rs, allowed, &q) ||
        !query_size(rq, rs, "page", 1, VL_LIST_PAGE_MAX, 1, &q.page) ||
        !query_size(rq, rs, "size", 1, VL_LIST_SIZE_MAX, 20, &q.size))
        return;
    vl_list *l = NULL;
    vl_status st = vl_db_audit_list(rq->ctx, rq->db, &q, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = list_json(l, q.page, q.size), *item;
    vl_list_destroy(l);
    size_t i;
    json_array_foreach(json_object_get(o, "items"), i, item)
    {
        desk_audit_words(rq, item);
    }
    resp_json(rs, 200, o);
}

/* ---- the workbook -----------------------------------------------------------------------------
 */

void api_audit_xlsx(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"user", "record", "action", "kind", "from", "to", NULL};
    vl_audit_query q = {0};
    char path[4300], detail[32];
    if (!audit_query(rq, rs, allowed, &q) || !desk_temp_file(rq, rs, "audit", path, sizeof path))
        return;
    size_t n = 0;
    vl_status st = vl_db_audit_write(rq->ctx, rq->db, &q, desk_lang(rq), path, VL_SHEET_XLSX, &n);
    snprintf(detail, sizeof detail, "%zu", n);
    if (st != VL_OK || !desk_audit(rq, rs, "export", "audit", "*", detail)) {
        unlink(path);
        if (st == VL_ERR_ARG) /* more rows than a worksheet holds: the message says so */
            resp_error(rs, 400, "too_large", "from", vl_ctx_errmsg(rq->ctx));
        else if (st != VL_OK)
            resp_fail(rq, rs, st);
        return;
    }
    resp_temp_xlsx(rq, rs, path, "nhat-ky-truy-cap");
}
