/**
 * Main-thread breakdown of the `ui.ward24` page while it measures: a Chromium trace (devtools.timeline)
 * over the same window, every main-thread task classed by what started it (animation frame, message
 * from the engine worker, timer, IndexedDB/promise callbacks …) with its JavaScript time (outermost
 * script events) and its whole duration. Used to find where `ui.ward24.js_ms_per_frame` goes.
 *   node --import tsx tests/bench/ui-trace.ts [measureMs]
 */
import { openWard24 } from './ui-bench';

const measureMs = Number(process.argv[2] ?? 8000);

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string; data?: { type?: string; functionName?: string; url?: string; lineNumber?: number } } }

const { browser, page, close } = await openWard24({ build: !process.env.NO_BUILD, minify: false });
try {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'toplevel'] });
  const stats = (await page.evaluate(`window.__wardtwin.measureFrames(${measureMs})`)) as { frames: number; frameMsP50: number };
  const buf = await browser.stopTracing();
  const trace = JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] };
  const ev = trace.traceEvents;
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && ev.some((x) => x.pid === e.pid && x.name === 'FireAnimationFrame'));
  if (!main) throw new Error('no renderer main thread in the trace');
  const mine = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const JS = new Set(['FunctionCall', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'RunMicrotasks', 'EvaluateScript', 'v8.run', 'V8.Execute', 'FireIdleCallback', 'v8.callFunction']);
  const tasks = mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const cls = new Map<string, { n: number; jsMs: number; allMs: number }>();
  let ti = 0;
  let jsTotal = 0;
  for (const t of tasks) {
    const end = t.ts + (t.dur ?? 0);
    let kind = '';
    let fn = '';
    let js = 0;
    let jsEnd = -1;
    while (ti < mine.length && mine[ti].ts < t.ts) ti++;
    for (let j = ti; j < mine.length && mine[j].ts < end; j++) {
      const e = mine[j];
      if (!kind && e !== t && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') kind = e.name === 'EventDispatch' ? `EventDispatch:${e.args?.data?.type}` : e.name === 'FunctionCall' ? `FunctionCall:${e.args?.data?.functionName || '?'}` : e.name;
      if (!fn && e.name === 'FunctionCall') fn = ` ${e.args?.data?.functionName || 'anon'}@${(e.args?.data?.url ?? '').split('/').pop()}:${e.args?.data?.lineNumber ?? ''}`;
      if (JS.has(e.name) && e.ts >= jsEnd) {
        js += e.dur ?? 0;
        jsEnd = e.ts + (e.dur ?? 0);
      }
    }
    const key = (kind || '(none)') + fn;
    const c = cls.get(key) ?? { n: 0, jsMs: 0, allMs: 0 };
    c.n++;
    c.jsMs += js / 1000;
    c.allMs += (t.dur ?? 0) / 1000;
    cls.set(key, c);
    jsTotal += js / 1000;
  }
  const f = stats.frames;
  console.log(`frames ${f} p50 ${stats.frameMsP50.toFixed(1)} ms over ${measureMs} ms; JS ${(jsTotal / f).toFixed(2)} ms/frame, ${((jsTotal * 1000) / measureMs).toFixed(1)} ms per s`);
  console.log('   tasks  JS ms/s  all ms/s  first event');
  for (const [k, c] of [...cls].sort((a, b) => b[1].jsMs - a[1].jsMs).slice(0, 14)) console.log(`${String(c.n).padStart(8)} ${((c.jsMs * 1000) / measureMs).toFixed(2).padStart(8)} ${((c.allMs * 1000) / measureMs).toFixed(2).padStart(9)}  ${k}`);
} finally {
  await close();
}
