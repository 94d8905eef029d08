/**
 * Stacked conditions (issue 17): the same condition started several times is one worse disease, and
 * the model's own dynamics keep the state physical — the engine's last-resort clamp
 * (physiology/bounds.ts) is never needed (boundsClamps() stays empty). Each case failed before:
 * four anaphylaxes gave negative arterial pressure and a blood volume jumping 654 ↔ 10,058 mL,
 * stacked fevers 45 °C, stacked hypothermia 20 °C, three emboli a monitor RR of 1,437, high bleed
 * rates small negative pressures, three tension pneumothoraces 48 mmHg of pleural pressure.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PatientModel, STANDARD_ADULT, type ConditionSpec, type TrueState } from '../../twin-engine/physiology/index';
import { runHeadless } from '../../twin-engine/cli/run';

interface Trace {
  min: Record<string, number>;
  max: Record<string, number>;
  /** Largest change of blood volume between two consecutive seconds (mL). */
  maxBvStepMl: number;
  last: TrueState;
  clamps: Record<string, number>;
}

const KEYS = ['mapMmHg', 'sbpMmHg', 'dbpMmHg', 'cvpMmHg', 'paSysMmHg', 'paDiaMmHg', 'pcwpMmHg', 'coreTempC', 'rrBpm', 'bloodVolumeMl', 'hbGDl'] as const;

function run(conds: ConditionSpec[], seconds: number): Trace {
  const m = new PatientModel(STANDARD_ADULT, 1);
  for (const c of conds) m.startCondition(c);
  const min: Record<string, number> = {};
  const max: Record<string, number> = {};
  for (const k of KEYS) [min[k], max[k]] = [Infinity, -Infinity];
  let bv = m.state.bloodVolumeMl;
  let maxBvStepMl = 0;
  for (let t = 0; t < seconds; t++) {
    m.advance(1);
    for (const k of KEYS) {
      min[k] = Math.min(min[k], m.state[k]);
      max[k] = Math.max(max[k], m.state[k]);
    }
    maxBvStepMl = Math.max(maxBvStepMl, Math.abs(m.state.bloodVolumeMl - bv));
    bv = m.state.bloodVolumeMl;
  }
  return { min, max, maxBvStepMl, last: { ...m.state }, clamps: m.boundsClamps() };
}

const times = (n: number, c: ConditionSpec) => Array.from({ length: n }, () => c);

describe('stacked conditions compose into one disease and stay physical by themselves', () => {
  it('four anaphylaxes: no more than the most severe one, positive pressures, smooth blood volume', () => {
    const one = run([{ kind: 'anaphylaxis', severity: 1 }], 2 * 3600);
    const four = run(times(4, { kind: 'anaphylaxis', severity: 1 }), 2 * 3600);
    expect(four.clamps).toEqual({});
    expect(four.min.mapMmHg).toBeGreaterThan(15);
    expect(four.min.dbpMmHg).toBeGreaterThanOrEqual(0);
    expect(four.max.hbGDl).toBeLessThan(20);
    expect(four.min.bloodVolumeMl).toBeGreaterThan(0.8 * one.min.bloodVolumeMl);
    expect(four.maxBvStepMl).toBeLessThan(10);
    // Once every exposure has reached its peak, four are the one saturated mediator level.
    expect(Math.abs(four.last.mapMmHg - one.last.mapMmHg)).toBeLessThan(1);
  });

  it('three fevers: one hypothalamic set point, below 42 °C', () => {
    const one = run([{ kind: 'fever', severity: 1 }], 3 * 3600);
    const three = run(times(3, { kind: 'fever', severity: 1 }), 3 * 3600);
    expect(three.clamps).toEqual({});
    expect(three.max.coreTempC).toBeLessThan(42);
    expect(three.max.coreTempC).toBeCloseTo(one.max.coreTempC, 1);
  });

  it('three hypothermias: no colder than one at severity 1 (target 25 °C)', () => {
    const one = run([{ kind: 'hypothermia', severity: 1 }], 3 * 3600);
    const three = run(times(3, { kind: 'hypothermia', severity: 1 }), 3 * 3600);
    expect(three.clamps).toEqual({});
    expect(three.min.coreTempC).toBeGreaterThanOrEqual(25);
    expect(three.min.coreTempC).toBeCloseTo(one.min.coreTempC, 1);
  });

  it('three massive haemorrhages (5 L/min each): bleeding stops at the closing pressure, no negative pressure, no clamp', () => {
    const three = run(times(3, { kind: 'hemorrhage', severity: 1, params: { rateMlPerMin: 5000 } }), 3600);
    expect(three.clamps).toEqual({});
    for (const k of ['mapMmHg', 'sbpMmHg', 'dbpMmHg', 'paSysMmHg', 'paDiaMmHg'] as const) expect(three.min[k], k).toBeGreaterThanOrEqual(0);
    // Atrial pressures may fall below atmospheric in profound hypovolaemia (diastolic suction of an
    // empty ventricle; the great veins collapse, cardiovascular.ts floors CVP at −10 mmHg).
    expect(three.min.pcwpMmHg).toBeGreaterThan(-3);
    expect(three.min.cvpMmHg).toBeGreaterThanOrEqual(-10);
    // Exsanguination stops with ≈ 35–40 % of the blood left in the vessels (ATLS class IV is > 40 % lost),
    // not at a few hundred mL; Hb falls only by refill from the interstitium.
    expect(three.min.bloodVolumeMl).toBeGreaterThan(0.5 * 5389);
    expect(three.min.hbGDl).toBeGreaterThan(9);
    // At most the three wounds' 15 L/min (250 mL/s) plus refill between two seconds: no jumps.
    expect(three.maxBvStepMl).toBeLessThan(260);
  });

  it('three tension pneumothoraces: one pleural pressure, as severe as one at severity 1', () => {
    const one = run([{ kind: 'tension_pneumothorax', severity: 1 }], 1800);
    const three = run(times(3, { kind: 'tension_pneumothorax', severity: 1 }), 1800);
    expect(three.clamps).toEqual({});
    expect(Math.abs(three.last.mapMmHg - one.last.mapMmHg)).toBeLessThan(1);
    expect(three.min.mapMmHg).toBeGreaterThan(40);
  });

  it('three pulmonary emboli: the monitor reads the model’s breathing (RR ≤ 60, with waveforms), through `run`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-stacked-'));
    const file = join(dir, 'pe3.yaml');
    writeFileSync(
      file,
      `id: pe3\ntitle: Three emboli\nlevel: advanced\nauthor: tests\nduration: 10 min\nobjectives: [Stack.]\nconditions:\n${['a', 'b', 'c']
        .map((id) => `  - { id: ${id}, kind: pulmonary_embolism, severity: 1 }`)
        .join('\n')}\n`,
    );
    const r = await runHeadless(file, { durationS: 600, seed: 1 });
    const rows = r.csv.split('\n').filter((l) => /^\d/.test(l)).map((l) => l.split(','));
    const head = r.csv.split('\n').find((l) => l.startsWith('t_s'))!.split(',');
    const [rr, trueRr] = [head.indexOf('rr_bpm'), head.indexOf('true_rr_bpm')];
    const late = rows.filter((x) => Number(x[0]) >= 300);
    expect(late.length).toBeGreaterThan(100);
    for (const x of late) {
      expect(Number(x[trueRr])).toBeLessThanOrEqual(60);
      // The monitor counts scheduled breaths: within a few breaths of the model's rate.
      expect(Math.abs(Number(x[rr]) - Number(x[trueRr])), x.join(',')).toBeLessThan(8);
    }
  }, 60_000);
});
