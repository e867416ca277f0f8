/*
 * Join codes from getrandom(2), read off by a room from a projector: so no
 * two characters that look alike, and upper case only. A code is compared
 * in constant time: a guesser learns nothing from how fast a wrong one is
 * refused.
 */
#include "app/joincode.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "util/fatal.h"

/* 23 characters: no 0 O, 1 I L, 2 Z, 5 S, 8 B, U V. */
static const char alphabet[] = "ACDEFGHJKMNPQRTWXY34679";

void joincode_new(char code[7])
{
	unsigned char bytes[JOINCODE_LENGTH * 2];
	const unsigned size = (unsigned)(sizeof alphabet - 1);
	size_t used = 0, made = 0;

	while (made < JOINCODE_LENGTH) {
		ssize_t got;

		if (used == 0 || used == sizeof bytes) {
			got = getrandom(bytes, sizeof bytes, 0);
			if (got < 0 && errno == EINTR)
				continue;
			if (got != (ssize_t)sizeof bytes)
				fatal("cannot read the kernel's random source "
				      "for a join code");
			used = 0;
		}
		/* Rejection sampling: a plain modulo would favour the first
		 * characters of the alphabet. */
		unsigned char b = bytes[used++];

		if (b >= 256 - 256 % size)
			continue;
		code[made++] = alphabet[b % size];
	}
	code[JOINCODE_LENGTH] = '\0';
}

bool joincode_equal(const char *a, const char *b)
{
	unsigned char diff = 0;

	if (a == NULL || b == NULL)
		return false;
	if (strnlen(a, JOINCODE_LENGTH + 1) != JOINCODE_LENGTH ||
	    strnlen(b, JOINCODE_LENGTH + 1) != JOINCODE_LENGTH)
		return false;
	for (size_t i = 0; i < JOINCODE_LENGTH; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}
