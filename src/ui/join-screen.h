/*
 * The student's tiny screen for `gcounter join`: the seat, the vector
 * the node last gossiped, its value, the connection's state and the keys.
 * It draws one frame from a view it must never change.
 */
#ifndef GCOUNTER_UI_JOIN_SCREEN_H
#define GCOUNTER_UI_JOIN_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JOIN_MAX_SLOTS 32 /* a PN-Counter's two halves of 16 nodes */

struct join_view {
	const char *address, *name;
	const char *seat;  /* "n1", or NULL before the presenter seats it */
	const char *state; /* the connection, in words */
	const char *news;  /* the last thing that happened, or NULL */
	const char *command;
	uint32_t nodes, slots; /* of the vector (0: none seen yet) */
	uint64_t counts[JOIN_MAX_SLOTS];
	uint32_t self; /* the seat's index in the vector */
	bool has_read;
	int64_t last_read; /* a pn-counter's may be negative */
	uint64_t pressed, inits;
	const char *const *stderr_lines;
	size_t stderr_count;
	bool ended;
};

void join_screen_draw(const struct join_view *v);

#endif
