/**
 * `wardtwin eval`: score a diagnostic module and the monitor baseline on a simulated cohort, and
 * `wardtwin eval merge`: combine shard directories. Exported as a Command for cli/main.ts to register.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { mergeEvalDirs, runEvaluation, shardDirName, writeEvalDir, writeShardDirAtomic } from '../node/eval-run';
import { runEvalPlan } from './eval-plan';
import { cohortsFor } from '../node/eval-cohort';
import { sufficiencyWarning } from '../evaluation/sufficiency';
import { SIMULATION_NOTICE } from '../session/api';
import type { ArtifactCondition } from '../evaluation/types';
import { SEED_MAX, UsageError, intFlag, parseArgs, parseDurationS, type FlagSpec } from './args';
import { progressBar, type CliIo } from './io';
import type { Command } from './main';
import { ALLOW_UNSANDBOXED_FLAG, applySandboxChoice } from './module';

export const EVAL_FLAGS: FlagSpec[] = [
  { name: 'module', value: '<builtin:id|path>', help: "module to evaluate, e.g. 'builtin:shock-index'" },
  { name: 'cohort', value: '<file>', help: 'cohort file, e.g. scenarios/cohorts/sepsis-ward.yaml' },
  { name: 'n', value: '<patients>', help: 'patients to sample (default 500)' },
  { name: 'seed', value: '<n>', help: 'cohort sampling and bootstrap seed (default 1)' },
  { name: 'duration', value: '<time>', help: "simulated time per patient (default: the cohort scenario's duration)" },
  { name: 'workers', value: '<n>', help: `worker threads (default ${availableParallelism()}; the metrics do not depend on it)` },
  { name: 'shard', value: '<k/n>', help: 'run only shard k of n (every n-th patient) into DIR/shard-KKKK-of-NNNN; combine with `wardtwin eval merge DIR`. Default under Slurm job arrays: from SLURM_ARRAY_TASK_ID/COUNT' },
  { name: 'shards', value: '<n>', help: 'number of shards when the index comes from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX); also env WARDTWIN_SHARDS' },
  { name: 'resume', help: 'continue an interrupted run from its progress file in DIR instead of refusing to start over' },
  { name: 'targets', value: '<labels>', help: "truth episode labels to score, comma-separated (default: the module's own)" },
  { name: 'artifacts', value: '<both|off|on>', help: 'artifact conditions to run (default both, for the robustness comparison)' },
  { name: 'early', value: '<time>', help: 'how long before onset a finding still detects an episode (default 30m)' },
  { name: 'window', value: '<time>', help: 'window length for AUROC/AUPRC/Brier (default 5m)' },
  { name: 'horizon', value: '<time>', help: 'a window is positive if an episode is active within it or this long after (default 30m)' },
  { name: 'bootstrap', value: '<B>', help: 'bootstrap resamples for intervals (default 1000)' },
  { name: 'out', value: '<dir>', help: 'write metrics.json, report.html, records.json.gz and run.json here' },
  ALLOW_UNSANDBOXED_FLAG,
];

const MERGE_FLAGS: FlagSpec[] = [{ name: 'out', value: '<dir>', help: 'write the merged metrics.json and report.html here' }];

type Shard = { k: number; of: number };
type Env = Record<string, string | undefined>;

const envInt = (env: Env, name: string): number | undefined => {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} must be a non-negative integer; got '${v}'`);
  return Number(v);
};

/**
 * Which shard this process runs: --shard k/n if given, else the batch engine's own environment — a Slurm
 * job array (SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT, or MIN/MAX) or a Kubernetes Indexed Job
 * (JOB_COMPLETION_INDEX, with the completions count from --shards or WARDTWIN_SHARDS). Indices are 0-based
 * in both engines (Slurm: relative to SLURM_ARRAY_TASK_MIN); shard k is 1-based.
 */
export function resolveShard(flag: string | undefined, shardsFlag: string | undefined, env: Env): { shard: Shard | null; from: string | null } {
  if (flag !== undefined) return { shard: parseShard(flag), from: null };
  const shardsRaw = shardsFlag ?? env.WARDTWIN_SHARDS;
  const shards = shardsRaw === undefined ? undefined : Number(shardsRaw);
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1)) throw new UsageError(`--shards (or WARDTWIN_SHARDS) must be a positive integer; got '${shardsRaw}'`);
  const task = envInt(env, 'SLURM_ARRAY_TASK_ID');
  if (task !== undefined) {
    const min = envInt(env, 'SLURM_ARRAY_TASK_MIN') ?? 0;
    const max = envInt(env, 'SLURM_ARRAY_TASK_MAX');
    const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT') ?? (max !== undefined ? max - min + 1 : shards);
    if (count === undefined) throw new UsageError('SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is; pass --shards N');
    if (shards !== undefined && shards !== count) throw new UsageError(`--shards ${shards} disagrees with the Slurm job array of ${count} tasks`);
    if (max !== undefined && max - min + 1 !== count) throw new UsageError(`the Slurm job array must be contiguous (--array=0-${count - 1}); got tasks ${min}-${max} with count ${count}`);
    const k = task - min + 1;
    if (k < 1 || k > count) throw new UsageError(`SLURM_ARRAY_TASK_ID ${task} lies outside the array ${min}-${min + count - 1}`);
    return { shard: { k, of: count }, from: `Slurm array task ${task} of ${min}-${min + count - 1}` };
  }
  const index = envInt(env, 'JOB_COMPLETION_INDEX');
  if (index !== undefined) {
    if (shards === undefined) throw new UsageError('JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job) but the number of completions is not: pass --shards N or set WARDTWIN_SHARDS');
    if (index >= shards) throw new UsageError(`JOB_COMPLETION_INDEX ${index} is not below --shards ${shards}`);
    return { shard: { k: index + 1, of: shards }, from: `Kubernetes completion index ${index} of ${shards}` };
  }
  if (shardsFlag !== undefined) throw new UsageError('--shards N needs a shard index: run under a Slurm job array or Kubernetes Indexed Job, or use --shard k/n');
  return { shard: null, from: null };
}

function parseShard(s: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard must look like '2/4' (shard k of n, 1 ≤ k ≤ n); got '${s}'`);
  return { k: Number(m[1]), of: Number(m[2]) };
}

export async function runEvalCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1), io);
  if (argv[0] === 'plan') return runEvalPlan(argv.slice(1), io);
  const { positionals, flags } = parseArgs(argv, EVAL_FLAGS);
  applySandboxChoice(flags, io);
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
  const { shard, from } = resolveShard(flags.has('shard') ? String(flags.get('shard')) : undefined, flags.has('shards') ? String(flags.get('shards')) : undefined, process.env);
  const outRoot = String(flags.get('out'));
  // A shard goes to its own folder inside the shared output folder; its progress file sits beside it.
  const out = shard ? join(outRoot, shardDirName(shard)) : outRoot;
  const progressFile = shard ? join(outRoot, `${shardDirName(shard)}.progress.jsonl`) : join(outRoot, 'progress.jsonl');
  mkdirSync(outRoot, { recursive: true });
  if (from) io.stderr(`Shard ${shard!.k} of ${shard!.of} (${from}) → ${out}`);
  const bar = progressBar(io, 'Evaluating');
  const t0 = performance.now();
  // Said at once: workers take seconds to start, and a user who asked for --n 16 should know why 32 runs follow.
  const nPatients = intFlag(flags, 'n', 500, 1, 1_000_000);
  const runs = conditions;
  io.stderr(
    `Evaluating ${String(flags.get('module'))} on ${String(flags.get('cohort'))}: ${nPatients} patient(s) × ${runs.length} artifact condition(s) (${runs.join(', ')}) = ${nPatients * runs.length} patient run(s)` +
      (runs.length > 1 ? ' — each patient is run clean and with monitor artifacts for the robustness comparison; --artifacts off runs clean only.' : '.') +
      ' Starting workers…',
  );
  bar.update(0, 'starting workers');
  // Finished patients are already on disk: on Ctrl+C or SIGTERM (pre-emption) say how to continue.
  let kept = 0;
  let fresh = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    io.stderr(`\nInterrupted (${sig}): ${kept + fresh} finished patient run(s) are kept in ${progressFile}; continue with the same command plus --resume.`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let r: Awaited<ReturnType<typeof runEvaluation>>;
  try {
    r = await runEvaluation({
    module: String(flags.get('module')),
    cohortPath: String(flags.get('cohort')),
    n: intFlag(flags, 'n', 500, 1, 1_000_000),
    seed: intFlag(flags, 'seed', 1, 0, SEED_MAX),
    durationS: dur('duration'),
    workers: intFlag(flags, 'workers', availableParallelism(), 0, 256),
    shard,
    progressFile,
    resume: flags.has('resume'),
    onResume: (n) => {
      kept = n;
      if (n) io.stderr(`Resuming: ${n} patient run(s) already done in ${progressFile}`);
    },
    conditions,
    targets: flags.has('targets') ? String(flags.get('targets')).split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    scoring,
    onProgress: (d, t) => {
      fresh = d;
      bar.update(d / t, `${d}/${t} patient runs`);
    },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  bar.done();
  const phPerS = r.patientHours / r.wallS;
  const run = { wallS: r.wallS, workers: r.workers, patientHoursSimulated: r.patientHours, patientHoursPerS: phPerS, shard: r.metrics.shard, resumedPatientRuns: kept, totalWallS: (performance.now() - t0) / 1000 };
  if (shard) writeShardDirAtomic(out, r.metrics, r.records, run);
  else writeEvalDir(out, r.metrics, r.records, run);
  rmSync(progressFile, { force: true });
  io.stdout(summary(r.metrics));
  io.stdout(`${r.patientHours.toFixed(0)} patient-hours simulated in ${r.wallS.toFixed(1)} s on ${r.workers} worker(s) (${phPerS.toFixed(1)} patient-h/s). Wrote metrics.json, report.html, records.json.gz, run.json to ${out}`);
  return 0;
}

async function runMerge(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, MERGE_FLAGS);
  if (positionals.length === 0) throw new UsageError('give the shared output folder (or the shard directories) to merge');
  if (typeof flags.get('out') !== 'string') throw new UsageError('--out is required');
  const { metrics, records } = mergeEvalDirs(positionals);
  writeEvalDir(String(flags.get('out')), metrics, records, null);
  io.stdout(summary(metrics));
  io.stdout(`Merged ${positionals.length} shard(s) into ${flags.get('out')}`);
  return 0;
}

/** The too-few-episodes warning with the library cohorts that would suffice, or [] when there are enough. */
function sufficiencyLines(m: import('../evaluation/evaluate').EvalMetrics): string[] {
  const w = sufficiencyWarning(m.sufficiency);
  if (w === null) return [];
  const others = cohortsFor(m.config.scoring.targets, m.sufficiency.minTargetEpisodes).filter((c) => !c.file.endsWith(m.config.cohort.file.replace(/^.*\//, '')));
  const bar = '!'.repeat(78);
  return [bar, w, ...others.map((c) => `  would suffice: --cohort ${c.file} --n ${c.n} (states ${c.label} in ${Math.round(c.incidence * 100)} % of patients)`), bar];
}

function summary(m: import('../evaluation/evaluate').EvalMetrics): string {
  const f = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d));
  const unsandboxed = m.config.moduleSandbox?.startsWith('UNSANDBOXED') ? [`WARNING: ${m.config.moduleName} ran without an OS sandbox (--allow-unsandboxed); the report says so.`] : [];
  const lines = [...sufficiencyLines(m), ...unsandboxed, `${m.config.moduleName} on ${m.config.cohort.title} (targets: ${m.config.scoring.targets.join(', ')}). ${SIMULATION_NOTICE}`];
  for (const [cond, r] of Object.entries(m.results)) {
    if (!r) continue;
    for (const src of ['module', 'monitor'] as const) {
      const e = r[src].events;
      lines.push(`${cond.padEnd(9)} ${src.padEnd(7)} episodes ${String(e.episodes).padStart(4)}  sens ${f(e.sensitivity.value)}  ppv ${f(e.ppv.value)}  f1 ${f(e.f1.value)}  median latency ${e.latencyMedianS.value === null ? '—' : `${(e.latencyMedianS.value / 60).toFixed(1)} min`}  FA/pt-h ${f(e.falseAlarmsPerPatientHour.value)}  AUROC ${f(r[src].scores.auroc)}${r[src].scores.source === 'alerts' || !r[src].scores.source ? '' : ` (from score stream ${(r[src].scores.streams ?? []).map((x) => x.label).join(', ')})`}`);
    }
  }
  return lines.join('\n');
}

export const EVAL_COMMAND: Command = {
  name: 'eval',
  usage: 'wardtwin eval --module <builtin:id|path> --cohort <file> [--n 500] [--seed 1] [--workers N] [--shard k/n | --shards N] [--resume] --out DIR\n       wardtwin eval merge DIR... --out DIR\n       wardtwin eval plan --module … --cohort … --n 1000 --shards 50 (--slurm | --k8s) --out DIR --to PLANDIR',
  summary: 'Score a diagnostic module and the monitor baseline against the truth of a simulated cohort; write metrics.json and report.html.',
  flags: EVAL_FLAGS,
  run: runEvalCommand,
};
