/*
 * bench-m3.c - accuracy and speed of the forecasting models on the M3 quarterly competition
 * data (756 series, horizon 8): fits every series' training part through the public API, scores
 * the test part with sMAPE (0-200) and MASE (in-sample seasonal naive scale, m = 4), and prints
 * one machine-readable line per model with the wall time. benchmarks/bench-m3.sh runs it next to
 * R's forecast package (bench-m3.R) in the same run.
 *
 * usage: bench-m3 TRAIN.csv TEST.csv [MODEL,...] [--threads N] [--per-series FILE] [--dump FILE]
 * (--per-series: scores per series and model; --dump: every forecast, for combination studies)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"
#include <vieclam/vieclam.h>

/* Test values per series, in the order of the training file (both files sorted alike). */
typedef struct test_series {
    const char *name;
    double y[64];
    size_t n;
} test_series;

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-m3 TRAIN.csv TEST.csv [MODEL,...] [--threads N] "
                        "[--per-series FILE]\n");
        return 2;
    }
    const char *models = "naive,snaive,naive2,ses,holt,damped,theta,ets,arima,comb,auto";
    unsigned threads = 0;
    const char *per_series = NULL, *dump = NULL;
    long validation = -1;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--per-series") == 0 && i + 1 < argc)
            per_series = argv[++i];
        else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
            dump = argv[++i];
        else if (strcmp(argv[i], "--validation") == 0 && i + 1 < argc)
            validation = atol(argv[++i]);
        else
            models = argv[i];
    }
    vl_ctx *ctx;
    if (vl_ctx_create(&ctx) != VL_OK)
        return 1;
    vl_ctx_set_threads(ctx, threads);
    vl_history *train = NULL, *test = NULL;
    if (vl_history_read_csv(ctx, argv[1], &train) != VL_OK ||
        vl_history_read_csv(ctx, argv[2], &test) != VL_OK) {
        fprintf(stderr, "bench-m3: %s\n", vl_ctx_errmsg(ctx));
        return 1;
    }
    size_t ntest = 0;
    test_series *ts = calloc(test->n_rows, sizeof *ts);
    for (size_t r = 0; r < test->n_rows; r++) {
        const vl_history_row *row = &test->rows[r];
        if (ntest == 0 || strcmp(ts[ntest - 1].name, row->series) != 0)
            ts[ntest++].name = row->series;
        test_series *t = &ts[ntest - 1];
        if (t->n < 64)
            t->y[t->n++] = row->value;
    }
    FILE *ps = per_series ? fopen(per_series, "w") : NULL;
    if (ps)
        fprintf(ps, "model,series,smape,mase,description\n");
    FILE *dp = dump ? fopen(dump, "w") : NULL;
    if (dp)
        fprintf(dp, "model,series,step,mean,actual,scale,lo80,hi80,lo95,hi95\n");
    printf("%-8s %8s %8s %9s %7s %9s %7s %7s %7s\n", "model", "sMAPE", "MASE", "seconds", "series",
           "cpu", "cov80", "cov95", "MSIS95");
    char *list = strdup(models);
    for (char *save = NULL, *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
        vl_forecast_options opt;
        vl_forecast_options_init(&opt);
        opt.horizon = 8;
        opt.model = m;
        if (validation >= 0)
            opt.validation = (size_t)validation;
        vl_forecast *f = NULL;
        double t0 = bench_wall(), c0 = bench_cpu();
        vl_status st = vl_forecast_history(ctx, train, &opt, &f);
        double secs = bench_wall() - t0, cpu = bench_cpu() - c0;
        if (st != VL_OK) {
            fprintf(stderr, "bench-m3: %s: %s\n", m, vl_ctx_errmsg(ctx));
            continue;
        }
        double smape = 0, mase = 0, cov80 = 0, cov95 = 0, msis = 0;
        size_t cnt = 0, nscaled = 0;
        for (size_t i = 0; i < vl_forecast_count(f); i++) {
            vl_forecast_series s;
            vl_forecast_get(f, i, &s);
            const test_series *t = NULL;
            if (i < ntest && strcmp(ts[i].name, s.name) == 0)
                t = &ts[i];
            for (size_t j = 0; !t && j < ntest; j++)
                if (strcmp(ts[j].name, s.name) == 0)
                    t = &ts[j];
            if (!t || t->n < 8)
                continue;
            vl_forecast_metrics sc;
            vl_forecast_score(s.history, s.n_history, s.freq, t->y, s.mean, s.lo, s.hi, 8,
                              opt.levels, opt.n_levels, &sc);
            smape += sc.smape;
            cov80 += sc.coverage[0];
            cov95 += sc.coverage[1];
            if (isfinite(sc.mase)) {
                mase += sc.mase;
                msis += sc.msis[1];
                nscaled++;
            }
            cnt++;
            if (ps)
                fprintf(ps, "%s,%s,%.4f,%.4f,\"%s\"\n", m, s.name, sc.smape, sc.mase,
                        s.description);
            double mae = 0; /* the MASE scale, recovered for the dump: MAE / MASE */
            for (size_t k = 0; k < 8; k++)
                mae += fabs(t->y[k] - s.mean[k]) / 8;
            double scale = isfinite(sc.mase) && sc.mase > 0 ? mae / sc.mase : (double)NAN;
            for (size_t k = 0; dp && k < 8; k++)
                fprintf(dp, "%s,%s,%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", m, s.name,
                        k + 1, s.mean[k], t->y[k], scale, s.lo[k], s.hi[k], s.lo[8 + k],
                        s.hi[8 + k]);
        }
        printf("%-8s %8.3f %8.3f %9.3f %7zu %9.3f %7.3f %7.3f %7.3f\n", m, smape / (double)cnt,
               mase / (double)nscaled, secs, cnt, cpu, cov80 / (double)cnt, cov95 / (double)cnt,
               msis / (double)nscaled);
        fflush(stdout);
        vl_forecast_destroy(f);
    }
    free(list);
    free(ts);
    if (ps)
        fclose(ps);
    if (dp)
        fclose(dp);
    vl_history_destroy(train);
    vl_history_destroy(test);
    vl_ctx_destroy(ctx);
    return 0;
}
