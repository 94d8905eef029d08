"""WardTwin module for the pyodide runtime (modules/README.md), standard library only. SIMULATION ONLY.

score = clip((92 - mean SpO2 over the last 10 s) / 4, 0, 1); one finding when it rises to >= 0.5,
re-armed below 0.25 -- the same rule as ../spo2-rule-js/index.ts. The host calls on_second(input) once
per bed per simulated second; module-level state lives as long as the module is attached. The score is
also published each minute as the score stream 'spo2-risk' (manifest `scores`): on_second returns
{'findings': [...], 'scores': [...]}.
"""
import math

WINDOW_S = 10
SCORE_EVERY_S = 60
beds = {}


def on_second(bed):
    st = beds.setdefault(bed["bedId"], {"window": [], "armed": True})
    v = bed["numerics"].get("spo2Pct")
    st["window"].append(float(v) if isinstance(v, (int, float)) else math.nan)
    del st["window"][:-WINDOW_S]
    w = st["window"]
    if len(w) < WINDOW_S or any(math.isnan(x) for x in w):
        return []
    mean = sum(w) / WINDOW_S
    score = min(1.0, max(0.0, (92 - mean) / 4))
    scores = [{"label": "spo2-risk", "value": score}] if bed["simTimeS"] % SCORE_EVERY_S == 0 else []
    findings = []
    if st["armed"] and score >= 0.5:
        st["armed"] = False
        findings.append({"label": "hypoxemia", "score": score, "severity": "medium",
                         "message": "Mean SpO2 over 10 s at or below 90 %"})
    elif not st["armed"] and score < 0.25:
        st["armed"] = True
    return {"findings": findings, "scores": scores}
