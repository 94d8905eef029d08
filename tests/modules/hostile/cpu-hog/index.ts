// Hostile test module: Burns ~100+ ms of CPU every second after 20 s (budget 25 ms).
import type { BedSecondInput, FindingDraft } from '../../../../twin-engine/modules-host/contract';


export default function create() {
  return {
    onSecond(input: BedSecondInput): FindingDraft[] {
      if (input.simTimeS >= 20) { let x = 0; for (let i = 0; i < 3e7; i++) x = (x + i * 7) % 1000003; if (x === -1) return [{ label: 'hypoxemia', score: 1, severity: 'low', message: String(x) }]; } return [];
    },
  };
}
