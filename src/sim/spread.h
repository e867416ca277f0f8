/*
 * How long each increment takes to reach every live node: the convergence
 * latency per increment. Tracks, per slot, the increments not yet
 * everywhere and how many live nodes hold each; pure bookkeeping, fed by
 * the engine whenever a slot of a live node grows.
 */
#ifndef GCOUNTER_SIM_SPREAD_H
#define GCOUNTER_SIM_SPREAD_H

#include <stddef.h>
#include <stdint.h>

/* Latency samples kept; past this, further samples are not recorded. */
#define SPREAD_MAX_SAMPLES (1u << 22)

struct spread;

struct spread_summary {
	uint64_t samples; /* increments that reached every live node */
	uint64_t pending; /* increments still on their way */
	uint64_t p50_us, p99_us, max_us;
};

struct spread *spread_new(uint32_t slots);
void spread_free(struct spread *spread);
/* An independent copy, for a checkpoint of the world. */
struct spread *spread_copy(const struct spread *spread);
/* Folds everything that decides what spread reports, now and later, into
 * h (sim_state_hash): the entries on their way and the samples. */
uint64_t spread_hash(const struct spread *spread, uint64_t h);
/* Bytes spread_copy allocates for it. */
size_t spread_memory_bytes(const struct spread *spread);
/* Slot s reached a new maximum v at time t (an increment); the caller then
 * reports the incrementing node's growth with spread_grew. */
void spread_new_maximum(struct spread *spread, uint32_t s, uint64_t v,
                        uint64_t t_us);
/* A live node's slot s grew from `from` to `to`. */
void spread_grew(struct spread *spread, uint32_t s, uint64_t from, uint64_t to,
                 uint64_t t_us, uint32_t live_nodes);
/* A node holding `cells` left (crashed) or joined (restarted) the live
 * set; live_nodes is the count after the change. */
void spread_node_left(struct spread *spread, const uint64_t *cells,
                      uint64_t t_us, uint32_t live_nodes);
void spread_node_joined(struct spread *spread, const uint64_t *cells);
/* Slot s's largest count that can still reach anyone is now v (what was
 * above it was forgotten for good, by amnesia): the increments above v
 * stop being pending, and count as no sample. */
void spread_forgot_above(struct spread *spread, uint32_t s, uint64_t v);
/* Percentiles over the samples from number `from` on (0: all of them). */
void spread_summarize(const struct spread *spread, uint64_t from,
                      struct spread_summary *summary);

#endif
