/**
 * Manifests are closed: every key must be one WardTwin reads. A misspelt key (`subscribe:`, `limit:`)
 * would otherwise be ignored silently and the module would run with defaults its author did not mean.
 * And no key or name may ask for the hidden truth: modules see only what the bedside monitor shows
 * (the truth exists to score their findings). Each problem carries file:line:column and, for a typo,
 * the nearest known key — the same diagnostics as scenario validation (../scenario/diagnostics).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YNode } from 'yaml';
import { didYouMean, formatDiagnostic, type Diagnostic } from '../scenario/diagnostics';

/** The shape of a manifest's keys: a set of known keys (each with its own shape), '*' = open mapping, 'list' of a shape. */
type Shape = { keys: Record<string, Shape | null> } | { list: Shape } | 'open';

const WAVE: Shape = { keys: { channel: null, rateHz: null } };
const MANIFEST: Shape = {
  keys: {
    name: null,
    version: null,
    authors: null,
    description: null,
    runtime: null,
    entry: null,
    command: null,
    // pyodide: wheel files inside the module folder (./python-packages checks each with its position).
    packages: null,
    subscribes: { keys: { numerics: null, waveforms: { list: WAVE }, labs: null, events: null } },
    emits: { list: { keys: { label: null, detects: null } } },
    scores: { list: { keys: { label: null, detects: null, range: null, probability: null, threshold: null, mapping: null } } },
    limits: { keys: { cpuMsPerBedSecond: null, memoryMb: null, maxFindingsPerBedSecond: null, maxFindingsPerBedMinute: null } },
    // The module's own settings: its names are the author's.
    params: 'open',
    onnx: {
      keys: {
        inputs: { list: { keys: { name: null, source: null, lengthS: null, shape: null, fields: null, channel: null } } },
        outputs: { list: { keys: { name: null, index: null, label: null, threshold: null, rearmBelow: null, severity: null, message: null, scoreLabel: null, scoreEveryS: null } } },
      },
    },
    // Model card sections are free text beyond the required ones (checkModelCard).
    modelCard: 'open',
  },
};

export const TRUTH_REFUSED =
  "modules only see what the bedside monitor shows; the hidden truth (the twin's true_* state and its episodes) is never given to a module — it is used only to score the module's findings";

/** A key or value that asks for the hidden truth: `truth`, `true_spo2`, `trueSpo2`, `groundTruth`. */
export const TRUTHY = /^(truth|ground_?truth|hidden_?truth|true_.*|true[A-Z].*)$/i;

/**
 * The closed-manifest and no-truth checks on the manifest's text. Returns formatted diagnostics
 * (`file:line:column: path: message (did you mean 'x'?)`), empty when the keys are all known.
 * Syntax errors are left to the parser's own message (parseManifestText).
 */
export function checkManifestKeys(text: string, file: string): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) return [];
  const out: Diagnostic[] = [];
  const at = (offset: number, path: string, message: string, suggestion?: string) => {
    const p = lineCounter.linePos(offset);
    out.push({ file, line: p.line, column: p.col, path, message, ...(suggestion ? { suggestion } : {}) });
  };
  const join = (path: string, k: string) => (path ? `${path}.${k}` : k);

  // Anything anywhere (outside params and the model card's prose) that names the truth.
  const scanTruth = (n: YNode | null | undefined, path: string) => {
    if (!n) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const kp = join(path, k);
        if (TRUTHY.test(k)) at((pair.key as YNode).range?.[0] ?? 0, kp, `'${k}' asks for the hidden truth: ${TRUTH_REFUSED}`);
        else if (path === '' && (k === 'params' || k === 'modelCard' || k === 'description')) continue;
        else scanTruth(pair.value as YNode, kp);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => scanTruth(item as YNode, `${path}[${i}]`));
    } else if (isScalar(n) && typeof n.value === 'string' && TRUTHY.test(n.value) && path.startsWith('subscribes')) {
      at(n.range?.[0] ?? 0, path, `'${n.value}' asks for the hidden truth: ${TRUTH_REFUSED}`);
    }
  };

  const walk = (n: YNode | null | undefined, shape: Shape, path: string) => {
    if (!n || shape === 'open') return;
    if ('list' in shape) {
      if (isSeq(n)) n.items.forEach((item, i) => walk(item as YNode, shape.list, `${path}[${i}]`));
      return;
    }
    if (!isMap(n)) return; // wrong types are reported by checkManifest
    const known = Object.keys(shape.keys);
    for (const pair of n.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const kp = join(path, k);
      if (TRUTHY.test(k)) continue; // reported by scanTruth, with the reason
      if (!(k in shape.keys)) {
        at((pair.key as YNode | null)?.range?.[0] ?? n.range?.[0] ?? 0, kp, `unknown key '${k}' (manifests are closed; known here: ${known.join(', ')})`, didYouMean(k, known));
        continue;
      }
      const sub = shape.keys[k];
      if (sub) walk(pair.value as YNode, sub, kp);
    }
  };

  const root = doc.contents as YNode | null;
  scanTruth(root, '');
  walk(root, MANIFEST, '');
  return out.sort((a, b) => a.line - b.line || a.column - b.column).map(formatDiagnostic);
}
