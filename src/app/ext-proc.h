/*
 * The programs behind real nodes: one child process per node, its stdin,
 * stdout and stderr on pipes that libevent reads and writes, so nothing
 * blocks the loop. Every child is killed and reaped by ext_procs_free,
 * whatever ends the run; none may outlive it.
 */
#ifndef GCOUNTER_APP_EXT_PROC_H
#define GCOUNTER_APP_EXT_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct ext_procs;

struct ext_proc_hooks {
	/* A line the node printed on stdout (no newline). */
	void (*line)(void *ctx, uint32_t node, const char *line, size_t len);
	/* Its program ended by itself (not by ext_procs_stop): a wait status.
	 */
	void (*exited)(void *ctx, uint32_t node, int status);
	/* A line it printed on stderr, as kept (optional: NULL). */
	void (*stderr_line)(void *ctx, uint32_t node, const char *line);
};

#define EXT_STDERR_LINES 8
#define EXT_STDERR_WIDTH 200

struct ext_procs *ext_procs_new(struct event_base *base, const char *command,
                                uint32_t nodes,
                                const struct ext_proc_hooks *hooks, void *ctx);
/* Kills and reaps every child, frees everything. NULL: nothing. */
void ext_procs_free(struct ext_procs *p);
/* Starts node's program (sh -c 'exec COMMAND'); -1 with err if it cannot. */
int ext_procs_start(struct ext_procs *p, uint32_t node, char *err,
                    size_t errlen);
/* Kills node's program (its whole process group) and reaps it. */
void ext_procs_stop(struct ext_procs *p, uint32_t node);
/* Queues line and a newline for node's stdin; nothing if it is not running. */
void ext_procs_send(struct ext_procs *p, uint32_t node, const char *line);
/* SIGSTOP or SIGCONT to every running program. */
void ext_procs_pause(struct ext_procs *p, bool paused);
/* Reaps the children that ended (call on SIGCHLD): reads what they left on
 * stdout, then calls the exited hook. */
void ext_procs_reap(struct ext_procs *p);
/* The node's last stderr lines, oldest first; returns how many. */
size_t ext_procs_stderr(const struct ext_procs *p, uint32_t node,
                        const char *lines[EXT_STDERR_LINES]);
/* "'/path/to/gcounter' ARGS": this very program, quoted for sh -c (gcounter's
 * own node as a seat's default program). -1 if it cannot be found. */
int ext_procs_self_command(const char *args, char *out, size_t len);
/* How many children are running now. */
uint32_t ext_procs_running(const struct ext_procs *p);

#endif
