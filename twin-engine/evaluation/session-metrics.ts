/**
 * Module metrics for one live session (the app's debrief): each bed is one patient record, built from
 * the session's events by session-records.ts and scored by sourceMetrics — the very functions
 * `wardtwin eval` scores a cohort with, so a module's debrief and its evaluation report agree.
 * The bedside monitor's alarms are the baseline beside every module. SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
import type { SessionEvent } from '../session/api';
import { sourceMetrics, type SourceMetrics } from './evaluate';
import { moduleTargets, recordsFromEvents, type BedRecord, type ModuleEmit } from './session-records';
import { DEFAULT_SCORING, type PatientRecord, type ScoreStreamSpec, type ScoringOptions } from './types';

/** A module as the debrief knows it: its id in the session, its manifest's `emits` and `scores` (ModuleInfo has them). */
export interface ScoredModule {
  moduleId: string;
  emits: readonly ModuleEmit[];
  /** Declared score streams (absent: none; its window metrics then come from its findings). */
  scores?: readonly ScoreStreamSpec[];
}

export interface ModuleComparison {
  moduleId: string;
  /** Episode labels scored: the module's manifest `detects` (empty for a purely informational module). */
  targets: string[];
  module: SourceMetrics;
  /** The bedside monitor on the same targets. */
  monitor: SourceMetrics;
  /** The cases behind the figures: which episodes each source missed and which of its target alerts were false. */
  cases: { module: CaseList; monitor: CaseList };
}

export interface CaseList {
  missed: { bedId: string; label: string; onsetS: number }[];
  falsePositives: { bedId: string; label: string; tS: number }[];
  /** Alerts near no episode of any label they claim (the table's "False alerts"). */
  falseAlerts: { bedId: string; tS: number; code: string }[];
}

function caseList(records: readonly PatientRecord[], summaries: readonly { missed: { label: string; onsetS: number }[]; falsePositives: { label: string; tS: number }[]; falseAlertList: { tS: number; code: string }[] }[]): CaseList {
  return {
    missed: summaries.flatMap((s, i) => s.missed.map((m) => ({ bedId: records[i].id, ...m }))),
    falsePositives: summaries.flatMap((s, i) => s.falsePositives.map((f) => ({ bedId: records[i].id, ...f }))),
    falseAlerts: summaries.flatMap((s, i) => s.falseAlertList.map((f) => ({ bedId: records[i].id, ...f }))),
  };
}

/** One bed's record for one module; beds carry no demographic profile, which only the subgroup table uses. */
export function bedPatientRecord(r: BedRecord, index: number, durationS: number, moduleId: string): PatientRecord {
  return {
    index,
    id: r.bedId,
    condition: 'clean',
    profile: { sex: 'female', ageY: 0, skinToneMonk: 1, comorbidities: [] },
    deteriorates: r.episodes.length > 0,
    durationS,
    episodes: r.episodes,
    module: r.findings.get(moduleId) ?? [],
    moduleScores: r.scores.get(moduleId) ?? [],
    monitor: r.monitor,
  };
}

/**
 * Metrics of the session's modules and the monitor over the session's events up to simulated time endS.
 * `modules` gives every module's manifest claims known to the caller (a module detached before the
 * debrief still counts); listed are those in `listIds` (default: all of `modules`) and any module with
 * findings in the stream. Findings of a module not in `modules` claim nothing (its manifest is unknown),
 * so it is listed with no targets.
 */
export function compareModules(
  bedIds: readonly string[],
  events: Iterable<SessionEvent>,
  endS: number,
  modules: readonly ScoredModule[],
  listIds: readonly string[] = modules.map((m) => m.moduleId),
  scoring: Omit<ScoringOptions, 'targets'> = DEFAULT_SCORING,
): ModuleComparison[] {
  const emits = new Map(modules.map((m) => [m.moduleId, m.emits]));
  const streams = new Map(modules.map((m) => [m.moduleId, m.scores ?? []]));
  const beds = recordsFromEvents(bedIds, events, endS, (id) => emits.get(id));
  const ids = new Set(listIds);
  for (const b of beds) for (const id of b.findings.keys()) ids.add(id);
  return [...ids].map((moduleId) => {
    const targets = moduleTargets(emits.get(moduleId) ?? []);
    const declared = streams.get(moduleId) ?? [];
    const o: ScoringOptions = { ...scoring, targets, ...(declared.length ? { scoreStreams: declared.map((s) => ({ ...s, detects: [...s.detects] })) } : {}) };
    const records = beds.map((b, i) => bedPatientRecord(b, i, endS, moduleId));
    const { summaries: sm, ...module } = sourceMetrics(records, 'module', o);
    const { summaries: sn, ...monitor } = sourceMetrics(records, 'monitor', o);
    return { moduleId, targets, module, monitor, cases: { module: caseList(records, sm), monitor: caseList(records, sn) } };
  });
}
