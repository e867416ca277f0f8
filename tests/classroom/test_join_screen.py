#!/usr/bin/env python3
"""The student's join screen in tmux, against a fake presenter that seats
it at n10 of 16 in a pn-counter class: the vector wraps to the rows it
needs with the student's own slot in sight and marked ([n10:...]), both
halves are shown (P added, N taken away), and the value and the last read
are signed (a negative count read -15, not 18446744073709551601). Then at
80x12 the own slot is still on the screen. Skipped (77) without tmux.

    test_join_screen.py BINARY
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

binary = os.path.abspath(sys.argv[1])
session = "join-screen-%d" % os.getpid()
fail = []
if shutil.which("tmux") is None:
    print("no tmux: skipped")
    sys.exit(77)


def tmux(*args):
    return subprocess.run(["tmux"] + list(args), capture_output=True,
                          text=True)


def screen():
    return tmux("capture-pane", "-p", "-t", session).stdout


def wait_for(pred, seconds=10):
    end = time.time() + seconds
    text = ""
    while time.time() < end:
        text = screen()
        if pred(text):
            return True, text
        time.sleep(0.1)
    return False, text


ids = ["n%d" % i for i in range(16)]
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]
tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
     "TERM=xterm-256color NO_COLOR=1 %s join 127.0.0.1:%d K7F3QX --name Ada;"
     " sleep 30" % (binary, port))
try:
    srv.settimeout(10)
    c, _ = srv.accept()
    f = c.makefile("rw")
    hello = json.loads(f.readline())
    if hello.get("type") != "join":
        fail.append("no join: %r" % hello)

    def send(obj):
        f.write(json.dumps(obj) + "\n")
        f.flush()

    send({"type": "join_ok", "seat": "n10", "name": "Ada", "nodes": 16,
          "amnesia": False})
    send({"src": "c1", "dest": "n10", "body": {
        "type": "init", "msg_id": 1, "node_id": "n10", "node_ids": ids}})
    # Every other node has added 131; n3 has also taken 200 away.
    send({"src": "n3", "dest": "n10", "body": {
        "type": "gossip", "counter": {n: 131 for n in ids if n != "n10"},
        "dec": {"n3": 2000}}})
    send({"src": "c11", "dest": "n10", "body": {
        "type": "add", "msg_id": 2, "delta": -7}})
    send({"src": "c11", "dest": "n10", "body": {"type": "read",
                                                 "msg_id": 3}})
    want = 15 * 131 - 2000 - 7
    ok, text = wait_for(lambda t: "value %d" % want in t and
                        "last read answered: %d" % want in t)
    if not ok:
        fail.append("80x24: no signed value %d and read:\n%s" % (want, text))
    for what in ["P (added)", "N (taken away)", "[n10:0]", "[n10:7]",
                 "n15:131", "n3:2000"]:
        if what not in text:
            fail.append("80x24: no %r:\n%s" % (what, text))
    if "18446744" in text:
        fail.append("80x24: an unsigned value:\n" + text)
    print(text) if os.environ.get("SHOW") else None
    tmux("resize-window", "-t", session, "-x", "80", "-y", "12")
    ok, text = wait_for(lambda t: len(t.splitlines()) <= 12 and
                        "[n10:0]" in t and "[n10:7]" in t and
                        "P (added) (rows 2-2 of 2)" in t, 5)
    if not ok:
        fail.append("80x12: the own slot is not in sight:\n" + text)
    print(text) if os.environ.get("SHOW") else None
    send({"type": "bye", "text": "the presenter ended the class"})
    ok, text = wait_for(lambda t: "the class ended" in t or
                        "sleep" in t or t.strip() == "", 5)
finally:
    tmux("kill-session", "-t", session)
    srv.close()
for x in fail:
    print("FAIL:", x)
if not fail:
    print("ok: the join screen wraps, keeps the own slot, shows pn signed")
sys.exit(1 if fail else 0)
