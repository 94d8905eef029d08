import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadWard } from '../../twin-engine/scenario/index';

const readLib = (p: string) => readFileSync(new URL(`../../scenarios/${p}`, import.meta.url), 'utf8');

describe('default ward', () => {
  it('loads with 8 beds, some stable and some deteriorating', () => {
    const r = loadWard('wards/default.yaml', readLib);
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
    const w = r.value;
    expect(w.beds).toHaveLength(8);
    const stable = w.beds.filter((b) => b.scenarioFile === null);
    expect(stable.length).toBeGreaterThanOrEqual(3);
    expect(w.beds.filter((b) => b.scenarioFile !== null).length).toBeGreaterThanOrEqual(3);
    expect(new Set(w.beds.map((b) => b.seed)).size).toBe(8);
    const b1 = w.beds[0];
    expect(b1.scenarioFile).toBe('sepsis-urosepsis.yaml');
    expect(b1.scenario.timeline[0].atS).toBe(20 * 60); // the ward overrides the onset parameter
  });
});
