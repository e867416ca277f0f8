/*
 * The live world: built from the options (or a scenario), observed for the
 * event log and the reader's row, and moved on in virtual time by the
 * driver. Everything that changes it goes through sim_apply, so that a
 * saved log replays the session exactly.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/live-internal.h"
#include "sim/strategy.h"

/* Steps a narrated step may take to find something worth a sentence (a
 * cancelled timer, say, shows nothing). */
#define NARRATE_STEPS_MAX 1000

/* Every record goes to the event log (and, narrating, to the narrator);
 * reads also feed the reader's row. */
static void observe(void *ctx, const struct sim *sim,
                    const struct sim_record *r)
{
	struct live *l = ctx;

	eventlog_observe(l->log, sim, r);
	if (l->narrating)
		narrate_observe(l->narrate, sim, r);
	if (r->kind == REC_TIMER) {
		l->timer_fired = true;
		l->timer_node = r->node;
	} else if (r->kind == REC_READ) {
		if (r->changed && l->read_before_known) {
			l->reads.backwards = true;
			l->reads.at_us = r->time_us;
			l->reads.node = r->node;
			l->reads.value = r->amount;
			l->reads.before = l->read_before;
		}
		l->read_before_known = true;
		l->read_before = r->amount;
	} else if (r->kind == REC_COMMAND && r->command != NULL &&
	           r->command->kind == CMD_SET_READER) {
		/* A new reader starts afresh, as the engine's count does. */
		l->reads = (struct dashboard_reads){0};
		l->read_before_known = false;
	}
}

static void greet(struct live *l)
{
	uint32_t n = sim_node_count(l->sim);

	if (l->script != NULL) {
		eventlog_note(l->log, sim_now(l->sim),
		              "playing %s%s%s (seed %" PRIu64
		              "): space pauses, ? for help",
		              player_name(l->script->player),
		              l->title != NULL ? ": " : "",
		              l->title != NULL ? l->title : "", l->config.seed);
		return;
	}
	if (sim_config(l->sim)->crdt == CRDT_PNCOUNTER) {
		/* Shorter: the decrement keys must fit at 80 columns. */
		eventlog_note(l->log, sim_now(l->sim),
		              "PN-Counter: %s%" PRIu32
		              " count up, Shift-%s%" PRIu32
		              " or Backspace count down, ? help",
		              n > 1 ? "1-" : "", n < 9 ? n : 9,
		              n > 1 ? "1-" : "", n < 9 ? n : 9);
		return;
	}
	eventlog_note(l->log, sim_now(l->sim),
	              "seed %" PRIu64 ", %" PRIu32
	              " node%s, strategy %s: press "
	              "%s%" PRIu32 " to increment, ? for help",
	              l->config.seed, n, n == 1 ? "" : "s",
	              sim_config(l->sim)->strategy->name, n > 1 ? "1-" : "",
	              n < 9 ? n : 9);
}

/* The command line that repeats this run, for the help overlay. */
static void describe_replay(struct live *l)
{
	const struct sim_config *c = &l->config;
	size_t len;

	if (l->script != NULL) {
		snprintf(l->replay, sizeof l->replay,
		         "gcounter --script %s --seed %" PRIu64
		         " and the same keys (or --save-log FILE)",
		         player_path(l->script->player), c->seed);
		return;
	}
	len = (size_t)snprintf(l->replay, sizeof l->replay,
	                       "gcounter --seed %" PRIu64, c->seed);
	if (len < sizeof l->replay && c->crdt == CRDT_PNCOUNTER)
		len += (size_t)snprintf(l->replay + len, sizeof l->replay - len,
		                        " --crdt pncounter");
	if (len < sizeof l->replay && c->nodes != 4)
		len += (size_t)snprintf(l->replay + len, sizeof l->replay - len,
		                        " --nodes %" PRIu32, c->nodes);
	if (len < sizeof l->replay && c->strategy != &strategy_relay)
		len += (size_t)snprintf(l->replay + len, sizeof l->replay - len,
		                        " --strategy %s", c->strategy->name);
	if (len < sizeof l->replay)
		snprintf(l->replay + len, sizeof l->replay - len,
		         " ... and the same keys (or --save-log FILE)");
}

/* A new world from l->config, observed, with the faults the options ask
 * for from the start. */
static int build(struct live *l, char *err, size_t errlen)
{
	l->sim = sim_new(&l->config, err, errlen);
	if (l->sim == NULL)
		return -1;
	sim_set_observer(l->sim, observe, l);
	/* A scenario's settings replace the world options, as headless. */
	if (l->script == NULL &&
	    options_apply_initial(l->opts, l->sim, err, errlen) != 0) {
		sim_free(l->sim);
		l->sim = NULL;
		return -1;
	}
	return 0;
}

static const enum theme_scheme schemes[] = {
    [THEME_DARK] = SCHEME_DARK,
    [THEME_LIGHT] = SCHEME_LIGHT,
    [THEME_PROJECTOR] = SCHEME_PROJECTOR,
    [THEME_MONO] = SCHEME_MONO,
};

int live_world_open(struct live *l, char *err, size_t errlen)
{
	size_t theme = (size_t)l->opts->theme;

	l->config = l->opts->sim;
	l->restart_mode = l->opts->restart_mode;
	l->scheme = theme < sizeof schemes / sizeof schemes[0] ? schemes[theme]
	                                                       : SCHEME_DARK;
	if (l->opts->script_path != NULL &&
	    live_script_open(l, err, errlen) != 0)
		return -1;
	l->log = eventlog_new(l->config.nodes, LIVE_LOG_LINES, l->utf8);
	l->narrate = narrate_new(l->utf8);
	if (build(l, err, errlen) != 0) {
		eventlog_free(l->log);
		narrate_free(l->narrate);
		live_script_close(l);
		l->log = NULL;
		l->narrate = NULL;
		return -1;
	}
	describe_replay(l);
	greet(l);
	return 0;
}

void live_world_close(struct live *l)
{
	sim_free(l->sim);
	eventlog_free(l->log);
	narrate_free(l->narrate);
	live_script_close(l);
	if (l->save_log != NULL)
		fclose(l->save_log);
	l->save_log = NULL;
	l->sim = NULL;
	l->log = NULL;
	l->narrate = NULL;
}

int live_world_restart(struct live *l, char *err, size_t errlen)
{
	struct sim *old = l->sim;

	/* The log goes first: building applies the starting faults, and
	 * their lines belong to the new world. */
	eventlog_reset(l->log, l->config.nodes);
	l->reads = (struct dashboard_reads){0};
	l->read_before_known = false;
	if (build(l, err, errlen) != 0) {
		l->sim = old;
		return -1;
	}
	sim_free(old);
	if (l->selected >= sim_node_count(l->sim))
		l->selected = 0;
	narrate_clear(l->narrate);
	if (l->script != NULL)
		live_script_rewind(l);
	eventlog_note(l->log, sim_now(l->sim),
	              "restarted: a fresh world, same seed %" PRIu64,
	              l->config.seed);
	greet(l);
	return 0;
}

bool live_run_events(struct live *l, uint64_t t_us, uint64_t deadline_ns)
{
	uint64_t next;
	unsigned steps = 0;

	while (sim_next_event_time(l->sim, &next) && next <= t_us) {
		sim_step(l->sim);
		if (deadline_ns != 0 && (++steps & 63) == 0 &&
		    live_clock_ns() > deadline_ns)
			return false;
	}
	return true;
}

enum live_advance live_world_advance(struct live *l, uint64_t target_us,
                                     uint64_t deadline_ns)
{
	if (l->script != NULL)
		return live_script_advance(l, target_us, deadline_ns);
	if (!live_run_events(l, target_us, deadline_ns))
		return LIVE_LAGGING;
	if (target_us > sim_now(l->sim))
		sim_run_until(l->sim, target_us);
	return LIVE_REACHED;
}

/* One event, or the script's line if it comes first. */
static bool step_once(struct live *l)
{
	if (l->script != NULL && live_script_step(l))
		return true;
	return sim_step(l->sim);
}

bool live_world_step(struct live *l)
{
	bool any = false;

	if (!l->narrating) {
		/* Each step shows in the log: events the log keeps quiet
		 * about when running are told, and a step that shows
		 * nothing at all (a cancelled timer) goes on to the next. */
		uint64_t before = eventlog_told(l->log);

		eventlog_set_verbose(l->log, true);
		for (int i = 0; i < NARRATE_STEPS_MAX; i++) {
			l->timer_fired = false;
			if (!step_once(l))
				break;
			any = true;
			if (eventlog_told(l->log) != before ||
			    (l->script != NULL &&
			     player_waiting(l->script->player)))
				break;
			/* A timer with nothing to send (an op mode, idle) is
			 * a step too, or the clock would leap ahead. */
			if (l->timer_fired) {
				char name[16];

				sim_node_name(l->timer_node, name, sizeof name);
				eventlog_note(
				    l->log, sim_now(l->sim),
				    "%s's gossip timer fires: nothing "
				    "to send",
				    name);
				break;
			}
		}
		eventlog_set_verbose(l->log, false);
		return any;
	}
	narrate_begin(l->narrate, l->sim);
	for (int i = 0; i < NARRATE_STEPS_MAX; i++) {
		if (!step_once(l))
			break;
		any = true;
		/* A script's pause stops a narrated step too. */
		if (narrate_has_news(l->narrate) ||
		    (l->script != NULL && player_waiting(l->script->player)))
			break;
	}
	narrate_end(l->narrate, l->sim);
	return any;
}

void live_world_narrate(struct live *l, bool on)
{
	l->narrating = on;
	narrate_clear(l->narrate);
}

int live_world_save_log(struct live *l, char *err, size_t errlen)
{
	FILE *out = l->save_log;
	int rc;

	if (out == NULL)
		return 0;
	l->save_log = NULL;
	rc = script_file_write_log(out, l->sim);
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
	if (fclose(out) != 0)
		rc = -1;
	if (rc != 0)
		snprintf(err, errlen, "--save-log: %s: cannot write: %s",
		         l->opts->save_log_path, strerror(errno));
	return rc;
}

bool live_world_apply(struct live *l, const struct command *cmd)
{
	char err[160];
	int rc;

	/* Narrating, what a key does is told like a step. */
	if (l->narrating)
		narrate_begin(l->narrate, l->sim);
	rc = sim_apply(l->sim, cmd, err, sizeof err);
	if (l->narrating)
		narrate_end(l->narrate, l->sim);
	if (rc == 0)
		return true;
	live_set_flash(l, "%s", err);
	return false;
}

void live_view(const struct live *l, struct dashboard_view *view,
               const char *speed)
{
	const struct live_script *s = l->script;

	*view = (struct dashboard_view){
	    .sim = l->sim,
	    .log = l->log,
	    .seed = l->config.seed,
	    .selected = l->selected,
	    .running = l->running,
	    .lagging = l->lagging,
	    .help_open = l->help_open,
	    .big = l->big,
	    .speed = speed,
	    .flash = l->flash,
	    .replay = l->replay,
	    .restart_mode = l->restart_mode,
	    .help_scroll = l->help_scroll,
	    .reads = l->reads,
	    .narration = {.text = narrate_text(l->narrate),
	                  .node = narrate_node(l->narrate),
	                  .other = narrate_other(l->narrate),
	                  .slots = narrate_slots(l->narrate)},
	    .narrating = l->narrating,
	    .title = l->title,
	    .key_caption = l->key_caption,
	};
	if (s != NULL) {
		/* Before its first caption, the scenario's title. */
		view->caption = s->caption[0] != '\0'        ? s->caption
		                : player_at_start(s->player) ? l->title
		                                             : NULL;
		view->script_waiting = player_waiting(s->player);
		view->script_ended = player_ended(s->player);
		view->script_where = player_where(s->player);
	}
}
