/*
 * The command line: getopt and --help over the settings table (the
 * options, their values and their help are script/settings'). Parsing never
 * prints or exits; it fills `struct options` or an error message, and main
 * decides what to do.
 */
#ifndef GCOUNTER_APP_OPTIONS_H
#define GCOUNTER_APP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "script/lesson.h"
#include "script/settings.h"
#include "sim/sim.h"

/* After the workload stops, how long headless mode waits for convergence. */
#define OPTIONS_SETTLE_US (60ULL * 1000000)
/* Headless runs for this long when --duration is not given. */
#define OPTIONS_DEFAULT_DURATION_US (10ULL * 1000000)

/* --partition and --crash may each be given this many times in all. */
#define OPTIONS_MAX_INITIAL 64

struct web_options;

struct options {
	struct sim_config sim;
	bool seed_given;
	bool duration_given;
	bool mode_given; /* a scenario without a mode setting takes it */
	bool headless;
	bool json;
	bool trace;
	/* --at: report the world at this virtual time, not at the end. */
	bool at_given;
	uint64_t at_us;
	/* Dashboard. */
	enum theme theme;
	bool no_color;
	bool big;
	bool beginner;       /* --beginner: no numbers line */
	bool theme_given;    /* --theme was given: it wins over a scenario's */
	bool show_keys;      /* --show-keys: caption the last key pressed */
	enum view_kind view; /* --view: the dashboard's first view */
	bool view_given;     /* ... given: it wins over a scenario's */
	/* --svg FILE (headless): the space-time diagram, of the virtual
	 * times --svg-window gives, or of the whole run. */
	const char *svg_path;
	bool svg_window_given;
	uint64_t svg_from_us, svg_to_us;
	/* Recording: a fixed canvas (0: the terminal's size), the live
	 * session to record, or the scenario to render with no terminal. */
	uint32_t cols, rows;
	const char *record_path; /* --record FILE.cast, or NULL */
	const char *render_path; /* --render FILE(.cast, .gif...), or NULL */
	/* Videos: --convert IN OUT (OUT lands in render_path), the font,
	 * the part shown, what a render leaves out and how a cast ends. */
	const char *convert_path;
	const char *font;   /* NULL: DejaVu Sans Mono */
	uint32_t font_size; /* 0: the default */
	bool from_given, to_given;
	uint64_t from_us, to_us;
	bool keep_hints; /* a render keeps the presenter's lines */
	double speed;    /* --speed: 0 unless given */
	bool pause_hold_given, end_hold_given;
	uint64_t pause_hold_us, end_hold_us;
	/* --from/--to as a scenario's chapter (1 is the start, k the part
	 * after the (k-1)th pause): 0 unless given so. */
	uint32_t from_chapter, to_chapter;
	bool restore_end; /* a rendered cast gives the terminal back */
	/* Faults in force from the start (--partition, --crash), applied as
	 * commands at time zero so that logs and replays hold them. */
	struct command initial[OPTIONS_MAX_INITIAL];
	size_t initial_count;
	enum sim_restart restart_mode; /* how the restart key restarts */
	const char *script_path;       /* --script or --replay FILE, or NULL */
	/* A lesson (#14): --lesson DIR, or --script given more than once
	 * (scripts[], in order); main.c loads it into `lesson` and points
	 * script_path at its first chapter. */
	const char *lesson_path;
	const char *scripts[LESSON_MAX_CHAPTERS];
	size_t script_count;
	struct lesson *lesson;
	bool show_checks; /* --show-checks: expect lines on the dashboard */
	const char *save_log_path; /* --save-log FILE, or NULL */
	/* --listen ADDR:PORT and --keep-workers K as typed (main.c checks
	 * them into `web`: app/web-options.h). */
	const char *listen_arg;
	uint32_t keep_workers;
	bool keep_workers_given;
	/* --listen: phones join as replicas, or NULL. */
	const struct web_options *web;
};

/* Applies opts->initial to a new world; 0, or -1 with err. */
int options_apply_initial(const struct options *opts, struct sim *sim,
                          char *err, size_t errlen);

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
