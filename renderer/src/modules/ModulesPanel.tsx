/**
 * AI modules: attach a reference module (or, where the host supports it, a module folder uploaded as a
 * bundle), read its model card, and watch its status (running / slow / quarantined with the reason),
 * compute time and findings.
 */
import { useMemo, useState } from 'react';
import type { ModuleInfo, ModuleSource } from '../../../twin-engine/session/api';
import { history } from '../state/history';
import { useUi } from '../state/store';
import { Field, Select, Status, useCommand } from '../ui/forms';
import { formatClock, humanize, plural } from '../ui/format';
import { moduleTargets } from '../../../twin-engine/evaluation/session-records';
import { CATALOG, modelCard } from './catalog';
import { CalibrationSummary } from './CalibrationTable';

/** What the UI remembers about attached modules so a resumed session can attach them again. */
export const attachedSources = new Map<string, ModuleSource>();

function ModelCard({ card }: { card: Record<string, string> | null }) {
  if (!card) return <p className="muted">No model card shipped with this module.</p>;
  return (
    <dl className="model-card" data-testid="model-card">
      {Object.entries(card).map(([k, v]) => (
        <div key={k}>
          <dt>{humanize(k.replace(/([A-Z])/g, ' $1').toLowerCase())}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function ModuleRow({ m }: { m: ModuleInfo }) {
  const [showCard, setShowCard] = useState(false);
  const c = useCommand();
  return (
    <li className={`module status-${m.status}`} data-testid="module-row">
      <div className="module-head">
        <strong>{m.name}</strong> <span className="muted">v{m.version}</span>
        <span className={`badge ${m.status}`} data-testid="module-status">
          {m.status}
        </span>
        <span className="muted">{m.meanComputeMs.toFixed(2)} ms / call · {plural(m.findings, 'finding')}</span>
      </div>
      {m.statusReason ? <p className="form-error">{m.statusReason}</p> : null}
      <p className="muted">Scored against: {moduleTargets(m.emits).map(humanize).join(', ') || 'nothing (informational findings only)'}</p>
      <div className="row">
        <button className="small" onClick={() => setShowCard((v) => !v)} aria-expanded={showCard}>
          Model card
        </button>
        <button
          className="small"
          disabled={c.busy}
          onClick={() =>
            void c.run(`Detached ${m.name}`, async () => {
              await useUi.getState().session?.detachModule(m.moduleId);
              attachedSources.delete(m.moduleId);
              const st = await useUi.getState().session?.status();
              if (st) useUi.getState().setModules(st.modules);
            })
          }
        >
          Detach
        </button>
      </div>
      {showCard && <ModelCard card={m.modelCard ?? modelCard(m.moduleId)} />}
      <Status error={c.error} done={null} />
    </li>
  );
}

async function bundleFromFolder(list: FileList): Promise<ModuleSource> {
  const files: Record<string, string | Uint8Array> = {};
  let manifest: string | null = null;
  const folder = (list[0]?.webkitRelativePath || '').split('/')[0] || undefined;
  for (const f of [...list]) {
    const rel = (f.webkitRelativePath || f.name).split('/').slice(1).join('/') || f.name;
    if (rel === 'module.yaml') manifest = await f.text();
    // Binary files as bytes: read as text they would be corrupted (a Python wheel is a zip archive).
    else if (/\.(onnx|bin|wasm|whl)$/i.test(rel)) files[rel] = new Uint8Array(await f.arrayBuffer());
    else files[rel] = await f.text();
  }
  if (!manifest) throw new Error(`The folder ${folder ? `'${folder}' ` : ''}has no module.yaml: choose the module's own folder (the one holding module.yaml)`);
  return { kind: 'bundle', manifest, files, name: folder };
}

export async function attachModule(source: ModuleSource): Promise<ModuleInfo | undefined> {
  const s = useUi.getState().session;
  if (!s) return undefined;
  const info = await s.attachModule(source);
  attachedSources.set(info.moduleId, source);
  const st = await s.status();
  useUi.getState().setModules(st.modules);
  return info;
}

export function ModulesPanel() {
  const modules = useUi((s) => s.modules);
  const version = useUi((s) => s.historyVersion);
  const [id, setId] = useState(CATALOG.find((c) => c.id === 'shock-index')?.id ?? CATALOG[0]?.id ?? 'shock-index');
  const [preview, setPreview] = useState(false);
  const c = useCommand();
  const findings = useMemo(
    () =>
      history.all
        .filter((e) => e.type === 'finding')
        .slice(-12)
        .reverse(),
    [version], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const entry = CATALOG.find((e) => e.id === id);
  return (
    <section className="panel" aria-label="AI modules" data-testid="modules-panel">
      <form className="form" onSubmit={(e) => (e.preventDefault(), void c.run(`Attached ${id}`, () => attachModule({ kind: 'builtin', id })))}>
        <h4>Attach a module</h4>
        <div className="row">
          <Field label="Reference module">{(fid) => <Select id={fid} value={id} options={CATALOG.map((e) => ({ value: e.id, label: `${e.name} ${e.version ? `v${e.version}` : ''}` }))} onChange={setId} />}</Field>
          <button type="submit" disabled={c.busy} data-testid="attach-module">
            Attach
          </button>
          <button type="button" className="small" onClick={() => setPreview((v) => !v)} aria-expanded={preview}>
            Model card
          </button>
        </div>
        {entry ? <p className="hint">{entry.description}</p> : null}
        {preview && <ModelCard card={modelCard(id)} />}
        <CalibrationSummary moduleId={id} />
        <div className="row">
          <Field label="Or upload a module folder (module.yaml + code / model)" hint="Runs sandboxed in its own worker (JS/TS, ONNX or Python via Pyodide), in lockstep with the simulation">
            {(fid) => (
              <input
                id={fid}
                type="file"
                multiple
                {...({ webkitdirectory: '' } as Record<string, string>)}
                onChange={(e) => {
                  const list = e.target.files;
                  if (list?.length) void c.run('Module uploaded', async () => attachModule(await bundleFromFolder(list)));
                }}
              />
            )}
          </Field>
        </div>
        <Status error={c.error} done={c.done} />
      </form>
      <h4>Attached</h4>
      {modules.length === 0 ? <p className="muted">No module attached.</p> : null}
      <ul className="modules">
        {modules.map((m) => (
          <ModuleRow key={m.moduleId} m={m} />
        ))}
      </ul>
      <h4>Latest findings</h4>
      {findings.length === 0 ? <p className="muted">None yet.</p> : null}
      <ol className="log">
        {findings.map((e, i) =>
          e.type === 'finding' ? (
            <li key={i} className={`sev-${e.finding.severity}`}>
              <time>{formatClock(e.simTimeS)}</time> {e.bedId} · {e.finding.moduleId}: {e.finding.message}
            </li>
          ) : null,
        )}
      </ol>
    </section>
  );
}
