/*
 * A lesson: scenarios played in order as one talk, each a chapter that
 * starts on a title card. This is the lesson file's language (a title and
 * one scenario path a line) and the list it makes; reading folders and
 * files is app/lesson-load.c's. Never touches a file or a screen.
 */
#ifndef GCOUNTER_SCRIPT_LESSON_H
#define GCOUNTER_SCRIPT_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "script/scenario.h"

#define LESSON_MAX_CHAPTERS 64
#define LESSON_MAX_BYTES    (64u * 1024) /* a lesson file */
#define LESSON_MAX_PATH     4096

struct lesson {
	char title[SCENARIO_MAX_CAPTION + 1]; /* "" if the file gives none */
	char *paths[LESSON_MAX_CHAPTERS];     /* each chapter's scenario */
	/* The lesson file's line naming each (0: not from a file), for
	 * an error in the chapter to point at. */
	unsigned lines[LESSON_MAX_CHAPTERS];
	size_t count;
};

/*
 * Parses a lesson file's text (`name` prefixes errors, "g.lesson:3: ...").
 * Each path is taken relative to `dir` (the file's folder) unless it
 * starts with '/'. 0, or -1 with one line in err (and nothing to free).
 */
int lesson_parse(const char *name, const char *text, size_t len,
                 const char *dir, struct lesson *out, char *err, size_t errlen);
/* Adds a chapter: dir/path (or path alone when dir is NULL or path is
 * absolute). 0, or -1 with err when the lesson is full or too long. */
int lesson_add(struct lesson *lesson, const char *dir, const char *path,
               char *err, size_t errlen);
void lesson_free(struct lesson *lesson);

#endif
