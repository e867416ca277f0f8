/*
 * The lesson file: "# comments", an optional title "...", then one
 * scenario path a line, in the order they are played. Lines are bounded
 * and checked before they are used; every error names the file and line.
 */
#include "script/lesson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/value.h"
#include "util/fatal.h"

int lesson_add(struct lesson *l, const char *dir, const char *path, char *err,
               size_t errlen)
{
	size_t need;
	char *joined;

	if (l->count >= LESSON_MAX_CHAPTERS) {
		snprintf(err, errlen, "a lesson has at most %d chapters",
		         LESSON_MAX_CHAPTERS);
		return -1;
	}
	if (dir == NULL || dir[0] == '\0' || path[0] == '/')
		dir = NULL;
	need = strlen(path) + (dir != NULL ? strlen(dir) + 1 : 0) + 1;
	if (need > LESSON_MAX_PATH) {
		snprintf(err, errlen,
		         "a chapter's path is longer than %d bytes",
		         LESSON_MAX_PATH);
		return -1;
	}
	joined = xcalloc(1, need);
	if (dir != NULL)
		snprintf(joined, need, "%s/%s", dir, path);
	else
		snprintf(joined, need, "%s", path);
	l->paths[l->count++] = joined;
	return 0;
}

void lesson_free(struct lesson *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->count; i++)
		free(l->paths[i]);
	l->count = 0;
}

/* `title "..."`: the text between the quotes, no escapes but \" and \\. */
static int parse_title(const char *s, size_t len, char *buf, size_t cap,
                       const char **why)
{
	size_t n = 0, i = 0;

	if (len == 0 || s[0] != '"') {
		*why = "expected the title in double quotes";
		return -1;
	}
	for (i = 1; i < len && s[i] != '"'; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		if (n + 1 >= cap) {
			*why = "the title is too long";
			return -1;
		}
		buf[n++] = s[i];
	}
	if (i >= len) {
		*why = "unterminated title: add a '\"'";
		return -1;
	}
	for (i++; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t') {
			*why = "unexpected text after the title";
			return -1;
		}
	buf[n] = '\0';
	return 0;
}

int lesson_parse(const char *name, const char *text, size_t len,
                 const char *dir, struct lesson *out, char *err, size_t errlen)
{
	size_t start = 0;
	unsigned lineno = 0;

	memset(out, 0, sizeof *out);
	if (len > LESSON_MAX_BYTES) {
		snprintf(err, errlen, "%s: larger than %u bytes", name,
		         (unsigned)LESSON_MAX_BYTES);
		return -1;
	}
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *line = text + start;
		size_t n = end - start;
		char path[LESSON_MAX_PATH], why[160], shown[64];
		const char *bad = NULL;

		start = end + 1;
		lineno++;
		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' ||
		                 line[n - 1] == '\t'))
			n--;
		while (n > 0 && (line[0] == ' ' || line[0] == '\t'))
			line++, n--;
		if (n == 0 || line[0] == '#')
			continue;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
				bad = "a control character";
		if (bad == NULL && n > 6 && memcmp(line, "title", 5) == 0 &&
		    (line[5] == ' ' || line[5] == '\t')) {
			size_t skip = 6;

			while (skip < n &&
			       (line[skip] == ' ' || line[skip] == '\t'))
				skip++;
			if (parse_title(line + skip, n - skip, out->title,
			                sizeof out->title, &bad) == 0)
				continue;
		}
		if (bad == NULL && n >= sizeof path)
			bad = "a path that is too long";
		if (bad != NULL) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno, bad);
			lesson_free(out);
			return -1;
		}
		memcpy(path, line, n);
		path[n] = '\0';
		if (lesson_add(out, dir, path, why, sizeof why) != 0) {
			value_printable(path, n, shown, sizeof shown);
			snprintf(err, errlen, "%s:%u: %s (%s)", name, lineno,
			         why, shown);
			lesson_free(out);
			return -1;
		}
		out->lines[out->count - 1] = lineno;
	}
	if (out->count == 0) {
		snprintf(err, errlen,
		         "%s: no scenarios listed (one path a line)", name);
		return -1;
	}
	return 0;
}
