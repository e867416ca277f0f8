/*
 * The checker, with Maelstrom's g-counter semantics: each node's final
 * read must be the acknowledged adds plus some subset of the indeterminate
 * ones. It reads the world's requests; it must never change what they say.
 */
#include "maelstrom/mworld-internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which sums of the indeterminate deltas can be made: bit s of the
 * returned set, s in [0, total]. NULL when total is too big. */
static uint8_t *subset_sums(const struct mworld *w, uint64_t total)
{
	uint8_t *set;

	if (total > (1u << 24))
		return NULL;
	set = calloc(total / 8 + 1, 1);
	if (set == NULL)
		return NULL;
	set[0] = 1;
	for (size_t k = 0; k < w->op_len; k++) {
		const struct op *op = &w->ops[k];

		if (op->kind != OP_ADD ||
		    (op->state != OP_PENDING && op->state != OP_MAYBE))
			continue;
		for (uint64_t s = total + 1; s-- > op->delta;)
			if (set[(s - op->delta) / 8] >> ((s - op->delta) % 8) &
			    1)
				set[s / 8] |= (uint8_t)(1u << (s % 8));
	}
	return set;
}

static void judge(struct mworld *w, uint32_t i, const uint8_t *sums)
{
	struct mworld_verdict *v = &w->verdict;
	struct wnode *n = &w->nodes[i];
	uint64_t r = n->final_read, most = v->acknowledged + v->indeterminate;

	n->valid = false;
	if (n->problem[0] != '\0')
		/* (the same size, both NUL-terminated) */
		memcpy(n->verdict, n->problem, sizeof n->verdict);
	else if (!n->has_final)
		snprintf(n->verdict, sizeof n->verdict,
		         "no answer to the final read");
	else if (r < v->acknowledged)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRIu64 ", but the acknowledged adds sum to "
		         "%" PRIu64 ": %" PRIu64 " missing (does it merge?)",
		         r, v->acknowledged, v->acknowledged - r);
	else if (r > most)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRIu64 ", but at most %" PRIu64 " can have "
		         "been added (%" PRIu64 " acknowledged, %" PRIu64
		         " indeterminate): it counted something twice",
		         r, most, v->acknowledged, v->indeterminate);
	else if (sums != NULL && !(sums[(r - v->acknowledged) / 8] >>
	                               ((r - v->acknowledged) % 8) &
	                           1))
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRIu64 ": %" PRIu64
		         " acknowledged plus %" PRIu64
		         ", which no subset of the %" PRIu32
		         " indeterminate adds makes",
		         r, v->acknowledged, r - v->acknowledged,
		         v->indeterminate_ops);
	else {
		n->valid = true;
		snprintf(
		    n->verdict, sizeof n->verdict,
		    "read %" PRIu64 " = %" PRIu64 " acknowledged + %" PRIu64
		    " of %" PRIu64 " indeterminate",
		    r, v->acknowledged, r - v->acknowledged, v->indeterminate);
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

		if (n->up && !n->initialized && n->init_op != 0 &&
		    w->ops[n->init_op - 1].state == OP_PENDING)
			mw_problem(w, i, "never answered init");
	}
	sums = subset_sums(w, v->indeterminate);
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
		if (op->state == OP_OK)
			v->acknowledged += op->delta;
		else if (op->state != OP_FAILED) {
			v->indeterminate += op->delta;
			v->indeterminate_ops++;
		}
	}
}
