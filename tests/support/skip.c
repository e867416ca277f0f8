/*
 * The skip count behind support_skip (see skip.h). One process runs one
 * group of tests, so a plain counter is enough; it never hides a failure.
 */
#include "skip.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static int skipped;

void support_note_skip(const char *reason)
{
	print_message("skip: %s\n", reason);
	skipped++;
}

int support_exit_status(int failures)
{
	if (failures != 0)
		return failures;
	return skipped > 0 ? SUPPORT_SKIP_STATUS : 0;
}
