/**
 * The same rule four ways (JS in SES, ONNX in onnxruntime-web, Python on Pyodide in the sandbox, Python
 * over JSON lines as a process) gives the same finding stream and score stream on one seeded run; every reference module
 * loads and runs in the sandbox; runs repeat.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinModuleIds } from '../../twin-engine/node/module-host';
import { MODULES, recordRun } from './helpers';

const strip = (fs: { moduleId: string }[]) => fs.map(({ moduleId: _m, ...rest }) => rest);

describe('module runtimes', () => {
  it('JS, ONNX, Pyodide and Python-process versions of one rule publish identical findings (pe-massive, seed 7, 15 min)', async () => {
    const r = await recordRun('pe-massive.yaml', 7, 900, ['spo2-rule-js', 'spo2-rule-onnx', 'spo2-rule-pyodide', 'spo2-rule-python'].map((n) => ({ kind: 'file' as const, path: join(MODULES, 'examples', n) })));
    const by = (id: string) => strip(r.findings.filter((f) => f.moduleId === id));
    // The embolism starts at 10 min; the rule fires on the real desaturation that follows (a healthy
    // patient before it reads ≥ 94 %, so nothing fires earlier).
    expect(by('spo2-rule-js').length).toBeGreaterThanOrEqual(1);
    expect(by('spo2-rule-js').every((f) => (f as { simTimeS: number }).simTimeS > 600)).toBe(true);
    expect(by('spo2-rule-onnx')).toEqual(by('spo2-rule-js'));
    expect(by('spo2-rule-pyodide')).toEqual(by('spo2-rule-js'));
    expect(by('spo2-rule-python')).toEqual(by('spo2-rule-js'));
    // The score stream (manifest `scores`): one 'spo2-risk' value per minute from each runtime, identical.
    const scores = (id: string) => r.events.flatMap((e) => (e.type === 'score' && e.score.moduleId === id ? [{ t: e.simTimeS, label: e.score.label, value: e.score.value }] : []));
    expect(scores('spo2-rule-js').map((x) => x.t)).toEqual(Array.from({ length: 15 }, (_, i) => 60 * (i + 1)));
    expect(scores('spo2-rule-js').some((x) => x.value > 0)).toBe(true); // the desaturation after 10 min shows in the stream
    expect(scores('spo2-rule-onnx')).toEqual(scores('spo2-rule-js'));
    expect(scores('spo2-rule-pyodide')).toEqual(scores('spo2-rule-js'));
    expect(scores('spo2-rule-python')).toEqual(scores('spo2-rule-js'));
    expect(r.events.filter((e) => e.type === 'module')).toEqual([]); // nothing quarantined
  }, 120_000);

  it('every reference module loads in the sandbox and runs a scenario without quarantine; a rerun is identical', async () => {
    const ids = builtinModuleIds();
    expect(ids).toEqual(['apnea-capnography', 'hypoxemia', 'news2', 'qrs-pan-tompkins', 'qsofa', 'shock-index', 'sirs', 'st-elevation']);
    const run = () => recordRun('af-rvr.yaml', 3, 1200, ids.map((id) => ({ kind: 'builtin' as const, id })));
    const a = await run();
    expect(a.events.filter((e) => e.type === 'module')).toEqual([]);
    console.log('reference findings on af-rvr (seed 3, 20 min):', a.findings.map((f) => `${f.simTimeS}s ${f.moduleId} ${f.label}`).join('; '));
    // AF starts at 10 min (scenarios/af-rvr.yaml): the rhythm module must see it from the sandboxed ECG.
    const labels = new Set(a.findings.map((f) => `${f.moduleId}:${f.label}`));
    expect(labels).toContain('qrs-pan-tompkins:atrial_fibrillation');
    expect(labels).toContain('qrs-pan-tompkins:tachycardia');
    expect(a.findings.every((f) => f.simTimeS > 600)).toBe(true);
    const b = await run();
    expect(b.findings).toEqual(a.findings);
    expect(b.frames).toEqual(a.frames);
  }, 180_000);
});
