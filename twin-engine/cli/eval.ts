/**
 * `wardtwin eval`: score a diagnostic module and the monitor baseline on a simulated cohort, and
 * `wardtwin eval merge`: combine shard directories. Exported as a Command for cli/main.ts to register.
 */
import { availableParallelism } from 'node:os';
import { mergeEvalDirs, runEvaluation, writeEvalDir } from '../node/eval-run';
import { SIMULATION_NOTICE } from '../session/api';
import type { ArtifactCondition } from '../evaluation/types';
import { UsageError, parseArgs, parseDurationS, type FlagSpec } from './args';
import { progressBar, type CliIo } from './io';
import type { Command } from './main';

export const EVAL_FLAGS: FlagSpec[] = [
  { name: 'module', value: '<builtin:id|path>', help: "module to evaluate, e.g. 'builtin:shock-index'" },
  { name: 'cohort', value: '<file>', help: 'cohort file, e.g. scenarios/cohorts/sepsis-ward.yaml' },
  { name: 'n', value: '<patients>', help: 'patients to sample (default 500)' },
  { name: 'seed', value: '<n>', help: 'cohort sampling and bootstrap seed (default 1)' },
  { name: 'duration', value: '<time>', help: "simulated time per patient (default: the cohort scenario's duration)" },
  { name: 'workers', value: '<n>', help: `worker threads (default ${availableParallelism()}; the metrics do not depend on it)` },
  { name: 'shard', value: '<k/n>', help: 'run only shard k of n (every n-th patient); combine with `wardtwin eval merge`' },
  { name: 'targets', value: '<labels>', help: "truth episode labels to score, comma-separated (default: the module's own)" },
  { name: 'artifacts', value: '<both|off|on>', help: 'artifact conditions to run (default both, for the robustness comparison)' },
  { name: 'early', value: '<time>', help: 'how long before onset a finding still detects an episode (default 30m)' },
  { name: 'window', value: '<time>', help: 'window length for AUROC/AUPRC/Brier (default 5m)' },
  { name: 'horizon', value: '<time>', help: 'a window is positive if an episode is active within it or this long after (default 30m)' },
  { name: 'bootstrap', value: '<B>', help: 'bootstrap resamples for intervals (default 1000)' },
  { name: 'out', value: '<dir>', help: 'write metrics.json, report.html, records.json.gz and run.json here' },
];

const MERGE_FLAGS: FlagSpec[] = [{ name: 'out', value: '<dir>', help: 'write the merged metrics.json and report.html here' }];

function intFlag(flags: Map<string, string | true>, name: string, dflt: number, min: number, max: number): number {
  if (!flags.has(name)) return dflt;
  const v = Number(flags.get(name));
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}; got '${flags.get(name)}'`);
  return v;
}

function parseShard(s: string): { k: number; of: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard must look like '2/4' (shard k of n, 1 ≤ k ≤ n); got '${s}'`);
  return { k: Number(m[1]), of: Number(m[2]) };
}

export async function runEvalCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1), io);
  const { positionals, flags } = parseArgs(argv, EVAL_FLAGS);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' (did you mean 'wardtwin eval merge'?)`);
  for (const req of ['module', 'cohort', 'out']) if (typeof flags.get(req) !== 'string') throw new UsageError(`--${req} is required`);
  const art = String(flags.get('artifacts') ?? 'both');
  const conditions: ArtifactCondition[] | undefined = { both: ['clean', 'artifacts'], off: ['clean'], on: ['artifacts'] }[art] as ArtifactCondition[] | undefined;
  if (!conditions) throw new UsageError(`--artifacts must be both, off or on; got '${art}'`);
  const dur = (name: string) => (flags.has(name) ? parseDurationS(String(flags.get(name))) : undefined);
  const scoring: Record<string, number> = {};
  for (const [flag, key] of [['early', 'earlyS'], ['window', 'windowS'], ['horizon', 'horizonS']] as const) {
    const v = dur(flag);
    if (v !== undefined) scoring[key] = v;
  }
  if (flags.has('bootstrap')) scoring.bootstrapB = intFlag(flags, 'bootstrap', 1000, 0, 100000);
  const bar = progressBar(io, 'Evaluating');
  const t0 = performance.now();
  const r = await runEvaluation({
    module: String(flags.get('module')),
    cohortPath: String(flags.get('cohort')),
    n: intFlag(flags, 'n', 500, 1, 1_000_000),
    seed: intFlag(flags, 'seed', 1, 0, 0xffffffff),
    durationS: dur('duration'),
    workers: intFlag(flags, 'workers', availableParallelism(), 0, 256),
    shard: flags.has('shard') ? parseShard(String(flags.get('shard'))) : null,
    conditions,
    targets: flags.has('targets') ? String(flags.get('targets')).split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    scoring,
    onProgress: (d, t) => bar.update(d / t, `${d}/${t} patients`),
  });
  bar.done();
  const out = String(flags.get('out'));
  const phPerS = r.patientHours / r.wallS;
  writeEvalDir(out, r.metrics, r.records, { wallS: r.wallS, workers: r.workers, patientHoursSimulated: r.patientHours, patientHoursPerS: phPerS, shard: r.metrics.shard, totalWallS: (performance.now() - t0) / 1000 });
  io.stdout(summary(r.metrics));
  io.stdout(`${r.patientHours.toFixed(0)} patient-hours simulated in ${r.wallS.toFixed(1)} s on ${r.workers} worker(s) (${phPerS.toFixed(1)} patient-h/s). Wrote metrics.json, report.html, records.json.gz, run.json to ${out}`);
  return 0;
}

async function runMerge(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, MERGE_FLAGS);
  if (positionals.length === 0) throw new UsageError('give the shard directories to merge');
  if (typeof flags.get('out') !== 'string') throw new UsageError('--out is required');
  const { metrics, records } = mergeEvalDirs(positionals);
  writeEvalDir(String(flags.get('out')), metrics, records, null);
  io.stdout(summary(metrics));
  io.stdout(`Merged ${positionals.length} shard(s) into ${flags.get('out')}`);
  return 0;
}

function summary(m: import('../evaluation/evaluate').EvalMetrics): string {
  const f = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d));
  const lines = [`${m.config.moduleName} on ${m.config.cohort.title} (targets: ${m.config.scoring.targets.join(', ')}). ${SIMULATION_NOTICE}`];
  for (const [cond, r] of Object.entries(m.results)) {
    if (!r) continue;
    for (const src of ['module', 'monitor'] as const) {
      const e = r[src].events;
      lines.push(`${cond.padEnd(9)} ${src.padEnd(7)} episodes ${String(e.episodes).padStart(4)}  sens ${f(e.sensitivity.value)}  ppv ${f(e.ppv.value)}  f1 ${f(e.f1.value)}  median latency ${e.latencyMedianS.value === null ? '—' : `${(e.latencyMedianS.value / 60).toFixed(1)} min`}  FA/pt-h ${f(e.falseAlarmsPerPatientHour.value)}  AUROC ${f(r[src].scores.auroc)}`);
    }
  }
  return lines.join('\n');
}

export const EVAL_COMMAND: Command = {
  name: 'eval',
  usage: 'wardtwin eval --module <builtin:id|path> --cohort <file> [--n 500] [--seed 1] [--workers N] [--shard k/n] --out DIR\n       wardtwin eval merge DIR... --out DIR',
  summary: 'Score a diagnostic module and the monitor baseline against the truth of a simulated cohort; write metrics.json and report.html.',
  flags: EVAL_FLAGS,
  run: runEvalCommand,
};
