// Hostile test module: Returns 50 findings in one second after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS < 20) return []; return Array.from({ length: 50 }, () => ({ label: 'hypoxemia', score: 0.5, severity: 'low', message: 'flood' }));
    },
  };
}
