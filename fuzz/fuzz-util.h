/*
 * fuzz-util.h - what the fuzz targets share: the input written to a private temporary file
 * (every reader of vieclam takes a path, as the CLI does), removed again after each run.
 */
#ifndef VL_FUZZ_UTIL_H
#define VL_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes data to a new temporary file with the given suffix; returns its path (static). */
static inline const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/vl-fuzz-%ld-XXXXXX%s", (long)getpid(), suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    return path;
}

#endif
