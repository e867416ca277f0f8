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

struct ext_live {
	struct ext_loop *loop;
	struct ext_loop_screen screen;
	struct term *term;
	struct event *keys, *frame, *winch;
	bool dirty, full;
	uint32_t selected;
	char flash[200];
	bool flashing;
	struct mworld *past; /* the moment shown, or NULL: the present */
	uint64_t past_us;
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

/* The world at t, rebuilt from the config and the commands before t. */
static void show_past(struct ext_live *v, uint64_t t)
{
	struct ext_loop *l = v->loop;
	const struct mcmd *log;
	size_t count;
	struct mworld *w;

	if (t >= ext_loop_now(l)) {
		leave_past(v);
		say(v, "back in the present");
		return;
	}
	w = mworld_new(l->config, NULL, NULL, NULL, 0);
	if (w == NULL)
		return;
	log = mworld_log(l->world, &count);
	for (size_t i = 0; i < count && log[i].time_us <= t; i++)
		if (mworld_replay(w, &log[i], NULL, 0) < 0)
			break;
	mworld_run_until(w, t);
	leave_past(v);
	v->past = w;
	v->past_us = t;
	say(v, "the past, replayed from the log; the programs run on (End)");
}

static void add_at(struct ext_live *v, uint32_t node)
{
	struct mcmd cmd = {.kind = MCMD_ADD, .node = node, .delta = 1};
	char text[120];

	if (v->past != NULL) {
		say(v,
		    "the past of real programs cannot be forked: they cannot "
		    "be rewound (End: back to the present)");
		return;
	}
	if (node >= v->loop->config->nodes) {
		say(v, "no such node");
		return;
	}
	ext_loop_command(v->loop, &cmd);
	snprintf(text, sizeof text, "add 1 sent to n%u from c%u", node,
	         node + 1);
	say(v, text);
}

static void on_key_code(struct ext_live *v, int key)
{
	struct ext_loop *l = v->loop;

	v->flashing = false;
	if (key >= '1' && key <= '9') {
		add_at(v, (uint32_t)(key - '1'));
	} else if (key == '\t' || key == KEY_RIGHT || key == KEY_DOWN) {
		v->selected = (v->selected + 1) % l->config->nodes;
	} else if (key == KEY_BTAB || key == KEY_LEFT || key == KEY_UP) {
		v->selected =
		    (v->selected + l->config->nodes - 1) % l->config->nodes;
	} else if (key == ' ') {
		ext_loop_pause(l, !l->paused);
		say(v, l->paused ? "paused: every message held, every program "
		                   "stopped (SIGSTOP)"
		                 : "running: virtual time follows the wall "
		                   "clock (speed is always 1x with real "
		                   "programs)");
	} else if (key == KEY_PPAGE || key == 'b') {
		uint64_t from = v->past != NULL ? v->past_us : ext_loop_now(l);

		show_past(v, from > PAST_STEP_US ? from - PAST_STEP_US : 0);
	} else if (key == KEY_NPAGE || key == '.') {
		if (v->past != NULL)
			show_past(v, v->past_us + PAST_STEP_US);
	} else if (key == KEY_END || key == 27) {
		leave_past(v);
		say(v, "the present");
	} else if (key == '?') {
		say(v, "1-9 add 1 at a node  Tab select  space pause  PgUp "
		       "back 1s  PgDn on 1s  End present  q quit");
	} else if (key == 'q' || key == 'Q') {
		ext_loop_quit(l);
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

/* The class's row: where to join, the code, who sits where, the news. */
static const char *room_line(const struct ext_loop *l, char *buf, size_t len)
{
	size_t k;

	if (l->class == NULL)
		return NULL;
	k = (size_t)snprintf(buf, len, "class: gcounter join %s %s  ",
	                     ext_class_address(l->class),
	                     ext_class_code(l->class));
	for (uint32_t i = 0; i < l->config->nodes && k < len; i++) {
		const char *who = ext_class_student(l->class, i);

		if (who != NULL)
			k += (size_t)snprintf(buf + k, len - k, "n%u %s  ", i,
			                      who);
		else if (ext_class_waiting(l->class, i))
			k += (size_t)snprintf(buf + k, len - k, "n%u (free)  ",
			                      i);
	}
	if (k < len)
		snprintf(buf + k, len - k, "%s", ext_class_news(l->class));
	return buf;
}

static void draw(struct ext_live *v)
{
	const char *lines[EXT_STDERR_LINES];
	char room[400];
	struct ext_screen s = {
	    .world = v->past != NULL ? v->past : v->loop->world,
	    .command = v->loop->command,
	    .selected = v->selected,
	    .paused = v->loop->paused,
	    .past = v->past != NULL,
	    .flash = v->flashing ? v->flash : NULL,
	    .room = room_line(v->loop, room, sizeof room),
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

static int screen_open(void *ctx, struct ext_loop *l)
{
	struct ext_live *v = ctx;
	const char *no_color = getenv("NO_COLOR");
	struct timeval every = {0, FRAME_US};

	/* libevent first, so curses installs no SIGWINCH handler. */
	v->winch = evsignal_new(l->base, SIGWINCH, on_winch, v);
	event_add(v->winch, NULL);
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
	v->winch = NULL;
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
	free(live);
}
