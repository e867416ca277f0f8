/*
 * One loop plays the events into libvterm and asks for a picture at each
 * sample time: every distinct event time for a GIF (its frames have any
 * delay), every 1/VIDEO_FPS s for MP4 and WebM, one moment for a PNG.
 * The GIF's palette needs every colour before the first frame: a first
 * pass through the emulator (cheap next to drawing) collects the pairs
 * of colours text is drawn in, and the coverage steps are chosen so that
 * all their blends fit in 256.
 */
#include "video/video.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "video/ffpipe.h"
#include "video/font.h"
#include "video/gifenc.h"
#include "video/pngenc.h"
#include "video/raster.h"
#include "video/vt.h"
#include "video/yuv.h"

/* Coverage steps a GIF's text gets at best: 8 is as smooth as the eye
 * tells at these sizes, and keeps the palette small for LZW. */
#define GIF_LEVELS_MAX 8

static const struct {
	const char *ext, *name;
} formats[VIDEO_FORMAT_COUNT] = {
    [VIDEO_CAST] = {".cast", "asciicast"}, [VIDEO_GIF] = {".gif", "GIF"},
    [VIDEO_PNG] = {".png", "PNG"},         [VIDEO_MP4] = {".mp4", "MP4"},
    [VIDEO_WEBM] = {".webm", "WebM"},
};

struct event {
	uint64_t t_us;
	size_t start, len;
};

struct video {
	int cols, rows;
	struct event *events;
	size_t count, cap;
	char *bytes;
	size_t used, bytes_cap;
};

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	if (n <= m)
		return false;
	for (size_t i = 0; i < m; i++) {
		char c = s[n - m + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != tail[i])
			return false;
	}
	return true;
}

bool video_format_of(const char *path, enum video_format *format)
{
	for (int f = 0; f < VIDEO_FORMAT_COUNT; f++)
		if (ends_with(path, formats[f].ext)) {
			*format = (enum video_format)f;
			return true;
		}
	return false;
}

const char *video_format_name(enum video_format format)
{
	return format < VIDEO_FORMAT_COUNT ? formats[format].name : "?";
}

const char *video_extensions(void)
{
	return ".cast, .gif, .png, .mp4 or .webm";
}

struct video *video_new(int cols, int rows)
{
	struct video *v = xcalloc(1, sizeof *v);

	v->cols = cols;
	v->rows = rows;
	return v;
}

void video_free(struct video *v)
{
	if (v == NULL)
		return;
	free(v->events);
	free(v->bytes);
	free(v);
}

int video_cols(const struct video *v)
{
	return v->cols;
}

int video_rows(const struct video *v)
{
	return v->rows;
}

void video_feed(struct video *v, uint64_t t_us, const char *bytes, size_t len)
{
	struct event *last = v->count > 0 ? &v->events[v->count - 1] : NULL;

	if (len == 0)
		return;
	if (last != NULL && t_us < last->t_us)
		t_us = last->t_us;
	if (v->used + len > v->bytes_cap) {
		v->bytes_cap = (v->used + len) * 2;
		v->bytes = xrealloc(v->bytes, v->bytes_cap, 1);
	}
	memcpy(v->bytes + v->used, bytes, len);
	/* Bytes at one time are one event, however they were cut. */
	if (last != NULL && last->t_us == t_us) {
		last->len += len;
	} else {
		if (v->count == v->cap) {
			v->cap = v->cap ? v->cap * 2 : 256;
			v->events =
			    xrealloc(v->events, v->cap, sizeof *v->events);
		}
		v->events[v->count++] =
		    (struct event){.t_us = t_us, .start = v->used, .len = len};
	}
	v->used += len;
}

/* --- playing ---------------------------------------------------------- */

struct player {
	const struct video *video;
	struct vt *vt;
	size_t next; /* the first event not fed yet */
};

/* Feeds every event up to and including t_us. */
static void play_to(struct player *p, uint64_t t_us)
{
	const struct video *v = p->video;

	while (p->next < v->count && v->events[p->next].t_us <= t_us) {
		const struct event *e = &v->events[p->next++];

		vt_feed(p->vt, v->bytes + e->start, e->len);
	}
}

/* The first event time after t_us, or UINT64_MAX. */
static uint64_t next_time(const struct player *p)
{
	return p->next < p->video->count ? p->video->events[p->next].t_us
	                                 : UINT64_MAX;
}

char *video_final_screen(struct video *v, const struct palette *palette)
{
	struct player p = {.video = v, .vt = vt_new(v->cols, v->rows, palette)};
	size_t line = (size_t)v->cols * 4 + 2;
	char *out = xmalloc(line * (size_t)v->rows + 1), *at = out;

	play_to(&p, UINT64_MAX);
	for (int row = 0; row < v->rows; row++) {
		vt_row_text(p.vt, row, at, line - 1);
		at += strlen(at);
		*at++ = '\n';
	}
	*at = '\0';
	vt_free(p.vt);
	return out;
}

/* --- the GIF's palette ------------------------------------------------ */

struct colour_set {
	uint64_t *keys; /* key + 1, 0: empty */
	size_t cap, used;
};

static bool set_add(struct colour_set *s, uint64_t key)
{
	size_t i;

	if ((s->used + 1) * 2 > s->cap) {
		struct colour_set bigger = {
		    .cap = s->cap ? s->cap * 2 : 1024,
		};

		bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
		for (size_t k = 0; k < s->cap; k++)
			if (s->keys[k] != 0)
				set_add(&bigger, s->keys[k] - 1);
		free(s->keys);
		*s = bigger;
	}
	i = (size_t)((key + 1) * 0x9E3779B97F4A7C15ULL >> 40) & (s->cap - 1);
	while (s->keys[i] != 0) {
		if (s->keys[i] == key + 1)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->keys[i] = key + 1;
	s->used++;
	return true;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The set's keys, sorted (so the palette does not depend on hashing). */
static uint64_t *set_sorted(const struct colour_set *s, size_t *count)
{
	uint64_t *out = xmalloc((s->used ? s->used : 1) * sizeof *out);
	size_t n = 0;

	for (size_t i = 0; i < s->cap; i++)
		if (s->keys[i] != 0)
			out[n++] = s->keys[i] - 1;
	qsort(out, n, sizeof *out, compare_u64);
	*count = n;
	return out;
}

/*
 * The colours for `levels` steps: every plain colour and every blend of
 * a pair. Fills colours (256) and returns the count, or -1 if more.
 */
static int palette_for(const uint64_t *pairs, size_t pair_count,
                       const uint64_t *plain, size_t plain_count, int levels,
                       uint32_t *colours)
{
	struct colour_set set = {0};
	uint64_t *sorted;
	size_t n;
	int rc;

	for (size_t i = 0; i < plain_count; i++)
		set_add(&set, plain[i]);
	for (size_t i = 0; i < pair_count && set.used <= 255; i++)
		for (int s = 1; s < levels; s++)
			set_add(&set,
			        raster_blend((uint32_t)(pairs[i] >> 24),
			                     (uint32_t)(pairs[i] & 0xffffff), s,
			                     levels));
	if (set.used > 255) { /* (one index is the GIF's transparent) */
		free(set.keys);
		return -1;
	}
	sorted = set_sorted(&set, &n);
	for (size_t i = 0; i < n; i++)
		colours[i] = (uint32_t)sorted[i];
	rc = (int)n;
	free(sorted);
	free(set.keys);
	return rc;
}

/* Collects what the GIF's frames will draw and picks the steps. */
static int gif_palette(const struct video *v, const struct video_settings *s,
                       uint64_t end_us, uint32_t *colours, int *levels)
{
	struct player p = {.video = v,
	                   .vt = vt_new(v->cols, v->rows, s->palette)};
	struct vt_cell *cells =
	    xmalloc((size_t)v->cols * (size_t)v->rows * sizeof *cells);
	struct colour_set pairs = {0}, plain = {0};
	uint64_t t = s->from_us, *pair_list, *plain_list;
	size_t pair_count, plain_count;
	int count = -1;

	set_add(&plain, s->palette->bg);
	while (t < end_us) {
		play_to(&p, t);
		vt_cells(p.vt, cells);
		for (int i = 0; i < v->cols * v->rows; i++) {
			set_add(&plain, cells[i].bg);
			if (cells[i].ch != 0) {
				set_add(&plain, cells[i].fg);
				set_add(&pairs, (uint64_t)cells[i].fg << 24 |
				                    cells[i].bg);
			} else if (cells[i].underline) {
				set_add(&plain, cells[i].fg);
			}
		}
		t = next_time(&p);
	}
	pair_list = set_sorted(&pairs, &pair_count);
	plain_list = set_sorted(&plain, &plain_count);
	for (*levels = GIF_LEVELS_MAX; *levels >= 1 && count < 0; (*levels)--)
		count = palette_for(pair_list, pair_count, plain_list,
		                    plain_count, *levels, colours);
	(*levels)++;
	if (count < 0) {
		/* More plain colours than a GIF holds: the first 256, and
		 * the nearest of them for the rest. */
		count = plain_count < 255 ? (int)plain_count : 255;
		for (int i = 0; i < count; i++)
			colours[i] = (uint32_t)plain_list[i];
		*levels = 1;
	}
	free(pair_list);
	free(plain_list);
	free(pairs.keys);
	free(plain.keys);
	free(cells);
	vt_free(p.vt);
	return count;
}

/* --- writing ------------------------------------------------------------ */

struct writer {
	const struct video *video;
	const struct video_settings *settings;
	enum video_format format;
	const char *path;
	uint64_t end_us; /* the last moment shown, in the events' time */
	struct font *font;
	struct raster *raster;
	struct player player;
	struct vt_cell *cells;
	struct video_stats *stats;
};

/* The picture at t_us (in the events' time): what changed in it. */
static struct raster_rect picture_at(struct writer *w, uint64_t t_us)
{
	play_to(&w->player, t_us);
	vt_cells(w->player.vt, w->cells);
	return raster_draw(w->raster, w->cells);
}

static int write_gif(struct writer *w, const uint32_t *colours, int count,
                     char *err, size_t errlen)
{
	const struct video_settings *s = w->settings;
	struct gifenc *gif =
	    gifenc_open(w->path, raster_width(w->raster),
	                raster_height(w->raster), colours, count, err, errlen);
	uint64_t t = s->from_us;
	int rc;

	if (gif == NULL)
		return -1;
	while (t < w->end_us) {
		picture_at(w, t);
		gifenc_frame(gif, raster_pixels(w->raster),
		             raster_changes(w->raster), raster_rows(w->raster),
		             t - s->from_us);
		t = next_time(&w->player);
	}
	w->stats->frames = gifenc_frames(gif);
	rc = gifenc_close(gif, w->end_us - s->from_us, err, errlen);
	return rc;
}

static int write_ffmpeg(struct writer *w, char *err, size_t errlen)
{
	const struct video_settings *s = w->settings;
	struct ffpipe *pipe = ffpipe_open(
	    w->path, w->format == VIDEO_MP4 ? FFPIPE_H264 : FFPIPE_VP9,
	    raster_width(w->raster), raster_height(w->raster), VIDEO_FPS, err,
	    errlen);
	uint64_t frames = 0;
	bool ok = true;
	int width = raster_width(w->raster), height = raster_height(w->raster);
	uint8_t *yuv;
	int rc;

	if (pipe == NULL)
		return -1;
	yuv = xmalloc(yuv_frame_bytes(width, height));
	/* Frame n shows the moment n / VIDEO_FPS s after the start; only
	 * what changed is converted again. */
	for (uint64_t t = s->from_us; ok && t < w->end_us;
	     t = s->from_us + ++frames * 1000000 / VIDEO_FPS) {
		yuv_convert(raster_pixels(w->raster), width, height,
		            picture_at(w, t), yuv);
		ok = ffpipe_frame(pipe, yuv);
	}
	w->stats->frames = (int)frames;
	rc = ffpipe_close(pipe, err, errlen);
	free(yuv);
	return rc;
}

static int write_png(struct writer *w, char *err, size_t errlen)
{
	const struct video_settings *s = w->settings;
	uint64_t at = s->at_given ? s->at_us : w->end_us;

	picture_at(w, at);
	w->stats->frames = 1;
	return pngenc_write(w->path, raster_pixels(w->raster),
	                    raster_width(w->raster), raster_height(w->raster),
	                    err, errlen);
}

int video_write(struct video *v, uint64_t end_us, enum video_format format,
                const char *path, const struct video_settings *s,
                struct video_stats *stats, char *err, size_t errlen)
{
	struct writer w = {.video = v,
	                   .settings = s,
	                   .format = format,
	                   .path = path,
	                   .stats = stats};
	uint32_t colours[GIFENC_COLORS_MAX];
	int count = 0, levels = RASTER_LEVELS_FULL, rc;

	*stats = (struct video_stats){0};
	w.end_us = s->to_us != 0 && s->to_us < end_us ? s->to_us : end_us;
	if (format == VIDEO_CAST || format >= VIDEO_FORMAT_COUNT) {
		snprintf(err, errlen, "%s: not a video format", path);
		return -1;
	}
	if (s->from_us >= w.end_us && format != VIDEO_PNG) {
		snprintf(err, errlen,
		         "%s: --from is at or past the end (%.1f s)", path,
		         (double)w.end_us / 1e6);
		return -1;
	}
	if (format == VIDEO_PNG && s->at_given && s->at_us > end_us) {
		snprintf(err, errlen, "%s: --at is past the end (%.1f s)", path,
		         (double)end_us / 1e6);
		return -1;
	}
	w.font = font_open(s->font != NULL ? s->font : FONT_DEFAULT_FAMILY,
	                   s->font_size > 0 ? s->font_size : FONT_DEFAULT_SIZE,
	                   err, errlen);
	if (w.font == NULL)
		return -1;
	if (format == VIDEO_GIF)
		count = gif_palette(v, s, w.end_us, colours, &levels);
	w.raster = raster_new(w.font, v->cols, v->rows, s->palette->bg, levels);
	w.player = (struct player){.video = v,
	                           .vt = vt_new(v->cols, v->rows, s->palette)};
	w.cells = xmalloc((size_t)v->cols * (size_t)v->rows * sizeof *w.cells);
	stats->width = raster_width(w.raster);
	stats->height = raster_height(w.raster);
	stats->duration_us = format == VIDEO_PNG ? 0 : w.end_us - s->from_us;
	if (format == VIDEO_GIF)
		rc = write_gif(&w, colours, count, err, errlen);
	else if (format == VIDEO_PNG)
		rc = write_png(&w, err, errlen);
	else
		rc = write_ffmpeg(&w, err, errlen);
	free(w.cells);
	vt_free(w.player.vt);
	raster_free(w.raster);
	font_free(w.font);
	return rc;
}
