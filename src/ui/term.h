/*
 * The terminal, from newterm to delscreen: locale and UTF-8 detection, the
 * curses modes, keys, resizing, suspending. All the curses set-up and
 * teardown lives here (htop's CRT.c); it never draws the dashboard and never
 * touches a signal (libevent owns them all).
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

/*
 * Opens curses on the given streams (kept, so the bytes that reach the
 * terminal can be teed later) and registers a fatal() handler that restores
 * the terminal. NULL and a message in err if the terminal cannot be used.
 */
struct term *term_open(FILE *out, FILE *in, char *err, size_t errlen);
/* Restores the terminal and frees everything curses holds; NULL is a
 * no-op. */
void term_close(struct term *term);

/* Whether the locale's character set is UTF-8 (box drawing and arrows). */
bool term_utf8(const struct term *term);
/* The descriptor keys arrive on, for the event loop. */
int term_input_fd(const struct term *term);
/* The stream curses writes to. */
FILE *term_output(const struct term *term);

/* The next key waiting, or TERM_NO_KEY; never blocks. */
int term_read_key(struct term *term);
/* Reads the window size from the terminal and tells curses. */
void term_resize(struct term *term);
/* Gives the terminal back to the shell before the process stops. */
void term_suspend(struct term *term);
/* Takes it again after SIGCONT: the next present repaints everything. */
void term_resume(struct term *term);
/* Sends what was drawn to the terminal; `full` repaints every cell. */
void term_present(struct term *term, bool full);

#endif
