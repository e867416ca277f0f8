/*
 * Narration: one step of the world (one event) told in a sentence with the
 * vectors, for narrated stepping: "n2 receives n1's [3,0,1]; element-wise
 * max with its own [2,4,1] gives [3,4,1]; its value goes from 6 to 8". A
 * sim observer that collects the records of one step and tells the one
 * that matters most; it never changes the sim and never draws.
 */
#ifndef GCOUNTER_VIEW_NARRATE_H
#define GCOUNTER_VIEW_NARRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/* Bytes of a narrated sentence, NUL included. */
#define NARRATE_TEXT_MAX 512

struct narrate;

struct narrate *narrate_new(bool utf8);
void narrate_free(struct narrate *narrate);

/* Starts a step: forgets what the last one observed (not its text). */
void narrate_begin(struct narrate *narrate, const struct sim *sim);
/* The sim_observer: pass the narrate as ctx. */
void narrate_observe(void *ctx, const struct sim *sim,
                     const struct sim_record *record);
/* Whether the step so far observed anything worth a sentence. */
bool narrate_has_news(const struct narrate *narrate);
/* Ends the step: writes its sentence. False if nothing was observed (the
 * text then stays what it was). */
bool narrate_end(struct narrate *narrate, const struct sim *sim);
/* Forgets the sentence and the highlights. */
void narrate_clear(struct narrate *narrate);

const char *narrate_text(const struct narrate *narrate);
/* The row the step changed (a receiver, an incrementer), or UINT32_MAX. */
uint32_t narrate_node(const struct narrate *narrate);
/* The other row involved (whose state it was), or UINT32_MAX. */
uint32_t narrate_other(const struct narrate *narrate);
/* Per slot of narrate_node's vector: nonzero if the step changed it; NULL
 * when no cell changed. */
const unsigned char *narrate_slots(const struct narrate *narrate);

#endif
