/*
 * Narrated stepping. The records of one step arrive one by one (a timer
 * and its sends, a delivery and the relay's forwards, an increment); each
 * leaves its facts here, with its vectors written out at once (they are
 * valid only during the call), and narrate_end tells the most telling one
 * in a sentence. What a sentence says is for a room: who, what they held,
 * what they hold now, and what that did to their value.
 */
#include "view/narrate.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/scenario.h"
#include "sim/mode.h"
#include "util/fatal.h"
#include "view/faults.h"
#include "view/glyphs.h"
#include "view/text.h"
#include "view/wire.h"

/* Columns a vector may take in a sentence before it is cut short. */
#define VECTOR_COLS 48
/* Receivers named one by one in "forwards it to n2, n3 and n4". */
#define NAMES 4

struct vector_text {
	char text[VECTOR_COLS * 4 + 16];
};

struct narrate {
	const struct glyphs *glyphs;
	bool pn; /* PN-Counters: two halves, values that can go down */
	char text[NARRATE_TEXT_MAX];
	uint32_t node, other;
	unsigned char *slots;
	size_t slots_cap;
	bool any_slot;

	/* Copies the network made, across steps: a second arrival is told
	 * as the duplicate it is. */
	struct wire_copies copies;
	const struct mode *mode;

	/* What the step observed. */
	bool timer, deliver, increment, lost, read, converged, command;
	uint32_t timer_node;
	struct {
		uint32_t count, from, origin, names[NAMES];
		uint32_t dropped, duplicated;
		enum sim_message_kind kind;
		enum sim_payload_form form;
		struct vector_text payload;
		bool mixed; /* a later send carried something else */
	} sends;
	struct {
		uint32_t from, to, origin;
		enum sim_message_kind kind;
		enum sim_payload_form form;
		bool merged, again;
		size_t changed;
		int64_t before_value, after_value, truth;
		struct vector_text payload, before, after;
	} delivery;
	struct {
		uint32_t node;
		uint64_t amount;
		int64_t value;
		bool decrement;
		struct vector_text after;
	} inc;
	struct {
		uint32_t from, to, origin;
		enum sim_message_kind kind;
		enum sim_payload_form form;
		char why[64];
		struct vector_text payload;
	} loss;
	struct {
		uint32_t node;
		uint64_t value;
		bool backwards;
	} reading;
	char command_text[128];
	enum command_kind command_kind;
	uint32_t command_mode;
	struct vector_text truth;
};

struct narrate *narrate_new(bool utf8)
{
	struct narrate *n = xcalloc(1, sizeof *n);

	n->glyphs = glyphs_get(utf8);
	wire_copies_reset(&n->copies);
	narrate_clear(n);
	return n;
}

void narrate_free(struct narrate *n)
{
	if (n == NULL)
		return;
	free(n->slots);
	free(n);
}

void narrate_clear(struct narrate *n)
{
	n->text[0] = '\0';
	n->node = n->other = UINT32_MAX;
	n->any_slot = false;
}

void narrate_begin(struct narrate *n, const struct sim *sim)
{
	size_t slots = sim_node_vector(sim, 0)->n;

	if (n->slots_cap < slots) {
		n->slots = xrealloc(n->slots, slots, 1);
		n->slots_cap = slots;
	}
	n->pn = sim_config(sim)->crdt == CRDT_PNCOUNTER;
	n->mode = mode_get(sim_config(sim)->mode);
	n->timer = n->deliver = n->increment = n->lost = n->read = false;
	n->converged = n->command = false;
	memset(&n->sends, 0, sizeof n->sends);
}

static void vec(const struct narrate *n, const struct gcounter *g,
                struct vector_text *out)
{
	if (g == NULL) {
		snprintf(out->text, sizeof out->text, "nothing");
		return;
	}
	if (n->pn)
		text_pn_vector(g, VECTOR_COLS, n->glyphs->ellipsis,
		               n->glyphs->minus, out->text, sizeof out->text);
	else
		text_vector(g, VECTOR_COLS, n->glyphs->ellipsis, out->text,
		            sizeof out->text);
}

/* "12", or "−3" for a PN-Counter below zero. */
struct number_text {
	char text[32];
};

static struct number_text number(const struct narrate *n, int64_t v)
{
	struct number_text out;

	text_signed(v, n->glyphs->minus, out.text, sizeof out.text);
	return out;
}

static void name(uint32_t node, char *buf, size_t cap)
{
	if (node == SIM_RELAY)
		snprintf(buf, cap, "the relay");
	else
		sim_node_name(node, buf, cap);
}

/* What a message carries: a state's vector, anything else in words. */
static void cargo(const struct narrate *n, const struct sim *sim,
                  const struct sim_record *r, struct vector_text *out)
{
	struct wire_context wire = wire_context_of(sim, n->glyphs);

	if (r->payload != NULL && wire_is_state(r->message)) {
		vec(n, r->payload, out);
		return;
	}
	if (r->message_kind == MSG_NACK)
		snprintf(out->text, sizeof out->text, "NACK");
	else
		wire_text(&wire, r->message_kind, r->message, r->origin,
		          VECTOR_COLS, out->text, sizeof out->text);
}

static enum sim_payload_form form_of(const struct sim_record *r)
{
	return r->message != NULL ? r->message->form : PAYLOAD_NONE;
}

static void observe_send(struct narrate *n, const struct sim *sim,
                         const struct sim_record *r)
{
	if (n->sends.count == 0) {
		n->sends.from = r->from;
		n->sends.origin = r->origin;
		n->sends.kind = r->message_kind;
		n->sends.form = form_of(r);
		n->sends.mixed = false;
		cargo(n, sim, r, &n->sends.payload);
	} else if (!n->sends.mixed) {
		/* One step may send different things (per-peer deltas, new
		 * ops and a resend): then the sentence must not name one
		 * message for all. */
		struct vector_text other;

		cargo(n, sim, r, &other);
		n->sends.mixed = r->message_kind != n->sends.kind ||
		                 strcmp(other.text, n->sends.payload.text) != 0;
	}
	if (n->sends.count < NAMES)
		n->sends.names[n->sends.count] = r->to;
	n->sends.count++;
}

static void observe_deliver(struct narrate *n, const struct sim *sim,
                            const struct sim_record *r)
{
	n->deliver = true;
	n->any_slot = false; /* lit again below if the merge grew cells */
	n->delivery.from = r->from;
	n->delivery.to = r->to;
	n->delivery.origin = r->origin;
	n->delivery.kind = r->message_kind;
	n->delivery.form = form_of(r);
	n->delivery.changed = r->changed;
	n->delivery.truth =
	    n->pn ? sim_join_signed_value(sim) : (int64_t)sim_join_value(sim);
	n->delivery.merged = r->before != NULL && r->after != NULL &&
	                     r->message_kind != MSG_ACK &&
	                     r->message_kind != MSG_NACK;
	cargo(n, sim, r, &n->delivery.payload);
	if (!n->delivery.merged)
		return;
	vec(n, r->before, &n->delivery.before);
	vec(n, r->after, &n->delivery.after);
	n->delivery.before_value = text_counter_value(r->before, n->pn);
	n->delivery.after_value = text_counter_value(r->after, n->pn);
	/* The cells the merge grew light up on the grid. */
	n->any_slot = false;
	for (size_t s = 0; s < r->after->n && s < n->slots_cap; s++) {
		n->slots[s] = r->after->slots[s] != r->before->slots[s];
		n->any_slot |= n->slots[s] != 0;
	}
}

void narrate_observe(void *ctx, const struct sim *sim,
                     const struct sim_record *r)
{
	struct narrate *n = ctx;
	bool again = wire_copies_observe(&n->copies, r);

	switch (r->kind) {
	case REC_TIMER:
		n->timer = true;
		n->timer_node = r->node;
		break;
	case REC_SEND:
		observe_send(n, sim, r);
		break;
	case REC_DROP:
		n->sends.dropped++;
		break;
	case REC_DUPLICATE:
		n->sends.duplicated++;
		break;
	case REC_DELIVER:
		observe_deliver(n, sim, r);
		n->delivery.again = again;
		break;
	case REC_LOST:
		n->lost = true;
		n->loss.from = r->from;
		n->loss.to = r->to;
		n->loss.origin = r->origin;
		n->loss.kind = r->message_kind;
		n->loss.form = form_of(r);
		cargo(n, sim, r, &n->loss.payload);
		if (faults_link_cut(sim, r->from, r->to, n->loss.why,
		                    sizeof n->loss.why) == NULL)
			snprintf(n->loss.why, sizeof n->loss.why,
			         "its link is cut");
		break;
	case REC_INCREMENT:
		n->increment = true;
		n->inc.node = r->node;
		n->inc.amount = r->amount;
		n->inc.decrement = r->decrement;
		n->inc.value =
		    r->after != NULL ? text_counter_value(r->after, n->pn) : 0;
		vec(n, r->after, &n->inc.after);
		n->any_slot = false;
		if (r->after != NULL) {
			size_t own = r->decrement
			                 ? (size_t)sim_node_count(sim) + r->node
			                 : r->node;

			memset(n->slots, 0, n->slots_cap);
			if (own < n->slots_cap) {
				n->slots[own] = 1;
				n->any_slot = true;
			}
		}
		break;
	case REC_READ:
		n->read = true;
		n->reading.node = r->node;
		n->reading.value = r->amount;
		n->reading.backwards = r->changed != 0;
		break;
	case REC_CONVERGED:
		n->converged = true;
		vec(n, sim_truth(sim), &n->truth);
		break;
	case REC_COMMAND:
		if (r->command != NULL) {
			n->command = true;
			n->command_kind = r->command->kind;
			n->command_mode = r->command->mode;
			scenario_format_command(r->command, n->command_text,
			                        sizeof n->command_text);
		}
		break;
	case REC_DIVERGED:
		break;
	}
}

bool narrate_has_news(const struct narrate *n)
{
	return n->timer || n->sends.count > 0 || n->deliver || n->increment ||
	       n->lost || n->read || n->converged || n->command;
}

/* --- the sentences ------------------------------------------------------- */

static void say(struct narrate *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(struct narrate *n, const char *fmt, ...)
{
	size_t len = strlen(n->text);
	va_list ap;

	if (len + 1 >= sizeof n->text)
		return;
	va_start(ap, fmt);
	vsnprintf(n->text + len, sizeof n->text - len, fmt, ap);
	va_end(ap);
}

/* "n2", "n2 and n3", "n2, n3 and n4", "7 workers". */
static void receivers(const struct narrate *n, char *buf, size_t cap)
{
	size_t len = 0;
	uint32_t count = n->sends.count;

	buf[0] = '\0';
	if (count > NAMES) {
		snprintf(buf, cap, "%" PRIu32 " workers", count);
		return;
	}
	for (uint32_t i = 0; i < count; i++) {
		char one[24];

		name(n->sends.names[i], one, sizeof one);
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		                        i == 0           ? ""
		                        : i + 1 == count ? " and "
		                                         : ", ",
		                        one);
		if (len >= cap)
			break;
	}
}

static void tell_sends(struct narrate *n, const char *lead)
{
	char to[128];

	receivers(n, to, sizeof to);
	if (n->sends.kind == MSG_PULL)
		say(n, "%sasks %s for its state", lead, to);
	else if (n->sends.kind == MSG_NACK)
		say(n,
		    "%ssends %s a NACK: it missed a delta, so it asks for the "
		    "whole state",
		    lead, to);
	else if (n->sends.kind == MSG_ACK)
		say(n, "%sacknowledges with %s to %s", lead,
		    n->sends.payload.text, to);
	else if (n->sends.mixed)
		say(n, "%ssends %" PRIu32 " messages (the first: %s) to %s",
		    lead, n->sends.count, n->sends.payload.text, to);
	else
		say(n, "%ssends %s to %s", lead, n->sends.payload.text, to);
	if (n->sends.dropped > 0)
		say(n, "; the network loses %s",
		    n->sends.dropped == n->sends.count ? "it"
		                                       : "some of the copies");
	if (n->sends.duplicated > 0)
		say(n, "; the network duplicates %s",
		    n->sends.duplicated == 1 ? "one copy" : "copies");
}

/* "its value 9 is now 2 above the truth", after an op counted twice. */
static void tell_off_truth(struct narrate *n)
{
	int64_t value = n->delivery.after_value, truth = n->delivery.truth;

	if (value > truth)
		say(n,
		    "; its value %s is now %s above the truth, and plain op "
		    "mode never takes that back",
		    number(n, value).text, number(n, value - truth).text);
}

/* What the propagation modes add: an ack, a NACK, ops applied, ops
 * counted twice (op) or dropped by their number (op-reliable). */
static void tell_mode_delivery(struct narrate *n, const char *to,
                               const char *origin)
{
	const char *via =
	    n->delivery.from == SIM_RELAY ? " (via the relay)" : "";

	if (n->delivery.kind == MSG_ACK) {
		say(n,
		    "%s receives %s's %s%s: %s has applied its ops up to that "
		    "number, so %s need not resend them",
		    to, origin, n->delivery.payload.text, via, origin, to);
		return;
	}
	if (n->delivery.kind == MSG_NACK) {
		say(n,
		    "%s receives %s's NACK%s: %s missed a delta, so %s's next "
		    "message to it is the whole state",
		    to, origin, via, origin, to);
		return;
	}
	if (n->delivery.again && n->delivery.changed == 0 &&
	    n->mode->numbered) {
		say(n,
		    "%s receives %s again%s: a duplicate, and the number says "
		    "it was applied already, so it is dropped, not counted "
		    "twice",
		    to, n->delivery.payload.text, via);
		return;
	}
	if (n->delivery.changed == 0 && n->mode->numbered) {
		say(n,
		    "%s receives %s%s, but it is not the next op it expects "
		    "(applied already, or out of order): it is dropped, and "
		    "what is missing will be resent",
		    to, n->delivery.payload.text, via);
		return;
	}
	if (n->delivery.changed == 0) {
		say(n, "%s receives %s%s: nothing changes", to,
		    n->delivery.payload.text, via);
		return;
	}
	if (n->delivery.again && n->mode->counts_duplicates)
		say(n,
		    "%s receives %s AGAIN%s: the network duplicated it, and "
		    "op mode adds it a second time; now %s",
		    to, n->delivery.payload.text, via, n->delivery.after.text);
	else
		say(n, "%s receives %s%s and adds it: now %s", to,
		    n->delivery.payload.text, via, n->delivery.after.text);
	if (n->delivery.after_value != n->delivery.before_value)
		say(n, ", its value goes from %s to %s",
		    number(n, n->delivery.before_value).text,
		    number(n, n->delivery.after_value).text);
	if (n->mode->counts_duplicates)
		tell_off_truth(n);
}

static void tell_delivery(struct narrate *n)
{
	char to[24], origin[24], from[24];

	name(n->delivery.to, to, sizeof to);
	name(n->delivery.origin, origin, sizeof origin);
	name(n->delivery.from, from, sizeof from);
	n->node = n->delivery.to == SIM_RELAY ? UINT32_MAX : n->delivery.to;
	n->other = n->delivery.origin;
	if (n->delivery.kind == MSG_PULL) {
		say(n, "%s receives %s's request for its state; ", to, from);
		tell_sends(n, "it ");
		return;
	}
	if (n->delivery.to == SIM_RELAY) {
		if (n->delivery.form == PAYLOAD_OPS)
			say(n, "the relay receives %s%s",
			    n->delivery.payload.text,
			    n->delivery.again ? " again (a duplicate)" : "");
		else
			say(n, "the relay receives %s's %s", origin,
			    n->delivery.payload.text);
		if (n->sends.count > 0) {
			char names[128];

			receivers(n, names, sizeof names);
			say(n, " and forwards it to %s", names);
		}
		if (n->sends.dropped > 0)
			say(n, "; the network loses %s",
			    n->sends.dropped == 1 ? "one copy" : "copies");
		return;
	}
	if (n->delivery.kind == MSG_ACK || n->delivery.kind == MSG_NACK ||
	    n->delivery.form == PAYLOAD_OPS) {
		tell_mode_delivery(n, to, origin);
		return;
	}
	say(n, "%s receives %s's %s%s", to, origin, n->delivery.payload.text,
	    n->delivery.from == SIM_RELAY ? " (via the relay)" : "");
	if (!n->delivery.merged)
		return;
	say(n, "; element-wise max with its own %s gives %s",
	    n->delivery.before.text, n->delivery.after.text);
	if (n->delivery.after_value != n->delivery.before_value)
		say(n, "; its value goes from %s to %s",
		    number(n, n->delivery.before_value).text,
		    number(n, n->delivery.after_value).text);
	else
		say(n, ": nothing new, its value stays %s",
		    number(n, n->delivery.after_value).text);
	if (n->sends.count > 0) {
		say(n, "; ");
		tell_sends(n, "it ");
	}
}

bool narrate_end(struct narrate *n, const struct sim *sim)
{
	char who[24];

	(void)sim;
	if (!narrate_has_news(n))
		return false;
	n->text[0] = '\0';
	n->node = n->other = UINT32_MAX;
	if (!n->deliver && !n->increment)
		n->any_slot = false;
	if (n->deliver) {
		tell_delivery(n);
	} else if (n->lost) {
		char to[24], origin[24];

		name(n->loss.to, to, sizeof to);
		name(n->loss.origin, origin, sizeof origin);
		n->node = n->loss.to == SIM_RELAY ? UINT32_MAX : n->loss.to;
		if (n->loss.kind == MSG_PULL)
			say(n, "a request reaches %s, but %s: it is lost", to,
			    n->loss.why);
		else if (n->loss.form == PAYLOAD_OPS)
			say(n, "%s reaches %s, but %s: the message is lost",
			    n->loss.payload.text, to, n->loss.why);
		else
			say(n,
			    "%s's %s reaches %s, but %s: the message is "
			    "lost",
			    origin, n->loss.payload.text, to, n->loss.why);
	} else if (n->increment && n->pn) {
		/* Counting down grows a slot too: nothing ever shrinks. */
		name(n->inc.node, who, sizeof who);
		n->node = n->inc.node;
		say(n,
		    "%s %s%" PRIu64 ": its own slot of %s grows by %" PRIu64
		    "%s; now %s, its value %s",
		    who, n->inc.decrement ? n->glyphs->minus : "+",
		    n->inc.amount, n->inc.decrement ? "N" : "P", n->inc.amount,
		    n->inc.decrement ? " (a decrement only ever adds)" : "",
		    n->inc.after.text, number(n, n->inc.value).text);
	} else if (n->increment) {
		name(n->inc.node, who, sizeof who);
		n->node = n->inc.node;
		if (n->inc.amount == 1)
			say(n,
			    "%s increments its own slot: now %s, its value %s",
			    who, n->inc.after.text,
			    number(n, n->inc.value).text);
		else
			say(n,
			    "%s adds %" PRIu64 " to its own slot: now %s, "
			    "its value %s",
			    who, n->inc.amount, n->inc.after.text,
			    number(n, n->inc.value).text);
	} else if (n->timer) {
		name(n->timer_node, who, sizeof who);
		n->node = n->timer_node;
		say(n, "%s's gossip timer fires: ", who);
		if (n->sends.count > 0)
			tell_sends(n, "it ");
		else
			say(n, "it has nothing to send");
	} else if (n->sends.count > 0) {
		name(n->sends.from, who, sizeof who);
		n->node =
		    n->sends.from == SIM_RELAY ? UINT32_MAX : n->sends.from;
		say(n, "%s ", who);
		tell_sends(n, "");
	} else if (n->read) {
		name(n->reading.node, who, sizeof who);
		n->node = n->reading.node;
		say(n, "a reader reads %" PRIu64 " from %s", n->reading.value,
		    who);
		if (n->reading.backwards)
			say(n, ": LESS than it read before, the count went "
			       "down");
	} else if (n->command && n->command_kind == CMD_SET_MODE) {
		/* What changes for every message from now on. */
		say(n, "the propagation mode is now %s: %s",
		    sim_mode_name((enum sim_mode)n->command_mode),
		    sim_mode_summary((enum sim_mode)n->command_mode));
	} else if (n->command) {
		say(n, "the script: %s", n->command_text);
	}
	if (n->converged)
		say(n, "%sthe cluster has converged: every node holds %s",
		    n->text[0] != '\0' ? ". Now " : "", n->truth.text);
	if (n->text[0] != '\0' && strlen(n->text) + 1 < sizeof n->text &&
	    n->text[strlen(n->text) - 1] != '.')
		say(n, ".");
	return true;
}

const char *narrate_text(const struct narrate *n)
{
	return n->text;
}

uint32_t narrate_node(const struct narrate *n)
{
	return n->node;
}

uint32_t narrate_other(const struct narrate *n)
{
	return n->other;
}

const unsigned char *narrate_slots(const struct narrate *n)
{
	return n->any_slot && n->node != UINT32_MAX ? n->slots : NULL;
}
