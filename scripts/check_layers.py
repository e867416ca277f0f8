#!/usr/bin/env python3
"""The layering check: levels, not circles (STYLE.md habit 14).

Reads what each source file under src/ really uses from its object file's
symbols (nm), and reports:
  - every circle of files that depend on each other, directly or through
    others, as a chain "a.c -> b.c (symbol) -> a.c (symbol)";
  - every #include of curses or libevent in the pure layers (crdt, sim,
    script, view, util), as file:line, also through a project header;
  - every file under src/ or tests/ longer than the line limit (not the
    checker's own fixtures, nor the fuzzers' corpus and crashes).
It exits 0 only when there is nothing to report, 1 when there is, and 2 when
it cannot check at all (no objects: a check of nothing must not pass).

A file depends on another when it calls or names a function or object
defined there: an undefined (U) symbol of its object resolved against the
defined (T, D, R, B, C...) symbols of the other objects.

Usage: check_layers.py BUILD_DIR [--source SOURCE_DIR] [--max-lines N]
"""

import argparse
import collections
import os
import re
import subprocess
import sys

# The targets whose objects are the program's source files; main.c is in
# the program's own target.
TARGET_DIRS = ("gcounter_core.dir", "gcounter_video.dir",
               "gcounter_maelstrom.dir",
               "gcounter_front.dir", "gcounter.dir")
# Layers that must stay pure: the engine, the parsers, the screen's text,
# the videos' pixels.
PURE_LAYERS = ("crdt", "sim", "script", "view", "util", "video",
               "maelstrom")
# Headers of the terminal and the event loop.
FORBIDDEN_INCLUDE = re.compile(
    r"^(n?curses(w)?[/.]|ncursesw/|curses\.h|term\.h|panel\.h|menu\.h|"
    r"form\.h|event2/|event\.h|evdns\.h|evhttp\.h|evutil\.h)")
INCLUDE_LINE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
# nm -P types that define a symbol another object can use.
DEFINED_TYPES = set("TDRBCGSVWuvi")
MAX_LINES_DEFAULT = 900
# Test sources are held to the line limit too, except what is not written
# by hand to be read: the checker's own fixtures (a test of this very rule
# may need a file over it) and the fuzzers' inputs.
TEST_DIR = "tests"
TEST_SKIP = ("tests/layers/fixtures", "tests/fuzz/corpus",
             "tests/fuzz/crashes")


def find_objects(build_dir):
    """{source path relative to the source root ("src/sim/sim.c"): object}."""
    objects = {}
    for root, _dirs, files in os.walk(build_dir):
        parts = root.split(os.sep)
        target = next((p for p in parts if p in TARGET_DIRS), None)
        if target is None:
            continue
        for name in files:
            if not name.endswith(".o"):
                continue
            path = os.path.join(root, name)
            # .../src/CMakeFiles/gcounter_core.dir/sim/sim.c.o -> sim/sim.c
            inside = os.path.relpath(path, root[: root.index(target) +
                                                len(target)])
            source = "src/" + inside[: -len(".o")].replace(os.sep, "/")
            objects[source] = path
    return objects


def read_symbols(objects):
    """{source: (defined names, undefined names)} from nm -P."""
    symbols = {}
    for source, path in sorted(objects.items()):
        out = subprocess.run(["nm", "-P", path], check=True,
                             capture_output=True, text=True).stdout
        defined, undefined = set(), set()
        for line in out.splitlines():
            fields = line.split()
            if len(fields) < 2:
                continue
            name, kind = fields[0], fields[1]
            if kind == "U":
                undefined.add(name)
            elif kind in DEFINED_TYPES:
                defined.add(name)
        symbols[source] = (defined, undefined)
    return symbols


def dependency_graph(symbols):
    """{file: {file it uses: the first symbol (sorted) that makes the link}}."""
    definers = collections.defaultdict(set)
    for source, (defined, _undefined) in symbols.items():
        for name in defined:
            definers[name].add(source)
    graph = {source: {} for source in symbols}
    for source, (_defined, undefined) in sorted(symbols.items()):
        for name in sorted(undefined):
            for target in sorted(definers.get(name, ())):
                if target != source and target not in graph[source]:
                    graph[source][target] = name
    return graph


def strongly_connected(graph):
    """The graph's strongly connected components (Tarjan, iterative)."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def shortest_path(graph, start, goal, allowed):
    """The shortest chain of files start -> ... -> goal inside allowed."""
    previous = {start: None}
    queue = collections.deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = previous[node]
            return path[::-1]
        for child in sorted(graph[node]):
            if child in allowed and child not in previous:
                previous[child] = node
                queue.append(child)
    return None


def cycles_of(graph, component):
    """Circles that together use every link inside one component: for each
    link a -> b, the shortest way back from b to a closes one. (Listing
    every elementary circle can grow exponentially; this names every link
    that takes part in one, which is what has to be cut.)"""
    allowed = set(component)
    seen, cycles = set(), []
    for source in component:
        for target in sorted(graph[source]):
            if target not in allowed:
                continue
            back = shortest_path(graph, target, source, allowed)
            cycle = [source] + back  # source, target, ..., source
            ring = cycle[:-1]
            turn = ring.index(min(ring))
            key = tuple(ring[turn:] + ring[:turn])
            if key not in seen:
                seen.add(key)
                cycles.append(list(key) + [key[0]])
    return cycles


def format_cycle(graph, cycle):
    text = cycle[0]
    for here, there in zip(cycle, cycle[1:]):
        text += " -> %s (%s)" % (there, graph[here][there])
    return text


def source_files(source_dir):
    src = os.path.join(source_dir, "src")
    for root, _dirs, files in os.walk(src):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(root, name)
                yield os.path.relpath(path, source_dir).replace(os.sep, "/")


def includes_of(source_dir, rel):
    """[(line number, '<' or '"', header)] of one file."""
    found = []
    with open(os.path.join(source_dir, rel), encoding="utf-8",
              errors="replace") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE_LINE.match(line)
            if match:
                found.append((number, match.group(1), match.group(2)))
    return found


def resolve_quoted(source_dir, rel, header):
    """A quoted include as a path under src/, or None (not ours)."""
    for base in (os.path.dirname(rel), "src"):
        candidate = os.path.normpath(os.path.join(base, header))
        if os.path.isfile(os.path.join(source_dir, candidate)):
            return candidate.replace(os.sep, "/")
    return None


def forbidden_includes(source_dir):
    """['file:line: #include <curses.h>' ...] for the pure layers; a project
    header that brings one in is reported with the header it comes from."""
    files = list(source_files(source_dir))
    includes = {rel: includes_of(source_dir, rel) for rel in files}
    memo = {}

    def brings(rel, visiting):
        """The forbidden header rel includes, directly or not, or None."""
        if rel in memo:
            return memo[rel]
        if rel in visiting:
            return None
        visiting.add(rel)
        answer = None
        for _number, kind, header in includes.get(rel, ()):
            if FORBIDDEN_INCLUDE.match(header) and kind == "<":
                answer = "<%s>" % header
                break
            if kind == '"':
                inner = resolve_quoted(source_dir, rel, header)
                if inner is not None and brings(inner, visiting):
                    answer = "%s -> %s" % (inner, brings(inner, visiting))
                    break
        visiting.discard(rel)
        memo[rel] = answer
        return answer

    problems = []
    for rel in files:
        parts = rel.split("/")
        if len(parts) < 3 or parts[1] not in PURE_LAYERS:
            continue
        for number, kind, header in includes[rel]:
            if kind == "<" and FORBIDDEN_INCLUDE.match(header):
                problems.append("%s:%d: #include <%s>" % (rel, number,
                                                          header))
            elif kind == '"':
                inner = resolve_quoted(source_dir, rel, header)
                if inner is None:
                    continue
                chain = brings(inner, set())
                if chain:
                    problems.append('%s:%d: #include "%s" brings in %s' %
                                    (rel, number, header, chain))
    return problems


def test_files(source_dir):
    """The .c and .h files under tests/, outside TEST_SKIP, sorted."""
    tests = os.path.join(source_dir, TEST_DIR)
    for root, dirs, files in os.walk(tests):
        here = os.path.relpath(root, source_dir).replace(os.sep, "/")
        dirs[:] = sorted(d for d in dirs
                         if here + "/" + d not in TEST_SKIP)
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                yield here + "/" + name


def long_files(source_dir, max_lines):
    problems = []
    for rel in list(source_files(source_dir)) + list(test_files(source_dir)):
        with open(os.path.join(source_dir, rel), "rb") as f:
            count = sum(1 for _ in f)
        if count > max_lines:
            problems.append("%s: %d lines (limit %d)" % (rel, count,
                                                         max_lines))
    return problems


def source_dir_of(build_dir):
    """CMAKE_HOME_DIRECTORY from the build tree's cache."""
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith("CMAKE_HOME_DIRECTORY:"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def main(argv):
    parser = argparse.ArgumentParser(
        description="No circles between source files; no curses or "
        "libevent in the pure layers; no file over the limit.")
    parser.add_argument("build_dir")
    parser.add_argument("--source", help="the source tree (default: the "
                        "build tree's CMAKE_HOME_DIRECTORY)")
    parser.add_argument("--max-lines", type=int, default=MAX_LINES_DEFAULT)
    args = parser.parse_args(argv)

    source_dir = args.source or source_dir_of(args.build_dir)
    if source_dir is None or not os.path.isdir(os.path.join(source_dir,
                                                            "src")):
        print("check_layers: no source tree (give --source)",
              file=sys.stderr)
        return 2
    # A build tree keeps the objects of sources since deleted or renamed:
    # only what the tree still has counts.
    objects = {source: path
               for source, path in find_objects(args.build_dir).items()
               if os.path.isfile(os.path.join(source_dir, source))}
    if not objects:
        print("check_layers: no object files under %s (build it first)" %
              args.build_dir, file=sys.stderr)
        return 2
    graph = dependency_graph(read_symbols(objects))

    findings = 0
    components = [c for c in strongly_connected(graph) if len(c) > 1]
    for component in sorted(components):
        cycles = cycles_of(graph, component)
        print("cycle among %d files: %s" % (len(component),
                                            " ".join(component)))
        for cycle in cycles:
            print("  " + format_cycle(graph, cycle))
        findings += 1
    for problem in forbidden_includes(source_dir):
        print("forbidden include: " + problem)
        findings += 1
    for problem in long_files(source_dir, args.max_lines):
        print("too long: " + problem)
        findings += 1

    links = sum(len(targets) for targets in graph.values())
    if findings:
        print("check_layers: %d finding%s (%d files, %d links)" %
              (findings, "" if findings == 1 else "s", len(graph), links))
        return 1
    print("check_layers: clean (%d files, %d links, no circles)" %
          (len(graph), links))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
