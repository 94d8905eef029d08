/** Instant preview: options (untreated / learner path, seeds), status, the plot and the event list. */
import { formatClock } from './doc-model';
import { LEARNER_PRESETS, usePreview, type LearnerRow } from './preview-store';
import { PreviewPlot } from './PreviewPlot';
import { useEditor } from './editor-store';

export function PreviewPanel() {
  const p = usePreview();
  const invalid = useEditor((s) => s.diagnostics.length > 0 || s.yamlError !== null);
  const run = p.runs[0];
  const statusText =
    p.status === 'running'
      ? `Simulating… (${p.runs.length}/${p.seedCount} seeds)`
      : p.status === 'error'
        ? 'Preview failed'
        : invalid || p.status === 'stale'
          ? 'Fix the problems to update the preview (showing the last valid one)'
          : p.status === 'done'
            ? `Updated in ${Math.round(p.latencyMs ?? 0)} ms after the edit`
            : 'Waiting for the first valid scenario…';
  return (
    <aside className="ed-preview" aria-label="Physiological preview" data-status={p.status}>
      <header>
        <h2>Preview</h2>
        <span className={`ed-status s-${invalid ? 'stale' : p.status}`} data-testid="preview-status">
          {statusText}
        </span>
      </header>
      <LearnerPathEditor />
      {p.error && <pre className="ed-diag">{p.error}</pre>}
      {run ? (
        <>
          <PreviewPlot run={run} band={p.band} durationS={p.durationS} rev={p.requestId} />
          <Outcomes />
        </>
      ) : (
        <p className="ed-hint">The simulated course of the scenario appears here.</p>
      )}
      <p className="ed-hint">Simulated vital signs (true values except SpO2, which is what the monitor shows). Red shading: true hypotension; blue: hypoxaemia. SIMULATION — NOT FOR CLINICAL USE.</p>
    </aside>
  );
}

function LearnerPathEditor() {
  const { learnerRows: rows, treated, seedCount, setLearner, setSeedCount } = usePreview();
  const update = (i: number, patch: Partial<LearnerRow>) => setLearner(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)), treated);
  return (
    <div className="ed-learner">
      <div className="ed-inline" role="radiogroup" aria-label="Learner path">
        <label>
          <input type="radio" name="path" checked={!treated} onChange={() => setLearner(rows, false)} /> Untreated
        </label>
        <label>
          <input type="radio" name="path" checked={treated} onChange={() => setLearner(rows, true)} /> With learner actions
        </label>
        <label className="ed-seeds">
          Seeds{' '}
          <select value={seedCount} onChange={(e) => setSeedCount(Number(e.target.value))} aria-label="Number of seeds (band)">
            {[1, 3, 5].map((n) => (
              <option key={n} value={n}>
                {n === 1 ? '1 (line only)' : `${n} (min–max band)`}
              </option>
            ))}
          </select>
        </label>
      </div>
      {treated && (
        <div className="ed-learner-rows">
          {rows.map((r, i) => (
            <div key={i} className="ed-inline">
              <select value={r.preset} onChange={(e) => update(i, { preset: e.target.value })} aria-label="Learner action">
                {Object.entries(LEARNER_PRESETS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v.label}
                  </option>
                ))}
              </select>
              at
              <input type="text" value={r.at} onChange={(e) => update(i, { at: e.target.value })} aria-label="Time of learner action" style={{ minWidth: 80, width: 80 }} />
              <button type="button" className="small ghost" aria-label="Remove learner action" onClick={() => setLearner(rows.filter((_, j) => j !== i), treated)}>
                ×
              </button>
            </div>
          ))}
          <button type="button" className="small" onClick={() => setLearner([...rows, { at: '30 min', preset: 'fluid_bolus' }], treated)}>
            + Learner action
          </button>
        </div>
      )}
    </div>
  );
}

function Outcomes() {
  const run = usePreview((s) => s.runs[0]);
  const treated = usePreview((s) => s.treated);
  if (!run) return null;
  // Same numbering as the markers on the plot.
  const shown = run.events.filter((e) => ['condition', 'intervention', 'note', 'lab_result', 'state_entered', 'learner_action', 'trigger'].includes(e.kind)).slice(0, 60);
  return (
    <details className="ed-outcomes" open>
      <summary>
        Events ({run.events.length}) and expected actions for this {treated ? 'learner path' : 'untreated run'}
      </summary>
      <ul>
        {run.expected.map((e, i) => (
          <li key={`x${i}`}>
            <b>{e.action}</b>: {e.status.replace('_', ' ')}
            {e.deadlineS !== null ? ` (deadline ${formatClock(e.deadlineS)})` : ''}
          </li>
        ))}
      </ul>
      <ol>
        {shown.map((e, i) => (
          <li key={i}>
            <code>{formatClock(e.timeS)}</code> {e.text}
          </li>
        ))}
      </ol>
    </details>
  );
}
