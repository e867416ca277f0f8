/*
 * Fuzzes the lesson file parser. Whatever the bytes: it returns, reads
 * nothing past them, and either refuses with one printable line naming
 * the file ("l:3: ...") and nothing to free, or gives at most 64 chapters,
 * each a non-empty path joined to the folder given.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "script/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson lesson;
	char err[512];

	if (lesson_parse("l", (const char *)data, size, "dir", &lesson, err,
	                 sizeof err) != 0) {
		FUZZ_CHECK(strncmp(err, "l:", 2) == 0, "errors name the file");
		for (size_t i = 0; err[i] != '\0'; i++)
			FUZZ_CHECK(
			    (unsigned char)err[i] >= 0x20 &&
			        (unsigned char)err[i] != 0x7f,
			    "the error is one line with no control bytes");
		FUZZ_CHECK(lesson.count == 0, "a refused file holds nothing");
		return 0;
	}
	FUZZ_CHECK(lesson.count >= 1 && lesson.count <= LESSON_MAX_CHAPTERS,
	           "a lesson has 1 to 64 chapters");
	for (size_t i = 0; i < lesson.count; i++)
		FUZZ_CHECK(lesson.paths[i][0] == '/' ||
		               strncmp(lesson.paths[i], "dir/", 4) == 0,
		           "a relative path is joined to the folder");
	lesson_free(&lesson);
	return 0;
}
