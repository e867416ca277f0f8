/*
 * --svg: the recorder a headless run feeds, and the SVG of what it kept
 * written to the file the option names. The only file writing of the
 * pictures; the SVG text itself is made in view/svg.c.
 */
#ifndef GCOUNTER_APP_SVG_FILE_H
#define GCOUNTER_APP_SVG_FILE_H

#include <stddef.h>

#include "app/options.h"
#include "view/spacetime.h"

/* Events a headless run's recorder keeps: the first of them, from
 * --svg-window's start. */
#define SVG_FILE_EVENTS 65536

/* A recorder for opts' window (the whole run without one). */
struct spacetime *svg_file_recorder(const struct options *opts);
/* Writes the SVG of rec for the world sim ran in; title: the scenario's
 * or NULL. 0, or -1 with one line in err. */
int svg_file_write(const struct options *opts, const struct spacetime *rec,
                   const struct sim *sim, const char *title, char *err,
                   size_t errlen);

#endif
