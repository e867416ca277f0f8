/*
 * The scenario parser. Line by line: settings first, then timed lines
 * ("at 1.5s inc n2 x3", "after 500ms partition n3"). It never trusts the
 * input: lengths are bounded before use, bytes are checked before they are
 * printed, and every error says where and what was expected.
 */
#include "script/scenario.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/settings.h"
#include "script/value.h"
#include "sim/mode.h"
#include "sim/strategy.h"

#define TOKEN_MAX 64 /* longer words are refused, not truncated */

struct token {
	const char *text;
	size_t len;
	size_t col; /* 1-based */
};

struct parser {
	const char *name;
	const char *line;
	size_t len;
	size_t pos;
	uint32_t lineno;
	struct scenario *sc;
	size_t cap;
	size_t max_items;
	bool timeline_started;
	uint64_t last_time;
	uint32_t last_time_line;
	uint32_t setting_line[SETTING_ID_COUNT];
	char *err;
	size_t errlen;
};

/* Words that may start a line, for "did you mean" hints (in this order:
 * a tie goes to the earlier word). */
/* clang-format off */
static const char *const line_words[] = {
    "at", "after", "inc", "gossip", "partition", "heal", "crash", "restart",
    "strategy", "rate", "latency", "drop", "duplicate", "gossip-interval",
    "caption", "pause", "expect", "nodes", "seed", "fanout", "hybrid-changes",
    "reader", "read-rate", "theme", "title", "amnesia", "duration", "end",
    "report", "dec", "crdt", "mode", "view",
};
/* clang-format on */

/* --- errors ----------------------------------------------------------------
 */

static int perr(struct parser *p, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int perr(struct parser *p, size_t col, const char *fmt, ...)
{
	char message[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (p->errlen > 0)
		snprintf(p->err, p->errlen, "%s:%" PRIu32 ":%zu: %s", p->name,
		         p->lineno, col, message);
	return -1;
}

/* A token as printable text for messages. */
static const char *show(const struct token *t, char *buf, size_t cap)
{
	return value_printable(t->text, t->len, buf, cap);
}

/* --- tokens ----------------------------------------------------------------
 */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next word, or false at the end of the line or a comment. */
static bool next_token(struct parser *p, struct token *t)
{
	while (p->pos < p->len && is_blank(p->line[p->pos]))
		p->pos++;
	if (p->pos >= p->len || p->line[p->pos] == '#')
		return false;
	t->text = p->line + p->pos;
	t->col = p->pos + 1;
	while (p->pos < p->len && !is_blank(p->line[p->pos]))
		p->pos++;
	t->len = (size_t)(p->line + p->pos - t->text);
	return true;
}

static bool token_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && memcmp(t->text, word, t->len) == 0;
}

/* Copies a token into a NUL-terminated buffer for the value parsers. */
static int token_string(struct parser *p, const struct token *t, char *buf,
                        size_t cap)
{
	char shown[64];

	if (t->len >= cap)
		return perr(p, t->col, "'%s' is too long",
		            show(t, shown, sizeof shown));
	memcpy(buf, t->text, t->len);
	buf[t->len] = '\0';
	return 0;
}

/* Requires one more word; `what` says what was expected. */
static int expect_token(struct parser *p, struct token *t, const char *what)
{
	if (next_token(p, t))
		return 0;
	return perr(p, p->pos + 1, "expected %s", what);
}

static int end_of_line(struct parser *p)
{
	struct token t = {0};
	char shown[64];

	if (!next_token(p, &t))
		return 0;
	return perr(p, t.col, "unexpected '%s' at the end of the line",
	            show(&t, shown, sizeof shown));
}

/* Runs a script/value parser over a token; its message gets our place. */
#define VALUE(p, t, call)                                                      \
	do {                                                                   \
		char text_[TOKEN_MAX], why_[VALUE_ERR_MAX];                    \
		const char *text = text_;                                      \
		char *why = why_;                                              \
		size_t whylen = sizeof why_;                                   \
		if (token_string((p), (t), text_, sizeof text_) != 0)          \
			return -1;                                             \
		if ((call) != 0)                                               \
			return perr((p), (t)->col, "%s", why_);                \
		(void)text;                                                    \
		(void)why;                                                     \
		(void)whylen;                                                  \
	} while (0)

/* --- pieces of lines -------------------------------------------------------
 */

/* "n3" (1 to the world's nodes), or "relay" when allowed. */
static int parse_node(struct parser *p, uint32_t *node, bool relay_ok)
{
	struct token t = {0};
	char shown[64], digits[TOKEN_MAX];
	uint64_t number;
	uint32_t nodes = p->sc->config.nodes;

	if (expect_token(p, &t,
	                 relay_ok ? "a node (n1, n2, ...) or relay"
	                          : "a node (n1, n2, ...)") != 0)
		return -1;
	if (relay_ok && token_is(&t, "relay")) {
		*node = SIM_RELAY;
		return 0;
	}
	if (t.len < 2 || t.text[0] != 'n' || t.len - 1 >= sizeof digits)
		return perr(p, t.col, "expected a node like n1%s, got '%s'",
		            relay_ok ? " or relay" : "",
		            show(&t, shown, sizeof shown));
	memcpy(digits, t.text + 1, t.len - 1);
	digits[t.len - 1] = '\0';
	if (value_parse_uint(digits, 1, UINT32_MAX, &number, NULL, 0) != 0)
		return perr(p, t.col, "expected a node like n1, got '%s'",
		            show(&t, shown, sizeof shown));
	if (number > nodes)
		return perr(p, t.col,
		            "no node n%" PRIu64 " (this scenario has "
		            "%" PRIu32 " nodes)",
		            number, nodes);
	*node = (uint32_t)number - 1;
	return 0;
}

/*
 * The value of a setting, from its line or a timed line that changes it:
 * one word, read by the settings table's parser so that it means what it
 * means on the command line.
 */
static int parse_value(struct parser *p, const struct setting *setting,
                       enum setting_source from, struct setting_value *value)
{
	struct token t = {0};
	char text[TOKEN_MAX], why[VALUE_ERR_MAX];

	if (expect_token(p, &t, setting->what ? setting->what : "a value") !=
	        0 ||
	    token_string(p, &t, text, sizeof text) != 0)
		return -1;
	if (settings_parse(setting, from, text, value, why, sizeof why) != 0)
		return perr(p, t.col, "%s", why);
	return 0;
}

/* Validates UTF-8: no overlongs, no surrogates, nothing past U+10FFFF. */
static size_t utf8_length(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4, cp = c & 0x07;
	else
		return 0;
	if (len < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

/* -1 (with the error) if the character at p->pos may not be in text:
 * valid UTF-8 that would drive the terminal (value_text_forbidden). */
static int check_char(struct parser *p, const unsigned char *s, size_t step)
{
	uint32_t cp;
	const char *what = value_text_forbidden(s, step, &cp);

	if (what != NULL)
		return perr(p, p->pos + 1, "%s U+%04X in text", what,
		            (unsigned)cp);
	return 0;
}

/* A double-quoted string with \" and \\ escapes, into buf. */
static int parse_string(struct parser *p, char *buf, size_t cap)
{
	size_t n = 0, start;

	while (p->pos < p->len && is_blank(p->line[p->pos]))
		p->pos++;
	if (p->pos >= p->len || p->line[p->pos] != '"')
		return perr(p, p->pos + 1, "expected text in double quotes");
	start = p->pos + 1;
	p->pos++;
	for (;;) {
		const unsigned char *s;
		size_t step;

		if (p->pos >= p->len)
			return perr(p, start, "unterminated text: add a '\"'");
		s = (const unsigned char *)p->line + p->pos;
		if (s[0] == '"') {
			p->pos++;
			break;
		}
		if (s[0] == '\\') {
			if (p->pos + 1 >= p->len ||
			    (s[1] != '"' && s[1] != '\\'))
				return perr(
				    p, p->pos + 1,
				    "unknown escape (use \\\" or \\\\)");
			p->pos++;
			s++;
		}
		step = utf8_length(s, p->len - p->pos);
		if (step == 0)
			return perr(p, p->pos + 1, "invalid UTF-8 in text");
		if (check_char(p, s, step) != 0)
			return -1;
		if (n + step > cap - 1)
			return perr(p, start, "text longer than %u bytes",
			            (unsigned)(cap - 1));
		memcpy(buf + n, s, step);
		n += step;
		p->pos += step;
	}
	buf[n] = '\0';
	return 0;
}

static int parse_compare(struct parser *p, enum compare_op *op)
{
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
	struct token t = {0};
	char shown[64];

	if (expect_token(p, &t, "a comparison (==, !=, <, <=, >, >=)") != 0)
		return -1;
	for (size_t i = 0; i < 6; i++) {
		if (token_is(&t, ops[i])) {
			*op = (enum compare_op)i;
			return 0;
		}
	}
	return perr(p, t.col,
	            "expected a comparison (==, !=, <, <=, >, >=), got '%s'",
	            show(&t, shown, sizeof shown));
}

static int parse_count(struct parser *p, uint64_t max, uint64_t *out)
{
	struct token t = {0};

	if (expect_token(p, &t, "a number") != 0)
		return -1;
	VALUE(p, &t, value_parse_uint(text, 0, max, out, why, whylen));
	return 0;
}

/* A whole number that may be negative: "-3", "12". */
static int parse_signed(struct parser *p, int64_t *out)
{
	struct token t = {0};
	uint64_t magnitude;
	bool negative;

	if (expect_token(p, &t, "a number") != 0)
		return -1;
	negative = t.text[0] == '-';
	if (negative) {
		t.text++;
		t.len--;
		t.col++;
	}
	VALUE(p, &t,
	      value_parse_uint(text, 0, (uint64_t)INT64_MAX, &magnitude, why,
	                       whylen));
	*out = negative ? -(int64_t)magnitude : (int64_t)magnitude;
	return 0;
}

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

/* The scenario setting a word names, or NULL. */
static const struct setting *setting_named(const struct token *t)
{
	char word[TOKEN_MAX];
	const struct setting *setting;

	if (t->len >= sizeof word)
		return NULL;
	memcpy(word, t->text, t->len);
	word[t->len] = '\0';
	setting = settings_find(word);
	return setting != NULL && setting->in_file ? setting : NULL;
}

static bool is_also_command(const struct token *t)
{
	const struct setting *setting = setting_named(t);

	for (size_t i = 0; setting != NULL && i < ALSO_COMMANDS; i++)
		if (also_commands[i].setting == settings_id(setting))
			return true;
	return false;
}

static int parse_setting(struct parser *p, const struct token *word,
                         const struct setting *setting)
{
	struct sim_config *c = &p->sc->config;
	enum setting_id id = settings_id(setting);
	uint32_t bit = 1u << id;
	struct setting_value value;

	if (p->sc->settings & bit)
		return perr(p, word->col, "%s is set twice (first on line %u)",
		            setting->name, (unsigned)p->setting_line[id]);
	p->sc->settings |= bit;
	p->setting_line[id] = p->lineno;
	if (id == SETTING_AMNESIA) {
		p->sc->amnesia = true;
		return end_of_line(p);
	}
	if (id == SETTING_TITLE) {
		if (parse_string(p, p->sc->title, sizeof p->sc->title) != 0)
			return -1;
		return end_of_line(p);
	}
	if (parse_value(p, setting, SETTING_FROM_FILE, &value) != 0)
		return -1;
	settings_store(setting, &value, c);
	/* A reader reads at the default rate unless a read-rate line says
	 * otherwise, before or after it (a rate is never 0 once given), as
	 * --reader does. */
	if (id == SETTING_READER && c->read_rate == 0)
		c->read_rate = SIM_DEFAULT_READ_RATE;
	if (id == SETTING_THEME)
		snprintf(p->sc->theme, sizeof p->sc->theme, "%s",
		         choices_themes.word(value.choice));
	if (id == SETTING_VIEW)
		snprintf(p->sc->view, sizeof p->sc->view, "%s",
		         choices_views.word(value.choice));
	return end_of_line(p);
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
	const struct setting *setting = setting_named(word);
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
	if (id == SETTING_READER && next_token(p, &t) &&
	    p->sc->config.crdt == CRDT_PNCOUNTER &&
	    !token_is(&t, choices_reader_name(READER_NONE)))
		return perr(p, t.col,
		            "a reader watches a G-Counter going "
		            "backwards; a PN-Counter goes down by design");
	p->pos = saved;
	if (parse_value(p, setting, SETTING_FROM_COMMAND, &value) != 0)
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

	if (token_is(word, "inc") || token_is(word, "dec")) {
		cmd->kind =
		    token_is(word, "inc") ? CMD_INCREMENT : CMD_DECREMENT;
		if (cmd->kind == CMD_DECREMENT &&
		    p->sc->config.crdt != CRDT_PNCOUNTER)
			return perr(p, word->col,
			            "dec needs a PN-Counter: add 'crdt "
			            "pncounter' to the settings");
		cmd->amount = 1;
		if (parse_node(p, &cmd->node, false) != 0)
			return -1;
		if (!next_token(p, &t))
			return 0;
		if (t.text[0] != 'x' || t.len < 2)
			return perr(p, t.col,
			            "expected a count like x3, got '%s'",
			            show(&t, shown, sizeof shown));
		t.text++, t.len--, t.col++;
		VALUE(p, &t,
		      value_parse_uint(text, 1, SIM_MAX_INCREMENT, &cmd->amount,
		                       why, whylen));
		return 0;
	}
	if (token_is(word, "gossip")) {
		cmd->kind = CMD_GOSSIP_NOW;
		return parse_node(p, &cmd->node, false);
	}
	if (token_is(word, "partition")) {
		cmd->kind = CMD_PARTITION;
		cmd->mode = PARTITION_BOTH;
		if (parse_node(p, &cmd->node, false) != 0)
			return -1;
		if (!next_token(p, &t))
			return 0;
		if (token_is(&t, "in"))
			cmd->mode = PARTITION_NO_RECEIVE;
		else if (token_is(&t, "out"))
			cmd->mode = PARTITION_NO_SEND;
		else
			return perr(p, t.col,
			            "expected in (cannot receive) or out "
			            "(cannot send), got '%s'",
			            show(&t, shown, sizeof shown));
		return 0;
	}
	if (token_is(word, "heal")) {
		cmd->kind = CMD_HEAL;
		return 0;
	}
	if (token_is(word, "crash") || token_is(word, "restart")) {
		cmd->kind = token_is(word, "crash") ? CMD_CRASH : CMD_RESTART;
		cmd->mode = p->sc->amnesia ? RESTART_AMNESIA : RESTART_DURABLE;
		if (parse_node(p, &cmd->node, true) != 0)
			return -1;
		if (cmd->kind == CMD_CRASH || cmd->node == SIM_RELAY ||
		    !next_token(p, &t))
			return 0;
		if (token_is(&t, "amnesia"))
			cmd->mode = RESTART_AMNESIA;
		else if (token_is(&t, "durable"))
			cmd->mode = RESTART_DURABLE;
		else if (token_is(&t, "remote"))
			cmd->mode = RESTART_REMOTE;
		else
			return perr(p, t.col,
			            "expected durable or amnesia, got '%s'",
			            show(&t, shown, sizeof shown));
		return 0;
	}
	return parse_setting_command(p, word, cmd);
}

static int parse_expect(struct parser *p, struct expectation *e)
{
	struct token t = {0};
	char shown[64];

	if (expect_token(p, &t,
	                 "converged, diverged, value, total, lost or "
	                 "backwards-reads") != 0)
		return -1;
	if (token_is(&t, "converged") || token_is(&t, "diverged")) {
		e->kind = token_is(&t, "converged") ? EXPECT_CONVERGED
		                                    : EXPECT_DIVERGED;
		return 0;
	}
	if (token_is(&t, "value")) {
		e->kind = EXPECT_VALUE;
		if (parse_node(p, &e->node, false) != 0)
			return -1;
	} else if (token_is(&t, "total")) {
		e->kind = EXPECT_TOTAL;
	} else if (token_is(&t, "lost")) {
		e->kind = EXPECT_LOST;
	} else if (token_is(&t, "backwards-reads")) {
		e->kind = EXPECT_BACKWARDS;
	} else {
		return perr(p, t.col,
		            "expected converged, diverged, value, total, lost "
		            "or backwards-reads, got '%s'",
		            show(&t, shown, sizeof shown));
	}
	if (parse_compare(p, &e->op) != 0)
		return -1;
	return parse_signed(p, &e->value);
}

/* "at T" / "after T", and an optional "step N" for exact replays. */
static int parse_time(struct parser *p, const struct token *word,
                      uint64_t *time_us, struct scenario_item *exact)
{
	struct token t = {0};
	uint64_t t_us, at;
	char a[32], b[32];
	size_t saved;

	if (expect_token(p, &t, "a time like 1.5s") != 0)
		return -1;
	VALUE(p, &t,
	      value_parse_duration(text, SIM_MAX_DURATION_US, &t_us, why,
	                           whylen));
	if (token_is(word, "after")) {
		at = p->last_time + t_us;
		if (at > SIM_MAX_DURATION_US)
			return perr(p, t.col, "the scenario runs past 24h");
	} else {
		at = t_us;
		if (at < p->last_time) {
			duration_format(at, a, sizeof a);
			duration_format(p->last_time, b, sizeof b);
			return perr(
			    p, t.col,
			    "time goes backwards: %s is before %s (line "
			    "%u)",
			    a, b, (unsigned)p->last_time_line);
		}
	}
	*time_us = at;
	saved = p->pos;
	if (next_token(p, &t) && token_is(&t, "step")) {
		exact->exact = true;
		return parse_count(p, UINT64_MAX, &exact->after_events);
	}
	p->pos = saved;
	return 0;
}

static int parse_timed(struct parser *p, struct token *word)
{
	struct scenario_item timing = {0}, *item;
	uint64_t time_us = p->last_time;
	char shown[64];
	const char *hint;
	const struct setting *setting;

	if (token_is(word, "at") || token_is(word, "after")) {
		if (parse_time(p, word, &time_us, &timing) != 0)
			return -1;
		if (expect_token(p, word, "a command after the time") != 0)
			return -1;
	}
	setting = setting_named(word);
	if (setting != NULL && !is_also_command(word))
		return perr(p, word->col,
		            "'%s' is a setting: settings go before the first "
		            "timed line",
		            setting->name);
	if (p->sc->count >= p->max_items)
		return perr(p, word->col, "more than %zu timed lines",
		            p->max_items);
	item = new_item(p, time_us);
	if (item == NULL)
		return perr(p, word->col, "out of memory");
	item->exact = timing.exact;
	item->after_events = timing.after_events;
	if (time_us != p->last_time || p->last_time_line == 0)
		p->last_time_line = p->lineno;
	p->last_time = time_us;

	if (token_is(word, "caption")) {
		item->kind = ITEM_CAPTION;
		while (p->pos < p->len && is_blank(p->line[p->pos]))
			p->pos++;
		if (p->pos < p->len && p->line[p->pos] != '#' &&
		    parse_string(p, item->caption, sizeof item->caption) != 0)
			return -1;
	} else if (token_is(word, "pause")) {
		item->kind = ITEM_PAUSE;
	} else if (token_is(word, "end")) {
		item->kind = ITEM_END;
	} else if (token_is(word, "report")) {
		item->kind = ITEM_REPORT;
	} else if (token_is(word, "expect")) {
		item->kind = ITEM_EXPECT;
		if (parse_expect(p, &item->expect) != 0)
			return -1;
	} else if (token_is(word, "inc") || token_is(word, "dec") ||
	           token_is(word, "gossip") || token_is(word, "partition") ||
	           token_is(word, "heal") || token_is(word, "crash") ||
	           token_is(word, "restart") || is_also_command(word)) {
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
			return perr(p, word->col,
			            "unknown command '%s' (did you mean '%s'?)",
			            show(word, shown, sizeof shown), hint);
		return perr(p, word->col, "unknown command '%s'",
		            show(word, shown, sizeof shown));
	}
	return end_of_line(p);
}

/* --- lines and files
 * ----------------------------------------------------------- */

/* Bytes a line may not hold outside quotes: controls and, outside captions,
 * anything but ASCII (checked per caption by parse_string). */
static int check_bytes(struct parser *p)
{
	bool quoted = false;

	for (size_t i = 0; i < p->len; i++) {
		unsigned char c = (unsigned char)p->line[i];

		if (c == '\0')
			return perr(p, i + 1,
			            "a NUL byte: is this a binary "
			            "file?");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return perr(p, i + 1, "control character 0x%02x", c);
		if (c == '"' && (i == 0 || p->line[i - 1] != '\\'))
			quoted = !quoted;
		if (c == '#' && !quoted)
			return 0; /* a comment may say anything printable */
		if (c >= 0x80 && !quoted)
			return perr(p, i + 1,
			            "non-ASCII text outside double quotes");
	}
	return 0;
}

static int parse_line(struct parser *p)
{
	struct token word = {0};
	const struct setting *setting;

	if (p->len > SCENARIO_MAX_LINE)
		return perr(p, SCENARIO_MAX_LINE + 1,
		            "line longer than %d bytes", SCENARIO_MAX_LINE);
	if (check_bytes(p) != 0)
		return -1;
	if (!next_token(p, &word))
		return 0;
	setting = setting_named(&word);
	if (!p->timeline_started && setting != NULL)
		return parse_setting(p, &word, setting);
	p->timeline_started = true;
	return parse_timed(p, &word);
}

static int check_settings(struct parser *p);

int scenario_parse(const char *name, const char *text, size_t len,
                   struct scenario *out, char *err, size_t errlen)
{
	return scenario_parse_within(name, text, len, NULL, out, err, errlen);
}

int scenario_parse_within(const char *name, const char *text, size_t len,
                          const struct scenario_limits *limits,
                          struct scenario *out, char *err, size_t errlen)
{
	static const struct scenario_limits written = {
	    .bytes = SCENARIO_MAX_BYTES, .items = SCENARIO_MAX_ITEMS};
	struct parser p = {
	    .name = name, .sc = out, .err = err, .errlen = errlen};
	size_t start = 0;

	if (limits == NULL)
		limits = &written;
	p.max_items = limits->items;
	memset(out, 0, sizeof *out);
	sim_config_defaults(&out->config);
	if (errlen > 0)
		err[0] = '\0';
	if (len > limits->bytes) {
		p.lineno = 1;
		perr(&p, 1, "file larger than %zu bytes", limits->bytes);
		return -1;
	}
	/* A byte-order mark, as some editors write, is not part of line 1. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;

		p.line = text + start;
		p.len = end - start;
		if (p.len > 0 && p.line[p.len - 1] == '\r')
			p.len--; /* CRLF files from other editors */
		p.pos = 0;
		p.lineno++;
		if (parse_line(&p) != 0) {
			scenario_free(out);
			return -1;
		}
		start = end + 1;
	}
	return check_settings(&p);
}

/* Settings that are fine alone but not together (their order is free,
 * so this waits for the end of the file): settings_check_combined, with
 * the line of the setting to blame. */
static int check_settings(struct parser *p)
{
	enum setting_id culprit;
	char why[256];

	if (settings_check_combined(&p->sc->config, p->sc->amnesia,
	                            SETTING_FROM_FILE, &culprit, why,
	                            sizeof why) == 0)
		return 0;
	p->lineno = p->setting_line[culprit];
	perr(p, 1, "%s", why);
	scenario_free(p->sc);
	return -1;
}

void scenario_free(struct scenario *scenario)
{
	free(scenario->items);
	scenario->items = NULL;
	scenario->count = 0;
	scenario->cap_items = 0;
}
