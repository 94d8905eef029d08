/**
 * `ui.preview.latency_ms`: time from an edit in the scenario editor to the preview plot showing the
 * result, measured in headless Chromium (playwright-core, Debian's chromium) on the browser host's
 * production build. The edit is a real input event on a form field (the hemorrhage severity parameter
 * of hemorrhage-postop.yaml, a 2 h scenario); the clock stops when the plot's `data-rev` changes to the
 * preview of that edit with status done (first seed). It includes the 150 ms validation debounce,
 * parsing, the worker's simulation of the full 2 h and the SVG render. Median of several edits after one
 * warm-up (the worker stays alive between edits, as it does for an instructor).
 */
import { chromium } from 'playwright-core';
// @ts-expect-error — plain ESM helper shared with `npm run web`
import { buildWeb, serveWeb } from '../../scripts/web-host.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** In the page: set the field through React's value setter, fire `input`, wait for the new plot. */
const EDIT_AND_WAIT = `new Promise((resolve, reject) => {
  const input = document.querySelector('input[data-path="parameters.severity.default"]');
  const plotRev = () => Number(document.querySelector('[data-testid="preview-plot"]')?.getAttribute('data-rev') ?? -1);
  if (!input) return reject(new Error('severity field not found'));
  const before = plotRev();
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const t0 = performance.now();
  setter.call(input, '__VALUE__');
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const check = () => {
    const status = document.querySelector('.ed-preview')?.getAttribute('data-status');
    if (plotRev() > before && status === 'done') resolve({ ms: performance.now() - t0, sim: window.__wardtwinEditor.preview().wallMs ?? NaN });
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  setTimeout(() => reject(new Error('preview did not update within 20 s')), 20000);
})`;

export async function benchPreviewLatency(opts: { edits?: number; build?: boolean } = {}): Promise<{ latencyMs: number; samples: number[]; simMs: number[] }> {
  const edits = opts.edits ?? 6;
  if (opts.build !== false) await buildWeb({ quiet: true });
  const { url, close } = await serveWeb({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${url}?e2e#/editor`);
    await page.waitForSelector('[data-testid="template-picker"]');
    await page.selectOption('[data-testid="template-picker"]', 'hemorrhage-postop.yaml');
    await page.waitForSelector('[data-testid="preview-plot"]', { timeout: 60_000 });
    const samples: number[] = [];
    const simMs: number[] = [];
    for (let i = 0; i <= edits; i++) {
      const value = i % 2 === 0 ? '0.7' : '0.8';
      // A string, not a function: this file is typed for Node (no DOM lib) and tsx would inject helpers.
      const r = (await page.evaluate(EDIT_AND_WAIT.replace('__VALUE__', value))) as { ms: number; sim: number };
      if (i > 0) (samples.push(r.ms), simMs.push(r.sim)); // the first edit warms the worker's JIT
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { latencyMs: Math.round(sorted[Math.floor(sorted.length / 2)]), samples: samples.map(Math.round), simMs: simMs.map(Math.round) };
  } finally {
    await browser.close();
    await close();
  }
}

// Run directly: npx tsx tests/bench/preview-bench.ts
if (process.argv[1]?.endsWith('preview-bench.ts')) {
  const r = await benchPreviewLatency();
  process.stdout.write(`${JSON.stringify({ bench: 'ui.preview.latency_ms', value: r.latencyMs, unit: 'ms', samples: r.samples, worker_sim_ms: r.simMs })}\n`);
}
