/*
 * Fuzzes the parsers of the values users type (durations, ranges, latency
 * models, counts, numbers, probabilities), the settings table's parser over
 * every setting, and the "did you mean" hints. The input up to its first NUL
 * is the text; the NUL-separated pieces after it, if any, are the candidates
 * for value_suggest. Beyond never crashing, each
 * parser must keep its contract: a one-line message and untouched outputs on
 * error, a value inside the limits on success, and the formatter's text of
 * that value read back as the same value.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "script/settings.h"
#include "script/value.h"
#include "sim/latency.h"
#include "sim/sim.h"

/* A value no parser produces from these inputs, to see outputs untouched. */
#define UNTOUCHED_U 0xa5a5a5a5a5a5a5a5ULL
#define UNTOUCHED_D (-12345.5)

#define MAX_CANDIDATES 16

/* Where the parsers are used with these limits: --duration, latencies and
 * gossip intervals, and the extremes. */
static const uint64_t duration_limits[] = {
    0, 1000, LATENCY_MAX_US, SIM_MAX_DURATION_US, UINT64_MAX,
};

struct uint_range {
	uint64_t min, max;
};
static const struct uint_range uint_ranges[] = {
    {0, UINT64_MAX},
    {1, SIM_MAX_NODES},
    {1, SIM_MAX_HYBRID_CHANGES},
    {5, 5},
};

struct double_range {
	double min, max;
};
static const struct double_range double_ranges[] = {
    {0, SIM_MAX_RATE},
    {-1e300, 1e300},
    {-1, 1},
};

/* What the program offers as hints when no candidates come with the input:
 * option, strategy, theme and command words. The NULL is on purpose:
 * value_suggest must skip it. */
static const char *const default_candidates[] = {
    "nodes", "seed",      "strategy", "latency", "gossip-interval",
    "rate",  "relay",     "gossip",   "pull",    "on-change",
    "dark",  "mono",      "inc",      "q",       "projector",
    NULL,    "partition",
};

/* A parser's message: present, NUL-terminated inside the buffer, one line
 * of printable text (user text is quoted with anything else as '?'). */
static void check_message(const char *err, size_t errlen)
{
	size_t length = strnlen(err, errlen);

	FUZZ_CHECK(length < errlen, "the message is NUL-terminated");
	FUZZ_CHECK(length > 0, "an error comes with a message");
	for (size_t i = 0; i < length; i++)
		FUZZ_CHECK(err[i] >= 0x20 && err[i] < 0x7f,
		           "the message is one line of printable ASCII");
}

/* The result must not depend on the message buffer: none at all, or one
 * too small for the message (which is then cut, and still terminated). */
static void check_small_buffers(const char *text, uint64_t max_us, int expected)
{
	uint64_t ignored;
	char tiny[6];

	FUZZ_CHECK(value_parse_duration(text, max_us, &ignored, NULL, 0) ==
	               expected,
	           "the result does not depend on the message buffer");
	memset(tiny, 'x', sizeof tiny);
	FUZZ_CHECK(value_parse_duration(text, max_us, &ignored, tiny,
	                                sizeof tiny) == expected,
	           "the result does not depend on the message buffer");
	if (expected != 0)
		FUZZ_CHECK(memchr(tiny, '\0', sizeof tiny) != NULL,
		           "a cut message is still terminated");
}

static void fuzz_duration(const char *text, uint64_t max_us)
{
	char err[VALUE_ERR_MAX], formatted[32];
	uint64_t us = UNTOUCHED_U, again = UNTOUCHED_U;
	int rc = value_parse_duration(text, max_us, &us, err, sizeof err);

	check_small_buffers(text, max_us, rc);
	if (rc != 0) {
		FUZZ_CHECK(rc == -1, "errors are -1");
		FUZZ_CHECK(us == UNTOUCHED_U, "an error leaves the output");
		check_message(err, sizeof err);
		return;
	}
	FUZZ_CHECK(us <= max_us, "a duration is at most its limit");
	duration_format(us, formatted, sizeof formatted);
	FUZZ_CHECK(value_parse_duration(formatted, max_us, &again, err,
	                                sizeof err) == 0 &&
	               again == us,
	           "duration_format's text reads back as the same duration");
}

static void fuzz_duration_range(const char *text, uint64_t max_us)
{
	char err[VALUE_ERR_MAX], low[32], high[32], joined[72];
	uint64_t lo = UNTOUCHED_U, hi = UNTOUCHED_U;
	uint64_t lo_again = 0, hi_again = 0;
	int rc =
	    value_parse_duration_range(text, max_us, &lo, &hi, err, sizeof err);

	if (rc != 0) {
		FUZZ_CHECK(rc == -1, "errors are -1");
		FUZZ_CHECK(lo == UNTOUCHED_U && hi == UNTOUCHED_U,
		           "an error leaves the outputs");
		check_message(err, sizeof err);
		return;
	}
	FUZZ_CHECK(lo <= hi && hi <= max_us, "lo <= hi <= max");
	duration_format(lo, low, sizeof low);
	duration_format(hi, high, sizeof high);
	snprintf(joined, sizeof joined, "%s-%s", low, high);
	FUZZ_CHECK(value_parse_duration_range(joined, max_us, &lo_again,
	                                      &hi_again, err,
	                                      sizeof err) == 0 &&
	               lo_again == lo && hi_again == hi,
	           "a formatted range reads back as the same range");
	/* A single duration is a range of one. */
	if (value_parse_duration(text, max_us, &lo_again, err, sizeof err) == 0)
		FUZZ_CHECK(lo_again == lo && lo == hi,
		           "a duration is the range from it to itself");
}

static bool same_latency(const struct latency_model *a,
                         const struct latency_model *b)
{
	return a->kind == b->kind && a->min_us == b->min_us &&
	       a->max_us == b->max_us && a->mean_us == b->mean_us;
}

static void fuzz_latency(const char *text)
{
	const struct latency_model untouched = {.kind = LATENCY_UNIFORM,
	                                        .min_us = UNTOUCHED_U,
	                                        .max_us = UNTOUCHED_U,
	                                        .mean_us = UNTOUCHED_U};
	struct latency_model model = untouched, again = untouched;
	char err[VALUE_ERR_MAX], formatted[80];
	int rc = value_parse_latency(text, &model, err, sizeof err);

	if (rc != 0) {
		FUZZ_CHECK(rc == -1, "errors are -1");
		FUZZ_CHECK(same_latency(&model, &untouched),
		           "an error leaves the output");
		check_message(err, sizeof err);
		return;
	}
	FUZZ_CHECK(model.min_us <= model.max_us, "min <= max");
	FUZZ_CHECK(latency_upper_bound(&model) <= LATENCY_MAX_US,
	           "a latency is at most an hour");
	FUZZ_CHECK(model.kind != LATENCY_EXPONENTIAL || model.mean_us > 0,
	           "an exponential mean is above 0");
	latency_format(&model, formatted, sizeof formatted);
	FUZZ_CHECK(value_parse_latency(formatted, &again, err, sizeof err) ==
	                   0 &&
	               same_latency(&again, &model),
	           "latency_format's text reads back as the same model");
}

static void fuzz_uint(const char *text, const struct uint_range *range)
{
	char err[VALUE_ERR_MAX];
	uint64_t value = UNTOUCHED_U;
	int rc = value_parse_uint(text, range->min, range->max, &value, err,
	                          sizeof err);

	if (rc != 0) {
		FUZZ_CHECK(rc == -1, "errors are -1");
		FUZZ_CHECK(value == UNTOUCHED_U, "an error leaves the output");
		check_message(err, sizeof err);
		return;
	}
	FUZZ_CHECK(value >= range->min && value <= range->max,
	           "a number is inside its range");
	/* Digits only, so the C library must read the same number. */
	FUZZ_CHECK(text[strspn(text, "0123456789")] == '\0',
	           "an accepted number is digits only");
	FUZZ_CHECK(strtoull(text, NULL, 10) == value,
	           "the number is the one strtoull reads");
}

/* The parser rounds like strtod for short numbers and stays within a few
 * ulps for long ones (value.c says so); the C locale is in force here, so
 * strtod is the reference. */
static bool close_to(double value, double reference)
{
	double difference = fabs(value - reference);

	return difference <= 8 * DBL_EPSILON * fabs(reference) ||
	       difference <= DBL_MIN;
}

static void fuzz_double(const char *text, const struct double_range *range)
{
	char err[VALUE_ERR_MAX];
	double value = UNTOUCHED_D;
	int rc = value_parse_double(text, range->min, range->max, &value, err,
	                            sizeof err);

	if (rc != 0) {
		FUZZ_CHECK(rc == -1, "errors are -1");
		FUZZ_CHECK(value == UNTOUCHED_D, "an error leaves the output");
		check_message(err, sizeof err);
		return;
	}
	FUZZ_CHECK(isfinite(value), "a number is finite");
	FUZZ_CHECK(value >= range->min && value <= range->max,
	           "a number is inside its range");
	FUZZ_CHECK(!(value == 0 && signbit(value)), "never a negative zero");
	FUZZ_CHECK(close_to(value, strtod(text, NULL)),
	           "the number is the one strtod reads");
}

static void fuzz_probability(const char *text)
{
	char err[VALUE_ERR_MAX];
	double p = UNTOUCHED_D, number;
	size_t length = strlen(text);
	int rc = value_parse_probability(text, &p, err, sizeof err);

	if (rc != 0) {
		FUZZ_CHECK(rc == -1, "errors are -1");
		FUZZ_CHECK(p == UNTOUCHED_D, "an error leaves the output");
		check_message(err, sizeof err);
		return;
	}
	FUZZ_CHECK(p >= 0 && p <= 1, "a probability is in [0, 1]");
	/* "10%" is the number 10 over 100. */
	if (length > 0 && text[length - 1] == '%') {
		char *number_text = malloc(length);

		FUZZ_CHECK(number_text != NULL, "allocation");
		memcpy(number_text, text, length - 1);
		number_text[length - 1] = '\0';
		FUZZ_CHECK(value_parse_double(number_text, 0, 100, &number, err,
		                              sizeof err) == 0 &&
		               p == number / 100.0,
		           "a percentage is its number over 100");
		free(number_text);
	}
}

static bool equal_ignoring_case(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

static void fuzz_suggest(const char *word, const char *const *candidates,
                         size_t count)
{
	const char *hint = value_suggest(word, candidates, count);
	bool found = hint == NULL;
	bool exact_exists = false;

	for (size_t i = 0; i < count; i++) {
		if (candidates[i] == NULL)
			continue;
		if (candidates[i] == hint)
			found = true;
		if (equal_ignoring_case(candidates[i], word))
			exact_exists = true;
	}
	FUZZ_CHECK(found, "a hint is one of the candidates");
	/* Distance 0 beats everything; only words too long to compare
	 * (over 32 bytes) or empty get no hint. */
	if (exact_exists && word[0] != '\0' && strlen(word) <= 32)
		FUZZ_CHECK(hint != NULL && equal_ignoring_case(hint, word),
		           "a word that is a candidate suggests itself");
	FUZZ_CHECK(value_suggest(NULL, candidates, count) == NULL &&
	               value_suggest(word, NULL, count) == NULL,
	           "NULL in, NULL out");
}

/* A copy of data[0..length) in an allocation of exactly length + 1 bytes,
 * so that reading past the NUL is caught by the sanitizers. */
static char *string_from(const uint8_t *data, size_t length)
{
	char *text = malloc(length + 1);

	FUZZ_CHECK(text != NULL, "allocation");
	memcpy(text, data, length);
	text[length] = '\0';
	return text;
}

/*
 * The settings table's one parser, for every setting and every source: a
 * message on error; on success a value that, stored in a config and
 * written back by settings_format, parses to the same text again (so a
 * saved log replays what was given).
 */
static void fuzz_settings(const char *text)
{
	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);

		for (int from = 0; from < SETTING_SOURCE_COUNT; from++) {
			struct setting_value value, again;
			struct sim_config config, reread;
			char err[VALUE_ERR_MAX], first[128], second[128];

			sim_config_defaults(&config);
			if (settings_parse(s, (enum setting_source)from, text,
			                   &value, err, sizeof err) != 0) {
				check_message(err, sizeof err);
				continue;
			}
			if (s->offset == SETTING_NOWHERE &&
			    (s->kind != SETTING_KIND_CHOICE ||
			     s->choices->store == NULL))
				continue;
			settings_store(s, &value, &config);
			settings_format(s, &config, first, sizeof first);
			FUZZ_CHECK(settings_parse(s, SETTING_FROM_COMMAND_LINE,
			                          first, &again, err,
			                          sizeof err) == 0,
			           "a formatted setting parses back");
			reread = config;
			settings_store(s, &again, &reread);
			settings_format(s, &reread, second, sizeof second);
			FUZZ_CHECK(strcmp(first, second) == 0,
			           "a formatted setting reads back as itself");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t text_length = nul ? (size_t)(nul - data) : size;
	char *text = string_from(data, text_length);
	char *pieces[MAX_CANDIDATES];
	size_t piece_count = 0;

	for (size_t i = 0; i < sizeof duration_limits / sizeof *duration_limits;
	     i++) {
		fuzz_duration(text, duration_limits[i]);
		fuzz_duration_range(text, duration_limits[i]);
	}
	fuzz_latency(text);
	for (size_t i = 0; i < sizeof uint_ranges / sizeof *uint_ranges; i++)
		fuzz_uint(text, &uint_ranges[i]);
	for (size_t i = 0; i < sizeof double_ranges / sizeof *double_ranges;
	     i++)
		fuzz_double(text, &double_ranges[i]);
	fuzz_probability(text);
	fuzz_settings(text);

	/* The rest of the input, split on NUL, is the candidate list. */
	if (nul != NULL) {
		const uint8_t *p = nul + 1, *end = data + size;

		while (p < end && piece_count < MAX_CANDIDATES) {
			const uint8_t *stop =
			    memchr(p, '\0', (size_t)(end - p));
			size_t length =
			    stop ? (size_t)(stop - p) : (size_t)(end - p);

			pieces[piece_count++] = string_from(p, length);
			p += length + 1;
		}
	}
	if (piece_count > 0)
		fuzz_suggest(text, (const char *const *)pieces, piece_count);
	else
		fuzz_suggest(text, default_candidates,
		             sizeof default_candidates /
		                 sizeof *default_candidates);

	for (size_t i = 0; i < piece_count; i++)
		free(pieces[i]);
	free(text);
	return 0;
}
