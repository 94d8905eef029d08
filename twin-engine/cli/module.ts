/**
 * `wardtwin module check <path>` and `wardtwin module list`, plus what `wardtwin run --module` needs:
 * attachModulesForRun and runWithModules (both through the session, i.e. the one simulation driver), and
 * findings.json writing.
 */
import { resolve } from 'node:path';
import { createNodeSession } from '../node/create-node-session';
import { builtinModuleIds, loadModuleBundle, nodeRuntimes } from '../node/module-host';
import { ALLOW_UNSANDBOXED_ENV, sandboxProbe } from '../node/module-process';
import { ManifestError } from '../modules-host/manifest';
import type { HostModuleSource, ModuleFinding } from '../modules-host/module-host';
import { SIMULATION_NOTICE, type ModuleInfo, type EngineSession, type SessionEvent } from '../session/api';
import { SEED_MAX, UsageError, intFlag, parseArgs, parseDurationS, type FlagSpec } from './args';
import type { CliIo } from './io';
import type { Command } from './main';

export const PROVENANCE = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;

/** Shared by run, eval and module check. */
export const ALLOW_UNSANDBOXED_FLAG: FlagSpec = {
  name: 'allow-unsandboxed',
  help: 'run process modules (Python…) even where no OS sandbox (bubblewrap) is available: they get your rights over files and processes',
};

/**
 * Apply `--allow-unsandboxed` for this command (every module host it makes, eval's worker threads
 * included, reads it) and say plainly when it takes effect; the audit log's module_load records carry
 * the sandbox each module actually got.
 */
export function applySandboxChoice(flags: Map<string, string | true>, io: CliIo): void {
  if (!flags.has('allow-unsandboxed')) return;
  process.env[ALLOW_UNSANDBOXED_ENV] = '1';
  const p = sandboxProbe();
  if (!p.bwrap) io.stderr(`WARNING: --allow-unsandboxed: process modules run WITHOUT an OS sandbox (${p.reason}); they can read your files and start processes.`);
}

const CHECK_FLAGS: FlagSpec[] = [
  ALLOW_UNSANDBOXED_FLAG,
  { name: 'scenario', value: '<library path>', help: "scenario or ward from the library to run it on (default 'wards/default.yaml')" },
  { name: 'duration', value: '<time>', help: "simulated time to run (default '3m')" },
  { name: 'seed', value: '<n>', help: 'run seed (default 1)' },
];

/** A path, or 'builtin:<id>' for a reference module. */
export function moduleSource(spec: string): HostModuleSource {
  return spec.startsWith('builtin:') ? { kind: 'builtin', id: spec.slice(8) } : { kind: 'file', path: resolve(spec) };
}

/** For `wardtwin run --module <path>`: attach each module to the session, in order. */
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
  /** Module status events and findings, in publication order. */
  events: SessionEvent[];
  findings: ModuleFinding[];
  auditJsonl: string;
  wallMs: number;
}

/**
 * A headless run of a library scenario/ward with modules attached: the product session (so the one
 * simulation driver, batched module lockstep included), exactly what `wardtwin run --module` does.
 */
export async function runWithModules(libraryPath: string, specs: string[], opts: { durationS: number; seed?: number }): Promise<ModuleRunResult> {
  const session = createNodeSession();
  const events: SessionEvent[] = [];
  const findings: ModuleFinding[] = [];
  const t0 = performance.now();
  try {
    await session.load({ kind: 'builtin', path: libraryPath, seed: opts.seed });
    await attachModulesForRun(session, specs);
    const sub = session.events().subscribe((e) => {
      if (e.type !== 'finding' && e.type !== 'module') return;
      events.push(e);
      if (e.type === 'finding') findings.push(e.finding as ModuleFinding);
    });
    await session.step(opts.durationS);
    sub.unsubscribe();
    const modules = (await session.status()).modules;
    return { modules, events, findings, auditJsonl: await session.auditLog(), wallMs: performance.now() - t0 };
  } finally {
    await session.dispose();
  }
}

async function check(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, CHECK_FLAGS);
  if (positionals.length !== 1) throw new UsageError('give exactly one module folder or manifest');
  applySandboxChoice(flags, io);
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
    const enforces = nodeRuntimes()[m.runtime].enforces;
    io.stdout(
      [
        `${m.name} ${m.version} by ${m.authors.join(', ')} — runtime ${m.runtime}, entry ${m.entry}`,
        `  manifest and model card: OK (${Object.keys(m.modelCard).length} card sections)`,
        `  subscribes: numerics [${m.subscribes.numerics.join(', ')}], waveforms [${m.subscribes.waveforms.map((w) => `${w.channel}@${w.rateHz}Hz`).join(', ')}], events [${m.subscribes.events.join(', ')}]`,
        `  emits: ${m.emits.map((e) => `${e.label} → detects [${e.detects.join(', ') || 'informational'}]`).join('; ')}`,
        `  scores: ${m.scores.length ? m.scores.map((s) => `${s.label} on [${s.range.join(', ')}]${s.probability ? ' (probability)' : ''}, threshold ${s.threshold} → detects [${s.detects.join(', ')}]`).join('; ') : 'none (window metrics from the findings)'}`,
        `  limits: ${m.limits.cpuMsPerBedSecond} ms CPU per bed-second, ${m.limits.memoryMb} MB, ${m.limits.maxFindingsPerBedSecond}/bed-s, ${m.limits.maxFindingsPerBedMinute}/bed-min`,
        `  sandbox: ${enforces}`,
      ].join('\n'),
    );
  }
  const scenario = String(flags.get('scenario') ?? 'wards/default.yaml');
  const durationS = flags.has('duration') ? parseDurationS(String(flags.get('duration'))) : 180;
  const seed = intFlag(flags, 'seed', 1, 0, SEED_MAX);
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

