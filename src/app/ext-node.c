/*
 * gcounter's own Maelstrom node, for the g-counter and pn-counter
 * workloads: answers init, add and read, and every gossip interval sends
 * its whole counter (crdt/pncounter.c: two G-Counters) to every other node
 * as {"type":"gossip","counter":{"n0":3,...}}, with "dec" the decrements'
 * vector once it holds any (so g-counter gossip is a plain G-Counter's); a
 * gossip it receives is merged by element-wise max, so loss, duplicates
 * and reordering do no harm. Logs go to stderr, never stdout.
 */
#define _GNU_SOURCE
#include "app/ext-node.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crdt/pncounter.h"
#include "maelstrom/mmsg.h"
#include "script/value.h"

struct node {
	char *id;
	json_t *ids; /* node_ids from init */
	size_t self;
	struct pncounter *counter, *scratch;
	uint64_t next_id;
};

static void emit(const char *src, const char *dest, json_t *body)
{
	char *line = mmsg_format(src, dest, body);

	if (line == NULL)
		return;
	printf("%s\n", line);
	fflush(stdout);
	free(line);
}

static void answer(struct node *n, const struct mmsg *m, json_t *body)
{
	json_object_set_new(body, "msg_id",
	                    json_integer((json_int_t)++n->next_id));
	if (m->has_msg_id)
		json_object_set_new(body, "in_reply_to",
		                    json_integer((json_int_t)m->msg_id));
	emit(n->id != NULL ? n->id : m->dest, m->src, body);
}

/* A bad init changes nothing: everything is checked before the old state
 * is let go, so a malformed second init leaves the node as it was. */
static int on_init(struct node *n, const struct mmsg *m)
{
	json_t *id = json_object_get(m->body, "node_id");
	json_t *ids = json_object_get(m->body, "node_ids");
	struct pncounter *counter, *scratch;
	size_t i, self = SIZE_MAX;
	char *dup;
	json_t *v;

	if (!json_is_string(id) || !json_is_array(ids) ||
	    json_array_size(ids) == 0 || json_array_size(ids) > 10000)
		return -1;
	json_array_foreach(ids, i, v)
	{
		if (!json_is_string(v))
			return -1;
		if (strcmp(json_string_value(v), json_string_value(id)) == 0)
			self = i;
	}
	if (self == SIZE_MAX)
		return -1;
	dup = strdup(json_string_value(id));
	counter = pncounter_new(json_array_size(ids));
	scratch = pncounter_new(json_array_size(ids));
	if (dup == NULL || counter == NULL || scratch == NULL) {
		free(dup);
		pncounter_free(counter);
		pncounter_free(scratch);
		return -1;
	}
	free(n->id);
	if (n->ids != NULL)
		json_decref(n->ids);
	pncounter_free(n->counter);
	pncounter_free(n->scratch);
	n->id = dup;
	n->ids = json_incref(ids);
	n->self = self;
	n->counter = counter;
	n->scratch = scratch;
	fprintf(stderr, "%s: init, %zu nodes\n", n->id, json_array_size(ids));
	answer(n, m, json_pack("{s:s}", "type", "init_ok"));
	return 0;
}

/* One vector of a gossip ("counter" or "dec") into half of scratch. */
static void read_half(const struct node *n, const json_t *obj,
                      struct gcounter *half)
{
	size_t i;
	json_t *v;

	if (!json_is_object(obj))
		return;
	json_array_foreach(n->ids, i, v)
	{
		json_t *c = json_object_get(obj, json_string_value(v));

		if (json_is_integer(c) && json_integer_value(c) >= 0)
			half->slots[i] = (uint64_t)json_integer_value(c);
	}
}

static void on_gossip(struct node *n, const struct mmsg *m)
{
	pncounter_reset(n->scratch);
	read_half(n, json_object_get(m->body, "counter"), &n->scratch->p);
	read_half(n, json_object_get(m->body, "dec"), &n->scratch->n);
	pncounter_merge(n->counter, n->scratch, NULL);
}

static json_t *half_object(const struct node *n, const struct gcounter *half)
{
	json_t *obj = json_object();
	size_t k;
	json_t *w;

	json_array_foreach(n->ids, k, w)
	    json_object_set_new(obj, json_string_value(w),
	                        json_integer((json_int_t)half->slots[k]));
	return obj;
}

static void gossip(struct node *n)
{
	bool decs = false;
	size_t i;
	json_t *v;

	if (n->counter == NULL)
		return;
	for (i = 0; i < n->counter->n.n; i++)
		decs = decs || n->counter->n.slots[i] != 0;
	json_array_foreach(n->ids, i, v)
	{
		json_t *body;

		if (i == n->self)
			continue;
		body = json_pack("{s:s, s:o}", "type", "gossip", "counter",
		                 half_object(n, &n->counter->p));
		if (decs)
			json_object_set_new(body, "dec",
			                    half_object(n, &n->counter->n));
		emit(n->id, json_string_value(v), body);
	}
}

static void on_line(struct node *n, const char *line, size_t len)
{
	struct mmsg m;
	char why[160];

	if (mmsg_parse(line, len, &m, why, sizeof why) < 0) {
		fprintf(stderr, "ignoring a line: %s\n", why);
		return;
	}
	if (strcmp(m.type, "init") == 0) {
		if (on_init(n, &m) < 0) {
			/* 12 (malformed request); the node stays as it was */
			fprintf(stderr, "a bad init\n");
			answer(n, &m,
			       json_pack("{s:s, s:i, s:s}", "type", "error",
			                 "code", 12, "text", "a bad init"));
		}
	} else if (n->counter == NULL) {
		answer(n, &m,
		       json_pack("{s:s, s:i, s:s}", "type", "error", "code", 11,
		                 "text", "not initialised"));
	} else if (strcmp(m.type, "add") == 0) {
		json_t *delta = json_object_get(m.body, "delta");
		json_int_t d = json_integer_value(delta);

		/* 12 (malformed request): Maelstrom's "it did not happen". */
		if (!json_is_integer(delta) || d == INT64_MIN ||
		    (d >= 0
		         ? pncounter_increment_by(n->counter, n->self,
		                                  (uint64_t)d)
		         : pncounter_decrement_by(n->counter, n->self,
		                                  (uint64_t)-d)) != GCOUNTER_OK)
			answer(n, &m,
			       json_pack("{s:s, s:i}", "type", "error", "code",
			                 12));
		else
			answer(n, &m, json_pack("{s:s}", "type", "add_ok"));
	} else if (strcmp(m.type, "read") == 0) {
		int64_t value;

		pncounter_value(n->counter, &value); /* (clamped) */
		answer(n, &m,
		       json_pack("{s:s, s:I}", "type", "read_ok", "value",
		                 (json_int_t)value));
	} else if (strcmp(m.type, "gossip") == 0) {
		on_gossip(n, &m);
	} else if (m.has_msg_id) {
		answer(n, &m,
		       json_pack("{s:s, s:i}", "type", "error", "code", 10));
	}
	mmsg_clear(&m);
}

static uint64_t mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

int ext_node_main(int argc, char **argv)
{
	struct node n = {0};
	uint64_t every_ms = 100, next;
	size_t cap = MMSG_MAX_LINE + 2, len = 0;
	char *buf;

	if (argc == 3 && strcmp(argv[1], "--gossip") == 0) {
		uint64_t us;

		if (value_parse_duration(argv[2], 60000000, &us, NULL, 0) < 0 ||
		    us < 1000) {
			fprintf(stderr,
			        "gcounter maelstrom-node: --gossip takes a "
			        "time from 1ms to 60s\n");
			return 2;
		}
		every_ms = us / 1000;
	} else if (argc != 1) {
		fprintf(stderr,
		        "usage: gcounter maelstrom-node [--gossip TIME]\n");
		return 2;
	}
	buf = malloc(cap);
	if (buf == NULL)
		return 1;
	next = mono_ms() + every_ms;
	for (;;) {
		struct pollfd pfd = {.fd = 0, .events = POLLIN};
		uint64_t now = mono_ms();
		int wait = now >= next ? 0 : (int)(next - now);
		ssize_t got;
		char *nl;

		if (poll(&pfd, 1, wait) < 0 && errno != EINTR)
			break;
		if (mono_ms() >= next) {
			gossip(&n);
			next = mono_ms() + every_ms;
		}
		if (!(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		got = read(0, buf + len, cap - len);
		if (got <= 0)
			break; /* stdin closed: the run is over */
		len += (size_t)got;
		while ((nl = memchr(buf, '\n', len)) != NULL) {
			size_t line = (size_t)(nl - buf);

			on_line(&n, buf, line);
			memmove(buf, nl + 1, len - line - 1);
			len -= line + 1;
		}
		if (len == cap) {
			fprintf(stderr, "dropping a line over %u bytes\n",
			        MMSG_MAX_LINE);
			len = 0;
		}
	}
	free(buf);
	free(n.id);
	if (n.ids != NULL)
		json_decref(n.ids);
	pncounter_free(n.counter);
	pncounter_free(n.scratch);
	return 0;
}
