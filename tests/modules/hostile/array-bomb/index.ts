// Hostile test module: new Array(1e9).fill(1) in onSecond after 20 s — a V8 fatal out-of-memory that
// aborts the whole process it runs in (issue 19: it took `wardtwin run` down with it).
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';

export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) return new Array(1e9).fill(1).length > 0 ? [] : [];
      return [];
    },
  };
}
