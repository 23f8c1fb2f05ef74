/*
 * testutil.h - helpers shared by the engine's cmocka tests: paths to fixtures, temp dirs,
 * reading files, and the locale set-up that lets the vi_VN run catch decimal-comma bugs.
 */
#ifndef VL_TESTUTIL_H
#define VL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <vieclam/vieclam.h>

/* Call first in main(): applies the environment's locale (LC_ALL=vi_VN.UTF-8 in one CI run). */
void vt_init(void);
/* $VL_SOURCE_ROOT/rel (static buffer, valid until the next call). */
const char *vt_source(const char *rel);
/* ../shared/data/rel next to the source tree. */
const char *vt_shared(const char *rel);
/* A fresh temporary directory (removed at exit); returns its path. */
const char *vt_tmpdir(void);
/* dir/name inside vt_tmpdir(), in a rotating static buffer (8 slots). */
const char *vt_tmpfile(const char *name);
/* Writes text to path; fails the test on error. */
void vt_write_file(const char *path, const char *text);
/* Reads a whole file (malloc'd, NUL-terminated); fails the test on error. */
char *vt_read_file(const char *path, size_t *len);

#endif
