/*
 * json.h - a small private JSON builder and reader over jansson (included by io/json.c only),
 * so every room can produce explanations, summaries and reports as JSON without seeing jansson.
 *
 * Ownership follows jansson's "steal" convention: vl_json_set / vl_json_append take ownership
 * of the child. Numbers are written with a '.' in every locale (jansson formats them itself).
 */
#ifndef VL_IO_JSON_H
#define VL_IO_JSON_H

#include "core/core.h"

typedef struct vl_json vl_json;

vl_json *vl_json_object(void);
vl_json *vl_json_array(void);
vl_json *vl_json_string(const char *s); /* NULL -> null */
vl_json *vl_json_number(double v);      /* non-finite -> null */
vl_json *vl_json_integer(long long v);
vl_json *vl_json_bool(bool v);
vl_json *vl_json_null(void);
void vl_json_free(vl_json *j); /* NULL is a no-op */

/* Object members (the child is stolen; a NULL child is ignored and reported as false). */
bool vl_json_set(vl_json *obj, const char *key, vl_json *child);
bool vl_json_set_str(vl_json *obj, const char *key, const char *v);
bool vl_json_set_num(vl_json *obj, const char *key, double v);
bool vl_json_set_int(vl_json *obj, const char *key, long long v);
bool vl_json_set_bool(vl_json *obj, const char *key, bool v);
bool vl_json_append(vl_json *arr, vl_json *child);

/* Serialises (keys in insertion order); pretty = indented by 2. Returns malloc'd text. */
char *vl_json_dump(const vl_json *j, bool pretty);
/* Writes to path ("-" or NULL = stdout) with a final newline, through vl_output (whole or not
 * at all); flags are the VL_OUTPUT_* flags. */
vl_status vl_json_write_file(vl_ctx *ctx, const vl_json *j, const char *path, bool pretty,
                             unsigned flags);

/* ---- reading ------------------------------------------------------------------------------ */
/* Parses a file; on a syntax error returns VL_ERR_INVALID with "FILE:LINE:COL: reason", when
 * out of memory VL_ERR_NOMEM (vl_json_parse the same for a text). */
vl_status vl_json_load_file(vl_ctx *ctx, const char *path, vl_json **out);
vl_status vl_json_parse(vl_ctx *ctx, const char *text, vl_json **out);
const vl_json *vl_json_get(const vl_json *obj, const char *key); /* borrowed or NULL */
size_t vl_json_size(const vl_json *j);                           /* array length / members */
const vl_json *vl_json_at(const vl_json *arr, size_t i);         /* borrowed or NULL */
/* i-th member of an object (insertion order): key and value, borrowed. */
bool vl_json_member(const vl_json *obj, size_t i, const char **key, const vl_json **value);
const char *vl_json_str(const vl_json *j);       /* NULL when not a string */
bool vl_json_num(const vl_json *j, double *out); /* integer or real */
bool vl_json_is_object(const vl_json *j);
bool vl_json_is_array(const vl_json *j);

#endif
