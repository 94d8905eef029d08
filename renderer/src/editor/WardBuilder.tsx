/**
 * Ward builder: beds in a grid (file order = bed order), each with a library or saved scenario, or a
 * stable patient; start offset and seed. Edits the ward file's yaml Document (same round-trip rules as
 * the scenario editor) and validates with parseWard, reading referenced scenarios from the bundled
 * library and this browser's saved files.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Document } from 'yaml';
import { parseWard } from '../../../twin-engine/scenario/ward';
import { formatDiagnostic, type Diagnostic } from '../../../twin-engine/scenario/diagnostics';
import { appendAt, deleteAt, lengthAt, moveAt, parseDoc, scalarFromInput, serialize, setAt, textAt, valueAt } from './doc-model';
import { mapDiagnostics } from './field-map';
import { downloadText, libraryScenarios, libraryWards, readLibrary, readSaved, savedScenarioFiles, writeSaved } from './library';
import { testLoadInEngine, type TestLoadResult } from './test-load';

const NEW_WARD = `# yaml-language-server: $schema=../schema/ward.schema.json
kind: ward
id: my-ward
title: My teaching ward (simulated)
beds:
  - id: bed-1
    label: Bed 1
    scenario: ../hemorrhage-postop.yaml
    seed: 1
`;
const STABLE = { age: '60 y', sex: 'female', height: '165 cm', weight: '70 kg', skin_tone: 4 };

export function WardBuilder() {
  const [doc, setDoc] = useState<Document>(() => parseDoc(NEW_WARD));
  const [rev, setRev] = useState(0);
  const [diags, setDiags] = useState<Diagnostic[]>([]);
  const [result, setResult] = useState<TestLoadResult | null>(null);
  const text = useMemo(() => serialize(doc), [doc, rev]);
  const id = String(valueAt(doc, 'id') ?? 'ward');
  const fileName = `wards/${id}.yaml`;
  const edit = (f: (d: Document) => void) => (f(doc), setRev(rev + 1), setResult(null));
  useEffect(() => {
    const t = setTimeout(() => {
      const files = savedScenarioFiles();
      const r = parseWard(text, fileName, (p) => files[p] ?? readLibrary(p));
      setDiags(r.ok ? [] : r.diagnostics);
    }, 150);
    return () => clearTimeout(t);
  }, [text, fileName]);
  const n = lengthAt(doc, 'beds');
  const paths = ['id', 'title', 'beds', ...Array.from({ length: n }, (_, i) => ['', '.id', '.label', '.scenario', '.start_offset', '.seed', '.params', '.patient'].map((k) => `beds[${i}]${k}`)).flat()];
  const dm = mapDiagnostics(diags.filter((d) => d.file === fileName), paths);
  const foreign = diags.filter((d) => d.file !== fileName);
  const scenarios = [...libraryScenarios().map((s) => ({ ref: `../${s.path}`, label: s.title })), ...readSaved().filter((f) => f.kind === 'scenario').map((f) => ({ ref: `../${f.fileName}`, label: `${f.title} (saved)` }))];
  const input = (path: string, label: string, placeholder?: string) => (
    <label className="ed-field">
      {label}
      <input
        type="text"
        data-path={path}
        value={textAt(doc, path)}
        placeholder={placeholder}
        className={dm.byField.has(path) ? 'invalid' : undefined}
        onChange={(e) => edit((d) => (e.target.value.trim() === '' && !/\.(id|title)$|^(id|title)$/.test(path) ? deleteAt(d, path) : setAt(d, path, scalarFromInput(e.target.value))))}
      />
      {dm.byField.get(path)?.map((x, i) => (
        <span key={i} className="ed-diag" role="alert">
          {x.message}
        </span>
      ))}
    </label>
  );
  const invalid = diags.length > 0;
  return (
    <div className="ed-ward" data-testid="ward-builder">
      <div className="ed-savebar">
        <label>
          Start from{' '}
          <select value="" onChange={(e) => e.target.value && (setDoc(parseDoc(e.target.value === 'new' ? NEW_WARD : readLibrary(e.target.value))), setRev(rev + 1))} aria-label="Open a ward">
            <option value="">choose…</option>
            <option value="new">New ward</option>
            {libraryWards().map((w) => (
              <option key={w.path} value={w.path}>
                {w.title} — {w.path}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={invalid} data-testid="ward-save" onClick={() => (downloadText(fileName, text), writeSaved({ fileName, kind: 'ward', text }))}>
          Save {id}.yaml
        </button>
        <button type="button" disabled={invalid} data-testid="ward-test-load" onClick={() => void testLoadInEngine(fileName, text, savedScenarioFiles()).then(setResult)}>
          Test in ward engine
        </button>
        {invalid ? <span className="ed-cannot">Cannot save: {diags.length} problem(s)</span> : <span className="ed-ok">✓ Valid ward</span>}
        {result && <span className={result.ok ? 'ed-ok' : 'ed-diag'} data-testid="ward-test-result">{result.message}</span>}
      </div>
      <div className="ed-grid">
        {input('id', 'Ward id')}
        {input('title', 'Title')}
      </div>
      {[...dm.unmatched, ...foreign].length > 0 && (
        <ul className="ed-problems">
          {[...dm.unmatched, ...foreign].map((d, i) => (
            <li key={i}>
              <code>{formatDiagnostic(d)}</code>
            </li>
          ))}
        </ul>
      )}
      <div className="ed-bed-grid" role="list" aria-label="Beds">
        {Array.from({ length: n }, (_, i) => {
          const p = `beds[${i}]`;
          const stable = valueAt(doc, `${p}.patient`) !== undefined;
          const ref = String(valueAt(doc, `${p}.scenario`) ?? '');
          return (
            <div key={i} className="ed-bed" role="listitem" data-bed={i}>
              <div className="ed-item-head">
                <b>{String(valueAt(doc, `${p}.label`) ?? valueAt(doc, `${p}.id`) ?? `Bed ${i + 1}`)}</b>
                <span>
                  <button type="button" className="small ghost" aria-label="Move earlier" disabled={i === 0} onClick={() => edit((d) => moveAt(d, 'beds', i, i - 1))}>
                    ←
                  </button>
                  <button type="button" className="small ghost" aria-label="Move later" disabled={i === n - 1} onClick={() => edit((d) => moveAt(d, 'beds', i, i + 1))}>
                    →
                  </button>
                  <button type="button" className="small ghost" aria-label="Remove bed" onClick={() => edit((d) => deleteAt(d, p))}>
                    ×
                  </button>
                </span>
              </div>
              {dm.byField.get(p)?.map((x, k) => <div key={k} className="ed-diag">{x.message}</div>)}
              {input(`${p}.id`, 'Bed id')}
              {input(`${p}.label`, 'Label')}
              <label className="ed-field">
                Patient
                <select
                  value={stable ? 'stable' : ref}
                  data-path={`${p}.scenario`}
                  onChange={(e) =>
                    edit((d) => {
                      if (e.target.value === 'stable') {
                        deleteAt(d, `${p}.scenario`);
                        deleteAt(d, `${p}.params`);
                        d.setIn(['beds', i, 'patient'], d.createNode(STABLE, { flow: true }));
                      } else {
                        deleteAt(d, `${p}.patient`);
                        deleteAt(d, `${p}.params`); // another scenario's parameters would not apply
                        setAt(d, `${p}.scenario`, e.target.value);
                      }
                    })
                  }
                >
                  <option value="stable">Stable patient (no scenario)</option>
                  {!stable && !scenarios.some((s) => s.ref === ref) && <option value={ref}>{ref}</option>}
                  {scenarios.map((s) => (
                    <option key={s.ref} value={s.ref}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
              {dm.byField.get(`${p}.scenario`)?.map((x, k) => <div key={k} className="ed-diag">{x.message}</div>)}
              {input(`${p}.start_offset`, 'Starts at (ward time)', '0 min; e.g. 30 min')}
              {input(`${p}.seed`, 'Seed', 'from bed id')}
            </div>
          );
        })}
        <button
          type="button"
          className="ed-bed ed-bed-add"
          onClick={() =>
            edit((d) => {
              const k = lengthAt(d, 'beds') + 1;
              appendAt(d, 'beds', { id: `bed-${k}`, label: `Bed ${k}`, scenario: '../fever-benign.yaml', seed: k });
            })
          }
        >
          + Bed
        </button>
      </div>
      <details>
        <summary>Ward YAML</summary>
        <pre className="ed-pre">{text}</pre>
      </details>
    </div>
  );
}
