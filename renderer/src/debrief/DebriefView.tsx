/**
 * Debrief: one timeline per bed, the expected-actions checklist with timeliness, module metrics against
 * the monitor's alarms, and exports (self-contained HTML report, session data as JSON).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ExpectedActionResult } from '../../../twin-engine/session/api';
import { live } from '../live/live-store';
import { attachedSources } from '../modules/ModulesPanel';
import { history } from '../state/history';
import { runCommand, useUi } from '../state/store';
import { debriefMetrics } from './metrics';
import { BASELINE_NOTE, casesHtml, checklistHtml, download, EXPORT_FORMAT, metricsTableHtml, PROVENANCE, reportHtml, type SessionExport } from './report';
import { timelineCases, timelineSvg } from './timeline';

/** The learner's name or ID for exported reports, remembered on this computer. */
const LEARNER_KEY = 'wardtwin-debrief-learner';
const readLearner = () => {
  try {
    return localStorage.getItem(LEARNER_KEY) ?? '';
  } catch {
    return '';
  }
};

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

export function DebriefView() {
  const ward = useUi((s) => s.ward);
  const role = useUi((s) => s.role);
  const modules = useUi((s) => s.modules);
  const moduleEmits = useUi((s) => s.moduleEmits);
  const version = useUi((s) => s.historyVersion);
  const [expected, setExpected] = useState<Record<string, ExpectedActionResult[]>>({});
  const [refresh, setRefresh] = useState(0);
  const released = useUi((s) => s.debriefReleased);
  // Students get the answers only once the instructor releases the debrief (the host enforces it).
  const showTruth = role === 'instructor' || released;
  const endS = live.simTimeS;
  const [auditHead, setAuditHead] = useState<AuditHead | null>(null);
  const [learner, setLearner] = useState(readLearner);
  useEffect(() => {
    // The audit log is the instructor's (it names injected conditions): its head is the lab's anchor.
    if (role !== 'instructor') return setAuditHead(null);
    void runCommand('Audit log', (s) => s.auditLog()).then((t) => setAuditHead(t ? auditHeadOf(t) : null));
  }, [refresh, ward, role, version]);
  useEffect(() => {
    if (!showTruth) return setExpected({});
    void runCommand('Expected actions', (s) => s.expectedActions()).then((r) => r && setExpected(r));
  }, [refresh, ward, showTruth]);
  const metrics = useMemo(
    () => (ward ? debriefMetrics(ward, history.all, endS, modules, moduleEmits) : []),
    [ward, modules, moduleEmits, version, refresh], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const cases = useMemo(() => (showTruth ? timelineCases(metrics) : undefined), [metrics, showTruth]);
  if (!ward) return <p className="muted">No ward loaded.</p>;
  const who = learner.trim() || undefined;
  const fileWho = who ? `${who.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40)}-` : '';
  const exportReport = () =>
    download(`wardtwin-debrief-${fileWho}${stamp()}.html`, reportHtml({ ward, endS, events: history.all, expected, metrics, showTruth, generatedWall: new Date().toISOString(), learner: who }), 'text/html');
  const exportData = async () => {
    const snapshot = (await runCommand('Snapshot', (s) => s.snapshot())) ?? null;
    const data: SessionExport = {
      format: EXPORT_FORMAT,
      version: 1,
      synthetic: true,
      provenance: PROVENANCE,
      exportedWall: new Date().toISOString(),
      ward,
      simTimeS: endS,
      snapshot,
      events: [...history.all],
      expectedActions: expected,
      modules,
      moduleSources: [...attachedSources.values()],
      learner: who,
    };
    download(`wardtwin-session-${fileWho}${stamp()}.json`, JSON.stringify(data), 'application/json');
  };
  return (
    <div className="debrief" data-testid="debrief">
      <header className="debrief-head">
        <h2>Debrief — {ward.title}</h2>
        <div className="row">
          <label className="learner-name">
            Learner{' '}
            <input
              data-testid="debrief-learner"
              value={learner}
              maxLength={80}
              placeholder="name or student ID"
              onChange={(e) => {
                setLearner(e.target.value);
                try {
                  localStorage.setItem(LEARNER_KEY, e.target.value);
                } catch {
                  /* private mode: the name still goes on this export */
                }
              }}
            />
          </label>
          <button onClick={() => setRefresh((r) => r + 1)}>Refresh</button>
          <button onClick={exportReport} data-testid="export-report">
            Export report (HTML)
          </button>
          <button onClick={() => void exportData()} data-testid="export-data">
            Export session data (JSON)
          </button>
        </div>
      </header>
      <div className="debrief-grid">
        <div>
          <section aria-label="Timelines" data-testid="timelines">
            <h3>Timelines {showTruth ? '' : '(student view: truth hidden)'}</h3>
            {ward.beds.map((b) => (
              <div key={b.bedId} className="timeline" data-testid={`timeline-${b.bedId}`}>
                <h4>
                  {b.label}
                  {showTruth && b.scenarioTitle ? ` — ${b.scenarioTitle}` : ''}
                </h4>
                <div dangerouslySetInnerHTML={{ __html: timelineSvg(b.bedId, b.label, history.all, { showTruth, endS, cases }) }} />
              </div>
            ))}
          </section>
        </div>
        <div>
          <section aria-label="Module metrics" data-testid="module-metrics">
            <h3>Module metrics</h3>
            <p className="hint">
              Scored with twin-engine/evaluation (event-level rules of METRICS.md): each bed is a patient; an episode is detected by an alert from 30 min before
              onset to its end; the bedside monitor's alarms are the baseline. One session is a small sample.
            </p>
            <p className="hint">{BASELINE_NOTE}</p>
            <div dangerouslySetInnerHTML={{ __html: metricsTableHtml(metrics) }} />
            {showTruth && metrics.length > 0 && (
              <details data-testid="module-cases">
                <summary>Cases behind the figures: missed episodes and false alerts</summary>
                <div dangerouslySetInnerHTML={{ __html: casesHtml(metrics) }} />
              </details>
            )}
          </section>
          <section aria-label="Expected actions" data-testid="expected-actions">
            <h3>Expected actions</h3>
            <div dangerouslySetInnerHTML={{ __html: checklistHtml(ward, expected, showTruth) }} />
          </section>
        </div>
      </div>
      {auditHead && (
        <p className="muted audit-head" data-testid="audit-head" title="Write this down or photograph it: `wardtwin audit verify` checks a saved log against it">
          audit head: <code>{auditHead.hash}</code> ({auditHead.records} records, session {auditHead.session}
          {auditHead.sealed ? ', sealed' : ', session still open'})
        </p>
      )}
    </div>
  );
}

interface AuditHead {
  hash: string;
  records: number;
  session: string;
  sealed: boolean;
}

/** The head of an audit log (JSON lines): its last record's hash, the record count, the session. */
export function auditHeadOf(jsonl: string): AuditHead | null {
  const lines = jsonl.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return null;
  try {
    const last = JSON.parse(lines[lines.length - 1]) as { hash?: unknown; session?: unknown; kind?: unknown };
    if (typeof last.hash !== 'string' || typeof last.session !== 'string') return null;
    return { hash: last.hash, records: lines.length - 1, session: last.session, sealed: last.kind === 'seal' };
  } catch {
    return null;
  }
}
