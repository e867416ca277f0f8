#!/usr/bin/env python3
"""--exec COMMAND is a shell command line run by /bin/sh, as the README
says: `cd DIR && prog`, `VAR=1 prog` and `a; b` all work (they were run as
`exec COMMAND`, which refused the first two and dropped b), and a stop of
the run reaches every process the line started (its own process group):
none is left, checked with ps.

    exec_line.py BINARY SOURCE_DIR
"""
import os
import signal
import subprocess
import sys
import time

binary, src = sys.argv[1], sys.argv[2]
marker = "gcounter-exec-line-%d" % os.getpid()
py = sys.executable
quick = ["--nodes", "2", "--headless", "--duration", "1500ms", "--settle",
         "1s", "--answer", "5s", "--seed", "5"]
fail = []


def leftovers(mark):
    ps = subprocess.run(["ps", "-eo", "pid=,stat=,args="],
                        capture_output=True, text=True).stdout
    return [l for l in ps.splitlines() if mark in l and "--exec" not in l]


lines = {
    "cd": "cd examples && %s node.py %s.cd" % (py, marker),
    "env": "GCOUNTER_LINE=1 %s examples/node.py %s.env" % (py, marker),
    "list": "echo started >&2; %s examples/node.py %s.list; true" % (
        py, marker),
}
for name, line in lines.items():
    p = subprocess.run([binary, "--exec", line] + quick, cwd=src,
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0 or "checker: valid" not in p.stdout:
        fail.append("%s: exit %d, want 0 and a valid run: %s%s" %
                    (name, p.returncode, p.stdout, p.stderr))
    time.sleep(0.2)
    if leftovers(marker + "." + name):
        fail.append("%s: processes left: %s" %
                    (name, leftovers(marker + "." + name)))

# A stop in the middle: the line's shell and the node under it both go.
line = "sleep 0; %s examples/node.py %s.term; true" % (py, marker)
p = subprocess.Popen([binary, "--exec", line, "--nodes", "3", "--headless",
                      "--duration", "30s"], cwd=src,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
deadline = time.time() + 20
while time.time() < deadline:
    # each node: its shell and its python
    if len(leftovers(marker + ".term")) >= 6:
        break
    time.sleep(0.1)
running = len(leftovers(marker + ".term"))
if running < 6:
    fail.append("term: %d processes before the stop, want 6" % running)
p.send_signal(signal.SIGTERM)
p.wait(timeout=20)
time.sleep(0.2)
if leftovers(marker + ".term"):
    fail.append("term: processes left: %s" % leftovers(marker + ".term"))

for f in fail:
    print("FAIL:", f)
if not fail:
    print("ok: shell command lines run, and nothing they start is left")
sys.exit(1 if fail else 0)
