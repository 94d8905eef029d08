/**
 * Responses to blood loss by ATLS class (docs/REFERENCES.md#atls-hemorrhage-classes, table 3-1: class I < 15 % RR 14–20,
 * slightly anxious; II 15–30 % RR 20–30, mildly anxious; III 30–40 % RR 30–40, anxious/confused;
 * IV > 40 % RR > 35, confused/lethargic), no negative pressures when a bleed outlasts the
 * circulation, and IV naloxone timing (Narcan label: onset 1–2 min). The class's loss is bled at
 * 80 mL/min (pressure-independent; 45 % in ≈ 30 min, the pace of Guyton's hemorrhage curve,
 * REFERENCES.md#guyton-hemorrhage, which the model's MAP follows), then 2 min of settling. (A 9-min bleed
 * to 35 % reads MAP ≈ 47 mmHg two minutes later — class IV pressure: ATLS classes describe patients on
 * arrival, not minutes into a bleed of 200 mL/min.)
 * Tolerance on RR: 2 /min beyond the ATLS band, since the bands are clinical class descriptors, not
 * measured means. Mentation: GCS 15 = alert; 14 = confused (verbal 4); ≤ 13 = lethargic.
 */
import { describe, expect, it } from 'vitest';
import { patient } from './helpers';

function bleed(pct: number) {
  const m = patient(1);
  const vol = (pct / 100) * m.state.bloodVolumeMl;
  m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 80, volumeMl: vol, pressureDependent: 0 } });
  m.advance((vol / 80) * 60 + 120);
  return m.state;
}

describe('ATLS classes of hemorrhage', () => {
  it('class I (10 %): RR 14–20, alert', () => {
    const s = bleed(10);
    expect(s.rrBpm).toBeGreaterThanOrEqual(14 - 2);
    expect(s.rrBpm).toBeLessThanOrEqual(20 + 2);
    expect(s.gcs).toBe(15);
  });
  it('class II (25 %): RR 20–30, not obtunded', () => {
    const s = bleed(25);
    expect(s.rrBpm).toBeGreaterThanOrEqual(20 - 2);
    expect(s.rrBpm).toBeLessThanOrEqual(30 + 2);
    expect(s.gcs).toBeGreaterThanOrEqual(14);
  });
  it('class III (35 %): RR 30–40, confused', () => {
    const s = bleed(35);
    expect(s.rrBpm).toBeGreaterThanOrEqual(30 - 2);
    expect(s.rrBpm).toBeLessThanOrEqual(40 + 2);
    expect(s.gcs).toBeLessThanOrEqual(14);
    expect(s.gcs).toBeGreaterThanOrEqual(9);
  });
  it('class IV (40 %): RR > 35, lethargic', () => {
    const s = bleed(40);
    expect(s.rrBpm).toBeGreaterThan(35);
    expect(s.gcs).toBeLessThanOrEqual(13);
  });
});

/**
 * Base deficit and lactate by class (docs/REFERENCES.md#atls-hemorrhage-classes, ATLS 10th ed. after Mutschler 2013:
 * base deficit 0 to −2, −2 to −6, −6 to −10, ≤ −10 mEq/L). Those classes come from blood gases on
 * emergency-department arrival, i.e. after the prehospital phase, so the class's loss is bled over
 * its first ≈ 30 min (80 mL/min) and measured 1 h after the bleed starts. Tolerance ±1 mEq/L.
 */
function heldLoss(pct: number) {
  const m = patient(1);
  const vol = (pct / 100) * m.state.bloodVolumeMl;
  m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 80, volumeMl: vol, pressureDependent: 0 } });
  m.advance(3600);
  return m.state;
}
describe('base deficit and lactate track hypoperfusion (ATLS base-deficit classes)', () => {
  const cls = [10, 25, 35, 42].map((p) => heldLoss(p));
  it('class I (10 %): base excess 0 to −2', () => {
    expect(cls[0].baseExcessMmolL).toBeGreaterThanOrEqual(-2 - 1);
    expect(cls[0].baseExcessMmolL).toBeLessThanOrEqual(0 + 1);
  });
  it('class II (25 %): base excess −2 to −6', () => {
    expect(cls[1].baseExcessMmolL).toBeGreaterThanOrEqual(-6 - 1);
    expect(cls[1].baseExcessMmolL).toBeLessThanOrEqual(-2 + 1);
  });
  it('class III (35 %): base excess −6 to −10', () => {
    expect(cls[2].baseExcessMmolL).toBeGreaterThanOrEqual(-10 - 1);
    expect(cls[2].baseExcessMmolL).toBeLessThanOrEqual(-6 + 1);
  });
  it('class IV (42 %): base excess ≤ −10', () => {
    expect(cls[3].baseExcessMmolL).toBeLessThanOrEqual(-10 + 1);
  });
  it('lactate rises with the O2 debt: normal in class I, > 2 mmol/L from class III, rising with each class (Rixen & Siegel 2005)', () => {
    expect(cls[0].lactateMmolL).toBeLessThan(2);
    expect(cls[2].lactateMmolL).toBeGreaterThan(2);
    for (let i = 1; i < cls.length; i++) expect(cls[i].lactateMmolL).toBeGreaterThan(cls[i - 1].lactateMmolL);
  });
});

describe('a bleed that outlasts the circulation', () => {
  it('never gives a negative pressure or volume', () => {
    const m = patient(4);
    m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 300, pressureDependent: 0 } });
    let minP = Infinity;
    for (let t = 0; t < 40 * 60; t += 10) {
      m.advance(10);
      const s = m.state;
      minP = Math.min(minP, s.mapMmHg, s.sbpMmHg, s.dbpMmHg, s.cvpMmHg < 0 ? 0 : s.cvpMmHg);
      expect(s.bloodVolumeMl).toBeGreaterThan(0);
    }
    expect(minP).toBeGreaterThanOrEqual(0);
    expect(m.state.mapMmHg).toBeLessThan(5); // and it did exsanguinate
    // The model's own dynamics stayed physical: no value had to be clamped to its bound, and the
    // empty circulation stopped shedding haemoglobin it no longer had (Hb fell to 1 g/dL before).
    expect(m.boundsClamps()).toEqual({});
    expect(m.state.hbGDl).toBeGreaterThan(8);
  });
});

describe('IV naloxone timing (Narcan label: onset 1–2 min; Olofsen 2010 t½ke0 6.5 min)', () => {
  it('0.4 mg in an overdose: arousal peaks 3–8 min after the bolus, not within the first 2 min (peak ≈ 5 min, REFERENCES.md#naloxone-timing)', () => {
    const m = patient(1);
    m.startCondition({ kind: 'opioid_overdose', severity: 0.5 });
    m.advance(900);
    m.applyIntervention({ kind: 'drug_bolus', drug: 'naloxone', doseMg: 0.4 });
    const gcs: number[] = [];
    for (let t = 0; t < 15 * 60; t += 5) {
      m.advance(5);
      gcs.push(m.state.gcs);
    }
    const best = Math.max(...gcs);
    const peakS = (gcs.indexOf(best) + 1) * 5;
    expect(peakS).toBeGreaterThanOrEqual(3 * 60);
    expect(peakS).toBeLessThanOrEqual(8 * 60);
  });

  it('0.4 mg in an overdose: not reversed at 15 s, breathing ≥ 10/min by 2 min, arousal still rising at 4 min', () => {
    const m = patient(1);
    m.startCondition({ kind: 'opioid_overdose', severity: 0.5 });
    m.advance(900);
    m.applyIntervention({ kind: 'drug_bolus', drug: 'naloxone', doseMg: 0.4 });
    m.advance(15);
    expect(m.state.rrBpm).toBeLessThan(8);
    m.advance(105);
    expect(m.state.rrBpm).toBeGreaterThanOrEqual(10);
    const gcs2 = m.state.gcs;
    m.advance(120);
    expect(m.state.gcs).toBeGreaterThan(gcs2);
  });
});
