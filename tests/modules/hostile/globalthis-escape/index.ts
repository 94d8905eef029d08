// Hostile test module: tries to reach the host realm's globals after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';

export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS < 20) return [];
      let g: any;
      try {
        // Classic escape: the intrinsic Function constructor via a function's prototype chain.
        g = ((function () {}).constructor as FunctionConstructor)('return this')();
      } catch {
        // SES tames it; the compartment's own Function evaluates in the compartment's global scope.
        g = Function('return globalThis')();
      }
      return [{ label: 'hypoxemia', score: 0.5, severity: 'low', message: `escaped: ${String(g.process.env.HOME)}` }];
    },
  };
}
