/*
 * The checker, with Maelstrom's g-counter and pn-counter semantics: each
 * node's final read must be the acknowledged adds plus some subset of the
 * indeterminate ones (in pn-counter, of either sign). It reads the world's
 * requests; it must never change what they say.
 */
#include "maelstrom/mworld-internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most a set of sums may span before only the range is checked. */
#define SUBSET_SPAN_MAX (1u << 24)
/* ... and the most steps (deltas times span) the sets may take: a run
 * cut short by its request limit may leave a million adds unanswered. */
#define SUBSET_WORK_MAX (1ULL << 32)

static bool has(const uint8_t *set, uint64_t s)
{
	return set[s / 8] >> (s % 8) & 1;
}

/* Which sums of the indeterminate deltas can be made: bit s - down of the
 * returned set for a sum s in [down, up] (down <= 0 <= up: the negative
 * and the positive ones' sums). NULL when the span is too big. */
static uint8_t *subset_sums(const struct mworld *w, int64_t down, int64_t up,
                            uint32_t count)
{
	uint64_t span = (uint64_t)(up - down), zero = (uint64_t)-down;
	uint8_t *set;

	if (span > SUBSET_SPAN_MAX || (uint64_t)count * span > SUBSET_WORK_MAX)
		return NULL;
	set = calloc(span / 8 + 1, 1);
	if (set == NULL)
		return NULL;
	set[zero / 8] = (uint8_t)(1u << (zero % 8));
	for (size_t k = 0; k < w->op_len; k++) {
		const struct op *op = &w->ops[k];
		uint64_t d =
		    op->delta < 0 ? (uint64_t)-op->delta : (uint64_t)op->delta;

		if (op->kind != OP_ADD ||
		    (op->state != OP_PENDING && op->state != OP_MAYBE))
			continue;
		/* Each delta at most once: walk away from where it adds. */
		if (op->delta > 0) {
			for (uint64_t s = span + 1; s-- > d;)
				if (has(set, s - d))
					set[s / 8] |= (uint8_t)(1u << (s % 8));
		} else {
			for (uint64_t s = 0; s + d <= span; s++)
				if (has(set, s + d))
					set[s / 8] |= (uint8_t)(1u << (s % 8));
		}
	}
	return set;
}

static void judge(struct mworld *w, uint32_t i, const uint8_t *sums)
{
	struct mworld_verdict *v = &w->verdict;
	struct wnode *n = &w->nodes[i];
	int64_t r = n->final_read,
	        least = v->acknowledged + v->indeterminate_down,
	        most = v->acknowledged + v->indeterminate_up;
	bool pn = w->config.workload == MWORKLOAD_PN_COUNTER;

	n->valid = false;
	if (n->vacant) {
		/* Nobody joined: no node, so nothing it could get wrong. */
		n->valid = true;
		snprintf(n->verdict, sizeof n->verdict,
		         "nobody joined (a seat kept for a student by "
		         "--wait-joins)");
	} else if (n->problem[0] != '\0')
		/* (the same size, both NUL-terminated) */
		memcpy(n->verdict, n->problem, sizeof n->verdict);
	else if (!n->has_final)
		snprintf(n->verdict, sizeof n->verdict,
		         "no answer to the final read");
	else if (r < least && !pn)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRId64 ", but the acknowledged adds sum to "
		         "%" PRId64 ": %" PRId64 " missing (does it merge?)",
		         r, v->acknowledged, v->acknowledged - r);
	else if (r > most && !pn)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRId64 ", but at most %" PRId64 " can have "
		         "been added (%" PRId64 " acknowledged, %" PRId64
		         " indeterminate): it counted something twice",
		         r, most, v->acknowledged, v->indeterminate);
	else if ((r < least || r > most) && least == most)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRId64 ", but the acknowledged adds sum to "
		         "%" PRId64 " (none is indeterminate): %s",
		         r, least,
		         r < least ? "too low (does it merge? does it take a "
		                     "decrement for an increment?)"
		                   : "too high (does it count something "
		                     "twice, or a decrement as an increment?)");
	else if (r < least || r > most)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRId64 ", but the value must be %" PRId64
		         " to %" PRId64 " (%" PRId64 " acknowledged, "
		         "indeterminate %+" PRId64 " up and %+" PRId64
		         " down): %s",
		         r, least, most, v->acknowledged, v->indeterminate_up,
		         v->indeterminate_down,
		         r < least ? "too low (does it merge? does it take a "
		                     "decrement for an increment?)"
		                   : "too high (does it count something "
		                     "twice, or a decrement as an increment?)");
	else if (sums != NULL && !has(sums, (uint64_t)(r - v->acknowledged -
	                                               v->indeterminate_down)))
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRId64 ": %" PRId64
		         " acknowledged plus %" PRId64
		         ", which no subset of the %" PRIu32
		         " indeterminate adds makes",
		         r, v->acknowledged, r - v->acknowledged,
		         v->indeterminate_ops);
	else {
		n->valid = true;
		if (pn)
			snprintf(n->verdict, sizeof n->verdict,
			         "read %" PRId64 " = %" PRId64
			         " acknowledged %+" PRId64
			         " of the indeterminate (%+" PRId64
			         " up, %+" PRId64 " down)",
			         r, v->acknowledged, r - v->acknowledged,
			         v->indeterminate_up, v->indeterminate_down);
		else
			snprintf(n->verdict, sizeof n->verdict,
			         "read %" PRId64 " = %" PRId64
			         " acknowledged + %" PRId64 " of %" PRId64
			         " indeterminate",
			         r, v->acknowledged, r - v->acknowledged,
			         v->indeterminate);
	}
}

void mw_check(struct mworld *w)
{
	struct mworld_verdict *v = &w->verdict;
	uint8_t *sums;

	if (w->done)
		return;
	w->done = true;
	mworld_tally(w, v);
	v->checked_us = w->now;
	/* A node still silent on init when the run ends (its deadline may
	 * fall after the final reads) never took part. */
	for (uint32_t i = 0; i < w->config.nodes; i++) {
		const struct wnode *n = &w->nodes[i];

		if (n->up && !n->initialized && !n->vacant && n->init_op != 0 &&
		    w->ops[n->init_op - 1].state == OP_PENDING)
			mw_problem(w, i, "never answered init");
	}
	sums = subset_sums(w, v->indeterminate_down, v->indeterminate_up,
	                   v->indeterminate_ops);
	v->exact_subsets = sums != NULL;
	v->valid = true;
	for (uint32_t i = 0; i < w->config.nodes; i++) {
		judge(w, i, sums);
		v->valid = v->valid && w->nodes[i].valid;
	}
	free(sums);
}

void mworld_tally(const struct mworld *w, struct mworld_verdict *v)
{
	memset(v, 0, sizeof *v);
	for (size_t k = 0; k < w->op_len; k++) {
		const struct op *op = &w->ops[k];

		if (op->kind != OP_ADD)
			continue;
		if (op->state == OP_OK) {
			v->acknowledged += op->delta;
		} else if (op->state != OP_FAILED) {
			v->indeterminate += op->delta;
			if (op->delta > 0)
				v->indeterminate_up += op->delta;
			else
				v->indeterminate_down += op->delta;
			v->indeterminate_ops++;
		}
	}
}
