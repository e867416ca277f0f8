/*
 * Skipped is not passed: a cmocka test that cannot check what it should
 * here (no /dev/full, say) calls support_skip, and the executable then
 * ends with SUPPORT_SKIP_STATUS, which ctest shows as skipped
 * (SKIP_RETURN_CODE). A failure anywhere still wins over a skip.
 */
#ifndef GCOUNTER_TESTS_SUPPORT_SKIP_H
#define GCOUNTER_TESTS_SUPPORT_SKIP_H

/* What ctest is told to read as "skipped" (tests/CMakeLists.txt). */
#define SUPPORT_SKIP_STATUS 77

/* Says why, counts the skip, and leaves the running test as cmocka's
 * skip() does (so nothing after it runs). */
#define support_skip(reason)                                                   \
	do {                                                                   \
		support_note_skip(reason);                                     \
		skip();                                                        \
	} while (0)

void support_note_skip(const char *reason);
/* cmocka_run_group_tests' result as an exit status: its failures if any,
 * else SUPPORT_SKIP_STATUS if a test was skipped, else 0. */
int support_exit_status(int failures);

#endif
