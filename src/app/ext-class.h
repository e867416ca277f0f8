/*
 * A classroom over TCP: the presenter's listener for real nodes that join
 * from other machines, speaking the Maelstrom protocol one JSON line at a
 * time. A remote is untrusted: every limit below is enforced with one
 * clear reason and a disconnect, never a crash, a hang or an effect on
 * the other nodes. It never touches the world: what a remote says goes up
 * through the hooks, from libevent's callbacks only (never from inside a
 * send), so the world is never entered twice.
 */
#ifndef GCOUNTER_APP_EXT_CLASS_H
#define GCOUNTER_APP_EXT_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The limits (README: "A classroom over TCP"). */
#define CLASS_MAX_CONNECTIONS 32   /* open at once, joined or not */
#define CLASS_HANDSHAKE_MS    5000 /* to send the join line */
#define CLASS_RATE            1000 /* lines a second, per connection ... */
#define CLASS_BURST           2000 /* ... after a burst of this many */
/* A student's presses: a person presses a few times a second, a script
 * could fill the run's request limit in a minute. Presses past this are
 * dropped (the connection stays), said once on the class row. */
#define CLASS_ADD_RATE       20           /* adds a second, per seat ... */
#define CLASS_ADD_BURST      20           /* ... after a burst of this many */
#define CLASS_MAX_BACKLOG    (1u << 20)   /* bytes queued to a slow reader */
#define CLASS_KERNEL_BUFFER  (256 * 1024) /* and in its socket's buffer */
#define CLASS_MAX_NAME       24           /* characters in a student's name */
#define CLASS_MAX_NAME_BYTES (4 * CLASS_MAX_NAME) /* ... in UTF-8 */
#define CLASS_DEFAULT_PORT   7100

struct event_base;
struct ext_class;

struct ext_class_hooks {
	/* A line a remote printed: whole, parsed, its src its seat's. */
	void (*line)(void *ctx, uint32_t seat, const char *line, size_t len);
	/* The seat changed hands: a remote sits there now, or it left. */
	void (*seat)(void *ctx, uint32_t seat, bool remote);
	/* A student pressed + at the seat: an add from its client. */
	void (*add)(void *ctx, uint32_t seat, uint64_t delta);
	/* Whether the seat's node is up and has not answered init yet. */
	bool (*awaits_init)(void *ctx, uint32_t seat);
	/* Why no one may join any more (the run is past its workload), or
	 * NULL. */
	const char *(*over)(void *ctx);
};

struct ext_class_config {
	char address[64]; /* IPv4, "127.0.0.1" unless given */
	uint16_t port;
	uint32_t seats;
	uint32_t empty;     /* the last this many seats wait for students */
	uint64_t answer_us; /* a seated remote must answer init in this */
};

/* Whether a student's name may be used: valid UTF-8, 1 to CLASS_MAX_NAME
 * characters as a person counts them (code points, not bytes), none a
 * control character, a quote or a backslash. The presenter and the join
 * client both ask this, so neither refuses what the other takes. */
bool ext_class_name_ok(const char *name);

/* "ADDR:PORT", ":PORT" or "PORT" into config; -1 with err. */
int ext_class_parse_listen(const char *text, struct ext_class_config *config,
                           char *err, size_t errlen);

/* Listens; NULL with err if the address cannot be had. */
struct ext_class *ext_class_new(struct event_base *base,
                                const struct ext_class_config *config,
                                const struct ext_class_hooks *hooks, void *ctx,
                                char *err, size_t errlen);
/* Tells every remote the class is over and closes everything. */
void ext_class_free(struct ext_class *c);

/* Whether a remote holds the seat now. */
bool ext_class_holds(const struct ext_class *c, uint32_t seat);
/* Whether the seat still waits for its first student (no program). */
bool ext_class_waiting(const struct ext_class *c, uint32_t seat);
/* Queues a line for the seat's remote (nothing if none holds it). */
void ext_class_send(struct ext_class *c, uint32_t seat, const char *line);

/* What the screens show: "127.0.0.1:7100", the code, a seat's student
 * (NULL when a program sits there), how many are connected, and the last
 * thing that happened ("Ada took n1 (amnesia)"). */
const char *ext_class_address(const struct ext_class *c);
const char *ext_class_code(const struct ext_class *c);
const char *ext_class_student(const struct ext_class *c, uint32_t seat);
uint32_t ext_class_connections(const struct ext_class *c);
const char *ext_class_news(const struct ext_class *c);

#endif
