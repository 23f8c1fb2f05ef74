/*
 * test-numeric-forecast.c - every model of the forecast table on every reference series
 * (fixtures/forecast/series.csv: R datasets austres, UKgas, AirPassengers, Nile, WWWusage and
 * M3's N1) against R's forecast 8.20 (fixtures/forecast/reference.csv, made by
 * fixtures/forecast/make-reference.R). Tolerances per model are in the table below, with why.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/fc.h"
#include "io/csv.h"

#define H    8
#define NLEV 2

/*
 * How close each model must be to R (mean: relative to the series' mean level; width: of the
 * 80% and 95% intervals, relative to R's width; AICc in its own units):
 * - naive, snaive, naive2: closed forms, only rounding differs (1e-7).
 * - ses, holt, damped, theta: parameters from a Nelder-Mead search (GSL's simplex here, optim's
 *   in R, from different first simplices). Our optimum must be as good as R's up to 0.1 AICc
 *   (flat likelihood ridges; far below the 2 units that matter for model choice). Where ours is
 *   better (N1 SES: 324.6 vs 335.2, R stops with a poor initial level) forecasts and widths
 *   legitimately move: 5% of the level for means, 25% for widths.
 * - ets: point forecasts are averaged over all fitted models by Akaike weights (docs), so they
 *   differ from R's single model by design; checked loosely (40% / 100%). The chosen model's
 *   AICc must be within 3 units of R's: on N1 our simplex stops in a local optimum of
 *   ETS(M,A,N) 2.4 units above R's (known gap, docs/forecasting.md); elsewhere ours is lower.
 * - arima: the ARIMA module's own test checks it against R; here the forecasts must agree to
 *   2% and 5% and the AICc to 0.5 units.
 */
typedef struct tol {
    const char *model;
    double rel_mean, rel_width, aicc_slack; /* aicc_slack < 0: not compared */
} tol;

static const tol tols[] = {
    {"naive", 1e-7, 1e-7, -1}, {"snaive", 1e-7, 1e-7, -1}, {"naive2", 1e-7, 1e-7, -1},
    {"ses", 0.05, 0.25, 0.1},  {"holt", 0.05, 0.25, 0.1},  {"damped", 0.05, 0.25, 0.1},
    {"theta", 0.05, 0.25, -1}, {"ets", 0.40, 1.00, 3.0},   {"arima", 0.02, 0.05, 0.5},
};

typedef struct ref_row {
    char series[32], model[16];
    double v[5]; /* mean lo80 hi80 lo95 hi95 */
    double aicc;
} ref_row;

static ref_row refs[1000];
static size_t nref;

typedef struct ref_series {
    char name[32];
    int m;
    double y[200];
    size_t n;
} ref_series;

static ref_series sers[10];
static size_t nser;

static void load_fixtures(void)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = NULL;
    assert_int_equal(vl_history_read_csv(ctx, vt_source("fixtures/forecast/series.csv"), &h),
                     VL_OK);
    for (size_t r = 0; r < h->n_rows; r++) {
        const vl_history_row *row = &h->rows[r];
        if (nser == 0 || strcmp(sers[nser - 1].name, row->series) != 0) {
            assert_true(nser < 10);
            snprintf(sers[nser].name, sizeof sers[0].name, "%s", row->series);
            sers[nser].m = row->period.freq;
            nser++;
        }
        ref_series *s = &sers[nser - 1];
        assert_true(s->n < 200);
        s->y[s->n++] = row->value;
    }
    vl_history_destroy(h);
    vl_csv_reader *rd;
    assert_int_equal(vl_csv_open(ctx, vt_source("fixtures/forecast/reference.csv"), &rd), VL_OK);
    const vl_csv_record *rec;
    while (vl_csv_next(rd, &rec) == VL_OK && rec) {
        assert_true(rec->n >= 9 && nref < 1000);
        ref_row *x = &refs[nref++];
        snprintf(x->series, sizeof x->series, "%s", rec->fields[0]);
        snprintf(x->model, sizeof x->model, "%s", rec->fields[1]);
        for (int k = 0; k < 5; k++)
            assert_true(vl_parse_double(rec->fields[3 + k], &x->v[k]));
        if (!vl_parse_double(rec->fields[8], &x->aicc))
            x->aicc = NAN;
    }
    vl_csv_close(rd);
    vl_ctx_destroy(ctx);
    assert_int_equal(nser, 6);
    assert_int_equal(nref, 6 * 9 * H);
}

static const ref_row *find_ref(const char *series, const char *model, size_t step)
{
    size_t k = 0;
    for (size_t i = 0; i < nref; i++)
        if (strcmp(refs[i].series, series) == 0 && strcmp(refs[i].model, model) == 0)
            if (k++ == step)
                return &refs[i];
    return NULL;
}

/* Every model in the table against R on every series. */
static void test_models_vs_r(void **state)
{
    (void)state;
    fc_work *w = fc_work_create();
    static const double levels[NLEV] = {80, 95};
    for (size_t si = 0; si < nser; si++) {
        const ref_series *s = &sers[si];
        double level = 0;
        for (size_t t = 0; t < s->n; t++)
            level += fabs(s->y[t]) / (double)s->n;
        for (size_t ti = 0; ti < VL_ARRAY_LEN(tols); ti++) {
            const tol *tl = &tols[ti];
            const fc_type *type = fc_type_find(tl->model);
            assert_non_null(type);
            double mean[H], lo[NLEV * H], hi[NLEV * H], fit[200];
            fc_spec spec = {H, levels, NLEV, 7};
            fc_out o = {.mean = mean, .lo = lo, .hi = hi, .fitted = fit};
            assert_int_equal(fc_run(w, type, s->y, s->n, s->m, &spec, &o), VL_OK);
            double worst_mean = 0, worst_width = 0;
            const ref_row *r0 = find_ref(s->name, tl->model, 0);
            assert_non_null(r0);
            for (size_t k = 0; k < H; k++) {
                const ref_row *r = find_ref(s->name, tl->model, k);
                assert_non_null(r);
                double scale = tl->rel_mean < 1e-6 ? fmax(fabs(r->v[0]), 1) : level;
                worst_mean = fmax(worst_mean, fabs(mean[k] - r->v[0]) / scale);
                for (int l = 0; l < NLEV; l++) {
                    double wr = r->v[2 + 2 * l] - r->v[1 + 2 * l];
                    double wm = hi[l * H + k] - lo[l * H + k];
                    worst_width = fmax(worst_width, fabs(wm - wr) / fmax(wr, 1e-9));
                }
            }
            if (worst_mean > tl->rel_mean || worst_width > tl->rel_width)
                print_message("%s %s (%s): mean %.3g width %.3g\n", s->name, tl->model, o.desc,
                              worst_mean, worst_width);
            assert_true(worst_mean <= tl->rel_mean);
            assert_true(worst_width <= tl->rel_width);
            if (tl->aicc_slack >= 0 && isfinite(r0->aicc)) {
                if (!(o.aicc <= r0->aicc + tl->aicc_slack))
                    print_message("%s %s: AICc %.4f vs R %.4f\n", s->name, tl->model, o.aicc,
                                  r0->aicc);
                assert_true(o.aicc <= r0->aicc + tl->aicc_slack);
            }
        }
    }
    fc_work_destroy(w);
}

/* Intervals nest (95% holds 80%) and, for these models, widen with the horizon. */
static void test_intervals_widen(void **state)
{
    (void)state;
    fc_work *w = fc_work_create();
    static const double levels[NLEV] = {80, 95};
    for (size_t si = 0; si < nser; si++) {
        for (size_t i = 0; fc_types[i]; i++) {
            const ref_series *s = &sers[si];
            double mean[H], lo[NLEV * H], hi[NLEV * H], fit[200];
            fc_spec spec = {H, levels, NLEV, 11};
            fc_out o = {.mean = mean, .lo = lo, .hi = hi, .fitted = fit};
            assert_int_equal(fc_run(w, fc_types[i], s->y, s->n, s->m, &spec, &o), VL_OK);
            for (size_t k = 0; k < H; k++) {
                assert_true(lo[H + k] <= lo[k] && lo[k] <= mean[k]);
                assert_true(hi[H + k] >= hi[k] && hi[k] >= mean[k]);
                /* widths grow from one season to the next (seasonal factors make them vary
                 * within a year); simulated ones up to a few percent of sampling noise */
                size_t lag = (size_t)s->m;
                if (k >= lag &&
                    !(hi[H + k] - lo[H + k] >= 0.97 * (hi[H + k - lag] - lo[H + k - lag])))
                    print_message("%s %s step %zu\n", s->name, fc_types[i]->name, k + 1);
                if (k >= lag)
                    assert_true(hi[H + k] - lo[H + k] >=
                                0.97 * (hi[H + k - lag] - lo[H + k - lag]));
            }
        }
    }
    fc_work_destroy(w);
}

static int setup(void **state)
{
    (void)state;
    load_fixtures();
    return 0;
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_models_vs_r),
        cmocka_unit_test(test_intervals_widen),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
