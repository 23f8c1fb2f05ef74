/*
 * metrics.c - the one definition of every accuracy measure the forecast room reports: the
 * scale of the scaled measures, sMAPE, MASE, RMSSE, interval coverage and MSIS, accumulated
 * over forecast origins and averaged over series. Backtests (forecast.c), the hierarchy's
 * evaluation (hier.c) and the automatic choices (select.c) all score through these functions,
 * so a flat series or a zero scale is treated the same way everywhere.
 */
#include "forecast/fc.h"

#include <math.h>
#include <string.h>

/*
 * The seasonal naive scale (M4's MASE): mean |y[t] - y[t-m]| over the training data. A series
 * shorter than a season, or one whose seasonal differences are all 0, is scaled by its first
 * differences instead; when those are 0 too (a constant history) the scaled measures are
 * undefined for it (ok = false) and it is left out of their averages rather than divided by an
 * arbitrary 1, which would mix units into a mean of ratios.
 */
fc_scale fc_metric_scale(const double *train, size_t n, int m)
{
    fc_scale sc = {0, 0, false};
    size_t lag = m > 1 && n > (size_t)m ? (size_t)m : 1;
    for (int pass = 0; pass < 2 && !sc.ok; pass++) {
        double a = 0, s = 0;
        size_t k = 0;
        for (size_t t = lag; t < n; t++, k++) {
            double d = train[t] - train[t - lag];
            a += fabs(d);
            s += d * d;
        }
        if (k > 0 && a > 0 && s > 0) {
            sc.mae = a / (double)k;
            sc.mse = s / (double)k;
            sc.ok = true;
        }
        if (lag == 1)
            break;
        lag = 1;
    }
    return sc;
}

double fc_smape_term(double actual, double forecast)
{
    double d = fabs(actual) + fabs(forecast);
    return d > 0 ? 200 * fabs(actual - forecast) / d : 0;
}

double fc_interval_score(double actual, double lo, double hi, double level)
{
    double a = 1 - level / 100;
    double s = hi - lo;
    if (actual < lo)
        s += 2 / a * (lo - actual);
    if (actual > hi)
        s += 2 / a * (actual - hi);
    return s;
}

void fc_score_add(fc_score *acc, fc_scale sc, const double *actual, const double *mean,
                  const double *lo, const double *hi, size_t h, const double *levels, size_t nlev)
{
    double sm = 0, ae = 0, se = 0;
    for (size_t k = 0; k < h; k++) {
        double e = actual[k] - mean[k];
        sm += fc_smape_term(actual[k], mean[k]);
        ae += fabs(e);
        se += e * e;
    }
    acc->smape += sm / (double)h;
    acc->n++;
    if (sc.ok) {
        acc->mase += ae / (double)h / sc.mae;
        acc->rmsse += sqrt(se / (double)h / sc.mse);
        acc->n_scaled++;
    }
    if (!lo || !hi)
        return;
    for (size_t l = 0; l < nlev; l++) {
        double in = 0, is = 0;
        for (size_t k = 0; k < h; k++) {
            double a = actual[k], L = lo[l * h + k], U = hi[l * h + k];
            in += a >= L && a <= U;
            is += fc_interval_score(a, L, U, levels[l]);
        }
        acc->cov[l] += in / (double)h;
        if (sc.ok)
            acc->msis[l] += is / (double)h / sc.mae;
    }
    acc->n_cov++;
}

void fc_score_finish(const fc_score *acc, size_t nlev, vl_forecast_metrics *out)
{
    memset(out, 0, sizeof *out);
    out->origins = acc->n;
    double n = (double)acc->n, ns = (double)acc->n_scaled, nc = (double)acc->n_cov;
    out->smape = acc->n ? acc->smape / n : (double)NAN;
    out->mase = acc->n_scaled ? acc->mase / ns : (double)NAN;
    out->rmsse = acc->n_scaled ? acc->rmsse / ns : (double)NAN;
    for (size_t l = 0; l < nlev; l++) {
        out->coverage[l] = acc->n_cov ? acc->cov[l] / nc : (double)NAN;
        out->msis[l] = acc->n_scaled && acc->n_cov ? acc->msis[l] / ns : (double)NAN;
    }
    for (size_t l = nlev; l < VL_FORECAST_MAX_LEVELS; l++)
        out->coverage[l] = out->msis[l] = NAN;
}

/*
 * The mean of metrics over series: each measure over the series where it is defined (a series
 * without origins counts nowhere; a constant training history counts for sMAPE and coverage
 * only). origins is the most origins any series had (the origins of the evaluation).
 */
void fc_metrics_mean(const vl_forecast_metrics *const *m, size_t n, size_t nlev,
                     vl_forecast_metrics *out)
{
    double s[3 + 2 * VL_FORECAST_MAX_LEVELS] = {0};
    size_t c[3 + 2 * VL_FORECAST_MAX_LEVELS] = {0};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (!m[i] || m[i]->origins == 0)
            continue;
        if (m[i]->origins > out->origins)
            out->origins = m[i]->origins;
        double v[3 + 2 * VL_FORECAST_MAX_LEVELS];
        v[0] = m[i]->smape;
        v[1] = m[i]->mase;
        v[2] = m[i]->rmsse;
        for (size_t l = 0; l < VL_FORECAST_MAX_LEVELS; l++) {
            v[3 + l] = l < nlev ? m[i]->coverage[l] : (double)NAN;
            v[3 + VL_FORECAST_MAX_LEVELS + l] = l < nlev ? m[i]->msis[l] : (double)NAN;
        }
        for (size_t k = 0; k < VL_ARRAY_LEN(v); k++)
            if (isfinite(v[k])) {
                s[k] += v[k];
                c[k]++;
            }
    }
#define AVG(k) (c[k] ? s[k] / (double)c[k] : (double)NAN)
    out->smape = AVG(0);
    out->mase = AVG(1);
    out->rmsse = AVG(2);
    for (size_t l = 0; l < VL_FORECAST_MAX_LEVELS; l++) {
        out->coverage[l] = AVG(3 + l);
        out->msis[l] = AVG(3 + VL_FORECAST_MAX_LEVELS + l);
    }
#undef AVG
}
