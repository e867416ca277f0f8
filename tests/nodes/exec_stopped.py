#!/usr/bin/env python3
"""A gcounter stopped from outside (kill -STOP, a laptop asleep) comes back
to a wall clock that ran on. The loop must take such a jump as a pause
of that length, as it takes Ctrl-Z, not as time its nodes failed to
answer in (about 7 s; two runs side by side):

- a headless run of three nodes stopped for 3 s mid-workload, longer
  than its --answer and than what is left of its run, still passes the
  checker, and says on stderr that it was stopped;
- a class stopped for 5.5 s right after a connection opened still takes
  that connection's join line, sent after it goes on (the handshake's
  5 s did not run while the presenter was stopped).

    exec_stopped.py BINARY
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

binary = os.path.abspath(sys.argv[1])
fail = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        fail.append(what)


def stopped_run():
    p = subprocess.Popen(
        [binary, "--exec", "%s maelstrom-node" % binary, "--nodes", "3",
         "--headless", "--json", "--rate", "20", "--duration", "1s",
         "--settle", "300ms", "--answer", "1s", "--seed", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    os.kill(p.pid, signal.SIGSTOP)
    time.sleep(3.0)
    os.kill(p.pid, signal.SIGCONT)
    out, err = p.communicate(timeout=60)
    try:
        report = json.loads(out)
    except ValueError:
        report = {}
    check(p.returncode == 0 and report.get("valid") is True,
          "a run stopped for 3 s passes: exit %s, %s" %
          (p.returncode, [n.get("verdict") for n in report.get("nodes", [])]))
    check("stopped from outside for" in err,
          "it says it was stopped: %r" % err.strip()[-200:])


def stopped_class():
    p = subprocess.Popen(
        [binary, "--class", "--headless", "--listen", "127.0.0.1:0",
         "--nodes", "2", "--rate", "0", "--duration", "30s"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        m = re.search(r"class on (\S+):(\d+), join code (\w+)",
                      p.stderr.readline())
        s = socket.create_connection((m.group(1), int(m.group(2))),
                                     timeout=10)
        time.sleep(0.3)  # accepted, its handshake clock running
        os.kill(p.pid, signal.SIGSTOP)
        time.sleep(5.5)
        os.kill(p.pid, signal.SIGCONT)
        time.sleep(0.6)  # a few ticks of the class, then the join
        s.sendall(json.dumps({"type": "join", "code": m.group(3),
                              "name": "Ada"}).encode() + b"\n")
        f = s.makefile("rb")
        try:
            got = json.loads(f.readline())
        except ValueError:
            got = {}
        s.close()
        check(got.get("type") == "join_ok",
              "a class stopped for 5.5 s still takes a join: %r" % got)
    finally:
        p.kill()
        p.communicate()


threads = [threading.Thread(target=stopped_run),
           threading.Thread(target=stopped_class)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("%d failed" % len(fail))
sys.exit(1 if fail else 0)
