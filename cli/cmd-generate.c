/*
 * cmd-generate.c - `vieclam generate`: writes a seeded synthetic data set (employers, vacancies,
 * seekers, vacancy history and labour-balance history) as CSV files in the import contract.
 * The same options always give byte-identical files (see <vieclam/gen.h>).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    vl_gen_options d;
    vl_gen_options_default(&d);
    fprintf(
        f,
        "usage: vieclam generate [options] --out DIR\n\n"
        "Writes employers.csv, vacancies.csv, seekers.csv, history.csv and\n"
        "labour-balance-history.csv (the import format) into DIR (created if missing).\n\n"
        "Options:\n"
        "  --seed N          random seed (default %llu); same seed, same files\n"
        "  --seekers N       job seekers (default %zu)\n"
        "  --employers N     employers (default %zu)\n"
        "  --vacancies N     vacancies (default %zu)\n"
        "  --quarters N      quarters of history, ending the quarter before --as-of\n"
        "                    (default %d)\n"
        "  --as-of DATE      reference date YYYY-MM-DD (default %04d-%02d-%02d): most vacancies\n"
        "                    are open on it\n"
        "  --areas FILE      areas CSV (code,name,parent,lat,lon,...); default: the built-in\n"
        "                    areas of Viet Nam (2025 communes and the pre-reform lists)\n"
        "  --home CODE       province of the home areas: the areas below it on --as-of\n"
        "                    (default 31: the communes of Hải Phòng)\n"
        "  --pre-reform      the sample as it was before the 2025 reform: --home 30 (the\n"
        "                    districts of Hải Dương) and --as-of 2025-03-01, unless given\n"
        "  --span-days N     years of records: vacancies posted and seekers registered over\n"
        "                    the N days before --as-of (default 0: a snapshot around it)\n"
        "  --referrals N     also referrals.csv and followups.csv: N referrals with outcomes\n"
        "                    from a hidden hiring model (docs/placements.md; default 0)\n"
        "  --out DIR         output directory (required)\n",
        (unsigned long long)d.seed, d.n_seekers, d.n_employers, d.n_vacancies, d.quarters,
        (int)(d.as_of / 10000), (int)(d.as_of / 100 % 100), (int)(d.as_of % 100));
}

static bool parse_size(const char *s, unsigned long long max, unsigned long long *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

int cmd_generate(cli_global *g, int argc, char **argv)
{
    vl_gen_options o;
    vl_gen_options_default(&o);
    const char *out = NULL;
    bool pre_reform = false, home_given = false, as_of_given = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long n;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--pre-reform") == 0) {
            pre_reform = true;
            continue; /* takes no value */
        } else if (strcmp(a, "--seed") == 0) {
            if (!parse_size(v, UINT64_MAX, &n))
                return cli_usage_error("generate", "--seed wants a non-negative integer");
            o.seed = n;
        } else if (strcmp(a, "--seekers") == 0 || strcmp(a, "--employers") == 0 ||
                   strcmp(a, "--vacancies") == 0) {
            if (!parse_size(v, 1ull << 40, &n))
                return cli_usage_error("generate", "%s wants a count", a);
            size_t *dst = a[2] == 's'   ? &o.n_seekers
                          : a[2] == 'e' ? &o.n_employers
                                        : &o.n_vacancies;
            *dst = (size_t)n;
        } else if (strcmp(a, "--quarters") == 0) {
            if (!parse_size(v, 400, &n) || n < 1)
                return cli_usage_error("generate", "--quarters wants 1..400");
            o.quarters = (int)n;
        } else if (strcmp(a, "--referrals") == 0) {
            if (!parse_size(v, 99999999, &n))
                return cli_usage_error("generate", "--referrals wants a count up to 99999999");
            o.n_referrals = (size_t)n;
        } else if (strcmp(a, "--span-days") == 0) {
            if (!parse_size(v, 7300, &n))
                return cli_usage_error("generate", "--span-days wants 0..7300");
            o.span_days = (int)n;
        } else if (strcmp(a, "--as-of") == 0) {
            if (!vl_parse_date(v, &o.as_of))
                return cli_usage_error("generate", "--as-of wants a date YYYY-MM-DD: '%s' is not a date",
                                       v ? v : "");
            as_of_given = true;
        } else if (strcmp(a, "--areas") == 0 && v) {
            o.areas_path = v;
        } else if (strcmp(a, "--home") == 0 && v) {
            o.home_parent = v;
            home_given = true;
        } else if (strcmp(a, "--out") == 0 && v) {
            out = v;
        } else {
            return cli_usage_error("generate", "unknown option '%s' (try --help)", a);
        }
        i++; /* every option takes a value */
    }
    if (!out)
        return cli_usage_error("generate", "--out DIR is required (try --help)");
    /* the sample committed before the 2025 reform (fixtures/sample/README.md) */
    if (pre_reform && !home_given)
        o.home_parent = "30";
    if (pre_reform && !as_of_given)
        o.as_of = 20250301;
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_status st = vl_gen_write_csv(ctx, &o, out);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "generate");
    if (st == VL_OK && !g->quiet)
        fprintf(stderr,
                "vieclam: wrote %zu employers, %zu vacancies, %zu seekers, %zu referrals and %d "
                "quarters of history to %s\n",
                o.n_employers, o.n_vacancies, o.n_seekers, o.n_referrals, o.quarters, out);
    vl_ctx_destroy(ctx);
    return rc;
}
