/*
 * A lesson played by a clicker: the title card waits for space (or '.',
 * Page Down) to begin its chapter; at a chapter's end the same keys go on
 * to the next chapter's card; Page Up at a card goes back to the chapter
 * before, from its start (a chapter is its own world, so going back
 * across chapters is loading one anew, not time travel; inside a chapter
 * Page Up travels in time as ever). No curses, no clock.
 */
#include <stdio.h>

#include "app/session-internal.h"

bool session_card_shown(const struct session *s)
{
	return s->lesson != NULL && s->card;
}

/* The card goes and the clock runs (the bits stay in todo for the
 * caller's driver). */
static void begin(struct session *s)
{
	if (s->lesson == NULL || !s->card)
		return;
	s->card = false;
	eventlog_note(s->log, sim_now(s->sim), "chapter %zu of %zu: %s",
	              s->chapter + 1, s->lesson->count, s->card_view.title);
	session_run(s, true);
	s->todo |= SESSION_REDRAW_FULL;
}

unsigned session_begin_chapter(struct session *s)
{
	begin(s);
	return session_take(s);
}

/* Loads a chapter; a failure (the file changed or went since the
 * start, say) is said in the status line, the card's too, and the
 * chapter shown stays. */
static bool load(struct session *s, size_t chapter)
{
	char err[512];

	if (session_load_chapter(s, chapter, err, sizeof err) == 0)
		return true;
	session_flash(s, "chapter %zu did not load: %s", chapter + 1, err);
	return false;
}

bool session_next_chapter(struct session *s)
{
	if (s->lesson == NULL || s->chapter + 1 >= s->lesson->count)
		return false;
	return load(s, s->chapter + 1);
}

bool session_lesson_key(struct session *s, enum keymap_action which)
{
	bool go = which == ACTION_PAUSE || which == ACTION_STEP ||
	          which == ACTION_CLICK_NEXT;

	if (s->lesson == NULL)
		return false;
	if (s->card) {
		if (go) {
			begin(s);
			session_did(s, "begin chapter %zu", s->chapter + 1);
			return true;
		}
		if (which == ACTION_CLICK_BACK || which == ACTION_STEP_BACK) {
			if (s->chapter == 0)
				session_flash(s, "this is the first chapter");
			else if (load(s, s->chapter - 1))
				session_did(s, "back to chapter %zu",
				            s->chapter + 1);
			return true;
		}
		/* Help and quitting work on a card; what would change or
		 * move the world waits until the chapter begins. */
		if (which == ACTION_HELP || which == ACTION_CLOSE ||
		    which == ACTION_QUIT || which == ACTION_REDRAW ||
		    which == ACTION_BIG)
			return false;
		session_flash(s, "press space to begin the chapter");
		return true;
	}
	if (go && !s->in_past && player_ended(s->player)) {
		if (s->chapter + 1 >= s->lesson->count) {
			session_flash(s, "the lesson has ended: q quits");
			return true;
		}
		if (load(s, s->chapter + 1))
			session_did(s, "on to chapter %zu", s->chapter + 1);
		return true;
	}
	return false;
}
