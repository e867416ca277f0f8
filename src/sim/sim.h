/*
 * The simulated world in virtual time: worker nodes holding G-Counters, a
 * master relay, a network with latency, a workload, and the truth. The world
 * is a pure function of (config, seed, command log): it never reads the wall
 * clock, never sleeps, and includes neither libevent nor curses.
 */
#ifndef GCOUNTER_SIM_SIM_H
#define GCOUNTER_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crdt/gcounter.h"
#include "sim/latency.h"

/* Limits, documented in --help and the README. */
#define SIM_MAX_NODES       10000
#define SIM_MAX_RATE        100000.0 /* increments per virtual second */
#define SIM_MAX_DURATION_US (24ULL * 3600 * 1000000) /* one virtual day */
/* The network's budgets: copies in flight at once, which scales with the
 * world (nodes^2, a relay's fan-out of every worker's vector, but at
 * least SIM_MAX_IN_FLIGHT and at most SIM_MAX_IN_FLIGHT_CAP); and bytes
 * of vectors held at once, by messages in flight (a snapshot only a
 * node's cache holds is let go). A send past either is refused: dropped,
 * and counted with why (sim_stats' refused_*, a REC_DROP's `refused`). */
#define SIM_MAX_IN_FLIGHT     (1u << 21)
#define SIM_MAX_IN_FLIGHT_CAP (1u << 26)
#define SIM_MAX_PAYLOAD_BYTES (256ULL << 20)
#define SIM_MAX_INCREMENT     1000000000ULL /* one increment command's k */
/* The most increments a world counts in all: far beyond any demo, and it
 * keeps every count and sum clear of 64-bit overflow. */
#define SIM_MAX_TOTAL    (1ULL << 62)
#define SIM_MAX_COMMANDS (1u << 20) /* entries in the command log */
/* The shortest gossip timer: a faster one would only burn CPU. */
#define SIM_MIN_GOSSIP_US 1000

/* The address of the master relay (workers are 0..nodes-1). */
#define SIM_RELAY UINT32_MAX

struct strategy;

/* A reader reads the counter's value from a replica, as the original web
 * counter served each page view from some node. */
enum sim_reader {
	READER_NONE,
	READER_RANDOM, /* a random live replica each time */
	READER_STICKY, /* the same replica while it lives */
};

/* Partitions cut a worker's links; "both" isolates it. */
enum sim_partition {
	PARTITION_NONE = 0,
	PARTITION_NO_RECEIVE = 1, /* it can send but not receive */
	PARTITION_NO_SEND = 2,    /* it can receive but not send */
	PARTITION_BOTH = 3,
};

/* Which CRDT the nodes hold. A PN-Counter's vector has 2N slots: the P
 * half (increments, n1..nN) then the N half (decrements); node i owns
 * slot i and slot N+i. Everything else (merge, truth, convergence) works
 * slot by slot and does not care. */
enum sim_crdt {
	CRDT_GCOUNTER,
	CRDT_PNCOUNTER,
};

/*
 * What a message carries: the propagation mode. The strategy decides when a
 * node sends and to whom; the mode decides what goes in the message.
 */
enum sim_mode {
	MODE_STATE, /* the whole vector */
	MODE_DELTA, /* only the slots that peer may lack (delta-state) */
	MODE_OP,    /* "+k at n_i" once: no de-duplication, no resending */
	/* Ops numbered per origin: receivers drop duplicates and apply in
	 * order, acknowledge, and senders resend what was not acknowledged. */
	MODE_OP_RELIABLE,
	MODE_COUNT,
};

/* How a crashed worker comes back. */
enum sim_restart {
	RESTART_DURABLE, /* its own slot from its durable record */
	RESTART_AMNESIA, /* from zero: what goes wrong without a disk */
	/* Durable, and from now on its replica lives outside (a phone took
	 * the seat, app/web-room.c): no gossip timer and no automatic
	 * increments of its own; what it does arrives as commands. */
	RESTART_REMOTE,
};

struct sim_config {
	uint32_t nodes;
	uint64_t seed;
	const struct strategy *strategy;
	struct latency_model latency;
	uint64_t gossip_min_us; /* each worker's timer: uniform in [min,max] */
	uint64_t gossip_max_us;
	double rate;             /* automatic increments per second; 0 = none */
	uint64_t duration_us;    /* the workload stops here; 0 = never */
	double drop;             /* probability a message is lost */
	double duplicate;        /* probability a message arrives twice */
	uint32_t fanout;         /* gossip: peers pushed to per round */
	uint32_t hybrid_changes; /* hybrid: send after this many increments */
	enum sim_crdt crdt;
	enum sim_mode mode;
	enum sim_reader reader; /* who reads the counter, like page views */
	double read_rate;       /* reads per virtual second */
	/* The network's budgets (see SIM_MAX_IN_FLIGHT); 0, the default,
	 * is the world's own. Not a setting: for tests and benches, which
	 * want a budget that binds. */
	uint64_t max_in_flight;
	uint64_t max_payload_bytes;
};

/* What a message is for. STATE, PUSH and REPLY carry a payload. */
enum sim_message_kind {
	MSG_STATE, /* a node's state, to merge (relay, broadcasts) */
	MSG_PUSH,  /* gossip: a pushed state; push-pull answers it */
	MSG_REPLY, /* push-pull and pull: the answer, never answered */
	MSG_PULL,  /* pull: "send me your state"; no payload */
	MSG_ACK,   /* op-reliable: "I have applied your ops up to seq" */
	MSG_NACK,  /* delta: "I missed a delta of yours: send it all" */
	MSG_KIND_COUNT,
};

/* The form of a message's payload, which follows from the mode. */
enum sim_payload_form {
	PAYLOAD_NONE,  /* PULL, ACK, NACK */
	PAYLOAD_STATE, /* every slot */
	PAYLOAD_DELTA, /* some slots: (slot, value) pairs */
	PAYLOAD_OPS,   /* ops of one origin: "+k" (or "-k"), numbered */
};

/*
 * A payload as the world shows it. STATE: `vector`. DELTA: `count` pairs
 * of slots[i] and values[i]. OPS: `count` ops from number `seq` on, of
 * which `up` is the sum of increments and `down` of decrements; `absolute`
 * of them (the hand-over after a switch into an op mode) instead say
 * "the origin's own counts are at least up and down". `seq` is
 * also the link's message number in delta mode, and the acknowledged op
 * number of an ACK. `bytes` is the encoded size counted in bytes_sent.
 */
struct sim_payload_view {
	enum sim_payload_form form;
	const struct gcounter *vector;
	uint32_t count;
	const uint32_t *slots;
	const uint64_t *values;
	uint64_t seq;
	uint32_t dest; /* ACK, NACK: the worker whose messages they are about */
	uint64_t up, down;
	uint32_t absolute;
	uint32_t bytes;
};

/* Bytes a PULL request counts for in bytes_sent (it has no vector). */
#define SIM_REQUEST_BYTES      2
#define SIM_MAX_HYBRID_CHANGES 1000
/* Reads per second when a reader is chosen with no rate. */
#define SIM_DEFAULT_READ_RATE 10.0

/* (The defaults, sim_config_defaults, are the settings': script/settings.h.) */

/* --- commands: everything that changes the world -------------------- */

enum command_kind {
	CMD_INCREMENT,   /* node, amount */
	CMD_GOSSIP_NOW,  /* node: send its state now (its timer is untouched) */
	CMD_SET_RATE,    /* rate */
	CMD_SET_LATENCY, /* latency */
	CMD_SET_GOSSIP, /* min_us, max_us: applies from each timer's next arm */
	CMD_SET_DROP,   /* probability */
	CMD_SET_DUPLICATE, /* probability */
	CMD_SET_STRATEGY,  /* strategy: an index into strategy_all() */
	CMD_PARTITION,     /* node, mode (enum sim_partition) */
	CMD_HEAL,          /* every partition ends */
	CMD_CRASH,         /* node, or SIM_RELAY */
	CMD_RESTART,       /* node (mode: enum sim_restart), or SIM_RELAY */
	CMD_SET_READER,    /* mode (enum sim_reader) */
	CMD_DECREMENT,     /* node, amount: PN-Counter only */
	CMD_SET_MODE,      /* mode (enum sim_mode) */
	CMD_KIND_COUNT,
};

struct command {
	enum command_kind kind;
	uint32_t node;
	uint64_t amount;
	uint64_t min_us, max_us;
	double probability; /* CMD_SET_DROP, CMD_SET_DUPLICATE: 0 to 1 */
	double rate;        /* CMD_SET_RATE: increments per second */
	uint32_t strategy;
	uint32_t mode; /* partition, restart or propagation mode; reader */
	struct latency_model latency;
	/* Stamped by the engine when applied: the virtual time, and how many
	 * events had run before it, so a replay puts it in exactly the same
	 * place even among events of the same microsecond. */
	uint64_t time_us;
	uint64_t after_events;
};

/* --- what happened: a record per event, for logs, traces, narration --- */

enum sim_record_kind {
	REC_INCREMENT, /* node incremented its own slot by amount */
	REC_SEND,      /* a message left `from` for `to` */
	REC_DELIVER,   /* a message reached `to` and was merged */
	REC_DROP,      /* a message was lost on its way */
	REC_DUPLICATE, /* the network made a second copy */
	REC_TIMER,     /* node's gossip timer fired */
	REC_CONVERGED, /* every node now equals the truth */
	REC_DIVERGED,  /* no longer converged */
	REC_COMMAND,   /* a command other than an increment was applied */
	REC_LOST,      /* a message reached a cut link or a crashed node */
	REC_READ,      /* a reader read `amount` from node; `changed` is 1
	                  when that is less than the read before */
};

/* Why the network refused a send (a REC_DROP not of the dice). */
enum sim_refusal {
	REFUSED_NONE,          /* dropped by the dice, or not dropped */
	REFUSED_IN_FLIGHT,     /* the in-flight budget was full */
	REFUSED_PAYLOAD_BYTES, /* the payload-bytes budget was full */
};

struct sim_record {
	enum sim_record_kind kind;
	enum sim_refusal refused; /* REC_DROP: why, if a budget refused it */
	uint64_t time_us;
	uint32_t node;     /* who acted (receiver for DELIVER) */
	uint32_t from, to; /* message ends; SIM_RELAY for the master */
	uint32_t origin;   /* whose state a message carries */
	uint64_t amount;   /* increment size */
	bool decrement;    /* REC_INCREMENT of the N half (PN-Counter) */
	uint64_t message_id;
	enum sim_message_kind message_kind;
	/* For DELIVER: the payload, the receiver's vector before, and after.
	 * For INCREMENT and SEND: after/payload. Valid only during the call.
	 * `payload` is the vector a STATE or DELTA message carries (a delta's
	 * slots not carried are 0; `message` says which it is), NULL for the
	 * others; `message` describes any payload. */
	const struct gcounter *payload;
	const struct sim_payload_view *message;
	const struct gcounter *before;
	const struct gcounter *after;
	size_t changed; /* slots that grew in a merge */
	const struct command *command;
};

struct sim;
typedef void (*sim_observer)(void *ctx, const struct sim *sim,
                             const struct sim_record *record);

/* --- life cycle -------------------------------------------------------- */

/* Builds a world; NULL and a message in err if the config is invalid. */
struct sim *sim_new(const struct sim_config *config, char *err, size_t errlen);
void sim_free(struct sim *sim);
const struct sim_config *sim_config(const struct sim *sim);
/* The config the world was built with (commands change sim_config). */
const struct sim_config *sim_initial_config(const struct sim *sim);
/* Called for every record, in order; NULL to stop. Must not change sim. */
void sim_set_observer(struct sim *sim, sim_observer fn, void *ctx);

/* --- checkpoints (sim-checkpoint.c) ------------------------------------ */

/*
 * A deep, independent copy of the whole world at this instant (everything
 * sim_state_hash covers, scratch buffers allocated), with no observer.
 * Run forward with the same commands, the copy and the original give the
 * same records and results; sim_free frees it like any world.
 */
struct sim *sim_copy(const struct sim *sim);
/* A 64-bit hash of everything that decides the world's future and what it
 * shows: equal hashes mean (with overwhelming probability) the same world.
 * See sim-checkpoint.c for what it covers. */
uint64_t sim_state_hash(const struct sim *sim);
/* The bytes a copy of this world holds: what sim_copy allocates. */
size_t sim_memory_bytes(const struct sim *sim);

/* --- running ----------------------------------------------------------- */

/* Runs exactly one event; false if none is pending. */
bool sim_step(struct sim *sim);
/* Runs every event due at or before t, then sets the clock to t. */
void sim_run_until(struct sim *sim, uint64_t t_us);
/* Sets the clock back to t_us, which the caller knows is no earlier than
 * the last thing that happened (an event, a command): between them the
 * clock decides nothing, so the world's future is the same. Time travel
 * keeps a moment at its own time, not at the frame it was copied in. */
void sim_rewind_idle_clock(struct sim *sim, uint64_t t_us);
/* Time of the next pending event; false if there is none. */
bool sim_next_event_time(const struct sim *sim, uint64_t *t_us);
/* Applies a command now (stamping it) and logs it. 0, or -1 with err. */
int sim_apply(struct sim *sim, const struct command *cmd, char *err,
              size_t errlen);
/* Checks a command against this world without applying it. */
int sim_validate(const struct sim *sim, const struct command *cmd, char *err,
                 size_t errlen);
/*
 * Replays a logged command: runs events until exactly cmd->after_events have
 * run (and the clock reaches cmd->time_us), then applies it. A paced replay
 * must never run the world to cmd->time_us itself first: events of that
 * very microsecond may have run after the command in the recorded run.
 * Run to just before it, or let sim_replay do the stepping.
 */
int sim_replay(struct sim *sim, const struct command *cmd, char *err,
               size_t errlen);
/* Runs events until exactly after_events have run, then sets the clock to
 * time_us: the point a logged command or the end of a log names. */
int sim_seek(struct sim *sim, uint64_t time_us, uint64_t after_events,
             char *err, size_t errlen);
const struct command *sim_command_log(const struct sim *sim, size_t *count);

/* --- reading the world --------------------------------------------------- */

uint64_t sim_now(const struct sim *sim);
uint64_t sim_events_run(const struct sim *sim);
uint32_t sim_node_count(const struct sim *sim);
/* Slots per vector: the node count, twice that for a PN-Counter. */
uint32_t sim_vector_slots(const struct sim *sim);
/* A node's value as its CRDT defines it: sum for a G-Counter, sum(P) -
 * sum(N) for a PN-Counter. */
int64_t sim_node_signed_value(const struct sim *sim, uint32_t node);
/* What every node's value should become: increments minus decrements
 * made (less what amnesia lost). */
int64_t sim_join_signed_value(const struct sim *sim);
/* Increments minus decrements ever made: the truth of a PN-Counter. */
int64_t sim_true_value(const struct sim *sim);
/* The sum of every decrement made (0 for a G-Counter). */
uint64_t sim_truth_decrements(const struct sim *sim);
const struct gcounter *sim_node_vector(const struct sim *sim, uint32_t node);
uint64_t sim_node_value(const struct sim *sim, uint32_t node);
/* Virtual time at which this node's slot last grew (0 if never). */
uint64_t sim_cell_changed_at(const struct sim *sim, uint32_t node,
                             uint32_t slot);
/* The node's row of those times, one per slot (valid until the world next
 * changes). */
const uint64_t *sim_node_changed_at(const struct sim *sim, uint32_t node);
/* When the node's gossip timer fires next. */
uint64_t sim_node_next_gossip(const struct sim *sim, uint32_t node);

/* The truth: the join of every state ever held, and the total of all
 * increments ever made (the two agree unless amnesia lost some). */
const struct gcounter *sim_truth(const struct sim *sim);
uint64_t sim_truth_total(const struct sim *sim);
bool sim_converged(const struct sim *sim);
/* Whether a state (one some node held) tells some node other than
 * `origin` anything: a slot above that node's. Only the cells off the
 * truth are read, so once nearly converged it costs little. */
bool sim_state_is_news(const struct sim *sim, const struct gcounter *state,
                       uint32_t origin);
/* When the cluster last became converged; valid while converged. */
uint64_t sim_converged_at(const struct sim *sim);
/* Cells (live node, slot) off the truth: below it, or (after plain op
 * counted a duplicate) above it. 0 exactly when converged. */
uint64_t sim_cells_behind(const struct sim *sim);
/* Whether plain op ever counted a duplicate: some slot went above the
 * truth, and no mode can take that back (a max never goes down). */
bool sim_overcounted(const struct sim *sim);
bool sim_workload_active(const struct sim *sim);

/* Faults in force. */
bool sim_node_down(const struct sim *sim, uint32_t node);
/* Whether its replica lives outside (it restarted RESTART_REMOTE). */
bool sim_node_remote(const struct sim *sim, uint32_t node);
bool sim_relay_down(const struct sim *sim);
enum sim_partition sim_node_partition(const struct sim *sim, uint32_t node);
uint32_t sim_live_nodes(const struct sim *sim);
/* The value of the join of all states (the sum of sim_truth). Below
 * sim_truth_total only when amnesia hid increments: the difference is what
 * the cluster lost. */
uint64_t sim_join_value(const struct sim *sim);
/* Lost for good, as the README defines it: the increments made less the
 * join of what the nodes can converge to (P slots), and the same for a
 * PN-Counter's decrements (N slots). Each at most what was made. */
uint64_t sim_lost_increments(const struct sim *sim);
uint64_t sim_lost_decrements(const struct sim *sim);
/* The last value the reader read, and from whom (false before any read). */
bool sim_last_read(const struct sim *sim, uint32_t *node, uint64_t *value);
/* Reads that went backwards since the current reader began. */
uint64_t sim_reader_backwards(const struct sim *sim);

/* Convergence latency per increment: from the increment until every live
 * node has it. */
struct sim_latency {
	uint64_t samples, pending;
	uint64_t p50_us, p99_us, max_us;
};
void sim_latency(const struct sim *sim, struct sim_latency *latency);
/* The same over the increments that completed after the first
 * from_sample (a window: "since the last report"). */
void sim_latency_since(const struct sim *sim, uint64_t from_sample,
                       struct sim_latency *latency);

struct sim_message_view {
	uint32_t cursor; /* private: where sim_message_next goes on from */
	uint32_t cursor_copy;
	uint64_t id;
	uint32_t from, to, origin;
	enum sim_message_kind kind;
	uint64_t sent_us, deliver_us;
	const struct gcounter *payload; /* a STATE payload's vector, or NULL */
	struct sim_payload_view message;
};
/* Messages in flight, in the order they were sent: iterate with
 * sim_message_first, then sim_message_next until it returns false. A view
 * and its payload are valid only until the world next changes. */
size_t sim_in_flight(const struct sim *sim);
bool sim_message_first(const struct sim *sim, struct sim_message_view *view);
bool sim_message_next(const struct sim *sim, struct sim_message_view *view);

struct sim_stats {
	uint64_t increments; /* increment operations (not their sum) */
	uint64_t decrements; /* decrement operations (PN-Counter) */
	uint64_t sent;
	uint64_t delivered;
	uint64_t dropped;           /* by the dice or, refused, by a budget */
	uint64_t refused_in_flight; /* of which the in-flight budget */
	uint64_t refused_payload_bytes; /* and the payload-bytes budget */
	uint64_t duplicated;
	uint64_t bytes_sent; /* encoded payload bytes of every message sent */
	/* The same, and the increments and decrements made, per mode: what
	 * each mode cost while it was in force. */
	uint64_t mode_bytes[MODE_COUNT];
	uint64_t mode_messages[MODE_COUNT];
	uint64_t mode_counts[MODE_COUNT];
	uint64_t control_sent; /* ACKs and NACKs, included in sent */
	uint64_t ops_applied;  /* op modes: ops applied by receivers */
	uint64_t ops_ignored; /* op-reliable: duplicates and ops out of order */
	uint64_t ops_lost;    /* op-reliable: dropped from a full log, or
	                         never to be resent after an amnesia */
	uint64_t merges_changed; /* deliveries that grew the receiver */
	uint64_t events;
	uint64_t max_in_flight; /* the most messages in flight at once */
	uint64_t lost;          /* messages lost to partitions and crashes */
	uint64_t reads;
	uint64_t backwards_reads; /* reads lower than the read before */
	/* Idle traffic: messages (and their bytes) sent while the world was
	 * converged, every live node already holding every increment, so
	 * that they carried nothing new. Included in sent and bytes_sent;
	 * the work an increment caused is the rest. */
	uint64_t idle_sent, idle_bytes;
	uint64_t mode_idle_bytes[MODE_COUNT]; /* idle_bytes, per mode */
};
void sim_stats(const struct sim *sim, struct sim_stats *stats);
/*
 * The phase in force: since the last command that changed what is being
 * compared (the strategy, the mode or the reader), or since the start.
 * A phase's numbers are the world's less these, taken at its start.
 */
struct sim_phase {
	uint64_t start_us;
	struct sim_stats stats;
	uint64_t latency_samples; /* sim_latency's samples at its start */
};
const struct sim_phase *sim_phase(const struct sim *sim);
/* The network's budgets for this world (see SIM_MAX_IN_FLIGHT). */
void sim_budgets(const struct sim *sim, uint64_t *in_flight,
                 uint64_t *payload_bytes);

/*
 * Checks every invariant over the whole world: no slot above the truth
 * (unless plain op counted a duplicate), every node's own slots as its
 * durable record says, the incremental bookkeeping matches a recount.
 * Returns 0, or -1 with the first violation in err. O(nodes^2).
 */
int sim_check_invariants(const struct sim *sim, char *err, size_t errlen);

/* Modes by name ("state", "delta", "op", "op-reliable"), a one-line
 * summary for help screens, and whether a strategy can carry ops (they
 * must reach every node from their origin: relay, interval, on-change,
 * hybrid). */
const char *sim_mode_name(enum sim_mode mode);
bool sim_mode_find(const char *name, enum sim_mode *mode);
const char *sim_mode_summary(enum sim_mode mode);
bool sim_mode_fits_strategy(enum sim_mode mode,
                            const struct strategy *strategy);
/* Bytes of bookkeeping a node keeps for its mode beyond its vector:
 * delta's per-slot and per-peer numbers, op-reliable's per-origin
 * numbers and the log of ops not yet acknowledged by every peer. */
uint64_t sim_mode_state_bytes(const struct sim *sim, uint32_t node);
/* Ops the node holds because some peer has not acknowledged them. */
uint64_t sim_op_log_length(const struct sim *sim, uint32_t node);

/* A command's name as scenario files and logs write it ("inc"). */
const char *sim_command_name(enum command_kind kind);
/* "n3" for workers, "relay" for the master. */
size_t sim_node_name(uint32_t node, char *buf, size_t cap);

#endif
