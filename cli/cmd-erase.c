/*
 * cmd-erase.c - `vieclam erase`: a person's right to erasure (Decree 13/2023/ND-CP). `erase
 * seeker ID... --reason TEXT` removes the seekers' personal data from every table
 * (vl_db_erase_seekers); `erase inactive` applies the retention rule of models/privacy.yaml,
 * with --dry-run listing whom it would erase. Both are audited (runs, access audit).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

typedef struct erase_args {
    const char *reason;
    const char *model;
    const char *province;
    int32_t as_of;
    bool dry_run;
} erase_args;

static const char *const erase_words[] = {"seeker", "inactive", NULL};

/* The slips naming them in the fair plans of the desk's folder beside the database (DB.desk,
 * serve's default): removed, as the desk's own erasure does; a failure is a warning (the
 * erasure itself is done). */
static void forget_desk_slips(vl_ctx *ctx, const char *db_path, const char *const *ids, size_t n)
{
    char state[4096];
    snprintf(state, sizeof state, "%s.desk", db_path);
    DIR *dh = opendir(state);
    struct dirent *de;
    size_t removed = 0;
    while (dh && (de = readdir(dh))) {
        if (strncmp(de->d_name, "fair-", 5) != 0)
            continue;
        char dir[4400];
        snprintf(dir, sizeof dir, "%s/%s", state, de->d_name);
        size_t k = 0;
        if (vl_fair_forget_seekers(ctx, dir, ids, n, &k) != VL_OK) {
            fprintf(stderr, _("warning: %s\n"), vl_ctx_errmsg(ctx));
            vl_ctx_clear_error(ctx);
        }
        removed += k;
    }
    if (dh)
        closedir(dh);
    if (removed)
        printf(_("removed their %zu slips from the desk's fair plans in %s\n"), removed, state);
}

static const cli_opt erase_opts[] = {
    {"--reason", N_("TEXT"), CLI_STR, offsetof(erase_args, reason),
     N_("why the data is erased (kept in the audit; write no personal data in it)"), NULL,
     N_("none: required for `seeker`; `retention` for `inactive`")},
    {"--model", N_("FILE"), CLI_STR, offsetof(erase_args, model),
     N_("the privacy model holding the retention rule"), NULL, N_("models/privacy.yaml")},
    {"--as-of", N_("DATE"), CLI_DATE, offsetof(erase_args, as_of),
     N_("the date inactivity is measured to (YYYY-MM-DD)"), NULL, N_("today")},
    {"--dry-run", NULL, CLI_FLAG, offsetof(erase_args, dry_run),
     N_("list the seekers `inactive` would erase, change nothing")},
    {"--province", N_("CODES"), CLI_STR, offsetof(erase_args, province),
     N_("on a database several provinces share, `inactive` erases only the seekers of these "
        "provinces (31 or 31,01), those their role may erase"),
     NULL, N_("every province")},
};

static const cli_spec erase_spec = {
    "erase",
    N_("vieclam [--db PATH] erase seeker ID [ID...] --reason TEXT\n"
       "       vieclam [--db PATH] erase inactive [--model FILE] [--as-of DATE] [--dry-run]\n"
       "                                          [--province CODES]"),
    N_("Erases seekers' personal data (name, birth year, sex, phone, ID card, priority groups, "
       "wages, counselling notes: the list in docs/privacy.md) from every table, keeping the "
       "anonymous rows that counts and reports use; old values are overwritten in the database "
       "file and its WAL. `inactive` erases every seeker without activity for the years the "
       "privacy model's retention.inactive_years says. Each erasure is recorded (id, user, "
       "reason) in the access audit."),
    CLI_OPTS(erase_opts),
    1,
    64,
    erase_words,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 no such seeker (nothing erased)."),
};

typedef struct found {
    char **ids;
    int32_t *last;
    size_t n, cap;
    bool failed;
} found;

static void collect(void *ud, const char *id, int32_t last)
{
    found *f = ud;
    if (f->failed)
        return;
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        char **ids = realloc(f->ids, cap * sizeof *ids);
        if (ids)
            f->ids = ids;
        int32_t *l = realloc(f->last, cap * sizeof *l);
        if (l)
            f->last = l;
        if (!ids || !l) {
            f->failed = true;
            return;
        }
        f->cap = cap;
    }
    if (!(f->ids[f->n] = strdup(id))) {
        f->failed = true;
        return;
    }
    f->last[f->n++] = last;
}

int cmd_erase(cli_global *g, int argc, char **argv)
{
    erase_args a = {0};
    const char *pos[64] = {NULL};
    size_t npos = 0;
    int prc = cli_parse(&erase_spec, argc, argv, &a, pos, &npos);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    bool inactive;
    if (npos >= 1 && strcmp(pos[0], "seeker") == 0)
        inactive = false;
    else if (npos >= 1 && strcmp(pos[0], "inactive") == 0)
        inactive = true;
    else
        return cli_usage_error("erase", "erase what: `seeker ID...` or `inactive`");
    if (inactive && npos != 1)
        return cli_usage_error("erase", "`erase inactive` takes no ids");
    if (!inactive && npos < 2)
        return cli_usage_error("erase", "`erase seeker` needs at least one id");
    if (!inactive && (!a.reason || !*a.reason))
        return cli_usage_error("erase", "--reason TEXT is required (it is kept in the audit)");
    if (!inactive && (a.dry_run || a.province))
        return cli_usage_error("erase", "--dry-run and --province go with `erase inactive`");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    char by[128];
    vl_os_user(by, sizeof by);
    vl_privacy_model pm = {0};
    char mbuf[4096];
    const char *model = NULL;
    vl_status st = VL_OK;
    if (inactive) {
        model = a.model ? a.model : cli_model_path("privacy.yaml", mbuf, sizeof mbuf);
        st = vl_privacy_model_load(ctx, model, &pm);
    }
    vl_db *db = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g);
    if (st == VL_OK)
        st = cli_db_open(ctx, g->db_path, 0, a.province, &db);
    if (st == VL_OK)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "erase", model, NULL, 0, &run);
    found f = {0};
    vl_erase_report rep = {0};
    if (st == VL_OK && inactive) {
        int32_t as_of = a.as_of; /* 0: today */
        size_t n = 0;
        st = vl_db_retention_scan(ctx, db, pm.inactive_years, as_of, collect, &f, &n);
        if (st == VL_OK && f.failed)
            st = VL_ERR_NOMEM;
        if (st == VL_OK && a.dry_run) {
            const char *head[] = {_("seeker"), _("last activity")};
            cli_table *t = cli_table_new(2, head);
            for (size_t i = 0; t && i < f.n; i++) {
                char d[16];
                snprintf(d, sizeof d, "%04d-%02d-%02d", f.last[i] / 10000, f.last[i] / 100 % 100,
                         f.last[i] % 100);
                const char *row[] = {f.ids[i], d};
                cli_table_row(t, row);
            }
            if (f.n)
                cli_table_print(t, stdout);
            cli_table_free(t);
            printf(_("%zu seekers without activity for %d years would be erased (dry run: "
                     "nothing changed)\n"),
                   f.n, pm.inactive_years);
        } else if (st == VL_OK) {
            char reason[128];
            snprintf(reason, sizeof reason, "%s (retention: inactive %d years)",
                     a.reason ? a.reason : "retention", pm.inactive_years);
            st = vl_db_erase_seekers(ctx, db, (const char *const *)f.ids, f.n, reason, by, &rep);
        }
    } else if (st == VL_OK) {
        st = vl_db_erase_seekers(ctx, db, pos + 1, npos - 1, a.reason, by, &rep);
    }
    if (st == VL_OK && !(inactive && a.dry_run)) {
        printf(_("erased the personal data of %zu seekers\n"), rep.erased);
        if (rep.erased && !vl_db_is_url(g->db_path)) {
            if (inactive)
                forget_desk_slips(ctx, g->db_path, (const char *const *)f.ids, f.n);
            else
                forget_desk_slips(ctx, g->db_path, pos + 1, npos - 1);
        }
        if (rep.already)
            printf(_("%zu of the ids were erased already: not erased again\n"), rep.already);
        if (rep.erased && rep.vacuumed)
            printf("%s",
                   _("PostgreSQL: the tables were vacuumed; old row versions may remain in the "
                     "server's WAL archive and base backups until they are recycled\n"));
        else if (rep.erased && vl_db_is_url(g->db_path))
            ; /* not vacuumed: the library's warning says who must */
        else if (rep.erased && !rep.wal_emptied)
            fprintf(stderr, "%s",
                    _("warning: another program has the database open, so its WAL may "
                      "still hold old values: stop it and run `vieclam erase` again\n"));
    }
    char summary[96];
    snprintf(summary, sizeof summary, "{\"erased\":%zu,\"found\":%zu,\"dry_run\":%s}", rep.erased,
             f.n, a.dry_run ? "true" : "false");
    if (run)
        vl_db_run_end(NULL, db, run, st, summary);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "erase");
    for (size_t i = 0; i < f.n; i++)
        free(f.ids[i]);
    free(f.ids);
    free(f.last);
    free(cmd);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
