/*
 * --svg: a windowed recorder for a headless run, and the SVG written to
 * its file. Says in the SVG which run it is (seed, strategy, mode) so a
 * slide can be made again; never prints, returns errors as values.
 */
#include "app/svg-file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/strategy.h"
#include "util/errbuf.h"
#include "view/svg.h"
#include "view/text.h"

struct spacetime *svg_file_recorder(const struct options *opts)
{
	uint64_t from = opts->svg_window_given ? opts->svg_from_us : 0;
	uint64_t to = opts->svg_window_given ? opts->svg_to_us : UINT64_MAX;

	return spacetime_new_window(SVG_FILE_EVENTS, true, from, to);
}

int svg_file_write(const struct options *opts, const struct spacetime *rec,
                   const struct sim *sim, const char *title, char *err,
                   size_t errlen)
{
	const struct sim_config *c = sim_config(sim);
	const struct sim_config *first = sim_initial_config(sim);
	struct svg_options svg = {
	    .nodes = sim_node_count(sim),
	    .relay = c->strategy->uses_relay || spacetime_uses_relay(rec),
	    .theme = opts->theme,
	    .title = title,
	    .windowed = opts->svg_window_given,
	    .from_us = opts->svg_from_us,
	    .to_us = opts->svg_to_us,
	};
	struct svg_result result;
	char about[256], from[32], to[32];
	size_t len;
	char *text;
	FILE *f;
	int bad;

	/* As the run began, and what it switched to by the end. */
	snprintf(about, sizeof about,
	         "seed %" PRIu64 " \u00b7 %" PRIu32
	         " nodes \u00b7 strategy %s%s%s "
	         "\u00b7 mode %s%s%s",
	         c->seed, svg.nodes, first->strategy->name,
	         first->strategy != c->strategy ? " \u2192 " : "",
	         first->strategy != c->strategy ? c->strategy->name : "",
	         sim_mode_name(first->mode),
	         first->mode != c->mode ? " \u2192 " : "",
	         first->mode != c->mode ? sim_mode_name(c->mode) : "");
	if (opts->svg_window_given) {
		text_time(opts->svg_from_us, from, sizeof from);
		text_time(opts->svg_to_us, to, sizeof to);
		snprintf(about + strlen(about), sizeof about - strlen(about),
		         " \u00b7 from %s to %s", from, to);
	}
	svg.about = about;
	text = svg_render(rec, &svg, &result, &len);
	f = fopen(opts->svg_path, "w");
	if (f == NULL) {
		errbuf_set(err, errlen, "--svg %s: %s", opts->svg_path,
		           strerror(errno));
		free(text);
		return -1;
	}
	bad = fwrite(text, 1, len, f) != len;
	bad |= fclose(f) != 0;
	free(text);
	if (bad) {
		errbuf_set(err, errlen, "--svg %s: could not write it all",
		           opts->svg_path);
		return -1;
	}
	return 0;
}
