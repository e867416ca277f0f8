/*
 * Fitting an event-log line: what a merge made is the sentence's point, so
 * its inputs give way before it does. Only shortens; never reorders or
 * rewrites a word, and never cuts a UTF-8 character.
 */
#include "view/logfit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "view/text.h"

#define FIT_MAX 1024

static size_t copy(const char *text, char *out, size_t cap)
{
	int w = snprintf(out, cap, "%s", text);

	return w < 0 ? 0 : (size_t)w;
}

/* Where the result's arrow is: the last arrow followed by a vector. */
static const char *result_arrow(const char *text, const char *arrow)
{
	const char *found = NULL, *at = text;
	size_t len = strlen(arrow);

	while ((at = strstr(at, arrow)) != NULL) {
		const char *next = at + len;

		if (strncmp(next, " [", 2) == 0 || strncmp(next, " +[", 3) == 0)
			found = at;
		at = next;
	}
	return found;
}

/* The last "[...]" of head[0..end) that has more than an ellipsis in it:
 * its '[' and ']' (false when none is left to shorten). */
static bool last_group(const char *head, size_t end, const char *ellipsis,
                       size_t *open, size_t *close)
{
	size_t el = strlen(ellipsis);

	while (end > 0) {
		size_t c = end, o;

		while (c > 0 && head[c - 1] != ']')
			c--;
		if (c == 0)
			return false;
		c--;
		o = c;
		while (o > 0 && head[o] != '[')
			o--;
		if (head[o] != '[')
			return false;
		/* "[…]" is as short as a vector gets. */
		if (c - o - 1 > el) {
			*open = o;
			*close = c;
			return true;
		}
		end = o;
	}
	return false;
}

size_t logfit_line(const char *text, size_t cols, const char *arrow,
                   const char *ellipsis, char *out, size_t cap)
{
	char head[FIT_MAX], cut[FIT_MAX];
	const char *at;
	int w;
	size_t tail_cols, budget, head_len, end;
	size_t el_cols = text_columns(ellipsis);

	if (text_columns(text) <= cols || cap == 0)
		return copy(text, out, cap);
	at = result_arrow(text, arrow);
	if (at == NULL || (size_t)(at - text) >= sizeof head)
		return copy(text, out, cap);
	tail_cols = text_columns(at);
	/* The result alone, with a few columns to name who made it. */
	if (tail_cols + 8 > cols)
		return copy(text, out, cap);
	budget = cols - tail_cols;
	head_len = (size_t)(at - text);
	memcpy(head, text, head_len);
	head[head_len] = '\0';
	/* The inputs first, the last one first: each keeps what fits of
	 * its start, then the ellipsis. */
	end = head_len;
	while (text_columns(head) > budget) {
		size_t open, close, inner, excess, keep;

		if (!last_group(head, end, ellipsis, &open, &close))
			break;
		inner = close - open - 1; /* digits and commas: a byte each */
		excess = text_columns(head) - budget;
		keep = inner > excess + el_cols ? inner - excess - el_cols : 0;
		/* Whole counts only: "[151,152,…]", never "[151,15…]". */
		while (keep > 0 && head[open + keep] != ',')
			keep--;
		snprintf(cut, sizeof cut, "%.*s%s%s", (int)(open + 1 + keep),
		         head, ellipsis, head + close);
		snprintf(head, sizeof head, "%s", cut);
		end = open;
	}
	/* Still too long: what is left before the arrow is cut at its end
	 * (it ends in a blank, kept before the arrow). */
	if (text_columns(head) > budget) {
		size_t keep = text_clip(
		    head, budget > el_cols + 1 ? budget - el_cols - 1 : 0);

		snprintf(cut, sizeof cut, "%.*s%s ", (int)keep, head, ellipsis);
		snprintf(head, sizeof head, "%s", cut);
	}
	w = snprintf(out, cap, "%s%s", head, at);
	return w < 0 ? 0 : (size_t)w;
}
