/*
 * fc.h - private core of the forecast room: the model `type` table (every model is a struct of
 * function pointers, so one table-driven test runs every model on every reference series),
 * per-thread scratch workspaces, and the numeric helpers the models share (classical
 * decomposition, autocorrelation, the seasonality test, least squares, normal quantiles).
 *
 * GSL is included only in this room; fc_gsl_init() turns GSL's aborting error handler off once
 * per process (every model entry calls it).
 */
#ifndef VL_FORECAST_FC_H
#define VL_FORECAST_FC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

/* Largest seasonal period the models accept (monthly). */
#define FC_MAX_M 12

/* ---- scratch workspace ------------------------------------------------------------------- */
/*
 * A workspace hands out scratch doubles from blocks allocated once and reused for every
 * series a worker thread handles (fc_work_mark / fc_work_release bracket a model run).
 */
typedef struct fc_work fc_work;
fc_work *fc_work_create(void);
void fc_work_destroy(fc_work *w); /* NULL is a no-op */
/* n zeroed doubles, or NULL on out-of-memory. */
double *fc_work_doubles(fc_work *w, size_t n);
typedef struct fc_mark {
    size_t block, used;
} fc_mark;
fc_mark fc_work_mark(const fc_work *w);
void fc_work_release(fc_work *w, fc_mark mark);

/* ---- one model run ----------------------------------------------------------------------- */
typedef struct fc_spec {
    size_t h;
    const double *levels; /* percent */
    size_t nlev;
    unsigned long seed;             /* for simulated intervals */
    bool fast;                      /* members of auto: cheaper optimisation (ETS iteration cap) */
    const struct fc_pooled *pooled; /* the run's pooled autoregression (pooled.c), or NULL */
    size_t cut; /* values cut from the series' end at this fit (a validation origin), 0 final */
} fc_spec;

/* The longest description of what ran, with its NUL (auto's five members and what was left
 * out fit in it). */
#define FC_DESC 256

/* Buffers are owned by the caller: mean h, lo/hi nlev*h (level-major), fitted n. */
typedef struct fc_out {
    double *mean, *lo, *hi, *fitted;
    char desc[FC_DESC]; /* what ran, e.g. "ETS(M,Ad,N)" */
    const char *model;  /* model name that ran (a fallback names itself) */
    double aicc;        /* NaN when the model has no likelihood */
} fc_out;

/*
 * The English words of a model description (fc_out.desc), each defined once: the models write
 * them, and vl_forecast_model_text() translates them for a reader, leaving the notation
 * (ETS(M,N,A), ARIMA(1,0,1)(0,1,1)[4], CES(a0 1.00, a1 1.00)) as it is.
 */
#define FC_W_SEASADJ        N_(" (seasonally adjusted)")
#define FC_W_NO_SEASONALITY N_(" (no seasonality)")
#define FC_W_ON_SEASADJ     N_(" on seasonally adjusted data")
#define FC_W_SNAIVE         N_("seasonal naive")
#define FC_W_AICC_OVER      N_(" AICc-weighted over ")
#define FC_W_DRIFT          N_(" with drift")
#define FC_W_NONZERO_MEAN   N_(" with non-zero mean")
#define FC_W_ZERO_MEAN      N_(" with zero mean")
#define FC_W_LEFT_OUT       N_(" left out (validation)")
#define FC_W_MEAN_OF        N_("mean(")
#define FC_W_CONSTANT       N_(" (constant series)")
#define FC_W_TOO_SHORT      N_(" values: too short for ")
#define FC_W_FAILED         N_(" failed")
#define FC_W_NOT_FINITE     N_(" not finite")
#define FC_W_NON_SEASONAL   N_(" non-seasonal: < 2 seasons")
#define FC_W_POOLED_AR      N_("pooled AR")

typedef vl_status (*fc_fit_fn)(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                               fc_out *o);

typedef struct fc_type {
    const char *name;
    const char *summary;
    fc_fit_fn fit; /* fits on y[0..n) (finite, n >= min_n) and forecasts s->h steps */
    size_t min_n;  /* fewer observations: the run falls back to naive */
    bool seasonal; /* uses the seasonal period (fewer than two seasons: m = 1) */
    /* A combination: its members' names (NULL-terminated), run with the fast settings when
     * `fast` is set; select.c validates them one by one on the series' own history. NULL for a
     * single model. */
    const char *const *members;
    bool fast;
    /* Whether the model can forecast this series in this run (NULL: always); a combination
     * leaves out a member that cannot. */
    bool (*applies)(const fc_spec *s, const double *y, size_t n, int m);
} fc_type;

/* The table, NULL-terminated, in the order of vl_forecast_model_name. */
extern const fc_type *const fc_types[];
const fc_type *fc_type_find(const char *name);

/*
 * Runs a model with the guards every output needs: constant series forecast their constant,
 * short series use a simpler model (named in desc), a failure or a non-finite number falls
 * back to naive. Never fails except for out-of-memory; every output is finite.
 */
vl_status fc_run(fc_work *w, const fc_type *t, const double *y, size_t n, int m, const fc_spec *s,
                 fc_out *o);

/* ---- validation inside the history (select.c) -------------------------------------------- */
#define FC_MAX_MEMBERS 8

/* What the validation origins of one series said: K * h signed errors of the forecast as made,
 * each divided by the residual sd of the fit at its origin (NaN where an origin was too early),
 * the residual sd of the final fit (the bands' unit), and how many members were left out. */
typedef struct fc_valid {
    double *z;
    double sd;
    size_t dropped;
} fc_valid;

/*
 * Forecasts y with model t after validating it at K origins inside y (see select.c): for a
 * combination, members far off on this series' own validation are left out. o as fc_run
 * (intervals are each member's own, averaged); v->z needs K * h slots.
 */
vl_status fc_procedure(fc_work *w, const fc_type *t, const double *y, size_t n, int m,
                       const fc_spec *s, size_t K, fc_out *o, fc_valid *v);
/* The finite-sample conformal quantile at probability p of N sorted scores. */
double fc_conformal_quantile(const double *sorted, size_t N, double p);
/* The fewest absolute scores a band at `level` percent can be calibrated from. */
size_t fc_conformal_min(double level);
/*
 * Nests the bands of one series (lo/hi nlev * h, level-major): a band of a higher level holds
 * every band of a lower one. A 95% band too short of errors to calibrate keeps the model's own,
 * which can be narrower than the calibrated 80% band beside it.
 */
void fc_nest_bands(double *lo, double *hi, const double *levels, size_t nlev, size_t h);

/* ---- models implemented in separate files ------------------------------------------------ */
/* ETS components: error 'A'/'M', trend 'N'/'A', season 'N'/'A'/'M', damped. */
typedef struct fc_ets_comp {
    char error, trend, season;
    bool damped;
} fc_ets_comp;

/* Fits ETS: comp NULL = automatic selection by AICc among the admissible models. */
vl_status fc_ets_run(fc_work *w, const double *y, size_t n, int m, const fc_ets_comp *comp,
                     const fc_spec *s, fc_out *o);
/* SES fit for Theta: alpha, the final level, sigma^2 and one-step fits. */
vl_status fc_ses_fit(fc_work *w, const double *y, size_t n, double *alpha, double *level,
                     double *sigma2, double *fitted);

/* The dynamic optimised Theta model and complex exponential smoothing, non-seasonal (dotm.c,
 * ces.c; models.c deseasonalises). */
vl_status fc_dotm_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o);
vl_status fc_ces_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o);

/*
 * The pooled autoregression (pooled.c): one regression over every series of a run. forecast.c
 * fits it once per batch for every cut the batch uses (0 for the final fit, the validation
 * origins' h, h + 1, ...); *out stays NULL when any cut has too few windows (the model is then
 * left out of the run). fc_pooled_applies says whether a series can use it (the run's
 * frequency, positive values); fc_pooled_run forecasts one series at s->cut
 * (VL_ERR_UNSUPPORTED where it does not apply).
 */
#define FC_POOLED_MAX_CUTS 16
#define FC_POOLED_MAX_COEF 32
typedef struct fc_pooled fc_pooled;
typedef struct fc_seq {
    const double *y;
    size_t n;
    int m;
} fc_seq;
size_t fc_pooled_lags(int m);
vl_status fc_pooled_fit(const fc_seq *ser, size_t n, size_t h, const size_t *cuts, size_t ncut,
                        fc_pooled **out);
void fc_pooled_free(fc_pooled *p);
bool fc_pooled_applies(const fc_pooled *p, const double *y, size_t n, int m);
vl_status fc_pooled_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o);

/* ARIMA through the ARIMA module (VL_ERR_UNSUPPORTED when it is not built in). */
vl_status fc_arima_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o);
bool fc_arima_available(void);

/* ---- helpers (util.c) -------------------------------------------------------------------- */
void fc_gsl_init(void);
/* Standard normal quantile. */
double fc_qnorm(double p);
/* Student's t quantile with df degrees of freedom. */
double fc_t_quantile(double p, size_t df);
/* Autocorrelations r[1..k] (r[0] unused) as R's acf. */
void fc_acf(const double *y, size_t n, size_t k, double *r);
/* The 90% seasonality test of M4's Naive2 and forecast::thetaf (min_n: shortest tested). */
bool fc_seasonal_test(const double *y, size_t n, int m, size_t min_n);
/*
 * R's decompose(): centred moving average trend, positional seasonal figure (figure[i] for
 * observations i, i+m, ...), normalised to sum 0 (additive) or mean 1 (multiplicative).
 * Returns false when n < 2m or (multiplicative) a trend value is not positive.
 */
bool fc_decompose(const double *y, size_t n, int m, bool multiplicative, double *figure);
/* Least squares y = a + b x on x = x0, x0+1, ... */
void fc_linreg(const double *y, size_t n, double x0, double *a, double *b);
bool fc_all_finite(const double *v, size_t n);
bool fc_is_constant(const double *y, size_t n);
double fc_min(const double *y, size_t n);

/* Minimises f over n <= FC_MAX_PAR parameters with GSL's Nelder-Mead simplex from x (updated
 * to the best point), first steps `step`, at most maxit iterations, stopping when the best value
 * moves less than reltol (relative) over 4n iterations. Returns the best value (FC_HUGE when
 * nothing finite was found); f returns FC_HUGE outside the parameter space. */
#define FC_MAX_PAR 8
#define FC_HUGE    1e10
typedef double (*fc_objective)(const double *x, void *arg);
double fc_minimize(fc_objective f, void *arg, double *x, const double *step, size_t n, size_t maxit,
                   double reltol);

/* The p-quantile of v[0..n) as R's type 7 (GSL's quantile_from_sorted_data) by selection, not
 * sorting; v is reordered. */
double fc_quantile(double *v, size_t n, double p);

/* Intervals mean +- z * se[k] at every level. */
void fc_normal_intervals(const fc_spec *s, const double *mean, const double *se, double *lo,
                         double *hi);

/* ---- accuracy measures (metrics.c): the one definition ------------------------------------ */
/* Scale of MASE, RMSSE and MSIS: in-sample MAE and MSE of the seasonal naive forecast (first
 * differences when the series is shorter than a season or its seasonal differences are 0);
 * ok is false for a constant history, whose scaled measures are undefined. */
typedef struct fc_scale {
    double mae, mse;
    bool ok;
} fc_scale;
fc_scale fc_metric_scale(const double *train, size_t n, int m);
/* 200 |a - f| / (|a| + |f|), 0 when both are 0. */
double fc_smape_term(double actual, double forecast);
/* The interval score of one value (M4): width plus 2/alpha times the miss. */
double fc_interval_score(double actual, double lo, double hi, double level);

/* Sums over forecast origins; fc_score_finish turns them into means. Zero-initialise. */
typedef struct fc_score {
    double smape, mase, rmsse, cov[VL_FORECAST_MAX_LEVELS], msis[VL_FORECAST_MAX_LEVELS];
    size_t n, n_scaled, n_cov;
} fc_score;
/* One origin: h actuals against the mean and (lo, hi may be NULL) level-major bounds. */
void fc_score_add(fc_score *acc, fc_scale sc, const double *actual, const double *mean,
                  const double *lo, const double *hi, size_t h, const double *levels, size_t nlev);
void fc_score_finish(const fc_score *acc, size_t nlev, vl_forecast_metrics *out);
/* The mean over series, each measure over the series where it is defined. */
void fc_metrics_mean(const vl_forecast_metrics *const *m, size_t n, size_t nlev,
                     vl_forecast_metrics *out);

#endif
