// Hostile test module: Holds a 160 MB ArrayBuffer after 20 s: over its 96 MB cap but under the OS data limit, so the after-call check stops it.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';
let held: Float64Array | null = null;

export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20 && !held) held = new Float64Array(2e7); return [];
    },
  };
}
