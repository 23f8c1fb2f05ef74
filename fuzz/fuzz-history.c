/*
 * fuzz-history.c - libFuzzer target for the strict history reader (vl_history_read_csv), the
 * path of `forecast --history FILE`.
 */
#include <vieclam/vieclam.h>

#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".csv");
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK)
        abort();
    vl_history *h = NULL;
    vl_history_read_csv(ctx, path, &h);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
    unlink(path);
    return 0;
}
