// Hostile test module: Calls process.exit() after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) (globalThis as any).process.exit(1); return [];
    },
  };
}
