/**
 * `wardtwin run`: play a scenario or ward headless as fast as possible and write what happened —
 * the monitor's numerics beside the hidden truth (numerics.csv), the truth episodes (truth.json) and
 * every event (events.json). Same file + seed → byte-identical output.
 *
 * With --out the run is written as it goes (RunFolder): numerics.csv, audit.jsonl and events.partial.jsonl
 * grow by whole lines every simulated minute and progress.json says how far it got, so a run that is
 * killed keeps what it finished. manifest.json (with the audit anchor) is written only at the end, when
 * progress.json and events.partial.jsonl are removed: no manifest + progress.json = incomplete run.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openFileSession } from '../node/open-source';
import { SIMULATION_NOTICE, type ModuleInfo, type NumericsFrame, type SessionEvent, type WardInfo } from '../session/api';
import type { TruthEpisode } from '../physiology/index';
import { SEED_MAX, UsageError, intFlag, parseArgs, parseDurationS, type FlagSpec } from './args';
import { progressBar, type CliIo } from './io';
import { ALLOW_UNSANDBOXED_FLAG, applySandboxChoice, attachModulesForRun, findingsJson } from './module';
import { parseFormats } from './export';
import { CaptureRecorder, exportFiles, type WardCapture } from '../export/index';
import type { AuditAnchor } from '../audit/log';

export const RUN_FLAGS: FlagSpec[] = [
  { name: 'duration', value: '<time>', help: "simulated time to run, e.g. '2h', '30m' (default 1h)" },
  { name: 'seed', value: '<n>', help: 'run seed, mixed into every bed seed (default: the file\'s own seeds)' },
  { name: 'out', value: '<dir>', help: 'write numerics.csv, truth.json, events.json and audit.jsonl here' },
  { name: 'n', value: '<patients>', help: 'for a cohort file: how many patients to sample (default 200)' },
  { name: 'module', value: '<path|builtin:id>', help: 'attach a diagnostic module (repeatable); writes findings.json' },
  { name: 'format', value: '<list>', help: 'also export: wfdb, fhir (csv is always written); see wardtwin export' },
  { name: 'audit-key', value: '<file>', help: "sign the audit log's seal and the manifest's anchor with this lab key (HMAC-SHA256)" },
  ALLOW_UNSANDBOXED_FLAG,
];

export const PROVENANCE = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;

const MEASURED_COLUMNS = ['hr_bpm', 'sbp_mmhg', 'dbp_mmhg', 'map_mmhg', 'rr_bpm', 'spo2_pct', 'etco2_mmhg', 'temp_c'] as const;
const TRUE_COLUMNS = [
  'true_hr_bpm',
  'true_sao2_pct',
  'true_map_mmhg',
  'true_co_l_min',
  'true_blood_volume_ml',
  'true_lactate_mmol_l',
  'true_ph',
  'true_pao2_mmhg',
  'true_paco2_mmhg',
  'true_rr_bpm',
  'true_temp_c',
  'true_rhythm',
] as const;

const f1 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(1));
const f2 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(2));
const f3 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(3));

export function csvRow(f: NumericsFrame): string {
  const m = f.measured;
  const t = f.truth;
  const sbp = m.artSysMmHg ?? m.nibpSysMmHg;
  const dbp = m.artDiaMmHg ?? m.nibpDiaMmHg;
  const map = m.artMeanMmHg ?? m.nibpMeanMmHg;
  const cells = [
    String(Math.round(f.simTimeS)),
    f.bedId,
    f1(m.hrBpm),
    f1(sbp),
    f1(dbp),
    f1(map),
    f1(m.rrBpm),
    f1(m.spo2Pct),
    f1(m.etco2MmHg),
    f2(m.tempC),
    f1(t?.hrBpm),
    f2(t?.sao2Pct),
    f2(t?.mapMmHg),
    f3(t?.coLPerMin),
    f1(t?.bloodVolumeMl),
    f3(t?.lactateMmolL),
    f3(t?.ph),
    f2(t?.pao2MmHg),
    f2(t?.paco2MmHg),
    f1(t?.rrBpm),
    f2(t?.coreTempC),
    t?.rhythm ?? '',
  ];
  return cells.join(',');
}

export const CSV_HEADER = ['t_s', 'bed', ...MEASURED_COLUMNS, ...TRUE_COLUMNS].join(',');

export interface RunResult {
  ward: WardInfo;
  modules: ModuleInfo[];
  auditJsonl: string;
  /** The sealed log's anchor (session, record count, head hash, MAC with a key): goes into manifest.json. */
  auditAnchor: AuditAnchor;
  csv: string;
  episodes: (TruthEpisode & { bedId: string })[];
  events: SessionEvent[];
  durationS: number;
  wallMs: number;
  /** With `capture`: the same run's waveforms, beats, rhythms and frames for export. */
  capture: WardCapture | null;
}

/** Run a file headless; pure of CLI concerns so tests can call it directly. */
export async function runHeadless(
  file: string,
  opts: {
    durationS: number;
    seed?: number;
    cohortSize?: number;
    modules?: string[];
    onProgress?: (frac: number) => void;
    /** Also record what an export needs (waveforms only when `waveforms`), from this same run. */
    capture?: { waveforms: boolean };
    /** HMAC key that signs the audit seal. */
    auditKey?: Uint8Array | string;
    /** Write as the run goes (every simulated minute), so an interrupted run keeps what it finished. */
    folder?: RunFolder;
  },
): Promise<RunResult> {
  const { session, source } = openFileSession(file, opts.seed);
  const rows: string[] = [];
  const events: SessionEvent[] = [];
  const episodes = new Map<string, TruthEpisode & { bedId: string }>();
  const t0 = performance.now();
  const ward = await session.load({ ...source, cohortSize: opts.cohortSize });
  await attachModulesForRun(session, opts.modules ?? []);
  const recorder = opts.capture ? new CaptureRecorder(session, opts.capture) : null;
  session.numerics({ includeTruth: true }).subscribe((f) => rows.push(csvRow(f)));
  const folder = opts.folder;
  let rowsOut = 0;
  let eventsOut = 0;
  let auditOut = 0;
  const flush = (simulatedS: number) => {
    if (!folder) return;
    const audit = session.auditTail(auditOut);
    auditOut = audit.next;
    folder.append(rows.slice(rowsOut), events.slice(eventsOut), audit.lines, simulatedS, opts.durationS);
    rowsOut = rows.length;
    eventsOut = events.length;
  };
  session.events().subscribe((e) => {
    if (e.type === 'run_state') return;
    events.push(e);
    if (e.type === 'episode') episodes.set(`${e.bedId}/${e.episode.id}`, { ...e.episode, bedId: e.bedId });
  });
  const chunkS = 60;
  flush(0);
  for (let t = 0; t < opts.durationS; t += chunkS) {
    await session.step(Math.min(chunkS, opts.durationS - t));
    flush(Math.min(opts.durationS, t + chunkS));
    opts.onProgress?.(Math.min(1, (t + chunkS) / opts.durationS));
  }
  const capture = recorder?.finish(opts.durationS) ?? null;
  const auditAnchor = session.sealAudit(opts.auditKey);
  const auditJsonl = await session.auditLog();
  const finalModules = (await session.status()).modules;
  await session.dispose();
  return {
    ward,
    modules: finalModules,
    auditJsonl,
    auditAnchor,
    csv: `# ${PROVENANCE}\n${CSV_HEADER}\n${rows.join('\n')}\n`,
    episodes: [...episodes.values()],
    events,
    durationS: opts.durationS,
    wallMs: performance.now() - t0,
    capture,
  };
}

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, RUN_FLAGS);
  if (positionals.length !== 1) throw new UsageError('give exactly one scenario, ward or cohort file');
  applySandboxChoice(flags, io);
  const durationS = flags.has('duration') ? parseDurationS(String(flags.get('duration'))) : 3600;
  const seed = intFlag(flags, 'seed', undefined, 0, SEED_MAX);
  const modules = argv.flatMap((a, i) => (a === '--module' ? [argv[i + 1]] : a.startsWith('--module=') ? [a.slice(9)] : []));
  const formats = flags.has('format') ? parseFormats(String(flags.get('format'))) : [];
  const out = flags.get('out');
  if ((modules.length || formats.length) && typeof out !== 'string') throw new UsageError('--module and --format write files: give --out <dir>');
  const bar = progressBar(io, 'Simulating');
  const folder = typeof out === 'string' ? new RunFolder(out) : undefined;
  const cohortSize = intFlag(flags, 'n', undefined, 1, 100000);
  const extra = formats.filter((f) => f !== 'csv');
  const capture = extra.length ? { waveforms: extra.includes('wfdb') } : undefined;
  const auditKey = flags.has('audit-key') ? readAuditKey(String(flags.get('audit-key'))) : undefined;
  const r = await runHeadless(positionals[0], { durationS, seed, cohortSize, modules, onProgress: (f) => bar.update(f), capture, auditKey, folder });
  bar.done();
  io.stdout(summaryTable(r));
  if (typeof out === 'string') {
    mkdirSync(out, { recursive: true });
    writeFileSync(resolve(out, 'numerics.csv'), r.csv); // the same bytes the run appended, now whole
    writeFileSync(
      resolve(out, 'truth.json'),
      `${JSON.stringify({ provenance: PROVENANCE, episodes: r.episodes.map((e) => ({ label: e.label, bed: e.bedId, onset_s: e.onsetS, offset_s: e.offsetS, severity: e.severity })) }, null, 1)}\n`,
    );
    writeFileSync(resolve(out, 'events.json'), `${JSON.stringify({ provenance: PROVENANCE, events: r.events })}\n`);
    writeFileSync(resolve(out, 'audit.jsonl'), r.auditJsonl);
    const written = ['numerics.csv', 'truth.json', 'events.json', 'audit.jsonl'];
    if (modules.length) {
      writeFileSync(resolve(out, 'findings.json'), findingsJson(r.events, r.modules));
      written.push('findings.json');
      for (const m of r.modules) if (m.status === 'quarantined') io.stderr(`module ${m.moduleId} was quarantined: ${m.statusReason}`);
    }
    // The anchor kept outside the log: `wardtwin audit verify <out>` checks audit.jsonl against it.
    writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify({ provenance: PROVENANCE, files: written, audit: r.auditAnchor }, null, 1)}\n`);
    written.push('manifest.json');
    folder?.complete();
    io.stdout(`Wrote ${written.join(', ')} to ${out}`);
    io.stdout(`audit head: ${r.auditAnchor.headHash} (${r.auditAnchor.records} records, session ${r.auditAnchor.session}${r.auditAnchor.mac ? ', signed' : ''})`);
    if (r.capture) {
      // Written from the run above (same frames as numerics.csv; WFDB beats via the driver's observer).
      const files = exportFiles(r.capture, extra);
      for (const [name, data] of Object.entries(files)) {
        const p = resolve(out, name);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, data);
      }
      io.stdout(`Exported ${extra.join(', ')} from the same run: ${Object.keys(files).length} file(s) in ${out}. ${SIMULATION_NOTICE}`);
    }
  }
  // A scenario action the model refused (after the files above are written, to look into) fails the run:
  // a run that silently skipped its bleed must not look like a success.
  const failures = scenarioFailures(r.events);
  for (const f of failures) io.stderr(`wardtwin run: ${f}`);
  return failures.length ? 1 : 0;
}

export const PROGRESS_FILE = 'progress.json';
export const PARTIAL_EVENTS_FILE = 'events.partial.jsonl';

/**
 * A run's output folder, written as the run goes. Appends are whole lines (one write per file per
 * simulated minute), so a killed run leaves parseable files; progress.json is replaced atomically.
 */
export class RunFolder {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    // A previous run's results in the same folder must not pass for this run's.
    for (const f of ['manifest.json', 'truth.json', 'events.json', 'findings.json', PARTIAL_EVENTS_FILE]) rmSync(resolve(dir, f), { force: true });
    writeFileSync(resolve(dir, 'numerics.csv'), `# ${PROVENANCE}\n${CSV_HEADER}\n`);
    writeFileSync(resolve(dir, 'audit.jsonl'), '');
    writeFileSync(resolve(dir, PARTIAL_EVENTS_FILE), `${JSON.stringify({ provenance: PROVENANCE })}\n`);
    this.progress(0, null);
  }

  append(rows: readonly string[], events: readonly SessionEvent[], auditLines: readonly string[], simulatedS: number, durationS: number): void {
    if (rows.length) appendFileSync(resolve(this.dir, 'numerics.csv'), `${rows.join('\n')}\n`);
    if (events.length) appendFileSync(resolve(this.dir, PARTIAL_EVENTS_FILE), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    if (auditLines.length) appendFileSync(resolve(this.dir, 'audit.jsonl'), `${auditLines.join('\n')}\n`);
    this.progress(simulatedS, durationS);
  }

  /** The run finished and its files are final: the incomplete-run markers go. */
  complete(): void {
    rmSync(resolve(this.dir, PROGRESS_FILE), { force: true });
    rmSync(resolve(this.dir, PARTIAL_EVENTS_FILE), { force: true });
  }

  private progress(simulatedS: number, durationS: number | null): void {
    const p = resolve(this.dir, PROGRESS_FILE);
    const tmp = `${p}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ format: 'wardtwin-run-progress', provenance: PROVENANCE, complete: false, simulatedS, durationS, updatedWall: new Date().toISOString() })}\n`);
    renameSync(tmp, p);
  }
}

/** The progress of an interrupted run in `dir` (progress.json present, no manifest.json), else null. */
export function interruptedRun(dir: string): { simulatedS: number; durationS: number | null } | null {
  if (existsSync(resolve(dir, 'manifest.json')) || !existsSync(resolve(dir, PROGRESS_FILE))) return null;
  try {
    const p = JSON.parse(readFileSync(resolve(dir, PROGRESS_FILE), 'utf8')) as { simulatedS?: unknown; durationS?: unknown };
    return { simulatedS: typeof p.simulatedS === 'number' ? p.simulatedS : 0, durationS: typeof p.durationS === 'number' ? p.durationS : null };
  } catch {
    return { simulatedS: 0, durationS: null };
  }
}

/** A lab's audit key file: its bytes are the HMAC key (at least 16). */
export function readAuditKey(file: string): Uint8Array {
  let key: Uint8Array;
  try {
    key = readFileSync(file);
  } catch (err) {
    throw new UsageError(`--audit-key: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (key.length < 16) throw new UsageError(`--audit-key: ${file} holds ${key.length} bytes; a key needs at least 16 (e.g. head -c 32 /dev/urandom > lab.key)`);
  return key;
}

/** "scenario 'id' (bed b1) at 0:01:00: start_condition (timeline) failed: …" for every scenario 'error' event. */
export function scenarioFailures(events: readonly SessionEvent[]): string[] {
  const ids = new Map<string, string>();
  const out: string[] = [];
  for (const e of events) {
    if (e.type !== 'scenario') continue;
    if (e.kind === 'started') ids.set(e.bedId, String((e.data as { scenarioId?: unknown } | undefined)?.scenarioId ?? '?'));
    if (e.kind === 'error') out.push(`scenario '${ids.get(e.bedId) ?? '?'}' (bed ${e.bedId}) at ${clock(e.simTimeS)}: ${e.text}`);
  }
  return out;
}

function clock(s: number): string {
  const t = Math.round(s);
  return `${Math.floor(t / 3600)}:${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

function summaryTable(r: RunResult): string {
  const lines = [`${r.ward.title}: ${r.ward.beds.length} bed(s), ${(r.durationS / 3600).toFixed(2)} h simulated in ${(r.wallMs / 1000).toFixed(1)} s (${Math.round(r.durationS / (r.wallMs / 1000))}× real time). ${SIMULATION_NOTICE}`];
  lines.push('bed        scenario                          episodes  alarms');
  for (const b of r.ward.beds) {
    const eps = r.episodes.filter((e) => e.bedId === b.bedId);
    const alarms = r.events.filter((e) => e.type === 'alarm' && e.bedId === b.bedId && e.change === 'raised').length;
    const labels = [...new Set(eps.map((e) => e.label))].join(' ');
    lines.push(`${b.bedId.padEnd(10)} ${(b.scenarioTitle ?? 'stable').slice(0, 32).padEnd(33)} ${String(eps.length).padStart(8)}  ${String(alarms).padStart(6)}  ${labels}`);
  }
  return lines.join('\n');
}
