#!/usr/bin/env python3
"""The class's rows and the real-nodes dashboard's long texts at 80x24,
read in tmux as a person would (a few seconds; 77 without tmux):

- with five students at eight seats, a long and a wide (CJK) name among
  them, every student's seat and name is on screen whole, the join line
  too, and the news on a row of its own;
- a student's seat restarted with amnesia and cut off from receiving
  keeps its state inside the state column (the read column stays where
  the other rows have it);
- a key's answer longer than the screen is wrapped to a second row, not
  cut at the edge.

Usage: test_layout.py path/to/gcounter
"""
import os
import re
import shutil
import subprocess
import sys
import time

GCOUNTER = os.path.abspath(sys.argv[1])
SESSION = "classroom-layout-%d" % os.getpid()
from checks import check, failures, summary  # noqa: E402
NAMES = ["Ada", "Bartholomew Fitzgerald", "李小龍王菲周杰倫", "Zoë", "Eve"]


def tmux(*args):
    return subprocess.run(["tmux"] + list(args), capture_output=True,
                          text=True)


def screen():
    return tmux("capture-pane", "-p", "-t", SESSION).stdout


def wait_for(predicate, seconds=10.0):
    end = time.time() + seconds
    text = ""
    while time.time() < end:
        text = screen()
        if predicate(text):
            return True, text
        time.sleep(0.1)
    return False, text


def main():
    if shutil.which("tmux") is None:
        print("no tmux: skipped")
        return 77
    tmux("new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24",
         "TERM=xterm-256color NO_COLOR=1 %s --class --nodes 8 "
         "--wait-joins 3 --listen 127.0.0.1:0 --rate 0 --duration 120s "
         "--answer 30s; sleep 60" % GCOUNTER)
    joins = []
    try:
        return run(joins)
    finally:
        for p in joins:
            p.kill()
            p.wait()
        tmux("kill-session", "-t", SESSION)


def run(joins):
    ok, text = wait_for(lambda t: re.search(r"gcounter join (\S+) (\w+)", t))
    check(ok, "the class shows how to join")
    if not ok:
        print(text)
        return 1
    address, code = re.search(r"gcounter join (\S+) (\w+)", text).groups()
    for name in NAMES:
        joins.append(subprocess.Popen(
            [GCOUNTER, "join", address, code, "--name", name],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
        time.sleep(0.3)  # in order: who takes which seat is known
    ok, text = wait_for(lambda t: "Eve took" in t and
                        t.count("restarted: amnesia") == 2)
    check(ok, "five students are seated")
    seats = dict(re.findall(r"\b(n\d) (Ada|Bartholomew Fitzgerald|"
                            r"李小龍王菲周杰倫|Zoë|Eve)(?=\s|$)", text))
    check(sorted(seats.values()) == sorted(NAMES),
          "every student's seat and name is whole on screen: %r" % seats)
    check("gcounter join %s %s" % (address, code) in text,
          "the join line is whole")
    check(re.search(r"^  Eve took n\d \(its program stopped: amnesia\)$",
                    text, re.M) is not None,
          "the news has a row of its own")
    if failures:
        print(text)

    # n0 is Zoë's (the fourth took the first program seat after the three
    # kept ones): amnesia, then cut off from receiving.
    tmux("send-keys", "-t", SESSION, "p")
    ok, text = wait_for(lambda t: "n0 cut off both ways" in t)
    tmux("send-keys", "-t", SESSION, "p")
    ok, text = wait_for(lambda t: "faults:  n0 cannot receive" in t)
    check(ok, "n0 cannot receive")
    row0 = re.search(r"^> n0 .*$", text, re.M)
    row2 = re.search(r"^  n2 .*$", text, re.M)
    col = (lambda row: re.search(r"\d+  =", row.group(0)).start()
           if row and re.search(r"\d+  =", row.group(0)) else -1)
    check(row0 is not None and "amnesia" in row0.group(0) and
          "receive" in row0.group(0) and col(row0) == col(row2) > 0,
          "its state keeps to its column: %r / %r" %
          (row0 and row0.group(0), row2 and row2.group(0)))

    tmux("send-keys", "-t", SESSION, "a")
    ok, text = wait_for(lambda t: "a real program always restarts" in t)
    bottom = " ".join(line.strip() for line in text.splitlines()[-2:])
    check("a real program always restarts with amnesia: a new process, "
          "sent init (there is no disk to keep its count)" in bottom,
          "a long answer is wrapped whole over the last two rows: %r" %
          bottom)
    tmux("send-keys", "-t", SESSION, "q")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
