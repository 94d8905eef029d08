/**
 * The walking skeleton in real Chromium: the browser host opens the default ward, the engine (in a
 * Web Worker) drives a live number and a moving waveform, and the 3D scene renders the beds.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createEngineSession } from '../../twin-engine/session/create-session';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import { runContractScript, type ScriptResult } from '../contract/script';
import { launch, openApp, openEngine, shotPath } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('shows the default ward in 3D with a live number and a moving waveform from the engine', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await expect.poll(() => page.getByTestId('sim-banner').textContent()).toContain('SIMULATION — NOT FOR CLINICAL USE');
  // The 3D scene: a WebGL canvas with the 8 beds of the default ward.
  await page.waitForSelector('[data-testid="ward-scene"] canvas', { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => window.__wardtwin?.bedsInScene() ?? 0), { timeout: 30_000 }).toBe(8);
  // A live number: HR computed by the engine's monitor, shown in the panel.
  await expect
    .poll(async () => Number(await page.getByTestId('num-hr').textContent()), { timeout: 60_000 })
    .toBeGreaterThan(30);
  // A moving waveform: the ECG ring keeps filling, and the sweep canvas's pixels change.
  const written = () => page.evaluate(() => window.__wardtwin?.ecgSamplesWritten() ?? 0);
  const w0 = await written();
  const pixels = () => page.evaluate(() => (document.querySelector('[data-testid="sweep-canvas"]') as HTMLCanvasElement).toDataURL());
  const p0 = await pixels();
  await page.waitForTimeout(1500);
  expect(await written()).toBeGreaterThan(w0 + 300); // ≥ 0.6 s of 500 Hz ECG arrived in 1.5 s of wall time at 1×
  expect(await pixels()).not.toBe(p0);
  // The host is the Web Worker, and the engine clock is running.
  await expect.poll(() => page.locator('.host').textContent()).toContain('worker');
  await page.screenshot({ path: shotPath('ward.png') });
  expect(errors).toEqual([]);
  await page.close();
});

it('runs the session contract script in Chromium\'s Web Worker host with the in-process result, bit for bit', async () => {
  const local = createEngineSession(fsLibrary());
  const expected = await runContractScript(local);
  await local.dispose();
  const { page } = await openEngine(browser, inject('baseUrl'));
  const got = (await page.evaluate(`(async () => {
    const run = ${runContractScript.toString()};
    const session = window.__wardtwin.createSession();
    const result = await run(session);
    await session.dispose();
    return result;
  })()`)) as ScriptResult;
  expect(got).toEqual(expected);
});
