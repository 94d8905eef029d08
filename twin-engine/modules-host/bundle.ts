/**
 * Turns a module's files (from disk, an upload, or the built-in set) into a checked ModuleBundle:
 * finds the manifest and model card, refuses anything that looks like a real clinical record, and
 * (JS runtime) transpiles the code to CommonJS with the platform's transpiler.
 */
import { checkExternalRecord } from '../audit/guard';
import type { ModuleBundle } from './contract';
import { ManifestError, checkManifest, parseManifestText } from './manifest';

export const MANIFEST_NAMES = ['module.yaml', 'module.yml', 'module.json', 'manifest.yaml', 'manifest.yml', 'manifest.json'];
const CARD_NAMES = ['model-card.yaml', 'model-card.yml', 'model-card.json'];
const CODE_FILE = /\.(ts|mts|js|mjs|cjs)$/;
/** Largest module accepted (all files together). */
export const MAX_BUNDLE_BYTES = 50 * 1048576;

/** TS/ESM source → CommonJS text (the platform supplies it: TypeScript's transpileModule in Node). */
export type Transpile = (source: string, fileName: string) => string;

export function bundleFromFiles(files: Record<string, Uint8Array>, origin: string, transpile: Transpile | null, manifestName?: string): ModuleBundle {
  const names = Object.keys(files);
  const mName = manifestName ?? MANIFEST_NAMES.find((n) => n in files);
  if (!mName || !(mName in files)) throw new ManifestError(origin, [`no manifest: expected one of ${MANIFEST_NAMES.join(', ')}`]);
  const total = names.reduce((s, n) => s + files[n].length, 0);
  if (total > MAX_BUNDLE_BYTES) throw new ManifestError(origin, [`module is ${(total / 1048576).toFixed(1)} MB; the limit is ${MAX_BUNDLE_BYTES / 1048576} MB`]);
  const problems: string[] = [];
  for (const n of names) {
    const why = checkExternalRecord(files[n], n);
    if (why) problems.push(`${n}: ${why}`);
  }
  if (problems.length) throw new ManifestError(origin, problems);
  const text = (n: string) => new TextDecoder('utf-8').decode(files[n]);
  let raw: unknown;
  try {
    raw = parseManifestText(text(mName), mName);
  } catch (err) {
    throw new ManifestError(origin, [`${mName} does not parse: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const cardName = CARD_NAMES.find((n) => n in files);
  let card: unknown;
  try {
    card = cardName ? parseManifestText(text(cardName), cardName) : undefined;
  } catch (err) {
    throw new ManifestError(origin, [`${cardName} does not parse: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`]);
  }
  const manifest = checkManifest(raw, origin, card);
  if (!(manifest.entry in files)) throw new ManifestError(origin, [`entry '${manifest.entry}' is not a file of the module (files: ${names.join(', ')})`]);
  const bundle: ModuleBundle = { manifest, origin, files };
  if (manifest.runtime === 'js') {
    if (!transpile) throw new ManifestError(origin, ['this host cannot load JS modules (no transpiler)']);
    const code: Record<string, string> = {};
    for (const n of names) {
      if (!CODE_FILE.test(n) || /\.test\.[mc]?[jt]s$/.test(n)) continue;
      try {
        code[n] = transpile(text(n), n);
      } catch (err) {
        throw new ManifestError(origin, [`${n} does not compile: ${err instanceof Error ? err.message : String(err)}`]);
      }
    }
    bundle.code = code;
  }
  return bundle;
}
