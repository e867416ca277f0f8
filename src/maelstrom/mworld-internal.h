/*
 * The private layout of the real-nodes world, shared by its files:
 * mworld-net.c (the network, and what reaches a node), mworld-check.c (the
 * checker), mworld-out.c (what a node prints) and mworld.c (the events and
 * the public face). Nothing outside src/maelstrom includes this.
 */
#ifndef GCOUNTER_MAELSTROM_MWORLD_INTERNAL_H
#define GCOUNTER_MAELSTROM_MWORLD_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "maelstrom/mworld.h"
#include "sim/queue.h"
#include "sim/rng.h"

enum ev_kind {
	EV_START,         /* arg: node; start it and send init */
	EV_DELIVER,       /* arg: flight slot */
	EV_ADD,           /* the workload's next add */
	EV_READS,         /* a read round to every ready node */
	EV_FAULT,         /* arg: index into config.faults */
	EV_HEAL,          /* the workload stops; every fault heals */
	EV_FINAL,         /* the final reads */
	EV_DONE,          /* the final reads' deadline: check */
	EV_INIT_DEADLINE, /* arg: node; generation: its restarts */
	EV_BEGIN,         /* every node answered init, or --answer passed */
};

enum op_kind { OP_INIT, OP_ADD, OP_READ, OP_FINAL };
enum op_state { OP_PENDING, OP_OK, OP_FAILED, OP_MAYBE };

struct op {
	enum op_kind kind;
	enum op_state state;
	uint32_t node;
	int64_t delta;
};

struct flight {
	bool live;
	uint32_t from, to;
	uint64_t sent_us, deliver_us;
	char *line;
	size_t len;
	uint32_t next_free;
};

struct wnode {
	bool up, initialized, crashed, exited;
	bool vacant; /* kept for a student nobody has taken: no failure */
	uint32_t restarts;
	uint64_t init_op;
	bool has_read, has_final;
	int64_t last_read, final_read;
	uint32_t counter_slots;
	uint64_t counter[2 * MWORLD_MAX_NODES];
	bool cut_set;           /* a fault key set its links ... */
	enum sim_partition cut; /* ... to this ... */
	uint64_t cut_us;        /* ... then: older scheduled cuts are over */
	char last_in[96];       /* the last body delivered to it, abbreviated */
	char problem[256];
	char verdict[256];
	bool valid;
};

struct mworld {
	struct mworld_config config;
	const struct mworld_io *io;
	void *ctx;
	struct sim_queue queue;
	struct rng net_rng, load_rng;
	uint64_t now, events_run;
	bool workload, done;
	bool begun;        /* the workload's clock has started ... */
	uint64_t begin_us; /* ... here: its times count from it */
	struct wnode nodes[MWORLD_MAX_NODES];
	struct mworld_net net; /* the config's, as fault keys changed it */
	struct flight *flights;
	uint32_t flight_cap, free_flight, in_flight;
	uint64_t flight_bytes; /* of the lines in flight */
	struct op *ops;
	size_t op_len, op_cap;
	uint32_t finals_due;
	bool finals_sent; /* once: a cut workload has two EV_FINALs */
	const char *cut;  /* why the workload ended early, or NULL */
	uint64_t cut_us;
	struct mcmd *log;
	size_t log_len, log_cap;
	struct mworld_stats stats;
	struct mworld_verdict verdict;
};

#define NIL UINT32_MAX

/* mworld-net.c */
/* Keeps the first thing a node did wrong: later ones often follow from it. */
void mw_problem(struct mworld *w, uint32_t node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mw_push(struct mworld *w, uint64_t t, enum ev_kind kind, uint32_t arg,
             uint32_t generation);
/* A line reaches node's program (body: the line's, for the screen). */
void mw_deliver_line(struct mworld *w, uint32_t node, const char *line,
                     const json_t *body);
enum sim_partition mw_partition_of(const struct mworld *w, uint32_t node);
void mw_net_send(struct mworld *w, uint32_t from, uint32_t to, const char *line,
                 size_t len);
void mw_deliver(struct mworld *w, uint32_t slot);
/* Starts the workload's clock now, if it has not started. */
void mw_begin(struct mworld *w);
/* mworld-check.c: the verdict, once. */
void mw_check(struct mworld *w);
/* mworld-out.c */
void mw_node_out(struct mworld *w, uint32_t node, const char *line, size_t len);
void mw_node_exit(struct mworld *w, uint32_t node, int status);

#endif
