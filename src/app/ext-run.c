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
#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"
#include "script/value.h"
#include "util/errbuf.h"

struct run_opts {
	struct mworld_config config;
	const char *command;
	const char *save_log;
	const char *replay;
	bool json, headless;
};

static const char usage[] =
    "usage: gcounter --exec COMMAND [options]\n"
    "       gcounter --replay FILE   (a log saved from a run of real nodes)\n"
    "       gcounter maelstrom-node  (gcounter as a Maelstrom node)\n"
    "\n"
    "Runs each node as a program speaking the Maelstrom protocol on its\n"
    "stdin/stdout; every node-to-node message crosses the simulated\n"
    "network; a g-counter workload adds and reads from clients c1...; the\n"
    "checker then asks every node for its final value.\n"
    "\n"
    "  --exec COMMAND         run by /bin/sh once per node\n"
    "  --workload NAME        g-counter (default) or pn-counter (adds of\n"
    "                         either sign)\n"
    "  --nodes N              1 to 16 (default 3)\n"
    "  --seed N               the network's and the workload's dice\n"
    "  --rate R               adds per second over all nodes (default 10)\n"
    "  --max-delta N          each add's delta is 1..N (default 5; in\n"
    "                         pn-counter, or -N..-1)\n"
    "  --duration TIME        the workload runs this long (default 5s),\n"
    "                         from when every node has answered init\n"
    "                         (or --answer has passed); faults' times\n"
    "                         count from there too\n"
    "  --settle TIME          then faults heal for this long (default 2s)\n"
    "  --answer TIME          the time allowed for init and the final\n"
    "                         reads (default 5s)\n"
    "  --read-every TIME      reads of every node (default 500ms)\n"
    "  --latency TIME[-TIME]  a hop's latency, uniform (default 10-15ms)\n"
    "  --drop P, --duplicate P  per message, 0 to 1\n"
    "  --partition NODE[:in|:out]@TIME  cut node's links (both ways, or\n"
    "                         only what it receives or sends) until the\n"
    "                         workload ends\n"
    "  --crash NODE@TIME[-TIME]  kill it, and start it again (amnesia:\n"
    "                         a new process, sent init) at the second\n"
    "                         time or when the workload ends\n"
    "  --json                 the report as JSON\n"
    "  --save-log FILE        save the run, for --replay without programs\n"
    "  --headless             no dashboard: run to the check, print the\n"
    "                         report\n"
    "\n"
    "Exit status: 0 the checker passed, 1 it failed, 2 bad usage.\n";

bool ext_run_wanted(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "maelstrom-node") == 0)
		return true;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--exec") == 0 ||
		    strncmp(argv[i], "--exec=", 7) == 0)
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

static int duration_arg(const char *name, const char *text, uint64_t *out,
                        char *err, size_t errlen)
{
	char why[160];

	if (value_parse_duration(text, SIM_MAX_DURATION_US, out, why,
	                         sizeof why) < 0) {
		errbuf_set(err, errlen, "--%s: %s", name, why);
		return -1;
	}
	return 0;
}

/* 0 to run, 1 to exit 0 (--help), -1 with err. */
static int parse(int argc, char **argv, struct run_opts *o, char *err,
                 size_t errlen)
{
	static const struct option longs[] = {
	    {"exec", required_argument, NULL, 'e'},
	    {"workload", required_argument, NULL, 'w'},
	    {"nodes", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"rate", required_argument, NULL, 'r'},
	    {"max-delta", required_argument, NULL, 'm'},
	    {"duration", required_argument, NULL, 'd'},
	    {"settle", required_argument, NULL, 'S'},
	    {"answer", required_argument, NULL, 'a'},
	    {"read-every", required_argument, NULL, 'R'},
	    {"latency", required_argument, NULL, 'l'},
	    {"drop", required_argument, NULL, 'D'},
	    {"duplicate", required_argument, NULL, 'u'},
	    {"partition", required_argument, NULL, 'P'},
	    {"crash", required_argument, NULL, 'C'},
	    {"json", no_argument, NULL, 'j'},
	    {"save-log", required_argument, NULL, 'L'},
	    {"replay", required_argument, NULL, 'y'},
	    {"headless", no_argument, NULL, 'H'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct mworld_config *c = &o->config;
	char why[160];
	uint64_t v, hi;
	int opt, index = -1;

	memset(o, 0, sizeof *o);
	mworld_config_defaults(c);
	c->seed = (uint64_t)time(NULL) % 99999 + 1;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", longs, &index)) != -1) {
		int rc = 0;

		switch (opt) {
		case 'e':
			o->command = optarg;
			break;
		case 'w':
			if (mworld_workload_parse(optarg, &c->workload) < 0) {
				errbuf_set(
				    err, errlen,
				    "--workload: \"%s\" is not g-counter "
				    "or pn-counter",
				    optarg);
				return -1;
			}
			break;
		case 'n':
			rc = value_parse_uint(optarg, 1, MWORLD_MAX_NODES, &v,
			                      why, sizeof why);
			c->nodes = (uint32_t)v;
			break;
		case 's':
			rc = value_parse_uint(optarg, 0, UINT64_MAX, &c->seed,
			                      why, sizeof why);
			break;
		case 'r':
			rc = value_parse_double(optarg, 0, 10000, &c->rate, why,
			                        sizeof why);
			break;
		case 'm':
			rc = value_parse_uint(optarg, 1, MWORLD_MAX_DELTA, &v,
			                      why, sizeof why);
			c->max_delta = (uint32_t)v;
			break;
		case 'd':
			if (duration_arg("duration", optarg, &c->duration_us,
			                 err, errlen) < 0)
				return -1;
			break;
		case 'S':
			if (duration_arg("settle", optarg, &c->settle_us, err,
			                 errlen) < 0)
				return -1;
			break;
		case 'a':
			if (duration_arg("answer", optarg, &c->answer_us, err,
			                 errlen) < 0)
				return -1;
			break;
		case 'R':
			if (duration_arg("read-every", optarg,
			                 &c->read_every_us, err, errlen) < 0)
				return -1;
			break;
		case 'l':
			rc = value_parse_duration_range(optarg,
			                                SIM_MAX_DURATION_US, &v,
			                                &hi, why, sizeof why);
			c->latency_us = v;
			c->jitter_us = hi - v;
			break;
		case 'D':
			rc = value_parse_probability(optarg, &c->drop, why,
			                             sizeof why);
			break;
		case 'u':
			rc = value_parse_probability(optarg, &c->duplicate, why,
			                             sizeof why);
			break;
		case 'P':
		case 'C':
			if (fault_arg(c, opt, optarg, err, errlen) < 0)
				return -1;
			break;
		case 'j':
			o->json = true;
			break;
		case 'L':
			o->save_log = optarg;
			break;
		case 'y':
			o->replay = optarg;
			break;
		case 'H':
			o->headless = true;
			break;
		case 'h':
			return 1;
		case ':':
			errbuf_set(err, errlen, "%s needs a value",
			           argv[optind - 1]);
			return -1;
		default:
			errbuf_set(err, errlen,
			           "%s is not an option with real nodes (see "
			           "gcounter --exec x --help)",
			           argv[optind - 1]);
			return -1;
		}
		if (rc < 0) {
			errbuf_set(err, errlen, "--%s: %s", longs[index].name,
			           why);
			return -1;
		}
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
	if (o->replay == NULL && o->command[0] == '\0') {
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
	fprintf(out,
	        "messages between nodes: %" PRIu64 " sent, %" PRIu64
	        " delivered, %" PRIu64 " dropped, %" PRIu64
	        " duplicated, %" PRIu64 " lost to partitions and crashes\n",
	        st->sent, st->delivered, st->dropped, st->duplicated, st->lost);
	for (uint32_t i = 0; i < c->nodes; i++) {
		struct mworld_node_view n;

		mworld_node(r->world, i, &n);
		fprintf(out, "n%" PRIu32 ": %s: %s%s\n", i,
		        n.valid ? "ok" : "FAIL", n.verdict,
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
	rc = parse(argc, argv, &o, err, sizeof err);
	if (rc == 1) {
		fputs(usage, stdout);
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
