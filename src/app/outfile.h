/*
 * The files gcounter writes (--save-log, --record, --render): written to a
 * temporary file beside the target and renamed into place only when all
 * of it is written, so a failure never leaves half a file where a good one
 * was. Never writes through a device or a pipe by renaming over it.
 */
#ifndef GCOUNTER_APP_OUTFILE_H
#define GCOUNTER_APP_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct outfile;

/* Opens a temporary file next to path (or path itself when it is not a
 * regular file, e.g. /dev/null); `option` names it in errors. NULL and one
 * line in err ("--save-log: x.log: Permission denied") on failure. */
struct outfile *outfile_open(const char *path, const char *option, char *err,
                             size_t errlen);
FILE *outfile_stream(const struct outfile *out);
/* Flushes, closes and renames into place: 0, or -1 with one line in err
 * (the temporary file removed, the old file untouched). Frees out. */
int outfile_commit(struct outfile *out, char *err, size_t errlen);
/* Closes and removes the temporary file; the target is untouched. Frees
 * out; NULL is a no-op. */
void outfile_discard(struct outfile *out);
/* Whether a and b name the same file: the same device and inode when both
 * exist (whatever the spelling: links, "./", symlinks), else the same
 * name in the same directory. */
bool outfile_same(const char *a, const char *b);

#endif
