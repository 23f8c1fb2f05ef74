/*
 * fuzz-import.c - libFuzzer target for every importer through the public API (vl_db_import):
 * the first byte picks the kind (areas, employers, vacancies, seekers, history, referrals,
 * followups), the rest is the file. One database per process, initialised once; an import is
 * all or nothing, so a failed one must leave it as it was (checked by its row counts).
 */
#include <string.h>

#include <vieclam/vieclam.h>

#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vl_db *db;
static vl_ctx *ctx;

static void counts(vl_db_counts *c)
{
    if (vl_db_counts_get(ctx, db, c) != VL_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        char dbpath[64];
        snprintf(dbpath, sizeof dbpath, "/tmp/vl-fuzz-import-%ld.db", (long)getpid());
        unlink(dbpath);
        if (vl_ctx_create(&ctx) != VL_OK || vl_db_open(ctx, dbpath, VL_DB_CREATE, &db) != VL_OK ||
            vl_db_init_reference(ctx, db) != VL_OK)
            abort();
    }
    if (size < 1)
        return 0;
    vl_kind kind = (vl_kind)(data[0] % VL_KIND_COUNT);
    const char *path = fuzz_file(data + 1, size - 1, ".csv");
    vl_db_counts before, after;
    counts(&before);
    vl_import_options opt = {0};
    vl_import_stats stats;
    vl_status st = vl_db_import(ctx, db, kind, path, &opt, &stats);
    counts(&after);
    if (st != VL_OK && memcmp(&before, &after, sizeof before) != 0)
        abort(); /* a failed import changed the database */
    unlink(path);
    return 0;
}
