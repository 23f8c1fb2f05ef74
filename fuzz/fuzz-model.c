/*
 * fuzz-model.c - libFuzzer target for the YAML model readers: the first byte picks the matching
 * model or the fair model, the rest is the file. Any text ends in a model or a clean error.
 */
#include <vieclam/vieclam.h>

#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *path = fuzz_file(data + 1, size - 1, ".yaml");
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK)
        abort();
    if (data[0] & 1) {
        vl_fair_params p;
        vl_fair_params_load(ctx, path, &p);
    } else {
        vl_match_model *m = NULL;
        vl_match_model_load(ctx, path, &m);
        vl_match_model_destroy(m);
    }
    vl_ctx_destroy(ctx);
    unlink(path);
    return 0;
}
