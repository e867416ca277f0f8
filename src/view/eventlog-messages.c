/*
 * The event log's describers for messages: sends told one line per group
 * of receivers, arrivals, acks and NACKs, ops, and the network's faults,
 * losses to one cause grouped into one line. They add lines, never draw.
 */
#include "view/eventlog-internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim/mode.h"
#include "view/faults.h"
#include "view/glyphs.h"
#include "view/text.h"
#include "view/wire.h"

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

		eventlog_name_of(g->names[i], one, sizeof one);
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		                        i ? ", " : "", one);
	}
}

/* (Re)writes the group's line as its receivers come in. */
static void write_group_line(struct eventlog *log)
{
	struct send_group *g = &log->group;
	struct eventlog_line *line = eventlog_line_at_seq(log, g->line_seq);
	char from[16], origin[16], names[FORWARD_NAMES * 16 + 8];

	if (line == NULL)
		return;
	eventlog_name_of(g->from, from, sizeof from);
	eventlog_name_of(g->origin, origin, sizeof origin);
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
	bool told = (log->forced[speaker] & force) ||
	            (value != last[speaker] &&
	             eventlog_is_news(sim, r->payload, r->origin));

	/* What a worker was asked to say, the relay passes on as asked. */
	if (!relay && (log->forced[speaker] & FORCE_SEND) &&
	    eventlog_is_worker(log, r->origin))
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
	eventlog_name_of(r->from, w.name, sizeof w.name);
	eventlog_name_of(r->to, w.other, sizeof w.other);
	eventlog_name_of(r->origin, w.origin, sizeof w.origin);
	if (r->message_kind == MSG_ACK && relay)
		eventlog_say(log, r->time_us, EVENTLOG_FORWARD,
		             "relay passes %s's ack of %s's ops up to #%" PRIu64
		             " to %s",
		             w.origin, w.other,
		             r->message != NULL ? r->message->seq : 0, w.other);
	else if (r->message_kind == MSG_ACK)
		eventlog_say(log, r->time_us, EVENTLOG_GOSSIP,
		             "%s acknowledges n%" PRIu32
		             "'s ops up to #%" PRIu64 " (ack to %s)",
		             w.name,
		             r->message != NULL ? r->message->dest + 1 : 0,
		             r->message != NULL ? r->message->seq : 0, w.other);
	else if (relay)
		eventlog_say(log, r->time_us, EVENTLOG_FORWARD,
		             "relay passes %s's NACK to %s: send everything",
		             w.origin, w.other);
	else
		eventlog_say(log, r->time_us, EVENTLOG_GOSSIP,
		             "%s missed a delta: NACK to %s, send everything",
		             w.name, w.other);
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
	    g->origin != r->origin || g->form != eventlog_form_of(r))
		return false;
	if (r->payload != NULL && eventlog_form_of(r) != PAYLOAD_DELTA)
		return g->payload == r->payload;
	/* (An untold delta's fan-out is one group by its slot list; a
	 * freed delta's address can come back, so told ones compare text
	 * too.) */
	if (eventlog_form_of(r) == PAYLOAD_DELTA &&
	    g->delta == r->message->slots && g->line_seq == UINT64_MAX)
		return true;
	if (g->line_seq == UINT64_MAX)
		return false; /* untold, so there is no text to compare */
	eventlog_cargo_text(log, sim, r, text, sizeof text);
	return strcmp(text, g->vector) == 0;
}

void eventlog_describe_send(struct eventlog *log, const struct sim *sim,
                            const struct sim_record *r)
{
	struct send_group *g = &log->group;
	enum sim_payload_form form = eventlog_form_of(r);
	struct words w;

	if (r->from != SIM_RELAY && !eventlog_is_worker(log, r->from))
		return;
	if (r->message_kind == MSG_ACK || r->message_kind == MSG_NACK) {
		describe_control(log, r);
		return;
	}
	if (r->payload == NULL && form != PAYLOAD_OPS) {
		/* Only a worker's pull request is told here. */
		if (r->message_kind != MSG_PULL ||
		    !eventlog_is_worker(log, r->from))
			return;
		/* A pull request carries no state: told only when asked for
		 * with g, or every node's polling would fill the log. */
		if ((log->forced[r->from] & FORCE_SEND) || log->verbose) {
			log->forced[r->from] &= (unsigned char)~FORCE_SEND;
			eventlog_name_of(r->from, w.name, sizeof w.name);
			eventlog_name_of(r->to, w.other, sizeof w.other);
			eventlog_say(log, r->time_us, EVENTLOG_GOSSIP,
			             "%s asks %s for its state", w.name,
			             w.other);
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
	if (!eventlog_is_worker(log, r->origin))
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
	           !eventlog_is_delta_news(sim, r->message, r->origin)) {
		if (!log->verbose)
			return;
		/* (An empty delta says "nothing new" itself.) */
		g->stale = r->message->count > 0;
	}
	eventlog_cargo_text(log, sim, r, g->vector, sizeof g->vector);
	g->again = wire_copies_forwarded(&log->copies, r);
	g->line_seq = log->written;
	g->names[0] = r->to;
	g->receivers = 1;
	eventlog_add_line(log, r->time_us,
	                  r->from == SIM_RELAY ? EVENTLOG_FORWARD
	                                       : EVENTLOG_GOSSIP);
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
		eventlog_say(log, r->time_us, EVENTLOG_MERGE,
		             "%s got %s's ack %" PRIu64
		             ": those ops need no resending",
		             w->name, w->origin,
		             r->message != NULL ? r->message->seq : 0);
	else
		eventlog_say(
		    log, r->time_us, EVENTLOG_MERGE,
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
	eventlog_cargo_text(log, sim, r, ops, sizeof ops);
	if (r->changed == 0) {
		if (mode->numbered && again)
			eventlog_say(
			    log, r->time_us, EVENTLOG_MERGE,
			    "%s dropped a copy of %s: applied already, not "
			    "twice",
			    w->name, ops);
		else if (mode->numbered)
			eventlog_say(
			    log, r->time_us, EVENTLOG_MERGE,
			    "%s dropped %s: applied already, or out of order",
			    w->name, ops);
		else if (log->verbose)
			eventlog_say(log, r->time_us, EVENTLOG_MERGE,
			             "%s got %s (nothing new)", w->name, ops);
		return;
	}
	again = again && mode->counts_duplicates;
	if (!eventlog_vector_fits(log, r->after)) {
		char change[80];

		eventlog_changes_text(log, r->before, r->after, after,
		                      sizeof after);
		eventlog_say(
		    log, r->time_us, again ? EVENTLOG_FAULT : EVENTLOG_MERGE,
		    "%s applied %s%s: %s (value %s)", w->name, ops,
		    again ? " AGAIN, counted twice" : "", after,
		    eventlog_value_change(log, r, change, sizeof change));
		return;
	}
	eventlog_value_text(log, text_counter_value(r->after, log->pn), to,
	                    sizeof to);
	eventlog_vector_text(log, r->after, after, sizeof after);
	eventlog_say(log, r->time_us, again ? EVENTLOG_FAULT : EVENTLOG_MERGE,
	             "%s applied %s%s %s %s, value %s", w->name, ops,
	             again ? " AGAIN, counted twice" : "", log->glyphs->arrow,
	             after, to);
}

void eventlog_describe_deliver(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r)
{
	struct words w;
	char before[EVENTLOG_TEXT_MAX / 2], after[EVENTLOG_TEXT_MAX / 2];
	bool again = log->again;

	/* The relay keeps no state: its arrivals show as its forwards. A
	 * merge that changed nothing is the common case once converged. */
	if (r->to == SIM_RELAY || r->before == NULL || r->after == NULL)
		return;
	/* The common case of all, a state that brought nothing new, is
	 * not told unless stepping: settled before any word is formatted
	 * (a re-run of the past goes through millions). */
	if (r->changed == 0 && !log->verbose && r->message_kind != MSG_ACK &&
	    r->message_kind != MSG_NACK && eventlog_form_of(r) != PAYLOAD_OPS)
		return;
	eventlog_name_of(r->to, w.name, sizeof w.name);
	eventlog_name_of(r->origin, w.origin, sizeof w.origin);
	if (r->message_kind == MSG_ACK || r->message_kind == MSG_NACK) {
		describe_control_arrival(log, r, &w);
		return;
	}
	if (eventlog_form_of(r) == PAYLOAD_OPS) {
		describe_ops_arrival(log, sim, r, &w, again);
		return;
	}
	if (r->changed == 0) {
		/* Told only when the presenter steps through it. */
		if (!log->verbose || r->payload == NULL)
			return;
		eventlog_cargo_text(log, sim, r, w.payload, sizeof w.payload);
		eventlog_say(log, r->time_us, EVENTLOG_MERGE,
		             "%s got %s's %s%s", w.name, w.origin, w.payload,
		             /* (An empty delta says so itself.) */
		             eventlog_form_of(r) == PAYLOAD_DELTA &&
		                     r->message->count == 0
		                 ? ""
		                 : " (nothing new)");
		return;
	}
	if (!eventlog_vector_fits(log, r->after)) {
		char change[80];

		eventlog_changes_text(log, r->before, r->after, before,
		                      sizeof before);
		eventlog_say(
		    log, r->time_us, EVENTLOG_MERGE,
		    "%s merged %s's %s: %s (value %s)", w.name, w.origin,
		    eventlog_form_of(r) == PAYLOAD_DELTA ? "delta" : "state",
		    before,
		    eventlog_value_change(log, r, change, sizeof change));
		return;
	}
	if (log->pn) {
		/* Two halves three times over would not fit a line: the
		 * result, and what it did to the value. */
		char change[80];

		eventlog_vector_text(log, r->after, after, sizeof after);
		eventlog_say(
		    log, r->time_us, EVENTLOG_MERGE,
		    "%s merged %s's %s %s %s, value %s", w.name, w.origin,
		    eventlog_form_of(r) == PAYLOAD_DELTA ? "delta" : "state",
		    log->glyphs->arrow, after,
		    eventlog_value_change(log, r, change, sizeof change));
		return;
	}
	eventlog_cargo_text(log, sim, r, w.payload, sizeof w.payload);
	eventlog_vector_text(log, r->before, before, sizeof before);
	eventlog_vector_text(log, r->after, after, sizeof after);
	eventlog_say(log, r->time_us, EVENTLOG_MERGE,
	             "%s merged %s's %s with its %s %s %s", w.name, w.origin,
	             w.payload, before, log->glyphs->arrow, after);
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

static void describe_loss(struct eventlog *log, uint64_t time_us,
                          const char *why, const char *what, const char *from,
                          const char *to)
{
	struct loss_group *group = NULL;
	char count[32] = "";

	for (size_t i = 0; i < LOSS_GROUPS; i++) {
		struct loss_group *g = &log->losses[i];

		if (g->active && strcmp(g->why, why) == 0 &&
		    eventlog_line_at_seq(log, g->line_seq) != NULL &&
		    log->written - g->line_seq <= LOSS_WINDOW)
			group = g;
	}
	if (group != NULL) {
		eventlog_remove_line(log, group->line_seq);
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
	eventlog_say(log, time_us, EVENTLOG_FAULT,
	             "lost: %s%s %s %s%s %s %s %s", why, count,
	             log->glyphs->dot, group->count > 1 ? "last " : "", what,
	             from, log->glyphs->arrow, to);
}

/* A command changes the causes: losses after it start their own lines. */
void eventlog_end_loss_groups(struct eventlog *log)
{
	for (size_t i = 0; i < LOSS_GROUPS; i++)
		log->losses[i].active = false;
}

void eventlog_describe_fault(struct eventlog *log, const struct sim *sim,
                             const struct sim_record *r)
{
	struct words w;
	char what[EVENTLOG_TEXT_MAX / 2 + 32];

	/* A state that never arrived makes its next identical send news. */
	if (r->kind != REC_DUPLICATE && eventlog_is_worker(log, r->origin) &&
	    eventlog_form_of(r) == PAYLOAD_STATE) {
		if (r->from == SIM_RELAY)
			log->last_forwarded[r->origin] = UNSAID;
		else if (eventlog_is_worker(log, r->from))
			log->last_sent[r->from] = UNSAID;
	}
	/* Acknowledgements are chatter: their faults too, unless stepping
	 * (a lost one only means a resend); so is a second copy of an empty
	 * delta, which carries nothing. */
	if ((r->message_kind == MSG_ACK ||
	     (r->kind == REC_DUPLICATE &&
	      eventlog_form_of(r) == PAYLOAD_DELTA &&
	      r->message->count == 0)) &&
	    !log->verbose)
		return;
	eventlog_name_of(r->from, w.name, sizeof w.name);
	eventlog_name_of(r->to, w.other, sizeof w.other);
	eventlog_name_of(r->origin, w.origin, sizeof w.origin);
	eventlog_cargo_text(log, sim, r, w.payload, sizeof w.payload);
	if (eventlog_form_of(r) == PAYLOAD_OPS || r->message_kind == MSG_PULL)
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
	if (r->kind == REC_DUPLICATE && eventlog_form_of(r) == PAYLOAD_OPS &&
	    mode_get(sim_config(sim)->mode)->counts_duplicates) {
		eventlog_say(
		    log, r->time_us, EVENTLOG_FAULT,
		    "the network duplicated %s (%s %s %s): it will count "
		    "twice",
		    what, w.name, log->glyphs->arrow, w.other);
		return;
	}
	eventlog_say(log, r->time_us, EVENTLOG_FAULT,
	             "%s%s on its way %s %s %s%s", fault_words[r->kind].before,
	             what, w.name, log->glyphs->arrow, w.other,
	             fault_words[r->kind].after);
}
