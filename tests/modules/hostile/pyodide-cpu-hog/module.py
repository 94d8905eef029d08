"""Hostile test module (pyodide runtime): answers every second, but only after ~10 million loop steps
(hundreds of ms, far over the 25 ms budget). Counted, not timed: clocks in the sandbox read simulated time."""


def on_second(bed):
    n = 0
    for i in range(10_000_000):
        n += i
    return []
