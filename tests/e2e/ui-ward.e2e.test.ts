/**
 * The 3D ward and the bedside monitor in real Chromium: the default ward's 8 beds are in the scene;
 * clicking a bed in the WebGL canvas selects it (fly-to) and its monitor's ECG moves; the 2D bedside
 * monitor shows traces, numerics and trends; the lab-session acknowledgement shows once; every
 * control is reachable with Tab.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { waitForWard, type UiWindow } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('shows the 8 beds of the default ward; clicking a bed in 3D selects it and its ECG moves', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  expect(await page.getByTestId('sim-banner').textContent()).toContain('SIMULATION — NOT FOR CLINICAL USE');
  // A few hundred draw calls at most: the ward is instanced (a handful of calls per part type).
  const calls = (await page.evaluate(() => (window as unknown as UiWindow).__wardtwin.renderInfo())).calls;
  expect(calls).toBeGreaterThan(3);
  expect(calls).toBeLessThan(60);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: shotPath('ui-ward.png') });

  // Click bed 5 where the camera shows it (projected by the test hook), not via the bed list.
  expect(await page.evaluate(() => (window as unknown as UiWindow).__wardtwin.selectedBed())).toBe('bed-1');
  const pt = await page.evaluate(() => (window as unknown as UiWindow).__wardtwin.bedScreenPoint('bed-5'));
  expect(pt).not.toBeNull();
  await page.mouse.click(pt!.x, pt!.y);
  await expect.poll(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.selectedBed())).toBe('bed-5');
  await expect.poll(() => page.getByTestId('monitor-panel').locator('header').textContent()).toContain('Bed 5');
  // Its ECG moves: samples keep arriving and the sweep canvas's pixels change.
  const written = () => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.ecgSamplesWritten());
  const pixels = () => page.evaluate(() => (document.querySelector('[data-testid="sweep-canvas"]') as HTMLCanvasElement).toDataURL());
  const w0 = await written();
  const p0 = await pixels();
  await page.waitForTimeout(1500);
  expect(await written()).toBeGreaterThan(w0 + 300);
  expect(await pixels()).not.toBe(p0);
  await page.waitForTimeout(1500); // let the fly-to settle for the picture
  await page.screenshot({ path: shotPath('ui-ward-flyto.png') });

  // The 2D bedside monitor: five traces, numerics with units and limits, trends.
  await page.getByTestId('view-monitor').click();
  await expect.poll(async () => Number(await page.getByTestId('num-hr').textContent()), { timeout: 30_000 }).toBeGreaterThan(30);
  await expect.poll(() => page.locator('.tile-label').first().textContent()).toMatch(/HR.*\/min.*50–130/);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: shotPath('ui-monitor.png') });
  expect(errors).toEqual([]);
  await page.close();
});

it('asks for the lab-session acknowledgement once, and keeps it', async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}?e2e&ack`); // `ack`: behave as in real use
    const dialog = page.getByTestId('ack-dialog');
    await dialog.waitFor({ timeout: 60_000 });
    expect(await dialog.textContent()).toContain('NOT FOR CLINICAL USE');
    // Focus is in the dialog: Enter accepts it from the keyboard.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ack-accept');
    await page.screenshot({ path: shotPath('ui-ack-dialog.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.reload();
    await page.waitForSelector('[data-testid="ward-scene"] canvas', { timeout: 60_000 });
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('ack-dialog').count()).toBe(0);
  } finally {
    await context.close();
  }
});

it('reaches the controls with Tab and shows where the focus is', async () => {
  const { page } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const cs = getComputedStyle(el);
      return { tag: el.tagName, id: el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 20) ?? '', outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
    });
    expect(f).not.toBeNull();
    expect(['BUTTON', 'SELECT', 'INPUT', 'SUMMARY', 'A', 'CANVAS', 'DIV']).toContain(f!.tag);
    if (f!.tag === 'BUTTON') expect(f!.outline).toBe(true);
    seen.add(f!.id);
  }
  for (const id of ['view-ward', 'play-pause', 'speed-60', 'role-student', 'bed-button-bed-3', 'silence', 'tab-learner']) expect(seen).toContain(id);
  await page.close();
});
