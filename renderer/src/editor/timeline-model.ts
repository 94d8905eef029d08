/** The timeline as the SVG draws it: each item's time in seconds, lane and label. Pure (tested). */
import type { Document } from 'yaml';
import { actionTypeOf, type ActionType } from './action-fields';
import { durationSeconds, valueAt } from './doc-model';

export const LANES = ['Conditions', 'Interventions', 'Notes', 'Labs', 'States'] as const;
export type Lane = (typeof LANES)[number];

const LANE_OF: Record<ActionType, Lane> = {
  start_condition: 'Conditions',
  change_condition: 'Conditions',
  stop_condition: 'Conditions',
  intervention: 'Interventions',
  note: 'Notes',
  lab_result: 'Labs',
  goto: 'States',
};

export interface TimelineItem {
  /** Document path of the item (`timeline[2]` or `conditions[0]`). */
  path: string;
  atS: number | null;
  /** The `at` as written (`15 min`, `$onset`). */
  atText: string;
  /** Set when `at` is `$param`: dragging then moves the parameter's default. */
  param: string | null;
  lane: Lane;
  label: string;
  draggable: boolean;
}

function describe(type: ActionType | null, body: unknown): string {
  const b = (body ?? {}) as Record<string, unknown>;
  switch (type) {
    case 'start_condition':
      return `start ${b.kind ?? '?'}${b.severity !== undefined ? ` ${b.severity}` : ''}`;
    case 'change_condition':
      return `change ${b.id ?? '?'}${b.severity !== undefined ? ` → ${b.severity}` : ''}`;
    case 'stop_condition':
      return `stop ${b.id ?? '?'}`;
    case 'intervention':
      return String(b.drug ?? b.kind ?? 'intervention').replace(/_/g, ' ');
    case 'note':
      return String(body ?? '');
    case 'lab_result':
      return `lab: ${b.test ?? '?'}`;
    case 'goto':
      return `→ ${String(body)}`;
    default:
      return '(unknown action)';
  }
}

export function timelineItems(doc: Document): TimelineItem[] {
  const out: TimelineItem[] = [];
  const conditions = valueAt(doc, 'conditions');
  if (Array.isArray(conditions)) {
    conditions.forEach((c, i) => out.push({ path: `conditions[${i}]`, atS: 0, atText: '0 s', param: null, lane: 'Conditions', label: describe('start_condition', c), draggable: false }));
  }
  const timeline = valueAt(doc, 'timeline');
  if (Array.isArray(timeline)) {
    timeline.forEach((t, i) => {
      const item = (t ?? {}) as Record<string, unknown>;
      const type = actionTypeOf(item.action);
      const at = item.at;
      const atText = at === undefined || at === null ? '' : String(at);
      const param = typeof at === 'string' && at.trim().startsWith('$') ? at.trim().slice(1) : null;
      out.push({
        path: `timeline[${i}]`,
        atS: durationSeconds(doc, at),
        atText,
        param,
        lane: type === null ? 'Notes' : LANE_OF[type],
        label: describe(type, type === null ? null : (item.action as Record<string, unknown>)[type]),
        draggable: true,
      });
    });
  }
  return out;
}

/** Snap a dragged time: whole minutes (the unit instructors write), within [0, duration]. */
export function snapTime(s: number, durationS: number): number {
  return Math.min(durationS, Math.max(0, Math.round(s / 60) * 60));
}
