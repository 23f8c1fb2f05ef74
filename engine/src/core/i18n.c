/*
 * i18n.c - the language of messages: one gettext domain ("vieclam") for the library and every
 * front end, bound to the installed catalogue, and the process's choice of language (vi or en);
 * and where the installed data lives (vl_datadir).
 *
 * Translation happens when a message is created, never at display: vl__error, vl__diag and
 * vl__log look their format string up here before formatting it (the arguments are filled in
 * after), so the text kept on a context is already in the chosen language, and so are the
 * strings a front end marks with _(). docs/architecture.md ("Messages and languages") has the
 * convention. The choice is process-wide, made once at start (vl_language_set) or, when a
 * program never makes it, taken on first use from $VIECLAM_LANG, else from the locale.
 */
#include "core/core.h"

#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifndef VL_LOCALEDIR
#define VL_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef VL_DATADIR
#define VL_DATADIR "/usr/local/share/vieclam"
#endif

/*
 * Where the installed data is (models/, sample/, reference/, web/): the configured directory,
 * never the source tree, unless $VIECLAM_DATADIR says otherwise (a build tree's data/, a
 * staged install). Beside the catalogue's directory because both are install locations.
 */
const char *vl_datadir(void)
{
    const char *d = getenv("VIECLAM_DATADIR");
    return d && *d ? d : VL_DATADIR;
}

static pthread_once_t bind_once = PTHREAD_ONCE_INIT;
static pthread_once_t lang_once = PTHREAD_ONCE_INIT;
/* true: messages are looked up in the Vietnamese catalogue; false: the English msgids */
static bool lang_vi;
static bool lang_chosen;

const char *vl_localedir(void)
{
    const char *d = getenv("VIECLAM_LOCALEDIR");
    return d && *d ? d : VL_LOCALEDIR;
}

static void bind_domain(void)
{
    bindtextdomain(VL_TEXTDOMAIN, vl_localedir());
    /* the catalogue is UTF-8 and so is every output of vieclam, whatever LC_CTYPE says */
    bind_textdomain_codeset(VL_TEXTDOMAIN, "UTF-8");
}

static bool starts_vi(const char *s)
{
    return s && s[0] == 'v' && s[1] == 'i' &&
           (s[2] == '\0' || s[2] == '_' || s[2] == '.' || s[2] == '@' || s[2] == ':');
}

/*
 * Vietnamese when the messages locale is (vi_VN.UTF-8, vi), or when LANGUAGE starts with vi
 * under a locale that is not C (gettext ignores LANGUAGE under C, and so do we).
 */
static bool locale_is_vi(void)
{
    const char *m = setlocale(LC_MESSAGES, NULL);
    if (starts_vi(m))
        return true;
    bool c = !m || strcmp(m, "C") == 0 || strcmp(m, "POSIX") == 0;
    return !c && starts_vi(getenv("LANGUAGE"));
}

/*
 * gettext finds the vi catalogue by LANGUAGE, which it honours only under a locale other than
 * C; C.UTF-8 is built into glibc, so forcing Vietnamese never depends on vi_VN being installed.
 */
static void apply(bool vi)
{
    lang_vi = vi;
    lang_chosen = true;
    if (!vi)
        return; /* English is the msgids themselves: nothing to look up */
    setenv("LANGUAGE", "vi", 1);
    const char *m = setlocale(LC_MESSAGES, NULL);
    if (!m || strcmp(m, "C") == 0 || strcmp(m, "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
}

/* $VIECLAM_LANG when it says vi or en, else the locale's */
static bool default_vi(void)
{
    const char *e = getenv("VIECLAM_LANG");
    if (e && strcmp(e, "vi") == 0)
        return true;
    if (e && strcmp(e, "en") == 0)
        return false;
    return locale_is_vi();
}

static void choose_default(void)
{
    if (!lang_chosen)
        apply(default_vi());
}

vl_status vl_language_set(const char *lang)
{
    pthread_once(&bind_once, bind_domain);
    if (!lang || !*lang) {
        apply(default_vi());
        return VL_OK;
    }
    if (strcmp(lang, "vi") == 0)
        apply(true);
    else if (strcmp(lang, "en") == 0)
        apply(false);
    else
        return VL_ERR_ARG;
    return VL_OK;
}

const char *vl_language(void)
{
    pthread_once(&lang_once, choose_default);
    return lang_vi ? "vi" : "en";
}

const char *vl_gettext(const char *msgid)
{
    if (!msgid || !*msgid)
        return msgid; /* "" would return the catalogue's header */
    pthread_once(&bind_once, bind_domain);
    pthread_once(&lang_once, choose_default);
    return lang_vi ? dgettext(VL_TEXTDOMAIN, msgid) : msgid;
}

/*
 * Vietnamese for one context while the process speaks English: gettext reads the language from
 * the thread's LC_MESSAGES, so the lookup runs under a locale object of vi_VN.UTF-8 (built once;
 * without that locale installed such a context gets English, as the process does).
 */
static pthread_once_t vi_once = PTHREAD_ONCE_INIT;
static locale_t vi_locale = (locale_t)0;

static void make_vi_locale(void)
{
    vi_locale = newlocale(LC_MESSAGES_MASK, "vi_VN.UTF-8", (locale_t)0);
    if (!vi_locale)
        vi_locale = newlocale(LC_MESSAGES_MASK, "vi_VN.utf8", (locale_t)0);
}

const char *vl_gettext_lang(const char *lang, const char *msgid)
{
    if (!lang || !msgid || !*msgid)
        return vl_gettext(msgid);
    if (strcmp(lang, "vi") != 0)
        return msgid; /* English, or a language without a catalogue */
    pthread_once(&bind_once, bind_domain);
    pthread_once(&lang_once, choose_default);
    if (lang_vi)
        return dgettext(VL_TEXTDOMAIN, msgid);
    pthread_once(&vi_once, make_vi_locale);
    if (!vi_locale)
        return msgid;
    locale_t old = uselocale(vi_locale);
    const char *t = dgettext(VL_TEXTDOMAIN, msgid);
    uselocale(old);
    return t;
}

const char *vl__tr(const vl_ctx *ctx, const char *msgid)
{
    return vl_gettext_lang(vl__ctx_lang(ctx), msgid);
}

const char *vl_ctx_gettext(const vl_ctx *ctx, const char *msgid)
{
    return vl__tr(ctx, msgid);
}

const char *vl_ngettext(const char *one, const char *many, unsigned long n)
{
    pthread_once(&bind_once, bind_domain);
    pthread_once(&lang_once, choose_default);
    if (!lang_vi)
        return n == 1 ? one : many;
    return dngettext(VL_TEXTDOMAIN, one, many, n);
}
