/**
 * Student mode in real Chromium is a student-role connection to the engine's Web Worker, not a hidden
 * panel: after the switch, neither the DOM nor any message the page receives from the worker names the
 * diagnosis (urosepsis), carries the hidden truth, truth episodes, conditions, scenario states or
 * expected actions. The messages are recorded by wrapping the page's Worker before the app starts.
 * The same recording before the switch does contain them, so the checks can fail.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launch, openApp, shotPath } from './browser';
import { until, waitForWard } from './ui-helpers';

const TITLE = 'Urosepsis progressing to septic shock';
/** Text of the scenario's expected actions (their "why"), which only the debrief may show. */
const EXPECTED_WHY = 'Cultures before antibiotics (hour-1 bundle)';

let browser: Browser;
let page: Page;
let errors: string[];

interface Recorder {
  __workerMsgs: unknown[];
}

/** Reasons a message from the worker would leak the answers to a student (empty = clean). */
function leaks(msgs: unknown[]): string[] {
  const out: string[] = [];
  for (const m of msgs) {
    const v = (m as { value?: unknown }).value as Record<string, unknown> | null | undefined;
    const text = JSON.stringify(m, (_k, x) => (x instanceof Object && ArrayBuffer.isView(x) ? '[samples]' : x));
    if (v && typeof v === 'object' && 'truth' in v && v.truth !== undefined) out.push('truth in a numerics frame');
    if (v && (v.type === 'episode' || v.type === 'condition')) out.push(`${String(v.type)} event`);
    if (v && v.type === 'scenario' && !['note', 'lab_result', 'learner_action'].includes(String(v.kind))) out.push(`scenario ${String(v.kind)} event`);
    if (/urosepsis|septic/i.test(text)) out.push('names the diagnosis');
    if (/"scenarioTitle":"/.test(text)) out.push('a scenario title');
    if (/"states":\["/.test(text)) out.push('scenario state names');
    if (text.includes(EXPECTED_WHY)) out.push('expected actions');
  }
  return [...new Set(out)];
}

beforeAll(async () => {
  browser = await launch();
  ({ page, errors } = await openApp(browser, inject('baseUrl'), `e2e&ward=${encodeURIComponent('sepsis-urosepsis.yaml')}`).then(async (r) => {
    // openApp already navigated: install the recorder and load again so it wraps the engine's Worker.
    await r.page.addInitScript(() => {
      const w = window as unknown as Recorder & { Worker: typeof Worker };
      w.__workerMsgs = [];
      const Base = w.Worker;
      w.Worker = class extends Base {
        constructor(url: string | URL, opts?: WorkerOptions) {
          super(url, opts);
          // Registered before the session client's own listener: every message the page gets.
          // Waveform chunks are kept as a marker: they are most of the traffic, and carry samples and
          // channel names only (nothing that could name the answers).
          const hasSamples = (x: unknown, depth: number): boolean =>
            ArrayBuffer.isView(x) || (depth < 4 && x !== null && typeof x === 'object' && Object.values(x).some((v) => hasSamples(v, depth + 1)));
          // A 'batch' (one engine tick's stream values in one message) is recorded value by value, as
          // the 'data' messages it stands for: marking the whole batch as a chunk hid every event in it.
          const record = (m: unknown) => w.__workerMsgs.push(hasSamples(m, 0) ? '[waveform chunk]' : m);
          if (opts?.name === 'wardtwin-engine') {
            this.addEventListener('message', (ev) => {
              const m = ev.data as { t?: string; data?: [number, unknown][] };
              if (m?.t === 'batch' && Array.isArray(m.data)) for (const [subId, value] of m.data) record({ t: 'data', subId, value });
              else record(m);
            });
          }
        }
      };
    });
    await r.page.reload();
    return r;
  }));
  await waitForWard(page, 1);
});
afterAll(async () => {
  await browser?.close();
});

const recorded = () => page.evaluate(() => (window as unknown as Recorder).__workerMsgs);

it('as instructor the page receives and shows the answers (the checks below can fail)', async () => {
  expect(await page.getByTestId('ward-title').textContent()).toContain(TITLE);
  // 60× rather than 'max': at 'max' the page receives hundreds of thousands of messages a minute, and
  // reading them back for the checks would take longer than the test.
  await page.getByTestId('speed-60').click();
  await until(async () => Number((await page.getByTestId('sim-clock').textContent())?.split(':')[1] ?? 0), (m) => m >= 15, 90_000, 'T+15 min');
  expect(leaks(await recorded())).toEqual(expect.arrayContaining(['truth in a numerics frame', 'scenario condition event', 'names the diagnosis', 'a scenario title']));
});

it('in student mode nothing in the DOM or in the worker\'s messages names the diagnosis or carries the truth', async () => {
  // The achieved-speed text reflows the toolbar: click without waiting for it to settle.
  await page.getByTestId('role-student').dispatchEvent('click');
  await page.getByTestId('pin-new').fill('4821');
  await page.getByTestId('pin-confirm').fill('4821');
  await page.getByTestId('pin-ok').click();
  await page.locator('[data-testid="role-student"][aria-pressed="true"]').waitFor();
  // From the host's 'role' event on, the connection is a student's.
  const msgs = await recorded();
  const from = msgs.findIndex((m) => ((m as { value?: { type?: string; role?: string } }).value?.type === 'role' && (m as { value: { role: string } }).value.role === 'student'));
  expect(from).toBeGreaterThan(0);
  // Let the scenario run on (episodes, scripted notes and labs keep coming), looking at every view.
  await until(async () => Number((await page.getByTestId('sim-clock').textContent())?.split(':')[0] ?? 0), (h) => h >= 1, 120_000, 'T+1 h');
  const studentMsgs = (await recorded()).slice(from);
  expect(studentMsgs.length).toBeGreaterThan(50);
  expect(leaks(studentMsgs)).toEqual([]);
  // The scenario's learner-facing story still arrives (the nurse's note at 30 min).
  expect(JSON.stringify(studentMsgs)).toContain('more confused than this morning');

  for (const view of ['view-ward', 'view-monitor', 'view-debrief']) {
    await page.getByTestId(view).click();
    await page.waitForTimeout(500);
    const html = await page.content();
    expect(html, view).not.toMatch(/urosepsis|septic/i);
    expect(html, view).not.toContain(EXPECTED_WHY);
    expect(await page.getByTestId('truth-view').count()).toBe(0);
    expect(await page.getByTestId('tab-instructor').count()).toBe(0);
  }
  await page.getByTestId('view-ward').click();
  await page.screenshot({ path: shotPath('student-mode.png') });
  // The clock is the instructor's: the student's run controls are disabled.
  expect(await page.getByTestId('play-pause').isDisabled()).toBe(true);
  expect(leaks((await recorded()).slice(from))).toEqual([]);
});

it('leaving student mode needs the instructor PIN, checked by the host', async () => {
  await page.getByTestId('role-instructor').dispatchEvent('click');
  await page.getByTestId('pin-enter').fill('0000');
  await page.getByTestId('pin-ok').click();
  await expect.poll(() => page.getByTestId('pin-error').textContent()).toBe('Wrong instructor PIN');
  await page.getByTestId('pin-enter').fill('4821');
  await page.getByTestId('pin-ok').click();
  await page.locator('[data-testid="role-instructor"][aria-pressed="true"]').waitFor();
  await expect.poll(() => page.getByTestId('ward-title').textContent()).toContain(TITLE);
  expect(errors).toEqual([]);
});
