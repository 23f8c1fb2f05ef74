/*
 * bench-arima.c - accuracy and speed of the automatic ARIMA alone on the M3 quarterly data
 * (756 series, horizon 8), single-threaded, through the forecast room's private API. Prints
 * sMAPE (0-200), MASE (in-sample seasonal naive scale, m = 4), wall and CPU time; r-arima.R
 * prints the same figures for R's auto.arima() so the two can be compared in one session.
 *
 * usage: bench-arima TRAIN.csv TEST.csv [--per-series FILE] [--limit N]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"
#include "forecast/arima.h"
#include <vieclam/vieclam.h>

enum { MAXN = 256, MAXS = 2000, H = 8, M = 4 };

typedef struct series {
    char name[32];
    double y[MAXN];
    size_t n;
} series;

/* Reads "series,period,value" rows grouped by series (the M3 files are). */
static size_t read_csv(const char *path, series *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[256];
    size_t ns = 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ',');
        char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (!c2)
            continue;
        *c1 = '\0';
        if (ns == 0 || strcmp(out[ns - 1].name, line) != 0) {
            if (ns == cap)
                break;
            size_t len = strlen(line);
            if (len >= sizeof out[ns].name)
                len = sizeof out[ns].name - 1;
            memcpy(out[ns].name, line, len);
            out[ns].name[len] = '\0';
            out[ns].n = 0;
            ns++;
        }
        series *s = &out[ns - 1];
        if (s->n < MAXN)
            s->y[s->n++] = strtod(c2 + 1, NULL);
    }
    fclose(f);
    return ns;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-arima TRAIN.csv TEST.csv [--per-series FILE] [--limit N]\n");
        return 2;
    }
    const char *per_series = NULL;
    size_t limit = MAXS;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--per-series") == 0 && i + 1 < argc)
            per_series = argv[++i];
        else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
            limit = (size_t)atol(argv[++i]);
    }
    static series train[MAXS], test[MAXS];
    size_t ntr = read_csv(argv[1], train, MAXS), nte = read_csv(argv[2], test, MAXS);
    if (ntr == 0 || ntr != nte) {
        fprintf(stderr, "bench-arima: cannot read the data (%zu / %zu series)\n", ntr, nte);
        return 1;
    }
    if (limit < ntr)
        ntr = limit;
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK)
        return 1;
    FILE *ps = per_series ? fopen(per_series, "w") : NULL;
    if (ps)
        fprintf(ps, "series,model,aicc,smape,mase,f1,f8\n");
    double smape_sum = 0, mase_sum = 0, t0 = bench_clock(CLOCK_MONOTONIC);
    double c0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
    size_t failed = 0, scored = 0;
    const double levels[2] = {80, 95};
    for (size_t s = 0; s < ntr; s++) {
        const series *tr = &train[s], *te = &test[s];
        fc_arima *a = NULL;
        double mean[H], lo[2 * H], hi[2 * H];
        char desc[96] = "failed";
        if (fc_arima_auto(ctx, tr->y, tr->n, M, NULL, &a) != VL_OK ||
            fc_arima_forecast(ctx, a, H, levels, 2, mean, lo, hi) != VL_OK) {
            failed++;
            for (int i = 0; i < H; i++)
                mean[i] = tr->y[tr->n - 1];
        } else {
            fc_arima_describe(a, desc, sizeof desc);
        }
        double sm = 0, scale = 0, ae = 0;
        for (size_t i = M; i < tr->n; i++)
            scale += fabs(tr->y[i] - tr->y[i - M]);
        scale /= (double)(tr->n - M);
        size_t h = te->n < H ? te->n : H;
        for (size_t i = 0; i < h; i++) {
            sm += 200 * fabs(te->y[i] - mean[i]) / (fabs(te->y[i]) + fabs(mean[i]));
            ae += fabs(te->y[i] - mean[i]);
        }
        sm /= (double)h;
        double ms = ae / (double)h / scale;
        smape_sum += sm;
        mase_sum += ms;
        scored++;
        if (ps)
            fprintf(ps, "%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f\n", tr->name, desc, fc_arima_aicc(a), sm,
                    ms, mean[0], mean[H - 1]);
        fc_arima_free(a);
    }
    double t1 = bench_clock(CLOCK_MONOTONIC), c1 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
    if (ps)
        fclose(ps);
    printf("model=arima series=%zu failed=%zu smape=%.4f mase=%.5f seconds=%.3f cpu=%.3f\n", scored,
           failed, smape_sum / (double)scored, mase_sum / (double)scored, t1 - t0, c1 - c0);
    vl_ctx_destroy(ctx);
    return failed == scored ? 1 : 0;
}
