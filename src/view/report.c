/*
 * A scenario's reports in words and as a table. "Per increment" divides
 * the work, the messages and bytes sent while some node still lacked an
 * increment, by the increments made; what was sent while the world was
 * converged is idle and told on its own, so a quiet stretch cannot
 * inflate the cost of an increment. Never reads the world.
 */
#include "view/report.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "view/numbers.h"
#include "view/text.h"

enum report_label report_label_of(const struct scenario *scenario)
{
	bool strategies = false, modes = false;

	for (size_t i = 0; scenario != NULL && i < scenario->count; i++) {
		const struct scenario_item *item = &scenario->items[i];

		if (item->kind != ITEM_COMMAND)
			continue;
		strategies |= item->command.kind == CMD_SET_STRATEGY;
		modes |= item->command.kind == CMD_SET_MODE;
	}
	if (strategies && !modes)
		return REPORT_BY_STRATEGY;
	if (modes && !strategies)
		return REPORT_BY_MODE;
	return REPORT_BY_BOTH;
}

/* What names a report: in a line ("gossip", "delta mode", "relay, state
 * mode"), or as a table's row ("delta", "relay/state"). */
static void name_of(const struct report_figures *f, enum report_label by,
                    bool row, char *buf, size_t cap)
{
	if (by == REPORT_BY_STRATEGY)
		snprintf(buf, cap, "%s", f->strategy);
	else if (by == REPORT_BY_MODE)
		snprintf(buf, cap, row ? "%s" : "%s mode", f->mode);
	else
		snprintf(buf, cap, row ? "%s/%s" : "%s, %s mode", f->strategy,
		         f->mode);
}

/* num / den for people, from integers (the same text on every machine):
 * one decimal below 100, whole above; "-" with nothing to divide by. */
static void ratio(uint64_t num, uint64_t den, char *buf, size_t cap)
{
	uint64_t tenths;

	if (den == 0) {
		snprintf(buf, cap, "-");
		return;
	}
	tenths = (num * 10 + den / 2) / den;
	if (tenths < 1000)
		snprintf(buf, cap, "%" PRIu64 ".%" PRIu64, tenths / 10,
		         tenths % 10);
	else
		snprintf(buf, cap, "%" PRIu64, (num + den / 2) / den);
}

size_t report_line(const struct report_figures *f, enum report_label by,
                   char *buf, size_t cap)
{
	char name[64], per_msg[24], per_byte[24], p50[24], p99[24];
	int w;

	name_of(f, by, false, name, sizeof name);
	if (f->increments == 0) {
		w = snprintf(buf, cap,
		             "%s: %" PRIu64 " messages (%" PRIu64
		             " idle), %" PRIu64 " bytes, no increments",
		             name, f->sent, f->idle_sent, f->bytes);
		return w < 0 ? 0 : (size_t)w;
	}
	ratio(f->sent - f->idle_sent, f->increments, per_msg, sizeof per_msg);
	ratio(f->bytes - f->idle_bytes, f->increments, per_byte,
	      sizeof per_byte);
	if (f->samples > 0) {
		numbers_duration(f->p50_us, p50, sizeof p50);
		numbers_duration(f->p99_us, p99, sizeof p99);
	} else {
		snprintf(p50, sizeof p50, "-");
		snprintf(p99, sizeof p99, "-");
	}
	w = snprintf(buf, cap,
	             "%s: %" PRIu64 " messages (%" PRIu64
	             " idle), %s per increment; %" PRIu64 " bytes (%" PRIu64
	             " idle), %s per increment; latency p50 %s, p99 %s",
	             name, f->sent, f->idle_sent, per_msg, f->bytes,
	             f->idle_bytes, per_byte, p50, p99);
	return w < 0 ? 0 : (size_t)w;
}

/* a / b to 3 decimals, or null: JSON has no "-". */
static void json_ratio(uint64_t num, uint64_t den, char *buf, size_t cap)
{
	if (den == 0)
		snprintf(buf, cap, "null");
	else
		snprintf(buf, cap, "%.3f", (double)num / (double)den);
}

size_t report_json(const struct report_figures *f, char *buf, size_t cap)
{
	char msgs[32], bytes[32], p50[32], p99[32];
	int w;

	json_ratio(f->sent - f->idle_sent, f->increments, msgs, sizeof msgs);
	json_ratio(f->bytes - f->idle_bytes, f->increments, bytes,
	           sizeof bytes);
	json_ratio(f->p50_us, f->samples > 0 ? 1000 : 0, p50, sizeof p50);
	json_ratio(f->p99_us, f->samples > 0 ? 1000 : 0, p99, sizeof p99);
	/* Names come from the engine's tables: no character to escape. */
	w = snprintf(buf, cap,
	             "\"strategy\":\"%s\",\"mode\":\"%s\",\"messages\":%" PRIu64
	             ",\"idle_messages\":%" PRIu64 ",\"bytes\":%" PRIu64
	             ",\"idle_bytes\":%" PRIu64 ",\"increments\":%" PRIu64
	             ",\"messages_per_increment\":%s,\"bytes_per_increment\":%s"
	             ",\"p50_ms\":%s,\"p99_ms\":%s",
	             f->strategy, f->mode, f->sent, f->idle_sent, f->bytes,
	             f->idle_bytes, f->increments, msgs, bytes, p50, p99);
	return w < 0 ? 0 : (size_t)w;
}

/* --- the table ------------------------------------------------------------ */

/* A column of numbers: its header, and a row's cell. */
struct column {
	const char *header;
	void (*cell)(const struct report_figures *f, char *buf, size_t cap);
	int drop_order; /* 0 stays; higher goes first when too wide */
};

static void cell_messages(const struct report_figures *f, char *buf, size_t cap)
{
	ratio(f->sent - f->idle_sent, f->increments, buf, cap);
}

static void cell_idle(const struct report_figures *f, char *buf, size_t cap)
{
	snprintf(buf, cap, "%" PRIu64, f->idle_sent);
}

static void cell_bytes(const struct report_figures *f, char *buf, size_t cap)
{
	ratio(f->bytes - f->idle_bytes, f->increments, buf, cap);
}

static void cell_p50(const struct report_figures *f, char *buf, size_t cap)
{
	if (f->samples == 0)
		snprintf(buf, cap, "-");
	else
		numbers_duration(f->p50_us, buf, cap);
}

static void cell_p99(const struct report_figures *f, char *buf, size_t cap)
{
	if (f->samples == 0)
		snprintf(buf, cap, "-");
	else
		numbers_duration(f->p99_us, buf, cap);
}

static const struct column columns[] = {
    {.header = "msgs/inc", .cell = cell_messages},
    {.header = "bytes/inc", .cell = cell_bytes},
    {.header = "p50", .cell = cell_p50},
    {.header = "p99", .cell = cell_p99},
    {.header = "idle msgs", .cell = cell_idle, .drop_order = 1},
};
#define COLUMNS (sizeof columns / sizeof columns[0])
#define GAP     2

static size_t cell_width(const struct report_figures *rows, size_t count,
                         const struct column *c)
{
	size_t most = strlen(c->header);
	char cell[32];

	for (size_t i = 0; i < count; i++) {
		c->cell(&rows[i], cell, sizeof cell);
		if (strlen(cell) > most)
			most = strlen(cell);
	}
	return most;
}

static void put(struct report_table *t, const char *text, size_t width)
{
	size_t keep = text_clip(text, width);
	char *line;

	if (t->count >= REPORT_TABLE_LINES)
		return;
	line = t->lines[t->count++];
	if (keep >= REPORT_TABLE_CAP)
		keep = REPORT_TABLE_CAP - 1;
	memcpy(line, text, keep);
	line[keep] = '\0';
	while (keep > 0 && line[keep - 1] == ' ')
		line[--keep] = '\0';
	if (text_columns(line) > t->columns)
		t->columns = text_columns(line);
}

void report_table(const struct report_figures *rows, size_t count,
                  enum report_label by, size_t width, struct report_table *t)
{
	static const char *const heads[] = {
	    [REPORT_BY_BOTH] = "strategy/mode",
	    [REPORT_BY_STRATEGY] = "strategy",
	    [REPORT_BY_MODE] = "mode",
	};
	size_t widths[COLUMNS], name_width = strlen(heads[by]), total;
	bool shown[COLUMNS];
	char name[64], cell[32], line[REPORT_TABLE_CAP];

	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < count; i++) {
		name_of(&rows[i], by, true, name, sizeof name);
		if (text_columns(name) > name_width)
			name_width = text_columns(name);
	}
	total = name_width;
	for (size_t c = 0; c < COLUMNS; c++) {
		widths[c] = cell_width(rows, count, &columns[c]);
		shown[c] = true;
		total += GAP + widths[c];
	}
	/* Too wide: the columns a comparison can do without go first. */
	for (size_t c = 0; c < COLUMNS && total > width; c++)
		if (columns[c].drop_order > 0) {
			shown[c] = false;
			total -= GAP + widths[c];
		}
	for (size_t r = 0; r <= count; r++) {
		size_t len;

		if (r == 0)
			snprintf(name, sizeof name, "%s", heads[by]);
		else
			name_of(&rows[r - 1], by, true, name, sizeof name);
		len = (size_t)snprintf(line, sizeof line, "%-*s",
		                       (int)name_width, name);
		for (size_t c = 0; c < COLUMNS && len < sizeof line; c++) {
			int w;

			if (!shown[c])
				continue;
			if (r == 0)
				snprintf(cell, sizeof cell, "%s",
				         columns[c].header);
			else
				columns[c].cell(&rows[r - 1], cell,
				                sizeof cell);
			w = snprintf(line + len, sizeof line - len, "%*s%*s",
			             GAP, "", (int)widths[c], cell);
			if (w < 0)
				break;
			len += (size_t)w;
			if (len >= sizeof line)
				len = sizeof line - 1;
		}
		put(t, line, width);
	}
	put(t,
	    shown[COLUMNS - 1]
	        ? "per increment: the work it caused; idle: sent while "
	          "converged"
	        : "per increment: the work it caused, idle traffic left out",
	    width);
}
