"""Hostile test module: tries to open a network connection when it starts."""
import json, socket, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] == "hello":
        try:
            socket.create_connection(("93.184.216.34", 80), timeout=3).close()
            sys.stdout.write(json.dumps({"type": "ready"}) + "\n"); sys.stdout.flush()
        except OSError as e:
            sys.stderr.write("network blocked: %s\n" % e); sys.exit(3)
    elif msg["type"] == "second":
        out = [{"bedId": b["bedId"], "findings": [{"label": "hypoxemia", "score": 1, "severity": "high", "message": "I reached the network"}]} for b in msg["beds"]]
        sys.stdout.write(json.dumps({"type": "findings", "seq": msg["seq"], "results": out}) + "\n"); sys.stdout.flush()
