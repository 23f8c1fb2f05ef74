/*
 * model.h - private API of the model room: a generic, schema-table-driven reader of YAML model
 * files (models/matching.yaml, models/fair.yaml, models/forecast.yaml). libyaml is included by
 * model/model.c only; every other room declares a table of keys (path, type, range, default,
 * offset into its struct, unit, effect) and gets a validated, filled struct, or every problem
 * as "FILE:LINE:COL: reason". The same table fills defaults and renders docs/models.md rows.
 */
#ifndef VL_MODEL_MODEL_H
#define VL_MODEL_MODEL_H

#include "core/core.h"

/*
 * How to declare a model (e.g. in fair/fair-model.c):
 *
 *     typedef struct fair_params { double per_position; int per_seeker; bool priority;
 *                                  int method; char name[32]; double steps[8]; size_t n_steps;
 *     } fair_params;
 *     static const char *const methods[] = {"flow", "stable", "greedy", NULL};
 *     static const vl__model_key fair_keys[] = {
 *         VL__MODEL_DOUBLE("plan.per_position", fair_params, per_position, 0.5, 100, 2,
 *                          "invitations", "Invitations per open position."),
 *         VL__MODEL_INT("plan.per_seeker", fair_params, per_seeker, 1, 50, 3, "invitations",
 *                       "Most invitations per seeker."),
 *         VL__MODEL_BOOL("plan.reward_priority", fair_params, priority, true, "Reward ..."),
 *         VL__MODEL_ENUM("plan.method", fair_params, method, methods, 0, "Default method."),
 *         VL__MODEL_STRING("name", fair_params, name, "fair", "A label."),
 *         VL__MODEL_LIST("plan.steps", fair_params, steps, n_steps, 0, 1, "1", "", "Steps."),
 *     };
 *     fair_params p;
 *     vl_status st = vl__model_load(ctx, path, fair_keys, VL_ARRAY_LEN(fair_keys), &p,
 *                                   sizeof p);
 *
 * Keys are dotted paths into nested YAML mappings ("plan.per_position" is `plan:` then
 * `per_position:` indented below it). Rules, each violation reported as a diagnostic
 * "FILE:LINE:COL: reason" (1-based, from libyaml's marks) and the whole load failing with
 * VL_ERR_INVALID (the first problem is also the context's message):
 *   - every key of the table must be present (unless flagged VL__MK_OPTIONAL, then its
 *     default applies); a missing key is reported at the mapping that should hold it;
 *   - a key not in the table is an error (typos never pass silently), so is a key given twice;
 *   - numbers are plain scalars parsed without the locale ("1,5" is refused), within [min, max]
 *     (inclusive); an int must be integral; a bool is true or false; an enum one of its names;
 *     a string any scalar (at most the field's size - 1 bytes); a list a YAML sequence of
 *     numbers, each within [min, max], at most the array's capacity;
 *   - the file must be valid YAML whose root is a mapping.
 * `out` is written only on success (the load fills a copy first), so a failed load leaves the
 * caller's struct as it was.
 *
 * The table also documents the model: vl__model_defaults fills the declared defaults (for
 * tests and for programs that run without a file) and vl__model_doc renders a Markdown table
 * of the keys (type, unit, range, default, effect) for docs/models.md.
 */
typedef enum vl__model_type {
    VL__MT_DOUBLE = 0, /* double */
    VL__MT_INT,        /* int (range checked, integral) */
    VL__MT_BOOL,       /* bool */
    VL__MT_STRING,     /* char[size] */
    VL__MT_ENUM,       /* int: index into names */
    VL__MT_LIST        /* double[size] with a size_t count at count_offset */
} vl__model_type;

enum {
    VL__MK_OPTIONAL = 1u << 0 /* may be absent: the default applies */
};

typedef struct vl__model_key {
    const char *path; /* dotted key path: "fit.weights.skills" */
    vl__model_type type;
    unsigned flags;           /* VL__MK_* */
    double min, max;          /* inclusive range (numbers, list items) */
    double def;               /* default: number, bool (0/1), enum index */
    const char *def_str;      /* default of a string; text of a list's default for the docs */
    const char *const *names; /* enum names, NULL-terminated */
    size_t offset;            /* offsetof(struct, field) */
    size_t size;              /* string: bytes of the char array; list: capacity in items */
    size_t count_offset;      /* list: offsetof the size_t count */
    const char *unit;         /* for the docs: "km", "VND/month", "" */
    const char *doc;          /* one or two sentences: the effect of the key */
} vl__model_key;

/* Table-entry helpers; T is the struct type, F the field. */
#define VL__MODEL_DOUBLE(P, T, F, MIN, MAX, DEF, UNIT, DOC)                                        \
    {                                                                                              \
        .path = (P), .type = VL__MT_DOUBLE, .min = (MIN), .max = (MAX), .def = (DEF),              \
        .offset = offsetof(T, F), .unit = (UNIT), .doc = (DOC)                                     \
    }
#define VL__MODEL_INT(P, T, F, MIN, MAX, DEF, UNIT, DOC)                                           \
    {                                                                                              \
        .path = (P), .type = VL__MT_INT, .min = (MIN), .max = (MAX), .def = (DEF),                 \
        .offset = offsetof(T, F), .unit = (UNIT), .doc = (DOC)                                     \
    }
#define VL__MODEL_BOOL(P, T, F, DEF, DOC)                                                          \
    {                                                                                              \
        .path = (P), .type = VL__MT_BOOL, .min = 0, .max = 1, .def = (DEF),                        \
        .offset = offsetof(T, F), .unit = "", .doc = (DOC)                                         \
    }
#define VL__MODEL_ENUM(P, T, F, NAMES, DEF, DOC)                                                   \
    {                                                                                              \
        .path = (P), .type = VL__MT_ENUM, .names = (NAMES), .def = (DEF),                          \
        .offset = offsetof(T, F), .unit = "", .doc = (DOC)                                         \
    }
#define VL__MODEL_STRING(P, T, F, DEF, DOC)                                                        \
    {                                                                                              \
        .path = (P), .type = VL__MT_STRING, .def_str = (DEF), .offset = offsetof(T, F),            \
        .size = sizeof(((T *)0)->F), .unit = "", .doc = (DOC)                                      \
    }
#define VL__MODEL_LIST(P, T, F, COUNT, MIN, MAX, DEF_TEXT, UNIT, DOC)                              \
    {                                                                                              \
        .path = (P), .type = VL__MT_LIST, .min = (MIN), .max = (MAX), .def_str = (DEF_TEXT),       \
        .offset = offsetof(T, F), .size = sizeof(((T *)0)->F) / sizeof(double),                    \
        .count_offset = offsetof(T, COUNT), .unit = (UNIT), .doc = (DOC)                           \
    }

/*
 * Reads the YAML file at path into out (a struct of `out_size` bytes described by the table).
 * Returns VL_OK, VL_ERR_IO (cannot open), VL_ERR_INVALID (any rule above broken; every problem
 * is a diagnostic), VL_ERR_NOMEM, or VL_ERR_ARG (a malformed table: a bug of the caller).
 */
vl_status vl__model_load(vl_ctx *ctx, const char *path, const vl__model_key *keys, size_t n,
                         void *out, size_t out_size);

/* The same from a text in memory; `name` stands for the file name in the messages. */
vl_status vl__model_load_text(vl_ctx *ctx, const char *name, const char *text, size_t len,
                              const vl__model_key *keys, size_t n, void *out, size_t out_size);

/*
 * The line (1-based) of a dotted key ("fit.weights") in the block-style YAML file at path, for
 * messages about a rule between several keys (weights that sum to zero); 0 when the file cannot
 * be read or the key is not written in it (it has its default).
 */
size_t vl__model_key_line(const char *path, const char *key);

/* Fills out with every key's declared default (lists from def_str: numbers separated by ','). */
void vl__model_defaults(const vl__model_key *keys, size_t n, void *out);

/*
 * Appends a Markdown table (| key | type | unit | range | default | effect |) of the keys to buf.
 * Returns false on out-of-memory.
 */
bool vl__model_doc(const vl__model_key *keys, size_t n, vl_buf *buf);

/*
 * Appends the struct `in` as YAML that vl__model_load reads back into the same values: one line
 * per key in table order, keys sharing a dotted prefix nested under one section (the table lists
 * a section's keys together), numbers in their shortest exact form, strings quoted when a plain
 * scalar would not read back. Returns false on out-of-memory.
 */
bool vl__model_format(const vl__model_key *keys, size_t n, const void *in, vl_buf *buf);

#endif
