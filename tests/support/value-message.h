/*
 * A helper the value parsers' tests share (test_value_durations,
 * test_value_numbers): a parser refused its input with exactly this
 * message. It fails the running test (cmocka) rather than return.
 */
#ifndef GCOUNTER_TESTS_SUPPORT_VALUE_MESSAGE_H
#define GCOUNTER_TESTS_SUPPORT_VALUE_MESSAGE_H

/* rc is a parser's -1, and err holds expected. */
void message_is(int rc, const char *err, const char *expected);

#endif
