/** Shared test helpers: a scripted fake bed and a scenario builder from YAML text. */
import { readFileSync } from 'node:fs';
import { formatDiagnostic, parseScenario, type BedControl, type Scenario } from '../../twin-engine/scenario/index';
import type { ConditionSpec, InterventionSpec, TrueState } from '../../twin-engine/physiology/types';
import type { MonitorNumerics } from '../../twin-engine/devices/types';

export const SCENARIOS_URL = new URL('../../scenarios/', import.meta.url);
export const readLib = (p: string): string => readFileSync(new URL(p, SCENARIOS_URL), 'utf8');

export function scenarioFrom(text: string, file = 'test.yaml'): Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
}

/** Minimal valid header so runtime tests only write what they test. */
export const HEADER = `kind: scenario
id: t
title: Test
level: novice
author: tests
duration: 1 h
objectives: [test]
`;

/** A bed whose truth and measurements the test sets directly; records what the runtime did. */
export class FakeBed implements BedControl {
  truth = { mapMmHg: 80, hrBpm: 80, sbpMmHg: 120, rrBpm: 14, lactateMmolL: 1.2, sao2Pct: 98 } as unknown as TrueState;
  measured: MonitorNumerics | null = { spo2Pct: 98, hrBpm: 80 } as unknown as MonitorNumerics;
  episodes = new Set<string>();
  calls: string[] = [];
  private next = 1;
  set(values: Partial<Record<keyof TrueState, number>>): void {
    Object.assign(this.truth, values);
  }
  startCondition(spec: ConditionSpec): string {
    const id = `c${this.next++}`;
    this.calls.push(`start ${spec.kind} ${spec.severity} ${spec.rampS ?? '-'} -> ${id}`);
    return id;
  }
  updateCondition(id: string, patch: Partial<ConditionSpec>): void {
    this.calls.push(`update ${id} ${JSON.stringify(patch)}`);
  }
  stopCondition(id: string): void {
    this.calls.push(`stop ${id}`);
  }
  applyIntervention(spec: InterventionSpec): void {
    this.calls.push(`intervention ${JSON.stringify(spec)}`);
  }
  isEpisodeActive(label: string): boolean {
    return this.episodes.has(label);
  }
}

/** Tick a runtime at the engine's 0.1 s step from `fromS` (exclusive) to `toS` (inclusive). */
export function run(rt: { tick(t: number): void }, fromS: number, toS: number, dtS = 0.1, each?: (t: number) => void): void {
  const n0 = Math.round(fromS / dtS);
  const n1 = Math.round(toS / dtS);
  for (let n = n0 + 1; n <= n1; n++) {
    const t = n * dtS;
    each?.(t);
    rt.tick(t);
  }
}
