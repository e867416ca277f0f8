/*
 * FreeType faces found through fontconfig, and a cache of every glyph
 * drawn (a dashboard uses a few hundred), so a frame costs lookups, not
 * rasterising. Light hinting snaps stems to whole pixels vertically: the
 * crisp text a video needs at small sizes.
 */
#include "video/font.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "video/boxdraw.h"

/* Fonts open: fontconfig is set up for the first and given back after the
 * last (FcFini), so a run leaves nothing of it allocated. The one global
 * here, as fontconfig's own state is global. */
static int fonts_open;

/* Fonts asked of fontconfig for characters the main one lacks. */
#define FALLBACK_MAX 8

struct slot {
	uint32_t key; /* 0: empty */
	uint8_t *cov;
};

struct face {
	FT_Face face;
	char *path;
};

struct font {
	FT_Library library;
	struct face regular, bold;
	bool fake_bold; /* no bold face: FreeType emboldens the regular */
	struct face fallbacks[FALLBACK_MAX];
	int fallback_count;
	char *pattern;
	int size, cell_w, cell_h, baseline;
	struct slot *slots;
	size_t slot_cap, slot_used;
};

static char *dup_string(const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = xmalloc(len);

	memcpy(copy, s, len);
	return copy;
}

/* The file fontconfig picks for a pattern (bold, or holding c if c is
 * not 0); NULL if none. */
static char *find_file(const char *pattern, bool bold, uint32_t c, int *index)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)pattern), *match;
	FcResult result;
	FcChar8 *file = NULL;
	char *path = NULL;

	if (pat == NULL)
		return NULL;
	if (bold)
		FcPatternAddInteger(pat, FC_WEIGHT, FC_WEIGHT_BOLD);
	if (c != 0) {
		FcCharSet *set = FcCharSetCreate();

		FcCharSetAddChar(set, c);
		FcPatternAddCharSet(pat, FC_CHARSET, set);
		FcCharSetDestroy(set);
	}
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &result);
	FcPatternDestroy(pat);
	if (match == NULL)
		return NULL;
	*index = 0;
	if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
		FcPatternGetInteger(match, FC_INDEX, 0, index);
		path = dup_string((const char *)file);
	}
	FcPatternDestroy(match);
	return path;
}

static int open_face(struct font *f, struct face *out, char *path, int index)
{
	if (FT_New_Face(f->library, path, index, &out->face) != 0) {
		free(path);
		out->face = NULL;
		return -1;
	}
	out->path = path;
	if (FT_Set_Pixel_Sizes(out->face, 0, (FT_UInt)f->size) != 0) {
		FT_Done_Face(out->face);
		out->face = NULL;
		free(path);
		out->path = NULL;
		return -1;
	}
	return 0;
}

static void close_face(struct face *face)
{
	if (face->face != NULL)
		FT_Done_Face(face->face);
	free(face->path);
	face->face = NULL;
	face->path = NULL;
}

static int measure(struct font *f, char *err, size_t errlen)
{
	FT_Face face = f->regular.face;
	FT_Size_Metrics *m = &face->size->metrics;
	int ascender = (int)((m->ascender + 63) >> 6);
	int descender = (int)((-m->descender + 63) >> 6);

	if (FT_Load_Char(face, 'M', FT_LOAD_TARGET_LIGHT) != 0) {
		snprintf(err, errlen, "--font: %s has no letter M",
		         f->regular.path);
		return -1;
	}
	f->cell_w = (int)((face->glyph->advance.x + 32) >> 6);
	f->cell_h = ascender + descender;
	f->baseline = ascender;
	if (f->cell_w < 2 || f->cell_h < 4) {
		snprintf(err, errlen, "--font: %s gives %dx%d pixel cells",
		         f->regular.path, f->cell_w, f->cell_h);
		return -1;
	}
	return 0;
}

struct font *font_open(const char *family, int size_px, char *err,
                       size_t errlen)
{
	struct font *f;
	char *path;
	int index = 0;

	if (size_px < FONT_MIN_SIZE || size_px > FONT_MAX_SIZE) {
		snprintf(err, errlen, "--font-size: %d is not %d to %d pixels",
		         size_px, FONT_MIN_SIZE, FONT_MAX_SIZE);
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->size = size_px;
	f->pattern = dup_string(family);
	if (FT_Init_FreeType(&f->library) != 0) {
		free(f->pattern);
		free(f);
		snprintf(err, errlen, "FreeType cannot start");
		return NULL;
	}
	if (fonts_open++ == 0)
		FcInit();
	/* A path is taken as it is; anything else is a pattern. */
	path = strchr(family, '/') != NULL
	           ? dup_string(family)
	           : find_file(family, false, 0, &index);
	if (path == NULL || open_face(f, &f->regular, path, index) != 0) {
		snprintf(err, errlen,
		         "--font: no font for '%s' (install fonts-dejavu-core, "
		         "or name one fc-list shows)",
		         family);
		font_free(f);
		return NULL;
	}
	if (measure(f, err, errlen) != 0) {
		font_free(f);
		return NULL;
	}
	path = strchr(family, '/') != NULL ? NULL
	                                   : find_file(family, true, 0, &index);
	if (path != NULL && strcmp(path, f->regular.path) != 0)
		open_face(f, &f->bold, path, index);
	else
		free(path);
	f->fake_bold = f->bold.face == NULL;
	return f;
}

void font_free(struct font *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->slot_cap; i++)
		free(f->slots[i].cov);
	free(f->slots);
	close_face(&f->regular);
	close_face(&f->bold);
	for (int i = 0; i < f->fallback_count; i++)
		close_face(&f->fallbacks[i]);
	FT_Done_FreeType(f->library);
	free(f->pattern);
	free(f);
	if (--fonts_open == 0)
		FcFini();
}

int font_cell_width(const struct font *f)
{
	return f->cell_w;
}

int font_cell_height(const struct font *f)
{
	return f->cell_h;
}

int font_baseline(const struct font *f)
{
	return f->baseline;
}

const char *font_file(const struct font *f)
{
	return f->regular.path;
}

/* The face that has c: the main one (bold if asked), a fallback found
 * before, or a new fallback; NULL if no font has it. */
static FT_Face face_for(struct font *f, uint32_t c, bool bold)
{
	FT_Face main = bold && !f->fake_bold ? f->bold.face : f->regular.face;
	char *path;
	int index = 0;

	if (FT_Get_Char_Index(main, c) != 0)
		return main;
	for (int i = 0; i < f->fallback_count; i++)
		if (FT_Get_Char_Index(f->fallbacks[i].face, c) != 0)
			return f->fallbacks[i].face;
	if (f->fallback_count >= FALLBACK_MAX)
		return NULL;
	path = find_file(f->pattern, false, c, &index);
	if (path == NULL)
		return NULL;
	for (int i = 0; i < f->fallback_count; i++)
		if (strcmp(f->fallbacks[i].path, path) == 0) {
			free(path); /* it was asked, and has no c */
			return NULL;
		}
	if (strcmp(path, f->regular.path) == 0) {
		free(path); /* fontconfig's best has no c either */
		return NULL;
	}
	if (open_face(f, &f->fallbacks[f->fallback_count], path, index) != 0)
		return NULL; /* (open_face freed path) */
	f->fallback_count++;
	if (FT_Get_Char_Index(f->fallbacks[f->fallback_count - 1].face, c) == 0)
		return NULL;
	return f->fallbacks[f->fallback_count - 1].face;
}

/* An empty box, inset a pixel: what a terminal shows for a character no
 * font has. */
static void tofu(uint8_t *cov, int w, int h)
{
	for (int y = 2; y < h - 2; y++)
		for (int x = 1; x < w - 1; x++)
			if (y == 2 || y == h - 3 || x == 1 || x == w - 2)
				cov[y * w + x] = 255;
}

static void rasterise(struct font *f, uint32_t c, bool bold, int w,
                      uint8_t *cov)
{
	FT_Face face = face_for(f, c, bold);
	FT_GlyphSlot g;
	int x0, y0;

	if (face == NULL || FT_Load_Char(face, c, FT_LOAD_TARGET_LIGHT) != 0) {
		tofu(cov, w, f->cell_h);
		return;
	}
	g = face->glyph;
	/* Synthetic bold when the face is not bold itself. */
	if (bold && face != f->bold.face)
		FT_GlyphSlot_Embolden(g);
	if (FT_Render_Glyph(g, FT_RENDER_MODE_LIGHT) != 0) {
		tofu(cov, w, f->cell_h);
		return;
	}
	/* The main face's advance is the cell; any other glyph is centred
	 * in the cells it has. */
	x0 = g->bitmap_left;
	if (face != f->regular.face && face != f->bold.face)
		x0 += (w - (int)((g->advance.x + 32) >> 6)) / 2;
	y0 = f->baseline - g->bitmap_top;
	for (unsigned row = 0; row < g->bitmap.rows; row++) {
		int y = y0 + (int)row;

		if (y < 0 || y >= f->cell_h)
			continue;
		for (unsigned col = 0; col < g->bitmap.width; col++) {
			int x = x0 + (int)col;
			uint8_t v =
			    g->bitmap
			        .buffer[(int)row * g->bitmap.pitch + (int)col];

			if (x >= 0 && x < w && v > cov[y * w + x])
				cov[y * w + x] = v;
		}
	}
}

static uint32_t hash_key(uint32_t key)
{
	key ^= key >> 16;
	key *= 0x7feb352dU;
	key ^= key >> 15;
	return key;
}

static struct slot *find_slot(struct slot *slots, size_t cap, uint32_t key)
{
	size_t i = hash_key(key) & (cap - 1);

	while (slots[i].key != 0 && slots[i].key != key)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void grow(struct font *f)
{
	size_t cap = f->slot_cap ? f->slot_cap * 2 : 512;
	struct slot *slots = xcalloc(cap, sizeof *slots);

	for (size_t i = 0; i < f->slot_cap; i++)
		if (f->slots[i].key != 0)
			*find_slot(slots, cap, f->slots[i].key) = f->slots[i];
	free(f->slots);
	f->slots = slots;
	f->slot_cap = cap;
}

const uint8_t *font_glyph(struct font *f, uint32_t c, bool bold, int cells)
{
	/* Code points stop at 0x10FFFF (21 bits); 1 keeps the key nonzero. */
	uint32_t key = (c & 0x1FFFFF) << 3 | (bold ? 4u : 0u) |
	               (cells == 2 ? 2u : 0u) | 1u;
	struct slot *slot;
	int w = f->cell_w * (cells == 2 ? 2 : 1);

	if ((f->slot_used + 1) * 2 > f->slot_cap)
		grow(f);
	slot = find_slot(f->slots, f->slot_cap, key);
	if (slot->key == key)
		return slot->cov;
	slot->key = key;
	slot->cov = xcalloc((size_t)w * (size_t)f->cell_h, 1);
	f->slot_used++;
	if (!boxdraw_glyph(c, w, f->cell_h, slot->cov))
		rasterise(f, c, bold, w, slot->cov);
	return slot->cov;
}
