/**
 * Simulate many cohort patients on N worker threads. Jobs (patient × artifact condition) are handed out
 * one at a time as workers free up, so a slow patient never idles the others; results are re-sorted by
 * patient, so the output does not depend on which worker ran what.
 */
import { Worker } from 'node:worker_threads';
import { simulatePatient } from '../evaluation/simulate';
import type { ArtifactCondition, PatientRecord } from '../evaluation/types';
import { sampleCohort } from '../scenario/index';
import { loadCohortFile } from './eval-cohort';
import { resolveModuleRunner } from './eval-modules';
import { createNodeModuleHost } from './module-host';
import type { EvalJob, EvalWorkerData } from './eval-worker';

export interface PoolOptions extends EvalWorkerData {
  indices: readonly number[];
  conditions: readonly ArtifactCondition[];
  /** 0 = simulate in this thread (no workers). */
  workers: number;
  onProgress?: (done: number, total: number) => void;
  /** Patient runs already done ("index/condition"), e.g. kept by an interrupted run: not simulated again. */
  skip?: ReadonlySet<string>;
  /** Each record as it arrives, in completion order (for progressive checkpointing). */
  onRecord?: (r: PatientRecord) => void;
}

const WORKER_ENTRY = new URL('./eval-worker.ts', import.meta.url).href;

type Reply = { type: 'ready' } | { type: 'record'; record: PatientRecord } | { type: 'error'; message: string };

export async function simulateCohort(o: PoolOptions): Promise<PatientRecord[]> {
  const jobs: EvalJob[] = o.indices.flatMap((index) => o.conditions.map((condition) => ({ type: 'job' as const, index, condition }))).filter((j) => !o.skip?.has(`${j.index}/${j.condition}`));
  const out: PatientRecord[] = [];
  if (o.workers <= 0) {
    const cohort = loadCohortFile(o.cohortPath);
    const insts = sampleCohort(cohort, o.n, o.seed);
    const runner = resolveModuleRunner(o.module);
    for (const j of jobs) {
      const r = await simulatePatient(cohort, insts[j.index], { durationS: o.durationS, condition: j.condition, runner, moduleHost: () => createNodeModuleHost() });
      o.onRecord?.(r);
      out.push(r);
      o.onProgress?.(out.length, jobs.length);
    }
    return sortRecords(out);
  }
  const workerData: EvalWorkerData = { cohortPath: o.cohortPath, n: o.n, seed: o.seed, durationS: o.durationS, module: o.module };
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolveAll, reject) => {
      const nWorkers = Math.max(1, Math.min(o.workers, jobs.length));
      if (jobs.length === 0) return resolveAll();
      for (let w = 0; w < nWorkers; w++) {
        const worker = new Worker(new URL('./eval-worker-boot.mjs', import.meta.url), { workerData: { ...workerData, entry: WORKER_ENTRY } });
        workers.push(worker);
        const feed = () => {
          if (next < jobs.length) worker.postMessage(jobs[next++]);
        };
        worker.on('message', (m: Reply) => {
          if (m.type === 'ready') return feed();
          if (m.type === 'error') return reject(new Error(m.message));
          o.onRecord?.(m.record);
          out.push(m.record);
          o.onProgress?.(out.length, jobs.length);
          if (out.length === jobs.length) resolveAll();
          else feed();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (out.length < jobs.length && code !== 0) reject(new Error(`evaluation worker exited with code ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return sortRecords(out);
}

export function sortRecords(rs: PatientRecord[]): PatientRecord[] {
  const order: Record<ArtifactCondition, number> = { clean: 0, artifacts: 1 };
  return rs.sort((a, b) => a.index - b.index || order[a.condition] - order[b.condition]);
}
