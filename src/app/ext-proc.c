/*
 * Child processes for real nodes, on libevent: a bufferevent per pipe,
 * lines handed up as they come. A child runs in its own process group (so
 * a kill reaches whatever its shell started) and asks the kernel to kill
 * it if gcounter dies without cleaning up; it must never be left running
 * or unreaped by any way out of the program.
 */
#define _GNU_SOURCE
#include "app/ext-proc.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "maelstrom/mmsg.h"
#include "util/errbuf.h"

struct child {
	struct ext_procs *owner;
	uint32_t node;
	pid_t pid; /* 0: not running */
	struct bufferevent *in, *out, *err;
	char stderr_lines[EXT_STDERR_LINES][EXT_STDERR_WIDTH];
	size_t stderr_next, stderr_count;
};

struct ext_procs {
	struct event_base *base;
	char *command;
	uint32_t nodes;
	const struct ext_proc_hooks *hooks;
	void *ctx;
	struct child *children;
};

/* A line exec can take whole: words, quotes, expansions and redirections,
 * no list, pipe, group or substitution, and not a builtin or reserved
 * word first (cd, export, if ...) nor an assignment (VAR=1 prog). */
static bool one_program(const char *command)
{
	static const char *const shell_first[] = {
	    "cd",    "export", "if",   "while", "until", "for",   "case",
	    "set",   ".",      "eval", "exec",  "!",     "{",     "unset",
	    "umask", "ulimit", "trap", "read",  "shift", "source"};
	size_t first = strcspn(command, " \t");

	if (strpbrk(command, ";&|(){}`\n") != NULL ||
	    memchr(command, '=', first) != NULL || first == 0)
		return false;
	for (size_t i = 0; i < sizeof shell_first / sizeof shell_first[0]; i++)
		if (strlen(shell_first[i]) == first &&
		    strncmp(command, shell_first[i], first) == 0)
			return false;
	return true;
}

struct ext_procs *ext_procs_new(struct event_base *base, const char *command,
                                uint32_t nodes,
                                const struct ext_proc_hooks *hooks, void *ctx)
{
	struct ext_procs *p = calloc(1, sizeof *p);
	size_t len = strlen(command);

	if (p == NULL)
		return NULL;
	p->base = base;
	p->nodes = nodes;
	p->hooks = hooks;
	p->ctx = ctx;
	p->children = calloc(nodes, sizeof *p->children);
	p->command = malloc(len + sizeof "exec ");
	if (p->children == NULL || p->command == NULL) {
		free(p->children);
		free(p->command);
		free(p);
		return NULL;
	}
	/* One program ("python3 node.py"): exec, so the pid we wait for and
	 * signal is the node's own (and it dies with gcounter by the kernel's
	 * hand). Any other shell command line ("cd dir && prog", "VAR=1
	 * prog", "a; b") runs as it is: the pid is the shell's, its exit
	 * status the line's, and the line's process group is what a stop, a
	 * pause and a reap signal, so they reach whatever it started. */
	snprintf(p->command, len + sizeof "exec ", "%s%s",
	         one_program(command) ? "exec " : "", command);
	for (uint32_t i = 0; i < nodes; i++) {
		p->children[i].owner = p;
		p->children[i].node = i;
	}
	return p;
}

static void close_pipes(struct child *c)
{
	if (c->in != NULL)
		bufferevent_free(c->in);
	if (c->out != NULL)
		bufferevent_free(c->out);
	if (c->err != NULL)
		bufferevent_free(c->err);
	c->in = c->out = c->err = NULL;
}

/* Hands up every whole line in the buffer; a line longer than the limit
 * is handed up cut at limit + 1 bytes, which the parser refuses. */
static void take_lines(struct child *c, struct evbuffer *buf, bool at_end)
{
	for (;;) {
		size_t len;
		char *line = evbuffer_readln(buf, &len, EVBUFFER_EOL_LF);

		if (line == NULL) {
			size_t left = evbuffer_get_length(buf);

			if (left > MMSG_MAX_LINE || (at_end && left > 0)) {
				len = left > MMSG_MAX_LINE + 1
				          ? MMSG_MAX_LINE + 1
				          : left;
				line = malloc(len + 1);
				if (line == NULL)
					return;
				evbuffer_remove(buf, line, len);
				line[len] = '\0';
				if (left > len)
					evbuffer_drain(buf, left - len);
			} else {
				return;
			}
		}
		if (c->pid != 0 && c->owner->hooks->line != NULL)
			c->owner->hooks->line(c->owner->ctx, c->node, line,
			                      len);
		free(line);
		/* The line may have ended this very node (a crash it ran
		 * into): then the buffer is gone with its pipe. */
		if (c->out == NULL)
			return;
	}
}

static void out_readable(struct bufferevent *bev, void *arg)
{
	take_lines(arg, bufferevent_get_input(bev), false);
}

static void keep_stderr(struct child *c, const char *line, size_t len)
{
	char *slot = c->stderr_lines[c->stderr_next];
	size_t k = 0;

	for (size_t i = 0; i < len && k + 1 < EXT_STDERR_WIDTH; i++)
		slot[k++] =
		    (line[i] >= 0x20 && line[i] != 0x7f) ? line[i] : '?';
	slot[k] = '\0';
	c->stderr_next = (c->stderr_next + 1) % EXT_STDERR_LINES;
	if (c->stderr_count < EXT_STDERR_LINES)
		c->stderr_count++;
	if (c->owner->hooks->stderr_line != NULL)
		c->owner->hooks->stderr_line(c->owner->ctx, c->node, slot);
}

static void err_readable(struct bufferevent *bev, void *arg)
{
	struct child *c = arg;
	struct evbuffer *buf = bufferevent_get_input(bev);

	for (;;) {
		size_t len;
		char *line = evbuffer_readln(buf, &len, EVBUFFER_EOL_LF);

		if (line == NULL) {
			/* A log line is for people: keep its start. */
			size_t left = evbuffer_get_length(buf);

			if (left > MMSG_MAX_LINE) {
				char head[EXT_STDERR_WIDTH];

				evbuffer_remove(buf, head, sizeof head);
				evbuffer_drain(buf, left - sizeof head);
				keep_stderr(c, head, sizeof head);
			}
			return;
		}
		keep_stderr(c, line, len);
		free(line);
	}
}

/* EOF or an error on a pipe: its end is the wait status, which SIGCHLD
 * brings; nothing to do but stop reading. */
static void pipe_event(struct bufferevent *bev, short what, void *arg)
{
	(void)arg;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		bufferevent_disable(bev, EV_READ | EV_WRITE);
}

static void child_exec(const char *command, pid_t parent, int in, int out,
                       int err)
{
	sigset_t none;

	setpgid(0, 0);
	/* Killed with gcounter if gcounter dies before it can clean up; and
	 * if it died before this line, the child goes now. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		signal(s,
		       SIG_DFL); /* gcounter ignores SIGPIPE; a node must not */
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

int ext_procs_start(struct ext_procs *p, uint32_t node, char *err,
                    size_t errlen)
{
	struct child *c = &p->children[node];
	int in[2], out[2], er[2];
	pid_t pid, parent = getpid();

	if (c->pid != 0)
		ext_procs_stop(p, node);
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 ||
	    pipe2(er, O_CLOEXEC) < 0) {
		errbuf_set(err, errlen, "cannot make pipes for n%u: %s", node,
		           strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		errbuf_set(err, errlen, "cannot start n%u: %s", node,
		           strerror(errno));
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		close(er[0]), close(er[1]);
		return -1;
	}
	if (pid == 0)
		child_exec(p->command, parent, in[0], out[1], er[1]);
	setpgid(pid, pid); /* both sides, so a kill cannot come first */
	close(in[0]);
	close(out[1]);
	close(er[1]);
	c->pid = pid;
	evutil_make_socket_nonblocking(in[1]);
	evutil_make_socket_nonblocking(out[0]);
	evutil_make_socket_nonblocking(er[0]);
	c->in = bufferevent_socket_new(p->base, in[1], BEV_OPT_CLOSE_ON_FREE);
	c->out = bufferevent_socket_new(p->base, out[0], BEV_OPT_CLOSE_ON_FREE);
	c->err = bufferevent_socket_new(p->base, er[0], BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(c->in, NULL, NULL, pipe_event, c);
	bufferevent_setcb(c->out, out_readable, NULL, pipe_event, c);
	bufferevent_setcb(c->err, err_readable, NULL, pipe_event, c);
	bufferevent_enable(c->in, EV_WRITE);
	bufferevent_enable(c->out, EV_READ);
	bufferevent_enable(c->err, EV_READ);
	return 0;
}

void ext_procs_stop(struct ext_procs *p, uint32_t node)
{
	struct child *c = &p->children[node];

	if (c->pid == 0)
		return;
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
	close_pipes(c);
}

void ext_procs_send(struct ext_procs *p, uint32_t node, const char *line)
{
	struct child *c = &p->children[node];

	if (c->pid == 0 || c->in == NULL)
		return;
	bufferevent_write(c->in, line, strlen(line));
	bufferevent_write(c->in, "\n", 1);
}

void ext_procs_pause(struct ext_procs *p, bool paused)
{
	for (uint32_t i = 0; i < p->nodes; i++)
		if (p->children[i].pid != 0)
			kill(-p->children[i].pid, paused ? SIGSTOP : SIGCONT);
}

void ext_procs_reap(struct ext_procs *p)
{
	for (uint32_t i = 0; i < p->nodes; i++) {
		struct child *c = &p->children[i];
		int status;
		pid_t got;

		if (c->pid == 0)
			continue;
		got = waitpid(c->pid, &status, WNOHANG);
		if (got != c->pid)
			continue;
		/* What it printed before it ended still counts, in order. */
		if (c->out != NULL) {
			struct evbuffer *buf = bufferevent_get_input(c->out);
			int fd = bufferevent_getfd(c->out);

			while (evbuffer_read(buf, fd, 65536) > 0)
				;
			take_lines(c, buf, true);
			if (c->pid == 0)
				continue; /* its lines stopped it: reaped */
		}
		if (c->err != NULL)
			err_readable(c->err, c);
		kill(-c->pid, SIGKILL); /* anything it left in its group */
		c->pid = 0;
		close_pipes(c);
		if (p->hooks->exited != NULL)
			p->hooks->exited(p->ctx, i, status);
	}
}

void ext_procs_free(struct ext_procs *p)
{
	if (p == NULL)
		return;
	for (uint32_t i = 0; i < p->nodes; i++)
		ext_procs_stop(p, i);
	free(p->children);
	free(p->command);
	free(p);
}

size_t ext_procs_stderr(const struct ext_procs *p, uint32_t node,
                        const char *lines[EXT_STDERR_LINES])
{
	const struct child *c = &p->children[node];
	size_t first = (c->stderr_next + EXT_STDERR_LINES - c->stderr_count) %
	               EXT_STDERR_LINES;

	for (size_t k = 0; k < c->stderr_count; k++)
		lines[k] = c->stderr_lines[(first + k) % EXT_STDERR_LINES];
	return c->stderr_count;
}

uint32_t ext_procs_running(const struct ext_procs *p)
{
	uint32_t count = 0;

	for (uint32_t i = 0; i < p->nodes; i++)
		count += p->children[i].pid != 0;
	return count;
}

int ext_procs_self_command(const char *args, char *out, size_t len)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	size_t k = 0;

	if (n <= 0 || len < 8)
		return -1;
	self[n] = '\0';
	out[k++] = '\'';
	for (ssize_t i = 0; i < n; i++) {
		if (k + 8 >= len)
			return -1;
		if (self[i] == '\'') {
			memcpy(out + k, "'\\''",
			       4); /* ' ends, \' is one, ' again */
			k += 4;
		} else {
			out[k++] = self[i];
		}
	}
	if ((size_t)snprintf(out + k, len - k, "' %s", args) >= len - k)
		return -1;
	return 0;
}
