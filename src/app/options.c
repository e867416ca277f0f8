/*
 * Command-line parsing with getopt_long over the settings table: the option
 * array, each value's parse and range, and --help all come from
 * script/settings, so the command line and scenario files cannot disagree.
 * Each error is one line naming the option and what is wrong.
 */
#include "app/options.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "app/outfile.h"
#include "script/value.h"
#include "sim/mode.h"
#include "sim/strategy.h"
#include "util/errbuf.h"
#include "video/video.h"

#ifndef GCOUNTER_VERSION
#define GCOUNTER_VERSION "0.0.0"
#endif

/* getopt's value for a setting with no short name: past every char. */
#define OPTION_BASE 256

/* The flags that only set a bool of struct options. */
static const struct {
	enum setting_id id;
	size_t offset;
} option_flags[] = {
    {SETTING_HEADLESS, offsetof(struct options, headless)},
    {SETTING_JSON, offsetof(struct options, json)},
    {SETTING_TRACE, offsetof(struct options, trace)},
    {SETTING_NO_COLOR, offsetof(struct options, no_color)},
    {SETTING_BIG, offsetof(struct options, big)},
    {SETTING_BEGINNER, offsetof(struct options, beginner)},
    {SETTING_SHOW_KEYS, offsetof(struct options, show_keys)},
    {SETTING_SHOW_CHECKS, offsetof(struct options, show_checks)},
    {SETTING_KEEP_HINTS, offsetof(struct options, keep_hints)},
    {SETTING_RESTORE_END, offsetof(struct options, restore_end)},
};

/* getopt_long's array, in the table's order (which decides how an
 * ambiguous prefix is listed). */
static size_t build_long_options(struct option *out)
{
	size_t n = 0;

	for (size_t id = 0; id < SETTING_ID_COUNT; id++) {
		const struct setting *s = settings_get((enum setting_id)id);

		if (!s->on_command_line)
			continue;
		out[n++] = (struct option){
		    .name = s->name,
		    .has_arg = s->kind == SETTING_KIND_FLAG ? no_argument
		                                            : required_argument,
		    .val =
		        s->short_name ? s->short_name : OPTION_BASE + (int)id,
		};
	}
	out[n] = (struct option){0};
	return n;
}

/* "  name       text..." with the text wrapped at 79 columns under itself. */
static void print_wrapped(FILE *out, const char *name, const char *text)
{
	const int indent = 14, width = 79;
	int column = fprintf(out, "  %-11s ", name);

	while (*text != '\0') {
		size_t word = strcspn(text, " ");

		if (column > indent && column + 1 + (int)word > width) {
			fprintf(out, "\n%*s", indent, "");
			column = indent;
		} else if (column > indent) {
			fputc(' ', out);
			column++;
		}
		column += fprintf(out, "%.*s", (int)word, text);
		text += word;
		while (*text == ' ')
			text++;
	}
	fputc('\n', out);
}

/* One setting's lines: its label, then its help text, each further line
 * under the first. */
static void print_setting(FILE *out, const struct setting *s)
{
	char label[64], text[512];
	const char *line = text;

	if (s->label != NULL)
		snprintf(label, sizeof label, "%s", s->label);
	else
		snprintf(label, sizeof label, "--%s%s%s", s->name,
		         s->arg ? " " : "", s->arg ? s->arg : "");
	settings_help_text(s, text, sizeof text);
	for (bool first = true; line != NULL; first = false) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);

		if (first)
			fprintf(out, "  %-22s %.*s\n", label, len, line);
		else
			fprintf(out, "%25s%.*s\n", "", len, line);
		line = nl ? nl + 1 : NULL;
	}
}

void options_print_help(FILE *out)
{
	size_t count;
	const struct strategy *const *strategies = strategy_all(&count);

	fputs("Usage: gcounter [OPTION]...\n"
	      "Simulate G-Counter CRDT replicas gossiping, and watch them "
	      "converge.\n"
	      "With no options, opens the dashboard: 4 nodes, the master "
	      "relay, no workload.\n",
	      out);
	for (size_t i = 0; i < settings_help_section_count; i++) {
		const struct settings_help_section *section =
		    &settings_help_sections[i];

		fputc('\n', out);
		if (section->heading[0] != '\0')
			fprintf(out, "%s:\n", section->heading);
		for (size_t j = 0; j < section->count; j++)
			print_setting(out, settings_get(section->ids[j]));
	}
	fputs("\nDurations take a unit: us, ms, s, m or h (1.5s, 250ms).\n"
	      "\nStrategies:\n",
	      out);
	for (size_t i = 0; i < count; i++)
		print_wrapped(out, strategies[i]->name, strategies[i]->summary);
	fputs("\nModes:\n", out);
	for (size_t m = 0; m < choices_modes.count(); m++)
		print_wrapped(out, choices_modes.word(m),
		              sim_mode_summary((enum sim_mode)m));
}

/*
 * What getopt_long refused in argv[at]: an unknown or ambiguous long
 * option, a value given to a flag that takes none, or an unknown short
 * option. getopt's own optopt cannot tell these apart, so look again.
 */
static void refused_option(const struct option *long_options, const char *arg,
                           char *err, size_t errlen)
{
	const char *names[SETTING_ID_COUNT + 1];
	char word[64], shown[64], list[256] = "";
	size_t count = 0, prefix_matches = 0, len;
	const struct option *exact = NULL;
	const char *hint;

	if (strncmp(arg, "--", 2) != 0) {
		errbuf_set(
		    err, errlen, "unknown option '%s' (try --help)",
		    value_printable(arg, strlen(arg), shown, sizeof shown));
		return;
	}
	snprintf(word, sizeof word, "%s", arg + 2);
	len = strcspn(word, "=");
	word[len] = '\0';
	for (const struct option *o = long_options; o->name != NULL; o++) {
		names[count++] = o->name;
		if (strcmp(o->name, word) == 0)
			exact = o;
		if (len > 0 && strncmp(o->name, word, len) == 0) {
			prefix_matches++;
			snprintf(list + strlen(list),
			         sizeof list - strlen(list), "%s--%s",
			         prefix_matches > 1 ? ", " : "", o->name);
		}
	}
	if (exact == NULL && prefix_matches == 1) {
		for (const struct option *o = long_options; o->name; o++)
			if (strncmp(o->name, word, len) == 0)
				exact = o;
	}
	if (exact != NULL && exact->has_arg == no_argument &&
	    arg[2 + len] == '=') {
		errbuf_set(err, errlen, "--%s does not take a value",
		           exact->name);
		return;
	}
	if (exact == NULL && prefix_matches > 1) {
		errbuf_set(
		    err, errlen, "ambiguous option '--%s' (%s?)",
		    value_printable(word, strlen(word), shown, sizeof shown),
		    list);
		return;
	}
	hint = value_suggest(word, names, count);
	if (hint != NULL)
		errbuf_set(
		    err, errlen, "unknown option '--%s' (did you mean '--%s'?)",
		    value_printable(word, strlen(word), shown, sizeof shown),
		    hint);
	else
		errbuf_set(
		    err, errlen, "unknown option '--%s' (try --help)",
		    value_printable(word, strlen(word), shown, sizeof shown));
}

/*
 * "n3" or "relay": a node's name as the dashboard shows it. The node's
 * existence is checked later, against --nodes, whatever the option order.
 */
static int parse_node(const char *text, uint32_t *node, char *why,
                      size_t whylen)
{
	uint64_t number;

	if (strcmp(text, "relay") == 0) {
		*node = SIM_RELAY;
		return 0;
	}
	if (text[0] != 'n' || value_parse_uint(text + 1, 1, SIM_MAX_NODES,
	                                       &number, why, whylen) != 0) {
		char shown[64];

		snprintf(
		    why, whylen, "expected a node like n1 or relay, got '%s'",
		    value_printable(text, strlen(text), shown, sizeof shown));
		return -1;
	}
	*node = (uint32_t)number - 1;
	return 0;
}

/* --partition n3[:in|:out] and --crash n2|relay, as commands at time 0. */
static int parse_fault(bool crash, const char *arg, struct options *opts,
                       char *why, size_t whylen)
{
	char shown[64];
	struct command cmd = {.kind = crash ? CMD_CRASH : CMD_PARTITION,
	                      .mode = PARTITION_BOTH};
	char name[48];
	const char *colon = strchr(arg, ':');

	if (opts->initial_count == OPTIONS_MAX_INITIAL) {
		snprintf(why, whylen, "at most %d faults from the start",
		         OPTIONS_MAX_INITIAL);
		return -1;
	}
	snprintf(name, sizeof name, "%.*s",
	         (int)(colon ? (size_t)(colon - arg) : strlen(arg)), arg);
	if (parse_node(name, &cmd.node, why, whylen) != 0)
		return -1;
	if (colon != NULL) {
		if (crash || cmd.node == SIM_RELAY ||
		    (strcmp(colon, ":in") != 0 && strcmp(colon, ":out") != 0)) {
			snprintf(why, whylen,
			         "expected n3, n3:in (cannot receive) or "
			         "n3:out (cannot send), got '%s'",
			         value_printable(arg, strlen(arg), shown,
			                         sizeof shown));
			return -1;
		}
		cmd.mode = strcmp(colon, ":in") == 0 ? PARTITION_NO_RECEIVE
		                                     : PARTITION_NO_SEND;
	} else if (!crash && cmd.node == SIM_RELAY) {
		snprintf(why, whylen,
		         "only workers can be partitioned (crash the relay "
		         "with --crash relay)");
		return -1;
	}
	opts->initial[opts->initial_count++] = cmd;
	return 0;
}

/*
 * The video options fit together: --convert makes a video of a cast and
 * nothing else; the font and the trim are for videos, the hints and the
 * restored end for renders. 0, or -1 with one line in err.
 */
static int video_options_check(const struct options *opts,
                               enum video_format format, char *err,
                               size_t errlen)
{
	bool video = opts->render_path != NULL && format != VIDEO_CAST;
	const char *video_only = opts->font != NULL     ? "--font"
	                         : opts->font_size != 0 ? "--font-size"
	                         : opts->from_given     ? "--from"
	                         : opts->to_given       ? "--to"
	                                                : NULL;

	if (opts->convert_path != NULL) {
		if (opts->render_path == NULL) {
			errbuf_set(
			    err, errlen,
			    "--convert IN OUT: name the output (OUT.gif, "
			    ".png, .mp4 or .webm)");
			return -1;
		}
		if (!video) {
			errbuf_set(
			    err, errlen,
			    "--convert: %s is not a video (give OUT.gif, "
			    ".png, .mp4 or .webm)",
			    opts->render_path);
			return -1;
		}
		if (opts->script_path != NULL || opts->record_path != NULL ||
		    opts->headless) {
			errbuf_set(
			    err, errlen, "--convert converts a cast: drop %s",
			    opts->script_path != NULL   ? "--script/--replay"
			    : opts->record_path != NULL ? "--record"
			                                : "--headless");
			return -1;
		}
		if (opts->keep_hints || opts->restore_end) {
			errbuf_set(err, errlen,
			           "%s is for --render (a cast keeps what it "
			           "recorded)",
			           opts->keep_hints ? "--keep-hints"
			                            : "--restore-end");
			return -1;
		}
	}
	if (video_only != NULL && !video) {
		errbuf_set(err, errlen,
		           "%s is for a video: --render or --convert to "
		           "FILE.gif, .png, .mp4 or .webm",
		           video_only);
		return -1;
	}
	if ((opts->keep_hints || opts->restore_end) &&
	    opts->render_path == NULL) {
		errbuf_set(err, errlen, "%s is for --render",
		           opts->keep_hints ? "--keep-hints" : "--restore-end");
		return -1;
	}
	if (opts->restore_end && format != VIDEO_CAST) {
		errbuf_set(err, errlen,
		           "--restore-end is for a rendered .cast (a video has "
		           "no terminal to give back)");
		return -1;
	}
	if (opts->from_given && opts->to_given && opts->from_chapter == 0 &&
	    opts->to_chapter == 0 && opts->to_us <= opts->from_us) {
		errbuf_set(err, errlen, "--to must come after --from");
		return -1;
	}
	if (opts->from_chapter > 0 && opts->to_chapter > 0 &&
	    opts->to_chapter < opts->from_chapter) {
		errbuf_set(err, errlen, "--to ch%u comes before --from ch%u",
		           (unsigned)opts->to_chapter,
		           (unsigned)opts->from_chapter);
		return -1;
	}
	if ((opts->from_chapter > 0 || opts->to_chapter > 0) &&
	    opts->script_path == NULL) {
		errbuf_set(err, errlen,
		           "--from/--to chN: chapters are a scenario's (give "
		           "--script or --replay)");
		return -1;
	}
	if ((opts->pause_hold_given || opts->end_hold_given) &&
	    (opts->render_path == NULL || opts->convert_path != NULL)) {
		errbuf_set(err, errlen, "%s is for --render",
		           opts->pause_hold_given ? "--pause-hold"
		                                  : "--end-hold");
		return -1;
	}
	if (opts->speed != 0 && (opts->headless || opts->convert_path)) {
		errbuf_set(
		    err, errlen,
		    "--speed is for the dashboard or a render (a headless "
		    "run has no clock to pace)");
		return -1;
	}
	return 0;
}

/* A file name option: --script, --replay, --save-log, --record, --render,
 * --svg. */
static int take_path(enum setting_id id, const char *path, struct options *opts,
                     char *why, size_t whylen)
{
	if (id == SETTING_RECORD) {
		opts->record_path = path;
	} else if (id == SETTING_RENDER) {
		opts->render_path = path;
	} else if (id == SETTING_SAVE_LOG) {
		opts->save_log_path = path;
	} else if (id == SETTING_SVG) {
		opts->svg_path = path;
	} else if (id == SETTING_LESSON || opts->lesson_path != NULL) {
		/* A lesson is its chapters: nothing else is played. */
		if (opts->script_path != NULL || opts->lesson_path != NULL) {
			snprintf(why, whylen,
			         "--lesson plays its own scenarios: give no "
			         "--script or --replay with it");
			return -1;
		}
		opts->lesson_path = path;
	} else if (id == SETTING_SCRIPT && opts->script_count > 0 &&
	           opts->script_count < LESSON_MAX_CHAPTERS) {
		/* --script a --script b: a lesson of two chapters. */
		opts->scripts[opts->script_count++] = path;
	} else if (opts->script_path != NULL) {
		snprintf(why, whylen,
		         opts->script_count > 0 && id == SETTING_SCRIPT
		             ? "--script: at most 64 in a row"
		             : "--script and --replay: give one file to play");
		return -1;
	} else {
		opts->script_path = path;
		if (id == SETTING_SCRIPT)
			opts->scripts[opts->script_count++] = path;
	}
	return 0;
}

/*
 * No output may be a file the run reads, or another output: writing it
 * would destroy the input before it is read (an empty world played, the
 * scenario replaced by its empty log). The files are compared, not the
 * names, so "./s.gcs", a hard link or a symlink are caught too.
 */
static int check_outputs(const struct options *opts, char *err, size_t errlen)
{
	const struct {
		const char *option, *path;
	} outs[] = {
	    {"--save-log", opts->save_log_path},
	    {"--record", opts->record_path},
	    {"--render", opts->render_path},
	};
	const size_t n = sizeof outs / sizeof outs[0];
	char shown[64];

	for (size_t i = 0; i < n; i++) {
		if (outs[i].path == NULL)
			continue;
		value_printable(outs[i].path, strlen(outs[i].path), shown,
		                sizeof shown);
		if (opts->script_path != NULL &&
		    outfile_same(outs[i].path, opts->script_path)) {
			errbuf_set(err, errlen,
			           "%s: '%s' is the file being played: writing "
			           "it would destroy it (give another path)",
			           outs[i].option, shown);
			return -1;
		}
		for (size_t j = i + 1; j < n; j++) {
			if (outs[j].path != NULL &&
			    outfile_same(outs[i].path, outs[j].path)) {
				errbuf_set(err, errlen,
				           "%s and %s: both write '%s' (give "
				           "each its own path)",
				           outs[i].option, outs[j].option,
				           shown);
				return -1;
			}
		}
	}
	return 0;
}

/*
 * One option with its value (NULL for a flag): parsed by the table's one
 * parser, stored where the setting lands. On error prefixes the option's
 * name, as every message of the table's parser names neither.
 */
static int take_option(const struct setting *s, const char *arg,
                       struct options *opts, char *err, size_t errlen)
{
	enum setting_id id = settings_id(s);
	struct setting_value value;
	char why[VALUE_ERR_MAX];

	for (size_t i = 0; i < sizeof option_flags / sizeof option_flags[0];
	     i++)
		if (option_flags[i].id == id) {
			*(bool *)((char *)opts + option_flags[i].offset) = true;
			return 0;
		}
	if (id == SETTING_AMNESIA) {
		opts->restart_mode = RESTART_AMNESIA;
		return 0;
	}
	why[0] = '\0';
	if (s->kind == SETTING_KIND_NODE) {
		if (parse_fault(id == SETTING_CRASH, arg, opts, why,
		                sizeof why) == 0)
			return 0;
		errbuf_set(err, errlen, "--%s: %s", s->name, why);
		return -1;
	}
	/* --from ch2: a scenario's chapter rather than a time. */
	if ((id == SETTING_FROM || id == SETTING_TO) &&
	    strncmp(arg, "ch", 2) == 0) {
		char *end;
		unsigned long chapter = strtoul(arg + 2, &end, 10);

		if (arg[2] < '1' || arg[2] > '9' || *end != '\0' ||
		    chapter > 999) {
			errbuf_set(err, errlen,
			           "--%s: chapter '%s' is not ch1 to ch999",
			           s->name, arg);
			return -1;
		}
		if (id == SETTING_FROM) {
			opts->from_given = true;
			opts->from_chapter = (uint32_t)chapter;
		} else {
			opts->to_given = true;
			opts->to_chapter = (uint32_t)chapter;
		}
		return 0;
	}
	if (settings_parse(s, SETTING_FROM_COMMAND_LINE, arg, &value, why,
	                   sizeof why) != 0) {
		errbuf_set(err, errlen, "--%s: %s", s->name, why);
		return -1;
	}
	settings_store(s, &value, &opts->sim);
	switch (id) {
	case SETTING_SEED:
		opts->seed_given = true;
		break;
	case SETTING_DURATION:
		opts->duration_given = true;
		break;
	case SETTING_MODE:
		opts->mode_given = true;
		break;
	case SETTING_THEME:
		opts->theme = (enum theme)value.choice;
		opts->theme_given = true;
		break;
	case SETTING_VIEW:
		opts->view = (enum view_kind)value.choice;
		opts->view_given = true;
		break;
	case SETTING_SVG_WINDOW:
		opts->svg_window_given = true;
		opts->svg_from_us = value.number;
		opts->svg_to_us = value.high;
		break;
	case SETTING_AT:
		opts->at_given = true;
		opts->at_us = value.number;
		break;
	case SETTING_COLS:
		opts->cols = (uint32_t)value.number;
		break;
	case SETTING_ROWS:
		opts->rows = (uint32_t)value.number;
		break;
	case SETTING_CONVERT:
		opts->convert_path = arg;
		break;
	case SETTING_FONT:
		opts->font = arg;
		break;
	case SETTING_FONT_SIZE:
		opts->font_size = (uint32_t)value.number;
		break;
	case SETTING_FROM:
		opts->from_given = true;
		opts->from_us = value.number;
		break;
	case SETTING_TO:
		opts->to_given = true;
		opts->to_us = value.number;
		break;
	case SETTING_SPEED:
		if (value.real < 1.0 / 16 - 1e-9) {
			errbuf_set(
			    err, errlen,
			    "--speed: %s is too slow (1/16 to 64: 0.0625 "
			    "is the slowest)",
			    arg);
			return -1;
		}
		opts->speed = value.real;
		break;
	case SETTING_LISTEN:
		opts->listen_arg = arg;
		break;
	case SETTING_KEEP_WORKERS:
		opts->keep_workers = (uint32_t)value.number;
		opts->keep_workers_given = true;
		break;
	case SETTING_EXEC:
	case SETTING_WORKLOAD:
	case SETTING_MAX_DELTA:
	case SETTING_SETTLE:
	case SETTING_ANSWER:
	case SETTING_READ_EVERY:
	case SETTING_CLASS:
	case SETTING_WAIT_JOINS:
		/* main.c hands a run with --exec to app/ext-run.c. */
		errbuf_set(err, errlen,
		           "--%s is for real nodes: give --exec COMMAND too",
		           s->name);
		return -1;
	case SETTING_PAUSE_HOLD:
		opts->pause_hold_given = true;
		opts->pause_hold_us = value.number;
		break;
	case SETTING_END_HOLD:
		opts->end_hold_given = true;
		opts->end_hold_us = value.number;
		break;
	default:
		if (s->kind == SETTING_KIND_PATH &&
		    take_path(id, arg, opts, why, sizeof why) != 0) {
			errbuf_set(err, errlen, "%s", why);
			return -1;
		}
		break;
	}
	return 0;
}

enum options_result options_parse(int argc, char **argv, uint64_t random_seed,
                                  struct options *opts, FILE *out, char *err,
                                  size_t errlen)
{
	const char *no_color = getenv("NO_COLOR");
	struct option options[SETTING_ID_COUNT + 1];
	int id, index;
	char shown[64];
	enum video_format format = VIDEO_CAST;
	bool still;

	*opts = (struct options){0};
	sim_config_defaults(&opts->sim);
	opts->sim.seed = random_seed;
	opts->theme = THEME_DARK;

	build_long_options(options);
	opterr = 0; /* we word the errors ourselves */
	/* 0, not 1: glibc then also forgets where it was inside a cluster
	 * of short options ("-hx"), so one parse cannot leak into the next
	 * (the fuzzer found that). */
	optind = 0;
	while ((index = -1,
	        id = getopt_long(argc, argv, ":hV", options, &index)) != -1) {
		switch (id) {
		case 'h':
			options_print_help(out);
			return OPTIONS_EXIT;
		case 'V':
			fprintf(out, "gcounter %s\n", GCOUNTER_VERSION);
			return OPTIONS_EXIT;
		case ':':
			errbuf_set(err, errlen, "%s: missing value",
			           value_printable(argv[optind - 1],
			                           strlen(argv[optind - 1]),
			                           shown, sizeof shown));
			return OPTIONS_ERROR;
		case '?':
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				refused_option(options, argv[optind - 1], err,
				               errlen);
			else if (optopt > 0x20 && optopt < 0x7f)
				errbuf_set(err, errlen,
				           "unknown option '-%c' (try --help)",
				           optopt);
			else
				refused_option(options, argv[optind - 1], err,
				               errlen);
			return OPTIONS_ERROR;
		default:
			if (take_option(settings_get((enum setting_id)(
			                    id - OPTION_BASE)),
			                optarg, opts, err, errlen) != 0)
				return OPTIONS_ERROR;
			break;
		}
	}
	/* --convert IN OUT: the one argument that is not an option. */
	if (opts->convert_path != NULL && opts->render_path == NULL &&
	    optind == argc - 1)
		opts->render_path = argv[optind++];
	if (optind < argc) {
		errbuf_set(err, errlen, "unexpected argument '%s' (try --help)",
		           value_printable(argv[optind], strlen(argv[optind]),
		                           shown, sizeof shown));
		return OPTIONS_ERROR;
	}
	/* https://no-color.org: set and non-empty means no colour; but a
	 * render is the same bytes whatever the environment (as its size,
	 * terminal type and locale are): there only --no-color counts. */
	if (no_color != NULL && no_color[0] != '\0' &&
	    opts->render_path == NULL)
		opts->no_color = true;
	if (opts->render_path != NULL)
		video_format_of(opts->render_path, &format);
	still = format == VIDEO_PNG;
	if (video_options_check(opts, format, err, errlen) != 0)
		return OPTIONS_ERROR;
	if ((opts->json || opts->trace || (opts->at_given && !still)) &&
	    !opts->headless) {
		errbuf_set(err, errlen, "%s needs --headless",
		           opts->json    ? "--json"
		           : opts->trace ? "--trace"
		                         : "--at");
		return OPTIONS_ERROR;
	}
	if ((opts->svg_path != NULL || opts->svg_window_given) &&
	    !opts->headless) {
		errbuf_set(
		    err, errlen,
		    "%s needs --headless (a run, or --script or --replay "
		    "played flat out)",
		    opts->svg_path != NULL ? "--svg" : "--svg-window");
		return OPTIONS_ERROR;
	}
	if (opts->svg_window_given && opts->svg_path == NULL) {
		errbuf_set(err, errlen, "--svg-window needs --svg FILE");
		return OPTIONS_ERROR;
	}
	if (opts->render_path != NULL || opts->record_path != NULL) {
		const char *what = opts->render_path ? "--render" : "--record";

		if (opts->render_path != NULL && opts->record_path != NULL) {
			errbuf_set(err, errlen,
			           "--record and --render: give one (record a "
			           "session, or render a scenario)");
			return OPTIONS_ERROR;
		}
		if (opts->headless) {
			errbuf_set(err, errlen,
			           "%s draws the dashboard: drop --headless",
			           what);
			return OPTIONS_ERROR;
		}
		if (opts->render_path != NULL && opts->script_path == NULL &&
		    opts->lesson_path == NULL && opts->convert_path == NULL) {
			errbuf_set(err, errlen,
			           "--render needs a scenario to render: "
			           "--script FILE or --replay FILE");
			return OPTIONS_ERROR;
		}
	}
	if ((opts->lesson_path != NULL || opts->script_count > 1) &&
	    (opts->save_log_path != NULL || opts->at_given || opts->json ||
	     opts->trace || opts->svg_path != NULL || opts->from_chapter > 0 ||
	     opts->to_chapter > 0)) {
		/* Each of these is one run's: a lesson is several. */
		errbuf_set(err, errlen, "%s is for one scenario, not a lesson",
		           opts->save_log_path != NULL ? "--save-log"
		           : opts->at_given            ? "--at"
		           : opts->json                ? "--json"
		           : opts->trace               ? "--trace"
		           : opts->svg_path != NULL    ? "--svg"
		                                       : "--from/--to chN");
		return OPTIONS_ERROR;
	}
	if (check_outputs(opts, err, errlen) != 0)
		return OPTIONS_ERROR;
	{
		struct sim_config combined = opts->sim;
		enum setting_id culprit;

		/* (The reader on a PN-Counter is left to sim_new's check,
		 * whose words the command line has always given.) */
		combined.reader = READER_NONE;
		if (settings_check_combined(
		        &combined, opts->restart_mode == RESTART_AMNESIA,
		        SETTING_FROM_COMMAND_LINE, &culprit, err, errlen) != 0)
			return OPTIONS_ERROR;
	}
	if (opts->headless && !opts->duration_given)
		opts->sim.duration_us = OPTIONS_DEFAULT_DURATION_US;
	if (opts->sim.reader != READER_NONE && opts->sim.read_rate == 0)
		opts->sim.read_rate = SIM_DEFAULT_READ_RATE;
	for (size_t i = 0; i < opts->initial_count; i++) {
		uint32_t node = opts->initial[i].node;

		if (node != SIM_RELAY && node >= opts->sim.nodes) {
			errbuf_set(err, errlen,
			           "--%s: no node n%u (nodes are n1 to n%u)",
			           opts->initial[i].kind == CMD_CRASH
			               ? "crash"
			               : "partition",
			           node + 1, opts->sim.nodes);
			return OPTIONS_ERROR;
		}
	}
	return OPTIONS_RUN;
}

int options_apply_initial(const struct options *opts, struct sim *sim,
                          char *err, size_t errlen)
{
	for (size_t i = 0; i < opts->initial_count; i++)
		if (sim_apply(sim, &opts->initial[i], err, errlen) != 0)
			return -1;
	return 0;
}
