/*
 * The address someone else in the room types to reach a listener: a
 * listener on every address (0.0.0.0) is named by the machine's first
 * non-loopback IPv4 address. It only reads the interfaces, never opens
 * a socket.
 */
#ifndef GCOUNTER_UTIL_HOSTADDR_H
#define GCOUNTER_UTIL_HOSTADDR_H

#include <stddef.h>

/* host itself, or for "0.0.0.0" the first non-loopback IPv4 address
 * (host again when there is none), into out. */
void hostaddr_reachable(const char *host, char *out, size_t len);

#endif
