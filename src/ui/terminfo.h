/*
 * What a terminal type can do, asked of its terminfo entry before curses
 * is opened on it. Apart from term.c because <term.h> (setupterm) takes
 * names that term.c's own struct term needs; it never opens a screen.
 */
#ifndef GCOUNTER_UI_TERMINFO_H
#define GCOUNTER_UI_TERMINFO_H

#include <stddef.h>

/*
 * Whether curses can draw the dashboard on terminal type `name` (NULL:
 * unset) with output on fd: known to terminfo, and able to move the
 * cursor (TERM=dumb cannot, and would show only a status line). 0, with
 * *clear_on_exit the sequence that clears the screen (malloc'd) when the
 * type has no alternate screen to leave (vt100, linux), else NULL; or -1
 * with one line in err. Allocates nothing that outlives the call but
 * *clear_on_exit.
 */
int terminfo_check(const char *name, int fd, char **clear_on_exit, char *err,
                   size_t errlen);

#endif
