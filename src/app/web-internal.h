/*
 * What the phones' server (web.c) and its room (web-room.c) share: the
 * server's state, a phone's seat, and the helpers both use to answer a
 * phone and to change the world. Private to those two files.
 */
#ifndef GCOUNTER_APP_WEB_INTERNAL_H
#define GCOUNTER_APP_WEB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <event2/http.h>
#include <jansson.h>

#include "app/joincode.h"
#include "app/web.h"
#include "sim/sim.h"

#define TOKEN_LENGTH 32
#define TICK_MS      250
#define PING_MS      2000
/* A stream whose reader has fallen this far behind is cut, so a phone
 * that stopped reading cannot make the server hold its bytes forever. */
#define STREAM_MAX_BACKLOG 65536
/* What libevent reads of a body before handing it to us (web_new). */
#define WEB_MAX_READ_BODY (16 * WEB_MAX_BODY)
/* Refusals told in the event log at most this often (a flood must not
 * flood the projector too); the rest are counted into the next line. */
#define NOTE_GAP_MS     1000
#define JOIN_RATE_PER_S 10
#define JOIN_BURST      20

struct bucket {
	double tokens;
	uint64_t at_ms;
};

struct phone {
	bool used;
	bool seated;    /* its worker restarted remote in this world */
	bool quiet_cut; /* we partitioned it for going quiet */
	bool left;      /* it said goodbye: its seat may go to a newcomer */
	/* The presenter restarted its seat by key from zero (amnesia): the
	 * phone must forget and start again from what the seat kept. */
	bool must_rejoin;
	char name[WEB_MAX_NAME + 1];
	char token[TOKEN_LENGTH + 1];
	uint32_t node;
	uint64_t last_ms; /* its last word: a join or a report */
	struct bucket rate;
	struct evhttp_request *stream; /* its server-sent events, or NULL */
	struct evhttp_connection *stream_conn;
	uint64_t *pushed; /* the vector last streamed (slots) */
	bool pushed_valid;
	uint64_t last_ping_ms;
	uint32_t epoch; /* the room's epoch it joined in */
};

struct web {
	struct event_base *base;
	struct evhttp *http;
	evutil_socket_t fd;
	struct session *session;
	web_obey_fn obey;
	void *ctx;
	struct web_options opts;
	char code[JOINCODE_LENGTH + 1];
	char url[96];
	uint32_t first_seat, seats, slots;
	struct phone *phones; /* seats of them: phone i sits in first_seat+i */
	uint64_t *claim;      /* slots: a report's vector, read */
	struct event *tick;
	struct evhttp_connection *conns[WEB_MAX_CONNECTIONS];
	size_t conn_count;
	struct bucket joins;
	uint64_t world_now; /* the world's clock last seen: a rebuild shows */
	const struct sim *world_seen; /* ... and the world itself */
	/* Worlds the room has known: a phone's state from an earlier one
	 * (before the presenter started over, or forked a past) is void. */
	uint32_t epoch;
	uint64_t last_note_ms;
	uint64_t notes_held;
	bool closing;
};

uint64_t web_now_ms(void);
/* A token bucket: rate a second, up to burst at once. */
bool web_bucket_take(struct bucket *b, double rate, double burst);
/* Hands the driver what the session asks after the calls so far. */
void web_obey_now(struct web *w);
/* A command for the world, at the present; 0, or -1 with err. */
int web_apply(struct web *w, enum command_kind kind, uint32_t node,
              uint64_t amount, uint32_t mode, char *err, size_t errlen);
/* A line in the event log. */
void web_note(struct web *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The headers every answer carries: its type, no caching, no sniffing,
 * and a policy that lets the page load nothing from elsewhere. */
void web_common_headers(struct evhttp_request *req, const char *type);
void web_reply_json(struct evhttp_request *req, int code, json_t *body);
/* {"error": why} with that status. */
void web_refuse(struct evhttp_request *req, int code, const char *why);
/* ... and told in the event log (at most one a second). */
void web_refuse_noted(struct web *w, struct evhttp_request *req, int code,
                      const char *who, const char *why);
/* The phone's worker as the page shows it. */
json_t *web_state_json(const struct web *w, const struct phone *p,
                       const struct sim *world);
/* The POSTed body as a JSON object; NULL (and refused) otherwise. */
json_t *web_read_body(struct web *w, struct evhttp_request *req);
struct phone *web_phone_by_token(struct web *w, const char *token);
/* The body's phone by its "token", within its rate; NULL (and refused)
 * otherwise. */
struct phone *web_read_phone(struct web *w, struct evhttp_request *req,
                             json_t *body);

/* Notices a world the room has not seen (the presenter started over, or
 * changed the past): its seats are taken down again, and every phone
 * must join again, from zero (a new epoch). */
void web_check_world(struct web *w, const struct sim *world);

/* The room (web-room.c): joining, reporting, leaving. */
/* A seat whose phone left, or was not heard from for WEB_GONE_MS: a new
 * name may take it when no seat is free. */
bool web_seat_unheld(const struct phone *p, uint64_t now_ms);
/* A phone's seat the presenter restarted by key runs as the world's own
 * worker (a gossip timer, the workload): it is taken down and back up
 * remote at once, from what it kept, and if that is less than the world
 * counted in its slot (amnesia) the phone must start again from it. */
void web_reseat_after_key(struct web *w, struct phone *p,
                          const struct sim *world);
void web_handle_join(struct web *w, struct evhttp_request *req);
void web_handle_report(struct web *w, struct evhttp_request *req);
void web_handle_leave(struct web *w, struct evhttp_request *req);

#endif
