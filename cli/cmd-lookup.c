/*
 * cmd-lookup.c - `vieclam lookup WHAT TEXT`: finds codes of the reference data by words, the
 * way a desk clerk types them. `lookup occupation TEXT`: ISCO-08 codes by code prefix or by
 * folded Vietnamese or English title words ("tho han" finds 7212 Thợ hàn). Each kind is one
 * entry of the table below.
 */
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

static int lookup_occupation(int argc, char **argv)
{
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

/* ---- the command ---------------------------------------------------------------------------- */

typedef struct lookup_kind {
    const char *name;
    int (*fn)(int argc, char **argv);
    const cli_spec *spec;
} lookup_kind;

static const lookup_kind kinds[] = {
    {"occupation", lookup_occupation, &occupation_spec},
};

static const char *const kind_words[] = {"occupation", NULL};

const cli_spec cli_lookup_spec = {
    "lookup",
    N_("vieclam lookup occupation TEXT [options]"),
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
    (void)g;
    if (argc < 2 || argv[1][0] == '-') {
        int rc = cli_parse(&cli_lookup_spec, argc, argv, NULL, NULL, NULL);
        if (rc == CLI_HELP_SHOWN)
            return EXIT_OK;
        return cli_usage_error("lookup", "say what to look up: occupation");
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, argv[1]) == 0)
            return kinds[i].fn(argc - 1, argv + 1);
    return cli_usage_error("lookup", "cannot look up '%s' (occupation)", argv[1]);
}
