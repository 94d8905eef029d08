/**
 * Reference modules that ship inside the engine and run in-process (trusted code). Students' own
 * modules run in the sandboxed runtimes instead; these are the baselines they are compared with.
 */
import type { MonitorNumerics } from '../devices/index';
import type { Finding } from '../session/api';

export interface ModuleInput {
  bedId: string;
  simTimeS: number;
  measured: Readonly<MonitorNumerics>;
}

export type FindingDraft = Pick<Finding, 'label' | 'score' | 'severity' | 'message'>;

export interface BuiltinModule {
  id: string;
  name: string;
  version: string;
  /** Called once per bed per simulated second with what the monitor shows (never the truth). */
  onNumerics(input: ModuleInput, emit: (f: FindingDraft) => void): void;
}

/**
 * Shock index = HR / SBP (Allgöwer & Burri 1967); normal 0.5–0.7, ≥ 1.0 significant
 * (references.md, "Early-warning and sepsis criteria"). Uses the arterial line's systolic when there
 * is one, else the last NIBP. Emits once when the index first reaches 1.0 on a bed, and again only
 * after it has been below 0.9 (hysteresis avoids a finding every second).
 */
function shockIndexModule(): BuiltinModule {
  const raised = new Map<string, boolean>();
  return {
    id: 'shock-index',
    name: 'Shock index (HR/SBP)',
    version: '1.0.0',
    onNumerics({ bedId, measured }, emit) {
      const sbp = measured.artSysMmHg ?? measured.nibpSysMmHg;
      const hr = measured.hrBpm ?? measured.prBpm;
      if (sbp === null || hr === null || sbp <= 0) return;
      const si = hr / sbp;
      const was = raised.get(bedId) ?? false;
      if (!was && si >= 1.0) {
        raised.set(bedId, true);
        emit({
          label: 'shock',
          score: Math.min(1, si / 1.4),
          severity: si >= 1.3 ? 'high' : 'medium',
          message: `Shock index ${si.toFixed(2)} (HR ${Math.round(hr)} / SBP ${Math.round(sbp)})`,
        });
      } else if (was && si < 0.9) {
        raised.set(bedId, false);
      }
    },
  };
}

export const BUILTIN_MODULES: Record<string, () => BuiltinModule> = {
  'shock-index': shockIndexModule,
};
