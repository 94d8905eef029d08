/** Invalid values are flagged at their field with the validator's own message, and cannot be saved. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { openEditor, waitForPreview } from './editor-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('flags age 900 at the Age field and blocks saving; the preview shows seeds as a band', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'), 'e2e#/editor');
  await openEditor(page, 'sepsis-pneumonia-branching.yaml');
  let p = await waitForPreview(page);

  await page.locator('input[data-path="patient.age"]').fill('900 y');
  const msg = page.locator('[data-diag-path="patient.age"]');
  await expect.poll(() => msg.textContent(), { timeout: 10_000 }).toContain("expected an age between 18 y and 100 y, found '900 y'");
  expect(await page.locator('input[data-path="patient.age"]').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByTestId('save').isDisabled()).toBe(true);
  expect(await page.getByTestId('cannot-save').textContent()).toContain('1 problem');
  // An unknown top-level key has no field: it is listed with file:line:column.
  await page.getByTestId('tab-yaml').click();
  const raw = page.getByTestId('raw-yaml');
  await raw.fill((await raw.inputValue()).replace('level: intermediate', 'level: intermediate\nflavour: mint'));
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect.poll(() => page.getByTestId('problems').textContent()).toMatch(/sepsis-pneumonia-branching\.yaml:\d+:1: flavour:/);
  await page.screenshot({ path: shotPath('editor-invalid.png') });

  // Fix both; the preview resumes. Then a treated learner path and a 5-seed band.
  await page.getByTestId('tab-yaml').click();
  await raw.fill((await raw.inputValue()).replace('\nflavour: mint', '').replace('age: 900 y', 'age: 64 y'));
  await page.getByRole('tab', { name: 'Form' }).click();
  p = await waitForPreview(page, p.rev);
  const untreated = p.mapMin;
  await page.getByLabel('With learner actions').check();
  p = await waitForPreview(page, p.rev);
  expect(p.mapMin).toBeGreaterThan(untreated + 5); // antibiotics at 20 min keep the pressure up
  await page.getByLabel('Number of seeds (band)').selectOption('5');
  p = await waitForPreview(page, p.rev);
  expect(await page.locator('[data-testid="preview-plot"]').getAttribute('data-seeds')).toBe('5');
  expect(await page.locator('path.ed-band').count()).toBe(8);
  await page.screenshot({ path: shotPath('editor-preview-band.png') });
  expect(errors).toEqual([]);
  await page.close();
});
