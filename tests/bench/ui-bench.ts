/**
 * UI benchmark: the 24-bed ward (scenarios/wards/bench-24.yaml) in headless Chromium through the browser
 * host, engine in its Web Worker. Measures frame time (rAF intervals), draw calls per frame
 * (renderer.info.render.calls) and main-thread JavaScript per frame (Chrome's ScriptDuration over the
 * measured frames). Headless Chromium renders WebGL with SwiftShader (on the CPU), so frame time here
 * is an upper bound of what a GPU machine shows; draw calls and JS per frame transfer directly.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
// @ts-expect-error — plain ESM helper shared with `npm run web`
import { buildWeb, serveWeb } from '../../scripts/web-host.mjs';

export interface UiWard24Result {
  'ui.ward24.frame_ms_p50': number;
  'ui.ward24.frame_ms_p95': number;
  'ui.ward24.draw_calls': number;
  'ui.ward24.js_ms_per_frame': number;
  frames: number;
  triangles: number;
  beds: number;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function benchUiWard24(opts: { build?: boolean; measureMs?: number } = {}): Promise<UiWard24Result> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  if (opts.build !== false) await buildWeb({ quiet: true });
  const server = await serveWeb({ port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.url}?e2e&ward=${encodeURIComponent('wards/bench-24.yaml')}`);
    await page.waitForSelector('[data-testid="ward-scene"] canvas', { timeout: 120_000 });
    const hooks = 'window.__wardtwin';
    const deadline = Date.now() + 120_000;
    while ((await page.evaluate(`${hooks}?.bedsInScene() ?? 0`)) !== 24) {
      if (Date.now() > deadline) throw new Error('the 24-bed ward did not appear');
      await page.waitForTimeout(250);
    }
    // Warm up: streams flowing, textures uploaded, shaders compiled.
    await page.waitForTimeout(4000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const scriptS = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
    };
    const s0 = await scriptS();
    const stats = (await page.evaluate(`${hooks}.measureFrames(${opts.measureMs ?? 8000})`)) as { frames: number; frameMsP50: number; frameMsP95: number; drawCalls: number; triangles: number };
    const s1 = await scriptS();
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      'ui.ward24.frame_ms_p50': round(stats.frameMsP50),
      'ui.ward24.frame_ms_p95': round(stats.frameMsP95),
      'ui.ward24.draw_calls': stats.drawCalls,
      'ui.ward24.js_ms_per_frame': round(((s1 - s0) * 1000) / Math.max(1, stats.frames)),
      frames: stats.frames,
      triangles: stats.triangles,
      beds: 24,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

// `node --import tsx tests/bench/ui-bench.ts` runs it alone.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = await benchUiWard24();
  for (const [k, v] of Object.entries(r)) if (k.startsWith('ui.')) process.stdout.write(`${JSON.stringify({ bench: k, value: v, unit: k.endsWith('draw_calls') ? 'calls' : 'ms', frames: r.frames })}\n`);
}
