/*
 * A run of real nodes as a file: the config, then every command (what a
 * program printed, its exit, an add) stamped with its time and events,
 * so --replay reproduces the run with no program. It must never write a
 * half file (outfile.c) nor trust one it reads.
 */
#ifndef GCOUNTER_APP_EXT_LOG_H
#define GCOUNTER_APP_EXT_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "maelstrom/mworld.h"

#define EXT_LOG_HEADER "# gcounter real-nodes log 1"

struct ext_log {
	struct mworld_config config;
	char *command; /* the --exec it ran, for people */
	struct mcmd *cmds;
	size_t count;
};

/* Whether the file at path starts with EXT_LOG_HEADER. */
bool ext_log_is(const char *path);
int ext_log_write(const char *path, const char *command, const struct mworld *w,
                  char *err, size_t errlen);
int ext_log_read(const char *path, struct ext_log *log, char *err,
                 size_t errlen);
void ext_log_free(struct ext_log *log);

#endif
