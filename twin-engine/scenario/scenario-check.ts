/**
 * Cross-reference checks that a schema cannot express: every id, state, episode and lab named in a
 * scenario must exist. Run after the schema passed, with the positions recorded during validation.
 */
import { conditionParamUnit, convertConditionParam } from './condition-params';
import { conditionParam } from '../physiology/condition-params';
import { didYouMean } from './diagnostics';
import { collectRefs, type Condition } from './expr';
import { LAB_TESTS } from './labs';
import type { ActionYaml, InterventionYaml, ScenarioYaml } from './scenario-schema';
import { DIMENSIONS, formatQuantity } from './units';
import { PARAM_RE, reportAt, type ValidateContext } from './validate-yaml';
import { EPISODE_LABELS, type InterventionSpec } from './vocab';
import { DRUG_LIMITS, INTERVENTION_READS, interventionProblem } from '../physiology/intervention-params';
import { YAML_KEY } from './intervention-ranges';

/** Every action in the scenario with its display path (and its path in the produced value). */
export function forEachAction(s: ScenarioYaml, f: (a: ActionYaml, path: string, out: (string | number)[]) => void): void {
  s.timeline.forEach((t, i) => f(t.action, `timeline[${i}].action`, ['timeline', i, 'action']));
  s.triggers.forEach((t, i) => t.then.forEach((a, j) => f(a, `triggers[${i}].then[${j}]`, ['triggers', i, 'then', j])));
  for (const [name, st] of Object.entries(s.states)) st.onEnter.forEach((a, j) => f(a, `states.${name}.on_enter[${j}]`, ['states', name, 'onEnter', j]));
}

/** Every condition expression with its display path. */
export function forEachCondition(s: ScenarioYaml, f: (c: Condition, path: string) => void): void {
  s.triggers.forEach((t, i) => f(t.when, `triggers[${i}].when`));
  for (const [name, st] of Object.entries(s.states)) st.transitions.forEach((t, j) => f(t.when, `states.${name}.transitions[${j}].when`));
  s.expectedActions.forEach((e, i) => f(e.anchor, `expected_actions[${i}].of`));
  s.labels.forEach((l, i) => {
    f(l.onset, `labels[${i}].onset`);
    if (l.offset) f(l.offset, `labels[${i}].offset`);
  });
}

export function checkScenario(s: ScenarioYaml, ctx: ValidateContext): void {
  const stateNames = Object.keys(s.states);
  const episodeNames = [...EPISODE_LABELS, ...s.labels.map((l) => l.label)];

  // Parameters: bounds in the same dimension as the default, and the default inside them.
  for (const [name, p] of Object.entries(s.parameters)) {
    for (const b of ['min', 'max'] as const) {
      const v = p[b];
      if (v !== undefined && v.dim !== p.default.dim) {
        reportAt(ctx, `parameters.${name}.${b}`, `expected the same unit kind as the default '${p.default.text}', found '${v.text}'`);
      }
    }
    const { min, max } = p;
    const def = p.default;
    if ((min !== undefined && def.value < min.value) || (max !== undefined && def.value > max.value)) {
      const show = (x: number) => (def.dim === null || def.dim !== 'duration' ? String(x) : formatQuantity(x, def.dim));
      reportAt(ctx, `parameters.${name}.default`, `expected a default between ${show(min?.value ?? -Infinity)} and ${show(max?.value ?? Infinity)}, found '${def.text}'`);
    }
  }

  // Condition parameters: quantities to the unit their name ends in (converted in place).
  // A `$name` there is bound like any other parameter use (cohorts re-bind it), converted to that unit.
  const fixParams = (params: Record<string, number | string | boolean> | undefined, path: string, out: (string | number)[]) => {
    if (params === undefined) return;
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string' && PARAM_RE.test(v)) {
        const r = bindConditionParam(k, v, ctx, [...out, 'params', k]);
        if (typeof r === 'number') params[k] = r;
        else reportAt(ctx, `${path}.params.${k}`, r.message, r.suggestion);
        continue;
      }
      const r = convertConditionParam(k, v);
      if (r.ok) params[k] = r.value;
      else reportAt(ctx, `${path}.params.${k}`, r.message, r.suggestion);
    }
  };
  s.conditions.forEach((c, i) => fixParams(c.params, `conditions[${i}]`, ['conditions', i]));
  forEachAction(s, (a, path, out) => {
    if (a.type === 'start_condition' || a.type === 'change_condition') fixParams(a.value.params, `${path}.${a.type}`, [...out, 'value']);
    if (a.type === 'intervention') checkIntervention(a.value, `${path}.intervention`, ctx);
  });

  // Condition ids: initial conditions and start_condition actions define them; change/stop use them.
  const ids = new Set<string>();
  s.conditions.forEach((c, i) => {
    const cid = c.id ?? c.kind;
    if (ids.has(cid)) reportAt(ctx, `conditions[${i}]`, `duplicate condition id '${cid}'; give each an explicit 'id'`);
    ids.add(cid);
  });
  forEachAction(s, (a) => {
    if (a.type === 'start_condition') ids.add(a.value.id ?? a.value.kind);
  });
  const known = [...ids];
  forEachAction(s, (a, path) => {
    switch (a.type) {
      case 'change_condition':
      case 'stop_condition':
        if (!ids.has(a.value.id)) {
          const list = known.length ? known.join(', ') : 'none';
          reportAt(ctx, `${path}.${a.type}.id`, `expected the id of a started condition (${list}), found '${a.value.id}'`, didYouMean(a.value.id, known));
        }
        break;
      case 'goto':
        if (!s.states[a.value]) reportAt(ctx, `${path}.goto`, stateMsg(a.value, stateNames), didYouMean(a.value, stateNames));
        break;
      case 'lab_result':
        if (a.value.value === undefined && !LAB_TESTS[a.value.test]) {
          const labs = Object.keys(LAB_TESTS);
          reportAt(ctx, `${path}.lab_result.test`, `expected a test read from the true state (${labs.join(', ')}) or a 'value', found '${a.value.test}'`, didYouMean(a.value.test, labs));
        }
        break;
      default:
        break;
    }
  });

  // States: an initial state exactly when there are states, and transitions to existing states.
  if (stateNames.length > 0 && s.initialState === undefined) reportAt(ctx, 'states', `missing required key 'initial_state' (states are declared: ${stateNames.join(', ')})`);
  if (s.initialState !== undefined && !s.states[s.initialState]) reportAt(ctx, 'initial_state', stateMsg(s.initialState, stateNames), didYouMean(s.initialState, stateNames));
  for (const [name, st] of Object.entries(s.states)) {
    st.transitions.forEach((t, j) => {
      if (!s.states[t.goto]) reportAt(ctx, `states.${name}.transitions[${j}].goto`, stateMsg(t.goto, stateNames), didYouMean(t.goto, stateNames));
    });
  }

  // Expressions: episode.X and state.X must name something.
  forEachCondition(s, (c, path) => {
    for (const r of collectRefs(c.expr)) {
      if (r.kind === 'episode' && !episodeNames.includes(r.name)) {
        const sugg = didYouMean(r.name, episodeNames);
        reportAt(ctx, path, `expected a truth episode or declared label (${episodeNames.join(', ')}), found 'episode.${r.name}'`, sugg ? `episode.${sugg}` : undefined, r.off);
      }
      if (r.kind === 'state' && !s.states[r.name]) {
        const sugg = didYouMean(r.name, stateNames);
        reportAt(ctx, path, stateMsg(`state.${r.name}`, stateNames), sugg ? `state.${sugg}` : undefined, r.off);
      }
    }
  });
}

function stateMsg(found: string, states: string[]): string {
  return `expected a declared state (${states.length ? states.join(', ') : 'none declared'}), found '${found}'`;
}

/** What each intervention kind needs to mean anything (the model would otherwise apply a default). */
const INTERVENTION_NEEDS: Partial<Record<string, { fields: (keyof InterventionYaml)[]; yaml: string }[]>> = {
  drug_bolus: [{ fields: ['drug'], yaml: 'drug' }, { fields: ['doseMg', 'doseUnits'], yaml: 'dose' }],
  drug_infusion: [{ fields: ['drug'], yaml: 'drug' }, { fields: ['rateMcgPerKgPerMin', 'rateUnitsPerH', 'rateMlPerH'], yaml: 'dose_rate' }],
  fluid_bolus: [{ fields: ['volumeMl'], yaml: 'volume' }],
  fluid_infusion: [{ fields: ['rateMlPerH'], yaml: 'rate' }],
  blood_transfusion: [{ fields: ['volumeMl'], yaml: 'volume' }],
  oxygen: [{ fields: ['device', 'fio2', 'flowLPerMin'], yaml: 'device' }],
  defibrillation: [{ fields: ['energyJ'], yaml: 'energy' }],
  cardioversion: [{ fields: ['energyJ'], yaml: 'energy' }],
  positioning: [{ fields: ['position'], yaml: 'position' }],
};

function checkIntervention(iv: InterventionYaml, path: string, ctx: ValidateContext): void {
  let missing = false;
  for (const need of INTERVENTION_NEEDS[iv.kind] ?? []) {
    if (need.fields.every((f) => iv[f] === undefined)) {
      reportAt(ctx, path, `missing required key '${need.yaml}' for a ${iv.kind}`);
      missing = true;
    }
  }
  // A key the kind does not read would silently do nothing (a dose on a fluid bolus): refused.
  const reads = INTERVENTION_READS[iv.kind] as readonly string[];
  for (const [k, v] of Object.entries(iv)) {
    if (k === 'kind' || v === undefined || reads.includes(k)) continue;
    const yaml = YAML_KEY[k] ?? k;
    const known = [...new Set(reads.map((r) => YAML_KEY[r] ?? r))];
    reportAt(ctx, `${path}.${yaml}`, `unknown key '${yaml}' for a ${iv.kind}; it reads ${known.length ? known.join(', ') : 'no other keys'}`, didYouMean(yaml, known));
    missing = true;
  }
  if (missing) return;
  // The model's own check, from the same table (physiology/intervention-params.ts): what passes here
  // is never refused by the model for its values, and what the model would refuse is reported here.
  const p = interventionProblem(iv as unknown as InterventionSpec);
  if (p === null) return;
  const key = YAML_KEY[p.field] ?? p.field;
  const at = `${path}.${key}`;
  if (!ctx.offsets.has(at)) {
    // The value the model needs is not in the file (a dose rate where only a rate was given).
    reportAt(ctx, path, `missing required key '${key}' for ${iv.drug !== undefined ? `${iv.drug} ` : ''}${iv.kind}${p.limit ? ` (${p.limit.min}–${p.limit.max} ${p.limit.unit})` : ''}`);
  } else if (p.field === 'route' && iv.drug !== undefined) {
    const d = DRUG_LIMITS[iv.drug];
    reportAt(ctx, at, `expected a route for ${iv.drug} (${d.routes.join(', ')}), found '${iv.route}'`, d.routes.length === 1 ? d.routes[0] : undefined);
  } else if (p.limit !== undefined) {
    const l = p.limit;
    const found = typeof p.found === 'number' ? `${Math.round(p.found * 1e6) / 1e6} ${l.unit}` : 'nothing';
    reportAt(ctx, at, `expected ${/^[aeiou]/.test(p.what) ? 'an' : 'a'} ${p.what} between ${l.min} ${l.unit} and ${l.max} ${l.unit}, found ${found}`);
  } else reportAt(ctx, at, p.reason ?? p.what);
}

/** `key: $name` in condition params: the parameter's value in the unit the key ends in, or why not. */
function bindConditionParam(key: string, text: string, ctx: ValidateContext, out: (string | number)[]): number | { message: string; suggestion?: string } {
  const name = text.slice(1);
  const decl = ctx.params.get(name);
  if (decl === undefined) {
    const known = [...ctx.params.keys()];
    const s = didYouMean(name, known);
    return { message: `expected a declared parameter (${known.length ? known.map((k) => `$${k}`).join(', ') : 'none declared'}), found '${text}'`, ...(s === undefined ? {} : { suggestion: `$${s}` }) };
  }
  if (key === 'rhythm' || key === 'territory') return { message: `expected a ${key} written out, found parameter '${text}': parameters are numbers` };
  // Every parameter the model reads has a range (physiology/condition-params.ts), suffix or not
  // (`pulseless: $flag` is checked like `rateMlPerMin: $rate`); a name it does not read is refused.
  const def = conditionParam(key);
  if (def === undefined) {
    const r = convertConditionParam(key, 0);
    return r.ok ? { message: `expected a condition parameter, found '${key}'` } : r;
  }
  const u = conditionParamUnit(key);
  const want = u === undefined ? null : u.dim;
  if (decl.dim !== want) {
    const show = (d: typeof want) => (d === null ? 'a plain number' : DIMENSIONS[d].what);
    return { message: `expected ${key} as ${show(want)}, found parameter '${text}' which is ${show(decl.dim)}` };
  }
  const factor = u?.factor ?? 1;
  const [lo, hi] = [def.min, def.max];
  const v = decl.value * factor;
  if (!decl.overridden && (v < lo || v > hi)) {
    return { message: `expected ${key} between ${lo} and ${hi}${def.unit ? ` ${def.unit}` : ''}, found parameter '${text}' = ${v}` };
  }
  ctx.bindings.push({ path: out, param: name, min: lo / factor, max: hi / factor, scale: factor });
  return v;
}
