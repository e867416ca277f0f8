/*
 * A lesson played headless, for tests and CI: every chapter is run as
 * its own --headless --script would be (a new world from its settings),
 * in order, and the run fails if any chapter does, naming the chapter as
 * well as the line. Nothing is skipped after a failure: a class would
 * see every chapter.
 */
#include "app/lesson-headless.h"

#include "app/headless.h"

int lesson_headless_run(const struct options *opts, FILE *out, FILE *errout)
{
	const struct lesson *lesson = opts->lesson;
	int worst = 0;
	size_t failed = 0;

	for (size_t i = 0; i < lesson->count; i++) {
		struct options chapter = *opts;
		int status;

		chapter.lesson = NULL;
		chapter.script_path = lesson->paths[i];
		fprintf(out, "== chapter %zu of %zu: %s\n", i + 1,
		        lesson->count, lesson->paths[i]);
		fflush(out);
		status = headless_run(&chapter, out, errout);
		if (status != 0) {
			fprintf(errout,
			        "gcounter: chapter %zu of %zu (%s) failed\n",
			        i + 1, lesson->count, lesson->paths[i]);
			failed++;
			if (status > worst)
				worst = status;
		}
	}
	if (failed > 0)
		fprintf(errout, "gcounter: %zu of %zu chapters failed\n",
		        failed, lesson->count);
	return worst;
}
