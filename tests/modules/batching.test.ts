/**
 * Batched lockstep (session step() hands the module host up to N simulated seconds at once) must publish
 * EXACTLY what strict per-second lockstep publishes: every numerics frame, waveform chunk and event, in the
 * same order across all three streams — with modules that emit findings (JS worker, external process, a
 * waveform subscriber), one quarantined mid-batch (throws at 20 s), one that hangs mid-batch (hang
 * timeout: the seconds answered before the hang must still be published), an intervention between step()
 * calls, and batch sizes that do not divide the step() chunks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlanLoader } from '../../twin-engine/core/load';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import { createNodeModuleHost } from '../../twin-engine/node/module-host';
import type { HostModuleSource } from '../../twin-engine/modules-host/module-host';
import { InProcessSession } from '../../twin-engine/session/in-process';
import { HOSTILE, MODULES } from './helpers';

const SOURCES: HostModuleSource[] = [
  { kind: 'file', path: join(MODULES, 'examples/spo2-rule-js') },
  { kind: 'file', path: join(MODULES, 'examples/spo2-rule-python') },
  { kind: 'builtin', id: 'qrs-pan-tompkins' },
  { kind: 'file', path: join(HOSTILE, 'throws') },
  { kind: 'file', path: join(HOSTILE, 'infinite-loop') },
];

/** One headless run; returns every published item, tagged by stream, in publication order (as JSON). */
async function record(moduleBatchS: number): Promise<string[]> {
  const load = createPlanLoader(fsLibrary());
  const session = new InProcessSession({ loadPlan: (s) => load(s), moduleHost: createNodeModuleHost(), moduleBatchS });
  const out: string[] = [];
  const subs = [
    session.events().subscribe((e) => out.push(`E ${JSON.stringify(e)}`)),
    session.numerics().subscribe((f) => out.push(`N ${JSON.stringify(f)}`)),
    session.waveforms({ channels: ['pleth'] }).subscribe((c) => out.push(`W ${c.bedId} ${c.channel} ${c.t0S} ${JSON.stringify(Array.from(c.samples))}`)),
  ];
  try {
    const ward = await session.load({ kind: 'builtin', path: 'pe-massive.yaml', seed: 7 });
    for (const s of SOURCES) await session.attachModule(s);
    await session.step(95);
    await session.step(170);
    await session.applyIntervention(ward.beds[0].bedId, { kind: 'fluid_bolus', fluid: 'crystalloid', volumeMl: 250 });
    // Past the embolism (onset 600 s) so the SpO2 rules report the real desaturation that follows.
    await session.step(465);
    // The audit log (findings and quarantines are audited) must match too.
    out.push(`A ${await session.auditLog()}`);
  } finally {
    subs.forEach((s) => s.unsubscribe());
    await session.dispose();
  }
  return out;
}

describe('batched module lockstep', () => {
  it('publishes exactly the strict per-second lockstep stream (frames, waveforms, events, findings, quarantines)', async () => {
    const strict = await record(1);
    const findings = strict.filter((l) => l.startsWith('E {"type":"finding"'));
    const quarantined = strict.filter((l) => l.startsWith('E ') && l.includes('"status":"quarantined"'));
    // The run is only a meaningful comparison if modules published findings and two were quarantined.
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((l) => JSON.parse(l.slice(2)).finding.moduleId))).toEqual(new Set(['spo2-rule-js', 'spo2-rule-python']));
    expect(quarantined).toHaveLength(2);
    expect(quarantined.some((l) => /hang/.test(l))).toBe(true);
    for (const k of [60, 7]) {
      const batched = await record(k);
      expect(batched.length, `batch ${k}`).toBe(strict.length);
      // Compare line by line first for a readable failure, then the whole stream.
      const i = batched.findIndex((l, j) => l !== strict[j]);
      expect(i === -1 ? null : { at: i, batched: batched[i].slice(0, 300), strict: strict[i].slice(0, 300) }, `batch ${k}`).toBeNull();
      expect(batched).toEqual(strict);
    }
  }, 120_000);
});
