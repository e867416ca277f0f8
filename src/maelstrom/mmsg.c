/*
 * Maelstrom messages in and out: every line from a node is untrusted, so
 * parsing checks each field's type and range and says which was wrong;
 * nothing here reads or writes a file descriptor.
 */
#include "maelstrom/mmsg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/errbuf.h"

/* A msg_id or in_reply_to: a non-negative integer, or absent. */
static int id_field(const json_t *body, const char *name, bool *has,
                    uint64_t *out, char *err, size_t errlen)
{
	const json_t *v = json_object_get(body, name);

	*has = false;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		errbuf_set(err, errlen, "body.%s is not a non-negative integer",
		           name);
		return -1;
	}
	*has = true;
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static const char *string_field(const json_t *obj, const char *name)
{
	const json_t *v = json_object_get(obj, name);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int mmsg_parse(const char *line, size_t len, struct mmsg *out, char *err,
               size_t errlen)
{
	json_error_t jerr;

	memset(out, 0, sizeof *out);
	if (len > MMSG_MAX_LINE) {
		errbuf_set(err, errlen, "line of %zu bytes (the limit is %u)",
		           len, MMSG_MAX_LINE);
		return -1;
	}
	out->root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (out->root == NULL) {
		errbuf_set(err, errlen, "not JSON: %s (column %d)", jerr.text,
		           jerr.column);
		return -1;
	}
	if (!json_is_object(out->root)) {
		errbuf_set(err, errlen, "not a JSON object");
		goto bad;
	}
	out->src = string_field(out->root, "src");
	out->dest = string_field(out->root, "dest");
	out->body = json_object_get(out->root, "body");
	if (out->src == NULL || out->dest == NULL) {
		errbuf_set(err, errlen, "no string \"%s\"",
		           out->src == NULL ? "src" : "dest");
		goto bad;
	}
	if (!json_is_object(out->body)) {
		errbuf_set(err, errlen, "no object \"body\"");
		goto bad;
	}
	out->type = string_field(out->body, "type");
	if (out->type == NULL) {
		errbuf_set(err, errlen, "no string body.type");
		goto bad;
	}
	if (id_field(out->body, "msg_id", &out->has_msg_id, &out->msg_id, err,
	             errlen) < 0 ||
	    id_field(out->body, "in_reply_to", &out->has_reply,
	             &out->in_reply_to, err, errlen) < 0)
		goto bad;
	return 0;
bad:
	mmsg_clear(out);
	return -1;
}

void mmsg_clear(struct mmsg *msg)
{
	if (msg->root != NULL)
		json_decref(msg->root);
	memset(msg, 0, sizeof *msg);
}

char *mmsg_format(const char *src, const char *dest, json_t *body)
{
	json_t *root = json_pack("{s:s, s:s, s:o}", "src", src, "dest", dest,
	                         "body", body);
	char *line;

	if (root == NULL)
		return NULL;
	line = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return line;
}

static bool index_after(const char *id, char prefix, uint32_t *index)
{
	uint64_t v = 0;

	if (id == NULL || id[0] != prefix || id[1] == '\0')
		return false;
	if (id[1] == '0' && id[2] != '\0')
		return false; /* one spelling per node: no "n01" */
	for (const char *p = id + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > UINT32_MAX / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*index = (uint32_t)v;
	return true;
}

bool mmsg_node_index(const char *id, uint32_t nodes, uint32_t *index)
{
	uint32_t i;

	if (!index_after(id, 'n', &i) || i >= nodes)
		return false;
	*index = i;
	return true;
}

bool mmsg_client_index(const char *id, uint32_t *index)
{
	uint32_t i;

	if (!index_after(id, 'c', &i) || i == 0)
		return false;
	*index = i;
	return true;
}

void mmsg_node_name(uint32_t index, char *buf, size_t len)
{
	snprintf(buf, len, "n%" PRIu32, index);
}

void mmsg_client_name(uint32_t index, char *buf, size_t len)
{
	snprintf(buf, len, "c%" PRIu32, index);
}

void mmsg_abbrev(const json_t *body, char *buf, size_t len)
{
	const char *type = string_field(body, "type");
	json_t *rest;
	char *text;
	size_t n;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (!json_is_object(body))
		return;
	rest = json_deep_copy(body);
	if (rest == NULL)
		return;
	/* The type leads; the ids are bookkeeping a viewer does not need. */
	json_object_del(rest, "type");
	json_object_del(rest, "msg_id");
	json_object_del(rest, "in_reply_to");
	text = json_dumps(rest, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(rest);
	n = (size_t)snprintf(buf, len, "%s %s", type != NULL ? type : "?",
	                     text != NULL && strcmp(text, "{}") != 0 ? text
	                                                             : "");
	free(text);
	while (n > 0 && n < len && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (n >= len && len > 4)
		memcpy(buf + len - 4, "...", 4);
}

/* Whether v is an object of node ids to counts; fills counts[0..nodes). */
static bool counter_object(json_t *v, uint32_t nodes, uint64_t *counts)
{
	const char *key;
	json_t *value;

	if (!json_is_object(v) || json_object_size(v) == 0)
		return false;
	for (uint32_t i = 0; i < nodes; i++)
		counts[i] = 0;
	json_object_foreach(v, key, value)
	{
		uint32_t i;

		if (!mmsg_node_index(key, nodes, &i) ||
		    !json_is_integer(value) || json_integer_value(value) < 0)
			return false;
		counts[i] = (uint64_t)json_integer_value(value);
	}
	return true;
}

/* Looks for counter objects among obj's fields (depth 0 or 1). */
static uint32_t find_counters(json_t *obj, uint32_t nodes, uint64_t *counts,
                              uint32_t found, int depth)
{
	const char *key;
	json_t *value;

	json_object_foreach(obj, key, value)
	{
		if (found == 2)
			break;
		if (counter_object(value, nodes, counts + found * nodes))
			found++;
		else if (depth == 0 && json_is_object(value))
			found = find_counters(value, nodes, counts, found, 1);
	}
	return found;
}

uint32_t mmsg_counter(json_t *body, uint32_t nodes, uint64_t *counts)
{
	if (!json_is_object(body) || nodes == 0)
		return 0;
	return find_counters(body, nodes, counts, 0, 0) * nodes;
}

bool mmsg_error_definite(int64_t code)
{
	/* Maelstrom's table: 0 timeout and 13 crash may or may not have
	 * happened; the rest it defines say it did not. An unknown code
	 * cannot be trusted either way. */
	static const int64_t definite[] = {1, 10, 11, 12, 14, 20, 21, 22, 30};

	for (size_t i = 0; i < sizeof definite / sizeof definite[0]; i++)
		if (definite[i] == code)
			return true;
	return false;
}
