/*
 * bench-hier.c - hierarchical forecasting on a real hierarchy with the last quarters held out:
 * the history without its last H periods goes through vl_hier_forecast (the planner's
 * procedure: models and reconciliation chosen at origins inside that history, calibrated
 * bands), and every distinct node is scored on the held-out periods with the library's
 * measures (vl_forecast_score). Prints one line per run: the choices, mean MASE and sMAPE over
 * every node, coverage of the 80% and 95% bands overall and per level, and the time.
 *
 * usage: bench-hier FILE.csv KEY[,KEY...] [--horizon H] [--model M] [--method X]
 *        [--origins K] [--threads N]
 * (defaults: horizon 8, the library's model, method and origins)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include <vieclam/vieclam.h>

static int split(char *s, const char **out, int max)
{
    int n = 0;
    for (char *save = NULL, *t = strtok_r(s, ",", &save); t && n < max;
         t = strtok_r(NULL, ",", &save))
        out[n++] = t;
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-hier FILE.csv KEY[,KEY...] [--horizon H] [--model M] "
                        "[--method X] [--origins K] [--threads N]\n");
        return 2;
    }
    size_t H = 8;
    const char *model = NULL, *method = NULL;
    long origins = -1;
    unsigned threads = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--horizon") == 0)
            H = (size_t)atol(argv[i + 1]);
        else if (strcmp(argv[i], "--model") == 0)
            model = argv[i + 1];
        else if (strcmp(argv[i], "--method") == 0)
            method = argv[i + 1];
        else if (strcmp(argv[i], "--origins") == 0)
            origins = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--threads") == 0)
            threads = (unsigned)atoi(argv[i + 1]);
    }
    vl_ctx *ctx;
    if (vl_ctx_create(&ctx) != VL_OK)
        return 1;
    vl_ctx_set_threads(ctx, threads);
    vl_history *full = NULL;
    if (vl_history_read_csv(ctx, argv[1], &full) != VL_OK) {
        fprintf(stderr, "bench-hier: %s\n", vl_ctx_errmsg(ctx));
        return 1;
    }
    char *keys = strdup(argv[2]);
    vl_hier_options o;
    vl_hier_options_init(&o);
    o.n_by = (size_t)split(keys, o.by, VL_HIER_MAX_KEYS);

    /* the held-out history: every row before the last H periods */
    long last = 0;
    for (size_t r = 0; r < full->n_rows; r++) {
        long p = vl_period_index(full->rows[r].period);
        last = r == 0 || p > last ? p : last;
    }
    vl_history_row *rows = calloc(full->n_rows, sizeof *rows);
    size_t nr = 0;
    for (size_t r = 0; r < full->n_rows; r++)
        if (vl_period_index(full->rows[r].period) <= last - (long)H)
            rows[nr++] = full->rows[r];
    vl_history train = {
        .rows = rows, .n_rows = nr, .key_names = full->key_names, .n_keys = full->n_keys};

    /* every node's actuals: the full history through the same hierarchy, no forecasting work */
    vl_hier_options oa = o;
    oa.forecast.model = "naive";
    oa.forecast.origins = 0;
    oa.method = VL_RECONCILE_BOTTOM_UP;
    oa.forecast.horizon = 1;
    vl_hier *actual = NULL;
    if (vl_hier_forecast(ctx, full, &oa, &actual) != VL_OK) {
        fprintf(stderr, "bench-hier: %s\n", vl_ctx_errmsg(ctx));
        return 1;
    }

    o.forecast.horizon = H;
    if (model)
        o.forecast.model = model;
    if (method && !vl_reconcile_parse(method, &o.method)) {
        fprintf(stderr, "bench-hier: unknown method %s\n", method);
        return 2;
    }
    if (origins >= 0)
        o.forecast.origins = (size_t)origins;
    double t0 = bench_wall(), c0 = bench_cpu();
    vl_hier *hr = NULL;
    if (vl_hier_forecast(ctx, &train, &o, &hr) != VL_OK) {
        fprintf(stderr, "bench-hier: %s\n", vl_ctx_errmsg(ctx));
        return 1;
    }
    double secs = bench_wall() - t0, cpu = bench_cpu() - c0;

    size_t n = vl_hier_count(hr), nl = vl_hier_n_levels(hr);
    double mase = 0, bmase = 0, smape = 0, cov[2] = {0}, msis = 0;
    size_t cnt = 0, scaled = 0;
    size_t nlevels = vl_hier_level_count(hr);
    double lcov[8][2] = {{0}}, lmase[8] = {0};
    size_t lcnt[8] = {0};
    for (size_t i = 0; i < n; i++) {
        vl_hier_node nd, ad;
        vl_hier_get(hr, i, &nd);
        bool found = false;
        for (size_t j = 0; j < vl_hier_count(actual) && !found; j++) {
            vl_hier_get(actual, j, &ad);
            found = strcmp(ad.name, nd.name) == 0;
        }
        if (!found) {
            fprintf(stderr, "bench-hier: no actuals for %s\n", nd.name);
            return 1;
        }
        const double *y = ad.history + nd.n_history;
        vl_forecast_metrics m, b;
        vl_forecast_score(nd.history, nd.n_history, nd.first.freq, y, nd.mean, nd.lo, nd.hi, H,
                          o.forecast.levels, nl, &m);
        vl_forecast_score(nd.history, nd.n_history, nd.first.freq, y, nd.base_mean, NULL, NULL, H,
                          NULL, 0, &b);
        size_t l = 0;
        while (l < nlevels && strcmp(vl_hier_level_name(hr, l), nd.level) != 0)
            l++;
        smape += m.smape;
        cov[0] += m.coverage[0];
        cov[1] += m.coverage[1];
        if (l < 8) {
            lcov[l][0] += m.coverage[0];
            lcov[l][1] += m.coverage[1];
            lcnt[l]++;
        }
        if (isfinite(m.mase)) {
            mase += m.mase;
            bmase += b.mase;
            msis += m.msis[1];
            scaled++;
            if (l < 8)
                lmase[l] += m.mase;
        }
        cnt++;
    }
    printf("file=%s keys=%s nodes=%zu horizon=%zu origins=%zu method=%s%s mase=%.3f "
           "base_mase=%.3f smape=%.2f cov80=%.3f cov95=%.3f msis95=%.2f seconds=%.2f cpu=%.2f\n",
           argv[1], argv[2], cnt, H, vl_hier_origins(hr), vl_reconcile_name(vl_hier_method(hr)),
           vl_hier_method_chosen(hr) ? "(chosen)" : "", mase / (double)scaled,
           bmase / (double)scaled, smape / (double)cnt, cov[0] / (double)cnt, cov[1] / (double)cnt,
           msis / (double)scaled, secs, cpu);
    /* per level: held out, and at the origins inside the history (each origin's bands
     * calibrated on the other origins: what the run itself could see) */
    for (size_t l = 0; l < nlevels && l < 8; l++) {
        vl_forecast_metrics at;
        bool has = vl_hier_level_accuracy(hr, l, NULL, &at);
        printf("  level=%s nodes=%zu model=%s mase=%.3f cov80=%.3f cov95=%.3f"
               " origins_cov80=%.3f origins_cov95=%.3f\n",
               vl_hier_level_name(hr, l), lcnt[l], vl_hier_level_model(hr, l),
               lmase[l] / (double)lcnt[l], lcov[l][0] / (double)lcnt[l],
               lcov[l][1] / (double)lcnt[l], has ? at.coverage[0] : (double)NAN,
               has ? at.coverage[1] : (double)NAN);
    }
    printf("  method mase at the origins:");
    for (int mth = VL_RECONCILE_BOTTOM_UP; mth < VL_RECONCILE_AUTO; mth++)
        if (isfinite(vl_hier_method_mase(hr, (vl_reconcile)mth)))
            printf(" %s=%.3f", vl_reconcile_name((vl_reconcile)mth),
                   vl_hier_method_mase(hr, (vl_reconcile)mth));
    printf("\n");
    vl_hier_destroy(hr);
    vl_hier_destroy(actual);
    free(rows);
    free(keys);
    vl_history_destroy(full);
    vl_ctx_destroy(ctx);
    return 0;
}
