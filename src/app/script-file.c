/*
 * Loading scenario files, and checking their expectations against a world.
 * Shared by headless runs and live playback so both mean the same thing by
 * "expect converged".
 */
#include "app/script-file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "script/settings.h"
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

int script_check_expect(const struct expectation *e, const struct sim *sim,
                        char *got, size_t gotlen)
{
	int64_t actual;

	switch (e->kind) {
	case EXPECT_CONVERGED:
	case EXPECT_DIVERGED:
		if (sim_converged(sim) == (e->kind == EXPECT_CONVERGED))
			return 1;
		if (sim_converged(sim))
			snprintf(got, gotlen, "converged");
		else
			snprintf(got, gotlen,
			         "diverged (%" PRIu64 " cells off the truth)",
			         sim_cells_behind(sim));
		return 0;
	case EXPECT_VALUE:
		actual = sim_node_signed_value(sim, e->node);
		break;
	case EXPECT_TOTAL:
		/* Increments minus decrements: for a G-Counter, every
		 * increment made. */
		actual = sim_true_value(sim);
		break;
	case EXPECT_LOST:
		actual = (int64_t)(sim_truth_total(sim) - sim_join_value(sim));
		break;
	case EXPECT_BACKWARDS:
		actual = (int64_t)sim_reader_backwards(sim);
		break;
	default:
		return 0;
	}
	if (scenario_compare(e->op, actual, e->value))
		return 1;
	snprintf(got, gotlen, "%" PRId64, actual);
	return 0;
}

int script_file_write_log(FILE *out, const struct sim *sim)
{
	const struct sim_config *c = sim_initial_config(sim);
	const struct command *log;
	size_t count;
	char text[128];

	fputs("# gcounter command log: replay it with gcounter --replay FILE\n",
	      out);
	/* The settings from the table, each as its scenario line. The mode
	 * is always written: a log replays as recorded, whatever --mode says
	 * (which applies only to files without a mode line). */
	for (size_t i = 0; i < settings_log_order_count; i++) {
		const struct setting *setting =
		    settings_get(settings_log_order[i]);

		if (!settings_logged(setting, c))
			continue;
		settings_format(setting, c, text, sizeof text);
		fprintf(out, "%s %s\n", setting->name, text);
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

size_t script_report(const struct sim *sim, struct report_mark *mark, char *buf,
                     size_t cap)
{
	struct sim_stats stats;
	struct sim_latency latency;
	uint64_t sent, increments;
	char p50[32], p99[32];
	const char *mode;
	int w;

	sim_stats(sim, &stats);
	sim_latency_since(sim, mark->samples, &latency);
	sent = stats.sent - mark->sent;
	/* Decrements count as operations too (a PN-Counter's). */
	increments = stats.increments + stats.decrements - mark->increments;
	snprintf(p50, sizeof p50, "%.0fms", (double)latency.p50_us / 1000);
	snprintf(p99, sizeof p99, "%.0fms", (double)latency.p99_us / 1000);
	/* The mode in force names the phase, as scenario 08 compares them. */
	mode = sim_mode_name(sim_config(sim)->mode);
	if (increments > 0)
		w = snprintf(
		    buf, cap,
		    "%s mode: %" PRIu64
		    " messages, %.1f per increment, %" PRIu64
		    " bytes (%.0f per increment); latency p50 %s, p99 %s",
		    mode, sent, (double)sent / (double)increments,
		    stats.bytes_sent - mark->bytes,
		    (double)(stats.bytes_sent - mark->bytes) /
		        (double)increments,
		    p50, p99);
	else
		w = snprintf(buf, cap,
		             "%s mode: %" PRIu64 " messages, %" PRIu64
		             " bytes, no increments",
		             mode, sent, stats.bytes_sent - mark->bytes);
	*mark = (struct report_mark){.sent = stats.sent,
	                             .bytes = stats.bytes_sent,
	                             .increments =
	                                 stats.increments + stats.decrements,
	                             .samples = latency.samples};
	return w < 0 ? 0 : (size_t)w;
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
