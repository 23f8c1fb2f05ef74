/*
 * occupations.c - the occupation classification as the rest of vieclam sees it (ref.h): the
 * ISCO-08 structure joined with the Vietnamese titles (isco08_titles_vi), built once on first
 * use from the compiled-in tables, and the search by code prefix or folded title words.
 *
 * Invariant: occ[] is sorted by code (byte order), so a code is found by binary search and a
 * major group comes before its sub-groups. The table is built under pthread_once and never
 * changes after; a failed allocation leaves it empty, and every later call sees it empty.
 */
#include "core/core.h"
#include "ref/ref.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static vl_occupation *occ;
static size_t n_occ;
static pthread_once_t occ_once = PTHREAD_ONCE_INIT;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const vl_occupation *)a)->code, ((const vl_occupation *)b)->code);
}

static void build(void)
{
    const vl_ref_table *isco = vl__ref_table("isco08_structure");
    const vl_ref_table *vi = vl__ref_table("isco08_titles_vi");
    if (!isco || !vi)
        return;
    vl_occupation *o = vl__calloc(isco->n_rows, sizeof *o);
    if (!o)
        return;
    long c_code = vl__ref_column(isco, "code"), c_parent = vl__ref_column(isco, "parent_code"),
         c_title = vl__ref_column(isco, "title_en");
    long v_code = vl__ref_column(vi, "code"), v_title = vl__ref_column(vi, "title_vi"),
         v_source = vl__ref_column(vi, "source");
    for (size_t i = 0; i < isco->n_rows; i++) {
        const char *code = vl__ref_cell(isco, i, c_code), *parent = vl__ref_cell(isco, i, c_parent);
        o[i].code = code;
        o[i].level = (int)strlen(code);
        o[i].parent = *parent ? parent : NULL;
        o[i].title_en = vl__ref_cell(isco, i, c_title);
        o[i].title_vi = o[i].title_en; /* replaced below; the data test proves every code has one */
    }
    qsort(o, isco->n_rows, sizeof *o, cmp_code);
    for (size_t r = 0; r < vi->n_rows; r++) {
        vl_occupation key = {.code = vl__ref_cell(vi, r, v_code)};
        vl_occupation *hit = bsearch(&key, o, isco->n_rows, sizeof *o, cmp_code);
        if (!hit)
            continue;
        hit->title_vi = vl__ref_cell(vi, r, v_title);
        hit->vi_official = strcmp(vl__ref_cell(vi, r, v_source), "VSCO-2020") == 0;
    }
    occ = o;
    n_occ = isco->n_rows;
}

size_t vl_occupation_count(void)
{
    pthread_once(&occ_once, build);
    return n_occ;
}

const vl_occupation *vl_occupation_at(size_t i)
{
    pthread_once(&occ_once, build);
    return i < n_occ ? &occ[i] : NULL;
}

const vl_occupation *vl_occupation_get(const char *code)
{
    pthread_once(&occ_once, build);
    if (!code || !occ)
        return NULL;
    vl_occupation key = {.code = code};
    return bsearch(&key, occ, n_occ, sizeof *occ, cmp_code);
}

const char *vl_occupation_title(const char *code, const char *lang)
{
    const vl_occupation *o = vl_occupation_get(code);
    if (!o)
        return NULL;
    if (!lang)
        lang = vl_language();
    return strcmp(lang, "en") == 0 ? o->title_en : o->title_vi;
}

/* ---- search -------------------------------------------------------------------------------- */

/* Folded text is split into words at every ASCII byte that is not a letter or digit. */
static bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* How a folded query word occurs in folded text: 2 as a whole word, 1 as a word's start, 0 not. */
static int word_in(const char *text, const char *w, size_t wlen)
{
    int best = 0;
    for (const char *p = text; *p;) {
        while (*p && !word_byte((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && word_byte((unsigned char)*p))
            p++;
        size_t len = (size_t)(p - s);
        if (len >= wlen && memcmp(s, w, wlen) == 0) {
            if (len == wlen)
                return 2;
            best = 1;
        }
    }
    return best;
}

/* The folded query as a run of whole words of the text (its words in order, adjacent). */
static bool phrase_in(const char *text, const char *q)
{
    size_t ql = strlen(q);
    for (const char *p = strstr(text, q); p; p = strstr(p + 1, q)) {
        bool start = p == text || !word_byte((unsigned char)p[-1]);
        bool end = !word_byte((unsigned char)p[ql]);
        if (start && end)
            return true;
    }
    return false;
}

typedef struct hit {
    const vl_occupation *o;
    int phrase;  /* 0 when the whole query is a phrase of a title */
    int partial; /* words matched only by their start */
} hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->phrase != y->phrase)
        return x->phrase - y->phrase;
    if (x->partial != y->partial)
        return x->partial - y->partial;
    if (x->o->level != y->o->level)
        return y->o->level - x->o->level;
    return strcmp(x->o->code, y->o->code);
}

/* The query's words, NUL-separated in place; returns their count. */
static size_t split_words(char *q, char **words, size_t max)
{
    size_t n = 0;
    for (char *p = q; *p;) {
        while (*p && !word_byte((unsigned char)*p))
            *p++ = '\0';
        if (!*p)
            break;
        if (n < max)
            words[n++] = p;
        while (*p && word_byte((unsigned char)*p))
            p++;
    }
    return n;
}

static bool all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Scores one occupation against the query words on both titles; false when it does not match. */
static bool match_titles(const char *fold_vi, const char *fold_en, const char *phrase, char **words,
                         size_t nw, hit *h)
{
    const char *titles[2] = {fold_vi, fold_en};
    bool found = false;
    for (int t = 0; t < 2; t++) {
        int partial = 0;
        size_t k = 0;
        for (; k < nw; k++) {
            int m = word_in(titles[t], words[k], strlen(words[k]));
            if (!m)
                break;
            partial += m == 1;
        }
        if (k < nw)
            continue;
        int ph = phrase_in(titles[t], phrase) ? 0 : 1;
        if (!found || ph < h->phrase || (ph == h->phrase && partial < h->partial)) {
            h->phrase = ph;
            h->partial = partial;
        }
        found = true;
    }
    return found;
}

vl_status vl_occupation_search(vl_ctx *ctx, const char *text, size_t max, const vl_occupation **out,
                               size_t *n, size_t *total)
{
    *n = 0;
    if (total)
        *total = 0;
    pthread_once(&occ_once, build);
    if (!occ)
        return vl__error(ctx, VL_ERR_NOMEM, "the occupation table could not be built");
    char *q = vl_text_fold(text ? text : "");
    if (!q)
        return vl__error(ctx, VL_ERR_ARG, "the search text is not valid UTF-8");
    char *phrase = vl__strdup(q);
    hit *hits = vl__calloc(n_occ, sizeof *hits);
    char *words[32];
    size_t nw = phrase && hits ? split_words(q, words, VL_ARRAY_LEN(words)) : 0;
    vl_status st = VL_OK;
    if (!phrase || !hits)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory searching occupations");
    else if (nw == 0)
        st = vl__error(ctx, VL_ERR_ARG, "give a code or some words of an occupation's title");
    size_t nh = 0;
    bool code_query = nw == 1 && all_digits(words[0]);
    for (size_t i = 0; st == VL_OK && i < n_occ; i++) {
        hit h = {.o = &occ[i]};
        if (code_query) {
            if (strncmp(occ[i].code, words[0], strlen(words[0])) != 0)
                continue;
            h.phrase = strcmp(occ[i].code, words[0]) == 0 ? 0 : 1;
            hits[nh++] = h;
            continue;
        }
        char *fv = vl_text_fold(occ[i].title_vi), *fe = vl_text_fold(occ[i].title_en);
        if (!fv || !fe)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory searching occupations");
        else if (match_titles(fv, fe, phrase, words, nw, &h))
            hits[nh++] = h;
        vl__free(fv);
        vl__free(fe);
    }
    if (st == VL_OK) {
        /* word starts are a fallback: when some titles hold every word whole, only those */
        int least = INT32_MAX;
        for (size_t i = 0; i < nh; i++)
            least = hits[i].partial < least ? hits[i].partial : least;
        size_t kept = 0;
        for (size_t i = 0; i < nh; i++)
            if (hits[i].partial == least)
                hits[kept++] = hits[i];
        nh = kept;
        qsort(hits, nh, sizeof *hits, cmp_hit);
        for (size_t i = 0; i < nh && i < max; i++)
            out[(*n)++] = hits[i].o;
        if (total)
            *total = nh;
    }
    vl__free(hits);
    vl__free(phrase);
    vl__free(q);
    return st;
}
