/*
 * The choice sets of the settings table: per set its words, in the order
 * messages list them, and how a choice lands in the config. Pure: the
 * words are read from their owners, never copied.
 */
#ifndef GCOUNTER_SCRIPT_CHOICES_H
#define GCOUNTER_SCRIPT_CHOICES_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/sim.h"

/* A set of words to choose from, each read from the one place that owns
 * those words (strategy_all(), the mode names, ...). */
struct setting_choices {
	const char *noun; /* "strategy", "CRDT": for messages */
	size_t (*count)(void);
	const char *(*word)(size_t index);
	/* Stores choice `index` in the config; NULL when the choice lands
	 * outside it (a theme). */
	void (*store)(struct sim_config *config, size_t index);
	/* The config's current choice, for the saved log. */
	size_t (*current)(const struct sim_config *config);
};

extern const struct setting_choices choices_strategies;
extern const struct setting_choices choices_modes;
/* random, sticky, none. */
extern const struct setting_choices choices_readers;
extern const struct setting_choices choices_crdts;
/* Lands nowhere in the config: the dashboard's. */
extern const struct setting_choices choices_themes;
/* The real nodes' workloads, in Maelstrom's words: "g-counter",
 * "pn-counter" (index: enum mworld_workload). Lands nowhere in the
 * config: app/ext-run.c's. */
extern const struct setting_choices choices_workloads;

/* The dashboard's colour schemes (ui/theme.c has one table per theme). */
enum theme {
	THEME_DARK,
	THEME_LIGHT,
	THEME_PROJECTOR, /* bright on black, bold: survives a washed-out beam */
	THEME_MONO,
	THEME_COUNT,
};

/* What the dashboard's middle shows (--view, a scenario's `view`, the w
 * key): the table of vectors, the network as a picture, or the
 * space-time diagram. Lands nowhere in the config: the dashboard's. */
enum view_kind {
	VIEW_TABLE,
	VIEW_NETWORK,
	VIEW_SPACETIME,
	VIEW_COUNT,
};
extern const struct setting_choices choices_views;
/* A view by its word; false for none. */
bool choices_view_find(const char *word, enum view_kind *view);
const char *choices_view_name(enum view_kind view);

/* A theme by its word; false for none. */
bool choices_theme_find(const char *word, enum theme *theme);

/* The words for a value, as scenario files and saved logs write them. */
const char *choices_reader_name(enum sim_reader reader);
const char *choices_crdt_name(enum sim_crdt crdt);

#endif
