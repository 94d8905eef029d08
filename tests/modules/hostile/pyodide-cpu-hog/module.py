"""Hostile test module (pyodide runtime): answers every second, but only after a million loop steps
(~100 ms, four times the 25 ms budget, well inside the 2 s hang timeout). Counted, not timed: clocks in the sandbox read simulated time."""


def on_second(bed):
    n = 0
    for i in range(1_000_000):
        n += i
    return []
