/*
 * Rendering a scenario: a thin driver over the session core (the same
 * world, script and drawing as the live dashboard), driven by a loop over
 * virtual time instead of libevent and the wall clock. A frame every
 * RENDER_FRAME_US of virtual time, curses writing into a capture (no terminal:
 * the type and the size are fixed), each frame's bytes an "o" event stamped
 * with its virtual time: into an asciicast, or (a .gif, .png, .mp4, .webm)
 * into video/ which draws them. A pause holds the picture for
 * RENDER_PAUSE_HOLD_US and marks a chapter; the end holds RENDER_END_HOLD_US.
 * --convert sends a cast's events to the same video code. Nothing here reads
 * the wall clock or the environment beyond the options, so the output is the
 * same bytes on every run.
 */
#include "app/render.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include "app/driver.h"
#include "app/record.h"
#include "app/session.h"
#include "ui/dashboard.h"
#include "ui/term.h"
#include "util/fatal.h"
#include "video/castread.h"
#include "video/palette.h"
#include "video/unscroll.h"
#include "video/video.h"

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
	struct video *video; /* a video's events, or NULL for a cast */
	bool presenter_hidden;
	struct unscroll unscroll; /* curses' bytes, SU and SD rewritten */
	uint64_t hold_us;         /* the pauses' holds so far */
	bool cast_closing;        /* the teardown is not recorded */
	double speed;             /* virtual time per recording time */
	uint64_t pause_hold_us;
	/* Where each chapter starts in the recording: chapter 1 at 0, chapter
	 * k after the (k-1)th pause's hold; and where each ends (its pause,
	 * held, or the end). */
	uint64_t *chapter_start, *chapter_end;
	uint32_t chapters, chapters_cap;
};

/* The recording's clock: virtual time at the render's pace, plus the
 * pauses' holds. */
static uint64_t cast_time(const struct render *r)
{
	return (uint64_t)((double)session_now(r->session) / r->speed) +
	       r->hold_us;
}

/* A chapter ends at `end_us` of the recording; the next one starts at
 * `next_us`. */
static void chapter_mark(struct render *r, uint64_t end_us, uint64_t next_us)
{
	if (r->chapters + 1 >= r->chapters_cap) {
		r->chapters_cap = r->chapters_cap ? r->chapters_cap * 2 : 8;
		r->chapter_start = xrealloc(r->chapter_start, r->chapters_cap,
		                            sizeof *r->chapter_start);
		r->chapter_end = xrealloc(r->chapter_end, r->chapters_cap,
		                          sizeof *r->chapter_end);
	}
	if (r->chapters == 0)
		r->chapter_start[r->chapters++] = 0;
	r->chapter_end[r->chapters - 1] = end_us;
	r->chapter_start[r->chapters++] = next_us;
}

/* The bytes as every player reads them: to the video or the cast. */
static void render_out(void *ctx, const char *bytes, size_t len)
{
	struct render *r = ctx;

	if (r->video != NULL)
		video_feed(r->video, cast_time(r), bytes, len);
	else
		cast_output(r->out.cast, cast_time(r), bytes, len);
}

static void render_sink(void *ctx, const char *bytes, size_t len)
{
	struct render *r = ctx;

	if (!r->cast_closing)
		unscroll_feed(&r->unscroll, bytes, len);
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
	view.presenter_hidden = r->presenter_hidden;
	dashboard_draw(r->out.dashboard, &view);
	term_present(r->term, false);
}

/* Plays the whole scenario, a frame at a time. */
static void play_scenario(struct render *r, uint64_t *target)
{
	const struct player *script = session_player(r->session);

	session_set_running(r->session, true);
	frame(r);
	while (!player_ended(script) || player_waiting(script)) {
		if (session_advance(r->session, *target) & SESSION_CLOCK) {
			/* A pause or the end stopped the clock. */
			frame(r);
			if (!player_waiting(script))
				break; /* the end */
			r->hold_us += r->pause_hold_us;
			chapter_mark(r, cast_time(r), cast_time(r));
			session_go_on(r->session);
			session_set_running(r->session, true);
			continue;
		}
		frame(r);
		if (*target > SIM_MAX_DURATION_US)
			break;
		/* A frame of the recording's time, at the render's pace. */
		*target += (uint64_t)((double)RENDER_FRAME_US * r->speed);
	}
}

/* A lesson is one recording: each chapter's title card held as a pause
 * is, then the chapter, then the next card (a new world, whose clock
 * starts at 0 again: the recording's time goes on from where it was). */
static void play(struct render *r)
{
	uint64_t target = 0;

	for (;;) {
		uint64_t ran;

		if (session_card_shown(r->session)) {
			frame(r);
			r->hold_us += r->pause_hold_us;
			session_begin_chapter(r->session);
			target = 0;
		}
		play_scenario(r, &target);
		ran = session_now(r->session);
		if (!session_next_chapter(r->session))
			break;
		/* The new world starts at 0: the recording's clock goes on
		 * from where the last one left it. */
		r->hold_us += (uint64_t)((double)ran / r->speed);
		target = 0;
	}
	session_set_running(r->session, false);
	frame(r);
}

/* Whether path can be created or overwritten (it is left as it was
 * found: a file that was not there is removed again). */
static bool writable(const char *path, char *err, size_t errlen)
{
	bool existed = access(path, F_OK) == 0;
	FILE *f = fopen(path, "ab");

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	fclose(f);
	if (!existed)
		remove(path);
	return true;
}

/* What a video is drawn with, from the options. */
static struct video_settings video_settings_of(const struct options *opts,
                                               const struct palette *palette)
{
	return (struct video_settings){
	    .palette = palette,
	    .font = opts->font,
	    .font_size = (int)opts->font_size,
	    .at_given = opts->at_given,
	    .at_us = opts->at_us,
	    .from_us = opts->from_given ? opts->from_us : 0,
	    .to_us = opts->to_given ? opts->to_us : 0,
	};
}

/* --from/--to chN: the chapter's start, or its end, in the recording
 * (false, with one line, for a chapter the scenario does not have). */
static bool chapter_time(const struct render *r, uint32_t chapter, bool end,
                         uint64_t end_us, uint64_t *t_us)
{
	uint32_t count = r->chapters > 0 ? r->chapters : 1;

	if (chapter > count) {
		fprintf(stderr,
		        "gcounter: --%s ch%u: the scenario has %u chapter%s\n",
		        end ? "to" : "from", (unsigned)chapter, (unsigned)count,
		        count == 1 ? "" : "s");
		return false;
	}
	if (r->chapters == 0)
		*t_us = end ? end_us : 0;
	else if (end)
		*t_us = chapter == count ? end_us : r->chapter_end[chapter - 1];
	else
		*t_us = r->chapter_start[chapter - 1];
	return true;
}

/* What a render is of: a lesson by its path's last part (its first
 * chapter is not all of it), else the scenario's file name. */
static const char *source_name(const struct options *opts, const char *script,
                               char *buf, size_t cap)
{
	const char *path = opts->lesson_path;
	size_t len, start;

	if (opts->lesson == NULL || path == NULL)
		return script;
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	start = len;
	while (start > 0 && path[start - 1] != '/')
		start--;
	snprintf(buf, cap, "%.*s", (int)(len - start), path + start);
	return buf;
}

/* Draws the events to opts->render_path; prints its line. 0 or 1. */
static int write_video(const struct render *r, uint64_t end_us,
                       enum video_format format, const struct options *opts,
                       const struct palette *palette, const char *source)
{
	struct video *video = r->video;
	struct video_settings settings = video_settings_of(opts, palette);
	struct video_stats stats;
	char err[512];

	if (opts->from_chapter > 0 &&
	    !chapter_time(r, opts->from_chapter, false, end_us,
	                  &settings.from_us))
		return 1;
	if (opts->to_chapter > 0 &&
	    !chapter_time(r, opts->to_chapter, true, end_us, &settings.to_us))
		return 1;
	if (video_write(video, end_us, format, opts->render_path, &settings,
	                &stats, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 1;
	}
	if (format == VIDEO_PNG)
		printf("%s: %dx%d pixels, the picture at %" PRIu64 ".%01" PRIu64
		       " s of %s\n",
		       opts->render_path, stats.width, stats.height,
		       (settings.at_given ? settings.at_us : end_us) / 1000000,
		       (settings.at_given ? settings.at_us : end_us) % 1000000 /
		           100000,
		       source);
	else
		printf("%s: %dx%d pixels, %d frames, %" PRIu64 ".%01" PRIu64
		       " s, %s from %s\n",
		       opts->render_path, stats.width, stats.height,
		       stats.frames, stats.duration_us / 1000000,
		       stats.duration_us % 1000000 / 100000,
		       video_format_name(format), source);
	return 0;
}

/* --convert IN OUT: a cast's events, in the colours its header gives
 * (ours always does), or else the theme's. */
static int convert_run(const struct options *opts)
{
	struct video *video;
	struct cast_info info;
	enum video_format format = VIDEO_CAST;
	char err[512];
	int status;

	video_format_of(opts->render_path, &format);
	if (castread_load(opts->convert_path, &video, &info, err, sizeof err) !=
	    0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 1;
	}
	/* (A cast has no chapters: --from/--to chN need a scenario.) */
	status = write_video(
	    &(struct render){.video = video, .speed = 1.0}, info.end_us, format,
	    opts, info.has_theme ? &info.theme : palette_of(opts->theme),
	    opts->convert_path);
	video_free(video);
	return status;
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
	enum video_format format = VIDEO_CAST;
	const struct palette *palette;
	const char *name;
	char source[256];
	FILE *nothing;
	char err[256];
	int status;
	uint64_t end_us;
	/* UTF-8 whatever the environment: the same bytes everywhere. */
	bool utf8;

	if (opts->convert_path != NULL)
		return convert_run(opts);
	utf8 = term_setup_utf8_locale();
	/* Every player scrolls a region with line feeds; not all know
	 * CSI n S (pyte does not). */
	unscroll_init(&r.unscroll, config.rows, render_out, &r);
	video_format_of(opts->render_path, &format);
	status = driver_open(&r.out, opts, utf8, &up);
	if (status != 0)
		return status;
	r.session = r.out.session;
	r.presenter_hidden = !opts->keep_hints;
	r.speed = opts->speed > 0 ? opts->speed : 1.0;
	/* A chapter the scenario does not have is said before the render:
	 * chapter k follows the (k-1)th pause. */
	if (opts->from_chapter > 0 || opts->to_chapter > 0) {
		const struct scenario *sc =
		    player_scenario(session_player(r.session));
		uint32_t chapters = 1,
		         asked = opts->to_chapter > opts->from_chapter
		                     ? opts->to_chapter
		                     : opts->from_chapter;

		for (size_t i = 0; i < sc->count; i++)
			chapters += sc->items[i].kind == ITEM_PAUSE;
		if (asked > chapters) {
			fprintf(stderr,
			        "gcounter: --%s ch%u: %s has %u chapter%s (one "
			        "more than its pauses)\n",
			        asked == opts->to_chapter ? "to" : "from",
			        (unsigned)asked,
			        player_name(session_player(r.session)),
			        (unsigned)chapters, chapters == 1 ? "" : "s");
			return driver_abort(&r.out, 2);
		}
	}
	r.pause_hold_us =
	    opts->pause_hold_given ? opts->pause_hold_us : RENDER_PAUSE_HOLD_US;
	palette = palette_of(session_scheme(r.session));
	header.theme = palette;
	name = source_name(opts, player_name(session_player(r.session)), source,
	                   sizeof source);
	/* A lesson's cast is titled by the lesson, not its first chapter. */
	if (opts->lesson != NULL && opts->lesson->title[0] != '\0')
		header.title = opts->lesson->title;
	else if (opts->lesson != NULL && opts->lesson_path != NULL)
		header.title = name;
	else
		header.title = session_title(r.session) != NULL
		                   ? session_title(r.session)
		                   : name;
	if (format != VIDEO_CAST) {
		/* A path that cannot be written is said now, not after the
		 * whole render. */
		if (!writable(opts->render_path, err, sizeof err)) {
			fprintf(stderr, "gcounter: --render: %s\n", err);
			return driver_abort(&r.out, 1);
		}
		r.video = video_new(config.cols, config.rows);
	} else if (driver_open_cast(&r.out, opts->render_path, "--render",
	                            &header, err, sizeof err) != 0) {
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
		video_free(r.video);
		unscroll_free(&r.unscroll);
		if (nothing != NULL)
			fclose(nothing);
		return 1;
	}
	driver_open_dashboard(&r.out, utf8);
	play(&r);
	/* Hold the last picture: an empty event at the end of the hold. */
	unscroll_flush(&r.unscroll);
	end_us = cast_time(&r) + (opts->end_hold_given ? opts->end_hold_us
	                                               : RENDER_END_HOLD_US);
	cast_hold(r.out.cast, end_us);
	/* What curses sends to give a terminal back (leave the alternate
	 * screen, show the cursor) would blank the player's last picture:
	 * recorded, at the end of the hold, only when asked for. */
	r.cast_closing = !opts->restore_end;
	term_close(r.term);
	unscroll_flush(&r.unscroll);
	unscroll_free(&r.unscroll);
	fclose(nothing);
	if (r.video != NULL) {
		if (write_video(&r, end_us, format, opts, palette, name) != 0)
			status = 1;
		video_free(r.video);
	} else if (driver_close_cast(&r.out)) {
		printf("%s: %dx%d, %" PRIu64 ".%01" PRIu64
		       " s, rendered from %s\n",
		       opts->render_path, config.cols, config.rows,
		       end_us / 1000000, end_us % 1000000 / 100000, name);
	} else {
		status = 1;
	}
	free(r.chapter_start);
	free(r.chapter_end);
	return driver_close(&r.out, status);
}
