/*
 * What a node prints, as the world takes it: a message to another node
 * goes onto the network, an answer to a client settles its request, and
 * anything else is the node's problem, said in one line. A node's line is
 * untrusted: nothing here may assume a field.
 */
#include "maelstrom/mworld-internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "maelstrom/mmsg.h"

static void reply(struct mworld *w, uint32_t node, struct mmsg *m,
                  uint32_t client)
{
	struct op *op;
	struct wnode *n = &w->nodes[node];
	static const char *const want[] = {[OP_INIT] = "init_ok",
	                                   [OP_ADD] = "add_ok",
	                                   [OP_READ] = "read_ok",
	                                   [OP_FINAL] = "read_ok"};

	w->stats.client_replies++;
	if (!m->has_reply || m->in_reply_to == 0 ||
	    m->in_reply_to > w->op_len) {
		mw_problem(w, node,
		           "sent c%" PRIu32 " a message that answers no "
		           "request (in_reply_to missing or unknown): %s",
		           client, m->type);
		return;
	}
	op = &w->ops[m->in_reply_to - 1];
	if (op->node != node || client != node + 1) {
		mw_problem(w, node,
		           "answered request %" PRIu64 ", which was not "
		           "sent to it",
		           m->in_reply_to);
		return;
	}
	if (op->state != OP_PENDING) {
		mw_problem(w, node, "answered request %" PRIu64 " twice",
		           m->in_reply_to);
		return;
	}
	if (strcmp(m->type, "error") == 0) {
		const json_t *code = json_object_get(m->body, "code");

		if (!json_is_integer(code)) {
			mw_problem(w, node,
			           "sent an error with no integer code");
			return;
		}
		if (op->kind == OP_INIT) {
			mw_problem(
			    w, node,
			    "answered init with error %" JSON_INTEGER_FORMAT,
			    json_integer_value(code));
			op->state = OP_FAILED;
			return;
		}
		op->state = mmsg_error_definite(json_integer_value(code))
		                ? OP_FAILED
		                : OP_MAYBE;
		if (op->kind == OP_ADD && op->state == OP_FAILED)
			w->stats.adds_failed++;
		if (op->kind == OP_FINAL && --w->finals_due == 0)
			mw_push(w, w->now, EV_DONE, 0, 0);
		return;
	}
	if (strcmp(m->type, want[op->kind]) != 0) {
		mw_problem(w, node, "answered %s with \"%s\" (not %s)",
		           op->kind == OP_INIT  ? "init"
		           : op->kind == OP_ADD ? "add"
		                                : "read",
		           m->type, want[op->kind]);
		return;
	}
	op->state = OP_OK;
	if (op->kind == OP_INIT) {
		bool all = true;

		n->initialized = true;
		for (uint32_t i = 0; i < w->config.nodes; i++)
			all = all && w->nodes[i].initialized;
		if (all && !w->begun)
			mw_push(w, w->now, EV_BEGIN, 0, 0);
	} else if (op->kind == OP_ADD) {
		w->stats.adds_ok++;
	} else {
		const json_t *value = json_object_get(m->body, "value");
		bool pn = w->config.workload == MWORKLOAD_PN_COUNTER;

		if (!json_is_integer(value) ||
		    (!pn && json_integer_value(value) < 0)) {
			mw_problem(w, node,
			           pn ? "answered read with no integer value"
			              : "answered read with no non-negative "
			                "integer value");
			return;
		}
		w->stats.reads_ok++;
		n->has_read = true;
		n->last_read = (int64_t)json_integer_value(value);
		if (op->kind == OP_FINAL) {
			n->has_final = true;
			n->final_read = n->last_read;
			if (--w->finals_due == 0)
				mw_push(w, w->now, EV_DONE, 0, 0);
		}
	}
}

static void shown_line(const char *line, size_t len, char *buf, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k + 4 < cap; i++)
		buf[k++] = (line[i] >= 0x20 && line[i] < 0x7f) ? line[i] : '?';
	if (len > 0 && k + 4 >= cap)
		memcpy(buf + k, "...", 3), k += 3;
	buf[k] = '\0';
}

void mw_node_out(struct mworld *w, uint32_t node, const char *line, size_t len)
{
	struct wnode *n = &w->nodes[node];
	struct mmsg m;
	char why[160], name[16];
	uint32_t to, client;

	if (!n->up)
		return; /* said before it was stopped: the network never had it
		         */
	n->vacant = false; /* whatever speaks there is a node to judge */
	if (mmsg_parse(line, len, &m, why, sizeof why) < 0) {
		char shown[64];

		shown_line(line, len, shown, sizeof shown);
		mw_problem(w, node,
		           "printed a line that is not a Maelstrom message, "
		           "%s: \"%s\"",
		           why, shown);
		return;
	}
	mmsg_node_name(node, name, sizeof name);
	if (strcmp(m.src, name) != 0) {
		mw_problem(w, node,
		           "sent a message from \"%.20s\", but it is %s", m.src,
		           name);
	} else if (mmsg_node_index(m.dest, w->config.nodes, &to)) {
		uint32_t slots =
		    mmsg_counter(m.body, w->config.nodes, n->counter);

		if (slots != 0)
			n->counter_slots = slots;
		mw_net_send(w, node, to, line, len);
	} else if (mmsg_client_index(m.dest, &client)) {
		reply(w, node, &m, client);
	} else {
		mw_problem(w, node,
		           "sent a message to \"%.20s\", which is no node "
		           "or client",
		           m.dest);
	}
	mmsg_clear(&m);
}

void mw_node_exit(struct mworld *w, uint32_t node, int status)
{
	struct wnode *n = &w->nodes[node];

	if (!n->up)
		return;
	n->vacant = false;
	n->up = false;
	n->initialized = false;
	n->exited = true;
	if (WIFSIGNALED(status))
		mw_problem(w, node,
		           "its program died of signal %d (the last "
		           "message it was sent: %s)",
		           WTERMSIG(status),
		           n->last_in[0] ? n->last_in : "none");
	else
		mw_problem(w, node,
		           "its program exited with status %d (the last "
		           "message it was sent: %s)",
		           WEXITSTATUS(status),
		           n->last_in[0] ? n->last_in : "none");
}
