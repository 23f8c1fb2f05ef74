/*
 * bench-planner.c - the planner's target: a forecast and report for 12 areas x 21 industries
 * (286 series with the aggregates) in at most 5 s on 2 cores. On fixtures/sample/history.csv it
 * times, per repetition, the hierarchical forecast (base forecasts at 2 backtest origins and the
 * final pass, reconciliation), storing the run, loading it back, and writing the HTML page and
 * the workbook; then prints the accuracy per level before and after reconciliation for every
 * method. Prints key=value lines (medians over the repetitions).
 * Usage: bench-planner [HISTORY.csv] [--reps N] [--model M] [--origins K] [--methods]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include <vieclam/vieclam.h>

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(vl_ctx *ctx, vl_status st, const char *what)
{
    fprintf(stderr, "bench-planner: %s: %s (%s)\n", what, vl_ctx_errmsg(ctx), vl_strerror(st));
    exit(1);
}

int main(int argc, char **argv)
{
    const char *path = "fixtures/sample/history.csv", *model = "theta";
    int reps = 3;
    size_t origins = 2;
    bool methods = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            model = argv[++i];
        else if (strcmp(argv[i], "--origins") == 0 && i + 1 < argc)
            origins = (size_t)atoi(argv[++i]);
        else if (strcmp(argv[i], "--methods") == 0)
            methods = true;
        else
            path = argv[i];
    }
    if (reps < 1 || reps > 50)
        reps = 3;
    vl_ctx *ctx;
    vl_ctx_create(&ctx);
    vl_history *h;
    vl_status st = vl_history_read_csv(ctx, path, &h);
    if (st != VL_OK)
        die(ctx, st, path);
    char dir[] = "/tmp/bench-planner-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char dbp[256], html[256], xlsx[256];
    snprintf(dbp, sizeof dbp, "%s/p.db", dir);
    snprintf(html, sizeof html, "%s/r.html", dir);
    snprintf(xlsx, sizeof xlsx, "%s/r.xlsx", dir);
    vl_db *db;
    if ((st = vl_db_open(ctx, dbp, VL_DB_CREATE, &db)) != VL_OK ||
        (st = vl_db_init_reference(ctx, db)) != VL_OK)
        die(ctx, st, "database");

    double w_fc[50], w_store[50], w_rep[50], w_all[50], c_all[50];
    vl_hier *last = NULL;
    for (int r = 0; r < reps; r++) {
        vl_hier_options opt;
        vl_hier_options_init(&opt);
        opt.forecast.horizon = 4;
        opt.forecast.model = model;
        opt.forecast.origins = origins;
        opt.by[0] = "area";
        opt.by[1] = "industry";
        opt.n_by = 2;
        double c0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID), t0 = bench_clock(CLOCK_MONOTONIC);
        vl_hier *hr;
        if ((st = vl_hier_forecast(ctx, h, &opt, &hr)) != VL_OK)
            die(ctx, st, "forecast");
        double t1 = bench_clock(CLOCK_MONOTONIC);
        int64_t run;
        if ((st = vl_db_run_begin(ctx, db, "bench-planner", NULL, NULL, 0, &run)) != VL_OK ||
            (st = vl_db_store_hier(ctx, db, run, "forecast", hr)) != VL_OK ||
            (st = vl_db_run_end(ctx, db, run, VL_OK, NULL)) != VL_OK)
            die(ctx, st, "store");
        double t2 = bench_clock(CLOCK_MONOTONIC);
        vl_plan *plan;
        vl_report_options ro;
        vl_report_options_init(&ro);
        if ((st = vl_db_load_plan(ctx, db, &run, 1, &plan)) != VL_OK ||
            (st = vl_report_html(ctx, plan, &ro, html)) != VL_OK ||
            (st = vl_report_xlsx(ctx, plan, &ro, xlsx)) != VL_OK)
            die(ctx, st, "report");
        vl_plan_destroy(plan);
        double t3 = bench_clock(CLOCK_MONOTONIC), c3 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
        w_fc[r] = t1 - t0;
        w_store[r] = t2 - t1;
        w_rep[r] = t3 - t2;
        w_all[r] = t3 - t0;
        c_all[r] = c3 - c0;
        vl_hier_destroy(last);
        last = hr;
    }
    printf("# %s, load average ", path);
    FILE *la = fopen("/proc/loadavg", "r");
    char buf[64] = "";
    if (la && fgets(buf, sizeof buf, la))
        buf[strcspn(buf, "\n")] = '\0';
    if (la)
        fclose(la);
    printf("%s, threads %u\n", buf, vl_ctx_threads(ctx));
    printf("series=%zu\nmodel=%s\norigins=%zu\nreps=%d\n", vl_hier_count(last), model, origins,
           reps);
    printf("forecast_wall_s=%.3f\nstore_wall_s=%.3f\nreport_wall_s=%.3f\n", median(w_fc, reps),
           median(w_store, reps), median(w_rep, reps));
    printf("total_wall_s=%.3f\ntotal_cpu_s=%.3f\n", median(w_all, reps), median(c_all, reps));
    printf("incoherence=%.3g\n", vl_hier_incoherence(last));
    vl_hier_destroy(last);

    /* accuracy per level before and after, for each method */
    for (int m = methods ? 0 : VL_RECONCILE_MINT_TOTAL; m < VL_RECONCILE_COUNT; m++) {
        vl_hier_options opt;
        vl_hier_options_init(&opt);
        opt.forecast.horizon = 4;
        opt.forecast.model = model;
        opt.forecast.origins = origins;
        opt.by[0] = "area";
        opt.by[1] = "industry";
        opt.n_by = 2;
        opt.method = (vl_reconcile)m;
        vl_hier *hr;
        if ((st = vl_hier_forecast(ctx, h, &opt, &hr)) != VL_OK)
            die(ctx, st, "forecast");
        for (size_t l = 0; l < vl_hier_level_count(hr); l++) {
            vl_forecast_metrics b, r;
            if (!vl_hier_level_accuracy(hr, l, &b, &r))
                break;
            printf("mase_%s_%s_base=%.4f\nmase_%s_%s_reconciled=%.4f\n",
                   vl_reconcile_name((vl_reconcile)m), vl_hier_level_name(hr, l), b.mase,
                   vl_reconcile_name((vl_reconcile)m), vl_hier_level_name(hr, l), r.mase);
        }
        vl_hier_destroy(hr);
    }
    vl_db_close(db);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
    unlink(dbp);
    unlink(html);
    unlink(xlsx);
    char side[300];
    snprintf(side, sizeof side, "%s-wal", dbp);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", dbp);
    unlink(side);
    rmdir(dir);
    return 0;
}
