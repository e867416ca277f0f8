/*
 * Fuzzes the scenario parser, which also reads saved command logs. Whatever
 * the bytes: it returns, reads nothing past them, and either refuses with
 * one printable line naming the place ("name:line:col: ...") or gives
 * items whose commands the engine accepts as valid for the scenario's
 * world, and whose formatted text parses back to the same command.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "script/scenario.h"

static void check_error_line(const char *err)
{
	FUZZ_CHECK(strncmp(err, "f.gcs:", 6) == 0, "errors name the file");
	for (size_t i = 0; err[i] != '\0'; i++)
		FUZZ_CHECK((unsigned char)err[i] >= 0x20 &&
		               (unsigned char)err[i] != 0x7f,
		           "the error is one line with no control bytes");
}

/* A command, formatted and parsed again, is the same command. */
static void check_round_trip(const struct scenario *sc,
                             const struct command *cmd)
{
	char line[256], text[320];
	struct scenario again;
	char err[256];
	int rc;

	scenario_format_command(cmd, line, sizeof line);
	/* (amnesia decides what a bare crash or restart means) */
	snprintf(text, sizeof text, "nodes %u\n%s%sat 0s %s\n",
	         (unsigned)sc->config.nodes,
	         sc->config.crdt == CRDT_PNCOUNTER ? "crdt pncounter\n" : "",
	         sc->amnesia ? "amnesia\n" : "", line);
	rc = scenario_parse("again.gcs", text, strlen(text), &again, err,
	                    sizeof err);
	FUZZ_CHECK(rc == 0, "a formatted command parses back");
	FUZZ_CHECK(again.count == 1 &&
	               again.items[0].command.kind == cmd->kind &&
	               again.items[0].command.node == cmd->node &&
	               again.items[0].command.amount == cmd->amount &&
	               again.items[0].command.mode == cmd->mode,
	           "a formatted command parses back to itself");
	scenario_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario sc;
	char err[256];
	struct sim *sim;
	uint64_t last = 0;

	if (scenario_parse("f.gcs", (const char *)data, size, &sc, err,
	                   sizeof err) != 0) {
		check_error_line(err);
		FUZZ_CHECK(sc.items == NULL && sc.count == 0,
		           "a refused file holds nothing to free");
		return 0;
	}
	/* Small worlds only: the point is the parser, not the engine. */
	sc.config.nodes = sc.config.nodes > 64 ? 64 : sc.config.nodes;
	sim = sim_new(&sc.config, err, sizeof err);
	uint32_t wait = 0;

	for (size_t i = 0; i < sc.count; i++) {
		const struct scenario_item *item = &sc.items[i];

		/* After a wait, times count from when it ends. */
		FUZZ_CHECK(item->after_wait >= wait && item->after_wait <= i,
		           "a line counts from a wait before it");
		if (item->after_wait != wait)
			last = 0;
		wait = item->after_wait;
		FUZZ_CHECK(item->time_us >= last, "times never go backwards");
		FUZZ_CHECK(item->time_us <= SIM_MAX_DURATION_US,
		           "times stay within a day");
		last = item->time_us;
		/* A parsed caption's live values always render. */
		if (item->kind == ITEM_CAPTION && sim != NULL) {
			char shown[SCENARIO_MAX_CAPTION + 256];

			scenario_caption_render(item->caption, sim, shown,
			                        sizeof shown);
			FUZZ_CHECK(strlen(shown) < sizeof shown,
			           "a caption renders within its buffer");
		}
		if (item->kind != ITEM_COMMAND)
			continue;
		if (item->command.node != SIM_RELAY)
			FUZZ_CHECK(item->command.node < sc.config.nodes ||
			               item->command.kind == CMD_HEAL,
			           "nodes exist in the scenario's world");
		/* Crashes, restarts and switches of strategy or mode
		 * depend on what ran before them (a node must be up; op
		 * modes need a strategy that reaches every node): the
		 * engine judges those when they run. */
		if (sim != NULL && sc.config.nodes <= 64 &&
		    item->command.kind != CMD_CRASH &&
		    item->command.kind != CMD_RESTART &&
		    item->command.kind != CMD_SET_STRATEGY &&
		    item->command.kind != CMD_SET_MODE)
			FUZZ_CHECK(sim_validate(sim, &item->command, err,
			                        sizeof err) == 0,
			           "the engine accepts every parsed command");
		check_round_trip(&sc, &item->command);
	}
	sim_free(sim);
	scenario_free(&sc);
	return 0;
}
