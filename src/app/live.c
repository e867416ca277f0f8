/*
 * The live dashboard's driver, thin over the session core: one libevent
 * loop paces the session in virtual time (elapsed wall time x speed),
 * hands it the keys, owns every signal, and draws at most one frame per
 * loop turn when something changed. It holds no world logic: what to do
 * comes back from each session call, and obey() does it. Paused and idle,
 * nothing is armed: the process sleeps until a key or a signal. The wall clock
 * only ever chooses how far to run the sim; it never enters it.
 */
#include "app/live.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "app/driver.h"
#include "app/record.h"
#include "app/session.h"
#include "app/web.h"
#include "util/fatal.h"
#include "ui/dashboard.h"
#include "ui/keymap.h"
#include "ui/qr.h"
#include "ui/term.h"

/* The pacing timer's period while running: one sim advance per frame,
 * 20 a second, as a render's frames (app/render.c). A frame costs curses
 * the same bytes whatever draws it, so the rate is most of what the
 * dashboard costs: at 30 a second, 8 nodes at 1x took 1.45% of a core.
 * A key does not wait for the next tick (on_key). */
#define PACE_PERIOD_US 50000
/* Frames at most every 45ms, and only when dirty: under the pacing
 * period, so a tick that comes a little early still draws at once. */
#define FRAME_MIN_NS 45000000ULL
/* Sim work one pacing tick may do (the same share of the wall time as
 * 15ms of every 33ms). Past it the sim is falling behind the speed asked
 * for: we drop the debt instead of freezing the screen. */
#define STEP_BUDGET_NS 22500000ULL
/* A gap between ticks this long means the process was stopped or starved:
 * carry on from where the sim is rather than race to catch up. */
#define STALL_NS 1000000000ULL
/* How long a message in the status line stays (wall time: it is chrome,
 * not the world, and a stale error must not sit there all talk). */
#define FLASH_US 5000000
/* Readable-but-empty wake-ups in a row that mean the terminal is gone. */
#define EMPTY_READS_MAX 16

/* Room for every signal libevent watches for us: the table below and the
 * real-time ones (at most NSIG in all). */
#define LIVE_SIGNAL_COUNT NSIG

enum { LIVE_DIRTY_FRAME = 1, LIVE_DIRTY_FULL = 2 };

/* The driver's own state: the loop, the terminal, the wall clock. The
 * world and the presenter's state are the session's. */
struct live {
	struct driver out; /* the options, the session, the dashboard, the
	                      files */
	bool utf8;
	uint64_t record_start_ns; /* --record: the cast's time zero */

	struct event_base *base;
	struct event *pace_timer;  /* armed only while running */
	struct event *frame_timer; /* armed only while dirty */
	struct event *flash_timer; /* armed only while a message shows */
	struct event *key_event;
	struct event *signal_events[LIVE_SIGNAL_COUNT];
	struct term *term;
	struct web *web; /* --listen: the phones' server, or NULL */

	/* Virtual time: anchor_virtual_us + (now - anchor_wall_ns) x speed */
	uint64_t anchor_wall_ns;
	uint64_t anchor_virtual_us;
	uint64_t last_tick_ns;
	uint64_t last_frame_ns;
	uint64_t deadline_ns; /* while advancing: the step budget's end */
	unsigned dirty;
	bool held_small; /* the terminal is too small: the script's clock waits
	                  */
	int empty_reads;
	int exit_status;
};

static void obey(struct live *l, unsigned todo);

/* --- time ---------------------------------------------------------------- */

static uint64_t clock_ns(void)
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

/* From now on, virtual time moves on from where the world is. */
static void anchor(struct live *l, uint64_t now_ns)
{
	l->anchor_wall_ns = now_ns;
	l->anchor_virtual_us = session_now(l->out.session);
	l->last_tick_ns = now_ns;
}

static uint64_t virtual_target(const struct live *l, uint64_t now_ns)
{
	uint64_t num, den, elapsed_us;

	if (now_ns <= l->anchor_wall_ns)
		return l->anchor_virtual_us;
	session_speed(l->out.session, &num, &den);
	elapsed_us = (now_ns - l->anchor_wall_ns) / 1000;
	return l->anchor_virtual_us + elapsed_us * num / den;
}

/* Runs the world up to the virtual time for now_ns, within the budget. */
static void advance(struct live *l, uint64_t now_ns)
{
	l->deadline_ns = now_ns + STEP_BUDGET_NS;
	obey(l, session_advance(l->out.session, virtual_target(l, now_ns)));
	l->deadline_ns = 0;
}

/* The session's calls up: catch up before the clock stops; the step
 * budget; chapter marks in a recording. */
static void up_catch_up(void *ctx)
{
	advance(ctx, clock_ns());
}

static bool up_out_of_time(void *ctx)
{
	struct live *l = ctx;

	return l->deadline_ns != 0 && clock_ns() > l->deadline_ns;
}

/* The recording's clock: wall time since the start. */
static uint64_t cast_time(const struct live *l)
{
	return (clock_ns() - l->record_start_ns) / 1000;
}

static void up_marker(void *ctx, const char *label)
{
	struct live *l = ctx;

	if (l->out.cast != NULL)
		cast_marker(l->out.cast, cast_time(l), label);
}

/* --- marking dirty, drawing once ------------------------------------ */

/* While the terminal is too small to show the dashboard, a scenario's
 * clock stops (its captions would go by unseen); it runs on once the
 * window fits again, as the presenter left it. */
static void hold_while_small(struct live *l)
{
	struct session *s = l->out.session;
	bool small = dashboard_too_small(l->out.dashboard);

	if (small && !l->held_small && session_player(s) != NULL &&
	    session_running(s)) {
		l->held_small = true;
		obey(l, session_set_running(s, false));
	} else if (!small && l->held_small) {
		l->held_small = false;
		obey(l, session_set_running(s, true));
	}
}

static void on_frame(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	struct dashboard_view view;
	char note[160], room[640];

	(void)fd;
	(void)what;
	session_view(l->out.session, &view);
	if (term_canvas_too_small(l->term)) {
		const char *times = l->utf8 ? "\u00d7" : "x";
		int cols, rows;

		term_size(l->term, &cols, &rows);
		snprintf(note, sizeof note,
		         "the terminal is %d%s%d, too small for the %" PRIu32
		         "%s%" PRIu32 " canvas of --cols/--rows",
		         cols, times, rows,
		         l->out.opts->cols ? l->out.opts->cols : (uint32_t)cols,
		         times,
		         l->out.opts->rows ? l->out.opts->rows
		                           : (uint32_t)rows);
		view.canvas_note = note;
	}
	uint32_t seated = 0, seats = 0;

	if (l->web != NULL) {
		const char *dot = l->utf8 ? " \u00b7 " : " - ";
		char roster[512];

		web_counts(l->web, &seated, &seats);
		web_roster(l->web, roster, sizeof roster);
		snprintf(room, sizeof room,
		         "phones %" PRIu32 "/%" PRIu32 "%s%s%scode %s%s%s",
		         seated, seats, dot, web_url(l->web), dot,
		         web_code(l->web), seated > 0 ? dot : "",
		         seated > 0 ? roster : "");
		view.room = room;
		view.room_seats = seats;
	}
	dashboard_draw(l->out.dashboard, &view);
	/* The header and the room row stay in sight above the code. */
	if (l->web != NULL && seated == 0)
		qr_draw_code(web_url(l->web), 2);
	session_clamp_help(l->out.session,
	                   dashboard_help_scroll_max(l->out.dashboard));
	term_present(l->term, (l->dirty & LIVE_DIRTY_FULL) != 0);
	l->dirty = 0;
	l->last_frame_ns = clock_ns();
	hold_while_small(l);
}

/* Something on screen changed: draw it this loop turn, or as soon as the
 * frame cap allows. */
static void mark_dirty(struct live *l, unsigned flags)
{
	uint64_t since;

	l->dirty |= flags;
	if (evtimer_pending(l->frame_timer, NULL))
		return;
	since = clock_ns() - l->last_frame_ns;
	if (since >= FRAME_MIN_NS) {
		event_active(l->frame_timer, EV_TIMEOUT, 0);
	} else {
		struct timeval tv =
		    timeval_us((FRAME_MIN_NS - since) / 1000 + 1);

		evtimer_add(l->frame_timer, &tv);
	}
}

static void on_flash_expired(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;

	(void)fd;
	(void)what;
	obey(l, session_clear_flash(l->out.session));
}

static void quit(struct live *l, int status)
{
	l->exit_status = status;
	event_base_loopexit(l->base, NULL);
}

/* Does what a session call asked: the one place its bits are read. */
static void obey(struct live *l, unsigned todo)
{
	if (todo & SESSION_FLASH) {
		struct timeval tv = timeval_us(FLASH_US);

		evtimer_add(l->flash_timer, &tv);
	}
	if (todo & (SESSION_CLOCK | SESSION_LAGGING))
		anchor(l, clock_ns());
	if (todo & SESSION_CLOCK) {
		/* The pacing timer runs exactly while the session does. */
		if (!session_running(l->out.session)) {
			event_del(l->pace_timer);
		} else if (!event_pending(l->pace_timer, EV_TIMEOUT, NULL)) {
			struct timeval period = timeval_us(PACE_PERIOD_US);

			event_add(l->pace_timer, &period);
		}
	}
	if (todo & SESSION_REDRAW_FULL)
		mark_dirty(l, LIVE_DIRTY_FULL);
	else if (todo & SESSION_REDRAW)
		mark_dirty(l, LIVE_DIRTY_FRAME);
	if (todo & SESSION_QUIT)
		quit(l, 0);
}

/* The phones' server changed the world or the log. */
static void web_obey(void *ctx, unsigned todo)
{
	obey(ctx, todo);
}

/* --- pacing --------------------------------------------------------------- */

static void on_pace(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	uint64_t now = clock_ns();

	(void)fd;
	(void)what;
	if (now - l->last_tick_ns > STALL_NS)
		anchor(l, now);
	l->last_tick_ns = now;
	advance(l, now);
	mark_dirty(l, LIVE_DIRTY_FRAME);
}

/* --- keys ------------------------------------------------------------------
 */

static void on_key(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	int key, keys = 0, waiting = 0;

	(void)what;
	while ((key = term_read_key(l->term)) != TERM_NO_KEY) {
		struct keymap_hit hit = keymap_lookup(key);
		unsigned todo = session_key(l->out.session, &hit);

		obey(l, todo);
		keys++;
		/* Keys typed after q were never meant for this world: they
		 * must not reach it, nor its saved log. */
		if (todo & SESSION_QUIT)
			return;
	}
	/* What a key did is on screen at once: the frame cap paces the
	 * clock's ticks, and a presenter's key never waits for it. */
	if (keys > 0 && evtimer_pending(l->frame_timer, NULL)) {
		event_del(l->frame_timer);
		event_active(l->frame_timer, EV_TIMEOUT, 0);
	}
	/* Readable, yet nothing to read, again and again: the terminal has
	 * hung up without a SIGHUP reaching us. Leave rather than spin. */
	if (keys == 0 && ioctl(fd, FIONREAD, &waiting) == 0 && waiting == 0) {
		if (++l->empty_reads >= EMPTY_READS_MAX)
			quit(l, 1);
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
	if (term_resize(l->term) && l->out.cast != NULL &&
	    !(l->out.opts->cols > 0 && l->out.opts->rows > 0)) {
		int cols, rows;

		term_size(l->term, &cols, &rows);
		cast_resize(l->out.cast, cast_time(l), cols, rows);
	}
	mark_dirty(l, LIVE_DIRTY_FULL);
}

static void on_quit_signal(evutil_socket_t signo, short what, void *arg)
{
	struct live *l = arg;

	(void)what;
	quit(l, 128 + (int)signo);
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
	if (session_running(l->out.session))
		advance(l, clock_ns());
	term_suspend(l->term);
	/* Really stop: libevent gives SIGTSTP back its default action when
	 * our event goes, then we raise it; execution resumes here on fg. */
	event_del(self);
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	event_add(self, NULL);
	/* SIGCONT (next loop turn) repaints; the time stopped is not run. */
	anchor(l, clock_ns());
}

static void on_cont(evutil_socket_t signo, short what, void *arg)
{
	struct live *l = arg;

	(void)signo;
	(void)what;
	term_resume(l->term);
	anchor(l, clock_ns());
	mark_dirty(l, LIVE_DIRTY_FULL);
}

struct signal_handler {
	int signo;
	event_callback_fn fn;
};

/*
 * Every signal whose default action would end the process (leaving the
 * terminal raw, on the alternate screen, the cursor hidden, and --save-log
 * unwritten) ends the session instead, through the loop, the terminal
 * restored and the log saved: status 128 + the signal. Not here: the
 * faults of the program itself (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
 * SIGTRAP, SIGSYS), which a handler cannot survive (fatal() restores the
 * terminal for the ones we raise), and SIGXFSZ, which main ignores so that
 * a file-size limit is a write that fails. The real-time signals, which
 * also kill by default, are added by the loop in live_run.
 */
static const struct signal_handler signal_handlers[] = {
    {SIGWINCH, on_winch},        {SIGINT, on_quit_signal},
    {SIGTERM, on_quit_signal},   {SIGHUP, on_quit_signal},
    {SIGQUIT, on_quit_signal},   {SIGTSTP, on_tstp},
    {SIGCONT, on_cont},          {SIGUSR1, on_quit_signal},
    {SIGUSR2, on_quit_signal},   {SIGALRM, on_quit_signal},
    {SIGXCPU, on_quit_signal},   {SIGVTALRM, on_quit_signal},
    {SIGPROF, on_quit_signal},   {SIGPIPE, on_quit_signal},
    {SIGIO, on_quit_signal},     {SIGPWR, on_quit_signal},
#ifdef SIGSTKFLT
    {SIGSTKFLT, on_quit_signal},
#endif
};
#define HANDLED_COUNT (sizeof signal_handlers / sizeof signal_handlers[0])

/* Watches signo with fn, in the next free place of l's signal events. */
static void watch_signal(struct live *l, size_t *used, int signo,
                         event_callback_fn fn)
{
	if (*used == LIVE_SIGNAL_COUNT)
		fatal("too many signals to watch");
	l->signal_events[*used] = evsignal_new(l->base, signo, fn, l);
	if (l->signal_events[*used] == NULL ||
	    event_add(l->signal_events[*used], NULL) != 0)
		fatal("cannot watch signal %d", signo);
	(*used)++;
}

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

	cast_output(l->out.cast, cast_time(l), bytes, len);
}

/* Opens --record's file and writes its header: a path that cannot be
 * written (a missing directory, /dev/full) is said before the screen is
 * taken. 0, or -1 with one line in err. */
static int open_record(struct live *l, char *err, size_t errlen)
{
	const struct options *opts = l->out.opts;
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
	if (session_title(l->out.session) != NULL)
		snprintf(title, sizeof title, "%s",
		         session_title(l->out.session));
	else
		snprintf(title, sizeof title, "gcounter --seed %" PRIu64,
		         session_config(l->out.session)->seed);
	header.title = title;
	if (driver_open_cast(&l->out, opts->record_path, "--record", &header,
	                     err, errlen) != 0)
		return -1;
	l->record_start_ns = clock_ns();
	return 0;
}

static const struct session_driver live_up = {
    .catch_up = up_catch_up,
    .out_of_time = up_out_of_time,
    .marker = up_marker,
};

int live_run(const struct options *opts)
{
	struct live l = {0};
	struct session_driver up = live_up;
	struct term_config config = {.cols = (int)opts->cols,
	                             .rows = (int)opts->rows};
	char err[256];
	size_t watched = 0;
	int status;

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
	up.ctx = &l;
	status = driver_open(&l.out, opts, l.utf8, &up);
	if (status != 0)
		return status;
	if (opts->record_path != NULL &&
	    open_record(&l, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return driver_abort(&l.out, 1);
	}
	if (l.out.cast != NULL) {
		config.sink = record_sink;
		config.sink_ctx = &l;
	}
	l.base = event_base_new();
	if (l.base == NULL)
		fatal("cannot create the event loop");
	/* Signals first: curses then sees handlers in place and installs
	 * none of its own, so libevent owns every one of them. */
	for (size_t i = 0; i < HANDLED_COUNT; i++) {
		/* With phones a SIGPIPE is a phone that hung up while we
		 * wrote to it (the write fails, the server lets it go): it
		 * must not end the class. A terminal never sends one. */
		if (signal_handlers[i].signo == SIGPIPE && opts->web != NULL) {
			signal(SIGPIPE, SIG_IGN);
			continue;
		}
		watch_signal(&l, &watched, signal_handlers[i].signo,
		             signal_handlers[i].fn);
	}
	for (int signo = SIGRTMIN; signo <= SIGRTMAX; signo++)
		watch_signal(&l, &watched, signo, on_quit_signal);
	/* The port before the terminal: one that is taken is one line on a
	 * shell that is still the user's. */
	if (opts->web != NULL) {
		l.web = web_new(l.base, opts->web, l.out.session, web_obey, &l,
		                err, sizeof err);
		if (l.web == NULL) {
			free_signal_events(&l);
			event_base_free(l.base);
			driver_abort(&l.out, 2);
			fprintf(stderr, "gcounter: %s\n", err);
			return 2;
		}
	}
	l.term = term_open_with(stdout, stdin, &config, err, sizeof err);
	if (l.term == NULL) {
		web_free(l.web);
		free_signal_events(&l);
		event_base_free(l.base);
		driver_abort(&l.out, 2);
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	driver_open_dashboard(&l.out, l.utf8);

	l.key_event = event_new(l.base, term_input_fd(l.term),
	                        EV_READ | EV_PERSIST, on_key, &l);
	l.pace_timer = event_new(l.base, -1, EV_PERSIST, on_pace, &l);
	l.frame_timer = evtimer_new(l.base, on_frame, &l);
	l.flash_timer = evtimer_new(l.base, on_flash_expired, &l);
	if (l.key_event == NULL || l.pace_timer == NULL ||
	    l.frame_timer == NULL || l.flash_timer == NULL ||
	    event_add(l.key_event, NULL) != 0)
		fatal("cannot set up the event loop");

	obey(&l, session_set_running(l.out.session, true));
	mark_dirty(&l, LIVE_DIRTY_FULL);
	event_base_dispatch(l.base);

	/* The terminal first: a signal arriving while we free the rest
	 * still finds libevent's handler, not the default. */
	free_events(&l);
	web_free(l.web);
	term_close(l.term);
	free_signal_events(&l);
	/* The terminal is the shell's again: errors may be printed. */
	status = driver_close(&l.out, l.exit_status);
	event_base_free(l.base);
	libevent_global_shutdown();
	return status;
}
