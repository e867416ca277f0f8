/*
 * The settings table: every setting parses the same way from the command
 * line and from a scenario file (same value, same range error), every
 * default is a value the parser accepts, --help shows every option once,
 * and the README's options table documents exactly the table's options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "script/scenario.h"
#include "script/settings.h"
#include "sim/strategy.h"

/* Values of every kind, good and bad, tried on every setting. */
static const char *const samples[] = {
    "0",
    "1",
    "4",
    "-1",
    "x",
    "1.5",
    "2.5",
    "0s",
    "10us",
    "1ms",
    "1s",
    "25h",
    "2d",
    "20",
    "5-1ms",
    "10-50ms",
    "exp:30ms",
    "exp:0ms",
    "300-200ms",
    "180-220ms",
    "10%",
    "150%",
    "0.25",
    "1e9",
    "200000",
    "5000",
    "1024",
    "1025",
    "18446744073709551615",
    "99999999999999999999",
};

struct outcome {
	bool ok;
	char value[128]; /* the setting's value in the config, as written */
	char why[256];   /* the error without its prefix */
};

static void from_command_line(const struct setting *s, const char *value,
                              struct outcome *out)
{
	char name[64], err[256] = "";
	char *argv[] = {"gcounter", name, (char *)(uintptr_t)value, NULL};
	struct options opts;
	size_t prefix;

	snprintf(name, sizeof name, "--%s", s->name);
	memset(out, 0, sizeof *out);
	out->ok = options_parse(3, argv, 1, &opts, stdout, err, sizeof err) ==
	          OPTIONS_RUN;
	if (!out->ok) {
		prefix = strlen(name) + 2; /* "--nodes: " */
		assert_true(strncmp(err, name, strlen(name)) == 0);
		snprintf(out->why, sizeof out->why, "%s", err + prefix);
		return;
	}
	if (settings_id(s) == SETTING_THEME)
		snprintf(out->value, sizeof out->value, "%s",
		         choices_themes.word((size_t)opts.theme));
	else if (settings_id(s) == SETTING_VIEW)
		snprintf(out->value, sizeof out->value, "%s",
		         choices_views.word((size_t)opts.view));
	else
		settings_format(s, &opts.sim, out->value, sizeof out->value);
}

static void from_file(const struct setting *s, const char *value,
                      struct outcome *out)
{
	char text[256], err[256] = "";
	struct scenario sc;
	const char *after;

	snprintf(text, sizeof text, "%s %s\n", s->name, value);
	memset(out, 0, sizeof *out);
	out->ok = scenario_parse("t.gcs", text, strlen(text), &sc, err,
	                         sizeof err) == 0;
	if (!out->ok) {
		/* "t.gcs:1:7: why" */
		after = strstr(err, ": ");
		assert_non_null(after);
		snprintf(out->why, sizeof out->why, "%s", after + 2);
		return;
	}
	if (settings_id(s) == SETTING_THEME)
		snprintf(out->value, sizeof out->value, "%s", sc.theme);
	else if (settings_id(s) == SETTING_VIEW)
		snprintf(out->value, sizeof out->value, "%s", sc.view);
	else
		settings_format(s, &sc.config, out->value, sizeof out->value);
	scenario_free(&sc);
}

static void check_same(const struct setting *s, const char *value)
{
	struct outcome cli, file;

	from_command_line(s, value, &cli);
	from_file(s, value, &file);
	if (cli.ok != file.ok)
		fail_msg("%s %s: the command line %s it, a file %s it (%s%s)",
		         s->name, value, cli.ok ? "takes" : "refuses",
		         file.ok ? "takes" : "refuses", cli.why, file.why);
	if (cli.ok && strcmp(cli.value, file.value) != 0)
		fail_msg("%s %s: %s from the command line, %s from a file",
		         s->name, value, cli.value, file.value);
	/* Choices word their refusals a little differently in each place
	 * (see settings.c); every other kind says the same thing. */
	if (!cli.ok && s->kind != SETTING_KIND_CHOICE &&
	    strcmp(cli.why, file.why) != 0)
		fail_msg("%s %s: '%s' from the command line, '%s' from a file",
		         s->name, value, cli.why, file.why);
}

static void test_every_setting_means_the_same_in_both_places(void **state)
{
	size_t tried = 0;

	(void)state;
	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);

		if (!s->on_command_line || !s->in_file ||
		    s->kind == SETTING_KIND_FLAG)
			continue;
		for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
			check_same(s, samples[i]);
		if (s->kind == SETTING_KIND_CHOICE) {
			for (size_t i = 0; i < s->choices->count(); i++)
				check_same(s, s->choices->word(i));
			check_same(s, "nonsense");
		}
		tried++;
	}
	assert_true(tried >= 16);
}

static void test_every_default_is_a_value_the_parser_takes(void **state)
{
	(void)state;
	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);
		struct setting_value value;
		char why[256] = "";

		if (s->default_text == NULL)
			continue;
		if (settings_parse(s, SETTING_FROM_COMMAND_LINE,
		                   s->default_text, &value, why,
		                   sizeof why) != 0)
			fail_msg("default of %s: %s", s->name, why);
	}
}

static void test_the_defaults_are_the_original_design(void **state)
{
	struct sim_config c;

	(void)state;
	sim_config_defaults(&c);
	assert_int_equal(c.nodes, 4);
	assert_int_equal(c.seed, 1);
	assert_ptr_equal(c.strategy, &strategy_relay);
	assert_int_equal(c.latency.kind, LATENCY_UNIFORM);
	assert_int_equal(c.latency.min_us, 20000);
	assert_int_equal(c.latency.max_us, 60000);
	assert_int_equal(c.latency.mean_us, 40000);
	assert_int_equal(c.gossip_min_us, 180000);
	assert_int_equal(c.gossip_max_us, 220000);
	assert_true(c.rate == 0 && c.drop == 0 && c.duplicate == 0);
	assert_int_equal(c.duration_us, 0);
	assert_int_equal(c.fanout, 2);
	assert_int_equal(c.hybrid_changes, 3);
	assert_int_equal(c.crdt, CRDT_GCOUNTER);
	assert_int_equal(c.mode, MODE_STATE);
	assert_int_equal(c.reader, READER_NONE);
	assert_true(c.read_rate == 0);
}

static void test_names_are_unique_and_found(void **state)
{
	(void)state;
	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);

		assert_non_null(s->name);
		assert_ptr_equal(settings_find(s->name), s);
		assert_int_equal(settings_id(s), id);
		/* A scenario records its settings as bits of a uint32_t. */
		if (s->in_file)
			assert_true(id < 32);
		assert_true(s->on_command_line || s->in_file);
	}
	assert_null(settings_find("frobnicate"));
}

static void test_help_shows_every_option_once(void **state)
{
	size_t shown[SETTING_ID_COUNT] = {0};

	(void)state;
	for (size_t i = 0; i < settings_help_section_count; i++)
		for (size_t j = 0; j < settings_help_sections[i].count; j++)
			shown[settings_help_sections[i].ids[j]]++;
	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);

		if (s->help != NULL) {
			if (shown[id] != 1)
				fail_msg("--%s is in --help %zu times", s->name,
				         shown[id]);
		} else {
			assert_int_equal(shown[id], 0);
		}
		/* Every option is in --help (--rows with --cols, --to with
		 * --from). */
		if (s->on_command_line && s->help == NULL)
			assert_true(id == SETTING_ROWS || id == SETTING_TO);
	}
}

static void test_help_says_the_read_rate_the_engine_uses(void **state)
{
	char text[256], expected[64];

	(void)state;
	settings_help_text(settings_get(SETTING_READ_RATE), text, sizeof text);
	snprintf(expected, sizeof expected, "(default %g)",
	         SIM_DEFAULT_READ_RATE);
	assert_non_null(strstr(text, expected));
}

/* The strategies that can carry ops, as the help names them, are the
 * registry's: a strategy added with reaches_all must not leave a stale
 * list behind in the help text (the errors build it from the registry). */
static void test_help_names_the_strategies_that_carry_ops(void **state)
{
	char text[512], fit[128];

	(void)state;
	settings_help_text(settings_get(SETTING_MODE), text, sizeof text);
	for (char *c = text; *c != '\0'; c++)
		if (*c == '\n')
			*c = ' ';
	strategy_names_reaching_all(" or ", fit, sizeof fit);
	if (strstr(text, fit) == NULL)
		fail_msg("--mode's help '%s' does not name '%s'", text, fit);
}

static void test_every_option_is_an_option(void **state)
{
	(void)state;
	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);
		char name[64], err[256] = "";
		char *argv[] = {"gcounter", name, "x", NULL};
		struct options opts;
		FILE *out = tmpfile();

		if (!s->on_command_line)
			continue;
		snprintf(name, sizeof name, "--%s", s->name);
		/* Run, exit (--help) or an error about its value: never
		 * "unknown option". */
		if (options_parse(s->kind == SETTING_KIND_FLAG ? 2 : 3, argv, 1,
		                  &opts, out, err,
		                  sizeof err) == OPTIONS_ERROR &&
		    strstr(err, "unknown option") != NULL)
			fail_msg("%s: %s", name, err);
		fclose(out);
	}
}

static void test_the_saved_log_writes_settings_a_file_may_give(void **state)
{
	(void)state;
	for (size_t i = 0; i < settings_log_order_count; i++) {
		const struct setting *s = settings_get(settings_log_order[i]);

		assert_true(s->in_file);
		assert_true(s->offset != SETTING_NOWHERE ||
		            (s->kind == SETTING_KIND_CHOICE &&
		             s->choices->store != NULL));
	}
}

/* --- the README's options table --------------------------------------- */

static char *read_readme(void)
{
	char path[4096];
	const char *slash = strrchr(__FILE__, '/');
	FILE *file;
	char *text;
	long len;

	snprintf(path, sizeof path, "%.*s/../README.md",
	         slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	file = fopen(path, "rb");
	if (file == NULL)
		fail_msg("cannot open %s", path);
	fseek(file, 0, SEEK_END);
	len = ftell(file);
	rewind(file);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, file), (size_t)len);
	fclose(file);
	return text;
}

/* Cell `index` (0-based) of a table row "| a | b | c |", without the
 * backticks, into buf. */
static void cell(const char *row, size_t index, char *buf, size_t cap)
{
	const char *start = row + 1;
	size_t n = 0;

	for (size_t i = 0; i < index && start != NULL; i++) {
		start = strchr(start, '|');
		start = start ? start + 1 : NULL;
	}
	buf[0] = '\0';
	if (start == NULL)
		return;
	while (*start == ' ')
		start++;
	for (; *start != '\0' && *start != '|' && *start != '\n' && n + 1 < cap;
	     start++)
		if (*start != '`')
			buf[n++] = *start;
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

static void test_the_readme_documents_every_option(void **state)
{
	char *readme = read_readme();
	const char *section = strstr(readme, "\n## Options and limits\n");
	const char *end, *row;
	bool documented[SETTING_ID_COUNT] = {false};
	char options[256], values[1024], defaults[256], range[64];

	(void)state;
	assert_non_null(section);
	end = strstr(section + 1, "\n## ");
	row = strstr(section, "\n| option");
	assert_non_null(row);
	for (row = strchr(row + 1, '\n'); row != NULL && row < end;
	     row = strchr(row + 1, '\n')) {
		if (row[1] != '|' || strncmp(row + 1, "|---", 4) == 0)
			continue;
		cell(row + 1, 0, options, sizeof options);
		cell(row + 1, 1, values, sizeof values);
		cell(row + 1, 2, defaults, sizeof defaults);
		/* Every "--name" of the first cell is a real option. */
		for (const char *o = strstr(options, "--"); o != NULL;
		     o = strstr(o + 2, "--")) {
			char name[64];
			size_t len =
			    strspn(o + 2, "abcdefghijklmnopqrstuvwxyz-");
			const struct setting *s;

			snprintf(name, sizeof name, "%.*s", (int)len, o + 2);
			s = settings_find(name);
			if (s == NULL || !s->on_command_line)
				fail_msg("README documents --%s, which is no "
				         "option",
				         name);
			documented[settings_id(s)] = true;
			/* Its range, where the README gives one. */
			if (s->kind == SETTING_KIND_COUNT) {
				snprintf(range, sizeof range,
				         "%" PRIu64 " to %" PRIu64, s->min,
				         s->max);
				if (strstr(values, range) == NULL)
					fail_msg("README: --%s is not '%s': %s",
					         name, range, values);
			}
			if (s->kind == SETTING_KIND_RATE &&
			    strstr(values, "0 to ") != NULL) {
				snprintf(range, sizeof range, "0 to %g",
				         s->max_real);
				if (strstr(values, range) == NULL)
					fail_msg("README: --%s is not '%s': %s",
					         name, range, values);
			}
			/* A reader's rate: the engine's, once a reader is
			 * on (the config holds 0 until then). */
			if (settings_id(s) == SETTING_READ_RATE) {
				snprintf(range, sizeof range, "%g",
				         SIM_DEFAULT_READ_RATE);
				assert_string_equal(defaults, range);
			}
			/* Its default, where the table has one. The seed's
			 * is drawn on the command line (1 in a file). */
			if (s->default_text != NULL && defaults[0] != '\0' &&
			    settings_id(s) != SETTING_SEED &&
			    strcmp(defaults, s->default_text) != 0)
				fail_msg("README: --%s defaults to '%s', the "
				         "table to '%s'",
				         name, defaults, s->default_text);
		}
	}
	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);

		if (s->on_command_line && id != SETTING_HELP &&
		    id != SETTING_VERSION && !documented[id])
			fail_msg("--%s is not in the README's options table",
			         s->name);
	}
	free(readme);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_setting_means_the_same_in_both_places),
	    cmocka_unit_test(test_every_default_is_a_value_the_parser_takes),
	    cmocka_unit_test(test_the_defaults_are_the_original_design),
	    cmocka_unit_test(test_names_are_unique_and_found),
	    cmocka_unit_test(test_help_shows_every_option_once),
	    cmocka_unit_test(test_help_says_the_read_rate_the_engine_uses),
	    cmocka_unit_test(test_help_names_the_strategies_that_carry_ops),
	    cmocka_unit_test(test_every_option_is_an_option),
	    cmocka_unit_test(
	        test_the_saved_log_writes_settings_a_file_may_give),
	    cmocka_unit_test(test_the_readme_documents_every_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
