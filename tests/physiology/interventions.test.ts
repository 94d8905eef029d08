/**
 * Every intervention changes the model in the published direction; invalid input throws an Error
 * naming the problem and the allowed range.
 */
import { describe, expect, it } from 'vitest';
import { INTERVENTION_KINDS, type InterventionSpec } from '../../twin-engine/physiology/index';
import { patient } from './helpers';

describe('interventions', () => {
  it('naloxone reverses opioid overdose within minutes (Boyer 2012 NEJM; onset 1–2 min IV)', () => {
    const m = patient();
    m.startCondition({ kind: 'opioid_overdose', severity: 0.5 });
    m.advance(900);
    const before = { ...m.state };
    m.applyIntervention({ kind: 'drug_bolus', drug: 'naloxone', doseMg: 0.4 });
    m.advance(240);
    expect(m.state.rrBpm).toBeGreaterThan(10);
    expect(m.state.sao2Pct).toBeGreaterThan(before.sao2Pct + 5);
    expect(m.state.paco2MmHg).toBeLessThan(before.paco2MmHg);
    expect(m.state.gcs).toBeGreaterThan(before.gcs);
  });

  it('norepinephrine raises MAP in septic shock (SSC 2021: target MAP ≥ 65)', () => {
    const m = patient();
    m.startCondition({ kind: 'sepsis', severity: 0.9 });
    m.advance(6 * 3600);
    const map0 = m.state.mapMmHg;
    m.applyIntervention({ kind: 'drug_infusion', drug: 'norepinephrine', rateMcgPerKgPerMin: 0.2 });
    m.advance(600);
    expect(m.state.mapMmHg).toBeGreaterThan(map0 + 8);
    expect(m.state.mapMmHg).toBeGreaterThanOrEqual(65);
    m.applyIntervention({ kind: 'stop_infusion', drug: 'norepinephrine' });
    m.advance(900);
    expect(m.state.mapMmHg).toBeLessThan(map0 + 8);
  });

  it('antibiotics reduce infection load over hours (Kumar 2006)', () => {
    const a = patient();
    const b = patient();
    for (const m of [a, b]) m.startCondition({ kind: 'sepsis', severity: 0.6 });
    a.advance(3600);
    b.advance(3600);
    a.applyIntervention({ kind: 'drug_bolus', drug: 'antibiotics', doseMg: 2000 });
    a.advance(8 * 3600);
    b.advance(8 * 3600);
    expect(a.state.infectionLoad).toBeLessThan(0.5 * b.state.infectionLoad);
  });

  it('oxygen raises SaO2 in V/Q mismatch but little across a large shunt (West; Dantzker 1979)', () => {
    const vq = patient();
    vq.startCondition({ kind: 'asthma_exacerbation', severity: 0.8 });
    vq.advance(1800);
    const sh = patient();
    sh.startCondition({ kind: 'ards', severity: 1, rampS: 0 });
    sh.advance(1800);
    const pre = [vq.state.pao2MmHg, sh.state.pao2MmHg];
    for (const m of [vq, sh]) m.applyIntervention({ kind: 'oxygen', device: 'nrb_mask', flowLPerMin: 15 });
    vq.advance(600);
    sh.advance(600);
    expect(vq.state.sao2Pct).toBeGreaterThan(97);
    expect(vq.state.pao2MmHg - pre[0]).toBeGreaterThan(100);
    expect(sh.state.shuntFraction).toBeGreaterThan(0.35);
    expect(sh.state.pao2MmHg - pre[1]).toBeLessThan(40);
    expect(sh.state.sao2Pct).toBeLessThan(92);
  });

  it('oxygen devices set FiO2 (BTS 2017): nasal 2 L ≈ 0.29, NRB 15 L ≈ 0.9', () => {
    const m = patient();
    m.applyIntervention({ kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 });
    m.advance(2);
    expect(m.state.fio2).toBeCloseTo(0.29, 2);
    m.applyIntervention({ kind: 'oxygen', device: 'simple_mask', flowLPerMin: 8 });
    m.advance(2);
    expect(m.state.fio2).toBeCloseTo(0.52, 2);
    m.applyIntervention({ kind: 'oxygen', device: 'nrb_mask', flowLPerMin: 15 });
    m.advance(2);
    expect(m.state.fio2).toBeCloseTo(0.9, 2);
  });

  it('needle decompression restores CO in tension pneumothorax (ATLS)', () => {
    const m = patient();
    const co0 = m.state.coLPerMin;
    m.startCondition({ kind: 'tension_pneumothorax', severity: 0.8 });
    m.advance(600);
    expect(m.state.coLPerMin).toBeLessThan(0.7 * co0);
    m.applyIntervention({ kind: 'needle_decompression' });
    m.advance(300);
    expect(m.state.coLPerMin).toBeGreaterThan(0.9 * co0);
  });

  it('fluid bolus: CVP and CO rise, Hb dilutes, most crystalloid leaves the circulation within 1 h (Hahn 2010)', () => {
    const m = patient();
    const s0 = { ...m.state };
    m.applyIntervention({ kind: 'fluid_bolus', volumeMl: 1000, rateMlPerH: 4000 });
    m.advance(15 * 60);
    expect(m.state.cvpMmHg).toBeGreaterThan(s0.cvpMmHg);
    expect(m.state.coLPerMin).toBeGreaterThan(s0.coLPerMin);
    expect(m.state.hbGDl).toBeLessThan(s0.hbGDl);
    m.advance(45 * 60);
    const kept = m.state.bloodVolumeMl - s0.bloodVolumeMl;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(600);
    expect(m.state.fluidBalanceMl).toBeGreaterThan(500);
  });

  it('fluid infusion runs until stop_infusion', () => {
    const m = patient();
    m.applyIntervention({ kind: 'fluid_infusion', rateMlPerH: 500 });
    m.advance(3600);
    const fb = m.state.fluidBalanceMl;
    expect(fb).toBeGreaterThan(200);
    m.applyIntervention({ kind: 'stop_infusion', fluid: 'crystalloid' });
    m.advance(3600);
    expect(m.state.fluidBalanceMl).toBeLessThan(fb + 100);
  });

  it('blood transfusion: one unit raises Hb ≈ 1 g/dL (AABB)', () => {
    const m = patient();
    const hb0 = m.state.hbGDl;
    m.applyIntervention({ kind: 'blood_transfusion', volumeMl: 300, rateMlPerH: 600 });
    m.advance(3 * 3600);
    expect(m.state.hbGDl - hb0).toBeGreaterThan(0.4);
    expect(m.state.hbGDl - hb0).toBeLessThan(1.6);
  });

  it('epinephrine IM treats anaphylaxis: MAP up, bronchospasm down (WAO 2011)', () => {
    const m = patient();
    m.startCondition({ kind: 'anaphylaxis', severity: 0.8 });
    m.advance(900);
    const before = { ...m.state };
    m.applyIntervention({ kind: 'drug_bolus', drug: 'epinephrine', doseMg: 0.5, route: 'im' });
    m.advance(600);
    expect(m.state.mapMmHg).toBeGreaterThan(before.mapMmHg + 10);
    expect(m.state.airwayResistanceCmH2OPerLPerS).toBeLessThan(before.airwayResistanceCmH2OPerLPerS);
  });

  it('salbutamol nebuliser lowers airway resistance in asthma, raises HR, lowers K (GINA; Brown 1983)', () => {
    const m = patient();
    m.startCondition({ kind: 'asthma_exacerbation', severity: 0.7, rampS: 0 });
    m.advance(1200);
    const before = { ...m.state };
    m.applyIntervention({ kind: 'drug_bolus', drug: 'salbutamol', doseMg: 5, route: 'neb' });
    m.advance(1200);
    expect(m.state.airwayResistanceCmH2OPerLPerS).toBeLessThan(0.8 * before.airwayResistanceCmH2OPerLPerS);
    expect(m.state.hrBpm).toBeGreaterThan(before.hrBpm);
    expect(m.state.potassiumMmolL).toBeLessThan(before.potassiumMmolL);
  });

  it('fentanyl and morphine depress ventilation dose-dependently (Dahan 2010)', () => {
    const f = patient();
    f.applyIntervention({ kind: 'drug_bolus', drug: 'fentanyl', doseMcg: 250 });
    f.advance(300);
    const mo = patient();
    mo.applyIntervention({ kind: 'drug_bolus', drug: 'morphine', doseMg: 20 });
    mo.advance(1800);
    const base = patient().state;
    expect(f.state.minuteVentLPerMin).toBeLessThan(0.8 * base.minuteVentLPerMin);
    expect(mo.state.paco2MmHg).toBeGreaterThan(base.paco2MmHg + 2);
  });

  it('metoprolol slows AF ventricular rate (ESC AF 2020 rate control)', () => {
    const m = patient();
    m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'atrial_fibrillation' }, severity: 0.8 });
    m.advance(120);
    const hr0 = m.state.hrBpm;
    m.applyIntervention({ kind: 'drug_bolus', drug: 'metoprolol', doseMg: 5 });
    m.advance(900);
    expect(m.state.hrBpm).toBeLessThan(hr0 - 10);
  });

  it('amiodarone slows AF and can convert it chemically over hours (ESC 2020)', () => {
    let converted = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const m = patient(seed);
      m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'atrial_fibrillation' } });
      m.advance(60);
      m.applyIntervention({ kind: 'drug_bolus', drug: 'amiodarone', doseMg: 300 });
      m.applyIntervention({ kind: 'drug_infusion', drug: 'amiodarone', rateMcgPerKgPerMin: 13 });
      m.advance(6 * 3600);
      if (m.state.rhythm !== 'atrial_fibrillation') converted++;
    }
    expect(converted).toBeGreaterThan(0);
  });

  it('dextrose corrects hypoglycaemia; insulin lowers glucose in DKA (ADA 2024)', () => {
    const h = patient();
    h.startCondition({ kind: 'hypoglycemia', severity: 0.8 });
    h.advance(2 * 3600);
    const g0 = h.state.glucoseMgDl;
    h.applyIntervention({ kind: 'drug_bolus', drug: 'dextrose', doseMg: 25000 });
    h.advance(300);
    expect(h.state.glucoseMgDl).toBeGreaterThan(g0 + 80);
    const d = patient();
    d.startCondition({ kind: 'dka', severity: 0.8 });
    d.advance(10 * 3600);
    const gd = d.state.glucoseMgDl;
    d.applyIntervention({ kind: 'drug_infusion', drug: 'insulin', rateUnitsPerH: 7 });
    d.applyIntervention({ kind: 'drug_infusion', drug: 'dextrose', rateMlPerH: 0 });
    d.advance(2 * 3600);
    expect(d.state.glucoseMgDl).toBeLessThan(gd - 50);
    const s = patient();
    s.applyIntervention({ kind: 'drug_bolus', drug: 'insulin', doseUnits: 10, route: 'sc' });
    s.advance(3 * 3600);
    expect(s.state.glucoseMgDl).toBeLessThan(80);
  });

  it('defibrillation terminates VF with a seeded probability (first-shock success ≈ 85 %, Stiell 2007)', () => {
    let success = 0;
    const n = 40;
    for (let seed = 1; seed <= n; seed++) {
      const m = patient(seed);
      m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'ventricular_fibrillation' } });
      m.advance(30);
      m.applyIntervention({ kind: 'defibrillation', energyJ: 200 });
      m.advance(30);
      if (m.state.rhythm !== 'ventricular_fibrillation') success++;
    }
    expect(success / n).toBeGreaterThan(0.6);
    expect(success / n).toBeLessThan(0.98);
  });

  it('cardioversion converts SVT/AF with a pulse; does nothing in VF (AHA 2020)', () => {
    let ok = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const m = patient(seed);
      m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'svt' } });
      m.advance(30);
      m.applyIntervention({ kind: 'cardioversion', energyJ: 100 });
      m.advance(10);
      if (m.state.rhythm !== 'svt') ok++;
    }
    expect(ok).toBeGreaterThanOrEqual(7);
    const v = patient();
    v.startCondition({ kind: 'arrhythmia', params: { rhythm: 'ventricular_fibrillation' } });
    v.advance(10);
    v.applyIntervention({ kind: 'cardioversion', energyJ: 200 });
    v.advance(5);
    expect(v.state.rhythm).toBe('ventricular_fibrillation');
  });

  it('pacing captures complete heart block and restores rate and CO (ESC pacing 2021)', () => {
    const m = patient();
    m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'av_block_3' } });
    m.advance(120);
    const co0 = m.state.coLPerMin;
    m.applyIntervention({ kind: 'pacing', pacingRateBpm: 70 });
    m.advance(120);
    expect(m.state.rhythm).toBe('paced');
    expect(m.state.hrBpm).toBe(70);
    expect(m.state.coLPerMin).toBeGreaterThan(co0);
    m.applyIntervention({ kind: 'pacing', pacingRateBpm: 0 });
    m.advance(5);
    expect(m.state.rhythm).toBe('av_block_3');
  });

  it('CPR gives ≈ 25–30 % of normal CO and EtCO2 > 10 mmHg in arrest (AHA 2020)', () => {
    const m = patient();
    const co0 = m.state.coLPerMin;
    m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'asystole' } });
    m.advance(20);
    m.applyIntervention({ kind: 'intubation' });
    m.applyIntervention({ kind: 'cpr_start' });
    m.advance(120);
    expect(m.state.coLPerMin / co0).toBeGreaterThan(0.2);
    expect(m.state.coLPerMin / co0).toBeLessThan(0.35);
    expect(m.state.etco2MmHg).toBeGreaterThan(10);
    m.applyIntervention({ kind: 'cpr_stop' });
    m.advance(10);
    expect(m.state.coLPerMin).toBeLessThan(0.1);
  });

  it('intubation + ventilator sets ventilation; PEEP improves oxygenation in ARDS (ARDSNet 2000)', () => {
    const m = patient();
    m.startCondition({ kind: 'ards', severity: 0.9, rampS: 0 });
    m.advance(1800);
    m.applyIntervention({ kind: 'intubation', ventilator: { tidalVolumeMl: 450, rrBpm: 20, peepCmH2O: 5, fio2: 0.6 } });
    m.advance(900);
    expect(m.state.intubated).toBe(true);
    expect(m.state.rrBpm).toBe(20);
    expect(m.state.tidalVolumeMl).toBe(450);
    const p5 = m.state.pao2MmHg;
    m.applyIntervention({ kind: 'oxygen', device: 'ventilator', ventilator: { tidalVolumeMl: 450, rrBpm: 20, peepCmH2O: 14, fio2: 0.6 } });
    m.advance(900);
    expect(m.state.pao2MmHg).toBeGreaterThan(p5 + 10);
    m.applyIntervention({ kind: 'extubation' });
    m.advance(60);
    expect(m.state.intubated).toBe(false);
    expect(m.state.peepCmH2O).toBe(0);
  });

  it('positioning: passive leg raise raises CO in hypovolaemia (Monnet 2006); upright lowers CVP', () => {
    const m = patient();
    m.startCondition({ kind: 'hemorrhage', params: { rateMlPerMin: 200, volumeMl: 1000, pressureDependent: 0 } });
    m.advance(600);
    const co = m.state.coLPerMin;
    m.applyIntervention({ kind: 'positioning', position: 'legs_raised' });
    m.advance(120);
    expect(m.state.coLPerMin).toBeGreaterThan(co * 1.05);
    const u = patient();
    const cvp = u.state.cvpMmHg;
    u.applyIntervention({ kind: 'positioning', position: 'upright' });
    u.advance(120);
    expect(u.state.cvpMmHg).toBeLessThan(cvp);
  });

  it('recovery position relieves upper-airway obstruction in the unconscious (ERC 2021)', () => {
    const a = patient();
    const b = patient();
    for (const m of [a, b]) m.startCondition({ kind: 'opioid_overdose', severity: 0.4 });
    b.applyIntervention({ kind: 'positioning', position: 'recovery' });
    a.advance(1200);
    b.advance(1200);
    expect(a.state.gcs).toBeLessThanOrEqual(8);
    expect(b.state.minuteVentLPerMin).toBeGreaterThan(a.state.minuteVentLPerMin);
  });

  it('every intervention kind is accepted with a valid spec', () => {
    const specs: Record<string, InterventionSpec> = {
      oxygen: { kind: 'oxygen', fio2: 0.4 },
      fluid_bolus: { kind: 'fluid_bolus' },
      fluid_infusion: { kind: 'fluid_infusion', rateMlPerH: 100 },
      blood_transfusion: { kind: 'blood_transfusion' },
      drug_bolus: { kind: 'drug_bolus', drug: 'morphine', doseMg: 2 },
      drug_infusion: { kind: 'drug_infusion', drug: 'norepinephrine', rateMcgPerKgPerMin: 0.05 },
      stop_infusion: { kind: 'stop_infusion', drug: 'norepinephrine' },
      defibrillation: { kind: 'defibrillation' },
      cardioversion: { kind: 'cardioversion' },
      pacing: { kind: 'pacing' },
      needle_decompression: { kind: 'needle_decompression' },
      intubation: { kind: 'intubation' },
      extubation: { kind: 'extubation' },
      cpr_start: { kind: 'cpr_start' },
      cpr_stop: { kind: 'cpr_stop' },
      positioning: { kind: 'positioning', position: 'upright' },
      hemorrhage_control: { kind: 'hemorrhage_control' },
    };
    for (const k of INTERVENTION_KINDS) {
      const m = patient();
      expect(() => m.applyIntervention(specs[k])).not.toThrow();
      m.advance(5);
    }
  });

  it('invalid input throws an Error naming the problem and allowed range', () => {
    const m = patient();
    expect(() => m.applyIntervention({ kind: 'oxygen', fio2: 1.5 })).toThrow(/fio2.*0.21\.\.1/);
    expect(() => m.applyIntervention({ kind: 'drug_bolus', drug: 'naloxone', doseMg: 50 })).toThrow(/naloxone dose.*0.04\.\.10 mg/);
    expect(() => m.applyIntervention({ kind: 'drug_infusion', drug: 'norepinephrine', rateMcgPerKgPerMin: 9 })).toThrow(/0\.\.3/);
    expect(() => m.applyIntervention({ kind: 'drug_bolus', drug: 'amiodarone', doseMg: 300, route: 'im' })).toThrow(/route/);
    expect(() => m.applyIntervention({ kind: 'oxygen', device: 'ventilator', ventilator: { tidalVolumeMl: 500, rrBpm: 14, peepCmH2O: 5, fio2: 0.5 } })).toThrow(/intubat/);
    expect(() => m.applyIntervention({ kind: 'defibrillation', energyJ: 1000 })).toThrow(/1\.\.360 J/);
    expect(() => m.applyIntervention({ kind: 'bogus' } as never)).toThrow(/unknown kind/);
    expect(() => m.startCondition({ kind: 'arrhythmia', params: { rhythm: 'nope' } })).toThrow(/rhythm/);
    expect(() => m.startCondition({ kind: 'sepsis', severity: 2 })).toThrow(/severity.*0\.\.1/);
  });
});
