/*
 * What a frame shows of the world, read once: the driver's dashboard fills
 * a summary at the top of each frame and every part of the screen draws
 * from it, never from the live world (weechat keeps its gui state apart
 * from its curses drawing the same way). Pure: no curses; the pointers it
 * holds into the world are valid until the world next changes, which is
 * never during a frame.
 */
#ifndef GCOUNTER_VIEW_SUMMARY_H
#define GCOUNTER_VIEW_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/* Messages in flight a summary keeps views of: more than any canvas has
 * rows (the grid shows one a row, then "+N more"). */
#define SUMMARY_MAX_MESSAGES 1024

struct summary_node {
	const struct gcounter *vector;
	const uint64_t *changed_at; /* per slot: when it last grew */
	uint64_t value;       /* a G-Counter's: the sum of its vector (0 for
	                         a PN-Counter, whose sum is never shown) */
	int64_t signed_value; /* its CRDT's value (PN: P - N) */
	enum sim_partition partition;
	bool down;
	bool seat; /* a phone's seat: down, it means no phone holds it */
};

struct summary {
	const struct sim_config *config; /* as it is now */
	uint64_t now_us;
	uint32_t nodes, slots, live;
	bool pn;
	/* The truth, and what every node can converge to (the join). */
	const struct gcounter *truth;
	uint64_t truth_total, truth_decrements, join_value;
	/* What amnesia lost for good: increments, and a PN-Counter's
	 * decrements, each never more than was made. */
	uint64_t lost_increments, lost_decrements;
	int64_t true_value, join_signed_value;
	bool converged;
	uint64_t converged_at_us;
	/* Plain op counted a duplicate: cells may be above the truth. */
	bool may_be_over;
	bool relay_down;
	/* The reader's last read, and the world's counts. */
	bool have_read;
	uint32_t read_node;
	uint64_t read_value;
	struct sim_stats stats;
	/* Messages in flight in the order they were sent: the first
	 * message_count of in_flight. */
	size_t in_flight, message_count;
	struct sim_message_view *messages;
	struct summary_node *node; /* nodes entries */

	size_t node_cap; /* private: room allocated */
};

void summary_init(struct summary *s);
void summary_free(struct summary *s);
/* Reads the world into s (growing its arrays as the world needs). */
void summary_fill(struct summary *s, const struct sim *sim);

/* Whether a node lacks anything the truth has, in any slot: a
 * PN-Counter's value can read right while both halves are behind. */
bool summary_node_behind(const struct summary *s, uint32_t node);
/* Which of a node's halves hold a count above the truth (an op counted
 * twice): bit 0 for P (a G-Counter's only half), bit 1 for N. */
unsigned summary_node_over(const struct summary *s, uint32_t node);
/* The sum of one half of a PN-Counter's vector g (0: P, 1: N). */
uint64_t summary_half_sum(const struct summary *s, const struct gcounter *g,
                          int half);

#endif
