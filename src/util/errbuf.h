/*
 * Errors are values until the edge: library code writes one line into the
 * caller's buffer and returns a status. This is the one formatter for that
 * line, shared by every layer above crdt/.
 */
#ifndef GCOUNTER_UTIL_ERRBUF_H
#define GCOUNTER_UTIL_ERRBUF_H

#include <stddef.h>

/* Formats into err[0..errlen) (nothing when err is NULL or errlen is 0). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void errbuf_set(char *err, size_t errlen, const char *fmt, ...);

#endif
