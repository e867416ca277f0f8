/*
 * The live dashboard's driver: one libevent loop paces the simulation in
 * virtual time (elapsed wall time x speed), turns keys into commands, owns
 * every signal, and draws at most one frame per loop turn when something
 * changed. Paused and idle, nothing is armed: the process sleeps until a
 * key or a signal. The wall clock only ever chooses how far to run the sim;
 * it never enters it.
 */
#include "app/live.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "app/live-internal.h"
#include "app/record.h"
#include "app/render.h"
#include "util/fatal.h"
#include "ui/dashboard.h"
#include "ui/term.h"

/* The pacing timer's period while running: one sim advance per frame. */
#define PACE_PERIOD_US 33333
/* Frames at most every 30ms (~30 per second), and only when dirty. */
#define FRAME_MIN_NS 30000000ULL
/* Sim work one pacing tick may do. Past it the sim is falling behind the
 * speed asked for: we drop the debt instead of freezing the screen. */
#define STEP_BUDGET_NS 15000000ULL
/* A gap between ticks this long means the process was stopped or starved:
 * carry on from where the sim is rather than race to catch up. */
#define STALL_NS 1000000000ULL
/* How long a message in the status line stays (wall time: it is chrome,
 * not the world, and a stale error must not sit there all talk). */
#define FLASH_US 5000000
/* Readable-but-empty wake-ups in a row that mean the terminal is gone. */
#define EMPTY_READS_MAX 16

/* Speeds in logarithmic steps: virtual = wall x num / den. */
struct speed {
	uint64_t num, den;
	const char *label;
};

static const struct speed speeds[] = {
    {1, 16, "1/16x"}, {1, 8, "1/8x"}, {1, 4, "1/4x"}, {1, 2, "1/2x"},
    {1, 1, "1x"},     {2, 1, "2x"},   {4, 1, "4x"},   {8, 1, "8x"},
    {16, 1, "16x"},   {32, 1, "32x"}, {64, 1, "64x"},
};
#define SPEED_COUNT   (sizeof speeds / sizeof speeds[0])
#define SPEED_DEFAULT 4 /* 1x */

/* --- time ---------------------------------------------------------------- */

uint64_t live_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static struct timeval timeval_us(uint64_t us)
{
	struct timeval tv = {.tv_sec = (time_t)(us / 1000000),
	                     .tv_usec = (suseconds_t)(us % 1000000)};

	return tv;
}

/* From now on, virtual time moves on from where the sim is. */
static void anchor(struct live *l, uint64_t now_ns)
{
	l->anchor_wall_ns = now_ns;
	l->anchor_virtual_us = sim_now(l->sim);
	l->last_tick_ns = now_ns;
}

void live_reanchor(struct live *l)
{
	anchor(l, live_clock_ns());
}

static uint64_t virtual_target(const struct live *l, uint64_t now_ns)
{
	const struct speed *s = &speeds[l->speed];
	uint64_t elapsed_us;

	if (now_ns <= l->anchor_wall_ns)
		return l->anchor_virtual_us;
	elapsed_us = (now_ns - l->anchor_wall_ns) / 1000;
	return l->anchor_virtual_us + elapsed_us * s->num / s->den;
}

/* The pacing timer stops; the world stays where it is. */
static void stop_clock(struct live *l)
{
	event_del(l->pace_timer);
	l->running = false;
	l->lagging = false;
}

/* Runs the sim up to the virtual time for now_ns, within the budget. */
static void advance(struct live *l, uint64_t now_ns)
{
	switch (live_world_advance(l, virtual_target(l, now_ns),
	                           now_ns + STEP_BUDGET_NS)) {
	case LIVE_REACHED:
		l->lagging = false;
		break;
	case LIVE_LAGGING:
		l->lagging = true;
		anchor(l, live_clock_ns());
		break;
	case LIVE_STOPPED:
		/* A script's pause or end: the clock waits at that line. */
		stop_clock(l);
		break;
	}
}

/* --- marking dirty, drawing once ------------------------------------ */

static void on_frame(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	struct dashboard_view view;

	char note[160];

	(void)fd;
	(void)what;
	live_view(l, &view, speeds[l->speed].label);
	if (term_canvas_too_small(l->term)) {
		const char *times = l->utf8 ? "\u00d7" : "x";
		int cols, rows;

		term_size(l->term, &cols, &rows);
		snprintf(note, sizeof note,
		         "the terminal is %d%s%d, too small for the %" PRIu32
		         "%s%" PRIu32 " canvas of --cols/--rows",
		         cols, times, rows,
		         l->opts->cols ? l->opts->cols : (uint32_t)cols, times,
		         l->opts->rows ? l->opts->rows : (uint32_t)rows);
		view.canvas_note = note;
	}
	dashboard_draw(l->dashboard, &view);
	if (l->help_scroll > dashboard_help_scroll_max(l->dashboard))
		l->help_scroll = dashboard_help_scroll_max(l->dashboard);
	term_present(l->term, (l->dirty & LIVE_DIRTY_FULL) != 0);
	l->dirty = 0;
	l->last_frame_ns = live_clock_ns();
}

/* Something on screen changed: draw it this loop turn, or as soon as the
 * frame cap allows. */
void live_mark_dirty(struct live *l, unsigned flags)
{
	uint64_t since;

	l->dirty |= flags;
	if (evtimer_pending(l->frame_timer, NULL))
		return;
	since = live_clock_ns() - l->last_frame_ns;
	if (since >= FRAME_MIN_NS) {
		event_active(l->frame_timer, EV_TIMEOUT, 0);
	} else {
		struct timeval tv =
		    timeval_us((FRAME_MIN_NS - since) / 1000 + 1);

		evtimer_add(l->frame_timer, &tv);
	}
}

void live_set_flash(struct live *l, const char *fmt, ...)
{
	va_list ap;
	struct timeval tv = timeval_us(FLASH_US);

	va_start(ap, fmt);
	vsnprintf(l->flash, sizeof l->flash, fmt, ap);
	va_end(ap);
	l->flash_at_us = l->sim != NULL ? sim_now(l->sim) : 0;
	if (l->flash_timer != NULL)
		evtimer_add(l->flash_timer, &tv);
}

static void on_flash_expired(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;

	(void)fd;
	(void)what;
	l->flash[0] = '\0';
	live_mark_dirty(l, LIVE_DIRTY_FRAME);
}

/* --- pacing --------------------------------------------------------------- */

static void on_pace(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	uint64_t now = live_clock_ns();

	(void)fd;
	(void)what;
	if (now - l->last_tick_ns > STALL_NS)
		anchor(l, now);
	l->last_tick_ns = now;
	advance(l, now);
	live_mark_dirty(l, LIVE_DIRTY_FRAME);
}

void live_set_running(struct live *l, bool running)
{
	uint64_t now = live_clock_ns();

	if (running == l->running)
		return;
	if (running) {
		struct timeval period = timeval_us(PACE_PERIOD_US);

		anchor(l, now);
		event_add(l->pace_timer, &period);
		l->running = true;
	} else {
		advance(l, now);
		stop_clock(l);
	}
}

void live_change_speed(struct live *l, int delta)
{
	size_t next = (size_t)((int)l->speed + delta);

	if (next >= SPEED_COUNT) {
		live_set_flash(l, "already at the %s speed (%s)",
		               delta > 0 ? "fastest" : "slowest",
		               speeds[l->speed].label);
		return;
	}
	/* Finish the time run at the old speed, then go on at the new. */
	if (l->running)
		advance(l, live_clock_ns());
	l->speed = next;
	anchor(l, live_clock_ns());
}

uint64_t live_cast_time(const struct live *l)
{
	if (l->rendering)
		return sim_now(l->sim) + l->hold_us;
	return (live_clock_ns() - l->record_start_ns) / 1000;
}

void live_marker(struct live *l, const char *label)
{
	if (l->cast != NULL)
		cast_marker(l->cast, live_cast_time(l), label);
}

void live_quit(struct live *l, int status)
{
	l->exit_status = status;
	event_base_loopexit(l->base, NULL);
}

/* --- keys ------------------------------------------------------------------
 */

static void on_key(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	int key, keys = 0, waiting = 0;

	(void)what;
	while ((key = term_read_key(l->term)) != TERM_NO_KEY) {
		live_handle_key(l, key);
		keys++;
	}
	/* Readable, yet nothing to read, again and again: the terminal has
	 * hung up without a SIGHUP reaching us. Leave rather than spin. */
	if (keys == 0 && ioctl(fd, FIONREAD, &waiting) == 0 && waiting == 0) {
		if (++l->empty_reads >= EMPTY_READS_MAX)
			live_quit(l, 1);
	} else {
		l->empty_reads = 0;
	}
}

/* --- signals ------------------------------------------------------------ */

static void on_winch(evutil_socket_t signo, short what, void *arg)
{
	struct live *l = arg;

	(void)signo;
	(void)what;
	/* A recording follows the terminal's size, unless the canvas is
	 * fixed (then it never changes). */
	if (term_resize(l->term) && l->cast != NULL &&
	    !(l->opts->cols > 0 && l->opts->rows > 0)) {
		int cols, rows;

		term_size(l->term, &cols, &rows);
		cast_resize(l->cast, live_cast_time(l), cols, rows);
	}
	live_mark_dirty(l, LIVE_DIRTY_FULL);
}

static void on_quit_signal(evutil_socket_t signo, short what, void *arg)
{
	struct live *l = arg;

	(void)what;
	live_quit(l, 128 + (int)signo);
}

static struct event *signal_event(struct live *l, int signo)
{
	for (size_t i = 0; i < LIVE_SIGNAL_COUNT; i++)
		if (l->signal_events[i] != NULL &&
		    event_get_signal(l->signal_events[i]) == signo)
			return l->signal_events[i];
	return NULL;
}

static void on_tstp(evutil_socket_t signo, short what, void *arg)
{
	struct live *l = arg;
	struct event *self = signal_event(l, (int)signo);

	(void)what;
	if (l->running)
		advance(l, live_clock_ns());
	term_suspend(l->term);
	/* Really stop: libevent gives SIGTSTP back its default action when
	 * our event goes, then we raise it; execution resumes here on fg. */
	event_del(self);
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	event_add(self, NULL);
	/* SIGCONT (next loop turn) repaints; the time stopped is not run. */
	anchor(l, live_clock_ns());
}

static void on_cont(evutil_socket_t signo, short what, void *arg)
{
	struct live *l = arg;

	(void)signo;
	(void)what;
	term_resume(l->term);
	anchor(l, live_clock_ns());
	live_mark_dirty(l, LIVE_DIRTY_FULL);
}

struct signal_handler {
	int signo;
	event_callback_fn fn;
};

static const struct signal_handler signal_handlers[LIVE_SIGNAL_COUNT] = {
    {SIGWINCH, on_winch},      {SIGINT, on_quit_signal},
    {SIGTERM, on_quit_signal}, {SIGHUP, on_quit_signal},
    {SIGQUIT, on_quit_signal}, {SIGTSTP, on_tstp},
    {SIGCONT, on_cont},
};

/* --- life cycle ------------------------------------------------------------
 */

static void free_events(struct live *l)
{
	event_free(l->pace_timer);
	event_free(l->frame_timer);
	event_free(l->key_event);
	event_free(l->flash_timer);
	l->pace_timer = l->frame_timer = l->key_event = l->flash_timer = NULL;
}

static void free_signal_events(struct live *l)
{
	for (size_t i = 0; i < LIVE_SIGNAL_COUNT; i++) {
		if (l->signal_events[i] != NULL)
			event_free(l->signal_events[i]);
		l->signal_events[i] = NULL;
	}
}

/* --record: what curses sends, as the terminal gets it. */
static void record_sink(void *ctx, const char *bytes, size_t len)
{
	struct live *l = ctx;

	cast_output(l->cast, live_cast_time(l), bytes, len);
}

/* Opens --record's file and writes its header: a path that cannot be
 * written (a missing directory, /dev/full) is said before the screen is
 * taken. 0, or -1 with one line in err. */
static int open_record(struct live *l, char *err, size_t errlen)
{
	const struct options *opts = l->opts;
	struct cast_header header = {.width = (int)opts->cols,
	                             .height = (int)opts->rows,
	                             .term = getenv("TERM"),
	                             .shell = getenv("SHELL"),
	                             .timestamp = (uint64_t)time(NULL)};
	struct winsize ws;
	char title[128];

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		if (header.width == 0)
			header.width = ws.ws_col;
		if (header.height == 0)
			header.height = ws.ws_row;
	}
	if (header.width == 0)
		header.width = 80;
	if (header.height == 0)
		header.height = 24;
	if (l->title != NULL)
		snprintf(title, sizeof title, "%s", l->title);
	else
		snprintf(title, sizeof title, "gcounter --seed %" PRIu64,
		         l->config.seed);
	header.title = title;
	l->cast = cast_open(opts->record_path, "--record", err, errlen);
	if (l->cast == NULL)
		return -1;
	if (cast_write_header(l->cast, &header, err, errlen) != 0) {
		char ignored[8];

		cast_close(l->cast, ignored, sizeof ignored);
		l->cast = NULL;
		return -1;
	}
	l->record_start_ns = live_clock_ns();
	return 0;
}

int live_run(const struct options *opts)
{
	struct live l = {
	    .opts = opts, .speed = SPEED_DEFAULT, .big = opts->big};
	struct term_config config = {.cols = (int)opts->cols,
	                             .rows = (int)opts->rows};
	char err[256];

	if (opts->render_path != NULL)
		return render_run(opts);
	/* Refuse before touching the terminal at all. */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
		        "gcounter: the dashboard needs a terminal "
		        "(stdin and stdout must be a TTY); try "
		        "--headless%s\n",
		        opts->script_path != NULL
		            ? ", or --render FILE.cast to render it"
		            : "");
		return 2;
	}
	l.utf8 = term_setup_locale();
	if (live_world_open(&l, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	/* The output files now, so that a path that cannot be written is
	 * said before the screen is taken, not after the talk. */
	if (opts->save_log_path != NULL) {
		l.save_log = fopen(opts->save_log_path, "w");
		if (l.save_log == NULL) {
			fprintf(stderr, "gcounter: --save-log: %s: %s\n",
			        opts->save_log_path, strerror(errno));
			live_world_close(&l);
			return 1;
		}
	}
	if (opts->record_path != NULL &&
	    open_record(&l, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		live_world_close(&l);
		return 1;
	}
	if (l.cast != NULL) {
		config.sink = record_sink;
		config.sink_ctx = &l;
	}
	l.base = event_base_new();
	if (l.base == NULL)
		fatal("cannot create the event loop");
	/* Signals first: curses then sees handlers in place and installs
	 * none of its own, so libevent owns every one of them. */
	for (size_t i = 0; i < LIVE_SIGNAL_COUNT; i++) {
		l.signal_events[i] =
		    evsignal_new(l.base, signal_handlers[i].signo,
		                 signal_handlers[i].fn, &l);
		if (l.signal_events[i] == NULL ||
		    event_add(l.signal_events[i], NULL) != 0)
			fatal("cannot watch signal %d",
			      signal_handlers[i].signo);
	}
	l.term = term_open_with(stdout, stdin, &config, err, sizeof err);
	if (l.term == NULL) {
		char ignored[8];

		free_signal_events(&l);
		event_base_free(l.base);
		cast_close(l.cast, ignored, sizeof ignored);
		l.cast = NULL;
		live_world_close(&l);
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	l.dashboard = dashboard_new(l.scheme, opts->no_color, l.utf8);

	l.key_event = event_new(l.base, term_input_fd(l.term),
	                        EV_READ | EV_PERSIST, on_key, &l);
	l.pace_timer = event_new(l.base, -1, EV_PERSIST, on_pace, &l);
	l.frame_timer = evtimer_new(l.base, on_frame, &l);
	l.flash_timer = evtimer_new(l.base, on_flash_expired, &l);
	if (l.key_event == NULL || l.pace_timer == NULL ||
	    l.frame_timer == NULL || l.flash_timer == NULL ||
	    event_add(l.key_event, NULL) != 0)
		fatal("cannot set up the event loop");

	live_set_running(&l, true);
	live_mark_dirty(&l, LIVE_DIRTY_FULL);
	event_base_dispatch(l.base);

	/* The terminal first: a signal arriving while we free the rest
	 * still finds libevent's handler, not the default. */
	free_events(&l);
	term_close(l.term);
	free_signal_events(&l);
	dashboard_free(l.dashboard);
	/* The terminal is the shell's again: errors may be printed. */
	if (cast_close(l.cast, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		l.exit_status = 1;
	}
	l.cast = NULL;
	if (live_world_save_log(&l, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		l.exit_status = 1;
	}
	if (live_script_verdict(&l, stderr) != 0 && l.exit_status == 0)
		l.exit_status = 1;
	live_world_close(&l);
	event_base_free(l.base);
	libevent_global_shutdown();
	return l.exit_status;
}
