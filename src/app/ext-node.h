/*
 * `gcounter maelstrom-node`: gcounter as a Maelstrom g-counter node on
 * stdin/stdout, its state a crdt/ G-Counter gossiped whole to every peer,
 * so it runs under gcounter --exec and under Maelstrom itself. It must
 * never print anything but protocol lines on stdout.
 */
#ifndef GCOUNTER_APP_EXT_NODE_H
#define GCOUNTER_APP_EXT_NODE_H

int ext_node_main(int argc, char **argv);

#endif
