/**
 * What a nurse sees at the bedside besides the patient: an oxygen mask or cannula while oxygen runs, a
 * bag on the pole while fluids or blood run. Derived from the interventions the session has recorded
 * (learner, instructor and scenario), never from the hidden truth, so a student's ward shows it too.
 * The model's own defaults give a bolus its duration (physiology/interventions.ts: 500 mL at 2000 mL/h;
 * blood 300 mL at 600 mL/h).
 */
import type { SessionEvent } from '../../../twin-engine/session/api';

export interface BedsideDevices {
  oxygen: 'none' | 'cannula' | 'mask' | 'ventilator';
  /** Simulated time until which fluids (or blood) run; -1 when none. */
  fluidsUntilS: number;
}

const NONE = (): BedsideDevices => ({ oxygen: 'none', fluidsUntilS: -1 });

/** Fold events [from, to) into the per-bed state (events arrive in time order). */
export function foldBedsideDevices(state: Map<string, BedsideDevices>, events: readonly SessionEvent[], from: number): number {
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'ward_loaded') state.clear();
    if (e.type !== 'intervention') continue;
    const d = state.get(e.bedId) ?? NONE();
    const s = e.spec;
    switch (s.kind) {
      case 'oxygen': {
        const on = s.device === 'ventilator' || (s.flowLPerMin ?? 0) > 0 || (s.fio2 ?? 0) > 0.21;
        d.oxygen = !on ? 'none' : s.device === 'ventilator' ? 'ventilator' : s.device === 'nasal_cannula' ? 'cannula' : 'mask';
        break;
      }
      case 'fluid_bolus':
        d.fluidsUntilS = Math.max(d.fluidsUntilS, e.simTimeS + ((s.volumeMl ?? 500) / (s.rateMlPerH ?? 2000)) * 3600);
        break;
      case 'blood_transfusion':
        d.fluidsUntilS = Math.max(d.fluidsUntilS, e.simTimeS + ((s.volumeMl ?? 300) / (s.rateMlPerH ?? 600)) * 3600);
        break;
      case 'fluid_infusion': {
        const rate = s.rateMlPerH ?? 0;
        d.fluidsUntilS = rate <= 0 ? -1 : s.volumeMl ? e.simTimeS + (s.volumeMl / rate) * 3600 : Infinity;
        break;
      }
      case 'stop_infusion':
        if (s.fluid !== undefined) d.fluidsUntilS = -1;
        break;
      default:
        break;
    }
    state.set(e.bedId, d);
  }
  return events.length;
}
