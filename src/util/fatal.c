/*
 * fatal(): restore whatever the front end needs restored, say what broke,
 * abort. The handler is the one piece of process-wide state in the core,
 * set once at start-up by main.
 */
#include "util/fatal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static fatal_handler current_handler;

void fatal_set_handler(fatal_handler handler)
{
	current_handler = handler;
}

void fatal(const char *fmt, ...)
{
	fatal_handler handler = current_handler;
	va_list ap;

	/* Clear first so a fatal error inside the handler cannot loop. */
	current_handler = NULL;
	if (handler != NULL)
		handler();
	fputs("gcounter: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory (%zu bytes)", size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count == 0 ? 1 : count, size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", count, size);
	return p;
}

void *xrealloc(void *ptr, size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size)
		fatal("allocation size overflows (%zu x %zu bytes)", count,
		      size);
	p = realloc(ptr, count * size == 0 ? 1 : count * size);
	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", count, size);
	return p;
}
