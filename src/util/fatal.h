/*
 * The one way out for what cannot be handled: allocation failure and broken
 * internal invariants. The front end registers a handler that restores the
 * terminal; fatal() calls it, prints one line and aborts.
 */
#ifndef GCOUNTER_UTIL_FATAL_H
#define GCOUNTER_UTIL_FATAL_H

#include <stddef.h>

typedef void (*fatal_handler)(void);

/* Called (once) by fatal() before it prints and aborts. */
void fatal_set_handler(fatal_handler handler);
#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
void fatal(const char *fmt, ...);

/* Allocation that cannot fail: fatal() on out-of-memory. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t count, size_t size);

#endif
