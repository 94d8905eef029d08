/**
 * Where each validator diagnostic is shown. The form lists the field paths it renders for the current
 * document (formFieldPaths); a diagnostic goes to the longest field path that is its path or a prefix
 * of it (so `timeline[0].action.intervention` lands on that action's editor), and the rest — unknown
 * top-level keys, document-level problems — go to the list under the form with file:line:column.
 */
import type { Diagnostic } from '../../../twin-engine/scenario/diagnostics';
import { actionTypeOf, BODY_FIELDS } from './action-fields';

export const META_FIELDS = ['id', 'title', 'level', 'author', 'duration', 'description', 'objectives', 'initial_state', 'parameters'] as const;
export const PATIENT_FIELDS = ['name', 'age', 'sex', 'height', 'weight', 'skin_tone', 'comorbidities'] as const;

type Json = unknown;
const obj = (v: Json): Record<string, Json> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {});
const arr = (v: Json): Json[] => (Array.isArray(v) ? v : []);

function actionPaths(base: string, action: Json, out: string[]): void {
  out.push(base);
  const t = actionTypeOf(action);
  if (t === null) return;
  out.push(`${base}.${t}`);
  const body = obj(obj(action)[t]);
  for (const f of BODY_FIELDS[t] ?? []) {
    out.push(`${base}.${t}.${f.key}`);
    if (f.map) for (const k of Object.keys(obj(body[f.key]))) out.push(`${base}.${t}.${f.key}.${k}`);
  }
}

/** Every field path the form renders for this document (as plain JS, `doc.toJS()`). */
export function formFieldPaths(js: Json): string[] {
  const s = obj(js);
  const out: string[] = [...META_FIELDS, 'patient'];
  arr(s.objectives).forEach((_, i) => out.push(`objectives[${i}]`));
  for (const [name] of Object.entries(obj(s.parameters))) for (const k of ['', '.default', '.min', '.max']) out.push(`parameters.${name}${k}`);
  for (const f of PATIENT_FIELDS) out.push(`patient.${f}`);
  out.push('conditions', 'timeline', 'triggers', 'states', 'expected_actions', 'debrief');
  arr(s.conditions).forEach((c, i) => {
    out.push(`conditions[${i}]`);
    for (const f of BODY_FIELDS.start_condition ?? []) {
      out.push(`conditions[${i}].${f.key}`);
      if (f.map) for (const k of Object.keys(obj(obj(c)[f.key]))) out.push(`conditions[${i}].${f.key}.${k}`);
    }
  });
  arr(s.timeline).forEach((t, i) => {
    out.push(`timeline[${i}]`, `timeline[${i}].at`);
    actionPaths(`timeline[${i}].action`, obj(t).action, out);
  });
  arr(s.triggers).forEach((t, i) => {
    out.push(`triggers[${i}]`, `triggers[${i}].id`, `triggers[${i}].when`, `triggers[${i}].then`, `triggers[${i}].repeat`);
    arr(obj(t).then).forEach((a, j) => actionPaths(`triggers[${i}].then[${j}]`, a, out));
  });
  for (const [name, st] of Object.entries(obj(s.states))) {
    out.push(`states.${name}`, `states.${name}.on_enter`, `states.${name}.transitions`);
    arr(obj(st).on_enter).forEach((a, j) => actionPaths(`states.${name}.on_enter[${j}]`, a, out));
    arr(obj(st).transitions).forEach((_, j) => out.push(`states.${name}.transitions[${j}].when`, `states.${name}.transitions[${j}].goto`));
  }
  arr(s.expected_actions).forEach((_, i) => {
    for (const k of ['', '.action', '.within', '.of', '.why']) out.push(`expected_actions[${i}]${k}`);
  });
  arr(s.debrief).forEach((_, i) => out.push(`debrief[${i}]`, `debrief[${i}].question`, `debrief[${i}].answer`));
  return out;
}

export interface DiagnosticMap {
  byField: Map<string, Diagnostic[]>;
  unmatched: Diagnostic[];
}

/** True when `path` is `field` or lies inside it (`a.b` is inside `a`, `a[1]` inside `a`, `ab` is not). */
export function isWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

export function mapDiagnostics(diags: readonly Diagnostic[], fieldPaths: readonly string[]): DiagnosticMap {
  const byField = new Map<string, Diagnostic[]>();
  const unmatched: Diagnostic[] = [];
  for (const d of diags) {
    let best: string | null = null;
    if (d.path !== '') for (const f of fieldPaths) if (isWithin(d.path, f) && (best === null || f.length > best.length)) best = f;
    if (best === null) unmatched.push(d);
    else byField.set(best, [...(byField.get(best) ?? []), d]);
  }
  return { byField, unmatched };
}
