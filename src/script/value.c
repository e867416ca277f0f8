/*
 * Parsers for the values users type: durations, latency models, counts,
 * numbers, probabilities. They are fuzzed, so they must never read past the
 * NUL, never overflow (every product and sum is checked), never allocate.
 */
#include "script/value.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The most bytes of user text quoted in a message, so that it stays one
 * line; longer text is cut and ends in "...". */
#define QUOTE_MAX 40
#define QUOTE_BUF (QUOTE_MAX + sizeof "...")

#define UNITS_HINT "(use us, ms, s, m or h)"

/* Words longer than this are never close enough to suggest anything. */
#define SUGGEST_MAX_LEN 32

struct duration_unit {
	const char *name;
	uint64_t us;
};

static const struct duration_unit duration_units[] = {
    {.name = "us", .us = 1},         {.name = "ms", .us = 1000},
    {.name = "s", .us = 1000000},    {.name = "m", .us = 60000000},
    {.name = "h", .us = 3600000000},
};

/* A non-negative decimal as written, "12" or "12.50": spans of the text. */
struct decimal {
	const char *integer;
	size_t integer_len;
	const char *fraction;
	size_t fraction_len;
	const char *end; /* the first byte after the number */
};

/* A number and the unit written right after it (unit_len 0: none). */
struct quantity {
	struct decimal number;
	const char *unit;
	size_t unit_len;
	const char *end;
};

#if defined(__GNUC__)
#define VALUE_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define VALUE_PRINTF(fmt, args)
#endif

static int fail(char *err, size_t errlen, const char *fmt, ...)
    VALUE_PRINTF(3, 4);

/* Writes the message (when there is room for one) and returns -1, so that
 * every error path is a single `return fail(...)`. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list args;
	int written;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(args, fmt);
	written = vsnprintf(err, errlen, fmt, args);
	va_end(args);
	if (written < 0)
		err[0] = '\0';
	return -1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Copies up to len bytes of text (stopping at its NUL) into buf, which holds
 * QUOTE_BUF bytes, for quoting in a message: bytes that are not printable
 * ASCII become '?' so that a message never carries control characters or
 * half a UTF-8 sequence.
 */
static const char *quote(char *buf, const char *text, size_t len)
{
	size_t n = 0;

	while (n < len && n < QUOTE_MAX && text[n] != '\0') {
		unsigned char c = (unsigned char)text[n];

		buf[n] = c >= 0x20 && c < 0x7f ? (char)c : '?';
		n++;
	}
	if (n == QUOTE_MAX && n < len && text[n] != '\0') {
		memcpy(buf + n, "...", sizeof "...");
		return buf;
	}
	buf[n] = '\0';
	return buf;
}

static const char *quote_all(char *buf, const char *text)
{
	return quote(buf, text, SIZE_MAX);
}

/* Whitespace is refused everywhere: "20 ms" is more likely a shell quoting
 * slip than something to guess at. */
static int reject_whitespace(const char *text, char *err, size_t errlen)
{
	char quoted[QUOTE_BUF];

	for (const char *p = text; *p != '\0'; p++) {
		if (is_space(*p))
			return fail(err, errlen,
			            "whitespace is not allowed in '%s'",
			            quote_all(quoted, text));
	}
	return 0;
}

/* "unexpected 'x' after '20ms'": rest starts inside text. */
static int reject_trailing(const char *text, const char *rest, char *err,
                           size_t errlen)
{
	char quoted_rest[QUOTE_BUF];
	char quoted_head[QUOTE_BUF];

	return fail(err, errlen, "unexpected '%s' after '%s'",
	            quote_all(quoted_rest, rest),
	            quote(quoted_head, text, (size_t)(rest - text)));
}

static bool checked_mul(uint64_t a, uint64_t b, uint64_t *product)
{
	if (a != 0 && b > UINT64_MAX / a)
		return false;
	*product = a * b;
	return true;
}

static bool checked_add(uint64_t a, uint64_t b, uint64_t *sum)
{
	if (b > UINT64_MAX - a)
		return false;
	*sum = a + b;
	return true;
}

/* Digits, then optionally '.' and more digits. Returns false when p does not
 * start that way; the caller words the message, since only it knows what it
 * expected. */
static bool scan_decimal(const char *p, struct decimal *number)
{
	number->integer = p;
	while (is_digit(*p))
		p++;
	number->integer_len = (size_t)(p - number->integer);
	number->fraction = p;
	number->fraction_len = 0;
	if (number->integer_len == 0)
		return false;
	if (*p == '.') {
		p++;
		number->fraction = p;
		while (is_digit(*p))
			p++;
		number->fraction_len = (size_t)(p - number->fraction);
		if (number->fraction_len == 0)
			return false;
	}
	number->end = p;
	return true;
}

/* The integer part of a decimal; false when it does not fit in 64 bits
 * (every digit is still looked at, so no input is half-read). */
static bool decimal_whole(const struct decimal *number, uint64_t *out)
{
	uint64_t whole = 0;
	bool fits = true;

	for (size_t i = 0; i < number->integer_len; i++) {
		uint64_t digit = (uint64_t)(number->integer[i] - '0');

		if (fits && (!checked_mul(whole, 10, &whole) ||
		             !checked_add(whole, digit, &whole)))
			fits = false;
	}
	*out = whole;
	return fits;
}

static const struct duration_unit *find_unit(const char *name, size_t len)
{
	size_t count = sizeof duration_units / sizeof duration_units[0];

	for (size_t i = 0; i < count; i++) {
		if (strlen(duration_units[i].name) == len &&
		    memcmp(duration_units[i].name, name, len) == 0)
			return &duration_units[i];
	}
	return NULL;
}

/* A byte that can belong to a unit: anything that cannot start or continue
 * a number or a range, so "20sec" reads as unit "sec", not as junk. */
static bool is_unit_byte(char c)
{
	return c != '\0' && !is_digit(c) && c != '.' && c != '-';
}

/* A number with an optional unit, starting at p inside text (p is past the
 * '-' for the upper end of a range). */
static int scan_quantity(const char *text, const char *p, struct quantity *q,
                         char *err, size_t errlen)
{
	char quoted[QUOTE_BUF];

	if (p == text && p[0] == '-' && is_digit(p[1]))
		return fail(err, errlen, "must not be negative, got '%s'",
		            quote_all(quoted, text));
	if (!scan_decimal(p, &q->number)) {
		if (q->number.integer_len > 0)
			return fail(err, errlen,
			            "expected digits after '.' in '%s'",
			            quote_all(quoted, text));
		if (p != text)
			return fail(err, errlen,
			            "expected a number after '-' in '%s'",
			            quote_all(quoted, text));
		return fail(err, errlen, "expected a number, got '%s'",
		            quote_all(quoted, text));
	}
	q->unit = q->number.end;
	p = q->unit;
	while (is_unit_byte(*p))
		p++;
	q->unit_len = (size_t)(p - q->unit);
	q->end = p;
	return 0;
}

static int resolve_unit(const char *text, const struct quantity *q,
                        const struct duration_unit **unit, char *err,
                        size_t errlen)
{
	char quoted[QUOTE_BUF];

	if (q->unit_len == 0)
		return fail(err, errlen, "missing unit in '%s' " UNITS_HINT,
		            quote_all(quoted, text));
	*unit = find_unit(q->unit, q->unit_len);
	if (*unit == NULL)
		return fail(err, errlen, "unknown unit '%s' " UNITS_HINT,
		            quote(quoted, q->unit, q->unit_len));
	return 0;
}

/* A unit that is written but unknown is the likeliest mistake in "0x10ms"
 * or "1e3ms", so it is reported before anything that follows it. */
static int reject_unknown_unit(const struct quantity *q, char *err,
                               size_t errlen)
{
	char quoted[QUOTE_BUF];

	if (q->unit_len > 0 && find_unit(q->unit, q->unit_len) == NULL)
		return fail(err, errlen, "unknown unit '%s' " UNITS_HINT,
		            quote(quoted, q->unit, q->unit_len));
	return 0;
}

static int reject_above(uint64_t max_us, char *err, size_t errlen)
{
	char limit[32];

	duration_format(max_us, limit, sizeof limit);
	return fail(err, errlen, "must be at most %s", limit);
}

/*
 * number * unit in whole microseconds. The fraction is exact: its digits
 * (less trailing zeros) are an integer over a power of ten, and the product
 * with the unit must divide evenly. A unit of at most 2^8 * 5^7 us (a minute
 * is 2^8 * 3 * 5^7) can cancel at most eight powers of ten, so more than
 * nine significant fraction digits can never come out whole: stopping there
 * keeps every product far inside 64 bits.
 */
static int quantity_to_us(const char *text, const struct decimal *number,
                          const struct duration_unit *unit, uint64_t max_us,
                          uint64_t *out_us, char *err, size_t errlen)
{
	char quoted[QUOTE_BUF];
	uint64_t whole, total;
	uint64_t fraction_us = 0;
	size_t significant = number->fraction_len;

	while (significant > 0 && number->fraction[significant - 1] == '0')
		significant--;
	if (significant > 0) {
		uint64_t numerator = 0, scale = 1, scaled;

		if (significant > 9)
			return fail(err, errlen,
			            "'%s' is finer than a microsecond",
			            quote_all(quoted, text));
		for (size_t i = 0; i < significant; i++) {
			numerator = numerator * 10 +
			            (uint64_t)(number->fraction[i] - '0');
			scale *= 10;
		}
		if (!checked_mul(numerator, unit->us, &scaled) ||
		    scaled % scale != 0)
			return fail(err, errlen,
			            "'%s' is finer than a microsecond",
			            quote_all(quoted, text));
		fraction_us = scaled / scale;
	}
	if (!decimal_whole(number, &whole) ||
	    !checked_mul(whole, unit->us, &total) ||
	    !checked_add(total, fraction_us, &total) || total > max_us)
		return reject_above(max_us, err, errlen);
	*out_us = total;
	return 0;
}

/* One duration, or (when ranges are allowed) two joined by '-' where a
 * missing first unit is taken from the second. */
static int parse_durations(const char *text, uint64_t max_us, bool allow_range,
                           uint64_t *lo_us, uint64_t *hi_us, char *err,
                           size_t errlen)
{
	char quoted[QUOTE_BUF];
	struct quantity low, high;
	const struct duration_unit *low_unit, *high_unit;
	uint64_t low_value, high_value;

	if (text == NULL || text[0] == '\0')
		return fail(err, errlen,
		            "expected a duration such as '20ms', got nothing");
	if (reject_whitespace(text, err, errlen) != 0)
		return -1;
	if (scan_quantity(text, text, &low, err, errlen) != 0 ||
	    reject_unknown_unit(&low, err, errlen) != 0)
		return -1;
	if (*low.end == '-' && !allow_range)
		return fail(err, errlen,
		            "expected one duration, not a range, in '%s'",
		            quote_all(quoted, text));
	if (*low.end != '\0' && *low.end != '-')
		return reject_trailing(text, low.end, err, errlen);

	if (*low.end == '\0') {
		if (resolve_unit(text, &low, &low_unit, err, errlen) != 0 ||
		    quantity_to_us(text, &low.number, low_unit, max_us,
		                   &low_value, err, errlen) != 0)
			return -1;
		*lo_us = low_value;
		*hi_us = low_value;
		return 0;
	}

	if (scan_quantity(text, low.end + 1, &high, err, errlen) != 0 ||
	    reject_unknown_unit(&high, err, errlen) != 0)
		return -1;
	if (*high.end != '\0')
		return reject_trailing(text, high.end, err, errlen);
	if (resolve_unit(text, &high, &high_unit, err, errlen) != 0)
		return -1;
	low_unit = high_unit;
	if (low.unit_len > 0 &&
	    resolve_unit(text, &low, &low_unit, err, errlen) != 0)
		return -1;
	if (quantity_to_us(text, &low.number, low_unit, max_us, &low_value, err,
	                   errlen) != 0 ||
	    quantity_to_us(text, &high.number, high_unit, max_us, &high_value,
	                   err, errlen) != 0)
		return -1;
	if (low_value > high_value)
		return fail(err, errlen,
		            "range goes backwards in '%s' (put the smaller "
		            "end first)",
		            quote_all(quoted, text));
	*lo_us = low_value;
	*hi_us = high_value;
	return 0;
}

int value_parse_duration(const char *text, uint64_t max_us, uint64_t *out_us,
                         char *err, size_t errlen)
{
	uint64_t lo, hi;

	if (parse_durations(text, max_us, false, &lo, &hi, err, errlen) != 0)
		return -1;
	*out_us = lo;
	return 0;
}

int value_parse_duration_range(const char *text, uint64_t max_us,
                               uint64_t *lo_us, uint64_t *hi_us, char *err,
                               size_t errlen)
{
	uint64_t lo, hi;

	if (parse_durations(text, max_us, true, &lo, &hi, err, errlen) != 0)
		return -1;
	*lo_us = lo;
	*hi_us = hi;
	return 0;
}

int value_parse_latency(const char *text, struct latency_model *out, char *err,
                        size_t errlen)
{
	static const char exponential_prefix[] = "exp:";
	const size_t prefix_len = sizeof exponential_prefix - 1;
	char quoted[QUOTE_BUF];
	const char *colon;
	uint64_t lo, hi;

	if (text == NULL || text[0] == '\0')
		return fail(err, errlen,
		            "expected a latency such as '20ms', '10-50ms' or "
		            "'exp:30ms', got nothing");
	if (reject_whitespace(text, err, errlen) != 0)
		return -1;
	colon = strchr(text, ':');
	if (colon != NULL) {
		uint64_t mean;

		if ((size_t)(colon - text) + 1 != prefix_len ||
		    memcmp(text, exponential_prefix, prefix_len) != 0)
			return fail(
			    err, errlen,
			    "unknown latency model '%s:' (use 20ms, "
			    "10-50ms or exp:30ms)",
			    quote(quoted, text, (size_t)(colon - text)));
		if (value_parse_duration(colon + 1, LATENCY_MAX_US, &mean, err,
		                         errlen) != 0)
			return -1;
		if (mean == 0)
			return fail(err, errlen,
			            "the mean of an exponential latency must "
			            "be above 0");
		*out = latency_exponential(mean);
		return 0;
	}
	if (value_parse_duration_range(text, LATENCY_MAX_US, &lo, &hi, err,
	                               errlen) != 0)
		return -1;
	*out = lo == hi ? latency_constant(lo) : latency_uniform(lo, hi);
	return 0;
}

int value_parse_uint(const char *text, uint64_t min, uint64_t max,
                     uint64_t *out, char *err, size_t errlen)
{
	char quoted[QUOTE_BUF];
	struct decimal number;
	uint64_t value;
	const char *p;

	if (text == NULL || text[0] == '\0')
		return fail(err, errlen, "expected a number, got nothing");
	if (reject_whitespace(text, err, errlen) != 0)
		return -1;
	if (text[0] == '-' && is_digit(text[1]))
		return fail(err, errlen, "must be at least %llu",
		            (unsigned long long)min);
	number.integer = text;
	for (p = text; is_digit(*p); p++)
		;
	number.integer_len = (size_t)(p - text);
	if (number.integer_len == 0)
		return fail(err, errlen, "expected a number, got '%s'",
		            quote_all(quoted, text));
	if (*p != '\0')
		return reject_trailing(text, p, err, errlen);
	if (!decimal_whole(&number, &value))
		return fail(err, errlen,
		            "'%s' is out of range (must be at most "
		            "%llu)",
		            quote_all(quoted, text), (unsigned long long)max);
	if (value < min)
		return fail(err, errlen, "must be at least %llu",
		            (unsigned long long)min);
	if (value > max)
		return fail(err, errlen, "must be at most %llu",
		            (unsigned long long)max);
	*out = value;
	return 0;
}

/* 10^exponent; exact up to 10^22, the largest power of ten a double holds
 * exactly. */
static double power_of_ten(int exponent)
{
	static const double exact[] = {
	    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};

	if (exponent >= 0 && exponent < (int)(sizeof exact / sizeof exact[0]))
		return exact[exponent];
	return pow(10.0, exponent);
}

/*
 * The value of a decimal, without strtod: strtod follows LC_NUMERIC, which a
 * curses program sets from the environment, and then "2.5" stops at the '.'.
 * Up to 19 significant digits are kept; a number of at most 15 of them with
 * at most 22 fraction digits is correctly rounded (one exact division), and
 * anything longer is within an ulp or two, plenty for a setting.
 */
static double decimal_to_double(const struct decimal *number)
{
	/* Past 10^±400 a double is 0 or infinite whatever the digits. */
	const int exponent_cap = 400;
	uint64_t mantissa = 0;
	int significant = 0;
	int exponent = 0;
	double value;

	for (size_t i = 0; i < number->integer_len; i++) {
		uint64_t digit = (uint64_t)(number->integer[i] - '0');

		if (mantissa == 0 && digit == 0)
			continue;
		if (significant < 19) {
			mantissa = mantissa * 10 + digit;
			significant++;
		} else if (exponent < exponent_cap) {
			exponent++;
		}
	}
	for (size_t i = 0; i < number->fraction_len; i++) {
		uint64_t digit = (uint64_t)(number->fraction[i] - '0');

		if (significant >= 19 || exponent <= -exponent_cap)
			break;
		if (mantissa != 0 || digit != 0) {
			mantissa = mantissa * 10 + digit;
			significant++;
		}
		exponent--;
	}
	if (mantissa == 0)
		return 0.0;
	while (mantissa % 10 == 0) {
		mantissa /= 10;
		exponent++;
	}
	value = (double)mantissa;
	if (exponent >= 0)
		return value * power_of_ten(exponent);
	return value / power_of_ten(-exponent);
}

/* "-2.5" and the like at the start of text; *end is the first byte after. */
static int scan_signed_double(const char *text, double *value, const char **end,
                              char *err, size_t errlen)
{
	char quoted[QUOTE_BUF];
	struct decimal number;
	bool negative = text[0] == '-';

	if (!scan_decimal(text + (negative ? 1 : 0), &number)) {
		if (number.integer_len > 0)
			return fail(err, errlen,
			            "expected digits after '.' in '%s'",
			            quote_all(quoted, text));
		return fail(err, errlen, "expected a number, got '%s'",
		            quote_all(quoted, text));
	}
	*value = decimal_to_double(&number);
	/* "-0" is plain 0, not a negative zero that prints as "-0". */
	if (negative && *value != 0.0)
		*value = -*value;
	*end = number.end;
	return 0;
}

/* Limits in messages: "1", "100", "0.001", never "1.000000". */
static int reject_outside(double value, double min, double max,
                          const char *suffix, char *err, size_t errlen)
{
	if (value < min)
		return fail(err, errlen, "must be at least %.15g%s", min,
		            suffix);
	return fail(err, errlen, "must be at most %.15g%s", max, suffix);
}

int value_parse_double(const char *text, double min, double max, double *out,
                       char *err, size_t errlen)
{
	const char *end;
	double value;

	if (text == NULL || text[0] == '\0')
		return fail(err, errlen, "expected a number, got nothing");
	if (reject_whitespace(text, err, errlen) != 0 ||
	    scan_signed_double(text, &value, &end, err, errlen) != 0)
		return -1;
	if (*end != '\0')
		return reject_trailing(text, end, err, errlen);
	if (!(value >= min && value <= max))
		return reject_outside(value, min, max, "", err, errlen);
	*out = value;
	return 0;
}

int value_parse_probability(const char *text, double *out, char *err,
                            size_t errlen)
{
	const char *end;
	double value;

	if (text == NULL || text[0] == '\0')
		return fail(err, errlen,
		            "expected a probability such as '0.1' or '10%%', "
		            "got nothing");
	if (reject_whitespace(text, err, errlen) != 0 ||
	    scan_signed_double(text, &value, &end, err, errlen) != 0)
		return -1;
	if (*end == '%') {
		end++;
		if (*end != '\0')
			return reject_trailing(text, end, err, errlen);
		if (!(value >= 0.0 && value <= 100.0))
			return reject_outside(value, 0.0, 100.0, "%", err,
			                      errlen);
		*out = value / 100.0;
		return 0;
	}
	if (*end != '\0')
		return reject_trailing(text, end, err, errlen);
	if (!(value >= 0.0 && value <= 1.0))
		return reject_outside(value, 0.0, 1.0, "", err, errlen);
	*out = value;
	return 0;
}

/* strlen that gives up past cap (returning cap + 1), so a huge candidate
 * costs nothing. */
static size_t bounded_length(const char *text, size_t cap)
{
	size_t n = 0;

	while (n <= cap && text[n] != '\0')
		n++;
	return n;
}

static size_t smallest(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Optimal string alignment distance, case-insensitive: insertions,
 * deletions, substitutions and swaps of neighbours each cost one. Both
 * lengths are at most SUGGEST_MAX_LEN. */
static size_t edit_distance(const char *a, size_t a_len, const char *b,
                            size_t b_len)
{
	size_t rows[3][SUGGEST_MAX_LEN + 1] = {{0}};
	size_t *two_back = rows[0], *previous = rows[1], *current = rows[2];

	for (size_t j = 0; j <= b_len; j++)
		previous[j] = j;
	for (size_t i = 1; i <= a_len; i++) {
		char a_here = ascii_lower(a[i - 1]);
		size_t *spare;

		current[0] = i;
		for (size_t j = 1; j <= b_len; j++) {
			char b_here = ascii_lower(b[j - 1]);
			size_t best =
			    smallest(previous[j] + 1, current[j - 1] + 1);

			best = smallest(best, previous[j - 1] +
			                          (a_here != b_here ? 1 : 0));
			if (i > 1 && j > 1 && a_here == ascii_lower(b[j - 2]) &&
			    ascii_lower(a[i - 2]) == b_here)
				best = smallest(best, two_back[j - 2] + 1);
			current[j] = best;
		}
		spare = two_back;
		two_back = previous;
		previous = current;
		current = spare;
	}
	return previous[b_len];
}

const char *value_suggest(const char *word, const char *const *candidates,
                          size_t count)
{
	const char *best = NULL;
	size_t best_distance = SIZE_MAX;
	size_t word_len;

	if (word == NULL || candidates == NULL)
		return NULL;
	word_len = bounded_length(word, SUGGEST_MAX_LEN);
	if (word_len == 0 || word_len > SUGGEST_MAX_LEN)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		const char *candidate = candidates[i];
		size_t candidate_len, longer, distance;

		if (candidate == NULL)
			continue;
		candidate_len = bounded_length(candidate, SUGGEST_MAX_LEN);
		if (candidate_len > SUGGEST_MAX_LEN ||
		    candidate_len + 2 < word_len ||
		    word_len + 2 < candidate_len)
			continue;
		distance =
		    edit_distance(word, word_len, candidate, candidate_len);
		longer = word_len > candidate_len ? word_len : candidate_len;
		/* A suggestion that rewrites most of the word is noise. */
		if (distance <= 2 && 2 * distance <= longer &&
		    distance < best_distance) {
			best = candidate;
			best_distance = distance;
		}
	}
	return best;
}

size_t value_format_decimal(double value, char *buf, size_t cap)
{
	int decimals = 14, w;
	double scale = 1;

	/* 15 significant digits: as many decimals as the integer part
	 * leaves, more for small fractions. Every double that came from 15
	 * or fewer typed digits prints back as those digits. */
	for (double v = value < 0 ? -value : value; v >= 10 && decimals > 0;
	     v /= 10)
		decimals--;
	for (double v = value < 0 ? -value : value;
	     v != 0 && v * scale < 1 && decimals < 40; scale *= 10)
		decimals++;
	w = snprintf(buf, cap, "%.*f", decimals, value);
	if (w < 0)
		return 0;
	/* Trim trailing zeros, and a trailing point. */
	if ((size_t)w < cap && strchr(buf, '.') != NULL) {
		while (w > 0 && buf[w - 1] == '0')
			buf[--w] = '\0';
		if (w > 0 && buf[w - 1] == '.')
			buf[--w] = '\0';
	}
	return (size_t)w;
}

const char *value_printable(const char *text, size_t len, char *buf, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return buf;
	for (; n < len && n < 40 && n + 4 < cap; n++) {
		unsigned char c = (unsigned char)text[n];

		buf[n] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (n < len && n + 4 <= cap) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* --- text that may reach a terminal ---------------------------------------
 */

static const struct {
	uint32_t from, to;
	const char *what;
} forbidden[] = {
    {0x80, 0x9f, "control character"},
    {0x202a, 0x202e, "bidirectional control"},
    {0x2066, 0x2069, "bidirectional control"},
};

const char *value_text_forbidden(const unsigned char *s, size_t len,
                                 uint32_t *cp)
{
	static const unsigned char lead_bits[] = {0, 0x7f, 0x1f, 0x0f, 0x07};

	if (len == 0 || len > 4)
		return NULL;
	*cp = s[0] & lead_bits[len];
	for (size_t i = 1; i < len; i++)
		*cp = (*cp << 6) | (s[i] & 0x3f);
	for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
		if (*cp >= forbidden[i].from && *cp <= forbidden[i].to)
			return forbidden[i].what;
	return NULL;
}
