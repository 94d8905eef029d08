/** Small accessible form pieces shared by the console and learner panels. */
import { useId, useState, type ReactNode } from 'react';
import { useUi } from '../state/store';

/** Runs a session command for a form: busy flag, and the engine's own error message when rejected. */
export function useCommand() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (okText: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await fn();
      setDone(okText);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      setError(msg);
      useUi.getState().toast('error', msg);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

export function Status({ error, done }: { error: string | null; done: string | null }) {
  if (error)
    return (
      <p className="form-error" role="alert" data-testid="form-error">
        {error}
      </p>
    );
  if (done)
    return (
      <p className="form-ok" role="status">
        {done}
      </p>
    );
  return null;
}

export function Field({ label, children, hint }: { label: string; children: (id: string) => ReactNode; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint ? <span className="hint">{hint}</span> : null}
    </div>
  );
}

export function Select<T extends string>({ id, value, options, onChange, label }: { id: string; value: T; options: readonly T[] | readonly { value: T; label: string }[]; onChange(v: NoInfer<T>): void; label?: (v: NoInfer<T>) => string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => {
        const v = typeof o === 'string' ? o : o.value;
        const l = typeof o === 'string' ? (label ? label(o) : o.replace(/_/g, ' ')) : o.label;
        return (
          <option key={v} value={v}>
            {l}
          </option>
        );
      })}
    </select>
  );
}

export function NumberInput({ id, value, onChange, min, max, step }: { id: string; value: number; onChange(v: number): void; min?: number; max?: number; step?: number }) {
  return <input id={id} type="number" value={Number.isFinite(value) ? value : ''} min={min} max={max} step={step ?? 'any'} onChange={(e) => onChange(e.target.valueAsNumber)} />;
}

/** Bed picker defaulting to the selected bed. */
export function BedSelect({ id, value, onChange, allowWard }: { id: string; value: string; onChange(v: string): void; allowWard?: boolean }) {
  const ward = useUi((s) => s.ward);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {allowWard && <option value="">Whole ward</option>}
      {ward?.beds.map((b) => (
        <option key={b.bedId} value={b.bedId}>
          {b.label}
        </option>
      ))}
    </select>
  );
}
