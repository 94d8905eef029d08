// Hostile test module: Grows its heap without bound after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) { const keep: number[][] = []; for (;;) keep.push(new Array(1e5).fill(input.simTimeS)); } return [];
    },
  };
}
