/*
 * The event log as a sim observer. Each record kind has one describer in a
 * table. What is left out is as deliberate as what is said: timer ticks,
 * gossip that repeats what its sender already said, and merges that change
 * nothing would bury the few lines that matter at a few hundred per second.
 */
#include "view/eventlog.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "sim/mode.h"
#include "sim/strategy.h"
#include "view/faults.h"
#include "view/glyphs.h"
#include "view/text.h"
#include "view/wire.h"

/* A state sent to many at one instant (the relay forwarding an arrival, a
 * broadcast) is one line, naming up to this many receivers. */
#define FORWARD_NAMES 3

enum { FORCE_SEND = 1, FORCE_FORWARD = 2 };

/* Sends of one state by one sender at one instant, told as one line. */
struct send_group {
	bool active;
	uint64_t time_us;
	uint32_t from, origin;
	enum sim_message_kind kind;
	enum sim_payload_form form;
	const struct gcounter *payload;
	/* A delta's own slot list: the same for every copy the relay
	 * forwards, so its fan-out is one group, weighed as news once. */
	const uint32_t *delta;
	uint64_t line_seq; /* the line it writes, by eventlog_written order */
	uint32_t receivers;
	uint32_t names[FORWARD_NAMES];
	char vector[EVENTLOG_TEXT_MAX / 2];
	bool stale; /* told only because stepping tells all: nothing new */
	bool again; /* the relay passing on a copy the network made */
};

/* Losses to one cause (a cut link, a node down) while it lasts are one
 * line with a count, moved down to stay the newest: several a second
 * would otherwise push every other event off the screen. */
#define LOSS_GROUPS 4
/* A group's line further back than this starts a new line. */
#define LOSS_WINDOW 32

struct loss_group {
	bool active;
	uint64_t line_seq;
	uint64_t count;
	char why[64];
};

struct eventlog {
	const struct glyphs *glyphs;
	struct eventlog_line *lines;
	size_t capacity;
	size_t count;
	uint64_t written;

	uint32_t nodes;
	/* The value each worker last said it had, and the relay last
	 * forwarded for it: a repeat of the same value tells nobody
	 * anything (a worker's vector only grows, so an equal sum is an
	 * equal vector; after a restart from zero a repeat may be missed,
	 * which costs a line, never a wrong one). */
	uint64_t *last_sent;
	uint64_t *last_forwarded;
	unsigned char *forced; /* FORCE_*: the presenter pressed g */
	struct send_group group;
	struct loss_group losses[LOSS_GROUPS];
	unsigned next_loss; /* the group a new cause replaces */
	/* Copies the network made: a second arrival is told as one. */
	struct wire_copies copies;
	bool again;    /* the record being told is such a copy */
	bool verbose;  /* a presenter's step: every event is told */
	bool pn;       /* PN-Counters: vectors of two halves, values signed */
	uint64_t told; /* lines added, counting a group's re-told line */
};

/* --- the ring ------------------------------------------------------------ */

static struct eventlog_line *line_at_seq(struct eventlog *log, uint64_t seq)
{
	if (seq >= log->written || log->written - seq > log->count)
		return NULL;
	return &log->lines[seq % log->capacity];
}

static struct eventlog_line *add_line(struct eventlog *log, uint64_t time_us,
                                      enum eventlog_kind kind)
{
	struct eventlog_line *line = &log->lines[log->written % log->capacity];

	log->written++;
	log->told++;
	if (log->count < log->capacity)
		log->count++;
	line->time_us = time_us;
	line->kind = kind;
	line->text[0] = '\0';
	return line;
}

static void say(struct eventlog *log, uint64_t time_us, enum eventlog_kind kind,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void say(struct eventlog *log, uint64_t time_us, enum eventlog_kind kind,
                const char *fmt, ...)
{
	struct eventlog_line *line = add_line(log, time_us, kind);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line->text, sizeof line->text, fmt, ap);
	va_end(ap);
}

/* --- life cycle ---------------------------------------------------------- */

struct eventlog *eventlog_new(uint32_t nodes, size_t capacity, bool utf8)
{
	struct eventlog *log = xcalloc(1, sizeof *log);

	log->glyphs = glyphs_get(utf8);
	log->capacity = capacity > 0 ? capacity : 1;
	log->lines = xcalloc(log->capacity, sizeof *log->lines);
	eventlog_reset(log, nodes);
	return log;
}

void eventlog_free(struct eventlog *log)
{
	if (log == NULL)
		return;
	free(log->lines);
	free(log->last_sent);
	free(log->last_forwarded);
	free(log->forced);
	free(log);
}

void eventlog_reset(struct eventlog *log, uint32_t nodes)
{
	free(log->last_sent);
	free(log->last_forwarded);
	free(log->forced);
	log->nodes = nodes;
	log->last_sent = xcalloc(nodes, sizeof *log->last_sent);
	log->last_forwarded = xcalloc(nodes, sizeof *log->last_forwarded);
	log->forced = xcalloc(nodes, sizeof *log->forced);
	log->count = 0;
	log->written = 0;
	log->group.active = false;
	memset(log->losses, 0, sizeof log->losses);
	wire_copies_reset(&log->copies);
}

/* --- words ------------------------------------------------------------- */

struct words {
	char name[16], other[16], origin[16];
	char payload[EVENTLOG_TEXT_MAX / 2];
};

/* Whether a vector is written out in full within the line's budget (a
 * PN-Counter's as "+[..] −[..]": two brackets, signs and a blank more). */
static bool vector_fits(const struct eventlog *log, const struct gcounter *g)
{
	size_t extra = log->pn ? 5 : 0;

	/* "[" + n numbers + n-1 commas + "]", at least one digit each. */
	if (g->n * 2 + 1 + extra > EVENTLOG_VECTOR_COLS)
		return false;
	return gcounter_format(g, NULL, 0) + extra <= EVENTLOG_VECTOR_COLS;
}

/* A value for the log: "12", and "−3" for a PN-Counter below zero. */
static const char *value_text(const struct eventlog *log, int64_t v, char *buf,
                              size_t cap)
{
	text_signed(v, log->glyphs->minus, buf, cap);
	return buf;
}

/* What a merge did to the receiver's value: "5 → 8". */
static const char *value_change(const struct eventlog *log,
                                const struct sim_record *r, char *buf,
                                size_t cap)
{
	char from[32], to[32];

	value_text(log, text_counter_value(r->before, log->pn), from,
	           sizeof from);
	value_text(log, text_counter_value(r->after, log->pn), to, sizeof to);
	snprintf(buf, cap, "%s %s %s", from, log->glyphs->arrow, to);
	return buf;
}

/* "[3,0,1]" ("+[3,0,1] −[0,2,0]" for a PN-Counter), or for a vector too
 * long to read in a line, its total: "[… total 4]" ("[… value −2]"). */
static void vector_text(const struct eventlog *log, const struct gcounter *g,
                        char *buf, size_t cap)
{
	char value[32];

	/* A message with no vector (ops, in the op modes) is an update. */
	if (g == NULL)
		snprintf(buf, cap, "update");
	else if (vector_fits(log, g) && log->pn)
		text_pn_vector(g, EVENTLOG_VECTOR_COLS, log->glyphs->ellipsis,
		               log->glyphs->minus, buf, cap);
	else if (vector_fits(log, g))
		text_vector(g, EVENTLOG_VECTOR_COLS, log->glyphs->ellipsis, buf,
		            cap);
	else if (log->pn)
		snprintf(buf, cap, "[%s value %s]", log->glyphs->ellipsis,
		         value_text(log, text_counter_value(g, log->pn), value,
		                    sizeof value));
	else
		snprintf(buf, cap, "[%s total %" PRIu64 "]",
		         log->glyphs->ellipsis, gcounter_value_saturated(g));
}

/* What a message carries, for a line: a state's vector, a delta's pairs,
 * ops, or a control message in words (view/wire.h). */
static void cargo_text(const struct eventlog *log, const struct sim *sim,
                       const struct sim_record *r, char *buf, size_t cap)
{
	struct wire_context wire = wire_context_of(sim, log->glyphs);
	const struct sim_payload_view *m = r->message;

	/* What a delta leaves out is said once, when it is sent: the
	 * lines after it (a merge, a fault) need the room. */
	wire.pairs_only = r->kind != REC_SEND;

	if (r->message_kind == MSG_PULL)
		snprintf(buf, cap, "a request for state");
	else if (r->message_kind == MSG_NACK)
		snprintf(buf, cap, "NACK");
	else if (m != NULL && m->form == PAYLOAD_DELTA)
		wire_delta(&wire, m, EVENTLOG_VECTOR_COLS, buf, cap);
	else if (r->payload != NULL)
		vector_text(log, r->payload, buf, cap);
	else
		wire_text(&wire, r->message_kind, m, r->origin,
		          EVENTLOG_VECTOR_COLS, buf, cap);
}

/* The form of a record's message (PAYLOAD_NONE when it says none). */
static enum sim_payload_form form_of(const struct sim_record *r)
{
	return r->message != NULL ? r->message->form : PAYLOAD_NONE;
}

/* A slot's name: "n5"; a PN-Counter's "n5+" in P and "n5−" in N. */
static void slot_name(const struct eventlog *log, size_t slot, size_t slots,
                      char *buf, size_t cap)
{
	if (!log->pn)
		snprintf(buf, cap, "n%zu", slot + 1);
	else if (slot < slots / 2)
		snprintf(buf, cap, "n%zu+", slot + 1);
	else
		snprintf(buf, cap, "n%zu%s", slot - slots / 2 + 1,
		         log->glyphs->minus);
}

/* For long vectors, what a merge changed: "n5 0→2, n61 0→1, +3 more". */
static void changes_text(const struct eventlog *log,
                         const struct gcounter *before,
                         const struct gcounter *after, char *buf, size_t cap)
{
	size_t len = 0, listed = 0, more = 0;

	buf[0] = '\0';
	for (size_t s = 0; s < after->n && s < before->n; s++) {
		char slot[24];
		int w;

		if (after->slots[s] == before->slots[s])
			continue;
		if (listed == 3) {
			more++;
			continue;
		}
		slot_name(log, s, after->n, slot, sizeof slot);
		w = snprintf(buf + len, cap - len, "%s%s %" PRIu64 "%s%" PRIu64,
		             listed ? ", " : "", slot, before->slots[s],
		             log->glyphs->arrow, after->slots[s]);
		if (w < 0 || (size_t)w >= cap - len)
			return;
		len += (size_t)w;
		listed++;
	}
	if (more > 0)
		snprintf(buf + len, cap - len, ", +%zu more", more);
}

static void name_of(uint32_t node, char *buf, size_t cap)
{
	sim_node_name(node, buf, cap);
}

static bool is_worker(const struct eventlog *log, uint32_t node)
{
	return node != SIM_RELAY && node < log->nodes;
}

/* "Not said yet": a drop makes the next identical send worth telling,
 * since it is how the lost state gets through after all. */
#define UNSAID UINT64_MAX

/*
 * Whether a state tells some worker other than its origin anything: once
 * every worker holds it, gossiping it again is the quiet steady state, not
 * news. O(nodes) per worker compared; only asked of sends that survived
 * the cheaper "same as last time" test.
 */
static bool is_news(const struct sim *sim, const struct gcounter *payload,
                    uint32_t origin)
{
	uint32_t n = sim_node_count(sim);

	if (sim_converged(sim))
		return false;
	for (uint32_t j = 0; j < n; j++)
		if (j != origin &&
		    !gcounter_leq(payload, sim_node_vector(sim, j)))
			return true;
	return false;
}

/* The same for a delta, over the slots it carries only. */
static bool is_delta_news(const struct sim *sim,
                          const struct sim_payload_view *m, uint32_t origin)
{
	uint32_t n = sim_node_count(sim);

	if (sim_converged(sim))
		return false;
	for (uint32_t i = 0; i < m->count; i++)
		for (uint32_t j = 0; j < n; j++)
			if (j != origin &&
			    sim_node_vector(sim, j)->slots[m->slots[i]] <
			        m->values[i])
				return true;
	return false;
}

/* --- one describer per record kind ------------------------------------ */

/* A PN-Counter counts up or down, said the way the keys show it: "n2 −1
 * → +[0,1,0] −[0,1,0], value 0". */
static void describe_pn_count(struct eventlog *log, const struct sim_record *r,
                              struct words *w)
{
	const char *sign = r->decrement ? log->glyphs->minus : "+";
	size_t half = r->after != NULL ? r->after->n / 2 : 0;
	size_t own = r->decrement ? half + r->node : r->node;
	char value[32];

	if (r->after == NULL)
		return;
	value_text(log, text_counter_value(r->after, log->pn), value,
	           sizeof value);
	if (!vector_fits(log, r->after) && own < r->after->n) {
		say(log, r->time_us, EVENTLOG_INCREMENT,
		    "%s %s%" PRIu64 ": its own slot of %s now %" PRIu64
		    " (value %s)",
		    w->name, sign, r->amount, r->decrement ? "N" : "P",
		    r->after->slots[own], value);
		return;
	}
	vector_text(log, r->after, w->payload, sizeof w->payload);
	say(log, r->time_us, EVENTLOG_INCREMENT,
	    "%s %s%" PRIu64 " %s %s, value %s", w->name, sign, r->amount,
	    log->glyphs->arrow, w->payload, value);
}

static void describe_increment(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r)
{
	struct words w;

	(void)sim;
	name_of(r->node, w.name, sizeof w.name);
	if (log->pn) {
		describe_pn_count(log, r, &w);
		return;
	}
	if (!vector_fits(log, r->after) && r->node < r->after->n) {
		say(log, r->time_us, EVENTLOG_INCREMENT,
		    "%s added %" PRIu64 " to its own slot, now %" PRIu64
		    " (value %" PRIu64 ")",
		    w.name, r->amount, r->after->slots[r->node],
		    gcounter_value_saturated(r->after));
		return;
	}
	vector_text(log, r->after, w.payload, sizeof w.payload);
	if (r->amount == 1)
		say(log, r->time_us, EVENTLOG_INCREMENT,
		    "%s incremented its own slot %s %s", w.name,
		    log->glyphs->arrow, w.payload);
	else
		say(log, r->time_us, EVENTLOG_INCREMENT,
		    "%s added %" PRIu64 " to its own slot %s %s", w.name,
		    r->amount, log->glyphs->arrow, w.payload);
}

/* "n1, n3, n4", or "63 workers" past FORWARD_NAMES. */
static void receivers_text(const struct send_group *g, char *buf, size_t cap)
{
	size_t len = 0;

	buf[0] = '\0';
	if (g->receivers > FORWARD_NAMES) {
		snprintf(buf, cap, "%" PRIu32 " workers", g->receivers);
		return;
	}
	for (uint32_t i = 0; i < g->receivers && len < cap; i++) {
		char one[16];

		name_of(g->names[i], one, sizeof one);
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		                        i ? ", " : "", one);
	}
}

/* (Re)writes the group's line as its receivers come in. */
static void write_group_line(struct eventlog *log)
{
	struct send_group *g = &log->group;
	struct eventlog_line *line = line_at_seq(log, g->line_seq);
	char from[16], origin[16], names[FORWARD_NAMES * 16 + 8];

	if (line == NULL)
		return;
	name_of(g->from, from, sizeof from);
	name_of(g->origin, origin, sizeof origin);
	receivers_text(g, names, sizeof names);
	const char *stale = g->stale ? " (nothing new)" : "";

	if (g->from == SIM_RELAY && g->form == PAYLOAD_OPS)
		snprintf(line->text, sizeof line->text,
		         "relay forwards %s%s to %s%s", g->vector,
		         g->again ? " again (the copy)" : "", names, stale);
	else if (g->from == SIM_RELAY)
		snprintf(line->text, sizeof line->text,
		         "relay forwards %s's %s to %s%s", origin, g->vector,
		         names, stale);
	else if (g->form == PAYLOAD_OPS)
		snprintf(line->text, sizeof line->text, "%s sends %s to %s%s",
		         from, g->vector, names, stale);
	else if (g->kind == MSG_REPLY)
		snprintf(line->text, sizeof line->text,
		         "%s answers %s with %s%s", from, names, g->vector,
		         stale);
	else
		snprintf(line->text, sizeof line->text, "%s gossips %s to %s%s",
		         from, g->vector, names, stale);
}

/* Whether a state leaving `from` is worth a line: it must say something
 * its sender (or, for the relay, its origin) has not said already, and
 * tell some worker something new; unless the presenter asked for it. */
static bool send_is_told(struct eventlog *log, const struct sim *sim,
                         const struct sim_record *r)
{
	bool relay = r->from == SIM_RELAY;
	uint32_t speaker = relay ? r->origin : r->from;
	uint64_t *last = relay ? log->last_forwarded : log->last_sent;
	unsigned char force = relay ? FORCE_FORWARD : FORCE_SEND;
	uint64_t value = gcounter_value_saturated(r->payload);
	bool told =
	    (log->forced[speaker] & force) ||
	    (value != last[speaker] && is_news(sim, r->payload, r->origin));

	/* What a worker was asked to say, the relay passes on as asked. */
	if (!relay && (log->forced[speaker] & FORCE_SEND) &&
	    is_worker(log, r->origin))
		log->forced[r->origin] |= FORCE_FORWARD;
	log->forced[speaker] &= (unsigned char)~force;
	last[speaker] = value;
	return told;
}

/* An acknowledgement (op-reliable) or a NACK (delta): a worker's own, or
 * the relay passing one on. ACKs are chatter, told only when stepping;
 * a NACK is news: a message went missing and the whole state follows. */
static void describe_control(struct eventlog *log, const struct sim_record *r)
{
	struct words w;
	bool relay = r->from == SIM_RELAY;

	if (r->message_kind == MSG_ACK && !log->verbose)
		return;
	name_of(r->from, w.name, sizeof w.name);
	name_of(r->to, w.other, sizeof w.other);
	name_of(r->origin, w.origin, sizeof w.origin);
	if (r->message_kind == MSG_ACK && relay)
		say(log, r->time_us, EVENTLOG_FORWARD,
		    "relay passes %s's ack of %s's ops up to #%" PRIu64
		    " to %s",
		    w.origin, w.other, r->message != NULL ? r->message->seq : 0,
		    w.other);
	else if (r->message_kind == MSG_ACK)
		say(log, r->time_us, EVENTLOG_GOSSIP,
		    "%s acknowledges n%" PRIu32 "'s ops up to #%" PRIu64
		    " (ack to %s)",
		    w.name, r->message != NULL ? r->message->dest + 1 : 0,
		    r->message != NULL ? r->message->seq : 0, w.other);
	else if (relay)
		say(log, r->time_us, EVENTLOG_FORWARD,
		    "relay passes %s's NACK to %s: send everything", w.origin,
		    w.other);
	else
		say(log, r->time_us, EVENTLOG_GOSSIP,
		    "%s missed a delta: NACK to %s, send everything", w.name,
		    w.other);
}

/* Whether a send belongs to the group being told: the same sender, the
 * same instant, the same thing carried (a state by its snapshot, the rest
 * by what the line would say of it). */
static bool same_group(const struct eventlog *log, const struct sim *sim,
                       const struct sim_record *r)
{
	const struct send_group *g = &log->group;
	char text[EVENTLOG_TEXT_MAX / 2];

	if (!g->active || g->time_us != r->time_us || g->from != r->from ||
	    g->origin != r->origin || g->form != form_of(r))
		return false;
	if (r->payload != NULL && form_of(r) != PAYLOAD_DELTA)
		return g->payload == r->payload;
	/* (An untold delta's fan-out is one group by its slot list; a
	 * freed delta's address can come back, so told ones compare text
	 * too.) */
	if (form_of(r) == PAYLOAD_DELTA && g->delta == r->message->slots &&
	    g->line_seq == UINT64_MAX)
		return true;
	if (g->line_seq == UINT64_MAX)
		return false; /* untold, so there is no text to compare */
	cargo_text(log, sim, r, text, sizeof text);
	return strcmp(text, g->vector) == 0;
}

static void describe_send(struct eventlog *log, const struct sim *sim,
                          const struct sim_record *r)
{
	struct send_group *g = &log->group;
	enum sim_payload_form form = form_of(r);
	struct words w;

	if (r->from != SIM_RELAY && !is_worker(log, r->from))
		return;
	if (r->message_kind == MSG_ACK || r->message_kind == MSG_NACK) {
		describe_control(log, r);
		return;
	}
	if (r->payload == NULL && form != PAYLOAD_OPS) {
		/* Only a worker's pull request is told here. */
		if (r->message_kind != MSG_PULL || !is_worker(log, r->from))
			return;
		/* A pull request carries no state: told only when asked for
		 * with g, or every node's polling would fill the log. */
		if ((log->forced[r->from] & FORCE_SEND) || log->verbose) {
			log->forced[r->from] &= (unsigned char)~FORCE_SEND;
			name_of(r->from, w.name, sizeof w.name);
			name_of(r->to, w.other, sizeof w.other);
			say(log, r->time_us, EVENTLOG_GOSSIP,
			    "%s asks %s for its state", w.name, w.other);
		}
		return;
	}
	/* One sender's state to many receivers at one instant (the relay's
	 * fan-out, a broadcast, a gossip round) is one line. */
	if (same_group(log, sim, r)) {
		if (g->receivers < FORWARD_NAMES)
			g->names[g->receivers] = r->to;
		g->receivers++;
		write_group_line(log);
		return;
	}
	*g = (struct send_group){
	    .active = true,
	    .time_us = r->time_us,
	    .from = r->from,
	    .origin = r->origin,
	    .kind = r->message_kind,
	    .form = form,
	    .payload = r->payload,
	    .delta = form == PAYLOAD_DELTA ? r->message->slots : NULL,
	    .line_seq = UINT64_MAX};
	if (!is_worker(log, r->origin))
		return;
	/* An op always changes its receivers: it is always told. A delta
	 * is told when it is news (its sum says nothing: it is a part). */
	if (form == PAYLOAD_STATE && !send_is_told(log, sim, r)) {
		if (!log->verbose)
			return;
		g->stale = true;
	} else if (form == PAYLOAD_DELTA &&
	           !(log->forced[r->from == SIM_RELAY ? r->origin : r->from] &
	             (r->from == SIM_RELAY ? FORCE_FORWARD : FORCE_SEND)) &&
	           !is_delta_news(sim, r->message, r->origin)) {
		if (!log->verbose)
			return;
		/* (An empty delta says "nothing new" itself.) */
		g->stale = r->message->count > 0;
	}
	cargo_text(log, sim, r, g->vector, sizeof g->vector);
	g->again = wire_copies_forwarded(&log->copies, r);
	g->line_seq = log->written;
	g->names[0] = r->to;
	g->receivers = 1;
	add_line(log, r->time_us,
	         r->from == SIM_RELAY ? EVENTLOG_FORWARD : EVENTLOG_GOSSIP);
	write_group_line(log);
}

/* An ack or a NACK arriving: told only when stepping. */
static void describe_control_arrival(struct eventlog *log,
                                     const struct sim_record *r,
                                     const struct words *w)
{
	if (!log->verbose)
		return;
	if (r->message_kind == MSG_ACK)
		say(log, r->time_us, EVENTLOG_MERGE,
		    "%s got %s's ack %" PRIu64 ": those ops need no resending",
		    w->name, w->origin,
		    r->message != NULL ? r->message->seq : 0);
	else
		say(log, r->time_us, EVENTLOG_MERGE,
		    "%s got %s's NACK: its next message there is the whole "
		    "state",
		    w->name, w->origin);
}

/* The most nodes for which every op arrival is told. */
#define OPS_TOLD_UP_TO 16

/* Ops arriving: added to the receiver's slot of their origin. In plain
 * op mode a copy the network made counts twice, and the line says so; in
 * op-reliable an op that is not the next one expected (a copy, a resend,
 * one out of order) is dropped by its number, and that is told too: it is
 * what the numbers are for. Which copy comes first is the network's
 * choice: the line that says "again" is one of them. */
static void describe_ops_arrival(struct eventlog *log, const struct sim *sim,
                                 const struct sim_record *r, struct words *w,
                                 bool again)
{
	const struct mode *mode = mode_get(sim_config(sim)->mode);
	char ops[EVENTLOG_TEXT_MAX / 2], after[EVENTLOG_TEXT_MAX / 2];
	char to[32];

	/* Past a classroom's size, every op reaching every node is hundreds
	 * of lines a second that no one can read, and each costs a pass over
	 * the vector: then only a copy counted twice is told, unless
	 * stepping. */
	if (!log->verbose && sim_node_count(sim) > OPS_TOLD_UP_TO &&
	    !(again && mode->counts_duplicates))
		return;
	cargo_text(log, sim, r, ops, sizeof ops);
	if (r->changed == 0) {
		if (mode->numbered && again)
			say(log, r->time_us, EVENTLOG_MERGE,
			    "%s dropped a copy of %s: applied already, not "
			    "twice",
			    w->name, ops);
		else if (mode->numbered)
			say(log, r->time_us, EVENTLOG_MERGE,
			    "%s dropped %s: applied already, or out of order",
			    w->name, ops);
		else if (log->verbose)
			say(log, r->time_us, EVENTLOG_MERGE,
			    "%s got %s (nothing new)", w->name, ops);
		return;
	}
	again = again && mode->counts_duplicates;
	if (!vector_fits(log, r->after)) {
		char change[80];

		changes_text(log, r->before, r->after, after, sizeof after);
		say(log, r->time_us, again ? EVENTLOG_FAULT : EVENTLOG_MERGE,
		    "%s applied %s%s: %s (value %s)", w->name, ops,
		    again ? " AGAIN, counted twice" : "", after,
		    value_change(log, r, change, sizeof change));
		return;
	}
	value_text(log, text_counter_value(r->after, log->pn), to, sizeof to);
	vector_text(log, r->after, after, sizeof after);
	say(log, r->time_us, again ? EVENTLOG_FAULT : EVENTLOG_MERGE,
	    "%s applied %s%s %s %s, value %s", w->name, ops,
	    again ? " AGAIN, counted twice" : "", log->glyphs->arrow, after,
	    to);
}

static void describe_deliver(struct eventlog *log, const struct sim *sim,
                             const struct sim_record *r)
{
	struct words w;
	char before[EVENTLOG_TEXT_MAX / 2], after[EVENTLOG_TEXT_MAX / 2];
	bool again = log->again;

	/* The relay keeps no state: its arrivals show as its forwards. A
	 * merge that changed nothing is the common case once converged. */
	if (r->to == SIM_RELAY || r->before == NULL || r->after == NULL)
		return;
	name_of(r->to, w.name, sizeof w.name);
	name_of(r->origin, w.origin, sizeof w.origin);
	if (r->message_kind == MSG_ACK || r->message_kind == MSG_NACK) {
		describe_control_arrival(log, r, &w);
		return;
	}
	if (form_of(r) == PAYLOAD_OPS) {
		describe_ops_arrival(log, sim, r, &w, again);
		return;
	}
	if (r->changed == 0) {
		/* Told only when the presenter steps through it. */
		if (!log->verbose || r->payload == NULL)
			return;
		cargo_text(log, sim, r, w.payload, sizeof w.payload);
		say(log, r->time_us, EVENTLOG_MERGE, "%s got %s's %s%s", w.name,
		    w.origin, w.payload,
		    /* (An empty delta says so itself.) */
		    form_of(r) == PAYLOAD_DELTA && r->message->count == 0
		        ? ""
		        : " (nothing new)");
		return;
	}
	if (!vector_fits(log, r->after)) {
		char change[80];

		changes_text(log, r->before, r->after, before, sizeof before);
		say(log, r->time_us, EVENTLOG_MERGE,
		    "%s merged %s's %s: %s (value %s)", w.name, w.origin,
		    form_of(r) == PAYLOAD_DELTA ? "delta" : "state", before,
		    value_change(log, r, change, sizeof change));
		return;
	}
	if (log->pn) {
		/* Two halves three times over would not fit a line: the
		 * result, and what it did to the value. */
		char change[80];

		vector_text(log, r->after, after, sizeof after);
		say(log, r->time_us, EVENTLOG_MERGE,
		    "%s merged %s's %s %s %s, value %s", w.name, w.origin,
		    form_of(r) == PAYLOAD_DELTA ? "delta" : "state",
		    log->glyphs->arrow, after,
		    value_change(log, r, change, sizeof change));
		return;
	}
	cargo_text(log, sim, r, w.payload, sizeof w.payload);
	vector_text(log, r->before, before, sizeof before);
	vector_text(log, r->after, after, sizeof after);
	say(log, r->time_us, EVENTLOG_MERGE,
	    "%s merged %s's %s with its %s %s %s", w.name, w.origin, w.payload,
	    before, log->glyphs->arrow, after);
}

/* How each kind of fault reads: before and after "n2's [1,0] on its way
 * n2 → relay". */
static const struct {
	const char *before, *after;
} fault_words[] = {
    [REC_DROP] = {"the network lost ", ""},
    [REC_DUPLICATE] = {"the network duplicated ", ""},
    [REC_LOST] = {"", " was lost: "},
};

/* Takes line `seq` out of the ring, the newer lines moving up one, so
 * that a group's line can be written again as the newest. */
static void remove_line(struct eventlog *log, uint64_t seq)
{
	for (uint64_t k = seq; k + 1 < log->written; k++)
		log->lines[k % log->capacity] =
		    log->lines[(k + 1) % log->capacity];
	log->written--;
	log->count--;
	if (log->group.line_seq != UINT64_MAX && log->group.line_seq > seq)
		log->group.line_seq--;
	for (size_t i = 0; i < LOSS_GROUPS; i++)
		if (log->losses[i].active && log->losses[i].line_seq > seq)
			log->losses[i].line_seq--;
}

static void describe_loss(struct eventlog *log, uint64_t time_us,
                          const char *why, const char *what, const char *from,
                          const char *to)
{
	struct loss_group *group = NULL;
	char count[32] = "";

	for (size_t i = 0; i < LOSS_GROUPS; i++) {
		struct loss_group *g = &log->losses[i];

		if (g->active && strcmp(g->why, why) == 0 &&
		    line_at_seq(log, g->line_seq) != NULL &&
		    log->written - g->line_seq <= LOSS_WINDOW)
			group = g;
	}
	if (group != NULL) {
		remove_line(log, group->line_seq);
		group->count++;
	} else {
		group = &log->losses[log->next_loss++ % LOSS_GROUPS];
		*group = (struct loss_group){.active = true, .count = 1};
		snprintf(group->why, sizeof group->why, "%s", why);
	}
	group->line_seq = log->written;
	if (group->count > 1)
		snprintf(count, sizeof count, " %s%" PRIu64, log->glyphs->times,
		         group->count);
	say(log, time_us, EVENTLOG_FAULT, "lost: %s%s %s %s%s %s %s %s", why,
	    count, log->glyphs->dot, group->count > 1 ? "last " : "", what,
	    from, log->glyphs->arrow, to);
}

/* A command changes the causes: losses after it start their own lines. */
static void end_loss_groups(struct eventlog *log)
{
	for (size_t i = 0; i < LOSS_GROUPS; i++)
		log->losses[i].active = false;
}

static void describe_fault(struct eventlog *log, const struct sim *sim,
                           const struct sim_record *r)
{
	struct words w;
	char what[EVENTLOG_TEXT_MAX / 2 + 32];

	/* A state that never arrived makes its next identical send news. */
	if (r->kind != REC_DUPLICATE && is_worker(log, r->origin) &&
	    form_of(r) == PAYLOAD_STATE) {
		if (r->from == SIM_RELAY)
			log->last_forwarded[r->origin] = UNSAID;
		else if (is_worker(log, r->from))
			log->last_sent[r->from] = UNSAID;
	}
	/* Acknowledgements are chatter: their faults too, unless stepping
	 * (a lost one only means a resend); so is a second copy of an empty
	 * delta, which carries nothing. */
	if ((r->message_kind == MSG_ACK ||
	     (r->kind == REC_DUPLICATE && form_of(r) == PAYLOAD_DELTA &&
	      r->message->count == 0)) &&
	    !log->verbose)
		return;
	name_of(r->from, w.name, sizeof w.name);
	name_of(r->to, w.other, sizeof w.other);
	name_of(r->origin, w.origin, sizeof w.origin);
	cargo_text(log, sim, r, w.payload, sizeof w.payload);
	if (form_of(r) == PAYLOAD_OPS || r->message_kind == MSG_PULL)
		snprintf(what, sizeof what, "%s", w.payload);
	else
		snprintf(what, sizeof what, "%s's %s", w.origin, w.payload);
	/* A loss says why: the state of the world at the moment of arrival
	 * is the reason (a link cut, a node down). */
	if (r->kind == REC_LOST) {
		char why[64];

		if (faults_link_cut(sim, r->from, r->to, why, sizeof why) ==
		    NULL)
			snprintf(why, sizeof why, "its link was cut");
		describe_loss(log, r->time_us, why, what, w.name, w.other);
		return;
	}
	/* The one mode where a copy is not harmless. */
	if (r->kind == REC_DUPLICATE && form_of(r) == PAYLOAD_OPS &&
	    mode_get(sim_config(sim)->mode)->counts_duplicates) {
		say(log, r->time_us, EVENTLOG_FAULT,
		    "the network duplicated %s (%s %s %s): it will count "
		    "twice",
		    what, w.name, log->glyphs->arrow, w.other);
		return;
	}
	say(log, r->time_us, EVENTLOG_FAULT, "%s%s on its way %s %s %s%s",
	    fault_words[r->kind].before, what, w.name, log->glyphs->arrow,
	    w.other, fault_words[r->kind].after);
}

/* Reads are page views: only one that goes backwards is worth a line. */
static void describe_read(struct eventlog *log, const struct sim *sim,
                          const struct sim_record *r)
{
	char name[16];

	(void)sim;
	name_of(r->node, name, sizeof name);
	if (r->changed == 0) {
		if (log->verbose)
			say(log, r->time_us, EVENTLOG_NOTE,
			    "a reader got %" PRIu64 " from %s", r->amount,
			    name);
		return;
	}
	say(log, r->time_us, EVENTLOG_FAULT,
	    "a reader got %" PRIu64 " from %s: less than it read before",
	    r->amount, name);
}

static void describe_converged(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r)
{
	char truth[EVENTLOG_TEXT_MAX / 2], value[32];

	uint64_t total = sim_truth_total(sim), join = sim_join_value(sim);

	vector_text(log, sim_truth(sim), truth, sizeof truth);
	if (log->pn) {
		value_text(log, sim_join_signed_value(sim), value,
		           sizeof value);
		if (join < total)
			say(log, r->time_us, EVENTLOG_CONVERGED,
			    "converged: every node holds %s, value %s "
			    "(%" PRIu64 " operations lost)",
			    truth, value, total - join);
		else
			say(log, r->time_us, EVENTLOG_CONVERGED,
			    "converged: every node holds %s, value %s", truth,
			    value);
		return;
	}
	/* After an amnesiac restart the nodes agree on less than was
	 * counted: the line says so rather than claim the true total. */
	if (join < total)
		say(log, r->time_us, EVENTLOG_CONVERGED,
		    "converged: every node holds %s, value %" PRIu64
		    " of %" PRIu64 " counted (%" PRIu64 " lost)",
		    truth, join, total, total - join);
	else
		say(log, r->time_us, EVENTLOG_CONVERGED,
		    "converged: every node holds %s, value %" PRIu64, truth,
		    total);
}

/* The words for each command kind the presenter can give. */
static void describe_command(struct eventlog *log, const struct sim *sim,
                             const struct sim_record *r)
{
	const struct command *c = r->command;
	char name[16], what[EVENTLOG_TEXT_MAX];

	(void)sim;
	if (c == NULL)
		return;
	end_loss_groups(log);
	name_of(c->node, name, sizeof name);
	switch (c->kind) {
	case CMD_GOSSIP_NOW:
		if (is_worker(log, c->node))
			log->forced[c->node] |= FORCE_SEND;
		snprintf(what, sizeof what, "%s was asked to gossip now", name);
		break;
	case CMD_SET_RATE:
		snprintf(what, sizeof what, "workload set to %.4g increments/s",
		         c->rate);
		break;
	case CMD_SET_LATENCY: {
		char latency[48];

		latency_format(&c->latency, latency, sizeof latency);
		snprintf(what, sizeof what, "latency set to %s", latency);
		break;
	}
	case CMD_SET_DROP:
	case CMD_SET_DUPLICATE:
		/* In percent, as the faults row and the panel say it. */
		snprintf(what, sizeof what, "%s set to %.4g%%",
		         c->kind == CMD_SET_DROP ? "drop" : "dup",
		         c->probability * 100);
		break;
	case CMD_SET_STRATEGY: {
		size_t count;
		const struct strategy *const *all = strategy_all(&count);

		snprintf(what, sizeof what, "strategy switched to %s",
		         c->strategy < count ? all[c->strategy]->name : "?");
		break;
	}
	case CMD_CRASH:
		snprintf(what, sizeof what, "%s crashed%s", name,
		         c->node == SIM_RELAY ? ": nothing passes through it"
		                              : ": it forgets everything");
		break;
	case CMD_RESTART:
		if (c->node == SIM_RELAY)
			snprintf(what, sizeof what, "the relay restarted");
		else if (c->mode == RESTART_AMNESIA)
			snprintf(what, sizeof what,
			         "%s restarted from zero (amnesia)", name);
		else
			snprintf(what, sizeof what,
			         "%s restarted with its own count from disk",
			         name);
		break;
	case CMD_PARTITION:
		switch (c->mode) {
		case PARTITION_NONE:
			snprintf(what, sizeof what, "%s's links were mended",
			         name);
			break;
		case PARTITION_NO_RECEIVE:
			snprintf(what, sizeof what,
			         "%s was cut off: it can send but not receive",
			         name);
			break;
		case PARTITION_NO_SEND:
			snprintf(what, sizeof what,
			         "%s was cut off: it can receive but not send",
			         name);
			break;
		default:
			snprintf(what, sizeof what,
			         "%s's links were cut both ways", name);
			break;
		}
		break;
	case CMD_SET_READER:
		snprintf(what, sizeof what, "reader set to %s",
		         c->mode == READER_RANDOM   ? "random"
		         : c->mode == READER_STICKY ? "sticky"
		                                    : "none");
		break;
	case CMD_HEAL:
		snprintf(what, sizeof what, "every partition healed");
		break;
	case CMD_SET_MODE:
		/* What changes, in the mode's own sentence. */
		snprintf(what, sizeof what, "mode %s: %s",
		         sim_mode_name((enum sim_mode)c->mode),
		         sim_mode_summary((enum sim_mode)c->mode));
		break;
	default:
		snprintf(what, sizeof what, "%s", sim_command_name(c->kind));
		break;
	}
	say(log, r->time_us, EVENTLOG_COMMAND, "%s", what);
}

static void describe_nothing(struct eventlog *log, const struct sim *sim,
                             const struct sim_record *r)
{
	(void)log;
	(void)sim;
	(void)r;
}

typedef void (*describer)(struct eventlog *log, const struct sim *sim,
                          const struct sim_record *r);

static const describer describers[] = {
    [REC_INCREMENT] = describe_increment,
    [REC_SEND] = describe_send,
    [REC_DELIVER] = describe_deliver,
    [REC_DROP] = describe_fault,
    [REC_DUPLICATE] = describe_fault,
    [REC_TIMER] = describe_nothing, /* several per second per node */
    [REC_CONVERGED] = describe_converged,
    [REC_DIVERGED] = describe_nothing, /* every increment diverges */
    [REC_COMMAND] = describe_command,
    [REC_LOST] = describe_fault,
    [REC_READ] = describe_read,
};

void eventlog_observe(void *ctx, const struct sim *sim,
                      const struct sim_record *record)
{
	struct eventlog *log = ctx;
	size_t kind = (size_t)record->kind;

	log->pn = sim_config(sim)->crdt == CRDT_PNCOUNTER;
	log->again = wire_copies_observe(&log->copies, record);
	if (kind < sizeof describers / sizeof describers[0] &&
	    describers[kind] != NULL)
		describers[kind](log, sim, record);
}

void eventlog_note(struct eventlog *log, uint64_t time_us, const char *fmt, ...)
{
	struct eventlog_line *line = add_line(log, time_us, EVENTLOG_NOTE);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line->text, sizeof line->text, fmt, ap);
	va_end(ap);
}

uint64_t eventlog_told(const struct eventlog *log)
{
	return log->told;
}

void eventlog_set_verbose(struct eventlog *log, bool verbose)
{
	log->verbose = verbose;
}

/* --- reading ----------------------------------------------------------- */

size_t eventlog_count(const struct eventlog *log)
{
	return log->count;
}

uint64_t eventlog_written(const struct eventlog *log)
{
	return log->written;
}

const struct eventlog_line *eventlog_recent(const struct eventlog *log,
                                            size_t i)
{
	if (i >= log->count)
		return NULL;
	return &log->lines[(log->written - 1 - i) % log->capacity];
}
