/**
 * Turns the preview's learner path into timed calls. The interventions are validated by the scenario
 * loader itself (wrapped as a throw-away scenario's timeline), so "antibiotics at 20 min" is checked
 * with exactly the rules, units and did-you-means a scenario file gets.
 */
import { stringify } from 'yaml';
import { formatDiagnostic, parseScenario } from '../scenario/index';
import { toInterventionSpec } from '../scenario/runtime';
import { LEARNER_ACTIONS } from '../scenario/vocab';
import type { InterventionSpec } from '../physiology/index';
import type { LearnerStep } from './types';

export interface TimedLearnerStep {
  atS: number;
  spec?: InterventionSpec;
  action?: string;
}

export type LearnerPathResult = { ok: true; steps: TimedLearnerStep[] } | { ok: false; message: string };

export function compileLearnerPath(path: readonly LearnerStep[]): LearnerPathResult {
  if (path.length === 0) return { ok: true, steps: [] };
  const timeline = path.map((p) => ({ at: typeof p.at === 'number' ? `${p.at} s` : p.at, action: p.intervention ? { intervention: p.intervention } : { note: `learner: ${p.action ?? '?'}` } }));
  const text = stringify({ kind: 'scenario', id: 'learner-path', title: 'x', level: 'novice', author: 'x', duration: '48 h', objectives: ['x'], timeline });
  const r = parseScenario(text, 'learner path');
  if (!r.ok) return { ok: false, message: r.diagnostics.map(formatDiagnostic).join('\n') };
  const steps: TimedLearnerStep[] = [];
  for (let i = 0; i < path.length; i++) {
    const item = r.value.timeline[i];
    const p = path[i];
    if (p.intervention) {
      // The loader gives actions as { type, value } with values in the engine's units.
      const a = item.action as { type: string; value: Record<string, unknown> };
      steps.push({ atS: item.atS, spec: toInterventionSpec(a.value) });
    } else {
      if (!p.action || !LEARNER_ACTIONS.includes(p.action)) return { ok: false, message: `learner path[${i}]: expected a learner action, found '${p.action ?? ''}'` };
      steps.push({ atS: item.atS, action: p.action });
    }
  }
  steps.sort((a, b) => a.atS - b.atS);
  return { ok: true, steps };
}
