/**
 * Reads and checks a module manifest (YAML or JSON) and its model card. Every problem is collected
 * (not just the first) so a student sees the whole list at once; a module with any problem is refused.
 */
import { parse as parseYaml } from 'yaml';
import { CHANNELS, CHANNEL_IDS, type ChannelId } from '../devices/index';
import { EPISODE_LABELS } from '../physiology/index';
import {
  DEFAULT_LIMITS,
  MODEL_CARD_REQUIRED,
  type EmitSpec,
  type ModelCard,
  type ModuleEventKind,
  type ModuleLimits,
  type ModuleManifest,
  type NumericField,
  type OnnxInputSpec,
  type OnnxOutputSpec,
  type RuntimeKind,
  type ScoreSpec,
  type Severity,
  type WaveSubscription,
} from './contract';
import { TRUTHY } from './manifest-keys';
import { escapeControl } from '../util/text';

export const NUMERIC_FIELDS: readonly NumericField[] = [
  'hrBpm', 'prBpm', 'spo2Pct', 'perfusionIndexPct', 'rrBpm', 'etco2MmHg', 'artSysMmHg', 'artDiaMmHg',
  'artMeanMmHg', 'nibpSysMmHg', 'nibpDiaMmHg', 'nibpMeanMmHg', 'nibpTimeS', 'tempC',
];
const EVENT_KINDS: readonly ModuleEventKind[] = ['alarm', 'intervention', 'lab'];
const RUNTIMES: readonly RuntimeKind[] = ['js', 'onnx', 'pyodide', 'process'];
const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high'];
/** Hard ceilings a manifest cannot raise its own limits beyond. */
const LIMIT_MAX: ModuleLimits = { cpuMsPerBedSecond: 200, memoryMb: 512, maxFindingsPerBedSecond: 10, maxFindingsPerBedMinute: 60 };
/** A model-card section shorter than this is a placeholder, not a description. */
export const MIN_CARD_CHARS = 20;

export class ManifestError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: string[],
  ) {
    super(`Module ${origin} refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseManifestText(text: string, fileName: string): unknown {
  return /\.json$/i.test(fileName) ? JSON.parse(text) : parseYaml(text);
}

/**
 * Validate a parsed manifest. `modelCard` may be given separately (a model-card.yaml beside the
 * manifest); otherwise the manifest's own `modelCard` section is used. Throws ManifestError.
 */
export function checkManifest(raw: unknown, origin: string, separateCard?: unknown): ModuleManifest {
  const p: string[] = [];
  if (!isObj(raw)) throw new ManifestError(origin, ['the manifest must be a mapping (YAML/JSON object)']);
  const str = (k: string, re?: RegExp, hint?: string): string => {
    const v = raw[k];
    if (typeof v !== 'string' || v.trim() === '') p.push(`'${k}' is missing (a non-empty string)`);
    else if (re && !re.test(v)) p.push(`'${k}' is '${v}'; expected ${hint}`);
    return typeof v === 'string' ? v : '';
  };
  const name = str('name', /^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ - (max 64)');
  const version = str('version', /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'a semantic version like 1.0.0');
  // Free text is shown in terminals and the UI: control characters escaped (util/text).
  const description = typeof raw.description === 'string' ? escapeControl(raw.description, { keepLines: true }) : '';
  const authors = Array.isArray(raw.authors) && raw.authors.every((a) => typeof a === 'string' && a.trim()) ? (raw.authors as string[]).map((a) => escapeControl(a)) : [];
  if (authors.length === 0) p.push("'authors' is missing (a list of names)");
  const runtime = raw.runtime as RuntimeKind;
  if (!RUNTIMES.includes(runtime)) p.push(`'runtime' must be one of ${RUNTIMES.join(', ')}; found '${String(raw.runtime)}'`);
  const entry = str('entry');
  if (entry && (entry.startsWith('/') || entry.split(/[\\/]/).includes('..'))) p.push(`'entry' must be a path inside the module folder; found '${entry}'`);
  if (runtime === 'pyodide' && entry && !/\.py$/.test(entry)) p.push(`'entry' must be a Python file (.py) for runtime 'pyodide'; found '${entry}'`);
  // Wheel files shipped in the module folder; each entry is checked against the files, with its position, by
  // checkPythonPackages (./python-packages), which bundleFromFiles runs: here only the shape.
  let packages: string[] | undefined;
  if (raw.packages !== undefined) {
    packages = asList(raw.packages).filter((x): x is string => typeof x === 'string');
    if (runtime === 'pyodide' && packages.length !== asList(raw.packages).length) p.push("'packages' must be a list of .whl file paths inside the module folder");
  }
  let command: string[] | undefined;
  if (runtime === 'process') {
    if (!Array.isArray(raw.command) || raw.command.length === 0 || !raw.command.every((c) => typeof c === 'string')) {
      p.push("'command' is required for runtime 'process' (a list, e.g. [python3, '{entry}'])");
    } else command = raw.command as string[];
  }

  const subscribes = checkSubscribes(raw.subscribes, p);
  const emits = checkEmits(raw.emits, p);
  const scores = checkScores(raw.scores, p);
  const limits = checkLimits(raw.limits, p);
  const params = isObj(raw.params) ? raw.params : {};
  let onnx: ModuleManifest['onnx'];
  if (runtime === 'onnx') onnx = checkOnnx(raw.onnx, emits, scores, p);
  const modelCard = checkModelCard(separateCard ?? raw.modelCard, p);
  if (p.length) throw new ManifestError(origin, p);
  return { name, version, authors, description, runtime, entry, command, packages, subscribes, emits, scores, params, limits, onnx, modelCard };
}

function checkSubscribes(v: unknown, p: string[]): ModuleManifest['subscribes'] {
  const out: ModuleManifest['subscribes'] = { numerics: [], waveforms: [], labs: [], events: [] };
  if (!isObj(v)) {
    p.push("'subscribes' is missing (numerics / waveforms / labs / events the module reads)");
    return out;
  }
  if (v.numerics === 'all') out.numerics = [...NUMERIC_FIELDS];
  else if (v.numerics !== undefined) {
    for (const f of asList(v.numerics)) {
      if (NUMERIC_FIELDS.includes(f as NumericField)) out.numerics.push(f as NumericField);
      else if (typeof f === 'string' && TRUTHY.test(f)) continue; // refused, with the reason, by checkManifestKeys
      else p.push(`subscribes.numerics: unknown field '${String(f)}' (known: ${NUMERIC_FIELDS.join(', ')}, or 'all')`);
    }
  }
  for (const w of asList(v.waveforms)) {
    const ch = (isObj(w) ? w.channel : w) as ChannelId;
    if (!CHANNEL_IDS.includes(ch)) {
      p.push(`subscribes.waveforms: unknown channel '${String(ch)}' (known: ${CHANNEL_IDS.join(', ')})`);
      continue;
    }
    const native = CHANNELS[ch].sampleRateHz;
    const rateHz = isObj(w) && w.rateHz !== undefined ? Number(w.rateHz) : native;
    if (!(rateHz > 0) || native % rateHz !== 0) p.push(`subscribes.waveforms: ${ch} rateHz must divide ${native} Hz; found ${String(rateHz)}`);
    else out.waveforms.push({ channel: ch, rateHz } satisfies WaveSubscription);
  }
  out.labs = asList(v.labs).map(String);
  for (const e of asList(v.events)) {
    if (EVENT_KINDS.includes(e as ModuleEventKind)) out.events.push(e as ModuleEventKind);
    else p.push(`subscribes.events: unknown kind '${String(e)}' (known: ${EVENT_KINDS.join(', ')})`);
  }
  if (out.labs.length && !out.events.includes('lab')) out.events.push('lab');
  if (!out.numerics.length && !out.waveforms.length && !out.events.length) p.push("'subscribes' names no input at all");
  return out;
}

function checkEmits(v: unknown, p: string[]): EmitSpec[] {
  const out: EmitSpec[] = [];
  const list = asList(v);
  if (list.length === 0) p.push("'emits' is missing (the labels the module's findings use, with the episodes they claim to detect)");
  for (const e of list) {
    if (!isObj(e) || typeof e.label !== 'string') {
      p.push(`emits: each entry needs a 'label'; found ${JSON.stringify(e)}`);
      continue;
    }
    const detects = e.detects === undefined ? [e.label] : asList(e.detects).map(String);
    const inVocab = (EPISODE_LABELS as readonly string[]).includes(e.label);
    // Labels outside the truth vocabulary are allowed only as explicitly unscored information.
    if (!inVocab && detects.length > 0) {
      p.push(`emits: '${e.label}' is not a truth label (${EPISODE_LABELS.join(', ')}); use one of them, or declare it informational with 'detects: []'`);
    }
    for (const d of detects) if (!(EPISODE_LABELS as readonly string[]).includes(d)) p.push(`emits.${e.label}.detects: '${d}' is not a truth episode label`);
    out.push({ label: e.label, detects });
  }
  return out;
}

/** `scores:` — continuous scores beside the findings (contract ScoreSpec); optional. */
function checkScores(v: unknown, p: string[]): ScoreSpec[] {
  const out: ScoreSpec[] = [];
  for (const e of asList(v)) {
    if (!isObj(e) || typeof e.label !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(e.label)) {
      p.push(`scores: each entry needs a 'label' (lower-case letters, digits, . _ -); found ${JSON.stringify(e)}`);
      continue;
    }
    const at = `scores.${e.label}`;
    if (out.some((s) => s.label === e.label)) p.push(`${at}: declared twice`);
    const detects = asList(e.detects).map(String);
    if (detects.length === 0) p.push(`${at}.detects: name the truth episode labels the score is a risk of (${EPISODE_LABELS.join(', ')})`);
    for (const d of detects) if (!(EPISODE_LABELS as readonly string[]).includes(d)) p.push(`${at}.detects: '${d}' is not a truth episode label`);
    const range = asList(e.range).map(Number);
    if (range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) p.push(`${at}.range: expected [lo, hi] with lo < hi, e.g. [0, 20]; found ${JSON.stringify(e.range)}`);
    const probability = e.probability === true;
    if (e.probability !== undefined && typeof e.probability !== 'boolean') p.push(`${at}.probability: true or false`);
    if (probability && !(range[0] === 0 && range[1] === 1)) p.push(`${at}: a probability must have range [0, 1]`);
    const threshold = Number(e.threshold);
    if (!(threshold >= range[0] && threshold <= range[1])) p.push(`${at}.threshold: a value within the range (the positive prediction cut-off, e.g. 5 for NEWS2); found ${String(e.threshold)}`);
    const mapping = typeof e.mapping === 'string' ? escapeControl(e.mapping) : '';
    if (mapping.trim().length < 10) p.push(`${at}.mapping: say in words how the value is made and what scale it is on (e.g. 'NEWS2 points 0–20; evaluated as points / 20')`);
    out.push({ label: e.label, detects, range: [range[0], range[1]], probability, threshold, mapping });
  }
  return out;
}

function checkLimits(v: unknown, p: string[]): ModuleLimits {
  const out = { ...DEFAULT_LIMITS };
  if (v === undefined) return out;
  if (!isObj(v)) {
    p.push("'limits' must be a mapping");
    return out;
  }
  for (const k of Object.keys(v)) {
    const key = k as keyof ModuleLimits;
    // Unknown keys are reported with their position by checkManifestKeys (./manifest-keys).
    if (!(key in DEFAULT_LIMITS)) continue;
    const n = Number(v[k]);
    if (!(n > 0) || n > LIMIT_MAX[key]) p.push(`limits.${k} must be in (0, ${LIMIT_MAX[key]}]; found ${String(v[k])}`);
    else out[key] = n;
  }
  return out;
}

function checkOnnx(v: unknown, emits: EmitSpec[], scores: ScoreSpec[], p: string[]): ModuleManifest['onnx'] {
  if (!isObj(v)) {
    p.push("'onnx' is required for runtime 'onnx' (inputs: windows → tensors, outputs: tensors → labels)");
    return undefined;
  }
  const inputs: OnnxInputSpec[] = [];
  for (const i of asList(v.inputs)) {
    if (!isObj(i) || typeof i.name !== 'string') {
      p.push('onnx.inputs: each entry needs a tensor name');
      continue;
    }
    const lengthS = Number(i.lengthS);
    const shape = asList(i.shape).map(Number);
    const spec: OnnxInputSpec = { name: i.name, source: i.source as OnnxInputSpec['source'], lengthS, shape };
    if (!(Number.isInteger(lengthS) && lengthS >= 1 && lengthS <= 600)) p.push(`onnx.inputs.${i.name}: lengthS must be an integer 1..600`);
    let count = 0;
    if (i.source === 'numerics') {
      spec.fields = asList(i.fields).map(String) as NumericField[];
      for (const f of spec.fields) if (!NUMERIC_FIELDS.includes(f)) p.push(`onnx.inputs.${i.name}: unknown numerics field '${f}'`);
      count = spec.fields.length * lengthS;
    } else if (i.source === 'waveform') {
      spec.channel = i.channel as ChannelId;
      if (!CHANNEL_IDS.includes(spec.channel)) p.push(`onnx.inputs.${i.name}: unknown channel '${String(i.channel)}'`);
      else count = CHANNELS[spec.channel].sampleRateHz * lengthS;
    } else p.push(`onnx.inputs.${i.name}: source must be 'numerics' or 'waveform'`);
    const prod = shape.reduce((a, b) => a * b, 1);
    if (!shape.length || shape.some((d) => !(Number.isInteger(d) && d > 0)) || (count && prod !== count)) {
      p.push(`onnx.inputs.${i.name}: shape [${shape.join(', ')}] must hold exactly ${count} values`);
    }
    inputs.push(spec);
  }
  const outputs: OnnxOutputSpec[] = [];
  for (const o of asList(v.outputs)) {
    if (!isObj(o) || typeof o.name !== 'string' || typeof o.label !== 'string') {
      p.push('onnx.outputs: each entry needs a tensor name and a label');
      continue;
    }
    if (!emits.some((e) => e.label === o.label)) p.push(`onnx.outputs.${o.name}: label '${o.label}' is not in 'emits'`);
    const threshold = Number(o.threshold);
    const rearmBelow = o.rearmBelow === undefined ? threshold : Number(o.rearmBelow);
    if (!(threshold >= 0 && threshold <= 1) || !(rearmBelow <= threshold)) p.push(`onnx.outputs.${o.name}: need 0 ≤ rearmBelow ≤ threshold ≤ 1`);
    const severity = (o.severity ?? 'medium') as Severity;
    if (!SEVERITIES.includes(severity)) p.push(`onnx.outputs.${o.name}: severity must be ${SEVERITIES.join('|')}`);
    const out: OnnxOutputSpec = { name: o.name, index: o.index === undefined ? 0 : Number(o.index), label: o.label, threshold, rearmBelow, severity, message: String(o.message ?? o.label) };
    if (o.scoreLabel !== undefined || o.scoreEveryS !== undefined) {
      const sl = String(o.scoreLabel);
      const every = Number(o.scoreEveryS);
      const spec = scores.find((s) => s.label === sl);
      if (!spec) p.push(`onnx.outputs.${o.name}.scoreLabel: '${sl}' is not in 'scores'`);
      else if (!(spec.range[0] === 0 && spec.range[1] === 1)) p.push(`onnx.outputs.${o.name}.scoreLabel: '${sl}' must have range [0, 1] (the output is published clamped to [0, 1])`);
      if (!(Number.isInteger(every) && every >= 1 && every <= 3600)) p.push(`onnx.outputs.${o.name}.scoreEveryS: an integer 1..3600 (seconds between published values)`);
      out.scoreLabel = sl;
      out.scoreEveryS = every;
    }
    outputs.push(out);
  }
  if (!inputs.length) p.push('onnx.inputs is empty');
  if (!outputs.length) p.push('onnx.outputs is empty');
  return { inputs, outputs };
}

/** Mitchell et al. 2019: every required section present and more than a placeholder. */
export function checkModelCard(v: unknown, p: string[]): ModelCard {
  if (!isObj(v)) {
    p.push(`model card is missing: add 'modelCard:' to the manifest or a model-card.yaml with ${MODEL_CARD_REQUIRED.join(', ')} (Mitchell et al. 2019)`);
    return {} as ModelCard;
  }
  const missing: string[] = [];
  const card: Obj = {};
  for (const k of Object.keys(v)) card[escapeControl(k)] = escapeControl(typeof v[k] === 'string' ? v[k] : JSON.stringify(v[k]), { keepLines: true });
  for (const k of MODEL_CARD_REQUIRED) {
    const s = card[k];
    if (typeof s !== 'string' || s.trim().length < MIN_CARD_CHARS) missing.push(k);
  }
  if (missing.length) p.push(`model card incomplete: missing or placeholder (< ${MIN_CARD_CHARS} chars) ${missing.join(', ')}`);
  return card as ModelCard;
}

function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}
