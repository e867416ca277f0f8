/*
 * The driver of real nodes: options, the libevent loop that maps the wall
 * clock onto the world's virtual time and carries lines between the world
 * and the programs, the replay of a saved run, and the report (text or
 * JSON) with the checker's verdict as the exit status. Whatever ends the
 * run (its end, Ctrl-C, SIGTERM, SIGHUP, an error) goes through one exit
 * that kills and reaps every child.
 */
#define _GNU_SOURCE
#include "app/ext-run.h"

#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/ext-live.h"
#include "app/ext-log.h"
#include "app/ext-loop.h"
#include "app/ext-node.h"
#include "app/ext-proc.h"
#include "app/join.h"
#include "app/options.h"
#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"
#include "script/settings.h"
#include "script/value.h"
#include "util/errbuf.h"

struct run_opts {
	struct mworld_config config;
	const char *command;
	const char *save_log;
	const char *replay;
	bool json, headless;
	/* A class over TCP (--class, --listen, --wait-joins). */
	bool class;
	const char *listen;
	uint32_t wait_joins;
	struct ext_class_config class_config;
	char own_node[4200]; /* --class with no --exec: this binary's node */
};

bool ext_run_wanted(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "maelstrom-node") == 0 ||
	                  strcmp(argv[1], "join") == 0))
		return true;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--exec") == 0 ||
		    strncmp(argv[i], "--exec=", 7) == 0 ||
		    strcmp(argv[i], "--class") == 0)
			return true;
		if (strcmp(argv[i], "--replay") == 0 && i + 1 < argc &&
		    ext_log_is(argv[i + 1]))
			return true;
	}
	return false;
}

/* A node spec "n2" or "2" into its index. */
static int node_arg(const char *text, uint32_t *out)
{
	uint64_t v;

	if (text[0] == 'n')
		text++;
	if (value_parse_uint(text, 0, MWORLD_MAX_NODES - 1, &v, NULL, 0) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int fault_arg(struct mworld_config *c, int opt, char *arg, char *err,
                     size_t errlen)
{
	char *at = strchr(arg, '@'), *mode;
	struct mworld_fault f = {0};
	uint64_t lo, hi;

	if (at == NULL) {
		errbuf_set(err, errlen, "--%s %s: give NODE@TIME",
		           opt == 'P' ? "partition" : "crash", arg);
		return -1;
	}
	*at++ = '\0';
	mode = strchr(arg, ':');
	if (mode != NULL)
		*mode++ = '\0';
	if (node_arg(arg, &f.node) < 0) {
		errbuf_set(err, errlen,
		           "--%s: \"%s\" is not a node (n0, n1...)",
		           opt == 'P' ? "partition" : "crash", arg);
		return -1;
	}
	if (value_parse_duration_range(at, SIM_MAX_DURATION_US, &lo, &hi, err,
	                               errlen) < 0)
		return -1;
	if (c->fault_count + 2 > MWORLD_MAX_FAULTS) {
		errbuf_set(err, errlen, "more than %d faults",
		           MWORLD_MAX_FAULTS);
		return -1;
	}
	f.at_us = lo;
	if (opt == 'P') {
		f.kind = MFAULT_PARTITION;
		if (mode == NULL || strcmp(mode, "both") == 0)
			f.mode = PARTITION_BOTH;
		else if (strcmp(mode, "in") == 0)
			f.mode = PARTITION_NO_RECEIVE;
		else if (strcmp(mode, "out") == 0)
			f.mode = PARTITION_NO_SEND;
		else {
			errbuf_set(err, errlen,
			           "--partition: \"%s\" is not in, out "
			           "or both",
			           mode);
			return -1;
		}
		c->faults[c->fault_count++] = f;
		return 0;
	}
	if (mode != NULL) {
		errbuf_set(err, errlen, "--crash takes NODE@TIME[-TIME]");
		return -1;
	}
	f.kind = MFAULT_CRASH;
	c->faults[c->fault_count++] = f;
	if (hi > lo) {
		f.kind = MFAULT_RESTART;
		f.at_us = hi;
		c->faults[c->fault_count++] = f;
	}
	return 0;
}

/* The settings a run of real nodes takes, from the one table (getopt's
 * order). Those with a grammar of their own with real nodes (a node count
 * of 1 to 16, a rate of adds, a latency range, the faults' NODE@TIME) are
 * read here; the rest by settings_parse, so their errors are the
 * simulated world's, word for word. */
static const enum setting_id real_settings[] = {
    SETTING_EXEC,      SETTING_WORKLOAD,   SETTING_NODES,    SETTING_SEED,
    SETTING_RATE,      SETTING_MAX_DELTA,  SETTING_DURATION, SETTING_SETTLE,
    SETTING_ANSWER,    SETTING_READ_EVERY, SETTING_LATENCY,  SETTING_DROP,
    SETTING_DUPLICATE, SETTING_PARTITION,  SETTING_CRASH,    SETTING_JSON,
    SETTING_SAVE_LOG,  SETTING_REPLAY,     SETTING_HEADLESS, SETTING_CLASS,
    SETTING_LISTEN,    SETTING_WAIT_JOINS, SETTING_HELP,
};
#define REAL_COUNT (sizeof real_settings / sizeof real_settings[0])
#define OPT_BASE   256

/* Where a value read by settings_parse lands in the world's config. */
static const struct {
	enum setting_id id;
	size_t offset;
	enum { AS_U32, AS_U64, AS_REAL, AS_CHOICE } as;
} real_fields[] = {
    {SETTING_WORKLOAD, offsetof(struct mworld_config, workload), AS_CHOICE},
    {SETTING_SEED, offsetof(struct mworld_config, seed), AS_U64},
    {SETTING_MAX_DELTA, offsetof(struct mworld_config, max_delta), AS_U32},
    {SETTING_DURATION, offsetof(struct mworld_config, duration_us), AS_U64},
    {SETTING_SETTLE, offsetof(struct mworld_config, settle_us), AS_U64},
    {SETTING_ANSWER, offsetof(struct mworld_config, answer_us), AS_U64},
    {SETTING_READ_EVERY, offsetof(struct mworld_config, read_every_us), AS_U64},
    {SETTING_DROP, offsetof(struct mworld_config, drop), AS_REAL},
    {SETTING_DUPLICATE, offsetof(struct mworld_config, duplicate), AS_REAL},
};

static bool store_field(struct mworld_config *c, enum setting_id id,
                        const struct setting_value *v)
{
	for (size_t i = 0; i < sizeof real_fields / sizeof real_fields[0];
	     i++) {
		char *field = (char *)c + real_fields[i].offset;

		if (real_fields[i].id != id)
			continue;
		if (real_fields[i].as == AS_U32) {
			uint32_t n = (uint32_t)v->number;

			memcpy(field, &n, sizeof n);
		} else if (real_fields[i].as == AS_U64) {
			memcpy(field, &v->number, sizeof v->number);
		} else if (real_fields[i].as == AS_REAL) {
			memcpy(field, &v->real, sizeof v->real);
		} else {
			enum mworld_workload w =
			    (enum mworld_workload)v->choice;

			memcpy(field, &w, sizeof w);
		}
		return true;
	}
	return false;
}

/* A value with its own grammar with real nodes; 0, or -1 with why. */
static int own_value(struct run_opts *o, enum setting_id id, char *arg,
                     char *why, size_t whylen)
{
	struct mworld_config *c = &o->config;
	uint64_t v, hi;
	int rc = 0;

	if (id == SETTING_NODES) {
		rc =
		    value_parse_uint(arg, 1, MWORLD_MAX_NODES, &v, why, whylen);
		c->nodes = (uint32_t)v;
	} else if (id == SETTING_RATE) {
		rc = value_parse_double(arg, 0, 10000, &c->rate, why, whylen);
	} else if (id == SETTING_LATENCY) {
		rc = value_parse_duration_range(arg, SIM_MAX_DURATION_US, &v,
		                                &hi, why, whylen);
		c->latency_us = v;
		c->jitter_us = hi - v;
	}
	return rc;
}

/* The class's options, after the others: --listen alone with --exec is
 * a class too; --class with no --exec runs gcounter's own node. */
static int class_opts(struct run_opts *o, char *err, size_t errlen)
{
	struct ext_class_config *k = &o->class_config;

	if (o->listen != NULL)
		o->class = true;
	if (!o->class) {
		if (o->wait_joins != 0) {
			errbuf_set(err, errlen,
			           "--wait-joins only means something with "
			           "--class");
			return -1;
		}
		return 0;
	}
	if (o->replay != NULL) {
		errbuf_set(err, errlen,
		           "--replay plays a saved class without the "
		           "network: it takes no --class or --listen");
		return -1;
	}
	snprintf(k->address, sizeof k->address, "127.0.0.1");
	k->port = CLASS_DEFAULT_PORT;
	if (o->listen != NULL &&
	    ext_class_parse_listen(o->listen, k, err, errlen) < 0)
		return -1;
	if (o->wait_joins > o->config.nodes) {
		errbuf_set(err, errlen,
		           "--wait-joins %u: the class has only %u seats "
		           "(--nodes)",
		           o->wait_joins, o->config.nodes);
		return -1;
	}
	k->seats = o->config.nodes;
	k->empty = o->wait_joins;
	o->config.waiting_seats = o->wait_joins;
	k->answer_us = o->config.answer_us;
	if (o->command == NULL) {
		if (ext_procs_self_command("maelstrom-node", o->own_node,
		                           sizeof o->own_node) < 0) {
			errbuf_set(err, errlen,
			           "--class: cannot find this program to run "
			           "as the seats' node; give --exec");
			return -1;
		}
		o->command = o->own_node;
	}
	return 0;
}

/* Headless, the class's address and code go to stderr for people (and
 * tests) to read before the students join. */
static void class_ready(struct ext_loop *l)
{
	fprintf(stderr,
	        "gcounter: class on %s, join code %s (gcounter join %s %s)\n",
	        ext_class_address(l->class), ext_class_code(l->class),
	        ext_class_address(l->class), ext_class_code(l->class));
	fflush(stderr);
}

/* 0 to run, 1 to exit 0 (--help), -1 with err. */
static int parse(int argc, char **argv, struct run_opts *o, char *err,
                 size_t errlen)
{
	struct option longs[REAL_COUNT + 1];
	struct mworld_config *c = &o->config;
	char why[160];
	int opt;

	for (size_t i = 0; i < REAL_COUNT; i++) {
		const struct setting *s = settings_get(real_settings[i]);

		longs[i] = (struct option){
		    .name = s->name,
		    .has_arg = s->kind == SETTING_KIND_FLAG ? no_argument
		                                            : required_argument,
		    .val = OPT_BASE + (int)i};
	}
	longs[REAL_COUNT] = (struct option){0};
	memset(o, 0, sizeof *o);
	mworld_config_defaults(c);
	c->seed = (uint64_t)time(NULL) % 99999 + 1;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		const struct setting *s;
		struct setting_value value;
		enum setting_id id;

		if (opt == 'h')
			return 1;
		if (opt == ':') {
			errbuf_set(err, errlen, "%s needs a value",
			           argv[optind - 1]);
			return -1;
		}
		if (opt < OPT_BASE || opt >= OPT_BASE + (int)REAL_COUNT) {
			errbuf_set(err, errlen,
			           "%s is not an option with real nodes (see "
			           "gcounter --help: \"Real nodes\")",
			           argv[optind - 1]);
			return -1;
		}
		id = real_settings[opt - OPT_BASE];
		s = settings_get(id);
		if (id == SETTING_HELP)
			return 1;
		if (id == SETTING_PARTITION || id == SETTING_CRASH) {
			if (fault_arg(c, id == SETTING_PARTITION ? 'P' : 'C',
			              optarg, err, errlen) < 0)
				return -1;
			continue;
		}
		if (id == SETTING_NODES || id == SETTING_RATE ||
		    id == SETTING_LATENCY) {
			if (own_value(o, id, optarg, why, sizeof why) < 0) {
				errbuf_set(err, errlen, "--%s: %s", s->name,
				           why);
				return -1;
			}
			continue;
		}
		if (s->kind != SETTING_KIND_FLAG &&
		    settings_parse(s, SETTING_FROM_COMMAND_LINE, optarg, &value,
		                   why, sizeof why) < 0) {
			errbuf_set(err, errlen, "--%s: %s", s->name, why);
			return -1;
		}
		if (store_field(c, id, &value))
			continue;
		if (id == SETTING_EXEC)
			o->command = optarg;
		else if (id == SETTING_JSON)
			o->json = true;
		else if (id == SETTING_HEADLESS)
			o->headless = true;
		else if (id == SETTING_SAVE_LOG)
			o->save_log = optarg;
		else if (id == SETTING_REPLAY)
			o->replay = optarg;
		else if (id == SETTING_CLASS)
			o->class = true;
		else if (id == SETTING_LISTEN)
			o->listen = optarg;
		else if (id == SETTING_WAIT_JOINS)
			o->wait_joins = (uint32_t)value.number;
	}
	if (optind < argc) {
		errbuf_set(err, errlen, "unexpected argument \"%s\"",
		           argv[optind]);
		return -1;
	}
	if (o->replay != NULL && o->command != NULL) {
		errbuf_set(err, errlen,
		           "--replay plays a saved run: it takes no "
		           "--exec");
		return -1;
	}
	if (class_opts(o, err, errlen) < 0)
		return -1;
	if (o->replay == NULL &&
	    (o->command == NULL || o->command[0] == '\0')) {
		errbuf_set(err, errlen, "--exec needs a command");
		return -1;
	}
	return mworld_config_check(c, err, errlen);
}

static int run_replay(struct ext_loop *r, const char *path, struct ext_log *log)
{
	char why[200];

	r->world = mworld_new(&log->config, NULL, NULL, why, sizeof why);
	if (r->world == NULL) {
		errbuf_set(r->err, sizeof r->err, "%s: %s", path, why);
		return -1;
	}
	for (size_t i = 0; i < log->count; i++) {
		if (mworld_replay(r->world, &log->cmds[i], why, sizeof why) <
		    0) {
			errbuf_set(r->err, sizeof r->err,
			           "%s: command %zu does not fit the run: %s",
			           path, i + 1, why);
			return -1;
		}
	}
	mworld_finish(r->world);
	return 0;
}

/* --- the report ------------------------------------------------------ */

static const char *partition_word(enum sim_partition p)
{
	static const char *const words[] = {[PARTITION_NONE] = "none",
	                                    [PARTITION_NO_RECEIVE] = "in",
	                                    [PARTITION_NO_SEND] = "out",
	                                    [PARTITION_BOTH] = "both"};

	return words[p];
}

static void report_json(const struct ext_loop *r, const char *command,
                        FILE *out)
{
	const struct mworld_config *c = mworld_config(r->world);
	const struct mworld_stats *st = mworld_stats(r->world);
	struct mworld_verdict v;
	json_t *root, *nodes = json_array();
	char *text;

	mworld_verdict(r->world, &v);
	for (uint32_t i = 0; i < c->nodes; i++) {
		struct mworld_node_view n;
		char name[16];
		json_t *node, *err_lines = json_array();

		mworld_node(r->world, i, &n);
		mmsg_node_name(i, name, sizeof name);
		if (r->procs != NULL) {
			const char *lines[EXT_STDERR_LINES];
			size_t k = ext_procs_stderr(r->procs, i, lines);

			for (size_t j = 0; j < k; j++)
				json_array_append_new(err_lines,
				                      json_string(lines[j]));
		}
		node = json_pack(
		    "{s:s, s:b, s:s, s:o, s:I, s:o}", "id", name, "valid",
		    n.valid, "verdict", n.verdict, "final_read",
		    n.has_final ? json_integer((json_int_t)n.final_read)
		                : json_null(),
		    "restarts", (json_int_t)n.restarts, "stderr", err_lines);
		/* Only a seat nobody took says so (others keep their shape). */
		if (n.vacant)
			json_object_set_new(node, "empty", json_true());
		json_array_append_new(nodes, node);
	}
	root = json_pack(
	    "{s:s, s:b, s:s, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I, s:b}, "
	    "s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:o, s:I}",
	    "workload", mworld_workload_name(c->workload), "valid", v.valid,
	    "exec", command, "nodes_n", (json_int_t)c->nodes, "seed",
	    (json_int_t)c->seed, "adds", "sent", (json_int_t)st->adds,
	    "acknowledged", (json_int_t)v.acknowledged, "acknowledged_ops",
	    (json_int_t)st->adds_ok, "indeterminate",
	    (json_int_t)v.indeterminate, "indeterminate_ops",
	    (json_int_t)v.indeterminate_ops, "exact_subsets", v.exact_subsets,
	    "messages", "sent", (json_int_t)st->sent, "delivered",
	    (json_int_t)st->delivered, "dropped", (json_int_t)st->dropped,
	    "duplicated", (json_int_t)st->duplicated, "lost",
	    (json_int_t)st->lost, "refused", (json_int_t)st->refused, "nodes",
	    nodes, "checked_us", (json_int_t)v.checked_us);
	/* pn-counter: the indeterminate deltas of each sign (a g-counter's
	 * report keeps its shape). */
	if (c->workload == MWORKLOAD_PN_COUNTER) {
		json_t *adds = json_object_get(root, "adds");

		json_object_set_new(adds, "indeterminate_up",
		                    json_integer(v.indeterminate_up));
		json_object_set_new(adds, "indeterminate_down",
		                    json_integer(v.indeterminate_down));
	}
	/* Only a run cut short by its limits says so (others keep their
	 * shape). */
	if (mworld_cut(r->world, NULL) != NULL) {
		uint64_t at;
		const char *why = mworld_cut(r->world, &at);

		json_object_set_new(root, "cut_short",
		                    json_pack("{s:I, s:s}", "at_us",
		                              (json_int_t)at, "why", why));
	}
	(void)partition_word;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fprintf(out, "%s\n", text);
	free(text);
	json_decref(root);
}

static void report_text(const struct ext_loop *r, const char *command,
                        FILE *out)
{
	const struct mworld_config *c = mworld_config(r->world);
	const struct mworld_stats *st = mworld_stats(r->world);
	struct mworld_verdict v;

	mworld_verdict(r->world, &v);
	fprintf(out, "real nodes: %" PRIu32 " x %s, seed %" PRIu64 "%s\n",
	        c->nodes, command, c->seed,
	        c->workload == MWORKLOAD_PN_COUNTER ? ", pn-counter" : "");
	fprintf(out,
	        "adds: %" PRIu64 " sent, %" PRIu64 " acknowledged (sum %" PRId64
	        "), %" PRIu32 " indeterminate (sum %" PRId64 "), %" PRIu64
	        " failed\n",
	        st->adds, st->adds_ok, v.acknowledged, v.indeterminate_ops,
	        v.indeterminate, st->adds_failed);
	if (mworld_cut(r->world, NULL) != NULL) {
		uint64_t at;
		const char *why = mworld_cut(r->world, &at);

		fprintf(out,
		        "workload: ended early at %.1fs (%s were nearly used "
		        "up)\n",
		        (double)at / 1e6, why);
	}
	fprintf(out,
	        "messages between nodes: %" PRIu64 " sent, %" PRIu64
	        " delivered, %" PRIu64 " dropped, %" PRIu64
	        " duplicated, %" PRIu64 " lost to partitions and crashes\n",
	        st->sent, st->delivered, st->dropped, st->duplicated, st->lost);
	for (uint32_t i = 0; i < c->nodes; i++) {
		struct mworld_node_view n;

		mworld_node(r->world, i, &n);
		fprintf(out, "n%" PRIu32 ": %s: %s%s\n", i,
		        n.vacant  ? "empty"
		        : n.valid ? "ok"
		                  : "FAIL",
		        n.verdict,
		        n.restarts ? " (restarted with amnesia)" : "");
		if (!n.valid && r->procs != NULL) {
			const char *lines[EXT_STDERR_LINES];
			size_t k = ext_procs_stderr(r->procs, i, lines);

			for (size_t j = 0; j < k; j++)
				fprintf(out, "    stderr: %s\n", lines[j]);
		}
	}
	fprintf(out, "checker: %s\n",
	        v.valid ? "valid: every final read is the acknowledged adds "
	                  "plus some of the indeterminate ones"
	                : "INVALID");
}

int ext_run_main(int argc, char **argv)
{
	struct run_opts o;
	struct ext_loop r = {0};
	struct ext_live *live = NULL;
	struct ext_log log = {0};
	const char *command;
	char err[256];
	int rc;

	if (argc >= 2 && strcmp(argv[1], "maelstrom-node") == 0)
		return ext_node_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "join") == 0)
		return join_main(argc - 1, argv + 1);
	rc = parse(argc, argv, &o, err, sizeof err);
	if (rc == 1) {
		options_print_help(stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	if (o.replay != NULL) {
		/* A saved run replays headless: the report, no screen. */
		if (ext_log_read(o.replay, &log, err, sizeof err) < 0) {
			fprintf(stderr, "gcounter: %s\n", err);
			return 2;
		}
		command = log.command;
		rc = run_replay(&r, o.replay, &log);
	} else {
		command = o.command;
		r.config = &o.config;
		r.command = o.command;
		if (o.class) {
			r.class_config = &o.class_config;
			if (o.headless)
				r.class_ready = class_ready;
		}
		if (!o.headless) {
			live = ext_live_new(&r, err, sizeof err);
			if (live == NULL) {
				fprintf(stderr, "gcounter: %s\n", err);
				return 2;
			}
			r.screen = ext_live_screen(live);
		}
		rc = ext_loop_run(&r);
	}
	if (rc == 0 && r.signal == 0 && o.save_log != NULL &&
	    ext_log_write(o.save_log, command, r.world, err, sizeof err) < 0) {
		errbuf_set(r.err, sizeof r.err, "%s", err);
		rc = -1;
	}
	if (rc < 0) {
		fprintf(stderr, "gcounter: %s\n", r.err);
		rc = 2;
	} else if (r.signal != 0) {
		fprintf(stderr,
		        "gcounter: stopped by signal %d; every node's "
		        "program was killed and reaped\n",
		        r.signal);
		rc = 128 + r.signal;
	} else if (!mworld_done(r.world)) {
		/* The presenter quit the dashboard before the check. */
		fprintf(stderr, "gcounter: quit before the check\n");
		rc = 0;
	} else {
		if (o.json)
			report_json(&r, command, stdout);
		else
			report_text(&r, command, stdout);
		struct mworld_verdict v;

		mworld_verdict(r.world, &v);
		rc = v.valid ? 0 : 1;
	}
	ext_live_free(live);
	ext_procs_free(r.procs);
	mworld_free(r.world);
	ext_log_free(&log);
	return rc;
}
