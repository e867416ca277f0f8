/*
 * The dashboard of a run of real nodes: each node's state and last read
 * against the truth, the counter its messages carry, the messages in
 * flight with their bodies abbreviated, the selected node's stderr, and
 * the checker's verdicts. It draws one frame from a world it must never
 * change.
 */
#ifndef GCOUNTER_UI_EXT_SCREEN_H
#define GCOUNTER_UI_EXT_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mworld;

/* A class over TCP: what the class's rows show. */
struct ext_screen_room {
	const char *join;         /* "gcounter join ADDR CODE" */
	const char *const *seats; /* "n1 Ada", "n2 (free)": who sits */
	size_t seat_count;        /* where, in seat order */
	const char *news;         /* the last thing that happened */
};

struct ext_screen {
	const struct mworld *world; /* the present, or a moment of its past */
	const char *command;
	uint32_t selected;
	bool paused, past;
	const char *const *stderr_lines; /* the selected node's, oldest first */
	size_t stderr_count;
	const char *flash; /* the answer to the last key (wrapped to two
	                      rows when it is wider than the screen), or
	                      NULL */
	const struct ext_screen_room *room; /* a class over TCP, or NULL */
	const char *const *help_lines; /* the key list, drawn over, or NULL */
	size_t help_count;
};

void ext_screen_draw(const struct ext_screen *s);

#endif
