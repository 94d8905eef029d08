/**
 * The module host: runs attached diagnostic modules in LOCKSTEP with simulated time. Once per simulated
 * second the session hands it a SecondBatch and awaits the findings before stepping on, so a run's
 * outputs depend only on scenario + seed, never on how fast a worker or process answered.
 *
 * Everything a module returns is untrusted: checked here (labels, finite scores, severities, sizes,
 * rate limits) before it is published. A module that breaks a rule is quarantined — its sandbox is
 * stopped, it publishes nothing more — and the simulation and the other modules carry on unchanged.
 * See README.md in this folder.
 */
import type { ChannelId } from '../devices/index';
import type { Finding, ModuleInfo, ModuleScore, ModuleStatus } from '../shared/session-data';
import { sha256Hex } from '../audit/sha256';
import type { BedSecondInput, EvidenceValue, ModuleBundle, RuntimeKind } from './contract';
import { joinChunks, moduleInput, visibleEvents, type SecondBatch } from './inputs';
import { escapeControl } from '../util/text';
import { SandboxStartError, type Sandbox, type SandboxCallResult, type SandboxFactory } from './sandbox';

export type { SecondBatch, BedSecond } from './inputs';

/** A finding as published (the session API's Finding plus optional evidence). */
export type ModuleFinding = Finding & { evidence?: Record<string, EvidenceValue> };

export type HostModuleSource =
  | { kind: 'builtin'; id: string }
  | { kind: 'file'; path: string }
  | { kind: 'bundle'; manifest: string; manifestName?: string; files: Record<string, string | Uint8Array>; /** The uploaded folder's name: errors name the module by it when its manifest cannot be read. */ name?: string };

export type HostOutput =
  | { type: 'finding'; finding: ModuleFinding }
  | { type: 'score'; score: ModuleScore }
  | { type: 'module'; moduleId: string; status: ModuleStatus; message: string };

export interface ModuleLoadRecord {
  moduleId: string;
  name: string;
  version: string;
  runtime: RuntimeKind;
  origin: string;
  /** SHA-256 (hex) of every file of the module, by relative path. */
  fileSha256: Record<string, string>;
  /** What the runtime enforces for this module (SandboxFactory.enforces), e.g. whether it is OS-sandboxed. */
  sandbox: string;
}

export interface ModuleHostOptions {
  runtimes: Partial<Record<RuntimeKind, SandboxFactory>>;
  /** Turns a source into a checked bundle (throws ManifestError listing every problem). */
  resolve(source: HostModuleSource): Promise<ModuleBundle>;
  /** Called on every successful load, for the audit log. */
  onModuleLoad?(rec: ModuleLoadRecord): void;
}

/** Quarantine after this many consecutive calls over the CPU budget (one slow call may be GC or JIT). */
const OVERRUNS_TO_QUARANTINE = 3;
/** A call that takes this many times its budget (at least HANG_MIN_MS) is treated as hung and stopped. */
const HANG_FACTOR = 40;
const HANG_MIN_MS = 2000;
/** Scores are published rounded to 1e-6 so float32 (ONNX) and float64 (JS, Python) runs compare equal. */
const SCORE_QUANTUM = 1e6;
const MAX_MESSAGE = 500;
const MAX_EVIDENCE_KEYS = 16;
const SEVERITIES = new Set(['info', 'low', 'medium', 'high']);
/**
 * A score label's values on one bed come at least this far apart (simulated seconds). Scores are read in
 * 5-min windows and hourly utility rows: once a minute loses nothing there, and keeps a ward's event
 * stream (and every export of it) small — one value per bed per minute, not per second.
 */
export const SCORE_MIN_INTERVAL_S = 60;

interface Attached {
  moduleId: string;
  bundle: ModuleBundle;
  sandbox: Sandbox | null;
  status: ModuleStatus;
  statusReason: string | null;
  totalMs: number;
  calls: number;
  overruns: number;
  findings: number;
  /** Per bed: simulated times of recent findings (rate limit window). */
  recent: Map<string, number[]>;
  /** Per bed and score label: simulated time of the last published value (SCORE_MIN_INTERVAL_S). */
  lastScore: Map<string, number>;
}

export class SandboxModuleHost {
  private readonly attached: Attached[] = [];
  /** Status changes that happened outside onSecond (attach failures), published with the next batch. */
  private readonly queued: HostOutput[] = [];

  constructor(private readonly opts: ModuleHostOptions) {}

  get size(): number {
    return this.attached.length;
  }

  /** Attach a module. Rejects for a bad manifest/model card; a module that fails to start is attached as quarantined. */
  async attach(source: HostModuleSource): Promise<ModuleInfo> {
    const bundle = await this.opts.resolve(source);
    const m = bundle.manifest;
    const factory = this.opts.runtimes[m.runtime];
    if (!factory) throw new Error(`Module ${m.name}: runtime '${m.runtime}' is not available on this host (available: ${Object.keys(this.opts.runtimes).join(', ')})`);
    let moduleId = m.name;
    for (let i = 2; this.attached.some((a) => a.moduleId === moduleId); i++) moduleId = `${m.name}#${i}`;
    const a: Attached = { moduleId, bundle, sandbox: null, status: 'running', statusReason: null, totalMs: 0, calls: 0, overruns: 0, findings: 0, recent: new Map(), lastScore: new Map() };
    this.attached.push(a);
    const fileSha256: Record<string, string> = {};
    for (const p of Object.keys(bundle.files).sort()) fileSha256[p] = sha256Hex(bundle.files[p]);
    this.opts.onModuleLoad?.({ moduleId, name: m.name, version: m.version, runtime: m.runtime, origin: bundle.origin, fileSha256, sandbox: factory.enforces });
    try {
      a.sandbox = await factory.start(bundle);
    } catch (err) {
      const why = err instanceof SandboxStartError ? describe(m.name, err.kind, err.message) : `failed to load: ${err instanceof Error ? err.message : String(err)}`;
      this.quarantine(a, why, this.queued);
    }
    return this.info(a);
  }

  async detach(moduleId: string): Promise<void> {
    const i = this.attached.findIndex((a) => a.moduleId === moduleId);
    if (i < 0) throw new Error(`No module '${moduleId}' is attached`);
    const [a] = this.attached.splice(i, 1);
    await stopSandbox(a);
  }

  list(): ModuleInfo[] {
    return this.attached.map((a) => this.info(a));
  }

  /**
   * Waveform channels the attached modules subscribe to (the session must generate them). Quarantined
   * modules still count (the set does not change mid-run); generating a channel never changes the
   * monitor's numerics (devices/README: one derivation).
   */
  wantedChannels(): ChannelId[] {
    const s = new Set<ChannelId>();
    for (const a of this.attached) for (const w of a.bundle.manifest.subscribes.waveforms) s.add(w.channel);
    return [...s].sort();
  }

  /** One simulated second. Outputs come in attach order, then bed order, then the module's own order. */
  async onSecond(batch: SecondBatch): Promise<HostOutput[]> {
    return (await this.onSeconds([batch]))[0];
  }

  /**
   * Several consecutive simulated seconds at once (the session simulated ahead; module outputs never
   * feed back into the simulation). Returns one output list per second, each EXACTLY what `onSecond`
   * would have returned for that second in strict per-second lockstep:
   *  - every module gets the same per-second inputs in the same order, in ONE sandbox exchange
   *    (`Sandbox.callMany`) instead of one per second;
   *  - answers are checked second by second, in order, with the same CPU-budget/overrun, rate-limit and
   *    output checks as `onSecond`; a module quarantined at second i contributes nothing to seconds > i
   *    (its later answers, if any, are dropped);
   *  - queued status changes (attach failures) come out with the first second, as with `onSecond`.
   * Modules still run concurrently; outputs are assembled per second in attach → bed → module order.
   */
  async onSeconds(batches: SecondBatch[]): Promise<HostOutput[][]> {
    const outs: HostOutput[][] = batches.map(() => []);
    if (batches.length === 0) return outs;
    outs[0].push(...this.queued.splice(0, this.queued.length));
    const live = this.attached.filter((a) => a.status !== 'quarantined' && a.sandbox);
    if (live.length === 0) return outs;
    // Shared per-second work (waveform joins, event filtering), done once for all modules.
    const shared = batches.map((batch) => ({
      waves: batch.beds.map((b) => joinChunks(b.waveforms)),
      events: batch.beds.map((b) => visibleEvents(b.events)),
    }));
    const calls = live.map((a) => {
      const m = a.bundle.manifest;
      const seconds = batches.map((batch, k) =>
        batch.beds.map((b, i) => moduleInput(m, b, batch.simTimeS, shared[k].waves[i], shared[k].events[i])),
      );
      // The hang timeout is per second; beds per second are the same across a batch (one ward).
      const timeoutMs = Math.max(HANG_MIN_MS, m.limits.cpuMsPerBedSecond * batches[0].beds.length * HANG_FACTOR);
      return callSeconds(a.sandbox as Sandbox, seconds, timeoutMs);
    });
    const results = await Promise.all(calls);
    // Second by second, module by module: the same absorb sequence as K calls of onSecond.
    for (let k = 0; k < batches.length; k++) {
      live.forEach((a, i) => {
        // Quarantined earlier in this batch: nothing more from it (as if it had not been called).
        if (a.status === 'quarantined') return;
        const r = results[i][k] ?? { ok: false, kind: 'protocol', message: 'answered fewer seconds than asked' };
        this.absorb(a, r, batches[k], outs[k]);
      });
    }
    return outs;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.attached.map((a) => stopSandbox(a)));
    this.attached.length = 0;
  }

  private absorb(a: Attached, r: SandboxCallResult, batch: SecondBatch, out: HostOutput[]): void {
    if (!r.ok) return this.quarantine(a, describe(a.bundle.manifest.name, r.kind, r.message), out);
    a.calls++;
    a.totalMs += r.computeMs;
    const m = a.bundle.manifest;
    const budgetMs = m.limits.cpuMsPerBedSecond * batch.beds.length;
    a.overruns = r.computeMs > budgetMs ? a.overruns + 1 : 0;
    if (a.overruns >= OVERRUNS_TO_QUARANTINE) {
      return this.quarantine(a, `over its CPU budget on ${OVERRUNS_TO_QUARANTINE} consecutive seconds (last ${r.computeMs.toFixed(1)} ms > ${budgetMs} ms for ${batch.beds.length} bed(s))`, out);
    }
    const labels = new Set(m.emits.map((e) => e.label));
    const accepted: ModuleFinding[] = [];
    const beds = new Set(batch.beds.map((b) => b.bedId));
    if (!Array.isArray(r.results) || r.results.length !== batch.beds.length) return this.quarantine(a, 'answered for the wrong number of beds', out);
    const scoreSpecs = new Map(m.scores.map((s) => [s.label, s]));
    const scores: ModuleScore[] = [];
    for (let i = 0; i < r.results.length; i++) {
      const { bedId } = r.results[i];
      if (bedId !== batch.beds[i].bedId || !beds.has(bedId)) return this.quarantine(a, `answered for bed '${String(bedId)}' out of order`, out);
      const split = splitAnswer(r.results[i]);
      if (typeof split === 'string') return this.quarantine(a, split, out);
      const { findings } = split;
      if (split.scores !== undefined && split.scores !== null) {
        if (!Array.isArray(split.scores)) return this.quarantine(a, `scores must be a list of {label, value}; got ${typeof split.scores}`, out);
        const seen = new Set<string>();
        for (const sc of split.scores) {
          const problem = checkScore(sc, scoreSpecs);
          if (problem) return this.quarantine(a, `published a malformed score: ${problem}`, out);
          const { label, value } = sc as { label: string; value: number };
          const key = `${bedId}\u0000${label}`;
          const last = a.lastScore.get(key);
          if (seen.has(label) || (last !== undefined && batch.simTimeS - last < SCORE_MIN_INTERVAL_S)) {
            return this.quarantine(a, `flooded scores: '${label}' on bed ${bedId} again at ${batch.simTimeS} s (one value per ${SCORE_MIN_INTERVAL_S} simulated s${last !== undefined ? `; last at ${last} s` : ''})`, out);
          }
          seen.add(label);
          scores.push({ moduleId: a.moduleId, bedId, simTimeS: batch.simTimeS, label, value: Math.round(value * SCORE_QUANTUM) / SCORE_QUANTUM });
        }
      }
      if (findings === undefined || findings === null) continue;
      if (!Array.isArray(findings)) {
        const n = (findings as { tooMany?: number }).tooMany;
        return this.quarantine(a, n ? `flooded findings: ${n} in one second on bed ${bedId} (limit ${m.limits.maxFindingsPerBedSecond})` : 'onSecond must return an array of findings (or nothing, or {findings, scores})', out);
      }
      if (findings.length > m.limits.maxFindingsPerBedSecond) {
        return this.quarantine(a, `flooded findings: ${findings.length} in one second on bed ${bedId} (limit ${m.limits.maxFindingsPerBedSecond})`, out);
      }
      const recent = (a.recent.get(bedId) ?? []).filter((t) => t > batch.simTimeS - 60);
      a.recent.set(bedId, recent);
      if (recent.length + findings.length > m.limits.maxFindingsPerBedMinute) {
        return this.quarantine(a, `flooded findings: ${recent.length + findings.length} within 60 s on bed ${bedId} (limit ${m.limits.maxFindingsPerBedMinute})`, out);
      }
      for (const f of findings) {
        const problem = checkFinding(f, labels);
        if (problem) return this.quarantine(a, `emitted a malformed finding: ${problem}`, out);
        const d = f as ModuleFinding;
        const finding: ModuleFinding = {
          moduleId: a.moduleId,
          bedId,
          simTimeS: batch.simTimeS,
          label: d.label,
          score: Math.round(d.score * SCORE_QUANTUM) / SCORE_QUANTUM,
          severity: d.severity,
          message: escapeControl(d.message),
        };
        if (d.evidence !== undefined) finding.evidence = { ...d.evidence };
        accepted.push(finding);
        recent.push(batch.simTimeS);
      }
    }
    // Only a fully valid answer is published: a module cannot get half a batch out before failing.
    a.findings += accepted.length;
    for (const finding of accepted) out.push({ type: 'finding', finding });
    for (const score of scores) {
      a.lastScore.set(`${score.bedId}\u0000${score.label}`, score.simTimeS);
      out.push({ type: 'score', score });
    }
  }

  private quarantine(a: Attached, why: string, out: HostOutput[]): void {
    // Reasons quote the module's own text (error messages, stderr): shown escaped, never interpreted.
    const reason = escapeControl(why);
    a.status = 'quarantined';
    a.statusReason = reason;
    void a.sandbox?.close();
    out.push({ type: 'module', moduleId: a.moduleId, status: 'quarantined', message: `Module '${a.moduleId}' quarantined: ${reason}` });
  }

  private info(a: Attached): ModuleInfo {
    const m = a.bundle.manifest;
    return {
      moduleId: a.moduleId,
      name: m.name,
      version: m.version,
      status: a.status,
      statusReason: a.statusReason,
      meanComputeMs: a.calls ? a.totalMs / a.calls : 0,
      findings: a.findings,
      emits: m.emits.map((e) => ({ label: e.label, detects: [...e.detects] })),
      modelCard: Object.fromEntries(Object.entries(m.modelCard).filter((kv): kv is [string, string] => typeof kv[1] === 'string')),
      scores: m.scores.map((s) => ({ ...s, detects: [...s.detects], range: [s.range[0], s.range[1]] })),
    };
  }
}

/** A detached/disposed module's sandbox: a healthy one may be recycled by its platform, others are stopped. */
async function stopSandbox(a: Attached): Promise<void> {
  const sb = a.sandbox;
  if (!sb) return;
  if (a.status !== 'quarantined' && sb.release) await sb.release();
  else await sb.close();
}

/** K seconds through the sandbox's batched exchange, or K sequential calls if it has none. */
async function callSeconds(sb: Sandbox, seconds: BedSecondInput[][], timeoutMs: number): Promise<SandboxCallResult[]> {
  if (sb.callMany) return sb.callMany(seconds, timeoutMs);
  const out: SandboxCallResult[] = [];
  for (const beds of seconds) {
    const r = await sb.call(beds, timeoutMs);
    out.push(r);
    if (!r.ok) break;
  }
  return out;
}

function describe(name: string, kind: string, message: string): string {
  switch (kind) {
    case 'threw':
      // Named here too: the reason is copied on its own into findings.json, the audit log and the CLI.
      return `module '${name}' threw ${message}`;
    case 'timeout':
      return `stopped: ${message}`;
    case 'memory':
      return `exceeded its memory cap: ${message}`;
    case 'violation':
      return `sandbox violation: ${message}`;
    case 'start':
      return `failed to start: ${message}`;
    default:
      return `${kind}: ${message}`;
  }
}

/**
 * A bed's answer as findings and scores. Runtimes hand over what the module returned: an array of
 * findings (the original form), or `{findings, scores}`; a process module may also put `scores` beside
 * `findings` in its result line. A string: why the answer is refused.
 */
function splitAnswer(r: { findings: unknown; scores?: unknown }): { findings: unknown; scores: unknown } | string {
  const f = r.findings;
  if (f !== null && typeof f === 'object' && !Array.isArray(f) && !('tooMany' in f)) {
    const o = f as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'findings' && k !== 'scores') return `onSecond returned an object with unknown field '${k}' (expected a list of findings, or {findings, scores})`;
    if (r.scores !== undefined) return 'scores given twice (in the answer and beside it)';
    return { findings: o.findings, scores: o.scores };
  }
  return { findings: f, scores: r.scores };
}

function checkScore(s: unknown, specs: Map<string, { range: [number, number] }>): string | null {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return 'not an object';
  const d = s as Record<string, unknown>;
  for (const k of Object.keys(d)) if (k !== 'label' && k !== 'value') return `unknown field '${k}' (a score is {label, value})`;
  const spec = typeof d.label === 'string' ? specs.get(d.label) : undefined;
  if (!spec) return `label '${String(d.label)}' is not one the manifest's scores declare (${[...specs.keys()].join(', ') || 'none'})`;
  if (typeof d.value !== 'number' || !Number.isFinite(d.value)) return `value must be a finite number, got ${String(d.value)}`;
  if (d.value < spec.range[0] || d.value > spec.range[1]) return `'${String(d.label)}' value ${d.value} is outside its declared range [${spec.range[0]}, ${spec.range[1]}]`;
  return null;
}

function checkFinding(f: unknown, labels: Set<string>): string | null {
  if (typeof f !== 'object' || f === null || Array.isArray(f)) return 'not an object';
  const d = f as Record<string, unknown>;
  if (typeof d.label !== 'string' || !labels.has(d.label)) return `label '${String(d.label)}' is not one the manifest emits (${[...labels].join(', ')})`;
  if (typeof d.score !== 'number' || !Number.isFinite(d.score)) return `score must be a finite number, got ${String(d.score)}`;
  if (d.score < 0 || d.score > 1) return `score must be within 0..1, got ${d.score}`;
  if (typeof d.severity !== 'string' || !SEVERITIES.has(d.severity)) return `severity must be info|low|medium|high, got ${String(d.severity)}`;
  if (typeof d.message !== 'string' || d.message.length > MAX_MESSAGE) return `message must be a string of at most ${MAX_MESSAGE} characters`;
  for (const k of Object.keys(d)) if (!['label', 'score', 'severity', 'message', 'evidence'].includes(k)) return `unknown field '${k}'`;
  if (d.evidence !== undefined) {
    if (typeof d.evidence !== 'object' || d.evidence === null || Array.isArray(d.evidence)) return 'evidence must be a flat object';
    const ev = d.evidence as Record<string, unknown>;
    if (Object.keys(ev).length > MAX_EVIDENCE_KEYS) return `evidence has more than ${MAX_EVIDENCE_KEYS} keys`;
    for (const [k, v] of Object.entries(ev)) {
      const ok = v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 200);
      if (!ok) return `evidence.${k} must be a finite number, short string, boolean or null`;
    }
  }
  return null;
}
