/*
 * The dashboard's parts, each drawing one rectangle of the layout from the
 * view: shared by dashboard.c (the frame, the bars and rows at the top and
 * bottom), dashboard-grid.c (the vectors, the big digits and the messages)
 * and dashboard-help.c (the help overlay). Private to the dashboard.
 */
#ifndef GCOUNTER_UI_DASHBOARD_PARTS_H
#define GCOUNTER_UI_DASHBOARD_PARTS_H

#include "ui/dashboard.h"
#include "ui/draw.h"
#include "view/glyphs.h"
#include "view/layout.h"
#include "view/numbers.h"
#include "view/summary.h"
#include "view/text.h"

struct dashboard {
	const struct glyphs *glyphs;
	/* Scrolling of the vector grid: the first node row and the first
	 * slot column shown. Kept between frames so the grid moves only as
	 * much as the selection needs. */
	uint32_t grid_top, grid_left;
	int64_t *values; /* scratch: every node's value, for the banner */
	size_t values_cap;
	uint32_t help_max; /* the last first-line the help can scroll to */
	struct numbers_cache numbers; /* the latency percentiles, cached */
	struct summary summary;       /* this frame's read of the world */
	bool in_past;                 /* this frame shows a past moment */
	bool too_small;               /* the last frame did not fit */
	/* The default latency, which the faults line names only when it
	 * differs: read once (parsing every default costs a frame more than
	 * drawing it). */
	struct latency_model default_latency;
};

/* dashboard-caption.c: the caption bar. Lines of its text at most (a
 * 160-byte caption wraps to three at 80 columns; the rest is the
 * script's and narration's word). */
#define CAPTION_LINES 8
/* The caption bar's texts, in the order they are drawn: the script's
 * caption, the narrated step, the script's note to the presenter. Each
 * that has words keeps a line of its own, however few rows the bar gets:
 * narration must not hide a caption, nor a caption the narration. */
enum { CAPTION_SCRIPT, CAPTION_NARRATION, CAPTION_NOTE, CAPTION_TEXTS };

struct dashboard_caption {
	char text[CAPTION_TEXTS][DRAW_LINE_MAX];
	struct text_line lines[CAPTION_TEXTS][CAPTION_LINES];
	size_t counts[CAPTION_TEXTS];
	int rows; /* rows it asks for, padding included */
};

void dashboard_caption_measure(const struct dashboard *d,
                               const struct dashboard_view *v,
                               struct dashboard_caption *c);
void dashboard_caption_draw(const struct dashboard_caption *c,
                            struct layout_rect r);

void dashboard_draw_big(const struct dashboard *d, struct layout_rect r);
/* dashboard-bigvec.c: the vectors in big digits (--big, room allowing):
 * the columns they need, and drawing them; a node takes
 * DASHBOARD_BIG_NODE_ROWS rows. */
#define DASHBOARD_BIG_NODE_ROWS 4
int dashboard_big_vectors_width(const struct summary *s);
void dashboard_draw_big_vectors(const struct dashboard *d,
                                const struct dashboard_view *v,
                                struct layout_rect r);
void dashboard_draw_vectors(struct dashboard *d, const struct dashboard_view *v,
                            struct layout_rect r);
void dashboard_draw_messages(const struct dashboard *d,
                             const struct dashboard_view *v,
                             struct layout_rect r);
void dashboard_draw_help(struct dashboard *d, const struct dashboard_view *v);
/* dashboard-report.c: a scenario's report table, between rows top and
 * bottom (exclusive). */
void dashboard_draw_report(const struct dashboard *d,
                           const struct dashboard_view *v, int top, int bottom);
/* dashboard-status.c: the status line. */
void dashboard_draw_status(const struct dashboard *d,
                           const struct dashboard_view *v,
                           struct layout_rect r);
/* dashboard-past.c: the timeline row. */
void dashboard_draw_timeline(const struct dashboard *d,
                             const struct dashboard_view *v,
                             struct layout_rect r);

/* A lesson's title card instead of the dashboard (dashboard-card.c). */
void dashboard_draw_card(const struct glyphs *glyphs,
                         const struct dashboard_view *view);

#endif
