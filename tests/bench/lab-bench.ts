/**
 * `lab.clients40.server_cpu_pct` and `lab.clients40.latency_ms_p95`: 40 student clients on loopback,
 * each joined by code and subscribed to its own bed's numerics and waveforms (every channel) at 1×.
 * The server runs in a worker thread; its CPU share is that thread's event-loop utilisation over the
 * measured window (the server is single-threaded JavaScript; GC helper threads are not counted).
 * Latency: numerics frame generation on the server to receipt by the client (one machine, one clock).
 */
import { Worker } from 'node:worker_threads';
import { connectLab } from '../../twin-engine/node/lab-client';
import type { Session } from '../../twin-engine/session/api';
import { startTsWorker } from '../../twin-engine/node/ts-worker';

export async function benchLab40(opts: { seconds?: number } = {}): Promise<{ cpuPct: number; p95Ms: number; frames: number; chunks: number }> {
  const seconds = opts.seconds ?? 30;
  const worker: Worker = startTsWorker(new URL('./lab-server-thread.ts', import.meta.url));
  const next = <T>(t: string) => new Promise<T>((resolve) => {
    const h = (m: { t: string }) => {
      if (m.t === t) {
        worker.off('message', h);
        resolve(m as T);
      }
    };
    worker.on('message', h);
  });
  const { url, code, beds } = await next<{ url: string; code: string; beds: string[] }>('ready');
  const now = () => performance.timeOrigin + performance.now();
  const received = new Map<string, number>();
  let chunks = 0;
  const clients: Session[] = [];
  for (let i = 0; i < 40; i++) {
    const s = connectLab(url, { role: 'student', joinCode: code, name: `student ${i + 1}` });
    const bedId = beds[i];
    s.numerics({ bedId }).subscribe((f) => received.set(`${f.bedId}@${f.simTimeS}`, now()));
    s.waveforms({ bedId }).subscribe(() => chunks++);
    clients.push(s);
  }
  await Promise.all(clients.map((c) => c.access()));
  worker.postMessage({ t: 'play' });
  await new Promise((r) => setTimeout(r, 3000)); // warm-up
  const elu0 = worker.performance.eventLoopUtilization();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elu = worker.performance.eventLoopUtilization(elu0);
  const done = next<{ generated: [string, number][] }>('generated');
  worker.postMessage({ t: 'stop' });
  const { generated } = await done;
  for (const c of clients) await c.dispose();
  await worker.terminate();
  const lat: number[] = [];
  for (const [k, t] of generated) {
    const r = received.get(k);
    if (r !== undefined) lat.push(r - t);
  }
  lat.sort((a, b) => a - b);
  return { cpuPct: elu.utilization * 100, p95Ms: lat[Math.floor(lat.length * 0.95)] ?? NaN, frames: lat.length, chunks };
}
