/*
 * Commands: everything that changes the world from outside. Validating
 * one against the world, applying it (stamped with the time and the
 * events run, so a replay puts it in the same place), and the log of
 * them. Switching strategy or mode resolves the table by its index here.
 */
#include "sim/mode.h"
#include "sim/sim-internal.h"
#include "sim/sim-struct.h"
#include "sim/strategy.h"
#include "util/errbuf.h"
#include "util/fatal.h"

/* The world switches into a mode (at start, its first): the old one
 * leaves, the new one takes over its bookkeeping. */
void sim_enter_mode(struct sim *sim, enum sim_mode index)
{
	const struct mode *next = mode_get(index);

	if (sim->mode != NULL && sim->mode->leave != NULL)
		sim->mode->leave(sim);
	sim->config.mode = index;
	sim->mode = next;
	if (next->enter != NULL)
		next->enter(sim);
}

static int validate_node(const struct sim *sim, uint32_t node, char *err,
                         size_t errlen)
{
	if (node < sim->n)
		return 0;
	errbuf_set(err, errlen, "no node n%llu (nodes are n1 to n%u)",
	           (unsigned long long)node + 1, sim->n);
	return -1;
}

/* The node must exist and be up: a crashed node cannot act. */
static int validate_live_node(const struct sim *sim, uint32_t node, char *err,
                              size_t errlen)
{
	if (validate_node(sim, node, err, errlen) != 0)
		return -1;
	if (!sim->nodes[node].down)
		return 0;
	errbuf_set(err, errlen, "n%u is down (restart it first)", node + 1);
	return -1;
}

/* Crash and restart take a worker or the relay, in the right state. */
static int validate_crash(const struct sim *sim, const struct command *cmd,
                          char *err, size_t errlen)
{
	bool restart = cmd->kind == CMD_RESTART;

	if (cmd->node == SIM_RELAY) {
		if (sim->relay_down == restart)
			return 0;
		errbuf_set(err, errlen, "the relay is already %s",
		           restart ? "up" : "down");
		return -1;
	}
	if (validate_node(sim, cmd->node, err, errlen) != 0)
		return -1;
	if (restart && cmd->mode > RESTART_REMOTE) {
		errbuf_set(err, errlen, "unknown restart mode %u", cmd->mode);
		return -1;
	}
	/* Ops are sent once: a replica that forgot what it applied would
	 * never get it back. */
	if (restart && cmd->mode == RESTART_AMNESIA &&
	    sim->mode->needs_durable) {
		errbuf_set(
		    err, errlen,
		    "in %s mode n%u must restart durable: ops are sent "
		    "once, so a replica that forgot them never gets them "
		    "back",
		    sim_mode_name(sim->config.mode), cmd->node + 1);
		return -1;
	}
	if (sim->nodes[cmd->node].down == restart)
		return 0;
	errbuf_set(err, errlen, "n%u is already %s", cmd->node + 1,
	           restart ? "up" : "down");
	return -1;
}

/*
 * Ops carry what each node counts from here on, and each node's first op
 * hands over its own count as it stands. That is the whole truth of its
 * slot unless an amnesiac restart left it below what the others hold:
 * then the switch waits until it has caught up.
 */
static int validate_op_handover(const struct sim *sim, enum sim_mode mode,
                                char *err, size_t errlen)
{
	if (!mode_get(mode)->sends_ops)
		return 0;
	for (uint32_t i = 0; i < sim->n; i++) {
		const uint64_t *own = sim->nodes[i].vector.slots;

		if (own[i] < sim->truth_slots[i] ||
		    (sim->v > sim->n &&
		     own[sim->n + i] < sim->truth_slots[sim->n + i])) {
			errbuf_set(err, errlen,
			           "n%u restarted from zero and does not yet "
			           "hold its own count; ops would leave the "
			           "rest behind: switch to %s once it has "
			           "caught up",
			           i + 1, sim_mode_name(mode));
			return -1;
		}
	}
	return 0;
}

int sim_validate(const struct sim *sim, const struct command *cmd, char *err,
                 size_t errlen)
{
	struct sim_config c = sim->config;

	switch (cmd->kind) {
	case CMD_INCREMENT:
		if (cmd->amount < 1 || cmd->amount > SIM_MAX_INCREMENT) {
			errbuf_set(err, errlen, "increment must be 1 to %llu",
			           (unsigned long long)SIM_MAX_INCREMENT);
			return -1;
		}
		return validate_live_node(sim, cmd->node, err, errlen);
	case CMD_GOSSIP_NOW:
		return validate_live_node(sim, cmd->node, err, errlen);
	case CMD_DECREMENT:
		if (sim->config.crdt != CRDT_PNCOUNTER) {
			errbuf_set(
			    err, errlen,
			    "a G-Counter only counts up (decrements need "
			    "--crdt pncounter)");
			return -1;
		}
		if (cmd->amount < 1 || cmd->amount > SIM_MAX_INCREMENT) {
			errbuf_set(err, errlen, "decrement must be 1 to %llu",
			           (unsigned long long)SIM_MAX_INCREMENT);
			return -1;
		}
		return validate_live_node(sim, cmd->node, err, errlen);
	case CMD_PARTITION:
		if (cmd->mode > PARTITION_BOTH) {
			errbuf_set(err, errlen, "unknown partition mode %u",
			           cmd->mode);
			return -1;
		}
		return validate_node(sim, cmd->node, err, errlen);
	case CMD_HEAL:
		return 0;
	case CMD_CRASH:
	case CMD_RESTART:
		return validate_crash(sim, cmd, err, errlen);
	case CMD_SET_RATE:
		c.rate = cmd->rate;
		break;
	case CMD_SET_LATENCY:
		c.latency = cmd->latency;
		break;
	case CMD_SET_GOSSIP:
		c.gossip_min_us = cmd->min_us;
		c.gossip_max_us = cmd->max_us;
		break;
	case CMD_SET_DROP:
		c.drop = cmd->probability;
		break;
	case CMD_SET_DUPLICATE:
		c.duplicate = cmd->probability;
		break;
	case CMD_SET_READER:
		if (cmd->mode > READER_STICKY) {
			errbuf_set(err, errlen, "unknown reader %u", cmd->mode);
			return -1;
		}
		c.reader = (enum sim_reader)cmd->mode;
		break;
	case CMD_SET_STRATEGY: {
		size_t count;
		const struct strategy *const *all = strategy_all(&count);

		if (cmd->strategy >= count) {
			errbuf_set(err, errlen, "no strategy number %u",
			           cmd->strategy);
			return -1;
		}
		c.strategy = all[cmd->strategy];
		break;
	}
	case CMD_SET_MODE:
		if (cmd->mode >= MODE_COUNT) {
			errbuf_set(err, errlen, "no propagation mode number %u",
			           cmd->mode);
			return -1;
		}
		c.mode = (enum sim_mode)cmd->mode;
		if (validate_op_handover(sim, c.mode, err, errlen) != 0)
			return -1;
		break;
	default:
		errbuf_set(err, errlen, "unknown command kind %d",
		           (int)cmd->kind);
		return -1;
	}
	return sim_validate_config(&c, err, errlen);
}

/*
 * Cancels every timer of the old strategy (by generation) and starts the
 * new one. Messages already in flight still arrive and merge, and what
 * was on its way to the relay is still passed on (sim.c's deliver).
 */
static void switch_strategy(struct sim *sim, uint32_t index)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);

	for (uint32_t i = 0; i < sim->n; i++) {
		sim->nodes[i].timer_generation++;
		sim->nodes[i].next_timer_us = 0;
	}
	sim->config.strategy = all[index];
	sim_start_strategy(sim);
}

static void log_command(struct sim *sim, const struct command *cmd)
{
	if (sim->log_len == sim->log_cap) {
		sim->log_cap = sim->log_cap ? sim->log_cap * 2 : 64;
		sim->log = xrealloc(sim->log, sim->log_cap, sizeof *sim->log);
	}
	sim->log[sim->log_len++] = *cmd;
}

int sim_apply(struct sim *sim, const struct command *cmd_in, char *err,
              size_t errlen)
{
	struct command cmd = *cmd_in;
	struct sim_record record = {.kind = REC_COMMAND, .command = &cmd};

	if (sim_validate(sim, &cmd, err, errlen) != 0)
		return -1;
	if (sim->log_len >= SIM_MAX_COMMANDS) {
		errbuf_set(err, errlen, "command log is full (%u commands)",
		           SIM_MAX_COMMANDS);
		return -1;
	}
	cmd.time_us = sim->now_us;
	cmd.after_events = sim->events_run;
	record.node = cmd.node;
	/* What is compared changes: a new phase begins. */
	if (cmd.kind == CMD_SET_STRATEGY || cmd.kind == CMD_SET_MODE ||
	    cmd.kind == CMD_SET_READER) {
		struct sim_latency probe;

		sim_latency_since(sim, UINT64_MAX, &probe);
		sim->phase =
		    (struct sim_phase){.start_us = sim->now_us,
		                       .stats = sim->stats,
		                       .latency_samples = probe.samples};
	}

	switch (cmd.kind) {
	case CMD_INCREMENT:
	case CMD_DECREMENT:
		if (sim_count(sim, cmd.node, cmd.amount,
		              cmd.kind == CMD_DECREMENT, &cmd, err,
		              errlen) != 0)
			return -1;
		break;
	case CMD_GOSSIP_NOW:
		sim_emit(sim, &record);
		sim->config.strategy->on_gossip_now(sim, cmd.node);
		break;
	case CMD_PARTITION:
		sim->nodes[cmd.node].partition = (enum sim_partition)cmd.mode;
		sim_emit(sim, &record);
		break;
	case CMD_HEAL:
		for (uint32_t i = 0; i < sim->n; i++)
			sim->nodes[i].partition = PARTITION_NONE;
		sim_emit(sim, &record);
		break;
	case CMD_CRASH:
		if (cmd.node == SIM_RELAY)
			sim->relay_down = true;
		else
			sim_crash_node(sim, cmd.node);
		sim_emit(sim, &record);
		break;
	case CMD_RESTART:
		if (cmd.node == SIM_RELAY)
			sim->relay_down = false;
		else
			sim_restart_node(sim, cmd.node,
			                 (enum sim_restart)cmd.mode);
		sim_emit(sim, &record);
		break;
	case CMD_SET_RATE:
		sim->config.rate = cmd.rate;
		/* Restart the Poisson process at the new rate. */
		sim->workload_generation++;
		sim_schedule_workload(sim);
		sim_emit(sim, &record);
		break;
	case CMD_SET_LATENCY:
		sim->config.latency = cmd.latency;
		sim_emit(sim, &record);
		break;
	case CMD_SET_GOSSIP:
		sim->config.gossip_min_us = cmd.min_us;
		sim->config.gossip_max_us = cmd.max_us;
		sim_emit(sim, &record);
		break;
	case CMD_SET_DROP:
		sim->config.drop = cmd.probability;
		sim_emit(sim, &record);
		break;
	case CMD_SET_DUPLICATE:
		sim->config.duplicate = cmd.probability;
		sim_emit(sim, &record);
		break;
	case CMD_SET_READER:
		sim->config.reader = (enum sim_reader)cmd.mode;
		if (sim->config.read_rate <= 0)
			sim->config.read_rate = SIM_DEFAULT_READ_RATE;
		/* A new reader starts afresh: a new process of reads, and
		 * no memory of what the old one read. */
		sim->read_generation++;
		sim->reader_node = NIL;
		sim->have_read = false;
		sim->reader_backwards = 0;
		sim_schedule_read(sim);
		sim_emit(sim, &record);
		break;
	case CMD_SET_STRATEGY:
		switch_strategy(sim, cmd.strategy);
		if (sim->mode->strategy_changed != NULL)
			sim->mode->strategy_changed(sim);
		sim_emit(sim, &record);
		break;
	case CMD_SET_MODE:
		sim_enter_mode(sim, (enum sim_mode)cmd.mode);
		sim_emit(sim, &record);
		break;
	default:
		break;
	}
	log_command(sim, &cmd);
	return 0;
}

const struct command *sim_command_log(const struct sim *sim, size_t *count)
{
	*count = sim->log_len;
	return sim->log;
}
