/*
 * The saved log of a run of real nodes, written through outfile.c and read
 * back line by line with every field checked: a bad line is an error
 * naming file:line, never a crash. A program's line is kept byte for byte
 * (control bytes and '%' escaped as %XX), since the replay must see
 * exactly what the run saw.
 */
#define _GNU_SOURCE
#include "app/ext-log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/outfile.h"
#include "maelstrom/mmsg.h"
#include "util/errbuf.h"

/* An escaped line may be three times the longest; the rest is small. */
#define LOG_MAX_LINE (3 * MMSG_MAX_LINE + 256)

bool ext_log_is(const char *path)
{
	char head[sizeof EXT_LOG_HEADER];
	FILE *f = fopen(path, "r");
	bool is;

	if (f == NULL)
		return false;
	is = fread(head, 1, sizeof head - 1, f) == sizeof head - 1 &&
	     memcmp(head, EXT_LOG_HEADER, sizeof head - 1) == 0;
	fclose(f);
	return is;
}

static void put_escaped(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f || ch == '%')
			fprintf(f, "%%%02X", ch);
		else
			fputc(ch, f);
	}
}

/* A fault key's word in a command line: "net NODE WORD [VALUES]". */
static const char *const net_words[] = {
    [MNET_DROP] = "drop",       [MNET_DUPLICATE] = "duplicate",
    [MNET_LATENCY] = "latency", [MNET_PARTITION] = "partition",
    [MNET_HEAL] = "heal",       [MNET_CRASH] = "crash",
    [MNET_RESTART] = "restart",
};

static void put_net(FILE *f, const struct mcmd *m)
{
	fprintf(f, "net %" PRIu32 " %s", m->node, net_words[m->net]);
	if (m->net == MNET_DROP || m->net == MNET_DUPLICATE)
		fprintf(f, " %.17g", m->prob);
	else if (m->net == MNET_LATENCY)
		fprintf(f, " %" PRIu64 " %" PRIu64, m->latency_us,
		        m->jitter_us);
	else if (m->net == MNET_PARTITION)
		fprintf(f, " %d", (int)m->mode);
}

static const char *const fault_words[] = {
    [MFAULT_PARTITION] = "partition",
    [MFAULT_CRASH] = "crash",
    [MFAULT_RESTART] = "restart",
};

int ext_log_write(const char *path, const char *command, const struct mworld *w,
                  char *err, size_t errlen)
{
	const struct mworld_config *c = mworld_config(w);
	struct outfile *out = outfile_open(path, "--save-log", err, errlen);
	const struct mcmd *cmds;
	size_t count;
	FILE *f;

	if (out == NULL)
		return -1;
	f = outfile_stream(out);
	fprintf(f, "%s\nexec ", EXT_LOG_HEADER);
	put_escaped(f, command, strlen(command));
	fprintf(f,
	        "\nnodes %" PRIu32 "\nseed %" PRIu64 "\nlatency %" PRIu64
	        "\njitter %" PRIu64 "\ndrop %.17g\nduplicate %.17g\n"
	        "rate %.17g\nmax-delta %" PRIu32 "\nread-every %" PRIu64
	        "\nduration %" PRIu64 "\nsettle %" PRIu64 "\nanswer %" PRIu64
	        "\n",
	        c->nodes, c->seed, c->latency_us, c->jitter_us, c->drop,
	        c->duplicate, c->rate, c->max_delta, c->read_every_us,
	        c->duration_us, c->settle_us, c->answer_us);
	/* Only when not the default, so g-counter logs stay as they were. */
	if (c->workload != MWORKLOAD_G_COUNTER)
		fprintf(f, "workload %s\n", mworld_workload_name(c->workload));
	if (c->waiting_seats != 0)
		fprintf(f, "wait-joins %" PRIu32 "\n", c->waiting_seats);
	for (uint32_t i = 0; i < c->fault_count; i++)
		fprintf(f, "fault %" PRIu64 " %s %" PRIu32 " %d\n",
		        c->faults[i].at_us, fault_words[c->faults[i].kind],
		        c->faults[i].node, (int)c->faults[i].mode);
	cmds = mworld_log(w, &count);
	for (size_t i = 0; i < count; i++) {
		const struct mcmd *m = &cmds[i];

		fprintf(f, "at %" PRIu64 " step %" PRIu64 " ", m->time_us,
		        m->after_events);
		if (m->kind == MCMD_OUT) {
			fprintf(f, "out %" PRIu32 " ", m->node);
			put_escaped(f, m->line, m->len);
		} else if (m->kind == MCMD_EXIT) {
			fprintf(f, "exit %" PRIu32 " %d", m->node, m->status);
		} else if (m->kind == MCMD_SEAT) {
			fprintf(f, "seat %" PRIu32 " %s", m->node,
			        m->status ? "remote" : "program");
		} else if (m->kind == MCMD_NET) {
			put_net(f, m);
		} else {
			fprintf(f, "add %" PRIu32 " %" PRId64, m->node,
			        m->delta);
		}
		fputc('\n', f);
	}
	return outfile_commit(out, err, errlen);
}

static int hex(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Undoes put_escaped in place; -1 on a bad escape. */
static int unescape(char *s, size_t *len)
{
	size_t k = 0;

	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '%') {
			int hi = hex(s[i + 1]),
			    lo = hi < 0 ? -1 : hex(s[i + 2]);

			if (lo < 0)
				return -1;
			s[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			s[k++] = s[i];
		}
	}
	s[k] = '\0';
	*len = k;
	return 0;
}

static int u64(const char *s, uint64_t *out)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

static int setting(struct ext_log *log, const char *key, char *value)
{
	struct mworld_config *c = &log->config;
	uint64_t v = 0;
	char *end;

	if (strcmp(key, "workload") == 0)
		return mworld_workload_parse(value, &c->workload);
	if (strcmp(key, "exec") == 0) {
		size_t len;

		if (unescape(value, &len) < 0 || log->command != NULL)
			return -1;
		log->command = strdup(value);
		return log->command == NULL ? -1 : 0;
	}
	if (strcmp(key, "drop") == 0 || strcmp(key, "duplicate") == 0 ||
	    strcmp(key, "rate") == 0) {
		double d = strtod(value, &end);

		if (*end != '\0' || end == value)
			return -1;
		*(key[0] == 'r'   ? &c->rate
		  : key[1] == 'r' ? &c->drop
		                  : &c->duplicate) = d;
		return 0;
	}
	if (u64(value, &v) < 0)
		return -1;
	static const struct {
		const char *key;
		size_t offset;
		bool narrow;
	} table[] = {
	    {"nodes", offsetof(struct mworld_config, nodes), true},
	    {"seed", offsetof(struct mworld_config, seed), false},
	    {"latency", offsetof(struct mworld_config, latency_us), false},
	    {"jitter", offsetof(struct mworld_config, jitter_us), false},
	    {"max-delta", offsetof(struct mworld_config, max_delta), true},
	    {"read-every", offsetof(struct mworld_config, read_every_us),
	     false},
	    {"duration", offsetof(struct mworld_config, duration_us), false},
	    {"settle", offsetof(struct mworld_config, settle_us), false},
	    {"answer", offsetof(struct mworld_config, answer_us), false},
	    {"wait-joins", offsetof(struct mworld_config, waiting_seats), true},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char *field = (char *)c + table[i].offset;

		if (strcmp(key, table[i].key) != 0)
			continue;
		if (table[i].narrow) {
			uint32_t n = (uint32_t)v;

			if (v > UINT32_MAX)
				return -1;
			memcpy(field, &n, sizeof n);
		} else {
			memcpy(field, &v, sizeof v);
		}
		return 0;
	}
	return -1;
}

static int fault_line(struct ext_log *log, char *rest)
{
	struct mworld_config *c = &log->config;
	char *at = strtok(rest, " "), *word = strtok(NULL, " ");
	char *node = strtok(NULL, " "), *mode = strtok(NULL, " ");
	uint64_t t, n, m;
	struct mworld_fault *f;

	if (c->fault_count == MWORLD_MAX_FAULTS || u64(at, &t) < 0 ||
	    word == NULL || u64(node, &n) < 0 || u64(mode, &m) < 0 || m > 3 ||
	    n >= MWORLD_MAX_NODES || strtok(NULL, " ") != NULL)
		return -1;
	f = &c->faults[c->fault_count];
	for (size_t k = 0; k < sizeof fault_words / sizeof fault_words[0]; k++)
		if (strcmp(word, fault_words[k]) == 0) {
			*f = (struct mworld_fault){
			    .kind = (enum mworld_fault_kind)k,
			    .at_us = t,
			    .node = (uint32_t)n,
			    .mode = (enum sim_partition)m};
			c->fault_count++;
			return 0;
		}
	return -1;
}

/* "WORD [VALUES]" of a fault key's line; the world checks the ranges. */
static int net_line(struct mcmd *m, char *rest)
{
	char *word = strtok(rest, " "), *a = strtok(NULL, " ");
	char *b = strtok(NULL, " "), *end;
	size_t k = 0;
	uint64_t v;

	while (k < MNET_KIND_COUNT &&
	       (word == NULL || strcmp(word, net_words[k]) != 0))
		k++;
	if (k == MNET_KIND_COUNT || strtok(NULL, " ") != NULL)
		return -1;
	m->kind = MCMD_NET;
	m->net = (enum mnet_kind)k;
	if (m->net == MNET_DROP || m->net == MNET_DUPLICATE) {
		if (a == NULL || b != NULL)
			return -1;
		m->prob = strtod(a, &end);
		return *end != '\0' || end == a ? -1 : 0;
	}
	if (m->net == MNET_LATENCY)
		return u64(a, &m->latency_us) < 0 || u64(b, &m->jitter_us) < 0
		           ? -1
		           : 0;
	if (m->net == MNET_PARTITION) {
		if (b != NULL || u64(a, &v) < 0 || v > PARTITION_BOTH)
			return -1;
		m->mode = (enum sim_partition)v;
		return 0;
	}
	return a != NULL ? -1 : 0;
}

static int command_line(struct ext_log *log, char *rest, size_t *cap)
{
	struct mcmd m = {0};
	char *p = rest, *field[5];
	uint64_t node, value;

	/* "at T step N KIND NODE REST": REST may hold spaces. */
	for (int i = 0; i < 5; i++) {
		field[i] = p;
		p = strchr(p, ' ');
		if (p == NULL)
			return -1;
		*p++ = '\0';
	}
	if (strcmp(field[1], "step") != 0 || u64(field[0], &m.time_us) < 0 ||
	    u64(field[2], &m.after_events) < 0 || u64(field[4], &node) < 0 ||
	    node >= MWORLD_MAX_NODES)
		return -1;
	m.node = (uint32_t)node;
	if (strcmp(field[3], "out") == 0) {
		m.kind = MCMD_OUT;
		if (unescape(p, &m.len) < 0 || m.len > MMSG_MAX_LINE + 1)
			return -1;
		m.line = malloc(m.len + 1);
		if (m.line == NULL)
			return -1;
		memcpy(m.line, p, m.len + 1);
	} else if (strcmp(field[3], "exit") == 0) {
		char *end;
		long st = strtol(p, &end, 10);

		if (*end != '\0' || end == p || st < 0 || st > 0xffff)
			return -1;
		m.kind = MCMD_EXIT;
		m.status = (int)st;
	} else if (strcmp(field[3], "seat") == 0) {
		if (strcmp(p, "remote") != 0 && strcmp(p, "program") != 0)
			return -1;
		m.kind = MCMD_SEAT;
		m.status = strcmp(p, "remote") == 0;
	} else if (strcmp(field[3], "add") == 0) {
		bool minus = *p == '-';

		/* (the world checks the sign against the workload) */
		if (u64(p + minus, &value) < 0 || value < 1 ||
		    value > MWORLD_MAX_DELTA)
			return -1;
		m.kind = MCMD_ADD;
		m.delta = minus ? -(int64_t)value : (int64_t)value;
	} else if (strcmp(field[3], "net") == 0) {
		if (net_line(&m, p) < 0)
			return -1;
	} else {
		return -1;
	}
	if (log->count == MWORLD_MAX_COMMANDS) {
		free(m.line);
		return -1;
	}
	if (log->count == *cap) {
		struct mcmd *grown;

		*cap = *cap ? *cap * 2 : 256;
		grown = realloc(log->cmds, *cap * sizeof *grown);
		if (grown == NULL) {
			free(m.line);
			return -1;
		}
		log->cmds = grown;
	}
	log->cmds[log->count++] = m;
	return 0;
}

int ext_log_read(const char *path, struct ext_log *log, char *err,
                 size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t linecap = 0, cap = 0, lineno = 0;
	ssize_t got;
	int rc = 0;

	memset(log, 0, sizeof *log);
	mworld_config_defaults(&log->config);
	if (f == NULL) {
		errbuf_set(err, errlen, "--replay: %s: %s", path,
		           strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &linecap, f)) > 0) {
		char *space;

		lineno++;
		if ((size_t)got > LOG_MAX_LINE) {
			rc = -1;
			break;
		}
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if (lineno == 1) {
			if (strcmp(line, EXT_LOG_HEADER) != 0) {
				rc = -1;
				break;
			}
			continue;
		}
		space = strchr(line, ' ');
		if (space == NULL) {
			rc = -1;
			break;
		}
		*space = '\0';
		if (strcmp(line, "at") == 0)
			rc = command_line(log, space + 1, &cap);
		else if (strcmp(line, "fault") == 0)
			rc = fault_line(log, space + 1);
		else
			rc = setting(log, line, space + 1);
		if (rc < 0)
			break;
	}
	free(line);
	fclose(f);
	if (rc < 0) {
		errbuf_set(err, errlen,
		           "%s:%zu: not a line of a real-nodes log", path,
		           lineno);
		ext_log_free(log);
		return -1;
	}
	if (log->command == NULL)
		log->command = strdup("");
	return 0;
}

void ext_log_free(struct ext_log *log)
{
	for (size_t i = 0; i < log->count; i++)
		free(log->cmds[i].line);
	free(log->cmds);
	free(log->command);
	memset(log, 0, sizeof *log);
}
