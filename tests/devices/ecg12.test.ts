/**
 * The 12-lead ECG from the twin's own cardiac model (devices/ecg12.ts): measured on the samples the way
 * a reader measures a printed ECG, against the textbook figures (docs/REFERENCES.md#ecg-12-lead) and the
 * ST-elevation criteria of the fourth universal definition of MI (docs/REFERENCES.md#udmi4).
 */
import { describe, expect, it } from 'vitest';
import type { EcgNoiseSettings } from '../../twin-engine/devices/noise';
import { ECG12_LEADS, Ecg12Capture, renderEcg12, type Ecg12Lead, type Ecg12Recording, type DeviceInput } from '../../twin-engine/devices/index';
import { PatientModel, STANDARD_ADULT, type StemiTerritory } from '../../twin-engine/physiology/index';
import { convertConditionParam } from '../../twin-engine/scenario/condition-params';
import { input, monitor, rPeaks } from './helpers';

const FS = 500;
const STEP = 0.1;

/** Run a monitor on `inp`, record a 12-lead from `startS`, return it and the monitor's HR at its end. */
function record(inp: DeviceInput, opts: { startS?: number; seed?: number; patientSeed?: number; territory?: StemiTerritory; noiseFloor?: boolean; monitorSeed?: number; noise?: EcgNoiseSettings } = {}) {
  const m = monitor({ seed: opts.monitorSeed ?? 1234, ecgNoiseFloor: opts.noiseFloor ?? false });
  const start = opts.startS ?? 30;
  let t = 0;
  const adv = () => {
    m.advance(inp, STEP);
    t = Math.round((t + STEP) * 10) / 10;
  };
  while (t < start) adv();
  const cap = Ecg12Capture.start(t, m.sched, m.ecg.vfOnsetS);
  cap.step(m.sched, t, inp.rhythm, inp.rrBpm);
  while (!cap.complete(t)) {
    adv();
    cap.step(m.sched, t, inp.rhythm, inp.rrBpm);
  }
  const rec = renderEcg12(cap, { seed: opts.seed ?? 7, patientSeed: opts.patientSeed ?? 11, territory: opts.territory ?? 'inferior', noise: opts.noise ?? null, noiseFloor: opts.noiseFloor ?? false });
  return { rec, monitorHr: m.numerics.hrBpm, endS: t };
}

const lead = (rec: Ecg12Recording, l: Ecg12Lead) => Float32Array.from(rec.leadsUv[l], (v) => v / 1000); // mV
/** R peaks of lead II: local maxima above 60 % of its largest deflection (clear of tall T waves). */
const rWaves = (rec: Ecg12Recording) => {
  const x = lead(rec, 'II');
  return rPeaks(x, FS, 0.6 * Math.max(...x));
};

/** Ensemble average of a lead around the R peaks of lead II, from −0.3 s to +0.5 s (mV). */
function averagedBeat(rec: Ecg12Recording, l: Ecg12Lead): { at(dtS: number): number; peaks: number } {
  const peaks = rWaves(rec).filter((k) => k > 0.3 * FS && k < rec.leadsUv.I.length - 0.5 * FS);
  const x = lead(rec, l);
  const pre = Math.round(0.3 * FS);
  const avg = new Float64Array(Math.round(0.8 * FS));
  for (const k of peaks) for (let j = 0; j < avg.length; j++) avg[j] += x[k - pre + j] / peaks.length;
  return { at: (dtS) => avg[pre + Math.round(dtS * FS)], peaks: peaks.length };
}

/** ST deviation (mm at 10 mm/mV) at R + 120 ms (≈ J + 60 ms), against the PR segment (R − 70 ms). */
function stMm(rec: Ecg12Recording, l: Ecg12Lead): number {
  const b = averagedBeat(rec, l);
  return (b.at(0.12) - b.at(-0.07)) * 10;
}

/** Largest positive and negative QRS deflection (mV) within ±60 ms of R, against the PR segment. */
function qrs(rec: Ecg12Recording, l: Ecg12Lead): { r: number; s: number; net: number } {
  const b = averagedBeat(rec, l);
  const base = b.at(-0.07);
  let r = 0;
  let s = 0;
  for (let d = -0.06; d <= 0.06; d += 0.002) {
    const v = b.at(d) - base;
    r = Math.max(r, v);
    s = Math.min(s, v);
  }
  return { r, s, net: r + s };
}

describe('12-lead ECG', () => {
  it('obeys the Einthoven and Goldberger identities exactly on every sample', () => {
    const { rec } = record(input({ stElevationMm: 2 }), { noiseFloor: true });
    const { I, II, III, aVR, aVL, aVF } = rec.leadsUv;
    expect(I.length).toBe(5000);
    for (const l of ECG12_LEADS) expect(rec.leadsUv[l].length).toBe(5000);
    let bad = 0;
    for (let k = 0; k < I.length; k++) {
      if (II[k] !== I[k] + III[k] || aVR[k] !== -(I[k] + II[k]) / 2 || aVL[k] !== I[k] - II[k] / 2 || aVF[k] !== II[k] - I[k] / 2) bad++;
    }
    expect(bad).toBe(0);
  });

  it('inferior STEMI: ST elevation ≥ 1 mm in II, III and aVF with reciprocal depression in aVL (4th UDMI)', () => {
    const { rec } = record(input({ stElevationMm: 2 }), { territory: 'inferior' });
    for (const l of ['II', 'III', 'aVF'] as const) expect(stMm(rec, l), l).toBeGreaterThanOrEqual(1);
    expect(stMm(rec, 'III')).toBeGreaterThan(stMm(rec, 'II')); // right coronary pattern: III > II
    expect(stMm(rec, 'aVL')).toBeLessThanOrEqual(-0.5);
    expect(stMm(rec, 'I')).toBeLessThan(0);
  });

  it('anterior STEMI: ST elevation ≥ 2 mm in V2–V3 and ≥ 1 mm in V1 and V4, not in the inferior leads', () => {
    const { rec } = record(input({ stElevationMm: 3 }), { territory: 'anterior' });
    for (const l of ['V2', 'V3'] as const) expect(stMm(rec, l), l).toBeGreaterThanOrEqual(2);
    for (const l of ['V1', 'V4'] as const) expect(stMm(rec, l), l).toBeGreaterThanOrEqual(1);
    expect(stMm(rec, 'III')).toBeLessThan(1);
  });

  it('no ST elevation: every lead within ±1 mm of the PR segment at J + 60 ms', () => {
    const { rec } = record(input());
    for (const l of ECG12_LEADS) expect(Math.abs(stMm(rec, l)), l).toBeLessThan(1);
  });

  it('normal axis for every patient: QRS net positive in I and II, frontal axis within −30° to +90°', () => {
    for (const patientSeed of [1, 2, 3, 4, 5, 6]) {
      const { rec } = record(input(), { patientSeed });
      const I = qrs(rec, 'I').net;
      const aVF = qrs(rec, 'aVF').net;
      expect(I, `seed ${patientSeed}`).toBeGreaterThan(0);
      expect(qrs(rec, 'II').net, `seed ${patientSeed}`).toBeGreaterThan(0);
      const axis = (Math.atan2(aVF, I) * 180) / Math.PI;
      expect(axis).toBeGreaterThan(-30);
      expect(axis).toBeLessThan(90);
    }
  });

  it('R-wave progression: rS in V1, R growing across the chest, qR with tall R in V5–V6', () => {
    const { rec } = record(input());
    const v = (['V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const).map((l) => qrs(rec, l));
    expect(v[0].r).toBeLessThan(0.3); // small r in V1
    expect(-v[0].s).toBeGreaterThan(3 * v[0].r); // deep S
    expect(v[0].net).toBeLessThan(0);
    expect(v[2].r).toBeGreaterThan(v[0].r);
    expect(v[3].r).toBeGreaterThan(v[2].r);
    expect(v[4].r).toBeGreaterThan(0.8); // tall R in V5
    expect(v[5].net).toBeGreaterThan(0); // R > S in V6
    expect(v[4].r).toBeGreaterThan(-v[4].s * 2);
  });

  it('atrial fibrillation: no P waves before the QRS; sinus rhythm has them in II', () => {
    const pAmp = (rec: Ecg12Recording) => {
      const b = averagedBeat(rec, 'II');
      let m = 0;
      for (let d = -0.22; d <= -0.12; d += 0.004) m = Math.max(m, b.at(d) - b.at(-0.3));
      return m;
    };
    const sinus = record(input({ hrBpm: 75 })).rec;
    const af = record(input({ hrBpm: 75, rhythm: 'atrial_fibrillation' })).rec;
    expect(pAmp(sinus)).toBeGreaterThan(0.15);
    expect(pAmp(af)).toBeLessThan(0.06);
    // irregularly irregular: the RR intervals vary far more than in sinus rhythm
    const rr = (rec: Ecg12Recording) => {
      const p = rWaves(rec);
      const d = p.slice(1).map((k, i) => k - p[i]);
      const m = d.reduce((a, b) => a + b, 0) / d.length;
      return Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / d.length) / m;
    };
    expect(rr(af)).toBeGreaterThan(2 * rr(sinus));
  });

  it('ventricular tachycardia: wide complexes (QRS ≥ 120 ms) where sinus complexes are narrow', () => {
    const width = (rec: Ecg12Recording) => {
      // QRS duration in II: span around R where the deflection exceeds 15 % of the R amplitude
      const b = averagedBeat(rec, 'II');
      const base = b.at(-0.12);
      const r = b.at(0) - base;
      let lo = 0;
      let hi = 0;
      while (lo > -0.15 && Math.abs(b.at(lo - 0.002) - base) > 0.15 * r) lo -= 0.002;
      while (hi < 0.2 && Math.abs(b.at(hi + 0.002) - base) > 0.15 * r) hi += 0.002;
      return (hi - lo) * 1000;
    };
    expect(width(record(input({ hrBpm: 80 })).rec)).toBeLessThan(110);
    expect(width(record(input({ hrBpm: 160, rhythm: 'ventricular_tachycardia' })).rec)).toBeGreaterThanOrEqual(120);
  });

  it('rate from the recorded RR intervals matches the monitor HR within 1/min', () => {
    for (const hr of [60, 95, 140]) {
      const { rec, monitorHr } = record(input({ hrBpm: hr }));
      const p = rWaves(rec).slice(-9); // the monitor averages the last 8 intervals
      const rate = (60 * (p.length - 1)) / ((p[p.length - 1] - p[0]) / FS);
      expect(monitorHr).not.toBeNull();
      expect(Math.abs(rate - (monitorHr as number)), `HR ${hr}`).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic: the same seeds give identical samples, another recording seed other noise', () => {
    const a = record(input({ stElevationMm: 1 }), { noiseFloor: true }).rec;
    const b = record(input({ stElevationMm: 1 }), { noiseFloor: true }).rec;
    const c = record(input({ stElevationMm: 1 }), { noiseFloor: true, seed: 8 }).rec;
    expect(b.leadsUv).toEqual(a.leadsUv);
    expect(c.leadsUv.V1).not.toEqual(a.leadsUv.V1);
  });

  it('a STEMI names its territory; an unknown one is refused with the choices, in the engine and in a scenario file', () => {
    const m = new PatientModel(STANDARD_ADULT, 3);
    expect(() => m.startCondition({ kind: 'stemi', severity: 0.5, params: { territory: 'posterior' } })).toThrow(
      'ConditionSpec: params.territory must be one of inferior, anterior, lateral; got posterior',
    );
    expect(m.startCondition({ kind: 'stemi', severity: 0.5, params: { territory: 'anterior' } })).toBeTruthy();
    expect(convertConditionParam('territory', 'anteror')).toEqual({ ok: false, message: "expected a STEMI territory (inferior, anterior, lateral), found 'anteror'", suggestion: 'anterior' });
    expect(convertConditionParam('territory', 'lateral')).toEqual({ ok: true, value: 'lateral' });
  });

  it('electrode noise follows the bed\'s noise-stress setting (NST SNR 0 dB: RMS noise ≈ 0.44 mV in a limb lead)', () => {
    const clean = record(input()).rec;
    const noisy = record(input(), { noise: { snrDb: 0, types: ['ma', 'em'] } }).rec;
    const rms = (l: Ecg12Lead) => Math.sqrt(clean.leadsUv[l].reduce((a, v, k) => a + ((noisy.leadsUv[l][k] - v) / 1000) ** 2, 0) / 5000);
    // NST: noise RMS = (QRS peak-to-peak 1.25 mV / √8)·10^(−SNR/20) = 0.44 mV at 0 dB, in lead II
    expect(rms('II')).toBeGreaterThan(0.25);
    expect(rms('II')).toBeLessThan(0.7);
    expect(rms('V1')).toBeGreaterThan(0.2);
  });

  it('draws the same beats as the monitor\'s lead II at that moment: R peaks at the same samples', () => {
    for (const rhythm of ['sinus', 'atrial_fibrillation'] as const) {
      const inp = input({ hrBpm: 90, rhythm, pvcProbability: 0.1 });
      const m = monitor({ ecgNoiseFloor: false, enabledChannels: ['ecg_ii'] });
      let t = 0;
      while (t < 30) {
        m.advance(inp, STEP);
        t = Math.round((t + STEP) * 10) / 10;
      }
      const cap = Ecg12Capture.start(t, m.sched, -1);
      cap.step(m.sched, t, rhythm, inp.rrBpm);
      while (!cap.complete(t)) {
        m.advance(inp, STEP);
        t = Math.round((t + STEP) * 10) / 10;
        cap.step(m.sched, t, rhythm, inp.rrBpm);
      }
      const mon = m.rings.ecg_ii!.drain().subarray(30 * FS, 40 * FS); // the ring holds every sample since t = 0
      const rec = renderEcg12(cap, { seed: 7, patientSeed: 11, territory: 'inferior', noise: null, noiseFloor: false });
      const ours = rWaves(rec);
      const theirs = rPeaks(mon, FS, 0.6 * Math.max(...mon));
      expect(ours.length, rhythm).toBeGreaterThan(10);
      expect(ours.length, rhythm).toBe(theirs.length);
      for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - theirs[i]), `${rhythm} beat ${i}`).toBeLessThanOrEqual(2);
    }
  });
});
