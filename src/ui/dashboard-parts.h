/*
 * The dashboard's parts, each drawing one rectangle of the layout from the
 * view: shared by dashboard.c (the frame, the bars and rows at the top and
 * bottom), dashboard-grid.c (the vectors, the big digits and the messages)
 * and dashboard-help.c (the help overlay). Private to the dashboard.
 */
#ifndef GCOUNTER_UI_DASHBOARD_PARTS_H
#define GCOUNTER_UI_DASHBOARD_PARTS_H

#include "ui/dashboard.h"
#include "view/glyphs.h"
#include "view/layout.h"
#include "view/numbers.h"
#include "view/summary.h"

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
};

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
