"""Hostile test module (pyodide runtime): an endless loop in on_second from the 5th simulated second."""
calls = 0


def on_second(bed):
    global calls
    calls += 1
    while calls >= 5:
        pass
    return []
