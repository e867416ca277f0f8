/*
 * Messages in words. A delta is written as its pairs because its vector
 * (zeros in the slots it does not carry) would say "0" where it means
 * "not sent"; ops name their origin, since the op is about that one slot.
 */
#include "view/wire.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim/mode.h"
#include "view/text.h"

struct wire_context wire_context_of(const struct sim *sim,
                                    const struct glyphs *glyphs)
{
	const struct sim_config *config = sim_config(sim);

	return (struct wire_context){
	    .glyphs = glyphs,
	    .nodes = sim_node_count(sim),
	    .pn = config->crdt == CRDT_PNCOUNTER,
	    .numbered = mode_get(config->mode)->numbered,
	};
}

bool wire_is_state(const struct sim_payload_view *m)
{
	return m != NULL && m->form == PAYLOAD_STATE && m->vector != NULL;
}

size_t wire_slot_name(const struct wire_context *c, uint32_t slot, char *buf,
                      size_t cap)
{
	int w;

	if (!c->pn || c->nodes == 0)
		w = snprintf(buf, cap, "n%" PRIu32, slot + 1);
	else if (slot < c->nodes)
		w = snprintf(buf, cap, "n%" PRIu32 "+", slot + 1);
	else
		w = snprintf(buf, cap, "n%" PRIu32 "%s", slot - c->nodes + 1,
		             c->glyphs->minus);
	return w < 0 ? 0 : (size_t)w;
}

/* Appends to buf (len bytes used); false, and nothing appended, when it
 * would not fit the bytes. */
static bool append(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > cap)
		return false;
	memcpy(buf + *len, s, n + 1);
	*len += n;
	return true;
}

/* Columns the pairs take written out, " n3=5" each, or limit + 1 as
 * soon as they are known to take more (a long delta is not read to its
 * end). */
static size_t pairs_cols(const struct wire_context *c,
                         const struct sim_payload_view *m, size_t limit)
{
	size_t cols = 0;

	for (uint32_t i = 0; i < m->count && cols <= limit; i++) {
		char name[24];

		wire_slot_name(c, m->slots[i], name, sizeof name);
		cols +=
		    2 + text_columns(name) + (size_t)text_digits(m->values[i]);
	}
	return cols <= limit ? cols : limit + 1;
}

/* Words are cut like any text, with the ellipsis. */
static size_t cut_words(const struct glyphs *g, const char *text,
                        size_t max_cols, char *buf, size_t cap)
{
	size_t len;
	int w;

	if (text_columns(text) <= max_cols) {
		w = snprintf(buf, cap, "%s", text);
		return w < 0 ? 0 : strlen(buf);
	}
	if (max_cols <= text_columns(g->ellipsis))
		return 0;
	len = text_clip(text, max_cols - text_columns(g->ellipsis));
	w = snprintf(buf, cap, "%.*s%s", (int)len, text, g->ellipsis);
	return w < 0 ? 0 : strlen(buf);
}

size_t wire_delta(const struct wire_context *c,
                  const struct sim_payload_view *m, size_t max_cols, char *buf,
                  size_t cap)
{
	const struct glyphs *g = c->glyphs;
	uint32_t slots = c->pn ? 2 * c->nodes : c->nodes;
	size_t len = 0, cols;
	char pair[64], more[32], note[48];
	uint32_t shown = 0;
	bool whole;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	/* Nothing new, or no room for a single pair: words, cut like any
	 * words. */
	if (m->count == 0 || text_columns(g->delta) + 1 >= max_cols) {
		char words[64];

		if (m->count == 0)
			snprintf(words, sizeof words, "%s nothing new",
			         g->delta);
		else
			snprintf(words, sizeof words, "%s %" PRIu32 " slots",
			         g->delta, m->count);
		return cut_words(g, words, max_cols, buf, cap);
	}
	if (!append(buf, cap, &len, g->delta))
		return 0;
	cols = text_columns(buf);
	/* Every pair whole, or each keeping room for a "+k more". */
	whole = cols + pairs_cols(c, m, max_cols) <= max_cols;
	for (uint32_t i = 0; i < m->count; i++) {
		char name[24];
		size_t need, keep = 0;

		wire_slot_name(c, m->slots[i], name, sizeof name);
		snprintf(pair, sizeof pair, " %s=%" PRIu64, name, m->values[i]);
		need = text_columns(pair);
		if (!whole && i + 1 < m->count) {
			snprintf(more, sizeof more, " +%" PRIu32 " more",
			         m->count - i - 1);
			keep = text_columns(more);
		}
		if (cols + need + keep > max_cols ||
		    len + strlen(pair) + 1 > cap)
			break;
		append(buf, cap, &len, pair);
		cols += need;
		shown++;
	}
	if (shown < m->count) {
		snprintf(more, sizeof more,
		         shown == 0 ? " %" PRIu32 " slots"
		                    : " +%" PRIu32 " more",
		         m->count - shown);
		if (cols + text_columns(more) <= max_cols)
			append(buf, cap, &len, more);
		return len;
	}
	/* What it leaves out is the point of a delta: said when it fits. */
	if (slots > m->count && !c->pairs_only) {
		snprintf(note, sizeof note,
		         " (%" PRIu32 " of %" PRIu32 " slots)", m->count,
		         slots);
		if (cols + text_columns(note) <= max_cols)
			append(buf, cap, &len, note);
	}
	return len;
}

size_t wire_ops(const struct wire_context *c, const struct sim_payload_view *m,
                uint32_t origin, char *buf, size_t cap)
{
	const struct glyphs *g = c->glyphs;
	char name[16], amounts[64], numbers[48] = "";
	int w;

	if (cap == 0)
		return 0;
	sim_node_name(origin, name, sizeof name);
	if (c->numbered && m->count > 1)
		snprintf(numbers, sizeof numbers, " #%" PRIu64 "%s%" PRIu64,
		         m->seq, g->range, m->seq + m->count - 1);
	else if (c->numbered && m->count == 1)
		snprintf(numbers, sizeof numbers, " #%" PRIu64, m->seq);
	else if (m->count > 1)
		snprintf(numbers, sizeof numbers, " (%" PRIu32 " ops)",
		         m->count);
	if (m->absolute > 0 && m->absolute == m->count) {
		/* Counts as they are, applied by max: never twice. */
		if (c->pn)
			snprintf(amounts, sizeof amounts,
			         "%s +%" PRIu64 " %s%" PRIu64, g->at_least,
			         m->up, g->minus, m->down);
		else
			snprintf(amounts, sizeof amounts, "%s %" PRIu64,
			         g->at_least, m->up);
		w = snprintf(buf, cap, "%s %s (hand-over)%s", name, amounts,
		             numbers);
		return w < 0 ? 0 : (size_t)w;
	}
	if (m->absolute > 0) {
		/* Sums of a hand-over and later ops mean nothing together. */
		w = snprintf(buf, cap, "%s's hand-over and %" PRIu32 " op%s%s",
		             name, m->count - m->absolute,
		             m->count - m->absolute == 1 ? "" : "s", numbers);
		return w < 0 ? 0 : (size_t)w;
	}
	if (c->pn && m->down > 0 && m->up > 0)
		snprintf(amounts, sizeof amounts, "+%" PRIu64 " %s%" PRIu64,
		         m->up, g->minus, m->down);
	else if (c->pn && m->down > 0)
		snprintf(amounts, sizeof amounts, "%s%" PRIu64, g->minus,
		         m->down);
	else
		snprintf(amounts, sizeof amounts, "+%" PRIu64, m->up);
	w = snprintf(buf, cap, "%s at %s%s", amounts, name, numbers);
	return w < 0 ? 0 : (size_t)w;
}

size_t wire_text(const struct wire_context *c, enum sim_message_kind kind,
                 const struct sim_payload_view *m, uint32_t origin,
                 size_t max_cols, char *buf, size_t cap)
{
	const struct glyphs *g = c->glyphs;
	char text[512];

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	switch (kind) {
	case MSG_PULL:
		snprintf(text, sizeof text, "asks for its state");
		break;
	case MSG_ACK:
		/* Whose ops it acknowledges: "ack n4 #10". */
		snprintf(text, sizeof text, "ack n%" PRIu32 " #%" PRIu64,
		         m != NULL ? m->dest + 1 : 0, m != NULL ? m->seq : 0);
		break;
	case MSG_NACK:
		snprintf(text, sizeof text,
		         "nack n%" PRIu32 ": missed one, send everything",
		         m != NULL ? m->dest + 1 : 0);
		break;
	default:
		if (m == NULL || m->form == PAYLOAD_NONE) {
			snprintf(text, sizeof text, "nothing");
		} else if (m->form == PAYLOAD_DELTA) {
			return wire_delta(c, m, max_cols, buf, cap);
		} else if (m->form == PAYLOAD_OPS) {
			wire_ops(c, m, origin, text, sizeof text);
		} else if (c->pn) {
			return text_pn_vector(m->vector, max_cols, g->ellipsis,
			                      g->minus, buf, cap);
		} else {
			return text_vector(m->vector, max_cols, g->ellipsis,
			                   buf, cap);
		}
		break;
	}
	return cut_words(g, text, max_cols, buf, cap);
}

void wire_copies_reset(struct wire_copies *c)
{
	memset(c, 0, sizeof *c);
}

bool wire_copies_observe(struct wire_copies *c, const struct sim_record *r)
{
	size_t at = (size_t)(r->message_id % WIRE_COPIES);
	bool again;

	switch (r->kind) {
	case REC_DUPLICATE:
		/* (A forward of a copy is already counted as one.) */
		if (c->slots[at].id != r->message_id) {
			c->slots[at].id = r->message_id;
			c->slots[at].arrived = 0;
		}
		return false;
	case REC_SEND:
		/* The relay passing on a second copy: each forward is one
		 * more copy, whose only arrival is already "again". */
		if (wire_copies_forwarded(c, r)) {
			c->slots[at].id = r->message_id;
			c->slots[at].arrived = 1;
		}
		return false;
	case REC_DELIVER:
	case REC_LOST:
		again = c->slots[at].id == r->message_id &&
		        ++c->slots[at].arrived >= 2;
		if (r->kind == REC_DELIVER && r->to == SIM_RELAY) {
			c->relay_again = again;
			c->relay_time_us = r->time_us;
			c->relay_origin = r->origin;
		}
		return again;
	default:
		return false;
	}
}

bool wire_copies_forwarded(const struct wire_copies *c,
                           const struct sim_record *r)
{
	return r->kind == REC_SEND && r->from == SIM_RELAY && c->relay_again &&
	       r->time_us == c->relay_time_us && r->origin == c->relay_origin;
}
