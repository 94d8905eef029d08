/**
 * Module metrics from this session's own events, scored with twin-engine/evaluation's event-level rules
 * (summarisePatient: an episode is detected by a finding or alarm in [onset − 30 min, offset]; an alert
 * outside every window of its label is false). Each bed is one "patient"; the bedside monitor's alarms
 * (mapped to episode labels by alarmAlert) are the baseline every module is compared with.
 */
import { alarmAlert } from '../../../twin-engine/evaluation/alarm-map';
import { summarisePatient, type PatientEventSummary } from '../../../twin-engine/evaluation/event-metrics';
import { DEFAULT_SCORING, type EvalAlert, type EvalEpisode, type PatientRecord } from '../../../twin-engine/evaluation/types';
import type { SessionEvent, WardInfo } from '../../../twin-engine/session/api';
import { findingClaims, moduleTargets } from '../modules/catalog';

export interface SourceRow {
  source: string;
  episodes: number;
  detected: number;
  alerts: number;
  falseAlerts: number;
  falsePerHour: number | null;
  medianLatencyS: number | null;
}

export interface ModuleComparison {
  moduleId: string;
  targets: string[];
  module: SourceRow;
  monitor: SourceRow;
}

/** Per bed: truth episodes, monitor alarms and each module's findings, as evaluation records. */
export function recordsFromEvents(ward: WardInfo, events: readonly SessionEvent[], endS: number): Map<string, { episodes: EvalEpisode[]; monitor: EvalAlert[]; findings: Map<string, EvalAlert[]> }> {
  const out = new Map<string, { episodes: EvalEpisode[]; monitor: EvalAlert[]; findings: Map<string, EvalAlert[]> }>();
  for (const b of ward.beds) out.set(b.bedId, { episodes: [], monitor: [], findings: new Map() });
  const openEp = new Map<string, EvalEpisode>();
  const openAlarm = new Map<string, { alert: EvalAlert }>();
  for (const e of events) {
    const r = 'bedId' in e && e.bedId ? out.get(e.bedId) : undefined;
    if (!r) continue;
    if (e.type === 'episode') {
      const key = `${e.bedId}/${e.episode.id}`;
      if (e.change === 'onset') {
        const ep: EvalEpisode = { label: e.episode.label, onsetS: e.episode.onsetS, offsetS: null, severity: e.episode.severity };
        openEp.set(key, ep);
        r.episodes.push(ep);
      } else {
        const ep = openEp.get(key);
        if (ep) ep.offsetS = e.episode.offsetS ?? e.simTimeS;
        else r.episodes.push({ label: e.episode.label, onsetS: e.episode.onsetS, offsetS: e.episode.offsetS ?? e.simTimeS, severity: e.episode.severity });
      }
    } else if (e.type === 'alarm') {
      const key = `${e.bedId}/${e.alarm.id}`;
      if (e.change === 'raised') {
        const alert = alarmAlert(e.alarm, e.simTimeS, null);
        openAlarm.set(key, { alert });
        r.monitor.push(alert);
      } else if (e.change === 'cleared') {
        const a = openAlarm.get(key);
        if (a) a.alert.endS = e.simTimeS;
      }
    } else if (e.type === 'finding') {
      const list = r.findings.get(e.finding.moduleId) ?? [];
      list.push({ tS: e.finding.simTimeS, labels: findingClaims(e.finding.moduleId, e.finding.label), score: e.finding.score, endS: null, technical: false, code: e.finding.label });
      r.findings.set(e.finding.moduleId, list);
    }
  }
  void endS;
  return out;
}

function row(source: string, ps: PatientEventSummary[]): SourceRow {
  const sum = (f: (p: PatientEventSummary) => number) => ps.reduce((a, p) => a + f(p), 0);
  const hours = sum((p) => p.hours);
  const lat = ps.flatMap((p) => p.latenciesS).sort((a, b) => a - b);
  return {
    source,
    episodes: sum((p) => p.episodes),
    detected: sum((p) => p.detected),
    alerts: sum((p) => p.alerts),
    falseAlerts: sum((p) => p.falseAlerts),
    falsePerHour: hours > 0 ? sum((p) => p.falseAlerts) / hours : null,
    medianLatencyS: lat.length ? lat[Math.floor((lat.length - 1) / 2)] : null,
  };
}

export function compareModules(ward: WardInfo, events: readonly SessionEvent[], endS: number, moduleIds: readonly string[]): ModuleComparison[] {
  const recs = recordsFromEvents(ward, events, endS);
  const ids = new Set(moduleIds);
  for (const r of recs.values()) for (const id of r.findings.keys()) ids.add(id);
  const durationS = Math.max(1, endS);
  return [...ids].map((moduleId) => {
    const labels = [...recs.values()].flatMap((r) => (r.findings.get(moduleId) ?? []).flatMap((a) => a.labels));
    const targets = moduleTargets(moduleId, labels);
    const o = { ...DEFAULT_SCORING, targets };
    const mod: PatientEventSummary[] = [];
    const mon: PatientEventSummary[] = [];
    let i = 0;
    for (const [bedId, r] of recs) {
      const rec: PatientRecord = {
        index: i++,
        id: bedId,
        condition: 'clean',
        profile: { sex: 'female', ageY: 0, skinToneMonk: 1, comorbidities: [] },
        deteriorates: r.episodes.length > 0,
        durationS,
        episodes: r.episodes,
        module: r.findings.get(moduleId) ?? [],
        monitor: r.monitor,
      };
      mod.push(summarisePatient(rec, 'module', o));
      mon.push(summarisePatient(rec, 'monitor', o));
    }
    return { moduleId, targets, module: row(moduleId, mod), monitor: row('bedside monitor', mon) };
  });
}
