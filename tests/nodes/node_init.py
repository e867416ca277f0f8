#!/usr/bin/env python3
"""gcounter's own Maelstrom node (`gcounter maelstrom-node`) and a bad
init: a malformed init after a good one (non-string node_ids, a node_id not
among them, no node_ids) is answered with an error (code 12) and leaves the
node as it was; the node keeps serving adds and reads and exits 0 when
stdin closes. (It used to free its counter and then read it: a crash.)

    node_init.py BINARY
"""
import json
import subprocess
import sys

binary = sys.argv[1]


def msg(mid, **body):
    body["msg_id"] = mid
    return json.dumps({"src": "c1", "dest": "n0", "body": body})


lines = [
    msg(1, type="init", node_id="n0", node_ids=["n0", "n1"]),
    msg(2, type="init", node_id="n0", node_ids=[1, 2]),
    msg(3, type="add", delta=5),
    msg(4, type="init", node_id="n7", node_ids=["n0", "n1"]),
    msg(5, type="init", node_id="n0"),
    msg(6, type="add", delta=2),
    msg(7, type="read"),
]
p = subprocess.run([binary, "maelstrom-node", "--gossip", "60s"],
                   input="\n".join(lines) + "\n", capture_output=True,
                   text=True, timeout=20)
fail = []
if p.returncode != 0:
    fail.append("exit %d, want 0; stderr: %s" % (p.returncode, p.stderr))
replies = {}
for line in p.stdout.splitlines():
    m = json.loads(line)
    if m["src"] != "n0" or m["dest"] != "c1":
        fail.append("a reply not from n0 to c1: " + line)
    replies[m["body"].get("in_reply_to")] = m["body"]
want = {1: "init_ok", 2: "error", 3: "add_ok", 4: "error", 5: "error",
        6: "add_ok", 7: "read_ok"}
for mid, kind in want.items():
    got = replies.get(mid, {}).get("type")
    if got != kind:
        fail.append("msg %d: %s, want %s" % (mid, got, kind))
    elif kind == "error" and replies[mid].get("code") != 12:
        fail.append("msg %d: error code %s, want 12" %
                    (mid, replies[mid].get("code")))
if replies.get(7, {}).get("value") != 7:
    fail.append("read: %s, want 7 (the bad inits changed the node)" %
                replies.get(7))
if p.stderr.count("a bad init") != 3:
    fail.append("stderr should name 3 bad inits: " + p.stderr)
for f in fail:
    print("FAIL:", f)
if not fail:
    print("ok: a bad init is refused and changes nothing")
sys.exit(1 if fail else 0)
