/**
 * Drives the alarm sound from the live numerics at human pace (4 Hz): which alarm, if any, should be
 * audible across the ward. Renders nothing but a status the monitor header shows.
 */
import { useEffect, useRef } from 'react';
import type { AlarmPriority } from '../../../twin-engine/devices/index';
import { live } from '../live/live-store';
import { useUi } from '../state/store';
import { AlarmAudio } from './alarm-audio';

const RANK: Record<AlarmPriority, number> = { high: 3, medium: 2, low: 1 };

/** Highest priority alarm that should sound now (not acknowledged, bed not silenced). */
export function audiblePriority(silencedUntil: Record<string, number>, simTimeS: number): AlarmPriority | null {
  let best: AlarmPriority | null = null;
  for (const [bedId, f] of live.numerics) {
    if ((silencedUntil[bedId] ?? -1) > simTimeS) continue;
    for (const a of f.alarms) {
      if (a.acknowledged || !(a.active || a.latched)) continue;
      if (!best || RANK[a.priority] > RANK[best]) best = a.priority;
    }
  }
  return best;
}

export function AlarmSound() {
  const audio = useRef<AlarmAudio | null>(null);
  useEffect(() => {
    const a = new AlarmAudio();
    audio.current = a;
    const unlock = () => a.unlock();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    const id = setInterval(() => {
      const s = useUi.getState();
      a.update(s.audioOn && s.runState === 'playing' ? audiblePriority(s.silencedUntil, live.simTimeS) : null, performance.now());
    }, 250);
    return () => {
      clearInterval(id);
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
      a.dispose();
    };
  }, []);
  return null;
}
