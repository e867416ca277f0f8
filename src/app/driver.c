/*
 * The screen drivers' set-up and teardown, in one place and one order:
 * the session (world + script) first, then the files, then (the driver's
 * own) terminal; after the run the terminal first, then the cast, the
 * saved log and the script's verdict, each failure one line on stderr.
 */
#include "app/driver.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/outfile.h"
#include "app/script-file.h"
#include "ui/dashboard.h"

int driver_open(struct driver *d, const struct options *opts, bool utf8,
                const struct session_driver *up)
{
	char err[256];

	*d = (struct driver){.opts = opts};
	d->session = session_new(opts, utf8, up, err, sizeof err);
	if (d->session == NULL) {
		fprintf(stderr, "gcounter: %s\n", err);
		return 2;
	}
	/* The output files now, so that a path that cannot be written is
	 * said before the screen is taken, not after the talk. */
	if (opts->save_log_path != NULL) {
		d->save_log = outfile_open(opts->save_log_path, "--save-log",
		                           err, sizeof err);
		if (d->save_log == NULL) {
			fprintf(stderr, "gcounter: %s\n", err);
			return driver_abort(d, 1);
		}
	}
	return 0;
}

int driver_open_cast(struct driver *d, const char *path, const char *option,
                     const struct cast_header *header, char *err, size_t errlen)
{
	d->cast = cast_open(path, option, err, errlen);
	if (d->cast == NULL)
		return -1;
	if (cast_write_header(d->cast, header, err, errlen) != 0) {
		cast_discard(d->cast);
		d->cast = NULL;
		return -1;
	}
	return 0;
}

void driver_open_dashboard(struct driver *d, bool utf8)
{
	d->dashboard =
	    dashboard_new(session_scheme(d->session), d->opts->no_color, utf8);
}

int driver_abort(struct driver *d, int status)
{
	cast_discard(d->cast);
	d->cast = NULL;
	outfile_discard(d->save_log);
	d->save_log = NULL;
	dashboard_free(d->dashboard);
	d->dashboard = NULL;
	session_free(d->session);
	d->session = NULL;
	return status;
}

bool driver_close_cast(struct driver *d)
{
	char err[256];
	int rc = cast_close(d->cast, err, sizeof err);

	d->cast = NULL;
	if (rc == 0)
		return true;
	fprintf(stderr, "gcounter: %s\n", err);
	return false;
}

/* Writes the command log to --save-log's file and renames it into place;
 * a failure leaves the old file as it was. */
static int save_log(struct driver *d)
{
	struct outfile *out = d->save_log;
	char err[512];

	if (out == NULL)
		return 0;
	d->save_log = NULL;
	errno = 0;
	if (script_file_write_log(outfile_stream(out),
	                          session_present_sim(d->session)) != 0) {
		fprintf(stderr, "gcounter: --save-log: %s: cannot write: %s\n",
		        d->opts->save_log_path,
		        strerror(errno != 0 ? errno : EIO));
		outfile_discard(out);
		return -1;
	}
	if (outfile_commit(out, err, sizeof err) != 0) {
		fprintf(stderr, "gcounter: %s\n", err);
		return -1;
	}
	return 0;
}

int driver_close(struct driver *d, int status)
{
	char line[512];

	if (d->cast != NULL && !driver_close_cast(d))
		status = 1;
	dashboard_free(d->dashboard);
	d->dashboard = NULL;
	if (save_log(d) != 0)
		status = 1;
	if (session_verdict(d->session, line, sizeof line)) {
		fprintf(stderr, "gcounter: %s\n", line);
		if (status == 0)
			status = 1;
	}
	return driver_abort(d, status);
}
