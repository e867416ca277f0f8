#!/usr/bin/env python3
"""Tests of the layering check itself (scripts/check_layers.py), on tiny
source trees in tests/layers/fixtures compiled into a build tree laid out
as CMake lays out ours, so that the check cannot pass by accident: a circle
must be found and named link by link, a chain without a circle must be
clean, and a forbidden include or a long file (under src/ or tests/) must
be reported.

Usage: test_check_layers.py CHECKER [CC]
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")

failures = []
work_dirs = []


def fail(case, message, output):
    failures.append(case)
    print("FAIL: %s: %s" % (case, message))
    print("---- output ----")
    print(output, end="")
    print("----------------")


def tree(fixture, extra=None, compile_all=True):
    """A source tree (the fixture plus extra files) and a build tree of its
    objects; returns (source dir, build dir)."""
    work = tempfile.mkdtemp(prefix="gc-layers-")
    work_dirs.append(work)
    source = os.path.join(work, "source")
    build = os.path.join(work, "build")
    os.makedirs(build)
    if fixture:
        shutil.copytree(os.path.join(FIXTURES, fixture), source)
    else:
        os.makedirs(os.path.join(source, "src"))
    for rel, text in (extra or {}).items():
        path = os.path.join(source, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    objdir = os.path.join(build, "src", "CMakeFiles", "gcounter_core.dir")
    src = os.path.join(source, "src")
    for root, _dirs, files in os.walk(src):
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), src)
            if not name.endswith(".c"):
                continue
            if not compile_all and not rel.startswith("util/"):
                continue
            obj = os.path.join(objdir, rel + ".o")
            os.makedirs(os.path.dirname(obj), exist_ok=True)
            subprocess.run([CC, "-std=c11", "-c", "-I", src,
                            os.path.join(root, name), "-o", obj],
                           check=True)
    return source, build


def check(source, build, *more):
    run = subprocess.run([sys.executable, CHECKER, build, "--source",
                          source] + list(more),
                         capture_output=True, text=True)
    return run.returncode, run.stdout + run.stderr


def expect(case, rc, output, want_rc, present=(), absent=()):
    if rc != want_rc:
        fail(case, "exit %d, expected %d" % (rc, want_rc), output)
        return
    for text in present:
        if text not in output:
            fail(case, "missing %r" % text, output)
            return
    for text in absent:
        if text in output:
            fail(case, "unexpected %r" % text, output)
            return
    print("ok: " + case)


def test_two_files_that_call_each_other_are_a_cycle():
    rc, out = check(*tree("cycle"))
    expect("two files that call each other are a cycle", rc, out, 1,
           ["cycle among 2 files: src/sim/one.c src/sim/two.c",
            "src/sim/one.c -> src/sim/two.c (two_fn) -> "
            "src/sim/one.c (one_fn)"])


def test_a_chain_without_a_circle_is_clean():
    rc, out = check(*tree("chain"))
    expect("a chain without a circle is clean", rc, out, 0,
           ["check_layers: clean (3 files, 3 links, no circles)"],
           ["cycle"])


def test_a_circle_through_a_third_file_is_found():
    rc, out = check(*tree("ring"))
    expect("a circle through a third file is found", rc, out, 1,
           ["cycle among 3 files",
            "src/sim/a.c -> src/sim/b.c (b_fn) -> src/sim/c.c (c_fn) -> "
            "src/sim/a.c (a_fn)"])


def test_naming_a_table_is_a_dependency():
    rc, out = check(*tree("table"))
    expect("naming a plug-in's table is a dependency", rc, out, 1,
           ["src/sim/engine.c -> src/sim/plugin.c (plugin_table) -> "
            "src/sim/engine.c (engine_helper)"])


def test_pure_layers_may_not_include_curses_or_libevent():
    source, build = tree("includes",
                         {"src/util/none.c": "int none_fn(void);\n"},
                         compile_all=False)
    rc, out = check(source, build)
    expect("pure layers may not include curses or libevent", rc, out, 1,
           ["forbidden include: src/sim/world.c:3: #include <curses.h>",
            'forbidden include: src/view/text.c:4: #include "ui/loop.h" '
            "brings in <event2/event.h>"],
           ["src/ui/draw.c", "src/app/live.c"])


def test_a_file_over_the_limit_is_reported():
    lines = "".join("int v%d;\n" % i for i in range(901))
    exact = "".join("int w%d;\n" % i for i in range(900))
    rc, out = check(*tree("chain", {"src/sim/long.c": lines,
                                    "src/sim/exact.c": exact}))
    expect("a file over the limit is reported", rc, out, 1,
           ["too long: src/sim/long.c: 901 lines (limit 900)"],
           ["exact.c", "cycle"])


def test_a_test_file_over_the_limit_is_reported_but_not_fixtures():
    lines = "".join("int v%d;\n" % i for i in range(901))
    exact = "".join("int w%d;\n" % i for i in range(900))
    rc, out = check(*tree("chain", {
        "tests/test_long.c": lines,
        "tests/support/long.h": lines,
        "tests/support/exact.c": exact,
        "tests/layers/fixtures/long/src/sim/long.c": lines,
        "tests/fuzz/corpus/value/long.c": lines,
        "tests/fuzz/crashes/value/long.h": lines,
        "tests/notes.txt": lines}))
    expect("a test file over the limit is reported, but not fixtures", rc,
           out, 1,
           ["too long: tests/test_long.c: 901 lines (limit 900)",
            "too long: tests/support/long.h: 901 lines (limit 900)",
            "check_layers: 2 findings"],
           ["exact.c", "fixtures", "corpus", "crashes", "notes.txt",
            "cycle"])


def test_no_objects_is_an_error_not_a_pass():
    source, build = tree("chain")
    shutil.rmtree(os.path.join(build, "src"))
    rc, out = check(source, build)
    expect("no objects is an error, not a pass", rc, out, 2,
           ["no object files"])


def main():
    global CHECKER, CC
    if len(sys.argv) < 2:
        print("usage: test_check_layers.py CHECKER [CC]", file=sys.stderr)
        return 2
    CHECKER = sys.argv[1]
    CC = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("CC", "cc")
    try:
        for name, test in sorted(globals().items()):
            if name.startswith("test_") and callable(test):
                test()
    finally:
        for work in work_dirs:
            shutil.rmtree(work, ignore_errors=True)
    print("check_layers tests: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
