/*
 * The words of every choice a setting offers, each read from the one place
 * that owns them: strategies from strategy_all(), modes from the mode
 * names; readers, CRDTs, themes, views and
 * real nodes' workloads are spelled here and nowhere else.
 */
#include "script/choices.h"

#include <stddef.h>
#include <string.h>

#include "sim/strategy.h"

static size_t strategy_count(void)
{
	size_t count;

	strategy_all(&count);
	return count;
}

static const char *strategy_word(size_t index)
{
	size_t count;

	return strategy_all(&count)[index]->name;
}

static void strategy_store(struct sim_config *config, size_t index)
{
	size_t count;

	config->strategy = strategy_all(&count)[index];
}

static size_t strategy_current(const struct sim_config *config)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);

	for (size_t i = 0; i < count; i++)
		if (all[i] == config->strategy)
			return i;
	return 0;
}

const struct setting_choices choices_strategies = {
    .noun = "strategy",
    .count = strategy_count,
    .word = strategy_word,
    .store = strategy_store,
    .current = strategy_current,
};

static size_t mode_count(void)
{
	return MODE_COUNT;
}

static const char *mode_word(size_t index)
{
	return sim_mode_name((enum sim_mode)index);
}

static void mode_store(struct sim_config *config, size_t index)
{
	config->mode = (enum sim_mode)index;
}

static size_t mode_current(const struct sim_config *config)
{
	return (size_t)config->mode;
}

const struct setting_choices choices_modes = {
    .noun = "mode",
    .count = mode_count,
    .word = mode_word,
    .store = mode_store,
    .current = mode_current,
};

/* In the order messages list them: "none" last, since a scenario setting
 * line accepts only the first two (a reader is off by default). */
static const struct {
	const char *word;
	enum sim_reader reader;
} reader_words[] = {
    {"random", READER_RANDOM},
    {"sticky", READER_STICKY},
    {"none", READER_NONE},
};

#define READER_WORDS (sizeof reader_words / sizeof reader_words[0])

static size_t reader_count(void)
{
	return READER_WORDS;
}

static const char *reader_word(size_t index)
{
	return reader_words[index].word;
}

static void reader_store(struct sim_config *config, size_t index)
{
	config->reader = reader_words[index].reader;
}

static size_t reader_current(const struct sim_config *config)
{
	for (size_t i = 0; i < READER_WORDS; i++)
		if (reader_words[i].reader == config->reader)
			return i;
	return 0;
}

const struct setting_choices choices_readers = {
    .noun = "reader",
    .count = reader_count,
    .word = reader_word,
    .store = reader_store,
    .current = reader_current,
};

const char *choices_reader_name(enum sim_reader reader)
{
	for (size_t i = 0; i < READER_WORDS; i++)
		if (reader_words[i].reader == reader)
			return reader_words[i].word;
	return "?";
}

static const char *const crdt_words[] = {
    [CRDT_GCOUNTER] = "gcounter",
    [CRDT_PNCOUNTER] = "pncounter",
};

#define CRDT_WORDS (sizeof crdt_words / sizeof crdt_words[0])

static size_t crdt_count(void)
{
	return CRDT_WORDS;
}

static const char *crdt_word(size_t index)
{
	return crdt_words[index];
}

static void crdt_store(struct sim_config *config, size_t index)
{
	config->crdt = (enum sim_crdt)index;
}

static size_t crdt_current(const struct sim_config *config)
{
	return (size_t)config->crdt;
}

const struct setting_choices choices_crdts = {
    .noun = "CRDT",
    .count = crdt_count,
    .word = crdt_word,
    .store = crdt_store,
    .current = crdt_current,
};

const char *choices_crdt_name(enum sim_crdt crdt)
{
	return (size_t)crdt < CRDT_WORDS ? crdt_words[crdt] : "?";
}

static const char *const theme_words[] = {
    [THEME_DARK] = "dark",
    [THEME_LIGHT] = "light",
    [THEME_PROJECTOR] = "projector",
    [THEME_MONO] = "mono",
};

static size_t theme_count(void)
{
	return sizeof theme_words / sizeof theme_words[0];
}

static const char *theme_word(size_t index)
{
	return theme_words[index];
}

/* A theme is the dashboard's, not the world's: it lands nowhere in the
 * config. */
const struct setting_choices choices_themes = {
    .noun = "theme",
    .count = theme_count,
    .word = theme_word,
};

/* Real nodes' workloads, as Maelstrom names them. */
static const char *const workload_words[] = {"g-counter", "pn-counter"};

static size_t workload_count(void)
{
	return sizeof workload_words / sizeof workload_words[0];
}

static const char *workload_word(size_t index)
{
	return workload_words[index];
}

const struct setting_choices choices_workloads = {
    .noun = "workload",
    .count = workload_count,
    .word = workload_word,
};

bool choices_theme_find(const char *word, enum theme *theme)
{
	for (size_t i = 0; i < theme_count(); i++)
		if (strcmp(word, theme_words[i]) == 0) {
			*theme = (enum theme)i;
			return true;
		}
	return false;
}

static const char *const view_words[] = {
    [VIEW_TABLE] = "table",
    [VIEW_NETWORK] = "network",
    [VIEW_SPACETIME] = "spacetime",
};

static size_t view_count(void)
{
	return sizeof view_words / sizeof view_words[0];
}

static const char *view_word(size_t index)
{
	return view_words[index];
}

/* Like a theme, a view is how the world is shown, not the world. */
const struct setting_choices choices_views = {
    .noun = "view",
    .count = view_count,
    .word = view_word,
};

bool choices_view_find(const char *word, enum view_kind *view)
{
	for (size_t i = 0; i < view_count(); i++)
		if (strcmp(word, view_words[i]) == 0) {
			*view = (enum view_kind)i;
			return true;
		}
	return false;
}

const char *choices_view_name(enum view_kind view)
{
	return (size_t)view < view_count() ? view_words[view] : "?";
}
