#!/usr/bin/env python3
"""Phones as replicas, from outside, on loopback only (standard library).

Starts `gcounter --listen` in tmux (the dashboard needs a terminal), reads
the join code off the screen as a person would, and plays phones over
HTTP: the good path (join, presses, the relay's forwards streamed back,
leaving, the saved log replaying the room without phones) and every bad
input the server must refuse with a reason while it serves the others.

Usage: test_web.py path/to/gcounter
"""
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

GCOUNTER = os.path.abspath(sys.argv[1])
SESSION = "phones-test-%d" % os.getpid()
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def tmux(*args):
    # A server of the test's own (as tests/tui/harness.sh has), so that no
    # other test's sessions share it.
    return subprocess.run(["tmux", "-L", SESSION, "-f", "/dev/null"] +
                          list(args), capture_output=True, text=True)


def new_session(name, cols, rows, cmd):
    """A detached session. Each room kills the one before it, the last
    session of the server, which then exits: a session asked for while it
    exits is lost with it ("server exited unexpectedly", about one in 60
    on an idle machine, more under load), so ask again."""
    for attempt in range(5):
        r = tmux("new-session", "-d", "-s", name, "-x", str(cols),
                 "-y", str(rows), cmd)
        if r.returncode == 0 and tmux("has-session", "-t",
                                      name).returncode == 0:
            return True
        print("tmux new-session (try %d): %s" % (attempt + 1,
                                                 r.stderr.strip()))
        tmux("kill-session", "-t", name)
        time.sleep(0.3)
    return False


def screen():
    return tmux("capture-pane", "-p", "-t", SESSION).stdout


def request(port, method, path, body=None, raw=None, timeout=5):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    data = raw if raw is not None else (
        json.dumps(body).encode() if body is not None else None)
    conn.request(method, path, body=data,
                 headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    text = r.read().decode()
    headers = dict(r.getheaders())
    conn.close()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    return r.status, parsed, text, headers


def wait_for(predicate, seconds=5.0):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def qr_texts(text, cols):
    """What zbarimg reads in the QR code at the screen's top right (the
    half blocks are two modules a cell, ink dark), tried at each size."""
    lines = text.split("\n")
    ink = {"\u2588": (1, 1), "\u2580": (1, 0), "\u2584": (0, 1)}
    found = []
    for version in range(1, 11):
        size = 17 + 4 * version + 4
        if size > cols:
            break
        grid = []
        for r in range((size + 1) // 2):
            line = (lines[1 + r] if 1 + r < len(lines) else "").ljust(cols)
            cells = [ink.get(ch, (0, 0)) for ch in line[cols - size:cols]]
            grid += [[a for a, _ in cells], [b for _, b in cells]]
        scale, pad = 8, 32
        w, h = size * scale + 2 * pad, len(grid) * scale + 2 * pad
        px = bytearray(b"\xff") * (w * h)
        for y, row in enumerate(grid):
            for x, dark in enumerate(row):
                for dy in range(scale if dark else 0):
                    o = (pad + y * scale + dy) * w + pad + x * scale
                    px[o:o + scale] = b"\x00" * scale
        with tempfile.NamedTemporaryFile(suffix=".pgm") as f:
            f.write(b"P5 %d %d 255\n" % (w, h) + bytes(px))
            f.flush()
            out = subprocess.run(["zbarimg", "--raw", "-q", f.name],
                                 capture_output=True, text=True)
        if out.returncode == 0:
            found.append(out.stdout.strip())
    return found


def main():
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        print("tmux is missing: skipped")
        return 77
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="gcounter-phones-")
    log = os.path.join(workdir, "room.log")
    cmd = ("TERM=xterm-256color LANG=C.UTF-8 %s --listen 127.0.0.1:%d "
           "--nodes 4 --keep-workers 1 --seed 5 --save-log %s 2>%s.err; "
           "echo EXIT=$?; sleep 60" % (GCOUNTER, port, log, log))
    if not new_session(SESSION, 100, 30, cmd):
        print("cannot start tmux")
        return 1
    try:
        return run(port, log)
    finally:
        tmux("kill-server")


def run(port, log):
    # A loaded machine (the sanitizer build) can take seconds to start.
    ok = wait_for(lambda: re.search(r"code ([A-Z0-9]{6})", screen()), 20)
    check(bool(ok), "the dashboard shows a join code")
    if not ok:
        print(screen())
        return 1
    code = re.search(r"code ([A-Z0-9]{6})", screen()).group(1)
    check("http://127.0.0.1:%d/" % port in screen(),
          "the dashboard shows the page's address")
    # Seats nobody holds yet are free, not faults.
    check(wait_for(lambda: re.search(r"n2 .*- no phone", screen())),
          "an empty seat reads 'no phone'")
    check("DOWN" not in screen(), "no empty seat is shown DOWN as a fault")
    if subprocess.run(["which", "zbarimg"], capture_output=True).returncode:
        print("skip the QR code: zbarimg is missing (zbar-tools)")
    else:
        check("http://127.0.0.1:%d/" % port in qr_texts(screen(), 100),
              "zbarimg reads the page's address in the QR code")

    # The page, and nothing it would fetch from elsewhere.
    status, _, page, headers = request(port, "GET", "/")
    check(status == 200 and "<button id=\"plus\"" in page, "the page")
    check("default-src 'self'" in headers.get("Content-Security-Policy", ""),
          "the page may load nothing from elsewhere")
    for path in ("/", "/app.js", "/style.css"):
        text = request(port, "GET", path)[2]
        check(not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text,
                            re.I) or path == "/" and "http" not in text,
              "%s names no other server" % path)
    check("innerHTML" not in request(port, "GET", "/app.js")[2],
          "the page never writes HTML from data")

    # Bad joins, each with its reason.
    s, b, _, _ = request(port, "POST", "/api/join", {"code": "XXXXXX",
                                                     "name": "eve"})
    check(s == 403 and "wrong join code" in b["error"], "a wrong code")
    s, b, _, _ = request(port, "POST", "/api/join", {"name": "eve"})
    check(s == 403 and "wrong join code" in b["error"], "a missing code")
    s, b, _, _ = request(port, "POST", "/api/join", raw=b"{\"code\": ")
    check(s == 400 and "not a JSON object" in b["error"], "malformed JSON")
    s, b, _, _ = request(port, "POST", "/api/join", raw=b"[1,2]")
    check(s == 400, "JSON that is not an object")
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "<script>x</script>"})
    check(s == 400 and "a name is" in b["error"], "a name with markup")
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "x" * 17})
    check(s == 400, "a name too long")
    time.sleep(1.1)  # past the log's gap between refusals: this one is told
    s, b, _, _ = request(port, "POST", "/api/join",
                         raw=b"{\"code\":\"" + b"A" * 20000 + b"\"}")
    check(s == 413 and b is not None and "too large" in b["error"],
          "an oversized body is refused with a reason")
    check(wait_for(lambda: "phone ? refused: the request is too large" in
                   screen()), "the event log tells it")
    s, b, _, _ = request(port, "POST", "/api/join",
                         raw=b"{\"code\":\"A\",\"code\":\"B\"}")
    check(s == 400 and "duplicate object key" in b["error"],
          "duplicate keys are named")
    s, b, _, _ = request(port, "POST", "/api/join",
                         raw=b"{\"code\":18446744073709551615}")
    check(s == 400 and "too big integer" in b["error"],
          "a number too big is named")

    # Three seats: n2, n3, n4.
    joined = {}
    for name in ("ana", "bob", "cy"):
        time.sleep(0.15)
        s, b, _, _ = request(port, "POST", "/api/join",
                             {"code": code, "name": name})
        check(s == 200 and b["nodes"] == 4 and b["slots"] == 4,
              "%s joins" % name)
        joined[name] = b
    check(sorted(b["node"] for b in joined.values()) == [1, 2, 3],
          "each phone its own seat (n2, n3, n4)")
    time.sleep(1.1)  # past the log's gap between refusals: this one is told
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "dan"})
    check(s == 503 and "room is full" in b["error"], "the room is full")
    check(wait_for(lambda: "phone dan refused: the room is full" in
                   screen()), "the event log tells it")

    ana, bob, cy = joined["ana"], joined["bob"], joined["cy"]
    va = [0, 0, 0, 0]
    va[ana["node"]] = 2
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": ana["token"], "vector": va})
    check(s == 200 and b["value"] == 2, "ana's two presses count")

    # A replica may only raise its own slot.
    bad = [0, 0, 0, 0]
    bad[bob["node"]] = 1
    bad[ana["node"]] = 50
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": bob["token"], "vector": bad})
    check(s == 422 and "may only raise its own slot" in b["error"],
          "a vector claiming another's slot too high")
    big = [0, 0, 0, 0]
    big[bob["node"]] = 10 ** 9
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": bob["token"], "vector": big})
    check(s == 422 and "presses at once" in b["error"], "a huge claim")
    for wrong in ([1, 2], "four", [0, -1, 0, 0], [0, 0.5, 0, 0]):
        s, b, _, _ = request(port, "POST", "/api/report",
                             {"token": bob["token"], "vector": wrong})
        check(s == 422, "a malformed vector %r" % (wrong,))
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": "0" * 32, "vector": va})
    check(s == 403 and "not joined" in b["error"], "an unknown token")

    # The relay forwards ana's state to bob's worker; bob's stream says so.
    stream = socket.create_connection(("127.0.0.1", port), timeout=5)
    stream.sendall(("GET /api/events?token=%s HTTP/1.1\r\nHost: x\r\n\r\n"
                    % bob["token"]).encode())
    got = b""
    end = time.time() + 5
    while time.time() < end and b"\"value\":2" not in got:
        try:
            got += stream.recv(4096)
        except socket.timeout:
            break
    check(b"text/event-stream" in got and b"\"value\":2" in got,
          "bob's page hears ana's presses through the relay")
    time.sleep(1.1)
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "bob"})
    check(s == 409 and "in use" in b["error"],
          "a name in use by a live phone is refused")
    check(wait_for(lambda: "phone bob refused: that name is in use" in
                   screen()), "the event log tells it")

    # A flood: the limit per phone answers 429, the others go on.
    # (Pipelined on one connection, so that even a slow build floods.)
    body = json.dumps({"token": cy["token"], "vector": [0, 0, 0, 0]})
    one = ("POST /api/report HTTP/1.1\r\nHost: x\r\nContent-Length: %d"
           "\r\n\r\n%s" % (len(body), body)).encode()
    flood = socket.create_connection(("127.0.0.1", port), timeout=10)
    flood.sendall(one * 80)
    got = b""
    while got.count(b"HTTP/1.1 ") < 80:
        try:
            data = flood.recv(65536)
        except socket.timeout:
            break
        if not data:
            break
        got += data
    flood.close()
    codes = re.findall(rb"HTTP/1.1 (\d+)", got)
    check(codes[:1] == [b"200"] and b"429" in codes and
          b"too many requests" in got,
          "a flood meets the rate limit (%d of %d refused)"
          % (codes.count(b"429"), len(codes)))
    vb = [0, 0, 0, 0]
    vb[bob["node"]] = 1
    vb[ana["node"]] = 2
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": bob["token"], "vector": vb})
    check(s == 200 and b["value"] == 3, "bob is served during cy's flood")

    # A slow, half-sent request does not stop the others.
    slow = socket.create_connection(("127.0.0.1", port))
    slow.sendall(b"POST /api/report HTTP/1.1\r\nHost: x\r\nContent-Le")
    s, _, _, _ = request(port, "GET", "/style.css")
    check(s == 200, "a half-sent request holds nobody up")

    # Too many connections: the extra ones are refused with a reason.
    held = []
    refused = 0
    for _ in range(310):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/style.css")
        r = c.getresponse()
        r.read()
        if r.status == 503:
            refused += 1
            c.close()
        else:
            held.append(c)
    check(refused > 0, "connections past the limit are refused (%d)"
          % refused)
    for c in held:
        c.close()
    time.sleep(0.5)
    s, _, _, _ = request(port, "GET", "/")
    check(s == 200, "served again once they closed")

    # A phone that hangs up mid-write raises SIGPIPE: it must not end
    # the class.
    shell = tmux("display-message", "-p", "-t", SESSION,
                 "#{pane_pid}").stdout.strip()
    child = subprocess.run(["pgrep", "-P", shell, "-f", "gcounter"],
                           capture_output=True, text=True).stdout.split()
    check(len(child) == 1, "found the gcounter process")
    if child:
        os.kill(int(child[0]), 13)
        time.sleep(0.3)
        check(request(port, "GET", "/")[0] == 200 and
              "EXIT=" not in screen(), "a SIGPIPE does not end the class")

    # Leaving: the projector shows the seat free again.
    s, _, _, _ = request(port, "POST", "/api/leave", {"token": cy["token"]})
    check(s == 200, "cy leaves")
    check(wait_for(lambda: "cy's phone left" in screen()),
          "the event log says cy left")
    n = "n%d" % (cy["node"] + 1)
    check(wait_for(lambda: re.search(n + r" .*- no phone", screen())),
          "the dashboard shows cy's seat free")
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "cy"})
    check(s == 200 and b["node"] == cy["node"],
          "cy comes back to the same seat")
    stream.close()
    slow.close()

    # Another gcounter on the same port: one line, exit 2.
    other = SESSION + "-b"
    new_session(other, 100, 10,
                "%s --listen 127.0.0.1:%d; echo EXIT=$?; sleep 30"
                % (GCOUNTER, port))
    taken = lambda: tmux("capture-pane", "-p", "-t", other).stdout
    check(wait_for(lambda: "EXIT=2" in taken(), 20) and
          "--listen 127.0.0.1:%d: cannot listen there: Address already in "
          "use" % port in taken(), "a port in use is one line, exit 2")
    tmux("kill-session", "-t", other)

    # The presenter starts over (r): phones count again from zero.
    tmux("send-keys", "-t", SESSION, "r")
    check(wait_for(lambda: "a new world" in screen()),
          "the log says phones join the new world again")
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": ana["token"], "vector": va})
    check(s == 409 and b.get("reset") is True,
          "a phone's old state is refused with a reset after r")
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "ana"})
    check(s == 200 and b["node"] == ana["node"] and
          b["state"]["vector"] == [0, 0, 0, 0],
          "ana joins the new world in her seat, from zero")
    ana = b
    one = [0, 0, 0, 0]
    one[ana["node"]] = 1
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": ana["token"], "vector": one})
    check(s == 200 and b["value"] == 1, "and counts there")

    tmux("send-keys", "-t", SESSION, "q")
    check(wait_for(lambda: "EXIT=0" in screen(), 30), "q quits cleanly")
    if "EXIT=0" not in screen():
        print(screen())
        print(open(log + ".err").read())
    text = open(log).read()
    check("restart n%d remote" % (ana["node"] + 1) in text and
          re.search(r"step \d+ inc n%d$" % (ana["node"] + 1), text, re.M),
          "the saved log holds the phones' commands")
    out = subprocess.run([GCOUNTER, "--replay", log, "--headless", "--json"],
                         capture_output=True, text=True)
    check(out.returncode == 0 and
          json.loads(out.stdout)["true_value"] == 1,
          "the log replays the room without phones (total 1 after r)")
    return pncounter()


def pncounter():
    """A PN-Counter phone: its -1 presses are its N slot."""
    port = free_port()
    tmux("kill-session", "-t", SESSION)
    new_session(SESSION, 100, 30,
                "TERM=xterm-256color LANG=C.UTF-8 %s --listen 127.0.0.1:%d "
                "--nodes 2 --crdt pncounter; sleep 30" % (GCOUNTER, port))
    # A loaded machine (the sanitizer build) can take seconds to start.
    ok = wait_for(lambda: re.search(r"code ([A-Z0-9]{6})", screen()), 20)
    check(bool(ok), "a PN-Counter room shows its code")
    if not ok:
        return 1
    code = re.search(r"code ([A-Z0-9]{6})", screen()).group(1)
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "ana"})
    check(s == 200 and b["crdt"] == "pncounter" and b["slots"] == 4,
          "a PN-Counter phone gets 2N slots")
    v = [0, 0, 0, 0]
    v[b["node"]] = 3
    v[2 + b["node"]] = 1
    s, r, _, _ = request(port, "POST", "/api/report",
                         {"token": b["token"], "vector": v})
    check(s == 200 and r["value"] == 2, "three up and one down is 2")
    v[2 + (1 - b["node"])] = 1
    s, r, _, _ = request(port, "POST", "/api/report",
                         {"token": b["token"], "vector": v})
    check(s == 422 and "n%d's N\u2212 slot" % (2 - b["node"]) in r["error"],
          "nor may it raise another's decrements (named as the dashboard "
          "names them)")
    amnesia()
    seats()
    return 1 if failures else 0


def room(nodes, log=None):
    """A new room in tmux (the one before it killed); its port and code."""
    port = free_port()
    tmux("kill-session", "-t", SESSION)
    new_session(SESSION, 100, 30,
                "TERM=xterm-256color LANG=C.UTF-8 %s --listen 127.0.0.1:%d "
                "--nodes %d --keep-workers 1 --seed 7%s; echo EXIT=$?; "
                "sleep 30"
                % (GCOUNTER, port, nodes, " --save-log " + log if log else ""))
    # A loaded machine (the sanitizer build) can take seconds to start.
    ok = wait_for(lambda: re.search(r"code ([A-Z0-9]{6})", screen()), 20)
    if not ok:
        return port, None
    return port, re.search(r"code ([A-Z0-9]{6})", screen()).group(1)


def amnesia():
    """The presenter restarts a phone's seat by key, from zero: the
    phone's old presses are not counted again, and the seat is the
    phone's again (remote), not a simulated worker."""
    log = os.path.join(tempfile.mkdtemp(prefix="gcounter-phones-"),
                       "amnesia.log")
    port, code = room(4, log)
    check(code is not None, "an amnesia room shows its code")
    if code is None:
        return
    s, a, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "alice"})
    check(s == 200 and a["node"] == 1, "alice sits in n2")
    v = [0, 4, 0, 0]
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": a["token"], "vector": v})
    check(s == 200 and b["value"] == 4, "alice's four presses count")
    # n2 selected, cut off (so it cannot hear its 4 back from n1 before
    # the server notices), amnesia mode, crash, restart.
    for key in ("Down", "p", "a", "c", "c"):
        tmux("send-keys", "-t", SESSION, key)
        time.sleep(0.3)
    check(wait_for(lambda: "alice's phone again: it starts over" in
                   screen()), "the log says the seat is alice's again")
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": a["token"], "vector": v})
    check(s == 409 and b.get("reset") is True,
          "her old state is refused with a reset, not counted again")
    s, a, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "alice"})
    check(s == 200 and a["node"] == 1 and a["state"]["vector"][1] == 0,
          "she joins again, from what the seat holds: zero (%r)"
          % (a.get("state", {}).get("vector"),))
    v = list(a["state"]["vector"])
    v[1] += 1
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": a["token"], "vector": v})
    check(s == 200, "her next press is taken")
    time.sleep(0.6)
    tmux("send-keys", "-t", SESSION, "q")
    check(wait_for(lambda: "EXIT=0" in screen(), 30), "q quits cleanly")
    text = open(log).read()
    check(re.search(r"restart n2 amnesia\n.* crash n2\n.* restart n2 remote\n",
                    text) is not None,
          "the seat came back remote after the key restart")
    out = subprocess.run([GCOUNTER, "--replay", log, "--headless", "--json"],
                         capture_output=True, text=True)
    made = json.loads(out.stdout) if out.returncode == 0 else {}
    check(made.get("true_value") == 5,
          "the log replays: five presses made, not nine (%r)"
          % made.get("true_value"))


def seats():
    """A seat whose phone left goes to a new name when none is free; the
    header counts the seats that are held."""
    port, code = room(5)
    check(code is not None, "a seats room shows its code")
    if code is None:
        return
    tokens = {}
    for name in ("eve", "fay", "x0", "x1", "x2"):
        time.sleep(0.15)
        s, b, _, _ = request(port, "POST", "/api/join",
                             {"code": code, "name": name})
        check(s == 200, "%s joins" % name)
        tokens[name] = b
        if name == "eve":
            s, _, _, _ = request(port, "POST", "/api/leave",
                                 {"token": b["token"]})
            check(s == 200, "eve leaves")
            check(wait_for(lambda: "phones 0/4" in screen()),
                  "the header counts no phone after she left")
    check(tokens["x2"].get("node") == tokens["eve"]["node"],
          "x2 gets the seat eve left")
    check(wait_for(lambda: "phones 4/4" in screen()),
          "the header says the room is full")
    time.sleep(1.1)
    s, b, _, _ = request(port, "POST", "/api/join",
                         {"code": code, "name": "x3"})
    check(s == 503 and "room is full" in b["error"], "then it is full")
    s, b, _, _ = request(port, "POST", "/api/report",
                         {"token": tokens["eve"]["token"],
                          "vector": [0, 0, 0, 0, 0]})
    check(s == 403, "eve's old token no longer reaches the seat")


if __name__ == "__main__":
    sys.exit(main())
