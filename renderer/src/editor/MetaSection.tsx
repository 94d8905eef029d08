/** Title, id, level, author, duration, objectives and parameters. */
import { appendAt, deleteAt, keysAt, lengthAt, renameKey } from './doc-model';
import { useEditor } from './editor-store';
import { ContainerDiags, Field, Section } from './fields';

export function MetaSection() {
  useEditor((s) => s.rev);
  const edit = useEditor((s) => s.edit);
  const doc = useEditor.getState().doc;
  const objectives = lengthAt(doc, 'objectives');
  const params = keysAt(doc, 'parameters');
  return (
    <Section title="Scenario" id="ed-meta">
      <div className="ed-grid">
        <Field path="title" label="Title" optional={false} wide />
        <Field path="id" label="Id (file name)" optional={false} placeholder="lower-case-id" />
        <Field path="level" label="Level" optional={false} options={['novice', 'intermediate', 'advanced']} />
        <Field path="author" label="Author" optional={false} />
        <Field path="duration" label="Duration" optional={false} placeholder="e.g. 2 h" />
        <Field path="description" label="Description" multiline wide />
      </div>
      <h3>Learning objectives</h3>
      <ContainerDiags path="objectives" />
      {Array.from({ length: objectives }, (_, i) => (
        <Field key={i} path={`objectives[${i}]`} label={`Objective ${i + 1}`} optional={false} wide onRemove={() => edit((d) => deleteAt(d, `objectives[${i}]`))} />
      ))}
      <button type="button" className="small" onClick={() => edit((d) => appendAt(d, 'objectives', 'New objective'))}>
        + Objective
      </button>
      <h3>Parameters</h3>
      <p className="ed-hint">Named values used elsewhere as <code>$name</code>; a ward bed can override them.</p>
      <ContainerDiags path="parameters" />
      {params.map((p) => (
        <div key={p} className="ed-row">
          <Field path={`parameters.${p}.default`} label={`$${p} default`} optional={false} />
          <Field path={`parameters.${p}.min`} label="min" />
          <Field path={`parameters.${p}.max`} label="max" />
          <button type="button" className="small ghost" onClick={() => edit((d) => deleteAt(d, `parameters.${p}`))} aria-label={`Remove parameter ${p}`}>
            ×
          </button>
          <ContainerDiags path={`parameters.${p}`} />
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() =>
          edit((d) => {
            let n = 1;
            while (keysAt(d, 'parameters').includes(`param${n}`)) n++;
            if (keysAt(d, '').includes('parameters')) d.setIn(['parameters', `param${n}`], d.createNode({ default: '10 min' }, { flow: true }));
            else d.set('parameters', d.createNode({ [`param${n}`]: { default: '10 min' } }));
          })
        }
      >
        + Parameter
      </button>
      {params.length > 0 && <RenameParam params={params} onRename={(a, b) => edit((d) => renameKey(d, 'parameters', a, b))} />}
    </Section>
  );
}

function RenameParam({ params, onRename }: { params: string[]; onRename: (from: string, to: string) => void }) {
  return (
    <form
      className="ed-inline"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const from = String(f.get('from'));
        const to = String(f.get('to')).trim();
        if (to) onRename(from, to);
      }}
    >
      <label>
        Rename <select name="from">{params.map((p) => <option key={p}>{p}</option>)}</select>
      </label>
      <label>
        to <input name="to" type="text" placeholder="new_name" style={{ minWidth: 100 }} />
      </label>
      <button type="submit" className="small">
        Rename
      </button>
      <span className="ed-hint">(uses of $name are not renamed)</span>
    </form>
  );
}
