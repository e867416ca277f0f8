/*
 * Parsers for the values users type on the command line and in scenario
 * files: durations, latency models, counts, numbers, probabilities. Pure:
 * no I/O, no globals, no allocation, no locale; never reads past the NUL.
 */
#ifndef GCOUNTER_SCRIPT_VALUE_H
#define GCOUNTER_SCRIPT_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/latency.h"

/*
 * Every parser returns 0 on success. On error it returns -1, leaves its
 * outputs untouched and writes a one-line message into err[0..errlen)
 * (always NUL-terminated when errlen > 0; err may be NULL when errlen is 0).
 * The message quotes the offending text but never names the option or the
 * file: the caller prefixes that.
 */

/* Size of a buffer that holds any message these parsers write. */
#define VALUE_ERR_MAX 160

/* A duration with a unit (us, ms, s, m, h): "250us", "20ms", "1.5s", "2m",
 * "0.25ms". The result must be a whole number of microseconds, at most
 * max_us. No sign, no whitespace, no bare numbers. */
int value_parse_duration(const char *text, uint64_t max_us, uint64_t *out_us,
                         char *err, size_t errlen);

/* "200ms" (lo == hi), "180-220ms" (the unit applies to both ends),
 * "180ms-220ms" or "1s-1500ms". lo <= hi <= max_us. */
int value_parse_duration_range(const char *text, uint64_t max_us,
                               uint64_t *lo_us, uint64_t *hi_us, char *err,
                               size_t errlen);

/* "20ms" -> constant, "10-50ms" -> uniform ("20-20ms" -> constant),
 * "exp:30ms" -> exponential with that mean (above 0). Every duration is at
 * most LATENCY_MAX_US. Accepts whatever latency_format writes. */
int value_parse_latency(const char *text, struct latency_model *out, char *err,
                        size_t errlen);

/* A decimal unsigned integer in [min, max]: digits only (leading zeros are
 * fine); no sign, no whitespace, no junk. */
int value_parse_uint(const char *text, uint64_t min, uint64_t max,
                     uint64_t *out, char *err, size_t errlen);

/* A decimal number in [min, max]: "50", "2.5", "0.001", "-3" (a leading '-'
 * only). No exponent, hex, inf, nan, '+', whitespace or junk; digits on both
 * sides of a '.'. Independent of the C locale. */
int value_parse_double(const char *text, double min, double max, double *out,
                       char *err, size_t errlen);

/* A probability in [0, 1]: "0.1" or "10%" (both give 0.1). */
int value_parse_probability(const char *text, double *out, char *err,
                            size_t errlen);

/* A number as value_parse_double reads it back: plain decimal, no
 * exponent, 15 significant digits (the saved log's rates and
 * probabilities). */
size_t value_format_decimal(double value, char *buf, size_t cap);

/* User text as it may appear in a one-line message: its first len bytes,
 * at most 40 of them, every byte that is not printable ASCII (a newline,
 * say) shown as '?', and "..." when it was longer. Returns buf. */
const char *value_printable(const char *text, size_t len, char *buf,
                            size_t cap);

/* What a character of user text (the valid UTF-8 character of `len`
 * bytes at s) is if it may not reach the terminal ("control character",
 * "bidirectional control"), with its code point in *cp; NULL if it may.
 * ESC and the other C0 controls are refused before (as bytes); these are
 * the C1 controls U+0080-U+009F (0x9B is an 8-bit CSI) and the bidi
 * embeddings, overrides and isolates, which reorder what follows them so
 * that a caption shows one thing and says another. */
const char *value_text_forbidden(const unsigned char *s, size_t len,
                                 uint32_t *cp);

/* The candidate closest to word, for "did you mean 'inc'?" hints, or NULL.
 * Case-insensitive edit distance (a swap of two neighbours is one edit); a
 * candidate qualifies at distance <= 2 when the edits touch at most half of
 * the longer word, so "x" never suggests "q". Ties go to the earliest
 * candidate; NULL entries are skipped. */
const char *value_suggest(const char *word, const char *const *candidates,
                          size_t count);

#endif
