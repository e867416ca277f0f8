/*
 * The units a session's history is made of, and what observes them: one
 * event of the world, one line of the script, or one entry of the
 * presenter's journal done again. Both the present (session.c) and the
 * past (session-past.c) move the world only through here, so a re-run of
 * the past does exactly what the present did.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "app/session-internal.h"
#include "view/spacetime.h"

void session_catch_up(struct session *s)
{
	if (s->driver != NULL && s->driver->catch_up != NULL)
		s->driver->catch_up(s->driver->ctx);
}

void session_did(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->did, sizeof s->did, fmt, ap);
	va_end(ap);
}

void session_flash(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->flash, sizeof s->flash, fmt, ap);
	va_end(ap);
	s->flash_at_us = s->sim != NULL ? sim_now(s->sim) : 0;
	s->todo |= SESSION_FLASH;
}

/* What the unit being run did that matters, for time travel's searches
 * and, the first time it happens, the timeline. */
void session_moments(struct session *s, uint64_t t_us, unsigned bits)
{
	s->unit_moments |= bits;
	if (!s->in_past)
		timeline_mark(&s->timeline, t_us, bits);
}

/* The moments a record is. Every command is one: a fault switched, a
 * crash, a restart, a strategy or a mode changed. */
static unsigned record_moments(const struct sim_record *r)
{
	switch (r->kind) {
	case REC_INCREMENT:
		return MOMENT_INCREMENT;
	case REC_DELIVER:
		return r->changed > 0 ? MOMENT_MERGE : 0;
	case REC_CONVERGED:
		return MOMENT_CONVERGED;
	case REC_DIVERGED:
		return MOMENT_DIVERGED;
	case REC_COMMAND:
		if (r->command == NULL)
			return MOMENT_CHANGE;
		switch (r->command->kind) {
		case CMD_SET_DROP:
		case CMD_SET_DUPLICATE:
		case CMD_SET_LATENCY:
		case CMD_PARTITION:
		case CMD_HEAL:
		case CMD_CRASH:
		case CMD_RESTART:
			return MOMENT_FAULT;
		default:
			return MOMENT_CHANGE;
		}
	default:
		return 0;
	}
}

/* Every record goes to the event log (and, narrating, to the narrator);
 * reads also feed the reader's row. */
/* The key a presenter would press for a command, for --show-keys in a
 * render: a scenario's lines shown as typing, as a screencast shows it.
 * NULL for what no key does (a rate, a gossip interval). */
static const char *key_of(const struct command *cmd, char *buf, size_t cap)
{
	static const char *const keys[CMD_KIND_COUNT] = {
	    [CMD_GOSSIP_NOW] = "g",   [CMD_SET_LATENCY] = "l",
	    [CMD_SET_DROP] = "d",     [CMD_SET_DUPLICATE] = "u",
	    [CMD_SET_STRATEGY] = "s", [CMD_PARTITION] = "p",
	    [CMD_HEAL] = "h",         [CMD_CRASH] = "c",
	    [CMD_RESTART] = "c",      [CMD_SET_READER] = "v",
	    [CMD_SET_MODE] = "o",
	};

	if (cmd->kind == CMD_INCREMENT || cmd->kind == CMD_DECREMENT) {
		if (cmd->node >= 9)
			return cmd->kind == CMD_INCREMENT ? "Enter"
			                                  : "Backspace";
		snprintf(buf, cap, "%s%u",
		         cmd->kind == CMD_DECREMENT ? "Shift-" : "",
		         (unsigned)cmd->node + 1);
		return buf;
	}
	if ((cmd->kind == CMD_CRASH || cmd->kind == CMD_RESTART) &&
	    cmd->node == SIM_RELAY)
		return "m";
	return (unsigned)cmd->kind < CMD_KIND_COUNT ? keys[cmd->kind] : NULL;
}

/* --show-keys: a command the script made, captioned as the key for it
 * (a presenter's own key captions itself afterwards, in session_key). */
static void caption_script_key(struct session *s, const struct command *cmd)
{
	char key[16], what[128];
	const char *name = key_of(cmd, key, sizeof key);

	if (name == NULL)
		return;
	scenario_format_command(cmd, what, sizeof what);
	snprintf(s->key_caption, sizeof s->key_caption, "key: %s %s %s", name,
	         s->utf8 ? "\u2192" : "->", what);
}

void session_observe(void *ctx, const struct sim *sim,
                     const struct sim_record *r)
{
	struct session *s = ctx;

	eventlog_observe(s->log, sim, r);
	s->unit_clock_us = r->time_us;
	if (s->opts->show_keys && r->command != NULL &&
	    (r->kind == REC_COMMAND || r->kind == REC_INCREMENT))
		caption_script_key(s, r->command);
	/* The diagram keeps the run once: a re-run of the past is drawn
	 * from what it kept (up to the moment shown). */
	if (!s->in_past)
		spacetime_observe(s->spacetime, sim, r);
	session_moments(s, r->time_us, record_moments(r));
	if (s->narrating)
		narrate_observe(s->narrate, sim, r);
	if (r->kind == REC_TIMER) {
		s->timer_fired = true;
		s->timer_node = r->node;
	} else if (r->kind == REC_READ) {
		if (r->changed && s->read_before_known) {
			s->reads.backwards = true;
			s->reads.at_us = r->time_us;
			s->reads.node = r->node;
			s->reads.value = r->amount;
			s->reads.before = s->read_before;
		}
		s->read_before_known = true;
		s->read_before = r->amount;
	} else if (r->kind == REC_COMMAND && r->command != NULL &&
	           r->command->kind == CMD_SET_READER) {
		/* A new reader starts afresh, as the engine's count does. */
		s->reads = (struct dashboard_reads){0};
		s->read_before_known = false;
	}
}

void session_run(struct session *s, bool running)
{
	/* A lesson's title card holds the clock until the chapter begins. */
	if (running && s->lesson != NULL && s->card)
		return;
	if (running == s->running)
		return;
	if (!running) {
		struct command when = {0};

		/* The world runs to now first: the time run so far counts. */
		session_catch_up(s);
		s->lagging = false;
		/* Where the presenter paused is a moment to come back to. */
		when.time_us = sim_now(s->sim);
		if (!s->in_past && s->history != NULL)
			session_journal(s, JOURNAL_STOP, &when);
	}
	s->running = running;
	s->todo |= SESSION_CLOCK;
}

/* One event, or the script's line if it comes first. */
static bool step_once(struct session *s)
{
	if (s->player != NULL && player_step(s->player, s->sim))
		return true;
	return sim_step(s->sim);
}

uint64_t session_tick(const struct session *s)
{
	return sim_events_run(s->sim) +
	       (s->player != NULL ? player_played(s->player) : 0) + s->counted;
}

void session_set_verbose(struct session *s, bool verbose)
{
	if (verbose == s->verbose)
		return;
	if (!s->in_past)
		session_journal(
		    s, verbose ? JOURNAL_VERBOSE_ON : JOURNAL_VERBOSE_OFF,
		    NULL);
	s->verbose = verbose;
	eventlog_set_verbose(s->log, verbose);
}

void session_script_changed(struct session *s)
{
	if (s->player == NULL || !player_set_unchecked(s->player))
		return;
	/* One line, once: the audience must not see the script's numbers
	 * fail against a world the presenter changed. */
	eventlog_note(s->log, sim_now(s->sim),
	              "you changed the world: the script's checks are off "
	              "(r: again)");
}

/* An entry of the journal, done again in the past. */
static void redo(struct session *s, const struct journal_entry *e)
{
	char err[160];

	switch (e->kind) {
	case JOURNAL_COMMAND:
		/* The world is where it was then, to the event: this cannot
		 * fail unless the past was not recomputed exactly. */
		if (sim_replay(s->sim, &e->u.command, err, sizeof err) != 0)
			session_flash(s, "the past did not replay: %s", err);
		session_script_changed(s);
		break;
	case JOURNAL_GO_ON:
		if (s->player != NULL)
			player_go_on(s->player);
		break;
	case JOURNAL_VERBOSE_ON:
	case JOURNAL_VERBOSE_OFF:
		s->verbose = e->kind == JOURNAL_VERBOSE_ON;
		eventlog_set_verbose(s->log, s->verbose);
		break;
	case JOURNAL_NOTE:
		eventlog_note(s->log, e->u.note.time_us, "%s", e->u.note.text);
		break;
	case JOURNAL_STOP:
		/* No event is due before it: the clock alone moves. */
		if (e->u.stop_us > sim_now(s->sim))
			sim_run_until(s->sim, e->u.stop_us);
		s->unit_clock_us = e->u.stop_us;
		s->unit_stop = true;
		break;
	}
}

/* The journal's entries due at this tick that are not units (a note, a
 * step's start or end): done as soon as the tick is reached, as they were
 * then, before anything else could happen. Then the one that is a unit,
 * if it is due. (In the present there are none ahead.) */
static const struct journal_entry *settle(struct session *s)
{
	size_t count;
	const struct journal_entry *j = history_journal(s->history, &count);

	while (s->applied < count && j[s->applied].tick == session_tick(s)) {
		if (journal_counts(j[s->applied].kind))
			return &j[s->applied];
		redo(s, &j[s->applied++]);
	}
	return NULL;
}

bool session_unit(struct session *s)
{
	const struct journal_entry *e = settle(s);
	uint64_t told = eventlog_told(s->log);
	bool any = false;

	s->unit_moments = 0;
	s->unit_entry = false;
	s->unit_stop = false;
	s->timer_fired = false;
	if (e != NULL) {
		s->applied++;
		redo(s, e);
		s->counted++;
		s->unit_entry = true;
		settle(s);
		return true;
	}
	/* A pause goes on only when the presenter says so. */
	if (s->player != NULL && player_waiting(s->player))
		return false;
	any = step_once(s);
	/* A step must show, even a timer with nothing to send (an op mode,
	 * idle), or the clock would leap ahead. */
	if (any && s->verbose && s->timer_fired &&
	    eventlog_told(s->log) == told) {
		char name[16];

		sim_node_name(s->timer_node, name, sizeof name);
		eventlog_note(s->log, sim_now(s->sim),
		              "%s's gossip timer fires: nothing to send", name);
	}
	if (any)
		settle(s);
	return any;
}

void session_note(struct session *s, const char *fmt, ...)
{
	struct journal_entry e = {.tick = session_tick(s),
	                          .kind = JOURNAL_NOTE};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e.u.note.text, sizeof e.u.note.text, fmt, ap);
	va_end(ap);
	e.u.note.time_us = sim_now(s->sim);
	eventlog_note(s->log, e.u.note.time_us, "%s", e.u.note.text);
	/* (Only the present's keys add notes: the past is re-run.) */
	history_journal_add(s->history, &e);
	s->applied++;
}

void session_journal(struct session *s, enum journal_kind kind,
                     const struct command *cmd)
{
	struct journal_entry e = {.tick = session_tick(s), .kind = kind};
	size_t count;
	const struct journal_entry *j = history_journal(s->history, &count);

	if (kind == JOURNAL_STOP) {
		e.u.stop_us = cmd->time_us;
		s->unit_clock_us = cmd->time_us;
	} else if (cmd != NULL)
		e.u.command = *cmd;
	/* A step that ends where the next begins (a clicker's presses)
	 * leaves no entries: the log never stopped telling everything. */
	if (kind == JOURNAL_VERBOSE_ON && count > 0 &&
	    j[count - 1].kind == JOURNAL_VERBOSE_OFF &&
	    j[count - 1].tick == e.tick) {
		history_journal_truncate(s->history, count - 1);
		/* A checkpoint taken after the step ended would say more of
		 * the journal was done than there now is. */
		history_drop_after(s->history, e.tick, count - 1);
		s->applied = count - 1;
		return;
	}
	history_journal_add(s->history, &e);
	s->applied = count + 1;
	if (journal_counts(kind))
		s->counted++;
}
