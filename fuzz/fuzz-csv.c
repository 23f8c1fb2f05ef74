/*
 * fuzz-csv.c - libFuzzer target for the streaming CSV reader (io/csv.c): every record of any
 * byte string is read to the end or to a clean error; nothing may crash or leak.
 */
#include <string.h>

#include "fuzz-util.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".csv");
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK)
        abort();
    vl_csv_reader *r = NULL;
    if (vl_csv_open(ctx, path, &r) == VL_OK) {
        const vl_csv_record *rec;
        size_t cols = vl_csv_ncols(r);
        for (size_t i = 0; i < cols; i++)
            if (!vl_csv_colname(r, i))
                abort();
        while (vl_csv_next(r, &rec) == VL_OK && rec)
            for (size_t i = 0; i < rec->n; i++)
                if (!rec->fields[i]) /* every field is a string, possibly empty */
                    abort();
    }
    vl_csv_close(r);
    vl_ctx_destroy(ctx);
    unlink(path);
    return 0;
}
