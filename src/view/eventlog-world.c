/*
 * The event log's describers for the world: increments, reads, the nodes
 * converging, and the presenter's commands. Like the message describers
 * they add lines and never draw.
 */
#include "view/eventlog-internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "script/choices.h"
#include "sim/strategy.h"
#include "view/glyphs.h"
#include "view/text.h"

/* A PN-Counter counts up or down, said the way the keys show it: "n2 −1
 * → +[0,1,0] −[0,1,0], value 0". */
static void describe_pn_count(struct eventlog *log, const struct sim_record *r,
                              struct words *w)
{
	const char *sign = r->decrement ? log->glyphs->minus : "+";
	size_t half = r->after != NULL ? r->after->n / 2 : 0;
	size_t own = r->decrement ? half + r->node : r->node;
	char value[32];

	if (r->after == NULL)
		return;
	eventlog_value_text(log, text_counter_value(r->after, log->pn), value,
	                    sizeof value);
	if (!eventlog_vector_fits(log, r->after) && own < r->after->n) {
		eventlog_say(log, r->time_us, EVENTLOG_INCREMENT,
		             "%s %s%" PRIu64 ": its own slot of %s now %" PRIu64
		             " (value %s)",
		             w->name, sign, r->amount, r->decrement ? "N" : "P",
		             r->after->slots[own], value);
		return;
	}
	eventlog_vector_text(log, r->after, w->payload, sizeof w->payload);
	eventlog_say(log, r->time_us, EVENTLOG_INCREMENT,
	             "%s %s%" PRIu64 " %s %s, value %s", w->name, sign,
	             r->amount, log->glyphs->arrow, w->payload, value);
}

void eventlog_describe_increment(struct eventlog *log, const struct sim *sim,
                                 const struct sim_record *r)
{
	struct words w;

	(void)sim;
	eventlog_name_of(r->node, w.name, sizeof w.name);
	if (log->pn) {
		describe_pn_count(log, r, &w);
		return;
	}
	if (!eventlog_vector_fits(log, r->after) && r->node < r->after->n) {
		eventlog_say(log, r->time_us, EVENTLOG_INCREMENT,
		             "%s added %" PRIu64
		             " to its own slot, now %" PRIu64 " (value %" PRIu64
		             ")",
		             w.name, r->amount, r->after->slots[r->node],
		             gcounter_value_saturated(r->after));
		return;
	}
	eventlog_vector_text(log, r->after, w.payload, sizeof w.payload);
	if (r->amount == 1)
		eventlog_say(log, r->time_us, EVENTLOG_INCREMENT,
		             "%s incremented its own slot %s %s", w.name,
		             log->glyphs->arrow, w.payload);
	else
		eventlog_say(log, r->time_us, EVENTLOG_INCREMENT,
		             "%s added %" PRIu64 " to its own slot %s %s",
		             w.name, r->amount, log->glyphs->arrow, w.payload);
}

/* Reads are page views: only one that goes backwards is worth a line. */
void eventlog_describe_read(struct eventlog *log, const struct sim *sim,
                            const struct sim_record *r)
{
	char name[16];

	(void)sim;
	eventlog_name_of(r->node, name, sizeof name);
	if (r->changed == 0) {
		if (log->verbose)
			eventlog_say(log, r->time_us, EVENTLOG_NOTE,
			             "a reader got %" PRIu64 " from %s",
			             r->amount, name);
		return;
	}
	eventlog_say(log, r->time_us, EVENTLOG_FAULT,
	             "a reader got %" PRIu64
	             " from %s: less than it read before",
	             r->amount, name);
}

void eventlog_describe_converged(struct eventlog *log, const struct sim *sim,
                                 const struct sim_record *r)
{
	char truth[EVENTLOG_TEXT_MAX / 2], value[32];

	uint64_t total = sim_truth_total(sim), join = sim_join_value(sim);

	eventlog_vector_text(log, sim_truth(sim), truth, sizeof truth);
	if (log->pn) {
		eventlog_value_text(log, sim_join_signed_value(sim), value,
		                    sizeof value);
		if (join < total)
			eventlog_say(log, r->time_us, EVENTLOG_CONVERGED,
			             "converged: every node holds %s, value %s "
			             "(%" PRIu64 " operations lost)",
			             truth, value, total - join);
		else
			eventlog_say(log, r->time_us, EVENTLOG_CONVERGED,
			             "converged: every node holds %s, value %s",
			             truth, value);
		return;
	}
	/* After an amnesiac restart the nodes agree on less than was
	 * counted: the line says so rather than claim the true total. */
	if (join < total)
		eventlog_say(log, r->time_us, EVENTLOG_CONVERGED,
		             "converged: every node holds %s, value %" PRIu64
		             " of %" PRIu64 " counted (%" PRIu64 " lost)",
		             truth, join, total, total - join);
	else
		eventlog_say(log, r->time_us, EVENTLOG_CONVERGED,
		             "converged: every node holds %s, value %" PRIu64,
		             truth, total);
}

/* The words for each command kind the presenter can give. */
void eventlog_describe_command(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r)
{
	const struct command *c = r->command;
	char name[16], what[EVENTLOG_TEXT_MAX];

	(void)sim;
	if (c == NULL)
		return;
	eventlog_end_loss_groups(log);
	eventlog_name_of(c->node, name, sizeof name);
	switch (c->kind) {
	case CMD_GOSSIP_NOW:
		if (eventlog_is_worker(log, c->node))
			log->forced[c->node] |= FORCE_SEND;
		snprintf(what, sizeof what, "%s was asked to gossip now", name);
		break;
	case CMD_SET_RATE:
		snprintf(what, sizeof what, "workload set to %.4g increments/s",
		         c->rate);
		break;
	case CMD_SET_LATENCY: {
		char latency[48];

		latency_format(&c->latency, latency, sizeof latency);
		snprintf(what, sizeof what, "latency set to %s", latency);
		break;
	}
	case CMD_SET_DROP:
	case CMD_SET_DUPLICATE:
		/* In percent, as the faults row and the panel say it. */
		snprintf(what, sizeof what, "%s set to %.4g%%",
		         c->kind == CMD_SET_DROP ? "drop" : "dup",
		         c->probability * 100);
		break;
	case CMD_SET_STRATEGY: {
		size_t count;
		const struct strategy *const *all = strategy_all(&count);

		snprintf(what, sizeof what, "strategy switched to %s",
		         c->strategy < count ? all[c->strategy]->name : "?");
		break;
	}
	case CMD_CRASH:
		snprintf(what, sizeof what, "%s crashed%s", name,
		         c->node == SIM_RELAY ? ": nothing passes through it"
		                              : ": it forgets everything");
		break;
	case CMD_RESTART:
		if (c->node == SIM_RELAY)
			snprintf(what, sizeof what, "the relay restarted");
		else if (c->mode == RESTART_AMNESIA)
			snprintf(what, sizeof what,
			         "%s restarted from zero (amnesia)", name);
		else if (c->mode == RESTART_REMOTE)
			snprintf(what, sizeof what,
			         "%s is a phone now: its replica lives there",
			         name);
		else
			snprintf(what, sizeof what,
			         "%s restarted with its own count from disk",
			         name);
		break;
	case CMD_PARTITION:
		switch (c->mode) {
		case PARTITION_NONE:
			snprintf(what, sizeof what, "%s's links were mended",
			         name);
			break;
		case PARTITION_NO_RECEIVE:
			snprintf(what, sizeof what,
			         "%s was cut off: it can send but not receive",
			         name);
			break;
		case PARTITION_NO_SEND:
			snprintf(what, sizeof what,
			         "%s was cut off: it can receive but not send",
			         name);
			break;
		default:
			snprintf(what, sizeof what,
			         "%s's links were cut both ways", name);
			break;
		}
		break;
	case CMD_SET_READER:
		snprintf(what, sizeof what, "reader set to %s",
		         choices_reader_name((enum sim_reader)c->mode));
		break;
	case CMD_HEAL:
		snprintf(what, sizeof what, "every partition healed");
		break;
	case CMD_SET_MODE:
		/* What changes, in the mode's own sentence. */
		snprintf(what, sizeof what, "mode %s: %s",
		         sim_mode_name((enum sim_mode)c->mode),
		         sim_mode_summary((enum sim_mode)c->mode));
		break;
	default:
		snprintf(what, sizeof what, "%s", sim_command_name(c->kind));
		break;
	}
	eventlog_say(log, r->time_us, EVENTLOG_COMMAND, "%s", what);
}

void eventlog_describe_nothing(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r)
{
	(void)log;
	(void)sim;
	(void)r;
}
