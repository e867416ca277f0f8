/*
 * The reachable name of a listener's host (the phones' URL, a class's
 * join line). Reads the interfaces only; never fails, at worst it gives
 * back the host it was given.
 */
#include "util/hostaddr.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

void hostaddr_reachable(const char *host, char *out, size_t len)
{
	struct ifaddrs *all = NULL;

	snprintf(out, len, "%s", host);
	if (strcmp(host, "0.0.0.0") != 0 || getifaddrs(&all) != 0)
		return;
	for (struct ifaddrs *i = all; i != NULL; i = i->ifa_next) {
		const struct sockaddr_in *in =
		    (const struct sockaddr_in *)(const void *)i->ifa_addr;

		if (in == NULL || in->sin_family != AF_INET ||
		    (ntohl(in->sin_addr.s_addr) >> 24) == 127)
			continue;
		inet_ntop(AF_INET, &in->sin_addr, out, (socklen_t)len);
		break;
	}
	freeifaddrs(all);
}
