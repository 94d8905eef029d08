/**
 * Evaluation on Node: simulate a cohort on worker threads, score it, and write the run directory —
 * metrics.json (deterministic), report.html, records.json.gz (raw per-patient data, so shards can be
 * merged) and run.json (wall time and throughput, which naturally differ between runs).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { evaluate, metricsJson, SYNTHETIC_MARKER, type EvalConfig, type EvalMetrics } from '../evaluation/evaluate';
import { moduleCardFor } from './eval-modules';
import { renderReport } from '../evaluation/report/html';
import { WARD_ARTIFACTS } from '../evaluation/simulate';
import { DEFAULT_SCORING, type ArtifactCondition, type PatientRecord, type ScoringOptions } from '../evaluation/types';
import { EvalCheckpoint } from './eval-checkpoint';
import { loadCohortFile } from './eval-cohort';
import { moduleInputs, resolveModuleRunner } from './eval-modules';
import { simulateCohort, sortRecords } from './eval-pool';
import { moduleContentHash } from './module-hash';

/** WardTwin's version, recorded with every result so shards of different versions are never merged. */
export const WARDTWIN_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The evaluation configuration plus the identity of what produced it (module content hash, WardTwin version). */
export type RunConfig = EvalConfig & { moduleHash: string | null; wardtwin: string };

export interface EvalRunOptions {
  module: string;
  cohortPath: string;
  n: number;
  seed: number;
  durationS?: number;
  workers?: number;
  shard?: { k: number; of: number } | null;
  conditions?: ArtifactCondition[];
  targets?: string[];
  scoring?: Partial<Omit<ScoringOptions, 'targets' | 'seed'>>;
  onProgress?: (done: number, total: number) => void;
  /** Keep finished patients in this append-only file as they complete (see eval-checkpoint.ts). */
  progressFile?: string;
  /** Continue from progressFile instead of refusing to overwrite it. */
  resume?: boolean;
  /** Called once the progress file is open, with how many patient runs it already held. */
  onResume?: (kept: number) => void;
}

export interface EvalRunResult {
  metrics: EvalMetrics;
  records: PatientRecord[];
  wallS: number;
  workers: number;
  patientHours: number;
}

/** Patients of shard k (1-based) of n: every n-th patient, so shards get an even mix. */
export function shardIndices(total: number, shard: { k: number; of: number } | null | undefined): number[] {
  const all = [...Array(total).keys()];
  return shard ? all.filter((i) => i % shard.of === shard.k - 1) : all;
}

/** Folder name of shard k of n inside a shared output folder: shard-0003-of-0050. */
export function shardDirName(shard: { k: number; of: number }): string {
  const p = (v: number) => String(v).padStart(4, '0');
  return `shard-${p(shard.k)}-of-${p(shard.of)}`;
}

export function evalConfig(o: EvalRunOptions): RunConfig {
  const cohort = loadCohortFile(o.cohortPath);
  const runner = resolveModuleRunner(o.module);
  const targets = o.targets ?? [...runner.targets];
  if (targets.length === 0) throw new Error(`module '${o.module}' declares no target labels; pass --targets <label,...>`);
  const conditions = o.conditions ?? ['clean', 'artifacts'];
  return {
    module: runner.spec,
    moduleHash: moduleContentHash(o.module),
    moduleName: runner.name,
    moduleSandbox: runner.sandbox ?? 'no module (monitor baseline only)',
    cohort: { id: cohort.id, title: cohort.title, file: cohort.sourceFile },
    n: o.n,
    seed: o.seed,
    durationS: o.durationS ?? cohort.durationS ?? cohort.template.durationS,
    conditions,
    artifactPreset: { ...WARD_ARTIFACTS } as Record<string, number>,
    signals: {
      ...moduleInputs(o.module),
      // simulatePatient: 'clean' leaves the monitor's artifacts off, 'artifacts' applies WARD_ARTIFACTS.
      artifacts: Object.fromEntries(conditions.map((c) => [c, c === 'artifacts' ? ({ ...WARD_ARTIFACTS } as Record<string, number>) : {}])),
    },
    monitorSettings: cohort.monitor ?? null,
    // Declared score streams go with the scoring options (a merge then scores them the same way); none: alerts only.
    scoring: { ...DEFAULT_SCORING, ...o.scoring, targets, seed: o.seed, ...(runner.scores.length ? { scoreStreams: runner.scores.map((s) => ({ ...s, detects: [...s.detects], range: [s.range[0], s.range[1]] as [number, number] })) } : {}) },
    wardtwin: WARDTWIN_VERSION,
  };
}

export async function runEvaluation(o: EvalRunOptions): Promise<EvalRunResult> {
  const config = evalConfig(o);
  const workers = o.workers ?? Math.max(1, availableParallelism());
  const t0 = performance.now();
  const shard = o.shard ? `${o.shard.k}/${o.shard.of}` : null;
  const opened = o.progressFile ? EvalCheckpoint.open(o.progressFile, { config, shard }, o.resume ?? false) : null;
  const kept = opened?.done ?? [];
  o.onResume?.(kept.length);
  const fresh = await simulateCohort({
    cohortPath: o.cohortPath,
    n: o.n,
    seed: o.seed,
    durationS: config.durationS,
    module: o.module,
    indices: shardIndices(o.n, o.shard),
    conditions: config.conditions,
    workers,
    skip: new Set(kept.map((r) => `${r.index}/${r.condition}`)),
    onRecord: opened ? (r) => opened.checkpoint.append(r) : undefined,
    onProgress: o.onProgress,
  });
  opened?.checkpoint.close();
  const records = sortRecords([...kept, ...fresh]);
  const wallS = (performance.now() - t0) / 1000;
  // Simulated by this process: a resumed run's kept patients were simulated before it.
  const patientHours = fresh.reduce((s, r) => s + r.durationS, 0) / 3600;
  return { metrics: evaluate(records, config, shard), records, wallS, workers, patientHours };
}

interface RecordsFile {
  format: 'wardtwin-eval-records';
  version: 1;
  synthetic: true;
  provenance: string;
  config: EvalConfig;
  shard: string | null;
  records: PatientRecord[];
}

/** Write one file so that readers see either the old or the whole new content (temp file + rename). */
function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function writeEvalDir(dir: string, metrics: EvalMetrics, records: PatientRecord[], run: Record<string, unknown> | null): void {
  mkdirSync(dir, { recursive: true });
  const rf: RecordsFile = { format: 'wardtwin-eval-records', version: 1, ...SYNTHETIC_MARKER, config: metrics.config, shard: metrics.shard, records };
  // records.json.gz last: it is what `eval merge` reads, so a directory with it is complete.
  writeAtomic(resolve(dir, 'metrics.json'), metricsJson(metrics));
  writeAtomic(resolve(dir, 'report.html'), renderReport(metrics, records, moduleCardFor(metrics.config.module)));
  if (run) writeAtomic(resolve(dir, 'run.json'), `${JSON.stringify({ ...SYNTHETIC_MARKER, ...run }, null, 2)}\n`);
  writeAtomic(resolve(dir, 'records.json.gz'), gzipSync(JSON.stringify(rf)));
}

/**
 * Write a shard's directory as a whole: build it under a temporary name beside the target, then rename,
 * so a shared folder only ever holds complete shards (a pre-empted task leaves no half shard behind).
 */
export function writeShardDirAtomic(dir: string, metrics: EvalMetrics, records: PatientRecord[], run: Record<string, unknown> | null): void {
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  writeEvalDir(tmp, metrics, records, run);
  rmSync(dir, { recursive: true, force: true }); // a rerun of the same shard replaces it
  renameSync(tmp, dir);
}

const SHARD_DIR = /^shard-(\d{4,})-of-(\d{4,})$/;

/** The shard directories a path names: itself if it holds records.json.gz, else its shard-KKKK-of-NNNN folders. */
function expandShardPaths(path: string): { dirs: string[]; folder: string | null } {
  if (existsSync(join(path, 'records.json.gz'))) return { dirs: [path], folder: null };
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new Error(`${path}: no such evaluation directory or shared output folder`);
  const dirs = readdirSync(path).filter((n) => SHARD_DIR.test(n)).sort().map((n) => join(path, n));
  if (dirs.length === 0) throw new Error(`${path} holds neither records.json.gz nor shard-KKKK-of-NNNN folders; give the folder the shards were written to`);
  return { dirs, folder: path };
}

/** The run-identity fields a shard set must agree on, in the order they are reported. */
const IDENTITY: [string, (c: RunConfig) => unknown][] = [
  ['module hash', (c) => c.moduleHash],
  ['module', (c) => c.module],
  ['module sandbox', (c) => c.moduleSandbox],
  ['cohort', (c) => c.cohort],
  ['seed', (c) => c.seed],
  ['n', (c) => c.n],
  ['duration', (c) => c.durationS],
  ['WardTwin version', (c) => c.wardtwin],
  ['artifact conditions', (c) => c.conditions],
  ['scoring', (c) => c.scoring],
];

/**
 * Merge shard directories (or shared folders of them): same configuration, each shard k of n exactly
 * once, disjoint patients covering the whole cohort → the metrics of one uninterrupted run.
 */
export function mergeEvalDirs(paths: string[]): { metrics: EvalMetrics; records: PatientRecord[] } {
  if (paths.length === 0) throw new Error('give at least one evaluation directory to merge');
  const expanded = paths.map(expandShardPaths);
  const folder = expanded.find((e) => e.folder)?.folder ?? null;
  const files = expanded.flatMap((e) => e.dirs).map((d) => {
    const raw = JSON.parse(gunzipSync(readFileSync(resolve(d, 'records.json.gz'))).toString('utf8')) as RecordsFile;
    if (raw.format !== 'wardtwin-eval-records') throw new Error(`${d}: records.json.gz is not a WardTwin evaluation record file`);
    return { dir: d, ...raw, config: raw.config as RunConfig };
  });
  const label = (f: (typeof files)[number]) => (f.shard ? `shard ${f.shard.replace('/', ' of ')} (${f.dir})` : f.dir);
  // Shard bookkeeping first: it names the exact shard to rerun.
  const sharded = files.filter((f) => f.shard);
  if (sharded.length) {
    const ofs = [...new Set(sharded.map((f) => Number(f.shard!.split('/')[1])))];
    if (ofs.length > 1 || sharded.length !== files.length) {
      const odd = files.find((f) => !f.shard || Number(f.shard.split('/')[1]) !== ofs[0])!;
      throw new Error(`${label(odd)} does not belong to the same split as ${label(sharded[0])}: ${odd.shard ? `${odd.shard.split('/')[1]} shards vs ${ofs[0]}` : 'it is not a shard'}`);
    }
    const of = ofs[0];
    const byK = new Map<number, (typeof files)[number]>();
    for (const f of sharded) {
      const k = Number(f.shard!.split('/')[0]);
      const prev = byK.get(k);
      if (prev) throw new Error(`shard ${k} of ${of} appears twice: ${prev.dir} and ${f.dir}`);
      byK.set(k, f);
    }
    for (let k = 1; k <= of; k++) {
      if (!byK.has(k)) {
        const where = folder ?? dirname(sharded[0].dir);
        throw new Error(`shard ${k} of ${of} is missing (expected ${join(where, shardDirName({ k, of }))})`);
      }
    }
  }
  const ref = files[0];
  for (const f of files.slice(1)) {
    for (const [name, get] of IDENTITY) {
      const a = JSON.stringify(get(ref.config));
      const b = JSON.stringify(get(f.config));
      if (a !== b) throw new Error(`${label(f)} was run with a different ${name} than ${label(ref)}: ${b} vs ${a}`);
    }
    if (JSON.stringify(f.config) !== JSON.stringify(ref.config)) throw new Error(`${label(f)} was run with a different configuration than ${label(ref)}`);
  }
  const config = ref.config;
  const seen = new Map<string, string>();
  const records: PatientRecord[] = [];
  for (const f of files) {
    for (const r of f.records) {
      const key = `${r.index}/${r.condition}`;
      if (seen.has(key)) throw new Error(`patient ${r.index + 1} (${r.condition}) appears in both ${seen.get(key)} and ${f.dir}`);
      seen.set(key, f.dir);
      records.push(r);
    }
  }
  const missing = [...Array(config.n).keys()].filter((i) => config.conditions.some((c) => !seen.has(`${i}/${c}`)));
  if (missing.length) throw new Error(`the shards do not cover the cohort: ${missing.length} patient(s) missing (e.g. ${missing.slice(0, 5).map((i) => i + 1).join(', ')}); run the remaining --shard k/n`);
  const sorted = sortRecords(records);
  return { metrics: evaluate(sorted, config, null), records: sorted };
}
