/*
 * The final screen of an asciicast as libvterm draws it, one line per
 * row, trailing blanks cut: what video.sh compares with asciinema and
 * pyte. Usage: vt_screen FILE.cast
 */
#include <stdio.h>
#include <stdlib.h>

#include "video/castread.h"
#include "video/video.h"

int main(int argc, char **argv)
{
	struct video *v;
	struct cast_info info;
	char err[512], *screen;

	if (argc != 2) {
		fprintf(stderr, "usage: vt_screen FILE.cast\n");
		return 2;
	}
	if (castread_load(argv[1], &v, &info, err, sizeof err) != 0) {
		fprintf(stderr, "vt_screen: %s\n", err);
		return 1;
	}
	screen = video_final_screen(v, palette_of(THEME_DARK));
	fputs(screen, stdout);
	free(screen);
	video_free(v);
	return 0;
}
