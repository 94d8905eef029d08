// Hostile test module: Allocates a 1.5 GB ArrayBuffer (outside the JS heap) after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';
let held: Float64Array | null = null;

export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20 && !held) held = new Float64Array(2e8); return [];
    },
  };
}
