/** Start a worker thread whose entry is a TypeScript file (booted through tsx). */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startTsWorker(entry: URL, data: Record<string, unknown> = {}, opts: Omit<WorkerOptions, 'workerData'> = {}): Worker {
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { ...opts, workerData: { ...data, entry: entry.href } });
}
