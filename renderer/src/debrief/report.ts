/**
 * The debrief as one self-contained HTML file (inline CSS and SVG, no scripts, no external requests)
 * and the session data as JSON; both carry the synthetic-data marker.
 */
import type { ExpectedActionResult, ModuleInfo, SessionEvent, SessionSnapshot, WardInfo } from '../../../twin-engine/session/api';
import { SIMULATION_NOTICE } from '../../../twin-engine/session/api';
import { formatClock, humanize, plural } from '../ui/format';
import { sourceRow, type ModuleComparison } from './metrics';
import { esc, timelineCases, timelineSvg } from './timeline';
import { conditionInWords } from '../../../twin-engine/scenario/describe';

export const EXPORT_FORMAT = 'wardtwin-session-export';
export const PROVENANCE = `WardTwin synthetic data — ${SIMULATION_NOTICE}`;

export interface SessionExport {
  format: typeof EXPORT_FORMAT;
  version: 1;
  synthetic: true;
  provenance: string;
  exportedWall: string;
  ward: WardInfo;
  simTimeS: number;
  snapshot: SessionSnapshot | null;
  events: SessionEvent[];
  expectedActions: Record<string, ExpectedActionResult[]>;
  modules: ModuleInfo[];
  moduleSources: unknown[];
  /** Who the debrief is for (the learner's name or ID as typed, or the lab's student name). */
  learner?: string;
}

export interface ReportInput {
  ward: WardInfo;
  endS: number;
  events: readonly SessionEvent[];
  expected: Record<string, ExpectedActionResult[]>;
  metrics: ModuleComparison[];
  showTruth: boolean;
  generatedWall: string;
  /** The learner's name or ID, printed at the top of the report (issue 15: the export named nobody). */
  learner?: string;
}

/** How the monitor's row is counted (issue 15: the baseline's counts were unexplained). */
export const BASELINE_NOTE =
  "The 'vs bedside monitor' row scores the monitor's own alarms on the same episodes: an alarm counts for the episode labels it stands for (e.g. SpO2 low → hypoxemia, MAP low → hypotension and shock; twin-engine/evaluation/alarm-map.ts); technical alarms (lead off, probe off) never count. Only alarms standing for the module's scored episodes enter its row: its false alerts are those alarms raised when no such episode was present or about to begin.";

const pct = (n: number, d: number) => (d === 0 ? '—' : `${Math.round((100 * n) / d)} %`);
const num = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

export function metricsTableHtml(metrics: ModuleComparison[]): string {
  if (metrics.length === 0) return '<p>No module was attached in this session.</p>';
  const rows = metrics
    .flatMap((m) =>
      [sourceRow(m.moduleId, m.module), sourceRow('bedside monitor', m.monitor)].map(
        (r, i) =>
          `<tr${i === 1 ? ' class="baseline"' : ''}><td>${esc(i === 0 ? r.source : `  vs ${r.source}`)}</td><td>${esc(m.targets.map(humanize).join(', ') || '—')}</td><td>${r.detected} / ${r.episodes} (${pct(r.detected, r.episodes)})</td><td>${r.alerts}</td><td>${r.falseAlerts}</td><td>${num(r.falsePerHour)}</td><td>${r.medianLatencyS === null ? '—' : `${Math.round(r.medianLatencyS / 60)} min`}</td></tr>`,
      ),
    )
    .join('');
  return `<table class="metrics"><thead><tr><th>Source</th><th>Scored episodes</th><th>Detected</th><th>Alerts</th><th>False alerts</th><th>False / bed-hour</th><th>Median latency</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Which episodes were missed and which target alerts were false, per module and the monitor: the cases behind the table. */
export function casesHtml(metrics: ModuleComparison[]): string {
  const rows = (m: ModuleComparison, src: 'module' | 'monitor') => {
    const c = m.cases[src];
    const who = src === 'module' ? m.moduleId : `bedside monitor (vs ${m.moduleId})`;
    const missed = c.missed.map((x) => `<li>missed ${esc(humanize(x.label))} on ${esc(x.bedId)} at ${formatClock(x.onsetS)}</li>`);
    const falseAt = new Set(c.falseAlerts.map((x) => `${x.bedId}/${x.tS}`));
    const falses = c.falseAlerts.map((x) => `<li>false alert ${esc(x.code)} on ${esc(x.bedId)} at ${formatClock(x.tS)} (near no episode it claims)</li>`);
    // An alert in the window of one claimed label but not another: not a false alert, but counted against that label's PPV.
    const mismatches = c.falsePositives
      .filter((x) => !falseAt.has(`${x.bedId}/${x.tS}`))
      .map((x) => `<li>no ${esc(humanize(x.label))} episode near the alert on ${esc(x.bedId)} at ${formatClock(x.tS)} (counts against ${esc(humanize(x.label))} PPV)</li>`);
    return `<h4>${esc(who)}: ${c.missed.length} missed, ${c.falseAlerts.length} false alert${c.falseAlerts.length === 1 ? '' : 's'}</h4>${missed.length + falses.length + mismatches.length ? `<ul>${[...missed, ...falses, ...mismatches].join('')}</ul>` : ''}`;
  };
  return metrics.map((m) => rows(m, 'module') + rows(m, 'monitor')).join('');
}

/**
 * An expected action's status in words. 'pending' with a time in "Done at" read as a contradiction
 * (issue 15): an action done before its trigger is waiting for the trigger, and an open one has a deadline.
 */
export function statusInWords(r: ExpectedActionResult): string {
  const due = r.deadlineS === null ? '' : ` (due by ${formatClock(r.deadlineS)})`;
  switch (r.status) {
    case 'met':
      return 'on time';
    case 'late':
      return `late${due}`;
    case 'missed':
      return `missed${due}`;
    case 'not_triggered':
      return r.doneS === null ? 'not needed: its trigger never occurred' : 'done, but its trigger never occurred';
    case 'pending':
      if (r.anchorS === null) return r.doneS === null ? 'waiting for its trigger' : 'done before its trigger; scored when the trigger occurs';
      return r.doneS === null ? `open${due}` : `done${due}`;
  }
}

export function checklistHtml(ward: WardInfo, expected: Record<string, ExpectedActionResult[]>, showTruth = true): string {
  const parts: string[] = [];
  for (const b of ward.beds) {
    const list = expected[b.bedId] ?? [];
    if (list.length === 0) continue;
    parts.push(
      `<h4>${esc(b.label)}</h4><table class="checklist"><thead><tr><th>Action</th><th>Within</th><th>Of (when it became due)</th><th>Done at</th><th>Status</th></tr></thead><tbody>${list
        .map(
          (r) =>
            `<tr class="st-${esc(r.status)}"><td>${esc(humanize(r.action))}${showTruth && r.why ? `<div class="why">${esc(r.why)}</div>` : ''}</td><td>${Math.round(r.withinS / 60)} min</td><td>${showTruth ? esc(conditionInWords(r.anchor)) : 'its trigger'}${r.anchorS !== null ? ` (from ${formatClock(r.anchorS)})` : ''}</td><td>${r.doneS === null ? '—' : formatClock(r.doneS)}</td><td>${esc(statusInWords(r))}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  }
  return parts.length ? parts.join('') : '<p>No expected actions in these scenarios.</p>';
}

export function reportHtml(r: ReportInput): string {
  const timelines = r.ward.beds
    .map((b) => `<section><h3>${esc(b.label)}${r.showTruth && b.scenarioTitle ? ` — ${esc(b.scenarioTitle)}` : ''}</h3>${timelineSvg(b.bedId, b.label, r.events, { showTruth: r.showTruth, endS: r.endS, cases: r.showTruth ? timelineCases(r.metrics) : undefined })}</section>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="wardtwin-provenance" content="${esc(PROVENANCE)}">
<title>WardTwin debrief — ${esc(r.ward.title)} — ${esc(SIMULATION_NOTICE)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#0f1518;color:#e8eef0;margin:0;padding:0 24px 40px}
.banner{background:#7a1010;color:#fff;font-weight:700;text-align:center;padding:6px;letter-spacing:.08em;margin:0 -24px 16px}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #34444b;padding:4px 8px;text-align:left}
th{background:#1b262b}.baseline td{color:#b8c6cc}.st-met td:last-child{color:#5fe08a}.st-late td:last-child{color:#ffd000}.st-missed td:last-child{color:#ff6b6b}
section{margin:10px 0}h3{margin:16px 0 4px}.why{color:#8fa3ab;font-size:.85em}.learner{font-size:1.15em}
</style></head><body>
<div class="banner">${esc(SIMULATION_NOTICE)} · synthetic patients only</div>
<h1>Debrief — ${esc(r.ward.title)}</h1>
<p class="learner" data-learner>Learner: <b>${r.learner ? esc(r.learner) : '(no name given)'}</b></p>
<p>Simulated time ${formatClock(r.endS)} · ${plural(r.ward.beds.length, 'bed')} · generated ${esc(r.generatedWall)} · ${esc(PROVENANCE)}</p>
<h2>Module metrics</h2>
<p>Scored with WardTwin's evaluation rules (twin-engine/evaluation, METRICS.md): one bed = one patient; an episode counts as detected by an alert from 30 min before its onset to its end; the bedside monitor's alarms are the baseline. A single session is a small sample — read these as a debrief aid, not a validation.</p>
<p>${esc(BASELINE_NOTE)}</p>
${metricsTableHtml(r.metrics)}
${r.showTruth && r.metrics.length ? `<h3>Cases behind the figures</h3>${casesHtml(r.metrics)}` : ''}
<h2>Expected actions</h2>
${checklistHtml(r.ward, r.expected, r.showTruth)}
<h2>Timelines</h2>
${r.showTruth ? '' : '<p>Student report: truth episodes and injected conditions are not shown.</p>'}
${timelines}
<p>${esc(SIMULATION_NOTICE)}</p>
</body></html>`;
}

/** Offer text as a file download (works in the browser host and in Electron's renderer). */
export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
