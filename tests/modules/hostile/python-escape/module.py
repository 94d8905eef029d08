"""Hostile test module: tries to get out of its sandbox the way a cheating student would.

At hello it forks a child that sleeps long (`sleep 987654`, a marker the test looks for after the run),
reads the host's command line (/proc/<parent>/cmdline) and every other process's it can see, and tries
to read each .yaml file named there (the ward it is graded on) and /etc/passwd. Then it sends SIGKILL
to its parent. On its first second it reports what it could read as finding messages, so the test can
assert it; the module stays otherwise well-behaved so the run goes on.
"""
import json, os, signal, subprocess, sys

seen = []

def note(what):
    seen.append(what[:200])

try:
    subprocess.Popen(["sleep", "987654"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    note("forked sleep")
except OSError as e:
    note("fork failed: %s" % e.__class__.__name__)

cmdlines = []
for pid in sorted(p for p in os.listdir("/proc") if p.isdigit()):
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            cmdlines.append(f.read().split(b"\0"))
    except OSError:
        pass
note("processes visible: %d" % len(cmdlines))
wards = sorted({a.decode("utf8", "replace") for c in cmdlines for a in c if a.endswith(b".yaml")})
note("yaml args: %s" % (",".join(wards) or "none"))
for path in wards + ["/etc/passwd"]:
    try:
        with open(path, "rb") as f:
            note("READ %s (%d bytes)" % (path, len(f.read())))
    except OSError as e:
        note("denied %s: %s" % (path, e.__class__.__name__))

try:
    os.kill(os.getppid(), signal.SIGKILL)
    note("SIGKILL sent to parent %d" % os.getppid())
except OSError as e:
    note("kill parent failed: %s" % e.__class__.__name__)

reported = False
for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] == "hello":
        sys.stdout.write(json.dumps({"type": "ready"}) + "\n"); sys.stdout.flush()
    elif msg["type"] == "second":
        out = []
        for b in msg["beds"]:
            fs = []
            if not reported:
                fs = [{"label": "hypoxemia", "score": 0, "severity": "info", "message": " | ".join(seen)[:480]}]
            out.append({"bedId": b["bedId"], "findings": fs})
        reported = True
        sys.stdout.write(json.dumps({"type": "findings", "seq": msg["seq"], "results": out}) + "\n"); sys.stdout.flush()
    elif msg["type"] == "bye":
        break
