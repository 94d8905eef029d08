/** Oxygen and fluids at the bedside, from the recorded interventions (not the truth), as the 3D ward shows them. */
import { expect, it } from 'vitest';
import type { SessionEvent } from '../../twin-engine/session/api';
import { foldBedsideDevices, type BedsideDevices } from '../../renderer/src/scene/bedside-devices';

const iv = (t: number, bedId: string, spec: Record<string, unknown>): SessionEvent => ({ type: 'intervention', simTimeS: t, bedId, by: 'learner', spec } as unknown as SessionEvent);

it('a mask while oxygen runs, a bag for the duration of the fluids, folded incrementally', () => {
  const state = new Map<string, BedsideDevices>();
  const events: SessionEvent[] = [iv(60, 'bed-1', { kind: 'oxygen', device: 'nrb_mask', flowLPerMin: 15 }), iv(120, 'bed-2', { kind: 'fluid_bolus', volumeMl: 1000 })];
  let done = foldBedsideDevices(state, events, 0);
  expect(state.get('bed-1')).toEqual({ oxygen: 'mask', fluidsUntilS: -1 });
  // 1000 mL at the model's default 2000 mL/h: 30 min.
  expect(state.get('bed-2')).toEqual({ oxygen: 'none', fluidsUntilS: 120 + 1800 });
  events.push(iv(300, 'bed-1', { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 2 }), iv(400, 'bed-2', { kind: 'fluid_infusion', fluid: 'crystalloid', rateMlPerH: 100 }));
  done = foldBedsideDevices(state, events, done);
  expect(state.get('bed-1')!.oxygen).toBe('cannula');
  expect(state.get('bed-2')!.fluidsUntilS).toBe(Infinity); // an infusion without a volume runs until stopped
  events.push(iv(500, 'bed-1', { kind: 'oxygen', device: 'nasal_cannula', flowLPerMin: 0 }), iv(600, 'bed-2', { kind: 'stop_infusion', fluid: 'crystalloid' }));
  done = foldBedsideDevices(state, events, done);
  expect(state.get('bed-1')!.oxygen).toBe('none');
  expect(state.get('bed-2')!.fluidsUntilS).toBe(-1);
  expect(done).toBe(6);
});
