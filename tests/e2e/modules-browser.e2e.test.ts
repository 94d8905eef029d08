/**
 * Diagnostic modules in the browser host: a reference module is transpiled in the engine worker,
 * sandboxed (SES Compartment) in its own nested Web Worker, run in lockstep, and its finding arrives.
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
