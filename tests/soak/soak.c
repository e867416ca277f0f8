/*
 * The soak: tests/test_faults.c's randomized fault schedule, generalized to
 * every command, run over thousands of seeds and every strategy with every
 * invariant checked as the world runs. It must end with zero violations and
 * flat memory; a failure prints the one command line that replays it.
 *
 *   gcounter_soak                         seeds 1..10000, every strategy
 *   gcounter_soak --seeds 50              a smoke run
 *   gcounter_soak --seed 1234 --strategy gossip [--verbose]   one case
 */
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "hostile.h"
#include "script/value.h"
#include "sim/latency.h"
#include "sim/rng.h"
#include "sim/sim.h"
#include "script/settings.h"
#include "sim/strategy.h"

/* The schedule's own random stream, apart from the world's (which is seeded
 * with the same seed). "soak" in ASCII. */
#define SCHEDULE_STREAM 0x736f616bULL

/* Commands in one case's fault schedule, and the longest quiet gap after
 * each: about 1,450 events a case, 100 million over the default run. */
#define SCHEDULE_STEPS  33
#define STEP_GAP_MAX_US 300000

/* sim_check_invariants (O(nodes^2)) runs this often, in events, besides
 * after every command and at the end. At most 12 workers make it cheap
 * enough to run after every single event. */
#define CHECK_EVERY_EVENTS 1

/* How long, in virtual time, a healed cluster may take to converge. */
#define SETTLE_LIMIT_US (300ULL * 1000000)
/* How long on-change is watched doing nothing once nothing is in flight. */
#define ON_CHANGE_QUIET_US (60ULL * 1000000)

/* Failures printed in full; later ones are only counted. */
#define FAILURES_SHOWN 20

#define DEFAULT_FIRST_SEED 1
#define DEFAULT_SEEDS      10000
/* Memory is reported after this many seeds, and again at the end. */
#define MEMORY_SAMPLE_SEEDS 1000
/* Resident memory may grow this much (and 10%) before it counts as a leak. */
#define MEMORY_SLACK_MIB 2.0

struct soak_options {
	uint64_t first_seed;
	uint64_t seeds;
	const struct strategy *only; /* NULL: every strategy */
	bool verbose;                /* print each command as applied */
	const char *program;         /* argv[0], for replay lines */
};

/* One case's outcome: a seed run under one strategy. */
struct case_result {
	uint64_t events;
	uint64_t settle_us; /* virtual time from the heal to convergence */
	bool stayed_behind; /* on-change: lost something, so needed repair */
	bool failed;
	char failure[512];
};

/* What the observer sees go wrong mid-event (it cannot return an error). */
struct watch {
	bool failed;
	char failure[256];
};

struct strategy_totals {
	uint64_t cases, events, failures, settle_max_us, stayed_behind;
	double settle_sum_us;
};

/* --- failing loudly, with the replay line ------------------------------ */

/* The line that replays the running case, ready for a signal handler, which
 * may only write(2): a crash in the engine still says how to replay it. */
static char replay_line[256];

static void on_fatal_signal(int signal_number)
{
	ssize_t ignored =
	    write(STDERR_FILENO, replay_line, strlen(replay_line));

	(void)ignored;
	raise(signal_number); /* the default action, reset by SA_RESETHAND */
}

static void install_crash_handlers(void)
{
	static const int fatal_signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE,
	                                    SIGILL};
	struct sigaction action;

	memset(&action, 0, sizeof action);
	action.sa_handler = on_fatal_signal;
	action.sa_flags = (int)SA_RESETHAND;
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals;
	     i++)
		sigaction(fatal_signals[i], &action, NULL);
}

static void set_replay_line(const struct soak_options *options,
                            const struct strategy *strategy, uint64_t seed)
{
	snprintf(replay_line, sizeof replay_line,
	         "soak: crashed in seed %" PRIu64 " strategy %s; replay: %s "
	         "--seed %" PRIu64 " --strategy %s --verbose\n",
	         seed, strategy->name, options->program, seed, strategy->name);
}

static void fail_case(struct case_result *result, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps the first failure of a case: later ones are usually its echo. */
static void fail_case(struct case_result *result, const char *fmt, ...)
{
	va_list ap;

	if (result->failed)
		return;
	result->failed = true;
	va_start(ap, fmt);
	vsnprintf(result->failure, sizeof result->failure, fmt, ap);
	va_end(ap);
}

/* --- checks ------------------------------------------------------------ */

/*
 * Per record: a delivery merges by element-wise max (the CRDT's join) and
 * counts the slots that grew; a read never sees more than was counted.
 */
static void observe(void *ctx, const struct sim *sim,
                    const struct sim_record *record)
{
	struct watch *watch = ctx;

	if (watch->failed)
		return;
	if (record->kind == REC_DELIVER && record->before != NULL &&
	    record->after != NULL && record->payload != NULL) {
		size_t grew = 0;

		for (size_t s = 0; s < record->after->n; s++) {
			uint64_t before = record->before->slots[s];
			uint64_t sent = record->payload->slots[s];
			uint64_t join = before > sent ? before : sent;

			grew += sent > before;
			if (record->after->slots[s] != join) {
				watch->failed = true;
				snprintf(watch->failure, sizeof watch->failure,
				         "t=%" PRIu64 "us: n%" PRIu32
				         " slot %zu after a merge is %" PRIu64
				         ", not max(%" PRIu64 ", %" PRIu64 ")",
				         record->time_us, record->node + 1,
				         s + 1, record->after->slots[s], before,
				         sent);
				return;
			}
		}
		if (grew != record->changed) {
			watch->failed = true;
			snprintf(watch->failure, sizeof watch->failure,
			         "t=%" PRIu64 "us: a merge into n%" PRIu32
			         " grew %zu slots but reports %zu",
			         record->time_us, record->node + 1, grew,
			         record->changed);
		}
	} else if (record->kind == REC_READ &&
	           record->amount > sim_join_value(sim)) {
		watch->failed = true;
		snprintf(watch->failure, sizeof watch->failure,
		         "t=%" PRIu64 "us: n%" PRIu32 " read %" PRIu64
		         ", more than the join %" PRIu64,
		         record->time_us, record->node + 1, record->amount,
		         sim_join_value(sim));
	}
}

/*
 * Everything that must hold at any moment: the engine's own invariants
 * (no slot above the truth, bookkeeping equal to a recount), every message
 * accounted for, and what the observer saw.
 */
static void check_world(const struct sim *sim, const struct watch *watch,
                        struct case_result *result)
{
	struct sim_stats stats;
	char err[256];

	if (sim_check_invariants(sim, err, sizeof err) != 0)
		fail_case(result, "t=%" PRIu64 "us: invariant: %s",
		          sim_now(sim), err);
	if (watch->failed)
		fail_case(result, "%s", watch->failure);
	/* Each copy put on the wire is delivered, lost on arrival or still
	 * on its way; each send is a copy or a drop. */
	sim_stats(sim, &stats);
	if (stats.sent + stats.duplicated !=
	    stats.delivered + stats.dropped + stats.lost + sim_in_flight(sim))
		fail_case(result,
		          "t=%" PRIu64 "us: messages unaccounted for: %" PRIu64
		          " sent + %" PRIu64 " duplicated != %" PRIu64
		          " delivered + %" PRIu64 " dropped + %" PRIu64
		          " lost + %zu in flight",
		          sim_now(sim), stats.sent, stats.duplicated,
		          stats.delivered, stats.dropped, stats.lost,
		          sim_in_flight(sim));
	if (sim_join_value(sim) > sim_truth_total(sim))
		fail_case(result,
		          "t=%" PRIu64 "us: the join %" PRIu64
		          " counts more than the %" PRIu64 " increments made",
		          sim_now(sim), sim_join_value(sim),
		          sim_truth_total(sim));
}

/* Runs every event due by t, checking the world every few events. */
static void run_checked_until(struct sim *sim, uint64_t t_us,
                              const struct watch *watch,
                              struct case_result *result)
{
	uint64_t next, steps = 0;

	while (!result->failed && sim_next_event_time(sim, &next) &&
	       next <= t_us) {
		sim_step(sim);
		if (++steps % CHECK_EVERY_EVENTS == 0)
			check_world(sim, watch, result);
	}
	sim_run_until(sim, t_us); /* moves the clock; nothing is left due */
	check_world(sim, watch, result);
}

/* check_world as a hostile_check_fn, for hostile_settle: it stops at the
 * case's first failure. */
struct soak_check {
	const struct watch *watch;
	struct case_result *result;
};

static int check_while_settling(void *ctx, const struct sim *sim, char *err,
                                size_t errlen)
{
	struct soak_check *check = ctx;

	check_world(sim, check->watch, check->result);
	if (!check->result->failed)
		return 0;
	snprintf(err, errlen, "%s", check->result->failure);
	return -1;
}

/* Steps until no message is in flight (on-change sends nothing else). */
static void drain(struct sim *sim, uint64_t limit_us, const struct watch *watch,
                  struct case_result *result)
{
	uint64_t steps = 0;

	while (!result->failed && sim_in_flight(sim) > 0 &&
	       sim_now(sim) < limit_us && sim_step(sim))
		if (++steps % CHECK_EVERY_EVENTS == 0)
			check_world(sim, watch, result);
	check_world(sim, watch, result);
}

/* --- the schedule ------------------------------------------------------ */

static struct latency_model random_latency(struct rng *rng)
{
	switch (rng_below(rng, 3)) {
	case 0:
		return latency_constant(1000 + rng_below(rng, 100000));
	case 1: {
		uint64_t low = rng_below(rng, 100000);

		return latency_uniform(low, low + rng_below(rng, 150001));
	}
	default:
		return latency_exponential(1000 + rng_below(rng, 50000));
	}
}

/* A mode that repairs what the network does (plain op does not, and the
 * soak promises convergence) and that the strategy can carry. On-change
 * stays in state mode, where its documented repair (one increment sends
 * the whole vector) is what settle_on_change checks. */
static uint32_t random_mode(struct rng *rng, const struct strategy *strategy)
{
	static const enum sim_mode modes[] = {MODE_STATE, MODE_DELTA,
	                                      MODE_OP_RELIABLE};
	enum sim_mode mode = modes[rng_below(rng, 3)];

	if (strategy == &strategy_on_change)
		return MODE_STATE;
	return sim_mode_fits_strategy(mode, strategy) ? mode : MODE_DELTA;
}

/* A world of 2 to 12 workers with every knob somewhere in its range (c
 * holds the defaults, the strategy and the seed). */
static void random_config(struct rng *rng, struct sim_config *c)
{
	static const enum sim_reader readers[] = {READER_NONE, READER_RANDOM,
	                                          READER_STICKY};

	c->nodes = 2 + (uint32_t)rng_below(rng, 11);
	c->rate = (double)(5 + rng_below(rng, 96));
	c->latency = random_latency(rng);
	c->gossip_min_us = 50000 + rng_below(rng, 250001);
	c->gossip_max_us = c->gossip_min_us + rng_below(rng, 200001);
	c->drop = rng_unit(rng) * 0.3;
	c->duplicate = rng_unit(rng) * 0.3;
	c->fanout = 1 + (uint32_t)rng_below(rng, 3);
	c->hybrid_changes = 1 + (uint32_t)rng_below(rng, 5);
	c->reader = readers[rng_below(rng, 3)];
	c->read_rate = (double)(1 + rng_below(rng, 20));
	c->mode = (enum sim_mode)random_mode(rng, c->strategy);
}

/*
 * One random command that is valid in the world as it is: faults come and
 * go, settings change, nodes increment and gossip. Restarts are durable:
 * amnesia is the documented way to lose increments, so no convergence to
 * the truth is promised after it (test_faults.c shows that lesson).
 */
static struct command random_command(struct rng *rng, const struct sim *sim)
{
	uint32_t nodes = sim_node_count(sim);
	uint32_t node = (uint32_t)rng_below(rng, nodes);
	struct command cmd = {.node = node};

	switch (rng_below(rng, 15)) {
	case 0:
		cmd.kind = CMD_PARTITION;
		cmd.mode = 1 + (uint32_t)rng_below(rng, 3);
		break;
	case 1:
		cmd.kind = CMD_HEAL;
		break;
	case 2:
		cmd.kind = sim_node_down(sim, node) ? CMD_RESTART : CMD_CRASH;
		cmd.mode = RESTART_DURABLE;
		break;
	case 3:
		cmd.node = SIM_RELAY;
		cmd.kind = sim_relay_down(sim) ? CMD_RESTART : CMD_CRASH;
		break;
	case 4:
		cmd.kind = CMD_SET_DROP;
		cmd.probability = rng_unit(rng) * 0.5;
		break;
	case 5:
		cmd.kind = CMD_SET_DUPLICATE;
		cmd.probability = rng_unit(rng) * 0.3;
		break;
	case 6:
		cmd.kind = CMD_SET_LATENCY;
		cmd.latency = random_latency(rng);
		break;
	case 7:
		cmd.kind = CMD_SET_GOSSIP;
		cmd.min_us = 50000 + rng_below(rng, 250001);
		cmd.max_us = cmd.min_us + rng_below(rng, 200001);
		break;
	case 8:
		cmd.kind = CMD_SET_RATE;
		cmd.rate = (double)rng_below(rng, 101);
		break;
	case 9:
		cmd.kind = CMD_GOSSIP_NOW;
		break;
	case 10:
		cmd.kind = CMD_SET_MODE;
		cmd.mode = random_mode(rng, sim_config(sim)->strategy);
		break;
	default:
		cmd.kind = CMD_INCREMENT;
		cmd.amount = 1 + rng_below(rng, 3);
		break;
	}
	/* A down node can neither act nor be acted for: bring it back. */
	if ((cmd.kind == CMD_INCREMENT || cmd.kind == CMD_GOSSIP_NOW) &&
	    sim_node_down(sim, node))
		cmd = (struct command){.kind = CMD_RESTART, .node = node};
	return cmd;
}

/* "t=1.5s crash n3": the schedule as --verbose shows it. */
static void print_command(const struct sim *sim, const struct command *cmd)
{
	char when[32], node[16], what[64] = "";

	duration_format(sim_now(sim), when, sizeof when);
	sim_node_name(cmd->node, node, sizeof node);
	switch (cmd->kind) {
	case CMD_INCREMENT:
		snprintf(what, sizeof what, "%s by %" PRIu64, node,
		         cmd->amount);
		break;
	case CMD_PARTITION:
		snprintf(what, sizeof what, "%s mode %" PRIu32, node,
		         cmd->mode);
		break;
	case CMD_GOSSIP_NOW:
	case CMD_CRASH:
	case CMD_RESTART:
		snprintf(what, sizeof what, "%s", node);
		break;
	case CMD_SET_LATENCY:
		latency_format(&cmd->latency, what, sizeof what);
		break;
	case CMD_SET_GOSSIP: {
		char low[32], high[32];

		duration_format(cmd->min_us, low, sizeof low);
		duration_format(cmd->max_us, high, sizeof high);
		snprintf(what, sizeof what, "%s-%s", low, high);
		break;
	}
	case CMD_SET_RATE:
		snprintf(what, sizeof what, "%g", cmd->rate);
		break;
	case CMD_SET_DROP:
	case CMD_SET_DUPLICATE:
		snprintf(what, sizeof what, "%g", cmd->probability);
		break;
	default:
		break;
	}
	printf("  t=%-10s %s %s\n", when, sim_command_name(cmd->kind), what);
}

static void apply(struct sim *sim, const struct command *cmd, bool verbose,
                  struct case_result *result)
{
	char err[256];

	if (verbose)
		print_command(sim, cmd);
	if (sim_apply(sim, cmd, err, sizeof err) != 0)
		fail_case(result, "t=%" PRIu64 "us: %s refused: %s",
		          sim_now(sim), sim_command_name(cmd->kind), err);
}

/* --verbose shows the commands that end the faults, as it shows the rest. */
static void print_if_verbose(void *ctx, const struct sim *sim,
                             const struct command *cmd)
{
	if (*(const bool *)ctx)
		print_command(sim, cmd);
}

/*
 * on-change never resends: a lost message stays lost until the sender's
 * next increment (strategy-broadcast.c, test_faults.c). Rather than spare
 * it the faults, it gets the same schedule as the others, and the soak
 * asserts that documented behaviour instead of convergence on its own
 * (the time spent watching it stay quiet is not counted as settling):
 *  1. once nothing is in flight, nothing changes any more, however long we
 *     wait (it sends nothing unprompted);
 *  2. if no message was lost and no worker crashed, it did converge;
 *  3. one increment on every worker, over a network that no longer drops,
 *     repairs everything: each sends its whole vector to all.
 */
static uint64_t settle_on_change(struct sim *sim, uint64_t limit_us,
                                 bool crashed, bool verbose,
                                 const struct watch *watch,
                                 struct case_result *result)
{
	struct sim_stats before, after;
	uint64_t behind;
	struct command no_drops = {.kind = CMD_SET_DROP, .probability = 0};

	drain(sim, limit_us, watch, result);
	if (sim_in_flight(sim) > 0)
		fail_case(result,
		          "on-change: messages still in flight at %" PRIu64
		          "us",
		          sim_now(sim));
	behind = sim_cells_behind(sim);
	sim_stats(sim, &before);
	run_checked_until(sim, sim_now(sim) + ON_CHANGE_QUIET_US, watch,
	                  result);
	sim_stats(sim, &after);
	if (after.sent != before.sent || sim_cells_behind(sim) != behind)
		fail_case(result,
		          "on-change sent %" PRIu64 " messages unprompted "
		          "(cells behind %" PRIu64 " -> %" PRIu64 ")",
		          after.sent - before.sent, behind,
		          sim_cells_behind(sim));
	if (!crashed && after.dropped == 0 && after.lost == 0 &&
	    !sim_converged(sim))
		fail_case(result,
		          "on-change lost nothing yet did not converge");
	result->stayed_behind = !sim_converged(sim);

	apply(sim, &no_drops, verbose, result);
	for (uint32_t i = 0; i < sim_node_count(sim); i++) {
		struct command inc = {
		    .kind = CMD_INCREMENT, .node = i, .amount = 1};

		apply(sim, &inc, verbose, result);
	}
	drain(sim, sim_now(sim) + limit_us, watch, result);
	return ON_CHANGE_QUIET_US;
}

/* One seed under one strategy: the fault schedule, the heal, the checks. */
static void run_case(const struct strategy *strategy, uint64_t seed,
                     bool verbose, struct case_result *result)
{
	const struct hostile_world world = {.strategy = strategy,
	                                    .stream = SCHEDULE_STREAM,
	                                    .draw = random_config};
	struct rng rng;
	struct watch watch = {0};
	struct soak_check check = {.watch = &watch, .result = result};
	const struct hostile_settle settle = {.limit_us = SETTLE_LIMIT_US,
	                                      .check_every = CHECK_EVERY_EVENTS,
	                                      .check = check_while_settling,
	                                      .ctx = &check};
	const struct sim_config *config;
	struct sim *sim;
	char err[256];
	bool crashed = false;
	uint64_t healed_at, not_settling_us = 0;

	memset(result, 0, sizeof *result);
	sim = hostile_new(&world, seed, &rng, err, sizeof err);
	if (sim == NULL) {
		fail_case(result, "sim_new refused the config: %s", err);
		return;
	}
	config = sim_config(sim);
	sim_set_observer(sim, observe, &watch);
	if (verbose)
		printf("  %" PRIu32 " nodes, rate %.0f/s, drop %.3f, "
		       "duplicate %.3f, fanout %" PRIu32 "\n",
		       config->nodes, config->rate, config->drop,
		       config->duplicate, config->fanout);

	for (int step = 0; step < SCHEDULE_STEPS && !result->failed; step++) {
		struct command cmd = random_command(&rng, sim);

		crashed |= cmd.kind == CMD_CRASH && cmd.node != SIM_RELAY;
		apply(sim, &cmd, verbose, result);
		check_world(sim, &watch, result);
		run_checked_until(
		    sim, sim_now(sim) + rng_below(&rng, STEP_GAP_MAX_US + 1),
		    &watch, result);
	}

	if (hostile_end_faults(sim, print_if_verbose, &verbose, err,
	                       sizeof err) != 0)
		fail_case(result, "%s", err);
	healed_at = sim_now(sim);
	if (strategy == &strategy_on_change)
		not_settling_us =
		    settle_on_change(sim, healed_at + SETTLE_LIMIT_US, crashed,
		                     verbose, &watch, result);
	else if (!result->failed)
		hostile_settle(sim, &settle, err, sizeof err);
	if (!result->failed && hostile_check_truth(sim, err, sizeof err) != 0)
		fail_case(result, "after the heal at t=%" PRIu64 "us: %s",
		          healed_at, err);
	result->settle_us = sim_now(sim) - healed_at - not_settling_us;
	result->events = sim_events_run(sim);
	if (verbose)
		printf("  %" PRIu64 " events, %s at t=%" PRIu64 "us\n",
		       result->events,
		       sim_converged(sim) ? "converged" : "NOT converged",
		       sim_now(sim));
	sim_set_observer(sim, NULL, NULL);
	sim_free(sim);
}

/* --- memory and time --------------------------------------------------- */

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct memory {
	double rss_mib;    /* resident now, /proc/self/statm */
	double peak_mib;   /* high-water mark, getrusage ru_maxrss */
	double vm_hwm_mib; /* the same mark, /proc/self/status VmHWM */
};

static void measure_memory(struct memory *m)
{
	struct rusage usage;
	unsigned long size_pages = 0, resident_pages = 0;
	char line[256];
	FILE *file;

	memset(m, 0, sizeof *m);
	file = fopen("/proc/self/statm", "r");
	if (file != NULL) {
		if (fscanf(file, "%lu %lu", &size_pages, &resident_pages) == 2)
			m->rss_mib = (double)resident_pages *
			             (double)sysconf(_SC_PAGESIZE) / 1048576.0;
		fclose(file);
	}
	if (getrusage(RUSAGE_SELF, &usage) == 0)
		m->peak_mib = (double)usage.ru_maxrss / 1024.0; /* KiB */
	file = fopen("/proc/self/status", "r");
	if (file != NULL) {
		unsigned long kib;

		while (fgets(line, sizeof line, file) != NULL)
			if (sscanf(line, "VmHWM: %lu kB", &kib) == 1)
				m->vm_hwm_mib = (double)kib / 1024.0;
		fclose(file);
	}
}

static void print_memory(const char *when, const struct memory *m)
{
	printf("memory %s: rss %.1f MiB now, peak %.1f MiB (ru_maxrss), "
	       "VmHWM %.1f MiB\n",
	       when, m->rss_mib, m->peak_mib, m->vm_hwm_mib);
}

/*
 * Every case frees what it made, so after the first thousand seeds (the
 * allocator has its working set by then) the resident set stays put; some
 * slack is allowed for the allocator's own bookkeeping.
 */
static bool memory_is_flat(const struct memory *first,
                           const struct memory *last, uint64_t seeds)
{
	if (seeds < 2 * MEMORY_SAMPLE_SEEDS)
		return true; /* too short a run to tell */
	return last->rss_mib <= first->rss_mib * 1.10 + MEMORY_SLACK_MIB;
}

/* --- the command line -------------------------------------------------- */

static void usage(FILE *out, const char *program)
{
	fprintf(out,
	        "Usage: %s [--seeds N] [--first-seed S] [--seed S] "
	        "[--strategy NAME] [--verbose]\n"
	        "Runs a randomized fault schedule per seed and strategy and "
	        "checks every invariant.\n"
	        "  --seeds N        how many seeds (default %d)\n"
	        "  --first-seed S   the first seed (default %d)\n"
	        "  --seed S         exactly one seed: replays a failure\n"
	        "  --strategy NAME  only this strategy (default: all)\n"
	        "  --verbose        print each command as it is applied\n",
	        program, DEFAULT_SEEDS, DEFAULT_FIRST_SEED);
}

static int parse_options(int argc, char **argv, struct soak_options *options)
{
	char err[VALUE_ERR_MAX];

	*options = (struct soak_options){.first_seed = DEFAULT_FIRST_SEED,
	                                 .seeds = DEFAULT_SEEDS,
	                                 .program = argv[0]};
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		int rc = 0;

		if (strcmp(arg, "--verbose") == 0) {
			options->verbose = true;
			continue;
		}
		if (strcmp(arg, "--help") == 0) {
			usage(stdout, argv[0]);
			exit(0);
		}
		if (value == NULL) {
			fprintf(stderr, "soak: %s: missing value\n", arg);
			return -1;
		}
		i++;
		if (strcmp(arg, "--seeds") == 0) {
			rc = value_parse_uint(value, 1, UINT64_MAX,
			                      &options->seeds, err, sizeof err);
		} else if (strcmp(arg, "--first-seed") == 0) {
			rc = value_parse_uint(value, 0, UINT64_MAX,
			                      &options->first_seed, err,
			                      sizeof err);
		} else if (strcmp(arg, "--seed") == 0) {
			rc = value_parse_uint(value, 0, UINT64_MAX,
			                      &options->first_seed, err,
			                      sizeof err);
			options->seeds = 1;
		} else if (strcmp(arg, "--strategy") == 0) {
			options->only = strategy_find(value);
			if (options->only == NULL) {
				snprintf(err, sizeof err,
				         "unknown strategy '%.40s'", value);
				rc = -1;
			}
		} else {
			usage(stderr, argv[0]);
			return -1;
		}
		if (rc != 0) {
			fprintf(stderr, "soak: %s: %s\n", arg, err);
			return -1;
		}
	}
	if (options->seeds - 1 > UINT64_MAX - options->first_seed) {
		fprintf(stderr, "soak: the seeds run past 2^64-1\n");
		return -1;
	}
	return 0;
}

/* --- the run ----------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct soak_options options;
	size_t strategy_count;
	const struct strategy *const *all = strategy_all(&strategy_count);
	struct strategy_totals *totals;
	struct memory first_memory = {0}, last_memory;
	char when[64];
	uint64_t events = 0, cases = 0, failures = 0, first_sample;
	double start;

	if (parse_options(argc, argv, &options) != 0)
		return 2;
	totals = calloc(strategy_count, sizeof *totals);
	if (totals == NULL)
		return 1;
	install_crash_handlers();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("soak: seeds %" PRIu64 "..%" PRIu64 " x %s, %d commands a "
	       "case, invariants checked every %d event%s\n",
	       options.first_seed, options.first_seed + options.seeds - 1,
	       options.only ? options.only->name : "every strategy",
	       SCHEDULE_STEPS, CHECK_EVERY_EVENTS,
	       CHECK_EVERY_EVENTS == 1 ? "" : "s");
	first_sample = options.seeds < MEMORY_SAMPLE_SEEDS
	                   ? options.seeds
	                   : MEMORY_SAMPLE_SEEDS;
	start = seconds_now();

	for (uint64_t i = 0; i < options.seeds; i++) {
		uint64_t seed = options.first_seed + i;

		for (size_t s = 0; s < strategy_count; s++) {
			struct case_result result;

			if (options.only != NULL && all[s] != options.only)
				continue;
			set_replay_line(&options, all[s], seed);
			if (options.verbose)
				printf("seed %" PRIu64 " strategy %s\n", seed,
				       all[s]->name);
			run_case(all[s], seed, options.verbose, &result);
			cases++;
			events += result.events;
			totals[s].cases++;
			totals[s].events += result.events;
			totals[s].settle_sum_us += (double)result.settle_us;
			if (result.settle_us > totals[s].settle_max_us)
				totals[s].settle_max_us = result.settle_us;
			totals[s].stayed_behind += result.stayed_behind;
			if (!result.failed)
				continue;
			totals[s].failures++;
			if (++failures <= FAILURES_SHOWN)
				printf("FAIL seed %" PRIu64 " strategy %s: %s\n"
				       "  replay: %s --seed %" PRIu64
				       " --strategy %s --verbose\n",
				       seed, all[s]->name, result.failure,
				       options.program, seed, all[s]->name);
		}
		if (i + 1 == first_sample)
			measure_memory(&first_memory);
		if ((i + 1) % MEMORY_SAMPLE_SEEDS == 0 ||
		    i + 1 == options.seeds) {
			struct memory now;

			measure_memory(&now);
			printf("  %6" PRIu64 " seeds  %12" PRIu64
			       " events  %7.1fs  rss %.1f MiB  peak %.1f MiB"
			       "  %" PRIu64 " failures\n",
			       i + 1, events, seconds_now() - start,
			       now.rss_mib, now.peak_mib, failures);
		}
	}

	measure_memory(&last_memory);
	printf("\n%-10s %8s %14s %9s %14s %14s\n", "strategy", "cases",
	       "events", "failures", "settle mean", "settle max");
	for (size_t s = 0; s < strategy_count; s++) {
		if (totals[s].cases == 0)
			continue;
		printf("%-10s %8" PRIu64 " %14" PRIu64 " %9" PRIu64
		       " %12.0fms %12.0fms\n",
		       all[s]->name, totals[s].cases, totals[s].events,
		       totals[s].failures,
		       totals[s].settle_sum_us / (double)totals[s].cases / 1e3,
		       (double)totals[s].settle_max_us / 1e3);
		if (all[s] == &strategy_on_change)
			printf("%-10s %" PRIu64 " cases stayed behind after a "
			       "loss until the next increments repaired them\n",
			       "", totals[s].stayed_behind);
	}
	printf("\nsoak: %" PRIu64 " seeds, %" PRIu64 " cases, %" PRIu64
	       " events, %" PRIu64 " violations, %.1fs elapsed\n",
	       options.seeds, cases, events, failures, seconds_now() - start);
	snprintf(when, sizeof when, "after the first %" PRIu64 " seeds",
	         first_sample);
	print_memory(when, &first_memory);
	print_memory("at the end", &last_memory);
	if (!memory_is_flat(&first_memory, &last_memory, options.seeds)) {
		printf("soak: memory grew from %.1f to %.1f MiB resident: a "
		       "leak?\n",
		       first_memory.rss_mib, last_memory.rss_mib);
		failures++;
	}
	free(totals);
	return failures == 0 ? 0 : 1;
}
