/*
 * The settings' lists beside the table (script/settings.c, which had
 * reached the 900-line limit): the order a saved log writes them in and
 * the sections of --help. Ids only: never a name, a parser or a value.
 */
#include "script/settings.h"

const enum setting_id settings_log_order[] = {
    SETTING_NODES,
    SETTING_SEED,
    SETTING_STRATEGY,
    SETTING_CRDT,
    SETTING_MODE,
    SETTING_LATENCY,
    SETTING_GOSSIP_INTERVAL,
    SETTING_RATE,
    SETTING_DROP,
    SETTING_DUPLICATE,
    SETTING_FANOUT,
    SETTING_HYBRID_CHANGES,
    SETTING_READER,
    SETTING_READ_RATE,
    SETTING_DURATION,
};
const size_t settings_log_order_count =
    sizeof settings_log_order / sizeof settings_log_order[0];

#define SECTION(heading_, ...)                                                 \
	{                                                                      \
		.heading = heading_, .ids = {__VA_ARGS__},                     \
		.count = sizeof((enum setting_id[]){__VA_ARGS__}) /            \
		         sizeof(enum setting_id)                               \
	}

const struct settings_help_section settings_help_sections[] = {
    SECTION("The world", SETTING_NODES, SETTING_CRDT, SETTING_SEED,
            SETTING_STRATEGY, SETTING_MODE, SETTING_LATENCY,
            SETTING_GOSSIP_INTERVAL, SETTING_RATE, SETTING_DURATION,
            SETTING_DROP, SETTING_DUPLICATE, SETTING_FANOUT,
            SETTING_HYBRID_CHANGES),
    SECTION("Faults and readers", SETTING_PARTITION, SETTING_CRASH,
            SETTING_AMNESIA, SETTING_READER, SETTING_READ_RATE),
    SECTION("Scenarios", SETTING_SCRIPT, SETTING_LESSON, SETTING_SAVE_LOG,
            SETTING_REPLAY),
    SECTION("Headless (no screen)", SETTING_HEADLESS, SETTING_JSON,
            SETTING_TRACE, SETTING_AT),
    SECTION("Dashboard", SETTING_THEME, SETTING_VIEW, SETTING_NO_COLOR,
            SETTING_BIG, SETTING_BEGINNER, SETTING_SHOW_KEYS,
            SETTING_SHOW_CHECKS),
    SECTION("Recording", SETTING_COLS, SETTING_RECORD, SETTING_RENDER,
            SETTING_SVG, SETTING_SVG_WINDOW),
    SECTION("Videos", SETTING_CONVERT, SETTING_FONT, SETTING_FONT_SIZE,
            SETTING_FROM, SETTING_KEEP_HINTS, SETTING_RESTORE_END,
            SETTING_SPEED, SETTING_PAUSE_HOLD, SETTING_END_HOLD),
    SECTION("Phones in the room (the dashboard only)", SETTING_LISTEN,
            SETTING_KEEP_WORKERS),
    SECTION("Real nodes (programs speaking the Maelstrom protocol)",
            SETTING_EXEC, SETTING_WORKLOAD, SETTING_MAX_DELTA, SETTING_SETTLE,
            SETTING_ANSWER, SETTING_READ_EVERY),
    SECTION("A classroom over TCP (real nodes)", SETTING_CLASS,
            SETTING_WAIT_JOINS),
    SECTION("", SETTING_HELP, SETTING_VERSION),
};
const size_t settings_help_section_count =
    sizeof settings_help_sections / sizeof settings_help_sections[0];
