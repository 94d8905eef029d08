/**
 * Crash resume in the browser host: a page whose renderer crashes (no clean shutdown) is offered back
 * at the next start; resuming restores the simulated time and the event history (the note written
 * before the crash is on the timeline again). A second tab opened while the first still runs is not offered
 * the first tab's session.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, shotPath } from './browser';
import { waitForWard, type UiWindow } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('offers the crashed session back and resumes it with its history', async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}?e2e`);
    await waitForWard(page);
    await page.getByTestId('speed-60').click();
    await page.getByTestId('tab-instructor').click();
    const note = page.getByRole('form', { name: 'Add a note' });
    await note.getByLabel('Text').fill('Before the crash');
    await note.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.eventCount('note'))).toBe(1);
    await page.waitForTimeout(6500); // one autosave period (5 s) after the note
    // A second tab while the first still runs: the first tab's session is running, not interrupted
    // (its Web Lock is held), so it is not offered there.
    const second = await context.newPage();
    await second.goto(`${inject('baseUrl')}?e2e`);
    await waitForWard(second);
    await second.waitForTimeout(3000);
    expect(await second.getByTestId('resume-dialog').count()).toBe(0);
    await second.close({ runBeforeUnload: true });
    const simBefore = await page.getByTestId('sim-clock').textContent();
    // Crash the renderer: no pagehide, no clean-shutdown marker.
    const cdp = await context.newCDPSession(page);
    // The crash never answers the command: do not wait for it.
    void cdp.send('Page.crash').catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));

    const again = await context.newPage();
    await again.goto(`${inject('baseUrl')}?e2e`);
    await waitForWard(again);
    const dialog = again.getByTestId('resume-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    const offered = (await dialog.textContent()) ?? '';
    expect(offered).toMatch(/Medical ward 7B/);
    // The crashed session (minutes at 60×), not the second tab's, closed normally after 4 s at 1×: its
    // clean marker is written asynchronously on pagehide and was lost under load, so it was offered.
    const offeredS = (/simulated time T\+ ([\d:]+)/.exec(offered)?.[1] ?? '0').split(':').reduce((a, x) => a * 60 + Number(x), 0);
    expect(offeredS, offered).toBeGreaterThan(60);
    await again.screenshot({ path: shotPath('ui-resume.png') });
    await again.getByTestId('resume-accept').click();
    await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0);
    // The history arrives once the resumed session has replayed to its autosave (11 simulated minutes of
    // 8 beds: 5–8 s in Chromium here), not within expect.poll's default 5 s.
    await expect.poll(() => again.evaluate(() => (window as unknown as UiWindow).__wardtwin.eventCount('note')), { timeout: 30_000 }).toBe(1);
    // Simulated time continues from the autosave (at most one autosave period before the crash).
    const toS = (c: string | null) => (c ?? '0:0:0').split(':').reduce((a, x) => a * 60 + Number(x), 0);
    await expect.poll(async () => toS(await again.getByTestId('sim-clock').textContent())).toBeGreaterThan(toS(simBefore) - 60 * 6);
    expect(toS(await again.getByTestId('sim-clock').textContent())).toBeGreaterThan(60);
    await again.getByTestId('view-debrief').click();
    expect(await again.getByTestId('timeline-bed-1').locator('g[data-kind="note"] title').first().textContent()).toContain('Before the crash');
  } finally {
    await context.close();
  }
});
