/*
 * numbers.c - locale-independent number and date text.
 *
 * Vietnamese locales write a decimal comma; a library that used strtod or printf("%g") under
 * vi_VN.UTF-8 would read "1.5" as 1 and write "1,5". Everything here runs under a private "C"
 * locale (uselocale is per thread), and parsing accepts one strict grammar, so "1,5" is an error
 * rather than a silent 1 or 15.
 */
#include "core/core.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t vl__c_locale(void)
{
    pthread_once(&c_locale_once, c_locale_init);
    return c_locale;
}

/* [-+]?digits[.digits]?([eE][-+]?digits)? or [-+]?.digits... : the grammar we accept. */
static bool number_grammar(const char *s, bool allow_fraction)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t int_digits = 0, frac_digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        int_digits++;
    }
    if (*p == '.' && allow_fraction) {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            frac_digits++;
        }
    }
    if (int_digits + frac_digits == 0)
        return false;
    if ((*p == 'e' || *p == 'E') && allow_fraction) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

bool vl_parse_double(const char *text, double *out)
{
    if (!text || !number_grammar(text, true))
        return false;
    locale_t old = uselocale(vl__c_locale());
    errno = 0;
    char *end = NULL;
    double v = strtod(text, &end);
    int err = errno;
    uselocale(old);
    if (!end || *end != '\0' || err == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool vl_parse_long(const char *text, long long *out)
{
    if (!text || !number_grammar(text, false))
        return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (!end || *end != '\0' || errno == ERANGE)
        return false;
    *out = v;
    return true;
}

char *vl_format_double(char *buf, size_t size, double value, int precision)
{
    locale_t old = uselocale(vl__c_locale());
    if (!isfinite(value))
        snprintf(buf, size, "%s", isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf"));
    else
        snprintf(buf, size, "%.*g", precision, value);
    uselocale(old);
    return buf;
}

char *vl_format_fixed(char *buf, size_t size, double value, int decimals)
{
    locale_t old = uselocale(vl__c_locale());
    if (!isfinite(value))
        snprintf(buf, size, "%s", isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf"));
    else {
        snprintf(buf, size, "%.*f", decimals, value);
        if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
            memmove(buf, buf + 1, strlen(buf)); /* no "-0.00" */
    }
    uselocale(old);
    return buf;
}

/*
 * Numbers for people: grouped by thousands, in the language's style (vi 1.234.567,5; en
 * 1,234,567.5), a real minus sign, "–" when not finite. The report and the CLI's tables share it.
 */
char *vl_format_number(char *buf, size_t size, double v, int decimals, const char *lang)
{
    bool en = lang ? strcmp(lang, "en") == 0 : strcmp(vl_language(), "en") == 0;
    if (!isfinite(v)) {
        snprintf(buf, size, "–");
        return buf;
    }
    char raw[64];
    vl_format_fixed(raw, sizeof raw, v, decimals);
    const char *digits = raw;
    bool neg = *digits == '-';
    if (neg)
        digits++;
    const char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    char out[96];
    size_t o = 0;
    if (neg)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s", "−");
    for (size_t i = 0; i < int_len && o + 2 < sizeof out; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            out[o++] = en ? ',' : '.';
        out[o++] = digits[i];
    }
    if (dot && o + 2 < sizeof out) {
        out[o++] = en ? '.' : ',';
        for (const char *d = dot + 1; *d && o + 1 < sizeof out; d++)
            out[o++] = *d;
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
    return buf;
}

char *vl_format_date_text(char *buf, size_t size, int32_t yyyymmdd, const char *lang)
{
    bool en = lang ? strcmp(lang, "en") == 0 : strcmp(vl_language(), "en") == 0;
    int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    if (yyyymmdd <= 0)
        snprintf(buf, size, "%s", "");
    else if (en)
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(buf, size, "%02d/%02d/%04d", d, m, y);
    return buf;
}

/* ---- dates --------------------------------------------------------------------------------- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool vl__parse_date(const char *s, int32_t *yyyymmdd)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *yyyymmdd = y * 10000 + m * 100 + d;
    return true;
}

bool vl_parse_date(const char *text, int32_t *yyyymmdd)
{
    return vl__parse_date(text, yyyymmdd);
}

void vl__format_date(int32_t v, char out[11])
{
    unsigned u = v > 0 ? (unsigned)v : 0u;
    snprintf(out, 11, "%04u-%02u-%02u", (u / 10000) % 10000, (u / 100) % 100, u % 100);
}

bool vl__date_valid(int32_t v)
{
    char text[11];
    int32_t back;
    vl__format_date(v, text);
    return vl__parse_date(text, &back) && back == v;
}

/* A broken-down time's calendar day as yyyymmdd. */
static int32_t tm_day(const struct tm *tm)
{
    return (tm->tm_year + 1900) * 10000 + (tm->tm_mon + 1) * 100 + tm->tm_mday;
}

int32_t vl__today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        gmtime_r(&t, &tm);
    return tm_day(&tm);
}

int32_t vl_today(void)
{
    return vl__today();
}

bool vl_time_local(const char *utc, struct tm *local)
{
    struct tm tm = {0};
    int end = 0;
    if (!utc || !local ||
        sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &end) != 6 ||
        end == 0 || utc[end])
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    return t != (time_t)-1 && localtime_r(&t, local) != NULL;
}

char *vl_format_time_text(char *buf, size_t size, const char *utc, const char *lang)
{
    struct tm local;
    char day[16];
    if (vl_time_local(utc, &local))
        snprintf(buf, size, "%s %02d:%02d",
                 vl_format_date_text(day, sizeof day, tm_day(&local), lang), local.tm_hour,
                 local.tm_min);
    else
        snprintf(buf, size, "%s", utc ? utc : "");
    return buf;
}

int64_t vl__date_days(int32_t v)
{
    /* days from civil (Howard Hinnant's algorithm) */
    int64_t y = v / 10000, m = v / 100 % 100, d = v % 100;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
