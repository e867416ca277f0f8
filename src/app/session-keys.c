/*
 * The presenter's keys, handed to the session: one small action per
 * keymap action, in a table. An action that changes the world builds a
 * command and hands it to the world (so logs and replays hold it); the
 * rest change how the world is shown or paced. Each says in s->did what
 * it did, for the status line. Never reads a terminal or a clock: the
 * driver reads the key, and does what the returned bits say.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/session-cycle.h"
#include "app/session-internal.h"
#include "app/session-keys-time.h"
#include "script/choices.h"
#include "sim/mode.h"
#include "sim/strategy.h"
#include "ui/dashboard.h"
#include "ui/keymap.h"

/* Lines PgUp and PgDn move the help by. */
#define HELP_PAGE 10

static void did(struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void did(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->did, sizeof s->did, fmt, ap);
	va_end(ap);
}

static bool apply(struct session *s, const struct command *cmd)
{
	return session_apply(s, cmd);
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

static void act_increment(struct session *s, uint32_t node)
{
	const struct command cmd = {
	    .kind = CMD_INCREMENT, .node = node, .amount = 1};
	char name[16];

	node_name(node, name, sizeof name);
	if (apply(s, &cmd)) {
		s->selected = node;
		did(s, "%s +1", name);
	} else {
		/* A node that is down still gets selected, so that the next
		 * key (c: restart) acts on the node just named. */
		if (node < sim_node_count(s->sim) &&
		    sim_node_down(s->sim, node))
			s->selected = node;
		did(s, "%s: refused", name);
	}
}

static void act_increment_node(struct session *s, int arg)
{
	act_increment(s, (uint32_t)arg);
}

static void act_increment_selected(struct session *s, int arg)
{
	(void)arg;
	act_increment(s, s->selected);
}

/* A PN-Counter's node counts down: its own slot of N grows. A G-Counter
 * cannot, and the key says so rather than do nothing. */
static void act_decrement(struct session *s, uint32_t node)
{
	const struct command cmd = {
	    .kind = CMD_DECREMENT, .node = node, .amount = 1};
	char name[16];

	node_name(node, name, sizeof name);
	if (sim_config(s->sim)->crdt != CRDT_PNCOUNTER) {
		session_flash(s,
		              "a G-Counter only counts up %s start with "
		              "--crdt pncounter",
		              s->utf8 ? "\u2014" : "-");
		did(s, "%s %s1 refused", name, s->utf8 ? "\u2212" : "-");
		return;
	}
	if (apply(s, &cmd)) {
		s->selected = node;
		did(s, "%s %s1", name, s->utf8 ? "\u2212" : "-");
	} else {
		did(s, "%s: refused", name);
	}
}

static void act_decrement_node(struct session *s, int arg)
{
	act_decrement(s, (uint32_t)arg);
}

static void act_decrement_selected(struct session *s, int arg)
{
	(void)arg;
	act_decrement(s, s->selected);
}

static void select_node(struct session *s, uint32_t node)
{
	char name[16];

	s->selected = node;
	node_name(node, name, sizeof name);
	did(s, "selected %s", name);
}

static void act_select_next(struct session *s, int arg)
{
	(void)arg;
	select_node(s, (s->selected + 1) % sim_node_count(s->sim));
}

static void act_select_prev(struct session *s, int arg)
{
	uint32_t n = sim_node_count(s->sim);

	(void)arg;
	select_node(s, (s->selected + n - 1) % n);
}

static void act_gossip(struct session *s, int arg)
{
	const struct command cmd = {.kind = CMD_GOSSIP_NOW,
	                            .node = s->selected};
	char name[16];

	(void)arg;
	node_name(s->selected, name, sizeof name);
	if (apply(s, &cmd))
		did(s, "%s gossips now", name);
}

static void act_pause(struct session *s, int arg)
{
	(void)arg;
	/* Running on ends narrated stepping: its sentences are per step. */
	if (!s->running && s->narrating) {
		session_narrate(s, false);
		session_flash(s, "narration off");
	}
	session_run(s, !s->running);
	did(s, "%s", s->running ? "run" : "pause");
}

static void act_step(struct session *s, int arg)
{
	(void)arg;
	/* Stepping is for a paused world: a first step stops the clock. */
	session_run(s, false);
	if (!session_step(s))
		session_flash(s, "nothing to step: no event is pending");
	did(s, "%s", s->narrating ? "narrated step" : "step one event");
}

static void act_narrate(struct session *s, int arg)
{
	(void)arg;
	session_narrate(s, !s->narrating);
	if (s->narrating) {
		session_run(s, false);
		session_flash(s, "narrated stepping: . or PgDn steps one "
		                 "event and tells it; n stops");
	} else {
		session_flash(s, "narration off");
	}
	did(s, "narration %s", s->narrating ? "on" : "off");
}

static void act_faster(struct session *s, int arg)
{
	(void)arg;
	session_change_speed(s, 1);
	did(s, "faster");
}

static void act_slower(struct session *s, int arg)
{
	(void)arg;
	session_change_speed(s, -1);
	did(s, "slower");
}

static void act_restart(struct session *s, int arg)
{
	char err[160];

	(void)arg;
	if (session_restart(s, err, sizeof err) != 0) {
		session_flash(s, "cannot restart: %s", err);
		return;
	}
	session_flash(s, "restarted with seed %" PRIu64, s->config.seed);
	did(s, "restart the world");
}

static void act_big(struct session *s, int arg)
{
	(void)arg;
	s->big = !s->big;
	did(s, "big digits %s", s->big ? "on" : "off");
}

/* The picture in the middle: the table, the network, the diagram. */
static void act_view(struct session *s, int arg)
{
	(void)arg;
	s->view = (enum view_kind)((s->view + 1) % VIEW_COUNT);
	did(s, "view: %s", choices_view_name(s->view));
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
static void switch_strategy(struct session *s, int delta)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);
	const struct sim_config *c = sim_config(s->sim);
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
		session_flash(s, "%s mode: no other strategy carries ops",
		              sim_mode_name(c->mode));
		did(s, "strategy: nothing else fits %s mode",
		    sim_mode_name(c->mode));
		return;
	}
	if (!apply(s, &cmd))
		return;
	if (skipped[0] != '\0') {
		/* Short enough for 80 columns beside "? help q quit". */
		session_flash(s, "strategy %s: %s mode skips %s",
		              all[cmd.strategy]->name,
		              sim_mode_name(sim_config(s->sim)->mode), skipped);
		session_note(s, "skipped %s: ops cannot pass from peer to peer",
		             skipped);
		did(s, "strategy %s (skipped %s)", all[cmd.strategy]->name,
		    skipped);
		return;
	}
	session_flash(s, "strategy %s: %s", all[cmd.strategy]->name,
	              all[cmd.strategy]->summary);
	did(s, "strategy %s", all[cmd.strategy]->name);
}

/* The next propagation mode. Under a strategy that cannot carry ops the
 * op modes are skipped, with the reason and the way out. */
static void act_mode(struct session *s, int arg)
{
	const struct sim_config *c = sim_config(s->sim);
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
	if (!apply(s, &cmd))
		return;
	mode = sim_mode_name(next);
	if (skipped) {
		/* The flash fits 80 columns; the log says why. */
		char fit[128];

		strategy_names_reaching_all(" or ", fit, sizeof fit);
		session_flash(s, "op modes need %s: press s", fit);
		session_note(s,
		             "skipped op and op-reliable: %s passes state "
		             "from peer to peer",
		             sim_config(s->sim)->strategy->name);
		did(s, "mode %s (op modes skipped)", mode);
		return;
	}
	session_flash(s, "mode %s: %s", mode, sim_mode_summary(next));
	did(s, "mode %s", mode);
}

static void act_strategy_next(struct session *s, int arg)
{
	(void)arg;
	switch_strategy(s, 1);
}

static void act_strategy_prev(struct session *s, int arg)
{
	(void)arg;
	switch_strategy(s, -1);
}

static void act_drop(struct session *s, int arg)
{
	struct command cmd = {.kind = CMD_SET_DROP};
	char p[16];

	(void)arg;
	cmd.probability = session_cycle_probability(sim_config(s->sim)->drop);
	if (!apply(s, &cmd))
		return;
	percent(cmd.probability, p, sizeof p);
	if (cmd.probability > 0)
		session_flash(s,
		              "drop %s: the network loses %s of the "
		              "messages; gossip repairs it",
		              p, p);
	else
		session_flash(s, "drop 0%%: no message is lost");
	did(s, "drop %s", p);
}

static void act_duplicate(struct session *s, int arg)
{
	struct command cmd = {.kind = CMD_SET_DUPLICATE};
	char p[16];

	(void)arg;
	cmd.probability =
	    session_cycle_probability(sim_config(s->sim)->duplicate);
	if (!apply(s, &cmd))
		return;
	percent(cmd.probability, p, sizeof p);
	if (cmd.probability > 0)
		session_flash(s,
		              "duplicate %s: %s of the messages arrive "
		              "twice; merge is idempotent",
		              p, p);
	else
		session_flash(s, "duplicate 0%%: every message arrives once");
	did(s, "duplicate %s", p);
}

static void act_latency(struct session *s, int arg)
{
	struct command cmd = {.kind = CMD_SET_LATENCY};
	char text[48];

	(void)arg;
	cmd.latency = session_cycle_latency(
	    &sim_config(s->sim)->latency, &sim_initial_config(s->sim)->latency);
	if (!apply(s, &cmd))
		return;
	latency_format(&cmd.latency, text, sizeof text);
	if (session_cycle_same_latency(&cmd.latency,
	                               &sim_initial_config(s->sim)->latency))
		session_flash(s, "latency %s: as the world started", text);
	else
		session_flash(s,
		              "latency %s: messages overtake each other "
		              "(reordering); max still wins",
		              text);
	did(s, "latency %s", text);
}

static void act_partition(struct session *s, int arg)
{
	struct command cmd = {.kind = CMD_PARTITION, .node = s->selected};
	char name[16];
	static const char *const words[] = {
	    [PARTITION_NONE] = "joined again",
	    [PARTITION_BOTH] = "cut off both ways",
	    [PARTITION_NO_RECEIVE] = "in: it can send but not receive",
	    [PARTITION_NO_SEND] = "out: it can receive but not send",
	};

	(void)arg;
	cmd.mode =
	    session_cycle_partition(sim_node_partition(s->sim, s->selected));
	if (!apply(s, &cmd))
		return;
	node_name(s->selected, name, sizeof name);
	session_flash(s, "%s %s", name, words[cmd.mode]);
	did(s, "partition %s %s", name,
	    cmd.mode == PARTITION_NONE         ? "none"
	    : cmd.mode == PARTITION_BOTH       ? "both"
	    : cmd.mode == PARTITION_NO_RECEIVE ? "in"
	                                       : "out");
}

static void act_heal(struct session *s, int arg)
{
	const struct command cmd = {.kind = CMD_HEAL};
	uint32_t n = sim_node_count(s->sim), cut = 0;

	(void)arg;
	for (uint32_t i = 0; i < n; i++)
		if (sim_node_partition(s->sim, i) != PARTITION_NONE)
			cut++;
	if (cut == 0) {
		session_flash(s, "nothing to heal: no node is partitioned");
		did(s, "heal (nothing to heal)");
		return;
	}
	if (apply(s, &cmd)) {
		session_flash(s, "healed: %" PRIu32 " node%s joined again", cut,
		              cut == 1 ? "" : "s");
		did(s, "heal every partition");
	}
}

static bool is_op_mode(enum sim_mode mode)
{
	return mode_get(mode)->needs_durable;
}

static void act_crash(struct session *s, int arg)
{
	struct command cmd = {.node = s->selected};
	char name[16];
	bool amnesia = s->restart_mode == RESTART_AMNESIA;

	(void)arg;
	node_name(s->selected, name, sizeof name);
	if (sim_node_down(s->sim, s->selected)) {
		enum sim_mode mode = sim_config(s->sim)->mode;

		cmd.kind = CMD_RESTART;
		cmd.mode = s->restart_mode;
		/* Ops are sent once, so op modes keep replicas on disk: the
		 * engine refuses amnesia there; restart durably and say so. */
		if (amnesia && is_op_mode(mode)) {
			cmd.mode = RESTART_DURABLE;
			if (!apply(s, &cmd))
				return;
			session_flash(s,
			              "%s restarted durably: op modes keep "
			              "replicas on disk",
			              name);
			did(s, "restart %s (durable: %s mode)", name,
			    sim_mode_name(mode));
			return;
		}
		if (!apply(s, &cmd))
			return;
		session_flash(s, "%s restarted %s", name,
		              amnesia ? "from ZERO (amnesia): its new "
		                        "increments hide behind its old count"
		                      : "with its own count from disk");
		did(s, "restart %s%s", name, amnesia ? " (amnesia)" : "");
		return;
	}
	cmd.kind = CMD_CRASH;
	if (!apply(s, &cmd))
		return;
	session_flash(s, "%s crashed: c again restarts it (%s)", name,
	              amnesia && !is_op_mode(sim_config(s->sim)->mode)
	                  ? "from zero"
	                  : "durably");
	did(s, "crash %s", name);
}

static void act_restart_mode(struct session *s, int arg)
{
	enum sim_mode mode = sim_config(s->sim)->mode;

	(void)arg;
	if (s->restart_mode == RESTART_DURABLE && is_op_mode(mode)) {
		session_flash(s, "op modes keep replicas on disk: restarts "
		                 "stay durable");
		did(s, "restart mode stays durable (%s mode)",
		    sim_mode_name(mode));
		return;
	}
	s->restart_mode = s->restart_mode == RESTART_AMNESIA ? RESTART_DURABLE
	                                                     : RESTART_AMNESIA;
	if (s->restart_mode == RESTART_AMNESIA)
		session_flash(s, "restarts from ZERO (amnesia): a restarted "
		                 "worker forgets its own count");
	else
		session_flash(s, "restarts are durable: a worker gets its own "
		                 "count back from disk");
	did(s, "restart mode %s",
	    s->restart_mode == RESTART_AMNESIA ? "amnesia" : "durable");
}

static void act_relay(struct session *s, int arg)
{
	struct command cmd = {.node = SIM_RELAY};
	bool relay = sim_config(s->sim)->strategy->uses_relay;

	(void)arg;
	cmd.kind = sim_relay_down(s->sim) ? CMD_RESTART : CMD_CRASH;
	if (!apply(s, &cmd))
		return;
	if (cmd.kind == CMD_RESTART)
		session_flash(s, "the relay is back");
	else
		session_flash(s, "the relay crashed: %s",
		              relay ? "nothing propagates until it is back"
		                    : "this strategy does not use it");
	did(s, "%s the relay", cmd.kind == CMD_RESTART ? "restart" : "crash");
}

static void act_reader(struct session *s, int arg)
{
	struct command cmd = {.kind = CMD_SET_READER};
	(void)arg;
	cmd.mode = session_cycle_reader(sim_config(s->sim)->reader);
	if (!apply(s, &cmd))
		return;
	if (cmd.mode == READER_RANDOM)
		session_flash(s, "reader random: each read asks a random "
		                 "replica, and may count down");
	else if (cmd.mode == READER_STICKY)
		session_flash(s, "reader sticky: every read asks the same "
		                 "replica, which never goes backwards");
	else
		session_flash(s, "reader off");
	did(s, "reader %s",
	    cmd.mode == READER_NONE
	        ? "off"
	        : choices_reader_name((enum sim_reader)cmd.mode));
}

/* --- the screen ------------------------------------------------------------
 */

static void act_help(struct session *s, int arg)
{
	(void)arg;
	if (s->help_open) {
		s->help_open = false;
		session_run(s, s->resume_after_help);
		did(s, "close the help");
		return;
	}
	s->help_open = true;
	s->help_scroll = 0;
	s->resume_after_help = s->running;
	session_run(s, false);
	did(s, "help");
}

static void act_close(struct session *s, int arg)
{
	if (s->help_open)
		act_help(s, arg);
}

static void act_quit(struct session *s, int arg)
{
	(void)arg;
	s->todo |= SESSION_QUIT;
}

static void act_redraw(struct session *s, int arg)
{
	(void)arg;
	s->todo |= SESSION_REDRAW_FULL;
}

/* A clicker's Page Down and Page Up: one event, or (j) one moment. */
static void act_click_next(struct session *s, int arg)
{
	if (s->jump_moments) {
		session_act_moment_next(s, arg);
		return;
	}
	act_step(s, arg);
}

static void act_click_back(struct session *s, int arg)
{
	if (s->jump_moments) {
		session_act_moment_prev(s, arg);
		return;
	}
	session_act_step_back(s, arg);
}

static void act_none(struct session *s, int arg)
{
	(void)s;
	(void)arg;
}

/* While the help is open, the moving keys scroll it. How far it can go
 * is known once it is drawn: each frame brings help_scroll back in range
 * (keys typed ahead of the first frame still count). */
static void scroll_help(struct session *s, int lines)
{
	int64_t next = (int64_t)s->help_scroll + lines;

	if (next < 0)
		next = 0;
	if (next > SESSION_HELP_LINES_MAX)
		next = SESSION_HELP_LINES_MAX;
	s->help_scroll = (uint32_t)next;
}

struct action {
	void (*run)(struct session *s, int arg);
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
    [ACTION_CLICK_NEXT] = {.run = act_click_next,
                           .in_help = false,
                           .help_scroll = HELP_PAGE},
    [ACTION_STEP_BACK] = {.run = session_act_step_back,
                          .in_help = false,
                          .help_scroll = -HELP_PAGE},
    [ACTION_CLICK_BACK] = {.run = act_click_back,
                           .in_help = false,
                           .help_scroll = -HELP_PAGE},
    [ACTION_MOMENT_PREV] = {.run = session_act_moment_prev},
    [ACTION_MOMENT_NEXT] = {.run = session_act_moment_next},
    [ACTION_CHAPTER_PREV] = {.run = session_act_chapter_prev},
    [ACTION_CHAPTER_NEXT] = {.run = session_act_chapter_next},
    [ACTION_TIME_BACK] = {.run = session_act_time_back},
    [ACTION_TIME_FORWARD] = {.run = session_act_time_forward},
    [ACTION_TIME_START] = {.run = session_act_time_start},
    [ACTION_TIME_PRESENT] = {.run = session_act_time_present},
    [ACTION_TIMELINE] = {.run = session_act_timeline},
    [ACTION_JUMP_MODE] = {.run = session_act_jump_mode},
    [ACTION_FASTER] = {.run = act_faster, .in_help = false, .help_scroll = 0},
    [ACTION_SLOWER] = {.run = act_slower, .in_help = false, .help_scroll = 0},
    [ACTION_RESTART] = {.run = act_restart, .in_help = false, .help_scroll = 0},
    [ACTION_BIG] = {.run = act_big, .in_help = false, .help_scroll = 0},
    [ACTION_VIEW_NEXT] = {.run = act_view, .in_help = false, .help_scroll = 0},
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
static void caption_key(struct session *s, const char *name)
{
	if (!s->opts->show_keys)
		return;
	snprintf(s->key_caption, sizeof s->key_caption, "key: %s %s %s", name,
	         s->utf8 ? "\u2192" : "->",
	         s->did[0] != '\0' ? s->did : "nothing");
}

unsigned session_key(struct session *s, const struct keymap_hit *hit)
{
	enum keymap_action which =
	    (unsigned)hit->action < ACTION_COUNT ? hit->action : ACTION_NONE;
	const struct action *action = &actions[which];
	struct player *script = s->player;

	s->flash[0] = '\0';
	s->did[0] = '\0';
	s->forked = false;
	if (which == ACTION_NONE) {
		session_flash(s, "%s does nothing here: press ? for the keys",
		              hit->name);
	} else if (s->help_open && action->help_scroll != 0) {
		scroll_help(s, action->help_scroll);
		did(s, "scroll the help");
	} else if (s->help_open && !action->in_help) {
		session_flash(s, "press ? or Esc to close the help first");
	} else if (s->lesson != NULL && session_lesson_key(s, which)) {
		/* A lesson's title card, or on to the next chapter. */
	} else if (script != NULL && player_waiting(script) &&
	           (which == ACTION_PAUSE || which == ACTION_STEP ||
	            which == ACTION_CLICK_NEXT)) {
		/* The clicker's keys: the presenter goes on, running again
		 * if the clock was running (stepping goes on stepping). */
		bool past = s->in_past;

		session_going_on(s);
		/* In the past the clock's state then is not known: space
		 * replays on, the step keys step. */
		if (past ? which == ACTION_PAUSE && !s->narrating
		         : player_resume(script) && !s->narrating)
			session_run(s, true);
		did(s, "go on");
	} else if (action->changes_world && script != NULL &&
	           player_locked(script)) {
		/* Short enough for 80 columns beside "? help q quit". */
		session_flash(s, "a key that changes the world would break "
		                 "the replay; r starts it over");
		did(s, "refused during a replay");
	} else {
		action->run(s, hit->arg);
	}
	if (s->forked) {
		/* Said once, before what the key itself said. */
		char said[sizeof s->flash];

		snprintf(said, sizeof said, "%s", s->flash);
		session_flash(s, "%s%s%s", s->fork_note,
		              said[0] != '\0' ? "; " : "", said);
	}
	caption_key(s, hit->name);
	s->todo |= SESSION_REDRAW;
	return session_take(s);
}
