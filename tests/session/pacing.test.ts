/** Pacing alone: wall clock → whole physiology steps (session/pacing.ts). */
import { describe, expect, it } from 'vitest';
import { MAX_CATCH_UP_MS, MAX_SPEED_BUDGET_MS, Pacer } from '../../twin-engine/session/pacing';

describe('Pacer', () => {
  it('at 1× turns wall time into whole 0.1 s steps, carrying the remainder', () => {
    const p = new Pacer(0.1);
    p.start(1000);
    // 50 ms of wall time is half a step: none yet, the 0.05 s is owed.
    expect(p.plan(1050, 1)).toMatchObject({ kind: 'paced', steps: 0 });
    // Another 50 ms completes it.
    expect(p.plan(1100, 1)).toMatchObject({ kind: 'paced', steps: 1 });
    // 220 ms → 2 steps, 0.02 s owed; 80 ms more → exactly one more step.
    expect(p.plan(1320, 1)).toMatchObject({ steps: 2 });
    expect(p.plan(1400, 1)).toMatchObject({ steps: 1 });
  });

  it('multiplies by the speed (60×: 50 ms of wall time is 3 simulated seconds = 30 steps)', () => {
    const p = new Pacer(0.1);
    p.start(0);
    expect(p.plan(50, 60)).toMatchObject({ steps: 30 });
  });

  it(`catches up at most ${MAX_CATCH_UP_MS} ms of wall time after a stall`, () => {
    const p = new Pacer(0.1);
    p.start(0);
    // A 10 s stall (background tab) at 1× simulates 0.25 s, i.e. 2 steps with 0.05 s owed.
    expect(p.plan(10_000, 1)).toMatchObject({ steps: 2, wallMs: MAX_CATCH_UP_MS });
    expect(p.plan(10_050, 1)).toMatchObject({ steps: 1 });
  });

  it("at 'max' gives a wall deadline, not a step count", () => {
    const p = new Pacer(0.1);
    p.start(0);
    expect(p.plan(20, 'max')).toEqual({ kind: 'max', deadlineMs: 20 + MAX_SPEED_BUDGET_MS, startMs: 20, wallMs: 20 });
  });

  it('reports the achieved factor: simulated seconds over the wall time since the previous tick', () => {
    const p = new Pacer(0.1);
    p.start(0);
    const plan = p.plan(50, 10);
    // 0.5 s simulated over 50 ms wait + 50 ms of work = 5×.
    expect(p.done(plan, 100, 0.5)).toBeCloseTo(5, 12);
    expect(p.achievedFactor).toBeCloseTo(5, 12);
  });

  it('forgets the owed time when restarted (play after pause, speed change)', () => {
    const p = new Pacer(0.1);
    p.start(0);
    p.plan(90, 1); // 0.09 s owed
    p.start(1000);
    expect(p.plan(1010, 1)).toMatchObject({ steps: 0 });
    p.resetDebt();
    expect(p.plan(1100, 1)).toMatchObject({ steps: 0 });
  });
});
