/*
 * --listen ADDR:PORT and --keep-workers K: parsed strictly (a bad address
 * or port is one line naming what was typed), and checked against the
 * world they will seat phones in. Nothing here touches the network.
 */
#include "app/web-options.h"

#include <arpa/inet.h>
#include <errno.h>
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

static int parse_keep(const char *text, struct web_options *out, char *err,
                      size_t errlen)
{
	char *end;
	unsigned long value;

	errno = 0;
	value = strtoul(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || errno != 0 || *end != '\0' ||
	    value > SIM_MAX_NODES) {
		errbuf_set(err, errlen,
		           "--keep-workers: expected a whole number 0 to %u, "
		           "got '%s'",
		           SIM_MAX_NODES, text);
		return -1;
	}
	out->keep = (uint32_t)value;
	out->keep_given = true;
	return 0;
}

/* The value of "--name VALUE" or "--name=VALUE" at argv[*i], or NULL
 * when argv[*i] is not this option. */
static const char *option_value(int argc, char **argv, int *i, const char *name,
                                bool *missing)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	*missing = false;
	if (strncmp(arg, name, len) != 0)
		return NULL;
	if (arg[len] == '=')
		return arg + len + 1;
	if (arg[len] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

/* Our options: each with what it says when its value is missing, and
 * its parser. */
static const struct web_option {
	const char *name;
	const char *missing;
	int (*parse)(const char *text, struct web_options *out, char *err,
	             size_t errlen);
} web_option_table[] = {
    {.name = "--listen",
     .missing = "--listen needs ADDR:PORT (127.0.0.1:8080)",
     .parse = parse_listen},
    {.name = "--keep-workers",
     .missing = "--keep-workers needs a number",
     .parse = parse_keep},
};

/* Takes argv[*i] if it is one of ours (with its value): 1 if taken, 0 if
 * not ours, -1 with err. */
static int take_one(int argc, char **argv, int *i, struct web_options *out,
                    char *err, size_t errlen)
{
	for (size_t k = 0;
	     k < sizeof web_option_table / sizeof *web_option_table; k++) {
		const struct web_option *o = &web_option_table[k];
		bool missing;
		const char *value =
		    option_value(argc, argv, i, o->name, &missing);

		if (missing) {
			errbuf_set(err, errlen, "%s", o->missing);
			return -1;
		}
		if (value != NULL)
			return o->parse(value, out, err, errlen) == 0 ? 1 : -1;
	}
	return 0;
}

int web_options_take(int *argc, char **argv, struct web_options *out, char *err,
                     size_t errlen)
{
	int kept = 1;

	memset(out, 0, sizeof *out);
	for (int i = 1; i < *argc; i++) {
		int taken;

		/* After "--" every word is an operand, not ours. */
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[kept++] = argv[i++];
			break;
		}
		taken = take_one(*argc, argv, &i, out, err, errlen);
		if (taken < 0)
			return -1;
		if (taken == 0)
			argv[kept++] = argv[i];
	}
	argv[kept] = NULL;
	*argc = kept;
	if (out->keep_given && !out->listen) {
		errbuf_set(err, errlen,
		           "--keep-workers only means something with --listen");
		return -1;
	}
	return 0;
}

void web_options_print_help(FILE *out)
{
	fprintf(out,
	        "\nPhones in the room (the dashboard only):\n"
	        "  %-22s %s\n%25s%s\n%25s%s\n"
	        "  %-22s %s\n%25s%s\n",
	        "--listen ADDR:PORT",
	        "serve a page on which phones join as workers", "",
	        "(loopback unless an IPv4 address is given:", "",
	        "0.0.0.0:8080 for the room; at most 256 phones)",
	        "--keep-workers K",
	        "n1 to nK stay simulated, every other worker is", "",
	        "a seat for a phone (default 0)");
}

int web_options_check(const struct web_options *web, const struct options *opts,
                      char *err, size_t errlen)
{
	uint32_t nodes = opts->sim.nodes;

	if (!web->listen)
		return 0;
	if (opts->headless || opts->render_path != NULL ||
	    opts->convert_path != NULL) {
		errbuf_set(err, errlen,
		           "--listen needs the live dashboard (not --headless, "
		           "--render or --convert)");
		return -1;
	}
	if (opts->script_path != NULL) {
		errbuf_set(err, errlen,
		           "--listen cannot seat phones in a --script or "
		           "--replay: their commands would break it");
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
