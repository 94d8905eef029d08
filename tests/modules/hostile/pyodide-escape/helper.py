"""Part of the hostile pyodide-escape module: the same attempt from a second file of the module."""


def get_js():
    import js
    return js
