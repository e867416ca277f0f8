/*
 * Curses set-up and teardown. Signals stay with libevent: the driver adds
 * its signal events before term_open, and curses installs no handler of its
 * own over one that is not SIG_DFL. The fatal() handler here is the only
 * way a crash restores the screen, so it is registered first thing.
 */
#include "ui/term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sim/fatal.h"

/* Milliseconds curses waits after Esc for the rest of a key sequence:
 * short, so Esc closes the help at once (ncurses' default is a second). */
#define TERM_ESCDELAY_MS 25

struct term {
	SCREEN *screen;
	FILE *out, *in;
	bool utf8;
	bool ended; /* endwin called and not yet undone */
};

/* fatal() takes no context: the one open terminal, for its handler. */
static struct term *open_term;

static void restore_on_fatal(void)
{
	if (open_term != NULL && !open_term->ended) {
		endwin();
		open_term->ended = true;
		fflush(open_term->out);
	}
}

bool term_setup_locale(void)
{
	const char *codeset;

	setlocale(LC_ALL, "");
	/* Numbers on screen never depend on the locale: a recording must be
	 * the same bytes everywhere. */
	setlocale(LC_NUMERIC, "C");
	codeset = nl_langinfo(CODESET);
	return codeset != NULL && (strcasecmp(codeset, "UTF-8") == 0 ||
	                           strcasecmp(codeset, "UTF8") == 0);
}

struct term *term_open(FILE *out, FILE *in, char *err, size_t errlen)
{
	struct term *term = xcalloc(1, sizeof *term);
	const char *name = getenv("TERM");

	term->out = out;
	term->in = in;
	term->utf8 = term_setup_locale();
	term->screen = newterm(NULL, out, in);
	if (term->screen == NULL) {
		snprintf(err, errlen,
		         "cannot use the terminal (TERM=%s); try --headless",
		         name != NULL ? name : "unset");
		free(term);
		return NULL;
	}
	open_term = term;
	fatal_set_handler(restore_on_fatal);
	set_term(term->screen);
	set_escdelay(TERM_ESCDELAY_MS);
	cbreak(); /* Ctrl-C, Ctrl-Z and Ctrl-\ still raise their signals */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	/* Keys are libevent's business: no polling stdin in the middle of
	 * every refresh to see whether one is waiting. */
	typeahead(-1);
	curs_set(0);
	return term;
}

void term_close(struct term *term)
{
	if (term == NULL)
		return;
	if (!term->ended)
		endwin();
	fflush(term->out);
	delscreen(term->screen);
	if (open_term == term) {
		fatal_set_handler(NULL);
		open_term = NULL;
	}
	free(term);
}

bool term_utf8(const struct term *term)
{
	return term->utf8;
}

int term_input_fd(const struct term *term)
{
	return fileno(term->in);
}

FILE *term_output(const struct term *term)
{
	return term->out;
}

int term_read_key(struct term *term)
{
	int key;

	(void)term;
	key = wgetch(stdscr);
	return key == ERR ? TERM_NO_KEY : key;
}

void term_resize(struct term *term)
{
	struct winsize ws;

	if (ioctl(fileno(term->out), TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return;
	resizeterm(ws.ws_row, ws.ws_col);
}

void term_suspend(struct term *term)
{
	if (term->ended)
		return;
	endwin();
	fflush(term->out);
	term->ended = true;
}

void term_resume(struct term *term)
{
	/* The next doupdate puts the terminal back in program mode; the
	 * screen may hold anything by now, so repaint all of it. */
	term->ended = false;
	term_resize(term);
	clearok(curscr, TRUE);
}

void term_present(struct term *term, bool full)
{
	term->ended = false;
	if (full)
		clearok(curscr, TRUE);
	wnoutrefresh(stdscr);
	doupdate();
}
