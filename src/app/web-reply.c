/*
 * What the phones' server and its room both use: the clock they keep
 * for rates and quiet phones, a token bucket, the way into the session
 * (commands and notes), replies with their headers, and reading a
 * request's JSON body and its phone. Below web.c and web-room.c.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>

#include "app/session-remote.h"
#include "app/web-internal.h"
#include "util/fatal.h"

uint64_t web_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A token bucket: rate a second, up to burst at once. */
bool web_bucket_take(struct bucket *b, double rate, double burst)
{
	uint64_t now = web_now_ms();

	if (b->at_ms == 0) {
		b->tokens = burst;
	} else {
		b->tokens += (double)(now - b->at_ms) * rate / 1000.0;
		if (b->tokens > burst)
			b->tokens = burst;
	}
	b->at_ms = now;
	if (b->tokens < 1.0)
		return false;
	b->tokens -= 1.0;
	return true;
}

/* --- the session: commands and notes ------------------------------------ */

void web_obey_now(struct web *w)
{
	unsigned todo = session_remote_take(w->session);

	if (todo != 0 && w->obey != NULL)
		w->obey(w->ctx, todo);
}

int web_apply(struct web *w, enum command_kind kind, uint32_t node,
              uint64_t amount, uint32_t mode, char *err, size_t errlen)
{
	struct command cmd = {
	    .kind = kind, .node = node, .amount = amount, .mode = mode};

	return session_remote_apply(w->session, &cmd, err, errlen);
}

void web_note(struct web *w, const char *fmt, ...)
{
	char text[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	session_remote_note(w->session, text);
}

/* A refusal in the log, at most one a NOTE_GAP_MS. */
static void web_note_refusal(struct web *w, const char *who, const char *why)
{
	uint64_t now = web_now_ms();

	if (now - w->last_note_ms < NOTE_GAP_MS) {
		w->notes_held++;
		return;
	}
	w->last_note_ms = now;
	if (w->notes_held > 0)
		web_note(w,
		         "phone %s refused: %s (and %" PRIu64 " more refusals)",
		         who, why, w->notes_held);
	else
		web_note(w, "phone %s refused: %s", who, why);
	w->notes_held = 0;
}

/* --- replies --------------------------------------------------------- */

void web_common_headers(struct evhttp_request *req, const char *type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Content-Type", type);
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	/* Nothing but this server: no script, style or request elsewhere. */
	evhttp_add_header(h, "Content-Security-Policy",
	                  "default-src 'self'; connect-src 'self'; "
	                  "img-src 'self' data:; frame-ancestors 'none'");
}

void web_reply_json(struct evhttp_request *req, int code, json_t *body)
{
	struct evbuffer *out = evbuffer_new();
	char *text = json_dumps(body, JSON_COMPACT);

	if (out == NULL || text == NULL)
		fatal("out of memory answering a phone");
	evbuffer_add(out, text, strlen(text));
	web_common_headers(req, "application/json");
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Refused", out);
	evbuffer_free(out);
	free(text);
	json_decref(body);
}

void web_refuse(struct evhttp_request *req, int code, const char *why)
{
	web_reply_json(req, code, json_pack("{s:s}", "error", why));
}

/* A refusal the phone hears and the log tells. */
void web_refuse_noted(struct web *w, struct evhttp_request *req, int code,
                      const char *who, const char *why)
{
	web_note_refusal(w, who, why);
	web_refuse(req, code, why);
	web_obey_now(w);
}

static json_t *vector_json(const struct sim *world, uint32_t node)
{
	const struct gcounter *g = sim_node_vector(world, node);
	json_t *array = json_array();

	for (uint32_t s = 0; s < sim_vector_slots(world); s++)
		json_array_append_new(array,
		                      json_integer((json_int_t)g->slots[s]));
	return array;
}

/* The phone's worker as the page shows it. */
json_t *web_state_json(const struct web *w, const struct phone *p,
                       const struct sim *world)
{
	return json_pack("{s:o,s:I,s:b,s:i,s:I}", "vector",
	                 vector_json(world, p->node), "value",
	                 (json_int_t)sim_node_signed_value(world, p->node),
	                 "down", sim_node_down(world, p->node), "partition",
	                 (int)sim_node_partition(world, p->node), "phones",
	                 (json_int_t)w->seats);
}

/* --- reading requests --------------------------------------------------- */

/* The body as JSON, an object; NULL (and refused) otherwise. */
json_t *web_read_body(struct web *w, struct evhttp_request *req)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	char body[WEB_MAX_BODY + 1], why[160];
	json_error_t error;
	json_t *root;

	if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
		web_refuse(req, 405, "use POST");
		return NULL;
	}
	if (len > WEB_MAX_BODY) {
		snprintf(why, sizeof why,
		         "the request is too large (%zu bytes; at most %u)",
		         len, (unsigned)WEB_MAX_BODY);
		web_refuse_noted(w, req, 413, "?", why);
		return NULL;
	}
	evbuffer_remove(in, body, len);
	body[len] = '\0';
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
	if (root == NULL) {
		/* jansson's own words: "duplicate object key", "too big
		 * integer", "'}' expected"... and where. */
		snprintf(why, sizeof why,
		         "the request is not a JSON object: %.80s (at byte "
		         "%d)",
		         error.text, error.position);
		web_refuse_noted(w, req, 400, "?", why);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		web_refuse_noted(w, req, 400, "?",
		                 "the request is not a JSON object");
		return NULL;
	}
	return root;
}

static bool token_equal(const char *a, const char *b)
{
	unsigned char diff = 0;

	if (strlen(a) != TOKEN_LENGTH || strlen(b) != TOKEN_LENGTH)
		return false;
	for (size_t i = 0; i < TOKEN_LENGTH; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

struct phone *web_phone_by_token(struct web *w, const char *token)
{
	if (token == NULL)
		return NULL;
	for (uint32_t i = 0; i < w->seats; i++)
		if (w->phones[i].used && token_equal(w->phones[i].token, token))
			return &w->phones[i];
	return NULL;
}

/* The body's phone by its "token"; NULL (and refused) if none. */
struct phone *web_read_phone(struct web *w, struct evhttp_request *req,
                             json_t *body)
{
	struct phone *p = web_phone_by_token(
	    w, json_string_value(json_object_get(body, "token")));

	if (p == NULL) {
		web_refuse_noted(w, req, 403, "?",
		                 "not joined (no such seat): join again");
		return NULL;
	}
	if (!web_bucket_take(&p->rate, WEB_RATE_PER_S, WEB_RATE_BURST)) {
		web_refuse_noted(w, req, 429, p->name,
		                 "too many requests: slow down");
		return NULL;
	}
	p->last_ms = web_now_ms();
	return p;
}

void web_check_world(struct web *w, const struct sim *world)
{
	char err[200];

	if (world == w->world_seen && sim_now(world) >= w->world_now) {
		w->world_now = sim_now(world);
		return;
	}
	w->epoch++;
	for (uint32_t i = 0; i < w->seats; i++) {
		w->phones[i].seated = false;
		w->phones[i].quiet_cut = false;
		w->phones[i].pushed_valid = false;
		if (!sim_node_down(world, w->first_seat + i))
			web_apply(w, CMD_CRASH, w->first_seat + i, 0, 0, err,
			          sizeof err);
	}
	w->world_seen = world;
	w->world_now = sim_now(world);
	web_note(w, "phones: a new world, so every phone joins again from "
	            "zero");
}
