/*
 * A world of real nodes in virtual time: the network their messages cross
 * (latency, drop, duplicate, partitions both ways and one way, crashes),
 * the Maelstrom g-counter workload (add, read from clients c1...) and the
 * checker. Like sim/, it is a pure function of (config, seed, command
 * log): what the programs print arrives as commands, so a replay needs no
 * program. It never reads a clock, never touches a process or a pipe:
 * what must reach a program goes out through struct mworld_io.
 */
#ifndef GCOUNTER_MAELSTROM_MWORLD_H
#define GCOUNTER_MAELSTROM_MWORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h" /* enum sim_partition */

#define MWORLD_MAX_NODES        16 /* child processes, one per node */
#define MWORLD_MAX_FAULTS       64
#define MWORLD_MAX_IN_FLIGHT    100000 /* node-to-node messages at once */
#define MWORLD_MAX_FLIGHT_BYTES (64ULL << 20) /* their lines' bytes */
#define MWORLD_MAX_DELTA        1000000
#define MWORLD_MAX_OPS          (1u << 20) /* client requests in one run */
#define MWORLD_MAX_COMMANDS     (1u << 22)
/* Room kept for a run's end: the workload ends early when what is left
 * of either limit falls to this, so the heal, the settling and the final
 * reads always fit (a long class is cut short, never ended by a limit). */
#define MWORLD_OPS_RESERVE      4096
#define MWORLD_COMMANDS_RESERVE (1u << 20)
#define MWORLD_STDERR_LINES     8

enum mworld_fault_kind {
	MFAULT_PARTITION, /* node, mode: from at_us until the heal */
	MFAULT_CRASH,     /* node: killed at at_us ... */
	MFAULT_RESTART,   /* ... started again (amnesia) and sent init */
};

struct mworld_fault {
	enum mworld_fault_kind kind;
	uint64_t at_us;
	uint32_t node;
	enum sim_partition mode;
};

/* Maelstrom's two counter workloads: g-counter adds only positive
 * deltas; pn-counter adds negative ones too (the nodes keep two vectors). */
enum mworld_workload {
	MWORKLOAD_G_COUNTER,
	MWORKLOAD_PN_COUNTER,
};

/* "g-counter", "pn-counter": Maelstrom's names. */
const char *mworld_workload_name(enum mworld_workload workload);
/* 0, or -1 for a name that is neither. */
int mworld_workload_parse(const char *name, enum mworld_workload *out);

struct mworld_config {
	enum mworld_workload workload;
	uint32_t nodes;
	uint64_t seed;
	uint64_t latency_us, jitter_us; /* a hop: latency + [0, jitter] */
	double drop, duplicate;
	double rate;        /* adds per second, over all nodes */
	uint32_t max_delta; /* each add's delta: 1..max_delta (pn-counter:
	                       either sign) */
	uint64_t read_every_us;
	uint64_t duration_us; /* the workload stops and every fault heals */
	uint64_t settle_us;   /* then this long before the final reads */
	uint64_t answer_us;   /* how long init and the final reads may take */
	/* A class's --wait-joins: the last this many seats wait for a
	 * student, with no program. Until one sits there, the seat's silence
	 * is no failure: the checker says nobody joined. */
	uint32_t waiting_seats;
	uint32_t fault_count;
	struct mworld_fault faults[MWORLD_MAX_FAULTS];
};

void mworld_config_defaults(struct mworld_config *config);
int mworld_config_check(const struct mworld_config *config, char *err,
                        size_t errlen);

/* What the world asks of the programs. NULL hooks (a replay): nothing. */
struct mworld_io {
	void (*start)(void *ctx, uint32_t node); /* (re)start the program */
	void (*stop)(void *ctx, uint32_t node);  /* kill it: a crash */
	void (*deliver)(void *ctx, uint32_t node, const char *line);
};

/* Everything from outside: a line a node printed, or its exit. */
enum mcmd_kind {
	MCMD_OUT,  /* node printed `line` on stdout */
	MCMD_EXIT, /* node's program ended by itself, with `status` */
	MCMD_ADD,  /* a presenter's add of `delta` at node */
	MCMD_SEAT, /* node's seat changed hands (a student over TCP came or
	              went; status 1: a remote now): it starts again, init */
	MCMD_NET,  /* a presenter's fault key: `net` says which */
	MCMD_KIND_COUNT,
};

/* A fault set from the dashboard at the present, as the simulated
 * dashboard's keys do. Partitions and crashes count only while the
 * workload runs (they heal when it ends, for the check). */
enum mnet_kind {
	MNET_DROP,      /* prob: the drop rate from now on */
	MNET_DUPLICATE, /* prob: the duplicate rate */
	MNET_LATENCY,   /* latency_us, jitter_us: a hop from now on */
	MNET_PARTITION, /* node, mode: its links now (NONE: whole again) */
	MNET_HEAL,      /* every partition ends, scheduled ones too */
	MNET_CRASH,     /* node: kill its program */
	MNET_RESTART,   /* node: start it again, sent init (amnesia) */
	MNET_KIND_COUNT,
};

struct mcmd {
	enum mcmd_kind kind;
	uint32_t node;
	int status;         /* EXIT: a wait status */
	int64_t delta;      /* ADD (negative: pn-counter only) */
	enum mnet_kind net; /* NET: which, and its values: */
	double prob;
	uint64_t latency_us, jitter_us;
	enum sim_partition mode;
	char *line; /* OUT: owned by the log once applied */
	size_t len;
	uint64_t time_us, after_events; /* stamped when applied */
};

struct mworld_node_view {
	bool up, initialized;
	bool crashed; /* down by a crash fault, to be restarted */
	bool exited;  /* its program ended by itself */
	bool vacant;  /* a seat kept for a student that nobody took (yet) */
	uint32_t restarts;
	bool has_read, has_final;
	int64_t last_read, final_read;
	uint32_t counter_slots; /* of the last counter its messages carried */
	const uint64_t *counter;
	const char *problem; /* the first thing it did wrong, or NULL */
	bool valid;          /* after the check */
	const char *verdict; /* after the check: why it passed or failed */
};

struct mworld_stats {
	uint64_t sent, delivered, dropped, duplicated, lost, refused;
	uint64_t client_requests, client_replies;
	uint64_t adds, adds_ok, adds_failed; /* failed: a definite error */
	uint64_t reads, reads_ok;
};

struct mworld;

struct mworld *mworld_new(const struct mworld_config *config,
                          const struct mworld_io *io, void *ctx, char *err,
                          size_t errlen);
void mworld_free(struct mworld *w);
/* A deep copy, for a checkpoint of the past: it has no io (it never
 * touches a program) and no command log of its own (what is applied to
 * it from then on is logged). NULL when memory runs out. */
struct mworld *mworld_clone(const struct mworld *w);
const struct mworld_config *mworld_config(const struct mworld *w);

bool mworld_next_time(const struct mworld *w, uint64_t *t_us);
/* Runs every event due at or before t, then sets the clock to t. */
void mworld_run_until(struct mworld *w, uint64_t t_us);
bool mworld_step(struct mworld *w);
/* Applies a command now (stamps it, logs it: a line is copied). */
int mworld_apply(struct mworld *w, const struct mcmd *cmd, char *err,
                 size_t errlen);
/* Runs to a logged command's place, then applies it. */
int mworld_replay(struct mworld *w, const struct mcmd *cmd, char *err,
                  size_t errlen);
const struct mcmd *mworld_log(const struct mworld *w, size_t *count);
/* True once the final reads were answered or timed out: checked. */
bool mworld_done(const struct mworld *w);
/* Runs what is left with no program to answer (a replay's end). */
void mworld_finish(struct mworld *w);

uint64_t mworld_now(const struct mworld *w);
uint64_t mworld_events_run(const struct mworld *w);
void mworld_node(const struct mworld *w, uint32_t node,
                 struct mworld_node_view *out);
const struct mworld_stats *mworld_stats(const struct mworld *w);
enum sim_partition mworld_partition(const struct mworld *w, uint32_t node);
/* The network's settings now (the config's, changed by fault keys). */
struct mworld_net {
	double drop, duplicate;
	uint64_t latency_us, jitter_us;
};
void mworld_net(const struct mworld *w, struct mworld_net *out);
/* Whether the workload runs now (begun and not yet over). */
bool mworld_workload_active(const struct mworld *w);
/* Why the workload ended before --duration (a limit of the run's log
 * was near), and when; NULL when it ran its course. */
const char *mworld_cut(const struct mworld *w, uint64_t *at_us);
/* Whether the workload's clock has started (every node answered init, or
 * --answer passed), and when: the workload's times count from there. */
bool mworld_begun(const struct mworld *w, uint64_t *begin_us);

/* The checker's result (valid after mworld_done). */
struct mworld_verdict {
	bool valid;
	int64_t acknowledged;       /* sum of the adds answered add_ok */
	int64_t indeterminate;      /* sum of the adds never answered */
	int64_t indeterminate_up;   /* ... of the positive ones among them */
	int64_t indeterminate_down; /* ... of the negative ones (<= 0) */
	uint32_t indeterminate_ops; /* how many they are */
	bool exact_subsets;         /* false: too many to enumerate, so
	                               only the range was checked */
	uint64_t checked_us;        /* when the check ran */
};
void mworld_verdict(const struct mworld *w, struct mworld_verdict *out);
/* The same sums so far (acknowledged, indeterminate), for a screen. */
void mworld_tally(const struct mworld *w, struct mworld_verdict *out);

/* The messages in flight (in no set order): cursor from 0, false at the end. */
struct mworld_flight {
	uint32_t from, to;
	uint64_t sent_us, deliver_us;
	const char *line;
};
bool mworld_flight_next(const struct mworld *w, uint32_t *cursor,
                        struct mworld_flight *out);

#endif
