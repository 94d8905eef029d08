/** The preview runner (engine side): deterministic, cancellable, learner path applied, band built. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bandOf, compileLearnerPath, runPreviewSeed, type PreviewRun } from '../../twin-engine/preview/index';
import { LEARNER_PRESETS } from '../../renderer/src/editor/preview-store';
import { parseDoc, serialize, setAt } from '../../renderer/src/editor/doc-model';
import { timelineItems } from '../../renderer/src/editor/timeline-model';

const read = (f: string) => readFileSync(resolve(import.meta.dirname, '../../scenarios', f), 'utf8');

function withRate(rate: string): string {
  const doc = parseDoc(read('hemorrhage-postop.yaml'));
  setAt(doc, 'timeline[0].action.start_condition.params.rateMlPerMin', rate);
  return serialize(doc);
}

describe('preview runner', () => {
  it('a faster bleed gives a lower MAP minimum; same seed, same curve', async () => {
    const run = async (text: string) => {
      const r = await runPreviewSeed({ text, fileName: 'h.yaml', seeds: [1], learnerPath: [] }, 1);
      if (!r || !r.ok) throw new Error(r ? r.message : 'stopped');
      return r.run;
    };
    const slow = await run(withRate('10 mL/min'));
    const fast = await run(withRate('20 mL/min'));
    const min = (r: PreviewRun) => Math.min(...r.series.map);
    expect(min(fast)).toBeLessThan(min(slow) - 5);
    expect(slow.timesS.length).toBe(721);
    expect(slow.events.some((e) => e.kind === 'condition')).toBe(true);
    const again = await run(withRate('10 mL/min'));
    expect([...again.series.map]).toEqual([...slow.series.map]);
  });

  it('stops when told to', async () => {
    const r = await runPreviewSeed({ text: read('hemorrhage-postop.yaml'), fileName: 'h.yaml', seeds: [1], learnerPath: [] }, 1, { yieldNow: async () => undefined, shouldStop: () => true });
    expect(r).toBeNull();
  });

  it('every learner preset is a valid intervention or action', () => {
    for (const [k, p] of Object.entries(LEARNER_PRESETS)) {
      const r = compileLearnerPath([{ at: '20 min', ...p.step }]);
      expect(r.ok, `${k}: ${r.ok ? '' : r.message}`).toBe(true);
    }
    const bad = compileLearnerPath([{ at: '20 min', intervention: { kind: 'drug_bolus', drug: 'antibiotic' } }]);
    expect(bad.ok).toBe(false);
  });

  it('builds a min–max band over seeds', async () => {
    const runs: PreviewRun[] = [];
    for (const seed of [1, 2, 3]) {
      const r = await runPreviewSeed({ text: read('fever-benign.yaml'), fileName: 'f.yaml', seeds: [seed], learnerPath: [], maxDurationS: 1800 }, seed);
      if (r && r.ok) runs.push(r.run);
    }
    const band = bandOf(runs)!;
    for (let i = 0; i < band.lo.hr.length; i += 50) {
      for (const r of runs) {
        expect(r.series.hr[i]).toBeGreaterThanOrEqual(band.lo.hr[i]);
        expect(r.series.hr[i]).toBeLessThanOrEqual(band.hi.hr[i]);
      }
    }
  });

  it('timeline model resolves $param times and lanes', () => {
    const items = timelineItems(parseDoc(read('hemorrhage-postop.yaml')));
    expect(items.map((i) => [i.path, i.atS, i.lane, i.param])).toEqual([
      ['timeline[0]', 900, 'Conditions', 'onset'],
      ['timeline[1]', 2400, 'Notes', null],
    ]);
  });
});
