"""Hostile test module (pyodide runtime): from the 5th simulated second, grows a list by ~40 MB a second
(10 million references) and keeps it; the 96 MB cap stops it on the 3rd growth."""
calls = 0
hoard = []


def on_second(bed):
    global calls
    calls += 1
    if calls >= 5:
        hoard.append([calls] * 10_000_000)
    return []
