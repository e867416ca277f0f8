/*
 * Composing the numbers line. Each part has a long form, a short form and
 * a priority; the line takes the longest forms that fit and leaves out the
 * least needed parts first, so 80 columns still show what matters.
 */
#include "view/numbers.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sim/mode.h"
#include "view/text.h"

#define PART_MAX 160
#define PARTS    14

struct part {
	char full[PART_MAX];
	char brief[PART_MAX];
	char tight[PART_MAX]; /* shorter still, tried before the level of
	                         TIGHT_LEVEL goes */
	int priority;         /* lower stays longer */
	bool shown;
};

/* Before the parts of this priority are left out, the tight forms are
 * tried (latency without its max). */
#define TIGHT_LEVEL 2

size_t numbers_duration(uint64_t us, char *buf, size_t cap)
{
	int w;

	/* Truncated, never rounded up: "999ms", not "1000ms". */
	if (us < 1000)
		w = snprintf(buf, cap, "%" PRIu64 "us", us);
	else if (us < 10000)
		w = snprintf(buf, cap, "%" PRIu64 ".%" PRIu64 "ms", us / 1000,
		             us % 1000 / 100);
	else if (us < 1000000)
		w = snprintf(buf, cap, "%" PRIu64 "ms", us / 1000);
	else if (us < 10000000)
		w = snprintf(buf, cap, "%" PRIu64 ".%02" PRIu64 "s",
		             us / 1000000, us % 1000000 / 10000);
	else
		w = snprintf(buf, cap, "%" PRIu64 ".%" PRIu64 "s", us / 1000000,
		             us % 1000000 / 100000);
	return w < 0 ? 0 : (size_t)w;
}

size_t numbers_bytes(uint64_t bytes, char *buf, size_t cap)
{
	static const char *const units[] = {"kB", "MB", "GB", "TB"};
	uint64_t whole = bytes, tenths = 0;
	size_t unit = 0;
	int w;

	if (bytes < 1000) {
		w = snprintf(buf, cap, "%" PRIu64 " B", bytes);
		return w < 0 ? 0 : (size_t)w;
	}
	/* Integers only: the same text on every machine. */
	whole = bytes / 1000;
	tenths = bytes % 1000 / 100;
	while (whole >= 1000 && unit + 1 < sizeof units / sizeof units[0]) {
		tenths = whole % 1000 / 100;
		whole /= 1000;
		unit++;
	}
	w = snprintf(buf, cap, "%" PRIu64 ".%" PRIu64 " %s", whole, tenths,
	             units[unit]);
	return w < 0 ? 0 : (size_t)w;
}

/*
 * A ratio of integers for people, from integers: "-" with nothing to
 * divide by, one decimal below `whole_from` ("7.7"), whole above ("357").
 */
static void ratio_text(uint64_t num, uint64_t den, uint64_t whole_from,
                       char *buf, size_t cap)
{
	uint64_t tenths;

	if (den == 0) {
		snprintf(buf, cap, "-");
		return;
	}
	tenths = (num * 10 + den / 2) / den;
	if (tenths < whole_from * 10)
		snprintf(buf, cap, "%" PRIu64 ".%" PRIu64, tenths / 10,
		         tenths % 10);
	else
		snprintf(buf, cap, "%" PRIu64, (num + den / 2) / den);
}

/* sent / increments, always to one decimal. */
static void per_increment(uint64_t sent, uint64_t increments, char *buf,
                          size_t cap)
{
	ratio_text(sent, increments, UINT64_MAX / 10, buf, cap);
}

enum form { FORM_FULL, FORM_BRIEF, FORM_TIGHT };

static const char *part_text(const struct part *p, enum form form)
{
	return form == FORM_FULL    ? p->full
	       : form == FORM_BRIEF ? p->brief
	                            : p->tight;
}

static size_t line_width(const struct part *parts, size_t count, enum form form,
                         size_t sep_cols)
{
	size_t cols = 0, shown = 0;

	for (size_t i = 0; i < count; i++) {
		if (!parts[i].shown)
			continue;
		cols += text_columns(part_text(&parts[i], form));
		shown++;
	}
	return cols + (shown > 1 ? (shown - 1) * sep_cols : 0);
}

static void set_part(struct part *p, int priority, const char *full,
                     const char *brief)
{
	snprintf(p->full, sizeof p->full, "%s", full);
	snprintf(p->brief, sizeof p->brief, "%s", brief);
	snprintf(p->tight, sizeof p->tight, "%s", brief);
	p->priority = priority;
	p->shown = true;
}

/* Bytes per operation for people: "7.7" below 10, whole above: "357". */
static void per_operation(uint64_t bytes, uint64_t operations, char *buf,
                          size_t cap)
{
	ratio_text(bytes, operations, 10, buf, cap);
}

/*
 * What an operation (an increment or a decrement) cost in bytes while
 * each mode was in force: the work, as per increment counts it (idle
 * bytes, sent while converged, left out); the mode in force, over its
 * phase. One mode: its figure. More than one:
 * a figure per mode that saw operations, for the room to compare; that part is
 * among the last to go.
 */
static void bytes_per_operation(const struct sim *sim,
                                const struct sim_stats *st, struct part *p)
{
	enum sim_mode now = sim_config(sim)->mode;
	char full[PART_MAX] = "", brief[PART_MAX] = "", a[24];
	size_t full_len = 0, brief_len = 0;
	uint64_t counts[MODE_COUNT], work[MODE_COUNT];
	int used = 0, only = -1;

	/* The mode in force counts its phase, as every number of the line
	 * does (st is the phase's); each other mode, the time it was in
	 * force. */
	for (int m = 0; m < MODE_COUNT; m++) {
		counts[m] = st->mode_counts[m];
		work[m] = st->mode_bytes[m] - st->mode_idle_bytes[m];
	}
	counts[now] = st->increments + st->decrements;
	work[now] = st->bytes_sent - st->idle_bytes;
	for (int m = 0; m < MODE_COUNT; m++)
		if (counts[m] > 0) {
			used++;
			only = m;
		}
	if (used <= 1) {
		enum sim_mode mode = used == 1 ? (enum sim_mode)only : now;

		per_operation(work[mode], counts[mode], a, sizeof a);
		if (mode == now) {
			snprintf(full, sizeof full, "%s bytes/op", a);
			snprintf(brief, sizeof brief, "%s B/op", a);
		} else {
			snprintf(full, sizeof full, "bytes/op %s %s",
			         sim_mode_name(mode), a);
			snprintf(brief, sizeof brief, "B/op %s %s",
			         sim_mode_name(mode), a);
		}
		set_part(p, 3, full, brief);
		return;
	}
	full_len = (size_t)snprintf(full, sizeof full, "bytes/op");
	brief_len = (size_t)snprintf(brief, sizeof brief, "B/op");
	for (int m = 0; m < MODE_COUNT; m++) {
		int w;

		if (counts[m] == 0)
			continue;
		per_operation(work[m], counts[m], a, sizeof a);
		w = snprintf(full + full_len, sizeof full - full_len,
		             "%s %s %s", full_len > 8 ? "," : "",
		             sim_mode_name(m), a);
		if (w > 0 && (size_t)w < sizeof full - full_len)
			full_len += (size_t)w;
		w = snprintf(brief + brief_len, sizeof brief - brief_len,
		             " %s %s", sim_mode_name(m), a);
		if (w > 0 && (size_t)w < sizeof brief - brief_len)
			brief_len += (size_t)w;
	}
	set_part(p, 1, full, brief);
}

/*
 * What the mode keeps besides the vector, at the node that keeps most:
 * delta's clocks and link numbers, and op-reliable's numbers per peer and
 * its log of ops not yet acknowledged, which grows while a peer is down.
 * That is the price of the fix, so the room sees it. False in state mode.
 */
static bool mode_keeps(const struct sim *sim, struct part *p)
{
	enum sim_mode mode = sim_config(sim)->mode;
	uint64_t most = 0, log = 0;
	char a[24], full[PART_MAX], brief[PART_MAX];

	if (!mode_get(mode)->keeps_bookkeeping)
		return false;
	for (uint32_t i = 0; i < sim_node_count(sim); i++) {
		if (sim_mode_state_bytes(sim, i) > most)
			most = sim_mode_state_bytes(sim, i);
		if (sim_op_log_length(sim, i) > log)
			log = sim_op_log_length(sim, i);
	}
	numbers_bytes(most, a, sizeof a);
	if (mode_get(mode)->shows_log) {
		snprintf(full, sizeof full,
		         "keeps %s a node, log %" PRIu64 " ops", a, log);
		snprintf(brief, sizeof brief, "keeps %s, log %" PRIu64, a, log);
	} else {
		snprintf(full, sizeof full, "keeps %s a node", a);
		snprintf(brief, sizeof brief, "keeps %s", a);
	}
	set_part(p, mode_get(mode)->shows_log ? 2 : 6, full, brief);
	return true;
}

void numbers_latency(const struct sim *sim, struct numbers_cache *c,
                     struct sim_latency *out)
{
	/* The phase's increments only: a new strategy, mode or reader
	 * starts counting afresh. */
	uint64_t from = sim_phase(sim)->latency_samples;
	struct sim_latency probe;

	if (c == NULL) {
		sim_latency_since(sim, from, out);
		return;
	}
	/* Past the last sample: the counts, without sorting anything. */
	sim_latency_since(sim, UINT64_MAX, &probe);
	if (c->valid && c->sim == sim && c->from == from &&
	    probe.samples >= c->latency.samples &&
	    (probe.samples == c->latency.samples ||
	     c->frames_skipped <
	         (probe.samples - from) / NUMBERS_SORT_BUDGET)) {
		c->frames_skipped++;
		*out = c->latency;
		out->pending = probe.pending;
		return;
	}
	sim_latency_since(sim, from, &c->latency);
	c->valid = true;
	c->sim = sim;
	c->from = from;
	c->frames_skipped = 0;
	*out = c->latency;
}

/* The world's numbers less those at the start of its phase. */
static void phase_stats(const struct sim *sim, struct sim_stats *st)
{
	const struct sim_stats *at = &sim_phase(sim)->stats;

	sim_stats(sim, st);
	st->increments -= at->increments;
	st->decrements -= at->decrements;
	st->sent -= at->sent;
	st->delivered -= at->delivered;
	st->dropped -= at->dropped;
	st->refused_in_flight -= at->refused_in_flight;
	st->refused_payload_bytes -= at->refused_payload_bytes;
	st->duplicated -= at->duplicated;
	st->bytes_sent -= at->bytes_sent;
	st->lost -= at->lost;
	st->reads -= at->reads;
	st->backwards_reads -= at->backwards_reads;
	st->idle_sent -= at->idle_sent;
	st->idle_bytes -= at->idle_bytes;
}

size_t numbers_line(const struct sim *sim, struct numbers_cache *cache,
                    size_t width, const char *sep, char *buf, size_t cap)
{
	/* The short form packs closer: two blanks between parts. */
	static const char brief_sep[] = "  ";
	struct sim_stats st;
	struct sim_latency lat;
	struct part parts[PARTS];
	size_t count = 0, len = 0, sep_cols = text_columns(sep);
	char a[24], b[24], c[24], full[PART_MAX], brief[PART_MAX], since[32];
	enum form form = FORM_FULL;

	/* Every count is the phase's (bytes per operation excepted: a
	 * figure per mode, each of the time it was in force). */
	phase_stats(sim, &st);
	text_time(sim_phase(sim)->start_us, since, sizeof since);
	numbers_latency(sim, cache, &lat);
	snprintf(full, sizeof full, "sent %" PRIu64, st.sent);
	set_part(&parts[count++], 0, full, full);
	snprintf(full, sizeof full, "delivered %" PRIu64, st.delivered);
	snprintf(brief, sizeof brief, "dlv %" PRIu64, st.delivered);
	set_part(&parts[count++], 4, full, brief);
	snprintf(full, sizeof full, "dropped %" PRIu64, st.dropped);
	snprintf(brief, sizeof brief, "drop %" PRIu64, st.dropped);
	set_part(&parts[count++], st.dropped ? 1 : 6, full, brief);
	/* Sends a budget refused are never silent: how many, and why. */
	if (st.refused_in_flight + st.refused_payload_bytes > 0) {
		snprintf(full, sizeof full,
		         "refused %" PRIu64 " (in-flight budget %" PRIu64
		         ", payload budget %" PRIu64 ")",
		         st.refused_in_flight + st.refused_payload_bytes,
		         st.refused_in_flight, st.refused_payload_bytes);
		snprintf(brief, sizeof brief, "refused %" PRIu64,
		         st.refused_in_flight + st.refused_payload_bytes);
		set_part(&parts[count++], 1, full, brief);
	}
	snprintf(full, sizeof full, "duplicated %" PRIu64, st.duplicated);
	snprintf(brief, sizeof brief, "dup %" PRIu64, st.duplicated);
	set_part(&parts[count++], st.duplicated ? 1 : 6, full, brief);
	snprintf(full, sizeof full, "lost %" PRIu64, st.lost);
	set_part(&parts[count++], st.lost ? 1 : 6, full, full);
	numbers_bytes(st.bytes_sent, a, sizeof a);
	snprintf(full, sizeof full, "%s sent", a);
	set_part(&parts[count++], 7, full, a);
	/* The work an increment caused: what was sent while the world was
	 * converged carried nothing new, and is idle (its own part), or the
	 * ratio would climb for ever on a quiet screen. */
	per_increment(st.sent - st.idle_sent, st.increments + st.decrements, a,
	              sizeof a);
	snprintf(full, sizeof full, "%s msgs/increment since %s", a,
	         sim_phase(sim)->start_us == 0 ? "start" : since);
	snprintf(brief, sizeof brief, "%s/inc", a);
	set_part(&parts[count++], 5, full, brief);
	snprintf(full, sizeof full, "idle %" PRIu64 " msgs", st.idle_sent);
	snprintf(brief, sizeof brief, "idle %" PRIu64, st.idle_sent);
	set_part(&parts[count++], 5, full, brief);
	bytes_per_operation(sim, &st, &parts[count++]);
	if (mode_keeps(sim, &parts[count]))
		count++;
	if (lat.samples > 0) {
		numbers_duration(lat.p50_us, a, sizeof a);
		numbers_duration(lat.p99_us, b, sizeof b);
		numbers_duration(lat.max_us, c, sizeof c);
		snprintf(full, sizeof full, "latency p50 %s p99 %s max %s", a,
		         b, c);
		snprintf(brief, sizeof brief, "p50 %s p99 %s max %s", a, b, c);
		set_part(&parts[count], TIGHT_LEVEL, full, brief);
		snprintf(parts[count].tight, sizeof parts[count].tight,
		         "p50 %s p99 %s", a, b);
		count++;
	} else {
		snprintf(full, sizeof full, "latency p50 - p99 - max -");
		snprintf(brief, sizeof brief, "p50 - p99 -");
		set_part(&parts[count++], TIGHT_LEVEL, full, brief);
	}
	if (sim_config(sim)->reader != READER_NONE || st.backwards_reads > 0) {
		snprintf(full, sizeof full, "backwards reads %" PRIu64,
		         st.backwards_reads);
		snprintf(brief, sizeof brief, "back %" PRIu64,
		         st.backwards_reads);
		set_part(&parts[count++], 1, full, brief);
	}

	/* Long words if they all fit; else short ones, leaving out the
	 * least needed parts one by one (the last of a level first) until
	 * the rest fit, and the tight forms before TIGHT_LEVEL goes. */
	if (line_width(parts, count, FORM_FULL, sep_cols) > width) {
		form = FORM_BRIEF;
		sep = brief_sep;
		sep_cols = 2;
		for (int level = 7; level >= 1; level--) {
			if (level == TIGHT_LEVEL &&
			    line_width(parts, count, form, sep_cols) > width)
				form = FORM_TIGHT;
			for (size_t i = count; i-- > 0;) {
				if (line_width(parts, count, form, sep_cols) <=
				    width)
					break;
				if (parts[i].priority == level)
					parts[i].shown = false;
			}
		}
	}
	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		const char *text = part_text(&parts[i], form);
		int w;

		if (!parts[i].shown)
			continue;
		w = snprintf(buf + len, cap - len, "%s%s", len ? sep : "",
		             text);
		if (w < 0 || (size_t)w >= cap - len)
			break;
		len += (size_t)w;
	}
	return len;
}
