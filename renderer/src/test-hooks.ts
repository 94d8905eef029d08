/**
 * Read-only hooks for the end-to-end tests, installed only when the page is opened with `?e2e`:
 * how many beds the 3D scene holds, how much ECG has arrived, and a way to open a second,
 * independent worker session for the contract script.
 */
import { createWorkerSession } from '../../twin-engine/browser/worker-session';
import type { Object3D } from 'three';
import type { Session } from '../../twin-engine/session/api';
import { live } from './live/live-store';
import { useUi } from './state/store';

export interface TestHooks {
  bedsInScene(): number;
  ecgSamplesWritten(): number;
  createSession(): Session;
}

declare global {
  interface Window {
    __wardtwin?: TestHooks;
  }
}

/** The live three.js scene, registered by WardScene's probe. */
let scene: Object3D | null = null;
export function registerScene(s: Object3D | null): void {
  scene = s;
}

function countBeds(): number {
  let n = 0;
  scene?.traverse((o) => {
    if (o.name.startsWith('bed:')) n++;
  });
  return n;
}

export function installTestHooks(): void {
  if (!new URLSearchParams(location.search).has('e2e')) return;
  window.__wardtwin = {
    bedsInScene: countBeds,
    ecgSamplesWritten: () => {
      const bed = useUi.getState().selectedBedId;
      return bed ? live.wave(bed, 'ecg_ii')?.written ?? 0 : 0;
    },
    createSession: () => createWorkerSession(),
  };
}
