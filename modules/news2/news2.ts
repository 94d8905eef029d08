/**
 * NEWS2 scoring (Royal College of Physicians, National Early Warning Score (NEWS) 2, 2017;
 * docs/REFERENCES.md#news2):
 * Chart 1 (the scoring bands) and Chart 2 (the clinical response). Pure functions, hand-checked in
 * tests/modules/news2.test.ts. SIMULATION ONLY — NOT FOR CLINICAL USE.
 */
export type Consciousness = 'A' | 'CVPU';

export interface News2Obs {
  rrBpm: number;
  spo2Pct: number;
  onOxygen: boolean;
  sbpMmHg: number;
  hrBpm: number;
  consciousness: Consciousness;
  tempC: number;
  /** SpO2 scale 2: prescribed target 88–92 % (hypercapnic respiratory failure), per Chart 1. */
  scale2?: boolean;
}

export interface News2Result {
  total: number;
  parts: Record<'rr' | 'spo2' | 'air' | 'sbp' | 'hr' | 'consciousness' | 'temp', number>;
  /** Chart 2: any single parameter scoring 3 ('red score'). */
  red: boolean;
  response: 'none' | 'low' | 'low-medium' | 'medium' | 'high';
}

// Chart 1 bands. Values are whole numbers on the chart; monitor values are rounded first (temp to 0.1).
export const rrScore = (r: number) => (r <= 8 ? 3 : r <= 11 ? 1 : r <= 20 ? 0 : r <= 24 ? 2 : 3);
export const spo2Scale1 = (s: number) => (s <= 91 ? 3 : s <= 93 ? 2 : s <= 95 ? 1 : 0);
export function spo2Scale2(s: number, onOxygen: boolean): number {
  if (s <= 83) return 3;
  if (s <= 85) return 2;
  if (s <= 87) return 1;
  if (s <= 92 || !onOxygen) return 0; // 88–92, or ≥ 93 on air
  return s <= 94 ? 1 : s <= 96 ? 2 : 3; // 93–94, 95–96, ≥ 97 on oxygen
}
export const sbpScore = (s: number) => (s <= 90 ? 3 : s <= 100 ? 2 : s <= 110 ? 1 : s <= 219 ? 0 : 3);
export const hrScore = (h: number) => (h <= 40 ? 3 : h <= 50 ? 1 : h <= 90 ? 0 : h <= 110 ? 1 : h <= 130 ? 2 : 3);
export const tempScore = (t: number) => (t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2);

export function news2(o: News2Obs): News2Result {
  const r = Math.round;
  const t = Math.round(o.tempC * 10) / 10;
  const parts = {
    rr: rrScore(r(o.rrBpm)),
    spo2: o.scale2 ? spo2Scale2(r(o.spo2Pct), o.onOxygen) : spo2Scale1(r(o.spo2Pct)),
    air: o.onOxygen ? 2 : 0,
    sbp: sbpScore(r(o.sbpMmHg)),
    hr: hrScore(r(o.hrBpm)),
    // New confusion (C), or responding only to Voice, Pain, or Unresponsive: 3.
    consciousness: o.consciousness === 'A' ? 0 : 3,
    temp: tempScore(t),
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  const red = Object.values(parts).some((p) => p === 3);
  // Chart 2: 0; 1–4 low; a red score (single 3) low–medium (urgent ward review); 5–6 medium; ≥ 7 high.
  const response = total >= 7 ? 'high' : total >= 5 ? 'medium' : red ? 'low-medium' : total >= 1 ? 'low' : 'none';
  return { total, parts, red, response };
}
