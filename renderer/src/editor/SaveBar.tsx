/**
 * Save (download + the local saved list), Save as (fresh id, title, author and file name), and a check
 * that the file loads in the ward engine. Nothing invalid is saved: the buttons are disabled and the
 * reason listed while the validator reports problems.
 */
import { useState } from 'react';
import { formatDiagnostic } from '../../../twin-engine/scenario/diagnostics';
import { setAt } from './doc-model';
import { useEditor } from './editor-store';
import { downloadText, writeSaved } from './library';
import { testLoadInEngine, type TestLoadResult } from './test-load';
import { OPEN_ON_WARD_KEY } from '../console/open-saved';

export function SaveBar() {
  const fileName = useEditor((s) => s.fileName);
  const diagnostics = useEditor((s) => s.diagnostics);
  const yamlError = useEditor((s) => s.yamlError);
  const rev = useEditor((s) => s.rev);
  const validatedRev = useEditor((s) => s.validatedRev);
  const dirty = useEditor((s) => s.savedText !== s.text);
  const [asOpen, setAsOpen] = useState(false);
  const [loadResult, setLoadResult] = useState<TestLoadResult | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = rev !== validatedRev;
  const invalid = diagnostics.length > 0 || yamlError !== null;
  const why = yamlError ? `YAML syntax error: ${yamlError}` : diagnostics.map(formatDiagnostic).join('\n');

  const save = (name: string) => {
    const { text } = useEditor.getState();
    downloadText(name, text);
    writeSaved({ fileName: name, kind: 'scenario', text });
    useEditor.getState().markSaved(name, text);
  };
  const check = async () => {
    setBusy(true);
    const { text } = useEditor.getState();
    setLoadResult(await testLoadInEngine(fileName, text));
    setBusy(false);
  };
  return (
    <div className="ed-savebar">
      <span className="ed-file" title="File name used for Save">
        {fileName}
        {dirty ? ' • unsaved changes' : ''}
      </span>
      <button type="button" className="primary" data-testid="save" disabled={invalid || pending} title={invalid ? `Cannot save — fix first:\n${why}` : 'Download the YAML file and keep it in this browser’s saved list'} onClick={() => save(fileName)}>
        Save
      </button>
      <button type="button" data-testid="save-as" disabled={invalid || pending} onClick={() => setAsOpen(!asOpen)} aria-expanded={asOpen}>
        Save as…
      </button>
      <button type="button" data-testid="test-load" disabled={invalid || pending || busy} onClick={() => void check()}>
        {busy ? 'Loading…' : 'Test in ward engine'}
      </button>
      {invalid && (
        <span className="ed-cannot" data-testid="cannot-save">
          Cannot save: {diagnostics.length || 1} problem{diagnostics.length === 1 ? '' : 's'}
        </span>
      )}
      {loadResult && (
        <span className={loadResult.ok ? 'ed-ok' : 'ed-diag'} data-testid="test-load-result" data-ok={loadResult.ok}>
          {loadResult.message}
        </span>
      )}
      {loadResult?.ok && (
        <button
          type="button"
          data-testid="open-on-ward"
          title="Save it in this browser's list and open it on the ward (the running session is kept under Recent sessions)"
          onClick={() => {
            // Issue 15: the check loaded it in a throw-away engine only. This puts it on the ward itself.
            const { text } = useEditor.getState();
            writeSaved({ fileName, kind: 'scenario', text });
            useEditor.getState().markSaved(fileName, text);
            sessionStorage.setItem(OPEN_ON_WARD_KEY, fileName);
            location.hash = '#/';
          }}
        >
          Open on the ward
        </button>
      )}
      {asOpen && <SaveAsForm onDone={(name) => (setAsOpen(false), save(name))} />}
    </div>
  );
}

function SaveAsForm({ onDone }: { onDone: (fileName: string) => void }) {
  const doc = useEditor.getState().doc;
  const [id, setId] = useState(`${String(doc.get('id') ?? 'scenario')}-copy`);
  const [title, setTitle] = useState(`${String(doc.get('title') ?? 'Scenario')} (my version)`);
  const [author, setAuthor] = useState('');
  const idOk = /^[a-z][a-z0-9_-]*$/.test(id);
  return (
    <form
      className="ed-saveas"
      aria-label="Save as a new scenario"
      onSubmit={(e) => {
        e.preventDefault();
        if (!idOk || !title.trim() || !author.trim()) return;
        useEditor.getState().edit((d) => {
          setAt(d, 'id', id);
          setAt(d, 'title', title.trim());
          setAt(d, 'author', author.trim());
        });
        onDone(`${id}.yaml`);
      }}
    >
      <label>
        New id (file name) <input type="text" name="id" value={id} onChange={(e) => setId(e.target.value)} aria-invalid={!idOk} />
      </label>
      {!idOk && <span className="ed-diag">lower-case letters, digits, '-' or '_', starting with a letter</span>}
      <label>
        Title <input type="text" name="title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Author <input type="text" name="author" value={author} onChange={(e) => setAuthor(e.target.value)} placeholder="your name" required />
      </label>
      <button type="submit" className="primary" disabled={!idOk || !title.trim() || !author.trim()} data-testid="save-as-confirm">
        Save {idOk ? `${id}.yaml` : ''}
      </button>
    </form>
  );
}
