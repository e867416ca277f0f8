/*
 * The status line: the flash message, the last key (--show-keys), and as
 * many key hints as fit, the least needed dropped first. In the past the
 * hints are the keys that move in time.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui/dashboard-parts.h"
#include "ui/draw.h"
#include "ui/keymap.h"
#include "view/text.h"

/* A hint's keys; "1-9" names only the nodes there are ("1-4", and
 * "⇧1-4" for the shifted digits). */
static const char *hint_keys(const struct dashboard *d,
                             const struct keymap_help *hint, char *buf,
                             size_t cap)
{
	const char *keys = d->glyphs->utf8 ? hint->keys_utf8 : hint->keys_ascii;
	uint32_t n = d->summary.nodes;
	size_t len = strlen(keys);

	if (len < 3 || strcmp(keys + len - 3, "1-9") != 0 || n >= 9)
		return keys;
	if (n <= 1)
		snprintf(buf, cap, "%.*s1", (int)(len - 3), keys);
	else
		snprintf(buf, cap, "%.*s1-%" PRIu32, (int)(len - 3), keys, n);
	return buf;
}

/* Whether a hint belongs on this status line: the decrement keys only
 * where there is something to count down. */
static bool hint_shown(const struct dashboard *d,
                       const struct keymap_help *hint)
{
	return !hint->pncounter || d->summary.pn;
}

/* Columns a hint takes after the one before it: a gap, its keys, a
 * space, its words. */
static int hint_cols(const char *keys, const struct keymap_help *hint)
{
	return 3 + (int)text_columns(keys) + (int)strlen(hint->what);
}

/* Hints measured once a frame (the cutoff below sums them up to 100
 * times); a table longer than this is measured as it goes. */
#define STATUS_HINTS_MAX 64

/* Hint i's columns on this line (0 when it is not shown), from the
 * frame's measures where it has one. */
static int measured(const struct dashboard *d, const struct keymap_help *hints,
                    size_t i, const int *cols)
{
	char keys[16];

	if (i < STATUS_HINTS_MAX)
		return cols[i];
	if (!hint_shown(d, &hints[i]))
		return 0;
	return hint_cols(hint_keys(d, &hints[i], keys, sizeof keys), &hints[i]);
}

void dashboard_draw_status(const struct dashboard *d,
                           const struct dashboard_view *v, struct layout_rect r)
{
	size_t count;
	/* In the past, the keys that move in time take the line. */
	const struct keymap_help *hints =
	    d->in_past ? keymap_past_hints(&count) : keymap_hints(&count);
	int x = r.x, room, need, cutoff = 0, kept = 0;
	int cols[STATUS_HINTS_MAX]; /* a hint's columns; 0: not shown */
	char keys[16];

	draw_fill(r.y, r.x, r.w, ROLE_STATUS);
	for (size_t i = 0; i < count && i < STATUS_HINTS_MAX; i++)
		cols[i] =
		    hint_shown(d, &hints[i])
		        ? hint_cols(hint_keys(d, &hints[i], keys, sizeof keys),
		                    &hints[i])
		        : 0;
	/* The hints that always stay (? help, q quit) keep their room:
	 * a long message is cut before them, never over them (its words
	 * get what is left after its two blanks and the one after it). */
	for (size_t i = 0; i < count; i++)
		if (hints[i].priority == 0)
			kept += measured(d, hints, i, cols);
	if (v->key_caption != NULL && v->key_caption[0] != '\0') {
		x += draw_put(r.y, x, r.x + r.w - x - kept, ROLE_KEYCAP, " ");
		x += draw_put_words(d->glyphs, r.y, x, r.x + r.w - x - kept - 2,
		                    ROLE_KEYCAP, v->key_caption);
		x += draw_put(r.y, x, r.x + r.w - x - kept, ROLE_KEYCAP, " ");
		x += draw_put(r.y, x, r.x + r.w - x, ROLE_STATUS, " ");
	}
	if (v->flash != NULL && v->flash[0] != '\0') {
		x += draw_put(r.y, x, r.x + r.w - x - kept, ROLE_FLASH, " ");
		x += draw_put_words(d->glyphs, r.y, x, r.x + r.w - x - kept - 2,
		                    ROLE_FLASH, v->flash);
		x += draw_put(r.y, x, r.x + r.w - x - kept, ROLE_FLASH, " ");
		x += draw_put(r.y, x, r.x + r.w - x, ROLE_STATUS, " ");
	}
	room = r.x + r.w - x;
	if (v->presenter_hidden)
		return;
	/* Drop the least needed hints until the rest fit. */
	for (cutoff = 100; cutoff > 0; cutoff--) {
		need = 0;
		for (size_t i = 0; i < count; i++)
			if (hints[i].priority <= cutoff)
				need += measured(d, hints, i, cols);
		if (need <= room)
			break;
	}
	for (size_t i = 0; i < count; i++) {
		if (hints[i].priority > cutoff || !hint_shown(d, &hints[i]))
			continue;
		x += x == r.x ? 1 : 2;
		x += draw_put(r.y, x, r.x + r.w - x, ROLE_STATUS_KEY,
		              hint_keys(d, &hints[i], keys, sizeof keys));
		x += draw_putf(r.y, x, r.x + r.w - x, ROLE_STATUS, " %s",
		               hints[i].what);
	}
}
