/*
 * The live world: built from the options (or a scenario), observed for the
 * event log and the reader's row, and moved on in virtual time by the
 * driver. Everything that changes it goes through sim_apply, so that a
 * saved log replays the session exactly.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/live-internal.h"
#include "sim/strategy.h"

/* Every record goes to the event log; reads also feed the reader's row. */
static void observe(void *ctx, const struct sim *sim,
                    const struct sim_record *r)
{
	struct live *l = ctx;

	eventlog_observe(l->log, sim, r);
	if (r->kind == REC_READ) {
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

	len = (size_t)snprintf(l->replay, sizeof l->replay,
	                       "gcounter --seed %" PRIu64, c->seed);
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
	if (options_apply_initial(l->opts, l->sim, err, errlen) != 0) {
		sim_free(l->sim);
		l->sim = NULL;
		return -1;
	}
	return 0;
}

int live_world_open(struct live *l, char *err, size_t errlen)
{
	l->config = l->opts->sim;
	l->restart_mode = l->opts->restart_mode;
	l->log = eventlog_new(l->config.nodes, LIVE_LOG_LINES, l->utf8);
	if (build(l, err, errlen) != 0) {
		eventlog_free(l->log);
		l->log = NULL;
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
	l->sim = NULL;
	l->log = NULL;
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
	eventlog_note(l->log, sim_now(l->sim),
	              "restarted: a fresh world, same seed %" PRIu64,
	              l->config.seed);
	greet(l);
	return 0;
}

bool live_world_advance(struct live *l, uint64_t target_us,
                        uint64_t deadline_ns)
{
	uint64_t next;
	unsigned steps = 0;

	while (sim_next_event_time(l->sim, &next) && next <= target_us) {
		sim_step(l->sim);
		if (deadline_ns != 0 && (++steps & 63) == 0 &&
		    live_clock_ns() > deadline_ns)
			return false;
	}
	sim_run_until(l->sim, target_us);
	return true;
}

bool live_world_step(struct live *l)
{
	return sim_step(l->sim);
}

bool live_world_apply(struct live *l, const struct command *cmd)
{
	char err[160];

	if (sim_apply(l->sim, cmd, err, sizeof err) == 0)
		return true;
	live_set_flash(l, "%s", err);
	return false;
}

void live_view(const struct live *l, struct dashboard_view *view,
               const char *speed)
{
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
	    .narration = {.node = UINT32_MAX, .other = UINT32_MAX},
	};
}
