/*
 * Fuzzes the commands of real nodes: every line of the input is a line a
 * node printed (node = line number mod 3), parsed by mmsg and applied to a
 * small world between a few of its events, except a line that starts with
 * '!': its next bytes are a presenter's fault key, a seat changing hands,
 * an add or a program's exit, any node and value (out of range too). The
 * world keeps its last seat for a student (--wait-joins 1). Beyond never
 * crashing: what parses has its fields, a counter is 0, n or 2n slots, an
 * abbreviation fits its buffer, a refused command leaves no trace in the
 * log, the world always reaches its check in a bounded number of events,
 * a seat nobody took is never a failure, and replaying its log gives the
 * same verdict (the world is a function of its commands).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"

#define NODES 3
/* Far more than any input of 8 KiB can make the world run: a loop. */
#define MAX_EVENTS 2000000

/* "!KNAB...": kind K, node N (one past the last too), values A and B. */
static struct mcmd command_of(const uint8_t *p, size_t len)
{
	uint8_t k = len > 1 ? p[1] : 0, n = len > 2 ? p[2] : 0;
	uint8_t a = len > 3 ? p[3] : 0, b = len > 4 ? p[4] : 0;
	struct mcmd cmd = {.node = n % (NODES + 1)};

	switch (k % 4) {
	case 0:
		cmd.kind = MCMD_NET;
		cmd.net = (enum mnet_kind)(a % (MNET_KIND_COUNT + 1));
		cmd.prob = b / 200.0; /* past 1 sometimes: refused */
		cmd.latency_us = (uint64_t)b * 10000;
		cmd.jitter_us = (uint64_t)a * 5000;
		cmd.mode = (enum sim_partition)(b % 5);
		break;
	case 1:
		cmd.kind = MCMD_SEAT;
		cmd.status = a & 1;
		break;
	case 2:
		cmd.kind = MCMD_ADD;
		cmd.delta = (int8_t)a; /* 0 and below: refused in g-counter */
		break;
	default:
		cmd.kind = MCMD_EXIT;
		cmd.status = a < 128 ? a << 8 : a & 0x7f; /* exit or signal */
		break;
	}
	return cmd;
}

static void check_message(const char *line, size_t len)
{
	struct mmsg m;
	uint64_t counts[2 * NODES];
	char shown[40];

	if (mmsg_parse(line, len, &m, NULL, 0) < 0) {
		FUZZ_CHECK(m.root == NULL, "a refused line leaves nothing");
		return;
	}
	FUZZ_CHECK(m.src != NULL && m.dest != NULL && m.type != NULL,
	           "a parsed message has src, dest and type");
	uint32_t slots = mmsg_counter(m.body, NODES, counts);

	FUZZ_CHECK(slots == 0 || slots == NODES || slots == 2 * NODES,
	           "a counter is one or two vectors");
	mmsg_abbrev(m.body, shown, sizeof shown);
	FUZZ_CHECK(strlen(shown) < sizeof shown, "an abbreviation fits");
	mmsg_clear(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mworld_config c;
	struct mworld *w, *again;
	struct mworld_verdict a, b;
	const struct mcmd *log;
	size_t count, start = 0;
	uint32_t node = 0;

	mworld_config_defaults(&c);
	c.nodes = NODES;
	c.rate = 100;
	c.read_every_us = 20000;
	c.duration_us = 200000;
	c.settle_us = 50000;
	c.answer_us = 10000;
	c.drop = 0.1;
	c.duplicate = 0.1;
	c.waiting_seats = 1;
	w = mworld_new(&c, NULL, NULL, NULL, 0);
	FUZZ_CHECK(w != NULL, "the config is good");
	for (size_t i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		struct mcmd cmd = {.kind = MCMD_OUT,
		                   .node = node,
		                   .line = (char *)(uintptr_t)(data + start),
		                   .len = i - start};

		for (int k = 0; k < 3; k++)
			mworld_step(w);
		if (cmd.len > 0 && data[start] == '!') {
			size_t before, after;

			cmd = command_of(data + start, i - start);
			mworld_log(w, &before);
			if (mworld_apply(w, &cmd, NULL, 0) < 0) {
				mworld_log(w, &after);
				FUZZ_CHECK(after == before,
				           "a refused command is not logged");
			}
		} else {
			check_message(cmd.line, cmd.len);
			FUZZ_CHECK(mworld_apply(w, &cmd, NULL, 0) == 0,
			           "any line is a command");
		}
		node = (node + 1) % NODES;
		start = i + 1;
	}
	for (uint64_t k = 0; k < MAX_EVENTS && mworld_step(w); k++)
		;
	FUZZ_CHECK(mworld_done(w), "the world reaches its check");
	mworld_verdict(w, &a);
	for (uint32_t i = 0; i < NODES; i++) {
		struct mworld_node_view n;

		mworld_node(w, i, &n);
		FUZZ_CHECK(!n.vacant || (n.valid && i == NODES - 1),
		           "only the kept seat may be empty, and it passes");
	}
	again = mworld_new(&c, NULL, NULL, NULL, 0);
	log = mworld_log(w, &count);
	for (size_t i = 0; i < count; i++)
		FUZZ_CHECK(mworld_replay(again, &log[i], NULL, 0) == 0,
		           "the log replays");
	mworld_finish(again);
	mworld_verdict(again, &b);
	FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0, "a replay gives the verdict");
	mworld_free(again);
	mworld_free(w);
	return 0;
}
