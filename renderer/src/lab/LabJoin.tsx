/**
 * The lab's join screen (a browser opening the lab server's address): a student types the join code and
 * their name or ID; the instructor gives the key printed by `wardtwin lab serve` (or opens the printed
 * page, which carries it in the #fragment). The server checks both; this form only passes them on.
 */
import { useState, type FormEvent } from 'react';
import { SIMULATION_NOTICE, type OpenRequest } from '../../../twin-engine/session/api';

export function LabJoin({ code: presetCode, error, busy, onJoin }: { code: string | null; error: string | null; busy: boolean; onJoin: (open: OpenRequest) => void }) {
  const [code, setCode] = useState(presetCode ?? '');
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [asInstructor, setAsInstructor] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (asInstructor) onJoin({ role: 'instructor', token: key.trim() });
    else onJoin({ role: 'student', joinCode: code.trim(), name: name.trim() });
  };
  const ready = asInstructor ? key.trim() !== '' : code.trim() !== '' && name.trim() !== '';
  return (
    <div className="dialog lab-join" role="dialog" aria-labelledby="lab-join-title" data-testid="lab-join">
      <form onSubmit={submit}>
        <h2 id="lab-join-title">Join the lab session</h2>
        <p className="hint">{SIMULATION_NOTICE}: simulated patients and synthetic data only.</p>
        {!asInstructor ? (
          <>
            <label>
              Join code <input type="text" autoComplete="off" autoCapitalize="characters" value={code} onChange={(e) => setCode(e.target.value)} data-testid="lab-code" />
            </label>
            <label>
              Your name or student ID <input type="text" autoComplete="name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} data-testid="lab-name" />
            </label>
          </>
        ) : (
          <label>
            Instructor key (printed by <code>wardtwin lab serve</code>){' '}
            <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} data-testid="lab-key" />
          </label>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="lab-join-error">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={!ready || busy} data-testid="lab-join-go">
            {busy ? 'Joining…' : asInstructor ? 'Open as instructor' : 'Join'}
          </button>
          <button type="button" className="small" onClick={() => setAsInstructor((v) => !v)} data-testid="lab-as-instructor">
            {asInstructor ? 'I am a student' : 'I am the instructor'}
          </button>
        </div>
      </form>
    </div>
  );
}
