/**
 * Model cards (Mitchell et al., FAT* 2019; docs/REFERENCES.md#model-cards) for the reference modules, shown in the report beside the
 * measured, per-factor results. A sandboxed module would ship its own card in the same shape.
 */
export interface ModelCard {
  modelDetails: string;
  intendedUse: string;
  factors: string;
  metrics: string;
  evaluationData: string;
  trainingData: string;
  ethicalConsiderations: string;
  caveats: string;
}

export const BUILTIN_CARDS: Readonly<Record<string, ModelCard>> = {
  'shock-index': {
    modelDetails: 'Shock index = HR / SBP (Allgöwer & Burri 1967). Rule, not learned: one "shock" finding when the index reaches 1.0, re-armed after it falls below 0.9. WardTwin reference module v1.0.0.',
    intendedUse: 'Teaching baseline for simulated ward patients: flags possible shock from monitor numerics. Not for clinical use.',
    factors: 'Sex, age band, Monk skin tone group and comorbidity, as sampled by the cohort file. Uses the arterial systolic when present, else the last NIBP (which updates every 15 min).',
    metrics: 'Event sensitivity, PPV and F1 against truth "shock" episodes, latency, false alarms per patient-hour, window AUROC/AUPRC of its score stream (median HR/SBP of the last minute / 2.5, each minute); no Brier score or reliability curve, since it is not a probability.',
    evaluationData: 'Simulated patients sampled from the cohort file (see config in metrics.json), with and without monitor artifacts.',
    trainingData: 'None (a published threshold).',
    ethicalConsiderations: 'Threshold rules ignore age-related and drug-related changes in HR (beta-blockade blunts the index); the subgroup table shows where this matters in the twin.',
    caveats: 'The twin is a model: results transfer to patients only as far as the physiology does; docs/CALIBRATION.md compares its figures with published ones on real patients.',
  },
};
