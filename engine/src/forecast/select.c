/*
 * select.c - what the history itself says before a forecast is made: every series is forecast
 * at K validation origins inside its own history (the last at n - h, then n - h - 1, ...), so
 * that (1) a combination leaves out, for that series, a member whose validation error is far
 * above the others' (a member that breaks down on a series is the way combinations fail), and
 * (2) the bands can be calibrated from out-of-sample errors instead of trusting each model's
 * own variance formula (forecast.c pools the errors over the series of a run, conformal style).
 *
 * Validation runs ask for no intervals (no simulation) and use the members' own guards
 * (fc_run). The scores are normalised by the residual standard deviation of the combined fit at
 * each origin, so that series of any size pool into one calibration.
 */
#include "forecast/fc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/*
 * A member is left out of a series' combination when its validation MAE (scaled, over every
 * origin and step) exceeds this multiple of the median member's. 2 is the usual "far off"
 * threshold of robust statistics on a ratio scale (twice the typical error); on the M3 training
 * data's own last eight quarters it left out 10% of member fits and changed the combination's
 * MASE by less than 0.001 (docs/forecasting.md): a guard against break-downs, not a tuning.
 */
#define FC_GUARD_RATIO 2.0

static double median_small(double *v, size_t k)
{
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

static size_t resolve_members(const fc_type *t, const fc_type **mem)
{
    if (!t->members) {
        mem[0] = t;
        return 1;
    }
    size_t k = 0;
    for (size_t i = 0; t->members[i] && k < FC_MAX_MEMBERS; i++) {
        const fc_type *m = fc_type_find(t->members[i]);
        assert(m);
        mem[k++] = m;
    }
    return k;
}

/* Residual sd of fits against y over t in [skip, n) (the first fits of a model are its start). */
static double resid_sd(const double *y, const double *fit, size_t n, size_t skip)
{
    if (skip >= n)
        skip = 0;
    double s = 0;
    for (size_t t = skip; t < n; t++)
        s += (y[t] - fit[t]) * (y[t] - fit[t]);
    return n > skip ? sqrt(s / (double)(n - skip)) : 0;
}

static void append(char *buf, size_t size, const char *text)
{
    size_t len = strlen(buf);
    if (len + 1 < size)
        snprintf(buf + len, size - len, "%s", text);
}

vl_status fc_procedure(fc_work *w, const fc_type *t, const double *y, size_t n, int m,
                       const fc_spec *s, size_t K, fc_out *out, fc_valid *v)
{
    const fc_type *mem[FC_MAX_MEMBERS];
    size_t nm = resolve_members(t, mem), h = s->h;
    /* a combination's members that can forecast this series (the pooled one needs the run's
     * regression and positive values) */
    if (nm > 1) {
        size_t k = 0;
        for (size_t j = 0; j < nm; j++)
            if (!mem[j]->applies || mem[j]->applies(s, y, n, m))
                mem[k++] = mem[j];
        nm = k;
    }
    fc_spec vs = *s; /* validation: no intervals */
    vs.nlev = 0;
    vs.fast = vs.fast || t->fast;
    fc_mark mk = fc_work_mark(w);
    double *vmean = fc_work_doubles(w, K * nm * h + 1);
    double *vfit = fc_work_doubles(w, nm * n + 1);
    double *scratch = fc_work_doubles(w, h * (1 + 2 * s->nlev) + n + 1);
    double *vsd = fc_work_doubles(w, K + 1);
    size_t *vnt = (size_t *)(void *)fc_work_doubles(w, K + 1);
    if (!vmean || !vfit || !scratch || !vsd || !vnt)
        return VL_ERR_NOMEM;
    for (size_t i = 0; i < K * h; i++)
        v->z[i] = NAN;
    v->sd = 0;
    v->dropped = 0;
    if (fc_is_constant(y, n)) { /* nothing to validate: fc_run forecasts the constant */
        fc_work_release(w, mk);
        return fc_run(w, t, y, n, m, s, out);
    }

    /* validation origins: training lengths n - h - (K - 1 - o), each at least 3 values and the
     * model's own minimum (shorter ones would only test the naive fallback) */
    double err[FC_MAX_MEMBERS] = {0};
    size_t nerr = 0;
    for (size_t o = 0; o < K; o++) {
        size_t back = h + (K - 1 - o);
        vnt[o] = 0;
        if (n < back + (t->min_n > 3 ? t->min_n : 3))
            continue;
        size_t nt = n - back;
        vnt[o] = nt;
        vs.cut = back;
        fc_scale sc = fc_metric_scale(y, nt, m);
        for (size_t j = 0; j < nm; j++) {
            fc_out mo = {.mean = vmean + (o * nm + j) * h, .fitted = vfit + j * n};
            vl_status st = fc_run(w, mem[j], y, nt, m, &vs, &mo);
            if (st != VL_OK) {
                fc_work_release(w, mk);
                return st;
            }
            for (size_t k = 0; k < h && sc.ok; k++)
                err[j] += fabs(y[nt + k] - mo.mean[k]) / sc.mae;
        }
        nerr += sc.ok;
        /* the residual sd of the combined fit at this origin (all members: the guard is not
         * known yet; it changes the fit little) */
        for (size_t t2 = 0; t2 < nt; t2++) {
            double f = 0;
            for (size_t j = 0; j < nm; j++)
                f += vfit[j * n + t2];
            scratch[t2] = f / (double)nm;
        }
        vsd[o] = resid_sd(y, scratch, nt, m > 1 ? (size_t)m : 1);
    }

    /* the guard: members far off the median member on this series' own validation */
    bool keep[FC_MAX_MEMBERS];
    size_t nkeep = 0;
    double med = 0;
    if (nm >= 3 && nerr > 0) {
        double tmp[FC_MAX_MEMBERS];
        memcpy(tmp, err, nm * sizeof *tmp);
        med = median_small(tmp, nm);
    }
    for (size_t j = 0; j < nm; j++) {
        keep[j] = !(nm >= 3 && nerr > 0 && err[j] > FC_GUARD_RATIO * med);
        nkeep += keep[j];
    }
    if (nkeep == 0) { /* cannot happen (the median member passes), but never combine nothing */
        for (size_t j = 0; j < nm; j++)
            keep[j] = true;
        nkeep = nm;
    }
    v->dropped = nm - nkeep;

    /* the validation errors of the forecast as it will be made (kept members) */
    for (size_t o = 0; o < K; o++) {
        if (!vnt[o] || !(vsd[o] > 0))
            continue;
        for (size_t k = 0; k < h; k++) {
            double f = 0;
            for (size_t j = 0; j < nm; j++)
                if (keep[j])
                    f += vmean[(o * nm + j) * h + k];
            f /= (double)nkeep;
            v->z[o * h + k] = (y[vnt[o] + k] - f) / vsd[o];
        }
    }

    /* the forecast: the kept members on the whole history, averaged */
    vl_status st = VL_OK;
    if (nm == 1) {
        st = fc_run(w, mem[0], y, n, m, s, out);
    } else {
        fc_spec fs = *s;
        fs.fast = fs.fast || t->fast;
        size_t nb = h * (1 + 2 * s->nlev);
        memset(out->mean, 0, h * sizeof *out->mean);
        memset(out->lo, 0, h * s->nlev * sizeof *out->lo);
        memset(out->hi, 0, h * s->nlev * sizeof *out->hi);
        memset(out->fitted, 0, n * sizeof *out->fitted);
        char names[sizeof out->desc] = "";
        for (size_t j = 0; j < nm && st == VL_OK; j++) {
            if (!keep[j])
                continue;
            fc_out mo = {.mean = scratch,
                         .lo = scratch + h,
                         .hi = scratch + h * (1 + s->nlev),
                         .fitted = scratch + nb};
            st = fc_run(w, mem[j], y, n, m, &fs, &mo);
            for (size_t k = 0; st == VL_OK && k < h; k++) {
                out->mean[k] += mo.mean[k] / (double)nkeep;
                for (size_t l = 0; l < s->nlev; l++) {
                    out->lo[l * h + k] += mo.lo[l * h + k] / (double)nkeep;
                    out->hi[l * h + k] += mo.hi[l * h + k] / (double)nkeep;
                }
            }
            for (size_t t2 = 0; st == VL_OK && t2 < n; t2++)
                out->fitted[t2] += mo.fitted[t2] / (double)nkeep;
            append(names, sizeof names, names[0] ? ", " : "");
            append(names, sizeof names, mo.desc);
        }
        if (st == VL_OK) {
            /* names may fill the description: keep the closing parenthesis visible */
            out->desc[0] = '\0';
            append(out->desc, sizeof out->desc, FC_W_MEAN_OF);
            append(out->desc, sizeof out->desc, names);
            if (strlen(out->desc) + 2 >= sizeof out->desc)
                memcpy(out->desc + sizeof out->desc - 5, "...)", 5);
            else
                append(out->desc, sizeof out->desc, ")");
            for (size_t j = 0; j < nm; j++)
                if (!keep[j]) {
                    char why[64];
                    snprintf(why, sizeof why, "; %s%s", mem[j]->name, FC_W_LEFT_OUT);
                    append(out->desc, sizeof out->desc, why);
                }
            out->model = t->name;
            out->aicc = NAN;
        }
    }
    if (st == VL_OK)
        v->sd = resid_sd(y, out->fitted, n, m > 1 ? (size_t)m : 1);

    fc_work_release(w, mk);
    return st;
}

/*
 * The finite-sample conformal quantile: of N sorted scores, the ceil(p (N + 1))-th smallest
 * (clamped to the largest), which covers a new exchangeable score with probability >= p.
 */
double fc_conformal_quantile(const double *sorted, size_t N, double p)
{
    assert(N > 0);
    long idx = (long)ceil(p * (double)(N + 1) - 1e-9) - 1;
    if (idx < 0)
        idx = 0;
    if (idx > (long)N - 1)
        idx = (long)N - 1;
    return sorted[idx];
}

void fc_nest_bands(double *lo, double *hi, const double *levels, size_t nlev, size_t h)
{
    for (size_t a = 0; a < nlev; a++)
        for (size_t b = 0; b < nlev; b++)
            if (levels[b] > levels[a])
                for (size_t k = 0; k < h; k++) {
                    if (lo[a * h + k] < lo[b * h + k])
                        lo[b * h + k] = lo[a * h + k];
                    if (hi[a * h + k] > hi[b * h + k])
                        hi[b * h + k] = hi[a * h + k];
                }
}

size_t fc_conformal_min(double level)
{
    /* ceil(p (N + 1)) <= N needs N >= p / (1 - p): 4 scores for 80%, 19 for 95% */
    double p = level / 100;
    return (size_t)ceil(p / (1 - p) - 1e-9);
}
