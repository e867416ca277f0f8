/*
 * Lessons (#14): the scenario language's wait, speed, about and live
 * captions; the player's waits, the same whether played flat out, paced
 * or a unit at a time; the presenter's changes turning checks off; and
 * lessons read from a lesson file or a folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/lesson-headless.h"
#include "app/lesson-load.h"
#include "app/options.h"
#include "app/session.h"
#include "ui/keymap.h"

#include <curses.h>
#include "script/lesson.h"
#include "script/player.h"
#include "script/scenario.h"
#include "sim/sim.h"

static int parse(const char *text, struct scenario *sc, char *err,
                 size_t errlen)
{
	return scenario_parse("t.gcs", text, strlen(text), sc, err, errlen);
}

static void refused(const char *text, const char *message)
{
	struct scenario sc;
	char err[256];

	assert_int_equal(parse(text, &sc, err, sizeof err), -1);
	if (strstr(err, message) == NULL)
		fail_msg("'%s' for %s", err, text);
}

static void test_the_language_reads_wait_speed_about(void **state)
{
	struct scenario sc;
	char err[256];

	(void)state;
	assert_int_equal(parse("about \"One.\"\nabout \"Two.\"\nnodes 3\n"
	                       "at 1s inc n1\n"
	                       "wait n3 has n1 within 2s\n"
	                       "after 500ms caption \"{value n3} of {truth}\"\n"
	                       "wait converged\n"
	                       "speed 0.25\n",
	                       &sc, err, sizeof err),
	                 0);
	assert_string_equal(sc.about, "One. Two.");
	assert_int_equal(sc.count, 5);
	assert_int_equal(sc.items[1].kind, ITEM_WAIT);
	assert_int_equal(sc.items[1].expect.kind, EXPECT_HAS);
	assert_int_equal(sc.items[1].expect.node, 2);
	assert_int_equal(sc.items[1].expect.other, 0);
	assert_int_equal(sc.items[1].timeout_us, 2000000);
	assert_int_equal(sc.items[1].after_wait, 0);
	/* Timed from when the wait before it ended. */
	assert_int_equal(sc.items[2].after_wait, 2);
	assert_int_equal(sc.items[2].time_us, 500000);
	assert_int_equal(sc.items[3].timeout_us, SCENARIO_WAIT_DEFAULT_US);
	assert_int_equal(sc.items[4].kind, ITEM_SPEED);
	assert_true(sc.items[4].speed == 0.25);
	scenario_free(&sc);
}

static void test_the_language_refuses_what_it_cannot_mean(void **state)
{
	(void)state;
	refused("at 0s wait converged\nat 1s inc n1\n",
	        "t.gcs:2:1: after a wait (line 1), times count from when it "
	        "ends: use 'after'");
	refused("nodes 2\nat 0s wait n1 hs n2\n",
	        "t.gcs:2:15: expected has (as in: n3 has n1), got 'hs'");
	refused("nodes 2\nat 0s wait n1 has n5\n", "no node n5");
	refused("at 0s wait converged for 2s\n", "expected 'within'");
	refused("at 0s wait converged within 0s\n", "a time above 0");
	refused("at 0s caption \"{bogus}\"\n", "unknown live value '{bogus}'");
	/* What was written, spaces and all (not '{}'). */
	refused("nodes 2\nat 0s caption \"{ value n1 }\"\n",
	        "unknown live value '{ value n1 }'");
	refused("nodes 2\nat 0s caption \"{value n3}\"\n",
	        "no node n3 (this scenario has 2 nodes)");
	refused("at 0s caption \"{value}\"\n", "{value} takes a node");
	refused("at 0s caption \"a { b\"\n", "'{' without '}'");
	refused("at 0s caption \"a } b\"\n", "'}' without '{'");
	refused("at 0s speed 100\n", "speed:");
	refused("at 0s speed 0.01\n", "too slow");
	refused("at 0s wait converged\nafter 1s step 3 inc n1\n",
	        "cannot follow a wait");
}

static void test_live_values_are_read_from_the_world(void **state)
{
	struct sim_config config;
	struct sim *sim;
	struct command inc = {.kind = CMD_INCREMENT, .node = 1, .amount = 4};
	char err[128], text[128];

	(void)state;
	sim_config_defaults(&config);
	config.nodes = 3;
	sim = sim_new(&config, err, sizeof err);
	assert_non_null(sim);
	assert_int_equal(sim_apply(sim, &inc, err, sizeof err), 0);
	scenario_caption_render("n2 {value n2}, n1 {value n1}, all {truth}; "
	                        "{{braces}} {lost}",
	                        sim, text, sizeof text);
	assert_string_equal(text, "n2 4, n1 0, all 4; {braces} 0");
	assert_false(scenario_caption_live("plain"));
	assert_true(scenario_caption_live("{truth}"));
	/* A short buffer is cut, never overrun. */
	scenario_caption_render("{truth}{truth}", sim, text, 3);
	assert_string_equal(text, "44");
	scenario_caption_render("{truth}{truth}", sim, text, 2);
	assert_string_equal(text, "4");
	sim_free(sim);
}

struct heard {
	unsigned failures, captions, speeds;
	uint32_t failed_line;
	uint64_t caption_us;
	char what[256];
};

static void heard_failure(void *ctx, const struct scenario_item *item,
                          const char *what, bool broken)
{
	struct heard *h = ctx;

	(void)broken;
	h->failures++;
	h->failed_line = item->line;
	snprintf(h->what, sizeof h->what, "%s", what);
}

static void heard_expect(void *ctx, const struct scenario_item *item,
                         const char *what, const char *got)
{
	struct heard *h = ctx;

	(void)what;
	if (got != NULL) {
		h->failures++;
		h->failed_line = item->line;
	}
}

static void heard_caption(void *ctx, const struct scenario_item *item)
{
	struct heard *h = ctx;

	h->captions++;
	h->caption_us = item->time_us;
}

static void heard_speed(void *ctx, const struct scenario_item *item)
{
	struct heard *h = ctx;

	(void)item;
	h->speeds++;
}

static const struct player_hooks heard_hooks = {
    .failure = heard_failure,
    .expect = heard_expect,
    .caption = heard_caption,
    .speed = heard_speed,
};

static const char waiting[] = "nodes 4\nseed 3\nlatency 20-60ms\n"
                              "at 1s inc n1 x3\n"
                              "wait n4 has n1 within 5s\n"
                              "expect value n4 == 3\n"
                              "after 100ms caption \"heard\"\n"
                              "wait converged\n"
                              "expect converged\n"
                              "speed 2\n"
                              "after 1s end\n";

/* Plays `text` in one of three ways; the world and what was heard. */
enum how { FLAT, PACED, UNITS };

static struct sim *play_as(const char *text, enum how how, struct heard *h,
                           struct player **out)
{
	struct scenario sc;
	struct sim *sim;
	struct player *p;
	char err[256];
	uint64_t t = 0, next;

	assert_int_equal(parse(text, &sc, err, sizeof err), 0);
	sim = sim_new(&sc.config, err, sizeof err);
	assert_non_null(sim);
	memset(h, 0, sizeof *h);
	p = player_new(&sc, "t.gcs", &heard_hooks, h);
	while (!player_ended(p)) {
		if (how == FLAT) {
			if (!player_play_next(p, sim))
				break;
		} else if (how == PACED) {
			t += 7000; /* 7 ms frames */
			player_advance(p, sim, t);
		} else if (!player_step(p, sim)) {
			if (!sim_next_event_time(sim, &next))
				break;
			sim_step(sim);
		}
	}
	*out = p;
	return sim;
}

static void test_a_wait_ends_when_it_holds_the_same_every_way(void **state)
{
	struct heard h[3];
	struct sim *sims[3];
	struct player *players[3];

	(void)state;
	for (int how = FLAT; how <= UNITS; how++) {
		sims[how] =
		    play_as(waiting, (enum how)how, &h[how], &players[how]);
		assert_int_equal(h[how].failures, 0);
		assert_int_equal(h[how].captions, 1);
		assert_int_equal(h[how].speeds, 1);
		/* The caption came 100ms after n4 heard, not at a fixed
		 * time: later than 1.1s, as the news took its time. */
		assert_true(h[how].caption_us > 1100000);
	}
	/* One meaning whatever plays it: the same lines at the same
	 * moments, so the same world at the end line. */
	for (int how = PACED; how <= UNITS; how++) {
		assert_int_equal(h[how].caption_us, h[FLAT].caption_us);
		assert_int_equal(sim_events_run(sims[how]),
		                 sim_events_run(sims[FLAT]));
		assert_int_equal(sim_state_hash(sims[how]),
		                 sim_state_hash(sims[FLAT]));
	}
	for (int how = FLAT; how <= UNITS; how++) {
		player_free(players[how]);
		sim_free(sims[how]);
	}
}

static void test_a_wait_that_times_out_names_its_line(void **state)
{
	/* A partitioned node never hears: the wait gives up at 2s. */
	static const char never[] = "nodes 3\nseed 1\n"
	                            "at 0s partition n3\n"
	                            "inc n1\n"
	                            "wait n3 has n1 within 2s\n"
	                            "caption \"after\"\n";
	struct heard h;
	struct player *p;
	struct sim *sim = play_as(never, FLAT, &h, &p);
	char verdict[512];

	(void)state;
	assert_int_equal(h.failures, 1);
	assert_int_equal(h.failed_line, 5);
	assert_string_equal(h.what,
	                    "waited 2s for n3 has n1: still 0 of its 1");
	/* The scenario goes on, from the deadline. */
	assert_int_equal(h.captions, 1);
	assert_int_equal(h.caption_us, 2000000);
	assert_true(player_verdict(p, verdict, sizeof verdict));
	assert_non_null(strstr(verdict, "t.gcs:5: waited 2s for n3 has n1"));
	player_free(p);
	sim_free(sim);
}

static void test_the_presenters_change_turns_checks_off(void **state)
{
	static const char text[] = "nodes 2\nseed 1\n"
	                           "at 1s expect value n1 == 0\n"
	                           "after 1s expect value n1 == 0\n"
	                           "wait value n2 == 99 within 1s\n";
	struct scenario sc;
	struct heard h = {0};
	struct player *p;
	struct sim *sim;
	struct command inc = {.kind = CMD_INCREMENT, .node = 0, .amount = 1};
	char err[256];

	(void)state;
	assert_int_equal(parse(text, &sc, err, sizeof err), 0);
	sim = sim_new(&sc.config, err, sizeof err);
	p = player_new(&sc, "t.gcs", &heard_hooks, &h);
	assert_true(player_play_next(p, sim));
	assert_int_equal(h.failures, 0);
	/* The presenter presses 1: the script's numbers are off. */
	assert_int_equal(sim_apply(sim, &inc, err, sizeof err), 0);
	assert_true(player_set_unchecked(p));
	assert_false(player_set_unchecked(p)); /* said once */
	while (player_play_next(p, sim))
		;
	assert_int_equal(h.failures, 0);
	assert_int_equal(player_failures(p), 0);
	/* Played again from the top, the checks are back. */
	player_rewind(p);
	assert_false(player_unchecked(p));
	player_free(p);
	sim_free(sim);
}

static void test_a_lesson_file_lists_its_chapters(void **state)
{
	static const char text[] = "# a lesson\n"
	                           "title \"Counting\"\n"
	                           "\n"
	                           "  one.gcs  \n"
	                           "/abs/two.gcs\n";
	struct lesson l;
	char err[256];

	(void)state;
	assert_int_equal(
	    lesson_parse("l", text, strlen(text), "dir", &l, err, sizeof err),
	    0);
	assert_string_equal(l.title, "Counting");
	assert_int_equal(l.count, 2);
	assert_string_equal(l.paths[0], "dir/one.gcs");
	assert_string_equal(l.paths[1], "/abs/two.gcs");
	lesson_free(&l);
	assert_int_equal(
	    lesson_parse("l", "# nothing\n", 10, NULL, &l, err, sizeof err),
	    -1);
	assert_string_equal(err, "l: no scenarios listed (one path a line)");
	assert_int_equal(lesson_parse("l", "a.gcs\ntitle \"x\n", 16, NULL, &l,
	                              err, sizeof err),
	                 -1);
	assert_string_equal(err, "l:2: unterminated title: add a '\"'");
}

static void test_the_shipped_lesson_loads(void **state)
{
	char err[512];
	struct lesson *l;

	(void)state;
	l = lesson_load(GCOUNTER_ASSETS "/lessons/g-counter", NULL, 0, err,
	                sizeof err);
	if (l == NULL)
		fail_msg("%s", err);
	assert_int_equal(l->count, 8);
	assert_string_equal(l->title,
	                    "G-Counters: counting without coordination");
	assert_non_null(strstr(l->paths[0], "01-original-design.gcs"));
	assert_non_null(strstr(l->paths[5], "09-amnesia.gcs"));
	lesson_destroy(l);
	/* A folder with no lesson file: its scenarios in name order. */
	l = lesson_load(GCOUNTER_ASSETS "/scenarios", NULL, 0, err, sizeof err);
	assert_non_null(l);
	assert_true(l->count >= 9);
	for (size_t i = 1; i < l->count; i++)
		assert_true(strcmp(l->paths[i - 1], l->paths[i]) < 0);
	lesson_destroy(l);
}

static void test_a_bad_chapter_is_refused_before_the_talk(void **state)
{
	char dir[] = "/tmp/gcounter-lesson-XXXXXX", path[256], err[512];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/lesson", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("good.gcs\nbad.gcs\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/good.gcs", dir);
	f = fopen(path, "w");
	fputs("nodes 2\nat 0s inc n1\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/bad.gcs", dir);
	f = fopen(path, "w");
	fputs("nodes 2\nat 0s inc n7\n", f);
	fclose(f);
	assert_null(lesson_load(dir, NULL, 0, err, sizeof err));
	assert_non_null(strstr(err, "bad.gcs:2:"));
	assert_non_null(strstr(err, "no node n7"));
	/* ... after the lesson's line that named the chapter. */
	assert_non_null(strstr(err, "/lesson:2: "));
	unlink(path);
	/* A chapter that is not there is named by the lesson's line too. */
	snprintf(path, sizeof path, "%s/lesson", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("good.gcs\n# gone since\nmissing.gcs\n", f);
	fclose(f);
	assert_null(lesson_load(dir, NULL, 0, err, sizeof err));
	assert_non_null(strstr(err, "/lesson:3: "));
	assert_non_null(strstr(err, "missing.gcs: No such file"));
	snprintf(path, sizeof path, "%s/good.gcs", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/lesson", dir);
	unlink(path);
	/* An empty folder has nothing to play. */
	assert_null(lesson_load(dir, NULL, 0, err, sizeof err));
	assert_non_null(strstr(err, "no scenarios"));
	rmdir(dir);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

/* --headless --lesson (or two --script): every chapter runs; a failure
 * names its line and its chapter, and the status says so. */
static void test_a_headless_lesson_names_the_failing_chapter(void **state)
{
	char dir[] = "/tmp/gcounter-lesson-XXXXXX", err[512], good[256],
	     bad[256];
	char *argv_dir[] = {"gcounter", "--headless", "--lesson", dir};
	char *argv_two[] = {"gcounter", "--headless", "--script",
	                    good,       "--script",   bad};
	char **argvs[] = {argv_dir, argv_two};
	int argcs[] = {4, 6};

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "01-good.gcs",
	           "nodes 2\nseed 1\nat 0s inc n1\nwait converged\n"
	           "expect value n2 == 1\n");
	write_file(dir, "02-bad.gcs",
	           "nodes 2\nseed 1\nat 0s inc n1\nwait converged\n"
	           "expect value n2 == 9\n");
	snprintf(good, sizeof good, "%s/01-good.gcs", dir);
	snprintf(bad, sizeof bad, "%s/02-bad.gcs", dir);
	for (int i = 0; i < 2; i++) {
		struct options opts;
		char *out_text = NULL, *err_text = NULL;
		size_t out_len = 0, err_len = 0;
		FILE *out, *errout;
		int status;

		assert_int_equal(options_parse(argcs[i], argvs[i], 1, &opts,
		                               stdout, err, sizeof err),
		                 OPTIONS_RUN);
		opts.lesson = lesson_load(
		    opts.lesson_path, opts.scripts,
		    opts.lesson_path ? 0 : opts.script_count, err, sizeof err);
		if (opts.lesson == NULL)
			fail_msg("%s", err);
		assert_int_equal(opts.lesson->count, 2);
		out = open_memstream(&out_text, &out_len);
		errout = open_memstream(&err_text, &err_len);
		status = lesson_headless_run(&opts, out, errout);
		fclose(out);
		fclose(errout);
		assert_int_equal(status, 1);
		assert_non_null(strstr(out_text, "== chapter 1 of 2: "));
		assert_non_null(strstr(out_text, "== chapter 2 of 2: "));
		assert_non_null(strstr(
		    err_text, "02-bad.gcs:5: expected value n2 == 9, got 1"));
		assert_non_null(strstr(err_text, "gcounter: chapter 2 of 2 ("));
		assert_non_null(strstr(err_text, "02-bad.gcs) failed"));
		assert_null(strstr(err_text, "chapter 1 of 2 ("));
		free(out_text);
		free(err_text);
		lesson_destroy(opts.lesson);
	}
	remove_file(dir, "01-good.gcs");
	remove_file(dir, "02-bad.gcs");
	rmdir(dir);
}

static unsigned press(struct session *s, int key)
{
	struct keymap_hit hit = keymap_lookup(key);

	return session_key(s, &hit);
}

static const struct dashboard_card *card_of(const struct session *s,
                                            struct dashboard_view *view)
{
	session_view(s, view);
	return view->card;
}

/* A session on the lesson in dir (its chapters written already), at its
 * first card; opts keeps the lesson, for a second session on it. */
static struct session *open_deck(char *dir, struct options *opts)
{
	char *argv[] = {"gcounter", "--lesson", dir};
	char err[512];
	struct session *s;

	assert_int_equal(
	    options_parse(3, argv, 1, opts, stdout, err, sizeof err),
	    OPTIONS_RUN);
	opts->lesson = lesson_load(opts->lesson_path, NULL, 0, err, sizeof err);
	assert_non_null(opts->lesson);
	opts->script_path = opts->lesson->paths[0];
	s = session_new(opts, true, NULL, err, sizeof err);
	assert_non_null(s);
	return s;
}

/* The deck on the session, with no driver: the card holds the clock, the
 * clicker begins a chapter, goes on at its end, and Page Up at a card
 * loads the chapter before from its start. */
static void test_the_clicker_walks_the_deck(void **state)
{
	char dir[] = "/tmp/gcounter-deck-XXXXXX", err[512];
	struct dashboard_view view;
	struct options opts;
	struct session *s;
	size_t count;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "a.gcs",
	           "title \"First\"\nabout \"What the first shows.\"\n"
	           "nodes 2\nseed 1\nat 0s inc n1\nafter 1s end\n");
	write_file(dir, "b.gcs",
	           "title \"Second\"\nnodes 3\nseed 2\n"
	           "at 0s inc n3\nafter 1s end\n");
	s = open_deck(dir, &opts);

	/* The first card: what it shows, and the clock held. */
	assert_true(session_card_shown(s));
	assert_non_null(card_of(s, &view));
	assert_string_equal(view.card->title, "First");
	assert_string_equal(view.card->about, "What the first shows.");
	assert_int_equal(view.card->chapter, 1);
	assert_int_equal(view.card->chapters, 2);
	session_set_running(s, true);
	assert_false(session_running(s));
	/* A key that would change the world waits for the chapter. */
	press(s, '1');
	sim_command_log(session_sim(s), &count);
	assert_int_equal(count, 0);
	assert_non_null(strstr(view.flash, "press space to begin"));
	/* Page Up at the first card has nowhere to go. */
	press(s, KEY_PPAGE);
	assert_true(session_card_shown(s));
	assert_non_null(strstr(view.flash, "first chapter"));

	/* Space begins it; it plays to its end. */
	press(s, ' ');
	assert_false(session_card_shown(s));
	assert_true(session_running(s));
	session_advance(s, 5000000);
	assert_true(player_ended(session_player(s)));
	assert_int_equal(sim_true_value(session_sim(s)), 1);

	/* Page Down at the end: the second chapter's card, a new world. */
	press(s, KEY_NPAGE);
	assert_true(session_card_shown(s));
	card_of(s, &view);
	assert_string_equal(view.card->title, "Second");
	assert_string_equal(view.card->about, "");
	assert_int_equal(view.card->chapter, 2);
	assert_int_equal(sim_node_count(session_sim(s)), 3);
	assert_int_equal(session_now(s), 0);
	/* '.' begins it too; the presenter's key turns its checks off. */
	press(s, '.');
	assert_false(session_card_shown(s));
	assert_false(player_unchecked(session_player(s)));
	press(s, '2');
	assert_true(player_unchecked(session_player(s)));

	/* At the last chapter's end the clicker says the lesson is over;
	 * at the second card, Page Up is the first chapter from its start. */
	session_advance(s, 5000000);
	assert_true(player_ended(session_player(s)));
	press(s, ' ');
	assert_non_null(strstr(view.flash, "the lesson has ended"));
	assert_false(session_card_shown(s));
	session_free(s);
	s = session_new(&opts, true, NULL, err, sizeof err);
	press(s, ' ');
	session_advance(s, 5000000);
	press(s, ' ');
	card_of(s, &view);
	assert_int_equal(view.card->chapter, 2);
	press(s, KEY_PPAGE);
	card_of(s, &view);
	assert_int_equal(view.card->chapter, 1);
	assert_int_equal(sim_node_count(session_sim(s)), 2);
	assert_int_equal(sim_true_value(session_sim(s)), 0);
	session_free(s);
	lesson_destroy(opts.lesson);
	remove_file(dir, "a.gcs");
	remove_file(dir, "b.gcs");
	rmdir(dir);
}

/* A chapter that cannot be loaded (its file went) leaves the chapter on
 * screen as it was: its view, its theme and its crash key's restart
 * are its file's, not the options' (they were reset to the options). */
static void
test_a_chapter_that_fails_keeps_the_shown_ones_settings(void **state)
{
	char dir[] = "/tmp/gcounter-deck-XXXXXX";
	struct dashboard_view view;
	struct options opts;
	struct session *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "a.gcs",
	           "title \"First\"\nnodes 2\nseed 1\n"
	           "at 0s inc n1\nafter 1s end\n");
	write_file(dir, "b.gcs",
	           "title \"Second\"\nnodes 3\nseed 2\ntheme light\n"
	           "view spacetime\namnesia\nat 0s inc n3\nafter 1s end\n");
	s = open_deck(dir, &opts);
	press(s, ' ');
	session_advance(s, 5000000);
	press(s, ' ');
	card_of(s, &view);
	assert_int_equal(view.card->chapter, 2);
	assert_int_equal(session_scheme(s), THEME_LIGHT);
	assert_int_equal(view.view, VIEW_SPACETIME);
	assert_int_equal(view.restart_mode, RESTART_AMNESIA);

	remove_file(dir, "a.gcs");
	press(s, KEY_PPAGE);
	card_of(s, &view);
	assert_non_null(strstr(view.flash, "chapter 1 did not load"));
	assert_int_equal(view.card->chapter, 2);
	assert_int_equal(sim_node_count(session_sim(s)), 3);
	assert_int_equal(session_scheme(s), THEME_LIGHT);
	assert_int_equal(view.view, VIEW_SPACETIME);
	assert_int_equal(view.restart_mode, RESTART_AMNESIA);
	session_free(s);
	lesson_destroy(opts.lesson);
	remove_file(dir, "b.gcs");
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_language_reads_wait_speed_about),
	    cmocka_unit_test(test_the_language_refuses_what_it_cannot_mean),
	    cmocka_unit_test(test_live_values_are_read_from_the_world),
	    cmocka_unit_test(test_a_wait_ends_when_it_holds_the_same_every_way),
	    cmocka_unit_test(test_a_wait_that_times_out_names_its_line),
	    cmocka_unit_test(test_the_presenters_change_turns_checks_off),
	    cmocka_unit_test(test_a_lesson_file_lists_its_chapters),
	    cmocka_unit_test(test_the_shipped_lesson_loads),
	    cmocka_unit_test(test_a_bad_chapter_is_refused_before_the_talk),
	    cmocka_unit_test(test_a_headless_lesson_names_the_failing_chapter),
	    cmocka_unit_test(test_the_clicker_walks_the_deck),
	    cmocka_unit_test(
	        test_a_chapter_that_fails_keeps_the_shown_ones_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
