/*
 * test-output.c - outputs written whole or not at all (vieclam/output.h): commit replaces the
 * target, discard and failed writes leave it as it was, 0600 whatever the umask, a full device
 * is an error naming the file, a link keeps pointing at the file, leftovers of a killed run are
 * removed, and folder outputs are swapped in whole (no file of an earlier run survives) and
 * refuse to replace a folder vieclam did not write. No output, and no backup, replaces the
 * database a connection has open or a file being read, under any name of it.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"
#include "io/csv.h"

static int mode_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return (int)(sb.st_mode & 0777);
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* Entries of dir whose name contains ".tmp-" (temporary names left behind). */
static size_t leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp-"))
            n++;
    closedir(d);
    return n;
}

static void test_file_whole_or_not(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    char *dir = strdup(vt_tmpfile("files"));
    assert_int_equal(mkdir(dir, 0700), 0);
    char path[600];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    vt_write_file(path, "old\n");

    /* written but discarded: the old file stays, nothing left behind */
    vl_output *o;
    assert_int_equal(vl_output_open(ctx, path, 0, &o), VL_OK);
    fputs("half a fil", vl_output_stream(o));
    assert_string_equal(vl_output_name(o), path);
    vl_output_discard(o);
    char *text = vt_read_file(path, NULL);
    assert_string_equal(text, "old\n");
    free(text);
    assert_int_equal(leftovers(dir), 0);

    /* committed under umask 000 with the private flag: new content, mode 0600 */
    mode_t old_mask = umask(0);
    assert_int_equal(vl_output_open(ctx, path, VL_OUTPUT_PRIVATE, &o), VL_OK);
    fputs("new\n", vl_output_stream(o));
    assert_int_equal(vl_output_commit(ctx, o), VL_OK);
    umask(old_mask);
    text = vt_read_file(path, NULL);
    assert_string_equal(text, "new\n");
    free(text);
    assert_int_equal(mode_of(path), 0600);
    assert_int_equal(leftovers(dir), 0);

    /* the one-call form, and a link that keeps pointing at the replaced file */
    char link[640];
    snprintf(link, sizeof link, "%s/link.csv", dir);
    assert_int_equal(symlink("out.csv", link), 0);
    assert_int_equal(vl_output_write_file(ctx, link, VL_OUTPUT_PRIVATE, "via link\n", 9), VL_OK);
    struct stat sb;
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    text = vt_read_file(path, NULL);
    assert_string_equal(text, "via link\n");
    free(text);

    /* a missing directory: an error naming the file */
    char missing[640];
    snprintf(missing, sizeof missing, "%s/no/such/x.csv", dir);
    assert_int_equal(vl_output_open(ctx, missing, 0, &o), VL_ERR_IO);
    assert_null(o);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), missing));

    /* a full device is written in place and its failure named (never renamed over) */
    assert_int_equal(vl_output_open(ctx, "/dev/full", 0, &o), VL_OK);
    for (int i = 0; i < 10000; i++)
        fputs("Thợ hàn điện, Hải Phòng\n", vl_output_stream(o));
    assert_int_equal(vl_output_commit(ctx, o), VL_ERR_IO);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "/dev/full: write failed"));
    assert_true(exists("/dev/full"));
    assert_int_equal(vl_output_write_file(ctx, "/dev/null", 0, "x", 1), VL_OK);

    /* what a killed run left (a process that no longer exists) goes at the next write */
    char stale[640], live[640];
    snprintf(stale, sizeof stale, "%s/.out.csv.tmp-%d-0", dir, 2147483600);
    snprintf(live, sizeof live, "%s/.out.csv.tmp-%ld-99", dir, (long)getppid());
    vt_write_file(stale, "half");
    vt_write_file(live, "another run's");
    assert_int_equal(vl_output_write_file(ctx, path, 0, "again\n", 6), VL_OK);
    assert_false(exists(stale));
    assert_true(exists(live)); /* a live process's file is left alone */
    unlink(live);
    free(dir);
    vl_ctx_destroy(ctx);
}

static void test_folder_swap(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    char *parent = strdup(vt_tmpfile("plans"));
    assert_int_equal(mkdir(parent, 0700), 0);
    char plan[600], p[700];
    snprintf(plan, sizeof plan, "%s/plan", parent);

    /* first run: two slips */
    vl_output_dir *d;
    assert_int_equal(vl_output_dir_open(ctx, plan, VL_OUTPUT_PRIVATE, &d), VL_OK);
    assert_false(exists(plan)); /* nothing appears until commit */
    const char *stage = vl_output_dir_path(d);
    snprintf(p, sizeof p, "%s/S1.txt", stage);
    assert_int_equal(
        vl_output_write_file(ctx, p, VL_OUTPUT_PRIVATE | VL_OUTPUT_IN_FOLDER, "one\n", 4), VL_OK);
    snprintf(p, sizeof p, "%s/S2.txt", stage);
    assert_int_equal(
        vl_output_write_file(ctx, p, VL_OUTPUT_PRIVATE | VL_OUTPUT_IN_FOLDER, "two\n", 4), VL_OK);
    assert_int_equal(vl_output_dir_commit(ctx, d), VL_OK);
    assert_int_equal(mode_of(plan), 0700);
    snprintf(p, sizeof p, "%s/S2.txt", plan);
    assert_true(exists(p));

    /* a second run with one slip: S2 of the earlier run must not survive */
    assert_int_equal(vl_output_dir_open(ctx, plan, VL_OUTPUT_PRIVATE, &d), VL_OK);
    snprintf(p, sizeof p, "%s/S3.txt", vl_output_dir_path(d));
    assert_int_equal(vl_output_write_file(ctx, p, VL_OUTPUT_IN_FOLDER, "three\n", 6), VL_OK);
    assert_int_equal(vl_output_dir_commit(ctx, d), VL_OK);
    snprintf(p, sizeof p, "%s/S2.txt", plan);
    assert_false(exists(p));
    snprintf(p, sizeof p, "%s/S3.txt", plan);
    assert_true(exists(p));
    assert_int_equal(leftovers(parent), 0);

    /* a run that fails part-way: the previous plan is untouched, the staging folder gone */
    assert_int_equal(vl_output_dir_open(ctx, plan, VL_OUTPUT_PRIVATE, &d), VL_OK);
    snprintf(p, sizeof p, "%s/S9.txt", vl_output_dir_path(d));
    assert_int_equal(vl_output_write_file(ctx, p, VL_OUTPUT_IN_FOLDER, "nine\n", 5), VL_OK);
    vl_output_dir_discard(d);
    snprintf(p, sizeof p, "%s/S3.txt", plan);
    assert_true(exists(p));
    assert_int_equal(leftovers(parent), 0);

    /* an error inside a staged folder names the target, not the hidden staging name */
    assert_int_equal(vl_output_dir_open(ctx, plan, 0, &d), VL_OK);
    snprintf(p, sizeof p, "%s/missing/S1.txt", vl_output_dir_path(d));
    vl_output *o;
    assert_int_equal(vl_output_open(ctx, p, VL_OUTPUT_IN_FOLDER, &o), VL_ERR_IO);
    snprintf(p, sizeof p, "%s/missing/S1.txt: cannot write", plan);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), p));
    vl_output_dir_discard(d);

    /* a folder vieclam did not write is never replaced; a file is not a folder */
    char mine[600];
    snprintf(mine, sizeof mine, "%s/documents", parent);
    assert_int_equal(mkdir(mine, 0700), 0);
    snprintf(p, sizeof p, "%s/letter.txt", mine);
    vt_write_file(p, "keep");
    assert_int_equal(vl_output_dir_open(ctx, mine, 0, &d), VL_ERR_IO);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "did not write"));
    assert_true(exists(p));
    assert_int_equal(vl_output_dir_open(ctx, p, 0, &d), VL_ERR_IO);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "not a folder"));

    /* a staging folder of a killed run is removed by the next run */
    char stale[640];
    snprintf(stale, sizeof stale, "%s/.plan.tmp-%d-3", parent, 2147483600);
    assert_int_equal(mkdir(stale, 0700), 0);
    snprintf(p, sizeof p, "%s/S1.txt", stale);
    vt_write_file(p, "half");
    assert_int_equal(vl_output_dir_open(ctx, plan, 0, &d), VL_OK);
    assert_false(exists(stale));
    assert_int_equal(vl_output_dir_commit(ctx, d), VL_OK);
    free(parent);
    vl_ctx_destroy(ctx);
}

/* The database and the input in use are never written over (`export --out centre.db`, a
 * rejects file named as the file imported), by any name; once closed they may be. */
static void test_guarded_files(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    char *dir = strdup(vt_tmpfile("guarded"));
    assert_int_equal(mkdir(dir, 0700), 0);
    char path[600], link[600], input[600], other[600];
    snprintf(path, sizeof path, "%s/centre.db", dir);
    snprintf(link, sizeof link, "%s/link.db", dir);
    snprintf(input, sizeof input, "%s/in.csv", dir);
    snprintf(other, sizeof other, "%s/copy.db", dir);
    vl_db *db;
    assert_int_equal(vl_db_open(ctx, path, VL_DB_CREATE, &db), VL_OK);
    assert_int_equal(symlink(path, link), 0);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    vl_output *o = NULL;
    const char *names[] = {path, link};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(vl_output_open(ctx, names[i], 0, &o), VL_ERR_ARG);
        assert_null(o);
        assert_non_null(strstr(vl_ctx_errmsg(ctx), "the database or an input file in use"));
        assert_int_equal(vl_db_backup(ctx, db, names[i]), VL_ERR_ARG);
    }
    assert_int_equal(stat(path, &after), 0);
    assert_true(after.st_ino == before.st_ino);
    assert_int_equal(leftovers(dir), 0);
    /* a backup goes to a file, never over a device */
    assert_int_equal(vl_db_backup(ctx, db, "/dev/null"), VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "not a file"));
    assert_int_equal(vl_db_backup(ctx, db, other), VL_OK);
    /* a second connection to the same file; closing one leaves the other's guard */
    vl_db *second;
    assert_int_equal(vl_db_open(ctx, path, 0, &second), VL_OK);
    vl_db_close(db);
    assert_int_equal(vl_output_open(ctx, path, 0, &o), VL_ERR_ARG);
    vl_db_close(second);
    /* an input while it is read */
    vt_write_file(input, "id,name\n1,a\n");
    vl_csv_reader *r;
    assert_int_equal(vl_csv_open(ctx, input, &r), VL_OK);
    assert_int_equal(vl_output_open(ctx, input, 0, &o), VL_ERR_ARG);
    vl_csv_close(r);
    /* closed: an output like any other */
    assert_int_equal(vl_output_open(ctx, input, 0, &o), VL_OK);
    assert_int_equal(vl_output_commit(ctx, o), VL_OK);
    assert_int_equal(vl_output_open(ctx, path, 0, &o), VL_OK);
    vl_output_discard(o);
    free(dir);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_whole_or_not),
        cmocka_unit_test(test_folder_swap),
        cmocka_unit_test(test_guarded_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
