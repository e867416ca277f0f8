/*
 * Curses set-up and teardown. Signals stay with libevent: the driver adds
 * its signal events before term_open, and curses installs no handler of its
 * own over one that is not SIG_DFL. The fatal() handler here is the only
 * way a crash restores the screen, so it is registered first thing.
 *
 * To capture what curses sends (a recording, a render), curses gets an
 * in-memory file instead of the terminal: ncurses writes its output with
 * write(2) on that file's descriptor, and each present reads it back,
 * hands it to the sink and passes it on to the terminal. Curses then
 * cannot set the terminal's modes itself (the file is not a tty), so we do,
 * to what it would have set: cbreak, no echo, no CR/NL mapping either way.
 */
#define _GNU_SOURCE /* memfd_create */
#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

#include "script/settings.h"
#include "ui/draw.h"
#include "ui/terminfo.h"
#include "util/fatal.h"

/* Milliseconds curses waits after Esc for the rest of a key sequence:
 * short, so Esc closes the help at once (ncurses' default is a second). */
#define TERM_ESCDELAY_MS 25
/* What a capture reads back at a time. */
#define CAPTURE_CHUNK 65536

struct term {
	SCREEN *screen;
	FILE *out, *in;
	bool utf8;
	bool ended;                   /* endwin called and not yet undone */
	int canvas_cols, canvas_rows; /* 0: the terminal's size */
	bool too_small;               /* the terminal cannot show the canvas */
	bool bounded; /* the window is larger than the dashboard draws */
	int window_cols, window_rows; /* its real size, when bounded */
	char *clear_on_exit; /* no alternate screen: what clears it, or NULL */
	/* Capture. */
	FILE *capture; /* what curses writes to, or NULL */
	term_sink sink;
	void *sink_ctx;
	bool headless;
	bool modes_set; /* our terminal modes are in force */
	struct termios saved_out, saved_in;
	bool saved_out_ok, saved_in_ok;
	char *chunk;
};

/* fatal() takes no context: the one open terminal, for its handler. */
static struct term *open_term;

static void drain(struct term *term);
static void clear_leaving(struct term *term);
static void restore_modes(struct term *term);

static void restore_on_fatal(void)
{
	if (open_term != NULL && !open_term->ended) {
		endwin();
		open_term->ended = true;
		drain(open_term);
		restore_modes(open_term);
		clear_leaving(open_term);
		if (open_term->out != NULL)
			fflush(open_term->out);
	}
}

bool term_setup_locale(void)
{
	const char *codeset;

	setlocale(LC_ALL, "");
	/* Numbers on screen never depend on the locale: a recording must be
	 * the same bytes everywhere. */
	setlocale(LC_NUMERIC, "C");
	codeset = nl_langinfo(CODESET);
	return codeset != NULL && (strcasecmp(codeset, "UTF-8") == 0 ||
	                           strcasecmp(codeset, "UTF8") == 0);
}

bool term_setup_utf8_locale(void)
{
	static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (setlocale(LC_ALL, names[i]) != NULL) {
			setlocale(LC_NUMERIC, "C");
			return true;
		}
	}
	setlocale(LC_ALL, "C");
	return false;
}

/* --- capture ---------------------------------------------------------------
 */

/* Writes all of buf to fd, through interruptions and short writes. */
static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the terminal is gone: nothing to tell */
		buf += w;
		len -= (size_t)w;
	}
}

/* Hands what curses wrote since the last time to the sink and the
 * terminal, and empties the file for the next frame. */
static void drain(struct term *term)
{
	int fd;
	off_t end, at = 0;

	if (term->capture == NULL)
		return;
	fflush(term->capture);
	fd = fileno(term->capture);
	end = lseek(fd, 0, SEEK_CUR);
	while (end > 0 && at < end) {
		size_t want = (size_t)(end - at) < CAPTURE_CHUNK
		                  ? (size_t)(end - at)
		                  : CAPTURE_CHUNK;
		ssize_t got = pread(fd, term->chunk, want, at);

		if (got <= 0)
			break;
		if (term->sink != NULL)
			term->sink(term->sink_ctx, term->chunk, (size_t)got);
		if (!term->headless && term->out != NULL)
			write_all(fileno(term->out), term->chunk, (size_t)got);
		at += got;
	}
	/* The next frame overwrites from the start: the file keeps its
	 * pages (a truncate would free them for the next frame to fault
	 * in again), and only what this frame wrote is ever read. */
	if (lseek(fd, 0, SEEK_SET) != 0)
		fatal("cannot reset the capture of the screen");
}

/*
 * ncurses flushes its output after every cursor move until the screen
 * has been ended once and updated again (_nc_mvcur, while `_endwin` is
 * still ewInitial, the state newterm leaves): a frame went into the
 * capture in ~30 write(2)s. One endwin and doupdate, whose bytes are
 * thrown away, put it in its running state, where it writes once at the
 * end of each doupdate. What newterm queued is flushed first and kept;
 * the next frame repaints the whole screen, as the first frame always
 * did. Called while LINES and COLUMNS still say newterm's size, which
 * the doupdate after an endwin reads back.
 */
static void start_running(struct term *term)
{
	int fd = fileno(term->capture);
	off_t kept;

	delay_output(0); /* flushes, and sends no padding */
	kept = lseek(fd, 0, SEEK_CUR);
	endwin();
	doupdate();
	if (kept < 0 || lseek(fd, kept, SEEK_SET) != kept)
		fatal("cannot reset the capture of the screen");
	clearok(curscr, TRUE);
}

/* An in-memory file (a temporary one where memfd is missing). */
static FILE *capture_file(void)
{
	int fd = memfd_create("gcounter-screen", MFD_CLOEXEC);

	if (fd >= 0) {
		FILE *f = fdopen(fd, "w");

		if (f != NULL)
			return f;
		close(fd);
	}
	return tmpfile();
}

/* The modes curses would have set on a terminal it owned. */
static void set_modes(struct term *term)
{
	struct termios t;
	int out = term->out != NULL ? fileno(term->out) : -1;
	int in = term->in != NULL ? fileno(term->in) : -1;

	if (term->capture == NULL || term->headless || term->modes_set)
		return;
	if (out >= 0 && isatty(out) && tcgetattr(out, &term->saved_out) == 0) {
		term->saved_out_ok = true;
		t = term->saved_out;
		t.c_lflag &= (tcflag_t) ~(ICANON | ECHO | ECHONL);
		t.c_lflag |= ISIG;
		t.c_iflag &= (tcflag_t) ~(ICRNL | INLCR | IGNCR | IXON);
		t.c_oflag &= (tcflag_t)~ONLCR;
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(out, TCSADRAIN, &t);
	}
	/* Keys come from stdin: usually the same terminal, but not always. */
	if (in >= 0 && isatty(in) && tcgetattr(in, &term->saved_in) == 0) {
		term->saved_in_ok = true;
		t = term->saved_in;
		t.c_lflag &= (tcflag_t) ~(ICANON | ECHO | ECHONL);
		t.c_lflag |= ISIG;
		t.c_iflag &= (tcflag_t) ~(ICRNL | INLCR | IGNCR | IXON);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(in, TCSADRAIN, &t);
	}
	term->modes_set = true;
}

static void restore_modes(struct term *term)
{
	if (!term->modes_set)
		return;
	if (term->saved_in_ok)
		tcsetattr(fileno(term->in), TCSADRAIN, &term->saved_in);
	if (term->saved_out_ok)
		tcsetattr(fileno(term->out), TCSADRAIN, &term->saved_out);
	term->modes_set = false;
	term->saved_in_ok = term->saved_out_ok = false;
}

/*
 * Output flow control off (what cbreak leaves on): with it, Ctrl-S hit by
 * accident stops the terminal's output, every write blocks, and not even
 * `q` or SIGTERM is read until Ctrl-Q. Curses owns the terminal here, so
 * the mode is recorded as its program mode (def_prog_mode), which endwin
 * leaves and the next refresh restores; endwin gives the shell its own
 * modes back, ixon included. (A captured screen clears IXON in set_modes.)
 */
static void no_flow_control(const struct term *term)
{
	struct termios t;
	int fds[2] = {term->in != NULL ? fileno(term->in) : -1,
	              term->out != NULL ? fileno(term->out) : -1};

	if (term->capture != NULL)
		return;
	for (int i = 0; i < 2; i++) {
		if (fds[i] < 0 || !isatty(fds[i]) || tcgetattr(fds[i], &t) != 0)
			continue;
		t.c_iflag &= (tcflag_t)~IXON;
		tcsetattr(fds[i], TCSADRAIN, &t);
	}
	def_prog_mode();
}

/* --- opening and closing ---------------------------------------------------
 */

/* The terminal's size, or false if it has none to tell. */
static bool real_size(const struct term *term, int *cols, int *rows)
{
	struct winsize ws;

	if (term->out == NULL ||
	    ioctl(fileno(term->out), TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return false;
	*cols = ws.ws_col;
	*rows = ws.ws_row;
	return true;
}

/* Curses reads its first size from LINES and COLUMNS when its output is
 * not a terminal: set them for newterm, then put them back. */
static void size_env(int cols, int rows, char **saved_cols, char **saved_rows)
{
	char text[16];
	const char *c = getenv("COLUMNS"), *r = getenv("LINES");

	*saved_cols = NULL;
	*saved_rows = NULL;
	if (c != NULL) {
		*saved_cols = xmalloc(strlen(c) + 1);
		memcpy(*saved_cols, c, strlen(c) + 1);
	}
	if (r != NULL) {
		*saved_rows = xmalloc(strlen(r) + 1);
		memcpy(*saved_rows, r, strlen(r) + 1);
	}
	snprintf(text, sizeof text, "%d", cols);
	setenv("COLUMNS", text, 1);
	snprintf(text, sizeof text, "%d", rows);
	setenv("LINES", text, 1);
}

static void restore_env(char *saved_cols, char *saved_rows)
{
	if (saved_cols != NULL)
		setenv("COLUMNS", saved_cols, 1);
	else
		unsetenv("COLUMNS");
	if (saved_rows != NULL)
		setenv("LINES", saved_rows, 1);
	else
		unsetenv("LINES");
	free(saved_cols);
	free(saved_rows);
}

/*
 * The largest screen curses is given: the largest canvas --cols/--rows
 * take. A bigger window (10000 x 10000 would take curses ~8 GB) is drawn
 * in its top-left corner at this size, and a note beside it says so.
 */
static void max_size(int *cols, int *rows)
{
	*cols = (int)settings_get(SETTING_COLS)->max;
	*rows = (int)settings_get(SETTING_ROWS)->max;
}

/* Bounds a window's size to max_size: whether it had to. */
static bool bound_size(int *cols, int *rows)
{
	int max_cols, max_rows;
	bool bounded;

	max_size(&max_cols, &max_rows);
	bounded = *cols > max_cols || *rows > max_rows;
	if (*cols > max_cols)
		*cols = max_cols;
	if (*rows > max_rows)
		*rows = max_rows;
	return bounded;
}

/* Beside a bounded screen, on the terminal itself: what the rest of the
 * window is. Below the canvas if there is room, else to its right;
 * written with the cursor saved and restored, so curses' idea of where
 * the cursor is stays true. */
static void note_bounds(struct term *term)
{
	char note[160], *move, *save, *restore;
	int row = 0, col = 0, room;

	if (!term->bounded || term->headless || term->out == NULL)
		return;
	move = tigetstr("cup");
	save = tigetstr("sc");
	restore = tigetstr("rc");
	if (move == NULL || move == (char *)-1 || save == NULL ||
	    save == (char *)-1 || restore == NULL || restore == (char *)-1)
		return;
	if (term->window_rows > LINES)
		row = LINES;
	else
		col = COLS + 1;
	room = term->window_cols - col;
	snprintf(note, sizeof note,
	         " the window is %dx%d: the dashboard draws at most %dx%d of "
	         "it (the largest --cols/--rows canvas)",
	         term->window_cols, term->window_rows, COLS, LINES);
	if (room <= 0)
		return;
	if ((int)strlen(note) > room)
		note[room] = '\0';
	write_all(fileno(term->out), save, strlen(save));
	move = tiparm(move, row, col);
	write_all(fileno(term->out), move, strlen(move));
	write_all(fileno(term->out), note, strlen(note));
	write_all(fileno(term->out), restore, strlen(restore));
}

/* With no alternate screen the last frame would stay and the prompt land
 * on it: clear the terminal itself (not the recording) on the way out. */
static void clear_leaving(struct term *term)
{
	if (term->clear_on_exit == NULL || term->headless || term->out == NULL)
		return;
	fflush(term->out);
	write_all(fileno(term->out), term->clear_on_exit,
	          strlen(term->clear_on_exit));
}

struct term *term_open(FILE *out, FILE *in, char *err, size_t errlen)
{
	static const struct term_config plain = {0};

	return term_open_with(out, in, &plain, err, errlen);
}

struct term *term_open_with(FILE *out, FILE *in,
                            const struct term_config *config, char *err,
                            size_t errlen)
{
	struct term *term = xcalloc(1, sizeof *term);
	const char *name = config->term_name;
	FILE *curses_out = out;

	term->out = out;
	term->in = in;
	term->canvas_cols = config->cols;
	term->canvas_rows = config->rows;
	term->sink = config->sink;
	term->sink_ctx = config->sink_ctx;
	term->headless = config->headless;
	term->utf8 = config->headless ? MB_CUR_MAX > 1 : term_setup_locale();
	if (name == NULL)
		name = getenv("TERM");
	/* Asked of terminfo alone, before newterm: a newterm that fails
	 * leaves ncurses' half-made screen allocated. */
	if (terminfo_check(name, out != NULL ? fileno(out) : STDOUT_FILENO,
	                   &term->clear_on_exit, err, errlen) != 0) {
		free(term);
		return NULL;
	}
	/* Curses always writes into an in-memory file that each frame
	 * drains: to a recording's sink, and to the terminal in one
	 * write(2) a frame. Given the terminal itself, curses wrote a
	 * frame in dozens of writes of a few bytes (2,000 a second for 8
	 * nodes at 1x). */
	{
		char *saved_cols, *saved_rows;
		int cols = 80, rows = 24;

		term->capture = capture_file();
		if (term->capture == NULL) {
			snprintf(err, errlen, "cannot capture the screen: %s",
			         strerror(errno));
			free(term);
			return NULL;
		}
		term->chunk = xmalloc(CAPTURE_CHUNK);
		curses_out = term->capture;
		if (!real_size(term, &cols, &rows) || term->canvas_cols > 0) {
			if (term->canvas_cols > 0)
				cols = term->canvas_cols;
			if (term->canvas_rows > 0)
				rows = term->canvas_rows;
		}
		bound_size(&cols, &rows);
		size_env(cols, rows, &saved_cols, &saved_rows);
		term->screen = newterm(name, curses_out, in);
		if (term->screen != NULL)
			start_running(term);
		restore_env(saved_cols, saved_rows);
	}
	if (term->screen == NULL) {
		snprintf(err, errlen,
		         "cannot use the terminal (TERM=%s); try --headless",
		         name != NULL ? name : "unset");
		if (term->capture != NULL)
			fclose(term->capture);
		free(term->chunk);
		free(term->clear_on_exit);
		free(term);
		return NULL;
	}
	open_term = term;
	fatal_set_handler(restore_on_fatal);
	set_term(term->screen);
	set_modes(term);
	set_escdelay(TERM_ESCDELAY_MS);
	cbreak(); /* Ctrl-C, Ctrl-Z and Ctrl-\ still raise their signals */
	noecho();
	nonl();
	no_flow_control(term);
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	/* Keys are libevent's business: no polling stdin in the middle of
	 * every refresh to see whether one is waiting. */
	typeahead(-1);
	curs_set(0);
	term_resize(term);
	return term;
}

void term_close(struct term *term)
{
	if (term == NULL)
		return;
	if (!term->ended)
		endwin();
	drain(term);
	restore_modes(term);
	clear_leaving(term);
	if (term->out != NULL)
		fflush(term->out);
	delscreen(term->screen);
	draw_frame_free();
	free(term->clear_on_exit);
	if (term->capture != NULL)
		fclose(term->capture);
	free(term->chunk);
	if (open_term == term) {
		fatal_set_handler(NULL);
		open_term = NULL;
	}
	free(term);
}

bool term_utf8(const struct term *term)
{
	return term->utf8;
}

int term_input_fd(const struct term *term)
{
	return fileno(term->in);
}

FILE *term_output(const struct term *term)
{
	return term->out;
}

void term_size(const struct term *term, int *cols, int *rows)
{
	(void)term;
	*cols = COLS;
	*rows = LINES;
}

bool term_canvas_too_small(const struct term *term)
{
	return term->too_small;
}

int term_read_key(struct term *term)
{
	int key;

	(void)term;
	key = wgetch(stdscr);
	return key == ERR ? TERM_NO_KEY : key;
}

bool term_resize(struct term *term)
{
	int cols = COLS, rows = LINES, want_cols, want_rows;
	bool known = real_size(term, &cols, &rows);

	want_cols = cols;
	want_rows = rows;
	/* A fixed canvas keeps its size; a terminal too small for it gets
	 * its own size, for the dashboard to say so legibly. */
	if (term->canvas_cols > 0 || term->canvas_rows > 0) {
		int canvas_cols =
		    term->canvas_cols > 0 ? term->canvas_cols : cols;
		int canvas_rows =
		    term->canvas_rows > 0 ? term->canvas_rows : rows;

		term->too_small = known && !term->headless &&
		                  (cols < canvas_cols || rows < canvas_rows);
		if (!term->too_small) {
			want_cols = canvas_cols;
			want_rows = canvas_rows;
		}
	} else if (!known) {
		return false;
	} else {
		term->window_cols = cols;
		term->window_rows = rows;
		term->bounded = bound_size(&want_cols, &want_rows);
	}
	if (want_cols == COLS && want_rows == LINES)
		return false;
	resizeterm(want_rows, want_cols);
	return true;
}

void term_suspend(struct term *term)
{
	if (term->ended)
		return;
	endwin();
	drain(term);
	restore_modes(term);
	if (term->out != NULL)
		fflush(term->out);
	term->ended = true;
}

void term_resume(struct term *term)
{
	/* The next doupdate puts the terminal back in program mode; the
	 * screen may hold anything by now, so repaint all of it. */
	term->ended = false;
	set_modes(term);
	term_resize(term);
	clearok(curscr, TRUE);
}

void term_present(struct term *term, bool full)
{
	term->ended = false;
	set_modes(term);
	if (full)
		clearok(curscr, TRUE);
	/* A line drawn since the frame (a code over it) is drawn whole in
	 * the next one. */
	draw_forget_touched();
	wnoutrefresh(stdscr);
	doupdate();
	drain(term);
	note_bounds(term);
}
