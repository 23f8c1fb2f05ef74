/*
 * model.c - the schema-table-driven YAML model reader of model/model.h, the one file that
 * includes libyaml. The file is loaded as a libyaml document (a node tree with marks), walked
 * once against the table, and every problem is reported as "FILE:LINE:COL: reason".
 *
 * Invariants: a key of the table is written to the scratch copy at most once (duplicates are
 * refused before), and the caller's struct is written only when no problem was found.
 */
#include "model/model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* A mapping seen during the walk, remembered to place "missing key" messages. */
typedef struct seen_map {
    char *prefix; /* "" for the root, "fit.weights" for a nested one */
    yaml_mark_t mark;
} seen_map;

typedef struct walker {
    vl_ctx *ctx;
    const char *name;
    yaml_document_t *doc;
    const vl__model_key *keys;
    size_t n;
    unsigned char *scratch;
    bool *seen;
    seen_map *maps;
    size_t n_maps, cap_maps;
    size_t problems;
    bool nomem;
} walker;

static void problem(walker *w, yaml_mark_t mark, const char *fmt, ...) VL_PRINTF(3, 4);

static void problem(walker *w, yaml_mark_t mark, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, vl__tr(w->ctx, fmt), ap);
    va_end(ap);
    vl__diag(w->ctx, "%s:%zu:%zu: %s", w->name, mark.line + 1, mark.column + 1, reason);
    if (w->problems == 0)
        vl__error(w->ctx, VL_ERR_INVALID, "%s:%zu:%zu: %s", w->name, mark.line + 1, mark.column + 1,
                  reason);
    w->problems++;
}

/* Each type's word in the reference table and what a message says a key wants ("expected an
 * integer"), both for gettext. */
static const struct {
    const char *word, *wanted;
} type_words[] = {
    [VL__MT_DOUBLE] = {N_("number"), N_("a number")},
    [VL__MT_INT] = {N_("integer"), N_("an integer")},
    [VL__MT_BOOL] = {N_("true or false"), N_("true or false")},
    [VL__MT_STRING] = {N_("text"), N_("a text")},
    [VL__MT_ENUM] = {N_("name"), N_("a name")},
    [VL__MT_LIST] = {N_("list of numbers"), N_("a list of numbers")},
};

static const char *type_name(vl__model_type t)
{
    return (size_t)t < VL_ARRAY_LEN(type_words) ? type_words[t].word : "?";
}

static const char *type_wanted(vl__model_type t)
{
    return (size_t)t < VL_ARRAY_LEN(type_words) ? type_words[t].wanted : "?";
}

/* Index of the key whose path is exactly p, or n. */
static size_t find_key(const walker *w, const char *p)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->keys[i].path, p) == 0)
            return i;
    return w->n;
}

/* True when some key lies below the mapping at prefix p ("fit" for "fit.weights.skills"). */
static bool is_section(const walker *w, const char *p)
{
    size_t len = strlen(p);
    for (size_t i = 0; i < w->n; i++)
        if (strncmp(w->keys[i].path, p, len) == 0 && w->keys[i].path[len] == '.')
            return true;
    return false;
}

static const char *scalar_text(const yaml_node_t *node)
{
    return (const char *)node->data.scalar.value;
}

/* What a value that is not a scalar is, in the words of the walker's messages. */
static const char *node_kind(const walker *w, const yaml_node_t *node)
{
    return node->type == YAML_MAPPING_NODE ? vl__tr(w->ctx, "mapping") : vl__tr(w->ctx, "list");
}

static bool parse_number(walker *w, const vl__model_key *k, const yaml_node_t *node, double *v)
{
    const char *text = scalar_text(node);
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
        !vl_parse_double(text, v)) {
        if (node->type == YAML_SCALAR_NODE && strchr(text, ',') && !strchr(text, '.'))
            problem(w, node->start_mark,
                    "'%s': expected a number, got '%s' (write a decimal "
                    "point, not a comma)",
                    k->path, text);
        else if (node->type == YAML_SCALAR_NODE)
            problem(w, node->start_mark, "'%s': expected %s, got '%s'", k->path,
                    vl__tr(w->ctx, type_wanted(k->type)), text);
        else
            problem(w, node->start_mark, "'%s': expected %s, got a %s", k->path,
                    vl__tr(w->ctx, type_wanted(k->type)), node_kind(w, node));
        return false;
    }
    if (k->type == VL__MT_INT && (*v != floor(*v))) {
        problem(w, node->start_mark, "'%s': expected an integer, got '%s'", k->path, text);
        return false;
    }
    if (!(*v >= k->min && *v <= k->max)) {
        char lo[32], hi[32];
        vl_format_double(lo, sizeof lo, k->min, 10);
        vl_format_double(hi, sizeof hi, k->max, 10);
        problem(w, node->start_mark, "'%s': %s is out of range [%s, %s]", k->path, text, lo, hi);
        return false;
    }
    return true;
}

static void set_value(walker *w, size_t ki, const yaml_node_t *node)
{
    const vl__model_key *k = &w->keys[ki];
    unsigned char *field = w->scratch + k->offset;
    double v;
    switch (k->type) {
    case VL__MT_DOUBLE:
        if (parse_number(w, k, node, &v))
            memcpy(field, &v, sizeof v);
        return;
    case VL__MT_INT:
        if (parse_number(w, k, node, &v)) {
            int iv = (int)v;
            memcpy(field, &iv, sizeof iv);
        }
        return;
    case VL__MT_BOOL: {
        const char *t = node->type == YAML_SCALAR_NODE ? scalar_text(node) : NULL;
        bool plain = t && node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (plain && (strcmp(t, "true") == 0 || strcmp(t, "false") == 0)) {
            bool b = t[0] == 't';
            memcpy(field, &b, sizeof b);
        } else {
            if (t)
                problem(w, node->start_mark, "'%s': expected true or false, got '%s'", k->path, t);
            else
                problem(w, node->start_mark, "'%s': expected true or false, got a non-scalar",
                        k->path);
        }
        return;
    }
    case VL__MT_STRING:
    case VL__MT_ENUM: {
        if (node->type != YAML_SCALAR_NODE) {
            problem(w, node->start_mark, "'%s': expected %s, got a %s", k->path,
                    vl__tr(w->ctx, type_wanted(k->type)), node_kind(w, node));
            return;
        }
        const char *t = scalar_text(node);
        if (k->type == VL__MT_STRING) {
            if (strlen(t) >= k->size) {
                problem(w, node->start_mark, "'%s': text longer than %zu bytes", k->path,
                        k->size - 1);
                return;
            }
            memcpy(field, t, strlen(t) + 1);
            return;
        }
        for (int i = 0; k->names[i]; i++)
            if (strcmp(k->names[i], t) == 0) {
                memcpy(field, &i, sizeof i);
                return;
            }
        char allowed[256] = "";
        size_t len = 0;
        for (int i = 0; k->names[i] && len + 1 < sizeof allowed; i++)
            len += (size_t)snprintf(allowed + len, sizeof allowed - len, "%s%s", i ? ", " : "",
                                    k->names[i]);
        problem(w, node->start_mark, "'%s': '%s' is not one of: %s", k->path, t, allowed);
        return;
    }
    case VL__MT_LIST: {
        if (node->type != YAML_SEQUENCE_NODE) {
            problem(w, node->start_mark, "'%s': expected a list of numbers ([a, b, ...])", k->path);
            return;
        }
        size_t count = 0;
        double *items = (double *)(void *)field;
        for (yaml_node_item_t *it = node->data.sequence.items.start;
             it < node->data.sequence.items.top; it++) {
            const yaml_node_t *item = yaml_document_get_node(w->doc, *it);
            if (count >= k->size) {
                problem(w, item->start_mark, "'%s': more than %zu items", k->path, k->size);
                return;
            }
            if (!parse_number(w, k, item, &v))
                return;
            memcpy(&items[count++], &v, sizeof v);
        }
        memcpy(w->scratch + k->count_offset, &count, sizeof count);
        return;
    }
    }
}

static void remember_map(walker *w, const char *prefix, yaml_mark_t mark)
{
    if (w->n_maps == w->cap_maps) {
        size_t cap = w->cap_maps ? 2 * w->cap_maps : 16;
        seen_map *m = vl__realloc(w->maps, cap * sizeof *m);
        if (!m) {
            w->nomem = true;
            return;
        }
        w->maps = m;
        w->cap_maps = cap;
    }
    char *p = vl__strdup(prefix);
    if (!p) {
        w->nomem = true;
        return;
    }
    w->maps[w->n_maps++] = (seen_map){p, mark};
}

static void walk_mapping(walker *w, const yaml_node_t *map, const char *prefix)
{
    assert(map->type == YAML_MAPPING_NODE);
    remember_map(w, prefix, map->start_mark);
    for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
         pair < map->data.mapping.pairs.top && !w->nomem; pair++) {
        const yaml_node_t *key = yaml_document_get_node(w->doc, pair->key);
        const yaml_node_t *value = yaml_document_get_node(w->doc, pair->value);
        if (key->type != YAML_SCALAR_NODE) {
            problem(w, key->start_mark, "a key must be plain text");
            continue;
        }
        const char *name = scalar_text(key);
        bool dup = false;
        for (yaml_node_pair_t *prev = map->data.mapping.pairs.start; prev < pair; prev++) {
            const yaml_node_t *pk = yaml_document_get_node(w->doc, prev->key);
            if (pk->type == YAML_SCALAR_NODE && strcmp(scalar_text(pk), name) == 0) {
                problem(w, key->start_mark, "key '%s%s%s' given twice (first at line %zu)", prefix,
                        *prefix ? "." : "", name, pk->start_mark.line + 1);
                dup = true;
                break;
            }
        }
        if (dup)
            continue;
        size_t plen = strlen(prefix), nlen = strlen(name);
        char *path = vl__malloc(plen + nlen + 2);
        if (!path) {
            w->nomem = true;
            return;
        }
        if (plen)
            sprintf(path, "%s.%s", prefix, name);
        else
            memcpy(path, name, nlen + 1);
        size_t ki = find_key(w, path);
        if (ki < w->n) {
            w->seen[ki] = true;
            set_value(w, ki, value);
        } else if (is_section(w, path)) {
            if (value->type == YAML_MAPPING_NODE)
                walk_mapping(w, value, path);
            else
                problem(w, value->start_mark, "'%s' must be a mapping of keys", path);
        } else {
            problem(w, key->start_mark, "unknown key '%s'", path);
        }
        vl__free(path);
    }
}

/* Where to report a missing key: the deepest mapping seen that should have held it. */
static yaml_mark_t missing_mark(const walker *w, const char *path)
{
    yaml_mark_t best = {0, 0, 0};
    size_t best_len = 0;
    bool found = false;
    for (size_t i = 0; i < w->n_maps; i++) {
        size_t len = strlen(w->maps[i].prefix);
        bool under = len == 0 || (strncmp(path, w->maps[i].prefix, len) == 0 && path[len] == '.');
        if (under && (!found || len > best_len)) {
            best = w->maps[i].mark;
            best_len = len;
            found = true;
        }
    }
    return best;
}

static void set_default(const vl__model_key *k, unsigned char *base)
{
    unsigned char *field = base + k->offset;
    switch (k->type) {
    case VL__MT_DOUBLE:
        memcpy(field, &k->def, sizeof k->def);
        break;
    case VL__MT_INT:
    case VL__MT_ENUM: {
        int iv = (int)k->def;
        memcpy(field, &iv, sizeof iv);
        break;
    }
    case VL__MT_BOOL: {
        bool b = k->def != 0;
        memcpy(field, &b, sizeof b);
        break;
    }
    case VL__MT_STRING: {
        const char *s = k->def_str ? k->def_str : "";
        size_t len = strlen(s) < k->size ? strlen(s) : k->size - 1;
        memcpy(field, s, len);
        field[len] = '\0';
        break;
    }
    case VL__MT_LIST: {
        size_t count = 0;
        const char *p = k->def_str ? k->def_str : "";
        while (*p && count < k->size) {
            char tok[64];
            size_t len = strcspn(p, ",");
            size_t a = 0, b = len;
            while (a < b && p[a] == ' ')
                a++;
            while (b > a && p[b - 1] == ' ')
                b--;
            if (b - a < sizeof tok) {
                memcpy(tok, p + a, b - a);
                tok[b - a] = '\0';
                double v;
                if (vl_parse_double(tok, &v))
                    memcpy(field + count++ * sizeof(double), &v, sizeof v);
            }
            p += len;
            if (*p == ',')
                p++;
        }
        memcpy(base + k->count_offset, &count, sizeof count);
        break;
    }
    }
}

void vl__model_defaults(const vl__model_key *keys, size_t n, void *out)
{
    for (size_t i = 0; i < n; i++)
        set_default(&keys[i], out);
}

static vl_status check_table(vl_ctx *ctx, const vl__model_key *keys, size_t n, size_t out_size)
{
    for (size_t i = 0; i < n; i++) {
        const vl__model_key *k = &keys[i];
        bool bad = !k->path || !*k->path || k->offset >= out_size ||
                   (k->type == VL__MT_ENUM && !k->names) ||
                   ((k->type == VL__MT_STRING || k->type == VL__MT_LIST) && k->size == 0) ||
                   (k->type == VL__MT_LIST && k->count_offset >= out_size) || k->min > k->max;
        for (size_t j = 0; j < i && !bad; j++)
            bad = strcmp(keys[j].path, k->path) == 0;
        if (bad)
            return vl__error(ctx, VL_ERR_ARG, "model table: bad entry %zu (%s)", i,
                             k->path ? k->path : "no path");
    }
    return VL_OK;
}

/* Deeper than any model file needs by far (ours nest 3 levels); past it libyaml's loading time
 * grows quadratically (100,000 nested '[' took 40 s), so the text is refused before loading. */
#define MODEL_NESTING_MAX 64

/*
 * Finds flow collections ('[' '{') nested deeper than MODEL_NESTING_MAX outside quotes and
 * comments; returns false with *line and *col (1-based) of the bracket that went too deep.
 */
static bool nesting_ok(const char *text, size_t len, size_t *line, size_t *col)
{
    size_t depth = 0, l = 1, c = 0;
    char quote = 0;
    bool comment = false;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        c++;
        if (ch == '\n') {
            l++;
            c = 0;
            comment = false;
            continue;
        }
        if (comment)
            continue;
        if (quote) {
            if (ch == quote)
                quote = 0;
            else if (ch == '\\' && quote == '"' && i + 1 < len)
                i++, c++;
            continue;
        }
        if (ch == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t'))
            comment = true;
        else if (ch == '"' || ch == '\'')
            quote = ch;
        else if (ch == '[' || ch == '{') {
            if (++depth > MODEL_NESTING_MAX) {
                *line = l;
                *col = c;
                return false;
            }
        } else if ((ch == ']' || ch == '}') && depth > 0)
            depth--;
    }
    return true;
}

vl_status vl__model_load_text(vl_ctx *ctx, const char *name, const char *text, size_t len,
                              const vl__model_key *keys, size_t n, void *out, size_t out_size)
{
    assert(name && text && keys && out);
    vl_status st = check_table(ctx, keys, n, out_size);
    if (st != VL_OK)
        return st;
    vl__diag_clear(ctx);
    size_t nl, nc;
    if (!nesting_ok(text, len, &nl, &nc)) {
        vl__diag(ctx, "%s:%zu:%zu: nested more than %d levels deep", name, nl, nc,
                 MODEL_NESTING_MAX);
        return vl__error(ctx, VL_ERR_INVALID,
                         "%s:%zu:%zu: nested more than %d levels deep: not a model file", name, nl,
                         nc, MODEL_NESTING_MAX);
    }

    yaml_parser_t parser;
    yaml_document_t doc;
    if (vl__alloc_fail_point() || !yaml_parser_initialize(&parser))
        return vl__error(ctx, VL_ERR_NOMEM, "cannot start the YAML parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_mark_t m = parser.problem_mark;
        const char *what = parser.problem ? parser.problem : "not valid YAML";
        if (parser.error == YAML_MEMORY_ERROR) {
            yaml_parser_delete(&parser);
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory reading %s", name);
        }
        char reason[300];
        if (parser.context)
            snprintf(reason, sizeof reason, "%s %s", what, parser.context);
        else
            snprintf(reason, sizeof reason, "%s", what);
        vl__diag(ctx, "%s:%zu:%zu: YAML syntax: %s", name, m.line + 1, m.column + 1, reason);
        yaml_parser_delete(&parser);
        return vl__error(ctx, VL_ERR_INVALID, "%s:%zu:%zu: YAML syntax: %s", name, m.line + 1,
                         m.column + 1, reason);
    }
    /* one document only: a second one would be ignored silently by the loader */
    yaml_document_t extra;
    bool more = false;
    yaml_mark_t extra_mark = {0, 0, 0};
    if (yaml_parser_load(&parser, &extra)) {
        const yaml_node_t *r = yaml_document_get_root_node(&extra);
        if (r) {
            more = true;
            extra_mark = extra.start_mark;
        }
        yaml_document_delete(&extra);
    } else {
        more = true; /* whatever follows the first document does not even parse */
        extra_mark = parser.problem_mark;
    }
    yaml_parser_delete(&parser);
    if (more) {
        yaml_document_delete(&doc);
        vl__diag(ctx, "%s:%zu:%zu: a model file holds one YAML document (remove the second)", name,
                 extra_mark.line + 1, extra_mark.column + 1);
        return vl__error(ctx, VL_ERR_INVALID,
                         "%s:%zu:%zu: a model file holds one YAML document (remove the second)",
                         name, extra_mark.line + 1, extra_mark.column + 1);
    }

    walker w = {.ctx = ctx, .name = name, .doc = &doc, .keys = keys, .n = n};
    w.scratch = vl__malloc(out_size);
    w.seen = vl__calloc(n ? n : 1, sizeof *w.seen);
    if (!w.scratch || !w.seen) {
        vl__free(w.scratch);
        vl__free(w.seen);
        yaml_document_delete(&doc);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory reading %s", name);
    }
    memcpy(w.scratch, out, out_size);

    const yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        yaml_mark_t m = {0, 0, 0};
        problem(&w, m, "empty model file (expected a mapping of keys)");
    } else if (root->type != YAML_MAPPING_NODE) {
        problem(&w, root->start_mark, "the model must be a mapping of keys");
    } else {
        walk_mapping(&w, root, "");
        for (size_t i = 0; i < n && !w.nomem; i++) {
            if (w.seen[i])
                continue;
            if (keys[i].flags & VL__MK_OPTIONAL)
                set_default(&keys[i], w.scratch);
            else
                problem(&w, missing_mark(&w, keys[i].path), "missing key '%s'", keys[i].path);
        }
    }
    if (w.nomem)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory reading %s", name);
    else if (w.problems)
        st = VL_ERR_INVALID; /* the first problem is already the context's message */
    else
        memcpy(out, w.scratch, out_size);
    for (size_t i = 0; i < w.n_maps; i++)
        vl__free(w.maps[i].prefix);
    vl__free(w.maps);
    vl__free(w.scratch);
    vl__free(w.seen);
    yaml_document_delete(&doc);
    return st;
}

vl_status vl__model_load(vl_ctx *ctx, const char *path, const vl__model_key *keys, size_t n,
                         void *out, size_t out_size)
{
    assert(path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return vl__error(ctx, VL_ERR_IO, "cannot open model file %s: %s", path, strerror(errno));
    vl_buf buf = {0};
    char chunk[8192];
    size_t got;
    bool ok = true;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && ok)
        ok = vl_buf_append(&buf, chunk, got);
    bool read_error = ferror(f) != 0;
    fclose(f);
    if (!ok) {
        vl_buf_free(&buf);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory reading %s", path);
    }
    if (read_error) {
        vl_buf_free(&buf);
        return vl__error(ctx, VL_ERR_IO, "cannot read model file %s", path);
    }
    vl_status st =
        vl__model_load_text(ctx, path, buf.data ? buf.data : "", buf.len, keys, n, out, out_size);
    vl_buf_free(&buf);
    return st;
}

/* ---- documentation -------------------------------------------------------------------------- */

static bool doc_number(vl_buf *buf, double v)
{
    char t[32];
    if (v >= 1e300)
        return vl_buf_puts(buf, "∞");
    if (v <= -1e300)
        return vl_buf_puts(buf, "-∞");
    return vl_buf_puts(buf, vl_format_double(t, sizeof t, v, 10));
}

bool vl__model_doc(const vl__model_key *keys, size_t n, vl_buf *buf)
{
    bool ok = vl_buf_puts(buf, "| key | type | unit | range | default | effect |\n"
                               "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n && ok; i++) {
        const vl__model_key *k = &keys[i];
        ok = vl_buf_printf(buf, "| `%s` | %s | %s | ", k->path, type_name(k->type),
                           k->unit && *k->unit ? k->unit : "-");
        switch (k->type) {
        case VL__MT_DOUBLE:
        case VL__MT_INT:
        case VL__MT_LIST:
            ok = ok && vl_buf_puts(buf, "[") && doc_number(buf, k->min) && vl_buf_puts(buf, ", ") &&
                 doc_number(buf, k->max) && vl_buf_puts(buf, "] | ");
            if (k->type == VL__MT_LIST)
                ok = ok && vl_buf_printf(buf, "[%s]", k->def_str ? k->def_str : "");
            else
                ok = ok && doc_number(buf, k->def);
            break;
        case VL__MT_BOOL:
            ok = ok && vl_buf_printf(buf, "- | %s", k->def != 0 ? "true" : "false");
            break;
        case VL__MT_STRING:
            ok = ok && vl_buf_printf(buf, "- | %s", k->def_str ? k->def_str : "");
            break;
        case VL__MT_ENUM:
            for (int e = 0; ok && k->names[e]; e++)
                ok = vl_buf_printf(buf, "%s`%s`", e ? ", " : "", k->names[e]);
            ok = ok && vl_buf_printf(buf, " | `%s`", k->names[(int)k->def]);
            break;
        }
        ok = ok && vl_buf_printf(buf, " | %s%s |\n", k->doc ? k->doc : "",
                                 (k->flags & VL__MK_OPTIONAL) ? " (optional)" : "");
    }
    return ok;
}

size_t vl__model_key_line(const char *path, const char *key)
{
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f)
        return 0;
    /* a stack of (indent, key) of the enclosing block mappings, enough for model files */
    enum { DEPTH = 16, KEYLEN = 64 };
    size_t indent[DEPTH], depth = 0, line = 0, found = 0;
    char names[DEPTH][KEYLEN];
    char buf[1024];
    while (!found && fgets(buf, sizeof buf, f)) {
        line++;
        size_t ind = strspn(buf, " ");
        const char *k = buf + ind;
        size_t klen = strcspn(k, ":#\r\n");
        if (klen == 0 || k[klen] != ':' || *k == '-' || *k == '"' || *k == '\'')
            continue;
        while (klen && k[klen - 1] == ' ')
            klen--;
        while (depth && indent[depth - 1] >= ind)
            depth--;
        if (depth == DEPTH || klen >= KEYLEN)
            continue;
        indent[depth] = ind;
        memcpy(names[depth], k, klen);
        names[depth][klen] = '\0';
        depth++;
        char dotted[DEPTH * KEYLEN];
        size_t o = 0;
        for (size_t d = 0; d < depth; d++)
            o += (size_t)snprintf(dotted + o, sizeof dotted - o, "%s%s", d ? "." : "", names[d]);
        if (strcmp(dotted, key) == 0)
            found = line;
    }
    fclose(f);
    return found;
}

/* ---- writing a model file ---------------------------------------------------------------------
 */

/* The shortest text that reads back as v, without an exponent where a person would not write
 * one ("30", "0.4"; "1e-05"), '.' in every locale. */
static bool format_number(vl_buf *buf, double v)
{
    char t[48];
    double back, a = fabs(v);
    if (v == 0 || (a >= 1e-4 && a < 1e15))
        for (int dec = 0; dec <= 17; dec++) {
            vl_format_fixed(t, sizeof t, v, dec);
            if (vl_parse_double(t, &back) && back == v)
                return vl_buf_puts(buf, t);
        }
    for (int prec = 1; prec <= 17; prec++) {
        vl_format_double(t, sizeof t, v, prec);
        if (vl_parse_double(t, &back) && back == v)
            break;
    }
    return vl_buf_puts(buf, t);
}

/* Whether a string can be written as a plain YAML scalar (else it is double-quoted). */
static bool plain_scalar(const char *s)
{
    if (!*s || strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]))
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '#' || (*p == ':' && (p[1] == ' ' || !p[1])))
            return false;
    return strcmp(s, "true") != 0 && strcmp(s, "false") != 0 && strcmp(s, "null") != 0;
}

bool vl__model_format(const vl__model_key *keys, size_t n, const void *in, vl_buf *buf)
{
    const unsigned char *base = in;
    bool ok = true;
    const char *prev = "";
    for (size_t i = 0; i < n && ok; i++) {
        const vl__model_key *k = &keys[i];
        /* sections shared with the previous key stay open; the rest are opened here */
        size_t common = 0, depth = 0;
        for (size_t c = 0; k->path[c] && prev[c] == k->path[c]; c++)
            if (k->path[c] == '.') {
                common = c + 1;
                depth++;
            }
        size_t at = common;
        const char *dot;
        while ((dot = strchr(k->path + at, '.'))) {
            if (depth == 0 && i > 0)
                ok = ok && vl_buf_puts(buf, "\n");
            ok = ok && vl_buf_printf(buf, "%*s%.*s:\n", (int)(2 * depth), "",
                                     (int)(dot - (k->path + at)), k->path + at);
            depth++;
            at = (size_t)(dot - k->path) + 1;
        }
        ok = ok && vl_buf_printf(buf, "%*s%s: ", (int)(2 * depth), "", k->path + at);
        const unsigned char *field = base + k->offset;
        switch (k->type) {
        case VL__MT_DOUBLE: {
            double v;
            memcpy(&v, field, sizeof v);
            ok = ok && format_number(buf, v);
            break;
        }
        case VL__MT_INT:
        case VL__MT_ENUM: {
            int v;
            memcpy(&v, field, sizeof v);
            if (k->type == VL__MT_INT)
                ok = ok && vl_buf_printf(buf, "%d", v);
            else
                ok = ok && vl_buf_puts(buf, k->names[v]);
            break;
        }
        case VL__MT_BOOL: {
            bool b;
            memcpy(&b, field, sizeof b);
            ok = ok && vl_buf_puts(buf, b ? "true" : "false");
            break;
        }
        case VL__MT_STRING: {
            const char *s = (const char *)field;
            if (plain_scalar(s)) {
                ok = ok && vl_buf_puts(buf, s);
                break;
            }
            ok = ok && vl_buf_puts(buf, "\"");
            for (const char *p = s; *p && ok; p++)
                ok = (*p == '"' || *p == '\\')  ? vl_buf_printf(buf, "\\%c", *p)
                     : (unsigned char)*p < 0x20 ? vl_buf_printf(buf, "\\x%02x", (unsigned char)*p)
                                                : vl_buf_append(buf, p, 1);
            ok = ok && vl_buf_puts(buf, "\"");
            break;
        }
        case VL__MT_LIST: {
            size_t count;
            memcpy(&count, base + k->count_offset, sizeof count);
            ok = ok && vl_buf_puts(buf, "[");
            for (size_t j = 0; j < count && ok; j++) {
                double v;
                memcpy(&v, field + j * sizeof(double), sizeof v);
                ok = (j == 0 || vl_buf_puts(buf, ", ")) && format_number(buf, v);
            }
            ok = ok && vl_buf_puts(buf, "]");
            break;
        }
        }
        ok = ok && vl_buf_puts(buf, "\n");
        prev = k->path;
    }
    return ok;
}
