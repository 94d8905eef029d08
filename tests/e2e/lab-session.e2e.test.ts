/**
 * A lab session in real Chromium, as a room would run it (issue 14): `wardtwin lab serve` (the CLI's own
 * serveLab) serves the web UI and the lab on one port; the instructor opens the printed page with the key
 * in the #fragment, three students join by code from the join screen, the instructor assigns beds, each
 * student sees only their beds and no truth — neither in the DOM nor in any WebSocket frame received —
 * one student uploads a module, the instructor's leaderboard shows it, and the gradebook is downloaded
 * and opened.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveLab } from '../../twin-engine/cli/lab';
import { connectLab } from '../../twin-engine/node/lab-client';
import { SIMULATION_NOTICE, type Session } from '../../twin-engine/session/api';
import { launch, shotPath } from './browser';

const EXAMPLE = resolve(import.meta.dirname, '../../modules/examples/spo2-rule-js');
const STUDENTS: { name: string; beds: string[] }[] = [
  { name: 'Ada', beds: ['bed-1', 'bed-2'] },
  { name: 'Ben', beds: ['bed-3'] },
  { name: 'Chioma-42', beds: ['bed-4', 'bed-5'] },
];

let browser: Browser;
let stop: () => void = () => {};
let served: Promise<number>;
let pageUrl = '';
let wsUrl = '';
let code = '';
let key = '';
let out = '';
const printed: string[] = [];
let teacherScript: Session | null = null;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'wardtwin-lab-e2e-'));
  const until = new Promise<void>((r) => (stop = r));
  const ready = new Promise<void>((r) => {
    served = serveLab(['serve', 'scenarios/wards/default.yaml', '--port', '0', '--host', '127.0.0.1', '--seed', '7', '--speed', '5', '--out', out], { stdout: (s) => printed.push(s), stderr: (s) => printed.push(s), isTty: false }, {
      until,
      onReady: (server, lab) => {
        pageUrl = server.pageUrl;
        wsUrl = server.url;
        code = lab.code;
        key = lab.instructorKey;
        r();
      },
    });
    void served.catch(() => r());
  });
  [browser] = await Promise.all([launch(), ready]);
});

afterAll(async () => {
  await teacherScript?.dispose();
  stop();
  await served;
  await browser?.close();
});

/** Every WebSocket frame a page receives, as text. */
function captureFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
  return frames;
}

async function expectBanner(page: Page) {
  await expect.poll(() => page.getByTestId('sim-banner').textContent(), { timeout: 30_000 }).toContain(SIMULATION_NOTICE);
}

it('instructor and three students in Chromium: join by code, beds, no truth, a module on the leaderboard, the gradebook', async () => {
  const t0 = Date.now();
  const step = (what: string) => console.log(`lab e2e: ${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
  // What the CLI prints: the page with the key in the fragment (never in a query string).
  const text = printed.join('\n');
  expect(text).toContain(`Instructor page (keep it to yourself): ${pageUrl}#key=${key}`);
  expect(text).toContain(`Open the lab in a browser on the LAN: ${pageUrl}`);

  step('cli printed');
  // The scenario titles a student must never see (from a script connection as instructor).
  teacherScript = connectLab(wsUrl, { role: 'instructor', token: key });
  const ward = (await teacherScript.status()).ward;
  const titles = [...new Set((ward?.beds ?? []).map((b) => b.scenarioTitle).filter((t): t is string => !!t))];
  expect(titles.length).toBeGreaterThan(0);
  const wardTitle = ward?.title ?? '';

  // Instructor: the printed page, straight into the ward UI with the Lab panel.
  const teacherCtx = await browser.newContext({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
  const teacher = await teacherCtx.newPage();
  const teacherErrors: string[] = [];
  teacher.on('pageerror', (e) => teacherErrors.push(String(e)));
  await teacher.goto(`${pageUrl}?e2e#key=${key}`);
  await teacher.getByTestId('tab-lab').click({ timeout: 60_000 });
  await expectBanner(teacher);
  await expect.poll(() => teacher.getByTestId('lab-code-shown').textContent(), { timeout: 20_000 }).toBe(code);
  expect(await teacher.getByTestId('lab-address').textContent()).toBe(pageUrl);
  expect(await teacher.getByTestId('lab-qr').getAttribute('alt')).toBe(`QR code: ${pageUrl}#code=${code}`);
  expect(await teacher.getByTestId('ward-title').textContent()).toContain(wardTitle);

  step('instructor page ready');
  // Three students, each in a browser context of their own, join through the join screen.
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  // Joined side by side, as a room does (and the test stays short).
  const students = await Promise.all(
    STUDENTS.map(async (s) => {
      const ctx = await browser.newContext({ viewport: { width: 1000, height: 700 } });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${s.name}: ${String(e)}`));
      page.on('console', (m) => m.type() === 'error' && pageErrors.push(`${s.name} console: ${m.text()}`));
      const frames = captureFrames(page);
      await page.goto(`${pageUrl}?e2e`);
      await page.getByTestId('lab-join').waitFor({ timeout: 60_000 });
      await expectBanner(page);
      await page.getByTestId('lab-code').fill(code);
      await page.getByTestId('lab-name').fill(s.name);
      await page.getByTestId('lab-join-go').click();
      return { ...s, page, frames };
    }),
  );
  // A wrong code is refused with the server's reason, on the join screen.
  const strayCtx = await browser.newContext();
  contexts.push(strayCtx);
  const stray = await strayCtx.newPage();
  await stray.goto(`${pageUrl}?e2e#code=WRONG1`);
  expect(await stray.getByTestId('lab-code').inputValue()).toBe('WRONG1');
  await stray.getByTestId('lab-name').fill('Mallory');
  await stray.getByTestId('lab-join-go').click();
  await expect.poll(() => stray.getByTestId('lab-join-error').textContent(), { timeout: 20_000 }).toMatch(/code/i);
  await expectBanner(stray);

  step('students submitted');
  for (const s of students) {
    // Generous: three pages starting their UI at once on a loaded machine.
    const joined = await s.page.getByTestId('lab-badge').waitFor({ timeout: 90_000 }).then(
      () => true,
      () => false,
    );
    expect(joined, `${s.name} did not join: ${(await s.page.locator('body').textContent())?.slice(0, 400)}`).toBe(true);
    expect(await s.page.getByTestId('lab-badge').textContent()).toBe(`Lab · ${s.name} · no beds assigned yet`);
  }

  step('students joined');
  // The roster shows them connected; the instructor assigns beds.
  for (const s of STUDENTS) {
    const row = teacher.getByTestId(`lab-student-${s.name}`);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('connected');
    await teacher.getByTestId(`lab-beds-${s.name}`).fill(s.beds.join(', '));
    await teacher.getByTestId(`lab-assign-${s.name}`).click();
  }
  const assignedAt: number[] = [];
  for (const s of students) {
    await expect.poll(() => s.page.getByTestId('lab-badge').textContent(), { timeout: 20_000 }).toBe(`Lab · ${s.name} · beds ${s.beds.join(', ')}`);
    assignedAt.push(s.frames.length);
  }

  step('beds assigned');
  // Each student: only their beds on screen, no scenario title, the ward shown as "Student mode".
  for (const s of students) {
    await expect.poll(() => s.page.locator('[data-testid^="bed-button-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))), { timeout: 20_000 }).toEqual(s.beds.map((b) => `bed-button-${b}`));
    const body = (await s.page.locator('body').textContent()) ?? '';
    for (const t of titles) expect(body).not.toContain(t);
    expect(body).not.toContain(wardTitle);
    expect(await s.page.getByTestId('ward-title').textContent()).toContain('Student mode');
    expect(await s.page.getByTestId('tab-lab').count()).toBe(0);
    expect(await s.page.getByTestId('tab-instructor').count()).toBe(0);
    await expectBanner(s.page);
  }

  step('dom checked');
  // Ada uploads a module from the AI modules tab; it runs on the lab server.
  const ada = students[0];
  await ada.page.getByTestId('tab-modules').click();
  await ada.page.getByTestId('modules-panel').locator('input[type="file"]').setInputFiles(EXAMPLE);
  await expect.poll(() => ada.page.getByTestId('module-row').first().textContent(), { timeout: 30_000 }).toContain('spo2-rule-js');
  // Ben does not see Ada's module.
  await students[1].page.getByTestId('tab-modules').click();
  await new Promise((r) => setTimeout(r, 1000));
  expect(await students[1].page.getByTestId('module-row').count()).toBe(0);

  step('module attached');
  // The instructor's leaderboard shows it, owned by Ada, beside the monitor.
  const board = teacher.getByTestId('lab-leaderboard');
  await expect.poll(() => board.textContent(), { timeout: 20_000 }).toContain('Ada');
  const row = (await board.locator('tbody tr').first().textContent()) ?? '';
  expect(row).toContain('spo2-rule-js');
  expect(row).toContain('monitor');

  step('leaderboard');
  // A reload brings Ben back as Ben, on his bed (the token in sessionStorage).
  const ben = students[1];
  await ben.page.reload();
  await expectBanner(ben.page);
  await expect.poll(() => ben.page.getByTestId('lab-badge').textContent(), { timeout: 30_000 }).toBe('Lab · Ben · beds bed-3');
  expect(pageErrors).toEqual([]);

  step('reload');
  // No truth in any frame a student received; after the assignment, numerics of their own beds only.
  for (const [i, s] of students.entries()) {
    expect(s.frames.length).toBeGreaterThan(10);
    const all = s.frames.join('\n');
    expect(all).not.toMatch(/"truth"\s*:/);
    expect(all).not.toMatch(/"type"\s*:\s*"episode"/);
    for (const t of [...titles, wardTitle]) expect(all.includes(t), `'${t}' reached ${s.name}`).toBe(false);
    // After the assignment, data for their own beds only.
    const later = s.frames.slice(assignedAt[i]).join('\n');
    const beds = new Set([...later.matchAll(/"bedId"\s*:\s*"([^"]+)"/g)].map((m) => m[1]));
    expect([...beds].filter((b) => !s.beds.includes(b))).toEqual([]);
  }

  // Screenshot for the README: the bedside monitor beside the Lab panel (QR code, roster, leaderboard).
  await teacher.setViewportSize({ width: 1600, height: 1000 });
  await teacher.getByTestId('view-monitor').click();
  await teacher.getByTestId('tab-lab').click();
  await expect.poll(() => board.textContent(), { timeout: 20_000 }).toContain('Ada');
  await teacher.screenshot({ path: shotPath('lab-instructor.png') });

  step('frames checked');
  // The gradebook: the CSV and Ada's report, downloaded as a browser saves them, then opened.
  await teacher.getByTestId('lab-gradebook-make').click();
  const csvLink = teacher.getByTestId('lab-gradebook-csv');
  await csvLink.waitFor({ timeout: 30_000 });
  const [csvDl] = await Promise.all([teacher.waitForEvent('download'), csvLink.click()]);
  expect(csvDl.suggestedFilename()).toBe('gradebook.csv');
  const csv = readFileSync((await csvDl.path()) as string, 'utf8');
  const lines = csv.split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('#'));
  const header = lines[0].split(',');
  const studentCol = header.findIndex((h) => /student/i.test(h));
  expect(studentCol).toBeGreaterThanOrEqual(0);
  const names = lines.slice(1).map((l) => l.split(',')[studentCol].replace(/^"|"$/g, ''));
  for (const s of STUDENTS) expect(names).toContain(s.name);
  expect(lines.slice(1).find((l) => l.includes('spo2-rule-js'))).toContain('Ada');

  const [repDl] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('lab-report-Ada').click()]);
  expect(repDl.suggestedFilename()).toMatch(/\.html$/);
  const report = await teacherCtx.newPage();
  await report.goto(`file://${(await repDl.path()) as string}`);
  const reportText = (await report.locator('body').textContent()) ?? '';
  expect(reportText).toContain('Ada');
  expect(reportText).toContain(SIMULATION_NOTICE);

  // A new code (students already in stay in), and a student removed: their page says so.
  await teacher.getByTestId('lab-rotate').click();
  await expect.poll(() => teacher.getByTestId('lab-code-shown').textContent(), { timeout: 20_000 }).not.toBe(code);
  const cy = students[2];
  await teacher.getByTestId(`lab-remove-${cy.name}`).click();
  await teacher.getByTestId(`lab-remove-confirm-${cy.name}`).click();
  await expect.poll(() => cy.page.getByRole('alert').first().textContent(), { timeout: 20_000 }).toContain('The instructor removed you from the lab');
  await expect.poll(() => teacher.getByTestId('lab-roster').textContent(), { timeout: 20_000 }).not.toContain(cy.name);
  await expectBanner(cy.page);

  expect(teacherErrors).toEqual([]);
  for (const c of contexts) await c.close();
  await teacherCtx.close();
  step('done');
}, 300_000);
