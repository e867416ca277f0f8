/*
 * What replicas living outside the program (phones) may ask of the
 * session: the present world to read, a command applied at the present
 * (journalled and logged like a key's, so a saved log replays the run
 * without them), a line in the event log. No libevent, no clock: the web
 * server (app/web.c) calls it, and the live driver obeys the bits.
 */
#ifndef GCOUNTER_APP_SESSION_REMOTE_H
#define GCOUNTER_APP_SESSION_REMOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/sim.h"

struct session;

/* The present world, or NULL while the presenter shows the past (or a
 * saved log replays): a phone's command would then fork a past or break
 * the replay, so none is taken. */
const struct sim *session_remote_world(const struct session *session);
/* Applies an outside command at the present: 0, or -1 with one line in
 * err (the world's own refusal, or why none is taken now). */
int session_remote_apply(struct session *session, const struct command *cmd,
                         char *err, size_t errlen);
/* A line in the event log (journalled: the past shows it again). */
void session_remote_note(struct session *session, const char *text);
/* What the calls so far ask of the driver (enum session_do); cleared. */
unsigned session_remote_take(struct session *session);

#endif
