/**
 * Standard adult at rest: after 10 min the hidden state lies inside published normal ranges.
 * Source: Pulse Physiology Engine SystemValidationData (standard male 44 y, 77 kg, 178 cm), as
 * tabulated in docs/REFERENCES.md#pulse-standard-adult.
 */
import { describe, expect, it } from 'vitest';
import { STANDARD_ADULT } from '../../twin-engine/physiology/index';
import { patient } from './helpers';

describe('standard adult at rest (Pulse validation ranges, REFERENCES.md#pulse-standard-adult)', () => {
  for (const seed of [1, 2, 3]) {
    it(`settles inside normal ranges after 10 min (seed ${seed})`, () => {
      const m = patient(seed);
      m.advance(600);
      const s = m.state;
      const ibw = 50 + 0.91 * (STANDARD_ADULT.heightCm - 152.4);
      expect(s.hrBpm).toBeGreaterThanOrEqual(60); // HR 60–100
      expect(s.hrBpm).toBeLessThanOrEqual(100);
      expect(s.sbpMmHg).toBeGreaterThanOrEqual(100); // SBP 100–140
      expect(s.sbpMmHg).toBeLessThanOrEqual(140);
      expect(s.dbpMmHg).toBeGreaterThanOrEqual(60); // DBP 60–90
      expect(s.dbpMmHg).toBeLessThanOrEqual(90);
      expect(s.mapMmHg).toBeGreaterThanOrEqual(70); // MAP 70–105
      expect(s.mapMmHg).toBeLessThanOrEqual(105);
      expect(s.sbpMmHg - s.dbpMmHg).toBeGreaterThanOrEqual(25); // PP 25–100
      expect(s.coLPerMin).toBeGreaterThan(5.6 * 0.85); // CO ≈ 5.6 L/min (±15 %)
      expect(s.coLPerMin).toBeLessThan(5.6 * 1.15);
      expect(s.svMl).toBeGreaterThanOrEqual(55); // SV 55–93
      expect(s.svMl).toBeLessThanOrEqual(93);
      expect(s.efFraction).toBeGreaterThan(0.5); // EF ≈ 0.55
      expect(s.efFraction).toBeLessThan(0.65);
      expect(s.cvpMmHg).toBeGreaterThanOrEqual(2); // CVP 2–6
      expect(s.cvpMmHg).toBeLessThanOrEqual(6);
      expect(s.pcwpMmHg).toBeGreaterThanOrEqual(4); // PCWP 4–12
      expect(s.pcwpMmHg).toBeLessThanOrEqual(12);
      expect(s.paMeanMmHg).toBeGreaterThanOrEqual(9); // mPAP 9–18
      expect(s.paMeanMmHg).toBeLessThanOrEqual(18);
      expect(s.rrBpm).toBeGreaterThanOrEqual(12); // RR 12–20
      expect(s.rrBpm).toBeLessThanOrEqual(20);
      expect(s.tidalVolumeMl / ibw).toBeGreaterThan(6); // VT ≈ 7 mL/kg (6–8)
      expect(s.tidalVolumeMl / ibw).toBeLessThan(8);
      expect(s.sao2Pct).toBeGreaterThanOrEqual(96); // SpO2 0.96–1.00
      expect(s.pao2MmHg).toBeGreaterThan(85); // PaO2 ≈ 95
      expect(s.pao2MmHg).toBeLessThan(105);
      expect(s.pao2AlveolarMmHg - s.pao2MmHg).toBeGreaterThanOrEqual(3); // A–a 5–14 (±2)
      expect(s.pao2AlveolarMmHg - s.pao2MmHg).toBeLessThanOrEqual(14);
      expect(s.paco2MmHg).toBeGreaterThan(37); // PaCO2 ≈ 40
      expect(s.paco2MmHg).toBeLessThan(43);
      expect(s.etco2MmHg).toBeGreaterThanOrEqual(35); // EtCO2 35–45
      expect(s.etco2MmHg).toBeLessThanOrEqual(45);
      expect(s.ph).toBeGreaterThanOrEqual(7.35); // pH 7.35–7.45
      expect(s.ph).toBeLessThanOrEqual(7.45);
      expect(s.lactateMmolL).toBeGreaterThanOrEqual(0.6); // lactate 0.6–1.7
      expect(s.lactateMmolL).toBeLessThanOrEqual(1.7);
      expect(s.coreTempC).toBeGreaterThan(36.5); // core 37 °C
      expect(s.coreTempC).toBeLessThan(37.5);
      expect(s.hbGDl).toBeGreaterThanOrEqual(13.8); // Hb 13.8–17.2
      expect(s.hbGDl).toBeLessThanOrEqual(17.2);
      expect(s.glucoseMgDl).toBeGreaterThanOrEqual(70); // fasting 70–100
      expect(s.glucoseMgDl).toBeLessThanOrEqual(100);
      expect(s.gcs).toBe(15);
      expect(s.rhythm).toBe('sinus');
      expect(m.episodes()).toHaveLength(0);
    });
  }

  it('stays at rest for 24 h (drift < 5 %)', () => {
    const m = patient(4);
    const a = { ...m.state };
    m.advance(24 * 3600);
    const b = m.state;
    for (const k of ['hrBpm', 'mapMmHg', 'coLPerMin', 'paco2MmHg', 'glucoseMgDl', 'creatinineMgDl'] as const)
      expect(Math.abs(b[k] - a[k]) / a[k]).toBeLessThan(0.05);
  });

  // Comorbidities shift parameters in the published direction.
  it('COPD: chronic compensated hypercapnia, lower PaO2 (GOLD 2024)', () => {
    const m = patient(1, { ...STANDARD_ADULT, comorbidities: ['copd'] });
    m.advance(600);
    expect(m.state.paco2MmHg).toBeGreaterThan(43);
    expect(m.state.hco3MmolL).toBeGreaterThan(26);
    expect(m.state.pao2MmHg).toBeLessThan(85);
    expect(m.state.airwayResistanceCmH2OPerLPerS).toBeGreaterThan(4);
  });
  it('heart failure: EF < 0.40 and raised PCWP (ESC HF 2021)', () => {
    const m = patient(1, { ...STANDARD_ADULT, comorbidities: ['heart_failure'] });
    m.advance(600);
    expect(m.state.efFraction).toBeLessThan(0.4);
    expect(m.state.pcwpMmHg).toBeGreaterThan(12);
  });
  it('diabetes: fasting glucose ≥ 126 mg/dL (ADA 2024)', () => {
    const m = patient(1, { ...STANDARD_ADULT, comorbidities: ['diabetes'] });
    m.advance(600);
    expect(m.state.glucoseMgDl).toBeGreaterThanOrEqual(126);
  });
  it('CKD: creatinine raised, potassium high-normal (KDIGO 2012)', () => {
    const m = patient(1, { ...STANDARD_ADULT, comorbidities: ['ckd'] });
    m.advance(600);
    expect(m.state.creatinineMgDl).toBeGreaterThan(2);
    expect(m.state.potassiumMmolL).toBeGreaterThan(4.5);
  });
  it('female profile has lower blood volume (65 vs 70 mL/kg) and Hb', () => {
    const f = patient(1, { ...STANDARD_ADULT, sex: 'female', weightKg: 65, heightCm: 165 });
    expect(f.state.bloodVolumeMl).toBeLessThan(65 * 65 * 1.02);
    expect(f.state.hbGDl).toBeLessThan(15);
  });
});
