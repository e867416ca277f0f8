/*
 * A scenario's reports for people: one report as a line of words (named by
 * what the scenario compares: its strategies, its modes, or both), and
 * every report so far as a table that fits 80 columns. The work an
 * increment caused and idle traffic are told apart. Pure text from the
 * player's figures: no curses, no world, no allocation.
 */
#ifndef GCOUNTER_VIEW_REPORT_H
#define GCOUNTER_VIEW_REPORT_H

#include <stddef.h>

#include "script/player.h"
#include "script/scenario.h"

/* What names a report: what the scenario's commands change. */
enum report_label {
	REPORT_BY_BOTH,     /* neither or both: "relay, state mode" */
	REPORT_BY_STRATEGY, /* only strategies change: "gossip" */
	REPORT_BY_MODE,     /* only modes change: "delta mode" */
};
enum report_label report_label_of(const struct scenario *scenario);

/*
 * One report in a line: "gossip: 799 messages (120 idle), 7.8 per
 * increment; 8789 bytes (1320 idle), 86 per increment; latency p50
 * 534ms, p99 793ms". Per increment counts the work (idle left out).
 */
size_t report_line(const struct report_figures *figures, enum report_label by,
                   char *buf, size_t cap);

/* The figures as JSON members, no braces: "strategy":"relay","mode":
 * "state","messages":..,"idle_messages":..,"bytes":..,"idle_bytes":..,
 * "increments":..,"messages_per_increment":..,"bytes_per_increment":..,
 * "p50_ms":..,"p99_ms":.. (null with no increment or no sample). */
size_t report_json(const struct report_figures *figures, char *buf, size_t cap);

/* The table's lines: a header, a row per report, a note on idle. */
#define REPORT_TABLE_LINES (PLAYER_REPORT_ROWS + 2)
#define REPORT_TABLE_CAP   128

struct report_table {
	size_t count;
	size_t columns; /* the widest line's */
	char lines[REPORT_TABLE_LINES][REPORT_TABLE_CAP];
};

/* The reports as a table in at most `width` columns (the least needed
 * columns left out first, then lines clipped). */
void report_table(const struct report_figures *rows, size_t count,
                  enum report_label by, size_t width,
                  struct report_table *table);

#endif
