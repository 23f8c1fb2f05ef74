/*
 * cmd-user.c - `vieclam user`: the desk's accounts. `add NAME --role staff|planner|admin`
 * (the password from a prompt on the terminal, typed twice, or the first line of
 * --password-file), `list`, `disable NAME` and `enable NAME`. Passwords are hashed with
 * Argon2id by the library; they are never printed or passed on the command line.
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: vieclam [--db PATH] user add NAME --role staff|planner|admin\n"
               "                                  [--password-file FILE] [--lang vi|en]\n"
               "       vieclam [--db PATH] user list\n"
               "       vieclam [--db PATH] user disable NAME\n"
               "       vieclam [--db PATH] user enable NAME\n"
               "\n"
               "Accounts of the staff desk (`vieclam serve`). staff: seekers, employers,\n"
               "vacancies, referrals, job fairs; planner: forecasts and reports, no personal\n"
               "data; admin: accounts and the access audit. A password has at least 10\n"
               "characters; without --password-file it is asked on the terminal.\n");
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
    const char *name = NULL, *role_text = NULL, *file = NULL, *lang = NULL;
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
    char pw[VL_PASSWORD_MAX + 2], again[VL_PASSWORD_MAX + 2];
    if (file) {
        FILE *f = fopen(file, "r");
        bool ok = f && read_line(f, pw, sizeof pw);
        if (f)
            fclose(f);
        if (!ok) {
            fprintf(stderr, "vieclam user: cannot read a password from %s\n", file);
            return EXIT_FAIL;
        }
    } else {
        if (!prompt("Password", pw, sizeof pw) || !prompt("Password again", again, sizeof again)) {
            fprintf(stderr, "vieclam user: no terminal to ask for the password: use "
                            "--password-file FILE\n");
            return EXIT_USAGE;
        }
        if (strcmp(pw, again) != 0) {
            fprintf(stderr, "vieclam user: the two passwords differ\n");
            return EXIT_USAGE;
        }
    }
    (void)g;
    vl_status st = vl_db_user_add(ctx, db, name, role, pw, lang);
    memset(pw, 0, sizeof pw);
    memset(again, 0, sizeof again);
    if (st != VL_OK)
        return cli_fail(ctx, st, "user add");
    printf("user %s added (%s)\n", name, vl_role_name(role));
    return EXIT_OK;
}

static int list(vl_ctx *ctx, vl_db *db)
{
    vl_user *u = NULL;
    size_t n = 0;
    vl_status st = vl_db_user_list(ctx, db, &u, &n);
    if (st != VL_OK)
        return cli_fail(ctx, st, "user list");
    static const char *const head[] = {"name", "role", "status", "lang", "created", "last login"};
    cli_table *t = cli_table_new(6, head);
    for (size_t i = 0; i < n; i++) {
        const char *row[] = {u[i].name,
                             vl_role_name(u[i].role),
                             u[i].disabled ? "disabled" : "active",
                             u[i].lang,
                             u[i].created,
                             u[i].last_login[0] ? u[i].last_login : "-"};
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
    if (st != VL_OK)
        return cli_fail(ctx, st, disabled ? "user disable" : "user enable");
    printf("user %s %s%s\n", name, disabled ? "disabled" : "enabled",
           disabled ? " (a running server ends its sessions at its next request)" : "");
    return EXIT_OK;
}

int cmd_user(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *sub = argv[1];
    bool known = !strcmp(sub, "add") || !strcmp(sub, "list") || !strcmp(sub, "disable") ||
                 !strcmp(sub, "enable");
    if (!known) {
        usage(stderr);
        return cli_usage_error("user", "unknown subcommand '%s'", sub);
    }
    if ((!strcmp(sub, "disable") || !strcmp(sub, "enable")) && argc != 3)
        return cli_usage_error("user", "user %s needs exactly one NAME", sub);
    if (!strcmp(sub, "list") && argc != 2)
        return cli_usage_error("user", "user list takes no arguments");
    if (!vl_db_is_url(g->db_path) && access(g->db_path, F_OK) != 0) {
        fprintf(stderr, "vieclam user: no database at %s (`vieclam init`)\n", g->db_path);
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
    else
        rc = set_disabled(ctx, db, argv[2], !strcmp(sub, "disable"));
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
