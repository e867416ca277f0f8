/*
 * Scenario files at the edge: reading them (with a size limit) and writing
 * a world's command log as one. What their lines mean when played is the
 * player's (script/player.c), the same for every driver.
 */
#include "app/script-file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/strategy.h"

int script_file_load(const char *path, struct scenario *scenario, char *err,
                     size_t errlen)
{
	FILE *file = fopen(path, "rb");
	struct stat st;
	char *text;
	size_t len;
	int rc;

	if (file == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(file), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory, not a scenario file",
		         path);
		fclose(file);
		return -1;
	}
	/* One byte more than allowed tells "too big" from "just fits". */
	text = malloc(SCENARIO_MAX_BYTES + 1);
	if (text == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		fclose(file);
		return -1;
	}
	len = fread(text, 1, SCENARIO_MAX_BYTES + 1, file);
	if (ferror(file)) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		         strerror(errno));
		rc = -1;
	} else if (len > SCENARIO_MAX_BYTES) {
		snprintf(err, errlen, "%s: larger than %u bytes", path,
		         SCENARIO_MAX_BYTES);
		rc = -1;
	} else {
		rc = scenario_parse(path, text, len, scenario, err, errlen);
	}
	free(text);
	fclose(file);
	return rc;
}

void script_file_config(const struct options *opts,
                        const struct scenario *scenario,
                        struct sim_config *config)
{
	*config = scenario->config;
	if (opts->seed_given)
		config->seed = opts->sim.seed;
	/* "Show demo 03 again, in op mode": --mode applies to a scenario
	 * that does not choose its mode itself. */
	if (opts->mode_given && !(scenario->settings & SET_MODE))
		config->mode = opts->sim.mode;
}

/* Numbers for settings, as the parser reads them back. */
static void put_setting_decimal(FILE *out, const char *name, double value)
{
	char text[64];

	scenario_format_decimal(value, text, sizeof text);
	fprintf(out, "%s %s\n", name, text);
}

int script_file_write_log(FILE *out, const struct sim *sim)
{
	const struct sim_config *c = sim_initial_config(sim);
	const struct command *log;
	size_t count;
	char text[128], a[32], b[32];

	fputs("# gcounter command log: replay it with gcounter --replay FILE\n",
	      out);
	fprintf(out, "nodes %" PRIu32 "\nseed %" PRIu64 "\nstrategy %s\n",
	        c->nodes, c->seed, c->strategy->name);
	if (c->crdt == CRDT_PNCOUNTER)
		fputs("crdt pncounter\n", out);
	/* Always written: a log replays as recorded, whatever --mode says
	 * (which applies only to files without a mode line). */
	fprintf(out, "mode %s\n", sim_mode_name(c->mode));
	latency_format(&c->latency, text, sizeof text);
	duration_format(c->gossip_min_us, a, sizeof a);
	duration_format(c->gossip_max_us, b, sizeof b);
	fprintf(out, "latency %s\ngossip-interval %s-%s\n", text, a, b);
	put_setting_decimal(out, "rate", c->rate);
	put_setting_decimal(out, "drop", c->drop);
	put_setting_decimal(out, "duplicate", c->duplicate);
	fprintf(out, "fanout %" PRIu32 "\nhybrid-changes %" PRIu32 "\n",
	        c->fanout, c->hybrid_changes);
	if (c->reader != READER_NONE) {
		fprintf(out, "reader %s\n",
		        c->reader == READER_STICKY ? "sticky" : "random");
		put_setting_decimal(out, "read-rate", c->read_rate);
	}
	if (c->duration_us != 0) {
		duration_format(c->duration_us, a, sizeof a);
		fprintf(out, "duration %s\n", a);
	}
	log = sim_command_log(sim, &count);
	for (size_t i = 0; i < count; i++) {
		scenario_format_command(&log[i], text, sizeof text);
		fprintf(out, "at %" PRIu64 "us step %" PRIu64 " %s\n",
		        log[i].time_us, log[i].after_events, text);
	}
	fprintf(out, "at %" PRIu64 "us step %" PRIu64 " end\n", sim_now(sim),
	        sim_events_run(sim));
	return ferror(out) ? -1 : 0;
}

int script_file_save_log(const char *path, const struct sim *sim, char *err,
                         size_t errlen)
{
	FILE *out = fopen(path, "w");
	int rc;

	if (out == NULL) {
		snprintf(err, errlen, "--save-log: %s: %s", path,
		         strerror(errno));
		return -1;
	}
	rc = script_file_write_log(out, sim);
	if (fclose(out) != 0 || rc != 0) {
		snprintf(err, errlen, "--save-log: %s: cannot write: %s", path,
		         strerror(errno));
		return -1;
	}
	return 0;
}

int script_file_check_writable(const char *path, const char *option, char *err,
                               size_t errlen)
{
	FILE *file = fopen(path, "w");

	if (file == NULL) {
		snprintf(err, errlen, "%s: %s: %s", option, path,
		         strerror(errno));
		return -1;
	}
	fclose(file);
	return 0;
}
