// Hostile test module: Calls Math.random() after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20 && Math.random() > 2) return [{ label: 'hypoxemia', score: 1, severity: 'low', message: 'x' }]; return [];
    },
  };
}
