/** Triggers, and named states with their entry actions and transitions (graph on top). */
import { useState } from 'react';
import { newAction } from './action-fields';
import { ActionEditor } from './ActionEditor';
import { appendAt, deleteAt, keysAt, lengthAt } from './doc-model';
import { useEditor } from './editor-store';
import { ContainerDiags, Field, Section } from './fields';
import { StatesGraph } from './StatesGraph';

export function StatesSection() {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const states = keysAt(doc, 'states');
  const nTrig = lengthAt(doc, 'triggers');
  const [newState, setNewState] = useState('');
  return (
    <Section title="Triggers and states" id="ed-states">
      <h3>Triggers</h3>
      <p className="ed-hint">
        When a condition holds, run actions — e.g. <code>truth.map_mmhg &lt; 65 for 2 min</code>, <code>action.antibiotics given</code>, <code>elapsed &gt; 30 min</code>.
      </p>
      <ContainerDiags path="triggers" />
      {Array.from({ length: nTrig }, (_, i) => (
        <div key={i} className="ed-item">
          <div className="ed-item-head">
            <span>Trigger {i + 1}</span>
            <button type="button" className="small ghost" onClick={() => edit((d) => deleteAt(d, `triggers[${i}]`))}>
              Remove
            </button>
          </div>
          <ContainerDiags path={`triggers[${i}]`} />
          <div className="ed-grid">
            <Field path={`triggers[${i}].id`} label="Id" />
            <Field path={`triggers[${i}].when`} label="When" optional={false} wide />
            <Field path={`triggers[${i}].repeat`} label="Repeat" options={['false', 'true']} />
          </div>
          <ContainerDiags path={`triggers[${i}].then`} />
          {Array.from({ length: lengthAt(doc, `triggers[${i}].then`) }, (_, j) => (
            <ActionEditor key={j} path={`triggers[${i}].then[${j}]`} />
          ))}
          <button type="button" className="small" onClick={() => edit((d) => appendAt(d, `triggers[${i}].then`, newAction('note')))}>
            + Action
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => edit((d) => appendAt(d, 'triggers', { when: 'truth.map_mmhg < 65 for 2 min', then: [{ note: 'MAP below 65 for 2 minutes.' }] }))}>
        + Trigger
      </button>

      <h3>Named states (branches)</h3>
      <StatesGraph />
      <ContainerDiags path="states" />
      {states.length > 0 && <Field path="initial_state" label="Initial state" options={states} />}
      {states.map((name) => (
        <div key={name} className="ed-item" data-state-editor={name}>
          <div className="ed-item-head">
            <span>State “{name}”</span>
            <button type="button" className="small ghost" onClick={() => edit((d) => deleteAt(d, `states.${name}`))}>
              Remove
            </button>
          </div>
          <ContainerDiags path={`states.${name}`} />
          <h4>On enter</h4>
          <ContainerDiags path={`states.${name}.on_enter`} />
          {Array.from({ length: lengthAt(doc, `states.${name}.on_enter`) }, (_, j) => (
            <ActionEditor key={j} path={`states.${name}.on_enter[${j}]`} />
          ))}
          <button type="button" className="small" onClick={() => edit((d) => appendAt(d, `states.${name}.on_enter`, newAction('note')))}>
            + Entry action
          </button>
          <h4>Transitions</h4>
          <ContainerDiags path={`states.${name}.transitions`} />
          {Array.from({ length: lengthAt(doc, `states.${name}.transitions`) }, (_, j) => (
            <div key={j} className="ed-row">
              <Field path={`states.${name}.transitions[${j}].when`} label="When" optional={false} wide />
              <Field path={`states.${name}.transitions[${j}].goto`} label="Go to" optional={false} options={states} />
              <button type="button" className="small ghost" aria-label="Remove transition" onClick={() => edit((d) => deleteAt(d, `states.${name}.transitions[${j}]`))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" className="small" onClick={() => edit((d) => appendAt(d, `states.${name}.transitions`, { when: 'elapsed > 30 min', goto: states.find((s) => s !== name) ?? name }))}>
            + Transition
          </button>
        </div>
      ))}
      <form
        className="ed-inline"
        onSubmit={(e) => {
          e.preventDefault();
          const n = newState.trim();
          if (!n) return;
          edit((d) => {
            if (keysAt(d, '').includes('states')) d.setIn(['states', n], d.createNode({ on_enter: [], transitions: [] }));
            else d.set('states', d.createNode({ [n]: { on_enter: [], transitions: [] } }));
            if (!keysAt(d, '').includes('initial_state')) d.set('initial_state', n);
          });
          setNewState('');
        }}
      >
        <input type="text" value={newState} onChange={(e) => setNewState(e.target.value)} placeholder="new state name" aria-label="New state name" style={{ minWidth: 160 }} />
        <button type="submit" className="small">
          + State
        </button>
      </form>
    </Section>
  );
}
