/**
 * Lab tests a scenario can report from the hidden true state (the value the patient really has at
 * the moment of sampling). Other tests can be scripted with a fixed `value` text.
 */
export interface LabTestDef {
  truthKey: string;
  unit: string;
  decimals: number;
}

export const LAB_TESTS: Readonly<Record<string, LabTestDef>> = {
  lactate: { truthKey: 'lactateMmolL', unit: 'mmol/L', decimals: 1 },
  glucose: { truthKey: 'glucoseMgDl', unit: 'mg/dL', decimals: 0 },
  ph: { truthKey: 'ph', unit: '', decimals: 2 },
  pao2: { truthKey: 'pao2MmHg', unit: 'mmHg', decimals: 0 },
  paco2: { truthKey: 'paco2MmHg', unit: 'mmHg', decimals: 0 },
  potassium: { truthKey: 'potassiumMmolL', unit: 'mmol/L', decimals: 1 },
  temperature: { truthKey: 'coreTempC', unit: 'C', decimals: 1 },
};
