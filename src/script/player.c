/*
 * The one player. A line "at T" runs every event due at T first, then
 * itself; a saved log's line ("at T step K") must come after exactly K
 * events, so a paced run only ever runs the world to just before T and
 * lets sim_replay (or sim_seek) do the last steps: running it to T itself
 * could run events of that microsecond that came after the command when
 * it was recorded. A saved log that does not fit the world stops the
 * player at that line: every later line would fail the same way.
 */
#include "script/player.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/value.h"
#include "sim/strategy.h"
#include "util/fatal.h"

struct player {
	struct scenario scenario;
	const char *path;
	const char *name; /* the path's last part, for the screen */
	const struct player_hooks *hooks;
	void *ctx;
	bool exact; /* a saved log: commands from elsewhere break it */
	struct player_place at; /* everything that changes as it plays */
};

static const struct player_hooks no_hooks = {0};

/* When a line is due: its own time, or for a line after a wait, its time
 * after that wait ended. */
static uint64_t due(const struct player *p, const struct scenario_item *item)
{
	return item->after_wait != 0 ? p->at.base_us + item->time_us
	                             : item->time_us;
}

/* A wait gives up at its deadline. */
static uint64_t deadline(const struct player *p,
                         const struct scenario_item *item)
{
	return due(p, item) + item->timeout_us;
}

static bool holds(const struct scenario_item *item, const struct sim *sim)
{
	char got[128];

	return player_check_expect(&item->expect, sim, got, sizeof got) == 1;
}

struct player *player_new(struct scenario *scenario, const char *path,
                          const struct player_hooks *hooks, void *ctx)
{
	struct player *p = xcalloc(1, sizeof *p);
	const char *slash = strrchr(path, '/');

	p->scenario = *scenario;
	*scenario = (struct scenario){0};
	p->path = path;
	p->name = slash != NULL && slash[1] != '\0' ? slash + 1 : path;
	p->hooks = hooks != NULL ? hooks : &no_hooks;
	p->ctx = ctx;
	for (size_t i = 0; i < p->scenario.count; i++)
		if (p->scenario.items[i].exact)
			p->exact = true;
	player_rewind(p);
	return p;
}

void player_free(struct player *p)
{
	if (p == NULL)
		return;
	scenario_free(&p->scenario);
	free(p);
}

void player_rewind(struct player *p)
{
	p->at.next = 0;
	p->at.waiting = p->at.ended = p->at.broken = p->at.stop = p->at.resume =
	    false;
	p->at.mark = (struct report_mark){0};
	p->at.base_us = 0;
	p->at.unchecked = false;
	p->at.expects = p->at.failures = 0;
	p->at.first_failure_line = 0;
	p->at.first_failure[0] = '\0';
	p->at.broken_line = 0;
	p->at.broken_what[0] = '\0';
	snprintf(p->at.where, sizeof p->at.where, "%s", p->name);
	/* An empty scenario has nothing to play: it has ended already. */
	if (p->scenario.count == 0)
		p->at.ended = true;
}

/* --- playing one line --------------------------------------------------- */

static void count_failure(struct player *p, const struct scenario_item *item,
                          const char *what)
{
	if (p->at.failures++ == 0) {
		p->at.first_failure_line = item->line;
		snprintf(p->at.first_failure, sizeof p->at.first_failure, "%s",
		         what);
	}
}

static void failed(struct player *p, const struct scenario_item *item,
                   const char *what, bool broken)
{
	count_failure(p, item, what);
	if (p->hooks->failure != NULL)
		p->hooks->failure(p->ctx, item, what, broken);
}

static void check(struct player *p, const struct scenario_item *item,
                  const struct sim *sim)
{
	char what[128], got[128], text[320];

	/* The presenter changed the world: the script's numbers no longer
	 * describe it (player_set_unchecked said so once). */
	if (p->at.unchecked)
		return;
	p->at.expects++;
	scenario_format_expect(&item->expect, what, sizeof what);
	if (player_check_expect(&item->expect, sim, got, sizeof got)) {
		if (p->hooks->expect != NULL)
			p->hooks->expect(p->ctx, item, what, NULL);
		return;
	}
	snprintf(text, sizeof text, "expected %s, got %s", what, got);
	count_failure(p, item, text);
	if (p->hooks->expect != NULL)
		p->hooks->expect(p->ctx, item, what, got);
}

/* The world to the line's time (exactly, for a saved log), then the
 * command if it is one: 0, or -1 with err. */
static int reach(const struct scenario_item *item, struct sim *sim, char *err,
                 size_t errlen)
{
	struct command cmd = item->command;

	/* A wait is reached by whoever plays it (it ends where it ends). */
	if (item->kind == ITEM_WAIT)
		return 0;
	if (item->exact && item->kind == ITEM_COMMAND) {
		cmd.time_us = item->time_us;
		cmd.after_events = item->after_events;
		return sim_replay(sim, &cmd, err, errlen);
	}
	if (item->exact)
		return sim_seek(sim, item->time_us, item->after_events, err,
		                errlen);
	sim_run_until(sim, item->time_us);
	if (item->kind == ITEM_COMMAND)
		return sim_apply(sim, &cmd, err, errlen);
	return 0;
}

static void end(struct player *p, const struct scenario_item *item)
{
	p->at.ended = true;
	p->at.stop = true;
	if (item->kind != ITEM_PAUSE && p->hooks->ended != NULL)
		p->hooks->ended(p->ctx, item);
}

/* A wait ends, now: its condition held, or its time ran out. */
static void wait_ended(struct player *p, const struct scenario_item *item,
                       const struct sim *sim)
{
	char what[128], got[128], when[32], text[384];

	p->at.base_us = sim_now(sim);
	if (p->at.unchecked ||
	    player_check_expect(&item->expect, sim, got, sizeof got) == 1)
		return;
	scenario_format_expect(&item->expect, what, sizeof what);
	duration_format(item->timeout_us, when, sizeof when);
	snprintf(text, sizeof text, "waited %s for %s: still %s", when, what,
	         got);
	failed(p, item, text, false);
}

/* A report: its numbers to the hook and into the place's table (the
 * first PLAYER_REPORT_ROWS of them); "report table": the table. */
static void report(struct player *p, const struct scenario_item *item,
                   const struct sim *sim)
{
	struct report_figures figures;

	if (item->report_table) {
		p->at.report_table = true;
		if (p->hooks->report_table != NULL)
			p->hooks->report_table(p->ctx, item, p->at.reports,
			                       p->at.report_count);
		return;
	}
	player_report(sim, &p->at.mark, &figures);
	if (p->at.report_count < PLAYER_REPORT_ROWS)
		p->at.reports[p->at.report_count++] = figures;
	if (p->hooks->report != NULL)
		p->hooks->report(p->ctx, item, &figures);
}

static void play(struct player *p, const struct scenario_item *line_item,
                 struct sim *sim)
{
	char err[256];
	/* The hooks see the line at the time it is played (a line after a
	 * wait is timed from when the wait ended). */
	struct scenario_item shown = *line_item;
	const struct scenario_item *item = &shown;

	shown.time_us = due(p, line_item);
	if (shown.kind == ITEM_WAIT)
		shown.time_us = sim_now(sim);
	p->at.next++;
	snprintf(p->at.where, sizeof p->at.where, "%s: line %u", p->name,
	         (unsigned)item->line);
	if (reach(item, sim, err, sizeof err) != 0) {
		if (item->exact) {
			char what[sizeof err + 48];

			snprintf(what, sizeof what,
			         "%s (saved with another seed or settings?)",
			         err);
			p->at.broken = true;
			p->at.broken_line = item->line;
			snprintf(p->at.broken_what, sizeof p->at.broken_what,
			         "%s", what);
			failed(p, item, what, true);
			end(p, item);
			return;
		}
		failed(p, item, err, false);
	}
	switch (item->kind) {
	case ITEM_COMMAND:
		break;
	case ITEM_WAIT:
		wait_ended(p, item, sim);
		break;
	case ITEM_SPEED:
		if (p->hooks->speed != NULL)
			p->hooks->speed(p->ctx, item);
		break;
	case ITEM_CAPTION:
		if (p->hooks->caption != NULL)
			p->hooks->caption(p->ctx, item);
		break;
	case ITEM_PAUSE:
		p->at.waiting = true;
		p->at.stop = true;
		if (p->hooks->pause != NULL)
			p->hooks->pause(p->ctx, item);
		break;
	case ITEM_EXPECT:
		check(p, item, sim);
		break;
	case ITEM_REPORT:
		report(p, item, sim);
		break;
	case ITEM_END:
		end(p, item);
		return;
	}
	if (p->at.next >= p->scenario.count)
		end(p, item);
}

static bool pending(const struct player *p)
{
	return !p->at.ended && !p->at.waiting && p->at.next < p->scenario.count;
}

/* --- moving the world through the lines ---------------------------------
 */

/* Flat out: the world runs, event by event, until the wait's condition
 * holds or its deadline. */
static void run_wait(const struct player *p, const struct scenario_item *item,
                     struct sim *sim)
{
	uint64_t next, until = deadline(p, item);

	sim_run_until(sim, due(p, item));
	while (!holds(item, sim) && sim_next_event_time(sim, &next) &&
	       next <= until)
		sim_step(sim);
	if (!holds(item, sim))
		sim_run_until(sim, until);
}

bool player_play_next(struct player *p, struct sim *sim)
{
	const struct scenario_item *item;

	p->at.waiting = false;
	if (!pending(p))
		return false;
	item = &p->scenario.items[p->at.next];
	if (item->kind == ITEM_WAIT)
		run_wait(p, item, sim);
	play(p, item, sim);
	p->at.stop = false;
	return true;
}

bool player_step(struct player *p, struct sim *sim)
{
	const struct scenario_item *item;
	uint64_t next;

	p->at.waiting = false;
	if (!pending(p))
		return false;
	item = &p->scenario.items[p->at.next];
	if (item->exact) {
		if (sim_events_run(sim) < item->after_events)
			return false;
	} else if (sim_next_event_time(sim, &next) && next <= due(p, item)) {
		return false;
	} else if (item->kind == ITEM_WAIT && !holds(item, sim) &&
	           sim_next_event_time(sim, &next) &&
	           next <= deadline(p, item)) {
		/* Still waiting: the world's next event comes first. */
		return false;
	} else if (item->kind == ITEM_WAIT) {
		/* It holds once its time has come, or it gives up at its
		 * deadline, the clock run on to it. */
		uint64_t at =
		    holds(item, sim) ? due(p, item) : deadline(p, item);

		if (at > sim_now(sim))
			sim_run_until(sim, at);
	}
	play(p, item, sim);
	p->at.stop = false;
	return true;
}

bool player_run_events(const struct player_hooks *hooks, void *ctx,
                       struct sim *sim, uint64_t t_us)
{
	uint64_t next;
	unsigned steps = 0;

	while (sim_next_event_time(sim, &next) && next <= t_us) {
		sim_step(sim);
		if (hooks != NULL && hooks->out_of_time != NULL &&
		    (++steps & 63) == 0 && hooks->out_of_time(ctx))
			return false;
	}
	return true;
}

/* A wait paced by the driver: event by event up to target_us, checking
 * the condition after each. PLAYER_STOPPED here means "it ended: play
 * it"; otherwise the world is at target_us (or lagging) still waiting. */
static enum player_advance advance_wait(struct player *p,
                                        const struct scenario_item *item,
                                        struct sim *sim, uint64_t target_us)
{
	uint64_t next, until = deadline(p, item);
	unsigned steps = 0;

	while (!holds(item, sim)) {
		if (!sim_next_event_time(sim, &next) || next > until) {
			if (until > target_us)
				break;
			sim_run_until(sim, until);
			return PLAYER_STOPPED;
		}
		if (next > target_us)
			break;
		sim_step(sim);
		if (p->hooks->out_of_time != NULL && (++steps & 63) == 0 &&
		    p->hooks->out_of_time(p->ctx))
			return PLAYER_LAGGING;
	}
	if (holds(item, sim))
		return PLAYER_STOPPED;
	if (target_us > sim_now(sim))
		sim_run_until(sim, target_us);
	return PLAYER_REACHED;
}

enum player_advance player_advance(struct player *p, struct sim *sim,
                                   uint64_t target_us)
{
	for (;;) {
		const struct scenario_item *item;
		uint64_t upto;

		if (!pending(p)) {
			if (!player_run_events(p->hooks, p->ctx, sim,
			                       target_us))
				return PLAYER_LAGGING;
			if (target_us > sim_now(sim))
				sim_run_until(sim, target_us);
			return PLAYER_REACHED;
		}
		item = &p->scenario.items[p->at.next];
		/* Up to the line's time, or to just before it for a saved
		 * log's line (see the top of this file). */
		upto = due(p, item);
		if (item->exact)
			upto = upto > 0 ? upto - 1 : 0;
		if (upto > target_us)
			upto = target_us;
		if (!(item->exact && item->time_us == 0)) {
			if (!player_run_events(p->hooks, p->ctx, sim, upto))
				return PLAYER_LAGGING;
			if (upto > sim_now(sim))
				sim_run_until(sim, upto);
		}
		if (due(p, item) > target_us)
			return PLAYER_REACHED;
		if (item->kind == ITEM_WAIT) {
			enum player_advance r =
			    advance_wait(p, item, sim, target_us);

			if (r != PLAYER_STOPPED)
				return r;
		}
		play(p, item, sim);
		if (p->at.stop) {
			p->at.stop = false;
			return PLAYER_STOPPED;
		}
	}
}

bool player_next_time(const struct player *p, const struct sim *sim,
                      uint64_t *t_us)
{
	const struct scenario_item *item;

	if (!pending(p))
		return false;
	item = &p->scenario.items[p->at.next];
	/* A wait is due once it holds, or at its deadline. */
	*t_us = item->kind == ITEM_WAIT && !holds(item, sim) ? deadline(p, item)
	                                                     : due(p, item);
	return true;
}

bool player_set_unchecked(struct player *p)
{
	if (p->at.unchecked || p->at.ended || p->exact)
		return false;
	p->at.unchecked = true;
	return true;
}

bool player_unchecked(const struct player *p)
{
	return p->at.unchecked;
}

void player_go_on(struct player *p)
{
	p->at.waiting = false;
}

/* --- what the driver asks ------------------------------------------------ */

void player_save(const struct player *p, struct player_place *place)
{
	*place = p->at;
}

void player_restore(struct player *p, const struct player_place *place)
{
	p->at = *place;
}

size_t player_played(const struct player *p)
{
	return p->at.next;
}

bool player_ended(const struct player *p)
{
	return p->at.ended;
}

bool player_waiting(const struct player *p)
{
	return p->at.waiting;
}

bool player_resume(const struct player *p)
{
	return p->at.resume;
}

void player_set_resume(struct player *p, bool running)
{
	p->at.resume = running;
}

bool player_at_start(const struct player *p)
{
	return p->at.next == 0;
}

bool player_locked(const struct player *p)
{
	return p->exact && !p->at.ended;
}

bool player_broken(const struct player *p)
{
	return p->at.broken;
}

const struct scenario *player_scenario(const struct player *p)
{
	return &p->scenario;
}

const char *player_path(const struct player *p)
{
	return p->path;
}

const char *player_name(const struct player *p)
{
	return p->name;
}

const char *player_where(const struct player *p)
{
	return p->at.where;
}

size_t player_failures(const struct player *p)
{
	return p->at.failures;
}

bool player_verdict(const struct player *p, char *buf, size_t cap)
{
	if (cap > 0)
		buf[0] = '\0';
	if (p->at.failures == 0)
		return false;
	/* A broken log: where it broke is what matters (nothing after it
	 * was played), then any failure before it. */
	if (p->at.broken && p->at.failures == 1) {
		snprintf(buf, cap, "%s:%u: %s", p->path,
		         (unsigned)p->at.broken_line, p->at.broken_what);
		return true;
	}
	if (p->at.broken) {
		snprintf(
		    buf, cap,
		    "%s:%u: %s (and %zu failure%s before it, the first at "
		    "line %u: %s)",
		    p->path, (unsigned)p->at.broken_line, p->at.broken_what,
		    p->at.failures - 1, p->at.failures == 2 ? "" : "s",
		    (unsigned)p->at.first_failure_line, p->at.first_failure);
		return true;
	}
	/* The first failure as the log said it (a failed expectation or a
	 * command the world refused), then how many there were. */
	snprintf(
	    buf, cap, "%s:%u: %s (%zu failure%s; %zu expectation%s checked)",
	    p->path, (unsigned)p->at.first_failure_line, p->at.first_failure,
	    p->at.failures, p->at.failures == 1 ? "" : "s", p->at.expects,
	    p->at.expects == 1 ? "" : "s");
	return true;
}

/* --- reports and expectations ------------------------------------------- */

void player_report(const struct sim *sim, struct report_mark *mark,
                   struct report_figures *f)
{
	const struct sim_phase *phase = sim_phase(sim);
	struct sim_stats stats;
	struct sim_latency latency;
	uint64_t now = sim_now(sim);

	/* A report counts its phase only: a strategy, mode or reader that
	 * changed since the last report starts the count afresh. */
	if (phase->start_us >= mark->time_us)
		*mark =
		    (struct report_mark){.sent = phase->stats.sent,
		                         .bytes = phase->stats.bytes_sent,
		                         .increments = phase->stats.increments +
		                                       phase->stats.decrements,
		                         .samples = phase->latency_samples,
		                         .idle_sent = phase->stats.idle_sent,
		                         .idle_bytes = phase->stats.idle_bytes,
		                         .time_us = phase->start_us};
	sim_stats(sim, &stats);
	sim_latency_since(sim, mark->samples, &latency);
	*f = (struct report_figures){
	    .from_us = mark->time_us,
	    .to_us = now,
	    .sent = stats.sent - mark->sent,
	    .bytes = stats.bytes_sent - mark->bytes,
	    .idle_sent = stats.idle_sent - mark->idle_sent,
	    .idle_bytes = stats.idle_bytes - mark->idle_bytes,
	    /* Decrements count as operations too (a PN-Counter's). */
	    .increments =
	        stats.increments + stats.decrements - mark->increments,
	    .samples = latency.samples - mark->samples,
	    .p50_us = latency.p50_us,
	    .p99_us = latency.p99_us};
	snprintf(f->strategy, sizeof f->strategy, "%s",
	         sim_config(sim)->strategy->name);
	snprintf(f->mode, sizeof f->mode, "%s",
	         sim_mode_name(sim_config(sim)->mode));
	*mark = (struct report_mark){.sent = stats.sent,
	                             .bytes = stats.bytes_sent,
	                             .increments =
	                                 stats.increments + stats.decrements,
	                             .samples = latency.samples,
	                             .idle_sent = stats.idle_sent,
	                             .idle_bytes = stats.idle_bytes,
	                             .time_us = now};
}

const struct report_figures *player_reports(const struct player *p,
                                            size_t *count)
{
	*count = p->at.report_count;
	return p->at.reports;
}

bool player_report_table_shown(const struct player *p)
{
	return p->at.report_table;
}

/* "n3 has n1": n3's slot (both slots, for a PN-Counter) of n1's counts is
 * as high as the truth's, so n3 has heard of every count n1 made. */
static int check_has(const struct expectation *e, const struct sim *sim,
                     char *got, size_t gotlen)
{
	const struct gcounter *mine = sim_node_vector(sim, e->node);
	const struct gcounter *truth = sim_truth(sim);
	uint32_t nodes = sim_node_count(sim);
	uint64_t have = 0, made = 0;

	for (uint32_t slot = e->other; slot < sim_vector_slots(sim);
	     slot += nodes) {
		have += mine->slots[slot];
		made += truth->slots[slot];
	}
	if (have >= made)
		return 1;
	snprintf(got, gotlen, "%" PRIu64 " of its %" PRIu64, have, made);
	return 0;
}

int player_check_expect(const struct expectation *e, const struct sim *sim,
                        char *got, size_t gotlen)
{
	int64_t actual;

	switch (e->kind) {
	case EXPECT_CONVERGED:
	case EXPECT_DIVERGED:
		if (sim_converged(sim) == (e->kind == EXPECT_CONVERGED))
			return 1;
		if (sim_converged(sim))
			snprintf(got, gotlen, "converged");
		else
			snprintf(got, gotlen,
			         "diverged (%" PRIu64 " cells off the truth)",
			         sim_cells_behind(sim));
		return 0;
	case EXPECT_VALUE:
		actual = sim_node_signed_value(sim, e->node);
		break;
	case EXPECT_TOTAL:
		/* Increments minus decrements: for a G-Counter, every
		 * increment made. */
		actual = sim_true_value(sim);
		break;
	case EXPECT_LOST:
		actual = (int64_t)sim_lost_increments(sim);
		break;
	case EXPECT_BACKWARDS:
		actual = (int64_t)sim_reader_backwards(sim);
		break;
	case EXPECT_HAS:
		return check_has(e, sim, got, gotlen);
	default:
		return 0;
	}
	if (scenario_compare(e->op, actual, e->value))
		return 1;
	snprintf(got, gotlen, "%" PRId64, actual);
	return 0;
}
