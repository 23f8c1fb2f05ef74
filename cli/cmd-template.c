/*
 * cmd-template.c - `vieclam template KIND --out FILE.xlsx`: the workbook staff fill in for an
 * import (Vietnamese headers, dropdowns, one example row, the occupations with their
 * Vietnamese titles on a second sheet); the library's vl_sheet_template makes it.
 */
#include <stddef.h>
#include <string.h>

#include "cli.h"

typedef struct template_args {
    const char *out;
} template_args;

static const char *const template_kinds[] = {"seekers", "vacancies", "employers", "referrals",
                                             NULL};

static const cli_opt template_opts[] = {
    {"--out", N_("FILE.xlsx"), CLI_STR, offsetof(template_args, out),
     N_("the workbook to write (required)")},
};

static const cli_spec template_spec = {
    "template",
    N_("vieclam template seekers|vacancies|employers|referrals --out FILE.xlsx"),
    N_("Writes the Excel workbook to fill in for `vieclam import KIND`: the kind's columns with "
       "Vietnamese headers, one example row (the four kinds' examples import together: "
       "employers, vacancies, seekers, referrals), dropdowns for education, priority group, "
       "status, gender, referral channel and outcome, and for the occupation code; the lists "
       "are on the sheet \"Danh mục\", every ISCO-08 unit group with its Vietnamese title on "
       "the sheet \"Nghề nghiệp\". Delete the example row before importing your own."),
    CLI_OPTS(template_opts),
    1,
    1,
    template_kinds,
    N_("Exit codes: 0 written, 1 the file cannot be written, 2 usage."),
};

int cmd_template(cli_global *g, int argc, char **argv)
{
    template_args a = {0};
    const char *pos[1];
    size_t npos = 0;
    int rc = cli_parse(&template_spec, argc, argv, &a, pos, &npos);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    vl_kind kind;
    bool known = false;
    for (size_t i = 0; template_kinds[i]; i++)
        known = known || strcmp(template_kinds[i], pos[0]) == 0;
    if (!known || !vl_kind_parse(pos[0], &kind))
        return cli_usage_error("template",
                               "no template '%s' (seekers, vacancies, employers, "
                               "referrals)",
                               pos[0]);
    if (!a.out || strcmp(a.out, "-") == 0)
        return cli_usage_error("template", "--out FILE.xlsx is required");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_status st = vl_sheet_template(ctx, kind, a.out);
    rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "template");
    if (st == VL_OK)
        printf(_("%s written: fill in one row per record, then `vieclam import %s %s`\n"), a.out,
               pos[0], a.out);
    vl_ctx_destroy(ctx);
    return rc;
}
