/**
 * One contract, three hosts: every host of the session API must behave identically — same results,
 * same streams (bit for bit), same error text. A host that diverges fails here.
 */
import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineSession } from '../../twin-engine/session/create-session';
import { fsLibrary } from '../../twin-engine/node/library-fs';
import type { Session, SessionEvent } from '../../twin-engine/session/api';
import { HOSTS } from './hosts';
import { verifyAudit } from '../../twin-engine/audit/log';
import { memoryBackend, SessionStore } from '../../twin-engine/storage/session-store';
import { runContractScript, type ScriptResult } from './script';

let reference: ScriptResult;

beforeAll(async () => {
  // The reference: the script on a plain in-process session.
  const s = createEngineSession(fsLibrary());
  reference = await runContractScript(s);
  await s.dispose();
});

describe.each(HOSTS)('session contract — $name', (factory) => {
  let session: Session;
  let dispose: () => Promise<void>;

  beforeAll(() => {
    ({ session, dispose } = factory.make());
  });
  afterAll(async () => {
    await dispose();
  });

  it('refuses commands before a ward is loaded, with the reason', async () => {
    await expect(session.step(1)).rejects.toThrow('No ward is loaded: call load() first');
    const st = await session.status();
    expect(st.runState).toBe('empty');
    expect(st.ward).toBeNull();
  });

  it('produces exactly the reference streams for the contract script (bit for bit)', async () => {
    const r = await runContractScript(session);
    expect(r.frames).toBe(reference.frames);
    expect(r.ecgSamples).toBe(70 * 500); // 70 simulated seconds of 500 Hz ECG for the subscribed bed
    expect(r.events).toBe(reference.events);
    expect(r.finalTimeS).toBeCloseTo(70, 9);
    expect(r.snapshotDigest).toBe(reference.snapshotDigest);
    expect(r.digest).toBe(reference.digest);
  });

  it('loads the default ward: 8 beds with channel metadata', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    expect(ward.beds).toHaveLength(8);
    const ecg = ward.beds[0].channels.find((c) => c.id === 'ecg_ii');
    expect(ecg?.sampleRateHz).toBe(500);
    expect(ecg?.units).toBe('mV');
    const st = await session.status();
    expect(st.runState).toBe('paused');
    expect(st.simTimeS).toBe(0);
  });

  it('emits one numerics frame per bed per simulated second', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const frames = firstValueFrom(session.numerics().pipe(take(ward.beds.length * 3), toArray()));
    await session.step(3);
    const got = await frames;
    expect(got.map((f) => f.simTimeS)).toEqual([1, 2, 3].flatMap((t) => ward.beds.map(() => t)));
    expect(got[0].truth).toBeUndefined(); // hidden truth only when asked for
    expect(typeof got[0].measured.hrBpm === 'number' || got[0].measured.hrBpm === null).toBe(true);
  });

  it('streams waveforms only for subscribed channels, contiguous, as typed arrays', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const bedId = ward.beds[2].bedId;
    const chunks: { channel: string; t0S: number; n: number; rate: number; typed: boolean }[] = [];
    const sub = session.waveforms({ bedId, channels: ['pleth'] }).subscribe((c) =>
      chunks.push({ channel: c.channel, t0S: c.t0S, n: c.samples.length, rate: c.sampleRateHz, typed: c.samples instanceof Float32Array }),
    );
    await session.step(4);
    sub.unsubscribe();
    await session.step(1);
    expect(new Set(chunks.map((c) => c.channel))).toEqual(new Set(['pleth']));
    expect(chunks.every((c) => c.typed && c.rate === 125)).toBe(true);
    expect(chunks.reduce((a, c) => a + c.n, 0)).toBe(4 * 125);
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i].t0S).toBeCloseTo(chunks[i - 1].t0S + chunks[i - 1].n / 125, 9);
    }
  });

  it('reports interventions and conditions on the event stream with their time', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const bedId = ward.beds[0].bedId;
    const evs: SessionEvent[] = [];
    const sub = session.events().subscribe((e) => evs.push(e));
    await session.step(5);
    await session.applyIntervention(bedId, { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 }, 'learner');
    const id = await session.injectCondition(bedId, { kind: 'fever', severity: 0.5 });
    await session.addNote(null, 'handover done');
    await session.step(1);
    sub.unsubscribe();
    expect(typeof id).toBe('string');
    const iv = evs.find((e) => e.type === 'intervention');
    expect(iv).toMatchObject({ type: 'intervention', bedId, simTimeS: 5, by: 'learner', spec: { kind: 'oxygen' } });
    expect(evs.find((e) => e.type === 'condition')).toMatchObject({ bedId, simTimeS: 5, conditionId: id });
    expect(evs.find((e) => e.type === 'note')).toMatchObject({ bedId: null, text: 'handover done', simTimeS: 5 });
  });

  it('rejects bad requests with the same error text on every host', async () => {
    await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    await expect(session.applyIntervention('bed-99', { kind: 'oxygen', fio2: 0.4 })).rejects.toThrow(/^No bed 'bed-99' in ward 'default'\. Beds: /);
    await expect(session.setSpeed(3 as never)).rejects.toThrow('Speed must be one of 1, 2, 5, 10, 60, max; got 3');
    await expect(session.step(-1)).rejects.toThrow('step(seconds) needs a number of seconds in (0, 86400]; got -1');
    await expect(session.attachModule({ kind: 'builtin', id: 'nope' })).rejects.toThrow(/^Unknown built-in module 'nope'\. Available: .*shock-index/);
    await expect(session.load({ kind: 'builtin', path: 'wards/missing.yaml' })).rejects.toThrow("No file 'wards/missing.yaml' in the scenario library");
  });

  it('plays in real time steps and pauses, reporting the clock', async () => {
    await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    await session.setSpeed('max');
    const ticks = firstValueFrom(session.clock().pipe(filter((c) => c.runState === 'playing' && c.simTimeS >= 5)));
    await session.play();
    const tick = await ticks;
    await session.pause();
    const st = await session.status();
    expect(st.runState).toBe('paused');
    expect(st.speed).toBe('max');
    expect(st.simTimeS).toBeGreaterThanOrEqual(tick.simTimeS);
    expect(tick.achievedFactor).toBeGreaterThan(1);
  });

  it('snapshot and restore continue identically', async () => {
    await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    await session.step(30);
    const snap = await session.snapshot();
    expect(snap.provenance).toContain('SIMULATION — NOT FOR CLINICAL USE');
    const collect = async () => {
      const frames = firstValueFrom(session.numerics({ includeTruth: true }).pipe(take(8 * 10), toArray()));
      await session.step(10);
      return JSON.stringify(await frames);
    };
    const a = await collect();
    await session.restore(snap);
    expect((await session.status()).simTimeS).toBeCloseTo(30, 9);
    const b = await collect();
    expect(b).toBe(a);
  });

  it('resume restores the audit log and continues its chain (the app path: autosave, store.load, restore in a new host)', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const bedId = ward.beds[0].bedId;
    await session.step(20);
    await session.acknowledgeSimulation('lab session user', 'simulated data only');
    await session.recordAction(bedId, 'blood_cultures');
    await session.step(5);
    // The renderer's autosave and ResumeDialog: snapshot into the store, then load it back after the crash.
    const store = new SessionStore(memoryBackend(), { now: () => '2026-01-01T00:00:00Z', newId: () => 'crashed' });
    const id = await store.begin({ title: ward.title, sourceFile: ward.sourceFile, host: factory.name });
    await store.autosave(id, { snapshot: await session.snapshot(), newEvents: [] });
    const before = (await session.auditLog()).trimEnd().split('\n');
    const saved = await store.load(id);
    const fresh = factory.make();
    try {
      await fresh.session.restore(saved.snapshot);
      await fresh.session.recordAction(bedId, 'lactate_sample');
      await fresh.session.step(5);
      await fresh.session.stop();
      const log = await fresh.session.auditLog();
      const lines = log.trimEnd().split('\n');
      // Every line before the crash is there unchanged, then the resume, the new action and the seal.
      expect(lines.slice(0, before.length)).toEqual(before);
      expect(lines.slice(before.length).map((l) => JSON.parse(l).kind)).toEqual(['resume', 'learner_action', 'seal']);
      expect(before.some((l) => l.includes('"kind":"acknowledgement"') && l.includes('simulated data only'))).toBe(true);
      const v = verifyAudit(log);
      expect(v).toMatchObject({ ok: true, records: before.length + 2, sealed: true, session: JSON.parse(before[0]).session });
      // A saved log that was tampered with is refused rather than continued.
      const tampered = { ...saved.snapshot, audit: saved.snapshot.audit?.replace('blood_cultures', 'urine_output') };
      await expect(fresh.session.restore(tampered)).rejects.toThrow(/cannot continue the saved audit log: line \d+: record seq \d+ \(line \d+\) was altered/);
    } finally {
      await fresh.dispose();
    }
  });

  it('orders labs with a turnaround and records learner actions for expected-action scoring', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const bedId = ward.beds[0].bedId; // urosepsis scenario: expects blood cultures and lactate
    const evs: SessionEvent[] = [];
    const sub = session.events().subscribe((e) => evs.push(e));
    await session.step(10);
    const order = await session.orderLab(bedId, 'abg');
    expect(order).toEqual({ orderId: 'lab-1', dueS: 10 + 300 });
    await session.recordAction(bedId, 'blood_cultures');
    await expect(session.recordAction(bedId, 'blood_culture')).rejects.toThrow("Unknown learner action 'blood_culture' (did you mean 'blood_cultures'?)");
    await expect(session.orderLab(bedId, 'dna')).rejects.toThrow('Unknown lab panel \'dna\'. Panels: abg, lactate, glucose, electrolytes, chest_xray, ecg_12_lead, troponin, blood_count');
    await session.step(299);
    expect(evs.some((e) => e.type === 'lab' && e.change === 'resulted')).toBe(false);
    await session.step(1);
    sub.unsubscribe();
    const res = evs.find((e) => e.type === 'lab' && e.change === 'resulted');
    expect(res).toMatchObject({ bedId, orderId: 'lab-1', panel: 'abg', simTimeS: 310 });
    const ph = (res as { results: { name: string; value: number }[] }).results.find((r) => r.name === 'pH');
    expect(ph!.value).toBeGreaterThan(7.3);
    expect(ph!.value).toBeLessThan(7.5);
    expect(evs.find((e) => e.type === 'learner_action')).toMatchObject({ bedId, action: 'blood_cultures', simTimeS: 10 });
    const expected = await session.expectedActions();
    expect(Object.keys(expected)).toHaveLength(8);
  });

  it('records a 12-lead ECG ordered like a lab: 10 s of twelve leads, an observation with no truth in it', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'stemi-inferior.yaml' });
    const bedId = ward.beds[0].bedId;
    const evs: SessionEvent[] = [];
    const sub = session.events().subscribe((e) => evs.push(e));
    await session.step(20);
    const order = await session.orderLab(bedId, 'ecg_12_lead');
    expect(order.dueS).toBe(30);
    await expect(session.ecg12Recording(bedId, order.orderId)).rejects.toThrow(`The 12-lead ECG '${order.orderId}' is still recording (due at 30 s simulated time)`);
    await session.step(10);
    sub.unsubscribe();
    expect(evs.find((e) => e.type === 'lab' && e.change === 'resulted')).toMatchObject({ panel: 'ecg_12_lead', simTimeS: 30, report: expect.stringMatching(/^12-lead ECG, 10 s at 500 Hz: ventricular rate \d+\/min\./) });
    const rec = await session.ecg12Recording(bedId, order.orderId);
    // An observation: sampling facts and samples, nothing of the model's truth.
    expect(Object.keys(rec).sort()).toEqual(['format', 'fs', 'leadsUv', 'startS', 'ventricularRateBpm']);
    expect(Object.keys(rec.leadsUv)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(rec.leadsUv.V6).toHaveLength(5000);
    expect(rec.startS).toBe(20);
    await expect(session.ecg12Recording(bedId, 'lab-9')).rejects.toThrow(`No order 'lab-9' on bed '${bedId}'`);
  });

  it('attaches a sandboxed reference module in lockstep and publishes its findings', async () => {
    const ward = await session.load({ kind: 'builtin', path: 'wards/default.yaml' });
    const info = await session.attachModule({ kind: 'builtin', id: 'shock-index' });
    expect(info).toMatchObject({ moduleId: 'shock-index', status: 'running' });
    expect((await session.status()).modules.map((m) => m.moduleId)).toEqual(['shock-index']);
    // Bleed bed 3 hard: the shock index (HR/SBP ≥ 1 for 30 s) must fire on that bed.
    const bedId = ward.beds[2].bedId;
    const findings: SessionEvent[] = [];
    const sub = session.events().subscribe((e) => e.type === 'finding' && findings.push(e));
    await session.injectCondition(bedId, { kind: 'hemorrhage', severity: 1, params: { rateMlPerMin: 250 } });
    await session.step(15 * 60);
    sub.unsubscribe();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ type: 'finding', bedId, finding: { moduleId: 'shock-index', label: 'shock', bedId } });
    await session.detachModule('shock-index');
    expect((await session.status()).modules).toEqual([]);
  });
});
