/*
 * period.c - period text for history records: "2024Q1" (quarterly), "2024-03" (monthly) and
 * "2024" (yearly), parsed strictly, and their positions on a time line.
 */
#include "core/core.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

bool vl_period_parse(const char *t, vl_period *out)
{
    if (!t)
        return false;
    size_t n = strlen(t);
    if (n < 4 || !digits(t, 4))
        return false;
    int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    if (year < 1800 || year > 2200)
        return false;
    vl_period p = {0, year, 1};
    if (n == 4) {
        p.freq = 1;
    } else if (n == 6 && (t[4] == 'Q' || t[4] == 'q') && t[5] >= '1' && t[5] <= '4') {
        p.freq = 4;
        p.sub = t[5] - '0';
    } else if (n == 7 && t[4] == '-' && digits(t + 5, 2)) {
        p.freq = 12;
        p.sub = (t[5] - '0') * 10 + (t[6] - '0');
        if (p.sub < 1 || p.sub > 12)
            return false;
    } else {
        return false;
    }
    *out = p;
    return true;
}

char *vl_period_format(vl_period p, char *buf, size_t size)
{
    if (p.freq == 4)
        snprintf(buf, size, "%04dQ%d", p.year, p.sub);
    else if (p.freq == 12)
        snprintf(buf, size, "%04d-%02d", p.year, p.sub);
    else
        snprintf(buf, size, "%04d", p.year);
    return buf;
}

long vl_period_index(vl_period p)
{
    int f = p.freq > 0 ? p.freq : 1;
    return (long)p.year * f + (p.sub - 1);
}

vl_period vl_period_from_index(int freq, long index)
{
    int f = freq > 0 ? freq : 1;
    vl_period p = {f, (int)(index / f), (int)(index % f) + 1};
    return p;
}

/* ---- periods as people write them ----------------------------------------------------------- */

/*
 * Folds text into lower-case ASCII for vl_period_read: the Vietnamese letters its words use
 * (Quý, Tháng, Năm; precomposed or with combining marks) lose their marks, spaces and tabs
 * collapse to one space, the ends are trimmed. False for anything else outside ASCII or text
 * longer than the buffer.
 */
static bool fold_period_text(const char *t, char *out, size_t size)
{
    size_t o = 0;
    bool space = true; /* drops leading spaces and repeated ones */
    for (const unsigned char *s = (const unsigned char *)t; *s;) {
        char c;
        if (s[0] < 0x80) {
            c = (char)tolower(s[0]);
            s++;
        } else if (s[0] == 0xc3 && (s[1] == 0xbd || s[1] == 0x9d)) { /* ý Ý */
            c = 'y';
            s += 2;
        } else if (s[0] == 0xc3 && (s[1] == 0xa1 || s[1] == 0x81)) { /* á Á */
            c = 'a';
            s += 2;
        } else if (s[0] == 0xc4 && (s[1] == 0x83 || s[1] == 0x82)) { /* ă Ă */
            c = 'a';
            s += 2;
        } else if (s[0] == 0xcc && (s[1] == 0x81 || s[1] == 0x86)) { /* combining acute, breve */
            s += 2;
            continue;
        } else if (s[0] == 0xc2 && s[1] == 0xa0) { /* a no-break space */
            c = ' ';
            s += 2;
        } else {
            return false;
        }
        if (c == '\t' || c == ' ') {
            if (space)
                continue;
            space = true;
            c = ' ';
        } else {
            space = false;
        }
        if (o + 1 >= size)
            return false;
        out[o++] = c;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return true;
}

static bool word(const char **s, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(*s, w, n) != 0)
        return false;
    *s += n;
    return true;
}

static void spaces(const char **s)
{
    while (**s == ' ')
        (*s)++;
}

/* A quarter or month number: 1-2 digits, or Roman I to XII; 0 when none. */
static int sub_number(const char **s)
{
    static const char *const roman[] = {"xii", "xi", "x",   "viii", "vii", "vi",
                                        "iv",  "v",  "iii", "ii",   "i"};
    static const int value[] = {12, 11, 10, 8, 7, 6, 4, 5, 3, 2, 1};
    const char *p = *s;
    if (isdigit((unsigned char)p[0])) {
        int v = p[0] - '0';
        p++;
        if (isdigit((unsigned char)p[0]))
            v = v * 10 + (*p++ - '0');
        if (isdigit((unsigned char)p[0]))
            return 0;
        *s = p;
        return v;
    }
    for (size_t i = 0; i < VL_ARRAY_LEN(roman); i++) {
        size_t n = strlen(roman[i]);
        if (strncmp(p, roman[i], n) == 0 && !isalpha((unsigned char)p[n])) {
            *s = p + n;
            return value[i];
        }
    }
    return 0;
}

/* A year of four digits ending the text. */
static int year_at_end(const char *s)
{
    if (strlen(s) != 4 || !digits(s, 4))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return y >= 1800 && y <= 2200 ? y : 0;
}

/* What may stand between a quarter or month and its year: spaces, "năm", one of / - . */
static void separator(const char **s)
{
    spaces(s);
    (void)word(s, "nam");
    spaces(s);
    if (**s == '/' || **s == '-' || **s == '.')
        (*s)++;
    spaces(s);
    (void)word(s, "nam");
    spaces(s);
}

bool vl_period_read(const char *t, vl_period *out)
{
    if (vl_period_parse(t, out))
        return true;
    char buf[48];
    if (!t || !fold_period_text(t, buf, sizeof buf) || !*buf)
        return false;
    if (vl_period_parse(buf, out)) /* "2024q1", spaces around it */
        return true;
    const char *s = buf;
    vl_period p = {0, 0, 1};
    if (word(&s, "quy") || word(&s, "q")) { /* Quý 1/2024, Quý I năm 2024, Q1/2024, Q1-2024 */
        spaces(&s);
        p.freq = 4;
    } else if (word(&s, "thang") || word(&s, "t")) { /* Tháng 3/2024, T3/2024 */
        spaces(&s);
        p.freq = 12;
    } else if (word(&s, "nam")) { /* Năm 2024 */
        spaces(&s);
        if (!(p.year = year_at_end(s)))
            return false;
        p.freq = 1;
        *out = p;
        return true;
    }
    if (p.freq) {
        p.sub = sub_number(&s);
        separator(&s);
        p.year = year_at_end(s);
    } else if (strlen(s) >= 6 && digits(s, 4) && !isdigit((unsigned char)s[4])) {
        /* the year first: 2024-Q1, 2024 Q1, 2024/03, 2024.03 */
        char y[5] = {s[0], s[1], s[2], s[3], '\0'};
        p.year = year_at_end(y);
        s += 4;
        spaces(&s);
        if (*s == '/' || *s == '-' || *s == '.')
            s++;
        spaces(&s);
        p.freq = word(&s, "quy") || word(&s, "q") ? 4 : 12;
        spaces(&s);
        p.sub = sub_number(&s);
        if (*s)
            return false;
    } else {
        /* a month first: 03/2024, 3/2024, 3-2024, and a date on a month's first day as Excel
         * writes a typed "3/2024" back (01/03/2024) */
        if (strlen(s) == 10 && s[0] == '0' && s[1] == '1' && s[2] == '/' && s[5] == '/')
            s += 3;
        p.freq = 12;
        p.sub = sub_number(&s);
        if (*s != '/' && *s != '-' && *s != '.')
            return false;
        s++;
        p.year = year_at_end(s);
    }
    if (!p.year || p.sub < 1 || p.sub > (p.freq == 4 ? 4 : 12))
        return false;
    *out = p;
    return true;
}
