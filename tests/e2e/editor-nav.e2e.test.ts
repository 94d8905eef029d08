/**
 * The scenario editor as an instructor reaches and uses it (issue 15): from the ward's navigation and
 * back; "Blank" shows nothing of the previous scenario's preview; the file name follows the id.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp } from './browser';
import { hooks, openEditor, waitForPreview } from './editor-helpers';
import { waitForWard } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const fileName = (page: import('playwright-core').Page) => page.evaluate(() => (window as unknown as { __wardtwinEditor: { fileName(): string } }).__wardtwinEditor.fileName());

it('opens the editor from the ward, clears the preview on Blank, names the file after the id, and goes back', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  await page.getByTestId('open-editor').click();
  await page.getByRole('heading', { name: 'Scenario editor' }).waitFor({ timeout: 30_000 });
  expect(new URL(page.url()).hash).toBe('#/editor');

  await openEditor(page, 'hemorrhage-postop.yaml');
  const bleeding = await waitForPreview(page);
  expect(bleeding.mapMin).toBeLessThan(80); // the hemorrhage's preview is on screen

  await page.selectOption('[data-testid="template-picker"]', 'blank');
  await expect.poll(() => fileName(page)).toBe('new-scenario.yaml');
  // Nothing of the bleeding patient's curves stays: either no run yet, or the blank scenario's own.
  const p = await hooks(page).preview();
  expect(p.seeds === 0 || p.min.map > bleeding.mapMin + 5, JSON.stringify(p)).toBe(true);

  await page.locator('input[data-path="id"]').fill('chest-pain-night-shift');
  await expect.poll(() => fileName(page)).toBe('chest-pain-night-shift.yaml');
  expect(await page.locator('.ed-file').textContent()).toMatch(/^chest-pain-night-shift\.yaml/);

  await page.getByRole('link', { name: /Back to the ward/ }).click();
  await waitForWard(page);
  expect(await page.getByTestId('open-editor').count()).toBe(1);
  expect(errors).toEqual([]);
  await page.close(); // its ward would keep playing and drawing beside the next test
}, 180_000);

it("keeps the ward running while the editor is open, and puts a checked scenario on the ward and in its library", async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  // The ward's clock (hidden while the editor shows, still written) in seconds.
  const clock = async () => ((await page.getByTestId('sim-clock').textContent()) ?? '0:0:0').split(':').reduce((a, x) => a * 60 + Number(x), 0);
  await page.getByTestId('open-editor').click();
  await openEditor(page, 'opioid-overdose.yaml');
  const eventsInEditor = await clock();
  await page.getByTestId('test-load').click();
  await expect.poll(() => page.getByTestId('test-load-result').getAttribute('data-ok'), { timeout: 60_000 }).toBe('true');
  // The ward's session did not end when the editor opened: its clock runs on.
  await expect.poll(clock, { timeout: 30_000 }).toBeGreaterThan(eventsInEditor);
  await page.getByTestId('open-on-ward').click();
  // The running session is replaced only after asking (it is kept under Recent sessions).
  await page.getByTestId('confirm-dialog').waitFor({ timeout: 30_000 });
  await page.getByTestId('confirm-ok').click();
  await expect.poll(() => page.getByTestId('ward-title').textContent(), { timeout: 30_000 }).toMatch(/^Opioid .* · 1 bed$/);
  // ...and the saved file is in the ward's library.
  await page.getByTestId('tab-instructor').click();
  const options = await page.getByTestId('load-panel').getByLabel('Built-in library').locator('option').allTextContents();
  expect(options).toContain('Saved scenario: ' + (await page.getByTestId('ward-title').textContent())!.replace(/ · 1 bed$/, '') + ' (opioid-overdose.yaml)');
  expect(errors).toEqual([]);
}, 240_000);

