/**
 * Turns a module's files (from disk, an upload, or the built-in set) into a checked ModuleBundle:
 * finds the manifest and model card, refuses anything that looks like a real clinical record, checks
 * the manifest (closed keys, no truth, then its values), and (JS runtime) compiles the code with the
 * one compiler every host shares (./compile), so the CLI, Node workers and the browser refuse exactly
 * the same files with exactly the same messages.
 */
import { checkExternalRecord } from '../audit/guard';
import { escapeControl } from '../util/text';
import { compileModuleSource, ModuleCompileError } from './compile';
import type { ModuleBundle } from './contract';
import { ManifestError, checkManifest, parseManifestText } from './manifest';
import { checkManifestKeys } from './manifest-keys';
import { checkPythonPackages } from './python-packages';

export const MANIFEST_NAMES = ['module.yaml', 'module.yml', 'module.json', 'manifest.yaml', 'manifest.yml', 'manifest.json'];
const CARD_NAMES = ['model-card.yaml', 'model-card.yml', 'model-card.json'];
const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** Largest module accepted (all files together). */
export const MAX_BUNDLE_BYTES = 50 * 1048576;

/**
 * How a refusal names an uploaded module (issue 15: it said "uploaded bundle"): by the id its manifest
 * declares (`name:`) when that line can be read, else by the folder's name.
 */
export function uploadedOrigin(source: { manifest: string; name?: string }): string {
  const id = /^name:[ \t]*['"]?([A-Za-z0-9][A-Za-z0-9._-]*)/m.exec(source.manifest)?.[1];
  if (id) return `'${id}' (uploaded)`;
  return source.name ? `'${escapeControl(source.name)}' (uploaded folder)` : '(uploaded, no name in its manifest)';
}

export function bundleFromFiles(files: Record<string, Uint8Array>, origin: string, manifestName?: string): ModuleBundle {
  const names = Object.keys(files);
  const mName = manifestName ?? MANIFEST_NAMES.find((n) => n in files);
  if (!mName || !(mName in files)) throw new ManifestError(origin, [`no manifest: expected one of ${MANIFEST_NAMES.join(', ')}`]);
  const total = names.reduce((s, n) => s + files[n].length, 0);
  if (total > MAX_BUNDLE_BYTES) throw new ManifestError(origin, [`module is ${(total / 1048576).toFixed(1)} MB; the limit is ${MAX_BUNDLE_BYTES / 1048576} MB`]);
  const problems: string[] = [];
  for (const n of names) {
    const why = checkExternalRecord(files[n], n);
    if (why) problems.push(`${escapeControl(n)}: ${why}`);
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
  // Positioned key problems first, then the value checks' list: the author sees everything at once.
  const keyProblems = [...checkManifestKeys(text(mName), mName), ...checkPythonPackages(text(mName), mName, (raw as { runtime?: unknown } | null)?.runtime, files)];
  let manifest;
  try {
    manifest = checkManifest(raw, origin, card);
  } catch (err) {
    if (err instanceof ManifestError) throw new ManifestError(origin, [...keyProblems, ...err.problems]);
    throw err;
  }
  if (keyProblems.length) throw new ManifestError(origin, keyProblems);
  if (!(manifest.entry in files)) throw new ManifestError(origin, [`entry '${manifest.entry}' is not a file of the module (files: ${names.map((n) => escapeControl(n)).join(', ')})`]);
  const bundle: ModuleBundle = { manifest, origin, files };
  if (manifest.runtime === 'js') {
    const code: Record<string, string> = {};
    const compileProblems: string[] = [];
    for (const n of [...names].sort()) {
      if (!CODE_FILE.test(n) || /\.test\.[mc]?[jt]s$/.test(n)) continue;
      try {
        code[n] = compileModuleSource(text(n), n);
      } catch (err) {
        if (!(err instanceof ModuleCompileError)) throw err;
        compileProblems.push(escapeControl(err.message));
      }
    }
    if (compileProblems.length) throw new ManifestError(origin, compileProblems);
    bundle.code = code;
  }
  return bundle;
}
