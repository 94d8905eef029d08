/** Templates (the bundled library) and the instructor's saved files (localStorage). */
import { bundledLibrary } from '../../../twin-engine/browser/library-bundled';
import { detectKind } from '../../../twin-engine/core/load';

export interface TemplateInfo {
  path: string;
  title: string;
}

function titleOf(text: string, fallback: string): string {
  return /^title:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? fallback;
}

export function libraryScenarios(): TemplateInfo[] {
  return bundledLibrary
    .list()
    .filter((p) => !p.includes('/') && detectKind(bundledLibrary.read(p)) === 'scenario')
    .map((p) => ({ path: p, title: titleOf(bundledLibrary.read(p), p) }));
}

export function libraryWards(): TemplateInfo[] {
  return bundledLibrary
    .list()
    .filter((p) => p.startsWith('wards/'))
    .map((p) => ({ path: p, title: titleOf(bundledLibrary.read(p), p) }));
}

export function readLibrary(path: string): string {
  return bundledLibrary.read(path);
}

/** Saved files: the local list the ward (and the ward builder) can load. Key is part of the hand-off contract. */
export const SAVED_KEY = 'wardtwin.editor.saved.v1';

export interface SavedFile {
  fileName: string;
  kind: 'scenario' | 'ward';
  title: string;
  text: string;
  savedAt: string;
}

export function readSaved(): SavedFile[] {
  try {
    const v = JSON.parse(localStorage.getItem(SAVED_KEY) ?? '[]') as SavedFile[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function writeSaved(f: Omit<SavedFile, 'savedAt' | 'title'>): SavedFile {
  const rec: SavedFile = { ...f, title: titleOf(f.text, f.fileName), savedAt: new Date().toISOString() };
  const rest = readSaved().filter((x) => x.fileName !== f.fileName);
  localStorage.setItem(SAVED_KEY, JSON.stringify([rec, ...rest]));
  return rec;
}

export function removeSaved(fileName: string): void {
  localStorage.setItem(SAVED_KEY, JSON.stringify(readSaved().filter((x) => x.fileName !== fileName)));
}

/** Download text as a file (the browser host's "save"). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName.split('/').pop() ?? fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Files a ward text may reference that are not in the bundled library: the saved scenarios. */
export function savedScenarioFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readSaved()) if (f.kind === 'scenario') out[f.fileName] = f.text;
  return out;
}
