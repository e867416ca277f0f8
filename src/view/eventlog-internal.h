/*
 * What the event log's files share: the log itself, its send and loss
 * groups, and the calls of each level. Only src/view/eventlog*.c include
 * this; the rest of the program sees the log through view/eventlog.h alone.
 * The levels, lowest first: eventlog-ring.c, eventlog-words.c,
 * eventlog-messages.c, eventlog-world.c (a command ends the loss groups),
 * eventlog.c with the describer table; none calls a file above it.
 */
#ifndef GCOUNTER_VIEW_EVENTLOG_INTERNAL_H
#define GCOUNTER_VIEW_EVENTLOG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crdt/gcounter.h"
#include "sim/sim.h"
#include "view/eventlog.h"
#include "view/wire.h"

struct glyphs;

/* A state sent to many at one instant (the relay forwarding an arrival, a
 * broadcast) is one line, naming up to this many receivers. */
#define FORWARD_NAMES 3

enum { FORCE_SEND = 1, FORCE_FORWARD = 2 };

/* Sends of one state by one sender at one instant, told as one line. */
struct send_group {
	bool active;
	uint64_t time_us;
	uint32_t from, origin;
	enum sim_message_kind kind;
	enum sim_payload_form form;
	const struct gcounter *payload;
	/* A delta's own slot list: the same for every copy the relay
	 * forwards, so its fan-out is one group, weighed as news once. */
	const uint32_t *delta;
	uint64_t line_seq; /* the line it writes, by eventlog_written order */
	uint32_t receivers;
	uint32_t names[FORWARD_NAMES];
	char vector[EVENTLOG_TEXT_MAX / 2];
	bool stale; /* told only because stepping tells all: nothing new */
	bool again; /* the relay passing on a copy the network made */
};

/* Losses to one cause (a cut link, a node down) while it lasts are one
 * line with a count, moved down to stay the newest: several a second
 * would otherwise push every other event off the screen. */
#define LOSS_GROUPS 4
/* A group's line further back than this starts a new line. */
#define LOSS_WINDOW 32

struct loss_group {
	bool active;
	uint64_t line_seq;
	uint64_t count;
	char why[64];
};

struct eventlog {
	const struct glyphs *glyphs;
	struct eventlog_line *lines;
	size_t capacity;
	size_t count;
	uint64_t written;

	uint32_t nodes;
	/* The value each worker last said it had, and the relay last
	 * forwarded for it: a repeat of the same value tells nobody
	 * anything (a worker's vector only grows, so an equal sum is an
	 * equal vector; after a restart from zero a repeat may be missed,
	 * which costs a line, never a wrong one). */
	uint64_t *last_sent;
	uint64_t *last_forwarded;
	unsigned char *forced; /* FORCE_*: the presenter pressed g */
	struct send_group group;
	struct loss_group losses[LOSS_GROUPS];
	unsigned next_loss; /* the group a new cause replaces */
	/* Copies the network made: a second arrival is told as one. */
	struct wire_copies copies;
	bool again;    /* the record being told is such a copy */
	bool verbose;  /* a presenter's step: every event is told */
	bool pn;       /* PN-Counters: vectors of two halves, values signed */
	uint64_t told; /* lines added, counting a group's re-told line */
};

struct words {
	char name[16], other[16], origin[16];
	char payload[EVENTLOG_TEXT_MAX / 2];
};

/* "Not said yet": a drop makes the next identical send worth telling,
 * since it is how the lost state gets through after all. */
#define UNSAID UINT64_MAX

/* eventlog-ring.c: the ring of lines. */
struct eventlog_line *eventlog_line_at_seq(struct eventlog *log, uint64_t seq);
struct eventlog_line *eventlog_add_line(struct eventlog *log, uint64_t time_us,
                                        enum eventlog_kind kind);
void eventlog_say(struct eventlog *log, uint64_t time_us,
                  enum eventlog_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void eventlog_remove_line(struct eventlog *log, uint64_t seq);

/* eventlog-words.c: the words the describers share. */
bool eventlog_vector_fits(const struct eventlog *log, const struct gcounter *g);
const char *eventlog_value_text(const struct eventlog *log, int64_t v,
                                char *buf, size_t cap);
const char *eventlog_value_change(const struct eventlog *log,
                                  const struct sim_record *r, char *buf,
                                  size_t cap);
void eventlog_vector_text(const struct eventlog *log, const struct gcounter *g,
                          char *buf, size_t cap);
void eventlog_cargo_text(const struct eventlog *log, const struct sim *sim,
                         const struct sim_record *r, char *buf, size_t cap);
enum sim_payload_form eventlog_form_of(const struct sim_record *r);
void eventlog_changes_text(const struct eventlog *log,
                           const struct gcounter *before,
                           const struct gcounter *after, char *buf, size_t cap);
void eventlog_name_of(uint32_t node, char *buf, size_t cap);
bool eventlog_is_worker(const struct eventlog *log, uint32_t node);
bool eventlog_is_news(const struct sim *sim, const struct gcounter *payload,
                      uint32_t origin);
bool eventlog_is_delta_news(const struct sim *sim,
                            const struct sim_payload_view *m, uint32_t origin);

/* The describers, one per record kind, named by eventlog.c's table. */
/* eventlog-messages.c */
void eventlog_describe_send(struct eventlog *log, const struct sim *sim,
                            const struct sim_record *r);
void eventlog_describe_deliver(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r);
void eventlog_describe_fault(struct eventlog *log, const struct sim *sim,
                             const struct sim_record *r);
void eventlog_end_loss_groups(struct eventlog *log);
/* eventlog-world.c */
void eventlog_describe_increment(struct eventlog *log, const struct sim *sim,
                                 const struct sim_record *r);
void eventlog_describe_read(struct eventlog *log, const struct sim *sim,
                            const struct sim_record *r);
void eventlog_describe_converged(struct eventlog *log, const struct sim *sim,
                                 const struct sim_record *r);
void eventlog_describe_command(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r);
void eventlog_describe_nothing(struct eventlog *log, const struct sim *sim,
                               const struct sim_record *r);

#endif
