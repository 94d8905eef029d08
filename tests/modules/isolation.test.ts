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

const SCENARIO = 'pe-massive.yaml';
const SEED = 7;
// Long enough to pass the embolism's onset at 600 s, so the companion module has real hypoxaemia to report.
const DURATION_S = 720;
const COMPANION: HostModuleSource = { kind: 'file', path: join(MODULES, 'examples/spo2-rule-js') };

/** hostile folder → what the quarantine reason must say. */
const CASES: Record<string, RegExp> = {
  throws: /threw Error: boom at 20/,
  'infinite-loop': /stopped: no answer within \d+ ms \(infinite loop or hang\)/,
  'memory-bomb': /exceeded its memory cap: sandbox process heap over 96 MB/,
  'array-bomb': /exceeded its memory cap: sandbox process heap over 96 MB \((V8: |\d+ MB resident when it stopped answering)/,
  // 1.6 GB in one allocation: refused by the OS data limit inside the call (RLIMIT_DATA), not after it.
  'buffer-bomb': /exceeded its memory cap: RangeError: Array buffer allocation failed at index\.ts:\d+ on bed 'bed-1' at simulated time 00:00:20/,
  // 160 MB: under the OS limit, over the module's 96 MB cap: the after-call check stops it.
  'buffer-creep': /exceeded its memory cap: external \(ArrayBuffer\) memory 1[56]\d MB over the cap 96 MB/,
  'flood-burst': /flooded findings: 50 in one second on bed bed-1 \(limit 4\)/,
  'flood-steady': /flooded findings: 21 within 60 s on bed bed-1 \(limit 20\)/,
  'nan-score': /malformed finding: score must be a finite number, got NaN/,
  'bad-label': /malformed finding: label 'cancer' is not one the manifest emits/,
  'not-array': /onSecond must return an array/,
  fetch: /sandbox violation: tried to use fetch \(network\)/,
  'require-fs': /sandbox violation: tried to use require\('node:fs'\)/,
  'child-process': /sandbox violation: tried to use require\('child_process'\)/,
  'process-exit': /sandbox violation: tried to use process\.exit/,
  'globalthis-escape': /sandbox violation: tried to use process\.env/,
  'late-import': /sandbox violation: tried to use import\(\) \(dynamic import/,
  'prototype-pollution': /threw TypeError: .*(not extensible|polluted)/,
  nondeterministic: /threw .*Math.*random/,
  'cpu-hog': /over its CPU budget on 3 consecutive seconds/,
  'promise-hog': /over its CPU budget on 3 consecutive seconds/,
  'python-network': /failed to start: .*network blocked: .*(unreachable|Network)/i,
  'python-hang': /stopped: no answer within \d+ ms .*process killed/,
  'python-garbage': /protocol: stdout line is not JSON/,
  'pyodide-throws': /module 'hostile-pyodide-throws' threw ZeroDivisionError: division by zero at module\.py:5 on bed 'bed-1' at simulated time 00:00:20 \(20 s\)/,
  'pyodide-cpu-hog': /over its CPU budget on 3 consecutive seconds/,
  'pyodide-huge-list': /exceeded its memory cap: Python asked for more memory than 32-bit WebAssembly can address \(limits\.memoryMb 96 MB, beyond the interpreter's \d+ MB\): OverflowError: cannot fit 'int' into an index-sized integer at module\.py:10 on bed 'bed-1' at simulated time 00:00:05/,
  'pyodide-hang': /stopped: no answer within \d+ ms \(infinite loop or hang\); worker terminated/,
  'pyodide-memory': /exceeded its memory cap: Python heap over 96 MB \(limits\.memoryMb 96 MB, beyond the interpreter's \d+ MB\) \(the Python heap would have grown to \d+ MB\): MemoryError at module\.py:\d+ on bed 'bed-1'/,
};

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
