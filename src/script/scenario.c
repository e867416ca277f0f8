/*
 * The scenario parser. Line by line: settings first, then timed lines
 * ("at 1.5s inc n2 x3", "after 500ms partition n3"). It never trusts the
 * input: lengths are bounded before use, bytes are checked before they are
 * printed, and every error says where and what was expected.
 */
#include "script/scenario.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/choices.h"
#include "script/scenario-parse.h"

static int parse_setting(struct parser *p, const struct token *word,
                         const struct setting *setting)
{
	struct sim_config *c = &p->sc->config;
	enum setting_id id = settings_id(setting);
	uint32_t bit = 1u << id;
	struct setting_value value;

	if (p->sc->settings & bit)
		return sp_err(p, word->col,
		              "%s is set twice (first on line %u)",
		              setting->name, (unsigned)p->setting_line[id]);
	p->sc->settings |= bit;
	p->setting_line[id] = p->lineno;
	if (id == SETTING_AMNESIA) {
		p->sc->amnesia = true;
		return sp_end(p);
	}
	if (id == SETTING_TITLE) {
		if (sp_text(p, p->sc->title, sizeof p->sc->title) != 0)
			return -1;
		return sp_end(p);
	}
	if (sp_value(p, setting, SETTING_FROM_FILE, &value) != 0)
		return -1;
	settings_store(setting, &value, c);
	/* A reader reads at the default rate unless a read-rate line says
	 * otherwise, before or after it (a rate is never 0 once given), as
	 * --reader does. */
	if (id == SETTING_READER && c->read_rate == 0)
		c->read_rate = SIM_DEFAULT_READ_RATE;
	if (id == SETTING_THEME)
		snprintf(p->sc->theme, sizeof p->sc->theme, "%s",
		         choices_themes.word(value.choice));
	if (id == SETTING_VIEW)
		snprintf(p->sc->view, sizeof p->sc->view, "%s",
		         choices_views.word(value.choice));
	return sp_end(p);
}

/* --- lines and files
 * ----------------------------------------------------------- */

/* Bytes a line may not hold outside quotes: controls and, outside captions,
 * anything but ASCII (checked per caption by parse_string). */
static int check_bytes(struct parser *p)
{
	bool quoted = false;

	for (size_t i = 0; i < p->len; i++) {
		unsigned char c = (unsigned char)p->line[i];

		if (c == '\0')
			return sp_err(p, i + 1,
			              "a NUL byte: is this a binary "
			              "file?");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return sp_err(p, i + 1, "control character 0x%02x", c);
		if (c == '"' && (i == 0 || p->line[i - 1] != '\\'))
			quoted = !quoted;
		if (c == '#' && !quoted)
			return 0; /* a comment may say anything printable */
		if (c >= 0x80 && !quoted)
			return sp_err(p, i + 1,
			              "non-ASCII text outside double quotes");
	}
	return 0;
}

/* "about \"...\"": what the scenario shows, for a lesson's title card.
 * Several lines make one paragraph, so that none need be long. */
static int parse_about(struct parser *p)
{
	char part[SCENARIO_MAX_ABOUT + 1];
	char *about = p->sc->about;
	size_t have = strlen(about), add;

	if (sp_text(p, part, sizeof part) != 0)
		return -1;
	add = strlen(part);
	if (have + (have > 0) + add > SCENARIO_MAX_ABOUT)
		return sp_err(p, 1, "the about text is longer than %u bytes",
		              (unsigned)SCENARIO_MAX_ABOUT);
	if (have > 0)
		about[have++] = ' ';
	memcpy(about + have, part, add + 1);
	return sp_end(p);
}

static int parse_line(struct parser *p)
{
	struct token word = {0};
	const struct setting *setting;

	if (p->len > SCENARIO_MAX_LINE)
		return sp_err(p, SCENARIO_MAX_LINE + 1,
		              "line longer than %d bytes", SCENARIO_MAX_LINE);
	if (check_bytes(p) != 0)
		return -1;
	if (!sp_next(p, &word))
		return 0;
	if (!p->timeline_started && sp_is(&word, "about"))
		return parse_about(p);
	setting = sp_setting_named(&word);
	if (!p->timeline_started && setting != NULL)
		return parse_setting(p, &word, setting);
	p->timeline_started = true;
	return sp_timed(p, &word);
}

static int check_settings(struct parser *p);

int scenario_parse(const char *name, const char *text, size_t len,
                   struct scenario *out, char *err, size_t errlen)
{
	return scenario_parse_within(name, text, len, NULL, out, err, errlen);
}

int scenario_parse_within(const char *name, const char *text, size_t len,
                          const struct scenario_limits *limits,
                          struct scenario *out, char *err, size_t errlen)
{
	static const struct scenario_limits written = {
	    .bytes = SCENARIO_MAX_BYTES, .items = SCENARIO_MAX_ITEMS};
	struct parser p = {
	    .name = name, .sc = out, .err = err, .errlen = errlen};
	size_t start = 0;

	if (limits == NULL)
		limits = &written;
	p.max_items = limits->items;
	memset(out, 0, sizeof *out);
	sim_config_defaults(&out->config);
	if (errlen > 0)
		err[0] = '\0';
	if (len > limits->bytes) {
		p.lineno = 1;
		sp_err(&p, 1, "file larger than %zu bytes", limits->bytes);
		return -1;
	}
	/* A byte-order mark, as some editors write, is not part of line 1. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;

		p.line = text + start;
		p.len = end - start;
		if (p.len > 0 && p.line[p.len - 1] == '\r')
			p.len--; /* CRLF files from other editors */
		p.pos = 0;
		p.lineno++;
		if (parse_line(&p) != 0) {
			scenario_free(out);
			return -1;
		}
		start = end + 1;
	}
	return check_settings(&p);
}

/* Settings that are fine alone but not together (their order is free,
 * so this waits for the end of the file): settings_check_combined, with
 * the line of the setting to blame. */
static int check_settings(struct parser *p)
{
	enum setting_id culprit;
	char why[256];

	if (settings_check_combined(&p->sc->config, p->sc->amnesia,
	                            SETTING_FROM_FILE, &culprit, why,
	                            sizeof why) == 0)
		return 0;
	p->lineno = p->setting_line[culprit];
	sp_err(p, 1, "%s", why);
	scenario_free(p->sc);
	return -1;
}

void scenario_free(struct scenario *scenario)
{
	free(scenario->items);
	scenario->items = NULL;
	scenario->count = 0;
	scenario->cap_items = 0;
}
