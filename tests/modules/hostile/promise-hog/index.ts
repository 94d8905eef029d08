// Hostile test module: returns at once from onSecond but burns ~100+ ms of CPU every second after 20 s
// in promise jobs it queued (issue 19: such work escaped the per-call budget and slowed the run 21×).
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';

export default function create() {
  let sink = 0;
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) {
        // A few hops down the job queue, behind the host's own continuation of the call.
        void Promise.resolve().then(() => 0).then(() => 0).then(() => 0).then(() => {
          let x = 0;
          for (let i = 0; i < 3e7; i++) x = (x + i * 7) % 1000003;
          sink += x;
        });
      }
      return sink === -1 ? [{ label: 'hypoxemia', score: 1, severity: 'low', message: 'never' }] : [];
    },
  };
}
