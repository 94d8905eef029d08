/**
 * parseScenario: YAML text → validated, unit-converted Scenario (or diagnostics).
 */
import { own } from './own';
import { isMap, isScalar, type Node as YNode } from 'yaml';
import type { Diagnostic, LoadResult } from './diagnostics';
import { didYouMean } from './diagnostics';
import { checkScenario } from './scenario-check';
import { scenarioSchema, type ScenarioYaml } from './scenario-schema';
import { anyQty, map, obj, opt, req, str } from './schema';
import { formatQuantity, parseQuantity, type Dimension } from './units';
import { INVALID, parseYaml, sortDiagnostics, validate, validateAt, type ParamBinding, type ParamDecl } from './validate-yaml';
import { STANDARD_ADULT, type PatientProfile } from './vocab';

export interface Scenario extends ScenarioYaml {
  /** The file it was loaded from (library-relative where the host uses library paths). */
  sourceFile: string;
  /** Where `$param` values were substituted, so bindScenario can re-bind them. */
  bindings: ParamBinding[];
  /** The values used, in base units (durations in s), after overrides. */
  paramValues: Record<string, number>;
}

/** Override values: numbers in base units, or strings with units (`'40 min'`). */
export type ParamOverrides = Readonly<Record<string, number | string>>;

export interface ParseScenarioOptions {
  params?: ParamOverrides;
  /**
   * Where to report a bad override (the ward or cohort file that gave it). Without it, problems are
   * reported against this scenario file under the path `params.<name>`.
   */
  reportOverride?: (name: string, message: string, suggestion?: string) => void;
}

const paramsOnly = map(obj({ default: req(anyQty()), min: opt(anyQty()), max: opt(anyQty()), description: opt(str()) }), /.*/, 'a name');

export function parseScenario(text: string, fileName: string, opts: ParseScenarioOptions = {}): LoadResult<Scenario> {
  const { ctx, root } = parseYaml(text, fileName);
  if (root === null) return fail(ctx.diagnostics, fileName);

  // Parameters first (in a scratch context, so their errors are reported once, by the full pass).
  const scratch = parseYaml(text, fileName);
  const paramsNode = findKey(root, 'parameters');
  const declared = new Map<string, ParamDecl>();
  if (paramsNode !== undefined) {
    const pv = validateAt(paramsOnly, paramsNode, 'parameters', scratch.ctx);
    if (pv !== INVALID) for (const [k, d] of Object.entries(pv)) declared.set(k, { dim: d.default.dim, value: d.default.value });
  }
  const overrideDiags: Diagnostic[] = [];
  const reportOverride =
    opts.reportOverride ??
    ((name: string, message: string, suggestion?: string) =>
      overrideDiags.push({ file: fileName, line: 1, column: 1, path: `params.${name}`, message, ...opt1(suggestion) }));
  const overridesOk = applyOverrides(declared, opts.params ?? {}, reportOverride);
  ctx.params = declared;

  const value = validate(scenarioSchema, root, ctx);
  if (value !== INVALID && ctx.diagnostics.length === 0) checkScenario(value, ctx);
  let rangesOk = true;
  if (value !== INVALID) {
    // Overridden values are range-checked here, against every field they feed, and reported where the override was written.
    const partial = { parameters: value.parameters, bindings: ctx.bindings } as Pick<Scenario, 'parameters' | 'bindings'>;
    for (const [name, d] of declared) {
      if (!d.overridden) continue;
      const [lo, hi] = paramRange(partial, name);
      if (d.value < lo || d.value > hi) {
        const show = (x: number) => (d.dim === null ? String(x) : formatQuantity(x, d.dim));
        reportOverride(name, `expected ${name} between ${show(lo)} and ${show(hi)}, found ${show(d.value)}`);
        rangesOk = false;
      }
    }
  }
  const diags = [...ctx.diagnostics, ...overrideDiags];
  // Diagnostics may be empty here when every problem was an override reported through reportOverride.
  if (value === INVALID || diags.length > 0 || !overridesOk || !rangesOk) return { ok: false, diagnostics: sortDiagnostics(diags) };
  const paramValues: Record<string, number> = {};
  for (const [k, d] of declared) paramValues[k] = d.value;
  return { ok: true, value: { ...value, sourceFile: fileName, bindings: ctx.bindings, paramValues } };
}

function fail(diagnostics: Diagnostic[], file: string): LoadResult<never> {
  if (diagnostics.length === 0) diagnostics = [{ file, line: 1, column: 1, path: '', message: 'expected a scenario mapping, found an empty document' }];
  return { ok: false, diagnostics };
}

function findKey(root: YNode, key: string): YNode | undefined {
  if (!isMap(root)) return undefined;
  for (const p of root.items) if (isScalar(p.key) && p.key.value === key) return (p.value as YNode) ?? undefined;
  return undefined;
}

function applyOverrides(declared: Map<string, ParamDecl>, params: ParamOverrides, report: (name: string, message: string, suggestion?: string) => void): boolean {
  let ok = true;
  for (const [name, raw] of Object.entries(params)) {
    const d = declared.get(name);
    if (d === undefined) {
      const known = [...declared.keys()];
      report(name, `expected a parameter the scenario declares (${known.join(', ') || 'none'}), found '${name}'`, didYouMean(name, known));
      ok = false;
      continue;
    }
    const v = convertOverride(raw, d.dim);
    if (typeof v === 'string') {
      report(name, v);
      ok = false;
    } else {
      d.value = v;
      d.overridden = true;
    }
  }
  return ok;
}

function opt1(s: string | undefined): { suggestion?: string } {
  return s === undefined ? {} : { suggestion: s };
}

/** An override value in the parameter's dimension, or an error message. */
export function convertOverride(raw: number | string, dim: Dimension | null): number | string {
  if (typeof raw === 'number') return raw;
  if (dim === null) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : `expected a number, found '${raw}'`;
  }
  const q = parseQuantity(raw, dim);
  return q.ok ? q.value : q.message;
}

/** The values a parameter may take: its declared min/max and every field it is used in. */
export function paramRange(s: Pick<Scenario, 'parameters' | 'bindings'>, name: string): [number, number] {
  const d = own(s.parameters, name);
  let lo = d?.min?.value ?? -Infinity;
  let hi = d?.max?.value ?? Infinity;
  for (const b of s.bindings) {
    if (b.param !== name) continue;
    lo = Math.max(lo, b.min);
    hi = Math.min(hi, b.max);
  }
  return [lo, hi];
}

/** A copy of the scenario with parameters re-bound (values in base units). Unknown names and out-of-range values throw. */
export function bindScenario(s: Scenario, values: Readonly<Record<string, number>>): Scenario {
  const out = structuredClone(s);
  for (const k of Object.keys(values)) {
    if (!Object.hasOwn(s.paramValues, k)) throw new Error(`bindScenario: scenario '${s.id}' has no parameter '${k}' (has: ${Object.keys(s.paramValues).join(', ')})`);
    const [lo, hi] = paramRange(s, k);
    if (!(values[k] >= lo && values[k] <= hi)) throw new Error(`bindScenario: parameter '${k}' of '${s.id}' must be within ${lo}..${hi}, got ${values[k]}`);
    out.paramValues[k] = values[k];
  }
  for (const b of s.bindings) {
    if (!Object.hasOwn(values, b.param)) continue;
    let o = out as unknown as Record<string | number, unknown>;
    for (let i = 0; i < b.path.length - 1; i++) o = o[b.path[i]] as Record<string | number, unknown>;
    o[b.path[b.path.length - 1]] = values[b.param] * (b.scale ?? 1);
  }
  // Re-sort nothing: timeline order is by time at run time (the runtime sorts).
  return out;
}

/** The concrete patient of a scenario: its `patient:` section over the standard adult. */
export function profileOf(s: Pick<ScenarioYaml, 'patient'>): PatientProfile {
  const p = s.patient;
  return {
    ...STANDARD_ADULT,
    ...(p.ageY !== undefined ? { ageY: p.ageY } : {}),
    ...(p.sex !== undefined ? { sex: p.sex } : {}),
    ...(p.heightCm !== undefined ? { heightCm: p.heightCm } : {}),
    ...(p.weightKg !== undefined ? { weightKg: p.weightKg } : {}),
    ...(p.skinToneMonk !== undefined ? { skinToneMonk: p.skinToneMonk } : {}),
    comorbidities: [...p.comorbidities],
  };
}

