/*
 * Headless mode: the same engine with no screen, run as fast as the CPU
 * allows, then a summary (text or JSON) and optionally a JSON line per
 * event. Output depends only on the options, so it is byte-identical
 * across runs with the same seed.
 */
#ifndef GCOUNTER_APP_HEADLESS_H
#define GCOUNTER_APP_HEADLESS_H

#include <stdio.h>

#include "app/options.h"

/* Runs and prints to out; returns the process exit status. */
int headless_run(const struct options *opts, FILE *out, FILE *errout);

#endif
