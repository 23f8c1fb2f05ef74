/*
 * copy.c - moving a centre's records from one database to another, whatever their backends
 * (a SQLite file to a PostgreSQL schema and back): every kind goes out through the exporter and
 * in through the importer, so the copy gets the same checks and canonical form as any import,
 * in one transaction on the target (all or nothing). Then each kind is exported again from the
 * target and compared with the source's export by row count and SHA-256: exports are
 * byte-identical across backends, so equal checksums prove the copy.
 *
 * Not copied: the audit trail of runs and the results stored under them (match results, fair
 * invitations, forecasts), which belong to the database where they were made.
 */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/sha256.h"

/* The kinds in the order their references need (areas before employers ...). */
static const vl_kind order[] = {VL_KIND_AREAS,     VL_KIND_EMPLOYERS, VL_KIND_FAIRS,
                                VL_KIND_VACANCIES, VL_KIND_SEEKERS,   VL_KIND_HISTORY,
                                VL_KIND_REFERRALS, VL_KIND_FOLLOWUPS, VL_KIND_COUNSELLING};

/* A new empty file (mode 0600: it holds personal data) in the temporary directory. */
static vl_status temp_file(vl_ctx *ctx, char *path, size_t size)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/vieclam-copy.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return vl__error(ctx, VL_ERR_IO, "%s: cannot create a temporary file: %s", path,
                         strerror(errno));
    close(fd);
    return VL_OK;
}

/* Data rows of an export (lines after the header; no field holds a raw line break unquoted,
 * and the importer counts records the same way, so the import's count is used). */
static vl_status copy_kind(vl_ctx *ctx, vl_db *from, vl_db *to, vl_kind kind, const char *a,
                           const char *b, vl_copy_table *t)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    vl_status st = vl_db_export(ctx, from, kind, a, NULL);
    if (st != VL_OK)
        return st;
    vl_import_stats stats;
    if ((st = vl_db_import(ctx, to, kind, a, NULL, &stats)) != VL_OK)
        return st;
    t->rows = stats.rows;
    if ((st = vl_db_export(ctx, to, kind, b, NULL)) != VL_OK)
        return st;
    if ((st = vl__sha256_file(ctx, a, t->sha256_from)) != VL_OK ||
        (st = vl__sha256_file(ctx, b, t->sha256_to)) != VL_OK)
        return st;
    t->same = strcmp(t->sha256_from, t->sha256_to) == 0;
    return VL_OK;
}

vl_status vl_db_copy(vl_ctx *ctx, vl_db *from, vl_db *to, vl_copy_report *out)
{
    if (!from || !to || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_copy: missing argument");
    memset(out, 0, sizeof *out);
    char a[512], b[512];
    vl_status st = temp_file(ctx, a, sizeof a);
    if (st != VL_OK)
        return st;
    if ((st = temp_file(ctx, b, sizeof b)) != VL_OK) {
        unlink(a);
        return st;
    }
    /* one snapshot of the source, one transaction on the target */
    if ((st = vl__db_begin_read(ctx, from)) == VL_OK) {
        if ((st = vl__db_begin(ctx, to)) == VL_OK) {
            for (size_t i = 0; i < VL_ARRAY_LEN(order) && st == VL_OK; i++) {
                st = copy_kind(ctx, from, to, order[i], a, b, &out->tables[out->n]);
                if (st == VL_OK && !out->tables[out->n++].same)
                    st = vl__error(ctx, VL_ERR_INVALID,
                                   "copying %s: the target's export differs from the source's"
                                   " (the target held other records?); nothing was copied",
                                   vl_kind_name(order[i]));
            }
            if (st == VL_OK)
                st = vl__db_commit(ctx, to);
            else
                vl__db_rollback(to);
        }
        vl__db_end_read(from);
    }
    unlink(a);
    unlink(b);
    return st;
}
