/*
 * --listen ADDR:PORT and --keep-workers K, which the settings table reads
 * as typed: the address parsed strictly (a bad address or port is one
 * line naming what was typed), and both checked against the world they
 * will seat phones in. Nothing here touches the network.
 */
#include "app/web-options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/errbuf.h"

static int parse_port(const char *text, uint16_t *port)
{
	char *end;
	unsigned long value;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno != 0 || *end != '\0' || value < 1 || value > 65535)
		return -1;
	*port = (uint16_t)value;
	return 0;
}

/* "ADDR:PORT", ":PORT" or "PORT"; loopback unless an address is given. */
static int parse_listen(const char *text, struct web_options *out, char *err,
                        size_t errlen)
{
	const char *colon = strrchr(text, ':');
	const char *port = colon != NULL ? colon + 1 : text;
	size_t host_len = colon != NULL ? (size_t)(colon - text) : 0;
	struct in_addr addr;

	snprintf(out->listen_arg, sizeof out->listen_arg, "%s", text);
	if (host_len >= sizeof out->host)
		goto bad;
	if (host_len == 0) {
		snprintf(out->host, sizeof out->host, "127.0.0.1");
	} else {
		memcpy(out->host, text, host_len);
		out->host[host_len] = '\0';
		if (strcmp(out->host, "localhost") == 0)
			snprintf(out->host, sizeof out->host, "127.0.0.1");
		if (inet_pton(AF_INET, out->host, &addr) != 1)
			goto bad;
	}
	if (parse_port(port, &out->port) != 0)
		goto bad;
	out->listen = true;
	return 0;
bad:
	errbuf_set(err, errlen,
	           "--listen: expected ADDR:PORT with an IPv4 address and a "
	           "port 1 to 65535 (127.0.0.1:8080, 0.0.0.0:8080), got '%s'",
	           text);
	return -1;
}

int web_options_check(struct web_options *web, const struct options *opts,
                      char *err, size_t errlen)
{
	uint32_t nodes = opts->sim.nodes;

	memset(web, 0, sizeof *web);
	web->keep = opts->keep_workers;
	web->keep_given = opts->keep_workers_given;
	if (opts->listen_arg == NULL) {
		if (!web->keep_given)
			return 0;
		errbuf_set(err, errlen,
		           "--keep-workers only means something with --listen");
		return -1;
	}
	if (parse_listen(opts->listen_arg, web, err, errlen) != 0)
		return -1;
	if (opts->headless || opts->render_path != NULL ||
	    opts->convert_path != NULL) {
		errbuf_set(err, errlen,
		           "--listen needs the live dashboard (not --headless, "
		           "--render or --convert)");
		return -1;
	}
	if (opts->script_path != NULL || opts->lesson_path != NULL ||
	    opts->script_count > 0) {
		errbuf_set(err, errlen,
		           "--listen cannot seat phones in a --script, a "
		           "--lesson or a --replay: their commands would break "
		           "it");
		return -1;
	}
	if (web->keep >= nodes) {
		errbuf_set(err, errlen,
		           "--keep-workers %u leaves no seat for a phone among "
		           "--nodes %u",
		           web->keep, nodes);
		return -1;
	}
	if (nodes - web->keep > WEB_MAX_PHONES) {
		errbuf_set(err, errlen,
		           "--listen seats at most %u phones: --nodes %u with "
		           "--keep-workers %u would give %u",
		           WEB_MAX_PHONES, nodes, web->keep, nodes - web->keep);
		return -1;
	}
	return 0;
}
