/*
 * A lesson played headless: each chapter as --headless --script plays it
 * (the same output, every expectation checked), one after another. Never
 * draws.
 */
#ifndef GCOUNTER_APP_LESSON_HEADLESS_H
#define GCOUNTER_APP_LESSON_HEADLESS_H

#include <stdio.h>

#include "app/options.h"

/* The exit status: 0 when every chapter held, else the worst a chapter
 * gave, with one last line on errout naming each chapter that failed. */
int lesson_headless_run(const struct options *opts, FILE *out, FILE *errout);

#endif
