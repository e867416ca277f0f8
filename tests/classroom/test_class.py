#!/usr/bin/env python3
"""A classroom over TCP, from outside, on loopback only (standard library).

A headless presenter (`gcounter --class --headless`) keeps two seats for
students; two raw-socket nodes (fakenode.py) join them, answer init,
gossip, and press + (adds the presenter turns into its clients' adds)
through drops, duplicates and a partition. Meanwhile every bad input is
tried: a wrong or missing code, garbage, an oversized line, a half-open
connection, too many connections, a node that claims another's id, one
that prints garbage once seated, a flood, a slow reader, one that never
answers init, a full class. Each must get its reason and a disconnect,
and the others must converge: the checker passes, every final read is
the same, and the saved log replays to the same verdict without the
network.

Usage: test_class.py path/to/gcounter
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fakenode import Node  # noqa: E402

GCOUNTER = os.path.abspath(sys.argv[1])
from checks import check, failures, summary  # noqa: E402


def start_class(extra, log):
    """Starts a headless class; its stderr goes to a file (read for the
    join line, and shown when something fails)."""
    args = [GCOUNTER, "--class", "--headless", "--json",
            "--listen", "127.0.0.1:0", "--save-log", log] + extra
    errfile = open(log + ".err", "w+")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errfile,
                            text=True)
    proc.errfile = errfile
    end = time.time() + 10
    m = None
    while m is None and time.time() < end and proc.poll() is None:
        time.sleep(0.05)
        errfile.seek(0)
        m = re.search(r"class on (\S+), join code (\w+)", errfile.read())
    if m is None:
        errfile.seek(0)
        print(errfile.read())
        proc.kill()
        sys.exit("the presenter did not say where its class is")
    return proc, m.group(1), m.group(2)


def presenter_err(proc):
    proc.errfile.seek(0)
    return proc.errfile.read()


def finish(proc):
    """The presenter's JSON report once its run ends (None, and what it
    said shown, when there is none or it failed)."""
    out, _ = proc.communicate(timeout=60)
    try:
        report = json.loads(out)
    except ValueError:
        report = None
    if proc.returncode != 0 or report is None:
        print(out, presenter_err(proc))
    return report


def connect(address):
    host, port = address.rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=10)
    return s


def reason(sock, seconds=10):
    """The error text the class closes a connection with, or None."""
    sock.settimeout(seconds)
    data = b""
    end = time.time() + seconds
    try:
        while time.time() < end:
            got = sock.recv(65536)
            if not got:
                break
            data += got
    except OSError:
        pass
    sock.close()
    for raw in data.split(b"\n"):
        try:
            msg = json.loads(raw)
        except ValueError:
            continue
        if msg.get("type") == "error":
            return msg.get("text")
        if isinstance(msg.get("body"), dict) and \
                msg["body"].get("type") == "error":
            return msg["body"].get("text")
    return None


def refused(address, first, want, seconds=10, what=None):
    s = connect(address)
    if first:
        s.sendall(first)
    got = reason(s, seconds)
    check(got is not None and want in got,
          "%s: refused with \"%s\" (got %r)" % (what or want, want, got))


def seated_raw(address, code, name):
    """Joins, reads join_ok and init: (socket, file, seat id, init msg)."""
    s = connect(address)
    s.sendall(json.dumps({"type": "join", "code": code,
                          "name": name}).encode() + b"\n")
    f = s.makefile("rb")
    ok = json.loads(f.readline())
    init = json.loads(f.readline()) if ok.get("type") == "join_ok" else None
    return s, f, ok, init


def rest_reason(s, f, seconds=10):
    s.settimeout(seconds)
    try:
        for raw in f:
            try:
                msg = json.loads(raw)
            except ValueError:
                continue
            if msg.get("type") == "error":
                return msg.get("text")
    except OSError:
        return None
    return None


def main():
    work = tempfile.mkdtemp()
    try:
        rc = scenario(work)
        presses(work)
        every_address(work)
        return 1 if failures else rc
    except Exception:
        for name in os.listdir(work):
            if name.endswith(".err"):
                with open(os.path.join(work, name)) as fh:
                    print("--- %s:\n%s" % (name, fh.read()[-6000:]))
        raise


def scenario(work):
    log = os.path.join(work, "class.log")
    proc, address, code = start_class(
        ["--nodes", "4", "--wait-joins", "2", "--rate", "0",
         "--duration", "14s", "--settle", "2s", "--answer", "4s",
         "--drop", "0.1", "--duplicate", "0.1",
         "--partition", "n3@2s", "--seed", "7"], log)
    check(re.match(r"127\.0\.0\.1:\d+$", address) is not None,
          "listens on loopback only unless told: " + address)

    # Refused before they take a seat.
    refused(address, b'{"type":"join","code":"ZZZZZZ","name":"x"}\n',
            "wrong join code")
    refused(address, b'{"type":"join","name":"x"}\n',
            "the first line must be", what="a missing code")
    refused(address, b"GET / HTTP/1.1\r\n\r\n", "the first line must be",
            what="garbage")
    refused(address, b"x" * 70000, "a line longer than 65536 bytes")
    refused(address, json.dumps({"type": "join", "code": code,
                                 "name": "a\u0001b"}).encode() + b"\n",
            "a name is 1 to")

    # The students.
    a = Node(address, code, "Ada")
    b = Node(address, code, "Bob")
    check(a.joined.wait(5) and b.joined.wait(5), "two students join")
    check({a.seat, b.seat} == {"n2", "n3"},
          "they take the seats kept for students (%s, %s)" % (a.seat, b.seat))
    check(a.inited.wait(5) and b.inited.wait(5), "both are sent init")

    pressing = threading.Event()

    def press():
        while not pressing.is_set():
            a.press()
            b.press()
            time.sleep(0.15)

    presser = threading.Thread(target=press, daemon=True)
    presser.start()

    # Half-open, and a silent node: in parallel, they take seconds.
    half = connect(address)
    half_reason = []
    half_waiter = threading.Thread(
        target=lambda: half_reason.append(reason(half, 8)), daemon=True)
    half_waiter.start()

    # Too many connections at once.
    many = [connect(address) for _ in range(34)]
    texts = [reason(s, 1) for s in many[-3:]]
    for s in many[:-3]:
        s.close()
    time.sleep(1.0)  # for the presenter to see them go
    check(any(t and "the class is full: 32 connections" in t for t in texts),
          "the 33rd connection is refused: %r" % texts)

    # One that never answers init: it holds n0 for --answer (4 s), so
    # it waits beside the others.
    mute = []

    def silent():
        ms, mf, mok, minit = seated_raw(address, code, "Mute")
        mute.append(mok.get("seat"))
        mute.append(rest_reason(ms, mf, 10))
        ms.close()

    mute_waiter = threading.Thread(target=silent, daemon=True)
    mute_waiter.start()
    time.sleep(0.3)

    # Seated, then broken: each at a program's seat, each kicked.
    s, f, ok, init = seated_raw(address, code, "Mallory")
    seat = ok.get("seat")
    check(seat in ("n0", "n1") and ok.get("amnesia") is True,
          "a student takes a program's seat: %r" % ok)
    s.sendall(json.dumps({"src": a.seat, "dest": b.seat, "body": {
        "type": "gossip", "counter": {a.seat: 1000}}}).encode() + b"\n")
    got = rest_reason(s, f)
    check(got and 'a message from "%s", but this seat is %s' %
          (a.seat, seat) in got,
          "a node that claims another's id: %r" % got)
    s.close()

    s, f, ok, init = seated_raw(address, code, "Eve")
    s.sendall(b"hello\n")
    got = rest_reason(s, f)
    check(got and "not a Maelstrom message" in got,
          "garbage once seated: %r" % got)
    s.close()

    s, f, ok, init = seated_raw(address, code, "Eve")
    s.sendall(('{"src":"%s","dest":"n2","body":{"type":"gossip","pad":"'
               % ok.get("seat")).encode() + b"y" * 70000 + b'"}}\n')
    got = rest_reason(s, f)
    check(got and "a line longer than 65536 bytes" in got,
          "an oversized line once seated: %r" % got)
    s.close()

    s, f, ok, init = seated_raw(address, code, "Trudy")
    flood = (json.dumps({"src": ok.get("seat"), "dest": "n2", "body": {
        "type": "gossip", "counter": {}}}) + "\n").encode() * 5000
    try:
        s.sendall(flood)
    except OSError:
        pass
    got = rest_reason(s, f)
    check(got and "more than 1000 lines a second" in got,
          "a flood: %r" % got)
    s.close()

    # A slow reader: a tiny receive buffer, never read, while the student
    # at n2 (n3 is cut off by then) sends it big (valid) gossip.
    slow = socket.socket()
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    host, port = address.rsplit(":", 1)
    slow.connect((host, int(port)))
    slow.sendall(json.dumps({"type": "join", "code": code,
                             "name": "Sloth"}).encode() + b"\n")
    slow.settimeout(5)
    first = slow.recv(200)
    m = re.search(rb'"seat":"(n\d+)"', first)
    slow_seat = m.group(1).decode() if m else "n1"
    pad = "z" * 60000
    sender = a if a.seat == "n2" else b
    for _ in range(200):
        sender.send(slow_seat, {"type": "gossip", "counter": {},
                                "pad": pad})
    # Delivered by now (a sanitizer build is slow), and over the limit;
    # read within the class's grace for flushing a reason (10 s).
    time.sleep(2.0)
    # Its reason was written after its backlog was dropped: read it all.
    data = first
    try:
        while True:
            got = slow.recv(1 << 20)
            if not got:
                break
            data += got
    except OSError:
        pass
    slow.close()
    check(b"reads too slowly: over 1048576 bytes" in data,
          "a slow reader is let go (%d bytes reached it): %r" %
          (len(data), data[-200:]))

    mute_waiter.join(12)
    check(len(mute) == 2 and mute[1] and "never answered init" in mute[1],
          "a silent node at %s: %r" % (mute[:1], mute[1:]))

    half_waiter.join(10)
    check(half_reason and half_reason[0] and
          "no join line within 5 s" in half_reason[0],
          "a half-open connection: %r" % half_reason)

    # Two more good students, then a full class.
    c = Node(address, code, "Cy")
    d = Node(address, code, "Dee")
    check(c.joined.wait(5) and d.joined.wait(5) and
          {c.seat, d.seat} == {"n0", "n1"},
          "two more students take the programs' seats")
    refused(address, json.dumps({"type": "join", "code": code,
                                 "name": "Fay"}).encode() + b"\n",
            "the class is full: every one of its 4 seats has a student")
    time.sleep(1.0)
    pressing.set()

    report = finish(proc)
    check(proc.returncode == 0, "the checker passes (exit %d)" %
          proc.returncode)
    if report is not None:
        finals = [n["final_read"] for n in report["nodes"]]
        verdicts = [n["verdict"] for n in report["nodes"]]
        check(report["valid"], "valid: %r" % verdicts)
        check(report["adds"]["acknowledged_ops"] > 20,
              "the students' presses were acknowledged adds (%d)" %
              report["adds"]["acknowledged_ops"])
        check(len(set(finals)) == 1 and
              finals[0] == report["adds"]["acknowledged"],
              "every node's final read is the truth: %r, %d" %
              (finals, report["adds"]["acknowledged"]))
        check(report["messages"]["dropped"] > 0 and
              report["messages"]["duplicated"] > 0,
              "through drops and duplicates")
    check(a.bye is not None and "ended the class" in a.bye,
          "the students are told the class is over: %r" % a.bye)
    for n in (a, b, c, d):
        n.close()

    # The class replays without the network.
    r = subprocess.run([GCOUNTER, "--replay", log, "--json"],
                       capture_output=True, text=True, timeout=60)
    try:
        again = json.loads(r.stdout)
    except ValueError:
        again = None
        print(r.stdout, r.stderr)
    check(r.returncode == 0 and again is not None and report is not None and
          [n["final_read"] for n in again["nodes"]] ==
          [n["final_read"] for n in report["nodes"]] and
          again["adds"] == report["adds"] and
          again["messages"] == report["messages"],
          "--replay reproduces the class without the network")
    with open(log) as fh:
        seats = [ln for ln in fh if " seat " in ln]
    check(any(ln.rstrip().endswith("remote") for ln in seats) and
          any(ln.rstrip().endswith("program") for ln in seats),
          "the saved log records who held each seat (%d changes)" %
          len(seats))

    bridge(work)
    return summary()


def presses(work):
    """A script pressing 900 times a second (under the flood limit) is
    held to a person's rate: the class goes on and ends with its check
    (at that rate the run's request limit used to end it in a minute)."""
    log = os.path.join(work, "presses.log")
    proc, address, code = start_class(
        ["--nodes", "1", "--wait-joins", "1", "--rate", "0",
         "--duration", "3s", "--settle", "4s", "--answer", "3s"], log)
    s, f, ok, init = seated_raw(address, code, "Fast")
    check(init is not None, "the presser is seated and sent init")
    total = [0]

    def answer():
        for raw in f:
            msg = json.loads(raw)
            body = msg.get("body", {})
            kind = {"init": "init_ok", "add": "add_ok",
                    "read": "read_ok"}.get(body.get("type"))
            if kind is None:
                continue
            if kind == "add_ok":
                total[0] += body["delta"]
            reply = {"type": kind, "in_reply_to": body["msg_id"],
                     "value": total[0]}
            s.sendall(json.dumps({"src": msg["dest"], "dest": msg["src"],
                                  "body": reply}).encode() + b"\n")

    ib = init["body"]
    s.sendall(json.dumps({"src": init["dest"], "dest": init["src"], "body": {
        "type": "init_ok", "in_reply_to": ib["msg_id"]}}).encode() + b"\n")
    threading.Thread(target=answer, daemon=True).start()
    refused(address, json.dumps({"type": "join", "code": code,
                                 "name": "Fast"}).encode() + b"\n",
            "the name Fast is taken in this class",
            what="a second Fast while the first is seated")
    refused(address, json.dumps({"type": "join", "code": code,
                                 "name": "Other"}).encode() + b"\n",
            "the class is full: its one seat has a student")
    line = json.dumps({"type": "add", "delta": 1}).encode() + b"\n"
    end = time.time() + 3.5
    try:
        while time.time() < end and proc.poll() is None:
            s.sendall(line * 90)
            time.sleep(0.1)
    except OSError:
        pass
    # Settling (3 s of workload, 4 s to settle): no one joins any more.
    refused(address, json.dumps({"type": "join", "code": code,
                                 "name": "Late"}).encode() + b"\n",
            "the class is over: its workload has ended",
            what="a join while it settles")
    report = finish(proc)
    s.close()
    sent = report["adds"]["sent"] if report else None
    check(report is not None and report["valid"] and proc.returncode == 0,
          "a class pressed 900 times a second ends with its check")
    check(sent is not None and 20 <= sent <= 20 + 20 * 5,
          "its presses held to 20 a second (%r adds of ~2700)" % sent)


def every_address(work):
    """--listen 0.0.0.0: the join line names an address a student's
    laptop can reach (the first non-loopback IPv4 address, as the phones'
    URL does; a machine with none keeps 0.0.0.0)."""
    log = os.path.join(work, "every.log")
    args = [GCOUNTER, "--class", "--headless", "--nodes", "1",
            "--wait-joins", "1", "--duration", "1s", "--settle", "0s",
            "--answer", "1s", "--listen", "0.0.0.0:0", "--save-log", log]
    errfile = open(log + ".err", "w+")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errfile)
    m = None
    end = time.time() + 10
    while m is None and time.time() < end:
        time.sleep(0.05)
        errfile.seek(0)
        m = re.search(r"class on (\S+), join code (\w+)", errfile.read())
    proc.kill()
    proc.wait()
    addrs = [a for a in subprocess.run(["hostname", "-I"],
                                       capture_output=True, text=True)
             .stdout.split() if re.match(r"\d+\.\d+\.\d+\.\d+$", a)
             and not a.startswith("127.")] \
        if subprocess.run(["which", "hostname"],
                          capture_output=True).returncode == 0 else []
    host = m.group(1).rsplit(":", 1)[0] if m else None
    check(host is not None and
          (host in addrs if addrs else host == "0.0.0.0"),
          "a class on 0.0.0.0 names a reachable address: %r (of %r)"
          % (host, addrs))


def leftovers(marker):
    ps = subprocess.run(["ps", "-eo", "pid=,stat=,args="],
                        capture_output=True, text=True).stdout
    return [ln for ln in ps.splitlines()
            if marker in ln and "--exec" not in ln and "ps -eo" not in ln]


def bridge(work):
    """Two `gcounter join --exec` bridging examples/node.py to a class of
    three through drops, duplicates and a partition: the checker passes,
    both joins say the class ended, and no program is left running."""
    src = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    marker = "gcounter-class-bridge-%d" % os.getpid()
    node = "%s %s %s" % (sys.executable,
                         os.path.join(src, "examples", "node.py"), marker)
    log = os.path.join(work, "bridge.log")
    proc, address, code = start_class(
        ["--exec", node, "--nodes", "3", "--wait-joins", "2",
         "--duration", "3s", "--settle", "2s", "--answer", "10s",
         "--drop", "0.1", "--duplicate", "0.1", "--partition", "n1@1s",
         "--seed", "11"], log)
    joins = [subprocess.Popen([GCOUNTER, "join", address, code, "--name",
                               name, "--exec", node],
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for name in ("Ada", "Bob")]
    report = finish(proc)
    check(proc.returncode == 0 and report is not None and report["valid"],
          "bridged programs: the checker passes (exit %d)" % proc.returncode)
    if report is not None:
        check(report["adds"]["acknowledged_ops"] > 5 and
              report["messages"]["lost"] > 0,
              "the workload ran at the students' seats and the partition "
              "cut them (%d acknowledged, %d lost)" %
              (report["adds"]["acknowledged_ops"],
               report["messages"]["lost"]))
    for j, name in zip(joins, ("Ada", "Bob")):
        jout, jerr = j.communicate(timeout=20)
        check(j.returncode == 3 and "the class ended" in jerr and
              "seat n" in jerr,
              "%s's join was seated, then told the class ended (exit %d)"
              % (name, j.returncode))
        check(jout == "", "%s's join printed nothing on stdout" % name)
    time.sleep(0.3)
    left = leftovers(marker)
    check(not left, "every program was reaped: %r" % left)


if __name__ == "__main__":
    sys.exit(main())
