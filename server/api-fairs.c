/*
 * api-fairs.c - job fairs for staff (the list, a stored plan's figures beside greedy, the
 * employers' shortlist workbooks, one printable invitations document) and the planner's runs
 * and reports. Plans and reports are files in the server's private directory (0700), written
 * by jobs.c; a file is only ever named by numbers and ids checked here, never by a path from
 * the request. The invitations document is HTML the server writes, every value escaped in
 * escape.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "server.h"

void api_fairs_list(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    vl_list *l = NULL;
    vl_status st = vl_db_fairs_list(rq->ctx, rq->db, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = list_json(l, 1, vl_list_rows(l));
    vl_list_destroy(l);
    resp_json(rs, 200, o);
}

void api_fair_create(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    /* a fair's id goes into the paths of its plans (/api/fairs/{id}/plans): one a path
     * parameter cannot carry could be created, never planned */
    const char *id = json_string_value(json_object_get(rq->body, "id"));
    if (id && (strpbrk(id, "/\\") || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)) {
        resp_error(rs, 400, "bad_request", "id",
                   tr(rq, "id: a fair's id cannot contain '/' or '\\', nor be '.' or '..'."));
        return;
    }
    vl_put_result r;
    if (!put_record(rq, rs, VL_KIND_FAIRS, NULL, true, &r))
        return;
    snprintf(rs->location, sizeof rs->location, "/api/fairs/%s/plans", r.id);
    resp_json(rs, 201, json_pack("{s:s}", "id", r.id));
}

static json_t *or_null(json_t *v)
{
    return v ? v : json_null();
}

/* A run number from the path; false with a 404 when it is not one. */
static bool run_param(desk_req *rq, desk_resp *rs, const char *text, long long *run)
{
    char *end;
    errno = 0;
    *run = strtoll(text, &end, 10);
    if (!*text || *end || errno || *run < 1) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such run."));
        return false;
    }
    return true;
}

/* A path parameter "RUN.html" or "RUN.xlsx": the run and which; false with a 404. */
static bool run_file_param(desk_req *rq, desk_resp *rs, long long *run, bool *xlsx)
{
    char *dot = strrchr(rq->params[0], '.');
    *xlsx = dot && strcmp(dot, ".xlsx") == 0;
    if (!dot || (!*xlsx && strcmp(dot, ".html") != 0)) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such report."));
        return false;
    }
    *dot = '\0';
    return run_param(rq, rs, rq->params[0], run);
}

static bool plan_dir(desk_req *rq, desk_resp *rs, char *dir, size_t size, long long *run)
{
    if (!run_param(rq, rs, rq->params[0], run))
        return false;
    snprintf(dir, size, "%s/fair-%lld", rq->d->state_dir, *run);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such fair plan."));
        return false;
    }
    return true;
}

static int cmp_run_desc(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "run"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "run"));
    return x > y ? -1 : x < y;
}

/* The run of a plan's folder in the server's state directory ("fair-N"), or 0 for any other
 * entry. */
static long long plan_run(const char *name)
{
    char *end;
    if (strncmp(name, "fair-", 5) != 0)
        return 0;
    errno = 0;
    long long run = strtoll(name + 5, &end, 10);
    return *end || errno || run < 1 ? 0 : run;
}

long fair_plans_forget_seekers(desk_req *rq, const char *const *ids, size_t n)
{
    long removed = 0;
    DIR *dh = opendir(rq->d->state_dir);
    struct dirent *de;
    while (dh && (de = readdir(dh))) {
        if (plan_run(de->d_name) < 1)
            continue;
        char dir[4400];
        snprintf(dir, sizeof dir, "%s/%s", rq->d->state_dir, de->d_name);
        size_t k = 0;
        if (vl_fair_forget_seekers(rq->ctx, dir, ids, n, &k) != VL_OK) {
            fprintf(stderr, "vieclam serve: erasure: %s\n", vl_ctx_errmsg(rq->ctx));
            vl_ctx_clear_error(rq->ctx);
            removed = -1;
            break;
        }
        removed += (long)k;
    }
    if (dh)
        closedir(dh);
    return removed;
}

/* GET /api/fairs/{id}/plans: the plans kept for a fair, newest first (plans of the server's
 * private directory; each summary.json names its fair). */
void api_fair_plans_list(desk_req *rq, desk_resp *rs)
{
    const char *fair;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &fair))
        return;
    json_t **found = NULL;
    size_t n = 0, cap = 0;
    bool nomem = false;
    DIR *dh = opendir(rq->d->state_dir);
    struct dirent *de;
    while (dh && (de = readdir(dh))) {
        long long run = plan_run(de->d_name);
        if (run < 1)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s/summary.json", rq->d->state_dir, de->d_name);
        json_error_t e;
        json_t *sm = json_load_file(path, 0, &e);
        const char *f = json_string_value(json_object_get(sm, "fair"));
        if (f && strcmp(f, fair) == 0 && n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            json_t **grown = realloc(found, nc * sizeof *grown);
            if (!grown) {
                json_decref(sm);
                nomem = true;
                break;
            }
            found = grown;
            cap = nc;
        }
        if (f && strcmp(f, fair) == 0) {
            char url[64];
            snprintf(url, sizeof url, "/api/fair-plans/%lld", run);
            json_t *plan = json_object_get(sm, "plan");
            /* when it was made: its run's end, as the database recorded it (a plan whose run
             * is not in this database, a copied state folder, says nothing) */
            char made[21] = "";
            if (vl_db_run_finished(rq->ctx, rq->db, run, made) != VL_OK)
                made[0] = '\0';
            found[n++] = json_pack("{s:I, s:O, s:O, s:O, s:O, s:s, s:o}", "run", (json_int_t)run,
                                   "method", or_null(json_object_get(sm, "method")), "as_of",
                                   or_null(json_object_get(sm, "as_of")), "invitations",
                                   or_null(json_object_get(plan, "invitations")), "seekers_invited",
                                   or_null(json_object_get(plan, "seekers_invited")), "plan", url,
                                   "made", made[0] ? json_string(made) : json_null());
        }
        json_decref(sm);
    }
    if (dh)
        closedir(dh);
    if (nomem) {
        for (size_t i = 0; i < n; i++)
            json_decref(found[i]);
        free(found);
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    if (n)
        qsort(found, n, sizeof *found, cmp_run_desc);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, found[i]);
    free(found);
    resp_json(rs, 200, json_pack("{s:s, s:o}", "fair", fair, "items", items));
}

/* Invitations of an employer: the data rows of its shortlist CSV (one per invitation). */
static json_t *shortlist_rows(const char *dir, const char *id)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/shortlists/%s.csv", dir, id);
    FILE *f = fopen(path, "r");
    if (!f)
        return json_null();
    json_int_t lines = 0;
    int c, last = '\n';
    while ((c = getc(f)) != EOF) {
        lines += c == '\n';
        last = c;
    }
    fclose(f);
    lines += last != '\n'; /* a last line without its newline */
    return json_integer(lines > 0 ? lines - 1 : 0);
}

/* {"id", "name", "invitations", "shortlist"}: the page never shows a bare employer id. */
static json_t *employer_entry(desk_req *rq, const char *dir, const char *id, const char *url)
{
    vl_row *row = NULL;
    json_t *name = json_null();
    if (vl_db_get_row(rq->ctx, rq->db, VL_KIND_EMPLOYERS, id, &row) == VL_OK &&
        vl_row_get(row, "name"))
        name = json_string(vl_row_get(row, "name"));
    vl_row_destroy(row);
    vl_ctx_clear_error(rq->ctx);
    return json_pack("{s:s, s:o, s:o, s:s}", "id", id, "name", name ? name : json_null(),
                     "invitations", shortlist_rows(dir, id), "shortlist", url);
}

static int cmp_id_member(const void *a, const void *b)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "id")),
                  json_string_value(json_object_get(*(json_t *const *)b, "id")));
}

/* Sorts an array of objects by their "id" (a directory lists in no particular order). */
static void sort_by_id(json_t *a)
{
    size_t n = json_array_size(a);
    json_t **v = n ? malloc(n * sizeof *v) : NULL;
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(a, i));
    qsort(v, n, sizeof *v, cmp_id_member);
    json_array_clear(a);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, v[i]);
    free(v);
}

void api_fair_plan_get(desk_req *rq, desk_resp *rs)
{
    char dir[4200], path[4300];
    long long run;
    if (!query_check(rq, rs, NULL) || !plan_dir(rq, rs, dir, sizeof dir, &run))
        return;
    snprintf(path, sizeof path, "%s/summary.json", dir);
    json_error_t e;
    json_t *summary = json_load_file(path, 0, &e);
    if (!summary) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such fair plan."));
        return;
    }
    /* the employers with a shortlist workbook */
    json_t *employers = json_array();
    snprintf(path, sizeof path, "%s/shortlists", dir);
    {
        DIR *dh = opendir(path);
        struct dirent *de;
        while (dh && (de = readdir(dh))) {
            size_t n = strlen(de->d_name);
            if (n > 5 && strcmp(de->d_name + n - 5, ".xlsx") == 0) {
                char id[80], url[200];
                snprintf(id, sizeof id, "%.*s", (int)(n - 5), de->d_name);
                snprintf(url, sizeof url, "/api/fair-plans/%lld/shortlists/%s.xlsx", run, id);
                json_array_append_new(employers, employer_entry(rq, dir, id, url));
            }
        }
        if (dh)
            closedir(dh);
    }
    sort_by_id(employers);
    char inv[128];
    snprintf(inv, sizeof inv, "/api/fair-plans/%lld/invitations.html", run);
    /* the figures of `vieclam fair plan`, the method beside greedy; "of" is the total */
    static const struct {
        const char *figure, *of;
    } figures[] = {{"invitations", NULL},
                   {"seekers_invited", "seekers"},
                   {"seekers_invited_share", NULL},
                   {"priority_invited", "priority_seekers"},
                   {"vacancies_covered", "vacancies"},
                   {"positions_covered", "positions"},
                   {"vacancies_over_capacity", NULL},
                   {"invitations_per_position_max", NULL},
                   {"invitations_per_position_gini", NULL},
                   {"score_mean", NULL}};
    json_t *plan = json_object_get(summary, "plan"), *base = json_object_get(summary, "baseline");
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
        json_t *f = json_pack("{s:s, s:O, s:O}", "figure", figures[i].figure, "plan",
                              or_null(json_object_get(plan, figures[i].figure)), "greedy",
                              or_null(json_object_get(base, figures[i].figure)));
        if (figures[i].of)
            json_object_set(f, "of", or_null(json_object_get(plan, figures[i].of)));
        json_array_append_new(list, f);
    }
    json_t *o = json_pack("{s:I, s:O, s:O, s:O, s:o, s:o, s:o, s:s}", "run", (json_int_t)run,
                          "fair", or_null(json_object_get(summary, "fair")), "method",
                          or_null(json_object_get(summary, "method")), "as_of",
                          or_null(json_object_get(summary, "as_of")), "figures", list, "summary",
                          summary, "employers", employers, "invitations", inv);
    char rec[32];
    snprintf(rec, sizeof rec, "%lld", run);
    if (!desk_audit(rq, rs, "view", "fair_plan", rec, NULL)) {
        json_decref(o);
        return;
    }
    resp_json(rs, 200, o);
}

void api_fair_plan_shortlist(desk_req *rq, desk_resp *rs)
{
    char dir[4200];
    long long run;
    if (!query_check(rq, rs, NULL) || !plan_dir(rq, rs, dir, sizeof dir, &run))
        return;
    /* EMPLOYER.xlsx: an id of the import contract, then the extension */
    char id[128];
    size_t n = strlen(rq->params[1]);
    if (n <= 5 || strcmp(rq->params[1] + n - 5, ".xlsx") != 0) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such file."));
        return;
    }
    snprintf(id, sizeof id, "%.*s", (int)(n - 5), rq->params[1]);
    snprintf(rq->params[1], sizeof rq->params[1], "%s", id);
    const char *emp;
    if (!param_id(rq, rs, 1, &emp) || strchr(emp, '/')) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such file."));
        return;
    }
    char path[4400];
    snprintf(path, sizeof path, "%s/shortlists/%s.xlsx", dir, emp);
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such file."));
        return;
    }
    char rec[160];
    snprintf(rec, sizeof rec, "%lld/%s", run, emp);
    if (!desk_audit(rq, rs, "download", "fair_plan", rec, "shortlist"))
        return;
    rs->status = 200;
    rs->file = strdup(path);
    rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"shortlist-%s.xlsx\"",
             emp);
}

/* Splits one CSV line of invitations.csv (ids and numbers: no quotes) into cells. */
static size_t cells(char *line, char **out, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, ",\r\n", &save); t && n < max; t = strtok_r(NULL, ",\r\n", &save))
        out[n++] = t;
    return n;
}

/* One labelled line of the fair's heading ("<p><b>Ngày:</b> 10/03/2026</p>"); none without a
 * value. */
static void heading_line(char **h, size_t *len, size_t *cap, const char *label, const char *v)
{
    if (!v || !*v)
        return;
    html_append(h, len, cap, "<p><b>");
    html_append(h, len, cap, label);
    html_append(h, len, cap, ":</b> ");
    html_escape_append(h, len, cap, v);
    html_append(h, len, cap, "</p>");
}

/*
 * The fair an invitation is to, as a seeker needs it: its name, its date (dd/mm/yyyy in
 * Vietnamese), its venue and the commune it is in, from the fair's record named by the plan's
 * summary. A plan of every open vacancy (fair "*") or of a fair no longer stored has none.
 */
static void fair_heading(desk_req *rq, const char *dir, char **h, size_t *len, size_t *cap)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    json_error_t e;
    json_t *sm = json_load_file(path, 0, &e);
    const char *fair = json_string_value(json_object_get(sm, "fair"));
    vl_row *row = NULL;
    if (fair && strcmp(fair, "*") != 0 &&
        vl_db_get_row(rq->ctx, rq->db, VL_KIND_FAIRS, fair, &row) == VL_OK) {
        html_append(h, len, cap, "<div class=\"fair\">");
        heading_line(h, len, cap, tr(rq, "Job fair"), vl_row_get(row, "name"));
        int32_t day = 0;
        char date[32] = "";
        const char *d = vl_row_get(row, "date");
        if (d && vl_parse_date(d, &day))
            vl_format_date_text(date, sizeof date, day, rq->lang);
        heading_line(h, len, cap, tr(rq, "Date"), date);
        heading_line(h, len, cap, tr(rq, "Venue"), vl_row_get(row, "venue"));
        vl_area_list *al = NULL;
        const char *area = vl_row_get(row, "area");
        if (area && *area && vl_area_get(rq->ctx, rq->db, area, day, &al) == VL_OK &&
            vl_area_list_count(al) > 0) {
            const vl_area_info *a = vl_area_list_at(al, 0);
            char place[512];
            if (a->level == 1 || !a->province_name[0])
                snprintf(place, sizeof place, "%s", a->name);
            else
                snprintf(place, sizeof place, "%s, %s", a->name, a->province_name);
            heading_line(h, len, cap, tr(rq, "Area"), place);
        }
        vl_area_list_destroy(al);
        html_append(h, len, cap, "</div>");
    }
    vl_row_destroy(row);
    vl_ctx_clear_error(rq->ctx);
    json_decref(sm);
}

void api_fair_plan_invitations(desk_req *rq, desk_resp *rs)
{
    char dir[4200], path[4300];
    long long run;
    if (!query_check(rq, rs, NULL) || !plan_dir(rq, rs, dir, sizeof dir, &run))
        return;
    snprintf(path, sizeof path, "%s/invitations.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such file."));
        return;
    }
    char *html = NULL;
    size_t len = 0, cap = 0;
    char centre[256];
    pthread_mutex_lock(&rq->d->centre_lock);
    snprintf(centre, sizeof centre, "%s", rq->d->centre);
    pthread_mutex_unlock(&rq->d->centre_lock);
    html_append(&html, &len, &cap, "<!doctype html><html lang=\"");
    html_append(&html, &len, &cap, strcmp(rq->lang, "en") == 0 ? "en" : "vi");
    html_append(&html, &len, &cap, "\"><meta charset=\"utf-8\"><title>");
    html_append(&html, &len, &cap, tr(rq, "Job fair invitations"));
    html_append(&html, &len, &cap,
                "</title><style>@page{size:A4;margin:18mm}body{font-family:sans-serif}"
                "section{page-break-after:always}section:last-child{page-break-after:auto}"
                "h1{font-size:16pt}table{border-collapse:collapse;width:100%}"
                "td,th{border:1px solid #888;padding:4px;text-align:left}"
                ".fair{margin:8px 0 12px}.fair p{margin:2px 0}.who{font-size:13pt}"
                "</style><body>");
    /* where and when: the fair's record as the plan's summary names it, written once */
    char *where = NULL;
    size_t wlen = 0, wcap = 0;
    fair_heading(rq, dir, &where, &wlen, &wcap);
    char line[1024];
    char last_seeker[80] = "";
    bool first = true, open_table = false;
    size_t seekers = 0;
    while (fgets(line, sizeof line, f)) {
        if (first) { /* the header */
            first = false;
            continue;
        }
        char *c[8];
        if (cells(line, c, 8) < 2)
            continue;
        const char *seeker = c[0], *vacancy = c[1];
        if (strcmp(seeker, last_seeker) != 0) {
            if (open_table)
                html_append(&html, &len, &cap, "</table></section>");
            snprintf(last_seeker, sizeof last_seeker, "%s", seeker);
            seekers++;
            vl_row *row = NULL;
            const char *name = "";
            if (vl_db_get_row(rq->ctx, rq->db, VL_KIND_SEEKERS, seeker, &row) == VL_OK)
                name = vl_row_get(row, "name");
            html_append(&html, &len, &cap, "<section><p>");
            html_escape_append(&html, &len, &cap, centre);
            html_append(&html, &len, &cap, "</p><h1>");
            html_append(&html, &len, &cap, tr(rq, "Invitation"));
            html_append(&html, &len, &cap, "</h1><p class=\"who\">");
            html_escape_append(&html, &len, &cap, name);
            html_append(&html, &len, &cap, " (");
            html_escape_append(&html, &len, &cap, seeker);
            html_append(&html, &len, &cap, ")</p>");
            html_append(&html, &len, &cap, where ? where : "");
            html_append(&html, &len, &cap, "<table><tr><th>");
            html_append(&html, &len, &cap, tr(rq, "Vacancy"));
            html_append(&html, &len, &cap, "</th><th>");
            html_append(&html, &len, &cap, tr(rq, "Employer"));
            html_append(&html, &len, &cap, "</th><th>");
            html_append(&html, &len, &cap, tr(rq, "Employer's address"));
            html_append(&html, &len, &cap, "</th></tr>");
            vl_row_destroy(row);
            vl_ctx_clear_error(rq->ctx);
            open_table = true;
        }
        vl_row *vac = NULL, *emp = NULL;
        const char *title = "", *ename = "", *addr = "";
        if (vl_db_get_row(rq->ctx, rq->db, VL_KIND_VACANCIES, vacancy, &vac) == VL_OK) {
            title = vl_row_get(vac, "title");
            if (vl_db_get_row(rq->ctx, rq->db, VL_KIND_EMPLOYERS, vl_row_get(vac, "employer"),
                              &emp) == VL_OK) {
                ename = vl_row_get(emp, "name");
                addr = vl_row_get(emp, "address");
            }
        }
        vl_ctx_clear_error(rq->ctx);
        html_append(&html, &len, &cap, "<tr><td>");
        html_escape_append(&html, &len, &cap, title);
        html_append(&html, &len, &cap, "</td><td>");
        html_escape_append(&html, &len, &cap, ename);
        html_append(&html, &len, &cap, "</td><td>");
        html_escape_append(&html, &len, &cap, addr);
        html_append(&html, &len, &cap, "</td></tr>");
        vl_row_destroy(vac);
        vl_row_destroy(emp);
    }
    fclose(f);
    free(where);
    if (open_table)
        html_append(&html, &len, &cap, "</table></section>");
    html_append(&html, &len, &cap, "</body></html>");
    if (!html) {
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    char rec[32], detail[64];
    snprintf(rec, sizeof rec, "%lld", run);
    snprintf(detail, sizeof detail, "invitations of %zu seekers", seekers);
    if (!desk_audit(rq, rs, "download", "fair_plan", rec, detail)) {
        free(html);
        return;
    }
    rs->status = 200;
    rs->body = html;
    rs->len = len;
    rs->content_type = "text/html; charset=utf-8";
    rs->csp = DESK_CSP_DOCUMENT; /* its print styles are inline */
}

/*
 * GET /api/fair-plans/{run}/vacancies/{id}: who the plan invited to the vacancy, for the clerk
 * at its booth, with the referral each already has there (vl_db_fair_invited). Names are on
 * the page: audited as a list of candidates of the plan, with the vacancy and the ids listed
 * (a person's data letter finds the plans that invited them).
 */
void api_fair_plan_invited(desk_req *rq, desk_resp *rs)
{
    char dir[4200];
    long long run;
    const char *vacancy;
    if (!query_check(rq, rs, NULL) || !plan_dir(rq, rs, dir, sizeof dir, &run) ||
        !param_id(rq, rs, 1, &vacancy))
        return;
    vl_list *l = NULL;
    vl_status st = vl_db_fair_invited(rq->ctx, rq->db, run, vacancy, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    size_t n = vl_list_rows(l);
    char *detail = desk_listed_ids(vacancy, n, desk_list_first, l);
    json_t *page = list_json(l, 1, n ? n : 1);
    vl_list_destroy(l);
    char rec[32];
    snprintf(rec, sizeof rec, "%lld", run);
    bool ok = detail && page && desk_audit(rq, rs, "shortlist", "fair_plan", rec, detail);
    free(detail);
    if (!ok) {
        if (!rs->status)
            resp_fail(rq, rs, VL_ERR_NOMEM);
        json_decref(page);
        return;
    }
    json_object_set_new(page, "run", json_integer((json_int_t)run));
    json_object_set_new(page, "vacancy", json_string(vacancy));
    resp_json(rs, 200, page);
}

void api_forecast_runs(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"page", "size", NULL};
    size_t page, size;
    if (!query_check(rq, rs, allowed) ||
        !query_size(rq, rs, "page", 1, VL_LIST_PAGE_MAX, 1, &page) ||
        !query_size(rq, rs, "size", 1, VL_LIST_SIZE_MAX, 20, &size))
        return;
    vl_list *l = NULL;
    vl_status st = vl_db_forecast_runs(rq->ctx, rq->db, page, size, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    resp_json(rs, 200, list_json(l, page, size));
    vl_list_destroy(l);
}

void api_report(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"lang", NULL};
    if (!query_check(rq, rs, allowed))
        return;
    long long run;
    bool xlsx;
    if (!run_file_param(rq, rs, &run, &xlsx))
        return;
    const char *lang = query_get(rq, "lang");
    if (lang && strcmp(lang, "vi") && strcmp(lang, "en")) {
        resp_error(rs, 400, "bad_request", "lang", tr(rq, "lang: vi or en."));
        return;
    }
    if (!lang)
        lang = rq->lang;
    int64_t runs[2] = {run, 0};
    size_t n = 1;
    vl_status st = vl_db_balance_for_run(rq->ctx, rq->db, run, &runs[1]);
    if (st == VL_OK && runs[1] > 0 && runs[1] != run)
        n = 2;
    vl_plan *plan = NULL;
    if (st == VL_OK)
        st = vl_db_load_plan(rq->ctx, rq->db, runs, n, &plan);
    char path[4300];
    snprintf(path, sizeof path, "%s/report-%lld-%lld-%s.%s", rq->d->state_dir, run,
             (long long)runs[1], lang, xlsx ? "xlsx" : "html");
    vl_report_options ro;
    vl_report_options_init(&ro);
    ro.lang = lang;
    if (st == VL_OK)
        st = xlsx ? vl_report_xlsx(rq->ctx, plan, &ro, path)
                  : vl_report_html(rq->ctx, plan, &ro, path);
    vl_plan_destroy(plan);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    rs->status = 200;
    rs->file = strdup(path);
    rs->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            : "text/html; charset=utf-8";
    rs->csp = DESK_CSP_DOCUMENT; /* the report styles its charts inline */
    if (xlsx)
        snprintf(rs->disposition, sizeof rs->disposition,
                 "attachment; filename=\"report-%lld.xlsx\"", run);
}

void api_activity_report(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    /* RUN.html or RUN.xlsx, written by the activity job under the run's number */
    long long run;
    bool xlsx;
    if (!run_file_param(rq, rs, &run, &xlsx))
        return;
    char path[4300];
    snprintf(path, sizeof path, "%s/activity-%lld.%s", rq->d->state_dir, run,
             xlsx ? "xlsx" : "html");
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such report."));
        return;
    }
    char rec[32];
    snprintf(rec, sizeof rec, "%lld", run);
    if (!desk_audit(rq, rs, "report", "activity", rec, xlsx ? "xlsx" : "html"))
        return;
    rs->status = 200;
    rs->file = strdup(path);
    rs->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            : "text/html; charset=utf-8";
    rs->csp = DESK_CSP_DOCUMENT; /* a page with its own inline styles and no script */
    if (xlsx)
        snprintf(rs->disposition, sizeof rs->disposition,
                 "attachment; filename=\"bao-cao-hoat-dong-%lld.xlsx\"", run);
}

/* ---- the year's targets (shown beside the activity report's figures) ------------------------- */

static bool year_param(desk_req *rq, desk_resp *rs, int *year)
{
    char *end;
    errno = 0;
    long y = strtol(rq->params[0], &end, 10);
    if (*end || errno || y < 1900 || y > 9999) {
        resp_error(rs, 400, "bad_request", "year", tr(rq, "year: 1900 to 9999."));
        return false;
    }
    *year = (int)y;
    return true;
}

static json_t *targets_json(desk_req *rq, desk_resp *rs, int year)
{
    bool has[VL_ACT_N_MEASURES];
    double value[VL_ACT_N_MEASURES];
    vl_status st = vl_db_targets_get(rq->ctx, rq->db, year, has, value);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return NULL;
    }
    json_t *t = json_object();
    for (int m = 0; m < VL_ACT_N_MEASURES; m++)
        json_object_set_new(t, vl_act_measure_name((vl_act_measure)m),
                            has[m] ? json_integer((json_int_t)value[m]) : json_null());
    /* whose they are: a province's server's are its province's ([] for the whole database's);
     * a server of several provinces shows their sum, which each sets on its own */
    json_t *whose = desk_provinces_json(rq, true);
    return json_pack("{s:i, s:o, s:o, s:b}", "year", year, "targets", t, "provinces", whose,
                     "editable", json_array_size(whose) <= 1);
}

void api_targets_get(desk_req *rq, desk_resp *rs)
{
    int year;
    if (!query_check(rq, rs, NULL) || !year_param(rq, rs, &year))
        return;
    json_t *o = targets_json(rq, rs, year);
    if (o)
        resp_json(rs, 200, o);
}

typedef struct targets_job {
    desk_req *rq;
    int year;
    json_t *body;
} targets_job;

static vl_status targets_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    targets_job *j = arg;
    const char *k;
    json_t *v;
    vl_status st = VL_OK;
    json_object_foreach(j->body, k, v)
    {
        vl_act_measure m;
        vl_act_measure_parse(k, &m); /* checked by the handler */
        if (json_is_null(v)) {
            st = vl_db_target_clear(ctx, db, j->year, m);
            if (st == VL_ERR_NOTFOUND) { /* none to clear: nothing to do */
                vl_ctx_clear_error(ctx);
                st = VL_OK;
            }
        } else {
            st = vl_db_target_set(ctx, db, j->year, m, (double)json_integer_value(v));
        }
        if (st != VL_OK)
            return st;
    }
    char year[8];
    snprintf(year, sizeof year, "%d", j->year);
    vl_audit_entry e = {j->rq->user, "target", "year", year, NULL};
    return vl_db_audit_append(ctx, db, &e, 1);
}

void api_targets_put(desk_req *rq, desk_resp *rs)
{
    int year;
    if (!query_check(rq, rs, NULL) || !year_param(rq, rs, &year))
        return;
    const char *measures[VL_ACT_N_MEASURES + 1];
    for (int m = 0; m < VL_ACT_N_MEASURES; m++)
        measures[m] = vl_act_measure_name((vl_act_measure)m);
    measures[VL_ACT_N_MEASURES] = NULL;
    if (!body_check(rq, rs, measures))
        return;
    /* each value a whole number from 0, or null to remove the target */
    const char *k;
    json_t *v;
    json_t *fields = json_object();
    json_object_foreach(rq->body, k, v)
    {
        if (!json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) < 0 ||
                                 json_integer_value(v) > 1000000000))
            json_object_set_new(
                fields, k, json_string(tr(rq, "A target is a whole number from 0, or empty.")));
    }
    if (json_object_size(fields)) {
        resp_json(rs, 400,
                  json_pack("{s:s, s:s, s:o}", "error", "invalid", "message",
                            tr(rq, "Some fields are not valid; nothing was saved."), "fields",
                            fields));
        return;
    }
    json_decref(fields);
    targets_job job = {rq, year, rq->body};
    vl_status st = desk_write(rq, targets_fn, &job);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = targets_json(rq, rs, year);
    if (o)
        resp_json(rs, 200, o);
}
