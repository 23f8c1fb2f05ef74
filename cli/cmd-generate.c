/*
 * cmd-generate.c - `vieclam generate`: writes a seeded synthetic data set (employers, vacancies,
 * seekers, vacancy history and labour-balance history) as CSV files in the import contract.
 * The same options always give byte-identical files (see <vieclam/gen.h>).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Defaults as help shows them: the generator's own (vl_gen_options_default). */
static vl_gen_options gen_defaults(void)
{
    vl_gen_options d;
    vl_gen_options_default(&d);
    return d;
}
static const char *def_seed(char *buf, size_t size)
{
    snprintf(buf, size, "%llu", (unsigned long long)gen_defaults().seed);
    return buf;
}
static const char *def_seekers(char *buf, size_t size)
{
    snprintf(buf, size, "%zu", gen_defaults().n_seekers);
    return buf;
}
static const char *def_employers(char *buf, size_t size)
{
    snprintf(buf, size, "%zu", gen_defaults().n_employers);
    return buf;
}
static const char *def_vacancies(char *buf, size_t size)
{
    snprintf(buf, size, "%zu", gen_defaults().n_vacancies);
    return buf;
}
static const char *def_quarters(char *buf, size_t size)
{
    snprintf(buf, size, "%d", gen_defaults().quarters);
    return buf;
}
static const char *def_as_of(char *buf, size_t size)
{
    int32_t d = gen_defaults().as_of;
    snprintf(buf, size, "%04d-%02d-%02d", (int)(d / 10000 % 10000), (int)(d / 100 % 100),
             (int)(d % 100));
    return buf;
}

#define NOT_GIVEN SIZE_MAX
typedef struct gen_args {
    size_t seed, seekers, employers, vacancies, quarters, referrals, span_days;
    int32_t as_of;
    const char *areas, *home, *out;
    bool pre_reform;
} gen_args;

static const cli_opt gen_opts[] = {
    {"--seed", N_("N"), CLI_SIZE, offsetof(gen_args, seed),
     N_("random seed; the same seed gives the same files"), NULL, NULL, 0, SIZE_MAX - 1, NULL,
     def_seed},
    {"--seekers", N_("N"), CLI_SIZE, offsetof(gen_args, seekers), N_("job seekers"), NULL, NULL, 0,
     (size_t)1 << 40, NULL, def_seekers},
    {"--employers", N_("N"), CLI_SIZE, offsetof(gen_args, employers), N_("employers"), NULL, NULL,
     0, (size_t)1 << 40, NULL, def_employers},
    {"--vacancies", N_("N"), CLI_SIZE, offsetof(gen_args, vacancies), N_("vacancies"), NULL, NULL,
     0, (size_t)1 << 40, NULL, def_vacancies},
    {"--quarters", N_("N"), CLI_SIZE, offsetof(gen_args, quarters),
     N_("quarters of history, ending the quarter before --as-of, 1..400"), NULL, NULL, 1, 400, NULL,
     def_quarters},
    {"--span-days", N_("N"), CLI_SIZE, offsetof(gen_args, span_days),
     N_("span of the records: vacancies posted and seekers registered over the N days before "
        "--as-of "
        "(0: a snapshot around it), 0..7300"),
     "0", NULL, 0, 7300},
    {"--referrals", N_("N"), CLI_SIZE, offsetof(gen_args, referrals),
     N_("also referrals.csv and followups.csv: N referrals with outcomes from a hidden hiring "
        "model (docs/placements.md)"),
     "0", NULL, 0, 99999999},
    {"--as-of", N_("DATE"), CLI_DATE, offsetof(gen_args, as_of),
     N_("reference date YYYY-MM-DD: most vacancies are open on it"), NULL, NULL, 0, 0, NULL,
     def_as_of},
    {"--areas", N_("FILE"), CLI_STR, offsetof(gen_args, areas),
     N_("areas CSV (code,name,parent,lat,lon,...)"), NULL,
     N_("the areas of Viet Nam built into the library (2025 communes and the pre-reform lists)")},
    {"--home", N_("CODE"), CLI_STR, offsetof(gen_args, home),
     N_("province of the home areas: the areas below it on --as-of"), NULL,
     N_("31: the communes of Hải Phòng")},
    {"--pre-reform", NULL, CLI_FLAG, offsetof(gen_args, pre_reform),
     N_("the sample as it was before the 2025 reform: --home 30 (the districts of Hải Dương) and "
        "--as-of 2025-03-01, unless given")},
    {"--out", N_("DIR"), CLI_STR, offsetof(gen_args, out),
     N_("output directory, created if missing (required)")},
};

static const cli_spec gen_spec = {
    "generate",
    N_("vieclam generate [options] --out DIR"),
    N_("Writes employers.csv, vacancies.csv, seekers.csv, history.csv and "
       "labour-balance-history.csv (the import format) into DIR, with --referrals also "
       "referrals.csv, followups.csv, counselling.csv and fairs.csv: a seeded synthetic data set "
       "that is byte for byte the same for the same options on every machine."),
    CLI_OPTS(gen_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage."),
};

int cmd_generate(cli_global *g, int argc, char **argv)
{
    vl_gen_options o;
    vl_gen_options_default(&o);
    gen_args a = {NOT_GIVEN, NOT_GIVEN, NOT_GIVEN, NOT_GIVEN, NOT_GIVEN, 0,
                  0,         0,         NULL,      NULL,      NULL,      false};
    int prc = cli_parse(&gen_spec, argc, argv, &a, NULL, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    if (a.seed != NOT_GIVEN)
        o.seed = a.seed;
    if (a.seekers != NOT_GIVEN)
        o.n_seekers = a.seekers;
    if (a.employers != NOT_GIVEN)
        o.n_employers = a.employers;
    if (a.vacancies != NOT_GIVEN)
        o.n_vacancies = a.vacancies;
    if (a.quarters != NOT_GIVEN)
        o.quarters = (int)a.quarters;
    o.n_referrals = a.referrals;
    o.span_days = (int)a.span_days;
    /* the sample committed before the 2025 reform (fixtures/sample/README.md) */
    if (a.pre_reform) {
        o.home_parent = "30";
        o.as_of = 20250301;
    }
    if (a.as_of)
        o.as_of = a.as_of;
    if (a.areas)
        o.areas_path = a.areas;
    if (a.home)
        o.home_parent = a.home;
    const char *out = a.out;
    if (!out)
        return cli_usage_error("generate", "--out DIR is required (try --help)");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    /* what was written: fewer referrals than asked when some day had nobody to refer */
    vl_gen_counts n;
    vl_status st = vl_gen_write_csv_counted(ctx, &o, out, &n);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "generate");
    if (st == VL_OK && !g->quiet)
        fprintf(stderr,
                _("vieclam: wrote %zu employers, %zu vacancies, %zu seekers, %zu referrals and %d "
                  "quarters of history to %s\n"),
                n.employers, n.vacancies, n.seekers, n.referrals, o.quarters, out);
    vl_ctx_destroy(ctx);
    return rc;
}
