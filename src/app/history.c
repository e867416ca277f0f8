/*
 * The journal and the checkpoint ladder. Thinning keeps the first
 * checkpoint (the start, from which everything can be recomputed) and
 * the newest few, and drops the checkpoint whose two neighbours are
 * closest together in units (ticks), the measure of a seek's re-run.
 * What bounds the slowest seek: a drop makes a gap of the smallest sum
 * of two neighbouring gaps, at most twice their mean, and a gap never
 * shrinks while the run only grows; so the widest gap is at most
 * 2 x ticks / (checkpoints - 1 - HISTORY_KEEP_NEWEST), about 1.5 x the
 * mean as runs go (test_history). More checkpoints in the budget is
 * what makes it narrower: the event log a checkpoint keeps is deflated.
 */
#include "app/history.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/fatal.h"

struct history {
	struct journal_entry *journal;
	size_t journal_count, journal_cap;
	struct checkpoint *cps; /* in tick order */
	size_t count, cap;
	size_t bytes, budget;
	uint64_t pin_lo, pin_hi;
	bool pinned;
};

bool journal_counts(enum journal_kind kind)
{
	return kind == JOURNAL_COMMAND || kind == JOURNAL_GO_ON ||
	       kind == JOURNAL_STOP;
}

void checkpoint_clear(struct checkpoint *cp)
{
	sim_free(cp->sim);
	eventlog_free(cp->log);
	free(cp->log_deflated);
	*cp = (struct checkpoint){0};
}

/* A packed log is one flat block of eventlog_packed_bytes (its lines
 * follow its head; eventlog_packed_free frees that one block), so its
 * bytes deflate and inflate as they are. zlib's fastest level: it is
 * done at every checkpoint the present takes. */
void checkpoint_keep_log(struct checkpoint *cp, const struct eventlog *log)
{
	struct eventlog_packed *packed = eventlog_pack(log);
	size_t bytes = eventlog_packed_bytes(packed);
	uLongf room = compressBound((uLong)bytes);
	unsigned char *out = xmalloc(room);

	if (compress2(out, &room, (const Bytef *)packed, (uLong)bytes, 1) !=
	    Z_OK)
		fatal("cannot deflate a checkpoint's event log");
	eventlog_packed_free(packed);
	free(cp->log_deflated);
	cp->log_deflated = xrealloc(out, room, 1);
	cp->log_deflated_bytes = room;
	cp->log_packed_bytes = bytes;
}

struct eventlog *checkpoint_log(const struct checkpoint *cp)
{
	uLongf bytes = (uLongf)cp->log_packed_bytes;
	struct eventlog_packed *packed = xmalloc(cp->log_packed_bytes);
	struct eventlog *log;

	if (uncompress((Bytef *)packed, &bytes, cp->log_deflated,
	               (uLong)cp->log_deflated_bytes) != Z_OK ||
	    bytes != cp->log_packed_bytes)
		fatal("a checkpoint's event log does not inflate");
	log = eventlog_unpack(packed);
	eventlog_packed_free(packed);
	return log;
}

struct history *history_new(size_t budget_bytes)
{
	struct history *h = xcalloc(1, sizeof *h);

	h->budget = budget_bytes;
	return h;
}

void history_reset(struct history *h)
{
	for (size_t i = 0; i < h->count; i++)
		checkpoint_clear(&h->cps[i]);
	h->count = 0;
	h->bytes = 0;
	h->journal_count = 0;
	h->pinned = false;
}

void history_free(struct history *h)
{
	if (h == NULL)
		return;
	history_reset(h);
	free(h->cps);
	free(h->journal);
	free(h);
}

/* --- the journal ---------------------------------------------------------- */

void history_journal_add(struct history *h, const struct journal_entry *e)
{
	if (h->journal_count == h->journal_cap) {
		h->journal_cap = h->journal_cap ? h->journal_cap * 2 : 64;
		h->journal =
		    xrealloc(h->journal, h->journal_cap, sizeof *h->journal);
	}
	h->journal[h->journal_count++] = *e;
}

const struct journal_entry *history_journal(const struct history *h,
                                            size_t *count)
{
	*count = h->journal_count;
	return h->journal;
}

void history_journal_truncate(struct history *h, size_t count)
{
	if (count < h->journal_count)
		h->journal_count = count;
}

/* --- checkpoints ---------------------------------------------------------- */

/* Whether checkpoint i may be thinned on this pass: the first pass
 * spares the pinned ones and the newest few, the second only the newest
 * few, the last (a world so big that a few checkpoints fill the budget)
 * only the newest one. The first is never thinned. */
static bool thinnable(const struct history *h, size_t i, int pass)
{
	size_t newest = pass < 2 ? HISTORY_KEEP_NEWEST : 1;

	if (i == 0 || i + newest >= h->count)
		return false;
	return !(pass == 0 && h->pinned && h->cps[i].tick >= h->pin_lo &&
	         h->cps[i].tick <= h->pin_hi);
}

static void remove_at(struct history *h, size_t i)
{
	h->bytes -= h->cps[i].bytes;
	checkpoint_clear(&h->cps[i]);
	memmove(&h->cps[i], &h->cps[i + 1],
	        (h->count - i - 1) * sizeof *h->cps);
	h->count--;
}

/* Drops the checkpoint that leaves the smallest gap; false if none may
 * go. Pinned ones go only when nothing else can. */
static bool thin_one(struct history *h)
{
	for (int pass = 0; pass < 3; pass++) {
		size_t best = 0;
		uint64_t best_gap = UINT64_MAX;

		for (size_t i = 1; i + 1 < h->count; i++) {
			uint64_t gap = h->cps[i + 1].tick - h->cps[i - 1].tick;

			if (thinnable(h, i, pass) && gap < best_gap) {
				best = i;
				best_gap = gap;
			}
		}
		if (best != 0) {
			remove_at(h, best);
			return true;
		}
	}
	return false;
}

void history_add(struct history *h, struct checkpoint *cp)
{
	size_t at = h->count;

	/* A checkpoint of a tick already kept replaces nothing: keep the
	 * older one (they are the same state). */
	while (at > 0 && h->cps[at - 1].tick > cp->tick)
		at--;
	if (at > 0 && h->cps[at - 1].tick == cp->tick) {
		checkpoint_clear(cp);
		return;
	}
	if (h->count == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->cps = xrealloc(h->cps, h->cap, sizeof *h->cps);
	}
	memmove(&h->cps[at + 1], &h->cps[at], (h->count - at) * sizeof *h->cps);
	h->cps[at] = *cp;
	*cp = (struct checkpoint){0};
	h->count++;
	h->bytes += h->cps[at].bytes;
	while (h->bytes > h->budget && thin_one(h))
		;
}

/* The number of checkpoints whose key (a tick, or a time: both only grow
 * along the list) is below `key`, or at most `key` when `inclusive`: by
 * bisection. */
static size_t count_below(const struct history *h, uint64_t key, bool by_time,
                          bool inclusive)
{
	size_t lo = 0, hi = h->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k =
		    by_time ? sim_now(h->cps[mid].sim) : h->cps[mid].tick;

		if (k < key || (inclusive && k == key))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct checkpoint *history_at_or_before(const struct history *h,
                                              uint64_t tick)
{
	size_t n = count_below(h, tick, false, true);

	return n > 0 ? &h->cps[n - 1] : NULL;
}

const struct checkpoint *history_after(const struct history *h, uint64_t tick)
{
	const struct checkpoint *cp = history_at_or_before(h, tick);
	size_t next = cp != NULL ? (size_t)(cp - h->cps) + 1 : 0;

	return next < h->count ? &h->cps[next] : NULL;
}

uint64_t history_newest_tick(const struct history *h)
{
	return h->count > 0 ? h->cps[h->count - 1].tick : 0;
}

const struct checkpoint *history_at_or_before_time(const struct history *h,
                                                   uint64_t t_us)
{
	size_t n = count_below(h, t_us, true, true);

	return n > 0 ? &h->cps[n - 1] : (h->count > 0 ? &h->cps[0] : NULL);
}

const struct checkpoint *history_at_or_after_time(const struct history *h,
                                                  uint64_t t_us)
{
	size_t n = count_below(h, t_us, true, false);

	return n < h->count ? &h->cps[n] : NULL;
}

void history_drop_after(struct history *h, uint64_t tick, size_t applied)
{
	/* At the very tick, a checkpoint taken after more of the journal
	 * (a step's start, say) belongs to the dropped future too. */
	while (h->count > 0 && (h->cps[h->count - 1].tick > tick ||
	                        (h->cps[h->count - 1].tick == tick &&
	                         h->cps[h->count - 1].applied > applied)))
		remove_at(h, h->count - 1);
}

void history_pin(struct history *h, uint64_t lo, uint64_t hi)
{
	h->pinned = true;
	h->pin_lo = lo;
	h->pin_hi = hi;
}

size_t history_count(const struct history *h)
{
	return h->count;
}

size_t history_bytes(const struct history *h)
{
	return h->bytes;
}

size_t history_budget(const struct history *h)
{
	return h->budget;
}
