/*
 * A student's end of the class, on libevent: one socket to the presenter
 * (a bufferevent), one program as the node (ext-proc.c, so it is reaped
 * on every way out), the lines carried between them as they are. Lines
 * with a top-level "type" and no "body" are the class's own (join_ok,
 * error, bye); every other line is the protocol. A second init is the
 * presenter starting the seat again: the program is started again too,
 * so amnesia is real. Never blocks: the name is resolved before the loop.
 */
#define _GNU_SOURCE
#include "app/join.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <inttypes.h>
#include <jansson.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/ext-class.h"
#include "app/ext-proc.h"
#include "maelstrom/mmsg.h"
#include "ui/join-screen.h"
#include "ui/term.h"
#include "ui/theme.h"

#define JOIN_CONNECT_MS 5000
/* From the connection to join_ok: a presenter answers at once, so a
 * listener that says nothing in this long is not a class. */
#define JOIN_HANDSHAKE_MS 10000
#define JOIN_FRAME_US     100000

struct join {
	struct event_base *base;
	struct bufferevent *sock;
	struct ext_procs *procs;
	struct term *term;
	struct event *keys, *frame, *winch, *connect_timer;
	char command[4200];
	const char *address, *code, *name;
	char code_upper[64];
	bool connected, seated, ended, dirty, full;
	char seat[16];
	uint32_t nodes, self;
	uint64_t counts[JOIN_MAX_SLOTS];
	uint32_t slots;
	bool has_read;
	int64_t last_read;
	uint64_t pressed, inits;
	char state[300], news[200];
	int exit_code, signal;
};

static void set_state(struct join *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Without a screen each new state is a line on stderr. */
static void set_state(struct join *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->state, sizeof j->state, fmt, ap);
	va_end(ap);
	j->dirty = true;
	if (j->term == NULL) {
		fprintf(stderr, "gcounter join: %s\n", j->state);
		fflush(stderr);
	}
}

static void end(struct join *j, int code)
{
	if (j->ended)
		return;
	j->ended = true;
	j->exit_code = code;
	event_base_loopexit(j->base, NULL);
}

/* --- the node's program ------------------------------------------ */

static void watch_out(struct join *j, const char *line, size_t len)
{
	struct mmsg m;
	uint64_t counts[JOIN_MAX_SLOTS];
	uint32_t slots;

	if (mmsg_parse(line, len, &m, NULL, 0) < 0)
		return;
	slots = j->nodes > 0 && j->nodes <= JOIN_MAX_SLOTS / 2
	            ? mmsg_counter(m.body, j->nodes, counts)
	            : 0;
	if (slots != 0) {
		memcpy(j->counts, counts, slots * sizeof counts[0]);
		j->slots = slots;
		j->dirty = true;
	}
	if (strcmp(m.type, "read_ok") == 0) {
		json_t *value = json_object_get(m.body, "value");

		if (json_is_integer(value)) {
			j->has_read = true;
			j->last_read = (int64_t)json_integer_value(value);
			j->dirty = true;
		}
	}
	mmsg_clear(&m);
}

static void child_line(void *ctx, uint32_t node, const char *line, size_t len)
{
	struct join *j = ctx;

	(void)node;
	if (j->sock == NULL || !j->seated)
		return;
	bufferevent_write(j->sock, line, len);
	bufferevent_write(j->sock, "\n", 1);
	watch_out(j, line, len);
}

static void child_exited(void *ctx, uint32_t node, int status)
{
	struct join *j = ctx;

	(void)node;
	if (WIFSIGNALED(status))
		set_state(j, "your node's program died of signal %d",
		          WTERMSIG(status));
	else
		set_state(j, "your node's program exited with status %d",
		          WEXITSTATUS(status));
	end(j, 1);
}

static void child_stderr(void *ctx, uint32_t node, const char *line)
{
	struct join *j = ctx;

	(void)node;
	if (j->term == NULL)
		fprintf(stderr, "node: %s\n", line);
	j->dirty = true;
}

static const struct ext_proc_hooks child_hooks = {
    .line = child_line, .exited = child_exited, .stderr_line = child_stderr};

/* --- the presenter ----------------------------------------------- */

static void start_node(struct join *j)
{
	char why[200];

	if (ext_procs_start(j->procs, 0, why, sizeof why) < 0) {
		set_state(j, "%s", why);
		end(j, 1);
	}
}

static void class_line(struct join *j, json_t *root)
{
	const char *type = json_string_value(json_object_get(root, "type"));
	const char *text = json_string_value(json_object_get(root, "text"));
	json_t *seat = json_object_get(root, "seat");
	json_t *nodes = json_object_get(root, "nodes");

	if (type == NULL)
		return;
	if (strcmp(type, "join_ok") == 0 && !j->seated &&
	    json_is_string(seat) && json_is_integer(nodes) &&
	    json_integer_value(nodes) >= 1 &&
	    json_integer_value(nodes) <= JOIN_MAX_SLOTS / 2) {
		j->nodes = (uint32_t)json_integer_value(nodes);
		snprintf(j->seat, sizeof j->seat, "%s",
		         json_string_value(seat));
		if (!mmsg_node_index(j->seat, j->nodes, &j->self))
			j->self = UINT32_MAX;
		j->seated = true;
		evtimer_del(j->connect_timer);
		set_state(j, "in the class at %s: seat %s of %" PRIu32,
		          j->address, j->seat, j->nodes);
		if (json_is_true(json_object_get(root, "amnesia")))
			snprintf(j->news, sizeof j->news,
			         "you took the seat of a program: it started "
			         "again with you (amnesia)");
		start_node(j);
	} else if (strcmp(type, "error") == 0) {
		set_state(j, "the presenter closed the connection: %s",
		          text != NULL ? text : "no reason given");
		end(j, 1);
	} else if (strcmp(type, "bye") == 0) {
		set_state(j, "the class ended: %s",
		          text != NULL ? text : "the presenter closed it");
		end(j, 3);
	}
}

static void protocol_line(struct join *j, json_t *root, const char *line)
{
	const char *type = json_string_value(
	    json_object_get(json_object_get(root, "body"), "type"));

	if (!j->seated)
		return;
	if (type != NULL && strcmp(type, "init") == 0) {
		json_t *ids =
		    json_object_get(json_object_get(root, "body"), "node_ids");

		/* The presenter started the seat again: so does the node. */
		if (++j->inits > 1) {
			start_node(j);
			snprintf(j->news, sizeof j->news,
			         "the presenter started your seat again: your "
			         "node starts from nothing (amnesia)");
		}
		if (json_is_array(ids) &&
		    json_array_size(ids) <= JOIN_MAX_SLOTS / 2)
			j->nodes = (uint32_t)json_array_size(ids);
		j->slots = 0;
		j->has_read = false;
		j->dirty = true;
	}
	ext_procs_send(j->procs, 0, line);
}

static void sock_readable(struct bufferevent *bev, void *arg)
{
	struct join *j = arg;
	struct evbuffer *in = bufferevent_get_input(bev);

	/* A web server answers a line it cannot parse with a status line:
	 * the student was given the phones' address, not the class's. */
	if (!j->seated && evbuffer_get_length(in) >= 5 &&
	    memcmp(evbuffer_pullup(in, 5), "HTTP/", 5) == 0) {
		set_state(j,
		          "not a gcounter class: %s answered as a web server "
		          "(the phones' page?)",
		          j->address);
		end(j, 2);
		return;
	}
	while (!j->ended) {
		size_t len;
		char *line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
		json_t *root;

		if (line == NULL) {
			if (evbuffer_get_length(in) > MMSG_MAX_LINE) {
				set_state(j,
				          "the presenter sent a line over "
				          "%u bytes",
				          MMSG_MAX_LINE);
				end(j, 3);
			}
			return;
		}
		root = json_loadb(line, len, 0, NULL);
		if (json_is_object(root) &&
		    json_object_get(root, "body") == NULL)
			class_line(j, root);
		else
			protocol_line(j, root, line);
		json_decref(root);
		free(line);
	}
}

static void sock_event(struct bufferevent *bev, short what, void *arg)
{
	struct join *j = arg;

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		json_t *hello = json_pack("{s:s, s:s, s:s}", "type", "join",
		                          "code", j->code, "name", j->name);
		char *text = json_dumps(hello, JSON_COMPACT);

		struct timeval wait = {JOIN_HANDSHAKE_MS / 1000, 0};

		j->connected = true;
		evtimer_add(j->connect_timer, &wait); /* now the handshake's */
		bufferevent_write(j->sock, text, strlen(text));
		bufferevent_write(j->sock, "\n", 1);
		free(text);
		json_decref(hello);
		set_state(j, "connected to %s: joining as %s", j->address,
		          j->name);
		return;
	}
	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)))
		return;
	/* What came before the end is read first: it may say why. */
	sock_readable(bev, j);
	if (j->ended)
		return;
	if (!j->connected)
		set_state(j, "cannot reach %s: %s", j->address,
		          strerror(errno ? errno : ECONNREFUSED));
	else
		set_state(j,
		          "lost the presenter at %s: the connection "
		          "closed (the class is over)",
		          j->address);
	end(j, j->connected ? 3 : 2);
}

static void connect_late(evutil_socket_t fd, short what, void *arg)
{
	struct join *j = arg;

	(void)fd, (void)what;
	if (j->connected)
		set_state(j,
		          "not a gcounter class: %s took the connection but "
		          "did not answer the join within %d s",
		          j->address, JOIN_HANDSHAKE_MS / 1000);
	else
		set_state(j, "cannot reach %s: no answer within %d s",
		          j->address, JOIN_CONNECT_MS / 1000);
	end(j, 2);
}

/* --- the screen and the keys --------------------------------------- */

static void draw(struct join *j)
{
	const char *lines[EXT_STDERR_LINES];
	struct join_view v = {
	    .address = j->address,
	    .name = j->name,
	    .seat = j->seated ? j->seat : NULL,
	    .state = j->state,
	    .news = j->news,
	    .command = j->command,
	    .nodes = j->nodes,
	    .slots = j->slots,
	    .self = j->self,
	    .has_read = j->has_read,
	    .last_read = j->last_read,
	    .pressed = j->pressed,
	    .inits = j->inits,
	    .ended = j->ended,
	};

	memcpy(v.counts, j->counts, sizeof v.counts);
	v.stderr_count = ext_procs_stderr(j->procs, 0, lines);
	v.stderr_lines = lines;
	join_screen_draw(&v);
	term_present(j->term, j->full);
	j->dirty = j->full = false;
}

static void on_frame(evutil_socket_t fd, short what, void *arg)
{
	struct join *j = arg;

	(void)fd, (void)what;
	if (j->dirty)
		draw(j);
}

static void press(struct join *j)
{
	static const char add[] = "{\"type\":\"add\",\"delta\":1}\n";

	if (!j->seated || j->ended) {
		snprintf(j->news, sizeof j->news, "not in the class yet");
	} else {
		bufferevent_write(j->sock, add, sizeof add - 1);
		j->pressed++;
		snprintf(j->news, sizeof j->news,
		         "add 1 asked of the presenter: its client c%" PRIu32
		         " sends it to your node",
		         j->self + 1);
	}
	j->dirty = true;
}

static void on_keys(evutil_socket_t fd, short what, void *arg)
{
	struct join *j = arg;
	int key;

	(void)fd, (void)what;
	while ((key = term_read_key(j->term)) != TERM_NO_KEY) {
		if (key == '+' || key == ' ' || key == '=') {
			press(j);
		} else if (key == 'q' || key == 'Q') {
			set_state(j, "you left the class");
			end(j, 0);
		}
	}
}

static void on_winch(evutil_socket_t fd, short what, void *arg)
{
	struct join *j = arg;

	(void)fd, (void)what;
	term_resize(j->term);
	j->full = j->dirty = true;
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct join *j = arg;

	(void)what;
	if (sig == SIGCHLD) {
		ext_procs_reap(j->procs);
		return;
	}
	j->signal = (int)sig;
	set_state(j, "stopped by signal %d: left the class", (int)sig);
	end(j, 128 + (int)sig);
}

static int open_screen(struct join *j, char *err, size_t errlen)
{
	const char *no_color = getenv("NO_COLOR");
	struct timeval every = {0, JOIN_FRAME_US};

	term_setup_locale();
	j->winch = evsignal_new(j->base, SIGWINCH, on_winch, j);
	event_add(j->winch, NULL);
	j->term = term_open(stdout, stdin, err, errlen);
	if (j->term == NULL)
		return -1;
	theme_init(THEME_DARK, no_color != NULL && no_color[0] != '\0');
	j->keys = event_new(j->base, term_input_fd(j->term),
	                    EV_READ | EV_PERSIST, on_keys, j);
	j->frame = event_new(j->base, -1, EV_PERSIST, on_frame, j);
	event_add(j->keys, NULL);
	event_add(j->frame, &every);
	j->full = j->dirty = true;
	return 0;
}

/* --- the command line ---------------------------------------------- */

static const char usage[] =
    "usage: gcounter join HOST:PORT CODE [--name NAME] [--exec COMMAND]\n"
    "\n"
    "Joins a presenter's class (gcounter --class) as one of its nodes.\n"
    "Without --exec the node is gcounter's own (gcounter maelstrom-node);\n"
    "with it, COMMAND (run by /bin/sh) is bridged to the class: the\n"
    "presenter's lines on its stdin, its stdout to the presenter, its\n"
    "stderr shown. With a terminal, a screen shows the seat and the\n"
    "vector: + or space asks the presenter for an add at your node, q\n"
    "leaves. Exit status: 0 you left, 1 refused or the program ended, 2\n"
    "bad usage, unreachable or not a class, 3 the class ended or\n"
    "the presenter was lost.\n";

/* A number must be a port (getaddrinfo takes 99999 as 34463); a name is
 * a service, for getaddrinfo to find. */
static bool port_ok(const char *port)
{
	unsigned long v = 0;

	for (const char *p = port; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return true;
		if (v <= 65535)
			v = v * 10 + (unsigned long)(*p - '0');
	}
	return v >= 1 && v <= 65535;
}

static int parse(int argc, char **argv, struct join *j, char *host,
                 size_t host_len, const char **port, char *err, size_t errlen)
{
	const char *exec = NULL, *colon;

	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return 1;
	if (argc < 3) {
		snprintf(err, errlen,
		         "join needs HOST:PORT and CODE (see "
		         "gcounter join --help)");
		return -1;
	}
	j->address = argv[1];
	/* Codes are upper case (no look-alikes); a student may type it
	 * in lower case off the projector. */
	snprintf(j->code_upper, sizeof j->code_upper, "%s", argv[2]);
	for (char *p = j->code_upper; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	j->code = j->code_upper;
	j->name = "a student";
	for (int i = 3; i < argc; i++) {
		if (i + 1 == argc && (strcmp(argv[i], "--name") == 0 ||
		                      strcmp(argv[i], "--exec") == 0)) {
			snprintf(
			    err, errlen, "join: %s needs a value (%s)", argv[i],
			    strcmp(argv[i], "--name") == 0 ? "--name NAME"
			                                   : "--exec COMMAND");
			return -1;
		}
		if (i + 1 < argc && strcmp(argv[i], "--name") == 0) {
			j->name = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--exec") == 0) {
			exec = argv[++i];
		} else {
			snprintf(err, errlen,
			         "join: %s is not an option here (--name NAME, "
			         "--exec COMMAND)",
			         argv[i]);
			return -1;
		}
	}
	/* The presenter's own rule, so what it would refuse is refused
	 * here, before any connection. */
	if (!ext_class_name_ok(j->name)) {
		snprintf(err, errlen,
		         "join: --name is 1 to %d characters, none a control "
		         "character, quote or backslash",
		         CLASS_MAX_NAME);
		return -1;
	}
	colon = strrchr(j->address, ':');
	if (colon == NULL || colon == j->address || colon[1] == '\0' ||
	    (size_t)(colon - j->address) >= host_len) {
		snprintf(err, errlen,
		         "join: expected HOST:PORT (192.168.1.20:%d), got '%s'",
		         CLASS_DEFAULT_PORT, j->address);
		return -1;
	}
	memcpy(host, j->address, (size_t)(colon - j->address));
	host[colon - j->address] = '\0';
	*port = colon + 1;
	if (!port_ok(*port)) {
		snprintf(err, errlen,
		         "join: the port in '%s' is not a number from 1 to "
		         "65535",
		         j->address);
		return -1;
	}
	if (exec != NULL) {
		if (exec[0] == '\0' || strlen(exec) >= sizeof j->command) {
			snprintf(err, errlen, "join: --exec needs a command");
			return -1;
		}
		snprintf(j->command, sizeof j->command, "%s", exec);
	} else if (ext_procs_self_command("maelstrom-node", j->command,
	                                  sizeof j->command) < 0) {
		snprintf(err, errlen,
		         "join: cannot find this program to run as the node; "
		         "give --exec");
		return -1;
	}
	return 0;
}

int join_main(int argc, char **argv)
{
	static const int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct event *sev[sizeof sigs / sizeof sigs[0]] = {0};
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
	                         .ai_socktype = SOCK_STREAM},
	                *ai = NULL;
	struct join j = {0};
	struct timeval wait = {JOIN_CONNECT_MS / 1000, 0};
	char host[256], err[300];
	const char *port;
	int rc;

	rc = parse(argc, argv, &j, host, sizeof host, &port, err, sizeof err);
	if (rc == 1) {
		fputs(usage, stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "gcounter join: cannot find %s: %s\n",
		        j.address, gai_strerror(rc));
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	j.base = event_base_new();
	j.self = UINT32_MAX;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sev[i] = evsignal_new(j.base, sigs[i], on_signal, &j);
		event_add(sev[i], NULL);
	}
	j.procs = ext_procs_new(j.base, j.command, 1, &child_hooks, &j);
	j.sock = bufferevent_socket_new(j.base, -1, BEV_OPT_CLOSE_ON_FREE);
	j.connect_timer = evtimer_new(j.base, connect_late, &j);
	if (j.procs == NULL || j.sock == NULL) {
		fprintf(stderr, "gcounter join: out of memory\n");
		j.exit_code = 1;
		goto out;
	}
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    open_screen(&j, err, sizeof err) < 0) {
		fprintf(stderr, "gcounter join: %s\n", err);
		j.exit_code = 2;
		goto out;
	}
	set_state(&j, "connecting to %s", j.address);
	bufferevent_setcb(j.sock, sock_readable, NULL, sock_event, &j);
	bufferevent_enable(j.sock, EV_READ | EV_WRITE);
	evtimer_add(j.connect_timer, &wait);
	if (bufferevent_socket_connect(j.sock, ai->ai_addr,
	                               (int)ai->ai_addrlen) < 0) {
		set_state(&j, "cannot reach %s: %s", j.address,
		          strerror(errno));
		j.exit_code = 2;
	} else {
		event_base_dispatch(j.base);
	}
out:
	/* The one way out: the program killed and reaped, the terminal
	 * given back, then why it ended. */
	ext_procs_free(j.procs);
	if (j.term != NULL) {
		event_free(j.keys);
		event_free(j.frame);
		term_close(j.term);
		fprintf(stderr, "gcounter join: %s\n", j.state);
	}
	if (j.winch != NULL)
		event_free(j.winch);
	if (j.sock != NULL)
		bufferevent_free(j.sock);
	if (j.connect_timer != NULL)
		event_free(j.connect_timer);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sev[i] != NULL)
			event_free(sev[i]);
	if (j.base != NULL)
		event_base_free(j.base);
	freeaddrinfo(ai);
	return j.exit_code;
}
