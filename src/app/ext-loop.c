/*
 * The loop of a run of real nodes, on libevent: a timer at the world's
 * next event, the programs' lines and exits applied as commands at the
 * virtual time they arrive, the signals that end a run. Whatever ends it
 * (the check, a signal, an error, the screen's quit) leaves through the
 * one exit at the bottom of ext_loop_run, which kills and reaps every
 * child.
 */
#define _GNU_SOURCE
#include "app/ext-loop.h"

#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/errbuf.h"

static uint64_t wall_us(const struct ext_loop *r)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - r->t0.tv_sec) * 1000000u +
	       (uint64_t)((t.tv_nsec - r->t0.tv_nsec) / 1000);
}

/* The heartbeat: the loop looks at the clock at least this often, so a
 * gap of more than JUMP_US between two looks is not the loop's own. */
#define HEARTBEAT_US 200000
#define JUMP_US      2000000

/* Moves the start forward by lag: the clock goes on from where it was. */
static void shift_start(struct ext_loop *r, uint64_t lag)
{
	r->t0.tv_sec += (time_t)(lag / 1000000);
	r->t0.tv_nsec += (long)(lag % 1000000) * 1000;
	if (r->t0.tv_nsec >= 1000000000) {
		r->t0.tv_sec++;
		r->t0.tv_nsec -= 1000000000;
	}
}

/* Before the clock is read for the world: a jump of the wall clock (the
 * process was stopped from outside, or the machine slept, while the
 * clock ran on) is a pause of that length, as Ctrl-Z is, so no deadline
 * passes while no node could be heard. A pause already stops the clock:
 * while paused there is nothing to take out. */
static void watch_clock(struct ext_loop *r)
{
	uint64_t t = wall_us(r);

	if (!r->paused && t > r->seen_us + JUMP_US) {
		uint64_t lag = t - r->seen_us - HEARTBEAT_US;

		shift_start(r, lag);
		r->jumps_us += lag;
		t -= lag;
		if (r->screen == NULL)
			fprintf(stderr,
			        "gcounter: stopped from outside for %.1fs "
			        "(SIGSTOP, or the machine slept): taken as a "
			        "pause\n",
			        (double)lag / 1e6);
	}
	r->seen_us = t;
}

/* The virtual time by the clock as it stands (a jump not looked for). */
static uint64_t virtual_us(const struct ext_loop *r)
{
	return r->paused ? r->paused_us : wall_us(r);
}

/* The virtual time now, once a jump of the clock is taken out. */
static uint64_t now(struct ext_loop *r)
{
	watch_clock(r);
	return virtual_us(r);
}

/* --- the loop -------------------------------------------------------- */

static void arm(struct ext_loop *r);

static void stop_with(struct ext_loop *r, const char *what)
{
	if (!r->failed)
		errbuf_set(r->err, sizeof r->err, "%s", what);
	r->failed = true;
	event_base_loopexit(r->base, NULL);
}

/* The seam between the world and its nodes: a seat a remote holds (or
 * one still kept for a student) has no program; its lines go to the
 * socket. */
static void io_start(void *ctx, uint32_t node)
{
	struct ext_loop *r = ctx;
	char why[200];

	if (ext_class_holds(r->class, node) ||
	    ext_class_waiting(r->class, node))
		return;
	if (ext_procs_start(r->procs, node, why, sizeof why) < 0)
		stop_with(r, why);
}

static void io_stop(void *ctx, uint32_t node)
{
	/* A remote cannot be killed: a crash of its seat is the world's
	 * (what it says while down is dropped there). */
	ext_procs_stop(((struct ext_loop *)ctx)->procs, node);
}

static void io_deliver(void *ctx, uint32_t node, const char *line)
{
	struct ext_loop *r = ctx;

	if (ext_class_holds(r->class, node))
		ext_class_send(r->class, node, line);
	else
		ext_procs_send(r->procs, node, line);
}

static const struct mworld_io live_io = {
    .start = io_start, .stop = io_stop, .deliver = io_deliver};

static void apply(struct ext_loop *r, const struct mcmd *cmd)
{
	char why[200];

	mworld_run_until(r->world, now(r));
	if (mworld_apply(r->world, cmd, why, sizeof why) < 0)
		stop_with(r, why);
	arm(r);
}

static void on_line(void *ctx, uint32_t node, const char *line, size_t len)
{
	struct mcmd cmd = {.kind = MCMD_OUT,
	                   .node = node,
	                   .line = (char *)(uintptr_t)line,
	                   .len = len};

	apply(ctx, &cmd);
}

static void on_exit_status(void *ctx, uint32_t node, int status)
{
	struct mcmd cmd = {.kind = MCMD_EXIT, .node = node, .status = status};

	apply(ctx, &cmd);
}

static const struct ext_proc_hooks hooks = {.line = on_line,
                                            .exited = on_exit_status};

/* --- the class's hooks: what remotes say becomes commands too ------- */

static void class_seat(void *ctx, uint32_t seat, bool remote)
{
	struct ext_loop *r = ctx;
	struct mcmd cmd = {.kind = MCMD_SEAT, .node = seat, .status = remote};

	if (remote) /* before the world stops it: its last words are void */
		ext_procs_stop(r->procs, seat);
	if (r->world != NULL)
		apply(r, &cmd);
}

/* A student's press counts while the workload runs: after it, the final
 * reads must find every acknowledged add already spread. While the
 * presenter pauses, nothing moves, presses included. */
static void class_add(void *ctx, uint32_t seat, uint64_t delta)
{
	struct ext_loop *r = ctx;
	struct mcmd cmd = {.kind = MCMD_ADD, .node = seat, .delta = delta};

	if (r->paused)
		return;
	mworld_run_until(r->world, now(r));
	if (mworld_workload_active(r->world))
		apply(r, &cmd);
}

static bool class_awaits_init(void *ctx, uint32_t seat)
{
	struct ext_loop *r = ctx;
	struct mworld_node_view n;

	if (r->world == NULL || mworld_done(r->world))
		return false;
	mworld_node(r->world, seat, &n);
	return n.up && !n.initialized;
}

static const char *class_over(void *ctx)
{
	struct ext_loop *r = ctx;
	uint64_t begin;

	if (r->world == NULL)
		return NULL;
	if (mworld_done(r->world))
		return "the class is over: the check has run";
	if (mworld_begun(r->world, &begin) && !mworld_workload_active(r->world))
		return "the class is over: its workload has ended";
	return NULL;
}

static const struct ext_class_hooks class_hooks = {
    .over = class_over,
    .line = on_line,
    .seat = class_seat,
    .add = class_add,
    .awaits_init = class_awaits_init,
};

static void tick(evutil_socket_t fd, short what, void *arg)
{
	struct ext_loop *r = arg;

	(void)fd, (void)what;
	mworld_run_until(r->world, now(r));
	arm(r);
}

/* Looks at the clock (a jump found out here re-times the world's timer,
 * which is still set by the clock before the jump). */
static void heartbeat(evutil_socket_t fd, short what, void *arg)
{
	struct ext_loop *r = arg;
	uint64_t jumped = r->jumps_us;

	(void)fd, (void)what;
	watch_clock(r);
	if (r->jumps_us != jumped && !mworld_done(r->world)) {
		evtimer_del(r->timer);
		arm(r);
	}
}

/* The timer goes off at the world's next event; at the end, the loop. */
static void arm(struct ext_loop *r)
{
	uint64_t next, at, cut_us;
	struct timeval tv;
	const char *cut;

	if (r->screen != NULL)
		r->screen->changed(r->screen->ctx);
	cut = mworld_cut(r->world, &cut_us);
	if (cut != NULL && !r->cut_told && r->screen == NULL)
		fprintf(stderr,
		        "gcounter: the workload ended early at %.1fs: %s were "
		        "nearly used up (healing, settling, then the final "
		        "reads)\n",
		        (double)cut_us / 1e6, cut);
	r->cut_told = cut != NULL;
	if (mworld_done(r->world)) {
		/* Headless, the check ends the run; a screen shows it until
		 * the presenter quits. */
		if (r->screen == NULL)
			event_base_loopexit(r->base, NULL);
		return;
	}
	if (r->paused || !mworld_next_time(r->world, &next))
		return;
	at = now(r);
	next = next > at ? next - at : 0;
	tv.tv_sec = (time_t)(next / 1000000);
	tv.tv_usec = (suseconds_t)(next % 1000000);
	evtimer_add(r->timer, &tv);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct ext_loop *r = arg;

	(void)what;
	if (sig == SIGCHLD) {
		ext_procs_reap(r->procs);
		return;
	}
	r->signal = (int)sig;
	event_base_loopexit(r->base, NULL);
}

int ext_loop_run(struct ext_loop *r)
{
	static const int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct event *sev[sizeof sigs / sizeof sigs[0]] = {0};
	char why[200];
	int rc = 0;

	/* A write to a node that just died is an error to ignore, not a
	 * signal that kills gcounter with its children unreaped. */
	signal(SIGPIPE, SIG_IGN);
	r->base = event_base_new();
	if (r->base == NULL) {
		errbuf_set(r->err, sizeof r->err, "cannot start libevent");
		return -1;
	}
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sev[i] = evsignal_new(r->base, sigs[i], on_signal, r);
		event_add(sev[i], NULL);
	}
	r->timer = evtimer_new(r->base, tick, r);
	r->procs =
	    ext_procs_new(r->base, r->command, r->config->nodes, &hooks, r);
	if (r->class_config != NULL) {
		r->class = ext_class_new(r->base, r->class_config, &class_hooks,
		                         r, r->err, sizeof r->err);
		if (r->class == NULL)
			rc = -1;
	}
	if (rc == 0)
		r->world = mworld_new(r->config, &live_io, r, why, sizeof why);
	if (rc < 0) {
		/* the class said why */
	} else if (r->procs == NULL || r->world == NULL) {
		errbuf_set(r->err, sizeof r->err, "%s",
		           r->world == NULL ? why : "out of memory");
		rc = -1;
	} else {
		if (r->class != NULL && r->class_ready != NULL)
			r->class_ready(r);
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		r->seen_us = 0;
		r->heartbeat = event_new(r->base, -1, EV_PERSIST, heartbeat, r);
		event_add(r->heartbeat,
		          &(struct timeval){0, (suseconds_t)HEARTBEAT_US});
		if (r->screen != NULL &&
		    r->screen->open(r->screen->ctx, r) < 0) {
			rc = -1;
		} else {
			arm(r);
			event_base_dispatch(r->base);
			if (r->failed)
				rc = -1;
			if (r->screen != NULL)
				r->screen->close(r->screen->ctx);
		}
	}
	/* The one way out: every child killed and reaped, then the rest
	 * (their stderr lines are kept for the report). */
	for (uint32_t i = 0; r->procs != NULL && i < r->config->nodes; i++)
		ext_procs_stop(r->procs, i);
	ext_class_free(r->class); /* each remote told the class is over */
	r->class = NULL;
	event_free(r->timer);
	if (r->heartbeat != NULL)
		event_free(r->heartbeat);
	r->heartbeat = NULL;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		event_free(sev[i]);
	event_base_free(r->base);
	return rc;
}

uint64_t ext_loop_now(struct ext_loop *r)
{
	return now(r);
}

void ext_loop_pause(struct ext_loop *r, bool paused)
{
	if (paused == r->paused)
		return;
	if (paused) {
		r->paused_us = now(r);
		mworld_run_until(r->world, r->paused_us);
		r->paused = true;
		evtimer_del(r->timer);
	} else {
		/* The clock goes on from where it stopped: move the start
		 * forward by the time spent paused. */
		shift_start(r, wall_us(r) - r->paused_us);
		r->seen_us = r->paused_us;
		r->paused = false;
	}
	ext_procs_pause(r->procs, paused);
	arm(r);
}

void ext_loop_command(struct ext_loop *r, const struct mcmd *cmd)
{
	apply(r, cmd);
}

void ext_loop_quit(struct ext_loop *r)
{
	event_base_loopexit(r->base, NULL);
}
