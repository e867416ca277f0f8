/*
 * The real-nodes dashboard's driver: curses through ui/term.c, a key
 * event, a frame timer (ten frames a second at most, a frame only when
 * something changed), SIGWINCH. Keys change state and mark the screen
 * dirty; one frame function draws. The past is shown by replaying the
 * present's command log into a world of its own, since the programs
 * cannot be rewound; so the past can be shown but never forked.
 */
#include "app/ext-live.h"

#include <curses.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ext-loop.h"
#include "maelstrom/mworld.h"
#include "script/choices.h"
#include "ui/ext-screen.h"
#include "ui/term.h"
#include "ui/theme.h"
#include "util/errbuf.h"

#define FRAME_US     100000
#define PAST_STEP_US 1000000
/* The past keeps a copy of its world every 5 s of virtual time, so a
 * moment is the nearest copy before it and at most 5 s of replay, not
 * the whole run's. */
#define CHECKPOINT_US  5000000
#define CHECKPOINT_MAX 720 /* an hour of them */

struct checkpoint {
	struct mworld *world; /* the past at `at`: never shown, only cloned */
	uint64_t at;
	size_t next; /* the first command of the log after it */
};

struct ext_live {
	struct ext_loop *loop;
	struct ext_loop_screen screen;
	struct term *term;
	struct event *keys, *frame, *winch, *tstp, *cont;
	bool dirty, full;
	uint32_t selected;
	char flash[200];
	bool flashing;
	struct mworld *past; /* the moment shown, or NULL: the present */
	uint64_t past_us;
	struct checkpoint checkpoints[CHECKPOINT_MAX];
	size_t checkpoint_count;
	bool help;           /* the key list is open */
	uint64_t jumps_told; /* the loop's stops from outside, said so far */
	char help_rows[32][100];
	const char *help_lines[32];
	size_t help_count;
};

static void mark(struct ext_live *v)
{
	v->dirty = true;
}

static void say(struct ext_live *v, const char *text)
{
	snprintf(v->flash, sizeof v->flash, "%s", text);
	v->flashing = true;
	mark(v);
}

static void leave_past(struct ext_live *v)
{
	mworld_free(v->past);
	v->past = NULL;
}

/* Replays the log's commands from *next up to t into w, then runs it to t:
 * the world at t, as it was (the commands before a moment of the past do
 * not change: new ones are stamped later). */
static void replay_to(struct mworld *w, const struct mcmd *log, size_t count,
                      size_t *next, uint64_t t)
{
	while (*next < count && log[*next].time_us <= t) {
		if (mworld_replay(w, &log[*next], NULL, 0) < 0) {
			*next = count; /* (the present's own log: cannot be) */
			break;
		}
		(*next)++;
	}
	mworld_run_until(w, t);
}

/* The world at t, from the nearest checkpoint before it (or the start),
 * leaving new checkpoints on the way. */
static struct mworld *world_at(struct ext_live *v, uint64_t t)
{
	struct ext_loop *l = v->loop;
	const struct checkpoint *from = NULL;
	const struct mcmd *log;
	size_t count, next = 0;
	uint64_t at = 0;
	struct mworld *w;

	log = mworld_log(l->world, &count);
	for (size_t i = 0; i < v->checkpoint_count; i++)
		if (v->checkpoints[i].at <= t)
			from = &v->checkpoints[i];
	if (from != NULL) {
		w = mworld_clone(from->world);
		next = from->next;
		at = from->at;
	} else {
		w = mworld_new(l->config, NULL, NULL, NULL, 0);
	}
	if (w == NULL)
		return NULL;
	/* They are made in order, one every CHECKPOINT_US, so `from` is
	 * the last of them whenever t is 5 s or more past it. */
	while (at + CHECKPOINT_US <= t &&
	       v->checkpoint_count < CHECKPOINT_MAX) {
		struct checkpoint *c = &v->checkpoints[v->checkpoint_count];

		at += CHECKPOINT_US;
		replay_to(w, log, count, &next, at);
		c->world = mworld_clone(w);
		if (c->world == NULL)
			break;
		c->at = at;
		c->next = next;
		v->checkpoint_count++;
	}
	replay_to(w, log, count, &next, t);
	return w;
}

static void free_checkpoints(struct ext_live *v)
{
	for (size_t i = 0; i < v->checkpoint_count; i++)
		mworld_free(v->checkpoints[i].world);
	v->checkpoint_count = 0;
}

/* The world at t, rebuilt from the config and the commands before t. */
static void show_past(struct ext_live *v, uint64_t t)
{
	struct mworld *w;

	if (t >= ext_loop_now(v->loop)) {
		leave_past(v);
		say(v, "back in the present");
		return;
	}
	w = world_at(v, t);
	if (w == NULL)
		return;
	leave_past(v);
	v->past = w;
	v->past_us = t;
	say(v, "the past, replayed from the log; the programs run on (End)");
}

/* Whether a key that changes the world may: not in the past, which the
 * programs cannot be rewound to, nor once checked. */
static bool may_change(struct ext_live *v)
{
	if (v->past != NULL) {
		say(v,
		    "the past of real programs cannot be forked: they cannot "
		    "be rewound (End: back to the present)");
		return false;
	}
	if (mworld_done(v->loop->world)) {
		say(v, "checked: nothing changes the run now (q: the report)");
		return false;
	}
	return true;
}

/* Faults and adds only while the workload runs: at its end every fault
 * heals and the final reads must find every acknowledged add spread, so
 * neither may start then (a student's press is held to the same). */
static bool may_while_running(struct ext_live *v, const char *over)
{
	uint64_t begin;

	if (!may_change(v))
		return false;
	if (mworld_workload_active(v->loop->world))
		return true;
	say(v, mworld_begun(v->loop->world, &begin)
	           ? over
	           : "not yet: the workload waits for every init_ok");
	return false;
}

static bool may_fault(struct ext_live *v)
{
	return may_while_running(v, "the workload is over: every fault has "
	                            "healed for the check");
}

static bool may_add(struct ext_live *v)
{
	return may_while_running(v, "the workload is over: an add now could "
	                            "not spread before the final reads");
}

static void net_command(struct ext_live *v, struct mcmd *cmd, const char *text)
{
	cmd->kind = MCMD_NET;
	ext_loop_command(v->loop, cmd);
	say(v, text);
}

static void act_add(struct ext_live *v, int key)
{
	uint32_t node = (uint32_t)(key - '1');
	struct mcmd cmd = {.kind = MCMD_ADD, .node = node, .delta = 1};
	char text[120];

	if (node >= v->loop->config->nodes) {
		say(v, "no such node");
		return;
	}
	if (!may_add(v))
		return;
	ext_loop_command(v->loop, &cmd);
	snprintf(text, sizeof text, "add 1 sent to n%u from c%u", node,
	         node + 1);
	say(v, text);
}

/* pn-counter: an add of -1 at the selected node, as Backspace decrements
 * on the simulated dashboard. */
static void act_subtract(struct ext_live *v, int key)
{
	struct mcmd cmd = {.kind = MCMD_ADD, .node = v->selected, .delta = -1};
	char text[120];

	(void)key;
	if (v->loop->config->workload != MWORKLOAD_PN_COUNTER) {
		say(v, "a g-counter only grows: --workload pn-counter "
		       "takes adds of -1");
		return;
	}
	if (!may_add(v))
		return;
	ext_loop_command(v->loop, &cmd);
	snprintf(text, sizeof text, "add -1 sent to n%u from c%u", v->selected,
	         v->selected + 1);
	say(v, text);
}

static void act_next(struct ext_live *v, int key)
{
	(void)key;
	v->selected = (v->selected + 1) % v->loop->config->nodes;
}

static void act_prev(struct ext_live *v, int key)
{
	uint32_t n = v->loop->config->nodes;

	(void)key;
	v->selected = (v->selected + n - 1) % n;
}

static void act_pause(struct ext_live *v, int key)
{
	struct ext_loop *l = v->loop;

	(void)key;
	ext_loop_pause(l, !l->paused);
	say(v, l->paused ? "paused: every message held, every program "
	                   "stopped (SIGSTOP)"
	                 : "running: virtual time follows the wall clock "
	                   "(speed is always 1x with real programs)");
}

/* The next rate of the cycle 0 -> 10% -> 30% -> 50% -> 0 after p. */
static double next_rate(double p)
{
	static const double steps[] = {0.1, 0.3, 0.5};

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (p < steps[i] - 1e-9)
			return steps[i];
	return 0;
}

static void act_rate(struct ext_live *v, int key)
{
	struct mworld_net net;
	struct mcmd cmd = {0};
	char text[120];
	bool drop = key == 'd';

	if (!may_change(v))
		return;
	mworld_net(v->loop->world, &net);
	cmd.net = drop ? MNET_DROP : MNET_DUPLICATE;
	cmd.prob = next_rate(drop ? net.drop : net.duplicate);
	snprintf(text, sizeof text,
	         "%s %.0f%%: each message between nodes is %s with that "
	         "chance",
	         drop ? "drop" : "duplicate", cmd.prob * 100,
	         drop ? "lost" : "delivered twice");
	net_command(v, &cmd, text);
}

/* as started -> 10-500ms -> 1-2s -> as started: the jitter reorders. */
static void act_latency(struct ext_live *v, int key)
{
	const struct mworld_config *c = v->loop->config;
	struct mworld_net net;
	struct mcmd cmd = {.net = MNET_LATENCY};
	char text[120];

	(void)key;
	if (!may_change(v))
		return;
	mworld_net(v->loop->world, &net);
	if (net.latency_us == 10000 && net.jitter_us == 490000)
		cmd.latency_us = 1000000, cmd.jitter_us = 1000000;
	else if (net.latency_us == c->latency_us &&
	         net.jitter_us == c->jitter_us)
		cmd.latency_us = 10000, cmd.jitter_us = 490000;
	else
		cmd.latency_us = c->latency_us, cmd.jitter_us = c->jitter_us;
	snprintf(text, sizeof text, "latency %.0f-%.0fms a hop from now on%s",
	         (double)cmd.latency_us / 1000,
	         (double)(cmd.latency_us + cmd.jitter_us) / 1000,
	         cmd.latency_us == c->latency_us &&
	                 cmd.jitter_us == c->jitter_us
	             ? " (as started)"
	             : ": the jitter reorders messages");
	net_command(v, &cmd, text);
}

/* both ways -> in (cannot receive) -> out (cannot send) -> none. */
static void act_partition(struct ext_live *v, int key)
{
	static const enum sim_partition next[] = {
	    [PARTITION_NONE] = PARTITION_BOTH,
	    [PARTITION_BOTH] = PARTITION_NO_RECEIVE,
	    [PARTITION_NO_RECEIVE] = PARTITION_NO_SEND,
	    [PARTITION_NO_SEND] = PARTITION_NONE,
	};
	static const char *const says[] = {
	    [PARTITION_NONE] = "whole again",
	    [PARTITION_BOTH] = "cut off both ways: what it sends and what "
	                       "it is sent are lost",
	    [PARTITION_NO_RECEIVE] = "cannot receive (in): what it is sent "
	                             "is lost",
	    [PARTITION_NO_SEND] = "cannot send (out): what it sends is lost",
	};
	struct mcmd cmd = {.net = MNET_PARTITION, .node = v->selected};
	char text[120];

	(void)key;
	if (!may_fault(v))
		return;
	cmd.mode = next[mworld_partition(v->loop->world, v->selected)];
	snprintf(text, sizeof text, "n%u %s", v->selected, says[cmd.mode]);
	net_command(v, &cmd, text);
}

static void act_heal(struct ext_live *v, int key)
{
	struct mcmd cmd = {.net = MNET_HEAL};

	(void)key;
	if (may_fault(v))
		net_command(v, &cmd, "every partition healed");
}

static void act_crash(struct ext_live *v, int key)
{
	struct mworld_node_view n;
	struct mcmd cmd = {.node = v->selected};
	char text[120];

	(void)key;
	if (!may_fault(v))
		return;
	mworld_node(v->loop->world, v->selected, &n);
	if (n.exited) {
		say(v, "its program has exited by itself: the checker "
		       "fails it");
		return;
	}
	cmd.net = n.crashed ? MNET_RESTART : MNET_CRASH;
	snprintf(text, sizeof text,
	         n.crashed ? "n%u restarted: a new program, sent init "
	                     "(amnesia: it starts from nothing)"
	                   : "n%u crashed: its program killed (c again: "
	                     "restart it)",
	         v->selected);
	net_command(v, &cmd, text);
}

static void act_amnesia(struct ext_live *v, int key)
{
	(void)key;
	say(v, "a real program always restarts with amnesia: a new process, "
	       "sent init (there is no disk to keep its count)");
}

static void act_back(struct ext_live *v, int key)
{
	uint64_t from = v->past != NULL ? v->past_us : ext_loop_now(v->loop);

	(void)key;
	show_past(v, from > PAST_STEP_US ? from - PAST_STEP_US : 0);
}

static void act_on(struct ext_live *v, int key)
{
	(void)key;
	if (v->past != NULL)
		show_past(v, v->past_us + PAST_STEP_US);
}

static void act_present(struct ext_live *v, int key)
{
	(void)key;
	leave_past(v);
	say(v, "the present");
}

static void act_help(struct ext_live *v, int key)
{
	(void)key;
	v->help = !v->help;
}

static void act_quit(struct ext_live *v, int key)
{
	(void)key;
	ext_loop_quit(v->loop);
}

/* The keys, as on the simulated dashboard where the meaning is the same;
 * '?' lists them from this table. */
static const struct ext_key {
	int from, to;
	const char *name, *help; /* help NULL: listed with the one before */
	void (*run)(struct ext_live *v, int key);
} keys[] = {
    {'1', '9', "1-9", "add 1 at that node (from its client)", act_add},
    {KEY_BACKSPACE, KEY_BACKSPACE, "Bksp",
     "add -1 at the selected node (pn-counter)", act_subtract},
    {127, 127, NULL, NULL, act_subtract},
    {8, 8, NULL, NULL, act_subtract},
    {KEY_DC, KEY_DC, NULL, NULL, act_subtract},
    {'\t', '\t', "Tab", "select the next node (arrows too)", act_next},
    {KEY_RIGHT, KEY_RIGHT, NULL, NULL, act_next},
    {KEY_DOWN, KEY_DOWN, NULL, NULL, act_next},
    {KEY_BTAB, KEY_BTAB, NULL, NULL, act_prev},
    {KEY_LEFT, KEY_LEFT, NULL, NULL, act_prev},
    {KEY_UP, KEY_UP, NULL, NULL, act_prev},
    {' ', ' ', "space", "pause: hold every message, SIGSTOP every program",
     act_pause},
    {'d', 'd', "d", "message drop: 0 -> 10% -> 30% -> 50% -> 0", act_rate},
    {'u', 'u', "u", "duplicates: 0 -> 10% -> 30% -> 50% -> 0", act_rate},
    {'l', 'l', "l", "latency: as started -> 10-500ms -> 1-2s -> as started",
     act_latency},
    {'p', 'p', "p", "partition the selected node: both -> in -> out -> none",
     act_partition},
    {'h', 'h', "h", "heal every partition", act_heal},
    {'c', 'c', "c", "crash the selected node; again: restart it (amnesia)",
     act_crash},
    {'a', 'a', "a", "restart mode: always amnesia with real programs",
     act_amnesia},
    {KEY_PPAGE, KEY_PPAGE, "PgUp b", "back 1s into the past (replayed)",
     act_back},
    {'b', 'b', NULL, NULL, act_back},
    {KEY_NPAGE, KEY_NPAGE, "PgDn .", "on 1s in the past", act_on},
    {'.', '.', NULL, NULL, act_on},
    {KEY_END, KEY_END, "End Esc", "back to the present", act_present},
    {27, 27, NULL, NULL, act_present},
    {'?', '?', "?", "this list (again: close it)", act_help},
    {'q', 'q', "q", "quit (the report, once checked)", act_quit},
    {'Q', 'Q', NULL, NULL, act_quit},
};

static void on_key_code(struct ext_live *v, int key)
{
	v->flashing = false;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (key >= keys[i].from && key <= keys[i].to) {
			if (keys[i].run != act_help)
				v->help = false;
			keys[i].run(v, key);
			break;
		}
	}
	mark(v);
}

static void on_keys(evutil_socket_t fd, short what, void *arg)
{
	struct ext_live *v = arg;
	int key;

	(void)fd, (void)what;
	while ((key = term_read_key(v->term)) != TERM_NO_KEY)
		on_key_code(v, key);
}

/* The class's rows: where to join, the code, who sits where, the news
 * (the screen lays them out). NULL when there is no class. */
struct room_text {
	struct ext_screen_room room;
	char join[160];
	char seat[MWORLD_MAX_NODES][CLASS_MAX_NAME_BYTES + 16];
	const char *seats[MWORLD_MAX_NODES];
};

static const struct ext_screen_room *room_of(const struct ext_loop *l,
                                             struct room_text *t)
{
	size_t n = 0;

	if (l->class == NULL)
		return NULL;
	snprintf(t->join, sizeof t->join, "gcounter join %s %s",
	         ext_class_address(l->class), ext_class_code(l->class));
	for (uint32_t i = 0; i < l->config->nodes; i++) {
		const char *who = ext_class_student(l->class, i);

		if (who != NULL)
			snprintf(t->seat[n], sizeof t->seat[n], "n%u %s", i,
			         who);
		else if (ext_class_waiting(l->class, i))
			snprintf(t->seat[n], sizeof t->seat[n], "n%u (free)",
			         i);
		else
			continue;
		t->seats[n] = t->seat[n];
		n++;
	}
	t->room = (struct ext_screen_room){.join = t->join,
	                                   .seats = t->seats,
	                                   .seat_count = n,
	                                   .news = ext_class_news(l->class)};
	return &t->room;
}

static void draw(struct ext_live *v)
{
	const char *lines[EXT_STDERR_LINES];
	struct room_text room;
	struct ext_screen s = {
	    .world = v->past != NULL ? v->past : v->loop->world,
	    .command = v->loop->command,
	    .selected = v->selected,
	    .paused = v->loop->paused,
	    .past = v->past != NULL,
	    .flash = v->flashing ? v->flash : NULL,
	    .room = room_of(v->loop, &room),
	    .help_lines = v->help ? v->help_lines : NULL,
	    .help_count = v->help ? v->help_count : 0,
	};

	/* A student's node logs on the student's screen, not here. */
	s.stderr_count =
	    ext_class_holds(v->loop->class, v->selected)
	        ? 0
	        : ext_procs_stderr(v->loop->procs, v->selected, lines);
	s.stderr_lines = lines;
	ext_screen_draw(&s);
	term_present(v->term, v->full);
	v->dirty = v->full = false;
}

/* The clock moves every frame even when nothing else does. */
static void on_frame(evutil_socket_t fd, short what, void *arg)
{
	struct ext_live *v = arg;

	(void)fd, (void)what;
	/* A stop from outside the loop took as a pause: say so once. */
	if (v->loop->jumps_us != v->jumps_told) {
		char text[160];

		snprintf(text, sizeof text,
		         "stopped from outside for %.1fs (SIGSTOP, or the "
		         "machine slept): taken as a pause, no deadline passed",
		         (double)(v->loop->jumps_us - v->jumps_told) / 1e6);
		v->jumps_told = v->loop->jumps_us;
		say(v, text);
	}
	if (!v->loop->paused || v->dirty)
		draw(v);
}

static void on_winch(evutil_socket_t fd, short what, void *arg)
{
	struct ext_live *v = arg;

	(void)fd, (void)what;
	term_resize(v->term);
	v->full = true;
	mark(v);
}

/* Ctrl-Z: the terminal given back and the run held as by space (every
 * program stopped, the clock too), so the time spent stopped is not run
 * and no deadline passes while a node could not answer; fg resumes it
 * as it was. */
static void on_tstp(evutil_socket_t fd, short what, void *arg)
{
	struct ext_live *v = arg;
	bool was_paused = v->loop->paused;

	(void)fd, (void)what;
	ext_loop_pause(v->loop, true);
	term_suspend(v->term);
	/* Really stop: SIGTSTP's default action while our event is gone;
	 * execution resumes here on fg. */
	event_del(v->tstp);
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	event_add(v->tstp, NULL);
	term_resume(v->term);
	if (!was_paused)
		ext_loop_pause(v->loop, false);
	v->full = true;
	mark(v);
}

/* Going on after a stop from outside (SIGSTOP cannot be caught, so the
 * terminal was never given back): whoever had it meanwhile (the shell
 * that saw its job stop) may have changed its modes and written over the
 * screen, so the modes are ours again and the next frame is whole. The
 * loop takes the time stopped out by itself. */
static void on_cont(evutil_socket_t fd, short what, void *arg)
{
	struct ext_live *v = arg;

	(void)fd, (void)what;
	if (v->term == NULL)
		return;
	/* Given back and taken again: the modes set anew, a whole frame. */
	term_suspend(v->term);
	term_resume(v->term);
	v->full = true;
	mark(v);
}

static int screen_open(void *ctx, struct ext_loop *l)
{
	struct ext_live *v = ctx;
	const char *no_color = getenv("NO_COLOR");
	struct timeval every = {0, FRAME_US};

	/* libevent first, so curses installs no SIGWINCH handler. */
	v->winch = evsignal_new(l->base, SIGWINCH, on_winch, v);
	event_add(v->winch, NULL);
	v->tstp = evsignal_new(l->base, SIGTSTP, on_tstp, v);
	event_add(v->tstp, NULL);
	v->cont = evsignal_new(l->base, SIGCONT, on_cont, v);
	event_add(v->cont, NULL);
	v->term = term_open(stdout, stdin, l->err, sizeof l->err);
	if (v->term == NULL)
		return -1;
	theme_init(THEME_DARK, no_color != NULL && no_color[0] != '\0');
	v->keys = event_new(l->base, term_input_fd(v->term),
	                    EV_READ | EV_PERSIST, on_keys, v);
	v->frame = event_new(l->base, -1, EV_PERSIST, on_frame, v);
	event_add(v->keys, NULL);
	event_add(v->frame, &every);
	v->full = true;
	draw(v);
	return 0;
}

static void screen_close(void *ctx)
{
	struct ext_live *v = ctx;

	if (v->keys != NULL)
		event_free(v->keys);
	if (v->frame != NULL)
		event_free(v->frame);
	v->keys = v->frame = NULL;
	term_close(v->term);
	v->term = NULL;
	if (v->winch != NULL)
		event_free(v->winch);
	if (v->tstp != NULL)
		event_free(v->tstp);
	if (v->cont != NULL)
		event_free(v->cont);
	v->winch = v->tstp = v->cont = NULL;
}

static void screen_changed(void *ctx)
{
	mark(ctx);
}

struct ext_live *ext_live_new(struct ext_loop *loop, char *err, size_t errlen)
{
	struct ext_live *v;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		errbuf_set(err, errlen,
		           "the dashboard needs a terminal (stdin and stdout "
		           "must be a TTY); try --headless");
		return NULL;
	}
	term_setup_locale();
	v = calloc(1, sizeof *v);
	if (v == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	v->loop = loop;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (keys[i].help == NULL || v->help_count == 32)
			continue;
		snprintf(v->help_rows[v->help_count], sizeof v->help_rows[0],
		         "%-8s %s", keys[i].name, keys[i].help);
		v->help_lines[v->help_count] = v->help_rows[v->help_count];
		v->help_count++;
	}
	v->screen = (struct ext_loop_screen){.open = screen_open,
	                                     .close = screen_close,
	                                     .changed = screen_changed,
	                                     .ctx = v};
	return v;
}

const struct ext_loop_screen *ext_live_screen(struct ext_live *live)
{
	return &live->screen;
}

void ext_live_free(struct ext_live *live)
{
	if (live == NULL)
		return;
	leave_past(live);
	free_checkpoints(live);
	free(live);
}
