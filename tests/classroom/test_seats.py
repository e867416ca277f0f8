#!/usr/bin/env python3
"""A class's seats and names, headless on loopback (a few seconds).

- A seat --wait-joins kept that nobody took is no failure: the report
  says nobody joined (text and JSON), the run is valid and exits 0, and
  its saved log replays to the same.
- A name counts in characters, as the join client counts it: 13 of them
  in 26 bytes of UTF-8 take a seat; 25 are refused, and so are control
  characters (C1 included), whatever their bytes.

Usage: test_seats.py path/to/gcounter
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile

GCOUNTER = os.path.abspath(sys.argv[1])
from checks import check, summary  # noqa: E402


def class_run(extra):
    args = [GCOUNTER, "--class", "--headless", "--listen", "127.0.0.1:0",
            "--rate", "5", "--settle", "500ms"] + extra
    proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()
    m = re.search(r"class on (\S+):(\d+), join code (\w+)", first)
    return proc, m


def join(host, port, code, name):
    """The first line the class answers a join with (parsed)."""
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(json.dumps({"type": "join", "code": code,
                          "name": name}).encode() + b"\n")
    f = s.makefile("rb")
    try:
        return json.loads(f.readline())
    finally:
        f.close()
        s.close()


def nobody_joined(work):
    log = os.path.join(work, "empty.log")
    proc, m = class_run(["--nodes", "3", "--wait-joins", "1",
                         "--duration", "1s", "--answer", "1s",
                         "--save-log", log])
    out, err = proc.communicate(timeout=60)
    check(m is not None, "the class says where it is")
    check(proc.returncode == 0,
          "a seat nobody took fails nothing: exit %s" % proc.returncode)
    if proc.returncode != 0:
        print(out, err)
    check(re.search(r"^n2: empty: nobody joined", out, re.M) is not None,
          "the report says nobody joined n2" +
          ("" if "n2: empty" in out else ":\n" + out))
    check("never answered init" not in out,
          "and not that it never answered init")
    check("checker: valid" in out, "the checker is valid")
    rep = subprocess.run([GCOUNTER, "--replay", log, "--headless", "--json"],
                         capture_output=True, text=True, timeout=60)
    try:
        report = json.loads(rep.stdout)
    except ValueError:
        report = {}
    nodes = report.get("nodes", [])
    check(rep.returncode == 0 and report.get("valid") is True and
          len(nodes) == 3 and nodes[2].get("empty") is True and
          "nobody joined" in nodes[2].get("verdict", "") and
          all("empty" not in n for n in nodes[:2]),
          "the saved class replays: valid, n2 empty (JSON)")
    if rep.returncode != 0 or not nodes:
        print(rep.stdout, rep.stderr)


def names():
    proc, m = class_run(["--nodes", "3", "--duration", "30s",
                         "--answer", "5s"])
    try:
        host, port, code = m.group(1), int(m.group(2)), m.group(3)
        name13 = "Zoë Åsa Ørjæü"
        assert len(name13) == 13 and len(name13.encode()) == 18
        wide = "李小龍王菲周杰倫張學友劉德"  # 13 wide characters, 39 bytes
        assert len(wide) == 13
        for name in (name13, wide):
            got = join(host, port, code, name)
            check(got.get("type") == "join_ok" and
                  got.get("name") == name,
                  "%d characters in %d bytes take a seat: %r" %
                  (len(name), len(name.encode()), got))
        for name, what in (("é" * 25, "25 characters"),
                           ("Ada\u0085", "a C1 control (NEL)"),
                           ("Ada\u007f", "DEL")):
            got = join(host, port, code, name)
            check(got.get("type") == "error" and
                  "a name is 1 to 24 printable characters" in
                  got.get("text", ""),
                  "%s refused: %r" % (what, got))
    finally:
        proc.kill()
        proc.communicate()


def main():
    work = tempfile.mkdtemp()
    nobody_joined(work)
    names()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
