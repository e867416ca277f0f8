/*
 * Outside replicas' way into the session: only ever at the present, and
 * only through the same calls a key uses (session_apply, session_note), so
 * their commands are stamped, journalled and saved like the presenter's.
 * It never reads the clock and never touches libevent.
 */
#include "app/session-remote.h"

#include "app/session-internal.h"
#include "util/errbuf.h"

const struct sim *session_remote_world(const struct session *s)
{
	if (s->in_past || (s->player != NULL && player_locked(s->player)))
		return NULL;
	return s->sim;
}

int session_remote_apply(struct session *s, const struct command *cmd,
                         char *err, size_t errlen)
{
	if (session_remote_world(s) == NULL) {
		errbuf_set(err, errlen,
		           s->in_past ? "the presenter is showing the past: "
		                        "try again in a moment"
		                      : "a saved log is replaying");
		return -1;
	}
	/* Checked first, so a refusal is the phone's to hear and never
	 * flashes on the presenter's status line. */
	if (sim_validate(s->sim, cmd, err, errlen) != 0)
		return -1;
	if (!session_apply(s, cmd)) {
		errbuf_set(err, errlen, "the world refused it: %s", s->flash);
		return -1;
	}
	s->todo |= SESSION_REDRAW;
	return 0;
}

void session_remote_note(struct session *s, const char *text)
{
	if (s->in_past)
		return; /* the past is re-run, never written */
	session_note(s, "%s", text);
	s->todo |= SESSION_REDRAW;
}

unsigned session_remote_take(struct session *s)
{
	return session_take(s);
}
