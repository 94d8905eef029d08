/**
 * Confounders (physiology/types.ts Confounders) against their published figures (docs/REFERENCES.md
 * § Confounders). Each compares a patient with the trait to the same patient (profile and seed) without
 * it, under the same stimulus, so the difference is the trait's alone.
 */
import { describe, expect, it } from 'vitest';
import { PatientModel, type Confounders, type PatientProfile } from '../../twin-engine/physiology/index';

const AGE = 66;
const base: PatientProfile = { ageY: AGE, sex: 'male', heightCm: 175, weightKg: 78, skinToneMonk: 3, comorbidities: [] };
const model = (c: Confounders | undefined, seed = 1, p: PatientProfile = base) => new PatientModel({ ...p, ...(c ? { confounders: c } : {}) }, seed);

/** Heart rate and core temperature each minute of an untreated sepsis (severity 0.9) over `h` hours. */
function septicCourse(c: Confounders | undefined, h: number, seed = 1): { hr0: number; hr: number[]; temp: number[] } {
  const m = model(c, seed);
  const hr0 = m.state.hrBpm;
  m.startCondition({ kind: 'sepsis', severity: 0.9 });
  const hr: number[] = [];
  const temp: number[] = [];
  for (let t = 0; t < h * 60; t++) {
    m.advance(60);
    hr.push(m.state.hrBpm);
    temp.push(m.state.coreTempC);
  }
  return { hr0, hr, temp };
}

describe('chronic β-blocker (kotecha-2017, brawner-2004, tanaka-2001)', () => {
  it('rests 12/min lower than the same patient without it (Kotecha 2017: −12/min in sinus rhythm)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const d = model(undefined, seed).state.hrBpm - model({ betaBlocker: true }, seed).state.hrBpm;
      // The ±5 % individual variation scales both rates alike: 12 × (0.9…1.1), plus settling.
      expect(d, `seed ${seed}`).toBeGreaterThan(10.5);
      expect(d, `seed ${seed}`).toBeLessThan(13.5);
    }
  });

  it('mounts the reserve ratio of the typical reflex tachycardia to the same infection (±15 %)', () => {
    // Hand-computed at 66 y: blocked reserve (164 − 0.7·66) − (72 − 12) = 57.8; typical (208 − 0.7·66) − 72 = 89.8.
    const expected = 57.8 / 89.8; // 0.644
    const typical = septicCourse(undefined, 1);
    const blocked = septicCourse({ betaBlocker: true }, 1);
    const rise = (c: { hr0: number; hr: number[] }) => c.hr[c.hr.length - 1] - c.hr0;
    expect(rise(typical)).toBeGreaterThan(25); // the stimulus does raise the typical rate
    const ratio = rise(blocked) / rise(typical);
    expect(ratio).toBeGreaterThan(expected * 0.85);
    expect(ratio).toBeLessThan(expected * 1.15);
  });

  it('never exceeds the β-blocked peak rate 164 − 0.7 × age in untreated septic shock', () => {
    const blocked = septicCourse({ betaBlocker: true }, 3);
    expect(Math.max(...blocked.hr)).toBeLessThanOrEqual(164 - 0.7 * AGE + 1e-9);
    // Without the drug the same course goes well past it.
    expect(Math.max(...septicCourse(undefined, 3).hr)).toBeGreaterThan(164 - 0.7 * AGE + 10);
  }, 60_000);
});

describe('afebrile response (henriksen-2016)', () => {
  it('stays normothermic (36.0–38.0 °C) through 3 h of sepsis that makes the typical patient febrile (> 38.0 °C)', () => {
    const typical = septicCourse(undefined, 3);
    const afebrile = septicCourse({ afebrileResponse: true }, 3);
    expect(Math.max(...typical.temp)).toBeGreaterThan(38.0);
    expect(Math.max(...afebrile.temp)).toBeLessThanOrEqual(38.0);
    expect(Math.min(...afebrile.temp)).toBeGreaterThanOrEqual(36.0);
  }, 60_000);

  it('changes nothing without an infection', () => {
    const a = model(undefined, 5);
    const b = model({ afebrileResponse: true }, 5);
    a.advance(600);
    b.advance(600);
    expect(b.state.coreTempC).toBe(a.state.coreTempC);
    expect(b.state.hrBpm).toBe(a.state.hrBpm);
  });
});

describe('non-bacterial fever (fever-medical-inpatients-1988)', () => {
  it('is at 38.3 °C (±0.3 for the ±0.3 °C individual set point) from the first minute and stays there, with no infection and no episode but fever', () => {
    const m = model({ nonBacterialFever: true }, 3);
    const plain = model(undefined, 3);
    expect(m.state.coreTempC - plain.state.coreTempC).toBeCloseTo(1.3, 1);
    expect(Math.abs(m.state.coreTempC - 38.3)).toBeLessThanOrEqual(0.3);
    m.advance(3600);
    expect(Math.abs(m.state.coreTempC - 38.3)).toBeLessThanOrEqual(0.3);
    expect(m.state.infectionLoad).toBe(0);
  });

  it('raises the heart rate as the model’s fever does (Karjalainen 8.5/min per °C, less what the baroreflex takes back)', () => {
    const d = model({ nonBacterialFever: true }, 3).state.hrBpm - model(undefined, 3).state.hrBpm;
    expect(d).toBeGreaterThan(0.5 * 8.5 * 1.3);
    expect(d).toBeLessThanOrEqual(8.5 * 1.3 + 0.5);
  });
});

describe('permanent rate-controlled AF (groenveld-2013)', () => {
  it('is in AF from the start at its resting ventricular rate, and stays there without a stimulus', () => {
    for (const rate of [85, 93, 101]) {
      const m = model({ chronicAfRateBpm: rate }, 2);
      expect(m.state.rhythm).toBe('atrial_fibrillation');
      expect(Math.abs(m.state.hrBpm - rate), `rate ${rate}`).toBeLessThanOrEqual(2);
      m.advance(1800);
      expect(m.state.rhythm).toBe('atrial_fibrillation');
      expect(Math.abs(m.state.hrBpm - rate), `rate ${rate} after 30 min`).toBeLessThanOrEqual(2);
    }
  });

  it('records a truth AF episode from the start (it is AF, whatever a score makes of it)', () => {
    const m = model({ chronicAfRateBpm: 93 }, 2);
    m.advance(60);
    const af = m.episodes().filter((e) => e.label === 'atrial_fibrillation');
    expect(af).toHaveLength(1);
    expect(af[0].onsetS).toBeLessThanOrEqual(1); // the first slow (1-s) step
    expect(af[0].offsetS).toBeNull();
  });

  it('refuses a rate outside 40–109/min (the lenient target is < 110)', () => {
    expect(() => model({ chronicAfRateBpm: 120 })).toThrow(/chronicAfRateBpm must be 40\.\.109/);
  });
});

describe('treated hypertension (sprint-2015)', () => {
  it('rests at the SPRINT standard-arm systolic of 136 mmHg (±3 % individual variation) at any age', () => {
    for (const ageY of [45, 66, 85]) {
      const m = model({ treatedHypertension: true }, 1, { ...base, ageY });
      expect(Math.abs(m.state.sbpMmHg - 136.2), `${ageY} y`).toBeLessThanOrEqual(136.2 * 0.03 * 2 + 2);
    }
  });

  it('keeps the same septic fall above the qSOFA systolic threshold (≤ 100) longer than a normotensive patient', () => {
    const crossing = (c: Confounders | undefined) => {
      const m = model(c, 1);
      m.startCondition({ kind: 'sepsis', severity: 0.9 });
      for (let t = 1; t <= 240; t++) {
        m.advance(60);
        if (m.state.sbpMmHg <= 100) return t;
      }
      return Infinity;
    };
    expect(crossing({ treatedHypertension: true })).toBeGreaterThan(crossing(undefined) + 30);
  }, 60_000);
});

describe('contained bacterial infection (fever-medical-inpatients-1988)', () => {
  it('runs at the bacterial-fever mean of 38.9 °C (±0.3 individual set point) for 4 h with no systemic infection, no sepsis and no shock', () => {
    const m = model({ containedInfection: true }, 3);
    const plain = model(undefined, 3);
    expect(m.state.coreTempC - plain.state.coreTempC).toBeCloseTo(1.9, 1);
    const map0 = m.state.mapMmHg;
    const lac0 = m.state.lactateMmolL;
    for (let t = 0; t < 4 * 60; t++) {
      m.advance(60);
      expect(Math.abs(m.state.coreTempC - 38.9)).toBeLessThanOrEqual(0.3);
    }
    expect(m.state.infectionLoad).toBe(0);
    // Sepsis-3 needs the organ dysfunction a contained infection does not cause: pressure and lactate hold.
    expect(Math.abs(m.state.mapMmHg - map0)).toBeLessThan(5);
    expect(m.state.lactateMmolL).toBeLessThanOrEqual(lac0 + 0.2);
    expect(m.episodes().map((e) => e.label)).toEqual(['fever']);
  }, 60_000);

  it('raises heart and breathing rates as the model’s fever does (Karjalainen 8.5/min per °C less the baroreflex; thermal tachypnoea ≈ 10 %/°C)', () => {
    const m = model({ containedInfection: true }, 3).state;
    const p = model(undefined, 3).state;
    expect(m.hrBpm - p.hrBpm).toBeGreaterThan(0.5 * 8.5 * 1.9);
    expect(m.hrBpm - p.hrBpm).toBeLessThanOrEqual(8.5 * 1.9 + 0.5);
    // Thermal tachypnoea alone is ×1.19 at +1.9 °C; the febrile metabolism (Q10) adds ventilation on top.
    expect(m.rrBpm / p.rrBpm).toBeGreaterThan(1.19);
  });
});

describe('one set point for every fever', () => {
  it('a contained infection that becomes sepsis runs no hotter than the hotter of the two alone (fevers do not add up)', () => {
    const peak = (c: Confounders | undefined) => Math.max(...septicCourse(c, 3).temp);
    const both = peak({ containedInfection: true });
    expect(both).toBeLessThanOrEqual(Math.max(peak(undefined), 38.9) + 0.3);
    expect(both).toBeGreaterThanOrEqual(38.9 - 0.3);
  }, 60_000);
});

describe('heart failure resting systolic (huang-2022)', () => {
  const hf: PatientProfile = { ...base, comorbidities: ['heart_failure'] };
  it('rests at the drawn systolic (±3 % individual variation), low ones at or below qSOFA’s 100 mmHg without any sepsis', () => {
    for (const sbp of [96, 123, 150]) {
      for (const seed of [1, 2, 3]) {
        const m = model({ heartFailureSbpMmHg: sbp }, seed, hf);
        expect(Math.abs(m.state.sbpMmHg - sbp), `${sbp} mmHg seed ${seed}`).toBeLessThanOrEqual(sbp * 0.03 * 2 + 2);
      }
    }
    const m = model({ heartFailureSbpMmHg: 96 }, 1, hf);
    m.advance(3600);
    expect(m.state.sbpMmHg).toBeLessThanOrEqual(100);
    expect(m.episodes()).toEqual([]);
  });

  it('refuses a systolic without heart failure, or outside 80–180 mmHg, naming it', () => {
    expect(() => model({ heartFailureSbpMmHg: 100 })).toThrow(/heartFailureSbpMmHg needs the heart_failure comorbidity/);
    expect(() => model({ heartFailureSbpMmHg: 60 }, 1, hf)).toThrow(/heartFailureSbpMmHg must be 80\.\.180 mmHg/);
  });
});

describe('profile validation', () => {
  it('refuses an unknown confounder and a non-boolean value, naming them', () => {
    expect(() => model({ betaBlokker: true } as unknown as Confounders)).toThrow(/unknown confounder 'betaBlokker'/);
    expect(() => model({ betaBlocker: 1 } as unknown as Confounders)).toThrow(/confounders\.betaBlocker must be true or false/);
  });

  it('a patient without confounders is the patient it was before they existed (same state, bit for bit)', () => {
    const a = model(undefined, 9);
    const b = model({}, 9);
    a.advance(120);
    b.advance(120);
    expect(b.state).toEqual(a.state);
  });
});
