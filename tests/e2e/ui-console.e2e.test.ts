/**
 * Instructor and learner in real Chromium: inject a hemorrhage and see HR rise and an alarm; give
 * fluids (as the learner) and find them on the debrief timeline; attach a reference module and see its
 * finding; the debrief shows module metrics; student mode hides the truth; a rejected intervention
 * shows the engine's message.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { numeric, selectBedByButton, waitForWard, type UiWindow } from './ui-helpers';

let browser: Browser;
let page: Page;
let errors: string[];
beforeAll(async () => {
  browser = await launch();
  ({ page, errors } = await openApp(browser, inject('baseUrl')));
});
afterAll(async () => {
  await browser?.close();
});

it('attaches a reference module and shows its status and model card', async () => {
  await waitForWard(page);
  await page.getByTestId('tab-modules').click();
  await page.getByTestId('attach-module').click();
  await expect.poll(() => page.getByTestId('module-row').count(), { timeout: 30_000 }).toBe(1);
  await expect.poll(() => page.getByTestId('module-status').textContent()).toBe('running');
  await page.getByRole('button', { name: 'Model card' }).last().click();
  await page.getByTestId('model-card').waitFor();
  expect(await page.getByTestId('model-card').textContent()).toMatch(/intended use/i);
  // The sim-to-real calibration table (docs/calibration.json) beside the reference modules.
  const cal = page.getByTestId('calibration-table');
  await cal.locator('summary').click();
  expect(await cal.textContent()).toMatch(/Sim-to-real calibration: \d of 6 .*shock-index.*(pass|fail|not judged)/s);
});

it('injects a hemorrhage: heart rate rises, an alarm appears, and the module\'s finding shows beside it', async () => {
  await selectBedByButton(page, 'bed-2'); // a stable patient
  await page.getByTestId('tab-instructor').click();
  const hr0 = (await numeric(page, 'bed-2', 'hrBpm')) as number;
  expect(hr0).toBeGreaterThan(30);
  const form = page.getByRole('form', { name: 'Inject a condition' });
  await form.getByLabel('Condition').selectOption('hemorrhage');
  await form.getByLabel('Ramp (min)').fill('2');
  await form.getByLabel(/Severity/).fill('1');
  await page.getByTestId('inject-condition').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.eventCount('condition'))).toBe(1);
  await page.getByTestId('speed-60').click();
  await expect.poll(async () => (await numeric(page, 'bed-2', 'hrBpm')) as number, { timeout: 90_000, interval: 250 }).toBeGreaterThan(hr0 + 20);
  await expect.poll(() => page.getByTestId('alarm').count(), { timeout: 90_000, interval: 250 }).toBeGreaterThan(0);
  // The shock-index module (attached above) flags the bleeding bed beside its alarms.
  await expect.poll(() => page.getByTestId('findings-strip').getByTestId('finding').count(), { timeout: 90_000, interval: 250 }).toBeGreaterThan(0);
  await page.getByTestId('speed-1').click();
  expect(await page.getByTestId('finding').first().textContent()).toMatch(/shock-index: Shock index/);
  await page.getByTestId('truth-view').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: shotPath('ui-console.png') });
  await page.getByTestId('tab-modules').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: shotPath('ui-modules.png') });
  // The bedside monitor after the bleed: alarms, module finding, trend of the last minutes.
  await page.getByTestId('view-monitor').click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: shotPath('ui-monitor-bleeding.png') });
  await page.getByTestId('view-ward').click();
});

it('gives fluids as the learner and shows them on the timeline', async () => {
  await page.getByTestId('tab-learner').click();
  await page.getByRole('form', { name: 'Fluids' }).getByLabel('Volume (mL)').fill('1000');
  await page.getByTestId('give-fluids').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.eventCount('intervention'))).toBeGreaterThan(0);
  // A rejected intervention shows the engine's own message.
  const drug = page.getByRole('form', { name: 'Drugs' });
  await drug.getByLabel('Dose').fill('');
  await page.getByTestId('give-drug').click();
  await expect.poll(() => drug.getByTestId('form-error').textContent()).toMatch(/dose/i);
  // The formulary (issue 15): choosing a drug fills its usual dose, unit and route; a wrong dose is refused
  // in the user's words and units, and a dose in grams reaches the engine in mg.
  await drug.getByLabel('Drug').selectOption('antibiotics');
  expect(await drug.getByLabel('Dose').inputValue()).toBe('4.5');
  expect(await drug.getByLabel('Unit', { exact: true }).inputValue()).toBe('g');
  expect(await drug.getByTestId('drug-usual').textContent()).toMatch(/^Usual: 4\.5 g IV — sepsis/);
  await drug.getByLabel('Dose').fill('0.4');
  await drug.getByLabel('Unit', { exact: true }).selectOption('mg');
  await page.getByTestId('give-drug').click();
  await expect
    .poll(() => drug.getByTestId('form-error').textContent())
    .toBe('0.4 mg of Antibiotics (piperacillin–tazobactam) is outside the range WardTwin accepts for one dose, 100–5000 mg (usual: 4.5 g IV).');
  const before = await page.evaluate(() => (window as unknown as UiWindow).__wardtwin.eventCount('intervention'));
  await drug.getByLabel('Drug').selectOption('antibiotics'); // unchanged selection: the dose stays as typed
  await drug.getByLabel('Dose').fill('4.5');
  await drug.getByLabel('Unit', { exact: true }).selectOption('g');
  await page.getByTestId('give-drug').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as UiWindow).__wardtwin.eventCount('intervention'))).toBe(before + 1);
  expect(await drug.getByTestId('form-error').count()).toBe(0);
  // A lab result comes with its time, reference range and flag (issue 15).
  await page.getByTestId('tab-labs').click();
  await page.getByTestId('labs-panel').getByLabel('Panel').selectOption('abg');
  await page.getByTestId('order-lab').click();
  // Imaging through the same panel: a written report consistent with the patient (a bleed: clear lungs).
  await page.getByTestId('labs-panel').getByLabel('Panel').selectOption('chest_xray');
  await page.getByTestId('order-lab').click();
  await page.getByTestId('speed-60').click();
  const k = page.getByTestId('labs-panel').getByTestId('lab-value').first();
  await k.waitFor({ timeout: 60_000 });
  const cxr = page.getByTestId('labs-panel').getByTestId('imaging-report');
  await cxr.waitFor({ timeout: 120_000 });
  // Bed 2 bleeds with clear lungs: the impression is normal, or the heart of its heart-failure history.
  const impression = /^Portable AP chest radiograph\. Findings: .+ Impression: (.+)$/.exec((await cxr.textContent()) ?? '')?.[1];
  expect(['No acute cardiopulmonary abnormality.', 'Cardiomegaly.']).toContain(impression);
  await page.getByTestId('speed-1').click();
  const text = (await k.textContent()) ?? '';
  const m = /^pH (\d\.\d\d)( [LH])? \(7\.35–7\.45\)$/.exec(text);
  expect(m, text).not.toBeNull();
  const v = Number(m![1]);
  expect(await k.getAttribute('data-flag')).toBe(v < 7.35 ? 'L' : v > 7.45 ? 'H' : '');
  expect(await page.getByTestId('lab-row').first().locator('td').nth(2).textContent()).toMatch(/^\d+:\d\d:\d\d$/);
  await page.getByTestId('tab-learner').click();
  await page.getByTestId('view-debrief').click();
  const marks = page.getByTestId('timeline-bed-2').locator('g[data-kind="intervention"]');
  await expect.poll(() => marks.count()).toBe(2);
  expect(await marks.first().locator('title').textContent()).toMatch(/learner: fluid bolus 1000 mL/);
  expect(await marks.nth(1).locator('title').textContent()).toMatch(/learner: drug bolus antibiotics/);
  await page.getByTestId('view-ward').click();
});

it('opens the debrief with module metrics against the monitor baseline and exports both files', async () => {
  await page.getByTestId('view-debrief').click();
  const metrics = page.getByTestId('module-metrics');
  await expect.poll(() => metrics.locator('table.metrics tbody tr').count()).toBe(2);
  const text = (await metrics.textContent()) ?? '';
  expect(text).toMatch(/shock-index/);
  expect(text).toMatch(/bedside monitor/);
  expect(text).toMatch(/\d+ \/ \d+/);
  // Traceable (issue 15): every missed episode and false alert listed under the table is marked on the
  // timelines — the module's missed episodes outlined, every false alert (module's and monitor's) ringed.
  const listed = await page.getByTestId('module-cases').evaluate((el) => {
    const hs = [...el.querySelectorAll('h4')];
    const items = (h: Element, re: RegExp) => [...(h.nextElementSibling?.tagName === 'UL' ? h.nextElementSibling.querySelectorAll('li') : [])].filter((li) => re.test(li.textContent ?? '')).length;
    return { missed: items(hs[0], /^missed /), falses: hs.reduce((n, h) => n + items(h, /^false /), 0) };
  });
  const timelines = page.getByTestId('timelines');
  expect(await timelines.locator('g[data-case="missed"]').count()).toBe(listed.missed);
  expect(await timelines.locator('g[data-case="false"]').count()).toBe(listed.falses);
  expect(await timelines.locator('g[data-legend]').count()).toBe(await timelines.locator('svg').count());
  expect(await metrics.textContent()).toMatch(/'vs bedside monitor' row scores the monitor's own alarms/);
  // Expected actions in words, never the scenario's raw expressions; no "pending" beside a time done.
  const checklist = (await page.getByTestId('expected-actions').textContent()) ?? '';
  expect(checklist).not.toMatch(/truth\.|measured\.|episode\.|_mmhg|pending/);
  await page.getByTestId('debrief-learner').fill('Ada Lovelace (s1234)');
  await page.waitForTimeout(500);
  await page.screenshot({ path: shotPath('ui-debrief.png'), fullPage: false });
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
  expect(report.suggestedFilename()).toMatch(/^wardtwin-debrief-Ada_Lovelace_s1234_-/);
  const html = await (await report.createReadStream())!.toArray().then((c) => Buffer.concat(c).toString('utf8'));
  expect(html).toContain('<p class="learner" data-learner>Learner: <b>Ada Lovelace (s1234)</b></p>');
  expect(html).toContain('SIMULATION — NOT FOR CLINICAL USE');
  expect(html).toContain('<svg');
  expect(html).not.toMatch(/<script|src=|href=/);
  const [data] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-data').click()]);
  const json = JSON.parse(await (await data.createReadStream())!.toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(json).toMatchObject({ format: 'wardtwin-session-export', synthetic: true, learner: 'Ada Lovelace (s1234)' });
  expect(json.provenance).toContain('NOT FOR CLINICAL USE');
  expect(json.snapshot.format).toBe('wardtwin-session');
  expect(json.events.some((e: { type: string }) => e.type === 'intervention')).toBe(true);
});

it('hides the truth in student mode', async () => {
  await page.getByTestId('role-student').click();
  // The first switch sets the instructor's PIN (the host keeps its salted hash).
  await page.getByTestId('pin-new').fill('4821');
  await page.getByTestId('pin-confirm').fill('4821');
  await page.getByTestId('pin-ok').click();
  await page.locator('[data-testid="role-student"][aria-pressed="true"]').waitFor();
  await page.getByTestId('view-ward').click();
  expect(await page.getByTestId('tab-instructor').count()).toBe(0);
  expect(await page.getByTestId('truth-view').count()).toBe(0);
  expect(await page.getByTestId('monitor-panel').locator('header').textContent()).not.toContain('bleeding');
  await page.getByTestId('tab-events').click();
  expect(await page.getByTestId('event-log').textContent()).not.toMatch(/truth episode|hemorrhage started/);
  await page.getByTestId('view-debrief').click();
  expect(await page.getByTestId('timelines').locator('g[data-kind="episode"]').count()).toBe(0);
  await page.getByTestId('role-instructor').click();
  await page.getByTestId('pin-enter').fill('4821');
  await page.getByTestId('pin-ok').click();
  await page.locator('[data-testid="role-instructor"][aria-pressed="true"]').waitFor();
  expect(errors).toEqual([]);
});
