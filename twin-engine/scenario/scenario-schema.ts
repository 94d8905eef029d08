/**
 * The scenario format, defined once: the loader validates against it and schema-gen publishes it as
 * scenarios/schema/scenario.schema.json.
 */
import { monitorSettingsSchema } from './monitor-settings';
import { PROFILE_RANGES } from '../physiology/params';
import { INTERVENTION_LIMITS } from '../physiology/intervention-params';
import { FIELD_DOC, FIELD_ENVELOPE } from './intervention-ranges';
import { parseCondition, type Condition } from './expr';
import { anyQty, arr, bool, dflt, literal, map, num, obj, oneKey, oneOf, opt, parsed, qty, ref, req, scalar, str, type Infer } from './schema';
import {
  COMORBIDITIES,
  CONDITION_KINDS,
  DRUG_ALIASES,
  DRUG_IDS,
  FLUIDS,
  INTERVENTION_KINDS,
  LEARNER_ACTIONS,
  MEASURED_KEYS,
  OXYGEN_DEVICES,
  POSITIONS,
  ROUTES,
  SEXES,
  TRUTH_KEYS,
} from './vocab';

export const EXPR_VOCAB = { truthKeys: TRUTH_KEYS, measuredKeys: MEASURED_KEYS, actions: LEARNER_ACTIONS };

const ID_RE = /^[a-z][a-z0-9_-]*$/;
const ID_WHAT = "an id of lower-case letters, digits, '_' or '-' (like 'sepsis_1')";
export const id = (doc?: string) => str({ pattern: ID_RE, patternWhat: ID_WHAT, doc });
const text = (doc?: string) => str({ minLength: 1, doc });

const HOURS_48_S = 48 * 3600;

export const condition = (doc: string) =>
  parsed<Condition>("a condition like 'truth.map_mmhg < 65 for 2 min'", (t) => parseCondition(t, EXPR_VOCAB, true), doc);
export const anchor = (doc: string) =>
  parsed<Condition>("an anchor like 'measured.spo2 < 90' or 'episode.sepsis'", (t) => parseCondition(t, EXPR_VOCAB, true), doc);

const severity = num({ what: 'a severity', min: 0, max: 1, param: true, doc: '0 (none) to 1 (most severe the model supports).' });
const ramp = qty('duration', 0, HOURS_48_S, { what: 'a ramp time', param: true, doc: 'Time to reach the severity (progression); default depends on the condition.' });
const conditionParams = map(
  scalar(),
  /^[a-z][a-zA-Z0-9]*$/,
  "a parameter name like 'rateMlPerMin'",
  "Condition-specific parameters, e.g. hemorrhage { rateMlPerMin: '90 mL/min' }, arrhythmia { rhythm: atrial_fibrillation, rateBpm: '150 /min' }. A quantity is converted to the unit the name ends in.",
);

export const conditionStart = obj(
  {
    id: opt(id('Handle for later change/stop; defaults to the kind.')),
    kind: req(oneOf(CONDITION_KINDS, 'a condition kind')),
    severity: req(severity),
    ramp: opt(ramp, 'rampS'),
    params: opt(conditionParams),
  },
  'Start a disease process on the patient.',
);

const conditionChange = obj(
  {
    id: req(id('The id given when the condition was started.')),
    severity: opt(severity),
    ramp: opt(ramp, 'rampS'),
    params: opt(conditionParams),
  },
  'Change a running condition (e.g. worsen it).',
);

const V = INTERVENTION_LIMITS.ventilator;
const ventilator = obj({
  tidal_volume: req(qty('volume', V.tidalVolumeMl.min, V.tidalVolumeMl.max, { what: 'a tidal volume' }), 'tidalVolumeMl'),
  rate: req(qty('perMinute', V.rrBpm.min, V.rrBpm.max, { what: 'a ventilator rate' }), 'rrBpm'),
  peep: req(qty('airwayPressure', V.peepCmH2O.min, V.peepCmH2O.max, { what: 'a PEEP' }), 'peepCmH2O'),
  fio2: req(qty('fio2', V.fio2.min, V.fio2.max)),
});

// The widest range of each field (physiology/intervention-params.ts); the checker then applies the
// range of the kind, drug and device given (scenario-check.ts), so both come from one table.
const E = FIELD_ENVELOPE;
export const intervention = obj(
  {
    kind: req(oneOf(INTERVENTION_KINDS, 'an intervention kind')),
    drug: opt(oneOf(DRUG_IDS, 'a drug', undefined, DRUG_ALIASES)),
    dose: opt(qty('mass', ...E.dose, { what: 'a dose', doc: FIELD_DOC.dose }), 'doseMg'),
    dose_units: opt(qty('insulinUnits', ...E.dose_units, { doc: FIELD_DOC.dose_units }), 'doseUnits'),
    dose_rate: opt(qty('doseRate', ...E.dose_rate, { what: 'a dose rate', doc: FIELD_DOC.dose_rate }), 'rateMcgPerKgPerMin'),
    units_rate: opt(qty('insulinRate', ...E.units_rate, { doc: FIELD_DOC.units_rate }), 'rateUnitsPerH'),
    volume: opt(qty('volume', ...E.volume, { doc: FIELD_DOC.volume }), 'volumeMl'),
    rate: opt(qty('volumeRate', ...E.rate, { what: 'an infusion rate', doc: FIELD_DOC.rate }), 'rateMlPerH'),
    fluid: opt(oneOf(FLUIDS, 'a fluid')),
    fio2: opt(qty('fio2', ...E.fio2)),
    device: opt(oneOf(OXYGEN_DEVICES, 'an oxygen device')),
    flow: opt(qty('gasFlow', ...E.flow, { what: 'an oxygen flow', doc: FIELD_DOC.flow }), 'flowLPerMin'),
    energy: opt(qty('energy', ...E.energy, { what: 'a shock energy' }), 'energyJ'),
    position: opt(oneOf(POSITIONS, 'a position')),
    ventilator: opt(ventilator),
    pacing_rate: opt(qty('perMinute', ...E.pacing_rate, { what: 'a pacing rate', doc: FIELD_DOC.pacing_rate }), 'pacingRateBpm'),
    route: opt(oneOf(ROUTES, 'a route')),
  },
  'An intervention applied to the patient by the scenario (not by the learner).',
);

const labResult = obj(
  {
    test: req(id('A test name; lactate, glucose, ph, pao2, paco2, potassium, temperature are read from the true state.')),
    value: opt(text('Reported result as text (e.g. "WBC 18.2 x10^9/L"); omit to report the true value.')),
  },
  'A lab result shown to the learner.',
);

export const action = ref('action', () =>
  oneKey('an action', {
    start_condition: conditionStart,
    change_condition: conditionChange,
    stop_condition: obj({ id: req(id()) }, 'Stop a running condition.'),
    intervention,
    note: text('An instructor note shown in the event log.'),
    lab_result: labResult,
    goto: id('Enter a named state.'),
  }),
);

const profile = obj({
  name: opt(text('A fictional name shown on the bed card.')),
  age: opt(qty('age', PROFILE_RANGES.ageY.min, PROFILE_RANGES.ageY.max), 'ageY'),
  sex: opt(oneOf(SEXES, 'a sex')),
  height: opt(qty('length', PROFILE_RANGES.heightCm.min, PROFILE_RANGES.heightCm.max, { what: 'a height' }), 'heightCm'),
  weight: opt(qty('bodyMass', PROFILE_RANGES.weightKg.min, PROFILE_RANGES.weightKg.max, { what: 'a body weight' }), 'weightKg'),
  skin_tone: opt(num({ what: 'a Monk skin tone', min: 1, max: 10, integer: true, doc: 'Monk Skin Tone scale 1 (lightest) to 10 (darkest).' }), 'skinToneMonk'),
  comorbidities: dflt(arr(oneOf(COMORBIDITIES, 'a comorbidity')), []),
});
export const patient = ref('patient', () => profile);
export type PatientYaml = Infer<typeof profile>;

const transition = obj({ when: req(condition('When this holds, go to the target state.')), goto: req(id()) });
const stateDef = obj({
  description: opt(text()),
  on_enter: dflt(arr(action), [], 'onEnter'),
  transitions: dflt(arr(transition), []),
});

const paramDecl = obj({
  default: req(anyQty('The value used unless a ward bed or cohort overrides it; its unit fixes the dimension.')),
  min: opt(anyQty()),
  max: opt(anyQty()),
  description: opt(text()),
});

export const scenarioSchema = obj(
  {
    $schema: opt(str(), 'schemaRef'),
    kind: dflt(literal('scenario'), 'scenario'),
    id: req(id()),
    title: req(text()),
    level: req(oneOf(['novice', 'intermediate', 'advanced'] as const, 'a level')),
    author: req(text()),
    duration: req(qty('duration', 60, HOURS_48_S, { what: 'a scenario duration' }), 'durationS'),
    description: opt(text()),
    objectives: req(arr(text(), { minItems: 1 })),
    parameters: dflt(map(paramDecl, ID_RE, ID_WHAT, 'Named values the rest may use as $name.'), {}),
    patient: dflt(patient, { comorbidities: [] }),
    monitor: opt(monitorSettingsSchema),
    conditions: dflt(arr(conditionStart), [], 'conditions'),
    timeline: dflt(arr(obj({ at: req(qty('duration', 0, HOURS_48_S, { what: 'a time', param: true }), 'atS'), action: req(action) })), []),
    triggers: dflt(
      arr(
        obj({
          id: opt(id()),
          when: req(condition('e.g. truth.map_mmhg < 65 for 2 min')),
          then: req(arr(action, { minItems: 1 })),
          repeat: dflt(bool('Fire again each time the condition becomes true anew.'), false),
        }),
      ),
      [],
    ),
    initial_state: opt(id()),
    states: dflt(map(stateDef, ID_RE, ID_WHAT), {}),
    expected_actions: dflt(
      arr(
        obj({
          action: req(oneOf(LEARNER_ACTIONS, 'a learner action')),
          within: req(qty('duration', 0, HOURS_48_S, { what: 'a deadline' }), 'withinS'),
          of: dflt(anchor('Anchor: the first moment this holds (default: scenario start).'), { source: 'start', expr: { t: 'bool', v: true, off: 0 }, forS: 0 }, 'anchor'),
          why: opt(text('Rationale shown in the debrief.')),
        }),
      ),
      [],
      'expectedActions',
    ),
    debrief: dflt(arr(obj({ question: req(text()), answer: opt(text()) })), []),
    labels: dflt(
      arr(obj({ label: req(id()), onset: req(anchor('When the labelled episode starts.')), offset: opt(anchor('When it ends (default: never).')) })),
      [],
    ),
  },
  'A WardTwin scenario. SIMULATION ONLY — not for clinical use.',
);

export type ScenarioYaml = Infer<typeof scenarioSchema>;
export type ActionYaml = Infer<typeof action>;
export type InterventionYaml = Infer<typeof intervention>;
export type ConditionStartYaml = Infer<typeof conditionStart>;
