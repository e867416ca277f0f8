/*
 * The live dashboard's driver: one libevent loop paces the simulation in
 * virtual time (elapsed wall time x speed), turns keys into commands, owns
 * every signal, and draws at most one frame per loop turn when something
 * changed. Paused and idle, nothing is armed: the process sleeps until a
 * key or a signal. The wall clock only ever chooses how far to run the sim;
 * it never enters it.
 */
#include "app/live.h"

#include <inttypes.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "sim/fatal.h"
#include "sim/sim.h"
#include "sim/strategy.h"
#include "ui/dashboard.h"
#include "ui/eventlog.h"
#include "ui/keymap.h"
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
/* Lines the event log keeps (the screen shows the newest that fit). */
#define LOG_LINES 256
/* How long a message in the status line stays (wall time: it is chrome,
 * not the world, and a stale error must not sit there all talk). */
#define FLASH_US 5000000
/* Readable-but-empty wake-ups in a row that mean the terminal is gone. */
#define EMPTY_READS_MAX 16

enum { DIRTY_FRAME = 1, DIRTY_FULL = 2 };

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

/* --theme onto the ui's schemes (the ui does not see options). */
static const enum theme_scheme schemes[] = {
    [THEME_DARK] = SCHEME_DARK,
    [THEME_LIGHT] = SCHEME_LIGHT,
    [THEME_PROJECTOR] = SCHEME_PROJECTOR,
    [THEME_MONO] = SCHEME_MONO,
};

#define SIGNAL_COUNT 7

struct live {
	const struct options *opts;
	struct event_base *base;
	struct event *pace_timer;  /* armed only while running */
	struct event *frame_timer; /* armed only while dirty */
	struct event *flash_timer; /* armed only while a message shows */
	struct event *key_event;
	struct event *signal_events[SIGNAL_COUNT];
	struct term *term;
	struct dashboard *dashboard;
	struct eventlog *log;
	struct sim *sim;

	bool running;
	bool lagging;
	bool help_open;
	bool resume_after_help;
	bool big;
	size_t speed;
	uint32_t selected;
	char flash[192];
	char replay[128];

	/* Virtual time: anchor_virtual_us + (now - anchor_wall_ns) x speed */
	uint64_t anchor_wall_ns;
	uint64_t anchor_virtual_us;
	uint64_t last_tick_ns;
	uint64_t last_frame_ns;
	unsigned dirty;
	int empty_reads;
	int exit_status;
};

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

/* From now on, virtual time moves on from where the sim is. */
static void anchor(struct live *l, uint64_t now_ns)
{
	l->anchor_wall_ns = now_ns;
	l->anchor_virtual_us = sim_now(l->sim);
	l->last_tick_ns = now_ns;
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

/* Runs the sim up to the virtual time for now_ns, within the budget. */
static void advance(struct live *l, uint64_t now_ns)
{
	uint64_t target = virtual_target(l, now_ns), next;
	unsigned steps = 0;

	while (sim_next_event_time(l->sim, &next) && next <= target) {
		sim_step(l->sim);
		if ((++steps & 63) == 0 &&
		    clock_ns() - now_ns > STEP_BUDGET_NS) {
			l->lagging = true;
			anchor(l, clock_ns());
			return;
		}
	}
	sim_run_until(l->sim, target);
	l->lagging = false;
}

/* --- marking dirty, drawing once ------------------------------------ */

static void on_frame(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	const struct dashboard_view view = {
	    .sim = l->sim,
	    .log = l->log,
	    .seed = l->opts->sim.seed,
	    .selected = l->selected,
	    .running = l->running,
	    .lagging = l->lagging,
	    .help_open = l->help_open,
	    .big = l->big,
	    .speed = speeds[l->speed].label,
	    .flash = l->flash,
	    .replay = l->replay,
	};

	(void)fd;
	(void)what;
	dashboard_draw(l->dashboard, &view);
	term_present(l->term, (l->dirty & DIRTY_FULL) != 0);
	l->dirty = 0;
	l->last_frame_ns = clock_ns();
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

static void set_flash(struct live *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_flash(struct live *l, const char *fmt, ...)
{
	va_list ap;

	struct timeval tv = timeval_us(FLASH_US);

	va_start(ap, fmt);
	vsnprintf(l->flash, sizeof l->flash, fmt, ap);
	va_end(ap);
	evtimer_add(l->flash_timer, &tv);
}

static void clear_flash(struct live *l)
{
	l->flash[0] = '\0';
	evtimer_del(l->flash_timer);
}

static void on_flash_expired(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;

	(void)fd;
	(void)what;
	l->flash[0] = '\0';
	mark_dirty(l, DIRTY_FRAME);
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
	mark_dirty(l, DIRTY_FRAME);
}

static void set_running(struct live *l, bool running)
{
	uint64_t now = clock_ns();

	if (running == l->running)
		return;
	if (running) {
		struct timeval period = timeval_us(PACE_PERIOD_US);

		anchor(l, now);
		event_add(l->pace_timer, &period);
	} else {
		advance(l, now);
		event_del(l->pace_timer);
		l->lagging = false;
	}
	l->running = running;
}

/* --- the world -------------------------------------------------------------
 */

static void greet(struct live *l)
{
	uint32_t n = sim_node_count(l->sim);

	eventlog_note(l->log, sim_now(l->sim),
	              "seed %" PRIu64 ", %" PRIu32
	              " node%s, strategy %s: press "
	              "%s%" PRIu32 " to increment, ? for help",
	              l->opts->sim.seed, n, n == 1 ? "" : "s",
	              sim_config(l->sim)->strategy->name, n > 1 ? "1-" : "",
	              n < 9 ? n : 9);
}

static bool apply(struct live *l, const struct command *cmd)
{
	char err[160];

	if (sim_apply(l->sim, cmd, err, sizeof err) == 0)
		return true;
	set_flash(l, "%s", err);
	return false;
}

/* --- actions: what each key does -------------------------------------- */

static void act_increment(struct live *l, uint32_t node)
{
	const struct command cmd = {
	    .kind = CMD_INCREMENT, .node = node, .amount = 1};

	if (apply(l, &cmd))
		l->selected = node;
}

static void act_increment_node(struct live *l, int arg)
{
	act_increment(l, (uint32_t)arg);
}

static void act_increment_selected(struct live *l, int arg)
{
	(void)arg;
	act_increment(l, l->selected);
}

static void act_select_next(struct live *l, int arg)
{
	(void)arg;
	l->selected = (l->selected + 1) % sim_node_count(l->sim);
}

static void act_select_prev(struct live *l, int arg)
{
	uint32_t n = sim_node_count(l->sim);

	(void)arg;
	l->selected = (l->selected + n - 1) % n;
}

static void act_gossip(struct live *l, int arg)
{
	const struct command cmd = {.kind = CMD_GOSSIP_NOW,
	                            .node = l->selected};

	(void)arg;
	apply(l, &cmd);
}

static void act_pause(struct live *l, int arg)
{
	(void)arg;
	set_running(l, !l->running);
}

static void act_step(struct live *l, int arg)
{
	(void)arg;
	/* Stepping is for a paused world: a first step stops the clock. */
	set_running(l, false);
	if (!sim_step(l->sim))
		set_flash(l, "nothing to step: no event is pending");
}

static void change_speed(struct live *l, int delta)
{
	size_t next = (size_t)((int)l->speed + delta);

	if (next >= SPEED_COUNT) {
		set_flash(l, "already at the %s speed (%s)",
		          delta > 0 ? "fastest" : "slowest",
		          speeds[l->speed].label);
		return;
	}
	/* Finish the time run at the old speed, then go on at the new. */
	if (l->running)
		advance(l, clock_ns());
	l->speed = next;
	anchor(l, clock_ns());
}

static void act_faster(struct live *l, int arg)
{
	(void)arg;
	change_speed(l, 1);
}

static void act_slower(struct live *l, int arg)
{
	(void)arg;
	change_speed(l, -1);
}

static void act_restart(struct live *l, int arg)
{
	char err[160];
	struct sim *fresh = sim_new(&l->opts->sim, err, sizeof err);

	(void)arg;
	if (fresh == NULL) {
		set_flash(l, "cannot restart: %s", err);
		return;
	}
	sim_free(l->sim);
	l->sim = fresh;
	eventlog_reset(l->log, sim_node_count(fresh));
	sim_set_observer(fresh, eventlog_observe, l->log);
	if (l->selected >= sim_node_count(fresh))
		l->selected = 0;
	anchor(l, clock_ns());
	eventlog_note(l->log, 0, "restarted: a fresh world, same seed %" PRIu64,
	              l->opts->sim.seed);
	greet(l);
	set_flash(l, "restarted with seed %" PRIu64, l->opts->sim.seed);
}

static void act_big(struct live *l, int arg)
{
	(void)arg;
	l->big = !l->big;
}

static void act_help(struct live *l, int arg)
{
	(void)arg;
	if (l->help_open) {
		l->help_open = false;
		set_running(l, l->resume_after_help);
		return;
	}
	l->help_open = true;
	l->resume_after_help = l->running;
	set_running(l, false);
}

static void act_close(struct live *l, int arg)
{
	if (l->help_open)
		act_help(l, arg);
}

static void act_quit(struct live *l, int arg)
{
	(void)arg;
	l->exit_status = 0;
	event_base_loopexit(l->base, NULL);
}

static void act_redraw(struct live *l, int arg)
{
	(void)arg;
	l->dirty |= DIRTY_FULL;
}

static void act_none(struct live *l, int arg)
{
	(void)l;
	(void)arg;
}

struct action {
	void (*run)(struct live *l, int arg);
	bool in_help; /* still works while the help overlay is open */
};

static const struct action actions[ACTION_COUNT] = {
    [ACTION_NONE] = {act_none, true},
    [ACTION_INCREMENT_NODE] = {act_increment_node, false},
    [ACTION_SELECT_NEXT] = {act_select_next, false},
    [ACTION_SELECT_PREV] = {act_select_prev, false},
    [ACTION_INCREMENT_SELECTED] = {act_increment_selected, false},
    [ACTION_GOSSIP_SELECTED] = {act_gossip, false},
    [ACTION_PAUSE] = {act_pause, false},
    [ACTION_STEP] = {act_step, false},
    [ACTION_FASTER] = {act_faster, false},
    [ACTION_SLOWER] = {act_slower, false},
    [ACTION_RESTART] = {act_restart, false},
    [ACTION_BIG] = {act_big, false},
    [ACTION_HELP] = {act_help, true},
    [ACTION_CLOSE] = {act_close, true},
    [ACTION_QUIT] = {act_quit, true},
    [ACTION_REDRAW] = {act_redraw, true},
};

static void handle_key(struct live *l, int key)
{
	struct keymap_hit hit = keymap_lookup(key);
	char name[32];

	clear_flash(l);
	if (hit.action == ACTION_NONE) {
		keymap_key_name(key, name, sizeof name);
		set_flash(l, "%s does nothing here: press ? for the keys",
		          name);
	} else if (l->help_open && !actions[hit.action].in_help) {
		set_flash(l, "press ? or Esc to close the help first");
	} else {
		actions[hit.action].run(l, hit.arg);
	}
	mark_dirty(l, DIRTY_FRAME);
}

static void on_key(evutil_socket_t fd, short what, void *arg)
{
	struct live *l = arg;
	int key, keys = 0, waiting = 0;

	(void)what;
	while ((key = term_read_key(l->term)) != TERM_NO_KEY) {
		handle_key(l, key);
		keys++;
	}
	/* Readable, yet nothing to read, again and again: the terminal has
	 * hung up without a SIGHUP reaching us. Leave rather than spin. */
	if (keys == 0 && ioctl(fd, FIONREAD, &waiting) == 0 && waiting == 0) {
		if (++l->empty_reads >= EMPTY_READS_MAX) {
			l->exit_status = 1;
			event_base_loopexit(l->base, NULL);
		}
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
	term_resize(l->term);
	mark_dirty(l, DIRTY_FULL);
}

static void on_quit_signal(evutil_socket_t signo, short what, void *arg)
{
	struct live *l = arg;

	(void)what;
	l->exit_status = 128 + (int)signo;
	event_base_loopexit(l->base, NULL);
}

static struct event *signal_event(struct live *l, int signo)
{
	for (size_t i = 0; i < SIGNAL_COUNT; i++)
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
	mark_dirty(l, DIRTY_FULL);
}

struct signal_handler {
	int signo;
	event_callback_fn fn;
};

static const struct signal_handler signal_handlers[SIGNAL_COUNT] = {
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
	for (size_t i = 0; i < SIGNAL_COUNT; i++) {
		if (l->signal_events[i] != NULL)
			event_free(l->signal_events[i]);
		l->signal_events[i] = NULL;
	}
}

static void describe_replay(struct live *l)
{
	const struct sim_config *c = &l->opts->sim;
	int len = snprintf(l->replay, sizeof l->replay,
	                   "gcounter --seed %" PRIu64, c->seed);

	if (len > 0 && (size_t)len < sizeof l->replay && c->nodes != 4)
		snprintf(l->replay + len, sizeof l->replay - (size_t)len,
		         " --nodes %" PRIu32, c->nodes);
	if (strlen(l->replay) + 32 < sizeof l->replay)
		strcat(l->replay, " and the same keys");
}

int live_run(const struct options *opts)
{
	struct live l = {
	    .opts = opts, .speed = SPEED_DEFAULT, .big = opts->big};
	char err[256];
	size_t scheme = (size_t)opts->theme;

	/* Refuse before touching the terminal at all. */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gcounter: the dashboard needs a terminal "
		                "(stdin and stdout must be a TTY); try "
		                "--headless\n");
		return 2;
	}
	l.sim = sim_new(&opts->sim, err, sizeof err);
	if (l.sim == NULL) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	l.base = event_base_new();
	if (l.base == NULL)
		fatal("cannot create the event loop");
	/* Signals first: curses then sees handlers in place and installs
	 * none of its own, so libevent owns every one of them. */
	for (size_t i = 0; i < SIGNAL_COUNT; i++) {
		l.signal_events[i] =
		    evsignal_new(l.base, signal_handlers[i].signo,
		                 signal_handlers[i].fn, &l);
		if (l.signal_events[i] == NULL ||
		    event_add(l.signal_events[i], NULL) != 0)
			fatal("cannot watch signal %d",
			      signal_handlers[i].signo);
	}
	l.term = term_open(stdout, stdin, err, sizeof err);
	if (l.term == NULL) {
		free_signal_events(&l);
		event_base_free(l.base);
		sim_free(l.sim);
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	l.dashboard = dashboard_new(scheme < sizeof schemes / sizeof schemes[0]
	                                ? schemes[scheme]
	                                : SCHEME_DARK,
	                            opts->no_color, term_utf8(l.term));
	l.log =
	    eventlog_new(sim_node_count(l.sim), LOG_LINES, term_utf8(l.term));
	sim_set_observer(l.sim, eventlog_observe, l.log);
	describe_replay(&l);
	greet(&l);

	l.key_event = event_new(l.base, term_input_fd(l.term),
	                        EV_READ | EV_PERSIST, on_key, &l);
	l.pace_timer = event_new(l.base, -1, EV_PERSIST, on_pace, &l);
	l.frame_timer = evtimer_new(l.base, on_frame, &l);
	l.flash_timer = evtimer_new(l.base, on_flash_expired, &l);
	if (l.key_event == NULL || l.pace_timer == NULL ||
	    l.frame_timer == NULL || l.flash_timer == NULL ||
	    event_add(l.key_event, NULL) != 0)
		fatal("cannot set up the event loop");

	set_running(&l, true);
	mark_dirty(&l, DIRTY_FULL);
	event_base_dispatch(l.base);

	/* The terminal first: a signal arriving while we free the rest
	 * still finds libevent's handler, not the default. */
	free_events(&l);
	term_close(l.term);
	free_signal_events(&l);
	dashboard_free(l.dashboard);
	sim_free(l.sim);
	eventlog_free(l.log);
	event_base_free(l.base);
	libevent_global_shutdown();
	return l.exit_status;
}
