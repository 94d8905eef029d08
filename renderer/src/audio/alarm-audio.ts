/**
 * Plays the ward's alarm sound with Web Audio: the highest priority among audible alarms (active or
 * latched, not acknowledged, bed not silenced) sounds its IEC 60601-1-8-like pattern. Everything is
 * guarded: where audio is unavailable (headless tests, no device, autoplay blocked) it stays silent and
 * never throws.
 */
import type { AlarmPriority } from '../../../twin-engine/devices/index';
import { TONE_PATTERNS } from './patterns';

type Ctx = AudioContext;

export class AlarmAudio {
  private ctx: Ctx | null = null;
  private failed = false;
  private current: AlarmPriority | null = null;
  private nextBurstAt = 0;
  /** Bursts scheduled so far (tests and the status line read it). */
  bursts = 0;

  private context(): Ctx | null {
    if (this.ctx || this.failed) return this.ctx;
    try {
      const C = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
      if (!C) {
        this.failed = true;
        return null;
      }
      this.ctx = new C();
    } catch {
      this.failed = true;
    }
    return this.ctx;
  }

  /** Browsers start audio suspended until a user gesture: call from a click or key handler. */
  unlock(): void {
    try {
      void this.context()?.resume().catch(() => {});
    } catch {
      // no audio
    }
  }

  /** Called a few times a second with the priority that should sound now (null = quiet). */
  update(priority: AlarmPriority | null, nowMs: number): void {
    if (priority !== this.current) {
      this.current = priority;
      this.nextBurstAt = nowMs; // a new or higher priority sounds at once
    }
    if (!priority || nowMs < this.nextBurstAt) return;
    const p = TONE_PATTERNS[priority];
    this.nextBurstAt = nowMs + p.repeatS * 1000;
    this.burst(priority);
  }

  private burst(priority: AlarmPriority): void {
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running') return;
    const p = TONE_PATTERNS[priority];
    try {
      const t0 = ctx.currentTime + 0.02;
      const out = ctx.createGain();
      out.gain.value = p.gain;
      out.connect(ctx.destination);
      for (const s of p.pulsesS) {
        const osc = ctx.createOscillator();
        osc.type = 'square';
        osc.frequency.value = p.freqHz;
        const env = ctx.createGain();
        // Short ramps avoid clicks; the standard's rise and fall times are 10–20 % of the pulse.
        env.gain.setValueAtTime(0, t0 + s);
        env.gain.linearRampToValueAtTime(1, t0 + s + 0.02);
        env.gain.setValueAtTime(1, t0 + s + p.pulseS - 0.02);
        env.gain.linearRampToValueAtTime(0, t0 + s + p.pulseS);
        osc.connect(env).connect(out);
        osc.start(t0 + s);
        osc.stop(t0 + s + p.pulseS + 0.01);
      }
      this.bursts++;
    } catch {
      // audio graph failed: stay silent
    }
  }

  dispose(): void {
    try {
      void this.ctx?.close().catch(() => {});
    } catch {
      // ignore
    }
    this.ctx = null;
  }
}
