/*
 * What every fuzz harness shares: libFuzzer's entry point, and the check
 * that turns a broken property into a crash libFuzzer (or the replay) saves.
 * A harness must not care whether libFuzzer or replay_main.c calls it.
 */
#ifndef GCOUNTER_TESTS_FUZZ_H
#define GCOUNTER_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Called once per input; returns 0 (libFuzzer reserves other values). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property that must hold for every input: when it does not, say which
 * and abort, so the input is kept as a crash and replays as a failure. */
#define FUZZ_CHECK(condition, what)                                            \
	do {                                                                   \
		if (!(condition))                                              \
			fuzz_check_failed(__FILE__, __LINE__, #condition,      \
			                  what);                               \
	} while (0)

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static inline void
fuzz_check_failed(const char *file, int line, const char *condition,
                  const char *what)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s (%s)\n", file, line, what,
	        condition);
	abort();
}

#endif
