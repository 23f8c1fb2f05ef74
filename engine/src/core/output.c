/*
 * output.c - output files written whole or not at all (vieclam/output.h).
 *
 * A file goes to ".NAME.tmp-PID-N" in the target's directory (same file system, so rename is
 * atomic), opened O_EXCL with the final mode; commit is fflush + fsync + close + rename + fsync
 * of the directory, in that order, so after a crash the target is either the old file or the new
 * one complete. A folder is staged as ".NAME.tmp-PID-N/" beside the target and exchanged with it
 * (renameat2 RENAME_EXCHANGE), then the old tree is removed. The PID in the temporary names lets
 * the next run remove what a killed run left (only names of processes that no longer exist).
 *
 * Owns: the temporary names and their clean-up. Errors always name the target, never the
 * temporary name, which means nothing to the person who asked for the file.
 */
/* renameat2 and RENAME_EXCHANGE need _GNU_SOURCE, which the build defines */
#include "core/core.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vieclam/output.h>

/* The file each folder output carries, so that a later run knows it may replace the folder. */
#define MARKER      ".vieclam-output"
#define MARKER_TEXT "This folder was written by vieclam and is replaced whole by the next run.\n"

struct vl_output {
    char *path;  /* target; NULL for stdout */
    char *shown; /* the target as messages name it (staging folder names taken out) */
    bool nosync; /* VL_OUTPUT_IN_FOLDER */
    bool direct; /* a device or pipe (/dev/stdout, /dev/full, a FIFO): written in place */
    char *tmp;   /* temporary file; NULL for stdout */
    FILE *f;     /* NULL once handed to a writer by name */
    bool failed; /* a write error seen before commit (reported there) */
};

struct vl_output_dir {
    char *path;
    char *tmp;
    unsigned flags;
};

static atomic_uint tmp_counter;

/* ---- guarded files ------------------------------------------------------------------------- */

#define GUARD_MAX 64

typedef struct guard {
    dev_t dev;
    ino_t ino;
    unsigned uses; /* 0: a free slot */
} guard;

static guard guards[GUARD_MAX];
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;

void vl__guard_on(const char *path, vl__file_id *id)
{
    struct stat sb;
    id->set = false;
    if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return;
    pthread_mutex_lock(&guard_lock);
    size_t i = 0, free_slot = GUARD_MAX;
    for (; i < GUARD_MAX; i++) {
        if (guards[i].uses && guards[i].dev == sb.st_dev && guards[i].ino == sb.st_ino)
            break;
        if (!guards[i].uses && free_slot == GUARD_MAX)
            free_slot = i;
    }
    if (i < GUARD_MAX)
        guards[i].uses++;
    else if (free_slot < GUARD_MAX)
        guards[free_slot] = (guard){sb.st_dev, sb.st_ino, 1};
    id->set = i < GUARD_MAX || free_slot < GUARD_MAX;
    id->dev = sb.st_dev;
    id->ino = sb.st_ino;
    pthread_mutex_unlock(&guard_lock);
}

void vl__guard_off(vl__file_id *id)
{
    if (!id || !id->set)
        return;
    pthread_mutex_lock(&guard_lock);
    for (size_t i = 0; i < GUARD_MAX; i++)
        if (guards[i].uses && guards[i].dev == id->dev && guards[i].ino == id->ino) {
            guards[i].uses--;
            break;
        }
    pthread_mutex_unlock(&guard_lock);
    id->set = false;
}

bool vl__guarded(const char *path)
{
    struct stat sb;
    if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    bool hit = false;
    pthread_mutex_lock(&guard_lock);
    for (size_t i = 0; i < GUARD_MAX && !hit; i++)
        hit = guards[i].uses && guards[i].dev == sb.st_dev && guards[i].ino == sb.st_ino;
    pthread_mutex_unlock(&guard_lock);
    return hit;
}

vl_status vl__guarded_error(vl_ctx *ctx, const char *path)
{
    return vl__error(ctx, VL_ERR_ARG,
                     "%s is the database or an input file in use: writing the output there would "
                     "destroy it; choose another file",
                     path);
}

/* Splits path into its directory ("." when none) and last component. Caller frees both. */
static bool split_path(const char *path, char **dir, char **base)
{
    const char *slash = strrchr(path, '/');
    *dir = slash ? (slash == path ? vl__strdup("/") : vl__strndup(path, (size_t)(slash - path)))
                 : vl__strdup(".");
    *base = vl__strdup(slash ? slash + 1 : path);
    if (!*dir || !*base) {
        vl__free(*dir);
        vl__free(*base);
        *dir = *base = NULL;
        return false;
    }
    return true;
}

/* A new temporary name beside path: DIR/.BASE.tmp-PID-N. */
static char *temp_name(const char *path)
{
    char *dir, *base;
    if (!split_path(path, &dir, &base))
        return NULL;
    vl_buf b = {0};
    unsigned n = atomic_fetch_add(&tmp_counter, 1);
    bool ok = vl_buf_printf(&b, "%s/.%s.tmp-%ld-%u", dir, base, (long)getpid(), n);
    vl__free(dir);
    vl__free(base);
    if (!ok) {
        vl_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/*
 * The name a person knows a path by: every staging component ".NAME.tmp-PID-N" becomes NAME, so
 * an error in a file of a plan being staged names PLAN/slips/S1.txt, not the hidden folder.
 */
static char *shown_name(const char *path)
{
    vl_buf b = {0};
    const char *p = path;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *t = n > 1 && p[0] == '.' ? memmem(p, n, ".tmp-", 5) : NULL;
        bool ok = t && t > p + 1 ? vl_buf_append(&b, p + 1, (size_t)(t - p - 1))
                                 : vl_buf_append(&b, p, n);
        if (!ok || (end && !vl_buf_append(&b, "/", 1))) {
            vl_buf_free(&b);
            return NULL;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return b.data ? b.data : vl__strdup("");
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(p);
    else
        unlink(p);
    return 0;
}

/* Removes a file or a whole tree; quiet (used on paths this module made). */
static void remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode))
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
        unlink(path);
}

/*
 * Removes ".BASE.tmp-PID-N" entries beside path whose process is gone: what a killed run left.
 * Entries of live processes (a concurrent run) are left alone.
 */
static void remove_stale(const char *path)
{
    char *dir, *base;
    if (!split_path(path, &dir, &base))
        return;
    vl_buf prefix = {0};
    DIR *d = vl_buf_printf(&prefix, ".%s.tmp-", base) ? opendir(dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix.data, prefix.len) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + prefix.len, &end, 10);
        if (end == e->d_name + prefix.len || *end != '-' || pid <= 0)
            continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno == EPERM)
            continue;
        vl_buf full = {0};
        if (vl_buf_printf(&full, "%s/%s", dir, e->d_name))
            remove_tree(full.data);
        vl_buf_free(&full);
    }
    if (d)
        closedir(d);
    vl_buf_free(&prefix);
    vl__free(dir);
    vl__free(base);
}

/* fsyncs a directory so that a rename in it survives a power loss. */
static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    /* some file systems refuse fsync on directories (EINVAL): the rename is all they offer */
    if (rc != 0 && errno == EINVAL)
        rc = 0;
    close(fd);
    return rc;
}

static int sync_parent(const char *path)
{
    char *dir, *base;
    if (!split_path(path, &dir, &base))
        return -1;
    int rc = sync_dir(dir);
    vl__free(dir);
    vl__free(base);
    return rc;
}

static bool is_stdout(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

vl_status vl_output_open(vl_ctx *ctx, const char *path, unsigned flags, vl_output **out)
{
    if (!out)
        return vl__error(ctx, VL_ERR_ARG, "vl_output_open: missing argument");
    *out = NULL;
    vl_output *o = vl__calloc(1, sizeof *o);
    if (!o)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (is_stdout(path)) {
        o->f = stdout;
        *out = o;
        return VL_OK;
    }
    o->nosync = (flags & VL_OUTPUT_IN_FOLDER) != 0;
    if (vl__guarded(path)) {
        vl__free(o);
        return vl__guarded_error(ctx, path);
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* not a file: nothing can be renamed over a device or a pipe (and renaming over
         * /dev/stdout would replace the link itself), so it is written in place, checked */
        o->direct = true;
        o->path = vl__strdup(path);
        o->shown = o->path ? shown_name(path) : NULL;
        if (!o->shown) {
            vl_output_discard(o);
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
        if (S_ISDIR(sb.st_mode) || !(o->f = fopen(path, "wb"))) {
            vl_status st = vl__error(ctx, VL_ERR_IO, "%s: cannot write: %s", o->shown,
                                     S_ISDIR(sb.st_mode) ? strerror(EISDIR) : strerror(errno));
            vl_output_discard(o);
            return st;
        }
        *out = o;
        return VL_OK;
    }
    /* a link to a file: the file is replaced, the link kept */
    char *real = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(path, NULL) : NULL;
    o->path = vl__strdup(real ? real : path);
    vl__free(real);
    o->shown = o->path ? shown_name(path) : NULL;
    o->tmp = o->shown ? temp_name(o->path) : NULL;
    if (!o->tmp) {
        vl_output_discard(o);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (!o->nosync) /* a staging folder is new: nothing stale in it */
        remove_stale(o->path);
    mode_t mode = (flags & VL_OUTPUT_PRIVATE) ? 0600 : 0666;
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd >= 0 && (flags & VL_OUTPUT_PRIVATE) && fchmod(fd, 0600) != 0) {
        close(fd);
        unlink(o->tmp);
        fd = -1;
    }
    if (fd < 0) {
        int e = errno;
        vl__free(o->tmp);
        o->tmp = NULL;
        vl_status st = vl__error(ctx, VL_ERR_IO, "%s: cannot write: %s", o->shown, strerror(e));
        vl_output_discard(o);
        return st;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        close(fd);
        vl_output_discard(o);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    *out = o;
    return VL_OK;
}

FILE *vl_output_stream(vl_output *o)
{
    return o ? o->f : NULL;
}

const char *vl_output_name(const vl_output *o)
{
    return o && o->shown ? o->shown : "standard output";
}

const char *vl_output_temp_path(vl_output *o)
{
    if (!o || !o->tmp)
        return NULL;
    if (o->f) {
        if (fclose(o->f) != 0)
            o->failed = true;
        o->f = NULL;
    }
    return o->tmp;
}

void vl_output_discard(vl_output *o)
{
    if (!o)
        return;
    if (o->f && o->f != stdout)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    vl__free(o->tmp);
    vl__free(o->path);
    vl__free(o->shown);
    vl__free(o);
}

vl_status vl_output_commit(vl_ctx *ctx, vl_output *o)
{
    if (!o)
        return VL_OK;
    if (!o->tmp && !o->direct) { /* standard output */
        vl__free(o);
        return vl_output_check_stdout(ctx);
    }
    if (o->direct) {
        errno = 0;
        bool bad = ferror(o->f) || fflush(o->f) != 0;
        int e = errno;
        bad = fclose(o->f) != 0 || bad;
        e = e ? e : errno;
        o->f = NULL;
        vl_status st =
            bad ? vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", o->shown,
                            e ? strerror(e) : vl__tr(ctx, "the output did not arrive whole"))
                : VL_OK;
        vl_output_discard(o);
        return st;
    }
    int e = 0;
    if (o->f) {
        errno = 0;
        if (ferror(o->f) || fflush(o->f) != 0 || (!o->nosync && fsync(fileno(o->f)) != 0))
            e = errno ? errno : EIO;
        if (fclose(o->f) != 0 && !e)
            e = errno;
        o->f = NULL;
    } else {
        /* filled by name: open it again to make its bytes durable */
        int fd = o->nosync ? -1 : open(o->tmp, O_RDONLY | O_CLOEXEC);
        if (!o->nosync && (fd < 0 || fsync(fd) != 0))
            e = errno;
        if (fd >= 0)
            close(fd);
    }
    if (!e && o->failed)
        e = EIO;
    if (!e && rename(o->tmp, o->path) != 0)
        e = errno;
    if (!e) {
        vl__free(o->tmp);
        o->tmp = NULL; /* renamed: nothing to remove */
        if (!o->nosync && sync_parent(o->path) != 0)
            e = errno;
    }
    vl_status st =
        e ? vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", o->shown, strerror(e)) : VL_OK;
    vl_output_discard(o);
    return st;
}

vl_status vl_output_write_file(vl_ctx *ctx, const char *path, unsigned flags, const void *data,
                               size_t len)
{
    vl_output *o;
    vl_status st = vl_output_open(ctx, path, flags, &o);
    if (st != VL_OK)
        return st;
    if (len && fwrite(data, 1, len, o->f) != len)
        o->failed = true;
    return vl_output_commit(ctx, o);
}

vl_status vl_output_check_stdout(vl_ctx *ctx)
{
    errno = 0;
    int flushed = fflush(stdout);
    int e = errno;
    if (flushed == 0 && !ferror(stdout))
        return VL_OK;
    clearerr(stdout);
    /* a write that failed earlier (the buffer filled up) left no errno behind */
    return vl__error(ctx, VL_ERR_IO, "standard output: write failed: %s",
                     e ? strerror(e) : vl__tr(ctx, "the output did not arrive whole"));
}

/* ---- folders ------------------------------------------------------------------------------- */

/* Whether an existing folder may be replaced: empty, or written by vieclam (has the marker). */
static bool replaceable(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return false;
    bool empty = true, marked = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = false;
        if (strcmp(e->d_name, MARKER) == 0)
            marked = true;
    }
    closedir(d);
    return empty || marked;
}

vl_status vl_output_dir_open(vl_ctx *ctx, const char *path, unsigned flags, vl_output_dir **out)
{
    if (!path || !*path || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_output_dir_open: missing argument");
    *out = NULL;
    /* a trailing slash would put the staging folder inside the target */
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    vl_output_dir *d = vl__calloc(1, sizeof *d);
    if (!d || !(d->path = vl__strndup(path, len)) || !(d->tmp = temp_name(d->path))) {
        if (d)
            vl__free(d->path);
        vl__free(d);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    d->flags = flags;
    remove_stale(d->path);
    struct stat sb;
    vl_status st = VL_OK;
    if (stat(d->path, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            st = vl__error(ctx, VL_ERR_IO, "%s: exists and is not a folder", d->path);
        else if (!replaceable(d->path))
            st = vl__error(ctx, VL_ERR_IO,
                           "%s: the folder has files vieclam did not write; it would be replaced "
                           "whole: choose an empty or new folder",
                           d->path);
    }
    if (st == VL_OK && mkdir(d->tmp, (flags & VL_OUTPUT_PRIVATE) ? 0700 : 0777) != 0)
        st =
            vl__error(ctx, VL_ERR_IO, "%s: cannot create the folder: %s", d->path, strerror(errno));
    if (st == VL_OK && (flags & VL_OUTPUT_PRIVATE) && chmod(d->tmp, 0700) != 0)
        st =
            vl__error(ctx, VL_ERR_IO, "%s: cannot create the folder: %s", d->path, strerror(errno));
    if (st == VL_OK) {
        vl_buf m = {0};
        st = vl_buf_printf(&m, "%s/%s", d->tmp, MARKER)
                 ? vl_output_write_file(ctx, m.data, flags & VL_OUTPUT_PRIVATE, MARKER_TEXT,
                                        strlen(MARKER_TEXT))
                 : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        vl_buf_free(&m);
    }
    if (st != VL_OK) {
        vl_output_dir_discard(d);
        return st;
    }
    *out = d;
    return VL_OK;
}

const char *vl_output_dir_path(const vl_output_dir *d)
{
    return d ? d->tmp : NULL;
}

void vl_output_dir_discard(vl_output_dir *d)
{
    if (!d)
        return;
    if (d->tmp)
        remove_tree(d->tmp);
    vl__free(d->tmp);
    vl__free(d->path);
    vl__free(d);
}

vl_status vl_output_dir_commit(vl_ctx *ctx, vl_output_dir *d)
{
    if (!d)
        return VL_OK;
    int e = 0;
    /* the files inside were written without fsync of their own (VL_OUTPUT_IN_FOLDER): one
     * syncfs makes all of them, and the staging folder's entries, durable before the swap */
    int fd = open(d->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || syncfs(fd) != 0)
        e = errno;
    if (fd >= 0)
        close(fd);
    struct stat sb;
    bool exists = !e && lstat(d->path, &sb) == 0;
    if (!e && exists) {
        /* exchange the two names in one step; the old folder ends up under the staging name */
        if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE) != 0) {
            if (errno != EINVAL && errno != ENOSYS) {
                e = errno;
            } else {
                /* no exchange on this file system: move the old one aside, then rename */
                char *aside = temp_name(d->path);
                if (!aside || rename(d->path, aside) != 0) {
                    e = aside ? errno : ENOMEM;
                } else if (rename(d->tmp, d->path) != 0) {
                    e = errno;
                    rename(aside, d->path); /* put the old one back */
                } else {
                    remove_tree(aside);
                }
                vl__free(aside);
            }
        }
    } else if (!e && rename(d->tmp, d->path) != 0) {
        e = errno;
    }
    if (!e && sync_parent(d->path) != 0)
        e = errno;
    vl_status st =
        e ? vl__error(ctx, VL_ERR_IO, "%s: cannot replace the folder: %s", d->path, strerror(e))
          : VL_OK;
    /* after an exchange the staging name holds the old folder; otherwise what is left of it */
    vl_output_dir_discard(d);
    return st;
}
