/*
 * The colour schemes as tables of roles, htop-style. A role's attributes are
 * its cue (the same in every scheme: the meaning survives --no-color and a
 * washed-out projector) plus the scheme's colour pair and extra attributes.
 */
#include "ui/theme.h"

#include <curses.h>

#define DEF    (-1) /* the terminal's own colour */
#define BRIGHT 8    /* | BRIGHT: the bright variant when there are 16 */

/* Roles a scheme leaves out (set false) take the screen's colours. */
struct style {
	bool set;
	short fg, bg;
	attr_t attrs;
};

struct scheme {
	short screen_fg, screen_bg;
	const struct style *roles; /* ROLE_COUNT of them */
};

/* Meaning that must not depend on colour. */
static const attr_t cues[ROLE_COUNT] = {
    [ROLE_HEADER] = A_BOLD,
    [ROLE_RUNNING] = A_BOLD,
    [ROLE_PAUSED] = A_BOLD,
    [ROLE_CONVERGED] = A_BOLD,
    [ROLE_DIVERGED] = A_BOLD,
    [ROLE_TITLE] = A_BOLD,
    [ROLE_SELECTED] = A_BOLD | A_UNDERLINE,
    [ROLE_CELL_OWN] = A_BOLD,
    [ROLE_CELL_FRESH] = A_REVERSE | A_BOLD,
    [ROLE_CELL_BEHIND] = A_DIM,
    [ROLE_TRUTH] = A_BOLD,
    [ROLE_VALUE_BEHIND] = A_BOLD,
    [ROLE_BAR_TODO] = A_DIM,
    [ROLE_LOG_TIME] = A_DIM,
    [ROLE_LOG_FAULT] = A_BOLD,
    [ROLE_LOG_CONVERGED] = A_BOLD,
    [ROLE_STATUS_KEY] = A_BOLD,
    [ROLE_FLASH] = A_BOLD | A_REVERSE,
    [ROLE_HELP_KEY] = A_BOLD,
    [ROLE_BIG] = A_BOLD,
    [ROLE_FAULTS] = A_BOLD,
    [ROLE_LOST] = A_BOLD | A_REVERSE,
    [ROLE_CAPTION] = A_BOLD,
    [ROLE_NARRATE] = A_BOLD | A_REVERSE | A_UNDERLINE,
    [ROLE_KEYCAP] = A_BOLD | A_REVERSE,
    [ROLE_CELL_OVER] = A_BOLD | A_UNDERLINE,
    [ROLE_VALUE_OVER] = A_BOLD | A_UNDERLINE,
    [ROLE_BIG_FRESH] = A_BOLD | A_UNDERLINE,
};

/* A role a scheme sets; roles left out take the screen's colours. */
#define S(fg, bg, attrs)                                                       \
	{                                                                      \
		true, (fg), (bg), (attrs)                                      \
	}

static const struct style dark_roles[ROLE_COUNT] = {
    [ROLE_HEADER] = S(COLOR_WHITE, COLOR_BLUE, 0),
    [ROLE_RUNNING] = S(COLOR_BLACK, COLOR_GREEN, 0),
    [ROLE_PAUSED] = S(COLOR_BLACK, COLOR_YELLOW, 0),
    [ROLE_CONVERGED] = S(COLOR_BLACK, COLOR_GREEN, 0),
    [ROLE_DIVERGED] = S(COLOR_WHITE, COLOR_RED, 0),
    [ROLE_TITLE] = S(COLOR_CYAN, DEF, 0),
    [ROLE_SELECTED] = S(COLOR_YELLOW, DEF, 0),
    [ROLE_CELL_OWN] = S(COLOR_WHITE, DEF, 0),
    [ROLE_CELL_FRESH] = S(COLOR_YELLOW, DEF, 0),
    [ROLE_BIG_FRESH] = S(COLOR_YELLOW, DEF, 0),
    [ROLE_TRUTH] = S(COLOR_GREEN, DEF, 0),
    [ROLE_VALUE_BEHIND] = S(COLOR_RED, DEF, 0),
    [ROLE_PAYLOAD] = S(COLOR_CYAN, DEF, 0),
    [ROLE_BAR_DONE] = S(COLOR_GREEN, DEF, 0),
    [ROLE_LOG_INCREMENT] = S(COLOR_YELLOW, DEF, 0),
    [ROLE_LOG_MERGE] = S(COLOR_CYAN, DEF, 0),
    [ROLE_LOG_FAULT] = S(COLOR_RED, DEF, 0),
    [ROLE_LOG_CONVERGED] = S(COLOR_GREEN, DEF, 0),
    [ROLE_LOG_NOTE] = S(COLOR_MAGENTA, DEF, 0),
    [ROLE_STATUS] = S(COLOR_WHITE, COLOR_BLUE, 0),
    [ROLE_STATUS_KEY] = S(COLOR_YELLOW, COLOR_BLUE, 0),
    [ROLE_FLASH] = S(COLOR_YELLOW, COLOR_BLACK, 0),
    [ROLE_HELP] = S(COLOR_WHITE, COLOR_BLUE, 0),
    [ROLE_HELP_KEY] = S(COLOR_YELLOW, COLOR_BLUE, 0),
    [ROLE_BIG] = S(COLOR_GREEN, DEF, 0),
    [ROLE_FAULTS] = S(COLOR_WHITE, COLOR_RED, 0),
    [ROLE_LOST] = S(COLOR_RED, COLOR_WHITE, 0),
    [ROLE_CAPTION] = S(COLOR_BLACK, COLOR_WHITE, 0),
    [ROLE_NARRATE] = S(COLOR_CYAN, COLOR_BLACK, 0),
    [ROLE_KEYCAP] = S(COLOR_MAGENTA, COLOR_WHITE, 0),
    [ROLE_CELL_OVER] = S(COLOR_MAGENTA, DEF, 0),
    [ROLE_VALUE_OVER] = S(COLOR_MAGENTA, DEF, 0),
};

static const struct style light_roles[ROLE_COUNT] = {
    [ROLE_HEADER] = S(COLOR_WHITE, COLOR_BLUE, 0),
    [ROLE_RUNNING] = S(COLOR_WHITE, COLOR_GREEN, 0),
    [ROLE_PAUSED] = S(COLOR_BLACK, COLOR_YELLOW, 0),
    [ROLE_CONVERGED] = S(COLOR_WHITE, COLOR_GREEN, 0),
    [ROLE_DIVERGED] = S(COLOR_WHITE, COLOR_RED, 0),
    [ROLE_TITLE] = S(COLOR_BLUE, DEF, 0),
    [ROLE_SELECTED] = S(COLOR_MAGENTA, DEF, 0),
    [ROLE_CELL_OWN] = S(COLOR_BLACK, DEF, 0),
    [ROLE_CELL_FRESH] = S(COLOR_BLUE, DEF, 0),
    [ROLE_BIG_FRESH] = S(COLOR_BLUE, DEF, 0),
    [ROLE_TRUTH] = S(COLOR_GREEN, DEF, 0),
    [ROLE_VALUE_BEHIND] = S(COLOR_RED, DEF, 0),
    [ROLE_PAYLOAD] = S(COLOR_BLUE, DEF, 0),
    [ROLE_BAR_DONE] = S(COLOR_GREEN, DEF, 0),
    [ROLE_LOG_INCREMENT] = S(COLOR_MAGENTA, DEF, 0),
    [ROLE_LOG_MERGE] = S(COLOR_BLUE, DEF, 0),
    [ROLE_LOG_FAULT] = S(COLOR_RED, DEF, 0),
    [ROLE_LOG_CONVERGED] = S(COLOR_GREEN, DEF, 0),
    [ROLE_LOG_NOTE] = S(COLOR_MAGENTA, DEF, 0),
    [ROLE_STATUS] = S(COLOR_WHITE, COLOR_BLUE, 0),
    [ROLE_STATUS_KEY] = S(COLOR_YELLOW, COLOR_BLUE, 0),
    [ROLE_FLASH] = S(COLOR_WHITE, COLOR_MAGENTA, 0),
    [ROLE_HELP] = S(COLOR_WHITE, COLOR_BLUE, 0),
    [ROLE_HELP_KEY] = S(COLOR_YELLOW, COLOR_BLUE, 0),
    [ROLE_BIG] = S(COLOR_BLUE, DEF, 0),
    [ROLE_FAULTS] = S(COLOR_WHITE, COLOR_RED, 0),
    [ROLE_LOST] = S(COLOR_RED, COLOR_WHITE, 0),
    [ROLE_CAPTION] = S(COLOR_WHITE, COLOR_BLACK, 0),
    [ROLE_NARRATE] = S(COLOR_BLUE, COLOR_WHITE, 0),
    [ROLE_KEYCAP] = S(COLOR_MAGENTA, COLOR_WHITE, 0),
    [ROLE_CELL_OVER] = S(COLOR_MAGENTA, DEF, 0),
    [ROLE_VALUE_OVER] = S(COLOR_MAGENTA, DEF, 0),
};

/* Projectors wash out dim greys and thin dark colours: pure bright
 * colours on a true black, everything bold. */
static const struct style projector_roles[ROLE_COUNT] = {
    [ROLE_NORMAL] = S(DEF, DEF, A_BOLD),
    [ROLE_HEADER] = S(COLOR_BLACK, COLOR_WHITE | BRIGHT, 0),
    [ROLE_RUNNING] = S(COLOR_BLACK, COLOR_GREEN | BRIGHT, 0),
    [ROLE_PAUSED] = S(COLOR_BLACK, COLOR_YELLOW | BRIGHT, 0),
    [ROLE_CONVERGED] = S(COLOR_BLACK, COLOR_GREEN | BRIGHT, 0),
    [ROLE_DIVERGED] = S(COLOR_WHITE | BRIGHT, COLOR_RED, 0),
    [ROLE_TITLE] = S(COLOR_CYAN | BRIGHT, DEF, 0),
    [ROLE_LABEL] = S(DEF, DEF, A_BOLD),
    [ROLE_SELECTED] = S(COLOR_YELLOW | BRIGHT, DEF, 0),
    [ROLE_CELL] = S(DEF, DEF, A_BOLD),
    [ROLE_CELL_OWN] = S(COLOR_WHITE | BRIGHT, DEF, 0),
    [ROLE_CELL_FRESH] = S(COLOR_YELLOW | BRIGHT, DEF, 0),
    [ROLE_BIG_FRESH] = S(COLOR_YELLOW | BRIGHT, DEF, 0),
    [ROLE_CELL_BEHIND] = S(COLOR_RED | BRIGHT, DEF, A_BOLD),
    [ROLE_TRUTH] = S(COLOR_GREEN | BRIGHT, DEF, 0),
    [ROLE_VALUE_BEHIND] = S(COLOR_RED | BRIGHT, DEF, 0),
    [ROLE_ROUTE] = S(DEF, DEF, A_BOLD),
    [ROLE_PAYLOAD] = S(COLOR_CYAN | BRIGHT, DEF, A_BOLD),
    [ROLE_BAR_DONE] = S(COLOR_GREEN | BRIGHT, DEF, 0),
    [ROLE_LOG_TEXT] = S(DEF, DEF, A_BOLD),
    [ROLE_LOG_GOSSIP] = S(DEF, DEF, A_BOLD),
    [ROLE_LOG_INCREMENT] = S(COLOR_YELLOW | BRIGHT, DEF, A_BOLD),
    [ROLE_LOG_MERGE] = S(COLOR_CYAN | BRIGHT, DEF, A_BOLD),
    [ROLE_LOG_FAULT] = S(COLOR_RED | BRIGHT, DEF, 0),
    [ROLE_LOG_CONVERGED] = S(COLOR_GREEN | BRIGHT, DEF, 0),
    [ROLE_LOG_NOTE] = S(COLOR_MAGENTA | BRIGHT, DEF, A_BOLD),
    [ROLE_STATUS] = S(COLOR_BLACK, COLOR_WHITE | BRIGHT, 0),
    [ROLE_STATUS_KEY] = S(COLOR_BLUE, COLOR_WHITE | BRIGHT, 0),
    [ROLE_FLASH] = S(COLOR_YELLOW | BRIGHT, COLOR_BLACK, 0),
    [ROLE_HELP] = S(COLOR_WHITE | BRIGHT, COLOR_BLUE, A_BOLD),
    [ROLE_HELP_KEY] = S(COLOR_YELLOW | BRIGHT, COLOR_BLUE, 0),
    [ROLE_BIG] = S(COLOR_GREEN | BRIGHT, DEF, 0),
    [ROLE_FAULTS] = S(COLOR_WHITE | BRIGHT, COLOR_RED, 0),
    [ROLE_LOST] = S(COLOR_RED, COLOR_WHITE | BRIGHT, 0),
    [ROLE_CAPTION] = S(COLOR_BLACK, COLOR_WHITE | BRIGHT, 0),
    [ROLE_NARRATE] = S(COLOR_CYAN | BRIGHT, COLOR_BLACK, 0),
    [ROLE_KEYCAP] = S(COLOR_MAGENTA, COLOR_WHITE | BRIGHT, 0),
    [ROLE_CELL_OVER] = S(COLOR_MAGENTA | BRIGHT, DEF, 0),
    [ROLE_VALUE_OVER] = S(COLOR_MAGENTA | BRIGHT, DEF, 0),
};

/* No colour at all: reverse video stands in for backgrounds. */
static const struct style mono_roles[ROLE_COUNT] = {
    [ROLE_HEADER] = S(DEF, DEF, A_REVERSE),
    [ROLE_RUNNING] = S(DEF, DEF, A_REVERSE),
    [ROLE_PAUSED] = S(DEF, DEF, A_REVERSE),
    [ROLE_CONVERGED] = S(DEF, DEF, A_REVERSE),
    [ROLE_DIVERGED] = S(DEF, DEF, A_REVERSE),
    [ROLE_STATUS] = S(DEF, DEF, A_REVERSE),
    [ROLE_STATUS_KEY] = S(DEF, DEF, A_REVERSE),
    [ROLE_HELP] = S(DEF, DEF, 0),
    [ROLE_FAULTS] = S(DEF, DEF, A_REVERSE),
    [ROLE_CAPTION] = S(DEF, DEF, A_REVERSE),
};

#undef S

static const struct scheme schemes[THEME_COUNT] = {
    [THEME_DARK] = {DEF, DEF, dark_roles},
    [THEME_LIGHT] = {DEF, DEF, light_roles},
    [THEME_PROJECTOR] = {COLOR_WHITE | BRIGHT, COLOR_BLACK, projector_roles},
    [THEME_MONO] = {DEF, DEF, mono_roles},
};

static enum theme current = THEME_MONO;
static bool colors_on;

static short resolve(short color, short screen, short fallback)
{
	if (color == DEF)
		color = screen;
	if (color == DEF)
		return fallback;
	/* Eight-colour terminals get the plain variant. */
	if ((color & BRIGHT) && COLORS < 16)
		color &= ~BRIGHT;
	return color;
}

void theme_init(enum theme scheme, bool no_color)
{
	const struct scheme *s;
	short default_fg = DEF, default_bg = DEF;

	current = scheme < THEME_COUNT ? scheme : THEME_DARK;
	colors_on = false;
	if (no_color || current == THEME_MONO || !has_colors() ||
	    start_color() == ERR || COLOR_PAIRS < ROLE_COUNT + 1) {
		current = THEME_MONO;
		bkgdset(' ' | A_NORMAL);
		return;
	}
	colors_on = true;
	/* Without default colours, pick the scheme's likely background. */
	if (use_default_colors() == ERR) {
		default_fg = current == THEME_LIGHT ? COLOR_BLACK : COLOR_WHITE;
		default_bg = current == THEME_LIGHT ? COLOR_WHITE : COLOR_BLACK;
	}
	s = &schemes[current];
	for (int role = 0; role < ROLE_COUNT; role++) {
		const struct style *style = &s->roles[role];
		short fg = resolve(style->set ? style->fg : DEF, s->screen_fg,
		                   default_fg);
		short bg = resolve(style->set ? style->bg : DEF, s->screen_bg,
		                   default_bg);

		init_pair((short)(role + 1), fg, bg);
	}
	bkgdset(' ' | COLOR_PAIR(ROLE_NORMAL + 1));
}

unsigned long theme_attr(enum theme_role role)
{
	attr_t attrs;

	if (role >= ROLE_COUNT)
		role = ROLE_NORMAL;
	attrs = cues[role] | schemes[current].roles[role].attrs;
	if (colors_on)
		attrs |= (attr_t)COLOR_PAIR(role + 1);
	return attrs;
}

bool theme_has_color(void)
{
	return colors_on;
}

unsigned long theme_cue(enum theme_role role)
{
	return role < ROLE_COUNT ? cues[role] : 0;
}

unsigned long theme_scheme_attrs(enum theme scheme, enum theme_role role)
{
	if (scheme >= THEME_COUNT || role >= ROLE_COUNT)
		return 0;
	return schemes[scheme].roles[role].attrs;
}
