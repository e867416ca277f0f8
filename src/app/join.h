/*
 * `gcounter join HOST:PORT CODE`: a student's laptop as one node of a
 * presenter's class over TCP. The node is a program (--exec, or
 * gcounter's own maelstrom-node) bridged to the socket line for line;
 * with a terminal, a tiny screen shows the seat and its vector and turns
 * + into an add. It never returns with its program running, and always
 * gives the terminal back.
 */
#ifndef GCOUNTER_APP_JOIN_H
#define GCOUNTER_APP_JOIN_H

/* argv[0] is "join". 0: quit by the student; 1: refused, or the node's
 * program ended; 2: bad usage or unreachable; 3: the class ended or the
 * presenter was lost. */
int join_main(int argc, char **argv);

#endif
