/**
 * Evaluation benchmarks: simulated patient-hours per wall second through the product eval path
 * (simulateCohort: cohort sampling, worker threads, the module in its sandbox), worker start-up included.
 *  - `eval.patient_hours_per_s`: a numerics-only module (builtin:shock-index) on the sepsis cohort;
 *  - `eval.waveform_patient_hours_per_s`: the reference QRS detector (modules/qrs-pan-tompkins) reading
 *    the 500 Hz ECG on the telemetry cohort — the shipped code with its subscription raised from 250 Hz
 *    to the monitor's native 500 Hz in a temporary copy, so every generated sample crosses into the module.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulateCohort } from './eval-pool';
import { SCENARIOS_DIR } from './library-fs';
import { MODULES_DIR } from './module-host';

export interface EvalBenchResult {
  patientHoursPerS: number;
  workers: number;
  wallS: number;
  /** The module's findings over the cohort (shows that it ran and read its input). */
  findings: number;
}

export async function benchEval(opts: { workers?: number; patients?: number; hoursEach?: number; cohort?: string; module?: string } = {}): Promise<EvalBenchResult> {
  const workers = opts.workers ?? 2;
  const n = opts.patients ?? 16;
  const hours = opts.hoursEach ?? 4;
  const t0 = performance.now();
  const rs = await simulateCohort({
    cohortPath: resolve(SCENARIOS_DIR, opts.cohort ?? 'cohorts/sepsis-ward.yaml'),
    n,
    seed: 1,
    durationS: hours * 3600,
    module: opts.module ?? 'builtin:shock-index',
    indices: [...Array(n).keys()],
    conditions: ['clean'],
    workers,
  });
  const wallS = (performance.now() - t0) / 1000;
  return { patientHoursPerS: (rs.length * hours) / wallS, workers, wallS, findings: rs.reduce((k, r) => k + r.module.length, 0) };
}

/** The QRS detector at 500 Hz (see the file comment); the copy is removed afterwards. */
export async function benchEvalWaveform(opts: { workers?: number; patients?: number; hoursEach?: number } = {}): Promise<EvalBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wardtwin-qrs500-'));
  try {
    cpSync(resolve(MODULES_DIR, 'qrs-pan-tompkins'), dir, { recursive: true });
    const manifest = join(dir, 'module.yaml');
    const text = readFileSync(manifest, 'utf8');
    const raised = text.replace('{ channel: ecg_ii, rateHz: 250 }', '{ channel: ecg_ii, rateHz: 500 }');
    if (raised === text) throw new Error('eval.waveform bench: modules/qrs-pan-tompkins/module.yaml no longer subscribes ecg_ii at 250 Hz; update the bench');
    writeFileSync(manifest, raised);
    return await benchEval({ ...opts, cohort: 'cohorts/telemetry.yaml', module: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
