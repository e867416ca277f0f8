/*
 * Drawing the dashboard. Every frame is drawn whole into the curses screen
 * (curses sends only the cells that changed), each part inside the
 * rectangle the layout gave it and clipped to it, so that nothing can spill
 * off-screen or over another part whatever the size or the node count.
 * This file draws the frame and the rows around the middle: the header and
 * the faults in force, the banner, the numbers, the reader, the event log,
 * the caption bar and the status line.
 */
#include "ui/dashboard.h"

#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "script/choices.h"
#include "script/settings.h"
#include "sim/mode.h"
#include "sim/strategy.h"
#include "ui/dashboard-parts.h"
#include "ui/dashboard-views.h"
#include "ui/draw.h"
#include "ui/keymap.h"
#include "view/faults.h"
#include "view/logfit.h"
#include "view/numbers.h"
#include "view/text.h"

/* Faults named one by one before "+N more". */
#define FAULT_NAMES 3

/* The colour role of each kind of log line. */
static const enum theme_role log_roles[] = {
    [EVENTLOG_INCREMENT] = ROLE_LOG_INCREMENT,
    [EVENTLOG_GOSSIP] = ROLE_LOG_GOSSIP,
    [EVENTLOG_FORWARD] = ROLE_LOG_GOSSIP,
    [EVENTLOG_MERGE] = ROLE_LOG_MERGE,
    [EVENTLOG_FAULT] = ROLE_LOG_FAULT,
    [EVENTLOG_CONVERGED] = ROLE_LOG_CONVERGED,
    [EVENTLOG_COMMAND] = ROLE_LOG_NOTE,
    [EVENTLOG_NOTE] = ROLE_LOG_NOTE,
};

/* --- life cycle ---------------------------------------------------------- */

struct dashboard *dashboard_new(enum theme scheme, bool no_color, bool utf8)
{
	struct dashboard *d = xcalloc(1, sizeof *d);
	struct sim_config defaults;

	sim_config_defaults(&defaults);
	d->default_latency = defaults.latency;
	d->glyphs = glyphs_get(utf8);
	summary_init(&d->summary);
	theme_init(scheme, no_color);
	return d;
}

void dashboard_free(struct dashboard *d)
{
	if (d == NULL)
		return;
	free(d->values);
	summary_free(&d->summary);
	free(d);
}

uint32_t dashboard_help_scroll_max(const struct dashboard *d)
{
	return d->help_max;
}

/* --- text pieces ----------------------------------------------------------
 */

/* Appends ", "-separated (here: " · ") parts to a line. */
struct line {
	char text[DRAW_LINE_MAX];
	size_t len;
	const char *sep;
};

static void line_add(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (l->len >= sizeof l->text - 1)
		return;
	if (l->len > 0) {
		w = snprintf(l->text + l->len, sizeof l->text - l->len, "%s",
		             l->sep);
		if (w > 0)
			l->len += (size_t)w;
		if (l->len >= sizeof l->text - 1) {
			l->len = sizeof l->text - 1;
			return;
		}
	}
	va_start(ap, fmt);
	w = vsnprintf(l->text + l->len, sizeof l->text - l->len, fmt, ap);
	va_end(ap);
	if (w > 0)
		l->len += (size_t)w;
	if (l->len >= sizeof l->text)
		l->len = sizeof l->text - 1;
}

static bool same_latency(const struct latency_model *a,
                         const struct latency_model *b)
{
	return a->kind == b->kind && a->min_us == b->min_us &&
	       a->max_us == b->max_us && a->mean_us == b->mean_us;
}

/* "n2, n3, n4" for the first FAULT_NAMES nodes that match, "+2 more"
 * after. Returns how many matched. */
static uint32_t list_nodes(const struct summary *s, bool down,
                           enum sim_partition cut, char *buf, size_t cap)
{
	uint32_t n = s->nodes, found = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < n; i++) {
		/* A phone's seat that no phone holds is not a fault: the
		 * room's row counts the phones. */
		bool match = down ? s->node[i].down && !s->node[i].seat
		                  : s->node[i].partition == cut;
		int w;

		if (!match)
			continue;
		if (found++ >= FAULT_NAMES)
			continue;
		w = snprintf(buf + len, cap - len, "%sn%" PRIu32,
		             len ? ", " : "", i + 1);
		if (w > 0 && (size_t)w < cap - len)
			len += (size_t)w;
	}
	if (found > FAULT_NAMES)
		snprintf(buf + len, cap - len, " +%" PRIu32 " more",
		         found - FAULT_NAMES);
	return found;
}

/* The faults in force, in words: empty when there are none. */
static void fault_text(const struct dashboard *d,
                       const struct dashboard_view *v, struct line *l)
{
	const struct summary *s = &d->summary;
	const struct sim_config *c = s->config;
	char names[96], latency[48];

	l->len = 0;
	l->text[0] = '\0';
	l->sep = d->glyphs->utf8 ? " \u00b7 " : " | ";
	if (c->drop > 0)
		line_add(l, "drop %.0f%%", c->drop * 100);
	if (c->duplicate > 0)
		line_add(l, "dup %.0f%%", c->duplicate * 100);
	if (!same_latency(&c->latency, &d->default_latency)) {
		latency_format(&c->latency, latency, sizeof latency);
		line_add(l, "latency %s", latency);
	}
	/* (The messages panel says what a down relay means.) */
	if (s->relay_down)
		line_add(l, "relay DOWN%s",
		         c->strategy->uses_relay ? "" : " (unused)");
	if (list_nodes(s, true, PARTITION_NONE, names, sizeof names) > 0)
		line_add(l, "%s DOWN", names);
	for (int cut = PARTITION_BOTH; cut > PARTITION_NONE; cut--)
		if (list_nodes(s, false, (enum sim_partition)cut, names,
		               sizeof names) > 0)
			line_add(
			    l, "%s %s", names,
			    faults_partition_words((enum sim_partition)cut));
	if (v->restart_mode == RESTART_AMNESIA)
		line_add(l, "restarts from ZERO (amnesia)");
}

/* --- header, faults, banner ----------------------------------------------
 */

static void draw_header(const struct dashboard *d,
                        const struct dashboard_view *v, struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	const struct sim_config *c = s->config;
	const char *dot = g->dot, *state;
	char now[32], text[DRAW_LINE_MAX];
	int x = r.x, room;
	bool running = v->running && !v->script_waiting;

	draw_fill(r.y, r.x, r.w, ROLE_HEADER);
	if (v->past.active)
		state = running ? "REPLAYING the past" : "THE PAST";
	else if (v->script_waiting)
		state = "PAUSED by the script";
	else if (v->script_ended && !v->running)
		state = "PAUSED: the end";
	else if (v->narrating)
		state = "NARRATING";
	else
		state = running ? "RUNNING" : "PAUSED";
	if (v->past.active)
		/* The audience must see at once that this is not now. */
		x += draw_putf(r.y, x, r.w, ROLE_KEYCAP, " %s %s ",
		               g->utf8 ? "\u25c0" : "<", state);
	else
		x += draw_putf(r.y, x, r.w,
		               running ? ROLE_RUNNING : ROLE_PAUSED, " %s %s ",
		               running ? g->running : g->paused, state);
	text_time(s->now_us, now, sizeof now);
	room = r.x + r.w - x - 9;
	snprintf(text, sizeof text,
	         " strategy %s %s mode %s %s seed %" PRIu64 " %s t %s %s "
	         "speed %s%s",
	         c->strategy->name, dot, sim_mode_name(c->mode), dot, v->seed,
	         dot, now, dot, v->speed, v->lagging ? " (CPU-bound)" : "");
	/* Short of room, the seed goes first (the help's "repeat this run"
	 * has it): the strategy and the mode are what the room compares. */
	if (text_columns(text) > (size_t)room)
		snprintf(text, sizeof text,
		         " strategy %s %s mode %s %s t %s %s speed %s%s",
		         c->strategy->name, dot, sim_mode_name(c->mode), dot,
		         now, dot, v->speed, v->lagging ? " (CPU-bound)" : "");
	/* The scenario's title when it fits beside the rest. */
	if (v->title != NULL && v->title[0] != '\0' &&
	    text_columns(text) + 3 + text_columns(v->title) <= (size_t)room) {
		size_t len = strlen(text);

		snprintf(text + len, sizeof text - len, " %s %s", dot,
		         v->title);
	}
	x += draw_put_cut(g, r.y, x, room, ROLE_HEADER, text);
	if (x + 9 <= r.x + r.w && !v->presenter_hidden)
		draw_put(r.y, r.x + r.w - 8, 8, ROLE_HEADER, "? help ");
}

/* The phones' room (--listen): where to join, and who sits where. A long
 * roster gives way at the screen's edge, never the address. */
static void draw_room(const struct dashboard *d, struct layout_rect r,
                      const char *room)
{
	if (r.h <= 0 || room == NULL)
		return;
	draw_fill(r.y, r.x, r.w, ROLE_HEADER);
	draw_put_cut(d->glyphs, r.y, r.x + 1, r.w - 2, ROLE_HEADER, room);
}

static void draw_faults(const struct dashboard *d, struct layout_rect r,
                        const struct line *faults)
{
	int x = r.x;

	if (r.h <= 0)
		return;
	draw_fill(r.y, r.x, r.w, ROLE_FAULTS);
	x += draw_put(r.y, x, r.w, ROLE_FAULTS, " faults: ");
	draw_put_cut(d->glyphs, r.y, x, r.x + r.w - x - 1, ROLE_FAULTS,
	             faults->text);
}

/*
 * How many different values the live nodes read, and the laggard: derived
 * here because the engine does not offer it. O(n log n), and only while
 * diverged. A G-Counter's laggard reads the lowest value; a PN-Counter's
 * reads furthest from the join either way (a node that has not heard of
 * decrements reads high), or failing that is the first that misses any
 * update at all.
 */
static int compare_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t distance(int64_t a, int64_t b)
{
	return a < b ? (uint64_t)(b - a) : (uint64_t)(a - b);
}

static void diverged_summary(struct dashboard *d, const struct summary *s,
                             uint32_t *distinct, uint32_t *laggard,
                             int64_t *laggard_value)
{
	uint32_t n = s->nodes, live = 0;
	bool pn = s->pn, found = false;
	int64_t join = pn ? s->join_signed_value : 0;
	uint64_t furthest = 0;

	if (d->values_cap < n) {
		d->values = xrealloc(d->values, n, sizeof *d->values);
		d->values_cap = n;
	}
	*laggard = 0;
	*laggard_value = 0;
	for (uint32_t i = 0; i < n; i++) {
		int64_t value;
		bool worse;

		if (s->node[i].down)
			continue;
		value =
		    pn ? s->node[i].signed_value : (int64_t)s->node[i].value;
		d->values[live++] = value;
		if (pn)
			worse = distance(value, join) > furthest ||
			        (!found && summary_node_behind(s, i));
		else
			worse = !found || value < *laggard_value;
		if (worse) {
			found = true;
			if (pn)
				furthest = distance(value, join);
			*laggard_value = value;
			*laggard = i;
		}
	}
	qsort(d->values, live, sizeof *d->values, compare_i64);
	*distinct = live > 0 ? 1 : 0;
	for (uint32_t i = 1; i < live; i++)
		if (d->values[i] != d->values[i - 1])
			(*distinct)++;
}

/*
 * After ops, a count can be above the truth: a duplicated op was counted
 * twice, and no merge (a max) will ever take it back. The banner says so
 * in those words, naming the node furthest off; false if no live node
 * is above the truth. The reason is cut to the room, never the number.
 */
static bool draw_over_banner(struct dashboard *d, struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	bool pn = s->pn;
	bool plain_op = mode_get(s->config->mode)->counts_duplicates;
	uint32_t n = s->nodes, worst = UINT32_MAX;
	int64_t target = pn ? s->join_signed_value : (int64_t)s->join_value;
	uint64_t total = s->truth_total, join = s->join_value;
	uint64_t furthest = 0;
	int64_t value = 0;
	const char *stays = plain_op ? "never repaired" : "for good";
	char reads[32], off[48], truth[32], text[5][DRAW_LINE_MAX];
	int x = r.x, end = r.x + r.w, room;

	/* The node furthest above the truth; failing that (cells over in a
	 * PN-Counter's N half, or over in one slot and short in another),
	 * the one furthest from it. */
	for (int pass = 0; pass < 2 && worst == UINT32_MAX; pass++)
		for (uint32_t i = 0; i < n; i++) {
			int64_t mine;
			uint64_t gap;

			if (s->node[i].down || summary_node_over(s, i) == 0)
				continue;
			mine = pn ? s->node[i].signed_value
			          : (int64_t)s->node[i].value;
			if (pass == 0 && mine <= target)
				continue;
			gap = distance(mine, target);
			if (worst == UINT32_MAX || gap > furthest) {
				worst = i;
				furthest = gap;
				value = mine;
			}
		}
	if (worst == UINT32_MAX)
		return false;
	text_signed(value, g->minus, reads, sizeof reads);
	text_signed(target, g->minus, truth, sizeof truth);
	snprintf(off, sizeof off, "%s%" PRIu64, value < target ? g->minus : "+",
	         furthest);
	x += draw_put(r.y, x, r.w, ROLE_LOST,
	              value > target ? " OVER THE TRUTH " : " OFF THE TRUTH ");
	x += draw_putf(r.y, x, end - x, ROLE_NORMAL, " %s %s ",
	               pn ? "true value" : "truth", truth);
	if (join < total)
		x += 1 + draw_putf(r.y, x, end - x, ROLE_LOST,
		                   " LOST %" PRIu64 " ", total - join);
	/* The longest telling that fits: who, by how much, why, and that it
	 * stays; then shorter. */
	snprintf(text[0], sizeof text[0],
	         "%s n%" PRIu32 " reads %s, %s: duplicated ops were counted "
	         "twice, and %s",
	         g->dot, worst + 1, reads, off,
	         plain_op ? "plain op mode never repairs that"
	                  : "no merge ever lowers a count");
	snprintf(text[1], sizeof text[1],
	         "%s n%" PRIu32 " reads %s, %s: duplicated ops counted twice, "
	         "%s",
	         g->dot, worst + 1, reads, off, stays);
	snprintf(text[2], sizeof text[2],
	         "%s n%" PRIu32 " %s: duplicated ops counted twice, %s", g->dot,
	         worst + 1, off, stays);
	snprintf(text[3], sizeof text[3],
	         "%s n%" PRIu32 " %s: duplicates counted twice, %s", g->dot,
	         worst + 1, off, stays);
	snprintf(text[4], sizeof text[4],
	         "%s n%" PRIu32 " %s: counted twice, %s", g->dot, worst + 1,
	         off, stays);
	room = end - x;
	for (int i = 0; i < 5; i++)
		if (text_columns(text[i]) <= (size_t)room || i == 4) {
			draw_put_cut(g, r.y, x, room, ROLE_VALUE_OVER, text[i]);
			break;
		}
	return true;
}

/* Why a node is below the truth in an op mode: ops not sent yet or on
 * their way; in plain op, a lost one is never sent again. NULL in the
 * other modes. Long words, then short ones. */
static const char *ops_behind_words(const struct summary *s, bool brief)
{
	const struct mode *mode = mode_get(s->config->mode);

	return brief ? mode->behind_brief : mode->behind;
}

/* A PN-Counter's banner: values can go down and below zero, so it says
 * the true value and how it is made (increments minus decrements), and
 * how far, and which way, the laggard is off. */
static void draw_pn_banner(struct dashboard *d, struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	const char *dot = g->dot, *minus = g->minus;
	uint64_t total = s->truth_total, join = s->join_value;
	uint64_t downs = s->truth_decrements, ups = total - downs;
	uint32_t n = s->nodes;
	char at[32], truth[32], joined[32], text[DRAW_LINE_MAX];
	int x = r.x, end = r.x + r.w;

	text_signed(s->true_value, minus, truth, sizeof truth);
	text_signed(s->join_signed_value, minus, joined, sizeof joined);
	if (s->converged) {
		text_time(s->converged_at_us, at, sizeof at);
		x += draw_put(r.y, x, r.w, ROLE_CONVERGED, " CONVERGED ");
		if (join < total)
			x += draw_putf(r.y, x, end - x, ROLE_NORMAL,
			               " %s %s %s made %s ",
			               s->live == n ? "every node reads"
			                            : "every live node reads",
			               joined, dot, truth);
		else
			x += draw_putf(r.y, x, end - x, ROLE_NORMAL,
			               " %s %s %s true value %s = %" PRIu64
			               " %s %" PRIu64 " ",
			               n == 1         ? "the only node reads"
			               : s->live == n ? "every node reads"
			                              : "every live node reads",
			               joined, dot, truth, ups, minus, downs);
		snprintf(text, sizeof text, "%s at %s", dot, at);
	} else {
		uint32_t distinct, laggard;
		int64_t value, target = s->join_signed_value;
		char reads[32];

		diverged_summary(d, s, &distinct, &laggard, &value);
		text_signed(value, minus, reads, sizeof reads);
		x += draw_put(r.y, x, r.w, ROLE_DIVERGED, " DIVERGED ");
		if (join < total)
			x += draw_putf(r.y, x, end - x, ROLE_NORMAL,
			               " made %s %s join %s ", truth, dot,
			               joined);
		else
			x += draw_putf(r.y, x, end - x, ROLE_NORMAL,
			               " true value %s = %" PRIu64
			               " %s %" PRIu64 " ",
			               truth, ups, minus, downs);
		if (value != target)
			snprintf(text, sizeof text,
			         "%s n%" PRIu32 " reads %s, %" PRIu64
			         " %s %s %" PRIu32 " distinct value%s",
			         dot, laggard + 1, reads,
			         distance(value, target),
			         value < target ? "below" : "above", dot,
			         distinct, distinct == 1 ? "" : "s");
		else
			snprintf(text, sizeof text,
			         "%s n%" PRIu32 " reads %s but misses updates "
			         "%s %" PRIu32 " distinct value%s",
			         dot, laggard + 1, reads, dot, distinct,
			         distinct == 1 ? "" : "s");
	}
	/* Operations an amnesiac restart hid for good, each kind on its
	 * own: increments and decrements never add up to one figure. */
	if (join < total)
		x += 1 + draw_putf(r.y, x, end - x, ROLE_LOST,
		                   " LOST +%" PRIu64 " %s%" PRIu64 " ",
		                   s->lost_increments, minus,
		                   s->lost_decrements);
	draw_put_cut(g, r.y, x, end - x, ROLE_NORMAL, text);
}

static void draw_banner(struct dashboard *d, struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	const char *dot = g->dot;
	uint64_t total = s->truth_total, join = s->join_value;
	uint32_t n = s->nodes;
	char at[32], text[DRAW_LINE_MAX];
	int x = r.x, end = r.x + r.w;

	if (!s->converged && s->may_be_over && draw_over_banner(d, r))
		return;
	if (s->pn) {
		draw_pn_banner(d, r);
		return;
	}
	if (s->converged) {
		text_time(s->converged_at_us, at, sizeof at);
		x += draw_put(r.y, x, r.w, ROLE_CONVERGED, " CONVERGED ");
		x += draw_putf(r.y, x, end - x, ROLE_NORMAL,
		               " %s %" PRIu64 " %s %s %" PRIu64 " ",
		               n == 1         ? "the only node reads"
		               : s->live == n ? "every node reads"
		                              : "every live node reads",
		               join, dot, join < total ? "made" : "true total",
		               total);
		snprintf(text, sizeof text, "%s at %s", dot, at);
	} else {
		uint32_t distinct, laggard;
		int64_t lowest;

		diverged_summary(d, s, &distinct, &laggard, &lowest);
		x += draw_put(r.y, x, r.w, ROLE_DIVERGED, " DIVERGED ");
		/* With increments lost, "made" and "join" name the two
		 * numbers the grid's join row and LOST tell apart. */
		if (join < total)
			x += draw_putf(r.y, x, end - x, ROLE_NORMAL,
			               " made %" PRIu64 " %s join %" PRIu64 " ",
			               total, dot, join);
		else
			x += draw_putf(r.y, x, end - x, ROLE_NORMAL,
			               " true total %" PRIu64 " ", total);
		if (ops_behind_words(s, false) != NULL) {
			for (int brief = 0; brief < 2; brief++) {
				snprintf(text, sizeof text,
				         "%s n%" PRIu32 " reads %" PRId64
				         ", %" PRIu64 " below%s",
				         dot, laggard + 1, lowest,
				         (int64_t)join > lowest
				             ? join - (uint64_t)lowest
				             : 0,
				         ops_behind_words(s, brief));
				if (text_columns(text) <= (size_t)(end - x))
					break;
			}
		} else {
			snprintf(text, sizeof text,
			         "%s laggard n%" PRIu32 " reads %" PRId64
			         ", %" PRIu64 " behind %s %" PRIu32
			         " distinct value%s",
			         dot, laggard + 1, lowest,
			         (int64_t)join > lowest
			             ? join - (uint64_t)lowest
			             : 0,
			         dot, distinct, distinct == 1 ? "" : "s");
		}
	}
	/* Amnesia (a restart from zero) can lose increments for good: the
	 * nodes then converge below the true total, and we say by how much,
	 * right beside it. */
	if (join < total)
		x += 1 + draw_putf(r.y, x, end - x, ROLE_LOST,
		                   " LOST %" PRIu64 " ", total - join);
	draw_put_cut(g, r.y, x, end - x, ROLE_NORMAL, text);
}

/* --- numbers and the reader --------------------------------------------- */

static void draw_numbers(struct dashboard *d, const struct dashboard_view *v,
                         struct layout_rect r)
{
	char text[DRAW_LINE_MAX];
	const char *sep = d->glyphs->utf8 ? " \u00b7 " : " | ";

	if (r.h <= 0)
		return; /* the beginner's layout */
	numbers_line(v->sim, &d->numbers, (size_t)draw_max(0, r.w - 2), sep,
	             text, sizeof text);
	draw_put_cut(d->glyphs, r.y, r.x + 1, r.w - 1, ROLE_LABEL, text);
}

static void draw_reader(const struct dashboard *d,
                        const struct dashboard_view *v, struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const char *dot = d->glyphs->dot;
	enum sim_reader kind = s->config->reader;
	char text[DRAW_LINE_MAX], name[16];
	/* Indented one column, like the numbers line above it. */
	int x = r.x + 1, end = r.x + r.w;

	if (r.h <= 0)
		return;
	/* The setting's word, and "off" (not "none") on screen. */
	x += draw_putf(r.y, x, r.w, ROLE_TITLE, "reader %s",
	               kind == READER_NONE ? "off" : choices_reader_name(kind));
	if (s->have_read) {
		sim_node_name(s->read_node, name, sizeof name);
		/* (Backwards reads are counted once, on the numbers line.)
		 * The reads of this reader's phase, as that line counts. */
		snprintf(text, sizeof text,
		         ": %" PRIu64 " from %s %s %" PRIu64 " reads ",
		         s->read_value, name, dot,
		         s->stats.reads - sim_phase(v->sim)->stats.reads);
	} else {
		snprintf(text, sizeof text, ": no read yet ");
	}
	x += draw_put_cut(d->glyphs, r.y, x, end - x, ROLE_NORMAL, text);
	/* A read that just went backwards: the counter counted down. */
	if (v->reads.backwards &&
	    s->now_us - v->reads.at_us < DASHBOARD_FRESH_US) {
		snprintf(text, sizeof text,
		         " COUNTED DOWN %" PRIu64 "%s%" PRIu64 " ",
		         v->reads.before, d->glyphs->arrow, v->reads.value);
		draw_put_cut(d->glyphs, r.y, x, end - x, ROLE_LOST, text);
	}
}

/* --- the event log ---------------------------------------------------------
 */

/* The log's time column: one shape at every age, so the lines stay
 * aligned past the first minute: " 0:02.946", "12:22.531", then
 * "  1:02:22" past an hour. Always LOG_TIME_COLS wide. */
#define LOG_TIME_COLS 9
static void log_time(uint64_t us, char *buf, size_t cap)
{
	uint64_t s = us / 1000000, ms = us % 1000000 / 1000;

	if (s < 3600)
		snprintf(buf, cap, "%2" PRIu64 ":%02" PRIu64 ".%03" PRIu64,
		         s / 60, s % 60, ms);
	else
		snprintf(buf, cap, "%*" PRIu64 ":%02" PRIu64 ":%02" PRIu64,
		         LOG_TIME_COLS - 6, s / 3600, s / 60 % 60, s % 60);
}

static void draw_events(const struct dashboard *d,
                        const struct dashboard_view *v, struct layout_rect r,
                        bool beside)
{
	size_t count = eventlog_count(v->log), rows, shown;
	int end = r.x + r.w;

	if (r.h <= 0)
		return;
	if (beside)
		for (int y = r.y; y < r.y + r.h; y++)
			draw_put(y, r.x - 1, 1, ROLE_LABEL, d->glyphs->vline);
	draw_put(r.y, r.x, r.w, ROLE_TITLE, "events");
	draw_putf(r.y, r.x + 6, r.w - 6, ROLE_LABEL, " %s %s", d->glyphs->dot,
	          v->past.active ? "the newest is the moment shown"
	                         : "newest last");
	rows = (size_t)(r.h - 1);
	shown = count < rows ? count : rows;
	for (size_t i = 0; i < shown; i++) {
		const struct eventlog_line *line =
		    eventlog_recent(v->log, shown - 1 - i);
		int y = r.y + 1 + (int)i;
		char at[32], fit[DRAW_LINE_MAX];
		int x = r.x;

		log_time(line->time_us, at, sizeof at);
		x += draw_putf(y, x, end - x, ROLE_LOG_TIME, "%*s ",
		               LOG_TIME_COLS, at);
		/* A merge's result stays in sight: its inputs give way. */
		logfit_line(line->text, (size_t)draw_max(0, end - x),
		            d->glyphs->arrow, d->glyphs->ellipsis, fit,
		            sizeof fit);
		draw_put_cut(d->glyphs, y, x, end - x, log_roles[line->kind],
		             fit);
	}
}

/* --- whole-screen messages ------------------------------------------------ */

static void draw_centred(int y, enum theme_role role, const char *line)
{
	draw_put(y, draw_max(0, (COLS - (int)text_columns(line)) / 2), COLS,
	         role, line);
}

static void draw_too_small(const struct dashboard *d)
{
	char line[128];
	int y = LINES / 2;

	snprintf(line, sizeof line, "terminal too small: %d%s%d, needs %d%s%d",
	         COLS, d->glyphs->times, LINES, LAYOUT_MIN_COLS,
	         d->glyphs->times, LAYOUT_MIN_ROWS);
	draw_centred(y > 0 ? y - 1 : 0, ROLE_TITLE, line);
	if (y + 1 < LINES)
		draw_centred(y + 1, ROLE_NORMAL,
		             "enlarge the window, or press q to quit");
}

/* --- the frame ----------------------------------------------------------- */

static void draw_frame(struct dashboard *d, const struct dashboard_view *v)
{
	const struct summary *s = &d->summary;
	struct layout layout;
	struct layout_extras extras = {0};
	static struct dashboard_caption caption;
	static struct line faults;
	bool big_vectors;

	d->too_small = false;
	if (v->canvas_note != NULL && v->canvas_note[0] != '\0') {
		d->too_small = true;
		draw_centred(LINES / 2, ROLE_TITLE, v->canvas_note);
		return;
	}
	if (v->card != NULL) {
		dashboard_draw_card(d->glyphs, v);
		/* The help reads the chapter's world (its strategy, its
		 * mode): this frame's read, never the last chapter's. */
		if (v->help_open && v->sim != NULL) {
			summary_fill(&d->summary, v->sim);
			dashboard_draw_help(d, v);
		}
		draw_normal_attrs();
		return;
	}
	/* The frame's one read of the world: every part draws from it. */
	summary_fill(&d->summary, v->sim);
	/* A seat no phone ever held never restarted remote: the room says
	 * which nodes are seats. */
	for (uint32_t i = v->room_seats < s->nodes ? s->nodes - v->room_seats
	                                           : 0;
	     i < s->nodes; i++)
		d->summary.node[i].seat = true;
	fault_text(d, v, &faults);
	dashboard_caption_measure(d, v, &caption);
	extras.room = v->room != NULL;
	extras.faults = faults.len > 0;
	extras.reader = s->config->reader != READER_NONE;
	extras.caption_rows = caption.rows;
	extras.timeline = v->past.timeline;
	d->in_past = v->past.active;
	extras.numbers_hidden = v->beginner;
	/* --big on a window with room: the vectors themselves in big
	 * digits (the totals row would only repeat their values). */
	big_vectors = v->big && v->view == VIEW_TABLE && !s->pn &&
	              dashboard_big_vectors_width(s) <= COLS;
	if (big_vectors) {
		extras.rows_per_node = DASHBOARD_BIG_NODE_ROWS;
		layout_compute_with(COLS, LINES, s->nodes, false, &extras,
		                    &layout);
		big_vectors = !layout.too_small &&
		              layout.vectors.h >= 1 + DASHBOARD_BIG_NODE_ROWS *
		                                          ((int)s->nodes + 1);
	}
	if (!big_vectors) {
		extras.rows_per_node = s->pn ? 2 : 1;
		layout_compute_with(COLS, LINES, s->nodes, v->big, &extras,
		                    &layout);
	}
	if (layout.too_small) {
		d->too_small = true;
		draw_too_small(d);
		return;
	}
	draw_header(d, v, layout.header);
	draw_room(d, layout.room, v->room);
	draw_faults(d, layout.faults, &faults);
	draw_banner(d, layout.banner);
	draw_numbers(d, v, layout.numbers);
	draw_reader(d, v, layout.reader);
	if (v->view != VIEW_TABLE) {
		dashboard_draw_picture(d, v, &layout);
	} else {
		if (big_vectors)
			dashboard_draw_big_vectors(d, v, layout.vectors);
		else if (v->big)
			dashboard_draw_big(d, layout.big);
		if (!big_vectors)
			dashboard_draw_vectors(d, v, layout.vectors);
		dashboard_draw_messages(d, v, layout.messages);
	}
	draw_events(d, v, layout.events, layout.wide);
	dashboard_draw_report(
	    d, v,
	    layout.reader.h > 0    ? layout.reader.y + layout.reader.h
	    : layout.numbers.h > 0 ? layout.numbers.y + layout.numbers.h
	                           : layout.banner.y + layout.banner.h,
	    layout.caption.h > 0 ? layout.caption.y : layout.status.y);
	dashboard_caption_draw(&caption, layout.caption);
	dashboard_draw_status(d, v, layout.status);
	if (v->past.timeline)
		dashboard_draw_timeline(d, v, layout.timeline);
	if (v->help_open)
		dashboard_draw_help(d, v);
	draw_normal_attrs();
}

void dashboard_draw(struct dashboard *d, const struct dashboard_view *v)
{
	/* Drawn whole, as if on an erased screen; curses is handed the rows
	 * that differ from the last frame's. */
	draw_frame_begin();
	draw_frame(d, v);
	draw_frame_end();
}

bool dashboard_too_small(const struct dashboard *d)
{
	return d->too_small;
}
