/*
 * A frame is written only when the next different one comes, since its
 * delay (in the Graphic Control Extension before it) is how long it lasts.
 * Delays are differences of rounded centiseconds, so a long video does
 * not drift from its clock. Every colour a picture has is in the palette
 * by construction (raster_blend); one that is not takes the nearest.
 */
#include "video/gifenc.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <gif_lib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "video/lzw.h"

#define LOOKUP_SLOTS 4096 /* a power of two, well over 256 colours */

struct lookup {
	uint32_t rgb; /* with bit 24 set: the slot is used */
	uint8_t index;
};

struct gifenc {
	GifFileType *file;
	char *path;
	int w, h, error;
	uint32_t colors[GIFENC_COLORS_MAX];
	int count;
	struct lookup lookup[LOOKUP_SLOTS];
	size_t lookup_used;
	uint32_t last_rgb; /* bit 31 set: none yet */
	uint8_t last_index;
	uint8_t *screen; /* what a viewer shows, pending frame included */
	uint8_t *shown;  /* ... and before the pending frame */
	uint8_t *line;   /* one row of a frame as written */
	int transparent; /* the index that leaves a pixel as it was */
	struct lzw lzw;
	uint8_t *incoming; /* the new picture's indices, in its rectangle */
	struct raster_rect pending;
	uint64_t pending_cs;
	bool has_pending;
	int frames;
};

static uint8_t lookup(struct gifenc *g, uint32_t rgb);

static int nearest(const struct gifenc *g, uint32_t rgb)
{
	long best = -1;
	int index = 0;

	for (int i = 0; i < g->count; i++) {
		long dr = (long)(rgb >> 16 & 0xff) -
		          (long)(g->colors[i] >> 16 & 0xff);
		long dg =
		    (long)(rgb >> 8 & 0xff) - (long)(g->colors[i] >> 8 & 0xff);
		long db = (long)(rgb & 0xff) - (long)(g->colors[i] & 0xff);
		long d = dr * dr + dg * dg + db * db;

		if (best < 0 || d < best) {
			best = d;
			index = i;
		}
	}
	return index;
}

static uint8_t index_of(struct gifenc *g, uint32_t rgb)
{
	/* Pictures are runs of one colour: most lookups are the last one. */
	if (rgb == g->last_rgb)
		return g->last_index;
	g->last_rgb = rgb;
	g->last_index = lookup(g, rgb);
	return g->last_index;
}

static uint8_t lookup(struct gifenc *g, uint32_t rgb)
{
	uint32_t key = rgb | 1u << 24;
	size_t i = (rgb * 2654435761u >> 20) & (LOOKUP_SLOTS - 1);

	while (g->lookup[i].rgb != 0) {
		if (g->lookup[i].rgb == key)
			return g->lookup[i].index;
		i = (i + 1) & (LOOKUP_SLOTS - 1);
	}
	/* Strays (colours not in the palette) are answered, not kept, once
	 * the table is half full: the search must always end. */
	if (g->lookup_used >= LOOKUP_SLOTS / 2)
		return (uint8_t)nearest(g, rgb);
	g->lookup_used++;
	g->lookup[i].rgb = key;
	g->lookup[i].index = (uint8_t)nearest(g, rgb);
	return g->lookup[i].index;
}

static void note(struct gifenc *g, int rc)
{
	if (rc == GIF_ERROR && g->error == 0)
		g->error = g->file->Error != 0 ? g->file->Error
		                               : E_GIF_ERR_WRITE_FAILED;
}

static void put_block(void *ctx, const uint8_t *block)
{
	struct gifenc *g = ctx;

	note(g, EGifPutCodeNext(g->file, block));
}

struct gifenc *gifenc_open(const char *path, int w, int h,
                           const uint32_t *colors, int count, char *err,
                           size_t errlen)
{
	struct gifenc *g;
	ColorMapObject *map;
	int gif_err = 0, size = 2, bits = 1;
	/* giflib would create it 0600; a video is shared like any file. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	GifFileType *file = fd >= 0 ? EGifOpenFileHandle(fd, &gif_err) : NULL;
	/* NETSCAPE2.0: loop for ever. */
	static const unsigned char loop[3] = {1, 0, 0};

	if (file == NULL) {
		snprintf(err, errlen, "%s: %s", path,
		         errno != 0 ? strerror(errno)
		                    : GifErrorString(gif_err));
		return NULL;
	}
	g = xcalloc(1, sizeof *g);
	g->file = file;
	g->path = xmalloc(strlen(path) + 1);
	memcpy(g->path, path, strlen(path) + 1);
	g->w = w;
	g->h = h;
	/* One index is kept for "unchanged". */
	g->count = count < 1 ? 1 : count > 255 ? 255 : count;
	memcpy(g->colors, colors, sizeof *colors * (size_t)g->count);
	g->transparent = g->count;
	g->last_rgb = 1u << 31;
	while (size < g->count + 1) {
		size *= 2;
		bits++;
	}
	map = GifMakeMapObject(size, NULL);
	if (map == NULL)
		fatal("giflib: out of memory");
	for (int i = 0; i < size; i++) {
		uint32_t c = i < g->count ? g->colors[i] : 0;

		map->Colors[i].Red = (GifByteType)(c >> 16);
		map->Colors[i].Green = (GifByteType)(c >> 8);
		map->Colors[i].Blue = (GifByteType)c;
	}
	EGifSetGifVersion(file, true);
	note(g, EGifPutScreenDesc(file, w, h, 8, 0, map));
	GifFreeMapObject(map);
	note(g, EGifPutExtensionLeader(file, APPLICATION_EXT_FUNC_CODE));
	note(g, EGifPutExtensionBlock(file, 11, "NETSCAPE2.0"));
	note(g, EGifPutExtensionBlock(file, 3, loop));
	note(g, EGifPutExtensionTrailer(file));
	g->screen = xcalloc((size_t)w * (size_t)h, 1);
	g->shown = xcalloc((size_t)w * (size_t)h, 1);
	g->incoming = xmalloc((size_t)w * (size_t)h);
	g->line = xmalloc((size_t)w);
	/* giflib writes the code size byte for the map's bits (2 at least):
	 * our codes must be of that size. */
	lzw_init(&g->lzw, bits, put_block, g);
	return g;
}

static uint64_t centis(uint64_t t_us)
{
	return (t_us + 5000) / 10000;
}

/* Writes the pending frame, lasting until now_cs. */
static void flush(struct gifenc *g, uint64_t now_cs)
{
	struct raster_rect r = g->pending;
	uint64_t delay = now_cs > g->pending_cs ? now_cs - g->pending_cs : 1;
	unsigned char gce[4];

	if (!g->has_pending)
		return;
	if (delay > 65535)
		delay = 65535;
	/* Disposal 1: leave the frame, the next draws over it. A pixel the
	 * frame does not change is transparent: long runs of one index,
	 * which is what LZW compresses best (the first frame has none). */
	gce[0] = 1 << 2 | (g->frames > 0 ? 1 : 0);
	gce[1] = (unsigned char)(delay & 0xff);
	gce[2] = (unsigned char)(delay >> 8);
	gce[3] = (unsigned char)g->transparent;
	note(g, EGifPutExtension(g->file, GRAPHICS_EXT_FUNC_CODE, 4, gce));
	note(g, EGifPutImageDesc(g->file, r.x, r.y, r.w, r.h, false, NULL));
	lzw_start(&g->lzw);
	/* Locals, not g's fields: stores through uint8_t pointers may alias
	 * anything, and would make the compiler reload them per pixel. */
	for (int y = r.y; y < r.y + r.h; y++) {
		size_t at = (size_t)y * (size_t)g->w + (size_t)r.x;
		const uint8_t *screen = g->screen + at;
		uint8_t *shown = g->shown + at, *line = g->line;
		uint8_t transparent = (uint8_t)g->transparent;

		if (g->frames > 0)
			for (int x = 0; x < r.w; x++)
				line[x] = screen[x] == shown[x] ? transparent
				                                : screen[x];
		else
			memcpy(line, screen, (size_t)r.w);
		memcpy(shown, screen, (size_t)r.w);
		lzw_pixels(&g->lzw, line, (size_t)r.w);
	}
	lzw_end(&g->lzw);
	note(g, EGifPutCodeNext(g->file, NULL)); /* the image's end */
	g->has_pending = false;
	g->frames++;
}

/* Indexes one rectangle of the new picture into `incoming` and grows
 * the box of pixels that differ from the screen. */
static void index_rect(struct gifenc *g, const uint8_t *rgb,
                       struct raster_rect c, int box[4])
{
	uint8_t *incoming = g->incoming;
	const uint8_t *screen = g->screen;
	uint32_t last = (uint32_t)-1;
	uint8_t last_index = 0;

	for (int y = c.y; y < c.y + c.h; y++) {
		size_t at = (size_t)y * (size_t)g->w + (size_t)c.x;
		const uint8_t *p = rgb + at * 3;

		for (int x = c.x; x < c.x + c.w; x++, at++, p += 3) {
			uint32_t rgb_of =
			    (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
			uint8_t i;

			/* Runs of one colour: most pixels are the last. */
			if (rgb_of != last) {
				last = rgb_of;
				last_index = index_of(g, rgb_of);
			}
			i = last_index;
			incoming[at] = i;
			if (i != screen[at]) {
				box[0] = x < box[0] ? x : box[0];
				box[2] = x > box[2] ? x : box[2];
				box[1] = y < box[1] ? y : box[1];
				box[3] = y > box[3] ? y : box[3];
			}
		}
	}
}

void gifenc_frame(struct gifenc *g, const uint8_t *rgb,
                  const struct raster_rect *changed, int count, uint64_t t_us)
{
	/* x0, y0, x1, y1 of what differs; x1 < 0: nothing. */
	int box[4] = {g->w, g->h, -1, -1};
	uint64_t now = centis(t_us);
	bool first = g->frames == 0 && !g->has_pending;

	for (int k = 0; k < count; k++)
		if (changed[k].w > 0 && changed[k].h > 0)
			index_rect(g, rgb, changed[k], box);
	if (first) {
		/* The first frame is the whole picture, whatever it holds. */
		box[0] = box[1] = 0;
		box[2] = g->w - 1;
		box[3] = g->h - 1;
	} else if (box[2] < 0) {
		return; /* the same picture: the one before lasts longer */
	}
	if (g->has_pending && now > g->pending_cs) {
		flush(g, now);
	} else if (g->has_pending) {
		/* Shown for less than a centisecond: merged into this one. */
		int px1 = g->pending.x + g->pending.w - 1;
		int py1 = g->pending.y + g->pending.h - 1;

		box[0] = g->pending.x < box[0] ? g->pending.x : box[0];
		box[1] = g->pending.y < box[1] ? g->pending.y : box[1];
		box[2] = px1 > box[2] ? px1 : box[2];
		box[3] = py1 > box[3] ? py1 : box[3];
		now = g->pending_cs;
	}
	for (int k = 0; k < count; k++) {
		struct raster_rect c = changed[k];

		for (int y = c.y; y < c.y + c.h; y++) {
			size_t at = (size_t)y * (size_t)g->w + (size_t)c.x;

			memcpy(g->screen + at, g->incoming + at, (size_t)c.w);
		}
	}
	g->pending = (struct raster_rect){box[0], box[1], box[2] - box[0] + 1,
	                                  box[3] - box[1] + 1};
	g->pending_cs = now;
	g->has_pending = true;
}

int gifenc_frames(const struct gifenc *g)
{
	return g->frames + (g->has_pending ? 1 : 0);
}

int gifenc_close(struct gifenc *g, uint64_t end_us, char *err, size_t errlen)
{
	int gif_err = 0, rc = 0;
	uint64_t end = centis(end_us);

	if (g->has_pending)
		flush(g, end > g->pending_cs ? end : g->pending_cs + 1);
	if (EGifCloseFile(g->file, &gif_err) == GIF_ERROR && g->error == 0)
		g->error = gif_err;
	if (g->error != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", g->path,
		         GifErrorString(g->error));
		rc = -1;
	}
	free(g->screen);
	free(g->shown);
	free(g->line);
	lzw_free(&g->lzw);
	free(g->incoming);
	free(g->path);
	free(g);
	return rc;
}
