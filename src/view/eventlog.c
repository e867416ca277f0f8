/*
 * The event log as a sim observer. Each record kind has one describer in a
 * table (the describers are in eventlog-messages.c and eventlog-world.c).
 * What is left out is as deliberate as what is said: timer ticks,
 * gossip that repeats what its sender already said, and merges that change
 * nothing would bury the few lines that matter at a few hundred per second.
 */
#include "view/eventlog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "view/eventlog-internal.h"
#include "view/glyphs.h"
#include "view/wire.h"

/* --- life cycle ---------------------------------------------------------- */

struct eventlog *eventlog_new(uint32_t nodes, size_t capacity, bool utf8)
{
	struct eventlog *log = xcalloc(1, sizeof *log);

	log->glyphs = glyphs_get(utf8);
	log->capacity = capacity > 0 ? capacity : 1;
	log->lines = xcalloc(log->capacity, sizeof *log->lines);
	eventlog_reset(log, nodes);
	return log;
}

void eventlog_free(struct eventlog *log)
{
	if (log == NULL)
		return;
	free(log->lines);
	free(log->last_sent);
	free(log->last_forwarded);
	free(log->forced);
	free(log);
}

void eventlog_reset(struct eventlog *log, uint32_t nodes)
{
	free(log->last_sent);
	free(log->last_forwarded);
	free(log->forced);
	log->nodes = nodes;
	log->last_sent = xcalloc(nodes, sizeof *log->last_sent);
	log->last_forwarded = xcalloc(nodes, sizeof *log->last_forwarded);
	log->forced = xcalloc(nodes, sizeof *log->forced);
	log->count = 0;
	log->written = 0;
	log->group.active = false;
	memset(log->losses, 0, sizeof log->losses);
	wire_copies_reset(&log->copies);
}

static void *duplicate(const void *src, size_t size)
{
	void *dst = xmalloc(size);

	memcpy(dst, src, size);
	return dst;
}

size_t eventlog_memory_bytes(const struct eventlog *log)
{
	return sizeof *log + log->capacity * sizeof *log->lines +
	       log->nodes * (sizeof *log->last_sent +
	                     sizeof *log->last_forwarded + sizeof *log->forced);
}

/* A packed log: the log's own fields, its per-node arrays, then each
 * line of the ring (oldest first) as time, kind, length and text. The
 * same log packs to the same bytes in every run (no address, no stray
 * padding), since a checkpoint keeps them deflated and its size counts
 * against the past's budget. */
struct eventlog_packed {
	struct eventlog head; /* arrays, lines and glyphs NULL */
	bool utf8;            /* the glyphs */
	size_t bytes;
	unsigned char data[];
};

struct packed_line {
	uint64_t time_us;
	uint16_t len;
	unsigned char kind;
};

struct eventlog_packed *eventlog_pack(const struct eventlog *log)
{
	size_t arrays =
	    log->nodes * (sizeof *log->last_sent + sizeof *log->last_forwarded +
	                  sizeof *log->forced);
	size_t size = arrays, at;
	struct eventlog_packed *p;

	for (size_t i = 0; i < log->count; i++)
		size += sizeof(struct packed_line) +
		        strlen(eventlog_recent(log, i)->text);
	p = xcalloc(1, sizeof *p + size);
	memcpy(&p->head, log, sizeof *log);
	p->head.glyphs = NULL;
	p->utf8 = log->glyphs == glyphs_get(true);
	p->head.lines = NULL;
	p->head.last_sent = p->head.last_forwarded = NULL;
	p->head.forced = NULL;
	p->head.group.payload = NULL;
	p->head.group.delta = NULL;
	p->bytes = sizeof *p + size;
	memcpy(p->data, log->last_sent, log->nodes * sizeof *log->last_sent);
	at = log->nodes * sizeof *log->last_sent;
	memcpy(p->data + at, log->last_forwarded,
	       log->nodes * sizeof *log->last_forwarded);
	at += log->nodes * sizeof *log->last_forwarded;
	memcpy(p->data + at, log->forced, log->nodes * sizeof *log->forced);
	at += log->nodes * sizeof *log->forced;
	for (size_t i = log->count; i-- > 0;) {
		const struct eventlog_line *line = eventlog_recent(log, i);
		struct packed_line pl;

		memset(&pl, 0, sizeof pl);
		pl.time_us = line->time_us;
		pl.len = (uint16_t)strlen(line->text);
		pl.kind = (unsigned char)line->kind;

		memcpy(p->data + at, &pl, sizeof pl);
		at += sizeof pl;
		memcpy(p->data + at, line->text, pl.len);
		at += pl.len;
	}
	return p;
}

struct eventlog *eventlog_unpack(const struct eventlog_packed *p)
{
	struct eventlog *log = duplicate(&p->head, sizeof p->head);
	size_t at;

	log->glyphs = glyphs_get(p->utf8);
	log->lines = xcalloc(log->capacity, sizeof *log->lines);
	log->last_sent =
	    duplicate(p->data, log->nodes * sizeof *log->last_sent);
	at = log->nodes * sizeof *log->last_sent;
	log->last_forwarded =
	    duplicate(p->data + at, log->nodes * sizeof *log->last_forwarded);
	at += log->nodes * sizeof *log->last_forwarded;
	log->forced = duplicate(p->data + at, log->nodes * sizeof *log->forced);
	at += log->nodes * sizeof *log->forced;
	/* The lines back in their places of the ring: the oldest held is
	 * at written - count. */
	for (size_t i = 0; i < log->count; i++) {
		struct packed_line pl;
		struct eventlog_line *line =
		    &log->lines[(log->written - log->count + i) %
		                log->capacity];

		memcpy(&pl, p->data + at, sizeof pl);
		at += sizeof pl;
		line->time_us = pl.time_us;
		line->kind = (enum eventlog_kind)pl.kind;
		memcpy(line->text, p->data + at, pl.len);
		line->text[pl.len] = '\0';
		at += pl.len;
	}
	return log;
}

size_t eventlog_packed_bytes(const struct eventlog_packed *p)
{
	return p->bytes;
}

void eventlog_packed_free(struct eventlog_packed *p)
{
	free(p);
}

bool eventlog_grouping(const struct eventlog *log, uint64_t t_us)
{
	return log->group.active && log->group.time_us == t_us;
}

typedef void (*describer)(struct eventlog *log, const struct sim *sim,
                          const struct sim_record *r);

static const describer describers[] = {
    [REC_INCREMENT] = eventlog_describe_increment,
    [REC_SEND] = eventlog_describe_send,
    [REC_DELIVER] = eventlog_describe_deliver,
    [REC_DROP] = eventlog_describe_fault,
    [REC_DUPLICATE] = eventlog_describe_fault,
    [REC_TIMER] = eventlog_describe_nothing, /* several per second per node */
    [REC_CONVERGED] = eventlog_describe_converged,
    [REC_DIVERGED] = eventlog_describe_nothing, /* every increment diverges */
    [REC_COMMAND] = eventlog_describe_command,
    [REC_LOST] = eventlog_describe_fault,
    [REC_READ] = eventlog_describe_read,
};

void eventlog_observe(void *ctx, const struct sim *sim,
                      const struct sim_record *record)
{
	struct eventlog *log = ctx;
	size_t kind = (size_t)record->kind;

	log->pn = sim_config(sim)->crdt == CRDT_PNCOUNTER;
	log->again = wire_copies_observe(&log->copies, record);
	if (kind < sizeof describers / sizeof describers[0] &&
	    describers[kind] != NULL)
		describers[kind](log, sim, record);
}

void eventlog_note(struct eventlog *log, uint64_t time_us, const char *fmt, ...)
{
	struct eventlog_line *line =
	    eventlog_add_line(log, time_us, EVENTLOG_NOTE);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line->text, sizeof line->text, fmt, ap);
	va_end(ap);
}

uint64_t eventlog_told(const struct eventlog *log)
{
	return log->told;
}

void eventlog_set_verbose(struct eventlog *log, bool verbose)
{
	log->verbose = verbose;
}

/* --- reading ----------------------------------------------------------- */

size_t eventlog_count(const struct eventlog *log)
{
	return log->count;
}

uint64_t eventlog_written(const struct eventlog *log)
{
	return log->written;
}

const struct eventlog_line *eventlog_recent(const struct eventlog *log,
                                            size_t i)
{
	if (i >= log->count)
		return NULL;
	return &log->lines[(log->written - 1 - i) % log->capacity];
}
