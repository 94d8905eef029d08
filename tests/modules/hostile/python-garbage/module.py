"""Hostile test module: writes non-JSON to stdout after 20 s."""
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] == "hello":
        print(json.dumps({"type": "ready"}), flush=True)
    elif msg["type"] == "second":
        if msg["simTimeS"] >= 20:
            print("Traceback (most recent call last): not json", flush=True)
        else:
            print(json.dumps({"type": "findings", "seq": msg["seq"], "results": [{"bedId": b["bedId"], "findings": []} for b in msg["beds"]]}), flush=True)
