/*
 * Phones as replicas: libevent's HTTP server serves the page, seats each
 * phone that gives the join code in a worker of the world, turns what the
 * phone reports into commands (through app/session-remote.h), and streams
 * the worker's state back to it (server-sent events). Untrusted input all
 * the way: every refusal is a reason to the phone and a line in the log.
 */
#ifndef GCOUNTER_APP_WEB_H
#define GCOUNTER_APP_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/web-options.h"

/* Limits (documented in the README's phone section). */
#define WEB_MAX_NAME        16    /* characters of a phone's name */
#define WEB_MAX_BODY        16384 /* bytes of a request's body */
#define WEB_MAX_HEADERS     8192  /* bytes of a request's headers */
#define WEB_MAX_CONNECTIONS 300   /* open at once, every phone together */
#define WEB_TIMEOUT_S       10    /* a request must arrive within it */
#define WEB_RATE_PER_S      20    /* a phone's requests per second ... */
#define WEB_RATE_BURST      40    /* ... with bursts up to this many */
#define WEB_MAX_STEP        1000  /* presses one report may bring */
#define WEB_QUIET_MS        4000  /* no word this long: partitioned */
#define WEB_GONE_MS         30000 /* ... this long: down */
#define WEB_GOSSIP_MS       1000  /* the page's gossip timer */

struct event_base;
struct session;
struct web;

/* What the server asks of the live driver: obey these session bits. */
typedef void (*web_obey_fn)(void *ctx, unsigned todo);

/* Listens (a bad address or a port in use: NULL and one line in err),
 * makes the join code and takes every phone seat down until a phone
 * sits in it. */
struct web *web_new(struct event_base *base, const struct web_options *opts,
                    struct session *session, web_obey_fn obey, void *ctx,
                    char *err, size_t errlen);
void web_free(struct web *web);

/* What the dashboard shows: the page's address, the join code, and how
 * many seats are held of how many (a seat whose phone left or was not
 * heard from for WEB_GONE_MS is not: a new name may take it). */
const char *web_url(const struct web *web);
const char *web_code(const struct web *web);
void web_counts(const struct web *web, uint32_t *held, uint32_t *seats);
/* Who sits where, for the projector: "n2 ana  n3 bob  n4 -" (a seat
 * whose phone left shows its name in brackets). */
void web_roster(const struct web *web, char *buf, size_t cap);

#endif
