/*
 * Scenarios on the dashboard: the player (script/player.c) plays each
 * timed line as the world runs, with the same meaning as a headless run;
 * here its hooks show captions, pauses, expectations and reports instead
 * of printing them, and a pause stops the clock until the presenter goes
 * on.
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

/* --- the player's hooks -------------------------------------------------- */

static void shown_failure(struct live *l, const struct scenario_item *item,
                          const char *what)
{
	const char *cross = l->utf8 ? "\u2717" : "FAIL";
	const char *name = player_name(l->script->player);

	eventlog_note(l->log, sim_now(l->sim), "%s %s:%u: %s", cross, name,
	              (unsigned)item->line, what);
	live_set_flash(l, "%s %s:%u: %s", cross, name, (unsigned)item->line,
	               what);
}

static void on_caption(void *ctx, const struct scenario_item *item)
{
	struct live *l = ctx;

	snprintf(l->script->caption, sizeof l->script->caption, "%s",
	         item->caption);
	live_marker(l, item->caption[0] != '\0' ? item->caption
	                                        : "(caption cleared)");
}

static void on_pause(void *ctx, const struct scenario_item *item)
{
	struct live *l = ctx;
	char line[64];

	/* Going on goes back to what the presenter was doing: running, or
	 * stepping. */
	player_set_resume(l->script->player, l->running);
	snprintf(line, sizeof line, "pause (line %u)", (unsigned)item->line);
	live_marker(l, line);
}

static void on_report(void *ctx, const struct scenario_item *item,
                      const char *line)
{
	struct live *l = ctx;

	(void)item;
	eventlog_note(l->log, sim_now(l->sim), "report: %s", line);
	live_set_flash(l, "report: %s", line);
}

static void on_expect(void *ctx, const struct scenario_item *item,
                      const char *what, const char *got)
{
	struct live *l = ctx;
	char text[320];

	if (got == NULL) {
		eventlog_note(l->log, sim_now(l->sim), "%s %s:%u: expect %s",
		              l->utf8 ? "\u2713" : "ok",
		              player_name(l->script->player),
		              (unsigned)item->line, what);
		return;
	}
	snprintf(text, sizeof text, "expected %s, got %s", what, got);
	shown_failure(l, item, text);
}

static void on_failure(void *ctx, const struct scenario_item *item,
                       const char *what, bool broken)
{
	(void)broken;
	shown_failure(ctx, item, what);
}

static void on_ended(void *ctx, const struct scenario_item *item)
{
	struct live *l = ctx;

	(void)item;
	eventlog_note(l->log, sim_now(l->sim),
	              "the scenario has ended: space runs on, r plays it "
	              "again");
	live_marker(l, "end");
}

static bool on_out_of_time(void *ctx)
{
	struct live *l = ctx;

	return l->deadline_ns != 0 && live_clock_ns() > l->deadline_ns;
}

static const struct player_hooks live_hooks = {
    .caption = on_caption,
    .pause = on_pause,
    .report = on_report,
    .expect = on_expect,
    .failure = on_failure,
    .ended = on_ended,
    .out_of_time = on_out_of_time,
};

/* --- opening and closing ------------------------------------------------- */

int live_script_open(struct live *l, char *err, size_t errlen)
{
	struct live_script *s;
	struct scenario scenario;
	const struct scenario *sc;

	if (script_file_load(l->opts->script_path, &scenario, err, errlen) != 0)
		return -1;
	s = xcalloc(1, sizeof *s);
	s->player = player_new(&scenario, l->opts->script_path, &live_hooks, l);
	l->script = s;
	sc = player_scenario(s->player);
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
	return 0;
}

void live_script_close(struct live *l)
{
	if (l->script == NULL)
		return;
	player_free(l->script->player);
	free(l->script);
	l->script = NULL;
}

void live_script_rewind(struct live *l)
{
	player_rewind(l->script->player);
	l->script->caption[0] = '\0';
}

/* --- moving the world through the lines ---------------------------------
 */

bool live_script_step(struct live *l)
{
	return player_step(l->script->player, l->sim);
}

enum live_advance live_script_advance(struct live *l, uint64_t target_us,
                                      uint64_t deadline_ns)
{
	enum player_advance r;

	l->deadline_ns = deadline_ns;
	r = player_advance(l->script->player, l->sim, target_us);
	l->deadline_ns = 0;
	return r == PLAYER_REACHED   ? LIVE_REACHED
	       : r == PLAYER_LAGGING ? LIVE_LAGGING
	                             : LIVE_STOPPED;
}

void live_script_go_on(struct live *l)
{
	if (l->script != NULL)
		player_go_on(l->script->player);
}

bool live_script_locked(const struct live *l)
{
	return l->script != NULL && player_locked(l->script->player);
}

int live_script_verdict(const struct live *l, FILE *err)
{
	char line[512];

	if (l->script == NULL ||
	    !player_verdict(l->script->player, line, sizeof line))
		return 0;
	fprintf(err, "gcounter: %s\n", line);
	return 1;
}
