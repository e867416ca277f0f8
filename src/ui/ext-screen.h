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

struct ext_screen {
	const struct mworld *world; /* the present, or a moment of its past */
	const char *command;
	uint32_t selected;
	bool paused, past;
	const char *const *stderr_lines; /* the selected node's, oldest first */
	size_t stderr_count;
	const char *flash; /* a one-line answer to the last key, or NULL */
	const char *room;  /* a class over TCP: where, the code, who; or NULL */
	const char *const *help_lines; /* the key list, drawn over, or NULL */
	size_t help_count;
};

void ext_screen_draw(const struct ext_screen *s);

#endif
