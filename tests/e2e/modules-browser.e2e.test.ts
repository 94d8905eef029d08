/**
 * Diagnostic modules in the browser host: a reference module is transpiled in the engine worker,
 * sandboxed (SES Compartment) in its own nested Web Worker, run in lockstep, and its finding arrives;
 * a session with a module resumed into a new browser host continues exactly as the uninterrupted run.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('runs a sandboxed reference module in Chromium and publishes its finding on a bleeding patient', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await page.waitForFunction(() => window.__wardtwin !== undefined);
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
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await page.waitForFunction(() => window.__wardtwin !== undefined);
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
