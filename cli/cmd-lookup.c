/*
 * cmd-lookup.c - `vieclam lookup WHAT TEXT`: finds codes of the reference data by words, the
 * way a desk clerk types them. `lookup occupation TEXT`: ISCO-08 codes by code prefix or by
 * folded Vietnamese or English title words ("tho han" finds 7212 Thợ hàn). `lookup area TEXT`:
 * the areas of the database by code or folded name ("hong ha" finds Phường Hồng Hà), current
 * ones unless --all, and for an abolished area where it went. Each kind is one entry of the
 * table below.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct lookup_args {
    size_t limit;
    const char *format;
} lookup_args;

static const char *const formats[] = {"table", "csv", "json", NULL};

static const cli_opt occupation_opts[] = {
    {"--limit", N_("N"), CLI_SIZE, offsetof(lookup_args, limit),
     N_("at most N occupations, best first"), "20", NULL, 1, 1000, NULL},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(lookup_args, format), N_("output format"), "table",
     NULL, 0, 0, formats},
};

static const cli_spec occupation_spec = {
    "lookup occupation",
    N_("vieclam lookup occupation TEXT [--limit N] [--format table|csv|json]"),
    N_("Finds ISCO-08 occupation codes (all four levels) by a code prefix or by words of the "
       "Vietnamese or English title, compared without case or diacritics: \"tho han\" finds "
       "7212 Thợ hàn và thợ cắt kim loại, \"weld\" finds it too (words are matched whole, or "
       "by their start when no title has them all whole). Best first: the words as a phrase, "
       "then unit groups before broader groups, then by code. Vietnamese titles are VSCO "
       "2020's for the major groups and most sub-major groups; the others are vieclam's "
       "rendering of the ISCO-08 title (vi_official in CSV and JSON)."),
    CLI_OPTS(occupation_opts),
    1,
    8,
    NULL,
    N_("CSV columns: code,level,title_vi,title_en,vi_official. Exit codes: 0 found, 3 nothing "
       "found, 2 usage."),
};

static int lookup_occupation(cli_global *g, int argc, char **argv)
{
    (void)g;
    lookup_args a = {0};
    const char *pos[8];
    size_t npos = 0;
    int rc = cli_parse(&occupation_spec, argc, argv, &a, pos, &npos);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    char text[1024] = "";
    for (size_t i = 0; i < npos; i++) {
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "%s%s", i ? " " : "", pos[i]);
    }
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK)
        return EXIT_FAIL;
    const vl_occupation **found = calloc(a.limit, sizeof *found);
    size_t n = 0, total = 0;
    vl_status st =
        found ? vl_occupation_search(ctx, text, a.limit, found, &n, &total) : VL_ERR_NOMEM;
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "lookup occupation");
        goto done;
    }
    bool en = strcmp(vl_language(), "en") == 0;
    if (strcmp(a.format, "csv") == 0) {
        static const char *const head[] = {"code", "level", "title_vi", "title_en", "vi_official"};
        cli_csv_row(stdout, 5, head);
        for (size_t i = 0; i < n; i++) {
            char level[4];
            snprintf(level, sizeof level, "%d", found[i]->level);
            const char *row[] = {found[i]->code, level, found[i]->title_vi, found[i]->title_en,
                                 found[i]->vi_official ? "true" : "false"};
            cli_csv_row(stdout, 5, row);
        }
    } else if (strcmp(a.format, "json") == 0) {
        printf("{\"total\":%zu,\"items\":[", total);
        for (size_t i = 0; i < n; i++) {
            printf("%s{\"code\":", i ? "," : "");
            cli_json_string(stdout, found[i]->code);
            printf(",\"level\":%d,\"title_vi\":", found[i]->level);
            cli_json_string(stdout, found[i]->title_vi);
            printf(",\"title_en\":");
            cli_json_string(stdout, found[i]->title_en);
            printf(",\"vi_official\":%s}", found[i]->vi_official ? "true" : "false");
        }
        printf("]}\n");
    } else {
        const char *head[] = {_("code"), _("title"),
                              en ? _("Vietnamese title") : _("ISCO-08 title")};
        cli_table *t = cli_table_new(3, head);
        cli_table_shrink(t, 1);
        cli_table_shrink(t, 2);
        for (size_t i = 0; i < n; i++) {
            const vl_occupation *o = found[i];
            const char *row[] = {o->code, en ? o->title_en : o->title_vi,
                                 en ? o->title_vi : o->title_en};
            cli_table_row(t, row);
        }
        cli_table_print(t, stdout);
        cli_table_free(t);
    }
    if (total > n && strcmp(a.format, "json") != 0)
        fprintf(stderr, _("vieclam lookup: %zu more (--limit)\n"), total - n);
    rc = n ? EXIT_OK : EXIT_DATA;
    if (!n)
        fprintf(stderr, _("vieclam lookup: no occupation matches '%s'\n"), text);
done:
    free(found);
    vl_ctx_destroy(ctx);
    return rc;
}

/* ---- lookup area ---------------------------------------------------------------------------- */

typedef struct area_args {
    bool all;
    const char *province;
    size_t level;
    int32_t as_of;
    size_t limit;
    const char *format;
} area_args;

static const cli_opt area_opts[] = {
    {"--all", NULL, CLI_FLAG, offsetof(area_args, all),
     N_("also areas no longer valid (the pre-reform provinces, districts and communes), with "
        "the current areas they went to")},
    {"--province", N_("CODE"), CLI_STR, offsetof(area_args, province),
     N_("only areas in this province"), NULL, N_("anywhere")},
    {"--level", N_("N"), CLI_SIZE, offsetof(area_args, level),
     N_("only provinces (1), districts (2) or communes (3)"), NULL, N_("any level"), 1, 3},
    {"--as-of", N_("DATE"), CLI_DATE, offsetof(area_args, as_of),
     N_("read the lists on DATE (YYYY-MM-DD)"), NULL, N_("today")},
    {"--limit", N_("N"), CLI_SIZE, offsetof(area_args, limit), N_("at most N areas, best first"),
     "20", NULL, 1, 100000},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(area_args, format), N_("output format"), "table",
     NULL, 0, 0, formats},
};

static const cli_spec area_spec = {
    "lookup area",
    N_("vieclam [--db PATH] lookup area TEXT [--all] [--province CODE] [--level N] "
       "[--as-of DATE] [--limit N] [--format table|csv|json]"),
    N_("Finds areas of the database by code or by name, compared without case, diacritics or "
       "the type word (\"hong ha\" finds Phường Hồng Hà): the code first, then whole names, "
       "names starting with TEXT, names with a word starting with it; areas valid on --as-of "
       "first. Since 2025-07-01 Viet Nam has 34 provinces and 3,321 communes and no districts; "
       "codes were reused (10507 was Phường Cẩm Thượng and is Phường Thành Đông), so --all "
       "shows both, each with its dates, and where an abolished one went (its successors, "
       "with the share of its estimated area)."),
    CLI_OPTS(area_opts),
    1,
    8,
    NULL,
    N_("Columns: code, name, level, province, valid, lat, lon, centre (published, derived, "
       "given), km2, now (where an abolished area went). Exit codes: 0 found, 3 nothing found, "
       "2 usage, 1 failure."),
};

static const char *level_code(int level)
{
    return level == 1 ? N_("province") : level == 2 ? N_("district") : N_("commune");
}

/* The level as the table shows it; csv and json keep the code, the same under every locale. */
static const char *level_name(int level)
{
    return _(level_code(level));
}

/* "YYYY-MM-DD" of a yyyymmdd date. */
static char *date_text(int32_t d, char out[11])
{
    unsigned u = d > 0 ? (unsigned)d : 0u;
    snprintf(out, 11, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
    return out;
}

/* "since 2025-07-01", "until 2025-06-30", "2008-01-01 to 2025-06-30" or "". */
/* When an area is valid: ISO dates in a CSV; for a person, words and dates in the chosen
 * language ("từ 01/07/2025"). */
static void validity(const vl_area_info *a, bool person, char *buf, size_t size)
{
    char f[16], t[16];
    if (person) {
        vl_format_date_text(f, sizeof f, a->valid_from, NULL);
        vl_format_date_text(t, sizeof t, a->valid_to, NULL);
    } else {
        if (a->valid_from)
            date_text(a->valid_from, f);
        if (a->valid_to)
            date_text(a->valid_to, t);
    }
    if (a->valid_from && a->valid_to)
        snprintf(buf, size, person ? _("%s to %s") : "%s to %s", f, t);
    else if (a->valid_from)
        snprintf(buf, size, person ? _("since %s") : "since %s", f);
    else if (a->valid_to)
        snprintf(buf, size, person ? _("until %s") : "until %s", t);
    else
        buf[0] = '\0';
}

/* The source of an area's centre as stored, in the person's words for a table. */
static const char *centre_text(const char *centre, bool person)
{
    static const char *const known[] = {N_("published"), N_("derived"), N_("given")};
    for (size_t i = 0; person && centre && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(centre, known[i]) == 0)
            return _(known[i]);
    return centre ? centre : "";
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
    area_args a = {0};
    const char *pos[8];
    size_t npos = 0;
    int rc = cli_parse(&area_spec, argc, argv, &a, pos, &npos);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    char text[1024] = "";
    for (size_t i = 0; i < npos; i++) {
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "%s%s", i ? " " : "", pos[i]);
    }
    vl_area_search_options o = {.as_of = a.as_of,
                                .abolished = a.all,
                                .level = (int)a.level,
                                .province = a.province,
                                .limit = a.limit};
    cli_format fmt = strcmp(a.format, "csv") == 0    ? FMT_CSV
                     : strcmp(a.format, "json") == 0 ? FMT_JSON
                                                     : FMT_TABLE;
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_area_list *l = NULL;
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK)
        st = vl_area_search(ctx, db, text, &o, &l);
    rc = EXIT_OK;
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, _("lookup area"));
    } else if (vl_area_list_count(l) == 0) {
        if (o.abolished)
            fprintf(stderr, _("vieclam lookup: no area has the code or a name like '%s'\n"), text);
        else
            fprintf(stderr,
                    _("vieclam lookup: no current area has the code or a name like '%s' (--all "
                      "also searches the pre-reform areas)\n"),
                    text);
        rc = EXIT_DATA;
    } else {
        /* CSV keeps its column names; a table shows them in the user's language */
        static const char *const head[] = {N_("code"),  N_("name"), N_("level"), N_("province"),
                                           N_("valid"), N_("lat"),  N_("lon"),   N_("centre"),
                                           N_("km2"),   N_("now")};
        size_t nc = sizeof head / sizeof head[0];
        const char *shown[sizeof head / sizeof head[0]];
        for (size_t k = 0; k < nc; k++)
            shown[k] = _(head[k]);
        cli_table *t = fmt == FMT_TABLE ? cli_table_new(nc, shown) : NULL;
        if (fmt == FMT_CSV)
            cli_csv_row(stdout, nc, head);
        if (fmt == FMT_JSON)
            fputs("[", stdout);
        int32_t as_of = o.as_of ? o.as_of : vl_today();
        for (size_t i = 0; i < vl_area_list_count(l); i++) {
            const vl_area_info *ar = vl_area_list_at(l, i);
            char valid[40], lat[32] = "", lon[32] = "", km2[32] = "";
            bool person = t != NULL;
            char *(*number)(char *, size_t, double, int) = person ? cli_num : vl_format_fixed;
            validity(ar, person, valid, sizeof valid);
            if (isfinite(ar->lat)) {
                number(lat, sizeof lat, ar->lat, 4);
                number(lon, sizeof lon, ar->lon, 4);
            }
            if (isfinite(ar->area_km2))
                number(km2, sizeof km2, ar->area_km2, 2);
            /* an area no longer valid: where it went */
            bool gone = ar->valid_to && ar->valid_to < as_of;
            char *now = gone ? successors_text(ctx, db, ar, as_of) : NULL;
            const char *prov = ar->level == 1 ? "" : ar->province_name;
            if (fmt == FMT_JSON) {
                fputs(i ? ",\n {" : "\n {", stdout);
                printf("\"code\": ");
                cli_json_string(stdout, ar->code);
                printf(", \"name\": ");
                cli_json_string(stdout, ar->name);
                printf(", \"level\": %d, \"province\": ", ar->level);
                cli_json_string(stdout, ar->province_code);
                printf(", \"province_name\": ");
                cli_json_string(stdout, ar->province_name);
                char d[11];
                printf(", \"valid_from\": ");
                if (ar->valid_from)
                    cli_json_string(stdout, date_text(ar->valid_from, d));
                else
                    fputs("null", stdout);
                printf(", \"valid_to\": ");
                if (ar->valid_to)
                    cli_json_string(stdout, date_text(ar->valid_to, d));
                else
                    fputs("null", stdout);
                printf(", \"lat\": ");
                json_num(stdout, ar->lat, 4);
                printf(", \"lon\": ");
                json_num(stdout, ar->lon, 4);
                printf(", \"centre\": ");
                cli_json_string(stdout, ar->centre);
                printf(", \"area_km2\": ");
                json_num(stdout, ar->area_km2, 2);
                printf(", \"version\": ");
                cli_json_string(stdout, ar->version);
                if (now) {
                    printf(", \"now\": ");
                    cli_json_string(stdout, now);
                }
                fputs("}", stdout);
            } else {
                const char *row[] = {ar->code,
                                     ar->name,
                                     t ? level_name(ar->level) : level_code(ar->level),
                                     prov,
                                     valid,
                                     lat,
                                     lon,
                                     centre_text(ar->centre, person),
                                     km2,
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

/* ---- the command ---------------------------------------------------------------------------- */

typedef struct lookup_kind {
    const char *name;
    int (*fn)(cli_global *g, int argc, char **argv); /* argv[0] is the kind */
    const cli_spec *spec;
} lookup_kind;

static const lookup_kind kinds[] = {
    {"occupation", lookup_occupation, &occupation_spec},
    {"area", lookup_area, &area_spec},
};

static const char *const kind_words[] = {"occupation", "area", NULL};

const cli_spec cli_lookup_spec = {
    "lookup",
    N_("vieclam lookup occupation TEXT [options]\n"
       "       vieclam [--db PATH] lookup area TEXT [options]"),
    N_("Finds codes of the reference data by words. `vieclam lookup KIND --help` describes each "
       "kind."),
    NULL,
    0,
    1,
    1,
    kind_words,
    NULL,
};

int cmd_lookup(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        int rc = cli_parse(&cli_lookup_spec, argc, argv, NULL, NULL, NULL);
        if (rc == CLI_HELP_SHOWN)
            return EXIT_OK;
        return cli_usage_error("lookup", "say what to look up: occupation or area");
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, argv[1]) == 0)
            return kinds[i].fn(g, argc - 1, argv + 1);
    return cli_usage_error("lookup", "cannot look up '%s' (occupation, area)", argv[1]);
}
