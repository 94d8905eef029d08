/**
 * Each library scenario, played on the real PatientModel, follows its intended course. Windows are the
 * scenarios' own (their duration or the stated deadline). Thresholds cite docs/REFERENCES.md.
 */
import { describe, expect, it } from 'vitest';
import { firstSustained, playScenario, septicShock, summary, type Course } from './regression-harness';

const MIN = 60;
const onsetOf = (c: Course, id: string) => c.events.find((e) => e.kind === 'condition' && (e.data as { id?: string }).id === id)?.timeS ?? NaN;
const hadEpisode = (c: Course, label: string) => c.episodes.some((e) => e.label === label);
const statesEntered = (c: Course) => c.events.filter((e) => e.kind === 'state_entered').map((e) => (e.data as { state: string }).state);

describe('sepsis-urosepsis', () => {
  it('untreated: meets septic-shock criteria (MAP < 65 with lactate > 2) within the 3 h scenario', async () => {
    const c = await playScenario('sepsis-urosepsis.yaml');
    expect(firstSustained(c, septicShock, 5 * MIN), summary(c)).not.toBeNull();
    expect(c.score.find((s) => s.action === 'antibiotics')?.status).toBe('missed');
  });

  // Hour-1 bundle: docs/REFERENCES.md#ssc-hour-1-bundle
  it('treated per the hour-1 bundle 30 min after the sepsis episode starts: never meets septic-shock criteria', async () => {
    let bundleGiven = false;
    let sepsisAt = -1;
    const c = await playScenario('sepsis-urosepsis.yaml', {
      learner: (t, s, io) => {
        if (sepsisAt < 0 && io.episodeActive('sepsis')) sepsisAt = t;
        if (!bundleGiven && sepsisAt >= 0 && t >= sepsisAt + 30 * MIN) {
          bundleGiven = true;
          io.act('lactate_sample');
          io.act('blood_cultures');
          io.give({ kind: 'drug_bolus', drug: 'antibiotics', doseMg: 2000, route: 'iv' });
          io.give({ kind: 'fluid_bolus', fluid: 'crystalloid', volumeMl: 30 * 80, rateMlPerH: 30 * 80 * 2 });
        }
      },
    });
    expect(bundleGiven, summary(c)).toBe(true);
    expect(firstSustained(c, septicShock, 5 * MIN), summary(c)).toBeNull();
    const ab = c.score.find((s) => s.action === 'antibiotics')!;
    expect(ab.status).toBe('met');
  });
});

describe('hemorrhage-postop', () => {
  it('untreated: heart rate rises before blood pressure falls, then a hypotension episode', async () => {
    const c = await playScenario('hemorrhage-postop.yaml');
    const tachy = firstSustained(c, (s) => s.hrBpm > 100, MIN);
    const hypo = firstSustained(c, (s) => s.mapMmHg < 65, MIN);
    expect(tachy, summary(c)).not.toBeNull();
    expect(hypo, summary(c)).not.toBeNull();
    expect(tachy!).toBeLessThan(hypo!);
    expect(hadEpisode(c, 'hypotension'), summary(c)).toBe(true);
  });
});

describe('opioid-overdose', () => {
  it('untreated: respiratory rate falls below 8/min within 15 min of onset', async () => {
    const c = await playScenario('opioid-overdose.yaml');
    const onset = onsetOf(c, 'opioid');
    const brady = firstSustained(c, (s) => s.rrBpm < 8, 30);
    expect(brady, summary(c)).not.toBeNull();
    expect(brady! - onset).toBeLessThanOrEqual(15 * MIN);
  });

  it('naloxone restores breathing (RR ≥ 10/min within 5 min)', async () => {
    let given = -1;
    const c = await playScenario('opioid-overdose.yaml', {
      learner: (t, s, io) => {
        if (given < 0 && s.rrBpm < 8) {
          given = t;
          io.give({ kind: 'drug_bolus', drug: 'naloxone', doseMg: 0.4, route: 'iv' });
        }
      },
    });
    expect(given, summary(c)).toBeGreaterThan(0);
    const after = c.samples.filter((s) => s.t > given && s.t <= given + 5 * MIN);
    expect(Math.max(...after.map((s) => s.rrBpm)), summary(c)).toBeGreaterThanOrEqual(10);
  });
});

describe('af-rvr', () => {
  it('goes into atrial fibrillation with a ventricular rate above 120/min', async () => {
    const c = await playScenario('af-rvr.yaml');
    const af = firstSustained(c, (s) => s.rhythm === 'atrial_fibrillation' && s.hrBpm > 120, MIN);
    expect(af, summary(c)).not.toBeNull();
    expect(hadEpisode(c, 'atrial_fibrillation')).toBe(true);
  });
});

describe('stemi-inferior', () => {
  it('ST elevation > 1 mm within 15 min of onset; untreated it branches to pump failure with MAP < 65', async () => {
    const c = await playScenario('stemi-inferior.yaml');
    const st = firstSustained(c, (s) => s.stElevationMm > 1, 0);
    expect(st, summary(c)).not.toBeNull();
    expect(st! - onsetOf(c, 'mi')).toBeLessThanOrEqual(15 * MIN);
    expect(statesEntered(c)).toEqual(['ischemia', 'pump_failure']);
    expect(firstSustained(c, (s) => s.mapMmHg < 65, 2 * MIN), summary(c)).not.toBeNull();
  });

  it('cath lab at 20 min: reperfused branch, no sustained hypotension', async () => {
    const c = await playScenario('stemi-inferior.yaml', {
      learner: (t, _s, io) => {
        if (t === 12 * MIN) io.act('ecg_12_lead');
        if (t === 20 * MIN) io.act('cath_lab_activation');
      },
    });
    expect(statesEntered(c)).toEqual(['ischemia', 'reperfused']);
    expect(firstSustained(c, (s) => s.mapMmHg < 65, 2 * MIN), summary(c)).toBeNull();
  });
});

describe('cardiogenic-shock', () => {
  it('untreated: hypotension with hyperlactatemia and a raised CVP (> 8 mmHg) within 2 h', async () => {
    const c = await playScenario('cardiogenic-shock.yaml');
    expect(firstSustained(c, (s) => s.mapMmHg < 65 && s.lactateMmolL > 2, 2 * MIN), summary(c)).not.toBeNull();
    expect(Math.max(...c.samples.map((s) => s.cvpMmHg)), summary(c)).toBeGreaterThan(8);
  });
});

describe('pe-massive', () => {
  it('hypoxemia (SaO2 < 90 %) with tachycardia (> 100/min) within 15 min of onset', async () => {
    const c = await playScenario('pe-massive.yaml');
    const t = firstSustained(c, (s) => s.sao2Pct < 90 && s.hrBpm > 100, 30);
    expect(t, summary(c)).not.toBeNull();
    expect(t! - onsetOf(c, 'pe')).toBeLessThanOrEqual(15 * MIN);
  });
});

describe('tension-pneumothorax', () => {
  it('untreated: hypotension, then the arrest branch (PEA) within the hour', async () => {
    const c = await playScenario('tension-pneumothorax.yaml');
    expect(statesEntered(c), summary(c)).toEqual(['tension', 'arrest']);
    expect(firstSustained(c, (s) => s.rhythm === 'pea', 10), summary(c)).not.toBeNull();
  });

  it('needle decompression at 12 min: no arrest, MAP back above 65 within 10 min', async () => {
    const c = await playScenario('tension-pneumothorax.yaml', {
      learner: (t, _s, io) => {
        if (t === 12 * MIN) io.give({ kind: 'needle_decompression' });
      },
    });
    expect(statesEntered(c)).toEqual(['tension', 'decompressed']);
    const later = c.samples.filter((s) => s.t >= 22 * MIN);
    expect(Math.min(...later.map((s) => s.mapMmHg)), summary(c)).toBeGreaterThanOrEqual(65);
  });
});

describe('asthma-severe', () => {
  it('untreated: tachypnea > 25/min and SaO2 < 94 % within the hour', async () => {
    const c = await playScenario('asthma-severe.yaml');
    expect(firstSustained(c, (s) => s.rrBpm > 25, MIN), summary(c)).not.toBeNull();
    expect(firstSustained(c, (s) => s.sao2Pct < 94, MIN), summary(c)).not.toBeNull();
  });
});

describe('copd-exacerbation', () => {
  it('untreated: hypercapnic respiratory failure (PaCO2 > 50 mmHg, pH < 7.35) within 2 h', async () => {
    const c = await playScenario('copd-exacerbation.yaml');
    expect(firstSustained(c, (s) => s.paco2MmHg > 50 && s.ph < 7.35, MIN), summary(c)).not.toBeNull();
  });
});

describe('pneumonia-ards', () => {
  it('untreated: SaO2 < 88 % for 10 min fires the ARDS trigger within 4 h', async () => {
    const c = await playScenario('pneumonia-ards.yaml');
    const fired = c.events.find((e) => e.kind === 'trigger' && (e.data as { trigger: string }).trigger === 'ards');
    expect(fired, summary(c)).toBeDefined();
  });
});

describe('anaphylaxis', () => {
  it('untreated: MAP < 65 within 15 min of onset', async () => {
    const c = await playScenario('anaphylaxis.yaml');
    const t = firstSustained(c, (s) => s.mapMmHg < 65, 30);
    expect(t, summary(c)).not.toBeNull();
    expect(t! - onsetOf(c, 'anaphylaxis')).toBeLessThanOrEqual(15 * MIN);
  });

  it('IM epinephrine 0.5 mg at 8 min: MAP ≥ 65 again within 10 min', async () => {
    const c = await playScenario('anaphylaxis.yaml', {
      learner: (t, _s, io) => {
        if (t === 8 * MIN) io.give({ kind: 'drug_bolus', drug: 'epinephrine', doseMg: 0.5, route: 'im' });
      },
    });
    const after = c.samples.filter((s) => s.t >= 18 * MIN && s.t <= 25 * MIN);
    expect(Math.min(...after.map((s) => s.mapMmHg)), summary(c)).toBeGreaterThanOrEqual(65);
  });
});

describe('hypoglycemia', () => {
  it('untreated: glucose < 54 mg/dL with reduced GCS within the hour', async () => {
    const c = await playScenario('hypoglycemia.yaml');
    expect(firstSustained(c, (s) => s.glucoseMgDl < 54, MIN), summary(c)).not.toBeNull();
    expect(firstSustained(c, (s) => s.gcs < 15, MIN), summary(c)).not.toBeNull();
  });

  it('IV dextrose (25 g) when glucose < 54: back above 70 mg/dL within 10 min', async () => {
    let given = -1;
    const c = await playScenario('hypoglycemia.yaml', {
      learner: (t, s, io) => {
        if (given < 0 && s.glucoseMgDl < 54) {
          given = t;
          io.give({ kind: 'drug_bolus', drug: 'dextrose', doseMg: 25000, route: 'iv' });
        }
      },
    });
    expect(given, summary(c)).toBeGreaterThan(0);
    const after = c.samples.filter((s) => s.t > given && s.t <= given + 10 * MIN);
    expect(Math.max(...after.map((s) => s.glucoseMgDl)), summary(c)).toBeGreaterThan(70);
  });
});

describe('dka', () => {
  it('untreated: glucose > 250 mg/dL with pH < 7.3 within 4 h', async () => {
    const c = await playScenario('dka.yaml');
    expect(firstSustained(c, (s) => s.glucoseMgDl > 250 && s.ph < 7.3, MIN), summary(c)).not.toBeNull();
  });
});

describe('vf-arrest', () => {
  it('VF with no effective circulation (MAP < 30) within 1 min of onset, and a cardiac-arrest episode', async () => {
    const c = await playScenario('vf-arrest.yaml');
    const t = firstSustained(c, (s) => s.rhythm === 'ventricular_fibrillation' && s.mapMmHg < 30, 5);
    expect(t, summary(c)).not.toBeNull();
    expect(t! - onsetOf(c, 'vf')).toBeLessThanOrEqual(MIN);
    expect(hadEpisode(c, 'cardiac_arrest')).toBe(true);
  });
});

describe('fever-benign', () => {
  it('fever > 38 °C within the first hour, without hypotension, tachypnea ≥ 22 or septic shock', async () => {
    const c = await playScenario('fever-benign.yaml');
    expect(firstSustained(c, (s) => s.coreTempC > 38, MIN), summary(c)).not.toBeNull();
    expect(firstSustained(c, (s) => s.coreTempC > 38, MIN)!).toBeLessThanOrEqual(60 * MIN);
    expect(Math.min(...c.samples.map((s) => s.mapMmHg)), summary(c)).toBeGreaterThanOrEqual(65);
    expect(firstSustained(c, (s) => s.rrBpm >= 22, 5 * MIN), summary(c)).toBeNull();
    expect(hadEpisode(c, 'septic_shock')).toBe(false);
  });
});

describe('hypothermia', () => {
  it('core temperature below 35 °C within 2 h, with a slower heart rate than at the start', async () => {
    const c = await playScenario('hypothermia.yaml');
    expect(firstSustained(c, (s) => s.coreTempC < 35, MIN), summary(c)).not.toBeNull();
    expect(c.samples[c.samples.length - 1].hrBpm).toBeLessThan(c.samples[0].hrBpm);
  });
});

describe('sepsis-pneumonia-branching', () => {
  it('untreated: branches to worsening at 60 min and meets septic-shock criteria within 4 h', async () => {
    const c = await playScenario('sepsis-pneumonia-branching.yaml');
    expect(statesEntered(c)).toEqual(['early', 'worsening']);
    expect(firstSustained(c, septicShock, 5 * MIN), summary(c)).not.toBeNull();
  });

  it('antibiotics at 40 min: branches to treated and never meets septic-shock criteria', async () => {
    const c = await playScenario('sepsis-pneumonia-branching.yaml', {
      learner: (t, _s, io) => {
        if (t === 40 * MIN) io.give({ kind: 'drug_bolus', drug: 'antibiotics', doseMg: 2000, route: 'iv' });
      },
    });
    expect(statesEntered(c)).toEqual(['early', 'treated']);
    expect(firstSustained(c, septicShock, 5 * MIN), summary(c)).toBeNull();
  });
});
