/*
 * core.h - private core of libvieclam, shared by every module: the context structure, the one
 * error function, diagnostics, logging, progress, an arena allocator, a parallel-for, and
 * locale-independent number formatting helpers.
 *
 * Invariants: ctx->status is VL_OK exactly when ctx->msg is empty; every failure of the library
 * passes through vl__error (set a breakpoint there); diagnostics are kept in order found.
 */
#ifndef VL_CORE_H
#define VL_CORE_H

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <sys/types.h>

#include <vieclam/vieclam.h>

#if defined(__GNUC__)
#define VL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define VL_UNUSED       __attribute__((unused))
#else
#define VL_PRINTF(f, a)
#define VL_UNUSED
#endif

#define VL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Messages (core/i18n.c). The library and its front ends share one gettext domain. A message is
 * translated when it is created: vl__error, vl__diag and vl__log translate their format string
 * themselves, in the context's language (xgettext knows them as keywords), so their callers write
 * plain English literals; any other user-visible text is wrapped in vl__tr(ctx, "...") where a
 * context is at hand, else _() (the process's language), or N_() where it is stored in a table
 * and translated when used. Keys, column names, codes and JSON stay untranslated.
 */
#define VL_TEXTDOMAIN "vieclam"
/* msgid in the context's language (vl_ctx_set_language), else the process's; ctx may be NULL. */
const char *vl__tr(const vl_ctx *ctx, const char *msgid);
/* The context's own language ("vi", "en"), or NULL when it follows the process. */
const char *vl__ctx_lang(const vl_ctx *ctx);
#define _(s)  vl_gettext(s)
#define N_(s) s

/*
 * Records a failure on ctx: status and a printf-style message (which must never contain
 * personal data), its format translated first (see _() above). Returns status, so callers write
 * `return vl__error(ctx, VL_ERR_IO, ...)`. ctx may be NULL (the failure is then only returned).
 */
vl_status vl__error(vl_ctx *ctx, vl_status status, const char *fmt, ...) VL_PRINTF(3, 4);
vl_status vl__verror(vl_ctx *ctx, vl_status status, const char *fmt, va_list ap);

/* Diagnostics: a list of problems found in one input. */
void vl__diag_clear(vl_ctx *ctx);
void vl__diag(vl_ctx *ctx, const char *fmt, ...) VL_PRINTF(2, 3);

void vl__log(vl_ctx *ctx, vl_log_level level, const char *fmt, ...) VL_PRINTF(3, 4);
void vl__progress(vl_ctx *ctx, const char *stage, size_t done, size_t total);
bool vl__has_progress(const vl_ctx *ctx);

/* ---- allocation hooks (alloc.c) -------------------------------------------------------------
 * Every heap allocation of the library goes through these, never through malloc & co directly,
 * so that tests can make any one of them fail. Memory from them may be freed with vl__free() (they
 * wrap the C allocator), which keeps "free with vl__free()" in the public headers true. A zero size
 * allocates one byte, so NULL always means out of memory. */
void *vl__malloc(size_t size);
void *vl__calloc(size_t n, size_t size);
void *vl__realloc(void *p, size_t size);
void vl__free(void *p);
char *vl__strdup(const char *s);            /* s must not be NULL */
char *vl__strndup(const char *s, size_t n); /* at most n bytes of s, NUL-terminated */
/* qsort/bsearch comparator of an array of const char *: by strcmp of the strings. */
int vl__cmp_str(const void *a, const void *b);
/* Called just before a third-party library allocates without hooks (utf8proc, libyaml,
 * getline): true means "fail as if that allocation had failed". Counts as one allocation. */
bool vl__alloc_fail_point(void);

/*
 * Fault injection, for tests (like SQLite's memfault): the nth allocation from now fails (n = 1:
 * the next one); with persist, every allocation after it fails too, until the next call. n <= 0
 * disarms. vl__alloc_reset also zeroes the counters: allocation calls and injected failures.
 */
void vl__alloc_fail_after(long n, bool persist);
/* Whether an allocation of this thread failed (injected or real) since the last call; clears.
 * Lets code whose check answers only yes/no (is this an education level?) tell "no" from "out of
 * memory": the importer asks before it blames a row. */
bool vl__alloc_oom_take(void);
void vl__alloc_reset(void);
unsigned long vl__alloc_calls(void);
unsigned long vl__alloc_failures(void);

/* ---- arena: many small allocations freed at once ----------------------------------------- */
typedef struct vl_arena vl_arena;
vl_arena *vl_arena_create(void);
void vl_arena_destroy(vl_arena *a); /* NULL is a no-op */
/* Zeroed memory aligned for any type; NULL on out-of-memory. */
void *vl_arena_alloc(vl_arena *a, size_t size);
char *vl_arena_strdup(vl_arena *a, const char *s); /* NULL in -> NULL out */
char *vl_arena_strndup(vl_arena *a, const char *s, size_t n);
size_t vl_arena_bytes(const vl_arena *a);

/* ---- growable buffer ----------------------------------------------------------------------- */
/* After an append fails (out of memory) the buffer is marked failed and every later append fails
 * too, so a writer may build a whole text and check `failed` once instead of after each call. */
typedef struct vl_buf {
    char *data;
    size_t len, cap;
    bool failed;
} vl_buf;
bool vl_buf_append(vl_buf *b, const char *s, size_t n);
/* The text built, or NULL when nothing was appended or an append failed: a failed buffer keeps
 * the text it had before, so `data` alone may be a text with its end missing (a key shorter than
 * the row's, an SQL statement cut off). Test this, never `data`, before using the text. */
static inline const char *vl_buf_text(const vl_buf *b)
{
    return b->failed ? NULL : b->data;
}
bool vl_buf_puts(vl_buf *b, const char *s);
bool vl_buf_printf(vl_buf *b, const char *fmt, ...) VL_PRINTF(2, 3);
void vl_buf_free(vl_buf *b);

/* ---- parallel for ------------------------------------------------------------------------- */
/*
 * Calls fn(arg, worker, begin, end) over [0, n) in chunks on vl_ctx_threads(ctx) threads
 * (worker in [0, threads)). Chunks are handed out dynamically; results must be written by index
 * so that the output does not depend on the thread count. Returns the first non-OK status a
 * call returned (the others still finish their chunk), or VL_ERR_NOMEM if threads can't start.
 */
typedef vl_status (*vl_range_fn)(void *arg, unsigned worker, size_t begin, size_t end);
vl_status vl__parallel_for(vl_ctx *ctx, size_t n, size_t chunk, vl_range_fn fn, void *arg,
                           const char *progress_stage);
unsigned vl__threads_for(const vl_ctx *ctx, size_t n, size_t chunk);

/*
 * A "C" locale object for uselocale(). vl__error, vl__diag, vl__log and vl_buf_printf already
 * format under it; any other code that formats or parses numbers with printf/strtod must too
 * (or use vl_format_double / vl_parse_double), because the process locale may be vi_VN.
 */
locale_t vl__c_locale(void);

/* ---- files an output must never replace (output.c) ------------------------------------------
 * The database a connection has open and the input an import or a history is read from, by
 * file identity (device and inode, so a link or another spelling of the path is the same file):
 * vl_output_open and a backup refuse to write over one while it is in use (`export --out` naming
 * the database would replace it with the export). on = false ends one use. A path that names no
 * file yet is not guarded; a process guards at most 64 files at once (beyond that, quietly none).
 * The use ends by the identity vl__guard_on kept, whatever became of the path since. */
typedef struct vl__file_id {
    dev_t dev;
    ino_t ino;
    bool set; /* guarded: vl__guard_off ends it */
} vl__file_id;
void vl__guard_on(const char *path, vl__file_id *id);
void vl__guard_off(vl__file_id *id);
/* Whether path names a guarded file. */
bool vl__guarded(const char *path);
/* The error for writing over one: VL_ERR_ARG naming path. */
vl_status vl__guarded_error(vl_ctx *ctx, const char *path);

/* ---- dates --------------------------------------------------------------------------------- */
/* Parses ISO 8601 "YYYY-MM-DD" strictly (real calendar dates only) into yyyymmdd. */
bool vl__parse_date(const char *s, int32_t *yyyymmdd);
/* Writes "YYYY-MM-DD" (11 bytes with NUL). */
void vl__format_date(int32_t yyyymmdd, char out[11]);
/* Whether yyyymmdd is a date vl__parse_date reads (a real calendar date). */
bool vl__date_valid(int32_t yyyymmdd);
/* Today as yyyymmdd: the centre's calendar day, in local time (the one definition of "today";
 * vl_today exports it). */
int32_t vl__today(void);
/* Days since 1970-01-01 of a yyyymmdd date. */
int64_t vl__date_days(int32_t yyyymmdd);

#endif
