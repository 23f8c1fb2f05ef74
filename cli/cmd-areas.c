/*
 * cmd-areas.c - `vieclam areas migrate`: moves the current records (employers, open vacancies,
 * active seekers) on areas abolished by the 2025 reform to the areas that succeed them, all or
 * nothing, and lists the records on divided areas for staff to decide (vl_db_areas_migrate).
 * The run is recorded in the audit trail; `vieclam check` reports what remains.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct migrate_args {
    const char *legacy;
    int32_t as_of;
    bool dry_run;
    const char *format;
    const char *out;
} migrate_args;

static const char *const legacy_choices[] = {"map", "nearest", NULL};
static const char *const formats[] = {"table", "csv", NULL};

static const cli_opt migrate_opts[] = {
    {"--legacy-areas", N_("HOW"), CLI_CHOICE, offsetof(migrate_args, legacy),
     N_("a divided area: map leaves its records for staff; nearest moves them to the new "
        "commune nearest to the old centre"),
     "map", NULL, 0, 0, legacy_choices},
    {"--as-of", N_("DATE"), CLI_DATE, offsetof(migrate_args, as_of),
     N_("areas that ended before DATE are abolished; open and active records on DATE"), NULL,
     N_("today")},
    {"--dry-run", NULL, CLI_FLAG, offsetof(migrate_args, dry_run),
     N_("say what would be moved and left, change nothing")},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(migrate_args, format),
     N_("the list of records left for staff"), "table", NULL, 0, 0, formats},
    {"--out", N_("FILE"), CLI_STR, offsetof(migrate_args, out),
     N_("write the list of records left for staff to FILE (mode 0600)"), NULL,
     N_("standard output")},
};

static const cli_spec migrate_spec = {
    "areas migrate",
    N_("vieclam [--db PATH] areas migrate [--legacy-areas map|nearest] [--as-of DATE] "
       "[--dry-run] [--format table|csv] [--out FILE]"),
    N_("Moves the records that are current (every employer, the vacancies open and the seekers "
       "active on the date) from areas abolished by the 2025 reform to the areas that succeed "
       "them: a pre-reform province to the current province, a district or commune that went "
       "whole into one commune to it. A divided area's records stay where they are and are "
       "listed, with the new communes to choose from, for staff to decide (or --legacy-areas "
       "nearest moves them to the new commune nearest to the old centre). All or nothing: on "
       "any failure the database is unchanged. Closed vacancies and seekers no longer active "
       "keep the area they were registered in. `vieclam check` reports what remains."),
    CLI_OPTS(migrate_opts),
    0,
    0,
    NULL,
    N_("Prints how many records moved, per table and area, then the records left (CSV columns: "
       "table,id,area,name,candidates). Exit codes: 0 done (records may be left), 2 usage, "
       "1 failure."),
};

/* "10507 Phường Thành Đông; 10537 Phường Tân Hưng" */
static char *candidates_text(const vl_area_list *l)
{
    size_t n = vl_area_list_count(l), cap = 16;
    for (size_t i = 0; i < n; i++)
        cap += strlen(vl_area_list_at(l, i)->code) + strlen(vl_area_list_at(l, i)->name) + 3;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t o = 0;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s%s %s", i ? "; " : "", vl_area_list_at(l, i)->code,
                              vl_area_list_at(l, i)->name);
    return s;
}

/* The moves, one line per table and (from, to) pair: cases are by table then id, so pairs of
 * one table are gathered by a scan. */
static void print_moves(const vl_areas_migration *m, bool dry)
{
    size_t n = vl_areas_migration_count(m);
    bool *done = calloc(n + 1, sizeof *done);
    if (!done)
        return;
    for (size_t i = 0; i < n; i++) {
        const vl_area_case *c = vl_areas_migration_at(m, i);
        if (!c->to || done[i])
            continue;
        size_t count = 0;
        for (size_t j = i; j < n; j++) {
            const vl_area_case *d = vl_areas_migration_at(m, j);
            if (!done[j] && d->to == c->to && d->from == c->from &&
                strcmp(d->table, c->table) == 0) {
                done[j] = true;
                count++;
            }
        }
        printf(dry ? _("  %s: %zu would move from %s %s to %s %s\n")
                   : _("  %s: %zu moved from %s %s to %s %s\n"),
               c->table, count, c->from->code, c->from->name, c->to->code, c->to->name);
    }
    free(done);
}

static int areas_migrate(cli_global *g, int argc, char **argv)
{
    migrate_args a = {0};
    int rc = cli_parse(&migrate_spec, argc, argv, &a, NULL, NULL);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    vl_areas_migrate_options o = {.as_of = a.as_of, .dry_run = a.dry_run};
    vl_legacy_areas_parse(a.legacy, &o.legacy);
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_areas_migration *m = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g);
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK && !a.dry_run)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "areas migrate", NULL, NULL, 0, &run);
    if (st == VL_OK)
        st = vl_db_areas_migrate(ctx, db, &o, &m);
    if (run > 0) {
        char summary[128] = "{}";
        if (st == VL_OK)
            snprintf(summary, sizeof summary, "{\"moved\":%zu,\"left\":%zu}",
                     vl_areas_migration_moved(m), vl_areas_migration_left(m));
        vl_status end = vl_db_run_end(ctx, db, run, st, summary);
        if (st == VL_OK)
            st = end;
    }
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, _("areas migrate"));
        goto done;
    }
    printf(a.dry_run ? _("%zu records would move to the current areas, %zu would be left for "
                         "staff (dry run: nothing changed)\n")
                     : _("%zu records moved to the current areas, %zu left for staff\n"),
           vl_areas_migration_moved(m), vl_areas_migration_left(m));
    print_moves(m, a.dry_run);
    /* with --out the file is written even when nothing is left (the header alone): a list
     * from an earlier run must not stay behind looking current */
    if (vl_areas_migration_left(m) == 0 && !a.out)
        goto done;
    /* the records left: their ids and the communes to choose from */
    vl_output *out = NULL;
    FILE *f = a.out ? cli_open_out(ctx, a.out, &out) : stdout;
    if (!f) {
        rc = EXIT_FAIL;
        goto done;
    }
    bool csv = strcmp(a.format, "csv") == 0;
    static const char *const head[] = {N_("table"), N_("id"), N_("area"), N_("name"),
                                       N_("candidates")};
    const char *shown[5];
    for (size_t k = 0; k < 5; k++)
        shown[k] = csv ? head[k] : _(head[k]);
    cli_table *t = csv ? NULL : cli_table_new(5, shown);
    if (csv)
        cli_csv_row(f, 5, head);
    else if (vl_areas_migration_left(m) > 0)
        fputs(_("\nrecords on divided areas, for staff to decide:\n"), f);
    for (size_t i = 0; i < vl_areas_migration_count(m); i++) {
        const vl_area_case *c = vl_areas_migration_at(m, i);
        if (c->to)
            continue;
        char *cand = candidates_text(c->successors);
        const char *row[] = {c->table, c->id, c->from->code, c->from->name, cand ? cand : ""};
        if (t)
            cli_table_row(t, row);
        else
            cli_csv_row(f, 5, row);
        free(cand);
    }
    if (t && vl_areas_migration_left(m) > 0) {
        cli_table_shrink(t, 4);
        cli_table_print(t, f);
    }
    cli_table_free(t);
    if (a.out && cli_close_out(ctx, out, VL_OK) != VL_OK)
        rc = cli_fail(ctx, vl_ctx_status(ctx), _("areas migrate"));
done:
    free(cmd);
    vl_areas_migration_destroy(m);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* ---- the command ---------------------------------------------------------------------------- */

static const char *const sub_words[] = {"migrate", NULL};

const cli_spec cli_areas_spec = {
    "areas",
    N_("vieclam [--db PATH] areas migrate [options]"),
    N_("Work on the areas of the database. `vieclam areas migrate --help` describes migrate; "
       "`vieclam lookup area TEXT` finds areas."),
    NULL,
    0,
    1,
    1,
    sub_words,
    NULL,
};

int cmd_areas(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        int rc = cli_parse(&cli_areas_spec, argc, argv, NULL, NULL, NULL);
        if (rc == CLI_HELP_SHOWN)
            return EXIT_OK;
        return cli_usage_error("areas", "say what to do: migrate");
    }
    if (strcmp(argv[1], "migrate") == 0)
        return areas_migrate(g, argc - 1, argv + 1);
    return cli_usage_error("areas", "cannot '%s' areas (migrate)", argv[1]);
}
