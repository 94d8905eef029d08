/** Run controls: play / pause, speed, simulated clock. */
import { useEffect, useRef } from 'react';
import { SPEEDS, type Speed } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { useUi } from '../state/store';

export function formatClock(t: number): string {
  const s = Math.floor(t);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function Toolbar() {
  const session = useUi((s) => s.session);
  const runState = useUi((s) => s.runState);
  const speed = useUi((s) => s.speed);
  const host = useUi((s) => s.hostKind);
  const clock = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let raf = 0;
    const loop = () => {
      raf = requestAnimationFrame(loop);
      if (clock.current) clock.current.textContent = formatClock(live.simTimeS);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, []);
  const playing = runState === 'playing';
  return (
    <div className="toolbar" role="toolbar" aria-label="Simulation controls">
      <button
        data-testid="play-pause"
        onClick={() => void (playing ? session?.pause() : session?.play())}
        disabled={!session || runState === 'empty'}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <span className="speeds" role="group" aria-label="Speed">
        {SPEEDS.map((s: Speed) => (
          <button key={String(s)} aria-pressed={speed === s} className={speed === s ? 'on' : ''} onClick={() => void session?.setSpeed(s)}>
            {s === 'max' ? 'Max' : `${s}×`}
          </button>
        ))}
      </span>
      <span className="clock" aria-label="Simulated time">
        T+ <span ref={clock} data-testid="sim-clock">0:00:00</span>
      </span>
      <span className="host">engine: {host}</span>
    </div>
  );
}
