#!/usr/bin/env python3
"""A slow reader let go is told why, even when it reads only after the
class's 10 s grace for flushing a reason is over (about 15 s, headless,
on loopback).

A student whose receive buffer is tiny stops reading while another
student's node sends it big (valid) gossip, past the 1 MiB a class
queues for a slow reader. It reads nothing for 12 s, then everything it
was sent: the connection must end with one whole error line that says
it reads too slowly, after what came before it, and with nothing after.

Usage: test_grace.py path/to/gcounter
"""
import json
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fakenode import Node  # noqa: E402

GCOUNTER = os.path.abspath(sys.argv[1])
from checks import check, summary  # noqa: E402


def main():
    proc = subprocess.Popen(
        [GCOUNTER, "--class", "--headless", "--listen", "127.0.0.1:0",
         "--nodes", "3", "--rate", "0", "--duration", "40s",
         "--answer", "5s"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        return run(proc)
    finally:
        proc.kill()
        proc.communicate()


def run(proc):
    m = re.search(r"class on (\S+):(\d+), join code (\w+)",
                  proc.stderr.readline())
    host, port, code = m.group(1), int(m.group(2)), m.group(3)
    ada = Node("%s:%d" % (host, port), code, "Ada")
    check(ada.inited.wait(5), "a student joins and is sent init")

    sleepy = socket.socket()
    sleepy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sleepy.connect((host, port))
    sleepy.sendall(json.dumps({"type": "join", "code": code,
                               "name": "Sleepy"}).encode() + b"\n")
    sleepy.settimeout(5)
    first = sleepy.recv(200)
    seat = re.search(rb'"seat":"(n\d+)"', first)
    check(seat is not None, "a slow reader takes a seat: %r" % first[:120])
    pad = "z" * 60000
    for _ in range(200):
        ada.send(seat.group(1).decode(), {"type": "gossip", "counter": {},
                                          "pad": pad})
    # Past the grace: the presenter has let it go and closed by now.
    time.sleep(12.5)
    data = first
    sleepy.settimeout(10)
    try:
        while True:
            got = sleepy.recv(1 << 20)
            if not got:
                break
            data += got
    except OSError as e:
        print("read ended with %r" % e)
    sleepy.close()
    lines = data.split(b"\n")
    last = lines[-2] if len(lines) >= 2 and lines[-1] == b"" else b""
    try:
        msg = json.loads(last)
    except ValueError:
        msg = {}
    check(msg.get("type") == "error" and
          "reads too slowly: over 1048576 bytes" in msg.get("text", ""),
          "read after the grace, it ends with its reason on a line of its "
          "own (%d bytes reached it, the last: %r)" % (len(data), last[-120:]))
    for raw in lines[1:-2]:
        try:
            json.loads(raw)
        except ValueError:
            check(False, "a line before the reason is whole: %r..." %
                  raw[:60])
            break
    return summary()


if __name__ == "__main__":
    sys.exit(main())
