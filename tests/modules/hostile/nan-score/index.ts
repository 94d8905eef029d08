// Hostile test module: Emits a finding with score NaN after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS < 20) return []; return [{ label: 'hypoxemia', score: NaN, severity: 'low', message: 'nan' }];
    },
  };
}
