/**
 * What the form offers for each action body, in the scenario format's own key names (schema order).
 * `required` fields are always shown; the others appear once set, or from the "+ field" menu.
 */
import { CONDITION_KINDS, DRUG_IDS, INTERVENTION_KINDS } from '../../../twin-engine/physiology/types';
import { FLUIDS, OXYGEN_DEVICES, POSITIONS, ROUTES } from '../../../twin-engine/scenario/vocab';

export interface FieldSpec {
  key: string;
  label: string;
  required?: boolean;
  options?: readonly string[];
  placeholder?: string;
  /** A nested name → value mapping (condition params). */
  map?: boolean;
}

export const ACTION_TYPES = ['start_condition', 'change_condition', 'stop_condition', 'intervention', 'note', 'lab_result', 'goto'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const ACTION_LABELS: Record<ActionType, string> = {
  start_condition: 'Start condition',
  change_condition: 'Change condition',
  stop_condition: 'Stop condition',
  intervention: 'Intervention (by the scenario)',
  note: 'Note to the instructor log',
  lab_result: 'Lab result',
  goto: 'Go to state',
};

const PARAMS: FieldSpec = { key: 'params', label: 'Parameters', map: true, placeholder: 'e.g. rateMlPerMin' };

export const BODY_FIELDS: Record<ActionType, FieldSpec[] | null> = {
  start_condition: [
    { key: 'id', label: 'Id', placeholder: 'e.g. bleed' },
    { key: 'kind', label: 'Kind', required: true, options: CONDITION_KINDS },
    { key: 'severity', label: 'Severity (0–1)', required: true, placeholder: '0.8' },
    { key: 'ramp', label: 'Ramp (time to reach severity)', placeholder: 'e.g. 60 min' },
    PARAMS,
  ],
  change_condition: [
    { key: 'id', label: 'Id of the running condition', required: true },
    { key: 'severity', label: 'Severity (0–1)' },
    { key: 'ramp', label: 'Ramp', placeholder: 'e.g. 15 min' },
    PARAMS,
  ],
  stop_condition: [{ key: 'id', label: 'Id of the running condition', required: true }],
  intervention: [
    { key: 'kind', label: 'Kind', required: true, options: INTERVENTION_KINDS },
    { key: 'drug', label: 'Drug', options: DRUG_IDS },
    { key: 'dose', label: 'Dose', placeholder: 'e.g. 4 mg' },
    { key: 'dose_units', label: 'Dose (units)', placeholder: 'e.g. 10 units' },
    { key: 'dose_rate', label: 'Dose rate', placeholder: 'e.g. 0.1 mcg/kg/min' },
    { key: 'units_rate', label: 'Units rate', placeholder: 'e.g. 6 units/h' },
    { key: 'volume', label: 'Volume', placeholder: 'e.g. 500 mL' },
    { key: 'rate', label: 'Rate', placeholder: 'e.g. 125 mL/h' },
    { key: 'fluid', label: 'Fluid', options: FLUIDS },
    { key: 'fio2', label: 'FiO2', placeholder: 'e.g. 0.4 FiO2' },
    { key: 'device', label: 'O2 device', options: OXYGEN_DEVICES },
    { key: 'flow', label: 'O2 flow', placeholder: 'e.g. 15 L/min' },
    { key: 'energy', label: 'Energy', placeholder: 'e.g. 200 J' },
    { key: 'position', label: 'Position', options: POSITIONS },
    { key: 'pacing_rate', label: 'Pacing rate', placeholder: 'e.g. 70 /min' },
    { key: 'route', label: 'Route', options: ROUTES },
  ],
  lab_result: [
    { key: 'test', label: 'Test', required: true, placeholder: 'lactate, glucose, ph, …' },
    { key: 'value', label: 'Reported value (empty: the true value)', placeholder: 'e.g. WBC 18.2 x10^9/L' },
  ],
  // Scalar actions: the value is the text itself.
  note: null,
  goto: null,
};

/** A new action of a type, with its required fields filled with plausible values. */
export function newAction(type: ActionType): Record<string, unknown> {
  switch (type) {
    case 'start_condition':
      return { start_condition: { kind: 'hemorrhage', severity: 0.5 } };
    case 'change_condition':
      return { change_condition: { id: 'condition', severity: 0.5 } };
    case 'stop_condition':
      return { stop_condition: { id: 'condition' } };
    case 'intervention':
      return { intervention: { kind: 'oxygen', device: 'nasal_cannula', flow: '2 L/min' } };
    case 'note':
      return { note: 'Nurse: …' };
    case 'lab_result':
      return { lab_result: { test: 'lactate' } };
    case 'goto':
      return { goto: 'state' };
  }
}

export function actionTypeOf(action: unknown): ActionType | null {
  if (action === null || typeof action !== 'object') return null;
  const k = Object.keys(action)[0];
  return (ACTION_TYPES as readonly string[]).includes(k) ? (k as ActionType) : null;
}
