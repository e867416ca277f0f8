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
