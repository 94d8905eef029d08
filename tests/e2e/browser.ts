/** Real Chromium for end-to-end tests (Debian's package; never a downloaded browser). */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS_DIR = resolve(import.meta.dirname, '../../test-results/e2e');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** Open the app; collects console errors so a test can assert there were none. */
export async function openApp(browser: Browser, baseUrl: string, query = 'e2e'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${baseUrl}?${query}`);
  return { page, errors };
}

/**
 * A page for tests that drive their own sessions through `createSession()` and look at no screen: opened
 * on the editor route, where no ward session runs and no 3D scene renders, so the test's own session has
 * the CPU. One such page can serve a whole file (each test disposes its sessions); a full ward page per
 * test, left open, kept its ward playing and drawing beside every later test.
 */
export async function openEngine(browser: Browser, baseUrl: string): Promise<{ page: Page; errors: string[] }> {
  const r = await openApp(browser, baseUrl, 'e2e#/editor');
  await r.page.waitForFunction(() => window.__wardtwin !== undefined);
  return r;
}

export function shotPath(name: string): string {
  mkdirSync(SHOTS_DIR, { recursive: true });
  return resolve(SHOTS_DIR, name);
}

/** The page's read-only test hooks (renderer/src/test-hooks.ts), as the tests see them. */
declare global {
  interface Window {
    __wardtwin?: {
      bedsInScene(): number;
      ecgSamplesWritten(): number;
      createSession(): { dispose(): Promise<void> };
    };
  }
}
