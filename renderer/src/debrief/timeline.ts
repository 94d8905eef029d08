/**
 * One bed's timeline as SVG markup (a pure function, so the debrief view and the exported HTML report
 * draw the same picture): lanes for truth episodes, monitor alarms, module findings, learner actions
 * and labs, and instructor / scenario events. Every label is escaped.
 */
import type { SessionEvent } from '../../../twin-engine/session/api';
import { ALARM_COLORS } from '../ui/alarm-colors';
import { formatClock, humanize } from '../ui/format';
import type { CaseList } from '../../../twin-engine/evaluation/session-metrics';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const LANES = ['Truth episodes', 'Monitor alarms', 'Module findings', 'Learner actions', 'Labs', 'Instructor / scenario'] as const;
const W = 1000;
const LEFT = 150;
const LANE_H = 26;
const TOP = 8;

export interface TimelineOptions {
  showTruth: boolean;
  endS: number;
  /**
   * The cases behind the debrief's figures (issue 15: the debrief could not be traced): missed episodes
   * are outlined on the truth lane, false alerts ringed on the findings or alarms lane, each titled with
   * who missed it or raised it.
   */
  cases?: readonly TimelineCase[];
}

export type TimelineCase =
  | { kind: 'missed'; bedId: string; label: string; tS: number; source: string }
  /** label: the alert's code ('SPO2_LOW', 'shock'); the ring is titled with its own mark's text when found. */
  | { kind: 'false'; bedId: string; label: string; tS: number; source: string; lane: 'findings' | 'alarms' };

const MISSED = '#ff4d4d';

interface Mark {
  lane: number;
  t0: number;
  t1: number | null;
  color: string;
  text: string;
  kind: string;
  /** An alarm's code or a finding's label: what the scoring calls the alert. */
  code?: string;
}

export function marksFor(bedId: string, events: readonly SessionEvent[], o: TimelineOptions): Mark[] {
  const marks: Mark[] = [];
  const open = new Map<string, Mark>();
  for (const e of events) {
    if (!('bedId' in e) || e.bedId !== bedId) continue;
    switch (e.type) {
      case 'episode': {
        if (!o.showTruth) break;
        const key = `ep/${e.episode.id}`;
        if (e.change === 'onset') {
          const m: Mark = { lane: 0, t0: e.episode.onsetS, t1: null, color: '#b07cff', text: `${humanize(e.episode.label)} (${e.episode.severity})`, kind: 'episode' };
          open.set(key, m);
          marks.push(m);
        } else {
          const m = open.get(key);
          if (m) m.t1 = e.simTimeS;
        }
        break;
      }
      case 'alarm': {
        const key = `al/${e.alarm.id}`;
        if (e.change === 'raised') {
          const m: Mark = { lane: 1, t0: e.simTimeS, t1: null, color: ALARM_COLORS[e.alarm.priority], text: `${e.alarm.priority}: ${e.alarm.message}`, kind: 'alarm', code: e.alarm.code };
          open.set(key, m);
          marks.push(m);
        } else if (e.change === 'cleared') {
          const m = open.get(key);
          if (m) m.t1 = e.simTimeS;
        }
        break;
      }
      case 'finding':
        marks.push({ lane: 2, t0: e.simTimeS, t1: null, color: '#ff8c1a', text: `${e.finding.moduleId}: ${e.finding.message}`, kind: 'finding', code: e.finding.label });
        break;
      case 'intervention':
        marks.push({
          lane: e.by === 'learner' ? 3 : 5,
          t0: e.simTimeS,
          t1: null,
          color: e.by === 'learner' ? '#3fd07a' : '#7ab8ff',
          text: `${e.by}: ${humanize(e.spec.kind)}${e.spec.drug ? ` ${e.spec.drug}` : ''}${e.spec.volumeMl ? ` ${e.spec.volumeMl} mL` : ''}`,
          kind: 'intervention',
        });
        break;
      case 'learner_action':
        marks.push({ lane: 3, t0: e.simTimeS, t1: null, color: '#3fd07a', text: `learner: ${humanize(e.action)}`, kind: 'learner_action' });
        break;
      case 'lab':
        if (e.change === 'ordered') marks.push({ lane: 4, t0: e.simTimeS, t1: e.dueS, color: '#e0c060', text: `${e.panel} ordered (due ${formatClock(e.dueS)})`, kind: 'lab' });
        break;
      case 'condition':
        if (o.showTruth) marks.push({ lane: 5, t0: e.simTimeS, t1: null, color: '#ff5a5a', text: `${e.by}: ${humanize(e.spec.kind)} (severity ${e.spec.severity ?? 0.5})`, kind: 'condition' });
        break;
      case 'note':
        marks.push({ lane: 5, t0: e.simTimeS, t1: null, color: '#c8d4d8', text: `note: ${e.text}`, kind: 'note' });
        break;
      case 'scenario':
        if (o.showTruth && (e.kind === 'state_entered' || e.kind === 'trigger' || e.kind === 'note'))
          marks.push({ lane: 5, t0: e.simTimeS, t1: null, color: '#9fb3bd', text: `scenario: ${e.text}`, kind: 'scenario' });
        break;
      default:
        break;
    }
  }
  return marks;
}

export function timelineSvg(bedId: string, label: string, events: readonly SessionEvent[], o: TimelineOptions): string {
  const marks = marksFor(bedId, events, o);
  const end = Math.max(60, o.endS);
  const x = (t: number) => LEFT + (Math.max(0, Math.min(end, t)) / end) * (W - LEFT - 10);
  const lanes = LANES.map((name, i) => ({ name, i })).filter((l) => o.showTruth || l.i !== 0);
  const laneY = new Map(lanes.map((l, k) => [l.i, TOP + k * LANE_H]));
  const lanesEnd = TOP + lanes.length * LANE_H;
  // Below the lanes: the time axis (labels inside the picture: the last one is right-aligned), then the legend.
  const H = lanesEnd + 58;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Timeline of ${esc(label)}" data-bed="${esc(bedId)}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#10171a"/>`);
  for (const l of lanes) {
    const y = laneY.get(l.i) as number;
    parts.push(`<rect x="${LEFT}" y="${y}" width="${W - LEFT - 10}" height="${LANE_H - 4}" fill="#172126"/>`);
    parts.push(`<text x="6" y="${y + 15}" fill="#d5dee2">${esc(l.name)}</text>`);
  }
  const ticks = 6;
  for (let k = 0; k <= ticks; k++) {
    const t = (end * k) / ticks;
    const anchor = k === 0 ? 'start' : k === ticks ? 'end' : 'middle';
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${TOP}" y2="${lanesEnd + 2}" stroke="#2b3a41"/>`);
    parts.push(`<text x="${x(t)}" y="${lanesEnd + 16}" fill="#b8c6cc" text-anchor="${anchor}">${formatClock(t)}</text>`);
  }
  parts.push(`<text x="6" y="${lanesEnd + 16}" fill="#8fa3ab">simulated time (h:mm:ss)</text>`);
  parts.push(legend(lanesEnd + 38, o.showTruth));
  for (const m of marks) {
    const y = laneY.get(m.lane);
    if (y === undefined) continue;
    const title = `<title>${esc(`${formatClock(m.t0)} ${m.text}`)}</title>`;
    if (m.t1 !== null || m.kind === 'alarm' || m.kind === 'episode') {
      const x0 = x(m.t0);
      const x1 = Math.max(x0 + 3, x(m.t1 ?? end));
      parts.push(`<g data-kind="${m.kind}"><rect x="${x0}" y="${y + 3}" width="${x1 - x0}" height="${LANE_H - 10}" fill="${m.color}" fill-opacity="0.85" rx="2"/>${title}</g>`);
    } else {
      const cx = x(m.t0);
      const cy = y + (LANE_H - 4) / 2;
      parts.push(`<g data-kind="${m.kind}"><path d="M${cx} ${cy - 7} L${cx + 6} ${cy} L${cx} ${cy + 7} L${cx - 6} ${cy} Z" fill="${m.color}" stroke="#000" stroke-width="0.8"/>${title}</g>`);
    }
  }
  const findingsY = laneY.get(2);
  const alarmsY = laneY.get(1);
  const truthY = laneY.get(0);
  for (const c of o.cases ?? []) {
    if (c.bedId !== bedId) continue;
    const cx = x(c.tS);
    if (c.kind === 'missed' && truthY !== undefined) {
      const title = `<title>${esc(`${formatClock(c.tS)} missed by ${c.source}: ${humanize(c.label)}`)}</title>`;
      parts.push(`<g data-case="missed"><rect x="${cx - 2}" y="${truthY + 1}" width="14" height="${LANE_H - 6}" fill="none" stroke="${MISSED}" stroke-width="2" stroke-dasharray="3 2"/><text x="${cx + 14}" y="${truthY + 15}" fill="${MISSED}" font-weight="700">✕ missed</text>${title}</g>`);
    } else if (c.kind === 'false') {
      const y = c.lane === 'findings' ? findingsY : alarmsY;
      if (y === undefined) continue;
      // Named as its own mark reads (the alarm's message, the module's finding), else by its code.
      const own = marks.find((m) => m.kind === (c.lane === 'findings' ? 'finding' : 'alarm') && m.t0 === c.tS && m.code === c.label && (c.lane === 'alarms' || m.text.startsWith(`${c.source}: `)));
      const title = `<title>${esc(`${formatClock(c.tS)} false alert (${c.source}): ${own?.text ?? c.label}`)}</title>`;
      parts.push(`<g data-case="false"><circle cx="${cx}" cy="${y + (LANE_H - 4) / 2}" r="9" fill="none" stroke="${MISSED}" stroke-width="2"/>${title}</g>`);
    }
  }
  parts.push('</svg>');
  return parts.join('');
}

/** What the colours and shapes mean, drawn in every timeline (the exported report has no other key). */
function legend(y: number, showTruth: boolean): string {
  const items: string[] = [];
  let lx = 6;
  const item = (shape: string, text: string) => {
    items.push(`<g transform="translate(${lx} ${y})">${shape}<text x="16" y="4" fill="#b8c6cc">${esc(text)}</text></g>`);
    lx += 24 + text.length * 6.2;
  };
  const bar = (c: string) => `<rect x="0" y="-5" width="12" height="10" fill="${c}" rx="2"/>`;
  const diamond = (c: string) => `<path d="M6 -6 L12 0 L6 6 L0 0 Z" fill="${c}" stroke="#000" stroke-width="0.8"/>`;
  if (showTruth) item(bar('#b07cff'), 'truth episode');
  item(bar(ALARM_COLORS.high), 'high alarm');
  item(bar(ALARM_COLORS.medium), 'medium');
  item(bar(ALARM_COLORS.low), 'low');
  item(diamond('#ff8c1a'), 'module finding');
  item(diamond('#3fd07a'), 'learner action');
  item(bar('#e0c060'), 'lab (ordered → due)');
  if (showTruth) {
    item(`<rect x="0" y="-6" width="12" height="12" fill="none" stroke="${MISSED}" stroke-width="2" stroke-dasharray="3 2"/>`, 'missed episode');
    item(`<circle cx="6" cy="0" r="6" fill="none" stroke="${MISSED}" stroke-width="2"/>`, 'false alert');
  }
  return `<g data-legend="1" font-size="11">${items.join('')}</g>`;
}

/** The debrief's cases as timeline marks: what each module and the monitor missed or raised falsely. */
export function timelineCases(metrics: readonly { moduleId: string; cases: { module: CaseList; monitor: CaseList } }[]): TimelineCase[] {
  // Ringed: the alerts the table counts as false alerts (near no episode of any label they claim). An
  // alert that detects one label it claims but not another is not ringed: it counts only against that
  // label's PPV, and the cases list says so.
  const out: TimelineCase[] = [];
  const seenMonitor = new Set<string>();
  for (const m of metrics) {
    for (const e of m.cases.module.missed) out.push({ kind: 'missed', bedId: e.bedId, label: e.label, tS: e.onsetS, source: m.moduleId });
    for (const f of m.cases.module.falseAlerts) out.push({ kind: 'false', bedId: f.bedId, label: f.code, tS: f.tS, source: m.moduleId, lane: 'findings' });
    // The monitor is every module's baseline: one mark per alarm, however many modules it was compared with.
    for (const f of m.cases.monitor.falseAlerts) {
      const key = `${f.bedId}/${f.tS}`;
      if (seenMonitor.has(key)) continue;
      seenMonitor.add(key);
      out.push({ kind: 'false', bedId: f.bedId, label: f.code, tS: f.tS, source: 'bedside monitor', lane: 'alarms' });
    }
  }
  return out;
}
