// Hostile test module: Requires child_process after 20 s.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';

// The CommonJS `require` the sandbox hands every module file (it serves only the module's own files).
declare const require: (id: string) => { execSync(cmd: string): unknown };

export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) require('child_process').execSync('id');
      return [];
    },
  };
}
