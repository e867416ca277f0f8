/*
 * The scenario parser's own parts, shared by its files (scenario.c: lines
 * and files and settings; scenario-parse-words.c: words and pieces of
 * lines; scenario-parse-timed.c: timed lines). Nothing outside script/
 * includes it.
 */
#ifndef GCOUNTER_SCRIPT_SCENARIO_PARSE_H
#define GCOUNTER_SCRIPT_SCENARIO_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script/scenario.h"
#include "script/settings.h"
#include "script/value.h"

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
	/* The last wait line: 1 + its index, and its line (0: none yet). */
	uint32_t wait_index;
	uint32_t wait_line;
	size_t caption_col; /* where the caption's text starts, for errors */
	char *err;
	size_t errlen;
};

/* --- errors and words (scenario-parse-words.c) --- */

int sp_err(struct parser *p, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A token as printable text for messages. */
const char *sp_show(const struct token *t, char *buf, size_t cap);
bool sp_blank(char c);
/* The next word, or false at the end of the line or a comment. */
bool sp_next(struct parser *p, struct token *t);
bool sp_is(const struct token *t, const char *word);
/* Copies a token into a NUL-terminated buffer for the value parsers. */
int sp_token_string(struct parser *p, const struct token *t, char *buf,
                    size_t cap);
/* Requires one more word; `what` says what was expected. */
int sp_expect_word(struct parser *p, struct token *t, const char *what);
int sp_end(struct parser *p);

/* Runs a script/value parser over a token; its message gets our place. */
#define VALUE(p, t, call)                                                      \
	do {                                                                   \
		char text_[TOKEN_MAX], why_[VALUE_ERR_MAX];                    \
		const char *text = text_;                                      \
		char *why = why_;                                              \
		size_t whylen = sizeof why_;                                   \
		if (sp_token_string((p), (t), text_, sizeof text_) != 0)       \
			return -1;                                             \
		if ((call) != 0)                                               \
			return sp_err((p), (t)->col, "%s", why_);              \
		(void)text;                                                    \
		(void)why;                                                     \
		(void)whylen;                                                  \
	} while (0)

/* "n3" (1 to the world's nodes), or "relay" when allowed. */
int sp_node(struct parser *p, uint32_t *node, bool relay_ok);
/* The value of a setting: one word, read by the settings table. */
int sp_value(struct parser *p, const struct setting *setting,
             enum setting_source from, struct setting_value *value);
/* A double-quoted string with \" and \\ escapes, into buf. */
int sp_text(struct parser *p, char *buf, size_t cap);
int sp_compare(struct parser *p, enum compare_op *op);
int sp_count(struct parser *p, uint64_t max, uint64_t *out);
/* A whole number that may be negative: "-3", "12". */
int sp_signed(struct parser *p, int64_t *out);
/* The scenario setting a word names, or NULL. */
const struct setting *sp_setting_named(const struct token *t);

/* --- timed lines (scenario-parse-timed.c) --- */

int sp_timed(struct parser *p, struct token *word);

#endif
