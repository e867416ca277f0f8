/*
 * Command-line parsing with getopt_long. Each value goes through the
 * script/value parsers, so the command line and scenario files accept the
 * same words; each error is one line naming the option and what is wrong.
 */
#include "app/options.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "script/value.h"
#include "util/errbuf.h"
#include "sim/mode.h"
#include "sim/strategy.h"

#ifndef GCOUNTER_VERSION
#define GCOUNTER_VERSION "0.0.0"
#endif

enum {
	OPT_NODES = 256,
	OPT_SEED,
	OPT_STRATEGY,
	OPT_LATENCY,
	OPT_GOSSIP_INTERVAL,
	OPT_RATE,
	OPT_DURATION,
	OPT_DROP,
	OPT_DUPLICATE,
	OPT_FANOUT,
	OPT_HYBRID_CHANGES,
	OPT_READER,
	OPT_READ_RATE,
	OPT_PARTITION,
	OPT_CRASH,
	OPT_AMNESIA,
	OPT_SCRIPT,
	OPT_CRDT,
	OPT_MODE,
	OPT_REPLAY,
	OPT_SAVE_LOG,
	OPT_HEADLESS,
	OPT_JSON,
	OPT_TRACE,
	OPT_THEME,
	OPT_NO_COLOR,
	OPT_BIG,
	OPT_SHOW_KEYS,
	OPT_COLS,
	OPT_ROWS,
	OPT_RECORD,
	OPT_RENDER,
};

static const struct option long_options[] = {
    {"nodes", required_argument, NULL, OPT_NODES},
    {"seed", required_argument, NULL, OPT_SEED},
    {"strategy", required_argument, NULL, OPT_STRATEGY},
    {"latency", required_argument, NULL, OPT_LATENCY},
    {"gossip-interval", required_argument, NULL, OPT_GOSSIP_INTERVAL},
    {"rate", required_argument, NULL, OPT_RATE},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"drop", required_argument, NULL, OPT_DROP},
    {"duplicate", required_argument, NULL, OPT_DUPLICATE},
    {"fanout", required_argument, NULL, OPT_FANOUT},
    {"hybrid-changes", required_argument, NULL, OPT_HYBRID_CHANGES},
    {"reader", required_argument, NULL, OPT_READER},
    {"read-rate", required_argument, NULL, OPT_READ_RATE},
    {"partition", required_argument, NULL, OPT_PARTITION},
    {"crash", required_argument, NULL, OPT_CRASH},
    {"amnesia", no_argument, NULL, OPT_AMNESIA},
    {"script", required_argument, NULL, OPT_SCRIPT},
    {"crdt", required_argument, NULL, OPT_CRDT},
    {"mode", required_argument, NULL, OPT_MODE},
    {"replay", required_argument, NULL, OPT_REPLAY},
    {"save-log", required_argument, NULL, OPT_SAVE_LOG},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"json", no_argument, NULL, OPT_JSON},
    {"trace", no_argument, NULL, OPT_TRACE},
    {"theme", required_argument, NULL, OPT_THEME},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"big", no_argument, NULL, OPT_BIG},
    {"show-keys", no_argument, NULL, OPT_SHOW_KEYS},
    {"cols", required_argument, NULL, OPT_COLS},
    {"rows", required_argument, NULL, OPT_ROWS},
    {"record", required_argument, NULL, OPT_RECORD},
    {"render", required_argument, NULL, OPT_RENDER},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static const char *const theme_names[] = {"dark", "light", "projector", "mono"};

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

void options_print_help(FILE *out)
{
	size_t count;
	const struct strategy *const *strategies = strategy_all(&count);

	fprintf(
	    out,
	    "Usage: gcounter [OPTION]...\n"
	    "Simulate G-Counter CRDT replicas gossiping, and watch them "
	    "converge.\n"
	    "With no options, opens the dashboard: 4 nodes, the master "
	    "relay, no workload.\n"
	    "\n"
	    "The world:\n"
	    "  --nodes N              worker nodes, 1 to %d (default 4)\n"
	    "  --crdt C               gcounter (default) or pncounter "
	    "(counts down too: on\n"
	    "                         the dashboard Shift-1..9 or "
	    "Backspace decrement)\n"
	    "  --seed S               random seed, 0 to 2^64-1 (default: "
	    "drawn and shown)\n"
	    "  --strategy NAME        how nodes propagate (default relay)\n"
	    "  --mode M               what a message carries: state "
	    "(default), delta, op\n"
	    "                         or op-reliable (see Modes below; op "
	    "modes need relay,\n"
	    "                         interval, on-change or hybrid)\n"
	    "  --latency L            message delay: 20ms, 10-50ms or "
	    "exp:30ms\n"
	    "                         (default 20-60ms, at most 1h)\n"
	    "  --gossip-interval R    each worker's gossip timer, e.g. "
	    "180-220ms (default)\n"
	    "  --rate R               automatic increments per second, "
	    "0 to %g (default 0)\n"
	    "  --duration T           virtual time the workload runs "
	    "(headless default 10s,\n"
	    "                         at most 24h); afterwards headless "
	    "mode waits up to 60s\n"
	    "                         more for the cluster to converge\n"
	    "  --drop P               probability a message is lost, e.g. "
	    "0.1 or 10%%\n"
	    "  --duplicate P          probability a message arrives twice\n"
	    "  --fanout K             gossip, push-pull: peers per round "
	    "(default 2)\n"
	    "  --hybrid-changes K     hybrid: send after K increments "
	    "(default 3, at most 1000)\n"
	    "\n"
	    "Faults and readers:\n"
	    "  --partition NODE       cut n3 off both ways from the start; "
	    "n3:in cannot\n"
	    "                         receive, n3:out cannot send "
	    "(repeatable)\n"
	    "  --crash NODE           n2 or relay is down from the start "
	    "(repeatable)\n"
	    "  --amnesia              restarted workers forget their own "
	    "count (the lesson\n"
	    "                         in why a replica must persist its "
	    "slot)\n"
	    "  --reader KIND          random (a random replica per read, "
	    "like the original\n"
	    "                         page-view counter) or sticky (one "
	    "replica)\n"
	    "  --read-rate R          reads per second (default 10)\n"
	    "\n"
	    "Scenarios:\n"
	    "  --script FILE          play a scenario file (see "
	    "docs/scenarios.md); its\n"
	    "                         settings replace the options above, "
	    "but --seed wins\n"
	    "  --save-log FILE        save every command of this run, to "
	    "replay it exactly\n"
	    "  --replay FILE          play a saved log back (as --script "
	    "does)\n"
	    "\n"
	    "Headless (no screen):\n"
	    "  --headless             run as fast as possible and print "
	    "a summary\n"
	    "  --json                 print the summary as one JSON "
	    "object\n"
	    "  --trace                print one JSON line per event "
	    "first\n"
	    "\n"
	    "Dashboard:\n"
	    "  --theme T              dark, light, projector (high "
	    "contrast) or mono\n"
	    "  --no-color             no colour (also when NO_COLOR is "
	    "set)\n"
	    "  --big                  big digits for the totals\n"
	    "  --show-keys            caption every key pressed and what it "
	    "did (for videos)\n"
	    "\n"
	    "Recording:\n"
	    "  --cols C, --rows R     a fixed canvas of C x R, whatever the "
	    "terminal's size\n"
	    "                         (at least 80 x 24)\n"
	    "  --record FILE.cast     record this session as an asciicast "
	    "v2 file\n"
	    "  --render FILE.cast     render --script or --replay to an "
	    "asciicast with no\n"
	    "                         terminal, in virtual time (default "
	    "80 x 24)\n"
	    "\n"
	    "  -h, --help             show this help\n"
	    "  -V, --version          show the version\n"
	    "\n"
	    "Durations take a unit: us, ms, s, m or h (1.5s, 250ms).\n"
	    "\n"
	    "Strategies:\n",
	    SIM_MAX_NODES, SIM_MAX_RATE);
	for (size_t i = 0; i < count; i++)
		print_wrapped(out, strategies[i]->name, strategies[i]->summary);
	fputs("\nModes:\n", out);
	for (int m = 0; m < MODE_COUNT; m++)
		print_wrapped(out, sim_mode_name((enum sim_mode)m),
		              sim_mode_summary((enum sim_mode)m));
}

/*
 * User text as it may appear in a one-line message: at most 40 bytes, and
 * every byte that is not printable ASCII (a newline, say) shown as '?'.
 */
static const char *printable(const char *text, char *buf, size_t cap)
{
	size_t n = 0;

	for (; text[n] != '\0' && n < 40 && n + 4 < cap; n++) {
		unsigned char c = (unsigned char)text[n];

		buf[n] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (text[n] != '\0' && n + 4 <= cap) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * What getopt_long refused in argv[at]: an unknown or ambiguous long
 * option, a value given to a flag that takes none, or an unknown short
 * option. getopt's own optopt cannot tell these apart, so look again.
 */
static void refused_option(const char *arg, char *err, size_t errlen)
{
	const char *names[sizeof long_options / sizeof long_options[0]];
	char word[64], shown[64], list[256] = "";
	size_t count = 0, prefix_matches = 0, len;
	const struct option *exact = NULL;
	const char *hint;

	if (strncmp(arg, "--", 2) != 0) {
		errbuf_set(err, errlen, "unknown option '%s' (try --help)",
		           printable(arg, shown, sizeof shown));
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
		errbuf_set(err, errlen, "ambiguous option '--%s' (%s?)",
		           printable(word, shown, sizeof shown), list);
		return;
	}
	hint = value_suggest(word, names, count);
	if (hint != NULL)
		errbuf_set(err, errlen,
		           "unknown option '--%s' (did you mean '--%s'?)",
		           printable(word, shown, sizeof shown), hint);
	else
		errbuf_set(err, errlen, "unknown option '--%s' (try --help)",
		           printable(word, shown, sizeof shown));
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

		snprintf(why, whylen,
		         "expected a node like n1 or relay, got '%s'",
		         printable(text, shown, sizeof shown));
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
			         printable(arg, shown, sizeof shown));
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

/* Parses one option's value; on error prefixes the option's name. */
static int parse_value(int id, const char *name, const char *arg,
                       struct options *opts, char *err, size_t errlen)
{
	char why[VALUE_ERR_MAX], shown[64];
	uint64_t u;
	int rc = 0;

	why[0] = '\0';
	printable(arg, shown, sizeof shown);
	switch (id) {
	case OPT_COLS:
	case OPT_ROWS:
		rc = value_parse_uint(
		    arg, id == OPT_COLS ? OPTIONS_MIN_COLS : OPTIONS_MIN_ROWS,
		    id == OPT_COLS ? OPTIONS_MAX_COLS : OPTIONS_MAX_ROWS, &u,
		    why, sizeof why);
		if (rc == 0 && id == OPT_COLS)
			opts->cols = (uint32_t)u;
		else if (rc == 0)
			opts->rows = (uint32_t)u;
		else if (strncmp(why, "must be at least", 16) == 0)
			snprintf(why + strlen(why), sizeof why - strlen(why),
			         " (the dashboard's smallest)");
		break;
	case OPT_NODES:
		rc = value_parse_uint(arg, 1, SIM_MAX_NODES, &u, why,
		                      sizeof why);
		if (rc == 0)
			opts->sim.nodes = (uint32_t)u;
		break;
	case OPT_SEED:
		rc = value_parse_uint(arg, 0, UINT64_MAX, &opts->sim.seed, why,
		                      sizeof why);
		opts->seed_given = true;
		break;
	case OPT_STRATEGY: {
		size_t count;
		const struct strategy *const *all = strategy_all(&count);
		const char *names[16];
		const char *hint;

		opts->sim.strategy = strategy_find(arg);
		if (opts->sim.strategy != NULL)
			break;
		for (size_t i = 0; i < count && i < 16; i++)
			names[i] = all[i]->name;
		hint = value_suggest(arg, names, count < 16 ? count : 16);
		if (hint != NULL)
			snprintf(why, sizeof why,
			         "unknown strategy '%s' (did you mean "
			         "'%s'?)",
			         shown, hint);
		else
			snprintf(why, sizeof why,
			         "unknown strategy '%s' (see --help)", shown);
		rc = -1;
		break;
	}
	case OPT_LATENCY:
		rc = value_parse_latency(arg, &opts->sim.latency, why,
		                         sizeof why);
		break;
	case OPT_GOSSIP_INTERVAL:
		rc = value_parse_duration_range(
		    arg, LATENCY_MAX_US, &opts->sim.gossip_min_us,
		    &opts->sim.gossip_max_us, why, sizeof why);
		if (rc == 0 && opts->sim.gossip_min_us < SIM_MIN_GOSSIP_US) {
			snprintf(why, sizeof why, "must be at least 1ms");
			rc = -1;
		}
		break;
	case OPT_RATE:
		rc = value_parse_double(arg, 0, SIM_MAX_RATE, &opts->sim.rate,
		                        why, sizeof why);
		break;
	case OPT_DURATION:
		rc = value_parse_duration(arg, SIM_MAX_DURATION_US,
		                          &opts->sim.duration_us, why,
		                          sizeof why);
		if (rc == 0 && opts->sim.duration_us == 0) {
			snprintf(why, sizeof why, "must be above 0s");
			rc = -1;
		}
		opts->duration_given = true;
		break;
	case OPT_DROP:
		rc = value_parse_probability(arg, &opts->sim.drop, why,
		                             sizeof why);
		break;
	case OPT_FANOUT:
		rc = value_parse_uint(arg, 1, SIM_MAX_NODES, &u, why,
		                      sizeof why);
		if (rc == 0)
			opts->sim.fanout = (uint32_t)u;
		break;
	case OPT_HYBRID_CHANGES:
		rc = value_parse_uint(arg, 1, SIM_MAX_HYBRID_CHANGES, &u, why,
		                      sizeof why);
		if (rc == 0)
			opts->sim.hybrid_changes = (uint32_t)u;
		break;
	case OPT_READER:
		if (strcmp(arg, "random") == 0)
			opts->sim.reader = READER_RANDOM;
		else if (strcmp(arg, "sticky") == 0)
			opts->sim.reader = READER_STICKY;
		else if (strcmp(arg, "none") == 0)
			opts->sim.reader = READER_NONE;
		else {
			snprintf(why, sizeof why,
			         "unknown reader '%s' (use random, sticky or "
			         "none)",
			         shown);
			rc = -1;
		}
		break;
	case OPT_MODE:
		opts->mode_given = true;
		if (!sim_mode_find(arg, &opts->sim.mode)) {
			snprintf(why, sizeof why,
			         "unknown mode '%s' (use state, delta, op or "
			         "op-reliable)",
			         shown);
			rc = -1;
		}
		break;
	case OPT_CRDT:
		if (strcmp(arg, "gcounter") == 0) {
			opts->sim.crdt = CRDT_GCOUNTER;
		} else if (strcmp(arg, "pncounter") == 0) {
			opts->sim.crdt = CRDT_PNCOUNTER;
		} else {
			snprintf(
			    why, sizeof why,
			    "unknown CRDT '%s' (use gcounter or pncounter)",
			    shown);
			rc = -1;
		}
		break;
	case OPT_READ_RATE:
		rc = value_parse_double(arg, 0, SIM_MAX_RATE,
		                        &opts->sim.read_rate, why, sizeof why);
		break;
	case OPT_PARTITION:
	case OPT_CRASH:
		rc = parse_fault(id == OPT_CRASH, arg, opts, why, sizeof why);
		break;
	case OPT_DUPLICATE:
		rc = value_parse_probability(arg, &opts->sim.duplicate, why,
		                             sizeof why);
		break;
	case OPT_THEME: {
		size_t count = sizeof theme_names / sizeof theme_names[0];
		const char *hint;

		for (size_t i = 0; i < count; i++) {
			if (strcmp(arg, theme_names[i]) == 0) {
				opts->theme = (enum theme)i;
				opts->theme_given = true;
				return 0;
			}
		}
		hint = value_suggest(arg, theme_names, count);
		snprintf(why, sizeof why, "unknown theme '%s' (%s%s%s)", shown,
		         hint ? "did you mean '"
		              : "use dark, light, "
		                "projector or mono",
		         hint ? hint : "", hint ? "'?" : "");
		rc = -1;
		break;
	}
	default:
		return 0;
	}
	if (rc != 0)
		errbuf_set(err, errlen, "--%s: %s", name, why);
	return rc;
}

enum options_result options_parse(int argc, char **argv, uint64_t random_seed,
                                  struct options *opts, FILE *out, char *err,
                                  size_t errlen)
{
	const char *no_color = getenv("NO_COLOR");
	int id, index;
	char shown[64];

	*opts = (struct options){0};
	sim_config_defaults(&opts->sim);
	opts->sim.seed = random_seed;
	opts->theme = THEME_DARK;
	/* https://no-color.org: set and non-empty means no colour. */
	opts->no_color = no_color != NULL && no_color[0] != '\0';

	opterr = 0; /* we word the errors ourselves */
	/* 0, not 1: glibc then also forgets where it was inside a cluster
	 * of short options ("-hx"), so one parse cannot leak into the next
	 * (the fuzzer found that). */
	optind = 0;
	while ((index = -1, id = getopt_long(argc, argv, ":hV", long_options,
	                                     &index)) != -1) {
		switch (id) {
		case 'h':
			options_print_help(out);
			return OPTIONS_EXIT;
		case 'V':
			fprintf(out, "gcounter %s\n", GCOUNTER_VERSION);
			return OPTIONS_EXIT;
		case ':':
			errbuf_set(
			    err, errlen, "%s: missing value",
			    printable(argv[optind - 1], shown, sizeof shown));
			return OPTIONS_ERROR;
		case '?':
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				refused_option(argv[optind - 1], err, errlen);
			else if (optopt > 0x20 && optopt < 0x7f)
				errbuf_set(err, errlen,
				           "unknown option '-%c' (try --help)",
				           optopt);
			else
				refused_option(argv[optind - 1], err, errlen);
			return OPTIONS_ERROR;
		case OPT_HEADLESS:
			opts->headless = true;
			break;
		case OPT_JSON:
			opts->json = true;
			break;
		case OPT_TRACE:
			opts->trace = true;
			break;
		case OPT_NO_COLOR:
			opts->no_color = true;
			break;
		case OPT_BIG:
			opts->big = true;
			break;
		case OPT_SHOW_KEYS:
			opts->show_keys = true;
			break;
		case OPT_SCRIPT:
		case OPT_REPLAY:
		case OPT_SAVE_LOG:
		case OPT_RECORD:
		case OPT_RENDER:
			if (optarg[0] == '\0') {
				errbuf_set(err, errlen,
				           "--%s: expected a file name",
				           long_options[index].name);
				return OPTIONS_ERROR;
			}
			if (id == OPT_RECORD) {
				opts->record_path = optarg;
			} else if (id == OPT_RENDER) {
				opts->render_path = optarg;
			} else if (id == OPT_SAVE_LOG) {
				opts->save_log_path = optarg;
			} else if (opts->script_path != NULL) {
				errbuf_set(
				    err, errlen,
				    "--script and --replay: give one file "
				    "to play");
				return OPTIONS_ERROR;
			} else {
				opts->script_path = optarg;
			}
			break;
		case OPT_AMNESIA:
			opts->restart_mode = RESTART_AMNESIA;
			break;
		default:
			if (parse_value(id, long_options[index].name, optarg,
			                opts, err, errlen) != 0)
				return OPTIONS_ERROR;
			break;
		}
	}
	if (optind < argc) {
		errbuf_set(err, errlen, "unexpected argument '%s' (try --help)",
		           printable(argv[optind], shown, sizeof shown));
		return OPTIONS_ERROR;
	}
	if ((opts->json || opts->trace) && !opts->headless) {
		errbuf_set(err, errlen, "%s needs --headless",
		           opts->json ? "--json" : "--trace");
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
		if (opts->render_path != NULL && opts->script_path == NULL) {
			errbuf_set(err, errlen,
			           "--render needs a scenario to render: "
			           "--script FILE or --replay FILE");
			return OPTIONS_ERROR;
		}
	}
	if (!sim_mode_fits_strategy(opts->sim.mode, opts->sim.strategy)) {
		errbuf_set(err, errlen,
		           "--mode %s sends each op once from its origin; "
		           "--strategy %s passes state from peer to peer (use "
		           "relay, interval, on-change or hybrid)",
		           sim_mode_name(opts->sim.mode),
		           opts->sim.strategy->name);
		return OPTIONS_ERROR;
	}
	if (opts->restart_mode == RESTART_AMNESIA &&
	    mode_get(opts->sim.mode)->needs_durable) {
		errbuf_set(
		    err, errlen,
		    "--amnesia with --mode %s: ops are sent once, so op "
		    "modes keep replicas on disk and restart them durably",
		    sim_mode_name(opts->sim.mode));
		return OPTIONS_ERROR;
	}
	if (opts->headless && !opts->duration_given)
		opts->sim.duration_us = OPTIONS_DEFAULT_DURATION_US;
	if (opts->sim.reader != READER_NONE && opts->sim.read_rate == 0)
		opts->sim.read_rate = OPTIONS_DEFAULT_READ_RATE;
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
