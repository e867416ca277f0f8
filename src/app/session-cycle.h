/*
 * What the fault keys cycle through: pure functions from the setting in
 * force to the next one, so a key does the same whatever set the current
 * value (a flag, a script, another key). Each result becomes a command.
 */
#ifndef GCOUNTER_APP_SESSION_CYCLE_H
#define GCOUNTER_APP_SESSION_CYCLE_H

#include <stdbool.h>

#include "sim/latency.h"
#include "sim/sim.h"

/* Drop and duplicate: 0 -> 10% -> 30% -> 50% -> 0; any other value goes
 * to the next step above it. */
double session_cycle_probability(double current);
/* Latency: the configured model -> 10-500ms -> exp:200ms -> configured. */
struct latency_model
session_cycle_latency(const struct latency_model *current,
                      const struct latency_model *configured);
bool session_cycle_same_latency(const struct latency_model *a,
                                const struct latency_model *b);
/* A node's partition: none -> both ways -> in -> out -> none. */
enum sim_partition session_cycle_partition(enum sim_partition current);
/* The reader: off -> random -> sticky -> off. */
enum sim_reader session_cycle_reader(enum sim_reader current);

#endif
