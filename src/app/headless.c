/*
 * Headless runs: workload for --duration of virtual time, then gossip until
 * the cluster converges or OPTIONS_SETTLE_US passes, then a report. Never
 * reads the wall clock: everything printed is a function of the options.
 */
#include "app/headless.h"

#include <inttypes.h>
#include <stdlib.h>

#include "app/script-file.h"
#include "app/svg-file.h"
#include "script/choices.h"
#include "script/player.h"
#include "crdt/pncounter.h"
#include "util/fatal.h"
#include "view/report.h"
#include "sim/mode.h"
#include "sim/sim.h"
#include "sim/strategy.h"

static const char *const message_kind_names[] = {
    [MSG_STATE] = "state", [MSG_PUSH] = "push", [MSG_REPLY] = "reply",
    [MSG_PULL] = "pull",   [MSG_ACK] = "ack",   [MSG_NACK] = "nack",
};

static const char *const form_names[] = {
    [PAYLOAD_NONE] = "none",
    [PAYLOAD_STATE] = "state",
    [PAYLOAD_DELTA] = "delta",
    [PAYLOAD_OPS] = "ops",
};

static const char *const record_names[] = {
    [REC_INCREMENT] = "increment", [REC_SEND] = "send",
    [REC_DELIVER] = "deliver",     [REC_DROP] = "drop",
    [REC_DUPLICATE] = "duplicate", [REC_TIMER] = "timer",
    [REC_CONVERGED] = "converged", [REC_DIVERGED] = "diverged",
    [REC_COMMAND] = "command",     [REC_LOST] = "lost",
    [REC_READ] = "read",
};

/* Why a budget refused a send (--trace's "why", the JSON's "refused"). */
static const char *const refusal_names[] = {
    [REFUSED_NONE] = "none",
    [REFUSED_IN_FLIGHT] = "in-flight budget",
    [REFUSED_PAYLOAD_BYTES] = "payload-bytes budget",
};

/*
 * Numbers in bulk: a vector of 10,000 slots, or 10,000 of them, is most
 * of a report, and fprintf per number was most of a large run's time. So
 * numbers are written in decimal into a buffer written out when nearly
 * full: the same text, one stdio call per few thousand numbers.
 */
struct numbers_out {
	FILE *out;
	size_t len;
	char buf[4096];
};

static void numbers_flush(struct numbers_out *w)
{
	fwrite(w->buf, 1, w->len, w->out);
	w->len = 0;
}

/* Appends an optional separator, a minus sign if negative and the
 * magnitude's digits. */
static void numbers_put(struct numbers_out *w, char sep, bool negative,
                        uint64_t magnitude)
{
	char digits[20];
	size_t count = 0;

	if (w->len + 22 > sizeof w->buf)
		numbers_flush(w);
	if (sep)
		w->buf[w->len++] = sep;
	if (negative)
		w->buf[w->len++] = '-';
	do {
		digits[count++] = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude != 0);
	while (count > 0)
		w->buf[w->len++] = digits[--count];
}

/* Writes a vector as a JSON array ("[3,0,1]" is already valid JSON). */
static void put_vector(FILE *out, const struct gcounter *g)
{
	struct numbers_out w = {.out = out};

	if (g == NULL) {
		fputs("null", out);
		return;
	}
	fputc('[', out);
	for (size_t i = 0; i < g->n; i++)
		numbers_put(&w, i ? ',' : 0, false, g->slots[i]);
	numbers_flush(&w);
	fputc(']', out);
}

/* Every node's signed value, as a JSON array's contents. */
static void put_values(FILE *out, const struct sim *sim)
{
	struct numbers_out w = {.out = out};

	for (uint32_t i = 0; i < sim_node_count(sim); i++) {
		int64_t value = sim_node_signed_value(sim, i);
		uint64_t magnitude =
		    value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;

		numbers_put(&w, i ? ',' : 0, value < 0, magnitude);
	}
	numbers_flush(&w);
}

/* A message's payload: a state's vector; a delta's (slot, value) pairs,
 * slots counted from 1; an op batch's numbers and sums; the number an
 * ACK or NACK carries. */
static void put_payload(FILE *out, const struct sim_record *r)
{
	const struct sim_payload_view *m = r->message;

	fprintf(out, ",\"form\":\"%s\",\"bytes\":%" PRIu32 ",\"payload\":",
	        form_names[m->form], m->bytes);
	if (m->form != PAYLOAD_STATE) {
		fputs("null", out);
	} else {
		put_vector(out, m->vector);
		return;
	}
	if (m->form == PAYLOAD_DELTA) {
		fputs(",\"delta\":[", out);
		for (uint32_t i = 0; i < m->count; i++)
			fprintf(out, "%s[%" PRIu32 ",%" PRIu64 "]",
			        i ? "," : "", m->slots[i] + 1, m->values[i]);
		fputc(']', out);
	} else if (m->form == PAYLOAD_OPS) {
		fprintf(out,
		        ",\"ops\":{\"first\":%" PRIu64 ",\"count\":%" PRIu32
		        ",\"up\":%" PRIu64 ",\"down\":%" PRIu64
		        ",\"absolute\":%" PRIu32 "}",
		        m->seq, m->count, m->up, m->down, m->absolute);
	} else if (r->message_kind == MSG_ACK || r->message_kind == MSG_NACK) {
		char name[16];

		sim_node_name(m->dest, name, sizeof name);
		fprintf(out, ",\"seq\":%" PRIu64 ",\"about\":\"%s\"", m->seq,
		        name);
	}
}

static void put_node(FILE *out, const char *key, uint32_t node)
{
	char name[16];

	sim_node_name(node, name, sizeof name);
	fprintf(out, ",\"%s\":\"%s\"", key, name);
}

/* --trace: one JSON object per line, per event. */
static void trace_record(void *ctx, const struct sim *sim,
                         const struct sim_record *r)
{
	FILE *out = ctx;

	(void)sim;
	fprintf(out, "{\"t_us\":%" PRIu64 ",\"event\":\"%s\"", r->time_us,
	        record_names[r->kind]);
	switch (r->kind) {
	case REC_INCREMENT:
		put_node(out, "node", r->node);
		fprintf(out, ",\"amount\":%" PRIu64 "%s,\"vector\":", r->amount,
		        r->decrement ? ",\"decrement\":true" : "");
		put_vector(out, r->after);
		break;
	case REC_SEND:
	case REC_DROP:
	case REC_DUPLICATE:
	case REC_LOST:
	case REC_DELIVER:
		fprintf(out, ",\"id\":%" PRIu64 ",\"kind\":\"%s\"",
		        r->message_id, message_kind_names[r->message_kind]);
		put_node(out, "from", r->from);
		put_node(out, "to", r->to);
		put_node(out, "origin", r->origin);
		put_payload(out, r);
		if (r->kind == REC_DROP && r->refused != REFUSED_NONE)
			fprintf(out, ",\"why\":\"%s\"",
			        refusal_names[r->refused]);
		if (r->kind == REC_DELIVER && r->after != NULL) {
			fputs(",\"before\":", out);
			put_vector(out, r->before);
			fputs(",\"after\":", out);
			put_vector(out, r->after);
			fprintf(out, ",\"changed\":%zu", r->changed);
		}
		break;
	case REC_TIMER:
		put_node(out, "node", r->node);
		break;
	case REC_COMMAND:
		fprintf(out, ",\"command\":\"%s\"",
		        sim_command_name(r->command->kind));
		if (r->command->node != 0 || r->command->kind == CMD_CRASH ||
		    r->command->kind == CMD_RESTART ||
		    r->command->kind == CMD_PARTITION ||
		    r->command->kind == CMD_GOSSIP_NOW)
			put_node(out, "node", r->command->node);
		break;
	case REC_READ:
		put_node(out, "node", r->node);
		fprintf(out, ",\"value\":%" PRIu64 ",\"backwards\":%s",
		        r->amount, r->changed ? "true" : "false");
		break;
	case REC_CONVERGED:
	case REC_DIVERGED:
		break;
	}
	fputs("}\n", out);
}

/* Runs the workload, then settles. Returns true if converged at the end. */
static bool run_to_end(struct sim *sim, uint64_t duration_us)
{
	uint64_t deadline = duration_us + OPTIONS_SETTLE_US, next;

	sim_run_until(sim, duration_us);
	/* The workload has stopped: step until converged or out of time. */
	while (!sim_converged(sim) && sim_next_event_time(sim, &next) &&
	       next <= deadline)
		sim_step(sim);
	if (!sim_converged(sim))
		sim_run_until(sim, deadline);
	return sim_converged(sim);
}

static const char *crdt_name(const struct sim *sim)
{
	return choices_crdt_name(sim_config(sim)->crdt);
}

/* The most bookkeeping any node keeps for its mode, in bytes. */
static uint64_t most_mode_state(const struct sim *sim)
{
	uint64_t most = 0;

	for (uint32_t i = 0; i < sim_node_count(sim); i++)
		if (sim_mode_state_bytes(sim, i) > most)
			most = sim_mode_state_bytes(sim, i);
	return most;
}

/* What each mode that was in force cost: bytes and messages, and the
 * operations (increments and decrements) made meanwhile. */
static void print_json_modes(FILE *out, const struct sim *sim,
                             const struct sim_stats *stats)
{
	bool first = true;

	fprintf(out, ",\"mode\":\"%s\",\"modes\":{",
	        sim_mode_name(sim_config(sim)->mode));
	for (int m = 0; m < MODE_COUNT; m++) {
		uint64_t ops = stats->mode_counts[m];

		if (stats->mode_messages[m] == 0 && ops == 0 &&
		    m != (int)sim_config(sim)->mode)
			continue;
		fprintf(out,
		        "%s\"%s\":{\"bytes\":%" PRIu64 ",\"messages\":%" PRIu64
		        ",\"operations\":%" PRIu64 ",\"bytes_per_operation\":",
		        first ? "" : ",", sim_mode_name((enum sim_mode)m),
		        stats->mode_bytes[m], stats->mode_messages[m], ops);
		if (ops > 0)
			fprintf(out, "%.1f",
			        (double)stats->mode_bytes[m] / (double)ops);
		else
			fputs("null", out);
		fputc('}', out);
		first = false;
	}
	fprintf(out,
	        "},\"control_messages\":%" PRIu64
	        ",\"ops\":{\"applied\":%" PRIu64 ",\"ignored\":%" PRIu64
	        ",\"lost\":%" PRIu64 "},\"mode_state_bytes_max\":%" PRIu64,
	        stats->control_sent, stats->ops_applied, stats->ops_ignored,
	        stats->ops_lost, most_mode_state(sim));
}

/* The numbers that compare strategies: traffic per increment, how fast
 * increments spread, what readers saw, what amnesia lost. */
static void print_json_numbers(FILE *out, const struct sim *sim,
                               const struct sim_stats *stats)
{
	struct sim_latency latency;
	/* A PN-Counter's decrements are operations too, as on screen. */
	uint64_t ops = stats->increments + stats->decrements;

	sim_latency(sim, &latency);
	fprintf(out, ",\"messages_per_increment\":");
	if (ops > 0)
		fprintf(out, "%.3f", (double)stats->sent / (double)ops);
	else
		fputs("null", out);
	/* The work: idle traffic (sent while converged) left out. */
	fprintf(out, ",\"work_messages_per_increment\":");
	if (ops > 0)
		fprintf(out, "%.3f",
		        (double)(stats->sent - stats->idle_sent) / (double)ops);
	else
		fputs("null", out);
	fprintf(
	    out,
	    ",\"latency_ms\":{\"samples\":%" PRIu64 ",\"pending\":%" PRIu64
	    ",\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}",
	    latency.samples, latency.pending, (double)latency.p50_us / 1000.0,
	    (double)latency.p99_us / 1000.0, (double)latency.max_us / 1000.0);
	fprintf(out,
	        ",\"reads\":{\"total\":%" PRIu64 ",\"backwards\":%" PRIu64
	        "},\"lost_increments\":%" PRIu64,
	        stats->reads, stats->backwards_reads, sim_lost_increments(sim));
	/* A PN-Counter loses decrements apart from increments: each count
	 * is at most what was made of its kind. */
	if (sim_vector_slots(sim) > sim_node_count(sim))
		fprintf(out, ",\"lost_decrements\":%" PRIu64,
		        sim_lost_decrements(sim));
}

/* A scenario's report lines, kept for the JSON (which has no other place
 * for them: a line of text would break the one object). */
struct reports {
	struct report_line {
		uint64_t time_us;
		uint32_t line;
		char text[320];
		struct report_figures figures;
	} * lines;
	size_t count, cap;
};

/* A JSON string: quotes, backslashes and controls escaped. */
static void put_json_string(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(out, "\\u%04x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

/* "reports":[{"at_ms":..,"line":..,"text":".."},...], for a script with
 * report lines (NULL: none, and no field). */
static void print_json_reports(FILE *out, const struct reports *reports)
{
	char text[512];

	if (reports == NULL)
		return;
	fputs(",\"reports\":[", out);
	for (size_t i = 0; i < reports->count; i++) {
		const struct report_line *r = &reports->lines[i];

		fprintf(out, "%s{\"at_ms\":%.3f,\"line\":%" PRIu32 ",\"text\":",
		        i ? "," : "", (double)r->time_us / 1000.0, r->line);
		put_json_string(out, r->text);
		report_json(&r->figures, text, sizeof text);
		fprintf(out, ",%s}", text);
	}
	fputc(']', out);
}

static void print_json(FILE *out, const struct sim *sim,
                       const struct reports *reports)
{
	struct sim_stats stats;
	uint32_t n = sim_node_count(sim);
	bool converged = sim_converged(sim);

	sim_stats(sim, &stats);
	fprintf(out,
	        "{\"seed\":%" PRIu64 ",\"nodes\":%" PRIu32
	        ",\"crdt\":\"%s\",\"strategy\":\"%s\",\"sim_time_ms\":%.3f"
	        ",\"increments\":%" PRIu64 ",\"decrements\":%" PRIu64
	        ",\"true_value\":%" PRId64 ",\"converged\":%s,"
	        "\"converged_at_ms\":",
	        sim_config(sim)->seed, n, crdt_name(sim),
	        sim_config(sim)->strategy->name, (double)sim_now(sim) / 1000.0,
	        sim_truth_total(sim) - sim_truth_decrements(sim),
	        sim_truth_decrements(sim), sim_true_value(sim),
	        converged ? "true" : "false");
	if (converged)
		fprintf(out, "%.3f", (double)sim_converged_at(sim) / 1000.0);
	else
		fputs("null", out);
	fputs(",\"values\":[", out);
	put_values(out, sim);
	fputs("],\"vectors\":[", out);
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		put_vector(out, sim_node_vector(sim, i));
	}
	fprintf(out,
	        "],\"messages\":{\"sent\":%" PRIu64 ",\"delivered\":%" PRIu64
	        ",\"dropped\":%" PRIu64 ",\"refused\":{\"in_flight\":%" PRIu64
	        ",\"payload_bytes\":%" PRIu64 "},\"duplicated\":%" PRIu64
	        ",\"lost\":%" PRIu64 ",\"in_flight\":%zu,\"idle\":%" PRIu64
	        "},\"bytes_sent\":%" PRIu64 ",\"idle_bytes_sent\":%" PRIu64,
	        stats.sent, stats.delivered, stats.dropped,
	        stats.refused_in_flight, stats.refused_payload_bytes,
	        stats.duplicated, stats.lost, sim_in_flight(sim),
	        stats.idle_sent, stats.bytes_sent, stats.idle_bytes);
	print_json_numbers(out, sim, &stats);
	print_json_modes(out, sim, &stats);
	print_json_reports(out, reports);
	fputs("}\n", out);
}

/* "[3,0,1]", or "+[3,0,1] -[0,2,0]" for a PN-Counter's two halves. */
static size_t format_node_vector(const struct sim *sim, uint32_t node,
                                 char *buf, size_t cap)
{
	const struct gcounter *v = sim_node_vector(sim, node);
	uint32_t n = sim_node_count(sim);
	struct pncounter halves = {
	    .p = {.n = n, .slots = v->slots},
	    .n = {.n = n, .slots = v->slots + n},
	};

	if (sim_config(sim)->crdt != CRDT_PNCOUNTER)
		return gcounter_format(v, buf, cap);
	return pncounter_format(&halves, buf, cap);
}

/* `scripted`: the run was a script's; `at`: it stopped at --at's moment,
 * not at its end. */
static void print_summary(FILE *out, const struct sim *sim, bool scripted,
                          bool at)
{
	struct sim_stats stats;
	uint32_t n = sim_node_count(sim);
	char latency[48], vector[96];

	sim_stats(sim, &stats);
	latency_format(&sim_config(sim)->latency, latency, sizeof latency);
	fprintf(out,
	        "%s: %" PRIu32 " nodes, strategy %s, mode %s, seed %" PRIu64
	        ", latency %s\n",
	        crdt_name(sim), n, sim_config(sim)->strategy->name,
	        sim_mode_name(sim_config(sim)->mode), sim_config(sim)->seed,
	        latency);
	fprintf(out, "virtual time   %.3f s\n", (double)sim_now(sim) / 1e6);
	if (sim_config(sim)->crdt == CRDT_PNCOUNTER)
		fprintf(out,
		        "operations     %" PRIu64 " increments, %" PRIu64
		        " decrements: true value %" PRId64 "\n",
		        sim_truth_total(sim) - sim_truth_decrements(sim),
		        sim_truth_decrements(sim), sim_true_value(sim));
	else
		fprintf(out, "increments     %" PRIu64 " (the truth)\n",
		        sim_truth_total(sim));
	if (sim_converged(sim))
		fprintf(out, "converged      yes, at %.3f s\n",
		        (double)sim_converged_at(sim) / 1e6);
	else if (sim_overcounted(sim))
		fprintf(out,
		        "converged      NO: %" PRIu64
		        " cells above the truth: plain op counted duplicates, "
		        "and no mode can take them back\n",
		        sim_cells_behind(sim));
	else if (at)
		fprintf(out,
		        "converged      NO: %" PRIu64
		        " cells off the truth at this moment (--at)\n",
		        sim_cells_behind(sim));
	else if (scripted &&
	         !mode_get(sim_config(sim)->mode)->counts_duplicates)
		fprintf(out,
		        "converged      NO: %" PRIu64
		        " cells off the truth when the script ended (add "
		        "'after 2s end' to let gossip finish)\n",
		        sim_cells_behind(sim));
	else
		fprintf(out,
		        "converged      NO: %" PRIu64
		        " cells off the truth%s\n",
		        sim_cells_behind(sim),
		        scripted ? " when the script ended"
		                 : " after waiting for gossip to settle");
	fprintf(out,
	        "messages       %" PRIu64 " sent, %" PRIu64
	        " delivered, %" PRIu64 " dropped, %" PRIu64
	        " duplicated, %" PRIu64 " lost, %zu in flight\n",
	        stats.sent, stats.delivered, stats.dropped, stats.duplicated,
	        stats.lost, sim_in_flight(sim));
	fprintf(out, "bytes sent     %" PRIu64, stats.bytes_sent);
	if (stats.increments + stats.decrements > 0)
		fprintf(out, ", %.1f per operation (%" PRIu64 " operations)",
		        (double)stats.bytes_sent /
		            (double)(stats.increments + stats.decrements),
		        stats.increments + stats.decrements);
	fputc('\n', out);
	if (mode_get(sim_config(sim)->mode)->keeps_bookkeeping)
		fprintf(out,
		        "bookkeeping    up to %" PRIu64
		        " bytes a node for its mode, besides its vector\n",
		        most_mode_state(sim));
	for (uint32_t i = 0; i < n; i++) {
		size_t len = format_node_vector(sim, i, vector, sizeof vector);

		int64_t off =
		    sim_node_signed_value(sim, i) - sim_true_value(sim);

		fprintf(out, "  n%-4" PRIu32 " value %-10" PRId64 " %s%s",
		        i + 1, sim_node_signed_value(sim, i), vector,
		        len >= sizeof vector ? "..." : "");
		/* Ops counted twice or never: say so beside the value (a
		 * node down is not compared: it says it is down). */
		if (sim_node_down(sim, i))
			fputs("  down", out);
		else if (off != 0 &&
		         (sim_overcounted(sim) ||
		          mode_get(sim_config(sim)->mode)->sends_ops))
			fprintf(out, "  %" PRId64 " %s the truth",
			        off > 0 ? off : -off,
			        off > 0 ? "above" : "below");
		fputc('\n', out);
	}
}

/* Prints the report; returns the exit status for a failed write, or 0. */
static int report(const struct sim *sim, const struct options *opts,
                  const struct reports *reports, FILE *out, FILE *errout)
{
	char err[256];

	if (sim_check_invariants(sim, err, sizeof err) != 0)
		fatal("invariant broken: %s", err);
	if (opts->json)
		print_json(out, sim, reports);
	else
		print_summary(out, sim, opts->script_path != NULL,
		              opts->at_given);
	if (fflush(out) != 0 || ferror(out)) {
		fprintf(errout, "gcounter: cannot write the output\n");
		return 1;
	}
	return 0;
}

/* The report, then the saved log if asked for: the status of both. */
static int finish(const struct sim *sim, const struct options *opts,
                  const struct reports *reports, FILE *out, FILE *errout)
{
	char err[512];
	int status = report(sim, opts, reports, out, errout);

	if (status == 0 && opts->save_log_path != NULL &&
	    script_file_save_log(opts->save_log_path, sim, err, sizeof err) !=
	        0) {
		fprintf(errout, "gcounter: %s\n", err);
		status = 1;
	}
	return status;
}

/* A scenario played with no screen: captions, pauses and reports as text
 * (unless the output is JSON or a trace), failures on errout. */
struct headless_script {
	const struct options *opts;
	FILE *out, *errout;
	struct reports reports; /* for --json */
	const struct sim *sim;  /* the world played: a caption's live values */
	enum report_label by;   /* what names a report */
};

static bool words(const struct headless_script *h)
{
	return !h->opts->json && !h->opts->trace;
}

/* "[    1.5s] text": the line's time, then what it says. */
static void say(const struct headless_script *h,
                const struct scenario_item *item, const char *prefix,
                const char *text)
{
	char when[32];

	duration_format(item->time_us, when, sizeof when);
	fprintf(h->out, "[%8s] %s%s\n", when, prefix, text);
}

static void on_caption(void *ctx, const struct scenario_item *item)
{
	struct headless_script *h = ctx;
	char text[SCENARIO_MAX_CAPTION + 256];

	if (!words(h))
		return;
	scenario_caption_render(item->caption, h->sim, text, sizeof text);
	say(h, item, "", text);
}

static void on_pause(void *ctx, const struct scenario_item *item)
{
	struct headless_script *h = ctx;

	if (words(h))
		say(h, item, "", "(pause)");
}

static void on_report(void *ctx, const struct scenario_item *item,
                      const struct report_figures *figures)
{
	struct headless_script *h = ctx;
	struct report_line *r;
	char line[320];

	report_line(figures, h->by, line, sizeof line);
	if (words(h))
		say(h, item, "report: ", line);
	if (!h->opts->json)
		return;
	if (h->reports.count == h->reports.cap) {
		h->reports.cap = h->reports.cap ? h->reports.cap * 2 : 8;
		h->reports.lines = xrealloc(h->reports.lines, h->reports.cap,
		                            sizeof *h->reports.lines);
	}
	r = &h->reports.lines[h->reports.count++];
	r->time_us = item->time_us;
	r->line = item->line;
	snprintf(r->text, sizeof r->text, "%s", line);
	r->figures = *figures;
}

/* "report table": the table under the line's time, as on the screen. */
static void on_report_table(void *ctx, const struct scenario_item *item,
                            const struct report_figures *rows, size_t count)
{
	struct headless_script *h = ctx;
	struct report_table table;

	if (!words(h))
		return;
	report_table(rows, count, h->by, 78, &table);
	say(h, item, "", "report table:");
	for (size_t i = 0; i < table.count; i++)
		fprintf(h->out, "%11s%s\n", "", table.lines[i]);
}

static void on_expect(void *ctx, const struct scenario_item *item,
                      const char *what, const char *got)
{
	struct headless_script *h = ctx;

	if (got != NULL)
		fprintf(h->errout, "%s:%u: expected %s, got %s\n",
		        h->opts->script_path, (unsigned)item->line, what, got);
}

static void on_failure(void *ctx, const struct scenario_item *item,
                       const char *what, bool broken)
{
	struct headless_script *h = ctx;

	/* A broken log ends the run: the line says it as an error. */
	fprintf(h->errout, "%s%s:%u: %s\n", broken ? "gcounter: " : "",
	        h->opts->script_path, (unsigned)item->line, what);
}

static const struct player_hooks headless_hooks = {
    .caption = on_caption,
    .pause = on_pause,
    .report = on_report,
    .report_table = on_report_table,
    .expect = on_expect,
    .failure = on_failure,
};

/*
 * Plays a scenario with no screen: each timed line at its virtual time
 * (a pause does not wait), and every expectation checked. The run ends at
 * the last line; the expectations decide the exit status. A saved log
 * that does not fit the world ends the run with no report.
 */
/* --at with a script: every line due by t played (a pause does not wait:
 * there is no presenter), then the world on to t, past the script's end
 * if need be, as the dashboard's world runs on after it. */
static void play_to(struct player *player, struct sim *sim, uint64_t t_us)
{
	while (!player_broken(player) &&
	       player_advance(player, sim, t_us) == PLAYER_STOPPED &&
	       !player_ended(player))
		player_go_on(player);
	if (!player_broken(player) && sim_now(sim) < t_us)
		sim_run_until(sim, t_us);
}

/* --trace and --svg both watch the world: one observer feeds both. */
struct watchers {
	FILE *trace;
	struct spacetime *svg;
};

static void watch(void *ctx, const struct sim *sim, const struct sim_record *r)
{
	struct watchers *w = ctx;

	if (w->trace != NULL)
		trace_record(w->trace, sim, r);
	if (w->svg != NULL)
		spacetime_observe(w->svg, sim, r);
}

static void watch_start(struct watchers *w, const struct options *opts,
                        struct sim *sim, FILE *out)
{
	w->trace = opts->trace ? out : NULL;
	w->svg = opts->svg_path != NULL ? svg_file_recorder(opts) : NULL;
	if (w->trace != NULL || w->svg != NULL)
		sim_set_observer(sim, watch, w);
}

/* Writes the SVG (if asked for) and lets the recorder go: the status
 * the run had, or 1 if the file could not be written. */
static int watch_end(struct watchers *w, const struct options *opts,
                     const struct sim *sim, const char *title, int status,
                     FILE *errout)
{
	char err[512];

	if (w->svg != NULL &&
	    svg_file_write(opts, w->svg, sim, title, err, sizeof err) != 0) {
		fprintf(errout, "gcounter: %s\n", err);
		status = 1;
	}
	spacetime_free(w->svg);
	w->svg = NULL;
	return status;
}

/* Whether the scenario has report lines: then its JSON has "reports",
 * even before the first is reached (--at). */
static bool has_reports(const struct player *player)
{
	const struct scenario *sc = player_scenario(player);

	for (size_t i = 0; i < sc->count; i++)
		if (sc->items[i].kind == ITEM_REPORT)
			return true;
	return false;
}

static int run_script(const struct options *opts, FILE *out, FILE *errout)
{
	struct headless_script h = {.opts = opts, .out = out, .errout = errout};
	struct watchers w;
	const struct scenario *sc;
	struct scenario scenario;
	struct sim_config config;
	struct player *player;
	struct sim *sim;
	char err[512];
	int status;

	if (script_file_load(opts->script_path, &scenario, err, sizeof err) !=
	    0) {
		fprintf(errout, "gcounter: %s\n", err);
		return 2;
	}
	if (script_file_config(opts, &scenario, &config, err, sizeof err) !=
	    0) {
		fprintf(errout, "gcounter: %s\n", err);
		scenario_free(&scenario);
		return 2;
	}
	sim = sim_new(&config, err, sizeof err);
	if (sim == NULL) {
		fprintf(errout, "gcounter: %s: %s\n", opts->script_path, err);
		scenario_free(&scenario);
		return 2;
	}
	h.sim = sim;
	player = player_new(&scenario, opts->script_path, &headless_hooks, &h);
	h.by = report_label_of(player_scenario(player));
	watch_start(&w, opts, sim, out);
	if (opts->at_given)
		play_to(player, sim, opts->at_us);
	else
		while (player_play_next(player, sim))
			;
	if (player_broken(player)) {
		watch_end(&w, opts, sim, NULL, 1, errout);
		free(h.reports.lines);
		sim_free(sim);
		player_free(player);
		return 1;
	}
	sim_set_observer(sim, NULL, NULL);
	status = finish(sim, opts, has_reports(player) ? &h.reports : NULL, out,
	                errout);
	if (status == 0 && player_failures(player) > 0)
		status = 1;
	sc = player_scenario(player);
	status = watch_end(&w, opts, sim,
	                   (sc->settings & SET_TITLE) ? sc->title : NULL,
	                   status, errout);
	free(h.reports.lines);
	sim_free(sim);
	player_free(player);
	return status;
}

int headless_run(const struct options *opts, FILE *out, FILE *errout)
{
	char err[256];
	struct watchers w;
	struct sim *sim;
	bool converged;
	int status;

	if (opts->save_log_path != NULL &&
	    script_file_check_writable(opts->save_log_path, "--save-log", err,
	                               sizeof err) != 0) {
		fprintf(errout, "gcounter: %s\n", err);
		return 1;
	}
	if (opts->svg_path != NULL &&
	    script_file_check_writable(opts->svg_path, "--svg", err,
	                               sizeof err) != 0) {
		fprintf(errout, "gcounter: %s\n", err);
		return 1;
	}
	if (opts->script_path != NULL)
		return run_script(opts, out, errout);
	sim = sim_new(&opts->sim, err, sizeof err);
	if (sim == NULL) {
		fprintf(errout, "gcounter: %s\n", err);
		return 2;
	}
	watch_start(&w, opts, sim, out);
	if (options_apply_initial(opts, sim, err, sizeof err) != 0) {
		fprintf(errout, "gcounter: %s\n", err);
		watch_end(&w, opts, sim, NULL, 2, errout);
		sim_free(sim);
		return 2;
	}
	/* At a moment, diverged is just how the world was then: only a run
	 * to its end must converge. */
	if (opts->at_given) {
		sim_run_until(sim, opts->at_us);
		converged = true;
	} else {
		converged = run_to_end(sim, opts->sim.duration_us);
	}
	sim_set_observer(sim, NULL, NULL);
	status = finish(sim, opts, NULL, out, errout);
	status = watch_end(&w, opts, sim, NULL, status, errout);
	sim_free(sim);
	if (status != 0)
		return status;
	return converged ? 0 : 1;
}
