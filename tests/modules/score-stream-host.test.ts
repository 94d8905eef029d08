/**
 * The module host's checks on score streams (manifest `scores`): what is published, what quarantines.
 * A scripted in-memory sandbox stands in for a runtime (the runtimes themselves: runtimes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { MonitorNumerics } from '../../twin-engine/devices/index';
import { checkManifest, ManifestError } from '../../twin-engine/modules-host/manifest';
import { SandboxModuleHost, SCORE_MIN_INTERVAL_S, type HostOutput } from '../../twin-engine/modules-host/module-host';
import type { Sandbox, SandboxFactory } from '../../twin-engine/modules-host/sandbox';

const CARD = Object.fromEntries(['intendedUse', 'intendedUsers', 'trainingData', 'evaluationData', 'factors', 'metrics', 'limitations', 'ethicalConsiderations'].map((k) => [k, `${k} — a test module, simulation only.`]));
const manifest = (scores: unknown) =>
  checkManifest({ name: 'scripted', version: '1.0.0', authors: ['t'], runtime: 'js', entry: 'index.js', subscribes: { numerics: ['hrBpm'] }, emits: [{ label: 'sepsis', detects: ['sepsis'] }], scores, modelCard: CARD }, 'test');
const NEWS2 = [{ label: 'news2', detects: ['sepsis'], range: [0, 20], probability: false, threshold: 5, mapping: 'NEWS2 points / 20' }];

/** A host whose one module answers `answer(simTimeS)` for every bed. */
async function host(answer: (t: number) => unknown) {
  const sandbox: Sandbox = {
    async call(beds) {
      return { ok: true, computeMs: 0, results: beds.map((b) => ({ bedId: b.bedId, findings: answer(b.simTimeS) })) };
    },
    async close() {},
  };
  const factory: SandboxFactory = { enforces: 'test', start: async () => sandbox };
  const h = new SandboxModuleHost({ runtimes: { js: factory }, resolve: async () => ({ manifest: manifest(NEWS2), origin: 'test', files: {} }) });
  await h.attach({ kind: 'builtin', id: 'scripted' });
  const outs: HostOutput[] = [];
  const second = async (t: number) => outs.push(...(await h.onSecond({ simTimeS: t, beds: [{ bedId: 'b1', measured: {} as MonitorNumerics, waveforms: [], events: [] }] })));
  return { h, outs, second };
}

describe('manifest scores', () => {
  it('a complete entry is kept; every problem of a bad one is listed', () => {
    expect(manifest(NEWS2).scores).toEqual(NEWS2);
    expect(manifest(undefined).scores).toEqual([]);
    let err: unknown;
    try {
      manifest([{ label: 'Bad Label' }, { label: 'p', detects: ['nope'], range: [1, 0], probability: true, threshold: 9, mapping: 'x' }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifestError);
    const text = String((err as Error).message);
    for (const part of ["needs a 'label'", "'nope' is not a truth episode label", 'scores.p.range', 'a probability must have range [0, 1]', 'scores.p.threshold', 'scores.p.mapping']) expect(text).toContain(part);
  });
});

describe('host: score values', () => {
  it('publishes {findings, scores} answers as findings and score outputs, values rounded to 1e-6', async () => {
    const { outs, second } = await host((t) => ({ findings: t === 60 ? [{ label: 'sepsis', score: 0.5, severity: 'medium', message: 'x' }] : [], scores: t % 60 === 0 ? [{ label: 'news2', value: 7.0000004 }] : [] }));
    for (let t = 1; t <= 120; t++) await second(t);
    expect(outs.map((o) => o.type)).toEqual(['finding', 'score', 'score']);
    expect(outs.filter((o) => o.type === 'score').map((o) => (o.type === 'score' ? o.score : null))).toEqual([
      { moduleId: 'scripted', bedId: 'b1', simTimeS: 60, label: 'news2', value: 7 },
      { moduleId: 'scripted', bedId: 'b1', simTimeS: 120, label: 'news2', value: 7 },
    ]);
  });

  const quarantined = async (answer: (t: number) => unknown, seconds = 1) => {
    const { outs, second } = await host(answer);
    for (let t = 60; t < 60 + seconds; t++) await second(t);
    const q = outs.find((o) => o.type === 'module');
    return q && q.type === 'module' ? q.message : null;
  };
  it.each([
    ['an undeclared label', () => ({ scores: [{ label: 'qsofa', value: 1 }] }), "label 'qsofa' is not one the manifest's scores declare (news2)"],
    ['a value outside the range', () => ({ scores: [{ label: 'news2', value: 21 }] }), "'news2' value 21 is outside its declared range [0, 20]"],
    ['a value that is not finite', () => ({ scores: [{ label: 'news2', value: Number.NaN }] }), 'value must be a finite number'],
    ['an unknown field', () => ({ scores: [{ label: 'news2', value: 1, t: 3 }] }), "unknown field 't'"],
    ['scores that are not a list', () => ({ scores: { label: 'news2', value: 1 } }), 'scores must be a list'],
    ['an unknown answer field', () => ({ findings: [], score: [] }), "unknown field 'score'"],
  ])('quarantines %s', async (_what, answer, reason) => {
    expect(await quarantined(answer)).toContain(reason);
  });
  it(`quarantines a second value of one label within ${SCORE_MIN_INTERVAL_S} simulated seconds (a flood), naming both times`, async () => {
    expect(await quarantined(() => ({ scores: [{ label: 'news2', value: 1 }] }), 2)).toContain("flooded scores: 'news2' on bed b1 again at 61 s (one value per 60 simulated s; last at 60 s)");
  });
  it('the list form (findings only) works as before', async () => {
    const { outs, second } = await host(() => [{ label: 'sepsis', score: 0.5, severity: 'medium', message: 'x' }]);
    await second(1);
    expect(outs.map((o) => o.type)).toEqual(['finding']);
  });
});
