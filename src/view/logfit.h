/*
 * An event-log line made to fit its row without losing its point: a
 * merge's result ("→ [3,1,4,...]") stays whole, and the inputs before it
 * are shortened first ("n4 merged n1's [62,66,…] with its […] → [..]").
 * Pure text: no curses, no world, no allocation.
 */
#ifndef GCOUNTER_VIEW_LOGFIT_H
#define GCOUNTER_VIEW_LOGFIT_H

#include <stddef.h>

/*
 * Writes `text` into out, in at most `cols` columns when it can keep the
 * result: the vectors before the last `arrow` that is followed by a
 * vector ("→ [" or "→ +[") are cut at their end with `ellipsis` (the last
 * one first), then what is left before the arrow. A line with no such
 * result, or whose result alone does not fit, is copied as it is (the
 * caller cuts its end). Returns the length written.
 */
size_t logfit_line(const char *text, size_t cols, const char *arrow,
                   const char *ellipsis, char *out, size_t cap);

#endif
