/*
 * Scenario files from disk: read with a size limit, parse, and decide the
 * world a scripted run uses. The reading is here, at the edge; the parsing
 * is in script/scenario, which never touches a file.
 */
#ifndef GCOUNTER_APP_SCRIPT_FILE_H
#define GCOUNTER_APP_SCRIPT_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "app/options.h"
#include "script/scenario.h"

/* Reads and parses path; on error one line in err ("demo.gcs:3:1: ..."). */
int script_file_load(const char *path, struct scenario *scenario, char *err,
                     size_t errlen);
/* The scenario's world, with --seed when it was given, and --mode when
 * the file names no mode: 0, or -1 with one line in err if the two
 * together break a rule that each alone keeps (amnesia in the file,
 * --mode op-reliable). */
int script_file_config(const struct options *opts,
                       const struct scenario *scenario,
                       struct sim_config *config, char *err, size_t errlen);
/*
 * Writes the world's command log as a scenario that replays it exactly:
 * the initial settings, then "at <time>us step <events> <command>" lines,
 * and an "end" line at the world's current time.
 */
int script_file_write_log(FILE *out, const struct sim *sim);
int script_file_save_log(const char *path, const struct sim *sim, char *err,
                         size_t errlen);
/* Checks before a run that a file can be written in path's place (a
 * temporary file beside it, removed again; path itself untouched), so a
 * long run is not wasted on a log that cannot be saved. */
int script_file_check_writable(const char *path, const char *option, char *err,
                               size_t errlen);

#endif
