/*
 * Every caption of every shipped scenario agrees with the world while it
 * is shown (#14). Each scenario is played a unit at a time, as the
 * dashboard's stepping does; whenever time is about to pass with a
 * caption on screen, the numbers it states (a node's value, a vector,
 * "every node reads N", "the others think N") and the words "Converged"
 * and "disagree" are checked against the world, live values filled in.
 * And every caption stays long enough to be read at 1x before the next
 * replaces it (a pause or the end holds it for as long as it takes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/options.h"
#include "app/script-file.h"
#include "script/player.h"
#include "script/scenario.h"
#include "sim/sim.h"

/* Node names a caption may mention (n1 ... n64). */
#define CAPTION_NODES_NAMED 64
/* Virtual time a caption stays at least: reading time at 1x. */
#define CAPTION_READ_US 2500000u

struct shown {
	char caption[SCENARIO_MAX_CAPTION + 1];
	uint32_t line;
	size_t claims;   /* claims checked, over the whole run */
	size_t wrong;    /* ... of which did not hold */
	char first[512]; /* the first that did not */
	const char *path;
	const struct sim *sim; /* the world played, for the time */
	uint64_t since_us;     /* when the caption shown came */
	bool held;             /* a pause held it since */
	size_t brief;          /* captions replaced before they were read */
	char first_brief[512]; /* the first of them */
};

static void on_caption(void *ctx, const struct scenario_item *item)
{
	struct shown *s = ctx;
	uint64_t now = sim_now(s->sim);

	if (s->caption[0] != '\0' && !s->held &&
	    now - s->since_us < CAPTION_READ_US) {
		char what[sizeof s->first_brief];

		snprintf(what, sizeof what, "%s:%u: \"%s\" shown %.2f s",
		         s->path, (unsigned)s->line, s->caption,
		         (double)(now - s->since_us) / 1e6);
		print_message("too brief: %s\n", what);
		if (s->brief++ == 0)
			snprintf(s->first_brief, sizeof s->first_brief, "%s",
			         what);
	}
	snprintf(s->caption, sizeof s->caption, "%s", item->caption);
	s->line = item->line;
	s->since_us = now;
	s->held = false;
}

static void on_pause(void *ctx, const struct scenario_item *item)
{
	struct shown *s = ctx;

	(void)item;
	s->held = true;
}

static const struct player_hooks hooks = {.caption = on_caption,
                                          .pause = on_pause};

static void wrong(struct shown *s, const struct sim *sim, const char *text,
                  const char *why)
{
	if (s->wrong++ == 0)
		snprintf(s->first, sizeof s->first,
		         "%s:%u at %" PRIu64 "us: \"%s\": %s", s->path,
		         (unsigned)s->line, sim_now(sim), text, why);
}

/* The n-th group of a match as a number. */
static long long group_number(const char *text, const regmatch_t *m)
{
	return strtoll(text + m->rm_so, NULL, 10);
}

static bool every_node_reads(const struct sim *sim, long long n,
                             const bool *except)
{
	for (uint32_t i = 0; i < sim_node_count(sim); i++)
		if ((except == NULL || !except[i]) &&
		    sim_node_signed_value(sim, i) != n)
			return false;
	return true;
}

/* Checks every claim the caption makes against the world now. */
static void check(struct shown *s, const struct sim *sim)
{
	static const char *const value_re =
	    "n([0-9]+) (reads|thinks it is|still reads) (-?[0-9]+)";
	static const char *const vector_re =
	    "n([0-9]+)'s vector is \\[([0-9,]+)\\]";
	static const char *const all_re =
	    "([Ee]very (node|replica) reads|[Ee]veryone agrees on|Still "
	    "exactly) (-?[0-9]+)|(-?[0-9]+) everywhere";
	static const char *const others_re = "the others think (-?[0-9]+)";
	char text[SCENARIO_MAX_CAPTION + 256];
	regex_t re;
	regmatch_t m[6];
	const char *at;

	if (s->caption[0] == '\0')
		return;
	scenario_caption_render(s->caption, sim, text, sizeof text);
	assert_int_equal(regcomp(&re, value_re, REG_EXTENDED), 0);
	for (at = text; regexec(&re, at, 6, m, 0) == 0; at += m[0].rm_eo) {
		long long node = group_number(at, &m[1]);
		long long value = group_number(at, &m[3]);

		s->claims++;
		if (node < 1 || node > sim_node_count(sim) ||
		    sim_node_signed_value(sim, (uint32_t)node - 1) != value)
			wrong(s, sim, text, "a node's value");
	}
	regfree(&re);
	assert_int_equal(regcomp(&re, vector_re, REG_EXTENDED), 0);
	for (at = text; regexec(&re, at, 6, m, 0) == 0; at += m[0].rm_eo) {
		long long node = group_number(at, &m[1]);
		const struct gcounter *v =
		    sim_node_vector(sim, (uint32_t)node - 1);
		const char *p = at + m[2].rm_so;
		bool same = true;

		s->claims++;
		for (uint32_t slot = 0; slot < sim_node_count(sim); slot++) {
			same = same && strtoull(p, NULL, 10) == v->slots[slot];
			p = strchr(p, ',');
			if (p == NULL && slot + 1 < sim_node_count(sim)) {
				same = false;
				break;
			}
			if (p != NULL)
				p++;
		}
		if (!same)
			wrong(s, sim, text, "a node's vector");
	}
	regfree(&re);
	assert_int_equal(regcomp(&re, all_re, REG_EXTENDED), 0);
	for (at = text; regexec(&re, at, 6, m, 0) == 0; at += m[0].rm_eo) {
		long long n = group_number(at, m[3].rm_so >= 0 ? &m[3] : &m[4]);

		s->claims++;
		if (!every_node_reads(sim, n, NULL))
			wrong(s, sim, text, "not every node reads that");
	}
	regfree(&re);
	assert_int_equal(regcomp(&re, others_re, REG_EXTENDED), 0);
	if (regexec(&re, text, 6, m, 0) == 0) {
		bool named[CAPTION_NODES_NAMED] = {false};
		const char *p = text;

		/* "the others": every node but those named before. */
		while ((p = strchr(p, 'n')) != NULL && p < text + m[0].rm_so) {
			long long node = strtoll(p + 1, NULL, 10);

			if (node >= 1 && node <= CAPTION_NODES_NAMED)
				named[node - 1] = true;
			p++;
		}
		s->claims++;
		if (!every_node_reads(sim, group_number(text, &m[1]), named))
			wrong(s, sim, text, "the others do not read that");
	}
	regfree(&re);
	if (strstr(text, "Converged") != NULL) {
		s->claims++;
		if (!sim_converged(sim))
			wrong(s, sim, text, "not converged");
	}
	if (strstr(text, "disagree") != NULL) {
		s->claims++;
		if (sim_converged(sim))
			wrong(s, sim, text, "converged, yet said to disagree");
	}
}

/* Plays a scenario a unit at a time, checking before time moves on. */
static void play(const char *path, struct shown *s)
{
	struct options opts = {0};
	struct scenario sc;
	struct sim_config config;
	struct player *player;
	struct sim *sim;
	char err[512];
	uint64_t next;

	memset(s, 0, sizeof *s);
	s->path = path;
	if (script_file_load(path, &sc, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(
	    script_file_config(&opts, &sc, &config, err, sizeof err), 0);
	sim = sim_new(&config, err, sizeof err);
	assert_non_null(sim);
	s->sim = sim;
	player = player_new(&sc, path, &hooks, s);
	for (;;) {
		if (player_ended(player))
			break;
		if (player_step(player, sim))
			continue;
		if (!sim_next_event_time(sim, &next))
			break;
		if (next > sim_now(sim))
			check(s, sim);
		sim_step(sim);
	}
	/* The last caption stays on the last screen. */
	check(s, sim);
	player_free(player);
	sim_free(sim);
}

static void test_every_shipped_caption_agrees_with_its_screen(void **state)
{
	DIR *d = opendir(GCOUNTER_ASSETS "/scenarios");
	struct dirent *e;
	size_t scenarios = 0, claims = 0, brief = 0;
	char first_brief[sizeof((struct shown *)0)->first_brief] = "";

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		struct shown s;
		size_t n = strlen(e->d_name);

		if (n < 5 || strcmp(e->d_name + n - 4, ".gcs") != 0)
			continue;
		snprintf(path, sizeof path, "%s/scenarios/%s", GCOUNTER_ASSETS,
		         e->d_name);
		play(path, &s);
		if (s.wrong > 0)
			fail_msg("%zu checks failed; the first: %s", s.wrong,
			         s.first);
		/* Every scenario is played before failing on this: the
		 * list printed is the whole of what to re-time. */
		if (brief == 0 && s.brief > 0)
			snprintf(first_brief, sizeof first_brief, "%s",
			         s.first_brief);
		brief += s.brief;
		scenarios++;
		claims += s.claims;
	}
	closedir(d);
	if (brief > 0)
		fail_msg("%zu captions replaced within %.1f s; the first: %s",
		         brief, CAPTION_READ_US / 1e6, first_brief);
	assert_true(scenarios >= 9);
	/* The captions do state numbers: a check that saw none would
	 * prove nothing. (Each is counted every time it is checked.) */
	assert_true(claims >= 200);
}

/* The checker itself fails on a caption that stays past its truth (as
 * 07's did, under CONVERGED), on one that states a wrong value, and on
 * one replaced before it could be read (as 09's was, after 0.02 s). */
static void test_a_stale_caption_is_caught(void **state)
{
	static const char stale[] =
	    "nodes 3\nseed 7\n"
	    "at 0s inc n1 x2\n"
	    "caption \"n1 reads 2; for a moment the others disagree\"\n"
	    "after 3s end\n";
	static const char wrong_value[] = "nodes 2\nseed 1\n"
	                                  "at 0s caption \"n2 reads 4\"\n"
	                                  "after 1s end\n";
	static const char brief[] = "nodes 2\nseed 1\n"
	                            "at 0s caption \"n1 counts\"\n"
	                            "inc n1\n"
	                            "wait converged within 5s\n"
	                            "caption \"n2 reads 1\"\n"
	                            "after 3s end\n";
	const char *texts[] = {stale, wrong_value, brief};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char path[] = "/tmp/gcounter-captions-XXXXXX";
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");
		struct shown s;

		assert_non_null(f);
		fputs(texts[i], f);
		fclose(f);
		play(path, &s);
		unlink(path);
		if (texts[i] == brief)
			assert_true(s.wrong == 0 && s.brief == 1);
		else
			assert_true(s.wrong > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_shipped_caption_agrees_with_its_screen),
	    cmocka_unit_test(test_a_stale_caption_is_caught),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
