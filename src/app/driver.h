/*
 * What the two screen drivers (live.c, render.c) share, written once: the
 * session and the output files opened before the screen is taken (so a
 * path that cannot be written is said first), the dashboard, and the one
 * order they are all closed in after the screen is given back. Knows no
 * libevent and no clock; prints only after the terminal is restored.
 */
#ifndef GCOUNTER_APP_DRIVER_H
#define GCOUNTER_APP_DRIVER_H

#include <stdbool.h>
#include <stdio.h>

#include "app/options.h"
#include "app/record.h"
#include "app/session.h"

struct dashboard;
struct outfile;

struct driver {
	const struct options *opts;
	struct session *session;
	struct dashboard *dashboard;
	struct outfile *save_log; /* --save-log, opened before the screen */
	struct cast *cast;        /* --record or --render, or NULL */
};

/* The session, then --save-log's file: 0, or the exit status with its
 * line printed on stderr (and nothing left open). */
int driver_open(struct driver *d, const struct options *opts, bool utf8,
                const struct session_driver *up);
/* Opens a cast and writes its header; `option` names it in errors
 * ("--record"). 0, or -1 with one line in err (nothing left open). */
int driver_open_cast(struct driver *d, const char *path, const char *option,
                     const struct cast_header *header, char *err,
                     size_t errlen);
/* The dashboard, on the open screen. */
void driver_open_dashboard(struct driver *d, bool utf8);
/* Gives up before the run: closes whatever is open, writes nothing;
 * returns status. */
int driver_abort(struct driver *d, int status);
/* Closes the cast: false (its line printed) if it could not be written. */
bool driver_close_cast(struct driver *d);
/* After the run, the terminal given back: saves the log, says how the
 * script went, frees everything. Returns status, or 1 if any of that
 * failed and status was 0. */
int driver_close(struct driver *d, int status);

#endif
