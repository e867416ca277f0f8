/*
 * The dashboard for real nodes: the terminal, the keys and the frames on
 * the loop of ext-loop.c. The terminal is given back before the programs
 * are killed, on every way out; keys never draw.
 */
#ifndef GCOUNTER_APP_EXT_LIVE_H
#define GCOUNTER_APP_EXT_LIVE_H

#include <stddef.h>

struct ext_live;
struct ext_loop;
struct ext_loop_screen;

/* NULL and one line in err when there is no terminal. */
struct ext_live *ext_live_new(struct ext_loop *loop, char *err, size_t errlen);
const struct ext_loop_screen *ext_live_screen(struct ext_live *live);
void ext_live_free(struct ext_live *live);

#endif
