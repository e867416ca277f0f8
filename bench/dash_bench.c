/*
 * The live dashboard's goal of issue #16, measured from outside as a
 * terminal would see it: `gcounter --nodes 8` at 1x in a 120x40 pty
 * (forkpty), for the old binary and this one in the same run. It reads
 * what the program writes to the pty and the kernel's counts of the
 * child (/proc/PID/stat, io, status); it never looks inside the program.
 */
#define _GNU_SOURCE /* forkpty, memmem, getloadavg */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DASH_COLS 120
#define DASH_ROWS 40
/* Bytes from the pty closer together than this are one frame: a frame
 * is written in well under a millisecond, frames come ~30 ms apart. */
#define FRAME_GAP_NS 5000000LL
#define WARMUP_S     1.5
#define RUN_S        10.0
#define PAUSED_S     5.0
#define KEY_PRESSES  10
/* A frame every 50 ms while running (app/live.c). */
#define FRAME_PERIOD_MS 50.0

struct child {
	pid_t pid;
	int master;
	long long last_byte_ns;
	uint64_t frames; /* bursts of bytes, see FRAME_GAP_NS */
	uint64_t bytes;
	/* The last bytes read, to find a word split across reads. */
	char tail[4096];
	size_t tail_len;
	uint64_t tail_total; /* bytes ever appended to tail */
};

/* What the kernel counts for the child at one moment. */
struct counts {
	double cpu_s;
	uint64_t write_calls, switches;
	long long at_ns;
};

struct figures {
	bool ran;
	double cpu_share, frames_per_s, writes_per_frame, bytes_per_s;
	double wakeups_per_s, paused_wakeups_per_s, paused_cpu_share;
	double key_p50_ms, key_max_ms;
	int keys_seen, keys_next_frame;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Reads what is waiting on the pty for up to wait_ns, counting frames
 * and keeping the tail. */
static void pump(struct child *c, long long wait_ns)
{
	long long end = now_ns() + wait_ns;

	for (;;) {
		long long left = end - now_ns();
		struct pollfd p = {.fd = c->master, .events = POLLIN};
		char buf[8192];
		ssize_t got;

		if (left < 0)
			left = 0;
		if (poll(&p, 1, (int)(left / 1000000)) <= 0) {
			if (now_ns() >= end)
				return;
			continue;
		}
		got = read(c->master, buf, sizeof buf);
		if (got <= 0) {
			if (got < 0 && errno == EINTR)
				continue;
			return; /* the child is gone */
		}
		{
			long long t = now_ns();

			if (c->last_byte_ns == 0 ||
			    t - c->last_byte_ns > FRAME_GAP_NS)
				c->frames++;
			c->last_byte_ns = t;
		}
		c->bytes += (uint64_t)got;
		if ((size_t)got >= sizeof c->tail) {
			memcpy(c->tail, buf + got - sizeof c->tail,
			       sizeof c->tail);
			c->tail_len = sizeof c->tail;
		} else {
			size_t keep = sizeof c->tail - (size_t)got;

			if (c->tail_len > keep) {
				memmove(c->tail, c->tail + c->tail_len - keep,
				        keep);
				c->tail_len = keep;
			}
			memcpy(c->tail + c->tail_len, buf, (size_t)got);
			c->tail_len += (size_t)got;
		}
		c->tail_total += (uint64_t)got;
		if (now_ns() >= end)
			return;
	}
}

/* The value after `key` in a /proc file of "key value" lines. */
static uint64_t proc_field(pid_t pid, const char *file, const char *key)
{
	char path[64], line[256];
	size_t len = strlen(key);
	uint64_t value = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, key, len) == 0) {
			value = strtoull(line + len, NULL, 10);
			break;
		}
	}
	fclose(f);
	return value;
}

static double proc_cpu_s_ticks(pid_t pid)
{
	char path[64], text[1024], *p;
	unsigned long long utime = 0, stime = 0;
	FILE *f;
	size_t got;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	got = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[got] = '\0';
	/* The name may hold spaces: count fields from its closing ')'. */
	p = strrchr(text, ')');
	if (p == NULL ||
	    sscanf(p + 2,
	           "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
	           &utime, &stime) != 2)
		return 0;
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* Time on a CPU in nanoseconds (schedstat's first field): exact, where
 * stat's utime and stime are counted in clock ticks. */
static double proc_cpu_s(pid_t pid)
{
	char path[64];
	unsigned long long ns = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return proc_cpu_s_ticks(pid);
	if (fscanf(f, "%llu", &ns) != 1) {
		fclose(f);
		return proc_cpu_s_ticks(pid);
	}
	fclose(f);
	return (double)ns / 1e9;
}

static struct counts sample(pid_t pid)
{
	struct counts k;

	k.cpu_s = proc_cpu_s(pid);
	k.write_calls = proc_field(pid, "io", "syscw:");
	k.switches = proc_field(pid, "status", "voluntary_ctxt_switches:") +
	             proc_field(pid, "status", "nonvoluntary_ctxt_switches:");
	k.at_ns = now_ns();
	return k;
}

static bool start(struct child *c, const char *bin)
{
	struct winsize ws = {.ws_row = DASH_ROWS, .ws_col = DASH_COLS};

	memset(c, 0, sizeof *c);
	c->pid = forkpty(&c->master, NULL, NULL, &ws);
	if (c->pid < 0)
		return false;
	if (c->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		unsetenv("LC_ALL");
		unsetenv("COLUMNS");
		unsetenv("LINES");
		execl(bin, bin, "--nodes", "8", (char *)NULL);
		_exit(127);
	}
	return true;
}

static void stop(struct child *c)
{
	int status;

	if (write(c->master, "q", 1) != 1)
		kill(c->pid, SIGTERM);
	for (int i = 0; i < 50; i++) {
		pump(c, 20000000LL);
		if (waitpid(c->pid, &status, WNOHANG) == c->pid) {
			close(c->master);
			return;
		}
	}
	kill(c->pid, SIGKILL);
	waitpid(c->pid, &status, 0);
	close(c->master);
}

/* Sends a key and times until `word` is read; how many frames (bursts)
 * began after the key up to and including the one that showed it. */
static double key_to_screen(struct child *c, char key, const char *word,
                            int *frames_after)
{
	uint64_t from = c->tail_total, frames_before;
	long long sent, end;
	size_t len = strlen(word);

	pump(c, 0); /* what is already waiting is not the key's */
	from = c->tail_total;
	/* A burst under way is not a frame after the key. */
	c->last_byte_ns = 0;
	frames_before = c->frames;
	sent = now_ns();
	if (write(c->master, &key, 1) != 1)
		return -1;
	end = sent + 1000000000LL;
	while (now_ns() < end) {
		size_t fresh;

		pump(c, 1000000LL);
		fresh = (size_t)(c->tail_total - from);
		if (fresh > c->tail_len)
			fresh = c->tail_len;
		if (fresh < len)
			continue;
		if (memmem(c->tail + c->tail_len - fresh, fresh, word, len) !=
		    NULL) {
			*frames_after = (int)(c->frames - frames_before);
			return (double)(c->last_byte_ns - sent) / 1e6;
		}
	}
	return -1;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void measure(const char *bin, struct figures *f)
{
	struct child c;
	struct counts a, b;
	uint64_t frames0, bytes0;
	double lat[KEY_PRESSES];
	int n = 0;

	memset(f, 0, sizeof *f);
	if (!start(&c, bin))
		return;
	pump(&c, (long long)(WARMUP_S * 1e9));
	if (waitpid(c.pid, NULL, WNOHANG) != 0)
		return;
	/* Running: CPU, writes, frames, wake-ups. */
	frames0 = c.frames;
	bytes0 = c.bytes;
	a = sample(c.pid);
	pump(&c, (long long)(RUN_S * 1e9));
	b = sample(c.pid);
	{
		double wall = (double)(b.at_ns - a.at_ns) / 1e9;
		double frames = (double)(c.frames - frames0);

		f->cpu_share = (b.cpu_s - a.cpu_s) / wall;
		f->frames_per_s = frames / wall;
		f->writes_per_frame =
		    frames > 0
		        ? (double)(b.write_calls - a.write_calls) / frames
		        : 0;
		f->bytes_per_s = (double)(c.bytes - bytes0) / wall;
		f->wakeups_per_s = (double)(b.switches - a.switches) / wall;
	}
	/* Keys: space pauses (the header says PAUSED), space runs again
	 * (RUNNING), each press at a different moment of the frame. */
	for (int i = 0; i < KEY_PRESSES; i++) {
		int after = 0;
		double ms = key_to_screen(
		    &c, ' ', i % 2 == 0 ? "PAUSED" : "RUNNING", &after);

		if (ms >= 0) {
			lat[n++] = ms;
			f->keys_next_frame += after == 1;
		}
		pump(&c, 100000000LL + 7000000LL * i);
	}
	f->keys_seen = n;
	qsort(lat, (size_t)n, sizeof lat[0], compare_double);
	if (n > 0) {
		f->key_p50_ms = lat[n / 2];
		f->key_max_ms = lat[n - 1];
	}
	/* Paused: nothing may wake the process. */
	if (key_to_screen(&c, ' ', "PAUSED", &(int){0}) >= 0) {
		pump(&c, 1000000000LL);
		a = sample(c.pid);
		pump(&c, (long long)(PAUSED_S * 1e9));
		b = sample(c.pid);
		f->paused_wakeups_per_s = (double)(b.switches - a.switches) /
		                          ((double)(b.at_ns - a.at_ns) / 1e9);
		f->paused_cpu_share =
		    (b.cpu_s - a.cpu_s) / ((double)(b.at_ns - a.at_ns) / 1e9);
		f->ran = true;
	}
	stop(&c);
}

static const char *verdict(bool met)
{
	return met ? "met" : "NOT MET";
}

static void print_figures(const char *name, const struct figures *f)
{
	if (!f->ran) {
		printf("  %-3s did not run\n", name);
		return;
	}
	printf("  %-3s %.2f%% of a core, %.1f frames/s, %.1f write(2) a frame, "
	       "%.0f B/s, %.0f wake-ups/s; paused %.1f wake-ups/s; key to "
	       "screen p50 %.1f ms, max %.1f ms\n",
	       name, 100 * f->cpu_share, f->frames_per_s, f->writes_per_frame,
	       f->bytes_per_s, f->wakeups_per_s, f->paused_wakeups_per_s,
	       f->key_p50_ms, f->key_max_ms);
}

int main(int argc, char **argv)
{
	const char *old_bin = NULL, *new_bin = NULL;
	struct figures old_f, new_f;
	double load[3] = {0};

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--old") == 0)
			old_bin = argv[i + 1];
		else if (strcmp(argv[i], "--new") == 0)
			new_bin = argv[i + 1];
	}
	if (new_bin == NULL) {
		fprintf(stderr, "usage: %s [--old OLD] --new NEW\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	getloadavg(load, 3);
	printf("the dashboard, --nodes 8 at 1x in a %dx%d pty, %.0f s running "
	       "then %.0f s paused (load average %.1f)\n",
	       DASH_COLS, DASH_ROWS, RUN_S, PAUSED_S, load[0]);
	fflush(stdout);
	if (old_bin != NULL) {
		measure(old_bin, &old_f);
		print_figures("old", &old_f);
		fflush(stdout);
	}
	measure(new_bin, &new_f);
	print_figures("new", &new_f);
	if (!new_f.ran)
		return 1;
	/* syscw counts every write(2): one is curses into the in-memory
	 * capture, the rest what reaches the terminal. */
	printf("  %% of a core %.2f%%   goal < 1%%: %s\n",
	       100 * new_f.cpu_share, verdict(new_f.cpu_share < 0.01));
	printf("  write(2) a frame %.2f (curses into memory, then one to the "
	       "terminal)   goal <= 2: %s\n",
	       new_f.writes_per_frame, verdict(new_f.writes_per_frame <= 2.05));
	printf("  paused %.1f wake-ups/s, %.2f%% of a core   goal 0: %s\n",
	       new_f.paused_wakeups_per_s, 100 * new_f.paused_cpu_share,
	       verdict(new_f.paused_wakeups_per_s == 0));
	printf("  a key on screen in the next frame %d of %d presses (max %.1f "
	       "ms, frames every %.0f ms)   goal %d of %d: %s\n",
	       new_f.keys_next_frame, KEY_PRESSES, new_f.key_max_ms,
	       FRAME_PERIOD_MS, KEY_PRESSES, KEY_PRESSES,
	       verdict(new_f.keys_next_frame == KEY_PRESSES));
	return 0;
}
