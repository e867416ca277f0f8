#!/usr/bin/env python3
"""A classroom in tmux at 80x24, read as a person would: the presenter's
dashboard in one window, two `gcounter join` screens in two others. The
join line is read off the presenter's screen; + is pressed in each join;
all three screens must show the same value, the truth; then one student
presses q (their seat goes back to a program) and the presenter's q makes
the other join say the class ended and exit 3 with its terminal given
back. Skipped (77) without tmux.

Usage: test_tui.py path/to/gcounter
"""
import os
import re
import shutil
import subprocess
import sys
import time

GCOUNTER = os.path.abspath(sys.argv[1])
SESSION = "classroom-tui-%d" % os.getpid()
from checks import check, summary  # noqa: E402


def tmux(*args):
    return subprocess.run(["tmux"] + list(args), capture_output=True,
                          text=True)


def screen(window):
    return tmux("capture-pane", "-p", "-t", "%s:%s" % (SESSION, window)).stdout


def wait_for(window, predicate, seconds=10.0):
    end = time.time() + seconds
    text = ""
    while time.time() < end:
        text = screen(window)
        if predicate(text):
            return True, text
        time.sleep(0.1)
    return False, text


def ours(pid):
    """Whether a process was started under this test's presenter."""
    try:
        with open("/proc/%s/environ" % pid, "rb") as fh:
            return ("CLASSROOM_TUI=%s" % SESSION).encode() in fh.read()
    except OSError:
        return False


def join_value(text):
    m = re.search(r"^  value (\d+)$", text, re.M)
    return int(m.group(1)) if m else None


def main():
    if shutil.which("tmux") is None:
        print("no tmux: skipped")
        return 77
    env = "TERM=xterm-256color NO_COLOR=1"
    tmux("new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", "-n",
         "presenter",
         "%s CLASSROOM_TUI=%s %s --class --nodes 3 --listen 127.0.0.1:0 "
         "--rate 0 "
         "--duration 120s --answer 20s; echo PRESENTER-EXIT=$?; sleep 60"
         % (env, SESSION, GCOUNTER))
    try:
        return run(env)
    finally:
        tmux("kill-session", "-t", SESSION)


def run(env):
    ok, text = wait_for("presenter",
                        lambda t: re.search(r"gcounter join (\S+) (\w+)", t))
    check(ok, "the presenter's dashboard shows how to join")
    if not ok:
        print(text)
        return 1
    address, code = re.search(r"gcounter join (\S+) (\w+)", text).groups()
    for name in ("ada", "bob"):
        tmux("new-window", "-t", SESSION, "-n", name,
             "%s %s join %s %s --name %s; echo JOIN-EXIT=$?; sleep 60"
             % (env, GCOUNTER, address, code, name.capitalize()))
    for name in ("ada", "bob"):
        ok, text = wait_for(name, lambda t: "in the class at" in t and
                            "value 0" in t)
        check(ok, "%s's screen shows the seat and a vector" % name)
        if not ok:
            print(text)
    # (A seat may end its row now, with no space after the name.)
    ok, text = wait_for("presenter",
                        lambda t: re.search(r"\bn\d Ada\b", t) and
                        re.search(r"\bn\d Bob\b", t))
    check(ok, "the presenter's class row names both students")
    for _ in range(3):
        tmux("send-keys", "-t", SESSION + ":ada", "+")
    tmux("send-keys", "-t", SESSION + ":bob", "Space")
    tmux("send-keys", "-t", SESSION + ":bob", "+")
    for name in ("ada", "bob"):
        ok, text = wait_for(name, lambda t: join_value(t) == 5 and
                            "last read answered: 5" in t)
        check(ok, "%s's screen converges on 5: value %r" %
              (name, join_value(text)))
        if not ok:
            print(text)
    ok, text = wait_for("presenter", lambda t: "truth (acknowledged adds) 5"
                        in t and len(re.findall(r" 5  =  ", t)) == 3)
    check(ok, "the presenter's three nodes read 5, the truth")
    if not ok:
        print(text)

    # Paused, nothing moves: a student's press waits for no one.
    tmux("send-keys", "-t", SESSION + ":presenter", "Space")
    ok, text = wait_for("presenter", lambda t: "PAUSED" in t)
    check(ok, "the presenter pauses")
    tmux("send-keys", "-t", SESSION + ":ada", "+")
    tmux("send-keys", "-t", SESSION + ":ada", "+")
    ok, text = wait_for("ada", lambda t: "your presses: 5" in t)
    time.sleep(1.0)
    check(ok and join_value(screen("ada")) == 5 and
          "truth (acknowledged adds) 5" in screen("presenter"),
          "a press while paused changes nothing")
    tmux("send-keys", "-t", SESSION + ":presenter", "Space")
    ok, text = wait_for("presenter", lambda t: "LIVE" in t)
    check(ok, "the presenter goes on")

    # One student leaves: their seat goes back to a program.
    tmux("send-keys", "-t", SESSION + ":bob", "q")
    ok, text = wait_for("bob", lambda t: "JOIN-EXIT=0" in t)
    check(ok and "you left the class" in text,
          "q leaves the class (exit 0), the terminal given back")
    ok, text = wait_for("presenter", lambda t: "Bob left" in t)
    check(ok, "the presenter says Bob left")

    tmux("send-keys", "-t", SESSION + ":presenter", "q")
    ok, text = wait_for("ada", lambda t: "JOIN-EXIT=3" in t)
    check(ok and "the class ended" in text and "vector" not in text,
          "the presenter's q: the join says the class ended, exit 3, "
          "its screen gone")
    if not ok:
        print(text)
    ok, text = wait_for("presenter", lambda t: "PRESENTER-EXIT=0" in t)
    check(ok, "the presenter quits cleanly")
    time.sleep(0.3)
    ps = subprocess.run(["ps", "-eo", "pid=,stat=,args="],
                        capture_output=True, text=True).stdout
    # Only this presenter's (they inherit its environment): other tests
    # run the same binary's nodes at the same time.
    left = [ln for ln in ps.splitlines()
            if GCOUNTER in ln and "maelstrom-node" in ln and
            "sleep" not in ln and ours(ln.split()[0])]
    check(not left, "no node program left running: %r" % left)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
