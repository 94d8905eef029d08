"""Hostile test module (pyodide runtime): asks for a list of ten billion references at the 5th second
(80 GB; past 32-bit WebAssembly's whole address space)."""
calls = 0


def on_second(bed):
    global calls
    calls += 1
    if calls == 5:
        x = [1] * 10**10
        return [{"label": "hypoxemia", "score": 0, "severity": "info", "message": str(len(x))}]
    return []
