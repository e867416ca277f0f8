/*
 * The scenario language written back: commands and expectations in the
 * words the parser reads (saved logs, the dashboard's event log), and the
 * comparisons of expect lines. Never parses, never allocates.
 */
#include "script/scenario.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "script/choices.h"
#include "script/value.h"
#include "sim/strategy.h"

/* --- the language, written back ----------------------------------------------
 */

size_t scenario_format_command(const struct command *cmd, char *buf, size_t cap)
{
	char node[16], value[48], extra[48] = "";
	size_t count;
	const struct strategy *const *strategies = strategy_all(&count);
	int w;

	sim_node_name(cmd->node, node, sizeof node);
	switch (cmd->kind) {
	case CMD_INCREMENT:
	case CMD_DECREMENT:
		if (cmd->amount != 1)
			snprintf(extra, sizeof extra, " x%" PRIu64,
			         cmd->amount);
		w = snprintf(buf, cap, "%s %s%s",
		             cmd->kind == CMD_INCREMENT ? "inc" : "dec", node,
		             extra);
		break;
	case CMD_GOSSIP_NOW:
	case CMD_CRASH:
		w = snprintf(buf, cap, "%s %s", sim_command_name(cmd->kind),
		             node);
		break;
	case CMD_RESTART:
		w = snprintf(buf, cap, "restart %s%s", node,
		             cmd->node == SIM_RELAY         ? ""
		             : cmd->mode == RESTART_AMNESIA ? " amnesia"
		             : cmd->mode == RESTART_REMOTE  ? " remote"
		                                            : " durable");
		break;
	case CMD_PARTITION:
		w = snprintf(buf, cap, "partition %s%s", node,
		             cmd->mode == PARTITION_NO_RECEIVE ? " in"
		             : cmd->mode == PARTITION_NO_SEND  ? " out"
		             : cmd->mode == PARTITION_NONE     ? " none"
		                                               : "");
		break;
	case CMD_HEAL:
		w = snprintf(buf, cap, "heal");
		break;
	case CMD_SET_STRATEGY:
		w = snprintf(buf, cap, "strategy %s",
		             cmd->strategy < count
		                 ? strategies[cmd->strategy]->name
		                 : "?");
		break;
	case CMD_SET_RATE:
	case CMD_SET_DROP:
	case CMD_SET_DUPLICATE:
		scenario_format_decimal(
		    cmd->kind == CMD_SET_RATE ? cmd->rate : cmd->probability,
		    value, sizeof value);
		w = snprintf(buf, cap, "%s %s", sim_command_name(cmd->kind),
		             value);
		break;
	case CMD_SET_MODE:
		w = snprintf(buf, cap, "mode %s",
		             sim_mode_name((enum sim_mode)cmd->mode));
		break;
	case CMD_SET_READER:
		w = snprintf(buf, cap, "reader %s",
		             choices_reader_name((enum sim_reader)cmd->mode));
		break;
	case CMD_SET_LATENCY:
		latency_format(&cmd->latency, value, sizeof value);
		w = snprintf(buf, cap, "latency %s", value);
		break;
	case CMD_SET_GOSSIP:
		duration_format(cmd->min_us, value, sizeof value);
		duration_format(cmd->max_us, extra, sizeof extra);
		w = snprintf(buf, cap, "gossip-interval %s-%s", value, extra);
		break;
	default:
		w = snprintf(buf, cap, "?");
		break;
	}
	return w < 0 ? 0 : (size_t)w;
}

size_t scenario_format_expect(const struct expectation *e, char *buf,
                              size_t cap)
{
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
	char node[16], other[16];
	int w;

	switch (e->kind) {
	case EXPECT_HAS:
		sim_node_name(e->node, node, sizeof node);
		sim_node_name(e->other, other, sizeof other);
		w = snprintf(buf, cap, "%s has %s", node, other);
		break;
	case EXPECT_CONVERGED:
		w = snprintf(buf, cap, "converged");
		break;
	case EXPECT_DIVERGED:
		w = snprintf(buf, cap, "diverged");
		break;
	case EXPECT_VALUE:
		sim_node_name(e->node, node, sizeof node);
		w = snprintf(buf, cap, "value %s %s %" PRId64, node, ops[e->op],
		             e->value);
		break;
	default:
		w = snprintf(buf, cap, "%s %s %" PRId64,
		             e->kind == EXPECT_TOTAL  ? "total"
		             : e->kind == EXPECT_LOST ? "lost"
		                                      : "backwards-reads",
		             ops[e->op], e->value);
		break;
	}
	return w < 0 ? 0 : (size_t)w;
}

size_t scenario_format_decimal(double value, char *buf, size_t cap)
{
	return value_format_decimal(value, buf, cap);
}

bool scenario_compare(enum compare_op op, int64_t actual, int64_t expected)
{
	switch (op) {
	case OP_EQ:
		return actual == expected;
	case OP_NE:
		return actual != expected;
	case OP_LT:
		return actual < expected;
	case OP_LE:
		return actual <= expected;
	case OP_GT:
		return actual > expected;
	case OP_GE:
		return actual >= expected;
	}
	return false;
}
