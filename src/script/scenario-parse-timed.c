/*
 * The scenario parser's timed lines: "at 1.5s inc n2 x3", "after 500ms
 * partition n3", captions, pauses, expectations, reports. Every error
 * says where and what was expected; nothing here reads a file.
 */
#include "script/scenario-parse.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/choices.h"
#include "sim/mode.h"
#include "sim/strategy.h"

/* Words that may start a line, for "did you mean" hints (in this order:
 * a tie goes to the earlier word). */
/* clang-format off */
static const char *const line_words[] = {
    "at", "after", "inc", "gossip", "partition", "heal", "crash", "restart",
    "strategy", "rate", "latency", "drop", "duplicate", "gossip-interval",
    "caption", "pause", "expect", "nodes", "seed", "fanout", "hybrid-changes",
    "reader", "read-rate", "theme", "title", "amnesia", "duration", "end",
    "report", "dec", "crdt", "mode", "view", "wait", "speed", "about",
};

/* --- settings --------------------------------------------------------------
 */

/* Settings that may also change the world later, as commands. */
static const struct {
	enum setting_id setting;
	enum command_kind command;
} also_commands[] = {
    {SETTING_STRATEGY, CMD_SET_STRATEGY},
    {SETTING_MODE, CMD_SET_MODE},
    {SETTING_RATE, CMD_SET_RATE},
    {SETTING_READER, CMD_SET_READER},
    {SETTING_LATENCY, CMD_SET_LATENCY},
    {SETTING_DROP, CMD_SET_DROP},
    {SETTING_DUPLICATE, CMD_SET_DUPLICATE},
    {SETTING_GOSSIP_INTERVAL, CMD_SET_GOSSIP},
};

#define ALSO_COMMANDS (sizeof also_commands / sizeof also_commands[0])

static bool is_also_command(const struct token *t)
{
	const struct setting *setting = sp_setting_named(t);

	for (size_t i = 0; setting != NULL && i < ALSO_COMMANDS; i++)
		if (also_commands[i].setting == settings_id(setting))
			return true;
	return false;
}

/* --- timed lines -------------------------------------------------------------
 */

static struct scenario_item *new_item(struct parser *p, uint64_t time_us)
{
	struct scenario *sc = p->sc;
	struct scenario_item *item;

	if (sc->count == sc->cap_items) {
		size_t cap = sc->cap_items ? sc->cap_items * 2 : 32;
		struct scenario_item *items =
		    realloc(sc->items, cap * sizeof *items);

		if (items == NULL)
			return NULL;
		sc->items = items;
		sc->cap_items = cap;
	}
	item = &sc->items[sc->count++];
	memset(item, 0, sizeof *item);
	item->time_us = time_us;
	item->line = p->lineno;
	return item;
}

/* A command that changes a setting of the running world. */
static int parse_setting_command(struct parser *p, const struct token *word,
                                 struct command *cmd)
{
	const struct setting *setting = sp_setting_named(word);
	struct setting_value value;
	struct sim_config changed = p->sc->config;
	enum setting_id id = settings_id(setting);
	size_t saved = p->pos;
	struct token t = {0};

	for (size_t i = 0; i < ALSO_COMMANDS; i++)
		if (also_commands[i].setting == id)
			cmd->kind = also_commands[i].command;
	/* A PN-Counter goes down by design: a reader would see nothing
	 * going backwards that is not meant to. */
	if (id == SETTING_READER && sp_next(p, &t) &&
	    p->sc->config.crdt == CRDT_PNCOUNTER &&
	    !sp_is(&t, choices_reader_name(READER_NONE)))
		return sp_err(p, t.col,
		            "a reader watches a G-Counter going "
		            "backwards; a PN-Counter goes down by design");
	p->pos = saved;
	if (sp_value(p, setting, SETTING_FROM_COMMAND, &value) != 0)
		return -1;
	settings_store(setting, &value, &changed);
	switch (cmd->kind) {
	case CMD_SET_STRATEGY:
		cmd->strategy = (uint32_t)value.choice;
		break;
	case CMD_SET_MODE:
		cmd->mode = (uint32_t)changed.mode;
		break;
	case CMD_SET_READER:
		cmd->mode = (uint32_t)changed.reader;
		break;
	case CMD_SET_RATE:
		cmd->rate = changed.rate;
		break;
	case CMD_SET_LATENCY:
		cmd->latency = changed.latency;
		break;
	case CMD_SET_DROP:
		cmd->probability = changed.drop;
		break;
	case CMD_SET_DUPLICATE:
		cmd->probability = changed.duplicate;
		break;
	default:
		cmd->min_us = changed.gossip_min_us;
		cmd->max_us = changed.gossip_max_us;
		break;
	}
	return 0;
}

static int parse_command(struct parser *p, const struct token *word,
                         struct command *cmd)
{
	struct token t = {0};
	char shown[64];

	if (sp_is(word, "inc") || sp_is(word, "dec")) {
		cmd->kind =
		    sp_is(word, "inc") ? CMD_INCREMENT : CMD_DECREMENT;
		if (cmd->kind == CMD_DECREMENT &&
		    p->sc->config.crdt != CRDT_PNCOUNTER)
			return sp_err(p, word->col,
			            "dec needs a PN-Counter: add 'crdt "
			            "pncounter' to the settings");
		cmd->amount = 1;
		if (sp_node(p, &cmd->node, false) != 0)
			return -1;
		if (!sp_next(p, &t))
			return 0;
		if (t.text[0] != 'x' || t.len < 2)
			return sp_err(p, t.col,
			            "expected a count like x3, got '%s'",
			            sp_show(&t, shown, sizeof shown));
		t.text++, t.len--, t.col++;
		VALUE(p, &t,
		      value_parse_uint(text, 1, SIM_MAX_INCREMENT, &cmd->amount,
		                       why, whylen));
		return 0;
	}
	if (sp_is(word, "gossip")) {
		cmd->kind = CMD_GOSSIP_NOW;
		return sp_node(p, &cmd->node, false);
	}
	if (sp_is(word, "partition")) {
		cmd->kind = CMD_PARTITION;
		cmd->mode = PARTITION_BOTH;
		if (sp_node(p, &cmd->node, false) != 0)
			return -1;
		if (!sp_next(p, &t))
			return 0;
		if (sp_is(&t, "in"))
			cmd->mode = PARTITION_NO_RECEIVE;
		else if (sp_is(&t, "out"))
			cmd->mode = PARTITION_NO_SEND;
		else if (sp_is(&t, "none")) /* its links mended (a log) */
			cmd->mode = PARTITION_NONE;
		else
			return sp_err(p, t.col,
			            "expected in (cannot receive) or out "
			            "(cannot send), got '%s'",
			            sp_show(&t, shown, sizeof shown));
		return 0;
	}
	if (sp_is(word, "heal")) {
		cmd->kind = CMD_HEAL;
		return 0;
	}
	if (sp_is(word, "crash") || sp_is(word, "restart")) {
		cmd->kind = sp_is(word, "crash") ? CMD_CRASH : CMD_RESTART;
		cmd->mode = p->sc->amnesia ? RESTART_AMNESIA : RESTART_DURABLE;
		if (sp_node(p, &cmd->node, true) != 0)
			return -1;
		if (cmd->kind == CMD_CRASH || cmd->node == SIM_RELAY ||
		    !sp_next(p, &t))
			return 0;
		if (sp_is(&t, "amnesia"))
			cmd->mode = RESTART_AMNESIA;
		else if (sp_is(&t, "durable"))
			cmd->mode = RESTART_DURABLE;
		else if (sp_is(&t, "remote"))
			cmd->mode = RESTART_REMOTE;
		else
			return sp_err(p, t.col,
			            "expected durable or amnesia, got '%s'",
			            sp_show(&t, shown, sizeof shown));
		return 0;
	}
	return parse_setting_command(p, word, cmd);
}

/* "n3 has n1": the node holds every count the other made. */
static int parse_has(struct parser *p, struct expectation *e)
{
	struct token t = {0};
	char shown[64];

	e->kind = EXPECT_HAS;
	if (sp_node(p, &e->node, false) != 0)
		return -1;
	if (sp_expect_word(p, &t, "has (as in: n3 has n1)") != 0)
		return -1;
	if (!sp_is(&t, "has"))
		return sp_err(p, t.col, "expected has (as in: n3 has n1), got '%s'",
		              sp_show(&t, shown, sizeof shown));
	return sp_node(p, &e->other, false);
}

/* What an expect or a wait line asks of the world. */
static int parse_expect(struct parser *p, struct expectation *e)
{
	struct token t = {0};
	char shown[64];
	size_t saved = p->pos;

	if (sp_expect_word(p, &t,
	                 "converged, diverged, value, total, lost, "
	                 "backwards-reads or a node (n3 has n1)") != 0)
		return -1;
	if (t.len >= 2 && t.text[0] == 'n' && t.text[1] >= '0' &&
	    t.text[1] <= '9') {
		p->pos = saved;
		return parse_has(p, e);
	}
	if (sp_is(&t, "converged") || sp_is(&t, "diverged")) {
		e->kind = sp_is(&t, "converged") ? EXPECT_CONVERGED
		                                    : EXPECT_DIVERGED;
		return 0;
	}
	if (sp_is(&t, "value")) {
		e->kind = EXPECT_VALUE;
		if (sp_node(p, &e->node, false) != 0)
			return -1;
	} else if (sp_is(&t, "total")) {
		e->kind = EXPECT_TOTAL;
	} else if (sp_is(&t, "lost")) {
		e->kind = EXPECT_LOST;
	} else if (sp_is(&t, "backwards-reads")) {
		e->kind = EXPECT_BACKWARDS;
	} else {
		return sp_err(p, t.col,
		            "expected converged, diverged, value, total, lost "
		            "or backwards-reads, got '%s'",
		            sp_show(&t, shown, sizeof shown));
	}
	if (sp_compare(p, &e->op) != 0)
		return -1;
	return sp_signed(p, &e->value);
}

/* Live values in a caption ("{value n2}") must name what exists. */
static int check_live(struct parser *p, const char *caption)
{
	char why[160];
	size_t col = 0;

	if (scenario_caption_check(caption, p->sc->config.nodes, &col, why,
	                           sizeof why) == 0)
		return 0;
	return sp_err(p, p->caption_col + col, "%s", why);
}

/* "wait converged", "wait n3 has n1", "wait value n2 == 5 within 10s". */
static int parse_wait(struct parser *p, struct scenario_item *item)
{
	struct token t = {0};
	char shown[64];

	if (parse_expect(p, &item->expect) != 0)
		return -1;
	item->timeout_us = SCENARIO_WAIT_DEFAULT_US;
	if (!sp_next(p, &t))
		return 0;
	if (!sp_is(&t, "within"))
		return sp_err(p, t.col,
		              "expected 'within' and a time (wait converged "
		              "within 10s), got '%s'",
		              sp_show(&t, shown, sizeof shown));
	if (sp_expect_word(p, &t, "a time like 10s") != 0)
		return -1;
	VALUE(p, &t,
	      value_parse_duration(text, SIM_MAX_DURATION_US, &item->timeout_us,
	                           why, whylen));
	if (item->timeout_us == 0)
		return sp_err(p, t.col, "a wait needs a time above 0");
	return 0;
}

/* "speed 0.25": the dashboard's clock from here (1/16 to 64), as --speed. */
static int parse_speed(struct parser *p, double *speed)
{
	const struct setting *setting = settings_get(SETTING_SPEED);
	struct setting_value value;
	struct token t = {0};
	char text[TOKEN_MAX], why[VALUE_ERR_MAX];

	if (sp_expect_word(p, &t, "a speed like 0.5 (1/16 to 64)") != 0 ||
	    sp_token_string(p, &t, text, sizeof text) != 0)
		return -1;
	if (settings_parse(setting, SETTING_FROM_COMMAND_LINE, text, &value,
	                   why, sizeof why) != 0)
		return sp_err(p, t.col, "speed: %s", why);
	if (value.real < 1.0 / 16 - 1e-9)
		return sp_err(p, t.col,
		              "speed: %s is too slow (1/16 to 64: 0.0625 is the "
		              "slowest)",
		              text);
	*speed = value.real;
	return 0;
}

/* "at T" / "after T", and an optional "step N" for exact replays. */
static int parse_time(struct parser *p, const struct token *word,
                      uint64_t *time_us, struct scenario_item *exact)
{
	struct token t = {0};
	uint64_t t_us, at;
	char a[32], b[32];
	size_t saved;

	if (sp_expect_word(p, &t, "a time like 1.5s") != 0)
		return -1;
	VALUE(p, &t,
	      value_parse_duration(text, SIM_MAX_DURATION_US, &t_us, why,
	                           whylen));
	if (p->wait_line != 0 && !sp_is(word, "after"))
		return sp_err(p, word->col,
		              "after a wait (line %u), times count from when it "
		              "ends: use 'after'",
		              (unsigned)p->wait_line);
	if (sp_is(word, "after")) {
		at = p->last_time + t_us;
		if (at > SIM_MAX_DURATION_US)
			return sp_err(p, t.col, "the scenario runs past 24h");
	} else {
		at = t_us;
		if (at < p->last_time) {
			duration_format(at, a, sizeof a);
			duration_format(p->last_time, b, sizeof b);
			return sp_err(
			    p, t.col,
			    "time goes backwards: %s is before %s (line "
			    "%u)",
			    a, b, (unsigned)p->last_time_line);
		}
	}
	*time_us = at;
	saved = p->pos;
	if (sp_next(p, &t) && sp_is(&t, "step")) {
		if (p->wait_line != 0)
			return sp_err(p, t.col,
			              "a saved log's step cannot follow a wait "
			              "(line %u)",
			              (unsigned)p->wait_line);
		exact->exact = true;
		return sp_count(p, UINT64_MAX, &exact->after_events);
	}
	p->pos = saved;
	return 0;
}

int sp_timed(struct parser *p, struct token *word)
{
	struct scenario_item timing = {0}, *item;
	uint64_t time_us = p->last_time;
	char shown[64];
	const char *hint;
	const struct setting *setting;

	if (sp_is(word, "at") || sp_is(word, "after")) {
		if (parse_time(p, word, &time_us, &timing) != 0)
			return -1;
		if (sp_expect_word(p, word, "a command after the time") != 0)
			return -1;
	}
	setting = sp_setting_named(word);
	if (setting != NULL && !is_also_command(word))
		return sp_err(p, word->col,
		            "'%s' is a setting: settings go before the first "
		            "timed line",
		            setting->name);
	if (p->sc->count >= p->max_items)
		return sp_err(p, word->col, "more than %zu timed lines",
		            p->max_items);
	item = new_item(p, time_us);
	if (item == NULL)
		return sp_err(p, word->col, "out of memory");
	item->exact = timing.exact;
	item->after_events = timing.after_events;
	item->after_wait = p->wait_index;
	if (time_us != p->last_time || p->last_time_line == 0)
		p->last_time_line = p->lineno;
	p->last_time = time_us;

	if (sp_is(word, "caption")) {
		item->kind = ITEM_CAPTION;
		while (p->pos < p->len && sp_blank(p->line[p->pos]))
			p->pos++;
		p->caption_col = p->pos + 1;
		if (p->pos < p->len && p->line[p->pos] != '#' &&
		    sp_text(p, item->caption, sizeof item->caption) != 0)
			return -1;
		if (item->caption[0] != '\0' && check_live(p, item->caption) != 0)
			return -1;
	} else if (sp_is(word, "wait")) {
		item->kind = ITEM_WAIT;
		if (parse_wait(p, item) != 0)
			return -1;
		/* Later lines count from when it ends. */
		p->wait_index = (uint32_t)p->sc->count;
		p->wait_line = p->lineno;
		p->last_time = 0;
		p->last_time_line = p->lineno;
	} else if (sp_is(word, "speed")) {
		item->kind = ITEM_SPEED;
		if (parse_speed(p, &item->speed) != 0)
			return -1;
	} else if (sp_is(word, "pause")) {
		item->kind = ITEM_PAUSE;
	} else if (sp_is(word, "end")) {
		item->kind = ITEM_END;
	} else if (sp_is(word, "report")) {
		struct token what = {0};

		item->kind = ITEM_REPORT;
		/* "report table": every report so far, side by side. */
		if (sp_next(p, &what)) {
			if (!sp_is(&what, "table"))
				return sp_err(p, what.col,
				              "unexpected '%s' after report "
				              "(only 'table' may follow)",
				              sp_show(&what, shown, sizeof shown));
			item->report_table = true;
		}
	} else if (sp_is(word, "expect")) {
		item->kind = ITEM_EXPECT;
		if (parse_expect(p, &item->expect) != 0)
			return -1;
	} else if (sp_is(word, "inc") || sp_is(word, "dec") ||
	           sp_is(word, "gossip") || sp_is(word, "partition") ||
	           sp_is(word, "heal") || sp_is(word, "crash") ||
	           sp_is(word, "restart") || is_also_command(word)) {
		item->kind = ITEM_COMMAND;
		if (parse_command(p, word, &item->command) != 0)
			return -1;
	} else {
		char text[TOKEN_MAX];

		hint = NULL;
		if (word->len < sizeof text) {
			memcpy(text, word->text, word->len);
			text[word->len] = '\0';
			hint = value_suggest(text, line_words,
			                     sizeof line_words /
			                         sizeof line_words[0]);
		}
		if (hint != NULL)
			return sp_err(p, word->col,
			            "unknown command '%s' (did you mean '%s'?)",
			            sp_show(word, shown, sizeof shown), hint);
		return sp_err(p, word->col, "unknown command '%s'",
		            sp_show(word, shown, sizeof shown));
	}
	return sp_end(p);
}
