/*
 * Live mode: libevent drives the simulation in paced virtual time and the
 * dashboard draws it; keys become commands. Owns the terminal from start to
 * finish and restores it on every way out.
 */
#ifndef GCOUNTER_APP_LIVE_H
#define GCOUNTER_APP_LIVE_H

#include "app/options.h"

/* Runs the dashboard until the user quits; returns the exit status. */
int live_run(const struct options *opts);

#endif
