/**
 * Which numeric an alarm is about, so the monitor and the central station can highlight the value that
 * alarms (in the alarm's IEC 60601-1-8 colour). Pure data, read in the rAF loops (no React state).
 */
import type { AlarmPriority, MonitorAlarm } from '../../../twin-engine/devices/index';

/** Monitor tile keys (NumericsColumn TILES). */
export type TileKey = 'hr' | 'spo2' | 'art' | 'nibp' | 'rr' | 'etco2' | 'temp';

const BY_CODE: Readonly<Record<string, TileKey>> = {
  HR_HIGH: 'hr',
  HR_LOW: 'hr',
  ASYSTOLE: 'hr',
  VF: 'hr',
  VT: 'hr',
  LEADS_OFF: 'hr',
  SPO2_LOW: 'spo2',
  SPO2_DESAT: 'spo2',
  PROBE_OFF: 'spo2',
  RR_HIGH: 'rr',
  RR_LOW: 'rr',
  APNEA: 'rr',
  NIBP_FAIL: 'nibp',
  ETCO2_LOW: 'etco2',
  ETCO2_HIGH: 'etco2',
  TEMP_LOW: 'temp',
  TEMP_HIGH: 'temp',
};

const RANK: Readonly<Record<AlarmPriority, number>> = { high: 3, medium: 2, low: 1 };

export function alarmTile(a: MonitorAlarm): TileKey | null {
  const t = BY_CODE[a.code];
  if (t) return t;
  // Pressure limits name their source: the arterial line when there is one, else the last NIBP.
  if (/^(MAP|SYS)_/.test(a.code)) return a.message.startsWith('ART') ? 'art' : 'nibp';
  return null;
}

/** The highest priority alarming on each tile (written into `out`, which is cleared first). */
export function alarmingTiles(alarms: readonly MonitorAlarm[], out: Map<TileKey, AlarmPriority>): Map<TileKey, AlarmPriority> {
  out.clear();
  for (const a of alarms) {
    const t = alarmTile(a);
    if (t === null) continue;
    const had = out.get(t);
    if (had === undefined || RANK[a.priority] > RANK[had]) out.set(t, a.priority);
  }
  return out;
}

const NO_ALARMS: readonly never[] = [];
/** The alarm a single lamp or tile stands for: the first of the highest priority (undefined for none). */
export function topAlarm<A extends { priority: AlarmPriority }>(alarms: readonly A[] | undefined): A | undefined {
  let top: A | undefined;
  for (const a of alarms ?? NO_ALARMS) if (top === undefined || RANK[a.priority] > RANK[top.priority]) top = a;
  return top;
}

export function topPriority(alarms: readonly MonitorAlarm[]): AlarmPriority | null {
  let top: AlarmPriority | null = null;
  for (const a of alarms) if (top === null || RANK[a.priority] > RANK[top]) top = a.priority;
  return top;
}
