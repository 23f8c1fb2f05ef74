/*
 * gen.h - the synthetic data generator: a seeded, deterministic, plausible data set of a
 * provincial employment service centre (industrial-zone employers, vacancies at home and in
 * overseas programmes, job seekers, and 40 quarters of vacancy and labour-balance history).
 *
 * The same options give byte-identical output on every platform and for any thread count: the
 * generator has its own PRNG (xoshiro256**), uses only IEEE arithmetic (no libm, no rand()) and
 * never formats numbers through the locale. Record i of a kind depends only on the seed, the
 * options and i: a set with more seekers starts with the seekers of a smaller one (likewise
 * vacancies, for the same employers).
 *
 * Areas come from data: an areas CSV (the `areas` import format: code,name,parent,lat,lon[,level,
 * valid_from,valid_to,version]), or when areas_path is NULL the areas built into the library
 * (Viet Nam's 2025 provinces and communes and the pre-reform lists). The home areas are the
 * areas below home_parent that are valid on as_of: by default the 114 communes of Hải Phòng
 * ("31") on 2026-03-01; "30" on 2025-03-01 gives the 12 districts of former Hải Dương, the
 * sample as it was before the 2025 reform; home_parent "*" makes every area that has a parent and
 * is valid on as_of a home area: with the 34 provinces and their communes, a country-sized set
 * whose records fall in every province.
 */
#ifndef VIECLAM_GEN_H
#define VIECLAM_GEN_H

#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/data.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vl_gen_options {
    uint64_t seed;              /* default 20250301 */
    size_t n_seekers;           /* default 2000 */
    size_t n_employers;         /* default 150 (at least 1 when there are vacancies) */
    size_t n_vacancies;         /* default 400 */
    int quarters;               /* history length in quarters, 1..400, default 40 */
    int32_t as_of;              /* reference date yyyymmdd, default 20260301; history ends the
                                   quarter before it, most vacancies are open on it */
    const char *areas_path;     /* areas CSV; NULL = the areas built into the library */
    const char *home_parent;    /* parent code of the home areas; NULL = "31" (Hải Phòng);
                                   "*" = every area with a parent valid on as_of (a country) */
    double abroad_share;        /* share of vacancies in overseas programmes, default 0.12 */
    double seeker_abroad_share; /* share of seekers who accept work abroad, default 0.12 */
    double fair_share;          /* share of vacancies offered at a job fair, default 0.25 */
    double closed_share;        /* share of vacancies already closed on as_of, default 0.15 */
    int span_days;              /* 0 (default): a snapshot around as_of (vacancies posted in the
                                   last 160 days, seekers registered in the last 540); N > 0:
                                   years of records, vacancies posted and seekers registered
                                   evenly over the N days before as_of (closed_share and the
                                   two fairs of as_of then do not apply: fairs are monthly) */
    size_t n_referrals;         /* referrals with outcomes and follow-ups, default 0 (below) */
} vl_gen_options;

/*
 * Referrals (n_referrals > 0) are made day by day over the span (the last 180 days without one),
 * in date order: an open vacancy with a position left, and an active seeker registered by then
 * and not yet placed - six times in ten one who wants the vacancy's occupation group, else
 * anyone. The outcome comes from a hidden hiring model over the pair's matching components (the
 * default models/matching.yaml, on the referral's day): P(hire) = 1 / (1 + exp(-(intercept +
 * sum coef[c] * component[c]))), coefficients by vl_gen_hiring_model; a hire fills a position
 * and places the seeker. The rest are no_show 15%, interviewed 15%, rejected 45% or declined 25%,
 * whatever the components; a referral whose outcome would fall after as_of is left pending.
 * Hires are followed up 91 days after start_on (still employed with probability
 * 0.75 + 0.2 * appeal.wage) and, if still employed, after 182 days (0.9). Nothing else about the
 * seeker or the vacancy - sex, age, priority group, name - enters the draw.
 */
/* The hidden model: intercept and one coefficient per VL_MATCH_* component. */
VL_EXPORT void vl_gen_hiring_model(double *intercept, double coef[7]);
/* Its probability of a hire for components c[VL_MATCH_N_COMPONENTS] (IEEE arithmetic only). */
VL_EXPORT double vl_gen_hire_probability(const double c[7]);

/* Fills o with the defaults above (the committed sample set uses them). */
VL_EXPORT void vl_gen_options_default(vl_gen_options *o);

/*
 * Generates the data set in memory: the areas (all of an areas CSV; of the built-in areas, the
 * home province and the home areas), then employers, vacancies and seekers with skill keys
 * folded (vl_text_fold). Free with vl_dataset_destroy. Fails with
 * VL_ERR_ARG for bad options (no home area, vacancies without employers, shares outside 0..1),
 * VL_ERR_IO / VL_ERR_INVALID for an unreadable areas file.
 */
VL_EXPORT vl_status vl_gen_dataset(vl_ctx *ctx, const vl_gen_options *o, vl_dataset **out);

/*
 * Writes the data set as CSV files in the import contract into dir (created if missing):
 * employers.csv, vacancies.csv, seekers.csv, history.csv (series,period,value,area,industry:
 * vacancy positions per area and VSIC section, series "vac-AREA-SECTION"; the areas are the home
 * areas, or when they are 2025 communes and the history begins before the reform, the
 * pre-reform districts they came from, as a centre's archive is kept) and
 * labour-balance-history.csv (series,period,value,measure,occupation: "demand" = vacancy
 * positions and "supply" = newly registered seekers per ISCO-08 major group 1..9, series
 * "demand-G" / "supply-G"). Records are streamed: memory does not grow with the sizes.
 */
VL_EXPORT vl_status vl_gen_write_csv(vl_ctx *ctx, const vl_gen_options *o, const char *dir);

/* The records vl_gen_write_csv_counted wrote: the referrals can be fewer than n_referrals (a
 * day with nobody to refer, the same seeker and vacancy twice on a day, are left out). */
typedef struct vl_gen_counts {
    size_t employers, vacancies, seekers, referrals;
} vl_gen_counts;

/* vl_gen_write_csv, saying in *written (may be NULL; zeros on failure) how many it wrote. */
VL_EXPORT vl_status vl_gen_write_csv_counted(vl_ctx *ctx, const vl_gen_options *o, const char *dir,
                                             vl_gen_counts *written);

#ifdef __cplusplus
}
#endif

#endif
