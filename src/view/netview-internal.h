/*
 * The network view's parts, private to view/netview.c (placing, lines and
 * messages) and view/netview-boxes.c (a node's words and its box): the
 * picture being drawn and the glyphs it is drawn with. Pure, like them.
 */
#ifndef GCOUNTER_VIEW_NETVIEW_INTERNAL_H
#define GCOUNTER_VIEW_NETVIEW_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/netview.h"

/* Bytes of a node's words. */
#define TEXT_MAX 320
/* The widest full box: a vector longer than this is cut with "…". */
#define FULL_MAX_COLS 40
/* Lines the selected node's vector may take in its detail box. */
#define DETAIL_LINES 4

struct rect {
	int y, x, h, w;
};

/* The glyphs of the picture, in one set per locale. */
struct shapes {
	const char *message, *pull, *duplicate, *doomed, *ack, *nack;
	const char *cut, *down_h, *down_v, *cut_line, *trail;
	const char *sel_h, *sel_v, *sel_tl, *sel_tr, *sel_bl, *sel_br;
	const char *diag_down, *diag_up;
	const char *arrows[8]; /* E, SE, S, SW, W, NW, N, NE */
};

/* One node's words, made once per frame. */
struct node_text {
	char title[128]; /* "n3 12", "n3 DOWN" */
	char vector[TEXT_MAX];
	char faults[48]; /* the bottom border: "cut both ways" */
	char mark[8];    /* the tiny label's one mark */
	int full_w;      /* columns of its full box */
};

struct picture {
	struct cellgrid *g;
	const struct netview_input *in;
	const struct summary *s;
	const struct glyphs *gl;
	const struct shapes *sh;
	uint32_t n, shown;
	bool relay;      /* the relay is drawn */
	int area_h;      /* rows for the picture (the legend is below) */
	struct rect *at; /* n + 1: the nodes, then the relay */
	bool *placed;    /* n + 1 */
	struct node_text *text;
	struct rect detail; /* the selected node in full (h 0: none) */
	enum netview_box box;
};

/* A node's words (title, vector, faults, mark), made once per frame. */
void netview_node_words(struct picture *p, uint32_t i, struct node_text *t);
/* The label a node gets in the one-line styles: "[n3 12 cut]", "n3/". */
void netview_node_label(const struct picture *p, uint32_t i,
                        enum netview_box box, char *buf, size_t cap);
/* The selected node's vector for its detail box, `room` columns a line. */
void netview_detail_vector(const struct picture *p, int room, char *buf,
                           size_t cap);
/* Node i in a full box at r; the selected node in full at r; the relay. */
void netview_draw_full(struct picture *p, uint32_t i, struct rect r);
void netview_draw_detail(struct picture *p, struct rect r);
void netview_draw_relay(struct picture *p, struct rect r);

#endif
