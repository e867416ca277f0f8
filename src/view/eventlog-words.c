/*
 * The event log's words: vectors, values, what a message carries and a
 * merge changed, node names, and whether a state is news. Shared by the
 * describers above it; it reads the log's settings and never adds a line.
 */
#include "view/eventlog-internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "view/glyphs.h"
#include "view/text.h"
#include "view/wire.h"

/* Whether a vector is written out in full within the line's budget (a
 * PN-Counter's as "+[..] −[..]": two brackets, signs and a blank more). */
bool eventlog_vector_fits(const struct eventlog *log, const struct gcounter *g)
{
	size_t extra = log->pn ? 5 : 0;

	/* "[" + n numbers + n-1 commas + "]", at least one digit each. */
	if (g->n * 2 + 1 + extra > EVENTLOG_VECTOR_COLS)
		return false;
	return gcounter_format(g, NULL, 0) + extra <= EVENTLOG_VECTOR_COLS;
}

/* A value for the log: "12", and "−3" for a PN-Counter below zero. */
const char *eventlog_value_text(const struct eventlog *log, int64_t v,
                                char *buf, size_t cap)
{
	text_signed(v, log->glyphs->minus, buf, cap);
	return buf;
}

/* What a merge did to the receiver's value: "5 → 8". */
const char *eventlog_value_change(const struct eventlog *log,
                                  const struct sim_record *r, char *buf,
                                  size_t cap)
{
	char from[32], to[32];

	eventlog_value_text(log, text_counter_value(r->before, log->pn), from,
	                    sizeof from);
	eventlog_value_text(log, text_counter_value(r->after, log->pn), to,
	                    sizeof to);
	snprintf(buf, cap, "%s %s %s", from, log->glyphs->arrow, to);
	return buf;
}

/* "[3,0,1]" ("+[3,0,1] −[0,2,0]" for a PN-Counter), or for a vector too
 * long to read in a line, its total: "[… total 4]" ("[… value −2]"). */
void eventlog_vector_text(const struct eventlog *log, const struct gcounter *g,
                          char *buf, size_t cap)
{
	char value[32];

	/* A message with no vector (ops, in the op modes) is an update. */
	if (g == NULL)
		snprintf(buf, cap, "update");
	else if (eventlog_vector_fits(log, g) && log->pn)
		text_pn_vector(g, EVENTLOG_VECTOR_COLS, log->glyphs->ellipsis,
		               log->glyphs->minus, buf, cap);
	else if (eventlog_vector_fits(log, g))
		text_vector(g, EVENTLOG_VECTOR_COLS, log->glyphs->ellipsis, buf,
		            cap);
	else if (log->pn)
		snprintf(buf, cap, "[%s value %s]", log->glyphs->ellipsis,
		         eventlog_value_text(log,
		                             text_counter_value(g, log->pn),
		                             value, sizeof value));
	else
		snprintf(buf, cap, "[%s total %" PRIu64 "]",
		         log->glyphs->ellipsis, gcounter_value_saturated(g));
}

/* What a message carries, for a line: a state's vector, a delta's pairs,
 * ops, or a control message in words (view/wire.h). */
void eventlog_cargo_text(const struct eventlog *log, const struct sim *sim,
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
		eventlog_vector_text(log, r->payload, buf, cap);
	else
		wire_text(&wire, r->message_kind, m, r->origin,
		          EVENTLOG_VECTOR_COLS, buf, cap);
}

/* The form of a record's message (PAYLOAD_NONE when it says none). */
enum sim_payload_form eventlog_form_of(const struct sim_record *r)
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
void eventlog_changes_text(const struct eventlog *log,
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

void eventlog_name_of(uint32_t node, char *buf, size_t cap)
{
	sim_node_name(node, buf, cap);
}

bool eventlog_is_worker(const struct eventlog *log, uint32_t node)
{
	return node != SIM_RELAY && node < log->nodes;
}

/*
 * Whether a state tells some worker other than its origin anything: once
 * every worker holds it, gossiping it again is the quiet steady state, not
 * news. Only asked of sends that survived the cheaper "same as last
 * time" test; the world reads only its cells that are off the truth.
 */
bool eventlog_is_news(const struct sim *sim, const struct gcounter *payload,
                      uint32_t origin)
{
	if (sim_converged(sim))
		return false;
	return sim_state_is_news(sim, payload, origin);
}

/* The same for a delta, over the slots it carries only. */
bool eventlog_is_delta_news(const struct sim *sim,
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
