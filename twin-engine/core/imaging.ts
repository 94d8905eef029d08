/**
 * A portable chest radiograph, reported in words from the patient's state when it was taken (issue 15:
 * "chest X-ray" only recorded that it was asked for). The findings follow the conditions the model has at
 * that moment and the standard radiographic signs of each (docs/REFERENCES.md#chest-radiograph): a
 * student reads what a radiologist would write, consistent with the twin — and, like the real film,
 * it can be normal in a pulmonary embolism. The model is not lateralised: a one-sided finding is
 * reported on the right.
 */
import type { TrueState } from '../physiology/index';

export interface ImagingCondition {
  kind: string;
  /** Severity reached now (the condition's severity times its ramp so far), 0..1. */
  effective: number;
}

/** Portable chest radiograph: taken at the bedside, reported within about half an hour. */
export const CHEST_XRAY_TURNAROUND_S = 30 * 60;

export function chestXrayReport(s: Readonly<TrueState>, conditions: readonly ImagingCondition[], comorbidities: readonly string[]): string {
  const sev = (kind: string) => conditions.filter((c) => c.kind === kind).reduce((m, c) => Math.max(m, c.effective), 0);
  const findings: string[] = [];
  const impression: string[] = [];
  if (s.intubated) findings.push('Endotracheal tube, tip about 4 cm above the carina.');
  const ptx = sev('tension_pneumothorax');
  if (ptx >= 0.15) {
    findings.push(
      ptx >= 0.4
        ? 'Large right pneumothorax with complete collapse of the right lung, mediastinal shift to the left and depression of the right hemidiaphragm.'
        : 'Right pneumothorax with partial lung collapse; the mediastinum is midline.',
    );
    impression.push(ptx >= 0.4 ? 'Right tension pneumothorax.' : 'Right pneumothorax.');
  }
  const pna = sev('pneumonia');
  if (pna >= 0.15) {
    findings.push(pna >= 0.6 ? 'Dense airspace consolidation in the right lower and middle lobes with air bronchograms; patchy opacity at the left base.' : 'Airspace consolidation in the right lower lobe with air bronchograms.');
    impression.push(pna >= 0.6 ? 'Multilobar pneumonia.' : 'Right lower lobe pneumonia.');
  }
  const ards = sev('ards');
  if (ards >= 0.2) {
    findings.push('Bilateral diffuse airspace opacities, not explained by effusion, collapse or nodules; heart size normal.');
    impression.push('Bilateral opacities consistent with ARDS in this clinical setting (Berlin definition).');
  }
  // Pulmonary venous hypertension, graded by wedge pressure (the classic radiographic correlation).
  const cardiac = sev('cardiogenic_shock') >= 0.15 || comorbidities.includes('heart_failure');
  if (s.pcwpMmHg > 25) {
    findings.push(`${cardiac ? 'Cardiomegaly. ' : ''}Bilateral perihilar alveolar opacities ("bat wing"), Kerley B lines and small bilateral pleural effusions.`);
    impression.push('Alveolar pulmonary oedema.');
  } else if (s.pcwpMmHg > 18) {
    findings.push(`${cardiac ? 'Cardiomegaly. ' : ''}Upper-lobe venous diversion, interstitial lines (Kerley B) and peribronchial cuffing.`);
    impression.push('Interstitial pulmonary oedema.');
  } else if (cardiac) {
    findings.push('Cardiomegaly (cardiothoracic ratio above 0.5); no pulmonary oedema.');
    impression.push('Cardiomegaly.');
  }
  if (comorbidities.includes('copd') || sev('copd_exacerbation') >= 0.15 || sev('asthma_exacerbation') >= 0.3) {
    findings.push('Hyperinflated lungs with flattened hemidiaphragms and an increased retrosternal air space.');
    if (!impression.length) impression.push('Hyperinflation; no consolidation or pneumothorax.');
  }
  if (!findings.length || findings.every((f) => f.startsWith('Endotracheal'))) {
    findings.push('Lungs clear. Heart size normal. No pleural effusion or pneumothorax.');
  }
  if (!impression.length) impression.push('No acute cardiopulmonary abnormality.');
  if (sev('pulmonary_embolism') >= 0.15) impression.push('A normal or near-normal radiograph does not exclude pulmonary embolism.');
  return `Portable AP chest radiograph. Findings: ${findings.join(' ')} Impression: ${impression.join(' ')}`;
}
