/**
 * Issue 15, "Sessions and safety of work", in real Chromium: opening a library item while a session
 * runs asks first (Cancel keeps the session running untouched); confirming saves the running session
 * and it stays under "Recent sessions", from where it reopens at its time; during and after the load
 * the clock never shows the old ward's time, and the header says "1 bed". The simulation clock does
 * not run behind the first-start acknowledgement dialog.
 */
import type { Browser, Page } from 'playwright-core';
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

const clockS = async (page: Page) => {
  const [h, m, s] = ((await page.getByTestId('sim-clock').textContent()) ?? '0:00:00').split(':').map(Number);
  return h * 3600 + m * 60 + s;
};

it('asks before a library item replaces a running session, keeps it reopenable, and never shows the old time after the load', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  const title = page.getByTestId('ward-title');
  expect(await title.textContent()).toContain('Medical ward 7B (simulated) · 8 beds');
  // Run the ward for a few simulated minutes: work worth keeping.
  await page.getByTestId('speed-60').click();
  await until(() => clockS(page), (t) => t >= 150, 120_000, 'T+ 2:30');
  await page.getByTestId('tab-instructor').click();
  const panel = page.getByTestId('load-panel');
  await panel.locator('select').first().selectOption('copd-exacerbation.yaml');

  // 1. Open → asked first; Cancel leaves the running session as it was, still running.
  await page.getByTestId('load-builtin').click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor({ timeout: 10_000 });
  const question = (await dialog.textContent()) ?? '';
  expect(question).toContain('Replace the running session?');
  expect(question).toMatch(/“Medical ward 7B \(simulated\)” \(8 beds, \d+ events? so far\) is running\. Opening “COPD exacerbation with hypercapnia” ends it\./);
  expect(question).toContain('Recent sessions');
  // The safe answer has the focus: Enter alone does not throw the session away.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-cancel');
  await page.screenshot({ path: shotPath('ui-confirm-replace.png') });
  await page.keyboard.press('Enter');
  await expect.poll(() => dialog.count()).toBe(0);
  const t1 = await clockS(page);
  await page.waitForTimeout(1500);
  expect(await title.textContent()).toContain('· 8 beds');
  expect(await clockS(page)).toBeGreaterThan(t1); // still running

  // 2. Open → confirm: the old session is saved, the new one loads. Record every frame's header and
  // clock while it happens: no frame may show the new ward with the old ward's time.
  await page.evaluate(() => {
    const w = window as unknown as { __frames: { title: string; clock: string }[] };
    w.__frames = [];
    // Every distinct (header, clock) pair a frame showed.
    const rec = () => {
      const f = { title: document.querySelector('[data-testid="ward-title"]')?.textContent ?? '', clock: document.querySelector('[data-testid="sim-clock"]')?.textContent ?? '' };
      const last = w.__frames[w.__frames.length - 1];
      if (!last || last.title !== f.title || last.clock !== f.clock) w.__frames.push(f);
      requestAnimationFrame(rec);
    };
    requestAnimationFrame(rec);
  });
  await page.getByTestId('load-builtin').click();
  await dialog.waitFor({ timeout: 10_000 });
  const oldTimeS = await clockS(page);
  await page.getByTestId('confirm-ok').click();
  await expect.poll(() => title.textContent(), { timeout: 60_000 }).toContain('COPD exacerbation with hypercapnia · 1 bed');
  expect(await title.textContent()).not.toMatch(/1 beds/);
  await page.waitForTimeout(1000);
  const frames = await page.evaluate(() => (window as unknown as { __frames: { title: string; clock: string }[] }).__frames);
  const toS = (c: string) => c.split(':').map(Number).reduce((a, b) => a * 60 + b, 0);
  const afterLoad = frames.filter((f) => f.title.includes('COPD'));
  expect(afterLoad.length).toBeGreaterThan(0);
  expect(frames.length).toBeGreaterThan(afterLoad.length); // the old ward's frames were seen too
  expect(afterLoad.filter((f) => toS(f.clock) >= 60)).toEqual([]); // never the old T+ ≥ 2:30
  expect(oldTimeS).toBeGreaterThanOrEqual(150);

  // 3. The replaced session is in Recent sessions with its time; reopening it brings it back.
  const recent = page.getByTestId('recent-session').filter({ hasText: 'Medical ward 7B' });
  await expect.poll(() => recent.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  const row = (await recent.first().textContent()) ?? '';
  expect(row).toContain('ended');
  const savedS = toS(/T\+ (\d+:\d\d:\d\d)/.exec(row)?.[1] ?? '0:00:00');
  expect(savedS).toBeGreaterThanOrEqual(oldTimeS - 1);
  await page.screenshot({ path: shotPath('ui-recent-sessions.png') });
  await recent.first().getByTestId('recent-reopen').click();
  // The COPD ward was only loaded, never run: nothing to lose, so no question.
  await expect.poll(() => title.textContent(), { timeout: 90_000 }).toContain('Medical ward 7B (simulated) · 8 beds');
  await expect.poll(() => clockS(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(savedS);
  expect(errors).toEqual([]);
  await page.close();
});

it('does not run the simulation clock behind the first-start acknowledgement dialog', async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}?e2e&ack`); // `ack`: behave as in real use (fresh profile)
    const dialog = page.getByTestId('ack-dialog');
    await dialog.waitFor({ timeout: 60_000 });
    expect(await dialog.textContent()).toContain('The simulation clock starts when you accept.');
    // Leave the dialog up for a while, as a user reading it would.
    await page.waitForTimeout(6000);
    expect(await page.getByTestId('sim-clock').textContent()).toBe('0:00:00');
    const accepted = Date.now();
    await page.getByTestId('ack-accept').click();
    await page.waitForSelector('[data-testid="ward-scene"] canvas', { timeout: 60_000 });
    await expect.poll(() => clockS(page), { timeout: 30_000 }).toBeGreaterThan(0);
    // At 1× the clock shows about the wall time since the click, not the 6 s spent behind the dialog too.
    const wallS = (Date.now() - accepted) / 1000;
    expect(await clockS(page)).toBeLessThanOrEqual(Math.ceil(wallS) + 1);
  } finally {
    await context.close();
  }
});
