/*
 * Time travel: the session's past, recomputed. Every moment of a run is a
 * tick (app/history.h), and any tick is reached by loading the nearest
 * checkpoint at or before it and re-running units, with the presenter's
 * journalled entries done again at their ticks. While the past is shown,
 * the present waits aside untouched: stepping forward to its tick brings
 * it back exactly. A change made in the past starts a new future there.
 * Nothing here reads a clock or draws; what a re-run says is muted where
 * it would reach the driver (markers) or the status line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/session-internal.h"
#include "view/spacetime.h"
#include "view/text.h"

/* Units between the present's checkpoints, at the least: re-running this
 * many, twice, is a step back from the present (a few milliseconds). */
#define PAST_SPACING_MIN 2048
/* A re-run longer than this leaves checkpoints on its way, in this many
 * parts, so that stepping on from there is quick too. */
#define PAST_NEAR_MIN   4096
#define PAST_NEAR_PARTS 8
/* Units a forward search in the present may run before it gives up. */
#define PAST_SEARCH_MAX (1u << 17)

/* Moments that a "moment that matters" is. */
#define MOMENTS_THAT_MATTER                                                    \
	(MOMENT_INCREMENT | MOMENT_MERGE | MOMENT_FAULT | MOMENT_CHANGE |      \
	 MOMENT_CONVERGED | MOMENT_DIVERGED | MOMENT_CAPTION | MOMENT_PAUSE)

/* --- the state a checkpoint holds --------------------------------------- */

/* Whether the state can be copied now: not while a send at the world's
 * next instant could still join the log's group (eventlog_pack). */
static bool copyable(const struct session *s)
{
	uint64_t next;

	return !(sim_next_event_time(s->sim, &next) &&
	         eventlog_grouping(s->log, next));
}

/* The session's state into cp: copies of its world and log, or (`copy`
 * false) the world and log themselves, which the session then gives up. */
static void take(struct session *s, struct checkpoint *cp, bool copy)
{
	*cp = (struct checkpoint){
	    .tick = session_tick(s),
	    .sim = copy ? sim_copy(s->sim) : s->sim,
	    .log = copy ? NULL : s->log,
	    .has_place = s->player != NULL,
	    .reads = s->reads,
	    .read_before_known = s->read_before_known,
	    .read_before = s->read_before,
	    .applied = s->applied,
	    .counted = s->counted,
	    .verbose = s->verbose,
	};
	if (copy)
		checkpoint_keep_log(cp, s->log);
	if (s->player != NULL)
		player_save(s->player, &cp->place);
	/* A copy of the present taken at a frame has its clock run on
	 * past the moment's last unit: set back, the moment shows at its
	 * own time whichever way it is reached. */
	if (copy && !s->in_past)
		sim_rewind_idle_clock(cp->sim, s->unit_clock_us);
	memcpy(cp->caption, s->caption, sizeof cp->caption);
	cp->bytes =
	    sizeof *cp + sim_memory_bytes(cp->sim) +
	    (copy ? cp->log_deflated_bytes : eventlog_memory_bytes(cp->log));
	if (!copy) {
		s->sim = NULL;
		s->log = NULL;
	}
}

/* The state of cp becomes the session's, with this world and log. */
static void put_state(struct session *s, const struct checkpoint *cp,
                      struct sim *sim, struct eventlog *log)
{
	sim_free(s->sim);
	eventlog_free(s->log);
	s->sim = sim;
	s->log = log;
	sim_set_observer(s->sim, session_observe, s);
	if (s->player != NULL && cp->has_place)
		player_restore(s->player, &cp->place);
	memcpy(s->caption, cp->caption, sizeof s->caption);
	s->reads = cp->reads;
	s->read_before_known = cp->read_before_known;
	s->read_before = cp->read_before;
	s->applied = cp->applied;
	s->counted = cp->counted;
	s->verbose = cp->verbose;
}

/* A checkpoint's moment is shown: copies of its world and log. */
static void put(struct session *s, const struct checkpoint *cp)
{
	put_state(s, cp, sim_copy(cp->sim), checkpoint_log(cp));
}

/* --- the present and the past ------------------------------------------- */

void past_start(struct session *s)
{
	struct checkpoint cp;

	if (s->history == NULL)
		s->history = history_new(HISTORY_BUDGET_DEFAULT);
	history_reset(s->history);
	checkpoint_clear(&s->present);
	s->in_past = false;
	s->applied = 0;
	s->counted = 0;
	s->verbose = false;
	/* The start: every moment can be recomputed from here. */
	take(s, &cp, true);
	history_add(s->history, &cp);
}

void past_free(struct session *s)
{
	checkpoint_clear(&s->present);
	history_free(s->history);
	s->history = NULL;
}

void past_note(struct session *s)
{
	struct checkpoint cp;
	size_t count = history_count(s->history);
	uint64_t spacing = PAST_SPACING_MIN;

	if (s->in_past)
		return;
	/* Bigger worlds cost more to copy: copy them less often, so that
	 * copying stays a small part of the run. */
	if (count > 0 && history_bytes(s->history) / count / 16 > spacing)
		spacing = history_bytes(s->history) / count / 16;
	if (session_tick(s) < history_newest_tick(s->history) + spacing ||
	    !copyable(s))
		return;
	take(s, &cp, true);
	history_add(s->history, &cp);
}

/* The present goes aside, its world and log untouched; the caller then
 * loads a moment of the past. */
static void enter(struct session *s)
{
	if (s->in_past)
		return;
	session_run(s, false);
	take(s, &s->present, false);
	s->present_tick = s->present.tick;
	s->in_past = true;
	narrate_clear(s->narrate);
}

static void leave(struct session *s)
{
	if (!s->in_past)
		return;
	/* Its own world and log come back: nothing was copied. */
	put_state(s, &s->present, s->present.sim, s->present.log);
	s->present.sim = NULL;
	s->present.log = NULL;
	checkpoint_clear(&s->present);
	s->in_past = false;
	narrate_clear(s->narrate);
	s->todo |= SESSION_CLOCK;
	session_flash(s, "%s",
	              s->running ? "the present again"
	                         : "the present again: space runs on");
}

void past_fork(struct session *s)
{
	size_t count, dropped = 0;
	const struct journal_entry *j;
	char when[32];

	if (!s->in_past)
		return;
	j = history_journal(s->history, &count);
	for (size_t i = s->applied; i < count; i++)
		if (j[i].kind == JOURNAL_COMMAND)
			dropped++;
	history_journal_truncate(s->history, s->applied);
	history_drop_after(s->history, session_tick(s), s->applied);
	checkpoint_clear(&s->present);
	s->in_past = false;
	timeline_truncate(&s->timeline, sim_now(s->sim));
	spacetime_truncate(s->spacetime, sim_events_run(s->sim));
	/* A fork in the middle of a presenter's step: the step ended with
	 * the future it belonged to. */
	session_set_verbose(s, false);
	text_time(sim_now(s->sim), when, sizeof when);
	s->forked = true;
	snprintf(s->fork_note, sizeof s->fork_note,
	         "a new future from %s%s%zu later command%s dropped", when,
	         dropped > 0 ? ": " : "", dropped, dropped == 1 ? "" : "s");
	if (dropped == 0)
		snprintf(s->fork_note, sizeof s->fork_note,
		         "a new future from %s", when);
}

/* --- re-running ----------------------------------------------------------- */

/* Where a search stops. */
static bool matches(const struct session *s, enum past_target target,
                    uint64_t told_before)
{
	switch (target) {
	case PAST_EVENT:
		return eventlog_told(s->log) != told_before || s->unit_entry ||
		       s->unit_stop ||
		       (s->unit_moments & (MOMENT_CAPTION | MOMENT_PAUSE));
	case PAST_MOMENT:
		return (s->unit_moments & MOMENTS_THAT_MATTER) != 0;
	case PAST_CHAPTER:
		return (s->unit_moments & MOMENT_PAUSE) != 0;
	case PAST_END:
		break;
	}
	return false;
}

/* Where a search matched: how often, and the newest tick. */
struct found {
	size_t count;
	uint64_t last;
};

/* Runs units from the moment shown to tick `to`, noting where `target`
 * matched; a long run leaves checkpoints on its way. */
static void run_to(struct session *s, uint64_t to, enum past_target target,
                   struct found *found)
{
	uint64_t from = session_tick(s);
	uint64_t every = to > from && to - from > PAST_NEAR_MIN
	                     ? (to - from) / PAST_NEAR_PARTS
	                     : 0;
	uint64_t next_cp = from + every;

	while (session_tick(s) < to) {
		uint64_t told = eventlog_told(s->log);

		if (!session_unit(s))
			break;
		if (found != NULL && matches(s, target, told)) {
			found->last = session_tick(s);
			found->count++;
		}
		if (every != 0 && session_tick(s) >= next_cp && copyable(s)) {
			struct checkpoint cp;

			take(s, &cp, true);
			history_add(s->history, &cp);
			next_cp += every;
		}
	}
}

/* Shows the moment at tick t (in the past): from the state shown if it
 * is on the way, else from the nearest checkpoint. */
static void go_to(struct session *s, uint64_t t)
{
	const struct checkpoint *cp = history_at_or_before(s->history, t);
	uint64_t now = s->sim != NULL ? session_tick(s) : 0;

	if (cp == NULL)
		return;
	if (s->sim == NULL || !(now <= t && cp->tick <= now))
		put(s, cp);
	run_to(s, t, PAST_END, NULL);
}

/* Shows tick t; narrating, the unit that ends there is told (the event
 * at the cursor, not the stretch since the last line of the log). */
static void show(struct session *s, uint64_t t)
{
	if (!s->narrating || t == 0) {
		go_to(s, t);
		narrate_clear(s->narrate);
		return;
	}
	go_to(s, t - 1);
	narrate_begin(s->narrate, s->sim);
	run_to(s, t, PAST_END, NULL);
	narrate_end(s->narrate, s->sim);
}

static bool back(struct session *s, enum past_target target)
{
	uint64_t cur = session_tick(s), end = cur - 1, at = 0;

	if (cur == 0) {
		session_flash(s, "the start of the run: nothing before it");
		return false;
	}
	/* The timeline knows before which time the last such moment came
	 * (to a bucket): the search starts there, not at the cursor, and
	 * never re-runs the whole past to find nothing. */
	if (target != PAST_END) {
		static const unsigned bits[] = {
		    [PAST_EVENT] = MOMENT_TOLD | MOMENT_CAPTION | MOMENT_PAUSE,
		    [PAST_MOMENT] = MOMENTS_THAT_MATTER,
		    [PAST_CHAPTER] = MOMENT_PAUSE,
		};
		uint64_t until = timeline_last_end(
		    &s->timeline, sim_now(s->sim), bits[target]);
		const struct checkpoint *after;

		if (until == 0 && target == PAST_EVENT) {
			/* Nothing told since the start: the start it is. */
			end = 0;
		} else if (until == 0) {
			session_flash(s, "no earlier %s",
			              target == PAST_CHAPTER
			                  ? "chapter: no pause came before this"
			                  : "moment that matters");
			return false;
		}
		after = until != 0 ? history_at_or_after_time(s->history, until)
		                   : NULL;
		if (after != NULL && after->tick > 0 && after->tick < end)
			end = after->tick;
	}
	enter(s);
	/* Search back one checkpoint's stretch at a time: the units ending
	 * at ticks (checkpoint, end], the newest match wins. */
	while (target != PAST_END && end > 0) {
		const struct checkpoint *cp =
		    history_at_or_before(s->history, end - 1);
		uint64_t lo = cp->tick;
		struct found f = {0};

		put(s, cp);
		history_pin(s->history, lo, cur);
		run_to(s, end, target, &f);
		if (f.count > 0) {
			at = f.last;
			break;
		}
		end = lo;
	}
	show(s, at);
	if (at == 0 && target != PAST_END)
		session_flash(s, "the start of the run");
	return true;
}

static bool forward(struct session *s, enum past_target target)
{
	if (target == PAST_END) {
		leave(s);
		return true;
	}
	while (session_tick(s) < s->present_tick) {
		uint64_t told = eventlog_told(s->log);
		bool ran;

		/* Narrating, each unit is told on its own: what is left
		 * is the event at the cursor. */
		if (s->narrating)
			narrate_begin(s->narrate, s->sim);
		ran = session_unit(s);
		if (s->narrating)
			narrate_end(s->narrate, s->sim);
		if (!ran || matches(s, target, told))
			break;
	}
	if (session_tick(s) >= s->present_tick)
		leave(s);
	return true;
}

/* In the present, forward is new history: the world runs (telling the
 * story, not every event) until the target happens. */
static bool forward_present(struct session *s, enum past_target target)
{
	if (target == PAST_END) {
		session_flash(s, "this is the present: space runs on");
		return false;
	}
	if (s->player != NULL && player_waiting(s->player))
		session_going_on(s);
	for (unsigned i = 0; i < PAST_SEARCH_MAX; i++) {
		uint64_t told = eventlog_told(s->log);

		if (!session_unit(s))
			break;
		if (matches(s, target, told))
			return true;
		/* A pause on the way stops the search: it is the
		 * presenter's to go on. */
		if (s->player != NULL && player_waiting(s->player))
			return true;
	}
	session_flash(s, "nothing %s happened in %u events",
	              target == PAST_CHAPTER ? "of a chapter" : "that matters",
	              (unsigned)PAST_SEARCH_MAX);
	return false;
}

bool past_move(struct session *s, enum past_target target, int dir)
{
	bool moved;

	s->lagging = false;
	if (dir < 0)
		moved = back(s, target);
	else if (s->in_past)
		moved = forward(s, target);
	else
		moved = forward_present(s, target);
	s->todo |= SESSION_REDRAW;
	return moved;
}

void session_going_on(struct session *s)
{
	if (s->player == NULL || !player_waiting(s->player))
		return;
	if (s->in_past) {
		/* The presenter went on from here then: so again. */
		past_move(s, PAST_EVENT, 1);
		return;
	}
	session_journal(s, JOURNAL_GO_ON, NULL);
	player_go_on(s->player);
}

void past_show(struct session *s, uint64_t tick)
{
	uint64_t present = s->in_past ? s->present_tick : session_tick(s);

	if (tick >= present) {
		leave(s);
		return;
	}
	enter(s);
	go_to(s, tick);
	narrate_clear(s->narrate);
}

/* --- time ---------------------------------------------------------------- */

/* Whether a journal entry is due at the moment shown. */
static const struct journal_entry *due(const struct session *s)
{
	size_t count;
	const struct journal_entry *j = history_journal(s->history, &count);

	return s->applied < count && j[s->applied].tick == session_tick(s)
	           ? &j[s->applied]
	           : NULL;
}

/* When the next unit happens; false if none can. */
static bool next_unit_time(const struct session *s, uint64_t *t_us)
{
	const struct journal_entry *e = due(s);
	uint64_t line;
	bool have;

	if (e != NULL) {
		*t_us = e->kind == JOURNAL_COMMAND ? e->u.command.time_us
		        : e->kind == JOURNAL_STOP  ? e->u.stop_us
		                                   : sim_now(s->sim);
		return true;
	}
	if (s->player != NULL && player_waiting(s->player))
		return false;
	have = sim_next_event_time(s->sim, t_us);
	if (s->player != NULL && player_next_time(s->player, s->sim, &line) &&
	    (!have || line < *t_us)) {
		*t_us = line;
		have = true;
	}
	return have;
}

void past_seek_time(struct session *s, uint64_t t_us)
{
	const struct checkpoint *cp;
	uint64_t t;

	enter(s);
	cp = history_at_or_before_time(s->history, t_us);
	/* Forward from the moment shown, when no checkpoint is nearer. */
	if (s->sim == NULL || sim_now(s->sim) > t_us ||
	    cp->tick > session_tick(s))
		put(s, cp);
	while (session_tick(s) < s->present_tick && next_unit_time(s, &t) &&
	       t <= t_us)
		session_unit(s);
	narrate_clear(s->narrate);
	if (session_tick(s) >= s->present_tick)
		leave(s);
	s->todo |= SESSION_REDRAW;
}

enum player_advance past_advance(struct session *s, uint64_t target_us)
{
	unsigned units = 0;
	uint64_t t;

	while (session_tick(s) < s->present_tick) {
		if (!next_unit_time(s, &t)) {
			/* A pause the presenter went on from later: wait for
			 * the key, as then. */
			if (s->player != NULL && player_waiting(s->player))
				return PLAYER_STOPPED;
			break;
		}
		if (t > target_us)
			break;
		session_unit(s);
		if (s->unit_moments & MOMENT_PAUSE)
			return PLAYER_STOPPED;
		if ((++units & 63) == 0 && s->driver != NULL &&
		    s->driver->out_of_time != NULL &&
		    s->driver->out_of_time(s->driver->ctx))
			return PLAYER_LAGGING;
	}
	if (session_tick(s) >= s->present_tick) {
		leave(s);
		return PLAYER_REACHED;
	}
	/* The shown clock runs on between events, as it did then. */
	if (target_us > sim_now(s->sim) &&
	    !(next_unit_time(s, &t) && t <= target_us))
		sim_run_until(s->sim, target_us);
	return PLAYER_REACHED;
}
