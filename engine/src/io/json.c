/*
 * json.c - the JSON builder and reader of json.h on top of jansson (included here only).
 * A vl_json is a json_t; the casts are confined to this file.
 */
#include "io/json.h"

#include <vieclam/output.h>

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define J(x)  ((json_t *)(x))
#define CJ(x) ((const json_t *)(x))
#define V(x)  ((vl_json *)(x))

/*
 * jansson allocates through the library's hooks (core/alloc.c), so allocation-failure tests reach
 * its failures too. json_set_alloc_funcs is process-wide: that is harmless because the hooks wrap
 * malloc/free, so values made before or after, or by another user of jansson in the process,
 * are freed the same way. Set once, on the first value the library makes.
 */
static pthread_once_t route_once = PTHREAD_ONCE_INIT;

static void route_alloc(void)
{
    json_set_alloc_funcs(vl__malloc, vl__free);
}

#define ROUTE() pthread_once(&route_once, route_alloc)

vl_json *vl_json_object(void)
{
    ROUTE();
    return V(json_object());
}

vl_json *vl_json_array(void)
{
    ROUTE();
    return V(json_array());
}

vl_json *vl_json_string(const char *s)
{
    ROUTE();
    return s ? V(json_string(s)) : V(json_null());
}

vl_json *vl_json_number(double v)
{
    ROUTE();
    return isfinite(v) ? V(json_real(v)) : V(json_null());
}

vl_json *vl_json_integer(long long v)
{
    ROUTE();
    return V(json_integer((json_int_t)v));
}

vl_json *vl_json_bool(bool v)
{
    ROUTE();
    return V(json_boolean(v));
}

vl_json *vl_json_null(void)
{
    ROUTE();
    return V(json_null());
}

void vl_json_free(vl_json *j)
{
    if (j)
        json_decref(J(j));
}

bool vl_json_set(vl_json *obj, const char *key, vl_json *child)
{
    if (!obj || !child)
        return false;
    return json_object_set_new(J(obj), key, J(child)) == 0;
}

bool vl_json_set_str(vl_json *obj, const char *key, const char *v)
{
    return vl_json_set(obj, key, vl_json_string(v));
}

bool vl_json_set_num(vl_json *obj, const char *key, double v)
{
    return vl_json_set(obj, key, vl_json_number(v));
}

bool vl_json_set_int(vl_json *obj, const char *key, long long v)
{
    return vl_json_set(obj, key, vl_json_integer(v));
}

bool vl_json_set_bool(vl_json *obj, const char *key, bool v)
{
    return vl_json_set(obj, key, vl_json_bool(v));
}

bool vl_json_append(vl_json *arr, vl_json *child)
{
    if (!arr || !child)
        return false;
    return json_array_append_new(J(arr), J(child)) == 0;
}

/* The text is gathered here rather than by json_dumps: jansson does not check the writing of an
 * object's key (dump.c ignores dump_string's result there), so when memory ran out inside a key
 * json_dumps went on and returned text with the key cut short. The buffer remembers any failed
 * append, and then the whole dump fails. Found by allocation-failure injection (test-oom). */
static int dump_append(const char *text, size_t size, void *data)
{
    return vl_buf_append(data, text, size) ? 0 : -1;
}

char *vl_json_dump(const vl_json *j, bool pretty)
{
    ROUTE();
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12) | JSON_ENCODE_ANY;
    if (pretty)
        flags |= JSON_INDENT(2);
    else
        flags |= JSON_COMPACT;
    vl_buf b = {0};
    if (json_dump_callback(CJ(j), dump_append, &b, flags) != 0 || b.failed || !b.data) {
        vl_buf_free(&b);
        return NULL;
    }
    return b.data;
}

vl_status vl_json_write_file(vl_ctx *ctx, const vl_json *j, const char *path, bool pretty,
                             unsigned flags)
{
    char *text = vl_json_dump(j, pretty);
    if (!text)
        return vl__error(ctx, VL_ERR_NOMEM, "cannot serialise JSON");
    size_t len = strlen(text);
    text[len] = '\n'; /* the terminator becomes the final newline: written by length */
    vl_status st = vl_output_write_file(ctx, path, flags, text, len + 1);
    vl__free(text);
    return st;
}

vl_status vl_json_load_file(vl_ctx *ctx, const char *path, vl_json **out)
{
    ROUTE();
    json_error_t e;
    (void)vl__alloc_oom_take();
    json_t *j = json_load_file(path, JSON_DECODE_ANY, &e);
    *out = V(j);
    /* jansson reports some failed allocations as syntax errors: ask the allocator too */
    bool oom = vl__alloc_oom_take();
    if (!j) {
        if (oom || json_error_code(&e) == json_error_out_of_memory)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        if (e.line < 0)
            return vl__error(ctx, VL_ERR_IO, "%s: %s", path, e.text);
        return vl__error(ctx, VL_ERR_INVALID, "%s:%d:%d: %s", path, e.line, e.column, e.text);
    }
    return VL_OK;
}

vl_status vl_json_parse(vl_ctx *ctx, const char *text, vl_json **out)
{
    ROUTE();
    json_error_t e;
    (void)vl__alloc_oom_take();
    json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
    *out = V(j);
    /* out of memory is not a syntax error: a caller that skips what does not parse would lose
     * what could not be read (jansson reports some failed allocations as syntax errors: ask
     * the allocator too) */
    bool oom = vl__alloc_oom_take();
    if (!j && (oom || json_error_code(&e) == json_error_out_of_memory))
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (!j)
        return vl__error(ctx, VL_ERR_INVALID, "<json>:%d:%d: %s", e.line, e.column, e.text);
    return VL_OK;
}

const vl_json *vl_json_get(const vl_json *obj, const char *key)
{
    if (!obj || !json_is_object(CJ(obj)))
        return NULL;
    return (const vl_json *)json_object_get(CJ(obj), key);
}

size_t vl_json_size(const vl_json *j)
{
    if (!j)
        return 0;
    if (json_is_array(CJ(j)))
        return json_array_size(CJ(j));
    if (json_is_object(CJ(j)))
        return json_object_size(CJ(j));
    return 0;
}

const vl_json *vl_json_at(const vl_json *arr, size_t i)
{
    if (!arr || !json_is_array(CJ(arr)))
        return NULL;
    return (const vl_json *)json_array_get(CJ(arr), i);
}

bool vl_json_member(const vl_json *obj, size_t i, const char **key, const vl_json **value)
{
    if (!obj || !json_is_object(CJ(obj)))
        return false;
    /* jansson keeps insertion order in its iterator when JSON_PRESERVE_ORDER was used to dump;
     * for loaded objects the iterator follows the file's order (jansson >= 2.8). */
    void *it = json_object_iter((json_t *)J(obj));
    for (size_t k = 0; it && k < i; k++)
        it = json_object_iter_next((json_t *)J(obj), it);
    if (!it)
        return false;
    *key = json_object_iter_key(it);
    *value = (const vl_json *)json_object_iter_value(it);
    return true;
}

const char *vl_json_str(const vl_json *j)
{
    return j && json_is_string(CJ(j)) ? json_string_value(CJ(j)) : NULL;
}

bool vl_json_num(const vl_json *j, double *out)
{
    if (!j || !json_is_number(CJ(j)))
        return false;
    *out = json_number_value(CJ(j));
    return true;
}

bool vl_json_is_object(const vl_json *j)
{
    return j && json_is_object(CJ(j));
}

bool vl_json_is_array(const vl_json *j)
{
    return j && json_is_array(CJ(j));
}
