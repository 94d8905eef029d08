/**
 * Diagnostic modules in the browser host: a reference module is transpiled in the engine worker,
 * sandboxed (SES Compartment) in its own nested Web Worker, run in lockstep, and its finding arrives;
 * a session with a module resumed into a new browser host continues exactly as the uninterrupted run;
 * a Python module uploaded in the browser runs on Pyodide with the same findings as its JS/ONNX twins, and
 * one uploaded with a wheel in its folder imports the package as in Node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { recordRun } from '../modules/helpers';
import { HOSTILE_REASONS } from '../modules/hostile-reasons';
import { launch, openEngine } from './browser';

let browser: Browser;
// One engine page for the file: every test creates and disposes its own sessions on it.
let page: Page;
let errors: string[];
beforeAll(async () => {
  browser = await launch();
  ({ page, errors } = await openEngine(browser, inject('baseUrl')));
});
afterAll(async () => {
  await browser?.close();
});

it('runs a sandboxed reference module in Chromium and publishes its finding on a bleeding patient', async () => {
  const r = (await page.evaluate(`(async () => {
    const s = window.__wardtwin.createSession();
    const ward = await s.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const findings = [];
    s.events().subscribe((e) => { if (e.type === 'finding') findings.push(e); });
    const info = await s.attachModule({ kind: 'builtin', id: 'shock-index' });
    await s.injectCondition(ward.beds[2].bedId, { kind: 'hemorrhage', severity: 1, params: { rateMlPerMin: 250 } });
    await s.step(900);
    const audit = await s.auditLog();
    await s.dispose();
    return { info, findings, audit };
  })()`)) as { info: { status: string }; findings: { bedId: string; finding: { label: string; moduleId: string } }[]; audit: string };
  expect(r.info.status).toBe('running');
  expect(r.findings.length).toBeGreaterThan(0);
  expect(r.findings[0]).toMatchObject({ bedId: 'bed-3', finding: { label: 'shock', moduleId: 'shock-index' } });
  // The module load (with its files' SHA-256) and the finding are in the session's audit log.
  expect(r.audit).toContain('"kind":"module_load"');
  const findingLines = r.audit.split('\n').filter((l) => l.includes('"kind":"finding"'));
  expect(findingLines.some((l) => l.includes('"moduleId":"shock-index"'))).toBe(true);
  expect(errors).toEqual([]);
});

it('resumes a session with the QRS module into a new browser host exactly as the uninterrupted run (Web Worker sandboxes)', async () => {
  const r = (await page.evaluate(`(async () => {
    const SRC = { kind: 'builtin', path: 'af-rvr.yaml', seed: 7 };
    const QRS = { kind: 'builtin', id: 'qrs-pan-tompkins' };
    const tail = (s) => {
      const out = [];
      s.events().subscribe((e) => { if (e.simTimeS > 630 && e.type !== 'run_state') out.push(JSON.stringify(e)); });
      s.numerics({ includeTruth: true }).subscribe((f) => { if (f.simTimeS > 630) out.push(JSON.stringify(f)); });
      return out;
    };
    const a = window.__wardtwin.createSession();
    const seenA = tail(a);
    await a.load(SRC);
    await a.attachModule(QRS);
    await a.step(900);
    await a.dispose();
    const b = window.__wardtwin.createSession();
    await b.load(SRC);
    await b.attachModule(QRS);
    await b.step(630);
    const snap = JSON.parse(JSON.stringify(await b.snapshot()));
    await b.dispose();
    const c = window.__wardtwin.createSession();
    const seenC = tail(c);
    await c.load({ kind: 'builtin', path: 'wards/default.yaml' });
    await c.restore(snap);
    const modules = (await c.status()).modules.map((m) => m.moduleId);
    await c.step(270);
    const audit = await c.auditLog();
    await c.dispose();
    return { seenA, seenC, modules, audit, version: snap.version };
  })()`)) as { seenA: string[]; seenC: string[]; modules: string[]; audit: string; version: number };
  expect(r.version).toBe(2);
  expect(r.modules).toEqual(['qrs-pan-tompkins']);
  const findings = r.seenA.filter((l) => l.includes('"type":"finding"')).map((l) => JSON.parse(l).finding.label);
  expect(findings).toEqual(['tachycardia', 'atrial_fibrillation']); // fired from state built before the cut
  expect(r.seenC.length).toBe(r.seenA.length);
  expect(r.seenC).toEqual(r.seenA);
  expect(r.audit).toContain('"moduleState":"exact"');
  expect(errors).toEqual([]);
});

/** A module folder as the app's upload sends it: text files as strings, binary ones as base64. */
function upload(dir: string): { manifest: string; files: Record<string, string>; binary: Record<string, string> } {
  const root = resolve(import.meta.dirname, '../../modules/examples', dir);
  const files: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const n of readdirSync(root)) {
    if (n === 'module.yaml') continue;
    if (n.endsWith('.onnx')) binary[n] = readFileSync(join(root, n)).toString('base64');
    else files[n] = readFileSync(join(root, n), 'utf8');
  }
  return { manifest: readFileSync(join(root, 'module.yaml'), 'utf8'), files, binary };
}

it('a Python module uploaded to the browser runs on Pyodide and gives the same findings as its JS and ONNX twins, and as Node', async () => {
  // Pyodide's files come from the app itself, never a CDN.
  const requested: string[] = [];
  page.context().on('request', (req) => requested.push(req.url()));
  const mods = ['spo2-rule-js', 'spo2-rule-onnx', 'spo2-rule-pyodide'].map(upload);
  const r = (await page.evaluate(
    `(async (mods) => {
      const s = window.__wardtwin.createSession();
      await s.load({ kind: 'builtin', path: 'pe-massive.yaml', seed: 7 });
      const findings = [];
      const status = [];
      s.events().subscribe((e) => { if (e.type === 'finding') findings.push(e.finding); if (e.type === 'module' && e.status === 'quarantined') status.push(e.message); });
      const infos = [];
      for (const m of mods) {
        const files = { ...m.files };
        for (const [n, b64] of Object.entries(m.binary)) files[n] = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        infos.push(await s.attachModule({ kind: 'bundle', manifest: m.manifest, files }));
      }
      await s.step(900);
      const modules = (await s.status()).modules;
      await s.dispose();
      return { infos, findings, status, modules };
    })(${JSON.stringify(mods)})`,
  )) as { infos: { status: string }[]; findings: { moduleId: string; simTimeS: number }[]; status: string[]; modules: { moduleId: string; status: string }[] };
  expect(r.status).toEqual([]);
  expect(r.modules.map((m) => [m.moduleId, m.status])).toEqual([
    ['spo2-rule-js', 'running'],
    ['spo2-rule-onnx', 'running'],
    ['spo2-rule-pyodide', 'running'],
  ]);
  const by = (id: string) => r.findings.filter((f) => f.moduleId === id).map(({ moduleId: _m, ...rest }) => rest);
  expect(by('spo2-rule-js').length).toBeGreaterThanOrEqual(1);
  expect(by('spo2-rule-pyodide')).toEqual(by('spo2-rule-js'));
  expect(by('spo2-rule-onnx')).toEqual(by('spo2-rule-js'));
  // The same run in Node (tests/modules/runtimes.test.ts has all four runtimes there).
  const node = await recordRun('pe-massive.yaml', 7, 900, [{ kind: 'file', path: resolve(import.meta.dirname, '../../modules/examples/spo2-rule-pyodide') }]);
  expect(node.findings.map(({ moduleId: _m, ...rest }) => rest)).toEqual(by('spo2-rule-pyodide'));
  const base = new URL(inject('baseUrl')).origin;
  expect(requested.some((u) => u.startsWith(`${base}/assets/pyodide/pyodide.asm.wasm`))).toBe(true);
  expect(requested.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
  expect(errors).toEqual([]);
}, 180_000);

it('in the browser a hostile Pyodide module sees exactly what it sees in Node: nothing of the host', async () => {
  const dir = resolve(import.meta.dirname, '../modules/hostile/pyodide-escape');
  const files: Record<string, string> = {};
  for (const n of readdirSync(dir)) if (n !== 'module.yaml') files[n] = readFileSync(join(dir, n), 'utf8');
  const manifest = readFileSync(join(dir, 'module.yaml'), 'utf8');
  const r = (await page.evaluate(
    `(async (m) => {
      const s = window.__wardtwin.createSession();
      await s.load({ kind: 'builtin', path: 'pe-massive.yaml', seed: 7 });
      const findings = [];
      s.events().subscribe((e) => { if (e.type === 'finding') findings.push(e.finding); });
      await s.attachModule({ kind: 'bundle', manifest: m.manifest, files: m.files });
      await s.step(3);
      const modules = (await s.status()).modules;
      await s.dispose();
      return { findings, modules };
    })(${JSON.stringify({ manifest, files })})`,
  )) as { findings: { evidence: Record<string, string> }[]; modules: { status: string }[] };
  expect(r.modules[0].status).toBe('running');
  const node = await recordRun('pe-massive.yaml', 7, 3, [{ kind: 'file', path: dir }]);
  const ev = r.findings[0].evidence;
  expect(ev.function).toBe('JsException: TypeError: Function.prototype.constructor is not a valid constructor.');
  expect(ev.socket).toBe('OSError: [Errno 23] Host is unreachable');
  expect(ev).toEqual(node.findings[0].evidence);
  expect(errors).toEqual([]);
}, 180_000);

it('in the browser a Python module uploaded with a wheel in its folder imports the package (nothing fetched), as in Node', async () => {
  const requested: string[] = [];
  page.context().on('request', (req) => requested.push(req.url()));
  const dir = resolve(import.meta.dirname, '../modules/fixtures/pyodide-packages');
  // As the app's folder upload sends it: text files as text, the wheel as bytes (base64 across evaluate).
  const files: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const n of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!n.isFile()) continue;
    const rel = join(n.parentPath, n.name).slice(dir.length + 1);
    if (rel === 'module.yaml') continue;
    if (rel.endsWith('.whl')) binary[rel] = readFileSync(join(dir, rel)).toString('base64');
    else files[rel] = readFileSync(join(dir, rel), 'utf8');
  }
  expect(Object.keys(binary)).toEqual(['wheels/spo2stats-1.0-py3-none-any.whl']);
  const manifest = readFileSync(join(dir, 'module.yaml'), 'utf8');
  const r = (await page.evaluate(
    `(async (m) => {
      const s = window.__wardtwin.createSession();
      await s.load({ kind: 'builtin', path: 'pe-massive.yaml', seed: 7 });
      const findings = [];
      s.events().subscribe((e) => { if (e.type === 'finding') findings.push(e.finding); });
      const files = { ...m.files };
      for (const [n, b64] of Object.entries(m.binary)) files[n] = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      await s.attachModule({ kind: 'bundle', manifest: m.manifest, files });
      await s.step(20);
      const modules = (await s.status()).modules;
      await s.dispose();
      return { findings, modules };
    })(${JSON.stringify({ manifest, files, binary })})`,
  )) as { findings: { evidence: Record<string, unknown> }[]; modules: { status: string; statusReason?: string }[] };
  expect(r.modules.map((m) => [m.status, m.statusReason ?? ''])).toEqual([['running', '']]);
  expect(r.findings[0].evidence).toMatchObject({ answer: 42, version: '1.0', file: '/home/pyodide/wardtwin_site/spo2stats/__init__.py' });
  const node = await recordRun('pe-massive.yaml', 7, 20, [{ kind: 'file', path: dir }]);
  expect(r.findings).toEqual(node.findings);
  const base = new URL(inject('baseUrl')).origin;
  expect(requested.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
  expect(errors).toEqual([]);
}, 180_000);

/** The JS hostile set in the browser host (the memory classes need a per-worker heap cap, which browsers lack). */
const BROWSER_HOSTILE: Record<string, RegExp> = Object.fromEntries(
  ['throws', 'infinite-loop', 'flood-burst', 'nan-score', 'bad-label', 'not-array', 'fetch', 'require-fs', 'child-process', 'process-exit', 'globalthis-escape', 'late-import', 'prototype-pollution', 'nondeterministic', 'cpu-hog'].map((n) => [n, HOSTILE_REASONS[n]]),
);

it('in the browser each hostile JS module is quarantined with its reason and the ward runs exactly as without them', async () => {
  const hostile = Object.keys(BROWSER_HOSTILE).map((name) => {
    const dir = resolve(import.meta.dirname, '../modules/hostile', name);
    const files: Record<string, string> = {};
    for (const n of readdirSync(dir)) if (n !== 'module.yaml') files[n] = readFileSync(join(dir, n), 'utf8');
    return { manifest: readFileSync(join(dir, 'module.yaml'), 'utf8'), files };
  });
  const companion = upload('spo2-rule-js');
  const run = `(async ({ mods, companion }) => {
      const s = window.__wardtwin.createSession();
      await s.load({ kind: 'builtin', path: 'pe-massive.yaml', seed: 7 });
      const frames = [];
      const events = [];
      const quarantined = {};
      s.numerics({ includeTruth: true }).subscribe((f) => frames.push(JSON.stringify(f)));
      s.events().subscribe((e) => {
        if (e.type === 'module') { if (e.status === 'quarantined') quarantined[e.moduleId] = e.message; return; }
        if (e.type === 'finding' && e.finding.moduleId.startsWith('hostile-')) return;
        if (e.type !== 'run_state') events.push(JSON.stringify(e));
      });
      await s.attachModule({ kind: 'bundle', manifest: companion.manifest, files: companion.files });
      for (const m of mods) await s.attachModule({ kind: 'bundle', manifest: m.manifest, files: m.files });
      await s.step(90);
      await s.dispose();
      return { frames, events, quarantined };
    })`;
  type R = { frames: string[]; events: string[]; quarantined: Record<string, string> };
  const withHostile = (await page.evaluate(`${run}(${JSON.stringify({ mods: hostile, companion })})`)) as R;
  const without = (await page.evaluate(`${run}(${JSON.stringify({ mods: [], companion })})`)) as R;
  for (const [name, reason] of Object.entries(BROWSER_HOSTILE)) {
    expect(withHostile.quarantined[`hostile-${name}`], name).toMatch(reason);
  }
  expect(Object.keys(withHostile.quarantined).sort()).toEqual(Object.keys(BROWSER_HOSTILE).map((n) => `hostile-${n}`).sort());
  expect(without.frames.length).toBeGreaterThanOrEqual(90);
  expect(withHostile.frames).toEqual(without.frames);
  expect(withHostile.events).toEqual(without.events);
  expect(errors).toEqual([]);
}, 300_000);
