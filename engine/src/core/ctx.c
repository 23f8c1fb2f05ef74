/*
 * ctx.c - the context: last error, diagnostics list, log and progress handlers, thread count.
 *
 * All failures are recorded through vl__error, the one place to break on. The context is not
 * thread-safe for errors; parallel code collects per-task statuses and reports after joining.
 */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VL_VERSION_STRING
#define VL_VERSION_STRING "0.0.0"
#endif

#define VL_MSG_MAX 2048

struct vl_ctx {
    vl_status status;
    char msg[VL_MSG_MAX];
    char **diags;
    size_t n_diags, cap_diags, diag_total, diag_limit;
    vl_log_fn log_fn;
    void *log_ud;
    vl_log_level log_min;
    vl_progress_fn progress_fn;
    void *progress_ud;
    unsigned threads;
    char lang[3]; /* "vi", "en", or "" for the process's language */
};

/* English, constant (vl_strerror's contract); translated where shown, with _() */
static const char *const status_text[VL_STATUS_COUNT] = {
    [VL_OK] = N_("success"),
    [VL_ERR_NOMEM] = N_("out of memory"),
    [VL_ERR_IO] = N_("input/output error"),
    [VL_ERR_INVALID] = N_("invalid data"),
    [VL_ERR_NOTFOUND] = N_("not found"),
    [VL_ERR_ARG] = N_("invalid argument"),
    [VL_ERR_DB] = N_("database error"),
    [VL_ERR_NUMERIC] = N_("numerical failure"),
    [VL_ERR_UNSUPPORTED] = N_("not supported"),
    [VL_ERR_INTERNAL] = N_("internal error"),
    [VL_ERR_BUSY] = N_("database busy, try again"),
    [VL_ERR_CONFLICT] = N_("conflicting change"),
};

const char *vl_version(void)
{
    return VL_VERSION_STRING;
}

const char *vl_strerror(vl_status status)
{
    if ((int)status < 0 || status >= VL_STATUS_COUNT)
        return "unknown status";
    return status_text[status];
}

vl_status vl_ctx_create(vl_ctx **out)
{
    assert(out);
    vl_ctx *ctx = vl__calloc(1, sizeof *ctx);
    if (!ctx) {
        *out = NULL;
        return VL_ERR_NOMEM;
    }
    ctx->diag_limit = 1000;
    ctx->log_min = VL_LOG_WARNING;
    *out = ctx;
    return VL_OK;
}

void vl_ctx_destroy(vl_ctx *ctx)
{
    if (!ctx)
        return;
    vl__diag_clear(ctx);
    vl__free(ctx->diags);
    vl__free(ctx);
}

const char *vl_ctx_errmsg(const vl_ctx *ctx)
{
    return ctx ? ctx->msg : "";
}

vl_status vl_ctx_set_language(vl_ctx *ctx, const char *lang)
{
    if (!ctx)
        return VL_ERR_ARG;
    if (!lang || !*lang)
        ctx->lang[0] = '\0';
    else if (strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0)
        snprintf(ctx->lang, sizeof ctx->lang, "%s", lang);
    else
        return vl__error(ctx, VL_ERR_ARG, "language '%s': vieclam speaks vi and en", lang);
    return VL_OK;
}

const char *vl__ctx_lang(const vl_ctx *ctx)
{
    return ctx && ctx->lang[0] ? ctx->lang : NULL;
}

vl_status vl_ctx_status(const vl_ctx *ctx)
{
    return ctx ? ctx->status : VL_OK;
}

void vl_ctx_clear_error(vl_ctx *ctx)
{
    if (!ctx)
        return;
    ctx->status = VL_OK;
    ctx->msg[0] = '\0';
}

vl_status vl__verror(vl_ctx *ctx, vl_status status, const char *fmt, va_list ap)
{
    assert(status != VL_OK);
    if (!ctx)
        return status;
    ctx->status = status;
    fmt = vl__tr(ctx, fmt);
    locale_t old_loc = uselocale(vl__c_locale());
    vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
    uselocale(old_loc);
    if (ctx->msg[0] == '\0')
        snprintf(ctx->msg, sizeof ctx->msg, "%s", vl__tr(ctx, vl_strerror(status)));
    return status;
}

vl_status vl__error(vl_ctx *ctx, vl_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vl__verror(ctx, status, fmt, ap);
    va_end(ap);
    return status;
}

size_t vl_ctx_diag_count(const vl_ctx *ctx)
{
    return ctx ? ctx->diag_total : 0;
}

const char *vl_ctx_diag(const vl_ctx *ctx, size_t i)
{
    if (!ctx || i >= ctx->n_diags)
        return NULL;
    return ctx->diags[i];
}

void vl_ctx_set_diag_limit(vl_ctx *ctx, size_t limit)
{
    if (ctx)
        ctx->diag_limit = limit;
}

void vl__diag_clear(vl_ctx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->n_diags; i++)
        vl__free(ctx->diags[i]);
    ctx->n_diags = 0;
    ctx->diag_total = 0;
}

void vl__diag(vl_ctx *ctx, const char *fmt, ...)
{
    if (!ctx)
        return;
    ctx->diag_total++;
    if (ctx->n_diags >= ctx->diag_limit)
        return;
    if (ctx->n_diags == ctx->cap_diags) {
        size_t cap = ctx->cap_diags ? 2 * ctx->cap_diags : 16;
        char **d = vl__realloc(ctx->diags, cap * sizeof *d);
        if (!d)
            return; /* the count still says how many there were */
        ctx->diags = d;
        ctx->cap_diags = cap;
    }
    char line[VL_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    fmt = vl__tr(ctx, fmt);
    locale_t old_loc = uselocale(vl__c_locale());
    vsnprintf(line, sizeof line, fmt, ap);
    uselocale(old_loc);
    va_end(ap);
    char *copy = vl__strdup(line);
    if (copy)
        ctx->diags[ctx->n_diags++] = copy;
}

void vl_ctx_set_log(vl_ctx *ctx, vl_log_fn fn, void *userdata, vl_log_level min)
{
    if (!ctx)
        return;
    ctx->log_fn = fn;
    ctx->log_ud = userdata;
    ctx->log_min = min;
}

void vl__log(vl_ctx *ctx, vl_log_level level, const char *fmt, ...)
{
    if (!ctx || !ctx->log_fn || level < ctx->log_min)
        return;
    char line[VL_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    fmt = vl__tr(ctx, fmt);
    locale_t old_loc = uselocale(vl__c_locale());
    vsnprintf(line, sizeof line, fmt, ap);
    uselocale(old_loc);
    va_end(ap);
    ctx->log_fn(ctx->log_ud, level, line);
}

void vl_ctx_set_progress(vl_ctx *ctx, vl_progress_fn fn, void *userdata)
{
    if (!ctx)
        return;
    ctx->progress_fn = fn;
    ctx->progress_ud = userdata;
}

bool vl__has_progress(const vl_ctx *ctx)
{
    return ctx && ctx->progress_fn;
}

void vl__progress(vl_ctx *ctx, const char *stage, size_t done, size_t total)
{
    if (ctx && ctx->progress_fn)
        ctx->progress_fn(ctx->progress_ud, stage, done, total);
}

void vl_ctx_set_threads(vl_ctx *ctx, unsigned threads)
{
    if (ctx)
        ctx->threads = threads;
}

unsigned vl_ctx_threads(const vl_ctx *ctx)
{
    if (ctx && ctx->threads)
        return ctx->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > 256)
        n = 256;
    return (unsigned)n;
}
