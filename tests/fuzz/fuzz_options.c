/*
 * Fuzzes the whole command line: the input split on NUL bytes is argv (after
 * a program name). options_parse must never crash, must answer with a result
 * and, on error, a message; what it accepts must build a world; and it must
 * be a function of argv alone, whatever the calls before it left behind.
 */
#include <stdbool.h>
#include <string.h>

#include "app/options.h"
#include "fuzz.h"
#include "sim/sim.h"

/* More arguments than any real command line; more are ignored. */
#define MAX_ARGS 512

/* Worlds up to this size are built to check that what the parser accepts,
 * sim_new accepts too; bigger ones cost megabytes per input. */
#define BUILD_WORLD_MAX_NODES 64

/* --help and --version text goes here; opened once, never closed. */
static FILE *help_sink(void)
{
	static FILE *sink;

	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	if (sink == NULL)
		sink = tmpfile();
	FUZZ_CHECK(sink != NULL, "an output FILE for --help");
	return sink;
}

/* One line of printable text, whatever bytes argv held: user text is
 * shown with anything unprintable as '?'. */
static void check_error_message(const char *err, size_t errlen)
{
	size_t length = strnlen(err, errlen);

	FUZZ_CHECK(length < errlen, "the message is NUL-terminated");
	FUZZ_CHECK(length > 0, "an error comes with a message");
	for (size_t i = 0; i < length; i++)
		FUZZ_CHECK(err[i] >= 0x20 && err[i] < 0x7f,
		           "the message is one line of printable ASCII");
}

/* Whatever options_parse accepts is a world sim_new builds. */
static void check_accepted(const struct options *opts)
{
	char err[256];
	struct sim *sim;

	FUZZ_CHECK(opts->sim.nodes >= 1 && opts->sim.nodes <= SIM_MAX_NODES,
	           "nodes within limits");
	FUZZ_CHECK(opts->initial_count <= OPTIONS_MAX_INITIAL,
	           "initial faults within limits");
	for (size_t i = 0; i < opts->initial_count; i++)
		FUZZ_CHECK(opts->initial[i].node == SIM_RELAY ||
		               opts->initial[i].node < opts->sim.nodes,
		           "initial faults name existing nodes");
	FUZZ_CHECK(!(opts->json || opts->trace) || opts->headless,
	           "--json and --trace only with --headless");
	if (opts->sim.nodes > BUILD_WORLD_MAX_NODES)
		return;
	sim = sim_new(&opts->sim, err, sizeof err);
	FUZZ_CHECK(sim != NULL, "accepted options build a world");
	/* Applying the initial faults may be refused (crashing n1 twice),
	 * but must not crash. */
	(void)options_apply_initial(opts, sim, err, sizeof err);
	sim_free(sim);
}

/*
 * options_parse must not depend on earlier calls. getopt_long keeps global
 * state (optind, and inside glibc the scan position in a cluster like
 * "-hV"); a fixed command line parsed right after the input must give the
 * same answer as in a fresh process.
 */
static void check_no_state_leaks(void)
{
	static char program[] = "gcounter", nodes[] = "--nodes", three[] = "3";
	char *argv[] = {program, nodes, three, NULL};
	struct options opts;
	char err[256] = "";

	FUZZ_CHECK(options_parse(3, argv, 42, &opts, help_sink(), err,
	                         sizeof err) == OPTIONS_RUN &&
	               opts.sim.nodes == 3 && err[0] == '\0',
	           "a parse after this input parses '--nodes 3' as usual");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Each argument in its own allocation of exactly its size, so that
	 * the sanitizers see a read past any argument's NUL. */
	char *args[MAX_ARGS + 2];
	int argc = 0;
	const uint8_t *p = data, *end = data + size;
	struct options opts;
	char err[256];
	enum options_result result;
	static char program[] = "gcounter";

	args[argc++] = program;
	while (p < end && argc <= MAX_ARGS) {
		const uint8_t *stop = memchr(p, '\0', (size_t)(end - p));
		size_t length = stop ? (size_t)(stop - p) : (size_t)(end - p);
		char *arg = malloc(length + 1);

		FUZZ_CHECK(arg != NULL, "allocation");
		memcpy(arg, p, length);
		arg[length] = '\0';
		args[argc++] = arg;
		p += length + 1;
	}
	args[argc] = NULL;

	err[0] = '\0';
	result =
	    options_parse(argc, args, 42, &opts, help_sink(), err, sizeof err);
	switch (result) {
	case OPTIONS_RUN:
		check_accepted(&opts);
		break;
	case OPTIONS_ERROR:
		check_error_message(err, sizeof err);
		break;
	case OPTIONS_EXIT:
		break;
	default:
		FUZZ_CHECK(false, "one of the three results");
	}
	check_no_state_leaks();

	/* getopt_long permutes argv, so free what was allocated, not what
	 * args[] points to now: every slot but the program name is ours. */
	for (int i = 0; i < argc; i++)
		if (args[i] != program)
			free(args[i]);
	return 0;
}
