/*
 * Real nodes from the command line: `--exec CMD` runs each node as a
 * program speaking the Maelstrom protocol, `--replay` of a real-nodes log
 * plays one back without them, and `maelstrom-node` is gcounter's own
 * node. It owns its command line and exit status; it never returns with a
 * child running.
 */
#ifndef GCOUNTER_APP_EXT_RUN_H
#define GCOUNTER_APP_EXT_RUN_H

#include <stdbool.h>

/* Whether this command line is for real nodes (main.c asks first). */
bool ext_run_wanted(int argc, char **argv);
/* Runs it: 0 the checker passed, 1 it failed, 2 bad usage, 128+signal. */
int ext_run_main(int argc, char **argv);

#endif
