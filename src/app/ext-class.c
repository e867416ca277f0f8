/*
 * The classroom's server, on libevent: a listener, a bounded table of
 * connections (bufferevents with watermarks), the join handshake, the
 * seats. A connection that breaks a rule is only marked doomed where it
 * is found out; one deferred event (the sweep) says why and closes it, so
 * the world is never re-entered from inside a send. Must never let one
 * remote hold up, crash or change what the others see.
 */
#define _GNU_SOURCE
#include "app/ext-class.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <inttypes.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/joincode.h"
#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"
#include "util/errbuf.h"
#include "util/hostaddr.h"

#define NO_SEAT  UINT32_MAX
#define TICK_MS  250
#define JUMP_MS  2000  /* between two ticks: a stop from outside */
#define GRACE_MS 10000 /* to flush the reason before the close */
/* What the kernel may hold unsent for a connection: a reader that stops
 * reading leaves the rest in our buffer (where the backlog limit counts
 * it), and the socket room for the one line that says why it is let go. */
#define UNSENT_LOWAT (64 * 1024)

struct conn {
	struct ext_class *owner;
	struct bufferevent *bev; /* NULL: a free slot */
	struct event *grace;
	uint32_t seat;
	bool joined, doomed, closing;
	char why[200]; /* the reason it is closed with ("" : it left) */
	char name[CLASS_MAX_NAME_BYTES + 1];
	double tokens, add_tokens;
	uint64_t refilled_ms, add_refilled_ms, opened_ms, awaiting_ms;
	bool adds_dropped; /* said on the class row, once */
};

struct ext_class {
	struct event_base *base;
	struct ext_class_config config;
	const struct ext_class_hooks *hooks;
	void *ctx;
	struct evconnlistener *listener;
	struct event *tick, *sweep;
	uint64_t ticked_ms; /* when the tick last ran */
	char code[JOINCODE_LENGTH + 1];
	char address[80];
	struct conn conns[CLASS_MAX_CONNECTIONS];
	uint32_t seat_conn[MWORLD_MAX_NODES]; /* an index, or NO_SEAT */
	bool waiting[MWORLD_MAX_NODES];
	char student[MWORLD_MAX_NODES][CLASS_MAX_NAME_BYTES + 1]; /* last one */
	char news[400];
};

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

int ext_class_parse_listen(const char *text, struct ext_class_config *config,
                           char *err, size_t errlen)
{
	const char *colon = strrchr(text, ':');
	const char *port = colon != NULL ? colon + 1 : text;
	size_t host_len = colon != NULL ? (size_t)(colon - text) : 0;
	struct in_addr probe;
	char *end;
	unsigned long value;

	if (host_len == 0) {
		snprintf(config->address, sizeof config->address, "127.0.0.1");
	} else if (host_len < sizeof config->address) {
		memcpy(config->address, text, host_len);
		config->address[host_len] = '\0';
	} else {
		goto bad;
	}
	if (inet_pton(AF_INET, config->address, &probe) != 1)
		goto bad;
	errno = 0;
	value = strtoul(port, &end, 10);
	if (*port == '\0' || *end != '\0' || errno != 0 || value > 65535)
		goto bad;
	config->port = (uint16_t)value;
	return 0;
bad:
	errbuf_set(err, errlen,
	           "--listen: expected ADDR:PORT with an IPv4 address and a "
	           "port 0 to 65535 (127.0.0.1:%d, 0.0.0.0:%d), got '%s'",
	           CLASS_DEFAULT_PORT, CLASS_DEFAULT_PORT, text);
	return -1;
}

/* --- closing, with a reason -------------------------------------- */

static void doom(struct conn *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void doom(struct conn *k, const char *fmt, ...)
{
	va_list ap;

	if (k->doomed || k->closing)
		return;
	k->doomed = true;
	k->why[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(k->why, sizeof k->why, fmt, ap);
		va_end(ap);
	}
	bufferevent_disable(k->bev, EV_READ);
	event_active(k->owner->sweep, EV_TIMEOUT, 0);
}

static void conn_free(struct conn *k)
{
	if (k->bev != NULL)
		bufferevent_free(k->bev);
	if (k->grace != NULL)
		event_free(k->grace);
	memset(k, 0, sizeof *k);
}

static void grace_over(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what;
	conn_free(arg);
}

/* After the reason: what it still sends is read and thrown away (a close
 * with unread bytes would reset the connection, and the reset could
 * reach it before the reason), until it hangs up or the grace is over. */
static void discard(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);

	(void)arg;
	evbuffer_drain(in, evbuffer_get_length(in));
}

static void flushed(struct bufferevent *bev, void *arg)
{
	(void)arg;
	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		shutdown(bufferevent_getfd(bev), SHUT_WR);
}

static void closing_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		conn_free(arg);
}

/* A line of its own that says why, in an error body (Maelstrom's codes:
 * 11 temporarily unavailable, 12 malformed request, 14 abort). */
static void put_error(struct bufferevent *bev, int code, const char *text)
{
	json_t *body = json_pack("{s:s, s:i, s:s}", "type", "error", "code",
	                         code, "text", text);
	char *line = json_dumps(body, JSON_COMPACT);

	if (line != NULL) {
		bufferevent_write(bev, line, strlen(line));
		bufferevent_write(bev, "\n", 1);
	}
	free(line);
	json_decref(body);
}

static void unseat(struct ext_class *c, struct conn *k)
{
	uint32_t seat = k->seat;

	if (seat == NO_SEAT)
		return;
	k->seat = NO_SEAT;
	c->seat_conn[seat] = NO_SEAT;
	if (k->why[0] != '\0')
		snprintf(c->news, sizeof c->news,
		         "%s left n%" PRIu32 " (%.120s); its program is back "
		         "(amnesia)",
		         k->name, seat, k->why);
	else
		snprintf(c->news, sizeof c->news,
		         "%s left n%" PRIu32 "; its program is back (amnesia)",
		         k->name, seat);
	c->hooks->seat(c->ctx, seat, false);
}

/* What was queued for a connection being let go matters no more, and
 * would hold its reason back: every line after the first is dropped (the
 * first may be the rest of one the socket already has part of, so the
 * reason starts a line of its own), and what is left is written at once,
 * as far as the socket takes it: one that was full has room once the
 * limit on what it may hold is gone, but no reader's ack may come to
 * say so. A bufferevent's output is frozen at its start (only it may
 * take from there): thawed for this. */
static void flush_reason(struct bufferevent *bev, const char *why)
{
	struct evbuffer *out = bufferevent_get_output(bev);
	struct evbuffer_ptr eol = evbuffer_search(out, "\n", 1, NULL);
	struct evbuffer *head = evbuffer_new();
	int fd = bufferevent_getfd(bev);

	evbuffer_unfreeze(out, 1);
	if (head != NULL && eol.pos >= 0)
		evbuffer_remove_buffer(out, head, (size_t)eol.pos + 1);
	evbuffer_drain(out, evbuffer_get_length(out));
	if (head != NULL) {
		evbuffer_add_buffer(out, head);
		evbuffer_free(head);
	}
	/* 0: the system's default, no limit. */
	setsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &(int){0}, sizeof(int));
	put_error(bev, 14, why);
	evbuffer_write(out, fd);
	evbuffer_freeze(out, 1);
}

static void sweep(evutil_socket_t fd, short what, void *arg)
{
	struct ext_class *c = arg;

	(void)fd, (void)what;
	for (size_t i = 0; i < CLASS_MAX_CONNECTIONS; i++) {
		struct conn *k = &c->conns[i];
		struct timeval tv = {GRACE_MS / 1000, (GRACE_MS % 1000) * 1000};

		if (k->bev == NULL || !k->doomed || k->closing)
			continue;
		k->closing = true;
		unseat(c, k);
		if (k->why[0] == '\0') {
			conn_free(k); /* it hung up: nobody to tell */
			continue;
		}
		/* The reason goes into the socket now, behind only what the
		 * kernel holds, even for a reader that has stopped: so it
		 * is read before the close, however late the reader comes
		 * back. */
		flush_reason(k->bev, k->why);
		bufferevent_setcb(k->bev, discard, flushed, closing_event, k);
		bufferevent_enable(k->bev, EV_READ | EV_WRITE);
		flushed(k->bev, NULL);
		k->grace = evtimer_new(c->base, grace_over, k);
		evtimer_add(k->grace, &tv);
	}
}

/* --- what a connection says ----------------------------------------- */

/* The code point at s (advancing *s past it), or -1 for bytes that are
 * not UTF-8 (overlong forms, surrogates and values past U+10FFFF too). */
static int32_t next_code_point(const unsigned char **s)
{
	static const int32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	const unsigned char *p = *s;
	int more = p[0] < 0x80   ? 0
	           : p[0] < 0xc2 ? -1
	           : p[0] < 0xe0 ? 1
	           : p[0] < 0xf0 ? 2
	           : p[0] < 0xf5 ? 3
	                         : -1;
	int32_t c;

	if (more < 0)
		return -1;
	c = more == 0 ? p[0] : p[0] & (0x3f >> more);
	for (int i = 1; i <= more; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < least[more + 1] || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return -1;
	*s = p + more + 1;
	return c;
}

bool ext_class_name_ok(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t count = 0;

	while (*p != '\0') {
		int32_t c = next_code_point(&p);

		/* C0, DEL and C1 controls would move a screen's cursor. */
		if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '"' ||
		    c == '\\' || ++count > CLASS_MAX_NAME)
			return false;
	}
	return count > 0;
}

/* A free seat for a student called name: the one they held before, else
 * one still waiting for a student, else the first a program holds. */
/* Whether a connected student goes by the name: a second one would
 * take the first one's seat on a rejoin. */
static bool name_held(const struct ext_class *c, const char *name)
{
	for (uint32_t s = 0; s < c->config.seats; s++)
		if (c->seat_conn[s] != NO_SEAT &&
		    strcmp(c->student[s], name) == 0)
			return true;
	return false;
}

static uint32_t pick_seat(const struct ext_class *c, const char *name)
{
	uint32_t seats = c->config.seats;

	for (uint32_t s = 0; s < seats; s++)
		if (c->seat_conn[s] == NO_SEAT &&
		    strcmp(c->student[s], name) == 0)
			return s;
	for (uint32_t s = 0; s < seats; s++)
		if (c->seat_conn[s] == NO_SEAT && c->waiting[s])
			return s;
	for (uint32_t s = 0; s < seats; s++)
		if (c->seat_conn[s] == NO_SEAT)
			return s;
	return NO_SEAT;
}

static void handshake(struct conn *k, const char *line, size_t len)
{
	struct ext_class *c = k->owner;
	json_t *root = json_loadb(line, len, 0, NULL);
	json_t *code = json_object_get(root, "code");
	json_t *name = json_object_get(root, "name");
	json_t *type = json_object_get(root, "type");
	uint32_t seat;
	bool waited;
	char id[16];
	json_t *ok;
	char *text;

	if (!json_is_object(root) ||
	    (type != NULL && (!json_is_string(type) ||
	                      strcmp(json_string_value(type), "join") != 0)) ||
	    !json_is_string(code) || (name != NULL && !json_is_string(name))) {
		doom(k, "the first line must be {\"type\":\"join\",\"code\":"
		        "\"CODE\",\"name\":\"NAME\"}");
		goto out;
	}
	if (!joincode_equal(json_string_value(code), c->code)) {
		doom(k, "wrong join code");
		goto out;
	}
	snprintf(k->name, sizeof k->name, "%s",
	         name != NULL ? json_string_value(name) : "a student");
	if (name != NULL && !ext_class_name_ok(json_string_value(name))) {
		doom(k,
		     "a name is 1 to %d printable characters, no quotes or "
		     "backslashes",
		     CLASS_MAX_NAME);
		goto out;
	}
	/* Before any seat is touched: a seat taken now would restart a
	 * node the final reads or the check already count. */
	if (c->hooks->over != NULL && c->hooks->over(c->ctx) != NULL) {
		doom(k, "%s", c->hooks->over(c->ctx));
		goto out;
	}
	if (name != NULL && name_held(c, k->name)) {
		doom(k, "the name %s is taken in this class", k->name);
		goto out;
	}
	seat = pick_seat(c, k->name);
	if (seat == NO_SEAT) {
		doom(k,
		     c->config.seats == 1
		         ? "the class is full: its one seat has a student"
		         : "the class is full: every one of its %" PRIu32
		           " seats has a student",
		     c->config.seats);
		goto out;
	}
	waited = c->waiting[seat];
	k->joined = true;
	k->seat = seat;
	c->seat_conn[seat] = (uint32_t)(k - c->conns);
	c->waiting[seat] = false;
	snprintf(c->student[seat], sizeof c->student[seat], "%s", k->name);
	mmsg_node_name(seat, id, sizeof id);
	ok = json_pack("{s:s, s:s, s:s, s:I, s:b}", "type", "join_ok", "seat",
	               id, "name", k->name, "nodes",
	               (json_int_t)c->config.seats, "amnesia", !waited);
	text = json_dumps(ok, JSON_COMPACT);
	if (text != NULL) {
		bufferevent_write(k->bev, text, strlen(text));
		bufferevent_write(k->bev, "\n", 1);
	}
	free(text);
	json_decref(ok);
	snprintf(c->news, sizeof c->news,
	         waited ? "%s took n%" PRIu32 " (a seat kept for a student)"
	                : "%s took n%" PRIu32 " (its program stopped: amnesia)",
	         k->name, seat);
	c->hooks->seat(c->ctx, seat, true);
out:
	json_decref(root);
}

/* Presses a second, as a bucket: CLASS_ADD_BURST at once, then
 * CLASS_ADD_RATE. */
static bool take_add(struct conn *k)
{
	uint64_t t = now_ms();

	if (k->add_refilled_ms == 0)
		k->add_tokens = CLASS_ADD_BURST;
	else
		k->add_tokens +=
		    (double)(t - k->add_refilled_ms) * CLASS_ADD_RATE / 1000.0;
	if (k->add_tokens > CLASS_ADD_BURST)
		k->add_tokens = CLASS_ADD_BURST;
	k->add_refilled_ms = t;
	if (k->add_tokens < 1)
		return false;
	k->add_tokens -= 1;
	return true;
}

/* {"type":"add","delta":D}: a student's press, for the presenter to turn
 * into a workload add from the seat's client. 1: it was one, 0: not. */
static int control(struct conn *k, const char *line, size_t len)
{
	json_t *root = json_loadb(line, len, 0, NULL);
	json_t *type = json_object_get(root, "type");
	json_t *delta = json_object_get(root, "delta");
	int rc = 0;

	if (json_is_object(root) && json_object_get(root, "body") == NULL &&
	    json_is_string(type) &&
	    strcmp(json_string_value(type), "add") == 0) {
		rc = 1;
		if (!json_is_integer(delta) || json_integer_value(delta) < 1 ||
		    json_integer_value(delta) > MWORLD_MAX_DELTA)
			doom(k, "an add's delta is 1 to %d", MWORLD_MAX_DELTA);
		else if (take_add(k))
			k->owner->hooks->add(
			    k->owner->ctx, k->seat,
			    (uint64_t)json_integer_value(delta));
		else if (!k->adds_dropped) {
			k->adds_dropped = true;
			snprintf(k->owner->news, sizeof k->owner->news,
			         "%s pressed more than %d times a second: the "
			         "rest dropped",
			         k->name, CLASS_ADD_RATE);
		}
	}
	json_decref(root);
	return rc;
}

static void seated_line(struct conn *k, const char *line, size_t len)
{
	struct mmsg m;
	char why[160], id[16];

	if (mmsg_parse(line, len, &m, why, sizeof why) < 0) {
		if (control(k, line, len) == 0)
			doom(k, "not a Maelstrom message: %s", why);
		return;
	}
	mmsg_node_name(k->seat, id, sizeof id);
	if (strcmp(m.src, id) != 0) {
		doom(k, "a message from \"%.20s\", but this seat is %s", m.src,
		     id);
	} else {
		k->owner->hooks->line(k->owner->ctx, k->seat, line, len);
	}
	mmsg_clear(&m);
}

/* Lines a second, as a bucket: CLASS_BURST at once, CLASS_RATE after. */
static bool take_token(struct conn *k)
{
	uint64_t t = now_ms();

	k->tokens += (double)(t - k->refilled_ms) * CLASS_RATE / 1000.0;
	if (k->tokens > CLASS_BURST)
		k->tokens = CLASS_BURST;
	k->refilled_ms = t;
	if (k->tokens < 1)
		return false;
	k->tokens -= 1;
	return true;
}

static void readable(struct bufferevent *bev, void *arg)
{
	struct conn *k = arg;
	struct evbuffer *in = bufferevent_get_input(bev);

	while (!k->doomed && !k->closing) {
		size_t len;
		char *line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF);

		if (line == NULL) {
			if (evbuffer_get_length(in) > MMSG_MAX_LINE)
				doom(k, "a line longer than %u bytes",
				     MMSG_MAX_LINE);
			return;
		}
		if (len > MMSG_MAX_LINE)
			doom(k, "a line longer than %u bytes", MMSG_MAX_LINE);
		else if (!take_token(k))
			doom(k,
			     "more than %d lines a second (after %d at once): "
			     "a flood",
			     CLASS_RATE, CLASS_BURST);
		else if (!k->joined)
			handshake(k, line, len);
		else
			seated_line(k, line, len);
		free(line);
	}
}

static void conn_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		doom(arg, NULL);
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	struct ext_class *c = arg;
	uint64_t t = now_ms();

	(void)fd, (void)what;
	/* Far more time than a tick since the last: the presenter was
	 * stopped (SIGSTOP, a laptop asleep). Nobody could be heard then,
	 * so the deadlines move on by as much. */
	if (c->ticked_ms != 0 && t > c->ticked_ms + JUMP_MS) {
		uint64_t lag = t - c->ticked_ms - TICK_MS;

		for (size_t i = 0; i < CLASS_MAX_CONNECTIONS; i++) {
			c->conns[i].opened_ms += lag;
			if (c->conns[i].awaiting_ms != 0)
				c->conns[i].awaiting_ms += lag;
		}
	}
	c->ticked_ms = t;
	for (size_t i = 0; i < CLASS_MAX_CONNECTIONS; i++) {
		struct conn *k = &c->conns[i];

		if (k->bev == NULL || k->doomed || k->closing)
			continue;
		if (!k->joined) {
			if (t - k->opened_ms > CLASS_HANDSHAKE_MS)
				doom(k, "no join line within %d s",
				     CLASS_HANDSHAKE_MS / 1000);
			continue;
		}
		if (!c->hooks->awaits_init(c->ctx, k->seat)) {
			k->awaiting_ms = 0;
		} else if (k->awaiting_ms == 0) {
			k->awaiting_ms = t;
		} else if ((t - k->awaiting_ms) * 1000 > c->config.answer_us) {
			doom(k, "never answered init (waited %" PRIu64 " ms)",
			     c->config.answer_us / 1000);
		}
	}
}

static void accepted(struct evconnlistener *listener, evutil_socket_t fd,
                     struct sockaddr *addr, int socklen, void *arg)
{
	struct ext_class *c = arg;
	struct conn *k = NULL;

	(void)listener, (void)addr, (void)socklen;
	for (size_t i = 0; i < CLASS_MAX_CONNECTIONS && k == NULL; i++)
		if (c->conns[i].bev == NULL)
			k = &c->conns[i];
	if (k == NULL) {
		char line[160];
		int n = snprintf(line, sizeof line,
		                 "{\"type\":\"error\",\"code\":11,\"text\":"
		                 "\"the class is full: %d connections\"}\n",
		                 CLASS_MAX_CONNECTIONS);

		/* Never waits: a reader that cannot take one line now does
		 * without it. */
		(void)!send(fd, line, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
		close(fd);
		return;
	}
	/* The kernel's own buffer is part of what a slow reader can hold
	 * up: bounded too, so the backlog limit means what it says. */
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &(int){CLASS_KERNEL_BUFFER},
	           sizeof(int));
	setsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &(int){UNSENT_LOWAT},
	           sizeof(int));
	k->owner = c;
	k->seat = NO_SEAT;
	k->bev = bufferevent_socket_new(
	    c->base, fd, BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	if (k->bev == NULL) {
		close(fd);
		memset(k, 0, sizeof *k);
		return;
	}
	k->opened_ms = k->refilled_ms = now_ms();
	k->tokens = CLASS_BURST;
	/* Reading stops a little past the longest line, so a line with no
	 * end can hold no more than that. */
	bufferevent_setwatermark(k->bev, EV_READ, 0, MMSG_MAX_LINE + 4096);
	bufferevent_setcb(k->bev, readable, NULL, conn_event, k);
	bufferevent_enable(k->bev, EV_READ | EV_WRITE);
}

struct ext_class *ext_class_new(struct event_base *base,
                                const struct ext_class_config *config,
                                const struct ext_class_hooks *hooks, void *ctx,
                                char *err, size_t errlen)
{
	struct ext_class *c = calloc(1, sizeof *c);
	struct sockaddr_in sin = {.sin_family = AF_INET};
	struct sockaddr_in got;
	socklen_t got_len = sizeof got;
	struct timeval every = {0, TICK_MS * 1000};
	char host[64];

	if (c == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	c->base = base;
	c->config = *config;
	c->hooks = hooks;
	c->ctx = ctx;
	for (uint32_t s = 0; s < MWORLD_MAX_NODES; s++) {
		c->seat_conn[s] = NO_SEAT;
		c->waiting[s] =
		    s < config->seats && s + config->empty >= config->seats;
	}
	joincode_new(c->code);
	sin.sin_port = htons(config->port);
	inet_pton(AF_INET, config->address, &sin.sin_addr);
	c->listener = evconnlistener_new_bind(
	    base, accepted, c,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    16, (struct sockaddr *)&sin, sizeof sin);
	if (c->listener == NULL) {
		errbuf_set(err, errlen, "--listen %s:%u: %s", config->address,
		           config->port, strerror(errno));
		free(c);
		return NULL;
	}
	if (getsockname(evconnlistener_get_fd(c->listener),
	                (struct sockaddr *)&got, &got_len) == 0)
		c->config.port = ntohs(got.sin_port);
	/* The line a student types: 0.0.0.0 reaches no one's laptop. */
	hostaddr_reachable(config->address, host, sizeof host);
	snprintf(c->address, sizeof c->address, "%s:%u", host, c->config.port);
	c->tick = event_new(base, -1, EV_PERSIST, tick, c);
	c->sweep = event_new(base, -1, 0, sweep, c);
	event_add(c->tick, &every);
	return c;
}

void ext_class_free(struct ext_class *c)
{
	static const char bye[] =
	    "{\"type\":\"bye\",\"text\":\"the presenter ended the class\"}\n";

	if (c == NULL)
		return;
	for (size_t i = 0; i < CLASS_MAX_CONNECTIONS; i++) {
		struct conn *k = &c->conns[i];

		if (k->bev == NULL)
			continue;
		/* What is queued, then the goodbye, as far as the socket
		 * takes them now: the presenter never waits on a student. */
		if (!k->closing) {
			int fd = bufferevent_getfd(k->bev);
			struct evbuffer *out = bufferevent_get_output(k->bev);

			/* (thawed: see flush_reason) */
			evbuffer_unfreeze(out, 1);
			evbuffer_write(out, fd);
			(void)!send(fd, bye, sizeof bye - 1,
			            MSG_DONTWAIT | MSG_NOSIGNAL);
		}
		conn_free(k);
	}
	evconnlistener_free(c->listener);
	event_free(c->tick);
	event_free(c->sweep);
	free(c);
}

bool ext_class_holds(const struct ext_class *c, uint32_t seat)
{
	return c != NULL && seat < MWORLD_MAX_NODES &&
	       c->seat_conn[seat] != NO_SEAT;
}

bool ext_class_waiting(const struct ext_class *c, uint32_t seat)
{
	return c != NULL && seat < MWORLD_MAX_NODES && c->waiting[seat];
}

void ext_class_send(struct ext_class *c, uint32_t seat, const char *line)
{
	struct conn *k;
	struct evbuffer *out;

	if (!ext_class_holds(c, seat))
		return;
	k = &c->conns[c->seat_conn[seat]];
	if (k->doomed || k->closing)
		return;
	out = bufferevent_get_output(k->bev);
	evbuffer_add(out, line, strlen(line));
	evbuffer_add(out, "\n", 1);
	if (evbuffer_get_length(out) > CLASS_MAX_BACKLOG)
		doom(k, "reads too slowly: over %u bytes waited for it",
		     CLASS_MAX_BACKLOG);
}

const char *ext_class_address(const struct ext_class *c)
{
	return c->address;
}

const char *ext_class_code(const struct ext_class *c)
{
	return c->code;
}

const char *ext_class_student(const struct ext_class *c, uint32_t seat)
{
	return ext_class_holds(c, seat) ? c->student[seat] : NULL;
}

uint32_t ext_class_connections(const struct ext_class *c)
{
	uint32_t n = 0;

	for (size_t i = 0; i < CLASS_MAX_CONNECTIONS; i++)
		n += c->conns[i].bev != NULL;
	return n;
}

const char *ext_class_news(const struct ext_class *c)
{
	return c->news;
}
