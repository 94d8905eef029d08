/**
 * The app's module upload (AI modules tab → folder input) in real Chromium refuses the same broken
 * module with the same message as `wardtwin module check` (tests/modules/toolchain.test.ts asserts the
 * CLI side): one compiler in the engine, whichever host runs it.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { waitForWard } from './ui-helpers';

const FIXTURES = resolve(import.meta.dirname, '../modules/fixtures');
/** Exactly the line `wardtwin module check tests/modules/fixtures/syntax-error` prints. */
const SYNTAX = 'index.ts:10:18: syntax error: Unexpected token, expected ")"';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('refuses the syntax-error module uploaded through the UI with the CLI\'s file:line:column message', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'));
  await waitForWard(page);
  await page.getByTestId('tab-modules').click();
  const input = page.getByTestId('modules-panel').locator('input[type="file"]');
  await input.setInputFiles(resolve(FIXTURES, 'syntax-error'));
  const shown = page.getByTestId('modules-panel').getByTestId('form-error');
  await shown.waitFor({ timeout: 30_000 });
  expect(await shown.textContent()).toBe(`Module 'syntax-error' (uploaded) refused:\n  - ${SYNTAX}`);
  expect(await page.getByTestId('module-row').count()).toBe(0);
  await page.screenshot({ path: shotPath('module-upload-syntax-error.png') });

  // The same upload path refuses a request for the hidden truth by name, with its line.
  await input.setInputFiles(resolve(FIXTURES, 'truth-subscribe'));
  await expect.poll(() => shown.textContent(), { timeout: 30_000 }).toMatch(/^Module 'truth-subscribe' \(uploaded\) refused:\n {2}- module\.yaml:8:15: subscribes\.truth: 'truth' asks for the hidden truth: modules only see what the bedside monitor shows/);
  expect(errors).toEqual([]);
});
