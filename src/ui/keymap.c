/*
 * The key bindings, the help rows and the status hints, all tables. Keys
 * come from presenters' hands and from clickers (which send '.', Page Down,
 * and sometimes 'b'), so every such key does something harmless.
 */
#include "ui/keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c)    ((c)&0x1f)
#define KEY_ESCAPE 27

struct binding {
	int first, last; /* a range of keys: arg = key - first */
	enum keymap_action action;
};

static const struct binding bindings[] = {
    {'1', '9', ACTION_INCREMENT_NODE},
    {KEY_BACKSPACE, KEY_BACKSPACE, ACTION_DECREMENT_SELECTED},
    {127, 127, ACTION_DECREMENT_SELECTED}, /* Backspace as DEL */
    {CTRL('H'), CTRL('H'), ACTION_DECREMENT_SELECTED},
    {KEY_DC, KEY_DC, ACTION_DECREMENT_SELECTED},
    {KEY_DOWN, KEY_DOWN, ACTION_SELECT_NEXT},
    {KEY_RIGHT, KEY_RIGHT, ACTION_SELECT_NEXT},
    {'\t', '\t', ACTION_SELECT_NEXT},
    {KEY_UP, KEY_UP, ACTION_SELECT_PREV},
    {KEY_LEFT, KEY_LEFT, ACTION_SELECT_PREV},
    {KEY_BTAB, KEY_BTAB, ACTION_SELECT_PREV},
    {'\n', '\n', ACTION_INCREMENT_SELECTED},
    {'\r', '\r', ACTION_INCREMENT_SELECTED},
    {KEY_ENTER, KEY_ENTER, ACTION_INCREMENT_SELECTED},
    {'g', 'g', ACTION_GOSSIP_SELECTED},
    {' ', ' ', ACTION_PAUSE},
    {'.', '.', ACTION_STEP},
    {KEY_NPAGE, KEY_NPAGE, ACTION_CLICK_NEXT},
    {',', ',', ACTION_STEP_BACK},
    {KEY_PPAGE, KEY_PPAGE, ACTION_CLICK_BACK},
    {'[', '[', ACTION_MOMENT_PREV},
    {']', ']', ACTION_MOMENT_NEXT},
    {'{', '{', ACTION_CHAPTER_PREV},
    {'}', '}', ACTION_CHAPTER_NEXT},
    {'<', '<', ACTION_TIME_BACK},
    {'>', '>', ACTION_TIME_FORWARD},
    {KEY_HOME, KEY_HOME, ACTION_TIME_START},
    {KEY_END, KEY_END, ACTION_TIME_PRESENT},
    {'t', 't', ACTION_TIMELINE},
    {'j', 'j', ACTION_JUMP_MODE},
    {'+', '+', ACTION_FASTER},
    {'=', '=', ACTION_FASTER}, /* + without shift */
    {'-', '-', ACTION_SLOWER},
    {'_', '_', ACTION_SLOWER},
    {'r', 'r', ACTION_RESTART},
    {'s', 's', ACTION_STRATEGY_NEXT},
    {'S', 'S', ACTION_STRATEGY_PREV},
    /* (m is the master relay's: o for what messages carry, state to op.) */
    {'o', 'o', ACTION_MODE_NEXT},
    {'d', 'd', ACTION_DROP},
    {'u', 'u', ACTION_DUPLICATE},
    {'l', 'l', ACTION_LATENCY},
    {'p', 'p', ACTION_PARTITION},
    {'h', 'h', ACTION_HEAL},
    {'c', 'c', ACTION_CRASH},
    {'a', 'a', ACTION_RESTART_MODE},
    {'m', 'm', ACTION_RELAY},
    {'v', 'v', ACTION_READER},
    {'n', 'n', ACTION_NARRATE},
    {'b', 'b', ACTION_BIG},
    {'w', 'w', ACTION_VIEW_NEXT},
    {'?', '?', ACTION_HELP},
    {KEY_ESCAPE, KEY_ESCAPE, ACTION_CLOSE},
    {'q', 'q', ACTION_QUIT},
    {'Q', 'Q', ACTION_QUIT},
    {CTRL('L'), CTRL('L'), ACTION_REDRAW},
    /* resizeterm (called on SIGWINCH) queues KEY_RESIZE as a notice: it
     * only needs a repaint. Resizing again here would queue another. */
    {KEY_RESIZE, KEY_RESIZE, ACTION_REDRAW},
};

/* Shift and a digit, as a US keyboard types them: they decrement n1 to
 * n9. Other layouts shift their digits elsewhere; Backspace works on
 * all. */
static const char shifted_digits[] = "!@#$%^&*(";

/* The presenter's basics first: they fit on the first page at 80x24. */
static const struct keymap_help help_rows[] = {
    {"1 \u2013 9", "1 - 9", "increment node n1 ... n9 (and select it)", 0,
     false},
    {"\u2191 \u2193 \u2190 \u2192 Tab", "arrows, Tab",
     "select a node (Shift-Tab goes back)", 0, false},
    {"Enter", "Enter", "increment the selected node", 0, false},
    {"\u21e71 \u2013 9", "Shift-1 - 9",
     "decrement node n1 ... n9 (PN-Counter only): ! @ # $ % ^ & * ( on a "
     "US keyboard",
     0, false},
    {"Backspace/Del", "Backspace/Del",
     "decrement the selected node, PN-Counter only (any keyboard layout)", 0,
     false},
    {"g", "g", "the selected node gossips now", 0, false},
    {"space", "space", "pause / run", 0, false},
    {". or PgDn", ". or PgDn",
     "step one event (pauses first); a script's pause: go on", 0, false},
    {", or PgUp", ", or PgUp",
     "step back one event (Home: the start, End: the present)", 0, false},
    {"n", "n",
     "narrated stepping: each step is one event told in a sentence with "
     "the vectors, its cells lit; n again stops",
     0, false},
    {"+ / -", "+ / -", "faster / slower: 1/16x ... 64x", 0, false},
    {"r", "r", "restart: same seed, same settings", 0, false},
    {"b", "b", "big digits for the totals", 0, false},
    {"w", "w",
     "the view: table \u2192 network (a picture) \u2192 space-time "
     "diagram \u2192 table (--view)",
     0, false},
    {"? or Esc", "? or Esc",
     "close this help (\u2191 \u2193 PgUp PgDn scroll it)", 0, false},
    {"q or Ctrl-C", "q or Ctrl-C", "quit", 0, false},
    {"Ctrl-L", "Ctrl-L", "redraw the screen", 0, false},
    {"Ctrl-Z", "Ctrl-Z", "suspend (fg to come back)", 0, false},
    {"", "", "Going back in time (the world stays as it was: nothing is lost)",
     0, false},
    {", . PgUp PgDn", ", . PgUp PgDn",
     "back / forward one event: the world, the messages in flight and "
     "the log as they were, then the same events again",
     0, false},
    {"[ / ]", "[ / ]",
     "previous / next moment that matters: an increment, a merge that "
     "changed a vector, a fault, a crash, converging (skips gossip that "
     "brings nothing new)",
     0, false},
    {"{ / }", "{ / }", "previous / next chapter: a scenario's pauses", 0,
     false},
    {"< / >", "< / >", "back / forward a 40th of the run on the timeline", 0,
     false},
    {"Home / End", "Home / End", "the start of the run / the present", 0,
     false},
    {"t", "t",
     "the timeline: the run from 0 to now, + increments, ! faults, = "
     "converged, * other changes, \" captions, | chapters, and the cursor "
     "where the world is shown",
     0, false},
    {"j", "j",
     "PgUp and PgDn (a clicker) jump between moments that matter instead "
     "of single events; j again: events",
     0, false},
    {"", "",
     "In the past, a key that changes the world starts a new future from "
     "there: your later commands are dropped (a scenario's own lines still "
     "come at their times)",
     0, false},
    {"", "",
     "Strategies, modes and faults (each a command: a saved log "
     "replays it)",
     0, false},
    {"s / S", "s / S",
     "next / previous propagation strategy (--strategy; each is explained "
     "below)",
     0, false},
    {"o", "o",
     "propagation mode, what a message carries: state \u2192 delta "
     "\u2192 op \u2192 op-reliable \u2192 state; op modes need relay, "
     "interval, on-change or hybrid (--mode; each is explained below)",
     0, false},
    {"d", "d",
     "drop messages: 0 \u2192 10% \u2192 30% \u2192 50% \u2192 0 (--drop)", 0,
     false},
    {"u", "u",
     "duplicate messages: 0 \u2192 10% \u2192 30% \u2192 50% \u2192 0 "
     "(--duplicate)",
     0, false},
    {"l", "l",
     "latency: as started \u2192 10-500ms \u2192 exp:200ms \u2192 as "
     "started; the jitter reorders messages (--latency)",
     0, false},
    {"p", "p",
     "partition the selected node: both ways \u2192 in (it cannot "
     "receive) \u2192 out (it cannot send) \u2192 none (--partition n3, "
     "n3:in, n3:out)",
     0, false},
    {"h", "h", "heal every partition", 0, false},
    {"c", "c", "crash the selected worker; again: restart it (--crash n2)", 0,
     false},
    {"a", "a",
     "restart mode: durable (its own count back from disk) or AMNESIA "
     "(from zero: its new increments hide behind its old count, and are "
     "lost) (--amnesia)",
     0, false},
    {"m", "m",
     "crash the master relay; again: restart it. Under relay nothing "
     "propagates while it is down; gossip does not notice (--crash relay)",
     0, false},
    {"v", "v",
     "reader: off \u2192 random replica \u2192 sticky replica \u2192 off; "
     "counts reads that go backwards (--reader)",
     0, false},
};

static const struct keymap_help status_hints[] = {
    {"1-9", "1-9", "inc", 1, false},
    {"\u21e71-9", "S-1-9", "dec", 1, true},
    {"\u232b", "Bksp", "dec", 8, true},
    {"\u2191\u2193", "Tab", "select", 12, false},
    {"\u23ce", "Enter", "inc", 13, false},
    {"g", "g", "gossip", 9, false},
    {"space", "space", "pause", 2, false},
    {".", ".", "step", 3, false},
    {",", ",", "back", 20, false},
    {"+-", "+-", "speed", 10, false},
    {"s", "s", "strategy", 4, false},
    {"o", "o", "mode", 6, false},
    {"d", "d", "drop", 5, false},
    {"u", "u", "dup", 11, false},
    {"l", "l", "latency", 14, false},
    {"p", "p", "partition", 7, false},
    {"h", "h", "heal", 8, false},
    {"c", "c", "crash", 7, false},
    {"a", "a", "amnesia", 16, false},
    {"m", "m", "relay", 15, false},
    {"v", "v", "reader", 17, false},
    {"r", "r", "restart", 18, false},
    {"b", "b", "big", 19, false},
    {"w", "w", "view", 20, false},
    {"n", "n", "narrate", 11, false},
    {"?", "?", "help", 0, false},
    {"q", "q", "quit", 0, false},
};

/* In the past the keys that move in time take the line; a key that
 * changes the world forks, as the help says. */
static const struct keymap_help past_hints[] = {
    {",", ",", "back", 1, false},        {".", ".", "forward", 1, false},
    {"[]", "[]", "moment", 2, false},    {"space", "space", "replay", 3, false},
    {"End", "End", "present", 1, false}, {"{}", "{}", "chapter", 4, false},
    {"<>", "<>", "jump", 5, false},      {"?", "?", "help", 0, false},
    {"q", "q", "quit", 0, false},
};

struct keymap_hit keymap_lookup(int key)
{
	struct keymap_hit hit = {ACTION_NONE, 0, ""};

	keymap_key_name(key, hit.name, sizeof hit.name);
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		if (key >= bindings[i].first && key <= bindings[i].last) {
			hit.action = bindings[i].action;
			hit.arg = key - bindings[i].first;
			return hit;
		}
	}
	if (key > 0 && key < 128 && strchr(shifted_digits, key) != NULL) {
		hit.action = ACTION_DECREMENT_NODE;
		hit.arg = (int)(strchr(shifted_digits, key) - shifted_digits);
	}
	return hit;
}

const struct keymap_help *keymap_help(size_t *count)
{
	*count = sizeof help_rows / sizeof help_rows[0];
	return help_rows;
}

const struct keymap_help *keymap_hints(size_t *count)
{
	*count = sizeof status_hints / sizeof status_hints[0];
	return status_hints;
}

const struct keymap_help *keymap_past_hints(size_t *count)
{
	*count = sizeof past_hints / sizeof past_hints[0];
	return past_hints;
}

/* Keys with a name people use (curses' own are "KEY_NPAGE"). */
static const struct {
	int key;
	const char *name;
} key_names[] = {
    {' ', "space"},          {'\t', "Tab"},        {'\n', "Enter"},
    {'\r', "Enter"},         {KEY_ENTER, "Enter"}, {KEY_ESCAPE, "Esc"},
    {KEY_UP, "Up"},          {KEY_DOWN, "Down"},   {KEY_LEFT, "Left"},
    {KEY_RIGHT, "Right"},    {KEY_NPAGE, "PgDn"},  {KEY_PPAGE, "PgUp"},
    {KEY_BTAB, "Shift-Tab"}, {KEY_HOME, "Home"},   {KEY_END, "End"},
    {KEY_DC, "Delete"},      {KEY_IC, "Insert"},   {CTRL('H'), "Backspace"},
};

void keymap_key_name(int key, char *buf, size_t cap)
{
	const char *name = key >= KEY_MIN ? keyname(key) : NULL;

	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, cap, "%s", key_names[i].name);
			return;
		}
	}
	if (key > ' ' && key < 127)
		snprintf(buf, cap, "%c", key);
	else if (key == 127 || key == KEY_BACKSPACE)
		snprintf(buf, cap, "Backspace");
	else if (key >= 128 && key < 256)
		snprintf(buf, cap, "a non-ASCII key");
	else if (key >= 0 && key < ' ')
		snprintf(buf, cap, "Ctrl-%c", key + '@');
	else if (key >= KEY_F(1) && key <= KEY_F(63))
		snprintf(buf, cap, "F%d", key - KEY_F0);
	else if (name != NULL)
		snprintf(buf, cap, "%s", name);
	else
		snprintf(buf, cap, "key %d", key);
}
