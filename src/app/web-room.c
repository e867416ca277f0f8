/*
 * The room: a phone joins with the code and a name and takes a seat (a
 * worker of the world, restarted as a remote replica); its reports become
 * that worker's increments and a gossip, after the claim is checked (a
 * replica may only raise its own slot); leaving takes the worker down.
 * Every change goes through web_apply, so it is a logged command.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "app/session-remote.h"
#include "app/web-internal.h"
#include "util/errbuf.h"
#include "util/fatal.h"

/* 1 to WEB_MAX_NAME letters, digits, spaces, '-', '_' or '.'; not all
 * spaces. What the log and the page show is then safe as it is. */
static bool name_ok(const char *name)
{
	size_t len = name != NULL ? strlen(name) : 0;
	bool visible = false;

	if (len < 1 || len > WEB_MAX_NAME)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == ' ' || c == '-' ||
		      c == '_' || c == '.'))
			return false;
		visible |= c != ' ';
	}
	return visible;
}

static void new_token(char token[TOKEN_LENGTH + 1])
{
	unsigned char bytes[TOKEN_LENGTH / 2];

	if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
		fatal("cannot read the kernel's random source for a token");
	for (size_t i = 0; i < sizeof bytes; i++)
		snprintf(token + 2 * i, 3, "%02x", bytes[i]);
}

/* --- the room ------------------------------------------------------------ */

/* Puts the phone's worker back up as a remote replica (from what it kept
 * on disk: its own slot) if it is down; 0, or -1 with err. */
static int seat(struct web *w, struct phone *p, const struct sim *world,
                char *err, size_t errlen)
{
	if (!p->seated) {
		/* A seat the presenter brought back up by key is the world's
		 * own worker (a timer, the workload): down first, then back
		 * as the phone's. */
		if (!sim_node_down(world, p->node) &&
		    !sim_node_remote(world, p->node) &&
		    web_apply(w, CMD_CRASH, p->node, 0, 0, err, errlen) != 0)
			return -1;
		if (sim_node_down(world, p->node) &&
		    web_apply(w, CMD_RESTART, p->node, 0, RESTART_REMOTE, err,
		              errlen) != 0)
			return -1;
	}
	p->seated = true;
	if (p->quiet_cut) {
		p->quiet_cut = false;
		if (sim_node_partition(world, p->node) == PARTITION_BOTH &&
		    web_apply(w, CMD_PARTITION, p->node, 0, PARTITION_NONE, err,
		              errlen) == 0)
			web_note(w, "%s's phone is back: n%u's links mended",
			         p->name, p->node + 1);
	}
	return 0;
}

bool web_seat_unheld(const struct phone *p, uint64_t now_ms)
{
	return p->used && !p->seated &&
	       (p->left || now_ms - p->last_ms > WEB_GONE_MS);
}

void web_reseat_after_key(struct web *w, struct phone *p,
                          const struct sim *world)
{
	const uint64_t *truth = sim_truth(world)->slots;
	const uint64_t *mine;
	uint32_t n = sim_node_count(world);
	char err[200];

	if (!p->used || !p->seated || sim_node_down(world, p->node) ||
	    sim_node_remote(world, p->node))
		return;
	if (web_apply(w, CMD_CRASH, p->node, 0, 0, err, sizeof err) != 0 ||
	    web_apply(w, CMD_RESTART, p->node, 0, RESTART_REMOTE, err,
	              sizeof err) != 0) {
		web_note(w, "n%u stays the world's worker: %s", p->node + 1,
		         err);
		return;
	}
	mine = sim_node_vector(world, p->node)->slots;
	/* Only this phone raises its slots: below the truth, the seat forgot
	 * what the phone holds, and the phone's old presses must not be
	 * counted again as new ones. */
	p->must_rejoin = mine[p->node] < truth[p->node] ||
	                 (sim_vector_slots(world) > n &&
	                  mine[n + p->node] < truth[n + p->node]);
	web_note(w,
	         p->must_rejoin
	             ? "n%u is %s's phone again: it starts over from zero"
	             : "n%u is %s's phone again",
	         p->node + 1, p->name);
}

/* A seat for a new name: a free one, else the one whose phone has been
 * gone longest; NULL when every seat is held. */
static struct phone *seat_for_newcomer(struct web *w)
{
	uint64_t now = web_now_ms();
	struct phone *best = NULL;

	for (uint32_t i = 0; i < w->seats; i++)
		if (!w->phones[i].used)
			return &w->phones[i];
	for (uint32_t i = 0; i < w->seats; i++) {
		struct phone *p = &w->phones[i];

		if (web_seat_unheld(p, now) &&
		    (best == NULL || p->last_ms < best->last_ms))
			best = p;
	}
	return best;
}

/* The seat's last phone loses it: its token and its stream end here. */
static void give_seat(struct web *w, struct phone *p, const char *name)
{
	if (p->used)
		web_note(w, "%s's phone takes n%u, %s's seat (gone)", name,
		         p->node + 1, p->name);
	if (p->stream != NULL)
		evhttp_send_reply_end(p->stream);
	p->stream = NULL;
	p->stream_conn = NULL;
	p->used = true;
	p->quiet_cut = false;
	snprintf(p->name, sizeof p->name, "%s", name);
}

void web_handle_join(struct web *w, struct evhttp_request *req)
{
	json_t *body = web_read_body(w, req);
	const char *code, *name;
	const struct sim *world;
	struct phone *p = NULL;
	char err[200], wanted[WEB_MAX_NAME + 1];
	bool back = false;

	if (body == NULL)
		return;
	if (!web_bucket_take(&w->joins, JOIN_RATE_PER_S, JOIN_BURST)) {
		json_decref(body);
		web_refuse_noted(
		    w, req, 429, "?",
		    "too many joins at once: try again in a second");
		return;
	}
	code = json_string_value(json_object_get(body, "code"));
	name = json_string_value(json_object_get(body, "name"));
	if (!joincode_equal(code, w->code)) {
		json_decref(body);
		web_refuse_noted(w, req, 403, "?",
		                 "wrong join code: read it off the projector");
		return;
	}
	if (!name_ok(name)) {
		json_decref(body);
		web_refuse_noted(
		    w, req, 400, "?",
		    "a name is 1 to 16 letters, digits, spaces, - _ "
		    "or .");
		return;
	}
	/* The body's strings die with it: keep the name. */
	snprintf(wanted, sizeof wanted, "%s", name);
	json_decref(body);
	name = wanted;
	for (uint32_t i = 0; i < w->seats && p == NULL; i++)
		if (w->phones[i].used && strcmp(w->phones[i].name, name) == 0)
			p = &w->phones[i];
	if (p != NULL && p->seated && !p->must_rejoin && p->stream != NULL &&
	    web_now_ms() - p->last_ms < WEB_QUIET_MS) {
		web_refuse_noted(w, req, 409, name,
		                 "that name is in use right now: pick another");
		return;
	}
	back = p != NULL;
	if (p == NULL)
		p = seat_for_newcomer(w);
	if (p == NULL) {
		snprintf(err, sizeof err,
		         "the room is full (%u phones): ask the presenter "
		         "for more seats",
		         w->seats);
		web_refuse_noted(w, req, 503, name, err);
		return;
	}
	world = session_remote_world(w->session);
	if (world == NULL) {
		web_refuse(req, 503,
		           "the presenter is showing the past: try again soon");
		return;
	}
	web_check_world(w, world);
	if (!back)
		give_seat(w, p, name);
	web_reseat_after_key(w, p, world);
	p->left = false;
	p->must_rejoin = false;
	new_token(p->token);
	p->epoch = w->epoch;
	p->last_ms = web_now_ms();
	p->rate.at_ms = 0;
	if (seat(w, p, world, err, sizeof err) != 0) {
		web_refuse_noted(w, req, 409, p->name, err);
		return;
	}
	web_note(
	    w, back ? "%s's phone is back on n%u" : "%s's phone joined as n%u",
	    p->name, p->node + 1);
	p->pushed_valid = false;
	web_reply_json(
	    req, 200,
	    json_pack(
	        "{s:s,s:s,s:i,s:i,s:i,s:s,s:i,s:i,s:o}", "token", p->token,
	        "name", p->name, "node", (int)p->node, "nodes",
	        (int)sim_node_count(world), "slots", (int)w->slots, "crdt",
	        sim_vector_slots(world) > sim_node_count(world) ? "pncounter"
	                                                        : "gcounter",
	        "gossip_ms", WEB_GOSSIP_MS, "epoch", (int)p->epoch, "state",
	        web_state_json(w, p, world)));
	web_obey_now(w);
}

/*
 * Reads the claimed vector into v (w->slots entries) and checks it: every
 * slot a whole number, no slot of another's above what the world ever
 * counted there (a replica may only raise its own), and its own slots
 * raised by at most WEB_MAX_STEP. 0, or -1 with the reason in why.
 */
static int read_claim(const struct web *w, const struct phone *p,
                      const struct sim *world, json_t *array, uint64_t *v,
                      char *why, size_t whylen)
{
	const uint64_t *truth = sim_truth(world)->slots;
	const uint64_t *mine = sim_node_vector(world, p->node)->slots;
	uint32_t n = sim_node_count(world);

	if (!json_is_array(array) || json_array_size(array) != w->slots) {
		errbuf_set(why, whylen,
		           "\"vector\" must be an array of %u counts",
		           w->slots);
		return -1;
	}
	for (uint32_t s = 0; s < w->slots; s++) {
		json_t *item = json_array_get(array, s);
		bool own = s == p->node || s == n + p->node;
		json_int_t value;

		if (!json_is_integer(item) || json_integer_value(item) < 0) {
			errbuf_set(why, whylen,
			           "slot %u of \"vector\" is not a count",
			           s + 1);
			return -1;
		}
		value = json_integer_value(item);
		v[s] = (uint64_t)value;
		if (!own && v[s] > truth[s]) {
			/* Named as the dashboard's rows name them. */
			errbuf_set(why, whylen,
			           "it claims n%u's %sslot at %" PRIu64
			           ", above the %" PRIu64
			           " ever counted there: a replica may only "
			           "raise its own slot",
			           s % n + 1,
			           w->slots > n ? (s < n ? "P+ " : "N\u2212 ")
			                        : "",
			           v[s], truth[s]);
			return -1;
		}
		if (own && v[s] > mine[s] && v[s] - mine[s] > WEB_MAX_STEP) {
			errbuf_set(why, whylen,
			           "it claims %" PRIu64
			           " presses at once (at most %u a report)",
			           v[s] - mine[s], WEB_MAX_STEP);
			return -1;
		}
	}
	return 0;
}

void web_handle_report(struct web *w, struct evhttp_request *req)
{
	json_t *body = web_read_body(w, req);
	struct phone *p;
	const struct sim *world;
	uint64_t *claim = w->claim;
	char why[200];
	uint32_t n;
	uint64_t up, down;

	if (body == NULL)
		return;
	p = web_read_phone(w, req, body);
	if (p == NULL) {
		json_decref(body);
		return;
	}
	world = session_remote_world(w->session);
	if (world == NULL) {
		json_decref(body);
		web_refuse(req, 503,
		           "the presenter is showing the past: try again soon");
		return;
	}
	web_check_world(w, world);
	if (p->epoch != w->epoch) {
		/* Its state is of a world that is no more: it starts again
		 * from zero, and joins again. */
		json_decref(body);
		web_reply_json(
		    req, 409,
		    json_pack("{s:s,s:b}", "error",
		              "the presenter started the world over: "
		              "counting again from zero",
		              "reset", true));
		web_obey_now(w);
		return;
	}
	web_reseat_after_key(w, p, world);
	if (p->must_rejoin) {
		json_decref(body);
		web_reply_json(
		    req, 409,
		    json_pack("{s:s,s:b}", "error",
		              "the presenter restarted your replica from "
		              "zero: counting again from what it kept",
		              "reset", true));
		web_obey_now(w);
		return;
	}
	if (seat(w, p, world, why, sizeof why) != 0 ||
	    read_claim(w, p, world, json_object_get(body, "vector"), claim, why,
	               sizeof why) != 0) {
		json_decref(body);
		web_refuse_noted(w, req, 422, p->name, why);
		return;
	}
	json_decref(body);
	if (sim_node_down(world, p->node)) {
		web_refuse(req, 409,
		           "the presenter crashed your replica: wait for it to "
		           "restart");
		web_obey_now(w);
		return;
	}
	n = sim_node_count(world);
	up = sim_node_vector(world, p->node)->slots[p->node];
	down = w->slots > n
	           ? sim_node_vector(world, p->node)->slots[n + p->node]
	           : 0;
	/* The presses the worker has not yet counted are its increments;
	 * then it gossips, as a simulated worker's timer would have it. */
	if ((claim[p->node] > up &&
	     web_apply(w, CMD_INCREMENT, p->node, claim[p->node] - up, 0, why,
	               sizeof why) != 0) ||
	    (w->slots > n && claim[n + p->node] > down &&
	     web_apply(w, CMD_DECREMENT, p->node, claim[n + p->node] - down, 0,
	               why, sizeof why) != 0) ||
	    web_apply(w, CMD_GOSSIP_NOW, p->node, 0, 0, why, sizeof why) != 0) {
		web_refuse_noted(w, req, 409, p->name, why);
		return;
	}
	web_reply_json(req, 200, web_state_json(w, p, world));
	web_obey_now(w);
}

void web_handle_leave(struct web *w, struct evhttp_request *req)
{
	json_t *body = web_read_body(w, req);
	struct phone *p;
	const struct sim *world;
	char err[200];

	if (body == NULL)
		return;
	p = web_read_phone(w, req, body);
	json_decref(body);
	if (p == NULL)
		return;
	world = session_remote_world(w->session);
	if (world != NULL && p->seated && !sim_node_down(world, p->node) &&
	    web_apply(w, CMD_CRASH, p->node, 0, 0, err, sizeof err) == 0)
		web_note(w, "%s's phone left: n%u is down", p->name,
		         p->node + 1);
	/* Its seat is free for a newcomer from now on, but its name takes
	 * it back while no one else has. */
	p->seated = false;
	p->left = true;
	web_reply_json(req, 200, json_pack("{s:b}", "left", true));
	web_obey_now(w);
}
