"""Hostile test module (pyodide runtime): a ZeroDivisionError in a helper at the 20th simulated second."""


def ratio(a, b):
    return a / b


calls = 0


def on_second(bed):
    global calls
    calls += 1
    if calls == 20:
        ratio(1, 0)
    return []
