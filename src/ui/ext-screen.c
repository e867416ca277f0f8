/*
 * Draws the real-nodes dashboard with curses, clipped to the screen at any
 * size: a header, the node table (with the counter the node's last message
 * carried, when its body held one), the messages in flight, the selected
 * node's stderr and the status line. It reads the world; it never changes
 * it, and never draws outside a frame.
 */
#include "ui/ext-screen.h"

#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"
#include "ui/draw.h"
#include "ui/theme.h"
#include "view/text.h"

#define STATE_COLS    22 /* the node table's state column */
#define ROOM_MAX_ROWS 4  /* the class's rows: join line, seats, news */

static const char *phase(const struct mworld *w, const struct mworld_config *c)
{
	uint64_t begin;

	if (mworld_done(w))
		return "checked";
	if (!mworld_begun(w, &begin))
		return "starting: waiting for every init_ok";
	if (mworld_workload_active(w))
		return "workload running";
	return mworld_now(w) < begin + c->duration_us + c->settle_us
	           ? "workload over, faults healed: settling"
	           : "final reads";
}

static void header(const struct ext_screen *s, int cols)
{
	const struct mworld *w = s->world;
	const struct mworld_config *c = mworld_config(w);
	const struct mworld_stats *st = mworld_stats(w);
	struct mworld_verdict v;
	const char *mode = s->past ? "PAST" : s->paused ? "PAUSED" : "LIVE";

	mworld_tally(w, &v);
	draw_putf(0, 0, cols, ROLE_HEADER,
	          "gcounter  real nodes: %" PRIu32 " x %s  seed %" PRIu64,
	          c->nodes, s->command, c->seed);
	uint64_t cut_us;
	const char *cut = mworld_cut(w, &cut_us);

	if (cut != NULL)
		draw_putf(1, 0, cols, ROLE_PAUSED,
		          "%-6s t=%.1fs  %s (workload ended early at %.1fs: "
		          "%s were nearly used up)",
		          mode, (double)mworld_now(w) / 1e6, phase(w, c),
		          (double)cut_us / 1e6, cut);
	else
		draw_putf(1, 0, cols,
		          s->past     ? ROLE_PAUSED
		          : s->paused ? ROLE_PAUSED
		                      : ROLE_RUNNING,
		          "%-6s t=%.1fs  %s (workload %.1fs)", mode,
		          (double)mworld_now(w) / 1e6, phase(w, c),
		          (double)c->duration_us / 1e6);
	draw_putf(2, 0, cols, ROLE_TRUTH,
	          "truth (acknowledged adds) %" PRId64
	          "   indeterminate %" PRId64 " (%" PRIu32 " adds)%s",
	          v.acknowledged, v.indeterminate, v.indeterminate_ops,
	          c->workload == MWORKLOAD_PN_COUNTER ? "   pn-counter" : "");
	draw_putf(3, 0, cols, ROLE_LABEL,
	          "messages: %" PRIu64 " sent  %" PRIu64 " delivered  %" PRIu64
	          " dropped  %" PRIu64 " duplicated  %" PRIu64 " lost",
	          st->sent, st->delivered, st->dropped, st->duplicated,
	          st->lost);
}

/* Appends to buf (cap bytes, k used so far), cut at its end. */
__attribute__((format(printf, 4, 5))) static void
put(char *buf, size_t cap, size_t *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *k, cap - *k, fmt, ap);
	va_end(ap);
	if (n > 0)
		*k = *k + (size_t)n < cap ? *k + (size_t)n : cap - 1;
}

/* Row 4: every fault in force now, or the keys that make them. */
static void faults_row(const struct ext_screen *s, int y, int cols)
{
	static const char *const cut[] = {
	    [PARTITION_NO_RECEIVE] = "cannot receive",
	    [PARTITION_NO_SEND] = "cannot send",
	    [PARTITION_BOTH] = "cut off",
	};
	const struct mworld *w = s->world;
	const struct mworld_config *c = mworld_config(w);
	struct mworld_net net;
	char buf[512];
	size_t k = 0;

	mworld_net(w, &net);
	buf[0] = '\0';
	if (net.drop > 0)
		put(buf, sizeof buf, &k, "  drop %.0f%%", net.drop * 100);
	if (net.duplicate > 0)
		put(buf, sizeof buf, &k, "  dup %.0f%%", net.duplicate * 100);
	if (net.latency_us != c->latency_us || net.jitter_us != c->jitter_us)
		put(buf, sizeof buf, &k, "  latency %.0f-%.0fms",
		    (double)net.latency_us / 1000,
		    (double)(net.latency_us + net.jitter_us) / 1000);
	for (uint32_t i = 0; i < c->nodes; i++) {
		enum sim_partition p = mworld_partition(w, i);
		struct mworld_node_view n;

		mworld_node(w, i, &n);
		if (p != PARTITION_NONE)
			put(buf, sizeof buf, &k, "  n%" PRIu32 " %s", i,
			    cut[p]);
		if (n.crashed)
			put(buf, sizeof buf, &k, "  n%" PRIu32 " crashed", i);
	}
	if (buf[0] != '\0')
		draw_putf(y, 0, cols, ROLE_FAULTS, "faults:%s", buf);
	else
		draw_put(y, 0, cols, ROLE_LABEL,
		         "faults: none  (d drop  u dup  l latency  p partition "
		         " h heal  c crash)");
}

static void help_box(const struct ext_screen *s, int rows, int cols)
{
	int y = 1;

	/* Drawn over the frame: its rows are cleared first. */
	for (int r = y; r < rows - 1; r++) {
		move(r, 0);
		clrtoeol();
	}
	draw_put(y++, 0, cols, ROLE_HELP_KEY,
	         "keys on the real-nodes dashboard (? again: close)");
	for (size_t i = 0; i < s->help_count && y < rows - 1; i++)
		draw_putf(y++, 0, cols, ROLE_HELP, "  %s", s->help_lines[i]);
}

/* A node's state in at most STATE_COLS columns: the words in full when
 * they fit, else shorter ones (the faults row says the partition in full;
 * "restarted: amnesia cannot receive" overflowed into the next column). */
static const char *state_words(const struct mworld *w, uint32_t i,
                               const struct mworld_node_view *n, char *buf,
                               size_t len)
{
	static const char *const cut[][2] = {
	    [PARTITION_NONE] = {"", ""},
	    [PARTITION_BOTH] = {" cut off", " cut off"},
	    [PARTITION_NO_RECEIVE] = {" cannot receive", " no receive"},
	    [PARTITION_NO_SEND] = {" cannot send", " no send"},
	};
	enum sim_partition p = mworld_partition(w, i);
	const char *base[2];

	if (n->exited)
		base[0] = base[1] = "exited";
	else if (n->crashed)
		base[0] = base[1] = "crashed";
	else if (!n->up)
		base[0] = base[1] = "down";
	else if (n->vacant)
		base[0] = "waiting for a student", base[1] = "no student";
	else if (!n->initialized)
		base[0] = "no init_ok yet", base[1] = "no init_ok";
	else if (n->restarts)
		base[0] = "restarted: amnesia", base[1] = "amnesia";
	else
		base[0] = base[1] = "up";
	if (p > PARTITION_BOTH)
		p = PARTITION_NONE;
	/* Full, then the node's words short, then both short. */
	for (int tier = 0; tier < 3; tier++) {
		snprintf(buf, len, "%s%s", base[tier > 0], cut[p][tier > 1]);
		if (text_columns(buf) <= STATE_COLS)
			break;
	}
	return buf;
}

static int node_table(const struct ext_screen *s, int y, int rows, int cols)
{
	const struct mworld *w = s->world;
	const struct mworld_config *c = mworld_config(w);
	struct mworld_verdict v;

	mworld_tally(w, &v);
	draw_put(y++, 0, cols, ROLE_TITLE,
	         "  node state                  last read  vs truth  counter "
	         "its messages carry");
	for (uint32_t i = 0; i < c->nodes && y < rows; i++, y++) {
		struct mworld_node_view n;
		char state[48], read[24] = "-", diff[24] = "", vec[256] = "";
		size_t k = 0;

		mworld_node(w, i, &n);
		if (n.has_read) {
			snprintf(read, sizeof read, "%" PRId64, n.last_read);
			if (n.last_read == v.acknowledged)
				snprintf(diff, sizeof diff, "=");
			else
				snprintf(diff, sizeof diff, "%+" PRId64,
				         n.last_read - v.acknowledged);
		}
		/* Two objects are a PN-Counter's halves: P, then N. */
		if (n.counter_slots > c->nodes)
			k += (size_t)snprintf(vec, sizeof vec, "P ");
		for (uint32_t j = 0; j < n.counter_slots && k + 24 < sizeof vec;
		     j++) {
			if (j == c->nodes && n.counter_slots > c->nodes)
				k += (size_t)snprintf(vec + k, sizeof vec - k,
				                      "| N ");
			k += (size_t)snprintf(vec + k, sizeof vec - k,
			                      "%" PRIu64 " ", n.counter[j]);
		}
		draw_putf(y, 0, cols,
		          i == s->selected ? ROLE_SELECTED
		          : !n.up          ? ROLE_DIVERGED
		          : n.has_read && n.last_read == v.acknowledged
		              ? ROLE_CONVERGED
		              : ROLE_VALUE_BEHIND,
		          "%c n%-3" PRIu32 " %-*s %9s  %-8s  %s",
		          i == s->selected ? '>' : ' ', i, STATE_COLS,
		          state_words(w, i, &n, state, sizeof state), read,
		          diff, vec);
	}
	return y;
}

static int verdicts(const struct ext_screen *s, int y, int rows, int cols)
{
	const struct mworld *w = s->world;
	struct mworld_verdict v;

	mworld_verdict(w, &v);
	if (y >= rows)
		return y; /* no row left above the bottom ones */
	draw_putf(y++, 0, cols, v.valid ? ROLE_CONVERGED : ROLE_DIVERGED,
	          "checker: %s",
	          v.valid ? "VALID: every final read is the acknowledged adds "
	                    "plus some of the indeterminate ones"
	                  : "INVALID");
	for (uint32_t i = 0; i < mworld_config(w)->nodes && y < rows;
	     i++, y++) {
		struct mworld_node_view n;

		mworld_node(w, i, &n);
		draw_putf(y, 0, cols, n.valid ? ROLE_LOG_TEXT : ROLE_DIVERGED,
		          "  n%" PRIu32 " %s: %s", i,
		          n.vacant  ? "empty"
		          : n.valid ? "ok"
		                    : "FAIL",
		          n.verdict);
	}
	return y;
}

static int in_flight(const struct ext_screen *s, int y, int rows, int cols)
{
	const struct mworld *w = s->world;
	struct mworld_flight f;
	uint32_t cursor = 0, count = 0;

	if (y >= rows)
		return y; /* no row left above the bottom ones */
	while (mworld_flight_next(w, &cursor, &f))
		count++;
	draw_putf(y++, 0, cols, ROLE_TITLE, "messages in flight: %" PRIu32,
	          count);
	cursor = 0;
	while (y < rows && mworld_flight_next(w, &cursor, &f)) {
		struct mmsg m;
		char body[160] = "?";

		if (mmsg_parse(f.line, strlen(f.line), &m, NULL, 0) == 0) {
			mmsg_abbrev(m.body, body, sizeof body);
			mmsg_clear(&m);
		}
		draw_putf(y++, 0, cols, ROLE_PAYLOAD,
		          "  n%" PRIu32 " -> n%" PRIu32 "  in %4" PRIu64
		          "ms  %s",
		          f.from, f.to,
		          f.deliver_us > mworld_now(w)
		              ? (f.deliver_us - mworld_now(w)) / 1000
		              : 0,
		          body);
	}
	return y;
}

/* The class's rows, at most `budget` (1 to ROOM_MAX_ROWS): the join line
 * first and whole, then who sits where, each seat whole and wrapped to
 * the rows it needs ("+3 more" when they run out), then the news on rows
 * of its own, wrapped. Widths are the columns a name takes, so a wide
 * name wraps where it must. Returns the rows drawn; *news_shown says
 * whether the news found a row. */
static int room_rows(const struct ext_screen_room *r, int y, int cols,
                     int budget, bool *news_shown)
{
	char line[DRAW_LINE_MAX];
	size_t width = cols > 0 ? (size_t)cols : 0, used, k, seat = 0;
	bool news = r->news != NULL && r->news[0] != '\0';
	int seat_rows = news && budget > 1 ? budget - 1 : budget, row = 0;
	struct text_line wrapped[ROOM_MAX_ROWS];
	size_t need;

	k = (size_t)snprintf(line, sizeof line, "class: %s", r->join);
	used = text_columns(line);
	while (row < seat_rows) {
		/* Seats while they fit this row; on the last row, room is
		 * kept for "+N more" if any would be left over. */
		for (; seat < r->seat_count && k + 128 < sizeof line; seat++) {
			size_t w = text_columns(r->seats[seat]) + 2;
			bool last = row == seat_rows - 1;
			size_t reserve =
			    last && seat + 1 < r->seat_count ? 10 : 0;

			if (used + w + reserve > width && used > 2)
				break;
			k += (size_t)snprintf(line + k, sizeof line - k, "  %s",
			                      r->seats[seat]);
			used += w;
		}
		if (row == seat_rows - 1 && seat < r->seat_count)
			snprintf(line + k, sizeof line - k, "  +%zu more",
			         r->seat_count - seat);
		draw_put(y + row++, 0, cols, ROLE_TITLE, line);
		if (seat == r->seat_count)
			break;
		k = (size_t)snprintf(line, sizeof line, " ");
		used = 1;
	}
	*news_shown = !news || row < budget;
	if (!*news_shown || !news)
		return row;
	need = text_wrap(r->news, width > 2 ? width - 2 : 1, wrapped,
	                 (size_t)(budget - row));
	for (size_t i = 0; i < need && row < budget; i++) {
		bool cut = i + 1 == (size_t)(budget - row) && i + 1 < need;

		snprintf(line, sizeof line, "  %.*s%s", (int)wrapped[i].len,
		         r->news + wrapped[i].start, cut ? "..." : "");
		if (cut && text_columns(line) > width)
			snprintf(line, sizeof line, "  %.*s...",
			         (int)text_clip(r->news + wrapped[i].start,
			                        width > 5 ? width - 5 : 0),
			         r->news + wrapped[i].start);
		draw_put(y + row++, 0, cols, ROLE_LOG_NOTE, line);
		if (cut)
			break;
	}
	return row;
}

/* The bottom rows: the flash (wrapped to two rows when it is wider than
 * the screen: an answer cut off says half of what it means), else the
 * news when the class's rows had none for it, else the keys. Returns the
 * first row they take. */
static int bottom_rows(const struct ext_screen *s, int rows, int cols,
                       const char *news)
{
	struct text_line wrapped[2];
	char line[DRAW_LINE_MAX];
	const char *text = s->flash != NULL ? s->flash : news;
	size_t need;

	if (text == NULL) {
		draw_put(rows - 1, 0, cols, ROLE_STATUS,
		         "1-9 add  Tab node  space pause  p cut  c crash  "
		         "d drop  b past  ? keys  q quit");
		return rows - 1;
	}
	if (text_columns(text) <= (size_t)cols || rows < 8) {
		draw_put(rows - 1, 0, cols, ROLE_FLASH, text);
		return rows - 1;
	}
	need = text_wrap(text, (size_t)cols, wrapped, 2);
	for (size_t i = 0; i < 2 && i < need; i++) {
		snprintf(line, sizeof line, "%.*s", (int)wrapped[i].len,
		         text + wrapped[i].start);
		draw_put(rows - 2 + (int)i, 0, cols, ROLE_FLASH, line);
	}
	return need > 1 ? rows - 2 : rows - 1;
}

void ext_screen_draw(const struct ext_screen *s)
{
	int rows, cols, y, log_rows, top, bottom, budget;
	bool news_shown = true;
	uint32_t nodes = mworld_config(s->world)->nodes;

	getmaxyx(stdscr, rows, cols);
	erase();
	header(s, cols);
	/* A class's rows, then the faults in force, above the nodes. The
	 * class gets the rows the node table leaves (one at least, four at
	 * most): the nodes come first. */
	top = 4;
	if (s->room != NULL) {
		budget = rows - 1 - top - 2 - (int)nodes;
		budget = budget < 1               ? 1
		         : budget > ROOM_MAX_ROWS ? ROOM_MAX_ROWS
		                                  : budget;
		top += room_rows(s->room, top, cols, budget, &news_shown);
	}
	bottom =
	    bottom_rows(s, rows, cols,
	                news_shown || s->room == NULL ? NULL : s->room->news);
	faults_row(s, top, cols);
	y = node_table(s, top + 1, bottom, cols) + 1;
	if (mworld_done(s->world))
		y = verdicts(s, y, bottom, cols) + 1;
	/* The stderr lines keep their rows at the bottom. */
	log_rows = (int)s->stderr_count + 1;
	if (s->past)
		log_rows = 0;
	y = in_flight(s, y, bottom - log_rows, cols);
	if (log_rows > 0 && y < bottom) {
		y = bottom - log_rows;
		draw_putf(y++, 0, cols, ROLE_TITLE, "stderr of n%" PRIu32 ":",
		          s->selected);
		for (size_t i = 0; i < s->stderr_count && y < bottom; i++)
			draw_putf(y++, 0, cols, ROLE_LOG_TEXT, "  %s",
			          s->stderr_lines[i]);
	}
	if (s->help_lines != NULL)
		help_box(s, bottom + 1, cols);
}
