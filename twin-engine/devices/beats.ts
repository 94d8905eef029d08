/**
 * Beat scheduler: turns (rhythm, rate) into timed atrial and ventricular events, planned ~1 s ahead so
 * that the ECG can draw the P wave before its QRS and the pulse channels know when the next beat comes.
 *
 * Two event streams in fixed-size rings (no allocation per beat):
 *  - AtrialRing: P waves (conducted or not) and pacemaker spikes;
 *  - BeatRing: ventricular complexes with their morphology inputs and mechanical result (pulse or none).
 * Consumers (ECG renderer, arterial and pleth generators, numerics) read the rings by sequence number.
 */
import { Prng } from '../util/prng';
import type { DeviceInput } from './types';
import { RrProcess } from './hrv';
import { clamp } from './tables';
import { dexp, dpow } from '../util/detmath';

export const BEAT_NORMAL = 0;
export const BEAT_PVC = 1;
export const BEAT_PACED = 2;
export const BEAT_VT = 3;
/** Premature atrial complex: premature ectopic P, normal QRS, sinus node reset (WFDB label A). */
export const BEAT_PAC = 4;

export const ATRIAL_P = 0;
export const ATRIAL_SPIKE = 1;

const RING = 32;
const RING_MASK = RING - 1;

export class BeatRing {
  count = 0; // total beats written (sequence number of the next one)
  tRS = new Float64Array(RING);
  rrPrevS = new Float64Array(RING);
  nextRS = new Float64Array(RING);
  kind = new Int8Array(RING);
  qrsMs = new Float64Array(RING);
  stMm = new Float64Array(RING);
  kMmolL = new Float64Array(RING);
  /** Relative stroke (0 = no pulse: PEA, non-perfused beat). */
  pulseRel = new Float64Array(RING);
  sbp = new Float64Array(RING);
  dbp = new Float64Array(RING);
  map = new Float64Array(RING);

  push(tR: number, rrPrev: number, nextR: number, kind: number, inp: DeviceInput, pulseRel: number): void {
    const i = this.count & RING_MASK;
    this.tRS[i] = tR;
    this.rrPrevS[i] = rrPrev;
    this.nextRS[i] = nextR;
    this.kind[i] = kind;
    this.qrsMs[i] = inp.qrsWidthMs;
    this.stMm[i] = inp.stElevationMm;
    this.kMmolL[i] = inp.potassiumMmolL;
    this.pulseRel[i] = pulseRel;
    this.sbp[i] = inp.sbpMmHg;
    this.dbp[i] = inp.dbpMmHg;
    this.map[i] = inp.mapMmHg;
    this.count++;
  }

  /** Oldest sequence number still held. */
  oldest(): number {
    return this.count > RING ? this.count - RING : 0;
  }

  slot(seq: number): number {
    return seq & RING_MASK;
  }
}

export class AtrialRing {
  count = 0;
  tS = new Float64Array(RING);
  kind = new Int8Array(RING);
  ampMv = new Float64Array(RING);
  /** Cycle length used to scale the P-wave width (√RR scaling of ECGSYN). */
  rrS = new Float64Array(RING);

  push(t: number, kind: number, amp: number, rr: number): void {
    const i = this.count & RING_MASK;
    this.tS[i] = t;
    this.kind[i] = kind;
    this.ampMv[i] = amp;
    this.rrS[i] = rr;
    this.count++;
  }

  oldest(): number {
    return this.count > RING ? this.count - RING : 0;
  }

  slot(seq: number): number {
    return seq & RING_MASK;
  }
}

/** Scheduling modes (how the rhythm decides beat times). */
const MODE_NONE = 0; // asystole, VF
const MODE_VENT = 1; // ventricular clock: sinus family, AF, flutter, SVT, VT, PEA, paced
const MODE_ATRIAL = 2; // atrial clock decides conduction: 2nd-degree AV blocks

/** P-peak-to-R-peak interval (s). ECGSYN puts P at −70°·(HR/60)^¼ of a 2π cycle: 0.19 s at 60 bpm. */
function prPeakS(rr: number): number {
  return ((70 * Math.PI) / 180) * dpow(rr, 0.75) / (2 * Math.PI);
}

/** First-degree AV block: PR > 200 ms (we draw P-to-R peak 0.32 s, i.e. PR ≈ 0.30 s). */
const AVB1_PR_PEAK_S = 0.32;
/** Mobitz I (Wenckebach) 4:3 — progressive PR prolongation, then a dropped beat. */
const WENCKEBACH_PR_S = [0.22, 0.3, 0.36];
/** Mobitz II 3:2 — fixed PR, every third P not conducted. */
const MOBITZ2_PR_S = 0.2;
const MOBITZ2_N = 3;
/** Independent atrial rate in complete heart block / VT dissociation (typical sinus ~80/min). */
const DISSOCIATED_ATRIAL_BPM = 80;
/** AF RR irregularity: lognormal cycle lengths, CV ≈ 0.2 (typical AF RR CV 0.15–0.3). */
const AF_RR_LOG_SD = 0.2;
/** Flutter: atrial ~300/min with n:1 conduction (n = 2..4). */
const FLUTTER_ATRIAL_BPM = 300;
/** PVC coupling interval as a fraction of the sinus cycle. */
const PVC_COUPLING = 0.6;
/** PAC coupling interval (fraction of the sinus cycle) and its ectopic P amplitude (relative to sinus P). */
const PAC_COUPLING = 0.7;
const PAC_P_REL = 0.6;
/**
 * Probability that an ectopic beat is followed by a second one (a couplet), as a function of the
 * per-beat ectopic probability p: min(0.3, 2p). Couplets are rarer than isolated ectopics and become
 * common only when ectopy is frequent (Lown grading: couplets grade 4a; docs/REFERENCES.md#ectopy).
 * The gain is a design choice, not a fitted figure.
 */
function coupletP(p: number): number {
  return Math.min(0.3, 2 * p);
}
/** Pacemaker spike precedes the paced QRS peak by ~40 ms (stimulus-to-R). */
const PACE_TO_R_S = 0.045;
/** Planning horizon (s): beats are created this far ahead of the render time. */
export const PLAN_HORIZON_S = 1.2;

export class BeatScheduler {
  readonly beats = new BeatRing();
  readonly atrial = new AtrialRing();
  hrv: RrProcess;
  rng: Prng;
  mode = MODE_NONE;
  /** Time of the next ventricular beat to create (MODE_VENT) or next atrial event (MODE_ATRIAL). */
  nextVentS = 0.3;
  nextAtrialS = 0.3;
  lastRS = -1;
  lastNormalRS = -1;
  prevRrS = 1;
  cycleIdx = 0;
  nextIsPvc = false;
  nextIsPac = false;
  afterPvc = false;
  /**
   * Ectopy draws (PVC/PAC decisions) come from their own generator so that a bed with no ectopy keeps the
   * same beat sequence as before ectopy was modelled. The monitor replaces it with a fork of its root.
   */
  ectopyRng: Prng;
  /** Current flutter wave rate (Hz) for the ECG's F-wave oscillator (0 when not in flutter). */
  flutterHz = 0;
  /** Dissociated P waves active (complete block, VT). */
  dissociated = false;

  constructor(rng: Prng) {
    this.rng = rng;
    this.hrv = new RrProcess(rng.fork(1));
    this.ectopyRng = new Prng(0xec70);
  }

  /** Create events up to `horizonS`. Called once per advance piece; cheap when nothing is due. */
  plan(inp: DeviceInput, nowS: number, horizonS: number): void {
    const r = inp.rhythm;
    const mode =
      r === 'ventricular_fibrillation' || r === 'asystole'
        ? MODE_NONE
        : r === 'av_block_2_mobitz1' || r === 'av_block_2_mobitz2'
          ? MODE_ATRIAL
          : MODE_VENT;
    if (mode !== this.mode) {
      // restart the clock at a plausible time after the last beat
      const t0 = Math.max(nowS + 0.35, this.lastRS + 0.3);
      this.nextVentS = t0;
      this.nextAtrialS = t0 - 0.2;
      this.cycleIdx = 0;
      this.mode = mode;
    }
    this.flutterHz = 0;
    this.dissociated = r === 'av_block_3' || r === 'ventricular_tachycardia';
    const hr = inp.hrBpm > 1 ? inp.hrBpm : 1; // also guards NaN input
    if (!(this.nextVentS === this.nextVentS)) this.nextVentS = nowS + 0.35;

    // independent atrial clock: dissociated P waves, non-capturing pacer spikes, Mobitz P waves
    if (this.dissociated || mode === MODE_ATRIAL || (mode === MODE_NONE && inp.pacing)) {
      let guard = 0;
      while (this.nextAtrialS <= horizonS && guard++ < 16) {
        const t = this.nextAtrialS;
        if (mode === MODE_ATRIAL) {
          const n = r === 'av_block_2_mobitz1' ? WENCKEBACH_PR_S.length + 1 : MOBITZ2_N;
          const pp = 60 / (hr * (n / (n - 1)));
          this.atrial.push(t, ATRIAL_P, pAmp(inp), pp);
          const idx = this.cycleIdx % n;
          if (idx < n - 1) {
            const pr = r === 'av_block_2_mobitz1' ? WENCKEBACH_PR_S[idx] : MOBITZ2_PR_S;
            this.emitBeat(t + pr, 60 / hr, BEAT_NORMAL, inp, 1);
          }
          this.cycleIdx++;
          this.nextAtrialS = t + pp;
        } else if (mode === MODE_NONE) {
          // pacemaker firing without capture
          const rate = inp.hrBpm > 20 ? inp.hrBpm : 70;
          this.atrial.push(t, ATRIAL_SPIKE, 2, 1);
          this.nextAtrialS = t + 60 / rate;
        } else {
          const pp = 60 / DISSOCIATED_ATRIAL_BPM;
          this.atrial.push(t, ATRIAL_P, pAmp(inp) * (r === 'ventricular_tachycardia' ? 0.6 : 1), pp);
          this.nextAtrialS = t + pp * (1 + 0.02 * this.rng.normal());
        }
      }
      if (this.nextAtrialS < nowS) this.nextAtrialS = nowS + 0.1;
    } else if (this.nextAtrialS < nowS) {
      this.nextAtrialS = nowS;
    }

    if (mode !== MODE_VENT) {
      if (this.nextVentS < nowS) this.nextVentS = nowS + 0.35;
      return;
    }
    if (r === 'atrial_flutter') {
      const n = clamp(Math.round(FLUTTER_ATRIAL_BPM / hr), 2, 4);
      this.flutterHz = (hr * n) / 60;
    }
    let guard = 0;
    while (this.nextVentS <= horizonS && guard++ < 16) {
      const t = this.nextVentS;
      let rr: number;
      let kind = BEAT_NORMAL;
      let pulse = 1;
      let withP = false;
      let hrvScale = 1;
      switch (r) {
        case 'atrial_fibrillation': {
          rr = (60 / hr) * dexp(AF_RR_LOG_SD * this.rng.normal() - 0.5 * AF_RR_LOG_SD * AF_RR_LOG_SD);
          rr = Math.max(rr, 0.28);
          break;
        }
        case 'atrial_flutter':
          rr = 1 / (this.flutterHz / clamp(Math.round(FLUTTER_ATRIAL_BPM / hr), 2, 4));
          hrvScale = 0;
          break;
        case 'svt':
          rr = this.hrv.rrS(t, hr, 0.2);
          break;
        case 'ventricular_tachycardia':
          rr = this.hrv.rrS(t, hr, 0.3);
          kind = BEAT_VT;
          break;
        case 'paced':
          rr = 60 / hr;
          kind = BEAT_PACED;
          break;
        case 'av_block_3':
          rr = this.hrv.rrS(t, hr, 0.3);
          break;
        default: // sinus family, first-degree block, PEA
          rr = this.hrv.rrS(t, hr, hrvScale);
          withP = true;
      }
      if (r === 'pea' || inp.svMl < 3) pulse = 0;
      let pRel = 1;
      let prScale = 1;
      if (this.nextIsPvc) {
        kind = BEAT_PVC;
        withP = false;
        pulse *= 0.45; // premature beat: reduced filling, weak or absent pulse
      } else if (this.nextIsPac) {
        kind = BEAT_PAC;
        pRel = PAC_P_REL; // ectopic focus: smaller, differently shaped P
        prScale = 0.85; // ectopic P closer to the AV node or conducted faster: shorter PR
        pulse *= 0.7;
      }
      // decide the time of the following beat (and whether it is ectopic)
      let next = t + rr;
      const pvcP = inp.pvcProbability ?? 0;
      const pacP = inp.pacProbability ?? 0;
      const canPvc = r !== 'ventricular_tachycardia' && r !== 'paced' && r !== 'atrial_flutter';
      const canPac = r === 'sinus' || r === 'sinus_bradycardia' || r === 'sinus_tachycardia' || r === 'av_block_1';
      const E = this.ectopyRng;
      if (this.nextIsPvc) {
        this.nextIsPvc = false;
        if (canPvc && pvcP > 0 && E.next() < coupletP(pvcP)) {
          // couplet: a second PVC at the same coupling
          this.nextIsPvc = true;
          next = t + PVC_COUPLING * rr;
        } else if (withPOf(r)) {
          // full compensatory pause: the next sinus beat falls on the undisturbed sinus grid
          const c = 60 / hr;
          next = this.lastNormalRS + 2 * c;
          while (next < t + 0.4) next += c;
        }
      } else if (this.nextIsPac) {
        this.nextIsPac = false;
        // the PAC resets the sinus node: the next sinus beat one cycle later (non-compensatory pause)
        if (canPac && pacP > 0 && E.next() < coupletP(pacP)) {
          this.nextIsPac = true;
          next = t + PAC_COUPLING * rr;
        }
      } else if ((canPvc && pvcP > 0) || (canPac && pacP > 0)) {
        const u = E.next();
        if (canPvc && u < pvcP) {
          this.nextIsPvc = true;
          next = t + PVC_COUPLING * rr;
        } else if (canPac && u >= (canPvc ? pvcP : 0) && u < (canPvc ? pvcP : 0) + pacP) {
          this.nextIsPac = true;
          next = t + PAC_COUPLING * rr;
        }
      }
      if (r === 'atrial_fibrillation' && pulse > 0) {
        // Frank–Starling: short preceding cycle → less filling → smaller pulse (pulse deficit)
        const rrMean = 60 / hr;
        const prevRr = this.lastRS > 0 ? t - this.lastRS : rrMean;
        pulse *= clamp(0.2 + 0.8 * (prevRr / rrMean), 0.15, 1.2);
      }
      if (withP) {
        const pr = (r === 'av_block_1' ? AVB1_PR_PEAK_S : prPeakS(clamp(rr, 0.3, 2))) * prScale;
        this.atrial.push(t - pr, ATRIAL_P, pAmp(inp) * pRel, rr);
      }
      if (kind === BEAT_PACED) this.atrial.push(t - PACE_TO_R_S, ATRIAL_SPIKE, 2, rr);
      if (kind !== BEAT_PVC) this.lastNormalRS = t;
      this.emitBeat(t, this.lastRS > 0 ? t - this.lastRS : rr, kind, inp, pulse, next);
      this.nextVentS = next;
    }
    if (this.nextVentS < nowS) this.nextVentS = nowS + 0.05;
  }

  private emitBeat(tR: number, rrPrev: number, kind: number, inp: DeviceInput, pulse: number, nextR?: number): void {
    const rr = clamp(rrPrev, 0.25, 2.5);
    const p = inp.rhythm === 'pea' || inp.svMl < 3 ? 0 : pulse;
    this.beats.push(tR, rr, nextR ?? tR + 60 / Math.max(inp.hrBpm, 1), kind, inp, p);
    this.prevRrS = rr;
    this.lastRS = tR;
  }
}

function withPOf(r: string): boolean {
  return r !== 'atrial_fibrillation' && r !== 'svt' && r !== 'av_block_3';
}

/** P amplitude (mV): flattens with hyperkalaemia above 7 mmol/L (P flattening precedes sine wave). */
function pAmp(inp: DeviceInput): number {
  const k = inp.potassiumMmolL;
  return k > 7 ? Math.max(0, 1 - (k - 7) / 1.5) : 1;
}
