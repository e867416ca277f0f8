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

#include "app/outfile.h"
#include "script/settings.h"
#include "sim/strategy.h"

/* What script_file_write_log writes first: a file that starts with it is
 * a saved log, and may be as long as any log the engine can make. */
static const char log_header[] =
    "# gcounter command log: replay it with gcounter --replay FILE\n";
/* The longest timed line of a log: the time and the step at their widest,
 * the command as scenario_format_command writes it into its 128 bytes. */
#define LOG_LINE_MAX                                                           \
	(sizeof "at 18446744073709551615us step 18446744073709551615 " - 1 +   \
	 (LOG_COMMAND_MAX - 1) + 1)
#define LOG_COMMAND_MAX 128

/* The limits of a saved log: every command the log can hold and its end
 * line, each at its longest, after the header and the settings. */
static struct scenario_limits log_limits(void)
{
	return (struct scenario_limits){
	    .bytes = sizeof log_header - 1 +
	             settings_log_order_count * (size_t)SCENARIO_MAX_LINE +
	             ((size_t)SIM_MAX_COMMANDS + 1) * LOG_LINE_MAX,
	    .items = (size_t)SIM_MAX_COMMANDS + 1,
	};
}

/* Reads up to limit + 1 bytes of file into a growing buffer (one byte more
 * than allowed tells "too big" from "just fits"), starting with `have`
 * bytes already in *text. -1 on a read error (errno set). */
static int read_up_to(FILE *file, size_t limit, char **text, size_t *len,
                      size_t *cap)
{
	while (*len < limit + 1) {
		size_t want, got;

		if (*len == *cap) {
			size_t grown =
			    *cap * 2 < limit + 1 ? *cap * 2 : limit + 1;
			char *bigger = realloc(*text, grown);

			if (bigger == NULL) {
				errno = ENOMEM;
				return -1;
			}
			*text = bigger;
			*cap = grown;
		}
		want = *cap - *len;
		got = fread(*text + *len, 1, want, file);
		*len += got;
		if (got < want)
			return ferror(file) ? -1 : 0;
	}
	return 0;
}

int script_file_load(const char *path, struct scenario *scenario, char *err,
                     size_t errlen)
{
	FILE *file = fopen(path, "rb");
	struct stat st;
	struct scenario_limits limits = {.bytes = SCENARIO_MAX_BYTES,
	                                 .items = SCENARIO_MAX_ITEMS};
	char *text;
	size_t len = 0, cap = SCENARIO_MAX_BYTES + 1;
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
	text = malloc(cap);
	if (text == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		fclose(file);
		return -1;
	}
	rc = read_up_to(file, SCENARIO_MAX_BYTES, &text, &len, &cap);
	if (rc == 0 && len > SCENARIO_MAX_BYTES &&
	    memcmp(text, log_header, sizeof log_header - 1) == 0) {
		limits = log_limits();
		rc = read_up_to(file, limits.bytes, &text, &len, &cap);
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		         strerror(errno));
	} else if (len > limits.bytes) {
		snprintf(err, errlen, "%s: larger than %zu bytes", path,
		         limits.bytes);
		rc = -1;
	} else {
		rc = scenario_parse_within(path, text, len, &limits, scenario,
		                           err, errlen);
	}
	free(text);
	fclose(file);
	return rc;
}

int script_file_config(const struct options *opts,
                       const struct scenario *scenario,
                       struct sim_config *config, char *err, size_t errlen)
{
	enum setting_id culprit;
	char why[256];

	*config = scenario->config;
	if (opts->seed_given)
		config->seed = opts->sim.seed;
	/* "Show demo 03 again, in op mode": --mode applies to a scenario
	 * that does not choose its mode itself. */
	if (!opts->mode_given || (scenario->settings & SET_MODE))
		return 0;
	config->mode = opts->sim.mode;
	/* The file was checked alone, the command line alone: the two
	 * together once more, by the same rules. (A mode the file's strategy
	 * cannot carry is left to sim_new, whose words it has always had.) */
	if (settings_check_combined(config, scenario->amnesia,
	                            SETTING_FROM_FILE, &culprit, why,
	                            sizeof why) != 0 &&
	    culprit != SETTING_MODE) {
		snprintf(err, errlen, "%s with --mode %s: %s",
		         opts->script_path, sim_mode_name(config->mode), why);
		return -1;
	}
	return 0;
}

int script_file_write_log(FILE *out, const struct sim *sim)
{
	const struct sim_config *c = sim_initial_config(sim);
	const struct command *log;
	size_t count;
	char text[LOG_COMMAND_MAX];

	fputs(log_header, out);
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
	struct outfile *out = outfile_open(path, "--save-log", err, errlen);

	if (out == NULL)
		return -1;
	if (script_file_write_log(outfile_stream(out), sim) != 0) {
		snprintf(err, errlen, "--save-log: %s: cannot write: %s", path,
		         strerror(errno != 0 ? errno : EIO));
		outfile_discard(out);
		return -1;
	}
	return outfile_commit(out, err, errlen);
}

/* Opens and discards a temporary file beside path: what is there now is
 * not touched until the run's output replaces it whole. */
int script_file_check_writable(const char *path, const char *option, char *err,
                               size_t errlen)
{
	struct outfile *out = outfile_open(path, option, err, errlen);

	if (out == NULL)
		return -1;
	outfile_discard(out);
	return 0;
}
