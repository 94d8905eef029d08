/**
 * Every condition: onset changes the hidden state in the published direction. Numbers are
 * thresholds from the cited clinical definitions/sources.
 */
import { describe, expect, it } from 'vitest';
import { patient } from './helpers';

describe('conditions', () => {
  it('hemorrhage: blood volume falls by the bled volume minus refill; HR rises (ATLS)', () => {
    const m = patient();
    const bv0 = m.state.bloodVolumeMl;
    m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 100, volumeMl: 1000 } });
    m.advance(900);
    expect(bv0 - m.state.bloodVolumeMl).toBeGreaterThan(600);
    expect(bv0 - m.state.bloodVolumeMl).toBeLessThan(1000);
    expect(m.state.hrBpm).toBeGreaterThan(80);
  });

  it('sepsis: infection → fever, tachycardia, tachypnoea, lactate > 2, Sepsis-3 SOFA rise ≥ 2 (Singer 2016)', () => {
    const m = patient();
    m.startCondition({ kind: 'sepsis', severity: 0.8 });
    m.advance(6 * 3600);
    const s = m.state;
    expect(s.infectionLoad).toBeGreaterThan(0.5);
    expect(s.coreTempC).toBeGreaterThan(38);
    expect(s.hrBpm).toBeGreaterThan(100);
    expect(s.lactateMmolL).toBeGreaterThan(2);
    expect(s.mapMmHg).toBeLessThan(75);
    expect(s.wbc10e9L).toBeGreaterThan(12); // SIRS WBC > 12 (Bone 1992)
    expect(m.episodes().some((e) => e.label === 'sepsis')).toBe(true);
  });

  it('STEMI: ST elevation ≥ 1 mm, troponin > 99th percentile (14 ng/L), lower EF (UDMI, Thygesen 2018)', () => {
    const m = patient();
    const ef0 = m.state.efFraction;
    m.startCondition({ kind: 'stemi', severity: 0.7 });
    m.advance(4 * 3600);
    expect(m.state.stElevationMm).toBeGreaterThanOrEqual(1);
    expect(m.state.troponinNgL).toBeGreaterThan(14);
    expect(m.state.efFraction).toBeLessThan(ef0 - 0.1);
  });

  it('cardiogenic shock: CI < 2.2 L/min/m² and PCWP > 15 mmHg (SHOCK trial, Hochman 1999)', () => {
    const m = patient();
    m.startCondition({ kind: 'cardiogenic_shock', severity: 0.9 });
    m.advance(1800);
    expect(m.state.coLPerMin / 1.95).toBeLessThan(2.2);
    expect(m.state.pcwpMmHg).toBeGreaterThan(15);
  });

  it('pulmonary embolism: PA pressure and CVP rise, EtCO2 gap widens, hypoxaemia (McIntyre 1971)', () => {
    const m = patient();
    const s0 = { ...m.state };
    m.startCondition({ kind: 'pulmonary_embolism', severity: 0.8 });
    m.advance(1800);
    expect(m.state.paMeanMmHg).toBeGreaterThan(s0.paMeanMmHg + 8);
    expect(m.state.cvpMmHg).toBeGreaterThan(s0.cvpMmHg);
    expect(m.state.paco2MmHg - m.state.etco2MmHg).toBeGreaterThan(8);
    expect(m.state.sao2Pct).toBeLessThan(s0.sao2Pct - 2);
  });

  it('massive pulmonary embolism (severity 1): tachypnoea 25–40 /min, not the model’s ceiling of 60, with hypoxaemia (REFERENCES.md#pe-tachypnoea)', () => {
    const m = patient();
    m.startCondition({ kind: 'pulmonary_embolism', severity: 1, rampS: 120 });
    for (const t of [600, 1200, 1800]) {
      m.advance(t - m.timeS);
      expect(m.state.rrBpm, `at ${t} s`).toBeGreaterThanOrEqual(25);
      expect(m.state.rrBpm, `at ${t} s`).toBeLessThanOrEqual(40);
    }
    expect(m.state.pao2MmHg).toBeLessThan(70);
    expect(m.state.hrBpm).toBeGreaterThan(100);
  });

  it('tension pneumothorax: CO falls > 30 %, CVP rises (Barton 1995)', () => {
    const m = patient();
    const s0 = { ...m.state };
    m.startCondition({ kind: 'tension_pneumothorax', severity: 0.8 });
    m.advance(600);
    expect(m.state.coLPerMin).toBeLessThan(0.7 * s0.coLPerMin);
    expect(m.state.cvpMmHg).toBeGreaterThan(s0.cvpMmHg + 5);
    expect(m.state.sao2Pct).toBeLessThan(90);
  });

  it('asthma exacerbation: airway resistance ×>3, hypoxaemia, tachypnoea (GINA 2024)', () => {
    const m = patient();
    const s0 = { ...m.state };
    m.startCondition({ kind: 'asthma_exacerbation', severity: 0.8 });
    m.advance(1800);
    expect(m.state.airwayResistanceCmH2OPerLPerS).toBeGreaterThan(3 * s0.airwayResistanceCmH2OPerLPerS);
    expect(m.state.sao2Pct).toBeLessThan(95);
    expect(m.state.rrBpm).toBeGreaterThan(s0.rrBpm);
    expect(m.state.workOfBreathingJPerMin).toBeGreaterThan(2 * s0.workOfBreathingJPerMin);
  });

  it('COPD exacerbation: hypoxaemia; high FiO2 raises PaCO2 (Aubier 1980)', () => {
    const m = patient(1, { ageY: 68, sex: 'male', heightCm: 175, weightKg: 70, skinToneMonk: 3, comorbidities: ['copd'] });
    const s0 = { ...m.state };
    m.startCondition({ kind: 'copd_exacerbation', severity: 0.8, rampS: 0 });
    m.advance(1800);
    expect(m.state.pao2MmHg).toBeLessThan(s0.pao2MmHg - 5);
    const paco2Air = m.state.paco2MmHg;
    m.applyIntervention({ kind: 'oxygen', fio2: 0.6 });
    m.advance(3600);
    expect(m.state.paco2MmHg).toBeGreaterThan(paco2Air);
  });

  it('pneumonia: shunt, hypoxaemia, infection load, fever over hours (BTS CAP)', () => {
    const m = patient();
    m.startCondition({ kind: 'pneumonia', severity: 0.7 });
    m.advance(6 * 3600);
    expect(m.state.shuntFraction).toBeGreaterThan(0.15);
    expect(m.state.sao2Pct).toBeLessThan(92);
    expect(m.state.infectionLoad).toBeGreaterThan(0.3);
    expect(m.state.coreTempC).toBeGreaterThan(37.3);
  });

  it('ARDS: P/F ≤ 300 on air, lower compliance (Berlin definition 2012)', () => {
    const m = patient();
    m.startCondition({ kind: 'ards', severity: 0.8 });
    m.advance(2 * 3600);
    expect(m.state.pao2MmHg / m.state.fio2).toBeLessThanOrEqual(300);
    expect(m.state.complianceMlPerCmH2O).toBeLessThan(60);
  });

  it('opioid overdose: RR < 8, PaCO2 > 50, SaO2 < 90, GCS ≤ 8 (WHO opioid overdose triad)', () => {
    const m = patient();
    m.startCondition({ kind: 'opioid_overdose', severity: 0.5 });
    m.advance(900);
    expect(m.state.rrBpm).toBeLessThan(8);
    expect(m.state.paco2MmHg).toBeGreaterThan(50);
    expect(m.state.sao2Pct).toBeLessThan(90);
    expect(m.state.gcs).toBeLessThanOrEqual(8);
  });

  it('anaphylaxis: hypotension (SBP < 90) with tachycardia and bronchospasm (WAO, Simons 2011)', () => {
    const m = patient();
    const s0 = { ...m.state };
    m.startCondition({ kind: 'anaphylaxis', severity: 0.8 });
    m.advance(900);
    expect(m.state.sbpMmHg).toBeLessThan(90);
    expect(m.state.hrBpm).toBeGreaterThan(100);
    expect(m.state.airwayResistanceCmH2OPerLPerS).toBeGreaterThan(2 * s0.airwayResistanceCmH2OPerLPerS);
  });

  it('hypoglycaemia: glucose < 54 mg/dL (ADA level 2) and impaired consciousness (Cryer 2013)', () => {
    const m = patient();
    m.startCondition({ kind: 'hypoglycemia', severity: 0.8 });
    m.advance(2 * 3600);
    expect(m.state.glucoseMgDl).toBeLessThan(54);
    expect(m.state.gcs).toBeLessThan(15);
  });

  it('DKA: glucose > 250, pH < 7.30, HCO3 < 18, ketones > 3, K up, negative fluid balance (ADA, Kitabchi 2009)', () => {
    const m = patient();
    const k0 = m.state.potassiumMmolL;
    m.startCondition({ kind: 'dka', severity: 0.8 });
    m.advance(10 * 3600);
    expect(m.state.glucoseMgDl).toBeGreaterThan(250);
    expect(m.state.ph).toBeLessThan(7.3);
    expect(m.state.hco3MmolL).toBeLessThan(18);
    expect(m.state.ketonesMmolL).toBeGreaterThan(3);
    expect(m.state.potassiumMmolL).toBeGreaterThan(k0);
    expect(m.state.paco2MmHg).toBeLessThan(35); // Kussmaul compensation (Winters)
    expect(m.state.fluidBalanceMl).toBeLessThan(-300);
  });

  it('fever: core ≥ 38.3 °C; HR rises ≈ 8.5 /min per °C (Karjalainen 1986)', () => {
    const m = patient();
    const s0 = { ...m.state };
    m.startCondition({ kind: 'fever', severity: 0.6 });
    m.advance(3 * 3600);
    const dT = m.state.coreTempC - s0.coreTempC;
    expect(m.state.coreTempC).toBeGreaterThanOrEqual(38.3);
    expect((m.state.hrBpm - s0.hrBpm) / dT).toBeGreaterThan(4);
    expect((m.state.hrBpm - s0.hrBpm) / dT).toBeLessThan(15);
    expect(m.state.vo2MlPerMin).toBeGreaterThan(s0.vo2MlPerMin);
  });

  it('hypothermia: core < 32 °C gives bradycardia and reduced GCS (Brown 2012 NEJM)', () => {
    const m = patient();
    m.startCondition({ kind: 'hypothermia', severity: 0.6 });
    m.advance(5 * 3600);
    expect(m.state.coreTempC).toBeLessThan(32);
    expect(m.state.hrBpm).toBeLessThan(60);
    expect(m.state.gcs).toBeLessThan(15);
  });

  describe('arrhythmia sets the rhythm and its haemodynamics', () => {
    const cases: [string, (s: ReturnType<typeof patient>['state']) => void][] = [
      ['sinus_bradycardia', (s) => expect(s.hrBpm).toBeLessThan(50)],
      ['sinus_tachycardia', (s) => expect(s.hrBpm).toBeGreaterThan(100)],
      ['atrial_fibrillation', (s) => expect(s.hrBpm).toBeGreaterThan(110)], // AF with RVR
      ['atrial_flutter', (s) => expect(Math.abs(s.hrBpm - 150)).toBeLessThan(10)], // 2:1 flutter
      ['svt', (s) => expect(s.hrBpm).toBeGreaterThan(150)],
      ['av_block_1', (s) => expect(s.hrBpm).toBeGreaterThan(55)],
      ['av_block_2_mobitz1', (s) => expect(s.hrBpm).toBeLessThan(70)],
      ['av_block_2_mobitz2', (s) => expect(s.hrBpm).toBeLessThan(55)],
      ['av_block_3', (s) => expect(s.hrBpm).toBeLessThan(45)], // escape 30–45 /min
      ['ventricular_tachycardia', (s) => expect(s.qrsWidthMs).toBeGreaterThan(120)],
      ['ventricular_fibrillation', (s) => expect(s.coLPerMin).toBeLessThan(0.1)],
      ['asystole', (s) => expect(s.hrBpm).toBe(0)],
      ['pea', (s) => expect(s.pulseRateBpm).toBe(0)],
    ];
    for (const [rhythm, check] of cases) {
      it(rhythm, () => {
        const m = patient();
        m.startCondition({ kind: 'arrhythmia', params: { rhythm } });
        m.advance(60);
        expect(m.state.rhythm === rhythm || (rhythm === 'sinus_bradycardia' && m.state.rhythm === 'sinus_bradycardia')).toBe(true);
        check(m.state);
      });
    }
    it('VF → cardiac arrest episode, apnoea within ~1 min, GCS 3 (Rossen 1943)', () => {
      const m = patient();
      m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'ventricular_fibrillation' } });
      m.advance(90);
      expect(m.state.gcs).toBe(3);
      expect(m.state.apnea).toBe(true);
      expect(m.episodes().some((e) => e.label === 'cardiac_arrest' && e.offsetS === null)).toBe(true);
      expect(m.episodes().some((e) => e.label === 'ventricular_fibrillation')).toBe(true);
    });
  });

  it('stopCondition ends the condition and the state recovers (fever)', () => {
    const m = patient();
    const id = m.startCondition({ kind: 'fever', severity: 0.6, rampS: 0 });
    m.advance(3 * 3600);
    m.stopCondition(id);
    expect(m.activeConditions()).toHaveLength(0);
    m.advance(5 * 3600);
    expect(m.state.coreTempC).toBeLessThan(37.5);
  });
});
