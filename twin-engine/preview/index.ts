/** The scenario editor's preview runner (engine side; runs in a Web Worker or in Node for the bench). */
export { runPreviewSeed, previewPlan, sampleInterval, type RunControl } from './run-preview';
export { compileLearnerPath, type TimedLearnerStep } from './learner-path';
export { bandOf, type Band } from './band';
export * from './types';
