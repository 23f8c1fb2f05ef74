/*
 * cmd-serve.c - `vieclam serve`: parses the options and hands over to the desk server
 * (server/), which runs until SIGINT or SIGTERM. Loopback without TLS by default; any other
 * address needs --tls-cert and --tls-key.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "server.h"

static void usage(FILE *f)
{
    fprintf(
        f, "%s",
        _("usage: vieclam [--db PATH] serve [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE]\n"
          "                             [--public-origin URL[,URL...]]\n"
          "                             [--web DIR] [--centre NAME] [--model FILE]\n"
          "                             [--fair-model FILE] [--state-dir DIR]\n"
          "                             [--session-idle SECONDS] [--session-max SECONDS]\n"
          "                             [--as-of YYYY-MM-DD] [--province CODE[,CODE...]]\n"
          "                             [--db-connections N]\n"
          "\n"
          "Runs the staff desk: the pages of web/ and the JSON API of docs/api.md, for the\n"
          "accounts made with `vieclam user add`. Stops cleanly on Ctrl-C or SIGTERM.\n"
          "\n"
          "  --listen HOST:PORT   address (default 127.0.0.1:8080; port 0 = any free port);\n"
          "                       anything but loopback needs TLS\n"
          "  --tls-cert FILE      PEM certificate (scripts/make-lan-cert.sh makes one)\n"
          "  --tls-key FILE       its PEM private key\n"
          "  --public-origin URLS the address the desks open, e.g. https://desk.example:8443\n"
          "                       (default: the --listen address, and localhost on loopback;\n"
          "                       needed to listen on 0.0.0.0): a change from a page of any\n"
          "                       other origin is refused\n"
          "  --web DIR            the pages (default $VIECLAM_DATADIR/web, else the installed\n"
          "                       ones)\n"
          "  --centre NAME        the centre's name on printed slips\n"
          "  --model FILE         matching model (default: the documented defaults)\n"
          "  --fair-model FILE    fair planning model (default: the documented defaults)\n"
          "  --state-dir DIR      fair plans and reports (default DB.desk, mode 0700; needed\n"
          "                       with a postgresql:// database)\n"
          "  --session-idle S     end a session after S seconds without a request (1800)\n"
          "  --session-max S      end a session S seconds after login (43200)\n"
          "  --as-of DATE         the server's today (YYYY-MM-DD), for demonstrations on\n"
          "                       dated data such as the bundled sample (2026-03-01)\n"
          "  --province CODES     match only these provinces' seekers and vacancies (and\n"
          "                       those without an area): one province's server of a\n"
          "                       national database, e.g. --province 31\n"
          "  --db-connections N   database connections for requests (a SQLite file: 64; a\n"
          "                       postgresql:// database: 2 per core of this machine plus 2,\n"
          "                       as each is a process of the database server)\n"
          "Exit codes: 0 stopped by a signal, 1 failure, 2 usage, 3 no database.\n"));
}

/* YYYY-MM-DD, a real date, as yyyymmdd. */
static bool date_arg(const char *s, int32_t *out)
{
    return date_parse(s, out);
}

static bool seconds(const char *v, int *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*end || errno || n < 1 || n > 7 * 86400)
        return false;
    *out = (int)n;
    return true;
}

int cmd_serve(cli_global *g, int argc, char **argv)
{
    desk_options o = {0};
    o.db_path = g->db_path;
    o.listen = "127.0.0.1:8080";
    o.threads = g->threads;
    o.quiet = g->quiet;
    o.centre = "Trung tâm Dịch vụ việc làm";
    const char *web = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        if (!v)
            return cli_usage_error("serve", "%s needs a value (or is not an option)", a);
        i++;
        if (strcmp(a, "--listen") == 0)
            o.listen = v;
        else if (strcmp(a, "--tls-cert") == 0)
            o.tls_cert = v;
        else if (strcmp(a, "--tls-key") == 0)
            o.tls_key = v;
        else if (strcmp(a, "--public-origin") == 0)
            o.public_origin = v;
        else if (strcmp(a, "--web") == 0)
            web = v;
        else if (strcmp(a, "--province") == 0) {
            /* codes of letters and digits, one comma between two: an empty code (",", "31,")
             * would name no province, and no province means the whole country */
            if (!*v ||
                strspn(v, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz,") !=
                    strlen(v) ||
                v[0] == ',' || v[strlen(v) - 1] == ',' || strstr(v, ",,"))
                return cli_usage_error("serve",
                                       "--province wants codes of provinces such as 31 or "
                                       "31,01, not '%s'",
                                       v);
            o.provinces = v;
        } else if (strcmp(a, "--centre") == 0)
            o.centre = v;
        else if (strcmp(a, "--model") == 0)
            o.model_path = v;
        else if (strcmp(a, "--fair-model") == 0)
            o.fair_model = v;
        else if (strcmp(a, "--state-dir") == 0)
            o.state_dir = v;
        else if (strcmp(a, "--as-of") == 0) {
            if (!date_arg(v, &o.as_of))
                return cli_usage_error("serve", "--as-of wants a date YYYY-MM-DD, not '%s'", v);
        } else if (strcmp(a, "--session-idle") == 0) {
            if (!seconds(v, &o.session_idle))
                return cli_usage_error("serve", "--session-idle wants seconds (1..604800)");
        } else if (strcmp(a, "--session-max") == 0) {
            if (!seconds(v, &o.session_max))
                return cli_usage_error("serve", "--session-max wants seconds (1..604800)");
        } else if (strcmp(a, "--db-connections") == 0) {
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (*end || errno || n < 1 || n > 1024)
                return cli_usage_error("serve", "--db-connections wants a number (1..1024)");
            o.db_connections = (unsigned)n;
        } else {
            usage(stderr);
            return cli_usage_error("serve", "unknown option '%s'", a);
        }
    }
    char buf[4096];
    if (web) {
        o.web_dir = web;
    } else { /* $VIECLAM_DATADIR/web, else the installed pages */
        snprintf(buf, sizeof buf, "%s/web", vl_datadir());
        o.web_dir = buf;
    }
    if (vl_db_is_url(g->db_path) && !o.state_dir)
        return cli_usage_error("serve", "a PostgreSQL database needs --state-dir DIR (where fair "
                                        "plans and reports are kept)");
    if (!vl_db_is_url(g->db_path) && access(g->db_path, F_OK) != 0) {
        fprintf(stderr, _("vieclam serve: no database at %s (`vieclam init`, or `vieclam demo`)\n"),
                g->db_path);
        return EXIT_DATA;
    }
    /* the retention rule the admin page applies (as `vieclam erase inactive` does) */
    char pbuf[4096];
    o.privacy_model = cli_model_path("privacy.yaml", pbuf, sizeof pbuf);
    return desk_serve(&o);
}
