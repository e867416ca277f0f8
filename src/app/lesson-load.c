/*
 * Reading a lesson: the folder's listing or the lesson file, then every
 * chapter loaded once to check it (and let go again: each is loaded anew
 * when its chapter starts, from the top). Never draws, never runs a world.
 */
#include "app/lesson-load.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/script-file.h"
#include "util/fatal.h"

/* The name of the lesson file a folder may hold. */
#define LESSON_FILE_NAME "lesson"

static char *copy_of(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_scenario(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".gcs") == 0;
}

/* Every *.gcs of a folder, in name order. */
static int from_folder(const char *dir, struct lesson *l, char *err,
                       size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[LESSON_MAX_CHAPTERS];
	size_t count = 0;
	int rc = 0;

	if (d == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_scenario(e->d_name))
			continue;
		if (count == LESSON_MAX_CHAPTERS) {
			snprintf(err, errlen,
			         "%s: more than %d scenarios (a lesson has at "
			         "most %d chapters)",
			         dir, LESSON_MAX_CHAPTERS, LESSON_MAX_CHAPTERS);
			rc = -1;
			break;
		}
		names[count++] = copy_of(e->d_name);
	}
	closedir(d);
	qsort(names, count, sizeof names[0], by_name);
	for (size_t i = 0; i < count; i++) {
		if (rc == 0 && lesson_add(l, dir, names[i], err, errlen) != 0)
			rc = -1;
		free(names[i]);
	}
	if (rc == 0 && count == 0) {
		snprintf(err, errlen,
		         "%s: no scenarios (*.gcs) and no file named '%s' in "
		         "it",
		         dir, LESSON_FILE_NAME);
		rc = -1;
	}
	return rc;
}

/* A lesson file: read with its limit, parsed relative to its folder. */
static int from_file(const char *path, struct lesson *l, char *err,
                     size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *text, *dir, *slash;
	size_t len;
	int rc;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	text = xcalloc(1, LESSON_MAX_BYTES + 2);
	len = fread(text, 1, LESSON_MAX_BYTES + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		         strerror(errno));
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	dir = copy_of(path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	rc = lesson_parse(path, text, len, slash != NULL ? dir : NULL, l, err,
	                  errlen);
	free(dir);
	free(text);
	return rc;
}

struct lesson *lesson_load(const char *path, const char *const *scripts,
                           size_t script_count, char *err, size_t errlen)
{
	struct lesson *l = xcalloc(1, sizeof *l);
	struct stat st;
	char inner[LESSON_MAX_PATH];
	const char *file = NULL; /* the lesson file read, if one was */
	int rc = 0;

	if (path == NULL) {
		for (size_t i = 0; rc == 0 && i < script_count; i++)
			rc = lesson_add(l, NULL, scripts[i], err, errlen);
	} else if (stat(path, &st) != 0) {
		snprintf(err, errlen, "--lesson %s: %s", path, strerror(errno));
		rc = -1;
	} else if (S_ISDIR(st.st_mode)) {
		snprintf(inner, sizeof inner, "%s/%s", path, LESSON_FILE_NAME);
		if (stat(inner, &st) == 0) {
			file = inner;
			rc = from_file(inner, l, err, errlen);
		} else {
			rc = from_folder(path, l, err, errlen);
		}
	} else {
		file = path;
		rc = from_file(path, l, err, errlen);
	}
	/* Every chapter, checked now rather than in front of the class. */
	for (size_t i = 0; rc == 0 && i < l->count; i++) {
		struct scenario sc;
		char why[512];

		if (script_file_load(l->paths[i], &sc, why, sizeof why) == 0) {
			scenario_free(&sc);
			continue;
		}
		/* The lesson's line that named it, then what is wrong. */
		if (file != NULL && l->lines[i] != 0)
			snprintf(err, errlen, "%s:%u: %s", file, l->lines[i],
			         why);
		else
			snprintf(err, errlen, "%s", why);
		rc = -1;
	}
	if (rc != 0) {
		lesson_destroy(l);
		return NULL;
	}
	return l;
}

void lesson_destroy(struct lesson *l)
{
	lesson_free(l);
	free(l);
}
