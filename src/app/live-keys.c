/*
 * What each key does: one small action per keymap action, in a table. An
 * action that changes the world builds a command and hands it to the
 * world (so logs and replays hold it); the rest change how the world is
 * shown or paced. Each says in l->did what it did, for the status line.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/live-cycle.h"
#include "app/live-internal.h"
#include "sim/strategy.h"
#include "ui/dashboard.h"
#include "ui/keymap.h"

/* Lines PgUp and PgDn move the help by. */
#define HELP_PAGE 10

static void did(struct live *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void did(struct live *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->did, sizeof l->did, fmt, ap);
	va_end(ap);
}

static bool apply(struct live *l, const struct command *cmd)
{
	return live_world_apply(l, cmd);
}

static void node_name(uint32_t node, char *buf, size_t cap)
{
	sim_node_name(node, buf, cap);
}

/* "10%", from the probability the engine holds. */
static void percent(double p, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.0f%%", p * 100);
}

/* --- nodes and time ------------------------------------------------------- */

static void act_increment(struct live *l, uint32_t node)
{
	const struct command cmd = {
	    .kind = CMD_INCREMENT, .node = node, .amount = 1};
	char name[16];

	node_name(node, name, sizeof name);
	if (apply(l, &cmd)) {
		l->selected = node;
		did(l, "%s +1", name);
	} else {
		/* A node that is down still gets selected, so that the next
		 * key (c: restart) acts on the node just named. */
		if (node < sim_node_count(l->sim) &&
		    sim_node_down(l->sim, node))
			l->selected = node;
		did(l, "%s: refused", name);
	}
}

static void act_increment_node(struct live *l, int arg)
{
	act_increment(l, (uint32_t)arg);
}

static void act_increment_selected(struct live *l, int arg)
{
	(void)arg;
	act_increment(l, l->selected);
}

/* A PN-Counter's node counts down: its own slot of N grows. A G-Counter
 * cannot, and the key says so rather than do nothing. */
static void act_decrement(struct live *l, uint32_t node)
{
	const struct command cmd = {
	    .kind = CMD_DECREMENT, .node = node, .amount = 1};
	char name[16];

	node_name(node, name, sizeof name);
	if (sim_config(l->sim)->crdt != CRDT_PNCOUNTER) {
		live_set_flash(l,
		               "a G-Counter only counts up %s start with "
		               "--crdt pncounter",
		               l->utf8 ? "\u2014" : "-");
		did(l, "%s %s1 refused", name, l->utf8 ? "\u2212" : "-");
		return;
	}
	if (apply(l, &cmd)) {
		l->selected = node;
		did(l, "%s %s1", name, l->utf8 ? "\u2212" : "-");
	} else {
		did(l, "%s: refused", name);
	}
}

static void act_decrement_node(struct live *l, int arg)
{
	act_decrement(l, (uint32_t)arg);
}

static void act_decrement_selected(struct live *l, int arg)
{
	(void)arg;
	act_decrement(l, l->selected);
}

static void select_node(struct live *l, uint32_t node)
{
	char name[16];

	l->selected = node;
	node_name(node, name, sizeof name);
	did(l, "selected %s", name);
}

static void act_select_next(struct live *l, int arg)
{
	(void)arg;
	select_node(l, (l->selected + 1) % sim_node_count(l->sim));
}

static void act_select_prev(struct live *l, int arg)
{
	uint32_t n = sim_node_count(l->sim);

	(void)arg;
	select_node(l, (l->selected + n - 1) % n);
}

static void act_gossip(struct live *l, int arg)
{
	const struct command cmd = {.kind = CMD_GOSSIP_NOW,
	                            .node = l->selected};
	char name[16];

	(void)arg;
	node_name(l->selected, name, sizeof name);
	if (apply(l, &cmd))
		did(l, "%s gossips now", name);
}

static void act_pause(struct live *l, int arg)
{
	(void)arg;
	/* Running on ends narrated stepping: its sentences are per step. */
	if (!l->running && l->narrating) {
		live_world_narrate(l, false);
		live_set_flash(l, "narration off");
	}
	live_set_running(l, !l->running);
	did(l, "%s", l->running ? "run" : "pause");
}

static void act_step(struct live *l, int arg)
{
	(void)arg;
	/* Stepping is for a paused world: a first step stops the clock. */
	live_set_running(l, false);
	if (!live_world_step(l))
		live_set_flash(l, "nothing to step: no event is pending");
	did(l, "%s", l->narrating ? "narrated step" : "step one event");
}

static void act_narrate(struct live *l, int arg)
{
	(void)arg;
	live_world_narrate(l, !l->narrating);
	if (l->narrating) {
		live_set_running(l, false);
		live_set_flash(l, "narrated stepping: . or PgDn steps one "
		                  "event and tells it; n stops");
	} else {
		live_set_flash(l, "narration off");
	}
	did(l, "narration %s", l->narrating ? "on" : "off");
}

static void act_faster(struct live *l, int arg)
{
	(void)arg;
	live_change_speed(l, 1);
	did(l, "faster");
}

static void act_slower(struct live *l, int arg)
{
	(void)arg;
	live_change_speed(l, -1);
	did(l, "slower");
}

static void act_restart(struct live *l, int arg)
{
	char err[160];

	(void)arg;
	if (live_world_restart(l, err, sizeof err) != 0) {
		live_set_flash(l, "cannot restart: %s", err);
		return;
	}
	live_reanchor(l);
	live_set_flash(l, "restarted with seed %" PRIu64, l->config.seed);
	did(l, "restart the world");
}

static void act_big(struct live *l, int arg)
{
	(void)arg;
	l->big = !l->big;
	did(l, "big digits %s", l->big ? "on" : "off");
}

/* --- strategies and faults ------------------------------------------------ */

/* Names of what a key skipped, "gossip, push-pull", for its message. */
static void add_name(char *buf, size_t cap, const char *name)
{
	size_t len = strlen(buf);

	if (len < cap)
		snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", name);
}

/* In an op mode, strategies that pass state from peer to peer cannot
 * carry ops (an op must reach every node from its origin): s skips them
 * and says so, rather than stop at an error. */
static void switch_strategy(struct live *l, int delta)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);
	const struct sim_config *c = sim_config(l->sim);
	uint32_t now = strategy_index(c->strategy), next = now;
	struct command cmd = {.kind = CMD_SET_STRATEGY};
	char skipped[96] = "";

	for (size_t tries = 0; tries < count; tries++) {
		next = (uint32_t)(((size_t)next + count +
		                   (size_t)(delta % (int)count)) %
		                  count);
		if (sim_mode_fits_strategy(c->mode, all[next]))
			break;
		add_name(skipped, sizeof skipped, all[next]->name);
	}
	cmd.strategy = next;
	if (next == now) {
		live_set_flash(l, "%s mode: no other strategy carries ops",
		               sim_mode_name(c->mode));
		did(l, "strategy: nothing else fits %s mode",
		    sim_mode_name(c->mode));
		return;
	}
	if (!apply(l, &cmd))
		return;
	if (skipped[0] != '\0') {
		/* Short enough for 80 columns beside "? help q quit". */
		live_set_flash(
		    l, "strategy %s: %s mode skips %s", all[cmd.strategy]->name,
		    sim_mode_name(sim_config(l->sim)->mode), skipped);
		eventlog_note(l->log, sim_now(l->sim),
		              "skipped %s: ops cannot pass from peer to peer",
		              skipped);
		did(l, "strategy %s (skipped %s)", all[cmd.strategy]->name,
		    skipped);
		return;
	}
	live_set_flash(l, "strategy %s: %s", all[cmd.strategy]->name,
	               all[cmd.strategy]->summary);
	did(l, "strategy %s", all[cmd.strategy]->name);
}

/* The next propagation mode. Under a strategy that cannot carry ops the
 * op modes are skipped, with the reason and the way out. */
static void act_mode(struct live *l, int arg)
{
	const struct sim_config *c = sim_config(l->sim);
	struct command cmd = {.kind = CMD_SET_MODE};
	enum sim_mode next = c->mode;
	bool skipped = false;
	const char *mode;

	(void)arg;
	do {
		next = (enum sim_mode)((next + 1) % MODE_COUNT);
		if (!sim_mode_fits_strategy(next, c->strategy))
			skipped = true;
	} while (!sim_mode_fits_strategy(next, c->strategy));
	cmd.mode = (uint32_t)next;
	if (!apply(l, &cmd))
		return;
	mode = sim_mode_name(next);
	if (skipped) {
		/* The flash fits 80 columns; the log says why. */
		live_set_flash(l, "op modes need relay, interval, on-change "
		                  "or hybrid: press s");
		eventlog_note(l->log, sim_now(l->sim),
		              "skipped op and op-reliable: %s passes state "
		              "from peer to peer",
		              sim_config(l->sim)->strategy->name);
		did(l, "mode %s (op modes skipped)", mode);
		return;
	}
	live_set_flash(l, "mode %s: %s", mode, sim_mode_summary(next));
	did(l, "mode %s", mode);
}

static void act_strategy_next(struct live *l, int arg)
{
	(void)arg;
	switch_strategy(l, 1);
}

static void act_strategy_prev(struct live *l, int arg)
{
	(void)arg;
	switch_strategy(l, -1);
}

static void act_drop(struct live *l, int arg)
{
	struct command cmd = {.kind = CMD_SET_DROP};
	char p[16];

	(void)arg;
	cmd.probability = live_cycle_probability(sim_config(l->sim)->drop);
	if (!apply(l, &cmd))
		return;
	percent(cmd.probability, p, sizeof p);
	if (cmd.probability > 0)
		live_set_flash(l,
		               "drop %s: the network loses %s of the "
		               "messages; gossip repairs it",
		               p, p);
	else
		live_set_flash(l, "drop 0%%: no message is lost");
	did(l, "drop %s", p);
}

static void act_duplicate(struct live *l, int arg)
{
	struct command cmd = {.kind = CMD_SET_DUPLICATE};
	char p[16];

	(void)arg;
	cmd.probability = live_cycle_probability(sim_config(l->sim)->duplicate);
	if (!apply(l, &cmd))
		return;
	percent(cmd.probability, p, sizeof p);
	if (cmd.probability > 0)
		live_set_flash(l,
		               "duplicate %s: %s of the messages arrive "
		               "twice; merge is idempotent",
		               p, p);
	else
		live_set_flash(l, "duplicate 0%%: every message arrives once");
	did(l, "duplicate %s", p);
}

static void act_latency(struct live *l, int arg)
{
	struct command cmd = {.kind = CMD_SET_LATENCY};
	char text[48];

	(void)arg;
	cmd.latency = live_cycle_latency(&sim_config(l->sim)->latency,
	                                 &sim_initial_config(l->sim)->latency);
	if (!apply(l, &cmd))
		return;
	latency_format(&cmd.latency, text, sizeof text);
	if (live_same_latency(&cmd.latency,
	                      &sim_initial_config(l->sim)->latency))
		live_set_flash(l, "latency %s: as the world started", text);
	else
		live_set_flash(l,
		               "latency %s: messages overtake each other "
		               "(reordering); max still wins",
		               text);
	did(l, "latency %s", text);
}

static void act_partition(struct live *l, int arg)
{
	struct command cmd = {.kind = CMD_PARTITION, .node = l->selected};
	char name[16];
	static const char *const words[] = {
	    [PARTITION_NONE] = "joined again",
	    [PARTITION_BOTH] = "cut off both ways",
	    [PARTITION_NO_RECEIVE] = "in: it can send but not receive",
	    [PARTITION_NO_SEND] = "out: it can receive but not send",
	};

	(void)arg;
	cmd.mode =
	    live_cycle_partition(sim_node_partition(l->sim, l->selected));
	if (!apply(l, &cmd))
		return;
	node_name(l->selected, name, sizeof name);
	live_set_flash(l, "%s %s", name, words[cmd.mode]);
	did(l, "partition %s %s", name,
	    cmd.mode == PARTITION_NONE         ? "none"
	    : cmd.mode == PARTITION_BOTH       ? "both"
	    : cmd.mode == PARTITION_NO_RECEIVE ? "in"
	                                       : "out");
}

static void act_heal(struct live *l, int arg)
{
	const struct command cmd = {.kind = CMD_HEAL};
	uint32_t n = sim_node_count(l->sim), cut = 0;

	(void)arg;
	for (uint32_t i = 0; i < n; i++)
		if (sim_node_partition(l->sim, i) != PARTITION_NONE)
			cut++;
	if (cut == 0) {
		live_set_flash(l, "nothing to heal: no node is partitioned");
		did(l, "heal (nothing to heal)");
		return;
	}
	if (apply(l, &cmd)) {
		live_set_flash(l, "healed: %" PRIu32 " node%s joined again",
		               cut, cut == 1 ? "" : "s");
		did(l, "heal every partition");
	}
}

static bool is_op_mode(enum sim_mode mode)
{
	return mode == MODE_OP || mode == MODE_OP_RELIABLE;
}

static void act_crash(struct live *l, int arg)
{
	struct command cmd = {.node = l->selected};
	char name[16];
	bool amnesia = l->restart_mode == RESTART_AMNESIA;

	(void)arg;
	node_name(l->selected, name, sizeof name);
	if (sim_node_down(l->sim, l->selected)) {
		enum sim_mode mode = sim_config(l->sim)->mode;

		cmd.kind = CMD_RESTART;
		cmd.mode = l->restart_mode;
		/* Ops are sent once, so op modes keep replicas on disk: the
		 * engine refuses amnesia there; restart durably and say so. */
		if (amnesia && (mode == MODE_OP || mode == MODE_OP_RELIABLE)) {
			cmd.mode = RESTART_DURABLE;
			if (!apply(l, &cmd))
				return;
			live_set_flash(l,
			               "%s restarted durably: op modes keep "
			               "replicas on disk",
			               name);
			did(l, "restart %s (durable: %s mode)", name,
			    sim_mode_name(mode));
			return;
		}
		if (!apply(l, &cmd))
			return;
		live_set_flash(l, "%s restarted %s", name,
		               amnesia ? "from ZERO (amnesia): its new "
		                         "increments hide behind its old count"
		                       : "with its own count from disk");
		did(l, "restart %s%s", name, amnesia ? " (amnesia)" : "");
		return;
	}
	cmd.kind = CMD_CRASH;
	if (!apply(l, &cmd))
		return;
	live_set_flash(l, "%s crashed: c again restarts it (%s)", name,
	               amnesia && !is_op_mode(sim_config(l->sim)->mode)
	                   ? "from zero"
	                   : "durably");
	did(l, "crash %s", name);
}

static void act_restart_mode(struct live *l, int arg)
{
	enum sim_mode mode = sim_config(l->sim)->mode;

	(void)arg;
	if (l->restart_mode == RESTART_DURABLE &&
	    (mode == MODE_OP || mode == MODE_OP_RELIABLE)) {
		live_set_flash(l, "op modes keep replicas on disk: restarts "
		                  "stay durable");
		did(l, "restart mode stays durable (%s mode)",
		    sim_mode_name(mode));
		return;
	}
	l->restart_mode = l->restart_mode == RESTART_AMNESIA ? RESTART_DURABLE
	                                                     : RESTART_AMNESIA;
	if (l->restart_mode == RESTART_AMNESIA)
		live_set_flash(l, "restarts from ZERO (amnesia): a restarted "
		                  "worker forgets its own count");
	else
		live_set_flash(l, "restarts are durable: a worker gets its own "
		                  "count back from disk");
	did(l, "restart mode %s",
	    l->restart_mode == RESTART_AMNESIA ? "amnesia" : "durable");
}

static void act_relay(struct live *l, int arg)
{
	struct command cmd = {.node = SIM_RELAY};
	bool relay = sim_config(l->sim)->strategy == &strategy_relay;

	(void)arg;
	cmd.kind = sim_relay_down(l->sim) ? CMD_RESTART : CMD_CRASH;
	if (!apply(l, &cmd))
		return;
	if (cmd.kind == CMD_RESTART)
		live_set_flash(l, "the relay is back");
	else
		live_set_flash(l, "the relay crashed: %s",
		               relay ? "nothing propagates until it is back"
		                     : "this strategy does not use it");
	did(l, "%s the relay", cmd.kind == CMD_RESTART ? "restart" : "crash");
}

static void act_reader(struct live *l, int arg)
{
	struct command cmd = {.kind = CMD_SET_READER};
	static const char *const names[] = {
	    [READER_NONE] = "off",
	    [READER_RANDOM] = "random",
	    [READER_STICKY] = "sticky",
	};

	(void)arg;
	cmd.mode = live_cycle_reader(sim_config(l->sim)->reader);
	if (!apply(l, &cmd))
		return;
	if (cmd.mode == READER_RANDOM)
		live_set_flash(l, "reader random: each read asks a random "
		                  "replica, and may count down");
	else if (cmd.mode == READER_STICKY)
		live_set_flash(l, "reader sticky: every read asks the same "
		                  "replica, which never goes backwards");
	else
		live_set_flash(l, "reader off");
	did(l, "reader %s", names[cmd.mode]);
}

/* --- the screen ------------------------------------------------------------
 */

static void act_help(struct live *l, int arg)
{
	(void)arg;
	if (l->help_open) {
		l->help_open = false;
		live_set_running(l, l->resume_after_help);
		did(l, "close the help");
		return;
	}
	l->help_open = true;
	l->help_scroll = 0;
	l->resume_after_help = l->running;
	live_set_running(l, false);
	did(l, "help");
}

static void act_close(struct live *l, int arg)
{
	if (l->help_open)
		act_help(l, arg);
}

static void act_quit(struct live *l, int arg)
{
	(void)arg;
	live_quit(l, 0);
}

static void act_redraw(struct live *l, int arg)
{
	(void)arg;
	l->dirty |= LIVE_DIRTY_FULL;
}

static void act_page_up(struct live *l, int arg)
{
	(void)arg;
	live_set_flash(l, "PgUp: the world only goes forward (r restarts)");
}

static void act_none(struct live *l, int arg)
{
	(void)l;
	(void)arg;
}

/* While the help is open, the moving keys scroll it. How far it can go
 * is known once it is drawn: each frame brings help_scroll back in range
 * (keys typed ahead of the first frame still count). */
static void scroll_help(struct live *l, int lines)
{
	int64_t next = (int64_t)l->help_scroll + lines;

	if (next < 0)
		next = 0;
	if (next > LIVE_HELP_LINES_MAX)
		next = LIVE_HELP_LINES_MAX;
	l->help_scroll = (uint32_t)next;
}

struct action {
	void (*run)(struct live *l, int arg);
	bool in_help;       /* still works while the help overlay is open */
	int help_scroll;    /* nonzero: scrolls the help by this instead */
	bool changes_world; /* applies a command (refused in a replay) */
};

static const struct action actions[ACTION_COUNT] = {
    [ACTION_NONE] = {.run = act_none, .in_help = true, .help_scroll = 0},
    [ACTION_INCREMENT_NODE] = {.run = act_increment_node,
                               .in_help = false,
                               .help_scroll = 0,
                               .changes_world = true},
    [ACTION_SELECT_NEXT] = {.run = act_select_next,
                            .in_help = false,
                            .help_scroll = 1},
    [ACTION_SELECT_PREV] = {.run = act_select_prev,
                            .in_help = false,
                            .help_scroll = -1},
    [ACTION_INCREMENT_SELECTED] = {.run = act_increment_selected,
                                   .in_help = false,
                                   .help_scroll = 0,
                                   .changes_world = true},
    [ACTION_GOSSIP_SELECTED] = {.run = act_gossip,
                                .in_help = false,
                                .help_scroll = 0,
                                .changes_world = true},
    [ACTION_PAUSE] = {.run = act_pause,
                      .in_help = false,
                      .help_scroll = HELP_PAGE},
    [ACTION_STEP] = {.run = act_step,
                     .in_help = false,
                     .help_scroll = HELP_PAGE},
    [ACTION_PAGE_UP] = {.run = act_page_up,
                        .in_help = false,
                        .help_scroll = -HELP_PAGE},
    [ACTION_FASTER] = {.run = act_faster, .in_help = false, .help_scroll = 0},
    [ACTION_SLOWER] = {.run = act_slower, .in_help = false, .help_scroll = 0},
    [ACTION_RESTART] = {.run = act_restart, .in_help = false, .help_scroll = 0},
    [ACTION_BIG] = {.run = act_big, .in_help = false, .help_scroll = 0},
    [ACTION_HELP] = {.run = act_help, .in_help = true, .help_scroll = 0},
    [ACTION_CLOSE] = {.run = act_close, .in_help = true, .help_scroll = 0},
    [ACTION_QUIT] = {.run = act_quit, .in_help = true, .help_scroll = 0},
    [ACTION_REDRAW] = {.run = act_redraw, .in_help = true, .help_scroll = 0},
    [ACTION_STRATEGY_NEXT] = {.run = act_strategy_next,
                              .in_help = false,
                              .help_scroll = 0,
                              .changes_world = true},
    [ACTION_STRATEGY_PREV] = {.run = act_strategy_prev,
                              .in_help = false,
                              .help_scroll = 0,
                              .changes_world = true},
    [ACTION_DROP] = {.run = act_drop,
                     .in_help = false,
                     .help_scroll = 0,
                     .changes_world = true},
    [ACTION_DUPLICATE] = {.run = act_duplicate,
                          .in_help = false,
                          .help_scroll = 0,
                          .changes_world = true},
    [ACTION_LATENCY] = {.run = act_latency,
                        .in_help = false,
                        .help_scroll = 0,
                        .changes_world = true},
    [ACTION_PARTITION] = {.run = act_partition,
                          .in_help = false,
                          .help_scroll = 0,
                          .changes_world = true},
    [ACTION_HEAL] = {.run = act_heal,
                     .in_help = false,
                     .help_scroll = 0,
                     .changes_world = true},
    [ACTION_CRASH] = {.run = act_crash,
                      .in_help = false,
                      .help_scroll = 0,
                      .changes_world = true},
    [ACTION_RESTART_MODE] = {.run = act_restart_mode,
                             .in_help = false,
                             .help_scroll = 0},
    [ACTION_RELAY] = {.run = act_relay,
                      .in_help = false,
                      .help_scroll = 0,
                      .changes_world = true},
    [ACTION_READER] = {.run = act_reader,
                       .in_help = false,
                       .help_scroll = 0,
                       .changes_world = true},
    [ACTION_NARRATE] = {.run = act_narrate,
                        .in_help = false,
                        .help_scroll = 0,
                        .changes_world = false},
    [ACTION_DECREMENT_NODE] = {.run = act_decrement_node,
                               .in_help = false,
                               .help_scroll = 0,
                               .changes_world = true},
    [ACTION_DECREMENT_SELECTED] = {.run = act_decrement_selected,
                                   .in_help = false,
                                   .help_scroll = 0,
                                   .changes_world = true},
    [ACTION_MODE_NEXT] = {.run = act_mode,
                          .in_help = false,
                          .help_scroll = 0,
                          .changes_world = true},
};

/* --show-keys: what was pressed and what it did, for a silent video. */
static void caption_key(struct live *l, int key)
{
	char name[32];

	if (!l->opts->show_keys)
		return;
	keymap_key_name(key, name, sizeof name);
	snprintf(l->key_caption, sizeof l->key_caption, "key: %s %s %s", name,
	         l->utf8 ? "\u2192" : "->",
	         l->did[0] != '\0' ? l->did : "nothing");
}

void live_handle_key(struct live *l, int key)
{
	struct keymap_hit hit = keymap_lookup(key);
	const struct action *action = &actions[hit.action];
	struct live_script *script = l->script;
	char name[32];

	l->flash[0] = '\0';
	l->did[0] = '\0';
	if (hit.action == ACTION_NONE) {
		keymap_key_name(key, name, sizeof name);
		live_set_flash(l, "%s does nothing here: press ? for the keys",
		               name);
	} else if (l->help_open && action->help_scroll != 0) {
		scroll_help(l, action->help_scroll);
		did(l, "scroll the help");
	} else if (l->help_open && !action->in_help) {
		live_set_flash(l, "press ? or Esc to close the help first");
	} else if (script != NULL && player_waiting(script->player) &&
	           (hit.action == ACTION_PAUSE || hit.action == ACTION_STEP)) {
		/* The clicker's keys: the presenter goes on, running again
		 * if the clock was running (stepping goes on stepping). */
		live_script_go_on(l);
		if (player_resume(script->player) && !l->narrating)
			live_set_running(l, true);
		did(l, "go on");
	} else if (action->changes_world && live_script_locked(l)) {
		/* Short enough for 80 columns beside "? help q quit". */
		live_set_flash(l, "a key that changes the world would break "
		                  "the replay; r starts it over");
		did(l, "refused during a replay");
	} else {
		action->run(l, hit.arg);
	}
	caption_key(l, key);
	live_mark_dirty(l, LIVE_DIRTY_FRAME);
}
