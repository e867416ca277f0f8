/*
 * The command line: every option, its validation, and --help. Parsing never
 * prints or exits; it fills `struct options` or an error message, and main
 * decides what to do.
 */
#ifndef GCOUNTER_APP_OPTIONS_H
#define GCOUNTER_APP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/sim.h"

/* After the workload stops, how long headless mode waits for convergence. */
#define OPTIONS_SETTLE_US (60ULL * 1000000)
/* Headless runs for this long when --duration is not given. */
#define OPTIONS_DEFAULT_DURATION_US (10ULL * 1000000)

enum theme { THEME_DARK, THEME_LIGHT, THEME_PROJECTOR, THEME_MONO };

struct options {
	struct sim_config sim;
	bool seed_given;
	bool duration_given;
	bool headless;
	bool json;
	bool trace;
	/* Dashboard. */
	enum theme theme;
	bool no_color;
	bool big;
};

enum options_result {
	OPTIONS_RUN,   /* go on and run */
	OPTIONS_EXIT,  /* --help or --version was printed: exit 0 */
	OPTIONS_ERROR, /* err holds one line: exit 2 */
};

/*
 * Parses argv. `random_seed` is used when --seed is absent (the caller draws
 * it, so this stays deterministic). --help/--version text goes to `out`.
 */
enum options_result options_parse(int argc, char **argv, uint64_t random_seed,
                                  struct options *opts, FILE *out, char *err,
                                  size_t errlen);
void options_print_help(FILE *out);

#endif
