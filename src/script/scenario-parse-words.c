/*
 * The scenario parser's words: errors with their place, tokens, and the
 * pieces of lines (a node, a setting's value, quoted text, a comparison,
 * numbers). It never trusts the input: lengths are bounded before use and
 * bytes checked before they are printed.
 */
#include "script/scenario-parse.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- errors ----------------------------------------------------------------
 */

int sp_err(struct parser *p, size_t col, const char *fmt, ...)
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
const char *sp_show(const struct token *t, char *buf, size_t cap)
{
	return value_printable(t->text, t->len, buf, cap);
}

/* --- tokens ----------------------------------------------------------------
 */

bool sp_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next word, or false at the end of the line or a comment. */
bool sp_next(struct parser *p, struct token *t)
{
	while (p->pos < p->len && sp_blank(p->line[p->pos]))
		p->pos++;
	if (p->pos >= p->len || p->line[p->pos] == '#')
		return false;
	t->text = p->line + p->pos;
	t->col = p->pos + 1;
	while (p->pos < p->len && !sp_blank(p->line[p->pos]))
		p->pos++;
	t->len = (size_t)(p->line + p->pos - t->text);
	return true;
}

bool sp_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && memcmp(t->text, word, t->len) == 0;
}

/* Copies a token into a NUL-terminated buffer for the value parsers. */
int sp_token_string(struct parser *p, const struct token *t, char *buf,
                    size_t cap)
{
	char shown[64];

	if (t->len >= cap)
		return sp_err(p, t->col, "'%s' is too long",
		              sp_show(t, shown, sizeof shown));
	memcpy(buf, t->text, t->len);
	buf[t->len] = '\0';
	return 0;
}

/* Requires one more word; `what` says what was expected. */
int sp_expect_word(struct parser *p, struct token *t, const char *what)
{
	if (sp_next(p, t))
		return 0;
	return sp_err(p, p->pos + 1, "expected %s", what);
}

int sp_end(struct parser *p)
{
	struct token t = {0};
	char shown[64];

	if (!sp_next(p, &t))
		return 0;
	return sp_err(p, t.col, "unexpected '%s' at the end of the line",
	              sp_show(&t, shown, sizeof shown));
}

/* --- pieces of lines -------------------------------------------------------
 */

/* "n3" (1 to the world's nodes), or "relay" when allowed. */
int sp_node(struct parser *p, uint32_t *node, bool relay_ok)
{
	struct token t = {0};
	char shown[64], digits[TOKEN_MAX];
	uint64_t number;
	uint32_t nodes = p->sc->config.nodes;

	if (sp_expect_word(p, &t,
	                   relay_ok ? "a node (n1, n2, ...) or relay"
	                            : "a node (n1, n2, ...)") != 0)
		return -1;
	if (relay_ok && sp_is(&t, "relay")) {
		*node = SIM_RELAY;
		return 0;
	}
	if (t.len < 2 || t.text[0] != 'n' || t.len - 1 >= sizeof digits)
		return sp_err(p, t.col, "expected a node like n1%s, got '%s'",
		              relay_ok ? " or relay" : "",
		              sp_show(&t, shown, sizeof shown));
	memcpy(digits, t.text + 1, t.len - 1);
	digits[t.len - 1] = '\0';
	if (value_parse_uint(digits, 1, UINT32_MAX, &number, NULL, 0) != 0)
		return sp_err(p, t.col, "expected a node like n1, got '%s'",
		              sp_show(&t, shown, sizeof shown));
	if (number > nodes)
		return sp_err(p, t.col,
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
int sp_value(struct parser *p, const struct setting *setting,
             enum setting_source from, struct setting_value *value)
{
	struct token t = {0};
	char text[TOKEN_MAX], why[VALUE_ERR_MAX];

	if (sp_expect_word(p, &t, setting->what ? setting->what : "a value") !=
	        0 ||
	    sp_token_string(p, &t, text, sizeof text) != 0)
		return -1;
	if (settings_parse(setting, from, text, value, why, sizeof why) != 0)
		return sp_err(p, t.col, "%s", why);
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
		return sp_err(p, p->pos + 1, "%s U+%04X in text", what,
		              (unsigned)cp);
	return 0;
}

/* A double-quoted string with \" and \\ escapes, into buf. */
int sp_text(struct parser *p, char *buf, size_t cap)
{
	size_t n = 0, start;

	while (p->pos < p->len && sp_blank(p->line[p->pos]))
		p->pos++;
	if (p->pos >= p->len || p->line[p->pos] != '"')
		return sp_err(p, p->pos + 1, "expected text in double quotes");
	start = p->pos + 1;
	p->pos++;
	for (;;) {
		const unsigned char *s;
		size_t step;

		if (p->pos >= p->len)
			return sp_err(p, start,
			              "unterminated text: add a '\"'");
		s = (const unsigned char *)p->line + p->pos;
		if (s[0] == '"') {
			p->pos++;
			break;
		}
		if (s[0] == '\\') {
			if (p->pos + 1 >= p->len ||
			    (s[1] != '"' && s[1] != '\\'))
				return sp_err(
				    p, p->pos + 1,
				    "unknown escape (use \\\" or \\\\)");
			p->pos++;
			s++;
		}
		step = utf8_length(s, p->len - p->pos);
		if (step == 0)
			return sp_err(p, p->pos + 1, "invalid UTF-8 in text");
		if (check_char(p, s, step) != 0)
			return -1;
		if (n + step > cap - 1)
			return sp_err(p, start, "text longer than %u bytes",
			              (unsigned)(cap - 1));
		memcpy(buf + n, s, step);
		n += step;
		p->pos += step;
	}
	buf[n] = '\0';
	return 0;
}

int sp_compare(struct parser *p, enum compare_op *op)
{
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
	struct token t = {0};
	char shown[64];

	if (sp_expect_word(p, &t, "a comparison (==, !=, <, <=, >, >=)") != 0)
		return -1;
	for (size_t i = 0; i < 6; i++) {
		if (sp_is(&t, ops[i])) {
			*op = (enum compare_op)i;
			return 0;
		}
	}
	return sp_err(p, t.col,
	              "expected a comparison (==, !=, <, <=, >, >=), got '%s'",
	              sp_show(&t, shown, sizeof shown));
}

int sp_count(struct parser *p, uint64_t max, uint64_t *out)
{
	struct token t = {0};

	if (sp_expect_word(p, &t, "a number") != 0)
		return -1;
	VALUE(p, &t, value_parse_uint(text, 0, max, out, why, whylen));
	return 0;
}

/* A whole number that may be negative: "-3", "12". */
int sp_signed(struct parser *p, int64_t *out)
{
	struct token t = {0};
	uint64_t magnitude;
	bool negative;

	if (sp_expect_word(p, &t, "a number") != 0)
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

/* The scenario setting a word names, or NULL. */
const struct setting *sp_setting_named(const struct token *t)
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
