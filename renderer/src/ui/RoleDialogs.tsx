/**
 * The start dialog (which mode to start in) and the PIN dialogs of student mode. The PIN is checked by
 * the session host, never by this page: it only passes what the instructor types.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Role } from '../../../twin-engine/session/api';

export type StartChoice = { role: 'instructor'; pin?: string } | { role: 'student'; newPin: string };

function NewPinFields({ onPin }: { onPin: (pin: string | null, problem: string | null) => void }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  useEffect(() => {
    if (!/^\S{4,64}$/.test(a)) onPin(null, 'The PIN needs 4 to 64 characters without spaces.');
    else if (a !== b) onPin(null, 'The two PINs differ.');
    else onPin(a, null);
  }, [a, b, onPin]);
  return (
    <>
      <label>
        Instructor PIN (needed to leave student mode){' '}
        <input type="password" autoComplete="new-password" value={a} onChange={(e) => setA(e.target.value)} data-testid="pin-new" />
      </label>
      <label>
        Repeat the PIN <input type="password" autoComplete="new-password" value={b} onChange={(e) => setB(e.target.value)} data-testid="pin-confirm" />
      </label>
    </>
  );
}

/** Asks at start whether this app runs for an instructor or a student. */
export function StartDialog({ preselect, error, onStart }: { preselect: Role | null; error: string | null; onStart: (c: StartChoice) => void }) {
  const [role, setRole] = useState<Role | null>(preselect);
  const [pin, setPin] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [instructorPin, setInstructorPin] = useState('');
  const onPin = useRef((p: string | null, why: string | null) => (setPin(p), setProblem(why))).current;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (role === 'instructor') onStart({ role, pin: instructorPin || undefined });
    else if (role === 'student' && pin) onStart({ role, newPin: pin });
  };
  return (
    <div className="dialog start" role="dialog" aria-labelledby="start-title" data-testid="start-dialog">
      <form onSubmit={submit}>
        <h2 id="start-title">Start WardTwin as…</h2>
        <div className="row" role="group" aria-label="Mode">
          <button type="button" aria-pressed={role === 'instructor'} className={role === 'instructor' ? 'on' : ''} onClick={() => setRole('instructor')} data-testid="start-instructor">
            Instructor
          </button>
          <button type="button" aria-pressed={role === 'student'} className={role === 'student' ? 'on' : ''} onClick={() => setRole('student')} data-testid="start-student">
            Student
          </button>
        </div>
        {role === 'instructor' && (
          <>
            <p>Instructors see the hidden truth, the scenarios and the answers, and run the session.</p>
            <label>
              Instructor PIN, if this session already has one{' '}
              <input type="password" value={instructorPin} onChange={(e) => setInstructorPin(e.target.value)} data-testid="pin-enter" />
            </label>
          </>
        )}
        {role === 'student' && (
          <>
            <p>
              Students see the ward as on a real one: monitors, labs and their own actions — no diagnosis, hidden truth or expected actions
              until the instructor releases the debrief. The instructor sets a PIN now; leaving student mode asks for it.
            </p>
            <NewPinFields onPin={onPin} />
            {problem && <p className="form-error">{problem}</p>}
          </>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="start-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={role === null || (role === 'student' && !pin)} data-testid="start-go">
          Start
        </button>
      </form>
    </div>
  );
}

/** The end of both PIN dialogs: the host's refusal, if any, then submit and cancel. */
function PinDialogEnd({ error, errorTestId, submit, disabled = false, onCancel }: { error: string | null; errorTestId?: string; submit: string; disabled?: boolean; onCancel: () => void }) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={disabled} data-testid="pin-ok">
          {submit}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** Instructor → student mode: set the PIN the first time, then confirm. */
export function StudentModeDialog({ pinSet, onDone, onCancel }: { pinSet: boolean; onDone: (newPin?: string) => Promise<void>; onCancel: () => void }) {
  const [pin, setPin] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onPin = useRef((p: string | null, why: string | null) => (setPin(p), setProblem(why))).current;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDone(pinSet ? undefined : (pin ?? undefined)).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <div className="dialog pin" role="dialog" aria-labelledby="student-mode-title" data-testid="student-mode-dialog">
      <form onSubmit={submit}>
        <h2 id="student-mode-title">Switch to student mode</h2>
        <p>The session host will stop sending this window the hidden truth, scenario names and answers. Leaving student mode asks for the instructor PIN.</p>
        {!pinSet && <NewPinFields onPin={onPin} />}
        {!pinSet && problem && <p className="form-error">{problem}</p>}
        <PinDialogEnd error={error} submit="Switch to student mode" disabled={!pinSet && !pin} onCancel={onCancel} />
      </form>
    </div>
  );
}

/** Student → instructor: the host verifies the PIN and says why it refuses. */
export function LeaveStudentModeDialog({ onDone, onCancel }: { onDone: (pin: string) => Promise<void>; onCancel: () => void }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDone(pin).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <div className="dialog pin" role="dialog" aria-labelledby="leave-title" data-testid="leave-student-dialog">
      <form onSubmit={submit}>
        <h2 id="leave-title">Leave student mode</h2>
        <label>
          Instructor PIN <input type="password" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} data-testid="pin-enter" />
        </label>
        <PinDialogEnd error={error} errorTestId="pin-error" submit="Unlock instructor mode" onCancel={onCancel} />
      </form>
    </div>
  );
}
