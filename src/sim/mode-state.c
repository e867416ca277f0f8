/*
 * The state mode: a send carries the sender's whole vector (one snapshot,
 * shared by a broadcast's copies), and a receiver merges it. Simple, and
 * messages grow with the number of nodes. It keeps nothing beside the
 * vectors, so it never touches another mode's bookkeeping.
 */
#include "sim/mode.h"
#include "sim/sim-struct.h"

static void state_send(struct sim *sim, enum sim_message_kind kind,
                       uint32_t from, uint32_t to)
{
	struct payload *p = sim_snapshot(sim, from);

	sim_send(sim, kind, from, to, from, p);
	payload_release(sim, p);
}

/* A state (or a delta still on its way from delta mode) merges; ops of an
 * earlier op mode, ACKs and NACKs mean nothing here. */
static size_t state_deliver(struct sim *sim, const struct message *m)
{
	return sim_merge_payload(sim, m->to, m->payload, m->from);
}

const struct mode mode_state = {
    .name = "state",
    .summary = "the whole vector travels: simple, and messages grow with "
               "the number of nodes",
    .sends = "its vector",
    .sends_as = "it",
    .deliver = state_deliver,
    .send = state_send,
};
