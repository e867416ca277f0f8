#!/usr/bin/env python3
"""A random search over gcounter's options and scenario files, with the
JSON's invariants checked on every run (issue 18). Not part of ctest: it
runs for as long as it is told (`make search SEARCH_SECONDS=600`); its
ctest smoke run is a fixed number of cases (`--cases 400 --seed 1`): the
same cases on every machine, however loaded, instead of as many as fit in
a fixed time.

Each case is random options (now and then --at, --trace, many nodes), or
a random scenario file (valid lines, or valid lines with one broken), run
headless with --json. What must hold:
  - the exit status is 0, 1 (not converged, a failed expect, a refused
    command) or 2 (bad input) and nothing else: no crash, no sanitizer;
  - a refusal (2) is exactly one line on stderr, starting "gcounter: ";
  - the JSON parses and its numbers agree with each other (check_json);
  - the same case run again gives the same bytes, and its --save-log
    replayed gives the same JSON (every third case).
A failure prints the case (its argv and scenario) and the search ends
with status 1; the counts are printed at the end either way. A case is
killed (and fails) at LIMIT_S seconds, so a run ends at most a few
minutes past its budget, and in practice within a second of it.
Usage: search.py GCOUNTER [--seconds N | --cases N] [--seed S]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

STRATEGIES = ["relay", "gossip", "push-pull", "interval", "on-change",
              "pull", "hybrid"]
OP_STRATEGIES = ["relay", "interval", "on-change", "hybrid"]
MODES = ["state", "delta", "op", "op-reliable"]
LIMIT_S = 60  # one case may take at most this long


def rand_latency(r):
    return r.choice(["%dms" % r.randint(0, 200),
                     "%d-%dms" % (r.randint(0, 50), r.randint(50, 300)),
                     "exp:%dms" % r.randint(1, 100)])


def rand_prob(r):
    return r.choice(["0", "0.1", "%d%%" % r.randint(0, 60),
                     "%.2f" % r.random()])


def rand_node(r, n):
    return "n%d" % r.randint(1, n)


def rand_options(r):
    """Random options for a headless run: mostly valid, some not."""
    n = r.randint(1, 12)
    crdt = r.choice(["gcounter", "gcounter", "pncounter"])
    strategy = r.choice(STRATEGIES)
    mode = r.choice(MODES)
    args = ["--nodes", str(n), "--seed", str(r.randint(0, 2**32)),
            "--strategy", strategy, "--duration",
            r.choice(["1s", "3s", "500ms", "10s"]),
            "--rate", str(r.choice([0, 5, 50, 300]))]
    if crdt != "gcounter":
        args += ["--crdt", crdt]
    if r.random() < 0.5:
        args += ["--mode", mode]
    if r.random() < 0.4:
        args += ["--latency", rand_latency(r)]
    if r.random() < 0.4:
        args += ["--drop", rand_prob(r)]
    if r.random() < 0.4:
        args += ["--duplicate", rand_prob(r)]
    if r.random() < 0.3:
        args += ["--partition",
                 rand_node(r, n) + r.choice(["", ":in", ":out"])]
    if r.random() < 0.3:
        args += ["--crash", r.choice([rand_node(r, n), "relay"])]
    if r.random() < 0.2:
        args += ["--amnesia"]
    if r.random() < 0.2 and crdt == "gcounter":
        args += ["--reader", r.choice(["random", "sticky"])]
    if r.random() < 0.2:
        args += ["--fanout", str(r.randint(1, 5))]
    if r.random() < 0.2:
        args += ["--gossip-interval", r.choice(["50ms", "100-300ms", "1s"])]
    if r.random() < 0.1:
        args += ["--at", r.choice(["0s", "200ms", "2s", "30s"])]
    if r.random() < 0.05:
        args[1] = str(r.choice([32, 64]))  # many nodes
    if r.random() < 0.05:  # a broken value, now and then
        i = r.randrange(0, len(args) - 1, 2)
        args[i + 1] = r.choice(["", "-1", "x", "1e9", "99999999999999999999",
                                "\u202e", "n0"])
    return args


def rand_scenario(r):
    """A random scenario file's text: settings, then timed lines."""
    n = r.randint(1, 8)
    crdt = r.choice(["gcounter", "gcounter", "pncounter"])
    mode = r.choice(MODES)
    strategy = r.choice(OP_STRATEGIES if mode.startswith("op")
                        else STRATEGIES)
    lines = ["nodes %d" % n, "seed %d" % r.randint(0, 10**6),
             "strategy " + strategy]
    if crdt != "gcounter":
        lines.append("crdt " + crdt)
    if r.random() < 0.5:
        lines.append("mode " + mode)
    if r.random() < 0.3:
        lines.append("latency " + rand_latency(r))
    if r.random() < 0.3:
        lines.append("drop %s" % r.choice(["0", "0.1", "20%"]))
    if r.random() < 0.3:
        lines.append("duplicate %s" % r.choice(["0", "0.1", "20%"]))
    if r.random() < 0.3:
        lines.append("rate %d" % r.choice([0, 10, 100]))
    if r.random() < 0.2 and not mode.startswith("op"):
        lines.append("amnesia")
    if r.random() < 0.3:
        lines.append("duration %s" % r.choice(["1s", "5s"]))
    t = 0
    for _ in range(r.randint(0, 40)):
        t += r.choice([0, 1, 10, 100, 500, 2000])
        node = rand_node(r, n)
        cmd = r.choice([
            "inc %s" % node, "inc %s x%d" % (node, r.randint(1, 9)),
            "dec %s" % node, "gossip %s" % node,
            "partition %s%s" % (node, r.choice(["", " in", " out"])),
            "heal", "crash %s" % node, "crash relay",
            "restart %s%s" % (node, r.choice(["", " durable", " amnesia"])),
            "restart relay", "strategy " + r.choice(STRATEGIES),
            "mode " + r.choice(MODES), "rate %d" % r.choice([0, 20, 200]),
            "latency " + rand_latency(r), "drop 0.1", "drop 0",
            "duplicate 0.2", "caption \"step %d\"" % t, "caption",
            "report", "pause", "expect converged",
            "expect total >= 0", "expect lost >= 0",
            "expect value %s >= 0" % node,
        ])
        if crdt == "gcounter" and cmd.startswith("dec"):
            cmd = "inc " + node
        lines.append("at %dms %s" % (t, cmd))
    if r.random() < 0.5:
        lines.append("after 5s expect converged")
    if r.random() < 0.1:  # one line broken
        i = r.randrange(len(lines))
        lines[i] = r.choice([lines[i][:-1], lines[i] + " junk",
                             "at 1s caption \"\x1b[31m\"",
                             "at 1s caption \"\u009b\"",
                             "at 1ms step 99999999999 inc n1",
                             lines[i].replace("n", "m")])
    return "\n".join(lines) + "\n"


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def check_json(j, argv, crashes):
    """The invariants one summary must satisfy. With crashes the JSON does
    not say which nodes are down (a down node keeps its last vector), so
    agreement is then not checked."""
    n = j["nodes"]
    pn = j["crdt"] == "pncounter"
    vectors, values = j["vectors"], j["values"]
    check(len(vectors) == n and len(values) == n, "one vector per node")
    width = 2 * n if pn else n
    for i, v in enumerate(vectors):
        check(len(v) == width, "n%d's vector has %d slots" % (i + 1, len(v)))
        check(all(isinstance(x, int) and x >= 0 for x in v),
              "n%d: slots are counts" % (i + 1))
        value = sum(v[:n]) - sum(v[n:]) if pn else sum(v)
        check(values[i] == value, "n%d's value %d is not its vector's %d"
              % (i + 1, values[i], value))
    inc, dec = j["increments"], j["decrements"]
    check(dec == 0 or pn, "a G-Counter counted down")
    check(j["true_value"] == inc - dec, "true_value is not inc - dec")
    m = j["messages"]
    check(all(m[k] >= 0 for k in m if k != "refused"),
          "message counts are counts")
    # Sends a budget refused are counted among the dropped, with why.
    refused = m.get("refused", {})
    check(all(isinstance(x, int) and x >= 0 for x in refused.values()),
          "refused counts are counts")
    check(sum(refused.values()) <= m["dropped"],
          "refused sends are more than the dropped (%s)" % m)
    check(m["sent"] + m["duplicated"] ==
          m["delivered"] + m["dropped"] + m["lost"] + m["in_flight"],
          "messages: sent + duplicated != delivered + dropped + lost + "
          "in flight (%s)" % m)
    lat = j["latency_ms"]
    check(lat["p50"] <= lat["p99"] <= lat["max"], "latency percentiles")
    check(j["reads"]["backwards"] <= j["reads"]["total"], "reads")
    lost = j["lost_increments"]
    if isinstance(lost, dict):  # a PN-Counter's, by kind
        check(0 <= lost["increments"] <= inc, "lost increments > made")
        check(0 <= lost["decrements"] <= dec, "lost decrements > made")
    else:
        check(0 <= lost <= inc, "lost %d of %d increments" % (lost, inc))
    over = bool(j.get("over_the_truth")) or (
        j.get("mode") == "op" or "op" in j.get("modes", {})) and \
        m["duplicated"] > 0
    # No slot holds more than was ever counted into it (unless plain op
    # counted a duplicate twice).
    if not over:
        check(sum(max(v[s] for v in vectors) for s in range(n)) <= inc,
              "the join of P is above the increments made")
        check(sum(max(v[s] for v in vectors) for s in range(n, width)) <=
              dec, "the join of N is above the decrements made")
    if j["converged"] and not crashes:
        live = vectors
        check(all(v == live[0] for v in live),
              "converged, yet live nodes disagree")
        if live and not over and (not pn or isinstance(lost, dict) or
                                  lost == 0):
            if isinstance(lost, dict):
                want = (inc - lost["increments"]) - \
                    (dec - lost["decrements"])
            else:
                want = inc - dec - lost  # (a PN-Counter's: lost 0 here)
            got = sum(live[0][:n]) - sum(live[0][n:]) if pn \
                else sum(live[0])
            check(got == want, "converged to %d, but %d made, %d undone "
                  "and %s lost" % (got, inc, dec, lost))


def run(binary, argv, cwd, env):
    try:
        p = subprocess.run([binary] + argv, cwd=cwd, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        raise Failure("took longer than %ds" % LIMIT_S)
    return p.returncode, p.stdout, p.stderr


def one_case(binary, r, work, env, counts):
    scenario = None
    if r.random() < 0.5:
        argv = rand_options(r)
    else:
        scenario = rand_scenario(r)
        with open(os.path.join(work, "s.gcs"), "w") as f:
            f.write(scenario)
        argv = ["--script", "s.gcs"]
        if r.random() < 0.2:
            argv += ["--seed", str(r.randint(0, 99))]
    argv = ["--headless", "--json"] + argv
    # A trace is a line per event: only for small worlds (64 nodes that
    # never converge print millions of lines).
    trace = r.random() < 0.05 and (scenario is not None or
                                   argv[3].isdigit() and int(argv[3]) <= 12)
    if trace:
        argv.append("--trace")
    replay = counts["cases"] % 3 == 0 and not trace and "--at" not in argv
    if replay:
        argv += ["--save-log", "a.log"]
    try:
        status, out, err = run(binary, argv, work, env)
        check(status in (0, 1, 2), "exit status %d" % status)
        counts["status %d" % status] = counts.get("status %d" % status, 0) + 1
        if status == 2:
            lines = err.decode("utf-8", "replace").splitlines()
            check(len(lines) == 1 and lines[0].startswith("gcounter: "),
                  "a refusal is not one line: %r" % err[:300])
            check(out == b"", "a refusal printed a summary")
            return
        if status == 1 and out == b"":
            # A saved-log line that does not fit the world stops the run
            # before any summary: said in one line (after any refused
            # commands, each one line).
            lines = err.decode("utf-8", "replace").splitlines()
            check(len(lines) >= 1 and
                  ("does not match this world" in lines[-1] or
                   "replay ran out of events" in lines[-1]) and
                  all(l.startswith(("gcounter: ", "s.gcs:")) for l in lines),
                  "exit 1 with no JSON: %r" % err[:300])
            counts["stopped"] = counts.get("stopped", 0) + 1
            return
        check(out.count(b"\n") >= 1, "no JSON")
        if trace:
            # Every event line a JSON object too, in time order.
            last = -1
            for line in out.decode("utf-8").splitlines()[:-1]:
                event = json.loads(line)
                check(event["t_us"] >= last, "trace time went backwards")
                last = event["t_us"]
        j = json.loads(out.decode("utf-8").splitlines()[-1]
                       if scenario is None else _last_json(out))
        check_json(j, argv, "--crash" in argv or
                   (scenario is not None and "crash" in scenario))
        counts["json checked"] = counts.get("json checked", 0) + 1
        if replay:
            status2, out2, _ = run(binary, argv, work, env)
            check(status2 == status and out2 == out,
                  "the same case ran differently")
            status3, out3, err3 = run(
                binary, ["--headless", "--json", "--replay", "a.log"], work,
                env)
            # (A log has no report lines: the script's "reports" aside.)
            check(_without_reports(_last_json(out3)) ==
                  _without_reports(_last_json(out)),
                  "the saved log replayed differently (%d): %r"
                  % (status3, err3[:200]))
            counts["replays identical"] = \
                counts.get("replays identical", 0) + 1
    except Failure as e:
        print("FAIL: %s" % e)
        print("  argv: gcounter %s" % " ".join(repr(a) for a in argv))
        if scenario is not None:
            print("  scenario:\n" + "".join("    " + l + "\n"
                                            for l in scenario.splitlines()))
        counts["failures"] = counts.get("failures", 0) + 1
    except (ValueError, KeyError, IndexError) as e:
        print("FAIL: the JSON: %r" % e)
        print("  argv: gcounter %s" % " ".join(repr(a) for a in argv))
        if scenario is not None:
            print("  scenario:\n" + scenario)
        counts["failures"] = counts.get("failures", 0) + 1


def _without_reports(line):
    j = json.loads(line)
    j.pop("reports", None)
    return j


def _last_json(out):
    """The summary: the last line that is a JSON object."""
    for line in reversed(out.decode("utf-8").splitlines()):
        if line.startswith("{"):
            return line
    raise Failure("no JSON object in the output")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gcounter")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--cases", type=int, default=None,
                    help="run exactly this many cases (no time budget)")
    ap.add_argument("--seed", type=int, default=None)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else int(time.time())
    r = random.Random(seed)
    binary = os.path.realpath(a.gcounter)
    env = dict(os.environ, ASAN_OPTIONS="exitcode=99",
               UBSAN_OPTIONS="halt_on_error=1:exitcode=99")
    env.pop("NO_COLOR", None)
    counts = {"cases": 0}
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        while (counts["cases"] < a.cases if a.cases is not None
               else time.monotonic() - start < a.seconds):
            one_case(binary, r, work, env, counts)
            counts["cases"] += 1
            if counts.get("failures", 0) >= 20:
                break
    print("search: seed %d, %.0f s: %s" % (
        seed, time.monotonic() - start,
        ", ".join("%s %d" % (k, v) for k, v in sorted(counts.items()))))
    return 1 if counts.get("failures") else 0


if __name__ == "__main__":
    sys.exit(main())
