/*
 * Rendering a scenario: a thin driver over the session core (the same
 * world, script and drawing as the live dashboard), driven by a loop over
 * virtual time instead of libevent and the wall clock. A frame every
 * RENDER_FRAME_US of virtual time, curses writing into a capture (no terminal:
 * the type and the size are fixed), each frame's bytes an "o" event stamped
 * with its virtual time. A pause holds the picture for RENDER_PAUSE_HOLD_US and
 * marks a chapter; the end holds RENDER_END_HOLD_US. Nothing here reads the
 * wall clock or the environment beyond the options, so the output is the same
 * bytes on every run.
 */
#include "app/render.h"

#include <inttypes.h>
#include <stdio.h>

#include "app/driver.h"
#include "app/record.h"
#include "app/session.h"
#include "ui/dashboard.h"
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

struct render {
	struct driver out; /* the session, the dashboard, the cast */
	struct session *session;
	struct term *term;
	uint64_t hold_us;  /* the pauses' holds so far */
	bool cast_closing; /* the teardown is not recorded */
};

/* The recording's clock: virtual time plus the pauses' holds. */
static uint64_t cast_time(const struct render *r)
{
	return session_now(r->session) + r->hold_us;
}

static void render_sink(void *ctx, const char *bytes, size_t len)
{
	struct render *r = ctx;

	if (!r->cast_closing)
		cast_output(r->out.cast, cast_time(r), bytes, len);
}

static void up_marker(void *ctx, const char *label)
{
	struct render *r = ctx;

	cast_marker(r->out.cast, cast_time(r), label);
}

static void frame(struct render *r)
{
	struct dashboard_view view;

	session_expire_flash(r->session, RENDER_FLASH_US);
	session_view(r->session, &view);
	dashboard_draw(r->out.dashboard, &view);
	term_present(r->term, false);
}

/* Plays the whole scenario, a frame at a time. */
static void play(struct render *r)
{
	const struct player *script = session_player(r->session);
	uint64_t target = 0;

	session_set_running(r->session, true);
	frame(r);
	while (!player_ended(script) || player_waiting(script)) {
		if (session_advance(r->session, target) & SESSION_CLOCK) {
			/* A pause or the end stopped the clock. */
			frame(r);
			if (!player_waiting(script))
				break; /* the end */
			r->hold_us += RENDER_PAUSE_HOLD_US;
			session_go_on(r->session);
			session_set_running(r->session, true);
			continue;
		}
		frame(r);
		if (target > SIM_MAX_DURATION_US)
			break;
		target += RENDER_FRAME_US;
	}
	session_set_running(r->session, false);
	frame(r);
}

int render_run(const struct options *opts)
{
	struct render r = {0};
	struct session_driver up = {.marker = up_marker, .ctx = &r};
	struct term_config config = {
	    .cols = opts->cols ? (int)opts->cols : RENDER_COLS,
	    .rows = opts->rows ? (int)opts->rows : RENDER_ROWS,
	    .sink = render_sink,
	    .sink_ctx = &r,
	    .headless = true,
	    .term_name = RENDER_TERM,
	};
	struct cast_header header = {.width = config.cols,
	                             .height = config.rows,
	                             .term = RENDER_TERM,
	                             .shell = "/bin/sh"};
	const char *name;
	FILE *nothing;
	char err[256];
	int status;
	uint64_t end_us;
	/* UTF-8 whatever the environment: the same bytes everywhere. */
	bool utf8 = term_setup_utf8_locale();

	status = driver_open(&r.out, opts, utf8, &up);
	if (status != 0)
		return status;
	r.session = r.out.session;
	name = player_name(session_player(r.session));
	header.title =
	    session_title(r.session) != NULL ? session_title(r.session) : name;
	if (driver_open_cast(&r.out, opts->render_path, "--render", &header,
	                     err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return driver_abort(&r.out, 1);
	}
	nothing = fopen("/dev/null", "r");
	r.term = nothing != NULL
	             ? term_open_with(NULL, nothing, &config, err, sizeof err)
	             : NULL;
	if (r.term == NULL) {
		fprintf(stderr, "gcounter: --render: %s\n",
		        nothing != NULL ? err : "cannot open /dev/null");
		driver_abort(&r.out, 1);
		if (nothing != NULL)
			fclose(nothing);
		return 1;
	}
	driver_open_dashboard(&r.out, utf8);
	play(&r);
	/* Hold the last picture: an empty event at the end of the hold. */
	end_us = cast_time(&r) + RENDER_END_HOLD_US;
	cast_hold(r.out.cast, end_us);
	/* What curses sends to give a terminal back (leave the alternate
	 * screen) would blank the player's last picture: not recorded. */
	r.cast_closing = true;
	term_close(r.term);
	fclose(nothing);
	if (driver_close_cast(&r.out))
		printf("%s: %dx%d, %" PRIu64 ".%01" PRIu64
		       " s, rendered from %s\n",
		       opts->render_path, config.cols, config.rows,
		       end_us / 1000000, end_us % 1000000 / 100000, name);
	else
		status = 1;
	return driver_close(&r.out, status);
}
