/*
 * geo.c - search keys of area names. A name is folded (vl_text_fold: NFC, case, diacritics,
 * đ -> d, spaces collapsed), then every character that is not a letter or digit becomes a
 * space, so hyphens and dots in names ("Văn Miếu - Quốc Tử Giám") never decide a match. The
 * short key also drops the type word that starts the official names; the list covers every
 * type in the 2025 and pre-reform lists.
 */
#include "ref/geo.h"

#include <stdlib.h>
#include <string.h>

#include <vieclam/text.h>

/* Folded type words, longest first where one starts another ("thi xa" before "thi tran"...). */
static const char *const type_words[] = {
    "thanh pho", "thi tran", "thi xa", "dac khu", "phuong", "huyen", "quan", "tinh", "xa",
};

char *vl__area_key(const char *name, bool strip_type)
{
    char *f = vl_text_fold(name ? name : "");
    if (!f)
        return NULL;
    /* punctuation -> space, then collapse (the fold already collapsed white space) */
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; f[i]; i++) {
        unsigned char c = (unsigned char)f[i];
        bool word = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
        if (!word) {
            space = o > 0;
            continue;
        }
        if (space)
            f[o++] = ' ';
        space = false;
        f[o++] = (char)c;
    }
    f[o] = '\0';
    if (strip_type) {
        for (size_t k = 0; k < sizeof type_words / sizeof type_words[0]; k++) {
            size_t n = strlen(type_words[k]);
            /* only a whole leading word with a name after it: "xa" alone stays "xa" */
            if (strncmp(f, type_words[k], n) == 0 && f[n] == ' ' && f[n + 1]) {
                memmove(f, f + n + 1, strlen(f + n + 1) + 1);
                break;
            }
        }
    }
    return f;
}
