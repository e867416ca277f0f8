/*
 * --render: a scenario (or a saved log) drawn to an asciicast file with no
 * terminal at all, in virtual time, as fast as the CPU allows. The same
 * options give the same bytes, run after run.
 */
#ifndef GCOUNTER_APP_RENDER_H
#define GCOUNTER_APP_RENDER_H

#include "app/options.h"

/* Renders opts->script_path to opts->render_path; returns the exit
 * status (0, 1 for an output that cannot be written or a failed
 * expectation, 2 for a scenario that cannot be played). */
int render_run(const struct options *opts);

#endif
