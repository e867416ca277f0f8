/*
 * The event log's ring of lines: adding one, finding one by its place in
 * the order written, taking one out. The lowest level of the log: it knows
 * the lines and nothing of what they say, and calls nothing above it.
 */
#include "view/eventlog-internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

struct eventlog_line *eventlog_line_at_seq(struct eventlog *log, uint64_t seq)
{
	if (seq >= log->written || log->written - seq > log->count)
		return NULL;
	return &log->lines[seq % log->capacity];
}

struct eventlog_line *eventlog_add_line(struct eventlog *log, uint64_t time_us,
                                        enum eventlog_kind kind)
{
	struct eventlog_line *line = &log->lines[log->written % log->capacity];

	log->written++;
	log->told++;
	if (log->count < log->capacity)
		log->count++;
	line->time_us = time_us;
	line->kind = kind;
	line->text[0] = '\0';
	return line;
}

void eventlog_say(struct eventlog *log, uint64_t time_us,
                  enum eventlog_kind kind, const char *fmt, ...)
{
	struct eventlog_line *line = eventlog_add_line(log, time_us, kind);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line->text, sizeof line->text, fmt, ap);
	va_end(ap);
}

/* Takes line `seq` out of the ring, the newer lines moving up one, so
 * that a group's line can be written again as the newest. */
void eventlog_remove_line(struct eventlog *log, uint64_t seq)
{
	for (uint64_t k = seq; k + 1 < log->written; k++)
		log->lines[k % log->capacity] =
		    log->lines[(k + 1) % log->capacity];
	log->written--;
	log->count--;
	if (log->group.line_seq != UINT64_MAX && log->group.line_seq > seq)
		log->group.line_seq--;
	for (size_t i = 0; i < LOSS_GROUPS; i++)
		if (log->losses[i].active && log->losses[i].line_seq > seq)
			log->losses[i].line_seq--;
}
