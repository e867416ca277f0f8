/*
 * The engine's figures, each beside its goal (issue #16): the relay at
 * 1024 nodes against an older binary in the same run, the engine against
 * the cheapest program for the same deliveries, the cost of an increment
 * at 100,000/s, worlds of 10,000 nodes; then throughput at several sizes
 * and the strategy, mode and checkpoint tables. Runs that measure memory
 * run in a child process so that its peak is its own.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <inttypes.h>
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "script/settings.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/sim.h"
#include "sim/strategy.h"

struct result {
	uint32_t nodes;
	double virtual_s;
	uint64_t events, deliveries, increments, max_in_flight, mean_pending;
	double engine_s, baseline_s;
	int converged;
	uint64_t values_equal_truth;
};

static double seconds_now(void)
{
	struct timespec ts;

	/* CPU time: what the process did, not what the machine let it. */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The ceiling: `events` heap pops (and as many pushes) on a heap holding
 * `pending` events, and `merges` max-merges of an n-slot vector into the
 * n receivers' vectors in turn: the engine's core work on the same amount
 * of data, with nothing else around it.
 */
static double baseline(uint64_t events, uint64_t merges, uint32_t n,
                       uint64_t pending)
{
	struct sim_queue queue;
	struct sim_event ev;
	struct rng rng;
	uint64_t *cells = calloc((size_t)n * n, sizeof *cells);
	uint64_t *b = calloc(n, sizeof *b);
	uint64_t sink = 0, now = 0;
	double start;

	rng_seed(&rng, 1, 0);
	sim_queue_init(&queue);
	for (uint32_t i = 0; i < n; i++)
		b[i] = rng_below(&rng, 1000);
	for (uint64_t i = 0; i < pending + n; i++)
		sim_queue_push(&queue, rng_below(&rng, 100000), 0, 0, 0);
	start = seconds_now();
	for (uint64_t e = 0; e < events; e++) {
		sim_queue_pop(&queue, &ev);
		now = ev.time_us;
		sim_queue_push(&queue, now + 1 + rng_below(&rng, 100000), 0, 0,
		               0);
		if (e < merges) {
			uint64_t *a = &cells[(e % n) * n];

			b[e % n]++;
			for (uint32_t i = 0; i < n; i++)
				a[i] = a[i] > b[i] ? a[i] : b[i];
			sink += a[e % n];
		}
	}
	start = seconds_now() - start;
	if (sink == 42)
		puts(""); /* keep the merges from being optimised away */
	sim_queue_free(&queue);
	free(cells);
	free(b);
	return start;
}

/* One timed engine run of the bench world; fills everything but the
 * ceiling. */
static void engine_run(uint32_t nodes, double workload_s, struct result *r)
{
	struct sim_config c;
	struct sim_stats stats;
	char err[128];
	struct sim *sim;
	uint64_t deadline, samples = 0;
	double start, pending_sum = 0;

	sim_config_defaults(&c);
	c.nodes = nodes;
	c.seed = 1;
	c.rate = 100;
	c.duration_us = (uint64_t)(workload_s * 1e6);
	sim = sim_new(&c, err, sizeof err);
	if (sim == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	deadline = c.duration_us + 60000000;
	/* Sample how many messages are pending as it runs, so the ceiling's
	 * heap can be as large as the engine's. */
	start = seconds_now();
	while (sim_now(sim) < c.duration_us) {
		sim_run_until(sim, sim_now(sim) + 10000);
		pending_sum += (double)sim_in_flight(sim);
		samples++;
	}
	while (!sim_converged(sim) && sim_now(sim) < deadline && sim_step(sim))
		;
	r->engine_s = seconds_now() - start;
	r->mean_pending = (uint64_t)(pending_sum / (double)samples);
	sim_stats(sim, &stats);
	r->nodes = nodes;
	r->virtual_s = (double)sim_now(sim) / 1e6;
	r->events = stats.events;
	r->deliveries = stats.delivered;
	r->increments = sim_truth_total(sim);
	r->max_in_flight = stats.max_in_flight;
	r->converged = sim_converged(sim);
	r->values_equal_truth = 0;
	for (uint32_t i = 0; i < nodes; i++)
		r->values_equal_truth +=
		    sim_node_value(sim, i) == sim_truth_total(sim);
	sim_free(sim);
}

/*
 * The engine and the ceiling, each timed `runs` times in CPU time, best
 * of each kept: on a shared machine the minimum is the least disturbed.
 */
static void run_size(uint32_t nodes, double workload_s, int runs,
                     struct result *r)
{
	double best_engine = 0, best_ceiling = 0;

	for (int run = 0; run < runs; run++) {
		engine_run(nodes, workload_s, r);
		if (run == 0 || r->engine_s < best_engine)
			best_engine = r->engine_s;
		r->baseline_s =
		    baseline(r->events, r->deliveries, nodes, r->mean_pending);
		if (run == 0 || r->baseline_s < best_ceiling)
			best_ceiling = r->baseline_s;
	}
	r->engine_s = best_engine;
	r->baseline_s = best_ceiling;
}

/* --- gossip: rounds to spread one increment ------------------------------ */

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Rounds until one increment reaches every node. Every timer has the same
 * fixed period and starts together, and messages take 1ms, so the
 * asynchronous engine runs in the synchronous rounds the theory counts.
 */
static uint64_t rounds_to_spread(const struct strategy *strategy,
                                 uint32_t nodes, uint64_t seed)
{
	const uint64_t period = 200000;
	struct sim_config c;
	struct command inc = {.kind = CMD_INCREMENT, .node = 0, .amount = 1};
	char err[128];
	struct sim *sim;
	uint64_t rounds;

	sim_config_defaults(&c);
	c.strategy = strategy;
	c.nodes = nodes;
	c.seed = seed;
	c.fanout = 1;
	c.gossip_min_us = c.gossip_max_us = period;
	c.latency = latency_constant(1000);
	sim = sim_new(&c, err, sizeof err);
	sim_apply(sim, &inc, err, sizeof err);
	while (!sim_converged(sim) && sim_step(sim))
		;
	rounds = (sim_converged_at(sim) + period - 1) / period;
	sim_free(sim);
	return rounds;
}

static void gossip_rounds(void)
{
	static const uint32_t sizes[] = {16, 64, 256, 1024};
	const struct strategy *strategies[] = {&strategy_gossip,
	                                       &strategy_push_pull};
	enum { SEEDS = 100 };

	printf("\none increment spreading by gossip, fanout 1, 200ms rounds, "
	       "%d seeds per row\n",
	       SEEDS);
	printf("%6s %10s %7s %7s %7s %10s %9s %s\n", "nodes", "strategy", "p50",
	       "p99", "max", "log2N+lnN", "2x bound", "p99 within");
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		double theory = log2(sizes[i]) + log(sizes[i]);

		for (size_t s = 0; s < 2; s++) {
			uint64_t rounds[SEEDS];

			for (uint64_t seed = 0; seed < SEEDS; seed++)
				rounds[seed] = rounds_to_spread(
				    strategies[s], sizes[i], seed + 1);
			qsort(rounds, SEEDS, sizeof rounds[0], compare_u64);
			printf(
			    "%6u %10s %7" PRIu64 " %7" PRIu64 " %7" PRIu64
			    " %10.1f %9.1f %s\n",
			    sizes[i], strategies[s]->name,
			    rounds[SEEDS / 2 - 1], rounds[SEEDS * 99 / 100 - 1],
			    rounds[SEEDS - 1], theory, 2 * theory,
			    (double)rounds[SEEDS * 99 / 100 - 1] <= 2 * theory
			        ? "yes"
			        : "NO");
			fflush(stdout);
		}
	}
}

/* --- every strategy on one workload -------------------------------------- */

static void strategy_table(void)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);

	printf("\nevery strategy: 16 nodes, 100 increments/s for 10s, latency "
	       "20-60ms, seed 1\n");
	printf("%10s %9s %9s %11s %8s %8s %8s %10s\n", "strategy", "messages",
	       "per inc", "bytes", "p50 ms", "p99 ms", "max ms", "converged");
	for (size_t i = 0; i < count; i++) {
		struct sim_config c;
		struct sim_stats stats;
		struct sim_latency latency;
		char err[128];
		struct sim *sim;

		sim_config_defaults(&c);
		c.strategy = all[i];
		c.nodes = 16;
		c.seed = 1;
		c.rate = 100;
		c.duration_us = 10000000;
		sim = sim_new(&c, err, sizeof err);
		sim_run_until(sim, c.duration_us);
		while (!sim_converged(sim) &&
		       sim_now(sim) < c.duration_us + 60000000 && sim_step(sim))
			;
		sim_stats(sim, &stats);
		sim_latency(sim, &latency);
		printf("%10s %9" PRIu64 " %9.1f %11" PRIu64
		       " %8.1f %8.1f %8.1f %10s\n",
		       all[i]->name, stats.sent,
		       (double)stats.sent / (double)stats.increments,
		       stats.bytes_sent, (double)latency.p50_us / 1000,
		       (double)latency.p99_us / 1000,
		       (double)latency.max_us / 1000,
		       sim_converged(sim) ? "yes" : "NO");
		sim_free(sim);
	}
}

/* --- propagation modes: bytes on one workload ------------------------------
 */

/* Sizes of the messages an observer saw sent: whole states, and deltas
 * that carry exactly one slot. */
struct message_sizes {
	uint64_t states, state_bytes, singles, single_bytes;
};

static void measure_sends(void *ctx, const struct sim *sim,
                          const struct sim_record *r)
{
	struct message_sizes *m = ctx;

	(void)sim;
	if (r->kind != REC_SEND)
		return;
	if (r->message->form == PAYLOAD_STATE) {
		m->states++;
		m->state_bytes += r->message->bytes;
	} else if (r->message->form == PAYLOAD_DELTA &&
	           r->message->count == 1) {
		m->singles++;
		m->single_bytes += r->message->bytes;
	}
}

struct mode_run {
	uint64_t bytes, messages, operations, converged_us, mode_state;
	uint32_t off_truth; /* nodes whose value is not the truth */
	int converged;
};

/* The workload: 200 increments at 50/s on random nodes, then quiet until
 * converged (or 60 virtual seconds). */
static void mode_run(const struct strategy *strategy, uint32_t nodes,
                     enum sim_mode mode, double drop, double duplicate,
                     struct message_sizes *sizes, struct mode_run *out)
{
	struct sim_config c;
	struct sim_stats stats;
	char err[160];
	struct sim *sim;

	sim_config_defaults(&c);
	c.strategy = strategy;
	c.nodes = nodes;
	c.seed = 1;
	c.rate = 50;
	c.duration_us = 4000000;
	c.mode = mode;
	c.drop = drop;
	c.duplicate = duplicate;
	sim = sim_new(&c, err, sizeof err);
	if (sim == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	if (sizes != NULL)
		sim_set_observer(sim, measure_sends, sizes);
	sim_run_until(sim, c.duration_us);
	while (!sim_converged(sim) && sim_now(sim) < c.duration_us + 60000000 &&
	       sim_step(sim))
		;
	sim_stats(sim, &stats);
	*out = (struct mode_run){.bytes = stats.bytes_sent,
	                         .messages = stats.sent,
	                         .operations = stats.increments,
	                         .converged = sim_converged(sim),
	                         .converged_us = sim_now(sim)};
	for (uint32_t i = 0; i < nodes; i++) {
		if (sim_mode_state_bytes(sim, i) > out->mode_state)
			out->mode_state = sim_mode_state_bytes(sim, i);
		if (sim_node_signed_value(sim, i) != sim_true_value(sim))
			out->off_truth++;
	}
	sim_free(sim);
}

static void mode_table(const char *title, double drop, double duplicate)
{
	static const uint32_t sizes[] = {4, 16, 64, 256};

	printf("\n%s\n", title);
	printf("%6s %12s %10s %12s %10s %10s %12s %s\n", "nodes", "mode",
	       "messages", "bytes", "bytes/inc", "vs state", "node state",
	       "converged");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		uint64_t state_bytes = 0;

		for (int m = 0; m < MODE_COUNT; m++) {
			struct mode_run r;
			char verdict[64];

			mode_run(&strategy_relay, sizes[k], (enum sim_mode)m,
			         drop, duplicate, NULL, &r);
			if (m == MODE_STATE)
				state_bytes = r.bytes;
			if (r.converged)
				snprintf(verdict, sizeof verdict, "yes, %.2fs",
				         (double)r.converged_us / 1e6);
			else
				snprintf(verdict, sizeof verdict,
				         "NO: %u of %u nodes off the truth",
				         r.off_truth, sizes[k]);
			printf("%6u %12s %10" PRIu64 " %12" PRIu64
			       " %10.1f %9.*f%% %11" PRIu64 "B %s\n",
			       sizes[k], sim_mode_name((enum sim_mode)m),
			       r.messages, r.bytes,
			       (double)r.bytes / (double)r.operations,
			       /* a decimal below 1%, so 0.08% is not "0%" */
			       r.bytes * 100 < state_bytes ? 1 : 0,
			       100.0 * (double)r.bytes / (double)state_bytes,
			       r.mode_state, verdict);
			fflush(stdout);
		}
	}
}

/* One increment between sends: a delta carrying one slot beside a whole
 * state, at each size (interval strategy, the same workload). */
static void delta_size_table(void)
{
	static const uint32_t sizes[] = {4, 16, 64, 256};

	printf("\na delta carrying one slot vs a whole state (interval, the "
	       "same workload)\n");
	printf("%6s %14s %14s %10s %10s\n", "nodes", "state msg B",
	       "1-slot delta B", "ratio", "1/N");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct message_sizes state = {0}, delta = {0};
		struct mode_run r;

		mode_run(&strategy_interval, sizes[k], MODE_STATE, 0, 0, &state,
		         &r);
		mode_run(&strategy_interval, sizes[k], MODE_DELTA, 0, 0, &delta,
		         &r);
		printf("%6u %14.1f %14.1f %10.3f %10.3f\n", sizes[k],
		       (double)state.state_bytes / (double)state.states,
		       (double)delta.single_bytes / (double)delta.singles,
		       ((double)delta.single_bytes / (double)delta.singles) /
		           ((double)state.state_bytes / (double)state.states),
		       1.0 / sizes[k]);
		fflush(stdout);
	}
}

/* Bytes malloc has handed out and not had back (glibc), to check that
 * sim_memory_bytes is honest; 0 where it cannot be known. */
static size_t heap_in_use(void)
{
#ifdef HAVE_MALLINFO2
	struct mallinfo2 info = mallinfo2();

	return info.uordblks + info.hblkhd;
#else
	return 0;
#endif
}

/*
 * Checkpoints for time travel: how long sim_copy (and sim_state_hash) take
 * and how many bytes a copy holds, after a run of default gossip with a
 * few increments.
 */
static void checkpoint_row(uint32_t nodes, uint64_t virtual_s, double rate)
{
	struct sim_config c;
	char err[256];
	struct sim *sim;
	double t0, copy_s, hash_s;
	volatile uint64_t sink = 0;
	int copies = 0;
	size_t heap_before, heap_copy;
	struct sim *copy;

	sim_config_defaults(&c);
	c.nodes = nodes;
	c.seed = 1;
	c.rate = rate;
	sim = sim_new(&c, err, sizeof err);
	if (sim == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	for (uint32_t i = 0; i < 8; i++) {
		struct command inc = {
		    .kind = CMD_INCREMENT, .node = i % nodes, .amount = 1};

		sim_run_until(sim, (uint64_t)i * virtual_s * 1000000 / 8);
		if (sim_apply(sim, &inc, err, sizeof err) != 0) {
			fprintf(stderr, "bench: %s\n", err);
			exit(1);
		}
	}
	sim_run_until(sim, virtual_s * 1000000);
	heap_before = heap_in_use();
	copy = sim_copy(sim);
	heap_copy = heap_in_use() - heap_before;
	sim_free(copy);
	t0 = seconds_now();
	do {
		sim_free(sim_copy(sim));
		copies++;
	} while (seconds_now() - t0 < 0.2);
	copy_s = (seconds_now() - t0) / copies;
	t0 = seconds_now();
	for (int i = 0; i < copies; i++)
		sink += sim_state_hash(sim);
	hash_s = (seconds_now() - t0) / copies;
	(void)sink;
	printf("%6u %8" PRIu64 "s %7.0f/s %12" PRIu64 " %10zu %11.1f %11.1f "
	       "%10.3f %10.3f  %016" PRIx64 "\n",
	       nodes, virtual_s, rate, sim_events_run(sim), sim_in_flight(sim),
	       (double)sim_memory_bytes(sim) / 1024.0,
	       (double)heap_copy / 1024.0, copy_s * 1e3, hash_s * 1e3,
	       sim_state_hash(sim));
	fflush(stdout);
	sim_free(sim);
}

static void checkpoint_table(void)
{
	printf("\ncheckpoints: default gossip (relay, state), 8 increments "
	       "besides the workload, seed 1;\n"
	       "a copy's bytes (sim_memory_bytes), what malloc gave sim_copy "
	       "(glibc),\n"
	       "CPU time of sim_copy + sim_free and of sim_state_hash\n");
	printf("%6s %9s %9s %12s %10s %11s %11s %10s %10s  %s\n", "nodes",
	       "virtual", "workload", "events", "in flight", "copy KiB",
	       "malloc KiB", "copy ms", "hash ms", "hash");
	checkpoint_row(8, 600, 0);
	checkpoint_row(8, 600, 100);
	checkpoint_row(64, 3600, 0);
}

static int throughput_tables(void);

/* --- goals ---------------------------------------------------------------- */

static const char *verdict(int met)
{
	return met ? "met" : "NOT MET";
}

/* CPU seconds (user + system) of a finished child. */
static double child_cpu(const struct rusage *u)
{
	return (double)u->ru_utime.tv_sec + (double)u->ru_utime.tv_usec / 1e6 +
	       (double)u->ru_stime.tv_sec + (double)u->ru_stime.tv_usec / 1e6;
}

/* Runs `argv` with its stdout to `out_path`; its CPU seconds, or -1. */
static double run_binary(char *const argv[], const char *out_path)
{
	struct rusage usage;
	int status;
	pid_t pid;

	fflush(stdout); /* or the child's freopen writes it out again */
	pid = fork();
	if (pid == 0) {
		if (freopen(out_path, "w", stdout) == NULL)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &usage) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return child_cpu(&usage);
}

/* A whole file, NUL-terminated (NULL if unreadable). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf != NULL &&
		    fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		if (buf != NULL) {
			buf[size] = '\0';
			*len = (size_t)size;
		}
	}
	fclose(f);
	return buf;
}

/* Takes the first `,"name":value` out of a JSON text: an object value up
 * to its closing brace (it holds no other), a number up to the next comma
 * or brace. */
static void drop_field(char *json, const char *key)
{
	char *field = strstr(json, key), *end;

	if (field == NULL)
		return;
	end = field + strlen(key);
	if (*end == '{') {
		end = strchr(end, '}');
		if (end == NULL)
			return;
		end++;
	} else {
		end += strcspn(end, ",}");
	}
	memmove(field, end, strlen(end) + 1);
}

/* Whether the new JSON is the old one: the same bytes once the fields the
 * new binary adds are taken out (messages.refused, issue #16; the idle
 * traffic: messages.idle, idle_bytes_sent, work_messages_per_increment). */
static int same_report(const char *old_path, const char *new_path)
{
	static const char *const added[] = {
	    ",\"refused\":", ",\"idle\":", ",\"idle_bytes_sent\":",
	    ",\"work_messages_per_increment\":"};
	size_t old_len = 0, new_len = 0;
	char *old = slurp(old_path, &old_len), *new = slurp(new_path, &new_len);
	int same = 0;

	if (old != NULL && new != NULL) {
		for (size_t i = 0; i < sizeof added / sizeof added[0]; i++)
			drop_field(new, added[i]);
		same = strcmp(old, new) == 0;
	}
	free(old);
	free(new);
	return same;
}

/* The relay at 1024 nodes, the old binary and this one, best of `runs`. */
static void relay_against_old(char *old_bin, char *new_bin)
{
	char old_out[] = "/tmp/gcounter-bench-old-XXXXXX";
	char new_out[] = "/tmp/gcounter-bench-new-XXXXXX";
	char *args[] = {NULL,     "--strategy", "relay", "--nodes",
	                "1024",   "--rate",     "200",   "--duration",
	                "2s",     "--seed",     "1",     "--headless",
	                "--json", NULL};
	double best_old = -1, best_new = -1;
	int fd_old = mkstemp(old_out), fd_new = mkstemp(new_out);

	printf("relay/state, 1024 nodes, --rate 200 --duration 2s --seed 1, "
	       "CPU s (best of 2)\n");
	if (fd_old < 0 || fd_new < 0) {
		printf("  (cannot make temporary files)\n");
		return;
	}
	close(fd_old);
	close(fd_new);
	for (int run = 0; run < 2; run++) {
		double t;

		args[0] = old_bin;
		t = run_binary(args, old_out);
		if (t >= 0 && (best_old < 0 || t < best_old))
			best_old = t;
		args[0] = new_bin;
		t = run_binary(args, new_out);
		if (t >= 0 && (best_new < 0 || t < best_new))
			best_new = t;
	}
	if (best_old < 0 || best_new < 0) {
		printf("  old %s or new %s did not run\n", old_bin, new_bin);
	} else {
		double speedup = best_old / best_new;

		printf("  old %.2f s, new %.2f s: %.1fx faster   goal >= 8x: "
		       "%s\n",
		       best_old, best_new, speedup, verdict(speedup >= 8));
		printf("  same JSON (but the fields added since): %s   "
		       "goal: yes: %s\n",
		       same_report(old_out, new_out) ? "yes" : "NO",
		       verdict(same_report(old_out, new_out)));
	}
	unlink(old_out);
	unlink(new_out);
}

/* The scenario both binaries can read: the old tree's own copy (make
 * bench builds it in OLD/b, so OLD/<scenario>), since the scenario has
 * since learnt commands the old binary refuses; else the given one. */
static char *render_scenario(const char *old_bin, char *scenario, char *buf,
                             size_t cap)
{
	const char *b = strstr(old_bin, "/b/gcounter");

	if (b != NULL && b[strlen("/b/gcounter")] == '\0' &&
	    snprintf(buf, cap, "%.*s/%s", (int)(b - old_bin), old_bin,
	             scenario) < (int)cap &&
	    access(buf, R_OK) == 0)
		return buf;
	return scenario;
}

/* A scenario rendered to a cast, the old binary and this one, best of 5
 * (a render is a third of a second: noise is most of one run), both from
 * the same file. The cast's bytes are the golden test's to check
 * (tests/golden: render-*). */
static void render_against_old(char *old_bin, char *new_bin, char *given)
{
	char cast[] = "/tmp/gcounter-bench-cast-XXXXXX";
	char path[64], old_copy[4096];
	char *scenario =
	    render_scenario(old_bin, given, old_copy, sizeof old_copy);
	char *args[] = {NULL, "--render", path, "--script", scenario, NULL};
	double best_old = -1, best_new = -1;
	int fd = mkstemp(cast);

	printf("--render of %s to a cast, CPU s (best of 5)\n", scenario);
	if (fd < 0) {
		printf("  (cannot make a temporary file)\n");
		return;
	}
	close(fd);
	unlink(cast);
	snprintf(path, sizeof path, "%s.cast", cast);
	for (int run = 0; run < 5; run++) {
		double t;

		args[0] = old_bin;
		t = run_binary(args, "/dev/null");
		if (t >= 0 && (best_old < 0 || t < best_old))
			best_old = t;
		args[0] = new_bin;
		t = run_binary(args, "/dev/null");
		if (t >= 0 && (best_new < 0 || t < best_new))
			best_new = t;
	}
	unlink(path);
	if (best_old < 0 || best_new < 0) {
		printf("  old %s or new %s did not render %s\n", old_bin,
		       new_bin, scenario);
		return;
	}
	printf("  old %.3f s, new %.3f s: %.2fx faster   goal >= 2x: %s\n",
	       best_old, best_new, best_old / best_new,
	       verdict(best_old / best_new >= 2));
}

/*
 * The honest ceiling: the cheapest program for the same deliveries. It
 * keeps one 16-byte heap entry per message in flight (time; sequence with
 * the receiver below it), as many as the engine had on average, and per
 * delivery merges an n-slot vector into the receiver's n slots with the
 * loop a compiler vectorises. The same count of deliveries (each one
 * merge) and the same vector sizes; nothing else.
 */
struct lean_event {
	uint64_t time_us;
	uint64_t key; /* sequence << 20 | receiver */
};

static int lean_before(const struct lean_event *a, const struct lean_event *b)
{
	return a->time_us != b->time_us ? a->time_us < b->time_us
	                                : a->key < b->key;
}

static void lean_push(struct lean_event *heap, size_t *len, struct lean_event e)
{
	size_t i = (*len)++;

	while (i > 0 && lean_before(&e, &heap[(i - 1) / 2])) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = e;
}

static struct lean_event lean_pop(struct lean_event *heap, size_t *len)
{
	struct lean_event top = heap[0], last = heap[--*len];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= *len)
			break;
		if (c + 1 < *len && lean_before(&heap[c + 1], &heap[c]))
			c++;
		if (!lean_before(&heap[c], &last))
			break;
		heap[i] = heap[c];
		i = c;
	}
	if (*len > 0)
		heap[i] = last;
	return top;
}

static double lean_ceiling(uint64_t deliveries, uint32_t n, uint64_t pending)
{
	uint64_t *cells = calloc((size_t)n * n, sizeof *cells);
	uint64_t *payload = calloc(n, sizeof *payload);
	struct lean_event *heap = malloc((pending + 1) * sizeof *heap);
	uint64_t seq = 0, x = 88172645463325252ULL, sink = 0;
	size_t len = 0;
	double start;

	for (uint32_t i = 0; i < n; i++)
		payload[i] = i % 7;
	for (uint64_t i = 0; i < pending; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		lean_push(heap, &len,
		          (struct lean_event){.time_us = x % 100000,
		                              .key = seq++ << 20 | (x % n)});
	}
	start = seconds_now();
	for (uint64_t d = 0; d < deliveries; d++) {
		struct lean_event e = lean_pop(heap, &len);
		uint64_t *to = &cells[(size_t)(e.key & 0xfffff) * n];

		for (uint32_t i = 0; i < n; i++)
			to[i] = to[i] > payload[i] ? to[i] : payload[i];
		sink += to[d % n];
		payload[d % n]++;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		lean_push(
		    heap, &len,
		    (struct lean_event){.time_us = e.time_us + 1 + x % 100000,
		                        .key = seq++ << 20 | (x % n)});
	}
	start = seconds_now() - start;
	if (sink == 42)
		puts("");
	free(cells);
	free(payload);
	free(heap);
	return start;
}

/* The engine on the relay run of the old-binary row (at `nodes`), and
 * the ceiling for its deliveries. */
static void ceiling_row(uint32_t nodes, double duration_s)
{
	struct sim_config c;
	struct sim_stats stats;
	char err[128];
	struct sim *sim;
	double start, engine_s, ceiling_s, pending_sum = 0;
	uint64_t samples = 0, deadline;

	sim_config_defaults(&c);
	c.strategy = &strategy_relay;
	c.nodes = nodes;
	c.seed = 1;
	c.rate = 200;
	c.duration_us = (uint64_t)(duration_s * 1e6);
	sim = sim_new(&c, err, sizeof err);
	if (sim == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	deadline = c.duration_us + 60000000;
	start = seconds_now();
	while (sim_now(sim) < c.duration_us) {
		sim_run_until(sim, sim_now(sim) + 10000);
		pending_sum += (double)sim_in_flight(sim);
		samples++;
	}
	while (!sim_converged(sim) && sim_now(sim) < deadline && sim_step(sim))
		;
	engine_s = seconds_now() - start;
	sim_stats(sim, &stats);
	sim_free(sim);
	ceiling_s = lean_ceiling(stats.delivered, nodes,
	                         (uint64_t)(pending_sum / (double)samples) + 1);
	printf("  %5u nodes: %10" PRIu64 " deliveries, engine %.2f s, ceiling "
	       "%.2f s: engine/ceiling %.2f   goal <= 1.5: %s\n",
	       nodes, stats.delivered, engine_s, ceiling_s,
	       engine_s / ceiling_s, verdict(engine_s / ceiling_s <= 1.5));
	fflush(stdout);
}

/* CPU microseconds per increment, 4 nodes at `rate`, for 1 virtual s,
 * with n4 partitioned or not. */
static double increment_cost(double rate, int partitioned)
{
	struct sim_config c;
	char err[128];
	struct sim *sim;
	double start, cpu;

	sim_config_defaults(&c);
	c.nodes = 4;
	c.seed = 1;
	c.rate = rate;
	c.duration_us = 1000000;
	sim = sim_new(&c, err, sizeof err);
	if (sim == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	if (partitioned) {
		struct command cut = {
		    .kind = CMD_PARTITION, .node = 3, .mode = PARTITION_BOTH};

		if (sim_apply(sim, &cut, err, sizeof err) != 0) {
			fprintf(stderr, "bench: %s\n", err);
			exit(1);
		}
	}
	start = seconds_now();
	sim_run_until(sim, c.duration_us);
	cpu = seconds_now() - start;
	cpu = cpu * 1e6 /
	      (double)(sim_truth_total(sim) ? sim_truth_total(sim) : 1);
	sim_free(sim);
	return cpu;
}

static void increment_rows(void)
{
	printf("cost per increment, 4 nodes, relay, 1 virtual s, CPU us\n");
	for (int part = 0; part < 2; part++) {
		double low = increment_cost(10000, part);
		double high = increment_cost(100000, part);

		printf("  %-14s 10,000/s %.2f us, 100,000/s %.2f us: %.2fx   "
		       "goal flat (<= 1.5x): %s\n",
		       part ? "n4 partitioned" : "no faults", low, high,
		       high / low, verdict(high / low <= 1.5));
		fflush(stdout);
	}
}

/* A world of `nodes` on `strategy` run to convergence in a child:
 * its wall seconds and peak memory. */
static void big_world(const struct strategy *strategy, uint32_t nodes,
                      double duration_s, double wall_goal_s)
{
	struct rusage usage;
	int status, pipefd[2];
	pid_t pid;
	struct {
		double wall_s, cpu_s;
		int converged;
		uint64_t refused;
	} r = {0};

	if (pipe(pipefd) != 0)
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct sim_config c;
		struct sim_stats stats;
		struct timespec t0, t1;
		char err[128];
		struct sim *sim;
		double cpu0;

		close(pipefd[0]);
		sim_config_defaults(&c);
		c.strategy = strategy;
		c.nodes = nodes;
		c.seed = 1;
		c.rate = 200;
		c.duration_us = (uint64_t)(duration_s * 1e6);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		cpu0 = seconds_now();
		sim = sim_new(&c, err, sizeof err);
		if (sim == NULL)
			_exit(1);
		sim_run_until(sim, c.duration_us);
		while (!sim_converged(sim) &&
		       sim_now(sim) < c.duration_us + 60000000 && sim_step(sim))
			;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		r.cpu_s = seconds_now() - cpu0;
		sim_stats(sim, &stats);
		r.wall_s = (double)(t1.tv_sec - t0.tv_sec) +
		           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		r.converged = sim_converged(sim);
		r.refused =
		    stats.refused_in_flight + stats.refused_payload_bytes;
		if (write(pipefd[1], &r, sizeof r) != (ssize_t)sizeof r)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	if (pid < 0 || read(pipefd[0], &r, sizeof r) != (ssize_t)sizeof r) {
		printf("  %s at %u nodes: the run failed\n", strategy->name,
		       nodes);
		close(pipefd[0]);
		if (pid > 0)
			waitpid(pid, &status, 0);
		return;
	}
	close(pipefd[0]);
	wait4(pid, &status, 0, &usage);
	/* The goal is wall time; CPU time beside it says how much of that
	 * was the machine's other work. */
	printf("  %-9s %5u nodes: converged %s, %.1f s wall (goal < %.0f s: "
	       "%s; %.1f s CPU), peak %.2f GiB (goal < 2: %s), %" PRIu64
	       " sends refused\n",
	       strategy->name, nodes, r.converged ? "yes" : "NO", r.wall_s,
	       wall_goal_s, verdict(r.converged && r.wall_s < wall_goal_s),
	       r.cpu_s, (double)usage.ru_maxrss / 1048576.0,
	       verdict((double)usage.ru_maxrss < 2.0 * 1048576.0), r.refused);
	fflush(stdout);
}

static void goals(char *old_bin, char *new_bin, char *scenario)
{
	printf("=== goals (issue #16) ===\n");
	if (old_bin != NULL && new_bin != NULL) {
		relay_against_old(old_bin, new_bin);
		render_against_old(old_bin, new_bin, scenario);
	} else {
		printf("relay and render against the old binary: not run "
		       "(gcounter_bench --old OLD --new NEW; make bench does "
		       "it)\n");
	}
	printf("the engine against the cheapest program for the same "
	       "deliveries (relay, rate 200, 20 s at 64 nodes, 2 s at 1024)\n");
	ceiling_row(64, 20);
	ceiling_row(1024, 2);
	increment_rows();
	printf("worlds of 10,000 nodes (rate 200, 2 s, then to convergence); "
	       "the relay at 4,096 (0.5 s)\n");
	big_world(&strategy_gossip, 10000, 2, 10);
	big_world(&strategy_push_pull, 10000, 2, 10);
	big_world(&strategy_relay, 4096, 0.5, 600);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char *old_bin = NULL, *new_bin = NULL;
	char *scenario = "assets/scenarios/05-strategies-compared.gcs";

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--old") == 0)
			old_bin = argv[i + 1];
		else if (strcmp(argv[i], "--new") == 0)
			new_bin = argv[i + 1];
		else if (strcmp(argv[i], "--scenario") == 0)
			scenario = argv[i + 1];
	}
	/* --render-only (last): the render goal alone, in seconds. */
	if (argc > 1 && strcmp(argv[argc - 1], "--render-only") == 0 &&
	    old_bin != NULL && new_bin != NULL) {
		render_against_old(old_bin, new_bin, scenario);
		return 0;
	}
	/* The tables first: their children fork from a process that has
	 * not yet grown by the goals' worlds, so their peak memory is theirs.
	 */
	if (throughput_tables() != 0)
		return 1;
	goals(old_bin, new_bin, scenario);
	return 0;
}

static int throughput_tables(void)
{
	static const struct {
		uint32_t nodes;
		double workload_s;
		int runs;
	} sizes[] = {{4, 200, 5}, {64, 20, 5}, {1024, 1, 3}};

	printf("relay strategy, 100 increments/s, latency 20-60ms, gossip "
	       "180-220ms, seed 1\n");
	printf("%6s %9s %10s %10s %12s %12s %12s %7s %9s %11s %10s\n", "nodes",
	       "virtual", "events", "delivered", "engine ev/s", "deliveries/s",
	       "ceiling ev/s", "ratio", "converged", "max flight", "peak RSS");
	fflush(stdout);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int pipefd[2];
		pid_t pid;
		struct result r;
		struct rusage usage;
		int status;

		if (pipe(pipefd) != 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			close(pipefd[0]);
			run_size(sizes[i].nodes, sizes[i].workload_s,
			         sizes[i].runs, &r);
			if (write(pipefd[1], &r, sizeof r) != (ssize_t)sizeof r)
				_exit(1);
			_exit(0);
		}
		close(pipefd[1]);
		if (read(pipefd[0], &r, sizeof r) != (ssize_t)sizeof r) {
			fprintf(stderr, "bench: child for %u nodes failed\n",
			        sizes[i].nodes);
			return 1;
		}
		close(pipefd[0]);
		wait4(pid, &status, 0, &usage);
		printf("%6u %8.1fs %10" PRIu64 " %10" PRIu64
		       " %12.0f %12.0f %12.0f %6.0f%% %4s %2" PRIu64 "/%-2u"
		       " %11" PRIu64 " %8.1fMB\n",
		       r.nodes, r.virtual_s, r.events, r.deliveries,
		       (double)r.events / r.engine_s,
		       (double)r.deliveries / r.engine_s,
		       (double)r.events / r.baseline_s,
		       100.0 * r.baseline_s / r.engine_s,
		       r.converged ? "yes" : "NO",
		       r.values_equal_truth > 99 ? 99 : r.values_equal_truth,
		       r.nodes > 99 ? 99 : r.nodes, r.max_in_flight,
		       (double)usage.ru_maxrss / 1024.0);
		fflush(stdout);
	}
	printf("\nratio = engine events/s as a share of the ceiling: a bare "
	       "loop of the same\nheap pops and n-slot max-merges. Node "
	       "state is 2 x nodes^2 x 8 bytes\n(vectors and change "
	       "times): 4 nodes 256 B, 64 nodes 64 KiB, 1024 nodes 16 MiB.\n");
	fflush(stdout);
	strategy_table();
	gossip_rounds();
	mode_table("propagation modes: relay, 200 increments at 50/s, latency "
	           "20-60ms, seed 1; bytes until converged",
	           0, 0);
	mode_table("the same under faults: 10% of messages dropped, 30% "
	           "duplicated",
	           0.1, 0.3);
	delta_size_table();
	checkpoint_table();
	return 0;
}
