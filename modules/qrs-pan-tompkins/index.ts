/**
 * ECG rhythm module: Pan–Tompkins QRS detection (pan-tompkins.ts) on ECG II at 250 Hz, heart rate from
 * the last 8 RR intervals, and atrial fibrillation from RR irregularity: normalised RMSSD of the last 32
 * RR intervals > 0.10 (after Dash et al., Ann Biomed Eng 2009, who use nRMSSD with entropy and turning
 * points; sinus rhythm with normal HRV stays well below 0.1) for 30 s. Tachycardia HR > 100, bradycardia
 * HR < 50 for 30 s (the truth's onset criteria: AHA 2020). A finding when a condition starts, repeated
 * every params.repeatS (default 900 s) while it persists (measurable and not past its hysteresis
 * re-arm threshold; a finding is an instant: modules/README.md § Persistent conditions).
 */
import type { BedSecondInput, FindingDraft, ModuleContext } from '../../twin-engine/modules-host/contract';
import { PanTompkins, rrIrregularity } from './pan-tompkins';

const SUSTAIN_S = 30;
const AF_NRMSSD = 0.1;
const AF_BEATS = 32;

interface Bed {
  det: PanTompkins;
  beats: number[];
  run: Record<'af' | 'tachy' | 'brady', number>;
  fired: Record<'af' | 'tachy' | 'brady', boolean>;
  /** Simulated time of each condition's last finding. */
  last: Record<'af' | 'tachy' | 'brady', number>;
}

export function heartRateBpm(beats: readonly number[], nowS: number): number | null {
  const recent = beats.filter((t) => t > nowS - 15);
  if (recent.length < 3) return null;
  const rr = [];
  for (let i = Math.max(1, recent.length - 8); i < recent.length; i++) rr.push(recent[i] - recent[i - 1]);
  return 60 / (rr.reduce((a, b) => a + b, 0) / rr.length);
}

export default function create(ctx?: ModuleContext) {
  const repeatS = Number(ctx?.params.repeatS ?? 900);
  const beds = new Map<string, Bed>();
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      const w = input.waveforms.ecg_ii;
      if (!w) return [];
      let b = beds.get(input.bedId);
      if (!b) {
        b = { det: new PanTompkins(w.sampleRateHz), beats: [], run: { af: 0, tachy: 0, brady: 0 }, fired: { af: false, tachy: false, brady: false }, last: { af: 0, tachy: 0, brady: 0 } };
        beds.set(input.bedId, b);
      }
      b.beats.push(...b.det.feed(w.samples, w.t0S));
      if (b.beats.length > 64) b.beats.splice(0, b.beats.length - 64);
      const now = input.simTimeS;
      const hr = heartRateBpm(b.beats, now);
      const recent = b.beats.filter((t) => t > now - 60);
      const rr = [];
      for (let i = Math.max(1, recent.length - AF_BEATS); i < recent.length; i++) rr.push(recent[i] - recent[i - 1]);
      const irr = rr.length >= AF_BEATS - 1 ? rrIrregularity(rr) : NaN;
      const out: FindingDraft[] = [];
      /** measured: the quantity is known this second (a repeat needs the condition seen, not assumed). */
      const check = (key: keyof Bed['run'], on: boolean, off: boolean, measured: boolean, f: (rise: boolean) => FindingDraft) => {
        b!.run[key] = on ? b!.run[key] + 1 : 0;
        if (b!.fired[key] && off) b!.fired[key] = false;
        const rise = !b!.fired[key] && b!.run[key] >= SUSTAIN_S;
        if (rise || (b!.fired[key] && measured && now - b!.last[key] >= repeatS)) {
          b!.fired[key] = true;
          b!.last[key] = now;
          out.push(f(rise));
        }
      };
      const again = (rise: boolean) => (rise ? '' : ', persisting');
      const hrTxt = hr === null ? '—' : Math.round(hr);
      check('af', irr > AF_NRMSSD, irr < 0.06, irr === irr, (rise) => ({
        label: 'atrial_fibrillation',
        score: Math.min(1, irr / 0.2),
        severity: hr !== null && hr > 110 ? 'high' : 'medium',
        message: `Irregularly irregular RR (nRMSSD ${irr.toFixed(2)}), HR ${hrTxt}/min: possible AF${again(rise)}`,
        evidence: { nRmssd: Math.round(irr * 1000) / 1000, hrBpm: hr === null ? null : Math.round(hr) },
      }));
      check('tachy', hr !== null && hr > 100, hr !== null && hr <= 95, hr !== null, (rise) => ({
        label: 'tachycardia', score: Math.min(1, ((hr as number) - 100) / 50 + 0.5), severity: (hr as number) > 150 ? 'high' : 'medium',
        message: `HR ${hrTxt}/min from QRS detection (> 100 for 30 s)${again(rise)}`, evidence: { hrBpm: Math.round(hr as number) },
      }));
      check('brady', hr !== null && hr < 50, hr !== null && hr >= 55, hr !== null, (rise) => ({
        label: 'bradycardia', score: Math.min(1, (50 - (hr as number)) / 20 + 0.5), severity: (hr as number) < 40 ? 'high' : 'medium',
        message: `HR ${hrTxt}/min from QRS detection (< 50 for 30 s)${again(rise)}`, evidence: { hrBpm: Math.round(hr as number) },
      }));
      return out;
    },
  };
}
