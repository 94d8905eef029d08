/**
 * Module sources in a session snapshot (journal, module list) and autosave: JSON carries no bytes, so a
 * bundle's binary files (ONNX models) travel as base64 and are turned back into bytes on restore.
 */
import type { ModuleSource } from './api';

/** btoa/atob: in every browser and in Node (16+), but not in the engine's declared libraries. */
interface Base64Globals {
  btoa(s: string): string;
  atob(s: string): string;
}

/** A module source as JSON can carry it: binary files (ONNX models) as base64. */
export function jsonSafeSource(source: ModuleSource): ModuleSource {
  if (source.kind !== 'bundle') return { ...source };
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(source.files)) files[k] = typeof v === 'string' ? v : `base64:${toBase64(v)}`;
  return { ...source, files, binary: Object.keys(source.files).filter((k) => typeof source.files[k] !== 'string') } as ModuleSource;
}

/** The inverse of jsonSafeSource (what a snapshot's journal and module list hold). */
export function moduleSourceFromJson(source: ModuleSource): ModuleSource {
  const binary = (source as { binary?: unknown }).binary;
  if (source.kind !== 'bundle' || !Array.isArray(binary)) return source;
  const files: Record<string, string | Uint8Array> = { ...source.files };
  for (const k of binary) if (typeof files[k] === 'string') files[k] = fromBase64((files[k] as string).slice('base64:'.length));
  const { binary: _b, ...rest } = source as ModuleSource & { binary?: unknown };
  return { ...rest, files } as ModuleSource;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (globalThis as unknown as Base64Globals).btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = (globalThis as unknown as Base64Globals).atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
