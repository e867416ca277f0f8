/*
 * The command line of phones joining as replicas: --listen ADDR:PORT and
 * --keep-workers K (settings of the command line only: they are the live
 * driver's, not the world's, and a saved log replays the run without
 * them). Parses only; never opens a socket, never prints.
 */
#ifndef GCOUNTER_APP_WEB_OPTIONS_H
#define GCOUNTER_APP_WEB_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/options.h"

/* The most phones one run seats (each a worker of the world). */
#define WEB_MAX_PHONES 256

struct web_options {
	bool listen;   /* --listen was given */
	char host[64]; /* dotted IPv4; 127.0.0.1 unless given */
	uint16_t port; /* 1 to 65535 */
	uint32_t keep; /* --keep-workers: simulated workers that stay */
	bool keep_given;
	char listen_arg[128]; /* as typed, for error lines */
};

/* Fills *web from the options' --listen and --keep-workers and checks
 * them against the rest of the command line (the dashboard only, a seat
 * for at least one phone); 0 (web->listen false without --listen), or -1
 * with one line in err. */
int web_options_check(struct web_options *web, const struct options *opts,
                      char *err, size_t errlen);

#endif
