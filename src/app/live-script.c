/*
 * Scenarios on the dashboard: each timed line plays at its virtual time as
 * the world runs, with the same meaning as a headless run (src/app/
 * headless.c run_script). A line "at T" runs every event due at T first,
 * then itself; a saved log's line ("at T step K") must come after exactly
 * K events, so the world is only ever run to just before T and sim_replay
 * (or sim_seek) does the last steps: running it to T ourselves could run
 * events of that microsecond that came after the command when it was
 * recorded. Captions, pauses, expectations and reports are shown, not
 * printed; a pause stops the clock until the presenter goes on.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/live-internal.h"
#include "util/fatal.h"

static const struct {
	const char *name;
	enum theme_scheme scheme;
} theme_names[] = {
    {"dark", SCHEME_DARK},
    {"light", SCHEME_LIGHT},
    {"projector", SCHEME_PROJECTOR},
    {"mono", SCHEME_MONO},
};

int live_script_open(struct live *l, char *err, size_t errlen)
{
	struct live_script *s = xcalloc(1, sizeof *s);
	const struct scenario *sc = &s->scenario;

	s->path = l->opts->script_path;
	s->name = strrchr(s->path, '/') != NULL && strrchr(s->path, '/')[1]
	              ? strrchr(s->path, '/') + 1
	              : s->path;
	if (script_file_load(s->path, &s->scenario, err, errlen) != 0) {
		free(s);
		return -1;
	}
	l->script = s;
	script_file_config(l->opts, sc, &l->config);
	if ((sc->settings & SET_TITLE) && sc->title[0] != '\0')
		l->title = sc->title;
	if ((sc->settings & SET_THEME) && !l->opts->theme_given)
		for (size_t i = 0;
		     i < sizeof theme_names / sizeof theme_names[0]; i++)
			if (strcmp(sc->theme, theme_names[i].name) == 0)
				l->scheme = theme_names[i].scheme;
	if (sc->amnesia)
		l->restart_mode = RESTART_AMNESIA;
	for (size_t i = 0; i < sc->count; i++)
		if (sc->items[i].exact)
			s->exact = true;
	live_script_rewind(l);
	return 0;
}

void live_script_close(struct live *l)
{
	if (l->script == NULL)
		return;
	scenario_free(&l->script->scenario);
	free(l->script);
	l->script = NULL;
}

void live_script_rewind(struct live *l)
{
	struct live_script *s = l->script;

	s->next = 0;
	s->waiting = s->ended = s->stop = s->resume = false;
	s->caption[0] = '\0';
	s->mark = (struct report_mark){0};
	s->expects = s->failures = 0;
	s->first_failure_line = 0;
	s->first_failure[0] = '\0';
	snprintf(s->where, sizeof s->where, "%s", s->name);
	/* An empty scenario has nothing to play: it has ended already. */
	if (s->scenario.count == 0)
		s->ended = true;
}

/* --- playing one line --------------------------------------------------- */

static void failed(struct live *l, const struct scenario_item *item,
                   const char *what)
{
	struct live_script *s = l->script;
	const char *cross = l->utf8 ? "\u2717" : "FAIL";

	if (s->failures++ == 0) {
		s->first_failure_line = item->line;
		snprintf(s->first_failure, sizeof s->first_failure, "%s", what);
	}
	eventlog_note(l->log, sim_now(l->sim), "%s %s:%u: %s", cross, s->name,
	              (unsigned)item->line, what);
	live_set_flash(l, "%s %s:%u: %s", cross, s->name, (unsigned)item->line,
	               what);
}

static void check(struct live *l, const struct scenario_item *item)
{
	struct live_script *s = l->script;
	char what[128], got[128], text[320];

	s->expects++;
	scenario_format_expect(&item->expect, what, sizeof what);
	if (script_check_expect(&item->expect, l->sim, got, sizeof got)) {
		eventlog_note(l->log, sim_now(l->sim), "%s %s:%u: expect %s",
		              l->utf8 ? "\u2713" : "ok", s->name,
		              (unsigned)item->line, what);
		return;
	}
	snprintf(text, sizeof text, "expected %s, got %s", what, got);
	failed(l, item, text);
}

/* Applies a command line: a saved log's exactly where it was recorded,
 * a scenario's now (the world is at its time). */
static void command(struct live *l, const struct scenario_item *item)
{
	struct command cmd = item->command;
	char err[256];
	int rc;

	if (item->exact) {
		cmd.time_us = item->time_us;
		cmd.after_events = item->after_events;
		rc = sim_replay(l->sim, &cmd, err, sizeof err);
	} else {
		rc = sim_apply(l->sim, &cmd, err, sizeof err);
	}
	if (rc != 0)
		failed(l, item, err);
}

static void play(struct live *l, const struct scenario_item *item)
{
	struct live_script *s = l->script;
	char err[256], line[256];

	s->next++;
	snprintf(s->where, sizeof s->where, "%s: line %u", s->name,
	         (unsigned)item->line);
	/* The world to the line's time: exactly, for a saved log. */
	if (item->kind != ITEM_COMMAND) {
		if (item->exact) {
			if (sim_seek(l->sim, item->time_us, item->after_events,
			             err, sizeof err) != 0)
				failed(l, item, err);
		} else if (item->time_us > sim_now(l->sim)) {
			sim_run_until(l->sim, item->time_us);
		}
	} else if (!item->exact && item->time_us > sim_now(l->sim)) {
		sim_run_until(l->sim, item->time_us);
	}
	switch (item->kind) {
	case ITEM_COMMAND:
		command(l, item);
		break;
	case ITEM_CAPTION:
		snprintf(s->caption, sizeof s->caption, "%s", item->caption);
		live_marker(l, item->caption[0] != '\0' ? item->caption
		                                        : "(caption cleared)");
		break;
	case ITEM_PAUSE:
		/* Going on goes back to what the presenter was doing:
		 * running, or stepping. */
		s->resume = l->running;
		s->waiting = true;
		s->stop = true;
		snprintf(line, sizeof line, "pause (line %u)",
		         (unsigned)item->line);
		live_marker(l, line);
		break;
	case ITEM_EXPECT:
		check(l, item);
		break;
	case ITEM_REPORT:
		script_report(l->sim, &s->mark, line, sizeof line);
		eventlog_note(l->log, sim_now(l->sim), "report: %s", line);
		live_set_flash(l, "report: %s", line);
		break;
	case ITEM_END:
		s->ended = true;
		s->stop = true;
		break;
	}
	if (s->next >= s->scenario.count && !s->ended) {
		s->ended = true;
		s->stop = true;
	}
	if (s->ended && item->kind != ITEM_PAUSE) {
		eventlog_note(l->log, sim_now(l->sim),
		              "the scenario has ended: space runs on, r plays "
		              "it again");
		live_marker(l, "end");
	}
}

static bool pending(const struct live_script *s)
{
	return s != NULL && !s->ended && !s->waiting &&
	       s->next < s->scenario.count;
}

/* --- moving the world through the lines ---------------------------------
 */

bool live_script_step(struct live *l)
{
	struct live_script *s = l->script;
	const struct scenario_item *item;
	uint64_t next;

	if (s != NULL && s->waiting)
		s->waiting = false;
	if (!pending(s))
		return false;
	item = &s->scenario.items[s->next];
	if (item->exact) {
		if (sim_events_run(l->sim) < item->after_events)
			return false;
	} else if (sim_next_event_time(l->sim, &next) &&
	           next <= item->time_us) {
		return false;
	}
	play(l, item);
	s->stop = false;
	return true;
}

enum live_advance live_script_advance(struct live *l, uint64_t target_us,
                                      uint64_t deadline_ns)
{
	struct live_script *s = l->script;

	for (;;) {
		const struct scenario_item *item;
		uint64_t upto;

		if (!pending(s)) {
			if (!live_run_events(l, target_us, deadline_ns))
				return LIVE_LAGGING;
			if (target_us > sim_now(l->sim))
				sim_run_until(l->sim, target_us);
			return LIVE_REACHED;
		}
		item = &s->scenario.items[s->next];
		/* Up to the line's time, or to just before it for a saved
		 * log's line (see the top of this file). */
		upto = item->time_us;
		if (item->exact)
			upto = upto > 0 ? upto - 1 : 0;
		if (upto > target_us)
			upto = target_us;
		if (!(item->exact && item->time_us == 0)) {
			if (!live_run_events(l, upto, deadline_ns))
				return LIVE_LAGGING;
			if (upto > sim_now(l->sim))
				sim_run_until(l->sim, upto);
		}
		if (item->time_us > target_us)
			return LIVE_REACHED;
		play(l, item);
		if (s->stop) {
			s->stop = false;
			return LIVE_STOPPED;
		}
	}
}

void live_script_go_on(struct live *l)
{
	if (l->script != NULL)
		l->script->waiting = false;
}

bool live_script_locked(const struct live *l)
{
	return l->script != NULL && l->script->exact && !l->script->ended;
}

int live_script_verdict(const struct live *l, FILE *err)
{
	const struct live_script *s = l->script;

	if (s == NULL || s->failures == 0)
		return 0;
	/* The first failure as the log said it (a failed expectation or a
	 * command the world refused), then how many there were. */
	fprintf(err,
	        "gcounter: %s:%u: %s (%zu failure%s; %zu expectation%s "
	        "checked)\n",
	        s->path, (unsigned)s->first_failure_line, s->first_failure,
	        s->failures, s->failures == 1 ? "" : "s", s->expects,
	        s->expects == 1 ? "" : "s");
	return 1;
}
