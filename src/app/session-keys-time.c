/*
 * The presenter's keys for going back in time: stepping back, moments
 * that matter, chapters, the timeline. Each only moves the moment shown
 * (session-past.c); changing the world there is the other keys' doing,
 * and forks.
 */
#include <stdio.h>

#include "app/session-internal.h"
#include "app/session-keys-time.h"

void session_act_step_back(struct session *s, int arg)
{
	(void)arg;
	past_move(s, PAST_EVENT, -1);
	session_did(s, "step back");
}

static void moment(struct session *s, int dir)
{
	session_run(s, false);
	past_move(s, PAST_MOMENT, dir);
	session_did(s, "%s moment", dir < 0 ? "previous" : "next");
}

void session_act_moment_prev(struct session *s, int arg)
{
	(void)arg;
	moment(s, -1);
}

void session_act_moment_next(struct session *s, int arg)
{
	(void)arg;
	moment(s, 1);
}

static void chapter(struct session *s, int dir)
{
	if (s->player == NULL) {
		session_flash(s, "chapters are a scenario's pauses: this run "
		                 "has none ([ ] jump between moments)");
		return;
	}
	session_run(s, false);
	past_move(s, PAST_CHAPTER, dir);
	session_did(s, "%s chapter", dir < 0 ? "previous" : "next");
}

void session_act_chapter_prev(struct session *s, int arg)
{
	(void)arg;
	chapter(s, -1);
}

void session_act_chapter_next(struct session *s, int arg)
{
	(void)arg;
	chapter(s, 1);
}

/* A coarse step on the timeline: a 40th of the run so far. */
static void timeline_step(struct session *s, int dir)
{
	uint64_t span = s->in_past ? sim_now(s->present.sim) : sim_now(s->sim);
	uint64_t step = span / 40 > 1000 ? span / 40 : 1000;
	uint64_t now = sim_now(s->sim);

	if (dir > 0 && !s->in_past) {
		session_flash(s, "this is the present: space runs on");
		return;
	}
	session_run(s, false);
	past_seek_time(s, dir < 0 ? (now > step ? now - step : 0) : now + step);
	session_did(s, "timeline %s", dir < 0 ? "back" : "forward");
}

void session_act_time_back(struct session *s, int arg)
{
	(void)arg;
	timeline_step(s, -1);
}

void session_act_time_forward(struct session *s, int arg)
{
	(void)arg;
	timeline_step(s, 1);
}

void session_act_time_start(struct session *s, int arg)
{
	(void)arg;
	past_move(s, PAST_END, -1);
	session_did(s, "the start");
}

void session_act_time_present(struct session *s, int arg)
{
	(void)arg;
	if (!s->in_past) {
		session_flash(s, "this is the present already");
		return;
	}
	past_move(s, PAST_END, 1);
	session_did(s, "the present");
}

void session_act_timeline(struct session *s, int arg)
{
	(void)arg;
	s->show_timeline = !s->show_timeline;
	session_did(s, "timeline %s", s->show_timeline ? "shown" : "hidden");
}

void session_act_jump_mode(struct session *s, int arg)
{
	(void)arg;
	s->jump_moments = !s->jump_moments;
	session_flash(s, "%s",
	              s->jump_moments
	                  ? "PgUp/PgDn jump between moments that matter (j: "
	                    "single events)"
	                  : "PgUp/PgDn step one event (j: moments)");
	session_did(s, "jump by %s", s->jump_moments ? "moments" : "events");
}
