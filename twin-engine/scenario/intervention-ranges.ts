/**
 * The scenario format's view of the model's intervention ranges (physiology/intervention-params.ts):
 * the widest range of each YAML field (what the schema and JSON schema accept before the kind and drug
 * are known), the per-drug and per-kind ranges as text for the JSON schema and the editor, and the
 * YAML key of each model field so the checker can point at the value the model would refuse.
 */
import { DRUG_LIMITS, INTERVENTION_LIMITS, type Limit } from '../physiology/intervention-params';
import { DRUG_IDS, type DrugId, type InterventionKind } from '../physiology/types';

const L = INTERVENTION_LIMITS;
const drugsWithInfusion = DRUG_IDS.filter((d) => DRUG_LIMITS[d].infusion !== null);
const massBoluses = DRUG_IDS.filter((d) => d !== 'insulin').map((d) => DRUG_LIMITS[d].bolus);

function envelope(ls: readonly Limit[]): [number, number] {
  return [Math.min(...ls.map((l) => l.min)), Math.max(...ls.map((l) => l.max))];
}

/** The widest range each numeric YAML field of an intervention can take, in the field's base unit. */
export const FIELD_ENVELOPE = {
  dose: envelope(massBoluses),
  dose_units: envelope([DRUG_LIMITS.insulin.bolus]),
  dose_rate: envelope([...drugsWithInfusion.map((d) => DRUG_LIMITS[d].infusion!), L.dextroseRate]),
  units_rate: envelope([L.insulinRate]),
  volume: envelope([L.fluidBolusVolume, L.transfusionVolume]),
  rate: envelope([L.fluidBolusRate, L.fluidInfusionRate, L.transfusionRate, L.dextroseD10Rate]),
  fio2: envelope([L.fio2]),
  flow: envelope(Object.values(L.flow)),
  energy: envelope([L.energy]),
  pacing_rate: envelope([L.pacingRate]),
} as const;

const show = (l: Limit) => `${l.min}–${l.max} ${l.unit}`;

/** Per-field range text, for the JSON schema's descriptions. */
export const FIELD_DOC = {
  dose: `Bolus dose; allowed per drug: ${DRUG_IDS.filter((d) => d !== 'insulin')
    .map((d) => `${d} ${show(DRUG_LIMITS[d].bolus)} (${DRUG_LIMITS[d].routes.join('/')})`)
    .join('; ')}.`,
  dose_units: `Insulin bolus, ${show(DRUG_LIMITS.insulin.bolus)} (${DRUG_LIMITS.insulin.routes.join('/')}).`,
  dose_rate: `Infusion dose rate; allowed per drug: ${drugsWithInfusion.map((d) => `${d} ${show(DRUG_LIMITS[d].infusion!)}`).join('; ')}; dextrose ${show(L.dextroseRate)}.`,
  units_rate: `Insulin infusion, ${show(L.insulinRate)}.`,
  volume: `fluid_bolus ${show(L.fluidBolusVolume)}; blood_transfusion ${show(L.transfusionVolume)}.`,
  rate: `fluid_bolus ${show(L.fluidBolusRate)}; fluid_infusion ${show(L.fluidInfusionRate)}; blood_transfusion ${show(L.transfusionRate)}; dextrose drug_infusion as D10 ${show(L.dextroseD10Rate)}.`,
  flow: `Oxygen flow per device: ${Object.entries(L.flow).map(([d, l]) => `${d} ${show(l)}`).join('; ')} (0 turns a mask off).`,
  pacing_rate: `Pacing rate ${show(L.pacingRate)}.`,
} as const;

/** YAML key of each model field (InterventionSpec key, or `ventilator.<key>`). */
export const YAML_KEY: Readonly<Record<string, string>> = {
  doseMg: 'dose',
  doseMcg: 'dose',
  doseUnits: 'dose_units',
  rateMcgPerKgPerMin: 'dose_rate',
  rateUnitsPerH: 'units_rate',
  volumeMl: 'volume',
  rateMlPerH: 'rate',
  flowLPerMin: 'flow',
  energyJ: 'energy',
  pacingRateBpm: 'pacing_rate',
  'ventilator.tidalVolumeMl': 'ventilator.tidal_volume',
  'ventilator.rrBpm': 'ventilator.rate',
  'ventilator.peepCmH2O': 'ventilator.peep',
  'ventilator.fio2': 'ventilator.fio2',
};

/**
 * The range a YAML field of an intervention accepts once its kind (and drug, device) are known, or
 * undefined when the field takes no number there: shown beside the field in the editor.
 */
export function fieldRange(kind: InterventionKind | undefined, drug: DrugId | undefined, device: string | undefined, key: string): Limit | undefined {
  const d = drug !== undefined && (DRUG_IDS as readonly string[]).includes(drug) ? DRUG_LIMITS[drug] : undefined;
  switch (key) {
    case 'dose':
    case 'dose_units':
      return d?.bolus;
    case 'dose_rate':
      return drug === 'dextrose' ? L.dextroseRate : (d?.infusion ?? undefined);
    case 'units_rate':
      return L.insulinRate;
    case 'volume':
      return kind === 'blood_transfusion' ? L.transfusionVolume : kind === 'fluid_bolus' ? L.fluidBolusVolume : undefined;
    case 'rate':
      return kind === 'fluid_bolus' ? L.fluidBolusRate : kind === 'fluid_infusion' ? L.fluidInfusionRate : kind === 'blood_transfusion' ? L.transfusionRate : kind === 'drug_infusion' ? L.dextroseD10Rate : undefined;
    case 'flow':
      return device !== undefined && device in L.flow ? L.flow[device as keyof typeof L.flow] : undefined;
    case 'fio2':
      return L.fio2;
    case 'energy':
      return L.energy;
    case 'pacing_rate':
      return L.pacingRate;
    default:
      return undefined;
  }
}
