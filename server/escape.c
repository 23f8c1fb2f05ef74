/*
 * escape.c - the one place where values reach HTML: every text the server puts into a page it
 * writes (the printable invitations of a job fair) goes through html_escape_append, so a name
 * like <script>alert(1)</script> is shown as text. Pages of web/ put values into the DOM as
 * text (textContent), never as markup.
 */
#include <stdlib.h>
#include <string.h>

#include "server.h"

static void put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (!*buf && *cap)
        return; /* an earlier allocation failed: the caller sees NULL */
    if (*len + n + 1 > *cap) {
        size_t nc = *cap ? *cap : 256;
        while (*len + n + 1 > nc)
            nc *= 2;
        char *b = realloc(*buf, nc);
        if (!b) {
            free(*buf);
            *buf = NULL;
            *cap = 1;
            return;
        }
        *buf = b;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

void html_append(char **buf, size_t *len, size_t *cap, const char *s)
{
    put(buf, len, cap, s ? s : "", s ? strlen(s) : 0);
}

void html_escape_append(char **buf, size_t *len, size_t *cap, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        const char *e = NULL;
        switch (*p) {
        case '&':
            e = "&amp;";
            break;
        case '<':
            e = "&lt;";
            break;
        case '>':
            e = "&gt;";
            break;
        case '"':
            e = "&quot;";
            break;
        case '\'':
            e = "&#39;";
            break;
        default:
            break;
        }
        if (e)
            put(buf, len, cap, e, strlen(e));
        else
            put(buf, len, cap, p, 1);
    }
}
