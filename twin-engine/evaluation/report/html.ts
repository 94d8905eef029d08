/**
 * The self-contained evaluation report: one HTML file with inline CSS and SVG (no scripts, no network),
 * so it can be mailed, archived or opened offline. Built from metrics.json plus the per-patient
 * records (for timelines and latency histograms). Every page carries the SIMULATION marking.
 */
import { SIMULATION_NOTICE } from '../../session/api';
import { sufficiencyWarning } from '../sufficiency';
import type { EvalMetrics, EvalSignals, SourceResult } from '../evaluate';
import { episodeWindow, summarisePatient } from '../event-metrics';
import type { GroupRow } from '../fairness';
import type { Estimate, PatientRecord } from '../types';
import { esc, histogram, lineChart, timelines, type TimelineRow } from './svg';

const MOD = '#1f618d';
const MON = '#e67e22';

const num = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? '—' : v.toFixed(d));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`);
const ci = (e: Estimate, f: (v: number | null) => string = pct) => (e.value === null ? '—' : `${f(e.value)} <span class="ci">[${f(e.lo)}, ${f(e.hi)}]</span>`);
const mins = (v: number | null) => (v === null ? '—' : `${(v / 60).toFixed(1)} min`);

/** Which output the window metrics and the 2019 utility were computed from (METRICS.md § Score streams). */
function scoreSource(s: SourceResult): string {
  const streams = (s.scores.streams ?? []).map((x) => `'${esc(x.label)}' (${esc(x.mapping)})`).join(', ');
  if (s.scores.source === 'score-stream') return `score stream ${streams}`;
  if (s.scores.source === 'mixed') return `score stream ${streams} for the targets it detects, alerts for the others`;
  return 'alerts (no score stream)';
}

function headline(m: SourceResult, b: SourceResult): string {
  const row = (name: string, f: (s: SourceResult) => string) => `<tr><th>${name}</th><td>${f(m)}</td><td>${f(b)}</td></tr>`;
  const within = m.events.detectedWithin.map((w, i) =>
    row(w.withinS === 0 ? 'Detected at/before onset' : `Detected ≤ ${w.withinS / 60} min after onset`, (s) => ci(s.events.detectedWithin[i].share)),
  );
  return `<table><thead><tr><th>Metric</th><th>Module</th><th>Monitor baseline</th></tr></thead><tbody>
${row('Target episodes', (s) => `${s.events.episodes}`)}
${row('Alerts (all labels)', (s) => `${s.events.alerts}`)}
${row('Sensitivity (event)', (s) => ci(s.events.sensitivity))}
${row('PPV (alerts on target labels)', (s) => ci(s.events.ppv))}
${row('F1', (s) => ci(s.events.f1, (v) => num(v, 3)))}
${row('Latency, median', (s) => ci(s.events.latencyMedianS, mins))}
${row('Latency, 90th percentile', (s) => ci(s.events.latencyP90S, mins))}
${within.join('\n')}
${row('False alarms / patient-hour', (s) => ci(s.events.falseAlarmsPerPatientHour, (v) => num(v, 3)))}
${row('Alarms / bed / day', (s) => ci(s.events.alarmsPerBedPerDay, (v) => num(v, 1)))}
${row('Technical alarms', (s) => `${s.events.technicalAlarms}`)}
${row('Time in alarm', (s) => pct(s.events.timeInAlarmFraction))}
${row('Window scores from', (s) => scoreSource(s))}
${row('AUROC (windows)', (s) => num(s.scores.auroc, 3))}
${row('AUPRC (windows)', (s) => num(s.scores.auprc, 3))}
${row('Brier score', (s) => (s.scores.calibrationNote ? `— <span class="ci">${esc(s.scores.calibrationNote)}</span>` : num(s.scores.brier, 4)))}
${row('Sepsis utility (PhysioNet 2019, normalised)', (s) => (s.sepsisUtility ? num(s.sepsisUtility.normalized, 3) : 'n/a (sepsis not a target)'))}
</tbody></table>`;
}

function fairness(rows: GroupRow[], title: string): string {
  const cell = (e: Estimate, f: (v: number | null) => string, flagged: boolean) => `<td class="${flagged ? 'flag' : ''}">${e.value === null ? '—' : `${f(e.value)} <span class="ci">[${f(e.lo)}, ${f(e.hi)}]</span>`}</td>`;
  const body = rows
    .map((r) => `<tr${r.lowPower ? ' class="low"' : ''}><td>${esc(r.factor)}</td><td>${esc(r.group)}</td><td>${r.patients}</td><td>${r.episodes}</td><td>${ci(r.sensitivity)}</td>${cell(r.gaps.sensitivity, pct, r.flagged.includes('sensitivity'))}<td>${ci(r.ppv)}</td>${cell(r.gaps.ppv, pct, r.flagged.includes('ppv'))}<td>${num(r.falseAlarmsPerPatientHour, 3)}</td>${cell(r.gaps.falseAlarmsPerPatientHour, (v) => num(v, 3), r.flagged.includes('falseAlarmsPerPatientHour'))}<td>${mins(r.latencyMedianS)}</td>${cell(r.gaps.latencyMedianS, mins, r.flagged.includes('latencyMedianS'))}</tr>`)
    .join('\n');
  return `<h3>${esc(title)}</h3><table class="small"><thead><tr><th>Factor</th><th>Group</th><th>Patients</th><th>Episodes</th><th>Sensitivity</th><th>Gap vs rest</th><th>PPV</th><th>Gap</th><th>FA / pt-h</th><th>Gap</th><th>Median latency</th><th>Gap</th></tr></thead><tbody>${body}</tbody></table>`;
}

function timelineRows(records: readonly PatientRecord[], targets: readonly string[], earlyS: number): TimelineRow[] {
  const withEp = records.filter((r) => r.episodes.some((e) => targets.includes(e.label))).slice(0, 8);
  const without = records.filter((r) => !r.deteriorates).slice(0, 4);
  return [...withEp, ...without].map((r) => ({
    label: `${r.id}${r.deteriorates ? '' : ' (stable)'}`,
    durationS: r.durationS,
    episodes: r.episodes.map((e) => ({ label: e.label, a: e.onsetS, b: episodeWindow(e, r.durationS, { earlyS: 0, lateS: 0 })[1], target: targets.includes(e.label) })),
    findings: r.module.map((f) => f.tS),
    alarms: r.monitor.filter((a) => !a.technical).map((a) => ({ a: a.tS, b: a.endS ?? a.tS + 1, target: a.labels.some((l) => targets.includes(l)) })),
  }));
  void earlyS;
}

/** Model-card sections in Mitchell et al.'s order; a card's other sections follow under their own names. */
const CARD_SECTIONS: readonly [string, string][] = [
  ['modelDetails', 'Model details'],
  ['intendedUse', 'Intended use'],
  ['intendedUsers', 'Intended users'],
  ['factors', 'Factors'],
  ['metrics', 'Metrics'],
  ['evaluationData', 'Evaluation data'],
  ['trainingData', 'Training data'],
  ['quantitativeAnalyses', 'Quantitative analyses'],
  ['ethicalConsiderations', 'Ethical considerations'],
  ['limitations', 'Limitations'],
  ['caveatsAndRecommendations', 'Caveats and recommendations'],
];

function cardHtml(card: Readonly<Record<string, string>> | null): string {
  if (!card) return '<p>No model card could be read for this module: every module ships one (model-card.yaml or the manifest\'s modelCard), read from its folder when this report is written; the folder was not found.</p>';
  const known = new Set(CARD_SECTIONS.map(([k]) => k));
  const rows: [string, string][] = [
    ...CARD_SECTIONS.filter(([k]) => card[k]).map(([k, label]): [string, string] => [label, card[k]]),
    ...Object.keys(card)
      .filter((k) => !known.has(k))
      .map((k): [string, string] => [k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()), card[k]]),
  ];
  return `<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join('')}</table><p class="note">Quantitative analyses by factor: see the subgroup tables above (Mitchell et al., FAT* 2019).</p>`;
}

function robustness(m: EvalMetrics): string {
  if (!m.robustness) return '<p>Only one artifact condition was run (use --artifacts both).</p>';
  const keys = Object.keys(m.robustness.module);
  const f = (k: string, e: Estimate) => (['sensitivity', 'ppv'].includes(k) ? ci(e) : num(e.value, k.includes('latency') ? 0 : 3));
  return `<table><thead><tr><th>artifacts − clean</th><th>Module</th><th>Monitor baseline</th></tr></thead><tbody>${keys.map((k) => `<tr><th>${k}</th><td>${f(k, m.robustness!.module[k])}</td><td>${f(k, m.robustness!.monitor[k])}</td></tr>`).join('')}</tbody></table>`;
}

/** Which episodes were missed and which target alerts were false, per source: the cases behind sensitivity and PPV. */
function cases(recs: readonly PatientRecord[], o: EvalMetrics['config']['scoring']): string {
  const LIMIT = 100;
  const part = (src: 'module' | 'monitor') => {
    const missed: string[] = [];
    const falses: string[] = [];
    for (const r of recs) {
      const s = summarisePatient(r, src, o);
      for (const m of s.missed) missed.push(`<tr><td>${esc(r.id)}</td><td>${esc(m.label)}</td><td>${mins(m.onsetS)}</td></tr>`);
      for (const f of s.falsePositives) falses.push(`<tr><td>${esc(r.id)}</td><td>${esc(f.label)}</td><td>${mins(f.tS)}</td></tr>`);
    }
    const table = (rows: string[], what: string, t: string) =>
      rows.length === 0 ? `<p>No ${what}.</p>` : `<table class="small"><thead><tr><th>Patient</th><th>Label</th><th>${t}</th></tr></thead><tbody>${rows.slice(0, LIMIT).join('')}</tbody></table>${rows.length > LIMIT ? `<p class="note">… and ${rows.length - LIMIT} more (all in records.json.gz).</p>` : ''}`;
    return `<h3>${src === 'module' ? 'Module' : 'Monitor baseline'}: ${missed.length} missed episode(s), ${falses.length} false target alert(s)</h3>
<div class="plots"><div><b>Missed episodes</b>${table(missed, 'missed episodes', 'onset')}</div><div><b>False alerts (target label, outside every episode window)</b>${table(falses, 'false alerts', 'alert at')}</div></div>`;
  };
  return `${part('module')}${part('monitor')}`;
}

/** How the module was isolated; an unsandboxed run is flagged, since its results could have been shaped by reading files the sandbox hides. */
export function sandboxLine(sandbox: string | undefined): string {
  if (sandbox === undefined) return '<p class="note">Module sandbox: not recorded (a report made before WardTwin recorded it).</p>';
  if (/^UNSANDBOXED/.test(sandbox)) return `<p class="toofew">The module ran WITHOUT an OS sandbox (allowed with --allow-unsandboxed): it could read files on this machine, the ward and cohort files among them. ${esc(sandbox)}</p>`;
  return `<p class="note">Module sandbox: ${esc(sandbox)}</p>`;
}

export function renderReport(m: EvalMetrics, records: readonly PatientRecord[], card: Readonly<Record<string, string>> | null): string {
  const c = m.config;
  const clean = m.results.clean ?? m.results.artifacts!;
  const cond = m.results.clean ? 'clean' : 'artifacts';
  const recs = records.filter((r) => r.condition === cond);
  const t = c.scoring.targets;
  // The latencies the metrics were computed from (event-metrics.ts), in minutes.
  const lat = (src: 'module' | 'monitor') => recs.flatMap((r) => summarisePatient(r, src, c.scoring).latenciesS.map((l) => l / 60));
  const roc = lineChart('ROC (windows)', 'false-positive rate', 'true-positive rate', [
    { name: 'module', color: MOD, points: clean.module.scores.roc.map((p) => [p.fpr, p.tpr]) },
    { name: 'monitor', color: MON, points: clean.monitor.scores.roc.map((p) => [p.fpr, p.tpr]) },
  ], [0, 1], [0, 1], { diagonal: true });
  const rel = (s: SourceResult) => s.scores.reliability.filter((b) => b.n > 0).map((b) => [b.meanScore as number, b.observed as number] as [number, number]);
  const cal = lineChart('Reliability (windows)', 'mean score in bin', 'observed positive share', [
    { name: 'module', color: MOD, points: rel(clean.module) },
    { name: 'monitor', color: MON, points: rel(clean.monitor) },
  ], [0, 1], [0, 1], { diagonal: true, markers: true });
  const lo = -c.scoring.earlyS / 60;
  const hist = histogram('Detection latency', 'minutes from onset (negative = early)', [
    { name: 'module', color: MOD, values: lat('module') },
    { name: 'monitor', color: MON, values: lat('monitor') },
  ], 5, [lo, 120]);
  // Without both classes (no positive or no negative window) there is no ROC or calibration curve to draw.
  const curves = clean.module.scores.roc.length > 0 || clean.monitor.scores.roc.length > 0 ? `${roc}${cal}` : '<p class="flag">No ROC or calibration curve: the windows do not contain both positive and negative cases.</p>';
  const sw = sufficiencyWarning(m.sufficiency);
  const warn = sw === null ? '' : `<div class="toofew" role="alert">${esc(sw)}</div>`;
  const tl = timelines(timelineRows(recs, t, c.scoring.earlyS), c.durationS);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="wardtwin-synthetic" content="true">
<title>WardTwin evaluation — ${esc(c.moduleName)} on ${esc(c.cohort.title)} — ${SIMULATION_NOTICE}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px 40px;color:#222}
.banner{background:#b03a2e;color:#fff;font-weight:700;padding:8px 12px;text-align:center;letter-spacing:.04em;position:sticky;top:0}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
thead th{background:#f2f3f4}.ci{color:#777;font-size:.85em}.small{font-size:12px}.flag{background:#fdebd0;font-weight:600}
tr.low td{color:#999}.toofew{background:#fdedec;border:3px solid #b03a2e;color:#78281f;font-weight:700;font-size:1.15em;padding:10px 14px;margin:12px 0}.plots{display:flex;flex-wrap:wrap;gap:12px}.note{color:#555;font-size:.9em}code{background:#f4f6f7;padding:0 3px}
</style></head><body>
<div class="banner">${SIMULATION_NOTICE} · synthetic data from simulated patients</div>
${warn}
<h1>Evaluation: ${esc(c.moduleName)} <small>(${esc(c.module)})</small></h1>
${sandboxLine(c.moduleSandbox)}
${signalsLine(c.signals)}
<p>Cohort <b>${esc(c.cohort.title)}</b> (<code>${esc(c.cohort.file)}</code>): ${clean.patients} patients (${clean.deteriorating} deteriorating), ${(c.durationS / 3600).toFixed(1)} h each, seed ${c.seed}, ${clean.patientHours.toFixed(0)} patient-hours per condition. Target labels: <b>${t.map(esc).join(', ') || '—'}</b>. Episodes in truth: ${Object.entries(clean.episodesByLabel).map(([k, v]) => `${esc(k)} ${v}`).join(', ') || 'none'}.</p>
<p class="note">An episode counts as detected by an alert with its label from ${c.scoring.earlyS / 60} min before onset to ${c.scoring.lateS / 60} min after offset; intervals are ${Math.round(c.scoring.confidence * 100)} % (Wilson for proportions, patient-level bootstrap with ${c.scoring.bootstrapB} resamples otherwise). Window metrics use ${c.scoring.windowS / 60}-min windows, positive when a target episode is active within the window or the ${c.scoring.horizonS / 60} min after it. Definitions: twin-engine/evaluation/METRICS.md. ${esc(m.monitorDerivation)}</p>
<h2>Headline (${cond === 'clean' ? 'no artifacts' : 'with artifacts'})</h2>
${headline(clean.module, clean.monitor)}
<h2>Cases behind the figures</h2>${cases(recs, c.scoring)}
<h2>Timelines</h2><p class="note">Bars: <span style="color:#c0392b">■</span> target truth episode, <span style="color:#e6b0aa">■</span> other episode; thin bars: <span style="color:#e67e22">■</span> monitor alarm claiming a target, <span style="color:#aab">■</span> other alarm; <span style="color:#1f618d">|</span> module finding.</p>${tl}
<h2>Curves</h2><div class="plots">${curves}${hist}</div>
<h2>Subgroups</h2><p class="note">Gaps are group minus rest of cohort. Highlighted: interval excludes 0. Grey rows: fewer than 10 target episodes (low power).</p>
${fairness(clean.module.fairness, 'Module')}
${fairness(clean.monitor.fairness, 'Monitor baseline')}
<h2>Robustness: artifacts and sensor dropout</h2>
<p class="note">Artifact preset: ${Object.entries(c.artifactPreset).map(([k, v]) => `${esc(k)} ${v}`).join(', ')}. Same patients and seeds; only the monitor's artifacts differ.</p>
${robustness(m)}
<h2>Model card</h2>${cardHtml(card)}
<p class="note">Generated by WardTwin from simulated patients. ${SIMULATION_NOTICE}.</p>
</body></html>
`;
}

/** What the module read and how each condition's monitor was set (reports from before it was recorded say nothing). */
function signalsLine(sg: EvalSignals | undefined): string {
  if (!sg) return '';
  const waves = sg.waveforms.map((w) => `${esc(w.channel)} at ${w.rateHz} Hz${w.rateHz === w.nativeHz ? '' : ` (generated at ${w.nativeHz} Hz)`}`);
  const reads = [...waves, ...(sg.numerics.length ? [`numerics ${sg.numerics.map(esc).join(', ')}`] : [])];
  const conds = Object.entries(sg.artifacts).map(([k, a]) => {
    const set = Object.entries(a ?? {});
    return `${esc(k)}: ${set.length ? set.map(([n, v]) => `${esc(n)} ${v}`).join(', ') : 'no artifacts'}`;
  });
  return `<p class="note">Signals: the module read ${reads.join('; ') || 'no signals'}. Monitor artifacts per condition — ${conds.join('; ')}.</p>`;
}

