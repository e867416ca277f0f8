/*
 * Keys: which key does what, as one table that also writes the help overlay
 * and the status line, so a key cannot exist without being listed. The
 * driver turns an action into a command for the sim; nothing here acts.
 */
#ifndef GCOUNTER_UI_KEYMAP_H
#define GCOUNTER_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

enum keymap_action {
	ACTION_NONE,
	ACTION_INCREMENT_NODE, /* arg: the node (0 for key 1) */
	ACTION_SELECT_NEXT,
	ACTION_SELECT_PREV,
	ACTION_INCREMENT_SELECTED,
	ACTION_GOSSIP_SELECTED,
	ACTION_PAUSE,
	ACTION_STEP,       /* . : one event forward */
	ACTION_CLICK_NEXT, /* Page Down, a clicker's: an event or a moment */
	ACTION_STEP_BACK,  /* , : one event back in time */
	ACTION_CLICK_BACK, /* Page Up, a clicker's: an event or a moment */
	ACTION_FASTER,
	ACTION_SLOWER,
	ACTION_RESTART,
	ACTION_BIG,
	ACTION_HELP,
	ACTION_CLOSE,
	ACTION_QUIT,
	ACTION_REDRAW,
	ACTION_STRATEGY_NEXT,
	ACTION_STRATEGY_PREV,
	ACTION_DROP,      /* cycle the drop probability */
	ACTION_DUPLICATE, /* cycle the duplicate probability */
	ACTION_LATENCY,   /* cycle the network's latency */
	ACTION_PARTITION, /* cycle the selected node's partition */
	ACTION_HEAL,
	ACTION_CRASH,        /* crash or restart the selected worker */
	ACTION_RESTART_MODE, /* durable or amnesia restarts */
	ACTION_RELAY,        /* crash or restart the master relay */
	ACTION_READER,       /* cycle the reader: off, random, sticky */
	ACTION_NARRATE,      /* narrated stepping on or off */
	/* A PN-Counter counts down too; a G-Counter says it cannot. */
	ACTION_DECREMENT_NODE, /* arg: the node (0 for Shift-1) */
	ACTION_DECREMENT_SELECTED,
	ACTION_MODE_NEXT, /* the next propagation mode */
	ACTION_VIEW_NEXT, /* table -> network -> space-time -> table */
	/* Time travel: moments that matter, chapters, the timeline. */
	ACTION_MOMENT_PREV,
	ACTION_MOMENT_NEXT,
	ACTION_CHAPTER_PREV,
	ACTION_CHAPTER_NEXT,
	ACTION_TIME_BACK,    /* the timeline's cursor, a coarse step back */
	ACTION_TIME_FORWARD, /* ... and forward */
	ACTION_TIME_START,   /* Home: the start of the run */
	ACTION_TIME_PRESENT, /* End: the present */
	ACTION_TIMELINE,     /* show or hide the timeline */
	ACTION_JUMP_MODE,    /* Page Up and Down: by event or by moment */
	ACTION_COUNT,
};

/* A key as the presenter pressed it: what it is bound to, and its name
 * for messages ("x", "F5", "Ctrl-A"), so that whoever acts on it needs
 * no curses to say which key it was. */
struct keymap_hit {
	enum keymap_action action; /* ACTION_NONE for an unbound key */
	int arg;
	char name[32];
};

/* The action bound to a curses key code, and the key's name. */
struct keymap_hit keymap_lookup(int key);

/* A row of the help overlay or a hint of the status line. */
struct keymap_help {
	const char *keys_utf8;
	const char *keys_ascii;
	const char *what;
	int priority;   /* status hints: lower stays longer on a narrow line */
	bool pncounter; /* a status hint only a PN-Counter needs */
};

/* Every key, for the help overlay (a row with keys "" is a heading). */
const struct keymap_help *keymap_help(size_t *count);
/* The short hints of the status line, in display order. */
const struct keymap_help *keymap_hints(size_t *count);
/* ... while the past is shown: the keys that move in time. */
const struct keymap_help *keymap_past_hints(size_t *count);
/* A printable name for a key the user pressed: "x", "F5", "Ctrl-A". */
void keymap_key_name(int key, char *buf, size_t cap);

#endif
