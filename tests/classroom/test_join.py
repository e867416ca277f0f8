#!/usr/bin/env python3
"""`gcounter join` against presenters that are not one, headless (no
terminal: each state is a line on stderr), on loopback:
- a listener that takes the connection and never answers: one line within
  the handshake's 10 s, exit 2 (it used to wait forever);
- the phones' page (a web server): "answered as a web server", exit 2;
- the command line: --name with no value, a port over 65535, a UTF-8
  name counted in characters (13 of them, 26 bytes, is taken whole; 25
  is refused).

    test_join.py BINARY
"""
import json
import socket
import subprocess
import sys
import threading
import time

binary = sys.argv[1]
fail = []


def listener(behave):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(4)
    got = []

    def serve():
        while True:
            try:
                c, _ = s.accept()
            except OSError:
                return
            behave(c, got)

    threading.Thread(target=serve, daemon=True).start()
    return s, s.getsockname()[1], got


def join(port, *args, timeout=30):
    t = time.time()
    p = subprocess.run([binary, "join", "127.0.0.1:%d" % port, "K7F3QX"] +
                       list(args), stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=timeout)
    return p, time.time() - t


def expect(name, p, code, text):
    if p.returncode != code or text not in p.stderr:
        fail.append("%s: exit %d, want %d with %r: %s" %
                    (name, p.returncode, code, text, p.stderr))


# Silent: takes the connection, reads, says nothing.
held = []
s, port, _ = listener(lambda c, got: held.append(c))
p, took = join(port)
expect("silent", p, 2, "did not answer the join within 10 s")
if took > 15:
    fail.append("silent: took %.1f s" % took)
s.close()


# A web server's answer to a line it cannot parse.
def http(c, got):
    c.recv(4096)
    c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
              b"Connection: close\r\n\r\n")
    c.close()


s, port, _ = listener(http)
p, _ = join(port)
expect("http", p, 2, "answered as a web server (the phones' page?)")
if "lost the presenter" in p.stderr:
    fail.append("http: still says lost the presenter: " + p.stderr)
s.close()


# A presenter that reads the join and refuses it: what name was sent.
def refuse(c, got):
    got.append(c.makefile().readline())
    c.sendall(b'{"type":"error","text":"no"}\n')
    c.close()


s, port, got = listener(refuse)
name13 = "Zoë Åsa Ørjæ"  # 12 ... plus one
name13 += "ü"
assert len(name13) == 13 and len(name13.encode()) > 13
p, _ = join(port, "--name", name13)
expect("utf8-13", p, 1, "closed the connection: no")
if not got or json.loads(got[0]).get("name") != name13:
    fail.append("utf8-13: the presenter got %r" % got)
p, _ = join(port, "--name", "é" * 25)
expect("utf8-25", p, 2, "--name is 1 to 24 characters")
s.close()

p, _ = join(7100, "--name")
expect("name-no-value", p, 2, "join: --name needs a value")
p, _ = join(7100, "--exec")
expect("exec-no-value", p, 2, "join: --exec needs a value")
p = subprocess.run([binary, "join", "127.0.0.1:99999", "K7F3QX"],
                   capture_output=True, text=True, timeout=10)
expect("port", p, 2, "not a number from 1 to 65535")

for f in fail:
    print("FAIL:", f)
if not fail:
    print("ok: join refuses what is not a class, and bad command lines")
sys.exit(1 if fail else 0)
