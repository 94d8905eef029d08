/**
 * Heart-rate variability: the RR-interval process of ECGSYN (McSharry et al., IEEE TBME 2003;50:289).
 *
 * The paper draws the RR tachogram from a bimodal power spectrum: Gaussian peaks at f1 = 0.1 Hz (LF,
 * Mayer waves) and f2 = 0.25 Hz (HF, respiratory sinus arrhythmia), widths c1 = c2 = 0.01 Hz, power
 * ratio LF/HF = 0.5, standard deviation `hrstd` = 1 bpm by default. The paper builds it by inverse FFT
 * of a finite record; for an unbounded stream we use the equivalent random-phase sum of sinusoids
 * (the spectral representation the inverse FFT computes), with frequencies drawn from the two
 * Gaussian peaks and power split 1 : 2 between LF and HF. Evaluated once per beat, so cost is nil.
 */
import type { Prng } from '../util/prng';
import { dsin } from '../util/detmath';

/** McSharry 2003, Table I / text. */
export const HRV_LF_HZ = 0.1;
export const HRV_HF_HZ = 0.25;
export const HRV_PEAK_WIDTH_HZ = 0.01;
export const HRV_LF_HF_RATIO = 0.5;
/** ECGSYN default standard deviation of heart rate (bpm). */
export const HRV_HR_STD_BPM = 1;

const N_LF = 4;
const N_HF = 4;

export class RrProcess {
  freqHz = new Float64Array(N_LF + N_HF);
  phase = new Float64Array(N_LF + N_HF);
  /** Amplitudes of the unit-variance sum (Σ a²/2 = 1). */
  amp = new Float64Array(N_LF + N_HF);

  constructor(rng: Prng) {
    const pLf = HRV_LF_HF_RATIO / (1 + HRV_LF_HF_RATIO);
    const pHf = 1 - pLf;
    for (let i = 0; i < N_LF + N_HF; i++) {
      const lf = i < N_LF;
      this.freqHz[i] = rng.normal(lf ? HRV_LF_HZ : HRV_HF_HZ, HRV_PEAK_WIDTH_HZ);
      this.phase[i] = rng.next();
      // each sinusoid of amplitude a has variance a²/2
      this.amp[i] = Math.sqrt((2 * (lf ? pLf : pHf)) / (lf ? N_LF : N_HF));
    }
  }

  /** Unit-variance HRV signal at time t (s). */
  unit(tS: number): number {
    let s = 0;
    for (let i = 0; i < this.amp.length; i++) s += this.amp[i] * dsin(2 * Math.PI * (this.freqHz[i] * tS + this.phase[i]));
    return s;
  }

  /** RR interval (s) of the beat starting at tS for a mean heart rate; `scale` shrinks HRV (e.g. SVT). */
  rrS(tS: number, hrBpm: number, scale = 1): number {
    const hr = hrBpm + HRV_HR_STD_BPM * scale * this.unit(tS);
    return 60 / Math.max(hr, 5);
  }
}
