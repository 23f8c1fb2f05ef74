/*
 * typist.c - writes a Vietnamese label the ways people type it into spreadsheets: decomposed
 * (NFD, as some macOS and Unikey settings produce), upper case, lower case, without diacritics,
 * and with stray spaces, so that importing and matching must fold labels to compare them.
 *
 * The letter table is derived, not typed in: for every vowel, vowel modifier (breve, circumflex,
 * horn) and tone mark, the decomposed sequence is composed with vl_text_nfc to find the
 * precomposed letter, in lower and upper case. đ/Đ have no decomposition and are added by hand.
 */
#include "gen/internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct letter {
    uint32_t cp;   /* the precomposed letter */
    char lower[5]; /* NFC, lower case */
    char upper[5]; /* NFC, upper case */
    char nfd[12];  /* decomposed, this letter's case, marks in canonical order */
    char plain;    /* the base letter, this letter's case */
} letter;

#define MAX_LETTERS 160

struct gen_typist {
    letter letters[MAX_LETTERS];
    size_t n;
};

/* UTF-8 of one code point; returns its length. */
static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Decodes one code point of valid UTF-8 at s; *len receives its byte length. */
static uint32_t get_utf8(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Canonical combining class of the marks used here (horn 216, dot below 220, others 230). */
static int ccc(uint32_t mark)
{
    return mark == 0x031B ? 216 : mark == 0x0323 ? 220 : 230;
}

static bool compose_one(const char *nfd, char *out5, uint32_t *cp)
{
    char *nfc = vl_text_nfc(nfd);
    if (!nfc)
        return false;
    size_t len = strlen(nfc), k;
    bool ok = len > 0 && len < 5;
    if (ok) {
        *cp = get_utf8((const unsigned char *)nfc, &k);
        ok = k == len; /* a single precomposed letter */
        memcpy(out5, nfc, len + 1);
    }
    vl__free(nfc);
    return ok;
}

gen_typist *gen_typist_create(void)
{
    gen_typist *t = vl__calloc(1, sizeof *t);
    if (!t)
        return NULL;
    static const struct {
        char base;
        uint32_t mods[4]; /* 0-terminated; the first 0 stands for "no modifier" */
    } vowels[] = {
        {'a', {0, 0x0306, 0x0302, 0}}, {'e', {0, 0x0302, 0, 0}}, {'i', {0, 0, 0, 0}},
        {'o', {0, 0x0302, 0x031B, 0}}, {'u', {0, 0x031B, 0, 0}}, {'y', {0, 0, 0, 0}},
    };
    static const uint32_t tones[] = {0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323};
    for (size_t v = 0; v < VL_ARRAY_LEN(vowels); v++) {
        for (size_t m = 0; m < 4; m++) {
            uint32_t mod = vowels[v].mods[m];
            if (m > 0 && mod == 0)
                break;
            for (size_t k = 0; k < VL_ARRAY_LEN(tones); k++) {
                uint32_t tone = tones[k];
                if (!mod && !tone)
                    continue; /* plain ASCII */
                uint32_t marks[2] = {mod, tone};
                size_t nm = 0;
                uint32_t seq[2];
                for (size_t i = 0; i < 2; i++)
                    if (marks[i])
                        seq[nm++] = marks[i];
                if (nm == 2 && ccc(seq[0]) > ccc(seq[1])) { /* canonical ordering */
                    uint32_t tmp = seq[0];
                    seq[0] = seq[1];
                    seq[1] = tmp;
                }
                char nfd_l[12], nfd_u[12];
                size_t o = 0;
                nfd_l[o++] = vowels[v].base;
                for (size_t i = 0; i < nm; i++)
                    o += put_utf8(nfd_l + o, seq[i]);
                nfd_l[o] = '\0';
                memcpy(nfd_u, nfd_l, o + 1);
                nfd_u[0] = (char)(vowels[v].base - 'a' + 'A');
                letter lo = {0}, up = {0};
                if (!compose_one(nfd_l, lo.lower, &lo.cp) || !compose_one(nfd_u, up.upper, &up.cp))
                    continue; /* not a precomposed letter in Unicode */
                memcpy(lo.upper, up.upper, sizeof lo.upper);
                memcpy(up.lower, lo.lower, sizeof up.lower);
                memcpy(lo.nfd, nfd_l, sizeof lo.nfd);
                memcpy(up.nfd, nfd_u, sizeof up.nfd);
                lo.plain = vowels[v].base;
                up.plain = nfd_u[0];
                assert(t->n + 2 <= MAX_LETTERS);
                t->letters[t->n++] = lo;
                t->letters[t->n++] = up;
            }
        }
    }
    /* đ and Đ: no decomposition; their "NFD" is themselves */
    letter dl = {0x0111, "\xC4\x91", "\xC4\x90", "\xC4\x91", 'd'};
    letter du = {0x0110, "\xC4\x91", "\xC4\x90", "\xC4\x90", 'D'};
    t->letters[t->n++] = dl;
    t->letters[t->n++] = du;
    return t;
}

void gen_typist_destroy(gen_typist *t)
{
    vl__free(t);
}

static const letter *find_letter(const gen_typist *t, uint32_t cp)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->letters[i].cp == cp)
            return &t->letters[i];
    return NULL;
}

char *gen_typist_type(const gen_typist *t, vl_arena *a, const char *label, gen_typing how)
{
    size_t len = strlen(label);
    vl_buf b = {0};
    if (how == GEN_TYPE_SPACES && !vl_buf_puts(&b, " "))
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t k;
        uint32_t cp = get_utf8((const unsigned char *)label + i, &k);
        const letter *l = cp >= 0x80 ? find_letter(t, cp) : NULL;
        char tmp[12];
        const char *piece = label + i;
        size_t plen = k;
        if (cp < 0x80) {
            char c = (char)cp;
            if (how == GEN_TYPE_UPPER && c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            else if ((how == GEN_TYPE_LOWER || how == GEN_TYPE_PLAIN) && c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            tmp[0] = c;
            piece = tmp;
            plen = 1;
            if (how == GEN_TYPE_SPACES && c == ' ') {
                tmp[1] = ' ';
                plen = 2;
            }
        } else if (l) {
            switch (how) {
            case GEN_TYPE_NFD:
                piece = l->nfd;
                break;
            case GEN_TYPE_UPPER:
                piece = l->upper;
                break;
            case GEN_TYPE_LOWER:
                piece = l->lower;
                break;
            case GEN_TYPE_PLAIN:
                tmp[0] =
                    l->plain >= 'A' && l->plain <= 'Z' ? (char)(l->plain - 'A' + 'a') : l->plain;
                piece = tmp;
                plen = 1;
                break;
            default:
                break;
            }
            if (piece != tmp && piece != label + i)
                plen = strlen(piece);
        }
        if (!vl_buf_append(&b, piece, plen)) {
            vl_buf_free(&b);
            return NULL;
        }
        i += k;
    }
    if (how == GEN_TYPE_SPACES && !vl_buf_puts(&b, " ")) {
        vl_buf_free(&b);
        return NULL;
    }
    char *out = vl_arena_strndup(a, b.data ? b.data : "", b.len);
    vl_buf_free(&b);
    return out;
}

gen_typing gen_typing_draw(gen_rng *r)
{
    /* shares in percent, in gen_typing order: as written, NFD, upper, lower, plain, spaces */
    static const int w[GEN_TYPE_COUNT] = {50, 10, 8, 10, 14, 8};
    return (gen_typing)gen_rng_pick_int(r, w, GEN_TYPE_COUNT);
}
