/*
 * output.h - output files that appear whole or not at all, and folders swapped in whole.
 *
 * Every file a person relies on (results, shortlists, slips, reports, exports, backups) is
 * written through vl_output: the bytes go to a hidden temporary file in the target's directory,
 * which vl_output_commit flushes, fsyncs and renames over the target, then fsyncs the directory.
 * A crash or a failed write leaves the old file (or none), never a truncated one, and a failed
 * write is an error naming the file. Folders of several files (a fair's plan) are staged the same
 * way beside the target and swapped in whole, so files of an earlier run never survive.
 */
#ifndef VIECLAM_OUTPUT_H
#define VIECLAM_OUTPUT_H

#include <stdio.h>

#include <vieclam/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Flags of vl_output_open / vl_output_dir_open. */
enum {
    /* Mode 0600 (0700 for a folder) whatever the umask: the output may hold personal data. */
    VL_OUTPUT_PRIVATE = 1u << 0,
    /*
     * The file is inside a folder output's staging folder (vl_output_dir_path): it skips its own
     * fsync, because vl_output_dir_commit makes the whole folder durable at once (a plan folder
     * holds a slip per seeker: one fsync each would cost seconds).
     */
    VL_OUTPUT_IN_FOLDER = 1u << 1,
};

typedef struct vl_output vl_output;

/*
 * Starts an output to `path`. NULL or "-" is standard output: written directly (it cannot be
 * renamed) but still checked, so a full disk or a closed pipe fails the commit. The file is
 * created in the target's directory, so a missing directory fails here, with the file's name.
 */
VL_EXPORT vl_status vl_output_open(vl_ctx *ctx, const char *path, unsigned flags, vl_output **out);
/* The stream to write to (binary mode; never NULL for an open output). */
VL_EXPORT FILE *vl_output_stream(vl_output *o);
/* The name used in messages: the target path, or "standard output". */
VL_EXPORT const char *vl_output_name(const vl_output *o);
/*
 * For a writer that opens files by name itself (libxlsxwriter): closes the stream and returns
 * the temporary file's path, which the writer fills before vl_output_commit. NULL for stdout.
 */
VL_EXPORT const char *vl_output_temp_path(vl_output *o);
/*
 * Finishes the output: flush, fsync, rename over the target, fsync the directory. On any
 * failure the temporary file is removed, the target is untouched and the error names the file.
 * Always releases o (NULL is VL_OK).
 */
VL_EXPORT vl_status vl_output_commit(vl_ctx *ctx, vl_output *o);
/* Abandons an output: the temporary file is removed, the target untouched. NULL is a no-op. */
VL_EXPORT void vl_output_discard(vl_output *o);

/*
 * Writes a whole buffer as the file `path` (open, write, commit): the common case of one call.
 */
VL_EXPORT vl_status vl_output_write_file(vl_ctx *ctx, const char *path, unsigned flags,
                                         const void *data, size_t len);

typedef struct vl_output_dir vl_output_dir;

/*
 * Starts a folder output: an empty staging folder is made beside `path` (hidden, same parent),
 * where the caller writes its files (each through vl_output_open, or any writer). Refuses a
 * target that exists and is not a folder, or is a non-empty folder that vieclam did not write
 * (it would be replaced whole). Staging folders left by a killed run are removed here.
 */
VL_EXPORT vl_status vl_output_dir_open(vl_ctx *ctx, const char *path, unsigned flags,
                                       vl_output_dir **out);
/* The staging folder's path: write the files here. */
VL_EXPORT const char *vl_output_dir_path(const vl_output_dir *d);
/*
 * Swaps the staging folder in for the target (atomically where the kernel can exchange two
 * names; otherwise the old folder is moved aside first) and removes the old folder. On failure
 * the staging folder is removed and the target left as it was. Always releases d.
 */
VL_EXPORT vl_status vl_output_dir_commit(vl_ctx *ctx, vl_output_dir *d);
/* Abandons a folder output: the staging folder and its files are removed. NULL is a no-op. */
VL_EXPORT void vl_output_dir_discard(vl_output_dir *d);

/*
 * Checks that everything written to standard output arrived: flushes it and reports a write
 * error (ENOSPC, EIO, EPIPE) as VL_ERR_IO naming "standard output". Programs call it before
 * exiting with success.
 */
VL_EXPORT vl_status vl_output_check_stdout(vl_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
