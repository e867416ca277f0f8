/*
 * Faults in words, for the screen, the event log and narration. Pure: no
 * curses, no allocation.
 */
#ifndef GCOUNTER_VIEW_FAULTS_H
#define GCOUNTER_VIEW_FAULTS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/* "cannot receive (in)", "cut off both ways", "" for none. */
const char *faults_partition_words(enum sim_partition cut);
/* Why a message from `from` to `to` would be lost if it arrived now (the
 * engine's rule at delivery, told in words: "n3 cannot receive"), or NULL
 * if the link is whole. */
const char *faults_link_cut(const struct sim *sim, uint32_t from, uint32_t to,
                            char *buf, size_t cap);

#endif
