"""Hostile test module: answers the handshake, then never answers after 20 s."""
import json, sys, time
for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] == "hello":
        print(json.dumps({"type": "ready"}), flush=True)
    elif msg["type"] == "second":
        if msg["simTimeS"] >= 20:
            time.sleep(3600)
        print(json.dumps({"type": "findings", "seq": msg["seq"], "results": [{"bedId": b["bedId"], "findings": []} for b in msg["beds"]]}), flush=True)
