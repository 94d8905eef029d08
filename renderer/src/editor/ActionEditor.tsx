/**
 * Edits one action mapping (`{ start_condition: {...} }`, `{ note: "..." }`, …) in place. Changing the
 * type replaces the action; fields are added from a menu so the YAML only holds what the author set.
 */
import { useState } from 'react';
import { actionTypeOf, ACTION_LABELS, ACTION_TYPES, BODY_FIELDS, newAction, type ActionType } from './action-fields';
import { deleteAt, keysAt, setAt, valueAt } from './doc-model';
import { useEditor } from './editor-store';
import { ContainerDiags, Field } from './fields';
import { fieldRange } from '../../../twin-engine/scenario/intervention-ranges';
import type { DrugId, InterventionKind } from '../../../twin-engine/physiology/types';

export function ActionEditor({ path }: { path: string }) {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const action = valueAt(doc, path);
  const type = actionTypeOf(action);
  const changeType = (t: ActionType) =>
    edit((d) => {
      d.setIn(parse(path), d.createNode(newAction(t), { flow: true }));
    });
  return (
    <div className="ed-action" data-path={path}>
      <label className="ed-action-type">
        <span className="sr-only">Action type</span>
        <select value={type ?? ''} onChange={(e) => changeType(e.target.value as ActionType)} data-path={`${path}#type`}>
          {type === null && <option value="">(unknown action)</option>}
          {ACTION_TYPES.map((t) => (
            <option key={t} value={t}>
              {ACTION_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <ContainerDiags path={path} />
      {type !== null && <ActionBody path={`${path}.${type}`} type={type} />}
    </div>
  );
}

function parse(path: string) {
  return path.split(/\.|\[|\]/).filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** The body of an action (or a condition under `conditions:`, which is a start_condition body). */
export function ActionBody({ path, type }: { path: string; type: ActionType }) {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const fields = BODY_FIELDS[type];
  if (fields === null) {
    return (
      <>
        <Field path={path} label={type === 'note' ? 'Note text' : 'State'} optional={false} wide />
      </>
    );
  }
  const present = new Set(keysAt(doc, path));
  const shown = fields.filter((f) => f.required || present.has(f.key));
  // The range the model accepts for this kind/drug/device, from the table the checker uses.
  const body = type === 'intervention' ? (valueAt(doc, path) as Record<string, unknown> | null) : null;
  const hint = (key: string): string | undefined => {
    if (body === null || typeof body !== 'object') return undefined;
    const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const r = fieldRange(s('kind') as InterventionKind | undefined, s('drug') as DrugId | undefined, s('device'), key);
    return r === undefined ? undefined : `allowed ${r.min}–${r.max} ${r.unit}`;
  };
  const addable = fields.filter((f) => !f.required && !present.has(f.key));
  return (
    <div className="ed-body">
      <ContainerDiags path={path} />
      <div className="ed-grid">
        {shown.map((f) =>
          f.map ? (
            <ParamsEditor key={f.key} path={`${path}.${f.key}`} placeholder={f.placeholder} onRemove={() => edit((d) => deleteAt(d, `${path}.${f.key}`))} />
          ) : (
            <Field
              key={f.key}
              path={`${path}.${f.key}`}
              label={f.label}
              options={f.options}
              placeholder={f.placeholder}
              hint={hint(f.key)}
              optional={!f.required}
              onRemove={f.required ? undefined : () => edit((d) => deleteAt(d, `${path}.${f.key}`))}
            />
          ),
        )}
      </div>
      {addable.length > 0 && (
        <select
          className="ed-add-field"
          aria-label="Add a field"
          value=""
          onChange={(e) => {
            const f = fields.find((x) => x.key === e.target.value);
            if (!f) return;
            edit((d) => setAt(d, `${path}.${f.key}`, f.map ? {} : (f.options?.[0] ?? '')));
          }}
        >
          <option value="">+ field…</option>
          {addable.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/** Condition parameters: name → value rows (`rateMlPerMin: 90 mL/min`). */
function ParamsEditor({ path, placeholder, onRemove }: { path: string; placeholder?: string; onRemove: () => void }) {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const [name, setName] = useState('');
  const keys = keysAt(doc, path);
  return (
    <fieldset className="ed-params" data-path={path}>
      <legend>
        Condition parameters{' '}
        <button type="button" className="small ghost" onClick={onRemove} aria-label="Remove all parameters">
          ×
        </button>
      </legend>
      <ContainerDiags path={path} />
      {keys.map((k) => (
        <Field key={k} path={`${path}.${k}`} label={k} optional={false} onRemove={() => edit((d) => deleteAt(d, `${path}.${k}`))} />
      ))}
      <form
        className="ed-inline"
        onSubmit={(e) => {
          e.preventDefault();
          const n = name.trim();
          if (!n) return;
          edit((d) => setAt(d, `${path}.${n}`, 0));
          setName('');
        }}
      >
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={placeholder} aria-label="New parameter name" style={{ minWidth: 140 }} />
        <button type="submit" className="small">
          + parameter
        </button>
      </form>
    </fieldset>
  );
}
