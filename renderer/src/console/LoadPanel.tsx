/**
 * Open a ward, scenario or cohort: from the built-in library, or from files (a file input works the
 * same in the browser host and in Electron; several files can be picked together so a ward's scenario
 * files come along). Also opens a saved session export to continue it. Each asks before it replaces a
 * running session, which stays reopenable under "Recent sessions" (storage/replace.ts).
 */
import { useRef, useState } from 'react';
import { confirmReplace } from '../storage/replace';
import { openSessionExport } from '../storage/resume';
import { RecentSessions } from './RecentSessions';
import { useUi } from '../state/store';
import { Field, Select, Status, useCommand } from '../ui/forms';
import { LIBRARY } from './library';
import { loadSaved, savedLibrary, SAVED_PREFIX } from './open-saved';

async function readFiles(list: FileList): Promise<{ name: string; text: string }[]> {
  return Promise.all([...list].map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await f.text() })));
}

export function LoadPanel() {
  const [path, setPath] = useState('wards/default.yaml');
  const c = useCommand();
  const fileRef = useRef<HTMLInputElement>(null);
  const sessRef = useRef<HTMLInputElement>(null);
  const saved = savedLibrary();
  const load = async () => {
    if (path.startsWith(SAVED_PREFIX)) {
      const name = path.slice(SAVED_PREFIX.length);
      const f = saved.find((x) => x.fileName === name);
      if (!(await confirmReplace(`“${f?.title ?? name}”`))) return;
      return c.run(`Loaded ${name}`, () => loadSaved(name));
    }
    const entry = LIBRARY.find((e) => e.path === path);
    if (!(await confirmReplace(`“${entry?.title ?? path}”`))) return;
    await c.run(`Loaded ${path}`, async () => {
      const s = useUi.getState().session;
      if (!s) return;
      await s.load({ kind: 'builtin', path });
    });
  };
  const loadFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    if (!(await confirmReplace(`“${list[0].name}”`))) {
      if (fileRef.current) fileRef.current.value = '';
      return;
    }
    await c.run(`Loaded ${list[0].name}`, async () => {
      const s = useUi.getState().session;
      if (!s) return;
      const files = await readFiles(list);
      // The main file: a ward if one was picked, else the first file; the rest resolve its references.
      const main = files.find((f) => /^kind:\s*ward/m.test(f.text)) ?? files.find((f) => /^kind:\s*cohort/m.test(f.text)) ?? files[0];
      const others = Object.fromEntries(files.filter((f) => f !== main).map((f) => [f.name.split('/').pop() as string, f.text]));
      await s.load({ kind: 'text', fileName: main.name.split('/').pop() as string, text: main.text, ...(files.length > 1 ? { files: others } : {}) });
    });
    if (fileRef.current) fileRef.current.value = '';
  };
  const loadSession = async (list: FileList | null) => {
    const f = list?.[0];
    if (!f) return;
    if (!(await confirmReplace(`the saved session “${f.name}”`))) {
      if (sessRef.current) sessRef.current.value = '';
      return;
    }
    await c.run(`Opened session ${f.name}`, async () => openSessionExport(JSON.parse(await f.text())));
    if (sessRef.current) sessRef.current.value = '';
  };
  return (
    <section className="form" aria-label="Open a ward or scenario" data-testid="load-panel">
      <h4>Open</h4>
      <div className="row">
        <Field label="Built-in library" hint={saved.length ? 'with what you saved in the scenario editor' : undefined}>
          {(id) => (
            <Select
              id={id}
              value={path}
              options={[
                ...LIBRARY.map((e) => ({ value: e.path, label: `${e.kind === 'ward' ? 'Ward' : e.kind === 'cohort' ? 'Cohort' : 'Scenario'}: ${e.title}` })),
                ...saved.map((f) => ({ value: `${SAVED_PREFIX}${f.fileName}`, label: `Saved ${f.kind}: ${f.title} (${f.fileName})` })),
              ]}
              onChange={setPath}
            />
          )}
        </Field>
        <button onClick={() => void load()} disabled={c.busy} data-testid="load-builtin">
          Open
        </button>
      </div>
      <div className="row">
        <Field label="Ward, scenario or cohort file(s)" hint="YAML; pick a ward together with its scenario files">
          {(id) => <input id={id} ref={fileRef} type="file" accept=".yaml,.yml,.json" multiple onChange={(e) => void loadFiles(e.target.files)} data-testid="file-input" />}
        </Field>
        <Field label="Saved session (.json export)">
          {(id) => <input id={id} ref={sessRef} type="file" accept=".json" onChange={(e) => void loadSession(e.target.files)} data-testid="session-input" />}
        </Field>
      </div>
      <Status error={c.error} done={c.done} />
      <RecentSessions />
    </section>
  );
}
