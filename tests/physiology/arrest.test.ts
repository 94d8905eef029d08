/**
 * Cardiac arrest, apnoea, CPR and ROSC: the hidden state must evolve the way a body does when
 * circulation and/or breathing stop (lactic + respiratory acidosis, apnoeic desaturation), improve
 * with CPR and recover after ROSC. Every expectation cites its source.
 */
import { describe, expect, it } from 'vitest';
import { allFinite, patient } from './helpers';

function vf(seed = 1) {
  const m = patient(seed);
  const base = { ...m.state };
  m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'ventricular_fibrillation' } });
  return { m, base };
}

describe('untreated cardiac arrest (no flow, no breathing)', () => {
  it('20 min of untreated VF/asystole → lactate ≥ 6, pH ≤ 7.2, PaCO2 above baseline (Kliegel 2004 Resuscitation 62:279; Donnino 2007 Resuscitation 75:229; Weil 1986 NEJM 315:153)', () => {
    const { m, base } = vf();
    m.advance(20 * 60);
    const s = m.state;
    expect(s.coLPerMin).toBe(0);
    expect(s.rrBpm).toBe(0);
    expect(s.lactateMmolL).toBeGreaterThanOrEqual(6);
    expect(s.ph).toBeLessThanOrEqual(7.2);
    expect(s.paco2MmHg).toBeGreaterThan(base.paco2MmHg + 10);
    // Blood that stood in the tissues is desaturated (no-flow O2 consumption; Nunn, O2 stores).
    expect(s.sao2Pct).toBeLessThan(90);
    expect(allFinite(s)).toEqual([]);
  });
  it('lactate keeps rising during no flow at ≈ 0.2–0.6 mmol/L/min, i.e. 1–2+ mmol/L per 10 min or more (Kliegel 2004; Donnino 2007)', () => {
    const { m } = vf();
    m.advance(10 * 60);
    const l10 = m.state.lactateMmolL;
    m.advance(10 * 60);
    const rate = (m.state.lactateMmolL - l10) / 10;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.6);
  });
  it('a patient bled into arrest does not keep normal blood gases (instructor-view bug)', () => {
    const m = patient(1);
    m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 250, pressureDependent: 0 } });
    m.advance(35 * 60);
    const s = m.state;
    expect(s.coLPerMin).toBe(0);
    expect(s.lactateMmolL).toBeGreaterThan(6);
    expect(s.ph).toBeLessThan(7.2);
    expect(s.paco2MmHg).toBeGreaterThan(55);
    expect(s.sao2Pct).toBeLessThan(90);
    expect(allFinite(s)).toEqual([]);
  });
});

describe('apnoea with circulation (severe opioid overdose)', () => {
  it('room air: SaO2 < 90 % within 5 min (Benumof 1997 Anesthesiology 87:979; Farmery & Roe 1996) and PaCO2 rises ≥ 2 mmHg/min after the first minute (Eger & Severinghaus 1961; Stock 1988: ≈ 3 mmHg/min)', () => {
    const m = patient(1);
    m.applyIntervention({ kind: 'drug_bolus', drug: 'fentanyl', doseMg: 1 });
    m.applyIntervention({ kind: 'drug_bolus', drug: 'morphine', doseMg: 50 });
    m.advance(60);
    const pco2At1 = m.state.paco2MmHg;
    let minSat = 100;
    for (let i = 0; i < 240; i++) {
      m.advance(1);
      minSat = Math.min(minSat, m.state.sao2Pct);
      expect(m.state.rrBpm).toBeLessThan(4); // ventilation almost abolished
    }
    expect(m.state.coLPerMin).toBeGreaterThan(2); // still circulating
    expect(minSat).toBeLessThan(90);
    expect((m.state.paco2MmHg - pco2At1) / 4).toBeGreaterThanOrEqual(2);
  });
});

describe('CPR', () => {
  it('chest compressions give 20–35 % of normal cardiac output (AHA ECC 2020; Rubertsson 1995) and the patient stays unconscious and apnoeic (Olaussen 2015 Resuscitation 94:117)', () => {
    const { m, base } = vf();
    m.applyIntervention({ kind: 'cpr_start' });
    m.advance(180);
    const frac = m.state.coLPerMin / base.coLPerMin;
    expect(frac).toBeGreaterThanOrEqual(0.2);
    expect(frac).toBeLessThanOrEqual(0.35);
    expect(m.state.gcs).toBeLessThanOrEqual(5);
    expect(m.state.rrBpm).toBe(0);
  });
  it('ventilated CPR: lactate rises more slowly than with no flow (low-flow vs no-flow; Kliegel 2004; Weil 1986)', () => {
    const a = vf().m;
    a.advance(15 * 60);
    const b = vf().m;
    b.applyIntervention({ kind: 'cpr_start' });
    b.applyIntervention({ kind: 'intubation' });
    b.advance(15 * 60);
    expect(b.state.lactateMmolL).toBeGreaterThan(1.5); // still rising (DO2 below critical)
    expect(b.state.lactateMmolL).toBeLessThan(0.7 * a.state.lactateMmolL);
    expect(b.state.ph).toBeGreaterThan(a.state.ph);
    expect(b.state.sao2Pct).toBeGreaterThan(a.state.sao2Pct);
  });
});

describe('ROSC', () => {
  it('after defibrillation lactate clears over time (lactate clearance after ROSC ≈ 10–30 %/h early; Donnino 2007 Resuscitation 75:229)', () => {
    const m = patient(1);
    m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'ventricular_fibrillation' } });
    m.advance(5 * 60); // no-flow time
    m.applyIntervention({ kind: 'cpr_start' });
    m.applyIntervention({ kind: 'intubation' });
    let rosc = false;
    for (let i = 0; i < 10 && !rosc; i++) {
      m.advance(120);
      m.applyIntervention({ kind: 'defibrillation', energyJ: 200 });
      m.advance(2);
      rosc = m.state.rhythm !== 'ventricular_fibrillation' && m.state.rhythm !== 'asystole' && m.state.rhythm !== 'pea';
    }
    expect(rosc).toBe(true);
    m.applyIntervention({ kind: 'cpr_stop' });
    // Reperfusion washout peak within the first ~10 min, then clearance.
    let peak = 0;
    for (let i = 0; i < 10; i++) {
      m.advance(60);
      peak = Math.max(peak, m.state.lactateMmolL);
    }
    expect(m.state.coLPerMin).toBeGreaterThan(3);
    m.advance(60 * 60);
    const l70 = m.state.lactateMmolL;
    m.advance(60 * 60);
    expect(l70).toBeLessThan(0.8 * peak);
    expect(m.state.lactateMmolL).toBeLessThan(l70);
    expect(m.state.ph).toBeGreaterThan(7.3);
    expect(allFinite(m.state)).toEqual([]);
  });
});
