/*
 * testutil.c - see testutil.h.
 */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static void cleanup(void)
{
    if (tmpdir[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "# could not remove %s\n", tmpdir);
    }
}

void vt_init(void)
{
    setlocale(LC_ALL, "");
}

const char *vt_source(const char *rel)
{
    static char buf[4096];
    const char *root = getenv("VL_SOURCE_ROOT");
    snprintf(buf, sizeof buf, "%s/%s", root ? root : ".", rel);
    return buf;
}

const char *vt_shared(const char *rel)
{
    static char buf[4096];
    const char *d = getenv("VL_SHARED_DATA");
    snprintf(buf, sizeof buf, "%s/%s", d ? d : "../shared/data", rel);
    return buf;
}

const char *vt_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/vltest-XXXXXX", t ? t : "/tmp");
        if (!mkdtemp(tmpdir)) {
            fprintf(stderr, "# mkdtemp failed\n");
            abort();
        }
        atexit(cleanup);
    }
    return tmpdir;
}

const char *vt_tmpfile(const char *name)
{
    static char bufs[8][512];
    static unsigned slot;
    char *b = bufs[slot++ % 8];
    snprintf(b, 512, "%s/%s", vt_tmpdir(), name);
    return b;
}

void vt_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

char *vt_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    assert_true(n >= 0);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}
