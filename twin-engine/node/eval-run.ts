/**
 * Evaluation on Node: simulate a cohort on worker threads, score it, and write the run directory —
 * metrics.json (deterministic), report.html, records.json.gz (raw per-patient data, so shards can be
 * merged) and run.json (wall time and throughput, which naturally differ between runs).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { evaluate, metricsJson, SYNTHETIC_MARKER, type EvalConfig, type EvalMetrics } from '../evaluation/evaluate';
import { BUILTIN_CARDS } from '../evaluation/model-cards';
import { renderReport } from '../evaluation/report/html';
import { WARD_ARTIFACTS } from '../evaluation/simulate';
import { DEFAULT_SCORING, type ArtifactCondition, type PatientRecord, type ScoringOptions } from '../evaluation/types';
import { loadCohortFile } from './eval-cohort';
import { resolveModuleRunner } from './eval-modules';
import { simulateCohort } from './eval-pool';

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

export function evalConfig(o: EvalRunOptions): EvalConfig {
  const cohort = loadCohortFile(o.cohortPath);
  const runner = resolveModuleRunner(o.module);
  const targets = o.targets ?? [...runner.targets];
  if (targets.length === 0) throw new Error(`module '${o.module}' declares no target labels; pass --targets <label,...>`);
  return {
    module: runner.spec,
    moduleName: runner.name,
    cohort: { id: cohort.id, title: cohort.title, file: cohort.sourceFile },
    n: o.n,
    seed: o.seed,
    durationS: o.durationS ?? cohort.template.durationS,
    conditions: o.conditions ?? ['clean', 'artifacts'],
    artifactPreset: { ...WARD_ARTIFACTS } as Record<string, number>,
    scoring: { ...DEFAULT_SCORING, ...o.scoring, targets, seed: o.seed },
  };
}

export async function runEvaluation(o: EvalRunOptions): Promise<EvalRunResult> {
  const config = evalConfig(o);
  const workers = o.workers ?? Math.max(1, availableParallelism());
  const t0 = performance.now();
  const records = await simulateCohort({
    cohortPath: o.cohortPath,
    n: o.n,
    seed: o.seed,
    durationS: config.durationS,
    module: o.module,
    indices: shardIndices(o.n, o.shard),
    conditions: config.conditions,
    workers,
    onProgress: o.onProgress,
  });
  const wallS = (performance.now() - t0) / 1000;
  const shard = o.shard ? `${o.shard.k}/${o.shard.of}` : null;
  const patientHours = records.reduce((s, r) => s + r.durationS, 0) / 3600;
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

export function writeEvalDir(dir: string, metrics: EvalMetrics, records: PatientRecord[], run: Record<string, unknown> | null): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'metrics.json'), metricsJson(metrics));
  const id = metrics.config.module.startsWith('builtin:') ? metrics.config.module.slice(8) : '';
  writeFileSync(resolve(dir, 'report.html'), renderReport(metrics, records, BUILTIN_CARDS[id] ?? null));
  const rf: RecordsFile = { format: 'wardtwin-eval-records', version: 1, ...SYNTHETIC_MARKER, config: metrics.config, shard: metrics.shard, records };
  writeFileSync(resolve(dir, 'records.json.gz'), gzipSync(JSON.stringify(rf)));
  if (run) writeFileSync(resolve(dir, 'run.json'), `${JSON.stringify({ ...SYNTHETIC_MARKER, ...run }, null, 2)}\n`);
}

/** Merge shard directories: same config, disjoint patients covering the whole cohort → metrics of one run. */
export function mergeEvalDirs(dirs: string[]): { metrics: EvalMetrics; records: PatientRecord[] } {
  if (dirs.length === 0) throw new Error('give at least one evaluation directory to merge');
  const files = dirs.map((d) => {
    const raw = JSON.parse(gunzipSync(readFileSync(resolve(d, 'records.json.gz'))).toString('utf8')) as RecordsFile;
    if (raw.format !== 'wardtwin-eval-records') throw new Error(`${d}: records.json.gz is not a WardTwin evaluation record file`);
    return { dir: d, ...raw };
  });
  const cfg = JSON.stringify(files[0].config);
  for (const f of files) if (JSON.stringify(f.config) !== cfg) throw new Error(`${f.dir} was run with a different configuration than ${files[0].dir} (module, cohort, n, seed, duration or scoring differ)`);
  const config = files[0].config;
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
  records.sort((a, b) => a.index - b.index || (a.condition < b.condition ? -1 : a.condition > b.condition ? 1 : 0));
  return { metrics: evaluate(records, config, null), records };
}
