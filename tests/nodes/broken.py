#!/usr/bin/env python3
"""Deliberately broken G-Counter nodes, for the checker's tests.

    broken.py MODE [MARKER]

MODE is one of:
  good      a correct node (state gossip, merged by max)
  nomerge   gossips but never merges what it receives
  double    sends each add to its peers as an op and adds every op it
            receives, so a duplicated message is counted twice
  crash     exits with status 3 on the first gossip it receives
  nonjson   prints a line that is not JSON after init
  noinit    never answers init
  abs       a PN-Counter's mistake: takes a negative delta as positive
MARKER is ignored: it lets a test find these processes with ps.
"""
import json
import os
import select
import sys
import time

MODE = sys.argv[1]
state = {"id": None, "ids": [], "counts": {}, "n": 0}


def send(dest, body):
    state["n"] += 1
    body.setdefault("msg_id", state["n"])
    sys.stdout.write(json.dumps({"src": state["id"], "dest": dest,
                                 "body": body}) + "\n")
    sys.stdout.flush()


def reply(msg, body):
    body["in_reply_to"] = msg["body"]["msg_id"]
    send(msg["src"], body)


def handle(msg):
    body = msg["body"]
    kind = body["type"]
    if kind == "init":
        state["id"] = body["node_id"]
        state["ids"] = body["node_ids"]
        state["counts"] = {n: 0 for n in state["ids"]}
        if MODE == "noinit":
            return
        reply(msg, {"type": "init_ok"})
        if MODE == "nonjson":
            sys.stdout.write("hello, I am " + state["id"] + "\n")
            sys.stdout.flush()
    elif kind == "add":
        delta = body["delta"]
        if MODE == "abs":
            delta = abs(delta)
        state["counts"][state["id"]] += delta
        if MODE == "double":
            for peer in state["ids"]:
                if peer != state["id"]:
                    send(peer, {"type": "op", "delta": body["delta"]})
        reply(msg, {"type": "add_ok"})
    elif kind == "read":
        reply(msg, {"type": "read_ok",
                    "value": sum(state["counts"].values())})
    elif kind == "op":
        state["counts"][msg["src"]] += body["delta"]
    elif kind == "gossip":
        if MODE == "crash":
            print("crashing on purpose", file=sys.stderr, flush=True)
            sys.exit(3)
        if MODE != "nomerge":
            for n, c in body["counter"].items():
                state["counts"][n] = max(state["counts"][n], c)


def gossip():
    if state["id"] is None or MODE == "double":
        return
    for peer in state["ids"]:
        if peer != state["id"]:
            send(peer, {"type": "gossip", "counter": dict(state["counts"])})


def main():
    buf = b""
    nxt = time.monotonic() + 0.1
    while True:
        ready, _, _ = select.select([0], [], [],
                                    max(0, nxt - time.monotonic()))
        if time.monotonic() >= nxt:
            gossip()
            nxt = time.monotonic() + 0.1
        if not ready:
            continue
        chunk = os.read(0, 65536)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            handle(json.loads(line))


main()
