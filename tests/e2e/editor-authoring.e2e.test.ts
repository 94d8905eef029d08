/**
 * Scenario editor, end to end in real Chromium: template → edit the bleeding rate → the preview's MAP
 * falls further → add an expected action → a hand-written comment survives → Save as → the downloaded
 * file passes `wardtwin validate` and loads in the ward engine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { hooks, openEditor, waitForPreview } from './editor-helpers';

const ROOT = resolve(import.meta.dirname, '../..');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('authors a scenario from a template with a live preview, and saves a file the CLI and the ward accept', async () => {
  const { page, errors } = await openApp(browser, inject('baseUrl'), 'e2e#/editor');
  await openEditor(page, 'hemorrhage-postop.yaml');
  let p = await waitForPreview(page);

  // A comment written by hand in the raw YAML...
  await page.getByTestId('tab-yaml').click();
  const raw = page.getByTestId('raw-yaml');
  const text0 = await raw.inputValue();
  await raw.fill(text0.replace('  weight: 64 kg\n', '  weight: 64 kg # weighed on the ward, day 1\n'));
  await page.getByRole('tab', { name: 'Form' }).click();
  p = await waitForPreview(page, p.rev);

  // Set the bleeding rate on the hemorrhage event: + field → Parameters → rateMlPerMin.
  const body = 'timeline[0].action.start_condition';
  await page.locator(`[data-item="timeline[0]"] select.ed-add-field`).selectOption('params');
  await page.locator(`[data-path="${body}.params"] input[aria-label="New parameter name"]`).fill('rateMlPerMin');
  await page.locator(`[data-path="${body}.params"] button[type="submit"]`).click();
  const rate = page.locator(`input[data-path="${body}.params.rateMlPerMin"]`);
  await rate.fill('10 mL/min');
  p = await waitForPreview(page, p.rev);
  const slowMin = p.mapMin;
  await rate.fill('20 mL/min');
  p = await waitForPreview(page, p.rev);
  const fastMin = p.mapMin;
  expect(fastMin).toBeLessThan(slowMin - 5); // ~86 → ~75 mmHg
  expect((await hooks(page).preview()).min.map).toBeCloseTo(fastMin, 3);

  // Add an expected action with a deadline.
  await page.getByTestId('add-expected').click();
  const n = await page.locator('[data-expected]').count();
  await page.locator(`select[data-path="expected_actions[${n - 1}].action"]`).selectOption('hemorrhage_control');
  await page.locator(`input[data-path="expected_actions[${n - 1}].within"]`).fill('30 min');
  await page.locator(`input[data-path="expected_actions[${n - 1}].of"]`).fill('episode.hypotension');
  // ...and an edit elsewhere in the same section.
  await page.locator('input[data-path="patient.weight"]').fill('66 kg');
  p = await waitForPreview(page, p.rev);

  const text = await hooks(page).text();
  expect(text).toContain('weight: 66 kg # weighed on the ward, day 1');
  expect(text).toContain('params: { rateMlPerMin: 20 mL/min }');
  expect(text).toContain('action: hemorrhage_control');
  // Untouched sections are byte-identical (the folded description keeps its author's line breaks).
  expect(text).toContain(text0.slice(text0.indexOf('description:'), text0.indexOf('objectives:')));
  await expect.poll(() => page.getByTestId('validation-ok').count()).toBe(1);

  await page.screenshot({ path: shotPath('editor-authoring.png'), fullPage: false });

  // Save as a new file: download, validate with the CLI, load in the ward engine.
  await page.getByTestId('save-as').click();
  await page.locator('form.ed-saveas input[name="id"]').fill('hemorrhage-faster');
  await page.locator('form.ed-saveas input[name="title"]').fill('Faster concealed bleed');
  await page.locator('form.ed-saveas input[name="author"]').fill('E2E instructor');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-as-confirm').click()]);
  expect(download.suggestedFilename()).toBe('hemorrhage-faster.yaml');
  const saved = readFileSync((await download.path())!, 'utf8');
  expect(saved).toContain('id: hemorrhage-faster');
  expect(saved).toContain('author: E2E instructor');
  expect(saved).toContain('# weighed on the ward, day 1');
  const dir = mkdtempSync(join(tmpdir(), 'wardtwin-editor-'));
  const file = join(dir, 'hemorrhage-faster.yaml');
  writeFileSync(file, saved);
  const out = execFileSync(process.execPath, [join(ROOT, 'bin/wardtwin.mjs'), 'validate', file], { cwd: ROOT, encoding: 'utf8' });
  expect(out).toMatch(/OK/);
  expect(out).toMatch(/4 expected actions/);

  // Kept in the local saved list, and loads in a ward Session.
  const list = await page.evaluate(() => JSON.parse(localStorage.getItem('wardtwin.editor.saved.v1') ?? '[]') as { fileName: string }[]);
  expect(list.map((f) => f.fileName)).toContain('hemorrhage-faster.yaml');
  await page.getByTestId('test-load').click();
  await expect.poll(() => page.getByTestId('test-load-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
  await page.screenshot({ path: shotPath('editor-saved.png') });
  expect(errors).toEqual([]);
  await page.close();
});
