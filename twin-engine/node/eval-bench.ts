/**
 * Benchmark `eval.patient_hours_per_s`: simulated patient-hours per wall second for a numerics-only
 * module (builtin:shock-index) on the sepsis cohort, on 2 worker threads, worker start-up included.
 */
import { resolve } from 'node:path';
import { simulateCohort } from './eval-pool';
import { SCENARIOS_DIR } from './library-fs';

export async function benchEval(opts: { workers?: number; patients?: number; hoursEach?: number } = {}): Promise<{ patientHoursPerS: number; workers: number }> {
  const workers = opts.workers ?? 2;
  const n = opts.patients ?? 16;
  const hours = opts.hoursEach ?? 4;
  const t0 = performance.now();
  const rs = await simulateCohort({
    cohortPath: resolve(SCENARIOS_DIR, 'cohorts/sepsis-ward.yaml'),
    n,
    seed: 1,
    durationS: hours * 3600,
    module: 'builtin:shock-index',
    indices: [...Array(n).keys()],
    conditions: ['clean'],
    workers,
  });
  const wallS = (performance.now() - t0) / 1000;
  return { patientHoursPerS: (rs.length * hours) / wallS, workers };
}
