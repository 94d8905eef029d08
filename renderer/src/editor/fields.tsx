/**
 * Form fields bound to a path in the Document. Each shows the validator's messages for its own path
 * right under it, so an instructor sees "expected an age between 18 y and 100 y" next to Age, not in a
 * log. While focused the field keeps what was typed (the Document may normalise `0.80` to `0.8`).
 */
import { useState, type ReactNode } from 'react';
import type { Diagnostic } from '../../../twin-engine/scenario/diagnostics';
import { deleteAt, scalarFromInput, setAt, textAt } from './doc-model';
import { useEditor, useFieldDiagnostics } from './editor-store';

export function DiagMessages({ diags, path }: { diags: readonly Diagnostic[]; path: string }) {
  if (diags.length === 0) return null;
  return (
    <div className="ed-diag" role="alert" data-diag-path={path}>
      {diags.map((d, i) => (
        <div key={i}>
          {d.path !== path && <code>{d.path}: </code>}
          {d.message}
          {d.suggestion !== undefined && <> — did you mean <b>{d.suggestion}</b>?</>}
        </div>
      ))}
    </div>
  );
}

interface FieldProps {
  path: string;
  label: string;
  placeholder?: string;
  /** Empty input removes the key (optional fields) instead of writing an empty string. */
  optional?: boolean;
  options?: readonly string[];
  wide?: boolean;
  multiline?: boolean;
  hint?: ReactNode;
  onRemove?: () => void;
}

export function Field({ path, label, placeholder, optional = true, options, wide, multiline, hint, onRemove }: FieldProps) {
  useEditor((s) => s.rev);
  const doc = useEditor.getState().doc;
  const edit = useEditor((s) => s.edit);
  const diags = useFieldDiagnostics(path);
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? textAt(doc, path);
  const write = (text: string) =>
    edit((d) => {
      if (text.trim() === '' && optional) deleteAt(d, path);
      else setAt(d, path, scalarFromInput(text));
    });
  const id = `f-${path.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const common = {
    id,
    'data-path': path,
    'aria-invalid': diags.length > 0 || undefined,
    className: diags.length > 0 ? 'invalid' : undefined,
  };
  let input: ReactNode;
  if (options) {
    const opts = value !== '' && !options.includes(value) ? [value, ...options] : options;
    input = (
      <select {...common} value={value} onChange={(e) => write(e.target.value)}>
        {optional || value === '' ? <option value="">—</option> : null}
        {opts.map((o) => (
          <option key={o} value={o}>
            {o.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    );
  } else if (multiline) {
    input = <textarea {...common} rows={2} value={value} placeholder={placeholder} onChange={(e) => (setDraft(e.target.value), write(e.target.value))} onBlur={() => setDraft(null)} />;
  } else {
    input = (
      <input
        {...common}
        type="text"
        value={value}
        placeholder={placeholder}
        onChange={(e) => (setDraft(e.target.value), write(e.target.value))}
        onBlur={() => setDraft(null)}
      />
    );
  }
  return (
    <div className={`ed-field${wide ? ' wide' : ''}${diags.length ? ' has-diag' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="ed-input-row">
        {input}
        {onRemove && (
          <button type="button" className="small ghost" title="Remove" aria-label={`Remove ${label}`} onClick={onRemove}>
            ×
          </button>
        )}
      </div>
      {hint && <div className="ed-hint">{hint}</div>}
      <DiagMessages diags={diags} path={path} />
    </div>
  );
}

/** Diagnostics of a container (a list item, an action) that no inner field claimed. */
export function ContainerDiags({ path }: { path: string }) {
  const diags = useFieldDiagnostics(path);
  return <DiagMessages diags={diags} path={path} />;
}

export function Section({ title, id, children, actions }: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="ed-section" id={id} aria-labelledby={`${id}-h`}>
      <header>
        <h2 id={`${id}-h`}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
