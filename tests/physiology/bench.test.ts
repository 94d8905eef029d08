/**
 * The physiology benchmark function used by `npm run bench` (engine.physiology.realtime_factor).
 * Speed targets live in the benchmark output, not in timed tests (a loaded CI machine would make them
 * flaky); standalone the model runs at ≈ 100,000× real time (scripts/validation-table.ts reports it).
 */
import { describe, expect, it } from 'vitest';
import { benchPhysiology } from '../../twin-engine/physiology/bench';

describe('benchmark', () => {
  it('benchPhysiology simulates exactly the requested time and reports its wall time', () => {
    const r = benchPhysiology(600);
    expect(r.simSeconds).toBe(600);
    expect(r.wallMs).toBeGreaterThan(0);
  });
});
