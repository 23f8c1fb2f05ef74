/*
 * jobs.c - work too long for a request, run one at a time on a thread of its own: planning a
 * job fair (the steps of `vieclam fair plan`: the fair's index, candidates, the method and
 * greedy beside it, outputs into the server's private directory, the plan stored as a run) and
 * the planner's quarter (the steps of `vieclam forecast --derive --by` and `vieclam balance`,
 * both stored as runs the report shows), and a file brought in at the desk (the steps of
 * `vieclam import`: one transaction, all rows or none, stored as a run). A client starts a job
 * (202 with its id) and polls GET /api/jobs/{id}; a job is visible to the user who started it
 * only. At most four wait.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

#define QUEUE_MAX 4
#define KEEP_JOBS 200

typedef enum job_kind { JOB_FAIR, JOB_FORECAST, JOB_IMPORT, JOB_ACTIVITY } job_kind;
typedef enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED } job_state;

typedef struct job {
    int64_t id;
    job_kind kind;
    job_state state;
    char user[65];
    char lang[3];
    char started[21], finished[21];
    /* a fair plan */
    char fair[65];
    vl_fair_method method;
    bool method_given;
    int32_t as_of;
    /* a forecast */
    size_t horizon;
    char by[3][32];
    size_t n_by;
    /* the centre's activity report of a period (inclusive, yyyymmdd) */
    int32_t act_from, act_to;
    char act_period[16];
    /* an import: the file in a private directory of its own, under the name it was sent with */
    vl_kind import_kind;
    char import_dir[4200], import_name[128], import_sheet[64];
    bool dates_dmy, numbers_vi, skip_invalid;
    bool has_rejects; /* the rows left out are in the directory, until the job is forgotten */
    /* the outcome */
    int64_t run, balance_run;
    json_t *result;
    int err_status;
    char err_code[32], err_msg[400];
} job;

struct desk_jobs {
    desk *d;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
    bool running, stop;
    job *jobs; /* newest last */
    size_t n, cap;
    int64_t next_id;
};

static void utc_now(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void fail(job *j, int status, const char *code, const char *msg)
{
    j->err_status = status;
    snprintf(j->err_code, sizeof j->err_code, "%s", code);
    snprintf(j->err_msg, sizeof j->err_msg, "%s", msg);
}

/* A job that failed for the database's or the server's reasons, in the user's words (the
 * context's message may name a file or a statement: not for the browser). */
static void fail_busy_or_internal(job *j, vl_status st)
{
    bool busy = st == VL_ERR_BUSY;
    fail(j, busy ? 503 : 500, busy ? "busy" : "internal",
         vl_gettext_lang(j->lang, busy ? N_("The database is busy; nothing was written. "
                                            "Please try again.")
                                       : N_("Internal server error.")));
}

/*
 * A job that failed with st: the person's own mistake (a request the data cannot answer: no
 * vacancy at the fair, too short a history) in the context's words; anything else as
 * fail_busy_or_internal says it, its reason written to the operator's log like a request's.
 */
static void fail_job(job *j, vl_status st, vl_ctx *ctx, const char *what)
{
    if (st == VL_ERR_INVALID || st == VL_ERR_NOTFOUND || st == VL_ERR_ARG) {
        fail(j, 400, "bad_request", vl_ctx_errmsg(ctx));
        return;
    }
    if (st != VL_ERR_BUSY)
        fprintf(stderr, "vieclam serve: %s job failed: %s\n", what, vl_ctx_errmsg(ctx));
    fail_busy_or_internal(j, st);
}

/* ---- a job fair -------------------------------------------------------------------------------
 */

static void run_fair(desk *d, job *j, vl_ctx *ctx, vl_db *db)
{
    vl_fair_params prm;
    vl_dataset *ds = NULL;
    vl_match_model *mm = NULL;
    vl_match_index *idx = NULL;
    vl_fair_input *in = NULL;
    vl_fair_plan *plan = NULL, *base = NULL;
    int64_t run = 0;
    vl_fair_params_default(&prm);
    vl_status st = d->o.fair_model ? vl_fair_params_load(ctx, d->o.fair_model, &prm) : VL_OK;
    if (st == VL_OK && j->method_given)
        prm.method = j->method;
    if (st == VL_OK)
        st = vl_fair_params_check(ctx, &prm);
    if (st == VL_OK)
        st = vl_db_load_dataset_at(ctx, db, j->as_of, &ds);
    if (st == VL_OK)
        st = d->o.model_path ? vl_match_model_load(ctx, d->o.model_path, &mm)
                             : vl_match_model_create_default(ctx, &mm);
    vl_match_options mo = {.as_of = j->as_of, .fair = j->fair};
    if (st == VL_OK)
        st = vl_match_index_create(ctx, ds, mm, &mo, &idx);
    if (st == VL_OK)
        st = vl_fair_input_create(ctx, idx, &prm, &in);
    char command[200];
    snprintf(command, sizeof command, "vieclam serve: fair plan --fair %s --method %s (by %s)",
             j->fair, vl_fair_method_name(prm.method), j->user);
    if (st == VL_OK)
        st = vl_db_run_begin(ctx, db, command, d->o.fair_model, NULL, 0, &run);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/fair-%lld", d->state_dir, (long long)run);
    vl_fair_output_options oo = {
        .fair_id = j->fair, .as_of = vl_match_index_as_of(idx), .run_id = run};
    vl_row *fair_row = NULL; /* its name, date and venue for the slips */
    if (st == VL_OK && vl_db_get_row(ctx, db, VL_KIND_FAIRS, j->fair, &fair_row) == VL_OK) {
        oo.fair_name = vl_row_get(fair_row, "name");
        oo.fair_venue = vl_row_get(fair_row, "venue");
        const char *day = vl_row_get(fair_row, "date");
        if (day && !vl_parse_date(day, &oo.fair_date))
            oo.fair_date = 0;
    }
    vl_ctx_clear_error(ctx);
    if (st == VL_OK && mkdir(dir, 0700) != 0 && errno != EEXIST)
        st = VL_ERR_IO;
    char *summary = NULL;
    if (st == VL_OK)
        st = vl_fair_plan_run(ctx, db, in, &prm, &oo, dir, &plan, &base, &summary);
    if (st != VL_OK) { /* the run's record keeps no summary of a plan that did not land */
        free(summary);
        summary = NULL;
    }
    if (run > 0)
        vl_db_run_end(NULL, db, run, st, summary);
    if (st == VL_OK) {
        j->run = run;
        json_error_t e;
        json_t *s = summary ? json_loads(summary, 0, &e) : NULL;
        j->result = json_pack("{s:I, s:s, s:o}", "run", (json_int_t)run, "plan", "", "summary",
                              s ? s : json_null());
        char url[64];
        snprintf(url, sizeof url, "/api/fair-plans/%lld", (long long)run);
        json_object_set_new(j->result, "plan", json_string(url));
    } else {
        fail_job(j, st, ctx, "fair plan");
    }
    free(summary);
    vl_row_destroy(fair_row);
    vl_fair_plan_destroy(plan);
    vl_fair_plan_destroy(base);
    vl_fair_input_destroy(in);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(mm);
    vl_dataset_destroy(ds);
}

/* ---- the planner's quarter ------------------------------------------------------------------ */

/* A hierarchical run as `forecast --by` and `balance` store it: the hierarchies with the
 * planner's judgements they applied and the summary of what the run chose. */
static vl_status store_run(vl_ctx *ctx, vl_db *db, const char *command, size_t n,
                           const char *const *kinds, const vl_hier *const *hiers,
                           const vl_judgements *js, const char *summary, int64_t *run)
{
    if (!summary)
        return VL_ERR_NOMEM;
    vl_status st = vl_db_run_begin(ctx, db, command, NULL, NULL, 0, run);
    if (st == VL_OK)
        st = vl_db_store_hier_run(ctx, db, *run, n, kinds, hiers, js, summary);
    if (st != VL_OK && *run > 0)
        vl_db_run_end(NULL, db, *run, st, NULL);
    return st;
}

/* Where the judgements a run left out are named: the job's result array and the forecast. */
typedef struct left_ctx {
    json_t *arr;
    const char *forecast;
} left_ctx;

/* A judgement the run did not apply, for the desk to name: where and why. */
static void left_out(void *ud, const vl_judgement *jd, const char *why)
{
    const left_ctx *lc = ud;
    if (lc->arr)
        json_array_append_new(lc->arr, json_pack("{s:s, s:I, s:s, s:s}", "kind",
                                                 jd->scenario ? "scenario" : "adjustment", "id",
                                                 (json_int_t)jd->id, "forecast", lc->forecast,
                                                 "reason", why));
}

/* Appends to arr the planner's judgements the run of hr left out (before the next apply). */
static void not_applied(json_t *arr, const vl_hier *hr, const vl_judgements *js,
                        const char *forecast)
{
    left_ctx lc = {arr, forecast};
    vl_judgements_left_out(js, hr, left_out, &lc);
}

static bool has_key(const vl_history *h, const char *name)
{
    for (size_t k = 0; h && k < h->n_keys; k++)
        if (strcmp(h->key_names[k], name) == 0)
            return true;
    return false;
}

/*
 * The planner's quarter as `vieclam demo` runs it: the stored history (import history) when it
 * has the keys asked for (by default area and industry, as `vieclam forecast --db --by
 * area,industry`), else the history counted from the register (`--derive`); the labour balance
 * from the stored measure/occupation rows, else counted (as `vieclam balance`). On a province's
 * server both histories, the judgements and the runs are its provinces' (the job's connection
 * has the server's load scope, as `--province`).
 */
/* The library's warnings of a planner's run (a quarter missing inside a series, ...): the
 * first few distinct ones, already in the job's language, for the desk's status line. */
static void keep_warning(void *ud, vl_log_level level, const char *message)
{
    json_t *arr = ud;
    if (level < VL_LOG_WARNING || json_array_size(arr) >= 5)
        return;
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (strcmp(json_string_value(json_array_get(arr, i)), message) == 0)
            return;
    json_array_append_new(arr, json_string(message));
}

static void run_forecast(job *j, vl_ctx *ctx, vl_db *db)
{
    vl_history *stored = NULL, *derived = NULL;
    vl_hier *fc = NULL, *dem = NULL, *sup = NULL;
    json_t *skipped = json_array(); /* the judgements not applied, each where and why */
    json_t *warnings = json_array();
    if (warnings) {
        (void)vl_ctx_set_language(ctx, j->lang); /* the warnings in the planner's language */
        vl_ctx_set_log(ctx, keep_warning, warnings, VL_LOG_WARNING);
    }
    vl_status st = vl_db_load_history(ctx, db, &stored);
    if (st == VL_OK && stored->n_rows == 0) {
        vl_history_destroy(stored);
        stored = NULL;
    }
    if (st == VL_OK && j->n_by == 0) { /* the default: the demo's forecast, else occupation */
        if (has_key(stored, "area") && has_key(stored, "industry")) {
            snprintf(j->by[j->n_by++], sizeof j->by[0], "area");
            snprintf(j->by[j->n_by++], sizeof j->by[0], "industry");
        } else {
            snprintf(j->by[j->n_by++], sizeof j->by[0], "occupation");
        }
    }
    bool use_stored = stored != NULL;
    for (size_t i = 0; i < j->n_by; i++)
        use_stored = use_stored && has_key(stored, j->by[i]);
    bool bal_stored = has_key(stored, "measure") && has_key(stored, "occupation");
    if (st == VL_OK && (!use_stored || !bal_stored))
        st = vl_db_derive_history(ctx, db, &derived);
    const vl_history *h = use_stored ? stored : derived;
    vl_hier_options ho;
    vl_hier_options_init(&ho);
    ho.forecast.horizon = j->horizon;
    for (size_t i = 0; i < j->n_by; i++)
        ho.by[ho.n_by++] = j->by[i];
    /* a derived history holds demand and supply: never add them */
    ho.series = use_stored ? NULL : "demand";
    /* the planner's judgement (`vieclam adjust`, `vieclam scenario`) where it fits, as the
     * command line applies it */
    vl_judgements *js = NULL;
    if (st == VL_OK)
        st = vl_db_load_judgements(ctx, db, true, &js);
    if (st == VL_OK)
        st = vl_judgements_apply(ctx, js, ho.series, &ho, NULL);
    if (st == VL_OK)
        st = vl_hier_forecast(ctx, h, &ho, &fc);
    if (st == VL_OK) /* before the next apply replaces what this one left out */
        not_applied(skipped, fc, js, "forecast");
    char by[100];
    snprintf(by, sizeof by, "%s%s%s%s%s", j->by[0], j->n_by > 1 ? "," : "",
             j->n_by > 1 ? j->by[1] : "", j->n_by > 2 ? "," : "", j->n_by > 2 ? j->by[2] : "");
    char command[240];
    snprintf(command, sizeof command, "vieclam serve: forecast%s --by %s --horizon %zu (by %s)",
             use_stored ? "" : " --derive", by, j->horizon, j->user);
    const char *kind = use_stored ? "forecast" : "derived-demand";
    if (st == VL_OK) {
        char *summary = vl_hier_summary_json(fc, kind);
        const vl_hier *hs[] = {fc};
        st = store_run(ctx, db, command, 1, &kind, hs, js, summary, &j->run);
        free(summary);
    }
    /* the labour balance: demand and supply by occupation group, each with its judgements */
    vl_hier_options bo;
    vl_hier_options_init(&bo);
    bo.forecast.horizon = j->horizon;
    bo.by[bo.n_by++] = "occupation";
    bo.where_key = "measure";
    const vl_history *hb = bal_stored ? stored : derived;
    bo.where_value = "demand";
    if (st == VL_OK)
        st = vl_judgements_apply(ctx, js, "demand", &bo, NULL);
    if (st == VL_OK)
        st = vl_hier_forecast(ctx, hb, &bo, &dem);
    if (st == VL_OK)
        not_applied(skipped, dem, js, "demand");
    vl_hier_options_init(&bo);
    bo.forecast.horizon = j->horizon;
    bo.by[bo.n_by++] = "occupation";
    bo.where_key = "measure";
    bo.where_value = "supply";
    if (st == VL_OK)
        st = vl_judgements_apply(ctx, js, "supply", &bo, NULL);
    if (st == VL_OK)
        st = vl_hier_forecast(ctx, hb, &bo, &sup);
    if (st == VL_OK)
        not_applied(skipped, sup, js, "supply");
    vl_balance *bal = NULL;
    if (st == VL_OK)
        st = vl_balance_compute(ctx, dem, sup, &bal);
    snprintf(command, sizeof command, "vieclam serve: balance%s --horizon %zu (by %s)",
             bal_stored ? "" : " --derive", j->horizon, j->user);
    if (st == VL_OK) {
        char *summary = vl_balance_summary_json(dem, sup, vl_balance_count(bal) - 1);
        const char *kinds[] = {"demand", "supply"};
        const vl_hier *hs[] = {dem, sup};
        st = store_run(ctx, db, command, 2, kinds, hs, js, summary, &j->balance_run);
        free(summary);
    }
    vl_balance_destroy(bal);
    if (st == VL_OK) {
        char report[64];
        snprintf(report, sizeof report, "/api/reports/%lld.html", (long long)j->run);
        vl_ctx_set_log(ctx, NULL, NULL, VL_LOG_WARNING);
        j->result = json_pack("{s:I, s:I, s:s, s:o*, s:o*}", "run", (json_int_t)j->run,
                              "balance_run", (json_int_t)j->balance_run, "report", report,
                              "not_applied", skipped, "warnings", warnings);
        skipped = warnings = NULL; /* the result holds them */
    } else {
        fail_job(j, st, ctx, "forecast");
    }
    vl_ctx_set_log(ctx, NULL, NULL, VL_LOG_WARNING);
    json_decref(skipped);
    json_decref(warnings);
    vl_judgements_destroy(js);
    vl_hier_destroy(fc);
    vl_hier_destroy(dem);
    vl_hier_destroy(sup);
    vl_history_destroy(stored);
    vl_history_destroy(derived);
}

/* ---- the centre's activity report --------------------------------------------------------------
 */

/*
 * The steps of `vieclam report activity --period P --out --xlsx` in the user's language:
 * counts of people, never names (contacts are not even loaded), counts under 5 shown "<5"; the
 * page and the workbook go to the server's private directory under the run's number.
 */
static void run_activity(desk *d, job *j, vl_ctx *ctx, vl_db *db)
{
    vl_match_model *model = NULL;
    vl_dataset *ds = NULL;
    vl_referral_set *refs = NULL;
    vl_activity_data *extra = NULL;
    vl_activity *rep = NULL;
    int64_t run = 0;
    char command[200];
    snprintf(command, sizeof command,
             "vieclam serve: report activity --period %s --lang %s (by %s)", j->act_period, j->lang,
             j->user);
    vl_status st = vl_db_run_begin(ctx, db, command, d->o.model_path, NULL, 0, &run);
    if (st == VL_OK)
        st = d->o.model_path ? vl_match_model_load(ctx, d->o.model_path, &model)
                             : vl_match_model_create_default(ctx, &model);
    vl_db_set_load_contacts(db, false); /* the report counts people and names none */
    if (st == VL_OK)
        st = vl_db_load_dataset_referrals(ctx, db, NULL, &ds, &refs);
    if (st == VL_OK)
        st = vl_db_load_activity_data(ctx, db, j->act_from / 10000, &extra);
    /* the server's today (serve --as-of on dated data): the year so far is counted up to it */
    vl_activity_options o = {.from = j->act_from,
                             .to = j->act_to,
                             .lang = j->lang,
                             .model = model,
                             .as_of = date_today(),
                             .provinces = d->o.provinces};
    if (st == VL_OK)
        st = vl_activity_create(ctx, ds, refs, extra, &o, &rep);
    char html[4300], xlsx[4300];
    snprintf(html, sizeof html, "%s/activity-%lld.html", d->state_dir, (long long)run);
    snprintf(xlsx, sizeof xlsx, "%s/activity-%lld.xlsx", d->state_dir, (long long)run);
    if (st == VL_OK)
        st = vl_activity_html(ctx, rep, html);
    if (st == VL_OK)
        st = vl_activity_xlsx(ctx, rep, xlsx);
    if (run > 0)
        vl_db_run_end(NULL, db, run, st, NULL);
    if (st == VL_OK) {
        j->run = run;
        char page[64], book[64];
        snprintf(page, sizeof page, "/api/activity-reports/%lld.html", (long long)run);
        snprintf(book, sizeof book, "/api/activity-reports/%lld.xlsx", (long long)run);
        j->result = json_pack("{s:I, s:s, s:s, s:s}", "run", (json_int_t)run, "period",
                              j->act_period, "report", page, "workbook", book);
    } else {
        unlink(html);
        fail_busy_or_internal(j, st);
    }
    vl_activity_destroy(rep);
    vl_activity_data_destroy(extra);
    vl_referral_set_destroy(refs);
    vl_dataset_destroy(ds);
    vl_match_model_destroy(model);
}

/* ---- a file brought in at the desk ------------------------------------------------------------
 */

/* The problems to show, at most this many (the count says how many there were). */
#define IMPORT_PROBLEMS_SHOWN 200

/* A message without the private directory the file was kept in: "FILE:LINE: ..." names the
 * file as the user sent it. */
static json_t *without_dir(const char *msg, const char *dir)
{
    size_t n = strlen(dir);
    char *out = malloc(strlen(msg) + 1);
    if (!out)
        return json_string(msg);
    char *w = out;
    while (*msg) {
        if (strncmp(msg, dir, n) == 0 && msg[n] == '/')
            msg += n + 1;
        else
            *w++ = *msg++;
    }
    *w = '\0';
    json_t *s = json_string(out);
    free(out);
    return s ? s : json_string("?"); /* the library writes UTF-8; a file's bytes are escaped */
}

/* The context's problems, without the private directory, as a JSON list: those the context
 * kept (IMPORT_PROBLEMS_SHOWN; the count counts the rest too, which have no text). */
static json_t *import_problems(vl_ctx *ctx, const char *dir)
{
    json_t *problems = json_array();
    size_t n = vl_ctx_diag_count(ctx);
    for (size_t i = 0; i < n; i++) {
        const char *d = vl_ctx_diag(ctx, i);
        if (!d)
            break;
        json_array_append_new(problems, without_dir(d, dir));
    }
    return problems;
}

/* Where an import that skips bad rows writes them: a name no file sent can have (upload_name
 * never starts one with a dot). */
static void rejects_path(const job *j, char *out, size_t size)
{
    snprintf(out, size, "%s/.rejects.xlsx", j->import_dir);
}

/* Removes an import's directory: the file sent, and the rejects workbook once it is not
 * wanted any more. */
static void import_cleanup(const job *j, bool keep_rejects)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", j->import_dir, j->import_name);
    unlink(path);
    if (keep_rejects)
        return;
    rejects_path(j, path, sizeof path);
    unlink(path);
    rmdir(j->import_dir);
}

static void run_import(job *j, vl_ctx *ctx, vl_db *db)
{
    (void)vl_ctx_set_language(ctx, j->lang); /* the problems in the user's language */
    vl_ctx_set_diag_limit(ctx, IMPORT_PROBLEMS_SHOWN);
    char path[4400], rejects[4400];
    snprintf(path, sizeof path, "%s/%s", j->import_dir, j->import_name);
    rejects_path(j, rejects, sizeof rejects);
    vl_import_options opt = {.sheet = j->import_sheet[0] ? j->import_sheet : NULL,
                             .dates_dmy = j->dates_dmy,
                             .numbers_vi = j->numbers_vi,
                             .skip_invalid = j->skip_invalid,
                             .rejects_path = j->skip_invalid ? rejects : NULL};
    vl_import_stats s = {0};
    char command[400];
    snprintf(command, sizeof command, "vieclam serve: import %s %s%s (by %s)",
             vl_kind_name(j->import_kind), j->import_name, j->skip_invalid ? " --skip-invalid" : "",
             j->user);
    const char *inputs[1] = {path};
    int64_t run = 0;
    vl_status st = vl_db_run_begin(ctx, db, command, NULL, inputs, 1, &run);
    /* the access audit names the run (its command names the file, its summary the counts):
     * written before a row is, or the file is not read */
    char rec[32];
    snprintf(rec, sizeof rec, "%lld", (long long)run);
    vl_audit_entry e = {j->user, "import", "run", rec, vl_kind_name(j->import_kind)};
    if (st == VL_OK && (st = vl_db_audit_append(ctx, db, &e, 1)) != VL_OK)
        vl_db_run_end(NULL, db, run, st, NULL);
    if (st == VL_OK) {
        st = vl_db_import(ctx, db, j->import_kind, path, &opt, &s);
        char summary[320];
        snprintf(summary, sizeof summary,
                 "{\"kind\":\"%s\",\"rows\":%zu,\"inserted\":%zu,\"updated\":%zu,"
                 "\"unchanged\":%zu,\"rejected\":%zu,\"extra_columns\":%zu,"
                 "\"staff_anonymised\":%zu}",
                 vl_kind_name(j->import_kind), s.rows, s.inserted, s.updated, s.unchanged,
                 s.rejected, s.extra_columns, s.staff_anonymised);
        vl_db_run_end(NULL, db, run, st, summary); /* keeps the context's diagnostics */
    }
    j->has_rejects = st == VL_OK && s.rejected > 0;
    if (st == VL_OK) {
        j->run = run;
        j->result = json_pack(
            "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "kind", vl_kind_name(j->import_kind),
            "file", j->import_name, "rows", (json_int_t)s.rows, "inserted", (json_int_t)s.inserted,
            "updated", (json_int_t)s.updated, "unchanged", (json_int_t)s.unchanged, "rejected",
            (json_int_t)s.rejected, "staff_anonymised", (json_int_t)s.staff_anonymised);
        if (j->has_rejects) { /* the rows left out, to be corrected and sent again */
            char url[64];
            snprintf(url, sizeof url, "/api/jobs/%lld/rejects", (long long)j->id);
            json_object_set_new(j->result, "rejects", json_string(url));
            json_object_set_new(j->result, "problems", import_problems(ctx, j->import_dir));
        }
    } else if (st == VL_ERR_INVALID || st == VL_ERR_ARG || st == VL_ERR_NOTFOUND) {
        /* the file's problems, each naming its line (or sheet and cell), column and reason;
         * nothing was written */
        json_t *problems = import_problems(ctx, j->import_dir);
        json_t *m = without_dir(vl_ctx_errmsg(ctx), j->import_dir);
        fail(j, 400, "invalid", json_string_value(m));
        json_decref(m);
        j->result = json_pack("{s:s, s:s, s:o, s:I}", "kind", vl_kind_name(j->import_kind), "file",
                              j->import_name, "problems", problems, "shown",
                              (json_int_t)json_array_size(problems));
    } else {
        fail_busy_or_internal(j, st);
    }
    import_cleanup(j, j->has_rejects);
}

/* ---- the queue --------------------------------------------------------------------------------
 */

static job *next_queued(desk_jobs *q)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->jobs[i].state == JOB_QUEUED)
            return &q->jobs[i];
    return NULL;
}

static void *worker(void *arg)
{
    desk_jobs *q = arg;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        job *j = NULL;
        while (!q->stop && !(j = next_queued(q)))
            pthread_cond_wait(&q->cond, &q->lock);
        if (q->stop)
            break;
        j->state = JOB_RUNNING;
        utc_now(j->started);
        job work = *j; /* the array may move while we work: work on a copy */
        pthread_mutex_unlock(&q->lock);

        vl_ctx *ctx = NULL;
        vl_db *db = NULL;
        vl_status st = vl_ctx_create(&ctx);
        if (st == VL_OK) {
            vl_ctx_set_threads(ctx, q->d->o.threads);
            st = vl_db_open(ctx, q->d->o.db_path, 0, &db);
        }
        /* a province's server plans its fairs, reports its activity and forecasts over its
         * provinces, as its match index and lists are (an import writes wherever its rows'
         * areas are, as far as its role may) */
        if (st == VL_OK && q->d->o.provinces && work.kind != JOB_IMPORT)
            st = vl_db_set_load_scope_list(ctx, db, q->d->o.provinces);
        if (st != VL_OK)
            fail(&work, 503, "busy", "the database could not be opened");
        else if (work.kind == JOB_FAIR)
            run_fair(q->d, &work, ctx, db);
        else if (work.kind == JOB_IMPORT)
            run_import(&work, ctx, db);
        else if (work.kind == JOB_ACTIVITY)
            run_activity(q->d, &work, ctx, db);
        else
            run_forecast(&work, ctx, db);
        if (work.kind == JOB_IMPORT && st != VL_OK) /* the file goes with its job */
            import_cleanup(&work, false);
        vl_db_close(db);
        vl_ctx_destroy(ctx);

        pthread_mutex_lock(&q->lock);
        for (size_t i = 0; i < q->n; i++)
            if (q->jobs[i].id == work.id) {
                work.state = work.err_status ? JOB_FAILED : JOB_DONE;
                utc_now(work.finished);
                q->jobs[i] = work;
            }
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* Removes the import directories a server that stopped without its clean stop left behind
 * (the files sent, rejects never downloaded): nobody can ask for them any more. A directory is
 * named "import-PID-XXXXXX" by the server that made it; one of another server still running
 * on the same state directory is its own business. */
static void remove_stale_imports(const char *state_dir)
{
    DIR *dh = opendir(state_dir);
    if (!dh)
        return;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        if (strncmp(de->d_name, "import-", 7) != 0)
            continue;
        char *end;
        long pid = strtol(de->d_name + 7, &end, 10);
        if (*end == '-' && pid > 0 && pid != (long)getpid() &&
            (kill((pid_t)pid, 0) == 0 || errno == EPERM))
            continue; /* a live server's */
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", state_dir, de->d_name);
        DIR *sub = opendir(dir);
        struct dirent *f;
        while (sub && (f = readdir(sub)) != NULL) {
            if (strcmp(f->d_name, ".") == 0 || strcmp(f->d_name, "..") == 0)
                continue;
            char path[4500];
            snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
            unlink(path);
        }
        if (sub)
            closedir(sub);
        rmdir(dir);
    }
    closedir(dh);
}

size_t jobs_forget_rejects(desk_jobs *q)
{
    size_t removed = 0;
    pthread_mutex_lock(&q->lock);
    for (size_t i = 0; i < q->n; i++) {
        job *j = &q->jobs[i];
        if (j->kind != JOB_IMPORT || !j->has_rejects ||
            (j->state != JOB_DONE && j->state != JOB_FAILED) ||
            (j->import_kind != VL_KIND_SEEKERS && j->import_kind != VL_KIND_REFERRALS &&
             j->import_kind != VL_KIND_FOLLOWUPS && j->import_kind != VL_KIND_COUNSELLING))
            continue;
        import_cleanup(j, false);
        j->has_rejects = false;
        json_object_del(j->result, "rejects"); /* the job no longer offers them */
        removed++;
    }
    pthread_mutex_unlock(&q->lock);
    return removed;
}

desk_jobs *jobs_create(desk *d)
{
    desk_jobs *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->d = d;
    q->next_id = 1;
    remove_stale_imports(d->state_dir);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    if (pthread_create(&q->thread, NULL, worker, q) != 0) {
        free(q);
        return NULL;
    }
    q->running = true;
    return q;
}

bool jobs_busy(desk_jobs *q)
{
    bool busy = false;
    if (!q)
        return false;
    pthread_mutex_lock(&q->lock);
    for (size_t i = 0; i < q->n && !busy; i++)
        busy = q->jobs[i].state == JOB_RUNNING;
    pthread_mutex_unlock(&q->lock);
    return busy;
}

void jobs_destroy(desk_jobs *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->lock);
    q->stop = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    if (q->running)
        pthread_join(q->thread, NULL);
    for (size_t i = 0; i < q->n; i++) {
        json_decref(q->jobs[i].result);
        if (q->jobs[i].kind == JOB_IMPORT) /* a job queued but never run keeps its file too */
            import_cleanup(&q->jobs[i], false);
    }
    free(q->jobs);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->cond);
    free(q);
}

/*
 * Whether the signed-in user may see job j: theirs, and, for an import, of a kind their role may
 * still import now (a staff member since made a planner no longer reads the seekers' rejects of
 * an import made before).
 */
static bool job_mine(const desk_req *rq, const job *j)
{
    return strcmp(j->user, rq->user) == 0 &&
           (j->kind != JOB_IMPORT || desk_import_allowed(rq->role, j->import_kind));
}

/* Queues a job; false (rs filled) when the queue is full. */
static bool enqueue(desk_req *rq, desk_resp *rs, job *j)
{
    desk_jobs *q = rq->d->jobs;
    pthread_mutex_lock(&q->lock);
    size_t waiting = 0;
    for (size_t i = 0; i < q->n; i++)
        waiting += q->jobs[i].state == JOB_QUEUED || q->jobs[i].state == JOB_RUNNING;
    if (waiting > QUEUE_MAX) {
        pthread_mutex_unlock(&q->lock);
        resp_error(rs, 503, "busy", NULL,
                   tr(rq, "Too many jobs are waiting; please try again later."));
        rs->retry_after = 30;
        return false;
    }
    if (q->n == KEEP_JOBS) { /* forget the oldest finished job */
        for (size_t i = 0; i < q->n; i++)
            if (q->jobs[i].state == JOB_DONE || q->jobs[i].state == JOB_FAILED) {
                json_decref(q->jobs[i].result);
                if (q->jobs[i].kind == JOB_IMPORT)
                    import_cleanup(&q->jobs[i], false);
                memmove(&q->jobs[i], &q->jobs[i + 1], (q->n - i - 1) * sizeof *q->jobs);
                q->n--;
                break;
            }
    }
    if (q->n == q->cap) {
        size_t nc = q->cap ? 2 * q->cap : 16;
        job *b = realloc(q->jobs, nc * sizeof *b);
        if (!b) {
            pthread_mutex_unlock(&q->lock);
            resp_fail(rq, rs, VL_ERR_NOMEM);
            return false;
        }
        q->jobs = b;
        q->cap = nc;
    }
    j->id = q->next_id++;
    j->state = JOB_QUEUED;
    snprintf(j->user, sizeof j->user, "%s", rq->user);
    snprintf(j->lang, sizeof j->lang, "%s", rq->lang);
    q->jobs[q->n++] = *j;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    char loc[64];
    snprintf(loc, sizeof loc, "/api/jobs/%lld", (long long)j->id);
    snprintf(rs->location, sizeof rs->location, "%s", loc);
    resp_json(rs, 202, json_pack("{s:I, s:s}", "job", (json_int_t)j->id, "status", "queued"));
    return true;
}

void api_job_get(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    char *end;
    long long id = strtoll(rq->params[0], &end, 10);
    desk_jobs *q = rq->d->jobs;
    json_t *o = NULL;
    pthread_mutex_lock(&q->lock);
    for (size_t i = 0; !*end && i < q->n; i++) {
        job *j = &q->jobs[i];
        if (j->id != id || !job_mine(rq, j))
            continue;
        static const char *const states[] = {"queued", "running", "done", "failed"};
        static const char *const kinds[] = {"fair_plan", "forecast", "import", "activity_report"};
        o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "job", (json_int_t)j->id, "kind",
                      kinds[j->kind], "status", states[j->state], "started",
                      j->started[0] ? json_string(j->started) : json_null(), "finished",
                      j->finished[0] ? json_string(j->finished) : json_null(), "run",
                      j->run ? json_integer(j->run) : json_null());
        if (j->result)
            json_object_set(o, "result", j->result);
        if (j->state == JOB_FAILED)
            json_object_set_new(
                o, "error", json_pack("{s:s, s:s}", "error", j->err_code, "message", j->err_msg));
    }
    pthread_mutex_unlock(&q->lock);
    if (!o) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such job."));
        return;
    }
    resp_json(rs, 200, o);
}

void api_fair_plan_start(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"method", "as_of", NULL};
    const char *fair;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &fair) || !body_check(rq, rs, members))
        return;
    job j;
    memset(&j, 0, sizeof j);
    j.kind = JOB_FAIR;
    snprintf(j.fair, sizeof j.fair, "%s", fair);
    json_t *m = json_object_get(rq->body, "method");
    if (m) {
        if (!json_is_string(m) || !vl_fair_method_parse(json_string_value(m), &j.method)) {
            resp_error(rs, 400, "bad_request", "method", tr(rq, "method: flow, stable or greedy."));
            return;
        }
        j.method_given = true;
    }
    json_t *a = json_object_get(rq->body, "as_of");
    if (a && (!json_is_string(a) || !date_parse(json_string_value(a), &j.as_of))) {
        resp_error(rs, 400, "bad_request", "as_of", tr(rq, "as_of: a real date YYYY-MM-DD."));
        return;
    }
    /* the fair's record, and whether a vacancy names it */
    vl_row *row = NULL;
    vl_status st = vl_db_get_row(rq->ctx, rq->db, VL_KIND_FAIRS, fair, &row);
    int32_t day = 0;
    const char *d = st == VL_OK ? vl_row_get(row, "date") : NULL;
    if (!d || !vl_parse_date(d, &day))
        day = 0;
    vl_row_destroy(row);
    if (st != VL_OK && st != VL_ERR_NOTFOUND) {
        resp_fail(rq, rs, st);
        return;
    }
    bool stored = st == VL_OK;
    vl_ctx_clear_error(rq->ctx);
    /* unless asked for another day: the served date (serve --as-of), as every default date of
     * the API, or the fair's own day still to come (the vacancies still open then) */
    if (!j.as_of)
        j.as_of = day > date_today() ? day : date_today();
    vl_list_query q = {.fair = fair, .open = -1, .page = 1, .size = 1};
    vl_list *l = NULL;
    st = vl_db_list(rq->ctx, rq->db, VL_KIND_VACANCIES, &q, &l);
    size_t n = vl_list_total(l);
    vl_list_destroy(l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    if (n == 0 && stored) {
        resp_error(rs, 409, "conflict", NULL,
                   tr(rq, "This job fair has no vacancies yet: attach vacancies to it first."));
        return;
    }
    if (n == 0) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such job fair."));
        return;
    }
    if (!desk_audit(rq, rs, "plan", "fair", fair, NULL))
        return;
    enqueue(rq, rs, &j);
}

void api_forecast_start(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"horizon", "by", NULL};
    if (!query_check(rq, rs, NULL) || !body_check(rq, rs, members))
        return;
    job j;
    memset(&j, 0, sizeof j);
    j.kind = JOB_FORECAST;
    j.horizon = 4;
    json_t *h = json_object_get(rq->body, "horizon");
    if (h) {
        if (!json_is_integer(h) || json_integer_value(h) < 1 || json_integer_value(h) > 12) {
            resp_error(rs, 400, "bad_request", "horizon", tr(rq, "horizon: 1 to 12 quarters."));
            return;
        }
        j.horizon = (size_t)json_integer_value(h);
    }
    json_t *by = json_object_get(rq->body, "by");
    if (by) {
        size_t i;
        json_t *k;
        bool ok = json_is_array(by) && json_array_size(by) >= 1 && json_array_size(by) <= 3;
        json_array_foreach(by, i, k)
        {
            const char *v = json_string_value(k);
            if (!v || (strcmp(v, "occupation") && strcmp(v, "area") && strcmp(v, "industry")))
                ok = false;
            for (size_t m = 0; ok && m < j.n_by; m++)
                ok = strcmp(j.by[m], v) != 0;
            if (ok)
                snprintf(j.by[j.n_by++], sizeof j.by[0], "%s", v);
        }
        if (!ok) {
            resp_error(rs, 400, "bad_request", "by",
                       tr(rq, "by: distinct keys among occupation, area, industry."));
            return;
        }
    } /* none: the job chooses (the stored history's area and industry, else occupation) */
    enqueue(rq, rs, &j);
}

bool desk_import_allowed(vl_role role, vl_kind kind)
{
    switch (kind) {
    case VL_KIND_EMPLOYERS:
    case VL_KIND_VACANCIES:
    case VL_KIND_SEEKERS:
    case VL_KIND_REFERRALS:
    case VL_KIND_FOLLOWUPS:
    case VL_KIND_COUNSELLING:
    case VL_KIND_FAIRS:
        return role == VL_ROLE_STAFF;
    case VL_KIND_HISTORY:
        return role == VL_ROLE_PLANNER;
    case VL_KIND_AREAS:
        return role == VL_ROLE_ADMIN;
    default:
        return false;
    }
}

bool desk_export_allowed(vl_role role, vl_kind kind)
{
    switch (kind) {
    case VL_KIND_EMPLOYERS:
    case VL_KIND_VACANCIES:
    case VL_KIND_FAIRS:
    case VL_KIND_HISTORY:
    case VL_KIND_AREAS:
        return desk_import_allowed(role, kind);
    default:
        return false;
    }
}

/* The name a file was sent with, as a plain file name: its last path segment, no control
 * characters, not hidden, at most 100 bytes (never half a character: a character that would
 * not fit whole ends the name), valid UTF-8; "tep" when nothing is left. */
static void upload_name(const char *sent, char out[128])
{
    const char *base = sent ? sent : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)base; *p && n < 100; p++) {
        if (*p < 0x20 || *p == 0x7f)
            continue;
        if ((*p & 0xc0) != 0x80 && n + 4 > 100) /* a character that may not fit */
            break;
        out[n++] = (char)*p;
    }
    out[n] = '\0';
    while (out[0] == '.')
        memmove(out, out + 1, strlen(out));
    if (!out[0] || !vl_text_valid_utf8(out, strlen(out), NULL))
        snprintf(out, 128, "tep");
}

void api_import_start(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"name", "sheet", "dates", "numbers", "skip", NULL};
    int skip = 0;
    if (!query_check(rq, rs, allowed) || !query_bool(rq, rs, "skip", &skip))
        return;
    vl_kind kind;
    if (!param_kind(rq, rs, 0, NULL, desk_import_allowed, &kind))
        return;
    const char *dates = query_get(rq, "dates"), *numbers = query_get(rq, "numbers");
    if (dates && strcmp(dates, "dmy") && strcmp(dates, "iso")) {
        resp_error(rs, 400, "bad_request", "dates", tr(rq, "dates: dmy or iso."));
        return;
    }
    if (numbers && strcmp(numbers, "vi") && strcmp(numbers, "c")) {
        resp_error(rs, 400, "bad_request", "numbers", tr(rq, "numbers: vi or c."));
        return;
    }
    const char *sheet = query_get(rq, "sheet");
    if (sheet && (!*sheet || strlen(sheet) >= 64)) {
        resp_error(rs, 400, "bad_request", "sheet", tr(rq, "sheet: a sheet's name."));
        return;
    }
    if (rq->upload_len == 0) {
        resp_error(rs, 400, "bad_request", NULL, tr(rq, "The file is empty."));
        return;
    }
    job j;
    memset(&j, 0, sizeof j);
    j.kind = JOB_IMPORT;
    j.import_kind = kind;
    upload_name(query_get(rq, "name"), j.import_name);
    snprintf(j.import_sheet, sizeof j.import_sheet, "%s", sheet ? sheet : "");
    /* the desk reads Vietnamese Excel's way unless told otherwise */
    j.dates_dmy = !dates || strcmp(dates, "dmy") == 0;
    j.numbers_vi = !numbers || strcmp(numbers, "vi") == 0;
    j.skip_invalid = skip != 0;
    /* the file, 0600 in a directory of its own (0700) under the server's private one */
    snprintf(j.import_dir, sizeof j.import_dir, "%s/import-%ld-XXXXXX", rq->d->state_dir,
             (long)getpid());
    char path[4400];
    bool ok = mkdtemp(j.import_dir) != NULL;
    int fd = -1;
    if (ok) {
        snprintf(path, sizeof path, "%s/%s", j.import_dir, j.import_name);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        ok = fd >= 0;
    }
    for (size_t off = 0; ok && off < rq->upload_len;) {
        ssize_t w = write(fd, rq->upload + off, rq->upload_len - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok)
        resp_error(rs, 500, "internal", NULL, tr(rq, "Internal server error."));
    if (!ok || !enqueue(rq, rs, &j)) {
        if (fd >= 0)
            unlink(path);
        rmdir(j.import_dir);
    }
}

void api_job_rejects(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    char *end;
    long long id = strtoll(rq->params[0], &end, 10);
    desk_jobs *q = rq->d->jobs;
    char path[4400] = "", name[128] = "";
    int64_t run = 0;
    pthread_mutex_lock(&q->lock);
    for (size_t i = 0; !*end && i < q->n; i++) {
        job *j = &q->jobs[i];
        if (j->id == id && job_mine(rq, j) && j->has_rejects) {
            rejects_path(j, path, sizeof path);
            snprintf(name, sizeof name, "%s", j->import_name);
            run = j->run;
        }
    }
    pthread_mutex_unlock(&q->lock);
    if (!path[0]) {
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such job."));
        return;
    }
    char rec[32];
    snprintf(rec, sizeof rec, "%lld", (long long)run);
    if (!desk_audit(rq, rs, "download", "run", rec, "rejects"))
        return;
    /* "loi-NAME.xlsx": the name sent without its extension, folded to plain letters (a
     * header's filename is ASCII: "Tiếp nhận.xlsx" -> "loi-tiep-nhan.xlsx") */
    char *dot = strrchr(name, '.');
    if (dot && dot != name)
        *dot = '\0';
    char *folded = vl_text_fold(name);
    char ascii[128];
    size_t n = 0;
    for (const char *p = folded ? folded : ""; *p && n + 1 < sizeof ascii; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
            ascii[n++] = *p;
        else if (n && ascii[n - 1] != '-')
            ascii[n++] = '-';
    ascii[n] = '\0';
    free(folded);
    rs->status = 200;
    rs->file = strdup(path);
    rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"loi-%s.xlsx\"",
             ascii[0] ? ascii : "tep");
}

void api_activity_start(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"period", NULL};
    if (!query_check(rq, rs, NULL) || !body_check(rq, rs, members))
        return;
    job j;
    memset(&j, 0, sizeof j);
    j.kind = JOB_ACTIVITY;
    json_t *p = json_object_get(rq->body, "period");
    if (p) {
        const char *v = json_string_value(p);
        if (!v || strlen(v) >= sizeof j.act_period ||
            !vl_act_period_parse(v, &j.act_from, &j.act_to)) {
            resp_error(rs, 400, "bad_request", "period",
                       tr(rq, "period: a year (2025), half-year (2025H1), quarter (2025Q3) or "
                              "month (2025-09)."));
            return;
        }
        snprintf(j.act_period, sizeof j.act_period, "%s", v);
    } else { /* the year so far */
        snprintf(j.act_period, sizeof j.act_period, "%d", (int)(date_today() / 10000));
        vl_act_period_parse(j.act_period, &j.act_from, &j.act_to);
    }
    enqueue(rq, rs, &j);
}
