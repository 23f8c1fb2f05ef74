/*
 * test-report.c - the planner's store and reports: a hierarchical run stored and loaded back
 * exactly (forecasts, history, accuracy, labels from the reference tables), the HTML page
 * (self-contained, one fan chart per series, Vietnamese by default, numbers in each language's
 * style) and the workbook (native charts), the labour balance on a hand-computed case, and
 * every error path.
 */
#include "testutil.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plan.h"
#include "report/text.h"

static char *unzip_member(const char *zip, const char *member)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import sys,zipfile; "
             "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' '%s' '%s'",
             zip, member);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 20, len = 0, n;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0)
        len += n;
    buf[len] = '\0';
    if (pclose(p) != 0)
        fail_msg("cannot read %s from %s", member, zip);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t c = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        c++;
    return c;
}

typedef struct fixture {
    vl_ctx *ctx;
    vl_db *db;
    vl_hier *hier;
    int64_t run;
} fixture;

/* 2 areas x 2 industries, 16 quarters of counts with a season and a trend. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(vl_ctx_create(&f->ctx), VL_OK);
    const char *csv = vt_tmpfile("history.csv");
    FILE *out = fopen(csv, "w");
    assert_non_null(out);
    fprintf(out, "series,period,value,area,industry\n");
    static const char *const areas[] = {"288", "290"}, *const inds[] = {"A", "C"};
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 2; k++)
            for (int t = 0; t < 16; t++) {
                double v = 20 + 7.5 * a + 31 * k + 0.75 * t +
                           (t % 4 == 0   ? 9
                            : t % 4 == 2 ? -4
                                         : 0) +
                           ((t * 7 + a * 3 + k) % 5);
                char num[32]; /* '.' under vi_VN too */
                fprintf(out, "v-%s-%s,%dQ%d,%s,%s,%s\n", areas[a], inds[k], 2021 + t / 4, t % 4 + 1,
                        vl_format_double(num, sizeof num, v, 10), areas[a], inds[k]);
            }
    assert_int_equal(fclose(out), 0);
    assert_int_equal(vl_db_open(f->ctx, vt_tmpfile("plan.db"), VL_DB_CREATE, &f->db), VL_OK);
    assert_int_equal(vl_db_init_reference(f->ctx, f->db), VL_OK);
    vl_import_stats stats;
    if (vl_db_import(f->ctx, f->db, VL_KIND_HISTORY, csv, NULL, &stats) != VL_OK)
        fail_msg("import: %s", vl_ctx_errmsg(f->ctx));
    vl_history *h;
    assert_int_equal(vl_db_load_history(f->ctx, f->db, &h), VL_OK);
    vl_hier_options opt;
    vl_hier_options_init(&opt);
    opt.forecast.horizon = 3;
    opt.forecast.origins = 2;
    opt.by[0] = "area";
    opt.by[1] = "industry";
    opt.n_by = 2;
    assert_int_equal(vl_hier_forecast(f->ctx, h, &opt, &f->hier), VL_OK);
    vl_history_destroy(h);
    assert_int_equal(vl_db_run_begin(f->ctx, f->db, "test", NULL, NULL, 0, &f->run), VL_OK);
    assert_int_equal(vl_db_store_hier(f->ctx, f->db, f->run, "forecast", f->hier), VL_OK);
    assert_int_equal(vl_db_run_end(f->ctx, f->db, f->run, VL_OK, "{\"lambda\": 0.25}"), VL_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    vl_hier_destroy(f->hier);
    vl_db_close(f->db);
    vl_ctx_destroy(f->ctx);
    free(f);
    return 0;
}

static void test_round_trip(void **state)
{
    fixture *f = *state;
    vl_plan *p;
    assert_int_equal(vl_db_load_plan(f->ctx, f->db, &f->run, 1, &p), VL_OK);
    assert_int_equal(p->n, vl_hier_count(f->hier));
    assert_int_equal(p->n, 9);
    assert_int_equal(p->n_runs, 1);
    assert_string_equal(p->runs[0].method, vl_reconcile_name(vl_hier_method(f->hier)));
    /* the stored order is the hierarchy's: total, areas, industries, bottom */
    for (size_t i = 0; i < p->n; i++) {
        vl_hier_node nd;
        vl_hier_get(f->hier, i, &nd);
        const plan_series *ps = &p->series[i];
        assert_string_equal(ps->level, nd.level);
        assert_string_equal(ps->kind, "forecast");
        assert_int_equal(ps->h, 3);
        assert_memory_equal(ps->mean, nd.mean, 3 * sizeof(double)); /* exact */
        /* the bands widest first: 95, then 80 */
        assert_int_equal(ps->n_bands, 2);
        assert_true(ps->band_level[0] == 95 && ps->band_level[1] == 80);
        assert_memory_equal(ps->band_lo[1], nd.lo, 3 * sizeof(double));
        assert_memory_equal(ps->band_hi[0], nd.hi + 3, 3 * sizeof(double));
        assert_int_equal(ps->n_hist, 16);
        assert_memory_equal(ps->hist, nd.history, 16 * sizeof(double));
        assert_true(ps->acc[0][PLAN_MASE] == nd.base_accuracy->mase);
        assert_true(ps->acc[1][PLAN_SMAPE] == nd.accuracy->smape);
        assert_int_equal(ps->fc_first.year, 2025);
        assert_int_equal(ps->fc_first.sub, 1);
        assert_string_equal(ps->model, nd.model);
    }
    /* labels from the reference tables */
    assert_string_equal(p->series[0].keys, "{}");
    assert_non_null(strstr(p->series[1].label_vi, "288"));
    assert_non_null(strstr(p->series[1].label_vi, "Hải Dương"));
    assert_string_equal(p->series[5].keys, "{\"area\":\"288\",\"industry\":\"A\"}");
    assert_non_null(strstr(p->series[5].label_vi, " · A "));
    assert_string_equal(rp_label(&p->series[0], false), "Toàn tỉnh");
    assert_string_equal(rp_label(&p->series[0], true), "Province total");
    vl_plan_destroy(p);
    vl_plan_destroy(NULL);

    int64_t id;
    assert_int_equal(vl_db_latest_run(f->ctx, f->db, "forecast", &id), VL_OK);
    assert_true(id == f->run);
    assert_int_equal(vl_db_latest_run(f->ctx, f->db, "balance", &id), VL_OK);
    assert_true(id == 0);
}

/* Stores the fixture's hierarchy as a new run of kind "forecast" or, as a balance run does, as
 * "demand" and "supply"; ok false ends the run failed. Returns its id. */
static int64_t store_run(fixture *f, bool balance, bool ok)
{
    int64_t run;
    assert_int_equal(vl_db_run_begin(f->ctx, f->db, "test", NULL, NULL, 0, &run), VL_OK);
    if (balance) {
        assert_int_equal(vl_db_store_hier(f->ctx, f->db, run, "demand", f->hier), VL_OK);
        assert_int_equal(vl_db_store_hier(f->ctx, f->db, run, "supply", f->hier), VL_OK);
    } else {
        assert_int_equal(vl_db_store_hier(f->ctx, f->db, run, "forecast", f->hier), VL_OK);
    }
    assert_int_equal(vl_db_run_end(f->ctx, f->db, run, ok ? VL_OK : VL_ERR_IO, NULL), VL_OK);
    return run;
}

/* A forecast run's report keeps the balance it had when it was the newest: runs made since
 * change the newest report only. */
static void test_balance_for_run(void **state)
{
    fixture *f = *state;
    int64_t f1 = f->run, id = -1;
    assert_int_equal(vl_db_balance_for_run(f->ctx, f->db, f1, &id), VL_OK);
    assert_true(id == 0); /* no balance yet */
    int64_t b1 = store_run(f, true, true);
    int64_t f2 = store_run(f, false, true);
    int64_t b2 = store_run(f, true, true);
    int64_t b2b = store_run(f, true, true); /* the balance run again: the newer one counts */
    int64_t f3 = store_run(f, false, true);
    (void)store_run(f, true, false); /* a failed balance run counts for nothing */
    int64_t f4 = store_run(f, false, false);
    assert_int_equal(vl_db_balance_for_run(f->ctx, f->db, f1, &id), VL_OK);
    assert_true(id == b1);
    assert_int_equal(vl_db_balance_for_run(f->ctx, f->db, f2, &id), VL_OK);
    assert_true(id == b2b && b2b > b2);
    assert_int_equal(vl_db_balance_for_run(f->ctx, f->db, f3, &id), VL_OK);
    assert_true(id == b2b); /* the newest forecast: the newest balance */
    assert_int_equal(vl_db_latest_run(f->ctx, f->db, "forecast", &id), VL_OK);
    assert_true(id == f3 && f4 > f3); /* a failed forecast run is not one */
    assert_int_equal(vl_db_latest_run(f->ctx, f->db, "balance", &id), VL_OK);
    assert_true(id == b2b);
    assert_int_equal(vl_db_balance_for_run(f->ctx, f->db, 0, &id), VL_ERR_ARG);
}

static void test_html(void **state)
{
    fixture *f = *state;
    vl_plan *p;
    assert_int_equal(vl_db_load_plan(f->ctx, f->db, &f->run, 1, &p), VL_OK);
    vl_report_options opt;
    vl_report_options_init(&opt);
    assert_string_equal(opt.lang, "vi");
    const char *path = vt_tmpfile("r.html");
    assert_int_equal(vl_report_html(f->ctx, p, &opt, path), VL_OK);
    size_t len;
    char *html = vt_read_file(path, &len);
    assert_non_null(strstr(html, "<html lang=\"vi\">"));
    assert_non_null(strstr(html, "Dự báo nhu cầu lao động"));
    assert_int_equal(count(html, "<path class=\"band\" fill=\"#c6dbef\""), 9); /* 95% */
    assert_int_equal(count(html, "<path class=\"band\" fill=\"#6baed6\""), 9); /* 80% */
    assert_non_null(strstr(html, "Khoảng tin cậy 95%"));
    assert_int_equal(count(html, "<path class=\"fc\""), 9);
    assert_int_equal(count(html, "<path class=\"hist\""), 9);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "nan"));
    /* the method in words, its identifier kept beside them for the record */
    assert_true(strstr(html, "MinT, tổng toàn tỉnh giữ theo dự báo của chính nó (mint_total), hệ "
                             "số co 0,250") ||
                strstr(html, "MinT (mint), hệ số co 0,250"));
    { /* the hierarchy's combination in plain words where leaders read it */
        char mt[256];
        assert_string_equal(rp_model_name("mean(theta,ces,ets,arima)", false, mt, sizeof mt),
                            "kết hợp Theta, CES, ETS, ARIMA (trung bình cộng)");
        assert_string_equal(rp_model_name("mean(theta,ces,ets,arima)", true, mt, sizeof mt),
                            "combination of Theta, CES, ETS, ARIMA (their mean)");
        assert_string_equal(rp_model_name("ARIMA(0,1,1)", false, mt, sizeof mt), "ARIMA(0,1,1)");
        assert_string_equal(rp_method_name("bottom_up", false, mt, sizeof mt),
                            "cộng dồn từ cấp chi tiết nhất lên (bottom_up)");
    }
    assert_non_null(strstr(html, "@page{size:A4"));
    assert_non_null(strstr(html, "Chưa có lượt chạy cân đối")); /* no balance in this run */
    /* page 1 stands alone: the summary section breaks the page after it */
    assert_non_null(strstr(html, "<section class=\"page1\" id=\"summary\">"));
    assert_non_null(strstr(html, ".page1{break-after:page"));
    assert_non_null(strstr(html, "Thông điệp chính"));
    assert_non_null(strstr(html, "thead{display:table-header-group}"));
    /* the coordinates are written with a '.' (SVG), never a ',' */
    assert_null(strstr(html, "d=\"M6,"));
    free(html);

    opt.lang = "en";
    opt.max_charts = 2;
    opt.title = "Hai Duong <2026>";
    assert_int_equal(vl_report_html(f->ctx, p, &opt, path), VL_OK);
    html = vt_read_file(path, &len);
    assert_non_null(strstr(html, "<title>Hai Duong &lt;2026&gt;</title>"));
    assert_non_null(strstr(html, "Key messages"));
    assert_non_null(strstr(html, "against the same quarters last year"));
    { /* page 1 names the total's model in words, escaped, and where its choice is shown */
        vl_buf want = {0};
        char mt[512];
        vl_buf_puts(&want, "The total's model: ");
        rp_esc(&want, rp_model_name(p->series[0].model, true, mt, sizeof mt));
        if (strncmp(p->series[0].model, "mean(", 5) == 0)
            assert_non_null(strstr(want.data, "combination of "));
        vl_buf_puts(&want, strncmp(p->series[0].model, "seasonal naive", 14) == 0
                               ? " (the coming quarters repeat"
                               : "; how it was chosen and its accuracy: Appendix B.");
        assert_non_null(strstr(html, want.data));
        vl_buf_free(&want);
    }
    assert_non_null(strstr(html, "None: every figure is the model's forecast")); /* no judgement */
    assert_int_equal(count(html, "<path class=\"band\" fill=\"#c6dbef\""), 2);
    assert_non_null(strstr(html, "80% interval"));
    free(html);
    /* a level cut short by max_charts says how many of it are drawn, not its share */
    opt.max_charts = 6;
    assert_int_equal(vl_report_html(f->ctx, p, &opt, path), VL_OK);
    html = vt_read_file(path, &len);
    assert_int_equal(count(html, "<path class=\"fc\""), 6);
    assert_non_null(strstr(html, "(the 1 largest of 4)"));
    assert_null(strstr(html, "(the 2 largest of 4)"));
    free(html);

    /* the workbook */
    const char *x = vt_tmpfile("r.xlsx");
    opt.lang = "vi";
    opt.max_charts = 0;
    opt.title = NULL;
    assert_int_equal(vl_report_xlsx(f->ctx, p, &opt, x), VL_OK);
    char *sheet = unzip_member(x, "xl/sharedStrings.xml"); /* the bounds columns */
    assert_non_null(strstr(sheet, "thấp 80"));
    assert_non_null(strstr(sheet, "cao 95"));
    free(sheet);
    char *book = unzip_member(x, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"Dự báo\""));
    assert_non_null(strstr(book, "name=\"Biểu đồ\""));
    assert_non_null(strstr(book, "name=\"Độ chính xác\""));
    free(book);
    char *chart = unzip_member(x, "xl/charts/chart9.xml");
    assert_non_null(strstr(chart, "<c:lineChart>"));
    assert_int_equal(count(chart, "<c:ser>"), 6);
    free(chart);
    vl_plan_destroy(p);
}

/* One thread's reports: the same plan written `rounds` times to path, each compared with
 * `want` (no cmocka call: its asserts are the main thread's). */
typedef struct report_job {
    const vl_plan *plan;
    const char *want;
    size_t want_len;
    char path[512];
    int rounds, same;
} report_job;

static void *report_thread(void *arg)
{
    report_job *j = arg;
    vl_ctx *ctx;
    if (vl_ctx_create(&ctx) != VL_OK)
        return NULL;
    vl_report_options opt;
    vl_report_options_init(&opt);
    char *got = malloc(j->want_len + 1);
    for (int r = 0; got && r < j->rounds; r++) {
        if (vl_report_html(ctx, j->plan, &opt, j->path) != VL_OK)
            break;
        FILE *fp = fopen(j->path, "rb");
        if (!fp)
            break;
        size_t n = fread(got, 1, j->want_len + 1, fp);
        fclose(fp);
        j->same += n == j->want_len && memcmp(got, j->want, n) == 0;
    }
    free(got);
    vl_ctx_destroy(ctx);
    return NULL;
}

/* Adds s to p as a quarterly series from 2023Q1 forecast from 2025Q1, with no accuracy. */
static void add_quarterly(vl_ctx *ctx, vl_plan *p, vl_plan_series_info *s)
{
    s->hist_first = (vl_period){.freq = 4, .year = 2023, .sub = 1};
    s->fc_first = (vl_period){.freq = 4, .year = 2025, .sub = 1};
    for (int w = 0; w < 2; w++)
        for (int m = 0; m < VL_PLAN_N_METRICS; m++)
            s->acc[w][m] = NAN;
    assert_int_equal(vl_plan_add_series(ctx, p, s), VL_OK);
}

/* A plan of n demand series at one level, their sizes in an order unlike their ids'. */
static vl_plan *plan_of(vl_ctx *ctx, size_t n)
{
    vl_plan *p;
    assert_int_equal(vl_plan_create(ctx, &p), VL_OK);
    for (size_t i = 0; i < n; i++) {
        double v = 100 + (double)((i * 37) % n), hist[8], mean[2] = {v, v + 1};
        for (int k = 0; k < 8; k++)
            hist[k] = v - 8 + k;
        char keys[64], code[16], label[32];
        snprintf(code, sizeof code, "%zu", 1000 + i);
        snprintf(keys, sizeof keys, "{\"occupation\":\"%s\"}", code);
        snprintf(label, sizeof label, "%s Thợ", code);
        vl_plan_series_info s = {.run_id = 1,
                                 .kind = "demand",
                                 .level = "occupation",
                                 .keys = keys,
                                 .n_keys = 1,
                                 .model = "ets",
                                 .freq = 4,
                                 .hist = hist,
                                 .n_hist = 8,
                                 .mean = mean,
                                 .h = 2};
        s.key_names[0] = "occupation";
        s.key_values[0] = code;
        s.label_vi = s.label_en = label;
        add_quarterly(ctx, p, &s);
    }
    return p;
}

/* Reports of different plans made at once on several threads (a server's planners) are each
 * what one thread alone makes: the sorts of the charts and of the balance keep no state
 * between calls (a shared one had a thread sort its series by another plan's: wrong charts,
 * or a read past the smaller plan's end). */
static void test_report_threads(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_plan *plans[2] = {plan_of(ctx, 2000), plan_of(ctx, 40)};
    char *want[2];
    size_t len[2];
    vl_report_options opt;
    vl_report_options_init(&opt);
    for (int k = 0; k < 2; k++) {
        const char *path = vt_tmpfile(k ? "alone-1.html" : "alone-0.html");
        assert_int_equal(vl_report_html(ctx, plans[k], &opt, path), VL_OK);
        want[k] = vt_read_file(path, &len[k]);
    }
    enum { NT = 4, ROUNDS = 20 };
    report_job jobs[NT];
    pthread_t th[NT];
    for (int t = 0; t < NT; t++) {
        jobs[t] = (report_job){plans[t % 2], want[t % 2], len[t % 2], "", ROUNDS, 0};
        char name[32];
        snprintf(name, sizeof name, "thread-%d.html", t);
        snprintf(jobs[t].path, sizeof jobs[t].path, "%s", vt_tmpfile(name));
        assert_int_equal(pthread_create(&th[t], NULL, report_thread, &jobs[t]), 0);
    }
    for (int t = 0; t < NT; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_int_equal(jobs[t].same, ROUNDS);
    }
    for (int k = 0; k < 2; k++) {
        free(want[k]);
        vl_plan_destroy(plans[k]);
    }
    vl_ctx_destroy(ctx);
}

static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        double v;
        int dec;
        bool en;
        const char *want;
    } cases[] = {
        {1234.5, 1, false, "1.234,5"},
        {1234.5, 1, true, "1,234.5"},
        {-1234567.25, 0, false, "−1.234.567"},
        {999.96, 1, true, "1,000.0"},
        {0.385, 3, false, "0,385"},
        {12, 0, true, "12"},
        {NAN, 2, false, "–"},
        {INFINITY, 0, true, "–"},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        char buf[64];
        rp_num(buf, sizeof buf, cases[i].v, cases[i].dec, cases[i].en);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("rp_num(%g): '%s', expected '%s'", cases[i].v, buf, cases[i].want);
    }
    /* a change that rounds to nothing has no sign: a seasonal naive forecast equals last
     * year's quarter up to rounding, and "−0,0%" reads as a fall */
    char b[64];
    assert_string_equal(rp_pct(b, sizeof b, 18094 - 1e-9, 18094, false), "0,0%");
    assert_string_equal(rp_pct(b, sizeof b, 18094 + 1e-9, 18094, true), "0.0%");
    assert_string_equal(rp_pct(b, sizeof b, 112.5, 100, false), "+12,5%");
    assert_string_equal(rp_pct(b, sizeof b, 97, 100, false), "−3,0%");
    assert_string_equal(rp_pct(b, sizeof b, 5, 0, false), "–");
    assert_string_equal(rp_signed(b, sizeof b, -0.3, false), "0");
    assert_string_equal(rp_signed(b, sizeof b, -1132, false), "−1.132");
    assert_string_equal(rp_signed(b, sizeof b, 214, true), "+214");
    vl_arena *a = vl_arena_create();
    assert_string_equal(rp_level_name(false, "area,industry", a), "Địa bàn × Ngành");
    assert_string_equal(rp_level_name(true, "occupation", a), "Occupation");
    assert_string_equal(rp_level_name(true, "total", a), "Province total");
    vl_arena_destroy(a);
}

/* Demand and supply of two groups over two quarters; sds from the 95% bounds. */
static void test_balance(void **state)
{
    (void)state;
    const double z = 1.959963984540054, z80 = 1.2815515655446004;
    double dm1[] = {100, 120}, dm2[] = {40, 50}, sm1[] = {60, 70}, sm2[] = {80, 75};
    double sd = 10; /* every step */
    double dlo1[] = {100 - z * sd, 120 - z * sd}, dhi1[] = {100 + z * sd, 120 + z * sd};
    double dlo2[] = {40 - z * sd, 50 - z * sd}, dhi2[] = {40 + z * sd, 50 + z * sd};
    double slo1[] = {60 - z * sd, 70 - z * sd}, shi1[] = {60 + z * sd, 70 + z * sd};
    double slo2[] = {80 - z * sd, 75 - z * sd}, shi2[] = {80 + z * sd, 75 + z * sd};
    plan_side d[] = {{"7", dm1, dlo1, dhi1, z}, {"4", dm2, dlo2, dhi2, z}};
    plan_side s[] = {
        {"7", sm1, slo1, shi1, z}, {"4", sm2, slo2, shi2, z}, {"9", sm2, slo2, shi2, z}};
    vl_balance_row rows[8];
    size_t n = plan_balance(d, 2, s, 3, 2, rows);
    assert_int_equal(n, 4);
    /* 7: 220 - 130 = 90 (shortage); 4: 90 - 155 = -65; 9: 0 - 155 = -155; then the total */
    static const struct {
        const char *occ;
        double gap, sd;
    } want[] = {{"7", 90, 28.284271247461902},
                {"4", -65, 28.284271247461902},
                {"9", -155, 20},
                {"", -130, 0}};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(rows[i].occupation, want[i].occ);
        assert_true(fabs(rows[i].gap - want[i].gap) < 1e-9);
        /* horizon sd = 2 * 10 per side, the sides independent */
        assert_true(fabs(rows[i].gap_hi95 - rows[i].gap - z * want[i].sd) < 1e-9);
        assert_true(fabs(rows[i].gap - rows[i].gap_lo80 - z80 * want[i].sd) < 1e-9);
    }
    assert_string_equal(rows[3].occupation, "");
    assert_true(fabs(rows[3].gap - (310 - 440)) < 1e-9);
    assert_true(fabs(rows[3].demand - 310) < 1e-9 && fabs(rows[3].supply - 440) < 1e-9);
    assert_true(rows[0].demand_lo95 >= 0 && rows[2].demand_lo95 == 0);
}

/* Any stored interval level is a band: a series with 90% alone draws that band and names it,
 * and the balance reads the same sd from it as from a 95% band of the same spread. */
static void test_any_level(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_plan *p;
    assert_int_equal(vl_plan_create(ctx, &p), VL_OK);
    const double sd = 10, z90 = vl_forecast_z(90), z95 = vl_forecast_z(95);
    assert_true(fabs(z90 - 1.6448536269514722) < 1e-12 && fabs(z95 - 1.959963984540054) < 1e-12);
    assert_true(isnan(vl_forecast_z(100)) && isnan(vl_forecast_z(0)));
    double hist[8] = {90, 95, 100, 98, 102, 104, 103, 106}, mean[2] = {108, 110};
    double lv[1] = {90}, lo[2] = {108 - z90 * sd, 110 - z90 * sd},
           hi[2] = {108 + z90 * sd, 110 + z90 * sd};
    vl_plan_series_info s = {.run_id = 1,
                             .kind = "demand",
                             .level = "occupation",
                             .keys = "{\"occupation\":\"7\"}",
                             .n_keys = 1,
                             .model = "ets",
                             .freq = 4,
                             .hist = hist,
                             .n_hist = 8,
                             .mean = mean,
                             .h = 2,
                             .n_levels = 1,
                             .levels = lv,
                             .lo = lo,
                             .hi = hi};
    s.key_names[0] = "occupation";
    s.key_values[0] = "7";
    s.label_vi = s.label_en = "7 Thợ";
    add_quarterly(ctx, p, &s);
    const plan_series *ps = &p->series[0];
    assert_int_equal(ps->n_bands, 1);
    assert_true(ps->band_level[0] == 90);
    assert_int_equal(plan_band(ps, 80), 0); /* the nearest stored */
    plan_side side = plan_side_of(ps, "7");
    assert_true(fabs(side.z - z90) < 1e-12);
    /* the same spread as a 95% band: the same balance */
    double lo95[2] = {108 - z95 * sd, 110 - z95 * sd}, hi95[2] = {108 + z95 * sd, 110 + z95 * sd};
    plan_side d90[] = {side}, d95[] = {{"7", mean, lo95, hi95, z95}};
    double sm[2] = {50, 60};
    plan_side sup[] = {{"7", sm, NULL, NULL, 0}};
    vl_balance_row a[4], b[4];
    assert_int_equal(plan_balance(d90, 1, sup, 1, 2, a), 2);
    assert_int_equal(plan_balance(d95, 1, sup, 1, 2, b), 2);
    assert_true(fabs(a[0].gap_lo80 - b[0].gap_lo80) < 1e-9 &&
                fabs(a[0].gap_hi95 - b[0].gap_hi95) < 1e-9);
    assert_true(fabs(a[0].gap_hi95 - a[0].gap - z95 * 2 * sd) < 1e-9);
    /* the page draws and names the 90% band; no 80/95 word anywhere */
    vl_report_options opt;
    vl_report_options_init(&opt);
    const char *path = vt_tmpfile("r90.html");
    assert_int_equal(vl_report_html(ctx, p, &opt, path), VL_OK);
    size_t len;
    char *html = vt_read_file(path, &len);
    assert_int_equal(count(html, "<path class=\"band\""), 1);
    assert_non_null(strstr(html, "Khoảng tin cậy 90%"));
    assert_null(strstr(html, "Khoảng tin cậy 80%"));
    assert_null(strstr(html, "nan"));
    free(html);
    /* more levels than a forecast can have is an argument error */
    double many[9] = {10, 20, 30, 40, 50, 60, 70, 80, 90}, b9[18] = {0};
    s.n_levels = 9;
    s.levels = many;
    s.lo = s.hi = b9;
    assert_int_equal(vl_plan_add_series(ctx, p, &s), VL_ERR_ARG);
    assert_int_equal(p->n, 1);
    vl_plan_destroy(p);
    vl_ctx_destroy(ctx);
}

static void test_errors(void **state)
{
    fixture *f = *state;
    vl_ctx *ctx = f->ctx;
    vl_plan *p = (vl_plan *)1;
    int64_t bad = 999;
    assert_int_equal(vl_db_load_plan(ctx, f->db, &bad, 1, &p), VL_ERR_NOTFOUND);
    assert_null(p);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "run 999"));
    assert_int_equal(vl_db_load_plan(ctx, f->db, NULL, 0, &p), VL_ERR_ARG);
    /* a run without forecasts */
    int64_t empty;
    assert_int_equal(vl_db_run_begin(ctx, f->db, "empty", NULL, NULL, 0, &empty), VL_OK);
    assert_int_equal(vl_db_load_plan(ctx, f->db, &empty, 1, &p), VL_ERR_NOTFOUND);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "has no forecasts"));
    assert_int_equal(vl_db_store_hier(ctx, f->db, 0, "forecast", f->hier), VL_ERR_ARG);
    assert_int_equal(vl_db_store_hier(ctx, f->db, empty, "", f->hier), VL_ERR_ARG);
    int64_t id;
    assert_int_equal(vl_db_latest_run(ctx, f->db, "fair", &id), VL_ERR_ARG);
    vl_history *h = (vl_history *)1;
    assert_int_equal(vl_db_derive_history(ctx, f->db, &h), VL_ERR_INVALID);
    assert_null(h);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "no dated vacancies"));

    assert_int_equal(vl_db_load_plan(ctx, f->db, &f->run, 1, &p), VL_OK);
    vl_report_options opt;
    vl_report_options_init(&opt);
    opt.lang = "fr";
    assert_int_equal(vl_report_html(ctx, p, &opt, vt_tmpfile("x.html")), VL_ERR_ARG);
    assert_int_equal(vl_report_xlsx(ctx, p, &opt, vt_tmpfile("x.xlsx")), VL_ERR_ARG);
    opt.lang = NULL; /* = vi */
    assert_int_equal(vl_report_html(ctx, p, &opt, "/nonexistent-dir/r.html"), VL_ERR_IO);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "/nonexistent-dir/r.html"));
    assert_int_equal(vl_report_xlsx(ctx, p, &opt, "/nonexistent-dir/r.xlsx"), VL_ERR_IO);
    assert_int_equal(vl_report_html(ctx, NULL, &opt, vt_tmpfile("x.html")), VL_ERR_ARG);
    assert_int_equal(vl_report_html(ctx, p, &opt, ""), VL_ERR_ARG);
    vl_plan_destroy(p);
    vl_balance *b = (vl_balance *)1;
    assert_int_equal(vl_balance_compute(ctx, f->hier, NULL, &b), VL_ERR_ARG);
    assert_null(b);
    assert_int_equal(vl_balance_count(NULL), 0);
    assert_null(vl_balance_get(NULL, 0));
    vl_balance_destroy(NULL);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_balance_for_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html, setup, teardown),
        cmocka_unit_test(test_report_threads),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_balance),
        cmocka_unit_test(test_any_level),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
