/**
 * Benchmark for `npm run bench`: one standard adult with an evolving condition mix, stepped for
 * simSeconds of simulated time on one core.
 */
import { PatientModel } from './engine';
import { STANDARD_ADULT } from './types';

export function benchPhysiology(simSeconds: number): { simSeconds: number; wallMs: number } {
  const m = new PatientModel(STANDARD_ADULT, 12345);
  m.startCondition({ kind: 'sepsis', severity: 0.6 });
  m.applyIntervention({ kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 });
  const t0 = performance.now();
  m.advance(simSeconds);
  const wallMs = performance.now() - t0;
  return { simSeconds, wallMs };
}
