/*
 * forecast.h - public API of the forecasting engine: point forecasts with prediction intervals
 * for many series at once (naive, seasonal naive, Naive2, SES, Holt, damped trend, automatic
 * ETS, automatic ARIMA, Theta, combinations and a per-series automatic choice), rolling-origin
 * backtests with sMAPE, MASE, RMSSE, interval coverage and MSIS.
 *
 * Guarantees (stable; the planner's hierarchy and reports are built on them):
 * - every number in a result is finite (a model that fails falls back to a simpler one, named
 *   in the model description); results are identical for any thread count;
 * - series keep the order of their first appearance in the input;
 * - lo/hi arrays are level-major: lo[l * horizon + k] is step k+1 at levels[l];
 * - residuals are in-sample one-step-ahead errors y[t] - fitted[t] of the chosen model (for a
 *   combination: of the combined one-step fits), on the history as modelled (after filling).
 */
#ifndef VIECLAM_FORECAST_H
#define VIECLAM_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include <vieclam/common.h>
#include <vieclam/data.h>
#include <vieclam/history.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VL_FORECAST_MAX_LEVELS 8

/* How missing periods inside a series are handled. NONE: reported as a warning, and the
 * observed values are modelled as consecutive; LINEAR / ZERO: filled, also reported. */
typedef enum vl_forecast_fill {
    VL_FORECAST_FILL_NONE = 0,
    VL_FORECAST_FILL_LINEAR,
    VL_FORECAST_FILL_ZERO
} vl_forecast_fill;

typedef struct vl_forecast_options {
    size_t horizon;                        /* steps ahead, >= 1 (required) */
    const char *model;                     /* vl_forecast_model_name(i); NULL = "auto" */
    double levels[VL_FORECAST_MAX_LEVELS]; /* interval levels in percent, each in (0, 100) */
    size_t n_levels;                       /* 0 = no intervals */
    size_t origins;                        /* backtest origins with vl_forecast_*; 0 = none */
    vl_forecast_fill fill;
    unsigned long seed; /* seed of simulated intervals (deterministic per series) */
    /* Validation origins inside each series' own history (the last at n - horizon): they
     * calibrate the bands from out-of-sample errors pooled over the series of the run
     * (conformal), and let `auto` leave out a member that breaks down on a series. 0 = each
     * model's own bands, no check. */
    size_t validation;
    /* Cheaper optimisation: ETS 100 simplex iterations with a short race, ARIMA orders p, q, P,
     * Q <= 1 (what auto's members always use); for many series where time matters. */
    bool fast;
} vl_forecast_options;

/* Defaults: horizon 0 (caller sets it), model "auto", levels 80 and 95, no backtest, no fill,
 * seed 20261127, 3 validation origins (docs/forecasting.md says why three). */
VL_EXPORT void vl_forecast_options_init(vl_forecast_options *opt);

/* The model names accepted in options.model, in a fixed order; NULL past the end. */
VL_EXPORT const char *vl_forecast_model_name(size_t i);
/* A one-line English description of a model name (NULL when unknown). */
VL_EXPORT const char *vl_forecast_model_summary(const char *name);
/*
 * A model description as a forecast records it ("Theta (seasonally adjusted)", "ETS(M,N,A)
 * AICc-weighted over 15") in the words of lang ("vi", "en", NULL: the process's language),
 * written to buf (truncated to size, always terminated); the notation stays as it is. Returns buf.
 */
VL_EXPORT char *vl_forecast_model_text(const char *desc, const char *lang, char *buf, size_t size);
/* Parses "fill" option text: "none", "linear" or "zero". */
VL_EXPORT bool vl_forecast_fill_parse(const char *text, vl_forecast_fill *out);

/* Accuracy of one model on one series (or averaged over series), from a rolling-origin
 * backtest: each origin fits on the history up to it and forecasts `horizon` steps. Every
 * measure is defined once (engine/src/forecast/metrics.c); vl_forecast_score uses the same. */
typedef struct vl_forecast_metrics {
    size_t origins;                          /* origins evaluated (0 = too short) */
    double smape;                            /* 0-200 */
    double mase;                             /* scaled by in-sample seasonal naive MAE */
    double rmsse;                            /* root mean squared scaled error */
    double coverage[VL_FORECAST_MAX_LEVELS]; /* share of actuals inside, per level, 0-1 */
    double msis[VL_FORECAST_MAX_LEVELS];     /* mean scaled interval score, per level */
} vl_forecast_metrics;

/* One input series for vl_forecast_inputs: values on consecutive periods from `first`; NaN
 * marks a missing period (filled or skipped per options.fill). */
typedef struct vl_forecast_input {
    const char *name;
    const char *const *keys; /* n_keys key values (copied), may be NULL */
    size_t n_keys;
    vl_period first; /* its freq (1, 4, 12) is the seasonal period */
    const double *y;
    size_t n;
} vl_forecast_input;

/*
 * Scores one forecast against what happened: train (n values, freq its seasonal period) gives
 * the MASE/RMSSE/MSIS scale; actual, mean and the level-major bounds (lo/hi may be NULL) have h
 * steps. out->origins is 1. A constant training history leaves MASE, RMSSE and MSIS NaN.
 */
VL_EXPORT void vl_forecast_score(const double *train, size_t n, int freq, const double *actual,
                                 const double *mean, const double *lo, const double *hi, size_t h,
                                 const double *levels, size_t n_levels, vl_forecast_metrics *out);

typedef struct vl_forecast vl_forecast; /* a forecast for many series */

/*
 * Forecasts every series of a history (rows grouped by the `series` column; periods sorted;
 * frequency from the periods). Bad option values (horizon 0, an unknown model, a level outside
 * (0, 100)) and unusable series (mixed frequencies, duplicate periods, non-finite values) are
 * VL_ERR_INVALID with a message. Missing periods are warnings (vl_ctx log at VL_LOG_WARNING
 * and the series' warning text).
 */
VL_EXPORT vl_status vl_forecast_history(vl_ctx *ctx, const vl_history *history,
                                        const vl_forecast_options *opt, vl_forecast **out);
/* The same for series given as arrays (the planner's aggregated series, tests). */
VL_EXPORT vl_status vl_forecast_inputs(vl_ctx *ctx, const vl_forecast_input *inputs, size_t n,
                                       const vl_forecast_options *opt, vl_forecast **out);
VL_EXPORT void vl_forecast_destroy(vl_forecast *f); /* NULL is a no-op */

VL_EXPORT size_t vl_forecast_count(const vl_forecast *f);
VL_EXPORT size_t vl_forecast_horizon(const vl_forecast *f);
VL_EXPORT size_t vl_forecast_n_levels(const vl_forecast *f);
VL_EXPORT double vl_forecast_level(const vl_forecast *f, size_t l);
/* The standard normal quantile z of a central interval of level percent (80 -> 1.2816): how
 * wide a band is in standard deviations; NaN outside (0, 100). */
VL_EXPORT double vl_forecast_z(double level);
VL_EXPORT size_t vl_forecast_n_keys(const vl_forecast *f);
VL_EXPORT const char *vl_forecast_key_name(const vl_forecast *f, size_t k);

/* One series of a result; every pointer is owned by the result and valid until destroy. */
typedef struct vl_forecast_series {
    const char *name;
    const char *const *keys; /* vl_forecast_n_keys values ("" when empty) */
    int freq;                /* 1, 4 or 12 */
    vl_period first;         /* period of history[0] (with unfilled gaps, history is shorter
                                than the span of periods: use vl_forecast_period for steps) */
    const double *history;   /* n_history values as modelled (after filling) */
    size_t n_history;
    const char *model;       /* model that made the forecast, e.g. "ets", "theta", "naive" */
    const char *description; /* e.g. "ETS(M,Ad,N)", "auto: comb(ets,arima,theta)" */
    const double *mean;      /* horizon values */
    const double *lo, *hi;   /* n_levels * horizon, level-major */
    const double *fitted;    /* n_history in-sample one-step fits */
    const double *residuals; /* n_history: history - fitted */
    const char *warning;     /* "" or problems found (gaps, short series, fallbacks) */
    const vl_forecast_metrics *metrics; /* backtest of this model, NULL when origins == 0 */
    /* the warning for programs, the same in every language of messages: "" or
     * "gaps_not_filled", "gaps_filled_linear", "gaps_filled_zero" (missing periods inside
     * the series, and how vl_forecast_options.fill treated them) */
    const char *warning_code;
} vl_forecast_series;

VL_EXPORT bool vl_forecast_get(const vl_forecast *f, size_t i, vl_forecast_series *out);

/*
 * How the bands of level l at step k (0-based) were made: returns the number of validation
 * errors pooled for the step, and (when calibrated) the band's factors: lo = mean + q_lo * sd and
 * hi = mean + q_hi * sd with sd each series' residual standard deviation. q_lo/q_hi are NaN when
 * the step had too few errors for the level and the models' own bands were kept.
 */
VL_EXPORT size_t vl_forecast_calibration(const vl_forecast *f, size_t l, size_t k, double *q_lo,
                                         double *q_hi);
/* The period of forecast step k (0-based) of series i. */
VL_EXPORT vl_period vl_forecast_period(const vl_forecast *f, size_t i, size_t k);

/* ---- backtests of several models -------------------------------------------------------- */
typedef struct vl_backtest vl_backtest;

/*
 * Rolling-origin backtest of each model on each series of a history: opt->origins origins
 * (default 1 when 0), the last at n - horizon. Series too short for an origin get origins 0
 * and do not count in the overall figures.
 */
VL_EXPORT vl_status vl_backtest_history(vl_ctx *ctx, const vl_history *history,
                                        const vl_forecast_options *opt, const char *const *models,
                                        size_t n_models, vl_backtest **out);
VL_EXPORT vl_status vl_backtest_inputs(vl_ctx *ctx, const vl_forecast_input *inputs, size_t n,
                                       const vl_forecast_options *opt, const char *const *models,
                                       size_t n_models, vl_backtest **out);
VL_EXPORT void vl_backtest_destroy(vl_backtest *b); /* NULL is a no-op */
VL_EXPORT size_t vl_backtest_series_count(const vl_backtest *b);
VL_EXPORT size_t vl_backtest_model_count(const vl_backtest *b);
VL_EXPORT const char *vl_backtest_series_name(const vl_backtest *b, size_t i);
VL_EXPORT const char *vl_backtest_model(const vl_backtest *b, size_t j);
/* Metrics of model j on series i; i == series count gives the mean over series. */
VL_EXPORT const vl_forecast_metrics *vl_backtest_metrics(const vl_backtest *b, size_t i, size_t j);
/* What model j actually ran on series i at the last origin (e.g. "ETS(A,N,N)"). */
VL_EXPORT const char *vl_backtest_description(const vl_backtest *b, size_t i, size_t j);
VL_EXPORT size_t vl_backtest_n_levels(const vl_backtest *b);
VL_EXPORT double vl_backtest_level(const vl_backtest *b, size_t l);

#ifdef __cplusplus
}
#endif

#endif
