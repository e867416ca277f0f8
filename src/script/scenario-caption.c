/*
 * A caption's live values: "{value n2}" and "{truth}" are read from the
 * world each time the caption is shown, so a sentence stays true when the
 * presenter adds an increment. Checked once when the file is parsed, so
 * drawing never meets a bad one; never writes past its buffer.
 */
#include "script/scenario.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "script/value.h"

enum live_kind { LIVE_VALUE, LIVE_TRUTH, LIVE_LOST };

/* The names a placeholder may take, and whether it names a node. */
static const struct {
	const char *name;
	enum live_kind kind;
	bool node;
} live_names[] = {
    {.name = "value", .kind = LIVE_VALUE, .node = true},
    {.name = "truth", .kind = LIVE_TRUTH},
    {.name = "lost", .kind = LIVE_LOST},
};
#define LIVE_NAMES (sizeof live_names / sizeof live_names[0])

struct live {
	enum live_kind kind;
	uint64_t node; /* 1-based, as written */
};

/* Reads "{...}" at text (text[0] == '{'): its length with the braces,
 * or 0 and why. */
static size_t read_live(const char *text, struct live *out, char *why,
                        size_t whylen)
{
	const char *close = strchr(text, '}');
	char inner[48], *arg;
	size_t len;

	if (close == NULL) {
		snprintf(why, whylen, "'{' without '}' (write {{ for a brace)");
		return 0;
	}
	len = (size_t)(close - text) - 1;
	if (len == 0 || len >= sizeof inner) {
		snprintf(why, whylen,
		         "expected {value n1}, {truth} or {lost} in the "
		         "caption");
		return 0;
	}
	memcpy(inner, text + 1, len);
	inner[len] = '\0';
	arg = strchr(inner, ' ');
	if (arg != NULL)
		*arg++ = '\0';
	for (size_t i = 0; i < LIVE_NAMES; i++) {
		if (strcmp(inner, live_names[i].name) != 0)
			continue;
		out->kind = live_names[i].kind;
		if (!live_names[i].node && arg == NULL)
			return len + 2;
		if (live_names[i].node && arg != NULL && arg[0] == 'n' &&
		    value_parse_uint(arg + 1, 1, UINT32_MAX, &out->node, NULL,
		                     0) == 0)
			return len + 2;
		snprintf(why, whylen, "{%s} takes %s", live_names[i].name,
		         live_names[i].node ? "a node: {value n1}"
		                            : "nothing more");
		return 0;
	}
	/* As written: inner is cut at its first space ("{ value n1 }"
	 * would read as '{}'). */
	snprintf(why, whylen,
	         "unknown live value '%.*s' (expected {value n1}, {truth} "
	         "or {lost})",
	         (int)len + 2, text);
	return 0;
}

int scenario_caption_check(const char *text, uint32_t nodes, size_t *col,
                           char *why, size_t whylen)
{
	for (size_t i = 0; text[i] != '\0'; i++) {
		struct live live;
		size_t len;

		if ((text[i] == '{' && text[i + 1] == '{') ||
		    (text[i] == '}' && text[i + 1] == '}')) {
			i++;
			continue;
		}
		if (text[i] == '}') {
			*col = i + 1;
			snprintf(why, whylen,
			         "'}' without '{' (write }} for a brace)");
			return -1;
		}
		if (text[i] != '{')
			continue;
		len = read_live(text + i, &live, why, whylen);
		if (len == 0) {
			*col = i + 1;
			return -1;
		}
		if (live.kind == LIVE_VALUE && live.node > nodes) {
			*col = i + 1;
			snprintf(why, whylen,
			         "no node n%" PRIu64 " (this scenario has "
			         "%" PRIu32 " nodes)",
			         live.node, nodes);
			return -1;
		}
		i += len - 1;
	}
	return 0;
}

bool scenario_caption_live(const char *text)
{
	return strchr(text, '{') != NULL || strchr(text, '}') != NULL;
}

size_t scenario_caption_render(const char *text, const struct sim *sim,
                               char *buf, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return 0;
	for (size_t i = 0; text[i] != '\0' && n + 1 < cap; i++) {
		struct live live;
		char value[32], why[8];
		size_t len, vlen;

		if ((text[i] == '{' || text[i] == '}') &&
		    text[i + 1] == text[i]) {
			buf[n++] = text[i++];
			continue;
		}
		if (text[i] != '{' ||
		    (len = read_live(text + i, &live, why, sizeof why)) == 0) {
			buf[n++] = text[i];
			continue;
		}
		if (live.kind == LIVE_VALUE && live.node <= sim_node_count(sim))
			snprintf(value, sizeof value, "%" PRId64,
			         sim_node_signed_value(
			             sim, (uint32_t)live.node - 1));
		else if (live.kind == LIVE_TRUTH)
			snprintf(value, sizeof value, "%" PRId64,
			         sim_true_value(sim));
		else if (live.kind == LIVE_LOST)
			snprintf(value, sizeof value, "%" PRIu64,
			         sim_lost_increments(sim));
		else
			snprintf(value, sizeof value, "?");
		vlen = strlen(value);
		if (n + vlen >= cap)
			break;
		memcpy(buf + n, value, vlen);
		n += vlen;
		i += len - 1;
	}
	buf[n] = '\0';
	return n;
}
