/*
 * fuzz-xlsx.c - libFuzzer target for the xlsx reader (io/xlsx-read.c: libzip + expat): any bytes
 * as a workbook, opened from memory, every row read to the end or to a clean error.
 */
#include "fuzz-util.h"
#include "io/xlsx-read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK)
        abort();
    vl_xlsxr *r = NULL;
    if (vl_xlsxr_open_buffer(ctx, data, size, "fuzz.xlsx", NULL, &r) == VL_OK) {
        const vl_csv_record *rec;
        while (vl_xlsxr_next(r, &rec) == VL_OK && rec)
            for (size_t i = 0; i < rec->n; i++)
                if (!rec->fields[i])
                    abort();
    }
    vl_xlsxr_close(r);
    vl_ctx_destroy(ctx);
    return 0;
}
