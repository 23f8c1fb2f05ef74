/*
 * cmd-lookup.c - `vieclam lookup KIND TEXT`: finds reference entries by folded text, one kind
 * per entry of the table below. `lookup area` searches the areas of the database (codes and
 * names without diacritics: "hong ha" finds Phường Hồng Hà), current ones by default, and for an
 * abolished area says where it went.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* ---- lookup area --------------------------------------------------------------------------- */

static void area_help(FILE *f)
{
    fprintf(f,
            "usage: vieclam [--db PATH] lookup area TEXT [--all] [--province CODE]\n"
            "                                  [--level 1|2|3] [--as-of DATE] [--limit N]\n"
            "                                  [--format table|csv|json]\n\n"
            "Finds areas by code or by name, folded (case, diacritics and the type word do\n"
            "not matter: 'hong ha' finds Phường Hồng Hà): the code first, then whole names,\n"
            "names starting with TEXT, names containing it. Areas valid on --as-of (default\n"
            "today) only, unless --all also shows the pre-reform ones (valid until\n"
            "2025-06-30) with the current areas they went to.\n\n"
            "  --all             also areas no longer valid\n"
            "  --province CODE   only areas in that province\n"
            "  --level N         only provinces (1), districts (2) or communes (3)\n"
            "  --as-of DATE      read the lists on DATE (YYYY-MM-DD)\n"
            "  --limit N         at most N areas (default %d)\n"
            "  --format F        table (default), csv or json\n\n"
            "Exit codes: 0 found, 3 nothing found, 2 usage, 1 failure.\n",
            VL_AREA_SEARCH_LIMIT);
}

static const char *level_name(int level)
{
    return level == 1 ? "province" : level == 2 ? "district" : "commune";
}

/* "YYYY-MM-DD" of a yyyymmdd date. */
static char *date_text(int32_t d, char out[11])
{
    unsigned u = d > 0 ? (unsigned)d : 0u;
    snprintf(out, 11, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
    return out;
}

/* "since 2025-07-01", "until 2025-06-30", "2008-01-01 to 2025-06-30" or "". */
static void validity(const vl_area_info *a, char *buf, size_t size)
{
    char f[11], t[11];
    if (a->valid_from && a->valid_to)
        snprintf(buf, size, "%s to %s", date_text(a->valid_from, f), date_text(a->valid_to, t));
    else if (a->valid_from)
        snprintf(buf, size, "since %s", date_text(a->valid_from, f));
    else if (a->valid_to)
        snprintf(buf, size, "until %s", date_text(a->valid_to, t));
    else
        buf[0] = '\0';
}

static int32_t today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

/* Where an abolished area went: "10507 Phường Thành Đông" or "00025 (61%), 00008 (39%)". */
static char *successors_text(vl_ctx *ctx, vl_db *db, const vl_area_info *a, int32_t as_of)
{
    vl_area_list *l = NULL;
    if (vl_area_successors(ctx, db, a->code, a->valid_to ? a->valid_to : as_of, &l) != VL_OK)
        return strdup("");
    size_t n = vl_area_list_count(l), cap = 64 + 48 * n;
    char *s = malloc(cap);
    if (s) {
        s[0] = '\0';
        size_t o = 0;
        for (size_t i = 0; i < n && o < cap; i++) {
            const vl_area_info *x = vl_area_list_at(l, i);
            if (n == 1)
                o += (size_t)snprintf(s + o, cap - o, "%s %s", x->code, x->name);
            else
                o += (size_t)snprintf(s + o, cap - o, "%s%s (%.0f%%)", i ? ", " : "", x->code,
                                      100 * vl_area_list_share(l, i));
        }
    }
    vl_area_list_destroy(l);
    return s;
}

static void json_num(FILE *f, double v, int decimals)
{
    char b[32];
    if (isfinite(v))
        fputs(vl_format_fixed(b, sizeof b, v, decimals), f);
    else
        fputs("null", f);
}

static int lookup_area(cli_global *g, int argc, char **argv)
{
    vl_area_search_options o = {0};
    const char *text = NULL;
    cli_format fmt = FMT_TABLE;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            area_help(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--all") == 0) {
            o.abolished = true;
        } else if (strcmp(a, "--province") == 0 && v) {
            o.province = v;
            i++;
        } else if (strcmp(a, "--level") == 0 && v) {
            if (strlen(v) != 1 || v[0] < '1' || v[0] > '3')
                return cli_usage_error("lookup", "--level takes 1, 2 or 3");
            o.level = v[0] - '0';
            i++;
        } else if (strcmp(a, "--as-of") == 0 && v) {
            if (!vl_parse_date(v, &o.as_of))
                return cli_usage_error("lookup", "--as-of wants a date YYYY-MM-DD, not '%s'", v);
            i++;
        } else if (strcmp(a, "--limit") == 0 && v) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 100000)
                return cli_usage_error("lookup", "--limit takes a count 1..100000");
            o.limit = (size_t)n;
            i++;
        } else if (strcmp(a, "--format") == 0 && v) {
            if (!cli_parse_format(v, &fmt))
                return cli_usage_error("lookup", "--format takes table, csv or json");
            i++;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("lookup", "unknown option '%s' (see `vieclam lookup area --help`)",
                                   a);
        } else if (!text) {
            text = a;
        } else {
            return cli_usage_error("lookup", "one TEXT only (quote a name with spaces)");
        }
    }
    if (!text) {
        area_help(stderr);
        return cli_usage_error("lookup", "lookup area needs TEXT (a code or a name)");
    }
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_area_list *l = NULL;
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK)
        st = vl_area_search(ctx, db, text, &o, &l);
    int rc = EXIT_OK;
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "lookup area");
    } else if (vl_area_list_count(l) == 0) {
        fprintf(stderr, "vieclam: lookup area: no %sarea has the code or a name like '%s'%s\n",
                o.abolished ? "" : "current ", text,
                o.abolished ? "" : " (--all also searches the pre-reform areas)");
        rc = EXIT_DATA;
    } else {
        static const char *const head[] = {"code",   "name",   "level",    "province", "valid",
                                           "lat",    "lon",    "centre",   "km2",      "now"};
        size_t nc = sizeof head / sizeof head[0];
        cli_table *t = fmt == FMT_TABLE ? cli_table_new(nc, head) : NULL;
        if (fmt == FMT_CSV)
            cli_csv_row(stdout, nc, head);
        if (fmt == FMT_JSON)
            fputs("[", stdout);
        int32_t as_of = o.as_of ? o.as_of : today();
        for (size_t i = 0; i < vl_area_list_count(l); i++) {
            const vl_area_info *a = vl_area_list_at(l, i);
            char valid[40], lat[32] = "", lon[32] = "", km2[32] = "";
            validity(a, valid, sizeof valid);
            if (isfinite(a->lat)) {
                vl_format_fixed(lat, sizeof lat, a->lat, 4);
                vl_format_fixed(lon, sizeof lon, a->lon, 4);
            }
            if (isfinite(a->area_km2))
                vl_format_fixed(km2, sizeof km2, a->area_km2, 2);
            /* an area no longer valid: where it went */
            bool gone = a->valid_to && a->valid_to < as_of;
            char *now = gone ? successors_text(ctx, db, a, as_of) : NULL;
            const char *prov = a->level == 1 ? "" : a->province_name;
            if (fmt == FMT_JSON) {
                fputs(i ? ",\n {" : "\n {", stdout);
                printf("\"code\": ");
                cli_json_string(stdout, a->code);
                printf(", \"name\": ");
                cli_json_string(stdout, a->name);
                printf(", \"level\": %d, \"province\": ", a->level);
                cli_json_string(stdout, a->province_code);
                printf(", \"province_name\": ");
                cli_json_string(stdout, a->province_name);
                char d[11];
                printf(", \"valid_from\": ");
                if (a->valid_from)
                    cli_json_string(stdout, date_text(a->valid_from, d));
                else
                    fputs("null", stdout);
                printf(", \"valid_to\": ");
                if (a->valid_to)
                    cli_json_string(stdout, date_text(a->valid_to, d));
                else
                    fputs("null", stdout);
                printf(", \"lat\": ");
                json_num(stdout, a->lat, 4);
                printf(", \"lon\": ");
                json_num(stdout, a->lon, 4);
                printf(", \"centre\": ");
                cli_json_string(stdout, a->centre);
                printf(", \"area_km2\": ");
                json_num(stdout, a->area_km2, 2);
                printf(", \"version\": ");
                cli_json_string(stdout, a->version);
                if (now) {
                    printf(", \"now\": ");
                    cli_json_string(stdout, now);
                }
                fputs("}", stdout);
            } else {
                const char *row[] = {a->code,    a->name, level_name(a->level),
                                     prov,       valid,   lat,
                                     lon,        a->centre, km2,
                                     now ? now : ""};
                if (t)
                    cli_table_row(t, row);
                else
                    cli_csv_row(stdout, nc, row);
            }
            free(now);
        }
        if (fmt == FMT_JSON)
            fputs("\n]\n", stdout);
        if (t) {
            cli_table_print(t, stdout);
            cli_table_free(t);
        }
    }
    vl_area_list_destroy(l);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* ---- the command ----------------------------------------------------------------------------- */

typedef struct lookup_kind {
    const char *name;
    int (*fn)(cli_global *g, int argc, char **argv); /* argv[1] is the kind */
    const char *summary;
} lookup_kind;

static const lookup_kind kinds[] = {
    {"area", lookup_area, "provinces and communes (and pre-reform areas with --all)"},
};

static void lookup_help(FILE *f)
{
    fprintf(f, "usage: vieclam [--db PATH] lookup KIND TEXT [options]\n\nKinds:\n");
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        fprintf(f, "  %-12s %s\n", kinds[i].name, kinds[i].summary);
    fprintf(f, "\n`vieclam lookup KIND --help` describes a kind's options.\n");
}

int cmd_lookup(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        lookup_help(argc < 2 ? stderr : stdout);
        return argc < 2 ? cli_usage_error("lookup", "needs a KIND (area)") : EXIT_OK;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(argv[1], kinds[i].name) == 0)
            return kinds[i].fn(g, argc, argv);
    return cli_usage_error("lookup", "unknown kind '%s' (see `vieclam lookup --help`)", argv[1]);
}
