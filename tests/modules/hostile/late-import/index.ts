// Hostile test module: loads cleanly, then at 20 s tries a dynamic import through eval and through the
// Function constructor, swallowing whatever is thrown, and carries on as if nothing happened.
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';

const spec = ['node', 'fs'].join(':');

export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) {
        try {
          (0, eval)(`imp${'ort'}('${spec}')`);
        } catch {
          /* swallowed */
        }
        try {
          new Function(`return imp${'ort'}('${spec}')`)();
        } catch {
          /* swallowed */
        }
      }
      return [];
    },
  };
}
