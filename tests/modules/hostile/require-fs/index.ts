// Hostile test module: Imports node:fs at load time.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';
import { readFileSync } from 'node:fs';
export const leak = readFileSync;

export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      return [];
    },
  };
}
