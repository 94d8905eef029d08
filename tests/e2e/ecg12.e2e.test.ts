/**
 * The 12-lead ECG in real Chromium (issue 15, "Treating and ordering"): load the inferior STEMI
 * scenario, order a 12-lead through the Labs panel, open the tracing where the result appears and see
 * the printed sheet (twelve leads and the rhythm strip, the SIMULATION notice), with its SVG and CSV
 * downloads. Takes the screenshot docs/ecg-12lead.png is made from.
 */
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { waitForWard } from './ui-helpers';

let browser: Browser;
let page: Page;
let errors: string[];
beforeAll(async () => {
  browser = await launch();
  ({ page, errors } = await openApp(browser, inject('baseUrl'), `e2e&ward=${encodeURIComponent('stemi-inferior.yaml')}`));
  await waitForWard(page, 1);
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

it('orders a 12-lead ECG through the UI and shows it as a 12-lead sheet', async () => {
  // Past the infarct's onset (5 min) and most of its ramp, so the tracing has its ST elevation.
  await page.getByTestId('speed-60').click();
  await expect.poll(() => page.getByTestId('sim-clock').textContent(), { timeout: 180_000, interval: 250 }).toMatch(/^0:(1[2-9]|[2-5]\d):\d\d$/);
  await page.getByTestId('speed-1').click();
  await page.getByTestId('tab-labs').click();
  await page.getByTestId('labs-panel').getByLabel('Panel').selectOption('ecg_12_lead');
  await page.getByTestId('order-lab').click();
  await page.getByTestId('speed-10').click();
  const open = page.getByTestId('labs-panel').getByTestId('ecg12-open');
  await open.waitFor({ timeout: 120_000 });
  await page.getByTestId('speed-1').click();
  expect(await page.getByTestId('ecg12-report').textContent()).toMatch(/^12-lead ECG, 10 s at 500 Hz: ventricular rate \d+\/min\./);
  await page.setViewportSize({ width: 1600, height: 1150 }); // the whole sheet on screen for the screenshot
  await open.click();
  const viewer = page.getByTestId('ecg12-viewer');
  await viewer.getByTestId('ecg12-sheet').locator('svg').waitFor({ timeout: 30_000 });
  const sheet = viewer.getByTestId('ecg12-sheet');
  // twelve leads in the 3 × 4 layout plus the lead II rhythm strip, four calibration pulses
  expect(await sheet.locator('polyline').count()).toBe(12 + 1 + 4);
  const labels = await sheet.locator('text.ld').allTextContents();
  expect(labels).toEqual(['I', 'aVR', 'V1', 'V4', 'II', 'aVL', 'V2', 'V5', 'III', 'aVF', 'V3', 'V6', 'II']);
  expect(await sheet.textContent()).toContain('SIMULATION — NOT FOR CLINICAL USE');
  expect(await sheet.textContent()).toMatch(/25 mm\/s · 10 mm\/mV/);
  await page.waitForTimeout(300);
  await viewer.screenshot({ path: shotPath('ecg-12lead.png') });
  // Exports: the same sheet as SVG, and the samples as CSV under a SIMULATION line.
  const [svg] = await Promise.all([page.waitForEvent('download'), viewer.getByTestId('ecg12-svg').click()]);
  expect(svg.suggestedFilename()).toMatch(/^wardtwin-ecg12-bed-1-lab-1\.svg$/);
  expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*SIMULATION — NOT FOR CLINICAL USE/);
  const [csv] = await Promise.all([page.waitForEvent('download'), viewer.getByTestId('ecg12-csv').click()]);
  const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^# SIMULATION — NOT FOR CLINICAL USE\. WardTwin 12-lead ECG, 500 Hz, microvolts\./);
  expect(lines[1]).toBe('time_s,I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6');
  expect(lines).toHaveLength(2 + 5000);
  await viewer.getByTestId('ecg12-close').click();
  await expect.poll(() => page.getByTestId('ecg12-viewer').count()).toBe(0);
  expect(errors).toEqual([]);
}, 400_000);
