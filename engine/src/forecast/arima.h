/*
 * arima.h - automatic seasonal ARIMA (private to the forecast room). Exact Gaussian likelihood
 * through a Kalman filter on the state-space form (as R's arima), CSS start then ML; automatic
 * order selection as Hyndman & Khandakar (2008) / R's forecast::auto.arima: KPSS for d, seasonal
 * strength for D, stepwise AICc search. The forecast lead wraps this API into the model table.
 */
#ifndef VL_FORECAST_ARIMA_H
#define VL_FORECAST_ARIMA_H

#include <stdbool.h>
#include <stddef.h>

#include <vieclam/common.h>

typedef struct fc_arima fc_arima;

typedef struct fc_arima_options {
    int max_p, max_q, max_P, max_Q, max_d, max_D; /* defaults like R: 5,5,2,2,2,1 */
    bool stepwise;                                /* default true */
    bool allow_drift;                             /* default true */
    double alpha_test;                            /* unit-root test level, default 0.05 */
} fc_arima_options;

void fc_arima_options_default(fc_arima_options *o);

/*
 * Fits the best model by AICc (stepwise search as Hyndman & Khandakar 2008, KPSS for d, the
 * seasonal strength test for D as auto.arima's default "seas"); y has n finite values, m is the
 * seasonal period (1, 4 or 12).
 */
vl_status fc_arima_auto(vl_ctx *ctx, const double *y, size_t n, int m, const fc_arima_options *o,
                        fc_arima **out);

/* Fits a given order (for tests against R's Arima()). drift means a mean when d + D == 0. */
vl_status fc_arima_fit(vl_ctx *ctx, const double *y, size_t n, int m, int p, int d, int q, int P,
                       int D, int Q, bool drift, fc_arima **out);

/* h-step mean and intervals at levels (e.g. 80, 95): lo/hi are h*nlev, level-major: lo[l*h + i]. */
vl_status fc_arima_forecast(vl_ctx *ctx, const fc_arima *a, size_t h, const double *levels,
                            size_t nlev, double *mean, double *lo, double *hi);

double fc_arima_aicc(const fc_arima *a);

/* In-sample one-step residuals (n values; NaN-free). */
const double *fc_arima_residuals(const fc_arima *a, size_t *n);

/* "ARIMA(0,1,1)(0,1,1)[4]", with " with drift" / " with non-zero mean" as R prints it. */
void fc_arima_describe(const fc_arima *a, char *buf, size_t size);

void fc_arima_free(fc_arima *a); /* NULL ok */

/* Inspection (tests, reports). order = p, d, q, P, D, Q, m; constant = mean or drift fitted. */
void fc_arima_order(const fc_arima *a, int order[7], bool *constant);
/* Coefficients in R's order ar, ma, sar, sma, then the mean or drift; returns the count. */
size_t fc_arima_coef(const fc_arima *a, double *coef, size_t cap);
double fc_arima_loglik(const fc_arima *a);
/* Innovation variance used for the intervals: sum(resid^2) / (nstar - npar + 1) as R's. */
double fc_arima_sigma2(const fc_arima *a);

#endif
