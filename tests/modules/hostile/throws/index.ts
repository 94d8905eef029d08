// Hostile test module: Throws an Error after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) throw new Error('boom at ' + input.simTimeS); return [];
    },
  };
}
