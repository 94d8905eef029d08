/**
 * Pacing: wall clock → how many fixed steps a tick simulates. Simulated time advances only in whole
 * physiology steps; wall time only decides how many. Pure bookkeeping (no timers, no engine), so it is
 * testable alone (tests/session/pacing.test.ts).
 */
import type { Speed } from './api';

/** Wall budget per tick at 'max' speed, leaving the host's event loop responsive. */
export const MAX_SPEED_BUDGET_MS = 40;
/** A tick after a long stall (tab in background) catches up at most this much wall time. */
export const MAX_CATCH_UP_MS = 250;

export type TickPlan =
  /** Paced: exactly this many steps (strict module lockstep: someone is watching in real time). */
  | { kind: 'paced'; steps: number; startMs: number; wallMs: number }
  /** 'max': as many steps as fit before `deadlineMs` (modules batched: throughput is what matters). */
  | { kind: 'max'; deadlineMs: number; startMs: number; wallMs: number };

export class Pacer {
  private lastWallMs = 0;
  /** Simulated seconds owed but less than one step (carried so no time is lost to rounding). */
  private simDebtS = 0;
  private factor = 0;

  constructor(private readonly dtS: number) {}

  /** Playing starts (or the speed changes): forget the debt, measure wall time from now. */
  start(nowMs: number): void {
    this.lastWallMs = nowMs;
    this.simDebtS = 0;
  }

  resetDebt(): void {
    this.simDebtS = 0;
  }

  /** What the tick starting at `nowMs` should simulate. */
  plan(nowMs: number, speed: Speed): TickPlan {
    const wallMs = Math.min(nowMs - this.lastWallMs, MAX_CATCH_UP_MS);
    this.lastWallMs = nowMs;
    if (speed === 'max') return { kind: 'max', deadlineMs: nowMs + MAX_SPEED_BUDGET_MS, startMs: nowMs, wallMs };
    this.simDebtS += (wallMs / 1000) * speed;
    const steps = Math.floor(this.simDebtS / this.dtS + 1e-9);
    this.simDebtS -= steps * this.dtS;
    return { kind: 'paced', steps, startMs: nowMs, wallMs };
  }

  /** The tick finished at `nowMs` having simulated `simS`: the achieved real-time factor. */
  done(plan: TickPlan, nowMs: number, simS: number): number {
    const elapsedWall = Math.max(nowMs - plan.startMs + plan.wallMs, 1e-3);
    this.factor = simS / (elapsedWall / 1000);
    return this.factor;
  }

  get achievedFactor(): number {
    return this.factor;
  }
}
