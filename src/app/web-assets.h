/*
 * The phone page's files, embedded at build time from assets/web/ by
 * cmake/embed-web.cmake: the server hands them out as they are and never
 * reads a file at run time.
 */
#ifndef GCOUNTER_APP_WEB_ASSETS_H
#define GCOUNTER_APP_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
	const char *path; /* the URL path: "/", "/app.js" */
	const char *type; /* its Content-Type */
	const unsigned char *data;
	size_t size; /* bytes of data (a '\0' follows, not counted) */
};

extern const struct web_asset web_assets[];
extern const size_t web_asset_count;

#endif
