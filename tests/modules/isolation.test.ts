/**
 * Hostile modules (tests/modules/hostile/): each misbehaviour is contained — the module is quarantined
 * with a clear reason, a well-behaved module attached beside it keeps publishing, and the simulation's
 * outputs (every numerics frame and every event other than the hostile module's own) are IDENTICAL to a
 * run without it.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeModuleHost } from '../../twin-engine/node/module-host';
import type { HostModuleSource } from '../../twin-engine/modules-host/module-host';
import { HOSTILE, MODULES, recordRun, without, type RunRecord } from './helpers';
import { HOSTILE_REASONS } from './hostile-reasons';

const SCENARIO = 'pe-massive.yaml';
const SEED = 7;
// Long enough to pass the embolism's onset at 600 s, so the companion module has real hypoxaemia to report.
const DURATION_S = 720;
const COMPANION: HostModuleSource = { kind: 'file', path: join(MODULES, 'examples/spo2-rule-js') };

const CASES = HOSTILE_REASONS;

let baseline: RunRecord;

beforeAll(async () => {
  baseline = await recordRun(SCENARIO, SEED, DURATION_S, [COMPANION]);
}, 120_000);

describe('hostile modules are contained', () => {
  it('the baseline companion module publishes findings', () => {
    expect(baseline.findings.length).toBeGreaterThan(0);
  });

  for (const [name, reason] of Object.entries(CASES)) {
    it(`${name}: quarantined with a clear reason; outputs identical to a run without it`, async () => {
      const rec = await recordRun(SCENARIO, SEED, DURATION_S, [COMPANION, { kind: 'file', path: join(HOSTILE, name) }]);
      const status = rec.events.filter((e) => e.type === 'module' && e.moduleId === `hostile-${name}`);
      expect(status.length, `no quarantine event for ${name}`).toBe(1);
      const msg = status[0].type === 'module' ? status[0].message : '';
      console.log(`${name}: ${msg}`);
      expect(msg).toMatch(reason);
      expect(without(rec, `hostile-${name}`)).toEqual(without(baseline, 'none'));
      // Nothing the hostile module returned in or after the second it was quarantined got out.
      const quarantinedAtS = status[0].simTimeS;
      expect(rec.findings.filter((f) => f.moduleId === `hostile-${name}` && f.simTimeS >= quarantinedAtS)).toEqual([]);
    }, 60_000);
  }

  it('a module with an incomplete model card is refused, listing what is missing', async () => {
    const host = createNodeModuleHost();
    await expect(host.attach({ kind: 'file', path: join(HOSTILE, 'no-card') })).rejects.toThrow(
      /model card incomplete: missing or placeholder \(< 20 chars\) intendedUsers, trainingData, evaluationData, factors, metrics, limitations, ethicalConsiderations/,
    );
    await host.dispose();
  });
});
