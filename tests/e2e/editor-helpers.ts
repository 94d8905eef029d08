/** Shared steps of the scenario-editor end-to-end tests (real Chromium, browser host). */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface EditorHooks {
  text(): string;
  fileName(): string;
  diagnostics(): { path: string; message: string }[];
  preview(): { status: string; requestId: number; latencyMs: number | null; seeds: number; min: Record<string, number>; max: Record<string, number> };
}

export const hooks = (page: Page) => ({
  text: () => page.evaluate(() => (window as unknown as { __wardtwinEditor: EditorHooks }).__wardtwinEditor.text()),
  preview: () => page.evaluate(() => (window as unknown as { __wardtwinEditor: EditorHooks }).__wardtwinEditor.preview()),
});

/** Wait until the preview for the latest edit is plotted (status done, newer than `afterRev`). */
export async function waitForPreview(page: Page, afterRev = -1): Promise<{ rev: number; mapMin: number }> {
  // Wait for a finished preview newer than `afterRev` that then stays the newest for a few polls: on a
  // loaded machine a preview of an intermediate edit can finish after the edit we care about started.
  let lastRev = -1;
  let stable = 0;
  await expect
    .poll(
      async () => {
        const el = page.locator('[data-testid="preview-plot"]');
        if ((await el.count()) === 0) return false;
        const rev = Number(await el.getAttribute('data-rev'));
        const status = await page.locator('.ed-preview').getAttribute('data-status');
        if (!(rev > afterRev && status === 'done')) {
          stable = 0;
          return false;
        }
        stable = rev === lastRev ? stable + 1 : 0;
        lastRev = rev;
        return stable >= 4;
      },
      { timeout: 30_000, interval: 150 },
    )
    .toBe(true);
  const rev = Number(await page.locator('[data-testid="preview-plot"]').getAttribute('data-rev'));
  const mapMin = Number(await page.locator('path[data-series="map"]').getAttribute('data-min'));
  return { rev, mapMin };
}

export async function openEditor(page: Page, template = 'hemorrhage-postop.yaml'): Promise<void> {
  await page.waitForSelector('[data-testid="template-picker"]', { timeout: 30_000 });
  await page.selectOption('[data-testid="template-picker"]', template);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __wardtwinEditor: EditorHooks }).__wardtwinEditor.fileName())).toBe(template);
}
