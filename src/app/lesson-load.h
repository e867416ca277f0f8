/*
 * A lesson from disk: a folder of scenarios in name order (or the lesson
 * file named "lesson" inside it), a lesson file, or several --script
 * files. Every chapter is read and parsed before the talk starts, so a
 * bad one is an error at once, naming its file and line, never halfway
 * through a class.
 */
#ifndef GCOUNTER_APP_LESSON_LOAD_H
#define GCOUNTER_APP_LESSON_LOAD_H

#include <stddef.h>

#include "script/lesson.h"

/* `path` is a folder or a lesson file; or, with path NULL, the scripts
 * given in a row. NULL and one line in err. */
struct lesson *lesson_load(const char *path, const char *const *scripts,
                           size_t script_count, char *err, size_t errlen);
void lesson_destroy(struct lesson *lesson);

#endif
