/** State of the instant preview: the latest request's runs (line = first seed, band = all). */
import { create } from 'zustand';
import { bandOf, type Band } from '../../../twin-engine/preview/band';
import type { LearnerStep, PreviewRun } from '../../../twin-engine/preview/types';

export type PreviewStatus = 'idle' | 'running' | 'done' | 'error' | 'stale';

export interface LearnerRow {
  at: string;
  preset: string;
}

export interface PreviewState {
  status: PreviewStatus;
  requestId: number;
  /** performance.now() when the edit that started this preview happened. */
  editAt: number;
  runs: PreviewRun[];
  band: Band | null;
  durationS: number;
  error: string | null;
  /** Edit → first run plotted, for the latest preview. */
  latencyMs: number | null;
  seedCount: number;
  learnerRows: LearnerRow[];
  treated: boolean;
  started(requestId: number, editAt: number): void;
  gotRun(requestId: number, run: PreviewRun, index: number, durationS: number): void;
  failed(requestId: number, message: string): void;
  setStale(): void;
  /** Another scenario was opened: nothing of the previous one's preview may stay on screen. */
  reset(): void;
  setSeedCount(n: number): void;
  setLearner(rows: LearnerRow[], treated: boolean): void;
}

export const usePreview = create<PreviewState>((set, get) => ({
  status: 'idle',
  requestId: 0,
  editAt: 0,
  runs: [],
  band: null,
  durationS: 0,
  error: null,
  latencyMs: null,
  seedCount: 1,
  learnerRows: [{ at: '20 min', preset: 'antibiotics' }],
  treated: false,
  started(requestId, editAt) {
    set({ status: 'running', requestId, editAt, error: null });
  },
  gotRun(requestId, run, index, durationS) {
    const s = get();
    if (requestId !== s.requestId) return;
    // Keep the previous curves on screen until the new first seed arrives (no flicker while typing).
    const runs = index === 0 ? [run] : [...s.runs, run];
    const done = runs.length >= s.seedCount;
    set({
      runs,
      band: bandOf(runs),
      durationS,
      status: done ? 'done' : 'running',
      latencyMs: index === 0 ? performance.now() - s.editAt : s.latencyMs,
    });
  },
  failed(requestId, message) {
    if (requestId === get().requestId) set({ status: 'error', error: message });
  },
  setStale() {
    set({ status: 'stale' });
  },
  reset() {
    set({ status: 'idle', requestId: get().requestId + 1, runs: [], band: null, durationS: 0, error: null, latencyMs: null });
  },
  setSeedCount(n) {
    set({ seedCount: n });
  },
  setLearner(learnerRows, treated) {
    set({ learnerRows, treated });
  },
}));

/** Learner presets: written as the scenario format writes interventions (validated by the same loader). */
export const LEARNER_PRESETS: Record<string, { label: string; step: Omit<LearnerStep, 'at'> }> = {
  antibiotics: { label: 'Antibiotics IV', step: { intervention: { kind: 'drug_bolus', drug: 'antibiotics', dose: '2 g', route: 'iv' } } },
  fluid_bolus: { label: 'Fluid bolus 1000 mL', step: { intervention: { kind: 'fluid_bolus', volume: '1000 mL', fluid: 'crystalloid' } } },
  blood: { label: 'Blood transfusion 500 mL', step: { intervention: { kind: 'blood_transfusion', volume: '500 mL' } } },
  hemorrhage_control: { label: 'Control the bleeding', step: { intervention: { kind: 'hemorrhage_control' } } },
  oxygen: { label: 'Oxygen 15 L/min (NRB mask)', step: { intervention: { kind: 'oxygen', device: 'nrb_mask', flow: '15 L/min' } } },
  norepinephrine: { label: 'Norepinephrine 0.1 mcg/kg/min', step: { intervention: { kind: 'drug_infusion', drug: 'norepinephrine', dose_rate: '0.1 mcg/kg/min' } } },
  naloxone: { label: 'Naloxone 0.4 mg IV', step: { intervention: { kind: 'drug_bolus', drug: 'naloxone', dose: '0.4 mg', route: 'iv' } } },
  salbutamol: { label: 'Salbutamol 5 mg neb', step: { intervention: { kind: 'drug_bolus', drug: 'salbutamol', dose: '5 mg', route: 'neb' } } },
  call_for_help: { label: 'Call for help (scored only)', step: { action: 'call_for_help' } },
  blood_cultures: { label: 'Blood cultures (scored only)', step: { action: 'blood_cultures' } },
};

export function learnerPathOf(rows: readonly LearnerRow[], treated: boolean): LearnerStep[] {
  if (!treated) return [];
  return rows.filter((r) => LEARNER_PRESETS[r.preset]).map((r) => ({ at: r.at, ...LEARNER_PRESETS[r.preset].step }));
}
