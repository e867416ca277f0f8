"""A G-Counter node over a raw TCP socket, for the classroom tests
(standard library only): it sends the join line, answers init, add and
read, gossips its whole counter every 100 ms and merges what it gets by
element-wise max. A test drives it and reads what the class told it."""
import json
import socket
import threading
import time


class Node:
    def __init__(self, address, code, name, gossip=True):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.file = self.sock.makefile("rb")
        self.lock = threading.Lock()
        self.id = None
        self.ids = []
        self.counter = {}
        self.seat = None
        self.joined = threading.Event()
        self.inited = threading.Event()
        self.closed = threading.Event()
        self.error = None
        self.bye = None
        self.inits = 0
        self.next_id = 0
        self.gossip = gossip
        self.send_raw(json.dumps({"type": "join", "code": code,
                                  "name": name}))
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._gossip, daemon=True).start()

    def send_raw(self, text):
        with self.lock:
            try:
                self.sock.sendall(text.encode() + b"\n")
            except OSError:
                pass

    def send(self, dest, body):
        self.next_id += 1
        body = dict(body, msg_id=self.next_id)
        self.send_raw(json.dumps({"src": self.id, "dest": dest,
                                  "body": body}))

    def press(self):
        """A student's +: the presenter sends an add from our client."""
        self.send_raw('{"type":"add","delta":1}')

    def value(self):
        return sum(self.counter.values())

    def _reply(self, msg, body):
        body = dict(body, in_reply_to=msg["body"].get("msg_id"))
        self.send(msg["src"], body)

    def _read(self):
        for raw in self.file:
            try:
                msg = json.loads(raw)
            except ValueError:
                continue
            if "body" not in msg:
                kind = msg.get("type")
                if kind == "join_ok":
                    self.seat = msg["seat"]
                    self.joined.set()
                elif kind == "error":
                    self.error = msg.get("text")
                elif kind == "bye":
                    self.bye = msg.get("text")
                continue
            body = msg["body"]
            kind = body.get("type")
            if kind == "init":
                self.inits += 1
                self.id = body["node_id"]
                self.ids = body["node_ids"]
                self.counter = {i: 0 for i in self.ids}
                self.on_init(msg)
            elif kind == "add":
                self.counter[self.id] += body["delta"]
                self._reply(msg, {"type": "add_ok"})
            elif kind == "read":
                self._reply(msg, {"type": "read_ok", "value": self.value()})
            elif kind == "gossip":
                for k, v in (body.get("counter") or {}).items():
                    if k in self.counter and isinstance(v, int):
                        self.counter[k] = max(self.counter[k], v)
        self.closed.set()

    def on_init(self, msg):
        self._reply(msg, {"type": "init_ok"})
        self.inited.set()

    def _gossip(self):
        while not self.closed.is_set():
            time.sleep(0.1)
            if self.gossip and self.inited.is_set():
                for peer in self.ids:
                    if peer != self.id:
                        self.send(peer, {"type": "gossip",
                                         "counter": dict(self.counter)})

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
