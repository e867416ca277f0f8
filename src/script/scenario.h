/*
 * Scenario files: a small line-based language that scripts a whole demo —
 * settings, timed commands, captions, pauses and expectations. The parser
 * is pure (text in, struct out) and is the one place user files are read,
 * so it is fuzzed; every error names file:line:column.
 */
#ifndef GCOUNTER_SCRIPT_SCENARIO_H
#define GCOUNTER_SCRIPT_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script/settings.h"
#include "sim/sim.h"

/* Limits, documented in docs/scenarios.md. */
#define SCENARIO_MAX_BYTES   (1u << 20) /* a file of at most 1 MiB */
#define SCENARIO_MAX_LINE    1024       /* bytes in one line */
#define SCENARIO_MAX_ITEMS   100000     /* timed lines in one file */
#define SCENARIO_MAX_CAPTION 160        /* bytes of caption text */
#define SCENARIO_MAX_ABOUT   480        /* bytes of an about paragraph */
/* How long a wait line waits unless it says ("within 10s"). */
#define SCENARIO_WAIT_DEFAULT_US 30000000u

/* What may be read: a file a person writes has the limits above; a saved
 * log (app/script-file.c) has limits derived from the longest log the
 * engine can make, so that every log --save-log writes loads again. */
struct scenario_limits {
	size_t bytes;
	size_t items;
};

enum scenario_item_kind {
	ITEM_COMMAND, /* a command for the world */
	ITEM_CAPTION, /* text for the audience ("" clears it) */
	ITEM_PAUSE,   /* live: wait for the presenter's key */
	ITEM_EXPECT,  /* an assertion, checked when reached */
	ITEM_END,     /* the scenario ends here (live: it pauses) */
	ITEM_REPORT,  /* the numbers since the last report */
	/* Waits until its condition holds (the expectation); past its
	 * timeout it is a failure naming the line, and the scenario goes
	 * on. Lines after it count their time from when it ended. */
	ITEM_WAIT,
	ITEM_SPEED, /* live: the clock runs at this speed from here */
};

enum expect_kind {
	EXPECT_CONVERGED,
	EXPECT_DIVERGED,
	EXPECT_VALUE,     /* a node's value */
	EXPECT_TOTAL,     /* every increment made (the truth) */
	EXPECT_LOST,      /* increments amnesia lost */
	EXPECT_BACKWARDS, /* reads lower than the read before */
	EXPECT_HAS, /* node holds every count `other` made ("n3 has n1") */
};

enum compare_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct expectation {
	enum expect_kind kind;
	uint32_t node;
	uint32_t other; /* EXPECT_HAS: whose counts */
	enum compare_op op;
	int64_t value; /* a PN-Counter's value may be negative */
};

struct scenario_item {
	enum scenario_item_kind kind;
	uint64_t time_us;
	/* "at 1500us step 42 …" (as --save-log writes): apply after exactly
	 * that many events, for a replay identical to the recorded run. */
	bool exact;
	uint64_t after_events;
	uint32_t line;
	/* 1 + the index of the wait line this line's time counts from (0:
	 * from the start): then time_us is the time after that wait ended. */
	uint32_t after_wait;
	uint64_t timeout_us; /* ITEM_WAIT */
	double speed;        /* ITEM_SPEED: virtual time per wall time */
	struct command command;
	struct expectation expect;
	char caption[SCENARIO_MAX_CAPTION + 1];
	bool report_table; /* "report table": the reports so far, as one */
};

/* Which settings the file gave (the rest keep their defaults): a bit
 * per setting of the table (every scenario setting's id is below 32). */
enum scenario_setting {
	SET_NODES = 1u << SETTING_NODES,
	SET_SEED = 1u << SETTING_SEED,
	SET_STRATEGY = 1u << SETTING_STRATEGY,
	SET_LATENCY = 1u << SETTING_LATENCY,
	SET_GOSSIP = 1u << SETTING_GOSSIP_INTERVAL,
	SET_RATE = 1u << SETTING_RATE,
	SET_DROP = 1u << SETTING_DROP,
	SET_DUPLICATE = 1u << SETTING_DUPLICATE,
	SET_FANOUT = 1u << SETTING_FANOUT,
	SET_HYBRID = 1u << SETTING_HYBRID_CHANGES,
	SET_READER = 1u << SETTING_READER,
	SET_READ_RATE = 1u << SETTING_READ_RATE,
	SET_THEME = 1u << SETTING_THEME,
	SET_VIEW = 1u << SETTING_VIEW,
	SET_TITLE = 1u << SETTING_TITLE,
	SET_AMNESIA = 1u << SETTING_AMNESIA,
	SET_DURATION = 1u << SETTING_DURATION,
	SET_CRDT = 1u << SETTING_CRDT,
	SET_MODE = 1u << SETTING_MODE,
};

struct scenario {
	struct sim_config config; /* defaults, then the file's settings */
	uint32_t settings;        /* enum scenario_setting bits */
	char theme[16];
	char view[16]; /* the dashboard's first view (SET_VIEW) */
	char title[SCENARIO_MAX_CAPTION + 1];
	/* What the scenario shows, for a lesson's title card ("" if none). */
	char about[SCENARIO_MAX_ABOUT + 1];
	bool amnesia;
	struct scenario_item *items;
	size_t count;
	size_t cap_items;
};

/*
 * Parses text[0..len) (need not be NUL-terminated). `name` prefixes every
 * error: "demo.gcs:12:4: unknown command 'incr' (did you mean 'inc'?)".
 * On error returns -1 and leaves *out empty (nothing to free).
 */
int scenario_parse(const char *name, const char *text, size_t len,
                   struct scenario *out, char *err, size_t errlen);
/* The same within other limits (NULL: the ones above). */
int scenario_parse_within(const char *name, const char *text, size_t len,
                          const struct scenario_limits *limits,
                          struct scenario *out, char *err, size_t errlen);
void scenario_free(struct scenario *scenario);

/* A command in the language's words: "inc n2 x3", "partition n3 in". */
size_t scenario_format_command(const struct command *cmd, char *buf,
                               size_t cap);
/* An expectation in the language's words: "value n1 == 5". */
size_t scenario_format_expect(const struct expectation *expect, char *buf,
                              size_t cap);
/* A number as the language reads it: plain decimal, no exponent, 15
 * significant digits, so that the parser gives back the same double. */
size_t scenario_format_decimal(double value, char *buf, size_t cap);
/*
 * A caption's live values, re-read from the world whenever it is shown:
 * "{value n2}" (a node's value), "{truth}" (every increment made, less
 * decrements), "{lost}" (increments amnesia lost); "{{" and "}}" are
 * braces. scenario_caption_check says what is wrong with the first bad
 * one (0, or -1 with why and *col, 1-based); scenario_caption_render
 * fills them in (a node the world lacks reads "?").
 */
int scenario_caption_check(const char *text, uint32_t nodes, size_t *col,
                           char *why, size_t whylen);
size_t scenario_caption_render(const char *text, const struct sim *sim,
                               char *buf, size_t cap);
/* Whether a caption has live values (it must be drawn again as the world
 * changes). */
bool scenario_caption_live(const char *text);

/* Whether `actual` satisfies op against expected. */
bool scenario_compare(enum compare_op op, int64_t actual, int64_t expected);

#endif
