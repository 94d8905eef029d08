/** Small stand-ins for a session snapshot and its events (the store treats both as opaque JSON). */
import type { SessionEvent, SessionSnapshot } from '../../twin-engine/session/api';

export function fakeSnapshot(simTimeS: number): SessionSnapshot {
  return {
    format: 'wardtwin-session',
    version: 1,
    provenance: 'WardTwin synthetic data — SIMULATION — NOT FOR CLINICAL USE',
    simTimeS,
    speed: 1,
    source: { kind: 'builtin', path: 'wards/default.yaml' },
    state: { beds: [{ id: 'bed-1', t: simTimeS, x: [1.5, 2.25] }] },
  };
}

/** One note per 10 s in [fromS, toS). */
export function fakeEvents(fromS: number, toS: number): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (let t = fromS; t < toS; t += 10) out.push({ type: 'note', simTimeS: t, bedId: 'bed-1', text: `note at ${t}` });
  return out;
}
