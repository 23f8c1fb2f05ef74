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
