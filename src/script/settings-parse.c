/*
 * Reading and writing the settings' values: the one parser the command
 * line, scenario files and saved logs call, where a value lands in the
 * config, its words back for a saved log, the help text with its
 * placeholders filled, the defaults, and the check of settings that are
 * fine alone but not together. The table itself is script/settings.c.
 * Never prints, never allocates.
 */
#include "script/settings.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "script/choices.h"
#include "script/value.h"
#include "sim/strategy.h"
#include "sim/mode.h"

/* The most candidates a "did you mean" hint looks through. */
#define SUGGEST_MAX 32

/* --- parsing -----------------------------------------------------------------
 */

/* "a, b, c or d" */
static void list_words(const struct setting *s, size_t count, char *buf,
                       size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < count && used < cap; i++) {
		int w = snprintf(buf + used, cap - used, "%s%s",
		                 i == 0           ? ""
		                 : i + 1 == count ? " or "
		                                  : ", ",
		                 s->choices->word(i));

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static int parse_choice(const struct setting *s, enum setting_source from,
                        const char *text, size_t *out, char *why, size_t whylen)
{
	const struct setting_refusal *refusal = &s->refusal[from];
	size_t count = s->choices->count();
	const char *names[SUGGEST_MAX];
	const char *hint = NULL;
	char list[160], quoted[64];

	for (size_t i = 0; i < count; i++) {
		if (strcmp(text, s->choices->word(i)) == 0) {
			*out = i;
			return 0;
		}
		if (i < SUGGEST_MAX)
			names[i] = s->choices->word(i);
	}
	list_words(s, count, list, sizeof list);
	if (refusal->style == SETTING_REFUSE_EXPECTED) {
		snprintf(why, whylen, "expected %s", list);
		return -1;
	}
	if (refusal->suggest)
		hint = value_suggest(text, names,
		                     count < SUGGEST_MAX ? count : SUGGEST_MAX);
	value_printable(text, strlen(text), quoted, sizeof quoted);
	if (hint != NULL)
		snprintf(why, whylen, "unknown %s '%s' (did you mean '%s'?)",
		         s->choices->noun, quoted, hint);
	else if (refusal->style == SETTING_REFUSE_SEE_HELP)
		snprintf(why, whylen, "unknown %s '%s' (see %s--help)",
		         s->choices->noun, quoted,
		         from == SETTING_FROM_COMMAND_LINE ? "" : "gcounter ");
	else
		snprintf(why, whylen, "unknown %s '%s' (use %s)",
		         s->choices->noun, quoted, list);
	return -1;
}

int settings_parse(const struct setting *s, enum setting_source from,
                   const char *text, struct setting_value *out, char *why,
                   size_t whylen)
{
	struct setting_value v = {0};
	char bound[32];
	int rc = 0;

	switch (s->kind) {
	case SETTING_KIND_COUNT:
	case SETTING_KIND_SEED:
		rc = value_parse_uint(text, s->min, s->max, &v.number, why,
		                      whylen);
		if (rc != 0 && s->below_min_note != NULL && whylen > 0 &&
		    strncmp(why, "must be at least", 16) == 0)
			snprintf(why + strlen(why), whylen - strlen(why), "%s",
			         s->below_min_note);
		break;
	case SETTING_KIND_DURATION:
		rc = value_parse_duration(text, s->max, &v.number, why, whylen);
		if (rc == 0 && v.number < s->min) {
			/* A minimum of 1us means "not zero". */
			if (s->min == 1)
				snprintf(why, whylen, "must be above 0s");
			else {
				duration_format(s->min, bound, sizeof bound);
				snprintf(why, whylen, "must be at least %s",
				         bound);
			}
			rc = -1;
		}
		break;
	case SETTING_KIND_DURATION_RANGE:
		rc = value_parse_duration_range(text, s->max, &v.number,
		                                &v.high, why, whylen);
		if (rc == 0 && v.number < s->min) {
			duration_format(s->min, bound, sizeof bound);
			snprintf(why, whylen, "must be at least %s", bound);
			rc = -1;
		}
		break;
	case SETTING_KIND_LATENCY:
		rc = value_parse_latency(text, &v.latency, why, whylen);
		break;
	case SETTING_KIND_PROBABILITY:
		rc = value_parse_probability(text, &v.real, why, whylen);
		break;
	case SETTING_KIND_RATE:
		rc = value_parse_double(text, 0, s->max_real, &v.real, why,
		                        whylen);
		if (rc == 0 && s->above_zero && v.real == 0) {
			snprintf(why, whylen, "must be above 0");
			rc = -1;
		}
		break;
	case SETTING_KIND_CHOICE:
		rc = parse_choice(s, from, text, &v.choice, why, whylen);
		break;
	case SETTING_KIND_PATH:
		if (text[0] == '\0') {
			snprintf(why, whylen, "expected a file name");
			rc = -1;
		}
		v.text = text;
		break;
	case SETTING_KIND_FLAG:
	case SETTING_KIND_NODE:
	case SETTING_KIND_TEXT:
		/* Read by the caller: their grammar is its own. */
		v.text = text;
		break;
	}
	if (rc == 0)
		*out = v;
	return rc;
}

void settings_store(const struct setting *s, const struct setting_value *v,
                    struct sim_config *config)
{
	char *base = (char *)config;

	if (s->kind == SETTING_KIND_CHOICE) {
		if (s->choices->store != NULL)
			s->choices->store(config, v->choice);
		return;
	}
	if (s->offset == SETTING_NOWHERE)
		return;
	switch (s->kind) {
	case SETTING_KIND_COUNT: {
		uint32_t number = (uint32_t)v->number;

		memcpy(base + s->offset, &number, sizeof number);
		break;
	}
	case SETTING_KIND_SEED:
	case SETTING_KIND_DURATION:
		memcpy(base + s->offset, &v->number, sizeof v->number);
		break;
	case SETTING_KIND_DURATION_RANGE:
		memcpy(base + s->offset, &v->number, sizeof v->number);
		memcpy(base + s->offset_high, &v->high, sizeof v->high);
		break;
	case SETTING_KIND_LATENCY:
		memcpy(base + s->offset, &v->latency, sizeof v->latency);
		break;
	case SETTING_KIND_PROBABILITY:
	case SETTING_KIND_RATE:
		memcpy(base + s->offset, &v->real, sizeof v->real);
		break;
	default:
		break;
	}
}

size_t settings_format(const struct setting *s, const struct sim_config *c,
                       char *buf, size_t cap)
{
	const char *base = (const char *)c;
	uint64_t lo, hi;
	uint32_t count;
	double real;
	struct latency_model latency;
	char a[32], b[32];
	int w;

	if (s->kind == SETTING_KIND_CHOICE)
		w = snprintf(buf, cap, "%s",
		             s->choices->word(s->choices->current(c)));
	else if (s->offset == SETTING_NOWHERE)
		w = snprintf(buf, cap, "?");
	else
		switch (s->kind) {
		case SETTING_KIND_COUNT:
			memcpy(&count, base + s->offset, sizeof count);
			w = snprintf(buf, cap, "%" PRIu32, count);
			break;
		case SETTING_KIND_SEED:
			memcpy(&lo, base + s->offset, sizeof lo);
			w = snprintf(buf, cap, "%" PRIu64, lo);
			break;
		case SETTING_KIND_DURATION:
			memcpy(&lo, base + s->offset, sizeof lo);
			return duration_format(lo, buf, cap);
		case SETTING_KIND_DURATION_RANGE:
			memcpy(&lo, base + s->offset, sizeof lo);
			memcpy(&hi, base + s->offset_high, sizeof hi);
			duration_format(lo, a, sizeof a);
			duration_format(hi, b, sizeof b);
			w = snprintf(buf, cap, "%s-%s", a, b);
			break;
		case SETTING_KIND_LATENCY:
			memcpy(&latency, base + s->offset, sizeof latency);
			return latency_format(&latency, buf, cap);
		case SETTING_KIND_PROBABILITY:
		case SETTING_KIND_RATE:
			memcpy(&real, base + s->offset, sizeof real);
			return value_format_decimal(real, buf, cap);
		default:
			w = snprintf(buf, cap, "?");
			break;
		}
	return w < 0 ? 0 : (size_t)w;
}

bool settings_logged(const struct setting *s, const struct sim_config *c)
{
	struct sim_config defaults;
	char now[64], then[64];

	switch (s->log) {
	case SETTING_LOG_WITH_READER:
		return c->reader != READER_NONE;
	case SETTING_LOG_UNLESS_DEFAULT:
		sim_config_defaults(&defaults);
		settings_format(s, c, now, sizeof now);
		settings_format(s, &defaults, then, sizeof then);
		return strcmp(now, then) != 0;
	case SETTING_LOG_ALWAYS:
		break;
	}
	return true;
}

/* Appends text[0..len) to buf at *used, as far as it fits. */
static void append(char *buf, size_t cap, size_t *used, const char *text,
                   size_t len)
{
	if (*used + 1 >= cap)
		return;
	if (len > cap - 1 - *used)
		len = cap - 1 - *used;
	memcpy(buf + *used, text, len);
	*used += len;
	buf[*used] = '\0';
}

size_t settings_help_text(const struct setting *s, char *buf, size_t cap)
{
	const char *text = s->help ? s->help : "";
	size_t used = 0;
	char number[32];

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	while (*text != '\0') {
		const char *brace = strchr(text, '{');

		if (brace == NULL) {
			append(buf, cap, &used, text, strlen(text));
			break;
		}
		append(buf, cap, &used, text, (size_t)(brace - text));
		if (strncmp(brace, "{max}", 5) == 0) {
			if (s->kind == SETTING_KIND_RATE)
				snprintf(number, sizeof number, "%g",
				         s->max_real);
			else if (s->kind == SETTING_KIND_DURATION)
				duration_format(s->max, number, sizeof number);
			else
				snprintf(number, sizeof number, "%" PRIu64,
				         s->max);
			append(buf, cap, &used, number, strlen(number));
			text = brace + 5;
		} else if (strncmp(brace, "{default}", 9) == 0) {
			const char *d = s->default_text ? s->default_text : "";

			append(buf, cap, &used, d, strlen(d));
			text = brace + 9;
		} else {
			append(buf, cap, &used, brace, 1);
			text = brace + 1;
		}
	}
	return used;
}

void sim_config_defaults(struct sim_config *config)
{
	memset(config, 0, sizeof *config);
	for (size_t i = 0; i < SETTING_ID_COUNT; i++) {
		const struct setting *s = settings_get((enum setting_id)i);
		struct setting_value value;

		/* Only the world's settings: the defaults are values like
		 * any other, so they are in range by construction (the
		 * tests check that each one parses). */
		if (s->default_text == NULL ||
		    (s->offset == SETTING_NOWHERE &&
		     (s->kind != SETTING_KIND_CHOICE ||
		      s->choices->store == NULL)))
			continue;
		if (settings_parse(s, SETTING_FROM_COMMAND_LINE,
		                   s->default_text, &value, NULL, 0) == 0)
			settings_store(s, &value, config);
	}
}

int settings_check_combined(const struct sim_config *config, bool amnesia,
                            enum setting_source from, enum setting_id *culprit,
                            char *why, size_t whylen)
{
	const char *dash = from == SETTING_FROM_COMMAND_LINE ? "--" : "";

	if (config->crdt == CRDT_PNCOUNTER && config->reader != READER_NONE) {
		*culprit = SETTING_READER;
		snprintf(why, whylen,
		         "a reader watches a G-Counter going backwards; a "
		         "PN-Counter goes down by design");
		return -1;
	}
	if (amnesia && mode_get(config->mode)->needs_durable) {
		*culprit = SETTING_AMNESIA;
		snprintf(why, whylen,
		         "%samnesia with %smode %s: ops are sent once, so op "
		         "modes keep replicas on disk and restart them durably",
		         dash, dash, sim_mode_name(config->mode));
		return -1;
	}
	if (!sim_mode_fits_strategy(config->mode, config->strategy)) {
		char fit[128];

		strategy_names_reaching_all(" or ", fit, sizeof fit);
		*culprit = SETTING_MODE;
		snprintf(
		    why, whylen,
		    "%smode %s sends each op once from its origin; "
		    "%sstrategy %s passes state from peer to peer (use %s)",
		    dash, sim_mode_name(config->mode), dash,
		    config->strategy->name, fit);
		return -1;
	}
	return 0;
}
