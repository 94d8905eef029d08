// Hostile test module: Returns a string instead of findings.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      return (input.simTimeS >= 20 ? 'hello' : []) as never;
    },
  };
}
