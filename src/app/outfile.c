/*
 * Output files through a temporary file and a rename. The temporary file
 * is in the target's directory (a rename never crosses file systems) and
 * gets the mode the target has, or the one fopen would give a new file.
 * Must never rename over anything but a regular file or a new name.
 */
#define _GNU_SOURCE /* mkostemp */
#include "app/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fatal.h"

struct outfile {
	FILE *stream;
	char *path;   /* where it ends up */
	char *temp;   /* the temporary file, or NULL when writing path itself */
	char *option; /* for errors */
	char *shown;  /* path as the user spelt it, for errors */
};

static char *copy_string(const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = xmalloc(len);

	memcpy(copy, s, len);
	return copy;
}

static void free_outfile(struct outfile *out)
{
	free(out->path);
	free(out->temp);
	free(out->option);
	free(out->shown);
	free(out);
}

/* The mode a file created by fopen gets: 0666 less the umask. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/*
 * Where the symlink at path leads, as a path to create: realpath when the
 * target exists, else the link's own text (relative to the link's
 * directory), as fopen would have followed it: a dangling link creates its
 * target, or fails as that would. NULL if it cannot be read.
 */
static char *link_target(const char *path)
{
	char *real = realpath(path, NULL), text[4096], *joined;
	const char *slash;
	ssize_t len;
	size_t dir;

	if (real != NULL)
		return real;
	len = readlink(path, text, sizeof text - 1);
	if (len < 0)
		return NULL;
	text[len] = '\0';
	slash = strrchr(path, '/');
	if (text[0] == '/' || slash == NULL)
		return copy_string(text);
	dir = (size_t)(slash - path) + 1;
	joined = xmalloc(dir + (size_t)len + 1);
	memcpy(joined, path, dir);
	memcpy(joined + dir, text, (size_t)len + 1);
	return joined;
}

struct outfile *outfile_open(const char *path, const char *option, char *err,
                             size_t errlen)
{
	struct outfile *out = xcalloc(1, sizeof *out);
	struct stat st;
	char *target = NULL;
	mode_t mode = new_file_mode();
	int fd, failed;

	out->option = copy_string(option);
	out->shown = copy_string(path);
	/* A symlink: write where it points, and leave the link a link. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		target = link_target(path);
	out->path = target != NULL ? target : copy_string(path);
	if (stat(out->path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: %s: %s", option, path,
			         strerror(EISDIR));
			free_outfile(out);
			return NULL;
		}
		if (!S_ISREG(st.st_mode)) {
			/* /dev/null, a fifo, a terminal: written as it is. */
			out->stream = fopen(out->path, "w");
			if (out->stream == NULL) {
				snprintf(err, errlen, "%s: %s: %s", option,
				         path, strerror(errno));
				free_outfile(out);
				return NULL;
			}
			return out;
		}
		mode = st.st_mode & 07777;
	}
	out->temp = xmalloc(strlen(out->path) + sizeof ".tmp-XXXXXX");
	strcpy(out->temp, out->path);
	strcat(out->temp, ".tmp-XXXXXX");
	fd = mkostemp(out->temp, O_CLOEXEC);
	failed = errno;
	if (fd < 0 && failed == EACCES && access(out->path, W_OK) == 0) {
		/* A file we may write in a directory we may not: written in
		 * place, as before, since nothing can go beside it. */
		free(out->temp);
		out->temp = NULL;
		out->stream = fopen(out->path, "w");
		if (out->stream != NULL)
			return out;
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s: %s", option, path,
		         strerror(failed));
		free_outfile(out);
		return NULL;
	}
	if (fchmod(fd, mode) != 0 || (out->stream = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s: %s", option, path,
		         strerror(errno));
		close(fd);
		unlink(out->temp);
		free_outfile(out);
		return NULL;
	}
	return out;
}

FILE *outfile_stream(const struct outfile *out)
{
	return out->stream;
}

int outfile_commit(struct outfile *out, char *err, size_t errlen)
{
	int failed = 0;

	errno = 0;
	if (fflush(out->stream) != 0 || ferror(out->stream))
		failed = errno != 0 ? errno : EIO;
	if (fclose(out->stream) != 0 && failed == 0)
		failed = errno != 0 ? errno : EIO;
	if (failed == 0 && out->temp != NULL &&
	    rename(out->temp, out->path) != 0)
		failed = errno;
	if (failed != 0) {
		snprintf(err, errlen, "%s: %s: cannot write: %s", out->option,
		         out->shown, strerror(failed));
		if (out->temp != NULL)
			unlink(out->temp);
		free_outfile(out);
		return -1;
	}
	free_outfile(out);
	return 0;
}

void outfile_discard(struct outfile *out)
{
	if (out == NULL)
		return;
	fclose(out->stream);
	if (out->temp != NULL)
		unlink(out->temp);
	free_outfile(out);
}

/* The directory part of path made absolute, and its last name. */
static bool split_canonical(const char *path, char **dir, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *parent;

	if (slash == NULL) {
		*dir = realpath(".", NULL);
		*base = path;
	} else {
		size_t len = slash == path ? 1 : (size_t)(slash - path);

		parent = xmalloc(len + 1);
		memcpy(parent, path, len);
		parent[len] = '\0';
		*dir = realpath(parent, NULL);
		free(parent);
		*base = slash + 1;
	}
	return *dir != NULL;
}

bool outfile_same(const char *a, const char *b)
{
	struct stat sa, sb;
	bool a_exists = stat(a, &sa) == 0, b_exists = stat(b, &sb) == 0;
	char *da = NULL, *db = NULL;
	const char *ba, *bb;
	bool same;

	if (a_exists && b_exists)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (a_exists || b_exists)
		return false;
	/* Neither exists yet: two outputs about to be made, by name. */
	if (split_canonical(a, &da, &ba) && split_canonical(b, &db, &bb))
		same = strcmp(da, db) == 0 && strcmp(ba, bb) == 0;
	else
		same = strcmp(a, b) == 0;
	free(da);
	free(db);
	return same;
}
