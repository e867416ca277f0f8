/*
 * Join codes: the short secret a presenter shows and a remote replica (a
 * phone, a node over TCP) must give to take a seat. Codes come from the
 * kernel's random source; comparing never leaks how much of a guess was
 * right through its timing. Never prints, never stores a code.
 */
#ifndef GCOUNTER_APP_JOINCODE_H
#define GCOUNTER_APP_JOINCODE_H

#include <stdbool.h>

/* Characters in a code (a buffer holds one more, for the '\0'). */
#define JOINCODE_LENGTH 6

/* A new code of JOINCODE_LENGTH characters from an alphabet with no
 * look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), '\0'-terminated. */
void joincode_new(char code[7]);
/* Whether a (untrusted, maybe NULL) equals the code b: the length is
 * checked first, then every character is compared whatever the others. */
bool joincode_equal(const char *a, const char *b);

#endif
