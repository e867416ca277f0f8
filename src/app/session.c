/*
 * The session core: builds the world from the options or a script, plays
 * the script through the one player, observes the world for the event log
 * and the reader's row, and keeps the presenter's state. Everything that
 * changes the world goes through sim_apply (or the player), so a saved log
 * replays the session exactly, and a restart rebuilds it from its config
 * and seed alone. No libevent, no curses, no wall clock: what the driver
 * must do comes back as enum session_do bits.
 */
#include "app/session.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/script-file.h"
#include "app/session-internal.h"
#include "script/choices.h"
#include "script/settings.h"
#include "sim/strategy.h"
#include "util/fatal.h"
#include "view/report.h"
#include "view/spacetime.h"

/* Lines the event log keeps (the screen shows the newest that fit). */
#define SESSION_LOG_LINES 256
/* Steps a narrated step may take to find something worth a sentence (a
 * cancelled timer, say, shows nothing). */
#define NARRATE_STEPS_MAX 1000

/* Speeds in logarithmic steps: virtual = wall x num / den. */
struct speed {
	uint64_t num, den;
	const char *label;
};

static const struct speed speeds[] = {
    {1, 16, "1/16x"}, {1, 8, "1/8x"}, {1, 4, "1/4x"}, {1, 2, "1/2x"},
    {1, 1, "1x"},     {2, 1, "2x"},   {4, 1, "4x"},   {8, 1, "8x"},
    {16, 1, "16x"},   {32, 1, "32x"}, {64, 1, "64x"},
};
#define SPEED_COUNT   (sizeof speeds / sizeof speeds[0])
#define SPEED_DEFAULT 4 /* 1x */

/* The step nearest to a speed (1/16x ... 64x, by ratio). */
static size_t nearest_speed(double speed)
{
	double best = 1e300;
	size_t at = SPEED_DEFAULT;

	for (size_t i = 0; i < SPEED_COUNT; i++) {
		double x = (double)speeds[i].num / (double)speeds[i].den;
		double off = x > speed ? x / speed : speed / x;

		if (off < best) {
			best = off;
			at = i;
		}
	}
	return at;
}

unsigned session_take(struct session *s)
{
	unsigned todo;

	/* Whatever the call did to the present, the past keeps up: a
	 * checkpoint if one is due, and on the timeline that the log told
	 * something by now (a bound for a search back, never too early). */
	if (s->history != NULL && s->sim != NULL && !s->in_past) {
		if (eventlog_told(s->log) != s->told_marked) {
			s->told_marked = eventlog_told(s->log);
			timeline_mark(&s->timeline, sim_now(s->sim),
			              MOMENT_TOLD);
		}
		past_note(s);
	}
	todo = s->todo;

	s->todo = 0;
	return todo;
}

static void marker(struct session *s, const char *label)
{
	/* The past re-run tells no recording: its chapters were marked
	 * when they first happened. */
	if (s->in_past)
		return;
	if (s->driver != NULL && s->driver->marker != NULL)
		s->driver->marker(s->driver->ctx, label);
}

/* --- the player's hooks: a script shown, not printed --------------------- */

/* A script's line was played: its time is the moment's own (a caption
 * or a pause moves the clock to its line without any record). */
static void line_played(struct session *s)
{
	s->unit_clock_us = sim_now(s->sim);
}

static void shown_failure(struct session *s, const struct scenario_item *item,
                          const char *what)
{
	const char *cross = s->utf8 ? "\u2717" : "FAIL";
	const char *name = player_name(s->player);

	line_played(s);
	eventlog_note(s->log, sim_now(s->sim), "%s %s:%u: %s", cross, name,
	              (unsigned)item->line, what);
	if (!s->in_past)
		session_flash(s, "%s %s:%u: %s", cross, name,
		              (unsigned)item->line, what);
}

static void on_caption(void *ctx, const struct scenario_item *item)
{
	struct session *s = ctx;

	line_played(s);
	snprintf(s->caption, sizeof s->caption, "%s", item->caption);
	session_moments(s, sim_now(s->sim), MOMENT_CAPTION);
	/* A recording's chapter mark says what the audience read then. */
	scenario_caption_render(item->caption, s->sim, s->caption_live,
	                        SESSION_CAPTION_LIVE);
	marker(s, item->caption[0] != '\0' ? s->caption_live
	                                   : "(caption cleared)");
}

/* A speed line: slow motion for a lecture, from here on (the presenter's
 * keys change it again). */
static void on_speed(void *ctx, const struct scenario_item *item)
{
	struct session *s = ctx;

	line_played(s);
	s->speed = nearest_speed(item->speed);
	s->todo |= SESSION_CLOCK;
}

static void on_pause(void *ctx, const struct scenario_item *item)
{
	struct session *s = ctx;
	char line[64];

	line_played(s);
	/* Going on goes back to what the presenter was doing: running, or
	 * stepping. */
	if (!s->in_past)
		player_set_resume(s->player, s->running);
	session_moments(s, sim_now(s->sim), MOMENT_PAUSE);
	snprintf(line, sizeof line, "pause (line %u)", (unsigned)item->line);
	marker(s, line);
}

static void on_report(void *ctx, const struct scenario_item *item,
                      const struct report_figures *figures)
{
	struct session *s = ctx;
	char line[320];

	line_played(s);
	(void)item;
	report_line(figures, report_label_of(player_scenario(s->player)), line,
	            sizeof line);
	eventlog_note(s->log, sim_now(s->sim), "report: %s", line);
	if (!s->in_past)
		session_flash(s, "report: %s", line);
}

/* The table itself is drawn from the player's place (session_view), so
 * the past shows it exactly when it was shown. */
static void on_report_table(void *ctx, const struct scenario_item *item,
                            const struct report_figures *rows, size_t count)
{
	struct session *s = ctx;

	line_played(s);
	(void)item;
	(void)rows;
	eventlog_note(s->log, sim_now(s->sim),
	              "report table: %zu report%s side by side", count,
	              count == 1 ? "" : "s");
}

static void on_expect(void *ctx, const struct scenario_item *item,
                      const char *what, const char *got)
{
	struct session *s = ctx;
	char text[320];

	line_played(s);
	/* The checks are the presenter's (--show-checks): the audience
	 * reads the captions (headless and the tests print every one). */
	if (!s->opts->show_checks)
		return;
	if (got == NULL) {
		eventlog_note(s->log, sim_now(s->sim), "%s %s:%u: expect %s",
		              s->utf8 ? "\u2713" : "ok", player_name(s->player),
		              (unsigned)item->line, what);
		return;
	}
	snprintf(text, sizeof text, "expected %s, got %s", what, got);
	shown_failure(s, item, text);
}

static void on_failure(void *ctx, const struct scenario_item *item,
                       const char *what, bool broken)
{
	(void)broken;
	shown_failure(ctx, item, what);
}

static void on_ended(void *ctx, const struct scenario_item *item)
{
	struct session *s = ctx;

	line_played(s);
	(void)item;
	if (s->lesson != NULL && s->chapter + 1 < s->lesson->count)
		eventlog_note(s->log, sim_now(s->sim),
		              "chapter %zu has ended: space goes on to chapter "
		              "%zu",
		              s->chapter + 1, s->chapter + 2);
	else if (s->lesson != NULL)
		eventlog_note(s->log, sim_now(s->sim),
		              "the lesson has ended: q quits, r plays this "
		              "chapter again");
	else
		eventlog_note(s->log, sim_now(s->sim),
		              "the scenario has ended: space runs on, r plays "
		              "it again");
	marker(s, "end");
}

static bool on_out_of_time(void *ctx)
{
	struct session *s = ctx;

	return s->driver != NULL && s->driver->out_of_time != NULL &&
	       s->driver->out_of_time(s->driver->ctx);
}

static const struct player_hooks player_hooks = {
    .caption = on_caption,
    .speed = on_speed,
    .pause = on_pause,
    .report = on_report,
    .report_table = on_report_table,
    .expect = on_expect,
    .failure = on_failure,
    .ended = on_ended,
    .out_of_time = on_out_of_time,
};

/* --- the world ------------------------------------------------------------ */

static void greet(struct session *s)
{
	uint32_t n = sim_node_count(s->sim);

	if (s->player != NULL) {
		eventlog_note(s->log, sim_now(s->sim),
		              "playing %s%s%s (seed %" PRIu64
		              "): space pauses, ? for help",
		              player_name(s->player),
		              s->title != NULL ? ": " : "",
		              s->title != NULL ? s->title : "", s->config.seed);
		return;
	}
	if (sim_config(s->sim)->crdt == CRDT_PNCOUNTER) {
		/* Shorter: the decrement keys must fit at 80 columns. */
		eventlog_note(s->log, sim_now(s->sim),
		              "PN-Counter: %s%" PRIu32
		              " count up, Shift-%s%" PRIu32
		              " or Backspace count down, ? help",
		              n > 1 ? "1-" : "", n < 9 ? n : 9,
		              n > 1 ? "1-" : "", n < 9 ? n : 9);
		return;
	}
	eventlog_note(s->log, sim_now(s->sim),
	              "seed %" PRIu64 ", %" PRIu32
	              " node%s, strategy %s: press "
	              "%s%" PRIu32 " to increment, ? for help",
	              s->config.seed, n, n == 1 ? "" : "s",
	              sim_config(s->sim)->strategy->name, n > 1 ? "1-" : "",
	              n < 9 ? n : 9);
}

/* The command line that repeats this run, for the help overlay. */
static void describe_replay(struct session *s)
{
	const struct sim_config *c = &s->config;
	struct sim_config defaults;
	size_t len;

	/* What differs from the settings' defaults is what must be said. */
	sim_config_defaults(&defaults);
	if (s->player != NULL) {
		snprintf(s->replay, sizeof s->replay,
		         "gcounter --script %s --seed %" PRIu64
		         " and the same keys (or --save-log FILE)",
		         player_path(s->player), c->seed);
		return;
	}
	len = (size_t)snprintf(s->replay, sizeof s->replay,
	                       "gcounter --seed %" PRIu64, c->seed);
	if (len < sizeof s->replay && c->crdt != defaults.crdt)
		len +=
		    (size_t)snprintf(s->replay + len, sizeof s->replay - len,
		                     " --crdt %s", choices_crdt_name(c->crdt));
	if (len < sizeof s->replay && c->nodes != defaults.nodes)
		len += (size_t)snprintf(s->replay + len, sizeof s->replay - len,
		                        " --nodes %" PRIu32, c->nodes);
	if (len < sizeof s->replay && c->strategy != defaults.strategy)
		len += (size_t)snprintf(s->replay + len, sizeof s->replay - len,
		                        " --strategy %s", c->strategy->name);
	if (len < sizeof s->replay)
		snprintf(s->replay + len, sizeof s->replay - len,
		         " ... and the same keys (or --save-log FILE)");
}

/* A new world from s->config, observed, with the faults the options ask
 * for from the start: the one way a world is made, at the start and at
 * every restart. */
static int build(struct session *s, char *err, size_t errlen)
{
	s->sim = sim_new(&s->config, err, errlen);
	if (s->sim == NULL) {
		/* A scenario whose settings build no world: name the file,
		 * as a headless run does. */
		if (s->player != NULL && errlen > 0) {
			char why[512];

			snprintf(why, sizeof why, "%s", err);
			snprintf(err, errlen, "%s: %s", player_path(s->player),
			         why);
		}
		return -1;
	}
	sim_set_observer(s->sim, session_observe, s);
	/* A scenario's settings replace the world options, as headless. */
	if (s->player == NULL &&
	    options_apply_initial(s->opts, s->sim, err, errlen) != 0) {
		sim_free(s->sim);
		s->sim = NULL;
		return -1;
	}
	return 0;
}

/* A lesson's title card says what the chapter's scenario says. */
static void fill_card(struct session *s)
{
	const struct scenario *sc = player_scenario(s->player);

	s->card_view = (struct dashboard_card){
	    .lesson = s->lesson->title,
	    .title = s->title != NULL ? s->title : player_name(s->player),
	    .about = sc->about,
	    .chapter = (unsigned)s->chapter + 1,
	    .chapters = (unsigned)s->lesson->count,
	};
}

/* Loads --script/--replay and takes the world's settings from it. */
static int open_script(struct session *s, const char *path, char *err,
                       size_t errlen)
{
	struct scenario scenario;
	const struct scenario *sc;

	if (script_file_load(path, &scenario, err, errlen) != 0)
		return -1;
	s->player = player_new(&scenario, path, &player_hooks, s);
	sc = player_scenario(s->player);
	if (script_file_config(s->opts, sc, &s->config, err, errlen) != 0)
		return -1;
	if ((sc->settings & SET_TITLE) && sc->title[0] != '\0')
		s->title = sc->title;
	if ((sc->settings & SET_THEME) && !s->opts->theme_given)
		choices_theme_find(sc->theme, &s->scheme);
	if ((sc->settings & SET_VIEW) && !s->opts->view_given)
		choices_view_find(sc->view, &s->view);
	if (sc->amnesia)
		s->restart_mode = RESTART_AMNESIA;
	return 0;
}

struct session *session_new(const struct options *opts, bool utf8,
                            const struct session_driver *driver, char *err,
                            size_t errlen)
{
	struct session *s = xcalloc(1, sizeof *s);
	enum theme theme = opts->theme;

	s->opts = opts;
	s->driver = driver;
	s->utf8 = utf8;
	s->big = opts->big;
	s->view = opts->view;
	s->spacetime = spacetime_new(0, utf8);
	s->caption_live = xcalloc(1, SESSION_CAPTION_LIVE);
	s->speed = SPEED_DEFAULT;
	/* --speed: the step nearest to it. */
	if (opts->speed > 0)
		s->speed = nearest_speed(opts->speed);
	s->config = opts->sim;
	s->restart_mode = opts->restart_mode;
	s->scheme = (unsigned)theme < THEME_COUNT ? theme : THEME_DARK;
	s->lesson = opts->lesson;
	s->card = s->lesson != NULL;
	if (opts->script_path != NULL &&
	    open_script(s, opts->script_path, err, errlen) != 0) {
		spacetime_free(s->spacetime);
		free(s->caption_live);
		free(s);
		return NULL;
	}
	s->log = eventlog_new(s->config.nodes, SESSION_LOG_LINES, s->utf8);
	s->narrate = narrate_new(s->utf8);
	timeline_reset(&s->timeline);
	if (build(s, err, errlen) != 0) {
		session_free(s);
		return NULL;
	}
	if (s->lesson != NULL)
		fill_card(s);
	describe_replay(s);
	greet(s);
	past_start(s);
	s->todo = 0;
	return s;
}

void session_free(struct session *s)
{
	if (s == NULL)
		return;
	past_free(s);
	sim_free(s->sim);
	eventlog_free(s->log);
	narrate_free(s->narrate);
	player_free(s->player);
	spacetime_free(s->spacetime);
	free(s->caption_live);
	free(s);
}

int session_restart(struct session *s, char *err, size_t errlen)
{
	struct sim *old;

	/* A restart starts from the present: the past goes with it. */
	if (s->in_past)
		past_move(s, PAST_END, 1);
	old = s->sim;

	/* The log goes first: building applies the starting faults, and
	 * their lines belong to the new world. */
	eventlog_reset(s->log, s->config.nodes);
	spacetime_reset(s->spacetime);
	s->reads = (struct dashboard_reads){0};
	s->read_before_known = false;
	s->unit_clock_us = 0;
	timeline_reset(&s->timeline);
	if (build(s, err, errlen) != 0) {
		s->sim = old;
		return -1;
	}
	sim_free(old);
	if (s->selected >= sim_node_count(s->sim))
		s->selected = 0;
	narrate_clear(s->narrate);
	if (s->player != NULL) {
		player_rewind(s->player);
		s->caption[0] = '\0';
	}
	eventlog_note(s->log, sim_now(s->sim),
	              "restarted: a fresh world, same seed %" PRIu64,
	              s->config.seed);
	greet(s);
	past_start(s);
	/* The clock goes on from the new world's time. */
	s->todo |= SESSION_CLOCK;
	return 0;
}

int session_load_chapter(struct session *s, size_t chapter, char *err,
                         size_t errlen)
{
	struct player *old_player = s->player;
	struct sim *old_sim = s->sim;
	struct sim_config old_config = s->config;
	const char *old_title = s->title;
	enum sim_restart old_restart = s->restart_mode;
	enum view_kind old_view = s->view;
	enum theme old_scheme = s->scheme;

	if (s->lesson == NULL || chapter >= s->lesson->count) {
		snprintf(err, errlen, "no chapter %zu", chapter + 1);
		return -1;
	}
	/* A chapter is a new world: the past of the last one goes. */
	if (s->in_past)
		past_move(s, PAST_END, 1);
	s->config = s->opts->sim;
	s->title = NULL;
	s->player = NULL;
	/* What a chapter's file may set starts from the options again. */
	s->restart_mode = s->opts->restart_mode;
	s->view = s->opts->view;
	s->scheme = (unsigned)s->opts->theme < THEME_COUNT ? s->opts->theme
	                                                   : THEME_DARK;
	if (open_script(s, s->lesson->paths[chapter], err, errlen) != 0 ||
	    build(s, err, errlen) != 0) {
		player_free(s->player);
		s->player = old_player;
		s->sim = old_sim;
		s->config = old_config;
		s->title = old_title;
		/* The chapter shown stays as it was drawn, its own view and
		 * theme with it. */
		s->restart_mode = old_restart;
		s->view = old_view;
		s->scheme = old_scheme;
		return -1;
	}
	/* The new world exists: the old one and everything that told of
	 * it go (the event log is told the new world from its start). */
	past_free(s);
	sim_free(old_sim);
	player_free(old_player);
	eventlog_reset(s->log, s->config.nodes);
	spacetime_reset(s->spacetime);
	s->reads = (struct dashboard_reads){0};
	s->read_before_known = false;
	s->unit_clock_us = 0;
	s->caption[0] = '\0';
	s->key_caption[0] = '\0';
	timeline_reset(&s->timeline);
	narrate_clear(s->narrate);
	if (s->selected >= sim_node_count(s->sim))
		s->selected = 0;
	s->chapter = chapter;
	s->card = true;
	fill_card(s);
	s->running = false;
	describe_replay(s);
	greet(s);
	past_start(s);
	marker(s, "title card");
	s->todo |= SESSION_CLOCK | SESSION_REDRAW_FULL;
	return 0;
}

/* --- moving the world ----------------------------------------------------- */

unsigned session_advance(struct session *s, uint64_t target_us)
{
	enum player_advance r;

	if (s->in_past) {
		r = past_advance(s, target_us);
	} else if (s->player != NULL) {
		r = player_advance(s->player, s->sim, target_us);
	} else if (!player_run_events(&player_hooks, s, s->sim, target_us)) {
		r = PLAYER_LAGGING;
	} else {
		if (target_us > sim_now(s->sim))
			sim_run_until(s->sim, target_us);
		r = PLAYER_REACHED;
	}
	switch (r) {
	case PLAYER_REACHED:
		s->lagging = false;
		break;
	case PLAYER_LAGGING:
		s->lagging = true;
		s->todo |= SESSION_LAGGING;
		break;
	case PLAYER_STOPPED:
		/* A script's pause or end: the clock waits at that line. */
		s->running = false;
		s->lagging = false;
		s->todo |= SESSION_CLOCK;
		break;
	}
	return session_take(s);
}

unsigned session_set_running(struct session *s, bool running)
{
	session_run(s, running);
	return session_take(s);
}

void session_change_speed(struct session *s, int delta)
{
	size_t next = (size_t)((int)s->speed + delta);

	if (next >= SPEED_COUNT) {
		session_flash(s, "already at the %s speed (%s)",
		              delta > 0 ? "fastest" : "slowest",
		              speeds[s->speed].label);
		return;
	}
	/* Finish the time run at the old speed, then go on at the new. */
	if (s->running)
		session_catch_up(s);
	s->speed = next;
	s->todo |= SESSION_CLOCK;
}

static bool script_waiting(const struct session *s)
{
	return s->player != NULL && player_waiting(s->player);
}

bool session_step(struct session *s)
{
	bool any = false;

	if (s->in_past)
		return past_move(s, PAST_EVENT, 1);
	if (!s->narrating) {
		/* Each step shows in the log: events the log keeps quiet
		 * about when running are told, and a step that shows
		 * nothing at all (a cancelled timer) goes on to the next. */
		uint64_t before = eventlog_told(s->log);

		session_set_verbose(s, true);
		for (int i = 0; i < NARRATE_STEPS_MAX; i++) {
			if (!session_unit(s))
				break;
			any = true;
			if (eventlog_told(s->log) != before ||
			    script_waiting(s))
				break;
		}
		session_set_verbose(s, false);
		return any;
	}
	narrate_begin(s->narrate, s->sim);
	for (int i = 0; i < NARRATE_STEPS_MAX; i++) {
		if (!session_unit(s))
			break;
		any = true;
		/* A script's pause stops a narrated step too. */
		if (narrate_has_news(s->narrate) || script_waiting(s))
			break;
	}
	narrate_end(s->narrate, s->sim);
	return any;
}

void session_narrate(struct session *s, bool on)
{
	s->narrating = on;
	narrate_clear(s->narrate);
}

bool session_apply(struct session *s, const struct command *cmd)
{
	char err[160];
	int rc;

	/* A change in the past starts a new future from there. */
	past_fork(s);
	/* Narrating, what a key does is told like a step. */
	if (s->narrating)
		narrate_begin(s->narrate, s->sim);
	rc = sim_apply(s->sim, cmd, err, sizeof err);
	if (s->narrating)
		narrate_end(s->narrate, s->sim);
	if (rc == 0) {
		size_t count;
		const struct command *log = sim_command_log(s->sim, &count);

		session_script_changed(s);
		/* The journal keeps it as the world stamped it, at the tick
		 * before it (a presenter's command is no event of the
		 * world's; past_journal counts it). */
		session_journal(s, JOURNAL_COMMAND, &log[count - 1]);
		return true;
	}
	session_flash(s, "%s", err);
	return false;
}

void session_go_on(struct session *s)
{
	session_going_on(s);
	session_take(s);
}

unsigned session_clear_flash(struct session *s)
{
	s->flash[0] = '\0';
	return SESSION_REDRAW;
}

void session_expire_flash(struct session *s, uint64_t after_us)
{
	if (s->flash[0] != '\0' && sim_now(s->sim) - s->flash_at_us >= after_us)
		s->flash[0] = '\0';
}

void session_clamp_help(struct session *s, uint32_t max)
{
	if (s->help_scroll > max)
		s->help_scroll = max;
}

/* --- what the driver reads ------------------------------------------------ */

void session_view(const struct session *s, struct dashboard_view *view)
{
	*view = (struct dashboard_view){
	    .sim = s->sim,
	    .log = s->log,
	    .seed = s->config.seed,
	    .selected = s->selected,
	    .running = s->running,
	    .lagging = s->lagging,
	    .help_open = s->help_open,
	    .big = s->big,
	    .beginner = s->opts->beginner,
	    .speed = speeds[s->speed].label,
	    .flash = s->flash,
	    .replay = s->replay,
	    .restart_mode = s->restart_mode,
	    .help_scroll = s->help_scroll,
	    .reads = s->reads,
	    .narration = {.text = narrate_text(s->narrate),
	                  .node = narrate_node(s->narrate),
	                  .other = narrate_other(s->narrate),
	                  .slots = narrate_slots(s->narrate)},
	    .narrating = s->narrating,
	    .title = s->title,
	    .key_caption = s->key_caption,
	    .past = {.active = s->in_past,
	             .timeline = s->show_timeline || s->in_past,
	             .jump_moments = s->jump_moments,
	             .present_us =
	                 s->in_past ? sim_now(s->present.sim) : sim_now(s->sim),
	             .marks = &s->timeline},
	    .view = s->view,
	    .spacetime = s->spacetime,
	};
	if (s->lesson != NULL && s->card)
		view->card = &s->card_view;
	if (s->lesson != NULL)
		view->end_hint =
		    s->chapter + 1 < s->lesson->count
		        ? "the end of the chapter: space goes on to "
		          "the next, q quits"
		        : "the end of the lesson: q quits";
	if (s->player != NULL) {
		/* Before its first caption, the scenario's title. */
		view->caption = s->caption[0] != '\0'        ? s->caption
		                : player_at_start(s->player) ? s->title
		                                             : NULL;
		/* Live values are read from the world shown, every frame. */
		if (s->caption[0] != '\0' &&
		    scenario_caption_live(s->caption)) {
			scenario_caption_render(s->caption, s->sim,
			                        s->caption_live,
			                        SESSION_CAPTION_LIVE);
			view->caption = s->caption_live;
		}
		view->script_waiting = player_waiting(s->player);
		view->script_ended = player_ended(s->player);
		view->script_where = player_where(s->player);
		/* The table stays until the world runs on past the end. */
		if (player_report_table_shown(s->player) &&
		    !(player_ended(s->player) && s->running)) {
			view->report.rows =
			    player_reports(s->player, &view->report.count);
			view->report.by =
			    report_label_of(player_scenario(s->player));
			view->report.shown = true;
		}
	}
}

bool session_running(const struct session *s)
{
	return s->running;
}

void session_speed(const struct session *s, uint64_t *num, uint64_t *den)
{
	*num = speeds[s->speed].num;
	*den = speeds[s->speed].den;
}

uint64_t session_now(const struct session *s)
{
	return sim_now(s->sim);
}

const struct sim *session_sim(const struct session *s)
{
	return s->sim;
}

const struct sim *session_present_sim(const struct session *s)
{
	return s->in_past ? s->present.sim : s->sim;
}

const struct sim_config *session_config(const struct session *s)
{
	return &s->config;
}

enum theme session_scheme(const struct session *s)
{
	return s->scheme;
}

const char *session_title(const struct session *s)
{
	return s->title;
}

const struct player *session_player(const struct session *s)
{
	return s->player;
}

bool session_verdict(const struct session *s, char *buf, size_t cap)
{
	struct player_place shown;
	bool failed;

	if (cap > 0)
		buf[0] = '\0';
	if (s->player == NULL)
		return false;
	if (!s->in_past)
		return player_verdict(s->player, buf, cap);
	/* Quitting in the past: the verdict is the present's. */
	player_save(s->player, &shown);
	player_restore(s->player, &s->present.place);
	failed = player_verdict(s->player, buf, cap);
	player_restore(s->player, &shown);
	return failed;
}
