/*
 * The phones' server: evhttp on a socket of our own (so a port in use is
 * one clear line), the embedded page, and the room: a seat per phone in a
 * worker of the world. A phone's report ("my replica holds V") becomes the
 * worker's increments and a gossip, checked first (a replica may only
 * raise its own slot); the worker's state is streamed back to the page.
 * It never changes the world except through app/session-remote.h, and
 * never blocks: every socket is libevent's.
 */
#include "app/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>

#include "app/joincode.h"
#include "app/web-internal.h"
#include "app/session-remote.h"
#include "app/session.h"
#include "app/web-assets.h"
#include "util/errbuf.h"
#include "util/fatal.h"
#include "util/hostaddr.h"

/* --- connections: a bounded number, each forgotten when it closes ------ */

static void on_conn_closed(struct evhttp_connection *conn, void *arg)
{
	struct web *w = arg;

	if (w->closing)
		return;
	for (size_t i = 0; i < w->conn_count; i++)
		if (w->conns[i] == conn) {
			w->conns[i] = w->conns[--w->conn_count];
			break;
		}
	for (uint32_t i = 0; i < w->seats; i++) {
		struct phone *p = &w->phones[i];
		struct evhttp_request *stream = p->stream;

		if (p->stream_conn != conn)
			continue;
		p->stream = NULL;
		p->stream_conn = NULL;
		/* A stream whose phone went away is handed back to us,
		 * detached from its connection, to finish: which frees it. */
		if (stream != NULL &&
		    evhttp_request_get_connection(stream) == NULL)
			evhttp_send_reply_end(stream);
	}
}

/* False (and the request refused) past WEB_MAX_CONNECTIONS. */
static bool admit(struct web *w, struct evhttp_request *req)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(req);

	for (size_t i = 0; i < w->conn_count; i++)
		if (w->conns[i] == conn)
			return true;
	if (w->conn_count == WEB_MAX_CONNECTIONS) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		                  "Connection", "close");
		web_refuse_noted(
		    w, req, 503, "?",
		    "too many connections at once: try again soon");
		return false;
	}
	w->conns[w->conn_count++] = conn;
	evhttp_connection_set_closecb(conn, on_conn_closed, w);
	return true;
}

/* --- the stream ------------------------------------------------------- */

static void stream_send(struct phone *p, const char *text)
{
	struct evbuffer *chunk = evbuffer_new();
	struct evhttp_connection *conn = p->stream_conn;
	struct bufferevent *bev = evhttp_connection_get_bufferevent(conn);

	if (chunk == NULL)
		fatal("out of memory streaming to a phone");
	/* A reader this far behind is not reading: cut it. */
	if (bev != NULL && evbuffer_get_length(bufferevent_get_output(bev)) >
	                       STREAM_MAX_BACKLOG) {
		evbuffer_free(chunk);
		p->stream = NULL;
		p->stream_conn = NULL;
		evhttp_connection_free(conn);
		return;
	}
	evbuffer_add(chunk, text, strlen(text));
	evhttp_send_reply_chunk(p->stream, chunk);
	evbuffer_free(chunk);
}

static void stream_state(struct web *w, struct phone *p,
                         const struct sim *world)
{
	json_t *state = web_state_json(w, p, world);
	char *text = json_dumps(state, JSON_COMPACT);
	size_t len = strlen(text) + 16;
	char *event = xmalloc(len);

	snprintf(event, len, "data: %s\n\n", text);
	stream_send(p, event);
	free(event);
	free(text);
	json_decref(state);
	memcpy(p->pushed, sim_node_vector(world, p->node)->slots,
	       w->slots * sizeof *p->pushed);
	p->pushed_valid = true;
	p->last_ping_ms = web_now_ms();
}

static void handle_events(struct web *w, struct evhttp_request *req)
{
	struct evkeyvalq query;
	const char *uri = evhttp_request_get_uri(req);
	const char *q = strchr(uri, '?');
	struct phone *p;
	const struct sim *world;

	/* (evhttp_parse_query_str starts the list itself.) */
	if (q == NULL || evhttp_parse_query_str(q + 1, &query) != 0) {
		web_refuse_noted(w, req, 403, "?", "not joined (no token)");
		return;
	}
	p = web_phone_by_token(w, evhttp_find_header(&query, "token"));
	evhttp_clear_headers(&query);
	if (p == NULL) {
		web_refuse_noted(w, req, 403, "?", "not joined (no such seat)");
		return;
	}
	if (p->stream != NULL)
		evhttp_send_reply_end(p->stream);
	web_common_headers(req, "text/event-stream");
	evhttp_send_reply_start(req, 200, "OK");
	p->stream = req;
	p->stream_conn = evhttp_request_get_connection(req);
	p->pushed_valid = false;
	world = session_remote_world(w->session);
	if (world != NULL)
		stream_state(w, p, world);
}

/* --- the page, and the dispatch ----------------------------------------- */

static void on_request(struct evhttp_request *req, void *arg)
{
	struct web *w = arg;
	const char *uri = evhttp_request_get_uri(req);
	char path[64];
	size_t len = strcspn(uri, "?");

	if (!admit(w, req))
		return;
	if (len >= sizeof path) {
		web_refuse(req, 404, "no such page");
		return;
	}
	memcpy(path, uri, len);
	path[len] = '\0';
	if (strcmp(path, "/api/join") == 0)
		web_handle_join(w, req);
	else if (strcmp(path, "/api/report") == 0)
		web_handle_report(w, req);
	else if (strcmp(path, "/api/leave") == 0)
		web_handle_leave(w, req);
	else if (strcmp(path, "/api/events") == 0)
		handle_events(w, req);
	else {
		for (size_t i = 0; i < web_asset_count; i++) {
			const struct web_asset *a = &web_assets[i];
			struct evbuffer *out;

			if (strcmp(a->path, path) != 0)
				continue;
			out = evbuffer_new();
			if (out == NULL)
				fatal("out of memory serving the page");
			evbuffer_add_reference(out, a->data, a->size, NULL,
			                       NULL);
			web_common_headers(req, a->type);
			evhttp_send_reply(req, 200, "OK", out);
			evbuffer_free(out);
			return;
		}
		web_refuse(req, 404, "no such page");
	}
}

/* --- the clock: quiet phones, rebuilt worlds, the streams --------------- */

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct web *w = arg;
	const struct sim *world = session_remote_world(w->session);
	uint64_t now = web_now_ms();
	char err[200];

	(void)fd;
	(void)what;
	if (world == NULL)
		return;
	web_check_world(w, world);
	for (uint32_t i = 0; i < w->seats; i++) {
		struct phone *p = &w->phones[i];
		uint64_t quiet = now - p->last_ms;

		if (!p->used)
			continue;
		web_reseat_after_key(w, p, world);
		if (p->seated && quiet > WEB_GONE_MS) {
			if (!sim_node_down(world, p->node) &&
			    web_apply(w, CMD_CRASH, p->node, 0, 0, err,
			              sizeof err) == 0)
				web_note(w, "%s's phone is gone: n%u is down",
				         p->name, p->node + 1);
			p->seated = false;
		} else if (p->seated && !p->quiet_cut && quiet > WEB_QUIET_MS &&
		           !sim_node_down(world, p->node) &&
		           sim_node_partition(world, p->node) ==
		               PARTITION_NONE) {
			if (web_apply(w, CMD_PARTITION, p->node, 0,
			              PARTITION_BOTH, err, sizeof err) == 0) {
				p->quiet_cut = true;
				web_note(
				    w, "%s's phone went quiet: n%u is cut off",
				    p->name, p->node + 1);
			}
		}
		if (p->stream == NULL)
			continue;
		if (!p->pushed_valid ||
		    memcmp(p->pushed, sim_node_vector(world, p->node)->slots,
		           w->slots * sizeof *p->pushed) != 0)
			stream_state(w, p, world);
		else if (now - p->last_ping_ms > PING_MS) {
			stream_send(p, ": still here\n\n");
			p->last_ping_ms = now;
		}
	}
	web_obey_now(w);
}

/* --- life cycle -------------------------------------------------------- */

static evutil_socket_t open_socket(const struct web_options *opts, char *err,
                                   size_t errlen)
{
	struct sockaddr_in addr = {.sin_family = AF_INET,
	                           .sin_port = htons(opts->port)};
	evutil_socket_t fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int on = 1;

	if (fd < 0 || inet_pton(AF_INET, opts->host, &addr.sin_addr) != 1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
	    listen(fd, 128) != 0 || evutil_make_socket_nonblocking(fd) != 0) {
		errbuf_set(err, errlen, "--listen %s: cannot listen there: %s",
		           opts->listen_arg, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* The address a phone in the room types: the first non-loopback IPv4
 * address when listening on every one, else the one given. */
static void make_url(struct web *w)
{
	char host[sizeof w->opts.host];

	hostaddr_reachable(w->opts.host, host, sizeof host);
	snprintf(w->url, sizeof w->url, "http://%s:%u/", host,
	         (unsigned)w->opts.port);
}

struct web *web_new(struct event_base *base, const struct web_options *opts,
                    struct session *session, web_obey_fn obey_fn, void *ctx,
                    char *err, size_t errlen)
{
	struct web *w;
	const struct sim *world = session_remote_world(session);
	evutil_socket_t fd;
	struct timeval tick = {.tv_sec = 0, .tv_usec = TICK_MS * 1000};

	if (world == NULL) {
		errbuf_set(err, errlen,
		           "--listen: no present world to seat "
		           "phones in");
		return NULL;
	}
	fd = open_socket(opts, err, errlen);
	if (fd < 0)
		return NULL;
	w = xcalloc(1, sizeof *w);
	w->base = base;
	w->fd = fd;
	w->session = session;
	w->obey = obey_fn;
	w->ctx = ctx;
	w->opts = *opts;
	w->first_seat = opts->keep;
	w->seats = sim_node_count(world) - opts->keep;
	w->slots = sim_vector_slots(world);
	w->phones = xcalloc(w->seats, sizeof *w->phones);
	w->claim = xcalloc(w->slots, sizeof *w->claim);
	for (uint32_t i = 0; i < w->seats; i++) {
		w->phones[i].node = w->first_seat + i;
		w->phones[i].pushed = xcalloc(w->slots, sizeof(uint64_t));
	}
	joincode_new(w->code);
	make_url(w);
	w->http = evhttp_new(base);
	if (w->http == NULL ||
	    evhttp_accept_socket_with_handle(w->http, fd) == NULL)
		fatal("cannot start the phones' HTTP server");
	/* libevent refuses a body past its own limit with an HTML page of
	 * its own and tells us nothing, judging by Content-Length before
	 * reading a byte: so its limit is far above ours, and a body over
	 * WEB_MAX_BODY reaches web_read_body, which refuses it with a
	 * reason and a log line. */
	evhttp_set_max_body_size(w->http, WEB_MAX_READ_BODY);
	evhttp_set_max_headers_size(w->http, WEB_MAX_HEADERS);
	evhttp_set_timeout(w->http, WEB_TIMEOUT_S);
	evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	                                        EVHTTP_REQ_HEAD);
	evhttp_set_gencb(w->http, on_request, w);
	/* Every seat is down until a phone sits in it: commands, so the
	 * saved log replays the room. */
	for (uint32_t i = 0; i < w->seats; i++)
		if (!sim_node_down(world, w->first_seat + i))
			web_apply(w, CMD_CRASH, w->first_seat + i, 0, 0, err,
			          errlen);
	web_note(w, "phones: open %s and enter the code %s", w->url, w->code);
	w->world_now = sim_now(world);
	w->world_seen = world;
	w->epoch = 1;
	w->tick = event_new(base, -1, EV_PERSIST, on_tick, w);
	if (w->tick == NULL || event_add(w->tick, &tick) != 0)
		fatal("cannot start the phones' clock");
	/* What the commands ask of the driver is taken by its next call:
	 * its loop is not running yet. */
	err[0] = '\0';
	return w;
}

void web_free(struct web *w)
{
	if (w == NULL)
		return;
	w->closing = true;
	if (w->tick != NULL)
		event_free(w->tick);
	/* A stream still open is a request evhttp_free would not free:
	 * finish each first. */
	for (uint32_t i = 0; i < w->seats; i++)
		if (w->phones[i].stream != NULL)
			evhttp_send_reply_end(w->phones[i].stream);
	evhttp_free(w->http); /* closes its socket and every connection */
	for (uint32_t i = 0; i < w->seats; i++)
		free(w->phones[i].pushed);
	free(w->phones);
	free(w->claim);
	free(w);
}

const char *web_url(const struct web *w)
{
	return w->url;
}

const char *web_code(const struct web *w)
{
	return w->code;
}

void web_roster(const struct web *w, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < w->seats && used < cap; i++) {
		const struct phone *p = &w->phones[i];
		int n = snprintf(buf + used, cap - used,
		                 !p->used    ? "%sn%u -"
		                 : p->seated ? "%sn%u %s"
		                             : "%sn%u (%s)",
		                 i == 0 ? "" : "  ", p->node + 1, p->name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

void web_counts(const struct web *w, uint32_t *held, uint32_t *seats)
{
	uint64_t now = web_now_ms();

	/* A seat whose phone is gone is not counted: a newcomer gets it, so
	 * the room is full exactly when this reads seats/seats. */
	*held = 0;
	for (uint32_t i = 0; i < w->seats; i++)
		*held +=
		    w->phones[i].used && !web_seat_unheld(&w->phones[i], now);
	*seats = w->seats;
}
