/**
 * The debrief's module metrics: the engine scores them (twin-engine/evaluation/session-metrics.ts, the
 * same records and rules as `wardtwin eval`); this file only picks what the debrief table shows.
 * Each bed is one patient; the bedside monitor's alarms are the baseline beside every module.
 */
import { compareModules, type ModuleComparison } from '../../../twin-engine/evaluation/session-metrics';
import type { SourceMetrics } from '../../../twin-engine/evaluation/evaluate';
import type { ModuleInfo, SessionEvent, WardInfo } from '../../../twin-engine/session/api';

export type { ModuleComparison };

/** One table row, read from the engine's metrics (no scoring here). */
export interface SourceRow {
  source: string;
  episodes: number;
  detected: number;
  alerts: number;
  falseAlerts: number;
  falsePerHour: number | null;
  medianLatencyS: number | null;
}

export function sourceRow(source: string, m: SourceMetrics): SourceRow {
  const e = m.events;
  return {
    source,
    episodes: e.episodes,
    detected: e.detected,
    alerts: e.alerts,
    falseAlerts: e.falseAlarmsPerPatientHour.n ?? 0,
    falsePerHour: e.falseAlarmsPerPatientHour.value,
    medianLatencyS: e.latencyMedianS.value,
  };
}

/**
 * Metrics of the session's modules, scored by the engine. `emits` holds every module's manifest claims
 * seen this session (from ModuleInfo; the store keeps them after a detach), so a detached module is
 * still scored by what it claimed; the attached ones are listed even without findings.
 */
export function debriefMetrics(ward: WardInfo, events: readonly SessionEvent[], endS: number, modules: readonly ModuleInfo[], emits: Readonly<Record<string, ModuleInfo['emits']>>): ModuleComparison[] {
  // Score streams are known for the attached modules (a detached one is scored from its findings).
  const streams = new Map(modules.map((m) => [m.moduleId, m.scores]));
  const known = Object.entries({ ...emits, ...Object.fromEntries(modules.map((m) => [m.moduleId, m.emits])) }).map(([moduleId, e]) => ({ moduleId, emits: e, scores: streams.get(moduleId) ?? [] }));
  return compareModules(ward.beds.map((b) => b.bedId), events, endS, known, modules.map((m) => m.moduleId));
}
