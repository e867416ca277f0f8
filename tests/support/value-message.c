/*
 * message_is (see value-message.h), moved unchanged from test_value.c.
 */
#include "value-message.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

void message_is(int rc, const char *err, const char *expected)
{
	assert_int_equal(rc, -1);
	assert_string_equal(err, expected);
}
