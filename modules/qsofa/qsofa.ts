/**
 * qSOFA (Singer et al., JAMA 2016, Sepsis-3; docs/REFERENCES.md#sepsis-3): one point each for RR ≥ 22/min, altered mentation,
 * SBP ≤ 100 mmHg; positive with ≥ 2. SIMULATION ONLY.
 */
export interface QsofaObs {
  rrBpm: number;
  sbpMmHg: number;
  /** Not observable from a monitor: the module passes false (see its model card). */
  alteredMentation: boolean;
}

export function qsofa(o: QsofaObs): { points: number; positive: boolean; criteria: { rr: boolean; sbp: boolean; mentation: boolean } } {
  const criteria = { rr: o.rrBpm >= 22, sbp: o.sbpMmHg <= 100, mentation: o.alteredMentation };
  const points = Number(criteria.rr) + Number(criteria.sbp) + Number(criteria.mentation);
  return { points, positive: points >= 2, criteria };
}
