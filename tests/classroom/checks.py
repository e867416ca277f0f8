"""What the classroom tests share (standard library only): a check that
prints "ok" or "FAIL" and what it checked, the failures it counted, and
the exit status that sums them up."""

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def summary():
    """Prints the count of failed checks; 1 if any failed, else 0."""
    print("%d failed" % len(failures))
    return 1 if failures else 0
