/*
 * vieclam.h - the public entry point of libvieclam: the context, status codes, version.
 *
 * Every operation of the library takes a vl_ctx. The context owns the last detailed error
 * message, a list of diagnostics (every problem found in one input, for imports), the log and
 * progress handlers, and settings such as the thread count. The library never prints and
 * never aborts: it returns a vl_status and leaves the details on the context.
 *
 * This header includes every other public header, so a program needs only this one.
 */
#ifndef VIECLAM_VIECLAM_H
#define VIECLAM_VIECLAM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vl_log_level {
    VL_LOG_DEBUG = 0,
    VL_LOG_INFO,
    VL_LOG_WARNING,
    VL_LOG_ERROR
} vl_log_level;

/* Receives log lines. Messages never hold personal data (names, birth years, contacts). */
typedef void (*vl_log_fn)(void *userdata, vl_log_level level, const char *message);

/* Receives progress of long operations: done out of total units of the named stage. */
typedef void (*vl_progress_fn)(void *userdata, const char *stage, size_t done, size_t total);

VL_EXPORT const char *vl_version(void);

/* A short, constant English description of a status code (vl_gettext translates it). */
VL_EXPORT const char *vl_strerror(vl_status status);

/*
 * The language of messages: Vietnamese ("vi") or English ("en"). The library translates every
 * message (errors, diagnostics, log lines) when it creates it, through gettext (domain
 * "vieclam", the catalogue installed under the locale directory, or $VIECLAM_LOCALEDIR), so
 * a message kept on a context is already in the language chosen at that moment.
 *
 * vl_language_set chooses it for the whole process: "vi", "en", or NULL for the default:
 * $VIECLAM_LANG when it is "vi" or "en", else the locale's (Vietnamese when LC_MESSAGES is
 * Vietnamese, English otherwise). Call it once at start,
 * after setlocale(LC_ALL, "") and before any other thread runs: it may set LANGUAGE and
 * LC_MESSAGES so gettext finds the Vietnamese catalogue. VL_ERR_ARG for another language.
 * A program that never calls it gets the default on first use.
 */
VL_EXPORT vl_status vl_language_set(const char *lang);
/* "vi" or "en": the language messages are written in. */
VL_EXPORT const char *vl_language(void);
/* msgid translated into the chosen language (front ends share the catalogue: their _()). */
VL_EXPORT const char *vl_gettext(const char *msgid);
/* The singular or plural form for n, translated. */
VL_EXPORT const char *vl_ngettext(const char *one, const char *many, unsigned long n);
/*
 * One context in another language than the process's (a server answering each user in theirs):
 * "vi", "en", or NULL to follow the process. Messages the context creates are then in it, and
 * vl_ctx_gettext translates a front end's own strings the same way. A Vietnamese context in an
 * English process needs the vi_VN.UTF-8 locale installed (gettext reads the language from it);
 * without it the context speaks English. VL_ERR_ARG for another language.
 */
VL_EXPORT vl_status vl_ctx_set_language(vl_ctx *ctx, const char *lang);
VL_EXPORT const char *vl_ctx_gettext(const vl_ctx *ctx, const char *msgid);
/*
 * msgid translated into the language lang ("vi", "en", or NULL for the process's), whatever the
 * process speaks: a front end's own string for one user without a context at hand (a server's
 * answer before it has one). The same rules as a context in that language (vl_ctx_set_language);
 * another language gets msgid itself.
 */
VL_EXPORT const char *vl_gettext_lang(const char *lang, const char *msgid);
/*
 * The directory of vieclam's installed data: models/ (matching.yaml, fair.yaml, ...), sample/
 * (the demo's data), reference/ (the reference CSV files), web/ (the desk). $VIECLAM_DATADIR
 * when set, else the configured <datadir>/vieclam; never the source tree.
 */
VL_EXPORT const char *vl_datadir(void);
/* The directory the message catalogue is read from: $VIECLAM_LOCALEDIR, else the configured one. */
VL_EXPORT const char *vl_localedir(void);

VL_EXPORT vl_status vl_ctx_create(vl_ctx **out);
VL_EXPORT void vl_ctx_destroy(vl_ctx *ctx); /* NULL is a no-op */

/* The detailed message of the last failure ("" when none). Valid until the next call. */
VL_EXPORT const char *vl_ctx_errmsg(const vl_ctx *ctx);
VL_EXPORT vl_status vl_ctx_status(const vl_ctx *ctx);
VL_EXPORT void vl_ctx_clear_error(vl_ctx *ctx);

/*
 * Diagnostics: every problem found in one input ("FILE:LINE: column NAME: reason"), in the
 * order found. An operation that fails with VL_ERR_INVALID leaves its list here; the list is
 * cleared when the next operation starts one.
 */
VL_EXPORT size_t vl_ctx_diag_count(const vl_ctx *ctx);
VL_EXPORT const char *vl_ctx_diag(const vl_ctx *ctx, size_t i);
/* Diagnostics kept at most (the count still counts all); default 1000. */
VL_EXPORT void vl_ctx_set_diag_limit(vl_ctx *ctx, size_t limit);

VL_EXPORT void vl_ctx_set_log(vl_ctx *ctx, vl_log_fn fn, void *userdata, vl_log_level min);
VL_EXPORT void vl_ctx_set_progress(vl_ctx *ctx, vl_progress_fn fn, void *userdata);

/* Worker threads for parallel operations; 0 = number of online processors (default). */
VL_EXPORT void vl_ctx_set_threads(vl_ctx *ctx, unsigned threads);
VL_EXPORT unsigned vl_ctx_threads(const vl_ctx *ctx);

/*
 * Locale-independent number text. vl_parse_double accepts only [-+]digits[.digits][e[-+]digits]
 * (never a decimal comma, hex, inf or nan) and returns false otherwise. vl_format_double writes
 * "%.*g"-like text with a '.' whatever the process locale is; it returns buf.
 */
VL_EXPORT bool vl_parse_double(const char *text, double *out);
VL_EXPORT bool vl_parse_long(const char *text, long long *out);
VL_EXPORT char *vl_format_double(char *buf, size_t size, double value, int precision);
/* Fixed notation with `decimals` digits after the point ('.' in every locale). */
VL_EXPORT char *vl_format_fixed(char *buf, size_t size, double value, int decimals);
/* An ISO 8601 date "YYYY-MM-DD" (a real calendar date, years 1900..2200) as yyyymmdd. */
VL_EXPORT bool vl_parse_date(const char *text, int32_t *yyyymmdd);
/* Today as yyyymmdd: the centre's calendar day in local time. Every "0 = today" of the API
 * means this day. */
VL_EXPORT int32_t vl_today(void);
/* A time as vieclam stores it, in UTC ("2026-12-06T00:58:47Z"), broken down in the local time
 * zone (the centre's, as vl_today): 07:58:47 on the 6th in Vietnam. False, *local untouched,
 * when the text is not such a time. */
struct tm;
VL_EXPORT bool vl_time_local(const char *utc, struct tm *local);
/*
 * For people, never for files that are read back: a number grouped by thousands in the
 * language's style ("vi": 1.234.567,5; "en": 1,234,567.5; NULL: vl_language()), "−" for minus,
 * "–" when not finite; a date yyyymmdd as dd/mm/yyyy (vi) or YYYY-MM-DD (en), "" for 0.
 */
VL_EXPORT char *vl_format_number(char *buf, size_t size, double value, int decimals,
                                 const char *lang);
VL_EXPORT char *vl_format_date_text(char *buf, size_t size, int32_t yyyymmdd, const char *lang);
/* A stored UTC time for people, in the local time zone (vl_time_local): the date as
 * vl_format_date_text writes it and the minute ("06/12/2026 07:58" in Vietnam, vi); any other
 * text is copied as it is. Returns buf. */
VL_EXPORT char *vl_format_time_text(char *buf, size_t size, const char *utc, const char *lang);

#ifdef __cplusplus
}
#endif

#include <vieclam/data.h>
#include <vieclam/text.h>
#include <vieclam/ref.h>
#include <vieclam/history.h>
#include <vieclam/store.h>
#include <vieclam/placement.h>
#include <vieclam/areas.h>
#include <vieclam/activity.h>
#include <vieclam/gen.h>
#include <vieclam/match.h>
#include <vieclam/learn.h>
#include <vieclam/fair.h>
#include <vieclam/forecast.h>
#include <vieclam/report.h>
#include <vieclam/output.h>
#include <vieclam/sheet.h>
#include <vieclam/auth.h>

#endif
