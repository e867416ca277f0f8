/*
 * The one table of settings: per setting its name (as on the command line
 * without "--", and as in a scenario file), kind, range, choices, default,
 * where it lands in the config, and help text. The command line, scenario
 * files, saved logs and --help all read it, so a setting cannot mean two
 * things. Pure: no I/O, no allocation; it never prints.
 */
#ifndef GCOUNTER_SCRIPT_SETTINGS_H
#define GCOUNTER_SCRIPT_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script/choices.h"
#include "sim/latency.h"
#include "sim/sim.h"

/*
 * Every setting. The order is getopt's (it decides how an ambiguous or
 * misspelt option is answered); every setting a scenario file may give
 * has an id below 32, since a scenario records the ones it gave as bits
 * (test_settings checks it).
 */
enum setting_id {
	SETTING_NODES,
	SETTING_SEED,
	SETTING_STRATEGY,
	SETTING_LATENCY,
	SETTING_GOSSIP_INTERVAL,
	SETTING_RATE,
	SETTING_DURATION,
	SETTING_DROP,
	SETTING_DUPLICATE,
	SETTING_FANOUT,
	SETTING_HYBRID_CHANGES,
	SETTING_READER,
	SETTING_READ_RATE,
	SETTING_PARTITION,
	SETTING_CRASH,
	SETTING_AMNESIA,
	SETTING_SCRIPT,
	SETTING_CRDT,
	SETTING_MODE,
	SETTING_TITLE, /* scenario files only */
	SETTING_REPLAY,
	SETTING_LESSON,
	SETTING_SAVE_LOG,
	SETTING_HEADLESS,
	SETTING_JSON,
	SETTING_TRACE,
	SETTING_THEME,
	SETTING_VIEW,
	SETTING_NO_COLOR,
	SETTING_BIG,
	SETTING_BEGINNER,
	SETTING_SHOW_KEYS,
	SETTING_SHOW_CHECKS,
	SETTING_COLS,
	SETTING_ROWS,
	SETTING_RECORD,
	SETTING_RENDER,
	SETTING_SVG,
	SETTING_SVG_WINDOW,
	SETTING_AT,
	SETTING_CONVERT,
	SETTING_FONT,
	SETTING_FONT_SIZE,
	SETTING_FROM,
	SETTING_TO,
	SETTING_KEEP_HINTS,
	SETTING_RESTORE_END,
	SETTING_SPEED,
	SETTING_PAUSE_HOLD,
	SETTING_END_HOLD,
	SETTING_LISTEN,
	SETTING_KEEP_WORKERS,
	SETTING_HELP,
	SETTING_VERSION,
	/* Real nodes (--exec): app/ext-run.c reads them, with the world's
	 * settings above that mean the same there. */
	SETTING_EXEC,
	SETTING_WORKLOAD,
	SETTING_MAX_DELTA,
	SETTING_SETTLE,
	SETTING_ANSWER,
	SETTING_READ_EVERY,
	/* A classroom of real nodes over TCP (app/ext-class.c). */
	SETTING_CLASS,
	SETTING_WAIT_JOINS,
	SETTING_ID_COUNT,
};

enum setting_kind {
	SETTING_KIND_COUNT,          /* a whole number in [min, max] */
	SETTING_KIND_SEED,           /* a whole number, 0 to 2^64-1 */
	SETTING_KIND_DURATION,       /* "10s": min to max microseconds */
	SETTING_KIND_DURATION_RANGE, /* "180-220ms": lo from min, hi to max */
	SETTING_KIND_LATENCY,        /* "20ms", "10-50ms", "exp:30ms" */
	SETTING_KIND_PROBABILITY,    /* "0.1" or "10%" */
	SETTING_KIND_RATE,           /* a decimal number, 0 to max */
	SETTING_KIND_CHOICE,         /* one word of a set */
	SETTING_KIND_FLAG,           /* no value */
	SETTING_KIND_PATH,           /* a file name */
	SETTING_KIND_NODE,           /* "n3", "n3:in", "relay" */
	SETTING_KIND_TEXT,           /* "quoted text" (scenario files) */
};

/* Who is reading a value. Only the refusal of an unknown choice word
 * differs between them (see `refusal`): those messages were worded apart
 * before the table existed, and are kept byte for byte. */
enum setting_source {
	SETTING_FROM_COMMAND_LINE,
	SETTING_FROM_FILE,    /* a setting line of a scenario */
	SETTING_FROM_COMMAND, /* a timed line that changes the setting */
	SETTING_SOURCE_COUNT,
};

/* How an unknown word of a choice is answered. */
enum setting_refusal_style {
	SETTING_REFUSE_USE, /* "unknown mode 'x' (use state, delta, op ...)" */
	SETTING_REFUSE_SEE_HELP, /* "unknown strategy 'x' (see --help)" */
	SETTING_REFUSE_EXPECTED, /* "expected random or sticky" */
};

struct setting_refusal {
	enum setting_refusal_style style;
	bool suggest; /* "did you mean 'dark'?" when a word is close */
};

/* A parsed value; which fields are set follows from the kind. */
struct setting_value {
	uint64_t number;  /* COUNT, SEED, DURATION, DURATION_RANGE (lo) */
	uint64_t high;    /* DURATION_RANGE */
	double real;      /* PROBABILITY, RATE */
	size_t choice;    /* CHOICE: an index into the choices */
	const char *text; /* PATH, and NODE and TEXT (read by the caller) */
	struct latency_model latency;
};

#define SETTING_NOWHERE ((size_t)-1)

/* When a saved log writes a setting. */
enum setting_log {
	SETTING_LOG_ALWAYS,
	SETTING_LOG_UNLESS_DEFAULT,
	SETTING_LOG_WITH_READER, /* while a reader is on */
};

struct setting {
	const char *name;
	enum setting_kind kind;
	uint64_t min, max; /* COUNT, DURATION, DURATION_RANGE */
	double max_real;   /* RATE */
	bool above_zero;   /* RATE: 0 is refused ("must be above 0") */
	const struct setting_choices *choices;
	struct setting_refusal refusal[SETTING_SOURCE_COUNT];
	/* Appended to a "must be at least" message. */
	const char *below_min_note;
	/* The default in the words a user types, parsed like any value
	 * (NULL: zero, or what the caller decides). */
	const char *default_text;
	/* Where it lands in struct sim_config (SETTING_NOWHERE: the caller
	 * keeps it); `offset_high` for a range's upper end. Choices land
	 * through their `store`. */
	size_t offset, offset_high;
	enum setting_log log;
	bool on_command_line;
	bool in_file;      /* a scenario file may set it */
	char short_name;   /* 'h' for -h, or 0 */
	const char *what;  /* a missing value in a file: "expected a mode" */
	const char *arg;   /* "N" in "--nodes N" (--help) */
	const char *label; /* the whole left column when it is not that */
	/* Help text, lines split by '\n'; "{max}" is the setting's maximum
	 * and "{default}" its default_text, so that --help cannot drift from
	 * the table. NULL: not in --help (shown with another one, or
	 * file-only). */
	const char *help;
};

/* The setting with that id. */
const struct setting *settings_get(enum setting_id id);
/* The setting of that name, or NULL. */
const struct setting *settings_find(const char *name);
enum setting_id settings_id(const struct setting *setting);

/*
 * Parses and range-checks one value: the one function the command line and
 * scenario files call. 0, or -1 with a message that names neither the
 * option nor the file (the caller prefixes that).
 */
int settings_parse(const struct setting *setting, enum setting_source from,
                   const char *text, struct setting_value *out, char *why,
                   size_t whylen);
/* Stores a parsed value where the setting lands in the config (nothing
 * for a setting that lands elsewhere). */
void settings_store(const struct setting *setting,
                    const struct setting_value *value,
                    struct sim_config *config);
/* Writes the config's value of a setting that lands there, in the words
 * settings_parse reads back. */
size_t settings_format(const struct setting *setting,
                       const struct sim_config *config, char *buf, size_t cap);
/* Whether a saved log writes the setting for this config. */
bool settings_logged(const struct setting *setting,
                     const struct sim_config *config);

/*
 * The settings that are fine alone but not together, checked once on the
 * combined config wherever its parts came from (the command line, a file,
 * both): a reader on a PN-Counter, amnesia in an op mode, an op mode on a
 * strategy that passes state from peer to peer. 0, or -1 with the setting
 * to blame in *culprit and one line in why, naming settings as `from`
 * spells them ("--mode op" or "mode op").
 */
int settings_check_combined(const struct sim_config *config, bool amnesia,
                            enum setting_source from, enum setting_id *culprit,
                            char *why, size_t whylen);

/* The settings a saved log writes, in the order it writes them. */
extern const enum setting_id settings_log_order[];
extern const size_t settings_log_order_count;

/* --help: headings, each with its settings in order (heading "": a group
 * under a blank line). Every setting with help text is in one. */
struct settings_help_section {
	const char *heading;
	enum setting_id ids[16];
	size_t count;
};
extern const struct settings_help_section settings_help_sections[];
extern const size_t settings_help_section_count;

/* A setting's help text with "{max}" and "{default}" filled in. */
size_t settings_help_text(const struct setting *setting, char *buf, size_t cap);

/* The defaults of the original design: 4 nodes, the master relay,
 * 180-220ms gossip. The settings own them, not the engine (which must not
 * name a plug-in such as the relay strategy). */
void sim_config_defaults(struct sim_config *config);

#endif
