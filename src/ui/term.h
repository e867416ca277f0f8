/*
 * The terminal, from newterm to delscreen: locale and UTF-8 detection, the
 * curses modes, keys, resizing, suspending, and capturing what curses sends
 * so that it can be recorded. All the curses set-up and teardown lives here
 * (htop's CRT.c); it never draws the dashboard and never touches a signal
 * (libevent owns them all).
 */
#ifndef GCOUNTER_UI_TERM_H
#define GCOUNTER_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What term_read_key returns when no key is waiting. */
#define TERM_NO_KEY (-1)

struct term;

/* Sets the locale from the environment (numbers always in the C locale)
 * and says whether its character set is UTF-8. term_open does it too; a
 * driver calls it first when it needs to know before the screen opens. */
bool term_setup_locale(void);
/* Sets a UTF-8 locale whatever the environment (C.UTF-8, for a render
 * that must be the same bytes everywhere); false if none exists. */
bool term_setup_utf8_locale(void);

/* Where the bytes curses sends go, besides (or instead of) the terminal. */
typedef void (*term_sink)(void *ctx, const char *bytes, size_t len);

struct term_config {
	/* A fixed canvas (0: the terminal's own size). */
	int cols, rows;
	/* Capture: curses writes into a buffer; each flush hands its bytes
	 * to the sink, and (unless headless) on to the terminal `out`. */
	term_sink sink;
	void *sink_ctx;
	/* No terminal at all (a render): `out` may be NULL, no keys. */
	bool headless;
	/* The terminal type (NULL: $TERM). */
	const char *term_name;
};

/*
 * Opens curses on the given streams and registers a fatal() handler that
 * restores the terminal. NULL and a message in err if the terminal cannot
 * be used.
 */
struct term *term_open(FILE *out, FILE *in, char *err, size_t errlen);
struct term *term_open_with(FILE *out, FILE *in,
                            const struct term_config *config, char *err,
                            size_t errlen);
/* Restores the terminal and frees everything curses holds; NULL is a
 * no-op. */
void term_close(struct term *term);

/* Whether the locale's character set is UTF-8 (box drawing and arrows). */
bool term_utf8(const struct term *term);
/* The descriptor keys arrive on, for the event loop. */
int term_input_fd(const struct term *term);
/* The stream the terminal is on. */
FILE *term_output(const struct term *term);
/* The size of the screen curses draws (the canvas, when fixed). */
void term_size(const struct term *term, int *cols, int *rows);
/* With a fixed canvas, whether the terminal is too small to show it. */
bool term_canvas_too_small(const struct term *term);

/* The next key waiting, or TERM_NO_KEY; never blocks. */
int term_read_key(struct term *term);
/* Reads the window size from the terminal and tells curses (a fixed
 * canvas keeps its size). True if the size curses draws changed. */
bool term_resize(struct term *term);
/* Gives the terminal back to the shell before the process stops. */
void term_suspend(struct term *term);
/* Takes it again after SIGCONT: the next present repaints everything. */
void term_resume(struct term *term);
/* Sends what was drawn to the terminal; `full` repaints every cell. */
void term_present(struct term *term, bool full);

#endif
