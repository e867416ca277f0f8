/*
 * Asciicast v2 files (https://docs.asciinema.org/manual/asciicast/v2/):
 * a header line, then one JSON array per event - "o" the bytes sent to
 * the terminal, "m" a marker (a chapter), "r" a resize. Written as they
 * come; a failure to write is kept and reported once, at the end, so a
 * full disk never stops a live demo.
 */
#ifndef GCOUNTER_APP_RECORD_H
#define GCOUNTER_APP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cast;
struct palette;

/* Opens path for writing; `option` ("--record") names it in errors. NULL
 * and one line in err if it cannot be opened. */
struct cast *cast_open(const char *path, const char *option, char *err,
                       size_t errlen);
struct cast_header {
	int width, height;
	const char *title;  /* NULL: none */
	const char *term;   /* env TERM */
	const char *shell;  /* env SHELL */
	uint64_t timestamp; /* unix time of the start; 0: left out */
	/* The colours the cast is meant in (asciicast v2 "theme"), so a
	 * player draws a light theme on light; NULL: left out. */
	const struct palette *theme;
};
/* Writes the header line and flushes it, so that a full disk or a
 * read-only file shows now: 0, or -1 with one line in err. */
int cast_write_header(struct cast *cast, const struct cast_header *header,
                      char *err, size_t errlen);
/* "o": bytes sent to the terminal at t_us after the start. A UTF-8
 * character cut between two calls is joined, not mangled. */
void cast_output(struct cast *cast, uint64_t t_us, const char *bytes,
                 size_t len);
/* An "o" event with no bytes: the cast lasts until t_us (a hold). */
void cast_hold(struct cast *cast, uint64_t t_us);
/* "m": a marker with its label. */
void cast_marker(struct cast *cast, uint64_t t_us, const char *label);
/* "r": the terminal is now cols x rows. */
void cast_resize(struct cast *cast, uint64_t t_us, int cols, int rows);
/* The time of the last event written (timestamps never go back). */
uint64_t cast_last_us(const struct cast *cast);
/* Flushes and closes, and renames the file into place (outfile.h); NULL is
 * a no-op. 0, or -1 with one line in err if anything could not be written
 * (and then what was at the path is left as it was). */
int cast_close(struct cast *cast, char *err, size_t errlen);
/* Closes without putting the file in place (a run given up); NULL is a
 * no-op. */
void cast_discard(struct cast *cast);

/*
 * JSON-escapes in[0..len) into out (NUL-terminated; out must hold 6 bytes
 * per input byte, plus 1): quotes and backslashes escaped, control
 * characters (and DEL) as \u00XX, valid UTF-8 passed through, any other
 * byte as U+FFFD. With `partial`, an incomplete character at the end is
 * left for the next call: the return value is the input bytes used.
 */
size_t cast_json_escape(const char *in, size_t len, bool partial, char *out,
                        size_t *out_len);

#endif
