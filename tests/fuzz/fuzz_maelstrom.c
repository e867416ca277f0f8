/*
 * Fuzzes the message path of real nodes: every line of the input is a line
 * a node printed (node = line number mod 3), parsed by mmsg and applied to
 * a small world between a few of its events. Beyond never crashing: what
 * parses has its fields, a counter is 0, n or 2n slots, an abbreviation
 * fits its buffer, the world always reaches its check, and replaying its
 * log gives the same verdict (the world is a function of its commands).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"

#define NODES 3

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
	w = mworld_new(&c, NULL, NULL, NULL, 0);
	FUZZ_CHECK(w != NULL, "the config is good");
	for (size_t i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		struct mcmd cmd = {.kind = MCMD_OUT,
		                   .node = node,
		                   .line = (char *)(uintptr_t)(data + start),
		                   .len = i - start};

		check_message(cmd.line, cmd.len);
		for (int k = 0; k < 3; k++)
			mworld_step(w);
		FUZZ_CHECK(mworld_apply(w, &cmd, NULL, 0) == 0,
		           "any line is a command");
		node = (node + 1) % NODES;
		start = i + 1;
	}
	mworld_finish(w);
	FUZZ_CHECK(mworld_done(w), "the world reaches its check");
	mworld_verdict(w, &a);
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
