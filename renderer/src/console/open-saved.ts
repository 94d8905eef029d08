/**
 * Scenarios and wards saved from the editor are part of the ward's library (issue 15: they were not),
 * and the editor can put the one it tests on the ward: it leaves the file's name in sessionStorage and
 * goes to the ward, which opens it (asking first, like any open) through the session's normal load.
 */
import { readSaved, type SavedFile } from '../editor/library';
import { confirmReplace } from '../storage/replace';
import { useUi } from '../state/store';

export const OPEN_ON_WARD_KEY = 'wardtwin.editor.open-on-ward';
export const SAVED_PREFIX = 'saved:';

export function savedLibrary(): SavedFile[] {
  return readSaved();
}

/** Load a saved file on the ward; a ward gets the other saved files to resolve its scenario references. */
export async function loadSaved(fileName: string): Promise<void> {
  const all = readSaved();
  const f = all.find((x) => x.fileName === fileName);
  if (!f) throw new Error(`'${fileName}' is no longer saved in this browser (it may have been removed in the editor)`);
  const s = useUi.getState().session;
  if (!s) return;
  const files = Object.fromEntries(all.filter((x) => x !== f).map((x) => [x.fileName.split('/').pop() as string, x.text]));
  await s.load({ kind: 'text', fileName: f.fileName.split('/').pop() as string, text: f.text, ...(f.kind === 'ward' && Object.keys(files).length ? { files } : {}) });
}

/** Called by the ward once its session is up: opens what the editor asked for, if anything. */
export async function openRequestedByEditor(): Promise<string | null> {
  let fileName: string | null = null;
  try {
    fileName = sessionStorage.getItem(OPEN_ON_WARD_KEY);
    sessionStorage.removeItem(OPEN_ON_WARD_KEY);
  } catch {
    return null;
  }
  if (!fileName) return null;
  const f = readSaved().find((x) => x.fileName === fileName);
  if (!(await confirmReplace(`“${f?.title ?? fileName}” from the editor`))) return null;
  await loadSaved(fileName);
  await useUi.getState().session?.play();
  return fileName;
}
