/*
 * test-oom.c - allocation-failure injection over whole operations, as SQLite's test harness does
 * it: for N = 1, 2, ... the Nth allocation (library and SQLite, routed through the hooks) fails,
 * until an operation runs without meeting a failure (bounded by default, every N with
 * VT_OOM_FULL=1: see next_n). Each run must end in VL_OK with the full
 * result or in VL_ERR_NOMEM with "out of memory" on the context, never a crash, a leak (the ASan
 * build runs this) or a change to the database. Operations: an import (SQLite file), loading the
 * records and building the match index, fair planning (candidates and the exact solver), a
 * hierarchical forecast, a run of auto with its pooled member, a seeker's data given to them
 * (whose audit row is written only with the document), a copy from one database into
 * another (all or nothing on the target), and one province's activity report on a database
 * several share; and a ROLLBACK that fails leaves the connection usable.
 */
#include "test-store-util.h"

#include "io/history.h"

#include <math.h>
#include <vieclam/auth.h>
#include <vieclam/fair.h>
#include <vieclam/gen.h>
#include <vieclam/activity.h>
#include <vieclam/report.h>

/* The first N: 1, or $VT_FROM when looking at one failure. */
static long first_n(void)
{
    const char *from = getenv("VT_FROM");
    return from && atol(from) > 0 ? atol(from) : 1;
}

/* Which N come after N. With $VT_OOM_FULL=1 every one (the full walk: an import alone is 3,000
 * runs, the match index 6,000, minutes, longer under ASan). By default, as SQLite's
 * quick test set does, the first OOM_DENSE allocations one by one (setting up: opening, parsing
 * the first row, the first of each structure) and then about OOM_SPREAD more spread evenly over
 * the rest of the operation, so that a walk is bounded whatever the operation's size. `total` is
 * the number of allocations of a run without failures. */
enum { OOM_DENSE = 300, OOM_SPREAD = 300 };

static long next_n(long n, unsigned long total)
{
    static int full = -1;
    if (full < 0) {
        const char *f = getenv("VT_OOM_FULL");
        full = f && strcmp(f, "1") == 0;
    }
    if (full || n < OOM_DENSE || total <= OOM_DENSE + OOM_SPREAD)
        return n + 1;
    long stride = (long)((total - OOM_DENSE) / OOM_SPREAD);
    return n + (stride > 1 ? stride : 1);
}

/* One operation under injection: returns its status; *complete says whether an OK result is the
 * full one (compared with a run without failures). */
typedef vl_status (*op_fn)(vl_ctx *ctx, void *ud, bool *complete);

/* Walks N = 1, 2, ... ; after each failed run `after` checks what must not have changed. Returns
 * the number of runs. */
static long walk(const char *what, op_fn op, void (*after)(void *ud, vl_status st), void *ud)
{
    unsigned long total;
    { /* one run without failures counts the operation's allocations */
        vl_ctx *ctx;
        assert_int_equal(vl_ctx_create(&ctx), VL_OK);
        vl_ctx_set_threads(ctx, 1);
        bool complete = false;
        vl__alloc_reset();
        assert_int_equal(op(ctx, ud, &complete), VL_OK);
        assert_true(complete);
        total = vl__alloc_calls();
        vl__alloc_reset();
        if (after)
            after(ud, VL_OK);
        vl_ctx_destroy(ctx);
    }
    long n, runs = 0;
    for (n = first_n();; n = next_n(n, total), runs++) {
        vl_ctx *ctx;
        assert_int_equal(vl_ctx_create(&ctx), VL_OK);
        vl_ctx_set_threads(ctx, 1); /* the same allocation order every time */
        bool complete = false;
        vl__alloc_reset();
        vl__alloc_fail_after(n, false);
        vl_status st = op(ctx, ud, &complete);
        bool failed = vl__alloc_failures() > 0;
        vl__alloc_reset();
        if (st == VL_OK) {
            if (!complete)
                fail_msg("%s: allocation %ld failed, the operation said OK with a partial result",
                         what, n);
        } else if (st != VL_ERR_NOMEM || !strstr(vl_ctx_errmsg(ctx), "out of memory")) {
            fail_msg("%s: allocation %ld failed: status %d, '%s' (want out of memory)", what, n,
                     (int)st, vl_ctx_errmsg(ctx));
        }
        if (after)
            after(ud, st);
        vl_ctx_destroy(ctx);
        if (!failed)
            break;
        if (n > 400000)
            fail_msg("%s: still failing after %ld runs", what, n);
    }
    printf("# %s: %ld runs over %lu allocations, the last without a failure\n", what, runs + 1,
           total);
    return n;
}

/* ---- import ---------------------------------------------------------------------------------- */

typedef struct import_case {
    const char *pristine, *work, *csv;
    char before[65], after[65];
    long n;
} import_case;

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = vt_read_file(from, &len);
    assert_non_null(data);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    free(data);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", to);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", to);
    remove(side);
}

static vl_db *open_db(const char *path)
{
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(NULL, path, 0, &db), VL_OK);
    return db;
}

/*
 * The reference data, with the areas of Hải Phòng, of the provinces merged into it (its 2008 self
 * and Hải Dương: the base records' communes and history districts) and of Hà Nội only: the
 * country's other 13,000 communes and their successions add no path to a walk, only the same
 * rows again at every run (a copy carries them all, the all-or-nothing check hashes them all).
 */
static void init_reference(vl_ctx *ctx, vl_db *db)
{
    assert_int_equal(vl_db_init_reference(ctx, db), VL_OK);
    assert_int_equal(vl__db_exec(ctx, db,
                                 "WITH RECURSIVE top(id, root) AS (SELECT id, id FROM areas WHERE"
                                 " parent IS NULL UNION ALL SELECT a.id, t.root FROM areas a JOIN"
                                 " top t ON a.parent = t.id) DELETE FROM areas WHERE id IN (SELECT"
                                 " t.id FROM top t JOIN areas p ON p.id = t.root WHERE p.code NOT"
                                 " IN ('01', '30', '31'))"),
                     VL_OK);
}

/* A new database at path with the reference data and the base records (test-store-util.h). */
static vl_db *base_db(vl_ctx *ctx, const char *path)
{
    remove(path);
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(ctx, path, VL_DB_CREATE, &db), VL_OK);
    init_reference(ctx, db);
    vts_import_base(ctx, db);
    return db;
}

/* A referrals file's header and a hire of the base records, which several operations read. */
#define REFERRALS_HEAD                                                                             \
    "id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\n"
#define REFERRAL_R1 "R1,S301,V201,2025-01-12,desk,hoa.nt,hired,2025-01-20,2025-02-01,8000000\n"

static void after_import(void *ud, vl_status st)
{
    import_case *c = ud;
    vl_db *db = open_db(c->work);
    char hex[65];
    vts_db_hash(db, hex);
    vl_db_close(db);
    if (strcmp(hex, st == VL_OK ? c->after : c->before) != 0) { /* all or nothing */
        char cmd[700];
        snprintf(cmd, sizeof cmd,
                 "sqlite3 '%s' 'SELECT * FROM seekers; SELECT * FROM seeker_skills; SELECT * FROM "
                 "seeker_languages; SELECT * FROM seeker_priority; SELECT * FROM seeker_abroad; "
                 "SELECT * FROM seeker_occupations' | sed 's/^/# /'",
                 c->work);
        if (system(cmd) != 0)
            printf("# (sqlite3 failed)\n");
        fail_msg("import: after allocation %ld failed (status %d) the database is %s", c->n,
                 (int)st, st == VL_OK ? "not what the import writes" : "changed");
    }
}

static void test_import(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    import_case c = {vt_tmpfile("oom-pristine.db"),
                     vt_tmpfile("oom-work.db"),
                     vt_tmpfile("oom-seekers.csv"),
                     "",
                     "",
                     0};
    remove(c.pristine);
    vl_db *db = NULL;
    assert_int_equal(vl_db_open(ctx, c.pristine, VL_DB_CREATE, &db), VL_OK);
    init_reference(ctx, db);
    assert_int_equal(vts_import(ctx, db, VL_KIND_EMPLOYERS, "oom-e.csv", VTS_EMPLOYERS, NULL, NULL),
                     VL_OK);
    assert_int_equal(vts_import(ctx, db, VL_KIND_VACANCIES, "oom-v.csv", VTS_VACANCIES, NULL, NULL),
                     VL_OK);
    vts_db_hash(db, c.before);
    vl_db_close(db);
    vt_write_file(c.csv, VTS_SEEKERS);
    copy_file(c.pristine, c.work);
    db = open_db(c.work);
    vl__alloc_reset();
    assert_int_equal(vl_db_import(ctx, db, VL_KIND_SEEKERS, c.csv, NULL, NULL), VL_OK);
    unsigned long total = vl__alloc_calls(); /* the import's allocations, for next_n */
    vl__alloc_reset();
    vts_db_hash(db, c.after);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    /* walk's N reaches op_import through vt_oom_n */
    long n, runs = 0;
    for (n = first_n();; n = next_n(n, total), runs++) {
        vl_ctx *x;
        assert_int_equal(vl_ctx_create(&x), VL_OK);
        vl__alloc_fail_after(0, false);
        copy_file(c.pristine, c.work);
        vl_db *w = open_db(c.work);
        vl__alloc_reset();
        vl__alloc_fail_after(n, false);
        vl_import_stats s;
        vl_status st = vl_db_import(x, w, VL_KIND_SEEKERS, c.csv, NULL, &s);
        bool failed = vl__alloc_failures() > 0;
        vl__alloc_reset();
        vl_db_close(w);
        if (st == VL_OK)
            assert_int_equal(s.inserted, 4);
        else if (st != VL_ERR_NOMEM || !strstr(vl_ctx_errmsg(x), "out of memory")) {
            vts_dump_diags(x);
            fail_msg("import: allocation %ld failed: status %d, '%s' (want out of memory)", n,
                     (int)st, vl_ctx_errmsg(x));
        }
        c.n = n;
        after_import(&c, st);
        vl_ctx_destroy(x);
        if (!failed)
            break;
        assert_true(n < 400000);
    }
    printf("# import: %ld runs over %lu allocations, the last without a failure\n", runs + 1,
           total);
}

/* ---- loading the records and building the match index -----------------------------------------
 */

typedef struct match_case {
    const char *path;
    vl_match_model *model;
    size_t vacancies, seekers;
} match_case;

static vl_status op_index(vl_ctx *ctx, void *ud, bool *complete)
{
    match_case *c = ud;
    vl_db *db = NULL;
    vl_dataset *ds = NULL;
    vl_match_index *idx = NULL;
    vl_status st = vl_db_open(ctx, c->path, VL_DB_READONLY, &db);
    if (st == VL_OK)
        st = vl_db_load_dataset(ctx, db, &ds);
    vl_match_options mo = {.as_of = 20250301};
    if (st == VL_OK)
        st = vl_match_index_create(ctx, ds, c->model, &mo, &idx);
    if (st == VL_OK)
        *complete = vl_match_index_vacancy_count(idx) == c->vacancies &&
                    vl_match_index_seeker_count(idx) == c->seekers;
    vl_match_index_destroy(idx);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    return st;
}

static void test_match_index(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    match_case c = {vt_tmpfile("oom-match.db"), NULL, 0, 0};
    vl_db *db = base_db(ctx, c.path);
    vl_db_close(db);
    assert_int_equal(vl_match_model_create_default(ctx, &c.model), VL_OK);
    bool complete;
    c.vacancies = SIZE_MAX;
    /* the reference counts from a run without failures */
    vl_dataset *ds = NULL;
    vl_match_index *idx = NULL;
    assert_int_equal(vl_db_open(ctx, c.path, VL_DB_READONLY, &db), VL_OK);
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    vl_match_options mo = {.as_of = 20250301};
    assert_int_equal(vl_match_index_create(ctx, ds, c.model, &mo, &idx), VL_OK);
    c.vacancies = vl_match_index_vacancy_count(idx);
    c.seekers = vl_match_index_seeker_count(idx);
    assert_true(c.vacancies > 0 && c.seekers > 0);
    vl_match_index_destroy(idx);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    (void)complete;
    walk("load and match index", op_index, NULL, &c);
    vl_match_model_destroy(c.model);
    vl_ctx_destroy(ctx);
}

/* ---- fair planning ----------------------------------------------------------------------------
 */

typedef struct fair_case {
    vl_match_index *idx;
    vl_fair_params params;
    size_t invitations;
} fair_case;

static vl_status op_fair(vl_ctx *ctx, void *ud, bool *complete)
{
    fair_case *c = ud;
    vl_fair_input *in = NULL;
    vl_fair_plan *plan = NULL;
    vl_status st = vl_fair_input_create(ctx, c->idx, &c->params, &in);
    if (st == VL_OK)
        st = vl_fair_solve(ctx, vl_fair_input_problem(in), &c->params, VL_FAIR_FLOW, &plan);
    if (st == VL_OK)
        *complete = plan->n_invitations == c->invitations;
    vl_fair_plan_destroy(plan);
    vl_fair_input_destroy(in);
    return st;
}

static void test_fair(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_gen_options go;
    vl_gen_options_default(&go);
    go.n_seekers = 120;
    go.n_vacancies = 30;
    go.n_employers = 8;
    vl_dataset *ds = NULL;
    assert_int_equal(vl_gen_dataset(ctx, &go, &ds), VL_OK);
    vl_match_model *model = NULL;
    assert_int_equal(vl_match_model_create_default(ctx, &model), VL_OK);
    fair_case c = {NULL, {0}, 0};
    vl_match_options mo = {.as_of = go.as_of};
    assert_int_equal(vl_match_index_create(ctx, ds, model, &mo, &c.idx), VL_OK);
    vl_fair_params_default(&c.params);
    bool complete = false;
    c.invitations = SIZE_MAX;
    vl_fair_input *in = NULL;
    vl_fair_plan *plan = NULL;
    assert_int_equal(vl_fair_input_create(ctx, c.idx, &c.params, &in), VL_OK);
    assert_int_equal(vl_fair_solve(ctx, vl_fair_input_problem(in), &c.params, VL_FAIR_FLOW, &plan),
                     VL_OK);
    c.invitations = plan->n_invitations;
    assert_true(c.invitations > 0);
    vl_fair_plan_destroy(plan);
    vl_fair_input_destroy(in);
    (void)complete;
    walk("fair plan (candidates, flow)", op_fair, NULL, &c);
    vl_match_index_destroy(c.idx);
    vl_match_model_destroy(model);
    vl_dataset_destroy(ds);
    vl_ctx_destroy(ctx);
}

/* ---- hierarchical forecast --------------------------------------------------------------------
 */

typedef struct hier_case {
    vl_history *h;
    size_t nodes;
    double total0; /* the total's first forecast */
} hier_case;

static vl_status op_hier(vl_ctx *ctx, void *ud, bool *complete)
{
    hier_case *c = ud;
    vl_hier_options opt;
    vl_hier_options_init(&opt);
    opt.forecast.horizon = 4;
    opt.forecast.model = "theta";
    opt.forecast.origins = 2;
    opt.by[0] = "area";
    opt.by[1] = "industry";
    opt.n_by = 2;
    /* the planner's judgement: a fix and an event that apply, one naming no series */
    vl_period p0 = vl_period_from_index(4, 2018 * 4 + 16);
    const vl_hier_judgement fixes[] = {
        {.keys = {"288", "A"}, .from = p0, .to = p0, .value = 70, .id = "A1"},
        {.keys = {"999", NULL}, .from = p0, .to = p0, .value = 1, .id = "A2"}};
    const vl_hier_judgement events[] = {
        {.keys = {"289", NULL}, .from = p0, .value = 5, .id = "S1"}};
    opt.fixes = fixes;
    opt.n_fixes = 2;
    opt.events = events;
    opt.n_events = 1;
    vl_hier *H = NULL;
    vl_status st = vl_hier_forecast(ctx, c->h, &opt, &H);
    if (st == VL_OK) {
        vl_hier_node nd;
        vl_hier_judged d[3] = {{0}};
        for (size_t i = 0; i < 3; i++)
            vl_hier_judged_get(H, i, &d[i]);
        *complete = vl_hier_count(H) == c->nodes && vl_hier_get(H, 0, &nd) &&
                    (c->nodes == SIZE_MAX || nd.mean[0] == c->total0) &&
                    vl_hier_judged_count(H) == 3 && d[0].status == VL_JUDGED_APPLIED &&
                    d[1].status == VL_JUDGED_APPLIED && d[2].status == VL_JUDGED_NO_SERIES &&
                    strcmp(d[2].id, "A2") == 0;
        if (c->nodes == SIZE_MAX && vl_hier_get(H, 0, &nd)) {
            c->nodes = vl_hier_count(H);
            c->total0 = nd.mean[0];
        }
    }
    vl_hier_destroy(H);
    return st;
}

static void test_hier(void **state)
{
    (void)state;
    static const char *const names[] = {"area", "industry"};
    vl_history_builder *b = vl__hb_create(names, 2);
    assert_non_null(b);
    size_t line = 2;
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 2; k++)
            for (int t = 0; t < 16; t++) {
                char area[12], ind[4];
                snprintf(area, sizeof area, "%d", 288 + a);
                snprintf(ind, sizeof ind, "%c", 'A' + k);
                const char *keys[] = {area, ind};
                double v = 50 + 10 * a + 5 * k + t + 3 * ((t * 7 + a + k) % 4);
                assert_true(vl__hb_add(b, "vacancies", vl_period_from_index(4, 2018 * 4 + t), v,
                                       keys, line++));
            }
    hier_case c = {vl__hb_finish(b), SIZE_MAX, 0};
    assert_non_null(c.h);
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_ctx_set_threads(ctx, 1);
    bool complete;
    assert_int_equal(op_hier(ctx, &c, &complete), VL_OK);
    assert_int_equal(c.nodes, 1 + 2 + 2 + 4);
    vl_ctx_destroy(ctx);
    walk("hierarchical forecast", op_hier, NULL, &c);
    vl_history_destroy(c.h);
}

/* ---- a run of auto whose members include the pooled regression -----------------------------
 */

typedef struct auto_case {
    vl_forecast_input in[10];
    double y[10][24];
    char names[10][8];
    double mean0; /* the first series' first forecast */
} auto_case;

static vl_status op_auto(vl_ctx *ctx, void *ud, bool *complete)
{
    auto_case *c = ud;
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    o.horizon = 2;
    o.validation = 1; /* one validation cut besides the final one: every path, fewer fits */
    vl_forecast *f = NULL;
    vl_status st = vl_forecast_inputs(ctx, c->in, 10, &o, &f);
    if (st == VL_OK) {
        vl_forecast_series s;
        *complete = vl_forecast_get(f, 0, &s) && strstr(s.description, "pooled AR") &&
                    (isnan(c->mean0) || s.mean[0] == c->mean0);
        if (isnan(c->mean0))
            c->mean0 = s.mean[0];
    }
    vl_forecast_destroy(f);
    return st;
}

static void test_auto_pooled(void **state)
{
    (void)state;
    static auto_case c;
    for (size_t i = 0; i < 10; i++) {
        for (size_t t = 0; t < 24; t++)
            c.y[i][t] = 40 + 3.0 * (double)i + 0.5 * (double)t + 4 * (double)((t + i) % 4) +
                        2 * sin(1.3 * (double)(t * (i + 1)));
        snprintf(c.names[i], sizeof c.names[i], "s%zu", i);
        c.in[i] =
            (vl_forecast_input){.name = c.names[i], .first = {4, 2018, 1}, .y = c.y[i], .n = 24};
    }
    c.mean0 = NAN;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_ctx_set_threads(ctx, 1);
    bool complete = false;
    assert_int_equal(op_auto(ctx, &c, &complete), VL_OK);
    assert_true(complete);
    vl_ctx_destroy(ctx);
    walk("auto with the pooled regression", op_auto, NULL, &c);
}

/* ---- a seeker's data, given to them --------------------------------------------------------- */

typedef struct provide_case {
    vl_db *db;
    char *first;    /* the document from "record" to "access" of the run without failures */
    int64_t audits; /* provisions in the audit before the run */
} provide_case;

static int64_t provisions(vl_db *db)
{
    return vts_count(db, "SELECT COUNT(*) FROM access_audit WHERE action = 'provide'");
}

/* The part of a document that every run gives alike: the time and the audit's rows differ. */
static char *stable_part(const char *json)
{
    const char *a = strstr(json, "\"record\""), *b = strstr(json, "\"access\"");
    return a && b && b > a ? strndup(a, (size_t)(b - a)) : NULL;
}

static vl_status op_provide(vl_ctx *ctx, void *ud, bool *complete)
{
    provide_case *c = ud;
    char *json = NULL;
    vl_status st = vl_db_seeker_data(ctx, c->db, "S301", "oom", &json);
    if (st == VL_OK) {
        char *part = stable_part(json);
        if (part && !c->first) {
            c->first = part;
            part = NULL;
            *complete = true;
        } else {
            *complete = part && strcmp(part, c->first) == 0 && strstr(part, "\"followups\"");
        }
        free(part);
    }
    free(json);
    return st;
}

/* A document given is audited, a failed one is not (one transaction). */
static void after_provide(void *ud, vl_status st)
{
    provide_case *c = ud;
    int64_t now = provisions(c->db);
    if (now != c->audits + (st == VL_OK))
        fail_msg("provide: status %d, and %lld provisions audited after %lld", (int)st,
                 (long long)now, (long long)c->audits);
    c->audits = now;
}

static void test_provide(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const char *path = vt_tmpfile("oom-provide.db");
    provide_case c = {.db = base_db(ctx, path)};
    vts_import_ok(ctx, c.db, VL_KIND_REFERRALS, "oom-provide-r.csv",
                  REFERRALS_HEAD REFERRAL_R1
                  "R4,S301,V202,2025-01-14,online,lan.pt,rejected,2025-01-16,,\n",
                  NULL);
    vts_import_ok(ctx, c.db, VL_KIND_FOLLOWUPS, "oom-provide-f.csv",
                  "referral,checked_on,employed\nR1,2025-05-01,yes\n", NULL);
    vts_import_ok(ctx, c.db, VL_KIND_COUNSELLING, "oom-provide-c.csv",
                  "seeker,counselled_on,staff,topic\nS301,2025-01-05,hoa.nt,Định hướng nghề\n",
                  NULL);
    const vl_audit_entry e = {"hoa.nt", "shortlist", "vacancy", "V201", "S302,S301"};
    assert_int_equal(vl_db_audit_append(ctx, c.db, &e, 1), VL_OK);
    vl_ctx_destroy(ctx);
    c.audits = provisions(c.db);
    walk("a seeker's data", op_provide, after_provide, &c);
    free(c.first);
    vl_db_close(c.db);
}

/* ---- a copy into another database ------------------------------------------------------------
 */

static long copy_next(long n, unsigned long total)
{
    if (getenv("VT_OOM_FULL") || n < 150 || total <= 300)
        return next_n(n, total);
    long stride = (long)((total - 150) / 150);
    return n + (stride > 1 ? stride : 1);
}

/* The copy into a new database (join and part NULL), the join of province join's file into one
 * that holds another record already (an employer of its own), or province part taken out (its
 * target and judgement made under its scope), the join with its ids renamed by prefix: a failed
 * allocation anywhere is out of memory with the target as it was, never a partial copy said OK. */
static void copy_walk(const char *join, const char *part, const char *prefix)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    /* vt_tmpfile's buffers are reused by the imports below: the names kept here */
    char src[512], pristine[512], work[512];
    snprintf(src, sizeof src, "%s", vt_tmpfile("oom-copy-from.db"));
    snprintf(pristine, sizeof pristine, "%s", vt_tmpfile("oom-copy-empty.db"));
    snprintf(work, sizeof work, "%s", vt_tmpfile("oom-copy-to.db"));
    remove(pristine);
    vl_db *db = base_db(ctx, src);
    vts_import_ok(ctx, db, VL_KIND_REFERRALS, "oom-copy-r.csv", REFERRALS_HEAD REFERRAL_R1, NULL);
    /* what the planners keep: a target and a judgement */
    if (part)
        assert_int_equal(vl_db_set_load_scope_list(ctx, db, part), VL_OK);
    assert_int_equal(vl_db_target_set(ctx, db, 2025, VL_ACT_PLACED, 40), VL_OK);
    const vl_judgement j = {.keys = "{\"area\":\"288\"}",
                            .from = {4, 2025, 3},
                            .to = {4, 2025, 4},
                            .value = 120,
                            .reason = "Khu công nghiệp mới",
                            .created_by = "lan"};
    int64_t jid;
    assert_int_equal(vl_db_judgement_add(ctx, db, &j, &jid), VL_OK);
    vl_db_close(db);
    assert_int_equal(vl_db_open(ctx, pristine, VL_DB_CREATE, &db), VL_OK);
    init_reference(ctx, db);
    if (join)
        vts_import_ok(ctx, db, VL_KIND_EMPLOYERS, "oom-copy-e.csv",
                      "id,name,industry,area\nHN-E1,Công ty Hà Nội,C,\n", NULL);
    char empty[65];
    vl_copy_report first = {0};
    vts_db_hash(db, empty);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    unsigned long total = 0;
    long n, runs = 0;
    /* n = 0: the run without failures, which counts the allocations and keeps its report. A
     * copy is an export and an import of every kind, whose own walks are above: half their
     * points here (the first 150 one by one, 150 spread over the rest) keep it to two minutes
     * under ASan */
    for (n = 0;; n = n ? copy_next(n, total) : first_n(), runs++) {
        vl_ctx *x;
        assert_int_equal(vl_ctx_create(&x), VL_OK);
        vl_ctx_set_threads(x, 1);
        vl__alloc_fail_after(0, false);
        copy_file(pristine, work);
        vl_db *from = open_db(src), *to = open_db(work);
        vl__alloc_reset();
        vl__alloc_fail_after(n, false);
        vl_copy_report rep;
        vl_status st = join   ? vl_db_copy_join(x, from, to, join, prefix, &rep)
                       : part ? vl_db_copy_province(x, from, to, part, &rep)
                              : vl_db_copy(x, from, to, &rep);
        bool failed = vl__alloc_failures() > 0;
        if (n == 0)
            total = vl__alloc_calls();
        vl__alloc_reset();
        char hex[65];
        vts_db_hash(to, hex);
        vl_db_close(from);
        vl_db_close(to);
        if (st == VL_OK) {
            /* the whole copy, verified kind by kind, as the run without failures made it (the
             * target's own hash differs by the times outcomes are recorded) */
            if (n == 0)
                first = rep;
            bool whole = rep.n == first.n && rep.n == VL_KIND_COUNT &&
                         memcmp(rep.planning, first.planning, sizeof rep.planning) == 0 &&
                         rep.planning[0] == 1 && rep.planning[1] == 1;
            for (size_t i = 0; whole && i < rep.n; i++)
                whole = rep.tables[i].same && rep.tables[i].rows == first.tables[i].rows &&
                        strcmp(rep.tables[i].sha256_to, first.tables[i].sha256_to) == 0;
            if (!whole)
                fail_msg("copy: allocation %ld failed, the copy said OK with a partial result", n);
            if (join && rep.tables[1].kind == VL_KIND_EMPLOYERS &&
                strcmp(rep.tables[1].sha256_from, rep.tables[1].sha256_to) != 0)
                fail_msg("join: allocation %ld failed, the employers' digests differ", n);
        } else if (st != VL_ERR_NOMEM || !strstr(vl_ctx_errmsg(x), "out of memory")) {
            vts_dump_diags(x);
            fail_msg("copy: allocation %ld failed: status %d, '%s' (want out of memory)", n,
                     (int)st, vl_ctx_errmsg(x));
        } else if (strcmp(hex, empty) != 0) {
            fail_msg("copy: allocation %ld failed and the target is not as it was", n);
        }
        vl_ctx_destroy(x);
        if (n == 0)
            assert_int_equal(st, VL_OK);
        else if (!failed)
            break;
        assert_true((unsigned long)n < 2 * total + 1000); /* the walk ends past the last */
    }
    printf("# %s: %ld runs over %lu allocations, the last without a failure\n",
           join   ? "join"
           : part ? "province"
                  : "copy",
           runs, total);
}

static void test_copy(void **state)
{
    (void)state;
    copy_walk(NULL, NULL, NULL);
}

static void test_copy_join(void **state)
{
    (void)state;
    copy_walk("31", NULL, "HP-"); /* the ids renamed: every path of the join and the prefix's */
}

static void test_copy_province(void **state)
{
    (void)state;
    copy_walk(NULL, "31", NULL);
}

/* ---- one province's activity report on a shared database --------------------------------------
 */

typedef struct activity_case {
    vl_db *db;
    const char *csv;
    char *first; /* the report of the run without failures */
} activity_case;

/* The scope set, the data set, referrals and extras read under it, the report made and written:
 * what a province's server does for its planner. */
static vl_status op_activity(vl_ctx *ctx, void *ud, bool *complete)
{
    activity_case *c = ud;
    vl_dataset *ds = NULL;
    vl_referral_set *refs = NULL;
    vl_activity_data *extra = NULL;
    vl_activity *rep = NULL;
    remove(c->csv);
    vl_status st = vl_db_set_load_scope_list(ctx, c->db, "31");
    if (st == VL_OK)
        st = vl_db_load_dataset_referrals(ctx, c->db, NULL, &ds, &refs);
    if (st == VL_OK)
        st = vl_db_load_activity_data(ctx, c->db, 2025, &extra);
    vl_activity_options o = {
        .from = 20250101, .to = 20251231, .exact = true, .as_of = 20260301, .provinces = "31"};
    if (st == VL_OK)
        st = vl_activity_create(ctx, ds, refs, extra, &o, &rep);
    if (st == VL_OK)
        st = vl_activity_csv(ctx, rep, c->csv);
    if (st == VL_OK) {
        size_t len;
        char *text = vt_read_file(c->csv, &len);
        if (text && !c->first) {
            c->first = text;
            text = NULL;
            /* Hai Phong's: its seekers, the referral of Ha Noi's seeker as a position filled */
            *complete = strstr(c->first, "counts,total,all,registered,current,3,") &&
                        strstr(c->first, "counts,total,all,filled,current,2,") &&
                        strstr(c->first, "counts,total,all,placed,current,1,") &&
                        strstr(c->first, "targets,year,all,placed,current,90,");
            if (!*complete)
                printf("# %s\n", c->first);
        } else {
            *complete = text && strcmp(text, c->first) == 0;
        }
        free(text);
    }
    vl_activity_destroy(rep);
    vl_activity_data_destroy(extra);
    vl_referral_set_destroy(refs);
    vl_dataset_destroy(ds);
    return st;
}

static void test_activity_scope(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const char *path = vt_tmpfile("oom-activity.db");
    activity_case c = {.db = base_db(ctx, path), .csv = vt_tmpfile("oom-activity.csv")};
    /* a seeker of Ha Noi, placed in Hai Phong: Hai Phong counts the position filled */
    vts_import_ok(ctx, c.db, VL_KIND_SEEKERS, "oom-activity-s.csv",
                  "id,name,birth_year,gender,area,education,occupations,skills,experience_years,"
                  "languages,wage_min,max_commute_km,abroad,priority,registered,status\n"
                  "S401,Đỗ Văn Hải,1995,male,00004,thpt,7533,,1,,,,,,2025-02-01,active\n",
                  NULL);
    vts_import_ok(ctx, c.db, VL_KIND_REFERRALS, "oom-activity-r.csv",
                  REFERRALS_HEAD REFERRAL_R1
                  "R2,S401,V202,2025-02-03,desk,hoa.nt,hired,2025-02-10,2025-03-01,8500000\n",
                  NULL);
    vts_import_ok(ctx, c.db, VL_KIND_COUNSELLING, "oom-activity-c.csv",
                  "seeker,counselled_on,staff,topic\nS301,2025-01-05,hoa.nt,Định hướng nghề\n"
                  "S401,2025-01-06,hoa.nt,Định hướng nghề\n",
                  NULL);
    assert_int_equal(vl_db_set_load_scope_list(ctx, c.db, "31"), VL_OK);
    assert_int_equal(vl_db_target_set(ctx, c.db, 2025, VL_ACT_PLACED, 90), VL_OK);
    assert_int_equal(vl_db_set_load_scope_list(ctx, c.db, "01"), VL_OK);
    assert_int_equal(vl_db_target_set(ctx, c.db, 2025, VL_ACT_PLACED, 7), VL_OK);
    vl_ctx_destroy(ctx);
    walk("a province's activity report", op_activity, NULL, &c);
    free(c.first);
    vl_db_close(c.db);
}

/* ---- one province's forecast inputs on a shared database --------------------------------------
 */

/* What a province's server reads for its planner's forecast: the scope set, its part of the
 * stored history (a pre-reform district read across the reform), the history derived from its
 * records, its judgements, the key sets its page offers. */
static vl_status op_forecast_scope(vl_ctx *ctx, void *ud, bool *complete)
{
    vl_db *db = ud;
    vl_history *h = NULL, *d = NULL;
    vl_judgements *js = NULL;
    vl_list *keys = NULL;
    vl_status st = vl_db_set_load_scope_list(ctx, db, "31");
    if (st == VL_OK)
        st = vl_db_load_history(ctx, db, &h);
    if (st == VL_OK)
        st = vl_db_derive_history(ctx, db, &d);
    if (st == VL_OK)
        st = vl_db_load_judgements(ctx, db, true, &js);
    if (st == VL_OK)
        st = vl_db_history_keys(ctx, db, &keys);
    if (st == VL_OK) {
        /* the base history's rows (Hai Duong's 288 and 290, Hai Phong's today) and the new 288
         * rows; none of Ha Noi's 001 */
        bool hp = h->n_rows == 10;
        for (size_t i = 0; i < h->n_rows; i++)
            hp = hp && strcmp(h->rows[i].keys[0], "001") != 0;
        for (size_t i = 0; i < vl_list_rows(keys); i++)
            hp = hp && !strstr(vl_list_value(keys, i, 0), "001");
        *complete = hp && vl_list_rows(keys) == 3 && d->n_rows > 0 && vl_judgements_count(js) == 1;
    }
    vl_list_destroy(keys);
    vl_judgements_destroy(js);
    vl_history_destroy(d);
    vl_history_destroy(h);
    return st;
}

static void test_forecast_scope(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_db *db = base_db(ctx, vt_tmpfile("oom-forecast.db"));
    vts_import_ok(ctx, db, VL_KIND_HISTORY, "oom-forecast-h.csv",
                  "series,period,value,area,industry\n"
                  "vac-288,2025Q1,10,288,C\nvac-288,2025Q2,12,288,C\nvac-288,2025Q3,11,288,C\n"
                  "vac-288,2025Q4,14,288,C\nvac-001,2025Q1,20,001,C\nvac-001,2025Q2,22,001,C\n"
                  "vac-001,2025Q3,21,001,C\nvac-001,2025Q4,24,001,C\n",
                  NULL);
    vl_judgement j = {.series = "",
                      .keys = "{\"area\": \"288\"}",
                      .value = 5,
                      .reason = "KCN",
                      .created_by = "hp"};
    vl_period_parse("2026Q1", &j.from);
    j.to = j.from;
    int64_t id;
    assert_int_equal(vl_db_set_load_scope_list(ctx, db, "31"), VL_OK);
    assert_int_equal(vl_db_judgement_add(ctx, db, &j, &id), VL_OK);
    assert_int_equal(vl_db_set_load_scope_list(ctx, db, "01"), VL_OK);
    assert_int_equal(vl_db_judgement_add(ctx, db, &j, &id), VL_OK);
    vl_ctx_destroy(ctx);
    walk("a province's forecast inputs", op_forecast_scope, NULL, db);
    vl_db_close(db);
}

/* ---- a ROLLBACK that fails ---------------------------------------------------------------------
 */

/* Out of memory while a read transaction ends (SQLite prepares the ROLLBACK) leaves the
 * connection in that transaction; the next transaction on it must still begin (a server's pooled
 * connection would otherwise fail every request after one such failure). */
static void test_rollback_fails(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_db *db = base_db(ctx, vt_tmpfile("oom-rollback.db"));
    int64_t n = 0, failed = 0, refused = 0;
    assert_int_equal(vl__db_exec(ctx, db,
                                 "CREATE TABLE vacancies_kept AS SELECT * FROM vacancies"
                                 " WHERE id = 'V201'"),
                     VL_OK);
    for (long k = 1; k <= 3; k++) {
        assert_int_equal(vl__db_begin_read(ctx, db), VL_OK);
        assert_int_equal(vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM seekers", &n), VL_OK);
        vl__alloc_reset();
        vl__alloc_fail_after(k, false);
        vl__db_end_read(db);
        failed += vl__alloc_failures() > 0;
        vl__alloc_reset();
        assert_int_equal(vl__db_depth(db), 0);
        /* whatever the failure left, the next transaction begins and reads */
        assert_int_equal(vl__db_begin_read(ctx, db), VL_OK);
        assert_int_equal(vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM seekers", &n), VL_OK);
        vl__db_end_read(db);
        assert_int_equal(n, 4);
    }
    assert_true(failed > 0); /* the ROLLBACK did meet a failure */
    /* an inner level whose ROLLBACK TO fails: what it wrote may remain, so the outer level
     * commits nothing and says so */
    for (long k = 1; k <= 3; k++) {
        assert_int_equal(vl__db_begin(ctx, db), VL_OK);
        assert_int_equal(vl__db_exec(ctx, db, "DELETE FROM vacancies WHERE id = 'V201'"), VL_OK);
        assert_int_equal(vl__db_begin(ctx, db), VL_OK);
        assert_int_equal(vl__db_exec(ctx, db, "DELETE FROM seekers WHERE id = 'S301'"), VL_OK);
        vl__alloc_reset();
        vl__alloc_fail_after(k, false);
        vl__db_rollback(db);
        bool hit = vl__alloc_failures() > 0;
        vl__alloc_reset();
        vl_status st = vl__db_commit(ctx, db);
        int64_t seekers = 0, vacancies = 0;
        assert_int_equal(vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM seekers", &seekers), VL_OK);
        assert_int_equal(vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM vacancies", &vacancies),
                         VL_OK);
        if (st == VL_OK) { /* the inner level was undone: the outer one's delete is kept */
            assert_int_equal(seekers, 4);
            assert_int_equal(vacancies, 3);
            assert_int_equal(
                vl__db_exec(ctx, db, "INSERT INTO vacancies SELECT * FROM vacancies_kept"), VL_OK);
        } else { /* nothing at all */
            refused++;
            assert_true(hit);
            assert_int_equal(st, VL_ERR_NOMEM);
            assert_int_equal(seekers, 4);
            assert_int_equal(vacancies, 4);
        }
        assert_int_equal(vl__db_depth(db), 0);
    }
    assert_true(refused > 0); /* a ROLLBACK TO did fail */
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    /* SQLite's allocations through the hooks too, so that a failure can land inside SQLite */
    if (!vl__store_route_alloc())
        fprintf(stderr, "# SQLite's allocator could not be routed: its failures are not tested\n");
    const char *only = getenv("VT_ONLY"); /* a test by name, when looking at one */
    if (only && *only)
        cmocka_set_test_filter(only);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import),         cmocka_unit_test(test_match_index),
        cmocka_unit_test(test_fair),           cmocka_unit_test(test_hier),
        cmocka_unit_test(test_auto_pooled),    cmocka_unit_test(test_provide),
        cmocka_unit_test(test_copy),           cmocka_unit_test(test_copy_join),
        cmocka_unit_test(test_copy_province),  cmocka_unit_test(test_activity_scope),
        cmocka_unit_test(test_forecast_scope), cmocka_unit_test(test_rollback_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
