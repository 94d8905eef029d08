/**
 * The lab's gradebook, exported by the instructor at the end of a lab session: one CSV row per student
 * and module (a student without a module gets one row), and one self-contained HTML report per student.
 * Module figures come from compareModules (the debrief's and `wardtwin eval`'s scoring path) over the
 * whole session; expected-action timeliness is that of the student's beds (every bed when none was
 * assigned; a bed shared by a team counts for each of its members). SIMULATION ONLY.
 */
import { SIMULATION_NOTICE, type ExpectedActionResult, type LabMember, type SessionEvent, type SessionStatus } from '../session/api';
import { esc } from './report/svg';
import { compareModules, type ModuleComparison } from './session-metrics';
import { DEFAULT_SCORING } from './types';

export interface GradebookInput {
  status: SessionStatus;
  events: readonly SessionEvent[];
  /** moduleId → the student who attached it (null: the instructor). */
  owners: ReadonlyMap<string, string | null>;
  students: readonly LabMember[];
  /** Per bed: the scenario's expected actions and how they were met. */
  expected: Readonly<Record<string, ExpectedActionResult[]>>;
  /**
   * Students who work on a copy of the ward of their own, by name: their modules and expected actions
   * are scored on their copy (its status, events, module owners and expected actions), not the shared ward.
   */
  copies?: ReadonlyMap<string, Omit<GradebookInput, 'students' | 'copies'>>;
}

export interface Gradebook {
  csv: string;
  reports: { student: string; fileName: string; html: string }[];
}

interface ActionTally {
  expected: number;
  met: number;
  late: number;
  missed: number;
  pending: number;
}

const CSV_COLUMNS = [
  'student',
  'beds',
  'module',
  'module_status',
  'targets',
  'episodes',
  'detected',
  'sensitivity',
  'ppv',
  'false_alarms_per_patient_hour',
  'latency_median_min',
  'monitor_detected',
  'monitor_sensitivity',
  'monitor_false_alarms_per_patient_hour',
  'expected_actions',
  'actions_met',
  'actions_late',
  'actions_missed',
  'actions_pending',
] as const;

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run a student's name as a formula. */
function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = typeof v === 'number' ? String(+v.toFixed(4)) : v;
  if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function tally(beds: readonly string[], expected: GradebookInput['expected']): ActionTally & { rows: (ExpectedActionResult & { bedId: string })[] } {
  const rows = beds.flatMap((bedId) => (expected[bedId] ?? []).map((r) => ({ ...r, bedId })));
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return { expected: rows.filter((r) => r.status !== 'not_triggered').length, met: count('met'), late: count('late'), missed: count('missed'), pending: count('pending'), rows };
}

/** A file name from a student's name: letters, digits and '-' only, unique within the lab. */
function fileNameFor(name: string, taken: Set<string>): string {
  const base = name.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'student';
  let f = `${base}.html`;
  for (let i = 2; taken.has(f); i++) f = `${base}-${i}.html`;
  taken.add(f);
  return f;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)} %`);
const num = (v: number | null, d = 2) => (v === null ? '—' : v.toFixed(d));
const mins = (v: number | null) => (v === null ? '—' : `${(v / 60).toFixed(1)} min`);
const clock = (s: number | null) => (s === null ? '—' : `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`);

/** One ward's modules scored once (the shared ward, or a student's copy). */
function scoreWard(w: Omit<GradebookInput, 'students' | 'copies'>) {
  const bedIds = w.status.ward?.beds.map((b) => b.bedId) ?? [];
  const modules = w.status.modules.filter((m) => w.owners.has(m.moduleId));
  const compared = compareModules(bedIds, w.events, w.status.simTimeS, modules.map((m) => ({ moduleId: m.moduleId, emits: m.emits, scores: m.scores })), modules.map((m) => m.moduleId), DEFAULT_SCORING);
  return { ...w, bedIds, modules, byId: new Map(compared.map((c) => [c.moduleId, c])) };
}

export function labGradebook(input: GradebookInput): Gradebook {
  const { status } = input;
  const shared = scoreWard(input);
  const copies = new Map([...(input.copies ?? [])].map(([name, w]) => [name, scoreWard(w)]));
  const title = status.ward?.title ?? 'no ward';
  const lines = [`# WardTwin lab gradebook — ${SIMULATION_NOTICE} — ward: ${title.replace(/[\r\n]/g, ' ')}, ${clock(status.simTimeS)} simulated`, CSV_COLUMNS.join(',')];
  const reports: Gradebook['reports'] = [];
  const taken = new Set<string>();
  const students = [...input.students].sort((a, b) => a.name.localeCompare(b.name));
  for (const s of students) {
    const { bedIds, modules, owners, byId, expected } = copies.get(s.name) ?? shared;
    const beds = s.beds ?? bedIds;
    const t = tally(beds, expected);
    const mine = modules.filter((m) => owners.get(m.moduleId) === s.name);
    const rows = mine.length ? mine.map((m) => ({ info: m, c: byId.get(m.moduleId) ?? null })) : [{ info: null, c: null }];
    for (const { info, c } of rows) {
      const me = c?.module.events;
      const mo = c?.monitor.events;
      lines.push(
        [
          s.name,
          s.beds ? s.beds.join(' ') : 'all',
          info?.name ?? '',
          info?.status ?? '',
          c ? c.targets.join(' ') : '',
          me ? me.episodes : null,
          me ? me.detected : null,
          me?.sensitivity.value ?? null,
          me?.ppv.value ?? null,
          me?.falseAlarmsPerPatientHour.value ?? null,
          me?.latencyMedianS.value != null ? me.latencyMedianS.value / 60 : null,
          mo ? mo.detected : null,
          mo?.sensitivity.value ?? null,
          mo?.falseAlarmsPerPatientHour.value ?? null,
          t.expected,
          t.met,
          t.late,
          t.missed,
          t.pending,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    reports.push({ student: s.name, fileName: fileNameFor(s.name, taken), html: studentReport(s, title, status.simTimeS, rows, t, copies.has(s.name)) });
  }
  return { csv: `${lines.join('\n')}\n`, reports };
}

function moduleSection(info: { name: string; status: string } | null, c: ModuleComparison | null): string {
  if (!info) return '<p>No module was attached by this student.</p>';
  if (!c) return `<h3>${esc(info.name)}</h3><p>No findings to score.</p>`;
  const row = (label: string, e: ModuleComparison['module']['events']) =>
    `<tr><th>${label}</th><td>${e.episodes}</td><td>${e.detected}</td><td>${pct(e.sensitivity.value)}</td><td>${pct(e.ppv.value)}</td><td>${num(e.falseAlarmsPerPatientHour.value)}</td><td>${mins(e.latencyMedianS.value)}</td></tr>`;
  const cases = c.cases.module;
  const missed = cases.missed.map((m) => `<li>${esc(m.label)} on ${esc(m.bedId)} from ${clock(m.onsetS)}</li>`).join('');
  // One alert claims several labels (NEWS2: sepsis, shock, …): listed once, with the labels it claimed.
  const byAlert = new Map<string, { bedId: string; tS: number; labels: string[] }>();
  for (const f of cases.falsePositives) {
    const k = `${f.bedId}@${f.tS}`;
    const a = byAlert.get(k) ?? { bedId: f.bedId, tS: f.tS, labels: [] };
    a.labels.push(f.label);
    byAlert.set(k, a);
  }
  const falses = [...byAlert.values()].map((a) => `<li>${esc(a.bedId)} at ${clock(a.tS)}: ${esc(a.labels.join(', '))}</li>`).join('');
  return `<h3>${esc(info.name)} <small>(${esc(info.status)}; scored on: ${esc(c.targets.join(', ') || 'nothing — informational only')})</small></h3>
<table><thead><tr><th></th><th>Episodes</th><th>Detected</th><th>Sensitivity</th><th>PPV</th><th>False alarms / patient-h</th><th>Median latency</th></tr></thead><tbody>${row('Module', c.module.events)}${row('Monitor baseline', c.monitor.events)}</tbody></table>
<p><b>Missed episodes:</b></p><ul>${missed || '<li>none</li>'}</ul><p><b>False target alerts</b> (${byAlert.size}):</p><ul>${falses || '<li>none</li>'}</ul>`;
}

function studentReport(s: LabMember, ward: string, simTimeS: number, mods: { info: { name: string; status: string } | null; c: ModuleComparison | null }[], t: ReturnType<typeof tally>, ownCopy: boolean): string {
  const acts = t.rows
    .filter((r) => r.status !== 'not_triggered')
    .map((r) => `<tr><td>${esc(r.bedId)}</td><td>${esc(r.action.replace(/_/g, ' '))}</td><td>${Math.round(r.withinS / 60)} min</td><td>${clock(r.deadlineS)}</td><td>${clock(r.doneS)}</td><td class="st-${esc(r.status)}">${esc(r.status)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(s.name)} — WardTwin lab report — ${SIMULATION_NOTICE}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:900px;padding:0 16px 40px;color:#222}.banner{background:#b03a2e;color:#fff;font-weight:700;padding:8px 12px;text-align:center}table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left}.st-met{color:#1e8449}.st-late{color:#b9770e}.st-missed{color:#b03a2e;font-weight:600}</style></head><body>
<div class="banner">${SIMULATION_NOTICE} · synthetic patients</div>
<h1>${esc(s.name)}</h1>
<p>Ward <b>${esc(ward)}</b>, ${clock(simTimeS)} simulated. Beds: ${s.beds ? esc(s.beds.join(', ')) : 'all (none assigned)'}.${ownCopy ? ' Worked on a copy of the ward of their own (same scenario and seed): scored on that copy.' : ''}</p>
<h2>Modules</h2><p class="note">A module reads every bed of the ward, so it is scored on every bed; the expected actions below are those of this student's beds.</p>${mods.map((m) => moduleSection(m.info, m.c)).join('')}
<h2>Expected actions on these beds</h2>
<p>${t.expected} expected: ${t.met} on time, ${t.late} late, ${t.missed} missed, ${t.pending} still open.</p>
${acts ? `<table><thead><tr><th>Bed</th><th>Action</th><th>Within</th><th>Deadline</th><th>Done</th><th>Status</th></tr></thead><tbody>${acts}</tbody></table>` : ''}
<p class="note">Scored as in the debrief (twin-engine/evaluation/METRICS.md); a bed shared by a team counts for each member. ${SIMULATION_NOTICE}</p>
</body></html>
`;
}
