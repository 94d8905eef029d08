/**
 * Module lockstep alone (modules-host/lockstep.ts), with a scripted host: strict per-second lockstep and
 * held batches publish the same sequence and hand the host the same inputs; a command's event published
 * while seconds are held comes out after them. And the driver's channel routes are computed once per
 * change, not every simulated second.
 */
import { describe, expect, it } from 'vitest';
import { ModuleLockstep, type SecondOutput } from '../../twin-engine/modules-host/lockstep';
import type { HostOutput, SandboxModuleHost } from '../../twin-engine/modules-host/module-host';
import type { SecondBatch } from '../../twin-engine/modules-host/inputs';
import type { SessionEvent } from '../../twin-engine/session/api';
import { WardEngine } from '../../twin-engine/core/ward-engine';
import { SimDriver } from '../../twin-engine/session/driver';
import { STANDARD_ADULT } from '../../twin-engine/physiology/index';

/** A host whose one module reports a finding on bed 'b1' at every even second; records what it was handed. */
function scriptedHost() {
  const inputs: SecondBatch[] = [];
  let exchanges = 0;
  const answer = (b: SecondBatch): HostOutput[] =>
    b.simTimeS % 2 === 0 ? [{ type: 'finding', finding: { moduleId: 'm', bedId: 'b1', simTimeS: b.simTimeS, label: 'x', score: 1, severity: 'info', message: `t${b.simTimeS}` } } as HostOutput] : [];
  const host = {
    size: 1,
    wantedChannels: () => [],
    async onSecond(b: SecondBatch) {
      exchanges++;
      inputs.push(structuredClone(b));
      return answer(b);
    },
    async onSeconds(bs: SecondBatch[]) {
      exchanges++;
      for (const b of bs) inputs.push(structuredClone(b));
      return bs.map(answer);
    },
  } as unknown as SandboxModuleHost;
  return { host, inputs, exchanges: () => exchanges };
}

function second(t: number): SecondOutput {
  const events: SessionEvent[] = t === 2 ? [{ type: 'note', simTimeS: t, bedId: 'b1', text: 'engine event at 2' }] : [];
  return { simTimeS: t, frames: [{ bedId: 'b1', simTimeS: t, measured: { hrBpm: 60 + t } as never, alarms: [] }], events, waves: [] };
}

async function play(batchS: number): Promise<{ published: string[]; inputs: SecondBatch[]; exchanges: number }> {
  const h = scriptedHost();
  const published: string[] = [];
  const ls = new ModuleLockstep(h.host, batchS, {
    frame: (f) => published.push(`N ${f.simTimeS}`),
    event: (e) => published.push(`E ${e.type} ${e.simTimeS} ${'text' in e ? e.text : ''}`),
    waveform: () => published.push('W'),
  });
  // A command between runs (an intervention note), then seconds 1..5.
  ls.publish({ type: 'note', simTimeS: 0, bedId: 'b1', text: 'before' });
  for (let t = 1; t <= 5; t++) {
    if (batchS === 1) await ls.strict(second(t));
    else {
      ls.hold(second(t));
      // A command while seconds are held: published after them.
      if (t === 3) ls.publish({ type: 'note', simTimeS: 3, bedId: 'b1', text: 'during' });
      if (ls.heldSeconds >= batchS) await ls.release();
    }
    if (batchS === 1 && t === 3) ls.publish({ type: 'note', simTimeS: 3, bedId: 'b1', text: 'during' });
  }
  await ls.release();
  return { published, inputs: h.inputs, exchanges: h.exchanges() };
}

describe('ModuleLockstep', () => {
  it('held batches publish exactly what strict lockstep publishes, and hand the host the same inputs', async () => {
    const strict = await play(1);
    expect(strict.published).toEqual([
      'E note 0 before',
      'N 1',
      'N 2',
      'E note 2 engine event at 2',
      'E finding 2 ',
      'N 3',
      'E note 3 during',
      'N 4',
      'E finding 4 ',
      'N 5',
    ]);
    expect(strict.exchanges).toBe(5);
    const batched = await play(5);
    // 'during' was published while seconds 1..3 were held: it comes after the batch (seconds 1..5).
    expect(batched.published).toEqual(strict.published.filter((l) => l !== 'E note 3 during').concat('E note 3 during'));
    expect(batched.exchanges).toBe(1);
    // What each second's module input carried. Strict: the events published since the previous second.
    const evs = (r: { inputs: SecondBatch[] }) => r.inputs.map((b) => b.beds[0].events.map((e) => ('text' in e ? e.text : e.type)));
    expect(evs(strict)).toEqual([['before'], ['engine event at 2'], ['finding'], ['during'], ['finding']]);
    // Batched: the same engine events and earlier commands; previous findings are absent (modules are never
    // shown findings: inputs.ts visibleEvents) and a command published mid-batch reaches the next batch.
    expect(evs(batched)).toEqual([['before'], ['engine event at 2'], [], [], []]);
    expect(batched.inputs.map((b) => b.simTimeS)).toEqual([1, 2, 3, 4, 5]);
    expect(batched.inputs.map((b) => b.beds[0].measured)).toEqual(strict.inputs.map((b) => b.beds[0].measured));
  });
});

describe('SimDriver channel routes', () => {
  it('asks for the shown channels once per change, not every simulated second', async () => {
    const engine = new WardEngine({ wardId: 'w', title: 'w', sourceFile: '', beds: [{ bedId: 'b1', label: 'b1', profile: STANDARD_ADULT, seed: 1, startOffsetS: 0, scenarioTitle: null }] });
    let asked = 0;
    const chunks: string[] = [];
    const driver = new SimDriver(engine, {
      sink: { frame: () => {}, event: () => {}, waveform: (c) => chunks.push(`${c.channel} ${c.t0S} ${c.samples.length}`) },
      shownChannels: () => {
        asked++;
        return ['ecg_ii'];
      },
    });
    expect(asked).toBe(1);
    await driver.run(30 * engine.stepsPerSecond);
    expect(asked).toBe(1);
    // One ECG chunk per simulated second, back to back.
    expect(chunks).toHaveLength(30);
    expect(chunks[0]).toMatch(/^ecg_ii 0 \d+$/);
    driver.refreshChannels();
    expect(asked).toBe(2);
  });
});
