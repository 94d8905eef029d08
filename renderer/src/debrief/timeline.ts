/**
 * One bed's timeline as SVG markup (a pure function, so the debrief view and the exported HTML report
 * draw the same picture): lanes for truth episodes, monitor alarms, module findings, learner actions
 * and labs, and instructor / scenario events. Every label is escaped.
 */
import type { SessionEvent } from '../../../twin-engine/session/api';
import { ALARM_COLORS } from '../ui/alarm-colors';
import { formatClock, humanize } from '../ui/format';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const LANES = ['Truth episodes', 'Monitor alarms', 'Module findings', 'Learner actions', 'Labs', 'Instructor / scenario'] as const;
const W = 1000;
const LEFT = 150;
const LANE_H = 26;
const TOP = 8;

export interface TimelineOptions {
  showTruth: boolean;
  endS: number;
}

interface Mark {
  lane: number;
  t0: number;
  t1: number | null;
  color: string;
  text: string;
  kind: string;
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
          const m: Mark = { lane: 1, t0: e.simTimeS, t1: null, color: ALARM_COLORS[e.alarm.priority], text: `${e.alarm.priority}: ${e.alarm.message}`, kind: 'alarm' };
          open.set(key, m);
          marks.push(m);
        } else if (e.change === 'cleared') {
          const m = open.get(key);
          if (m) m.t1 = e.simTimeS;
        }
        break;
      }
      case 'finding':
        marks.push({ lane: 2, t0: e.simTimeS, t1: null, color: '#ff8c1a', text: `${e.finding.moduleId}: ${e.finding.message}`, kind: 'finding' });
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
  const H = TOP + lanes.length * LANE_H + 24;
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
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${TOP}" y2="${H - 20}" stroke="#2b3a41"/>`);
    parts.push(`<text x="${x(t) - 18}" y="${H - 6}" fill="#b8c6cc">${formatClock(t)}</text>`);
  }
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
  parts.push('</svg>');
  return parts.join('');
}
