/*
 * The settings table (its values are read and written by
 * script/settings-parse.c). The words of a choice come from script/choices;
 * a strategy or mode is named here only as a default, in the words a user
 * types, and parsed against its owner's list like any other value. Never
 * prints, never allocates.
 *
 * A new setting: its id in settings.h, its entry here (and in a help
 * section, and the log order if a saved log must replay it), and its row
 * in the README's options table; test_settings checks all of them.
 */
#include "script/settings.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "script/choices.h"
#include "script/value.h"
#include "sim/strategy.h"
#include "sim/mode.h"

/* --- the table ---------------------------------------------------------------
 */

#define IN_CONFIG(field) .offset = offsetof(struct sim_config, field)
#define NOWHERE          .offset = SETTING_NOWHERE
#define BOTH             .on_command_line = true, .in_file = true
#define CLI_ONLY         .on_command_line = true
/* A flag of the command line that the world never sees. */
#define CLI_FLAG .kind = SETTING_KIND_FLAG, NOWHERE, CLI_ONLY
/* The same answer to an unknown word from the command line, a setting
 * line and a timed line. */
#define REFUSE_ALL(style_, suggest_)                                           \
	.refusal = {{style_, suggest_}, {style_, suggest_}, {style_, suggest_}}

/* Real nodes' settings: the command line's only, and only with --exec. */
#define REAL_NODES .offset = SETTING_NOWHERE, .on_command_line = true

static const struct setting table[SETTING_ID_COUNT] = {
    [SETTING_NODES] = {.name = "nodes",
                       .kind = SETTING_KIND_COUNT,
                       .min = 1,
                       .max = SIM_MAX_NODES,
                       .default_text = "4",
                       IN_CONFIG(nodes),
                       BOTH,
                       .arg = "N",
                       .help = "worker nodes, 1 to {max} (default "
                               "{default})"},
    [SETTING_SEED] = {.name = "seed",
                      .kind = SETTING_KIND_SEED,
                      .max = UINT64_MAX,
                      .default_text = "1",
                      IN_CONFIG(seed),
                      BOTH,
                      .arg = "S",
                      .help = "random seed, 0 to 2^64-1 (default: drawn "
                              "and shown)"},
    [SETTING_STRATEGY] = {.name = "strategy",
                          .kind = SETTING_KIND_CHOICE,
                          .choices = &choices_strategies,
                          .what = "a strategy name",
                          REFUSE_ALL(SETTING_REFUSE_SEE_HELP, true),
                          .default_text = "relay",
                          NOWHERE,
                          BOTH,
                          .arg = "NAME",
                          .help = "how nodes propagate (default "
                                  "{default})"},
    [SETTING_LATENCY] = {.name = "latency",
                         .kind = SETTING_KIND_LATENCY,
                         .default_text = "20-60ms",
                         IN_CONFIG(latency),
                         BOTH,
                         .arg = "L",
                         .help = "message delay: 20ms, 10-50ms or "
                                 "exp:30ms\n(default {default}, at most "
                                 "1h)"},
    [SETTING_GOSSIP_INTERVAL] = {.name = "gossip-interval",
                                 .kind = SETTING_KIND_DURATION_RANGE,
                                 .min = SIM_MIN_GOSSIP_US,
                                 .max = LATENCY_MAX_US,
                                 .default_text = "180-220ms",
                                 IN_CONFIG(gossip_min_us),
                                 .offset_high =
                                     offsetof(struct sim_config, gossip_max_us),
                                 BOTH,
                                 .arg = "R",
                                 .help = "each worker's gossip timer, e.g. "
                                         "{default} (default)"},
    [SETTING_RATE] = {.name = "rate",
                      .kind = SETTING_KIND_RATE,
                      .max_real = SIM_MAX_RATE,
                      .default_text = "0",
                      IN_CONFIG(rate),
                      BOTH,
                      .arg = "R",
                      .help = "automatic increments per second, 0 to {max} "
                              "(default {default})"},
    /* Above 0s, from either place: a workload that stops at once is a
     * slip, not a request (a scenario that wants none gives no rate). */
    [SETTING_DURATION] = {.name = "duration",
                          .kind = SETTING_KIND_DURATION,
                          .min = 1,
                          .max = SIM_MAX_DURATION_US,
                          IN_CONFIG(duration_us),
                          .log = SETTING_LOG_UNLESS_DEFAULT,
                          BOTH,
                          .arg = "T",
                          .help = "virtual time the workload runs (headless "
                                  "default 10s,\nat most {max}); afterwards "
                                  "headless mode waits up to 60s\nmore for "
                                  "the cluster to converge"},
    [SETTING_DROP] = {.name = "drop",
                      .kind = SETTING_KIND_PROBABILITY,
                      .default_text = "0",
                      IN_CONFIG(drop),
                      BOTH,
                      .arg = "P",
                      .help = "probability a message is lost, e.g. 0.1 or "
                              "10%"},
    [SETTING_DUPLICATE] = {.name = "duplicate",
                           .kind = SETTING_KIND_PROBABILITY,
                           .default_text = "0",
                           IN_CONFIG(duplicate),
                           BOTH,
                           .arg = "P",
                           .help = "probability a message arrives twice"},
    [SETTING_FANOUT] = {.name = "fanout",
                        .kind = SETTING_KIND_COUNT,
                        .min = 1,
                        .max = SIM_MAX_NODES,
                        .default_text = "2",
                        IN_CONFIG(fanout),
                        BOTH,
                        .arg = "K",
                        .help = "gossip, push-pull: peers per round "
                                "(default {default})"},
    [SETTING_HYBRID_CHANGES] = {.name = "hybrid-changes",
                                .kind = SETTING_KIND_COUNT,
                                .min = 1,
                                .max = SIM_MAX_HYBRID_CHANGES,
                                .default_text = "3",
                                IN_CONFIG(hybrid_changes),
                                BOTH,
                                .arg = "K",
                                .help = "hybrid: send after K increments "
                                        "(default {default}, at most "
                                        "{max})"},
    [SETTING_READER] =
        {.name = "reader",
         .kind = SETTING_KIND_CHOICE,
         .choices = &choices_readers,
         .refusal = {[SETTING_FROM_COMMAND_LINE] = {SETTING_REFUSE_USE, false},
                     [SETTING_FROM_FILE] = {SETTING_REFUSE_EXPECTED, false},
                     [SETTING_FROM_COMMAND] = {SETTING_REFUSE_EXPECTED, false}},
         .default_text = "none",
         .log = SETTING_LOG_UNLESS_DEFAULT,
         NOWHERE,
         BOTH,
         .arg = "KIND",
         .help = "random (a random replica per read, like "
                 "the original\npage-view counter) or "
                 "sticky (one replica)"},
    /* 0 until a reader is chosen, which then reads SIM_DEFAULT_READ_RATE
     * times a second unless told otherwise; 0 itself is refused, so that
     * "not given" is the only thing it means. */
    [SETTING_READ_RATE] = {.name = "read-rate",
                           .kind = SETTING_KIND_RATE,
                           .max_real = SIM_MAX_RATE,
                           .above_zero = true,
                           IN_CONFIG(read_rate),
                           .log = SETTING_LOG_WITH_READER,
                           BOTH,
                           .arg = "R",
                           .help = "reads per second, above 0 (default 10)"},
    [SETTING_PARTITION] = {.name = "partition",
                           .kind = SETTING_KIND_NODE,
                           NOWHERE,
                           CLI_ONLY,
                           .arg = "NODE",
                           .help = "cut n3 off both ways from the start; "
                                   "n3:in cannot\nreceive, n3:out cannot "
                                   "send (repeatable)"},
    [SETTING_CRASH] = {.name = "crash",
                       .kind = SETTING_KIND_NODE,
                       NOWHERE,
                       CLI_ONLY,
                       .arg = "NODE",
                       .help = "n2 or relay is down from the start "
                               "(repeatable)"},
    [SETTING_AMNESIA] = {.name = "amnesia",
                         .kind = SETTING_KIND_FLAG,
                         NOWHERE,
                         BOTH,
                         .help = "restarted workers forget their own count "
                                 "(the lesson\nin why a replica must "
                                 "persist its slot)"},
    [SETTING_SCRIPT] = {.name = "script",
                        .kind = SETTING_KIND_PATH,
                        NOWHERE,
                        CLI_ONLY,
                        .arg = "FILE",
                        .help = "play a scenario file (see "
                                "docs/scenarios.md); its\nsettings replace "
                                "the options above, but --seed wins"},
    [SETTING_CRDT] =
        {.name = "crdt",
         .kind = SETTING_KIND_CHOICE,
         .choices = &choices_crdts,
         .refusal = {[SETTING_FROM_COMMAND_LINE] = {SETTING_REFUSE_USE, false},
                     [SETTING_FROM_FILE] = {SETTING_REFUSE_EXPECTED, false}},
         .default_text = "gcounter",
         .log = SETTING_LOG_UNLESS_DEFAULT,
         NOWHERE,
         BOTH,
         .arg = "C",
         .help = "{default} (default) or pncounter (counts "
                 "down too: on\nthe dashboard Shift-1..9 or "
                 "Backspace decrement)"},
    [SETTING_MODE] =
        {.name = "mode",
         .kind = SETTING_KIND_CHOICE,
         .choices = &choices_modes,
         .what = "a mode",
         .refusal = {[SETTING_FROM_COMMAND_LINE] = {SETTING_REFUSE_USE, false},
                     [SETTING_FROM_FILE] = {SETTING_REFUSE_USE, true},
                     [SETTING_FROM_COMMAND] = {SETTING_REFUSE_USE, true}},
         .default_text = "state",
         NOWHERE,
         BOTH,
         .arg = "M",
         .help = "what a message carries: {default} "
                 "(default), delta, op\nor op-reliable (see "
                 "Modes below; op modes need relay,\n"
                 "interval, on-change or hybrid)"},
    [SETTING_TITLE] = {.name = "title",
                       .kind = SETTING_KIND_TEXT,
                       NOWHERE,
                       .in_file = true},
    [SETTING_REPLAY] = {.name = "replay",
                        .kind = SETTING_KIND_PATH,
                        NOWHERE,
                        CLI_ONLY,
                        .arg = "FILE",
                        .help = "play a saved log back (as --script "
                                "does)"},
    [SETTING_LESSON] = {.name = "lesson",
                        .kind = SETTING_KIND_PATH,
                        NOWHERE,
                        CLI_ONLY,
                        .arg = "DIR",
                        .help = "play a lesson: a folder of scenarios in "
                                "name order,\nor a file listing them, as one "
                                "talk with a title\ncard per chapter (several "
                                "--script do the same)"},
    [SETTING_SAVE_LOG] = {.name = "save-log",
                          .kind = SETTING_KIND_PATH,
                          NOWHERE,
                          CLI_ONLY,
                          .arg = "FILE",
                          .help = "save every command of this run, to "
                                  "replay it exactly"},
    [SETTING_HEADLESS] = {.name = "headless",
                          .kind = SETTING_KIND_FLAG,
                          NOWHERE,
                          CLI_ONLY,
                          .help = "run as fast as possible and print a "
                                  "summary"},
    [SETTING_JSON] = {.name = "json",
                      .kind = SETTING_KIND_FLAG,
                      NOWHERE,
                      CLI_ONLY,
                      .help = "print the summary as one JSON object"},
    [SETTING_TRACE] = {.name = "trace",
                       .kind = SETTING_KIND_FLAG,
                       NOWHERE,
                       CLI_ONLY,
                       .help = "print one JSON line per event first"},
    [SETTING_THEME] =
        {.name = "theme",
         .kind = SETTING_KIND_CHOICE,
         .choices = &choices_themes,
         .refusal = {[SETTING_FROM_COMMAND_LINE] = {SETTING_REFUSE_USE, true},
                     [SETTING_FROM_FILE] = {SETTING_REFUSE_EXPECTED, false}},
         .default_text = "dark",
         NOWHERE,
         BOTH,
         .arg = "T",
         .help = "dark, light, projector (high contrast) or "
                 "mono"},
    [SETTING_VIEW] =
        {.name = "view",
         .kind = SETTING_KIND_CHOICE,
         .choices = &choices_views,
         .what = "a view",
         .refusal = {[SETTING_FROM_COMMAND_LINE] = {SETTING_REFUSE_USE, true},
                     [SETTING_FROM_FILE] = {SETTING_REFUSE_USE, true}},
         .default_text = "table",
         NOWHERE,
         BOTH,
         .arg = "V",
         .help = "the dashboard's first view: {default} (default),\n"
                 "network (a picture) or spacetime (a diagram);\n"
                 "the w key cycles them"},
    [SETTING_NO_COLOR] = {.name = "no-color",
                          CLI_FLAG,
                          .help = "no colour (also when NO_COLOR is set)"},
    [SETTING_BIG] = {.name = "big",
                     CLI_FLAG,
                     .help = "big digits for the totals (and, with room, "
                             "the vectors)"},
    [SETTING_BEGINNER] = {.name = "beginner",
                          CLI_FLAG,
                          .help = "a first lesson's layout: no jargon line "
                                  "(dlv, B/op, p99)"},
    [SETTING_SHOW_KEYS] = {.name = "show-keys",
                           CLI_FLAG,
                           .help = "caption every key pressed and what it "
                                   "did (for videos)"},
    [SETTING_SHOW_CHECKS] = {.name = "show-checks",
                             .kind = SETTING_KIND_FLAG,
                             NOWHERE,
                             CLI_ONLY,
                             .help = "show a script's expect lines (ok and "
                                     "FAIL) on the\ndashboard, for the "
                                     "presenter"},
    [SETTING_LISTEN] = {.name = "listen",
                        .kind = SETTING_KIND_TEXT,
                        NOWHERE,
                        CLI_ONLY,
                        .arg = "ADDR:PORT",
                        .help = "serve a page on which phones join as "
                                "workers\n(loopback unless an IPv4 address "
                                "is given:\n0.0.0.0:8080 for the room; at most "
                                "256 phones)"},
    [SETTING_KEEP_WORKERS] = {.name = "keep-workers",
                              .kind = SETTING_KIND_COUNT,
                              .min = 0,
                              .max = SIM_MAX_NODES,
                              .default_text = "0",
                              NOWHERE,
                              CLI_ONLY,
                              .arg = "K",
                              .help = "n1 to nK stay simulated, every other "
                                      "worker is\na seat for a phone (default "
                                      "{default})"},
    [SETTING_COLS] = {.name = "cols",
                      .kind = SETTING_KIND_COUNT,
                      .min = 80,
                      .max = 1000,
                      .below_min_note = " (the dashboard's smallest)",
                      NOWHERE,
                      CLI_ONLY,
                      .label = "--cols C, --rows R",
                      .help = "a fixed canvas of C x R, whatever the "
                              "terminal's size\n(at least 80 x 24)"},
    /* (In --help with --cols.) */
    [SETTING_ROWS] = {.name = "rows",
                      .kind = SETTING_KIND_COUNT,
                      .min = 24,
                      .max = 500,
                      .below_min_note = " (the dashboard's smallest)",
                      NOWHERE,
                      CLI_ONLY},
    [SETTING_RECORD] = {.name = "record",
                        .kind = SETTING_KIND_PATH,
                        NOWHERE,
                        CLI_ONLY,
                        .arg = "FILE.cast",
                        .help = "record this session as an asciicast v2 "
                                "file"},
    [SETTING_RENDER] = {.name = "render",
                        .kind = SETTING_KIND_PATH,
                        NOWHERE,
                        CLI_ONLY,
                        .arg = "FILE",
                        .help = "render --script or --replay with no "
                                "terminal, in\nvirtual time (default 80 x "
                                "24) to FILE.cast,\n.gif, .mp4, .webm or "
                                ".png (a still: --at T)"},
    [SETTING_SVG] = {.name = "svg",
                     .kind = SETTING_KIND_PATH,
                     NOWHERE,
                     CLI_ONLY,
                     .arg = "FILE.svg",
                     .help = "write the space-time diagram of a --headless "
                             "run\nas SVG (--theme light or mono to "
                             "print)"},
    [SETTING_SVG_WINDOW] = {.name = "svg-window",
                            .kind = SETTING_KIND_DURATION_RANGE,
                            .min = 0,
                            .max = SIM_MAX_DURATION_US,
                            NOWHERE,
                            CLI_ONLY,
                            .arg = "T1-T2",
                            .help = "the SVG shows virtual times T1 to T2 "
                                    "only (\"2-5s\")"},
    /* A moment to look at: the world as it was then (headless). */
    [SETTING_AT] = {.name = "at",
                    .kind = SETTING_KIND_DURATION,
                    .min = 0,
                    .max = SIM_MAX_DURATION_US,
                    NOWHERE,
                    CLI_ONLY,
                    .arg = "T",
                    .help = "print the world as it was at virtual time T "
                            "instead of\nat the end (with --script or "
                            "--replay: played up to T)"},
    /* Videos (--render FILE.gif/.png/.mp4/.webm, --convert). */
    [SETTING_CONVERT] = {.name = "convert",
                         .kind = SETTING_KIND_PATH,
                         NOWHERE,
                         CLI_ONLY,
                         .label = "--convert IN OUT",
                         .help = "convert the asciicast IN (a --record "
                                 "or a\n--render) to OUT.gif, .png, .mp4 or "
                                 ".webm"},
    [SETTING_FONT] = {.name = "font",
                      .kind = SETTING_KIND_PATH,
                      NOWHERE,
                      CLI_ONLY,
                      .arg = "NAME",
                      .help = "a video's font: a fontconfig name or a file "
                              "(default\nDejaVu Sans Mono)"},
    [SETTING_FONT_SIZE] = {.name = "font-size",
                           .kind = SETTING_KIND_COUNT,
                           .min = 6,
                           .max = 96,
                           .default_text = "16",
                           NOWHERE,
                           CLI_ONLY,
                           .arg = "PX",
                           .help = "a video's text size in pixels (default "
                                   "{default})"},
    [SETTING_FROM] = {.name = "from",
                      .kind = SETTING_KIND_DURATION,
                      .min = 0,
                      .max = SIM_MAX_DURATION_US,
                      NOWHERE,
                      CLI_ONLY,
                      .label = "--from T, --to T",
                      .help = "a video starts, or ends, at T of the "
                              "recording;\na .png shows --at T (default: "
                              "the end)"},
    /* (In --help with --from.) */
    [SETTING_TO] = {.name = "to",
                    .kind = SETTING_KIND_DURATION,
                    .min = 1,
                    .max = SIM_MAX_DURATION_US,
                    NOWHERE,
                    CLI_ONLY},
    [SETTING_KEEP_HINTS] = {.name = "keep-hints",
                            .kind = SETTING_KIND_FLAG,
                            NOWHERE,
                            CLI_ONLY,
                            .help = "a render keeps what only a presenter "
                                    "needs\n(key hints, \"press space to "
                                    "go on\")"},
    [SETTING_RESTORE_END] = {.name = "restore-end",
                             .kind = SETTING_KIND_FLAG,
                             NOWHERE,
                             CLI_ONLY,
                             .help = "a rendered cast ends by giving the "
                                     "terminal back\n(main screen, cursor "
                                     "shown): the last picture\ngoes"},
    /* A render's pace, and the dashboard's speed at the start. */
    [SETTING_SPEED] = {.name = "speed",
                       .kind = SETTING_KIND_RATE,
                       .max_real = 64,
                       NOWHERE,
                       CLI_ONLY,
                       .arg = "X",
                       .help = "how fast virtual time runs, 1/16 to 64: "
                               "a render's\npace (0.5 is slow motion), or "
                               "the dashboard's\nstarting speed"},
    [SETTING_PAUSE_HOLD] = {.name = "pause-hold",
                            .kind = SETTING_KIND_DURATION,
                            .min = 0,
                            .max = 60000000,
                            NOWHERE,
                            CLI_ONLY,
                            .arg = "T",
                            .help = "a render holds each pause of the "
                                    "scenario this long\n(default 1.5s)"},
    [SETTING_END_HOLD] = {.name = "end-hold",
                          .kind = SETTING_KIND_DURATION,
                          .min = 0,
                          .max = 60000000,
                          NOWHERE,
                          CLI_ONLY,
                          .arg = "T",
                          .help = "a render holds its last picture this "
                                  "long (default 3s)"},
    [SETTING_HELP] = {.name = "help",
                      .kind = SETTING_KIND_FLAG,
                      NOWHERE,
                      CLI_ONLY,
                      .short_name = 'h',
                      .label = "-h, --help",
                      .help = "show this help"},
    [SETTING_VERSION] = {.name = "version",
                         .kind = SETTING_KIND_FLAG,
                         NOWHERE,
                         CLI_ONLY,
                         .short_name = 'V',
                         .label = "-V, --version",
                         .help = "show the version"},
    [SETTING_EXEC] =
        {.name = "exec",
         .kind = SETTING_KIND_TEXT,
         REAL_NODES,
         .arg = "COMMAND",
         .help = "run each node as this program (by /bin/sh),\n"
                 "speaking the Maelstrom protocol; a workload adds and\n"
                 "reads, then the checker asks each node for its final\n"
                 "value (exit 0: passed, 1: not). With it: --nodes 1 to\n"
                 "16 (default 3), --rate adds a second (default 10),\n"
                 "--duration from every init_ok (default 5s), --latency\n"
                 "TIME[-TIME] (10-15ms), --partition\n"
                 "NODE[:in|:out]@TIME, --crash NODE@TIME[-TIME]\n"
                 "(amnesia); the rest as above.\n"
                 "gcounter maelstrom-node [--gossip T] is such a node"},
    [SETTING_WORKLOAD] = {.name = "workload",
                          .kind = SETTING_KIND_CHOICE,
                          .choices = &choices_workloads,
                          .what = "a workload",
                          REFUSE_ALL(SETTING_REFUSE_USE, true),
                          .default_text = "g-counter",
                          REAL_NODES,
                          .arg = "W",
                          .help = "g-counter (default), or pn-counter:\n"
                                  "adds of either sign"},
    [SETTING_MAX_DELTA] = {.name = "max-delta",
                           .kind = SETTING_KIND_COUNT,
                           .min = 1,
                           .max = 1000000,
                           .default_text = "5",
                           REAL_NODES,
                           .arg = "N",
                           .help = "each add's delta is 1 to N, at most "
                                   "{max}\n(default {default}; pn-counter: "
                                   "or as much below 0)"},
    [SETTING_SETTLE] = {.name = "settle",
                        .kind = SETTING_KIND_DURATION,
                        .max = SIM_MAX_DURATION_US,
                        .default_text = "2s",
                        REAL_NODES,
                        .arg = "T",
                        .help = "after the workload every fault heals "
                                "for T,\nthen the final reads (default "
                                "{default})"},
    [SETTING_ANSWER] = {.name = "answer",
                        .kind = SETTING_KIND_DURATION,
                        .min = 1000,
                        .max = SIM_MAX_DURATION_US,
                        .default_text = "5s",
                        REAL_NODES,
                        .arg = "T",
                        .help = "how long init and the final reads may "
                                "take\n(default {default})"},
    [SETTING_READ_EVERY] = {.name = "read-every",
                            .kind = SETTING_KIND_DURATION,
                            .min = 1000,
                            .max = SIM_MAX_DURATION_US,
                            .default_text = "500ms",
                            REAL_NODES,
                            .arg = "T",
                            .help = "the workload reads every node this "
                                    "often\n(default {default})"},
    [SETTING_CLASS] = {.name = "class",
                       .kind = SETTING_KIND_FLAG,
                       REAL_NODES,
                       .help = "a class of real nodes: students' nodes "
                               "join over\nTCP (gcounter join HOST:PORT "
                               "CODE) and take a\nseat; a seat nobody "
                               "holds runs --exec, or\ngcounter's own node "
                               "without it. --listen\nADDR:PORT says where "
                               "(default 127.0.0.1:7100;\nwith --exec, "
                               "--listen alone means a class).\n"
                               "gcounter join HOST:PORT CODE [--name NAME]\n"
                               "[--exec COMMAND] is a student's end"},
    [SETTING_WAIT_JOINS] = {.name = "wait-joins",
                            .kind = SETTING_KIND_COUNT,
                            .min = 1,
                            .max = 16,
                            REAL_NODES,
                            .arg = "N",
                            .help = "the last N seats wait for students: "
                                    "the workload\nstarts once they "
                                    "answered init (or --answer\nhas "
                                    "passed)"},
};

const struct setting *settings_get(enum setting_id id)
{
	return (size_t)id < SETTING_ID_COUNT ? &table[id] : NULL;
}

const struct setting *settings_find(const char *name)
{
	for (size_t i = 0; i < SETTING_ID_COUNT; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

enum setting_id settings_id(const struct setting *setting)
{
	return (enum setting_id)(setting - table);
}
