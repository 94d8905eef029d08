/**
 * `wardtwin module check <path>` and `wardtwin module list`, plus what `wardtwin run --module` needs:
 * attachModulesForRun (session path, once the session awaits the host) and runWithModules (headless
 * lockstep path usable today), and findings.json writing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuditLog } from '../audit/log';
import { createPlanLoader } from '../core/load';
import { WardEngine } from '../core/ward-engine';
import { fsLibrary } from '../node/library-fs';
import { builtinModuleIds, createNodeModuleHost, loadModuleBundle } from '../node/module-host';
import { jsWorkerRuntime, onnxWorkerRuntime } from '../node/module-runtimes';
import { processRuntime } from '../node/module-process';
import { ManifestError } from '../modules-host/manifest';
import { applyWantedChannels, runLockstep } from '../modules-host/lockstep';
import type { HostModuleSource, ModuleFinding } from '../modules-host/module-host';
import { SIMULATION_NOTICE, type ModuleInfo, type EngineSession, type SessionEvent } from '../session/api';
import { UsageError, parseArgs, parseDurationS, type FlagSpec } from './args';
import type { CliIo } from './io';
import type { Command } from './main';

export const PROVENANCE = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;

const CHECK_FLAGS: FlagSpec[] = [
  { name: 'scenario', value: '<library path>', help: "scenario or ward from the library to run it on (default 'wards/default.yaml')" },
  { name: 'duration', value: '<time>', help: "simulated time to run (default '3m')" },
  { name: 'seed', value: '<n>', help: 'run seed (default 1)' },
];

/** A path, or 'builtin:<id>' for a reference module. */
export function moduleSource(spec: string): HostModuleSource {
  return spec.startsWith('builtin:') ? { kind: 'builtin', id: spec.slice(8) } : { kind: 'file', path: resolve(spec) };
}

/** For `wardtwin run --module <path>` once the session awaits its module host (README.md). */
export async function attachModulesForRun(session: EngineSession, specs: string[]): Promise<ModuleInfo[]> {
  const out: ModuleInfo[] = [];
  for (const s of specs) out.push(await session.attachModule(moduleSource(s) as Parameters<EngineSession['attachModule']>[0]));
  return out;
}

export function findingsJson(events: readonly SessionEvent[], modules: readonly ModuleInfo[]): string {
  const findings = events.filter((e): e is Extract<SessionEvent, { type: 'finding' }> => e.type === 'finding').map((e) => e.finding as ModuleFinding);
  const status = events.filter((e) => e.type === 'module');
  return `${JSON.stringify({ provenance: PROVENANCE, modules, moduleEvents: status, findings }, null, 1)}\n`;
}

export interface ModuleRunResult {
  modules: ModuleInfo[];
  events: SessionEvent[];
  findings: ModuleFinding[];
  audit: AuditLog;
  wallMs: number;
}

/** Headless lockstep run of a library scenario/ward with modules attached (works before the session integration). */
export async function runWithModules(libraryPath: string, specs: string[], opts: { durationS: number; seed?: number }): Promise<ModuleRunResult> {
  const audit = new AuditLog();
  audit.append('session_start', 0, { app: 'wardtwin', command: 'module run', notice: SIMULATION_NOTICE });
  const plan = createPlanLoader(fsLibrary())({ kind: 'builtin', path: libraryPath, seed: opts.seed });
  audit.append('scenario', 0, { sourceFile: plan.sourceFile, wardId: plan.wardId, title: plan.title });
  audit.append('seed', 0, { runSeed: opts.seed ?? null, beds: plan.beds.map((b) => ({ bedId: b.bedId, seed: b.seed })) });
  const engine = new WardEngine(plan);
  const host = createNodeModuleHost({ onModuleLoad: (rec) => audit.append('module_load', 0, rec) });
  const events: SessionEvent[] = [];
  const findings: ModuleFinding[] = [];
  const t0 = performance.now();
  try {
    for (const s of specs) await host.attach(moduleSource(s));
    applyWantedChannels(engine, host);
    await runLockstep(engine, host, opts.durationS, {
      event: (e) => {
        if (e.type !== 'finding' && e.type !== 'module') return;
        events.push(e);
        if (e.type === 'finding') {
          findings.push(e.finding);
          audit.append('finding', e.simTimeS, { bedId: e.bedId, moduleId: e.finding.moduleId, label: e.finding.label, score: e.finding.score, severity: e.finding.severity });
        }
      },
    });
    return { modules: host.list(), events, findings, audit, wallMs: performance.now() - t0 };
  } finally {
    await host.dispose();
  }
}

async function check(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, CHECK_FLAGS);
  if (positionals.length !== 1) throw new UsageError('give exactly one module folder or manifest');
  const spec = positionals[0];
  let bundle;
  try {
    bundle = spec.startsWith('builtin:') ? null : loadModuleBundle(spec);
  } catch (err) {
    if (err instanceof ManifestError) {
      io.stdout(err.message);
      return 1;
    }
    throw err;
  }
  if (bundle) {
    const m = bundle.manifest;
    const enforces = { js: jsWorkerRuntime, onnx: onnxWorkerRuntime, process: processRuntime }[m.runtime]().enforces;
    io.stdout(
      [
        `${m.name} ${m.version} by ${m.authors.join(', ')} — runtime ${m.runtime}, entry ${m.entry}`,
        `  manifest and model card: OK (${Object.keys(m.modelCard).length} card sections)`,
        `  subscribes: numerics [${m.subscribes.numerics.join(', ')}], waveforms [${m.subscribes.waveforms.map((w) => `${w.channel}@${w.rateHz}Hz`).join(', ')}], events [${m.subscribes.events.join(', ')}]`,
        `  emits: ${m.emits.map((e) => `${e.label} → detects [${e.detects.join(', ') || 'informational'}]`).join('; ')}`,
        `  limits: ${m.limits.cpuMsPerBedSecond} ms CPU per bed-second, ${m.limits.memoryMb} MB, ${m.limits.maxFindingsPerBedSecond}/bed-s, ${m.limits.maxFindingsPerBedMinute}/bed-min`,
        `  sandbox: ${enforces}`,
      ].join('\n'),
    );
  }
  const scenario = String(flags.get('scenario') ?? 'wards/default.yaml');
  const durationS = flags.has('duration') ? parseDurationS(String(flags.get('duration'))) : 180;
  const seed = flags.has('seed') ? Number(flags.get('seed')) : 1;
  const r = await runWithModules(scenario, [spec], { durationS, seed });
  const info = r.modules[0];
  io.stdout(`  ran ${durationS} s of ${scenario} (seed ${seed}) in ${(r.wallMs / 1000).toFixed(1)} s: ${r.findings.length} finding(s), mean compute ${info.meanComputeMs.toFixed(2)} ms per second, status ${info.status}${info.statusReason ? ` (${info.statusReason})` : ''}`);
  for (const f of r.findings.slice(0, 5)) io.stdout(`    t=${f.simTimeS}s ${f.bedId} ${f.label} ${f.severity} ${f.score}: ${f.message}`);
  if (r.findings.length > 5) io.stdout(`    … ${r.findings.length - 5} more`);
  return info.status === 'quarantined' ? 1 : 0;
}

export const moduleCommand: Command = {
  name: 'module',
  usage: 'wardtwin module check <folder|manifest|builtin:id> [--scenario wards/default.yaml] [--duration 3m] [--seed N] | wardtwin module list',
  summary: 'Validate a diagnostic module (manifest + model card) and run it sandboxed on a short built-in scenario.',
  flags: CHECK_FLAGS,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'check') return check(rest, io);
    if (sub === 'list') {
      io.stdout(`Reference modules (attach as builtin:<id>): ${builtinModuleIds().join(', ')}`);
      return 0;
    }
    throw new UsageError("expected 'check <path>' or 'list'");
  },
};

/** Write findings.json (and the run's audit log) next to run.ts's outputs. */
export function writeModuleOutputs(outDir: string, r: ModuleRunResult): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, 'findings.json'), findingsJson(r.events, r.modules));
  writeFileSync(resolve(outDir, 'audit.jsonl'), r.audit.toJsonl());
}
