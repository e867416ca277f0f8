/*
 * gcounter: parse the command line, pick a driver (the dashboard, a render,
 * or headless), and run it. The only place that decides the process's exit
 * status.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "app/ext-run.h"
#include "app/headless.h"
#include "app/lesson-headless.h"
#include "app/lesson-load.h"
#include "app/live.h"
#include "app/options.h"
#include "app/render.h"
#include "app/web-options.h"

/*
 * A fresh seed for runs without --seed. Kept small (1 to 99999) so that a
 * presenter can read it off the projector and type it back with --seed.
 */
static uint64_t draw_seed(void)
{
	uint64_t bits = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &bits, sizeof bits) != (ssize_t)sizeof bits)
			bits = 0;
		close(fd);
	}
	if (bits == 0) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		bits = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
		       (uint64_t)getpid();
	}
	return 1 + bits % 99999;
}

int main(int argc, char **argv)
{
	struct options opts;
	struct web_options web;
	char err[512];
	int status;

	/* A file-size limit (ulimit -f) reached while writing a log or a cast
	 * is a write that fails with EFBIG, said in one line with exit 1 and
	 * the old file left whole, not a kill that leaves half a file. */
	signal(SIGXFSZ, SIG_IGN);
	/* Real nodes (--exec, their logs, maelstrom-node) have their own
	 * command line: app/ext-run.c. */
	if (ext_run_wanted(argc, argv))
		return ext_run_main(argc, argv);
	switch (options_parse(argc, argv, draw_seed(), &opts, stdout, err,
	                      sizeof err)) {
	case OPTIONS_EXIT:
		return 0;
	case OPTIONS_ERROR:
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	case OPTIONS_RUN:
		break;
	}
	if (web_options_check(&web, &opts, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	opts.web = web.listen ? &web : NULL;
	/* A lesson: every chapter read and checked before the talk. */
	if (opts.lesson_path != NULL || opts.script_count > 1) {
		opts.lesson = lesson_load(
		    opts.lesson_path, opts.scripts,
		    opts.lesson_path ? 0 : opts.script_count, err, sizeof err);
		if (opts.lesson == NULL) {
			fprintf(stderr, "gcounter: %s\n", err);
			return 2;
		}
		opts.script_path = opts.lesson->paths[0];
	}
	if (opts.headless && opts.lesson != NULL)
		status = lesson_headless_run(&opts, stdout, stderr);
	else if (opts.headless)
		status = headless_run(&opts, stdout, stderr);
	else if (opts.render_path != NULL)
		status = render_run(&opts);
	else
		status = live_run(&opts);
	lesson_destroy(opts.lesson);
	return status;
}
