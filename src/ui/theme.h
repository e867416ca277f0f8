/*
 * Colours as roles. Each thing the dashboard draws asks for its role
 * (ROLE_CELL_FRESH, ROLE_BANNER_DIVERGED...) and gets curses attributes from
 * the current scheme: dark, light, projector or monochrome. Every role that
 * carries meaning has a cue besides colour (bold, reverse, underline, dim),
 * fixed here for all schemes, so colour is never the only cue.
 */
#ifndef GCOUNTER_UI_THEME_H
#define GCOUNTER_UI_THEME_H

#include <stdbool.h>

/* The schemes are the themes --theme and scenario files name (enum
 * theme, with their one spelling in script/choices.c). */
#include "script/choices.h"

enum theme_role {
	ROLE_NORMAL,
	ROLE_HEADER,
	ROLE_RUNNING,
	ROLE_PAUSED,
	ROLE_CONVERGED,
	ROLE_DIVERGED,
	ROLE_TITLE,
	ROLE_LABEL,
	ROLE_SELECTED,
	ROLE_CELL,
	ROLE_CELL_OWN,
	ROLE_CELL_FRESH,
	ROLE_CELL_BEHIND,
	ROLE_TRUTH,
	ROLE_VALUE_BEHIND,
	ROLE_ROUTE,
	ROLE_PAYLOAD,
	ROLE_BAR_DONE,
	ROLE_BAR_TODO,
	ROLE_LOG_TIME,
	ROLE_LOG_TEXT,
	ROLE_LOG_INCREMENT,
	ROLE_LOG_MERGE,
	ROLE_LOG_GOSSIP,
	ROLE_LOG_FAULT,
	ROLE_LOG_CONVERGED,
	ROLE_LOG_NOTE,
	ROLE_STATUS,
	ROLE_STATUS_KEY,
	ROLE_FLASH,
	ROLE_HELP,
	ROLE_HELP_KEY,
	ROLE_BIG,
	ROLE_FAULTS,  /* the row of faults in force */
	ROLE_LOST,    /* increments amnesia lost; reads that went backwards */
	ROLE_CAPTION, /* the caption bar for the audience */
	ROLE_NARRATE, /* the cells a narrated step touched */
	ROLE_KEYCAP,  /* the last key pressed (--show-keys) */
	/* Above the truth: an op counted twice (op modes). Not "behind":
	 * its own colour and cue, since nothing will bring it down. */
	ROLE_CELL_OVER,
	ROLE_VALUE_OVER,
	/* A cell that just grew, drawn in big digits: no reverse video,
	 * which would turn the digits' half blocks inside out. */
	ROLE_BIG_FRESH,
	ROLE_COUNT,
};

/*
 * Picks the scheme and sets up its colour pairs and the screen background.
 * Falls back to monochrome when no_color is set or the terminal has too few
 * colours or pairs. Call after the screen is open.
 */
void theme_init(enum theme scheme, bool no_color);
/*
 * The curses attributes (colour pair included) of a role in the current
 * scheme. An attr_t, kept as unsigned long so that this header does not
 * bring curses into the driver, which includes it through dashboard.h.
 */
unsigned long theme_attr(enum theme_role role);
/* Whether colours are in use (false: monochrome). */
bool theme_has_color(void);

/* For tests: the attributes a role always carries, whatever the scheme. */
unsigned long theme_cue(enum theme_role role);
/* For tests: a scheme's own attributes for a role, without colour. */
unsigned long theme_scheme_attrs(enum theme scheme, enum theme_role role);

#endif
