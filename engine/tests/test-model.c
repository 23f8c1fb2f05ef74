/*
 * test-model.c - the schema-table-driven YAML model reader (model/model.h): every type, every
 * rule (missing, unknown, duplicated, wrongly typed, out-of-range keys) with its FILE:LINE:COL,
 * defaults, the Markdown documentation, and the shipped models/matching.yaml.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"

typedef struct demo_params {
    double weight;
    int count;
    bool strict;
    int method;
    char label[16];
    double steps[4];
    size_t n_steps;
    double optional_km;
} demo_params;

static const char *const methods[] = {"flow", "stable", "greedy", NULL};

static const vl__model_key demo_keys[] = {
    VL__MODEL_DOUBLE("score.weight", demo_params, weight, 0, 1, 0.385, "", "A weight."),
    VL__MODEL_INT("score.count", demo_params, count, 1, 50, 7, "pairs", "A count."),
    VL__MODEL_BOOL("rules.strict", demo_params, strict, true, "A flag."),
    VL__MODEL_ENUM("rules.method", demo_params, method, methods, 1, "A method."),
    VL__MODEL_STRING("name", demo_params, label, "demo", "A label."),
    VL__MODEL_LIST("score.steps", demo_params, steps, n_steps, 0, 10, "1.5, 2.25", "km", "Steps."),
    {.path = "rules.optional_km",
     .type = VL__MT_DOUBLE,
     .flags = VL__MK_OPTIONAL,
     .min = 0,
     .max = 500,
     .def = 27.5,
     .offset = offsetof(demo_params, optional_km),
     .unit = "km",
     .doc = "An optional distance."},
};

static const char good_yaml[] = "# a comment\n"
                                "name: Hải Dương\n"
                                "score:\n"
                                "  weight: 0.615\n"
                                "  count: 13\n"
                                "  steps: [0.5, 3.75, 9]\n"
                                "rules:\n"
                                "  strict: false\n"
                                "  method: greedy\n";

static vl_status load(vl_ctx *ctx, const char *text, demo_params *p)
{
    return vl__model_load_text(ctx, "m.yaml", text, strlen(text), demo_keys,
                               VL_ARRAY_LEN(demo_keys), p, sizeof *p);
}

static void test_good_file(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    demo_params p;
    memset(&p, 0, sizeof p);
    assert_int_equal(load(ctx, good_yaml, &p), VL_OK);
    assert_true(fabs(p.weight - 0.615) < 1e-15);
    assert_int_equal(p.count, 13);
    assert_false(p.strict);
    assert_int_equal(p.method, 2);
    assert_string_equal(p.label, "Hải Dương");
    assert_int_equal(p.n_steps, 3);
    assert_true(p.steps[1] == 3.75 && p.steps[2] == 9);
    assert_true(p.optional_km == 27.5); /* optional and absent: the default */
    assert_int_equal(vl_ctx_diag_count(ctx), 0);

    /* the same through a file */
    const char *path = vt_tmpfile("good.yaml");
    vt_write_file(path, good_yaml);
    demo_params q;
    memset(&q, 0, sizeof q);
    assert_int_equal(vl__model_load(ctx, path, demo_keys, VL_ARRAY_LEN(demo_keys), &q, sizeof q),
                     VL_OK);
    assert_memory_equal(&p, &q, sizeof p);
    vl_ctx_destroy(ctx);
}

/* Each bad file: the status, the first diagnostic's expected prefix and count. */
static const struct bad_case {
    const char *what;
    const char *yaml;
    vl_status status;
    const char *diag; /* the first diagnostic starts with this */
    size_t n_diags;
} bad_cases[] = {
    {"missing key",
     "name: x\nscore:\n  weight: 0.5\n  steps: [1]\nrules:\n  strict: true\n"
     "  method: flow\n",
     VL_ERR_INVALID, "m.yaml:3:3: missing key 'score.count'", 1},
    {"missing section", "name: x\nrules:\n  strict: true\n  method: flow\n", VL_ERR_INVALID,
     "m.yaml:1:1: missing key 'score.weight'", 3},
    {"unknown key",
     "name: x\nscore:\n  weight: 0.5\n  wieght: 0.5\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:4:3: unknown key 'score.wieght'", 1},
    {"unknown section",
     "name: x\nscore:\n  weight: 0.5\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\nextra:\n  a: 1\n",
     VL_ERR_INVALID, "m.yaml:9:1: unknown key 'extra'", 1},
    {"duplicate key",
     "name: x\nscore:\n  weight: 0.5\n  count: 3\n  count: 4\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:5:3: key 'score.count' given twice (first at line 4)", 1},
    {"out of range",
     "name: x\nscore:\n  weight: 1.25\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:3:11: 'score.weight': 1.25 is out of range [0, 1]", 1},
    {"negative",
     "name: x\nscore:\n  weight: -0.001\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:3:11: 'score.weight': -0.001 is out of range", 1},
    {"decimal comma",
     "name: x\nscore:\n  weight: 0,5\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:3:11: 'score.weight': expected a number, got '0,5' (write a", 1},
    {"text for number",
     "name: x\nscore:\n  weight: high\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:3:11: 'score.weight': expected a number, got 'high'", 1},
    {"quoted number",
     "name: x\nscore:\n  weight: \"0.5\"\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:3:11: 'score.weight': expected a number", 1},
    {"fractional int",
     "name: x\nscore:\n  weight: 0.5\n  count: 3.5\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:4:10: 'score.count': expected an integer, got '3.5'", 1},
    {"int out of range",
     "name: x\nscore:\n  weight: 0.5\n  count: 51\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:4:10: 'score.count': 51 is out of range [1, 50]", 1},
    {"bad bool",
     "name: x\nscore:\n  weight: 0.5\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: yes\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:7:11: 'rules.strict': expected true or false, got 'yes'", 1},
    {"bad enum",
     "name: x\nscore:\n  weight: 0.5\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: fastest\n",
     VL_ERR_INVALID, "m.yaml:8:11: 'rules.method': 'fastest' is not one of: flow, stable, greedy",
     1},
    {"list item range",
     "name: x\nscore:\n  weight: 0.5\n  count: 3\n  steps: [1, 12]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:5:14: 'score.steps': 12 is out of range [0, 10]", 1},
    {"list too long",
     "name: x\nscore:\n  weight: 0.5\n  count: 3\n  steps: [1, 2, 3, 4, 5]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:5:23: 'score.steps': more than 4 items", 1},
    {"scalar for list",
     "name: x\nscore:\n  weight: 0.5\n  count: 3\n  steps: 1\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:5:10: 'score.steps': expected a list of numbers", 1},
    {"mapping for number",
     "name: x\nscore:\n  weight:\n    a: 1\n  count: 3\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:4:5: 'score.weight': expected a number, got a mapping", 1},
    {"scalar for section", "name: x\nscore: 3\nrules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:2:8: 'score' must be a mapping of keys", 4},
    {"string too long",
     "name: abcdefghijklmnopqrstuvwxyz\nscore:\n  weight: 0.5\n  count: 3\n"
     "  steps: [1]\nrules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:1:7: 'name': text longer than 15 bytes", 1},
    {"syntax error", "name: x\nscore:\n  weight: [0.5\n", VL_ERR_INVALID, "m.yaml:4:1: YAML syntax",
     1},
    {"bad indentation", "name: x\n score: 1\n  weight: 2\n", VL_ERR_INVALID,
     "m.yaml:2:7: YAML syntax", 1},
    {"empty file", "", VL_ERR_INVALID, "m.yaml:1:1: empty model file", 1},
    {"two documents", "name: x\n---\nname: y\n", VL_ERR_INVALID,
     "m.yaml:2:1: a model file holds one YAML document", 1},
    {"root is a list", "- 1\n- 2\n", VL_ERR_INVALID, "m.yaml:1:1: the model must be a mapping", 1},
    {"two problems",
     "name: x\nscore:\n  weight: 2\n  count: 0\n  steps: [1]\n"
     "rules:\n  strict: true\n  method: flow\n",
     VL_ERR_INVALID, "m.yaml:3:11: 'score.weight': 2 is out of range", 2},
};

static void test_bad_files(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    for (size_t i = 0; i < VL_ARRAY_LEN(bad_cases); i++) {
        const struct bad_case *c = &bad_cases[i];
        demo_params p, before;
        memset(&p, 0x5a, sizeof p);
        before = p;
        vl_status st = load(ctx, c->yaml, &p);
        if (st != c->status)
            fail_msg("%s: status %d, expected %d", c->what, st, c->status);
        size_t nd = vl_ctx_diag_count(ctx);
        const char *d0 = nd ? vl_ctx_diag(ctx, 0) : "(none)";
        if (strncmp(d0, c->diag, strlen(c->diag)) != 0)
            fail_msg("%s: first diagnostic '%s', expected '%s...'", c->what, d0, c->diag);
        if (nd != c->n_diags)
            fail_msg("%s: %zu diagnostics, expected %zu", c->what, nd, c->n_diags);
        /* the context's message is the first problem; the output is untouched */
        assert_string_equal(vl_ctx_errmsg(ctx), d0);
        assert_memory_equal(&p, &before, sizeof p);
    }
    vl_ctx_destroy(ctx);
}

static void test_io_error_and_bad_table(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    demo_params p;
    assert_int_equal(vl__model_load(ctx, vt_tmpfile("no-such.yaml"), demo_keys,
                                    VL_ARRAY_LEN(demo_keys), &p, sizeof p),
                     VL_ERR_IO);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "no-such.yaml"));

    /* a table with the same path twice, or an enum without names, is the caller's bug */
    vl__model_key twice[2] = {demo_keys[0], demo_keys[0]};
    assert_int_equal(vl__model_load_text(ctx, "t", "a: 1\n", 5, twice, 2, &p, sizeof p),
                     VL_ERR_ARG);
    vl__model_key no_names = demo_keys[3];
    no_names.names = NULL;
    assert_int_equal(vl__model_load_text(ctx, "t", "a: 1\n", 5, &no_names, 1, &p, sizeof p),
                     VL_ERR_ARG);
    vl__model_key outside = demo_keys[0];
    outside.offset = sizeof p;
    assert_int_equal(vl__model_load_text(ctx, "t", "a: 1\n", 5, &outside, 1, &p, sizeof p),
                     VL_ERR_ARG);
    vl_ctx_destroy(ctx);
}

static void test_defaults_and_doc(void **state)
{
    (void)state;
    demo_params p;
    memset(&p, 0, sizeof p);
    vl__model_defaults(demo_keys, VL_ARRAY_LEN(demo_keys), &p);
    assert_true(p.weight == 0.385 && p.count == 7 && p.strict && p.method == 1);
    assert_string_equal(p.label, "demo");
    assert_int_equal(p.n_steps, 2);
    assert_true(p.steps[0] == 1.5 && p.steps[1] == 2.25);
    assert_true(p.optional_km == 27.5);

    vl_buf b = {0};
    assert_true(vl__model_doc(demo_keys, VL_ARRAY_LEN(demo_keys), &b));
    for (size_t i = 0; i < VL_ARRAY_LEN(demo_keys); i++) {
        char want[64];
        snprintf(want, sizeof want, "| `%s` |", demo_keys[i].path);
        assert_non_null(strstr(b.data, want));
    }
    assert_non_null(strstr(b.data, "| `score.weight` | number | - | [0, 1] | 0.385 | A weight. |"));
    assert_non_null(strstr(b.data, "`flow`, `stable`, `greedy` | `stable`"));
    assert_non_null(strstr(b.data, "(optional)"));
    vl_buf_free(&b);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_io_error_and_bad_table),
        cmocka_unit_test(test_defaults_and_doc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
