/*
 * The key bindings, the help rows and the status hints, all tables. Keys
 * come from presenters' hands and from clickers (which send '.', Page Down,
 * and sometimes 'b'), so every such key does something harmless.
 */
#include "ui/keymap.h"

#include <curses.h>
#include <stdio.h>

#define CTRL(c)    ((c)&0x1f)
#define KEY_ESCAPE 27

struct binding {
	int first, last; /* a range of keys: arg = key - first */
	enum keymap_action action;
};

static const struct binding bindings[] = {
    {'1', '9', ACTION_INCREMENT_NODE},
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
    {KEY_NPAGE, KEY_NPAGE, ACTION_STEP},
    {KEY_PPAGE, KEY_PPAGE, ACTION_PAGE_UP},
    {'+', '+', ACTION_FASTER},
    {'=', '=', ACTION_FASTER}, /* + without shift */
    {'-', '-', ACTION_SLOWER},
    {'_', '_', ACTION_SLOWER},
    {'r', 'r', ACTION_RESTART},
    {'s', 's', ACTION_STRATEGY_NEXT},
    {'S', 'S', ACTION_STRATEGY_PREV},
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
    {'?', '?', ACTION_HELP},
    {KEY_ESCAPE, KEY_ESCAPE, ACTION_CLOSE},
    {'q', 'q', ACTION_QUIT},
    {'Q', 'Q', ACTION_QUIT},
    {CTRL('L'), CTRL('L'), ACTION_REDRAW},
    /* resizeterm (called on SIGWINCH) queues KEY_RESIZE as a notice: it
     * only needs a repaint. Resizing again here would queue another. */
    {KEY_RESIZE, KEY_RESIZE, ACTION_REDRAW},
};

/* The presenter's basics first: they fit on the first page at 80x24. */
static const struct keymap_help help_rows[] = {
    {"1 \u2013 9", "1 - 9", "increment node n1 ... n9 (and select it)", 0},
    {"\u2191 \u2193 \u2190 \u2192 Tab", "arrows, Tab",
     "select a node (Shift-Tab goes back)", 0},
    {"Enter", "Enter", "increment the selected node", 0},
    {"g", "g", "the selected node gossips now", 0},
    {"space", "space", "pause / run", 0},
    {". or PgDn", ". or PgDn",
     "step one event (pauses first); a script's pause: go on", 0},
    {"n", "n",
     "narrated stepping: each step is one event told in a sentence with "
     "the vectors, its cells lit; n again stops",
     0},
    {"+ / -", "+ / -", "faster / slower: 1/16x ... 64x", 0},
    {"r", "r", "restart: same seed, same settings", 0},
    {"b", "b", "big digits for the totals", 0},
    {"? or Esc", "? or Esc",
     "close this help (\u2191 \u2193 PgUp PgDn scroll it)", 0},
    {"q or Ctrl-C", "q or Ctrl-C", "quit", 0},
    {"Ctrl-L", "Ctrl-L", "redraw the screen", 0},
    {"Ctrl-Z", "Ctrl-Z", "suspend (fg to come back)", 0},
    {"", "", "Strategies and faults (each a command: a saved log replays it)",
     0},
    {"s / S", "s / S",
     "next / previous propagation strategy (--strategy; each is explained "
     "below)",
     0},
    {"d", "d",
     "drop messages: 0 \u2192 10% \u2192 30% \u2192 50% \u2192 0 (--drop)", 0},
    {"u", "u",
     "duplicate messages: 0 \u2192 10% \u2192 30% \u2192 50% \u2192 0 "
     "(--duplicate)",
     0},
    {"l", "l",
     "latency: as started \u2192 10-500ms \u2192 exp:200ms \u2192 as "
     "started; the jitter reorders messages (--latency)",
     0},
    {"p", "p",
     "partition the selected node: both ways \u2192 in (it cannot "
     "receive) \u2192 out (it cannot send) \u2192 none (--partition n3, "
     "n3:in, n3:out)",
     0},
    {"h", "h", "heal every partition", 0},
    {"c", "c", "crash the selected worker; again: restart it (--crash n2)", 0},
    {"a", "a",
     "restart mode: durable (its own count back from disk) or AMNESIA "
     "(from zero: its new increments hide behind its old count, and are "
     "lost) (--amnesia)",
     0},
    {"m", "m",
     "crash the master relay; again: restart it. Under relay nothing "
     "propagates while it is down; gossip does not notice (--crash relay)",
     0},
    {"v", "v",
     "reader: off \u2192 random replica \u2192 sticky replica \u2192 off; "
     "counts reads that go backwards (--reader)",
     0},
};

static const struct keymap_help status_hints[] = {
    {"1-9", "1-9", "inc", 1},       {"\u2191\u2193", "Tab", "select", 12},
    {"\u23ce", "Enter", "inc", 13}, {"g", "g", "gossip", 9},
    {"space", "space", "pause", 2}, {".", ".", "step", 3},
    {"+-", "+-", "speed", 10},      {"s", "s", "strategy", 4},
    {"d", "d", "drop", 5},          {"u", "u", "dup", 11},
    {"l", "l", "latency", 14},      {"p", "p", "partition", 6},
    {"h", "h", "heal", 8},          {"c", "c", "crash", 7},
    {"a", "a", "amnesia", 16},      {"m", "m", "relay", 15},
    {"v", "v", "reader", 17},       {"r", "r", "restart", 18},
    {"b", "b", "big", 19},          {"n", "n", "narrate", 11},
    {"?", "?", "help", 0},          {"q", "q", "quit", 0},
};

struct keymap_hit keymap_lookup(int key)
{
	struct keymap_hit hit = {ACTION_NONE, 0};

	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		if (key >= bindings[i].first && key <= bindings[i].last) {
			hit.action = bindings[i].action;
			hit.arg = key - bindings[i].first;
			break;
		}
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
    {KEY_DC, "Delete"},      {KEY_IC, "Insert"},
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
