/**
 * Issue 15, "Debrief and reports" — the debrief must say which episode a module missed and which alerts
 * were false, with a legend. On the default ward with the capnography apnoea module (found with
 * `wardtwin run … --module builtin:apnea-capnography` over 90 min: it never flags bed 5's opioid
 * respiratory failure from 36 min, and from 71 min the monitor raises alarms on bed 3 standing for
 * respiratory failure with no such episode near), the debrief outlines the miss, rings the false alerts
 * under their own alarm text and time, and draws the legend. Takes the picture docs/debrief-traced.png is.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { until, waitForWard } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const clockS = (c: string | null) => (c ?? '0:0:0').split(':').reduce((a, x) => a * 60 + Number(x), 0);

it('marks a missed episode and false alerts, named by their own alert and time, with a legend', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  await page.getByTestId('tab-modules').click();
  await page.getByTestId('modules-panel').getByLabel('Reference module').selectOption('apnea-capnography');
  await page.getByTestId('attach-module').click();
  await expect.poll(() => page.getByTestId('module-status').textContent(), { timeout: 30_000 }).toBe('running');
  // Fast-forward (simulated time, not wall time) to 1:20:00, then pause for a still debrief.
  await page.getByTestId('speed-max').click();
  await until(async () => clockS(await page.getByTestId('sim-clock').textContent()), (s) => s >= 4800, 600_000, 'T+1:20:00');
  await page.getByTestId('play-pause').click();
  await page.getByTestId('view-debrief').click();

  const cases = page.getByTestId('module-cases');
  await cases.locator('summary').click();
  const text = (await cases.textContent()) ?? '';
  // The module's miss: bed 5's respiratory failure; the monitor's false alerts, each named by its code.
  expect(text).toMatch(/missed respiratory failure on bed-5 at 0:\d\d:\d\d/);
  const falses = [...text.matchAll(/false alert ([A-Z0-9_]+) on (bed-\d) at (\d:\d\d:\d\d)/g)];
  expect(falses.length).toBeGreaterThan(0);
  const timelines = page.getByTestId('timelines');
  expect(await timelines.locator('g[data-case="missed"]').count()).toBeGreaterThan(0);
  const rings = await timelines.locator('g[data-case="false"] title').allTextContents();
  expect(rings.length).toBe(falses.length);
  // Each ring is titled with its alarm's own text at the time the list gives (no placeholder "alarm").
  for (const [, , , at] of falses) expect(rings.some((t) => t.startsWith(`${at} false alert (bedside monitor): `) && /: (high|medium|low): \S/.test(t))).toBe(true);
  expect(await timelines.locator('g[data-legend]').first().textContent()).toMatch(/missed episode.*false alert/);

  // The picture: beds 1–5 (bed 3's rings, bed 5's miss) with the metrics and the cases beside them.
  await page.setViewportSize({ width: 1600, height: 1500 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: shotPath('debrief-traced.png') });
  expect(errors).toEqual([]);
  await page.close();
});
