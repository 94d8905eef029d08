/** Run controls: play / pause, speed, simulated clock, alarm audio, role. */
import { useEffect, useRef, useState } from 'react';
import { SPEEDS, type Speed } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { runCommand, useUi } from '../state/store';
import { enterStudentMode, leaveStudentMode } from '../session/roles';
import { formatClock } from './format';
import { LeaveStudentModeDialog, StudentModeDialog } from './RoleDialogs';

export { formatClock };

export function Toolbar() {
  const session = useUi((s) => s.session);
  const runState = useUi((s) => s.runState);
  const speed = useUi((s) => s.speed);
  const host = useUi((s) => s.hostKind);
  const audioOn = useUi((s) => s.audioOn);
  const setAudio = useUi((s) => s.setAudio);
  const role = useUi((s) => s.role);
  const released = useUi((s) => s.debriefReleased);
  const inLab = useUi((s) => s.lab !== null);
  const [dialog, setDialog] = useState<null | { to: 'student'; pinSet: boolean } | { to: 'instructor' }>(null);
  // The clock is an instructor command (shared by every connection): students cannot drive it.
  const student = role === 'student';
  const openStudentMode = async () => {
    const access = await runCommand('Student mode', (s) => s.access());
    if (access) setDialog({ to: 'student', pinSet: access.pinSet });
  };
  const clock = useRef<HTMLSpanElement>(null);
  const factor = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let raf = 0;
    const loop = () => {
      raf = requestAnimationFrame(loop);
      // Written only when the text changes: a DOM write per frame costs the page style work for nothing.
      const c = formatClock(live.simTimeS);
      if (clock.current && clock.current.textContent !== c) clock.current.textContent = c;
      // The achieved speed matters at 'max' (as fast as the engine can): show it there only.
      const f = useUi.getState().speed === 'max' && live.achievedFactor > 0 ? `${Math.round(live.achievedFactor)}× achieved` : '';
      if (factor.current && factor.current.textContent !== f) factor.current.textContent = f;
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, []);
  const playing = runState === 'playing';
  return (
    <div className="toolbar" role="toolbar" aria-label="Simulation controls">
      <button
        data-testid="play-pause"
        onClick={() => void runCommand(playing ? 'Pause' : 'Play', (s) => (playing ? s.pause() : s.play()))}
        disabled={!session || runState === 'empty' || student}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <span className="speeds" role="group" aria-label="Speed">
        {SPEEDS.map((s: Speed) => (
          <button
            key={String(s)}
            aria-pressed={speed === s}
            className={speed === s ? 'on' : ''}
            onClick={() => void runCommand('Speed', (x) => x.setSpeed(s))}
            disabled={student}
            data-testid={`speed-${s}`}
          >
            {s === 'max' ? 'Max' : `${s}×`}
          </button>
        ))}
      </span>
      <span className="clock" aria-label="Simulated time">
        T+ <span ref={clock} data-testid="sim-clock">0:00:00</span> <span className="factor" ref={factor} title="Achieved speed" />
      </span>
      <button aria-pressed={audioOn} onClick={() => setAudio(!audioOn)} title="Alarm sounds" data-testid="audio-toggle">
        {audioOn ? 'Alarm sound: on' : 'Alarm sound: off'}
      </button>
      <span className="role" role="group" aria-label="Role">
        {/* In a lab the server fixed this connection's role (join code or instructor key): no switching. */}
        {!inLab && (
          <>
            <button aria-pressed={role === 'instructor'} className={role === 'instructor' ? 'on' : ''} onClick={() => student && setDialog({ to: 'instructor' })} data-testid="role-instructor">
              Instructor
            </button>
            <button aria-pressed={student} className={student ? 'on' : ''} onClick={() => !student && void openStudentMode()} data-testid="role-student">
              Student mode
            </button>
          </>
        )}
        {!student && (
          <button onClick={() => void runCommand('Release debrief', (s) => s.releaseDebrief())} disabled={released || runState === 'empty'} data-testid="release-debrief" title="Let student windows see the expected actions, scenarios and truth episodes">
            {released ? 'Debrief released' : 'Release debrief'}
          </button>
        )}
      </span>
      {dialog?.to === 'student' && (
        <StudentModeDialog pinSet={dialog.pinSet} onCancel={() => setDialog(null)} onDone={async (pin) => (await enterStudentMode(pin), setDialog(null))} />
      )}
      {dialog?.to === 'instructor' && <LeaveStudentModeDialog onCancel={() => setDialog(null)} onDone={async (pin) => (await leaveStudentMode(pin), setDialog(null))} />}
      <span className="host">engine: {host}</span>
    </div>
  );
}
