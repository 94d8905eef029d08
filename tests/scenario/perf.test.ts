/** The runtime is called every physiology step for every bed: a step with nothing due must be cheap. */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioRuntime } from '../../twin-engine/scenario/index';
import { FakeBed, readLib } from './helpers';

describe('runtime cost', () => {
  it('ticks a full library scenario (triggers, anchors, labels) at well under 2 µs per step', () => {
    const r = parseScenario(readLib('sepsis-urosepsis.yaml'), 'sepsis-urosepsis.yaml');
    if (!r.ok) throw new Error('invalid');
    const rt = new ScenarioRuntime(r.value, new FakeBed());
    const steps = 200_000;
    for (let n = 1; n <= 1000; n++) rt.tick(n * 0.1); // warm up (JIT)
    const t0 = performance.now();
    for (let n = 1001; n <= steps; n++) rt.tick(n * 0.1);
    const perStepUs = ((performance.now() - t0) * 1000) / steps;
    expect(perStepUs).toBeLessThan(2);
  });
});
