/*
 * cmd-user.c - `vieclam user`: the desk's accounts. `add NAME --role staff|planner|admin`
 * (the password from a prompt on the terminal, typed twice, or the first line of
 * --password-file), `list`, `disable NAME`, `enable NAME` and `erase NAME --reason TEXT` (a
 * departed member of staff: vl_db_erase_user). Passwords are hashed with Argon2id by the
 * library; they are never printed or passed on the command line.
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "%s",
            _("usage: vieclam [--db PATH] user add NAME --role staff|planner|admin\n"
              "                                  [--password-file FILE] [--lang vi|en]\n"
              "                                  [--province CODE]\n"
              "       vieclam [--db PATH] user list\n"
              "       vieclam [--db PATH] user disable NAME\n"
              "       vieclam [--db PATH] user enable NAME\n"
              "       vieclam [--db PATH] user province NAME CODE\n"
              "       vieclam [--db PATH] user erase NAME --reason TEXT\n"
              "\n"
              "Accounts of the staff desk (`vieclam serve`). staff: seekers, employers,\n"
              "vacancies, referrals, job fairs; planner: forecasts and reports, no personal\n"
              "data; admin: accounts and the access audit. A password has at least 10\n"
              "characters; without --password-file it is asked on the terminal.\n"
              "user erase deletes a departed member's account (name, password hash,\n"
              "sessions) and puts an anonymous reference (user#N) wherever the name stood\n"
              "(access audit, referrals, counselling, forecast judgements, runs); the last\n"
              "active admin cannot be erased.\n"
              "user province sets the province whose desk an account is ('' for every\n"
              "province; see --province).\n"
              "\n"
              "Options of user add:\n"
              "  --role ROLE           staff, planner or admin (required)\n"
              "  --password-file FILE  the password is its first line [default: asked on\n"
              "                        the terminal, twice]\n"
              "  --lang LANG           the account's language on the desk (vi, en)\n"
              "                        [default: vi]\n"
              "  --province CODE       the province whose desk the account is, on an exchange\n"
              "                        of many provinces: on PostgreSQL a province's server\n"
              "                        sees only its own accounts and those of every\n"
              "                        province [default: the writer's: every province for\n"
              "                        the database's owner and on a file]\n"
              "Options of user erase:\n"
              "  --reason TEXT         why the account is erased (kept in the access audit;\n"
              "                        write no personal data in it) (required)\n"
              "Exit codes: 0 ok, 1 failure, 2 usage, 3 no database or an unknown account.\n"));
}

/* One line from f without its line end; false when there is none. */
static bool read_line(FILE *f, char *buf, size_t size)
{
    if (!fgets(buf, (int)size, f))
        return false;
    buf[strcspn(buf, "\r\n")] = '\0';
    return true;
}

static bool prompt(const char *what, char *buf, size_t size)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return false;
    struct termios old, quiet;
    bool echo_off = tcgetattr(fileno(tty), &old) == 0;
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    }
    fprintf(tty, "%s: ", what);
    fflush(tty);
    bool ok = read_line(tty, buf, size);
    fprintf(tty, "\n");
    if (echo_off)
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fclose(tty);
    return ok;
}

static int add(cli_global *g, vl_ctx *ctx, vl_db *db, int argc, char **argv)
{
    const char *name = NULL, *role_text = NULL, *file = NULL, *lang = NULL, *province = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-' && !name) {
            name = a;
            continue;
        }
        if (!v)
            return cli_usage_error("user", "%s needs a value", a);
        i++;
        if (strcmp(a, "--role") == 0)
            role_text = v;
        else if (strcmp(a, "--password-file") == 0)
            file = v;
        else if (strcmp(a, "--lang") == 0)
            lang = v;
        else if (strcmp(a, "--province") == 0)
            province = v;
        else
            return cli_usage_error("user", "unknown option '%s'", a);
    }
    vl_role role;
    if (!name)
        return cli_usage_error("user", "user add needs a NAME");
    if (!role_text || !vl_role_parse(role_text, &role))
        return cli_usage_error("user", "--role wants staff, planner or admin");
    if (lang && strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return cli_usage_error("user", "--lang wants vi or en");
    if (province && !vl_user_province_valid(province))
        return cli_usage_error("user", "--province wants a province's code (digits), or ''");
    char pw[VL_PASSWORD_MAX + 2], again[VL_PASSWORD_MAX + 2];
    if (file) {
        FILE *f = fopen(file, "r");
        bool ok = f && read_line(f, pw, sizeof pw);
        if (f)
            fclose(f);
        if (!ok) {
            fprintf(stderr, _("vieclam user: cannot read a password from %s\n"), file);
            return EXIT_FAIL;
        }
    } else {
        if (!prompt(_("Password"), pw, sizeof pw) ||
            !prompt(_("Password again"), again, sizeof again)) {
            fprintf(stderr, "%s",
                    _("vieclam user: no terminal to ask for the password: use "
                      "--password-file FILE\n"));
            return EXIT_USAGE;
        }
        if (strcmp(pw, again) != 0) {
            fprintf(stderr, "%s", _("vieclam user: the two passwords differ\n"));
            return EXIT_USAGE;
        }
    }
    (void)g;
    vl_status st = vl_db_user_add(ctx, db, name, role, pw, lang, province);
    memset(pw, 0, sizeof pw);
    memset(again, 0, sizeof again);
    /* audited as the desk audits its administrators' changes to accounts */
    if (st == VL_OK)
        st = cli_audit(ctx, db, "create", "user", name, vl_role_name(role));
    if (st != VL_OK)
        return cli_fail(ctx, st, "user add");
    printf(_("user %s added (%s)\n"), name, vl_role_name(role));
    return EXIT_OK;
}

static int list(vl_ctx *ctx, vl_db *db)
{
    vl_user *u = NULL;
    size_t n = 0;
    vl_status st = vl_db_user_list(ctx, db, &u, &n);
    if (st != VL_OK)
        return cli_fail(ctx, st, "user list");
    const char *const head[] = {_("name"),     _("role"),    _("status"),    _("language"),
                                _("province"), _("created"), _("last login")};
    cli_table *t = cli_table_new(7, head);
    for (size_t i = 0; i < n; i++) {
        char created[48], login[48];
        const char *row[] = {u[i].name,
                             vl_role_words(NULL, u[i].role),
                             u[i].disabled ? _("disabled") : _("active"),
                             u[i].lang,
                             u[i].province[0] ? u[i].province : _("every"),
                             vl_format_time_text(created, sizeof created, u[i].created, NULL),
                             u[i].last_login[0]
                                 ? vl_format_time_text(login, sizeof login, u[i].last_login, NULL)
                                 : "-"};
        cli_table_row(t, row);
    }
    cli_table_print(t, stdout);
    cli_table_free(t);
    free(u);
    return EXIT_OK;
}

static int set_disabled(vl_ctx *ctx, vl_db *db, const char *name, bool disabled)
{
    vl_user_change c = {.disabled = &disabled};
    vl_status st = vl_db_user_update(ctx, db, name, &c);
    if (st == VL_OK)
        st = cli_audit(ctx, db, "update", "user", name, NULL);
    if (st != VL_OK)
        return cli_fail(ctx, st, disabled ? "user disable" : "user enable");
    if (disabled)
        printf(_("user %s disabled (a running server ends its sessions at its next request)\n"),
               name);
    else
        printf(_("user %s enabled\n"), name);
    return EXIT_OK;
}

static int set_province(vl_ctx *ctx, vl_db *db, const char *name, const char *province)
{
    if (!vl_user_province_valid(province))
        return cli_usage_error("user", "--province wants a province's code (digits), or ''");
    vl_user_change c = {.province = province};
    vl_status st = vl_db_user_update(ctx, db, name, &c);
    if (st == VL_OK)
        st = cli_audit(ctx, db, "update", "user", name, NULL);
    if (st != VL_OK)
        return cli_fail(ctx, st, "user province");
    if (*province)
        printf(_("user %s is now of province %s\n"), name, province);
    else
        printf(_("user %s is now of every province\n"), name);
    return EXIT_OK;
}

static int erase(const cli_global *g, vl_ctx *ctx, vl_db *db, int argc, char **argv)
{
    const char *name = NULL, *reason = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' && !name) {
            name = a;
            continue;
        }
        if (strcmp(a, "--reason") != 0)
            return cli_usage_error("user", "unknown option '%s'", a);
        if (i + 1 >= argc)
            return cli_usage_error("user", "%s needs a value", a);
        reason = argv[++i];
    }
    if (!name)
        return cli_usage_error("user", "user erase needs a NAME");
    if (!reason || !*reason)
        return cli_usage_error("user", "--reason TEXT is required (it is kept in the audit)");
    char by[128], ref[32], summary[64] = "";
    vl_os_user(by, sizeof by);
    int64_t run = 0;
    vl_erase_report rep;
    /* the audit trail's command line would keep the name: it holds the reference instead, and
     * the reason is in the access audit */
    vl_status st = vl_db_run_begin(ctx, db, "vieclam user erase", NULL, NULL, 0, &run);
    if (st == VL_OK)
        st = vl_db_erase_user(ctx, db, name, reason, by, ref, &rep);
    if (st == VL_OK)
        snprintf(summary, sizeof summary, "{\"erased\":\"%s\"}", ref);
    if (run)
        vl_db_run_end(NULL, db, run, st, st == VL_OK ? summary : NULL);
    if (st != VL_OK)
        return cli_fail(ctx, st, "user erase");
    /* the name is said once here, to whoever ran the command; the database keeps only ref */
    printf(_("user %s erased: the access audit and records now name %s\n"), name, ref);
    if (!rep.wal_emptied && !vl_db_is_url(g->db_path))
        fprintf(stderr, "%s",
                _("warning: another program has the database open, so its WAL may still hold "
                  "the old values until that program closes it\n"));
    return EXIT_OK;
}

int cmd_user(cli_global *g, int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
    const char *sub = argv[1];
    bool known = !strcmp(sub, "add") || !strcmp(sub, "list") || !strcmp(sub, "disable") ||
                 !strcmp(sub, "enable") || !strcmp(sub, "erase") || !strcmp(sub, "province");
    if (!known) {
        usage(stderr);
        return cli_usage_error("user", "unknown subcommand '%s'", sub);
    }
    if ((!strcmp(sub, "disable") || !strcmp(sub, "enable")) && argc != 3)
        return cli_usage_error("user", "user %s needs exactly one NAME", sub);
    if (!strcmp(sub, "province") && argc != 4)
        return cli_usage_error("user", "user province needs a NAME and a CODE ('' for every "
                                       "province)");
    if (!strcmp(sub, "list") && argc != 2)
        return cli_usage_error("user", "user list takes no arguments");
    if (!vl_db_is_url(g->db_path) && access(g->db_path, F_OK) != 0) {
        fprintf(stderr, _("vieclam user: no database at %s (`vieclam init`)\n"), g->db_path);
        return EXIT_DATA;
    }
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    int rc;
    if (st != VL_OK)
        rc = cli_fail(ctx, st, "user");
    else if (!strcmp(sub, "add"))
        rc = add(g, ctx, db, argc, argv);
    else if (!strcmp(sub, "list"))
        rc = list(ctx, db);
    else if (!strcmp(sub, "erase"))
        rc = erase(g, ctx, db, argc, argv);
    else if (!strcmp(sub, "province"))
        rc = set_province(ctx, db, argv[2], argv[3]);
    else
        rc = set_disabled(ctx, db, argv[2], !strcmp(sub, "disable"));
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
