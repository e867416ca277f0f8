/*
 * Rendering a scenario: the live dashboard's world, script and drawing,
 * driven by a loop over virtual time instead of libevent and the wall
 * clock. A frame every RENDER_FRAME_US of virtual time, curses writing
 * into a capture (no terminal: the type and the size are fixed), each
 * frame's bytes an "o" event stamped with its virtual time. A pause holds
 * the picture for RENDER_PAUSE_HOLD_US and marks a chapter; the end holds
 * RENDER_END_HOLD_US. Nothing here reads the wall clock or the environment
 * beyond the options, so the output is the same bytes on every run.
 */
#include "app/render.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/live-internal.h"
#include "app/record.h"
#include "ui/term.h"

/* Frames per virtual second: 20, smooth enough for the message bars. */
#define RENDER_FRAME_US      50000
#define RENDER_PAUSE_HOLD_US 1500000
#define RENDER_END_HOLD_US   3000000
/* How long a status-line message stays, in virtual time. */
#define RENDER_FLASH_US 3000000
/* The terminal the bytes are for: the one asciinema players emulate. */
#define RENDER_TERM "xterm-256color"
#define RENDER_COLS 80
#define RENDER_ROWS 24

static void render_sink(void *ctx, const char *bytes, size_t len)
{
	struct live *l = ctx;

	if (!l->cast_closing)
		cast_output(l->cast, live_cast_time(l), bytes, len);
}

static void frame(struct live *l, struct term *term)
{
	struct dashboard_view view;

	if (l->flash[0] != '\0' &&
	    sim_now(l->sim) - l->flash_at_us >= RENDER_FLASH_US)
		l->flash[0] = '\0';
	live_view(l, &view, "1x");
	dashboard_draw(l->dashboard, &view);
	term_present(term, false);
}

/* Plays the whole scenario, a frame at a time. */
static void play(struct live *l, struct term *term)
{
	uint64_t target = 0;

	l->running = true;
	frame(l, term);
	while (!player_ended(l->script->player) ||
	       player_waiting(l->script->player)) {
		enum live_advance r = live_world_advance(l, target, 0);

		if (r == LIVE_STOPPED) {
			l->running = false;
			frame(l, term);
			if (!player_waiting(l->script->player))
				break; /* the end */
			l->hold_us += RENDER_PAUSE_HOLD_US;
			live_script_go_on(l);
			l->running = true;
			continue;
		}
		frame(l, term);
		if (target > SIM_MAX_DURATION_US)
			break;
		target += RENDER_FRAME_US;
	}
	l->running = false;
	frame(l, term);
}

int render_run(const struct options *opts)
{
	struct live l = {.opts = opts, .big = opts->big, .rendering = true};
	struct term_config config = {
	    .cols = opts->cols ? (int)opts->cols : RENDER_COLS,
	    .rows = opts->rows ? (int)opts->rows : RENDER_ROWS,
	    .sink = render_sink,
	    .sink_ctx = &l,
	    .headless = true,
	    .term_name = RENDER_TERM,
	};
	struct cast_header header = {.width = config.cols,
	                             .height = config.rows,
	                             .term = RENDER_TERM,
	                             .shell = "/bin/sh"};
	struct term *term;
	FILE *nothing;
	char err[256];
	int status = 0;
	uint64_t end_us;

	/* UTF-8 whatever the environment: the same bytes everywhere. */
	l.utf8 = term_setup_utf8_locale();
	if (live_world_open(&l, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	header.title =
	    l.title != NULL ? l.title : player_name(l.script->player);
	if (opts->save_log_path != NULL) {
		l.save_log = fopen(opts->save_log_path, "w");
		if (l.save_log == NULL) {
			fprintf(stderr, "gcounter: --save-log: %s: %s\n",
			        opts->save_log_path, strerror(errno));
			live_world_close(&l);
			return 1;
		}
	}
	l.cast = cast_open(opts->render_path, "--render", err, sizeof err);
	if (l.cast == NULL ||
	    cast_write_header(l.cast, &header, err, sizeof err) != 0) {
		char ignored[8];

		fprintf(stderr, "gcounter: %s\n", err);
		cast_close(l.cast, ignored, sizeof ignored);
		live_world_close(&l);
		return 1;
	}
	nothing = fopen("/dev/null", "r");
	term = nothing != NULL
	           ? term_open_with(NULL, nothing, &config, err, sizeof err)
	           : NULL;
	if (term == NULL) {
		char ignored[8];

		fprintf(stderr, "gcounter: --render: %s\n",
		        nothing != NULL ? err : "cannot open /dev/null");
		cast_close(l.cast, ignored, sizeof ignored);
		live_world_close(&l);
		if (nothing != NULL)
			fclose(nothing);
		return 1;
	}
	l.dashboard = dashboard_new(l.scheme, opts->no_color, l.utf8);
	play(&l, term);
	/* Hold the last picture: an empty event at the end of the hold. */
	end_us = live_cast_time(&l) + RENDER_END_HOLD_US;
	cast_hold(l.cast, end_us);
	/* What curses sends to give a terminal back (leave the alternate
	 * screen) would blank the player's last picture: not recorded. */
	l.cast_closing = true;
	term_close(term);
	fclose(nothing);
	dashboard_free(l.dashboard);
	if (cast_close(l.cast, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		status = 1;
	} else {
		printf("%s: %dx%d, %" PRIu64 ".%01" PRIu64
		       " s, rendered from %s\n",
		       opts->render_path, config.cols, config.rows,
		       end_us / 1000000, end_us % 1000000 / 100000,
		       player_name(l.script->player));
	}
	l.cast = NULL;
	if (live_world_save_log(&l, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		status = 1;
	}
	if (live_script_verdict(&l, stderr) != 0 && status == 0)
		status = 1;
	live_world_close(&l);
	return status;
}
