/**
 * The bedside monitor as a baseline "module": each threshold or arrhythmia alarm claims the truth
 * episode labels below, so it is scored by the same rules as a module's findings (METRICS.md
 * § Monitor baseline). Blood-pressure alarms also claim shock and septic shock because hypotension is a
 * defining criterion of both; SIRS-type alarms (HR, RR, temperature high) claim sepsis as a proxy — the
 * monitor has no lactate or SOFA, which is exactly why it is a weak sepsis detector.
 */
import type { MonitorAlarm } from '../devices/index';
import type { EvalAlert } from './types';

export const ALARM_LABELS: Readonly<Record<string, readonly string[]>> = {
  HR_HIGH: ['tachycardia', 'sepsis'],
  HR_LOW: ['bradycardia', 'av_block'],
  SPO2_LOW: ['hypoxemia', 'respiratory_failure'],
  SPO2_DESAT: ['hypoxemia', 'respiratory_failure'],
  MAP_LOW: ['hypotension', 'shock', 'septic_shock'],
  SYS_LOW: ['hypotension', 'shock', 'septic_shock'],
  MAP_HIGH: [],
  SYS_HIGH: [],
  RR_HIGH: ['respiratory_failure', 'sepsis'],
  RR_LOW: ['respiratory_failure', 'hypercapnia'],
  APNEA: ['respiratory_failure', 'cardiac_arrest'],
  ETCO2_HIGH: ['hypercapnia', 'respiratory_failure'],
  ETCO2_LOW: [],
  TEMP_HIGH: ['fever', 'sepsis'],
  TEMP_LOW: ['hypothermia'],
  ASYSTOLE: ['asystole', 'cardiac_arrest'],
  VF: ['ventricular_fibrillation', 'cardiac_arrest'],
  VT: ['ventricular_tachycardia', 'cardiac_arrest'],
};

/** Technical alarms: equipment problems, counted as burden but never true or false. */
export const TECHNICAL_CODES: ReadonlySet<string> = new Set(['LEADS_OFF', 'PROBE_OFF', 'NIBP_FAIL']);

/** Alarm priority as a score for the window metrics (IEC 60601-1-8 has three priorities). */
export const PRIORITY_SCORE: Readonly<Record<MonitorAlarm['priority'], number>> = { high: 1, medium: 2 / 3, low: 1 / 3 };

export function alarmAlert(alarm: Pick<MonitorAlarm, 'code' | 'priority' | 'kind'>, raisedS: number, clearedS: number | null): EvalAlert {
  const technical = alarm.kind === 'technical' || TECHNICAL_CODES.has(alarm.code);
  return {
    tS: raisedS,
    labels: technical ? [] : [...(ALARM_LABELS[alarm.code] ?? [])],
    score: PRIORITY_SCORE[alarm.priority] ?? 0.5,
    endS: clearedS,
    technical,
    code: alarm.code,
  };
}
