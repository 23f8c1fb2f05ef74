/*
 * common.h - what every public header needs: the export macro, the status enum and the
 * opaque context type. Included by vieclam.h; programs include <vieclam/vieclam.h>.
 */
#ifndef VIECLAM_COMMON_H
#define VIECLAM_COMMON_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define VL_EXPORT __attribute__((visibility("default")))
#else
#define VL_EXPORT
#endif

/* Primary status codes. The detailed message lives on the context (vl_ctx_errmsg). */
typedef enum vl_status {
    VL_OK = 0,
    VL_ERR_NOMEM,       /* out of memory */
    VL_ERR_IO,          /* a file could not be opened, read or written */
    VL_ERR_INVALID,     /* input data is invalid (a CSV row, a model file, a period) */
    VL_ERR_NOTFOUND,    /* an id or code that is not in the database */
    VL_ERR_ARG,         /* a caller passed an invalid argument (bad option value) */
    VL_ERR_DB,          /* the database failed (locked, corrupt, wrong schema) */
    VL_ERR_NUMERIC,     /* a numerical method failed to produce a usable result */
    VL_ERR_UNSUPPORTED, /* a feature is not available in this build */
    VL_ERR_INTERNAL,    /* a bug: an invariant did not hold */
    VL_ERR_BUSY,        /* the database was busy or a concurrent change conflicted: retryable */
    VL_ERR_CONFLICT,    /* the record exists already, or changed since it was read */
    VL_STATUS_COUNT
} vl_status;

typedef struct vl_ctx vl_ctx;

#ifdef __cplusplus
}
#endif

#endif
