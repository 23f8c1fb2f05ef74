/*
 * text.c - UTF-8 validation, NFC, folding and display width on top of utf8proc.
 *
 * utf8proc is included here only. Folding = NFC, then NFKD-free decomposition to strip marks
 * (utf8proc's STRIPMARK), case folding, then the Vietnamese letter đ/Đ (U+0111/U+0110), which
 * has no decomposition, mapped to d. White space runs collapse to one ASCII space, ends trimmed.
 */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool vl_text_valid_utf8(const char *s, size_t len, size_t *bad_offset)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

char *vl_text_nfc(const char *s)
{
    if (!s || vl__alloc_fail_point()) /* utf8proc allocates with malloc: no hooks */
        return NULL;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0)
        return NULL;
    return (char *)out;
}

/* đ/Đ and the other letters Unicode does not decompose but a Vietnamese reader equates. */
static utf8proc_int32_t fold_extra(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case 0x0110: /* Đ */
    case 0x0111: /* đ */
    case 0x0189: /* Ɖ (African D, often typed for Đ) */
    case 0x00D0: /* Ð (Icelandic eth, same shape) */
    case 0x00F0: /* ð */
        return 'd';
    default:
        return cp;
    }
}

char *vl_text_fold(const char *s)
{
    if (!s || vl__alloc_fail_point())
        return NULL;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom(
        (const utf8proc_uint8_t *)s, 0, &mapped,
        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
            UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
        fold_extra, NULL);
    if (n < 0)
        return NULL;
    /* re-compose what is left, then collapse white space */
    utf8proc_uint8_t *nfc = NULL;
    if (vl__alloc_fail_point()) {
        vl__free(mapped);
        return NULL;
    }
    utf8proc_ssize_t m =
        utf8proc_map(mapped, 0, &nfc, UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    vl__free(mapped);
    if (m < 0)
        return NULL;
    char *out = vl__malloc((size_t)m + 1);
    if (!out) {
        vl__free(nfc);
        return NULL;
    }
    size_t o = 0;
    bool space = false;
    for (utf8proc_ssize_t i = 0; i < m;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(nfc + i, m - i, &cp);
        if (k <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        bool is_space =
            cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cat == UTF8PROC_CATEGORY_ZS;
        if (is_space) {
            space = o > 0;
        } else {
            if (space)
                out[o++] = ' ';
            space = false;
            memcpy(out + o, nfc + i, (size_t)k);
            o += (size_t)k;
        }
        i += k;
    }
    out[o] = '\0';
    vl__free(nfc);
    return out;
}

size_t vl_text_width(const char *s)
{
    if (!s)
        return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t w = 0;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
    for (utf8proc_ssize_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, len - i, &cp);
        if (k <= 0) {
            i++;
            w++; /* an invalid byte shows as one replacement cell */
            continue;
        }
        w += (size_t)utf8proc_charwidth(cp);
        i += k;
    }
    return w;
}

size_t vl_text_truncate(const char *s, size_t columns, char *buf, size_t size)
{
    assert(buf && size > 0);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen((const char *)p);
    size_t w = 0, o = 0;
    for (utf8proc_ssize_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, len - i, &cp);
        if (k <= 0)
            break;
        size_t cw = (size_t)utf8proc_charwidth(cp);
        if (w + cw > columns || o + (size_t)k + 1 > size)
            break;
        memcpy(buf + o, p + i, (size_t)k);
        o += (size_t)k;
        w += cw;
        i += k;
    }
    buf[o] = '\0';
    return w;
}

/* ---- invisible characters ------------------------------------------------------------------ */

/* Bidi controls: marks, embeddings, overrides and isolates (Unicode's Bidi_Control property). */
static bool is_bidi_control(utf8proc_int32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static bool refused(utf8proc_int32_t cp, vl_text_rule rule)
{
    if (is_bidi_control(cp))
        return true;
    if (rule == VL_TEXT_NAME)
        return false;
    if (cp < 0x80) /* ASCII controls and spaces are the importer's own rules for ids */
        return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CF: /* format: U+200B, U+FEFF, U+00AD, U+2060, ... */
    case UTF8PROC_CATEGORY_CC: /* C1 controls */
    case UTF8PROC_CATEGORY_ZS: /* U+00A0 NO-BREAK SPACE and the other spaces */
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CO: /* private use: renders as nothing or as a box */
    case UTF8PROC_CATEGORY_CN: /* unassigned */
        return true;
    default:
        return false;
    }
}

uint32_t vl_text_invisible(const char *s, vl_text_rule rule)
{
    if (!s)
        return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return 0;
        if (refused(cp, rule))
            return (uint32_t)cp;
        i += (size_t)n;
    }
    return 0;
}

char *vl_text_describe(uint32_t cp, char *buf, size_t size)
{
    static const struct {
        uint32_t cp;
        const char *name;
    } known[] = {
        {0x00A0, "no-break space"},     {0x00AD, "soft hyphen"},
        {0x200B, "zero width space"},   {0x200C, "zero width non-joiner"},
        {0x200D, "zero width joiner"},  {0x200E, "left-to-right mark"},
        {0x200F, "right-to-left mark"}, {0x202E, "right-to-left override"},
        {0x2060, "word joiner"},        {0xFEFF, "zero width no-break space (byte order mark)"},
    };
    const char *what = NULL;
    for (size_t i = 0; i < VL_ARRAY_LEN(known); i++)
        if (known[i].cp == cp)
            what = known[i].name;
    if (!what)
        what = is_bidi_control((utf8proc_int32_t)cp) ? "a bidi control"
               : utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS
                   ? "a space"
                   : "an invisible character";
    snprintf(buf, size, "U+%04X (%s)", (unsigned)cp, what);
    return buf;
}
