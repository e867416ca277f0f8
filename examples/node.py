#!/usr/bin/env python3
"""A G-Counter node for gcounter --exec (and for Maelstrom's g-counter and
pn-counter workloads): the Maelstrom protocol on stdin/stdout, standard
library only.

Each node keeps one count per node id; `add` grows its own, `read` answers
the sum, and every GOSSIP seconds it sends its whole vector to every other
node, which merges it by element-wise max. Merging by max is what makes
lost, duplicated and reordered gossip harmless. A negative delta (the
pn-counter workload) grows a second vector of decrements the same way: a
PN-Counter is two G-Counters, and its value is their difference. The
gossip carries it ("dec") once it holds anything, so a g-counter run's
messages are those of a plain G-Counter.

    gcounter --exec 'python3 examples/node.py' --nodes 3 --headless

Logs go to stderr (gcounter shows the last lines); stdout is protocol only.
"""
import json
import os
import select
import sys
import time

GOSSIP = float(os.environ.get("NODE_GOSSIP", "0.1"))


class Node:
    def __init__(self):
        self.id = None
        self.ids = []
        self.counts = {}
        self.decs = {}
        self.next_id = 0

    def send(self, dest, body):
        self.next_id += 1
        body.setdefault("msg_id", self.next_id)
        line = json.dumps({"src": self.id, "dest": dest, "body": body})
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def reply(self, msg, body):
        body["in_reply_to"] = msg["body"].get("msg_id")
        self.send(msg["src"], body)

    def handle(self, msg):
        body = msg["body"]
        kind = body.get("type")
        if kind == "init":
            self.id = body["node_id"]
            self.ids = list(body["node_ids"])
            self.counts = {n: 0 for n in self.ids}
            self.decs = {n: 0 for n in self.ids}
            print(f"{self.id}: init with {len(self.ids)} nodes",
                  file=sys.stderr, flush=True)
            self.reply(msg, {"type": "init_ok"})
        elif kind == "add":
            delta = int(body["delta"])
            if delta >= 0:
                self.counts[self.id] += delta
            else:
                self.decs[self.id] -= delta
            self.reply(msg, {"type": "add_ok"})
        elif kind == "read":
            value = sum(self.counts.values()) - sum(self.decs.values())
            self.reply(msg, {"type": "read_ok", "value": value})
        elif kind == "gossip":
            for mine, theirs in ((self.counts, body["counter"]),
                                 (self.decs, body.get("dec", {}))):
                for n, c in theirs.items():
                    if n in mine and c > mine[n]:
                        mine[n] = c
        elif "msg_id" in body:
            self.reply(msg, {"type": "error", "code": 10,
                             "text": f"unsupported: {kind}"})

    def gossip(self):
        if self.id is None:
            return
        for peer in self.ids:
            if peer != self.id:
                body = {"type": "gossip", "counter": dict(self.counts)}
                if any(self.decs.values()):
                    body["dec"] = dict(self.decs)
                self.send(peer, body)


def main():
    node = Node()
    next_gossip = time.monotonic() + GOSSIP
    buf = b""
    while True:
        wait = max(0.0, next_gossip - time.monotonic())
        ready, _, _ = select.select([sys.stdin], [], [], wait)
        if time.monotonic() >= next_gossip:
            node.gossip()
            next_gossip = time.monotonic() + GOSSIP
        if not ready:
            continue
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.strip():
                node.handle(json.loads(line))


if __name__ == "__main__":
    main()
