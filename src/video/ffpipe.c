/*
 * ffmpeg's own messages go to our stderr only when it fails (-loglevel
 * error). SIGPIPE is ignored while the pipe is open, so ffmpeg dying
 * is an error we report, not a signal that kills us mid-write.
 */
#include "video/ffpipe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fatal.h"

#define FFMPEG_MISSING 127 /* the child's status when exec fails */

struct ffpipe {
	pid_t child;
	int fd;
	size_t frame_bytes;
	bool broken;
	struct sigaction old_pipe;
	char *path;
};

/* Whether a program is on PATH, so "not installed" is said before any
 * fork. */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (path == NULL)
		path = "/usr/bin:/bin";
	while (*path != '\0') {
		const char *end = strchr(path, ':');
		size_t len = end != NULL ? (size_t)(end - path) : strlen(path);

		if (len > 0 && len + strlen(name) + 2 < sizeof buf) {
			memcpy(buf, path, len);
			buf[len] = '/';
			strcpy(buf + len + 1, name);
			if (access(buf, X_OK) == 0)
				return true;
		}
		path += len;
		if (*path == ':')
			path++;
	}
	return false;
}

struct ffpipe *ffpipe_open(const char *path, enum ffpipe_codec codec, int w,
                           int h, int fps, char *err, size_t errlen)
{
	char size[32], rate[16];
	int fds[2];
	pid_t child;
	struct ffpipe *p;
	struct sigaction ignore = {.sa_handler = SIG_IGN};
	/* clang-format off */
	/* ultrafast: x264 was 70% of an MP4's CPU at superfast; this halves
	 * it for files about a third bigger (16 MB for 05's 70 s). */
	const char *h264[] = {"-c:v", "libx264", "-preset", "ultrafast",
	                      "-tune", "animation", "-crf", "20",
	                      "-movflags", "+faststart", NULL};
	const char *vp9[] = {"-c:v", "libvpx-vp9", "-deadline", "realtime",
	                     "-cpu-used", "8", "-row-mt", "1",
	                     "-b:v", "0", "-crf", "32", NULL};
	/* clang-format on */
	const char **codec_args = codec == FFPIPE_H264 ? h264 : vp9;
	const char *argv[48];
	int argc = 0;

	if (!on_path("ffmpeg")) {
		snprintf(err, errlen,
		         "%s: making %s needs ffmpeg (Debian package ffmpeg: "
		         "apt-get install ffmpeg)",
		         path, codec == FFPIPE_H264 ? "MP4" : "WebM");
		return NULL;
	}
	snprintf(size, sizeof size, "%dx%d", w, h);
	snprintf(rate, sizeof rate, "%d", fps);
	{
		/* clang-format off */
		const char *head[] = {"ffmpeg", "-hide_banner", "-nostdin",
		                      "-loglevel", "error", "-y",
		                      "-f", "rawvideo", "-pix_fmt", "yuv420p",
		                      "-s", size, "-r", rate, "-i", "pipe:0",
		                      /* what yuv.c makes, said in the file */
		                      "-colorspace", "bt709",
		                      "-color_primaries", "bt709",
		                      "-color_trc", "bt709",
		                      "-color_range", "tv", NULL};
		/* clang-format on */

		for (int i = 0; head[i] != NULL; i++)
			argv[argc++] = head[i];
		for (int i = 0; codec_args[i] != NULL; i++)
			argv[argc++] = codec_args[i];
		argv[argc++] = path;
		argv[argc] = NULL;
	}
	if (pipe(fds) != 0) {
		snprintf(err, errlen, "%s: cannot start ffmpeg: %s", path,
		         strerror(errno));
		return NULL;
	}
	fflush(NULL);
	child = fork();
	if (child < 0) {
		close(fds[0]);
		close(fds[1]);
		snprintf(err, errlen, "%s: cannot start ffmpeg: %s", path,
		         strerror(errno));
		return NULL;
	}
	if (child == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		/* execvp takes char *const[]; ffmpeg never writes to it. */
		execvp("ffmpeg", (char *const *)(void *)argv);
		_exit(FFMPEG_MISSING);
	}
	close(fds[0]);
	p = xcalloc(1, sizeof *p);
	p->child = child;
	p->fd = fds[1];
	p->frame_bytes = (size_t)w * (size_t)h * 3 / 2;
	p->path = xmalloc(strlen(path) + 1);
	memcpy(p->path, path, strlen(path) + 1);
	sigaction(SIGPIPE, &ignore, &p->old_pipe);
	return p;
}

bool ffpipe_frame(struct ffpipe *p, const uint8_t *rgb)
{
	size_t done = 0;

	while (!p->broken && done < p->frame_bytes) {
		ssize_t n = write(p->fd, rgb + done, p->frame_bytes - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			p->broken = true;
			break;
		}
		done += (size_t)n;
	}
	return !p->broken;
}

int ffpipe_close(struct ffpipe *p, char *err, size_t errlen)
{
	int status = 0, rc = 0;

	close(p->fd);
	while (waitpid(p->child, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGPIPE, &p->old_pipe, NULL);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || p->broken) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == FFMPEG_MISSING)
			snprintf(err, errlen,
			         "%s: ffmpeg could not be run (Debian package "
			         "ffmpeg)",
			         p->path);
		else
			snprintf(err, errlen,
			         "%s: ffmpeg failed (its message is above)",
			         p->path);
		rc = -1;
	}
	free(p->path);
	free(p);
	return rc;
}
