/**
 * `npm start` on a machine without the Electron binary: it says why in one line, serves the browser
 * host, and a browser can open and use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { launch } from './browser';

const ROOT = resolve(import.meta.dirname, '../..');
let child: ChildProcess | null = null;

afterAll(() => {
  child?.kill('SIGTERM');
});

it('explains why Electron cannot start and serves a usable browser host', async (ctx) => {
  if (existsSync(resolve(ROOT, 'node_modules/electron/path.txt')) && process.env.DISPLAY) {
    ctx.skip('An Electron binary and a display exist here, so npm start opens Electron instead');
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  child = spawn(process.execPath, [resolve(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), WARDTWIN_NO_ELECTRON_FETCH: '1', DISPLAY: '' },
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  await expect.poll(() => out, { timeout: 120_000, interval: 500 }).toMatch(/running at (http:\/\/\S+)/);
  const why = out.split('\n').find((l) => l.startsWith('Electron cannot start here:'));
  expect(why).toMatch(/^Electron cannot start here: .+ — serving the browser host instead\.$/);
  const url = /running at (http:\/\/\S+)/.exec(out)![1];
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    // A fresh start asks which mode to run in (instructor or student), before any ward is shown.
    await page.getByTestId('start-dialog').waitFor({ timeout: 60_000 });
    await page.getByTestId('start-instructor').click();
    await page.getByTestId('start-go').click();
    // A fresh profile: the simulation notice is acknowledged first, and only then does the clock run.
    await page.getByTestId('ack-accept').click({ timeout: 60_000 });
    await expect.poll(async () => Number(await page.getByTestId('num-hr').textContent()), { timeout: 60_000 }).toBeGreaterThan(30);
    // Usable: pausing stops the simulated clock.
    await page.getByTestId('play-pause').click();
    // The pause takes effect when the engine says so (its run_state event), not at the click.
    await expect.poll(async () => page.getByTestId('play-pause').textContent(), { timeout: 10_000 }).toMatch(/Play|Resume/);
    const t1 = await page.getByTestId('sim-clock').textContent();
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('sim-clock').textContent()).toBe(t1);
  } finally {
    await browser.close();
  }
});
