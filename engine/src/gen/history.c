/*
 * history.c - quarterly history for forecasting and the labour balance: history.csv (vacancy
 * positions per home area and VSIC section) and labour-balance-history.csv (demand = vacancy
 * positions, supply = newly registered seekers, per ISCO-08 major group 1..9).
 *
 * Each series is level x trend x season x shock x noise: a yearly growth rate per series, a
 * post-Tết hiring wave in Q1 and a trough in Q4 (before Tết), the COVID-19 quarters (2020Q2, the
 * Hải Dương outbreak of 2021Q1, 2021Q3) when they fall in range, Irwin-Hall noise, and
 * stochastic rounding so small series come out intermittent (many zeros). Only IEEE arithmetic.
 */
#include "gen/internal.h"
#include "io/csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Typical positions per quarter in one district, by VSIC section A..U. */
static const double section_level[21] = {8, 1.5, 220, 1,   1.5, 35, 40, 45, 20,  6,   3,
                                         2, 6,   18,  0.5, 4,   6,  1,  4,  0.3, 0.02};
/* Yearly growth by section (manufacturing and logistics grow, farming shrinks). */
static const double section_growth[21] = {-0.04, -0.02, 0.06, 0.01, 0.02, 0.03, 0.03,
                                          0.05,  0.03,  0.05, 0.01, 0.0,  0.03, 0.04,
                                          0.0,   0.01,  0.02, 0.01, 0.01, 0.0,  0.0};

/* Seasonal factors Q1..Q4: demand peaks after Tết; supply peaks after Tết and after school. */
static const double demand_season[4] = {1.40, 1.05, 0.90, 0.65};
static const double retail_season[4] = {1.15, 0.95, 0.90, 1.00}; /* G: pre-Tết trade in Q4 */
static const double supply_season[4] = {1.25, 0.90, 1.15, 0.70};

/* Labour balance per ISCO major group 1..9: base demand and supply per quarter, growth. */
static const double lb_demand[9] = {20, 60, 120, 90, 160, 30, 420, 900, 380};
static const double lb_supply[9] = {35, 110, 110, 260, 230, 45, 250, 520, 400};
static const double lb_dgrowth[9] = {0.01, 0.04, 0.04, 0.0, 0.03, -0.03, 0.04, 0.05, 0.02};
static const double lb_sgrowth[9] = {0.01, 0.05, 0.03, 0.03, 0.03, -0.04, 0.0, 0.01, 0.0};

/* COVID-19 quarters: factor on demand (supply rises by half the fall). */
static double shock(const vl_period *p)
{
    if (p->year == 2020 && p->sub == 2)
        return 0.65;
    if (p->year == 2021 && p->sub == 1)
        return 0.55; /* the Hải Dương outbreak of January-February 2021 */
    if (p->year == 2021 && p->sub == 3)
        return 0.70;
    return 1.0;
}

/* A noisy non-negative integer around mean: relative noise shrinking with size, then
 * stochastic rounding (a mean of 0.3 gives 1 three times in ten). */
static long long draw_count(gen_rng *r, double mean)
{
    if (mean <= 0)
        return 0;
    double cv = 0.10 + 0.5 / (1.0 + mean / 4.0);
    double x = mean * (1.0 + cv * gen_rng_normal(r));
    if (x <= 0)
        return 0;
    long long f = (long long)x;
    return f + (gen_rng_unit(r) < x - (double)f ? 1 : 0);
}

typedef struct series_spec {
    double level;  /* at the middle of the range */
    double growth; /* yearly */
    double amp;    /* seasonal amplitude multiplier */
    const double *season;
    double shock_sign; /* +1: falls in a shock, -0.5: rises by half */
} series_spec;

static vl_status write_series(vl_ctx *ctx, vl_csv_writer *w, const char *path, gen_rng *r,
                              const series_spec *s, long first, int quarters, const char *id,
                              const char *k1, const char *k2)
{
    /* trend multiplier per quarter, started so that the middle of the range is at `level` */
    double q = 1.0 + s->growth / 4.0, m = 1.0;
    for (int t = 0; t < quarters / 2; t++)
        m /= q;
    for (int t = 0; t < quarters; t++, m *= q) {
        vl_period p = vl_period_from_index(4, first + t);
        double season = 1.0 + s->amp * (s->season[p.sub - 1] - 1.0);
        double sh = 1.0 + s->shock_sign * (shock(&p) - 1.0);
        long long v = draw_count(r, s->level * m * season * sh);
        char per[16], val[32];
        vl_period_format(p, per, sizeof per);
        snprintf(val, sizeof val, "%lld", v);
        const char *cells[] = {id, per, val, k1, k2};
        if (vl_csv_write_row(w, 5, cells) != VL_OK)
            return vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    }
    return VL_OK;
}

vl_status gen_write_history(const gen_state *g, const char *dir)
{
    vl_ctx *ctx = g->ctx;
    int q = g->o.quarters;
    int y = g->o.as_of / 10000, mo = g->o.as_of / 100 % 100;
    long last = vl_period_index((vl_period){4, y, (mo - 1) / 3 + 1}) - 1;
    long first = last - q + 1;
    char path[4096];
    vl_csv_writer *w = NULL;

    snprintf(path, sizeof path, "%s/history.csv", dir);
    vl_status st = vl_csv_writer_open(ctx, path, 0, &w);
    if (st != VL_OK)
        return st;
    const char *head[] = {"series", "period", "value", "area", "industry"};
    if (vl_csv_write_row(w, 5, head) != VL_OK)
        st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    /* an area's share of activity follows its employer weight (the industrial hubs); the
     * history areas may be the pre-reform districts of the home communes (gen.c) */
    double mean_w = g->hist_total / (double)g->n_hist;
    for (size_t a = 0; st == VL_OK && a < g->n_hist; a++) {
        double wa = g->hist_w[a];
        const char *area = g->hist_codes[a];
        for (size_t s = 0; st == VL_OK && s < gen_n_vsic_sections; s++) {
            gen_rng r;
            gen_rng_seed(&r, g->o.seed, GEN_STREAM_HISTORY, a * 64 + s);
            series_spec sp;
            sp.level = section_level[s] * (wa / mean_w) * (0.6 + 0.8 * gen_rng_unit(&r));
            sp.growth = section_growth[s] + 0.04 * gen_rng_normal(&r);
            sp.amp = 0.6 + 0.7 * gen_rng_unit(&r);
            sp.season = strcmp(gen_vsic_sections[s], "G") == 0 ? retail_season : demand_season;
            sp.shock_sign = 1.0;
            char id[64];
            snprintf(id, sizeof id, "vac-%s-%s", area, gen_vsic_sections[s]);
            st = write_series(ctx, w, path, &r, &sp, first, q, id, area, gen_vsic_sections[s]);
        }
    }
    vl_status cs = vl_csv_writer_close(ctx, w);
    if (st != VL_OK || cs != VL_OK)
        return st != VL_OK ? st : cs;

    snprintf(path, sizeof path, "%s/labour-balance-history.csv", dir);
    if ((st = vl_csv_writer_open(ctx, path, 0, &w)) != VL_OK)
        return st;
    const char *lhead[] = {"series", "period", "value", "measure", "occupation"};
    if (vl_csv_write_row(w, 5, lhead) != VL_OK)
        st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    for (int major = 1; st == VL_OK && major <= 9; major++) {
        for (int supply = 0; st == VL_OK && supply <= 1; supply++) {
            gen_rng r;
            gen_rng_seed(&r, g->o.seed, GEN_STREAM_BALANCE, (uint64_t)(major * 2 + supply));
            series_spec sp;
            int k = major - 1;
            double level = supply ? lb_supply[k] : lb_demand[k];
            double growth = supply ? lb_sgrowth[k] : lb_dgrowth[k];
            sp.level = level * (0.9 + 0.2 * gen_rng_unit(&r));
            sp.growth = growth + 0.01 * gen_rng_normal(&r);
            sp.amp = 0.8 + 0.4 * gen_rng_unit(&r);
            sp.season = supply ? supply_season : demand_season;
            sp.shock_sign = supply ? -0.5 : 1.0;
            char id[32], occ[12];
            snprintf(id, sizeof id, "%s-%d", supply ? "supply" : "demand", major);
            snprintf(occ, sizeof occ, "%d", major);
            st = write_series(ctx, w, path, &r, &sp, first, q, id, supply ? "supply" : "demand",
                              occ);
        }
    }
    cs = vl_csv_writer_close(ctx, w);
    return st != VL_OK ? st : cs;
}
