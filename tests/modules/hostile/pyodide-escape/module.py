"""Hostile test module (pyodide runtime): tries to get out of Pyodide the way a cheating student would --
JavaScript globals, the Pyodide API (host file system mounts, package loading), the Function constructor
from any JS object it can get, host files, the network -- and reports what each attempt gave as the
evidence of its first finding, so tests/modules/pyodide.test.ts can assert it saw nothing of the host.
"""
import gc, os, sys

seen = {}


def attempt(key, fn):
    try:
        seen[key] = "GOT " + repr(fn())[:180]
    except BaseException as e:
        seen[key] = ("%s: %s" % (type(e).__name__, e))[:200]


def js_process():
    import js
    return js.process


def pyodide_js_api():
    import pyodide_js
    return pyodide_js.mountNodeFS


def ffi_import():
    from pyodide.ffi import to_js
    return to_js


def function_ctor():
    # Around the import guard: the ffi through sys.modules, then JS's Function constructor.
    to_js = sys.modules["pyodide.ffi"].to_js
    return to_js([1]).constructor.constructor("return process")()


def found_api():
    # Any JS object reachable through the garbage collector that looks like the Pyodide API or Module.
    hits = []
    for o in gc.get_objects():
        if type(o).__name__.startswith("JsProxy") or type(o).__name__.startswith("Js"):
            for name in ("mountNodeFS", "_module", "FS", "loadPackage", "useNodeSockFS"):
                try:
                    if getattr(o, name, None) is not None:
                        hits.append(name)
                except BaseException:
                    pass
    for m in list(sys.modules.values()):
        for v in list(getattr(m, "__dict__", {}).values()):
            for name in ("mountNodeFS", "_module", "FS", "loadPackage", "useNodeSockFS"):
                try:
                    if type(v).__name__.startswith("Js") and getattr(v, name, None) is not None:
                        hits.append(name)
                except BaseException:
                    pass
    return sorted(set(hits))


def read_passwd():
    with open("/etc/passwd") as f:
        return f.read()


def read_ward():
    with open("/work/main/scenarios/wards/default.yaml") as f:
        return f.read()


def socket_connect():
    import socket
    s = socket.socket()
    s.settimeout(1)
    s.connect(("127.0.0.1", 80))
    s.send(b"GET / HTTP/1.0\r\n\r\n")
    return "connected"


def http_get():
    import urllib.request
    return urllib.request.urlopen("http://127.0.0.1:80/", timeout=1).read()[:20]


def timer():
    import asyncio
    asyncio.get_event_loop().call_later(0.01, lambda: None)
    return "scheduled"


def numpy():
    import numpy
    return numpy.__version__


attempt("js", js_process)
attempt("pyodide_js", pyodide_js_api)
attempt("ffi", ffi_import)
attempt("function", function_ctor)
attempt("gc", found_api)
attempt("passwd", read_passwd)
attempt("ward", read_ward)
attempt("root", lambda: sorted(os.listdir("/")))
attempt("home", lambda: sorted(os.listdir("/home")) + sorted(os.listdir("/tmp")))
attempt("env", lambda: dict(os.environ))
attempt("socket", socket_connect)
attempt("http", http_get)
attempt("numpy", numpy)
attempt("timer", timer)
attempt("helper_js", lambda: __import__("helper").get_js())

reported = False


def on_second(bed):
    global reported
    if reported:
        return []
    reported = True
    return [{"label": "hypoxemia", "score": 0, "severity": "info", "message": "what the sandbox let me see", "evidence": seen}]
