/** Start-up of the wardtwin command: wall time of `node bin/wardtwin.mjs --help` in a fresh process. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export function benchCliStart(runs: number): { medianMs: number; samples: number[] } {
  const once = () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/wardtwin.mjs'), '--help'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wardtwin --help exited ${r.status}: ${r.stderr}`);
    return performance.now() - t;
  };
  once(); // builds the bundle if a source changed: that is the first run's cost, not a command's
  const samples = Array.from({ length: runs }, once);
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], samples };
}
