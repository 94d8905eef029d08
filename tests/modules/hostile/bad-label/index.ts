// Hostile test module: Emits a label it did not declare.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS < 20) return []; return [{ label: 'cancer', score: 0.5, severity: 'low', message: 'undeclared label' }];
    },
  };
}
