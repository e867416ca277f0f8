/*
 * Terminfo asked directly (setupterm, then del_curterm): unlike a newterm
 * that fails, this leaves nothing allocated, so an unknown TERM is one
 * line and exit 2 with no leak. Never opens a screen, never writes.
 */
#include "ui/terminfo.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

#include "util/fatal.h"

/* A capability's string, or NULL if the type has none. */
static const char *capability(const char *cap)
{
	char name[16];
	char *value;

	snprintf(name, sizeof name, "%s", cap);
	value = tigetstr(name);
	return value == NULL || value == (char *)-1 ? NULL : value;
}

int terminfo_check(const char *name, int fd, char **clear_on_exit, char *err,
                   size_t errlen)
{
	char type[128];
	int status = 0;
	const char *clear;

	*clear_on_exit = NULL;
	if (name == NULL || name[0] == '\0') {
		snprintf(
		    err, errlen,
		    "cannot use the terminal (TERM=unset); try --headless");
		return -1;
	}
	snprintf(type, sizeof type, "%s", name);
	if (setupterm(type, fd, &status) != OK) {
		snprintf(err, errlen,
		         "cannot use the terminal (TERM=%s); try --headless",
		         name);
		return -1;
	}
	if (capability("cup") == NULL) {
		snprintf(
		    err, errlen,
		    "cannot use the terminal (TERM=%s): it cannot move the "
		    "cursor; try --headless",
		    name);
		del_curterm(cur_term);
		return -1;
	}
	clear = capability("clear");
	if (capability("smcup") == NULL && clear != NULL) {
		*clear_on_exit = xmalloc(strlen(clear) + 1);
		memcpy(*clear_on_exit, clear, strlen(clear) + 1);
	}
	del_curterm(cur_term);
	return 0;
}
