/** Expected learner actions (scored in the debrief) and debrief questions. */
import { LEARNER_ACTIONS } from '../../../twin-engine/scenario/vocab';
import { appendAt, deleteAt, lengthAt } from './doc-model';
import { useEditor } from './editor-store';
import { ContainerDiags, Field, Section } from './fields';

export function ExpectedSection() {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const n = lengthAt(doc, 'expected_actions');
  const q = lengthAt(doc, 'debrief');
  return (
    <Section title="Expected learner actions and debrief" id="ed-expected">
      <p className="ed-hint">
        Each is scored met / late / missed: the learner should do <b>action</b> within <b>deadline</b> of the moment <b>anchor</b> first holds (e.g. <code>episode.hypotension</code>; empty: scenario start).
      </p>
      <ContainerDiags path="expected_actions" />
      {Array.from({ length: n }, (_, i) => (
        <div key={i} className="ed-row ed-expected" data-expected={i}>
          <Field path={`expected_actions[${i}].action`} label="Action" optional={false} options={LEARNER_ACTIONS} />
          <Field path={`expected_actions[${i}].within`} label="Within" optional={false} placeholder="e.g. 15 min" />
          <Field path={`expected_actions[${i}].of`} label="Of (anchor)" placeholder="scenario start" wide />
          <Field path={`expected_actions[${i}].why`} label="Why (shown in debrief)" wide />
          <button type="button" className="small ghost" aria-label={`Remove expected action ${i + 1}`} onClick={() => edit((d) => deleteAt(d, `expected_actions[${i}]`))}>
            ×
          </button>
          <ContainerDiags path={`expected_actions[${i}]`} />
        </div>
      ))}
      <button type="button" className="small" data-testid="add-expected" onClick={() => edit((d) => appendAt(d, 'expected_actions', { action: 'call_for_help', within: '15 min' }))}>
        + Expected action
      </button>
      <h3>Debrief questions</h3>
      <ContainerDiags path="debrief" />
      {Array.from({ length: q }, (_, i) => (
        <div key={i} className="ed-row">
          <Field path={`debrief[${i}].question`} label={`Question ${i + 1}`} optional={false} wide />
          <Field path={`debrief[${i}].answer`} label="Answer (instructor)" wide />
          <button type="button" className="small ghost" aria-label={`Remove question ${i + 1}`} onClick={() => edit((d) => deleteAt(d, `debrief[${i}]`))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => edit((d) => appendAt(d, 'debrief', { question: 'What did you notice first?' }))}>
        + Question
      </button>
    </Section>
  );
}
