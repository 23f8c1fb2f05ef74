/*
 * opt.c - the table-driven option parser, its --help and its answer to the completion script
 * (see opt.h). Messages and help are translated when printed (the tables hold N_() text).
 */
#include "opt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool cli_parse_date(const char *s, int32_t *out)
{
    return vl_parse_date(s, out); /* the library's one strict reading of a date */
}

static void choices_text(const cli_opt *o, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; o->choices && o->choices[i]; i++) {
        int n = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", o->choices[i]);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
}

/* Stores a value; on a bad one prints why (naming the option) and returns false. */
static bool store(const cli_spec *s, const cli_opt *o, const char *v, void *args)
{
    void *field = (char *)args + o->off; /* an aligned member of the args struct */
    switch (o->type) {
    case CLI_FLAG:
        *(bool *)field = true;
        return true;
    case CLI_STR:
    case CLI_OPTSTR:
        *(const char **)field = v;
        return true;
    case CLI_SIZE: {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(v, &end, 10);
        if (!*v || *end || errno || v[0] == '-' || v[0] == '+' || n < o->min || n > o->max) {
            cli_usage_error(s->name, "%s wants a whole number %zu..%zu, not '%s'", o->name, o->min,
                            o->max, v);
            return false;
        }
        *(size_t *)field = (size_t)n;
        return true;
    }
    case CLI_DATE:
        if (!cli_parse_date(v, (int32_t *)field)) {
            cli_usage_error(s->name, "%s: '%s' is not a date (YYYY-MM-DD, a real calendar day)",
                            o->name, v);
            return false;
        }
        return true;
    case CLI_CHOICE:
        for (size_t i = 0; o->choices[i]; i++)
            if (strcmp(o->choices[i], v) == 0) {
                *(const char **)field = o->choices[i];
                return true;
            }
        char list[256];
        choices_text(o, list, sizeof list);
        cli_usage_error(s->name, "%s wants one of %s, not '%s'", o->name, list, v);
        return false;
    }
    return false;
}

int cli_parse(const cli_spec *s, int argc, char **argv, void *args, const char **pos, size_t *npos)
{
    for (size_t i = 0; i < s->n_opts; i++)
        if (s->opts[i].def && !store(s, &s->opts[i], s->opts[i].def, args))
            return EXIT_USAGE; /* a bad default in a table: caught by the help test */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_help(s, stdout);
            return CLI_HELP_SHOWN;
        } else if (strcmp(argv[i], "--") == 0) {
            break;
        }
    size_t np = 0;
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && strcmp(a, "--") == 0) {
            options = false;
            continue;
        }
        if (!options || a[0] != '-' || a[1] == '\0') { /* "-" is a value (standard output) */
            if (np >= s->max_pos)
                return cli_usage_error(s->name, "unexpected argument '%s'", a);
            pos[np++] = a;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        const cli_opt *o = NULL;
        for (size_t k = 0; k < s->n_opts && !o; k++)
            if (strlen(s->opts[k].name) == nlen && strncmp(s->opts[k].name, a, nlen) == 0)
                o = &s->opts[k];
        if (!o)
            return cli_usage_error(s->name, "unknown option '%s' (see `vieclam %s --help`)", a,
                                   s->name);
        const char *v = NULL;
        if (o->type == CLI_FLAG) {
            if (eq)
                return cli_usage_error(s->name, "%s takes no value", o->name);
        } else if (o->type == CLI_OPTSTR && !eq) {
            v = i + 1 < argc && argv[i + 1][0] != '-' ? argv[++i] : "";
        } else if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            return cli_usage_error(s->name, "%s needs a value (%s)", o->name, o->metavar);
        }
        if (!store(s, o, v, args))
            return EXIT_USAGE;
    }
    if (np < s->min_pos)
        return cli_usage_error(s->name, "missing arguments: see `vieclam %s --help`", s->name);
    if (npos)
        *npos = np;
    return EXIT_OK;
}

/* Writes text from column `at` on, wrapped at 79 columns by display width, later lines at `indent`.
 */
static void wrap(FILE *f, const char *text, size_t at, size_t indent)
{
    size_t col = at;
    const char *p = text;
    while (*p) {
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        char word[512];
        snprintf(word, sizeof word, "%.*s", (int)(e - p), p);
        size_t w = vl_text_width(word);
        if (col > indent && col + 1 + w > 79) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > at || (col == at && p != text)) {
            fputc(' ', f);
            col++;
        }
        fputs(word, f);
        col += w;
        p = e;
        while (*p == ' ')
            p++;
    }
}

/* A text of paragraphs ("\n" ends a line), each wrapped at 79 columns. */
static void paragraphs(FILE *f, const char *text)
{
    fputc('\n', f);
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        size_t indent = strspn(line, " ");
        fprintf(f, "%*s", (int)indent, "");
        wrap(f, line + indent, indent, indent);
        fputc('\n', f);
        p += len + (e ? 1 : 0);
    }
}

void cli_help(const cli_spec *s, FILE *f)
{
    fprintf(f, "%s %s\n", _("usage:"), _(s->usage));
    if (s->about)
        paragraphs(f, _(s->about));
    if (s->n_opts)
        fprintf(f, "\n%s\n", _("Options:"));
    size_t col = 0;
    for (size_t i = 0; i < s->n_opts; i++) {
        const cli_opt *o = &s->opts[i];
        size_t w = strlen(o->name) + (o->metavar ? 1 + vl_text_width(_(o->metavar)) : 0) +
                   (o->type == CLI_OPTSTR ? 2 : 0);
        if (w > col)
            col = w;
    }
    if (col > 24)
        col = 24;
    for (size_t i = 0; i < s->n_opts; i++) {
        const cli_opt *o = &s->opts[i];
        char head[128];
        snprintf(head, sizeof head, "%s%s%s%s%s", o->name, o->metavar ? " " : "",
                 o->type == CLI_OPTSTR ? "[" : "", o->metavar ? _(o->metavar) : "",
                 o->type == CLI_OPTSTR ? "]" : "");
        size_t w = vl_text_width(head);
        fprintf(f, "  %s", head);
        if (w > col)
            fprintf(f, "\n  %*s", (int)col, "");
        else
            fprintf(f, "%*s", (int)(col - w), "");
        char text[1024], list[256] = "", def[256] = "";
        if (o->type == CLI_CHOICE) {
            char l[240];
            choices_text(o, l, sizeof l);
            snprintf(list, sizeof list, " (%s)", l);
        }
        char computed[160];
        if (o->def_fn)
            snprintf(def, sizeof def, _(" [default: %s]"), o->def_fn(computed, sizeof computed));
        else if (o->def || o->def_text)
            snprintf(def, sizeof def, _(" [default: %s]"), o->def ? o->def : _(o->def_text));
        snprintf(text, sizeof text, "%s%s%s", _(o->help), list, def);
        fputs("  ", f);
        wrap(f, text, col + 4, col + 4);
        fputc('\n', f);
    }
    if (s->footer)
        paragraphs(f, _(s->footer));
}

void cli_print_options(const cli_spec *s, FILE *f)
{
    for (size_t i = 0; i < s->n_opts; i++)
        fprintf(f, "%s\n", s->opts[i].name);
    fprintf(f, "--help\n");
    for (size_t i = 0; s->words && s->words[i]; i++)
        fprintf(f, "%s\n", s->words[i]);
}
