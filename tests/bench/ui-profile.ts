/**
 * Where the main thread's JavaScript goes while `ui.ward24` measures: the same page, the same wait, then
 * Chromium's sampling profiler (CDP Profiler) over the measured window. Prints the top self-time functions
 * (unminified build) and the bench's own numbers for the same window.
 *   [PAUSED=1] [PROFILE_OUT=x.cpuprofile] [NO_BUILD=1] node --import tsx tests/bench/ui-profile.ts [measureMs] [top]
 */
import { writeFileSync } from 'node:fs';
import { openWard24 } from './ui-bench';

const measureMs = Number(process.argv[2] ?? 8000);
const top = Number(process.argv[3] ?? 15);

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const { page, close } = await openWard24({ build: !process.env.NO_BUILD, minify: false });
try {
  if (process.env.PAUSED) {
    // Profile the paused view: the fixed per-frame cost.
    await page.getByTestId('play-pause').click();
    await page.waitForTimeout(2000);
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const scriptS = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
  await cdp.send('Profiler.start');
  const s0 = await scriptS();
  const stats = (await page.evaluate(`window.__wardtwin.measureFrames(${measureMs})`)) as { frames: number; frameMsP50: number };
  const s1 = await scriptS();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  // Open it in Chrome DevTools (Performance panel) for the call tree.
  if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + profile.timeDeltas[i] / 1000);
  const byFn = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    if (f.functionName === '(idle)') { idle += ms; continue; }
    total += ms;
    byFn.set(key, (byFn.get(key) ?? 0) + ms);
  }
  const frames = stats.frames;
  console.log(`frames ${frames} p50 ${stats.frameMsP50.toFixed(1)} ms; ScriptDuration ${(((s1 - s0) * 1000) / frames).toFixed(2)} ms/frame; profiled non-idle ${(total / frames).toFixed(2)} ms/frame (idle ${(idle / frames).toFixed(1)})`);
  for (const [k, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(ms / frames).toFixed(3).padStart(8)} ms/frame  ${k}`);
} finally {
  await close();
}
