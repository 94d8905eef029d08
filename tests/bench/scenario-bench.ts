/** Cost of one ScenarioRuntime tick on a full library scenario (triggers, anchors, labels) at rest. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bedControlFor, parseScenario, ScenarioRuntime } from '../../twin-engine/scenario/index';
import { PatientModel, STANDARD_ADULT } from '../../twin-engine/physiology/index';
import { SCENARIOS_DIR } from '../../twin-engine/node/library-fs';

export function benchScenarioTick(): number {
  const r = parseScenario(readFileSync(resolve(SCENARIOS_DIR, 'sepsis-urosepsis.yaml'), 'utf8'), 'sepsis-urosepsis.yaml');
  if (!r.ok) throw new Error('sepsis-urosepsis.yaml does not validate');
  const model = new PatientModel(STANDARD_ADULT, 1);
  const rt = new ScenarioRuntime(r.value, bedControlFor(() => model));
  for (let n = 1; n <= 1000; n++) rt.tick(n * 0.1); // JIT warm-up
  const steps = 200_000;
  const t0 = performance.now();
  for (let n = 1001; n <= steps; n++) rt.tick(n * 0.1);
  return ((performance.now() - t0) * 1000) / steps;
}
