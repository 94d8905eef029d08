// Hostile test module: One finding every second (limit 20 per bed-minute).
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      return [{ label: 'hypoxemia', score: 0.5, severity: 'low', message: 'steady flood' }];
    },
  };
}
