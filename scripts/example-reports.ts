/**
 * Regenerates examples/reports/: every reference module (and, beside it in each report, the monitor
 * baseline) evaluated on a seeded sepsis cohort (EXAMPLE_N patients, default 200; EXAMPLE_HOURS each,
 * default 6), with and without artifacts. Run: EXAMPLE_N=60 EXAMPLE_HOURS=3 node --import tsx scripts/example-reports.ts
 * SIMULATION — NOT FOR CLINICAL USE.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinModuleIds } from '../twin-engine/node/module-host';
import { runEvaluation, writeEvalDir } from '../twin-engine/node/eval-run';

const ROOT = resolve(import.meta.dirname, '..');
const COHORT = resolve(ROOT, 'scenarios/cohorts/sepsis-ward.yaml');

// Every reference module that reads numerics (the waveform ones are evaluated on their own ECG tests).
const ids = process.argv.slice(2).length ? process.argv.slice(2) : builtinModuleIds().filter((id) => ['shock-index', 'news2', 'qsofa', 'hypoxemia'].includes(id));
for (const id of ids) {
  const out = resolve(ROOT, 'examples/reports', `${id}-sepsis-ward`);
  let last = -1;
  const r = await runEvaluation({
    module: `builtin:${id}`,
    cohortPath: COHORT,
    n: Number(process.env.EXAMPLE_N ?? 200),
    seed: 1,
    durationS: Number(process.env.EXAMPLE_HOURS ?? 6) * 3600,
    workers: 2,
    onProgress: (d, t) => {
      const pct = Math.floor((100 * d) / t);
      if (pct % 10 === 0 && pct !== last) process.stderr.write(`${id}: ${(last = pct)} %\n`);
    },
  });
  writeEvalDir(out, r.metrics, r.records, { wallS: r.wallS, workers: r.workers, patientHoursSimulated: r.patientHours, patientHoursPerS: r.patientHours / r.wallS });
  // The raw per-patient records (~MBs) are for merging shards; the example keeps metrics and report.
  rmSync(resolve(out, 'records.json.gz'), { force: true });
  process.stdout.write(`${id}: ${r.patientHours.toFixed(0)} patient-h in ${r.wallS.toFixed(0)} s (${(r.patientHours / r.wallS).toFixed(1)} patient-h/s) → ${out}\n`);
}
