/*
 * libpng reports errors by longjmp: everything it touches is set up
 * before the setjmp and freed after it, on both paths.
 */
#include "video/pngenc.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <string.h>

int pngenc_write(const char *path, const uint8_t *rgb, int w, int h, char *err,
                 size_t errlen)
{
	FILE *out = fopen(path, "wb");
	png_structp png;
	png_infop info = NULL;
	int rc = 0;

	if (out == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (png != NULL)
		info = png_create_info_struct(png);
	if (png == NULL || info == NULL) {
		png_destroy_write_struct(&png, NULL);
		fclose(out);
		snprintf(err, errlen, "%s: libpng cannot start", path);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		rc = -1;
	} else {
		png_init_io(png, out);
		png_set_compression_level(png, 6);
		png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
		             PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		             PNG_COMPRESSION_TYPE_DEFAULT,
		             PNG_FILTER_TYPE_DEFAULT);
		png_write_info(png, info);
		for (int y = 0; y < h; y++)
			png_write_row(png, rgb + (size_t)y * (size_t)w * 3);
		png_write_end(png, NULL);
	}
	png_destroy_write_struct(&png, &info);
	if (fclose(out) != 0)
		rc = -1;
	if (rc != 0)
		snprintf(err, errlen, "%s: cannot write the PNG", path);
	return rc;
}
