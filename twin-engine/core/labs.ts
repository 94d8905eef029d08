/**
 * Laboratory orders: a sample is drawn when ordered (the patient's true value at that moment, reported
 * at the analyser's precision) and the result arrives after the panel's realistic turnaround time.
 */
import type { TrueState } from '../physiology/index';
import { dpow } from '../util/detmath';
import type { LabResultValue } from '../shared/session-data';
import { chestXrayReport, CHEST_XRAY_TURNAROUND_S, type ImagingCondition } from './imaging';
import { ECG12_DURATION_S, type Ecg12Recording } from '../devices/ecg12';

export interface Analyte {
  name: string;
  truthKey: keyof TrueState;
  unit: string;
  decimals: number;
  /**
   * Adult reference interval [low, high] as a laboratory reports it beside the result
   * (docs/REFERENCES.md#lab-reference-ranges); a value outside is flagged L or H.
   */
  ref: readonly [number, number];
}

export interface LabPanel {
  id: string;
  label: string;
  turnaroundS: number;
  /** Learner-action names (scenario vocabulary) that ordering this panel satisfies. */
  actions: string[];
  analytes: Analyte[];
}

const a = (name: string, truthKey: keyof TrueState, unit: string, decimals: number, ref: readonly [number, number]): Analyte => ({ name, truthKey, unit, decimals, ref });

/**
 * Turnaround times: point-of-care blood gas 2–5 min and capillary glucose ~1 min (bedside analysers);
 * central-lab lactate ~20 min, full blood count ~30 min, electrolytes/creatinine ~45 min, and
 * high-sensitivity troponin within the 60 min the ESC 2020 NSTE-ACS guideline sets as the target.
 */
export const LAB_PANELS: readonly LabPanel[] = [
  {
    id: 'abg',
    label: 'Arterial blood gas',
    turnaroundS: 5 * 60,
    actions: ['abg', 'lactate_sample'],
    analytes: [
      a('pH', 'ph', '', 2, [7.35, 7.45]),
      a('PaO2', 'pao2MmHg', 'mmHg', 0, [80, 100]),
      a('PaCO2', 'paco2MmHg', 'mmHg', 0, [35, 45]),
      a('HCO3', 'hco3MmolL', 'mmol/L', 1, [22, 26]),
      a('Base excess', 'baseExcessMmolL', 'mmol/L', 1, [-2, 2]),
      a('SaO2', 'sao2Pct', '%', 1, [95, 100]),
      a('Lactate', 'lactateMmolL', 'mmol/L', 1, [0.5, 2.0]),
      a('K+', 'potassiumMmolL', 'mmol/L', 1, [3.5, 5.0]),
    ],
  },
  { id: 'lactate', label: 'Lactate', turnaroundS: 20 * 60, actions: ['lactate_sample'], analytes: [a('Lactate', 'lactateMmolL', 'mmol/L', 1, [0.5, 2.0])] },
  { id: 'glucose', label: 'Capillary glucose', turnaroundS: 60, actions: ['glucose_check'], analytes: [a('Glucose', 'glucoseMgDl', 'mg/dL', 0, [70, 140])] },
  {
    id: 'electrolytes',
    label: 'Electrolytes and renal function',
    turnaroundS: 45 * 60,
    actions: ['potassium_check'],
    analytes: [a('K+', 'potassiumMmolL', 'mmol/L', 1, [3.5, 5.0]), a('Creatinine', 'creatinineMgDl', 'mg/dL', 2, [0.6, 1.2]), a('HCO3', 'hco3MmolL', 'mmol/L', 1, [22, 26])],
  },
  // Imaging goes through the same order → result path: its result is a written report, not numbers.
  { id: 'chest_xray', label: 'Chest X-ray (portable)', turnaroundS: CHEST_XRAY_TURNAROUND_S, actions: ['chest_xray'], analytes: [] },
  // The 12-lead ECG too: the cart records the 10 s after the order (devices/ecg12.ts); its result is the tracing.
  { id: 'ecg_12_lead', label: '12-lead ECG', turnaroundS: ECG12_DURATION_S, actions: ['ecg_12_lead'], analytes: [] },
  { id: 'troponin', label: 'hs-Troponin', turnaroundS: 60 * 60, actions: ['troponin'], analytes: [a('hs-Troponin', 'troponinNgL', 'ng/L', 0, [0, 14])] },
  {
    id: 'blood_count',
    label: 'Full blood count',
    turnaroundS: 30 * 60,
    actions: [],
    analytes: [a('Hb', 'hbGDl', 'g/dL', 1, [12.0, 17.5]), a('WBC', 'wbc10e9L', '×10⁹/L', 1, [4.0, 11.0]), a('Platelets', 'plateletsE9L', '×10⁹/L', 0, [150, 400])],
  },
];

export type { LabResultValue };

/** A panel's analyte by name, or undefined when the panel or the analyte is unknown (printing degrades, never throws). */
function analyte(panelId: string, name: string): Analyte | undefined {
  return LAB_PANELS.find((p) => p.id === panelId)?.analytes.find((x) => x.name === name);
}

/** A result's flag against its analyte's reference interval: 'L' below, 'H' above, '' inside or unknown. */
export function labFlag(panelId: string, r: LabResultValue): 'L' | 'H' | '' {
  const an = analyte(panelId, r.name);
  if (!an) return '';
  return r.value < an.ref[0] ? 'L' : r.value > an.ref[1] ? 'H' : '';
}

/** A result as the laboratory prints it: at the analyte's precision (pH 7.40, not 7.4). */
export function labValueText(panelId: string, r: LabResultValue): string {
  const an = analyte(panelId, r.name);
  return an ? r.value.toFixed(an.decimals) : String(r.value);
}

/** The reference interval of a panel's analyte, e.g. "3.5–5.0", or '' when the analyte is unknown. */
export function labRange(panelId: string, name: string): string {
  const an = analyte(panelId, name);
  if (!an) return '';
  const [lo, hi] = an.ref.map((v) => v.toFixed(an.decimals));
  return an.ref[0] < 0 ? `${lo} to ${hi}` : `${lo}–${hi}`;
}

export interface LabOrder {
  orderId: string;
  bedId: string;
  panel: string;
  orderedS: number;
  dueS: number;
  results: LabResultValue[];
  /** A written report (imaging), fixed when the image was taken; for a 12-lead ECG, the cart's measurements. */
  report?: string;
  /** 12-lead ECG: the tracing, once recorded (read with the session's ecg12Recording command). */
  ecg12?: Ecg12Recording;
  reported: boolean;
}

export function findPanel(id: string): LabPanel {
  const p = LAB_PANELS.find((x) => x.id === id);
  if (!p) throw new Error(`Unknown lab panel '${id}'. Panels: ${LAB_PANELS.map((x) => x.id).join(', ')}`);
  return p;
}

const round = (v: number, d: number) => {
  const f = dpow(10, d);
  return Math.round(v * f) / f;
};

/** Draw the sample now: the values are fixed at order time, reported at the panel's precision. */
export function drawSample(
  orderId: string,
  bedId: string,
  panelId: string,
  nowS: number,
  truth: Readonly<TrueState>,
  imaging: { conditions: readonly ImagingCondition[]; comorbidities: readonly string[] } = { conditions: [], comorbidities: [] },
): LabOrder {
  const panel = findPanel(panelId);
  return {
    ...(panel.id === 'chest_xray' ? { report: chestXrayReport(truth, imaging.conditions, imaging.comorbidities) } : {}),
    orderId,
    bedId,
    panel: panel.id,
    orderedS: nowS,
    dueS: nowS + panel.turnaroundS,
    results: panel.analytes.map((an) => ({ name: an.name, value: round(truth[an.truthKey] as number, an.decimals), unit: an.unit })),
    reported: false,
  };
}
