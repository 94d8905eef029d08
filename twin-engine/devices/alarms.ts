/**
 * Alarm system after IEC 60601-1-8 (general requirements for alarm systems in medical electrical
 * equipment; docs/REFERENCES.md#iec-60601-1-8). The standard ranks alarm conditions by the potential
 * result of failing to respond and its onset: HIGH where it could be death or irreversible injury within minutes (red), MEDIUM for
 * reversible/less imminent harm (yellow), LOW for minor injury or discomfort (cyan/yellow).
 *
 *  HIGH   ASYSTOLE, VF, VT, APNEA, SPO2_DESAT (SpO2 < 85 %): immediately life-threatening.
 *  MEDIUM limit violations (HR, SpO2, RR, ART/NIBP MAP and SYS, EtCO2, TEMP).
 *  LOW    technical alarms (LEADS_OFF, PROBE_OFF, NIBP_FAIL): they do not signal patient harm by
 *         themselves but loss of monitoring; a bedside user can restore the sensor. (Some vendors
 *         escalate prolonged leads-off; not modelled.)
 *
 * Delays (condition must persist before the alarm sounds): limit alarms 10 s (SpO2 15 s, temperature
 * 30 s) — alarm delays of this order cut false/self-correcting alarms substantially (alarm-fatigue
 * literature, cf. Drew et al. PLoS One 2014, docs/REFERENCES.md#drew-2014); arrhythmias 4 s (asystole is declared by
 * the numerics after 6 s without QRS, so it raises at once), apnea 0 s beyond its 20 s definition.
 * High-priority alarms LATCH: they stay shown after the condition ends until acknowledged. silence(N)
 * pauses audio for N s (alarms are still raised and shown). A shown alarm's message carries the value
 * now (updated every evaluation; the 'raised' event keeps the onset value), and each parameter shows one
 * alarm at a time (SPO2_DESAT stands in for SPO2_LOW while it is shown). Default limits follow the
 * patient (defaultAlarmLimits); the values a limit may take are ALARM_LIMIT_RANGES, checked once.
 */
import type { AlarmEvent, AlarmLimits, AlarmPriority, MonitorAlarm, MonitorNumerics } from './types';

/**
 * Adult defaults. HR 50–130, RR 8–24, SpO2 < 92, MAP 65–120 are Infirmary Integrated's adult defaults
 * (docs/REFERENCES.md#infirmary-integrated). Others, with rationale: SYS 90–180 (SBP < 90 = hypotension in shock definitions;
 * ≥ 180 = severe hypertension), EtCO2 25–50 (normal 35–45, REFERENCES.md#pulse-standard-adult, ±10/5 margin), TEMP 35.0–38.5
 * (< 35 °C = hypothermia; 38.3 °C fever definition + display margin).
 */
export const DEFAULT_ADULT_LIMITS: AlarmLimits = Object.freeze({
  hrLow: 50,
  hrHigh: 130,
  spo2Low: 92,
  rrLow: 8,
  rrHigh: 24,
  mapLow: 65,
  mapHigh: 120,
  sysLow: 90,
  sysHigh: 180,
  etco2Low: 25,
  etco2High: 50,
  tempLow: 35,
  tempHigh: 38.5,
});

/**
 * Which SpO2 target a patient has (NEWS2, docs/REFERENCES.md#news2): scale 1, or scale 2 for a patient
 * at risk of hypercapnic respiratory failure, whose prescribed target is 88–92 % (BTS guideline for
 * oxygen use 2017, docs/REFERENCES.md#bts-oxygen-2017). The devices layer does not read the patient: the
 * caller (core/bed.ts) passes the patient's comorbidities to spo2ScaleFor.
 */
export type Spo2Scale = 1 | 2;

/**
 * The patient's scale from their comorbidities: 2 for COPD, the risk of hypercapnic respiratory failure
 * the model has (BTS 2017: COPD and other risk factors → 88–92 % pending blood gases).
 */
export function spo2ScaleFor(comorbidities: readonly string[]): Spo2Scale {
  return comorbidities.includes('copd') ? 2 : 1;
}

/** Lower end of the scale-2 SpO2 target (88–92 %): below it the patient is under target. */
export const SPO2_SCALE2_LOW_PCT = 88;

/**
 * The limits a monitor starts with for this patient: the adult defaults, with the SpO2 low limit at
 * the patient's target (88 % on scale 2, so a stable COPD patient at 91 % does not alarm all session).
 */
export function defaultAlarmLimits(patient: { spo2Scale: Spo2Scale }): AlarmLimits {
  return patient.spo2Scale === 2 ? { ...DEFAULT_ADULT_LIMITS, spo2Low: SPO2_SCALE2_LOW_PCT } : { ...DEFAULT_ADULT_LIMITS };
}

export interface AlarmLimitRange {
  /** What the user calls it. */
  label: string;
  unit: string;
  min: number;
  max: number;
  /** Step of the control (temperature in tenths). */
  step: number;
}

/**
 * The one definition of the values an alarm limit may take: the engine refuses anything outside it
 * (session setAlarmLimits) and the UI's alarm-limits control offers and checks the same. Wide enough for
 * any adult ward or ICU setting, narrow enough to catch a typo (a SpO2 limit of 920, a temperature in °F);
 * not published figures — the kind of range bedside monitors let a user set.
 */
export const ALARM_LIMIT_RANGES: Readonly<Record<keyof AlarmLimits, AlarmLimitRange>> = Object.freeze({
  hrLow: { label: 'HR low', unit: '/min', min: 15, max: 200, step: 1 },
  hrHigh: { label: 'HR high', unit: '/min', min: 30, max: 250, step: 1 },
  spo2Low: { label: 'SpO₂ low', unit: '%', min: 70, max: 99, step: 1 },
  rrLow: { label: 'RR low', unit: '/min', min: 2, max: 40, step: 1 },
  rrHigh: { label: 'RR high', unit: '/min', min: 8, max: 80, step: 1 },
  mapLow: { label: 'MAP low', unit: 'mmHg', min: 30, max: 150, step: 1 },
  mapHigh: { label: 'MAP high', unit: 'mmHg', min: 50, max: 200, step: 1 },
  sysLow: { label: 'Systolic low', unit: 'mmHg', min: 40, max: 200, step: 1 },
  sysHigh: { label: 'Systolic high', unit: 'mmHg', min: 60, max: 260, step: 1 },
  etco2Low: { label: 'EtCO₂ low', unit: 'mmHg', min: 5, max: 60, step: 1 },
  etco2High: { label: 'EtCO₂ high', unit: 'mmHg', min: 20, max: 100, step: 1 },
  tempLow: { label: 'Temperature low', unit: '°C', min: 30, max: 38, step: 0.1 },
  tempHigh: { label: 'Temperature high', unit: '°C', min: 36, max: 42, step: 0.1 },
});

/** Low/high pairs that must keep low below high. */
export const ALARM_LIMIT_PAIRS: readonly (readonly [keyof AlarmLimits, keyof AlarmLimits])[] = [
  ['hrLow', 'hrHigh'],
  ['rrLow', 'rrHigh'],
  ['mapLow', 'mapHigh'],
  ['sysLow', 'sysHigh'],
  ['etco2Low', 'etco2High'],
  ['tempLow', 'tempHigh'],
];

/**
 * What is wrong with changing `current` by `change`, in the words of someone setting a monitor (empty:
 * nothing). Checks each value against ALARM_LIMIT_RANGES and each low/high pair of the result.
 */
export function alarmLimitProblems(current: AlarmLimits, change: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  const next: AlarmLimits = { ...current };
  for (const [k, v] of Object.entries(change)) {
    const r = (ALARM_LIMIT_RANGES as Record<string, AlarmLimitRange | undefined>)[k];
    if (r === undefined) {
      out.push(`There is no alarm limit called '${k}'. Limits: ${Object.keys(ALARM_LIMIT_RANGES).join(', ')}.`);
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      out.push(`${r.label}: enter a number (${r.min}–${r.max} ${r.unit}).`);
      continue;
    }
    if (v < r.min || v > r.max) {
      out.push(`${r.label} must be between ${r.min} and ${r.max} ${r.unit}; ${v} is outside.`);
      continue;
    }
    next[k as keyof AlarmLimits] = v;
  }
  for (const [lo, hi] of ALARM_LIMIT_PAIRS) {
    if (!(lo in change) && !(hi in change)) continue;
    if (next[lo] >= next[hi]) {
      const a = ALARM_LIMIT_RANGES[lo];
      const b = ALARM_LIMIT_RANGES[hi];
      out.push(`${a.label} (${next[lo]} ${a.unit}) must be below ${b.label} (${next[hi]} ${b.unit}).`);
    }
  }
  return out;
}

/** SpO2 below which desaturation is a HIGH-priority alarm (severe hypoxaemia). */
export const SPO2_DESAT_PCT = 85;
export const LIMIT_DELAY_S = 10;
export const SPO2_DELAY_S = 15;
export const TEMP_DELAY_S = 30;
export const ARRHYTHMIA_DELAY_S = 4;
export const TECHNICAL_DELAY_S = 2;

/** Monitor states the numerics alone do not carry. */
export interface AlarmStatus {
  leadOff: boolean;
  probeOff: boolean;
  vf: boolean;
  vt: boolean;
  asystole: boolean;
  apnea: boolean;
  nibpFail: boolean;
}

interface CondState {
  sinceS: number; // when the condition became true (NaN when false)
  alarm: MonitorAlarm | null;
}

export class AlarmManager {
  limits: AlarmLimits;
  shown: MonitorAlarm[] = [];
  events: AlarmEvent[] = [];
  cond: Record<string, CondState> = {};
  serial = 0;
  audioPausedUntilS = -1;

  constructor(limits: AlarmLimits) {
    this.limits = { ...limits };
  }

  /** Evaluate all conditions at time now (called once per second). */
  evaluate(now: number, n: Readonly<MonitorNumerics>, st: AlarmStatus): void {
    const L = this.limits;
    const tech = 'technical';
    const phys = 'physiological';
    this.check(now, 'LEADS_OFF', tech, 'low', st.leadOff, TECHNICAL_DELAY_S, 'ECG leads off');
    this.check(now, 'PROBE_OFF', tech, 'low', st.probeOff, TECHNICAL_DELAY_S, 'SpO2 probe off');
    this.check(now, 'NIBP_FAIL', tech, 'low', st.nibpFail, 0, 'NIBP measurement failed');
    this.check(now, 'ASYSTOLE', phys, 'high', st.asystole, 0, 'Asystole');
    this.check(now, 'VF', phys, 'high', st.vf, ARRHYTHMIA_DELAY_S, 'Ventricular fibrillation');
    this.check(now, 'VT', phys, 'high', st.vt, ARRHYTHMIA_DELAY_S, 'Ventricular tachycardia');
    this.check(now, 'APNEA', phys, 'high', st.apnea, 0, 'Apnea');
    const hr = n.hrBpm;
    const arrest = st.asystole || st.vf;
    // One heart-rate alarm at a time: while an arrhythmia alarm is shown (active or latched) it stands
    // for the rate too; the limit alarm shows once it is acknowledged, if the rate is still out.
    const rhythmShown = this.shownFor('ASYSTOLE') || this.shownFor('VF') || this.shownFor('VT');
    this.check(now, 'HR_HIGH', phys, 'medium', !arrest && hr !== null && hr > L.hrHigh, LIMIT_DELAY_S, 'HR', hr, '>', L.hrHigh, rhythmShown);
    this.check(now, 'HR_LOW', phys, 'medium', !arrest && hr !== null && hr < L.hrLow, LIMIT_DELAY_S, 'HR', hr, '<', L.hrLow, rhythmShown);
    const sp = n.spo2Pct;
    // One SpO2 alarm at a time: the low-limit alarm runs from the limit down, and SPO2_DESAT escalates
    // it to high priority below 85 %; while the desaturation alarm is shown (active, or latched after
    // SpO2 came back above 85 %), it stands for both and the low-limit alarm is not shown beside it.
    this.check(now, 'SPO2_DESAT', phys, 'high', sp !== null && sp < SPO2_DESAT_PCT, SPO2_DELAY_S, 'SpO2', sp, '<', SPO2_DESAT_PCT);
    this.check(now, 'SPO2_LOW', phys, 'medium', sp !== null && sp < L.spo2Low, SPO2_DELAY_S, 'SpO2', sp, '<', L.spo2Low, this.shownFor('SPO2_DESAT'));
    const rr = n.rrBpm;
    this.check(now, 'RR_HIGH', phys, 'medium', rr !== null && rr > L.rrHigh, LIMIT_DELAY_S, 'RR', rr, '>', L.rrHigh);
    // Likewise a latched APNEA stands for a low rate after breathing resumes.
    this.check(now, 'RR_LOW', phys, 'medium', !st.apnea && rr !== null && rr < L.rrLow, LIMIT_DELAY_S, 'RR', rr, '<', L.rrLow, this.shownFor('APNEA'));
    // pressure limits: arterial line when present, else the last NIBP reading
    const map = n.artMeanMmHg ?? n.nibpMeanMmHg;
    const sys = n.artSysMmHg ?? n.nibpSysMmHg;
    const src = n.artMeanMmHg !== null ? 'ART' : 'NIBP';
    this.check(now, 'MAP_LOW', phys, 'medium', map !== null && map < L.mapLow, LIMIT_DELAY_S, src + ' mean', map, '<', L.mapLow);
    this.check(now, 'MAP_HIGH', phys, 'medium', map !== null && map > L.mapHigh, LIMIT_DELAY_S, src + ' mean', map, '>', L.mapHigh);
    this.check(now, 'SYS_LOW', phys, 'medium', sys !== null && sys < L.sysLow, LIMIT_DELAY_S, src + ' sys', sys, '<', L.sysLow);
    this.check(now, 'SYS_HIGH', phys, 'medium', sys !== null && sys > L.sysHigh, LIMIT_DELAY_S, src + ' sys', sys, '>', L.sysHigh);
    const et = n.etco2MmHg;
    this.check(now, 'ETCO2_LOW', phys, 'medium', !st.apnea && et !== null && et < L.etco2Low, LIMIT_DELAY_S, 'EtCO2', et, '<', L.etco2Low);
    this.check(now, 'ETCO2_HIGH', phys, 'medium', et !== null && et > L.etco2High, LIMIT_DELAY_S, 'EtCO2', et, '>', L.etco2High);
    const tc = n.tempC;
    this.check(now, 'TEMP_LOW', phys, 'medium', tc !== null && tc < L.tempLow, TEMP_DELAY_S, 'Temp', tc, '<', L.tempLow);
    this.check(now, 'TEMP_HIGH', phys, 'medium', tc !== null && tc > L.tempHigh, TEMP_DELAY_S, 'Temp', tc, '>', L.tempHigh);
  }

  /** An alarm of this condition is shown (active, or latched until acknowledged). */
  private shownFor(code: string): boolean {
    return this.cond[code]?.alarm != null;
  }

  private check(
    now: number,
    code: string,
    kind: 'physiological' | 'technical',
    priority: AlarmPriority,
    on: boolean,
    delayS: number,
    label: string,
    value: number | null = null,
    op = '',
    limit = 0,
    /** Another alarm stands for this condition now: keep timing it, but do not show it. */
    suppressed = false,
  ): void {
    let c = this.cond[code];
    if (c === undefined) c = this.cond[code] = { sinceS: NaN, alarm: null };
    if (on) {
      if (c.sinceS !== c.sinceS) c.sinceS = now;
      if (suppressed) {
        if (c.alarm !== null) this.remove(now, code, c.alarm);
        return;
      }
      if (c.alarm !== null) {
        // The message follows the value (a chip never contradicts the numerics); a latched alarm whose
        // condition returned is active again.
        c.alarm.active = true;
        c.alarm.message = fmt(label, value, op, limit);
      } else if (now - c.sinceS >= delayS) {
        const a: MonitorAlarm = {
          id: `${code}#${++this.serial}`,
          code,
          kind,
          priority,
          message: fmt(label, value, op, limit),
          onsetS: now,
          active: true,
          latched: false,
          acknowledged: false,
        };
        c.alarm = a;
        this.shown.push(a);
        this.events.push({ type: 'raised', timeS: now, alarm: { ...a } });
      }
      return;
    }
    c.sinceS = NaN;
    const a = c.alarm;
    if (a === null || !a.active) return;
    a.active = false;
    if (priority === 'high' && !a.acknowledged) {
      a.latched = true; // stays shown until acknowledged
    } else {
      this.remove(now, code, a);
    }
  }

  private remove(now: number, code: string, a: MonitorAlarm): void {
    const i = this.shown.indexOf(a);
    if (i >= 0) this.shown.splice(i, 1);
    const c = this.cond[code];
    if (c !== undefined && c.alarm === a) c.alarm = null;
    this.events.push({ type: 'cleared', timeS: now, alarm: { ...a } });
  }

  acknowledge(now: number, alarmId: string): void {
    const a = this.shown.find((x) => x.id === alarmId);
    if (a === undefined) return;
    a.acknowledged = true;
    this.events.push({ type: 'acknowledged', timeS: now, alarm: { ...a } });
    if (!a.active) {
      a.latched = false;
      this.remove(now, a.code, a);
    }
  }

  silence(now: number, durationS: number): void {
    this.audioPausedUntilS = now + durationS;
    for (const a of this.shown) this.events.push({ type: 'silenced', timeS: now, alarm: { ...a } });
  }

  /** True when an unacknowledged alarm is shown and audio is not paused. */
  audible(now: number): boolean {
    if (now < this.audioPausedUntilS) return false;
    return this.shown.some((a) => !a.acknowledged);
  }

  snapshotState(): unknown {
    const cond: Record<string, { sinceS: number | null; alarmId: string | null }> = {};
    for (const k of Object.keys(this.cond)) {
      const c = this.cond[k];
      cond[k] = { sinceS: c.sinceS === c.sinceS ? c.sinceS : null, alarmId: c.alarm ? c.alarm.id : null };
    }
    return {
      limits: { ...this.limits },
      shown: this.shown.map((a) => ({ ...a })),
      events: this.events.map((e) => ({ ...e, alarm: { ...e.alarm } })),
      cond,
      serial: this.serial,
      audioPausedUntilS: this.audioPausedUntilS,
    };
  }

  restoreState(s: unknown): void {
    const o = s as {
      limits: AlarmLimits;
      shown: MonitorAlarm[];
      events: AlarmEvent[];
      cond: Record<string, { sinceS: number | null; alarmId: string | null }>;
      serial: number;
      audioPausedUntilS: number;
    };
    this.limits = { ...o.limits };
    this.shown = o.shown.map((a) => ({ ...a }));
    this.events = o.events.map((e) => ({ ...e, alarm: { ...e.alarm } }));
    this.cond = {};
    for (const k of Object.keys(o.cond)) {
      const c = o.cond[k];
      this.cond[k] = { sinceS: c.sinceS === null ? NaN : c.sinceS, alarm: this.shown.find((a) => a.id === c.alarmId) ?? null };
    }
    this.serial = o.serial;
    this.audioPausedUntilS = o.audioPausedUntilS;
  }

  drainEvents(): AlarmEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }
}

function fmt(label: string, value: number | null, op: string, limit: number): string {
  if (op === '') return label;
  // As the numerics show it: temperature in tenths, the rest in whole units.
  const v = value === null ? '--' : label === 'Temp' ? value.toFixed(1) : String(Math.round(value));
  return `${label} ${v} ${op} ${limit}`;
}
