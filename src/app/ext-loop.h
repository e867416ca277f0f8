/*
 * The loop of a run of real nodes: libevent carries lines between the
 * programs and the world, and the wall clock (less the time paused) is the
 * world's virtual time. A seat's node is a program or, in a class, a
 * remote over TCP (ext-class.c). A screen may hang its own events on the loop.
 * It must never return with a child running: every way out reaps them.
 */
#ifndef GCOUNTER_APP_EXT_LOOP_H
#define GCOUNTER_APP_EXT_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "app/ext-class.h"
#include "app/ext-proc.h"
#include "maelstrom/mworld.h"

struct event;
struct event_base;
struct ext_loop;

/* A screen on the loop (the dashboard); headless runs have none. */
struct ext_loop_screen {
	/* After the world is made and before the programs start: add events
	 * to l->base. 0, or -1 with l->err. */
	int (*open)(void *ctx, struct ext_loop *l);
	/* Before the programs are killed (the terminal first). */
	void (*close)(void *ctx);
	/* The world changed: redraw when next due. */
	void (*changed)(void *ctx);
	void *ctx;
};

struct ext_loop {
	const struct mworld_config *config;
	const char *command;
	const struct ext_loop_screen *screen; /* NULL: run to the check */
	/* A class over TCP (--listen), or NULL: remotes may take seats. */
	const struct ext_class_config *class_config;
	struct ext_class *class;
	/* Called once the class listens and the world is made. */
	void (*class_ready)(struct ext_loop *l);
	struct mworld *world;
	struct ext_procs *procs;
	struct event_base *base;
	struct event *timer;
	struct timespec t0;
	uint64_t paused_us; /* the virtual time the pause froze, if paused */
	bool paused;
	/* The wall clock (since t0) when the loop last looked at it, and the
	 * heartbeat that looks often: a gap far longer than the heartbeat
	 * is a stop from outside (SIGSTOP, a laptop asleep), taken as a
	 * pause of that length. */
	uint64_t seen_us;
	struct event *heartbeat;
	uint64_t jumps_us; /* how much time such stops took, in all */
	int signal;        /* what ended it early, or 0 */
	char err[256];
	bool failed;
	bool cut_told; /* the workload's early end was said (headless) */
};

/* Runs until the check (headless) or until ext_loop_quit (a screen).
 * 0, or -1 with l->err. Children are killed and reaped when it returns;
 * l->procs stays for their stderr lines (ext_procs_free it). */
int ext_loop_run(struct ext_loop *l);
/* The world's virtual time now: the wall clock since the start, less
 * the time paused (by space, Ctrl-Z, or a stop from outside the loop
 * saw as a jump of the clock). */
uint64_t ext_loop_now(struct ext_loop *l);
/* Pause holds every message (the clock stops) and SIGSTOPs the programs. */
void ext_loop_pause(struct ext_loop *l, bool paused);
/* A presenter's command (an add): stamped now, like a program's line. */
void ext_loop_command(struct ext_loop *l, const struct mcmd *cmd);
void ext_loop_quit(struct ext_loop *l);

#endif
