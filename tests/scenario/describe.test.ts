/** Anchors and triggers in words for the debrief and the gradebook (issue 15: raw expressions were shown). */
import { expect, it } from 'vitest';
import { conditionInWords } from '../../twin-engine/scenario/describe';

it.each([
  ['truth.map_mmhg < 65 or truth.lactate_mmol_l >= 4', 'MAP < 65 mmHg or lactate ≥ 4 mmol/L'],
  ['truth.map_mmhg < 65 for 30 min', 'MAP < 65 mmHg for 30 min'],
  ['episode.sepsis', 'sepsis (episode)'],
  ['episode.cardiac_arrest', 'cardiac arrest (episode)'],
  ['measured.spo2 < 92', 'monitored SpO2 < 92 %'],
  ['truth.hr_bpm / truth.sbp_mmhg > 0.9', 'heart rate / systolic BP > 0.9'],
  ['truth.core_temp_c > 38', 'core temperature > 38 °C'],
  ['truth.glucose_mg_dl < 70', 'glucose < 70 mg/dL'],
  ['truth.st_elevation_mm > 1', 'ST elevation > 1 mm'],
  ['truth.ph < 7.3', 'pH < 7.3'],
  ['action.ecg_12_lead given', 'ecg 12 lead given'],
  ['state_time > 20 min and truth.map_mmhg < 55 for 2 min', 'time in this state > 20 min and MAP < 55 mmHg for 2 min'],
  ['elapsed > 6 min', 'time since the start > 6 min'],
  ['start', 'the scenario start'],
])('%s → %s', (src, words) => {
  expect(conditionInWords(src)).toBe(words);
});
