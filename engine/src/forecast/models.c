/*
 * models.c - the model table: naive, seasonal naive, Naive2 (M4's definition), SES, Holt,
 * damped trend, ETS, Theta (forecast::thetaf), ARIMA (the ARIMA module), the ETS-ARIMA-Theta
 * combination and `auto`; plus fc_run, the guard every model runs through (constant and short
 * series, failures and non-finite numbers fall back to a simpler model that names itself).
 */
#include "forecast/fc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "forecast/arima.h"

/* ---- naive family ---------------------------------------------------------------------- */

/* Random walk with lag `lag` (1 naive, m seasonal naive); R's lagwalk intervals. */
static vl_status lagwalk(fc_work *w, const double *y, size_t n, size_t lag, const fc_spec *s,
                         fc_out *o)
{
    if (lag >= n)
        lag = 1;
    double ss = 0;
    for (size_t t = 0; t < n; t++) {
        o->fitted[t] = t >= lag ? y[t - lag] : y[t];
        if (t >= lag)
            ss += (y[t] - y[t - lag]) * (y[t] - y[t - lag]);
    }
    double sigma = n > lag ? sqrt(ss / (double)(n - lag)) : 0;
    fc_mark mk = fc_work_mark(w);
    double *se = fc_work_doubles(w, s->h);
    if (!se)
        return VL_ERR_NOMEM;
    for (size_t k = 0; k < s->h; k++) {
        o->mean[k] = y[n - lag + k % lag];
        se[k] = sigma * sqrt((double)(k / lag + 1));
    }
    fc_normal_intervals(s, o->mean, se, o->lo, o->hi);
    fc_work_release(w, mk);
    return VL_OK;
}

static vl_status fit_naive(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                           fc_out *o)
{
    (void)m;
    snprintf(o->desc, sizeof o->desc, "naive");
    return lagwalk(w, y, n, 1, s, o);
}

static vl_status fit_snaive(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                            fc_out *o)
{
    snprintf(o->desc, sizeof o->desc, "%s", m > 1 ? FC_W_SNAIVE : "naive");
    return lagwalk(w, y, n, m > 1 ? (size_t)m : 1, s, o);
}

/* ---- exponential smoothing ------------------------------------------------------------- */

static vl_status fit_ses(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    static const fc_ets_comp c = {'A', 'N', 'N', false};
    return fc_ets_run(w, y, n, m, &c, s, o);
}

static vl_status fit_holt(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    static const fc_ets_comp c = {'A', 'A', 'N', false};
    return fc_ets_run(w, y, n, m, &c, s, o);
}

static vl_status fit_damped(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                            fc_out *o)
{
    static const fc_ets_comp c = {'A', 'A', 'N', true};
    return fc_ets_run(w, y, n, m, &c, s, o);
}

static vl_status fit_ets(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    return fc_ets_run(w, y, n, m, NULL, s, o);
}

/* ---- models on seasonally adjusted data ------------------------------------------------ */

/* Appends `suffix` (may be NULL) to the model's description. */
static void desc_append(fc_out *o, const char *suffix)
{
    if (!suffix)
        return;
    size_t len = strlen(o->desc);
    snprintf(o->desc + len, sizeof o->desc - len, "%s", suffix);
}

/*
 * M4-style seasonal adjustment: when the 90% seasonality test passes (n >= min_n) and the data
 * are positive, divide by classical multiplicative indices, run the non-seasonal model, multiply
 * mean, bounds and fits back and append `label`. Otherwise the model runs on the data as they
 * are and `plain_label` (may be NULL) is appended.
 */
static vl_status deseasonalised(fc_work *w, fc_fit_fn fit, size_t min_n, const char *label,
                                const char *plain_label, const double *y, size_t n, int m,
                                const fc_spec *s, fc_out *o)
{
    double fig[FC_MAX_M];
    bool seas = m > 1 && fc_min(y, n) > 0 && fc_seasonal_test(y, n, m, min_n) &&
                fc_decompose(y, n, m, true, fig);
    for (int i = 0; seas && i < m; i++)
        seas = fabs(fig[i]) >= 1e-4;
    if (!seas) {
        vl_status st = fit(w, y, n, 1, s, o);
        if (st == VL_OK)
            desc_append(o, plain_label);
        return st;
    }
    fc_mark mk = fc_work_mark(w);
    double *x = fc_work_doubles(w, n);
    if (!x)
        return VL_ERR_NOMEM;
    for (size_t t = 0; t < n; t++)
        x[t] = y[t] / fig[t % (size_t)m];
    vl_status st = fit(w, x, n, 1, s, o);
    fc_work_release(w, mk);
    if (st != VL_OK)
        return st;
    for (size_t t = 0; t < n; t++)
        o->fitted[t] *= fig[t % (size_t)m];
    for (size_t k = 0; k < s->h; k++) {
        double f = fig[(n + k) % (size_t)m];
        o->mean[k] *= f;
        for (size_t l = 0; l < s->nlev; l++) {
            o->lo[l * s->h + k] *= f;
            o->hi[l * s->h + k] *= f;
        }
    }
    desc_append(o, label);
    return VL_OK;
}

static vl_status naive2_core(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                             fc_out *o)
{
    (void)m;
    snprintf(o->desc, sizeof o->desc, "naive2");
    return lagwalk(w, y, n, 1, s, o);
}

/* Naive2 (M4): the naive forecast on seasonally adjusted data. */
static vl_status fit_naive2(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                            fc_out *o)
{
    return deseasonalised(w, naive2_core, 3 * (size_t)m, FC_W_SEASADJ, FC_W_NO_SEASONALITY, y, n, m,
                          s, o);
}

static vl_status fit_dses(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    return deseasonalised(w, fit_ses, 3 * (size_t)m, FC_W_ON_SEASADJ, NULL, y, n, m, s, o);
}

static vl_status fit_dholt(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                           fc_out *o)
{
    return deseasonalised(w, fit_holt, 3 * (size_t)m, FC_W_ON_SEASADJ, NULL, y, n, m, s, o);
}

static vl_status fit_ddamped(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                             fc_out *o)
{
    return deseasonalised(w, fit_damped, 3 * (size_t)m, FC_W_ON_SEASADJ, NULL, y, n, m, s, o);
}

/* ---- Theta ----------------------------------------------------------------------------- */

/*
 * The standard Theta method as forecast::thetaf: multiplicative classical deseasonalisation
 * when the 90% test passes (n > 2m), SES plus half the regression slope as drift, intervals
 * from the SES variance.
 */
static vl_status fit_theta(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                           fc_out *o)
{
    double fig[FC_MAX_M];
    bool seas = m > 1 && fc_min(y, n) > 0 && fc_seasonal_test(y, n, m, 2 * (size_t)m + 1) &&
                fc_decompose(y, n, m, true, fig);
    if (seas)
        for (int i = 0; i < m; i++)
            if (fabs(fig[i]) < 1e-4)
                seas = false;
    fc_mark mk = fc_work_mark(w);
    double *x = fc_work_doubles(w, n), *se = fc_work_doubles(w, s->h);
    if (!x || !se)
        return VL_ERR_NOMEM;
    for (size_t t = 0; t < n; t++)
        x[t] = seas ? y[t] / fig[t % (size_t)m] : y[t];
    double alpha, level, sigma2, a, b;
    vl_status st = fc_ses_fit(w, x, n, &alpha, &level, &sigma2, o->fitted);
    if (st != VL_OK) {
        fc_work_release(w, mk);
        return st;
    }
    fc_linreg(x, n, 0, &a, &b);
    double drift = b / 2;
    alpha = fmax(alpha, 1e-10);
    double tail = (1 - pow(1 - alpha, (double)n)) / alpha;
    for (size_t k = 0; k < s->h; k++) {
        o->mean[k] = level + drift * ((double)k + tail);
        se[k] = sqrt(sigma2) * sqrt((double)k * alpha * alpha + 1);
        if (seas)
            o->mean[k] *= fig[(n + k) % (size_t)m];
    }
    if (seas)
        for (size_t t = 0; t < n; t++)
            o->fitted[t] *= fig[t % (size_t)m];
    fc_normal_intervals(s, o->mean, se, o->lo, o->hi);
    snprintf(o->desc, sizeof o->desc, "Theta%s", seas ? FC_W_SEASADJ : "");
    fc_work_release(w, mk);
    return VL_OK;
}

/* ---- DOTM and CES (dotm.c, ces.c) on Theta's seasonal adjustment ----------------------- */

/* Both deseasonalise as Theta does (the 90% test with n > 2m, multiplicative indices), the
 * treatment their authors used on the M3 data. */
static vl_status fit_dotm(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    return deseasonalised(w, fc_dotm_run, 2 * (size_t)m + 1, FC_W_SEASADJ, NULL, y, n, m, s, o);
}

static vl_status fit_ces(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    return deseasonalised(w, fc_ces_run, 2 * (size_t)m + 1, FC_W_SEASADJ, NULL, y, n, m, s, o);
}

/* ---- ARIMA (the ARIMA module) ---------------------------------------------------------- */

bool fc_arima_available(void)
{
    return true;
}

vl_status fc_arima_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    (void)w;
    if (!fc_arima_available())
        return VL_ERR_UNSUPPORTED;
    fc_arima_options ao;
    fc_arima_options_default(&ao);
    if (s->fast) {
        /* auto's member: a parsimonious search (p, q, P, Q <= 1). Measured on M3 quarterly,
         * auto scores 8.93/1.051 with it against 8.94/1.053 with R's limits, in half the time */
        ao.max_p = ao.max_q = 1;
        ao.max_P = ao.max_Q = 1;
    }
    fc_arima *a = NULL;
    vl_status st = fc_arima_auto(NULL, y, n, m, &ao, &a);
    if (st != VL_OK)
        return st;
    st = fc_arima_forecast(NULL, a, s->h, s->levels, s->nlev, o->mean, o->lo, o->hi);
    size_t nr = 0;
    const double *res = st == VL_OK ? fc_arima_residuals(a, &nr) : NULL;
    if (st == VL_OK && res && nr == n) {
        for (size_t t = 0; t < n; t++)
            o->fitted[t] = y[t] - res[t];
    } else if (st == VL_OK) {
        for (size_t t = 0; t < n; t++)
            o->fitted[t] = t > 0 ? y[t - 1] : y[0];
    }
    fc_arima_describe(a, o->desc, sizeof o->desc);
    o->aicc = fc_arima_aicc(a);
    fc_arima_free(a);
    return st;
}

static vl_status fit_arima(fc_work *w, const double *y, size_t n, int m, const fc_spec *s,
                           fc_out *o)
{
    return fc_arima_run(w, y, n, m, s, o);
}

/* ---- combinations ---------------------------------------------------------------------- */

/* Appends text to buf (size bytes), truncating. */
static void append_text(char *buf, size_t size, const char *text)
{
    size_t len = strlen(buf), add = strlen(text);
    if (len + add >= size)
        add = size - 1 - len;
    memcpy(buf + len, text, add);
    buf[len + add] = '\0';
}

typedef struct comb_member {
    const char *name;
    fc_fit_fn fit;
    size_t min_n;
    double weight;
} comb_member;

static double median_of(double *v, size_t k)
{
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

/*
 * Runs each member through fc_run (so each is finite) and averages (or takes the median of)
 * means, bounds and fits. Members that are not available (ARIMA not built) are left out.
 */
static vl_status combine(fc_work *w, const comb_member *mem, size_t k, bool median,
                         const char *label, const double *y, size_t n, int m, const fc_spec *s,
                         fc_out *o)
{
    double wt[8], wsum = 0;
    fc_mark mk = fc_work_mark(w);
    size_t stride = s->h * (1 + 2 * s->nlev) + n;
    double *buf = fc_work_doubles(w, stride * k);
    if (!buf)
        return VL_ERR_NOMEM;
    size_t used = 0;
    char names[sizeof o->desc] = "";
    for (size_t i = 0; i < k; i++) {
        if (mem[i].fit == fit_arima && !fc_arima_available())
            continue;
        const fc_type *mt = fc_type_find(mem[i].name);
        if (mt && mt->applies && !mt->applies(s, y, n, m))
            continue;
        double *b = buf + used * stride;
        fc_out mo = {.mean = b,
                     .lo = b + s->h,
                     .hi = b + s->h * (1 + s->nlev),
                     .fitted = b + s->h * (1 + 2 * s->nlev)};
        fc_type t = {mem[i].name, "", mem[i].fit, mem[i].min_n, true};
        vl_status st = fc_run(w, &t, y, n, m, s, &mo);
        if (st != VL_OK) {
            fc_work_release(w, mk);
            return st;
        }
        wt[used] = mem[i].weight;
        wsum += mem[i].weight;
        append_text(names, sizeof names, used ? ", " : "");
        append_text(names, sizeof names, mo.desc);
        used++;
    }
    double v[8];
    for (size_t j = 0; j < stride - n + n; j++) {
        for (size_t i = 0; i < used; i++)
            v[i] = buf[i * stride + j];
        double r;
        if (median) {
            r = median_of(v, used);
        } else {
            r = 0;
            for (size_t i = 0; i < used; i++)
                r += wt[i] * v[i];
            r /= wsum;
        }
        if (j < s->h)
            o->mean[j] = r;
        else if (j < s->h * (1 + s->nlev))
            o->lo[j - s->h] = r;
        else if (j < s->h * (1 + 2 * s->nlev))
            o->hi[j - s->h * (1 + s->nlev)] = r;
        else
            o->fitted[j - s->h * (1 + 2 * s->nlev)] = r;
    }
    o->desc[0] = '\0';
    append_text(o->desc, sizeof o->desc, label);
    append_text(o->desc, sizeof o->desc, "(");
    append_text(o->desc, sizeof o->desc, names);
    if (strlen(o->desc) + 1 >= sizeof o->desc) /* keep the closing parenthesis visible */
        memcpy(o->desc + sizeof o->desc - 5, "...)", 5);
    else
        append_text(o->desc, sizeof o->desc, ")");
    fc_work_release(w, mk);
    return VL_OK;
}

static vl_status fit_comb(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    static const comb_member mem[] = {
        {"ets", fit_ets, 7, 1}, {"arima", fit_arima, 7, 1}, {"theta", fit_theta, 7, 1}};
    return combine(w, mem, VL_ARRAY_LEN(mem), false, "mean", y, n, m, s, o);
}

/*
 * auto run directly (fc_run, no validation): the equal mean of Theta, CES, ETS and ARIMA with the
 * members' fast settings. With the run-time validation of select.c (the public API's default),
 * a member whose validation error on the series is far above the others' is left out first.
 * Why these members and equal weights: docs/forecasting.md (chosen on the M3 training data's own
 * last eight quarters, never on the test quarters).
 */
static const char *const auto_members[] = {"theta", "ces", "ets", "arima", "pooled", NULL};

static vl_status fit_auto(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    static const comb_member mem[] = {{"theta", fit_theta, 7, 1},
                                      {"ces", fit_ces, 7, 1},
                                      {"ets", fit_ets, 7, 1},
                                      {"arima", fit_arima, 7, 1},
                                      {"pooled", fc_pooled_run, 2, 1}};
    fc_spec fast = *s;
    fast.fast = true;
    return combine(w, mem, VL_ARRAY_LEN(mem), false, "mean", y, n, m, &fast, o);
}

/* ---- the table ------------------------------------------------------------------------- */

static const fc_type t_auto = {"auto",
                               "mean of Theta, CES, ETS and ARIMA, members checked on the series' "
                               "own history",
                               fit_auto,
                               7,
                               true,
                               auto_members,
                               true};
static const fc_type t_ets = {"ets", "exponential smoothing, automatic by AICc", fit_ets, 7, true};
static const fc_type t_arima = {"arima", "seasonal ARIMA, automatic stepwise by AICc", fit_arima, 7,
                                true};
static const fc_type t_theta = {"theta", "Theta method (SES with drift, deseasonalised)", fit_theta,
                                7, true};
static const fc_type t_comb = {"comb", "mean of ETS, ARIMA and Theta", fit_comb, 7, true};
static const fc_type t_dotm = {"dotm", "dynamic optimised Theta model (Fiorucci et al. 2016)",
                               fit_dotm, 7, true};
static const fc_type t_ces = {"ces", "complex exponential smoothing (Svetunkov et al. 2022)",
                              fit_ces, 7, true};
static bool pooled_applies(const fc_spec *s, const double *y, size_t n, int m)
{
    return fc_pooled_applies(s->pooled, y, n, m);
}

static const fc_type t_pooled = {.name = "pooled",
                                 .summary =
                                     "one log-scale autoregression over every series of the run",
                                 .fit = fc_pooled_run,
                                 .min_n = 2,
                                 .applies = pooled_applies};
static const fc_type t_naive = {"naive", "last value", fit_naive, 1, false};
static const fc_type t_snaive = {"snaive", "value one season ago", fit_snaive, 1, true};
static const fc_type t_naive2 = {"naive2", "naive on seasonally adjusted data (M4)", fit_naive2, 1,
                                 true};
static const fc_type t_ses = {"ses", "simple exponential smoothing, ETS(A,N,N)", fit_ses, 7, false};
static const fc_type t_holt = {"holt", "Holt's linear trend, ETS(A,A,N)", fit_holt, 9, false};
static const fc_type t_damped = {"damped", "damped trend, ETS(A,Ad,N)", fit_damped, 10, false};

static const fc_type t_dses = {"dses", "SES on seasonally adjusted data (M4)", fit_dses, 7, true};
static const fc_type t_dholt = {"dholt", "Holt on seasonally adjusted data (M4)", fit_dholt, 9,
                                true};
static const fc_type t_ddamped = {"ddamped", "damped trend on seasonally adjusted data (M4)",
                                  fit_ddamped, 10, true};

const fc_type *const fc_types[] = {&t_auto,   &t_ets,   &t_arima,  &t_theta,   &t_dotm,   &t_ces,
                                   &t_comb,   &t_naive, &t_snaive, &t_naive2,  &t_ses,    &t_holt,
                                   &t_damped, &t_dses,  &t_dholt,  &t_ddamped, &t_pooled, NULL};

const fc_type *fc_type_find(const char *name)
{
    for (size_t i = 0; name && fc_types[i]; i++)
        if (strcmp(fc_types[i]->name, name) == 0)
            return fc_types[i];
    return NULL;
}

static bool out_finite(const fc_out *o, size_t n, const fc_spec *s)
{
    return fc_all_finite(o->mean, s->h) && fc_all_finite(o->lo, s->h * s->nlev) &&
           fc_all_finite(o->hi, s->h * s->nlev) && fc_all_finite(o->fitted, n);
}

vl_status fc_run(fc_work *w, const fc_type *t, const double *y, size_t n, int m, const fc_spec *s,
                 fc_out *o)
{
    assert(n >= 1 && s->h >= 1);
    fc_gsl_init();
    o->aicc = NAN;
    o->desc[0] = '\0';
    o->model = t->name;
    if (fc_is_constant(y, n)) {
        o->model = "naive";
        vl_status st = lagwalk(w, y, n, 1, s, o);
        snprintf(o->desc, sizeof o->desc, "naive%s", FC_W_CONSTANT);
        return st;
    }
    if (n < t->min_n) {
        o->model = "naive";
        vl_status st = lagwalk(w, y, n, 1, s, o);
        snprintf(o->desc, sizeof o->desc, "naive (%zu%s%s)", n, FC_W_TOO_SHORT, t->name);
        return st;
    }
    int mm = m;
    bool short_seasons = t->seasonal && m > 1 && n < 2 * (size_t)m;
    if (short_seasons)
        mm = 1;
    fc_mark mk = fc_work_mark(w);
    (void)vl__alloc_oom_take();
    vl_status st = t->fit(w, y, n, mm, s, o);
    fc_work_release(w, mk);
    /* an allocation that failed inside a model (a GSL minimiser's state in ARIMA) may have ended
     * that model's search early rather than the run: out of memory all the same, never a
     * different forecast reported as complete */
    if (vl__alloc_oom_take())
        st = VL_ERR_NOMEM;
    if (st == VL_ERR_NOMEM)
        return st;
    if (st != VL_OK || !out_finite(o, n, s)) {
        char why[48];
        snprintf(why, sizeof why, "%s%s", t->name, st != VL_OK ? FC_W_FAILED : FC_W_NOT_FINITE);
        o->model = "naive";
        o->aicc = NAN;
        st = lagwalk(w, y, n, 1, s, o);
        snprintf(o->desc, sizeof o->desc, "naive (%s)", why);
        if (st == VL_OK && !out_finite(o, n, s)) {
            /* only absurd magnitudes get here: forecast the last value, no spread */
            for (size_t k = 0; k < s->h; k++) {
                o->mean[k] = y[n - 1];
                for (size_t l = 0; l < s->nlev; l++)
                    o->lo[l * s->h + k] = o->hi[l * s->h + k] = y[n - 1];
            }
            for (size_t i = 0; i < n; i++)
                o->fitted[i] = y[i];
        }
        return st;
    }
    if (short_seasons) {
        size_t len = strlen(o->desc);
        snprintf(o->desc + len, sizeof o->desc - len, "%s", FC_W_NON_SEASONAL);
    }
    return VL_OK;
}
