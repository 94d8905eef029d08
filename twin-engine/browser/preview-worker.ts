/**
 * Web Worker for the scenario editor's instant preview: runs twin-engine/preview for each seed and
 * posts every finished run back (series transferred, not copied). One run at a time; a newer request
 * supersedes the running one at its next yield (every 10 simulated minutes), so a burst of edits never
 * queues up stale simulations. The worker stays alive between edits so the engine stays JIT-warm.
 */
import { runPreviewSeed, type PreviewRequest } from '../preview/index';
import type { PreviewWorkerIn, PreviewWorkerOut } from './preview-client';

interface WorkerScope {
  postMessage(msg: PreviewWorkerOut, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<PreviewWorkerIn>) => void): void;
}
const scope = self as unknown as WorkerScope;

let latest = 0;

/** A macrotask yield through a MessageChannel (setTimeout would be clamped to ≥ 4 ms when nested). */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldNow = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

async function run(id: number, req: PreviewRequest): Promise<void> {
  for (let i = 0; i < req.seeds.length; i++) {
    let out;
    try {
      out = await runPreviewSeed(req, req.seeds[i], { yieldNow, shouldStop: () => latest !== id });
    } catch (e) {
      out = { ok: false as const, message: e instanceof Error ? e.message : String(e) };
    }
    if (out === null || latest !== id) return;
    if (!out.ok) {
      scope.postMessage({ type: 'error', id, message: out.message });
      return;
    }
    const r = out.run;
    const transfer = [r.timesS.buffer, ...Object.values(r.series).map((a) => a.buffer)] as Transferable[];
    scope.postMessage({ type: 'run', id, index: i, of: req.seeds.length, durationS: out.durationS, run: r }, transfer);
    await yieldNow(); // let a newer request in between seeds
  }
  if (latest === id) scope.postMessage({ type: 'done', id });
}

scope.addEventListener('message', (ev) => {
  const m = ev.data;
  latest = m.id; // a 'cancel' just bumps the id, so the running run stops at its next yield
  if (m.type === 'run') void run(m.id, m.request);
});
