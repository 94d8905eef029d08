/**
 * The one path from a session's event stream to evaluation records: truth episodes, the monitor's
 * alarms (claims from alarm-map.ts) and each module's findings, whose claims come from the module's
 * manifest (`emits[].detects`, METRICS.md § Claims). `wardtwin eval` (simulate.ts) and the app's
 * debrief (session-metrics.ts) both build their records here, so a module gets one verdict whichever
 * way its session is scored. SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
import type { Finding, SessionEvent } from '../session/api';
import { alarmAlert } from './alarm-map';
import type { EvalAlert, EvalEpisode, EvalScorePoint } from './types';

/** One `emits` entry of a module manifest (modules-host/contract.ts EmitSpec; also on ModuleInfo). */
export interface ModuleEmit {
  label: string;
  /** Truth episode labels a finding with this label claims; empty = informational. */
  detects: readonly string[];
}

/**
 * The episode labels a finding labelled `label` claims: its manifest entry's `detects`. A label with
 * `detects: []` claims nothing (informational). A label the manifest does not declare also claims
 * nothing: the module host quarantines a module that emits one, so it only happens for a module whose
 * manifest is unknown to the caller, and guessing claims for it would score what the author never said.
 */
export function findingClaims(emits: readonly ModuleEmit[], label: string): string[] {
  return [...(emits.find((e) => e.label === label)?.detects ?? [])];
}

/** The episode labels a module is scored against by default: every label its manifest's `detects` names, in order. */
export function moduleTargets(emits: readonly ModuleEmit[]): string[] {
  return [...new Set(emits.flatMap((e) => e.detects))];
}

/** A finding as an evaluation alert: instantaneous, score clamped to [0, 1], claims from the manifest. */
export function findingAlert(f: Pick<Finding, 'label' | 'score' | 'simTimeS'>, emits: readonly ModuleEmit[]): EvalAlert {
  const labels = findingClaims(emits, f.label);
  const a: EvalAlert = { tS: f.simTimeS, labels, score: Math.min(1, Math.max(0, f.score)), endS: null, technical: false, code: f.label };
  // Informational findings are burden (the user sees them) but never true or false (METRICS.md § Claims).
  if (labels.length === 0) a.informational = true;
  return a;
}

/** What one bed of a session produced, as evaluation sees it. */
export interface BedRecord {
  bedId: string;
  episodes: EvalEpisode[];
  monitor: EvalAlert[];
  /** Findings per module id, in the order they were raised. */
  findings: Map<string, EvalAlert[]>;
  /** Score-stream values per module id, in time order (modules declaring manifest `scores`). */
  scores: Map<string, EvalScorePoint[]>;
}

/** Looks up a module's manifest `emits` by module id (undefined: unknown module, its findings claim nothing). */
export type EmitsOf = (moduleId: string) => readonly ModuleEmit[] | undefined;

/**
 * Builds per-bed records from session events as they arrive (evaluation subscribes while it steps) or
 * from a recorded stream (the debrief's history): see recordsFromEvents. Beds come from the
 * constructor, `ward_loaded` events and any event naming a bed.
 */
export class EvalRecorder {
  private readonly beds = new Map<string, BedRecord>();
  private readonly episodes = new Map<string, EvalEpisode>();
  private readonly openAlarms = new Map<string, EvalAlert>();

  constructor(bedIds: readonly string[], private readonly emitsOf: EmitsOf) {
    for (const b of bedIds) this.bed(b);
  }

  private bed(bedId: string): BedRecord {
    let r = this.beds.get(bedId);
    if (!r) this.beds.set(bedId, (r = { bedId, episodes: [], monitor: [], findings: new Map(), scores: new Map() }));
    return r;
  }

  push(e: SessionEvent): void {
    if (e.type === 'ward_loaded') {
      for (const b of e.ward.beds) this.bed(b.bedId);
    } else if (e.type === 'episode') {
      // Onset and offset events carry the same episode; the latest state wins.
      const key = `${e.bedId}/${e.episode.id}`;
      const ep: EvalEpisode = { label: e.episode.label, onsetS: e.episode.onsetS, offsetS: e.episode.offsetS ?? (e.change === 'offset' ? e.simTimeS : null), severity: e.episode.severity };
      const prev = this.episodes.get(key);
      if (prev) Object.assign(prev, ep);
      else {
        this.episodes.set(key, ep);
        this.bed(e.bedId).episodes.push(ep);
      }
    } else if (e.type === 'alarm') {
      const key = `${e.bedId}/${e.alarm.id}`;
      if (e.change === 'raised') {
        const a = alarmAlert(e.alarm, e.simTimeS, null);
        this.openAlarms.set(key, a);
        this.bed(e.bedId).monitor.push(a);
      } else if (e.change === 'cleared') {
        const a = this.openAlarms.get(key);
        if (a) a.endS = e.simTimeS;
        this.openAlarms.delete(key);
      }
    } else if (e.type === 'finding') {
      this.finding(e.bedId, e.finding.moduleId, e.finding);
    } else if (e.type === 'score') {
      this.score(e.bedId, e.score.moduleId, { tS: e.score.simTimeS, label: e.score.label, value: e.score.value });
    }
  }

  /** A score value handed over directly (not as a session event). */
  score(bedId: string, moduleId: string, p: EvalScorePoint): void {
    const r = this.bed(bedId);
    const list = r.scores.get(moduleId) ?? [];
    list.push({ ...p });
    r.scores.set(moduleId, list);
  }

  /** A finding handed over directly (not as a session event). */
  finding(bedId: string, moduleId: string, f: Pick<Finding, 'label' | 'score' | 'simTimeS'>): void {
    const r = this.bed(bedId);
    const list = r.findings.get(moduleId) ?? [];
    list.push(findingAlert(f, this.emitsOf(moduleId) ?? []));
    r.findings.set(moduleId, list);
  }

  /**
   * The records at the end of the session (simulated time endS): alarms still raised end at endS (as
   * METRICS.md § Data says), episodes in onset order. Returns copies: the recorder can go on.
   */
  records(endS: number): BedRecord[] {
    return [...this.beds.values()].map((r) => ({
      bedId: r.bedId,
      episodes: r.episodes.map((e) => ({ ...e })).sort((a, b) => a.onsetS - b.onsetS || a.label.localeCompare(b.label)),
      monitor: r.monitor.map((a) => ({ ...a, labels: [...a.labels], endS: a.endS ?? endS })),
      findings: new Map([...r.findings].map(([k, v]) => [k, v.map((a) => ({ ...a, labels: [...a.labels] }))])),
      scores: new Map([...r.scores].map(([k, v]) => [k, v.map((p) => ({ ...p }))])),
    }));
  }
}

/** Per-bed records from a recorded event stream. */
export function recordsFromEvents(bedIds: readonly string[], events: Iterable<SessionEvent>, endS: number, emitsOf: EmitsOf): BedRecord[] {
  const rec = new EvalRecorder(bedIds, emitsOf);
  for (const e of events) rec.push(e);
  return rec.records(endS);
}
