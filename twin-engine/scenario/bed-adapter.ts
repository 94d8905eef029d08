/**
 * Adapts a patient model (and optionally a monitor's numerics) to the runtime's BedControl. Takes
 * getters rather than objects because a bed replaces its model on restore.
 */
import type { BedControl } from './runtime-types';
import type { ConditionSpec, InterventionSpec, MonitorNumerics, TrueState } from './vocab';
import type { TruthEpisode } from '../physiology/types';

/** The part of PatientModel the runtime needs (structural, so this module does not load the model). */
export interface PatientModelLike {
  readonly state: Readonly<TrueState>;
  startCondition(spec: ConditionSpec): string;
  updateCondition(id: string, patch: Partial<ConditionSpec>): void;
  stopCondition(id: string): void;
  applyIntervention(spec: InterventionSpec): void;
  episodes(): readonly TruthEpisode[];
}

export function bedControlFor(getModel: () => PatientModelLike, getMeasured: () => Readonly<MonitorNumerics> | null = () => null): BedControl {
  return {
    get truth() {
      return getModel().state;
    },
    get measured() {
      return getMeasured();
    },
    startCondition: (spec) => getModel().startCondition(spec),
    updateCondition: (id, patch) => getModel().updateCondition(id, patch),
    stopCondition: (id) => getModel().stopCondition(id),
    applyIntervention: (spec) => getModel().applyIntervention(spec),
    isEpisodeActive(label) {
      // Plain loop: called every step while a condition mentions an episode.
      const eps = getModel().episodes();
      for (let i = eps.length - 1; i >= 0; i--) if (eps[i].label === label && eps[i].offsetS === null) return true;
      return false;
    },
  };
}
