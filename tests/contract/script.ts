/**
 * The contract script: one fixed sequence of commands whose complete stream output is reduced to a
 * digest. Every host must produce the same digest as the in-process host. Self-contained (no imports,
 * no closures over module scope) so the e2e test can also run it inside real Chromium against the
 * Web Worker host via page.evaluate.
 */
export interface ScriptSession {
  load(source: unknown): Promise<unknown>;
  step(seconds: number): Promise<number>;
  applyIntervention(bedId: string, spec: unknown, by?: string): Promise<void>;
  injectCondition(bedId: string, spec: unknown): Promise<string>;
  snapshot(): Promise<unknown>;
  restore(s: unknown): Promise<unknown>;
  numerics(filter?: unknown): { subscribe(fn: (v: unknown) => void): { unsubscribe(): void } };
  waveforms(filter?: unknown): { subscribe(fn: (v: unknown) => void): { unsubscribe(): void } };
  events(): { subscribe(fn: (v: unknown) => void): { unsubscribe(): void } };
}

export interface ScriptResult {
  digest: string;
  frames: number;
  ecgSamples: number;
  events: number;
  finalTimeS: number;
  snapshotDigest: string;
}

export async function runContractScript(session: ScriptSession): Promise<ScriptResult> {
  // FNV-1a over a string, 32-bit, as hex.
  const fnv = (s: string, h = 0x811c9dc5): number => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  };
  let h = 0x811c9dc5;
  let frames = 0;
  let ecgSamples = 0;
  let events = 0;
  const ward = (await session.load({ kind: 'builtin', path: 'wards/default.yaml' })) as { beds: { bedId: string }[] };
  const bed0 = ward.beds[0].bedId;
  const bed1 = ward.beds[1].bedId;
  const subs = [
    session.numerics({ includeTruth: true }).subscribe((f) => {
      frames++;
      h = fnv(JSON.stringify(f), h);
    }),
    session.waveforms({ bedId: bed0, channels: ['ecg_ii', 'art'] }).subscribe((c) => {
      const chunk = c as { channel: string; t0S: number; samples: Float32Array };
      if (!(chunk.samples instanceof Float32Array)) throw new Error('waveform samples must arrive as a Float32Array');
      if (chunk.channel === 'ecg_ii') ecgSamples += chunk.samples.length;
      let s = `${chunk.channel}@${chunk.t0S.toFixed(6)}:`;
      for (let i = 0; i < chunk.samples.length; i += 7) s += chunk.samples[i].toFixed(5) + ',';
      h = fnv(s, h);
    }),
    session.events().subscribe((e) => {
      const ev = e as { type: string };
      if (ev.type === 'run_state') return;
      events++;
      h = fnv(JSON.stringify(e), h);
    }),
  ];
  await session.step(20);
  await session.injectCondition(bed1, { kind: 'hemorrhage', severity: 0.6, params: { rateMlPerMin: 150 } });
  await session.step(20);
  await session.applyIntervention(bed1, { kind: 'fluid_bolus', fluid: 'crystalloid', volumeMl: 500 }, 'learner');
  await session.step(20);
  const snap = await session.snapshot();
  // The audit log in the snapshot names its session, a random id on the app's hosts: compare it without
  // the header and the id, so the records themselves must still agree host for host.
  const snapObj = snap as { audit?: string };
  const auditRecords = (snapObj.audit ?? '').split('\n').slice(1).map((l: string) => l.replace(/"session":"[^"]*"|"(prevHash|hash)":"[0-9a-f]{64}"/g, ''));
  const snapshotDigest = fnv(JSON.stringify({ ...snapObj, audit: auditRecords })).toString(16);
  const finalTimeS = await session.step(10);
  for (const s of subs) s.unsubscribe();
  return { digest: h.toString(16), frames, ecgSamples, events, finalTimeS, snapshotDigest };
}
