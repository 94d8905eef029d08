/**
 * SIRS criteria (Bone et al., Chest 1992, ACCP/SCCM consensus; docs/REFERENCES.md#sirs-bone-1992): one
 * point each for temperature > 38 °C or < 36 °C; heart rate > 90/min; respiratory rate > 20/min or
 * PaCO2 < 32 mmHg; white cells > 12 or < 4 ×10⁹/L (or > 10 % immature forms, not reported by WardTwin's
 * labs). SIRS is present with ≥ 2 criteria. SIMULATION ONLY.
 */
export interface SirsObs {
  tempC: number;
  hrBpm: number;
  rrBpm: number;
  /** Latest arterial PaCO2, mmHg; null when no blood gas has resulted. */
  paco2MmHg: number | null;
  /** Latest white-cell count, ×10⁹/L; null when no blood count has resulted. */
  wbc10e9L: number | null;
}

export function sirs(o: SirsObs): { points: number; positive: boolean; criteria: { temp: boolean; hr: boolean; resp: boolean; wbc: boolean } } {
  const criteria = {
    temp: o.tempC > 38 || o.tempC < 36,
    hr: o.hrBpm > 90,
    resp: o.rrBpm > 20 || (o.paco2MmHg !== null && o.paco2MmHg < 32),
    wbc: o.wbc10e9L !== null && (o.wbc10e9L > 12 || o.wbc10e9L < 4),
  };
  const points = Number(criteria.temp) + Number(criteria.hr) + Number(criteria.resp) + Number(criteria.wbc);
  return { points, positive: points >= 2, criteria };
}
