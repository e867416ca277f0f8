/*
 * Maelstrom protocol messages: one line of JSON, {"src","dest","body"},
 * parsed and written with jansson. Pure: no I/O, no clock, no curses or
 * libevent; it must never trust a line (every field is checked).
 */
#ifndef GCOUNTER_MAELSTROM_MMSG_H
#define GCOUNTER_MAELSTROM_MMSG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest line a node may print; a longer one is an error. */
#define MMSG_MAX_LINE (64u * 1024)

struct mmsg {
	json_t *root; /* owned; the fields below point into it */
	const char *src, *dest, *type;
	json_t *body;
	bool has_msg_id, has_reply;
	uint64_t msg_id, in_reply_to;
};

/* Parses one line (no newline). 0, or -1 with why in err. */
int mmsg_parse(const char *line, size_t len, struct mmsg *out, char *err,
               size_t errlen);
void mmsg_clear(struct mmsg *msg);
/* {"src":src,"dest":dest,"body":body} as one malloc'd line with no
 * newline; takes the reference to body. NULL if out of memory. */
char *mmsg_format(const char *src, const char *dest, json_t *body);
/* "n3" -> 3 when below nodes; "c4" -> 4 for a client (from 1). */
bool mmsg_node_index(const char *id, uint32_t nodes, uint32_t *index);
bool mmsg_client_index(const char *id, uint32_t *index);
/* Writes "n3" or "c3" into buf (at least 12 bytes). */
void mmsg_node_name(uint32_t index, char *buf, size_t len);
void mmsg_client_name(uint32_t index, char *buf, size_t len);
/*
 * A body shortened for a screen or a trace: its type then its other fields
 * in compact JSON, cut at len-1 bytes with "..." when longer.
 */
void mmsg_abbrev(const json_t *body, char *buf, size_t len);
/*
 * A recognisable counter in a body: a field (at the top of the body or
 * one level down) whose value is an object of node ids ("n0".."nN-1") to
 * non-negative integers. One such object is a G-Counter: counts[0..n).
 * Two (the first two found, in field order) are a PN-Counter's P and N
 * halves: counts[0..2n). Returns the slots filled (n or 2n), or 0.
 */
uint32_t mmsg_counter(json_t *body, uint32_t nodes, uint64_t *counts);
/* Whether a Maelstrom error code means the operation surely did not
 * happen (definite) rather than maybe (timeout, crash: indeterminate). */
bool mmsg_error_definite(int64_t code);

#endif
